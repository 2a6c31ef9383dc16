//! End to end on files: a synthetic CT cohort written as `.nii.gz` volumes
//! (int16 HU) and masks (uint8), read back, preprocessed as the study,
//! trained with seeded augmentation through `fit_ct_with`, saved, reloaded
//! as a built-in plugin and scored. Tiny sizes so it runs in CI.
#![cfg(feature = "nets")]

use prognos_plugins::abi::InputKind;
use prognos_plugins::loader::Scorer;
use prognos_plugins::nets::builtin::{BuiltinModel, save_ct};
use prognos_plugins::nets::ct::ResNet3dConfig;
use prognos_plugins::nets::preprocess::{
    AugmentParams, CtPreprocessParams, load_ct_pair, preprocess_ct_files,
};
use prognos_plugins::nets::synthetic::{CT_WINDOW, CtSyntheticParams};
use prognos_plugins::nets::train::{TrainParams, fit_ct_with, predict_ct};
use prognos_plugins::nifti::read_nifti;
use prognos_plugins::sdk::Input;
use std::path::PathBuf;

#[test]
fn synthetic_nifti_cohort_trains_and_scores_through_the_preprocessing() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("nifti_pipeline");
    let synth = CtSyntheticParams {
        shape: [8, 24, 24],
        ..Default::default()
    };
    let spacing = [2.0, 0.8, 0.8];
    let files = synth.write_nifti_cohort(&dir, 21, 24, spacing).unwrap();
    assert_eq!(files.len(), 24);
    let manifest = std::fs::read_to_string(dir.join("manifest.csv")).unwrap();
    assert!(manifest.starts_with("patient_id,image,mask,time,event\n"));
    assert_eq!(manifest.lines().count(), 25);

    // The written CT holds the synthetic intensities in HU.
    let ct = read_nifti(&files[0].image).unwrap();
    assert_eq!(ct.shape, synth.shape);
    assert!((ct.spacing[0] - 2.0).abs() < 1e-6 && (ct.spacing[2] - 0.8).abs() < 1e-6);
    let p0 = synth.patient(21, 0);
    let (level, width) = CT_WINDOW;
    let hu = (level - width / 2.0 + width * p0.volume[100] as f64).round() as f32;
    assert_eq!(ct.data[100], hu);
    let m = read_nifti(&files[0].mask).unwrap();
    assert_eq!(
        m.data.iter().filter(|&&v| v == 1.0).count(),
        p0.mask.iter().filter(|&&v| v == 1).count()
    );

    let params = CtPreprocessParams {
        output: [8, 24, 24],
        ..Default::default()
    };
    let aug = AugmentParams::default();
    let prepared: Vec<_> = files
        .iter()
        .map(|f| load_ct_pair(&f.image, &f.mask, &params, Some(&aug)).unwrap())
        .collect();
    let plain: Vec<Vec<f32>> = prepared
        .iter()
        .map(|p| p.input(&params, None).data)
        .collect();
    let time: Vec<f64> = files.iter().map(|f| f.outcome.time).collect();
    let event: Vec<bool> = files.iter().map(|f| f.outcome.event).collect();
    let config = ResNet3dConfig {
        input: params.output,
        width: 4,
        blocks: vec![1],
    };
    let train = TrainParams {
        epochs: 2,
        learning_rate: 3e-3,
        batch_size: 12,
        seed: 3,
    };
    let mut calls = Vec::new();
    let mut make = |epoch: usize, i: usize| {
        calls.push((epoch, i));
        prepared[i]
            .input(&params, Some(&aug.draw(train.seed, epoch, i)))
            .data
    };
    let fit = fit_ct_with(
        &config,
        files.len(),
        &mut make,
        &time,
        &event,
        &train,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(
        calls.len(),
        2 * files.len(),
        "one augmented volume per patient per epoch"
    );
    assert!(fit.history.iter().all(|h| h.loss.is_finite()));

    let refs: Vec<&[f32]> = plain.iter().map(Vec::as_slice).collect();
    let scores = predict_ct(&fit.model, &config, &refs, 8).unwrap();
    assert!(scores.iter().all(|s| s.risk.is_finite()));

    // Saved and reloaded, the plugin scores the files' preprocessed input identically.
    let model_dir = dir.join("model");
    save_ct(&model_dir, &fit, None).unwrap();
    let mut plugin = BuiltinModel::load(&model_dir).unwrap();
    let x = preprocess_ct_files(&files[3].image, &files[3].mask, &params).unwrap();
    assert_eq!(x.data, plain[3]);
    let p = plugin
        .score(&Input {
            kind: InputKind::Volume,
            shape: &x.shape,
            data: &x.data,
        })
        .unwrap();
    assert!((p.risk - scores[3].risk).abs() < 1e-5);

    // Same seed, same augmentation stream, same weights.
    let mut make2 = |epoch: usize, i: usize| {
        prepared[i]
            .input(&params, Some(&aug.draw(train.seed, epoch, i)))
            .data
    };
    let again = fit_ct_with(
        &config,
        files.len(),
        &mut make2,
        &time,
        &event,
        &train,
        &mut |_| {},
    )
    .unwrap();
    let s2 = predict_ct(&again.model, &config, &refs, 8).unwrap();
    assert_eq!(scores[0].risk, s2[0].risk);
}

/// The CT network learns the synthetic lesion signal through the NIfTI
/// files and the study's preprocessing (crop around the mask, resize,
/// z-score): trained on 80 patients with augmentation, it ranks 60
/// held-out patients (another seed). Run with `--ignored` (≈ 1–2 min).
#[test]
#[ignore]
fn nifti_path_learns_on_held_out_synthetic_patients() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("nifti_learn");
    let synth = CtSyntheticParams {
        shape: [8, 24, 24],
        ..Default::default()
    };
    let spacing = [2.0, 0.8, 0.8];
    let train_files = synth
        .write_nifti_cohort(&dir.join("train"), 11, 80, spacing)
        .unwrap();
    let test_files = synth
        .write_nifti_cohort(&dir.join("test"), 12, 60, spacing)
        .unwrap();
    let params = CtPreprocessParams {
        output: [8, 24, 24],
        ..Default::default()
    };
    let aug = AugmentParams::default();
    let t0 = std::time::Instant::now();
    let prepared: Vec<_> = train_files
        .iter()
        .map(|f| load_ct_pair(&f.image, &f.mask, &params, Some(&aug)).unwrap())
        .collect();
    let test_x: Vec<Vec<f32>> = test_files
        .iter()
        .map(|f| {
            preprocess_ct_files(&f.image, &f.mask, &params)
                .unwrap()
                .data
        })
        .collect();
    eprintln!(
        "read + preprocess {:.1} ms per patient",
        t0.elapsed().as_secs_f64() * 1e3 / 140.0
    );
    let time: Vec<f64> = train_files.iter().map(|f| f.outcome.time).collect();
    let event: Vec<bool> = train_files.iter().map(|f| f.outcome.event).collect();
    let config = ResNet3dConfig {
        input: params.output,
        width: 4,
        blocks: vec![1, 1],
    };
    let train = TrainParams {
        epochs: 6,
        learning_rate: 3e-3,
        batch_size: 16,
        seed: 5,
    };
    for augmented in [false, true] {
        let mut make = |epoch: usize, i: usize| {
            let a = aug.draw(train.seed, epoch, i);
            prepared[i].input(&params, augmented.then_some(&a)).data
        };
        let fit = fit_ct_with(&config, 80, &mut make, &time, &event, &train, &mut |_| {}).unwrap();
        let refs: Vec<&[f32]> = test_x.iter().map(Vec::as_slice).collect();
        let scores: Vec<f64> = predict_ct(&fit.model, &config, &refs, 16)
            .unwrap()
            .iter()
            .map(|s| s.risk)
            .collect();
        let tt: Vec<f64> = test_files.iter().map(|f| f.outcome.time).collect();
        let te: Vec<bool> = test_files.iter().map(|f| f.outcome.event).collect();
        let c = prognos_survival::concordance::harrell(&tt, &te, &scores, None, None)
            .unwrap()
            .c;
        eprintln!("augmentation {augmented}: held-out C-index {c:.3}");
    }
}

/// Read + preprocess time of one CT-sized pair (512 × 512 × 120 int16 at
/// 0.7 × 0.7 × 2.5 mm, gzip). Run with `--ignored`.
#[test]
#[ignore]
fn preprocessing_time_of_a_full_size_ct() {
    use prognos_plugins::nifti::{Datatype, Volume, write_nifti};
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("nifti_big");
    std::fs::create_dir_all(&dir).unwrap();
    let shape = [120, 512, 512];
    let sp = [2.5, 0.7, 0.7];
    let inside = |z: usize, y: usize, x: usize| {
        let q = ((z as f64 - 60.0) / 10.0).powi(2)
            + ((y as f64 - 250.0) / 30.0).powi(2)
            + ((x as f64 - 200.0) / 25.0).powi(2);
        q <= 1.0
    };
    let img = Volume::from_fn(shape, sp, |z, y, x| {
        if inside(z, y, x) {
            40.0
        } else {
            ((x * 7 + y * 3 + z) % 200) as f32 - 100.0
        }
    });
    let mask = Volume::from_fn(shape, sp, |z, y, x| inside(z, y, x) as u8 as f32);
    let (ip, mp) = (dir.join("ct.nii.gz"), dir.join("mask.nii.gz"));
    write_nifti(&ip, &img, Datatype::Int16).unwrap();
    write_nifti(&mp, &mask, Datatype::Uint8).unwrap();
    let params = CtPreprocessParams::default();
    let t0 = std::time::Instant::now();
    let a = read_nifti(&ip).unwrap();
    let t_read = t0.elapsed().as_secs_f64();
    drop(a);
    let t1 = std::time::Instant::now();
    let x = preprocess_ct_files(&ip, &mp, &params).unwrap();
    let t_all = t1.elapsed().as_secs_f64();
    assert_eq!(x.shape, [14, 54, 54]);
    eprintln!("read one .nii.gz {t_read:.2} s; read image + mask and preprocess {t_all:.2} s");
}
