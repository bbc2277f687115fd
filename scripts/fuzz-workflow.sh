#!/usr/bin/env bash
# Builds the libFuzzer target over the workflow loader (tests/workflow/fuzz/workflow_fuzz.cpp) with
# clang, AddressSanitizer and UBSan in build-fuzz/, and runs it for a bounded time. The corpus is
# seeded from workflows/, tests/workflow/fuzz/corpus/ and tests/workflow/fuzz/regressions/ (inputs
# that once failed; add new finds there); new inputs are kept in build-fuzz/corpus/ and failing ones
# in build-fuzz/artifacts/. Exits non-zero on a crash, a hang (an input slower than
# FUZZ_INPUT_TIMEOUT), a leak, a sanitizer report or a violated property.
#
# Installs clang-14 and libclang-rt-14-dev (the sanitizer and libFuzzer runtimes) if they are
# missing (as root or with sudo), idempotently.
#
# Environment:
#   FUZZ_SECONDS        total fuzzing time (default 60)
#   FUZZ_INPUT_TIMEOUT  seconds one input may take before it counts as a hang (default 10)
#   FUZZ_BUILD_DIR      build directory (default build-fuzz)
#   CLANGXX             the clang++ to use (default clang++-14, else clang++)
#   STEWARD_SKIP_APT    1 to skip the package check
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_INPUT_TIMEOUT=${FUZZ_INPUT_TIMEOUT:-10}

log() { printf '[fuzz] %s\n' "$*" >&2; }

install_packages() {  # the compiler and the sanitizer/libFuzzer runtimes, when missing
  if [[ ${STEWARD_SKIP_APT:-0} == 1 ]]; then return; fi
  local wanted=(libclang-rt-14-dev) missing=() package
  [[ -n ${CLANGXX:-} ]] || wanted+=(clang-14)  # a compiler named by CLANGXX needs only the runtime
  for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [[ ${#missing[@]} -gt 0 ]] || return 0
  command -v apt-get >/dev/null 2>&1 || { echo "fuzz-workflow.sh: needs ${missing[*]} and there is no apt-get" >&2; exit 1; }
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "fuzz-workflow.sh: not root and no sudo; install ${missing[*]} as root" >&2; exit 1; }
    sudo=(sudo)
  fi
  log "installing ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_packages

CLANGXX=${CLANGXX:-}
if [[ -z $CLANGXX ]]; then
  if command -v clang++-14 >/dev/null 2>&1; then CLANGXX=clang++-14
  elif command -v clang++ >/dev/null 2>&1; then CLANGXX=clang++
  else echo "fuzz-workflow.sh: clang++ not found (apt-get install clang-14)" >&2; exit 1
  fi
fi

launcher=
[[ ${STEWARD_CCACHE:-1} == 1 ]] && command -v ccache >/dev/null 2>&1 && launcher=ccache
want="CXX=$CLANGXX STEWARD_FUZZ=ON SANITIZE=address,undefined LAUNCHER=$launcher"
if [[ ! -f $BUILD_DIR/build.ninja || "$(cat "$BUILD_DIR/.steward-options" 2>/dev/null)" != "$want" ]]; then
  log "configuring $BUILD_DIR ($want)"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER="$CLANGXX" -DCMAKE_CXX_COMPILER_LAUNCHER="$launcher" \
    -DSTEWARD_FUZZ=ON -DSTEWARD_SANITIZE=address,undefined -DSTEWARD_WERROR=OFF >/dev/null
  echo "$want" >"$BUILD_DIR/.steward-options"
fi
log "building workflow_fuzz"
cmake --build "$BUILD_DIR" --target workflow_fuzz -- -j"${BUILD_JOBS:-$(nproc)}"

corpus=$BUILD_DIR/corpus
artifacts=$BUILD_DIR/artifacts
mkdir -p "$corpus" "$artifacts"
log "fuzzing for ${FUZZ_SECONDS}s (corpus $corpus, seeds workflows/ and tests/workflow/fuzz/corpus/)"
# halt_on_error: the first UBSan report fails the run like an ASan one.
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
  "$BUILD_DIR/tests/workflow/workflow_fuzz" \
    -max_total_time="$FUZZ_SECONDS" -timeout="$FUZZ_INPUT_TIMEOUT" -rss_limit_mb=2048 -max_len=65536 \
    -dict="$ROOT/tests/workflow/fuzz/workflow.dict" -artifact_prefix="$artifacts/" -print_final_stats=1 \
    "$corpus" "$ROOT/workflows" "$ROOT/tests/workflow/fuzz/corpus" "$ROOT/tests/workflow/fuzz/regressions"
log "no crash, hang or property violation in ${FUZZ_SECONDS}s"
