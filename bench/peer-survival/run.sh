#!/bin/sh
# prognos' survival kernels vs the crates.io peer `survival` 2.0, same data in
# memory, numbers cross-checked. A standalone cargo project (not a workspace
# member; prognos does not depend on the peer). Release build.
# Usage: sh bench/peer-survival/run.sh   (REPS=N: best of N runs, default 5)
set -e
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-../../target-peer-survival}"
cargo run --release --quiet
