//! The study report of `prognos demo` (and later `prognos run`): converts
//! the study results into `prognos_reports` figures and tables, and
//! assembles the self-contained HTML and the paginated PDF.

use anyhow::Context;
use prognos_models::explain::Explanation;
use prognos_models::study::StudyResults;
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

/// Time axis breaks of the KM figures (months).
const BREAKS: [f64; 6] = [0.0, 12.0, 24.0, 36.0, 48.0, 60.0];

/// A survival-crate KM curve as a figure curve with its KMunicate risk
/// table (at risk at each break; events and censored up to it).
fn km_curve(c: &prognos_survival::km::KmCurve, label: &str) -> KmCurve {
    let t = &c.table;
    let risk_table = BREAKS
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

fn km_panel(fit: &KmFit, labels: &[&str], title: &str, p: f64) -> KmPlot {
    let curves = fit
        .curves
        .iter()
        .zip(labels)
        .map(|(c, l)| km_curve(c, l))
        .collect();
    KmPlot::new(curves)
        .title(title)
        .x_label("Time (months)")
        .y_label("Overall survival")
        .logrank_p(p)
        .x_breaks(BREAKS.to_vec())
        .x_max(60.0)
}

/// Builds every figure of the study report.
pub fn figures(r: &StudyResults) -> anyhow::Result<Vec<(Figure, String)>> {
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
            )
        })
        .collect();
    let km = KmGrid::new(panels, 3).render("km_risk_groups", &Theme::new(Width::Double, 95.0))?;
    out.push((
        km,
        format!(
            "Overall survival by risk group (fusion model's linear predictor above or below the \
             training median, {:.3}) in each cohort; shaded bands are pointwise 95% CIs (log), \
             ticks mark censoring, p from the log-rank test.",
            r.cutoff
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
            .horizon(format!("{:.0} months", h.time))
            .render("td_roc", &Theme::new(Width::Single, 89.0))?;
        out.push((
            roc,
            format!(
                "Cumulative/dynamic ROC curves at {:.0} months in the {cohort} cohort \
                 (IPCW with the Kaplan–Meier censoring distribution).",
                h.time
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
                        &["No radiotherapy", "Radiotherapy"],
                        &format!("{g} risk"),
                        lr.p_value,
                    )
                })
                .collect();
        let fig = KmGrid::new(panels, 2).render("km_benefit", &Theme::new(Width::Double, 100.0))?;
        out.push((
            fig,
            format!(
                "Overall survival with and without postoperative radiotherapy in the high- and \
                 low-risk groups ({} pooled, before matching); p from the log-rank test.",
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

/// Writes `figures/`, `report.html` and `report.pdf` under `dir`.
pub fn write(
    r: &StudyResults,
    omics: Option<&Explanation>,
    seed: u64,
    dir: &Path,
) -> anyhow::Result<()> {
    let figs = figures(r)?;
    let omics_figs = omics.map(omics_figures).transpose()?.unwrap_or_default();
    let fig_dir = dir.join("figures");
    for (f, _) in figs.iter().chain(&omics_figs) {
        f.save(&fig_dir)
            .with_context(|| format!("cannot write {}", fig_dir.display()))?;
    }
    let fig = |name: &str| figs.iter().find(|(f, _)| f.name == name);
    let n: usize = r.cohorts.iter().map(|c| c.n).sum();
    let events: usize = r.cohorts.iter().map(|c| c.events).sum();
    let mut rep = Report::new("Multimodal prognosis study (prognos demo, synthetic data)")
        .summary("Patients", n.to_string())
        .summary("Deaths", events.to_string())
        .summary("Cohorts", r.cohorts.len().to_string())
        .summary("Selected predictors", r.screen.selected.join(", "))
        .summary("Median cut-off", format!("{:.4}", r.cutoff))
        .summary("Seed", seed.to_string())
        .section("Cohorts")
        .table(
            &r.cohort_table(),
            "Cohort sizes, deaths and median follow-up time (months).",
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
    rep = rep.section("Discrimination").table(
        &r.performance_table(),
        "Harrell's C (SE, percentile-bootstrap 95% CI), Uno's C and the cumulative/dynamic \
         AUC at 1, 2 and 3 years for every model in every cohort.",
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
    if let Some(b) = &r.benefit {
        rep = rep.section("Radiotherapy benefit by risk group").table(
            &b.fit.summary(),
            "Radiotherapy versus none within each risk group, before and after 1:1 \
             nearest-neighbour propensity matching (caliper 0.2 SD) within the group; \
             interaction from a Cox model on all rows.",
        );
        if let Some((f, c)) = fig("km_benefit") {
            rep = rep.figure(f, c.clone());
        }
    }
    if let Some(e) = omics {
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
    rep = rep
        .methods(
            "Cox proportional-hazards models were fitted by Newton–Raphson with Efron ties and \
             near-equal times merged as in R's survival::coxph (timefix). Candidates with \
             univariable p < 0.05 entered the multivariable fusion model. Discrimination was \
             assessed by Harrell's C (survival::concordance, reverse = TRUE) with 1,000-replicate \
             percentile bootstrap intervals, Uno's C and the cumulative/dynamic AUC with \
             inverse-probability-of-censoring weights (riskRegression::Score). Risk groups used \
             the training median of the fusion model's linear predictor; survival curves are \
             Kaplan–Meier with Greenwood variance and log-scale intervals, compared by the \
             log-rank test (survival::survdiff). Radiotherapy benefit was assessed within risk \
             groups before and after 1:1 greedy nearest-neighbour propensity matching (logistic \
             propensity score, as MatchIt::matchit(method = \"nearest\")). Differential \
             expression between risk groups used limma (lmFit, eBayes, topTable, BH); gene-set \
             over-representation the one-sided hypergeometric test with BH; cell-type \
             proportions propeller (logit transform, robust empirical Bayes).",
        )
        .software("prognos", env!("CARGO_PKG_VERSION"));
    let html_path = dir.join("report.html");
    std::fs::write(&html_path, rep.to_html())
        .with_context(|| format!("cannot write {}", html_path.display()))?;
    let pdf_path = dir.join("report.pdf");
    std::fs::write(&pdf_path, rep.to_pdf()?)
        .with_context(|| format!("cannot write {}", pdf_path.display()))?;
    Ok(())
}
