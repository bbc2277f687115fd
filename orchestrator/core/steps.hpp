#pragma once

#include "orchestrator/core/cron.hpp"
#include "orchestrator/core/duration.hpp"
#include "orchestrator/core/duration_field.hpp"
#include "orchestrator/core/expression.hpp"
#include "orchestrator/core/params.hpp"
#include "orchestrator/core/retry.hpp"
#include "orchestrator/core/source_pos.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace steward::core {

// Plain structs for the step types of the workflow language (docs/workflows.md). String fields
// other than ids, step references, names of channels and enumerated words may contain `${...}`
// and are kept as written: the engine interpolates them when the step starts. An empty string
// means "not given". `Origin::fields` holds the position of each field's value. Duration fields
// are `DurationField`s: a plain `Duration` when literal, the text when interpolated.

/// Spark resources and settings shared by `livy_batch`, `livy_session` and `defaults.livy`.
struct LivyResources {
    std::vector<std::string> jars;
    std::vector<std::string> py_files;
    std::vector<std::string> files;
    std::vector<std::string> archives;
    std::map<std::string, std::string> conf;
    std::string driver_memory;    // e.g. "2g"
    std::string executor_memory;  // e.g. "4g"
    std::optional<int> driver_cores;
    std::optional<int> executor_cores;
    std::optional<int> num_executors;
    std::string queue;
    std::string proxy_user;

    bool operator==(const LivyResources&) const = default;
};

/// `livy_batch`: POST /batches, follow the batch to a terminal state, keep its log.
struct LivyBatchStep {
    std::string file;  // required; `jobs/...` is checked to exist
    std::string class_name;
    std::vector<std::string> args;
    LivyResources livy;

    bool operator==(const LivyBatchStep&) const = default;
};

/// Kinds of Livy interactive sessions and statements.
enum class SessionKind { PySpark, Spark, Sql };
/// "pyspark", "spark", "sql".
[[nodiscard]] std::string_view to_string(SessionKind kind) noexcept;

/// One statement of a `livy_session` step: inline `code` or a `code_file` (exactly one).
struct Statement {
    std::string code;
    std::string code_file;            // `jobs/...` is checked to exist
    std::optional<SessionKind> kind;  // overrides the session's kind for this statement
    Origin origin;

    bool operator==(const Statement&) const = default;
};

/// `livy_session`: open (or reuse by `session` key) an interactive session and run statements.
struct LivySessionStep {
    SessionKind kind = SessionKind::PySpark;
    std::string session;  // reuse key; empty = a fresh session for this step
    bool keep_open = false;
    std::vector<Statement> statements;  // non-empty
    LivyResources livy;

    bool operator==(const LivySessionStep&) const = default;
};

/// What a report measures.
enum class ReportTask { Binary, Regression };
/// "binary", "regression".
[[nodiscard]] std::string_view to_string(ReportTask task) noexcept;

/// How a report step reads `scored`/`reference`: `Auto` reads local paths and file:// URIs
/// directly and anything else through Livy in pages; `Paged` and `Aggregate` always use Livy.
enum class ReportSourceMode { Auto, Local, Paged, Aggregate };
/// "auto", "local", "paged", "aggregate".
[[nodiscard]] std::string_view to_string(ReportSourceMode mode) noexcept;

/// A report step's `source:` (docs/workflows.md): the mode and, for the Livy modes, the session.
struct ReportSource {
    ReportSourceMode mode = ReportSourceMode::Auto;
    int page_size = 100000;  // rows per %json page (paged mode)
    std::string format;      // parquet, csv, json, orc; empty: from the path's extension, else parquet
    std::string session;     // reuse key of a session shared with livy_session steps; empty = own session
    std::optional<DurationField> statement_timeout;  // budget of one statement; empty: 30 minutes
    LivyResources livy;

    bool operator==(const ReportSource&) const = default;
};

/// `report`: read scored output and compute a performance (and drift) report natively.
struct ReportStep {
    std::string scored;                    // required: where the scored rows are
    std::string reference;                 // baseline rows for drift; required when `features` is given
    std::string label;                     // required: the target column
    std::string score;                     // binary: the predicted probability column (required)
    std::string prediction;                // regression: the predicted value column (required)
    std::vector<std::string> features;     // columns to compute drift (PSI) for
    std::vector<std::string> categorical;  // which features are categorical (or more of them)
    std::string model_version_column;
    int bins = 10;
    ReportTask task = ReportTask::Binary;
    std::string model;          // "group:artifact" the report is stored under (may interpolate)
    std::string model_version;  // empty: the single version found in model_version_column
    std::string period;         // period label; empty: the UTC date the step started
    ReportSource source;

    bool operator==(const ReportStep&) const = default;
};

/// `register_model`: add an immutable version to the registry (the build number is assigned).
struct RegisterModelStep {
    std::string model;                           // "group:artifact"
    std::string version;                         // "major.minor"
    std::string artifact;                        // where the model artifact is
    std::map<std::string, std::string> metrics;  // name -> number or `${...}` text
    std::map<std::string, std::string> tags;

    bool operator==(const RegisterModelStep&) const = default;
};

/// `promote_model`: move an alias (champion, challenger, ...) to a version.
struct PromoteModelStep {
    std::string model;
    std::string version;  // full "major.minor.build", usually `${steps.X.outputs.version}`
    std::string alias;

    bool operator==(const PromoteModelStep&) const = default;
};

/// Who may answer a user task (a listed user, or a user holding a listed role).
struct Assignees {
    std::vector<std::string> users;
    std::vector<std::string> roles;

    [[nodiscard]] bool empty() const noexcept { return users.empty() && roles.empty(); }
    bool operator==(const Assignees&) const = default;
};

/// `remind:` of a user task: resend the request every `every` while it waits.
struct Reminder {
    DurationField every{};
    std::string channel;
    std::optional<int> max;  // empty: until the task closes
    std::string message;     // empty: the task's title

    bool operator==(const Reminder&) const = default;
};

/// `escalate:` of a user task: after `after` without an answer, these people may answer too.
struct Escalation {
    DurationField after{};
    Assignees to;

    bool operator==(const Escalation&) const = default;
};

/// `on_timeout:` of a user task: what happens when the deadline passes.
struct TimeoutAction {
    enum class Kind { Fail, Outcome, Escalate };
    Kind kind = Kind::Fail;
    std::string outcome;                      // Kind::Outcome
    Assignees escalate_to;                    // Kind::Escalate
    std::optional<DurationField> extra_time;  // Kind::Escalate: the new deadline (`timeout:`)

    bool operator==(const TimeoutAction&) const = default;
};

/// `user_task`: ask people; wait for an answer (one of `outcomes`) or the deadline (the step's
/// `timeout`). Without `on_timeout`, a passed deadline fails the step.
struct UserTaskStep {
    std::string title;
    std::string description;
    Assignees assignees;
    std::vector<ParamSpec> form;        // ordered form fields
    std::vector<std::string> outcomes;  // the buttons
    std::optional<Reminder> remind;
    std::optional<TimeoutAction> on_timeout;
    std::optional<Escalation> escalate;

    bool operator==(const UserTaskStep&) const = default;
};

/// One branch of a gate.
struct GateCase {
    Expression condition;
    std::string target;  // a step id or "end"
    Origin origin;

    bool operator==(const GateCase&) const = default;
};

/// `gate`: go to the first case whose condition holds, else `default_target`, else the next step.
struct GateStep {
    std::vector<GateCase> cases;
    std::string default_target;

    bool operator==(const GateStep&) const = default;
};

/// `wait`: wait a duration, or until the next time a cron schedule fires.
struct WaitStep {
    std::optional<DurationField> duration;
    std::optional<CronSchedule> until_cron;
    CronZone zone = CronZone::Local;

    bool operator==(const WaitStep&) const = default;
};

/// `notify`: send `message` through a channel named in the server config.
struct NotifyStep {
    std::string channel;
    std::string message;

    bool operator==(const NotifyStep&) const = default;
};

/// `shell`: run a local program (argv, never a shell string).
struct ShellStep {
    std::vector<std::string> command;  // non-empty: program, then arguments
    std::map<std::string, std::string> env;
    std::string cwd;

    bool operator==(const ShellStep&) const = default;
};

/// `fail`: end the run as failed with `message`.
struct FailStep {
    std::string message;

    bool operator==(const FailStep&) const = default;
};

/// The step types, in the order of `StepBody`'s alternatives.
enum class StepType {
    LivyBatch,
    LivySession,
    Report,
    RegisterModel,
    PromoteModel,
    UserTask,
    Gate,
    Wait,
    Notify,
    Shell,
    Fail
};
inline constexpr std::size_t kStepTypeCount = 11;

/// "livy_batch", "livy_session", ... as written in files.
[[nodiscard]] std::string_view to_string(StepType type) noexcept;
/// Parses a type name; empty optional when unknown.
[[nodiscard]] std::optional<StepType> step_type_from_string(std::string_view name) noexcept;

/// Which common fields a step type accepts: `timeout` (all but gate, wait, fail) and `retry`
/// (all but user_task, gate, wait, fail). `defaults.timeout` and `defaults.retry` apply to the
/// types that accept `retry`; `defaults.livy` to livy_batch and livy_session.
[[nodiscard]] bool accepts_timeout(StepType type) noexcept;
[[nodiscard]] bool accepts_retry(StepType type) noexcept;

using StepBody = std::variant<LivyBatchStep, LivySessionStep, ReportStep, RegisterModelStep, PromoteModelStep,
                              UserTaskStep, GateStep, WaitStep, NotifyStep, ShellStep, FailStep>;
static_assert(std::variant_size_v<StepBody> == kStepTypeCount);

/// Where a step goes when it completes. Neither set: the following step (or the end of the run
/// after the last step). `target` may be "end". `by_outcome` (user tasks only) maps outcomes to
/// step ids; outcomes it does not list continue with the following step.
struct Next {
    std::string target;
    std::map<std::string, std::string> by_outcome;

    [[nodiscard]] bool empty() const noexcept { return target.empty() && by_outcome.empty(); }
    bool operator==(const Next&) const = default;
};

/// The reserved target that ends a run successfully.
inline constexpr std::string_view kEndTarget = "end";

/// One step. `timeout`/`retry` are as written (see `effective_timeout`/`effective_retry` for
/// defaults applied); `when` false means the step is skipped.
struct Step {
    std::string id;
    std::string name;
    std::optional<DurationField> timeout;
    std::optional<RetryPolicy> retry;
    std::optional<Expression> when;
    Next next;
    StepBody body;
    Origin origin;

    [[nodiscard]] StepType type() const noexcept { return static_cast<StepType>(body.index()); }
    bool operator==(const Step&) const = default;
};

}  // namespace steward::core
