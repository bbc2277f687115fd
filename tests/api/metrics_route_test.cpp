// GET /metrics through dispatch: permission view on `metrics`, the text format's content type, the
// store gauges, and HTTP requests counted by the router's pattern (never the raw path).
#include "orchestrator/api/router.hpp"
#include "orchestrator/core/metrics.hpp"
#include "tests/api/access_harness.hpp"

#include <boost/test/unit_test.hpp>

namespace api = steward::api;
namespace metrics = steward::core::metrics;
using api::test::AccessHarness;

namespace {

bool has_line(const std::string& text, const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(metrics_route)

BOOST_AUTO_TEST_CASE(metrics_need_the_view_permission_and_render_the_text_format) {
    AccessHarness h;
    metrics::Registry registry;
    h.context.metrics = &registry;
    h.commands.add_workflow("churn-monthly");
    const auto run =
        h.db.runs().create_run(h.commands.known["churn-monthly"].definition_id, "{}", "manual", 1000);
    BOOST_TEST_REQUIRE(h.db.runs().set_condition(
        run, steward::store::RunCondition{"stuck", "cannot be marked failed", 0}, 2000));

    BOOST_TEST(h.anonymous("GET", "/metrics").status == 401);
    BOOST_TEST(h.call("GET", "/metrics", {}, {}, "bob").status == 403);  // no role at all
    BOOST_TEST(h.call("GET", "/metrics", {}, {{"authorization", "Bearer " + h.token("vera", {"runs:read"})}})
                   .status == 403);
    const api::Response scraped =
        h.call("GET", "/metrics", {}, {{"authorization", "Bearer " + h.token("vera", {"metrics:read"})}});
    BOOST_TEST_REQUIRE(scraped.status == 200, scraped.body);
    BOOST_TEST(scraped.content_type == "text/plain; version=0.0.4; charset=utf-8");
    BOOST_TEST(has_line(scraped.body, "steward_runs{workflow=\"churn-monthly\",state=\"pending\"} 1"),
               scraped.body);
    BOOST_TEST(has_line(scraped.body, "steward_open_tasks 0"), scraped.body);
    BOOST_TEST(has_line(scraped.body, "steward_livy_objects_tracked{kind=\"batch\"} 0"), scraped.body);
    BOOST_TEST(has_line(scraped.body, "steward_runs_by_condition{condition=\"stuck\"} 1"), scraped.body);
    BOOST_TEST(has_line(scraped.body, "steward_runs_by_condition{condition=\"retrying\"} 0"), scraped.body);
    BOOST_TEST(h.call("GET", "/metrics", {}, {}, "vera").status == 200);  // scope `read` too
}

BOOST_AUTO_TEST_CASE(requests_are_counted_by_route_pattern_and_status) {
    AccessHarness h;
    metrics::Registry registry;
    h.context.metrics = &registry;
    (void)h.call("GET", "/api/runs/41");
    (void)h.call("GET", "/api/runs/42");
    (void)h.call("GET", "/api/no/such/thing");
    (void)h.call("DELETE", "/api/runs");
    (void)h.call("BREW", "/api/health");
    auto& counted = registry.counter("steward_http_requests_total", "", {"method", "route", "status"});
    BOOST_TEST(counted.value({"GET", "/api/runs/{id}", "404"}) == 2);
    BOOST_TEST(counted.value({"GET", "unmatched", "404"}) == 1);
    BOOST_TEST(counted.value({"DELETE", "unmatched", "405"}) == 1);
    BOOST_TEST(counted.value({"other", "unmatched", "405"}) == 1);
    const std::string text = registry.render();
    BOOST_TEST(text.find("/api/runs/41") == std::string::npos, text);
    BOOST_TEST(
        has_line(text,
                 "steward_http_request_duration_seconds_count{method=\"GET\",route=\"/api/runs/{id}\"} 2"),
        text);
}

BOOST_AUTO_TEST_SUITE_END()
