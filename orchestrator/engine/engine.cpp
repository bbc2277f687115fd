#include "orchestrator/engine/engine.hpp"

#include "orchestrator/engine/engine_impl.hpp"
#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/run_driver.hpp"
#include "orchestrator/engine/run_supervisor.hpp"
#include "orchestrator/store/store.hpp"
#include "orchestrator/workflow/loader.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

namespace steward::engine {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

std::shared_ptr<spdlog::logger> logger() {
    auto named = spdlog::get("engine");
    return named ? named : spdlog::default_logger();
}

/// Completion of a run coroutine (a named type: no lambda handed to co_spawn).
struct RunDone {
    Engine::Impl* impl;
    store::RowId run_id;
    void operator()(const std::exception_ptr& error) const { impl->on_run_done(run_id, error); }
};

struct CronDone {
    Engine::Impl* impl;
    void operator()(const std::exception_ptr& error) const {
        impl->cron_running = false;
        impl->idle_wakeup.notify();
        if (error) {
            try {
                std::rethrow_exception(error);
            } catch (const std::exception& e) {
                logger()->error("cron triggers stopped: {}", e.what());
            }
        }
    }
};

std::string join_errors(const std::vector<std::string>& errors) {
    std::string out;
    for (const auto& error : errors) {
        out += (out.empty() ? "" : "; ") + error;
    }
    return out;
}

}  // namespace

Engine::Impl::Impl(asio::any_io_executor ex, store::Store& store, livy::Client& livy, Clock& clock,
                   EngineSettings engine_settings, EngineObserver* observer, std::unique_ptr<Notifier> custom)
    : executor(std::move(ex)),
      settings(std::move(engine_settings)),
      notifier(custom ? std::move(custom) : std::make_unique<Notifier>(settings)),
      batch_list(settings.livy_list_polling
                     ? std::make_unique<detail::BatchListPoller>(executor, livy, settings)
                     : nullptr),
      services{executor, pool.get_executor(), store,           livy, clock, settings,
               observer, *notifier,           batch_list.get()},
      catalog(store, settings.jobs_dir),
      cron_wakeup(executor),
      idle_wakeup(executor) {}

Engine::Impl::~Impl() {
    pool.join();
}

Result<store::RowId> Engine::Impl::create_run(detail::Transition& t, const WorkflowVersion& version,
                                              const std::map<std::string, core::Value>& params,
                                              std::string_view trigger,
                                              std::optional<store::RowId> rerun_of) {
    const auto resolved = core::resolve_params(version.spec->params, params);
    if (!resolved.errors.empty()) {
        return make_error(Errc::invalid_params,
                          "workflow '" + version.spec->name + "': " + join_errors(resolved.errors));
    }
    const std::string params_json = values_to_json_text(resolved.values);
    const store::RowId run_id =
        t.store().runs().create_run(version.definition_id, params_json, trigger, t.now(), rerun_of);
    json::object payload{
        {"workflow", version.spec->name}, {"trigger", trigger}, {"params", object_from_text(params_json)}};
    if (rerun_of) {
        payload["rerun_of"] = *rerun_of;
    }
    t.event(run_id, std::nullopt, "", "run.created", payload);
    return run_id;
}

void Engine::Impl::spawn(std::unique_ptr<detail::ActiveRun> run) {
    detail::ActiveRun& ref = *run;
    if (const auto waiting = orphan_waiters.find(ref.id); waiting != orphan_waiters.end()) {
        ref.on_done = std::move(waiting->second);  // those awaiting its end, from before a re-drive
        orphan_waiters.erase(waiting);
    }
    runs[ref.id] = std::move(run);
    asio::co_spawn(executor, detail::run_main(services, ref, stopping),
                   asio::bind_cancellation_slot(ref.signal.slot(), RunDone{this, ref.id}));
}

void Engine::Impl::on_run_done(store::RowId run_id, const std::exception_ptr& error) {
    if (error) {
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& e) {
            logger()->error("run_id={} coroutine ended with an exception: {}", run_id, e.what());
        } catch (...) {
            logger()->error("run_id={} coroutine ended with an unknown exception", run_id);
        }
    }
    const auto it = runs.find(run_id);
    if (it == runs.end()) {
        return;
    }
    std::unique_ptr<detail::ActiveRun> run = std::move(it->second);
    runs.erase(it);
    run->done = true;
    bool unfinished = false;  // as committed: a transition that failed may have set run->state
    if (!stopping && !run->on_done.empty()) {
        try {
            const auto record = services.store.runs().get_run(run_id);
            unfinished = record && !store::is_terminal(record->state);
        } catch (const std::exception& e) {
            logger()->error("run_id={} cannot read its state: {}", run_id, e.what());
        }
    }
    if (unfinished) {
        // Left unfinished (stuck): whoever awaits its end waits for the supervisor's re-drive.
        auto& waiting = orphan_waiters[run_id];
        std::move(run->on_done.begin(), run->on_done.end(), std::back_inserter(waiting));
        idle_wakeup.notify();
        return;
    }
    for (auto& callback : run->on_done) {
        callback(run->state);
    }
    idle_wakeup.notify();
}

Engine::Engine(asio::any_io_executor executor, store::Store& store, livy::Client& livy, Clock& clock,
               EngineSettings settings, EngineObserver* observer, std::unique_ptr<Notifier> notifier)
    : impl_(std::make_unique<Impl>(std::move(executor), store, livy, clock, std::move(settings), observer,
                                   std::move(notifier))) {}

Engine::~Engine() = default;

Result<WorkflowVersion> Engine::add_workflow(std::string_view yaml, std::string_view file_name) {
    auto added = impl_->catalog.add(yaml, file_name, impl_->services.clock.now());
    if (added && impl_->started) {
        impl_->cron_wakeup.notify();
    }
    return added;
}

Result<WorkflowVersion> Engine::add_workflow_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error(Errc::invalid_workflow, path.string() + ":1:1: cannot read the file");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return add_workflow(text.str(), path.string());
}

void Engine::start() {
    auto& impl = *impl_;
    if (impl.started) {
        return;
    }
    impl.started = true;
    impl.redrive_orphans(true);
    impl.start_supervisor();
    impl.cron_running = true;
    asio::co_spawn(impl.executor, impl.cron_loop(),
                   asio::bind_cancellation_slot(impl.cron_signal.slot(), CronDone{&impl}));
}

Result<store::RowId> Engine::start_run(std::string_view workflow,
                                       const std::map<std::string, core::Value>& params,
                                       std::string_view trigger) {
    auto& impl = *impl_;
    if (impl.stopping) {
        return make_error(Errc::shutting_down, "the engine is shutting down");
    }
    auto version = impl.catalog.current(workflow);
    if (!version) {
        return version.error();
    }
    detail::Transition t(impl.services, nullptr);
    auto run_id = impl.create_run(t, *version, params, trigger);
    if (!run_id) {
        return run_id.error();
    }
    t.commit();
    logger()->info("run_id={} workflow={} trigger={} created", *run_id, version->spec->name, trigger);
    impl.spawn(std::make_unique<detail::ActiveRun>(impl.executor, *run_id, version->spec));
    return run_id;
}

Result<store::AliasMove> Engine::move_alias(const store::ModelVersionRef& version, std::string_view alias,
                                            std::string_view actor) {
    auto& impl = *impl_;
    if (impl.stopping) {
        return make_error(Errc::shutting_down, "the engine is shutting down");
    }
    detail::Transition t(impl.services, nullptr);
    auto moved = t.store().registry().set_alias(version.model, alias, version, actor, t.now());
    if (!moved) {
        if (moved.error() == store::Errc::invalid_argument) {
            return make_error(Errc::invalid_params,
                              "invalid alias name '" + std::string(alias).substr(0, 64) + "'");
        }
        return make_error(Errc::not_found, "no model version " + store::format_model_version(version));
    }
    t.commit();
    logger()->info("alias {} of {} moved to {} by {}", alias, store::format_model_name(version.model),
                   store::format_model_version(version), actor);
    return std::move(*moved);
}

Result<void> Engine::cancel_run(store::RowId run_id, std::string_view actor) {
    auto& impl = *impl_;
    if (impl.stopping) {
        return make_error(Errc::shutting_down, "the engine is shutting down");
    }
    auto record = impl.services.store.runs().get_run(run_id);
    if (!record) {
        return make_error(Errc::not_found, "no run " + std::to_string(run_id));
    }
    if (store::is_terminal(record->state)) {
        return make_error(Errc::run_finished, "run " + std::to_string(run_id) + " has already " +
                                                  std::string(store::to_string(record->state)));
    }
    const auto it = impl.runs.find(run_id);
    if (it != impl.runs.end() && it->second->cancel_requested) {
        return {};
    }
    detail::Transition t(impl.services, nullptr);
    t.event(run_id, std::nullopt, "", "run.cancel_requested", {{"actor", actor}});
    (void)t.store().audit().append(t.now(), actor.empty() ? "unknown" : actor, "run.cancel", "run",
                                   std::to_string(run_id));
    t.commit();
    logger()->info("run_id={} cancel requested by {}", run_id, actor);
    if (it != impl.runs.end()) {
        detail::ActiveRun& run = *it->second;
        run.cancel_requested = true;
        run.interrupted = true;
        run.signal.emit(asio::cancellation_type::terminal);
        run.wakeup.notify();
        return {};
    }
    auto version = impl.catalog.by_definition(record->workflow_def_id);
    if (!version) {
        return version.error();
    }
    auto run = std::make_unique<detail::ActiveRun>(impl.executor, run_id, version->spec);
    run->cancel_requested = true;
    for (const auto& handle : impl.services.store.livy().handles_to_reattach()) {
        if (handle.run_id == run_id) {
            run->open_handles.insert(handle.id);
        }
    }
    impl.spawn(std::move(run));
    return {};
}

Result<store::UserTask> Engine::complete_task(store::RowId task_id, const TaskResponse& response) {
    auto& impl = *impl_;
    auto answered = detail::answer_task(impl.services, task_id, response);
    if (answered) {
        logger()->info("task={} answered by {} outcome={}", task_id, response.user,
                       answered->outcome.value_or(""));
        if (const auto it = impl.runs.find(answered->run_id); it != impl.runs.end()) {
            it->second->wakeup.notify();
        }
    }
    return answered;
}

asio::awaitable<store::RunState> Engine::wait_for_run(store::RowId run_id) {
    auto& impl = *impl_;
    const auto it = impl.runs.find(run_id);
    if (it == impl.runs.end()) {
        auto record = impl.services.store.runs().get_run(run_id);
        if (!record || store::is_terminal(record->state) || impl.stopping || !impl.started) {
            co_return record ? record->state : store::RunState::failed;
        }
    }
    struct Waiter {
        explicit Waiter(const asio::any_io_executor& ex) : wakeup(ex) {}
        detail::Wakeup wakeup;
        store::RunState state = store::RunState::failed;
    };
    auto waiter = std::make_shared<Waiter>(impl.executor);
    auto& callbacks = it != impl.runs.end() ? it->second->on_done : impl.orphan_waiters[run_id];
    callbacks.emplace_back([waiter](store::RunState state) {
        waiter->state = state;
        waiter->wakeup.notify();
    });
    co_await waiter->wakeup.wait();
    co_return waiter->state;
}

asio::awaitable<void> Engine::shutdown() {
    auto& impl = *impl_;
    impl.stopping = true;
    for (auto& [id, run] : impl.runs) {
        run->interrupted = true;
        run->signal.emit(asio::cancellation_type::terminal);
        run->wakeup.notify();
    }
    if (impl.cron_running) {
        impl.cron_signal.emit(asio::cancellation_type::terminal);
        impl.cron_wakeup.notify();
    }
    if (impl.supervisor_running) {
        impl.supervisor_signal.emit(asio::cancellation_type::terminal);
    }
    while (!impl.runs.empty() || impl.cron_running || impl.supervisor_running) {
        co_await impl.idle_wakeup.wait();
    }
    for (auto& [id, waiting] : std::exchange(impl.orphan_waiters, {})) {
        const auto record = impl.services.store.runs().get_run(id);
        for (auto& callback : waiting) {
            callback(record ? record->state : store::RunState::failed);
        }
    }
    if (impl.batch_list) {
        co_await impl.batch_list->stop();  // its list call must not outlive the shutdown
    }
}

std::size_t Engine::active_runs() const noexcept {
    return impl_->runs.size();
}

const EngineSettings& Engine::settings() const noexcept {
    return impl_->settings;
}

WorkflowCatalog& Engine::workflows() noexcept {
    return impl_->catalog;
}

}  // namespace steward::engine
