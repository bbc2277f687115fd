"""Shared by train.py and score.py: synthetic customers, features and the logistic model.

Plain PySpark (no numpy, so it runs on a bare pip-installed pyspark). Spark ships this file to the
driver only when it is passed with pyFiles; both jobs therefore import it from their own directory.
"""
import json
import math
import os

from pyspark.sql import functions as F

FEATURES = ["tenure", "monthly_charges", "support_calls", "month_to_month", "two_year"]
CONTRACTS = ["month-to-month", "one_year", "two_year"]


def synthetic_customers(spark, rows, seed, charge_shift=0.0):
    """`rows` customers with a churn label drawn from a known logistic model. `charge_shift`
    raises monthly charges by that fraction (this week's drift)."""
    df = spark.range(rows).select(F.col("id").alias("customer_id"))
    # Spark seeds each partition with seed + partition index, so seeds 100 apart keep the columns
    # (and train.py's split, seeded with seed * 1000 + 999) independent.
    for k in range(1, 6):
        df = df.withColumn(f"u{k}", F.rand(seed * 1000 + k * 100))
    df = df.withColumn("tenure", F.floor(F.col("u1") * 72) + 1)
    df = df.withColumn("monthly_charges",
                       F.round((F.lit(20.0) + F.col("u2") * 100.0) * (1.0 + charge_shift), 2))
    df = df.withColumn("support_calls", F.floor(F.pow(F.col("u3"), 2.0) * 8))
    df = df.withColumn("contract",
                       F.when(F.col("u4") < 0.55, CONTRACTS[0])
                        .when(F.col("u4") < 0.8, CONTRACTS[1]).otherwise(CONTRACTS[2]))
    logit = (F.lit(-2.2) - 0.045 * F.col("tenure") + 0.022 * F.col("monthly_charges")
             + 0.38 * F.col("support_calls")
             + F.when(F.col("contract") == CONTRACTS[0], 1.1).otherwise(0.0)
             - F.when(F.col("contract") == CONTRACTS[2], 0.9).otherwise(0.0))
    df = df.withColumn("churned", (F.col("u5") < 1.0 / (1.0 + F.exp(-logit))).cast("int"))
    return with_features(df.drop("u1", "u2", "u3", "u4", "u5"))


def with_features(df):
    """Adds the model's indicator columns. `contract` is a name (month-to-month, one_year,
    two_year) or a length in months (1, 12, 24), as the jobs write it."""
    if dict(df.dtypes).get("contract", "string") != "string":
        df = df.withColumn("contract", F.when(F.col("contract") <= 1, CONTRACTS[0])
                           .when(F.col("contract") <= 12, CONTRACTS[1]).otherwise(CONTRACTS[2]))
    df = df.withColumn("month_to_month", (F.col("contract") == CONTRACTS[0]).cast("double"))
    return df.withColumn("two_year", (F.col("contract") == CONTRACTS[2]).cast("double"))


def output_columns(*extra):
    """The columns the jobs write: customer, features (contract as its length in months, so every
    feature is numeric for the report step's drift), label, score and `extra`."""
    months = (F.when(F.col("contract") == CONTRACTS[0], 1)
              .when(F.col("contract") == CONTRACTS[1], 12).otherwise(24).alias("contract"))
    return ["customer_id", "tenure", "monthly_charges", months, "support_calls", "churned", "p_churn", *extra]


def score_column(model):
    """The model's churn probability as a Spark column."""
    z = F.lit(model["intercept"])
    for name in FEATURES:
        mean, std = model["scaling"][name]
        z = z + F.lit(model["coefficients"][name]) * ((F.col(name) - F.lit(mean)) / F.lit(std))
    return F.round(1.0 / (1.0 + F.exp(-z)), 6)


def local_path(location):
    """A local directory or file:// URI as a path; other schemes are refused (the report step
    reads these files from the orchestrator's machine)."""
    if location.startswith("file://"):
        return location[len("file://"):]
    if "://" in location:
        raise SystemExit(f"this job writes to a local directory or file:// URI, not {location!r}")
    return location


def write_jsonl(df, path, columns):
    """Writes `columns` of `df` as one JSON Lines file (through the driver, in partition order)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as out:
        for row in df.select(*columns).toLocalIterator():
            out.write(json.dumps(row.asDict()) + "\n")
    os.replace(tmp, path)


def solve(matrix, vector):
    """Solves matrix * x = vector by Gaussian elimination with partial pivoting."""
    n = len(vector)
    a = [list(matrix[i]) + [vector[i]] for i in range(n)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        if abs(a[col][col]) < 1e-12:
            raise ArithmeticError("singular Hessian")
        for r in range(n):
            if r != col:
                factor = a[r][col] / a[col][col]
                for c in range(col, n + 1):
                    a[r][c] -= factor * a[col][c]
    return [a[i][n] / a[i][i] for i in range(n)]


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
