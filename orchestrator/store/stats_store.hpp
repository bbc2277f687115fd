#pragma once

#include "orchestrator/store/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace steward::store {

class Database;

/// How many runs of a workflow are in a state.
struct RunStateCount {
    std::string workflow;
    std::string state;  ///< as stored: "pending", "running", ... (records.hpp `RunState`)
    std::int64_t count = 0;
};

/// Answerable (open or escalated) user tasks at a moment.
struct OpenTaskStats {
    std::int64_t open = 0;
    std::int64_t overdue = 0;              ///< open with a deadline before the moment
    std::optional<Millis> oldest_created;  ///< created_at of the oldest open task; none when open = 0
};

/// How many Livy objects of a kind are tracked (not terminal).
struct LivyKindCount {
    std::string kind;  ///< "batch", "session"
    std::int64_t count = 0;
};

/// Aggregates read at scrape time for the Prometheus metrics (docs/api.md, "Metrics"). Every query
/// is a GROUP BY or aggregate over an index (runs_by_workflow_state, user_tasks_by_state,
/// livy_handles_live), so a scrape stays cheap with 100,000 runs. Errors: SQLite failures throw
/// `StoreError`. Not thread-safe.
class StatsStore {
public:
    explicit StatsStore(Database& db) noexcept : db_(&db) {}

    /// Runs counted by workflow name and state, sorted by both.
    std::vector<RunStateCount> runs_by_workflow_and_state();
    /// Answerable tasks as of `now`.
    OpenTaskStats open_tasks(Millis now);
    /// Non-terminal Livy handles counted by kind, sorted by kind.
    std::vector<LivyKindCount> live_livy_objects();

private:
    Database* db_;
};

}  // namespace steward::store
