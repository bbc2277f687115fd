#pragma once

#include "orchestrator/core/expected.hpp"
#include "orchestrator/core/expression.hpp"
#include "orchestrator/core/spec_index.hpp"
#include "orchestrator/core/text_template.hpp"
#include "orchestrator/core/workflow_spec.hpp"

#include <vector>

namespace steward::core {

// Static checks of the names used in expressions, against what a spec declares. They find what
// can be known before a run: unknown params and steps, fields a step type does not have, report
// metrics the report's task does not compute (`metrics.kss`, `metrics.KS`, `metrics.rmse` of a
// binary report: core/figures.hpp), comparisons of a user task's outcome with a word that is
// not one of its outcomes, and comparisons of values of different types (a figure with a
// string: core/type_checks.hpp). What only a run can tell (an output a job never printed, a
// figure that came out undefined) is an evaluation error at run time instead.
//
// Known names: params.X; steps.ID.outputs.X; steps.ID.state; steps.ID.outcome (user_task);
// steps.ID.metrics.X, steps.ID.drift.F.psi, steps.ID.characteristic.p1|p25,
// steps.ID.stability.score_psi (report); run.id, run.started_at; workflow.name.
// register_model outputs are limited to version, build and model.

/// Checks one reference. Errors (value): e.g. "unknown param 'ks_mn' (did you mean 'ks_min'?)",
/// "unknown step 'reprot'", "step 'train' is a livy_batch step; only user_task steps have an
/// outcome". The error offset is the reference's offset. Pure.
[[nodiscard]] std::optional<Error> check_reference(const Reference& reference, const WorkflowSpec& spec);
/// The same over a prebuilt index (many checks against one spec stay linear).
[[nodiscard]] std::optional<Error> check_reference(const Reference& reference, const SpecIndex& index);

/// The most errors one `check_references` call returns (the rest of that text is not checked).
inline constexpr std::size_t kMaxReferenceErrors = 100;

/// Checks every reference of `expression`, outcome comparisons and comparison types. Offsets are
/// relative to the expression text. At most kMaxReferenceErrors. Pure.
[[nodiscard]] std::vector<Error> check_references(const Expression& expression, const WorkflowSpec& spec);
[[nodiscard]] std::vector<Error> check_references(const Expression& expression, const SpecIndex& index);

/// The same for every interpolation of a template; offsets relative to the template text.
[[nodiscard]] std::vector<Error> check_references(const TextTemplate& text, const WorkflowSpec& spec);
[[nodiscard]] std::vector<Error> check_references(const TextTemplate& text, const SpecIndex& index);

}  // namespace steward::core
