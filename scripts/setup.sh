#!/usr/bin/env bash
# Installs Steward's build dependencies (Debian 12) and builds build/steward.
# Idempotent: a second run installs nothing and does an incremental build.
#
# Environment:
#   BUILD_DIR         build directory (default: build)
#   BUILD_TYPE        CMake build type (default: RelWithDebInfo)
#   STEWARD_WERROR    ON|OFF, warnings as errors (default: ON)
#   STEWARD_SANITIZE  e.g. address,undefined (default: none)
#   STEWARD_SKIP_APT  1 to skip the package check (e.g. on a prepared image)
#   STEWARD_CCACHE    0 to compile without ccache (default: use it when installed)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
STEWARD_WERROR=${STEWARD_WERROR:-ON}
STEWARD_SANITIZE=${STEWARD_SANITIZE:-}

PACKAGES=(
  g++ cmake ninja-build pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-test1.81-dev
  libboost-system1.81-dev libboost-filesystem1.81-dev
  libspdlog-dev libsqlite3-dev libyaml-cpp-dev libssl-dev libsodium-dev
  clang-format-14 clang-tidy-14 ccache curl python3-venv
)

log() { printf '[setup] %s\n' "$*" >&2; }

install_packages() {
  if [[ ${STEWARD_SKIP_APT:-0} == 1 ]]; then return; fi
  if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup.sh: this script needs a Debian 12 system with apt-get to install: ${PACKAGES[*]}" >&2
    exit 1
  fi
  local missing=()
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if ((${#missing[@]} == 0)); then
    log "packages: all present"
    return
  fi
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup.sh: not root and no sudo; install as root: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  log "installing: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

configure_and_build() {
  local want="-DCMAKE_BUILD_TYPE=$BUILD_TYPE -DSTEWARD_WERROR=$STEWARD_WERROR -DSTEWARD_SANITIZE=$STEWARD_SANITIZE"
  # ccache (its cache lives in ~/.cache/ccache) makes rebuilds in fresh clones, and CI runs with a
  # warm cache, cheap; STEWARD_CCACHE=0 turns it off.
  if [[ ${STEWARD_CCACHE:-1} == 1 ]] && command -v ccache >/dev/null 2>&1; then
    want+=" -DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
  else
    want+=" -DCMAKE_CXX_COMPILER_LAUNCHER="
  fi
  # Reconfigure only when the directory is new or the requested options changed.
  if [[ ! -f $BUILD_DIR/build.ninja || "$(cat "$BUILD_DIR/.steward-options" 2>/dev/null)" != "$want" ]]; then
    log "configuring $BUILD_DIR ($want)"
    # shellcheck disable=SC2086
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja $want >/dev/null
    echo "$want" >"$BUILD_DIR/.steward-options"
  fi
  log "building $BUILD_DIR"
  cmake --build "$BUILD_DIR" -- -j"${BUILD_JOBS:-$(nproc)}"
}

install_packages
configure_and_build
log "done: $BUILD_DIR/steward"
