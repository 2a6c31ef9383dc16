//! Writing a [`Volume`] as `.nii` or `.nii.gz`.

use super::error::NiftiError;
use super::header::{Datatype, encode_header};
use super::volume::Volume;
use std::io::Write;
use std::path::Path;

/// Encodes `vol` as an uncompressed single-file NIfTI-1 (`n+1`): the
/// 348-byte header, an empty extension flag, the voxels from byte 352, in
/// little-endian (or big-endian when `big_endian`) order. Spacing is
/// written in mm (`xyzt_units` = 2), `scl_slope` 1, no orientation
/// (`qform_code` = `sform_code` = 0). Integer types round to the nearest
/// integer; `path` only names the file in errors.
///
/// # Errors
/// [`NiftiError::ShapeMismatch`], [`NiftiError::TooLarge`], or
/// [`NiftiError::OutOfRange`] for a value the integer type cannot hold
/// (NaN included).
pub fn encode_nifti(
    vol: &Volume,
    datatype: Datatype,
    big_endian: bool,
    path: &Path,
) -> Result<Vec<u8>, NiftiError> {
    let p = || path.to_path_buf();
    let needed: usize = vol.shape.iter().product();
    if needed != vol.data.len() {
        return Err(NiftiError::ShapeMismatch {
            path: p(),
            shape: vol.shape,
            needed,
            len: vol.data.len(),
        });
    }
    if vol.shape.iter().any(|&s| s > i16::MAX as usize || s == 0) {
        return Err(NiftiError::TooLarge {
            path: p(),
            shape: vol.shape,
        });
    }
    let mut b = encode_header(vol.shape, vol.spacing, datatype, big_endian);
    b.reserve(needed * datatype.bytes());
    let range = |lo: f64, hi: f64| {
        move |index: usize, v: f32| -> Result<f64, NiftiError> {
            let r = (v as f64).round();
            if r.is_finite() && (lo..=hi).contains(&r) {
                Ok(r)
            } else {
                Err(NiftiError::OutOfRange {
                    path: path.to_path_buf(),
                    index,
                    value: v,
                    datatype: datatype.name(),
                })
            }
        }
    };
    let mut push = |le: &[u8]| {
        let at = b.len();
        b.extend_from_slice(le);
        if big_endian {
            b[at..].reverse();
        }
    };
    for (i, &v) in vol.data.iter().enumerate() {
        match datatype {
            Datatype::Uint8 => push(&[range(0.0, 255.0)(i, v)? as u8]),
            Datatype::Int16 => push(&(range(-32768.0, 32767.0)(i, v)? as i16).to_le_bytes()),
            Datatype::Int32 => {
                push(&(range(i32::MIN as f64, i32::MAX as f64)(i, v)? as i32).to_le_bytes())
            }
            Datatype::Float32 => push(&v.to_le_bytes()),
            Datatype::Float64 => push(&(v as f64).to_le_bytes()),
        }
    }
    Ok(b)
}

/// Writes `vol` to `path` as NIfTI-1 with `datatype` (little-endian),
/// gzip-compressed when the name ends in `.gz`. See [`encode_nifti`].
///
/// # Errors
/// As [`encode_nifti`], plus [`NiftiError::Io`].
pub fn write_nifti(path: &Path, vol: &Volume, datatype: Datatype) -> Result<(), NiftiError> {
    let bytes = encode_nifti(vol, datatype, false, path)?;
    let io = |error| NiftiError::Io {
        path: path.to_path_buf(),
        error,
    };
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    if gz {
        let f = std::fs::File::create(path).map_err(io)?;
        let mut enc =
            flate2::write::GzEncoder::new(std::io::BufWriter::new(f), flate2::Compression::fast());
        enc.write_all(&bytes).map_err(io)?;
        enc.finish().map_err(io)?.flush().map_err(io)?;
        Ok(())
    } else {
        std::fs::write(path, bytes).map_err(io)
    }
}
