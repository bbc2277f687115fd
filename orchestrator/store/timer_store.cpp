#include "orchestrator/store/timer_store.hpp"

#include "orchestrator/store/database.hpp"
#include "orchestrator/store/row_helpers.hpp"

#define ORCH_STORE_TIMER_COLUMNS "id, run_id, step_exec_id, kind, due_at, payload_json, state, closed_at"

namespace steward::store {
namespace {

using boost::system::result;

Timer read_timer(const Statement& st) {
    Timer timer;
    timer.id = st.int64(0);
    timer.run_id = st.optional_int64(1);
    timer.step_exec_id = st.optional_int64(2);
    timer.kind = detail::enum_column(st, 3, parse_timer_kind);
    timer.due_at = st.int64(4);
    timer.payload_json = st.text(5);
    timer.state = detail::enum_column(st, 6, parse_timer_state);
    timer.closed_at = st.optional_int64(7);
    return timer;
}

std::vector<Timer> read_timers(Statement& st) {
    std::vector<Timer> timers;
    while (st.step()) {
        timers.push_back(read_timer(st));
    }
    return timers;
}

}  // namespace

RowId TimerStore::schedule(const Timer& timer) {
    auto st = db_->statement(
        "INSERT INTO timers (run_id, step_exec_id, kind, due_at, payload_json) VALUES (?1, ?2, ?3, ?4, ?5)");
    st->bind_all(timer.run_id, timer.step_exec_id, to_string(timer.kind), timer.due_at, timer.payload_json);
    st->run();
    return db_->last_insert_rowid();
}

result<Timer> TimerStore::get(RowId id) {
    auto st = db_->statement("SELECT " ORCH_STORE_TIMER_COLUMNS " FROM timers WHERE id = ?1");
    st->bind_all(id);
    if (!st->step()) {
        return Errc::not_found;
    }
    return read_timer(*st);
}

result<std::vector<Timer>> TimerStore::due(Millis now, int limit) {
    if (!detail::valid_page(limit, 0, detail::kMaxPage)) {
        return Errc::invalid_argument;
    }
    // `state = 'pending'` spelled literally so the partial index timers_pending serves the query.
    auto st =
        db_->statement("SELECT " ORCH_STORE_TIMER_COLUMNS
                       " FROM timers WHERE state = 'pending' AND due_at <= ?1 ORDER BY due_at, id LIMIT ?2");
    st->bind_all(now, limit);
    return read_timers(*st);
}

std::optional<Millis> TimerStore::next_due() {
    auto st = db_->statement("SELECT min(due_at) FROM timers WHERE state = 'pending'");
    return st->step() ? st->optional_int64(0) : std::nullopt;
}

std::vector<Timer> TimerStore::pending_for_run(RowId run_id) {
    auto st = db_->statement("SELECT " ORCH_STORE_TIMER_COLUMNS
                             " FROM timers WHERE state = 'pending' AND run_id = ?1 ORDER BY due_at, id");
    st->bind_all(run_id);
    return read_timers(*st);
}

result<void> TimerStore::mark_fired(RowId id, Millis at) {
    return close(id, TimerState::fired, at);
}

result<void> TimerStore::cancel(RowId id, Millis at) {
    return close(id, TimerState::cancelled, at);
}

result<void> TimerStore::close(RowId id, TimerState state, Millis at) {
    auto st =
        db_->statement("UPDATE timers SET state = ?2, closed_at = ?3 WHERE id = ?1 AND state = 'pending'");
    st->bind_all(id, to_string(state), at);
    st->run();
    if (db_->changes() == 1) {
        return {};
    }
    return get(id) ? Errc::conflict : Errc::not_found;
}

int TimerStore::cancel_for_step(RowId step_exec_id, Millis at) {
    auto st = db_->statement(
        "UPDATE timers SET state = 'cancelled', closed_at = ?2 WHERE step_exec_id = ?1 AND state = "
        "'pending'");
    st->bind_all(step_exec_id, at);
    st->run();
    return db_->changes();
}

}  // namespace steward::store
