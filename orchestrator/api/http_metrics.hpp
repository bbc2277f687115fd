#pragma once

// The API's Prometheus metrics (docs/api.md, "Metrics"): HTTP requests recorded by `dispatch`,
// and the store aggregates refreshed when /metrics is scraped.

#include "orchestrator/core/metrics.hpp"

#include <cstdint>
#include <string_view>

namespace steward::store {
class Store;
}

namespace steward::api {

/// Counts one request in `steward_http_requests_total{method,route,status}` and its latency in
/// `steward_http_request_duration_seconds{method,route}`. `route` is the router's pattern
/// ("/api/runs/{id}"), "ui" for the web UI's files, "unmatched" when no route matched; a method other than
/// the usual ones is counted as "other", so neither label grows with what clients send.
void record_http_request(core::metrics::Registry& registry, std::string_view method, std::string_view route,
                         int status, double seconds);

/// Creates the HTTP families (so a scrape lists them before the first request).
void describe_http_metrics(core::metrics::Registry& registry);

/// Sets the scrape-time gauges from the store as of `now_ms` (Unix milliseconds):
/// `steward_runs{workflow,state}`, `steward_open_tasks`, `steward_overdue_tasks`,
/// `steward_oldest_open_task_age_seconds` (0 without open tasks) and
/// `steward_livy_objects_tracked{kind}` (batch and session always present) and
/// `steward_runs_by_condition{condition}` (livy_unreachable, retrying and stuck always present). Throws
/// `store::StoreError` on a database failure.
void refresh_store_metrics(core::metrics::Registry& registry, store::Store& store, std::int64_t now_ms);

}  // namespace steward::api
