//! `prognos signature`: univariate Cox screen with BH-FDR, LASSO-Cox with
//! cross-validation at `lambda.min`, multivariable Cox refit on the selected
//! features, and the C-index of the risk score in the training cohort and,
//! with `--validate`, in a second cohort.
//!
//! `prognos signature --data F --time T --event E (--features-except ... |
//! --features ...) [--fdr 0.05] [--folds 10 --seed S | --foldid COL]
//! [--bootstrap 1000] [--validate F2] --json`
//!
//! JSON keys (contract first): `screened`, `selected` (feature names),
//! `model` (the `cox` output of the refit), `cindex_train`,
//! `cindex_validate` (`{c, lower, upper}`, bootstrap percentile interval of
//! Harrell's C; null without `--validate`); added: `n_features`,
//! `lambda_min`, `screen` (`{feature, p, q}` of the screened features),
//! `n_validate`, `n_dropped_validate`.
//!
//! The validation cohort must contain the time and event columns and every
//! selected feature (same names).

use super::common::{FitTimer, Output};
use super::cox::fit_json;
use super::lasso_cox::{explain, read_lasso_data};
use crate::data::{Cohort, FrameSpec};
use anyhow::anyhow;
use prognos_survival::penalized::{
    CIndexInterval, CoxNetCvParams, CoxNetParams, Folds, SignatureError, SignatureParams,
};
use serde_json::{Value, json};
use std::path::PathBuf;

/// Arguments of `prognos signature`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Training table (.csv, .tsv, .parquet).
    #[arg(long)]
    pub data: PathBuf,
    /// Follow-up time column.
    #[arg(long)]
    pub time: String,
    /// Event column (0/1 or true/false).
    #[arg(long)]
    pub event: String,
    /// Use every column except these (time, event and fold-id columns are always excluded).
    #[arg(long)]
    pub features_except: Option<String>,
    /// Feature columns, comma-separated.
    #[arg(long, conflicts_with = "features_except")]
    pub features: Option<String>,
    /// FDR threshold of the univariate screen (BH q < fdr passes).
    #[arg(long, default_value_t = 0.05)]
    pub fdr: f64,
    /// Cross-validation folds of the LASSO-Cox.
    #[arg(long, default_value_t = 10, conflicts_with = "foldid")]
    pub folds: usize,
    /// Seed of the fold assignment and of the bootstrap.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Column with a fold id per row.
    #[arg(long)]
    pub foldid: Option<String>,
    /// Bootstrap replicates of the C-index interval.
    #[arg(long, default_value_t = 1000)]
    pub bootstrap: usize,
    /// Validation cohort (same time/event/feature column names).
    #[arg(long)]
    pub validate: Option<PathBuf>,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

fn ci_json(c: &CIndexInterval) -> Value {
    let num = |v: f64| if v.is_finite() { json!(v) } else { Value::Null };
    json!({"c": num(c.c), "lower": num(c.lower), "upper": num(c.upper)})
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let d = read_lasso_data(
        &args.data,
        &args.time,
        &args.event,
        args.features.as_deref(),
        args.features_except.as_deref(),
        args.foldid.as_deref(),
    )?;
    let folds = match &d.foldid {
        Some(f) => Folds::Given(f.clone()),
        None => Folds::Random {
            k: args.folds,
            seed: args.seed,
        },
    };
    let params = SignatureParams {
        fdr: args.fdr,
        cv: CoxNetCvParams {
            path: CoxNetParams::default(),
            folds,
        },
        bootstrap: args.bootstrap,
        seed: args.seed,
        conf_level: 0.95,
    };
    let timer = FitTimer::start();
    let sig = params.fit(&d.time, &d.event, &d.x).map_err(|e| match e {
        SignatureError::CoxNet(e) => explain(e, &d),
        other => anyhow!("{other}"),
    })?;
    let mut fit_s = timer.seconds();
    let names =
        |cols: &[usize]| -> Vec<String> { cols.iter().map(|&j| d.names[j].clone()).collect() };
    let selected = names(&sig.selected);
    let mut model = sig.model.clone();
    model.names = selected.clone();

    let (validate, n_val, dropped_val) = match &args.validate {
        None => (Value::Null, Value::Null, Value::Null),
        Some(path) => {
            let cohort = Cohort::read(path)?;
            let spec = FrameSpec {
                time: Some(args.time.clone()),
                event: Some(args.event.clone()),
                covariates: selected.clone(),
                ..Default::default()
            };
            let mf = cohort.model_frame(&spec)?;
            let t = mf.time.clone().ok_or_else(|| anyhow!("no time column"))?;
            let e = mf.event.clone().ok_or_else(|| anyhow!("no event column"))?;
            let t1 = FitTimer::start();
            let c = sig
                .validate(&params, &t, &e, &mf.x.matrix)
                .map_err(|e| anyhow!("validation cohort {}: {e}", path.display()))?;
            fit_s += t1.seconds();
            (ci_json(&c), json!(mf.n()), json!(mf.n_dropped))
        }
    };
    let screen: Vec<Value> = sig
        .screened
        .iter()
        .map(|&j| json!({"feature": d.names[j], "p": sig.screen_p[j], "q": sig.screen_q[j]}))
        .collect();
    let json = json!({
        "screened": names(&sig.screened),
        "selected": selected,
        "model": fit_json(&model, d.n_dropped),
        "cindex_train": ci_json(&sig.cindex_train),
        "cindex_validate": validate,
        "n_features": d.names.len(),
        "lambda_min": sig.cv.lambda_min,
        "screen": screen,
        "n_validate": n_val,
        "n_dropped_validate": dropped_val,
    });
    let mut text = sig.summary(&d.names).to_string();
    if let Value::Object(v) = &json["cindex_validate"] {
        text.push_str(&format!(
            "validation C = {} ({}, {})\n",
            v["c"], v["lower"], v["upper"]
        ));
    }
    Ok(Output { json, text, fit_s })
}
