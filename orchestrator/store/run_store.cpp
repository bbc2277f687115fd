#include "orchestrator/store/run_store.hpp"

#include "orchestrator/core/ulid.hpp"
#include "orchestrator/store/database.hpp"
#include "orchestrator/store/json_text.hpp"
#include "orchestrator/store/row_helpers.hpp"

#include <string>

// Column lists shared by the SELECTs below; macros so they concatenate into string literals.
#define ORCH_STORE_DEF_COLUMNS "id, name, content_hash, yaml, created_at"
#define ORCH_STORE_RUN_COLUMNS                                                                         \
    "id, workflow_def_id, workflow_name, state, params_json, triggered_by, current_step, created_at, " \
    "updated_at, started_at, finished_at, error, uid, rerun_of, condition, condition_detail, "         \
    "condition_since"
#define ORCH_STORE_STEP_COLUMNS \
    "id, run_id, step_id, attempt, state, created_at, started_at, finished_at, error, outputs_json, outcome"
#define ORCH_STORE_TERMINAL_RUN "('succeeded', 'failed', 'cancelled')"
#define ORCH_STORE_TERMINAL_STEP "('succeeded', 'failed', 'skipped', 'cancelled', 'timed_out')"

namespace steward::store {
namespace {

using boost::system::result;

WorkflowDefinition read_definition(const Statement& st) {
    return {st.int64(0), st.text(1), st.text(2), st.text(3), st.int64(4)};
}

Run read_run(const Statement& st) {
    Run run;
    run.id = st.int64(0);
    run.workflow_def_id = st.int64(1);
    run.workflow_name = st.text(2);
    run.state = detail::enum_column(st, 3, parse_run_state);
    run.params_json = st.text(4);
    run.trigger = st.text(5);
    run.current_step = st.optional_text(6);
    run.created_at = st.int64(7);
    run.updated_at = st.int64(8);
    run.started_at = st.optional_int64(9);
    run.finished_at = st.optional_int64(10);
    run.error = st.optional_text(11);
    run.uid = st.text(12);
    run.rerun_of = st.optional_int64(13);
    if (auto kind = st.optional_text(14)) {
        run.condition = RunCondition{std::move(*kind), st.optional_text(15).value_or(""),
                                     st.optional_int64(16).value_or(0)};
    }
    return run;
}

StepExecution read_step(const Statement& st) {
    StepExecution step;
    step.id = st.int64(0);
    step.run_id = st.int64(1);
    step.step_id = st.text(2);
    step.attempt = static_cast<int>(st.int64(3));
    step.state = detail::enum_column(st, 4, parse_step_state);
    step.created_at = st.int64(5);
    step.started_at = st.optional_int64(6);
    step.finished_at = st.optional_int64(7);
    step.error = st.optional_text(8);
    step.outputs_json = st.optional_text(9);
    step.outcome = st.optional_text(10);
    return step;
}

Event read_event(const Statement& st) {
    return {st.int64(0), st.int64(1), st.optional_int64(2), st.int64(3), st.text(4), st.text(5)};
}

// Reads up to `limit` runs; one more row means more match after the page.
RunPage read_page(Statement& st, int limit) {
    RunPage page;
    while (st.step()) {
        if (static_cast<int>(page.runs.size()) == limit) {
            page.more = true;
            break;
        }
        page.runs.push_back(read_run(st));
    }
    return page;
}

}  // namespace

RowId RunStore::upsert_definition(std::string_view name, std::string_view yaml, std::string_view content_hash,
                                  Millis at) {
    // DO UPDATE with a no-op assignment makes RETURNING yield the existing row's id too.
    auto st = db_->statement(
        "INSERT INTO workflow_definitions (name, content_hash, yaml, created_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (name, content_hash) DO UPDATE SET name = excluded.name RETURNING id");
    st->bind_all(name, content_hash, yaml, at);
    if (!st->step()) {
        throw StoreError("store: upsert of workflow definition '" + std::string(name) + "' returned no id");
    }
    return st->int64(0);
}

result<WorkflowDefinition> RunStore::get_definition(RowId id) {
    auto st = db_->statement("SELECT " ORCH_STORE_DEF_COLUMNS " FROM workflow_definitions WHERE id = ?1");
    st->bind_all(id);
    if (!st->step()) {
        return Errc::not_found;
    }
    return read_definition(*st);
}

result<WorkflowDefinition> RunStore::latest_definition(std::string_view name) {
    auto st = db_->statement("SELECT " ORCH_STORE_DEF_COLUMNS
                             " FROM workflow_definitions WHERE name = ?1 ORDER BY id DESC LIMIT 1");
    st->bind_all(name);
    if (!st->step()) {
        return Errc::not_found;
    }
    return read_definition(*st);
}

std::vector<WorkflowDefinitionInfo> RunStore::list_definitions(std::string_view name) {
    auto st = db_->statement(
        "SELECT d.id, d.content_hash, d.created_at, COALESCE(r.runs, 0), r.first_at, r.last_at "
        "FROM workflow_definitions d LEFT JOIN (SELECT workflow_def_id, COUNT(*) AS runs, "
        "MIN(created_at) AS first_at, MAX(created_at) AS last_at FROM runs WHERE workflow_name = ?1 "
        "GROUP BY workflow_def_id) r ON r.workflow_def_id = d.id WHERE d.name = ?1 ORDER BY d.id DESC");
    st->bind_all(name);
    std::vector<WorkflowDefinitionInfo> out;
    while (st->step()) {
        out.push_back({st->int64(0), st->text(1), st->int64(2), st->int64(3), st->optional_int64(4),
                       st->optional_int64(5)});
    }
    return out;
}

RowId RunStore::create_run(RowId workflow_def_id, std::string_view params_json, std::string_view trigger,
                           Millis at, std::optional<RowId> rerun_of) {
    auto st = db_->statement(
        "INSERT INTO runs (workflow_def_id, workflow_name, state, params_json, triggered_by, created_at, "
        "updated_at, uid, rerun_of) SELECT id, name, 'pending', ?2, ?3, ?4, ?4, ?5, ?6 "
        "FROM workflow_definitions WHERE id = ?1");
    const std::string uid = core::new_ulid(at);
    st->bind_all(workflow_def_id, params_json, trigger, at, uid, rerun_of);
    st->run();
    if (db_->changes() != 1) {
        throw StoreError("store: create_run: unknown workflow definition id " +
                         std::to_string(workflow_def_id));
    }
    return db_->last_insert_rowid();
}

result<Run> RunStore::get_run(RowId id) {
    auto st = db_->statement("SELECT " ORCH_STORE_RUN_COLUMNS " FROM runs WHERE id = ?1");
    st->bind_all(id);
    if (!st->step()) {
        return Errc::not_found;
    }
    return read_run(*st);
}

result<std::vector<Run>> RunStore::list_runs(const RunFilter& filter) {
    auto page = list_runs_page(filter);
    if (!page) {
        return page.error();
    }
    return std::move(page->runs);
}

result<RunPage> RunStore::list_runs_page(const RunFilter& filter) {
    if (!detail::valid_page(filter.limit, filter.offset, detail::kMaxPage)) {
        return Errc::invalid_argument;
    }
    // Each page reads one row more than it returns, to tell whether more follow.
    const int rows = filter.limit + 1;
    // Keyset paging: ids below `before` (all when absent), a range on each index's id column.
    const std::int64_t before = filter.before.value_or(INT64_MAX);
    if (filter.trigger || filter.created_since || filter.created_until) {
        // Walks the runs newest first and tests each filter; NULL parameters match every run.
        auto st = db_->statement(
            "SELECT " ORCH_STORE_RUN_COLUMNS
            " FROM runs WHERE (?1 IS NULL OR workflow_name = ?1) AND (?2 IS NULL OR state = ?2) "
            "AND (?3 IS NULL OR triggered_by = ?3 OR (instr(?3, ':') = 0 AND "
            "substr(triggered_by, 1, length(?3) + 1) = ?3 || ':')) "
            "AND (?4 IS NULL OR created_at >= ?4) AND (?5 IS NULL OR created_at < ?5) AND id < ?8 "
            "ORDER BY id DESC LIMIT ?6 OFFSET ?7");
        std::optional<std::string_view> state;
        if (filter.state) {
            state = to_string(*filter.state);
        }
        st->bind_all(filter.workflow_name, state, filter.trigger, filter.created_since, filter.created_until,
                     rows, filter.offset, before);
        return read_page(*st, filter.limit);
    }
    // One statement per filter combination, so each is served by its own index.
    if (filter.workflow_name && filter.state) {
        auto st = db_->statement("SELECT " ORCH_STORE_RUN_COLUMNS
                                 " FROM runs WHERE workflow_name = ?1 AND state = ?2 AND id < ?5 "
                                 "ORDER BY id DESC LIMIT ?3 OFFSET ?4");
        st->bind_all(*filter.workflow_name, to_string(*filter.state), rows, filter.offset, before);
        return read_page(*st, filter.limit);
    }
    if (filter.workflow_name) {
        auto st = db_->statement("SELECT " ORCH_STORE_RUN_COLUMNS
                                 " FROM runs WHERE workflow_name = ?1 AND id < ?4 "
                                 "ORDER BY id DESC LIMIT ?2 OFFSET ?3");
        st->bind_all(*filter.workflow_name, rows, filter.offset, before);
        return read_page(*st, filter.limit);
    }
    if (filter.state) {
        auto st = db_->statement("SELECT " ORCH_STORE_RUN_COLUMNS
                                 " FROM runs WHERE state = ?1 AND id < ?4 "
                                 "ORDER BY id DESC LIMIT ?2 OFFSET ?3");
        st->bind_all(to_string(*filter.state), rows, filter.offset, before);
        return read_page(*st, filter.limit);
    }
    auto st = db_->statement("SELECT " ORCH_STORE_RUN_COLUMNS
                             " FROM runs WHERE id < ?3 ORDER BY id DESC LIMIT ?1 OFFSET ?2");
    st->bind_all(rows, filter.offset, before);
    return read_page(*st, filter.limit);
}

std::vector<RowId> RunStore::reruns_of(RowId run_id, int limit) {
    auto st = db_->statement("SELECT id FROM runs WHERE rerun_of = ?1 ORDER BY id LIMIT ?2");
    st->bind_all(run_id, limit);
    std::vector<RowId> ids;
    while (st->step()) {
        ids.push_back(st->int64(0));
    }
    return ids;
}

std::vector<Run> RunStore::unfinished_runs() {
    auto st = db_->statement("SELECT " ORCH_STORE_RUN_COLUMNS
                             " FROM runs WHERE state IN ('pending', 'running', 'waiting') ORDER BY id");
    std::vector<Run> runs;
    while (st->step()) {
        runs.push_back(read_run(*st));
    }
    return runs;
}

result<void> RunStore::set_run_state(RowId id, RunState state, Millis at,
                                     std::optional<std::string_view> error) {
    auto st = db_->statement(
        "UPDATE runs SET state = ?2, updated_at = ?3, "
        "started_at = CASE WHEN ?2 = 'running' THEN coalesce(started_at, ?3) ELSE started_at END, "
        "finished_at = CASE WHEN ?2 IN " ORCH_STORE_TERMINAL_RUN
        " THEN ?3 ELSE finished_at END, "
        "error = coalesce(?4, error), "
        "condition = CASE WHEN ?2 IN " ORCH_STORE_TERMINAL_RUN
        " THEN NULL ELSE condition END, "
        "condition_detail = CASE WHEN ?2 IN " ORCH_STORE_TERMINAL_RUN
        " THEN NULL ELSE condition_detail END, "
        "condition_since = CASE WHEN ?2 IN " ORCH_STORE_TERMINAL_RUN
        " THEN NULL ELSE condition_since END "
        "WHERE id = ?1 AND state NOT IN " ORCH_STORE_TERMINAL_RUN);
    st->bind_all(id, to_string(state), at, error);
    st->run();
    if (db_->changes() == 1) {
        return {};
    }
    return get_run(id) ? Errc::conflict : Errc::not_found;
}

result<void> RunStore::set_condition(RowId id, const std::optional<RunCondition>& condition, Millis at) {
    // The same kind keeps its `since` (the detail may change: the next attempt, the last error).
    auto st = db_->statement(
        "UPDATE runs SET condition = ?2, condition_detail = ?3, "
        "condition_since = CASE WHEN ?2 IS NULL THEN NULL WHEN condition IS ?2 THEN condition_since ELSE ?4 "
        "END, "
        "updated_at = ?5 WHERE id = ?1 AND state NOT IN " ORCH_STORE_TERMINAL_RUN);
    std::optional<std::string_view> kind;
    std::optional<std::string_view> detail;
    std::optional<Millis> since;
    if (condition) {
        kind = condition->kind;
        detail = condition->detail;
        since = condition->since;
    }
    st->bind_all(id, kind, detail, since, at);
    st->run();
    if (db_->changes() == 1) {
        return {};
    }
    return get_run(id) ? Errc::conflict : Errc::not_found;
}

result<void> RunStore::set_current_step(RowId id, std::optional<std::string_view> step_id, Millis at) {
    auto st = db_->statement("UPDATE runs SET current_step = ?2, updated_at = ?3 WHERE id = ?1");
    st->bind_all(id, step_id, at);
    return detail::update_one(*db_, *st);
}

result<RowId> RunStore::begin_step(RowId run_id, std::string_view step_id, int attempt, Millis at,
                                   StepState state) {
    if (attempt < 1 || is_terminal(state)) {
        return Errc::invalid_argument;
    }
    auto st = db_->statement(
        "INSERT INTO step_executions (run_id, step_id, attempt, state, created_at, started_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?4 = 'running' THEN ?5 END)");
    st->bind_all(run_id, step_id, attempt, to_string(state), at);
    st->run();
    return db_->last_insert_rowid();
}

result<void> RunStore::finish_step(RowId step_exec_id, const StepResult& outcome, Millis at) {
    auto st = db_->statement(
        "UPDATE step_executions SET state = ?2, "
        "started_at = CASE WHEN ?2 = 'running' THEN coalesce(started_at, ?3) ELSE started_at END, "
        "finished_at = CASE WHEN ?2 IN " ORCH_STORE_TERMINAL_STEP
        " THEN ?3 ELSE finished_at END, "
        "error = coalesce(?4, error), outputs_json = coalesce(?5, outputs_json), "
        "outcome = coalesce(?6, outcome) "
        "WHERE id = ?1 AND state NOT IN " ORCH_STORE_TERMINAL_STEP);
    st->bind_all(step_exec_id, to_string(outcome.state), at, outcome.error, outcome.outputs_json,
                 outcome.outcome);
    st->run();
    if (db_->changes() == 1) {
        return {};
    }
    return get_step(step_exec_id) ? Errc::conflict : Errc::not_found;
}

result<void> RunStore::set_step_outputs(RowId step_exec_id, std::string_view outputs_json) {
    auto st = db_->statement("UPDATE step_executions SET outputs_json = ?2 WHERE id = ?1");
    st->bind_all(step_exec_id, outputs_json);
    return detail::update_one(*db_, *st);
}

result<StepExecution> RunStore::get_step(RowId step_exec_id) {
    auto st = db_->statement("SELECT " ORCH_STORE_STEP_COLUMNS " FROM step_executions WHERE id = ?1");
    st->bind_all(step_exec_id);
    if (!st->step()) {
        return Errc::not_found;
    }
    return read_step(*st);
}

std::vector<StepExecution> RunStore::list_steps(RowId run_id) {
    auto st = db_->statement("SELECT " ORCH_STORE_STEP_COLUMNS
                             " FROM step_executions WHERE run_id = ?1 ORDER BY id");
    st->bind_all(run_id);
    std::vector<StepExecution> steps;
    while (st->step()) {
        steps.push_back(read_step(*st));
    }
    return steps;
}

result<StepExecution> RunStore::latest_step(RowId run_id, std::string_view step_id) {
    auto st =
        db_->statement("SELECT " ORCH_STORE_STEP_COLUMNS
                       " FROM step_executions WHERE run_id = ?1 AND step_id = ?2 ORDER BY id DESC LIMIT 1");
    st->bind_all(run_id, step_id);
    if (!st->step()) {
        return Errc::not_found;
    }
    return read_step(*st);
}

RowId RunStore::append_event(RowId run_id, std::optional<RowId> step_exec_id, Millis at,
                             std::string_view type, std::string_view payload_json) {
    auto st = db_->statement(
        "INSERT INTO events (run_id, step_exec_id, at, type, payload_json) VALUES (?1, ?2, ?3, ?4, ?5)");
    st->bind_all(run_id, step_exec_id, at, type, payload_json);
    st->run();
    return db_->last_insert_rowid();
}

result<std::vector<Event>> RunStore::list_events(RowId run_id, RowId after_id, int limit) {
    if (!detail::valid_page(limit, 0, 10000)) {
        return Errc::invalid_argument;
    }
    auto st = db_->statement(
        "SELECT id, run_id, step_exec_id, at, type, payload_json FROM events "
        "WHERE run_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3");
    st->bind_all(run_id, after_id, limit);
    std::vector<Event> events;
    while (st->step()) {
        events.push_back(read_event(*st));
    }
    return events;
}

result<std::vector<Event>> RunStore::feed_events(const EventFeedFilter& filter) {
    if (!detail::valid_page(filter.limit, 0, 10000)) {
        return Errc::invalid_argument;
    }
    // Two texts so that one run's feed uses events_by_run; the type filter is one JSON parameter
    // each (NULL = every type), so the statements stay cached.
    const bool narrowed = !filter.types.empty() || !filter.families.empty();
    const std::string types = json_string_array(filter.types);
    const std::string families = json_string_array(filter.families);
    auto st = filter.run_id ? db_->statement(
                                  "SELECT id, run_id, step_exec_id, at, type, payload_json FROM events "
                                  "WHERE run_id = ?5 AND id > ?1 AND (?2 IS NULL "
                                  "OR type IN (SELECT value FROM json_each(?2)) "
                                  "OR substr(type, 1, instr(type || '.', '.') - 1) IN "
                                  "(SELECT value FROM json_each(?3))) ORDER BY id LIMIT ?4")
                            : db_->statement(
                                  "SELECT id, run_id, step_exec_id, at, type, payload_json FROM events "
                                  "WHERE id > ?1 AND (?2 IS NULL "
                                  "OR type IN (SELECT value FROM json_each(?2)) "
                                  "OR substr(type, 1, instr(type || '.', '.') - 1) IN "
                                  "(SELECT value FROM json_each(?3))) ORDER BY id LIMIT ?4");
    if (narrowed) {
        st->bind_all(filter.after_id, types, families, filter.limit);
    } else {
        st->bind_all(filter.after_id, nullptr, families, filter.limit);
    }
    if (filter.run_id) {
        st->bind(5, *filter.run_id);
    }
    std::vector<Event> events;
    while (st->step()) {
        events.push_back(
            {st->int64(0), st->int64(1), st->optional_int64(2), st->int64(3), st->text(4), st->text(5)});
    }
    return events;
}

result<std::vector<Event>> RunStore::latest_events(RowId run_id, int count) {
    if (count < 0 || count > 10000) {
        return Errc::invalid_argument;
    }
    // The newest `count` rows through events_by_run backwards, then put back in order.
    auto st = db_->statement(
        "SELECT id, run_id, step_exec_id, at, type, payload_json FROM (SELECT * FROM events "
        "WHERE run_id = ?1 ORDER BY id DESC LIMIT ?2) ORDER BY id");
    st->bind_all(run_id, count);
    std::vector<Event> events;
    while (st->step()) {
        events.push_back(read_event(*st));
    }
    return events;
}

RowId RunStore::latest_event_id() {
    auto st = db_->statement("SELECT coalesce(max(id), 0) FROM events");
    st->step();
    return st->int64(0);
}

std::int64_t RunStore::count_events(RowId run_id) {
    auto st = db_->statement("SELECT count(*) FROM events WHERE run_id = ?1");
    st->bind_all(run_id);
    return st->step() ? st->int64(0) : 0;
}

}  // namespace steward::store
