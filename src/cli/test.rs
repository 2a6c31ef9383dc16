//! `prognos test`: one classical hypothesis test on columns of a table.
//!
//! `prognos test --kind KIND --data F --x COL [--y COL] [--group COL]
//! [--alternative two-sided|less|greater] [--mu 0] [--conf-level 0.95] --json`
//!
//! | `--kind` | columns | R call |
//! |----------|---------|--------|
//! | `t` | `--x` numeric and `--group` (2 levels), or `--x` alone (one-sample, `--mu`) | `t.test(x ~ g, var.equal = TRUE)` / `t.test(x, mu)` |
//! | `welch` | `--x`, `--group` (2 levels) | `t.test(x ~ g)` |
//! | `paired` | `--x`, `--y` numeric | `t.test(x, y, paired = TRUE)` |
//! | `wilcoxon` | `--x`, `--group` (2 levels) | `wilcox.test(x ~ g)` |
//! | `signed-rank` | `--x`, `--y` numeric (or `--x` alone, `--mu`) | `wilcox.test(x, y, paired = TRUE)` |
//! | `kruskal` | `--x`, `--group` | `kruskal.test(x ~ g)` |
//! | `anova` | `--x`, `--group` | `oneway.test(x ~ g, var.equal = TRUE)` |
//! | `chisq` | `--x`, `--y` categorical | `chisq.test(table(x, y))` (Yates for 2 x 2) |
//! | `fisher` | `--x`, `--y` categorical | `fisher.test(table(x, y))` |
//! | `pearson`, `spearman` | `--x`, `--y` numeric | `cor.test(x, y, method = ...)` |
//!
//! With `--group`, the first sorted level is R's `x` sample and the second its `y` (as
//! the formula interface orders factor levels). Rows with a missing value in a named
//! column are dropped (`n_dropped`).
//!
//! JSON keys: `kind`, `method` (R's method string), `statistic_name` (R's name: `t`, `W`,
//! `V`, `F`, `X-squared`, `Kruskal-Wallis chi-squared`, `S`; empty for Fisher),
//! `statistic` (null for Fisher), `df` (a number, `[df1, df2]` for F, or null), `p`,
//! `alternative` (`two.sided`, `less`, `greater`), `estimate` (`{R name: value}`, e.g.
//! `{"mean in group A": .., "mean in group B": ..}`, `{"odds ratio": ..}`, `{"cor": ..}`), `conf_int`
//! (`{"lower", "upper", "level"}`, infinite one-sided limits as null; null when R gives
//! none), `exact` (exact p-value), `n` (rows used), `n_dropped`, `groups` (levels, with
//! `--group`), `expected` (chisq: expected counts, rows = `--x` levels), `warnings` (e.g.
//! "expected count below 5", "ties: normal approximation").

use super::common::{FitTimer, Output};
use crate::data::{Cohort, FrameSpec, sorted_levels};
use prognos_core::correlation::{CorMethod, cor_test};
use prognos_core::htest::{
    Alternative, CrossTab, Df, TTestKind, TestResult, TestWarning, anova_oneway, chisq_test,
    fisher_test, kruskal_test, t_test_one, t_test_paired, t_test_two, wilcox_rank_sum,
    wilcox_signed_rank,
};
use serde_json::{Map, Value, json};
use std::path::PathBuf;

/// The test to run.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Student t (pooled variance), or one-sample t without --group
    T,
    /// Welch two-sample t
    Welch,
    /// paired t
    Paired,
    /// Wilcoxon rank-sum / Mann-Whitney
    Wilcoxon,
    /// Wilcoxon signed-rank
    SignedRank,
    /// Kruskal-Wallis
    Kruskal,
    /// one-way ANOVA F
    Anova,
    /// Pearson chi-square
    Chisq,
    /// Fisher's exact test
    Fisher,
    /// Pearson correlation
    Pearson,
    /// Spearman correlation
    Spearman,
}

/// The `--alternative` values.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AltArg {
    /// two-sided (default)
    TwoSided,
    /// less
    Less,
    /// greater
    Greater,
}

/// Arguments of `prognos test`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Which test.
    #[arg(long, value_enum)]
    pub kind: Kind,
    /// Table with the columns.
    #[arg(long)]
    pub data: PathBuf,
    /// First column (the measurement, or the row variable of a contingency table).
    #[arg(long)]
    pub x: String,
    /// Second column (paired measurement, correlate, or column variable).
    #[arg(long)]
    pub y: Option<String>,
    /// Grouping column for two- and k-sample tests.
    #[arg(long)]
    pub group: Option<String>,
    /// Alternative hypothesis.
    #[arg(long, value_enum, default_value = "two-sided")]
    pub alternative: AltArg,
    /// Null value of the location (t and Wilcoxon tests).
    #[arg(long, default_value_t = 0.0)]
    pub mu: f64,
    /// Confidence level.
    #[arg(long, default_value_t = 0.95)]
    pub conf_level: f64,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

fn num(v: f64) -> Value {
    if v.is_finite() { json!(v) } else { Value::Null }
}

fn result_json(r: &TestResult) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("method".into(), json!(r.method));
    m.insert("statistic_name".into(), json!(r.statistic_name));
    m.insert("statistic".into(), num(r.statistic));
    m.insert(
        "df".into(),
        match r.df {
            Df::None => Value::Null,
            Df::One(d) => json!(d),
            Df::Two(a, b) => json!([a, b]),
        },
    );
    m.insert("p".into(), num(r.p_value));
    m.insert("alternative".into(), json!(r.alternative.r_name()));
    let est: Map<String, Value> = r
        .estimate
        .iter()
        .map(|e| (e.name.clone(), num(e.value)))
        .collect();
    m.insert("estimate".into(), Value::Object(est));
    m.insert(
        "conf_int".into(),
        r.conf_int.map_or(
            Value::Null,
            |c| json!({"lower": num(c.lower), "upper": num(c.upper), "level": c.level}),
        ),
    );
    m.insert("exact".into(), json!(r.exact));
    let w: Vec<String> = r
        .warnings
        .iter()
        .map(|w| match w {
            TestWarning::SmallExpected { min_expected } => {
                format!("expected count below 5 (min {min_expected}): chi-squared approximation may be incorrect")
            }
            TestWarning::TiesNoExact => "ties: normal approximation instead of exact p".into(),
            TestWarning::ZerosNoExact => "zeros: normal approximation instead of exact p".into(),
        })
        .collect();
    m.insert("warnings".into(), json!(w));
    m
}

/// Splits `x` by the sorted levels of `g`.
fn split(x: &[f64], g: &[String]) -> (Vec<String>, Vec<Vec<f64>>) {
    let levels = sorted_levels(g);
    let mut by = vec![Vec::new(); levels.len()];
    for (v, l) in x.iter().zip(g) {
        if let Some(k) = levels.iter().position(|x| x == l) {
            by[k].push(*v);
        }
    }
    (levels, by)
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    use Kind::*;
    let alt = match args.alternative {
        AltArg::TwoSided => Alternative::TwoSided,
        AltArg::Less => Alternative::Less,
        AltArg::Greater => Alternative::Greater,
    };
    let categorical = matches!(args.kind, Chisq | Fisher);
    let needs_y = matches!(args.kind, Paired | Chisq | Fisher | Pearson | Spearman);
    let needs_group = matches!(args.kind, Welch | Wilcoxon | Kruskal | Anova);
    if needs_y && args.y.is_none() {
        anyhow::bail!("--kind {:?} needs --y", args.kind);
    }
    if needs_group && args.group.is_none() {
        anyhow::bail!("--kind {:?} needs --group", args.kind);
    }
    let mut cols = vec![args.x.clone()];
    cols.extend(args.y.clone());
    let cohort = Cohort::read(&args.data)?;
    let mf = cohort.model_frame(&FrameSpec {
        group: args.group.clone(),
        numeric: if categorical { vec![] } else { cols.clone() },
        text: if categorical { cols.clone() } else { vec![] },
        ..Default::default()
    })?;
    let timer = FitTimer::start();
    let mut extra = Map::new();
    let two = |by: &[Vec<f64>], levels: &[String]| -> anyhow::Result<()> {
        if by.len() != 2 {
            anyhow::bail!(
                "--group {}: this test needs exactly 2 groups, found {} ({})",
                args.group.as_deref().unwrap_or(""),
                levels.len(),
                levels.join(", ")
            );
        }
        Ok(())
    };
    let res: TestResult = if categorical {
        let x = &mf.text[&args.x];
        let y = &mf.text[args.y.as_ref().expect("checked")];
        let ct = CrossTab::new(x, y, &sorted_levels(x), &sorted_levels(y));
        extra.insert("row_levels".into(), json!(ct.row_levels));
        extra.insert("col_levels".into(), json!(ct.col_levels));
        if args.kind == Chisq {
            let c = chisq_test(&ct.counts, true)?;
            extra.insert("expected".into(), json!(c.expected));
            c.test
        } else if ct.counts.len() == 2 && ct.counts[0].len() == 2 {
            let t = [
                [ct.counts[0][0], ct.counts[0][1]],
                [ct.counts[1][0], ct.counts[1][1]],
            ];
            prognos_core::htest::fisher_test_2x2(t, alt, args.conf_level)?
        } else {
            fisher_test(&ct.counts)?
        }
    } else {
        let x = &mf.numeric[&args.x];
        let y = args.y.as_ref().map(|c| &mf.numeric[c]);
        match (&mf.group, args.kind) {
            (_, Paired) => t_test_paired(x, y.expect("checked"), args.mu, alt, args.conf_level)?,
            (_, Pearson) => cor_test(
                x,
                y.expect("checked"),
                CorMethod::Pearson,
                alt,
                args.conf_level,
            )?,
            (_, Spearman) => cor_test(
                x,
                y.expect("checked"),
                CorMethod::Spearman,
                alt,
                args.conf_level,
            )?,
            (_, SignedRank) => wilcox_signed_rank(x, y.map(Vec::as_slice), args.mu, alt)?,
            (None, T) => t_test_one(x, args.mu, alt, args.conf_level)?,
            (Some(g), kind) => {
                let (levels, by) = split(x, g);
                extra.insert("groups".into(), json!(levels));
                match kind {
                    T | Welch => {
                        two(&by, &levels)?;
                        let k = if kind == T {
                            TTestKind::Student
                        } else {
                            TTestKind::Welch
                        };
                        let mut r = t_test_two(&by[0], &by[1], k, args.mu, alt, args.conf_level)?;
                        // R's formula interface names the means by group level
                        for (e, l) in r.estimate.iter_mut().zip(&levels) {
                            e.name = format!("mean in group {l}");
                        }
                        r
                    }
                    Wilcoxon => {
                        two(&by, &levels)?;
                        wilcox_rank_sum(&by[0], &by[1], args.mu, alt)?
                    }
                    _ => {
                        let s: Vec<&[f64]> = by.iter().map(Vec::as_slice).collect();
                        if kind == Kruskal {
                            kruskal_test(&s)?
                        } else {
                            anova_oneway(&s)?
                        }
                    }
                }
            }
            (None, _) => unreachable!("group checked above"),
        }
    };
    let fit_s = timer.seconds();
    let mut m = result_json(&res);
    m.insert(
        "kind".into(),
        json!(format!("{:?}", args.kind).to_lowercase()),
    );
    m.insert("n".into(), json!(mf.n()));
    m.insert("n_dropped".into(), json!(mf.n_dropped));
    m.extend(extra);
    Ok(Output {
        json: Value::Object(m),
        text: res.to_string(),
        fit_s,
    })
}
