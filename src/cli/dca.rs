//! `prognos dca`: decision-curve analysis (net benefit) of one or more risk models.
//!
//! `prognos dca --data F --label L --scores p1,p2 [--thresholds FROM,TO,BY] --json`
//!
//! The default grid is dcurves' `seq(0, 0.99, by = 0.01)`. A subject is treated when
//! its risk is >= the threshold; net benefit = TP/n − FP/n · pt/(1 − pt); treat-all
//! = prev − (1 − prev) · pt/(1 − pt); treat-none = 0.
//!
//! JSON keys: `n`, `n_dropped`, `prevalence`, `thresholds [..]`,
//! `curves [{label, net_benefit [..], treated [..]}]` with `all` and `none` first,
//! then the models in the order given (`treated` = proportion with risk >= threshold).

use super::common::{FitTimer, Output, parse_f64_list, split_list};
use crate::data::{Cohort, FrameSpec};
use anyhow::bail;
use prognos_core::diagnostic::{decision_curves, threshold_grid};
use serde_json::json;
use std::path::PathBuf;

/// Arguments of `prognos dca`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Data table (.csv, .tsv, .parquet).
    #[arg(long)]
    pub data: PathBuf,
    /// Outcome column, 0/1.
    #[arg(long)]
    pub label: String,
    /// Predicted-risk columns (probabilities), comma-separated.
    #[arg(long)]
    pub scores: String,
    /// Threshold grid FROM,TO,BY (R seq); default 0,0.99,0.01.
    #[arg(long, default_value = "0,0.99,0.01")]
    pub thresholds: String,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let scores = split_list(&args.scores);
    if scores.is_empty() {
        bail!("--scores names no column");
    }
    let grid = parse_f64_list("--thresholds", &args.thresholds)?;
    if grid.len() != 3 {
        bail!("--thresholds takes FROM,TO,BY (got '{}')", args.thresholds);
    }
    let thresholds = threshold_grid(grid[0], grid[1], grid[2])?;
    let cohort = Cohort::read(&args.data)?;
    let mut numeric = vec![args.label.clone()];
    numeric.extend(scores.iter().cloned());
    let mf = cohort.model_frame(&FrameSpec {
        numeric,
        ..Default::default()
    })?;
    let y = mf.binary(&args.label)?;
    let mut models = Vec::new();
    for s in &scores {
        models.push((s.clone(), mf.probability(s)?));
    }
    let timer = FitTimer::start();
    let dc = decision_curves(&models, &y, &thresholds)?;
    let fit_s = timer.seconds();
    let json = json!({
        "n": dc.n, "n_dropped": mf.n_dropped, "prevalence": dc.prevalence,
        "thresholds": dc.thresholds,
        "curves": dc.curves.iter().map(|c| json!({
            "label": c.label,
            "net_benefit": c.points.iter().map(|p| p.net_benefit).collect::<Vec<_>>(),
            "treated": c.points.iter().map(|p| p.treated).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    Ok(Output {
        json,
        text: dc.to_string(),
        fit_s,
    })
}
