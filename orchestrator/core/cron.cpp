#include "orchestrator/core/cron.hpp"

#include <array>
#include <cctype>
#include <ctime>
#include <vector>

namespace steward::core {
namespace {

struct FieldSpec {
    std::string_view name;
    int min;
    int max;
    const std::array<std::string_view, 12>* names;  // names[i] means value names_base + i
    int names_base;
};

constexpr std::array<std::string_view, 12> kMonthNames{"jan", "feb", "mar", "apr", "may", "jun",
                                                       "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 12> kDayNames{"sun", "mon", "tue", "wed", "thu", "fri",
                                                     "sat", "",    "",    "",    "",    ""};

const std::array<FieldSpec, 5> kFields{{
    {"minute", 0, 59, nullptr, 0},
    {"hour", 0, 23, nullptr, 0},
    {"day-of-month", 1, 31, nullptr, 0},
    {"month", 1, 12, &kMonthNames, 1},
    {"day-of-week", 0, 7, &kDayNames, 0},
}};

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// Parses one number or name of a field; nullopt when it is neither.
std::optional<int> parse_atom(std::string_view atom, const FieldSpec& spec) {
    if (atom.empty()) {
        return std::nullopt;
    }
    if (std::isdigit(static_cast<unsigned char>(atom.front())) != 0) {
        int value = 0;
        for (const char c : atom) {
            if (std::isdigit(static_cast<unsigned char>(c)) == 0 || value > 1000) {
                return std::nullopt;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
    if (spec.names != nullptr) {
        const std::string name = lower(atom);
        for (std::size_t i = 0; i < spec.names->size(); ++i) {
            if (!(*spec.names)[i].empty() && (*spec.names)[i] == name) {
                return spec.names_base + static_cast<int>(i);
            }
        }
    }
    return std::nullopt;
}

// Parses one comma-separated field into the set of values it allows (indexed by value).
Expected<std::vector<bool>> parse_field(std::string_view field, const FieldSpec& spec) {
    std::vector<bool> allowed(static_cast<std::size_t>(spec.max) + 1, false);
    const std::string field_name(spec.name);
    auto fail = [&](std::string_view item, const std::string& why) {
        return Error{field_name + " field: '" + std::string(item) + "' " + why};
    };
    std::size_t start = 0;
    while (start <= field.size()) {
        const std::size_t comma = field.find(',', start);
        const std::string_view item =
            field.substr(start, comma == std::string_view::npos ? field.npos : comma - start);
        if (item.empty()) {
            return Error{field_name + " field: empty list item in '" + std::string(field) + "'"};
        }
        std::string_view range = item;
        int step = 1;
        bool has_step = false;
        if (const auto slash = item.find('/'); slash != std::string_view::npos) {
            const auto parsed = parse_atom(item.substr(slash + 1), FieldSpec{spec.name, 1, 0, nullptr, 0});
            if (!parsed || *parsed < 1 || *parsed > spec.max + 1) {
                return fail(item, "has an invalid step (expected 1-" + std::to_string(spec.max + 1) + ")");
            }
            step = *parsed;
            has_step = true;
            range = item.substr(0, slash);
        }
        int low = spec.min;
        int high = spec.max == 7 ? 6 : spec.max;  // '*' in day-of-week means 0-6
        if (range != "*") {
            const auto dash = range.find('-');
            const auto first = parse_atom(range.substr(0, dash), spec);
            if (!first) {
                return fail(item, "is not a number" + std::string(spec.names ? " or name" : "") +
                                      " in range " + std::to_string(spec.min) + "-" +
                                      std::to_string(spec.max));
            }
            low = *first;
            if (dash != std::string_view::npos) {
                const auto last = parse_atom(range.substr(dash + 1), spec);
                if (!last) {
                    return fail(item, "is not a valid range");
                }
                high = *last;
            } else {
                high = has_step ? spec.max : low;
            }
            if (low < spec.min || low > spec.max || high < spec.min || high > spec.max) {
                return fail(item,
                            "is out of range " + std::to_string(spec.min) + "-" + std::to_string(spec.max));
            }
            if (low > high) {
                return fail(item, "is a backwards range");
            }
        }
        for (int v = low; v <= high; v += step) {
            allowed[static_cast<std::size_t>(v)] = true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return allowed;
}

std::string_view expand_macro(std::string_view text) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kMacros{{
        {"@yearly", "0 0 1 1 *"},
        {"@annually", "0 0 1 1 *"},
        {"@monthly", "0 0 1 * *"},
        {"@weekly", "0 0 * * 0"},
        {"@daily", "0 0 * * *"},
        {"@midnight", "0 0 * * *"},
        {"@hourly", "0 * * * *"},
    }};
    for (const auto& [name, expansion] : kMacros) {
        if (text == name) {
            return expansion;
        }
    }
    return {};
}

// A civil (wall-clock) minute.
struct Civil {
    std::chrono::year_month_day date;
    int hour = 0;
    int minute = 0;
};

std::optional<std::chrono::sys_seconds> local_to_sys(const Civil& c) {
    auto make = [&](int isdst) -> std::optional<std::chrono::sys_seconds> {
        std::tm tm{};
        tm.tm_year = static_cast<int>(c.date.year()) - 1900;
        tm.tm_mon = static_cast<int>(static_cast<unsigned>(c.date.month())) - 1;
        tm.tm_mday = static_cast<int>(static_cast<unsigned>(c.date.day()));
        tm.tm_hour = c.hour;
        tm.tm_min = c.minute;
        tm.tm_isdst = isdst;
        const std::time_t t = std::mktime(&tm);
        if (t == static_cast<std::time_t>(-1)) {
            return std::nullopt;
        }
        if (isdst >= 0 && (tm.tm_hour != c.hour || tm.tm_min != c.minute)) {
            return std::nullopt;  // that reading of the wall time does not exist
        }
        return std::chrono::sys_seconds(std::chrono::seconds(t));
    };
    const auto standard = make(0);
    const auto summer = make(1);
    if (standard && summer) {
        return std::min(*standard, *summer);
    }
    if (standard || summer) {
        return standard ? standard : summer;
    }
    return make(-1);  // in a gap: the C library's normalisation
}

Civil to_civil(std::chrono::sys_seconds t, CronZone zone) {
    using namespace std::chrono;
    if (zone == CronZone::Utc) {
        const auto day = floor<days>(t);
        const auto in_day = duration_cast<minutes>(t - day);
        return Civil{year_month_day(day), static_cast<int>(in_day.count() / 60),
                     static_cast<int>(in_day.count() % 60)};
    }
    const std::time_t tt = static_cast<std::time_t>(t.time_since_epoch().count());
    std::tm tm{};
    localtime_r(&tt, &tm);
    return Civil{year_month_day(year(tm.tm_year + 1900), month(static_cast<unsigned>(tm.tm_mon + 1)),
                                day(static_cast<unsigned>(tm.tm_mday))),
                 tm.tm_hour, tm.tm_min};
}

}  // namespace

CronSchedule::CronSchedule() : text_("* * * * *") {
    minutes_.set();
    hours_.set();
    days_.set();
    days_.reset(0);
    months_.set();
    months_.reset(0);
    weekdays_.set();
}

std::optional<CronZone> parse_cron_zone(std::string_view text) noexcept {
    std::string lowered;
    for (const char c : text) {
        lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (lowered == "utc") {
        return CronZone::Utc;
    }
    if (lowered == "local") {
        return CronZone::Local;
    }
    return std::nullopt;
}

std::string_view to_string(CronZone zone) noexcept {
    return zone == CronZone::Utc ? "UTC" : "local";
}

Expected<CronSchedule> CronSchedule::parse(std::string_view text) {
    std::string_view body = text;
    if (!body.empty() && body.front() == '@') {
        body = expand_macro(text);
        if (body.empty()) {
            return Error{"unknown cron macro '" + std::string(text) +
                         "' (known: @yearly, @annually, @monthly, @weekly, @daily, @midnight, "
                         "@hourly)"};
        }
    }
    std::vector<std::pair<std::string_view, std::size_t>> fields;  // text, offset
    std::size_t i = 0;
    while (i < body.size()) {
        while (i < body.size() && (body[i] == ' ' || body[i] == '\t')) {
            ++i;
        }
        const std::size_t start = i;
        while (i < body.size() && body[i] != ' ' && body[i] != '\t') {
            ++i;
        }
        if (i > start) {
            fields.emplace_back(body.substr(start, i - start), start);
        }
    }
    if (fields.size() != 5) {
        return Error{"cron expression '" + std::string(text) + "' has " + std::to_string(fields.size()) +
                     " fields; expected 5 (minute hour day-of-month month day-of-week)"};
    }
    CronSchedule out;
    out.text_ = std::string(text);
    std::array<std::vector<bool>, 5> sets;
    for (std::size_t f = 0; f < 5; ++f) {
        auto parsed = parse_field(fields[f].first, kFields[f]);
        if (!parsed) {
            const std::size_t offset = body.data() == text.data() ? fields[f].second : 0;
            return Error{parsed.error().message, offset};
        }
        sets[f] = std::move(parsed).value();
    }
    auto fill = [](auto& bits, const std::vector<bool>& allowed) {
        bits.reset();
        for (std::size_t v = 0; v < allowed.size() && v < bits.size(); ++v) {
            bits.set(v, allowed[v]);
        }
    };
    fill(out.minutes_, sets[0]);
    fill(out.hours_, sets[1]);
    fill(out.days_, sets[2]);
    fill(out.months_, sets[3]);
    fill(out.weekdays_, sets[4]);
    if (sets[4].size() > 7 && sets[4][7]) {
        out.weekdays_.set(0);  // 7 is Sunday too
    }
    out.days_star_ = fields[2].first.front() == '*';
    out.weekdays_star_ = fields[4].first.front() == '*';
    return out;
}

bool CronSchedule::matches(int month, int day, int weekday, int hour, int minute) const {
    if (month < 1 || month > 12 || day < 1 || day > 31 || weekday < 0 || weekday > 6 || hour < 0 ||
        hour > 23 || minute < 0 || minute > 59) {
        return false;
    }
    const bool dom = days_.test(static_cast<std::size_t>(day));
    const bool dow = weekdays_.test(static_cast<std::size_t>(weekday));
    const bool day_ok = (days_star_ || weekdays_star_) ? (dom && dow) : (dom || dow);
    return months_.test(static_cast<std::size_t>(month)) && day_ok &&
           hours_.test(static_cast<std::size_t>(hour)) && minutes_.test(static_cast<std::size_t>(minute));
}

std::optional<std::chrono::sys_seconds> CronSchedule::next_after(std::chrono::sys_seconds after,
                                                                 CronZone zone) const {
    using namespace std::chrono;
    Civil c = to_civil(after, zone);
    const int last_year = static_cast<int>(c.date.year()) + 10;
    // Start at the next whole minute of the wall clock.
    c.minute += 1;
    auto next_day = [&c] {
        c.date = year_month_day(sys_days(c.date) + days(1));
        c.hour = 0;
        c.minute = 0;
    };
    while (static_cast<int>(c.date.year()) <= last_year) {
        if (c.minute > 59) {
            c.minute = 0;
            c.hour += 1;
        }
        if (c.hour > 23) {
            next_day();
            continue;
        }
        const auto month_number = static_cast<unsigned>(c.date.month());
        if (!months_.test(month_number)) {
            const year_month next = year_month(c.date.year(), c.date.month()) + months(1);
            c.date = year_month_day(next.year(), next.month(), day(1));
            c.hour = 0;
            c.minute = 0;
            continue;
        }
        const weekday wd(sys_days{c.date});
        const bool dom = days_.test(static_cast<unsigned>(c.date.day()));
        const bool dow = weekdays_.test(wd.c_encoding());
        const bool day_ok = (days_star_ || weekdays_star_) ? (dom && dow) : (dom || dow);
        if (!day_ok) {
            next_day();
            continue;
        }
        if (!hours_.test(static_cast<std::size_t>(c.hour))) {
            c.hour += 1;
            c.minute = 0;
            continue;
        }
        if (!minutes_.test(static_cast<std::size_t>(c.minute))) {
            c.minute += 1;
            continue;
        }
        if (zone == CronZone::Utc) {
            return sys_seconds(sys_days(c.date)) + hours(c.hour) + minutes(c.minute);
        }
        if (const auto t = local_to_sys(c); t && *t > after) {
            return t;
        }
        c.minute += 1;
    }
    return std::nullopt;
}

}  // namespace steward::core
