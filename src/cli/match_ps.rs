//! `prognos match`: propensity-score nearest-neighbour matching for the
//! ATT, as `MatchIt::matchit(treat ~ covariates, method = "nearest",
//! distance = "glm")` (with the caliper fix of MatchIt 4.5.4), plus the
//! balance table of `summary(matchit(...))`.

use super::common::{FitTimer, Output, split_list};
use crate::data::{Cohort, FrameSpec, ModelFrame, sorted_levels};
use anyhow::{Context, bail};
use nalgebra::DMatrix;
use prognos_matching::balance::{Balance, BalanceRow, BalanceStats, balance, balance_row};
use prognos_matching::nearest::{MatchOrder, NearestFit, NearestParams};
use prognos_matching::propensity::{PropensityFit, propensity_score};
use serde_json::{Value, json};
use std::path::PathBuf;

/// The matching order of the treated units (MatchIt's `m.order`).
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderArg {
    /// Highest propensity score first (default).
    Largest,
    /// Lowest propensity score first.
    Smallest,
    /// Random order (`--seed`).
    Random,
    /// Data order.
    Data,
}

impl From<OrderArg> for MatchOrder {
    fn from(o: OrderArg) -> Self {
        match o {
            OrderArg::Largest => MatchOrder::Largest,
            OrderArg::Smallest => MatchOrder::Smallest,
            OrderArg::Random => MatchOrder::Random,
            OrderArg::Data => MatchOrder::Data,
        }
    }
}

/// Arguments of `prognos match`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Cohort table (.csv, .tsv, .parquet).
    #[arg(long)]
    pub data: PathBuf,
    /// Treatment column, coded 0/1.
    #[arg(long)]
    pub treatment: String,
    /// Covariates of the propensity model, comma-separated.
    #[arg(long)]
    pub covariates: String,
    /// Covariates to treat as categorical (`col` or `col:REFERENCE`).
    #[arg(long)]
    pub factors: Option<String>,
    /// Controls per treated unit.
    #[arg(long, default_value_t = 1)]
    pub ratio: usize,
    /// Caliper in standard deviations of the propensity score.
    #[arg(long)]
    pub caliper: Option<f64>,
    /// Match with replacement.
    #[arg(long)]
    pub replace: bool,
    /// Order in which treated units are matched.
    #[arg(long, value_enum, default_value = "largest")]
    pub order: OrderArg,
    /// Seed for `--order random`: R's `set.seed(S)`, so the order is
    /// MatchIt's `m.order = "random"` after the same `set.seed` (0 to
    /// 2147483647).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Match exactly on these columns (comma-separated; within strata).
    #[arg(long)]
    pub exact: Option<String>,
    /// Follow-up time column: adds the Cox HR of treatment in the matched
    /// sample with the pair-clustered SE (`outcome`).
    #[arg(long)]
    pub time: Option<String>,
    /// Event column (0/1 or true/false), with `--time`.
    #[arg(long)]
    pub event: Option<String>,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// What `match` and `benefit` share: the model frame of the treatment and
/// covariates, already validated.
pub(crate) struct MatchInput {
    pub mf: ModelFrame,
    pub treated: Vec<bool>,
    /// Balance design: numeric covariates and one 0/1 column per level of
    /// every factor (all levels, as MatchIt's summary).
    pub bal_x: DMatrix<f64>,
    pub bal_names: Vec<String>,
}

/// Factor specs `col` / `col:REF` → base column names.
pub(crate) fn factor_columns(factors: &[String]) -> Vec<String> {
    factors
        .iter()
        .map(|f| f.split_once(':').map_or(f.as_str(), |(c, _)| c).to_string())
        .collect()
}

/// The design for balance tables: like `mf.x`, but a factor contributes
/// one indicator per level (reference included), named `col[LEVEL]`.
pub(crate) fn balance_design(
    mf: &ModelFrame,
    factor_cols: &[String],
) -> (DMatrix<f64>, Vec<String>) {
    let n = mf.n();
    let mut cols: Vec<Vec<f64>> = Vec::new();
    let mut names = Vec::new();
    for term in &mf.x.terms {
        if factor_cols.contains(&term.name)
            && let Some(labels) = mf.text.get(&term.name)
        {
            for level in sorted_levels(labels) {
                names.push(format!("{}[{}]", term.name, level));
                cols.push(
                    labels
                        .iter()
                        .map(|l| f64::from(u8::from(*l == level)))
                        .collect(),
                );
            }
        } else {
            for j in term.columns.clone() {
                names.push(mf.x.names[j].clone());
                cols.push(mf.x.matrix.column(j).iter().copied().collect());
            }
        }
    }
    (DMatrix::from_fn(n, cols.len(), |i, j| cols[j][i]), names)
}

/// Reads the model frame of treatment + covariates (+ extra columns) and
/// checks the treatment coding.
pub(crate) fn read_input(
    data: &std::path::Path,
    treatment: &str,
    covariates: &[String],
    factors: &[String],
    mut spec: FrameSpec,
) -> anyhow::Result<MatchInput> {
    let cohort = Cohort::read(data)?;
    let factor_cols = factor_columns(factors);
    spec.covariates = covariates.to_vec();
    spec.factors = factors.to_vec();
    spec.numeric.push(treatment.to_string());
    spec.text.extend(factor_cols.iter().cloned());
    let mf = cohort.model_frame(&spec)?;
    let treated = mf.binary(treatment)?;
    if !treated.iter().any(|&t| t) {
        bail!("treatment column '{treatment}' has no treated rows (value 1)");
    }
    if treated.iter().all(|&t| t) {
        bail!("treatment column '{treatment}' has no control rows (value 0)");
    }
    let (bal_x, bal_names) = balance_design(&mf, &factor_cols);
    Ok(MatchInput {
        mf,
        treated,
        bal_x,
        bal_names,
    })
}

/// Fits the propensity score; separation is an error at the CLI (the
/// scores of perfectly predicted rows cannot be matched meaningfully).
pub(crate) fn fit_propensity(input: &MatchInput, treatment: &str) -> anyhow::Result<PropensityFit> {
    let ps = propensity_score(&input.mf.x.matrix, &input.mf.x.names, &input.treated)
        .context("propensity model")?;
    if ps.separation() {
        let k = ps
            .scores
            .iter()
            .filter(|&&p| !(p > 1e-10 && p < 1.0 - 1e-10))
            .count();
        bail!(
            "propensity model for '{treatment}' shows separation: {k} rows have fitted \
             probabilities numerically 0 or 1 (a covariate predicts treatment perfectly)"
        );
    }
    Ok(ps)
}

fn stats_json(s: &BalanceStats) -> Value {
    json!({
        "mean_treated": finite(s.mean_treated), "mean_control": finite(s.mean_control),
        "smd": finite(s.smd), "var_ratio": s.var_ratio.and_then(finite),
        "ecdf_mean": finite(s.ecdf_mean), "ecdf_max": finite(s.ecdf_max),
    })
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// One balance row in the contract's flat shape, plus the extra statistics.
pub(crate) fn balance_row_json(r: &BalanceRow) -> Value {
    let b = &r.before;
    let mut v = json!({
        "covariate": r.covariate,
        "mean_treated_before": finite(b.mean_treated),
        "mean_control_before": finite(b.mean_control),
        "smd_before": finite(b.smd),
        "var_ratio_before": b.var_ratio.and_then(finite),
        "ecdf_mean_before": finite(b.ecdf_mean),
        "ecdf_max_before": finite(b.ecdf_max),
        "binary": r.binary,
    });
    if let Some(a) = &r.after {
        let o = v.as_object_mut().expect("object");
        o.insert("mean_treated_after".into(), json!(finite(a.mean_treated)));
        o.insert("mean_control_after".into(), json!(finite(a.mean_control)));
        o.insert("smd_after".into(), json!(finite(a.smd)));
        o.insert(
            "var_ratio_after".into(),
            json!(a.var_ratio.and_then(finite)),
        );
        o.insert("ecdf_mean_after".into(), json!(finite(a.ecdf_mean)));
        o.insert("ecdf_max_after".into(), json!(finite(a.ecdf_max)));
    }
    v
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let covariates = split_list(&args.covariates);
    if covariates.is_empty() {
        bail!("--covariates: no covariate named");
    }
    let factors = args.factors.as_deref().map(split_list).unwrap_or_default();
    let exact_cols = args.exact.as_deref().map(split_list).unwrap_or_default();
    if args.ratio == 0 {
        bail!("--ratio must be at least 1");
    }
    if let Some(c) = args.caliper
        && !(c.is_finite() && c > 0.0)
    {
        bail!("--caliper must be a positive number, got {c}");
    }
    if args.time.is_some() != args.event.is_some() {
        bail!("--time and --event must be given together");
    }
    let spec = FrameSpec {
        text: exact_cols.clone(),
        time: args.time.clone(),
        event: args.event.clone(),
        ..Default::default()
    };
    let input = read_input(&args.data, &args.treatment, &covariates, &factors, spec)?;
    let mf = &input.mf;

    let timer = FitTimer::start();
    let ps = fit_propensity(&input, &args.treatment)?;
    let exact_codes = exact_strata(mf, &exact_cols);
    let params = NearestParams::default()
        .ratio(args.ratio)
        .replace(args.replace)
        .caliper(args.caliper)
        .order(args.order.into())
        .seed(args.seed);
    let fit = params.fit(&ps.scores, &input.treated, exact_codes.as_deref())?;
    let bal = balance(
        &input.bal_x,
        &input.bal_names,
        &input.treated,
        Some(&fit.weights),
    )?;
    let dist = balance_row("distance", &ps.scores, &input.treated, Some(&fit.weights));
    let outcome = matched_outcome(mf, &fit, &input.treated)?;
    let fit_s = timer.seconds();

    let mut json = output_json(mf, &fit, &bal, &dist, &ps, args);
    if let Some(o) = json.as_object_mut() {
        o.insert("outcome".into(), outcome.unwrap_or(Value::Null));
    }
    let text = format!("{fit}\n\n{bal}\n");
    Ok(Output { json, text, fit_s })
}

/// With `--time/--event`: the Cox HR of treatment in the matched sample
/// (`coxph(Surv(t, e) ~ treat, data = match.data(m), weights = weights)`)
/// with its model-based `se` and `se_robust_pair`, the SE clustered on
/// the matched set (`cluster = subclass`; null with replacement, where a
/// control belongs to several sets).
fn matched_outcome(
    mf: &ModelFrame,
    fit: &NearestFit,
    treated: &[bool],
) -> anyhow::Result<Option<Value>> {
    let (Some(time), Some(event)) = (mf.time.as_ref(), mf.event.as_ref()) else {
        return Ok(None);
    };
    let rows = fit.matched_units();
    let t: Vec<f64> = rows.iter().map(|&i| time[i]).collect();
    let e: Vec<bool> = rows.iter().map(|&i| event[i]).collect();
    if !e.iter().any(|&x| x) {
        bail!("no events among the matched rows: no Cox model");
    }
    let tr: Vec<bool> = rows.iter().map(|&i| treated[i]).collect();
    let w: Vec<f64> = rows.iter().map(|&i| fit.weights[i]).collect();
    let naive = prognos_matching::outcome::treatment_cox(&t, &e, &tr, Some(&w), None, false, 0.95)
        .context("Cox model in the matched sample")?;
    let pair = if fit.params.replace {
        None
    } else {
        let sc = fit.subclass();
        let cl: Vec<usize> = rows.iter().map(|&i| sc[i].unwrap_or(usize::MAX)).collect();
        prognos_matching::outcome::treatment_cox(&t, &e, &tr, Some(&w), Some(&cl), true, 0.95)
            .context("pair-clustered Cox model")?
            .robust_se
    };
    Ok(Some(json!({
        "n": naive.n, "events": naive.events, "coef": naive.coef, "hr": naive.hr,
        "hr_lower": naive.hr_lower, "hr_upper": naive.hr_upper, "p": naive.p,
        "se": naive.se, "se_robust_pair": pair,
    })))
}

/// Stratum code per row from the `--exact` columns (None without).
pub(crate) fn exact_strata(mf: &ModelFrame, cols: &[String]) -> Option<Vec<usize>> {
    if cols.is_empty() {
        return None;
    }
    let mut codes = std::collections::BTreeMap::<Vec<&str>, usize>::new();
    let keys: Vec<Vec<&str>> = (0..mf.n())
        .map(|i| cols.iter().map(|c| mf.text[c][i].as_str()).collect())
        .collect();
    keys.iter().for_each(|k| {
        let next = codes.len();
        codes.entry(k.clone()).or_insert(next);
    });
    Some(keys.iter().map(|k| codes[k]).collect())
}

fn output_json(
    mf: &ModelFrame,
    fit: &NearestFit,
    bal: &Balance,
    dist: &BalanceRow,
    ps: &PropensityFit,
    args: &Args,
) -> Value {
    let pairs: Vec<Value> = fit
        .sets
        .iter()
        .map(|s| {
            json!({
                "treated_row": mf.rows[s.treated],
                "control_rows": s.controls.iter().map(|&c| mf.rows[c]).collect::<Vec<_>>(),
            })
        })
        .collect();
    let coefficients: Vec<Value> = ps
        .model
        .coefficients
        .iter()
        .map(|c| json!({"term": c.term, "coef": finite(c.estimate), "se": finite(c.se)}))
        .collect();
    json!({
        "n": mf.n(),
        "n_dropped": mf.n_dropped,
        "n_treated": fit.n_treated,
        "n_control": fit.n_control,
        "matched_treated": fit.matched_treated,
        "matched_control": fit.matched_control,
        "ratio": args.ratio,
        "replace": args.replace,
        "order": fit.params.order.as_str(),
        "caliper": args.caliper,
        "caliper_width": fit.caliper_width,
        "pairs": pairs,
        "unmatched_treated_rows": fit.unmatched_treated.iter().map(|&i| mf.rows[i]).collect::<Vec<_>>(),
        "balance": bal.rows.iter().map(balance_row_json).collect::<Vec<_>>(),
        "distance_balance": {"all": stats_json(&dist.before), "matched": dist.after.as_ref().map(stats_json)},
        "love_plot": bal.love_plot().iter().map(|p| json!({"covariate": p.covariate, "sample": p.sample, "abs_smd": finite(p.abs_smd)})).collect::<Vec<_>>(),
        "propensity": {
            "coefficients": coefficients,
            "converged": ps.model.converged,
            "iterations": ps.model.iterations,
            "separation": ps.separation(),
        },
    })
}
