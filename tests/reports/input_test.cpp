#include "orchestrator/reports/input_source.hpp"
#include "orchestrator/reports/jsonl_reader.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace steward::reports;

namespace {
const std::vector<ColumnRequest> kRequests{
    {"label", ColumnKind::binary}, {"score"}, {"seg", ColumnKind::categorical}};
bool contains(const std::string& s, std::string_view part) {
    return s.find(part) != std::string::npos;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(input_suite)

BOOST_AUTO_TEST_CASE(jsonl_reads_spark_style_records) {
    const std::string text =
        "{\"label\":1,\"score\":0.25,\"seg\":\"a\"}\n"
        "\n"
        "{\"label\":false,\"score\":\"0.5\",\"seg\":3}\n"
        "{\"label\":0.0}\n";  // Spark omits nulls
    auto t = parse_jsonl(text, "in.jsonl", kRequests);
    BOOST_TEST_REQUIRE(t.has_value(), (t ? "" : t.error().message));
    BOOST_TEST(t->rows == 3u);
    BOOST_TEST(t->find("label")->numbers[1] == 0.0);
    BOOST_TEST(t->find("score")->numbers[1] == 0.5);
    BOOST_TEST(std::isnan(t->find("score")->numbers[2]));
    const Column* seg = t->find("seg");
    BOOST_TEST(seg->categories == (std::vector<std::string>{"a", "3"}));
    BOOST_TEST(seg->codes[2] == kMissingCode);
}

BOOST_AUTO_TEST_CASE(jsonl_errors_name_the_line) {
    BOOST_TEST(contains(
        parse_jsonl("{\"label\":1,\"score\":0.1}\n{\"label\":2,\"score\":0.1}\n", "x.jsonl", kRequests)
            .error()
            .message,
        "x.jsonl:2: column 'label': the label is not 0 or 1"));
    const auto abc = parse_jsonl("{\"label\":1,\"score\":\"abc\"}\n", "x.jsonl", kRequests);
    BOOST_TEST(abc.error().message == "x.jsonl:1: column 'score': the value is not a number");
    BOOST_TEST(abc.error().detail == "the value is \"abc\"");
    BOOST_TEST(contains(parse_jsonl("{\"label\":1,\n", "x.jsonl", kRequests).error().message,
                        "x.jsonl:1: not valid JSON"));
    BOOST_TEST(
        contains(parse_jsonl("[1,2]\n", "x.jsonl", kRequests).error().message, "expected a JSON object"));
    BOOST_TEST(contains(parse_jsonl("\n\n", "x.jsonl", kRequests).error().message, "empty file"));
    BOOST_TEST(contains(parse_jsonl("{\"label\":1}\n", "x.jsonl", kRequests).error().message,
                        "column 'score' not found in any record"));
}

BOOST_AUTO_TEST_CASE(locations_and_formats) {
    BOOST_TEST(*local_path("data/x.csv") == "data/x.csv");
    BOOST_TEST(*local_path("file:///tmp/a%20b.csv") == "/tmp/a b.csv");
    BOOST_TEST(*local_path("FILE://localhost/tmp/x.csv") == "/tmp/x.csv");
    BOOST_TEST(contains(local_path("file://host/x.csv").error().message, "remote host 'host'"));
    BOOST_TEST(contains(local_path("file:///x%2").error().message, "bad percent-escape"));
    BOOST_TEST(contains(local_path("hdfs://nn/x.csv").error().message, "Livy source modes"));
    BOOST_TEST((format_of("a.JSONL") == InputFormat::jsonl));
    BOOST_TEST((format_of("a.ndjson") == InputFormat::jsonl));
    BOOST_TEST((format_of("a.csv") == InputFormat::csv));
    BOOST_TEST(contains(read_table("/nonexistent/x.csv", kRequests, 1).error().message,
                        "/nonexistent/x.csv: cannot open"));
}

BOOST_AUTO_TEST_SUITE_END()
