//! Times the elastic-net Cox path and its 10-fold CV on a benchmark table
//! (`bench/lasso/gen.py` output: columns id, time, status, fold, g0, g1, ...).
//!
//! `cargo run --release -p prognos-survival --example lasso_profile -- FILE [path|cv|both] [REPEAT]`
//!
//! Prints `path_s` (the glmnet path alone) and `cv_s` (path + CV with the
//! file's `fold` column, as `cv.glmnet(foldid = fold)`), in wall seconds
//! excluding file reading, the minimum over `REPEAT` fits (default 1; the
//! minimum is the least disturbed by other work on a shared machine); `bench/lasso/run.sh` compares them with R.

use nalgebra::DMatrix;
use prognos_survival::penalized::{CoxNetCvParams, CoxNetParams, Folds};
use std::time::Instant;

/// FNV-1a hash of every coefficient, lambda and deviance ratio of a path
/// (bit patterns): equal hashes = the same path to the last bit.
fn fingerprint(fit: &prognos_survival::penalized::CoxNetPath) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |x: u64| h = (h ^ x).wrapping_mul(0x100_0000_01b3);
    for k in 0..fit.len() {
        eat(fit.lambda[k].to_bits());
        eat(fit.dev_ratio[k].to_bits());
        for &(j, v) in fit.nonzero(k) {
            eat(j as u64);
            eat(v.to_bits());
        }
    }
    eat(fit.n_passes as u64);
    h
}

/// The minimum wall time of `reps` (>= 1) runs of `f`, and the last result.
fn best_of<T>(reps: usize, f: impl Fn() -> T) -> (f64, T) {
    let t0 = Instant::now();
    let mut out = f();
    let mut best = t0.elapsed().as_secs_f64();
    for _ in 1..reps {
        let t0 = Instant::now();
        out = f();
        best = best.min(t0.elapsed().as_secs_f64());
    }
    (best, out)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let file = args
        .next()
        .expect("usage: lasso_profile FILE [path|cv|both] [REPEAT]");
    let what = args.next().unwrap_or_else(|| "both".into());
    let reps: usize = args
        .next()
        .map_or(1, |r| r.parse().expect("REPEAT is a positive integer"))
        .max(1);

    let text = std::fs::read_to_string(&file).expect("readable file");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let p = header.len() - 4;
    let (mut time, mut event, mut fold, mut vals) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        time.push(f[1].parse::<f64>().expect("time"));
        event.push(f[2] == "1");
        fold.push(f[3].parse::<usize>().expect("fold") - 1);
        vals.extend(f[4..].iter().map(|v| v.parse::<f64>().expect("x")));
    }
    let n = time.len();
    let x = DMatrix::from_row_slice(n, p, &vals);
    println!(
        "{file}: n = {n}, p = {p}, threads = {}",
        rayon::current_num_threads()
    );
    let params = CoxNetParams::default();
    if what == "path" || what == "both" {
        let (secs, fit) = best_of(reps, || {
            params.fit(&time, &event, &x, None, None).expect("path")
        });
        println!(
            "prognos path_s={secs:.3} nlambda={} passes={} df_last={} dev_last={:.15} lambda_last={:.17e}",
            fit.len(),
            fit.n_passes,
            fit.df[fit.len() - 1],
            fit.dev_ratio[fit.len() - 1],
            fit.lambda[fit.len() - 1]
        );
        let b = fit.coefficients(fit.len() - 1);
        let s: f64 = b.iter().map(|v| v.abs()).sum();
        println!(
            "prognos path sum|beta_last|={s:.17e} bits={:016x}",
            fingerprint(&fit)
        );
    }
    if what == "cv" || what == "both" {
        let cvp = CoxNetCvParams {
            path: params,
            folds: Folds::Given(fold),
        };
        let (secs, cv) = best_of(reps, || cvp.fit(&time, &event, &x, None, None).expect("cv"));
        let mut h = fingerprint(&cv.path);
        for v in cv.mean.iter().chain(&cv.se) {
            h = (h ^ v.to_bits()).wrapping_mul(0x100_0000_01b3);
        }
        println!(
            "prognos cv_s={secs:.3} (path + 10-fold CV) lambda_min={:.17e} lambda_1se={:.17e} cvm_min={:.17e} bits={h:016x}",
            cv.lambda_min, cv.lambda_1se, cv.mean[cv.index_min]
        );
    }
}
