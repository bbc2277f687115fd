#include "orchestrator/api/time_query.hpp"

#include <chrono>

namespace steward::api {
namespace {

// Reads exactly `width` decimal digits at `pos`, advancing it; -1 when they are not all digits.
int digits(std::string_view text, std::size_t& pos, std::size_t width) noexcept {
    if (pos + width > text.size()) {
        return -1;
    }
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') {
            return -1;
        }
        value = value * 10 + (c - '0');
    }
    pos += width;
    return value;
}

bool expect(std::string_view text, std::size_t& pos, char wanted) noexcept {
    if (pos < text.size() && text[pos] == wanted) {
        ++pos;
        return true;
    }
    return false;
}

}  // namespace

std::optional<store::Millis> parse_iso_time(std::string_view text) noexcept {
    using namespace std::chrono;
    std::size_t pos = 0;
    const int y = digits(text, pos, 4);
    if (y < 0 || !expect(text, pos, '-')) {
        return std::nullopt;
    }
    const int mo = digits(text, pos, 2);
    if (mo < 0 || !expect(text, pos, '-')) {
        return std::nullopt;
    }
    const int d = digits(text, pos, 2);
    if (d < 0) {
        return std::nullopt;
    }
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    const auto midnight = duration_cast<milliseconds>(sys_days{date}.time_since_epoch()).count();
    if (pos == text.size()) {
        return midnight;
    }
    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') {
        return std::nullopt;
    }
    ++pos;
    const int h = digits(text, pos, 2);
    if (h < 0 || h > 23 || !expect(text, pos, ':')) {
        return std::nullopt;
    }
    const int mi = digits(text, pos, 2);
    if (mi < 0 || mi > 59 || !expect(text, pos, ':')) {
        return std::nullopt;
    }
    const int s = digits(text, pos, 2);
    if (s < 0 || s > 60) {  // 60: a leap second, counted as the next minute's first
        return std::nullopt;
    }
    std::int64_t ms = 0;
    if (expect(text, pos, '.')) {
        const std::size_t first = pos;
        std::int64_t scale = 100;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            ms += scale * (text[pos] - '0');
            scale /= 10;
            ++pos;
        }
        if (pos == first) {
            return std::nullopt;
        }
    }
    std::int64_t offset_minutes = 0;
    if (expect(text, pos, 'Z') || expect(text, pos, 'z')) {
        // UTC
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int sign = text[pos] == '-' ? -1 : 1;
        ++pos;
        const int oh = digits(text, pos, 2);
        if (oh < 0 || oh > 23 || !expect(text, pos, ':')) {
            return std::nullopt;
        }
        const int om = digits(text, pos, 2);
        if (om < 0 || om > 59) {
            return std::nullopt;
        }
        offset_minutes = static_cast<std::int64_t>(sign) * (oh * 60 + om);
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) {
        return std::nullopt;
    }
    return midnight + ((h * 60 + mi - offset_minutes) * 60 + s) * 1000 + ms;
}

ApiResult<std::optional<store::Millis>> time_query(const Request& request, std::string_view name) {
    const std::string* text = request.query_param(name);
    if (!text || text->empty()) {
        return std::optional<store::Millis>();
    }
    const auto at = parse_iso_time(*text);
    if (!at) {
        return ApiError{make_error_code(Errc::invalid_param),
                        "query parameter '" + std::string(name) +
                            "' must be an ISO-8601 time such as 2026-12-07T14:00:00Z or a date such as "
                            "2026-12-07, got '" +
                            text->substr(0, 64) + "'"};
    }
    return at;
}

}  // namespace steward::api
