#!/usr/bin/env bash
# Runs on the GPU machine from the repo root after bench/gpu/build.sh:
#   bash .gpu/run.sh
# Prints seconds per training epoch and inference throughput (volumes/s,
# tiles/s) of the CT 3D ResNet and the WSI attention-MIL network on each
# backend, and the largest difference between backends' predictions from
# the same trained weights.
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -d "$root/.gl" ]; then for f in "$root"/.gl/*.deb; do dpkg -x "$f" /; done; ldconfig; fi
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$icd" ] && export VK_DRIVER_FILES="$icd"
cd "$root/.gpu"
[ -x throughput ] || { gunzip -c throughput.gz > throughput && chmod +x throughput; }
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
echo "== test sizes (CT width 4, blocks [1,1]; WSI 64->32, 32 tiles/bag), 2 epochs"
timeout 200 ./throughput --devices wgpu,flex,cpu --epochs 2
echo "== study sizes (CT width 8, blocks [1,1,1]; WSI 1024->512->256, 1024 tiles/bag), 2 epochs"
timeout 250 ./throughput --full --devices wgpu,flex --epochs 2 --n-ct 32 --bags 32 --tiles 1024
