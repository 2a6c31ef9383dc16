//! `prognos surv-calibration`: calibration of a Cox model at a horizon,
//! predicted survival against Kaplan–Meier observed survival by risk group.
//!
//! `prognos surv-calibration --data F --time T --event E --covariates a,b
//! [--factors b[:REF]] [--strata S] [--ties efron|breslow] --horizon H [--groups 10]
//! [--conf-level 0.95] --json`
//!
//! JSON keys: `n`, `events`, `n_dropped`, `horizon`, `conf_level`, `breaks` (the risk
//! quantiles `unique(quantile(1 - pred, 0:g/g))`), `table[] {group, n, events,
//! predicted, observed, std_err, lower, upper}` (group 1 = lowest predicted risk;
//! `predicted` = mean of `summary(survfit(coxph, newdata), times = H)$surv`;
//! `observed` = KM `summary(survfit(Surv ~ 1), times = H, extend = TRUE)` of the
//! group with its log-scale interval; null where R gives NA).

use super::common::{FitTimer, Output};
use super::cox::{ModelArgs, fit_prepared, prepare};
use anyhow::bail;
use prognos_survival::calibration::{CalibrationParams, cox_calibration};
use prognos_survival::km::KmParams;
use serde_json::json;

/// Arguments of `prognos surv-calibration`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    /// The Cox model.
    pub model: ModelArgs,
    /// Horizon t at which predicted and observed survival are compared (time units of --time).
    #[arg(long)]
    pub horizon: f64,
    /// Number of risk groups (10 = deciles).
    #[arg(long, default_value_t = 10)]
    pub groups: usize,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    if !(args.horizon.is_finite() && args.horizon > 0.0) {
        bail!("--horizon must be a positive time (got {})", args.horizon);
    }
    if args.groups == 0 {
        bail!("--groups must be at least 1");
    }
    if args.model.start.is_some() {
        bail!("--start: counting-process data are not supported by surv-calibration");
    }
    if args.model.weights.is_some() {
        bail!("--weights: weighted calibration is not supported by surv-calibration");
    }
    let prep = prepare(&args.model)?;
    let timer = FitTimer::start();
    let fit = fit_prepared(&prep, &prep.params, &prep.data)?;
    let params = CalibrationParams {
        groups: args.groups,
        km: KmParams {
            conf_level: args.model.conf_level,
            ..Default::default()
        },
    };
    let cal = cox_calibration(
        &fit,
        &prep.data.x,
        prep.data.strata.as_deref(),
        &prep.data.time,
        &prep.data.event,
        args.horizon,
        &params,
    )?;
    let fit_s = timer.seconds();
    let table: Vec<_> = cal
        .groups
        .iter()
        .map(|g| {
            json!({"group": g.group, "n": g.n, "events": g.events, "predicted": g.predicted,
                   "observed": g.observed, "std_err": g.std_err, "lower": g.lower, "upper": g.upper})
        })
        .collect();
    let json = json!({
        "n": prep.data.time.len(),
        "events": prep.data.event.iter().filter(|&&e| e).count(),
        "n_dropped": prep.mf.n_dropped,
        "horizon": args.horizon,
        "conf_level": args.model.conf_level,
        "breaks": cal.breaks,
        "table": table,
    });
    let text = format!(
        "Cox model calibration at t = {} (n = {}, {} rows dropped)\n{}",
        args.horizon,
        prep.data.time.len(),
        prep.mf.n_dropped,
        cal
    );
    Ok(Output { json, text, fit_s })
}
