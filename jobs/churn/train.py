"""Trains the churn model on Spark: logistic regression by Newton's method (IRLS) over Spark
aggregates, on synthetic customers (or --data CSV/JSON Lines with the same columns).

    train.py --out DIR [--rows N] [--data PATH] [--seed S] [--iterations K]

Writes to DIR (a local directory or file:// URI):
    model.json              coefficients, feature scaling
    holdout_scored.jsonl    the 20 % hold-out with p_churn (the evaluation input and the baseline)
and prints one line for Steward:
    STEWARD_OUTPUT {"model_path": ..., "holdout_scored": ..., "baseline": ..., "rows": ..., ...}
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import churn_common as cc  # noqa: E402

from pyspark.sql import SparkSession, functions as F  # noqa: E402


def parse(argv):
    p = argparse.ArgumentParser(prog="train.py")
    p.add_argument("--out", required=True)
    p.add_argument("--rows", type=int, default=20000)
    p.add_argument("--data", default="synthetic")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--iterations", type=int, default=8)
    args = p.parse_args(argv)
    if args.rows < 100:
        p.error("--rows must be at least 100")
    return args


def load(spark, args):
    if args.data in ("", "synthetic"):
        return cc.synthetic_customers(spark, args.rows, args.seed)
    path = args.data
    reader = spark.read.option("header", "true").option("inferSchema", "true")
    df = reader.json(path) if path.endswith((".jsonl", ".json")) else reader.csv(path)
    return cc.with_features(df)


def fit(train, iterations):
    """IRLS on standardised features; returns the model dict."""
    stats = train.agg(*[F.mean(f).alias("m_" + f) for f in cc.FEATURES],
                      *[F.stddev(f).alias("s_" + f) for f in cc.FEATURES]).first()
    scaling = {f: (stats["m_" + f], stats["s_" + f] or 1.0) for f in cc.FEATURES}
    cols = [F.lit(1.0)] + [(F.col(f) - scaling[f][0]) / scaling[f][1] for f in cc.FEATURES]
    x = train.select(*[c.alias(f"x{i}") for i, c in enumerate(cols)], F.col("churned").cast("double").alias("y"))
    x = x.cache()
    n = len(cols)
    beta = [0.0] * n
    for _ in range(iterations):
        z = sum((F.lit(beta[i]) * F.col(f"x{i}") for i in range(n)), F.lit(0.0))
        p = 1.0 / (1.0 + F.exp(-z))
        w = p * (1.0 - p)
        aggs = [F.sum(F.col(f"x{i}") * (F.col("y") - p)).alias(f"g{i}") for i in range(n)]
        aggs += [F.sum(F.col(f"x{i}") * F.col(f"x{j}") * w).alias(f"h{i}_{j}") for i in range(n) for j in range(i, n)]
        r = x.agg(*aggs).first()
        hessian = [[0.0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i, n):
                hessian[i][j] = hessian[j][i] = r[f"h{i}_{j}"] + (1e-6 if i == j else 0.0)
        step = cc.solve(hessian, [r[f"g{i}"] for i in range(n)])
        beta = [b + s for b, s in zip(beta, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    x.unpersist()
    return {"intercept": beta[0], "coefficients": dict(zip(cc.FEATURES, beta[1:])), "scaling": scaling,
            "features": cc.FEATURES}


def main(argv):
    args = parse(argv)
    out = cc.local_path(args.out)
    spark = SparkSession.builder.appName("steward-churn-train").getOrCreate()
    data = load(spark, args)
    train, holdout = data.randomSplit([0.8, 0.2], seed=args.seed * 1000 + 999)
    model = fit(train, args.iterations)
    os.makedirs(out, exist_ok=True)
    model_path = os.path.join(out, "model.json")
    with open(model_path, "w") as f:
        json.dump(model, f, indent=2)
    scored = holdout.withColumn("p_churn", cc.score_column(model)).orderBy("customer_id")
    holdout_path = os.path.join(out, "holdout_scored.jsonl")
    cc.write_jsonl(scored, holdout_path, cc.output_columns())
    summary = {
        "model_path": model_path,
        "holdout_scored": holdout_path,
        "baseline": holdout_path,
        "rows": data.count(),
        "holdout_rows": holdout.count(),
        "churn_rate": round(data.agg(F.mean("churned")).first()[0], 4),
    }
    print("STEWARD_OUTPUT " + json.dumps(summary), flush=True)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
