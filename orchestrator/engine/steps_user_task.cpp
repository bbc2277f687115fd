// Executor of user_task steps: opens the task, then sends reminders, escalates and applies
// on_timeout as its timers fall due, until someone answers (Engine::complete_task).

#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/step_call.hpp"
#include "orchestrator/engine/step_durations.hpp"
#include "orchestrator/engine/task_form.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>

namespace steward::engine::detail {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

store::Assignees to_store(const core::Assignees& assignees) {
    return store::Assignees{assignees.users, assignees.roles};
}

json::array names(const std::vector<std::string>& list) {
    json::array out;
    for (const auto& name : list) {
        out.emplace_back(name);
    }
    return out;
}

json::object assignee_json(const core::Assignees& assignees) {
    return json::object{{"users", names(assignees.users)}, {"roles", names(assignees.roles)}};
}

int timer_level(const store::Timer& timer) {
    const auto payload = object_from_text(timer.payload_json);
    const auto* level = payload.if_contains("level");
    return level != nullptr && level->is_int64() ? static_cast<int>(level->get_int64()) : 0;
}

store::Timer task_timer(const StepCall& call, store::TimerKind kind, store::Millis due,
                        std::string_view purpose, int level = 0) {
    store::Timer timer;
    timer.run_id = call.run.id;
    timer.step_exec_id = call.exec.id;
    timer.kind = kind;
    timer.due_at = due;
    timer.payload_json = timer_payload(purpose, level);
    return timer;
}

/// Creates the task (first start of the attempt) in one transition.
std::optional<StepOutcome> open_task(StepCall& call, const core::UserTaskStep& ut) {
    FieldRenderer render(call.lookup, call.spec, call.step);
    store::UserTask row;
    row.title = render.render(ut.title, "title");
    row.description = render.render(ut.description, "description");
    const core::Duration every =
        ut.remind ? render.duration(ut.remind->every, "remind.every", true, call.step.origin.at("remind"))
                  : core::Duration{};
    const core::Duration after = ut.escalate ? render.duration(ut.escalate->after, "escalate.after", true,
                                                               call.step.origin.at("escalate"))
                                             : core::Duration{};
    if (!render.ok()) {
        return failed(render.error(), false);
    }
    Transition t(call.services, &call.run);
    row.run_id = call.run.id;
    row.step_exec_id = call.exec.id;
    row.assignees = to_store(ut.assignees);
    row.form_json = form_to_json(ut.form);
    row.outcomes_json = outcomes_to_json(ut.outcomes);
    if (call.deadline) {
        row.deadline_at = call.deadline->due_at;
    }
    row.created_at = t.now();
    const store::RowId task_id = t.store().tasks().create(row).value();
    if (ut.remind) {
        t.store().timers().schedule(
            task_timer(call, store::TimerKind::reminder, t.now() + every.count(), "reminder"));
    }
    if (ut.escalate) {
        t.store().timers().schedule(
            task_timer(call, store::TimerKind::deadline, t.now() + after.count(), "escalate"));
    }
    store::StepResult waiting;
    waiting.state = store::StepState::waiting;
    t.store().runs().finish_step(call.exec.id, waiting, t.now()).value();
    if (call.run.state != store::RunState::waiting) {
        t.store().runs().set_run_state(call.run.id, store::RunState::waiting, t.now()).value();
        call.run.state = store::RunState::waiting;
    }
    json::object payload{{"task_id", task_id},
                         {"title", row.title},
                         {"assignees", assignee_json(ut.assignees)},
                         {"outcomes", names(ut.outcomes)}};
    if (row.deadline_at) {
        payload["deadline"] = iso_time(*row.deadline_at);
    }
    t.event(call.run.id, call.exec.id, call.step.id, "task.opened", payload);
    t.commit();
    return std::nullopt;
}

asio::awaitable<void> send_reminder(StepCall& call, const core::UserTaskStep& ut, const store::UserTask& task,
                                    const store::Timer& timer) {
    const core::Reminder& remind = *ut.remind;
    FieldRenderer render(call.lookup, call.spec, call.step);
    NotifyMessage message;
    message.run_id = call.run.id;
    message.workflow = call.spec.name;
    message.step = call.step.id;
    message.kind = "reminder";
    message.task_id = task.id;
    message.title = task.title;
    message.message = remind.message.empty() ? task.title : render.render(remind.message, "remind");
    const core::Duration every =
        render.duration(remind.every, "remind.every", true, call.step.origin.at("remind"));
    std::string error = render.error();
    if (error.empty()) {
        auto sent = co_await call.services.notifier.send(remind.channel, message);
        if (!sent) {
            error = sent.error();
        }
    }
    call.check_live();
    Transition t(call.services, &call.run);
    if (!t.store().timers().mark_fired(timer.id, t.now())) {
        co_return;  // answered (timers cancelled) while the reminder was being sent
    }
    auto count = t.store().tasks().note_reminder_sent(task.id);
    if (!count) {
        t.commit();
        co_return;
    }
    if (!remind.max || *count < *remind.max) {
        // Keep the rhythm; after a long outage, the next one comes a full period after now.
        store::Millis next = timer.due_at + every.count();
        if (next <= t.now()) {
            next = t.now() + every.count();
        }
        t.store().timers().schedule(task_timer(call, store::TimerKind::reminder, next, "reminder"));
    }
    json::object payload{{"task_id", task.id}, {"count", *count}, {"channel", remind.channel}};
    if (!error.empty()) {
        payload["error"] = error;
    }
    t.event(call.run.id, call.exec.id, call.step.id, "task.reminder", payload);
    t.commit();
}

/// Closes the task as timed out within the completion transition.
std::function<void(Transition&, StepOutcome&)> close_timed_out(const StepCall& call, store::RowId task_id,
                                                               std::optional<std::string> outcome) {
    return [run_id = call.run.id, exec_id = call.exec.id, step_id = call.step.id, task_id, outcome](
               Transition& t, StepOutcome&) {
        (void)t.store().tasks().close(task_id, store::TaskState::timed_out, t.now(),
                                      outcome ? std::optional<std::string_view>(*outcome) : std::nullopt);
        json::object payload{{"task_id", task_id}, {"responder", "system"}};
        if (outcome) {
            payload["outcome"] = *outcome;
        }
        t.event(run_id, exec_id, step_id, "task.timed_out", payload);
    };
}

/// Applies on_timeout when the answer deadline passes. Empty: the task goes on (escalated).
std::optional<StepOutcome> on_deadline(StepCall& call, const core::UserTaskStep& ut,
                                       const store::UserTask& task, const store::Timer& timer) {
    const int level = timer_level(timer);
    const auto& action = ut.on_timeout;
    if (action && action->kind == core::TimeoutAction::Kind::Escalate && level == 0) {
        // Resolved when the task opened (check_step_durations), so they resolve here too.
        FieldRenderer render(call.lookup, call.spec, call.step);
        const core::Duration extra =
            action->extra_time ? render.duration(*action->extra_time, "on_timeout.timeout", true,
                                                 call.step.origin.at("on_timeout"))
                               : step_timeout(render, call.spec, call.step).value_or(core::Duration{0});
        Transition t(call.services, &call.run);
        const store::Millis deadline = t.now() + extra.count();
        t.store().timers().mark_fired(timer.id, t.now()).value();
        t.store().tasks().escalate(task.id, to_store(action->escalate_to), deadline).value();
        t.store().timers().schedule(task_timer(call, store::TimerKind::deadline, deadline, "deadline", 1));
        t.event(call.run.id, call.exec.id, call.step.id, "task.escalated",
                {{"task_id", task.id},
                 {"to", assignee_json(action->escalate_to)},
                 {"deadline", iso_time(deadline)},
                 {"reason", "timeout"}});
        t.commit();
        return std::nullopt;
    }
    if (action && action->kind == core::TimeoutAction::Kind::Outcome) {
        StepOutcome outcome;
        outcome.outcome = action->outcome;
        outcome.outputs = json::object{{"timed_out", true}, {"responder", "system"}};
        outcome.retryable = false;
        outcome.fired_timer = timer.id;
        outcome.on_commit = close_timed_out(call, task.id, action->outcome);
        return outcome;
    }
    StepOutcome outcome =
        failed("user task '" + call.step.id + "' (task " + std::to_string(task.id) + ") got no answer by " +
                   iso_time(timer.due_at) + (level > 0 ? " (after escalation)" : ""),
               false);
    outcome.state = store::StepState::timed_out;
    outcome.fired_timer = timer.id;
    outcome.on_commit = close_timed_out(call, task.id, std::nullopt);
    return outcome;
}

void escalate_now(StepCall& call, const core::UserTaskStep& ut, const store::UserTask& task,
                  const store::Timer& timer) {
    Transition t(call.services, &call.run);
    t.store().timers().mark_fired(timer.id, t.now()).value();
    t.store().tasks().escalate(task.id, to_store(ut.escalate->to), std::nullopt).value();
    t.event(call.run.id, call.exec.id, call.step.id, "task.escalated",
            {{"task_id", task.id}, {"to", assignee_json(ut.escalate->to)}, {"reason", "escalate.after"}});
    t.commit();
}

StepOutcome recorded() {
    StepOutcome outcome;
    outcome.already_recorded = true;
    return outcome;
}

}  // namespace

asio::awaitable<StepOutcome> execute_user_task(StepCall& call) {
    using namespace asio::experimental::awaitable_operators;
    const auto& ut = std::get<core::UserTaskStep>(call.step.body);
    auto& s = call.services;
    auto found = s.store.tasks().find_for_step(call.exec.id);
    if (!found) {
        if (auto refused = open_task(call, ut)) {
            co_return std::move(*refused);
        }
        found = s.store.tasks().find_for_step(call.exec.id);
    }
    const store::RowId task_id = found.value().id;
    for (;;) {
        call.check_live();
        if (store::is_terminal(s.store.runs().get_step(call.exec.id).value().state)) {
            co_return recorded();  // answered: Engine::complete_task finished the step
        }
        const store::UserTask task = s.store.tasks().get(task_id).value();
        const auto timers = step_timers(s.store, call.run.id, call.exec.id);
        if (!timers.empty() && timers.front().due_at <= s.clock.now()) {
            const store::Timer& timer = timers.front();
            const std::string purpose = timer_purpose(timer);
            if (purpose == "reminder" && ut.remind) {
                co_await send_reminder(call, ut, task, timer);
            } else if (purpose == "escalate" && ut.escalate) {
                escalate_now(call, ut, task, timer);
            } else if (auto outcome = on_deadline(call, ut, task, timer)) {
                co_return std::move(*outcome);
            }
            continue;
        }
        if (timers.empty()) {
            co_await call.run.wakeup.wait();
        } else {
            co_await (s.clock.wait_until(timers.front().due_at) || call.run.wakeup.wait());
        }
    }
}

}  // namespace steward::engine::detail
