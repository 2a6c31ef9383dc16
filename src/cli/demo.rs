//! `prognos demo --out DIR`: the built-in synthetic multi-centre
//! head-and-neck study, end to end, with no arguments and no network.
//!
//! Writes the cohorts as CSV (`DIR/data/*.csv`), reads them back through
//! the same data layer users' files go through, runs the study pipeline of
//! `prognos_models::study` (univariate Cox screen, multivariable fusion
//! model, single-modality models, Harrell's C with 1,000-replicate
//! bootstrap CIs and Uno's C in six cohorts, training-median risk groups
//! with KM and log-rank per cohort) and writes `DIR/results.json` and
//! `DIR/report.html`, `DIR/report.pdf` and the figures (`DIR/figures/`,
//! SVG + 300-dpi PNG + the CSV behind each).

use super::common::{FitTimer, Output};
use super::progress::Bar;
use crate::data::{Cohort, FrameSpec};
use anyhow::Context;
use prognos_models::explain::{CellLabels, ExplainParams, Explanation};
use prognos_models::study::{ModalitySpec, StudyCohort, StudyResults, StudySpec};
use prognos_models::synthetic::{SyntheticStudy, omics as synth_omics};
use prognos_omics::enrich::GeneSet;
use prognos_omics::limma::ExprMatrix;
use prognos_survival::cox::CoxTerm;
use serde_json::{Value, json};
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

/// The candidate predictors of the demo, as the MDLM paper screens them.
const CANDIDATES: [&str; 9] = [
    "ct_score",
    "wsi_score",
    "age",
    "male",
    "t_stage",
    "n_stage",
    "differentiation",
    "smoking",
    "drinking",
];

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

/// Writes the synthetic cohorts and reads them back as study cohorts.
fn load(
    study: &SyntheticStudy,
    data_dir: &Path,
) -> anyhow::Result<(Vec<StudyCohort>, Vec<String>, Vec<CoxTerm>)> {
    let spec = FrameSpec {
        time: Some("os_time".into()),
        event: Some("os_event".into()),
        covariates: CANDIDATES.iter().map(|s| s.to_string()).collect(),
        factors: vec!["differentiation:well".into()],
        numeric: vec!["rt".into()],
        ..Default::default()
    };
    let mut cohorts = Vec::new();
    let mut columns = Vec::new();
    let mut terms = Vec::new();
    for c in &study.cohorts {
        let path = data_dir.join(format!("{}.csv", c.name));
        write_csv(
            &path,
            &prognos_models::synthetic::SyntheticCohort::COLUMNS,
            &c.to_rows(),
        )?;
        let mf = Cohort::read(&path)?.model_frame(&spec)?;
        if columns.is_empty() {
            columns = mf.x.names.clone();
            terms =
                mf.x.terms
                    .iter()
                    .map(|t| CoxTerm {
                        name: t.name.clone(),
                        columns: t.columns.clone(),
                    })
                    .collect();
        }
        let treatment = Some(mf.binary("rt")?);
        cohorts.push(StudyCohort {
            name: c.name.clone(),
            role: c.role,
            time: mf.time.unwrap_or_default(),
            event: mf.event.unwrap_or_default(),
            treatment,
            x: mf.x.matrix,
        });
    }
    Ok((cohorts, columns, terms))
}

fn opt(v: Option<f64>) -> Value {
    v.filter(|x| x.is_finite())
        .map_or(Value::Null, |x| json!(x))
}

/// The results as JSON (keys follow the contract's names where it has them).
fn results_json(r: &StudyResults) -> Value {
    let coef = |c: &prognos_survival::cox::CoxCoefficient| {
        json!({"term": c.term, "coef": opt(c.coef), "se": opt(c.se), "hr": opt(c.hr),
               "hr_lower": opt(c.hr_lower), "hr_upper": opt(c.hr_upper), "z": opt(c.z), "p": opt(c.p)})
    };
    json!({
        "cohorts": r.cohorts.iter().map(|c| json!({"name": c.name, "role": c.role, "n": c.n,
            "events": c.events, "median_time": c.median_time})).collect::<Vec<_>>(),
        "univariate": r.screen.univariate.iter().map(|u| json!({"term": u.term, "coef": opt(u.coef),
            "hr": opt(u.hr), "hr_lower": opt(u.hr_lower), "hr_upper": opt(u.hr_upper),
            "p": opt(u.p)})).collect::<Vec<_>>(),
        "selected": r.screen.selected,
        "models": r.models.iter().map(|m| json!({"name": m.name, "terms": m.terms,
            "coefficients": m.fit.coefficients().iter().map(coef).collect::<Vec<_>>(),
            "loglik": m.fit.loglik, "n": m.fit.n, "events": m.fit.events})).collect::<Vec<_>>(),
        "performance": r.performance.iter().map(|p| json!({"model": p.model, "cohort": p.cohort,
            "harrell": {"c": p.harrell.c, "se": p.harrell.se},
            "uno": {"c": p.uno.c, "tau": p.uno.tau},
            "bootstrap": {"b": p.bootstrap.b, "lower": p.bootstrap.lower, "upper": p.bootstrap.upper}}))
            .collect::<Vec<_>>(),
        "cutoff": r.cutoff,
        "risk_groups": r.risk_groups.iter().map(|g| json!({"cohort": g.cohort, "n_high": g.n_high,
            "n_low": g.n_low,
            "logrank": {"chisq": g.logrank.chisq, "df": g.logrank.df, "p": g.logrank.p_value},
            "hr": opt(g.hr.hr), "hr_lower": opt(g.hr.hr_lower), "hr_upper": opt(g.hr.hr_upper),
            "groups": g.km.curves.iter().map(|k| json!({"group": k.label, "n": k.n, "events": k.events,
                "median": opt(k.median.estimate)})).collect::<Vec<_>>()}))
            .collect::<Vec<_>>(),
    })
}

/// The omics explanation of the fusion model's risk groups: bulk RNA-seq
/// for 50 training and 128 external1 patients, single-cell metadata for
/// 10 patients; the inputs are written to `data/` so `prognos limma`,
/// `prognos enrich` and `prognos sc-prop` can rerun each step.
fn explain(
    seed: u64,
    cohorts: &[StudyCohort],
    results: &StudyResults,
    data_dir: &Path,
) -> anyhow::Result<Explanation> {
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

    let expr = ExprMatrix {
        genes: bulk.genes.clone(),
        samples: samples.clone(),
        values: nalgebra::DMatrix::from_fn(bulk.genes.len(), samples.len(), |i, j| {
            bulk.values[i][j]
        }),
    };
    let sets: Vec<GeneSet> = bulk
        .sets
        .iter()
        .map(|(n, g)| GeneSet {
            name: n.clone(),
            genes: g.clone(),
        })
        .collect();
    let clusters: Vec<String> = cells.iter().map(|c| c.cluster.to_string()).collect();
    let cs: Vec<String> = cells.iter().map(|c| c.sample.clone()).collect();
    let cg: Vec<String> = cells.iter().map(|c| c.group.to_string()).collect();
    Ok(ExplainParams::default().explain(
        &expr,
        &group,
        &sets,
        CellLabels {
            clusters: &clusters,
            samples: &cs,
            groups: &cg,
        },
    )?)
}

/// The omics part of results.json (contract names for the limma, enrich
/// and sc-prop rows).
fn omics_json(e: &Explanation) -> Value {
    let num = |v: f64| if v.is_finite() { json!(v) } else { Value::Null };
    json!({
        "deg_up": e.up, "deg_down": e.down,
        "limma_top": e.top_table.rows.iter().take(50).map(|r| json!({"gene": r.gene,
            "logFC": num(r.log_fc), "AveExpr": num(r.ave_expr), "t": num(r.t),
            "P.Value": num(r.p_value), "adj.P.Val": num(r.adj_p_value), "B": num(r.b)}))
            .collect::<Vec<_>>(),
        "enrich": {"universe_size": e.ora.universe_size, "query_size": e.ora.query_size,
            "table": e.ora.rows.iter().take(20).map(|r| json!({"term": r.term, "size": r.size,
                "overlap": r.overlap, "expected": num(r.expected), "fold": num(r.fold),
                "p": num(r.p), "p_adj": num(r.p_adj)})).collect::<Vec<_>>()},
        "sc_prop": e.propeller.rows.iter().map(|r| json!({"cluster": r.cluster, "props": r.props,
            "prop_ratio": r.prop_ratio.map(num), "t": r.t.map(num), "p": num(r.p),
            "fdr": num(r.fdr)})).collect::<Vec<_>>(),
    })
}

/// Runs the demo.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let data_dir = args.out.join("data");
    std::fs::create_dir_all(&data_dir)
        .with_context(|| format!("cannot create {}", data_dir.display()))?;
    let study = SyntheticStudy::generate(args.seed);
    let (cohorts, columns, terms) = load(&study, &data_dir)?;
    let modalities = vec![
        ModalitySpec {
            name: "CT".into(),
            terms: vec!["ct_score".into()],
        },
        ModalitySpec {
            name: "WSI".into(),
            terms: vec!["wsi_score".into()],
        },
        ModalitySpec {
            name: "Clinical".into(),
            terms: vec![],
        },
    ];
    let mut spec = StudySpec::new(columns, terms, modalities);
    spec.bootstrap = args.bootstrap;
    spec.seed = args.seed;
    spec.match_on = ["age", "male", "t_stage", "n_stage", "smoking", "drinking"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let timer = FitTimer::start();
    let bar = Bar::new(!args.common.json);
    let results = spec.run(&cohorts, &bar)?;
    let explanation = explain(args.seed, &cohorts, &results, &data_dir)?;
    let fit_s = timer.seconds();
    let mut json = results_json(&results);
    json["omics"] = omics_json(&explanation);
    let results_path = args.out.join("results.json");
    std::fs::write(&results_path, serde_json::to_string_pretty(&json)?)
        .with_context(|| format!("cannot write {}", results_path.display()))?;
    super::report::write(&results, Some(&explanation), args.seed, &args.out)?;
    let report_path = args.out.join("report.html");
    let text = format!(
        "{results}\nWrote {}, {} (and report.pdf, figures/) and the cohort tables in {}\n",
        results_path.display(),
        report_path.display(),
        data_dir.display()
    );
    Ok(Output { json, text, fit_s })
}
