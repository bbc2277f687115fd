#pragma once

// DTOs and enums of the Livy REST API (0.5 .. 0.9), parsed permissively: every response field is
// optional or defaulted, unknown fields are ignored. Plain value types; no threading concerns.

#include <boost/json/value.hpp>

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace livy {

/// Session and batch states (Livy SessionState.scala), plus `unknown` for anything else; the raw
/// text is always kept next to the enum in the DTOs (`state_text`).
enum class SessionState {
    not_started,
    starting,
    recovering,
    idle,
    running,
    busy,
    shutting_down,
    error,
    dead,
    killed,
    success,
    unknown,
};

/// A session or batch id as Livy sent it. Apache Livy sends integers (kept as their decimal text,
/// "3"); Microsoft Fabric/Synapse-style gateways send GUIDs and Lighter sends UUIDs. Opaque: never
/// parsed, compared only for equality, percent-encoded when it goes into a URL path.
using Id = std::string;

/// Batches use the same state set as sessions.
using BatchState = SessionState;

/// Statement states (rsc StatementState.java); there is no statement state "error".
enum class StatementState { waiting, running, available, cancelling, cancelled, unknown };

/// "idle", "shutting_down", ...; `unknown` gives "unknown". Never throws.
std::string_view to_string(SessionState s) noexcept;
/// "waiting", "available", ...; `unknown` gives "unknown". Never throws.
std::string_view to_string(StatementState s) noexcept;
/// Exact, case-sensitive match of Livy's spelling; anything else gives `unknown`. Never throws.
SessionState session_state_from_string(std::string_view s) noexcept;
/// Exact, case-sensitive match of Livy's spelling; anything else gives `unknown`. Never throws.
StatementState statement_state_from_string(std::string_view s) noexcept;

/// Stream the `to_string` spelling (for logs and test diagnostics).
std::ostream& operator<<(std::ostream& os, SessionState s);
/// Stream the `to_string` spelling.
std::ostream& operator<<(std::ostream& os, StatementState s);

/// Session terminal states: dead, killed, success, error (error is final for start-up; all common
/// clients treat it as final).
bool is_terminal_session(SessionState s) noexcept;
/// Batch terminal states: dead, killed, success.
bool is_terminal_batch(BatchState s) noexcept;
/// Statement terminal states: available, cancelled.
bool is_terminal(StatementState s) noexcept;

/// `appInfo` of a session or batch. Null or absent fields stay empty; other keys are kept in
/// `extra` (string values as-is, other JSON values serialised).
struct AppInfo {
    std::optional<std::string> driver_log_url;
    std::optional<std::string> spark_ui_url;
    std::map<std::string, std::string> extra;
};

/// An interactive session (`GET /sessions/{id}`). Livy sends unset ints as 0.
struct Session {
    Id id;
    std::optional<std::string> name;
    std::optional<std::string> app_id;
    std::optional<std::string> owner;
    std::optional<std::string> proxy_user;
    std::optional<std::string> kind;
    SessionState state = SessionState::unknown;
    std::string state_text;  ///< the raw state string as Livy sent it ("" if absent)
    AppInfo app_info;
    std::vector<std::string> log;  ///< last lines (empty when null or absent)
    std::optional<std::string> ttl;
    std::optional<std::string> idle_timeout;
    std::optional<std::string> driver_memory;
    std::optional<std::int64_t> driver_cores;
    std::optional<std::string> executor_memory;
    std::optional<std::int64_t> executor_cores;
    std::optional<std::int64_t> num_executors;
    std::optional<std::string> queue;
    std::optional<std::int64_t> heartbeat_timeout_in_second;
    std::map<std::string, std::string> conf;
    std::vector<std::string> jars;
    std::vector<std::string> py_files;
    std::vector<std::string> files;
    std::vector<std::string> archives;
};

/// A batch (`GET /batches/{id}`). Older servers omit name/owner/proxyUser; Synapse sends
/// `appInfo:null, log:null`.
struct Batch {
    Id id;
    std::optional<std::string> name;
    std::optional<std::string> owner;
    std::optional<std::string> proxy_user;
    BatchState state = BatchState::unknown;
    std::string state_text;
    std::optional<std::string> app_id;
    AppInfo app_info;
    std::vector<std::string> log;
};

/// `GET /sessions` (`from`, `total` = number of all sessions on the server, `sessions`).
struct SessionList {
    std::int64_t from = 0;
    std::int64_t total = 0;
    std::vector<Session> sessions;
};

/// `GET /batches`.
struct BatchList {
    std::int64_t from = 0;
    std::int64_t total = 0;
    std::vector<Batch> batches;
};

/// `GET /{sessions|batches}/{id}/state`.
struct StateInfo {
    Id id;  ///< empty when the reply has none
    SessionState state = SessionState::unknown;
    std::string state_text;
};

/// A statement's `output`. `status` is "ok" or "error" (kept raw). On ok, `data` maps mime types
/// ("text/plain", "application/json", "application/vnd.livy.table.v1+json", "image/png", ...) to
/// the JSON value as sent. On error, `ename`/`evalue`/`traceback`; a traceback sent as a string is
/// split into lines, as an object it is serialised into one line, as an array each element is one
/// entry (non-strings serialised).
struct StatementOutput {
    std::string status;
    std::optional<std::int64_t> execution_count;
    std::map<std::string, boost::json::value> data;
    std::optional<std::string> ename;
    std::optional<std::string> evalue;
    std::vector<std::string> traceback;

    /// True when status == "ok".
    bool ok() const noexcept { return status == "ok"; }
    /// The `text/plain` value if present and a string.
    std::optional<std::string> text() const;
    /// The `application/json` value if present, else nullptr. Points into `data`.
    const boost::json::value* json() const noexcept;
};

/// A statement (`GET /sessions/{id}/statements/{sid}`). `started`/`completed` are epoch ms (0
/// until set; absent before Livy 0.7); `progress` 0..1.
struct Statement {
    std::int64_t id = -1;
    std::optional<std::string> code;
    StatementState state = StatementState::unknown;
    std::string state_text;
    std::optional<StatementOutput> output;  ///< empty when null or absent
    std::optional<double> progress;
    std::optional<std::int64_t> started;
    std::optional<std::int64_t> completed;
};

/// `GET /sessions/{id}/statements` (`total_statements`).
struct StatementList {
    std::int64_t total = 0;
    std::vector<Statement> statements;
};

/// `GET /{sessions|batches}/{id}/log`: `total` is the number of lines on the server (older docs
/// call it `size`; both are accepted).
struct LogPage {
    Id id;  ///< empty when the reply has none
    std::int64_t from = 0;
    std::int64_t total = 0;
    std::vector<std::string> log;
};

/// `GET /version`. All fields optional.
struct Version {
    std::optional<std::string> version;
    std::optional<std::string> user;
    std::optional<std::string> revision;
    std::optional<std::string> branch;
    std::optional<std::string> date;
    std::optional<std::string> url;
};

/// `POST /sessions/{id}/completion` reply.
struct Completion {
    std::vector<std::string> candidates;
};

/// Fields shared by batch and session create requests (Livy's CreateBatchRequest /
/// CreateInteractiveRequest). Only fields that are set are serialised.
struct CommonRequest {
    std::optional<std::string> proxy_user;
    std::optional<std::vector<std::string>> jars;
    std::optional<std::vector<std::string>> py_files;
    std::optional<std::vector<std::string>> files;
    std::optional<std::vector<std::string>> archives;
    std::optional<std::string> driver_memory;
    std::optional<std::int64_t> driver_cores;
    std::optional<std::string> executor_memory;
    std::optional<std::int64_t> executor_cores;
    std::optional<std::int64_t> num_executors;
    std::optional<std::string> queue;
    /// Unique name. Strongly recommended: a create whose outcome is unknown is resolved by looking
    /// the name up; without a name such a create is never re-sent. Must not be all digits.
    std::optional<std::string> name;
    std::optional<std::map<std::string, std::string>> conf;
};

/// `POST /batches`. `file` is required by Livy (the client rejects a request without it).
/// Never serialises session-only fields.
struct BatchRequest : CommonRequest {
    std::optional<std::string> file;
    std::optional<std::string> class_name;
    std::optional<std::vector<std::string>> args;
};

/// `POST /sessions`. `ttl`/`idle_timeout` are duration strings ("10m"); `idle_timeout` needs
/// Livy 0.9 (older servers reject unknown fields with 400).
struct SessionRequest : CommonRequest {
    std::optional<std::string> kind;
    std::optional<std::int64_t> heartbeat_timeout_in_second;
    std::optional<std::string> ttl;
    std::optional<std::string> idle_timeout;
};

/// `POST /sessions/{id}/statements`: `kind` overrides the session kind (required on "shared"
/// sessions): spark, pyspark, sparkr, sql.
struct StatementRequest {
    std::string code;
    std::optional<std::string> kind;
};

/// `POST /sessions/{id}/completion`: Livy requires `kind`.
struct CompletionRequest {
    std::string code;
    std::string kind;
    std::int64_t cursor = 0;
};

/// Paging for list calls; unset fields are not sent (Livy defaults: from 0, size 100).
struct Page {
    std::optional<std::int64_t> from;
    std::optional<std::int64_t> size;
};

/// Paging for the statement list; `descending` sends `order=desc` (Livy 0.8+).
struct StatementPage {
    std::optional<std::int64_t> from;
    std::optional<std::int64_t> size;
    bool descending = false;
};

/// Range for a log request; unset fields are not sent (Livy default: the last 100 lines).
/// `size = -1` returns all lines.
struct LogRange {
    std::optional<std::int64_t> from;
    std::optional<std::int64_t> size;
};

}  // namespace livy
