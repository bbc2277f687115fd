#include "orchestrator/store/stats_store.hpp"

#include "orchestrator/store/database.hpp"

namespace steward::store {

std::vector<RunStateCount> StatsStore::runs_by_workflow_and_state() {
    // A scan of the covering index runs_by_workflow_state; no table rows are read.
    auto st = db_->statement(
        "SELECT workflow_name, state, COUNT(*) FROM runs INDEXED BY runs_by_workflow_state "
        "GROUP BY workflow_name, state ORDER BY workflow_name, state");
    std::vector<RunStateCount> out;
    while (st->step()) {
        out.push_back(RunStateCount{st->text(0), st->text(1), st->int64(2)});
    }
    return out;
}

OpenTaskStats StatsStore::open_tasks(Millis now) {
    auto st = db_->statement(
        "SELECT COUNT(*), COALESCE(SUM(deadline_at IS NOT NULL AND deadline_at < ?1), 0), MIN(created_at) "
        "FROM user_tasks INDEXED BY user_tasks_by_state WHERE state IN ('open', 'escalated')");
    st->bind_all(now);
    OpenTaskStats stats;
    if (st->step()) {
        stats.open = st->int64(0);
        stats.overdue = st->int64(1);
        stats.oldest_created = st->optional_int64(2);
    }
    return stats;
}

std::vector<LivyKindCount> StatsStore::live_livy_objects() {
    auto st = db_->statement(
        "SELECT kind, COUNT(*) FROM livy_handles INDEXED BY livy_handles_live WHERE terminal = 0 "
        "GROUP BY kind ORDER BY kind");
    std::vector<LivyKindCount> out;
    while (st->step()) {
        out.push_back(LivyKindCount{st->text(0), st->int64(1)});
    }
    return out;
}

}  // namespace steward::store
