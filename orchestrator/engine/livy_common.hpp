#pragma once

// Internal to orch_engine: helpers shared by the livy_batch and livy_session executors.

#include "orchestrator/engine/step_call.hpp"

#include "livy_client/client.hpp"
#include "livy_client/log_follower.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>

namespace steward::engine::detail {

/// `jobs/x` as Livy must see it (EngineSettings::jobs_uri, else the absolute jobs_dir); other
/// paths unchanged.
[[nodiscard]] std::string livy_path(const EngineSettings& settings, const std::string& path);

/// Fills the shared request fields from the step's effective Livy settings (defaults merged),
/// interpolating them; errors go to `render`.
void fill_common(livy::CommonRequest& request, const core::LivyResources& resources, FieldRenderer& render,
                 const EngineSettings& settings);

/// True for failures worth polling again (connection, timeout, bad reply, 5xx); false for 404,
/// 4xx, rejected requests and cancellation.
[[nodiscard]] bool is_transient(const livy::Error& error) noexcept;

/// Throws asio's operation_aborted when `error` says the call was cancelled (the awaiting branch
/// is being torn down: deadline or run interruption).
void throw_if_cancelled(const livy::Error& error);

/// Waits one poll interval (real time: `EngineSettings::livy_poll_interval`).
boost::asio::awaitable<void> pause(const Services& services);

/// Waits `delay` of real time.
boost::asio::awaitable<void> pause_for(std::chrono::milliseconds delay);

/// A Livy object as `ensure_created` needs it: its id (opaque text) and state text.
struct CreatedObject {
    livy::Id id;
    std::string state_text;
};

/// Undecodable replies (Errc::bad_response) after which a Livy call is given up for good.
inline constexpr int kMaxUndecodableReplies = 3;
/// Rounds of `ensure_created` (lookups by name and creates) that failed transiently or left the
/// outcome unknown, after which (and after `EngineSettings::livy_create_patience`) the step fails
/// instead of trying again.
inline constexpr int kMaxCreateRounds = 20;

/// Counts undecodable replies (Errc::bad_response) of one poll loop: a reply that cannot be
/// decoded is retried a few times (a proxy may have cut a body short), then it is a permanent
/// failure. Not thread-safe; one per loop.
class UndecodableReplies {
public:
    /// True when `error` is the `kMaxUndecodableReplies`-th undecodable reply since the last
    /// `reset`: the caller gives up (and the reason is logged at warn with the route). False for
    /// other errors and for earlier undecodable replies.
    [[nodiscard]] bool give_up(const StepCall& call, const livy::Error& error);
    /// A reply was decoded: start counting again.
    void reset() noexcept { count_ = 0; }
    /// The step error when giving up: "<subject>: Livy's reply to <route> cannot be decoded ...".
    [[nodiscard]] static std::string message(const StepCall& call, const livy::Error& error);

private:
    int count_ = 0;
};

/// A found batch or session as `CreateOps::find` reports it. Never throws.
template <typename Object>
livy::Result<std::optional<CreatedObject>> as_found(const livy::Result<std::optional<Object>>& found) {
    if (!found) {
        return found.error();
    }
    if (!*found) {
        return std::optional<CreatedObject>{};
    }
    return std::optional<CreatedObject>{CreatedObject{(*found)->id, (*found)->state_text}};
}

/// A created batch or session as `CreateOps::create` reports it. Never throws.
template <typename Object>
livy::Result<CreatedObject> as_created(const livy::Result<Object>& created) {
    if (!created) {
        return created.error();
    }
    return CreatedObject{created->id, created->state_text};
}

/// How one kind of Livy object (batch or session) is looked up by name and created.
struct CreateOps {
    std::string kind;  ///< "batch" or "session" (events and messages)
    /// Looks the handle's name up in Livy: the object, nothing, or the lookup's error.
    std::function<boost::asio::awaitable<livy::Result<std::optional<CreatedObject>>>()> find;
    /// Builds the request (named after the handle) and POSTs it. A request that cannot be built
    /// (interpolation) is `std::string`, the step's error; else Livy's answer.
    std::function<boost::asio::awaitable<std::variant<std::string, livy::Result<CreatedObject>>>()> create;
};

/// Makes sure `handle` has a Livy id without ever creating twice: when the object may exist (a
/// resumed intent, or a create whose outcome is unknown) it is looked up by name first and
/// re-attached (`livy.reattached`); otherwise it is created (`livy.submitted`). Transient errors
/// are retried every poll interval, at most `kMaxCreateRounds` rounds and
/// `EngineSettings::livy_create_patience`; replies that cannot be
/// decoded at most `kMaxUndecodableReplies` times. Returns an outcome when the step must end
/// instead (a failed lookup, a refused or unbuildable request, a bound reached; the handle then
/// stays open so the run's end deletes whatever may exist by its name). Cancellation propagates
/// as an exception.
boost::asio::awaitable<std::optional<StepOutcome>> ensure_created(StepCall& call, store::LivyHandle& handle,
                                                                  bool may_exist, const CreateOps& ops);

/// `ensure_created` for one kind of Livy object: `build(error)` makes the request (an empty
/// optional with `error` set when it cannot be built), `find(client, name)` and
/// `create(client, request)` are the client's lookup and create calls. The request is named
/// after the handle. Same results and threading as `ensure_created`.
template <class Build, class Find, class Create>
boost::asio::awaitable<std::optional<StepOutcome>> ensure_created_by(StepCall& call,
                                                                     store::LivyHandle& handle,
                                                                     bool may_exist, std::string kind,
                                                                     Build build, Find find, Create create) {
    auto& client = call.services.livy;
    CreateOps ops;
    ops.kind = std::move(kind);
    ops.find = [&]() -> boost::asio::awaitable<livy::Result<std::optional<CreatedObject>>> {
        auto found = co_await find(client, handle.name);
        co_return as_found(found);
    };
    ops.create = [&]() -> boost::asio::awaitable<std::variant<std::string, livy::Result<CreatedObject>>> {
        std::string error;
        auto request = build(error);
        if (!request) {
            co_return error;
        }
        request->name = handle.name;
        auto created = co_await create(client, std::move(*request));
        co_return as_created(created);
    };
    co_return co_await ensure_created(call, handle, may_exist, ops);
}

/// The step error when Livy answers 404 for an object the step tracks (`kind` "batch" or
/// "session"): "<subject>: Livy no longer knows batch 7 (the server restarted or garbage-collected
/// it)".
[[nodiscard]] std::string gone_message(const StepCall& call, std::string_view kind, const livy::Id& id);

/// Records a change of the handle's Livy state (and whether it is terminal), with a
/// `livy.state` event; a terminal handle leaves `run.open_handles`.
void record_livy_state(StepCall& call, store::LivyHandle& handle, const std::string& state, bool terminal,
                       const boost::json::object& details = {});

/// Stores new log lines of the attempt (continuing at `next_seq`) with the follower's state and
/// any STEWARD_OUTPUT values (from stdout lines) merged into `outputs`, in one transition;
/// malformed outputs become `step.warning` events. Publishes the lines.
void store_log_lines(StepCall& call, store::RowId handle_id, const std::vector<livy::LogLine>& lines,
                     const livy::LogFollowerState& follower, std::int64_t& next_seq,
                     boost::json::object& outputs);

/// Appends plain lines (e.g. statement output) to the attempt's log, parsing STEWARD_OUTPUT.
void append_step_log(Transition& t, StepCall& call, const std::vector<std::string>& lines,
                     std::int64_t& next_seq, boost::json::object& outputs);

/// Whether a session handle stays open after its run (keep_open on its step, or on any step
/// sharing its `session:` key).
[[nodiscard]] bool session_kept(store::Store& store, const core::WorkflowSpec& spec,
                                const store::LivyHandle& handle);

/// The store key of a `session:` key within a run ("r<run>:<key>").
[[nodiscard]] std::string scoped_session_key(store::RowId run_id, const std::string& key);

/// Deletes a batch or session in Livy (by id, or found by its unique name when its id was never
/// stored), confirms it is gone (a GET answering 404 or a terminal state, polled briefly), then
/// marks the handle terminal ("deleted") with a `livy.deleted` event (`by`: id|name,
/// `confirmed`) and an info log line. Errors become a `livy.warning` event (warn log); a 404
/// counts as deleted.
/// `reason` must outlive the call (callers pass string literals).
boost::asio::awaitable<void> delete_handle(Services& services, ActiveRun& run, store::LivyHandle handle,
                                           std::string_view reason);

}  // namespace steward::engine::detail
