#!/usr/bin/env bash
# API throughput benchmark: seeds a database (tests/bench/seed_api_db: 100,000 runs of five
# workflows with their steps and events, 10,000 user tasks assigned by name and role, four in five
# answered), starts `steward serve` on it pinned to CPU 0 (auth.mode local, an API token made with
# `steward user add` and `steward token create`, so every request is authenticated), and drives it
# with wrk pinned to CPU 1 over loopback:
#   GET /api/health                   the floor: the server's HTTP path without authentication or store
#   GET /api/runs?limit=50            the newest 50 runs
#   GET /api/tasks?user=alice         alice's answerable tasks (by name or by her role), first page
# and prints a table: route | rows in DB | requests/s | p50 | p99 | errors | goal | result, then
# the exact wrk command lines. Goal for the two list routes: >= 10,000 requests/s and p99 <= 10 ms.
#
# Then "under load": GET /api/health (one client, back to back) and a timer's lateness (runs of a
# workflow whose only step waits 1 s, started every 0.25 s; lateness = step.succeeded - step.started
# - 1 s from the run's events), first on the idle server, then while BENCH_LOAD_CONNECTIONS clients
# hammer the worst list queries (tasks by state at a huge offset, all tasks 1,000 at a time, runs
# 1,000 at a time and by state at a huge offset; a path that does not answer 200 is left out and
# named). Table: health p50/p99 and timer lateness p50/p99, idle and under load, and the load's
# requests/s; goal under load: health p99 <= 10 ms and timer lateness p99 <= 50 ms.
# Exit status 1 if a goal is missed or a request failed.
#
# Usage: scripts/bench-api.sh [--quick]
#   --quick   a small database (2,000 runs, 200 tasks) and 2 s per route: checks the machinery (the
#             ctest `bench_api_quick`); the goals are printed but not enforced, failed requests are.
#
# Environment:
#   BUILD_DIR          build directory (default: <repo>/build; configured if missing)
#   BENCH_API_NO_BUILD 1 = use the binaries already in BUILD_DIR (the ctest sets it)
#   BENCH_RUNS         runs in the database (default 100000)
#   BENCH_TASKS        user tasks in the database (default 10000)
#   BENCH_SECONDS      wrk duration per route (default 10)
#   BENCH_CONNECTIONS  wrk connections (default 16), one wrk thread
#   BENCH_SERVER_CPU   CPU for the server (default 0); wrk gets the next one (or shares a 1-CPU box)
#   BENCH_LOAD_CONNECTIONS  clients of the list-query load (default 32)
#   BENCH_LOAD_SECONDS      length of each under-load phase, idle and loaded (default BENCH_SECONDS)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
QUICK=0
if [[ ${1:-} == --quick ]]; then
  QUICK=1
  shift
fi
if [[ $# -gt 0 ]]; then
  echo "usage: scripts/bench-api.sh [--quick]" >&2
  exit 2
fi
if ((QUICK)); then
  RUNS=${BENCH_RUNS:-2000}
  TASKS=${BENCH_TASKS:-200}
  DURATION=${BENCH_SECONDS:-2}
else
  RUNS=${BENCH_RUNS:-100000}
  TASKS=${BENCH_TASKS:-10000}
  DURATION=${BENCH_SECONDS:-10}
fi
CONNECTIONS=${BENCH_CONNECTIONS:-16}
LOAD_CONNECTIONS=${BENCH_LOAD_CONNECTIONS:-32}
LOAD_SECONDS=${BENCH_LOAD_SECONDS:-$DURATION}
GOAL_RPS=10000
GOAL_P99_MS=10
GOAL_HEALTH_P99_MS=10
GOAL_TIMER_P99_MS=50
TIMER_MS=1000
say() { printf '[bench-api] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# wrk and jq from Debian, installed when missing (as scripts/setup.sh installs its packages).
missing=()
for tool in wrk jq; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]} > 0)); then
  command -v apt-get >/dev/null 2>&1 || die "${missing[*]} missing and this is not a Debian system: install them"
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "${missing[*]} missing; not root and no sudo: apt-get install ${missing[*]}"
    sudo=(sudo)
  fi
  say "installing ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ${BENCH_API_NO_BUILD:-0} != 1 ]]; then
  if [[ ! -f $BUILD_DIR/build.ninja && ! -f $BUILD_DIR/Makefile ]]; then
    say "configuring $BUILD_DIR (RelWithDebInfo)"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  say "building steward, seed_api_db in $BUILD_DIR"
  cmake --build "$BUILD_DIR" --target steward seed_api_db -j"$(nproc)" >/dev/null
fi
STEWARD=$BUILD_DIR/steward
SEED=$BUILD_DIR/tests/bench/seed_api_db
[[ -x $STEWARD && -x $SEED ]] || die "missing $STEWARD or $SEED (build them, or unset BENCH_API_NO_BUILD)"

# CPUs: the server on one, wrk on another when there is one.
SERVER_CPU=${BENCH_SERVER_CPU:-0}
NCPU=$(nproc)
WRK_CPU=$(((SERVER_CPU + 1) % NCPU))
((NCPU > 1)) || say "only one CPU: wrk and the server share it; the figures are not comparable"

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

say "seeding $RUNS runs and $TASKS tasks"
"$SEED" --db "$WORK/steward.db" --runs "$RUNS" --tasks "$TASKS" >"$WORK/seed.out"
seed_seconds=$(awk '$1 == "seed_seconds" { print $2 }' "$WORK/seed.out")
open_tasks=$(awk '$1 == "seeded_open_tasks" { print $2 }' "$WORK/seed.out")

mkdir -p "$WORK/workflows"
# The timer of the under-load section: one step that waits 1 s.
cat >"$WORK/workflows/bench-tick.yaml" <<EOF
name: bench-tick
steps:
  - {id: pause, type: wait, duration: 1s}
EOF
cat >"$WORK/steward.yaml" <<EOF
http:
  listen: 127.0.0.1:0
livy:
  url: http://127.0.0.1:9
store:
  path: steward.db
workflows_dir: workflows
auth:
  mode: local
roles:
  viewer: {description: Reads everything, permissions: [view]}
  model_owner: {description: Approves models, permissions: [view, answer]}
  head_of_analytics: {description: Escalations, permissions: [view, answer]}
  runner: {description: Starts the timer runs, permissions: [view, trigger]}
users:
  alice: {roles: [model_owner]}
  bob: {roles: [model_owner]}
  carol: {roles: [head_of_analytics]}
  dave: {roles: [head_of_analytics]}
  ticker: {roles: [runner]}
logging:
  level: info
EOF
"$STEWARD" user add bench --role viewer --no-password --config "$WORK/steward.yaml" >/dev/null 2>>"$WORK/admin.log" \
  || die "steward user add failed: $(cat "$WORK/admin.log")"
TOKEN=$("$STEWARD" token create --config "$WORK/steward.yaml" --user bench --name bench-api \
  --scope runs:read,tasks:read --expires 1d 2>>"$WORK/admin.log") || die "steward token create failed: $(cat "$WORK/admin.log")"
TICK_TOKEN=$("$STEWARD" token create --config "$WORK/steward.yaml" --user ticker --name bench-tick \
  --scope runs:trigger,runs:read --expires 1d 2>>"$WORK/admin.log") || die "steward token create failed: $(cat "$WORK/admin.log")"
cat >"$WORK/auth.lua" <<EOF
wrk.headers["Authorization"] = "Bearer $TOKEN"
EOF

# The server logs one line per request (the default level), to a file as in production.
taskset -c "$SERVER_CPU" "$STEWARD" serve --config "$WORK/steward.yaml" >"$WORK/serve.out" 2>"$WORK/serve.log" &
SERVER_PID=$!
URL=
for _ in $(seq 1 100); do
  URL=$(sed -n 's/^steward: listening on //p' "$WORK/serve.out" 2>/dev/null || true)
  [[ -n $URL ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "steward serve exited: $(tail -5 "$WORK/serve.log")"
  sleep 0.1
done
[[ -n $URL ]] || die "steward serve did not start: $(tail -5 "$WORK/serve.log")"
say "server $URL on CPU $SERVER_CPU (pid $SERVER_PID); wrk on CPU $WRK_CPU, $CONNECTIONS connections, ${DURATION}s per route"

# A check that the token works and the answers hold rows before measuring anything.
for path in "/api/runs?limit=50" "/api/tasks?user=alice"; do
  code=$(curl -s -o "$WORK/check.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$URL$path")
  [[ $code == 200 ]] || die "GET $path answered $code: $(head -c 300 "$WORK/check.json")"
done

# ms VALUE UNIT -> milliseconds (wrk prints us, ms or s)
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
    printf "%.2f", n }'
}

CLK_TCK=$(getconf CLK_TCK)
server_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
ROWS=()
COMMANDS=()
status=0
measure() {  # measure LABEL ROWS_TEXT PATH AUTH(0/1) GOAL(0/1)
  local label=$1 rows=$2 path=$3 auth=$4 goal=$5 out=$WORK/wrk.out
  local cmd=(taskset -c "$WRK_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency)
  ((auth)) && cmd+=(-s "$WORK/auth.lua")
  cmd+=("$URL$path")
  local cpu_before cpu_after
  cpu_before=$(server_cpu_ticks)
  "${cmd[@]}" >"$out" 2>&1 || die "wrk failed: $(cat "$out")"
  cpu_after=$(server_cpu_ticks)
  local rps p50 p99 requests non2xx socket errors
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  requests=$(awk '/requests in/ { print $1 }' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$out")
  socket=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$out")
  errors=$((${non2xx:-0} + ${socket:-0}))
  # The server's CPU time per request (utime + stime): what a request costs whatever else runs on
  # the machine; 1,000,000 / this is what one core would serve if the server had it to itself.
  local cpu_us="-"
  if [[ -n $requests && $requests -gt 0 ]]; then
    cpu_us=$(awk -v t=$((cpu_after - cpu_before)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.0f", t * 1e6 / hz / n }')
  fi
  local result="-" goal_text="(floor)"
  if ((goal)); then
    goal_text=">= $GOAL_RPS/s, p99 <= ${GOAL_P99_MS}ms"
    local gap=()
    awk -v r="$rps" -v g="$GOAL_RPS" 'BEGIN { exit !(r < g) }' && gap+=("$((GOAL_RPS - rps))/s short")
    awk -v p="$p99" -v g="$GOAL_P99_MS" 'BEGIN { exit !(p > g) }' && gap+=("p99 $(awk -v p="$p99" -v g="$GOAL_P99_MS" 'BEGIN { printf "%.2f", p - g }') ms over")
    if ((${#gap[@]} == 0)); then
      result=met
    else
      result="GAP: $(IFS=';'; echo "${gap[*]}")"
      ((QUICK)) || status=1
    fi
  fi
  if ((errors > 0)) || [[ -z $rps || -z $requests || $requests == 0 ]]; then
    result="FAILED REQUESTS ($result)"
    status=1
  fi
  ROWS+=("$(printf '%-26s | %-22s | %10s | %8s | %8s | %6s | %10s | %-26s | %s' "$label" "$rows" "$rps" "$p50" "$p99" "$errors" "$cpu_us" "$goal_text" "$result")")
  COMMANDS+=("$(printf '%q ' "${cmd[@]}")")
}

measure "GET /api/health" "-" "/api/health" 0 0
measure "GET /api/runs?limit=50" "$RUNS runs" "/api/runs?limit=50" 1 1
measure "GET /api/tasks?user=alice" "$TASKS tasks ($open_tasks open)" "/api/tasks?user=alice" 1 1

printf '\n%-26s | %-22s | %10s | %8s | %8s | %6s | %10s | %-26s | %s\n' "route" "rows in DB" "requests/s" "p50 ms" "p99 ms" "errors" "CPU us/req" "goal" "result"
printf '%s\n' "$(printf '%.0s-' {1..150})"
printf '%s\n' "${ROWS[@]}"
printf '\nServer: steward serve on CPU %s (auth.mode local, Bearer token, info log to a file); database seeded in %s s;\n' \
  "$SERVER_CPU" "$seed_seconds"
printf 'load average at the end: %s (other work on the CPUs lowers requests/s, not CPU us/req).\n' \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'wrk command lines (the token is in the Lua script as an Authorization header):\n'
printf '  %s\n' "${COMMANDS[@]}"

# ---- Under load ----------------------------------------------------------------------------------
LOAD_PATHS=()
for path in "/api/tasks?state=completed&offset=1000000000&limit=1000" "/api/tasks?state=all&limit=1000" \
  "/api/runs?limit=1000" "/api/runs?state=succeeded&offset=1000000000&limit=1000"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 -H "Authorization: Bearer $TOKEN" "$URL$path")
  if [[ $code == 200 ]]; then
    LOAD_PATHS+=("$path")
  else
    say "load: GET $path answered $code; left out of the load"
  fi
done
((${#LOAD_PATHS[@]} > 0)) || die "no list query of the load answers 200"
{
  echo "local paths = {"
  printf '  "%s",\n' "${LOAD_PATHS[@]}"
  echo "}"
  echo "local i = 0"
  echo "wrk.headers[\"Authorization\"] = \"Bearer $TOKEN\""
  echo "request = function()"
  echo "  i = i % #paths + 1"
  echo "  return wrk.format(\"GET\", paths[i])"
  echo "end"
} >"$WORK/load.lua"

# Starts a bench-tick run every 0.25 s for $1 seconds; their ids go to file $2.
start_timers() {
  local ids=$2 until=$((SECONDS + $1))
  : >"$ids"
  while ((SECONDS < until)); do
    curl -s --max-time 60 -X POST -H "Authorization: Bearer $TICK_TOKEN" -H 'Content-Type: application/json' \
      -d '{"params":{}}' "$URL/api/workflows/bench-tick/runs" | jq -r '.id // empty' >>"$ids" 2>/dev/null || true
    sleep 0.25
  done
}
# GET /api/health from one client, back to back, for $1 seconds: "p50 p99 requests" (ms; "- - 0"
# when no request was answered).
health_probe() {
  local out=$WORK/health-$2.out requests
  taskset -c "$WRK_CPU" wrk -t1 -c1 -d"$1s" --timeout 60s --latency "$URL/api/health" >"$out" 2>&1 || die "wrk failed: $(cat "$out")"
  requests=$(awk '/requests in/ { print $1 }' "$out")
  if [[ -z $requests || $requests == 0 ]]; then
    echo "- - 0"
    return
  fi
  echo "$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")") $(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")") $requests"
}
# The lateness in ms of each run's wait step (run ids in file $1), one a line, once every run ended.
timer_lateness() {
  local id state deadline=$((SECONDS + 60))
  while read -r id; do
    while :; do
      state=$(curl -s --max-time 10 -H "Authorization: Bearer $TICK_TOKEN" "$URL/api/runs/$id?events=0" | jq -r '.state // empty')
      [[ $state == succeeded || $state == failed || $state == cancelled ]] && break
      ((SECONDS < deadline)) || die "run $id of bench-tick did not finish (state '$state')"
      sleep 0.2
    done
    curl -s --max-time 10 -H "Authorization: Bearer $TICK_TOKEN" "$URL/api/runs/$id/events?limit=100" |
      jq -r '.events[] | select(.type == "step.started" or .type == "step.succeeded") | .at' |
      awk -v wait="$TIMER_MS" '
        function ms(at) { return substr(at, 12, 2) * 3600000 + substr(at, 15, 2) * 60000 + substr(at, 18, 6) * 1000 }
        NR == 1 { start = ms($0) }
        NR == 2 { d = ms($0) - start; if (d < 0) d += 86400000; print d - wait }'
  done <"$1"
}
# "p50 p99 n" of the numbers in file $1 ("- - 0" when there are none).
percentiles() {
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "- - 0"; exit }
    i50 = int(NR * 0.50 + 0.999999); i99 = int(NR * 0.99 + 0.999999);
    printf "%.0f %.0f %d\n", v[i50], v[i99], NR }'
}
# verdict VALUE GOAL: "met" or "MISS (... ms over)"; fails on a miss.
verdict() {
  if [[ $1 == - ]]; then
    echo "MISS (no figure)"
    return 1
  fi
  if awk -v v="$1" -v g="$2" 'BEGIN { exit !(v <= g) }'; then
    echo met
    return 0
  fi
  echo "MISS ($(awk -v v="$1" -v g="$2" 'BEGIN { printf "%.2f", v - g }') ms over)"
  return 1
}

say "under load: idle phase (${LOAD_SECONDS}s): health from one client, a timer run every 0.25 s"
start_timers "$LOAD_SECONDS" "$WORK/ticks-idle" &
TIMERS_PID=$!
read -r idle_p50 idle_p99 idle_hn < <(health_probe "$LOAD_SECONDS" idle)
wait "$TIMERS_PID"

say "under load: loaded phase (${LOAD_SECONDS}s): $LOAD_CONNECTIONS clients on ${#LOAD_PATHS[@]} list queries"
LOAD_CMD=(taskset -c "$WRK_CPU" wrk -c"$LOAD_CONNECTIONS" -t1 -d"$((LOAD_SECONDS + 2))s" --timeout 30s -s "$WORK/load.lua" "$URL")
"${LOAD_CMD[@]}" >"$WORK/load.out" 2>&1 &
LOAD_PID=$!
sleep 1
start_timers "$LOAD_SECONDS" "$WORK/ticks-load" &
TIMERS_PID=$!
read -r load_p50 load_p99 load_hn < <(health_probe "$LOAD_SECONDS" load)
wait "$TIMERS_PID"
wait "$LOAD_PID" || die "the load's wrk failed: $(cat "$WORK/load.out")"
load_rps=$(awk '/^Requests\/sec:/ { printf "%.1f", $2 }' "$WORK/load.out")
load_requests=$(awk '/requests in/ { print $1 }' "$WORK/load.out")
load_non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$WORK/load.out")
load_socket=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$WORK/load.out")

timer_lateness "$WORK/ticks-idle" >"$WORK/late-idle"
timer_lateness "$WORK/ticks-load" >"$WORK/late-load"
read -r idle_t50 idle_t99 idle_tn < <(percentiles "$WORK/late-idle")
read -r load_t50 load_t99 load_tn < <(percentiles "$WORK/late-load")

health_result=$(verdict "$load_p99" "$GOAL_HEALTH_P99_MS") || { ((QUICK)) || status=1; }
timer_result=$(verdict "$load_t99" "$GOAL_TIMER_P99_MS") || { ((QUICK)) || status=1; }
if ((idle_tn == 0 || load_tn == 0)); then
  timer_result="FAILED: no timer run measured"
  status=1
fi
load_errors=$((${load_non2xx:-0} + ${load_socket:-0}))
load_result="${load_requests:-0} requests, $load_errors non-2xx or socket errors"
if [[ -z $load_requests || $load_requests == 0 ]]; then
  load_result="FAILED: no request of the load completed"
  status=1
fi

printf '\nUnder load: %s clients (wrk on CPU %s) on the worst list queries, %s s per phase; a bench-tick run (wait 1 s) every 0.25 s\n' \
  "$LOAD_CONNECTIONS" "$WRK_CPU" "$LOAD_SECONDS"
row() { printf '%-26s | %10s | %10s | %-24s | %s\n' "$@"; }
row "measure" "idle" "under load" "goal (under load)" "result"
printf '%s\n' "$(printf '%.0s-' {1..110})"
row "GET /api/health p50 ms" "$idle_p50" "$load_p50" "" "-"
row "GET /api/health p99 ms" "$idle_p99" "$load_p99" "<= $GOAL_HEALTH_P99_MS ms" "$health_result"
row "health requests answered" "$idle_hn" "$load_hn" "" "-"
row "timer lateness p50 ms" "$idle_t50" "$load_t50" "" "-"
row "timer lateness p99 ms" "$idle_t99" "$load_t99" "<= $GOAL_TIMER_P99_MS ms (on time)" "$timer_result"
row "timer runs measured" "$idle_tn" "$load_tn" "" "-"
row "load requests/s" "-" "${load_rps:-0}" "(the load)" "$load_result"
printf 'Load queries (round robin):\n'
printf '  GET %s\n' "${LOAD_PATHS[@]}"
printf 'Load command line: %s\n' "$(printf '%q ' "${LOAD_CMD[@]}")"
exit $status
