#include "orchestrator/store/migrations.hpp"

#include "orchestrator/store/database.hpp"
#include "orchestrator/store/errc.hpp"

#include <array>
#include <string>

namespace steward::store {
namespace {

// Version 1: the whole initial schema. Tables are STRICT; JSON columns are checked with
// json_valid; append-only tables refuse UPDATE and DELETE through triggers. docs/store.md explains
// each table.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
INSERT INTO meta (key, value) VALUES ('instance_id', lower(hex(randomblob(4))));

CREATE TABLE workflow_definitions (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    yaml         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (name, content_hash)
) STRICT;

CREATE TABLE runs (
    id              INTEGER PRIMARY KEY,
    workflow_def_id INTEGER NOT NULL REFERENCES workflow_definitions (id),
    workflow_name   TEXT NOT NULL,
    state           TEXT NOT NULL
        CHECK (state IN ('pending', 'running', 'waiting', 'succeeded', 'failed', 'cancelled')),
    params_json     TEXT NOT NULL CHECK (json_valid(params_json)),
    triggered_by    TEXT NOT NULL,
    current_step    TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    started_at      INTEGER,
    finished_at     INTEGER,
    error           TEXT
) STRICT;
CREATE INDEX runs_by_workflow ON runs (workflow_name, id);
CREATE INDEX runs_by_state ON runs (state, id);
CREATE INDEX runs_by_workflow_state ON runs (workflow_name, state, id);

CREATE TABLE step_executions (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs (id),
    step_id      TEXT NOT NULL,
    attempt      INTEGER NOT NULL CHECK (attempt >= 1),
    state        TEXT NOT NULL CHECK (state IN ('pending', 'running', 'waiting', 'succeeded', 'failed',
                                                'skipped', 'cancelled', 'timed_out')),
    created_at   INTEGER NOT NULL,
    started_at   INTEGER,
    finished_at  INTEGER,
    error        TEXT,
    outputs_json TEXT CHECK (outputs_json IS NULL OR json_valid(outputs_json)),
    outcome      TEXT
) STRICT;
CREATE INDEX step_executions_by_run ON step_executions (run_id, step_id, id);

CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs (id),
    step_exec_id INTEGER REFERENCES step_executions (id),
    at           INTEGER NOT NULL,
    type         TEXT NOT NULL,
    payload_json TEXT NOT NULL CHECK (json_valid(payload_json))
) STRICT;
CREATE INDEX events_by_run ON events (run_id, id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE timers (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER REFERENCES runs (id),
    step_exec_id INTEGER REFERENCES step_executions (id),
    kind         TEXT NOT NULL CHECK (kind IN ('deadline', 'reminder', 'retry', 'wait', 'cron')),
    due_at       INTEGER NOT NULL,
    payload_json TEXT NOT NULL CHECK (json_valid(payload_json)),
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'fired', 'cancelled')),
    closed_at    INTEGER
) STRICT;
CREATE INDEX timers_pending ON timers (due_at, id) WHERE state = 'pending';
CREATE INDEX timers_by_step ON timers (step_exec_id) WHERE step_exec_id IS NOT NULL;

CREATE TABLE user_tasks (
    id               INTEGER PRIMARY KEY,
    run_id           INTEGER NOT NULL REFERENCES runs (id),
    step_exec_id     INTEGER NOT NULL UNIQUE REFERENCES step_executions (id),
    title            TEXT NOT NULL,
    description      TEXT NOT NULL,
    form_json        TEXT NOT NULL CHECK (json_valid(form_json)),
    outcomes_json    TEXT NOT NULL CHECK (json_valid(outcomes_json)),
    state            TEXT NOT NULL
        CHECK (state IN ('open', 'completed', 'timed_out', 'cancelled', 'escalated')),
    deadline_at      INTEGER,
    reminders_sent   INTEGER NOT NULL DEFAULT 0,
    escalation_level INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    closed_at        INTEGER,
    outcome          TEXT,
    responder        TEXT,
    response_json    TEXT CHECK (response_json IS NULL OR json_valid(response_json)),
    responded_at     INTEGER
) STRICT;
CREATE INDEX user_tasks_by_state ON user_tasks (state, id);
CREATE INDEX user_tasks_by_run ON user_tasks (run_id, id);

CREATE TABLE task_assignees (
    task_id INTEGER NOT NULL REFERENCES user_tasks (id),
    kind    TEXT NOT NULL CHECK (kind IN ('user', 'role')),
    name    TEXT NOT NULL,
    PRIMARY KEY (task_id, kind, name)
) STRICT, WITHOUT ROWID;
CREATE INDEX task_assignees_by_name ON task_assignees (kind, name, task_id);

CREATE TABLE livy_handles (
    id             INTEGER PRIMARY KEY,
    run_id         INTEGER NOT NULL REFERENCES runs (id),
    step_exec_id   INTEGER NOT NULL REFERENCES step_executions (id),
    kind           TEXT NOT NULL CHECK (kind IN ('batch', 'session')),
    name           TEXT NOT NULL UNIQUE,
    livy_id        INTEGER,
    state          TEXT NOT NULL,
    terminal       INTEGER NOT NULL DEFAULT 0 CHECK (terminal IN (0, 1)),
    session_key    TEXT,
    follower_state TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (step_exec_id, kind)
) STRICT;
CREATE INDEX livy_handles_live ON livy_handles (run_id) WHERE terminal = 0;
CREATE INDEX livy_handles_by_session_key ON livy_handles (session_key, id) WHERE session_key IS NOT NULL;

CREATE TABLE livy_statements (
    step_exec_id INTEGER NOT NULL REFERENCES step_executions (id),
    idx          INTEGER NOT NULL CHECK (idx >= 0),
    handle_id    INTEGER NOT NULL REFERENCES livy_handles (id),
    statement_id INTEGER,
    state        TEXT NOT NULL,
    output_json  TEXT CHECK (output_json IS NULL OR json_valid(output_json)),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (step_exec_id, idx)
) STRICT, WITHOUT ROWID;

CREATE TABLE step_logs (
    step_exec_id INTEGER NOT NULL REFERENCES step_executions (id),
    seq          INTEGER NOT NULL CHECK (seq >= 0),
    line         TEXT NOT NULL,
    PRIMARY KEY (step_exec_id, seq)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER step_logs_no_update BEFORE UPDATE ON step_logs
BEGIN SELECT RAISE(ABORT, 'step logs are append-only'); END;

CREATE TABLE model_versions (
    id           INTEGER PRIMARY KEY,
    model_group  TEXT NOT NULL,
    artifact     TEXT NOT NULL,
    major        INTEGER NOT NULL CHECK (major >= 0),
    minor        INTEGER NOT NULL CHECK (minor >= 0),
    build        INTEGER NOT NULL CHECK (build >= 1),
    artifact_uri TEXT NOT NULL,
    metrics_json TEXT NOT NULL CHECK (json_valid(metrics_json)),
    tags_json    TEXT NOT NULL CHECK (json_valid(tags_json)),
    run_id       INTEGER REFERENCES runs (id),
    step_id      TEXT,
    step_exec_id INTEGER UNIQUE REFERENCES step_executions (id),
    params_json  TEXT NOT NULL CHECK (json_valid(params_json)),
    data_json    TEXT NOT NULL CHECK (json_valid(data_json)),
    created_at   INTEGER NOT NULL,
    UNIQUE (model_group, artifact, major, minor, build)
) STRICT;
CREATE TRIGGER model_versions_no_update BEFORE UPDATE ON model_versions
BEGIN SELECT RAISE(ABORT, 'model versions are immutable'); END;
CREATE TRIGGER model_versions_no_delete BEFORE DELETE ON model_versions
BEGIN SELECT RAISE(ABORT, 'model versions are immutable'); END;

CREATE TABLE model_aliases (
    model_group TEXT NOT NULL,
    artifact    TEXT NOT NULL,
    alias       TEXT NOT NULL,
    version_id  INTEGER NOT NULL REFERENCES model_versions (id),
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (model_group, artifact, alias)
) STRICT, WITHOUT ROWID;

CREATE TABLE reports (
    id            INTEGER PRIMARY KEY,
    run_id        INTEGER REFERENCES runs (id),
    step_id       TEXT,
    model         TEXT,
    model_version TEXT,
    period_label  TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    report_json   TEXT NOT NULL CHECK (json_valid(report_json))
) STRICT;
CREATE INDEX reports_by_model ON reports (model, created_at, id) WHERE model IS NOT NULL;
CREATE INDEX reports_by_run ON reports (run_id, id) WHERE run_id IS NOT NULL;

CREATE TABLE report_figures (
    report_id INTEGER NOT NULL REFERENCES reports (id),
    name      TEXT NOT NULL,
    value     REAL,
    PRIMARY KEY (report_id, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    details_json TEXT NOT NULL CHECK (json_valid(details_json)),
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_by_object ON audit_log (object_type, object_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

// Version 2: runs get `uid`, a ULID (26 characters of Crockford base32: the creation time in
// milliseconds, then 80 random bits) unique across databases, for paths that must not collide
// (`${run.uid}`). Existing runs get one from their created_at and SQLite's random().
constexpr const char* kRunUidV2 = R"sql(
ALTER TABLE runs ADD COLUMN uid TEXT;
UPDATE runs SET uid =
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((created_at >> 45) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((created_at >> 40) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((created_at >> 35) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((created_at >> 30) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((created_at >> 25) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((created_at >> 20) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((created_at >> 15) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((created_at >> 10) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((created_at >> 5) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((created_at >> 0) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (random() & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (random() & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (random() & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (random() & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (random() & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (random() & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (random() & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (random() & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (random() & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (random() & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (random() & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (random() & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (random() & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (random() & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (random() & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (random() & 31) + 1, 1);
CREATE UNIQUE INDEX runs_by_uid ON runs (uid);
)sql";

// Version 3: Livy ids are opaque text (Fabric/Synapse-style gateways and Lighter answer GUIDs).
// SQLite cannot change a column's type, so livy_handles is rebuilt with every row kept; integer ids
// become their decimal text. livy_statements refers to livy_handles, so its rows are parked in a
// temporary table while the parent is dropped (DROP TABLE would otherwise fail the foreign key).
constexpr const char* kLivyTextIdsV3 = R"sql(
CREATE TABLE livy_handles_v2 (
    id             INTEGER PRIMARY KEY,
    run_id         INTEGER NOT NULL REFERENCES runs (id),
    step_exec_id   INTEGER NOT NULL REFERENCES step_executions (id),
    kind           TEXT NOT NULL CHECK (kind IN ('batch', 'session')),
    name           TEXT NOT NULL UNIQUE,
    livy_id        TEXT CHECK (livy_id IS NULL OR livy_id <> ''),
    state          TEXT NOT NULL,
    terminal       INTEGER NOT NULL DEFAULT 0 CHECK (terminal IN (0, 1)),
    session_key    TEXT,
    follower_state TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (step_exec_id, kind)
) STRICT;
INSERT INTO livy_handles_v2 (id, run_id, step_exec_id, kind, name, livy_id, state, terminal, session_key,
                             follower_state, created_at, updated_at)
SELECT id, run_id, step_exec_id, kind, name, CAST(livy_id AS TEXT), state, terminal, session_key,
       follower_state, created_at, updated_at
FROM livy_handles;
CREATE TEMP TABLE livy_statements_parked AS SELECT * FROM livy_statements;
DELETE FROM livy_statements;
DROP TABLE livy_handles;
ALTER TABLE livy_handles_v2 RENAME TO livy_handles;
CREATE INDEX livy_handles_live ON livy_handles (run_id) WHERE terminal = 0;
CREATE INDEX livy_handles_by_session_key ON livy_handles (session_key, id) WHERE session_key IS NOT NULL;
INSERT INTO livy_statements SELECT * FROM livy_statements_parked;
DROP TABLE livy_statements_parked;
)sql";

// Version 4: what Livy reports about a handle's Spark application (appId, appInfo's driver log
// and Spark UI URLs), null until known.
constexpr const char* kAppInfoV4 = R"sql(
ALTER TABLE livy_handles ADD COLUMN app_id TEXT;
ALTER TABLE livy_handles ADD COLUMN driver_log_url TEXT;
ALTER TABLE livy_handles ADD COLUMN spark_ui_url TEXT;
)sql";

// Version 5: identity and access. Local accounts (an Argon2id hash, "" = no password), server-side
// sessions (only a hash of the cookie's id is stored) and API tokens (only their SHA-256). `user`
// is not a foreign key: tokens and sessions may belong to users defined in the config file.
constexpr const char* kAccountsV5 = R"sql(
CREATE TABLE accounts (
    name                   TEXT PRIMARY KEY,
    password_hash          TEXT NOT NULL DEFAULT '',
    roles_json             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(roles_json)),
    email                  TEXT NOT NULL DEFAULT '',
    disabled               INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at             INTEGER NOT NULL,
    credentials_changed_at INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    id_hash      TEXT NOT NULL UNIQUE,
    user         TEXT NOT NULL,
    csrf_token   TEXT NOT NULL,
    address      TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked_at   INTEGER
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user, id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    hash         TEXT NOT NULL UNIQUE,
    user         TEXT NOT NULL,
    name         TEXT NOT NULL DEFAULT '',
    scopes_json  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(scopes_json)),
    workflows    TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    last_used_at INTEGER,
    revoked_at   INTEGER
) STRICT;
CREATE INDEX api_tokens_by_user ON api_tokens (user, id);
)sql";

// Version 6: the history of every alias move (who pointed which alias from what to what, when),
// written in the same transaction as the move, and an index giving the newest reports first for
// an unfiltered report list. Moves made before come from the audit log's
// `model.alias.set` rows (object "group:artifact@alias", details {"from","to"}); names cannot
// hold ':' or '@', so the object id splits unambiguously.
constexpr const char* kAliasHistoryV6 = R"sql(
CREATE TABLE model_alias_history (
    id          INTEGER PRIMARY KEY,
    model_group TEXT NOT NULL,
    artifact    TEXT NOT NULL,
    alias       TEXT NOT NULL,
    from_version TEXT,
    to_version  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    at          INTEGER NOT NULL
) STRICT;
CREATE INDEX model_alias_history_by_model ON model_alias_history (model_group, artifact, id);
CREATE TRIGGER model_alias_history_no_update BEFORE UPDATE ON model_alias_history
BEGIN SELECT RAISE(ABORT, 'the alias history is append-only'); END;
INSERT INTO model_alias_history (model_group, artifact, alias, from_version, to_version, actor, at)
SELECT substr(object_id, 1, instr(object_id, ':') - 1),
       substr(object_id, instr(object_id, ':') + 1, instr(object_id, '@') - instr(object_id, ':') - 1),
       substr(object_id, instr(object_id, '@') + 1),
       json_extract(details_json, '$.from'), json_extract(details_json, '$.to'), actor, at
FROM audit_log
WHERE action = 'model.alias.set' AND object_type = 'model_alias' AND instr(object_id, ':') > 0
  AND instr(object_id, '@') > instr(object_id, ':') AND json_extract(details_json, '$.to') IS NOT NULL
ORDER BY id;
CREATE INDEX reports_by_created ON reports (created_at, id);
)sql";

// Version 7: a rerun names the run it repeats (`POST /api/runs/{id}/rerun`); null for every other
// run. The partial index lists the reruns of a run for its detail.
constexpr const char* kRerunOfV7 = R"sql(
ALTER TABLE runs ADD COLUMN rerun_of INTEGER REFERENCES runs (id);
CREATE INDEX runs_by_rerun_of ON runs (rerun_of, id) WHERE rerun_of IS NOT NULL;
)sql";

// Version 8: the task list's index (GET /api/tasks, `steward tasks`). Answerable tasks, newest
// first, are read from this partial index instead of the whole table in id order; the EXISTS test
// on the assignees is then made only for open and escalated tasks.
constexpr const char* kTaskListIndexV8 = R"sql(
CREATE INDEX user_tasks_answerable ON user_tasks (id) WHERE state IN ('open', 'escalated');
)sql";

// Version 9: what the web UI asks without computing over lists (docs/api.md). The inbox sorted by
// deadline (none last) and its overdue filter read open tasks from a partial index on the deadline;
// a model's previous report (by period, then created_at) is one step back in reports_by_model_period;
// model_workflows lists, per model, the workflows whose runs registered a version of it (kept by a
// trigger on model_versions, filled here from the existing versions' lineage), so the open tasks of
// a model's workflows are counted from the open tasks alone.
constexpr const char* kUiQueriesV9 = R"sql(
CREATE INDEX user_tasks_open_by_deadline ON user_tasks (coalesce(deadline_at, 9223372036854775807), id)
    WHERE state IN ('open', 'escalated');
CREATE INDEX reports_by_model_period ON reports (model, period_label, created_at, id) WHERE model IS NOT NULL;
CREATE TABLE model_workflows (
    model_group   TEXT NOT NULL,
    artifact      TEXT NOT NULL,
    workflow_name TEXT NOT NULL,
    PRIMARY KEY (model_group, artifact, workflow_name)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO model_workflows (model_group, artifact, workflow_name)
SELECT v.model_group, v.artifact, r.workflow_name FROM model_versions v JOIN runs r ON r.id = v.run_id;
CREATE TRIGGER model_versions_workflow AFTER INSERT ON model_versions WHEN NEW.run_id IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO model_workflows (model_group, artifact, workflow_name)
    SELECT NEW.model_group, NEW.artifact, workflow_name FROM runs WHERE id = NEW.run_id;
END;
)sql";

// Version 10: a run's condition (`Run::condition`): why an unfinished run is not progressing as
// usual (Livy unreachable, retrying after an internal error, stuck), with a sentence and a start
// time; cleared when the run ends. The partial index serves /metrics and the supervisor.
constexpr const char* kRunConditionV10 = R"sql(
ALTER TABLE runs ADD COLUMN condition TEXT;
ALTER TABLE runs ADD COLUMN condition_detail TEXT;
ALTER TABLE runs ADD COLUMN condition_since INTEGER;
CREATE INDEX runs_by_condition ON runs (condition, id) WHERE condition IS NOT NULL;
)sql";

constexpr std::array<Migration, 10> kMigrations{{
    {1, kSchemaV1},
    {2, kRunUidV2},
    {3, kLivyTextIdsV3},
    {4, kAppInfoV4},
    {5, kAccountsV5},
    {6, kAliasHistoryV6},
    {7, kRerunOfV7},
    {8, kTaskListIndexV8},
    {9, kUiQueriesV9},
    {10, kRunConditionV10},
}};

int read_user_version(Database& db) {
    auto statement = db.statement("PRAGMA user_version");
    return statement->step() ? static_cast<int>(statement->int64(0)) : 0;
}

}  // namespace

std::span<const Migration> migrations() noexcept {
    return kMigrations;
}

int schema_version() noexcept {
    return kMigrations.back().version;
}

int migrate(Database& db) {
    const int found = read_user_version(db);
    if (found > schema_version()) {
        throw StoreError("store: database '" + db.path() + "' has schema version " + std::to_string(found) +
                         ", newer than this steward understands (" + std::to_string(schema_version()) +
                         "); run a newer steward or restore a backup");
    }
    for (const Migration& migration : kMigrations) {
        if (migration.version <= found) {
            continue;
        }
        Transaction tx(db);
        db.exec(migration.sql);
        // A pragma takes no bound parameters; the value is our own constant, not input.
        db.exec("PRAGMA user_version = " + std::to_string(migration.version));
        tx.commit();
    }
    return found;
}

}  // namespace steward::store
