"""Soak driver (scripts/soak.sh runs it): `steward serve` against the fake Livy with faults on,
concurrent clients, SIGKILL at random moments and restarts; then the checks and the table."""

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import checks
from api import Api, plain_get
from clients import Clients, Ledger, TERMINAL
from procs import FakeLivy, Steward, die_with_parent
from workflows import SLOW_PART, SLOW_SECONDS, WORKFLOWS, config

T0 = time.monotonic()


def say(text):
    print(f"[soak {time.monotonic() - T0:6.1f}s] {text}", flush=True)


def parse_args():
    p = argparse.ArgumentParser(prog="soak.py")
    p.add_argument("--steward", required=True)
    p.add_argument("--fake", required=True)
    p.add_argument("--runs", type=int, required=True)
    p.add_argument("--kills", type=int, required=True)
    p.add_argument("--fault-rate", type=float, default=0.05)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--in-flight", type=int, default=25)
    p.add_argument("--uptime", type=float, nargs=2, default=(0.3, 4.0), metavar=("MIN", "MAX"))
    p.add_argument("--drain-seconds", type=float, default=180)
    p.add_argument("--stall-seconds", type=float, default=60)
    p.add_argument("--max-crashes", type=int, default=5)
    p.add_argument("--work", required=True)
    return p.parse_args()


def prepare(work, fake_port):
    os.makedirs(os.path.join(work, "workflows"), exist_ok=True)
    os.makedirs(os.path.join(work, "jobs", "soak"), exist_ok=True)
    with open(os.path.join(work, "jobs", "soak", "job.py"), "w") as job:
        job.write("print('soak')\n")
    for name, text in WORKFLOWS.items():
        with open(os.path.join(work, "workflows", name + ".yaml"), "w") as f:
            f.write(text)
    path = os.path.join(work, "steward.yaml")
    with open(path, "w") as f:
        f.write(config(fake_port))
    return path


def create_token(steward, cfg, work):
    with open(os.path.join(work, "admin.log"), "ab") as log:
        out = subprocess.run([steward, "token", "create", "--config", cfg, "--user", "soaker",
                              "--scope", "read,runs:trigger,runs:cancel,tasks:answer", "--expires", "1d"],
                             stdout=subprocess.PIPE, stderr=log, check=True)
    token = out.stdout.decode().strip().splitlines()[0]
    if not token.startswith("stw_"):
        raise RuntimeError("steward token create printed no token")
    return token


def progress(ledger, server, draining):
    say(progress_text(ledger, server) + ("; draining" if draining else ""))


def progress_text(ledger, server):
    with ledger.lock:
        states = dict(ledger.states)
        started, answers = len(ledger.runs), sum(len(a) for a in ledger.answers.values())
        cancels = len(ledger.cancel_acked)
    finished = sum(1 for s in states.values() if s in TERMINAL)
    return (f"runs {started} started, {finished}/{len(states)} finished; {server.kills} kills; "
            f"{answers} answers, {cancels} cancels acknowledged")


def drained(ledger):
    """Every run ended, as seen by a listing that began after the last start was sent (so a run
    whose start got no answer is in it)."""
    with ledger.lock:
        states = dict(ledger.states)
        acked = list(ledger.runs)
        if ledger.listed_from <= ledger.last_start_at:
            return False
    return all(states.get(r) in TERMINAL for r in acked) and all(s in TERMINAL for s in states.values())


def signature(ledger):
    with ledger.lock:
        return (len(ledger.runs), sum(1 for s in ledger.states.values() if s in TERMINAL),
                sum(len(a) for a in ledger.answers.values()), len(ledger.cancel_acked))


def drive(args, api, ledger, server, clients, rng):
    """Kills at random moments until the planned kills are done, then waits for every run. Gives
    up (and writes the server's stacks) when nothing moves for --stall-seconds."""
    last_progress = time.monotonic()
    moved, last_move = signature(ledger), time.monotonic()
    next_kill = time.monotonic() + rng.uniform(*args.uptime)
    drain_deadline = None
    while True:
        now = time.monotonic()
        if now - last_progress >= 5:
            progress(ledger, server, drain_deadline is not None)
            last_progress = now
        if signature(ledger) != moved:
            moved, last_move = signature(ledger), now
        elif now - last_move > args.stall_seconds:
            path = server.diagnose(f"no progress for {args.stall_seconds:.0f}s: {progress_text(ledger, server)}")
            say(f"no progress for {args.stall_seconds:.0f}s; the server's stacks are in {path}")
            return False
        if not server.check_alive():
            start, code = server.crashes[-1]
            if len(server.crashes) >= args.max_crashes:
                say(f"the server exited by itself (start {start}, status {code}): crash "
                    f"{len(server.crashes)}, giving up")
                return False
            say(f"the server exited by itself (start {start}, status {code}): a crash; restarting")
            server.start()
            continue
        everything_started = clients.all_started()
        if server.kills < args.kills and now >= next_kill and not (everything_started and drained(ledger)):
            server.kill()
            with ledger.lock:
                ledger.kills_done = server.kills
            say(f"kill {server.kills}/{args.kills} (SIGKILL), restarting")
            server.start()
            next_kill = time.monotonic() + rng.uniform(*args.uptime)
            continue
        if everything_started and (server.kills >= args.kills or drained(ledger)):
            if drain_deadline is None:
                drain_deadline = now + args.drain_seconds
            if drained(ledger):
                return True
            if now > drain_deadline:
                say(f"runs still unfinished after {args.drain_seconds:.0f}s of draining")
                return False
        time.sleep(0.05)


def stop_on_signal(sig, _frame):
    raise SystemExit(f"soak: stopped by signal {sig}")


def main():
    args = parse_args()
    die_with_parent(signal.SIGTERM)  # scripts/soak.sh was killed: stop too
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, stop_on_signal)
    seed = args.seed if args.seed is not None else random.randrange(1, 2**31)
    rng = random.Random(seed)
    say(f"seed {seed}, {args.runs} runs, {args.kills} kills, fault rate {args.fault_rate}, work dir {args.work}")
    fake = FakeLivy(args.fake, args.work, args.fault_rate, seed, SLOW_PART, SLOW_SECONDS)
    try:
        cfg = prepare(args.work, fake.port)
        api = Api(create_token(args.steward, cfg, args.work))
        ledger = Ledger()
        server = Steward(args.steward, cfg, args.work, lambda url: setattr(api, "url", url))
        clients = Clients(api, ledger, args.runs, args.kills, args.in_flight, seed + 1, say)
        try:
            server.start()
            clients.start()
            completed = drive(args, api, ledger, server, clients, rng)
        finally:
            clients.stop()
            status = server.stop()
    except BaseException:
        fake.stop()
        raise
    say(f"server stopped (exit status {status}); {'all runs finished' if completed else 'NOT all runs finished'}")

    fake.faults_off()  # asynchronous: a list answered 503 meanwhile is asked again below
    batches = sessions = None
    for _ in range(50):
        sb, b = plain_get(fake.url + "/batches?from=0&size=1000000")
        ss, s = plain_get(fake.url + "/sessions?from=0&size=1000000")
        if sb == 200 and ss == 200:
            batches, sessions = b["sessions"], s["sessions"]
            break
        time.sleep(0.1)
    fake.stop()
    if batches is None:
        say("could not list the fake's batches and sessions")
        batches, sessions = [], []
    return report(args, seed, ledger, server, fake, batches, sessions, status)


def report(args, seed, ledger, server, fake, batches, sessions, status):
    db_path = os.path.join(args.work, "steward.db")
    db = sqlite3.connect(db_path)  # the server has stopped
    total, finished, lost_runs, unexpected, unfinished = checks.check_runs(db, ledger)
    created, record = checks.read_record(fake.record)
    duplicates, orphans, unowned = checks.check_livy(created, checks.handle_names(db), batches, sessions)
    events, event_problems = checks.check_events(db)
    tasks, lost_answers, twice = checks.check_answers(db, ledger)
    mutations, audited, audit_missing = checks.check_audit(db, ledger)
    cancelled = db.execute("SELECT count(*) FROM runs WHERE state = 'cancelled'").fetchone()[0]
    db.close()
    integrity = checks.integrity(db_path)
    creates = sum(1 for r in record if r["op"] == "create")
    ok_creates = sum(len(v) for v in created.values())
    deletes = sum(1 for r in record if r["op"] == "delete")
    refused = sum(1 for r in record if r["op"] == "create" and r["status"] == 400)
    calls = sum(ledger.calls.values())
    injected = "?"
    with open(os.path.join(args.work, "fake-livy.log"), errors="replace") as log:
        for line in log:
            if line.strip().endswith(" faults injected"):
                injected = line.split()[1]
    unanswered = sum(n for k, n in ledger.calls.items() if k.endswith(" None"))

    rows = [
        ("runs finished / runs in the database", f"{finished} / {total}", finished == total),
        ("runs acknowledged (201) / missing from the database", f"{len(ledger.runs)} / {len(lost_runs)}", not lost_runs),
        ("starts without an answer (server killed)", str(ledger.start_unknown), True),
        ("runs ending otherwise than expected", str(len(unexpected)), not unexpected),
        ("kills (SIGKILL) / starts of the server", f"{server.kills} / {server.starts}", True),
        ("faults the fake Livy injected", injected, True),
        ("cancels acknowledged (202) / runs cancelled",
         f"{len(ledger.cancel_acked)} / {cancelled}", True),
        ("Livy creates: processed / succeeded / refused (400) / deletes",
         f"{creates} / {ok_creates} / {refused} / {deletes}", True),
        ("duplicate Livy submissions (a name created twice)", str(len(duplicates)), not duplicates),
        ("Livy objects no Steward handle names", str(len(unowned)), not unowned),
        ("orphaned Livy objects (alive at the end)", str(len(orphans)), not orphans),
        ("task answers acknowledged / lost", f"{sum(len(a) for a in ledger.answers.values())} / {len(lost_answers)}",
         not lost_answers),
        ("tasks answered twice with 200", str(len(twice)), not twice),
        ("events / lost or duplicated once-only events", f"{events} / {len(event_problems)}", not event_problems),
        ("mutations acknowledged / audit rows / missing", f"{mutations} / {audited} / {len(audit_missing)}",
         not audit_missing),
        ("API calls / without an answer", f"{calls} / {unanswered}", True),
        ("PRAGMA integrity_check", integrity, integrity == "ok"),
        ("server exits nobody asked for (crashes)", str(len(server.crashes)), not server.crashes),
        ("final SIGTERM exit status", str(status), status == 0),
        ("server peak RSS (MiB) / peak open fds", f"{server.peak_rss_kb / 1024:.1f} / {server.peak_fds}", True),
    ]
    width = max(len(r[0]) for r in rows)
    print()
    print(f"| {'check'.ljust(width)} | figure | result |")
    print(f"| {'-' * width} | --- | --- |")
    for name, figure, good in rows:
        print(f"| {name.ljust(width)} | {figure} | {'ok' if good else 'LOSS'} |")
    print()
    evidence = [("crash", [f"start {n} of the server ended with status {c} (see steward.log, core files in the work dir)"
                           for n, c in server.crashes]),
                ("unfinished", unfinished), ("lost run", lost_runs), ("unexpected outcome", unexpected),
                ("duplicate", [f"{n}: ids {i}" for n, i in duplicates.items()]),
                ("unowned", unowned), ("orphan", [str(o) for o in orphans]),
                ("lost answer", lost_answers), ("twice", twice), ("event", event_problems),
                ("audit", audit_missing)]
    for label, items in evidence:
        for item in items[:20]:
            print(f"  {label}: {item}")
        if len(items) > 20:
            print(f"  {label}: ... and {len(items) - 20} more")
    failed = not all(good for _, _, good in rows)
    print(f"seed {seed}; work dir {args.work}")
    lost_events = len(event_problems)
    print(f"soak: {finished} runs finished of {total}, {server.kills} kills, {len(duplicates)} duplicate submissions, "
          f"{len(lost_answers)} lost answers, {lost_events} lost events, {len(orphans)} orphans, "
          f"integrity {'ok' if integrity == 'ok' else 'FAILED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
