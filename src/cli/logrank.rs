//! `prognos logrank`: the log-rank test, as `survival::survdiff`.
//!
//! `prognos logrank --data F --time T --event E --group G [--strata S] --json`
//!
//! JSON keys: `chisq, df, p, groups[] {group, n, observed, expected}` (contract); added:
//! `n_dropped`, `n_strata`, `trend {chisq, df, p}` (log-rank test for trend with scores
//! 1..k in sorted group order; null with fewer than three groups).

use super::common::{FitTimer, Output};
use super::km::{count_json, group_index};
use crate::data::{Cohort, FrameSpec};
use anyhow::Context;
use prognos_survival::logrank::logrank;
use serde_json::json;
use std::path::PathBuf;

/// Arguments of `prognos logrank`.
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
    /// Group column (levels sorted).
    #[arg(long)]
    pub group: String,
    /// Stratum column: the test compares groups within strata.
    #[arg(long)]
    pub strata: Option<String>,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let cohort = Cohort::read(&args.data)?;
    let mf = cohort.model_frame(&FrameSpec {
        time: Some(args.time.clone()),
        event: Some(args.event.clone()),
        group: Some(args.group.clone()),
        strata: args.strata.clone(),
        ..Default::default()
    })?;
    let time = mf.time.as_deref().expect("time requested");
    let event = mf.event.as_deref().expect("event requested");
    let (labels, gidx) = group_index(mf.group.as_deref().expect("group requested"));
    let strata = mf.strata.as_deref().map(|s| group_index(s).1);

    let timer = FitTimer::start();
    let test = logrank(time, event, &gidx, &labels, strata.as_deref())
        .with_context(|| format!("group column '{}'", args.group))?;
    let trend = if labels.len() >= 3 {
        test.trend(None).ok()
    } else {
        None
    };
    let fit_s = timer.seconds();

    let groups: Vec<_> = test
        .groups
        .iter()
        .map(|g| json!({"group": g.label, "n": g.n, "observed": count_json(g.observed), "expected": g.expected}))
        .collect();
    let json = json!({
        "chisq": test.chisq, "df": test.df, "p": test.p_value, "groups": groups,
        "n_dropped": mf.n_dropped, "n_strata": test.n_strata,
        "trend": trend.map(|t| json!({"chisq": t.chisq, "df": t.df, "p": t.p_value})),
    });
    let mut text = String::new();
    if mf.n_dropped > 0 {
        text.push_str(&format!(
            "n={}, {} observations deleted due to missingness.\n\n",
            time.len(),
            mf.n_dropped
        ));
    }
    text.push_str(&test.to_string());
    if let Some(t) = trend {
        text.push_str(&format!(
            " Test for trend: Chisq= {:.1}  on 1 degrees of freedom, p= {}\n",
            t.chisq,
            prognos_core::table::format_p(t.p_value, 3)
        ));
    }
    Ok(Output { json, text, fit_s })
}
