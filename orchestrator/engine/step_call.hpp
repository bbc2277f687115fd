#pragma once

// Internal to orch_engine: the interface between the run driver and the step executors.

#include "orchestrator/core/workflow_spec.hpp"
#include "orchestrator/engine/engine_context.hpp"
#include "orchestrator/engine/run_lookup.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace steward::engine::detail {

/// How a step attempt ended, as an executor reports it to the driver, which commits it in one
/// transition (step finished + event + next step begun / retry scheduled / run ended).
struct StepOutcome {
    store::StepState state = store::StepState::succeeded;
    std::string error;                        ///< for failed / timed_out
    boost::json::object outputs;              ///< the attempt's outputs
    std::optional<std::string> outcome;       ///< user task outcome, gate target
    bool retryable = true;                    ///< false: a failure ends the run even with retries left
    bool already_recorded = false;            ///< the end was committed elsewhere (a task answer)
    std::optional<store::RowId> fired_timer;  ///< marked fired in the completion transition
    /// Extra writes inside the completion transition, before the step is finished; may change
    /// the outcome (e.g. a registration that the registry refuses).
    std::function<void(Transition&, StepOutcome&)> on_commit;
};

/// A failed outcome with `error`.
StepOutcome failed(std::string error, bool retryable = true);

/// Everything a step executor needs about the attempt it runs.
struct StepCall {
    Services& services;
    ActiveRun& run;
    const core::WorkflowSpec& spec;
    const core::Step& step;
    store::StepExecution exec;
    store::Run record;
    LazyRunLookup lookup;
    std::optional<store::Timer> deadline;  ///< the attempt's pending deadline timer, if any

    /// "step 'ID'" for messages.
    [[nodiscard]] std::string subject() const { return "step '" + step.id + "'"; }
    /// Throws RunInterrupted when the run must stop (cancel or shutdown).
    void check_live() const;
};

/// The pending timers of a step attempt, earliest first.
std::vector<store::Timer> step_timers(store::Store& store, store::RowId run_id, store::RowId step_exec_id);
/// A timer's `purpose` payload field ("deadline", "reminder", "escalate"; "" when absent).
std::string timer_purpose(const store::Timer& timer);
/// Payload text of an engine timer.
std::string timer_payload(std::string_view purpose, int level = 0);

// Step executors, one per step type (steps_*.cpp). Each returns how the attempt ended; awaiting
// ones may be cancelled (the driver races them with the step deadline).
boost::asio::awaitable<StepOutcome> execute_livy_batch(StepCall& call);
boost::asio::awaitable<StepOutcome> execute_livy_session(StepCall& call);
boost::asio::awaitable<StepOutcome> execute_user_task(StepCall& call);
boost::asio::awaitable<StepOutcome> execute_wait(StepCall& call);
boost::asio::awaitable<StepOutcome> execute_notify(StepCall& call);
boost::asio::awaitable<StepOutcome> execute_shell(StepCall& call);
boost::asio::awaitable<StepOutcome> execute_report(StepCall& call);
StepOutcome execute_gate(StepCall& call);
StepOutcome execute_fail(StepCall& call);
StepOutcome execute_register_model(StepCall& call);
StepOutcome execute_promote_model(StepCall& call);

/// After a Livy step's deadline passed: deletes its batch, or cancels its running statement
/// and deletes a session it owns. Best effort: failures become `step.warning` events.
boost::asio::awaitable<void> clean_up_timed_out(StepCall& call);

/// Deletes (or, for kept sessions, releases) every open Livy handle of the run; `cancelled`
/// deletes kept sessions too. Marks each handle terminal. Best effort, like clean_up_timed_out.
boost::asio::awaitable<void> release_livy_handles(Services& services, ActiveRun& run, bool cancelled);

}  // namespace steward::engine::detail
