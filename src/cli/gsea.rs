//! `prognos gsea`: preranked gene-set enrichment analysis (as
//! `fgsea::fgseaSimple`), with seeded gene-set permutations.
//!
//! `prognos gsea --ranks F --gmt F [--min-size 15] [--max-size 500] [--nperm 1000] [--weight 1] [--seed 42] --json`
//!
//! `--ranks`: two columns `gene,score` (comma or tab; optional header);
//! genes are ranked by decreasing score.
//!
//! JSON keys:
//! ```text
//! {"n_genes": 0, "n_perm": 1000, "seed": 42,
//!  "table": [{"term": "T1", "size": 0, "es": 0.0, "nes": 0.0, "p": 0.0,
//!             "p_adj": 0.0, "leading_edge": ["g1"]}]}
//! ```
//! `size` counts set genes present in the ranked list; `es` is the signed
//! maximum deviation of the weighted running sum; `nes` = `es` / mean
//! permuted ES of the same sign (null if no permutation had that sign);
//! `p` = (#permuted ES at least as extreme, same sign + 1) / (#same sign + 1);
//! `p_adj` is Benjamini–Hochberg; `leading_edge` lists the hits up to the
//! peak in rank order. Rows are sorted by `p`, then |`nes`| decreasing.

use crate::data::omics::{read_gmt, read_ranked_list};
use prognos_omics::enrich::{GeneSet, GseaParams, gsea_preranked};
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
    /// Permutations per set.
    #[arg(long, default_value_t = 1000)]
    pub nperm: usize,
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
    let params = GseaParams {
        min_size: args.min_size,
        max_size: args.max_size,
        n_perm: args.nperm,
        weight: args.weight,
        seed: args.seed,
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
                   "p_adj": num(r.p_adj), "leading_edge": r.leading_edge})
        })
        .collect();
    let json =
        json!({"n_genes": res.n_genes, "n_perm": res.n_perm, "seed": res.seed, "table": table});
    Ok(super::common::Output {
        json,
        text: res.to_string(),
        fit_s,
    })
}
