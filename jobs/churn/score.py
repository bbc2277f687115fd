"""Scores this week's customers with a trained churn model (model.json from train.py).

    score.py --model PATH --out DIR [--version V] [--rows N] [--drift X] [--data PATH] [--seed S]

Customers are synthetic (their monthly charges raised by --drift, e.g. 0.15 = 15 %) unless --data
names a CSV/JSON Lines file; the churn label stands for the outcome observed later. Writes
DIR/scored.jsonl (with a model_version column) and prints:
    STEWARD_OUTPUT {"scored": ..., "rows": ..., "mean_p_churn": ...}
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import churn_common as cc  # noqa: E402

from pyspark.sql import SparkSession, functions as F  # noqa: E402


def parse(argv):
    p = argparse.ArgumentParser(prog="score.py")
    p.add_argument("--model", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--version", default="unknown")
    p.add_argument("--rows", type=int, default=20000)
    p.add_argument("--drift", type=float, default=0.0)
    p.add_argument("--data", default="synthetic")
    p.add_argument("--seed", type=int, default=1234)
    return p.parse_args(argv)


def main(argv):
    args = parse(argv)
    with open(cc.local_path(args.model)) as f:
        model = json.load(f)
    out = cc.local_path(args.out)
    spark = SparkSession.builder.appName("steward-churn-score").getOrCreate()
    if args.data in ("", "synthetic"):
        customers = cc.synthetic_customers(spark, args.rows, args.seed, charge_shift=args.drift)
    else:
        reader = spark.read.option("header", "true").option("inferSchema", "true")
        customers = cc.with_features(reader.json(args.data) if args.data.endswith((".jsonl", ".json"))
                                     else reader.csv(args.data))
    scored = (customers.withColumn("p_churn", cc.score_column(model))
              .withColumn("model_version", F.lit(args.version)).orderBy("customer_id"))
    path = os.path.join(out, "scored.jsonl")
    cc.write_jsonl(scored, path, cc.output_columns("model_version"))
    mean = scored.agg(F.mean("p_churn")).first()[0]
    print("STEWARD_OUTPUT " + json.dumps({"scored": path, "rows": scored.count(), "mean_p_churn": round(mean, 4)}),
          flush=True)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
