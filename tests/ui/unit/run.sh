#!/bin/sh
# Bundles the UI's pure-logic unit tests (every *.test.ts here) with esbuild (from ui/node_modules)
# and runs them with Node's test runner. Usage: run.sh OUTDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${1:-${TMPDIR:-/tmp}/steward-ui-unit}
mkdir -p "$out"
"$root/ui/node_modules/.bin/esbuild" "$here"/*.test.ts --bundle --platform=node --format=esm \
  --jsx=automatic --jsx-import-source=preact --log-level=warning --outdir="$out" --out-extension:.js=.mjs
exec node --test "$out"/*.test.mjs
