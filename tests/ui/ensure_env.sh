#!/bin/sh
# The ctest fixture of the `ui` label (tests/ui/CMakeLists.txt): makes sure the browser tests can
# run, or fails saying what is missing. Node 18 or newer; playwright-core and axe-core in
# UI_DIR/node_modules (runs `npm ci` there when they are missing); Chromium at $CHROMIUM
# (default /usr/bin/chromium; scripts/setup.sh installs Debian's `chromium`).
# Usage: ensure_env.sh UI_DIR
set -eu
ui=$1
chromium=${CHROMIUM:-/usr/bin/chromium}
fail() { echo "ui tests: $*" >&2; exit 1; }
command -v node >/dev/null 2>&1 || fail "node is missing (scripts/setup.sh installs Debian's nodejs)"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 18 ] || fail "node $(node --version) is too old: 18 or newer is needed"
if [ ! -f "$ui/node_modules/playwright-core/package.json" ] || [ ! -f "$ui/node_modules/axe-core/axe.min.js" ]; then
  command -v npm >/dev/null 2>&1 || fail "$ui/node_modules lacks playwright-core or axe-core and npm is missing"
  echo "ui tests: npm ci in $ui" >&2
  (cd "$ui" && npm ci --no-audit --no-fund) >&2 || fail "npm ci failed in $ui"
fi
[ -x "$chromium" ] || fail "no Chromium at $chromium (apt-get install -y --no-install-recommends chromium, or set CHROMIUM)"
"$chromium" --headless --no-sandbox --disable-gpu --version >/dev/null 2>&1 || fail "$chromium does not start"
echo "ui tests: node $(node --version), $("$chromium" --version 2>/dev/null), $ui/node_modules ok"
