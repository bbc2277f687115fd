#pragma once

#include "orchestrator/core/duration.hpp"
#include "orchestrator/core/expected.hpp"
#include "orchestrator/core/expression.hpp"

#include <string>
#include <variant>

namespace steward::core {

/// A duration field written as `${...}` text (`"${params.period}"`, `"${params.days}d"`): the
/// engine renders it when the step starts and parses the result as a duration.
struct InterpolatedDuration {
    std::string text;  // as written, with at least one `${...}`

    bool operator==(const InterpolatedDuration&) const = default;
};

/// A duration field of a workflow (`timeout`, `wait.duration`, `remind.every`, `retry.delay`,
/// ...): a literal such as `90s`, kept as a plain `Duration`, or an interpolation resolved when
/// the step starts (`core::resolve_duration`).
using DurationField = std::variant<Duration, InterpolatedDuration>;

/// The literal duration, or nullptr when `field` is interpolated.
[[nodiscard]] const Duration* literal_duration(const DurationField& field) noexcept;

/// The field as written: `format_duration` of a literal (`90s`), the text of an interpolation.
[[nodiscard]] std::string duration_text(const DurationField& field);

/// A literal as is; an interpolation rendered with `lookup` and parsed. `positive`: `0s` is
/// refused. Errors (value): the rendering error ("no value for 'params.period'"), or one that
/// quotes the text and what it gave: "'${params.period}' gave 'soon', which is not a duration
/// (expected an integer followed by ms, s, m, h or d, e.g. 90s)", "'${params.p}' gave '0s';
/// it must be longer than 0s". Pure; thread-safe when `lookup` is.
[[nodiscard]] Expected<Duration> resolve_duration(const DurationField& field, const ValueLookup& lookup,
                                                  bool positive);

}  // namespace steward::core
