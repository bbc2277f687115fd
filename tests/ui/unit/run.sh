#!/bin/sh
# Bundles the UI's pure-logic unit tests with esbuild (from ui/node_modules) and runs them with
# Node's test runner. Usage: run.sh OUTDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${1:-${TMPDIR:-/tmp}/steward-ui-unit}
mkdir -p "$out"
for file in "$here"/*.test.ts; do
  name=$(basename "$file" .ts)
  "$root/ui/node_modules/.bin/esbuild" "$file" --bundle --platform=node --format=esm \
    --jsx=automatic --jsx-import-source=preact --log-level=warning --outfile="$out/$name.mjs"
done
exec node --test "$out"/*.test.mjs
