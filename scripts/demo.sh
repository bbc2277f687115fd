#!/usr/bin/env bash
# Steward's main job, end to end on this machine: builds Steward, brings up a local Apache Livy on
# Spark, starts `steward serve` (config/demo.yaml), triggers the churn model workflow
# (workflows/churn-demo.yaml: train on Spark, evaluate, register, approve, promote, score, monitor)
# over HTTP with an API token it creates (`steward token create`), shows its progress, answers the
# approval task over the API as the configured user `steward`, and ends with the run summary: registered model version, champion alias, report
# figures and the monitoring decision.
#
# Idempotent: rerun at will; each run is a new workflow run in .cache/demo/steward.db. Exits
# non-zero when anything fails (the run itself included). Takes a few minutes (two Spark jobs).
#
# Environment:
#   BUILD_DIR      build directory (default: <repo>/build; scripts/setup.sh builds it when missing)
#   DEMO_ROWS      synthetic customers per Spark job (default 20000)
#   DEMO_TIMEOUT   seconds to wait for the run (default 900)
#   DEMO_KEEP=1    leave the demo server (and a Livy it started) running afterwards
#   LIVY_PORT      local Livy port (default 8998; must match config/demo.yaml)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
STEWARD=$BUILD_DIR/steward
CONFIG=$ROOT/config/demo.yaml
DEMO=$ROOT/.cache/demo
URL=http://127.0.0.1:8089
LIVY_URL=http://127.0.0.1:${LIVY_PORT:-8998}
ROWS=${DEMO_ROWS:-20000}
TIMEOUT=${DEMO_TIMEOUT:-900}
USER_NAME=steward

stage() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
say() { printf '   %s\n' "$*"; }
die() { printf '\ndemo: FAILED: %s\n' "$*" >&2; exit 1; }
json() { python3 -c "$1" "${@:2}"; }

mkdir -p "$DEMO"
server_pid=""
livy_started=0
cleanup() {
  if [[ ${DEMO_KEEP:-0} == 1 ]]; then
    [[ -n $server_pid ]] && say "left running: steward serve (pid $server_pid) at $URL; log $DEMO/steward.log"
    return
  fi
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$DEMO/steward.pid"
  if [[ $livy_started == 1 ]]; then
    scripts/livy-local.sh stop >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

stage "1/6 build Steward"
if [[ -x $STEWARD ]]; then
  cmake --build "$BUILD_DIR" --target steward >/dev/null || die "building $STEWARD failed"
else
  BUILD_DIR=$BUILD_DIR scripts/setup.sh || die "scripts/setup.sh failed"
fi
say "$("$STEWARD" --version)"
"$STEWARD" validate --quiet workflows/churn-demo.yaml || die "workflows/churn-demo.yaml does not validate"

stage "2/6 local Apache Livy on Spark ($LIVY_URL)"
if curl -sf -m 5 "$LIVY_URL/version" >/dev/null 2>&1; then
  say "a Livy already answers at $LIVY_URL; using it"
else
  scripts/livy-local.sh install || die "installing the local Livy failed (see docs/livy.md)"
  scripts/livy-local.sh start || die "starting the local Livy failed (scripts/livy-local.sh logs)"
  livy_started=1
fi
say "Livy $(curl -sf -m 5 "$LIVY_URL/version" | json 'import json,sys; print(json.load(sys.stdin).get("version","?"))')"

stage "3/6 steward serve --config config/demo.yaml"
if [[ -f $DEMO/steward.pid ]]; then  # a server left by an interrupted demo
  old=$(<"$DEMO/steward.pid")
  if [[ $old =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$old/cmdline" 2>/dev/null | grep -qF "serve --config $CONFIG"; then
    say "stopping the demo server left running (pid $old)"
    kill -TERM "$old" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$old" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$DEMO/steward.pid"
fi
if curl -s -m 2 -o /dev/null "$URL/api/health"; then
  die "something else already listens at $URL (config/demo.yaml http.listen)"
fi
: >"$DEMO/serve.out"
"$STEWARD" serve --config "$CONFIG" >"$DEMO/serve.out" 2>>"$DEMO/steward.log" &
server_pid=$!
echo "$server_pid" >"$DEMO/steward.pid"
for _ in $(seq 1 150); do
  grep -q "listening on" "$DEMO/serve.out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$DEMO/steward.log" >&2; die "steward serve exited"; }
  sleep 0.2
done
grep -q "listening on" "$DEMO/serve.out" || die "steward serve did not start within 30 s (log: $DEMO/steward.log)"
say "$(head -n1 "$DEMO/serve.out") (pid $server_pid, log $DEMO/steward.log, database $DEMO/steward.db)"
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/runs")
[[ $code == 401 ]] || die "GET /api/runs without credentials answered HTTP $code, expected 401"
say "without credentials: GET /api/runs -> HTTP $code (authentication is on: config/demo.yaml auth.mode local)"
say "steward token create --user $USER_NAME --scope read,runs:trigger,tasks:answer --workflow 'churn-*' --expires 1d"
STEWARD_TOKEN=$("$STEWARD" token create --config "$CONFIG" --user "$USER_NAME" --name demo \
  --scope read,runs:trigger,tasks:answer --workflow 'churn-*' --expires 1d 2>>"$DEMO/steward.log") \
  || die "creating the demo's API token failed (log: $DEMO/steward.log)"
export STEWARD_TOKEN
AUTH=(-H "Authorization: Bearer $STEWARD_TOKEN")
say "workflows: $(curl -sf "${AUTH[@]}" "$URL/api/workflows" | json 'import json,sys; print(", ".join(w["name"] for w in json.load(sys.stdin)["workflows"]))')"

stage "4/6 start a churn-demo run over HTTP"
body=$(json 'import json,sys; print(json.dumps({"params": {"out_dir": sys.argv[1], "rows": int(sys.argv[2])}}))' "$DEMO/data" "$ROWS")
say "POST $URL/api/workflows/churn-demo/runs $body"
reply=$(curl -sS -X POST "${AUTH[@]}" -H 'Content-Type: application/json' -d "$body" -w '\n%{http_code}' "$URL/api/workflows/churn-demo/runs")
code=${reply##*$'\n'}
reply=${reply%$'\n'*}
[[ $code == 201 ]] || die "starting the run answered HTTP $code: $reply"
run_id=$(json 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$reply")
say "run $run_id started: $URL/api/runs/$run_id"

stage "5/6 progress (events of run $run_id)"
# Prints the events after id $1 from the run detail on stdin; the last line is "LAST <id> <state> <open task ids>".
show_events='
import json, sys
run = json.load(sys.stdin)
after = int(sys.argv[1])
last = after
for e in run["events"]:
    if e["id"] <= after:
        continue
    last = e["id"]
    p = e["payload"]
    step = next((s["id"] for s in run["steps"] for a in s["attempts"] if a["exec_id"] == e["step_exec_id"]), "")
    detail = ""
    if e["type"] == "livy.state" or e["type"] == "livy.submitted":
        detail = "%s %s %s" % (p.get("kind", ""), p.get("livy_id", ""), p.get("state", ""))
    elif e["type"] == "task.opened":
        detail = "task %s: %s" % (p.get("task_id"), p.get("title"))
    elif e["type"] in ("step.succeeded", "step.failed", "run.failed"):
        detail = p.get("outcome") or p.get("error") or ""
    print("   %s  %-16s %-18s %s" % (e["at"][11:19], step, e["type"], detail))
open_tasks = " ".join(str(t["id"]) for t in run["tasks"] if t["answerable"])
print("LAST %d %s %s" % (last, run["state"], open_tasks))
'
last=0
answered=""
deadline=$((SECONDS + TIMEOUT))
state=pending
while :; do
  detail=$(curl -sf "${AUTH[@]}" "$URL/api/runs/$run_id?events=10000") || die "GET /api/runs/$run_id failed (is the server up? $DEMO/steward.log)"
  out=$(json "$show_events" "$last" <<<"$detail")
  grep -v '^LAST ' <<<"$out" || true
  read -r _ last state open <<<"$(grep '^LAST ' <<<"$out")"
  for task in $open; do
    [[ " $answered " == *" $task "* ]] && continue
    say ""
    say "the run waits for a person; open tasks (steward tasks --user $USER_NAME):"
    "$STEWARD" tasks --server "$URL" --user "$USER_NAME" | sed 's/^/     /'
    say "answering task $task as '$USER_NAME' over the API:"
    say "steward task complete $task --outcome approve --field comment=... (as $USER_NAME, via STEWARD_TOKEN)"
    "$STEWARD" task complete "$task" --outcome approve --field "comment=Hold-out figures look good (demo)" \
      --server "$URL" | sed 's/^/     /' || die "completing task $task failed"
    answered+=" $task"
    say ""
  done
  case $state in succeeded|failed|cancelled) break ;; esac
  ((SECONDS < deadline)) || die "run $run_id did not finish within $TIMEOUT s (state $state; $URL/api/runs/$run_id)"
  sleep 2
done

stage "6/6 summary of run $run_id"
summary='
import json, sys
run = json.load(sys.stdin)
def outputs(step):
    for s in run["steps"]:
        if s["id"] == step:
            return s["attempts"][-1]["outputs"] or {}
    return {}
def fig(d, *path):
    for k in path:
        if not isinstance(d, dict) or k not in d:
            return "-"
        d = d[k]
    return ("%.4f" % d) if isinstance(d, float) else str(d)
print("   run %s %s (workflow %s, %s .. %s)" % (run["id"], run["state"], run["workflow"], run["started_at"], run["finished_at"]))
if run["error"]:
    print("   error: %s" % run["error"])
reg, prom, ev, mon, train, score = (outputs(s) for s in ("register", "promote", "evaluate", "monitor", "train", "score"))
print("   registered model version  %s (%s)" % (fig(reg, "model"), fig(reg, "version")) if reg else "   registered model version  -")
print("   champion alias            %s -> %s" % (fig(prom, "alias"), fig(prom, "version")) if prom else "   champion alias            -")
print("   training                  %s customers, churn rate %s" % (fig(train, "rows"), fig(train, "churn_rate")))
print("   hold-out (evaluate)       AUC %s  Gini %s  KS %s" % (fig(ev, "metrics", "auc"), fig(ev, "metrics", "gini"), fig(ev, "metrics", "ks")))
print("   this week (monitor)       AUC %s  Gini %s  KS %s" % (fig(mon, "metrics", "auc"), fig(mon, "metrics", "gini"), fig(mon, "metrics", "ks")))
print("   drift vs hold-out         score PSI %s; features with PSI > 0.1: %s, > 0.25: %s" % (
    fig(mon, "stability", "score_psi"), fig(mon, "characteristic", "p1"), fig(mon, "characteristic", "p25")))
for f, d in sorted((mon.get("drift") or {}).items()):
    print("     %-22s PSI %s" % (f, fig(d, "psi")))
path = [s["id"] for s in run["steps"]]
print("   steps                     " + " -> ".join(path))
for t in run["tasks"]:
    print("   task %s                    %s by %s (%s)" % (t["id"], t["outcome"], t["responder"], (t["response"] or {}).get("comment", "")))
'
detail=$(curl -sf "${AUTH[@]}" "$URL/api/runs/$run_id?events=0") || die "GET /api/runs/$run_id failed"
json "$summary" <<<"$detail"
if [[ -s $DEMO/notifications.log ]]; then
  say "notification: $(tail -n1 "$DEMO/notifications.log")"
fi
say "all runs on this server (steward runs):"
"$STEWARD" runs --server "$URL" --workflow churn-demo --limit 5 | sed 's/^/     /'
say "the audit log (steward audit verify):"
"$STEWARD" audit verify --config "$CONFIG" | sed 's/^/     /' || die "the audit log's hash chain is broken"
[[ $state == succeeded ]] || die "run $run_id ended $state"
printf '\ndemo: OK (run %s succeeded; server log %s)\n' "$run_id" "$DEMO/steward.log"
