#include "orchestrator/api/json_mapping.hpp"

#include <boost/test/unit_test.hpp>

namespace api = steward::api;

BOOST_AUTO_TEST_SUITE(json_mapping)

BOOST_AUTO_TEST_CASE(iso_time_is_utc_with_milliseconds_for_any_year) {
    BOOST_TEST(api::iso_time(0) == "1970-01-01T00:00:00.000Z");
    BOOST_TEST(api::iso_time(1'714'543'200'123) == "2024-05-01T06:00:00.123Z");
    BOOST_TEST(api::iso_time(1'796'688'000'009) == "2026-12-08T00:00:00.009Z");
    BOOST_TEST(api::iso_time(253'402'300'799'999) == "9999-12-31T23:59:59.999Z");
    BOOST_TEST(api::iso_time(-1) == "1969-12-31T23:59:59.999Z");
    BOOST_TEST(api::iso_time(253'402'300'800'000) == "10000-01-01T00:00:00.000Z");  // the snprintf path
}

BOOST_AUTO_TEST_SUITE_END()
