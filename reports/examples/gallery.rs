//! Renders every figure family from made-up data into a folder of
//! PNG/SVG/CSV files for visual review:
//!
//! ```text
//! cargo run -p prognos-reports --example gallery -- /tmp/reports-look
//! ```

use prognos_reports::km::{KmCurve, KmGrid, KmPlot, RiskCount};
use prognos_reports::theme::{Theme, Width};
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

    println!("wrote figures to {}", dir.display());
    Ok(())
}
