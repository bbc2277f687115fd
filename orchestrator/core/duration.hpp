#pragma once

#include "orchestrator/core/expected.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace steward::core {

/// Durations in workflow files have millisecond resolution.
using Duration = std::chrono::milliseconds;

/// The longest duration a workflow may state (3650d, about ten years): keeps every deadline
/// computed from "now" far from overflowing.
inline constexpr Duration kMaxDuration = std::chrono::hours(24 * 3650);

/// Parses a duration: a decimal integer immediately followed by a unit, `ms`, `s`, `m`, `h` or `d`
/// (`90s`, `24h`, `7d`, `0s`). No sign, no spaces, no fractions, no compound forms.
/// Errors (value): a message quoting the text, e.g. "invalid duration '30' (expected an integer
/// followed by ms, s, m, h or d, e.g. 90s)", or "... is longer than 3650d". Pure; thread-safe.
[[nodiscard]] Expected<Duration> parse_duration(std::string_view text);

/// Writes a duration in the largest unit that represents it exactly (`90s`, `2h`, `7d`, `1500ms`),
/// so that `parse_duration(format_duration(d)) == d`. Negative input is clamped to `0s`.
[[nodiscard]] std::string format_duration(Duration duration);

}  // namespace steward::core
