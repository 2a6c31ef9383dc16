//! `prognos cox-zph`: proportional-hazards test of Grambsch and Therneau,
//! as `survival::cox.zph` (survival ≥ 3: score test per term and global).
//!
//! `prognos cox-zph <cox model arguments> [--transform km|rank|identity] --json`
//!
//! JSON: `terms[] {term, chisq, df, p}` (a factor is one multi-df term, as
//! `cox.zph(terms = TRUE)`), `global {chisq, df, p}`; added: `transform`,
//! `n`, `events`, `n_dropped`.

use super::common::{FitTimer, Output};
use super::cox::{ModelArgs, fit_prepared, prepare};
use prognos_survival::cox::{ZphRow, ZphTransform};
use serde_json::{Value, json};

/// Time transform on the command line.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TransformArg {
    /// 1 − Kaplan–Meier (R's default).
    #[default]
    Km,
    /// Ranks of the times.
    Rank,
    /// The times.
    Identity,
}

/// Arguments of `prognos cox-zph`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    /// The model.
    pub model: ModelArgs,
    /// Time transform.
    #[arg(long, value_enum, default_value_t = TransformArg::Km)]
    pub transform: TransformArg,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

fn row_json(r: &ZphRow) -> Value {
    json!({"term": r.term, "chisq": r.chisq, "df": r.df, "p": r.p})
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let p = prepare(&args.model)?;
    let timer = FitTimer::start();
    let fit = fit_prepared(&p, &p.params, &p.data)?;
    let tr = match args.transform {
        TransformArg::Km => ZphTransform::Km,
        TransformArg::Rank => ZphTransform::Rank,
        TransformArg::Identity => ZphTransform::Identity,
    };
    let z = fit
        .zph(tr, Some(&p.terms))
        .map_err(|e| anyhow::anyhow!(super::cox::explain(&e, &p.mf)))?;
    let fit_s = timer.seconds();
    let json = json!({
        "terms": z.terms.iter().map(row_json).collect::<Vec<_>>(),
        "global": {"chisq": z.global.chisq, "df": z.global.df, "p": z.global.p},
        "transform": tr.as_str(),
        "n": fit.n,
        "events": fit.events,
        "n_dropped": p.mf.n_dropped,
    });
    Ok(Output {
        json,
        text: z.to_string(),
        fit_s,
    })
}
