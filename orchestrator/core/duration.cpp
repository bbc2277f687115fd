#include "orchestrator/core/duration.hpp"

#include <array>
#include <cstdint>

namespace steward::core {
namespace {

struct Unit {
    std::string_view suffix;
    std::int64_t millis;
};

// Longest suffix first for parsing ("ms" before "s" and "m"); the writer walks from the largest.
constexpr std::array<Unit, 5> kUnits{{
    {"ms", 1},
    {"d", 86'400'000},
    {"h", 3'600'000},
    {"m", 60'000},
    {"s", 1'000},
}};

Error invalid(std::string_view text) {
    return Error{"invalid duration '" + std::string(text) +
                 "' (expected an integer followed by ms, s, m, h or d, e.g. 90s)"};
}

}  // namespace

Expected<Duration> parse_duration(std::string_view text) {
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
        ++digits;
    }
    if (digits == 0) {
        return invalid(text);
    }
    const std::string_view suffix = text.substr(digits);
    for (const Unit& unit : kUnits) {
        if (suffix != unit.suffix) {
            continue;
        }
        const std::int64_t limit = kMaxDuration.count() / unit.millis;
        std::int64_t amount = 0;
        for (std::size_t i = 0; i < digits; ++i) {
            amount = amount * 10 + (text[i] - '0');
            if (amount > limit) {
                return Error{"duration '" + std::string(text) + "' is longer than 3650d"};
            }
        }
        return Duration(amount * unit.millis);
    }
    return invalid(text);
}

std::string format_duration(Duration duration) {
    const std::int64_t ms = duration.count() < 0 ? 0 : duration.count();
    if (ms == 0) {
        return "0s";
    }
    for (const std::string_view suffix : {"d", "h", "m", "s"}) {
        for (const Unit& unit : kUnits) {
            if (unit.suffix == suffix && ms % unit.millis == 0) {
                return std::to_string(ms / unit.millis) + std::string(suffix);
            }
        }
    }
    return std::to_string(ms) + "ms";
}

}  // namespace steward::core
