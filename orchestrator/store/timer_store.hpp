#pragma once

#include "orchestrator/store/errc.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/system/result.hpp>

#include <optional>
#include <vector>

namespace steward::store {

class Database;

/// Durable timers. The engine arms one in-memory steady_timer for `next_due()`, and at start
/// (and whenever it wakes) handles every `due(now)` timer, then marks it fired in the same
/// transaction as the work it caused. A deadline that passed while the server was down is therefore
/// still pending at start and fires then.
///
/// Error contract: SQLite failures, a foreign key to a missing run or step and malformed JSON throw
/// `StoreError`; input-dependent failures are `result` errors. Not thread-safe.
class TimerStore {
public:
    explicit TimerStore(Database& db) noexcept : db_(&db) {}

    /// Schedules a timer (its id, state and closed_at are ignored) and returns the new id.
    RowId schedule(const Timer& timer);
    /// Errc::not_found for an unknown id.
    boost::system::result<Timer> get(RowId id);
    /// Pending timers with due_at <= now, earliest first, at most `limit` (1..1000).
    /// Errc::invalid_argument for a limit out of range.
    boost::system::result<std::vector<Timer>> due(Millis now, int limit = 100);
    /// The earliest pending due_at, or nullopt when no timer is pending.
    std::optional<Millis> next_due();
    /// Pending timers of a run, earliest first.
    std::vector<Timer> pending_for_run(RowId run_id);
    /// Marks a pending timer fired at `at`. Errc::not_found; Errc::conflict if it is not pending
    /// (already fired or cancelled), so a timer's work is done once.
    boost::system::result<void> mark_fired(RowId id, Millis at);
    /// Cancels a pending timer. Errc::not_found; Errc::conflict if it is not pending.
    boost::system::result<void> cancel(RowId id, Millis at);
    /// Cancels every pending timer of a step attempt (e.g. its deadline and reminders once a task is
    /// answered) and returns how many were cancelled.
    int cancel_for_step(RowId step_exec_id, Millis at);

private:
    boost::system::result<void> close(RowId id, TimerState state, Millis at);

    Database* db_;
};

}  // namespace steward::store
