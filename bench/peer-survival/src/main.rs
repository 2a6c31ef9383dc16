//! prognos' survival kernels against the crates.io peer `survival` 2.0 (a
//! port of R survival), on the data of bench/survival_cox and
//! bench/survival_km (same sizes, distributions and ties, generated here in
//! memory from a fixed seed): KM + log-rank on 1,000,000 rows in 3 groups,
//! Cox (Efron and Breslow) on 100,000 × 10, Harrell's and Uno's C on 100,000.
//!
//! Each time is the best of `REPS` runs (default 5) of the calls alone:
//! inputs are built (and, for the peer, copied into its owned input types)
//! before the clock starts. prognos' calls are the ones its CLI times
//! (`fit_s`). The numbers of the two are compared and the largest relative
//! difference printed.
//!
//! Usage: `sh run.sh` (or `cargo run --release`), `REPS=N` to change the repeats.

use nalgebra::DMatrix;
use ndarray::Array2;
use prognos_survival::concordance::{harrell, harrell_and_uno};
use prognos_survival::cox::{CoxData, CoxParams, Ties};
use prognos_survival::km::KmParams;
use std::time::Instant;
use survival::concordance::{ConcordanceOptions, TimeWeight, concordancefit};
use survival::core::SurvResponse;
use survival::data_types::SurvivalData;
use survival::regression::{CoxPHFit, CoxphData, CoxphOptions, TieMethod};
use survival::surv_analysis::{SurvdiffData, SurvfitKMData, SurvfitKMOptions, survdiff, survfitkm};

/// SplitMix64: a small seeded generator (no dependency).
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform on (0, 1).
    fn unif(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn gauss(&mut self) -> f64 {
        let (u, v) = (self.unif(), self.unif());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
    fn expo(&mut self, rate: f64) -> f64 {
        -self.unif().ln() / rate
    }
}

/// As bench/survival_cox/gen.py: 10 covariates, whole-day times, ~30% censored.
fn cox_data(n: usize) -> (Vec<f64>, Vec<bool>, Vec<[f64; 10]>) {
    let mut rng = Rng(20240611);
    let beta = [0.5, -0.4, 0.3, -0.2, 0.1, 0.0, 0.25, -0.15, 0.05, 0.2];
    let (mut time, mut event, mut x) = (vec![], vec![], vec![]);
    for _ in 0..n {
        let mut row = [0.0; 10];
        for v in row.iter_mut().take(8) {
            *v = rng.gauss();
        }
        row[8] = f64::from(u8::from(rng.unif() < 0.4));
        row[9] = (rng.unif() * 4.0).floor();
        let lp: f64 = beta.iter().zip(&row).map(|(b, v)| b * v).sum();
        let t = rng.expo(0.01 * lp.exp());
        let c = rng.expo(0.004);
        time.push(t.min(c).ceil().max(1.0));
        event.push(t <= c);
        x.push(row);
    }
    (time, event, x)
}

/// As bench/survival_km/gen.py `km`: 3 groups, whole-day times.
fn km_data(n: usize) -> (Vec<f64>, Vec<bool>, Vec<usize>) {
    let mut rng = Rng(20240601 + n as u64);
    let rates = [1.0 / 900.0, 1.0 / 700.0, 1.0 / 500.0];
    let (mut time, mut event, mut group) = (vec![], vec![], vec![]);
    for _ in 0..n {
        let g = ((rng.unif() * 3.0) as usize).min(2);
        let t = rng.expo(rates[g]);
        let c = rng.unif() * 3000.0;
        time.push(t.min(c).ceil().max(1.0));
        event.push(t <= c);
        group.push(g);
    }
    (time, event, group)
}

/// As bench/survival_km/gen.py `cindex`: a noisy continuous risk score.
fn cindex_data(n: usize) -> (Vec<f64>, Vec<bool>, Vec<f64>) {
    let mut rng = Rng(20240601 + n as u64);
    let (mut time, mut event, mut score) = (vec![], vec![], vec![]);
    for _ in 0..n {
        let x = rng.gauss();
        let t = rng.expo((0.7 * x).exp() / 800.0);
        let c = rng.unif() * 3000.0;
        time.push(t.min(c).ceil().max(1.0));
        event.push(t <= c);
        score.push(((x + 0.5 * rng.gauss()) * 1e6).round() / 1e6);
    }
    (time, event, score)
}

/// Best wall time of `reps` runs of `f` on a fresh input from `setup`.
fn best<I, T>(reps: usize, mut setup: impl FnMut() -> I, mut f: impl FnMut(I) -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..reps {
        let input = setup();
        let t0 = Instant::now();
        let r = f(input);
        best = best.min(t0.elapsed().as_secs_f64());
        out = Some(r);
    }
    (best, out.expect("reps >= 1"))
}

fn rel(a: f64, b: f64) -> f64 {
    if a == b {
        0.0
    } else {
        (a - b).abs() / a.abs().max(b.abs())
    }
}

fn max_rel(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len(), "lengths differ");
    a.iter()
        .zip(b)
        .map(|(x, y)| rel(*x, *y))
        .fold(0.0, f64::max)
}

struct Row {
    what: &'static str,
    prognos: f64,
    peer: f64,
    diff: f64,
}

fn main() {
    let reps: usize = std::env::var("REPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let mut rows = Vec::new();

    // ---- KM + log-rank, 1M rows, 3 groups
    let (time, event, group) = km_data(1_000_000);
    let labels: Vec<String> = ["A", "B", "C"].iter().map(|s| s.to_string()).collect();
    let status: Vec<i32> = event.iter().map(|&e| i32::from(e)).collect();
    let g32: Vec<i32> = group.iter().map(|&g| g as i32).collect();
    let kp = KmParams::default();
    let (t_p, (km, lr)) = best(
        reps,
        || (),
        |()| {
            let (f, t) = kp
                .fit_groups_logrank(&time, &event, &group, &labels, None)
                .expect("prognos km");
            let ats: Vec<_> = f.curves.iter().map(|c| c.at(&[])).collect();
            drop(ats);
            (f, t.expect("prognos logrank"))
        },
    );
    let km_in = || {
        SurvfitKMData::try_new(
            None,
            time.clone(),
            status.clone(),
            None,
            Some(g32.clone()),
            None,
            None,
        )
        .expect("peer km data")
    };
    let lr_in = || {
        SurvdiffData::try_new(None, time.clone(), status.clone(), g32.clone(), None)
            .expect("peer survdiff data")
    };
    let (t_q, (pkm, plr)) = best(
        reps,
        || (km_in(), lr_in()),
        |(k, l)| {
            let f = survfitkm(&k, &SurvfitKMOptions::default()).expect("peer km");
            let t = survdiff(&l, 0.0, true).expect("peer survdiff");
            (f, t)
        },
    );
    let ours: Vec<f64> = km
        .curves
        .iter()
        .flat_map(|c| c.table.iter().map(|r| r.survival))
        .collect();
    let ours_se: Vec<f64> = km
        .curves
        .iter()
        .flat_map(|c| c.table.iter().map(|r| r.std_err_log))
        .collect();
    let mut d = max_rel(&ours, &pkm.surv).max(rel(lr.chisq, plr.chisq));
    if let Some(se) = &pkm.std_err {
        d = d.max(max_rel(&ours_se, se));
    }
    rows.push(Row {
        what: "KM + log-rank, 1M rows, 3 groups",
        prognos: t_p,
        peer: t_q,
        diff: d,
    });

    // ---- Cox 100k x 10
    let (time, event, xr) = cox_data(100_000);
    let n = time.len();
    let status: Vec<i32> = event.iter().map(|&e| i32::from(e)).collect();
    let xm = DMatrix::from_fn(n, 10, |i, j| xr[i][j]);
    let xa = Array2::from_shape_fn((n, 10), |(i, j)| xr[i][j]);
    for (ties, method, name) in [
        (
            Ties::Efron,
            TieMethod::Efron,
            "Cox Efron 100k x 10 (fit + concordance)",
        ),
        (
            Ties::Breslow,
            TieMethod::Breslow,
            "Cox Breslow 100k x 10 (fit + concordance)",
        ),
    ] {
        let data = CoxData::new(time.clone(), event.clone(), xm.clone());
        let params = CoxParams::default().ties(ties).singular_ok(false);
        let (t_p, fit) = best(reps, || (), |()| params.fit(&data).expect("prognos cox"));
        let opts = CoxphOptions {
            method,
            ..CoxphOptions::default()
        };
        let (t_q, (pfit, pc)) = best(
            reps,
            || {
                CoxphData::try_new(
                    time.clone(),
                    None,
                    status.clone(),
                    xa.clone(),
                    None,
                    None,
                    None,
                )
                .expect("peer cox data")
            },
            |cd| {
                let f = CoxPHFit::fit(cd, opts.clone()).expect("peer cox");
                // coxph() reports the concordance of the linear predictor too
                let sd = SurvivalData {
                    time: time.clone(),
                    status: status.clone(),
                };
                let lp = Array2::from_shape_vec((n, 1), f.linear_predictors.clone()).expect("lp");
                let c = concordancefit(
                    SurvResponse::Right(&sd),
                    lp.view(),
                    None,
                    None,
                    None,
                    &ConcordanceOptions {
                        reverse: true,
                        ..ConcordanceOptions::default()
                    },
                )
                .expect("peer concordance");
                (f, c)
            },
        );
        let ours_c = fit.concordance.expect("concordance").c;
        let d = max_rel(&fit.coef, &pfit.coefficients)
            .max(rel(fit.loglik, pfit.loglik[1]))
            .max(rel(ours_c, pc.concordance[0]));
        rows.push(Row {
            what: name,
            prognos: t_p,
            peer: t_q,
            diff: d,
        });
    }

    // ---- concordance, 100k: Harrell + Uno
    let (time, event, score) = cindex_data(100_000);
    let n = time.len();
    let status: Vec<i32> = event.iter().map(|&e| i32::from(e)).collect();
    let (t_p, (h, u)) = best(
        reps,
        || (),
        |()| harrell_and_uno(&time, &event, &score, None).expect("prognos cindex"),
    );
    let h1 = harrell(&time, &event, &score, None, None).expect("harrell");
    assert_eq!(h, h1);
    let sc = Array2::from_shape_vec((n, 1), score.clone()).expect("score");
    let (t_q, (ph, pu)) = best(
        reps,
        || SurvivalData {
            time: time.clone(),
            status: status.clone(),
        },
        |sd| {
            let ho = ConcordanceOptions {
                reverse: true,
                ..ConcordanceOptions::default()
            };
            let uo = ConcordanceOptions {
                reverse: true,
                timewt: TimeWeight::NOverG2,
                ..ConcordanceOptions::default()
            };
            let a = concordancefit(SurvResponse::Right(&sd), sc.view(), None, None, None, &ho)
                .expect("peer harrell");
            let b = concordancefit(SurvResponse::Right(&sd), sc.view(), None, None, None, &uo)
                .expect("peer uno");
            (a, b)
        },
    );
    let u = u.expect("uno");
    let mut d = rel(h.c, ph.concordance[0]).max(rel(u.c, pu.concordance[0]));
    if let Some(v) = &ph.var {
        d = d.max(rel(h.se, v[0][0].sqrt()));
    }
    rows.push(Row {
        what: "Harrell + Uno C, 100k",
        prognos: t_p,
        peer: t_q,
        diff: d,
    });

    println!("| benchmark | prognos s | peer `survival` 2.0 s | prognos / peer | max rel. diff |");
    println!("|---|---|---|---|---|");
    for r in &rows {
        println!(
            "| {} | {:.4} | {:.4} | {:.2} | {:.1e} |",
            r.what,
            r.prognos,
            r.peer,
            r.prognos / r.peer,
            r.diff
        );
    }
}
