#pragma once

#include "tests/fake_livy/records.hpp"
#include "tests/fake_livy/reply.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace steward::fake_livy {

/// Delays and limits of the fake's state machines. Every delay may be `kNever`.
struct ModelOptions {
    Millis session_start{50};         ///< starting -> idle
    Millis statement_wait{5};         ///< waiting -> running (after the previous statement ended)
    Millis statement_run{20};         ///< running -> available
    Millis statement_cancel{5};       ///< cancelling -> cancelled
    Millis batch_start{10};           ///< starting -> running
    Millis batch_run{50};             ///< running -> success|dead|killed
    Millis delete_delay{0};           ///< a DELETE blocks this long (state shutting_down/killed)
    Millis retain_finished = kNever;  ///< finished objects vanish (404) this long after finishing
    BatchOutcome batch_outcome = BatchOutcome::success;
    std::size_t log_capacity = LogBuffer::kDefaultCapacity;  ///< lines per section
    std::size_t retained_statements = 100;                   ///< `livy.rsc.retained-statements`
    std::vector<std::string> completion_candidates{"count", "collect"};
    /// Answer like a Fabric/Synapse-style gateway: session and batch ids are GUID strings
    /// (`guid_for`) in every body and in `Location`; a `{id}` path segment must be such a GUID
    /// (names and integers in the path get 404, so clients must list to find a name).
    bool string_ids = false;
    AppInfoScript app{};  ///< what objects report as appId/appInfo unless their script sets it
    /// `GET /{sessions|batches}` returns at most this many entries per page whatever `size`
    /// asks (0: no cap), as a server that pages its own way.
    std::size_t list_page_cap = 0;
    /// `GET /{sessions|batches}` ignores `from`: every page starts at the first entry (the
    /// requested `from` is still echoed).
    bool list_ignores_from = false;
    /// Every running batch (whose id is a multiple of `batch_log_every_nth`) appends a stdout
    /// line "tick N" this often while it runs (kNever: none).
    Millis batch_log_every = kNever;
    int batch_log_every_nth = 1;
    /// A batch without a script whose name contains one of these texts runs that long instead of
    /// `batch_run` (the first match wins): one slow step among quick ones, by its step id.
    std::vector<std::pair<std::string, Millis>> batch_run_by_name_part{};
};

/// Per-batch script, chosen by the batch's `name` (or the default).
struct BatchScript {
    std::optional<BatchOutcome> outcome;      ///< default: `ModelOptions::batch_outcome`
    std::optional<Millis> start;              ///< default: `ModelOptions::batch_start`
    std::optional<Millis> run;                ///< default: `ModelOptions::batch_run`
    std::vector<std::string> stdout_lines;    ///< appended to the log at creation
    std::vector<std::string> stderr_lines{};  ///< appended to the log at creation
    /// Set: the log has a "YARN Diagnostics:" section with these lines (Livy on YARN).
    std::optional<std::vector<std::string>> yarn_diagnostics{};
    AppInfoScript app{};  ///< `appId`/`appInfo` once past starting
};

/// Per-session script, chosen by the session's `name`.
struct SessionScript {
    std::optional<Millis> start;                    ///< default: `ModelOptions::session_start`
    SessionOutcome outcome = SessionOutcome::idle;  ///< `dead`: start-up fails
    AppInfoScript app{};                            ///< `appId`/`appInfo` once past starting
};

/// Which servlet an object lives in.
enum class Collection { sessions, batches };

/// Chooses a statement's result from its code and kind (the default echoes the code as
/// text/plain).
using StatementResponder =
    std::function<StatementScript(const std::string& code, const std::optional<std::string>& kind)>;

/// Livy's server-side state: sessions, batches, statements and logs, with the real routes' status
/// codes and bodies. State transitions are a pure function of the model clock
/// (`steady_clock::now()` plus whatever `advance` added), evaluated lazily on every access, so
/// tests control them with delays or with `advance`. Not thread-safe: use it from the server's
/// loop thread (or while the loop is not running). Nothing here throws except on allocation.
class Model {
public:
    explicit Model(ModelOptions options = {});

    // Clock and scripting.
    /// The model clock.
    TimePoint now() const noexcept;
    /// Moves the model clock forward (transitions due by then happen on the next access).
    void advance(Millis by) noexcept;
    /// The live options; changes apply to objects created afterwards.
    ModelOptions& options() noexcept { return options_; }
    /// Scripts batches created with `name`.
    void script_batch(std::string name, BatchScript script);
    /// Scripts sessions created with `name`.
    void script_session(std::string name, SessionScript script);
    /// Scripts statements whose code is exactly `code`.
    void script_statement(std::string code, StatementScript script);
    /// Replaces the default statement responder.
    void set_statement_responder(StatementResponder responder);

    // Test manipulation; each returns false when the object does not exist.
    /// Appends a line to a section of a session's or batch's log.
    bool append_log(Collection c, int id, LogStream stream, std::string line);
    /// Replaces the YARN diagnostics of an object's log (adding the section if it had none).
    bool set_yarn_diagnostics(Collection c, int id, std::vector<std::string> lines);
    /// Sets what the object reports as `appId` and `appInfo` (shown once it runs).
    bool set_app_info(Collection c, int id, AppInfoScript app);
    /// Pins the visible state (e.g. "dead", "error", "killed"); finished states start the GC clock.
    bool force_state(Collection c, int id, std::string state);
    /// Removes the object as Livy's GC would (later requests get 404).
    bool forget(Collection c, int id);
    /// Removes every finished session and batch now; returns how many.
    std::size_t collect_garbage();
    /// Livy restarted without recovery: every session and batch is forgotten (404 from now on)
    /// and ids start from 0 again. Scripts and options are kept. Returns how many were forgotten.
    std::size_t restart();

    // Inspection.
    /// Live objects in a collection.
    std::size_t count(Collection c);
    /// The visible state, if the object exists.
    std::optional<std::string> state_of(Collection c, int id);
    /// Ids of live objects in id order.
    std::vector<int> ids(Collection c);
    /// The id of the live object called `name`.
    std::optional<int> id_by_name(Collection c, std::string_view name);
    /// The id as clients see it (the GUID in string-id mode, else the integer's text) of the
    /// live object called `name`.
    std::optional<std::string> ref_by_name(Collection c, std::string_view name);
    /// Statements of a session, or nothing.
    std::optional<std::size_t> statement_count(int session_id);

    // Routes. `ref` is the `{id}` path segment: all digits is an id, anything else a name.
    Reply version() const;
    Reply list(Collection c, std::optional<long long> from, std::optional<long long> size);
    Reply create_session(std::string_view body);
    Reply create_batch(std::string_view body);
    Reply get(Collection c, std::string_view ref);
    Reply get_state(Collection c, std::string_view ref);
    Reply get_log(Collection c, std::string_view ref, std::optional<long long> from,
                  std::optional<long long> size);
    Reply remove(Collection c, std::string_view ref);
    Reply list_statements(std::string_view ref, std::optional<long long> from, std::optional<long long> size,
                          bool descending);
    Reply create_statement(std::string_view ref, std::string_view body);
    Reply get_statement(std::string_view ref, std::string_view statement_id);
    Reply cancel_statement(std::string_view ref, std::string_view statement_id);
    Reply completion(std::string_view ref, std::string_view body);
    Reply stop(std::string_view ref, bool interrupt);
    Reply connect(std::string_view ref);

private:
    // A `{id}` segment resolved: the record, or the 400/404 reply to send instead.
    struct Lookup {
        RecordBase* record = nullptr;
        SessionRecord* session = nullptr;
        BatchRecord* batch = nullptr;
        std::optional<Reply> error;
    };
    Lookup find(Collection c, std::string_view ref);
    RecordBase* find_by_id(Collection c, int id);
    void purge();
    void tick_logs(TimePoint now);
    std::optional<Reply> check_name(Collection c, const boost::json::object& request, int new_id);
    StatementScript script_for(const std::string& code, const std::optional<std::string>& kind);

    ModelOptions options_;
    Millis offset_{0};
    std::map<int, SessionRecord> sessions_;
    std::map<int, BatchRecord> batches_;
    int next_session_id_ = 0;
    int next_batch_id_ = 0;
    std::map<std::string, BatchScript, std::less<>> batch_scripts_;
    std::map<std::string, SessionScript, std::less<>> session_scripts_;
    std::map<std::string, StatementScript, std::less<>> statement_scripts_;
    StatementResponder responder_;
};

}  // namespace steward::fake_livy
