#!/usr/bin/env bash
# Web UI benchmark: seeds a database (tests/bench/seed_api_db: 100,000 runs of five workflows with
# their steps and events, 10,000 user tasks of which one in five is open), starts `steward serve`
# on it pinned to CPU 0 (auth.mode local; alice, a model_owner with open tasks, gets a password
# with `steward user passwd --password-stdin`), and measures in headless Chromium (pinned to the
# other CPU; scripts/bench_ui.mjs) the first load of the inbox (/inbox) and of the runs list
# (/runs), each from navigation start to first meaningful render: the screen's <main> gets
# data-ready="true" once its first data has rendered (read with performance.now()).
#   cold   one load in a fresh browser context (empty HTTP cache), signed in
#   warm   REPEAT more loads in that context (assets cached): median and p95 (nearest rank)
#   bytes  the JS and CSS the cold load fetched, as sent (gzipped) and decoded
# Prints a table: page | rows in DB | cold | warm median | warm p95 | goal | result, and the JS+CSS
# row. Goals (issue 14): warm median <= 300 ms for both pages; JS+CSS of the first page <= 100 KB
# gzipped. Exit status 1 if a goal is missed or a page never became ready.
#
# Usage: scripts/bench-ui.sh [--quick]
#   --quick   2,000 runs, 200 tasks, 2 warm loads: checks the machinery (the ctest bench_ui_quick);
#             the goals are printed but not enforced.
#
# Environment:
#   BUILD_DIR          build directory (default: <repo>/build; configured if missing)
#   BENCH_UI_NO_BUILD  1 = use the binaries already in BUILD_DIR (the ctest sets it)
#   BENCH_RUNS         runs in the database (default 100000)
#   BENCH_TASKS        user tasks in the database (default 10000)
#   BENCH_REPEAT       warm loads per page (default 5)
#   BENCH_SERVER_CPU   CPU for the server (default 0); the browser gets the others
#   STEWARD_UI_DIR     serve this UI build directory (--ui-dir) instead of the embedded UI
#   STEWARD_UI_DIST    measure through ui/tools/dev-proxy.mjs serving this built UI ("build": built
#                      here with ui/build.mjs) in front of the server: before the binary serves the
#                      UI; the proxy adds its own latency and sends nothing gzipped
#   UI_NODE_MODULES    where playwright-core is (default <repo>/ui/node_modules; `npm ci` in ui/)
#   CHROMIUM           the browser (default /usr/bin/chromium)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
QUICK=0
if [[ ${1:-} == --quick ]]; then
  QUICK=1
  shift
fi
if [[ $# -gt 0 ]]; then
  echo "usage: scripts/bench-ui.sh [--quick]" >&2
  exit 2
fi
if ((QUICK)); then
  RUNS=${BENCH_RUNS:-2000}
  TASKS=${BENCH_TASKS:-200}
  REPEAT=${BENCH_REPEAT:-2}
else
  RUNS=${BENCH_RUNS:-100000}
  TASKS=${BENCH_TASKS:-10000}
  REPEAT=${BENCH_REPEAT:-5}
fi
GOAL_WARM_MS=300
GOAL_KB=100
say() { printf '[bench-ui] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

export UI_NODE_MODULES=${UI_NODE_MODULES:-$ROOT/ui/node_modules}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM
command -v node >/dev/null 2>&1 || die "node is missing (scripts/setup.sh installs it)"
[[ -x $CHROMIUM ]] || die "no Chromium at $CHROMIUM (apt-get install -y --no-install-recommends chromium)"
if [[ ! -f $UI_NODE_MODULES/playwright-core/package.json ]]; then
  [[ $UI_NODE_MODULES == "$ROOT/ui/node_modules" ]] || die "no playwright-core in $UI_NODE_MODULES"
  say "npm ci in ui/"
  (cd "$ROOT/ui" && npm ci --no-audit --no-fund >/dev/null) || die "npm ci failed in ui/"
fi

if [[ ${BENCH_UI_NO_BUILD:-0} != 1 ]]; then
  if [[ ! -f $BUILD_DIR/build.ninja && ! -f $BUILD_DIR/Makefile ]]; then
    say "configuring $BUILD_DIR (RelWithDebInfo)"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  say "building steward, seed_api_db in $BUILD_DIR"
  cmake --build "$BUILD_DIR" --target steward seed_api_db -j"$(nproc)" >/dev/null
fi
STEWARD=$BUILD_DIR/steward
SEED=$BUILD_DIR/tests/bench/seed_api_db
[[ -x $STEWARD && -x $SEED ]] || die "missing $STEWARD or $SEED (build them, or unset BENCH_UI_NO_BUILD)"

SERVER_CPU=${BENCH_SERVER_CPU:-0}
NCPU=$(nproc)
BROWSER_CPUS=$(seq 0 $((NCPU - 1)) | grep -vx "$SERVER_CPU" | paste -sd, -)
[[ -n $BROWSER_CPUS ]] || BROWSER_CPUS=$SERVER_CPU
((NCPU > 1)) || say "only one CPU: the browser and the server share it; the figures are not comparable"

WORK=$(mktemp -d)
SERVER_PID=
PROXY_PID=
cleanup() {
  if [[ -n $PROXY_PID ]]; then
    kill "$PROXY_PID" 2>/dev/null || true
    wait "$PROXY_PID" 2>/dev/null || true
  fi
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
  model_owner: {description: Approves models, permissions: [view, answer, promote]}
  head_of_analytics: {description: Escalations, permissions: [view, answer]}
users:
  alice: {roles: [model_owner]}
  bob: {roles: [model_owner]}
  carol: {roles: [head_of_analytics]}
  dave: {roles: [head_of_analytics]}
logging:
  level: info
EOF
printf 'bench-ui-password-1\n' >"$WORK/password"
"$STEWARD" user passwd alice --password-stdin --config "$WORK/steward.yaml" <"$WORK/password" >/dev/null 2>"$WORK/admin.log" \
  || die "steward user passwd failed: $(cat "$WORK/admin.log")"

SERVE_ARGS=(serve --config "$WORK/steward.yaml")
[[ -n ${STEWARD_UI_DIR:-} ]] && SERVE_ARGS+=(--ui-dir "$STEWARD_UI_DIR")
taskset -c "$SERVER_CPU" "$STEWARD" "${SERVE_ARGS[@]}" >"$WORK/serve.out" 2>"$WORK/serve.log" &
SERVER_PID=$!
URL=
for _ in $(seq 1 100); do
  URL=$(sed -n 's/^steward: listening on //p' "$WORK/serve.out" 2>/dev/null || true)
  [[ -n $URL ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "steward serve exited: $(tail -5 "$WORK/serve.log")"
  sleep 0.1
done
[[ -n $URL ]] || die "steward serve did not start: $(tail -5 "$WORK/serve.log")"
URL=${URL%/}
if [[ -n ${STEWARD_UI_DIST:-} ]]; then
  dist=$STEWARD_UI_DIST
  if [[ $dist == build ]]; then
    dist=$WORK/ui-dist
    node "$ROOT/ui/build.mjs" --outdir "$dist" >&2 || die "ui/build.mjs failed"
  fi
  proxy_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  taskset -c "$SERVER_CPU" node "$ROOT/ui/tools/dev-proxy.mjs" --dist "$dist" --api "$URL" --port "$proxy_port" \
    >"$WORK/proxy.out" 2>&1 &
  PROXY_PID=$!
  for _ in $(seq 1 50); do
    grep -q 'ui dev:' "$WORK/proxy.out" 2>/dev/null && break
    sleep 0.1
  done
  grep -q 'ui dev:' "$WORK/proxy.out" || die "dev-proxy did not start: $(cat "$WORK/proxy.out")"
  URL=http://127.0.0.1:$proxy_port
  say "measuring through ui/tools/dev-proxy.mjs ($dist): not the shipped setup (proxy latency, no gzip)"
fi
say "server $URL on CPU $SERVER_CPU (pid $SERVER_PID); Chromium on CPU $BROWSER_CPUS, $REPEAT warm loads per page"

code=$(curl -s -o "$WORK/index.html" -w '%{http_code}' "$URL/inbox")
[[ $code == 200 ]] || die "GET /inbox answered $code: is the UI served? (build it, or set STEWARD_UI_DIR)"

status=0
taskset -c "$BROWSER_CPUS" node "$ROOT/scripts/bench_ui.mjs" --url "$URL" --user alice \
  --password-file "$WORK/password" --pages /inbox,/runs --repeat "$REPEAT" \
  --rows "/inbox=$TASKS tasks ($open_tasks open)" --rows "/runs=$RUNS runs" \
  --goal-warm-ms "$GOAL_WARM_MS" --goal-kb "$GOAL_KB" --enforce $((1 - QUICK)) 2>"$WORK/browser.log" || status=$?
if ((status > 1)); then
  say "the browser measurement failed: $(tail -20 "$WORK/browser.log")"
  status=1
fi
printf '\nServer: steward serve on CPU %s (auth.mode local, signed in as alice, info log to a file); database seeded in %s s;\n' \
  "$SERVER_CPU" "$seed_seconds"
printf 'Chromium %s headless on CPU %s; load average at the end: %s.\n' \
  "$("$CHROMIUM" --version 2>/dev/null | awk '{ print $2 }')" "$BROWSER_CPUS" "$(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
