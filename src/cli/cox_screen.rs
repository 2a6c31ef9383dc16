//! `prognos cox-screen`: univariate Cox model for every covariate, then one
//! multivariable Cox model on those that pass.
//!
//! `prognos cox-screen --data F --time T --event E --covariates ... [--factors ...]
//! [--p-threshold 0.05] [other cox model flags] --json`
//!
//! JSON: `univariate[] {term, coef, hr, hr_lower, hr_upper, p}` (one row per
//! coefficient; factor levels as `name[LEVEL]`), `selected` (covariate
//! names, in the order given; a factor enters whole if any level passes),
//! `multivariate` (the `cox` JSON object, null when nothing passes); added:
//! `univariate[].covariate`, `p_threshold`.

use super::common::{FitTimer, Output};
use super::cox::{ModelArgs, fit_json, fit_text, prepare};
use anyhow::bail;
use serde_json::json;

/// Arguments of `prognos cox-screen`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    /// The model.
    pub model: ModelArgs,
    /// Univariate p-value threshold (Wald p) for entering the multivariable model.
    #[arg(long, default_value_t = 0.05)]
    pub p_threshold: f64,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    if !(args.p_threshold > 0.0 && args.p_threshold <= 1.0) {
        bail!(
            "--p-threshold must lie in (0, 1] (got {})",
            args.p_threshold
        );
    }
    let p = prepare(&args.model)?;
    let timer = FitTimer::start();
    let s = p
        .params
        .screen(&p.data, &p.terms, args.p_threshold)
        .map_err(|e| anyhow::anyhow!(super::cox::explain(&e, &p.mf)))?;
    let fit_s = timer.seconds();
    let uni: Vec<_> = s
        .univariate
        .iter()
        .map(|r| {
            json!({"term": r.term, "covariate": r.covariate, "coef": r.coef, "hr": r.hr,
                   "hr_lower": r.hr_lower, "hr_upper": r.hr_upper, "p": r.p})
        })
        .collect();
    let json = json!({
        "univariate": uni,
        "selected": s.selected,
        "multivariate": s.multivariate.as_ref().map(|m| fit_json(m, p.mf.n_dropped)),
        "p_threshold": args.p_threshold,
    });
    let mut text = s.summary().to_string();
    if let Some(m) = &s.multivariate {
        text.push_str("\nMultivariable Cox model\n");
        text.push_str(&fit_text(m, p.mf.n_dropped));
    }
    Ok(Output { json, text, fit_s })
}
