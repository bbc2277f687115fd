#include "orchestrator/reports/report.hpp"
#include "orchestrator/reports/csv_reader.hpp"
#include "orchestrator/reports/report_json.hpp"
#include "orchestrator/reports/report_text.hpp"

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

using namespace steward::reports;
namespace json = boost::json;

namespace {

Table table_of(const std::string& csv, const ReportOptions& o, bool reference = false) {
    auto req = reference ? reference_columns(o) : *scored_columns(o, false);
    auto t = parse_csv(csv, reference ? "ref.csv" : "scored.csv", req, 1);
    BOOST_TEST_REQUIRE(t.has_value(), (t ? "" : t.error().message));
    return std::move(*t);
}

ReportOptions binary_options() {
    ReportOptions o;
    o.label = "y";
    o.score = "p";
    return o;
}

bool contains(const std::string& s, std::string_view part) {
    return s.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report_suite)

BOOST_AUTO_TEST_CASE(json_has_the_documented_shape) {
    const ReportOptions o = binary_options();
    const Table t = table_of("y,p\n1,0.9\n0,0.1\n1,0.6\n0,0.4\n", o);
    auto r = build_report(t, nullptr, o);
    BOOST_TEST_REQUIRE(r.has_value());
    const json::object j = to_json(*r);
    BOOST_TEST(j.at("n").to_number<std::int64_t>() == 4);
    BOOST_TEST(j.at("metrics").at("auc").as_double() == 1.0);
    BOOST_TEST(j.at("confusion").at("tp").as_double() == 2.0);
    BOOST_TEST(j.at("lift").as_array().size() == 10u);
    BOOST_TEST(j.at("lift20").as_array().size() == 20u);
    for (const char* key : {"bin", "depth", "n", "events", "event_rate", "lift", "cum_lift", "capture_rate",
                            "cum_capture_rate"}) {
        BOOST_TEST(j.at("lift").as_array()[0].as_object().contains(key), key);
    }
    BOOST_TEST(j.at("warnings").as_array().empty());
    BOOST_TEST(!j.contains("drift"));  // no reference, no made-up drift
    BOOST_TEST(j.at("curves").at("roc").as_array().front().at("threshold").is_null());  // +inf
}

BOOST_AUTO_TEST_CASE(one_class_gives_null_figures_with_reasons) {
    const ReportOptions o = binary_options();
    auto r = build_report(table_of("y,p\n0,0.9\n0,0.1\n", o), nullptr, o);
    BOOST_TEST_REQUIRE(r.has_value());
    const json::object j = to_json(*r);
    BOOST_TEST(j.at("metrics").at("auc").is_null());
    BOOST_TEST(j.at("metrics").at("ks").is_null());
    BOOST_TEST(j.at("undefined").at("auc").as_string() == "only one class present (no events)");
    BOOST_TEST(contains(json::serialize(j.at("warnings")), "AUC, Gini and KS are undefined"));
    BOOST_TEST(contains(to_text(*r), "n/a (only one class present (no events))"));
}

BOOST_AUTO_TEST_CASE(model_versions_split_with_a_warning) {
    const ReportOptions o = binary_options();
    const Table t = table_of("y,p,model_version\n1,0.9,v1\n0,0.1,v1\n1,0.2,v2\n0,0.8,v2\n1,0.5,\n", o);
    auto r = build_report(t, nullptr, o);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST_REQUIRE(r->by_version.size() == 3u);
    BOOST_TEST(*r->by_version[0].version == "v1");
    BOOST_TEST(*r->by_version[0].performance.binary->metrics.auc == 1.0);
    BOOST_TEST(*r->by_version[1].performance.binary->metrics.auc == 0.0);
    BOOST_TEST(!r->by_version[2].version.has_value());
    BOOST_TEST(r->by_version[2].rows == 1u);
    const std::string j = json::serialize(to_json(*r));
    BOOST_TEST(contains(j, "\"model_versions\":[{\"version\":\"v1\""));
    BOOST_TEST(contains(j, "mixes 3 model versions"));
    // One version only: a split of one, and no warning.
    auto single = build_report(table_of("y,p,model_version\n1,0.9,v1\n0,0.1,v1\n", o), nullptr, o);
    BOOST_TEST(single->by_version.size() == 1u);
    BOOST_TEST(single->warnings.empty());
}

BOOST_AUTO_TEST_CASE(prediction_column_drives_the_confusion_matrix) {
    ReportOptions o = binary_options();
    o.prediction = "cls";
    auto r = build_report(table_of("y,p,cls\n1,0.9,0\n0,0.1,1\n1,0.6,1\n", o), nullptr, o);
    BOOST_TEST_REQUIRE(r.has_value());
    const Confusion& c = r->performance->binary->metrics.confusion;
    BOOST_TEST(c.tp == 1.0);
    BOOST_TEST(c.fn == 1.0);
    BOOST_TEST(c.fp == 1.0);
    BOOST_TEST(r->performance->binary->confusion_from_prediction);
}

BOOST_AUTO_TEST_CASE(drift_only_and_with_performance) {
    ReportOptions o;
    o.features = {"x"};
    o.categorical = {"c"};
    std::string cur = "x,c\n";
    std::string ref = "x,c\n";
    for (int i = 0; i < 200; ++i) {
        cur += std::to_string(i % 50 + 10) + "," + (i % 4 == 0 ? "new" : "a") + "\n";
        ref += std::to_string(i % 40) + ",a\n";
    }
    auto req = scored_columns(o, true);
    BOOST_TEST_REQUIRE(req.has_value());
    const Table scored = *parse_csv(cur, "cur.csv", *req, 1);
    const Table reference = table_of(ref, o, true);
    auto r = build_report(scored, &reference, o);
    BOOST_TEST_REQUIRE(r.has_value(), (r ? "" : r.error().message));
    BOOST_TEST(!r->performance.has_value());
    const json::object j = to_json(*r);
    BOOST_TEST(!j.contains("metrics"));
    BOOST_TEST(j.at("drift").at("x").at("kind").as_string() == "numeric");
    BOOST_TEST(j.at("drift").at("c").at("kind").as_string() == "categorical");
    BOOST_TEST(j.at("drift").at("c").at("psi").as_double() > 0.25);  // a category new in the current sample
    BOOST_TEST(j.at("characteristic").at("p25").to_number<std::int64_t>() >= 1);
    BOOST_TEST(j.at("stability").at("score_psi").is_null());  // no score given
}

// The score's drift reuses the metrics' sort when every row is in the metrics, and sorts the
// scores itself otherwise (a row without a label still counts for drift): both must give the
// figures of a drift-only report, which never has the metrics' sort.
BOOST_AUTO_TEST_CASE(score_drift_is_the_same_with_and_without_metrics) {
    for (const bool unlabelled_row : {false, true}) {
        std::string cur = "y,p\n";
        std::string ref = "p\n";
        for (int i = 0; i < 300; ++i) {
            cur += std::to_string(i % 3 == 0 ? 1 : 0) + "," + std::to_string((i * 37 % 101) / 100.0) + "\n";
            ref += std::to_string((i * 53 % 89) / 90.0) + "\n";
        }
        if (unlabelled_row) {
            cur += ",0.995\n";
        }
        ReportOptions with_metrics = binary_options();
        ReportOptions drift_only;
        drift_only.score = "p";
        const Table scored = table_of(cur, with_metrics);
        const Table reference = table_of(ref, with_metrics, true);
        auto a = build_report(scored, &reference, with_metrics);
        auto b = build_report(scored, &reference, drift_only);
        BOOST_TEST_REQUIRE(a.has_value(), (a ? "" : a.error().message));
        BOOST_TEST_REQUIRE(b.has_value(), (b ? "" : b.error().message));
        BOOST_TEST_REQUIRE(a->drift->score.has_value());
        const FeatureDrift& x = *a->drift->score;
        const FeatureDrift& y = *b->drift->score;
        BOOST_TEST(x.current_count == (unlabelled_row ? 301U : 300U));
        BOOST_TEST(x.current_count == y.current_count);
        BOOST_TEST(x.missing.current == y.missing.current);
        BOOST_TEST(x.bins.current_counts == y.bins.current_counts);
        BOOST_TEST(*x.psi.value == *y.psi.value);
        BOOST_TEST(*x.ks_statistic.value == *y.ks_statistic.value);
        BOOST_TEST(*x.ks_pvalue.value == *y.ks_pvalue.value);
        BOOST_TEST(*x.wasserstein.value == *y.wasserstein.value);
    }
}

// The performance figures run as a task beside the drift tasks, and the score's drift waits for
// their sort: any number of threads gives the same report, warnings in the same order.
BOOST_AUTO_TEST_CASE(reports_agree_across_thread_counts) {
    std::string cur = "y,p,x,z,c\n";
    std::string ref = "p,x,z,c\n";
    for (int i = 0; i < 6000; ++i) {
        const std::string p = std::to_string((i * 37 % 1009) / 1009.0);
        const std::string x = std::to_string((i * 13 % 701) / 7.0);
        cur += std::to_string(i % 4 == 0 ? 1 : 0) + "," + (i == 5 ? "2.5" : p) + "," + x + "," +
               std::to_string(i % 17) + "," + (i % 3 == 0 ? "a" : "b") + "\n";
        ref += std::to_string((i * 53 % 997) / 997.0) + "," + std::to_string((i * 7 % 503) / 5.0) + "," +
               std::to_string(i % 13) + ",a\n";
    }
    ReportOptions o = binary_options();
    o.features = {"x", "z"};
    o.categorical = {"c"};
    const Table scored = *parse_csv(cur, "cur.csv", *scored_columns(o, true), 1);
    const Table reference = table_of(ref, o, true);
    std::string first;
    for (const unsigned threads : {1U, 2U, 3U, 8U}) {
        o.threads = threads;
        auto r = build_report(scored, &reference, o);
        BOOST_TEST_REQUIRE(r.has_value(), (r ? "" : r.error().message));
        BOOST_TEST_REQUIRE(r->drift->score.has_value());
        BOOST_TEST(r->warnings.size() == 1U);  // the score of 2.5 is outside [0, 1]
        const std::string text = json::serialize(to_json(*r));
        if (first.empty()) {
            first = text;
        }
        BOOST_TEST(text == first, "threads=" << threads);
    }
}

BOOST_AUTO_TEST_CASE(categorical_marks_features_or_adds_to_them) {
    ReportOptions o = binary_options();
    o.features = {"a", "c", "b", "a"};
    o.categorical = {"c", "d"};
    const auto cols = drift_columns(o);
    BOOST_TEST_REQUIRE(cols.size() == 4U);
    BOOST_TEST(cols[0].name == "a");
    BOOST_TEST((cols[0].kind == ColumnKind::numeric));
    BOOST_TEST(cols[1].name == "c");
    BOOST_TEST((cols[1].kind == ColumnKind::categorical));
    BOOST_TEST(cols[2].name == "b");
    BOOST_TEST(cols[3].name == "d");
    BOOST_TEST((cols[3].kind == ColumnKind::categorical));
    auto req = scored_columns(o, true);
    BOOST_TEST_REQUIRE(req.has_value(), (req ? "" : req.error().message));
    BOOST_TEST(reference_columns(o).size() == 5U);  // four features and the score
}

BOOST_AUTO_TEST_CASE(bad_options_are_clear_errors) {
    ReportOptions o = binary_options();
    o.categorical = {"p"};
    auto req = scored_columns(o, true);
    BOOST_TEST_REQUIRE(!req.has_value());
    BOOST_TEST(req.error().message == "column 'p' is used both as numeric and as categorical");
    ReportOptions numeric_version = binary_options();
    numeric_version.features = {"model_version"};  // the default version column yields to it
    BOOST_TEST(scored_columns(numeric_version, true).has_value());
    ReportOptions none;
    BOOST_TEST(contains(scored_columns(none, false).error().message, "nothing to compute"));
    ReportOptions no_score;
    no_score.label = "y";
    BOOST_TEST(contains(scored_columns(no_score, false).error().message, "--label needs --score"));
    ReportOptions bins = binary_options();
    bins.drift_bins = 1;
    const Table t = table_of("y,p\n1,0.5\n", binary_options());
    BOOST_TEST(contains(build_report(t, nullptr, bins).error().message, "--bins"));
}

BOOST_AUTO_TEST_SUITE_END()
