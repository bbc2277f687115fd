#!/usr/bin/env bash
# soak_quick: `scripts/soak.sh --quick` on the built binaries; passes when it exits 0 and its last
# line is the summary with every loss figure at 0.
# Usage: soak_quick_test.sh SCRIPT BUILD_DIR
set -euo pipefail
script=$1
build=$2
status=0
out=$(BUILD_DIR=$build SOAK_NO_BUILD=1 bash "$script" --quick 2>&1) || status=$?
printf '%s\n' "$out"
last=$(tail -n 1 <<<"$out")
if ((status != 0)); then
  echo "soak_quick: scripts/soak.sh --quick exited $status" >&2
  exit 1
fi
re='^soak: ([0-9]+) runs finished of ([0-9]+), [0-9]+ kills, 0 duplicate submissions, 0 lost answers, 0 lost events, 0 orphans, integrity ok$'
if [[ ! $last =~ $re ]] || [[ ${BASH_REMATCH[1]} != "${BASH_REMATCH[2]}" ]]; then
  echo "soak_quick: unexpected last line: $last" >&2
  exit 1
fi
echo "soak_quick: ok"
