// Numbers as text: interpolation into args and messages.
#include "orchestrator/core/value.hpp"

#include <boost/test/unit_test.hpp>

#include <limits>

namespace core = steward::core;

BOOST_AUTO_TEST_SUITE(value_text)

BOOST_AUTO_TEST_CASE(numbers_print_as_people_write_them) {
    BOOST_TEST(core::format_number(5000.0) == "5000");
    BOOST_TEST(core::format_number(0.0) == "0");
    BOOST_TEST(core::format_number(-0.0) == "0");
    BOOST_TEST(core::format_number(-3.0) == "-3");
    BOOST_TEST(core::format_number(0.2) == "0.2");
    BOOST_TEST(core::format_number(0.1 + 0.2) == "0.30000000000000004");  // shortest round trip
    BOOST_TEST(core::format_number(0.0001) == "0.0001");                  // to_chars' shortest form is 1e-04
    BOOST_TEST(core::format_number(0.000125) == "0.000125");
    BOOST_TEST(core::format_number(1234.5) == "1234.5");
    BOOST_TEST(core::format_number(123456789012345.0) == "123456789012345");
    BOOST_TEST(core::format_number(1e-12) == "1e-12");
    BOOST_TEST(core::format_number(1e20) == "1e+20");
    BOOST_TEST(core::format_number(std::numeric_limits<double>::infinity()) == "inf");
    BOOST_TEST(core::to_text(core::Value{5000.0}) == "5000");
}

BOOST_AUTO_TEST_SUITE_END()
