"""Smoke batch for Steward's `livy` tests and for trying a Livy by hand.

Sums 1..N on Spark and prints one known line:
    STEWARD_SMOKE_OK tag=<tag> n=<n> sum=<n*(n+1)/2>

Options:
    --tag T      free text echoed in the known line (default: none)
    --n N        how many numbers to sum (default: 10)
    --lines K    also print K numbered lines "STEWARD_SMOKE_LINE i/K" (for log-follower tests)
    --pace S     wait S seconds after each numbered line, so a follower sees the log grow
    --hold S     keep the Spark job running for S seconds (for kill/delete tests)
    --fail       raise RuntimeError("steward smoke batch failed on purpose") after starting Spark

Exit code 0 on success, 1 on --fail (Livy then reports the batch `dead`), 2 on bad arguments.
"""
import argparse
import sys
import time


def parse(argv):
    parser = argparse.ArgumentParser(prog="smoke_batch.py")
    parser.add_argument("--tag", default="none")
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--lines", type=int, default=0)
    parser.add_argument("--pace", type=float, default=0.0)
    parser.add_argument("--hold", type=float, default=0.0)
    parser.add_argument("--fail", action="store_true")
    args = parser.parse_args(argv)
    if args.n < 1 or args.lines < 0 or args.pace < 0 or args.hold < 0:
        parser.error("--n must be >= 1; --lines, --pace and --hold >= 0")
    return args


def hold_task(seconds):
    def run(_):
        time.sleep(seconds)
        return 1
    return run


def main(argv):
    args = parse(argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName(f"steward-smoke-{args.tag}").getOrCreate()
    try:
        sc = spark.sparkContext
        for i in range(1, args.lines + 1):
            print(f"STEWARD_SMOKE_LINE {i}/{args.lines}", flush=True)
            time.sleep(args.pace)
        if args.hold > 0:
            sc.parallelize([0], 1).map(hold_task(args.hold)).count()
        if args.fail:
            raise RuntimeError("steward smoke batch failed on purpose")
        total = sc.parallelize(range(1, args.n + 1), 2).sum()
        print(f"STEWARD_SMOKE_OK tag={args.tag} n={args.n} sum={total}", flush=True)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
