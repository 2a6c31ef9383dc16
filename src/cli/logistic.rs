//! `prognos logistic`: logistic model building, as R `glm(family = binomial)`,
//! the univariate screen and `step(direction = "both")`.
//!
//! `prognos logistic --data F --outcome Y --covariates a,b,c [--factors b[:REF]]
//! [--weights W] [--conf-level 0.95] [--univariate] [--step both|backward|forward]
//! [--start a,b] [--k 2] --json`
//!
//! JSON keys: `n`, `n_events`, `n_dropped`, `conf_level`; `coefficients[] {term,
//! estimate, se, z, p, or, or_lower, or_upper}` of the final model (the full
//! model, or the selected one with `--step`; null where R prints NA),
//! `deviance`, `null_deviance`, `aic`, `df_residual`, `df_null`, `iterations`,
//! `converged`, `warnings` (text); `univariate` (with `--univariate`, else null):
//! `[{term, column, or, or_lower, or_upper, p, p_lrt}]` (each term alone; `p_lrt`
//! the term's likelihood-ratio p-value); `step` (with `--step`, else null):
//! `{direction, k, selected: [terms], path: [{step, df, deviance, resid_df,
//! resid_dev, aic}]}` as `step(...)$anova` (the first row has null `df`/`deviance`).
//!
//! The outcome is a 0/1 column. Without `--start` the search starts from the
//! full model (`step(glm(y ~ all))`); with `--start` (a subset of the
//! covariates, possibly `1` for the intercept only) from that model with the
//! full model as the upper scope.

use super::common::{FitTimer, Output, split_list};
use crate::data::{Cohort, FrameSpec};
use anyhow::bail;
use prognos_core::glm::{
    GlmWarning, LogisticFit, LogisticParams, ModelTerm, StepDirection, StepwiseParams,
    univariate_screen,
};
use serde_json::{Value, json};
use std::path::PathBuf;

/// Search direction on the command line.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepArg {
    /// Drops and adds (R `"both"`).
    Both,
    /// Drops only.
    Backward,
    /// Adds only.
    Forward,
}

/// Arguments of `prognos logistic`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Data table (.csv, .tsv, .parquet).
    #[arg(long)]
    pub data: PathBuf,
    /// Outcome column, 0/1 (1 = event).
    #[arg(long)]
    pub outcome: String,
    /// Covariates (candidate terms), comma-separated, in formula order.
    #[arg(long)]
    pub covariates: String,
    /// Categorical covariates (`name` or `name:REFERENCE`), comma-separated.
    #[arg(long)]
    pub factors: Option<String>,
    /// Prior (case) weight column.
    #[arg(long)]
    pub weights: Option<String>,
    /// Confidence level of the odds-ratio intervals.
    #[arg(long, default_value_t = 0.95)]
    pub conf_level: f64,
    /// Also fit each covariate alone (univariate screen).
    #[arg(long)]
    pub univariate: bool,
    /// Stepwise selection by AIC in this direction (R `step`).
    #[arg(long, value_enum)]
    pub step: Option<StepArg>,
    /// Starting model of the stepwise search (comma-separated covariates, or `1`).
    #[arg(long)]
    pub start: Option<String>,
    /// Penalty per parameter of the stepwise criterion (2 = AIC, log(n) = BIC).
    #[arg(long, default_value_t = 2.0)]
    pub k: f64,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

fn num(v: f64) -> Value {
    if v.is_finite() { json!(v) } else { Value::Null }
}

fn warning_text(w: &GlmWarning) -> String {
    match w {
        GlmWarning::NotConverged { iterations } => {
            format!("algorithm did not converge in {iterations} iterations")
        }
        GlmWarning::FittedProbabilitiesZeroOrOne { n_obs } => format!(
            "fitted probabilities numerically 0 or 1 occurred ({n_obs} observations): separation"
        ),
        GlmWarning::Aliased { term } => {
            format!("'{term}' is linearly dependent on earlier terms (NA)")
        }
        GlmWarning::NonIntegerWeights => "non-integer #successes in a binomial glm".to_string(),
        GlmWarning::StepHalving { iteration } => {
            format!("step-halving needed at iteration {iteration}")
        }
    }
}

fn fit_json(f: &LogisticFit) -> Value {
    let coefs: Vec<Value> = f
        .coefficients
        .iter()
        .map(|c| {
            json!({"term": c.term, "estimate": num(c.estimate), "se": num(c.se), "z": num(c.z),
                   "p": num(c.p), "or": num(c.odds_ratio), "or_lower": num(c.or_lower),
                   "or_upper": num(c.or_upper)})
        })
        .collect();
    json!({
        "coefficients": coefs, "deviance": f.deviance, "null_deviance": f.null_deviance,
        "aic": f.aic, "df_residual": f.df_residual, "df_null": f.df_null,
        "iterations": f.iterations, "converged": f.converged,
        "warnings": f.warnings.iter().map(warning_text).collect::<Vec<_>>(),
    })
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    super::common::check_conf_level(args.conf_level)?;
    if !(args.k.is_finite() && args.k > 0.0) {
        bail!("--k must be a positive number (got {})", args.k);
    }
    let covariates = split_list(&args.covariates);
    if covariates.is_empty() {
        bail!("--covariates: at least one covariate is needed");
    }
    if args.start.is_some() && args.step.is_none() {
        bail!("--start needs --step");
    }
    let factors = args.factors.as_deref().map(split_list).unwrap_or_default();
    let factor_names: Vec<String> = factors
        .iter()
        .map(|f| f.split_once(':').map_or(f.clone(), |(n, _)| n.to_string()))
        .collect();
    let cohort = Cohort::read(&args.data)?;
    let mf = cohort.model_frame(&FrameSpec {
        covariates: covariates.clone(),
        factors: factors.clone(),
        weights: args.weights.clone(),
        numeric: vec![args.outcome.clone()],
        text: factor_names,
        ..Default::default()
    })?;
    let y = mf.binary(&args.outcome)?;
    let n_events = y.iter().filter(|&&b| b).count();
    if n_events == 0 || n_events == y.len() {
        bail!(
            "outcome '{}' has {} events among {} rows; both 0 and 1 are needed",
            args.outcome,
            n_events,
            y.len()
        );
    }
    let terms: Vec<ModelTerm> =
        mf.x.terms
            .iter()
            .map(|t| ModelTerm {
                name: t.name.clone(),
                columns: t.columns.clone(),
            })
            .collect();
    let start: Vec<usize> = match &args.start {
        None => (0..terms.len()).collect(),
        Some(s) => {
            let mut idx = Vec::new();
            for name in split_list(s).iter().filter(|n| n.as_str() != "1") {
                match terms.iter().position(|t| &t.name == name) {
                    Some(i) if !idx.contains(&i) => idx.push(i),
                    Some(_) => bail!("--start: '{name}' is listed twice"),
                    None => bail!("--start: '{name}' is not one of --covariates"),
                }
            }
            idx
        }
    };
    let glm = LogisticParams::default().conf_level(args.conf_level);
    let w = mf.weights.as_deref();
    let timer = FitTimer::start();
    let uni = if args.univariate {
        Some(univariate_screen(
            &glm,
            &mf.x.matrix,
            &mf.x.names,
            &terms,
            &y,
            w,
        )?)
    } else {
        None
    };
    let (fit, step) = match args.step {
        None => (glm.fit(&mf.x.matrix, &mf.x.names, &y, w)?, None),
        Some(dir) => {
            let direction = match dir {
                StepArg::Both => StepDirection::Both,
                StepArg::Backward => StepDirection::Backward,
                StepArg::Forward => StepDirection::Forward,
            };
            let s = StepwiseParams {
                glm,
                direction,
                k: args.k,
                ..Default::default()
            }
            .fit(&mf.x.matrix, &mf.x.names, &terms, &start, &y, w)?;
            (s.fit.clone(), Some((s, dir)))
        }
    };
    let fit_s = timer.seconds();

    let mut json = fit_json(&fit);
    json["n"] = json!(mf.n());
    json["n_events"] = json!(n_events);
    json["n_dropped"] = json!(mf.n_dropped);
    json["conf_level"] = json!(args.conf_level);
    json["univariate"] = match &uni {
        Some(u) => Value::Array(
            u.rows
                .iter()
                .map(|r| {
                    json!({"term": r.term, "column": r.column, "or": num(r.odds_ratio),
                           "or_lower": num(r.or_lower), "or_upper": num(r.or_upper),
                           "p": num(r.p), "p_lrt": num(r.p_lrt)})
                })
                .collect(),
        ),
        None => Value::Null,
    };
    json["step"] = match &step {
        Some((s, dir)) => json!({
            "direction": format!("{dir:?}").to_lowercase(),
            "k": s.k,
            "selected": s.terms,
            "path": s.path.iter().map(|r| json!({
                "step": r.step, "df": r.df, "deviance": r.deviance, "resid_df": r.resid_df,
                "resid_dev": r.resid_dev, "aic": r.aic})).collect::<Vec<_>>(),
        }),
        None => Value::Null,
    };

    let mut text = format!(
        "Logistic regression of '{}': n = {} ({} events, {} rows dropped)\n",
        args.outcome,
        mf.n(),
        n_events,
        mf.n_dropped
    );
    if let Some(u) = &uni {
        text += &format!("{u}\n");
    }
    match &step {
        Some((s, _)) => text += &s.to_string(),
        None => text += &fit.to_string(),
    }
    Ok(Output { json, text, fit_s })
}
