#pragma once

// CLI commands that inspect and steer one run on a running server over the HTTP API
// (docs/api.md): `steward runs show` (run_show_command.cpp), `steward cancel` and `steward rerun`
// (run_control_command.cpp), `steward logs` (logs_command.cpp). Each takes --server URL and
// --token-file FILE (else $STEWARD_SERVER, $STEWARD_TOKEN) like `steward runs`. Exit status: 0,
// 1 when the server cannot be reached or refuses (one line on `err` naming the HTTP status and
// the server's message), 2 usage error. Blocking; never throw but bad_alloc.

#include "orchestrator/app/client_support.hpp"

#include <chrono>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace steward::app {

/// `steward runs show ID [--logs] [--json]`: the run, its steps and attempts (state, times,
/// duration, error, Livy ids), tasks and reruns; --logs adds each attempt's stored log.
int runs_show_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// `steward cancel ID [--json]`: asks the server to cancel a run.
int cancel_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// `steward rerun ID [--json]`: starts a new run repeating run ID; prints the new run's id.
int rerun_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// `steward logs RUN STEP [--attempt N] [--follow] [--interval S]`: a step's stored log lines;
/// --follow keeps asking for new lines every S seconds (default 1) until the step ends.
int logs_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// How `print_step_log` reads a log.
struct LogRequest {
    std::string server;
    Headers headers;
    std::string run_id;
    std::string step;
    std::optional<std::string> attempt;         ///< absent: the latest attempt
    bool follow = false;                        ///< poll until the step is no longer running
    std::chrono::milliseconds interval{1000};   ///< between polls when following
    std::chrono::milliseconds timeout{10'000};  ///< the deadline of each request
    std::string_view command = "logs";          ///< names the command in errors
    std::string prefix;                         ///< written before each line ("" = none)
};

/// Writes the stored log lines of a step attempt to `out`, one per line, paging through
/// `GET /api/runs/{id}/steps/{step}/log` (and, when following, polling it). Returns the last
/// page's JSON (its `state`, `running`, `attempt`), or nothing after writing one line to `err`.
[[nodiscard]] std::optional<boost::json::value> print_step_log(const LogRequest& request, std::ostream& out,
                                                               std::ostream& err);

/// Entry points on stdout/stderr.
int run_cancel(std::span<const std::string_view> args);
int run_rerun(std::span<const std::string_view> args);
int run_logs(std::span<const std::string_view> args);

}  // namespace steward::app
