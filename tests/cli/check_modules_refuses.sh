#!/usr/bin/env bash
# The module-arrow check refuses includes that cross an arrow, and accepts a clean tree.
#   check_modules_refuses.sh PATH/TO/check-modules.sh
set -euo pipefail
check=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for d in livy_client orchestrator/{core,workflow,reports,store,auth,engine,api,app}; do mkdir -p "$tmp/$d"; done
printf '#include <vector>\n#include "orchestrator/core/value.hpp"\n' >"$tmp/orchestrator/core/ok.cpp"
printf '#include "orchestrator/store/store.hpp"\n#include <boost/asio.hpp>\n' >"$tmp/orchestrator/engine/ok.cpp"
"$check" "$tmp" >"$tmp/out.txt" 2>&1 || { cat "$tmp/out.txt"; echo "FAIL: a clean tree was refused"; exit 1; }

printf '#include <string>\n#include <boost/asio.hpp>\n' >"$tmp/orchestrator/core/bad.cpp"
printf '// store must not reach up\n#include "orchestrator/engine/engine.hpp"\n' >"$tmp/orchestrator/store/bad.hpp"
printf '#include "orchestrator/workflow/loader.hpp"\n' >"$tmp/livy_client/bad.cpp"
printf '#include <sodium.h>\n#include "orchestrator/engine/engine.hpp"\n' >"$tmp/orchestrator/auth/bad.cpp"
if "$check" "$tmp" >"$tmp/out.txt" 2>&1; then
  cat "$tmp/out.txt"; echo "FAIL: includes across module arrows were accepted"; exit 1
fi
for want in "orchestrator/core/bad.cpp:2: module orchestrator/core may not include <boost/asio.hpp>" \
            "orchestrator/store/bad.hpp:2: module orchestrator/store may not include <orchestrator/engine/engine.hpp>" \
            "livy_client/bad.cpp:1: module livy_client may not include <orchestrator/workflow/loader.hpp>" \
            "orchestrator/auth/bad.cpp:2: module orchestrator/auth may not include <orchestrator/engine/engine.hpp>"; do
  grep -qF "$want" "$tmp/out.txt" || { cat "$tmp/out.txt"; echo "FAIL: missing: $want"; exit 1; }
done
[[ $(grep -c 'may not include' "$tmp/out.txt") == 4 ]] || { cat "$tmp/out.txt"; echo "FAIL: expected exactly 4 findings"; exit 1; }
echo "PASS"
