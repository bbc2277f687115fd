#pragma once

#include "orchestrator/store/errc.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/system/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::store {

class Database;

/// Which events `RunStore::feed_events` returns.
struct EventFeedFilter {
    RowId after_id = 0;
    std::optional<RowId> run_id{};
    std::vector<std::string> types{};     ///< exact types ("step.failed")
    std::vector<std::string> families{};  ///< the part before the first dot ("task" matches task.*)
    int limit = 100;
};

/// Workflow definitions, runs, step executions and the append-only event history.
///
/// Error contract (all methods): SQLite failures and broken invariants throw `StoreError`: among
/// them a foreign key to a row that does not exist (ids come from this store, so that is a caller
/// bug) and JSON text that is not well-formed. Input-dependent failures are returned as
/// `boost::system::result` with an `Errc`. Each write is committed on its own unless the caller
/// holds a `Store::transaction()`. Not thread-safe: use from the thread that owns the `Store`.
class RunStore {
public:
    explicit RunStore(Database& db) noexcept : db_(&db) {}

    /// Stores a workflow file's content under (name, content_hash) and returns its id; the same
    /// pair returns the existing id unchanged, so a run keeps the exact definition it started with.
    RowId upsert_definition(std::string_view name, std::string_view yaml, std::string_view content_hash,
                            Millis at);
    /// Errc::not_found for an unknown id.
    boost::system::result<WorkflowDefinition> get_definition(RowId id);
    /// The most recently stored definition of `name`; Errc::not_found if none.
    boost::system::result<WorkflowDefinition> latest_definition(std::string_view name);
    /// Every stored version of workflow `name`, newest first, with the count and time span of the
    /// runs started from each (one pass over the workflow's runs, by index). Empty when unknown.
    std::vector<WorkflowDefinitionInfo> list_definitions(std::string_view name);

    /// Creates a run in state pending for definition `workflow_def_id`, with a new ULID as its
    /// `uid` (time `at`), and returns its id. `rerun_of`: the run it repeats (must exist).
    RowId create_run(RowId workflow_def_id, std::string_view params_json, std::string_view trigger, Millis at,
                     std::optional<RowId> rerun_of = std::nullopt);
    /// Errc::not_found for an unknown id.
    boost::system::result<Run> get_run(RowId id);
    /// Runs matching `filter`, newest first, one page. Errc::invalid_argument for a limit outside
    /// 1..1000 or a negative offset. Uses an index for each filter combination.
    boost::system::result<std::vector<Run>> list_runs(const RunFilter& filter);
    /// `list_runs`, and whether more runs match after the page (`RunPage::more`). Workflow and
    /// state alone use their indexes; a trigger or time filter walks the runs newest first.
    boost::system::result<RunPage> list_runs_page(const RunFilter& filter);
    /// The ids of the runs that repeat `run_id` (`rerun_of`), oldest first, at most `limit`.
    std::vector<RowId> reruns_of(RowId run_id, int limit = 100);
    /// Runs in pending, running or waiting, oldest first: what the engine resumes at start.
    std::vector<Run> unfinished_runs();
    /// Moves a run to `state` (sets started_at on first running, finished_at when terminal, and
    /// `error` if given). Errc::not_found; Errc::conflict if the run is already terminal.
    boost::system::result<void> set_run_state(RowId id, RunState state, Millis at,
                                              std::optional<std::string_view> error = std::nullopt);
    /// Sets (or, with nullopt, clears) the run's condition (`Run::condition`); setting the kind it
    /// already has keeps its `since` and replaces the detail. A terminal run has none: Errc::conflict.
    /// Errc::not_found.
    boost::system::result<void> set_condition(RowId id, const std::optional<RunCondition>& condition,
                                              Millis at);
    /// Sets the engine's cursor (the step being executed; nullopt clears it). Errc::not_found.
    boost::system::result<void> set_current_step(RowId id, std::optional<std::string_view> step_id,
                                                 Millis at);

    /// Starts attempt `attempt` (>= 1) of `step_id` in run `run_id`, in `state` (running by default;
    /// pending or waiting also make sense) and returns the step execution id.
    /// Errc::invalid_argument for attempt < 1 or a terminal `state`.
    boost::system::result<RowId> begin_step(RowId run_id, std::string_view step_id, int attempt, Millis at,
                                            StepState state = StepState::running);
    /// Records how a step attempt ended, or that it now waits (state waiting/running/pending keep it
    /// open). Outputs and outcome are kept when the result leaves them unset.
    /// Errc::not_found; Errc::conflict if the attempt is already terminal.
    boost::system::result<void> finish_step(RowId step_exec_id, const StepResult& result, Millis at);
    /// Replaces a step attempt's outputs (e.g. as STEWARD_OUTPUT lines arrive). Errc::not_found.
    boost::system::result<void> set_step_outputs(RowId step_exec_id, std::string_view outputs_json);
    /// Errc::not_found for an unknown id.
    boost::system::result<StepExecution> get_step(RowId step_exec_id);
    /// All step attempts of a run, in the order they began.
    std::vector<StepExecution> list_steps(RowId run_id);
    /// The latest attempt of `step_id` in `run_id`; Errc::not_found if it never began.
    boost::system::result<StepExecution> latest_step(RowId run_id, std::string_view step_id);

    /// Appends to the run's history and returns the event id (ids grow with time).
    RowId append_event(RowId run_id, std::optional<RowId> step_exec_id, Millis at, std::string_view type,
                       std::string_view payload_json = "{}");
    /// Events of a run with id > `after_id`, oldest first, at most `limit` (1..10000).
    /// Errc::invalid_argument for a limit out of range.
    boost::system::result<std::vector<Event>> list_events(RowId run_id, RowId after_id = 0, int limit = 1000);
    /// Events of every run (or of `filter.run_id`) with id > `filter.after_id`, oldest first, at
    /// most `filter.limit` (1..10000), narrowed to `filter.types` and `filter.families` when either
    /// is non-empty: the live event feed. Served by the primary key, or by `events_by_run` for one
    /// run. Errc::invalid_argument for a limit out of range.
    boost::system::result<std::vector<Event>> feed_events(const EventFeedFilter& filter);
    /// The newest event's id; 0 when there is none.
    RowId latest_event_id();
    /// The last `count` events of a run (0..10000), oldest first; reads only those rows.
    /// Errc::invalid_argument for a count out of range.
    boost::system::result<std::vector<Event>> latest_events(RowId run_id, int count);
    /// How many events a run has (0 for an unknown run).
    std::int64_t count_events(RowId run_id);

private:
    Database* db_;
};

}  // namespace steward::store
