//! `prognos run STUDY.toml --out DIR`: a whole multimodal prognosis study
//! on the user's files, as the study file describes (see
//! [`study_file`]), through the pipeline `prognos demo` uses.
//!
//! Writes `DIR/results.json`, `DIR/figures/` (SVG, 300-dpi PNG, CSV),
//! `DIR/report.html` and `DIR/report.pdf`.
//!
//! Exit status: 0 when every analysis ran; 2 for bad input (study file,
//! cohort files, columns), before anything is computed; 3 when one or more
//! analyses failed — the others still finish, and each failure is listed
//! in `results.json` (`"errors": [{"analysis", "message"}]`), in the
//! report and on stderr.

#[path = "study_file.rs"]
pub mod study_file;

use super::common::{FitTimer, Output};
use super::progress::Bar;
use crate::data::{Cohort, FrameSpec, sorted_levels};
use anyhow::{Context, anyhow, bail};
use prognos_models::explain::{CellLabels, ExplainParams, Explanation};
use prognos_models::study::{
    ModalitySpec, StudyCohort, StudyResults, StudySpec, SubgroupAnalysis, SubgroupVariable,
};
use prognos_omics::enrich::GeneSet;
use prognos_survival::cox::CoxTerm;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use study_file::{Analysis, StudyFile};

/// Arguments of `prognos run`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Exit status: 0 = every analysis ran; 2 = bad input (nothing computed); \
                        3 = one or more analyses failed (the others finished; see \"errors\" \
                        in results.json and the report)."
)]
pub struct Args {
    /// The study file (TOML): cohorts, endpoint, modality scores, covariates, analyses.
    pub study: PathBuf,
    /// Output folder (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// Runs `prognos run`.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let file = StudyFile::read(&args.study)?;
    let outcome = execute(&file, &args.out, !args.common.json, None, &[])?;
    finish(outcome, args.common.json)
}

/// A failed analysis.
#[derive(Debug, Clone)]
pub struct AnalysisError {
    /// `survival`, `subgroups`, `benefit`, `omics`, `report`.
    pub analysis: String,
    /// One line.
    pub message: String,
}

/// What a study run produced.
pub struct Outcome {
    /// results.json.
    pub json: Value,
    /// The readable summary.
    pub text: String,
    /// Seconds of computation.
    pub fit_s: f64,
    /// Failed analyses.
    pub errors: Vec<AnalysisError>,
}

/// Writes the omics inputs once the survival analysis has run (the demo
/// synthesises them from the fusion model's risk groups).
pub type OmicsHook<'a> = &'a dyn Fn(&[StudyCohort], &StudyResults) -> anyhow::Result<()>;

/// Hands the outcome to the dispatcher, or — when an analysis failed —
/// prints it as the dispatcher would, lists the failures on stderr and
/// exits with status 3.
pub fn finish(o: Outcome, json_out: bool) -> anyhow::Result<Output> {
    if o.errors.is_empty() {
        return Ok(Output {
            json: o.json,
            text: o.text,
            fit_s: o.fit_s,
        });
    }
    let body = if json_out {
        let mut v = o.json;
        if let Value::Object(m) = &mut v {
            m.insert("timing".into(), json!({"fit_s": o.fit_s}));
        }
        serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
    } else {
        o.text
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(body.as_bytes()).and_then(|()| out.flush());
    let list: Vec<String> = o
        .errors
        .iter()
        .map(|e| format!("{}: {}", e.analysis, e.message))
        .collect();
    let n = o.errors.len();
    eprintln!(
        "error: {n} {} failed, the others finished: {}",
        if n == 1 { "analysis" } else { "analyses" },
        list.join("; ")
    );
    std::process::exit(3)
}

/// One cohort read from its file, converted.
struct Loaded {
    cohort: StudyCohort,
    /// Original 0-based file row of each kept patient.
    rows: Vec<usize>,
    /// The table (for subgroup columns).
    data: Cohort,
}

fn num_label(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// Runs a plugin over a cohort's input column (as `prognos plugin run`, in
/// a child process of this binary) and returns its score per patient id.
fn plugin_scores(
    file: &StudyFile,
    m: &study_file::Modality,
    cohort_name: &str,
    data: &Cohort,
    id_col: &str,
    work: &Path,
) -> anyhow::Result<HashMap<String, f64>> {
    let pl = m.plugin.as_ref().context("no plugin")?;
    let mf = data.model_frame(&FrameSpec {
        text: vec![id_col.to_string(), pl.input.clone()],
        ..Default::default()
    })?;
    let ids = &mf.text[id_col];
    let inputs = &mf.text[&pl.input];
    // A model folder (`config`, or `name` given as a path) must hold a
    // model card; a `name` that is a path relative to the study file is
    // resolved there.
    let model_dir = |p: &Path| p.join(prognos_plugins::nets::builtin::CARD_FILE).is_file();
    let config = pl.config.as_ref().map(|c| file.path(Path::new(c)));
    if let Some(dir) = &config
        && !model_dir(dir)
    {
        bail!(
            "modality {}: plugin {}: model folder {} not found (no {})",
            m.name,
            pl.name,
            dir.display(),
            prognos_plugins::nets::builtin::CARD_FILE
        );
    }
    let named = file.path(Path::new(&pl.name));
    let plugin = if pl.name.contains('/') || pl.name.contains('\\') {
        if !(model_dir(&named) || named.is_file()) {
            bail!(
                "modality {}: plugin {} not found (neither a model folder with {} nor a plugin library)",
                m.name,
                named.display(),
                prognos_plugins::nets::builtin::CARD_FILE
            );
        }
        named.to_string_lossy().into_owned()
    } else {
        pl.name.clone()
    };
    std::fs::create_dir_all(work)?;
    let manifest = work.join(format!("{}_{cohort_name}_manifest.csv", m.name));
    let scores = work.join(format!("{}_{cohort_name}_scores.csv", m.name));
    let mut w = csv::Writer::from_path(&manifest)
        .with_context(|| format!("cannot write {}", manifest.display()))?;
    w.write_record(["patient_id", "path"])?;
    for ((id, p), row) in ids.iter().zip(inputs).zip(&mf.rows) {
        // absolute: the plugin run resolves relative paths against the
        // manifest's folder
        let abs = file.path(Path::new(p));
        let abs = std::path::absolute(&abs).unwrap_or(abs);
        if !abs.is_file() {
            bail!(
                "modality {}: cohort '{cohort_name}' row {} (patient {id}): column '{}': file {} not found",
                m.name,
                row,
                pl.input,
                abs.display()
            );
        }
        w.write_record([id.as_str(), &abs.to_string_lossy()])?;
    }
    w.flush()?;
    let exe = std::env::current_exe().context("cannot find the prognos binary")?;
    let mut cmd = std::process::Command::new(exe);
    cmd.args(["plugin", "run", "--plugin", &plugin, "--manifest"])
        .arg(&manifest)
        .arg("--out")
        .arg(&scores);
    if let Some(c) = &config {
        cmd.args(["--config", &c.to_string_lossy()]);
    }
    if let Some(d) = &pl.device {
        cmd.args(["--device", d]);
    }
    let out = cmd.output().context("cannot start the plugin run")?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        bail!(
            "modality {}: plugin {} on cohort {cohort_name}: {}",
            m.name,
            pl.name,
            err.trim().trim_start_matches("error: ").replace('\n', " ")
        );
    }
    let mut r = csv::Reader::from_path(&scores)
        .with_context(|| format!("cannot read {}", scores.display()))?;
    let mut map = HashMap::new();
    for rec in r.records() {
        let rec = rec?;
        let id = rec.get(0).unwrap_or("").to_string();
        let v: f64 = rec
            .get(1)
            .unwrap_or("")
            .parse()
            .map_err(|_| anyhow!("{}: bad score for patient {id}", scores.display()))?;
        map.insert(id, v);
    }
    Ok(map)
}

/// Reads every cohort; the design columns follow the training cohort's
/// (a factor level a test cohort lacks is a zero column; a level the
/// training cohort lacks is an error).
fn load(file: &StudyFile, out: &Path) -> anyhow::Result<(Vec<Loaded>, Vec<String>, Vec<CoxTerm>)> {
    let direct: Vec<String> = file
        .modalities
        .iter()
        .filter(|m| m.plugin.is_none())
        .map(|m| m.score.clone())
        .collect();
    let plugged: Vec<&study_file::Modality> = file
        .modalities
        .iter()
        .filter(|m| m.plugin.is_some())
        .collect();
    let mut covariates = direct;
    covariates.extend(file.clinical.covariates.iter().cloned());
    let mut train_idx = 0;
    let mut raw = Vec::new();
    for (k, c) in file.cohorts.iter().enumerate() {
        if c.role == study_file::Role::Training {
            train_idx = k;
        }
        let path = file.path(&c.file);
        let data = Cohort::read(&path)?;
        let treatment = file
            .treatment
            .as_ref()
            .filter(|t| data.has_column(&t.column))
            .map(|t| t.column.clone());
        let spec = FrameSpec {
            time: Some(file.endpoint.time.clone()),
            event: Some(file.endpoint.event.clone()),
            covariates: covariates.clone(),
            factors: file.clinical.factors.clone(),
            numeric: treatment.iter().cloned().collect(),
            text: c.id.iter().cloned().collect(),
            ..Default::default()
        };
        let mf = data
            .model_frame(&spec)
            .with_context(|| format!("cohort '{}' ({})", c.name, path.display()))?;
        let mut keep: Vec<usize> = (0..mf.rows.len()).collect();
        let mut extra: Vec<Vec<f64>> = Vec::new();
        for m in &plugged {
            let id_col = c.id.as_deref().context("cohort id column")?;
            let scores = plugin_scores(file, m, &c.name, &data, id_col, &out.join("plugins"))?;
            let ids = &mf.text[id_col];
            let v: Vec<f64> = ids
                .iter()
                .map(|id| scores.get(id).copied().unwrap_or(f64::NAN))
                .collect();
            keep.retain(|&i| v[i].is_finite());
            extra.push(v);
        }
        let treatment = match &treatment {
            Some(t) => Some(
                mf.binary(t)
                    .with_context(|| format!("cohort '{}' ({})", c.name, path.display()))?,
            ),
            None => None,
        };
        raw.push((mf, keep, extra, treatment, data));
    }
    let train_names = raw[train_idx].0.x.names.clone();
    let mut columns = train_names.clone();
    let mut terms: Vec<CoxTerm> = raw[train_idx]
        .0
        .x
        .terms
        .iter()
        .map(|t| CoxTerm {
            name: t.name.clone(),
            columns: t.columns.clone(),
        })
        .collect();
    for m in &plugged {
        terms.push(CoxTerm {
            name: m.score.clone(),
            columns: columns.len()..columns.len() + 1,
        });
        columns.push(m.score.clone());
    }
    let mut loaded = Vec::new();
    for ((mf, keep, extra, treatment, data), c) in raw.into_iter().zip(&file.cohorts) {
        if let Some(bad) = mf.x.names.iter().find(|n| !train_names.contains(n)) {
            bail!(
                "cohort '{}': column '{bad}' (a factor level) does not occur in the training cohort",
                c.name
            );
        }
        let pos: Vec<Option<usize>> = train_names
            .iter()
            .map(|n| mf.x.names.iter().position(|m| m == n))
            .collect();
        let n = keep.len();
        let p = columns.len();
        let x = nalgebra::DMatrix::from_fn(n, p, |i, j| {
            let r = keep[i];
            if j < train_names.len() {
                pos[j].map_or(0.0, |q| mf.x.matrix[(r, q)])
            } else {
                extra[j - train_names.len()][r]
            }
        });
        let time = mf.time.clone().unwrap_or_default();
        let event = mf.event.clone().unwrap_or_default();
        loaded.push(Loaded {
            cohort: StudyCohort {
                name: c.name.clone(),
                role: c.role.to_models(),
                time: keep.iter().map(|&i| time[i]).collect(),
                event: keep.iter().map(|&i| event[i]).collect(),
                treatment: treatment.map(|t| keep.iter().map(|&i| t[i]).collect()),
                x,
            },
            rows: keep.iter().map(|&i| mf.rows[i]).collect(),
            data,
        });
    }
    Ok((loaded, columns, terms))
}

/// The subgroup labels of every patient of every cohort.
fn subgroup_variables(
    file: &StudyFile,
    loaded: &[Loaded],
) -> anyhow::Result<Vec<SubgroupVariable>> {
    let mut out = Vec::new();
    for g in &file.subgroups {
        let mut labels = Vec::new();
        let mut raw_levels: Vec<String> = Vec::new();
        for (l, c) in loaded.iter().zip(&file.cohorts) {
            if !l.data.has_column(&g.column) {
                if c.role == study_file::Role::Training {
                    labels.push(vec![None; l.rows.len()]);
                    continue;
                }
                bail!(
                    "subgroup '{}': cohort '{}' has no column '{}'",
                    g.display(),
                    c.name,
                    g.column
                );
            }
            let by_row: HashMap<usize, String> = if let Some(cut) = g.cut {
                let mf = l.data.model_frame(&FrameSpec {
                    numeric: vec![g.column.clone()],
                    ..Default::default()
                })?;
                mf.rows
                    .iter()
                    .zip(&mf.numeric[&g.column])
                    .map(|(&r, &v)| {
                        let s = if v < cut { "< " } else { "\u{2265} " };
                        (r, format!("{s}{}", num_label(cut)))
                    })
                    .collect()
            } else {
                let mf = l.data.model_frame(&FrameSpec {
                    text: vec![g.column.clone()],
                    ..Default::default()
                })?;
                mf.rows
                    .iter()
                    .zip(&mf.text[&g.column])
                    .map(|(&r, v)| (r, v.clone()))
                    .collect()
            };
            let v: Vec<Option<String>> = l.rows.iter().map(|r| by_row.get(r).cloned()).collect();
            raw_levels.extend(v.iter().flatten().cloned());
            labels.push(v);
        }
        let levels: Vec<String> = match g.cut {
            Some(cut) => vec![
                format!("< {}", num_label(cut)),
                format!("\u{2265} {}", num_label(cut)),
            ],
            None => {
                raw_levels.sort();
                raw_levels.dedup();
                sorted_levels(&raw_levels)
            }
        };
        let show = |s: &String| g.labels.get(s).cloned().unwrap_or_else(|| s.clone());
        out.push(SubgroupVariable {
            name: g.display().to_string(),
            levels: levels.iter().map(show).collect(),
            labels: labels
                .into_iter()
                .map(|v| v.into_iter().map(|o| o.map(|s| show(&s))).collect())
                .collect(),
        });
    }
    Ok(out)
}

/// Reads the omics inputs and explains the risk groups.
fn omics(file: &StudyFile) -> anyhow::Result<Explanation> {
    use crate::data::omics::{read_cells, read_expression, read_gmt, read_sample_sheet};
    let o = file.omics.as_ref().context("no [omics] section")?;
    let expr_path = file.path(&o.expression);
    let expr = read_expression(&expr_path)?;
    let sheet = read_sample_sheet(
        &file.path(&o.samples),
        &expr,
        &expr_path,
        std::slice::from_ref(&o.group),
    )?;
    let group = sheet.columns[&o.group].clone();
    if let Some(bad) = group.iter().find(|g| *g != "high" && *g != "low") {
        bail!(
            "{}: column '{}' must hold high / low (found '{bad}')",
            o.samples.display(),
            o.group
        );
    }
    let sets: Vec<GeneSet> = read_gmt(&file.path(&o.gmt))?
        .into_iter()
        .map(|s| GeneSet {
            name: s.name,
            genes: s.genes,
        })
        .collect();
    let cells = read_cells(&file.path(&o.cells))?;
    let (cl, cs, cg) = (
        cells.column(&o.cell_type)?,
        cells.column(&o.cell_sample)?,
        cells.column(&o.cell_group)?,
    );
    Ok(ExplainParams::default().explain(
        &expr,
        &group,
        &sets,
        CellLabels {
            clusters: &cl,
            samples: &cs,
            groups: &cg,
        },
    )?)
}

fn opt(v: Option<f64>) -> Value {
    v.filter(|x| x.is_finite())
        .map_or(Value::Null, |x| json!(x))
}

fn num(v: f64) -> Value {
    if v.is_finite() { json!(v) } else { Value::Null }
}

/// The survival results as JSON (keys follow the contract's names).
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
            "bootstrap": {"b": p.bootstrap.b, "lower": p.bootstrap.lower, "upper": p.bootstrap.upper},
            "td_auc": p.td_auc.points.iter().map(|a| json!({"time": a.time, "auc": opt(a.auc)}))
                .collect::<Vec<_>>()}))
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

fn benefit_json(r: &StudyResults) -> Value {
    let Some(b) = &r.benefit else {
        return Value::Null;
    };
    json!({
        "cohorts": b.cohorts,
        "km": b.km.iter().map(|(g, _, lr)| json!({"risk_group": g,
            "logrank": {"chisq": num(lr.chisq), "df": lr.df, "p": num(lr.p_value)}}))
            .collect::<Vec<_>>(),
        "table": crate::cli::report::table_json(&b.fit.summary()),
    })
}

fn subgroups_json(s: &[SubgroupAnalysis]) -> Value {
    json!(
        s.iter()
            .map(|a| json!({"variable": a.variable, "cohorts": a.cohorts,
            "interaction": a.interaction.map(|i| json!({"chisq": num(i.chisq), "df": i.df, "p": num(i.p)})),
            "levels": a.levels.iter().map(|l| json!({"level": l.level, "n": l.n, "events": l.events,
                "n_high": l.n_high, "n_low": l.n_low,
                "logrank_p": l.logrank.as_ref().map(|t| num(t.p_value)),
                "hr": l.hr.as_ref().map_or(Value::Null, |h| opt(h.hr)),
                "hr_lower": l.hr.as_ref().map_or(Value::Null, |h| opt(h.hr_lower)),
                "hr_upper": l.hr.as_ref().map_or(Value::Null, |h| opt(h.hr_upper)),
                "note": l.note})).collect::<Vec<_>>()}))
            .collect::<Vec<_>>()
    )
}

/// The omics part of results.json (contract names for the limma, enrich
/// and sc-prop rows).
fn omics_json(e: &Explanation) -> Value {
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

/// Runs the study the file describes and writes every output under `out`.
/// `omics_hook` runs after the survival analysis (the demo writes its
/// omics files there); `notes` are extra methods sentences.
///
/// # Errors
/// Bad input (files, columns, factor levels, plugins) and output folders
/// that cannot be written; a failing analysis is not an error but an entry
/// of [`Outcome::errors`].
pub fn execute(
    file: &StudyFile,
    out: &Path,
    progress: bool,
    omics_hook: Option<OmicsHook<'_>>,
    notes: &[String],
) -> anyhow::Result<Outcome> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let (loaded, columns, terms) = load(file, out)?;
    let cohorts: Vec<StudyCohort> = loaded.iter().map(|l| l.cohort.clone()).collect();
    let mut modalities: Vec<ModalitySpec> = file
        .modalities
        .iter()
        .map(|m| ModalitySpec {
            name: m.name.clone(),
            terms: vec![m.score.clone()],
        })
        .collect();
    if !file.clinical.covariates.is_empty() {
        modalities.push(ModalitySpec {
            name: "Clinical".into(),
            terms: vec![],
        });
    }
    let mut spec = StudySpec::new(columns, terms, modalities);
    spec.bootstrap = file.bootstrap;
    spec.seed = file.seed;
    spec.horizons = file.horizons.clone();
    spec.p_threshold = file.p_threshold;
    if let Some(t) = &file.treatment {
        spec.caliper = Some(t.caliper);
    }

    let timer = FitTimer::start();
    let bar = Bar::new(progress);
    let mut errors: Vec<AnalysisError> = Vec::new();
    fn push(errors: &mut Vec<AnalysisError>, a: Analysis, e: &dyn std::fmt::Display) {
        errors.push(AnalysisError {
            analysis: a.as_str().into(),
            message: e.to_string().replace('\n', " "),
        });
    }
    let mut results = match spec.run(&cohorts, &bar) {
        Ok(r) => Some(r),
        Err(e) => {
            push(&mut errors, Analysis::Survival, &e);
            None
        }
    };
    let needs = "skipped: the survival analysis failed";
    if file.wants(Analysis::Benefit) {
        match (&mut results, &file.treatment) {
            (Some(r), Some(t)) => {
                let mut s = spec.clone();
                s.match_on = t.match_on.clone();
                match s.benefit(&cohorts, &r.models[0], r.cutoff) {
                    Ok(b) => r.benefit = b,
                    Err(e) => push(&mut errors, Analysis::Benefit, &e),
                }
            }
            _ => push(&mut errors, Analysis::Benefit, &needs),
        }
    }
    let mut subgroups = Vec::new();
    if file.wants(Analysis::Subgroups) {
        match &results {
            Some(r) => match subgroup_variables(file, &loaded)
                .and_then(|v| Ok(spec.subgroups(&cohorts, r, &v)?))
            {
                Ok(s) => subgroups = s,
                Err(e) => push(&mut errors, Analysis::Subgroups, &format!("{e:#}")),
            },
            None => push(&mut errors, Analysis::Subgroups, &needs),
        }
    }
    let mut explanation = None;
    if let (Some(hook), Some(r)) = (omics_hook, &results)
        && let Err(e) = hook(&cohorts, r)
    {
        push(&mut errors, Analysis::Omics, &format!("{e:#}"));
    }
    if file.wants(Analysis::Omics) && !errors.iter().any(|e| e.analysis == "omics") {
        match omics(file) {
            Ok(e) => explanation = Some(e),
            Err(e) => push(&mut errors, Analysis::Omics, &format!("{e:#}")),
        }
    }
    let fit_s = timer.seconds();

    // methods: which plugin made each plugged modality's score
    let mut all_notes: Vec<String> = file
        .modalities
        .iter()
        .filter_map(|m| {
            let pl = m.plugin.as_ref()?;
            Some(format!(
                "The {} score ({}) is the output of the plugin {}{} on each patient's file in \
                 column {} (as prognos plugin run, device {}).",
                m.name,
                m.score,
                pl.name,
                pl.config
                    .as_ref()
                    .map_or(String::new(), |c| format!(" with the model {c}")),
                pl.input,
                pl.device.as_deref().unwrap_or("cpu")
            ))
        })
        .collect();
    all_notes.extend(notes.iter().cloned());
    let input = super::report::ReportInput {
        title: &file.title,
        results: results.as_ref(),
        subgroups: &subgroups,
        omics: explanation.as_ref(),
        errors: &errors,
        file,
        notes: &all_notes,
    };
    let report_error = super::report::write(&input, out).err();
    if let Some(e) = report_error {
        errors.push(AnalysisError {
            analysis: "report".into(),
            message: format!("{e:#}").replace('\n', " "),
        });
    }

    let mut json = results.as_ref().map_or_else(|| json!({}), results_json);
    json["benefit"] = results.as_ref().map_or(Value::Null, benefit_json);
    json["subgroups"] = subgroups_json(&subgroups);
    json["omics"] = explanation.as_ref().map_or(Value::Null, omics_json);
    json["analyses"] = json!(
        [
            Analysis::Survival,
            Analysis::Subgroups,
            Analysis::Benefit,
            Analysis::Omics
        ]
        .iter()
        .filter(|a| file.wants(**a))
        .map(|a| a.as_str())
        .collect::<Vec<_>>()
    );
    json["errors"] = json!(
        errors
            .iter()
            .map(|e| json!({"analysis": e.analysis, "message": e.message}))
            .collect::<Vec<_>>()
    );
    let results_path = out.join("results.json");
    std::fs::write(&results_path, serde_json::to_string_pretty(&json)?)
        .with_context(|| format!("cannot write {}", results_path.display()))?;

    let mut text = String::new();
    if let Some(r) = &results {
        text += &r.to_string();
    }
    for s in &subgroups {
        text += &format!(
            "Subgroup {}: high vs low risk ({} pooled)\n{}\n",
            s.variable,
            s.cohorts.join(", "),
            s.summary()
        );
    }
    if let Some(e) = &explanation {
        text += &format!(
            "Omics: {} up, {} down in high risk; top gene set {}\n",
            e.up.len(),
            e.down.len(),
            e.ora.rows.first().map_or("-", |r| r.term.as_str())
        );
    }
    for e in &errors {
        text += &format!("FAILED {}: {}\n", e.analysis, e.message);
    }
    text += &format!(
        "\nWrote {}, {} (and report.pdf, figures/)\n",
        results_path.display(),
        out.join("report.html").display()
    );
    Ok(Outcome {
        json,
        text,
        fit_s,
        errors,
    })
}
