// GET /api/workflows, /api/workflows/{name}, /api/workflows/{name}/versions/{version} and the
// field details of POST /api/workflows/{name}/runs, through the gate as production requests go.
#include "orchestrator/store/store.hpp"
#include "tests/api/access_harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

namespace api = steward::api;
namespace json = boost::json;

namespace {

// Two params of each kind the schema maps, a monthly trigger, and a flow with a user task whose
// outcomes branch, a gate and a fail step.
constexpr std::string_view kChurnV1 = R"(name: churn-monthly
description: Monthly churn retraining
params:
  train_data: {type: string, required: true, description: "labelled rows", pattern: '^hdfs:///.*$'}
  env: {type: enum, values: [dev, prod], default: dev}
  ks_min: {type: number, default: 0.3}
  folds: {type: integer, default: 5}
  dry_run: {type: boolean}
triggers:
  - cron: "0 6 1 * *"
    tz: UTC
    params: {train_data: "hdfs:///data/churn/latest"}
steps:
  - id: train
    name: Train on Spark
    type: livy_batch
    file: jobs/churn/train.py
  - id: approve
    type: user_task
    title: Promote?
    assignees: {roles: [model_owner]}
    outcomes: [approve, reject]
    next: {reject: stop}
  - id: check
    type: gate
    cases:
      - {if: "params.ks_min > 0.5", goto: stop}
    default: end
  - id: stop
    type: fail
    message: rejected
)";

constexpr std::string_view kChurnV2 = R"(name: churn-monthly
description: Monthly churn retraining, v2
params:
  train_data: {type: string, required: true}
steps:
  - id: train
    type: livy_batch
    file: jobs/churn/train2.py
)";

constexpr std::string_view kFraud = R"(name: fraud
params:
  period: {type: string, required: true}
steps:
  - id: score
    type: shell
    command: [echo, scored]
)";

json::value body_of(const api::Response& response) {
    return json::parse(response.body);
}

std::string message_of(const api::Response& response) {
    return std::string(body_of(response).at("error").at("message").as_string());
}

const json::object& param_named(const json::value& params, std::string_view name) {
    for (const auto& p : params.as_array()) {
        if (p.at("name").as_string() == name)
            return p.as_object();
    }
    throw std::runtime_error("no param " + std::string(name));
}

struct Fixture : api::test::AccessHarness {
    steward::store::RowId v1 = 0;
    steward::store::RowId v2 = 0;
    steward::store::RowId fraud = 0;
    Fixture() {
        v1 = commands.add_yaml_workflow(kChurnV1, 1000);
        fraud = commands.add_yaml_workflow(kFraud, 1000);
        db.runs().create_run(v1, "{}", "manual", 5000);
        db.runs().create_run(v1, "{}", "cron", 6000);
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(workflow_handlers, Fixture)

BOOST_AUTO_TEST_CASE(detail_has_the_params_schema) {
    const auto response = call("GET", "/api/workflows/churn-monthly");
    BOOST_TEST_REQUIRE(response.status == 200, response.body);
    const auto body = body_of(response);
    BOOST_TEST(body.at("name").as_string() == "churn-monthly");
    BOOST_TEST(body.at("description").as_string() == "Monthly churn retraining");
    const auto& params = body.at("params");
    BOOST_TEST(params.as_array().size() == 5u);
    BOOST_TEST(params.at(0).at("name").as_string() == "train_data");  // file order
    const auto& train = param_named(params, "train_data");
    BOOST_TEST(train.at("type").as_string() == "string");
    BOOST_TEST(train.at("required").as_bool());
    BOOST_TEST(train.at("description").as_string() == "labelled rows");
    BOOST_TEST(train.at("pattern").as_string() == "^hdfs:///.*$");
    BOOST_TEST(!train.contains("default"));
    const auto& env = param_named(params, "env");
    BOOST_TEST(env.at("type").as_string() == "enum");
    BOOST_TEST(!env.at("required").as_bool());
    BOOST_TEST(env.at("default").as_string() == "dev");
    BOOST_TEST(env.at("values").as_array().size() == 2u);
    BOOST_TEST(env.at("values").at(1).as_string() == "prod");
    BOOST_TEST(param_named(params, "ks_min").at("default").as_double() == 0.3);
    // An integral default is a JSON integer (5), not 5.0.
    BOOST_TEST(param_named(params, "folds").at("default").is_int64());
    BOOST_TEST(param_named(params, "folds").at("default").as_int64() == 5);
    BOOST_TEST(!param_named(params, "dry_run").contains("default"));
    BOOST_TEST(param_named(params, "dry_run").at("type").as_string() == "boolean");
}

BOOST_AUTO_TEST_CASE(detail_has_triggers_steps_and_source) {
    const auto body = body_of(call("GET", "/api/workflows/churn-monthly"));
    const auto& trigger = body.at("triggers").at(0);
    BOOST_TEST(trigger.at("cron").as_string() == "0 6 1 * *");
    BOOST_TEST(trigger.at("zone").as_string() == "UTC");
    BOOST_TEST(trigger.at("params").at("train_data").as_string() == "hdfs:///data/churn/latest");
    const std::string next_at(trigger.at("next_at").as_string());
    BOOST_TEST(next_at.substr(7, 16) == "-01T06:00:00.000", next_at);  // the 1st, 06:00 UTC

    const auto& steps = body.at("steps").as_array();
    BOOST_REQUIRE(steps.size() == 4u);
    BOOST_TEST(steps[0].at("id").as_string() == "train");
    BOOST_TEST(steps[0].at("name").as_string() == "Train on Spark");
    BOOST_TEST(steps[0].at("type").as_string() == "livy_batch");
    BOOST_TEST(steps[0].at("summary").as_string() == "jobs/churn/train.py");
    BOOST_TEST(steps[0].at("when").is_null());
    BOOST_TEST(json::serialize(steps[0].at("next")) == R"(["approve"])");
    // approve: reject goes to stop, approve (unlisted) to the following step.
    BOOST_TEST(steps[1].at("name").is_null());
    BOOST_TEST(steps[1].at("summary").as_string() == "Promote? [approve|reject]");
    BOOST_TEST(json::serialize(steps[1].at("next")) == R"(["stop","check"])");
    BOOST_TEST(json::serialize(steps[2].at("next")) == R"(["stop","end"])");
    BOOST_TEST(steps[2].at("summary").as_string() == "1 case");
    BOOST_TEST(json::serialize(steps[3].at("next")) == "[]");

    BOOST_TEST(body.at("source").as_string() == kChurnV1);
    BOOST_TEST(body.at("file").as_string() == "test.yaml");
    BOOST_TEST(body.at("content_hash").as_string().size() == 64u);
}

BOOST_AUTO_TEST_CASE(detail_lists_versions_with_the_current_one_marked) {
    v2 = commands.add_yaml_workflow(kChurnV2, 9000);
    db.runs().create_run(v2, "{}", "manual", 9500);
    const auto body = body_of(call("GET", "/api/workflows/churn-monthly"));
    BOOST_TEST(body.at("definition_id").as_int64() == v2);
    BOOST_TEST(body.at("source").as_string() == kChurnV2);
    const auto& versions = body.at("versions").as_array();
    BOOST_REQUIRE(versions.size() == 2u);
    BOOST_TEST(versions[0].at("id").as_int64() == v2);  // newest first
    BOOST_TEST(versions[0].at("current").as_bool());
    BOOST_TEST(versions[0].at("runs").as_int64() == 1);
    BOOST_TEST(versions[1].at("id").as_int64() == v1);
    BOOST_TEST(!versions[1].at("current").as_bool());
    BOOST_TEST(versions[1].at("runs").as_int64() == 2);
    BOOST_TEST(versions[1].at("created_at").as_string() == "1970-01-01T00:00:01.000Z");
    BOOST_TEST(versions[1].at("first_run_at").as_string() == "1970-01-01T00:00:05.000Z");
    BOOST_TEST(versions[1].at("last_run_at").as_string() == "1970-01-01T00:00:06.000Z");

    // The older version's source, and the current one marked.
    const auto old = call("GET", "/api/workflows/churn-monthly/versions/" + std::to_string(v1));
    BOOST_TEST_REQUIRE(old.status == 200, old.body);
    BOOST_TEST(body_of(old).at("source").as_string() == kChurnV1);
    BOOST_TEST(!body_of(old).at("current").as_bool());
    BOOST_TEST(body_of(old).at("name").as_string() == "churn-monthly");
    const auto now = call("GET", "/api/workflows/churn-monthly/versions/" + std::to_string(v2));
    BOOST_TEST(body_of(now).at("current").as_bool());
}

BOOST_AUTO_TEST_CASE(unknown_workflows_and_versions_are_404_naming_them) {
    const auto unknown = call("GET", "/api/workflows/nope");
    BOOST_TEST(unknown.status == 404);
    BOOST_TEST(message_of(unknown) == "no workflow 'nope'");
    BOOST_TEST(call("GET", "/api/workflows/nope/versions/1").status == 404);
    const auto missing = call("GET", "/api/workflows/churn-monthly/versions/999");
    BOOST_TEST(missing.status == 404);
    BOOST_TEST(message_of(missing) == "workflow 'churn-monthly' has no version 999");
    // Another workflow's version is not this one's.
    BOOST_TEST(call("GET", "/api/workflows/churn-monthly/versions/" + std::to_string(fraud)).status == 404);
    const auto bad = call("GET", "/api/workflows/churn-monthly/versions/abc");
    BOOST_TEST(bad.status == 400);
    BOOST_TEST(message_of(bad).find("'abc'") != std::string::npos);
    BOOST_TEST(call("GET", "/api/workflows/churn-monthly/versions/0").status == 400);
    BOOST_TEST(call("DELETE", "/api/workflows/churn-monthly").status == 405);
}

BOOST_AUTO_TEST_CASE(list_shows_triggers_and_who_may_trigger) {
    const auto list = body_of(call("GET", "/api/workflows", {}, {}, "olga"));
    const auto& workflows = list.at("workflows").as_array();
    BOOST_REQUIRE(workflows.size() == 2u);
    BOOST_TEST(workflows[0].at("name").as_string() == "churn-monthly");
    BOOST_TEST(workflows[0].at("triggers").at(0).at("cron").as_string() == "0 6 1 * *");
    BOOST_TEST(workflows[0].at("params").as_array().size() == 5u);
    BOOST_TEST(workflows[0].at("steps").at(1).at("type").as_string() == "user_task");
    // olga's operator role may trigger churn* only.
    BOOST_TEST(workflows[0].at("can_trigger").as_bool());
    BOOST_TEST(workflows[1].at("name").as_string() == "fraud");
    BOOST_TEST(!workflows[1].at("can_trigger").as_bool());
    BOOST_TEST(workflows[1].at("triggers").as_array().empty());
}

BOOST_AUTO_TEST_CASE(access_view_for_all_workflows_trigger_by_glob) {
    // View is not limited by the role's workflow globs (they limit trigger, docs/security.md):
    // olga (operator, churn-*) reads fraud, is told she may not trigger it, and is refused when
    // she tries.
    const auto fraud_as_olga = call("GET", "/api/workflows/fraud", {}, {}, "olga");
    BOOST_TEST_REQUIRE(fraud_as_olga.status == 200);
    BOOST_TEST(!body_of(fraud_as_olga).at("can_trigger").as_bool());
    BOOST_TEST(
        body_of(call("GET", "/api/workflows/churn-monthly", {}, {}, "olga")).at("can_trigger").as_bool());
    BOOST_TEST(call("POST", "/api/workflows/fraud/runs", R"({"params":{"period":"p"}})", {}, "olga").status ==
               403);
    // A viewer may read but not trigger.
    const auto viewer = call("GET", "/api/workflows/churn-monthly", {}, {}, "vera");
    BOOST_TEST(viewer.status == 200);
    BOOST_TEST(!body_of(viewer).at("can_trigger").as_bool());
    // bob has no role: refused everywhere, as the list refuses him.
    BOOST_TEST(call("GET", "/api/workflows", {}, {}, "bob").status == 403);
    BOOST_TEST(call("GET", "/api/workflows/churn-monthly", {}, {}, "bob").status == 403);
    BOOST_TEST(
        call("GET", "/api/workflows/churn-monthly/versions/" + std::to_string(v1), {}, {}, "bob").status ==
        403);
    BOOST_TEST(call("GET", "/api/workflows/nope", {}, {}, "bob").status == 403);  // no existence leak
    // A token without workflows:read may not read workflows; one limited to churn-* may trigger
    // only those, and the detail says so.
    const std::string runs_only = token("tester", {"runs:read"});
    BOOST_TEST(call("GET", "/api/workflows/churn-monthly", {}, {{"authorization", "Bearer " + runs_only}}, "")
                   .status == 403);
    const std::string churn_only = token("root", {"workflows:read", "runs:trigger"}, "churn-*");
    const auto limited = call("GET", "/api/workflows", {}, {{"authorization", "Bearer " + churn_only}}, "");
    BOOST_TEST_REQUIRE(limited.status == 200);
    BOOST_TEST(body_of(limited).at("workflows").at(0).at("can_trigger").as_bool());
    BOOST_TEST(!body_of(limited).at("workflows").at(1).at("can_trigger").as_bool());
    // Without a trigger scope, nothing may be triggered.
    const std::string read_only = token("root", {"workflows:read"});
    const auto reading =
        call("GET", "/api/workflows/churn-monthly", {}, {{"authorization", "Bearer " + read_only}}, "");
    BOOST_TEST(!body_of(reading).at("can_trigger").as_bool());
}

BOOST_AUTO_TEST_CASE(start_run_errors_carry_the_field) {
    // The fake's own check answers first (as the engine would, one message); the details come
    // from the workflow's declared params.
    commands.add_workflow("churn-x");
    const auto bad = call("POST", "/api/workflows/churn-x/runs", R"({"params":{"x":"one","y":1}})");
    BOOST_TEST_REQUIRE(bad.status == 400);
    const auto error = body_of(bad).at("error");
    BOOST_TEST(error.at("message").as_string() == "param 'x' must be a number");  // unchanged
    const auto& details = error.at("details").as_array();
    BOOST_REQUIRE(details.size() == 2u);
    BOOST_TEST(details[0].at("field").as_string() == "x");
    BOOST_TEST(details[0].at("message").as_string().find("must be a number") != std::string::npos);
    BOOST_TEST(details[1].at("field").as_string() == "y");
    BOOST_TEST(details[1].at("message").as_string().find("unknown param 'y'") != std::string::npos);

    const auto missing = call("POST", "/api/workflows/churn-x/runs", R"({"params":{}})");
    BOOST_TEST(missing.status == 400);
    BOOST_TEST(body_of(missing).at("error").at("details").at(0).at("field").as_string() == "x");
    BOOST_TEST(body_of(missing).at("error").at("details").at(0).at("message").as_string() ==
               "missing required param 'x'");

    const auto nested = call("POST", "/api/workflows/churn-x/runs", R"({"params":{"x":[1]}})");
    BOOST_TEST(nested.status == 400);
    BOOST_TEST(body_of(nested).at("error").at("details").at(0).at("field").as_string() == "x");
    const auto not_object = call("POST", "/api/workflows/churn-x/runs", R"({"params":3})");
    BOOST_TEST(body_of(not_object).at("error").at("details").at(0).at("field").as_string() == "params");

    // Errors that are not about a field carry no details.
    const auto unknown = call("POST", "/api/workflows/nope/runs", R"({"params":{"x":1}})", {}, "root");
    BOOST_TEST(unknown.status == 404);
    BOOST_TEST(!body_of(unknown).at("error").as_object().contains("details"));
    const auto bad_json = call("POST", "/api/workflows/churn-x/runs", R"({"params":)");
    BOOST_TEST(!body_of(bad_json).at("error").as_object().contains("details"));
}

BOOST_AUTO_TEST_CASE(step_summaries_name_what_each_step_does) {
    const auto body = body_of(call("GET", "/api/workflows/fraud"));
    BOOST_TEST(body.at("steps").at(0).at("summary").as_string() == "echo scored");
    BOOST_TEST(json::serialize(body.at("steps").at(0).at("next")) == R"(["end"])");
}

BOOST_AUTO_TEST_SUITE_END()
