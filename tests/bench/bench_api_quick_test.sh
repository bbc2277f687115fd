#!/usr/bin/env bash
# bench_api_quick: runs `scripts/bench-api.sh --quick` on the built binaries and checks that it
# printed the table (every route, no failed request) and the wrk command lines, and the under-load
# table (health idle and loaded, timer lateness from measured runs, the load's requests/s).
# Usage: bench_api_quick_test.sh SCRIPT BUILD_DIR
set -euo pipefail
script=$1
build=$2
if ! command -v wrk >/dev/null 2>&1 && [[ $(id -u) -ne 0 ]]; then
  echo "bench_api_quick: wrk is not installed and this user cannot install it (apt-get install wrk)" >&2
  exit 1
fi
out=$(BUILD_DIR=$build BENCH_API_NO_BUILD=1 bash "$script" --quick 2>&1) || {
  printf '%s\n' "$out" >&2
  echo "bench_api_quick: bench-api.sh --quick failed" >&2
  exit 1
}
printf '%s\n' "$out"
fail() {
  echo "bench_api_quick: $*" >&2
  exit 1
}
grep -q '^route .*requests/s.*p99 ms.*errors.*CPU us/req' <<<"$out" || fail "no table header"
for route in 'GET /api/health' 'GET /api/runs?limit=50' 'GET /api/tasks?user=alice'; do
  line=$(grep -F "$route " <<<"$out" | grep -F '|' | head -1)
  [[ -n $line ]] || fail "no row for $route"
  errors=$(awk -F'|' '{ gsub(/ /, "", $6); print $6 }' <<<"$line")
  [[ $errors == 0 ]] || fail "$route: $errors failed requests"
  rps=$(awk -F'|' '{ gsub(/ /, "", $3); print $3 }' <<<"$line")
  [[ $rps =~ ^[0-9]+$ && $rps -gt 0 ]] || fail "$route: no requests/s figure ($rps)"
done
grep -q 'FAILED' <<<"$out" && fail "a route had failed requests"
[[ $(grep -c 'wrk -t1 ' <<<"$out") -eq 3 ]] || fail "the three wrk command lines are not printed"
# The under-load table: every row, figures present, timer runs measured, the load served requests.
grep -q '^Under load: ' <<<"$out" || fail "no under-load section"
for measure in 'GET /api/health p50 ms' 'GET /api/health p99 ms' 'timer lateness p50 ms' 'timer lateness p99 ms'; do
  line=$(grep -F "$measure " <<<"$out" | grep -F '|' | head -1)
  [[ -n $line ]] || fail "no under-load row for $measure"
  for col in 2 3; do
    value=$(awk -F'|' -v c="$col" '{ gsub(/ /, "", $c); print $c }' <<<"$line")
    [[ $value =~ ^-?[0-9.]+$ ]] || fail "$measure: no figure in column $col ($value)"
  done
done
runs=$(grep -F 'timer runs measured ' <<<"$out" | awk -F'|' '{ gsub(/ /, "", $3); print $3 }')
[[ $runs =~ ^[0-9]+$ && $runs -gt 0 ]] || fail "no timer run measured under load ($runs)"
load=$(grep -F 'load requests/s ' <<<"$out" | awk -F'|' '{ gsub(/ /, "", $3); print $3 }')
awk -v r="$load" 'BEGIN { exit !(r > 0) }' || fail "the load served no request ($load)"
echo "bench_api_quick: ok"
