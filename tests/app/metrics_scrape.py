"""GET /metrics of a live `steward serve` (temporary database, the fake Livy): 401 without
credentials, 403 for a token without the scope, and after a run with a Livy batch and an open user
task, text that prometheus_client's parser reads with the expected families and labels."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

STEWARD, FAKE_LIVY = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)


def call(url, method="GET", token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def token(workdir, user, scope):
    out = subprocess.run([STEWARD, "token", "create", "--user", user, "--scope", scope, "--config", "steward.yaml"],
                         cwd=workdir, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def main():
    workdir = tempfile.mkdtemp(prefix="steward-metrics-")
    livy = serve = None
    try:
        livy = subprocess.Popen([FAKE_LIVY, "--batch-seconds", "0.05"], stdout=subprocess.PIPE, text=True)
        port = livy.stdout.readline().strip()
        os.makedirs(os.path.join(workdir, "workflows"))
        os.makedirs(os.path.join(workdir, "jobs", "x"))
        with open(os.path.join(workdir, "jobs", "x", "job.py"), "w") as f:
            f.write("print(1)\n")
        with open(os.path.join(workdir, "workflows", "scraped.yaml"), "w") as f:
            f.write("""name: scraped
steps:
  - id: train
    type: livy_batch
    file: jobs/x/job.py
  - id: ask
    type: user_task
    title: "Ship it?"
    assignees: {users: [tester]}
    outcomes: [yes, no]
""")
        with open(os.path.join(workdir, "steward.yaml"), "w") as f:
            f.write(f"""http: {{listen: '127.0.0.1:0'}}
livy: {{url: 'http://127.0.0.1:{port}', poll_interval: 20ms}}
store: {{path: steward.db}}
workflows_dir: workflows
jobs_dir: jobs
roles:
  viewer: {{permissions: [view]}}
  operator: {{permissions: [view, trigger, answer]}}
users:
  prometheus: {{roles: [viewer]}}
  tester: {{roles: [operator]}}
logging: {{level: warn}}
""")
        scraper = token(workdir, "prometheus", "metrics:read")
        reader = token(workdir, "prometheus", "runs:read")
        operator = token(workdir, "tester", "read,runs:trigger")
        serve = subprocess.Popen([STEWARD, "serve", "--config", "steward.yaml"], cwd=workdir, stdout=subprocess.PIPE,
                                 text=True)
        line = serve.stdout.readline().strip()
        check(line.startswith("steward: listening on "), "serve did not start: " + line)
        url = line[len("steward: listening on "):]

        status, _, _ = call(url + "/metrics")
        check(status == 401, f"/metrics without credentials: {status}, expected 401")
        status, _, _ = call(url + "/metrics", token=reader)
        check(status == 403, f"/metrics with a runs:read token: {status}, expected 403")

        status, _, body = call(url + "/api/workflows/scraped/runs", "POST", operator, {"params": {}})
        check(status == 201, f"start a run: {status} {body}")
        run_id = json.loads(body)["id"]
        state = None
        deadline = time.time() + 20
        while time.time() < deadline:
            _, _, body = call(f"{url}/api/runs/{run_id}", token=operator)
            state = json.loads(body)["state"]
            if state == "waiting":
                break
            time.sleep(0.05)
        check(state == "waiting", f"the run did not reach its user task: {state}")
        status, _, _ = call(url + "/api/no/such/route", token=operator)
        check(status == 404, f"unknown route: {status}")

        status, headers, text = call(url + "/metrics", token=scraper)
        check(status == 200, f"/metrics with a metrics:read token: {status}")
        check(headers.get("Content-Type") == "text/plain; version=0.0.4; charset=utf-8",
              "Content-Type: " + str(headers.get("Content-Type")))
        families = {family.name: family for family in text_string_to_metric_families(text)}

        def samples(family, suffix=""):
            found = families.get(family)
            check(found is not None, "no family " + family)
            return [s for s in (found.samples if found else []) if s.name == family + suffix]

        runs = samples("steward_runs")
        check(any(s.labels == {"workflow": "scraped", "state": "waiting"} and s.value == 1 for s in runs),
              f"steward_runs: {runs}")
        steps = samples("steward_step_duration_seconds", "_count")
        check(any(s.labels == {"type": "livy_batch", "state": "succeeded"} and s.value == 1 for s in steps),
              f"steward_step_duration_seconds_count: {steps}")
        check(families["steward_step_duration_seconds"].type == "histogram", "steps: not a histogram")
        check([s.value for s in samples("steward_open_tasks")] == [1], "steward_open_tasks")
        check([s.value for s in samples("steward_overdue_tasks")] == [0], "steward_overdue_tasks")
        ages = samples("steward_oldest_open_task_age_seconds")
        check(len(ages) == 1 and 0 <= ages[0].value < 60, f"oldest task age: {ages}")
        tracked = {s.labels["kind"]: s.value for s in samples("steward_livy_objects_tracked")}
        check(tracked == {"batch": 0, "session": 0}, f"steward_livy_objects_tracked: {tracked}")

        livy_requests = samples("steward_livy_requests", "_total")
        routes = {(s.labels["method"], s.labels["route"], s.labels["status"]) for s in livy_requests}
        check(("POST", "/batches", "201") in routes or ("POST", "/batches", "200") in routes,
              f"no batch create in {routes}")
        check(any(r[1].startswith("/batches/{id}") for r in routes), f"no /batches/{{id}} route in {routes}")
        check(all(not re.search(r"/\d", r[1]) for r in routes), f"an id in a Livy route: {routes}")
        livy_latency = samples("steward_livy_request_duration_seconds", "_count")
        check(sum(s.value for s in livy_latency) == sum(s.value for s in livy_requests),
              "Livy latency count differs from the request count")

        http = {(s.labels["method"], s.labels["route"], s.labels["status"]): s.value
                for s in samples("steward_http_requests", "_total")}
        check(http.get(("GET", "/metrics", "401")) == 1, f"/metrics 401 not counted: {http}")
        check(http.get(("GET", "/metrics", "403")) == 1, f"/metrics 403 not counted: {http}")
        check(http.get(("POST", "/api/workflows/{name}/runs", "201")) == 1, f"run start not counted: {http}")
        check(http.get(("GET", "/api/runs/{id}", "200"), 0) >= 1, f"run reads not counted: {http}")
        check(http.get(("GET", "unmatched", "404")) == 1, f"unmatched not counted: {http}")
        check(all(not re.search(r"/\d", r[1]) for r in http), f"a raw path in HTTP routes: {list(http)}")
        buckets = [s for s in families["steward_http_request_duration_seconds"].samples
                   if s.name.endswith("_bucket") and s.labels["route"] == "/api/runs/{id}"]
        check(buckets and buckets[-1].labels["le"] == "+Inf", "HTTP latency buckets do not end with +Inf")
        check(all(a.value <= b.value for a, b in zip(buckets, buckets[1:])), "HTTP buckets are not cumulative")

        commits = samples("steward_store_commit_duration_seconds", "_count")
        check(len(commits) == 1 and commits[0].value > 0, f"store commits: {commits}")
        for name in ("process_resident_memory_bytes", "process_open_fds", "process_max_fds",
                     "process_start_time_seconds"):
            values = samples(name)
            check(len(values) == 1 and values[0].value > 0, f"{name}: {values}")
        cpu = samples("process_cpu_seconds", "_total")
        check(len(cpu) == 1 and cpu[0].value >= 0, f"process_cpu_seconds_total: {cpu}")
        start = samples("process_start_time_seconds")
        check(bool(start) and abs(start[0].value - time.time()) < 600, f"start time: {start}")
    finally:
        for process in (serve, livy):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(workdir, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("metrics_scrape: OK")


main()
