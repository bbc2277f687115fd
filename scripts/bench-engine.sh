#!/usr/bin/env bash
# Engine benchmark: builds what it needs, then measures
#   (a) 1,000 concurrent runs, each tracking a livy_batch on the fake Livy (fake_livy_server, the
#       batches stay running) with 1 s polling, for 60 s: CPU of the `steward serve` process
#       (utime+stime from /proc/PID/stat) and its peak RSS (VmHWM);
#   (b) durable step transitions per second on chains of trivial (gate) steps run by an
#       in-process engine on a database file, every transition committed (checked afterwards);
# and prints a table: metric | measured | goal | pass/fail. Exit status 1 if a goal is missed.
#
# Environment:
#   BUILD_DIR          build directory (default: <repo>/build; configured if missing)
#   BENCH_RUNS         concurrent runs for (a) (default 1000)
#   BENCH_SECONDS      measuring window for (a) (default 60)
#   BENCH_POLL         poll interval for (a) (default 1s)
#   BENCH_CHAIN_RUNS   runs for (b) (default 200)
#   BENCH_CHAIN_STEPS  gate steps per run for (b) (default 20)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
RUNS=${BENCH_RUNS:-1000}
SECONDS_WINDOW=${BENCH_SECONDS:-60}
POLL=${BENCH_POLL:-1s}
CHAIN_RUNS=${BENCH_CHAIN_RUNS:-200}
CHAIN_STEPS=${BENCH_CHAIN_STEPS:-20}
say() { printf '[bench] %s\n' "$*" >&2; }

if [[ ! -f $BUILD_DIR/build.ninja && ! -f $BUILD_DIR/Makefile ]]; then
  say "configuring $BUILD_DIR (RelWithDebInfo)"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
say "building steward, fake_livy_server, bench_engine in $BUILD_DIR"
cmake --build "$BUILD_DIR" --target steward fake_livy_server bench_engine -j"$(nproc)" >/dev/null

DRIVER=$BUILD_DIR/tests/bench/bench_engine
out_a=$(mktemp)
out_b=$(mktemp)
trap 'rm -f "$out_a" "$out_b"' EXIT

say "(a) $RUNS runs tracking a batch each, ${POLL} polling, ${SECONDS_WINDOW} s window"
"$DRIVER" tracking --steward "$BUILD_DIR/steward" --fake "$BUILD_DIR/tests/fake_livy/fake_livy_server" \
  --runs "$RUNS" --seconds "$SECONDS_WINDOW" --poll "$POLL" >"$out_a"
say "(b) $CHAIN_RUNS runs x $CHAIN_STEPS gate steps, in-process engine, database file"
"$DRIVER" transitions --runs "$CHAIN_RUNS" --steps "$CHAIN_STEPS" >"$out_b"

value() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
cpu=$(value tracking_cpu_percent "$out_a")
rss=$(value tracking_peak_rss_mb "$out_a")
running=$(value tracking_running_at_end "$out_a")
setup=$(value tracking_setup_seconds "$out_a")
tps=$(value transitions_per_second "$out_b")
committed=$(value transitions_committed "$out_b")

status=0
verdict() {  # verdict MEASURED OP GOAL
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
[[ $v_cpu == FAIL || $v_rss == FAIL || $v_tps == FAIL ]] && status=1

printf '\n%-58s | %-10s | %-9s | %s\n' "metric" "measured" "goal" "result"
printf '%-58s-+-%-10s-+-%-9s-+-%s\n' "$(printf '%.0s-' {1..58})" "----------" "---------" "------"
printf '%-58s | %-10s | %-9s | %s\n' "(a) steward CPU, $RUNS runs tracking batches (% of 1 core)" "$cpu" "<= 10" "$v_cpu"
printf '%-58s | %-10s | %-9s | %s\n' "(a) steward peak RSS (MB, VmHWM)" "$rss" "<= 150" "$v_rss"
printf '%-58s | %-10s | %-9s | %s\n' "(b) durable step transitions per second" "$tps" ">= 2000" "$v_tps"
printf '\n(a) %s runs still running at the end of the window (all %s batches were submitted in %s s);\n' \
  "$running" "$RUNS" "$setup"
printf '(b) %s transitions committed and re-read from the database file.\n' "$committed"
exit $status
