#!/usr/bin/env bash
# Creates (idempotently) the Python venv the tests use: the reference libraries that the reports
# tests and scripts/bench-reports.sh compare against (numpy, scipy, scikit-learn, pandas), and the
# API's contract tools (openapi-spec-validator for the OpenAPI document, schemathesis to fuzz a
# live server from it, prometheus-client's parser for /metrics). Prints the venv's python on
# stdout. A second run with the same pins installs nothing.
#
# Environment:
#   STEWARD_CACHE   cache directory (default: <repo>/.cache); the venv is $STEWARD_CACHE/pyref
#   PYTHON          interpreter used to create the venv (default: python3)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${STEWARD_CACHE:-$ROOT/.cache}
VENV=$CACHE/pyref
PY=${PYTHON:-python3}
# Pinned so that reference figures do not move under the tests.
PINS=(numpy==2.4.6 scipy==1.17.1 scikit-learn==1.9.1 pandas==3.1.1
      openapi-spec-validator==0.9.0 schemathesis==4.32.5 prometheus-client==0.26.0)
STAMP=$VENV/.steward-pins

log() { printf '[python-ref] %s\n' "$*" >&2; }

if [[ -x $VENV/bin/python && "$(cat "$STAMP" 2>/dev/null)" == "${PINS[*]}" ]]; then
  echo "$VENV/bin/python"
  exit 0
fi

command -v "$PY" >/dev/null 2>&1 || { echo "python-ref.sh: '$PY' not found; install python3" >&2; exit 1; }
if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  # Debian splits venv/ensurepip into python3-venv.
  if command -v apt-get >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
    log "installing python3-venv"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  else
    echo "python-ref.sh: '$PY' lacks the venv module; install python3-venv" >&2
    exit 1
  fi
fi

mkdir -p "$CACHE"
if [[ ! -x $VENV/bin/python ]]; then
  log "creating $VENV"
  "$PY" -m venv "$VENV"
fi
log "installing ${PINS[*]}"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${PINS[@]}" >&2
echo "${PINS[*]}" >"$STAMP"
echo "$VENV/bin/python"
