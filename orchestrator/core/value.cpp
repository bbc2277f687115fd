#include "orchestrator/core/value.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace steward::core {

std::string_view type_name(const Value& value) noexcept {
    switch (value.index()) {
        case 0: return "null";
        case 1: return "boolean";
        case 2: return "number";
        default: return "string";
    }
}

std::string format_number(double number) {
    if (std::isfinite(number) && std::trunc(number) == number && std::fabs(number) < kPlainNumberLimit) {
        return std::to_string(static_cast<std::int64_t>(number));
    }
    // Shortest round-trip digits; fixed notation in the range people write that way (0.0003,
    // 1234.5), the exponent form only for very small or very large magnitudes (1e-12, 1e+20).
    const double magnitude = std::fabs(number);
    const bool fixed = std::isfinite(number) && magnitude >= 1e-6 && magnitude < kPlainNumberLimit;
    char buffer[400];
    const auto [end, ec] =
        fixed ? std::to_chars(buffer, buffer + sizeof buffer, number, std::chars_format::fixed)
              : std::to_chars(buffer, buffer + sizeof buffer, number);
    return ec == std::errc{} ? std::string(buffer, end) : std::string("nan");
}

std::string to_text(const Value& value) {
    switch (value.index()) {
        case 0: return {};
        case 1: return std::get<bool>(value) ? "true" : "false";
        case 2: return format_number(std::get<double>(value));
        default: return std::get<std::string>(value);
    }
}

std::string to_literal(const Value& value) {
    switch (value.index()) {
        case 0: return "null";
        case 3: {
            std::string out = "\"";
            for (const char c : std::get<std::string>(value)) {
                if (c == '"' || c == '\\') {
                    out += '\\';
                }
                out += c;
            }
            out += '"';
            return out;
        }
        default: return to_text(value);
    }
}

}  // namespace steward::core
