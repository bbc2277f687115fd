#pragma once

#include "orchestrator/core/value.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace steward::engine {

// Conversions between expression values (core::Value), JSON and the text columns of the store,
// and the `STEWARD_OUTPUT {json}` protocol. Pure functions; thread-safe.

/// JSON to an expression value: null, booleans, numbers (as double) and strings map directly;
/// objects and arrays become their compact JSON text.
[[nodiscard]] core::Value to_value(const boost::json::value& json);

/// Integral numbers up to this magnitude are exact in a double and become JSON integers.
inline constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

/// An expression value as JSON (null, bool, number, string); an integral number within
/// ±kMaxExactInteger becomes an int64 (5000, not 5000.0).
[[nodiscard]] boost::json::value to_json(const core::Value& value);

/// A JSON object's members as expression values. Not an object (or not JSON): empty.
[[nodiscard]] std::map<std::string, core::Value> values_from_json_text(std::string_view text);

/// Expression values as compact JSON object text.
[[nodiscard]] std::string values_to_json_text(const std::map<std::string, core::Value>& values);

/// Parses a JSON object text; an empty object when `text` is empty, not JSON or not an object.
[[nodiscard]] boost::json::object object_from_text(std::string_view text);

/// The marker a job prints before its outputs: `STEWARD_OUTPUT {"key": value, ...}`.
inline constexpr std::string_view kOutputMarker = "STEWARD_OUTPUT";

/// What one log line says about step outputs.
struct OutputLine {
    boost::json::object values;  ///< the parsed object (when `error` is empty)
    std::string error;           ///< why the line's JSON was refused, naming the problem
};

/// Reads a `STEWARD_OUTPUT {json}` line (leading blanks allowed). Empty optional when the line
/// does not start with the marker; an `OutputLine` with `error` when the JSON after it is not an
/// object.
[[nodiscard]] std::optional<OutputLine> parse_output_line(std::string_view line);

/// Copies every member of `from` into `into`, replacing existing keys (the last output wins).
void merge_outputs(boost::json::object& into, const boost::json::object& from);

/// Compact JSON text of `value`, as boost::json::serialize writes it except for doubles, which
/// are written as core::format_number does (`5000`, `0.2`, `1e-12`; boost writes `5E3`, `2E-1`,
/// `1E-12`); a non-finite double is `null`. Use it for every JSON that people or jobs read
/// (API bodies, CLI output, stored outputs and figures).
[[nodiscard]] std::string json_text(const boost::json::value& value);

}  // namespace steward::engine
