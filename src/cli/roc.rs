//! `prognos roc`: ROC curve, AUC with DeLong CI, Youden cut-off, paired DeLong test.
//!
//! `prognos roc --data F --label L --score S [--score2 S2] [--conf-level 0.95]
//! [--threshold T] [--curve] [--boot N --seed S] --json`
//!
//! JSON keys (contract keys first, then additions):
//! - `n_pos`, `n_neg`, `auc`, `auc_lower`, `auc_upper` (DeLong, clamped to [0, 1] as
//!   `pROC::ci.auc`), `youden {threshold, sensitivity, specificity, ppv, npv, accuracy}`
//!   (`coords(roc, "best", best.method = "youden")`, threshold = pROC's midpoint),
//!   `brier` (null unless every score lies in [0, 1]), `compare {auc2, z, p}` (paired
//!   DeLong test `roc.test(paired = TRUE)`; null without `--score2`).
//! - added: `n`, `n_dropped`, `conf_level`, `auc_se`; `youden.{tp, fp, tn, fn}` and
//!   `youden.ci.{sensitivity, specificity, ppv, npv, accuracy}` = `[lower, upper]`
//!   Wilson score intervals; `scaled_brier`; `compare.{auc2_lower, auc2_upper, method}`;
//!   `at_threshold` (the same metrics at `--threshold`, e.g. a training cohort's Youden
//!   cut-off applied to this cohort; positive when score >= threshold; else null);
//!   `curve` (with `--curve`: `[{threshold, sensitivity, specificity}]`, else null);
//!   with `--boot N [--seed S]`: `auc_boot_lower`, `auc_boot_upper` (stratified
//!   percentile bootstrap, `ci.auc(method = "bootstrap", boot.stratified = TRUE)`),
//!   `auc_boot_replicates`, `auc_boot_seed` (absent without `--boot`).
//!
//! Direction is pROC's `"<"`: a higher score means the outcome (label 1).

use super::common::{FitTimer, Output};
use crate::data::{Cohort, FrameSpec};
use anyhow::{Context, bail};
use prognos_core::diagnostic::{Brier, Roc, ThresholdMetrics, ci_auc_bootstrap};
use serde_json::{Value, json};
use std::path::PathBuf;

/// Arguments of `prognos roc`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Data table (.csv, .tsv, .parquet).
    #[arg(long)]
    pub data: PathBuf,
    /// Outcome column, 0/1 (1 = case).
    #[arg(long)]
    pub label: String,
    /// Score column (higher = more likely a case).
    #[arg(long)]
    pub score: String,
    /// Second score, compared with the first by the paired DeLong test.
    #[arg(long)]
    pub score2: Option<String>,
    /// Confidence level of the intervals.
    #[arg(long, default_value_t = 0.95)]
    pub conf_level: f64,
    /// Also report the metrics at this threshold (positive when score >= threshold).
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Include the ROC curve points in the output.
    #[arg(long)]
    pub curve: bool,
    /// Also compute a stratified percentile bootstrap CI of the AUC with this
    /// many replicates (pROC `ci.auc(method = "bootstrap", boot.stratified = TRUE)`).
    #[arg(long)]
    pub boot: Option<usize>,
    /// Seed of the bootstrap (same seed = same interval).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    super::common::check_conf_level(args.conf_level)?;
    let cohort = Cohort::read(&args.data)?;
    let mut numeric = vec![args.label.clone(), args.score.clone()];
    if let Some(s2) = &args.score2 {
        numeric.push(s2.clone());
    }
    let mf = cohort.model_frame(&FrameSpec {
        numeric,
        ..Default::default()
    })?;
    let label = mf.binary(&args.label)?;
    let score = &mf.numeric[&args.score];
    let timer = FitTimer::start();
    let ctx = |col: &str| format!("roc of '{col}' against '{}'", args.label);
    // with a second score both curves are built at once (two threads)
    let (roc, roc2) = match &args.score2 {
        Some(s2) => {
            let score2 = &mf.numeric[s2];
            match Roc::new_pair(score, score2, &label) {
                Ok((a, b)) => (a, Some(b)),
                // rebuild one at a time so the error names the failing score
                Err(_) => {
                    let a = Roc::new(score, &label).with_context(|| ctx(&args.score))?;
                    let b = Roc::new(score2, &label).with_context(|| ctx(s2))?;
                    (a, Some(b))
                }
            }
        }
        None => (
            Roc::new(score, &label).with_context(|| ctx(&args.score))?,
            None,
        ),
    };
    let ci = roc.ci_delong(args.conf_level)?;
    let thr = roc.youden_threshold();
    let youden = ThresholdMetrics::at(score, &label, thr, args.conf_level)?;
    let brier = if score.iter().all(|v| (0.0..=1.0).contains(v)) {
        Some(Brier::new(score, &label)?)
    } else {
        None
    };
    let compare = match &roc2 {
        Some(roc2) => {
            let ci2 = roc2.ci_delong(args.conf_level)?;
            let t = roc.delong_paired(roc2)?;
            Some(json!({"auc2": t.auc2, "z": t.z, "p": t.p,
                        "auc2_lower": ci2.lower, "auc2_upper": ci2.upper,
                        "method": "DeLong paired (roc.test, paired = TRUE)"}))
        }
        None => None,
    };
    let at = match args.threshold {
        Some(t) => Some(metrics_json(&ThresholdMetrics::at(
            score,
            &label,
            t,
            args.conf_level,
        )?)),
        None => None,
    };
    let boot = match args.boot {
        Some(0) => bail!("--boot must be a positive number of replicates (got 0)"),
        Some(b) => Some(ci_auc_bootstrap(
            score,
            &label,
            args.conf_level,
            b,
            args.seed,
        )?),
        None => None,
    };
    let fit_s = timer.seconds();

    let curve = args.curve.then(|| {
        (0..roc.thresholds.len())
            .map(|i| {
                json!({"threshold": finite_or_string(roc.thresholds[i]),
                       "sensitivity": roc.sensitivities[i], "specificity": roc.specificities[i]})
            })
            .collect::<Vec<_>>()
    });
    let mut json = json!({
        "n": mf.n(), "n_dropped": mf.n_dropped, "n_pos": roc.n_pos, "n_neg": roc.n_neg,
        "conf_level": args.conf_level,
        "auc": roc.auc, "auc_se": ci.se, "auc_lower": ci.lower, "auc_upper": ci.upper,
        "youden": metrics_json(&youden),
        "brier": brier.map(|b| b.brier), "scaled_brier": brier.map(|b| b.scaled),
        "compare": compare, "at_threshold": at, "curve": curve,
    });
    if let Some(b) = &boot {
        json["auc_boot_lower"] = json!(b.lower);
        json["auc_boot_upper"] = json!(b.upper);
        json["auc_boot_replicates"] = json!(b.replicates);
        json["auc_boot_seed"] = json!(b.seed);
    }

    let mut text = format!(
        "ROC of '{}' for '{}' (direction <: higher score = case)\n\
         n = {} ({} cases, {} controls, {} rows dropped)\n\
         AUC = {:.4}  {}% CI (DeLong) {:.4} to {:.4}\n",
        args.score,
        args.label,
        mf.n(),
        roc.n_pos,
        roc.n_neg,
        mf.n_dropped,
        roc.auc,
        args.conf_level * 100.0,
        ci.lower,
        ci.upper
    );
    if let Some(b) = &boot {
        text += &format!(
            "AUC {}% CI (stratified bootstrap, {} replicates, seed {}) {:.4} to {:.4}\n",
            args.conf_level * 100.0,
            b.replicates,
            b.seed,
            b.lower,
            b.upper
        );
    }
    text += &format!("Youden cut-off: {}\n", metrics_text(&youden));
    if let Some(t) = args.threshold {
        text += &format!(
            "At threshold {t}: {}\n",
            metrics_text(&ThresholdMetrics::at(score, &label, t, args.conf_level)?)
        );
    }
    if let Some(b) = brier {
        text += &format!("Brier = {:.4}  scaled Brier = {:.4}\n", b.brier, b.scaled);
    }
    if let Some(c) = &json["compare"].as_object() {
        text += &format!(
            "Paired DeLong test vs '{}': AUC2 = {:.4}, z = {:.4}, p = {}\n",
            args.score2.as_deref().unwrap_or(""),
            c["auc2"].as_f64().unwrap_or(f64::NAN),
            c["z"].as_f64().unwrap_or(f64::NAN),
            prognos_core::table::format_p(c["p"].as_f64().unwrap_or(f64::NAN), 3)
        );
    }
    if args.curve {
        text += &roc.to_string();
    }
    Ok(Output { json, text, fit_s })
}

/// ±Inf thresholds of the curve ends are written as the strings "-Inf"/"Inf".
fn finite_or_string(v: f64) -> Value {
    if v.is_finite() {
        json!(v)
    } else if v > 0.0 {
        json!("Inf")
    } else {
        json!("-Inf")
    }
}

fn metrics_json(m: &ThresholdMetrics) -> Value {
    let ci = |p: &prognos_core::diagnostic::Proportion| json!([p.lower, p.upper]);
    json!({
        "threshold": m.threshold,
        "sensitivity": m.sensitivity.estimate, "specificity": m.specificity.estimate,
        "ppv": m.ppv.estimate, "npv": m.npv.estimate, "accuracy": m.accuracy.estimate,
        "tp": m.tp, "fp": m.fp, "tn": m.tn, "fn": m.fn_,
        "ci": {"method": "wilson", "sensitivity": ci(&m.sensitivity), "specificity": ci(&m.specificity),
               "ppv": ci(&m.ppv), "npv": ci(&m.npv), "accuracy": ci(&m.accuracy)},
    })
}

fn metrics_text(m: &ThresholdMetrics) -> String {
    format!(
        "threshold {} -> sensitivity {:.4}, specificity {:.4}, PPV {:.4}, NPV {:.4}, accuracy {:.4} (TP {}, FP {}, TN {}, FN {})",
        m.threshold,
        m.sensitivity.estimate,
        m.specificity.estimate,
        m.ppv.estimate,
        m.npv.estimate,
        m.accuracy.estimate,
        m.tp,
        m.fp,
        m.tn,
        m.fn_
    )
}
