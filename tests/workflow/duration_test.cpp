#include "orchestrator/core/duration.hpp"
#include "orchestrator/core/retry.hpp"

#include <boost/test/unit_test.hpp>

using namespace std::chrono_literals;
using steward::core::Duration;
using steward::core::format_duration;
using steward::core::parse_duration;

BOOST_AUTO_TEST_SUITE(durations)

BOOST_AUTO_TEST_CASE(units_parse_to_milliseconds) {
    BOOST_TEST(parse_duration("250ms").value().count() == 250);
    BOOST_TEST(parse_duration("90s").value() == Duration(90s));
    BOOST_TEST(parse_duration("10m").value() == Duration(10min));
    BOOST_TEST(parse_duration("24h").value() == Duration(24h));
    BOOST_TEST(parse_duration("7d").value() == Duration(7 * 24h));
    BOOST_TEST(parse_duration("0s").value() == Duration(0));
    BOOST_TEST(parse_duration("3650d").value() == steward::core::kMaxDuration);
}

BOOST_AUTO_TEST_CASE(bad_text_is_refused_with_a_message_quoting_it) {
    for (const char* bad : {"", "30", "s", "1.5h", "-1s", "1 h", "10sec", "1h30m", "1H", " 1s", "1s "}) {
        const auto parsed = parse_duration(bad);
        BOOST_TEST_INFO("input '" << bad << "'");
        BOOST_TEST(!parsed.ok());
    }
    BOOST_TEST(parse_duration("30").error().message ==
               "invalid duration '30' (expected an integer followed by ms, s, m, h or d, e.g. 90s)");
}

BOOST_AUTO_TEST_CASE(overlong_and_overflowing_durations_are_refused) {
    BOOST_TEST(parse_duration("3651d").error().message == "duration '3651d' is longer than 3650d");
    BOOST_TEST(!parse_duration("99999999999999999999999999ms").ok());
}

BOOST_AUTO_TEST_CASE(format_uses_the_largest_exact_unit_and_round_trips) {
    BOOST_TEST(format_duration(Duration(90s)) == "90s");
    BOOST_TEST(format_duration(Duration(2h)) == "2h");
    BOOST_TEST(format_duration(Duration(7 * 24h)) == "7d");
    BOOST_TEST(format_duration(Duration(1500)) == "1500ms");
    BOOST_TEST(format_duration(Duration(0)) == "0s");
    BOOST_TEST(format_duration(Duration(-5)) == "0s");
    for (const char* text : {"1ms", "59s", "61m", "25h", "3650d"}) {
        BOOST_TEST(parse_duration(format_duration(parse_duration(text).value())).value() ==
                   parse_duration(text).value());
    }
}

BOOST_AUTO_TEST_CASE(retry_delays_grow_by_the_factor_up_to_the_cap) {
    steward::core::RetryPolicy retry{3, Duration(30s), 2.0, Duration(10min)};
    const auto delay = [&](int n) { return retry.delay_before(n, Duration(30s), Duration(10min)); };
    BOOST_TEST(delay(1) == Duration(30s));
    BOOST_TEST(delay(2) == Duration(60s));
    BOOST_TEST(delay(3) == Duration(120s));
    BOOST_TEST(delay(10) == Duration(10min));
    BOOST_TEST(delay(1000000) == Duration(10min));
}

BOOST_AUTO_TEST_SUITE_END()
