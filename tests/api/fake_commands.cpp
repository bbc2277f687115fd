#include "tests/api/fake_commands.hpp"

#include "orchestrator/engine/workflow_catalog.hpp"
#include "orchestrator/store/errc.hpp"
#include "orchestrator/store/model_coordinates.hpp"

#include <stdexcept>

namespace steward::api::test {

ApiResult<store::RowId> FakeCommands::start_run(std::string_view workflow,
                                                const std::map<std::string, core::Value>& params,
                                                std::string_view trigger) {
    const auto it = known.find(std::string(workflow));
    if (it == known.end()) {
        return ApiError{store::Errc::not_found, "no workflow '" + std::string(workflow) + "'"};
    }
    const auto x = params.find("x");
    if (x == params.end() || !std::holds_alternative<double>(x->second)) {
        return ApiError{store::Errc::invalid_argument, "param 'x' must be a number"};
    }
    last_params = params;
    last_trigger = std::string(trigger);
    return store_.runs().create_run(it->second.definition_id, "{\"x\":1}", trigger, 1000);
}

ApiResult<store::UserTask> FakeCommands::complete_task(store::RowId task_id,
                                                       const TaskCompletion& completion) {
    last_completion = completion;
    auto task =
        store_.tasks().answer(task_id, {completion.outcome, completion.user, completion.form_json, 5000});
    if (!task) {
        return ApiError{task.error(), "task " + std::to_string(task_id) + " cannot be answered"};
    }
    return *task;
}

ApiResult<store::RowId> FakeCommands::rerun_run(store::RowId run_id, std::string_view trigger) {
    auto first = store_.runs().get_run(run_id);
    if (!first) {
        return ApiError{store::Errc::not_found, "no run " + std::to_string(run_id)};
    }
    last_rerun_trigger = std::string(trigger);
    return store_.runs().create_run(first->workflow_def_id, first->params_json, trigger, 1500, run_id);
}

ApiResult<void> FakeCommands::cancel_run(store::RowId run_id, std::string_view actor) {
    last_cancel_actor = std::string(actor);
    auto done = store_.runs().set_run_state(run_id, store::RunState::cancelled, 6000);
    if (!done) {
        return ApiError{done.error(), "run " + std::to_string(run_id) + " cannot be cancelled"};
    }
    return {};
}

ApiResult<store::AliasMove> FakeCommands::move_alias(const store::ModelVersionRef& version,
                                                     std::string_view alias, std::string_view actor) {
    last_alias_actor = std::string(actor);
    auto moved = store_.registry().set_alias(version.model, alias, version, actor, 7000);
    if (!moved) {
        // As the engine answers: a bad alias name is invalid, anything else an unknown version.
        if (moved.error() == store::Errc::invalid_argument) {
            return ApiError{moved.error(), "cannot move alias '" + std::string(alias) + "'"};
        }
        return ApiError{store::Errc::not_found, "no model version " + store::format_model_version(version)};
    }
    return std::move(*moved);
}

std::vector<WorkflowEntry> FakeCommands::workflows() const {
    std::vector<WorkflowEntry> out;
    for (const auto& [name, entry] : known) {
        out.push_back(entry);
    }
    return out;
}

void FakeCommands::add_workflow(const std::string& name) {
    auto spec = std::make_shared<core::WorkflowSpec>();
    spec->name = name;
    spec->description = "test workflow";
    core::ParamSpec x;
    x.name = "x";
    x.type = core::ParamType::Number;
    x.required = true;
    spec->params.push_back(x);
    const auto def = store_.runs().upsert_definition(name, "name: " + name, "hash-" + name, 100);
    known[name] = WorkflowEntry{def, spec};
}

store::RowId FakeCommands::add_yaml_workflow(std::string_view yaml, store::Millis now) {
    engine::WorkflowCatalog catalog(store_, "");
    auto version = catalog.add(yaml, "test.yaml", now);
    if (!version) {
        throw std::runtime_error(version.error().message);
    }
    known[version->spec->name] = WorkflowEntry{version->definition_id, version->spec};
    return version->definition_id;
}

}  // namespace steward::api::test
