#!/usr/bin/env python3
"""Writes cox_100k.csv: 100,000 rows x 10 covariates, integer (heavily tied)
times, ~30% censoring. Seeded; usage: python3 gen.py [n] [out]."""
import math, random, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
out = sys.argv[2] if len(sys.argv) > 2 else "cox_100k.csv"
rng = random.Random(20240611)
beta = [0.5, -0.4, 0.3, -0.2, 0.1, 0.0, 0.25, -0.15, 0.05, 0.2]
with open(out, "w") as f:
    f.write("time,status," + ",".join(f"x{j+1}" for j in range(10)) + "\n")
    for _ in range(n):
        x = [rng.gauss(0, 1) for _ in range(8)] + [float(rng.random() < 0.4), float(rng.randint(0, 3))]
        lp = sum(b * v for b, v in zip(beta, x))
        t = rng.expovariate(0.01 * math.exp(lp))
        c = rng.expovariate(0.004)
        time = max(1, math.ceil(min(t, c)))  # whole days: many ties
        f.write(f"{time},{int(t <= c)}," + ",".join(f"{v:.6g}" for v in x) + "\n")
