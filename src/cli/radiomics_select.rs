//! `prognos radiomics-select`: the radiomics feature-selection chain of a
//! methods section — reader-agreement (ICC) filter, optional ComBat
//! harmonisation, redundancy filter, univariate selection — on one feature
//! table, reporting every feature as kept or dropped with the reason.
//!
//! ```text
//! prognos radiomics-select --data F --label L (--features a,b,... | --features-except id,L)
//!     [--id ID --readers R2[,R3...] [--icc-form ICC2] [--icc-threshold 0.75]]
//!     [--batch COL [--combat parametric|nonparametric] [--combat-covariates a,b]
//!      [--ref-batch B] [--mean-only]]
//!     [--redundancy 0.9] [--redundancy-method pearson|spearman]
//!     [--test anova|mann-whitney] [--alpha 0.05] [--fdr] [--top-k K]
//!     [--missing error|drop] [--json]
//! ```
//!
//! Steps, in order (each sees only the features the previous one kept):
//! 1. constant features are dropped (reason `constant`);
//! 2. with `--readers`, the ICC of every feature between `--data` (the first
//!    reader) and each other reader table, rows matched by `--id`, as
//!    `psych::ICC(lmer = FALSE)`; kept when the smallest pairwise ICC of
//!    `--icc-form` (ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k) is ≥
//!    `--icc-threshold`. Tables with different patients are an error;
//! 3. with `--batch`, ComBat (`sva::ComBat`) harmonises the features across
//!    the batches of that column, preserving `--combat-covariates`;
//! 4. redundancy: among features with `|r| > --redundancy` the one with the
//!    larger association is kept (association = ANOVA F for `--test anova`,
//!    `|W/(n1 n0) − 1/2|` for `--test mann-whitney`);
//! 5. univariate test against the 0/1 `--label` (ANOVA F =
//!    `oneway.test(var.equal = TRUE)`, Mann–Whitney = `wilcox.test`); kept
//!    when p (BH q with `--fdr`) < `--alpha`, or the `--top-k` smallest p.
//!
//! Missing feature values: `--missing error` (default) stops with the
//! feature and 0-based data row; `--missing drop` drops those rows and
//! reports them.
//!
//! JSON keys: `n`, `n_pos`, `n_neg`, `n_dropped_rows`, `dropped_rows`
//! (0-based), `kept` (feature names), `features` (`[{feature, kept, step,
//! reason}]`, `step` = the step that dropped it or null), `icc` (null or
//! `{form, threshold, readers, n_patients, features: [{feature, min_icc,
//! pairs: [{first, second, icc, lower, upper}]}]}`), `combat` (null or
//! `{prior, mean_only, ref_batch, batches: [{batch, n}], unadjusted}`),
//! `redundancy` (`{threshold, method, dropped: [{feature, partner, r}]}`),
//! `univariate` (`{test, alpha, fdr, top_k, scores: [{feature, statistic,
//! p, q}]}`).

use super::common::{FitTimer, Output, split_list};
use super::lasso_cox::feature_list;
use crate::data::Cohort;
use anyhow::{Context, anyhow, bail};
use nalgebra::DMatrix;
use prognos_core::table::format_p;
use prognos_models::combat::{CombatParams, CombatPrior};
use prognos_models::icc::{IccFilterParams, IccForm, ReaderTable};
use prognos_models::selection::{
    RedundancyMethod, UnivariateTest, redundancy_filter, univariate_scores,
};
use serde_json::{Value, json};
use std::path::PathBuf;

/// Arguments of `prognos radiomics-select`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Feature table (.csv, .tsv, .parquet); the first reader's table with --readers.
    #[arg(long)]
    pub data: PathBuf,
    /// Outcome column, 0/1.
    #[arg(long)]
    pub label: String,
    /// Feature columns, comma-separated.
    #[arg(long, conflicts_with = "features_except")]
    pub features: Option<String>,
    /// Use every column except these (and the label, id and batch columns).
    #[arg(long)]
    pub features_except: Option<String>,
    /// Patient id column (required with --readers).
    #[arg(long)]
    pub id: Option<String>,
    /// Other readers' feature tables (same id and feature columns), comma-separated.
    #[arg(long)]
    pub readers: Option<String>,
    /// ICC form compared with the threshold.
    #[arg(long, default_value = "ICC2")]
    pub icc_form: String,
    /// Minimum pairwise ICC.
    #[arg(long, default_value_t = 0.75)]
    pub icc_threshold: f64,
    /// Batch (scanner/centre) column for ComBat.
    #[arg(long)]
    pub batch: Option<String>,
    /// ComBat prior: parametric or nonparametric.
    #[arg(long, default_value = "parametric")]
    pub combat: String,
    /// Biological covariates preserved by ComBat (numeric columns), comma-separated.
    #[arg(long)]
    pub combat_covariates: Option<String>,
    /// Reference batch left unchanged by ComBat.
    #[arg(long)]
    pub ref_batch: Option<String>,
    /// ComBat adjusts batch means only.
    #[arg(long)]
    pub mean_only: bool,
    /// Redundancy threshold on |r| (1 = off).
    #[arg(long, default_value_t = 0.9)]
    pub redundancy: f64,
    /// Correlation of the redundancy filter: pearson or spearman.
    #[arg(long, default_value = "pearson")]
    pub redundancy_method: String,
    /// Univariate test: anova or mann-whitney.
    #[arg(long, default_value = "anova")]
    pub test: String,
    /// Significance level of the univariate step.
    #[arg(long, default_value_t = 0.05)]
    pub alpha: f64,
    /// Compare BH q-values (not p-values) with --alpha.
    #[arg(long)]
    pub fdr: bool,
    /// Keep the K features with the smallest p instead of thresholding.
    #[arg(long)]
    pub top_k: Option<usize>,
    /// Missing feature values: error (default) or drop (rows, reported).
    #[arg(long, default_value = "error")]
    pub missing: String,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// A numeric feature table read for classification or selection.
pub(crate) struct FeatureTable {
    /// Values (rows kept × features).
    pub x: DMatrix<f64>,
    /// Outcome (rows kept).
    pub y: Vec<bool>,
    /// Original 0-based rows kept.
    pub rows: Vec<usize>,
    /// 0-based rows dropped for missing values.
    pub dropped_rows: Vec<usize>,
}

/// Reads features and a 0/1 label. Missing label or feature values are an
/// error naming the column and 0-based row, or (with `drop_missing`) drop
/// the row.
pub(crate) fn read_features(
    cohort: &Cohort,
    names: &[String],
    label: &str,
    drop_missing: bool,
) -> anyhow::Result<FeatureTable> {
    let n = cohort.n_rows();
    let mut cols: Vec<Vec<f64>> = Vec::with_capacity(names.len());
    let mut bad = vec![false; n];
    for name in names.iter().chain(std::iter::once(&label.to_string())) {
        let raw = cohort.raw_column(name)?;
        let mut v = Vec::with_capacity(n);
        for i in 0..n {
            if raw.is_missing(i) {
                if !drop_missing {
                    bail!(
                        "column '{name}' is missing at row {i} (0-based data row); \
                         impute it or rerun with --missing drop"
                    );
                }
                bad[i] = true;
                v.push(f64::NAN);
            } else {
                let x = raw.number(name, i)?;
                if !x.is_finite() {
                    bail!("column '{name}' row {i}: '{x}' is not a finite number");
                }
                v.push(x);
            }
        }
        cols.push(v);
    }
    let rows: Vec<usize> = (0..n).filter(|&i| !bad[i]).collect();
    let dropped_rows: Vec<usize> = (0..n).filter(|&i| bad[i]).collect();
    let lab = cols.pop().expect("label column");
    let y = rows
        .iter()
        .map(|&i| match lab[i] {
            0.0 => Ok(false),
            1.0 => Ok(true),
            v => Err(anyhow!("column '{label}' row {i}: '{v}' is not 0 or 1")),
        })
        .collect::<anyhow::Result<Vec<bool>>>()?;
    let x = DMatrix::from_fn(rows.len(), names.len(), |r, j| cols[j][rows[r]]);
    Ok(FeatureTable {
        x,
        y,
        rows,
        dropped_rows,
    })
}

/// Text labels of a column (numbers printed as R prints them).
fn text_column(cohort: &Cohort, name: &str, rows: &[usize]) -> anyhow::Result<Vec<String>> {
    let raw = cohort.raw_column(name)?;
    rows.iter()
        .map(|&i| {
            if raw.is_missing(i) {
                Err(anyhow!("column '{name}' is missing at row {i}"))
            } else {
                Ok(raw.label(i))
            }
        })
        .collect()
}

struct Verdict {
    kept: bool,
    step: Option<&'static str>,
    reason: Option<String>,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let drop_missing = match args.missing.as_str() {
        "error" => false,
        "drop" => true,
        m => bail!("--missing must be error or drop (got '{m}')"),
    };
    let test = match args.test.as_str() {
        "anova" => UnivariateTest::AnovaF,
        "mann-whitney" | "wilcoxon" => UnivariateTest::MannWhitney,
        t => bail!("--test must be anova or mann-whitney (got '{t}')"),
    };
    let red_method = match args.redundancy_method.as_str() {
        "pearson" => RedundancyMethod::Pearson,
        "spearman" => RedundancyMethod::Spearman,
        m => bail!("--redundancy-method must be pearson or spearman (got '{m}')"),
    };
    let form = IccForm::from_r_name(&args.icc_form).ok_or_else(|| {
        anyhow!(
            "--icc-form must be one of ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k (got '{}')",
            args.icc_form
        )
    })?;
    if !(args.alpha > 0.0 && args.alpha <= 1.0) {
        bail!("--alpha must lie in (0, 1] (got {})", args.alpha);
    }
    let cohort = Cohort::read(&args.data)?;
    let mut out_cols: Vec<&str> = vec![args.label.as_str()];
    out_cols.extend(args.id.as_deref());
    out_cols.extend(args.batch.as_deref());
    let cov_names = args
        .combat_covariates
        .as_deref()
        .map(split_list)
        .unwrap_or_default();
    out_cols.extend(cov_names.iter().map(String::as_str));
    let names = feature_list(
        &cohort,
        args.features.as_deref(),
        args.features_except.as_deref(),
        &out_cols,
    )?;
    let mut ft = read_features(&cohort, &names, &args.label, drop_missing)?;
    let (n, p) = ft.x.shape();
    let n_pos = ft.y.iter().filter(|&&v| v).count();
    if n_pos == 0 || n_pos == n {
        bail!(
            "column '{}' has a single class among the {n} rows",
            args.label
        );
    }
    // Readers' tables are read before timing starts.
    let readers = match &args.readers {
        None => None,
        Some(list) => {
            let id = args
                .id
                .as_deref()
                .ok_or_else(|| anyhow!("--readers needs --id (the patient id column)"))?;
            let mut tables = vec![ReaderTable {
                name: args.data.display().to_string(),
                patients: text_column(&cohort, id, &ft.rows)?,
                features: names.clone(),
                values: ft.x.clone(),
            }];
            for path in split_list(list) {
                let c = Cohort::read(std::path::Path::new(&path))?;
                let all: Vec<usize> = (0..c.n_rows()).collect();
                let mut vals = DMatrix::zeros(all.len(), names.len());
                for (j, f) in names.iter().enumerate() {
                    let raw = c
                        .raw_column(f)
                        .with_context(|| format!("reader table {path}"))?;
                    for i in 0..all.len() {
                        vals[(i, j)] = if raw.is_missing(i) {
                            f64::NAN
                        } else {
                            raw.number(f, i)?
                        };
                    }
                }
                tables.push(ReaderTable {
                    name: path.clone(),
                    patients: text_column(&c, id, &all)?,
                    features: names.clone(),
                    values: vals,
                });
            }
            Some(tables)
        }
    };
    let batch = match &args.batch {
        Some(b) => Some(text_column(&cohort, b, &ft.rows)?),
        None => None,
    };
    let covariates = if cov_names.is_empty() {
        None
    } else {
        let cov = read_features(&cohort, &cov_names, &args.label, false)?;
        Some(cov.x.select_rows(&ft.rows))
    };

    let timer = FitTimer::start();
    let mut verdict: Vec<Verdict> = (0..p)
        .map(|_| Verdict {
            kept: true,
            step: None,
            reason: None,
        })
        .collect();
    let drop = |v: &mut Verdict, step: &'static str, reason: String| {
        v.kept = false;
        v.step = Some(step);
        v.reason = Some(reason);
    };
    for j in 0..p {
        if ft.x.column(j).iter().all(|&v| v == ft.x[(0, j)]) {
            drop(&mut verdict[j], "constant", "constant".into());
        }
    }

    // 2. ICC filter.
    let icc_json = match &readers {
        None => Value::Null,
        Some(tables) => {
            let params = IccFilterParams {
                form,
                threshold: args.icc_threshold,
                conf_level: 0.95,
            };
            let f = params.fit(tables)?;
            for (j, fi) in f.features.iter().enumerate() {
                if verdict[j].kept && !fi.kept {
                    drop(
                        &mut verdict[j],
                        "icc",
                        fi.reason.clone().unwrap_or_default(),
                    );
                }
            }
            json!({
                "form": form.r_name(), "threshold": args.icc_threshold,
                "readers": tables.iter().map(|t| t.name.clone()).collect::<Vec<_>>(),
                "n_patients": f.n_patients,
                "features": f.features.iter().map(|fi| json!({
                    "feature": fi.feature,
                    "min_icc": finite(fi.min_icc),
                    "pairs": fi.pairs.iter().map(|pp| json!({
                        "first": pp.first, "second": pp.second,
                        "icc": finite(pp.icc), "lower": finite(pp.lower), "upper": finite(pp.upper)
                    })).collect::<Vec<_>>()
                })).collect::<Vec<_>>()
            })
        }
    };

    // 3. ComBat on the features still in.
    let combat_json = match &batch {
        None => Value::Null,
        Some(b) => {
            let prior = match args.combat.as_str() {
                "parametric" => CombatPrior::Parametric,
                "nonparametric" => CombatPrior::NonParametric,
                c => bail!("--combat must be parametric or nonparametric (got '{c}')"),
            };
            let alive: Vec<usize> = (0..p).filter(|&j| verdict[j].kept).collect();
            let params = CombatParams {
                prior,
                mean_only: args.mean_only,
                ref_batch: args.ref_batch.clone(),
            };
            let fit = params
                .fit(&ft.x.select_columns(&alive), b, covariates.as_ref())
                .with_context(|| {
                    format!(
                        "ComBat on batch column '{}'",
                        args.batch.as_deref().unwrap_or("")
                    )
                })?;
            for (k, &j) in alive.iter().enumerate() {
                ft.x.set_column(j, &fit.adjusted.column(k));
            }
            json!({
                "prior": args.combat, "mean_only": args.mean_only, "ref_batch": args.ref_batch,
                "batches": fit.levels.iter().zip(&fit.batch_sizes)
                    .map(|(l, s)| json!({"batch": l, "n": s})).collect::<Vec<_>>(),
                "unadjusted": fit.unadjusted.iter().map(|&k| names[alive[k]].clone()).collect::<Vec<_>>(),
            })
        }
    };

    // 4. Redundancy.
    let alive: Vec<usize> = (0..p).filter(|&j| verdict[j].kept).collect();
    let sub_names: Vec<String> = alive.iter().map(|&j| names[j].clone()).collect();
    let sub = ft.x.select_columns(&alive);
    let mut red_dropped = Vec::new();
    if !alive.is_empty() && args.redundancy < 1.0 {
        let scores = univariate_scores(&sub, &sub_names, &ft.y, test)?;
        let n1 = n_pos as f64;
        let n0 = (n - n_pos) as f64;
        let assoc: Vec<f64> = scores
            .scores
            .iter()
            .map(|s| match test {
                UnivariateTest::AnovaF => s.statistic,
                UnivariateTest::MannWhitney => (s.statistic / (n1 * n0) - 0.5).abs(),
            })
            .collect();
        let r = redundancy_filter(&sub, &sub_names, &assoc, args.redundancy, red_method)?;
        for d in &r.dropped {
            let (j, k) = (alive[d.feature], alive[d.kept_partner]);
            drop(
                &mut verdict[j],
                "redundancy",
                format!(
                    "|r| = {:.4} > {} with '{}' (more associated)",
                    d.r.abs(),
                    args.redundancy,
                    names[k]
                ),
            );
            red_dropped.push(json!({"feature": names[j], "partner": names[k], "r": d.r}));
        }
    }

    // 5. Univariate selection.
    let alive: Vec<usize> = (0..p).filter(|&j| verdict[j].kept).collect();
    let sub_names: Vec<String> = alive.iter().map(|&j| names[j].clone()).collect();
    let mut uni_scores = Vec::new();
    if !alive.is_empty() {
        let s = univariate_scores(&ft.x.select_columns(&alive), &sub_names, &ft.y, test)?;
        let top: Option<Vec<usize>> = args.top_k.map(|k| s.top_k(k));
        for (k, sc) in s.scores.iter().enumerate() {
            let j = alive[k];
            let pass = match &top {
                Some(t) => t.contains(&k),
                None => {
                    let v = if args.fdr { sc.q } else { sc.p };
                    v < args.alpha
                }
            };
            if !pass {
                let reason = match args.top_k {
                    Some(kk) => format!(
                        "not among the {kk} smallest p-values (p = {})",
                        format_p(sc.p, 4)
                    ),
                    None if args.fdr => format!("q = {} >= {}", format_p(sc.q, 4), args.alpha),
                    None => format!("p = {} >= {}", format_p(sc.p, 4), args.alpha),
                };
                drop(&mut verdict[j], "univariate", reason);
            }
            uni_scores.push(
                json!({"feature": sc.feature, "statistic": finite(sc.statistic),
                                   "p": finite(sc.p), "q": finite(sc.q)}),
            );
        }
    }
    let fit_s = timer.seconds();

    let kept: Vec<String> = (0..p)
        .filter(|&j| verdict[j].kept)
        .map(|j| names[j].clone())
        .collect();
    let features: Vec<Value> = (0..p)
        .map(|j| {
            json!({"feature": names[j], "kept": verdict[j].kept, "step": verdict[j].step,
                   "reason": verdict[j].reason})
        })
        .collect();
    let json = json!({
        "n": n, "n_pos": n_pos, "n_neg": n - n_pos,
        "n_dropped_rows": ft.dropped_rows.len(), "dropped_rows": ft.dropped_rows,
        "kept": kept, "features": features,
        "icc": icc_json, "combat": combat_json,
        "redundancy": {"threshold": args.redundancy, "method": args.redundancy_method,
                       "dropped": red_dropped},
        "univariate": {"test": args.test, "alpha": args.alpha, "fdr": args.fdr,
                       "top_k": args.top_k, "scores": uni_scores},
    });
    let mut text = format!(
        "Radiomics feature selection: {n} patients ({n_pos} with {} = 1), {p} features, {} kept\n",
        args.label,
        kept.len()
    );
    if !ft.dropped_rows.is_empty() {
        text += &format!(
            "{} rows dropped for missing values\n",
            ft.dropped_rows.len()
        );
    }
    let w = names.iter().map(String::len).max().unwrap_or(7).max(7);
    text += &format!("{:<w$}  {:<4}  {:<10}  reason\n", "feature", "kept", "step");
    for j in 0..p {
        let v = &verdict[j];
        text += &format!(
            "{:<w$}  {:<4}  {:<10}  {}\n",
            names[j],
            if v.kept { "yes" } else { "no" },
            v.step.unwrap_or(""),
            v.reason.as_deref().unwrap_or("")
        );
    }
    Ok(Output { json, text, fit_s })
}

/// A finite number, or null.
fn finite(v: f64) -> Value {
    if v.is_finite() { json!(v) } else { Value::Null }
}
