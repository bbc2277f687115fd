#include "orchestrator/core/cron.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

using namespace std::chrono;
using steward::core::CronSchedule;
using steward::core::CronZone;

namespace {

sys_seconds utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
    return sys_days(year(y) / month(mo) / day(d)) + hours(h) + minutes(mi) + seconds(s);
}

std::optional<sys_seconds> next(const char* cron, sys_seconds after, CronZone zone = CronZone::Utc) {
    return CronSchedule::parse(cron).value().next_after(after, zone);
}

// Sets TZ for the lifetime of the object and restores the previous value.
class ScopedTz {
public:
    explicit ScopedTz(const char* tz) {
        if (const char* old = std::getenv("TZ")) {
            old_ = old;
        }
        ::setenv("TZ", tz, 1);
        ::tzset();
    }
    ~ScopedTz() {
        if (old_) {
            ::setenv("TZ", old_->c_str(), 1);
        } else {
            ::unsetenv("TZ");
        }
        ::tzset();
    }
    ScopedTz(const ScopedTz&) = delete;
    ScopedTz& operator=(const ScopedTz&) = delete;

private:
    std::optional<std::string> old_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(cron)

BOOST_AUTO_TEST_CASE(next_fire_in_utc) {
    BOOST_TEST((next("0 6 1 * *", utc(2024, 1, 15, 10)) == utc(2024, 2, 1, 6)));
    BOOST_TEST((next("*/15 * * * *", utc(2024, 3, 10, 12, 7, 30)) == utc(2024, 3, 10, 12, 15)));
    BOOST_TEST((next("0 0 1 1 *", utc(2024, 12, 31, 23, 59)) == utc(2025, 1, 1)));
    BOOST_TEST((next("@hourly", utc(2024, 5, 5, 10, 30)) == utc(2024, 5, 5, 11)));
    BOOST_TEST((next("@daily", utc(2024, 5, 5, 10, 30)) == utc(2024, 5, 6)));
}

BOOST_AUTO_TEST_CASE(next_fire_is_strictly_after) {
    BOOST_TEST((next("0 6 1 * *", utc(2024, 2, 1, 6)) == utc(2024, 3, 1, 6)));
    BOOST_TEST((next("* * * * *", utc(2024, 2, 1, 6)) == utc(2024, 2, 1, 6, 1)));
}

BOOST_AUTO_TEST_CASE(leap_day_and_impossible_dates) {
    BOOST_TEST((next("0 0 29 2 *", utc(2024, 3, 1)) == utc(2028, 2, 29)));
    BOOST_TEST(!next("0 0 30 2 *", utc(2024, 1, 1)).has_value());
    BOOST_TEST(!next("0 0 31 4,6,9,11 *", utc(2024, 1, 1)).has_value());
}

BOOST_AUTO_TEST_CASE(day_fields_follow_vixie_cron) {
    // 2024-09-01 is a Sunday. Both day fields restricted: either may match (the 2nd, a Monday).
    BOOST_TEST((next("0 12 2 * 5", utc(2024, 9, 1)) == utc(2024, 9, 2, 12)));
    // One of them '*': both must match, so only Fridays.
    BOOST_TEST((next("0 12 * * 5", utc(2024, 9, 1)) == utc(2024, 9, 6, 12)));
    // 7 is Sunday as well as 0.
    BOOST_TEST((next("0 0 * * 7", utc(2024, 9, 2)) == utc(2024, 9, 8)));
    BOOST_TEST((next("0 0 * * 0", utc(2024, 9, 2)) == utc(2024, 9, 8)));
}

BOOST_AUTO_TEST_CASE(names_ranges_steps_and_lists) {
    // 2024-07-01 is a Monday.
    BOOST_TEST((next("0 9 * jan,JUL mon-fri", utc(2024, 6, 30)) == utc(2024, 7, 1, 9)));
    BOOST_TEST((next("10-20/5 8 * * *", utc(2024, 7, 1, 8, 12)) == utc(2024, 7, 1, 8, 15)));
    BOOST_TEST((next("5/20 * * * *", utc(2024, 7, 1, 8, 26)) == utc(2024, 7, 1, 8, 45)));
    const auto schedule = CronSchedule::parse("0 9 * jan,jul mon-fri").value();
    BOOST_TEST(schedule.matches(7, 1, 1, 9, 0));
    BOOST_TEST(!schedule.matches(7, 6, 6, 9, 0));  // a Saturday
    BOOST_TEST(!schedule.matches(8, 1, 4, 9, 0));
}

BOOST_AUTO_TEST_CASE(parse_errors_name_the_field) {
    auto error = [](const char* text) { return CronSchedule::parse(text).error(); };
    BOOST_TEST(error("61 * * * *").message == "minute field: '61' is out of range 0-59");
    BOOST_TEST(error("* 24 * * *").message == "hour field: '24' is out of range 0-23");
    BOOST_TEST(
        error("* * * *").message ==
        "cron expression '* * * *' has 4 fields; expected 5 (minute hour day-of-month month day-of-week)");
    BOOST_TEST(error("0 0 * foo *").message == "month field: 'foo' is not a number or name in range 1-12");
    BOOST_TEST(error("0 0 * foo *").offset == 6u);
    BOOST_TEST(error("*/0 * * * *").message == "minute field: '*/0' has an invalid step (expected 1-60)");
    BOOST_TEST(error("5-1 * * * *").message == "minute field: '5-1' is a backwards range");
    BOOST_TEST(error("1,,2 * * * *").message == "minute field: empty list item in '1,,2'");
    BOOST_TEST(error("* * 0 * *").message == "day-of-month field: '0' is out of range 1-31");
    BOOST_TEST(error("@reboot").message ==
               "unknown cron macro '@reboot' (known: @yearly, @annually, @monthly, @weekly, @daily, "
               "@midnight, @hourly)");
    BOOST_TEST(!CronSchedule::parse("").ok());
    BOOST_TEST(!CronSchedule::parse("99999999999999 * * * *").ok());
}

BOOST_AUTO_TEST_CASE(zones_parse) {
    BOOST_TEST((steward::core::parse_cron_zone("UTC") == CronZone::Utc));
    BOOST_TEST((steward::core::parse_cron_zone("local") == CronZone::Local));
    BOOST_TEST(!steward::core::parse_cron_zone("Europe/Paris").has_value());
}

BOOST_AUTO_TEST_CASE(local_time_follows_the_process_time_zone) {
    const ScopedTz tz("EST5EDT,M3.2.0,M11.1.0");  // US Eastern rules, no tz database needed
    // Summer: 06:00 EDT is 10:00 UTC.
    BOOST_TEST((next("0 6 * * *", utc(2024, 7, 1, 4), CronZone::Local) == utc(2024, 7, 1, 10)));
    // Winter: 06:00 EST is 11:00 UTC.
    BOOST_TEST((next("0 6 * * *", utc(2024, 1, 10, 4), CronZone::Local) == utc(2024, 1, 10, 11)));
    // 2024-03-10 02:30 does not exist (clocks jump 02:00 -> 03:00): it fires at 03:30 EDT.
    BOOST_TEST((next("30 2 * * *", utc(2024, 3, 10, 5), CronZone::Local) == utc(2024, 3, 10, 7, 30)));
    // 2024-11-03 01:30 happens twice: it fires once, at the first (EDT, 05:30 UTC) ...
    const auto first = next("30 1 * * *", utc(2024, 11, 3, 4), CronZone::Local);
    BOOST_TEST((first == utc(2024, 11, 3, 5, 30)));
    // ... and not again at 01:30 EST; the next fire is the following day.
    BOOST_TEST((next("30 1 * * *", *first, CronZone::Local) == utc(2024, 11, 4, 6, 30)));
}

BOOST_AUTO_TEST_SUITE_END()
