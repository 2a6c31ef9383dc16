//! Reading `.nii` / `.nii.gz` files into a [`Volume`].

use super::error::NiftiError;
use super::header::{Datatype, Header};
use super::volume::Volume;
use std::io::Read;
use std::path::Path;

/// Whether `bytes` start with the gzip magic `1f 8b`.
fn is_gzip(bytes: &[u8]) -> bool {
    bytes.len() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
}

/// Decompresses `bytes` if they are gzip (detected by content, not by the
/// file name); otherwise returns them as they are.
fn inflate(bytes: Vec<u8>, path: &Path) -> Result<Vec<u8>, NiftiError> {
    if !is_gzip(&bytes) {
        return Ok(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len() * 4);
    flate2::read::MultiGzDecoder::new(bytes.as_slice())
        .read_to_end(&mut out)
        .map_err(|error| NiftiError::Gzip {
            path: path.to_path_buf(),
            error,
        })?;
    Ok(out)
}

/// Decodes a whole NIfTI-1 file held in memory (`bytes` uncompressed or
/// gzip); `path` names it in errors.
///
/// The values are `scl_slope · stored + scl_inter` (no scaling when the
/// slope is 0), converted to `f32`. See [`Header`] for the fields used and
/// what is ignored (orientation).
///
/// # Errors
/// Any [`NiftiError`] of [`Header::parse`], a corrupt gzip stream, or
/// [`NiftiError::TruncatedData`].
pub fn decode_nifti(bytes: Vec<u8>, path: &Path) -> Result<Volume, NiftiError> {
    let b = inflate(bytes, path)?;
    let h = Header::parse(&b, path)?;
    let shape = h.shape();
    let n: usize = shape.iter().product();
    let width = h.datatype.bytes();
    let needed = n * width;
    let found = b.len().saturating_sub(h.vox_offset);
    if found < needed {
        return Err(NiftiError::TruncatedData {
            path: path.to_path_buf(),
            offset: h.vox_offset,
            needed,
            found,
        });
    }
    let raw = &b[h.vox_offset..h.vox_offset + needed];
    let big = h.big_endian;
    let word = |c: &[u8], i: usize| -> u8 { if big { c[c.len() - 1 - i] } else { c[i] } };
    // Straight to f32 (no f64 copy of a large volume); scaling in f64.
    let scale = h.scaling();
    let f = |x: f64| -> f32 {
        match scale {
            Some((slope, inter)) => (x * slope + inter) as f32,
            None => x as f32,
        }
    };
    let data: Vec<f32> = match h.datatype {
        Datatype::Uint8 => raw.iter().map(|&v| f(v as f64)).collect(),
        Datatype::Int16 => raw
            .chunks_exact(2)
            .map(|c| f(i16::from_le_bytes([word(c, 0), word(c, 1)]) as f64))
            .collect(),
        Datatype::Int32 => raw
            .chunks_exact(4)
            .map(|c| f(i32::from_le_bytes(std::array::from_fn(|i| word(c, i))) as f64))
            .collect(),
        Datatype::Float32 => raw
            .chunks_exact(4)
            .map(|c| f(f32::from_le_bytes(std::array::from_fn(|i| word(c, i))) as f64))
            .collect(),
        Datatype::Float64 => raw
            .chunks_exact(8)
            .map(|c| f(f64::from_le_bytes(std::array::from_fn(|i| word(c, i)))))
            .collect(),
    };
    Ok(Volume {
        shape,
        spacing: h.spacing_mm(),
        data,
    })
}

/// Reads a `.nii` or `.nii.gz` file (gzip is recognised by its magic
/// bytes, whatever the extension).
///
/// # Errors
/// [`NiftiError::Io`] if the file cannot be read, otherwise as
/// [`decode_nifti`]. Every error names `path`.
pub fn read_nifti(path: &Path) -> Result<Volume, NiftiError> {
    let bytes = std::fs::read(path).map_err(|error| NiftiError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    decode_nifti(bytes, path)
}

/// Reads only the header of a `.nii` / `.nii.gz` file (the whole file is
/// decompressed; NIfTI gives no shortcut for gzip).
///
/// # Errors
/// As [`read_nifti`], without the data checks.
pub fn read_header(path: &Path) -> Result<Header, NiftiError> {
    let bytes = std::fs::read(path).map_err(|error| NiftiError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let b = inflate(bytes, path)?;
    Header::parse(&b, path)
}
