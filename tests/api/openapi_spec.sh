#!/bin/sh
# Validates the API's OpenAPI document (`steward openapi`, the one GET /api/openapi.json serves)
# against the OpenAPI 3.1 specification with openapi-spec-validator from the test venv:
# $STEWARD_PYREF, else ${STEWARD_CACHE:-<repo>/.cache}/pyref/bin/python (scripts/python-ref.sh).
#   openapi_spec.sh STEWARD_BINARY WORK_DIR
set -eu
steward=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${STEWARD_PYREF:-${STEWARD_CACHE:-$root/.cache}/pyref/bin/python}
if [ ! -x "$py" ]; then
  echo "openapi_spec.sh: no reference Python at '$py'; run scripts/python-ref.sh or set STEWARD_PYREF" >&2
  exit 1
fi
mkdir -p "$work"
"$steward" openapi >"$work/openapi.json"
exec "$py" -m openapi_spec_validator "$work/openapi.json"
