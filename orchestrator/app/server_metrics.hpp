#pragma once

// Wiring of `steward serve`'s Prometheus metrics (docs/api.md, "Metrics"): the app owns the
// registry and connects it to the store's commit hook, the engine's step hook, the Livy client's
// attempt observer and a collector of process figures read from /proc/self.

#include "orchestrator/core/metrics.hpp"
#include "orchestrator/engine/settings.hpp"

#include "livy_client/config.hpp"

#include <optional>
#include <string_view>

namespace steward::store {
class Store;
}

namespace steward::app {

/// Times every store commit into `steward_store_commit_duration_seconds`.
void instrument_store(store::Store& store, core::metrics::Registry& registry);

/// `settings` with `on_step_end` observing `steward_step_duration_seconds{type,state}`.
[[nodiscard]] engine::EngineSettings instrument_engine(engine::EngineSettings settings,
                                                       core::metrics::Registry& registry);

/// `config` with `on_attempt` counting `steward_livy_requests_total{method,route,status}` (status
/// "error" when no response arrived) and timing `steward_livy_request_duration_seconds{method,route}`;
/// an `on_attempt` already set is still called.
[[nodiscard]] livy::ClientConfig instrument_livy(livy::ClientConfig config,
                                                 core::metrics::Registry& registry);

/// Adds the standard process metrics, read at each scrape: `process_resident_memory_bytes`,
/// `process_cpu_seconds_total`, `process_open_fds`, `process_max_fds`,
/// `process_start_time_seconds`. A figure that cannot be read (no /proc) is left out.
void add_process_metrics(core::metrics::Registry& registry);

/// The figures of /proc/PID/stat that the process metrics need.
struct ProcStat {
    double cpu_ticks = 0;    ///< utime + stime, in clock ticks
    double start_ticks = 0;  ///< start time after boot, in clock ticks
    double rss_pages = 0;    ///< resident set size, in pages
};

/// Parses the text of /proc/PID/stat (the command name may hold spaces and parentheses). Pure.
[[nodiscard]] std::optional<ProcStat> parse_proc_stat(std::string_view text);

}  // namespace steward::app
