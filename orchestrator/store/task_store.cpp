#include "orchestrator/store/task_store.hpp"

#include "orchestrator/store/database.hpp"
#include "orchestrator/store/json_text.hpp"
#include "orchestrator/store/row_helpers.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>

#define ORCH_STORE_TASK_COLUMNS                                                                       \
    "t.id, t.run_id, t.step_exec_id, t.title, t.description, t.form_json, t.outcomes_json, t.state, " \
    "t.deadline_at, t.reminders_sent, t.escalation_level, t.created_at, t.closed_at, t.outcome, "     \
    "t.responder, "                                                                                   \
    "t.response_json, t.responded_at, "                                                               \
    "(SELECT s.step_id FROM step_executions s WHERE s.id = t.step_exec_id), "                         \
    "(SELECT wr.workflow_name FROM runs wr WHERE wr.id = t.run_id)"

namespace steward::store {
namespace {

using boost::system::result;

UserTask read_task(const Statement& st) {
    UserTask task;
    task.id = st.int64(0);
    task.run_id = st.int64(1);
    task.step_exec_id = st.int64(2);
    task.title = st.text(3);
    task.description = st.text(4);
    task.form_json = st.text(5);
    task.outcomes_json = st.text(6);
    task.state = detail::enum_column(st, 7, parse_task_state);
    task.deadline_at = st.optional_int64(8);
    task.reminders_sent = static_cast<int>(st.int64(9));
    task.escalation_level = static_cast<int>(st.int64(10));
    task.created_at = st.int64(11);
    task.closed_at = st.optional_int64(12);
    task.outcome = st.optional_text(13);
    task.responder = st.optional_text(14);
    task.response_json = st.optional_text(15);
    task.responded_at = st.optional_int64(16);
    task.step_id = st.optional_text(17).value_or("");
    task.workflow = st.optional_text(18).value_or("");
    return task;
}

// The closed tasks of one step (?2) in the rerun family of run ?1: walk `rerun_of` up to the first
// run, then every run that reruns it, directly or through other reruns (runs_by_rerun_of); their
// attempts of the step (step_executions_by_run) and those attempts' tasks, newest closed first.
#define ORCH_TASK_STEP_HISTORY                                                                       \
    "WITH RECURSIVE up(id, rerun_of) AS (SELECT id, rerun_of FROM runs WHERE id = ?1 "               \
    "UNION SELECT r.id, r.rerun_of FROM runs r JOIN up ON r.id = up.rerun_of), "                     \
    "family(id) AS (SELECT id FROM up WHERE rerun_of IS NULL "                                       \
    "UNION SELECT r.id FROM family f JOIN runs r INDEXED BY runs_by_rerun_of ON r.rerun_of = f.id) " \
    "SELECT " ORCH_STORE_TASK_COLUMNS                                                                \
    " FROM family f CROSS JOIN step_executions s ON s.run_id = f.id AND s.step_id = ?2 "             \
    "JOIN user_tasks t ON t.step_exec_id = s.id WHERE t.state NOT IN ('open', 'escalated') "         \
    "ORDER BY t.closed_at DESC, t.id DESC LIMIT ?3"

// The open tasks per workflow, and how many are past their deadline ?1: read from the open tasks'
// deadline index, each task's run by primary key.
#define ORCH_TASK_OPEN_BY_WORKFLOW                                                              \
    "SELECT r.workflow_name, count(*), sum(coalesce(t.deadline_at, 9223372036854775807) < ?1) " \
    "FROM user_tasks t INDEXED BY user_tasks_open_by_deadline JOIN runs r ON r.id = t.run_id "  \
    "WHERE t.state IN ('open', 'escalated') GROUP BY r.workflow_name"

}  // namespace

result<RowId> TaskStore::create(const UserTask& task) {
    Transaction tx(*db_);
    auto st = db_->statement(
        "INSERT INTO user_tasks (run_id, step_exec_id, title, description, form_json, outcomes_json, state, "
        "deadline_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?8) "
        "ON CONFLICT (step_exec_id) DO NOTHING");
    st->bind_all(task.run_id, task.step_exec_id, task.title, task.description, task.form_json,
                 task.outcomes_json, task.deadline_at, task.created_at);
    st->run();
    if (db_->changes() != 1) {
        return Errc::duplicate;
    }
    const RowId id = db_->last_insert_rowid();
    add_assignees(id, task.assignees);
    tx.commit();
    return id;
}

void TaskStore::add_assignees(RowId task_id, const Assignees& assignees) {
    auto st =
        db_->statement("INSERT OR IGNORE INTO task_assignees (task_id, kind, name) VALUES (?1, ?2, ?3)");
    const auto insert = [&](std::string_view kind, const std::vector<std::string>& names) {
        for (const auto& name : names) {
            st->bind_all(task_id, kind, name);
            st->run();
            st->reset();
        }
    };
    insert("user", assignees.users);
    insert("role", assignees.roles);
}

Assignees TaskStore::load_assignees(RowId task_id) {
    auto st = db_->statement("SELECT kind, name FROM task_assignees WHERE task_id = ?1 ORDER BY kind, name");
    st->bind_all(task_id);
    Assignees assignees;
    while (st->step()) {
        (st->text(0) == "user" ? assignees.users : assignees.roles).push_back(st->text(1));
    }
    return assignees;
}

result<UserTask> TaskStore::get(RowId id) {
    auto st = db_->statement("SELECT " ORCH_STORE_TASK_COLUMNS " FROM user_tasks t WHERE t.id = ?1");
    st->bind_all(id);
    if (!st->step()) {
        return Errc::not_found;
    }
    UserTask task = read_task(*st);
    task.assignees = load_assignees(task.id);
    return task;
}

result<UserTask> TaskStore::find_for_step(RowId step_exec_id) {
    auto st =
        db_->statement("SELECT " ORCH_STORE_TASK_COLUMNS " FROM user_tasks t WHERE t.step_exec_id = ?1");
    st->bind_all(step_exec_id);
    if (!st->step()) {
        return Errc::not_found;
    }
    UserTask task = read_task(*st);
    task.assignees = load_assignees(task.id);
    return task;
}

namespace {

// The task list and its count, one statement per index the list reads, so that each reads its
// index in the order it answers in and stops at the page (a term like "?1 = 0 OR state IN (...)"
// in front of an index would hide it behind a parameter). Answerable tasks newest first come from
// the partial index user_tasks_answerable, by deadline (and counted) from the partial index
// user_tasks_open_by_deadline, named because the planner would otherwise take (state, id) and
// sort; one state's tasks from (state, id); a run's tasks from (run_id, id). The other filters are
// terms on the rows read, each switched off by its parameter: ?6 one state (null = any), ?7 the
// deadline bound (coalesce(deadline, max) <= ?7; max = any), ?8 assigned to ?2 or one of the roles
// ?3 (0 = anyone's), ?9 answerable only, ?10 the keyset bound (ids below it; the maximum = from the
// newest), a range on each index's id column. ?1 is the run, ?4 and ?5 the page; every statement names
// ?10, so ?1..?10 are valid to bind even when unused. Literals, because the statement cache only
// takes those.
#define ORCH_TASK_NO_DEADLINE "9223372036854775807"
#define ORCH_TASK_DEADLINE_KEY "coalesce(t.deadline_at, " ORCH_TASK_NO_DEADLINE ")"
#define ORCH_TASK_TERMS                                                                                   \
    " AND (?9 = 0 OR t.state IN ('open', 'escalated')) AND (?6 IS NULL OR t.state = ?6) "                 \
    "AND " ORCH_TASK_DEADLINE_KEY                                                                         \
    " <= ?7 AND (?8 = 0 OR EXISTS (SELECT 1 FROM task_assignees a WHERE a.task_id = t.id AND ((a.kind = " \
    "'user' AND a.name = ?2) OR (a.kind = 'role' AND a.name IN (SELECT value FROM json_each(?3)))))) "    \
    "AND t.id < ?10"
#define ORCH_TASK_ANSWERABLE \
    "user_tasks t INDEXED BY user_tasks_answerable WHERE t.state IN ('open', 'escalated')"
#define ORCH_TASK_BY_DEADLINE \
    "user_tasks t INDEXED BY user_tasks_open_by_deadline WHERE t.state IN ('open', 'escalated')"
#define ORCH_TASK_ONE_STATE "user_tasks t INDEXED BY user_tasks_by_state WHERE t.state = ?6"
#define ORCH_TASK_ANY "user_tasks t WHERE 1"
#define ORCH_TASK_OF_RUN "user_tasks t INDEXED BY user_tasks_by_run WHERE t.run_id = ?1"
#define ORCH_TASK_NEWEST " ORDER BY t.id DESC LIMIT ?4 OFFSET ?5"
#define ORCH_TASK_SOONEST " ORDER BY " ORCH_TASK_DEADLINE_KEY ", t.id LIMIT ?4 OFFSET ?5"
#define ORCH_TASK_LIST(from, order) "SELECT " ORCH_STORE_TASK_COLUMNS " FROM " from ORCH_TASK_TERMS order
#define ORCH_TASK_COUNT(from) "SELECT count(*) FROM " from ORCH_TASK_TERMS

/// Which index a filter's list (and count) reads; nullopt for a deadline order without one.
enum class TaskIndex { answerable, one_state, any, run };

std::optional<TaskIndex> task_index(const TaskFilter& filter) {
    if (filter.run_id) {
        return TaskIndex::run;
    }
    if (filter.state) {
        return filter.by_deadline ? std::nullopt : std::optional(TaskIndex::one_state);
    }
    if (filter.answerable_only) {
        return TaskIndex::answerable;
    }
    return filter.by_deadline ? std::nullopt : std::optional(TaskIndex::any);
}

// Calls `use` with the list statement's text (a string literal) for `filter`; "" when refused.
template <class Use>
auto with_list_sql(const TaskFilter& filter, Use&& use) {
    switch (task_index(filter).value_or(TaskIndex::any)) {
        case TaskIndex::answerable:
            return filter.by_deadline ? use(ORCH_TASK_LIST(ORCH_TASK_BY_DEADLINE, ORCH_TASK_SOONEST))
                                      : use(ORCH_TASK_LIST(ORCH_TASK_ANSWERABLE, ORCH_TASK_NEWEST));
        case TaskIndex::one_state: return use(ORCH_TASK_LIST(ORCH_TASK_ONE_STATE, ORCH_TASK_NEWEST));
        case TaskIndex::run:
            return filter.by_deadline ? use(ORCH_TASK_LIST(ORCH_TASK_OF_RUN, ORCH_TASK_SOONEST))
                                      : use(ORCH_TASK_LIST(ORCH_TASK_OF_RUN, ORCH_TASK_NEWEST));
        default: return use(ORCH_TASK_LIST(ORCH_TASK_ANY, ORCH_TASK_NEWEST));
    }
}

template <class Use>
auto with_count_sql(const TaskFilter& filter, Use&& use) {
    switch (task_index(filter).value_or(TaskIndex::any)) {
        case TaskIndex::answerable: return use(ORCH_TASK_COUNT(ORCH_TASK_BY_DEADLINE));
        case TaskIndex::one_state: return use(ORCH_TASK_COUNT(ORCH_TASK_ONE_STATE));
        case TaskIndex::run: return use(ORCH_TASK_COUNT(ORCH_TASK_OF_RUN));
        default: return use(ORCH_TASK_COUNT(ORCH_TASK_ANY));
    }
}

/// Binds ?1..?10 of a list or count statement for `filter`.
void bind_filter(Statement& st, const TaskFilter& filter) {
    const bool assigned = filter.assigned_only || filter.user || !filter.roles.empty();
    const bool answerable = filter.answerable_only && !filter.state;
    st.bind_all(filter.run_id, filter.user, json_string_array(filter.roles), filter.limit, filter.offset,
                filter.state ? std::optional<std::string_view>(to_string(*filter.state)) : std::nullopt,
                filter.deadline_before ? *filter.deadline_before - 1 : INT64_MAX, assigned, answerable,
                filter.before.value_or(INT64_MAX));
}

}  // namespace

std::string TaskStore::list_sql(const TaskFilter& filter) {
    return with_list_sql(filter, [](const auto& sql) { return std::string(sql); });
}

std::string TaskStore::count_sql(const TaskFilter& filter) {
    return with_count_sql(filter, [](const auto& sql) { return std::string(sql); });
}

result<std::vector<UserTask>> TaskStore::list(const TaskFilter& filter) {
    if (!detail::valid_page(filter.limit, filter.offset, detail::kMaxPage) || !task_index(filter) ||
        (filter.before && filter.by_deadline)) {
        return Errc::invalid_argument;
    }
    std::vector<UserTask> tasks = with_list_sql(filter, [&](const auto& sql) {
        auto st = db_->statement(sql);
        bind_filter(*st, filter);
        std::vector<UserTask> page;
        while (st->step()) {
            page.push_back(read_task(*st));
        }
        return page;
    });
    load_assignees(tasks);
    return tasks;
}

result<std::int64_t> TaskStore::count(const TaskFilter& filter) {
    if (!task_index(filter)) {
        return Errc::invalid_argument;
    }
    TaskFilter all = filter;
    all.before.reset();
    return with_count_sql(all, [&](const auto& sql) {
        auto st = db_->statement(sql);
        bind_filter(*st, all);
        return st->step() ? st->int64(0) : std::int64_t{0};
    });
}

std::string TaskStore::step_history_sql() {
    return ORCH_TASK_STEP_HISTORY;
}

result<std::vector<UserTask>> TaskStore::step_history(RowId run_id, std::string_view step_id, int limit) {
    if (!detail::valid_page(limit, 0, detail::kMaxPage)) {
        return Errc::invalid_argument;
    }
    auto st = db_->statement(ORCH_TASK_STEP_HISTORY);
    st->bind_all(run_id, step_id, limit);
    std::vector<UserTask> tasks;
    while (st->step()) {
        tasks.push_back(read_task(*st));
    }
    load_assignees(tasks);
    return tasks;
}

std::map<std::string, OpenTaskCounts> TaskStore::open_by_workflow(Millis now) {
    auto st = db_->statement(ORCH_TASK_OPEN_BY_WORKFLOW);
    st->bind_all(now);
    std::map<std::string, OpenTaskCounts> counts;
    while (st->step()) {
        counts[st->text(0)] = OpenTaskCounts{st->int64(1), st->optional_int64(2).value_or(0)};
    }
    return counts;
}

void TaskStore::load_assignees(std::vector<UserTask>& tasks) {
    if (tasks.empty()) {
        return;
    }
    std::string ids = "[";
    std::unordered_map<RowId, UserTask*> by_id;
    for (UserTask& task : tasks) {
        ids += (ids.size() > 1 ? "," : "") + std::to_string(task.id);
        by_id.emplace(task.id, &task);
    }
    ids += "]";
    auto st = db_->statement(
        "SELECT task_id, kind, name FROM task_assignees WHERE task_id IN (SELECT value FROM json_each(?1)) "
        "ORDER BY task_id, kind, name");
    st->bind_all(ids);
    while (st->step()) {
        UserTask& task = *by_id.at(st->int64(0));
        (st->text(1) == "user" ? task.assignees.users : task.assignees.roles).push_back(st->text(2));
    }
}

boost::system::error_code TaskStore::why_unchanged(RowId id) {
    auto task = get(id);
    if (!task) {
        return task.error();
    }
    if (!is_answerable(task->state)) {
        return Errc::task_closed;
    }
    throw StoreError("store: task " + std::to_string(id) +
                     " is open but an update guarded on that matched no row");
}

result<UserTask> TaskStore::answer(RowId id, const TaskAnswer& answer) {
    if (answer.outcome.empty() || answer.responder.empty()) {
        return Errc::invalid_argument;
    }
    auto st = db_->statement(
        "UPDATE user_tasks SET state = 'completed', closed_at = ?2, outcome = ?3, responder = ?4, "
        "response_json = ?5, responded_at = ?2 WHERE id = ?1 AND state IN ('open', 'escalated')");
    st->bind_all(id, answer.at, answer.outcome, answer.responder, answer.response_json);
    st->run();
    if (db_->changes() != 1) {
        return why_unchanged(id);
    }
    return get(id);
}

result<void> TaskStore::close(RowId id, TaskState state, Millis at, std::optional<std::string_view> outcome) {
    if (state != TaskState::timed_out && state != TaskState::cancelled) {
        return Errc::invalid_argument;
    }
    auto st = db_->statement(
        "UPDATE user_tasks SET state = ?2, closed_at = ?3, outcome = ?4 "
        "WHERE id = ?1 AND state IN ('open', 'escalated')");
    st->bind_all(id, to_string(state), at, outcome);
    st->run();
    if (db_->changes() != 1) {
        return why_unchanged(id);
    }
    return {};
}

result<UserTask> TaskStore::escalate(RowId id, const Assignees& add, std::optional<Millis> new_deadline) {
    Transaction tx(*db_);
    auto st = db_->statement(
        "UPDATE user_tasks SET state = 'escalated', escalation_level = escalation_level + 1, "
        "deadline_at = coalesce(?2, deadline_at) WHERE id = ?1 AND state IN ('open', 'escalated')");
    st->bind_all(id, new_deadline);
    st->run();
    if (db_->changes() != 1) {
        return why_unchanged(id);
    }
    add_assignees(id, add);
    tx.commit();
    return get(id);
}

result<int> TaskStore::note_reminder_sent(RowId id) {
    auto st = db_->statement(
        "UPDATE user_tasks SET reminders_sent = reminders_sent + 1 WHERE id = ?1 AND state IN ('open', "
        "'escalated') "
        "RETURNING reminders_sent");
    st->bind_all(id);
    if (st->step()) {
        return static_cast<int>(st->int64(0));
    }
    return why_unchanged(id);
}

}  // namespace steward::store
