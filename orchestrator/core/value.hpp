#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace steward::core {

/// A value as expressions see it: null, a boolean, a number (integers are exact up to 2^53) or a
/// string. Durations and enum values are strings (`"30d"`), timestamps are ISO-8601 strings.
using Value = std::variant<std::monostate, bool, double, std::string>;

/// "null", "boolean", "number" or "string", for messages.
[[nodiscard]] std::string_view type_name(const Value& value) noexcept;

/// The text a value interpolates as: "" for null, "true"/"false", numbers in shortest round-trip
/// form with integral values printed without a fraction ("3", "0.25", "1e+20"), strings verbatim.
[[nodiscard]] std::string to_text(const Value& value);

/// A value written as an expression literal, for messages and for the YAML writer:
/// `null`, `true`, `3`, `"text"` (quotes and backslashes escaped).
[[nodiscard]] std::string to_literal(const Value& value);

/// Formats a number the way `to_text` does.
[[nodiscard]] std::string format_number(double number);

}  // namespace steward::core
