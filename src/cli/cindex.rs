//! `prognos cindex`: Harrell's and Uno's concordance of a risk score.
//!
//! `prognos cindex --data F --time T --event E --score COL [--tau t] [--bootstrap B --seed S]
//! [--conf-level 0.95] --json`
//!
//! JSON keys (contract first): `harrell {c, se}` (`concordance(Surv(T, E) ~ score,
//! reverse = TRUE)`, `se = sqrt(var)`), `uno {c, tau}` (`timewt = "n/G2", ymax = tau`; `tau`
//! defaults to the largest time), `bootstrap {b, lower, upper}` (percentile interval of
//! Harrell's C; null without `--bootstrap`); added: `harrell.{concordant, discordant,
//! tied_score, tied_time, tied_both}`, `uno.se`, `bootstrap.{seed, level, n_undefined}`,
//! `n`, `n_dropped`. A higher score means higher risk.

use super::common::{FitTimer, Output};
use crate::data::{Cohort, FrameSpec};
use anyhow::bail;
use prognos_core::bootstrap::BootstrapParams;
use prognos_survival::concordance::{harrell_and_uno, harrell_bootstrap};
use serde_json::json;
use std::path::PathBuf;

/// Arguments of `prognos cindex`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Data table (.csv, .tsv, .parquet).
    #[arg(long)]
    pub data: PathBuf,
    /// Follow-up time column (> 0).
    #[arg(long)]
    pub time: String,
    /// Event column (0/1 or true/false).
    #[arg(long)]
    pub event: String,
    /// Risk-score column (higher = higher risk).
    #[arg(long)]
    pub score: String,
    /// Truncation time of Uno's C (default: the largest time).
    #[arg(long)]
    pub tau: Option<f64>,
    /// Number of bootstrap replicates for a percentile interval of Harrell's C.
    #[arg(long)]
    pub bootstrap: Option<usize>,
    /// Seed of the bootstrap (default 1).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Confidence level of the bootstrap interval.
    #[arg(long, default_value_t = 0.95)]
    pub conf_level: f64,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    super::common::check_conf_level(args.conf_level)?;
    if let Some(t) = args.tau
        && !(t.is_finite() && t > 0.0)
    {
        bail!("--tau must be a positive finite time (got {t})");
    }
    if args.bootstrap == Some(0) {
        bail!("--bootstrap must be at least 1");
    }
    let cohort = Cohort::read(&args.data)?;
    let mf = cohort.model_frame(&FrameSpec {
        time: Some(args.time.clone()),
        event: Some(args.event.clone()),
        numeric: vec![args.score.clone()],
        ..Default::default()
    })?;
    let time = mf.time.as_deref().expect("time requested");
    let event = mf.event.as_deref().expect("event requested");
    let score = &mf.numeric[&args.score];

    let timer = FitTimer::start();
    let (h, u) = harrell_and_uno(time, event, score, args.tau)
        .map_err(|e| anyhow::anyhow!("concordance of '{}': {e}", args.score))?;
    let u = u.ok();
    let boot = match args.bootstrap {
        Some(b) => {
            let params = BootstrapParams {
                replicates: b,
                seed: args.seed,
                strata: None,
            };
            Some(harrell_bootstrap(
                time,
                event,
                score,
                &params,
                args.conf_level,
            )?)
        }
        None => None,
    };
    let fit_s = timer.seconds();

    let json = json!({
        "harrell": {"c": h.c, "se": h.se, "concordant": h.concordant, "discordant": h.discordant,
                    "tied_score": h.tied_score, "tied_time": h.tied_time, "tied_both": h.tied_both},
        "uno": u.map(|u| json!({"c": u.c, "tau": u.tau, "se": u.se})),
        "bootstrap": boot.map(|b| json!({"b": b.b, "lower": b.lower, "upper": b.upper,
                                         "seed": args.seed, "level": b.level, "n_undefined": b.n_undefined})),
        "n": time.len(), "n_dropped": mf.n_dropped,
    });
    let mut text = String::new();
    if mf.n_dropped > 0 {
        text.push_str(&format!(
            "{} observations deleted due to missingness\n",
            mf.n_dropped
        ));
    }
    text.push_str(&h.to_string());
    if let Some(u) = &u {
        text.push('\n');
        text.push_str(&u.to_string());
    }
    if let Some(b) = &boot {
        text.push_str(&format!(
            "\nBootstrap ({} replicates, seed {}): {}% percentile interval {:.4} to {:.4}\n",
            b.b,
            args.seed,
            b.level * 100.0,
            b.lower,
            b.upper
        ));
    }
    Ok(Output { json, text, fit_s })
}
