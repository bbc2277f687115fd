#pragma once

#include "orchestrator/api/commands.hpp"

namespace steward::engine {
class Engine;
}

namespace steward::api {

/// The production `Commands`: forwards to the engine and passes its errors through unchanged
/// (code in the engine category, message as written by the engine), so `http_status` maps
/// them. Threading: the engine's io_context thread. The engine must outlive this object.
class EngineCommands final : public Commands {
public:
    explicit EngineCommands(engine::Engine& engine) noexcept : engine_(engine) {}

    ApiResult<store::RowId> start_run(std::string_view workflow,
                                      const std::map<std::string, core::Value>& params,
                                      std::string_view trigger) override;
    ApiResult<store::UserTask> complete_task(store::RowId task_id, const TaskCompletion& completion) override;
    ApiResult<store::RowId> rerun_run(store::RowId run_id, std::string_view trigger) override;
    ApiResult<void> cancel_run(store::RowId run_id, std::string_view actor) override;
    ApiResult<store::AliasMove> move_alias(const store::ModelVersionRef& version, std::string_view alias,
                                           std::string_view actor) override;
    [[nodiscard]] std::vector<WorkflowEntry> workflows() const override;
    [[nodiscard]] std::shared_ptr<const core::WorkflowSpec> workflow_definition(
        store::RowId definition_id) const override;

private:
    engine::Engine& engine_;
};

}  // namespace steward::api
