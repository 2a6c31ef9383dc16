//! The NIfTI-1 reader and writer: round trips of every supported datatype in
//! both byte orders and gzip, header scaling and units, and a clear error
//! naming the file for every malformed input.

use prognos_plugins::nifti::{
    DATA_OFFSET, Datatype, NiftiError, Volume, decode_nifti, encode_nifti, read_nifti, write_nifti,
};
use std::path::{Path, PathBuf};

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("nifti_io");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn ramp() -> Volume {
    Volume::from_fn([3, 4, 5], [2.5, 0.75, 0.5], |z, y, x| {
        (100 * z + 10 * y + x) as f32 - 120.0
    })
}

/// Overwrites `le` bytes at `at` in a little-endian encoded file.
fn patch(b: &mut [u8], at: usize, le: &[u8]) {
    b[at..at + le.len()].copy_from_slice(le);
}

#[test]
fn every_datatype_round_trips_in_both_byte_orders() {
    let v = ramp();
    let p = Path::new("ramp.nii");
    for dt in [
        Datatype::Int16,
        Datatype::Int32,
        Datatype::Float32,
        Datatype::Float64,
    ] {
        for big in [false, true] {
            let bytes = encode_nifti(&v, dt, big, p).unwrap();
            assert_eq!(bytes.len(), DATA_OFFSET + v.len() * dt.bytes());
            let back = decode_nifti(bytes, p).unwrap();
            assert_eq!(back.shape, v.shape, "{dt:?} big={big}");
            assert_eq!(back.data, v.data, "{dt:?} big={big}");
            for k in 0..3 {
                assert!((back.spacing[k] - v.spacing[k]).abs() < 1e-6);
            }
        }
    }
    // uint8 masks.
    let m = Volume::from_fn([2, 3, 4], [1.0, 1.0, 1.0], |z, y, x| {
        ((z + y + x) % 2) as f32
    });
    let back = decode_nifti(encode_nifti(&m, Datatype::Uint8, true, p).unwrap(), p).unwrap();
    assert_eq!(back, m);
}

#[test]
fn big_endian_bytes_are_really_swapped() {
    let v = Volume::filled([1, 1, 2], [1.0, 1.0, 1.0], 258.0);
    let p = Path::new("x.nii");
    let le = encode_nifti(&v, Datatype::Int16, false, p).unwrap();
    let be = encode_nifti(&v, Datatype::Int16, true, p).unwrap();
    assert_eq!(&le[0..4], &348i32.to_le_bytes());
    assert_eq!(&be[0..4], &348i32.to_be_bytes());
    assert_eq!(&le[DATA_OFFSET..DATA_OFFSET + 2], &[2, 1]);
    assert_eq!(&be[DATA_OFFSET..DATA_OFFSET + 2], &[1, 2]);
}

#[test]
fn gz_and_plain_files_read_the_same() {
    let v = ramp();
    let (a, b) = (tmp("ramp.nii"), tmp("ramp.nii.gz"));
    write_nifti(&a, &v, Datatype::Float32).unwrap();
    write_nifti(&b, &v, Datatype::Float32).unwrap();
    let raw = std::fs::read(&b).unwrap();
    assert_eq!(&raw[..2], &[0x1f, 0x8b], "the .gz file is gzip");
    let (va, vb) = (read_nifti(&a).unwrap(), read_nifti(&b).unwrap());
    assert_eq!(va, vb);
    assert_eq!(va.data, v.data);
}

#[test]
fn scl_slope_and_inter_apply_and_slope_zero_means_none() {
    let v = Volume::filled([1, 2, 2], [1.0, 1.0, 1.0], 10.0);
    let p = Path::new("s.nii");
    let mut b = encode_nifti(&v, Datatype::Int16, false, p).unwrap();
    patch(&mut b, 112, &2f32.to_le_bytes());
    patch(&mut b, 116, &(-1024f32).to_le_bytes());
    assert!(
        decode_nifti(b.clone(), p)
            .unwrap()
            .data
            .iter()
            .all(|&x| x == -1004.0)
    );
    patch(&mut b, 112, &0f32.to_le_bytes());
    assert!(decode_nifti(b, p).unwrap().data.iter().all(|&x| x == 10.0));
}

#[test]
fn units_vox_offset_and_a_singleton_fourth_dimension() {
    let v = ramp();
    let p = Path::new("u.nii");
    let mut b = encode_nifti(&v, Datatype::Float32, false, p).unwrap();
    // dim[0] = 4 with dim[4] = 1 is a 3D volume.
    patch(&mut b, 40, &4i16.to_le_bytes());
    // Metres.
    b[123] = 1;
    // Data 16 bytes later (e.g. after an extension).
    let mut moved = b[..DATA_OFFSET].to_vec();
    moved.extend_from_slice(&[0u8; 16]);
    moved.extend_from_slice(&b[DATA_OFFSET..]);
    patch(&mut moved, 108, &((DATA_OFFSET + 16) as f32).to_le_bytes());
    let back = decode_nifti(moved, p).unwrap();
    assert_eq!(back.data, v.data);
    assert!((back.spacing[0] - 2500.0).abs() < 1e-3);
}

fn err(bytes: Vec<u8>) -> NiftiError {
    decode_nifti(bytes, Path::new("/data/p1/ct.nii")).unwrap_err()
}

fn says(e: &NiftiError, parts: &[&str]) {
    let m = e.to_string();
    assert!(m.contains("/data/p1/ct.nii"), "no file name in: {m}");
    for p in parts {
        assert!(m.contains(p), "'{p}' not in: {m}");
    }
}

#[test]
fn unsupported_datatype_names_file_and_code() {
    let mut b = encode_nifti(&ramp(), Datatype::Int16, false, Path::new("x")).unwrap();
    patch(&mut b, 70, &512i16.to_le_bytes());
    let e = err(b);
    assert!(matches!(e, NiftiError::Datatype { code: 512, .. }));
    says(&e, &["512", "uint16"]);
}

#[test]
fn wrong_dimensionality_is_an_error() {
    let base = encode_nifti(&ramp(), Datatype::Int16, false, Path::new("x")).unwrap();
    // A 2D image.
    let mut b = base.clone();
    patch(&mut b, 40, &2i16.to_le_bytes());
    says(&err(b), &["expected a 3D volume"]);
    // A time series of 2 volumes.
    let mut b = base.clone();
    patch(&mut b, 40, &4i16.to_le_bytes());
    patch(&mut b, 48, &2i16.to_le_bytes());
    assert!(matches!(err(b), NiftiError::Dimensions { .. }));
    // A zero extent.
    let mut b = base;
    patch(&mut b, 42, &0i16.to_le_bytes());
    assert!(matches!(err(b), NiftiError::Dimensions { .. }));
}

#[test]
fn truncated_header_data_and_gzip_are_errors() {
    let b = encode_nifti(&ramp(), Datatype::Int16, false, Path::new("x")).unwrap();
    let e = err(b[..200].to_vec());
    assert!(matches!(e, NiftiError::TruncatedHeader { found: 200, .. }));
    says(&e, &["truncated"]);
    let e = err(b[..b.len() - 7].to_vec());
    assert!(matches!(
        e,
        NiftiError::TruncatedData {
            needed: 120,
            found: 113,
            ..
        }
    ));
    says(&e, &["truncated voxel data"]);

    let path = tmp("cut.nii.gz");
    write_nifti(&path, &ramp(), Datatype::Float32).unwrap();
    let gz = std::fs::read(&path).unwrap();
    std::fs::write(&path, &gz[..gz.len() / 2]).unwrap();
    let e = read_nifti(&path).unwrap_err();
    assert!(matches!(e, NiftiError::Gzip { .. }), "{e}");
    assert!(e.to_string().contains("cut.nii.gz"));
}

#[test]
fn not_nifti_nifti2_magic_spacing_and_missing_file() {
    let base = encode_nifti(&ramp(), Datatype::Int16, false, Path::new("x")).unwrap();
    let mut b = base.clone();
    patch(&mut b, 0, &1234i32.to_le_bytes());
    says(&err(b), &["not a NIfTI-1 file", "1234"]);
    let mut b = base.clone();
    patch(&mut b, 0, &540i32.to_le_bytes());
    says(&err(b), &["NIfTI-2"]);
    let mut b = base.clone();
    b[344..348].copy_from_slice(b"ni1\0");
    says(&err(b), &["ni1", ".hdr/.img"]);
    let mut b = base.clone();
    patch(&mut b, 80, &0f32.to_le_bytes());
    says(&err(b), &["voxel size"]);
    let mut b = base;
    patch(&mut b, 108, &100f32.to_le_bytes());
    says(&err(b), &["vox_offset"]);
    let e = read_nifti(Path::new("/nonexistent/ct.nii.gz")).unwrap_err();
    assert!(matches!(e, NiftiError::Io { .. }));
    assert!(e.to_string().contains("/nonexistent/ct.nii.gz"));
}

#[test]
fn writer_rejects_values_outside_an_integer_type() {
    let mut v = ramp();
    v.data[7] = 40000.0;
    let e = encode_nifti(&v, Datatype::Int16, false, Path::new("o.nii")).unwrap_err();
    assert!(matches!(e, NiftiError::OutOfRange { index: 7, .. }), "{e}");
    v.data[7] = f32::NAN;
    assert!(encode_nifti(&v, Datatype::Uint8, false, Path::new("o.nii")).is_err());
    v.data.pop();
    assert!(matches!(
        encode_nifti(&v, Datatype::Float32, false, Path::new("o.nii")),
        Err(NiftiError::ShapeMismatch { .. })
    ));
}
