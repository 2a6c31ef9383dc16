//! Fit time of the matching and IPTW pipelines on a CSV written by
//! `bench/matching/gen.py` (header `treat,x1..x10`, numbers only):
//! propensity glm, 1:1 nearest matching with caliper 0.2 + balance, and
//! ATE IPTW weights + weighted balance. File reading is not timed.
//!
//! `cargo run --release -p prognos-matching --example bench_pipeline -- FILE.csv`

use nalgebra::DMatrix;
use prognos_matching::balance::balance;
use prognos_matching::iptw::{Estimand, IptwParams};
use prognos_matching::nearest::NearestParams;
use prognos_matching::propensity::propensity_score;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: bench_pipeline FILE.csv")?;
    let text = std::fs::read_to_string(&path)?;
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .ok_or("empty file")?
        .split(',')
        .map(String::from)
        .collect();
    let p = header.len() - 1;
    let mut treated = Vec::new();
    let mut vals = Vec::new();
    for (i, line) in lines.enumerate() {
        let mut it = line.split(',');
        let t: f64 = it.next().ok_or("short row")?.parse()?;
        treated.push(t == 1.0);
        for v in it {
            vals.push(
                v.parse::<f64>()
                    .map_err(|e| format!("row {i}: '{v}': {e}"))?,
            );
        }
    }
    let n = treated.len();
    let x = DMatrix::from_row_slice(n, p, &vals);
    let names = header[1..].to_vec();

    let t0 = Instant::now();
    let ps = propensity_score(&x, &names, &treated)?;
    let t_glm = t0.elapsed().as_secs_f64();

    let t1 = Instant::now();
    let fit = NearestParams::default()
        .caliper(Some(0.2))
        .fit(&ps.scores, &treated, None)?;
    let bal = balance(&x, &names, &treated, Some(&fit.weights))?;
    let t_match = t1.elapsed().as_secs_f64();

    let t2 = Instant::now();
    let w = IptwParams::default()
        .estimand(Estimand::Ate)
        .weights(&ps.scores, &treated)?;
    let wbal = w.balance(&x, &names, &treated)?;
    let t_iptw = t2.elapsed().as_secs_f64();

    println!(
        "n={n} glm_s={t_glm:.3} match_balance_s={t_match:.3} iptw_balance_s={t_iptw:.3} \
         match_total_s={:.3} iptw_total_s={:.3} matched_treated={} ess_control={:.1} max_smd_iptw={:.4} rows={}",
        t_glm + t_match,
        t_glm + t_iptw,
        fit.matched_treated,
        w.ess_control,
        wbal.max_abs_smd(),
        bal.rows.len()
    );
    Ok(())
}
