//! `prognos dca-surv`: decision curves for a time-to-event outcome at a horizon.
//!
//! `prognos dca-surv --data F --time T --event E --scores r1,r2 --horizon H
//! [--thresholds FROM,TO,BY] --json`
//!
//! The scores are predicted risks of an event by `H` (e.g. 1 − Cox-predicted
//! survival). A subject is treated when its risk is >= the threshold pt; with
//! P = P(risk >= pt) and S the Kaplan–Meier survival at H of the treated,
//! net benefit = (1 − S)·P − S·P·pt/(1 − pt) (dcurves::dca with a `Surv`
//! outcome; 0 when nobody is treated); treat-all uses the KM of everyone;
//! treat-none = 0. The default grid is dcurves' `seq(0, 0.99, by = 0.01)`.
//!
//! JSON keys as `prognos dca`: `n`, `n_dropped`, `prevalence` (KM event
//! probability 1 − S(H)), `thresholds [..]`, `curves [{label, net_benefit [..],
//! treated [..]}]` with `all` and `none` first; plus `horizon`.

use super::common::{FitTimer, Output, parse_f64_list, split_list};
use crate::data::{Cohort, FrameSpec};
use anyhow::{Context, bail};
use prognos_core::diagnostic::{survival_decision_curves, threshold_grid};
use serde_json::json;
use std::path::PathBuf;

/// Arguments of `prognos dca-surv`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Data table (.csv, .tsv, .parquet).
    #[arg(long)]
    pub data: PathBuf,
    /// Follow-up time column.
    #[arg(long)]
    pub time: String,
    /// Event column (0/1 or true/false).
    #[arg(long)]
    pub event: String,
    /// Predicted-risk columns (probability of an event by the horizon), comma-separated.
    #[arg(long)]
    pub scores: String,
    /// Horizon at which the net benefit is evaluated (time units of --time).
    #[arg(long)]
    pub horizon: f64,
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
    if !(args.horizon.is_finite() && args.horizon > 0.0) {
        bail!("--horizon must be a positive time (got {})", args.horizon);
    }
    let grid = parse_f64_list("--thresholds", &args.thresholds)?;
    if grid.len() != 3 {
        bail!("--thresholds takes FROM,TO,BY (got '{}')", args.thresholds);
    }
    let thresholds = threshold_grid(grid[0], grid[1], grid[2])?;
    let cohort = Cohort::read(&args.data)?;
    let mf = cohort.model_frame(&FrameSpec {
        time: Some(args.time.clone()),
        event: Some(args.event.clone()),
        numeric: scores.clone(),
        ..Default::default()
    })?;
    let time = mf.time.clone().context("no time column")?;
    let event = mf.event.clone().context("no event column")?;
    let mut models = Vec::new();
    for s in &scores {
        models.push((s.clone(), mf.probability(s)?));
    }
    let timer = FitTimer::start();
    let dc = survival_decision_curves(&models, &time, &event, args.horizon, &thresholds)?;
    let fit_s = timer.seconds();
    let json = json!({
        "n": dc.n, "n_dropped": mf.n_dropped, "prevalence": dc.prevalence,
        "horizon": args.horizon,
        "thresholds": dc.thresholds,
        "curves": dc.curves.iter().map(|c| json!({
            "label": c.label,
            "net_benefit": c.points.iter().map(|p| p.net_benefit).collect::<Vec<_>>(),
            "treated": c.points.iter().map(|p| p.treated).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    Ok(Output {
        json,
        text: format!("Decision curves at horizon t = {}\n{dc}", args.horizon),
        fit_s,
    })
}
