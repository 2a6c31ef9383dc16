//! `prognos cox`: Cox proportional-hazards model, as `survival::coxph`.
//!
//! `prognos cox --data F --time T --event E --covariates a,b [--factors b[:REF]]
//! [--strata S] [--ties efron|breslow] [--robust] [--cluster C] [--start COL]
//! [--weights COL] [--conf-level 0.95] [--save-model M.json] --json`
//!
//! JSON keys (contract first): `n`, `events`, `n_dropped`, `ties`,
//! `coefficients[] {term, coef, se, robust_se, hr, hr_lower, hr_upper, z, p}`
//! (null where R prints NA), `loglik_null`, `loglik`, `tests {lr, wald, score}`
//! (`{stat, df, p}`; Wald with the robust variance when robust, unrounded),
//! `concordance {c, se}` (null when not available), `iterations`; added:
//! `converged`, `warnings` (R's warnings as text), `conf_level`, `robust`,
//! `strata` (number of strata), `means` (R's `fit$means`).
//!
//! The model-building half (`ModelArgs`, [`prepare`], [`fit_json`]) is shared
//! with `cox-zph`, `cox-screen` and `predict`.

use super::common::{FitTimer, Output, split_list};
use crate::data::{Cohort, FrameSpec, ModelFrame, sorted_levels};
use anyhow::{Context, bail};
use prognos_survival::cox::{CoxData, CoxError, CoxFit, CoxParams, CoxTerm, CoxTest, Ties};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::path::PathBuf;

/// Tie handling on the command line.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TiesArg {
    /// Efron's approximation (R's default).
    #[default]
    Efron,
    /// Breslow's approximation.
    Breslow,
}

impl From<TiesArg> for Ties {
    fn from(t: TiesArg) -> Ties {
        match t {
            TiesArg::Efron => Ties::Efron,
            TiesArg::Breslow => Ties::Breslow,
        }
    }
}

/// The model arguments shared by `cox`, `cox-zph` and `cox-screen`.
#[derive(clap::Args, Debug, Clone)]
pub struct ModelArgs {
    /// Data table (.csv, .tsv, .parquet).
    #[arg(long)]
    pub data: PathBuf,
    /// Follow-up (stop) time column.
    #[arg(long)]
    pub time: String,
    /// Event column (0/1 or true/false).
    #[arg(long)]
    pub event: String,
    /// Covariates, comma-separated.
    #[arg(long)]
    pub covariates: String,
    /// Categorical covariates (`name` or `name:REFERENCE`), comma-separated.
    #[arg(long)]
    pub factors: Option<String>,
    /// Stratification column (separate baseline hazard per level).
    #[arg(long)]
    pub strata: Option<String>,
    /// Tie handling.
    #[arg(long, value_enum, default_value_t = TiesArg::Efron)]
    pub ties: TiesArg,
    /// Robust (sandwich) standard errors.
    #[arg(long)]
    pub robust: bool,
    /// Cluster column: robust variance summed within clusters (implies --robust).
    #[arg(long)]
    pub cluster: Option<String>,
    /// Start-time column: counting-process (start, stop] rows.
    #[arg(long)]
    pub start: Option<String>,
    /// Case-weight column (> 0).
    #[arg(long)]
    pub weights: Option<String>,
    /// Confidence level of the hazard-ratio intervals.
    #[arg(long, default_value_t = 0.95)]
    pub conf_level: f64,
}

/// Arguments of `prognos cox`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    /// The model.
    pub model: ModelArgs,
    /// Save the fitted model (JSON) for `prognos predict`.
    #[arg(long)]
    pub save_model: Option<PathBuf>,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// A data set ready for the Cox estimators, with what the adapters need.
pub struct Prepared {
    /// The model frame (complete cases).
    pub mf: ModelFrame,
    /// The estimator input.
    pub data: CoxData,
    /// Terms (a factor spans its dummy columns).
    pub terms: Vec<CoxTerm>,
    /// Estimator settings.
    pub params: CoxParams,
    /// Stratum labels in code order (empty without strata).
    pub strata_levels: Vec<String>,
    /// Factor terms: (name, reference, dummy levels).
    pub factors: Vec<(String, String, Vec<String>)>,
}

/// Codes of labels: index into their sorted distinct levels.
pub fn label_codes(labels: &[String]) -> (Vec<usize>, Vec<String>) {
    let levels = sorted_levels(labels);
    let codes = labels
        .iter()
        .map(|l| levels.iter().position(|x| x == l).unwrap_or(0))
        .collect();
    (codes, levels)
}

/// Reads the data and builds the Cox input of `a`.
///
/// # Errors
/// Data errors (missing column, bad values) and invalid flag values.
pub fn prepare(a: &ModelArgs) -> anyhow::Result<Prepared> {
    super::common::check_conf_level(a.conf_level)?;
    let covariates = split_list(&a.covariates);
    if covariates.is_empty() {
        bail!("--covariates: at least one covariate is needed");
    }
    let factors = a.factors.as_deref().map(split_list).unwrap_or_default();
    let factor_names: Vec<String> = factors
        .iter()
        .map(|f| f.split_once(':').map_or(f.clone(), |(n, _)| n.to_string()))
        .collect();
    let cohort = Cohort::read(&a.data)?;
    let spec = FrameSpec {
        time: Some(a.time.clone()),
        event: Some(a.event.clone()),
        start: a.start.clone(),
        covariates: covariates.clone(),
        factors: factors.clone(),
        strata: a.strata.clone(),
        cluster: a.cluster.clone(),
        weights: a.weights.clone(),
        text: factor_names.clone(),
        ..Default::default()
    };
    let mf = cohort.model_frame(&spec)?;
    let time = mf.time.clone().context("no time column")?;
    let event = mf.event.clone().context("no event column")?;
    let mut data = CoxData::new(time, event, mf.x.matrix.clone()).with_names(mf.x.names.clone());
    if let Some(s) = &mf.start {
        data = data.with_start(s.clone());
    }
    if let Some(w) = &mf.weights {
        data = data.with_weights(w.clone());
    }
    let mut strata_levels = Vec::new();
    if let Some(s) = &mf.strata {
        let (codes, levels) = label_codes(s);
        strata_levels = levels;
        data = data.with_strata(codes);
    }
    if let Some(c) = &mf.cluster {
        data = data.with_cluster(label_codes(c).0);
    }
    let terms: Vec<CoxTerm> =
        mf.x.terms
            .iter()
            .map(|t| CoxTerm {
                name: t.name.clone(),
                columns: t.columns.clone(),
            })
            .collect();
    let mut fac = Vec::new();
    for (spec_f, name) in factors.iter().zip(&factor_names) {
        let term = terms
            .iter()
            .find(|t| &t.name == name)
            .context("factor term")?;
        let dummies: Vec<String> = term
            .columns
            .clone()
            .map(|j| {
                let n = &mf.x.names[j];
                n[name.len() + 1..n.len() - 1].to_string()
            })
            .collect();
        let reference = match spec_f.split_once(':') {
            Some((_, r)) => r.to_string(),
            None => sorted_levels(&mf.text[name])
                .into_iter()
                .find(|l| !dummies.contains(l))
                .unwrap_or_default(),
        };
        fac.push((name.clone(), reference, dummies));
    }
    let params = CoxParams::default()
        .ties(a.ties.into())
        .robust(a.robust || a.cluster.is_some())
        .conf_level(a.conf_level)
        .singular_ok(false);
    Ok(Prepared {
        mf,
        data,
        terms,
        params,
        strata_levels,
        factors: fac,
    })
}

/// Fits, turning row-level errors into the original data rows.
///
/// # Errors
/// The fit's [`CoxError`] as one line naming the column or data row.
pub fn fit_prepared(p: &Prepared, params: &CoxParams, data: &CoxData) -> anyhow::Result<CoxFit> {
    params
        .fit(data)
        .map_err(|e| anyhow::anyhow!(explain(&e, &p.mf)))
}

/// One line for a Cox error, with frame rows mapped to data rows.
pub fn explain(e: &CoxError, mf: &ModelFrame) -> String {
    let row = |r: usize| mf.rows.get(r).copied().unwrap_or(r);
    match e {
        CoxError::InvalidWeight { row: r, value } => {
            format!(
                "weight at row {} is {value}, must be > 0 (as coxph)",
                row(*r)
            )
        }
        CoxError::InvalidInterval {
            row: r,
            start,
            stop,
        } => {
            format!(
                "row {}: start {start} must be smaller than stop {stop}",
                row(*r)
            )
        }
        CoxError::NonFiniteCovariate {
            column,
            row: r,
            value,
        } => {
            format!(
                "covariate '{column}' at row {} is {value}, must be finite",
                row(*r)
            )
        }
        other => other.to_string(),
    }
}

fn test_json(t: &CoxTest) -> Value {
    json!({"stat": t.statistic, "df": t.df, "p": t.p_value})
}

/// The contract's `cox` JSON object of a fit.
pub fn fit_json(fit: &CoxFit, n_dropped: usize) -> Value {
    let coefs: Vec<Value> = fit
        .coefficients()
        .into_iter()
        .map(|c| {
            json!({"term": c.term, "coef": c.coef, "se": c.se, "robust_se": c.robust_se,
                   "hr": c.hr, "hr_lower": c.hr_lower, "hr_upper": c.hr_upper, "z": c.z, "p": c.p})
        })
        .collect();
    json!({
        "n": fit.n,
        "events": fit.events,
        "n_dropped": n_dropped,
        "ties": fit.ties.as_str(),
        "coefficients": coefs,
        "loglik_null": fit.loglik_null,
        "loglik": fit.loglik,
        "tests": {"lr": test_json(&fit.lr_test), "wald": test_json(&fit.wald_test),
                  "score": test_json(&fit.score_test)},
        "concordance": fit.concordance.map(|c| json!({"c": c.c, "se": c.se})),
        "iterations": fit.diagnostics.iterations,
        "converged": fit.diagnostics.converged,
        "warnings": fit.diagnostics.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        "conf_level": fit.conf_level,
        "robust": fit.robust_var.is_some(),
        "strata": fit.n_strata(),
        "means": fit.means,
    })
}

/// The readable form: `print.coxph` plus the missingness line.
pub fn fit_text(fit: &CoxFit, n_dropped: usize) -> String {
    let mut s = fit.to_string();
    if n_dropped > 0 {
        let word = if n_dropped == 1 {
            "observation"
        } else {
            "observations"
        };
        s.push_str(&format!(
            "   ({n_dropped} {word} deleted due to missingness)\n"
        ));
    }
    if let Some(c) = fit.concordance {
        s.push_str(&format!("Concordance= {:.3}  (se = {:.3})\n", c.c, c.se));
    }
    s
}

/// A model term as saved: numeric, or a factor with its reference and
/// dummy levels.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct SavedTerm {
    /// Column name in the data.
    pub name: String,
    /// `"numeric"` or `"factor"`.
    pub kind: String,
    /// Reference level (factors).
    #[serde(default)]
    pub reference: Option<String>,
    /// Dummy levels in column order (factors).
    #[serde(default)]
    pub levels: Vec<String>,
}

/// One stratum's baseline cumulative hazard (at the covariate means).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct SavedBaseline {
    /// Stratum label (`"all"` without strata).
    pub stratum: String,
    /// Event times.
    pub time: Vec<f64>,
    /// Cumulative hazard at each time.
    pub cumhaz: Vec<f64>,
}

/// A Cox model saved by `cox --save-model`, read by `predict`.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct SavedCoxModel {
    /// Always `"prognos-cox-model"`.
    pub format: String,
    /// Format version (1).
    pub version: u32,
    /// Terms in covariate order.
    pub terms: Vec<SavedTerm>,
    /// Design column names.
    pub columns: Vec<String>,
    /// Coefficients (null = dropped).
    pub coef: Vec<Option<f64>>,
    /// Centres of the linear predictor (R's `fit$means`).
    pub means: Vec<f64>,
    /// `"efron"` or `"breslow"`.
    pub ties: String,
    /// Strata column, if stratified.
    pub strata: Option<String>,
    /// Baseline cumulative hazard per stratum.
    pub baseline: Vec<SavedBaseline>,
}

fn save_model(
    path: &PathBuf,
    fit: &CoxFit,
    p: &Prepared,
    strata_col: Option<&String>,
) -> anyhow::Result<()> {
    let terms = p
        .terms
        .iter()
        .map(|t| match p.factors.iter().find(|f| f.0 == t.name) {
            Some((_, r, l)) => SavedTerm {
                name: t.name.clone(),
                kind: "factor".into(),
                reference: Some(r.clone()),
                levels: l.clone(),
            },
            None => SavedTerm {
                name: t.name.clone(),
                kind: "numeric".into(),
                reference: None,
                levels: vec![],
            },
        })
        .collect();
    let baseline = fit
        .baseline_hazard()
        .into_iter()
        .map(|b| SavedBaseline {
            stratum: if p.strata_levels.is_empty() {
                "all".into()
            } else {
                p.strata_levels[b.stratum].clone()
            },
            time: b.time,
            cumhaz: b.cumhaz,
        })
        .collect();
    let m = SavedCoxModel {
        format: "prognos-cox-model".into(),
        version: 1,
        terms,
        columns: fit.names.clone(),
        coef: fit
            .coef
            .iter()
            .map(|&c| if c.is_nan() { None } else { Some(c) })
            .collect(),
        means: fit.means.clone(),
        ties: fit.ties.as_str().into(),
        strata: strata_col.cloned(),
        baseline,
    };
    let txt = serde_json::to_string_pretty(&m)?;
    std::fs::write(path, txt).with_context(|| format!("cannot write model file {}", path.display()))
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let p = prepare(&args.model)?;
    let timer = FitTimer::start();
    let fit = fit_prepared(&p, &p.params, &p.data)?;
    let fit_s = timer.seconds();
    if let Some(path) = &args.save_model {
        save_model(path, &fit, &p, args.model.strata.as_ref())?;
    }
    Ok(Output {
        json: fit_json(&fit, p.mf.n_dropped),
        text: fit_text(&fit, p.mf.n_dropped),
        fit_s,
    })
}
