#!/usr/bin/env bash
# CPU throughput of the reference networks (burn 0.22.1, ndarray backend).
# Usage: bench/plugins/run.sh [--full]   (from the repository root)
# Prints one JSON object: CT volumes/s and WSI tiles/s at inference, and
# seconds per training epoch (32 CT volumes, batch 16; 64 bags of 32 tiles,
# batch 8). Dev profile, as the tests run; add --release for release numbers.
set -euo pipefail
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}" \
  cargo run --quiet -p prognos-plugins --example throughput -- "$@"
