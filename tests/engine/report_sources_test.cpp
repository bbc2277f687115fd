// The pure parts of the report step's Livy sources: reader formats, generated statements, page
// assembly, the aggregate output and the report built from aggregates.

#include "orchestrator/engine/report_livy_aggregate.hpp"
#include "orchestrator/engine/report_livy_paged.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>

namespace json = boost::json;
namespace reports = steward::reports;
using namespace steward::engine::detail;

namespace {

LivyInput input(std::string location, std::string format = {}) {
    return LivyInput{
        std::move(location),
        std::move(format),
        {{"y", reports::ColumnKind::binary, true}, {"seg", reports::ColumnKind::categorical, false}},
        "_st_perf_scored"};
}

AggregatePlan plan() {
    AggregatePlan p;
    p.scored = input("hdfs:///s");
    p.label = "y";
    p.score = "p";
    p.prefix = "_st_perf";
    return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report_sources)

BOOST_AUTO_TEST_CASE(the_reader_format_comes_from_the_step_or_the_extension) {
    BOOST_TEST(spark_format(input("hdfs:///x.csv", "orc")) == "orc");
    BOOST_TEST(spark_format(input("hdfs:///x.csv")) == "csv");
    BOOST_TEST(spark_format(input("s3a://b/scored.parquet/")) == "parquet");
    BOOST_TEST(spark_format(input("/data/s.jsonl")) == "json");
    BOOST_TEST(spark_format(input("/data/s.orc")) == "orc");
    BOOST_TEST(spark_format(input("hdfs:///warehouse/scored")) == "parquet");
}

BOOST_AUTO_TEST_CASE(statements_select_and_cast_only_the_needed_columns) {
    const std::string load = load_code(input("hdfs:///a \"b\".csv"));
    BOOST_TEST(load.find(R"(_st_load("hdfs:///a \"b\".csv", "csv", [("y", "double"), ("seg", "string")]))") !=
                   std::string::npos,
               load);
    BOOST_TEST(load.substr(load.rfind('\n') + 1) == "%json _st_perf_scored_info");
    const std::string page = page_code(input("x"), 500);
    BOOST_TEST(page.find("islice(_st_perf_scored_iter, 500)") != std::string::npos, page);
    BOOST_TEST(page.substr(page.rfind('\n') + 1) == "%json _st_perf_scored_page");
}

BOOST_AUTO_TEST_CASE(pages_become_json_lines_and_bad_pages_are_described) {
    std::string jsonl;
    std::size_t rows = 0;
    auto done = append_page(
        json::parse(R"({"columns":["y","seg"],"rows":[[1,"a"],[null,"b"]],"done":false})"), jsonl, rows);
    BOOST_TEST(std::get<bool>(done) == false);
    BOOST_TEST(jsonl == "{\"y\":1,\"seg\":\"a\"}\n{\"y\":null,\"seg\":\"b\"}\n");
    BOOST_TEST(rows == 2U);
    done = append_page(json::parse(R"({"columns":["y","seg"],"rows":[],"done":true})"), jsonl, rows);
    BOOST_TEST(std::get<bool>(done) == true);
    const auto error = [&](std::string_view text) {
        auto got = append_page(json::parse(text), jsonl, rows);
        return std::holds_alternative<std::string>(got) ? std::get<std::string>(got)
                                                        : std::string("(no error)");
    };
    BOOST_TEST(error(R"([1,2])") ==
               R"(the page is not {"columns": [...], "rows": [[...]], "done": true|false})");
    BOOST_TEST(error(R"({"columns":[1],"rows":[],"done":true})") ==
               "a column name of the page is not a string");
    BOOST_TEST(error(R"({"columns":["y"],"rows":[[1,2]],"done":true})") ==
               "row 3 of the page does not have 1 values");
}

BOOST_AUTO_TEST_CASE(aggregate_outputs_become_score_groups) {
    auto parsed = parse_aggregates(json::parse(R"({"scored_rows": 7, "skipped": 1, "bad_labels": 0,
        "groups": [[0.2, 1, 2], ["inf", 1, 0], [0.9, 2, 0]], "score": null})"),
                                   plan());
    BOOST_REQUIRE(std::holds_alternative<reports::AggregateInput>(parsed));
    const auto& in = std::get<reports::AggregateInput>(parsed);
    BOOST_TEST(in.scored_rows == 7U);
    BOOST_TEST(in.rows_skipped == 1U);
    BOOST_REQUIRE(in.groups.has_value());
    BOOST_TEST(in.groups->size() == 3U);
    BOOST_TEST(std::isinf(in.groups->score.front()));  // descending: +inf first
    BOOST_TEST(in.groups->total_events == 4.0);
    const auto error = [](std::string_view text) {
        auto got = parse_aggregates(json::parse(text), plan());
        return std::holds_alternative<std::string>(got) ? std::get<std::string>(got)
                                                        : std::string("(no error)");
    };
    BOOST_TEST(error(R"({"skipped": 0})") == R"(the aggregates have no "scored_rows" count)");
    BOOST_TEST(error(R"({"scored_rows": 1, "skipped": 0, "bad_labels": 0, "groups": [[0.5, -1, 0]]})") ==
               "a score group is not [score, events, non-events]");
    BOOST_TEST(error(R"({"scored_rows": 1, "skipped": 0, "bad_labels": 0, "groups": [[0.5, 1.5, 0]]})") ==
               "a score group is not [score, events, non-events]");
    BOOST_TEST(error(R"({"scored_rows": 1, "groups": []})") ==
               R"(the aggregates have no "groups", "bad_labels" and "skipped")");
}

BOOST_AUTO_TEST_CASE(reports_from_aggregates_check_their_bins) {
    reports::AggregateInput in;
    in.scored_source = "hdfs:///s";
    in.reference_source = "hdfs:///r";
    in.groups = reports::groups_from_counts(std::vector<double>{0.9, 0.1}, std::vector<double>{3, 1},
                                            std::vector<double>{1, 3})
                    .value();
    reports::BinnedCounts age;
    age.name = "age";
    age.edges = {30, 40};
    age.reference_counts = {5, 5, 5};
    age.current_counts = {2, 3, 10};
    in.features.push_back(age);
    reports::ReportOptions options;
    auto report = reports::report_from_aggregates(in, options);
    BOOST_REQUIRE(report.has_value());
    BOOST_TEST(report->performance->rows_used == 8U);
    BOOST_TEST(*report->performance->binary->metrics.auc == 0.75);  // 9 wins + 6 ties / 2 of 16 pairs
    const auto& drift = report->drift->features.at(0);
    BOOST_TEST(drift.psi.value.has_value());
    BOOST_TEST(!drift.ks_statistic.value.has_value());
    BOOST_TEST(drift.ks_statistic.reason == "needs every value; not computed in aggregate mode");
    BOOST_TEST(report->warnings.size() == 1U);

    in.features[0].current_counts = {1, 2};
    BOOST_TEST(reports::report_from_aggregates(in, options).error().message ==
               "aggregate counts of 'age': 3 bins but 3 reference and 2 current counts");
    in.features[0].current_counts = {2, 3, 10};
    in.features[0].edges = {40, 30};
    BOOST_TEST(reports::report_from_aggregates(in, options).error().message ==
               "aggregate counts of 'age': the edges are not strictly ascending");
    options.task = reports::Task::regression;
    BOOST_TEST(reports::report_from_aggregates(in, options).error().message.find("binary reports") !=
               std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
