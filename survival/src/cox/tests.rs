//! Unit tests: direct comparisons with R survival 3.5.3 on `lung` (values
//! printed by R with `sprintf("%.17g")`), and invariants.

// R prints 17 significant digits (sprintf("%.17g")); kept verbatim.
#![allow(clippy::excessive_precision)]

use super::*;
use nalgebra::DMatrix;

/// `survival::lung` complete cases on age, sex, ph.ecog (227 rows).
fn lung() -> CoxData {
    let txt = include_str!("testdata/lung.csv");
    let mut time = Vec::new();
    let mut event = Vec::new();
    let mut xs = Vec::new();
    for line in txt.lines().skip(1) {
        let v: Vec<f64> = line.split(',').map(|s| s.parse().unwrap()).collect();
        time.push(v[0]);
        event.push(v[1] == 1.0);
        xs.extend_from_slice(&v[2..5]);
    }
    let n = time.len();
    let x = DMatrix::from_row_slice(n, 3, &xs);
    CoxData::new(time, event, x).with_names(vec!["age".into(), "sex".into(), "ph.ecog".into()])
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= 1e-12 + rel * b.abs()
}

fn assert_all(got: &[f64], want: &[f64], rel: f64, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (g, w) in got.iter().zip(want) {
        assert!(
            close(*g, *w, rel),
            "{what}: got {g}, R {w}\n got {got:?}\n R   {want:?}"
        );
    }
}

#[test]
fn lung_efron_matches_r() {
    let fit = CoxParams::default().fit(&lung()).unwrap();
    assert_all(
        &fit.coef,
        &[
            0.011066764560073482,
            -0.55261239570363097,
            0.46372847537042766,
        ],
        1e-7,
        "coef",
    );
    assert_all(
        &fit.se(),
        &[0.00926741101370053, 0.167739053787264, 0.113577266161997],
        1e-7,
        "se",
    );
    assert!(close(fit.loglik_null, -744.48045576144023, 1e-12));
    assert!(close(fit.loglik, -729.23012137486194, 1e-12));
    assert!(close(fit.wald_test.statistic, 29.9292512092047, 1e-7));
    assert!(close(fit.score_test.statistic, 30.4999227049491, 1e-9));
    assert_eq!(fit.diagnostics.iterations, 3);
    assert!(fit.diagnostics.converged);
    let c = fit.concordance.expect("concordance");
    assert!((c.c - 0.637135493000455).abs() < 1e-9);
    assert!(close(c.se, 0.0250679738530796, 1e-5));
}

#[test]
fn lung_robust_matches_r() {
    let fit = CoxParams::default().robust(true).fit(&lung()).unwrap();
    assert_all(
        &fit.robust_se().unwrap(),
        &[
            0.0098813927800910483,
            0.16474842795207992,
            0.1241588486131753,
        ],
        1e-7,
        "robust se",
    );
    assert!(close(fit.wald_test.statistic, 23.802291423807887, 1e-7));
    let fb = CoxParams::default()
        .ties(Ties::Breslow)
        .robust(true)
        .fit(&lung())
        .unwrap();
    assert_all(
        &fb.coef,
        &[
            0.011041136349488499,
            -0.55188956978759729,
            0.46294704059016395,
        ],
        1e-7,
        "breslow coef",
    );
    assert_all(
        &fb.robust_se().unwrap(),
        &[
            0.0098614061933533659,
            0.16448354941708276,
            0.12396345277861068,
        ],
        1e-7,
        "breslow robust se",
    );
}

#[test]
fn lung_score_residuals_match_r() {
    let fit = CoxParams::default().fit(&lung()).unwrap();
    let r = fit.score_residuals();
    // R prints the first three rows column by column (age, sex, ph.ecog).
    let want = [
        0.34202270290037445,
        0.80479694346286912,
        15.643207332588197,
        -0.065953253225896083,
        -0.028201273453383791,
        0.68604801822993422,
        0.058458022595879039,
        -0.0479814618068021,
        2.1221305537754471,
    ];
    let got_colwise: Vec<f64> = (0..3)
        .flat_map(|j| (0..3).map(move |i| (i, j)))
        .map(|(i, j)| r[(i, j)])
        .collect();
    assert_all(&got_colwise, &want, 1e-6, "score residuals");
}

#[test]
fn lung_zph_matches_r() {
    let fit = CoxParams::default().fit(&lung()).unwrap();
    for (tr, want) in [
        (
            ZphTransform::Km,
            [
                0.18798767365229005,
                2.3054372274049735,
                2.0542487740544062,
                4.4636575887586147,
            ],
        ),
        (
            ZphTransform::Rank,
            [
                0.11729150699015248,
                2.0446946802356694,
                2.544878392625574,
                4.7106801412887682,
            ],
        ),
        (
            ZphTransform::Identity,
            [
                0.15235031725392031,
                2.4919132171065668,
                1.5782352383767626,
                4.1193829514794782,
            ],
        ),
    ] {
        let z = fit.zph(tr, None).unwrap();
        let mut got: Vec<f64> = z.terms.iter().map(|r| r.chisq).collect();
        got.push(z.global.chisq);
        assert_all(&got, &want, 1e-6, tr.as_str());
    }
}

#[test]
fn lung_predict_matches_r() {
    let fit = CoxParams::default().fit(&lung()).unwrap();
    let nd = DMatrix::from_row_slice(2, 3, &[50., 1., 0., 70., 2., 2.]);
    assert_all(
        &fit.predict_lp(&nd).unwrap(),
        &[-0.36003103631089606, 0.23614880992779796],
        1e-7,
        "lp",
    );
    let s = fit
        .predict_survival(&nd, None, &[100., 365., 700.])
        .unwrap();
    let got: Vec<f64> = s.iter().flatten().cloned().collect();
    // R's summary(survfit(fit, newdata))$surv is times x rows, column-major.
    let want = [
        0.91312370049052172,
        0.54101380818531086,
        0.25457531511864695,
        0.84791924049095857,
        0.32788945649053619,
        0.083455464689697764,
    ];
    assert_all(&got, &want, 1e-7, "survival");
    let fb = CoxParams::default()
        .ties(Ties::Breslow)
        .fit(&lung())
        .unwrap();
    let s = fb.predict_survival(&nd, None, &[100., 365., 700.]).unwrap();
    let got: Vec<f64> = s.iter().flatten().cloned().collect();
    let want = [
        0.91319909736232807,
        0.5412796498508512,
        0.25477211786347331,
        0.84823528422647454,
        0.32867659788307413,
        0.08385346311317661,
    ];
    assert_all(&got, &want, 1e-7, "breslow survival");
}

#[test]
fn lung_weights_match_r() {
    let d = lung();
    let w: Vec<f64> = (0..d.n()).map(|i| (i % 3 + 1) as f64).collect();
    let fit = CoxParams::default()
        .fit(&d.clone().with_weights(w.clone()))
        .unwrap();
    assert_all(
        &fit.coef,
        &[
            0.0079996980859181541,
            -0.37043101014832569,
            0.37888478849466162,
        ],
        1e-7,
        "weighted coef",
    );
    assert_all(
        &fit.se(),
        &[
            0.006530859321019284,
            0.11718618938687696,
            0.079018704666561371,
        ],
        1e-7,
        "weighted se",
    );
    assert!(close(fit.loglik, -1700.0343514804249, 1e-11));
    assert!(close(fit.score_test.statistic, 35.801097792486786, 1e-9));
    let fr = CoxParams::default()
        .robust(true)
        .fit(&d.with_weights(w))
        .unwrap();
    assert_all(
        &fr.robust_se().unwrap(),
        &[
            0.011521955599796031,
            0.17554820231957982,
            0.13054708029248432,
        ],
        1e-7,
        "weighted robust se",
    );
}

fn with_x(d: &CoxData, x: DMatrix<f64>) -> CoxData {
    CoxData { x, ..d.clone() }
}

#[test]
fn shifting_a_covariate_leaves_coefficients_unchanged() {
    let d = lung();
    let fit = CoxParams::default().fit(&d).unwrap();
    let mut x = d.x.clone();
    x.column_mut(0).add_scalar_mut(1000.0);
    x.column_mut(1).add_scalar_mut(-3.5);
    let shifted = CoxParams::default().fit(&with_x(&d, x)).unwrap();
    assert_all(&shifted.coef, &fit.coef, 1e-9, "coef");
    assert_all(&shifted.se(), &fit.se(), 1e-9, "se");
    assert!(close(shifted.loglik, fit.loglik, 1e-12));
}

#[test]
fn permuting_rows_leaves_the_fit_unchanged() {
    let d = lung();
    let n = d.n();
    // A fixed pseudo-random permutation (multiplicative step coprime to n).
    let perm: Vec<usize> = (0..n).map(|i| (i * 101 + 7) % n).collect();
    let pd = CoxData::new(
        perm.iter().map(|&i| d.time[i]).collect(),
        perm.iter().map(|&i| d.event[i]).collect(),
        d.x.select_rows(&perm),
    )
    .with_names(d.names.clone());
    for ties in [Ties::Efron, Ties::Breslow] {
        let a = CoxParams::default()
            .ties(ties)
            .robust(true)
            .fit(&d)
            .unwrap();
        let b = CoxParams::default()
            .ties(ties)
            .robust(true)
            .fit(&pd)
            .unwrap();
        assert_all(&b.coef, &a.coef, 1e-10, "coef");
        assert_all(
            &b.robust_se().unwrap(),
            &a.robust_se().unwrap(),
            1e-9,
            "robust se",
        );
        assert!(close(b.loglik, a.loglik, 1e-12));
        assert!((b.concordance.unwrap().c - a.concordance.unwrap().c).abs() < 1e-12);
    }
}

#[test]
fn integer_weights_equal_replicated_rows_breslow() {
    // Exact for Breslow; Efron's tie correction differs (as in R).
    let d = lung();
    let w: Vec<f64> = (0..d.n()).map(|i| (i % 3 + 1) as f64).collect();
    let idx: Vec<usize> = (0..d.n())
        .flat_map(|i| std::iter::repeat_n(i, i % 3 + 1))
        .collect();
    let rep = CoxData::new(
        idx.iter().map(|&i| d.time[i]).collect(),
        idx.iter().map(|&i| d.event[i]).collect(),
        d.x.select_rows(&idx),
    );
    let p = CoxParams::default().ties(Ties::Breslow);
    let a = p.fit(&d.clone().with_weights(w)).unwrap();
    let b = p.fit(&rep).unwrap();
    assert_all(&a.coef, &b.coef, 1e-9, "coef");
    assert_all(&a.se(), &b.se(), 1e-9, "se");
    assert!(close(a.loglik, b.loglik, 1e-12));
}

#[test]
fn splitting_follow_up_into_counting_process_rows_reproduces_the_fit() {
    let d = lung();
    let n = d.n();
    let (mut start, mut stop, mut ev, mut rows) = (vec![], vec![], vec![], vec![]);
    for i in 0..n {
        let mid = (d.time[i] / 2.0).floor();
        if mid > 0.0 {
            start.extend([0.0, mid]);
            stop.extend([mid, d.time[i]]);
            ev.extend([false, d.event[i]]);
            rows.extend([i, i]);
        } else {
            start.push(0.0);
            stop.push(d.time[i]);
            ev.push(d.event[i]);
            rows.push(i);
        }
    }
    let cp = CoxData::new(stop, ev, d.x.select_rows(&rows))
        .with_start(start)
        .with_cluster(rows.clone());
    for ties in [Ties::Efron, Ties::Breslow] {
        let a = CoxParams::default()
            .ties(ties)
            .robust(true)
            .fit(&d)
            .unwrap();
        let b = CoxParams::default().ties(ties).fit(&cp).unwrap();
        assert!(b.is_counting_process());
        assert_all(&b.coef, &a.coef, 1e-9, "coef");
        assert_all(&b.se(), &a.se(), 1e-9, "se");
        // Robust variance summed over the two rows of each subject.
        assert_all(
            &b.robust_se().unwrap(),
            &a.robust_se().unwrap(),
            1e-8,
            "robust se",
        );
        assert!(close(b.loglik, a.loglik, 1e-12));
        assert!(close(b.score_test.statistic, a.score_test.statistic, 1e-10));
    }
}

#[test]
fn monotone_likelihood_is_reported_as_infinite_coefficient() {
    // `sep` = died before day 200: the likelihood increases without bound
    // in its coefficient. R 4.2.2 / survival 3.5.3:
    // coxph(Surv(time, status) ~ age + sep, lung) warns "Loglik converged
    // before variable 2", iter = 17, coef = (0.025880900452720863, 22.0965...).
    let d = lung();
    let n = d.n();
    let x = DMatrix::from_fn(n, 2, |i, j| {
        if j == 0 {
            d.x[(i, 0)]
        } else if d.time[i] < 200.0 && d.event[i] {
            1.0
        } else {
            0.0
        }
    });
    let dd = CoxData {
        x,
        names: vec!["age".into(), "sep".into()],
        ..d
    };
    let fit = CoxParams::default().fit(&dd).unwrap();
    assert!(fit.diagnostics.converged);
    assert_eq!(
        fit.diagnostics.warnings,
        vec![CoxWarning::InfiniteCoefficient {
            column: "sep".into()
        }]
    );
    assert!(close(fit.coef[0], 0.025880900452720863, 1e-6));
    assert!(fit.coef[1] > 15.0);
    assert!((fit.diagnostics.iterations as i64 - 17).abs() <= 1);

    // All events x = 1, all censored x = 0: R runs out of iterations.
    let time = vec![1., 2., 3., 4., 5., 6., 7., 8.];
    let event = vec![true, true, true, false, true, false, false, false];
    let x = DMatrix::from_column_slice(8, 1, &[1., 1., 1., 0., 1., 0., 0., 0.]);
    let fit = CoxParams::default()
        .fit(&CoxData::new(time, event, x))
        .unwrap();
    assert!(!fit.diagnostics.converged);
    assert!(matches!(
        fit.diagnostics.warnings[0],
        CoxWarning::NotConverged { .. }
    ));
}

#[test]
fn collinear_column_is_dropped_or_an_error() {
    let d = lung();
    let n = d.n();
    let mut x = DMatrix::zeros(n, 4);
    x.columns_mut(0, 3).copy_from(&d.x);
    for i in 0..n {
        x[(i, 3)] = 2.0 * d.x[(i, 0)] - d.x[(i, 1)];
    }
    let names = vec!["age".into(), "sex".into(), "ph.ecog".into(), "combo".into()];
    let dd = CoxData {
        x,
        names,
        ..d.clone()
    };
    let fit = CoxParams::default().fit(&dd).unwrap();
    assert!(fit.coef[3].is_nan());
    assert_all(
        &fit.coef[..3],
        &CoxParams::default().fit(&d).unwrap().coef,
        1e-7,
        "coef",
    );
    assert!(
        fit.diagnostics
            .warnings
            .contains(&CoxWarning::DroppedCollinear {
                column: "combo".into()
            })
    );
    assert_eq!(fit.lr_test.df, 3);
    let err = CoxParams::default()
        .singular_ok(false)
        .fit(&dd)
        .unwrap_err();
    assert_eq!(
        err,
        CoxError::SingularDesign {
            column: "combo".into()
        }
    );
}

#[test]
fn bad_input_is_an_error() {
    let x = DMatrix::from_column_slice(3, 1, &[1., 2., 3.]);
    let none = CoxData::new(vec![1., 2., 3.], vec![false; 3], x.clone());
    assert_eq!(
        CoxParams::default().fit(&none).unwrap_err(),
        CoxError::NoEvents
    );
    let w = CoxData::new(vec![1., 2., 3.], vec![true; 3], x.clone()).with_weights(vec![1., 0., 1.]);
    assert_eq!(
        CoxParams::default().fit(&w).unwrap_err(),
        CoxError::InvalidWeight { row: 1, value: 0.0 }
    );
    let c = CoxData::new(
        vec![1., 2., 3.],
        vec![true; 3],
        DMatrix::from_element(3, 1, 2.0),
    );
    assert!(matches!(
        CoxParams::default().singular_ok(false).fit(&c).unwrap_err(),
        CoxError::ConstantCovariate { .. }
    ));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    #[test]
    fn shift_invariance_on_random_data(
        rows in proptest::collection::vec((1u32..40, proptest::bool::ANY, -3.0f64..3.0, 0u8..2), 12..40),
        shift in -50.0f64..50.0,
    ) {
        let n = rows.len();
        let time: Vec<f64> = rows.iter().map(|r| r.0 as f64).collect();
        let mut event: Vec<bool> = rows.iter().map(|r| r.1).collect();
        event[0] = true;
        let x = DMatrix::from_fn(n, 2, |i, j| if j == 0 { rows[i].2 } else { rows[i].3 as f64 });
        let d = CoxData::new(time, event, x.clone());
        let mut xs = x;
        xs.column_mut(0).add_scalar_mut(shift);
        let a = CoxParams::default().fit(&d);
        let b = CoxParams::default().fit(&with_x(&d, xs));
        if let (Ok(a), Ok(b)) = (a, b)
            && a.diagnostics.converged
            && a.diagnostics.warnings.is_empty()
        {
            for j in 0..2 {
                if a.coef[j].is_finite() {
                    proptest::prop_assert!((a.coef[j] - b.coef[j]).abs() <= 1e-6 * (1.0 + a.coef[j].abs()));
                }
            }
        }
    }
}

/// Timing of the fit alone on 100,000 × 10 rows with tied times; run with
/// `cargo test --release -p prognos-survival -- --ignored fit_100k --nocapture`.
#[test]
#[ignore]
fn fit_100k_timing() {
    let n = 100_000;
    let p = 10;
    let mut state: u64 = 20240611;
    let mut unif = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    let mut x = DMatrix::zeros(n, p);
    let mut time = vec![0.0; n];
    let mut event = vec![false; n];
    for i in 0..n {
        let mut lp = 0.0;
        for j in 0..p {
            let v = (-2.0 * unif().ln()).sqrt() * (2.0 * std::f64::consts::PI * unif()).cos();
            x[(i, j)] = v;
            lp += 0.1 * (j as f64 - 4.5) / 4.5 * v;
        }
        let t = -unif().ln() / (0.01 * lp.exp());
        let c = -unif().ln() / 0.004;
        time[i] = t.min(c).ceil().max(1.0);
        event[i] = t <= c;
    }
    let d = CoxData::new(time, event, x);
    let t0 = std::time::Instant::now();
    let fit = CoxParams::default().fit(&d).unwrap();
    eprintln!(
        "fit_s = {:.3} (iterations {})",
        t0.elapsed().as_secs_f64(),
        fit.diagnostics.iterations
    );
    let t1 = std::time::Instant::now();
    let _ = crate::concordance::harrell(&d.time, &d.event, &fit.linear_predictors, None, None);
    eprintln!("of which concordance = {:.3}", t1.elapsed().as_secs_f64());
}

/// The fit's one shared time sort gives what the separate steps gave:
/// `aeq_surv`, the layout order of a stable sort on the merged times
/// (strata too), and the concordance of `concordance::harrell`.
#[test]
fn shared_time_sort_matches_separate_steps() {
    // near-equal times that merge (chains), exact ties, both signs of zero
    let base = [
        5.0,
        1.0,
        1.0 + 1e-12,
        3.0,
        1.0,
        2.0 + 1e-10,
        2.0,
        3.0,
        0.0,
        -0.0,
        4.0,
        1.0 + 2e-12,
        2.0,
        6.0,
    ];
    let mut time = Vec::new();
    for k in 0..5 {
        time.extend(base.iter().map(|&t| if k % 2 == 0 { t } else { t + 10.0 }));
    }
    let n = time.len();
    let event: Vec<bool> = (0..n).map(|i| i % 3 != 0).collect();
    let lp: Vec<f64> = (0..n).map(|i| ((i * 7) % 11) as f64 - 5.0).collect();
    let strata: Vec<usize> = (0..n).map(|i| (i * 5) % 3).collect();
    let x = DMatrix::from_fn(n, 2, |i, j| (i * (j + 2)) as f64 % 5.0);
    let ts = kernel::TimeSort::new(&time);
    let merged = ts.merged();
    assert_eq!(
        merged.iter().map(|t| t.to_bits()).collect::<Vec<_>>(),
        crate::timefix::aeq_surv(&time)
            .iter()
            .map(|t| t.to_bits())
            .collect::<Vec<_>>()
    );
    let w = vec![1.0; n];
    for s in [vec![0; n], strata.clone()] {
        let a = kernel::CoxLayout::new(&merged, None, &event, &x, &s, &w, vec![0.0; 2]);
        let b = kernel::CoxLayout::with_time_order(
            ts.descending(&time),
            &merged,
            &event,
            &x,
            &s,
            &w,
            vec![0.0; 2],
        );
        assert_eq!(a.orig, b.orig);
    }
    for s in [None, Some(&strata[..])] {
        let h1 = crate::concordance::harrell(&merged, &event, &lp, s, None).unwrap();
        let h2 =
            crate::concordance::harrell_merged(ts.merged_again(), &event, &lp, s, None).unwrap();
        assert_eq!(h1, h2);
    }
}

/// A fit large enough to compute the concordance of its last Newton
/// candidate during that candidate's pass gives the concordance of the
/// fitted linear predictor, bit for bit.
#[test]
fn concordance_of_the_estimate_when_computed_during_the_last_pass() {
    let n = 24_000;
    let mut unif = crate::test_rng::lcg_uniform(12345);
    let x = DMatrix::from_fn(n, 2, |_, _| unif() - 0.5);
    let time: Vec<f64> = (0..n)
        .map(|i| (1.0 + 40.0 * unif() * (-(x[(i, 0)] - 0.5 * x[(i, 1)])).exp()).floor())
        .collect();
    let event: Vec<bool> = (0..n).map(|_| unif() < 0.7).collect();
    let data =
        CoxData::new(time.clone(), event.clone(), x).with_names(vec!["a".into(), "b".into()]);
    let fit = CoxParams::default().fit(&data).unwrap();
    let merged = crate::timefix::aeq_surv(&time);
    let h =
        crate::concordance::harrell(&merged, &event, &fit.linear_predictors, None, None).unwrap();
    let c = fit.concordance.unwrap();
    assert_eq!(
        (c.c.to_bits(), c.se.to_bits()),
        (h.c.to_bits(), h.se.to_bits())
    );
}
