//! `prognos cutpoint`: split a score into low/high groups (high = score > cutpoint).
//!
//! `prognos cutpoint --data F --score COL --method median|maxstat|youden [--time T --event E]
//! [--label L] [--min-prop 0.1] --json`
//!
//! JSON keys: `method, cutpoint, statistic, p, n_high, n_low` (contract). `statistic`:
//! maxstat = maximal standardised log-rank statistic (`maxstat.test(smethod = "LogRank")`),
//! youden = sensitivity + specificity − 1, median = null. `p`: maxstat = Lausen–Schumacher
//! 1994 bound (`pmethod = "Lau94"`, capped at 1), else null. Added: `n`, `n_dropped`, and for
//! maxstat `candidates [{cutpoint, statistic}]`.

use super::common::{FitTimer, Output};
use crate::data::{Cohort, FrameSpec};
use anyhow::bail;
use prognos_survival::cutpoint::{maxstat, median_cut, youden};
use serde_json::{Value, json};
use std::path::PathBuf;

/// The `--method` values.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// the sample median
    Median,
    /// maximally selected log-rank statistic (needs --time, --event)
    Maxstat,
    /// Youden's index (needs --label)
    Youden,
}

/// Arguments of `prognos cutpoint`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Data table (.csv, .tsv, .parquet).
    #[arg(long)]
    pub data: PathBuf,
    /// Score column to cut.
    #[arg(long)]
    pub score: String,
    /// How to choose the cut-point.
    #[arg(long, value_enum)]
    pub method: Method,
    /// Follow-up time column (maxstat).
    #[arg(long)]
    pub time: Option<String>,
    /// Event column (maxstat).
    #[arg(long)]
    pub event: Option<String>,
    /// 0/1 label column (youden; 1 = case, higher score = case).
    #[arg(long)]
    pub label: Option<String>,
    /// Minimum proportion of rows on each side (maxstat).
    #[arg(long, default_value_t = 0.1)]
    pub min_prop: f64,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    if !(0.0..0.5).contains(&args.min_prop) {
        bail!("--min-prop must lie in [0, 0.5) (got {})", args.min_prop);
    }
    let mut spec = FrameSpec {
        numeric: vec![args.score.clone()],
        ..Default::default()
    };
    match args.method {
        Method::Median => {}
        Method::Maxstat => {
            let (Some(t), Some(e)) = (&args.time, &args.event) else {
                bail!("--method maxstat needs --time and --event");
            };
            spec.time = Some(t.clone());
            spec.event = Some(e.clone());
        }
        Method::Youden => {
            let Some(l) = &args.label else {
                bail!("--method youden needs --label (a 0/1 column)");
            };
            spec.numeric.push(l.clone());
        }
    }
    let cohort = Cohort::read(&args.data)?;
    let mf = cohort.model_frame(&spec)?;
    let score = &mf.numeric[&args.score];
    let label = match (&args.method, &args.label) {
        (Method::Youden, Some(l)) => Some(mf.binary(l)?),
        _ => None,
    };

    let timer = FitTimer::start();
    let ctx = |e: prognos_survival::cutpoint::CutpointError| {
        anyhow::anyhow!("cut-point of '{}': {e}", args.score)
    };
    let (cut, candidates) = match args.method {
        Method::Median => (median_cut(score).map_err(ctx)?, None),
        Method::Youden => (
            youden(score, label.as_deref().expect("label read")).map_err(ctx)?,
            None,
        ),
        Method::Maxstat => {
            let time = mf.time.as_deref().expect("time requested");
            let event = mf.event.as_deref().expect("event requested");
            let m = maxstat(time, event, score, args.min_prop).map_err(ctx)?;
            let cands: Vec<Value> = m
                .cuts
                .iter()
                .zip(&m.stats)
                .map(|(c, s)| json!({"cutpoint": c, "statistic": s}))
                .collect();
            (m.cut, Some(cands))
        }
    };
    let fit_s = timer.seconds();

    let json = json!({
        "method": cut.method.name(), "cutpoint": cut.cutpoint, "statistic": cut.statistic, "p": cut.p_value,
        "n_high": cut.n_high, "n_low": cut.n_low, "n": score.len(), "n_dropped": mf.n_dropped,
        "candidates": candidates,
    });
    let mut text = String::new();
    if mf.n_dropped > 0 {
        text.push_str(&format!(
            "{} observations deleted due to missingness\n",
            mf.n_dropped
        ));
    }
    text.push_str(&cut.to_string());
    Ok(Output { json, text, fit_s })
}
