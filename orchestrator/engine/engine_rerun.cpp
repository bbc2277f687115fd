// Engine::rerun_run: a new run repeating an earlier one (POST /api/runs/{id}/rerun).
#include "orchestrator/engine/engine.hpp"

#include "orchestrator/engine/engine_impl.hpp"
#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/store/store.hpp"

#include <spdlog/spdlog.h>

namespace steward::engine {
namespace {

std::shared_ptr<spdlog::logger> logger() {
    auto named = spdlog::get("engine");
    return named ? named : spdlog::default_logger();
}

}  // namespace

Result<store::RowId> Engine::rerun_run(store::RowId run_id, std::string_view trigger) {
    auto& impl = *impl_;
    if (impl.stopping) {
        return make_error(Errc::shutting_down, "the engine is shutting down");
    }
    auto first = impl.services.store.runs().get_run(run_id);
    if (!first) {
        return make_error(Errc::not_found, "no run " + std::to_string(run_id));
    }
    // The definition the first run used, so the rerun does exactly what it did.
    auto version = impl.catalog.by_definition(first->workflow_def_id);
    if (!version) {
        return make_error(Errc::invalid_workflow,
                          "run " + std::to_string(run_id) +
                              ": its workflow definition no longer loads: " + version.error().message);
    }
    detail::Transition t(impl.services, nullptr);
    auto rerun = impl.create_run(t, *version, values_from_json_text(first->params_json), trigger, run_id);
    if (!rerun) {
        return rerun.error();
    }
    t.commit();
    logger()->info("run_id={} workflow={} trigger={} created as a rerun of run_id={}", *rerun,
                   version->spec->name, trigger, run_id);
    impl.spawn(std::make_unique<detail::ActiveRun>(impl.executor, *rerun, version->spec));
    return rerun;
}

}  // namespace steward::engine
