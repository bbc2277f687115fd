#pragma once

#include "orchestrator/store/errc.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/system/result.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::store {

class Database;

/// User tasks: questions put to people, their assignees, deadlines, reminders, escalations and
/// answers. Who may answer is engine logic; the store records who did and refuses any change to a
/// task that is no longer open.
///
/// Error contract: SQLite failures, a foreign key to a missing run or step and malformed JSON throw
/// `StoreError`; input-dependent failures are `result` errors. Multi-row changes are atomic (they
/// nest in a caller's `Store::transaction()`). Not thread-safe.
class TaskStore {
public:
    explicit TaskStore(Database& db) noexcept : db_(&db) {}

    /// Creates an open task for a step attempt (`id`, `state` and the response fields of `task` are
    /// ignored) and returns its id. Errc::duplicate if the step attempt already has a task (use
    /// `find_for_step` when resuming).
    boost::system::result<RowId> create(const UserTask& task);
    /// Errc::not_found for an unknown id.
    boost::system::result<UserTask> get(RowId id);
    /// The task of a step attempt; Errc::not_found if none.
    boost::system::result<UserTask> find_for_step(RowId step_exec_id);
    /// Tasks matching `filter`, newest first (or by deadline). Errc::invalid_argument for a bad
    /// page, `by_deadline` without `answerable_only` or a run, or `by_deadline` with `before`. One statement
    /// for the page and one for the assignees of all its tasks; answerable tasks come from the partial index
    /// `user_tasks_answerable` (by deadline: `user_tasks_open_by_deadline`), one state's from
    /// `user_tasks_by_state`, a run's from `user_tasks_by_run`.
    boost::system::result<std::vector<UserTask>> list(const TaskFilter& filter);
    /// How many tasks match `filter` (its page and `before` are ignored): what `list` pages through.
    /// Errc::invalid_argument as for `list`.
    boost::system::result<std::int64_t> count(const TaskFilter& filter);
    /// The SELECT that `list` runs for `filter` (parameters ?1 run, ?2 user, ?3 roles as a JSON
    /// array, ?4 limit, ?5 offset, ?6 state, ?7 deadline bound, ?8 assigned, ?9 answerable, ?10
    /// keyset bound `before`): for EXPLAIN QUERY PLAN in tests.
    static std::string list_sql(const TaskFilter& filter);
    /// The SELECT that `count` runs for `filter` (parameters as for `list_sql`).
    static std::string count_sql(const TaskFilter& filter);

    /// The closed tasks of step `step_id` in the rerun family of run `run_id` (the first run of
    /// its `rerun_of` chain and every run that reruns it, directly or not), every attempt
    /// included: newest closed first, at most `limit` (1..1000; else Errc::invalid_argument).
    boost::system::result<std::vector<UserTask>> step_history(RowId run_id, std::string_view step_id,
                                                              int limit);
    /// The SELECT of `step_history` (?1 run, ?2 step, ?3 limit): for EXPLAIN QUERY PLAN.
    static std::string step_history_sql();

    /// The open (answerable) tasks per workflow (the workflow name of each task's run), with how
    /// many of them have a deadline before `now`: one read of the open tasks' partial index,
    /// however many models a page shows (`Registry::workflows_of` names a model's workflows).
    std::map<std::string, OpenTaskCounts> open_by_workflow(Millis now);

    /// Records an answer and completes the task; returns the updated task.
    /// Errc::not_found; Errc::task_closed if the task is not open or escalated.
    boost::system::result<UserTask> answer(RowId id, const TaskAnswer& answer);
    /// Closes a task without an answer: `state` is timed_out or cancelled; `outcome` is the
    /// on_timeout default, if any. Errc::invalid_argument for another state; Errc::not_found;
    /// Errc::task_closed if it is already closed.
    boost::system::result<void> close(RowId id, TaskState state, Millis at,
                                      std::optional<std::string_view> outcome = std::nullopt);
    /// Escalates: state escalated, escalation_level + 1, `add` joins the assignees and the deadline
    /// becomes `new_deadline` (kept if nullopt). Errc::not_found; Errc::task_closed.
    boost::system::result<UserTask> escalate(RowId id, const Assignees& add,
                                             std::optional<Millis> new_deadline);
    /// Counts one more reminder sent and returns the new count. Errc::not_found; Errc::task_closed.
    boost::system::result<int> note_reminder_sent(RowId id);

private:
    void add_assignees(RowId task_id, const Assignees& assignees);
    Assignees load_assignees(RowId task_id);
    /// Fills the assignees of every task in `tasks` with one statement.
    void load_assignees(std::vector<UserTask>& tasks);
    /// After a guarded UPDATE matched no row: Errc::not_found or Errc::task_closed (throws if open).
    boost::system::error_code why_unchanged(RowId id);

    Database* db_;
};

}  // namespace steward::store
