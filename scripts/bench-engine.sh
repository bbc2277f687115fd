#!/usr/bin/env bash
# Engine benchmark: builds what it needs, then measures
#   (a) 1,000 concurrent runs, each tracking a livy_batch on the fake Livy (fake_livy_server, the
#       batches stay running, every 10th prints a line every 2 s) with 1 s polling, for 60 s: CPU
#       of the `steward serve` process (utime+stime from /proc/PID/stat), its peak RSS (VmHWM),
#       and the Livy requests per poll interval by kind (state: list pages + per-batch state/GET;
#       log: per-batch log GETs), with `livy.list_polling: true` (the default) and, as the
#       baseline, `false` (one state GET per batch);
#   (b) durable step transitions per second on chains of trivial (gate) steps run by an
#       in-process engine on a database file, every transition committed (checked afterwards);
#   (c) acknowledged means durable (docs/store.md): the same chains while runs are started and
#       user tasks answered as the API does, each start and answer synced to disk (WAL fsync)
#       before it counts as acknowledged: transitions per second and the answer latency
#       (p50/p99, command + audit row + sync); baseline: the same without the syncs;
# and prints a table: metric | measured | goal | pass/fail. Exit status 1 if a goal is missed.
#
# Environment:
#   BUILD_DIR          build directory (default: <repo>/build; configured if missing)
#   BENCH_RUNS         concurrent runs for (a) (default 1000)
#   BENCH_SECONDS      measuring window for (a) (default 60)
#   BENCH_POLL         poll interval for (a) (default 1s)
#   BENCH_CHAIN_RUNS   runs for (b) (default 200)
#   BENCH_CHAIN_STEPS  gate steps per run for (b) (default 20)
#   BENCH_BASELINE     1 (default): also measure (a) with list polling off, as the baseline; 0: skip
#   BENCH_ACK_ANSWERS  user tasks answered in (c) (default 200)
#   BENCH_TRACKING     1 (default): measure (a); 0: skip it (only (b) and (c), about a minute)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
RUNS=${BENCH_RUNS:-1000}
SECONDS_WINDOW=${BENCH_SECONDS:-60}
POLL=${BENCH_POLL:-1s}
CHAIN_RUNS=${BENCH_CHAIN_RUNS:-200}
CHAIN_STEPS=${BENCH_CHAIN_STEPS:-20}
BASELINE=${BENCH_BASELINE:-1}
ACK_ANSWERS=${BENCH_ACK_ANSWERS:-200}
TRACKING=${BENCH_TRACKING:-1}
say() { printf '[bench] %s\n' "$*" >&2; }

if [[ ! -f $BUILD_DIR/build.ninja && ! -f $BUILD_DIR/Makefile ]]; then
  say "configuring $BUILD_DIR (RelWithDebInfo)"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
say "building steward, fake_livy_server, bench_engine in $BUILD_DIR"
cmake --build "$BUILD_DIR" --target steward fake_livy_server bench_engine -j"$(nproc)" >/dev/null

DRIVER=$BUILD_DIR/tests/bench/bench_engine
out_a=$(mktemp)
out_base=$(mktemp)
out_b=$(mktemp)
out_c=$(mktemp)
out_c_base=$(mktemp)
trap 'rm -f "$out_a" "$out_base" "$out_b" "$out_c" "$out_c_base"' EXIT

if [[ $TRACKING == 1 ]]; then
say "(a) $RUNS runs tracking a batch each, ${POLL} polling, ${SECONDS_WINDOW} s window, list polling"
"$DRIVER" tracking --steward "$BUILD_DIR/steward" --fake "$BUILD_DIR/tests/fake_livy/fake_livy_server" \
  --runs "$RUNS" --seconds "$SECONDS_WINDOW" --poll "$POLL" --list-polling true >"$out_a"
if [[ $BASELINE == 1 ]]; then
  say "(a) baseline: the same with livy.list_polling: false (one state GET per batch)"
  "$DRIVER" tracking --steward "$BUILD_DIR/steward" --fake "$BUILD_DIR/tests/fake_livy/fake_livy_server" \
    --runs "$RUNS" --seconds "$SECONDS_WINDOW" --poll "$POLL" --list-polling false >"$out_base"
fi
else
  BASELINE=0
  printf 'tracking_cpu_percent -\ntracking_peak_rss_mb -\ntracking_state_requests_per_interval -\n' >"$out_a"
fi
say "(b) $CHAIN_RUNS runs x $CHAIN_STEPS gate steps, in-process engine, database file"
"$DRIVER" transitions --runs "$CHAIN_RUNS" --steps "$CHAIN_STEPS" >"$out_b"
say "(c) the same chains + $ACK_ANSWERS task answers, every start and answer synced before acknowledged"
"$DRIVER" acknowledged --runs "$CHAIN_RUNS" --steps "$CHAIN_STEPS" --answers "$ACK_ANSWERS" --durable true >"$out_c"
say "(c) baseline: the same without the syncs"
"$DRIVER" acknowledged --runs "$CHAIN_RUNS" --steps "$CHAIN_STEPS" --answers "$ACK_ANSWERS" --durable false >"$out_c_base"

value() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
cpu=$(value tracking_cpu_percent "$out_a")
rss=$(value tracking_peak_rss_mb "$out_a")
running=$(value tracking_running_at_end "$out_a")
setup=$(value tracking_setup_seconds "$out_a")
tps=$(value transitions_per_second "$out_b")
states=$(value tracking_state_requests_per_interval "$out_a")
lists=$(value tracking_list_requests_per_interval "$out_a")
logs=$(value tracking_log_requests_per_interval "$out_a")
printing=$(value tracking_batches_printing "$out_a")
printing_interval=$(value tracking_batches_printing_per_interval "$out_a")
base() { if [[ $BASELINE == 1 ]]; then value "$1" "$out_base"; else echo "-"; fi; }
b_states=$(base tracking_state_requests_per_interval)
b_logs=$(base tracking_log_requests_per_interval)
b_cpu=$(base tracking_cpu_percent)
b_rss=$(base tracking_peak_rss_mb)
committed=$(value transitions_committed "$out_b")
ack_tps=$(value ack_transitions_per_second "$out_c")
ack_p50=$(value ack_answer_p50_ms "$out_c")
ack_p99=$(value ack_answer_p99_ms "$out_c")
ack_syncs=$(value ack_syncs "$out_c")
b_ack_tps=$(value ack_transitions_per_second "$out_c_base")
b_ack_p50=$(value ack_answer_p50_ms "$out_c_base")
b_ack_p99=$(value ack_answer_p99_ms "$out_c_base")

status=0
verdict() {  # verdict MEASURED OP GOAL
  if [[ $1 == - ]]; then
    echo skipped
    return
  fi
  if awk -v m="$1" -v g="$3" -v op="$2" 'BEGIN { exit !((op == "<=") ? (m <= g) : (m >= g)) }'; then
    echo pass
  else
    echo FAIL
    status=1
  fi
}
v_cpu=$(verdict "$cpu" "<=" 10)
v_rss=$(verdict "$rss" "<=" 150)
v_tps=$(verdict "$tps" ">=" 2000)
v_states=$(verdict "$states" "<=" 10)
v_ack_tps=$(verdict "$ack_tps" ">=" 2000)
v_ack_p99=$(verdict "$ack_p99" "<=" 20)
[[ $v_cpu == FAIL || $v_rss == FAIL || $v_tps == FAIL || $v_states == FAIL ]] && status=1
[[ $v_ack_tps == FAIL || $v_ack_p99 == FAIL ]] && status=1

row() { printf '%-62s | %-10s | %-10s | %-9s | %s\n' "$@"; }
printf '\n'
row "metric" "measured" "baseline" "goal" "result"
printf '%-62s-+-%-10s-+-%-10s-+-%-9s-+-%s\n' "$(printf '%.0s-' {1..62})" "----------" "----------" "---------" "------"
row "(a) Livy state requests per poll interval ($RUNS live batches)" "$states" "$b_states" "<= 10" "$v_states"
row "(a)   of which GET /batches list pages" "$lists" "-" "" ""
row "(a) Livy log requests per poll interval" "$logs" "$b_logs" "" "(reported)"
row "(a)   batches printing new lines (per interval)" "$printing ($printing_interval)" "same" "" ""
row "(a) steward CPU, $RUNS runs tracking batches (% of 1 core)" "$cpu" "$b_cpu" "<= 10" "$v_cpu"
row "(a) steward peak RSS (MB, VmHWM)" "$rss" "$b_rss" "<= 150" "$v_rss"
row "(b) durable step transitions per second" "$tps" "" ">= 2000" "$v_tps"
row "(c) transitions/s, acknowledged mutations synced" "$ack_tps" "$b_ack_tps" ">= 2000" "$v_ack_tps"
row "(c) task answer latency p50 (ms), synced" "$ack_p50" "$b_ack_p50" "" "(reported)"
row "(c) task answer latency p99 (ms), synced" "$ack_p99" "$b_ack_p99" "<= 20" "$v_ack_p99"
printf '\n(a) measured with livy.list_polling: true; baseline: the same run with list_polling: false.\n'
printf '(a) %s runs still running at the end of the window (all %s batches were submitted in %s s);\n' \
  "$running" "$RUNS" "$setup"
printf '(b) %s transitions committed and re-read from the database file.\n' "$committed"
printf '(c) %s WAL syncs (one per acknowledged start and answer); baseline: no sync, as before\n' "$ack_syncs"
printf '    acknowledged mutations were durable (docs/store.md, "Durability guarantees").\n'
exit $status
