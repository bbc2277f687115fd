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
    if (std::isfinite(number) && std::trunc(number) == number && std::fabs(number) < 1e15) {
        return std::to_string(static_cast<std::int64_t>(number));
    }
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
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
