#pragma once

// Internal to orch_engine: what the run coroutines and step executors share.

#include "orchestrator/core/workflow_spec.hpp"
#include "orchestrator/engine/clock.hpp"
#include "orchestrator/engine/notifier.hpp"
#include "orchestrator/engine/observer.hpp"
#include "orchestrator/engine/settings.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace livy {
class Client;
}
namespace steward::store {
class Store;
}

namespace steward::engine::detail {

class BatchListPoller;

/// Thrown inside a run's coroutine when it must stop without writing anything more (the run is
/// being cancelled, or the engine shuts down). Caught once, by the run's top-level coroutine.
struct RunInterrupted final : std::exception {
    [[nodiscard]] const char* what() const noexcept override { return "run interrupted"; }
};

/// A level-triggered wakeup for one waiting coroutine: `notify` before `wait` is not lost.
class Wakeup {
public:
    explicit Wakeup(const boost::asio::any_io_executor& executor);
    /// Wakes the waiter (or the next `wait`).
    void notify();
    /// Completes at once if notified since the last wait, else when `notify` is called or the
    /// awaiting operation is cancelled.
    boost::asio::awaitable<void> wait();

private:
    boost::asio::steady_timer timer_;
    bool pending_ = false;
};

/// The in-memory side of a run that has a coroutine in this process.
struct ActiveRun {
    ActiveRun(const boost::asio::any_io_executor& executor, store::RowId run_id,
              std::shared_ptr<const core::WorkflowSpec> workflow)
        : id(run_id), spec(std::move(workflow)), wakeup(executor) {}

    store::RowId id;
    std::shared_ptr<const core::WorkflowSpec> spec;
    boost::asio::cancellation_signal signal;
    Wakeup wakeup;
    bool interrupted = false;       ///< no more writes by the coroutine (cancel or shutdown)
    bool cancel_requested = false;  ///< a cancel_run is in progress
    bool done = false;              ///< the coroutine has ended
    store::RunState state = store::RunState::pending;           ///< as last written
    std::set<store::RowId> open_handles;                        ///< non-terminal Livy handles of the run
    std::vector<std::function<void(store::RunState)>> on_done;  ///< called once when it ends
    std::uint64_t commits = 0;  ///< transitions of the run committed by this process (progress)
};

/// The engine's collaborators, shared by reference with every run coroutine.
struct Services {
    boost::asio::any_io_executor executor;
    boost::asio::any_io_executor blocking;  ///< a small thread pool for CPU-heavy work (reports)
    store::Store& store;
    livy::Client& livy;
    Clock& clock;
    const EngineSettings& settings;
    EngineObserver* observer;  ///< may be null
    Notifier& notifier;
    /// The shared `GET /batches` poller of `livy`; null when `EngineSettings::livy_list_polling`
    /// is off (each batch polls its own state).
    BatchListPoller* batch_list = nullptr;

    /// Tells the observer about committed events.
    void publish(std::span<const EngineEvent> events) const;
    /// Tells the observer about stored log lines.
    void publish_log(store::RowId run_id, store::RowId step_exec_id, std::string_view step_id,
                     std::int64_t first_seq, std::span<const std::string> lines) const;
    /// Reports the end of attempt `exec` (started at its `started_at`, else `created_at`) as
    /// `state` at `now` to `settings.on_step_end`, if set.
    void step_ended(std::string_view type, store::StepState state, const store::StepExecution& exec,
                    Millis now) const;
};

/// One state transition: a store transaction plus the events it appends, published to the
/// observer after the commit. Refuses to begin (throws RunInterrupted) when `run` is interrupted,
/// so an interrupted coroutine never writes. Throws store::StoreError on database failures.
class Transition {
public:
    Transition(Services& services, ActiveRun* run);
    Transition(const Transition&) = delete;
    Transition& operator=(const Transition&) = delete;
    ~Transition();

    [[nodiscard]] store::Store& store() const noexcept { return services_.store; }
    /// The engine's settings.
    [[nodiscard]] const EngineSettings& settings() const noexcept { return services_.settings; }
    /// The time of the transition (read once, at its start).
    [[nodiscard]] Millis now() const noexcept { return now_; }
    /// Appends an event to the run's history (published after commit).
    void event(store::RowId run_id, std::optional<store::RowId> step_exec_id, std::string_view step_id,
               std::string_view type, const boost::json::object& payload = {});
    /// Commits and publishes the events; logs (logger "engine", info) the end of a run or step.
    void commit();

private:
    Services& services_;
    ActiveRun* run_;
    struct Tx;
    std::unique_ptr<Tx> tx_;
    Millis now_;
    std::vector<EngineEvent> events_;
    std::vector<std::string> end_lines_;  ///< logged after the commit
};

}  // namespace steward::engine::detail
