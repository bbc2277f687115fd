"""Reference figures for the native performance reports (binary classification, lift/gains,
regression), computed with scikit-learn, scipy and numpy on data sets generated here with fixed
seeds. Writes OUT_DIR/<case>.csv (values printed with 17 significant digits, so C++ reads the
very doubles used here) and OUT_DIR/expected.json. Run by reference.sh; read by
reference_test.cpp. Usage: reference.py OUT_DIR
"""
import json
import os
import sys

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp, mannwhitneyu
from sklearn.metrics import (accuracy_score, average_precision_score, brier_score_loss,
                             confusion_matrix, f1_score, log_loss, mean_absolute_error,
                             mean_absolute_percentage_error, mean_squared_error,
                             precision_score, r2_score, recall_score, roc_auc_score, roc_curve)

THRESHOLD = 0.5


def lift_table(y, s, bins):
    """Equal-depth bins over the descending order; a tie group's events are spread evenly over
    its rows and a bin takes the rows (fractions of rows) inside [k*N/B, (k+1)*N/B)."""
    order = np.argsort(-s, kind="stable")
    ys, ss = y[order].astype(float), s[order]
    # Each row carries its tie group's event rate: the expectation of random tie-breaking.
    rate = pd.Series(ys).groupby(ss).transform("mean").to_numpy()
    cum = np.concatenate([[0.0], np.cumsum(rate)])  # expected events in the first k rows
    n = len(ys)
    edges = np.arange(bins + 1) * (n / bins)
    edges[-1] = n
    at = np.interp(edges, np.arange(n + 1), cum)  # linear inside a row
    events = np.diff(at)
    counts = np.diff(edges)
    total = ys.sum()
    overall = total / n
    out = []
    ce = cn = 0.0
    for k in range(bins):
        ce += events[k]
        cn += counts[k]
        rate_k = events[k] / counts[k] if counts[k] else 0.0
        out.append({
            "n": counts[k], "events": events[k], "event_rate": rate_k,
            "lift": rate_k / overall if overall else 0.0,
            "cum_lift": (ce / cn) / overall if overall and cn else 0.0,
            "capture_rate": events[k] / total if total else 0.0,
            "cum_capture_rate": ce / total if total else 0.0,
        })
    return out


def binary_expected(y, s):
    n1 = int(y.sum())
    n0 = len(y) - n1
    exp = {"n": len(y), "events": n1}
    if n1 and n0:
        auc = roc_auc_score(y, s)
        u = mannwhitneyu(s[y == 1], s[y == 0]).statistic
        assert abs(auc - u / (n1 * n0)) < 1e-12
        fpr, tpr, thr = roc_curve(y, s, drop_intermediate=False)
        d = np.abs(tpr - fpr)
        ks = ks_2samp(s[y == 1], s[y == 0]).statistic
        assert abs(ks - d.max()) < 1e-12
        # The score where KS is first reached going down the distinct scores (the origin, at
        # threshold +inf, is not a score).
        at = 1 + int(np.argmax(d[1:]))
        exp.update(auc=auc, gini=2 * auc - 1, ks=float(ks), ks_score=float(thr[at]))
    else:
        exp.update(auc=None, gini=None, ks=None, ks_score=None)
    exp["average_precision"] = average_precision_score(y, s) if n1 else None
    exp["log_loss"] = log_loss(y, s, labels=[0, 1])
    exp["brier"] = brier_score_loss(y, s) if n1 and n0 else float(np.mean((s - y) ** 2))
    pred = (s >= THRESHOLD).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
    exp["confusion"] = {"tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp)}
    exp["accuracy"] = accuracy_score(y, pred)
    exp["precision"] = precision_score(y, pred, zero_division=0)
    exp["recall"] = recall_score(y, pred, zero_division=0)
    exp["f1"] = f1_score(y, pred, zero_division=0)
    exp["specificity"] = tn / (tn + fp) if tn + fp else 0.0
    exp["lift"] = lift_table(y, s, 10)
    exp["lift20"] = lift_table(y, s, 20)
    return exp


def write_csv(path, frame):
    frame.to_csv(path, index=False, float_format="%.17g", na_rep="")


def binary_case(out, name, y, s):
    frame = pd.DataFrame({"label": y, "score": s})
    write_csv(os.path.join(out, name + ".csv"), frame)
    keep = ~np.isnan(s) & ~np.isnan(y)
    return {"task": "binary", "file": name + ".csv", "rows": len(y),
            "skipped": int((~keep).sum()),
            "expected": binary_expected(y[keep].astype(int), s[keep])}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20261121)
    cases = {}

    # Scores on a coarse grid: tie groups straddle the edges of both lift tables.
    n = 5003
    x = rng.normal(size=n)
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(x - 0.5)))).astype(float)
    s = np.round(1 / (1 + np.exp(-x)), 2)
    cases["ties"] = binary_case(out, "ties", y, s)

    # 1 % events.
    n = 20000
    x = rng.normal(size=n)
    y = (rng.uniform(size=n) < 0.01 * np.exp(0.8 * x) / np.mean(np.exp(0.8 * x))).astype(float)
    s = 1 / (1 + np.exp(-(x * 0.9 - 4.5 + rng.normal(scale=0.5, size=n))))
    cases["rare_events"] = binary_case(out, "rare_events", y, s)

    # Constant score: AUC 0.5, KS 0, AP = prevalence, one tie group across every bin.
    n = 997
    y = (rng.uniform(size=n) < 0.3).astype(float)
    cases["constant"] = binary_case(out, "constant", y, np.full(n, 0.42))

    # Perfect and reversed rankings.
    n = 1000
    y = (rng.uniform(size=n) < 0.4).astype(float)
    s = np.where(y == 1, rng.uniform(0.6, 1.0, size=n), rng.uniform(0.0, 0.4, size=n))
    cases["perfect"] = binary_case(out, "perfect", y, s)
    cases["reversed"] = binary_case(out, "reversed", y, 1 - s)

    # Hard 0/1 probabilities, some wrong: log loss hinges on the clipping epsilon.
    n = 800
    y = (rng.uniform(size=n) < 0.5).astype(float)
    s = np.where(rng.uniform(size=n) < 0.9, y, 1 - y)
    cases["hard"] = binary_case(out, "hard", y, s)

    # Missing scores and labels (empty fields) are skipped.
    n = 3000
    x = rng.normal(size=n)
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-x))).astype(float)
    s = 1 / (1 + np.exp(-(x + rng.normal(size=n))))
    s[rng.uniform(size=n) < 0.05] = np.nan
    y[rng.uniform(size=n) < 0.02] = np.nan
    cases["nans"] = binary_case(out, "nans", y, s)

    # Regression with zero targets (skipped by MAPE) and missing predictions.
    n = 4000
    t = np.round(rng.gamma(2.0, 3.0, size=n), 1)
    t[rng.uniform(size=n) < 0.1] = 0.0
    p = t + rng.normal(scale=1.5, size=n)
    p[rng.uniform(size=n) < 0.03] = np.nan
    write_csv(os.path.join(out, "regression.csv"), pd.DataFrame({"target": t, "pred": p}))
    keep = ~np.isnan(p)
    tk, pk = t[keep], p[keep]
    nz = tk != 0
    cases["regression"] = {
        "task": "regression", "file": "regression.csv", "rows": n, "skipped": int((~keep).sum()),
        "expected": {
            "n": int(keep.sum()),
            "rmse": float(np.sqrt(mean_squared_error(tk, pk))),
            "mae": mean_absolute_error(tk, pk),
            "r2": r2_score(tk, pk),
            "mape": mean_absolute_percentage_error(tk[nz], pk[nz]),
            "mape_skipped_zero_targets": int((~nz).sum()),
        },
    }

    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(cases, f, indent=1, default=float)


if __name__ == "__main__":
    main()
