// GET /api/reports/{id} and GET /api/models/{model}/trend, called through the router.
#include "orchestrator/api/router.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/api/access_harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

namespace api = steward::api;
namespace store = steward::store;
namespace json = boost::json;

namespace {

// Three reports of risk:churn (ks 0.30, 0.35, 0.40; the second lacks auc, the third's is undefined)
// and one of another model, all in one run; read by vera (a viewer) through the gate.
struct ReportFixture : api::test::AccessHarness {
    std::vector<store::RowId> ids;

    ReportFixture() {
        commands.add_workflow("churn");
        const auto run = db.runs().create_run(commands.known["churn"].definition_id, "{}", "manual", 1000);
        const auto add = [&](const char* model, const char* version, const char* period, std::int64_t at,
                             std::vector<std::pair<std::string, double>> figures) {
            store::Report r;
            r.run_id = run;
            r.step_id = "perf";
            r.model = model;
            r.model_version = version;
            r.period_label = period;
            r.created_at = at;
            r.report_json = R"({"metrics":{"ks":1}})";
            r.figures = std::move(figures);
            ids.push_back(db.reports().save(r).value());
        };
        add("risk:churn", "1.0.1", "2026-08", 2000, {{"ks", 0.30}, {"auc", 0.70}});
        add("risk:churn", "1.0.2", "2026-09", 3000, {{"ks", 0.35}});
        add("risk:churn", "1.1.0", "2026-10", 4000,
            {{"ks", 0.40}, {"auc", std::numeric_limits<double>::quiet_NaN()}});
        add("risk:other", "9.0.0", "2026-10", 5000, {{"ks", 0.99}});
    }

    api::Response get(const std::string& target) { return call("GET", target, {}, {}, "vera"); }
};

json::value body_of(const api::Response& response) {
    return json::parse(response.body);
}

std::string message_of(const api::Response& response) {
    return std::string(body_of(response).at("error").at("message").as_string());
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(report_handlers, ReportFixture)

BOOST_AUTO_TEST_CASE(trend_points_are_oldest_first_with_period_version_and_value) {
    const auto response = get("/api/models/risk:churn/trend?figure=ks&last=2");
    BOOST_TEST(response.status == 200);
    const auto body = body_of(response);
    BOOST_TEST(body.at("model").as_string() == "risk:churn");
    const auto& points = body.at("points").as_array();
    BOOST_REQUIRE_EQUAL(points.size(), 2U);
    BOOST_TEST(points[0].at("report_id").as_int64() == ids[1]);
    BOOST_TEST(points[0].at("period").as_string() == "2026-09");
    BOOST_TEST(points[0].at("version").as_string() == "1.0.2");
    BOOST_TEST(points[0].at("value").as_double() == 0.35);
    BOOST_TEST(points[1].at("value").as_double() == 0.40);
    // Default last=12: all three reports of this model, none of the other model.
    BOOST_TEST(body_of(get("/api/models/risk:churn/trend?figure=ks")).at("points").as_array().size() == 3U);
    // An undefined figure is null, not a number.
    const auto auc = body_of(get("/api/models/risk:churn/trend?figure=auc")).at("points").as_array();
    BOOST_TEST(auc.back().at("value").is_null());
    BOOST_TEST(body_of(get("/api/models/no:such/trend?figure=ks")).at("points").as_array().empty());
}

BOOST_AUTO_TEST_CASE(trend_parameters_are_checked_by_name) {
    const auto no_figure = get("/api/models/risk:churn/trend");
    BOOST_TEST(no_figure.status == 400);
    BOOST_TEST(message_of(no_figure).find("'figure' is required") != std::string::npos,
               message_of(no_figure));
    const auto bad_last = get("/api/models/risk:churn/trend?figure=ks&last=1001");
    BOOST_TEST(bad_last.status == 400);
    BOOST_TEST(message_of(bad_last) ==
               "query parameter 'last' must be an integer from 1 to 1000, got '1001'");
    BOOST_TEST(get("/api/models/risk:churn/trend?figure=ks&last=0").status == 400);
    const auto bad_model = get("/api/models/churn/trend?figure=ks");
    BOOST_TEST(bad_model.status == 400);
    BOOST_TEST(message_of(bad_model).find("path parameter 'model'") != std::string::npos,
               message_of(bad_model));
    BOOST_TEST(get("/api/models/risk:churn/trend?figure=ks").status == 200);
    BOOST_TEST(get("/api/models/risk:churn/trend?figure=" + std::string(201, 'x')).status == 400);
}

BOOST_AUTO_TEST_CASE(an_unknown_figure_is_400_naming_the_known_ones) {
    store::Report drift;
    drift.model = "risk:churn";
    drift.period_label = "2026-11";
    drift.created_at = 6000;
    drift.report_json = "{}";
    drift.figures = {{"ks", 0.5}, {"psi.age", 0.02}};
    db.reports().save(drift).value();

    const auto misspelled = get("/api/models/risk:churn/trend?figure=kss");
    BOOST_TEST(misspelled.status == 400);
    const auto error = body_of(misspelled).at("error");
    BOOST_TEST(error.at("code").as_string() == "invalid_param");
    BOOST_TEST(message_of(misspelled)
                       .find("unknown figure 'kss' (did you mean 'ks'?) for model 'risk:churn' "
                             "(known figures: auc, gini, ks, ks_score,") == 0,
               message_of(misspelled));
    std::vector<std::string> known;
    for (const auto& name : error.at("known").as_array()) {
        known.emplace_back(name.as_string());
    }
    for (const char* name : {"auc", "ks", "rmse", "score_psi", "psi.age"}) {
        BOOST_TEST((std::find(known.begin(), known.end(), name) != known.end()), name);
    }
    BOOST_TEST(message_of(get("/api/models/risk:churn/trend?figure=KS")).find("(did you mean 'ks'?)") !=
               std::string::npos);
    BOOST_TEST(
        message_of(get("/api/models/risk:churn/trend?figure=psi.agee")).find("(did you mean 'psi.age'?)") !=
        std::string::npos);
    // A feature's PSI is known from the model's reports; a metric is known before any report has it.
    BOOST_TEST(body_of(get("/api/models/risk:churn/trend?figure=psi.age")).at("points").as_array().size() ==
               1U);
    BOOST_TEST(get("/api/models/risk:churn/trend?figure=rmse").status == 200);
    BOOST_TEST(get("/api/models/risk:other/trend?figure=psi.age").status == 400);
}

BOOST_AUTO_TEST_CASE(a_report_is_served_with_its_coordinates) {
    const auto response = get("/api/reports/" + std::to_string(ids[2]));
    BOOST_TEST(response.status == 200);
    const auto body = body_of(response);
    BOOST_TEST(body.at("id").as_int64() == ids[2]);
    BOOST_TEST(body.at("step_id").as_string() == "perf");
    BOOST_TEST(body.at("model").as_string() == "risk:churn");
    BOOST_TEST(body.at("model_version").as_string() == "1.1.0");
    BOOST_TEST(body.at("period").as_string() == "2026-10");
    BOOST_TEST(body.at("run_id").as_int64() > 0);
    BOOST_TEST(body.at("figures").at("ks").as_double() == 0.40);
    BOOST_TEST(body.at("figures").at("auc").is_null());
    BOOST_TEST(body.at("report").at("metrics").at("ks").to_number<double>() == 1.0);
}

BOOST_AUTO_TEST_CASE(an_unknown_report_is_404) {
    const auto response = get("/api/reports/999");
    BOOST_TEST(response.status == 404);
    BOOST_TEST(message_of(response) == "no report 999");
    BOOST_TEST(get("/api/reports/abc").status == 404);  // not an id: no such route
    BOOST_TEST(get("/api/reports/").status == 404);
}

BOOST_AUTO_TEST_CASE(reports_and_trends_need_the_view_permission) {
    const std::string report = "/api/reports/" + std::to_string(ids[0]);
    BOOST_TEST(anonymous("GET", report).status == 401);
    BOOST_TEST(anonymous("GET", "/api/models/risk:churn/trend?figure=ks").status == 401);
    const auto bob = call("GET", report, {}, {}, "bob");  // bob has no role
    BOOST_TEST(bob.status == 403);
    BOOST_TEST(message_of(bob).find("'view'") != std::string::npos, message_of(bob));
    BOOST_TEST(call("GET", report, {}, {}, "alice").status == 200);
}

BOOST_AUTO_TEST_SUITE_END()
