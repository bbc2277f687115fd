#pragma once

// Internal to orch_engine: answering a user task (Engine::complete_task).

#include "orchestrator/engine/engine_context.hpp"
#include "orchestrator/engine/error.hpp"
#include "orchestrator/store/records.hpp"

#include <string>
#include <vector>

namespace steward::engine {

/// A person's answer to a user task, as the API or CLI receives it.
struct TaskResponse {
    std::string user;                ///< who answers (authenticated by the caller)
    std::vector<std::string> roles;  ///< the user's roles as the caller knows them
    std::string outcome;             ///< one of the task's outcomes
    std::string form_json = "{}";    ///< the form values, a JSON object
};

namespace detail {

/// Checks and records an answer, finishing the task's step attempt in the same transition
/// (task answered, timers cancelled, step succeeded with the form values and `responder` as
/// outputs, events task.completed and step.succeeded, an audit row). The run's coroutine then
/// moves on. Errors: Errc::not_found, task_closed, not_assignee, bad_outcome, form_invalid.
/// Store failures throw store::StoreError.
Result<store::UserTask> answer_task(Services& services, store::RowId task_id, const TaskResponse& response);

}  // namespace detail
}  // namespace steward::engine
