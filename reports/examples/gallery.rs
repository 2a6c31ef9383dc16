//! Renders every figure family from made-up data into a folder of
//! PNG/SVG/CSV files for visual review:
//!
//! ```text
//! cargo run -p prognos-reports --example gallery -- /tmp/reports-look
//! ```

use prognos_core::{Cell, Table};
use prognos_reports::Report;
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
use std::path::PathBuf;

/// A small deterministic generator (64-bit LCG) for made-up data.
struct Lcg(u64);
impl Lcg {
    fn unif(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    #[allow(dead_code)]
    fn norm(&mut self) -> f64 {
        let (u, v) = (self.unif(), self.unif());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// Kaplan–Meier with Greenwood log CI, computed here only to have data.
fn km(label: &str, rng: &mut Lcg, n: usize, rate: f64, breaks: &[f64]) -> KmCurve {
    let mut obs: Vec<(f64, bool)> = (0..n)
        .map(|_| {
            let t = -rng.unif().ln() / rate;
            let c = 12.0 + 60.0 * rng.unif();
            if t <= c { (t, true) } else { (c, false) }
        })
        .collect();
    obs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut s, mut var) = (1.0, 0.0);
    let mut curve = KmCurve {
        label: label.into(),
        times: vec![],
        surv: vec![],
        lower: vec![],
        upper: vec![],
        censor_times: vec![],
        median: None,
        risk_table: vec![],
    };
    let mut at_risk = n;
    for &(t, d) in &obs {
        if d {
            s *= 1.0 - 1.0 / at_risk as f64;
            if at_risk > 1 {
                var += 1.0 / (at_risk as f64 * (at_risk as f64 - 1.0));
            }
            let se = var.sqrt();
            curve.times.push(t);
            curve.surv.push(s);
            curve.lower.push(if s > 0.0 {
                (s.ln() - 1.96 * se).exp()
            } else {
                f64::NAN
            });
            curve.upper.push(if s > 0.0 {
                (s.ln() + 1.96 * se).exp().min(1.0)
            } else {
                f64::NAN
            });
            if curve.median.is_none() && s <= 0.5 {
                curve.median = Some(t);
            }
        } else {
            curve.censor_times.push(t);
        }
        at_risk -= 1;
    }
    for &b in breaks {
        curve.risk_table.push(RiskCount {
            time: b,
            n_risk: obs.iter().filter(|o| o.0 >= b).count(),
            n_event: obs.iter().filter(|o| o.0 <= b && o.1).count(),
            n_censor: obs.iter().filter(|o| o.0 <= b && !o.1).count(),
        });
    }
    curve
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "/tmp/reports-look".into()),
    );
    let mut rng = Lcg(20240601);
    let breaks = [0.0, 12.0, 24.0, 36.0, 48.0, 60.0];
    let single = Theme::new(Width::Single, 70.0);
    let double = Theme::new(Width::Double, 70.0);

    let low = km("Low risk", &mut rng, 120, 0.012, &breaks);
    let high = km("High risk", &mut rng, 110, 0.035, &breaks);
    let plot = KmPlot::new(vec![low.clone(), high.clone()])
        .x_label("Time (months)")
        .y_label("Overall survival")
        .logrank_p(0.00021)
        .show_median(true);
    plot.render("km", &single)?.save(&dir)?;

    let panels: Vec<KmPlot> = [
        "A  Training cohort",
        "B  Validation cohort",
        "C  External cohort",
    ]
    .iter()
    .enumerate()
    .map(|(i, t)| {
        let a = km("Low", &mut rng, 80 + 20 * i, 0.012, &breaks);
        let b = km("High", &mut rng, 70 + 10 * i, 0.03, &breaks);
        KmPlot::new(vec![a, b])
            .title(*t)
            .x_label("Time (months)")
            .logrank_p(0.03 / (i + 1) as f64)
    })
    .collect();
    KmGrid::new(panels, 3)
        .render("km_grid", &double)?
        .save(&dir)?;

    let uni = ForestPanel {
        title: "Univariable".into(),
        rows: vec![
            ForestRow::new("Age (per 10 years)", 1.32, 1.12, 1.56, Some(0.0009)),
            ForestRow::reference("Sex: female"),
            ForestRow::new("Sex: male", 1.18, 0.86, 1.62, Some(0.31)),
            ForestRow::new("Stage III-IV vs I-II", 2.45, 1.71, 3.51, Some(1e-6)),
            ForestRow::new("ECOG >= 2", 1.91, 1.21, 3.02, Some(0.0056)),
            ForestRow::new("Radiomic score (per SD)", 1.74, 1.45, 2.09, Some(1e-8)),
        ],
    };
    let multi = ForestPanel {
        title: "Multivariable".into(),
        rows: vec![
            ForestRow::new("Age (per 10 years)", 1.21, 1.01, 1.45, Some(0.041)),
            ForestRow::reference("Sex: female"),
            ForestRow::new("Sex: male", 1.05, 0.75, 1.47, Some(0.78)),
            ForestRow::new("Stage III-IV vs I-II", 1.98, 1.35, 2.90, Some(0.0005)),
            ForestRow::new("ECOG >= 2", 1.52, 0.94, 2.46, Some(0.088)),
            ForestRow::new("Radiomic score (per SD)", 1.55, 1.27, 1.89, Some(1.5e-5)),
        ],
    };
    ForestPlot::new(vec![uni, multi])
        .render("forest", &double)?
        .save(&dir)?;

    let square = Theme::new(Width::Single, 80.0);
    let roc = |label: &str, k: f64, auc: f64| {
        let fpr: Vec<f64> = (0..=50).map(|i| i as f64 / 50.0).collect();
        let tpr = fpr.iter().map(|f: &f64| f.powf(1.0 / k)).collect();
        RocCurve {
            label: label.into(),
            fpr,
            tpr,
            auc,
            lower: Some(auc - 0.05),
            upper: Some(auc + 0.04),
        }
    };
    RocPlot::new(vec![
        roc("Clinical", 1.8, 0.69),
        roc("Radiomics", 2.6, 0.76),
        roc("Combined", 3.4, 0.82),
    ])
    .render("roc", &square)?
    .save(&dir)?;
    RocPlot::new(vec![
        roc("1 year", 3.4, 0.82),
        roc("3 years", 2.8, 0.78),
        roc("5 years", 2.2, 0.73),
    ])
    .horizon("1, 3 and 5 years")
    .render("roc_time", &square)?
    .save(&dir)?;

    let mut calib = |label: &str, slope: f64| {
        let groups = (0..10)
            .map(|d| {
                let p = 0.05 + 0.09 * d as f64;
                let o = (0.5 + slope * (p - 0.5) + 0.03 * rng.norm()).clamp(0.01, 0.99);
                let se = (o * (1.0 - o) / 40.0).sqrt();
                CalibrationGroup {
                    predicted: p,
                    observed: o,
                    lower: o - 1.96 * se,
                    upper: o + 1.96 * se,
                    n: 40,
                }
            })
            .collect();
        let smooth_x: Vec<f64> = (0..=40).map(|i| 0.02 + 0.9 * i as f64 / 40.0).collect();
        let smooth_y = smooth_x.iter().map(|p| 0.5 + slope * (p - 0.5)).collect();
        CalibrationCurve {
            label: label.into(),
            groups,
            smooth_x,
            smooth_y,
        }
    };
    let (c1, c2) = (calib("Training", 1.0), calib("Validation", 0.8));
    CalibrationPlot::new(vec![c1, c2])
        .render("calibration", &square)?
        .save(&dir)?;

    let thresholds: Vec<f64> = (1..=80).map(|i| i as f64 / 100.0).collect();
    let prev = 0.3;
    let nb =
        |t: f64, sens: f64, spec: f64| sens * prev - (1.0 - spec) * (1.0 - prev) * t / (1.0 - t);
    let model = |label: &str, q: f64| DecisionCurve {
        label: label.into(),
        thresholds: thresholds.clone(),
        net_benefit: thresholds
            .iter()
            .map(|&t| nb(t, (1.0 - t).powf(q), 1.0 - (1.0 - t).powf(4.0 * q)).max(-0.05))
            .collect(),
    };
    let all = DecisionCurve {
        label: "Treat all".into(),
        thresholds: thresholds.clone(),
        net_benefit: thresholds.iter().map(|&t| nb(t, 1.0, 0.0)).collect(),
    };
    DcaPlot::new(vec![model("Clinical", 1.3), model("Combined", 0.8)], all)
        .render("dca", &square)?
        .save(&dir)?;

    let mut pts = Vec::new();
    for (m, base) in [
        ("Clinical", 0.66),
        ("Radiomics", 0.71),
        ("Pathomics", 0.70),
        ("Combined", 0.77),
    ] {
        for (c, shift) in [("Training", 0.02), ("Validation", 0.0), ("External", -0.03)] {
            let v: f64 = base + shift;
            pts.push(CIndexPoint {
                model: m.into(),
                cohort: c.into(),
                c: v,
                lower: v - 0.04,
                upper: v + 0.04,
            });
        }
    }
    CIndexPlot::new(pts)
        .render("cindex", &Theme::new(Width::Single, 60.0))?
        .save(&dir)?;

    let genes: Vec<VolcanoPoint> = (0..2000)
        .map(|i| {
            let effect = if i < 60 {
                2.5 * rng.norm().signum() * (0.6 + rng.unif())
            } else {
                0.0
            };
            let lfc = effect + 0.35 * rng.norm();
            let z = effect * 3.0 + rng.norm();
            let p = (-0.5 * z * z).exp().clamp(1e-30, 1.0);
            VolcanoPoint {
                gene: format!("GENE{i}"),
                log_fc: lfc,
                p,
                p_adj: (p * 40.0).min(1.0),
            }
        })
        .collect();
    VolcanoPlot::new(genes)
        .render("volcano", &square)?
        .save(&dir)?;

    let terms = [
        ("HALLMARK_E2F_TARGETS", 0.21, 42, 1e-9),
        ("HALLMARK_G2M_CHECKPOINT", 0.19, 38, 4e-8),
        ("HALLMARK_EPITHELIAL_MESENCHYMAL_TRANSITION", 0.15, 30, 2e-5),
        ("HALLMARK_HYPOXIA", 0.11, 22, 0.0008),
        ("HALLMARK_INFLAMMATORY_RESPONSE", 0.09, 18, 0.004),
        ("HALLMARK_MYC_TARGETS_V1", 0.08, 16, 0.01),
        ("HALLMARK_GLYCOLYSIS", 0.06, 12, 0.03),
    ]
    .iter()
    .map(|&(t, r, c, p)| EnrichmentTerm {
        term: t.into(),
        gene_ratio: r,
        count: c,
        p_adj: p,
    })
    .collect();
    BubblePlot::new(terms)
        .render("bubble", &Theme::new(Width::OneAndHalf, 60.0))?
        .save(&dir)?;

    let mut bars = StackedBars::new(
        vec!["Low risk".into(), "Intermediate".into(), "High risk".into()],
        vec!["I".into(), "II".into(), "III".into(), "IV".into()],
        vec![
            vec![40.0, 30.0, 20.0, 6.0],
            vec![25.0, 30.0, 28.0, 15.0],
            vec![8.0, 20.0, 35.0, 40.0],
        ],
    );
    bars.legend_title = "Stage".into();
    bars.render("bars", &single)?.save(&dir)?;

    let love = LovePlot::new(vec![
        LoveRow {
            covariate: "Age".into(),
            smd_before: 0.42,
            smd_after: 0.03,
        },
        LoveRow {
            covariate: "Male sex".into(),
            smd_before: -0.18,
            smd_after: 0.05,
        },
        LoveRow {
            covariate: "Stage III-IV".into(),
            smd_before: 0.35,
            smd_after: -0.02,
        },
        LoveRow {
            covariate: "ECOG >= 2".into(),
            smd_before: 0.22,
            smd_after: 0.08,
        },
        LoveRow {
            covariate: "Smoking".into(),
            smd_before: 0.12,
            smd_after: 0.01,
        },
        LoveRow {
            covariate: "Propensity score".into(),
            smd_before: 0.81,
            smd_after: 0.04,
        },
    ]);
    let love_fig = love.render("love", &single)?;
    love_fig.save(&dir)?;

    let km_fig = plot.render("km", &single)?;
    let mut table = Table::new(["coef", "exp(coef)", "se(coef)", "z", "p"])
        .with_title("coxph(Surv(time, status) ~ risk + age)");
    table.push_row(
        "riskHigh",
        [
            Cell::Num(0.9412),
            Cell::Num(2.563),
            Cell::Num(0.1802),
            Cell::Num(5.223),
            Cell::P(1.8e-7),
        ],
    );
    table.push_row(
        "age",
        [
            Cell::Num(0.0171),
            Cell::Num(1.017),
            Cell::Num(0.0092),
            Cell::Num(1.859),
            Cell::P(0.063),
        ],
    );
    table.push_footer("n = 230, events = 151; Likelihood ratio test = 29.1 on 2 df, p = 4.8e-07");
    let report = Report::new("Radiomic risk score: development and validation")
        .summary("Patients", "230 (training 120, validation 110)")
        .summary("Endpoint", "Overall survival")
        .summary("Median follow-up", "38 months")
        .section("Survival by risk group")
        .paragraph("Patients in the high-risk group had shorter overall survival than those in the low-risk group.")
        .figure(&km_fig, "Kaplan\u{2013}Meier estimates of overall survival by radiomic risk group, with 95% confidence bands and the number at risk.")
        .table(&table, "Cox proportional-hazards model.")
        .section("Covariate balance")
        .figure(&love_fig, "Absolute standardised mean differences before and after 1:1 nearest-neighbour matching.")
        .methods("Survival was estimated with the Kaplan\u{2013}Meier method and compared with the log-rank test; hazard ratios come from Cox models with Efron ties.")
        .software("R reference", "4.2 (survival 3.5)");
    std::fs::write(dir.join("report.html"), report.to_html())?;
    #[cfg(feature = "pdf")]
    std::fs::write(dir.join("report.pdf"), report.to_pdf()?)?;

    println!("wrote figures to {}", dir.display());
    Ok(())
}
