#!/bin/sh
# Regenerates the trained reference networks that `prognos demo` ships
# (examples/models/ct, examples/models/wsi; src/cli/demo.rs embeds them):
# writes the demo study with its default seed (20251), then trains the CT
# 3D ResNet and the WSI attention-MIL network on its training cohort
# (386 patients, overall survival) with `prognos train`, seeded.
#
#   examples/models/make.sh [PROGNOS_BINARY]    (default target/release/prognos)
#
# The demo's data do not depend on the weights (the demo writes its files
# before it scores them), so the first step works even with stale or empty
# weights; rebuild prognos afterwards so the demo embeds the new ones.
# The weights are bit-identical only on the same build and device.
set -eu
prognos=${1:-target/release/prognos}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$prognos" demo --out "$work/demo" --bootstrap 10 >/dev/null 2>&1 || true
test -f "$work/demo/data/training.csv" || { echo "demo data missing" >&2; exit 1; }
manifest() { # COLUMN OUT: patient_id,path,os_time,os_event of the training cohort
    awk -F, -v col="$1" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i
                                   print "patient_id,path,os_time,os_event"; next }
        { print $c["patient_id"] "," $c[col] "," $c["os_time"] "," $c["os_event"] }' \
        "$work/demo/data/training.csv" > "$2"
}
manifest ct_image "$work/demo/ct_train.csv"
manifest wsi_bag "$work/demo/wsi_train.csv"
rm -rf "$here/ct" "$here/wsi"
"$prognos" train ct --manifest "$work/demo/ct_train.csv" --time os_time --event os_event \
    --width 4 --blocks 1,1 --epochs 10 --learning-rate 0.002 --batch-size 32 --seed 1 \
    --device flex --out "$here/ct"
"$prognos" train wsi --manifest "$work/demo/wsi_train.csv" --time os_time --event os_event \
    --hidden 16 --attention 8 --bins 4 --epochs 30 --learning-rate 0.002 --batch-size 16 \
    --seed 1 --device flex --out "$here/wsi"
