//! A NIfTI-1 reader and writer for CT volumes and their masks (own code;
//! gzip through `flate2`).
//!
//! Reads single-file NIfTI-1 (`.nii`, and `.nii.gz` recognised by its gzip
//! magic bytes) in either byte order (the order in which `sizeof_hdr` reads
//! 348 decides), with voxel types uint8, int16, int32, float32 and float64.
//! The header must describe a 3D volume (`dim[0]` = 3, or 4–7 with every
//! extent beyond the third equal to 1). Values are scaled by
//! `scl_slope`/`scl_inter` (slope 0: no scaling) and returned as `f32` in a
//! [`Volume`] in the file's storage order, `[z, y, x]` with x fastest, and
//! the voxel size from `pixdim[1..4]` in mm (`xyzt_units` metres and
//! microns converted; unknown units taken as mm).
//!
//! **Orientation is ignored**: `qform`/`sform` affines and `pixdim[0]`
//! (qfac) are not applied; only the voxel size is used. A CT volume and the
//! mask drawn on it share storage order and spacing, which is all the CT
//! preprocessing needs; volumes are not reoriented to a common anatomical
//! frame (so "depth" is the file's third axis, the slice axis for axial CT).
//!
//! Not supported, each a clear [`NiftiError`] naming the file: NIfTI-2,
//! `.hdr`/`.img` pairs, other voxel types (int8, uint16, RGB, complex, ...),
//! 2D images and time series, truncated headers, data or gzip streams.
//!
//! The writer ([`write_nifti`]) produces little-endian `n+1` files of any of
//! the five types (int16 for HU volumes, uint8 for masks, float32 for
//! preprocessed volumes), gzip-compressed when the name ends in `.gz`.
//!
//! ```
//! use prognos_plugins::nifti::{Datatype, Volume, decode_nifti, encode_nifti};
//! let v = Volume::from_fn([2, 3, 4], [2.5, 0.8, 0.8], |z, y, x| (100 * z + 10 * y + x) as f32);
//! let path = std::path::Path::new("ct.nii");
//! let bytes = encode_nifti(&v, Datatype::Int16, false, path).unwrap();
//! let back = decode_nifti(bytes, path).unwrap();
//! assert_eq!(back.shape, [2, 3, 4]);
//! assert_eq!(back.at(1, 2, 3), 123.0);
//! assert!((back.spacing[0] - 2.5).abs() < 1e-6);
//! ```
//!
//! # References
//! NIfTI-1 data format, `nifti1.h` (Cox RW et al., NIfTI Data Format
//! Working Group, 2004).

mod error;
mod header;
mod read;
mod volume;
mod write;

pub use error::NiftiError;
pub use header::{DATA_OFFSET, Datatype, HEADER_SIZE, Header};
pub use read::{decode_nifti, read_header, read_nifti};
pub use volume::Volume;
pub use write::{encode_nifti, write_nifti};

/// Whether `path` names a NIfTI file by its extension (`.nii`, `.nii.gz`,
/// any case).
pub fn is_nifti_path(path: &std::path::Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".nii") || name.ends_with(".nii.gz")
}
