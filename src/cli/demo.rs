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
use prognos_models::study::{ModalitySpec, StudyCohort, StudyResults, StudySpec};
use prognos_models::synthetic::SyntheticStudy;
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
    let fit_s = timer.seconds();
    let json = results_json(&results);
    let results_path = args.out.join("results.json");
    std::fs::write(&results_path, serde_json::to_string_pretty(&json)?)
        .with_context(|| format!("cannot write {}", results_path.display()))?;
    super::report::write(&results, args.seed, &args.out)?;
    let report_path = args.out.join("report.html");
    let text = format!(
        "{results}\nWrote {}, {} (and report.pdf, figures/) and the cohort tables in {}\n",
        results_path.display(),
        report_path.display(),
        data_dir.display()
    );
    Ok(Output { json, text, fit_s })
}
