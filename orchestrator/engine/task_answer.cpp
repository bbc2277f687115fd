#include "orchestrator/engine/task_answer.hpp"

#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/run_lookup.hpp"
#include "orchestrator/engine/task_form.hpp"
#include "orchestrator/store/store.hpp"

#include <algorithm>

namespace steward::engine::detail {

namespace json = boost::json;

namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : ", ") + item;
    }
    return out.empty() ? "none" : out;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

bool may_answer(const EngineSettings& settings, const store::Assignees& assignees,
                const TaskResponse& response) {
    if (response.user.empty()) {
        return false;
    }
    if (contains(assignees.users, response.user)) {
        return true;
    }
    std::vector<std::string> roles = response.roles;
    if (const auto it = settings.user_roles.find(response.user); it != settings.user_roles.end()) {
        roles.insert(roles.end(), it->second.begin(), it->second.end());
    }
    return std::any_of(roles.begin(), roles.end(),
                       [&](const std::string& role) { return contains(assignees.roles, role); });
}

std::string closed_message(const store::UserTask& task) {
    std::string text =
        "task " + std::to_string(task.id) + " is closed (" + std::string(store::to_string(task.state));
    if (task.responder) {
        text += " by " + *task.responder;
    }
    if (task.closed_at) {
        text += " at " + iso_time(*task.closed_at);
    }
    return text + ")";
}

}  // namespace

Result<store::UserTask> answer_task(Services& s, store::RowId task_id, const TaskResponse& response) {
    auto& store = s.store;
    auto task = store.tasks().get(task_id);
    if (!task) {
        return make_error(Errc::not_found, "no task " + std::to_string(task_id));
    }
    if (!store::is_answerable(task->state)) {
        return make_error(Errc::task_closed, closed_message(*task));
    }
    if (!may_answer(s.settings, task->assignees, response)) {
        return make_error(Errc::not_assignee, "user '" + response.user + "' may not answer task " +
                                                  std::to_string(task_id) +
                                                  " (users: " + join(task->assignees.users) +
                                                  "; roles: " + join(task->assignees.roles) + ")");
    }
    const auto outcomes = outcomes_from_json(task->outcomes_json);
    std::string outcome = response.outcome;
    if (!outcomes.empty() && !contains(outcomes, outcome)) {
        return make_error(Errc::bad_outcome, "outcome '" + outcome + "' is not one of: " + join(outcomes));
    }
    if (outcomes.empty() && outcome.empty()) {
        outcome = "done";
    }
    auto values = check_form(form_from_json(task->form_json), response.form_json);
    if (!values) {
        return values.error();
    }

    Transition t(s, nullptr);
    store::TaskAnswer answer{outcome, response.user, *values, t.now()};
    auto answered = store.tasks().answer(task_id, answer);
    if (!answered) {
        return make_error(Errc::task_closed, "task " + std::to_string(task_id) + " is closed");
    }
    store.timers().cancel_for_step(task->step_exec_id, t.now());
    const auto exec = store.runs().get_step(task->step_exec_id).value();
    json::object outputs = object_from_text(*values);
    outputs["responder"] = response.user;
    t.event(task->run_id, exec.id, exec.step_id, "task.completed",
            {{"task_id", task_id}, {"outcome", outcome}, {"responder", response.user}});
    if (!store::is_terminal(exec.state)) {
        store::StepResult result;
        result.state = store::StepState::succeeded;
        result.outputs_json = json_text(outputs);
        result.outcome = outcome;
        store.runs().finish_step(exec.id, result, t.now()).value();
        s.step_ended(core::to_string(core::StepType::UserTask), result.state, exec, t.now());
        t.event(task->run_id, exec.id, exec.step_id, "step.succeeded",
                {{"attempt", exec.attempt}, {"outcome", outcome}});
    }
    (void)store.audit().append(t.now(), response.user, "task.completed", "user_task", std::to_string(task_id),
                               json_text(json::object{{"run_id", task->run_id}, {"outcome", outcome}}));
    t.commit();
    return std::move(answered).value();
}

}  // namespace steward::engine::detail
