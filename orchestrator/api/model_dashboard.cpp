#include "orchestrator/api/model_dashboard.hpp"

#include "orchestrator/api/commands.hpp"
#include "orchestrator/api/registry_json.hpp"
#include "orchestrator/api/request_parsing.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/json/parse.hpp>

#include <chrono>
#include <map>
#include <string>

namespace steward::api {
namespace json = boost::json;
namespace {

std::int64_t now_millis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// A run's stored params as values; empty when they are not a flat object.
std::map<std::string, core::Value> run_params(const std::string& params_json) {
    boost::system::error_code ec;
    const json::value parsed = json::parse(params_json, ec);
    if (ec || !parsed.is_object()) {
        return {};
    }
    auto params = params_from_json(parsed.get_object());
    return params ? std::move(*params) : std::map<std::string, core::Value>{};
}

json::object threshold_json(const core::FigureThreshold& threshold) {
    return json::object{{"figure", threshold.figure},
                        {"op", threshold.op},
                        {"value", threshold.value},
                        {"source", threshold.source}};
}

}  // namespace

std::vector<core::FigureThreshold> model_thresholds(Context& context, const store::ModelName& model) {
    const auto latest = context.store.registry().list_versions(model, 1, 0);
    if (!latest || latest->empty() || !latest->front().run_id) {
        return {};
    }
    const auto run = context.store.runs().get_run(*latest->front().run_id);
    if (!run) {
        return {};
    }
    const auto spec = context.commands.workflow_definition(run->workflow_def_id);
    if (!spec) {
        return {};
    }
    return core::gate_thresholds(*spec, run_params(run->params_json));
}

json::array thresholds_json(const std::vector<core::FigureThreshold>& thresholds) {
    json::array out;
    for (const core::FigureThreshold& threshold : thresholds) {
        out.push_back(threshold_json(threshold));
    }
    return out;
}

std::map<std::string, store::OpenTaskCounts> open_tasks_now(Context& context) {
    return context.store.tasks().open_by_workflow(now_millis());
}

void add_dashboard_fields(Context& context, const store::ModelName& model,
                          const std::optional<store::Report>& latest,
                          const std::map<std::string, store::OpenTaskCounts>& open, json::object& into) {
    const std::string name = store::format_model_name(model);
    auto champion = context.store.registry().resolve_alias(model, "champion");
    into["champion"] =
        champion
            ? json::value(store::format_version_number(champion->major, champion->minor, champion->build))
            : json::value(nullptr);
    into["previous_report"] =
        latest_report_json(latest ? context.store.reports().previous_for_model(name, *latest) : std::nullopt);
    store::OpenTaskCounts tasks;
    for (const std::string& workflow : context.store.registry().workflows_of(model)) {
        if (const auto found = open.find(workflow); found != open.end()) {
            tasks.open += found->second.open;
            tasks.overdue += found->second.overdue;
        }
    }
    into["open_tasks"] = tasks.open;
    into["overdue_tasks"] = tasks.overdue;
    const auto thresholds = model_thresholds(context, model);
    into["thresholds"] = thresholds_json(thresholds);
    std::map<std::string, double, std::less<>> figures;
    if (latest) {
        for (const core::FigureThreshold& threshold : thresholds) {
            if (const auto value = context.store.reports().figure(latest->id, threshold.figure)) {
                figures.emplace(threshold.figure, *value);
            }
        }
    }
    const core::FigureHealth health = core::figure_health(thresholds, figures);
    into["health"] = health.status;
    json::array breached;
    for (std::size_t i = 0; i < health.breached.size(); ++i) {
        json::object entry = threshold_json(health.breached[i]);
        entry["actual"] = health.actual[i];
        breached.push_back(std::move(entry));
    }
    into["breached"] = std::move(breached);
}

}  // namespace steward::api
