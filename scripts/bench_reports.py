"""Helper of scripts/bench-reports.sh.

generate N SCORED REFERENCE  writes a scored CSV of N rows (label, score, f1, f2, f3, cat) and a
                             reference CSV of N/10 rows drawn from a slightly shifted population.
pipeline SCORED REFERENCE    the Python counterpart of `steward report ... --features f1,f2,f3
                             --categorical cat`: pandas read_csv, sklearn roc_auc_score, scipy
                             ks_2samp (model KS, and per feature and score against the reference),
                             numpy PSI on 10 reference-quantile bins; prints JSON with timings and
                             figures on stdout.
"""
import json
import sys
import time

import numpy as np


def generate(n, scored_path, reference_path):
    import pandas as pd

    def sample(rows, rng, shift):
        f1 = rng.normal(loc=shift, size=rows)
        f2 = rng.lognormal(mean=0.1 * shift, size=rows)
        f3 = rng.uniform(size=rows)
        cat = rng.choice(np.array(list("ABCDE")), size=rows,
                         p=[0.4 - 0.1 * shift, 0.3, 0.15, 0.1 + 0.1 * shift, 0.05])
        logit = -3 + 1.2 * f1 + 0.3 * np.log(f2) + 0.5 * rng.normal(size=rows)
        score = np.round(1 / (1 + np.exp(-logit)), 6)
        label = (rng.uniform(size=rows) < score).astype(np.int8)
        return pd.DataFrame({"label": label, "score": score, "f1": f1, "f2": f2, "f3": f3, "cat": cat})

    rng = np.random.default_rng(20261121)
    chunk = 1_000_000
    with open(scored_path, "w") as out:
        for start in range(0, n, chunk):
            part = sample(min(chunk, n - start), rng, 0.2)
            part.to_csv(out, index=False, header=start == 0, float_format="%.6f")
    sample(max(n // 10, 1), rng, 0.0).to_csv(reference_path, index=False, float_format="%.6f")


def psi(ref, cur, bins=10):
    ref = ref[~np.isnan(ref)]
    cur = cur[~np.isnan(cur)]
    edges = np.unique(np.quantile(ref, np.arange(1, bins) / bins))
    e = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=len(edges) + 1) / len(ref)
    a = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=len(edges) + 1) / len(cur)
    e = np.where(e == 0, 1e-4, e)
    a = np.where(a == 0, 1e-4, a)
    return float(np.sum((a - e) * np.log(a / e)))


def categorical_psi(ref, cur):
    r = ref.value_counts(normalize=True)
    c = cur.value_counts(normalize=True)
    keys = r.index.union(c.index)
    e = r.reindex(keys, fill_value=0).to_numpy()
    a = c.reindex(keys, fill_value=0).to_numpy()
    e = np.where(e == 0, 1e-4, e)
    a = np.where(a == 0, 1e-4, a)
    return float(np.sum((a - e) * np.log(a / e)))


def pipeline(scored_path, reference_path):
    import pandas as pd
    from scipy.stats import ks_2samp
    from sklearn.metrics import roc_auc_score

    t = {}
    start = time.perf_counter()
    cur = pd.read_csv(scored_path)
    ref = pd.read_csv(reference_path)
    t["read_csv"] = time.perf_counter() - start
    mark = time.perf_counter()
    y = cur["label"].to_numpy()
    s = cur["score"].to_numpy()
    figures = {"auc": float(roc_auc_score(y, s))}
    t["roc_auc_score"] = time.perf_counter() - mark
    mark = time.perf_counter()
    figures["ks"] = float(ks_2samp(s[y == 1], s[y == 0]).statistic)
    drift = {}
    for name in ["f1", "f2", "f3", "score"]:
        r = ref[name].to_numpy()
        c = cur[name].to_numpy()
        k = ks_2samp(r, c)
        drift[name] = {"ks": float(k.statistic), "ks_pvalue": float(k.pvalue)}
    t["ks_2samp"] = time.perf_counter() - mark
    mark = time.perf_counter()
    for name in ["f1", "f2", "f3", "score"]:
        drift[name]["psi"] = psi(ref[name].to_numpy(), cur[name].to_numpy())
    drift["cat"] = {"psi": categorical_psi(ref["cat"], cur["cat"])}
    t["psi"] = time.perf_counter() - mark
    t["total"] = time.perf_counter() - start
    print(json.dumps({"timings": t, "figures": figures, "drift": drift}))


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    else:
        pipeline(sys.argv[2], sys.argv[3])
