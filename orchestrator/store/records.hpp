#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Plain records the store reads and writes. They carry no behaviour and depend on nothing but the
// standard library, so the engine and API map them to their own types. Times are milliseconds since
// the Unix epoch, always supplied by the caller (the store never reads a clock). JSON columns are
// passed through as text; the store checks only that they are well-formed JSON.

namespace steward::store {

using RowId = std::int64_t;
using Millis = std::int64_t;

enum class RunState { pending, running, waiting, succeeded, failed, cancelled };
enum class StepState { pending, running, waiting, succeeded, failed, skipped, cancelled, timed_out };
enum class TaskState { open, completed, timed_out, cancelled, escalated };
enum class TimerKind { deadline, reminder, retry, wait, cron };
enum class TimerState { pending, fired, cancelled };
enum class LivyKind { batch, session };

/// Lower-case names as stored in the database and shown by the API. Never throw.
std::string_view to_string(RunState state) noexcept;
std::string_view to_string(StepState state) noexcept;
std::string_view to_string(TaskState state) noexcept;
std::string_view to_string(TimerKind kind) noexcept;
std::string_view to_string(TimerState state) noexcept;
std::string_view to_string(LivyKind kind) noexcept;

/// Parse the names above; std::nullopt for anything else. Never throw.
std::optional<RunState> parse_run_state(std::string_view text) noexcept;
std::optional<StepState> parse_step_state(std::string_view text) noexcept;
std::optional<TaskState> parse_task_state(std::string_view text) noexcept;
std::optional<TimerKind> parse_timer_kind(std::string_view text) noexcept;
std::optional<TimerState> parse_timer_state(std::string_view text) noexcept;
std::optional<LivyKind> parse_livy_kind(std::string_view text) noexcept;

/// True for succeeded, failed and cancelled (a run in such a state never changes again).
bool is_terminal(RunState state) noexcept;
/// True for succeeded, failed, skipped, cancelled and timed_out.
bool is_terminal(StepState state) noexcept;
/// True while a task can still be answered: open or escalated.
bool is_answerable(TaskState state) noexcept;

/// One version of a workflow file, identified by the hash of its content.
struct WorkflowDefinition {
    RowId id = 0;
    std::string name{};
    std::string content_hash{};
    std::string yaml{};
    Millis created_at = 0;
};

/// One stored version of a workflow, without its text, with how runs used it.
struct WorkflowDefinitionInfo {
    RowId id = 0;
    std::string content_hash{};
    Millis created_at = 0;                 ///< when the server first stored (loaded) this text
    std::int64_t runs = 0;                 ///< runs started from this version
    std::optional<Millis> first_run_at{};  ///< the first of them, if any
    std::optional<Millis> last_run_at{};   ///< the latest of them, if any
};

/// A workflow run; it keeps the definition version it started with.
/// A condition of an unfinished run that users should see: what is wrong, in words, and since when.
struct RunCondition {
    std::string kind{};    ///< "livy_unreachable", "retrying", "stuck" (docs/engine.md)
    std::string detail{};  ///< one sentence for people, e.g. the last error and the next attempt
    Millis since = 0;      ///< when the condition began
};

struct Run {
    RowId id = 0;
    std::string uid{};  ///< ULID unique across databases (26 characters, time-ordered)
    RowId workflow_def_id = 0;
    std::string workflow_name{};
    RunState state = RunState::pending;
    std::string params_json = "{}";
    std::string trigger{};                      ///< "manual", "http", "cron", ... (free text)
    std::optional<std::string> current_step{};  ///< the engine's cursor: the step being executed
    Millis created_at = 0;
    Millis updated_at = 0;
    std::optional<Millis> started_at{};
    std::optional<Millis> finished_at{};
    std::optional<std::string> error{};
    std::optional<RowId> rerun_of{};  ///< the run this one repeats (`POST /api/runs/{id}/rerun`)
    /// Why an unfinished run is not progressing as usual ("livy_unreachable", "retrying", "stuck"),
    /// set and cleared by the engine; always empty once the run is terminal.
    std::optional<RunCondition> condition{};
};

/// Filter and page for `RunStore::list_runs`; newest first.
struct RunFilter {
    std::optional<std::string> workflow_name{};
    std::optional<RunState> state{};
    int limit = 50;  ///< 1..1000
    int offset = 0;  ///< >= 0
    /// Keyset paging: only runs with an id below this (the last id of the previous page).
    std::optional<RowId> before{};
    /// How the run was started: a kind ("http", "cli", "cron", "manual") matches that trigger and
    /// every "kind:who" one ("http:alice"); a text with ':' matches exactly.
    std::optional<std::string> trigger{};
    std::optional<Millis> created_since{};  ///< created_at >= this
    std::optional<Millis> created_until{};  ///< created_at < this
};

/// One page of `RunStore::list_runs_page`: the runs, and whether more match after them.
struct RunPage {
    std::vector<Run> runs{};
    bool more = false;
};

/// One attempt of one step in a run.
struct StepExecution {
    RowId id = 0;
    RowId run_id = 0;
    std::string step_id{};
    int attempt = 1;
    StepState state = StepState::pending;
    Millis created_at = 0;
    std::optional<Millis> started_at{};
    std::optional<Millis> finished_at{};
    std::optional<std::string> error{};
    std::optional<std::string> outputs_json{};
    std::optional<std::string> outcome{};  ///< a user task's chosen outcome, a gate's branch
};

/// How a step attempt ended (or paused: state waiting), for `RunStore::finish_step`.
struct StepResult {
    StepState state = StepState::succeeded;
    std::optional<std::string> error{};
    std::optional<std::string> outputs_json{};
    std::optional<std::string> outcome{};
};

/// One entry of a run's append-only history.
struct Event {
    RowId id = 0;
    RowId run_id = 0;
    std::optional<RowId> step_exec_id{};
    Millis at = 0;
    std::string type{};
    std::string payload_json = "{}";
};

/// A durable timer: a deadline, reminder, retry back-off, wait or cron tick that must fire even if
/// it fell due while the server was down.
struct Timer {
    RowId id = 0;
    std::optional<RowId> run_id{};  ///< null for server-wide timers such as cron triggers
    std::optional<RowId> step_exec_id{};
    TimerKind kind = TimerKind::deadline;
    Millis due_at = 0;
    std::string payload_json = "{}";
    TimerState state = TimerState::pending;
    std::optional<Millis> closed_at{};  ///< when it fired or was cancelled
};

/// Who may answer a user task: listed users, or anyone holding a listed role.
struct Assignees {
    std::vector<std::string> users{};
    std::vector<std::string> roles{};
};

/// A question put to people by a user_task step.
struct UserTask {
    RowId id = 0;
    RowId run_id = 0;
    RowId step_exec_id = 0;
    std::string title{};
    std::string description{};
    Assignees assignees{};
    std::string form_json = "{}";
    std::string outcomes_json = "[]";
    TaskState state = TaskState::open;
    std::optional<Millis> deadline_at{};
    int reminders_sent = 0;
    int escalation_level = 0;
    Millis created_at = 0;
    std::optional<Millis> closed_at{};
    std::optional<std::string> outcome{};
    std::optional<std::string> responder{};
    std::optional<std::string> response_json{};
    std::optional<Millis> responded_at{};
    std::string step_id{};   ///< the step's id in its workflow (read with the task; ignored by create)
    std::string workflow{};  ///< the name of the run's workflow (read with the task; ignored by create)
};

/// A person's answer to a user task.
struct TaskAnswer {
    std::string outcome{};
    std::string responder{};
    std::string response_json = "{}";
    Millis at = 0;
};

/// Filter and page for `TaskStore::list` and `TaskStore::count`; newest first unless
/// `by_deadline`. With `user` and/or `roles` set (or `assigned_only`), only tasks assigned to that
/// user or to one of those roles are listed.
struct TaskFilter {
    bool answerable_only = true;  ///< open or escalated tasks only
    std::optional<RowId> run_id{};
    std::optional<std::string> user{};
    std::vector<std::string> roles{};
    int limit = 50;  ///< 1..1000
    int offset = 0;
    /// Only tasks in this state (`answerable_only` is then ignored).
    std::optional<TaskState> state{};
    /// Only tasks assigned to `user` or `roles` even when both are empty (then: none).
    bool assigned_only = false;
    /// Only tasks whose deadline is before this (overdue: now); tasks without one never match.
    std::optional<Millis> deadline_before{};
    /// Deadline ascending, tasks without one last, then id; needs `answerable_only` (and no
    /// `state`) or a `run_id`, so that it reads an index (`TaskStore::list` refuses otherwise).
    bool by_deadline = false;
    /// Keyset paging (newest first only): only tasks with an id below this (the last id of the
    /// previous page); `TaskStore::list` refuses it with `by_deadline`, `count` ignores it.
    std::optional<RowId> before{};
};

/// How many open (answerable) tasks a model's workflows have, and how many of them are overdue.
struct OpenTaskCounts {
    std::int64_t open = 0;
    std::int64_t overdue = 0;
};

/// What Livy reports about the Spark application behind a batch or session (`appId`,
/// `appInfo.driverLogUrl`, `appInfo.sparkUiUrl`); each is null until Livy knows it.
struct LivyAppInfo {
    std::optional<std::string> app_id{};
    std::optional<std::string> driver_log_url{};
    std::optional<std::string> spark_ui_url{};

    bool operator==(const LivyAppInfo&) const = default;
};

/// A Livy batch or session the engine submitted (or is about to submit) for a step attempt.
/// `livy_id` is null between "intent recorded" and "Livy answered with an id"; such a handle is
/// found again in Livy by its unique `name`. `livy_id` is opaque text: Apache Livy's integer ids
/// as their decimal text ("3"), GUIDs of Fabric/Synapse-style gateways as sent.
struct LivyHandle {
    RowId id = 0;
    RowId run_id = 0;
    RowId step_exec_id = 0;
    LivyKind kind = LivyKind::batch;
    std::string name{};
    std::optional<std::string> livy_id{};
    std::string state{};  ///< the last Livy state seen ("not_submitted" until then)
    bool terminal = false;
    std::optional<std::string> session_key{};  ///< for sessions shared between steps
    std::string follower_state{};              ///< opaque log-follower position, owned by the engine
    Millis created_at = 0;
    Millis updated_at = 0;
    LivyAppInfo app{};  ///< the Spark application, as last reported
};

/// Progress of one statement of a livy_session step, so a resumed step never runs it twice.
/// `statement_id` is null between "intent recorded" and "Livy answered with an id".
struct LivyStatement {
    RowId step_exec_id = 0;
    int index = 0;  ///< position in the step's statement list, from 0
    RowId handle_id = 0;
    std::optional<std::int64_t> statement_id{};
    std::string state{};  ///< the last Livy statement state seen ("not_submitted" until then)
    std::optional<std::string> output_json{};
    Millis created_at = 0;
    Millis updated_at = 0;
};

/// One line of a step's log, numbered from 0 in the order Livy produced it.
struct LogLine {
    std::int64_t seq = 0;
    std::string line{};
};

/// An immutable registered model version, with lineage.
struct ModelVersion {
    RowId id = 0;
    std::string group{};
    std::string artifact{};
    std::int64_t major = 0;
    std::int64_t minor = 0;
    std::int64_t build = 0;
    std::string artifact_uri{};
    std::string metrics_json = "{}";
    std::string tags_json = "{}";
    std::optional<RowId> run_id{};
    std::optional<std::string> step_id{};
    std::optional<RowId> step_exec_id{};
    std::string params_json = "{}";
    std::string data_json = "{}";
    Millis created_at = 0;
};

/// An alias ("champion") of a model and the version it points at.
struct ModelAlias {
    std::string alias{};
    RowId version_id = 0;
    std::string version{};  ///< "major.minor.build"
    Millis updated_at = 0;
};

/// A performance report, stored whole (JSON) with the figures a trend needs extracted.
struct Report {
    RowId id = 0;
    std::optional<RowId> run_id{};
    std::optional<std::string> step_id{};
    std::optional<std::string> model{};          ///< "group:artifact"
    std::optional<std::string> model_version{};  ///< "major.minor.build"
    std::string period_label{};
    Millis created_at = 0;
    std::string report_json = "{}";
    std::vector<std::pair<std::string, double>> figures{};  ///< e.g. {"ks", 0.41}, {"auc", 0.78}
};

/// One point of a figure's trend across reports of one model.
struct TrendPoint {
    RowId report_id = 0;
    std::string period_label{};
    std::optional<std::string> model_version{};
    Millis created_at = 0;
    double value = 0;
};

/// One row of the tamper-evident audit log.
struct AuditEntry {
    RowId id = 0;
    Millis at = 0;
    std::string actor{};
    std::string action{};
    std::string object_type{};
    std::string object_id{};
    std::string details_json = "{}";
    std::string prev_hash{};  ///< hex sha256 of the previous row ("" for the first)
    std::string hash{};       ///< hex sha256 over prev_hash and this row's content
};

}  // namespace steward::store
