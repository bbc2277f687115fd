#pragma once

// Test double of api::Commands over a real (in-memory) store: start_run creates the run row,
// complete_task records the answer, so handlers are exercised against real store behaviour
// without an engine.

#include "orchestrator/api/commands.hpp"
#include "orchestrator/store/store.hpp"

#include <map>
#include <optional>
#include <string>

namespace steward::api::test {

class FakeCommands final : public Commands {
public:
    explicit FakeCommands(store::Store& store) : store_(store) {}

    ApiResult<store::RowId> start_run(std::string_view workflow,
                                      const std::map<std::string, core::Value>& params,
                                      std::string_view trigger) override;
    ApiResult<store::UserTask> complete_task(store::RowId task_id, const TaskCompletion& completion) override;
    ApiResult<store::RowId> rerun_run(store::RowId run_id, std::string_view trigger) override;
    ApiResult<void> cancel_run(store::RowId run_id, std::string_view actor) override;
    ApiResult<store::AliasMove> move_alias(const store::ModelVersionRef& version, std::string_view alias,
                                           std::string_view actor) override;
    [[nodiscard]] std::vector<WorkflowEntry> workflows() const override;

    /// Adds a workflow named `name` with one required number param `x`.
    void add_workflow(const std::string& name);
    /// Loads `yaml` as the engine does (stored as a definition, parsed, validated without
    /// checking `jobs/` files) and makes it the current version of its name; returns its
    /// definition id. Throws std::runtime_error with the loader's message for an invalid file.
    store::RowId add_yaml_workflow(std::string_view yaml, store::Millis now = 100);

    std::map<std::string, core::Value> last_params;
    std::string last_trigger;
    std::optional<TaskCompletion> last_completion;
    std::string last_cancel_actor;
    std::string last_rerun_trigger;
    std::string last_alias_actor;
    std::map<std::string, WorkflowEntry> known;

private:
    store::Store& store_;
};

}  // namespace steward::api::test
