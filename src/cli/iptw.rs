//! `prognos iptw`: inverse-probability-of-treatment weights from a
//! logistic propensity score (ATE or ATT, optionally stabilised and
//! trimmed, as `WeightIt::weightit(method = "glm")` + `trim()`), the
//! weighted covariate balance, and with `--time/--event` the weighted
//! Kaplan–Meier curves per arm (`survfit(Surv(t, e) ~ treat, weights = w)`)
//! and the weighted Cox hazard ratio of treatment with robust variance
//! (`coxph(Surv(t, e) ~ treat, weights = w, robust = TRUE)`).

use super::common::{FitTimer, Output, check_conf_level, split_list};
use super::km::count_json;
use super::match_ps::{balance_row_json, fit_propensity, read_input};
use crate::data::FrameSpec;
use anyhow::{Context, bail};
use prognos_matching::MatchError;
use prognos_matching::balance::balance_row_with;
use prognos_matching::iptw::{Estimand, GroupWeights, IptwParams};
use prognos_matching::outcome::{TreatmentHr, arm_km, treatment_cox};
use prognos_survival::km::KmFit;
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;

/// The estimand of the weights.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum EstimandArg {
    /// Average treatment effect (weights 1/e, 1/(1 − e)).
    #[value(name = "ATE", alias = "ate")]
    Ate,
    /// Average treatment effect in the treated (weights 1, e/(1 − e)).
    #[value(name = "ATT", alias = "att")]
    Att,
}

impl From<EstimandArg> for Estimand {
    fn from(e: EstimandArg) -> Self {
        match e {
            EstimandArg::Ate => Estimand::Ate,
            EstimandArg::Att => Estimand::Att,
        }
    }
}

/// Arguments of `prognos iptw`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Cohort table (.csv, .tsv, .parquet).
    #[arg(long)]
    pub data: PathBuf,
    /// Treatment column, coded 0/1.
    #[arg(long)]
    pub treatment: String,
    /// Covariates of the propensity model, comma-separated.
    #[arg(long)]
    pub covariates: String,
    /// Covariates to treat as categorical (`col` or `col:REFERENCE`).
    #[arg(long)]
    pub factors: Option<String>,
    /// Target population of the weights.
    #[arg(long, value_enum, default_value = "ATE")]
    pub estimand: EstimandArg,
    /// Stabilise: multiply each weight by the share of its treatment group.
    #[arg(long)]
    pub stabilize: bool,
    /// Winsorise weights above this quantile (0.5 <= Q < 1), as WeightIt::trim.
    #[arg(long)]
    pub trim: Option<f64>,
    /// With --trim, also raise weights below the 1 - Q quantile.
    #[arg(long = "trim-lower")]
    pub trim_lower: bool,
    /// Follow-up time column (> 0): adds weighted KM and Cox.
    #[arg(long)]
    pub time: Option<String>,
    /// Event column (0/1 or true/false).
    #[arg(long)]
    pub event: Option<String>,
    /// Confidence level of the intervals.
    #[arg(long, default_value_t = 0.95)]
    pub conf_level: f64,
    /// Write `row,treatment,ps,weight` per used row to this CSV file.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// Checks `--trim`.
pub(crate) fn check_trim(trim: Option<f64>) -> anyhow::Result<()> {
    if let Some(q) = trim
        && !(q.is_finite() && (0.5..1.0).contains(&q))
    {
        bail!("--trim must be a quantile in [0.5, 1), got {q}");
    }
    Ok(())
}

/// Rephrases a weight error with the data row (0-based, data order).
pub(crate) fn weight_error(e: MatchError, rows: &[usize], treatment: &str) -> anyhow::Error {
    match e {
        MatchError::ExtremeScore { index, score }
        | MatchError::ScoreOutOfRange {
            index,
            value: score,
        } => anyhow::anyhow!(
            "propensity score of row {} is {score}, numerically 0 or 1: a covariate separates \
             '{treatment}' = 1 from 0 (no overlap), IPTW weights are unusable",
            rows[index]
        ),
        other => anyhow::Error::new(other).context("IPTW weights"),
    }
}

fn group_json(name: &str, g: &GroupWeights) -> Value {
    json!({"group": name, "n": g.n, "min": g.min, "mean": g.mean, "max": g.max,
           "sum": g.sum, "ess": g.ess})
}

/// The Cox hazard ratio as JSON (`robust_se` as the `cox` contract names it).
pub(crate) fn hr_json(h: &TreatmentHr) -> Value {
    json!({"coef": h.coef, "se": h.se, "robust_se": h.robust_se, "hr": h.hr,
           "hr_lower": h.hr_lower, "hr_upper": h.hr_upper, "z": h.z, "p": h.p,
           "n": h.n, "events": h.events})
}

/// KM curves per arm in the shape of the `km` contract's `groups`.
pub(crate) fn km_json(fit: &KmFit) -> Vec<Value> {
    fit.curves
        .iter()
        .map(|c| {
            let table: Vec<Value> = c
                .table
                .iter()
                .map(|r| {
                    json!({"time": r.time, "n_risk": count_json(r.n_risk),
                           "n_event": count_json(r.n_event), "n_censor": count_json(r.n_censor),
                           "survival": r.survival, "std_err": r.std_err,
                           "lower": r.lower, "upper": r.upper})
                })
                .collect();
            json!({"group": c.label, "n": c.n, "events": count_json(c.events),
                   "median": c.median.estimate, "median_lower": c.median.lower,
                   "median_upper": c.median.upper, "table": table})
        })
        .collect()
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let covariates = split_list(&args.covariates);
    if covariates.is_empty() {
        bail!("--covariates: no covariate named");
    }
    check_trim(args.trim)?;
    check_conf_level(args.conf_level)?;
    if args.time.is_some() != args.event.is_some() {
        bail!("--time and --event must be given together");
    }
    let factors = args.factors.as_deref().map(split_list).unwrap_or_default();
    let spec = FrameSpec {
        time: args.time.clone(),
        event: args.event.clone(),
        ..Default::default()
    };
    let input = read_input(&args.data, &args.treatment, &covariates, &factors, spec)?;
    let mf = &input.mf;
    if let Some(ev) = &mf.event
        && !ev.iter().any(|&e| e)
    {
        bail!(
            "event column '{}' has no events",
            args.event.as_deref().unwrap_or_default()
        );
    }

    let timer = FitTimer::start();
    let ps = fit_propensity(&input, &args.treatment)?;
    let params = IptwParams::default()
        .estimand(args.estimand.into())
        .stabilize(args.stabilize)
        .trim(args.trim)
        .trim_lower(args.trim_lower);
    let w = params
        .weights(&ps.scores, &input.treated)
        .map_err(|e| weight_error(e, &mf.rows, &args.treatment))?;
    let bal = w.balance(&input.bal_x, &input.bal_names, &input.treated)?;
    let dist = balance_row_with(
        "distance",
        &ps.scores,
        &input.treated,
        Some(&w.weights),
        w.estimand.sd_denominator(),
    );
    let outcome = match (&mf.time, &mf.event) {
        (Some(t), Some(e)) => {
            let hr = treatment_cox(
                t,
                e,
                &input.treated,
                Some(&w.weights),
                None,
                true,
                args.conf_level,
            )
            .context("weighted Cox model")?;
            let km = arm_km(t, e, &input.treated, Some(&w.weights), args.conf_level)?;
            Some((hr, km))
        }
        _ => None,
    };
    let fit_s = timer.seconds();

    if let Some(path) = &args.out {
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("--out: cannot create {}", path.display()))?,
        );
        writeln!(f, "row,{},ps,weight", args.treatment)?;
        for i in 0..mf.n() {
            writeln!(
                f,
                "{},{},{:?},{:?}",
                mf.rows[i],
                u8::from(input.treated[i]),
                ps.scores[i],
                w.weights[i]
            )?;
        }
        f.flush()?;
    }

    let coefficients: Vec<Value> = ps
        .model
        .coefficients
        .iter()
        .map(|c| json!({"term": c.term, "coef": c.estimate, "se": c.se}))
        .collect();
    let json = json!({
        "n": mf.n(),
        "n_dropped": mf.n_dropped,
        "n_treated": w.treated.n,
        "n_control": w.control.n,
        "estimand": w.estimand.as_str(),
        "stabilize": w.stabilized,
        "trim": w.trim,
        "trim_lower": args.trim_lower,
        "n_trimmed": w.n_trimmed,
        "trim_limits": w.trim_limits.map(|(lo, hi)| json!({"lower": lo, "upper": hi})),
        "ess_treated": w.ess_treated,
        "ess_control": w.ess_control,
        "weights": [group_json("treated", &w.treated), group_json("control", &w.control)],
        "balance": bal.rows.iter().map(balance_row_json).collect::<Vec<_>>(),
        "distance_balance": balance_row_json(&dist),
        "propensity": {
            "coefficients": coefficients,
            "converged": ps.model.converged,
            "iterations": ps.model.iterations,
            "separation": ps.separation(),
        },
        "cox": outcome.as_ref().map(|(h, _)| hr_json(h)),
        "km": outcome.as_ref().map(|(_, k)| km_json(k)),
    });
    let mut text = format!("{w}\n\n{bal}\n");
    if let Some((h, km)) = &outcome {
        text.push_str(&format!(
            "\nWeighted Cox (robust SE): HR {:.4} ({:.4} to {:.4}), se {:.4}, robust se {}, p {}\n",
            h.hr,
            h.hr_lower,
            h.hr_upper,
            h.se,
            h.robust_se.map_or("NA".into(), |s| format!("{s:.4}")),
            prognos_core::table::format_p(h.p, 4),
        ));
        for c in &km.curves {
            text.push_str(&format!(
                "Weighted KM {}: n {}, weighted events {:.2}, median {}\n",
                c.label,
                c.n,
                c.events,
                c.median.estimate.map_or("NA".into(), |m| format!("{m}"))
            ));
        }
    }
    Ok(Output { json, text, fit_s })
}
