// The API additions the web UI codes against (docs/api.md): the inbox query of GET /api/tasks
// (for, overdue, sort, total), a task's decision history across reruns, the models dashboard
// fields (champion, previous_report, open/overdue tasks, thresholds from the workflow's gates,
// health), the trend's thresholds and the report page's drift bands and characteristic summary. Called
// through the router and its gate.
#include "orchestrator/api/report_charts.hpp"
#include "orchestrator/api/router.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/api/access_harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace api = steward::api;
namespace store = steward::store;
namespace json = boost::json;

namespace {

constexpr store::Millis kPast = 1'000;                // long overdue
constexpr store::Millis kFuture = 4'000'000'000'000;  // year 2096

json::value body_of(const api::Response& response) {
    return json::parse(response.body);
}

std::string message_of(const api::Response& response) {
    return std::string(body_of(response).at("error").at("message").as_string());
}

std::vector<std::int64_t> ids_of(const json::value& body, const char* list = "tasks") {
    std::vector<std::int64_t> out;
    for (const auto& item : body.at(list).as_array()) {
        out.push_back(item.at("id").as_int64());
    }
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

struct UiFixture : api::test::AccessHarness {
    store::RowId def = 0;
    int attempt = 0;

    UiFixture() {
        commands.add_workflow("churn");
        def = commands.known["churn"].definition_id;
    }

    store::RowId run(std::optional<store::RowId> rerun_of = std::nullopt, store::RowId definition = 0,
                     const char* params = "{}") {
        return db.runs().create_run(definition != 0 ? definition : def, params, "manual", 1000, rerun_of);
    }

    store::RowId task(store::RowId in_run, store::Assignees assignees, std::optional<store::Millis> deadline,
                      const std::string& step = "approve") {
        store::UserTask t;
        t.run_id = in_run;
        t.step_exec_id =
            db.runs().begin_step(in_run, step, ++attempt, 1500, store::StepState::waiting).value();
        t.title = "Approve?";
        t.assignees = std::move(assignees);
        t.outcomes_json = R"(["approve","reject"])";
        t.deadline_at = deadline;
        t.created_at = 1500 + attempt;
        return db.tasks().create(t).value();
    }

    json::value get(const std::string& target, const std::string& as = "alice") {
        const auto response = call("GET", target, {}, {}, as);
        BOOST_TEST_REQUIRE(response.status == 200, target << ": " << response.body);
        return body_of(response);
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(ui_queries, UiFixture)

BOOST_AUTO_TEST_CASE(the_inbox_lists_the_callers_tasks_by_deadline_with_their_total) {
    const auto r = run();
    const auto mine = task(r, {{"alice"}, {}}, kFuture);
    const auto role = task(r, {{}, {"model_owner"}}, kPast);
    const auto no_deadline = task(r, {{}, {"model_owner"}}, std::nullopt);
    const auto bobs = task(r, {{"bob"}, {"validator"}}, kPast);

    BOOST_TEST(ids_of(get("/api/tasks?for=me")) == std::vector<std::int64_t>{mine});
    BOOST_TEST(ids_of(get("/api/tasks?for=roles")) == (std::vector<std::int64_t>{no_deadline, role}));
    const auto answerable = get("/api/tasks?for=answerable&sort=deadline");
    BOOST_TEST(ids_of(answerable) == (std::vector<std::int64_t>{role, mine, no_deadline}));
    BOOST_TEST(answerable.at("total").as_int64() == 3);
    // Each task names its run's workflow, so the inbox needs no request per row.
    BOOST_TEST(answerable.at("tasks").at(0).at("workflow").as_string() == "churn");
    BOOST_TEST(get("/api/tasks/" + std::to_string(mine)).at("workflow").as_string() == "churn");
    // The badge and the list agree on every page.
    const auto page = get("/api/tasks?for=answerable&sort=deadline&limit=1&offset=2");
    BOOST_TEST(ids_of(page) == std::vector<std::int64_t>{no_deadline});
    BOOST_TEST(page.at("total").as_int64() == 3);
    const auto overdue = get("/api/tasks?overdue=true&sort=deadline");
    BOOST_TEST(ids_of(overdue) == (std::vector<std::int64_t>{role, bobs}));
    BOOST_TEST(overdue.at("total").as_int64() == 2);
    BOOST_TEST(ids_of(get("/api/tasks?for=answerable&overdue=true")) == std::vector<std::int64_t>{role});
    // vera holds no role a task names: "my roles" lists nothing, not everyone's.
    const auto vera = get("/api/tasks?for=roles", "vera");
    BOOST_TEST(vera.at("tasks").as_array().empty());
    BOOST_TEST(vera.at("total").as_int64() == 0);
    BOOST_TEST(get("/api/tasks?state=all").at("total").as_int64() == 4);
    BOOST_TEST(get("/api/tasks?state=completed").at("total").as_int64() == 0);
}

BOOST_AUTO_TEST_CASE(unknown_inbox_values_are_400_naming_the_parameter) {
    for (const auto& [query, parameter] :
         std::vector<std::pair<std::string, std::string>>{{"for=everyone", "'for'"},
                                                          {"for=me&user=alice", "'for'"},
                                                          {"overdue=yes", "'overdue'"},
                                                          {"overdue=true&state=all", "'overdue'"},
                                                          {"sort=oldest", "'sort'"},
                                                          {"sort=deadline&state=completed", "'sort'"}}) {
        const auto response = call("GET", "/api/tasks?" + query, {}, {}, "alice");
        BOOST_TEST(response.status == 400, query);
        BOOST_TEST(body_of(response).at("error").at("code").as_string() == "invalid_param", query);
        BOOST_TEST(message_of(response).find(parameter) != std::string::npos, query << ": " << response.body);
    }
}

BOOST_AUTO_TEST_CASE(a_task_carries_the_decisions_of_its_step_across_reruns) {
    const auto first = run();
    const auto rerun = run(first);
    const auto again = run(rerun);
    const auto unrelated = run();
    const auto decided = task(first, {{"alice"}, {}}, std::nullopt);
    db.tasks().answer(decided, {"reject", "alice", R"({"comment":"KS too low"})", 2000}).value();
    const auto timed_out = task(rerun, {{"alice"}, {}}, std::nullopt);
    db.tasks().close(timed_out, store::TaskState::timed_out, 3000, "reject").value();
    const auto elsewhere = task(unrelated, {{"alice"}, {}}, std::nullopt);
    db.tasks().answer(elsewhere, {"approve", "alice", "{}", 2500}).value();
    const auto open = task(again, {{"alice"}, {}}, std::nullopt);

    const auto body = get("/api/tasks/" + std::to_string(open));
    BOOST_TEST(body.at("state").as_string() == "open");
    const auto& history = body.at("history").as_array();
    BOOST_TEST_REQUIRE(history.size() == 2U);
    BOOST_TEST(history.at(0).at("id").as_int64() == timed_out);
    BOOST_TEST(history.at(0).at("state").as_string() == "timed_out");
    BOOST_TEST(history.at(0).at("responder").is_null());
    BOOST_TEST(history.at(1).at("id").as_int64() == decided);
    BOOST_TEST(history.at(1).at("run_id").as_int64() == first);
    BOOST_TEST(history.at(1).at("outcome").as_string() == "reject");
    BOOST_TEST(history.at(1).at("responder").as_string() == "alice");
    BOOST_TEST(history.at(1).at("response").at("comment").as_string() == "KS too low");
    BOOST_TEST(history.at(1).at("responded_at").as_string() == "1970-01-01T00:00:02.000Z");
    BOOST_TEST(history.at(1).at("closed_at").as_string() == "1970-01-01T00:00:02.000Z");
    BOOST_TEST(history.at(1).as_object().size() == 8U);
    BOOST_TEST(get("/api/tasks/" + std::to_string(elsewhere)).at("history").as_array().size() == 1U);
}

BOOST_AUTO_TEST_CASE(models_carry_champion_previous_report_tasks_thresholds_and_health) {
    // workflows/churn-demo.yaml registers modelops:churn-demo and gates on
    // steps.monitor.metrics.ks >= params.ks_min and steps.monitor.stability.score_psi <= params.psi_max.
    const auto demo = commands.add_yaml_workflow(read_file(STEWARD_SOURCE_DIR "/workflows/churn-demo.yaml"));
    const auto registering = run(std::nullopt, demo, R"({"out_dir":"/tmp/x","ks_min":0.35})");
    store::NewModelVersion v;
    v.model = {"modelops", "churn-demo"};
    v.version = {1, 0};
    v.artifact_uri = "file:///m/1";
    v.run_id = registering;
    v.at = 100;
    db.registry().register_version(v).value();
    db.registry().set_alias(v.model, "champion", {v.model, 1, 0, 1}, "alice", 200).value();
    const auto save_report = [&](const char* period, store::Millis at, double ks, double psi) {
        store::Report r;
        r.model = "modelops:churn-demo";
        r.model_version = "1.0.1";
        r.period_label = period;
        r.created_at = at;
        r.report_json = "{}";
        r.figures = {{"ks", ks}, {"score_psi", psi}};
        return db.reports().save(r).value();
    };
    const auto before = save_report("2026-11-30", 5000, 0.41, 0.02);
    const auto latest = save_report("2026-12-07", 6000, 0.31, 0.30);
    task(registering, {{}, {"model_owner"}}, kPast);
    task(run(std::nullopt, demo, R"({"out_dir":"/tmp/y"})"), {{}, {"model_owner"}}, kFuture);
    task(run(), {{}, {"model_owner"}}, kPast);  // workflow "churn" registered no version of it

    for (const std::string target : {"/api/models", "/api/models/modelops:churn-demo"}) {
        auto body = get(target, "vera");
        const json::value model = target == "/api/models" ? body.at("models").at(0) : body;
        BOOST_TEST(model.at("champion").as_string() == "1.0.1", target);
        BOOST_TEST(model.at("latest_report").at("id").as_int64() == latest);
        BOOST_TEST(model.at("previous_report").at("id").as_int64() == before);
        BOOST_TEST(model.at("previous_report").at("figures").at("ks").as_double() == 0.41);
        BOOST_TEST(model.at("open_tasks").as_int64() == 2);
        BOOST_TEST(model.at("overdue_tasks").as_int64() == 1);
        const auto& thresholds = model.at("thresholds").as_array();
        BOOST_TEST_REQUIRE(thresholds.size() == 2U);
        BOOST_TEST(thresholds.at(0) == json::parse(R"({"figure":"ks","op":">=","value":0.35,
                                                       "source":"churn-demo step check"})"));
        BOOST_TEST(thresholds.at(1) == json::parse(R"({"figure":"score_psi","op":"<=","value":0.25,
                                                       "source":"churn-demo step check"})"));
        BOOST_TEST(model.at("health").as_string() == "breach");
        const auto& breached = model.at("breached").as_array();
        BOOST_TEST_REQUIRE(breached.size() == 2U);
        BOOST_TEST(breached.at(0).at("figure").as_string() == "ks");
        BOOST_TEST(breached.at(0).at("actual").as_double() == 0.31);
        BOOST_TEST(breached.at(1).at("figure").as_string() == "score_psi");
    }

    const auto trend = get("/api/models/modelops:churn-demo/trend?figure=score_psi", "vera");
    BOOST_TEST(trend.at("points").as_array().size() == 2U);
    BOOST_TEST(trend.at("thresholds") == json::parse(R"([{"figure":"score_psi","op":"<=","value":0.25,
                                                         "source":"churn-demo step check"}])"));
    BOOST_TEST(
        get("/api/models/modelops:churn-demo/trend?figure=auc", "vera").at("thresholds").as_array().empty());
}

BOOST_AUTO_TEST_CASE(a_model_without_a_workflow_or_reports_is_unknown) {
    store::NewModelVersion v;
    v.model = {"risk", "fraud"};
    v.version = {0, 1};
    v.artifact_uri = "file:///m/f";
    v.at = 100;
    db.registry().register_version(v).value();
    const auto model = get("/api/models/risk:fraud", "vera");
    BOOST_TEST(model.at("champion").is_null());
    BOOST_TEST(model.at("previous_report").is_null());
    BOOST_TEST(model.at("open_tasks").as_int64() == 0);
    BOOST_TEST(model.at("thresholds").as_array().empty());
    BOOST_TEST(model.at("health").as_string() == "unknown");
    BOOST_TEST(model.at("breached").as_array().empty());
}

BOOST_AUTO_TEST_CASE(a_reports_charts_carry_the_drift_bands_the_score_drift_and_the_characteristic_summary) {
    const json::value report = json::parse(R"({
        "drift":{"age":{"kind":"numeric","psi":0.3,"ks":0.2,"ks_pvalue":0.01,"missing":3,"missing_reference":0},
                 "city":{"kind":"categorical","psi":0.12,"chi2_pvalue":0.2,"missing":0},
                 "tenure":{"kind":"numeric","psi":0.05},
                 "empty":{"kind":"numeric","psi":null}},
        "stability":{"score_psi":0.04,"score":{"kind":"numeric","psi":0.04,"ks":0.03,"missing":0}},
        "characteristic":{"features":4,"p1":2,"p25":1,"psi_undefined":1}})");
    const json::object charts = api::report_charts(report, api::kMaxCurvePoints);
    const auto& drift = charts.at("drift").as_array();
    BOOST_TEST_REQUIRE(drift.size() == 4U);
    BOOST_TEST(drift.at(0).at("feature").as_string() == "age");
    BOOST_TEST(drift.at(0).at("band").as_string() == "significant");
    BOOST_TEST(drift.at(0).at("ks_pvalue").as_double() == 0.01);
    BOOST_TEST(drift.at(0).at("missing").as_int64() == 3);
    BOOST_TEST(drift.at(1).at("band").as_string() == "moderate");
    BOOST_TEST(drift.at(2).at("band").as_string() == "stable");
    BOOST_TEST(drift.at(3).at("band").is_null());
    BOOST_TEST(charts.at("score_drift").at("ks").as_double() == 0.03);
    BOOST_TEST(charts.at("score_drift").at("band").as_string() == "stable");
    BOOST_TEST(charts.at("characteristic") ==
               json::parse(R"({"features":4,"p1":2,"p25":1,"psi_undefined":1})"));
    BOOST_TEST(charts.at("psi_bands") == json::parse(R"({"moderate":0.1,"significant":0.25})"));
    // A regression report without reference data: no drift parts.
    const json::object plain =
        api::report_charts(json::parse(R"({"task":"regression"})"), api::kMaxCurvePoints);
    BOOST_TEST(plain.at("score_drift").is_null());
    BOOST_TEST(plain.at("characteristic").is_null());
}

BOOST_AUTO_TEST_SUITE_END()
