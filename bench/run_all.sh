#!/usr/bin/env bash
# Runs every benchmark against one prognos binary and, when Rscript and the
# R packages are installed, against R on the same generated files. Each
# sub-script prints prognos' fit_s (statistical work only, no file reading),
# R's elapsed time for the equivalent calls, and their ratio.
#
# Usage: bench/run_all.sh [path/to/prognos]
#   (default: a release build, `cargo build --release --bin prognos`)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-${CARGO_TARGET_DIR:-$here/../target}/release/prognos}
if [ ! -x "$bin" ]; then
  echo "no prognos binary at $bin: run cargo build --release --bin prognos" >&2
  exit 1
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
for b in survival_km survival_cox roc matching omics lasso; do
  echo "=== $b"
  (cd "$here/$b" && bash ./run.sh "$bin") 2>&1 | grep -v '^\s*$' || echo "($b failed)"
done
