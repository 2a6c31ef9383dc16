//! `prognos calibration`: calibration of predicted probabilities against a 0/1 outcome.
//!
//! `prognos calibration --data F --label L --prob P [--groups 10] [--conf-level 0.95] --json`
//! `prognos calibration --data F --label L --covariates a,b[,f] [--factors f:REF] [--bootstrap 1000]
//!  [--seed S | --resamples FILE] --json`
//!
//! With `--covariates` the probabilities are those of the logistic model `L ~ a + b + ...`
//! fitted here, and the output gains `optimism_corrected`: the bootstrap optimism-corrected
//! calibration curve as `rms::calibrate(lrm(..., x = TRUE, y = TRUE), method = "boot", B)`
//! (`replicates`, `failed`, `mean_abs_error`, `mean_squared_error`, `q90_abs_error`,
//! `curve [{predicted, apparent, corrected, training, test, optimism, n}]` — rms' columns
//! predy, calibrated.orig, calibrated.corrected, training, test, optimism, n).
//! `--resamples FILE` gives the bootstrap rows instead of drawing them: a table with one
//! column per replicate holding 1-based row numbers, as R's
//! `replicate(B, sample(n, replace = TRUE))` — with R's draws it reproduces rms exactly.
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
use prognos_core::diagnostic::{
    CalibrateParams, Calibration, CalibrationParams, Estimate, Resamples, calibrate_logistic,
};
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
    /// Predicted-probability column (or give `--covariates` to fit a logistic model).
    #[arg(
        long,
        required_unless_present = "covariates",
        conflicts_with = "covariates"
    )]
    pub prob: Option<String>,
    /// Covariates of a logistic model whose fitted probabilities are assessed, with the
    /// bootstrap optimism-corrected curve (rms::calibrate).
    #[arg(long, value_delimiter = ',')]
    pub covariates: Vec<String>,
    /// Factor covariates with reference level, `col:REF` (or `col` for the first level).
    #[arg(long, value_delimiter = ',')]
    pub factors: Vec<String>,
    /// Bootstrap replicates of the optimism correction (rms' B).
    #[arg(long, default_value_t = 1000)]
    pub bootstrap: usize,
    /// Seed of the bootstrap resamples.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Table of bootstrap resamples (1-based rows, one column per replicate); overrides
    /// `--bootstrap`/`--seed`.
    #[arg(long)]
    pub resamples: Option<PathBuf>,
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

/// Reads a resamples table: one column per replicate, 1-based row numbers.
fn read_resamples(path: &std::path::Path, n: usize) -> anyhow::Result<Vec<Vec<usize>>> {
    let t = Cohort::read(path)?;
    let cols = t.column_names();
    let mf = t.model_frame(&FrameSpec {
        numeric: cols.clone(),
        ..Default::default()
    })?;
    if mf.n_dropped > 0 {
        bail!(
            "{}: {} row(s) have missing values; every cell must be a row number",
            path.display(),
            mf.n_dropped
        );
    }
    let mut out = Vec::with_capacity(cols.len());
    for c in &cols {
        let v = &mf.numeric[c];
        if v.len() != n {
            bail!(
                "{}: column '{c}' has {} rows, expected one per subject ({n})",
                path.display(),
                v.len()
            );
        }
        let mut idx = Vec::with_capacity(n);
        for (row, &x) in v.iter().enumerate() {
            if !(x >= 1.0 && x <= n as f64 && x.fract() == 0.0) {
                bail!(
                    "{}: column '{c}' row {row}: {x} is not a row number between 1 and {n}",
                    path.display()
                );
            }
            idx.push(x as usize - 1);
        }
        out.push(idx);
    }
    Ok(out)
}

/// Runs the model-based form (`--covariates`): logistic fit, apparent
/// calibration of its probabilities, and the optimism-corrected curve.
fn run_model(args: &Args) -> anyhow::Result<Output> {
    if args.bootstrap == 0 {
        bail!("--bootstrap must be a positive number of replicates (got 0)");
    }
    let cohort = Cohort::read(&args.data)?;
    let mf = cohort.model_frame(&FrameSpec {
        covariates: args.covariates.clone(),
        factors: args.factors.clone(),
        numeric: vec![args.label.clone()],
        ..Default::default()
    })?;
    let y = mf.binary(&args.label)?;
    let resamples = match &args.resamples {
        Some(p) => Resamples::Given(read_resamples(p, y.len())?),
        None => Resamples::Seeded {
            replicates: args.bootstrap,
            seed: args.seed,
        },
    };
    let timer = FitTimer::start();
    let oc = calibrate_logistic(
        &mf.x.matrix,
        &mf.x.names,
        &y,
        &CalibrateParams {
            resamples,
            grid: 50,
        },
    )
    .with_context(|| format!("calibration of the logistic model for '{}'", args.label))?;
    let params = CalibrationParams {
        groups: args.groups,
        conf_level: args.conf_level,
        ..Default::default()
    };
    let cal = params
        .fit(&oc.predicted, &y)
        .with_context(|| format!("calibration of the model for '{}'", args.label))?;
    let fit_s = timer.seconds();
    let mut json = apparent_json(&cal, mf.n_dropped, args.groups);
    let curve: Vec<Value> = oc
        .points
        .iter()
        .map(|p| {
            json!({"predicted": p.predicted, "apparent": p.apparent, "corrected": p.corrected,
                   "training": p.training, "test": p.test, "optimism": p.optimism, "n": p.n})
        })
        .collect();
    json["optimism_corrected"] = json!({
        "method": "bootstrap optimism correction (rms::calibrate, method = \"boot\", lowess)",
        "replicates": oc.replicates, "failed": oc.failed,
        "mean_abs_error": oc.mean_abs_error, "mean_squared_error": oc.mean_squared_error,
        "q90_abs_error": oc.q90_abs_error, "curve": curve,
    });
    Ok(Output {
        json,
        text: format!("{cal}\n{oc}"),
        fit_s,
    })
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    if args.groups < 3 {
        bail!("--groups must be at least 3 (got {})", args.groups);
    }
    let Some(prob) = &args.prob else {
        return run_model(args);
    };
    let cohort = Cohort::read(&args.data)?;
    let mf = cohort.model_frame(&FrameSpec {
        numeric: vec![args.label.clone(), prob.clone()],
        ..Default::default()
    })?;
    let y = mf.binary(&args.label)?;
    let p = &mf.numeric[prob];
    if let Some(k) = p.iter().position(|v| !(*v > 0.0 && *v < 1.0)) {
        bail!(
            "column '{}' row {}: {} is not a probability strictly between 0 and 1",
            prob,
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
        .with_context(|| format!("calibration of '{prob}'"))?;
    let fit_s = timer.seconds();
    let json = apparent_json(&cal, mf.n_dropped, args.groups);
    Ok(Output {
        json,
        text: cal.to_string(),
        fit_s,
    })
}

/// The contract's keys for the calibration of given probabilities.
fn apparent_json(cal: &Calibration, n_dropped: usize, groups: usize) -> Value {
    let mut smooth = Vec::new();
    for (k, (&x, &s)) in cal.smooth.x.iter().zip(&cal.smooth.y).enumerate() {
        if k == 0 || x != cal.smooth.x[k - 1] {
            smooth.push(json!({"predicted": x, "observed": s}));
        }
    }
    json!({
        "n": cal.n, "n_dropped": n_dropped, "events": cal.events,
        "mean_predicted": cal.mean_predicted, "observed_rate": cal.observed_rate,
        "citl": est(&cal.citl),
        "recalibration": {"intercept": est(&cal.recal_intercept), "slope": est(&cal.slope)},
        "hosmer_lemeshow": {"chisq": cal.hosmer_lemeshow.chisq, "df": cal.hosmer_lemeshow.df,
                            "p": cal.hosmer_lemeshow.p, "g": groups},
        "groups": cal.groups.iter().map(|g| json!({
            "interval": g.interval, "n": g.n, "observed": g.observed, "expected": g.expected,
            "mean_predicted": g.mean_predicted, "observed_rate": g.observed_rate})).collect::<Vec<_>>(),
        "smooth": smooth,
        "brier": cal.brier.brier, "scaled_brier": cal.brier.scaled,
    })
}
