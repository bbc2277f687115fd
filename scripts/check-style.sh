#!/usr/bin/env bash
# The style checks whose configurations are committed (.clang-format, .clang-tidy):
#   1. clang-format --dry-run -Werror on every C++ source and header in git;
#   2. no `co_await` in an arm of the conditional operator (`c ? co_await a : co_await b`): GCC 12
#      destroys the temporary of the arm not taken as well, a double free (found by scripts/soak.sh);
#   3. clang-tidy (warnings are errors) on the C++ sources a change touches: the files changed
#      between BASE and HEAD (a header counts through the .cpp of the same name), compiled with the
#      flags of BUILD_DIR/compile_commands.json.
# Exits 1 when either finds something, naming the files. Run by scripts/test.sh.
#
#   scripts/check-style.sh [--base REV] [--build-dir DIR] [--format-only|--tidy-only]
#
# BASE defaults to $STEWARD_TIDY_BASE, else origin/main when HEAD is ahead of it, else HEAD~1 (the
# last commit). Without --base/STEWARD_TIDY_BASE a change of more than STEWARD_TIDY_MAX (40) sources
# is not tidied (it says so): about 20 s a file. Uses clang-format-14 and clang-tidy-14 (Debian 12;
# installed by scripts/setup.sh).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
base=${STEWARD_TIDY_BASE:-}
build_dir=$ROOT/build
run_format=1
run_tidy=1
while (($#)); do
  case $1 in
    --base) base=${2:?--base needs a revision}; STEWARD_TIDY_BASE=$base; shift 2 ;;
    --build-dir) build_dir=${2:?--build-dir needs a directory}; shift 2 ;;
    --format-only) run_tidy=0; shift ;;
    --tidy-only) run_format=0; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "check-style: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

say() { printf '[check-style] %s\n' "$*" >&2; }
tool() {  # the versioned binary Debian 12 ships, else an unversioned one
  command -v "$1-14" || command -v "$1" || { say "error: $1 not found; run scripts/setup.sh"; exit 2; }
}
status=0

if ((run_format)); then
  format=$(tool clang-format)
  mapfile -t sources < <(git ls-files '*.cpp' '*.hpp' '*.h')
  if ! out=$("$format" --dry-run -Werror "${sources[@]}" 2>&1); then
    files=$(grep -oE '^[^:]+\.(cpp|hpp|h):[0-9]+' <<<"$out" | cut -d: -f1 | sort -u)
    say "clang-format: $(wc -l <<<"$files") file(s) not formatted (fix: $format -i FILE):"
    sed 's/^/    /' <<<"$files" >&2
    status=1
  else
    say "clang-format: OK (${#sources[@]} files)"
  fi
fi

if ((run_format)); then
  # `?` or a lone `:` (not `::`, a case label or a ternary-free line) right before co_await.
  if hits=$(git grep -nE '\?[[:space:]]*co_await|[^:]:[[:space:]]*co_await' -- '*.cpp' '*.hpp' | grep -vE '(case [^:]*|default):[[:space:]]*co_'); then
    say "co_await in a conditional operator (GCC 12 miscompiles it; use if/else):"
    sed 's/^/    /' <<<"$hits" >&2
    status=1
  else
    say "co_await in ?: : none"
  fi
fi

if ((run_tidy)); then
  tidy=$(tool clang-tidy)
  if [[ -z $base ]]; then
    if git rev-parse -q --verify origin/main >/dev/null && [[ $(git rev-list --count origin/main..HEAD) -gt 0 ]]; then
      base=origin/main
    elif git rev-parse -q --verify HEAD~1 >/dev/null; then
      base=HEAD~1
    fi
  fi
  if [[ -z $base ]]; then
    say "clang-tidy: no base revision (a clone with a single commit); nothing to compare, skipped"
  elif [[ ! -f $build_dir/compile_commands.json ]]; then
    say "clang-tidy: $build_dir/compile_commands.json is missing (run scripts/setup.sh first)"
    status=1
  else
    declare -A seen=()
    targets=()
    while IFS= read -r f; do
      case $f in *.hpp|*.h) f=${f%.*}.cpp ;; *.cpp) ;; *) continue ;; esac
      [[ -f $f && -z ${seen[$f]:-} ]] || continue
      grep -qF "\"file\": \"$ROOT/$f\"" "$build_dir/compile_commands.json" || continue
      seen[$f]=1
      targets+=("$f")
    done < <(git diff --name-only --diff-filter=AMR "$base" HEAD -- '*.cpp' '*.hpp' '*.h')
    max=${STEWARD_TIDY_MAX:-40}
    if ((${#targets[@]} == 0)); then
      say "clang-tidy: no C++ source changed since $base"
    elif ((${#targets[@]} > max)) && [[ -z ${STEWARD_TIDY_BASE:-} ]]; then
      # A tree-wide change (a reformat, a rename) would take an hour here; it is checked on request.
      say "clang-tidy: ${#targets[@]} files changed since $base, more than $max (STEWARD_TIDY_MAX): a tree-wide" \
        "change is not tidied in the test run; check it with: scripts/check-style.sh --tidy-only --base $base"
    else
      say "clang-tidy: ${#targets[@]} file(s) changed since $base"
      for f in "${targets[@]}"; do
        if ! out=$("$tidy" -p "$build_dir" --quiet --warnings-as-errors='*' "$f" 2>&1); then
          say "clang-tidy: $f:"
          grep -E 'error:|warning:' <<<"$out" | sed 's/^/    /' >&2 || sed 's/^/    /' <<<"$out" >&2
          status=1
        fi
      done
      ((status)) || say "clang-tidy: OK"
    fi
  fi
fi
exit $status
