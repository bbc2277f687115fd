// The model registry and report routes, called through the router and its gate: GET /api/models,
// /api/models/{model}, /api/models/{model}/versions/{version}, PUT .../aliases/{alias} (with its
// refusals), GET /api/reports and the charts of GET /api/reports/{id}.
#include "orchestrator/api/report_charts.hpp"
#include "orchestrator/api/router.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/api/access_harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace api = steward::api;
namespace store = steward::store;
namespace json = boost::json;

namespace {

// risk:churn with versions 1.0.1, 1.0.2 (registered by run `run`, step "train") and 2.0.1, three
// reports (two of 1.0.2); risk:fraud with 0.1.1 and no report.
struct RegistryFixture : api::test::AccessHarness {
    store::RowId run = 0;
    std::vector<store::RowId> reports;

    RegistryFixture() {
        commands.add_workflow("churn");
        run = db.runs().create_run(commands.known["churn"].definition_id, "{}", "manual", 1000);
        add_version({"risk", "churn"}, 1, 0, 100);
        add_version({"risk", "churn"}, 1, 0, 200, true);
        add_version({"risk", "churn"}, 2, 0, 300);
        add_version({"risk", "fraud"}, 0, 1, 400);
        add_report("1.0.1", "2026-08", 2000, {{"ks", 0.30}, {"gini", 0.5}, {"log_loss", 0.4}});
        add_report("1.0.2", "2026-09", 3000,
                   {{"ks", 0.35}, {"auc", std::numeric_limits<double>::quiet_NaN()}});
        add_report("1.0.2", "2026-10", 4000, {{"ks", 0.40}, {"score_psi", 0.02}});
    }

    void add_version(const store::ModelName& model, std::int64_t major, std::int64_t minor, store::Millis at,
                     bool lineage = false) {
        store::NewModelVersion v;
        v.model = model;
        v.version = {major, minor};
        v.artifact_uri = "hdfs:///m/" + model.artifact + "/" + std::to_string(at);
        v.metrics_json = R"({"auc":0.8})";
        v.tags_json = R"({"team":"risk"})";
        v.params_json = R"({"depth":6})";
        v.data_json = R"({"train":"s3://d/2026-09"})";
        if (lineage) {
            v.run_id = run;
            v.step_id = "train";
        }
        v.at = at;
        db.registry().register_version(v).value();
    }

    void add_report(const char* version, const char* period, std::int64_t at,
                    std::vector<std::pair<std::string, double>> figures, std::string body = "{}") {
        store::Report r;
        r.run_id = run;
        r.step_id = "perf";
        r.model = "risk:churn";
        r.model_version = version;
        r.period_label = period;
        r.created_at = at;
        r.report_json = std::move(body);
        r.figures = std::move(figures);
        reports.push_back(db.reports().save(r).value());
    }

    api::Response get(const std::string& target) { return call("GET", target, {}, {}, "vera"); }
    api::Response promote(const std::string& alias, const std::string& body,
                          const std::string& as = "alice") {
        return call("PUT", "/api/models/risk:churn/aliases/" + alias, body, {}, as);
    }
};

json::value body_of(const api::Response& response) {
    return json::parse(response.body);
}

std::string message_of(const api::Response& response) {
    return std::string(body_of(response).at("error").at("message").as_string());
}

std::string code_of(const api::Response& response) {
    return std::string(body_of(response).at("error").at("code").as_string());
}

// A binary report with a ROC/KS curve of `points` points whose largest tpr - fpr is at index `ks_at`.
std::string report_with_curve(std::size_t points, std::size_t ks_at) {
    json::array roc;
    json::array ks;
    for (std::size_t i = 0; i < points; ++i) {
        const double x = static_cast<double>(i) / static_cast<double>(points - 1);
        const double tpr = i == ks_at ? std::min(1.0, x + 0.6) : std::min(1.0, x + 0.1);
        roc.push_back(json::object{{"threshold", 1 - x}, {"fpr", x}, {"tpr", tpr}});
        ks.push_back(json::object{{"threshold", 1 - x}, {"depth", x}, {"tpr", tpr}, {"fpr", x}});
    }
    json::array lift;
    for (int bin = 1; bin <= 10; ++bin) {
        lift.push_back(json::object{{"bin", bin},
                                    {"depth", bin / 10.0},
                                    {"lift", 1.5},
                                    {"cum_lift", 1.2},
                                    {"capture_rate", 0.1},
                                    {"cum_capture_rate", bin / 10.0}});
    }
    const json::object report{
        {"task", "binary"},
        {"threshold", 0.5},
        {"confusion", json::object{{"tn", 50}, {"fp", 10}, {"fn", 5}, {"tp", 35}, {"source", "threshold"}}},
        {"lift", lift},
        {"curves", json::object{{"roc", roc}, {"ks", ks}}},
        {"drift", json::object{{"age", json::object{{"kind", "numeric"}, {"psi", 0.02}}},
                               {"city", json::object{{"kind", "categorical"}, {"psi", nullptr}}},
                               {"income", json::object{{"kind", "numeric"}, {"psi", 0.3}}}}},
        {"stability", json::object{{"score_psi", 0.04}}}};
    return json::serialize(report);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(registry_handlers, RegistryFixture)

BOOST_AUTO_TEST_CASE(models_lists_each_model_with_latest_version_aliases_and_report) {
    BOOST_TEST(promote("champion", R"({"version":"risk:churn:1.0.2"})").status == 200);
    const auto response = get("/api/models");
    BOOST_TEST_REQUIRE(response.status == 200, response.body);
    const auto body = body_of(response);
    BOOST_TEST(body.at("total").as_int64() == 2);
    BOOST_TEST(body.at("limit").as_int64() == 50);
    const auto& churn = body.at("models").at(0);
    BOOST_TEST(churn.at("model").as_string() == "risk:churn");
    BOOST_TEST(churn.at("group").as_string() == "risk");
    BOOST_TEST(churn.at("versions").as_int64() == 3);
    BOOST_TEST(churn.at("latest_version").as_string() == "2.0.1");
    BOOST_TEST(churn.at("aliases").at("champion").as_string() == "1.0.2");
    const auto& report = churn.at("latest_report");
    BOOST_TEST(report.at("id").as_int64() == reports.back());
    BOOST_TEST(report.at("period").as_string() == "2026-10");
    BOOST_TEST(report.at("figures").at("ks").to_number<double>() == 0.40);
    BOOST_TEST(report.at("figures").at("score_psi").to_number<double>() == 0.02);
    const auto& fraud = body.at("models").at(1);
    BOOST_TEST(fraud.at("latest_report").is_null());
    BOOST_TEST(fraud.at("aliases").as_object().empty());

    const auto paged = body_of(get("/api/models?limit=1&offset=1"));
    BOOST_TEST(paged.at("models").as_array().size() == 1U);
    BOOST_TEST(paged.at("models").at(0).at("model").as_string() == "risk:fraud");
    BOOST_TEST(paged.at("total").as_int64() == 2);
    BOOST_TEST(get("/api/models?limit=0").status == 400);
    BOOST_TEST(get("/api/models?offset=-1").status == 400);
}

BOOST_AUTO_TEST_CASE(a_model_has_versions_with_lineage_aliases_and_who_promoted_what) {
    BOOST_TEST(promote("champion", R"({"version":"risk:churn:1.0.1"})").status == 200);
    BOOST_TEST(promote("champion", R"({"version":"risk:churn:1.0.2"})", "root").status == 200);
    const auto response = get("/api/models/risk:churn");
    BOOST_TEST_REQUIRE(response.status == 200, response.body);
    const auto body = body_of(response);
    BOOST_TEST(body.at("versions_total").as_int64() == 3);
    const auto& versions = body.at("versions").as_array();
    BOOST_TEST_REQUIRE(versions.size() == 3U);
    BOOST_TEST(versions[0].at("version").as_string() == "risk:churn:2.0.1");
    const auto& v102 = versions[1];
    BOOST_TEST(v102.at("number").as_string() == "1.0.2");
    BOOST_TEST(v102.at("build").as_int64() == 2);
    BOOST_TEST(v102.at("artifact_uri").as_string() == "hdfs:///m/churn/200");
    BOOST_TEST(v102.at("metrics").at("auc").to_number<double>() == 0.8);
    BOOST_TEST(v102.at("tags").at("team").as_string() == "risk");
    BOOST_TEST(v102.at("params").at("depth").as_int64() == 6);
    BOOST_TEST(v102.at("data").at("train").as_string() == "s3://d/2026-09");
    BOOST_TEST(v102.at("lineage").at("run_id").as_int64() == run);
    BOOST_TEST(v102.at("lineage").at("step_id").as_string() == "train");
    BOOST_TEST(v102.at("aliases").at(0).as_string() == "champion");
    BOOST_TEST(versions[2].at("lineage").at("run_id").is_null());

    BOOST_TEST(body.at("aliases").at(0).at("alias").as_string() == "champion");
    BOOST_TEST(body.at("aliases").at(0).at("version").as_string() == "1.0.2");
    const auto& history = body.at("alias_history").as_array();
    BOOST_TEST_REQUIRE(history.size() == 2U);
    BOOST_TEST(history[0].at("from").as_string() == "1.0.1");
    BOOST_TEST(history[0].at("to").as_string() == "1.0.2");
    BOOST_TEST(std::string(history[0].at("actor").as_string()).ends_with(" of root"));
    BOOST_TEST(history[1].at("from").is_null());
    BOOST_TEST(std::string(history[1].at("actor").as_string()).ends_with(" of alice"));
    BOOST_TEST(body.at("latest_report").at("period").as_string() == "2026-10");

    const auto page = body_of(get("/api/models/risk:churn?limit=1&offset=2"));
    BOOST_TEST(page.at("versions").at(0).at("number").as_string() == "1.0.1");

    const auto unknown = get("/api/models/risk:none");
    BOOST_TEST(unknown.status == 404);
    BOOST_TEST(message_of(unknown).find("'risk:none'") != std::string::npos);
    const auto bad = get("/api/models/churn");
    BOOST_TEST(bad.status == 400);
    BOOST_TEST(message_of(bad).find("path parameter 'model'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(one_version_by_number_or_full_name_with_its_reports) {
    BOOST_TEST(promote("challenger", R"({"version":"risk:churn:1.0.2"})").status == 200);
    const auto response = get("/api/models/risk:churn/versions/1.0.2");
    BOOST_TEST_REQUIRE(response.status == 200, response.body);
    const auto body = body_of(response);
    BOOST_TEST(body.at("model").as_string() == "risk:churn");
    BOOST_TEST(body.at("version").as_string() == "risk:churn:1.0.2");
    BOOST_TEST(body.at("aliases").at(0).as_string() == "challenger");
    BOOST_TEST(body.at("lineage").at("step_id").as_string() == "train");
    const auto& listed = body.at("reports").as_array();
    BOOST_TEST_REQUIRE(listed.size() == 2U);
    BOOST_TEST(listed[0].at("period").as_string() == "2026-10");
    BOOST_TEST(listed[1].at("figures").at("auc").is_null());

    BOOST_TEST(get("/api/models/risk:churn/versions/risk:churn:1.0.2").status == 200);
    BOOST_TEST(get("/api/models/risk:churn/versions/9.9.9").status == 404);
    const auto malformed = get("/api/models/risk:churn/versions/1.0");
    BOOST_TEST(malformed.status == 400);
    BOOST_TEST(message_of(malformed).find("path parameter 'version'") != std::string::npos);
    BOOST_TEST(get("/api/models/risk:churn/versions/risk:fraud:0.1.1").status == 400);
    BOOST_TEST(get("/api/models/churn/versions/1.0.1").status == 400);
}

BOOST_AUTO_TEST_CASE(an_alias_moves_only_from_the_holder_the_caller_expects) {
    BOOST_TEST(promote("champion", R"({"version":"risk:churn:1.0.1","expected":null})").status == 200);
    // Someone else moved it since: 409 naming the holder, and nothing changes.
    const auto stale = promote("champion", R"({"version":"risk:churn:2.0.1","expected":"1.0.2"})");
    BOOST_TEST(stale.status == 409);
    BOOST_TEST(code_of(stale) == "conflict");
    BOOST_TEST(message_of(stale).find("holds 1.0.1, not 1.0.2") != std::string::npos, message_of(stale));
    BOOST_TEST(promote("champion", R"({"version":"risk:churn:2.0.1","expected":null})").status == 409);
    BOOST_TEST(db.registry().resolve_alias({"risk", "churn"}, "champion")->major == 1);
    const auto moved = promote("champion", R"({"version":"risk:churn:2.0.1","expected":"risk:churn:1.0.1"})");
    BOOST_TEST(moved.status == 200, moved.body);
    BOOST_TEST(body_of(moved).at("previous").as_string() == "risk:churn:1.0.1");
    BOOST_TEST(body_of(moved).at("version").as_string() == "risk:churn:2.0.1");
    // The old holder is in the history; the gate audited every attempt, the refused ones too.
    const auto history = db.registry().alias_history({"risk", "churn"}).value();
    BOOST_TEST_REQUIRE(history.size() == 2U);
    BOOST_TEST(history[0].from_version.value() == "1.0.1");
    const auto audited = db.audit().list_for_object("model", "risk:churn@champion");
    BOOST_TEST_REQUIRE(audited.size() == 4U);
    BOOST_TEST(audited.back().action == "alias.move");
    BOOST_TEST(audited.back().details_json.find("\"status\":200") != std::string::npos,
               audited.back().details_json);
    BOOST_TEST(audited[1].details_json.find("\"status\":409") != std::string::npos, audited[1].details_json);

    BOOST_TEST(promote("champion", R"({"version":"risk:churn:2.0.1","expected":7})").status == 400);
    BOOST_TEST(promote("champion", R"({"version":"risk:churn:2.0.1","expected":"1.x"})").status == 400);
    BOOST_TEST(
        promote("champion", R"({"version":"risk:churn:2.0.1","expected":"risk:fraud:0.1.1"})").status == 400);
}

BOOST_AUTO_TEST_CASE(promotion_refusals_are_clear) {
    const std::string body = R"({"version":"risk:churn:1.0.1"})";
    // A viewer, a user without a role and a token without models:promote may not move an alias.
    const auto viewer = promote("champion", body, "vera");
    BOOST_TEST(viewer.status == 403);
    BOOST_TEST(message_of(viewer).find("'promote'") != std::string::npos);
    BOOST_TEST(promote("champion", body, "bob").status == 403);
    const std::string reader = token("alice", {"models:read"});
    const auto scoped =
        call("PUT", "/api/models/risk:churn/aliases/champion", body, {{"authorization", "Bearer " + reader}});
    BOOST_TEST(scoped.status == 403);
    BOOST_TEST(message_of(scoped).find("scopes (models:read)") != std::string::npos, message_of(scoped));
    BOOST_TEST(anonymous("PUT", "/api/models/risk:churn/aliases/champion", body).status == 401);
    BOOST_TEST(commands.last_alias_actor.empty());
    BOOST_TEST(!db.registry().resolve_alias({"risk", "churn"}, "champion"));
    // ...while a token with models:promote may.
    const std::string promoter = token("alice", {"models:promote"});
    BOOST_TEST(call("PUT", "/api/models/risk:churn/aliases/champion", body,
                    {{"authorization", "Bearer " + promoter}})
                   .status == 200);

    const auto unknown = promote("champion", R"({"version":"risk:churn:7.0.1"})");
    BOOST_TEST(unknown.status == 404);
    const auto bad_alias = promote("1st", body);
    BOOST_TEST(bad_alias.status == 400);
    BOOST_TEST(message_of(bad_alias).find("path parameter 'alias'") != std::string::npos);
    BOOST_TEST(promote("champion", R"({"version":"1.0.1"})").status == 400);
    BOOST_TEST(promote("champion", "[]").status == 400);
    BOOST_TEST(call("PUT", "/api/models/churn/aliases/champion", body, {}, "alice").status == 400);
    BOOST_TEST(call("GET", "/api/models/risk:churn/aliases/champion", {}, {}, "alice").status == 405);
}

BOOST_AUTO_TEST_CASE(reports_list_filters_pages_and_refuses_bad_parameters) {
    const auto all = body_of(get("/api/reports"));
    BOOST_TEST(all.at("total").as_int64() == 3);
    const auto& newest = all.at("reports").at(0);
    BOOST_TEST(newest.at("id").as_int64() == reports.back());
    BOOST_TEST(newest.at("model").as_string() == "risk:churn");
    BOOST_TEST(newest.at("model_version").as_string() == "1.0.2");
    BOOST_TEST(newest.at("run_id").as_int64() == run);
    BOOST_TEST(newest.at("step_id").as_string() == "perf");
    BOOST_TEST(newest.at("figures").at("ks").to_number<double>() == 0.40);
    BOOST_TEST(!newest.as_object().contains("report"));
    // log_loss is stored but not a headline figure.
    BOOST_TEST(!all.at("reports").at(2).at("figures").as_object().contains("log_loss"));

    const auto by_version = body_of(get("/api/reports?model=risk:churn&version=1.0.2"));
    BOOST_TEST(by_version.at("total").as_int64() == 2);
    const auto by_period = body_of(get("/api/reports?period=2026-08"));
    BOOST_TEST(by_period.at("reports").at(0).at("id").as_int64() == reports.front());
    const auto paged = body_of(get("/api/reports?limit=1&offset=1"));
    BOOST_TEST(paged.at("reports").as_array().size() == 1U);
    BOOST_TEST(paged.at("reports").at(0).at("period").as_string() == "2026-09");
    BOOST_TEST(body_of(get("/api/reports?model=risk:fraud")).at("reports").as_array().empty());

    const auto bad_model = get("/api/reports?model=churn");
    BOOST_TEST(bad_model.status == 400);
    BOOST_TEST(message_of(bad_model).find("'model'") != std::string::npos);
    BOOST_TEST(get("/api/reports?limit=1001").status == 400);
    BOOST_TEST(get("/api/reports?period=" + std::string(201, 'p')).status == 400);
    BOOST_TEST(call("GET", "/api/reports", {}, {}, "bob").status == 403);
    BOOST_TEST(anonymous("GET", "/api/reports").status == 401);
    BOOST_TEST(anonymous("GET", "/api/models").status == 401);
    BOOST_TEST(call("GET", "/api/models", {}, {}, "bob").status == 403);
}

BOOST_AUTO_TEST_CASE(a_report_comes_with_bounded_charts_for_the_ui) {
    add_report("2.0.1", "2026-11", 5000, {{"ks", 0.6}}, report_with_curve(5000, 1234));
    const auto response = get("/api/reports/" + std::to_string(reports.back()));
    BOOST_TEST_REQUIRE(response.status == 200, response.body);
    const auto body = body_of(response);
    const auto& charts = body.at("charts");
    const auto& roc = charts.at("roc").as_array();
    BOOST_TEST(roc.size() <= api::kMaxCurvePoints);
    BOOST_TEST(roc.size() >= api::kMaxCurvePoints - 2);
    BOOST_TEST(roc.front().at("fpr").to_number<double>() == 0.0);
    BOOST_TEST(roc.back().at("fpr").to_number<double>() == 1.0);
    const bool ks_kept = std::any_of(roc.begin(), roc.end(), [](const json::value& p) {
        return p.at("tpr").to_number<double>() - p.at("fpr").to_number<double>() > 0.55;
    });
    BOOST_TEST(ks_kept);
    BOOST_TEST(charts.at("ks").as_array().size() == roc.size());
    BOOST_TEST(body.at("report").at("curves").at("roc").as_array().size() == roc.size());
    BOOST_TEST(charts.at("lift").as_array().size() == 10U);
    BOOST_TEST(charts.at("gains").at(9).at("cum_capture_rate").to_number<double>() == 1.0);
    BOOST_TEST(charts.at("confusion").at("tp").as_int64() == 35);
    BOOST_TEST(charts.at("confusion").at("threshold").to_number<double>() == 0.5);
    const auto& drift = charts.at("drift").as_array();
    BOOST_TEST_REQUIRE(drift.size() == 3U);
    BOOST_TEST(drift[0].at("feature").as_string() == "income");
    BOOST_TEST(drift[1].at("feature").as_string() == "age");
    BOOST_TEST(drift[2].at("psi").is_null());
    BOOST_TEST(charts.at("score_psi").to_number<double>() == 0.04);

    // A report without these parts (a regression report, no reference data) has null charts.
    const auto plain = body_of(get("/api/reports/" + std::to_string(reports.front())));
    BOOST_TEST(plain.at("charts").at("roc").is_null());
    BOOST_TEST(plain.at("charts").at("confusion").is_null());
    BOOST_TEST(plain.at("charts").at("drift").as_array().empty());
}

BOOST_AUTO_TEST_CASE(a_short_curve_is_kept_whole) {
    const json::value curve = json::parse(R"([{"fpr":0,"tpr":0},{"fpr":0.5,"tpr":0.9},{"fpr":1,"tpr":1}])");
    BOOST_TEST(api::bounded_curve(curve, 3) == curve);
    BOOST_TEST(api::bounded_curve(json::value("x"), 3) == json::value("x"));
    json::array long_curve;
    for (int i = 0; i < 10; ++i) {
        long_curve.push_back(json::object{{"fpr", i / 9.0}, {"tpr", i == 4 ? 1.0 : i / 9.0}});
    }
    const auto thinned = api::bounded_curve(long_curve, 4).as_array();
    BOOST_TEST(thinned.size() <= 4U);
    BOOST_TEST(thinned.front() == long_curve.front());
    BOOST_TEST(thinned.back() == long_curve.back());
    BOOST_TEST(std::find(thinned.begin(), thinned.end(), long_curve[4]) != thinned.end());
}

BOOST_AUTO_TEST_SUITE_END()
