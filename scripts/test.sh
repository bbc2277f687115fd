#!/usr/bin/env bash
# Runs Steward's whole test suite: installs what is missing (scripts/setup.sh), builds, runs every
# ctest label, then repeats unit and integration tests in an AddressSanitizer+UBSan build, and
# fuzzes the workflow loader for a bounded time (scripts/fuzz-workflow.sh).
# Exits non-zero if anything fails. CI runs exactly this (.ci/run).
#
# Environment:
#   STEWARD_TEST_LABELS  ctest label regex for the main pass (default: all labels)
#   STEWARD_SKIP_ASAN    1 to skip the sanitizer pass
#   STEWARD_FUZZ_SECONDS how long the workflow loader is fuzzed (default 60; 0 skips it)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
log() { printf '\n[test] %s\n' "$*" >&2; }
status=0

log "setup and build (build/)"
"$ROOT/scripts/setup.sh"

# Reference figures for the reports tests come from numpy/scipy/sklearn in a pinned venv.
log "reference Python venv (scripts/python-ref.sh)"
if STEWARD_PYREF=$("$ROOT/scripts/python-ref.sh"); then
  export STEWARD_PYREF
else
  log "reference venv could not be created; the reports reference tests will fail"
  status=1
fi

run_ctest() {  # run_ctest BUILD_DIR LABEL_REGEX
  ctest --test-dir "$1" --output-on-failure --timeout 1800 -j"$(nproc)" -L "$2" || status=1
}

# A real local Livy for the `livy` label (scripts/livy-local.sh, docs/livy.md). CI runs in a fresh
# clone, so its cache defaults to ~/.cache/steward (outside the work tree) and is reused by later runs.
livy_label_re=${STEWARD_TEST_LABELS:-.}
livy_started=0
livy_blocked=0
if [[ livy =~ $livy_label_re ]]; then
  livy_cache=${STEWARD_CACHE:-$HOME/.cache/steward}
  export LIVY_URL="http://127.0.0.1:${LIVY_PORT:-8998}"
  if curl -sf -m 5 "$LIVY_URL/version" >/dev/null 2>&1; then
    log "local Livy: one already answers at $LIVY_URL; using it"
  else
    log "local Livy (scripts/livy-local.sh; cache: $livy_cache/livy)"
    livy_started=1
    if ! STEWARD_CACHE=$livy_cache "$ROOT/scripts/livy-local.sh" install; then
      # Not a test failure: Livy 0.9 cannot be obtained on this machine (docs/livy.md). Say so loudly
      # and run everything else; a Livy that installs but does not start is a failure.
      livy_blocked=1
      livy_started=0
      log "BLOCKED: the 'livy' label is NOT run: Apache Livy 0.9.0 could not be installed here (see above and docs/livy.md)"
    elif ! STEWARD_CACHE=$livy_cache "$ROOT/scripts/livy-local.sh" start; then
      log "local Livy did not start; the livy tests will fail (see docs/livy.md)"
      status=1
    fi
  fi
fi

log "tests: build/ (labels: ${STEWARD_TEST_LABELS:-all})"
if [[ $livy_blocked == 1 ]]; then
  ctest --test-dir "$ROOT/build" --output-on-failure --timeout 1800 -j"$(nproc)" \
    -L "${STEWARD_TEST_LABELS:-.}" -LE '^livy$' || status=1
else
  run_ctest "$ROOT/build" "${STEWARD_TEST_LABELS:-.}"
fi
if [[ $livy_started == 1 ]]; then
  STEWARD_CACHE=$livy_cache "$ROOT/scripts/livy-local.sh" stop || true
fi

if [[ ${STEWARD_SKIP_ASAN:-0} != 1 ]]; then
  log "sanitizer pass: build-asan/ (address,undefined; labels unit|integration)"
  BUILD_DIR="$ROOT/build-asan" BUILD_TYPE=Debug STEWARD_SANITIZE=address,undefined STEWARD_SKIP_APT=1 \
    "$ROOT/scripts/setup.sh"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_ctest "$ROOT/build-asan" 'unit|integration'
fi

fuzz_seconds=${STEWARD_FUZZ_SECONDS:-60}
if [[ $fuzz_seconds != 0 ]]; then
  log "fuzzing the workflow loader for ${fuzz_seconds}s (scripts/fuzz-workflow.sh, build-fuzz/)"
  FUZZ_SECONDS=$fuzz_seconds "$ROOT/scripts/fuzz-workflow.sh" || { log "fuzzing found a problem (build-fuzz/artifacts/)"; status=1; }
fi

if [[ $livy_blocked == 1 ]]; then
  log "NOTE: the 'livy' label was blocked (no Apache Livy 0.9.0 obtainable on this machine)"
fi
if [[ $status -ne 0 ]]; then
  log "FAILED"
else
  log "all tests passed"
fi
exit $status
