#!/bin/sh
# Times `prognos cox --json` (fit_s: statistical computation only; best of 3) against
# R's coxph() on the same 100,000 x 10 data with tied times (Efron ties).
# Usage: sh run.sh [path/to/prognos]   (default: ../../target/release/prognos)
set -e
cd "$(dirname "$0")"
BIN=${1:-../../target/release/prognos}
[ -f cox_100k.csv ] || python3 gen.py
COVS=x1,x2,x3,x4,x5,x6,x7,x8,x9,x10
P=$(for _ in 1 2 3; do
      "$BIN" cox --data cox_100k.csv --time time --event status --covariates $COVS --json |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["timing"]["fit_s"])'
    done | sort -g | head -n 1)
echo "prognos fit_s (best of 3): $P"
if command -v Rscript >/dev/null; then
  R=$(Rscript -e 'suppressMessages(library(survival)); d <- read.csv("cox_100k.csv");
    f <- Surv(time, status) ~ x1+x2+x3+x4+x5+x6+x7+x8+x9+x10;
    t <- min(replicate(3, system.time(coxph(f, d))[["elapsed"]])); cat(t)')
  echo "R coxph seconds (best of 3): $R"
  python3 -c "print('ratio prognos/R: %.3f' % ($P / $R))"
else
  echo "Rscript not found: no R comparison"
fi
