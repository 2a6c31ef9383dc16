//! `prognos limma`: differential expression as `limma::lmFit`,
//! `contrasts.fit`, `eBayes` and `topTable` (optionally `voom` with TMM
//! normalisation first).
//!
//! JSON (cli-contract.md): `df_prior` and `s2_prior` are numbers, or
//! per-gene arrays in the input gene order when `--robust` (df) or
//! `--trend` (s2) make them gene-specific; an infinite `df_prior` is `null`.
//! `table` has every gene, sorted by `P.Value`. Added keys: `contrast`,
//! `n_genes`, `n_samples`, `groups` (level -> sample count), `design`
//! (column names), `warnings`.

use crate::data::omics::{read_expression, read_sample_sheet};
use anyhow::{Context, bail};
use prognos_omics::limma::{
    EbayesParams, PriorTrend, PriorValue, contrasts_fit, ebayes, lm_fit, tmm_factors, top_table,
    voom,
};
use serde_json::{Value, json};
use std::path::PathBuf;

/// Arguments of `prognos limma`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Expression matrix: genes in rows, first column the gene id, one column per sample.
    #[arg(long)]
    pub expr: PathBuf,
    /// Sample sheet with a `sample` column matching the expression header.
    #[arg(long)]
    pub samples: PathBuf,
    /// Sample-sheet column holding the group of each sample.
    #[arg(long)]
    pub group: String,
    /// Contrast `B-A`: group B minus group A.
    #[arg(long)]
    pub contrast: String,
    /// Extra sample-sheet columns in the design (numeric, or categorical as dummies).
    #[arg(long)]
    pub covariates: Option<String>,
    /// Prior variance trended on average expression (`eBayes(trend = TRUE)`).
    #[arg(long)]
    pub trend: bool,
    /// Robust empirical Bayes (`eBayes(robust = TRUE)`).
    #[arg(long)]
    pub robust: bool,
    /// Treat the matrix as counts: TMM factors and voom weights first.
    #[arg(long)]
    pub voom: bool,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// Parses `B-A` into (B, A) against the known levels (level names may
/// themselves contain `-`).
pub(crate) fn parse_contrast(s: &str, levels: &[String]) -> anyhow::Result<(String, String)> {
    for (i, _) in s.match_indices('-') {
        let (b, a) = (s[..i].trim(), s[i + 1..].trim());
        if levels.iter().any(|l| l == b) && levels.iter().any(|l| l == a) {
            if a == b {
                bail!("--contrast '{s}': the two groups must differ");
            }
            return Ok((b.to_string(), a.to_string()));
        }
    }
    bail!(
        "--contrast '{s}' must be 'B-A' with B and A among the groups: {}",
        levels.join(", ")
    )
}

/// Design columns for the covariates: numeric columns as they are,
/// non-numeric ones as treatment dummies `name[LEVEL]` (first sorted level
/// is the reference).
pub(crate) fn covariate_columns(
    sheet: &crate::data::omics::SampleSheet,
    names: &[String],
) -> anyhow::Result<Vec<(String, Vec<f64>)>> {
    let mut out = Vec::new();
    for c in names {
        let vals = &sheet.columns[c];
        for (i, v) in vals.iter().enumerate() {
            if v.is_empty() || v == "NA" {
                bail!("sample '{}': covariate '{c}' is missing", sheet.samples[i]);
            }
        }
        let nums: Option<Vec<f64>> = vals
            .iter()
            .map(|v| v.parse::<f64>().ok().filter(|x| x.is_finite()))
            .collect();
        match nums {
            Some(x) => out.push((c.clone(), x)),
            None => {
                let levels = crate::data::sorted_levels(vals);
                for l in levels.iter().skip(1) {
                    out.push((
                        format!("{c}[{l}]"),
                        vals.iter().map(|v| f64::from(u8::from(v == l))).collect(),
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<super::common::Output> {
    let expr = read_expression(&args.expr)?;
    let covs = args
        .covariates
        .as_deref()
        .map(super::common::split_list)
        .unwrap_or_default();
    let mut cols = vec![args.group.clone()];
    cols.extend(covs.iter().cloned());
    let sheet = read_sample_sheet(&args.samples, &expr, &args.expr, &cols)?;
    let group = &sheet.columns[&args.group];
    for (i, g) in group.iter().enumerate() {
        if g.is_empty() || g == "NA" {
            bail!(
                "sample '{}': group column '{}' is missing",
                sheet.samples[i],
                args.group
            );
        }
    }
    let levels = crate::data::sorted_levels(group);
    let counts: Vec<usize> = levels
        .iter()
        .map(|l| group.iter().filter(|g| *g == l).count())
        .collect();
    if let Some(k) = counts.iter().position(|&c| c < 2) {
        bail!(
            "group '{}' has {} sample(s); each group needs at least 2",
            levels[k],
            counts[k]
        );
    }
    let (b, a) = parse_contrast(&args.contrast, &levels)?;
    let cov_cols = covariate_columns(&sheet, &covs)?;
    let timer = super::common::FitTimer::start();
    let design = prognos_omics::limma::group_means_design(group, &levels, &cov_cols);
    let contrast = prognos_omics::limma::difference_contrast(&design, &b, &a)
        .context("contrast levels not in the design")?;
    let cname = format!("{b}-{a}");
    let mut warnings: Vec<String> = Vec::new();
    let fit = if args.voom {
        let nf = tmm_factors(&expr)?;
        let v = voom(&expr, &design.matrix, &design.names, Some(&nf))?;
        lm_fit(&v.e, &design.matrix, &design.names, Some(&v.weights))?
    } else {
        lm_fit(&expr, &design.matrix, &design.names, None)?
    };
    let fit2 = contrasts_fit(&fit, &contrast, std::slice::from_ref(&cname))?;
    let params = EbayesParams {
        trend: if args.trend {
            PriorTrend::Amean
        } else {
            PriorTrend::Constant
        },
        robust: args.robust,
        ..Default::default()
    };
    let eb = ebayes(&fit2, &params)?;
    let tt = top_table(&eb, 0)?;
    let fit_s = timer.seconds();
    warnings.extend(fit2.warnings.iter().cloned());
    warnings.extend(eb.warnings.iter().cloned());

    let prior_json = |p: &PriorValue| -> Value {
        let num = |v: f64| if v.is_finite() { json!(v) } else { Value::Null };
        match p {
            PriorValue::Scalar(v) => num(*v),
            PriorValue::PerGene(v) => Value::Array(v.iter().map(|&x| num(x)).collect()),
        }
    };
    let num = |v: f64| if v.is_finite() { json!(v) } else { Value::Null };
    let table: Vec<Value> = tt
        .rows
        .iter()
        .map(|r| {
            json!({"gene": r.gene, "logFC": num(r.log_fc), "AveExpr": num(r.ave_expr), "t": num(r.t),
                   "P.Value": num(r.p_value), "adj.P.Val": num(r.adj_p_value), "B": num(r.b)})
        })
        .collect();
    let groups: serde_json::Map<String, Value> = levels
        .iter()
        .zip(&counts)
        .map(|(l, c)| (l.clone(), json!(c)))
        .collect();
    let json = json!({
        "contrast": cname,
        "n_genes": expr.genes.len(),
        "n_samples": expr.samples.len(),
        "groups": groups,
        "design": design.names,
        "df_prior": prior_json(&eb.df_prior),
        "s2_prior": prior_json(&eb.s2_prior),
        "table": table,
        "warnings": warnings,
    });
    let mut shown = tt.clone();
    let more = shown.rows.len().saturating_sub(20);
    shown.rows.truncate(20);
    let mut text = String::new();
    let d0 = match &eb.df_prior {
        PriorValue::Scalar(v) => format!("{v:.4}"),
        PriorValue::PerGene(_) => "per gene (robust)".into(),
    };
    let s0 = match &eb.s2_prior {
        PriorValue::Scalar(v) => format!("{v:.4}"),
        PriorValue::PerGene(_) => "per gene (trend)".into(),
    };
    text.push_str(&format!(
        "limma: {} genes, {} samples; df.prior = {d0}, s2.prior = {s0}\n",
        expr.genes.len(),
        expr.samples.len()
    ));
    text.push_str(&shown.to_string());
    if more > 0 {
        text.push_str(&format!("\n... {more} more genes (use --json for all)\n"));
    }
    Ok(super::common::Output { json, text, fit_s })
}
