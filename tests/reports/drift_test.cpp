// Feature-level drift: the public API of drift.hpp on small hand-checkable samples.
#include "orchestrator/reports/drift.hpp"
#include "orchestrator/reports/table.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace r = steward::reports;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// 0, 1, …, 99: with 2 bins the single edge is the median 49.5.
std::vector<double> uniform_reference() {
    std::vector<double> v(100);
    for (std::size_t i = 0; i < v.size(); ++i) {
        v[i] = static_cast<double>(i);
    }
    return v;
}

// `low` values at or below the median and `high` above it.
std::vector<double> split(std::size_t low, std::size_t high) {
    std::vector<double> v(low, 10.0);
    v.insert(v.end(), high, 90.0);
    return v;
}

// PSI of a 50/50 reference against a current share `a` in the lower bin.
double two_bin_psi(double a) {
    return (a - 0.5) * std::log(a / 0.5) + ((1 - a) - 0.5) * std::log((1 - a) / 0.5);
}

r::DriftInput numeric(std::string name, const std::vector<double>& ref, const std::vector<double>& cur) {
    r::DriftInput in;
    in.name = std::move(name);
    in.reference_values = ref;
    in.current_values = cur;
    return in;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(drift)

BOOST_AUTO_TEST_CASE(numeric_feature_figures) {
    const auto ref = uniform_reference();
    const auto cur = split(70, 30);
    r::DriftOptions options;
    options.bins = 2;
    const auto result = r::feature_drift(numeric("x", ref, cur), options);
    BOOST_REQUIRE(result.has_value());
    const r::FeatureDrift& f = *result;
    BOOST_TEST(f.bins.edges == std::vector<double>{49.5});
    BOOST_TEST(f.bins.reference_counts == (std::vector<std::uint64_t>{50, 50}));
    BOOST_TEST(f.bins.current_counts == (std::vector<std::uint64_t>{70, 30}));
    BOOST_TEST(*f.psi.value == two_bin_psi(0.7), boost::test_tools::tolerance(1e-14));
    BOOST_TEST(*f.ks_statistic.value == 59.0 / 100.0);  // at 10: F_cur = 0.7, F_ref = 0.11
    BOOST_TEST(f.ks_pvalue.value.has_value());
    BOOST_TEST(f.wasserstein.value.has_value());
    BOOST_TEST(!f.chi2_pvalue.value.has_value());
    BOOST_TEST(!f.chi2_pvalue.reason.empty());
}

BOOST_AUTO_TEST_CASE(missing_values_are_dropped_and_counted) {
    const std::vector<double> ref = {1, kNaN, 2, 3, std::numeric_limits<double>::infinity(), 4};
    const std::vector<double> cur = {kNaN, kNaN, 1, 2, 3, 4};
    const auto result = r::feature_drift(numeric("x", ref, cur), {});
    BOOST_REQUIRE(result.has_value());
    BOOST_TEST(result->missing.reference == 2U);
    BOOST_TEST(result->missing.current == 2U);
    BOOST_TEST(result->reference_count == 4U);
    BOOST_TEST(*result->psi.value == 0.0);
    BOOST_TEST(*result->ks_statistic.value == 0.0);
    BOOST_TEST(*result->ks_pvalue.value == 1.0);
}

BOOST_AUTO_TEST_CASE(a_presorted_current_sample_is_used_as_given) {
    const auto ref = uniform_reference();
    const std::vector<double> cur = {90, kNaN, 10, 10, 90, 10};
    r::DriftOptions options;
    options.bins = 2;
    const auto plain = r::feature_drift(numeric("x", ref, cur), options);
    const std::vector<double> sorted = {10, 10, 10, 90, 90, std::numeric_limits<double>::infinity()};
    auto in = numeric("x", ref, cur);
    in.sorted_current = [&sorted] { return r::BigVector<double>(sorted.begin(), sorted.end()); };
    const auto presorted = r::feature_drift(in, options);
    BOOST_REQUIRE(plain.has_value());
    BOOST_REQUIRE(presorted.has_value());
    BOOST_TEST(presorted->missing.current == 1U);
    BOOST_TEST(presorted->current_count == 5U);
    BOOST_TEST(presorted->bins.current_counts == plain->bins.current_counts);
    BOOST_TEST(*presorted->psi.value == *plain->psi.value);
    BOOST_TEST(*presorted->ks_statistic.value == *plain->ks_statistic.value);
    BOOST_TEST(*presorted->wasserstein.value == *plain->wasserstein.value);
    // The sorted span is what is measured: a different one gives different figures.
    const std::vector<double> other = {90, 90, 90, 90, 90, std::numeric_limits<double>::infinity()};
    in.sorted_current = [&other] { return r::BigVector<double>(other.begin(), other.end()); };
    const auto shifted = r::feature_drift(in, options);
    BOOST_REQUIRE(shifted.has_value());
    BOOST_TEST(shifted->bins.current_counts == (std::vector<std::uint64_t>{0, 5}));
}

BOOST_AUTO_TEST_CASE(empty_samples_give_reasons_not_errors) {
    const std::vector<double> nothing = {kNaN, kNaN};
    const std::vector<double> some = {1, 2, 3};
    const auto no_current = r::feature_drift(numeric("x", some, nothing), {});
    BOOST_REQUIRE(no_current.has_value());
    BOOST_TEST(!no_current->psi.value.has_value());
    BOOST_TEST(no_current->psi.reason.find("current") != std::string::npos);
    BOOST_TEST(!no_current->ks_pvalue.value.has_value());
    BOOST_TEST(no_current->bins.reference_counts.size() == no_current->bins.edges.size() + 1);
    const auto no_reference = r::feature_drift(numeric("x", {}, some), {});
    BOOST_REQUIRE(no_reference.has_value());
    BOOST_TEST(no_reference->wasserstein_normed.reason.find("reference") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(constant_reference_uses_the_std_floor) {
    const std::vector<double> ref(10, 1.0);
    const std::vector<double> cur(10, 1.5);
    const auto result = r::feature_drift(numeric("x", ref, cur), {});
    BOOST_REQUIRE(result.has_value());
    BOOST_TEST(result->bins.edges == std::vector<double>{1.0});  // nine equal quantiles → one edge
    BOOST_TEST(*result->wasserstein.value == 0.5);
    BOOST_TEST(*result->wasserstein_normed.value == 0.5 / 0.001, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(categories_are_matched_by_text) {
    const std::vector<std::string> ref_dict = {"a", "b"};
    const std::vector<std::string> cur_dict = {"c", "b", "a"};
    const std::vector<std::uint32_t> ref_codes = {0, 0, 1, 1, r::kMissingCode};
    const std::vector<std::uint32_t> cur_codes = {0, 1, 2, 2};
    r::DriftInput in;
    in.name = "colour";
    in.kind = r::DriftKind::categorical;
    in.reference_categories = {ref_codes, ref_dict};
    in.current_categories = {cur_codes, cur_dict};
    const auto result = r::feature_drift(in, {});
    BOOST_REQUIRE(result.has_value());
    BOOST_TEST(result->bins.categories == (std::vector<std::string>{"a", "b", "c"}));
    BOOST_TEST(result->bins.reference_counts == (std::vector<std::uint64_t>{2, 2, 0}));
    BOOST_TEST(result->bins.current_counts == (std::vector<std::uint64_t>{2, 1, 1}));
    BOOST_TEST(result->missing.reference == 1U);
    const double psi =
        (0.5 - 0.5) * 0 + (0.25 - 0.5) * std::log(0.25 / 0.5) + (0.25 - 1e-4) * std::log(0.25 / 1e-4);
    BOOST_TEST(*result->psi.value == psi, boost::test_tools::tolerance(1e-14));
    BOOST_TEST(result->chi2_pvalue.value.has_value());
    BOOST_TEST(!result->ks_pvalue.value.has_value());
}

BOOST_AUTO_TEST_CASE(bad_input_is_an_error_naming_the_place) {
    const std::vector<std::string> dict = {"a", "b"};
    const std::vector<std::uint32_t> good = {0, 1};
    const std::vector<std::uint32_t> bad = {0, 1, 7};
    r::DriftInput in;
    in.name = "colour";
    in.kind = r::DriftKind::categorical;
    in.reference_categories = {good, dict};
    in.current_categories = {bad, dict};
    const auto result = r::feature_drift(in, {});
    BOOST_REQUIRE(!result.has_value());
    const std::string& message = result.error().message;
    BOOST_TEST(message.find("'colour'") != std::string::npos);
    BOOST_TEST(message.find("current sample, data row 3") != std::string::npos);
    BOOST_TEST(message.find("code 7") != std::string::npos);

    r::DriftOptions options;
    options.bins = 1;
    const auto ref = uniform_reference();
    const auto bins = r::feature_drift(numeric("x", ref, ref), options);
    BOOST_REQUIRE(!bins.has_value());
    BOOST_TEST(bins.error().message.find("bins") != std::string::npos);

    const std::vector<r::DriftInput> twice = {numeric("x", ref, ref), numeric("x", ref, ref)};
    const auto duplicate = r::compute_drift(twice, nullptr, {});
    BOOST_REQUIRE(!duplicate.has_value());
    BOOST_TEST(duplicate.error().message.find("'x' is listed twice") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(characteristic_summary_counts_p1_and_p25) {
    const auto ref = uniform_reference();
    const auto stable = split(60, 40);    // PSI ≈ 0.041
    const auto moderate = split(70, 30);  // PSI ≈ 0.170
    const auto strong = split(80, 20);    // PSI ≈ 0.416
    const std::vector<r::DriftInput> features = {
        numeric("stable", ref, stable), numeric("moderate", ref, moderate), numeric("strong", ref, strong)};
    const r::DriftInput score = numeric("score", ref, moderate);
    for (unsigned threads : {1U, 2U}) {
        r::DriftOptions options;
        options.bins = 2;
        options.threads = threads;
        const auto report = r::compute_drift(features, &score, options);
        BOOST_REQUIRE(report.has_value());
        BOOST_TEST(report->summary.features == 3U);
        BOOST_TEST(report->summary.psi_above_moderate == 2U);
        BOOST_TEST(report->summary.psi_above_significant == 1U);
        BOOST_TEST(*report->summary.output_stability.value == two_bin_psi(0.7),
                   boost::test_tools::tolerance(1e-14));
        BOOST_TEST(report->features[2].name == "strong");
        BOOST_TEST(*report->features[2].psi.value == two_bin_psi(0.8), boost::test_tools::tolerance(1e-14));
    }
    const auto no_score = r::compute_drift(features, nullptr, {});
    BOOST_REQUIRE(no_score.has_value());
    BOOST_TEST(!no_score->summary.output_stability.value.has_value());
}

BOOST_AUTO_TEST_SUITE_END()
