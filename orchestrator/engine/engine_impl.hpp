#pragma once

// Internal to orch_engine: the engine's state (pimpl of Engine).

#include "orchestrator/engine/batch_list_poller.hpp"
#include "orchestrator/engine/engine.hpp"
#include "orchestrator/engine/engine_context.hpp"

#include <boost/asio/thread_pool.hpp>

#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace steward::engine {

struct Engine::Impl {
    Impl(boost::asio::any_io_executor executor, store::Store& store, livy::Client& livy, Clock& clock,
         EngineSettings settings, EngineObserver* observer, std::unique_ptr<Notifier> notifier);
    ~Impl();

    /// Creates a run of `version` inside `t` (params checked); the caller commits and spawns.
    /// `rerun_of`: the run it repeats (recorded on the run and in its `run.created` event).
    Result<store::RowId> create_run(detail::Transition& t, const WorkflowVersion& version,
                                    const std::map<std::string, core::Value>& params,
                                    std::string_view trigger,
                                    std::optional<store::RowId> rerun_of = std::nullopt);
    /// Registers and spawns the coroutine of a run that exists in the store.
    void spawn(std::unique_ptr<detail::ActiveRun> run);
    /// Called when a run coroutine ends (logs an escaped exception).
    void on_run_done(store::RowId run_id, const std::exception_ptr& error);
    /// The cron trigger loop (engine_cron.cpp).
    boost::asio::awaitable<void> cron_loop();
    /// Spawns a coroutine for every unfinished run of the store that none drives (a run whose
    /// workflow definition cannot be loaded is failed instead); logs each as resumed (`at_start`)
    /// or, later, with a warning (run_supervisor.cpp). Throws store::StoreError.
    void redrive_orphans(bool at_start);
    /// The run supervisor: `redrive_orphans` every `settings.supervise_interval` until shutdown.
    boost::asio::awaitable<void> supervise_loop();
    /// Spawns `supervise_loop` (Engine::start).
    void start_supervisor();

    boost::asio::any_io_executor executor;
    EngineSettings settings;
    std::unique_ptr<Notifier> notifier;
    boost::asio::thread_pool pool{1};
    std::unique_ptr<detail::BatchListPoller> batch_list;  ///< when settings.livy_list_polling
    detail::Services services;
    WorkflowCatalog catalog;
    std::map<store::RowId, std::unique_ptr<detail::ActiveRun>> runs;
    bool started = false;
    bool stopping = false;
    bool cron_running = false;
    boost::asio::cancellation_signal cron_signal;
    detail::Wakeup cron_wakeup;
    detail::Wakeup idle_wakeup;  ///< notified whenever a coroutine ends
    /// `wait_for_run` callbacks of runs whose coroutine ended with the run unfinished (stuck),
    /// handed to the coroutine that re-drives it (or called at shutdown).
    std::map<store::RowId, std::vector<std::function<void(store::RunState)>>> orphan_waiters;
    bool supervisor_running = false;
    boost::asio::cancellation_signal supervisor_signal;
};

}  // namespace steward::engine
