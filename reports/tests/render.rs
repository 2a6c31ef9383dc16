//! Every figure family renders to a non-empty PNG and an SVG that
//! contains its axis titles and annotations; reports are self-contained.

use prognos_core::{Cell, Table};
use prognos_reports::Figure;
use prognos_reports::Report;
use prognos_reports::ReportError;
use prognos_reports::bars::StackedBars;
use prognos_reports::bubble::{BubblePlot, EnrichmentTerm};
use prognos_reports::calibration::{CalibrationCurve, CalibrationGroup, CalibrationPlot};
use prognos_reports::cindex::{CIndexPlot, CIndexPoint};
use prognos_reports::dca::{DcaPlot, DecisionCurve};
use prognos_reports::forest::{ForestPanel, ForestPlot, ForestRow};
use prognos_reports::km::{KmCurve, KmGrid, KmPlot, RiskCount};
use prognos_reports::love::{LovePlot, LoveRow};
use prognos_reports::roc::{RocCurve, RocPlot};
use prognos_reports::theme::{Theme, Width};
use prognos_reports::volcano::{VolcanoPlot, VolcanoPoint};

fn theme() -> Theme {
    // Low dpi keeps the tests fast; layout is resolution-independent.
    Theme::new(Width::Single, 60.0).with_dpi(100.0)
}

fn check(fig: &Figure, must_contain: &[&str]) {
    assert!(
        fig.png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{}: not a PNG",
        fig.name
    );
    assert!(fig.png.len() > 1000, "{}: PNG too small", fig.name);
    assert!(fig.svg.starts_with("<svg"), "{}: not an SVG", fig.name);
    assert!(
        fig.svg.contains("mm\""),
        "{}: SVG lacks physical size",
        fig.name
    );
    for s in must_contain {
        assert!(fig.svg.contains(s), "{}: SVG lacks {s:?}", fig.name);
    }
    assert!(
        fig.csv.lines().count() >= 2,
        "{}: CSV has no data rows",
        fig.name
    );
}

fn curve(label: &str, rate: f64) -> KmCurve {
    let times: Vec<f64> = (1..=20).map(|i| i as f64 * 3.0).collect();
    let surv: Vec<f64> = times.iter().map(|t| (-rate * t).exp()).collect();
    KmCurve {
        label: label.into(),
        lower: surv.iter().map(|s| s * 0.9).collect(),
        upper: surv.iter().map(|s| (s * 1.1).min(1.0)).collect(),
        surv,
        times,
        censor_times: vec![10.0, 25.0, 50.0],
        median: Some((0.5f64).ln() / -rate),
        risk_table: [0.0, 20.0, 40.0, 60.0]
            .iter()
            .enumerate()
            .map(|(i, &t)| RiskCount {
                time: t,
                n_risk: 100 - 30 * i,
                n_event: 20 * i,
                n_censor: 10 * i,
            })
            .collect(),
    }
}

#[test]
fn kaplan_meier_has_axes_p_value_and_risk_table() {
    let plot = KmPlot::new(vec![curve("Low", 0.01), curve("High", 0.03)])
        .x_label("Time (months)")
        .logrank_p(0.0123)
        .show_median(true);
    let fig = plot.render("km", &theme()).unwrap();
    check(
        &fig,
        &[
            "Time (months)",
            "Survival probability",
            "Log-rank p = 0.012",
            "At risk",
            "Censored",
            "Events",
            "\n70\n",
        ],
    );
    // The risk table adds height below the plot.
    assert!(fig.height_mm > 60.0);
    let grid = KmGrid::new(vec![plot.clone().title("A"), plot.title("B")], 2);
    check(&grid.render("grid", &theme()).unwrap(), &["Log-rank"]);
}

#[test]
fn kaplan_meier_rejects_mismatched_lengths() {
    let mut c = curve("x", 0.01);
    c.surv.pop();
    let err = KmPlot::new(vec![c]).render("km", &theme()).unwrap_err();
    assert!(
        matches!(err, ReportError::LengthMismatch { field: "surv", .. }),
        "{err}"
    );
    assert!(matches!(
        KmPlot::new(vec![]).render("km", &theme()),
        Err(ReportError::EmptyData { .. })
    ));
}

#[test]
fn forest_prints_estimates_and_p() {
    let panel = |t: &str| ForestPanel {
        title: t.into(),
        rows: vec![
            ForestRow::new("Age", 1.32, 1.12, 1.56, Some(0.0009)),
            ForestRow::reference("Female"),
            ForestRow::new("Male", 1.18, 0.86, 1.62, Some(0.31)),
        ],
    };
    let fig = ForestPlot::new(vec![panel("Univariable"), panel("Multivariable")])
        .render("forest", &theme().with_height(40.0))
        .unwrap();
    check(
        &fig,
        &[
            "Hazard ratio",
            "HR (95% CI)",
            "1.32 (1.12\u{2013}1.56)",
            "Reference",
            "&lt;0.001",
            "Multivariable",
        ],
    );
    let bad = ForestPlot::new(vec![ForestPanel {
        title: "x".into(),
        rows: vec![ForestRow::new("a", 0.0, 0.0, 1.0, None)],
    }]);
    assert!(matches!(
        bad.render("f", &theme()),
        Err(ReportError::BadValue { field: "hr", .. })
    ));
}

#[test]
fn roc_calibration_dca_cindex_render() {
    let fpr: Vec<f64> = (0..=10).map(|i| i as f64 / 10.0).collect();
    let tpr: Vec<f64> = fpr.iter().map(|f| f.sqrt()).collect();
    let roc = RocCurve {
        label: "Model".into(),
        fpr,
        tpr,
        auc: 0.78,
        lower: Some(0.71),
        upper: Some(0.85),
    };
    check(
        &RocPlot::new(vec![roc.clone()])
            .render("roc", &theme())
            .unwrap(),
        &["Sensitivity", "AUC 0.78 (0.71\u{2013}0.85)"],
    );
    check(
        &RocPlot::new(vec![roc])
            .horizon("3 years")
            .render("troc", &theme())
            .unwrap(),
        &["t = 3 years"],
    );

    let groups = (1..=5)
        .map(|i| {
            let p = i as f64 / 6.0;
            CalibrationGroup {
                predicted: p,
                observed: p * 0.9,
                lower: p * 0.7,
                upper: p * 1.1,
                n: 20,
            }
        })
        .collect();
    let cal = CalibrationCurve {
        label: "Model".into(),
        groups,
        smooth_x: vec![0.1, 0.5, 0.9],
        smooth_y: vec![0.1, 0.45, 0.8],
    };
    check(
        &CalibrationPlot::new(vec![cal])
            .render("cal", &theme())
            .unwrap(),
        &["Predicted probability", "Observed proportion", "Ideal"],
    );

    let th: Vec<f64> = (1..=9).map(|i| i as f64 / 10.0).collect();
    let m = DecisionCurve {
        label: "Model".into(),
        thresholds: th.clone(),
        net_benefit: th.iter().map(|t| 0.2 * (1.0 - t)).collect(),
    };
    let all = DecisionCurve {
        label: "Treat all".into(),
        thresholds: th.clone(),
        net_benefit: th.iter().map(|t| 0.3 - 0.7 * t / (1.0 - t)).collect(),
    };
    check(
        &DcaPlot::new(vec![m], all).render("dca", &theme()).unwrap(),
        &["Net benefit", "Threshold probability", "Treat none"],
    );

    let pts = vec![
        CIndexPoint {
            model: "Clinical".into(),
            cohort: "Train".into(),
            c: 0.68,
            lower: 0.63,
            upper: 0.73,
        },
        CIndexPoint {
            model: "Clinical".into(),
            cohort: "Test".into(),
            c: 0.65,
            lower: 0.6,
            upper: 0.7,
        },
    ];
    check(
        &CIndexPlot::new(pts).render("c", &theme()).unwrap(),
        &["C-index (95% CI)", "Clinical", "Test"],
    );
}

#[test]
fn omics_and_balance_figures_render() {
    let genes: Vec<VolcanoPoint> = (0..50)
        .map(|i| {
            let lfc = (i as f64 - 25.0) / 5.0;
            let p = (10f64).powf(-lfc.abs() * 2.0);
            VolcanoPoint {
                gene: format!("G{i}"),
                log_fc: lfc,
                p,
                p_adj: (p * 10.0).min(1.0),
            }
        })
        .collect();
    check(
        &VolcanoPlot::new(genes).render("v", &theme()).unwrap(),
        &["fold change", "G0", "Up ("],
    );

    let terms = vec![
        EnrichmentTerm {
            term: "E2F targets".into(),
            gene_ratio: 0.2,
            count: 40,
            p_adj: 1e-6,
        },
        EnrichmentTerm {
            term: "Hypoxia".into(),
            gene_ratio: 0.1,
            count: 20,
            p_adj: 0.01,
        },
    ];
    check(
        &BubblePlot::new(terms).render("b", &theme()).unwrap(),
        &["Gene ratio", "E2F targets", "p.adjust", "Count"],
    );

    let bars = StackedBars::new(
        vec!["A".into(), "B".into()],
        vec!["x".into(), "y".into()],
        vec![vec![3.0, 1.0], vec![1.0, 1.0]],
    );
    check(
        &bars.render("s", &theme()).unwrap(),
        &["Proportion", "75%", "n = 4"],
    );

    let love = LovePlot::new(vec![LoveRow {
        covariate: "Age".into(),
        smd_before: 0.4,
        smd_after: -0.02,
    }]);
    check(
        &love.render("l", &theme()).unwrap(),
        &["Absolute standardised mean difference", "Age", "Matched"],
    );
}

fn report() -> Report {
    let fig = KmPlot::new(vec![curve("Low", 0.01), curve("High", 0.03)])
        .logrank_p(0.01)
        .render("km", &theme())
        .unwrap();
    let mut t = Table::new(["coef", "p"]).with_title("coxph(Surv(time, status) ~ x)");
    t.push_row("x", [Cell::Num(0.5), Cell::P(0.001)]);
    t.push_footer("n = 10, events = 5");
    Report::new("Study <report>")
        .summary("Patients", "10")
        .section("Survival")
        .paragraph("Text & more.")
        .figure(&fig, "Kaplan-Meier curves.")
        .table(&t, "Cox model.")
        .methods("Methods text.")
        .software("prognos", "0.1.0")
}

#[test]
fn html_report_is_self_contained_and_numbered() {
    let html = report().to_html();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "network reference in HTML"
    );
    assert!(html.contains("<h1>Study &lt;report&gt;</h1>"));
    assert!(html.contains("Figure 1.") && html.contains("Table 1."));
    assert!(html.contains("<svg") && html.contains("Log-rank"));
    assert!(html.contains("@font-face") && html.contains("base64,"));
    assert!(html.contains("<td>0.001</td>"), "p-value cell");
    assert!(html.contains("prognos 0.1.0"));
}

#[cfg(feature = "pdf")]
#[test]
fn pdf_report_is_valid_and_renders() {
    let pdf = report().to_pdf().unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF header");
    let tail = String::from_utf8_lossy(&pdf[pdf.len().saturating_sub(64)..]).to_string();
    assert!(tail.contains("%%EOF"), "no EOF marker");
    let body = String::from_utf8_lossy(&pdf);
    assert!(
        body.contains("/FontFile2") || body.contains("/FontFile3"),
        "font not embedded"
    );
    let dir = std::env::temp_dir().join(format!("prognos-reports-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("r.pdf");
    std::fs::write(&path, &pdf).unwrap();
    // Render every page when poppler is installed.
    if let Ok(out) = std::process::Command::new("pdftoppm")
        .arg("-png")
        .arg("-r")
        .arg("30")
        .arg(&path)
        .arg(dir.join("p"))
        .output()
    {
        assert!(
            out.status.success(),
            "pdftoppm failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let pages = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "png")
            })
            .count();
        assert!(pages >= 1, "no page rendered");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
