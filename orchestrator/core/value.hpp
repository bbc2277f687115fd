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

/// The text a value interpolates as: "" for null, "true"/"false", numbers as `format_number`
/// ("3", "0.25", "1e+20"), strings verbatim.
[[nodiscard]] std::string to_text(const Value& value);

/// A value written as an expression literal, for messages and for the YAML writer:
/// `null`, `true`, `3`, `"text"` (quotes and backslashes escaped).
[[nodiscard]] std::string to_literal(const Value& value);

/// Integral numbers below this magnitude print as integers ("5000"), others below it in fixed
/// notation ("0.2"); larger ones keep an exponent ("1e+15").
inline constexpr double kPlainNumberLimit = 1e15;

/// Formats a number the way `to_text` does: an integral value as an integer ("5000", "-3", "0"),
/// else the shortest text that reads back to the same double, without an exponent for
/// magnitudes from 1e-6 to 1e15 ("0.2", "0.000125", "1234.5") and with one outside ("1e-12",
/// "1.5e+20"); "inf", "-inf", "nan" for the non-finite. Pure.
[[nodiscard]] std::string format_number(double number);

}  // namespace steward::core
