#pragma once

// Internal to orch_workflow: readers for the sections of a workflow file. Each reports its
// problems through the MapReader/Reader it is given and returns what it could read.

#include "orchestrator/core/workflow_spec.hpp"
#include "orchestrator/workflow/yaml_reader.hpp"

#include <optional>
#include <vector>

namespace steward::workflow::detail {

/// `params:` (or a user task's `form:`, with `form` true: adds type `text`, `label`).
std::vector<core::ParamSpec> read_param_specs(Reader& reader, const YAML::Node& node, bool form,
                                              const std::string& context);

/// Converts a YAML scalar to a value of `spec`'s type and checks it; reports problems at `node`,
/// naming the value `where` ("the default of param 'n'").
std::optional<core::Value> read_param_value(Reader& reader, const YAML::Node& node,
                                            const core::ParamSpec& spec, const std::string& where);

/// `triggers:`, checked against the declared params.
std::vector<core::Trigger> read_triggers(Reader& reader, const YAML::Node& node,
                                         const std::vector<core::ParamSpec>& params);

/// A `retry:` mapping.
std::optional<core::RetryPolicy> read_retry(MapReader& parent);

/// The Livy fields (jars, conf, driver_memory, ...) of a batch, session or `defaults.livy`.
core::LivyResources read_livy_resources(MapReader& map);

/// `defaults:`.
core::Defaults read_defaults(Reader& reader, const YAML::Node& node);

/// One entry of `steps:` (`index` is 0-based). The step's body is read by `read_step_body`.
/// Returns nothing when the step has no usable id or type.
std::optional<core::Step> read_step(Reader& reader, const YAML::Node& node, std::size_t index);

/// The type-specific fields of a step; declares them on `map`.
core::StepBody read_step_body(MapReader& map, core::StepType type, core::Step& step);

/// Livy step bodies (livy_steps.cpp).
core::LivyBatchStep read_livy_batch(MapReader& map);
core::LivySessionStep read_livy_session(MapReader& map);

/// A report step body, with its `source:` (report_step.cpp).
core::ReportStep read_report(MapReader& map);

/// Is `text` a model name "group:artifact" (each part [A-Za-z0-9_.-], 1-128 characters)?
[[nodiscard]] bool is_model_name(const std::string& text);

/// A user task body (user_task_step.cpp); `step.timeout` must already be read.
core::UserTaskStep read_user_task(MapReader& map, core::Step& step);

/// A user task's `next: {outcome: step, ...}` into `step.next.by_outcome` (user_task_step.cpp).
void read_outcome_map(MapReader& map, const YAML::Node& next, const core::UserTaskStep& task,
                      core::Step& step);

}  // namespace steward::workflow::detail
