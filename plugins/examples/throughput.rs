//! CPU throughput of the reference networks (burn ndarray backend):
//! CT volumes/s and WSI tiles/s at inference, seconds per training epoch.
//!
//! `cargo run -p prognos-plugins --example throughput [-- --full]`
//! Default: the test-sized networks (CT width 4, blocks [1,1]; WSI 64→32);
//! `--full`: the study sizes (CT width 8, blocks [1,1,1]; WSI 1024→512→256).
//! Prints one JSON object.

use prognos_plugins::nets::ct::ResNet3dConfig;
use prognos_plugins::nets::synthetic::{CtSyntheticParams, WsiSyntheticParams};
use prognos_plugins::nets::train::{TrainParams, fit_ct, fit_wsi, predict_ct, predict_wsi};
use prognos_plugins::nets::wsi::AttentionMilConfig;
use std::time::Instant;

fn main() {
    let full = std::env::args().any(|a| a == "--full");
    let (ct_cfg, wsi_cfg, dim) = if full {
        (
            ResNet3dConfig::default(),
            AttentionMilConfig::default(),
            1024,
        )
    } else {
        (
            ResNet3dConfig {
                input: [14, 54, 54],
                width: 4,
                blocks: vec![1, 1],
            },
            AttentionMilConfig {
                in_dim: 64,
                hidden: 32,
                attention: 16,
                n_bins: 4,
            },
            64,
        )
    };
    let n_ct = 32;
    let ct = CtSyntheticParams::default().cohort(1, n_ct);
    let vols: Vec<&[f32]> = ct.iter().map(|p| p.volume.as_slice()).collect();
    let time: Vec<f64> = ct.iter().map(|p| p.outcome.time).collect();
    let event: Vec<bool> = ct.iter().map(|p| p.outcome.event).collect();
    let params = TrainParams {
        epochs: 1,
        learning_rate: 1e-3,
        batch_size: 16,
        seed: 1,
    };
    let t0 = Instant::now();
    let fit = fit_ct(&ct_cfg, &vols, &time, &event, &params, &mut |_| {}).unwrap();
    let ct_epoch_s = t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    predict_ct(&fit.model, &ct_cfg, &vols, 8).unwrap();
    let ct_infer_s = t0.elapsed().as_secs_f64();

    let n_wsi = 64;
    let wsi = WsiSyntheticParams {
        dim,
        tiles: [32, 32],
        ..Default::default()
    }
    .cohort(2, n_wsi);
    let bags: Vec<&[f32]> = wsi.iter().map(|p| p.bag.as_slice()).collect();
    let time: Vec<f64> = wsi.iter().map(|p| p.outcome.time).collect();
    let event: Vec<bool> = wsi.iter().map(|p| p.outcome.event).collect();
    let params = TrainParams {
        epochs: 1,
        learning_rate: 1e-3,
        batch_size: 8,
        seed: 1,
    };
    let t0 = Instant::now();
    let fit = fit_wsi(&wsi_cfg, &bags, &time, &event, &params, &mut |_| {}).unwrap();
    let wsi_epoch_s = t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    predict_wsi(&fit.model, &wsi_cfg, &bags).unwrap();
    let wsi_infer_s = t0.elapsed().as_secs_f64();
    let tiles = (n_wsi * 32) as f64;
    println!(
        "{{\"sizes\": \"{}\", \"ct\": {{\"volumes\": {n_ct}, \"epoch_s\": {ct_epoch_s:.3}, \"volumes_per_s\": {:.2}}}, \"wsi\": {{\"bags\": {n_wsi}, \"tiles_per_bag\": 32, \"epoch_s\": {wsi_epoch_s:.3}, \"tiles_per_s\": {:.0}}}}}",
        if full { "full" } else { "test" },
        n_ct as f64 / ct_infer_s,
        tiles / wsi_infer_s
    );
}
