#!/bin/sh
# Writes the performance-report reference data and figures (reference.py) into OUT_DIR, using the
# reference venv: $STEWARD_PYREF (its python), else ${STEWARD_CACHE:-<repo>/.cache}/pyref/bin/python
# as created by scripts/python-ref.sh.
set -eu
out=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${STEWARD_PYREF:-${STEWARD_CACHE:-$root/.cache}/pyref/bin/python}
if [ ! -x "$py" ]; then
  echo "reference.sh: no reference Python at '$py'; run scripts/python-ref.sh or set STEWARD_PYREF" >&2
  exit 1
fi
exec "$py" "$here/reference.py" "$out"
