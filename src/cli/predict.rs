//! `prognos predict`: apply a Cox model saved by `cox --save-model` to
//! another cohort.
//!
//! `prognos predict --model M.json --data F [--times t1,t2] --json`
//!
//! JSON: `rows[] {row, lp, risk, survival_at}` (`row` = 0-based data row;
//! `lp` centred on the training means as `predict(fit, newdata, type =
//! "lp")`; `survival_at` = `exp(-H0(t) exp(lp))` at each `--times` value, as
//! `summary(survfit(fit, newdata), times)`); added: `n`, `n_dropped`,
//! `times`.

use super::common::{FitTimer, Output, parse_f64_list};
use super::cox::SavedCoxModel;
use crate::data::{Cohort, FrameSpec};
use anyhow::{Context, bail};
use nalgebra::DMatrix;
use serde_json::json;
use std::path::PathBuf;

/// Arguments of `prognos predict`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Model file written by `prognos cox --save-model`.
    #[arg(long)]
    pub model: PathBuf,
    /// Data table (.csv, .tsv, .parquet) with the model's covariates.
    #[arg(long)]
    pub data: PathBuf,
    /// Times at which to report survival, comma-separated.
    #[arg(long)]
    pub times: Option<String>,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let txt = std::fs::read_to_string(&args.model)
        .with_context(|| format!("cannot read model file {}", args.model.display()))?;
    let m: SavedCoxModel = serde_json::from_str(&txt)
        .with_context(|| format!("{} is not a prognos Cox model file", args.model.display()))?;
    if m.format != "prognos-cox-model" || m.version != 1 {
        bail!(
            "{} is not a prognos Cox model file (format {} version {})",
            args.model.display(),
            m.format,
            m.version
        );
    }
    if m.coef.len() != m.columns.len() || m.means.len() != m.columns.len() {
        bail!(
            "model file {}: coef, means and columns differ in length",
            args.model.display()
        );
    }
    let times = match &args.times {
        Some(t) => parse_f64_list("--times", t)?,
        None => vec![],
    };
    let numeric: Vec<String> = m
        .terms
        .iter()
        .filter(|t| t.kind != "factor")
        .map(|t| t.name.clone())
        .collect();
    let mut text: Vec<String> = m
        .terms
        .iter()
        .filter(|t| t.kind == "factor")
        .map(|t| t.name.clone())
        .collect();
    if let Some(s) = &m.strata {
        text.push(s.clone());
    }
    let cohort = Cohort::read(&args.data)?;
    let mf = cohort.model_frame(&FrameSpec {
        numeric,
        text,
        ..Default::default()
    })?;
    let n = mf.n();
    let p = m.columns.len();
    let timer = FitTimer::start();
    let mut x = DMatrix::zeros(n, p);
    let mut col = 0;
    for t in &m.terms {
        if t.kind == "factor" {
            let labels = &mf.text[&t.name];
            let reference = t.reference.clone().unwrap_or_default();
            for (i, l) in labels.iter().enumerate() {
                match t.levels.iter().position(|v| v == l) {
                    Some(k) => x[(i, col + k)] = 1.0,
                    None if *l == reference => {}
                    None => bail!(
                        "column '{}' row {}: level '{}' was not seen when the model was fitted (levels: {}, {})",
                        t.name,
                        mf.rows[i],
                        l,
                        reference,
                        t.levels.join(", ")
                    ),
                }
            }
            col += t.levels.len();
        } else {
            for (i, v) in mf.numeric[&t.name].iter().enumerate() {
                x[(i, col)] = *v;
            }
            col += 1;
        }
    }
    if col != p {
        bail!(
            "model file {}: terms span {col} columns, the model has {p}",
            args.model.display()
        );
    }
    let strata: Option<&Vec<String>> = m.strata.as_ref().map(|s| &mf.text[s]);
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let lp: f64 = (0..p)
            .filter_map(|j| m.coef[j].map(|b| b * (x[(i, j)] - m.means[j])))
            .sum();
        let risk = lp.exp();
        let base = match strata {
            Some(s) => m
                .baseline
                .iter()
                .find(|b| b.stratum == s[i])
                .with_context(|| {
                    format!(
                        "column '{}' row {}: stratum '{}' is not one of the model's strata",
                        m.strata.as_deref().unwrap_or(""),
                        mf.rows[i],
                        s[i]
                    )
                })?,
            None => m
                .baseline
                .first()
                .context("model file has no baseline hazard")?,
        };
        let surv: Vec<f64> = times
            .iter()
            .map(|&t| {
                let k = base.time.partition_point(|&x| x <= t);
                let h = if k == 0 { 0.0 } else { base.cumhaz[k - 1] };
                (-h * risk).exp()
            })
            .collect();
        rows.push((mf.rows[i], lp, risk, surv));
    }
    let fit_s = timer.seconds();
    let mut text = String::from("  row          lp        risk");
    for t in &times {
        text.push_str(&format!("   S({t})"));
    }
    text.push('\n');
    for (r, lp, risk, s) in &rows {
        text.push_str(&format!("{r:>5} {lp:>11.5} {risk:>11.5}"));
        for v in s {
            text.push_str(&format!(" {v:>8.4}"));
        }
        text.push('\n');
    }
    let json = json!({
        "rows": rows.iter().map(|(r, lp, risk, s)| json!({"row": r, "lp": lp, "risk": risk, "survival_at": s})).collect::<Vec<_>>(),
        "n": n,
        "n_dropped": mf.n_dropped,
        "times": times,
    });
    Ok(Output { json, text, fit_s })
}
