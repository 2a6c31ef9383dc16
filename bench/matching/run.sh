#!/usr/bin/env bash
# Fit-time benchmark: prognos match vs MatchIt::matchit (nearest, glm,
# 1:1, caliper 0.2) on 20,000 and 200,000 rows, 10 covariates, ~30 %
# treated. prognos' time is its reported fit_s (propensity model +
# matching + balance, no file reading); MatchIt's is system.time() of
# matchit() + summary() on a data frame already in memory.
# Usage: bench/matching/run.sh [path/to/prognos]   (default: release build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../target/release/prognos}
tmp=$(mktemp -d)
covs=x1,x2,x3,x4,x5,x6,x7,x8,x9,x10
for n in ${BENCH_SIZES:-20000 200000}; do
  python3 "$here/gen.py" "$n" "$tmp/d$n.csv"
  p=$("$bin" match --data "$tmp/d$n.csv" --treatment treat --covariates $covs --caliper 0.2 --json |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["timing"]["fit_s"])')
  if command -v Rscript >/dev/null; then
    r=$(Rscript -e "suppressPackageStartupMessages(library(MatchIt)); d <- read.csv('$tmp/d$n.csv');
      t <- system.time({m <- matchit(treat ~ ., data = d, method = 'nearest', distance = 'glm', caliper = 0.2); s <- summary(m)})[['elapsed']]; cat(t)")
    echo "n=$n prognos_fit_s=$p matchit_s=$r ratio=$(python3 -c "print(round($p/$r, 4))")"
  else
    echo "n=$n prognos_fit_s=$p (Rscript not found: no MatchIt comparison)"
  fi
done
rm -rf "$tmp"
