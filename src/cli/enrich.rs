//! `prognos enrich`: over-representation analysis of a gene list against a
//! GMT file (one-sided hypergeometric test, BH), per cli-contract.md.
//! Added keys: `n_sets_tested`.

use crate::data::omics::{read_gene_list, read_gmt};
use prognos_omics::enrich::{GeneSet, OraParams, ora};
use serde_json::json;
use std::path::PathBuf;

/// Arguments of `prognos enrich`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The query genes, one per line.
    #[arg(long)]
    pub genes: PathBuf,
    /// Gene sets in GMT format (name, description, genes; tab-separated).
    #[arg(long)]
    pub gmt: PathBuf,
    /// Universe genes, one per line (default: all genes in the GMT).
    #[arg(long)]
    pub universe: Option<PathBuf>,
    /// Smallest set size (counted inside the universe) tested.
    #[arg(long, default_value_t = 10)]
    pub min_size: usize,
    /// Largest set size tested.
    #[arg(long, default_value_t = 500)]
    pub max_size: usize,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<super::common::Output> {
    let query = read_gene_list(&args.genes)?;
    let gmt = read_gmt(&args.gmt)?;
    let universe = args.universe.as_deref().map(read_gene_list).transpose()?;
    let sets: Vec<GeneSet> = gmt
        .into_iter()
        .map(|s| GeneSet {
            name: s.name,
            genes: s.genes,
        })
        .collect();
    let timer = super::common::FitTimer::start();
    let res = ora(
        &query,
        &sets,
        universe.as_deref(),
        &OraParams {
            min_size: args.min_size,
            max_size: args.max_size,
        },
    )?;
    let fit_s = timer.seconds();
    let table: Vec<serde_json::Value> = res
        .rows
        .iter()
        .map(|r| {
            json!({"term": r.term, "size": r.size, "overlap": r.overlap, "expected": r.expected,
                   "fold": r.fold, "p": r.p, "p_adj": r.p_adj, "genes": r.genes})
        })
        .collect();
    let json = json!({"universe_size": res.universe_size, "query_size": res.query_size,
                      "n_sets_tested": res.rows.len(), "table": table});
    Ok(super::common::Output {
        json,
        text: res.to_string(),
        fit_s,
    })
}
