#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/run_lookup.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <limits>

namespace json = boost::json;
using namespace steward;
using namespace steward::engine;

BOOST_AUTO_TEST_SUITE(output_lines)

BOOST_AUTO_TEST_CASE(a_marker_line_gives_its_object) {
    auto parsed = parse_output_line(R"(  STEWARD_OUTPUT {"rows": 10, "table": "scores"})");
    BOOST_REQUIRE(parsed.has_value());
    BOOST_TEST(parsed->error.empty());
    BOOST_TEST(parsed->values.at("rows").as_int64() == 10);
    BOOST_TEST(parsed->values.at("table").as_string() == "scores");
}

BOOST_AUTO_TEST_CASE(other_lines_are_not_outputs) {
    BOOST_TEST(!parse_output_line("INFO SparkContext: Running Spark").has_value());
    BOOST_TEST(!parse_output_line("STEWARD_OUTPUTS {\"a\":1}").has_value());
    BOOST_TEST(!parse_output_line("").has_value());
}

BOOST_AUTO_TEST_CASE(bad_json_is_an_error_not_a_crash) {
    auto broken = parse_output_line("STEWARD_OUTPUT {rows: 10");
    BOOST_REQUIRE(broken.has_value());
    BOOST_TEST(broken->error.find("not valid JSON") != std::string::npos);
    auto array = parse_output_line("STEWARD_OUTPUT [1, 2]");
    BOOST_REQUIRE(array.has_value());
    BOOST_TEST(array->error.find("JSON object") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_last_output_wins_per_key) {
    json::object outputs{{"rows", 1}, {"kept", true}};
    merge_outputs(outputs, json::parse(R"({"rows": 2, "new": "x"})").as_object());
    BOOST_TEST(outputs.at("rows").as_int64() == 2);
    BOOST_TEST(outputs.at("kept").as_bool());
    BOOST_TEST(outputs.at("new").as_string() == "x");
}

BOOST_AUTO_TEST_CASE(values_round_trip_through_json_text) {
    std::map<std::string, core::Value> values{{"n", core::Value{0.25}},
                                              {"b", core::Value{true}},
                                              {"s", core::Value{std::string("30d")}},
                                              {"z", core::Value{}}};
    const auto back = values_from_json_text(values_to_json_text(values));
    BOOST_TEST((back == values));
    BOOST_TEST(object_from_text("not json").empty());
    BOOST_TEST(object_from_text("[1]").empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(json_numbers)

BOOST_AUTO_TEST_CASE(doubles_print_without_boosts_exponents) {
    // boost::json::serialize writes these as 5E3, 2E-1, 0E0, 1.25E-4.
    const json::value v =
        json::parse(R"({"rows":5E3,"ks_min":2E-1,"psi":0E0,"p":1.25E-4,"neg":-2.5E0,)"
                    R"("tiny":1E-12,"huge":1E20,"big":123456789012345E0,"list":[1.5E0,2E0,"x",null,true]})");
    BOOST_TEST(json_text(v) == R"({"rows":5000,"ks_min":0.2,"psi":0,"p":0.000125,"neg":-2.5,"tiny":1e-12,)"
                               R"("huge":1e+20,"big":123456789012345,"list":[1.5,2,"x",null,true]})");
    BOOST_TEST(json_text(json::value(std::numeric_limits<double>::infinity())) == "null");
    BOOST_TEST(json_text(json::value("a\"b")) == R"("a\"b")");
    BOOST_TEST(json_text(json::parse(R"({"k\n":{}})")) == R"({"k\n":{}})");
}

BOOST_AUTO_TEST_CASE(integral_values_become_json_integers) {
    BOOST_TEST(to_json(core::Value{5000.0}).is_int64());
    BOOST_TEST(to_json(core::Value{5000.0}).as_int64() == 5000);
    BOOST_TEST(to_json(core::Value{0.2}).is_double());
    BOOST_TEST(to_json(core::Value{1e300}).is_double());
    BOOST_TEST(values_to_json_text({{"rows", core::Value{5000.0}}, {"ks", core::Value{0.2}}}) ==
               R"({"ks":0.2,"rows":5000})");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(run_lookup)

store::Run sample_run() {
    store::Run run;
    run.id = 42;
    run.uid = "01HWV2ZC00ABCDEFGHJKMNPQRS";
    run.workflow_name = "churn";
    run.params_json = R"({"ks_min": 0.3, "model": "risk:churn"})";
    run.started_at = 1'714'543'200'000;  // 2024-05-01T06:00:00Z
    return run;
}

std::optional<core::Value> find(const RunLookup& lookup, std::vector<std::string> path) {
    return lookup.find(core::Reference{std::move(path), 0});
}

BOOST_AUTO_TEST_CASE(params_run_and_workflow_names) {
    const RunLookup lookup(sample_run(), {});
    BOOST_TEST((find(lookup, {"params", "ks_min"}) == core::Value{0.3}));
    BOOST_TEST((find(lookup, {"run", "id"}) == core::Value{42.0}));
    BOOST_TEST((find(lookup, {"run", "uid"}) == core::Value{std::string("01HWV2ZC00ABCDEFGHJKMNPQRS")}));
    BOOST_TEST((find(lookup, {"run", "started_at"}) == core::Value{std::string("2024-05-01T06:00:00.000Z")}));
    BOOST_TEST((find(lookup, {"workflow", "name"}) == core::Value{std::string("churn")}));
    BOOST_TEST(!find(lookup, {"params", "missing"}).has_value());
}

BOOST_AUTO_TEST_CASE(the_latest_attempt_of_a_step_answers) {
    store::StepExecution first;
    first.step_id = "report";
    first.attempt = 1;
    first.state = store::StepState::failed;
    store::StepExecution second = first;
    second.attempt = 2;
    second.state = store::StepState::succeeded;
    second.outputs_json =
        R"({"metrics": {"ks": 0.41}, "drift": {"age": {"psi": 0.02}}, "table": {"name": "t"}})";
    store::StepExecution task;
    task.step_id = "review";
    task.state = store::StepState::succeeded;
    task.outcome = "keep";
    const RunLookup lookup(sample_run(), {first, second, task});
    BOOST_TEST((find(lookup, {"steps", "report", "state"}) == core::Value{std::string("succeeded")}));
    BOOST_TEST((find(lookup, {"steps", "report", "metrics", "ks"}) == core::Value{0.41}));
    BOOST_TEST((find(lookup, {"steps", "report", "drift", "age", "psi"}) == core::Value{0.02}));
    BOOST_TEST(
        (find(lookup, {"steps", "report", "outputs", "table", "name"}) == core::Value{std::string("t")}));
    BOOST_TEST((find(lookup, {"steps", "review", "outcome"}) == core::Value{std::string("keep")}));
    BOOST_TEST(!find(lookup, {"steps", "report", "outputs", "nope"}).has_value());
    BOOST_TEST(!find(lookup, {"steps", "never_ran", "state"}).has_value());
}

BOOST_AUTO_TEST_CASE(iso_time_is_utc_with_milliseconds) {
    BOOST_TEST(iso_time(0) == "1970-01-01T00:00:00.000Z");
    BOOST_TEST(iso_time(1'714'543'200'123) == "2024-05-01T06:00:00.123Z");
}

BOOST_AUTO_TEST_CASE(json_text_writes_scalars_and_escapes_as_boost_json_does) {
    const json::value value = json::parse(
        R"({"plain":"churn-modelops","escaped":"q \" b \\ n \n t \t c \u0001 \u001f é /","neg":-42,)"
        R"("big":18446744073709551615,"min":-9223372036854775808,"yes":true,"no":false,"none":null,)"
        R"("list":[1,"x",{"k\"ey":[]},{}],"":""})");
    BOOST_TEST(json_text(value) == json::serialize(value));
}

BOOST_AUTO_TEST_SUITE_END()
