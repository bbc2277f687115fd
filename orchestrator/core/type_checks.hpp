#pragma once

#include "orchestrator/core/expected.hpp"
#include "orchestrator/core/expression.hpp"
#include "orchestrator/core/spec_index.hpp"
#include "orchestrator/core/text_template.hpp"

#include <string_view>
#include <vector>

namespace steward::core {

// Static checks of value types, before a run: what a name is known to hold (report figures are
// numbers, a number param is a number, ...) against how an expression or a duration field uses
// it. Names that do not exist are left to `check_references`.

/// What a value is known to be before a run; `Unknown` for a job's outputs and unknown names.
enum class StaticType { Unknown, Null, Boolean, Number, String };

/// "a number", "a string", ... for messages.
[[nodiscard]] std::string_view type_description(StaticType type) noexcept;

/// The type a name is known to have: params by declared type (number and integer: Number;
/// string, duration and enum: String; boolean); a report's figures (metrics, drift, characteristic,
/// stability): Number; `run.id`: Number; `run.started_at`, `workflow.name`, `steps.ID.state` and
/// `steps.ID.outcome`: String; anything else Unknown. Pure.
[[nodiscard]] StaticType reference_type(const Reference& reference, const SpecIndex& index);

/// Comparisons of operands known to have different types, which always fail at run time:
/// `steps.evaluate.metrics.ks >= "0.3"` gives "'steps.evaluate.metrics.ks' is a number and
/// cannot be compared with the string "0.3" (write 0.3 without quotes)". Null compares with
/// anything. Offsets point at the second operand. Pure.
[[nodiscard]] std::vector<Error> check_comparison_types(const Expression& expression, const SpecIndex& index);

/// Checks an interpolated duration field. When the whole field is one `${...}`, its value must be
/// able to be a duration: a `duration`, `string` or `enum` param (an enum's values must all be
/// durations), a job's output, or a string literal that is one (checked at run time). A number,
/// integer or boolean param, a report figure, a condition, ... is an error: "params.n is an
/// integer param, not a duration (declare it {type: duration}, or write '${params.n}s')". With
/// text around the interpolations (`${params.days}d`) only booleans and conditions are refused;
/// the rendered text is checked at run time. Offsets relative to the text. Pure.
[[nodiscard]] std::vector<Error> check_duration_template(const TextTemplate& text, const SpecIndex& index);

}  // namespace steward::core
