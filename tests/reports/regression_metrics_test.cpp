#include "orchestrator/reports/regression_metrics.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <vector>

using namespace steward::reports;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(regression_metrics_suite)

BOOST_AUTO_TEST_CASE(hand_computed_with_zero_target_and_missing) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<double> y{1, 2, 0, 4, nan};
    const std::vector<double> p{2, 2, 1, 2, 3};
    const auto m = regression_metrics(y, p);
    BOOST_TEST(m.n == 4u);
    BOOST_TEST(m.skipped == 1u);
    // errors 1, 0, 1, -2
    BOOST_TEST(m.rmse == std::sqrt(6.0 / 4), tt::tolerance(1e-15));
    BOOST_TEST(m.mae == 1.0);
    BOOST_TEST(m.bias == 0.0);
    // mean y = 7/4; SS_tot = (0.75^2 + 0.25^2 + 1.75^2 + 2.25^2) = 8.75
    BOOST_TEST(m.r2 == 1 - 6.0 / 8.75, tt::tolerance(1e-15));
    BOOST_TEST(m.mape_skipped_zero == 1u);
    BOOST_TEST(m.mape == (1.0 + 0.0 + 0.5) / 3, tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(constant_target_follows_sklearn_force_finite) {
    BOOST_TEST(regression_metrics(std::vector<double>{3, 3}, std::vector<double>{3, 3}).r2 == 1.0);
    BOOST_TEST(regression_metrics(std::vector<double>{3, 3}, std::vector<double>{2, 3}).r2 == 0.0);
    BOOST_TEST(regression_metrics(std::vector<double>{}, std::vector<double>{}).n == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
