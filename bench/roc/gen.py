#!/usr/bin/env python3
"""Writes cases.csv: 100,000 subjects, a 0/1 outcome and two correlated scores
(binormal, rounded to 4 decimals so there are ties). Seeded, stdlib only."""
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
rng = random.Random(20240501)
with open(sys.argv[2] if len(sys.argv) > 2 else "cases.csv", "w") as f:
    f.write("outcome,score1,score2\n")
    for _ in range(n):
        y = 1 if rng.random() < 0.3 else 0
        z = rng.gauss(0, 1)
        s1 = 0.9 * y + z + rng.gauss(0, 0.5)
        s2 = 0.7 * y + 0.6 * z + rng.gauss(0, 0.9)
        f.write(f"{y},{s1:.4f},{s2:.4f}\n")
