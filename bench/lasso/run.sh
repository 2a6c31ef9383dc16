#!/bin/sh
# lasso-cox benchmark, 500 x 5,000 and 500 x 20,000, fixed 10-fold foldid:
#   prognos path alone and path + CV (survival crate example `lasso_profile`,
#   seconds of fitting, no file reading), prognos CLI fit_s (path + CV), and
#   R glmnet path alone (+ cv.glmnet with BENCH_R_CV=1: ~280 s / ~750 s).
# Usage: bench/lasso/run.sh [PROGNOS_BINARY]   (default target/release/prognos)
#   LASSO_PROFILE=path/to/lasso_profile (default: built here in release)
#   BENCH_SIZES="5000 20000"
#   BENCH_REPEAT=3   prognos fits per measurement, the minimum is reported
#                    (the least disturbed by other work; default 1)
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/target/release/prognos}
tmp=${TMPDIR:-/tmp}/prognos-bench-lasso
mkdir -p "$tmp"
[ -f "$tmp/wide_20000.csv" ] || python3 "$here/gen.py" "$tmp"
prof=${LASSO_PROFILE:-${CARGO_TARGET_DIR:-$root/target}/release/examples/lasso_profile}
if [ ! -x "$prof" ]; then
  (cd "$root" && cargo build --release -q -p prognos-survival --example lasso_profile)
fi
for p in ${BENCH_SIZES:-5000 20000}; do
  f="$tmp/wide_$p.csv"
  echo "--- 500 x $p"
  "$prof" "$f" path "${BENCH_REPEAT:-1}" | tee "$tmp/prof_path_$p.txt"
  "$prof" "$f" cv "${BENCH_REPEAT:-1}" | tee "$tmp/prof_cv_$p.txt"
  if [ -x "$bin" ]; then
    "$bin" lasso-cox --data "$f" --time time --event status --features-except id --foldid fold --json > "$tmp/out_$p.json"
    python3 -c "import json;d=json.load(open('$tmp/out_$p.json'));print('prognos CLI fit_s(path+cv) =', d['timing']['fit_s'], ' nlambda =', len(d['lambda']), ' lambda_min =', d['cv']['lambda_min'])"
  fi
  if command -v Rscript >/dev/null; then
    if [ "${BENCH_R_CV:-0}" = 1 ]; then cvarg=cv; else cvarg=; fi
    Rscript "$here/bench.R" "$f" $cvarg | tee "$tmp/r_$p.txt"
    python3 - "$tmp/prof_path_$p.txt" "$tmp/prof_cv_$p.txt" "$tmp/r_$p.txt" <<'PY'
import re, sys
get = lambda f, k: (lambda m: float(m.group(1)) if m else None)(re.search(k + r"=([0-9.]+)", open(f).read()))
ours_path, ours_cv = get(sys.argv[1], "path_s"), get(sys.argv[2], "cv_s")
r_path, r_cv = get(sys.argv[3], "path_s"), get(sys.argv[3], "cv_s")
print(f"ratio path: prognos / glmnet = {ours_path:.3f} s / {r_path:.3f} s = {ours_path / r_path:.3f}  (target <= 0.1)")
if r_cv:
    print(f"ratio CV: prognos / cv.glmnet = {ours_cv:.3f} s / {r_cv:.3f} s = {ours_cv / r_cv:.3f}  (target <= 0.1)")
else:
    print("ratio CV: set BENCH_R_CV=1 to time cv.glmnet (~280 s at p = 5,000, ~750 s at p = 20,000)")
PY
  fi
done
