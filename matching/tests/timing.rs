//! Timing of the matching pipeline on 200,000 synthetic rows (run with
//! `cargo test -p prognos-matching --test timing -- --ignored --nocapture`).

use nalgebra::DMatrix;
use prognos_matching::balance::balance;
use prognos_matching::nearest::NearestParams;
use prognos_matching::propensity::propensity_score;
use rand::{Rng, SeedableRng};
use std::time::Instant;

#[test]
#[ignore = "timing, not a check"]
fn pipeline_200k() {
    let n = 200_000;
    let p = 10;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let x = DMatrix::from_fn(n, p, |_, _| rng.random::<f64>() * 2.0 - 1.0);
    let treated: Vec<bool> = (0..n)
        .map(|i| rng.random::<f64>() < 1.0 / (1.0 + (0.85 - x[(i, 0)]).exp()))
        .collect();
    let names: Vec<String> = (0..p).map(|j| format!("x{j}")).collect();
    let t0 = Instant::now();
    let ps = propensity_score(&x, &names, &treated).unwrap();
    let t1 = Instant::now();
    let fit = NearestParams::default()
        .caliper(Some(0.2))
        .fit(&ps.scores, &treated, None)
        .unwrap();
    let t2 = Instant::now();
    let bal = balance(&x, &names, &treated, Some(&fit.weights)).unwrap();
    let t3 = Instant::now();
    eprintln!(
        "glm {:?} match {:?} balance {:?} (matched {}, rows {})",
        t1 - t0,
        t2 - t1,
        t3 - t2,
        fit.matched_treated,
        bal.rows.len()
    );
}
