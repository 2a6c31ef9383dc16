//! `prognos sc-prop`: cell-type proportion differences between sample
//! groups, as `speckle::propeller` (robust limma on logit or arcsine-sqrt
//! transformed proportions), per cli-contract.md.
//!
//! `--cells` is a table with one row per cell, or a directory holding
//! `barcodes.tsv` (+ optional `matrix.mtx`) and `metadata.csv|tsv`.
//! With two groups `t` is the moderated t of the first sorted group minus
//! the second and `prop_ratio` their ratio of mean proportions; with more
//! groups `t` and `prop_ratio` are null and `F` holds the moderated F.
//! Added keys: `groups`, `n_samples`, `n_cells`, `transform`, `F`.

use crate::data::omics::read_cells;
use anyhow::bail;
use prognos_omics::propeller::{Transform, propeller};
use serde_json::{Value, json};
use std::path::PathBuf;

/// Arguments of `prognos sc-prop`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Cell table (one row per cell) or a 10x-style directory with metadata.
    #[arg(long)]
    pub cells: PathBuf,
    /// Column with the sample of each cell.
    #[arg(long)]
    pub sample: String,
    /// Column with the cluster (cell type) of each cell.
    #[arg(long)]
    pub cluster: String,
    /// Column with the group of each cell's sample.
    #[arg(long)]
    pub group: String,
    /// Transform of the proportions: logit (default) or asin.
    #[arg(long, default_value = "logit")]
    pub transform: String,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<super::common::Output> {
    let transform = match args.transform.as_str() {
        "logit" => Transform::Logit,
        "asin" => Transform::Asin,
        other => bail!("--transform '{other}': use logit or asin"),
    };
    let t = read_cells(&args.cells)?;
    let (s, c, g) = (
        t.column(&args.sample)?,
        t.column(&args.cluster)?,
        t.column(&args.group)?,
    );
    for (col, vals) in [(&args.sample, &s), (&args.cluster, &c), (&args.group, &g)] {
        if let Some(i) = vals.iter().position(|v| v.is_empty() || v == "NA") {
            bail!("{} line {}: column '{col}' is missing", t.path, t.lines[i]);
        }
    }
    let timer = super::common::FitTimer::start();
    let res = propeller(&c, &s, &g, transform)?;
    let fit_s = timer.seconds();
    let num = |v: Option<f64>| {
        v.filter(|x| x.is_finite())
            .map_or(Value::Null, |x| json!(x))
    };
    let table: Vec<Value> = res
        .rows
        .iter()
        .map(|r| {
            json!({"cluster": r.cluster, "props": r.props, "prop_ratio": num(r.prop_ratio),
                   "t": num(r.t), "F": num(r.f), "p": num(Some(r.p)), "fdr": num(Some(r.fdr))})
        })
        .collect();
    let json = json!({"groups": res.groups, "n_samples": res.samples.len(), "n_cells": c.len(),
                      "transform": args.transform, "table": table});
    Ok(super::common::Output {
        json,
        text: res.to_string(),
        fit_s,
    })
}
