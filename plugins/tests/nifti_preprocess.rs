//! The CT preprocessing steps one by one (window, resample, bounding box,
//! crop, normalise, resize, flips, augmentation) on small planted volumes,
//! the pipeline against the composition of the steps, and its errors.
#![cfg(feature = "nets")]

use prognos_plugins::nets::preprocess::{
    Augment, AugmentParams, BoundingBox, CtInputError, CtPreprocessParams, Interp, Normalise,
    PreprocessError, crop, flip, load_ct_pair, mask_bbox, normalise, prepare, resample, resize,
    window,
};
use prognos_plugins::nifti::{Datatype, Volume, write_nifti};
use std::path::PathBuf;

fn close(a: f32, b: f32, tol: f32) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn window_350_50_clips_to_minus_125_and_225() {
    let v = Volume {
        shape: [1, 1, 7],
        spacing: [1.0; 3],
        data: vec![-1000.0, -125.0, 50.0, 225.0, 1000.0, f32::NAN, -55.0],
    };
    let w = window(&v, 50.0, 350.0);
    let want = [0.0, 0.0, 0.5, 1.0, 1.0, 0.0, 0.2];
    for (g, e) in w.data.iter().zip(want) {
        assert!(close(*g, e, 1e-6), "{:?}", w.data);
    }
}

#[test]
fn trilinear_resampling_of_a_linear_ramp_is_exact() {
    let s = [2.5, 0.7, 1.3];
    let f = |z: f64, y: f64, x: f64| 3.0 * z + 2.0 * y - x + 5.0;
    let v = Volume::from_fn([5, 9, 7], s, |z, y, x| {
        f(z as f64 * s[0], y as f64 * s[1], x as f64 * s[2]) as f32
    });
    let r = resample(&v, [1.0; 3], Interp::Linear);
    // floor((n - 1) * s) + 1 points at 1 mm from the first voxel centre.
    assert_eq!(r.shape, [11, 6, 8]);
    assert_eq!(r.spacing, [1.0; 3]);
    for z in 0..11 {
        for y in 0..6 {
            for x in 0..8 {
                let e = f(z as f64, y as f64, x as f64) as f32;
                assert!(
                    close(r.at(z, y, x), e, 1e-4),
                    "({z},{y},{x}) {} vs {e}",
                    r.at(z, y, x)
                );
            }
        }
    }
}

#[test]
fn nearest_neighbour_resampling_keeps_mask_labels() {
    let m = Volume::from_fn([4, 6, 6], [3.0, 0.5, 0.5], |z, y, x| {
        ((z + y + x) % 3 == 0) as u8 as f32
    });
    let r = resample(&m, [1.0; 3], Interp::Nearest);
    assert_eq!(r.shape, [10, 3, 3]);
    assert!(r.data.iter().all(|&v| v == 0.0 || v == 1.0));
    // Voxel (z = 3 mm, y = 1 mm, x = 2 mm) is source (1, 2, 4): 7 % 3 != 0.
    assert_eq!(r.at(3, 1, 2), 0.0);
    // (z = 0, y = 1 mm, x = 0) is source (0, 2, 0): 2 % 3 != 0; (0, 0, 0) is 1.
    assert_eq!(r.at(0, 0, 0), 1.0);
}

#[test]
fn resize_uses_half_pixel_centres_and_identity_is_exact() {
    let v = Volume::from_fn([4, 5, 6], [1.0; 3], |z, y, x| (z * 100 + y * 10 + x) as f32);
    let same = resize(&v, [4, 5, 6], Interp::Linear);
    assert_eq!(same.data, v.data);
    // A ramp along x, 6 -> 12: src = (j + 0.5) / 2 - 0.5, clamped to [0, 5].
    let r = resize(&v, [4, 5, 12], Interp::Linear);
    for j in 0..12 {
        let src = ((j as f64 + 0.5) * 0.5 - 0.5).clamp(0.0, 5.0) as f32;
        assert!(close(r.at(2, 3, j), 230.0 + src, 1e-4), "{j}");
    }
    assert!((r.spacing[2] - 0.5).abs() < 1e-12);
    let c = resize(
        &Volume::filled([3, 7, 2], [1.0; 3], 4.5),
        [14, 54, 54],
        Interp::Linear,
    );
    assert_eq!(c.shape, [14, 54, 54]);
    assert!(c.data.iter().all(|&x| x == 4.5));
}

#[test]
fn bounding_box_of_a_planted_cube_expands_and_clamps() {
    let cube = |z: usize, y: usize, x: usize| {
        (2..=4).contains(&z) && (3..=7).contains(&y) && (1..=5).contains(&x)
    };
    let m = Volume::from_fn([8, 12, 20], [1.0; 3], |z, y, x| cube(z, y, x) as u8 as f32);
    let b = mask_bbox(&m).unwrap();
    assert_eq!(
        b,
        BoundingBox {
            lo: [2, 3, 1],
            hi: [4, 7, 5]
        }
    );
    let e = b.expand(5, m.shape);
    assert_eq!(
        e,
        BoundingBox {
            lo: [0, 0, 0],
            hi: [7, 11, 10]
        }
    );
    let c = crop(&m, &e);
    assert_eq!(c.shape, [8, 12, 11]);
    assert_eq!(c.data.iter().filter(|&&v| v != 0.0).count(), 3 * 5 * 5);
    assert!(mask_bbox(&Volume::filled([2, 2, 2], [1.0; 3], 0.0)).is_none());
}

#[test]
fn zscore_and_window_normalisation_and_flips() {
    let mut v = Volume::from_fn([2, 3, 4], [1.0; 3], |z, y, x| (z * 12 + y * 4 + x) as f32);
    let orig = v.clone();
    normalise(&mut v, Normalise::Window);
    assert_eq!(v, orig);
    normalise(&mut v, Normalise::Zscore);
    let n = v.len() as f64;
    let mean = v.data.iter().map(|&x| x as f64).sum::<f64>() / n;
    let var = v
        .data
        .iter()
        .map(|&x| (x as f64 - mean).powi(2))
        .sum::<f64>()
        / n;
    assert!(mean.abs() < 1e-6 && (var - 1.0).abs() < 1e-5);
    let mut k = Volume::filled([1, 2, 2], [1.0; 3], 0.7);
    normalise(&mut k, Normalise::Zscore);
    assert!(k.data.iter().all(|&x| x == 0.0));

    let f = flip(&orig, [false, false, true]);
    assert_eq!(f.at(1, 2, 0), orig.at(1, 2, 3));
    let g = flip(&orig, [true, true, false]);
    assert_eq!(g.at(0, 0, 1), orig.at(1, 2, 1));
    assert_eq!(flip(&g, [true, true, false]), orig);
}

/// A CT with an ellipsoid lesion (HU 40 ± texture) in -300 HU, and its mask.
fn phantom(shape: [usize; 3], spacing: [f64; 3]) -> (Volume, Volume) {
    let c = [
        shape[0] as f64 * 0.45,
        shape[1] as f64 * 0.55,
        shape[2] as f64 * 0.4,
    ];
    let r = [
        shape[0] as f64 * 0.2,
        shape[1] as f64 * 0.15,
        shape[2] as f64 * 0.2,
    ];
    let q = |z: usize, y: usize, x: usize| {
        ((z as f64 - c[0]) / r[0]).powi(2)
            + ((y as f64 - c[1]) / r[1]).powi(2)
            + ((x as f64 - c[2]) / r[2]).powi(2)
    };
    let img = Volume::from_fn(shape, spacing, |z, y, x| {
        if q(z, y, x) <= 1.0 {
            40.0 + ((z * 7 + y * 3 + x) % 11) as f32 * 9.0
        } else {
            -300.0 + (x as f32) * 4.0 + (y as f32)
        }
    });
    let mask = Volume::from_fn(shape, spacing, |z, y, x| (q(z, y, x) <= 1.0) as u8 as f32);
    (img, mask)
}

#[test]
fn pipeline_equals_resample_whole_then_crop_normalise_resize() {
    let (img, mask) = phantom([9, 30, 26], [2.5, 0.7, 0.9]);
    let params = CtPreprocessParams::default();
    let prep = prepare(&img, &mask, &params, None).unwrap();
    let fast = prep.input(&params, None);

    let w = resample(&window(&img, 50.0, 350.0), [1.0; 3], Interp::Linear);
    let m = resample(&mask, [1.0; 3], Interp::Nearest);
    assert_eq!(prep.grid, w.shape);
    let b = mask_bbox(&m).unwrap();
    assert_eq!(prep.mask_box, b);
    let mut c = crop(&w, &b.expand(5, w.shape));
    normalise(&mut c, Normalise::Zscore);
    let slow = resize(&c, [14, 54, 54], Interp::Linear);
    assert_eq!(fast.shape, [14, 54, 54]);
    for (a, e) in fast.data.iter().zip(&slow.data) {
        assert!(close(*a, *e, 1e-4), "{a} vs {e}");
    }
    // The region kept for augmentation does not change the plain input.
    let aug = AugmentParams::default();
    let wide = prepare(&img, &mask, &params, Some(&aug)).unwrap();
    assert!(wide.region.len() >= prep.region.len());
    let again = wide.input(&params, None);
    for (a, e) in again.data.iter().zip(&fast.data) {
        assert!(close(*a, *e, 1e-5));
    }
    // Fixed-window normalisation keeps [0, 1].
    let p2 = CtPreprocessParams {
        normalise: Normalise::Window,
        ..params
    };
    let v2 = prepare(&img, &mask, &p2, None).unwrap().input(&p2, None);
    assert!(v2.data.iter().all(|&x| (0.0..=1.0).contains(&x)));
}

#[test]
fn augmentation_is_seeded_and_moves_scales_and_flips() {
    let a = AugmentParams::default();
    assert_eq!(a.draw(3, 1, 7), a.draw(3, 1, 7));
    let draws: Vec<Augment> = (0..40).map(|i| a.draw(3, 1, i)).collect();
    assert!(draws.iter().any(|d| d.flip[2]) && draws.iter().any(|d| !d.flip[2]));
    assert!(draws.iter().all(|d| d.shift.iter().all(|s| s.abs() <= 3)));
    assert!(draws.iter().all(|d| (0.9..=1.1).contains(&d.scale)));
    assert_ne!(a.draw(3, 1, 7), a.draw(3, 2, 7));

    let b = BoundingBox {
        lo: [10, 10, 10],
        hi: [20, 30, 40],
    };
    let moved = Augment {
        flip: [false; 3],
        shift: [2, -3, 0],
        scale: 1.0,
    }
    .apply_box(&b, [64; 3]);
    assert_eq!(
        moved,
        BoundingBox {
            lo: [12, 7, 10],
            hi: [22, 27, 40]
        }
    );
    let big = Augment {
        flip: [false; 3],
        shift: [0; 3],
        scale: 1.2,
    }
    .apply_box(&b, [64; 3]);
    assert_eq!(
        big,
        BoundingBox {
            lo: [9, 8, 7],
            hi: [21, 32, 43]
        }
    );
    let clamped = Augment {
        flip: [false; 3],
        shift: [-30, 0, 0],
        scale: 1.0,
    }
    .apply_box(&b, [64; 3]);
    assert_eq!(clamped.lo[0], 0);

    let (img, mask) = phantom([8, 24, 24], [2.0, 0.8, 0.8]);
    let params = CtPreprocessParams::default();
    let prep = prepare(&img, &mask, &params, Some(&a)).unwrap();
    let plain = prep.input(&params, None);
    let fx = Augment {
        flip: [false, false, true],
        shift: [0; 3],
        scale: 1.0,
    };
    assert_eq!(
        prep.input(&params, Some(&fx)),
        flip(&plain, [false, false, true])
    );
    let shifted = prep.input(&params, Some(&a.draw(1, 1, 0)));
    assert_eq!(shifted.shape, [14, 54, 54]);
    assert!(shifted.data.iter().all(|x| x.is_finite()));
}

#[test]
fn mismatched_or_empty_masks_are_errors() {
    let params = CtPreprocessParams::default();
    let (img, mask) = phantom([6, 12, 12], [2.0, 1.0, 1.0]);
    let small = Volume::filled([6, 12, 11], [2.0, 1.0, 1.0], 1.0);
    assert!(matches!(
        prepare(&img, &small, &params, None),
        Err(PreprocessError::MaskShape { .. })
    ));
    let other = Volume {
        spacing: [2.0, 1.0, 1.1],
        ..mask.clone()
    };
    assert!(matches!(
        prepare(&img, &other, &params, None),
        Err(PreprocessError::MaskSpacing { .. })
    ));
    let empty = Volume {
        data: vec![0.0; mask.len()],
        ..mask.clone()
    };
    let e = prepare(&img, &empty, &params, None).unwrap_err();
    assert_eq!(e, PreprocessError::EmptyMask { stage: "" });
    assert!(e.to_string().contains("mask is empty"));
    // One slice at z = 1 of 0.4-mm slices: the 1-mm grid samples source
    // slices 0, 3 (2.5 rounds up), 5, 8, so nearest neighbour loses it.
    let thin_img = Volume::filled([10, 4, 4], [0.4, 1.0, 1.0], 0.0);
    let thin = Volume::from_fn([10, 4, 4], [0.4, 1.0, 1.0], |z, _, _| (z == 1) as u8 as f32);
    let e = prepare(&thin_img, &thin, &params, None).unwrap_err();
    assert!(e.to_string().contains("after resampling"), "{e}");
    let bad = CtPreprocessParams {
        width: 0.0,
        ..CtPreprocessParams::default()
    };
    assert!(matches!(
        prepare(&img, &mask, &bad, None),
        Err(PreprocessError::Param { .. })
    ));
}

#[test]
fn file_pairs_name_the_files_in_errors() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("nifti_preprocess");
    std::fs::create_dir_all(&dir).unwrap();
    let (img, mask) = phantom([6, 12, 12], [2.0, 1.0, 1.0]);
    let (ip, mp, ep) = (
        dir.join("ct.nii.gz"),
        dir.join("mask.nii.gz"),
        dir.join("empty.nii"),
    );
    write_nifti(&ip, &img, Datatype::Int16).unwrap();
    write_nifti(&mp, &mask, Datatype::Uint8).unwrap();
    write_nifti(
        &ep,
        &Volume {
            data: vec![0.0; mask.len()],
            ..mask.clone()
        },
        Datatype::Uint8,
    )
    .unwrap();
    let params = CtPreprocessParams::default();
    let ok = load_ct_pair(&ip, &mp, &params, None).unwrap();
    assert_eq!(ok.input(&params, None).shape, [14, 54, 54]);
    let e = load_ct_pair(&ip, &ep, &params, None).unwrap_err();
    assert!(matches!(e, CtInputError::Pair { .. }));
    let m = e.to_string();
    assert!(
        m.contains("ct.nii.gz") && m.contains("empty.nii") && m.contains("empty"),
        "{m}"
    );
    let e = load_ct_pair(&ip, &dir.join("missing.nii.gz"), &params, None).unwrap_err();
    assert!(e.to_string().contains("missing.nii.gz"), "{e}");
}
