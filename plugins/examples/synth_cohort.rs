//! Writes a synthetic cohort as `.npy` files plus a manifest, the input of
//! `prognos train ct|wsi` and `prognos plugin run`.
//!
//! `cargo run -p prognos-plugins --example synth_cohort -- ct|wsi N SEED DIR [small]`
//!
//! `DIR/manifest.csv` has `patient_id,path,time,status` (and the true
//! linear predictor `lp`); `small` writes 8 × 24 × 24 volumes or 64-feature
//! bags instead of the study's 14 × 54 × 54 / 1024.

use prognos_plugins::nets::synthetic::{CtSyntheticParams, WsiSyntheticParams};
use prognos_plugins::npy::write_npy_file;
use std::io::Write;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        return Err("usage: synth_cohort ct|wsi N SEED DIR [small]".into());
    }
    let (kind, n, seed) = (args[0].as_str(), args[1].parse()?, args[2].parse()?);
    let dir = PathBuf::from(&args[3]);
    let small = args.get(4).is_some_and(|a| a == "small");
    std::fs::create_dir_all(&dir)?;
    let mut manifest = std::fs::File::create(dir.join("manifest.csv"))?;
    writeln!(manifest, "patient_id,path,time,status,lp")?;
    match kind {
        "ct" => {
            let mut p = CtSyntheticParams::default();
            if small {
                p.shape = [8, 24, 24];
            }
            for i in 0..n {
                let pt = p.patient(seed, i);
                let file = format!("P{i:04}.npy");
                write_npy_file(&dir.join(&file), &p.shape, &pt.volume)?;
                let o = pt.outcome;
                writeln!(
                    manifest,
                    "P{i:04},{file},{},{},{}",
                    o.time,
                    u8::from(o.event),
                    o.lp
                )?;
            }
        }
        "wsi" => {
            let p = WsiSyntheticParams {
                dim: if small { 64 } else { 1024 },
                ..Default::default()
            };
            for (i, pt) in p.cohort(seed, n).iter().enumerate() {
                let file = format!("P{i:04}.npy");
                write_npy_file(&dir.join(&file), &[pt.n_tiles, p.dim], &pt.bag)?;
                let o = pt.outcome;
                writeln!(
                    manifest,
                    "P{i:04},{file},{},{},{}",
                    o.time,
                    u8::from(o.event),
                    o.lp
                )?;
            }
        }
        other => return Err(format!("unknown kind '{other}' (ct or wsi)").into()),
    }
    Ok(())
}
