//! The study report of `prognos run` and `prognos demo`: converts the
//! study results into `prognos_reports` figures and tables, and assembles
//! the self-contained HTML and the paginated PDF.

use super::run::AnalysisError;
use super::run::study_file::StudyFile;
use anyhow::Context;
use prognos_core::{Cell, Table};
use prognos_models::explain::Explanation;
use prognos_models::study::{StudyResults, SubgroupAnalysis};
use prognos_reports::bars::StackedBars;
use prognos_reports::bubble::{BubblePlot, EnrichmentTerm};
use prognos_reports::cindex::{CIndexPlot, CIndexPoint};
use prognos_reports::forest::{ForestPanel, ForestPlot, ForestRow};
use prognos_reports::km::{KmCurve, KmGrid, KmPlot, RiskCount};
use prognos_reports::roc::{RocCurve, RocPlot};
use prognos_reports::theme::{Theme, Width};
use prognos_reports::volcano::{VolcanoPlot, VolcanoPoint};
use prognos_reports::{Figure, Report};
use prognos_survival::km::KmFit;
use std::path::Path;

/// Everything the report shows.
pub struct ReportInput<'a> {
    /// Report title.
    pub title: &'a str,
    /// The survival analysis (None when it failed).
    pub results: Option<&'a StudyResults>,
    /// Subgroup analyses.
    pub subgroups: &'a [SubgroupAnalysis],
    /// The omics explanation.
    pub omics: Option<&'a Explanation>,
    /// Failed analyses.
    pub errors: &'a [AnalysisError],
    /// The study file (endpoint, units, seeds, treatment).
    pub file: &'a StudyFile,
    /// Extra methods sentences.
    pub notes: &'a [String],
}

/// Axis settings shared by every KM panel.
struct KmAxes {
    breaks: Vec<f64>,
    unit: String,
    x_label: String,
    y_label: String,
}

impl KmAxes {
    /// Breaks every smallest horizon up to five of them (0, 12, ..., 60
    /// months for horizons 12, 24, 36).
    fn new(file: &StudyFile) -> Self {
        let step = file.horizons.iter().copied().fold(f64::INFINITY, f64::min);
        let step = if step.is_finite() { step } else { 12.0 };
        let y_label = match file.endpoint.name.as_str() {
            "OS" => "Overall survival".to_string(),
            "DFS" => "Disease-free survival".to_string(),
            "PFS" => "Progression-free survival".to_string(),
            other => format!("{other} probability"),
        };
        KmAxes {
            breaks: (0..=5).map(|k| k as f64 * step).collect(),
            x_label: format!("Time ({})", file.time_unit),
            unit: file.time_unit.clone(),
            y_label,
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

/// `= 0.412` or `< 0.001`.
fn p_text(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".into()
    } else {
        format!("= {p:.3}")
    }
}

/// A summary table as JSON: one object per row, keyed by column (the row
/// name under `""`).
pub fn table_json(t: &Table) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = t
        .rows
        .iter()
        .zip(&t.row_names)
        .map(|(r, name)| {
            let mut m = serde_json::Map::new();
            m.insert("".into(), serde_json::json!(name));
            for (c, cell) in t.columns.iter().zip(r) {
                let v = match cell {
                    Cell::Num(x) | Cell::P(x) if x.is_finite() => serde_json::json!(x),
                    Cell::Int(i) => serde_json::json!(i),
                    Cell::Text(s) => serde_json::json!(s),
                    _ => serde_json::Value::Null,
                };
                m.insert(c.clone(), v);
            }
            serde_json::Value::Object(m)
        })
        .collect();
    serde_json::json!(rows)
}

/// A survival-crate KM curve as a figure curve with its KMunicate risk
/// table (at risk at each break; events and censored up to it).
fn km_curve(c: &prognos_survival::km::KmCurve, label: &str, breaks: &[f64]) -> KmCurve {
    let t = &c.table;
    let risk_table = breaks
        .iter()
        .map(|&b| RiskCount {
            time: b,
            n_risk: t
                .iter()
                .find(|r| r.time >= b)
                .map_or(0, |r| r.n_risk.round() as usize),
            n_event: t
                .iter()
                .filter(|r| r.time <= b)
                .map(|r| r.n_event)
                .sum::<f64>()
                .round() as usize,
            n_censor: t
                .iter()
                .filter(|r| r.time <= b)
                .map(|r| r.n_censor)
                .sum::<f64>()
                .round() as usize,
        })
        .collect();
    KmCurve {
        label: label.to_string(),
        times: t.iter().map(|r| r.time).collect(),
        surv: t.iter().map(|r| r.survival).collect(),
        lower: t.iter().map(|r| r.lower.unwrap_or(r.survival)).collect(),
        upper: t.iter().map(|r| r.upper.unwrap_or(r.survival)).collect(),
        censor_times: t
            .iter()
            .filter(|r| r.n_censor > 0.0)
            .map(|r| r.time)
            .collect(),
        median: c.median.estimate,
        risk_table,
    }
}

fn km_panel(fit: &KmFit, labels: &[&str], title: &str, p: f64, ax: &KmAxes) -> KmPlot {
    let curves = fit
        .curves
        .iter()
        .zip(labels)
        .map(|(c, l)| km_curve(c, l, &ax.breaks))
        .collect();
    KmPlot::new(curves)
        .title(title)
        .x_label(ax.x_label.clone())
        .y_label(ax.y_label.clone())
        .logrank_p(p)
        .x_breaks(ax.breaks.clone())
        .x_max(ax.breaks.last().copied().unwrap_or(60.0))
}

/// The subgroup figures: a KM grid (high vs low risk per subgroup level)
/// and a forest plot of the high-vs-low hazard ratio per level with the
/// interaction p.
fn subgroup_figures(
    subgroups: &[SubgroupAnalysis],
    ax: &KmAxes,
) -> anyhow::Result<Vec<(Figure, String)>> {
    let mut out = Vec::new();
    let panels: Vec<KmPlot> = subgroups
        .iter()
        .flat_map(|s| {
            s.levels.iter().filter_map(move |l| {
                let km = l.km.as_ref()?;
                let p = l.logrank.as_ref().map_or(f64::NAN, |t| t.p_value);
                let mut panel = km_panel(
                    km,
                    &["Low risk", "High risk"],
                    &format!("{}: {} (n = {})", s.variable, l.level, l.n),
                    p,
                    ax,
                )
                .risk_table(false);
                if !p.is_finite() {
                    panel.logrank_p = None;
                }
                Some(panel)
            })
        })
        .collect();
    let Some(first) = subgroups.first() else {
        return Ok(out);
    };
    let pooled = first.cohorts.join(", ");
    if !panels.is_empty() {
        let fig =
            KmGrid::new(panels, 2).render("km_subgroups", &Theme::new(Width::Double, 55.0))?;
        out.push((
            fig,
            format!(
                "{} by risk group within clinical subgroups of the pooled test cohorts ({pooled}); \
                 p from the log-rank test of high versus low risk within each subgroup (numbers \
                 at risk over time in figures/km_subgroups.csv).",
                ax.y_label
            ),
        ));
    }
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for s in subgroups {
        let note = s
            .interaction
            .map(|i| format!("interaction p {}", p_text(i.p)));
        rows.push(ForestRow::heading(s.variable.clone(), note));
        for l in &s.levels {
            let mut label = format!("   {} ({}/{})", l.level, l.events, l.n);
            if !seen.insert(label.clone()) {
                label = format!("   {} [{}] ({}/{})", l.level, s.variable, l.events, l.n);
            }
            match l
                .hr
                .as_ref()
                .and_then(|h| Some((h.hr?, h.hr_lower?, h.hr_upper?, h.p)))
            {
                Some((hr, lo, hi, p)) if hr > 0.0 && lo > 0.0 && hi.is_finite() => {
                    rows.push(ForestRow::new(label, hr, lo, hi, p));
                }
                _ => {
                    let mut r = ForestRow::heading(label, Some("not estimable".into()));
                    r.heading = false;
                    rows.push(r);
                }
            }
        }
    }
    if rows.iter().any(|r| r.hr.is_finite()) {
        let fig = ForestPlot::new(vec![ForestPanel {
            title: "High vs low risk".into(),
            rows,
        }])
        .label_heading("Subgroup (events/n)")
        .render("forest_subgroups", &Theme::new(Width::OneAndHalf, 80.0))?;
        out.push((
            fig,
            format!(
                "Hazard ratio of high versus low risk (Cox, 95% Wald CI) within each subgroup of \
                 the pooled test cohorts ({pooled}); events/patients after each level; the \
                 interaction p is the likelihood-ratio test of risk group × subgroup."
            ),
        ));
    }
    Ok(out)
}

/// Builds every figure of the survival analysis.
fn figures(
    r: &StudyResults,
    ax: &KmAxes,
    treatment: &str,
) -> anyhow::Result<Vec<(Figure, String)>> {
    let mut out = Vec::new();

    // 1. KM by training-median risk group, one panel per cohort
    let panels: Vec<KmPlot> = r
        .risk_groups
        .iter()
        .map(|g| {
            km_panel(
                &g.km,
                &["Low risk", "High risk"],
                &g.cohort,
                g.logrank.p_value,
                ax,
            )
        })
        .collect();
    let km = KmGrid::new(panels, 3).render("km_risk_groups", &Theme::new(Width::Double, 95.0))?;
    out.push((
        km,
        format!(
            "{} by risk group (fusion model's linear predictor above or below the \
             training median, {:.3}) in each cohort; shaded bands are pointwise 95% CIs (log), \
             ticks mark censoring, p from the log-rank test.",
            ax.y_label, r.cutoff
        ),
    ));

    // 2. forest plot: univariable screen vs the multivariable fusion model
    let uni: Vec<ForestRow> = r
        .screen
        .univariate
        .iter()
        .filter_map(|u| {
            Some(ForestRow::new(
                u.term.clone(),
                u.hr?,
                u.hr_lower?,
                u.hr_upper?,
                u.p,
            ))
        })
        .collect();
    let multi: Vec<ForestRow> = r
        .models
        .first()
        .map(|m| {
            m.fit
                .coefficients()
                .into_iter()
                .filter_map(|c| Some(ForestRow::new(c.term, c.hr?, c.hr_lower?, c.hr_upper?, c.p)))
                .collect()
        })
        .unwrap_or_default();
    let forest = ForestPlot::new(vec![
        ForestPanel {
            title: "Univariable".into(),
            rows: uni,
        },
        ForestPanel {
            title: "Multivariable (fusion)".into(),
            rows: multi,
        },
    ])
    .render("forest_cox", &Theme::new(Width::Double, 80.0))?;
    out.push((
        forest,
        "Cox hazard ratios (95% Wald CI) in the training cohort: univariable screen and the \
         multivariable fusion model of the predictors with p < 0.05."
            .into(),
    ));

    // 3. C-index of every model in every cohort
    let points = r
        .performance
        .iter()
        .map(|p| CIndexPoint {
            model: p.model.clone(),
            cohort: p.cohort.clone(),
            c: p.harrell.c,
            lower: p.bootstrap.lower,
            upper: p.bootstrap.upper,
        })
        .collect();
    let cfig = CIndexPlot::new(points).render("cindex_models", &Theme::new(Width::Double, 90.0))?;
    out.push((
        cfig,
        "Harrell's C of the fusion model and the single-modality models in every cohort, with \
         percentile-bootstrap 95% intervals."
            .into(),
    ));

    // 4. time-dependent ROC at the last horizon in the internal test cohort
    let cohort = r.cohorts.get(1).map_or("training", |c| c.name.as_str());
    let curves: Vec<RocCurve> = r
        .performance
        .iter()
        .filter(|p| p.cohort == cohort)
        .filter_map(|p| {
            let a = p.td_auc.points.last()?;
            let auc = a.auc?;
            let mut pts: Vec<(f64, f64)> = a.roc.iter().map(|q| (q.fpr, q.tpr)).collect();
            pts.push((0.0, 0.0));
            pts.push((1.0, 1.0));
            pts.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.total_cmp(&y.1)));
            Some(RocCurve {
                label: p.model.clone(),
                fpr: pts.iter().map(|q| q.0).collect(),
                tpr: pts.iter().map(|q| q.1).collect(),
                auc,
                lower: None,
                upper: None,
            })
        })
        .collect();
    if let Some(h) = r.performance.first().and_then(|p| p.td_auc.points.last())
        && !curves.is_empty()
    {
        let roc = RocPlot::new(curves)
            .horizon(format!("{} {}", h.time, ax.unit))
            .render("td_roc", &Theme::new(Width::Single, 89.0))?;
        out.push((
            roc,
            format!(
                "Cumulative/dynamic ROC curves at {} {} in the {cohort} cohort \
                 (IPCW with the Kaplan–Meier censoring distribution).",
                h.time, ax.unit
            ),
        ));
    }

    // 5. treatment benefit by risk group
    if let Some(b) = &r.benefit {
        let panels: Vec<KmPlot> =
            b.km.iter()
                .map(|(g, fit, lr)| {
                    km_panel(
                        fit,
                        &[&format!("No {}", treatment.to_lowercase()), treatment],
                        &format!("{} risk", capitalise(g)),
                        lr.p_value,
                        ax,
                    )
                })
                .collect();
        let fig = KmGrid::new(panels, 2).render("km_benefit", &Theme::new(Width::Double, 100.0))?;
        out.push((
            fig,
            format!(
                "{} with and without {} in the high- and \
                 low-risk groups ({} pooled, before matching); p from the log-rank test.",
                ax.y_label,
                treatment.to_lowercase(),
                b.cohorts.join(", ")
            ),
        ));
    }
    Ok(out)
}

/// The omics figures: volcano, enrichment bubble plot, cell-type bars.
fn omics_figures(e: &Explanation) -> anyhow::Result<Vec<(Figure, String)>> {
    let points = e
        .top_table
        .rows
        .iter()
        .map(|r| VolcanoPoint {
            gene: r.gene.clone(),
            log_fc: r.log_fc,
            p: r.p_value,
            p_adj: r.adj_p_value,
        })
        .collect();
    let volcano = VolcanoPlot::new(points).render("volcano", &Theme::new(Width::Single, 89.0))?;
    let terms: Vec<EnrichmentTerm> = e
        .ora
        .rows
        .iter()
        .take(10)
        .map(|r| EnrichmentTerm {
            term: r.term.clone(),
            gene_ratio: r.overlap as f64 / e.ora.query_size.max(1) as f64,
            count: r.overlap,
            p_adj: r.p_adj,
        })
        .collect();
    let bubble =
        BubblePlot::new(terms).render("enrichment", &Theme::new(Width::OneAndHalf, 80.0))?;
    let groups = e.propeller.groups.clone();
    let clusters: Vec<String> = e.propeller.rows.iter().map(|r| r.cluster.clone()).collect();
    let cells = StackedBars::new(groups, clusters, e.cell_counts.clone())
        .render("cell_types", &Theme::new(Width::Single, 80.0))?;
    Ok(vec![
        (
            volcano,
            format!(
                "Differential expression, high versus low risk (limma moderated t; {} up, {} \
                 down at |log2FC| ≥ 1 and BH-adjusted p < 0.05).",
                e.up.len(),
                e.down.len()
            ),
        ),
        (
            bubble,
            "Over-represented gene sets among the differentially expressed genes \
             (hypergeometric test, BH); x = gene ratio, size = overlap, colour = adjusted p."
                .into(),
        ),
        (
            cells,
            "Cell-type composition of high- and low-risk patients (single-cell metadata, \
             10 patients, cells pooled per group); tested per patient by propeller (logit, \
             robust empirical Bayes)."
                .into(),
        ),
    ])
}

/// Writes `figures/`, `report.html` and `report.pdf` under `dir`. A
/// failed analysis is listed in its own section; the rest of the report
/// is written around it.
///
/// # Errors
/// A figure that cannot be drawn, or an output that cannot be written.
pub fn write(inp: &ReportInput<'_>, dir: &Path) -> anyhow::Result<()> {
    let file = inp.file;
    let ax = KmAxes::new(file);
    let treatment = file
        .treatment
        .as_ref()
        .map_or("Treatment", |t| t.name.as_str());
    let figs = inp
        .results
        .map(|r| figures(r, &ax, treatment))
        .transpose()?
        .unwrap_or_default();
    let sub_figs = subgroup_figures(inp.subgroups, &ax)?;
    let omics_figs = inp
        .omics
        .map(omics_figures)
        .transpose()?
        .unwrap_or_default();
    let fig_dir = dir.join("figures");
    for (f, _) in figs.iter().chain(&sub_figs).chain(&omics_figs) {
        f.save(&fig_dir)
            .with_context(|| format!("cannot write {}", fig_dir.display()))?;
    }
    let fig = |name: &str| figs.iter().chain(&sub_figs).find(|(f, _)| f.name == name);
    let unit = &file.time_unit;
    let mut rep = Report::new(inp.title);
    if let Some(r) = inp.results {
        let n: usize = r.cohorts.iter().map(|c| c.n).sum();
        let events: usize = r.cohorts.iter().map(|c| c.events).sum();
        rep = rep
            .summary("Patients", n.to_string())
            .summary(
                format!("Events ({})", file.endpoint.name),
                events.to_string(),
            )
            .summary("Cohorts", r.cohorts.len().to_string())
            .summary("Selected predictors", r.screen.selected.join(", "))
            .summary("Median cut-off", format!("{:.4}", r.cutoff));
    }
    rep = rep
        .summary("Seed", file.seed.to_string())
        .summary("Bootstrap replicates", file.bootstrap.to_string());
    if !inp.errors.is_empty() {
        let names: Vec<&str> = inp.errors.iter().map(|e| e.analysis.as_str()).collect();
        rep = rep
            .summary("Failed analyses", names.join(", "))
            .section("Failed analyses");
        for e in inp.errors {
            rep = rep.paragraph(format!(
                "{}: {} (the other analyses ran; prognos exits with status 3).",
                e.analysis, e.message
            ));
        }
    }
    if let Some(r) = inp.results {
        rep = rep
            .section("Cohorts")
            .table(
                &r.cohort_table(),
                format!(
                    "Cohort sizes, events ({}) and median follow-up time ({unit}).",
                    file.endpoint.name
                ),
            )
            .section("Univariable screen and fusion model")
            .table(
                &r.screen.summary(),
                "Univariable Cox regression of each candidate (training).",
            );
        if let Some(m) = r.models.first() {
            rep = rep.table(
                &m.fit.summary(),
                "Multivariable Cox fusion model (training; Efron ties).",
            );
        }
        if let Some((f, c)) = fig("forest_cox") {
            rep = rep.figure(f, c.clone());
        }
        let h: Vec<String> = file.horizons.iter().map(|h| format!("{h}")).collect();
        rep = rep.section("Discrimination").table(
            &r.performance_table(),
            format!(
                "Harrell's C (SE, percentile-bootstrap 95% CI), Uno's C and the \
                 cumulative/dynamic AUC at {} {unit} for every model in every cohort.",
                h.join(", ")
            ),
        );
        for name in ["cindex_models", "td_roc"] {
            if let Some((f, c)) = fig(name) {
                rep = rep.figure(f, c.clone());
            }
        }
        rep = rep.section("Risk groups").table(
            &r.risk_group_table(),
            "High- versus low-risk groups per cohort.",
        );
        if let Some((f, c)) = fig("km_risk_groups") {
            rep = rep.figure(f, c.clone());
        }
    }
    if !inp.subgroups.is_empty() {
        let mut table: Option<Table> = None;
        for s in inp.subgroups {
            let mut t = s.summary();
            let last = t.columns.len() - 1;
            for row in t.rows.iter_mut().skip(1) {
                row[last] = Cell::Text(String::new());
            }
            match &mut table {
                None => table = Some(t),
                Some(all) => {
                    all.rows.extend(t.rows);
                    all.row_names.extend(t.row_names);
                }
            }
        }
        rep = rep.section("Subgroup analysis");
        if let Some(t) = &table {
            rep = rep.table(
                t,
                format!(
                    "High versus low risk within clinical subgroups of the pooled test cohorts \
                     ({}): Cox HR (95% CI), log-rank p, and the likelihood-ratio p of the risk \
                     group × subgroup interaction.",
                    inp.subgroups[0].cohorts.join(", ")
                ),
            );
        }
        for name in ["km_subgroups", "forest_subgroups"] {
            if let Some((f, c)) = fig(name) {
                rep = rep.figure(f, c.clone());
            }
        }
    }
    if let Some(b) = inp.results.and_then(|r| r.benefit.as_ref()) {
        rep = rep
            .section(format!("{treatment} benefit by risk group"))
            .table(
                &b.fit.summary(),
                format!(
                    "{treatment} versus none within each risk group, before and after 1:1 \
                     nearest-neighbour propensity matching (caliper {} SD) within the group; \
                     interaction from a Cox model on all rows.",
                    file.treatment.as_ref().map_or(0.2, |t| t.caliper)
                ),
            );
        if let Some((f, c)) = fig("km_benefit") {
            rep = rep.figure(f, c.clone());
        }
    }
    if let Some(e) = inp.omics {
        let mut top = e.top_table.summary();
        top.rows.truncate(15);
        top.row_names.truncate(15);
        let mut ora = e.ora.summary();
        ora.rows.truncate(10);
        ora.row_names.truncate(10);
        rep = rep
            .section("Biological explanation")
            .table(&top, "Top 15 genes by p, high versus low risk (limma).")
            .table(
                &ora,
                "Top 10 gene sets by over-representation among the DEGs.",
            )
            .table(
                &e.propeller.summary(),
                "Cell-type proportions, high versus low risk (propeller).",
            );
        for (f, c) in &omics_figs {
            rep = rep.figure(f, c.clone());
        }
    }
    let mut methods = format!(
        "Cox proportional-hazards models were fitted by Newton–Raphson with Efron ties and \
         near-equal times merged as in R's survival::coxph (timefix). Candidates with \
         univariable p < {} entered the multivariable fusion model. Discrimination was \
         assessed by Harrell's C (survival::concordance, reverse = TRUE) with {}-replicate \
         percentile bootstrap intervals (seed {}), Uno's C and the cumulative/dynamic AUC with \
         inverse-probability-of-censoring weights (riskRegression::Score). Risk groups used \
         the training median of the fusion model's linear predictor; survival curves are \
         Kaplan–Meier with Greenwood variance and log-scale intervals, compared by the \
         log-rank test (survival::survdiff).",
        file.p_threshold, file.bootstrap, file.seed
    );
    if !inp.subgroups.is_empty() {
        methods += " Within clinical subgroups of the pooled test cohorts, high versus low \
                    risk was compared by the log-rank test and a Cox model, and effect \
                    modification by the likelihood-ratio test of the risk group × subgroup \
                    interaction (survival::coxph, anova).";
    }
    if file.treatment.is_some() {
        methods += &format!(
            " {treatment} benefit was assessed within risk groups before and after 1:1 greedy \
             nearest-neighbour propensity matching (logistic propensity score, as \
             MatchIt::matchit(method = \"nearest\"))."
        );
    }
    if inp.omics.is_some() {
        methods += " Differential expression between risk groups used limma (lmFit, eBayes, \
                    topTable, BH); gene-set over-representation the one-sided hypergeometric \
                    test with BH; cell-type proportions propeller (logit transform, robust \
                    empirical Bayes).";
    }
    for n in inp.notes {
        methods += " ";
        methods += n;
    }
    rep = rep
        .methods(methods)
        .software("prognos", env!("CARGO_PKG_VERSION"));
    let html_path = dir.join("report.html");
    std::fs::write(&html_path, rep.to_html())
        .with_context(|| format!("cannot write {}", html_path.display()))?;
    let pdf_path = dir.join("report.pdf");
    std::fs::write(&pdf_path, rep.to_pdf()?)
        .with_context(|| format!("cannot write {}", pdf_path.display()))?;
    Ok(())
}
