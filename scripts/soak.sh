#!/usr/bin/env bash
# Soak test: `steward serve` (a real process, SQLite in a temp dir) against the standalone fake
# Livy with random faults on (503s, slow replies, creates processed but never answered, failing
# deletes), driven by concurrent clients (a starter, two task answerers racing each other, a
# canceller, a watcher) through a mix of Livy batches, Livy sessions, user tasks and waits, while
# the server is killed with SIGKILL at random moments and restarted. At the end it checks the
# database, the audit log and what the fake Livy saw against what the clients were told, prints a
# table, and a last line:
#   soak: N runs finished of N, K kills, 0 duplicate submissions, 0 lost answers, 0 lost events, 0 orphans, integrity ok
# Exit status 1 on any loss (docs/server.md, "Soak test", says what each figure means).
#
# Usage: scripts/soak.sh [--quick] [--help]
#   (default)  1,000 runs, 100 kills (several minutes; not in CI's default pass)
#   --quick    SOAK_RUNS runs (default 60) and SOAK_KILLS kills (default 5): under 3 minutes on two
#              cores; the ctest `soak_quick` runs it
#
# Environment:
#   BUILD_DIR          build directory (default: <repo>/build; configured if missing)
#   SOAK_NO_BUILD      1 = use the binaries already in BUILD_DIR (the ctest sets it)
#   SOAK_RUNS          runs to start (default 1000; --quick 60)
#   SOAK_KILLS         SIGKILLs of the server (default 100; --quick 5)
#   SOAK_FAULT_RATE    the fake's --fault-rate (default 0.2)
#   SOAK_SEED          seed of the clients, the kill moments and the faults (default: random, printed)
#   SOAK_IN_FLIGHT     at most this many unfinished runs at once (default 25)
#   SOAK_KEEP          1 = keep the work directory (database, logs, the fake's record) after a pass
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
QUICK=0
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) QUICK=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "scripts/soak.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
if ((QUICK)); then
  RUNS=${SOAK_RUNS:-60}
  KILLS=${SOAK_KILLS:-5}
else
  RUNS=${SOAK_RUNS:-1000}
  KILLS=${SOAK_KILLS:-100}
fi
say() { printf '[soak] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
command -v python3 >/dev/null 2>&1 || die "python3 is missing"

if [[ ${SOAK_NO_BUILD:-0} != 1 ]]; then
  if [[ ! -f $BUILD_DIR/build.ninja && ! -f $BUILD_DIR/Makefile ]]; then
    say "configuring $BUILD_DIR (RelWithDebInfo)"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  say "building steward, fake_livy_server in $BUILD_DIR"
  cmake --build "$BUILD_DIR" --target steward fake_livy_server -j"$(nproc)" >/dev/null
fi
STEWARD=$BUILD_DIR/steward
FAKE=$BUILD_DIR/tests/fake_livy/fake_livy_server
[[ -x $STEWARD && -x $FAKE ]] || die "missing $STEWARD or $FAKE (build them, or unset SOAK_NO_BUILD)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/steward-soak.XXXXXX")
status=0
seed_args=()
[[ -n ${SOAK_SEED:-} ]] && seed_args=(--seed "$SOAK_SEED")
python3 "$ROOT/scripts/soak/soak.py" --steward "$STEWARD" --fake "$FAKE" --work "$WORK" \
  --runs "$RUNS" --kills "$KILLS" --fault-rate "${SOAK_FAULT_RATE:-0.2}" \
  --in-flight "${SOAK_IN_FLIGHT:-25}" "${seed_args[@]}" || status=$?
if ((status != 0)) || [[ ${SOAK_KEEP:-0} == 1 ]]; then
  say "work directory kept: $WORK (steward.log, steward.db, livy-record.jsonl, fake-livy.log)"
else
  rm -rf "$WORK"
fi
exit "$status"
