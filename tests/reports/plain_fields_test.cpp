#include "orchestrator/reports/plain_fields.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

using namespace steward::reports;

namespace {

// parse_decimal on `field` followed by padding (it reads ahead of the field's end).
bool parse(const std::string& field, double& v) {
    const std::string padded = field + std::string(plain_fields::kDecimalReadAhead, '9');
    return plain_fields::parse_decimal(padded.data(), padded.data() + field.size(), v);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plain_fields_suite)

BOOST_AUTO_TEST_CASE(decimal_matches_strtod_where_it_accepts) {
    std::mt19937_64 rng{7};
    std::uniform_real_distribution<double> unit{0, 1};
    const char* formats[] = {"%.6f", "%.3f", "%.7f", "%.0f", "%.1f", "%.4f"};
    std::size_t accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        const double scale = std::pow(10.0, static_cast<int>(rng() % 10) - 3);
        const double x = (unit(rng) - 0.4) * scale;
        for (const char* f : formats) {
            char buf[64];
            const int len = std::snprintf(buf, sizeof buf, f, x);
            const std::string text(buf, static_cast<std::size_t>(len));
            const std::size_t dot = text.find('.');
            const std::size_t sign = text[0] == '-' ? 1 : 0;
            const std::size_t whole = (dot == std::string::npos ? text.size() : dot) - sign;
            const std::size_t frac = dot == std::string::npos ? 0 : text.size() - dot - 1;
            double v = -1;
            const bool ok = parse(text, v);
            BOOST_REQUIRE_MESSAGE(ok == (whole <= 7 && frac <= 7), "'" << text << "' accepted: " << ok);
            if (ok) {
                const double want = std::strtod(buf, nullptr);
                BOOST_REQUIRE_MESSAGE(v == want && std::signbit(v) == std::signbit(want),
                                      "'" << text << "' gave " << v);
                ++accepted;
            }
        }
    }
    BOOST_TEST(accepted > 100000u);
}

BOOST_AUTO_TEST_CASE(decimal_edge_shapes) {
    double v = 0;
    BOOST_TEST((parse("5.", v) && v == 5.0));
    BOOST_TEST((parse(".5", v) && v == 0.5));
    BOOST_TEST((parse("-.25", v) && v == -0.25));
    BOOST_TEST((parse("-0", v) && v == 0.0 && std::signbit(v)));
    BOOST_TEST((parse("1234567.1234567", v) && v == 1234567.1234567));
    BOOST_TEST((parse("0000000", v) && v == 0.0));
    // Anything else is left to the general parser.
    for (const std::string bad : {"", "-", ".", "-.", "1.2.3", "1e5", "+1", " 1", "1 ", "12345678",
                                  "0.12345678", "1,2", "nan", "--1", "1-", "0x10", "1\r"}) {
        BOOST_TEST(!parse(bad, v), "'" << bad << "'");
    }
}

BOOST_AUTO_TEST_CASE(separator_scan_finds_every_comma_and_newline) {
    std::mt19937 rng{3};
    const std::string alphabet = "ab,\n0.\"\r";
    for (const std::size_t size : {0u, 1u, 63u, 64u, 65u, 200u, 1000u}) {
        std::string text;
        for (std::size_t i = 0; i < size; ++i) {
            text += alphabet[rng() % alphabet.size()];
        }
        plain_fields::SeparatorScan scan{text.data(), text.data() + text.size()};
        for (std::size_t from = 0; from <= text.size(); ++from) {
            const std::size_t want = std::min(text.find_first_of(",\n", from), text.size());
            BOOST_REQUIRE_EQUAL(static_cast<std::size_t>(scan.next(text.data() + from) - text.data()), want);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
