#!/usr/bin/env bash
# Builds the backend-comparison example of the reference networks with the
# GPU (wgpu/Vulkan) and flex CPU backends, and stages what a GPU machine
# without a Rust toolchain needs into .gpu/ (git-ignored):
#   bench/gpu/build.sh && (copy the repo to the GPU machine) && bash .gpu/run.sh
# burn's `cuda` feature is not used: cubecl-cuda's build downloads an LLVM
# bundle, which an offline build machine cannot do.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
cargo build --release -p prognos-plugins --features wgpu,flex --example throughput
mkdir -p .gpu .gl
gzip -c "$target/release/examples/throughput" > .gpu/throughput.gz
cp bench/gpu/run.sh .gpu/run.sh
# The Vulkan loader and the GL vendor-neutral dispatch libraries that the
# NVIDIA driver's Vulkan ICD (libGLX_nvidia.so.0) needs; containers often lack them.
o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64'
(cd .gl && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
