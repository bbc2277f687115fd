#pragma once

// Internal to orch_engine: the cause of a failed Livy job in the step's error, where the user
// looks first (the job's own error line, the cluster's diagnostics; livy_client/failure_cause.hpp).

#include "orchestrator/store/records.hpp"

#include <span>
#include <string>

namespace steward::store {
class Store;
}

namespace steward::engine::detail {

/// How many of the last stored log lines of an attempt are searched for a failure's cause.
inline constexpr int kCauseLogLines = 400;

/// Why a Livy job failed as the attempt's stored log tells it (its last `kCauseLogLines`
/// lines, "[stderr] "/"[yarn_diagnostics] " prefixes read back as sections); "" when the log
/// says nothing useful. Throws store::StoreError on database failures.
[[nodiscard]] std::string stored_failure_cause(store::Store& store, store::RowId step_exec_id);

/// The same for a raw Livy log snapshot (a session's `GET /sessions/{id}/log?size=-1`). Pure.
[[nodiscard]] std::string snapshot_failure_cause(std::span<const std::string> snapshot);

/// `message`, then ": " and `cause` when there is one. Pure.
[[nodiscard]] std::string with_cause(std::string message, const std::string& cause);

}  // namespace steward::engine::detail
