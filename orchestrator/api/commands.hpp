#pragma once

#include "orchestrator/api/errors.hpp"
#include "orchestrator/core/value.hpp"
#include "orchestrator/core/workflow_spec.hpp"
#include "orchestrator/store/records.hpp"
#include "orchestrator/store/registry.hpp"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace steward::api {

/// An answer to a user task as the API hands it to the engine.
struct TaskCompletion {
    std::string user;                ///< the acting user, already checked against the config
    std::vector<std::string> roles;  ///< that user's roles from the config
    std::string outcome;
    std::string form_json = "{}";  ///< the form values, a JSON object
};

/// A workflow the server can run.
struct WorkflowEntry {
    store::RowId definition_id = 0;
    std::shared_ptr<const core::WorkflowSpec> spec;
};

/// The state-changing operations behind the API (the engine in production, a fake in tests);
/// reads go to the store directly. Implementations return expected failures as `ApiError`s
/// whose code is one `http_status` knows (engine, store or api category) and whose message
/// names the problem; store failures throw `store::StoreError` (the router turns them into a
/// generic 500). Threading: called on the io_context thread that runs the server.
class Commands {
public:
    virtual ~Commands() = default;

    /// Starts a run of the current version of `workflow`; returns its id. Errors: not found,
    /// invalid params (the message names the param), shutting down.
    virtual ApiResult<store::RowId> start_run(std::string_view workflow,
                                              const std::map<std::string, core::Value>& params,
                                              std::string_view trigger) = 0;
    /// Answers a user task; returns the updated task. Errors: not found, task closed, not an
    /// assignee, bad outcome, invalid form values.
    virtual ApiResult<store::UserTask> complete_task(store::RowId task_id,
                                                     const TaskCompletion& completion) = 0;
    /// Starts a new run repeating run `run_id` (its workflow definition and params, linked by
    /// `rerun_of`); returns its id. Errors: not found, invalid params, shutting down.
    virtual ApiResult<store::RowId> rerun_run(store::RowId run_id, std::string_view trigger) = 0;
    /// Cancels a run. Errors: not found, run already finished.
    virtual ApiResult<void> cancel_run(store::RowId run_id, std::string_view actor) = 0;
    /// Points a registry alias of the version's model at `version` for `actor`. Errors: not found
    /// (unknown version), invalid params (bad alias name).
    virtual ApiResult<store::AliasMove> move_alias(const store::ModelVersionRef& version,
                                                   std::string_view alias, std::string_view actor) = 0;
    /// The workflows the server loaded, by name.
    [[nodiscard]] virtual std::vector<WorkflowEntry> workflows() const = 0;
    /// The workflow version stored as definition `definition_id` (what a run started with), or
    /// null when it is unknown or no longer loads. By default: one of `workflows()` with that id.
    [[nodiscard]] virtual std::shared_ptr<const core::WorkflowSpec> workflow_definition(
        store::RowId definition_id) const {
        for (const WorkflowEntry& entry : workflows()) {
            if (entry.definition_id == definition_id) {
                return entry.spec;
            }
        }
        return nullptr;
    }
};

}  // namespace steward::api
