#include "orchestrator/reports/field_parse.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

using namespace steward::reports;

BOOST_AUTO_TEST_SUITE(field_parse)

BOOST_AUTO_TEST_CASE(prefix_parser_matches_strtod_on_many_shapes) {
    std::mt19937_64 rng{42};
    std::uniform_real_distribution<double> unit{0, 1};
    const char* formats[] = {"%.6f", "%.3f", "%.17g", "%.0f", "%.9e", "%.15g", "%.1f"};
    std::size_t checked = 0;
    for (int i = 0; i < 20000; ++i) {
        const double scale = std::pow(10.0, static_cast<int>(rng() % 30) - 15);
        const double v = (unit(rng) - 0.3) * scale;
        for (const char* f : formats) {
            char buf[64];
            const int len = std::snprintf(buf, sizeof buf, f, v);
            // Padding after the number exercises the 17-byte fast path; without, the tail path.
            for (const std::string& text :
                 {std::string(buf, len) + ",0000000000000000000", std::string(buf, len)}) {
                double got = -1;
                const char* end = parse_number_prefix(text.data(), text.data() + text.size(), got);
                BOOST_REQUIRE(end == text.data() + len);
                const double want = std::strtod(buf, nullptr);
                BOOST_REQUIRE_MESSAGE(got == want, "'" << buf << "' gave " << got);
                ++checked;
            }
        }
    }
    BOOST_TEST(checked == 20000u * 7 * 2);
}

BOOST_AUTO_TEST_CASE(prefix_parser_edge_cases) {
    double v = 0;
    const std::string cases[] = {"5.",  ".5",   "-0.25", "12345678.5",         "0.12345678",
                                 "1e5", "-inf", "nan",   "00000000000000012.5"};
    const double want[] = {5.0, 0.5, -0.25, 12345678.5, 0.12345678, 1e5, -INFINITY, NAN, 12.5};
    for (std::size_t i = 0; i < std::size(cases); ++i) {
        const std::string padded = cases[i] + ",xxxxxxxxxxxxxxxxxx";
        for (const std::string& t : {cases[i], padded}) {
            const char* end = parse_number_prefix(t.data(), t.data() + t.size(), v);
            BOOST_TEST_REQUIRE(end == t.data() + cases[i].size(), cases[i]);
            if (std::isnan(want[i])) {
                BOOST_TEST(std::isnan(v));
            } else {
                BOOST_TEST(v == want[i], cases[i]);
            }
        }
    }
    const std::string bad[] = {"", ".", "-", "abc", ",1"};
    for (const std::string& t : bad) {
        BOOST_TEST(parse_number_prefix(t.data(), t.data() + t.size(), v) == nullptr, t);
    }
    const std::string huge = "1e400";
    parse_number_prefix(huge.data(), huge.data() + huge.size(), v);
    BOOST_TEST(std::isinf(v));
}

BOOST_AUTO_TEST_CASE(whole_fields_tokens_and_labels) {
    double v = 0;
    BOOST_TEST(parse_number_field(" +1.5 ", v));
    BOOST_TEST(v == 1.5);
    BOOST_TEST(!parse_number_field("1.5x", v));
    BOOST_TEST(!parse_number_field("", v));
    BOOST_TEST(is_missing_token(""));
    BOOST_TEST(is_missing_token(" NA"));
    BOOST_TEST(is_missing_token("null"));
    BOOST_TEST(!is_missing_token("0"));
    BOOST_TEST(parse_binary_field("1") == 1);
    BOOST_TEST(parse_binary_field("0.0") == 0);
    BOOST_TEST(parse_binary_field("TRUE") == 1);
    BOOST_TEST(parse_binary_field("false") == 0);
    BOOST_TEST(parse_binary_field("") == -1);
    BOOST_TEST(parse_binary_field("2") == -2);
    BOOST_TEST(parse_binary_field("yes") == -2);
}

BOOST_AUTO_TEST_CASE(count_byte_counts_across_word_and_flush_boundaries) {
    std::mt19937 rng{7};
    std::string text(300 * 64 + 13, 'a');  // several flushes of both the 64- and the 8-byte loop
    std::size_t expected = 0;
    for (char& c : text) {
        if (rng() % 5 == 0) {
            c = '\n';
            ++expected;
        } else if (rng() % 7 == 0) {
            c = static_cast<char>(0x8A);  // '\n' | 0x80 must not count
        }
    }
    BOOST_TEST(count_byte(text, '\n') == expected);
    BOOST_TEST(count_byte("", '\n') == 0u);
    BOOST_TEST(count_byte(std::string(100000, '\n'), '\n') == 100000u);  // every byte matches
}

BOOST_AUTO_TEST_SUITE_END()
