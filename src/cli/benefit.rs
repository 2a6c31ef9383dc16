//! `prognos benefit`: treated vs untreated inside each risk group, before
//! and after propensity-score matching (default) or IPTW (`--method iptw`)
//! within the group, and the treatment × risk-group interaction in a Cox
//! model on all rows. After matching, the Cox SE clustered on the matched
//! pair (`coxph(..., cluster = subclass)`) is reported as `se_robust_pair`
//! next to the model-based `se`; under IPTW the hazard ratio uses the
//! robust SE (`coxph(..., weights = w, robust = TRUE)`).

use super::common::{FitTimer, Output, split_list};
use super::iptw::{EstimandArg, check_trim};
use super::match_ps::{OrderArg, read_input};
use crate::data::FrameSpec;
use anyhow::bail;
use prognos_matching::benefit::{ArmComparison, BenefitData, BenefitMethod, BenefitParams};
use prognos_matching::iptw::IptwParams;
use prognos_matching::nearest::NearestParams;
use serde_json::{Value, json};
use std::path::PathBuf;

/// How the "after" sample is adjusted.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodArg {
    /// Propensity-score nearest-neighbour matching within each risk group.
    Match,
    /// Inverse-probability-of-treatment weighting within each risk group.
    Iptw,
}

/// Arguments of `prognos benefit`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Cohort table (.csv, .tsv, .parquet).
    #[arg(long)]
    pub data: PathBuf,
    /// Follow-up time column (> 0).
    #[arg(long)]
    pub time: String,
    /// Event column (0/1 or true/false).
    #[arg(long)]
    pub event: String,
    /// Treatment column, coded 0/1.
    #[arg(long)]
    pub treatment: String,
    /// Risk-group column (labels).
    #[arg(long = "risk-group")]
    pub risk_group: String,
    /// Covariates of the propensity model, comma-separated.
    #[arg(long = "match-on")]
    pub match_on: String,
    /// Matching covariates to treat as categorical (`col` or `col:REF`).
    #[arg(long)]
    pub factors: Option<String>,
    /// Caliper in standard deviations of the propensity score.
    #[arg(long)]
    pub caliper: Option<f64>,
    /// Controls per treated patient.
    #[arg(long, default_value_t = 1)]
    pub ratio: usize,
    /// Matching order of the treated patients.
    #[arg(long, value_enum, default_value = "largest")]
    pub order: OrderArg,
    /// Seed for `--order random`: each risk group's matching draws its
    /// order as R's `set.seed(S); sample.int(n1)` (MatchIt's
    /// `m.order = "random"`; 0 to 2147483647).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Adjustment of the "after" comparison: matching or IPTW.
    #[arg(long, value_enum, default_value = "match")]
    pub method: MethodArg,
    /// IPTW estimand (with `--method iptw`).
    #[arg(long, value_enum, default_value = "ATT")]
    pub estimand: EstimandArg,
    /// Stabilised IPTW weights (with `--method iptw`).
    #[arg(long)]
    pub stabilize: bool,
    /// Winsorise IPTW weights above this quantile (with `--method iptw`).
    #[arg(long)]
    pub trim: Option<f64>,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

fn arm_json(c: &ArmComparison) -> Value {
    json!({
        "n_treated": c.n_treated, "n_control": c.n_control,
        "events_treated": c.events_treated, "events_control": c.events_control,
        "logrank_p": c.logrank_p, "hr": c.hr, "hr_lower": c.hr_lower, "hr_upper": c.hr_upper,
        "hr_p": c.hr_p, "se": c.se, "se_robust_pair": c.se_robust_pair,
        "se_robust": c.se_robust, "ess_treated": c.ess_treated, "ess_control": c.ess_control,
    })
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let match_on = split_list(&args.match_on);
    if match_on.is_empty() {
        bail!("--match-on: no covariate named");
    }
    if args.ratio == 0 {
        bail!("--ratio must be at least 1");
    }
    if let Some(c) = args.caliper
        && !(c.is_finite() && c > 0.0)
    {
        bail!("--caliper must be a positive number, got {c}");
    }
    check_trim(args.trim)?;
    if args.method == MethodArg::Match && (args.stabilize || args.trim.is_some()) {
        bail!("--stabilize and --trim apply to --method iptw only");
    }
    let factors = args.factors.as_deref().map(split_list).unwrap_or_default();
    let spec = FrameSpec {
        time: Some(args.time.clone()),
        event: Some(args.event.clone()),
        text: vec![args.risk_group.clone()],
        ..Default::default()
    };
    let input = read_input(&args.data, &args.treatment, &match_on, &factors, spec)?;
    let mf = &input.mf;
    let (Some(time), Some(event)) = (mf.time.as_ref(), mf.event.as_ref()) else {
        bail!("time and event columns are required");
    };
    if !event.iter().any(|&e| e) {
        bail!("event column '{}' has no events", args.event);
    }
    let groups = &mf.text[&args.risk_group];

    let timer = FitTimer::start();
    let params = BenefitParams {
        matching: NearestParams::default()
            .ratio(args.ratio)
            .caliper(args.caliper)
            .order(args.order.into())
            .seed(args.seed),
        conf_level: 0.95,
        method: match args.method {
            MethodArg::Match => BenefitMethod::Match,
            MethodArg::Iptw => BenefitMethod::Iptw(
                IptwParams::default()
                    .estimand(args.estimand.into())
                    .stabilize(args.stabilize)
                    .trim(args.trim),
            ),
        },
    };
    let data = BenefitData {
        time,
        event,
        treated: &input.treated,
        risk_group: groups,
        x: &mf.x.matrix,
        names: &mf.x.names,
    };
    let fit = params.fit(&data)?;
    let fit_s = timer.seconds();

    let groups_json: Vec<Value> = fit
        .groups
        .iter()
        .map(|g| {
            json!({
                "risk_group": g.risk_group,
                "before": arm_json(&g.before),
                "after": g.after.as_ref().map(arm_json),
                "pairs": g.pairs.iter().map(|s| json!({
                    "treated_row": mf.rows[s.treated],
                    "control_rows": s.controls.iter().map(|&c| mf.rows[c]).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "warnings": g.warnings,
            })
        })
        .collect();
    let interaction = fit.interaction.as_ref().map(|i| {
        json!({
            "coef": i.coef, "p": i.p, "df": i.df,
            "terms": i.terms.iter().map(|t| json!({"term": t.term, "coef": t.coef, "se": t.se, "p": t.p})).collect::<Vec<_>>(),
        })
    });
    let json = json!({
        "method": match args.method { MethodArg::Match => "match", MethodArg::Iptw => "iptw" },
        "estimand": match args.method {
            MethodArg::Match => "ATT",
            MethodArg::Iptw => IptwParams::default().estimand(args.estimand.into()).estimand.as_str(),
        },
        "n": mf.n(),
        "n_dropped": mf.n_dropped,
        "groups": groups_json,
        "interaction": interaction,
    });
    Ok(Output {
        json,
        text: fit.to_string(),
        fit_s,
    })
}
