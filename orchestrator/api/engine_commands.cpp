#include "orchestrator/api/engine_commands.hpp"

#include "orchestrator/engine/engine.hpp"

namespace steward::api {
namespace {

ApiError from_engine(const engine::Error& error) {
    return ApiError{error.error_code(), error.message};
}

}  // namespace

ApiResult<store::RowId> EngineCommands::start_run(std::string_view workflow,
                                                  const std::map<std::string, core::Value>& params,
                                                  std::string_view trigger) {
    auto run = engine_.start_run(workflow, params, trigger);
    if (!run) {
        return from_engine(run.error());
    }
    return *run;
}

ApiResult<store::UserTask> EngineCommands::complete_task(store::RowId task_id,
                                                         const TaskCompletion& completion) {
    engine::TaskResponse response;
    response.user = completion.user;
    response.roles = completion.roles;
    response.outcome = completion.outcome;
    response.form_json = completion.form_json;
    auto task = engine_.complete_task(task_id, response);
    if (!task) {
        return from_engine(task.error());
    }
    return std::move(*task);
}

ApiResult<store::RowId> EngineCommands::rerun_run(store::RowId run_id, std::string_view trigger) {
    auto run = engine_.rerun_run(run_id, trigger);
    if (!run) {
        return from_engine(run.error());
    }
    return *run;
}

ApiResult<void> EngineCommands::cancel_run(store::RowId run_id, std::string_view actor) {
    auto done = engine_.cancel_run(run_id, actor);
    if (!done) {
        return from_engine(done.error());
    }
    return {};
}

ApiResult<store::AliasMove> EngineCommands::move_alias(const store::ModelVersionRef& version,
                                                       std::string_view alias, std::string_view actor) {
    auto moved = engine_.move_alias(version, alias, actor);
    if (!moved) {
        return from_engine(moved.error());
    }
    return std::move(*moved);
}

std::vector<WorkflowEntry> EngineCommands::workflows() const {
    std::vector<WorkflowEntry> out;
    for (const auto& version : engine_.workflows().added()) {
        out.push_back(WorkflowEntry{version.definition_id, version.spec});
    }
    return out;
}

std::shared_ptr<const core::WorkflowSpec> EngineCommands::workflow_definition(
    store::RowId definition_id) const {
    auto version = engine_.workflows().by_definition(definition_id);
    return version ? version->spec : nullptr;
}

}  // namespace steward::api
