//! Times the `prognos roc --score2` kernels on 100,000 generated subjects
//! (the same work the CLI does inside its `fit_s` window).
//!
//! `cargo run --release -p prognos-core --example roc_speed [n]`

use prognos_core::diagnostic::{Brier, Roc, ThresholdMetrics};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let label: Vec<bool> = (0..n).map(|_| rng.random::<f64>() < 0.3).collect();
    let s1: Vec<f64> = label
        .iter()
        .map(|&l| {
            let z: f64 = rng.random::<f64>() + rng.random::<f64>() - 1.0;
            1.0 / (1.0 + (-(z * 3.0 + if l { 1.0 } else { 0.0 })).exp())
        })
        .collect();
    let s2: Vec<f64> = s1
        .iter()
        .map(|&v| ((v * 1000.0).round() / 1000.0 + rng.random::<f64>() * 0.1).min(1.0))
        .collect();
    let mut best = (f64::INFINITY, f64::INFINITY, f64::INFINITY);
    let reps: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    for rep in 0..reps {
        let t = Instant::now();
        let roc = Roc::new(&s1, &label).unwrap();
        let t_roc = t.elapsed().as_secs_f64();
        let ci = roc.ci_delong(0.95).unwrap();
        let thr = roc.youden_threshold();
        let m = ThresholdMetrics::at(&s1, &label, thr, 0.95).unwrap();
        let b = Brier::new(&s1, &label).unwrap();
        let t_mid = t.elapsed().as_secs_f64();
        let roc2 = Roc::new(&s2, &label).unwrap();
        let ci2 = roc2.ci_delong(0.95).unwrap();
        let cmp = roc.delong_paired(&roc2).unwrap();
        let total = t.elapsed().as_secs_f64();
        best = (best.0.min(t_roc), best.1.min(t_mid), best.2.min(total));
        if rep + 1 == reps {
            println!(
                "n {n} (min of {reps}): roc1 {:.4} s, through brier {:.4} s, total {:.4} s (auc {:.6} [{:.6}], auc2 {:.6}, z {:.4}, sens {:.4}, brier {:.4})",
                best.0,
                best.1,
                best.2,
                ci.auc,
                ci.lower,
                ci2.auc,
                cmp.z,
                m.sensitivity.estimate,
                b.brier
            );
        }
    }
}
