#include "orchestrator/reports/radix_sort.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace steward::reports;

BOOST_AUTO_TEST_SUITE(radix_sort_suite)

BOOST_AUTO_TEST_CASE(key_order_matches_double_order) {
    const double values[] = {-INFINITY, -1e300, -1.5, -1e-300, -0.0,  0.0,     1e-310,
                             1e-300,    0.5,    1.0,  2.0,     1e300, INFINITY};
    for (std::size_t i = 0; i + 1 < std::size(values); ++i) {
        const bool less = values[i] < values[i + 1];
        BOOST_TEST((sortable_key(values[i]) < sortable_key(values[i + 1])) == less);
        BOOST_TEST(key_to_double(sortable_key(values[i + 1])) == values[i + 1]);
    }
    BOOST_TEST(sortable_key(-0.0) == sortable_key(0.0));
}

BOOST_AUTO_TEST_CASE(sorts_like_std_sort_with_threads_and_ties) {
    std::mt19937_64 rng{3};
    std::normal_distribution<double> normal;
    for (const std::size_t n : {std::size_t{10}, std::size_t{5000}, std::size_t{300000}}) {
        for (const unsigned threads : {1U, 2U, 3U}) {
            std::vector<double> v(n);
            for (double& x : v) {
                x = rng() % 4 == 0 ? std::round(normal(rng)) : normal(rng) * 1e3;
            }
            std::vector<double> want = v;
            std::sort(want.begin(), want.end());
            sort_doubles(v, threads);
            BOOST_TEST_REQUIRE(v == want, "n=" << n << " threads=" << threads);
        }
    }
}

// Keys sharing their upper 32 bits form runs ordered by the lower bits afterwards: one long run,
// runs that straddle the threads' slices, and short ones.
BOOST_AUTO_TEST_CASE(runs_sharing_upper_bits_are_ordered_across_threads) {
    std::mt19937_64 rng{9};
    const std::size_t n = 600000;
    for (const int shape : {0, 1, 2, 3}) {
        std::vector<double> v(n);
        for (std::size_t i = 0; i < n; ++i) {
            const double tiny = static_cast<double>(rng() % 5000) * 1e-15;
            v[i] = shape == 0   ? 1.0 + tiny                                              // one long run
                   : shape == 1 ? static_cast<double>(rng() % 3) + 1.0 + tiny             // three long runs
                   : shape == 2 ? static_cast<double>(rng() % 40000) * 1e-3 + tiny        // many short ones
                                : 1.0 + static_cast<double>(rng() % 4) * 0x1p-20 + tiny;  // one high pass
        }
        std::vector<double> want = v;
        std::sort(want.begin(), want.end());
        for (const unsigned threads : {1U, 2U, 4U}) {
            std::vector<double> got = v;
            sort_doubles(got, threads);
            BOOST_TEST_REQUIRE(got == want, "shape=" << shape << " threads=" << threads);
        }
    }
}

BOOST_AUTO_TEST_CASE(all_equal_keys_skip_every_pass) {
    std::vector<double> v(100000, 0.25);
    sort_doubles(v, 2);
    BOOST_TEST(std::all_of(v.begin(), v.end(), [](double x) { return x == 0.25; }));
}

BOOST_AUTO_TEST_SUITE_END()
