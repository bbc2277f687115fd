#pragma once

#include "tests/fake_livy/log_buffer.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace steward::fake_livy {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Millis = std::chrono::milliseconds;

/// A delay meaning "never happens on its own" (use `force_*_state` or a DELETE instead).
inline constexpr Millis kNever = Millis::max();

/// `t + d`, saturating at `TimePoint::max()` (so `kNever` never overflows).
TimePoint later(TimePoint t, Millis d) noexcept;

/// What a batch ends in once its run delay has passed.
enum class BatchOutcome { success, dead, killed };

/// What a session becomes once its start delay has passed.
enum class SessionOutcome { idle, dead };

/// A statement's scripted result: `output` is the Livy output object without `execution_count`
/// (the fake inserts it); `run` overrides the configured running time.
struct StatementScript {
    boost::json::object output;
    std::optional<Millis> run;
};

/// `{"status":"ok","data":{"text/plain":text}}`.
StatementScript ok_text(std::string text);
/// `{"status":"ok","data":{"application/json":value}}`.
StatementScript ok_json(boost::json::value value);
/// `{"status":"error","ename":..,"evalue":..,"traceback":[..]}`.
StatementScript error_output(const std::string& ename, const std::string& evalue,
                             const std::vector<std::string>& traceback);

/// What Livy reports about the Spark application of a session or batch (`appId`, `appInfo`);
/// shown once the object is past `starting`.
struct AppInfoScript {
    std::optional<std::string> app_id;
    std::optional<std::string> driver_log_url;
    std::optional<std::string> spark_ui_url;

    bool operator==(const AppInfoScript&) const = default;
};

/// One statement of an interactive session. Times are precomputed at creation; the visible state
/// is a pure function of the clock.
struct StatementRecord {
    int id = 0;
    std::string code;
    std::optional<std::string> kind;
    TimePoint run_at;
    TimePoint done_at;
    std::int64_t created_epoch_ms = 0;  ///< wall-clock ms at creation, for started/completed
    TimePoint created_at;
    boost::json::object output;
    std::optional<TimePoint> cancel_requested;
    Millis cancel_delay{0};

    /// waiting / running / available / cancelling / cancelled at `now`.
    std::string state(TimePoint now) const;
    /// When the statement stops occupying the session (done, or cancelled).
    TimePoint end(TimePoint now) const;
    /// Livy's Statement JSON at `now`.
    boost::json::object to_json(TimePoint now) const;
};

/// The GUID a string-id fake (`ModelOptions::string_ids`) shows for id `id`:
/// "xxxxxxxx-7f0b-4d6e-8a21-<id, 12 digits>", the first group derived from the id.
std::string guid_for(int id);

/// Fields shared by sessions and batches.
struct RecordBase {
    int id = 0;
    std::string guid;  ///< set in string-id mode: the id Livy shows instead of `id`
    /// `guid` as a JSON string when set, else `id` as a JSON integer.
    boost::json::value id_json() const;
    /// The path segment that names it: `guid` when set, else `id` in decimal.
    std::string ref() const;
    std::optional<std::string> name;
    boost::json::object request;  ///< the validated create body, echoed in the views
    TimePoint created_at;
    LogBuffer log;
    std::optional<std::string> forced_state;  ///< set by tests, by stop/interrupt or a kill
    std::optional<TimePoint> forced_at;
    std::optional<TimePoint> deleting_until;  ///< DELETE in progress: gone at that time
    AppInfoScript app;                        ///< null fields until scripted
};

/// An interactive session.
struct SessionRecord : RecordBase {
    TimePoint ready_at;
    SessionOutcome outcome = SessionOutcome::idle;
    std::vector<StatementRecord> statements;
    int next_statement_id = 0;

    /// The visible state at `now` (starting, idle, busy, dead, shutting_down, ...).
    std::string state(TimePoint now) const;
    /// When it reached a finished state (dead/killed/success/error), if it has.
    std::optional<TimePoint> finished_at(TimePoint now) const;
    /// Livy 0.9's session view (`SessionInfo`) at `now`.
    boost::json::object to_json(TimePoint now) const;
};

/// A batch.
struct BatchRecord : RecordBase {
    TimePoint running_at;
    TimePoint done_at;
    BatchOutcome outcome = BatchOutcome::success;
    std::size_t ticks = 0;  ///< "tick N" lines appended (ModelOptions::batch_log_every)

    /// The visible state at `now` (starting, running, success, dead, killed).
    std::string state(TimePoint now) const;
    /// When it reached a finished state, if it has.
    std::optional<TimePoint> finished_at(TimePoint now) const;
    /// Livy's `BatchSessionView` at `now`.
    boost::json::object to_json(TimePoint now) const;
};

/// True for the states Livy treats as finished (and garbage-collects): error, dead, killed,
/// success.
bool is_finished_state(const std::string& state) noexcept;

}  // namespace steward::fake_livy
