#!/usr/bin/env python3
"""Synthetic survival data for the survival_km benchmark (seeded, no dependencies).

usage: gen.py km N OUT.csv      -> time,status,group  (3 groups, integer-day times: many ties)
       gen.py cindex N OUT.csv  -> time,status,score  (continuous score, integer-day times)
"""
import math
import random
import sys

kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(20240601 + n)
with open(out, "w") as f:
    if kind == "km":
        f.write("time,status,group\n")
        rates = {"A": 1 / 900, "B": 1 / 700, "C": 1 / 500}
        for _ in range(n):
            g = rng.choice("ABC")
            t = rng.expovariate(rates[g])
            c = rng.uniform(0, 3000)
            f.write(f"{max(1, math.ceil(min(t, c)))},{int(t <= c)},{g}\n")
    else:
        f.write("time,status,score\n")
        for _ in range(n):
            x = rng.gauss(0, 1)
            t = rng.expovariate(math.exp(0.7 * x) / 800)
            c = rng.uniform(0, 3000)
            f.write(f"{max(1, math.ceil(min(t, c)))},{int(t <= c)},{x + rng.gauss(0, 0.5):.6f}\n")
