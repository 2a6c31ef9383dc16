//! `prognos lasso-cox`: elastic-net penalised Cox path with cross-validation,
//! as `glmnet::cv.glmnet(x, Surv(T, E), family = "cox")` (glmnet 4.1).
//!
//! `prognos lasso-cox --data F --time T --event E (--features a,b,... |
//! --features-except id,T,E) [--alpha 1] [--nlambda 100]
//! [--lambda-min-ratio r] [--folds 10 --seed S | --foldid COL]
//! [--no-standardize] --json`
//!
//! JSON keys (contract first): `lambda`, `df`, `dev_ratio`,
//! `cv {mean, se, lambda_min, lambda_1se, index_min, index_1se}` (indices
//! 0-based), `coefficients_min`, `coefficients_1se` (`{feature, coef}`, only
//! non-zero, original scale); added: `n`, `events`, `n_dropped`,
//! `null_deviance`, `alpha`, `stop` (why the path ended), `cv.folds`,
//! `cv.fold_events` (event count per fold), `dropped` (constant features,
//! excluded with coefficient 0), `warnings` (text).
//!
//! `--features-except` uses every other column of the table; the time, event
//! and fold-id columns are always excluded. Without `--foldid`, folds are
//! assigned by a seeded shuffle (`--seed`, default 1) that R cannot reproduce;
//! pass R's `foldid` as a column to compare with R.

use super::common::{FitTimer, Output, split_list};
use crate::data::{Cohort, FrameSpec};
use anyhow::{anyhow, bail};
use prognos_survival::penalized::{CoxNetCv, CoxNetCvParams, CoxNetError, CoxNetParams, Folds};
use serde_json::{Value, json};
use std::path::PathBuf;

/// Arguments of `prognos lasso-cox`.
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
    /// Feature columns, comma-separated.
    #[arg(long, conflicts_with = "features_except")]
    pub features: Option<String>,
    /// Use every column except these (comma-separated; time, event and
    /// fold-id columns are always excluded).
    #[arg(long)]
    pub features_except: Option<String>,
    /// Elastic-net mixing: 1 = lasso, 0 = ridge.
    #[arg(long, default_value_t = 1.0)]
    pub alpha: f64,
    /// Number of lambda values.
    #[arg(long, default_value_t = 100)]
    pub nlambda: usize,
    /// Smallest / largest lambda (default 0.01 if rows < features, else 1e-4).
    #[arg(long)]
    pub lambda_min_ratio: Option<f64>,
    /// Number of cross-validation folds (seeded random assignment).
    #[arg(long, default_value_t = 10, conflicts_with = "foldid")]
    pub folds: usize,
    /// Seed of the random fold assignment.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Column with a fold id per row (integers; sorted distinct values are folds 0, 1, ...).
    #[arg(long)]
    pub foldid: Option<String>,
    /// Do not standardise the features.
    #[arg(long)]
    pub no_standardize: bool,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// The inputs of a penalised Cox fit, read from a table.
pub(crate) struct LassoData {
    /// Feature names, in design order.
    pub names: Vec<String>,
    /// Complete-case rows: original 0-based row of each.
    pub rows: Vec<usize>,
    /// Rows dropped for missing values.
    pub n_dropped: usize,
    /// Times, events, design.
    pub time: Vec<f64>,
    /// Event indicators.
    pub event: Vec<bool>,
    /// n × p design.
    pub x: nalgebra::DMatrix<f64>,
    /// 0-based fold per row when a fold column was named.
    pub foldid: Option<Vec<usize>>,
}

/// Resolves `--features` / `--features-except` against the table's columns.
pub(crate) fn feature_list(
    cohort: &Cohort,
    features: Option<&str>,
    except: Option<&str>,
    always_out: &[&str],
) -> anyhow::Result<Vec<String>> {
    let names = match (features, except) {
        (Some(f), None) => split_list(f),
        (None, Some(e)) => {
            let out = split_list(e);
            for c in &out {
                if !cohort.has_column(c) {
                    bail!(
                        "--features-except: column '{c}' not found in {}",
                        cohort.source()
                    );
                }
            }
            cohort
                .column_names()
                .into_iter()
                .filter(|c| !out.contains(c) && !always_out.contains(&c.as_str()))
                .collect()
        }
        _ => bail!("give exactly one of --features a,b,... or --features-except id,T,E"),
    };
    if names.is_empty() {
        bail!("no feature columns selected");
    }
    Ok(names)
}

/// Reads the table and builds the complete-case survival data and design.
pub(crate) fn read_lasso_data(
    data: &std::path::Path,
    time: &str,
    event: &str,
    features: Option<&str>,
    except: Option<&str>,
    foldid: Option<&str>,
) -> anyhow::Result<LassoData> {
    let cohort = Cohort::read(data)?;
    let mut out: Vec<&str> = vec![time, event];
    if let Some(f) = foldid {
        out.push(f);
    }
    let names = feature_list(&cohort, features, except, &out)?;
    let spec = FrameSpec {
        time: Some(time.into()),
        event: Some(event.into()),
        covariates: names.clone(),
        numeric: foldid.map(|f| vec![f.to_string()]).unwrap_or_default(),
        ..Default::default()
    };
    let mf = cohort.model_frame(&spec)?;
    let t = mf.time.clone().ok_or_else(|| anyhow!("no time column"))?;
    let e = mf.event.clone().ok_or_else(|| anyhow!("no event column"))?;
    if !e.iter().any(|&d| d) {
        bail!(
            "column '{event}' has no events among the {} complete rows",
            mf.n()
        );
    }
    let foldid = match foldid {
        None => None,
        Some(c) => {
            let v = &mf.numeric[c];
            let mut levels: Vec<f64> = v.clone();
            levels.sort_by(f64::total_cmp);
            levels.dedup();
            for (k, &x) in v.iter().enumerate() {
                if !x.is_finite() || x.fract() != 0.0 {
                    bail!(
                        "column '{c}': fold id {x} at row {} is not an integer",
                        mf.rows[k]
                    );
                }
            }
            Some(
                v.iter()
                    .map(|x| levels.partition_point(|l| l < x))
                    .collect(),
            )
        }
    };
    Ok(LassoData {
        names: mf.x.names.clone(),
        rows: mf.rows.clone(),
        n_dropped: mf.n_dropped,
        time: t,
        event: e,
        x: mf.x.matrix,
        foldid,
    })
}

/// One clear line for a library error, naming the feature and data row.
pub(crate) fn explain(e: CoxNetError, d: &LassoData) -> anyhow::Error {
    match e {
        CoxNetError::NonFiniteX { column, row, value } => anyhow!(
            "feature '{}' has a non-finite value ({value}) at row {}",
            d.names[column],
            d.rows[row]
        ),
        CoxNetError::NoFeatures { p, .. } => {
            anyhow!("all {p} features are constant over the complete rows; nothing to fit")
        }
        other => anyhow!("{other}"),
    }
}

/// The `{feature, coef}` list of the non-zero coefficients.
fn nonzero_json(names: &[String], beta: &[f64]) -> Value {
    Value::Array(
        beta.iter()
            .enumerate()
            .filter(|(_, b)| **b != 0.0)
            .map(|(j, b)| json!({"feature": names[j], "coef": b}))
            .collect(),
    )
}

/// The contract JSON of a cross-validated path.
pub(crate) fn cv_json(cv: &CoxNetCv, d: &LassoData) -> Value {
    let path = &cv.path;
    let warnings: Vec<String> = path
        .warnings
        .iter()
        .chain(&cv.warnings)
        .map(ToString::to_string)
        .collect();
    let dropped: Vec<&String> = path.constant.iter().map(|&j| &d.names[j]).collect();
    json!({
        "n": d.time.len(),
        "events": d.event.iter().filter(|&&e| e).count(),
        "n_dropped": d.n_dropped,
        "alpha": path.alpha,
        "lambda": path.lambda,
        "df": path.df,
        "dev_ratio": path.dev_ratio,
        "null_deviance": path.null_deviance,
        "stop": format!("{:?}", path.stop),
        "cv": {
            "mean": cv.mean, "se": cv.se,
            "lambda_min": cv.lambda_min, "lambda_1se": cv.lambda_1se,
            "index_min": cv.index_min, "index_1se": cv.index_1se,
            "folds": cv.fold_events.len(),
            "fold_events": cv.fold_events,
        },
        "coefficients_min": nonzero_json(&d.names, &cv.coefficients_min()),
        "coefficients_1se": nonzero_json(&d.names, &cv.coefficients_1se()),
        "dropped": dropped,
        "warnings": warnings,
    })
}

/// Readable text: the CV table and the selected coefficients.
fn text(cv: &CoxNetCv, d: &LassoData) -> String {
    let mut s = cv.to_string();
    for (label, beta) in [
        ("lambda.min", cv.coefficients_min()),
        ("lambda.1se", cv.coefficients_1se()),
    ] {
        let mut t =
            prognos_core::Table::new(["coef"]).with_title(format!("Coefficients at {label}"));
        for (j, b) in beta.iter().enumerate().filter(|(_, b)| **b != 0.0) {
            t.push_row(d.names[j].clone(), [*b]);
        }
        if t.n_rows() == 0 {
            t.push_footer("(none)");
        }
        s.push('\n');
        s.push_str(&t.to_string());
    }
    if !cv.path.constant.is_empty() {
        let names: Vec<&str> = cv
            .path
            .constant
            .iter()
            .map(|&j| d.names[j].as_str())
            .collect();
        s.push_str(&format!(
            "\nConstant features dropped: {}\n",
            names.join(", ")
        ));
    }
    s
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
    let timer = FitTimer::start();
    let mut path = CoxNetParams::default()
        .alpha(args.alpha)
        .nlambda(args.nlambda);
    path.lambda_min_ratio = args.lambda_min_ratio;
    path.standardize = !args.no_standardize;
    let folds = match &d.foldid {
        Some(f) => Folds::Given(f.clone()),
        None => Folds::Random {
            k: args.folds,
            seed: args.seed,
        },
    };
    let cv = CoxNetCvParams { path, folds }
        .fit(&d.time, &d.event, &d.x, None, None)
        .map_err(|e| explain(e, &d))?;
    let fit_s = timer.seconds();
    Ok(Output {
        json: cv_json(&cv, &d),
        text: text(&cv, &d),
        fit_s,
    })
}
