#!/bin/sh
# lasso-cox benchmark: prognos (path + CV, fit_s from --json) vs R glmnet/cv.glmnet.
# Usage: bench/lasso/run.sh [PROGNOS_BINARY]   (default target/release/prognos)
set -e
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-target/release/prognos}
tmp=${TMPDIR:-/tmp}/prognos-bench-lasso
mkdir -p "$tmp"
[ -f "$tmp/wide_20000.csv" ] || python3 "$here/gen.py" "$tmp"
for p in 5000 20000; do
  f="$tmp/wide_$p.csv"
  start=$(date +%s.%N)
  "$bin" lasso-cox --data "$f" --time time --event status --features-except id --foldid fold --json > "$tmp/out_$p.json"
  end=$(date +%s.%N)
  ours=$(python3 -c "import json;d=json.load(open('$tmp/out_$p.json'));print(d['timing']['fit_s'], len(d['lambda']), d['cv']['lambda_min'])")
  echo "prognos wide_$p fit_s(path+cv) nlambda lambda_min = $ours ; wall incl. reading = $(echo "$end - $start" | bc)"
  if command -v Rscript >/dev/null; then
    Rscript "$here/bench.R" "$f" | tee "$tmp/r_$p.txt"
    python3 - "$tmp/out_$p.json" "$tmp/r_$p.txt" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1])); r = open(sys.argv[2]).read()
path = float(re.search(r"path_s=([0-9.]+)", r).group(1)); cv = float(re.search(r"cv_s=([0-9.]+)", r).group(1))
print(f"ratio R cv.glmnet / prognos (path+cv) = {cv / d['timing']['fit_s']:.1f}x (R path alone {path:.2f}s)")
PY
  fi
done
