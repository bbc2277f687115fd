#pragma once

#include "orchestrator/store/errc.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/system/result.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace steward::store {

class Database;

/// Livy batches and sessions, session statements and step logs: what makes a restart safe.
///
/// The protocol that keeps a Spark job from being submitted twice:
///  1. `record_intent` (committed) BEFORE the POST; it fixes the handle's unique `name`, which is
///     sent to Livy as the batch/session name;
///  2. `set_livy_id` once Livy answers;
///  3. at start, `handles_to_reattach()` lists live handles of unfinished runs: those with a
///     `livy_id` are re-attached by id, those without are looked up in Livy by `name` (and only
///     submitted if Livy has never heard of the name).
/// Session statements follow the same intent-then-id pattern per statement index.
/// Logs: `append_log_lines` is idempotent on (step attempt, seq), and the follower's position is
/// saved with `save_follower_state` in the same transaction, so a resumed follower neither loses
/// nor duplicates a line.
///
/// Error contract: SQLite failures, a foreign key to a missing row and malformed JSON throw
/// `StoreError`; input-dependent failures are `result` errors. Not thread-safe.
class LivyStore {
public:
    /// `instance_id` is this database's random id (see `Store::instance_id`), part of every name so
    /// two databases sharing a Livy server never collide.
    LivyStore(Database& db, std::string instance_id) : db_(&db), instance_id_(std::move(instance_id)) {}

    /// The deterministic Livy name of a step attempt's batch or session:
    /// "steward-<instance>-<run>-<step>-<step_exec>[-s]" (step id characters outside
    /// [A-Za-z0-9_-] become '_', at most 40 kept; "-s" marks a session). Pure; never all digits.
    static std::string handle_name(std::string_view instance_id, RowId run_id, std::string_view step_id,
                                   RowId step_exec_id, LivyKind kind);

    /// Records the intent to create a batch or session for a step attempt, before submitting it,
    /// and returns the handle (state "not_submitted", no livy_id). Errc::not_found if the step
    /// attempt does not exist; Errc::duplicate if it already has a handle of that kind (resume it
    /// with `find_handle` instead of submitting again).
    boost::system::result<LivyHandle> record_intent(RowId step_exec_id, LivyKind kind,
                                                    std::optional<std::string_view> session_key, Millis at);
    /// Stores the id Livy assigned (opaque text, see `LivyHandle::livy_id`). Idempotent for the
    /// same id; Errc::conflict if a different id is already stored; Errc::not_found for an unknown
    /// handle.
    boost::system::result<void> set_livy_id(RowId handle_id, std::string_view livy_id, Millis at);
    /// Records the last Livy state seen and whether it is terminal. Errc::not_found.
    boost::system::result<void> update_state(RowId handle_id, std::string_view state, bool terminal,
                                             Millis at);
    /// Records what Livy reports about the handle's Spark application (all three fields as
    /// given, null included). Errc::not_found.
    boost::system::result<void> set_app_info(RowId handle_id, const LivyAppInfo& app, Millis at);
    /// Saves the log follower's opaque position. Errc::not_found.
    boost::system::result<void> save_follower_state(RowId handle_id, std::string_view follower_state,
                                                    Millis at);

    /// Errc::not_found for an unknown id.
    boost::system::result<LivyHandle> get_handle(RowId handle_id);
    /// The handle of a step attempt; Errc::not_found if none was recorded.
    boost::system::result<LivyHandle> find_handle(RowId step_exec_id, LivyKind kind);
    /// The handle with a given Livy name; Errc::not_found.
    boost::system::result<LivyHandle> find_by_name(std::string_view name);
    /// The newest non-terminal session handle opened under `session_key`; Errc::not_found.
    boost::system::result<LivyHandle> find_open_session(std::string_view session_key);
    /// Non-terminal handles of runs that are pending, running or waiting, oldest first.
    std::vector<LivyHandle> handles_to_reattach();

    /// Records the intent to submit statement `index` of a step attempt on session `handle_id`.
    /// Errc::duplicate if that statement was already recorded (resume it instead).
    boost::system::result<LivyStatement> record_statement_intent(RowId step_exec_id, int index,
                                                                 RowId handle_id, Millis at);
    /// Stores the statement id Livy assigned. Idempotent for the same id; Errc::conflict for a
    /// different one; Errc::not_found.
    boost::system::result<void> set_statement_id(RowId step_exec_id, int index, std::int64_t statement_id,
                                                 Millis at);
    /// Records a statement's state and, when available, its output. Errc::not_found.
    boost::system::result<void> update_statement(RowId step_exec_id, int index, std::string_view state,
                                                 std::optional<std::string_view> output_json, Millis at);
    /// The statements of a step attempt, by index.
    std::vector<LivyStatement> list_statements(RowId step_exec_id);

    /// Appends `lines` as seq first_seq, first_seq+1, ... and returns how many were new. Lines whose
    /// seq is already stored are skipped (the first write wins), so re-appending after a crash is
    /// harmless. Errc::invalid_argument if first_seq < 0 or first_seq > next_log_seq() (a gap
    /// would mean lost lines).
    boost::system::result<std::int64_t> append_log_lines(RowId step_exec_id, std::int64_t first_seq,
                                                         std::span<const std::string> lines);
    /// The seq the next new line gets: the number of lines stored for the step attempt.
    std::int64_t next_log_seq(RowId step_exec_id);
    /// Lines with seq >= from_seq, in order, at most `limit` (1..10000).
    /// Errc::invalid_argument for a bad from_seq or limit.
    boost::system::result<std::vector<LogLine>> get_log(RowId step_exec_id, std::int64_t from_seq, int limit);

private:
    Database* db_;
    std::string instance_id_;
};

}  // namespace steward::store
