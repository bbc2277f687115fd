#include "orchestrator/store/livy_store.hpp"

#include "orchestrator/store/database.hpp"
#include "orchestrator/store/row_helpers.hpp"

#define ORCH_STORE_HANDLE_COLUMNS                                                                     \
    "h.id, h.run_id, h.step_exec_id, h.kind, h.name, h.livy_id, h.state, h.terminal, h.session_key, " \
    "h.follower_state, h.created_at, h.updated_at, h.app_id, h.driver_log_url, h.spark_ui_url"
#define ORCH_STORE_STATEMENT_COLUMNS \
    "step_exec_id, idx, handle_id, statement_id, state, output_json, created_at, updated_at"

namespace steward::store {
namespace {

using boost::system::result;

constexpr std::size_t kMaxStepPart = 40;
constexpr int kMaxLogPage = 10000;

LivyHandle read_handle(const Statement& st) {
    LivyHandle handle;
    handle.id = st.int64(0);
    handle.run_id = st.int64(1);
    handle.step_exec_id = st.int64(2);
    handle.kind = detail::enum_column(st, 3, parse_livy_kind);
    handle.name = st.text(4);
    handle.livy_id = st.optional_text(5);
    handle.state = st.text(6);
    handle.terminal = st.int64(7) != 0;
    handle.session_key = st.optional_text(8);
    handle.follower_state = st.text(9);
    handle.created_at = st.int64(10);
    handle.updated_at = st.int64(11);
    handle.app.app_id = st.optional_text(12);
    handle.app.driver_log_url = st.optional_text(13);
    handle.app.spark_ui_url = st.optional_text(14);
    return handle;
}

LivyStatement read_statement(const Statement& st) {
    return {st.int64(0), static_cast<int>(st.int64(1)), st.int64(2), st.optional_int64(3),
            st.text(4),  st.optional_text(5),           st.int64(6), st.int64(7)};
}

result<LivyHandle> one_handle(Statement& st) {
    if (!st.step()) {
        return Errc::not_found;
    }
    return read_handle(st);
}

}  // namespace

std::string LivyStore::handle_name(std::string_view instance_id, RowId run_id, std::string_view step_id,
                                   RowId step_exec_id, LivyKind kind) {
    std::string step;
    for (const char c : step_id.substr(0, kMaxStepPart)) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           c == '_' || c == '-';
        step += plain ? c : '_';
    }
    std::string name = "steward-" + std::string(instance_id) + "-" + std::to_string(run_id) + "-" + step +
                       "-" + std::to_string(step_exec_id);
    if (kind == LivyKind::session) {
        name += "-s";
    }
    return name;
}

result<LivyHandle> LivyStore::record_intent(RowId step_exec_id, LivyKind kind,
                                            std::optional<std::string_view> session_key, Millis at) {
    RowId run_id = 0;
    std::string step_id;
    {
        auto st = db_->statement("SELECT run_id, step_id FROM step_executions WHERE id = ?1");
        st->bind_all(step_exec_id);
        if (!st->step()) {
            return Errc::not_found;
        }
        run_id = st->int64(0);
        step_id = st->text(1);
    }
    auto st = db_->statement(
        "INSERT INTO livy_handles (run_id, step_exec_id, kind, name, state, session_key, created_at, "
        "updated_at) "
        "VALUES (?1, ?2, ?3, ?4, 'not_submitted', ?5, ?6, ?6) ON CONFLICT (step_exec_id, kind) DO NOTHING");
    st->bind_all(run_id, step_exec_id, to_string(kind),
                 handle_name(instance_id_, run_id, step_id, step_exec_id, kind), session_key, at);
    st->run();
    if (db_->changes() != 1) {
        return Errc::duplicate;
    }
    return get_handle(db_->last_insert_rowid());
}

result<void> LivyStore::set_livy_id(RowId handle_id, std::string_view livy_id, Millis at) {
    auto st = db_->statement(
        "UPDATE livy_handles SET livy_id = ?2, updated_at = ?3 WHERE id = ?1 AND (livy_id IS NULL OR livy_id "
        "= ?2)");
    st->bind_all(handle_id, livy_id, at);
    st->run();
    if (db_->changes() == 1) {
        return {};
    }
    return get_handle(handle_id) ? Errc::conflict : Errc::not_found;
}

result<void> LivyStore::update_state(RowId handle_id, std::string_view state, bool terminal, Millis at) {
    auto st =
        db_->statement("UPDATE livy_handles SET state = ?2, terminal = ?3, updated_at = ?4 WHERE id = ?1");
    st->bind_all(handle_id, state, terminal, at);
    return detail::update_one(*db_, *st);
}

result<void> LivyStore::set_app_info(RowId handle_id, const LivyAppInfo& app, Millis at) {
    auto st = db_->statement(
        "UPDATE livy_handles SET app_id = ?2, driver_log_url = ?3, spark_ui_url = ?4, updated_at = ?5 WHERE "
        "id = ?1");
    st->bind_all(handle_id, app.app_id, app.driver_log_url, app.spark_ui_url, at);
    return detail::update_one(*db_, *st);
}

result<void> LivyStore::save_follower_state(RowId handle_id, std::string_view follower_state, Millis at) {
    auto st = db_->statement("UPDATE livy_handles SET follower_state = ?2, updated_at = ?3 WHERE id = ?1");
    st->bind_all(handle_id, follower_state, at);
    return detail::update_one(*db_, *st);
}

result<LivyHandle> LivyStore::get_handle(RowId handle_id) {
    auto st = db_->statement("SELECT " ORCH_STORE_HANDLE_COLUMNS " FROM livy_handles h WHERE h.id = ?1");
    st->bind_all(handle_id);
    return one_handle(*st);
}

result<LivyHandle> LivyStore::find_handle(RowId step_exec_id, LivyKind kind) {
    auto st = db_->statement("SELECT " ORCH_STORE_HANDLE_COLUMNS
                             " FROM livy_handles h WHERE h.step_exec_id = ?1 AND h.kind = ?2");
    st->bind_all(step_exec_id, to_string(kind));
    return one_handle(*st);
}

result<LivyHandle> LivyStore::find_by_name(std::string_view name) {
    auto st = db_->statement("SELECT " ORCH_STORE_HANDLE_COLUMNS " FROM livy_handles h WHERE h.name = ?1");
    st->bind_all(name);
    return one_handle(*st);
}

result<LivyHandle> LivyStore::find_open_session(std::string_view session_key) {
    auto st = db_->statement("SELECT " ORCH_STORE_HANDLE_COLUMNS
                             " FROM livy_handles h WHERE h.session_key = ?1 AND h.kind = 'session' "
                             "AND h.terminal = 0 ORDER BY h.id DESC LIMIT 1");
    st->bind_all(session_key);
    return one_handle(*st);
}

std::vector<LivyHandle> LivyStore::handles_to_reattach() {
    auto st =
        db_->statement("SELECT " ORCH_STORE_HANDLE_COLUMNS
                       " FROM livy_handles h JOIN runs r ON r.id = h.run_id "
                       "WHERE h.terminal = 0 AND r.state IN ('pending', 'running', 'waiting') ORDER BY h.id");
    std::vector<LivyHandle> handles;
    while (st->step()) {
        handles.push_back(read_handle(*st));
    }
    return handles;
}

result<LivyStatement> LivyStore::record_statement_intent(RowId step_exec_id, int index, RowId handle_id,
                                                         Millis at) {
    if (index < 0) {
        return Errc::invalid_argument;
    }
    auto st = db_->statement(
        "INSERT INTO livy_statements (step_exec_id, idx, handle_id, state, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, 'not_submitted', ?4, ?4) ON CONFLICT (step_exec_id, idx) DO NOTHING "
        "RETURNING " ORCH_STORE_STATEMENT_COLUMNS);
    st->bind_all(step_exec_id, index, handle_id, at);
    if (!st->step()) {
        return Errc::duplicate;
    }
    return read_statement(*st);
}

result<void> LivyStore::set_statement_id(RowId step_exec_id, int index, std::int64_t statement_id,
                                         Millis at) {
    auto st = db_->statement(
        "UPDATE livy_statements SET statement_id = ?3, updated_at = ?4 "
        "WHERE step_exec_id = ?1 AND idx = ?2 AND (statement_id IS NULL OR statement_id = ?3)");
    st->bind_all(step_exec_id, index, statement_id, at);
    st->run();
    if (db_->changes() == 1) {
        return {};
    }
    auto exists = db_->statement("SELECT 1 FROM livy_statements WHERE step_exec_id = ?1 AND idx = ?2");
    exists->bind_all(step_exec_id, index);
    return exists->step() ? Errc::conflict : Errc::not_found;
}

result<void> LivyStore::update_statement(RowId step_exec_id, int index, std::string_view state,
                                         std::optional<std::string_view> output_json, Millis at) {
    auto st = db_->statement(
        "UPDATE livy_statements SET state = ?3, output_json = coalesce(?4, output_json), updated_at = ?5 "
        "WHERE step_exec_id = ?1 AND idx = ?2");
    st->bind_all(step_exec_id, index, state, output_json, at);
    return detail::update_one(*db_, *st);
}

std::vector<LivyStatement> LivyStore::list_statements(RowId step_exec_id) {
    auto st = db_->statement("SELECT " ORCH_STORE_STATEMENT_COLUMNS
                             " FROM livy_statements WHERE step_exec_id = ?1 ORDER BY idx");
    st->bind_all(step_exec_id);
    std::vector<LivyStatement> statements;
    while (st->step()) {
        statements.push_back(read_statement(*st));
    }
    return statements;
}

result<std::int64_t> LivyStore::append_log_lines(RowId step_exec_id, std::int64_t first_seq,
                                                 std::span<const std::string> lines) {
    Transaction tx(*db_);
    if (first_seq < 0 || first_seq > next_log_seq(step_exec_id)) {
        return Errc::invalid_argument;
    }
    auto st = db_->statement("INSERT OR IGNORE INTO step_logs (step_exec_id, seq, line) VALUES (?1, ?2, ?3)");
    std::int64_t added = 0;
    std::int64_t seq = first_seq;
    for (const auto& line : lines) {
        st->bind_all(step_exec_id, seq++, line);
        st->run();
        st->reset();
        added += db_->changes();
    }
    tx.commit();
    return added;
}

std::int64_t LivyStore::next_log_seq(RowId step_exec_id) {
    auto st = db_->statement("SELECT coalesce(max(seq) + 1, 0) FROM step_logs WHERE step_exec_id = ?1");
    st->bind_all(step_exec_id);
    return st->step() ? st->int64(0) : 0;
}

result<std::vector<LogLine>> LivyStore::get_log(RowId step_exec_id, std::int64_t from_seq, int limit) {
    if (from_seq < 0 || !detail::valid_page(limit, 0, kMaxLogPage)) {
        return Errc::invalid_argument;
    }
    auto st = db_->statement(
        "SELECT seq, line FROM step_logs WHERE step_exec_id = ?1 AND seq >= ?2 ORDER BY seq LIMIT ?3");
    st->bind_all(step_exec_id, from_seq, limit);
    std::vector<LogLine> lines;
    while (st->step()) {
        lines.push_back({st->int64(0), st->text(1)});
    }
    return lines;
}

}  // namespace steward::store
