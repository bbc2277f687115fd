// The report metric names the workflow validator and the trend API know before a run
// (core/figures.hpp) are exactly those a report computes (reports::to_json), in report order.

#include "orchestrator/core/figures.hpp"
#include "orchestrator/reports/csv_reader.hpp"
#include "orchestrator/reports/report.hpp"
#include "orchestrator/reports/report_json.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace core = steward::core;
namespace reports = steward::reports;

namespace {

std::vector<std::string> metrics_of(reports::ReportOptions options, const std::string& csv) {
    auto columns = reports::scored_columns(options, false);
    BOOST_TEST_REQUIRE(columns.has_value());
    auto table = reports::parse_csv(csv, "scored.csv", *columns, 1);
    BOOST_TEST_REQUIRE(table.has_value());
    auto report = reports::build_report(*table, nullptr, options);
    BOOST_TEST_REQUIRE(report.has_value());
    std::vector<std::string> names;
    const boost::json::object json = reports::to_json(*report);
    for (const auto& member : json.at("metrics").as_object()) {
        names.emplace_back(member.key());
    }
    return names;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(figure_names)

BOOST_AUTO_TEST_CASE(metric_names_match_the_reports) {
    reports::ReportOptions binary;
    binary.label = "y";
    binary.score = "p";
    BOOST_TEST(metrics_of(binary, "y,p\n1,0.9\n0,0.1\n1,0.6\n0,0.4\n") ==
                   core::report_metric_names(core::ReportTask::Binary),
               boost::test_tools::per_element());
    reports::ReportOptions regression;
    regression.task = reports::Task::regression;
    regression.label = "y";
    regression.score = "p";
    BOOST_TEST(metrics_of(regression, "y,p\n1,1.5\n2,1.5\n3,3.5\n") ==
                   core::report_metric_names(core::ReportTask::Regression),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
