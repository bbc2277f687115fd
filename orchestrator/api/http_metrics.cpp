#include "orchestrator/api/http_metrics.hpp"

#include "orchestrator/store/store.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <string>

namespace steward::api {
namespace {

using core::metrics::Registry;

core::metrics::Counter& requests(Registry& registry) {
    return registry.counter("steward_http_requests_total",
                            "HTTP requests answered by the API, by route and status.",
                            {"method", "route", "status"});
}

core::metrics::Histogram& latency(Registry& registry) {
    return registry.histogram("steward_http_request_duration_seconds",
                              "Time from routing a request to its response, by route.", {"method", "route"},
                              core::metrics::latency_buckets());
}

std::string_view method_label(std::string_view method) {
    constexpr std::array<std::string_view, 7> kKnownMethods{"GET",    "HEAD",  "POST",   "PUT",
                                                            "DELETE", "PATCH", "OPTIONS"};
    return std::find(kKnownMethods.begin(), kKnownMethods.end(), method) != kKnownMethods.end() ? method
                                                                                                : "other";
}

}  // namespace

void describe_http_metrics(Registry& registry) {
    (void)requests(registry);
    (void)latency(registry);
}

void record_http_request(Registry& registry, std::string_view method, std::string_view route, int status,
                         double seconds) {
    const std::string_view m = method_label(method);
    const std::string code = std::to_string(status);
    requests(registry).add({m, route, code});
    latency(registry).observe({m, route}, seconds);
}

void refresh_store_metrics(Registry& registry, store::Store& store, std::int64_t now_ms) {
    auto& runs =
        registry.gauge("steward_runs", "Runs in the store, by workflow and state.", {"workflow", "state"});
    runs.clear();
    for (const auto& row : store.stats().runs_by_workflow_and_state()) {
        runs.set({row.workflow, row.state}, static_cast<double>(row.count));
    }

    const store::OpenTaskStats tasks = store.stats().open_tasks(now_ms);
    registry.gauge("steward_open_tasks", "User tasks waiting for an answer (open or escalated).")
        .set({}, static_cast<double>(tasks.open));
    registry.gauge("steward_overdue_tasks", "Open user tasks whose deadline has passed.")
        .set({}, static_cast<double>(tasks.overdue));
    const double oldest =
        tasks.oldest_created
            ? static_cast<double>(std::max<std::int64_t>(0, now_ms - *tasks.oldest_created)) / 1000.0
            : 0.0;
    registry
        .gauge("steward_oldest_open_task_age_seconds",
               "Age of the oldest open user task (0 when there is none).")
        .set({}, oldest);

    auto& livy =
        registry.gauge("steward_livy_objects_tracked",
                       "Livy batches and sessions the engine tracks (not terminal), by kind.", {"kind"});
    livy.clear();
    livy.set({"batch"}, 0);
    livy.set({"session"}, 0);
    for (const auto& row : store.stats().live_livy_objects()) {
        livy.set({row.kind}, static_cast<double>(row.count));
    }

    auto& conditions = registry.gauge(
        "steward_runs_by_condition",
        "Unfinished runs with a condition (livy_unreachable, retrying, stuck), by condition.", {"condition"});
    conditions.clear();
    std::map<std::string, double> by_kind{{"livy_unreachable", 0}, {"retrying", 0}, {"stuck", 0}};
    for (const auto& run : store.runs().unfinished_runs()) {
        if (run.condition) {
            by_kind[run.condition->kind] += 1;
        }
    }
    for (const auto& [kind, count] : by_kind) {
        conditions.set({kind}, count);
    }
}

}  // namespace steward::api
