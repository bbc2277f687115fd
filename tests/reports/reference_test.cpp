// Performance figures against scikit-learn/scipy/numpy: reference.py writes data sets and the
// expected figures into $STEWARD_REPORTS_REFERENCE; each case is read through the CSV reader,
// computed by build_report and compared through to_json, to 1e-9.
#define BOOST_TEST_MODULE reports_reference_tests
#include <boost/test/unit_test.hpp>

#include "orchestrator/reports/input_source.hpp"
#include "orchestrator/reports/report.hpp"
#include "orchestrator/reports/report_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace json = boost::json;
using namespace steward::reports;

namespace {

std::string reference_dir() {
    const char* dir = std::getenv("STEWARD_REPORTS_REFERENCE");
    BOOST_TEST_REQUIRE(dir != nullptr, "STEWARD_REPORTS_REFERENCE is not set (run through ctest)");
    return dir;
}

json::object expected_cases() {
    std::ifstream in(reference_dir() + "/expected.json");
    BOOST_TEST_REQUIRE(in.good(), "cannot read expected.json");
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str()).as_object();
}

void check_close(const json::value& got, const json::value& want, const std::string& what) {
    if (want.is_null()) {
        BOOST_TEST(got.is_null(), what << " should be null, got " << got);
        return;
    }
    BOOST_TEST_REQUIRE(got.is_number(), what << " is not a number: " << got);
    const double g = got.to_number<double>();
    const double w = want.to_number<double>();
    BOOST_TEST(std::fabs(g - w) <= 1e-9 * std::max(1.0, std::fabs(w)),
               what << ": got " << g << ", want " << w);
}

json::object run_case(const json::object& c, Task task, const std::string& label, const std::string& score) {
    ReportOptions o;
    o.task = task;
    o.label = label;
    o.score = score;
    const auto requests = scored_columns(o, false);
    BOOST_TEST_REQUIRE(requests.has_value());
    const std::string path = reference_dir() + "/" + std::string(c.at("file").as_string());
    auto table = read_table(path, *requests, 2);
    BOOST_TEST_REQUIRE(table.has_value(), (table ? "" : table.error().message));
    BOOST_TEST(table->rows == static_cast<std::size_t>(c.at("rows").to_number<std::int64_t>()));
    auto report = build_report(*table, nullptr, o);
    BOOST_TEST_REQUIRE(report.has_value(), (report ? "" : report.error().message));
    json::object out = to_json(*report);
    BOOST_TEST(out.at("skipped").to_number<std::int64_t>() == c.at("skipped").to_number<std::int64_t>());
    return out;
}

void check_lift(const json::array& got, const json::array& want, const std::string& what) {
    BOOST_TEST_REQUIRE(got.size() == want.size());
    for (std::size_t k = 0; k < want.size(); ++k) {
        for (const auto& [key, value] : want[k].as_object()) {
            check_close(got[k].as_object().at(key), value,
                        what + "[" + std::to_string(k) + "]." + std::string(key));
        }
    }
}

void check_binary(const std::string& name) {
    const json::object all = expected_cases();
    const json::object& c = all.at(name).as_object();
    const json::object& want = c.at("expected").as_object();
    const json::object got = run_case(c, Task::binary, "label", "score");
    check_close(got.at("n"), want.at("n"), name + ".n");
    check_close(got.at("events"), want.at("events"), name + ".events");
    const json::object& m = got.at("metrics").as_object();
    for (const char* key : {"auc", "gini", "ks", "ks_score", "average_precision", "log_loss", "brier",
                            "accuracy", "precision", "recall", "f1", "specificity"}) {
        check_close(m.at(key), want.at(key), name + "." + key);
    }
    for (const char* key : {"tn", "fp", "fn", "tp"}) {
        check_close(got.at("confusion").at(key), want.at("confusion").at(key), name + ".confusion." + key);
    }
    check_lift(got.at("lift").as_array(), want.at("lift").as_array(), name + ".lift");
    check_lift(got.at("lift20").as_array(), want.at("lift20").as_array(), name + ".lift20");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reports_reference)

BOOST_AUTO_TEST_CASE(ties_across_bin_edges) {
    check_binary("ties");
}
BOOST_AUTO_TEST_CASE(one_percent_events) {
    check_binary("rare_events");
}
BOOST_AUTO_TEST_CASE(constant_scores) {
    check_binary("constant");
}
BOOST_AUTO_TEST_CASE(perfect_scores) {
    check_binary("perfect");
}
BOOST_AUTO_TEST_CASE(reversed_scores) {
    check_binary("reversed");
}
BOOST_AUTO_TEST_CASE(hard_probabilities) {
    check_binary("hard");
}
BOOST_AUTO_TEST_CASE(missing_scores_and_labels) {
    check_binary("nans");
}

BOOST_AUTO_TEST_CASE(regression_with_zero_targets) {
    const json::object all = expected_cases();
    const json::object& c = all.at("regression").as_object();
    const json::object& want = c.at("expected").as_object();
    const json::object got = run_case(c, Task::regression, "target", "pred");
    check_close(got.at("n"), want.at("n"), "regression.n");
    for (const char* key : {"rmse", "mae", "r2", "mape", "mape_skipped_zero_targets"}) {
        check_close(got.at("metrics").at(key), want.at(key), std::string("regression.") + key);
    }
}

BOOST_AUTO_TEST_SUITE_END()
