#include "orchestrator/engine/run_driver.hpp"

#include "orchestrator/core/step_graph.hpp"
#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/step_call.hpp"
#include "orchestrator/engine/step_durations.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>

namespace steward::engine::detail {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

/// Step types whose deadline the driver enforces by racing the executor (user tasks and waits
/// handle time themselves; gate, fail and the registry steps do not wait).
bool raced_with_deadline(core::StepType type) {
    switch (type) {
        case core::StepType::LivyBatch:
        case core::StepType::LivySession:
        case core::StepType::Notify:
        case core::StepType::Shell:
        case core::StepType::Report: return true;
        default: return false;
    }
}

bool takes_deadline_timer(core::StepType type) {
    return raced_with_deadline(type) || type == core::StepType::UserTask;
}

void end_run(Transition& t, ActiveRun& run, store::RunState state, const std::string& error) {
    auto& runs = t.store().runs();
    runs.set_run_state(run.id, state, t.now(),
                       error.empty() ? std::nullopt : std::optional<std::string_view>(error))
        .value();
    run.state = state;
    json::object payload;
    if (!error.empty()) {
        payload["error"] = error;
    }
    t.event(run.id, std::nullopt, "", "run." + std::string(store::to_string(state)), payload);
}

/// The run's values as the transition sees them, read from the store on first use.
LazyRunLookup transition_lookup(Transition& t, const ActiveRun& run) {
    return LazyRunLookup([&t, id = run.id] {
        return RunLookup(t.store().runs().get_run(id).value(), t.store().runs().list_steps(id));
    });
}

/// Begins attempt `attempt` of step `index` (cursor, step row, deadline timer, event). A timeout
/// that does not resolve sets no deadline: the attempt fails on it as it starts (run_step).
store::RowId begin_attempt(Transition& t, ActiveRun& run, std::size_t index, int attempt) {
    const core::WorkflowSpec& spec = *run.spec;
    const core::Step& step = spec.steps[index];
    auto& runs = t.store().runs();
    runs.set_current_step(run.id, step.id, t.now()).value();
    if (run.state != store::RunState::running) {
        runs.set_run_state(run.id, store::RunState::running, t.now()).value();
        run.state = store::RunState::running;
    }
    const store::RowId exec = runs.begin_step(run.id, step.id, attempt, t.now()).value();
    json::object payload{{"attempt", attempt}, {"type", core::to_string(step.type())}};
    std::optional<core::Duration> timeout;
    if (takes_deadline_timer(step.type()) && core::effective_timeout(spec, step)) {
        const LazyRunLookup lookup = transition_lookup(t, run);
        FieldRenderer render(lookup, spec, step);
        timeout = step_timeout(render, spec, step);
        if (!render.ok()) {
            timeout.reset();
        }
    } else if (raced_with_deadline(step.type()) && t.settings().default_step_timeout.count() > 0) {
        timeout = t.settings().default_step_timeout;  // no step waits forever
    }
    if (timeout) {
        store::Timer timer;
        timer.run_id = run.id;
        timer.step_exec_id = exec;
        timer.kind = store::TimerKind::deadline;
        timer.due_at = t.now() + timeout->count();
        timer.payload_json = timer_payload("deadline");
        t.store().timers().schedule(timer);
        payload["deadline"] = iso_time(timer.due_at);
    }
    t.event(run.id, exec, step.id, "step.started", payload);
    return exec;
}

/// Where the run goes after a finished (succeeded or skipped) attempt; empty: the end.
std::optional<std::size_t> next_index(const core::WorkflowSpec& spec, std::size_t index,
                                      store::StepState state, const std::optional<std::string>& outcome) {
    if (state == store::StepState::skipped) {
        return core::next_after_skip(spec, index);
    }
    if (spec.steps[index].type() == core::StepType::Gate) {
        return outcome ? core::resolve_target(spec, *outcome) : core::fall_through(spec, index);
    }
    return core::next_after(spec, index, outcome.value_or(""));
}

std::string run_error(const core::Step& step, store::StepState state, const std::string& error) {
    std::string text = "step '" + step.id + "' " + std::string(store::to_string(state));
    return error.empty() ? text : text + ": " + error;
}

/// Commits the end of an attempt. Returns true when the run ended in the same transition.
bool complete_step(Services& s, ActiveRun& run, std::size_t index, const store::StepExecution& exec,
                   StepOutcome& outcome) {
    const core::WorkflowSpec& spec = *run.spec;
    const core::Step& step = spec.steps[index];
    Transition t(s, &run);
    if (outcome.on_commit) {
        outcome.on_commit(t, outcome);
    }
    if (outcome.fired_timer) {
        (void)t.store().timers().mark_fired(*outcome.fired_timer, t.now());
    }
    if (takes_deadline_timer(step.type()) || step.type() == core::StepType::Wait) {
        t.store().timers().cancel_for_step(exec.id, t.now());
    }
    store::StepResult result;
    result.state = outcome.state;
    if (!outcome.error.empty()) {
        result.error = outcome.error;
    }
    result.outputs_json = json_text(outcome.outputs);
    result.outcome = outcome.outcome;
    t.store().runs().finish_step(exec.id, result, t.now()).value();
    s.step_ended(core::to_string(step.type()), outcome.state, exec, t.now());
    json::object payload{{"attempt", exec.attempt}};
    if (!outcome.error.empty()) {
        payload["error"] = outcome.error;
    }
    if (outcome.outcome) {
        payload["outcome"] = *outcome.outcome;
    }
    t.event(run.id, exec.id, step.id, "step." + std::string(store::to_string(outcome.state)), payload);

    bool ended = false;
    if (outcome.state == store::StepState::succeeded || outcome.state == store::StepState::skipped) {
        if (const auto next = next_index(spec, index, outcome.state, outcome.outcome)) {
            begin_attempt(t, run, *next, 1);
        } else if (run.open_handles.empty()) {
            end_run(t, run, store::RunState::succeeded, "");
            ended = true;
        }
    } else {
        const core::RetryPolicy policy = core::effective_retry(spec, step);
        const LazyRunLookup lookup = transition_lookup(t, run);
        FieldRenderer render(lookup, spec, step);
        const bool retry =
            outcome.retryable && core::accepts_retry(step.type()) && exec.attempt <= policy.max;
        const auto delay = retry ? retry_delay(render, spec, step, exec.attempt) : core::Duration::zero();
        if (retry && render.ok()) {
            store::Timer timer;
            timer.run_id = run.id;
            timer.step_exec_id = exec.id;
            timer.kind = store::TimerKind::retry;
            timer.due_at = t.now() + delay.count();
            timer.payload_json = timer_payload("retry", exec.attempt + 1);
            t.store().timers().schedule(timer);
            t.event(run.id, exec.id, step.id, "step.retry_scheduled",
                    {{"attempt", exec.attempt + 1},
                     {"delay_ms", delay.count()},
                     {"due_at", iso_time(timer.due_at)}});
        } else if (run.open_handles.empty()) {
            end_run(t, run, store::RunState::failed, run_error(step, outcome.state, outcome.error));
            ended = true;
        }
    }
    t.commit();
    return ended;
}

/// Releases the run's Livy objects, then commits its end.
asio::awaitable<void> close_run(Services& s, ActiveRun& run, store::RunState state, std::string error) {
    if (!run.open_handles.empty()) {
        co_await release_livy_handles(s, run, false);
    }
    Transition t(s, &run);
    end_run(t, run, state, error);
    t.commit();
}

/// Runs one open attempt: `when`, then the executor (raced with the deadline where it applies).
asio::awaitable<StepOutcome> run_step(Services& s, ActiveRun& run, const store::Run& record,
                                      std::size_t index, store::StepExecution exec) {
    using namespace asio::experimental::awaitable_operators;
    const core::WorkflowSpec& spec = *run.spec;
    const core::Step& step = spec.steps[index];
    StepCall call{
        s,
        run,
        spec,
        step,
        std::move(exec),
        record,
        LazyRunLookup([&s, &record] { return RunLookup(record, s.store.runs().list_steps(record.id)); }),
        std::nullopt};
    for (auto& timer : step_timers(s.store, run.id, call.exec.id)) {
        if (timer.kind == store::TimerKind::deadline && timer_purpose(timer) == "deadline") {
            call.deadline = timer;
            break;
        }
    }
    if (step.when) {
        auto holds = step.when->evaluate_condition(call.lookup);
        if (!holds) {
            co_return failed(call.subject() + " 'when' (" +
                                 core::describe_position(spec, step.origin.at("when")) +
                                 "): " + holds.error().message,
                             false);
        }
        if (!*holds) {
            StepOutcome skipped;
            skipped.state = store::StepState::skipped;
            co_return skipped;
        }
    }
    if (std::string problem = check_step_durations(call.lookup, spec, step); !problem.empty()) {
        co_return failed(std::move(problem), false);
    }
    switch (step.type()) {
        case core::StepType::Gate: co_return execute_gate(call);
        case core::StepType::Fail: co_return execute_fail(call);
        case core::StepType::RegisterModel: co_return execute_register_model(call);
        case core::StepType::PromoteModel: co_return execute_promote_model(call);
        case core::StepType::UserTask: co_return co_await execute_user_task(call);
        case core::StepType::Wait: co_return co_await execute_wait(call);
        default: break;
    }
    auto work = [&call]() -> asio::awaitable<StepOutcome> {
        switch (call.step.type()) {
            case core::StepType::LivyBatch: return execute_livy_batch(call);
            case core::StepType::LivySession: return execute_livy_session(call);
            case core::StepType::Notify: return execute_notify(call);
            case core::StepType::Shell: return execute_shell(call);
            default: return execute_report(call);
        }
    };
    if (!call.deadline) {
        co_return co_await work();
    }
    bool timed_out = s.clock.now() >= call.deadline->due_at;
    if (!timed_out) {
        auto raced = co_await (work() || s.clock.wait_until(call.deadline->due_at));
        if (raced.index() == 0) {
            co_return std::get<0>(std::move(raced));
        }
        timed_out = std::get<1>(raced);
        if (!timed_out) {
            throw RunInterrupted{};  // the wait was cancelled: the run is being interrupted
        }
    }
    call.check_live();
    co_await clean_up_timed_out(call);
    FieldRenderer render(call.lookup, spec, step);
    const auto timeout = step_timeout(render, spec, step);
    StepOutcome outcome =
        failed(call.subject() + " timed out after " +
               core::format_duration(timeout.value_or(s.settings.default_step_timeout)) +
               (core::effective_timeout(spec, step) ? "" : " (the server's engine.default_step_timeout)"));
    outcome.state = store::StepState::timed_out;
    outcome.fired_timer = call.deadline->id;
    co_return outcome;
}

/// Waits for a failed attempt's retry timer, then begins the next attempt.
asio::awaitable<bool> await_retry(Services& s, ActiveRun& run, std::size_t index,
                                  const store::StepExecution& exec) {
    for (auto& timer : step_timers(s.store, run.id, exec.id)) {
        if (timer.kind != store::TimerKind::retry) {
            continue;
        }
        if (!co_await s.clock.wait_until(timer.due_at)) {
            throw RunInterrupted{};
        }
        Transition t(s, &run);
        t.store().timers().mark_fired(timer.id, t.now()).value();
        begin_attempt(t, run, index, exec.attempt + 1);
        t.commit();
        co_return true;
    }
    co_return false;
}

}  // namespace

asio::awaitable<void> drive_run(Services& s, ActiveRun& run) {
    const core::WorkflowSpec& spec = *run.spec;
    store::Run record = s.store.runs().get_run(run.id).value();
    run.state = record.state;
    if (store::is_terminal(record.state)) {
        co_return;
    }
    if (!record.current_step) {
        Transition t(s, &run);
        t.store().runs().set_run_state(run.id, store::RunState::running, t.now()).value();
        run.state = store::RunState::running;
        t.event(run.id, std::nullopt, "", "run.started",
                {{"workflow", spec.name}, {"trigger", record.trigger}});
        begin_attempt(t, run, 0, 1);
        t.commit();
    }
    for (;;) {
        record = s.store.runs().get_run(run.id).value();
        run.state = record.state;
        if (store::is_terminal(record.state)) {
            co_return;
        }
        const std::string step_id = record.current_step.value_or("");
        const auto index = spec.step_index(step_id);
        if (!index) {
            std::string error =
                "the run's current step '" + step_id + "' is not in workflow '" + spec.name + "'";
            co_await close_run(s, run, store::RunState::failed, std::move(error));
            co_return;
        }
        store::StepExecution exec = s.store.runs().latest_step(run.id, step_id).value();
        if (!store::is_terminal(exec.state)) {
            StepOutcome outcome = co_await run_step(s, run, record, *index, exec);
            if (!outcome.already_recorded && complete_step(s, run, *index, exec, outcome)) {
                co_return;
            }
            continue;
        }
        if (exec.state == store::StepState::succeeded || exec.state == store::StepState::skipped) {
            if (const auto next = next_index(spec, *index, exec.state, exec.outcome)) {
                Transition t(s, &run);
                begin_attempt(t, run, *next, 1);
                t.commit();
                continue;
            }
            co_await close_run(s, run, store::RunState::succeeded, std::string());
            co_return;
        }
        if (co_await await_retry(s, run, *index, exec)) {
            continue;
        }
        std::string error = run_error(spec.steps[*index], exec.state, exec.error.value_or(""));
        co_await close_run(s, run, store::RunState::failed, std::move(error));
        co_return;
    }
}

asio::awaitable<void> finish_cancellation(Services& s, ActiveRun& run) {
    co_await release_livy_handles(s, run, true);
    if (store::is_terminal(s.store.runs().get_run(run.id).value().state)) {
        co_return;  // it ended on its own meanwhile
    }
    Transition t(s, &run);
    auto& store = t.store();
    store::TaskFilter filter;
    filter.run_id = run.id;
    filter.limit = 1000;
    for (const auto& task : store.tasks().list(filter).value()) {
        if (store.tasks().close(task.id, store::TaskState::cancelled, t.now())) {
            // An inbox following the event stream drops the task on this event.
            t.event(run.id, task.step_exec_id, task.step_id, "task.cancelled", {{"task_id", task.id}});
        }
    }
    for (const auto& timer : store.timers().pending_for_run(run.id)) {
        (void)store.timers().cancel(timer.id, t.now());
    }
    const store::Run record = store.runs().get_run(run.id).value();
    if (record.current_step) {
        if (auto exec = store.runs().latest_step(run.id, *record.current_step);
            exec && !store::is_terminal(exec->state)) {
            store::StepResult result;
            result.state = store::StepState::cancelled;
            result.error = "the run was cancelled";
            store.runs().finish_step(exec->id, result, t.now()).value();
            for (const core::Step& step : run.spec->steps) {
                if (step.id == exec->step_id) {
                    s.step_ended(core::to_string(step.type()), result.state, *exec, t.now());
                }
            }
            t.event(run.id, exec->id, exec->step_id, "step.cancelled", {{"attempt", exec->attempt}});
        }
    }
    end_run(t, run, store::RunState::cancelled, "cancelled");
    t.commit();
}

asio::awaitable<void> fail_run(Services& s, ActiveRun& run, std::string error) {
    const store::Run record = s.store.runs().get_run(run.id).value();
    if (store::is_terminal(record.state)) {
        co_return;
    }
    co_await close_run(s, run, store::RunState::failed, std::move(error));
}

}  // namespace steward::engine::detail
