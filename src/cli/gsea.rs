//! `prognos gsea`: preranked gene-set enrichment analysis as `fgsea::fgsea`:
//! by default fgseaMultilevel's p-values (a simple stage of seeded gene-set
//! permutations, then fgsea's adaptive multilevel splitting for the sets
//! whose permutation p is too coarse), or `fgsea::fgseaSimple`'s permutation
//! p with `--method simple` (or, as `fgsea(nperm = )`, when `--nperm` is
//! given without `--method`).
//!
//! `prognos gsea --ranks F --gmt F [--min-size 15] [--max-size 500] [--method multilevel|simple]
//!  [--nperm N] [--nperm-simple 1000] [--sample-size 101] [--eps 1e-50] [--weight 1] [--seed 42] --json`
//!
//! `--ranks`: two columns `gene,score` (comma or tab; optional header);
//! genes are ranked by decreasing score.
//!
//! JSON keys:
//! ```text
//! {"n_genes": 0, "n_perm": 1000, "seed": 42, "method": "multilevel",
//!  "sample_size": 101, "eps": 1e-50, "warnings": [],
//!  "table": [{"term": "T1", "size": 0, "es": 0.0, "nes": 0.0, "p": 0.0,
//!             "p_adj": 0.0, "log2err": 0.0, "leading_edge": ["g1"]}]}
//! ```
//! `size` counts set genes present in the ranked list; `es` is the signed
//! maximum deviation of the weighted running sum; `nes` = `es` / mean
//! permuted ES of the same sign (null if no permutation had that sign);
//! `p` is conditional on the sign of ES: simple, (#permuted ES at least as
//! extreme, same sign + 1) / (#same sign + 1); multilevel, fgsea's estimate
//! of P(ES as extreme) / P(same sign), floored at `eps` (null, as fgsea's
//! NA, when fewer than 10 simple-stage permutations had the sign of ES);
//! `p_adj` is Benjamini–Hochberg; `log2err` is fgsea's expected standard
//! deviation of log2(p) (null where fgsea gives NA: p at the eps bound, a
//! likely overestimated p); `leading_edge` lists the hits up to the peak in
//! rank order. `n_perm` is the number of permutations per set (of the simple
//! stage for the multilevel method); `sample_size` and `eps` are null for
//! the simple method; `warnings` are fgsea's warnings. Rows are sorted by
//! `p`, then |`nes`| decreasing.

use crate::data::omics::{read_gmt, read_ranked_list};
use prognos_omics::enrich::{GeneSet, GseaMethod, GseaParams, gsea_preranked};
use serde_json::{Value, json};
use std::path::PathBuf;

/// Arguments of `prognos gsea`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Ranked list: `gene,score` per line.
    #[arg(long)]
    pub ranks: PathBuf,
    /// Gene sets in GMT format.
    #[arg(long)]
    pub gmt: PathBuf,
    /// Smallest set size (genes in the ranked list) tested.
    #[arg(long, default_value_t = 15)]
    pub min_size: usize,
    /// Largest set size tested.
    #[arg(long, default_value_t = 500)]
    pub max_size: usize,
    /// p-value method: `multilevel` (fgsea's default) or `simple`
    /// (permutations only); default multilevel, or simple when `--nperm`
    /// is given.
    #[arg(long, value_enum)]
    pub method: Option<Method>,
    /// Permutations per set of the simple method.
    #[arg(long)]
    pub nperm: Option<usize>,
    /// Permutations per set of the multilevel method's simple stage
    /// (fgsea's `nPermSimple`).
    #[arg(long, default_value_t = 1000)]
    pub nperm_simple: usize,
    /// Random sets per level of the multilevel method (fgsea's `sampleSize`).
    #[arg(long, default_value_t = 101)]
    pub sample_size: usize,
    /// Lower bound of the multilevel p (fgsea's `eps`; 0 = none).
    #[arg(long, default_value_t = 1e-50)]
    pub eps: f64,
    /// Score weight exponent (1 = weighted GSEA, 0 = classic KS).
    #[arg(long, default_value_t = 1.0)]
    pub weight: f64,
    /// Seed of the permutations.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// The p-value method of `--method`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// fgseaMultilevel.
    Multilevel,
    /// fgseaSimple.
    Simple,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<super::common::Output> {
    let (genes, scores) = read_ranked_list(&args.ranks)?;
    let sets: Vec<GeneSet> = read_gmt(&args.gmt)?
        .into_iter()
        .map(|s| GeneSet {
            name: s.name,
            genes: s.genes,
        })
        .collect();
    let method = args.method.unwrap_or(if args.nperm.is_some() {
        Method::Simple
    } else {
        Method::Multilevel
    });
    let (n_perm, method) = match method {
        Method::Simple => (args.nperm.unwrap_or(1000), GseaMethod::Simple),
        Method::Multilevel => {
            if let Some(n) = args.nperm {
                anyhow::bail!(
                    "--nperm {n} sets the permutations of --method simple; the multilevel \
                     method's simple stage takes --nperm-simple"
                );
            }
            if !(args.eps >= 0.0 && args.eps <= 1.0) {
                anyhow::bail!("--eps must be between 0 and 1, got {}", args.eps);
            }
            (
                args.nperm_simple,
                GseaMethod::Multilevel {
                    sample_size: args.sample_size,
                    eps: args.eps,
                },
            )
        }
    };
    let params = GseaParams {
        min_size: args.min_size,
        max_size: args.max_size,
        n_perm,
        weight: args.weight,
        seed: args.seed,
        method,
    };
    let timer = super::common::FitTimer::start();
    let res = gsea_preranked(&genes, &scores, &sets, &params)?;
    let fit_s = timer.seconds();
    let num = |v: f64| if v.is_finite() { json!(v) } else { Value::Null };
    let table: Vec<Value> = res
        .rows
        .iter()
        .map(|r| {
            json!({"term": r.term, "size": r.size, "es": num(r.es), "nes": num(r.nes), "p": num(r.p),
                   "p_adj": num(r.p_adj), "log2err": num(r.log2err), "leading_edge": r.leading_edge})
        })
        .collect();
    let (name, sample_size, eps) = match res.method {
        GseaMethod::Simple => ("simple", Value::Null, Value::Null),
        GseaMethod::Multilevel { sample_size, eps } => {
            ("multilevel", json!(sample_size), json!(eps))
        }
    };
    let json = json!({"n_genes": res.n_genes, "n_perm": res.n_perm, "seed": res.seed,
                      "method": name, "sample_size": sample_size, "eps": eps,
                      "warnings": res.warnings, "table": table});
    Ok(super::common::Output {
        json,
        text: res.to_string(),
        fit_s,
    })
}
