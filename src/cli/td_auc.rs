//! `prognos td-auc`: cumulative/dynamic time-dependent AUC with marginal
//! Kaplan–Meier IPCW, as `riskRegression::Score(..., metrics = "AUC", cens.model = "km")`.
//!
//! `prognos td-auc --data F --time T --event E --score COL --times t1,t2,... [--roc] --json`
//!
//! JSON keys: `auc[] {time, auc, se}` (contract; `se` is riskRegression's
//! influence-function standard error, `Score(..., se.fit = TRUE)`, null with `auc`); added per horizon:
//! `n_cases`, `n_controls`, `g_t`, `roc` (with `--roc`: `[{threshold, tpr, fpr}]`,
//! positive when score >= threshold; else null); top level `n`, `n_dropped`.
//! `auc` is null at a horizon without cases or controls (R: NA).

use super::common::{FitTimer, Output, parse_f64_list};
use crate::data::{Cohort, FrameSpec};
use prognos_survival::tdauc::td_auc;
use serde_json::{Value, json};
use std::path::PathBuf;

/// Arguments of `prognos td-auc`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Data table (.csv, .tsv, .parquet).
    #[arg(long)]
    pub data: PathBuf,
    /// Follow-up time column (> 0).
    #[arg(long)]
    pub time: String,
    /// Event column (0/1 or true/false).
    #[arg(long)]
    pub event: String,
    /// Risk-score column (higher = higher risk).
    #[arg(long)]
    pub score: String,
    /// Horizons (comma-separated).
    #[arg(long)]
    pub times: String,
    /// Include the ROC curve points of each horizon.
    #[arg(long)]
    pub roc: bool,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let times = parse_f64_list("--times", &args.times)?;
    let cohort = Cohort::read(&args.data)?;
    let mf = cohort.model_frame(&FrameSpec {
        time: Some(args.time.clone()),
        event: Some(args.event.clone()),
        numeric: vec![args.score.clone()],
        ..Default::default()
    })?;
    let time = mf.time.as_deref().expect("time requested");
    let event = mf.event.as_deref().expect("event requested");
    let score = &mf.numeric[&args.score];

    let timer = FitTimer::start();
    let res = td_auc(time, event, score, &times)
        .map_err(|e| anyhow::anyhow!("td-auc of '{}': {e}", args.score))?;
    let fit_s = timer.seconds();

    let auc: Vec<Value> = res
        .points
        .iter()
        .map(|p| {
            let roc = args.roc.then(|| {
                p.roc
                    .iter()
                    .map(|r| {
                        let thr = if r.threshold.is_finite() {
                            json!(r.threshold)
                        } else {
                            json!("Inf")
                        };
                        json!({"threshold": thr, "tpr": r.tpr, "fpr": r.fpr})
                    })
                    .collect::<Vec<_>>()
            });
            json!({"time": p.time, "auc": p.auc, "se": p.se, "n_cases": p.n_cases,
                   "n_controls": p.n_controls, "g_t": p.g_t, "roc": roc})
        })
        .collect();
    let json = json!({"auc": auc, "n": time.len(), "n_dropped": mf.n_dropped});
    let mut text = String::new();
    if mf.n_dropped > 0 {
        text.push_str(&format!(
            "{} observations deleted due to missingness\n",
            mf.n_dropped
        ));
    }
    text.push_str(&res.to_string());
    Ok(Output { json, text, fit_s })
}
