// The metrics registry (orchestrator/core/metrics.hpp): the text exposition format 0.0.4 as
// Prometheus parses it: escaping, cumulative histogram buckets ending with +Inf, _sum and _count.
#include "orchestrator/core/metrics.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

using namespace steward::core::metrics;

namespace {

bool has_line(const std::string& text, const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(metrics_registry)

BOOST_AUTO_TEST_CASE(counters_render_help_type_and_one_line_per_label_set) {
    Registry registry;
    Counter& requests =
        registry.counter("steward_http_requests_total", "HTTP requests.", {"route", "status"});
    requests.add({"/api/runs", "200"});
    requests.add({"/api/runs", "200"}, 2);
    requests.add({"/api/runs/{id}", "404"});
    requests.add({"/api/runs", "200"}, -5);  // ignored: counters never go down
    const std::string text = registry.render();
    BOOST_TEST(text ==
               "# HELP steward_http_requests_total HTTP requests.\n"
               "# TYPE steward_http_requests_total counter\n"
               "steward_http_requests_total{route=\"/api/runs\",status=\"200\"} 3\n"
               "steward_http_requests_total{route=\"/api/runs/{id}\",status=\"404\"} 1\n");
    BOOST_TEST(requests.value({"/api/runs", "200"}) == 3);
    BOOST_TEST(requests.value({"/nope", "200"}) == 0);
}

BOOST_AUTO_TEST_CASE(label_values_and_help_are_escaped) {
    Registry registry;
    registry.gauge("steward_runs", "Runs by \"state\"\\ and\nworkflow.", {"workflow"}).set({"a\"b\\c\nd"}, 2);
    const std::string text = registry.render();
    BOOST_TEST(has_line(text, "# HELP steward_runs Runs by \"state\"\\\\ and\\nworkflow."), text);
    BOOST_TEST(has_line(text, "steward_runs{workflow=\"a\\\"b\\\\c\\nd\"} 2"), text);
    BOOST_TEST(escape_label_value("plain") == "plain");
}

BOOST_AUTO_TEST_CASE(histogram_buckets_are_cumulative_and_end_with_inf) {
    Registry registry;
    Histogram& latency = registry.histogram("steward_commit_seconds", "Commit latency.", {}, {0.1, 1, 10});
    for (const double v : {0.05, 0.1, 0.5, 5.0, 50.0}) {
        latency.observe({}, v);
    }
    latency.observe({}, std::numeric_limits<double>::quiet_NaN());  // ignored
    const std::string text = registry.render();
    BOOST_TEST(text ==
               "# HELP steward_commit_seconds Commit latency.\n"
               "# TYPE steward_commit_seconds histogram\n"
               "steward_commit_seconds_bucket{le=\"0.1\"} 2\n"
               "steward_commit_seconds_bucket{le=\"1\"} 3\n"
               "steward_commit_seconds_bucket{le=\"10\"} 4\n"
               "steward_commit_seconds_bucket{le=\"+Inf\"} 5\n"
               "steward_commit_seconds_sum 55.65\n"
               "steward_commit_seconds_count 5\n");
}

BOOST_AUTO_TEST_CASE(histogram_labels_come_before_le) {
    Registry registry;
    Histogram& steps = registry.histogram("steward_step_duration_seconds", "Step durations.", {"type"}, {1});
    steps.observe({"livy_batch"}, 2);
    const std::string text = registry.render();
    BOOST_TEST(has_line(text, "steward_step_duration_seconds_bucket{type=\"livy_batch\",le=\"1\"} 0"), text);
    BOOST_TEST(has_line(text, "steward_step_duration_seconds_bucket{type=\"livy_batch\",le=\"+Inf\"} 1"),
               text);
    BOOST_TEST(has_line(text, "steward_step_duration_seconds_sum{type=\"livy_batch\"} 2"), text);
    BOOST_TEST(has_line(text, "steward_step_duration_seconds_count{type=\"livy_batch\"} 1"), text);
}

BOOST_AUTO_TEST_CASE(families_are_sorted_gauges_cleared_and_collectors_run_at_render) {
    Registry registry;
    Gauge& open = registry.gauge("steward_open_tasks", "Open tasks.");
    registry.counter("process_cpu_seconds_total", "CPU.");
    int calls = 0;
    registry.add_collector([&calls](Registry& r) {
        ++calls;
        r.gauge("process_open_fds", "Open fds.").set({}, 7);
    });
    open.set({}, 3);
    std::string text = registry.render();
    BOOST_TEST(calls == 1);
    BOOST_TEST(text.find("process_cpu_seconds_total") < text.find("process_open_fds"));
    BOOST_TEST(text.find("process_open_fds") < text.find("steward_open_tasks"));
    BOOST_TEST(has_line(text, "process_open_fds 7"), text);
    BOOST_TEST(has_line(text, "steward_open_tasks 3"), text);
    open.clear();
    text = registry.render();
    BOOST_TEST(text.find("steward_open_tasks 3") == std::string::npos, text);
    BOOST_TEST(has_line(text, "# TYPE steward_open_tasks gauge"), text);
}

BOOST_AUTO_TEST_CASE(values_are_formatted_as_the_format_wants) {
    BOOST_TEST(format_value(3) == "3");
    BOOST_TEST(format_value(0.005) == "0.005");
    BOOST_TEST(format_value(std::numeric_limits<double>::infinity()) == "+Inf");
    BOOST_TEST(format_value(-std::numeric_limits<double>::infinity()) == "-Inf");
    BOOST_TEST(format_value(std::nan("")) == "NaN");
}

BOOST_AUTO_TEST_CASE(misuse_is_refused) {
    Registry registry;
    BOOST_CHECK_THROW(registry.counter("2bad", "x"), std::logic_error);
    BOOST_CHECK_THROW(registry.counter("ok_total", "x", {"__reserved"}), std::logic_error);
    BOOST_CHECK_THROW(registry.histogram("h", "x", {"le"}, {1}), std::logic_error);
    BOOST_CHECK_THROW(registry.histogram("h2", "x", {}, {1, 1}), std::invalid_argument);
    Counter& c = registry.counter("c_total", "x", {"a"});
    BOOST_CHECK(&registry.counter("c_total", "x", {"a"}) == &c);  // get-or-create
    BOOST_CHECK_THROW(registry.gauge("c_total", "x", {"a"}), std::logic_error);
    BOOST_CHECK_THROW(registry.counter("c_total", "x", {"b"}), std::logic_error);
    BOOST_CHECK_THROW(c.add({"x", "y"}), std::logic_error);
}

BOOST_AUTO_TEST_SUITE_END()
