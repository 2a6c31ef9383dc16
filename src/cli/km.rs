//! `prognos km`: Kaplan–Meier curves per group, as `survival::survfit`.
//!
//! `prognos km --data F --time T --event E [--group G] [--conf-type log|log-log|plain]
//! [--times t1,t2,...] [--conf-level 0.95] [--weights W] --json`
//!
//! JSON keys (contract first, then additions): `groups[]` with `group, n, events, median,
//! median_lower, median_upper` (null when not reached), `table[]` (one row per distinct
//! time: `time, n_risk, n_event, n_censor, survival, lower, upper`, plus `std_err`),
//! `at[]` (`summary(fit, times = ...)`: `time, survival, lower, upper, n_risk`, plus
//! `std_err`; times after a group's last follow-up are left out, as R does); `logrank`
//! (`survdiff`: `chisq, df, p`; null without `--group` or with one group); added:
//! `n_dropped`, `conf_type`, `conf_level`, `variance` ("greenwood" or "ij" — R's robust
//! variance, used when a weight is not an integer).
//!
//! Counts are written as integers when they are whole numbers (no or integer weights).

use super::common::{FitTimer, Output, parse_f64_list};
use crate::data::{Cohort, FrameSpec, sorted_levels};
use prognos_survival::km::{ConfType, KmParams, KmVariance};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::PathBuf;

/// The `--conf-type` values.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfTypeArg {
    /// log scale (R's default)
    Log,
    /// log-log scale
    #[value(name = "log-log")]
    LogLog,
    /// plain (linear) scale
    Plain,
}

impl From<ConfTypeArg> for ConfType {
    fn from(v: ConfTypeArg) -> Self {
        match v {
            ConfTypeArg::Log => ConfType::Log,
            ConfTypeArg::LogLog => ConfType::LogLog,
            ConfTypeArg::Plain => ConfType::Plain,
        }
    }
}

/// Arguments of `prognos km`.
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
    /// Group column: one curve per level (sorted), plus a log-rank test.
    #[arg(long)]
    pub group: Option<String>,
    /// Scale of the pointwise confidence interval.
    #[arg(long, value_enum, default_value = "log")]
    pub conf_type: ConfTypeArg,
    /// Times at which to report survival (comma-separated).
    #[arg(long)]
    pub times: Option<String>,
    /// Confidence level of the intervals.
    #[arg(long, default_value_t = 0.95)]
    pub conf_level: f64,
    /// Case-weight column (non-negative).
    #[arg(long)]
    pub weights: Option<String>,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// A count as JSON: an integer when it is a whole number, else a float.
pub(crate) fn count_json(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// Group labels (numeric-aware sorted levels) and each row's level index.
pub(crate) fn group_index(values: &[String]) -> (Vec<String>, Vec<usize>) {
    let labels = sorted_levels(values);
    let pos: HashMap<&str, usize> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i))
        .collect();
    let idx = values.iter().map(|v| pos[v.as_str()]).collect();
    (labels, idx)
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let times = match &args.times {
        Some(s) => parse_f64_list("--times", s)?,
        None => Vec::new(),
    };
    let cohort = Cohort::read(&args.data)?;
    let mf = cohort.model_frame(&FrameSpec {
        time: Some(args.time.clone()),
        event: Some(args.event.clone()),
        group: args.group.clone(),
        weights: args.weights.clone(),
        ..Default::default()
    })?;
    let time = mf.time.as_deref().expect("time requested");
    let event = mf.event.as_deref().expect("event requested");
    let (labels, gidx) = match &mf.group {
        Some(g) => group_index(g),
        None => (vec!["all".to_string()], vec![0; time.len()]),
    };
    let params = KmParams {
        conf_type: args.conf_type.into(),
        conf_level: args.conf_level,
        timefix: true,
    };

    let timer = FitTimer::start();
    let with_test = mf.group.is_some() && labels.len() >= 2;
    let (fit, test) = if with_test {
        // one sort for the curves and the test
        let (fit, test) =
            params.fit_groups_logrank(time, event, &gidx, &labels, mf.weights.as_deref())?;
        (fit, Some(test?))
    } else {
        let fit = params.fit_groups(time, event, &gidx, &labels, mf.weights.as_deref())?;
        (fit, None)
    };
    let ats: Vec<_> = fit.curves.iter().map(|c| c.at(&times)).collect();
    let fit_s = timer.seconds();

    let groups: Vec<Value> = fit
        .curves
        .iter()
        .zip(&ats)
        .map(|(c, at)| {
            let table: Vec<Value> = c
                .table
                .iter()
                .map(|r| {
                    json!({"time": r.time, "n_risk": count_json(r.n_risk), "n_event": count_json(r.n_event),
                           "n_censor": count_json(r.n_censor), "survival": r.survival, "std_err": r.std_err,
                           "lower": r.lower, "upper": r.upper})
                })
                .collect();
            let at: Vec<Value> = at
                .iter()
                .map(|a| {
                    json!({"time": a.time, "survival": a.survival, "std_err": a.std_err, "lower": a.lower,
                           "upper": a.upper, "n_risk": count_json(a.n_risk)})
                })
                .collect();
            json!({"group": c.label, "n": c.n, "events": count_json(c.events),
                   "median": c.median.estimate, "median_lower": c.median.lower, "median_upper": c.median.upper,
                   "table": table, "at": at})
        })
        .collect();
    let variance = match fit.curves.first().map(|c| c.variance) {
        Some(KmVariance::InfinitesimalJackknife) => "ij",
        _ => "greenwood",
    };
    let json = json!({
        "groups": groups,
        "logrank": test.as_ref().map(|t| json!({"chisq": t.chisq, "df": t.df, "p": t.p_value})),
        "n_dropped": mf.n_dropped,
        "conf_type": params.conf_type.r_name(),
        "conf_level": args.conf_level,
        "variance": variance,
    });

    let mut text = String::new();
    if mf.n_dropped > 0 {
        text.push_str(&format!(
            "{} observations deleted due to missingness\n",
            mf.n_dropped
        ));
    }
    text.push_str(&fit.to_string());
    for (c, at) in fit.curves.iter().zip(&ats) {
        if at.is_empty() {
            continue;
        }
        text.push_str(&format!(
            "\n{}:\n{:>8} {:>8} {:>9} {:>9} {:>9}\n",
            c.label, "time", "n.risk", "survival", "lower", "upper"
        ));
        for a in at {
            let f = |v: Option<f64>| v.map_or("NA".to_string(), |v| format!("{v:.4}"));
            text.push_str(&format!(
                "{:>8} {:>8} {:>9.4} {:>9} {:>9}\n",
                a.time,
                a.n_risk,
                a.survival,
                f(a.lower),
                f(a.upper)
            ));
        }
    }
    if let Some(t) = &test {
        text.push('\n');
        text.push_str(&t.to_string());
    }
    Ok(Output { json, text, fit_s })
}
