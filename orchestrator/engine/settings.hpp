#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace steward::engine {

/// A notification channel named in the server config and used by `notify` steps and user-task
/// reminders (docs/engine.md, "Notify channels", has the exact request formats).
struct NotifyChannel {
    enum class Kind {
        webhook,  ///< POST {"run_id","workflow","step","message",...} as JSON to `url`
        slack,    ///< Slack-style incoming webhook: POST {"text": message} to `url`
        teams,    ///< Teams-style incoming webhook: POST {"text": message} to `url`
        command,  ///< run `command` (argv); the message on stdin and in STEWARD_MESSAGE
    };
    Kind kind = Kind::webhook;
    std::string url;                             ///< http:// or https:// (webhook kinds)
    std::vector<std::string> command;            ///< argv (command kind)
    std::map<std::string, std::string> headers;  ///< extra HTTP headers (webhook kinds)
    std::map<std::string, std::string> env;      ///< extra environment (command kind)
    std::chrono::milliseconds timeout{10'000};   ///< whole request / command budget
};

/// Everything the engine reads from the server config. Plain value type; copy freely.
struct EngineSettings {
    /// How often a tracked Livy batch, session or statement is polled (the server config's
    /// `livy.poll_interval`; tests use a few milliseconds).
    std::chrono::milliseconds livy_poll_interval{5'000};
    /// A running batch's log is fetched at most this often (and always when its state changes
    /// and at its end), so polling the state often stays cheap. Lines are stored as they come.
    std::chrono::milliseconds livy_log_interval{5'000};
    /// Track batches with one paged `GET /batches` per poll interval for all of them (the server
    /// config's `livy.list_polling`); a batch the list does not hold, or every batch when the list
    /// fails, is polled with its own GET that interval. False: one state GET per batch.
    bool livy_list_polling = true;
    /// Entries asked for per `GET /batches` page.
    std::size_t livy_list_page_size = 500;
    /// With list polling, a batch's log is fetched when its list entry's state or log tail
    /// changed (at most every `livy_log_interval`) and at its end; also at least this often, so
    /// lines hidden behind an unchanged tail (a quiet stderr after a busy stdout) are never older
    /// than this.
    std::chrono::milliseconds livy_log_refresh{300'000};
    /// How long (real time) the engine keeps making sure a batch or session exists while Livy
    /// fails transiently or a create's outcome stays unknown (lookups by name, creates): after
    /// this long and at least `kMaxCreateRounds` rounds the step fails.
    std::chrono::milliseconds livy_create_patience{120'000};
    /// Budget for a Livy delete or statement cancel issued on timeout or cancellation.
    std::chrono::milliseconds livy_cleanup_timeout{30'000};
    /// While Livy cannot be reached (no connection, no reply in time, 5xx) a tracked batch,
    /// session or statement is polled again after the poll interval doubled per failure, at most
    /// this long; the run carries the condition `livy_unreachable` meanwhile.
    std::chrono::milliseconds livy_outage_max_backoff{60'000};
    /// The timeout of a livy_batch, livy_session, shell, notify or report step whose workflow
    /// gives none (neither the step's `timeout` nor `defaults.timeout`): the server config's
    /// `engine.default_step_timeout`, so no step waits forever. Zero: no default.
    std::chrono::milliseconds default_step_timeout{24 * 60 * 60'000};
    /// Where `jobs/...` paths are read from (statement `code_file`). Empty: the current
    /// directory's `jobs`.
    std::filesystem::path jobs_dir;
    /// Directories local data may be read from (docs/configuration.md, `data_roots`): report
    /// sources that are local paths or file:// URIs, statement `code_file`s outside `jobs/`, and a
    /// shell step's `cwd` must resolve (symbolic links and `..` followed) inside one of them, else
    /// the step fails. Empty: no local data may be read (the server config always fills it).
    /// `jobs/...` code files are read from `jobs_dir` whatever this says.
    std::vector<std::filesystem::path> data_roots;
    /// How Livy sees `jobs/`: a batch `file` (and `jars`, `py_files`, `files`, `archives`)
    /// starting with `jobs/` becomes `jobs_uri + "/" + rest`. Empty: the absolute `jobs_dir`.
    std::string jobs_uri;
    /// Notification channels by name.
    std::map<std::string, NotifyChannel, std::less<>> channels;
    /// Roles of each user (for user-task assignee checks), in addition to the roles a caller
    /// of `complete_task` passes.
    std::map<std::string, std::vector<std::string>, std::less<>> user_roles;
    /// TLS for https webhooks: verify the peer (chain and host name) against the system roots
    /// plus `tls_ca_file` when given.
    bool tls_verify = true;
    std::string tls_ca_file;
    /// A shell step's captured output is kept up to this many bytes per line.
    std::size_t max_line_bytes = 16 * 1024;
    /// Called when a step attempt ends (succeeded, failed, skipped, cancelled, timed out) with
    /// its type ("livy_batch"), its final state and how long it ran (seconds, engine clock), for
    /// the step duration metric. Called on the io_context thread inside the transition that
    /// records the end. Empty = not reported.
    std::function<void(std::string_view type, std::string_view state, double seconds)> on_step_end;
    /// A run coroutine that ends on an unexpected exception (a store or Livy client failure, a
    /// bug; not a shutdown or a cancel) is re-driven from the run's last committed state, up to
    /// this many times in a row without a committed transition in between; then the run fails
    /// with the error (docs/engine.md, "Supervision"). 0: it fails at once.
    int run_retry_limit = 5;
    /// The wait before the first re-drive; it doubles with each further one.
    std::chrono::milliseconds run_retry_delay{1'000};
    /// The longest wait between two re-drives.
    std::chrono::milliseconds run_retry_max_delay{300'000};
    /// How often the run supervisor looks for unfinished runs that no coroutine drives (and
    /// re-drives them). Engine::start does it once at start.
    std::chrono::milliseconds supervise_interval{60'000};
    /// Test-only fault injection: called in every transition just before it commits, with the
    /// types of the events it appends; a throw aborts the transition (rolled back) as a failing
    /// store call would. Empty: nothing.
    std::function<void(const std::vector<std::string>& event_types)> before_commit;
};

}  // namespace steward::engine
