//! A small reader and writer for NumPy's `.npy` format (versions 1.0–3.0),
//! enough for the inputs of the reference networks: little-endian `f4`/`f8`
//! (and `u1`, `i2`, `i4` images) in C order, read into `f32`.
//!
//! Format (NumPy NEP 1): the magic `\x93NUMPY`, a major and minor version
//! byte, a little-endian header length (`u16` for 1.0, `u32` for 2.0/3.0),
//! then a Python dict literal `{'descr': '<f4', 'fortran_order': False,
//! 'shape': (14, 54, 54), }` padded with spaces to a multiple of 64 bytes
//! and ending in `\n`, then the raw data.
//!
//! ```
//! use prognos_plugins::npy::{read_npy, write_npy};
//! let mut buf = Vec::new();
//! write_npy(&mut buf, &[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
//! let a = read_npy(&mut buf.as_slice()).unwrap();
//! assert_eq!(a.shape, vec![2, 3]);
//! assert_eq!(a.data[5], 6.0);
//! ```

use std::io::{Read, Write};

/// A dense array read from `.npy`: row-major `f32` values and their shape.
#[derive(Debug, Clone, PartialEq)]
pub struct NpyArray {
    /// Extent of each dimension (empty for a scalar).
    pub shape: Vec<usize>,
    /// Values in C (row-major) order.
    pub data: Vec<f32>,
}

/// Why a `.npy` stream could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum NpyError {
    /// Reading or writing failed.
    #[error("npy: I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The stream does not start with `\x93NUMPY`.
    #[error("npy: not a .npy file (bad magic bytes)")]
    BadMagic,
    /// A format version other than 1, 2 or 3.
    #[error("npy: unsupported format version {major}.{minor}")]
    Version {
        /// Major version byte.
        major: u8,
        /// Minor version byte.
        minor: u8,
    },
    /// The header dict lacks a key or has a value that cannot be parsed.
    #[error("npy: header key '{key}' missing or malformed in {header:?}")]
    Header {
        /// The key (`descr`, `fortran_order`, `shape`).
        key: &'static str,
        /// The header text.
        header: String,
    },
    /// A dtype other than `<f4 <f8 |u1 <i2 <i4`.
    #[error("npy: unsupported dtype '{0}' (use little-endian float32/float64)")]
    Dtype(String),
    /// Fortran-order arrays are not supported.
    #[error("npy: fortran_order arrays are not supported (save with np.ascontiguousarray)")]
    FortranOrder,
    /// Fewer data bytes than the shape needs.
    #[error("npy: data holds {found} bytes, shape {shape:?} needs {needed}")]
    Truncated {
        /// The declared shape.
        shape: Vec<usize>,
        /// Bytes needed.
        needed: usize,
        /// Bytes found.
        found: usize,
    },
    /// The shape does not match the number of values to write.
    #[error("npy: shape {shape:?} needs {needed} values, got {len}")]
    ShapeMismatch {
        /// The shape.
        shape: Vec<usize>,
        /// Product of the shape.
        needed: usize,
        /// Values given.
        len: usize,
    },
}

const MAGIC: &[u8; 6] = b"\x93NUMPY";

/// The text of `key`'s value in the header dict, up to the next top-level
/// comma or closing brace.
fn header_value<'a>(header: &'a str, key: &'static str) -> Result<&'a str, NpyError> {
    let bad = || NpyError::Header {
        key,
        header: header.to_string(),
    };
    let pos = header
        .find(&format!("'{key}'"))
        .or_else(|| header.find(&format!("\"{key}\"")))
        .ok_or_else(bad)?;
    let rest = &header[pos + key.len() + 2..];
    let rest = rest
        .trim_start()
        .strip_prefix(':')
        .ok_or_else(bad)?
        .trim_start();
    let end = if rest.starts_with('(') {
        rest.find(')').map(|i| i + 1)
    } else {
        rest.find([',', '}'])
    }
    .ok_or_else(bad)?;
    Ok(rest[..end].trim())
}

/// Reads one array from a `.npy` stream.
///
/// # Errors
/// Any [`NpyError`]: bad magic, version, header, dtype, Fortran order, or
/// truncated data.
pub fn read_npy<R: Read>(r: &mut R) -> Result<NpyArray, NpyError> {
    let mut magic = [0u8; 8];
    r.read_exact(&mut magic)?;
    if &magic[..6] != MAGIC {
        return Err(NpyError::BadMagic);
    }
    let (major, minor) = (magic[6], magic[7]);
    let header_len = match major {
        1 => {
            let mut b = [0u8; 2];
            r.read_exact(&mut b)?;
            u16::from_le_bytes(b) as usize
        }
        2 | 3 => {
            let mut b = [0u8; 4];
            r.read_exact(&mut b)?;
            u32::from_le_bytes(b) as usize
        }
        _ => return Err(NpyError::Version { major, minor }),
    };
    let mut hbytes = vec![0u8; header_len];
    r.read_exact(&mut hbytes)?;
    let header = String::from_utf8_lossy(&hbytes).into_owned();

    let descr = header_value(&header, "descr")?.trim_matches(['\'', '"']);
    let fortran = header_value(&header, "fortran_order")?;
    if fortran == "True" {
        return Err(NpyError::FortranOrder);
    }
    let shape_text = header_value(&header, "shape")?;
    let shape: Vec<usize> = shape_text
        .trim_matches(['(', ')'])
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_end_matches('L').parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| NpyError::Header {
            key: "shape",
            header: header.clone(),
        })?;
    let n: usize = shape.iter().product();
    let width = match descr {
        "<f4" | "<i4" => 4,
        "<f8" => 8,
        "<i2" => 2,
        "|u1" | "<u1" => 1,
        other => return Err(NpyError::Dtype(other.to_string())),
    };
    let mut raw = Vec::with_capacity(n * width);
    r.take((n * width) as u64).read_to_end(&mut raw)?;
    if raw.len() != n * width {
        return Err(NpyError::Truncated {
            shape,
            needed: n * width,
            found: raw.len(),
        });
    }
    let data: Vec<f32> = match descr {
        "<f4" => raw
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
        "<i4" => raw
            .chunks_exact(4)
            .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]) as f32)
            .collect(),
        "<f8" => raw
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8])) as f32)
            .collect(),
        "<i2" => raw
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]) as f32)
            .collect(),
        _ => raw.iter().map(|&b| b as f32).collect(),
    };
    Ok(NpyArray { shape, data })
}

/// Writes `data` with `shape` as a version-1.0 `<f4` C-order `.npy`.
///
/// # Errors
/// [`NpyError::ShapeMismatch`] or an I/O error.
pub fn write_npy<W: Write>(w: &mut W, shape: &[usize], data: &[f32]) -> Result<(), NpyError> {
    let needed: usize = shape.iter().product();
    if needed != data.len() {
        return Err(NpyError::ShapeMismatch {
            shape: shape.to_vec(),
            needed,
            len: data.len(),
        });
    }
    let shape_txt = match shape.len() {
        1 => format!("({},)", shape[0]),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut header = format!("{{'descr': '<f4', 'fortran_order': False, 'shape': {shape_txt}, }}");
    // magic(6) + version(2) + len(2) + header + '\n' is a multiple of 64.
    let total = 10 + header.len() + 1;
    header.push_str(&" ".repeat((64 - total % 64) % 64));
    header.push('\n');
    w.write_all(MAGIC)?;
    w.write_all(&[1, 0])?;
    w.write_all(&(header.len() as u16).to_le_bytes())?;
    w.write_all(header.as_bytes())?;
    let mut bytes = Vec::with_capacity(data.len() * 4);
    for v in data {
        bytes.extend_from_slice(&v.to_le_bytes());
    }
    w.write_all(&bytes)?;
    Ok(())
}

/// Reads a `.npy` file.
///
/// # Errors
/// As [`read_npy`], plus the file's I/O errors.
pub fn read_npy_file(path: &std::path::Path) -> Result<NpyArray, NpyError> {
    let f = std::fs::File::open(path)?;
    read_npy(&mut std::io::BufReader::new(f))
}

/// Writes a `.npy` file.
///
/// # Errors
/// As [`write_npy`], plus the file's I/O errors.
pub fn write_npy_file(
    path: &std::path::Path,
    shape: &[usize],
    data: &[f32],
) -> Result<(), NpyError> {
    let f = std::fs::File::create(path)?;
    let mut w = std::io::BufWriter::new(f);
    write_npy(&mut w, shape, data)?;
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_shape_and_values_and_aligns_header() {
        let data: Vec<f32> = (0..24).map(|i| i as f32 * 0.5 - 3.0).collect();
        let mut buf = Vec::new();
        write_npy(&mut buf, &[2, 3, 4], &data).unwrap();
        let hlen = u16::from_le_bytes([buf[8], buf[9]]) as usize;
        assert_eq!((10 + hlen) % 64, 0);
        let a = read_npy(&mut buf.as_slice()).unwrap();
        assert_eq!(a.shape, vec![2, 3, 4]);
        assert_eq!(a.data, data);
    }

    #[test]
    fn reads_numpy_float64_header_as_numpy_writes_it() {
        // Bytes as numpy 1.x writes np.array([1.5, -2.0]) with np.save.
        let mut buf = Vec::new();
        let mut h = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }".to_string();
        h.push_str(&" ".repeat(64 - (10 + h.len() + 1) % 64));
        h.push('\n');
        buf.extend_from_slice(MAGIC);
        buf.extend_from_slice(&[1, 0]);
        buf.extend_from_slice(&(h.len() as u16).to_le_bytes());
        buf.extend_from_slice(h.as_bytes());
        buf.extend_from_slice(&1.5f64.to_le_bytes());
        buf.extend_from_slice(&(-2.0f64).to_le_bytes());
        let a = read_npy(&mut buf.as_slice()).unwrap();
        assert_eq!(a.shape, vec![2]);
        assert_eq!(a.data, vec![1.5, -2.0]);
    }

    #[test]
    fn truncated_and_bad_magic_are_errors() {
        let mut buf = Vec::new();
        write_npy(&mut buf, &[4], &[1.0, 2.0, 3.0, 4.0]).unwrap();
        buf.truncate(buf.len() - 3);
        assert!(matches!(
            read_npy(&mut buf.as_slice()),
            Err(NpyError::Truncated { .. })
        ));
        assert!(matches!(
            read_npy(&mut &b"GIF89a.........."[..]),
            Err(NpyError::BadMagic)
        ));
    }
}
