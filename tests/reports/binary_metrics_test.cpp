#include "orchestrator/reports/binary_metrics.hpp"
#include "orchestrator/reports/curves.hpp"
#include "orchestrator/reports/lift_table.hpp"
#include "orchestrator/reports/score_groups.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <vector>

using namespace steward::reports;

namespace {

ScoreGroups groups(const std::vector<double>& scores, const std::vector<double>& labels) {
    std::size_t skipped = 0;
    return group_scores(scores, labels, 2, skipped);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(binary_metrics_suite)

BOOST_AUTO_TEST_CASE(groups_merge_ties_and_skip_missing) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::size_t skipped = 0;
    const auto g = group_scores(std::vector<double>{0.2, 0.8, 0.2, nan, 0.5, -0.0, 0.0},
                                std::vector<double>{1, 0, 0, 1, nan, 1, 0}, 1, skipped);
    BOOST_TEST(skipped == 2u);
    BOOST_TEST(g.score == (std::vector<double>{0.8, 0.2, 0.0}));
    BOOST_TEST(g.events == (std::vector<double>{0, 1, 1}));
    BOOST_TEST(g.nonevents == (std::vector<double>{1, 1, 1}));
    auto counts = groups_from_counts(std::vector<double>{0.2, 0.8, 0.2}, std::vector<double>{1, 0, 2},
                                     std::vector<double>{0, 1, 3});
    BOOST_TEST_REQUIRE(counts.has_value());
    BOOST_TEST(counts->score == (std::vector<double>{0.8, 0.2}));
    BOOST_TEST(counts->events == (std::vector<double>{0, 3}));
    BOOST_TEST(!groups_from_counts(std::vector<double>{0.1}, std::vector<double>{-1}, std::vector<double>{0})
                    .has_value());
}

BOOST_AUTO_TEST_CASE(groups_expand_to_the_sorted_finite_scores) {
    const double inf = std::numeric_limits<double>::infinity();
    std::size_t skipped = 0;
    const auto g = group_scores(std::vector<double>{0.2, inf, 0.8, 0.2, -inf, -0.0, 0.2},
                                std::vector<double>{1, 0, 0, 0, 1, 1, 0}, 1, skipped);
    const auto sorted = expand_sorted_finite(g);
    BOOST_TEST(std::vector<double>(sorted.begin(), sorted.end()) ==
               (std::vector<double>{0.0, 0.2, 0.2, 0.2, 0.8, inf}));  // ±inf left out, sentinel last
    BOOST_TEST(!std::signbit(sorted[0]));
    BOOST_TEST(expand_sorted_finite(ScoreGroups{}).size() == 1U);
}

BOOST_AUTO_TEST_CASE(perfect_reversed_and_constant_scores) {
    const std::vector<double> labels{0, 0, 1, 1};
    const auto perfect = binary_metrics(groups({0.1, 0.2, 0.8, 0.9}, labels), 0.5);
    BOOST_TEST(*perfect.auc == 1.0);
    BOOST_TEST(*perfect.gini == 1.0);
    BOOST_TEST(*perfect.ks == 1.0);
    BOOST_TEST(*perfect.ks_score == 0.8);
    BOOST_TEST(*perfect.average_precision == 1.0);
    BOOST_TEST(perfect.confusion.tp == 2.0);
    BOOST_TEST(perfect.at_threshold.accuracy == 1.0);
    const auto reversed = binary_metrics(groups({0.9, 0.8, 0.2, 0.1}, labels), 0.5);
    BOOST_TEST(*reversed.auc == 0.0);
    BOOST_TEST(*reversed.gini == -1.0);
    BOOST_TEST(*reversed.ks == 1.0);  // |TPR - FPR|, not Youden's max(TPR - FPR)
    BOOST_TEST(reversed.at_threshold.precision == 0.0);
    BOOST_TEST(reversed.at_threshold.f1 == 0.0);  // 0/0 -> 0
    const auto constant = binary_metrics(groups({0.3, 0.3, 0.3, 0.3}, {0, 1, 0, 0}), 0.5);
    BOOST_TEST(*constant.auc == 0.5);
    BOOST_TEST(*constant.gini == 0.0);
    BOOST_TEST(*constant.ks == 0.0);
    BOOST_TEST(*constant.average_precision == 0.25);  // prevalence
    BOOST_TEST(constant.at_threshold.recall == 0.0);
    BOOST_TEST(constant.at_threshold.specificity == 1.0);
}

BOOST_AUTO_TEST_CASE(hand_computed_ties_log_loss_brier_and_threshold_rule) {
    // Events at 0.9 and 0.5, non-events at 0.5 and 0.1: pairs (0.9>0.5, 0.9>0.1, 0.5=0.5 -> 1/2,
    // 0.5>0.1) give U = 3.5 of 4.
    const auto m = binary_metrics(groups({0.9, 0.5, 0.5, 0.1}, {1, 1, 0, 0}), 0.5);
    BOOST_TEST(*m.auc == 0.875);
    BOOST_TEST(*m.ks == 0.5);
    BOOST_TEST(*m.ks_score == 0.9);
    BOOST_TEST(*m.average_precision == 0.5 * 1.0 + 0.5 * (2.0 / 3.0), boost::test_tools::tolerance(1e-15));
    const double ll = -(std::log(0.9) + std::log(0.5) + std::log(0.5) + std::log(0.9)) / 4;
    BOOST_TEST(m.log_loss == ll, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(m.brier == (0.01 + 0.25 + 0.25 + 0.01) / 4, boost::test_tools::tolerance(1e-15));
    // score >= 0.5 is an event: the tied 0.5 non-event is a false positive.
    BOOST_TEST(m.confusion.tp == 2.0);
    BOOST_TEST(m.confusion.fp == 1.0);
    BOOST_TEST(m.confusion.tn == 1.0);
    BOOST_TEST(m.confusion.fn == 0.0);
    BOOST_TEST(m.at_threshold.precision == 2.0 / 3.0);
    BOOST_TEST(m.at_threshold.misclassification == 0.25);
}

BOOST_AUTO_TEST_CASE(one_class_leaves_ranking_figures_null_with_a_reason) {
    const auto m = binary_metrics(groups({0.2, 0.4, 0.6}, {0, 0, 0}), 0.5);
    BOOST_TEST(!m.auc.has_value());
    BOOST_TEST(!m.gini.has_value());
    BOOST_TEST(!m.ks.has_value());
    BOOST_TEST(!m.average_precision.has_value());
    BOOST_TEST(m.undefined_reason == "only one class present (no events)");
    BOOST_TEST(chart_curve(groups({0.2, 0.4}, {1, 1})).empty());
}

BOOST_AUTO_TEST_CASE(hard_probabilities_are_clipped_for_log_loss) {
    const auto m = binary_metrics(groups({1.0, 0.0}, {0, 1}), 0.5);
    BOOST_TEST(m.log_loss == -std::log(kLogLossEpsilon), boost::test_tools::tolerance(1e-12));
    BOOST_TEST(m.brier == 1.0);
}

BOOST_AUTO_TEST_CASE(lift_prorates_a_tie_group_across_bin_edges) {
    // 4 rows, 2 bins of 2 rows. Top row 0.9 (event), then a tie group of three 0.5 rows with one
    // event: bin 1 gets the 0.9 row and 1 of the 3 tied rows (1/3 event).
    const auto g = groups({0.9, 0.5, 0.5, 0.5}, {1, 1, 0, 0});
    const auto lift = lift_table(g, 2);
    BOOST_TEST_REQUIRE(lift.size() == 2u);
    BOOST_TEST(lift[0].n == 2.0);
    BOOST_TEST(lift[0].events == 1.0 + 1.0 / 3.0, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(lift[1].events == 2.0 / 3.0, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(lift[0].lift == (4.0 / 3.0 / 2.0) / 0.5, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(lift[1].cum_lift == 1.0, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(lift[1].cum_capture_rate == 1.0, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(lift[0].depth == 0.5);
    // Fewer rows than bins: fractional bins, still summing to all events.
    const auto fine = lift_table(g, 10);
    double events = 0;
    for (const LiftBin& b : fine) {
        events += b.events;
        BOOST_TEST(b.n == 0.4, boost::test_tools::tolerance(1e-12));
    }
    BOOST_TEST(events == 2.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(chart_curve_keeps_origin_end_and_ks_point) {
    std::vector<double> s;
    std::vector<double> y;
    for (int i = 0; i < 10000; ++i) {
        s.push_back(i / 10000.0);
        y.push_back(i % 3 == 0 || i > 8000 ? 1 : 0);
    }
    const auto g = groups(s, y);
    const auto curve = chart_curve(g);
    const auto m = binary_metrics(g, 0.5);
    BOOST_TEST(curve.size() <= 3 * kCurveResolution + 3);
    BOOST_TEST(curve.front().tpr == 0.0);
    BOOST_TEST(curve.back().tpr == 1.0);
    BOOST_TEST(curve.back().fpr == 1.0);
    bool has_ks = false;
    for (const CurvePoint& p : curve) {
        has_ks = has_ks || (p.threshold == *m.ks_score && std::fabs(p.tpr - p.fpr) == *m.ks);
    }
    BOOST_TEST(has_ks);
}

BOOST_AUTO_TEST_SUITE_END()
