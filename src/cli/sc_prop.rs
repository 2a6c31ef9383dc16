//! `prognos sc-prop`: cell-type proportion differences between sample
//! groups, as `speckle::propeller` (robust limma on logit or arcsine-sqrt
//! transformed proportions), per cli-contract.md.
//!
//! `--cells` is a table with one row per cell, or a directory holding
//! `barcodes.tsv[.gz]` and `metadata.csv|tsv` (+ optionally a full 10x
//! matrix: `matrix.mtx[.gz]` and `features.tsv[.gz]`/`genes.tsv[.gz]`).
//! When the matrix is there it is read (sparse) and the JSON gets a
//! `counts` object: `n_genes`, `n_cells`, `nnz`, `zero_count_cells`,
//! `library_size` {`min`, `median`, `mean`, `max`} over cells, and
//! `samples` [{`sample`, `n_cells`, `total_counts`, `median_library_size`,
//! `zero_count_cells`}]. `--pseudobulk DIR` then writes `DIR/counts.csv`
//! (genes x samples, the sum of each sample's cells) and
//! `DIR/samples.csv` (`sample`, the group column, `n_cells`), ready for
//! `prognos limma --expr counts.csv --samples samples.csv --group <group>
//! --contrast B-A --voom`.
//! With two groups `t` is the moderated t of the first sorted group minus
//! the second and `prop_ratio` their ratio of mean proportions; with more
//! groups `t` and `prop_ratio` are null and `F` holds the moderated F.
//! Added keys: `groups`, `n_samples`, `n_cells`, `transform`, `F`.

use crate::data::omics::read_cells_and_counts;
use anyhow::{Context, bail};
use prognos_omics::propeller::{Transform, propeller};
use prognos_omics::sparse::CountMatrix;
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
    /// Write pseudo-bulk counts (genes x samples) and a sample sheet into
    /// this folder (needs a 10x directory with matrix.mtx as `--cells`).
    #[arg(long)]
    pub pseudobulk: Option<PathBuf>,
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
    let (t, counts) = read_cells_and_counts(&args.cells, true)?;
    if args.pseudobulk.is_some() && counts.is_none() {
        bail!(
            "--pseudobulk needs --cells to be a 10x directory with matrix.mtx[.gz], features.tsv[.gz] and barcodes.tsv[.gz]; {} has no matrix",
            args.cells.display()
        );
    }
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
    let mut json = json!({"groups": res.groups, "n_samples": res.samples.len(), "n_cells": c.len(),
                      "transform": args.transform, "table": table});
    let mut text = res.to_string();
    if let Some(m) = &counts {
        let (summary, line) = count_summary(m, &s);
        json["counts"] = summary;
        text.push_str(&line);
        if let Some(dir) = &args.pseudobulk {
            write_pseudobulk(m, &s, &g, &args.group, dir)?;
            text.push_str(&format!(
                "pseudo-bulk counts written to {}\n",
                dir.join("counts.csv").display()
            ));
        }
    }
    Ok(super::common::Output { json, text, fit_s })
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => v[n / 2],
        _ => 0.5 * (v[n / 2 - 1] + v[n / 2]),
    }
}

/// The `counts` JSON object (library sizes over cells and per sample) and
/// a text line.
fn count_summary(m: &CountMatrix, sample: &[String]) -> (Value, String) {
    let lib = m.library_sizes();
    let mut by: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (j, smp) in sample.iter().enumerate() {
        by.entry(smp.as_str()).or_default().push(j);
    }
    let samples: Vec<Value> = by
        .iter()
        .map(|(smp, cells)| {
            let mut l: Vec<f64> = cells.iter().map(|&j| lib.library_size[j]).collect();
            let total: f64 = l.iter().sum();
            let zero = cells.iter().filter(|&&j| lib.detected[j] == 0).count();
            json!({"sample": smp, "n_cells": cells.len(), "total_counts": total,
                   "median_library_size": median(&mut l), "zero_count_cells": zero})
        })
        .collect();
    let num = |v: f64| if v.is_finite() { json!(v) } else { Value::Null };
    let summary = json!({
        "n_genes": m.n_genes(), "n_cells": m.n_cells(), "nnz": m.nnz(),
        "zero_count_cells": lib.zero_count_cells,
        "library_size": {"min": num(lib.min), "median": num(lib.median),
                         "mean": num(lib.mean), "max": num(lib.max)},
        "samples": samples,
    });
    let line = format!(
        "\ncounts: {} genes x {} cells, {} non-zero; library size median {} (range {}-{}); {} cell(s) with no counts\n",
        m.n_genes(),
        m.n_cells(),
        m.nnz(),
        lib.median,
        lib.min,
        lib.max,
        lib.zero_count_cells
    );
    (summary, line)
}

/// Writes `counts.csv` (gene x sample sums) and `samples.csv` into `dir`.
fn write_pseudobulk(
    m: &CountMatrix,
    sample: &[String],
    group: &[String],
    group_col: &str,
    dir: &std::path::Path,
) -> anyhow::Result<()> {
    let pb = m.pseudobulk(sample)?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let q = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let e = &pb.counts;
    let mut out = String::with_capacity(e.genes.len() * (8 + 8 * e.samples.len()));
    out.push_str("gene");
    for smp in &e.samples {
        out.push(',');
        out.push_str(&q(smp));
    }
    out.push('\n');
    for (i, gene) in e.genes.iter().enumerate() {
        out.push_str(&q(gene));
        for j in 0..e.samples.len() {
            out.push_str(&format!(",{}", e.values[(i, j)]));
        }
        out.push('\n');
    }
    let p = dir.join("counts.csv");
    std::fs::write(&p, out).with_context(|| format!("cannot write {}", p.display()))?;
    let sg: std::collections::HashMap<&str, &str> = sample
        .iter()
        .zip(group)
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let mut sheet = format!("sample,{},n_cells\n", q(group_col));
    for (smp, n) in e.samples.iter().zip(&pb.n_cells) {
        sheet.push_str(&format!("{},{},{n}\n", q(smp), q(sg[smp.as_str()])));
    }
    let p = dir.join("samples.csv");
    std::fs::write(&p, sheet).with_context(|| format!("cannot write {}", p.display()))?;
    Ok(())
}
