//! Intensity windowing: Hounsfield units to `[0, 1]`.

use crate::nifti::Volume;

/// Clips `vol` to `[level − width/2, level + width/2]` (HU) and maps that
/// interval linearly onto `[0, 1]` (the study: width 350, level 50, i.e.
/// −125 HU → 0 and 225 HU → 1). NaN voxels become 0.
pub fn window(vol: &Volume, level: f64, width: f64) -> Volume {
    let lo = level - width / 2.0;
    let data = vol
        .data
        .iter()
        .map(|&v| {
            let t = (v as f64 - lo) / width;
            if t.is_nan() {
                0.0
            } else {
                t.clamp(0.0, 1.0) as f32
            }
        })
        .collect();
    Volume {
        shape: vol.shape,
        spacing: vol.spacing,
        data,
    }
}
