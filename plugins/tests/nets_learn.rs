//! The reference networks learn the synthetic signal: trained on one
//! synthetic cohort, they rank a held-out cohort (another seed) with
//! Harrell's C ≥ 0.70. Sizes are tiny so the test runs in CI (dev profile,
//! 2 cores); the architecture is the full one with a small width.
#![cfg(feature = "nets")]

use prognos_plugins::abi::InputKind;
use prognos_plugins::loader::Scorer;
use prognos_plugins::nets::builtin::{BuiltinModel, save_ct, save_wsi};
use prognos_plugins::nets::ct::ResNet3dConfig;
use prognos_plugins::nets::synthetic::{CtSyntheticParams, WsiSyntheticParams};
use prognos_plugins::nets::train::{TrainParams, fit_ct, fit_wsi, predict_ct, predict_wsi};
use prognos_plugins::nets::wsi::AttentionMilConfig;
use prognos_plugins::sdk::Input;
use prognos_survival::concordance::harrell;

fn cindex(time: &[f64], event: &[bool], score: &[f64]) -> f64 {
    harrell(time, event, score, None, None).unwrap().c
}

#[test]
fn ct_resnet_learns_lesion_size_and_round_trips_weights() {
    // An 8 x 24 x 24 region instead of the study's 14 x 54 x 54: burn's
    // ndarray backend computes 3D convolutions (and their transposes, for
    // the backward pass) with per-element indexing, ~1.4 s per 14x54x54
    // volume per epoch at width 4 on this machine; the smaller region keeps
    // the test under a minute. The network and loss are the same.
    let synth = CtSyntheticParams {
        shape: [8, 24, 24],
        ..Default::default()
    };
    let train = synth.cohort(11, 80);
    let test = synth.cohort(12, 60);
    let config = ResNet3dConfig {
        input: synth.shape,
        width: 4,
        blocks: vec![1, 1],
    };
    let vols: Vec<&[f32]> = train.iter().map(|p| p.volume.as_slice()).collect();
    let time: Vec<f64> = train.iter().map(|p| p.outcome.time).collect();
    let event: Vec<bool> = train.iter().map(|p| p.outcome.event).collect();
    let params = TrainParams {
        epochs: 4,
        learning_rate: 3e-3,
        batch_size: 16,
        seed: 5,
    };
    let fit = fit_ct(&config, &vols, &time, &event, &params, &mut |_| {}).unwrap();
    assert!(fit.history.iter().all(|h| h.loss.is_finite()));

    let test_vols: Vec<&[f32]> = test.iter().map(|p| p.volume.as_slice()).collect();
    let tt: Vec<f64> = test.iter().map(|p| p.outcome.time).collect();
    let te: Vec<bool> = test.iter().map(|p| p.outcome.event).collect();
    let scores: Vec<f64> = predict_ct(&fit.model, &config, &test_vols, 16)
        .unwrap()
        .iter()
        .map(|s| s.risk)
        .collect();
    let c = cindex(&tt, &te, &scores);
    eprintln!("held-out C-index {c:.3}");
    assert!(c >= 0.70, "held-out C-index {c}");

    // Save, reload as a built-in plugin, score the same patient identically.
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ct-model");
    save_ct(&dir, &fit, None).unwrap();
    let mut m = BuiltinModel::load(&dir).unwrap();
    let p = m
        .score(&Input {
            kind: InputKind::Volume,
            shape: &synth.shape,
            data: test_vols[0],
        })
        .unwrap();
    assert!(
        (p.risk - scores[0]).abs() < 1e-5,
        "{} vs {}",
        p.risk,
        scores[0]
    );
    assert_eq!(p.embedding.len(), config.embedding_dim());
}

#[test]
fn attention_mil_learns_atypical_fraction_and_round_trips_weights() {
    let synth = WsiSyntheticParams {
        dim: 64,
        tiles: [8, 24],
        ..Default::default()
    };
    let train = synth.cohort(21, 160);
    // Same prototypes (same cohort seed), new patients: indices past the training ones.
    let all = synth.cohort(21, 260);
    let test = &all[160..];
    let config = AttentionMilConfig {
        in_dim: 64,
        hidden: 32,
        attention: 16,
        n_bins: 4,
    };
    let bags: Vec<&[f32]> = train.iter().map(|p| p.bag.as_slice()).collect();
    let time: Vec<f64> = train.iter().map(|p| p.outcome.time).collect();
    let event: Vec<bool> = train.iter().map(|p| p.outcome.event).collect();
    let params = TrainParams {
        epochs: 8,
        learning_rate: 2e-3,
        batch_size: 8,
        seed: 3,
    };
    let fit = fit_wsi(&config, &bags, &time, &event, &params, &mut |_| {}).unwrap();
    let test_bags: Vec<&[f32]> = test.iter().map(|p| p.bag.as_slice()).collect();
    let tt: Vec<f64> = test.iter().map(|p| p.outcome.time).collect();
    let te: Vec<bool> = test.iter().map(|p| p.outcome.event).collect();
    let scores: Vec<f64> = predict_wsi(&fit.model, &config, &test_bags)
        .unwrap()
        .iter()
        .map(|s| s.risk)
        .collect();
    let c = cindex(&tt, &te, &scores);
    eprintln!("held-out C-index {c:.3}");
    assert!(c >= 0.70, "held-out C-index {c}");

    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("wsi-model");
    save_wsi(&dir, &fit, None).unwrap();
    let mut m = BuiltinModel::load(&dir).unwrap();
    let p = m
        .score(&Input {
            kind: InputKind::TileBag,
            shape: &[test[0].n_tiles, 64],
            data: test_bags[0],
        })
        .unwrap();
    assert!((p.risk - scores[0]).abs() < 1e-6);
}

#[test]
fn training_refuses_cohorts_without_events() {
    let config = AttentionMilConfig {
        in_dim: 2,
        hidden: 2,
        attention: 2,
        n_bins: 2,
    };
    let bag = [1.0f32, 2.0];
    let err = fit_wsi(
        &config,
        &[&bag, &bag],
        &[1.0, 2.0],
        &[false, false],
        &TrainParams::default(),
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "training needs at least one event; all 2 patients are censored"
    );
}
