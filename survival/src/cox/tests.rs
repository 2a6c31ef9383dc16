//! Unit tests: direct comparisons with R survival 3.5.3 on `lung` (values
//! printed by R with `sprintf("%.17g")`), and invariants.

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
