#!/usr/bin/env bash
# Benchmarks `steward report` against the same computations in Python (pandas read_csv, sklearn
# roc_auc_score, scipy ks_2samp, numpy PSI) on generated data: 1M and 10M scored rows (label,
# score, 3 numeric and 1 categorical feature) plus a reference sample of a tenth of that. Prints
# both wall times (best of runs), the speed ratio and peak RSS, checks that both sides agree on
# AUC, KS and PSI, and checks the goals at 10M rows: <= 1.0 s, >= 8x faster than Python,
# peak RSS <= 1.5 GB. Exits 1 if a goal is missed or the figures disagree.
#
# Environment:
#   STEWARD_BIN          the steward binary (default: build/steward, built by scripts/setup.sh)
#   STEWARD_CACHE        cache directory (default: <repo>/.cache); data goes to bench-reports/
#   BENCH_SIZES          row counts to run (default: "1000000 10000000")
#   BENCH_RUNS           steward runs per size, best taken (default: 5)
#   BENCH_PY_RUNS        Python runs per size, best taken (default: 2)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${STEWARD_CACHE:-$ROOT/.cache}
DATA=$CACHE/bench-reports
SIZES=${BENCH_SIZES:-"1000000 10000000"}
RUNS=${BENCH_RUNS:-5}
PY_RUNS=${BENCH_PY_RUNS:-2}
log() { printf '[bench] %s\n' "$*" >&2; }

PY=$("$ROOT/scripts/python-ref.sh")
if [[ -n ${STEWARD_BIN:-} ]]; then
  BIN=$STEWARD_BIN
else
  "$ROOT/scripts/setup.sh" >&2
  BIN=$ROOT/build/steward
fi
[[ -x /usr/bin/time ]] || { echo "bench-reports.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
mkdir -p "$DATA"

# best_of RUNS OUTFILE CMD...: runs CMD and prints "<best wall s> <max rss KB>"; OUTFILE keeps the
# stdout of the fastest run (so Python's own timings come from the same run as its wall time).
best_of() {
  local runs=$1 out=$2 best="" rss=0 stats wall kb
  shift 2
  for ((i = 0; i < runs; i++)); do
    stats=$(mktemp)
    /usr/bin/time -f '%e %M' -o "$stats" "$@" >"$out.run"
    read -r wall kb <"$stats"
    rm -f "$stats"
    if [[ -z $best ]] || awk "BEGIN{exit !($wall < $best)}"; then
      best=$wall
      mv "$out.run" "$out"
    fi
    ((kb > rss)) && rss=$kb
  done
  rm -f "$out.run"
  echo "$best $rss"
}

status=0
printf '\n%-10s %10s %11s %10s %12s %10s %8s %9s\n' rows steward_s steward_MB python_s python_calc_s python_MB ratio calc_ratio
for n in $SIZES; do
  scored=$DATA/scored_$n.csv
  reference=$DATA/reference_$n.csv
  if [[ ! -s $scored || ! -s $reference ]]; then
    log "generating $n rows into $DATA (once; cached)"
    "$PY" "$ROOT/scripts/bench_reports.py" generate "$n" "$scored.tmp" "$reference.tmp"
    mv "$scored.tmp" "$scored" && mv "$reference.tmp" "$reference"
  fi
  cat "$scored" "$reference" >/dev/null  # both sides start from the page cache
  report=(report --scored "$scored" --reference "$reference" --label label --score score
          --features f1,f2,f3 --categorical cat)
  read -r s_wall s_rss < <(best_of "$RUNS" "$DATA/steward_$n.json" "$BIN" "${report[@]}")
  read -r p_wall p_rss < <(best_of "$PY_RUNS" "$DATA/python_$n.json" "$PY" "$ROOT/scripts/bench_reports.py" pipeline "$scored" "$reference")
  # The Python process's wall time includes importing pandas/scipy/sklearn; its own timer does not.
  p_calc=$("$PY" -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["timings"]["total"])' "$DATA/python_$n.json")
  ratio=$(awk "BEGIN{printf \"%.1f\", $p_wall / $s_wall}")
  calc_ratio=$(awk "BEGIN{printf \"%.1f\", $p_calc / $s_wall}")
  printf '%-10s %10s %11d %10s %12s %10d %8s %9s\n' "$n" "$s_wall" $((s_rss / 1024)) "$p_wall" "$p_calc" \
    $((p_rss / 1024)) "${ratio}x" "${calc_ratio}x"
  "$PY" - "$DATA/steward_$n.json" "$DATA/python_$n.json" <<'PYEOF' || status=1
import json, sys
s = json.load(open(sys.argv[1])); p = json.load(open(sys.argv[2]))
pairs = [("auc", s["metrics"]["auc"], p["figures"]["auc"]), ("ks", s["metrics"]["ks"], p["figures"]["ks"])]
for name, d in p["drift"].items():
    mine = s["stability"]["score"] if name == "score" else s["drift"][name]
    for key in d:
        pairs.append((f"{name}.{key}", mine[key], d[key]))
bad = [(k, a, b) for k, a, b in pairs if abs(a - b) > 1e-9 * max(1.0, abs(b)) and not k.endswith("pvalue")]
bad += [(k, a, b) for k, a, b in pairs if k.endswith("pvalue") and abs(a - b) > 1e-9 * max(abs(b), 1e-300)]
print("           figures agree with Python (%d compared; python timings: %s)" % (
    len(pairs), ", ".join("%s %.2f s" % kv for kv in p["timings"].items())) if not bad else
      "           FIGURES DISAGREE: %s" % bad)
sys.exit(1 if bad else 0)
PYEOF
  if [[ $n == 10000000 ]]; then
    awk "BEGIN{exit !($s_wall <= 1.0)}" || { log "goal missed: ${s_wall} s > 1.0 s at 10M rows"; status=1; }
    # The goal is checked against Python's computation alone (imports excluded): the stricter ratio.
    awk "BEGIN{exit !($p_calc / $s_wall >= 8)}" || { log "goal missed: ${calc_ratio}x < 8x"; status=1; }
    ((s_rss <= 1536 * 1024)) || { log "goal missed: peak RSS $((s_rss / 1024)) MB > 1536 MB"; status=1; }
  fi
done
exit $status
