// Executors of the steps that decide or wait: gate, fail, wait.

#include "orchestrator/core/step_graph.hpp"
#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/step_call.hpp"
#include "orchestrator/store/store.hpp"

namespace steward::engine::detail {

namespace asio = boost::asio;

StepOutcome execute_gate(StepCall& call) {
    const auto& gate = std::get<core::GateStep>(call.step.body);
    const auto index = call.spec.step_index(call.step.id).value();
    std::optional<std::size_t> matched;
    for (std::size_t i = 0; i < gate.cases.size() && !matched; ++i) {
        const auto& gate_case = gate.cases[i];
        auto holds = gate_case.condition.evaluate_condition(call.lookup);
        if (!holds) {
            return failed(call.subject() + " case " + std::to_string(i + 1) + " (" +
                              core::describe_position(call.spec, gate_case.origin.at("if")) +
                              "): " + holds.error().message,
                          false);
        }
        if (*holds) {
            matched = i;
        }
    }
    const auto target = core::gate_target(call.spec, index, matched);
    StepOutcome outcome;
    outcome.outcome = target ? call.spec.steps[*target].id : std::string(core::kEndTarget);
    outcome.outputs["target"] = *outcome.outcome;
    if (matched) {
        outcome.outputs["case"] = static_cast<std::int64_t>(*matched + 1);
    } else {
        outcome.outputs["case"] = "default";
    }
    return outcome;
}

StepOutcome execute_fail(StepCall& call) {
    const auto& fail = std::get<core::FailStep>(call.step.body);
    FieldRenderer render(call.lookup, call.spec, call.step);
    std::string message = render.render(fail.message, "message");
    if (!render.ok()) {
        message = fail.message + " (" + render.error() + ")";
    }
    return failed(message.empty() ? call.subject() + " failed the run" : message, false);
}

asio::awaitable<StepOutcome> execute_wait(StepCall& call) {
    const auto& wait = std::get<core::WaitStep>(call.step.body);
    auto& s = call.services;
    std::optional<store::Timer> timer;
    for (auto& pending : step_timers(s.store, call.run.id, call.exec.id)) {
        if (pending.kind == store::TimerKind::wait) {
            timer = std::move(pending);
        }
    }
    if (!timer) {
        // Computed from the attempt's start, so re-creating it after a crash gives the same time.
        const store::Millis started = call.exec.started_at.value_or(call.exec.created_at);
        store::Millis due = started;
        if (wait.duration) {
            FieldRenderer render(call.lookup, call.spec, call.step);
            const core::Duration duration = render.duration(*wait.duration, "duration", true);
            if (!render.ok()) {
                co_return failed(render.error(), false);
            }
            due = started + duration.count();
        } else if (wait.until_cron) {
            const auto after = std::chrono::sys_seconds(std::chrono::seconds(started / 1000));
            const auto next = wait.until_cron->next_after(after, wait.zone);
            if (!next) {
                co_return failed(call.subject() + ": cron '" + wait.until_cron->text() + "' never fires",
                                 false);
            }
            due = std::chrono::duration_cast<std::chrono::milliseconds>(next->time_since_epoch()).count();
        }
        Transition t(s, &call.run);
        store::Timer row;
        row.run_id = call.run.id;
        row.step_exec_id = call.exec.id;
        row.kind = store::TimerKind::wait;
        row.due_at = due;
        row.payload_json = timer_payload("wait");
        row.id = t.store().timers().schedule(row);
        store::StepResult waiting;
        waiting.state = store::StepState::waiting;
        t.store().runs().finish_step(call.exec.id, waiting, t.now()).value();
        if (call.run.state != store::RunState::waiting) {
            t.store().runs().set_run_state(call.run.id, store::RunState::waiting, t.now()).value();
            call.run.state = store::RunState::waiting;
        }
        t.event(call.run.id, call.exec.id, call.step.id, "step.waiting", {{"until", iso_time(due)}});
        t.commit();
        timer = row;
    }
    if (!co_await s.clock.wait_until(timer->due_at)) {
        throw RunInterrupted{};
    }
    StepOutcome outcome;
    outcome.fired_timer = timer->id;
    outcome.outputs["waited_until"] = iso_time(timer->due_at);
    co_return outcome;
}

}  // namespace steward::engine::detail
