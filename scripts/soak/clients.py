"""The concurrent clients of the soak and the ledger of what the server acknowledged to them."""

import collections
import random
import threading
import time

from workflows import CANCEL_SHARE, MIX, task_outcome

TERMINAL = {"succeeded", "failed", "cancelled"}


class Ledger:
    """What the clients were told, under one lock. A mutation is *acknowledged* when it got a 2xx;
    one whose answer never came (the server died, the call timed out) is *unknown*."""

    def __init__(self):
        self.lock = threading.Lock()
        self.runs = {}                     # run id -> workflow, for acknowledged starts
        self.start_unknown = 0             # starts with no answer (the run may exist)
        self.states = {}                   # run id -> last state seen through the API
        self.cancel_acked = set()          # run ids whose cancel got 202
        self.cancel_tried = set()          # run ids a cancel was sent for (any answer)
        self.answers = collections.defaultdict(list)  # task id -> [(outcome, note)] acknowledged
        self.answer_tried = {}             # task id -> (run id, outcome, note) sent at least once
        self.mutations = collections.Counter()  # (action, object id, status) acknowledged
        self.calls = collections.Counter()      # "METHOD route status" of every call
        self.kills_done = 0
        self.last_start_at = 0.0           # monotonic time of the last start sent
        self.listed_from = -1.0            # when the last complete listing of the runs began

    def unfinished(self):
        with self.lock:
            return [r for r in self.runs if self.states.get(r) not in TERMINAL]


class Clients:
    """Starter, two task answerers, a canceller and a watcher, each a thread, until `stop`."""

    def __init__(self, api, ledger, target_runs, planned_kills, max_in_flight, seed, say):
        self.api = api
        self.ledger = ledger
        self.target = target_runs
        self.planned_kills = planned_kills
        self.max_in_flight = max_in_flight
        self.random = random.Random(seed)
        self.say = say
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=f, name=n, daemon=True) for n, f in (
            ("starter", self._starter), ("answerer-1", self._answerer), ("answerer-2", self._answerer),
            ("canceller", self._canceller), ("watcher", self._watcher))]
        self.to_cancel = {}  # run id -> monotonic time to send the cancel at

    def start(self):
        for t in self.threads:
            t.start()

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            if t.ident is not None:  # started
                t.join(30)

    def all_started(self):
        with self.ledger.lock:
            return len(self.ledger.runs) >= self.target

    def _note(self, method, route, status):
        with self.ledger.lock:
            self.ledger.calls[f"{method} {route} {status}"] += 1

    def _pause(self, lo, hi):
        self.stopping.wait(self.random.uniform(lo, hi))

    # Starts runs, spread over the kill epochs (about target/(kills+1) between two kills) and at
    # most max_in_flight unfinished at once.
    def _starter(self):
        workflows = [w for w, weight in MIX.items() for _ in range(weight)]
        while not self.stopping.is_set():
            with self.ledger.lock:
                started = len(self.ledger.runs)
                epoch = self.ledger.kills_done
            if started >= self.target:
                return
            allowed = -(-self.target * (epoch + 1) // (self.planned_kills + 1))
            if started >= allowed or len(self.ledger.unfinished()) >= self.max_in_flight:
                self._pause(0.05, 0.15)
                continue
            workflow = self.random.choice(workflows)
            with self.ledger.lock:
                self.ledger.last_start_at = time.monotonic()
            status, body = self.api.call("POST", f"/api/workflows/{workflow}/runs",
                                         {"params": {"n": self.random.randint(1, 1000)}})
            self._note("POST", "/api/workflows/{name}/runs", status)
            if status == 201:
                run_id = body["id"]
                with self.ledger.lock:
                    self.ledger.runs[run_id] = workflow
                    self.ledger.mutations[("run.trigger", workflow, 201)] += 1
                if self.random.random() < CANCEL_SHARE[workflow]:
                    self.to_cancel[run_id] = time.monotonic() + self.random.uniform(0, 5)
            elif status is None:
                with self.ledger.lock:
                    self.ledger.start_unknown += 1
                self._pause(0.05, 0.2)
            else:
                self.say(f"start {workflow}: unexpected {status} {body}")
                self._pause(0.2, 0.5)

    # Answers open tasks, each with probability 1/2 per look, so the two answerers sometimes race
    # for the same task (one of them must get 409).
    def _answerer(self):
        me = threading.current_thread().name
        while not self.stopping.is_set():
            status, body = self.api.call("GET", "/api/tasks?state=open&limit=200")
            self._note("GET", "/api/tasks", status)
            if status != 200:
                self._pause(0.1, 0.3)
                continue
            tasks = body.get("tasks", [])
            self.random.shuffle(tasks)
            for task in tasks:
                if self.stopping.is_set() or self.random.random() < 0.5:
                    continue
                task_id, run_id = task["id"], task["run_id"]
                outcome = task_outcome(run_id)
                note = f"run {run_id} checked by {me}"
                with self.ledger.lock:
                    self.ledger.answer_tried.setdefault(task_id, (run_id, outcome, note))
                status, reply = self.api.call("POST", f"/api/tasks/{task_id}/complete",
                                              {"outcome": outcome, "values": {"note": note}})
                self._note("POST", "/api/tasks/{id}/complete", status)
                if status == 200:
                    with self.ledger.lock:
                        self.ledger.answers[task_id].append((outcome, note))
                        self.ledger.mutations[("task.answer", str(task_id), 200)] += 1
                elif status not in (None, 409):
                    self.say(f"answer task {task_id}: unexpected {status} {reply}")
            self._pause(0.05, 0.4)

    # Cancels the runs picked at start, at their moment; a cancel without an answer is sent again.
    def _canceller(self):
        while not self.stopping.is_set():
            now = time.monotonic()
            for run_id, at in list(self.to_cancel.items()):
                if at > now:
                    continue
                with self.ledger.lock:
                    self.ledger.cancel_tried.add(run_id)
                status, body = self.api.call("POST", f"/api/runs/{run_id}/cancel")
                self._note("POST", "/api/runs/{id}/cancel", status)
                if status == 202:
                    with self.ledger.lock:
                        self.ledger.cancel_acked.add(run_id)
                        self.ledger.mutations[("run.cancel", str(run_id), 202)] += 1
                if status is not None:
                    del self.to_cancel[run_id]  # 202, or 409 run_finished
                    if status not in (202, 409):
                        self.say(f"cancel run {run_id}: unexpected {status} {body}")
            self._pause(0.05, 0.2)

    # Follows every run through the list (as a dashboard would) and one run's detail at random
    # (as `steward run --wait` does).
    def _watcher(self):
        while not self.stopping.is_set():
            seen = {}
            offset = 0
            began = time.monotonic()
            while offset is not None:
                status, body = self.api.call("GET", f"/api/runs?limit=500&offset={offset}")
                self._note("GET", "/api/runs", status)
                if status != 200:
                    seen = None
                    break
                for run in body["runs"]:
                    seen[run["id"]] = run["state"]
                offset = body.get("next_offset")
            if seen is not None:
                with self.ledger.lock:
                    self.ledger.states.update(seen)
                    self.ledger.listed_from = began
            unfinished = self.ledger.unfinished()
            if unfinished:
                run_id = self.random.choice(unfinished)
                status, _ = self.api.call("GET", f"/api/runs/{run_id}?events=20")
                self._note("GET", "/api/runs/{id}", status)
            self._pause(0.2, 0.5)
