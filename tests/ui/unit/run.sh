#!/bin/sh
# Bundles the UI's pure-logic unit tests with esbuild (from ui/node_modules) and runs them with
# Node's test runner. Usage: run.sh OUTDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${1:-${TMPDIR:-/tmp}/steward-ui-unit}
mkdir -p "$out"
"$root/ui/node_modules/.bin/esbuild" "$here/logic.test.ts" --bundle --platform=node --format=esm \
  --jsx=automatic --jsx-import-source=preact --log-level=warning --outfile="$out/logic.test.mjs"
exec node --test "$out/logic.test.mjs"
