#pragma once

#include "orchestrator/core/value.hpp"
#include "orchestrator/engine/clock.hpp"
#include "orchestrator/engine/error.hpp"
#include "orchestrator/engine/notifier.hpp"
#include "orchestrator/engine/observer.hpp"
#include "orchestrator/engine/settings.hpp"
#include "orchestrator/engine/task_answer.hpp"
#include "orchestrator/engine/workflow_catalog.hpp"
#include "orchestrator/store/records.hpp"
#include "orchestrator/store/registry.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace livy {
class Client;
}
namespace steward::store {
class Store;
}

namespace steward::engine {

/// The workflow engine: runs workflows as coroutines on one io_context, every state transition
/// committed to the store before it is acted on, so a killed process resumes every run where it
/// was (docs/engine.md). Commands (`start_run`, `cancel_run`, `complete_task`) return
/// `Result<T>`; queries go straight to the store.
///
/// Threading: everything happens on the io_context thread that runs `executor`; call every
/// member from that thread (the API's handlers, the CLI before/while running the loop). Not
/// thread-safe.
///
/// Errors: expected failures are `Result` errors (`Errc`); store failures (I/O, a corrupt file)
/// throw `store::StoreError` from commands. A run whose coroutine hits an unexpected exception
/// is marked failed with the exception's message, which is also logged (logger "engine").
///
/// Lifetime: `store`, `livy`, `clock` and `observer` must outlive the engine. To stop, await
/// `shutdown()` (coroutines end without writing anything more, so the database is exactly as a
/// crash would leave it) before destroying the engine; or stop and abandon the io_context (what
/// a crash does), after which the engine must not be destroyed while the io_context lives.
class Engine {
public:
    /// `notifier`: how notify steps and reminders send messages; null = the real channels of
    /// `settings`. Throws nothing but bad_alloc.
    Engine(boost::asio::any_io_executor executor, store::Store& store, livy::Client& livy, Clock& clock,
           EngineSettings settings, EngineObserver* observer = nullptr,
           std::unique_ptr<Notifier> notifier = nullptr);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    /// Loads a workflow (YAML text, `file_name` for messages), stores it as a definition and
    /// makes it the current version of its name; its cron triggers are armed (after `start`).
    /// Errors: Errc::invalid_workflow with one `FILE:LINE:COL: message` line per problem.
    Result<WorkflowVersion> add_workflow(std::string_view yaml, std::string_view file_name);
    /// `add_workflow` for a file. Errors: as add_workflow ("cannot read the file" included).
    Result<WorkflowVersion> add_workflow_file(const std::filesystem::path& path);

    /// Resumes every unfinished run from the store (re-attaching Livy batches and sessions,
    /// firing timers whose time passed while the server was down) and starts the cron triggers.
    /// Call once, before or while the io_context runs.
    void start();

    /// Starts a run of the current version of `workflow` with `params` (checked and completed
    /// with defaults); `trigger` is recorded ("manual", "http", "cron", "cli", ...). Returns the
    /// run id; the run proceeds on the io_context. Errors: Errc::not_found (no such workflow),
    /// Errc::invalid_params (every problem, "; "-separated), Errc::shutting_down.
    Result<store::RowId> start_run(std::string_view workflow,
                                   const std::map<std::string, core::Value>& params,
                                   std::string_view trigger = "manual");

    /// Starts a new run that repeats run `run_id`: the same stored workflow definition (even if
    /// the file changed since) with the same params, `rerun_of` pointing at the first run;
    /// `trigger` is recorded as for `start_run`. Returns the new run's id. Errors:
    /// Errc::not_found (no such run), Errc::invalid_workflow (its definition no longer loads),
    /// Errc::invalid_params, Errc::shutting_down.
    Result<store::RowId> rerun_run(store::RowId run_id, std::string_view trigger);

    /// Cancels a run: its coroutine stops, the Livy batches and sessions it owns are deleted, its
    /// open task is closed as cancelled, and it ends `cancelled` (all persisted; a crash midway
    /// resumes the cancellation at start). Idempotent while in progress. Errors: Errc::not_found,
    /// Errc::run_finished.
    Result<void> cancel_run(store::RowId run_id, std::string_view actor);

    /// Points `alias` of the version's model at `version` on behalf of `actor` (a registry write,
    /// audited as `alias.set` in the same transaction). Errors: Errc::not_found for an unknown
    /// version, Errc::invalid_params for a malformed alias name; shutting_down.
    Result<store::AliasMove> move_alias(const store::ModelVersionRef& version, std::string_view alias,
                                        std::string_view actor);

    /// Answers user task `task_id` for `response.user`: the user must be listed or hold a listed
    /// role (the caller's roles plus `EngineSettings::user_roles`), the outcome must be one of
    /// the task's, the form values must match its fields. The run then continues (the outcome
    /// may select the next step). Errors: Errc::not_found, task_closed, not_assignee,
    /// bad_outcome, form_invalid — each with a sentence naming the problem.
    Result<store::UserTask> complete_task(store::RowId task_id, const TaskResponse& response);

    /// Completes when the run is terminal (at once if it already is); its final state. A run
    /// that no coroutine drives (stuck) is waited for until the supervisor re-drives it to its end.
    /// Errors: throws nothing; an unknown run yields RunState::failed. Await on the engine's
    /// io_context.
    boost::asio::awaitable<store::RunState> wait_for_run(store::RowId run_id);

    /// Interrupts every run coroutine and the cron loop without further writes, and completes
    /// when all have ended. New commands are refused afterwards (Errc::shutting_down).
    boost::asio::awaitable<void> shutdown();

    /// How many runs have a coroutine in this process.
    [[nodiscard]] std::size_t active_runs() const noexcept;
    /// The settings in effect.
    [[nodiscard]] const EngineSettings& settings() const noexcept;
    /// The workflows known to the engine.
    [[nodiscard]] WorkflowCatalog& workflows() noexcept;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

/// Converts textual run parameters (`--param k=v` of the CLI, query strings) to values using
/// the declared types of `spec`: number/integer parse as numbers, boolean as true/false (also
/// yes/no, 1/0), everything else stays a string; undeclared names stay strings (start_run then
/// refuses them). Errors: Errc::invalid_params naming the param, e.g. "param 'ks_min': 'abc' is
/// not a number". Pure.
Result<std::map<std::string, core::Value>> params_from_text(const core::WorkflowSpec& spec,
                                                            const std::map<std::string, std::string>& given);

}  // namespace steward::engine
