#include "orchestrator/api/errors.hpp"
#include "orchestrator/api/router.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/api/access_harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

namespace api = steward::api;
namespace store = steward::store;
namespace json = boost::json;

namespace {

// An in-memory store with one workflow, two runs (one with steps, a Livy handle and a task),
// called through the gate as `tester` unless a test names another user.
struct Fixture : api::test::AccessHarness {
    store::RowId run1 = 0;
    store::RowId run2 = 0;
    store::RowId task = 0;
    store::RowId train_exec = 0;

    Fixture() {
        commands.add_workflow("churn");
        const auto def = commands.known["churn"].definition_id;
        run1 = db.runs().create_run(def, R"({"x":1})", "manual", 1000);
        run2 = db.runs().create_run(def, R"({"x":2})", "http", 2000);
        db.runs().set_run_state(run1, store::RunState::running, 1100).value();
        const auto first = db.runs().begin_step(run1, "train", 1, 1100).value();
        db.runs()
            .finish_step(first, {.state = store::StepState::failed, .error = std::string("boom")}, 1200)
            .value();
        train_exec = db.runs().begin_step(run1, "train", 2, 1300).value();
        db.runs()
            .finish_step(train_exec,
                         {.state = store::StepState::succeeded,
                          .outputs_json = std::string(R"({"model_path":"/m/1"})")},
                         1400)
            .value();
        auto handle = db.livy().record_intent(train_exec, store::LivyKind::batch, std::nullopt, 1300).value();
        db.livy().set_livy_id(handle.id, "12", 1310).value();
        db.livy()
            .set_app_info(handle.id,
                          {"application_1_0001", "http://nm:8042/node/containerlogs/c_01/u",
                           "http://rm:8088/proxy/application_1_0001/"},
                          1320)
            .value();
        const auto approve =
            db.runs().begin_step(run1, "approve", 1, 1500, store::StepState::waiting).value();
        store::UserTask t;
        t.run_id = run1;
        t.step_exec_id = approve;
        t.title = "Approve?";
        t.assignees.roles = {"model_owner"};
        t.outcomes_json = R"(["approve","reject"])";
        t.created_at = 1500;
        task = db.tasks().create(t).value();
        db.runs().append_event(run1, std::nullopt, 1000, "run.started");
        db.runs().append_event(run1, approve, 1500, "task.opened", R"({"task_id":1})");
    }
};

json::value body_of(const api::Response& response) {
    return json::parse(response.body);
}

std::string error_code_of(const api::Response& response) {
    return std::string(body_of(response).at("error").at("code").as_string());
}

std::string error_message_of(const api::Response& response) {
    return std::string(body_of(response).at("error").at("message").as_string());
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(handlers, Fixture)

BOOST_AUTO_TEST_CASE(list_runs_newest_first_with_filters) {
    auto all = body_of(call("GET", "/api/runs"));
    BOOST_TEST(all.at("runs").as_array().size() == 2u);
    BOOST_TEST(all.at("runs").at(0).at("id").as_int64() == run2);
    BOOST_TEST(all.at("runs").at(0).at("trigger").as_string() == "http");
    BOOST_TEST(all.at("runs").at(1).at("params").at("x").as_int64() == 1);

    auto running = body_of(call("GET", "/api/runs?state=running"));
    BOOST_TEST(running.at("runs").as_array().size() == 1u);
    BOOST_TEST(running.at("runs").at(0).at("id").as_int64() == run1);
    BOOST_TEST(running.at("runs").at(0).at("started_at").as_string() == "1970-01-01T00:00:01.100Z");

    auto page = body_of(call("GET", "/api/runs?limit=1&offset=1"));
    BOOST_TEST(page.at("runs").as_array().size() == 1u);
    BOOST_TEST(page.at("runs").at(0).at("id").as_int64() == run1);
    BOOST_TEST(body_of(call("GET", "/api/runs?workflow=other")).at("runs").as_array().empty());
}

BOOST_AUTO_TEST_CASE(numbers_print_as_people_write_them_and_runs_show_their_uid) {
    // As boost::json wrote doubles before (and older databases hold): 5E3, 2E-1, 0E0.
    const auto def = commands.known["churn"].definition_id;
    const auto run =
        db.runs().create_run(def, R"({"rows":5E3,"ks_min":2E-1,"psi":0E0,"eps":1E-12})", "http", 3000);
    const auto response = call("GET", "/api/runs/" + std::to_string(run));
    BOOST_TEST(response.status == 200);
    BOOST_TEST(
        response.body.find(R"("params":{"rows":5000,"ks_min":0.2,"psi":0,"eps":1e-12})") != std::string::npos,
        response.body);
    const std::string uid(body_of(response).at("uid").as_string());
    BOOST_TEST(uid == db.runs().get_run(run).value().uid);
    BOOST_TEST(uid.size() == 26U);
}

BOOST_AUTO_TEST_CASE(list_runs_rejects_bad_query_naming_the_parameter) {
    auto bad_state = call("GET", "/api/runs?state=sleeping");
    BOOST_TEST(bad_state.status == 400);
    BOOST_TEST(error_code_of(bad_state) == "invalid_param");
    BOOST_TEST(error_message_of(bad_state).find("'state'") != std::string::npos);
    auto bad_limit = call("GET", "/api/runs?limit=0");
    BOOST_TEST(bad_limit.status == 400);
    BOOST_TEST(error_message_of(bad_limit).find("'limit' must be an integer from 1 to 1000, got '0'") !=
               std::string::npos);
    BOOST_TEST(call("GET", "/api/runs?offset=-1").status == 400);
    BOOST_TEST(call("GET", "/api/runs?limit=ten").status == 400);
}

BOOST_AUTO_TEST_CASE(run_detail_has_steps_attempts_livy_tasks_and_events) {
    const auto response = call("GET", "/api/runs/" + std::to_string(run1));
    BOOST_TEST(response.status == 200);
    const auto run = body_of(response);
    BOOST_TEST(run.at("workflow").as_string() == "churn");
    BOOST_TEST(run.at("state").as_string() == "running");
    const auto& steps = run.at("steps").as_array();
    BOOST_REQUIRE(steps.size() == 2u);
    BOOST_TEST(steps.at(0).at("id").as_string() == "train");
    BOOST_TEST(steps.at(0).at("state").as_string() == "succeeded");
    const auto& attempts = steps.at(0).at("attempts").as_array();
    BOOST_REQUIRE(attempts.size() == 2u);
    BOOST_TEST(attempts.at(0).at("state").as_string() == "failed");
    BOOST_TEST(attempts.at(0).at("error").as_string() == "boom");
    BOOST_TEST(attempts.at(1).at("outputs").at("model_path").as_string() == "/m/1");
    BOOST_TEST(attempts.at(1).at("livy").at(0).at("livy_id").as_string() == "12");
    BOOST_TEST(attempts.at(1).at("livy").at(0).at("kind").as_string() == "batch");
    const auto& batch = attempts.at(1).at("livy").at(0);
    BOOST_TEST(batch.at("app_id").as_string() == "application_1_0001");
    BOOST_TEST(batch.at("driver_log_url").as_string() == "http://nm:8042/node/containerlogs/c_01/u");
    BOOST_TEST(batch.at("spark_ui_url").as_string() == "http://rm:8088/proxy/application_1_0001/");
    BOOST_TEST(steps.at(1).at("state").as_string() == "waiting");
    BOOST_TEST(run.at("tasks").at(0).at("id").as_int64() == task);
    BOOST_TEST(run.at("tasks").at(0).at("step_id").as_string() == "approve");
    BOOST_TEST(run.at("events").as_array().size() == 2u);
    BOOST_TEST(run.at("events").at(1).at("type").as_string() == "task.opened");
    BOOST_TEST(run.at("events").at(1).at("payload").at("task_id").as_int64() == 1);

    const auto last_event = body_of(call("GET", "/api/runs/" + std::to_string(run1) + "?events=1"));
    BOOST_TEST(last_event.at("events").as_array().size() == 1u);
    BOOST_TEST(last_event.at("events").at(0).at("type").as_string() == "task.opened");
}

BOOST_AUTO_TEST_CASE(unknown_run_is_404_and_non_numeric_id_has_no_route) {
    const auto missing = call("GET", "/api/runs/999");
    BOOST_TEST(missing.status == 404);
    BOOST_TEST(error_message_of(missing) == "no run 999");
    BOOST_TEST(call("GET", "/api/runs/abc").status == 404);
}

BOOST_AUTO_TEST_CASE(start_run_returns_201_with_location_and_passes_typed_params) {
    const auto response =
        call("POST", "/api/workflows/churn/runs", R"({"params":{"x":0.5,"flag":true,"name":"n"}})");
    BOOST_TEST(response.status == 201);
    const auto body = body_of(response);
    const auto id = body.at("id").as_int64();
    BOOST_TEST(body.at("url").as_string() == "/api/runs/" + std::to_string(id));
    BOOST_REQUIRE(response.headers.size() == 1u);
    BOOST_TEST(response.headers[0].first == "Location");
    BOOST_TEST(std::get<double>(commands.last_params.at("x")) == 0.5);
    BOOST_TEST(std::get<bool>(commands.last_params.at("flag")));
    BOOST_TEST(std::get<std::string>(commands.last_params.at("name")) == "n");
    // The trigger names who started the run: the token and its user.
    BOOST_TEST(commands.last_trigger.starts_with("http:token "), commands.last_trigger);
    BOOST_TEST(commands.last_trigger.ends_with(" of tester"), commands.last_trigger);
    BOOST_TEST(db.runs().get_run(id).has_value());
}

BOOST_AUTO_TEST_CASE(start_run_errors) {
    // root may trigger every workflow (tester's operator role only churn*).
    const auto unknown = call("POST", "/api/workflows/nope/runs", R"({"params":{"x":1}})", {}, "root");
    BOOST_TEST(unknown.status == 404);
    BOOST_TEST(error_message_of(unknown) == "no workflow 'nope'");
    const auto bad_param = call("POST", "/api/workflows/churn/runs", R"({"params":{"x":"one"}})");
    BOOST_TEST(bad_param.status == 400);
    BOOST_TEST(error_message_of(bad_param).find("param 'x'") != std::string::npos);
    const auto nested = call("POST", "/api/workflows/churn/runs", R"({"params":{"x":[1]}})");
    BOOST_TEST(nested.status == 400);
    BOOST_TEST(error_message_of(nested) == "param 'x': arrays and objects are not allowed");
    const auto bad_json = call("POST", "/api/workflows/churn/runs", R"({"params":{"x":1})");
    BOOST_TEST(bad_json.status == 400);
    BOOST_TEST(error_code_of(bad_json) == "bad_request");
    BOOST_TEST(error_message_of(bad_json).find("not valid JSON") != std::string::npos);
    const auto extra = call("POST", "/api/workflows/churn/runs", R"({"parms":{}})");
    BOOST_TEST(error_message_of(extra) == "unknown field 'parms' in the body (expected: params)");
    BOOST_TEST(call("POST", "/api/workflows/churn/runs", "[1]").status == 400);
    BOOST_TEST(call("POST", "/api/workflows/churn/runs", R"({"params":3})").status == 400);
    const auto named = call("POST", "/api/workflows/churn/runs", R"({"params":{"x":1},"user":"alice"})");
    BOOST_TEST(named.status == 400);
    BOOST_TEST(error_message_of(named) == "unknown field 'user' in the body (expected: params)");
    BOOST_TEST(call("POST", "/api/workflows/nope/runs", R"({"params":{"x":1}})").status == 403);
    BOOST_TEST(call("POST", "/api/workflows/churn/runs", R"({"params":{"x":1}})", {}, "alice").status == 403);
}

BOOST_AUTO_TEST_CASE(wrong_method_is_405_with_allow) {
    const auto response = call("DELETE", "/api/runs");
    BOOST_TEST(response.status == 405);
    BOOST_TEST(error_code_of(response) == "method_not_allowed");
    BOOST_REQUIRE(response.headers.size() == 1u);
    BOOST_TEST(response.headers[0].second == "GET");
    BOOST_TEST(call("GET", "/api/workflows/churn/runs").status == 405);
    BOOST_TEST(call("GET", "/api/nothing").status == 404);
    BOOST_TEST(call("GET", "/api/runs/").status == 404);
}

BOOST_AUTO_TEST_CASE(tasks_are_listed_by_state_and_user) {
    auto open = body_of(call("GET", "/api/tasks"));
    BOOST_REQUIRE(open.at("tasks").as_array().size() == 1u);
    BOOST_TEST(open.at("tasks").at(0).at("title").as_string() == "Approve?");
    BOOST_TEST(open.at("tasks").at(0).at("outcomes").at(1).as_string() == "reject");
    BOOST_TEST(open.at("tasks").at(0).at("assignees").at("roles").at(0).as_string() == "model_owner");
    // alice holds model_owner, bob does not.
    BOOST_TEST(body_of(call("GET", "/api/tasks?user=alice")).at("tasks").as_array().size() == 1u);
    BOOST_TEST(body_of(call("GET", "/api/tasks?user=bob")).at("tasks").as_array().empty());
    BOOST_TEST(call("GET", "/api/tasks?user=mallory").status == 400);
    BOOST_TEST(body_of(call("GET", "/api/tasks?state=completed")).at("tasks").as_array().empty());
    BOOST_TEST(body_of(call("GET", "/api/tasks?state=all")).at("tasks").as_array().size() == 1u);
    BOOST_TEST(body_of(call("GET", "/api/tasks?run=" + std::to_string(run2))).at("tasks").as_array().empty());
    const auto bad = call("GET", "/api/tasks?state=done");
    BOOST_TEST(bad.status == 400);
    BOOST_TEST(error_message_of(bad).find("'state'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(complete_task_passes_user_roles_outcome_and_values) {
    const std::string url = "/api/tasks/" + std::to_string(task) + "/complete";
    const auto response =
        call("POST", url, R"({"outcome":"approve","values":{"comment":"ok"}})", {}, "alice");
    BOOST_TEST(response.status == 200);
    const auto body = body_of(response);
    BOOST_TEST(body.at("state").as_string() == "completed");
    BOOST_TEST(body.at("outcome").as_string() == "approve");
    BOOST_TEST(body.at("responder").as_string() == "alice");
    BOOST_TEST(body.at("response").at("comment").as_string() == "ok");
    BOOST_REQUIRE(commands.last_completion.has_value());
    BOOST_TEST(commands.last_completion->roles.at(0) == "model_owner");

    const auto again = call("POST", url, R"({"outcome":"approve"})", {}, "alice");
    BOOST_TEST(again.status == 409);
    BOOST_TEST(error_code_of(again) == "task_closed");
    BOOST_TEST(body_of(call("GET", "/api/tasks?state=completed")).at("tasks").as_array().size() == 1u);
}

BOOST_AUTO_TEST_CASE(complete_task_checks_the_user_and_the_body) {
    const std::string url = "/api/tasks/" + std::to_string(task) + "/complete";
    // No credentials: 401, and the handler never runs.
    const auto nobody = anonymous("POST", url, R"({"outcome":"approve"})");
    BOOST_TEST(nobody.status == 401);
    BOOST_TEST(error_code_of(nobody) == "unauthenticated");
    // The acting user is the token's: a body "user" is an unknown field, not an identity.
    const auto stranger = call("POST", url, R"({"outcome":"approve","user":"mallory"})", {}, "alice");
    BOOST_TEST(stranger.status == 400);
    BOOST_TEST(error_message_of(stranger).find("unknown field 'user'") != std::string::npos);
    // X-Steward-User is refused in auth.mode local, even naming the token's own user.
    const auto asserted =
        call("POST", url, R"({"outcome":"approve"})", {{"x-steward-user", "alice"}}, "alice");
    BOOST_TEST(asserted.status == 400);
    BOOST_TEST(error_message_of(asserted).find("X-Steward-User") != std::string::npos);
    const auto mismatch = call("POST", url, R"({"outcome":"approve"})", {{"x-steward-user", "bob"}}, "alice");
    BOOST_TEST(mismatch.status == 400);
    // bob has no role with the answer permission.
    const auto unprivileged = call("POST", url, R"({"outcome":"approve"})", {}, "bob");
    BOOST_TEST(unprivileged.status == 403);
    BOOST_TEST(error_message_of(unprivileged).find("'answer'") != std::string::npos);
    const auto no_outcome = call("POST", url, R"({"values":{}})", {}, "alice");
    BOOST_TEST(no_outcome.status == 400);
    BOOST_TEST(error_message_of(no_outcome).find("'outcome'") != std::string::npos);
    BOOST_TEST(call("POST", url, R"({"outcome":"approve","values":[1]})", {}, "alice").status == 400);
    BOOST_TEST(!commands.last_completion.has_value());
    BOOST_TEST(call("POST", "/api/tasks/999/complete", R"({"outcome":"a"})", {}, "alice").status == 404);
}

BOOST_AUTO_TEST_CASE(get_task_and_cancel_run) {
    const auto got = call("GET", "/api/tasks/" + std::to_string(task));
    BOOST_TEST(got.status == 200);
    BOOST_TEST(body_of(got).at("step_id").as_string() == "approve");
    BOOST_TEST(call("GET", "/api/tasks/77").status == 404);

    const std::string cancel = "/api/runs/" + std::to_string(run2) + "/cancel";
    const auto named = call("POST", cancel, R"({"user":"bob"})", {}, "olga");
    BOOST_TEST(named.status == 400);
    BOOST_TEST(error_message_of(named).find("unknown field 'user'") != std::string::npos);
    BOOST_TEST(call("POST", cancel, "", {}, "vera").status == 403);  // a viewer may not cancel
    BOOST_TEST(commands.last_cancel_actor.empty());

    const auto cancelled = call("POST", cancel, "", {}, "olga");
    BOOST_TEST(cancelled.status == 202);
    BOOST_TEST(body_of(cancelled).at("state").as_string() == "cancelled");
    // The actor is the token's user, recorded with the token that acted.
    BOOST_TEST(commands.last_cancel_actor.starts_with("token "));
    BOOST_TEST(commands.last_cancel_actor.ends_with(" of olga"));
    const auto twice = call("POST", cancel, "", {}, "olga");
    BOOST_TEST(twice.status == 409);
}

BOOST_AUTO_TEST_CASE(promote_moves_an_alias_as_the_tokens_user_and_is_audited) {
    for (int i = 0; i < 2; ++i) {
        store::NewModelVersion v;
        v.model = {"risk", "churn"};
        v.version = {1, 0};
        v.artifact_uri = "hdfs:///m/" + std::to_string(i);
        v.at = 100 + i;
        db.registry().register_version(v).value();
    }
    const std::string url = "/api/models/risk:churn/aliases/champion";
    const auto first = call("PUT", url, R"({"version":"risk:churn:1.0.1"})", {}, "alice");
    BOOST_TEST(first.status == 200, first.body);
    BOOST_TEST(body_of(first).at("version").as_string() == "risk:churn:1.0.1");
    BOOST_TEST(body_of(first).at("previous").is_null());
    BOOST_TEST(commands.last_alias_actor.starts_with("token "));
    BOOST_TEST(commands.last_alias_actor.ends_with(" of alice"));
    const auto second = call("PUT", url, R"({"version":"risk:churn:1.0.2"})", {}, "alice");
    BOOST_TEST(second.status == 200, second.body);
    BOOST_TEST(body_of(second).at("previous").as_string() == "risk:churn:1.0.1");
    BOOST_TEST(db.registry().resolve_alias({"risk", "churn"}, "champion").value().build == 2);
    // The gate audits the move with its author.
    const auto audited = db.audit().list_for_object("model", "risk:churn@champion");
    BOOST_REQUIRE(audited.size() == 2U);
    BOOST_TEST(audited.back().action == "alias.move");
    BOOST_TEST(audited.back().actor.ends_with(" of alice"));

    // A body "user" is not an identity; a viewer may not promote; versions must exist and match.
    BOOST_TEST(call("PUT", url, R"({"version":"risk:churn:1.0.1","user":"root"})", {}, "alice").status ==
               400);
    const auto viewer = call("PUT", url, R"({"version":"risk:churn:1.0.1"})", {}, "vera");
    BOOST_TEST(viewer.status == 403);
    BOOST_TEST(error_message_of(viewer).find("'promote'") != std::string::npos);
    BOOST_TEST(call("PUT", url, R"({"version":"risk:churn:9.9.9"})", {}, "alice").status == 404);
    BOOST_TEST(call("PUT", url, R"({"version":"risk:other:1.0.1"})", {}, "alice").status == 400);
    BOOST_TEST(call("PUT", url, "{}", {}, "alice").status == 400);
    BOOST_TEST(db.registry().resolve_alias({"risk", "churn"}, "champion").value().build == 2);
}

BOOST_AUTO_TEST_CASE(workflows_and_health) {
    const auto list = body_of(call("GET", "/api/workflows"));
    BOOST_TEST(list.at("workflows").at(0).at("name").as_string() == "churn");
    BOOST_TEST(list.at("workflows").at(0).at("params").at(0).at("type").as_string() == "number");
    BOOST_TEST(body_of(call("GET", "/api/health")).at("status").as_string() == "ok");
}

BOOST_AUTO_TEST_SUITE_END()
