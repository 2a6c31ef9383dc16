//! `prognos table1`: baseline characteristics by group.
//!
//! `prognos table1 --data F --group G --vars a,b,c [--factors b] [--nonnormal a] --json`
//!
//! JSON keys (contract first, then additions): `groups` (sorted group labels), `rows[]` with
//! `variable`, `level` (null for continuous variables), `summary` (`{group: text}`), `test`
//! (`t-test` = Welch, R `t.test(x ~ g)`; `Mann-Whitney` = `wilcox.test(x ~ g)`; `ANOVA` =
//! `oneway.test(x ~ g, var.equal = TRUE)`; `Kruskal-Wallis` = `kruskal.test`; `chi-square` =
//! `chisq.test(table(x, g))`, Yates for 2 x 2; `Fisher` = `fisher.test` when any expected count
//! is below 5) and `p` (the same on every level row of a categorical variable; null when the
//! test cannot be computed, e.g. a constant variable); added: `n` (`{group: rows}`),
//! `n_dropped` (rows with a missing value in any named column, complete cases as the contract
//! says) and `warnings`. Continuous: `mean ± SD`, or `median (Q1, Q3)` for `--nonnormal`
//! (quantile type 7), one decimal; categorical: `n (pct%)`, percentage within the group, one
//! decimal.

use super::common::{FitTimer, Output, split_list};
use crate::data::{Cohort, FrameSpec, sorted_levels};
use prognos_core::table1::{Table1Var, table1};
use serde_json::{Map, Value, json};
use std::path::PathBuf;

/// Arguments of `prognos table1`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Cohort table (.csv, .tsv, .parquet).
    #[arg(long)]
    pub data: PathBuf,
    /// Grouping column (at least two levels).
    #[arg(long)]
    pub group: String,
    /// Variables to summarise, comma-separated, in row order.
    #[arg(long)]
    pub vars: String,
    /// Variables (among --vars) to treat as categorical.
    #[arg(long, default_value = "")]
    pub factors: String,
    /// Continuous variables (among --vars) to summarise as median (IQR) with rank tests.
    #[arg(long, default_value = "")]
    pub nonnormal: String,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let vars = split_list(&args.vars);
    let factors = split_list(&args.factors);
    let nonnormal = split_list(&args.nonnormal);
    if vars.is_empty() {
        anyhow::bail!("--vars: no variable named");
    }
    for (flag, list) in [("--factors", &factors), ("--nonnormal", &nonnormal)] {
        if let Some(v) = list.iter().find(|v| !vars.contains(v)) {
            anyhow::bail!("{flag}: '{v}' is not among --vars");
        }
    }
    let cohort = Cohort::read(&args.data)?;
    let mf = cohort.model_frame(&FrameSpec {
        group: Some(args.group.clone()),
        numeric: vars
            .iter()
            .filter(|v| !factors.contains(v))
            .cloned()
            .collect(),
        text: factors.clone(),
        ..Default::default()
    })?;
    let group = mf.group.clone().unwrap_or_default();
    let spec: Vec<Table1Var> = vars
        .iter()
        .map(|v| {
            if factors.contains(v) {
                let values = mf.text[v].clone();
                Table1Var::Categorical {
                    name: v.clone(),
                    levels: sorted_levels(&values),
                    values: values.into_iter().map(Some).collect(),
                }
            } else {
                Table1Var::Continuous {
                    name: v.clone(),
                    values: mf.numeric[v].clone(),
                    nonnormal: nonnormal.contains(v),
                }
            }
        })
        .collect();
    let timer = FitTimer::start();
    let t = table1(&group, &spec).map_err(|e| anyhow::anyhow!("{e} (--group {})", args.group))?;
    let fit_s = timer.seconds();
    let rows: Vec<Value> = t
        .rows
        .iter()
        .map(|r| {
            let summary: Map<String, Value> = t
                .groups
                .iter()
                .cloned()
                .zip(r.summary.iter().map(|s| json!(s)))
                .collect();
            json!({"variable": r.variable, "level": r.level, "summary": summary,
                   "test": r.test, "p": r.p})
        })
        .collect();
    let n: Map<String, Value> = t
        .groups
        .iter()
        .cloned()
        .zip(t.n.iter().map(|n| json!(n)))
        .collect();
    Ok(Output {
        json: json!({"groups": t.groups, "rows": rows, "n": n, "n_dropped": mf.n_dropped,
                     "warnings": t.warnings}),
        text: t.to_string(),
        fit_s,
    })
}
