#!/usr/bin/env bash
# Times `prognos roc --score2` (AUC, DeLong CI, Youden, paired DeLong test) against
# pROC roc + ci.auc(delong) + roc.test(delong, paired) on 100,000 subjects.
# Usage: bench/roc/run.sh [path/to/prognos]   (default: target/release/prognos)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../../target/release/prognos}"
cd "$here"
[ -f cases.csv ] || python3 gen.py 100000 cases.csv
start=$(date +%s.%N)
"$bin" roc --data cases.csv --label outcome --score score1 --score2 score2 --json > prognos.json
end=$(date +%s.%N)
p_wall=$(echo "$end - $start" | bc -l)
p_fit=$(python3 -c 'import json; print(json.load(open("prognos.json"))["timing"]["fit_s"])')
echo "prognos: wall ${p_wall}s, fit ${p_fit}s"
if command -v Rscript >/dev/null; then
  r_fit=$(Rscript -e '
    suppressMessages(library(pROC)); d <- read.csv("cases.csv")
    t0 <- proc.time()[["elapsed"]]
    r1 <- roc(d$outcome, d$score1, levels = c(0, 1), direction = "<", quiet = TRUE)
    r2 <- roc(d$outcome, d$score2, levels = c(0, 1), direction = "<", quiet = TRUE)
    ci <- ci.auc(r1, method = "delong"); b <- coords(r1, "best", best.method = "youden")
    t <- roc.test(r1, r2, method = "delong", paired = TRUE)
    el <- proc.time()[["elapsed"]] - t0
    cat(sprintf("%.17g %.17g %.17g %.17g\n", el, as.numeric(auc(r1)), ci[1], t$statistic))' )
  set -- $r_fit
  echo "pROC (roc x2 + ci.auc + coords + roc.test, excluding read.csv): ${1}s; auc ${2}, lower ${3}, z ${4}"
  python3 - "$1" <<'PY'
import json, sys
p = json.load(open("prognos.json"))
r = float(sys.argv[1])
print(f"prognos auc {p['auc']!r}, lower {p['auc_lower']!r}, z {p['compare']['z']!r}")
print(f"ratio prognos fit / pROC = {p['timing']['fit_s'] / r:.4f}")
PY
fi
