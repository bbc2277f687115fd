"""The end-of-soak checks: what the database, the audit log and the fake Livy hold, compared with
what the clients were told. Each check returns figures and the evidence of any loss."""

import collections
import json
import sqlite3

ALIVE_BATCH = {"not_started", "starting", "running", "recovering"}
ALIVE_SESSION = {"not_started", "starting", "idle", "busy", "recovering"}
RUN_END = {"succeeded": "run.succeeded", "failed": "run.failed", "cancelled": "run.cancelled"}
STEP_END = {"step.succeeded", "step.failed", "step.timed_out", "step.cancelled", "step.skipped"}
STEP_RAN = {"succeeded", "failed", "timed_out"}


def read_record(path):
    """The fake's record: successful creates per name, every create and delete line."""
    created = collections.defaultdict(list)
    lines = []
    try:
        with open(path) as record:
            for text in record:
                line = json.loads(text)
                lines.append(line)
                if line["op"] == "create" and line["status"] == 201:
                    created[line["name"]].append(line["id"])
    except FileNotFoundError:
        pass
    return created, lines


def check_livy(created, handles, batches, sessions):
    """Duplicates (a name created twice), objects still alive on the fake (every run has ended,
    so each is an orphan) and creates no handle of Steward's names."""
    duplicates = {name: ids for name, ids in created.items() if len(ids) > 1}
    alive = [("batch", b["id"], b.get("name"), b["state"]) for b in batches if b["state"] in ALIVE_BATCH]
    alive += [("session", s["id"], s.get("name"), s["state"]) for s in sessions if s["state"] in ALIVE_SESSION]
    unowned = sorted(name for name in created if name not in handles)
    return duplicates, alive, unowned


def check_runs(db, ledger):
    """Every acknowledged run exists and ended as its workflow and the clients' actions say."""
    from workflows import expected_state
    rows = {r[0]: (r[1], r[2], r[3]) for r in db.execute("SELECT id, workflow_name, state, error FROM runs")}
    finished = sum(1 for _, state, _ in rows.values() if state in RUN_END)
    lost = sorted(r for r in ledger.runs if r not in rows)
    unexpected = []
    for run_id, (workflow, state, error) in sorted(rows.items()):
        if state not in RUN_END:
            continue
        cancel_possible = run_id in ledger.cancel_acked or run_id in ledger.cancel_tried
        if state not in expected_state(workflow, run_id, cancel_possible):
            unexpected.append(f"run {run_id} ({workflow}) ended {state}: {error}")
    unfinished = [f"run {r} ({w}) is {s}" for r, (w, s, _) in sorted(rows.items()) if s not in RUN_END]
    return len(rows), finished, lost, unexpected, unfinished


def check_events(db):
    """Once-only events: one run.created and one terminal event (matching the state) per run, at
    most one run.started; per step attempt at most one step.started (exactly one when it ran),
    at most one terminal step event (exactly one once it ended), one livy.intent/submitted and
    task.opened/completed at most; one task.opened per task and one task.completed per answer."""
    problems = []
    runs = dict(db.execute("SELECT id, state FROM runs"))
    execs = {r[0]: (r[1], r[2], r[3]) for r in db.execute("SELECT id, run_id, step_id, state FROM step_executions")}
    per_run = collections.defaultdict(collections.Counter)
    per_exec = collections.defaultdict(collections.Counter)
    for run_id, exec_id, kind in db.execute("SELECT run_id, step_exec_id, type FROM events"):
        per_run[run_id][kind] += 1
        if exec_id is not None:
            per_exec[exec_id][kind] += 1
    for run_id, state in runs.items():
        c = per_run[run_id]
        if c["run.created"] != 1:
            problems.append(f"run {run_id}: {c['run.created']} run.created")
        if c["run.started"] > 1:
            problems.append(f"run {run_id}: {c['run.started']} run.started")
        ends = {k: c[k] for k in RUN_END.values() if c[k]}
        if state in RUN_END and ends != {RUN_END[state]: 1}:
            problems.append(f"run {run_id} ({state}): terminal events {ends or 'none'}")
        if state not in RUN_END and ends:
            problems.append(f"run {run_id} ({state}): terminal events {ends} but not finished")
    for exec_id, (run_id, step_id, state) in execs.items():
        c = per_exec[exec_id]
        where = f"run {run_id} step {step_id} exec {exec_id} ({state})"
        started = c["step.started"]
        if started > 1 or (state in STEP_RAN and started != 1):
            problems.append(f"{where}: {started} step.started")
        ends = sum(c[k] for k in STEP_END)
        if ends > 1 or (state in STEP_RAN | {"cancelled", "skipped"} and ends != 1):
            problems.append(f"{where}: {ends} terminal step events {dict((k, c[k]) for k in STEP_END if c[k])}")
        for kind in ("livy.intent", "livy.submitted", "task.opened", "task.completed"):
            if c[kind] > 1:
                problems.append(f"{where}: {c[kind]} {kind}")
    for task_id, exec_id, state in db.execute("SELECT id, step_exec_id, state FROM user_tasks"):
        c = per_exec[exec_id]
        if c["task.opened"] != 1:
            problems.append(f"task {task_id}: {c['task.opened']} task.opened")
        if state == "completed" and c["task.completed"] != 1:
            problems.append(f"task {task_id} (completed): {c['task.completed']} task.completed")
    return sum(per_run[r][k] for r in per_run for k in per_run[r]), problems


def check_answers(db, ledger):
    """Every acknowledged answer is the task's stored answer; no task acknowledged twice."""
    tasks = {r[0]: r[1:] for r in db.execute(
        "SELECT id, state, outcome, responder, response_json FROM user_tasks")}
    lost, twice = [], []
    for task_id, acked in sorted(ledger.answers.items()):
        if len(acked) > 1:
            twice.append(f"task {task_id}: {len(acked)} answers got 200: {acked}")
        state, outcome, responder, response = tasks.get(task_id, (None, None, None, None))
        note = json.loads(response).get("note") if response else None
        if not any(state == "completed" and outcome == o and responder == "soaker" and note == n for o, n in acked):
            lost.append(f"task {task_id}: answered {acked[-1]} (200) but stored {state} {outcome} {responder} {note!r}")
    return len(tasks), lost, twice


def check_audit(db, ledger):
    """Each acknowledged mutation has its audit row (action, object id, status)."""
    audited = collections.Counter()
    for action, object_id, details in db.execute("SELECT action, object_id, details_json FROM audit_log"):
        audited[(action, object_id, json.loads(details).get("status"))] += 1
    missing = []
    for key, count in sorted(ledger.mutations.items(), key=str):
        if audited[key] < count:
            missing.append(f"{key[0]} {key[1]} {key[2]}: acknowledged {count}, audited {audited[key]}")
    relevant = sum(n for (action, _, _), n in audited.items() if action in ("run.trigger", "run.cancel", "task.answer"))
    return sum(ledger.mutations.values()), relevant, missing


def integrity(path):
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def handle_names(db):
    return {r[0] for r in db.execute("SELECT name FROM livy_handles")}
