#!/usr/bin/env bash
# prognos limma vs R lmFit + contrasts.fit + eBayes + topTable on 20,000 x 200 (fit time only,
# file reading excluded on both sides: prognos reports timing.fit_s). Target: ratio <= 0.25.
# Usage: bench/omics/run.sh [path/to/prognos]   (build with --release for a fair number)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../../target/release/prognos}"
work="$(mktemp -d)"; cd "$work"
Rscript "$here/make_data.R"
p=$("$bin" limma --expr expr.csv --samples samples.csv --group group --contrast B-A --json \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["timing"]["fit_s"])')
if command -v Rscript >/dev/null; then
  r=$(Rscript "$here/r_limma.R")
  python3 -c "print(f'prognos fit_s = {$p:.4f}  R = {$r:.4f}  ratio = {$p/$r:.3f}')"
else
  echo "prognos fit_s = $p (Rscript not found)"
fi
rm -rf "$work"
