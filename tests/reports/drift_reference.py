#!/usr/bin/env python3
"""Reference figures for the drift statistics (orchestrator/reports/drift.hpp).

Generates datasets with a fixed seed, writes each sample as raw little-endian binaries
(float64 values, NaN = missing; uint32 category codes, 0xFFFFFFFF = missing) and computes the
figures with numpy/scipy into OUT_DIR/drift_reference.json, which reports_drift_tests
(suite drift_reference) compares against.

Usage: drift_reference.py OUT_DIR
Definitions: docs/reports-drift.md (PSI, KS, chi-square, JS, Wasserstein).
"""
import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon

MISSING = 0xFFFFFFFF
EMPTY_SHARE = 1e-4
STD_FLOOR = 0.001


def psi(rc, cc):
    e = rc / rc.sum()
    a = cc / cc.sum()
    e = np.where(rc == 0, EMPTY_SHARE, e)
    a = np.where(cc == 0, EMPTY_SHARE, a)
    return float(np.sum((a - e) * np.log(a / e)))


def ks(r, c):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = stats.ks_2samp(r, c, method="auto")
    fell_back = any("Exact calculation unsuccessful" in str(w.message) for w in caught)
    exact = max(len(r), len(c)) <= 10000 and not fell_back
    return float(res.statistic), float(res.pvalue), "exact" if exact else "asymptotic"


class Writer:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.cases = []

    def _file(self, name, side, array):
        path = self.out_dir / f"{name}_{side}.bin"
        array.tofile(path)
        return path.name

    def numeric(self, name, ref, cur, bins=10):
        ref = np.asarray(ref, dtype="<f8")
        cur = np.asarray(cur, dtype="<f8")
        r = ref[np.isfinite(ref)]
        c = cur[np.isfinite(cur)]
        case = {
            "name": name,
            "kind": "numeric",
            "bins": bins,
            "reference_file": self._file(name, "ref", ref),
            "current_file": self._file(name, "cur", cur),
            "reference_missing": int(len(ref) - len(r)),
            "current_missing": int(len(cur) - len(c)),
        }
        edges = np.unique(np.quantile(r, np.arange(1, bins) / bins))
        rc = np.bincount(np.searchsorted(edges, r, side="left"), minlength=len(edges) + 1)
        cc = np.bincount(np.searchsorted(edges, c, side="left"), minlength=len(edges) + 1)
        d, p, method = ks(r, c)
        w = float(stats.wasserstein_distance(r, c))
        case.update(
            edges=[float(x) for x in edges],
            reference_counts=[int(x) for x in rc],
            current_counts=[int(x) for x in cc],
            psi=psi(rc, cc),
            js_distance=float(jensenshannon(rc, cc)),
            ks_statistic=d,
            ks_pvalue=p,
            ks_method=method,
            wasserstein=w,
            wasserstein_normed=w / max(float(np.std(r)), STD_FLOOR),
        )
        self.cases.append(case)
        return case

    def categorical(self, name, ref, cur):
        """ref, cur: lists of labels (None = missing). The two dictionaries differ on purpose:
        reference in sorted order, current in reverse order of first appearance."""
        ref_dict = sorted({x for x in ref if x is not None})
        cur_dict = list(dict.fromkeys(x for x in reversed(cur) if x is not None))
        ref_codes = np.array([MISSING if x is None else ref_dict.index(x) for x in ref], dtype="<u4")
        cur_codes = np.array([MISSING if x is None else cur_dict.index(x) for x in cur], dtype="<u4")
        labels = list(dict.fromkeys(ref_dict + cur_dict))
        rc = np.array([sum(1 for x in ref if x == k) for k in labels])
        cc = np.array([sum(1 for x in cur if x == k) for k in labels])
        case = {
            "name": name,
            "kind": "categorical",
            "reference_file": self._file(name, "ref", ref_codes),
            "current_file": self._file(name, "cur", cur_codes),
            "reference_dictionary": ref_dict,
            "current_dictionary": cur_dict,
            "reference_missing": sum(1 for x in ref if x is None),
            "current_missing": sum(1 for x in cur if x is None),
            "categories": labels,
            "reference_counts": [int(x) for x in rc],
            "current_counts": [int(x) for x in cc],
            "psi": psi(rc, cc),
            "js_distance": float(jensenshannon(rc, cc)),
            "chi2_pvalue": float(stats.chi2_contingency(np.array([rc, cc])).pvalue),
        }
        self.cases.append(case)
        return case


def functions():
    """Direct evaluations of the distribution functions over every branch scipy takes."""
    from scipy.special import smirnov
    from scipy.stats._stats_py import _compute_prob_outside_square
    from scipy.stats._stats_pythran import _compute_outer_prob_inside_method
    out = []
    for n in [1, 2, 3, 5, 30, 100, 140, 141, 500, 8571, 100000, 100001, 2000000]:
        for x in [0.0, 0.3 / n, 0.7 / n, 1.0 / n, 1.5 / n, 0.8 / math.sqrt(n), 1.2 / math.sqrt(n),
                  1.8 / math.sqrt(n), 2.5 / math.sqrt(n), 5.0 / math.sqrt(n), 15.0 / math.sqrt(n),
                  0.05, 0.2, 0.45, 0.5, 0.7, 1 - 1.5 / n, 1 - 0.5 / n, 1.0]:
            if 0.0 <= x <= 1.0:
                out.append({"fn": "kstwo_sf", "n": n, "x": x, "value": float(stats.kstwo.sf(x, n))})
    for n in [1, 2, 10, 140, 1000, 100000, 1000000, 1000001, 5000000]:
        for x in [0.0, 0.5 / n, 1.0 / n, 2.0 / n, 0.3 / math.sqrt(n), 1.0 / math.sqrt(n),
                  3.0 / math.sqrt(n), 8.0 / math.sqrt(n), 0.3, 0.5, 0.9, 1 - 0.5 / n, 1.0]:
            if 0.0 <= x <= 1.0:
                out.append({"fn": "smirnov_sf", "n": n, "x": x, "value": float(smirnov(n, x))})
    for df in [1, 2, 3, 9, 100, 1000, 10000]:
        for x in [0.0, 0.01, 0.5, 1.0, 3.84, 10.0, 50.0, 200.0, 1000.0, 1200.0, 1e4, 1.1e4, 2e4]:
            out.append({"fn": "chi2_sf", "df": df, "x": x, "value": float(stats.chi2.sf(x, df))})
    for n, h in [(1, 1), (10, 3), (100, 7), (1000, 30), (10000, 100), (10000, 2000)]:
        out.append({"fn": "prob_outside_square", "n": n, "h": h,
                    "value": float(_compute_prob_outside_square(n, h))})
    for m, n, h in [(3, 2, 2), (10, 7, 30), (100, 60, 60), (1000, 700, 700), (9000, 7000, 6300), (9000, 7000, 25000)]:
        g = math.gcd(m, n)
        out.append({"fn": "outer_prob_inside", "m": m, "n": n, "g": g, "h": h,
                    "value": float(_compute_outer_prob_inside_method(m, n, g, h))})
    return out


def main():
    out_dir = Path(sys.argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20260521)
    w = Writer(out_dir)

    same = rng.normal(size=5000)
    w.numeric("identical", same, same.copy())
    w.numeric("same_distribution", rng.normal(size=3000), rng.normal(size=2500))
    w.numeric("shifted_equal_n", rng.normal(size=8000), rng.normal(0.05, 1, size=8000))
    w.numeric("strong_shift_equal_n", rng.normal(size=10000), rng.normal(0.6, 1, size=10000))
    w.numeric("strong_shift_exact", rng.normal(size=9000), rng.normal(0.5, 1.2, size=7000))
    w.numeric("kstwo_mild", rng.normal(size=20000), rng.normal(0.01, 1, size=15000))
    w.numeric("kstwo_shift", rng.normal(size=20000), rng.normal(0.05, 1, size=15000))
    w.numeric("kstwo_strong", rng.normal(size=20000), rng.normal(0.3, 1, size=15000))
    w.numeric("kstwo_small_n", rng.normal(size=12000), rng.normal(0.3, 1, size=30))
    w.numeric("kstwo_small_n_far", rng.normal(size=12000), rng.normal(1.5, 1, size=30))
    w.numeric("kstwo_tiny_n", rng.normal(size=11000), rng.normal(3.0, 1, size=3))
    durbin_ref = rng.normal(size=15000)
    w.numeric("kstwo_durbin", durbin_ref, durbin_ref[:14990].copy())
    w.numeric("pelz_good", rng.normal(size=300000), rng.normal(0.002, 1, size=250000))
    w.numeric("ties_poisson", rng.poisson(3, size=4000).astype(float),
              rng.poisson(3.3, size=3500).astype(float))
    w.numeric("ties_kstwo", rng.poisson(2, size=15000).astype(float),
              rng.poisson(2, size=12000).astype(float))
    w.numeric("tiny_1_1", [1.0], [2.0])
    w.numeric("tiny_5_7", rng.normal(size=5), rng.normal(size=7))
    w.numeric("tiny_3_1", [0.5, 1.5, 2.5], [1.5])
    with_nan = rng.normal(size=6000)
    with_nan[rng.random(6000) < 0.1] = np.nan
    current_nan = rng.lognormal(size=5000)
    current_nan[rng.random(5000) < 0.2] = np.nan
    current_nan[:3] = [np.inf, -np.inf, np.nan]
    w.numeric("nan_and_inf", with_nan, current_nan)
    w.numeric("constant_reference", np.full(1000, 2.0), rng.normal(2.0, 0.5, size=800))
    w.numeric("constant_both", np.full(50, 1.0), np.full(60, 1.0))
    w.numeric("bins_5", rng.exponential(size=4000), rng.exponential(1.2, size=4000), bins=5)
    w.numeric("bins_20", rng.exponential(size=4000), rng.exponential(1.2, size=4000), bins=20)
    w.numeric("score", rng.beta(2, 5, size=10000), rng.beta(2.3, 5, size=9000))

    colors = ["red", "green", "blue", "amber"]
    ref_cat = list(rng.choice(colors[:3], size=3000, p=[0.5, 0.3, 0.2]))
    cur_cat = list(rng.choice(colors, size=2500, p=[0.4, 0.3, 0.2, 0.1]))
    w.categorical("category_new_in_current", ref_cat, cur_cat)
    cur_lost = list(rng.choice(colors[:2], size=2000, p=[0.6, 0.4]))
    w.categorical("category_missing_in_current", ref_cat, cur_lost)
    ref_missing = [None if rng.random() < 0.1 else x for x in ref_cat]
    cur_missing = [None if rng.random() < 0.3 else x for x in ref_cat[:2000]]
    w.categorical("category_with_missing", ref_missing, cur_missing)
    w.categorical("two_categories_yates", list(rng.choice(["y", "n"], size=400, p=[0.3, 0.7])),
                  list(rng.choice(["y", "n"], size=300, p=[0.4, 0.6])))
    w.categorical("one_category", ["only"] * 30, ["only"] * 40)
    w.categorical("category_strong_drift", list(rng.choice(colors, size=5000, p=[0.7, 0.1, 0.1, 0.1])),
                  list(rng.choice(colors, size=5000, p=[0.1, 0.1, 0.1, 0.7])))

    features = ["same_distribution", "shifted_equal_n", "strong_shift_exact", "ties_poisson",
                "category_new_in_current", "category_strong_drift", "constant_reference"]
    by_name = {c["name"]: c for c in w.cases}
    summary = {
        "features": features,
        "score": "score",
        "psi_above_moderate": sum(1 for f in features if by_name[f]["psi"] > 0.1),
        "psi_above_significant": sum(1 for f in features if by_name[f]["psi"] > 0.25),
        "output_stability": by_name["score"]["psi"],
    }
    doc = {"numpy": np.__version__, "scipy": scipy.__version__, "cases": w.cases, "summary": summary,
           "functions": functions()}
    (out_dir / "drift_reference.json").write_text(json.dumps(doc, indent=1, allow_nan=False))
    print(f"drift_reference.py: {len(w.cases)} cases -> {out_dir / 'drift_reference.json'}")


if __name__ == "__main__":
    main()
