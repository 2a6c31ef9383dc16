"""Generates the lasso-cox benchmark tables: n = 500 rows, p = 5,000 or 20,000
standard-normal features (10 with effects), exponential survival with ~30%
censoring, and a fixed 10-fold `fold` column. Usage: python3 gen.py OUTDIR"""
import math
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "."
for p in (5000, 20000):
    rng = random.Random(p)
    n = 500
    rows = []
    folds = [i % 10 + 1 for i in range(n)]
    rng.shuffle(folds)
    for i in range(n):
        x = [rng.gauss(0.0, 1.0) for _ in range(p)]
        lp = sum((0.5 if j % 2 == 0 else -0.5) * x[j] for j in range(10))
        t = rng.expovariate(0.1 * math.exp(lp))
        c = rng.expovariate(0.03)
        rows.append([f"p{i}", repr(min(t, c)), "1" if t <= c else "0", str(folds[i])]
                    + [f"{v:.6f}" for v in x])
    with open(f"{out}/wide_{p}.csv", "w") as f:
        f.write(",".join(["id", "time", "status", "fold"] + [f"g{j}" for j in range(p)]) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")
