#pragma once

#include "orchestrator/core/expected.hpp"

#include <bitset>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace steward::core {

/// The clock a cron schedule reads. `Local` is the server's time zone as the C library sees it
/// (the `TZ` environment variable or /etc/localtime); `Utc` is UTC. Named IANA zones are not
/// supported: g++ 12's libstdc++ has no chrono time zone database.
enum class CronZone { Local, Utc };

/// Parses a `tz:` value: "UTC" or "local" (case-insensitive). Empty optional for anything else.
[[nodiscard]] std::optional<CronZone> parse_cron_zone(std::string_view text) noexcept;

/// "local" or "UTC".
[[nodiscard]] std::string_view to_string(CronZone zone) noexcept;

/// A classic five-field cron schedule: minute hour day-of-month month day-of-week.
///
/// Each field is `*` or a comma list of `N`, `A-B`, `*/S`, `A-B/S` or `A/S`; months accept
/// `jan`..`dec` and weekdays `sun`..`sat` (case-insensitive), weekday 7 is Sunday. The macros
/// `@yearly` (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`) and `@hourly` are
/// accepted. As in Vixie cron, when both day fields are restricted (neither starts with `*`) a
/// day matches if either matches; otherwise both must match.
///
/// Value type; immutable after parsing; thread-safe. A default-constructed schedule is
/// `* * * * *`.
class CronSchedule {
public:
    CronSchedule();

    /// Parses `text`. Errors (value): a message naming the field and the offending text, with
    /// `offset` at that field, e.g. "minute field: '61' is out of range 0-59".
    [[nodiscard]] static Expected<CronSchedule> parse(std::string_view text);

    /// The first fire time strictly after `after`, in whole minutes, read on `zone`'s clock;
    /// empty if the schedule never fires within the next ten years (e.g. `0 0 30 2 *`).
    /// Local time: a time that does not exist (skipped when summer time starts) fires at the
    /// C library's normalisation of it, usually one hour later; a time that occurs twice (when
    /// summer time ends) fires once, at its first occurrence. Thread-safe (uses localtime_r and
    /// mktime, which read but do not change the process time zone).
    [[nodiscard]] std::optional<std::chrono::sys_seconds> next_after(std::chrono::sys_seconds after,
                                                                     CronZone zone) const;

    /// The text the schedule was parsed from.
    [[nodiscard]] const std::string& text() const noexcept { return text_; }

    /// Schedules are equal when their texts are.
    bool operator==(const CronSchedule& other) const { return text_ == other.text_; }

    /// Does the schedule fire at this civil minute? (weekday: 0 = Sunday). For tests and tools.
    [[nodiscard]] bool matches(int month, int day, int weekday, int hour, int minute) const;

private:
    std::string text_;
    std::bitset<60> minutes_;
    std::bitset<24> hours_;
    std::bitset<32> days_;     // 1..31
    std::bitset<13> months_;   // 1..12
    std::bitset<7> weekdays_;  // 0..6, Sunday = 0
    bool days_star_ = true;
    bool weekdays_star_ = true;
};

}  // namespace steward::core
