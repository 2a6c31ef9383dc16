//! `prognos calibration`: calibration of predicted probabilities against a 0/1 outcome.
//!
//! `prognos calibration --data F --label L --prob P [--groups 10] [--conf-level 0.95] --json`
//!
//! JSON keys:
//! - `n`, `n_dropped`, `events`, `mean_predicted`, `observed_rate`;
//! - `citl {estimate, se, lower, upper, p}`: calibration-in-the-large, the intercept of
//!   `glm(y ~ offset(qlogis(p)), binomial)` (0 is ideal);
//! - `recalibration {intercept {..}, slope {estimate, se, lower, upper, p}}`: the model
//!   `glm(y ~ qlogis(p), binomial)`; the slope's `p` tests slope = 1;
//! - `hosmer_lemeshow {chisq, df, p, g}`: as `ResourceSelection::hoslem.test(y, p, g)`
//!   (groups by `cut(p, unique(quantile(p, seq(0, 1, 1/g))), include.lowest = TRUE)`, df = g − 2);
//! - `groups [{interval, n, observed, expected, mean_predicted, observed_rate}]`: the same groups;
//! - `smooth [{predicted, observed}]`: `lowess(p, y, iter = 0)` at the distinct predicted values;
//! - `brier`, `scaled_brier`.
//!
//! Every probability must lie strictly between 0 and 1.

use super::common::{FitTimer, Output};
use crate::data::{Cohort, FrameSpec};
use anyhow::{Context, bail};
use prognos_core::diagnostic::{CalibrationParams, Estimate};
use serde_json::{Value, json};
use std::path::PathBuf;

/// Arguments of `prognos calibration`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Data table (.csv, .tsv, .parquet).
    #[arg(long)]
    pub data: PathBuf,
    /// Outcome column, 0/1.
    #[arg(long)]
    pub label: String,
    /// Predicted-probability column.
    #[arg(long)]
    pub prob: String,
    /// Number of risk groups (Hosmer–Lemeshow g).
    #[arg(long, default_value_t = 10)]
    pub groups: usize,
    /// Confidence level.
    #[arg(long, default_value_t = 0.95)]
    pub conf_level: f64,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

fn est(e: &Estimate) -> Value {
    json!({"estimate": e.estimate, "se": e.se, "lower": e.lower, "upper": e.upper, "p": e.p})
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    if args.groups < 3 {
        bail!("--groups must be at least 3 (got {})", args.groups);
    }
    let cohort = Cohort::read(&args.data)?;
    let mf = cohort.model_frame(&FrameSpec {
        numeric: vec![args.label.clone(), args.prob.clone()],
        ..Default::default()
    })?;
    let y = mf.binary(&args.label)?;
    let p = &mf.numeric[&args.prob];
    if let Some(k) = p.iter().position(|v| !(*v > 0.0 && *v < 1.0)) {
        bail!(
            "column '{}' row {}: {} is not a probability strictly between 0 and 1",
            args.prob,
            mf.rows[k],
            p[k]
        );
    }
    let timer = FitTimer::start();
    let params = CalibrationParams {
        groups: args.groups,
        conf_level: args.conf_level,
        ..Default::default()
    };
    let cal = params
        .fit(p, &y)
        .with_context(|| format!("calibration of '{}'", args.prob))?;
    let fit_s = timer.seconds();
    let mut smooth = Vec::new();
    for (k, (&x, &s)) in cal.smooth.x.iter().zip(&cal.smooth.y).enumerate() {
        if k == 0 || x != cal.smooth.x[k - 1] {
            smooth.push(json!({"predicted": x, "observed": s}));
        }
    }
    let json = json!({
        "n": cal.n, "n_dropped": mf.n_dropped, "events": cal.events,
        "mean_predicted": cal.mean_predicted, "observed_rate": cal.observed_rate,
        "citl": est(&cal.citl),
        "recalibration": {"intercept": est(&cal.recal_intercept), "slope": est(&cal.slope)},
        "hosmer_lemeshow": {"chisq": cal.hosmer_lemeshow.chisq, "df": cal.hosmer_lemeshow.df,
                            "p": cal.hosmer_lemeshow.p, "g": args.groups},
        "groups": cal.groups.iter().map(|g| json!({
            "interval": g.interval, "n": g.n, "observed": g.observed, "expected": g.expected,
            "mean_predicted": g.mean_predicted, "observed_rate": g.observed_rate})).collect::<Vec<_>>(),
        "smooth": smooth,
        "brier": cal.brier.brier, "scaled_brier": cal.brier.scaled,
    });
    Ok(Output {
        json,
        text: cal.to_string(),
        fit_s,
    })
}
