#!/usr/bin/env bash
# Checks the module arrows of docs/architecture.md: every #include in a module's sources names only
# the modules and libraries that module may use. Prints one line per offending include
# (FILE:LINE: module M may not include H) and exits 1 if there is any; exits 0 and prints a summary
# otherwise. Run by scripts/test.sh; fast (grep only).
#
#   scripts/check-modules.sh [ROOT]     ROOT defaults to the repository this script is in
set -euo pipefail

ROOT=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

# module directory | allowed include prefixes (project modules and third-party libraries).
# Standard C++ headers (<vector>, <cmath>, ...) are allowed everywhere; anything else must be listed.
RULES=(
  "livy_client|livy_client/ boost/asio boost/beast boost/json boost/url boost/system boost/core boost/assert boost/throw_exception.hpp spdlog/ openssl/"
  "orchestrator/core|orchestrator/core/"
  "orchestrator/workflow|orchestrator/core/ orchestrator/workflow/ yaml-cpp/"
  "orchestrator/reports|orchestrator/reports/ boost/json boost/system emmintrin.h sys/mman.h sys/stat.h fcntl.h unistd.h"
  "orchestrator/store|orchestrator/core/ orchestrator/store/ sqlite3.h boost/system boost/assert boost/throw_exception.hpp openssl/"
  "orchestrator/auth|orchestrator/core/ orchestrator/store/ orchestrator/auth/ sodium.h openssl/ boost/system boost/assert boost/throw_exception.hpp"
  "orchestrator/engine|orchestrator/core/ orchestrator/workflow/ orchestrator/store/ orchestrator/reports/ orchestrator/engine/ livy_client/ boost/ spdlog/ openssl/ csignal"
  "orchestrator/api|orchestrator/core/ orchestrator/store/ orchestrator/auth/ orchestrator/engine/ orchestrator/api/ boost/ spdlog/ unistd.h fcntl.h sys/socket.h"
  "orchestrator/app|orchestrator/ livy_client/ boost/ spdlog/ yaml-cpp/ openssl/ sodium.h unistd.h termios.h sys/ fcntl.h"
)

is_std_header() {  # <vector>, <string_view>, <cstdint>: no slash, no extension
  [[ $1 =~ ^[a-z_0-9]+$ ]]
}

bad=0
checked=0
for rule in "${RULES[@]}"; do
  dir=${rule%%|*}
  read -r -a allowed <<<"${rule#*|}"
  [[ -d $ROOT/$dir ]] || { echo "check-modules: module directory $dir is missing" >&2; bad=1; continue; }
  while IFS= read -r -d '' file; do
    checked=$((checked + 1))
    while IFS=: read -r line header; do
      is_std_header "$header" && continue
      ok=0
      for prefix in "${allowed[@]}"; do
        [[ $header == "$prefix"* ]] && { ok=1; break; }
      done
      if ((ok == 0)); then
        echo "${file#"$ROOT"/}:$line: module $dir may not include <$header> (docs/architecture.md, module arrows)"
        bad=1
      fi
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' "$file" \
               | sed -E 's/^([0-9]+):[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]+)[>"].*/\1:\2/')
  done < <(find "$ROOT/$dir" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) -print0)
done

if ((bad)); then
  echo "check-modules: FAILED (an include crosses a module arrow)" >&2
  exit 1
fi
echo "check-modules: OK ($checked files, ${#RULES[@]} modules)"
