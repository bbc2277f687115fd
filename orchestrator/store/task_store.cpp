#include "orchestrator/store/task_store.hpp"

#include "orchestrator/store/database.hpp"
#include "orchestrator/store/json_text.hpp"
#include "orchestrator/store/row_helpers.hpp"

#include <string>
#include <unordered_map>

#define ORCH_STORE_TASK_COLUMNS                                                                       \
    "t.id, t.run_id, t.step_exec_id, t.title, t.description, t.form_json, t.outcomes_json, t.state, " \
    "t.deadline_at, t.reminders_sent, t.escalation_level, t.created_at, t.closed_at, t.outcome, "     \
    "t.responder, "                                                                                   \
    "t.response_json, t.responded_at, "                                                               \
    "(SELECT s.step_id FROM step_executions s WHERE s.id = t.step_exec_id)"

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
    return task;
}

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

// The task list, one statement per filter combination with only the terms that apply, so that each
// reads its index in id order and stops at the page (a term like "?1 = 0 OR state IN (...)" would
// hide the indexes behind a parameter). Answerable tasks come from the partial index, named because
// the planner would otherwise take (state, id) and sort; a run's tasks from (run_id, id). ?4 and ?5
// are always there, so ?1..?3 are valid to bind even when unused. Literals, because the statement
// cache only takes those.
#define ORCH_TASK_LIST(from, terms)                                  \
    "SELECT " ORCH_STORE_TASK_COLUMNS " FROM " from " WHERE 1" terms \
    " ORDER BY t.id DESC LIMIT ?4 "                                  \
    "OFFSET ?5"
#define ORCH_TASKS "user_tasks t"
#define ORCH_ANSWERABLE_TASKS "user_tasks t INDEXED BY user_tasks_answerable"
#define ORCH_TASK_ANSWERABLE " AND t.state IN ('open', 'escalated')"
#define ORCH_TASK_OF_RUN " AND t.run_id = ?1"
#define ORCH_TASK_ASSIGNED                                                                                 \
    " AND EXISTS (SELECT 1 FROM task_assignees a WHERE a.task_id = t.id AND ((a.kind = 'user' AND a.name " \
    "= ?2) OR (a.kind = 'role' AND a.name IN (SELECT value FROM json_each(?3)))))"

// Calls `use` with the statement text (a string literal) for `filter`.
template <class Use>
auto with_list_sql(const TaskFilter& filter, Use&& use) {
    const int which = (filter.answerable_only ? 1 : 0) | (filter.run_id ? 2 : 0) |
                      (filter.user || !filter.roles.empty() ? 4 : 0);
    switch (which) {
        case 0: return use(ORCH_TASK_LIST(ORCH_TASKS, ""));
        case 1: return use(ORCH_TASK_LIST(ORCH_ANSWERABLE_TASKS, ORCH_TASK_ANSWERABLE));
        case 2: return use(ORCH_TASK_LIST(ORCH_TASKS, ORCH_TASK_OF_RUN));
        case 3: return use(ORCH_TASK_LIST(ORCH_TASKS, ORCH_TASK_ANSWERABLE ORCH_TASK_OF_RUN));
        case 4: return use(ORCH_TASK_LIST(ORCH_TASKS, ORCH_TASK_ASSIGNED));
        case 5: return use(ORCH_TASK_LIST(ORCH_ANSWERABLE_TASKS, ORCH_TASK_ANSWERABLE ORCH_TASK_ASSIGNED));
        case 6: return use(ORCH_TASK_LIST(ORCH_TASKS, ORCH_TASK_OF_RUN ORCH_TASK_ASSIGNED));
        default:
            return use(ORCH_TASK_LIST(ORCH_TASKS, ORCH_TASK_ANSWERABLE ORCH_TASK_OF_RUN ORCH_TASK_ASSIGNED));
    }
}

}  // namespace

std::string TaskStore::list_sql(const TaskFilter& filter) {
    return with_list_sql(filter, [](const auto& sql) { return std::string(sql); });
}

result<std::vector<UserTask>> TaskStore::list(const TaskFilter& filter) {
    if (!detail::valid_page(filter.limit, filter.offset, detail::kMaxPage)) {
        return Errc::invalid_argument;
    }
    std::vector<UserTask> tasks = with_list_sql(filter, [&](const auto& sql) {
        auto st = db_->statement(sql);
        st->bind_all(filter.run_id, filter.user, json_string_array(filter.roles), filter.limit,
                     filter.offset);
        std::vector<UserTask> page;
        while (st->step()) {
            page.push_back(read_task(*st));
        }
        return page;
    });
    load_assignees(tasks);
    return tasks;
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
