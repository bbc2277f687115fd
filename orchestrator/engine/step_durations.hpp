#pragma once

// Internal to orch_engine: the duration fields of a step resolved when it starts. A literal is
// used as written; `${...}` (docs/workflows.md, "Duration fields") is rendered with the run's
// values and parsed, and a value that is not a duration fails the step naming the field.

#include "orchestrator/core/workflow_spec.hpp"
#include "orchestrator/engine/run_lookup.hpp"

#include <optional>
#include <string>

namespace steward::engine::detail {

/// The step's effective timeout (its own, else `defaults.timeout` where defaults apply) resolved
/// through `render`; empty when it has none. Errors are recorded on `render`.
std::optional<core::Duration> step_timeout(FieldRenderer& render, const core::WorkflowSpec& spec,
                                           const core::Step& step);

/// The wait before retry number `retry` of the step's effective retry policy, its `delay` and
/// `max_delay` resolved through `render` (errors recorded there).
core::Duration retry_delay(FieldRenderer& render, const core::WorkflowSpec& spec, const core::Step& step,
                           int retry);

/// Resolves every duration field that applies to `step` (its timeout and retry delays, a wait's
/// `duration`, a user task's `remind.every`, `escalate.after` (which must stay shorter than the
/// timeout) and `on_timeout.timeout`, a report's `source.statement_timeout`). Returns the first
/// problem, "step 'ID' field 'F' (FILE:LINE:COL): ...", or "" when all resolve.
std::string check_step_durations(const core::ValueLookup& lookup, const core::WorkflowSpec& spec,
                                 const core::Step& step);

}  // namespace steward::engine::detail
