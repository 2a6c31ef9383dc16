//! The NIfTI-1 header: the fields this reader uses, their byte offsets, and
//! byte-order detection.
//!
//! | Offset | Field | Type | Use here |
//! |---|---|---|---|
//! | 0 | `sizeof_hdr` | i32 | 348; read in both byte orders to find the file's endianness |
//! | 40 | `dim[8]` | i16 | `dim[0]` = rank, `dim[1..4]` = x, y, z extents |
//! | 70 | `datatype` | i16 | voxel type code |
//! | 72 | `bitpix` | i16 | bits per voxel (written; the reader trusts `datatype`) |
//! | 76 | `pixdim[8]` | f32 | `pixdim[1..4]` = voxel size along x, y, z |
//! | 108 | `vox_offset` | f32 | byte offset of the voxel data |
//! | 112 | `scl_slope` | f32 | `value = slope · stored + inter` (slope 0 or non-finite: none) |
//! | 116 | `scl_inter` | f32 | see above |
//! | 123 | `xyzt_units` | u8 | spatial unit in bits 0–2: 1 m, 2 mm, 3 µm (0 unknown: mm assumed) |
//! | 252 | `qform_code`, `sform_code` | i16 | read, not used |
//! | 344 | `magic` | 4 bytes | `"n+1\0"` |
//!
//! The orientation (`qform`/`sform` affines, `pixdim[0]` = qfac) is ignored:
//! the volume is kept in the file's storage order, and only the voxel sizes
//! are taken from `pixdim`. Image and mask therefore must share a storage
//! order, which holds for masks drawn on the image (the usual case).

use super::error::NiftiError;
use std::path::Path;

/// Size of the NIfTI-1 header in bytes.
pub const HEADER_SIZE: usize = 348;
/// `vox_offset` this writer uses: the header plus a 4-byte empty extension flag.
pub const DATA_OFFSET: usize = 352;

/// The voxel types this module reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Datatype {
    /// `DT_UINT8` (code 2).
    Uint8,
    /// `DT_INT16` (code 4), the usual type of CT volumes (Hounsfield units).
    Int16,
    /// `DT_INT32` (code 8).
    Int32,
    /// `DT_FLOAT32` (code 16).
    Float32,
    /// `DT_FLOAT64` (code 64).
    Float64,
}

impl Datatype {
    /// The NIfTI `datatype` code.
    pub fn code(self) -> i16 {
        match self {
            Datatype::Uint8 => 2,
            Datatype::Int16 => 4,
            Datatype::Int32 => 8,
            Datatype::Float32 => 16,
            Datatype::Float64 => 64,
        }
    }

    /// Bytes per voxel.
    pub fn bytes(self) -> usize {
        match self {
            Datatype::Uint8 => 1,
            Datatype::Int16 => 2,
            Datatype::Int32 | Datatype::Float32 => 4,
            Datatype::Float64 => 8,
        }
    }

    /// The NIfTI name (`"int16"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Datatype::Uint8 => "uint8",
            Datatype::Int16 => "int16",
            Datatype::Int32 => "int32",
            Datatype::Float32 => "float32",
            Datatype::Float64 => "float64",
        }
    }

    /// The type of a supported code.
    pub fn from_code(code: i16) -> Option<Datatype> {
        Some(match code {
            2 => Datatype::Uint8,
            4 => Datatype::Int16,
            8 => Datatype::Int32,
            16 => Datatype::Float32,
            64 => Datatype::Float64,
            _ => return None,
        })
    }
}

/// The NIfTI name of any `datatype` code, for error messages.
pub(crate) fn code_name(code: i16) -> &'static str {
    match code {
        0 => "unknown",
        1 => "binary",
        2 => "uint8",
        4 => "int16",
        8 => "int32",
        16 => "float32",
        32 => "complex64",
        64 => "float64",
        128 => "rgb24",
        256 => "int8",
        512 => "uint16",
        768 => "uint32",
        1024 => "int64",
        1280 => "uint64",
        1536 => "float128",
        1792 => "complex128",
        2048 => "complex256",
        2304 => "rgba32",
        _ => "not a NIfTI code",
    }
}

/// The header fields this reader uses, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Whether the file is big-endian.
    pub big_endian: bool,
    /// `dim[0..8]`.
    pub dim: [i16; 8],
    /// The voxel type.
    pub datatype: Datatype,
    /// `pixdim[0..8]`.
    pub pixdim: [f32; 8],
    /// Byte offset of the voxel data.
    pub vox_offset: usize,
    /// `scl_slope` (0 or non-finite: no scaling).
    pub scl_slope: f32,
    /// `scl_inter`.
    pub scl_inter: f32,
    /// `xyzt_units`.
    pub xyzt_units: u8,
    /// `qform_code` (not used).
    pub qform_code: i16,
    /// `sform_code` (not used).
    pub sform_code: i16,
}

/// Reads fixed-size fields in the file's byte order.
struct Fields<'a> {
    b: &'a [u8],
    big: bool,
}

impl Fields<'_> {
    fn bytes<const N: usize>(&self, at: usize) -> [u8; N] {
        let mut a = [0u8; N];
        a.copy_from_slice(&self.b[at..at + N]);
        if self.big {
            a.reverse();
        }
        a
    }
    fn i16(&self, at: usize) -> i16 {
        i16::from_le_bytes(self.bytes(at))
    }
    fn f32(&self, at: usize) -> f32 {
        f32::from_le_bytes(self.bytes(at))
    }
}

impl Header {
    /// Decodes and checks the header at the start of `b` (`path` names the
    /// file in errors).
    ///
    /// # Errors
    /// [`NiftiError`] for a short header, a wrong `sizeof_hdr` or magic,
    /// NIfTI-2, an unsupported datatype, a non-3D `dim`, a bad voxel size
    /// or `vox_offset`.
    pub fn parse(b: &[u8], path: &Path) -> Result<Header, NiftiError> {
        let p = || path.to_path_buf();
        if b.len() < HEADER_SIZE {
            // A NIfTI-2 header is longer; recognise it only if complete enough.
            return Err(NiftiError::TruncatedHeader {
                path: p(),
                found: b.len(),
            });
        }
        let le = i32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let be = i32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        let big = match (le, be) {
            (348, _) => false,
            (_, 348) => true,
            (540, _) | (_, 540) => return Err(NiftiError::Nifti2 { path: p() }),
            _ => {
                return Err(NiftiError::NotNifti {
                    path: p(),
                    sizeof_hdr: le,
                });
            }
        };
        let f = Fields { b, big };
        let magic = &b[344..348];
        if &magic[..3] != b"n+1" {
            return Err(NiftiError::Magic {
                path: p(),
                magic: String::from_utf8_lossy(magic)
                    .trim_end_matches('\0')
                    .to_string(),
            });
        }
        let mut dim = [0i16; 8];
        for (k, d) in dim.iter_mut().enumerate() {
            *d = f.i16(40 + 2 * k);
        }
        let rank = dim[0];
        let ok_dim = (3..=7).contains(&rank)
            && dim[1..4].iter().all(|&d| d >= 1)
            && dim[4..=rank as usize].iter().all(|&d| d == 1);
        if !ok_dim {
            return Err(NiftiError::Dimensions { path: p(), dim });
        }
        let code = f.i16(70);
        let datatype = Datatype::from_code(code).ok_or(NiftiError::Datatype {
            path: p(),
            code,
            name: code_name(code),
        })?;
        let mut pixdim = [0f32; 8];
        for (k, v) in pixdim.iter_mut().enumerate() {
            *v = f.f32(76 + 4 * k);
        }
        let spacing = [pixdim[1], pixdim[2], pixdim[3]];
        if !spacing.iter().all(|s| s.is_finite() && *s > 0.0) {
            return Err(NiftiError::Spacing { path: p(), spacing });
        }
        let off = f.f32(108);
        if !(off.is_finite() && off >= HEADER_SIZE as f32) {
            return Err(NiftiError::VoxOffset {
                path: p(),
                vox_offset: off,
            });
        }
        Ok(Header {
            big_endian: big,
            dim,
            datatype,
            pixdim,
            vox_offset: off as usize,
            scl_slope: f.f32(112),
            scl_inter: f.f32(116),
            xyzt_units: b[123],
            qform_code: f.i16(252),
            sform_code: f.i16(254),
        })
    }

    /// `[nz, ny, nx]`: depth (slices), height (rows), width (columns).
    pub fn shape(&self) -> [usize; 3] {
        [
            self.dim[3] as usize,
            self.dim[2] as usize,
            self.dim[1] as usize,
        ]
    }

    /// Millimetres per unit of `pixdim` (metre 1000, micron 0.001; unknown
    /// or any other code: 1, i.e. millimetres assumed).
    pub fn mm_per_unit(&self) -> f64 {
        match self.xyzt_units & 0x07 {
            1 => 1000.0,
            3 => 0.001,
            _ => 1.0,
        }
    }

    /// Voxel size in mm as `[z, y, x]` (the order of [`Header::shape`]).
    pub fn spacing_mm(&self) -> [f64; 3] {
        let u = self.mm_per_unit();
        [
            self.pixdim[3] as f64 * u,
            self.pixdim[2] as f64 * u,
            self.pixdim[1] as f64 * u,
        ]
    }

    /// The intensity scaling `(slope, inter)`, or `None` when `scl_slope` is
    /// 0 or not finite (the NIfTI rule: no scaling).
    pub fn scaling(&self) -> Option<(f64, f64)> {
        let s = self.scl_slope;
        (s.is_finite() && s != 0.0).then(|| {
            let i = if self.scl_inter.is_finite() {
                self.scl_inter
            } else {
                0.0
            };
            (s as f64, i as f64)
        })
    }
}

/// Encodes a 352-byte header + empty extension flag for a volume of
/// `shape` (`[z, y, x]`), voxel size `spacing` (mm, `[z, y, x]`) and
/// `datatype`, in either byte order. Orientation codes are 0 (unknown).
pub(crate) fn encode_header(
    shape: [usize; 3],
    spacing: [f64; 3],
    datatype: Datatype,
    big_endian: bool,
) -> Vec<u8> {
    let mut b = vec![0u8; DATA_OFFSET];
    let put = |b: &mut [u8], at: usize, le: &[u8]| {
        let n = le.len();
        b[at..at + n].copy_from_slice(le);
        if big_endian {
            b[at..at + n].reverse();
        }
    };
    put(&mut b, 0, &(HEADER_SIZE as i32).to_le_bytes());
    let dim: [i16; 8] = [
        3,
        shape[2] as i16,
        shape[1] as i16,
        shape[0] as i16,
        1,
        1,
        1,
        1,
    ];
    for (k, d) in dim.iter().enumerate() {
        put(&mut b, 40 + 2 * k, &d.to_le_bytes());
    }
    put(&mut b, 70, &datatype.code().to_le_bytes());
    put(&mut b, 72, &((datatype.bytes() * 8) as i16).to_le_bytes());
    let pixdim: [f32; 8] = [
        1.0,
        spacing[2] as f32,
        spacing[1] as f32,
        spacing[0] as f32,
        0.0,
        0.0,
        0.0,
        0.0,
    ];
    for (k, v) in pixdim.iter().enumerate() {
        put(&mut b, 76 + 4 * k, &v.to_le_bytes());
    }
    put(&mut b, 108, &(DATA_OFFSET as f32).to_le_bytes());
    put(&mut b, 112, &1f32.to_le_bytes());
    put(&mut b, 116, &0f32.to_le_bytes());
    b[123] = 2; // NIFTI_UNITS_MM
    b[344..348].copy_from_slice(b"n+1\0");
    b
}
