#!/bin/sh
# Runs metrics_scrape.py (a live `steward serve` against the fake Livy, scraped and parsed with
# prometheus_client's parser) with the reference venv: $STEWARD_PYREF (its python), else
# ${STEWARD_CACHE:-<repo>/.cache}/pyref/bin/python as created by scripts/python-ref.sh.
# Usage: metrics_scrape.sh STEWARD FAKE_LIVY_SERVER
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${STEWARD_PYREF:-${STEWARD_CACHE:-$root/.cache}/pyref/bin/python}
if [ ! -x "$py" ]; then
  echo "metrics_scrape.sh: no reference Python at '$py'; run scripts/python-ref.sh or set STEWARD_PYREF" >&2
  exit 1
fi
exec "$py" "$here/metrics_scrape.py" "$1" "$2"
