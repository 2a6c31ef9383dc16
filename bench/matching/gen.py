#!/usr/bin/env python3
"""Synthetic cohort for the matching benchmark: n rows, 10 covariates
(6 normal, 2 binary, 2 skewed), treatment with ~30 % prevalence from a
logistic model. Usage: gen.py N OUT.csv [SEED]."""
import csv
import math
import random
import sys

n = int(sys.argv[1])
out = sys.argv[2]
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
beta = [0.4, -0.3, 0.2, 0.1, -0.2, 0.3, 0.5, -0.4, 0.15, -0.1]
with open(out, "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["treat"] + [f"x{j}" for j in range(1, 11)])
    for _ in range(n):
        x = [rng.gauss(0, 1) for _ in range(6)]
        x += [float(rng.random() < 0.4), float(rng.random() < 0.2)]
        x += [rng.expovariate(1.0), rng.lognormvariate(0, 0.5)]
        eta = -1.05 + sum(b * v for b, v in zip(beta, x))
        t = int(rng.random() < 1 / (1 + math.exp(-eta)))
        w.writerow([t] + [f"{v:.6f}" for v in x])
