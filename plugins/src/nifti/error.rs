//! Why a NIfTI file could not be read or written. Every variant names the
//! file, so a CLI can print the message as is.

use std::path::PathBuf;

/// A failure to read, decode or write a NIfTI-1 volume.
#[derive(Debug, thiserror::Error)]
pub enum NiftiError {
    /// Opening, reading or writing the file failed.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error (not chained as a source: the message holds it).
        error: std::io::Error,
    },
    /// The gzip stream is corrupt or cut short.
    #[error("{path}: gzip stream is corrupt or truncated ({error})")]
    Gzip {
        /// The file.
        path: PathBuf,
        /// The decoder's error (in the message, not chained).
        error: std::io::Error,
    },
    /// Shorter than the 348-byte header.
    #[error("{path}: truncated NIfTI header ({found} bytes, need 348)")]
    TruncatedHeader {
        /// The file.
        path: PathBuf,
        /// Bytes found.
        found: usize,
    },
    /// `sizeof_hdr` is 348 in neither byte order.
    #[error("{path}: not a NIfTI-1 file (sizeof_hdr is {sizeof_hdr}, expected 348)")]
    NotNifti {
        /// The file.
        path: PathBuf,
        /// `sizeof_hdr` read little-endian.
        sizeof_hdr: i32,
    },
    /// A NIfTI-2 header (`sizeof_hdr` = 540).
    #[error("{path}: NIfTI-2 files are not supported (convert to NIfTI-1)")]
    Nifti2 {
        /// The file.
        path: PathBuf,
    },
    /// The magic is not `n+1` (single file); `ni1` is a `.hdr`/`.img` pair.
    #[error(
        "{path}: magic {magic:?} is not \"n+1\" (single-file NIfTI-1; .hdr/.img pairs are not supported)"
    )]
    Magic {
        /// The file.
        path: PathBuf,
        /// The four magic bytes, rendered.
        magic: String,
    },
    /// A datatype code other than uint8 (2), int16 (4), int32 (8),
    /// float32 (16), float64 (64).
    #[error(
        "{path}: unsupported NIfTI datatype code {code} ({name}); supported: uint8 (2), int16 (4), int32 (8), float32 (16), float64 (64)"
    )]
    Datatype {
        /// The file.
        path: PathBuf,
        /// The `datatype` field.
        code: i16,
        /// Its NIfTI name, or `"unknown"`.
        name: &'static str,
    },
    /// Not a 3D volume: `dim[0]` outside 3..=7 or a 4th+ dimension above 1.
    #[error(
        "{path}: expected a 3D volume, header dim = {dim:?} (dim[0] = 3, or more with every extra extent 1)"
    )]
    Dimensions {
        /// The file.
        path: PathBuf,
        /// `dim[0..8]`.
        dim: [i16; 8],
    },
    /// A voxel size that is not finite and positive.
    #[error("{path}: voxel size pixdim[1..4] = {spacing:?} must be positive and finite")]
    Spacing {
        /// The file.
        path: PathBuf,
        /// `pixdim[1..4]` (x, y, z).
        spacing: [f32; 3],
    },
    /// `vox_offset` inside the header or not finite.
    #[error("{path}: vox_offset {vox_offset} is invalid (must be at least 348)")]
    VoxOffset {
        /// The file.
        path: PathBuf,
        /// The field.
        vox_offset: f32,
    },
    /// Fewer data bytes than `dim` and `datatype` need.
    #[error(
        "{path}: truncated voxel data ({found} bytes after vox_offset {offset}, need {needed})"
    )]
    TruncatedData {
        /// The file.
        path: PathBuf,
        /// Byte offset of the data.
        offset: usize,
        /// Bytes needed.
        needed: usize,
        /// Bytes present.
        found: usize,
    },
    /// Writing: the data length does not match the shape.
    #[error("{path}: volume shape {shape:?} needs {needed} values, got {len}")]
    ShapeMismatch {
        /// The file.
        path: PathBuf,
        /// The shape `[depth, height, width]`.
        shape: [usize; 3],
        /// Product of the shape.
        needed: usize,
        /// Values given.
        len: usize,
    },
    /// Writing: a value the chosen integer datatype cannot hold.
    #[error("{path}: value {value} at voxel {index} does not fit datatype {datatype}")]
    OutOfRange {
        /// The file.
        path: PathBuf,
        /// 0-based voxel index (row-major).
        index: usize,
        /// The value.
        value: f32,
        /// The datatype's name.
        datatype: &'static str,
    },
    /// Writing: an extent that does not fit the header's `i16` fields.
    #[error("{path}: volume shape {shape:?} has an extent above 32767, which NIfTI-1 cannot store")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The shape.
        shape: [usize; 3],
    },
}
