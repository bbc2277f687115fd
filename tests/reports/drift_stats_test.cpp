// Hand-checkable cases for the drift building blocks and the KS / chi-square distributions.
#include "orchestrator/reports/drift_stats.hpp"
#include "orchestrator/reports/drift_sort.hpp"
#include "orchestrator/reports/stats_chi2.hpp"
#include "orchestrator/reports/stats_ks.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

namespace r = steward::reports;

namespace {

// Pr(D_{m,n} ≥ h/lcm) by enumerating every arrangement of m a's and n b's (small m + n only):
// an independent check of the lattice-path recursions.
double brute_force_outside(int m, int n, std::int64_t h) {
    const int g = std::gcd(m, n);
    const std::int64_t mg = m / g;
    const std::int64_t ng = n / g;
    std::vector<int> order(static_cast<std::size_t>(m + n), 0);
    std::fill(order.begin() + m, order.end(), 1);  // sorted: 0s then 1s
    std::int64_t outside = 0;
    std::int64_t total = 0;
    do {
        std::int64_t x = 0;
        std::int64_t y = 0;
        bool left_band = false;
        for (int step : order) {
            (step == 0 ? x : y) += 1;
            if (std::abs(x * ng - y * mg) >= h) {
                left_band = true;
            }
        }
        outside += left_band ? 1 : 0;
        ++total;
    } while (std::next_permutation(order.begin(), order.end()));
    return static_cast<double>(outside) / static_cast<double>(total);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(drift_stats)

BOOST_AUTO_TEST_CASE(sort_matches_std_sort) {
    std::mt19937_64 rng(5);
    std::normal_distribution<double> normal;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<std::vector<double>> samples;
    std::vector<double> v(20000);
    for (double& x : v) {
        x = normal(rng);  // spread: runs of equal upper bits are short
    }
    samples.push_back(v);
    for (double& x : v) {
        x = std::nextafter(1.0, 2.0) * (1.0 + static_cast<double>(rng() % 5000) * 1e-15);  // one long run
    }
    samples.push_back(v);
    for (std::size_t i = 0; i < v.size(); ++i) {
        v[i] = i % 3 == 0 ? nan : (i % 3 == 1 ? -0.0 : static_cast<double>(rng() % 7) - 3);  // ties, ±0
    }
    v[5] = inf;
    v[8] = -inf;
    samples.push_back(v);
    samples.push_back({});
    std::vector<double> large(300000);  // large enough for the parallel variant
    for (std::size_t i = 0; i < large.size(); ++i) {
        large[i] = i % 11 == 0 ? nan : std::round(normal(rng) * 1e4) / 1e4;
    }
    samples.push_back(large);
    for (const auto& sample : samples) {
        std::vector<double> expected;
        for (double x : sample) {
            if (std::isfinite(x)) {
                expected.push_back(x);
            }
        }
        std::sort(expected.begin(), expected.end());
        for (const unsigned threads : {1U, 2U}) {
            std::uint64_t missing = 0;
            const auto sorted = r::sorted_finite_with_sentinel(sample, missing, threads);
            BOOST_TEST(missing == sample.size() - expected.size());
            BOOST_REQUIRE(sorted.size() == expected.size() + 1);
            BOOST_TEST(std::equal(expected.begin(), expected.end(), sorted.begin()));
            BOOST_TEST(sorted.back() == inf);
        }
    }
}

BOOST_AUTO_TEST_CASE(numpy_linear_quantile) {
    const std::vector<double> v = {1, 2, 3, 4};
    BOOST_TEST(r::numpy_quantile(v, 0.5) == 2.5);
    BOOST_TEST(r::numpy_quantile(v, 0.1) == 1.0 + 1.0 * (3 * 0.1));            // below ½: a + (b−a)·g
    BOOST_TEST(r::numpy_quantile(v, 0.9) == 4.0 - 1.0 * (1 - (3 * 0.9 - 2)));  // from ½: b − (b−a)(1−g)
    BOOST_TEST(r::numpy_quantile(v, 1.0) == 4.0);
    const std::vector<double> one = {7.5};
    BOOST_TEST(r::numpy_quantile(one, 0.3) == 7.5);
}

BOOST_AUTO_TEST_CASE(edges_are_deduplicated) {
    const std::vector<double> heavy_ties = {1, 1, 1, 1, 2};
    BOOST_TEST(r::quantile_edges(heavy_ties, 4) == std::vector<double>{1.0});
    const std::vector<double> spread = {0, 1, 2, 3, 4};
    BOOST_TEST(r::quantile_edges(spread, 4) == (std::vector<double>{1, 2, 3}));
}

BOOST_AUTO_TEST_CASE(bins_are_closed_on_the_right) {
    const std::vector<double> sorted = {1, 2, 2, 3, 5};
    const std::vector<double> edges = {2, 3};
    BOOST_TEST(r::bin_counts(sorted, edges) == (std::vector<std::uint64_t>{3, 1, 1}));
    BOOST_TEST(r::bin_counts(sorted, {}) == (std::vector<std::uint64_t>{5}));
}

BOOST_AUTO_TEST_CASE(psi_formula_and_empty_share) {
    const std::vector<std::uint64_t> ref = {50, 50};
    const std::vector<std::uint64_t> same = {7, 7};
    BOOST_TEST(r::psi_from_counts(ref, same, 1e-4) == 0.0);
    const std::vector<std::uint64_t> one_sided = {100, 0};
    const double expected = (1 - 0.5) * std::log(1 / 0.5) + (1e-4 - 0.5) * std::log(1e-4 / 0.5);
    BOOST_TEST(r::psi_from_counts(ref, one_sided, 1e-4) == expected, boost::test_tools::tolerance(1e-14));
    // Symmetric in its two arguments.
    BOOST_TEST(r::psi_from_counts(one_sided, ref, 1e-4) == expected, boost::test_tools::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(jensen_shannon_bounds) {
    const std::vector<std::uint64_t> p = {3, 0};
    const std::vector<std::uint64_t> q = {0, 5};
    BOOST_TEST(r::js_distance_from_counts(p, q) == std::sqrt(std::log(2.0)),
               boost::test_tools::tolerance(1e-14));
    const std::vector<std::uint64_t> a = {2, 6};
    const std::vector<std::uint64_t> b = {1, 3};
    BOOST_TEST(r::js_distance_from_counts(a, b) == 0.0);
}

BOOST_AUTO_TEST_CASE(ecdf_distances_of_a_shift) {
    const std::vector<double> a = {1, 2, 3};
    const std::vector<double> b = {2, 3, 4};
    const auto d = r::ecdf_distances(a, b);
    BOOST_TEST(d.ks == 1.0 / 3.0, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(d.wasserstein == 1.0, boost::test_tools::tolerance(1e-15));
    const auto same = r::ecdf_distances(a, a);
    BOOST_TEST(same.ks == 0.0);
    BOOST_TEST(same.wasserstein == 0.0);
    const std::vector<double> far = {10};
    BOOST_TEST(r::ecdf_distances(a, far).ks == 1.0);
    BOOST_TEST(r::ecdf_distances(a, far).wasserstein == 8.0, boost::test_tools::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(population_standard_deviation) {
    const std::vector<double> v = {2, 4, 4, 4, 5, 5, 7, 9};
    BOOST_TEST(r::population_std(v) == 2.0, boost::test_tools::tolerance(1e-15));
    const std::vector<double> constant(10, 3.25);
    BOOST_TEST(r::population_std(constant) == 0.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(drift_ks)

BOOST_AUTO_TEST_CASE(exact_recursions_match_enumeration) {
    for (int n = 1; n <= 7; ++n) {
        for (std::int64_t h = 1; h <= n; ++h) {
            BOOST_TEST(r::ks_prob_outside_square(n, h) == brute_force_outside(n, n, h),
                       boost::test_tools::tolerance(1e-12));
        }
    }
    for (const auto& [m, n] : std::vector<std::pair<int, int>>{{3, 2}, {5, 3}, {6, 4}, {8, 5}, {9, 6}}) {
        const int g = std::gcd(m, n);
        const std::int64_t lcm = static_cast<std::int64_t>(m) / g * n;
        for (std::int64_t h = 1; h <= lcm; ++h) {
            BOOST_TEST_CONTEXT("m=" << m << " n=" << n << " h=" << h) {
                BOOST_TEST(r::ks_outer_prob_inside(m, n, g, h) == brute_force_outside(m, n, h),
                           boost::test_tools::tolerance(1e-12));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(two_sample_method_switch) {
    const auto exact = r::ks_two_sample_pvalue(10000, 9000, 0.02);
    BOOST_TEST((exact.method == r::KsMethod::exact));
    BOOST_TEST(exact.statistic == std::nearbyint(0.02 * 90000) / 90000);  // snapped to h/lcm
    const auto asymptotic = r::ks_two_sample_pvalue(10001, 9000, 0.02);
    BOOST_TEST((asymptotic.method == r::KsMethod::asymptotic));
    BOOST_TEST(asymptotic.statistic == 0.02);
    BOOST_TEST(r::ks_two_sample_pvalue(5, 7, 0.0).pvalue == 1.0);
    BOOST_TEST(r::ks_two_sample_pvalue(3, 3, 1.0).pvalue == 0.1,
               boost::test_tools::tolerance(1e-15));  // 2 of 20 orders
}

BOOST_AUTO_TEST_CASE(one_sample_closed_forms) {
    // n = 1: D = max(U, 1 − U), so Pr(D ≥ x) = 2(1 − x) on [½, 1]; D⁺ = 1 − U, so Pr(D⁺ ≥ x) = 1 − x.
    BOOST_TEST(r::kstwo_sf(1, 0.7) == 0.6, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(r::smirnov_sf(1, 0.25) == 0.75);
    BOOST_TEST(r::kstwo_sf(50, 0.0) == 1.0);
    BOOST_TEST(r::kstwo_sf(50, 1.0) == 0.0);
    BOOST_TEST(std::isnan(r::smirnov_sf(5, -0.1)));
    // Monotone across the method switches (Durbin, Pelz–Good, 2·smirnov, tails).
    for (std::int64_t n : {20, 140, 141, 3000, 200000}) {
        double previous = 1.0;
        for (double x = 0.0; x <= 1.0; x += 1.0 / 512) {
            const double p = r::kstwo_sf(n, x);
            BOOST_TEST_CONTEXT("n=" << n << " x=" << x) {
                BOOST_TEST(p <= previous + 1e-12);
                BOOST_TEST(p >= 0.0);
            }
            previous = p;
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(drift_chi2)

BOOST_AUTO_TEST_CASE(closed_forms) {
    for (double x : {0.1, 1.0, 10.0, 100.0, 1000.0}) {
        BOOST_TEST_CONTEXT("x=" << x) {
            BOOST_TEST(r::chi2_sf(x, 2) == std::exp(-x / 2), boost::test_tools::tolerance(1e-12));
            BOOST_TEST(r::chi2_sf(x, 1) == std::erfc(std::sqrt(x / 2)), boost::test_tools::tolerance(1e-12));
        }
    }
    BOOST_TEST(r::chi2_sf(0.0, 4) == 1.0);
}

BOOST_AUTO_TEST_CASE(homogeneity_with_and_without_yates) {
    // 2×2: expected 15 everywhere, |o − e| = 5 → 4.5 after Yates; statistic 4·4.5²/15 = 5.4.
    const std::vector<std::uint64_t> a = {10, 20};
    const std::vector<std::uint64_t> b = {20, 10};
    const auto yates = r::chi2_homogeneity(a, b);
    BOOST_REQUIRE(yates.has_value());
    BOOST_TEST(yates->statistic == 5.4, boost::test_tools::tolerance(1e-14));
    BOOST_TEST(yates->pvalue == std::erfc(std::sqrt(2.7)), boost::test_tools::tolerance(1e-12));
    // 2×3: expected 20 everywhere; statistic 20 with 2 dof, p = e^−10.
    const std::vector<std::uint64_t> c = {10, 20, 30};
    const std::vector<std::uint64_t> d = {30, 20, 10};
    const auto plain = r::chi2_homogeneity(c, d);
    BOOST_REQUIRE(plain.has_value());
    BOOST_TEST(plain->dof == 2);
    BOOST_TEST(plain->statistic == 20.0, boost::test_tools::tolerance(1e-14));
    BOOST_TEST(plain->pvalue == std::exp(-10.0), boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(degenerate_tables) {
    const std::vector<std::uint64_t> one_a = {4};
    const std::vector<std::uint64_t> one_b = {9};
    BOOST_TEST(r::chi2_homogeneity(one_a, one_b)->pvalue == 1.0);  // dof 0
    const std::vector<std::uint64_t> empty_row = {0, 0};
    const std::vector<std::uint64_t> some = {3, 4};
    BOOST_TEST(!r::chi2_homogeneity(empty_row, some).has_value());
    const std::vector<std::uint64_t> zero_column_a = {3, 0};
    const std::vector<std::uint64_t> zero_column_b = {4, 0};
    BOOST_TEST(!r::chi2_homogeneity(zero_column_a, zero_column_b).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
