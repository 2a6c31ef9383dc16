//! Throughput of the reference networks per burn backend: CT volumes/s and
//! WSI tiles/s at inference, seconds per training epoch, and whether the
//! backends agree on the same weights.
//!
//! ```text
//! cargo run --release -p prognos-plugins --example throughput -- \
//!     [--full] [--devices cpu,flex,cuda] [--epochs 2] [--n-ct 32] \
//!     [--bags 64] [--tiles 32] [--batch 8]
//! ```
//! Default sizes are the test-sized networks (CT width 4, blocks [1,1]; WSI
//! 64→32); `--full`: the study sizes (CT width 8, blocks [1,1,1]; WSI
//! 1024→512→256). Every device in `--devices` (the ones compiled in: `cpu`
//! always, `flex`/`cuda`/`wgpu` with their cargo features) trains the two
//! networks for `--epochs` epochs from the same seed and times one warm
//! inference pass. The networks trained on the first device that starts are then moved
//! to every other device and scored again on the same inputs: `max_abs_diff`
//! / `max_rel_diff` compare those risks with the first device's.
//! Prints one JSON object per line (one per device, then `"agreement"`).

use burn::module::Module;
use prognos_plugins::nets::ct::{ResNet3d, ResNet3dConfig};
use prognos_plugins::nets::device::{NetDevice, select};
use prognos_plugins::nets::synthetic::{CtSyntheticParams, WsiSyntheticParams};
use prognos_plugins::nets::train::{TrainParams, fit_ct, fit_wsi, predict_ct, predict_wsi};
use prognos_plugins::nets::wsi::{AttentionMil, AttentionMilConfig};
use std::time::Instant;

struct Opts {
    full: bool,
    devices: Vec<NetDevice>,
    epochs: usize,
    n_ct: usize,
    bags: usize,
    tiles: usize,
    batch: usize,
}

fn opts() -> Result<Opts, String> {
    let mut o = Opts {
        full: false,
        devices: vec![NetDevice::Cpu],
        epochs: 2,
        n_ct: 32,
        bags: 64,
        tiles: 32,
        batch: 8,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        if flag == "--full" {
            o.full = true;
            i += 1;
            continue;
        }
        let value = args
            .get(i + 1)
            .ok_or_else(|| format!("{flag} needs a value"))?;
        let num = || {
            value
                .parse::<usize>()
                .ok()
                .filter(|&n| n >= 1)
                .ok_or_else(|| format!("{flag} {value}: expected a positive integer"))
        };
        match flag {
            "--devices" | "--device" => {
                o.devices = value
                    .split(',')
                    .map(|d| NetDevice::parse(d).map_err(|e| e.to_string()))
                    .collect::<Result<_, _>>()?;
            }
            "--epochs" => o.epochs = num()?,
            "--n-ct" => o.n_ct = num()?.max(2),
            "--bags" => o.bags = num()?.max(2),
            "--tiles" => o.tiles = num()?,
            "--batch" => o.batch = num()?,
            _ => return Err(format!("unknown flag {flag}")),
        }
        i += 2;
    }
    Ok(o)
}

fn max_diff(a: &[f64], b: &[f64]) -> (f64, f64) {
    let (mut abs, mut rel) = (0.0f64, 0.0f64);
    for (x, y) in a.iter().zip(b) {
        let d = (x - y).abs();
        abs = abs.max(d);
        rel = rel.max(d / x.abs().max(y.abs()).max(1e-3));
    }
    if a.len() != b.len() {
        return (f64::INFINITY, f64::INFINITY);
    }
    (abs, rel)
}

fn epochs_json(h: &[prognos_plugins::nets::train::EpochReport]) -> String {
    let s: Vec<String> = h.iter().map(|r| format!("{:.3}", r.seconds)).collect();
    format!("[{}]", s.join(", "))
}

fn main() {
    let o = match opts() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let (ct_cfg, wsi_cfg, dim) = if o.full {
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
    let sizes = if o.full { "full" } else { "test" };
    let ct = CtSyntheticParams::default().cohort(1, o.n_ct);
    let vols: Vec<&[f32]> = ct.iter().map(|p| p.volume.as_slice()).collect();
    let ct_time: Vec<f64> = ct.iter().map(|p| p.outcome.time).collect();
    let ct_event: Vec<bool> = ct.iter().map(|p| p.outcome.event).collect();
    let wsi = WsiSyntheticParams {
        dim,
        tiles: [o.tiles, o.tiles],
        ..Default::default()
    }
    .cohort(2, o.bags);
    let bags: Vec<&[f32]> = wsi.iter().map(|p| p.bag.as_slice()).collect();
    let wsi_time: Vec<f64> = wsi.iter().map(|p| p.outcome.time).collect();
    let wsi_event: Vec<bool> = wsi.iter().map(|p| p.outcome.event).collect();
    let ct_params = TrainParams {
        epochs: o.epochs,
        learning_rate: 1e-3,
        batch_size: 16,
        seed: 1,
    };
    let wsi_params = TrainParams {
        batch_size: 8,
        ..ct_params.clone()
    };

    // Reference networks (trained on the first device) and their risks.
    let mut reference: Option<(ResNet3d, AttentionMil, Vec<f64>, Vec<f64>)> = None;
    let mut agreement = Vec::new();
    let mut reference_device = NetDevice::Cpu;
    for &dev in &o.devices {
        if let Err(e) = select(dev) {
            println!("{{\"device\": \"{dev}\", \"error\": {:?}}}", e.to_string());
            continue;
        }
        let ct_fit = fit_ct(&ct_cfg, &vols, &ct_time, &ct_event, &ct_params, &mut |_| {})
            .expect("CT training");
        // Warm-up (kernel compilation / autotuning on GPU backends), then timed.
        predict_ct(
            &ct_fit.model,
            &ct_cfg,
            &vols[..o.batch.min(vols.len())],
            o.batch,
        )
        .expect("CT scoring");
        let t0 = Instant::now();
        predict_ct(&ct_fit.model, &ct_cfg, &vols, o.batch).expect("CT scoring");
        let ct_infer_s = t0.elapsed().as_secs_f64();

        let wsi_fit = fit_wsi(
            &wsi_cfg,
            &bags,
            &wsi_time,
            &wsi_event,
            &wsi_params,
            &mut |_| {},
        )
        .expect("WSI training");
        predict_wsi(&wsi_fit.model, &wsi_cfg, &bags[..2]).expect("WSI scoring");
        let t0 = Instant::now();
        predict_wsi(&wsi_fit.model, &wsi_cfg, &bags).expect("WSI scoring");
        let wsi_infer_s = t0.elapsed().as_secs_f64();
        let tiles = (o.bags * o.tiles) as f64;
        println!(
            "{{\"device\": \"{dev}\", \"sizes\": \"{sizes}\", \"ct\": {{\"volumes\": {}, \"batch\": {}, \"epoch_s\": {}, \"volumes_per_s\": {:.2}}}, \"wsi\": {{\"bags\": {}, \"tiles_per_bag\": {}, \"epoch_s\": {}, \"tiles_per_s\": {:.0}}}}}",
            o.n_ct,
            o.batch,
            epochs_json(&ct_fit.history),
            o.n_ct as f64 / ct_infer_s,
            o.bags,
            o.tiles,
            epochs_json(&wsi_fit.history),
            tiles / wsi_infer_s
        );

        match &reference {
            None => {
                let ct_risk: Vec<f64> = predict_ct(&ct_fit.model, &ct_cfg, &vols, o.batch)
                    .expect("CT scoring")
                    .iter()
                    .map(|s| s.risk)
                    .collect();
                let wsi_risk: Vec<f64> = predict_wsi(&wsi_fit.model, &wsi_cfg, &bags)
                    .expect("WSI scoring")
                    .iter()
                    .map(|s| s.risk)
                    .collect();
                reference = Some((ct_fit.model, wsi_fit.model, ct_risk, wsi_risk));
                reference_device = dev;
            }
            Some((ct_model, wsi_model, ct_ref, wsi_ref)) => {
                let device = dev.burn_device().expect("selected device");
                let ct_here = ct_model.clone().to_device(&device);
                let wsi_here = wsi_model.clone().to_device(&device);
                let ct_risk: Vec<f64> = predict_ct(&ct_here, &ct_cfg, &vols, o.batch)
                    .expect("CT scoring")
                    .iter()
                    .map(|s| s.risk)
                    .collect();
                let wsi_risk: Vec<f64> = predict_wsi(&wsi_here, &wsi_cfg, &bags)
                    .expect("WSI scoring")
                    .iter()
                    .map(|s| s.risk)
                    .collect();
                let (ca, cr) = max_diff(ct_ref, &ct_risk);
                let (wa, wr) = max_diff(wsi_ref, &wsi_risk);
                agreement.push(format!(
                    "{{\"device\": \"{dev}\", \"vs\": \"{}\", \"ct_max_abs_diff\": {ca:.3e}, \"ct_max_rel_diff\": {cr:.3e}, \"wsi_max_abs_diff\": {wa:.3e}, \"wsi_max_rel_diff\": {wr:.3e}, \"agree_1e-4\": {}}}",
                    reference_device,
                    cr <= 1e-4 && wr <= 1e-4
                ));
            }
        }
    }
    if !agreement.is_empty() {
        println!("{{\"agreement\": [{}]}}", agreement.join(", "));
    }
}
