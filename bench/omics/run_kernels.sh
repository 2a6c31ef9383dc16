#!/usr/bin/env bash
# prognos-omics kernels vs R (see README lines in the omics report):
#  1. ORA of 500 genes against 10,000 sets (R: phyper over the sets + p.adjust, as
#     clusterProfiler::enricher computes it);
#  2. a 60,000-cell 10x matrix.mtx read + library sizes + propeller (R: Matrix::readMM +
#     colSums + speckle's propeller steps written with limma).
# Times the release example of the omics crate (not the whole binary); file reading of the GMT /
# metadata excluded on both sides; matrix.mtx reading included on both sides.
# Prints wall and CPU seconds (medians) and prognos/R ratios; RAYON_NUM_THREADS=1 for a
# single-thread comparison with R.
# Usage: bench/omics/run_kernels.sh [path/to/kernels-example]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ex="${1:-}"
if [ -z "$ex" ]; then
  (cd "$here/../.." && CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}" \
     cargo build --release -q -p prognos-omics --example kernels)
  ex="$here/../../${CARGO_TARGET_DIR:-target}/release/examples/kernels"
fi
work="$(mktemp -d)"; cd "$work"
Rscript "$here/make_ora.R"
Rscript "$here/make_10x.R"
val() { grep "^$1=" | cut -d= -f2; }
for k in ora tenx; do
  reps=$([ "$k" = ora ] && echo 5 || echo 3)
  p=$("$ex" "$k" . "$reps" | tee /dev/stderr)
  r=$(Rscript "$here/r_$([ "$k" = ora ] && echo ora || echo 10x).R" | tee /dev/stderr)
  pw=$(echo "$p" | val seconds); pc=$(echo "$p" | val cpu_seconds)
  rw=$(echo "$r" | val seconds); rc=$(echo "$r" | val cpu_seconds)
  python3 -c "print(f'$k: prognos wall {$pw:.3f} s cpu {$pc:.3f} s | R wall {$rw:.3f} s cpu {$rc:.3f} s | ratio wall {$pw/$rw:.2f} cpu {$pc/$rc:.2f}')"
done
rm -rf "$work"
