//! `prognos demo --out DIR`: the built-in synthetic multi-centre
//! head-and-neck study, end to end, with no arguments and no network.
//!
//! Writes the cohorts as CSV (`DIR/data/*.csv`) and the study file
//! (`DIR/study.toml`, the text of examples/study.toml with the seed and
//! bootstrap of the flags), then runs that study through the pipeline of
//! `prognos run` (univariate Cox screen, multivariable fusion model,
//! single-modality models, Harrell's C with bootstrap CIs, Uno's C and
//! td-AUC in six cohorts, training-median risk groups with KM and log-rank
//! per cohort and per clinical subgroup, radiotherapy benefit with
//! propensity matching, and the omics explanation of the risk groups),
//! writing `DIR/results.json`, `DIR/report.html`, `DIR/report.pdf` and the
//! figures (`DIR/figures/`, SVG + 300-dpi PNG + the CSV behind each).
//! `prognos run DIR/study.toml --out OTHER` reproduces every number.
//! Exit status as `prognos run` (3 when an analysis failed).

use super::common::Output;
use super::run::study_file::StudyFile;
use anyhow::Context;
use prognos_models::study::{StudyCohort, StudyResults};
use prognos_models::synthetic::{SyntheticStudy, omics as synth_omics};
use std::path::{Path, PathBuf};

/// Arguments of `prognos demo`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output folder (created if missing).
    #[arg(long, default_value = "demo-out")]
    pub out: PathBuf,
    /// Seed of the synthetic study and the bootstrap.
    #[arg(long, default_value_t = 20251)]
    pub seed: u64,
    /// Bootstrap replicates for the C-index intervals.
    #[arg(long, default_value_t = 1000)]
    pub bootstrap: usize,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

fn write_csv(path: &Path, header: &[&str], rows: &[Vec<String>]) -> anyhow::Result<()> {
    let mut w =
        csv::Writer::from_path(path).with_context(|| format!("cannot write {}", path.display()))?;
    w.write_record(header)?;
    for r in rows {
        w.write_record(r)?;
    }
    w.flush()?;
    Ok(())
}

/// The omics inputs that explain the fusion model's risk groups: bulk
/// RNA-seq for 50 training and 128 external1 patients (planted pathways
/// follow each patient's risk group), single-cell metadata for 10
/// patients, and the GMT, written to `data/` where the study file's
/// `[omics]` section reads them (and `prognos limma`, `prognos enrich`,
/// `prognos sc-prop` can rerun each step).
fn write_omics(
    seed: u64,
    cohorts: &[StudyCohort],
    results: &StudyResults,
    data_dir: &Path,
) -> anyhow::Result<()> {
    let fusion = results.models.first().context("no fusion model")?;
    let mut samples = Vec::new();
    let mut group = Vec::new();
    for (name, take) in [("training", 50), ("external1", 128)] {
        let c = cohorts
            .iter()
            .find(|c| c.name == name)
            .context("cohort missing")?;
        let lp = fusion
            .fit
            .predict_lp(&c.x.select_columns(&fusion.columns))?;
        for (i, v) in lp.iter().take(take).enumerate() {
            samples.push(format!("{name}-{:04}", i + 1));
            group.push(if *v > results.cutoff {
                "high".to_string()
            } else {
                "low".to_string()
            });
        }
    }
    let high: Vec<bool> = group.iter().map(|g| g == "high").collect();
    let bulk = synth_omics::bulk(seed, &samples, &high);
    // files for the CLI: expression matrix, sample sheet, GMT
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (g, vals) in bulk.genes.iter().zip(&bulk.values) {
        let mut r = vec![g.clone()];
        r.extend(vals.iter().map(|v| format!("{v:?}")));
        rows.push(r);
    }
    let mut header = vec!["gene"];
    header.extend(samples.iter().map(String::as_str));
    write_csv(&data_dir.join("bulk_expression.csv"), &header, &rows)?;
    let sheet: Vec<Vec<String>> = samples
        .iter()
        .zip(&group)
        .map(|(s, g)| vec![s.clone(), g.clone()])
        .collect();
    write_csv(
        &data_dir.join("bulk_samples.csv"),
        &["sample", "risk_group"],
        &sheet,
    )?;
    let gmt: String = bulk
        .sets
        .iter()
        .map(|(n, g)| format!("{n}\tsynthetic\t{}\n", g.join("\t")))
        .collect();
    std::fs::write(data_dir.join("gene_sets.gmt"), gmt)?;
    let cells = synth_omics::single_cell(seed);
    let cell_rows: Vec<Vec<String>> = cells
        .iter()
        .map(|c| vec![c.sample.clone(), c.cluster.to_string(), c.group.to_string()])
        .collect();
    write_csv(
        &data_dir.join("cells.csv"),
        &["sample", "cell_type", "risk_group"],
        &cell_rows,
    )?;

    Ok(())
}

/// The study file the demo runs (the same text as examples/study.toml).
const STUDY: &str = include_str!("../../examples/study.toml");

/// Runs the demo: writes the synthetic cohorts to `DIR/data/`, the study
/// file to `DIR/study.toml`, and runs it as `prognos run` does.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let data_dir = args.out.join("data");
    std::fs::create_dir_all(&data_dir)
        .with_context(|| format!("cannot create {}", data_dir.display()))?;
    let study = SyntheticStudy::generate(args.seed);
    for c in &study.cohorts {
        write_csv(
            &data_dir.join(format!("{}.csv", c.name)),
            &prognos_models::synthetic::SyntheticCohort::COLUMNS,
            &c.to_rows(),
        )?;
    }
    let mut file = StudyFile::parse(STUDY, "examples/study.toml", &args.out)?;
    file.seed = args.seed;
    file.bootstrap = args.bootstrap;
    let study_path = args.out.join("study.toml");
    std::fs::write(&study_path, file.to_toml())
        .with_context(|| format!("cannot write {}", study_path.display()))?;
    let seed = args.seed;
    let hook = move |cohorts: &[StudyCohort], results: &StudyResults| {
        write_omics(seed, cohorts, results, &data_dir)
    };
    let notes = [
        "The data are synthetic (prognos_models::synthetic, seed as above): the CT and WSI \
         scores are simulated readings of the planted tumour biology, standing in for the \
         reference networks' outputs (prognos plugin run / prognos train score real volumes \
         and tile bags; training them on CPU does not fit the demo's three-minute budget)."
            .to_string(),
    ];
    let outcome = super::run::execute(&file, &args.out, !args.common.json, Some(&hook), &notes)?;
    super::run::finish(outcome, args.common.json)
}
