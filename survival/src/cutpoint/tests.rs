//! Cut-points against R (maxstat 0.7, pROC 1.18) and closed-form cases.

use super::*;

// set.seed(3); n <- 40; t <- round(rexp(n) * 10) + 1; e <- rbinom(n, 1, .7); x <- round(rnorm(n), 1)
const T: [f64; 40] = [
    18., 7., 13., 11., 3., 3., 24., 1., 2., 2., 2., 5., 3., 43., 7., 3., 5., 13., 13., 18., 10.,
    2., 21., 9., 7., 19., 2., 15., 9., 34., 28., 10., 7., 16., 4., 16., 7., 29., 6., 10.,
];
const E: [u8; 40] = [
    0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1,
    1, 1, 0, 1, 1, 0, 1, 1,
];
const X: [f64; 40] = [
    -1.7, -1.4, -0.5, -1., 1.4, 0.9, -0.8, 0.6, 0.9, 0.3, 0.4, 1.2, -0.5, -0.4, 1., -1.3, 0.2, 0.,
    0.5, 1., 0.3, 0.2, 0.7, 1.2, 0.4, -1., -0.2, 1.7, -0.4, 0.7, 1.2, 0.8, 0., 0.2, -0.9, 0.4,
    -0.9, -0.9, -1., -0.7,
];

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-12 + 1e-10 * b.abs(), "{a} vs {b}");
}

/// `maxstat.test(Surv(t, e) ~ x, smethod = "LogRank", pmethod = "Lau94")`.
#[test]
fn maxstat_matches_r() {
    let e: Vec<bool> = E.iter().map(|&v| v == 1).collect();
    let s = logrank_scores_for_test(&T, &e);
    close(s[0], -1.05821573973851);
    close(s[1], 0.534601002342938);
    let m = maxstat(&T, &e, &X, 0.1).unwrap();
    close(m.cut.statistic.unwrap(), 1.46367403161396);
    assert_eq!(m.cut.cutpoint, 0.4);
    close(m.cut.p_value.unwrap(), 0.921958001960053);
    assert_eq!(m.cuts.len(), 17);
    close(m.stats[0], 0.846449052652542);
    close(m.stats[2], 0.445086643696469);
    assert_eq!(m.cut.n_low + m.cut.n_high, 40);
}

fn logrank_scores_for_test(t: &[f64], e: &[bool]) -> Vec<f64> {
    super::maxstat::logrank_scores(t, e)
}

#[test]
fn median_odd_and_even() {
    assert_eq!(median_cut(&[3.0, 1.0, 2.0]).unwrap().cutpoint, 2.0);
    let c = median_cut(&[1.0, 2.0, 2.0, 5.0]).unwrap();
    assert_eq!((c.cutpoint, c.n_low, c.n_high), (2.0, 3, 1));
}

#[test]
fn youden_separating_scores() {
    let c = youden(
        &[0.1, 0.2, 0.3, 0.8, 0.9],
        &[false, false, false, true, true],
    )
    .unwrap();
    assert!((c.cutpoint - 0.55).abs() < 1e-12);
    assert_eq!(c.statistic, Some(1.0));
    assert_eq!((c.n_low, c.n_high), (3, 2));
    assert_eq!(
        youden(&[1.0, 2.0], &[true, true]),
        Err(CutpointError::OneClass)
    );
}

#[test]
fn no_candidate_is_an_error() {
    let r = maxstat(
        &[1.0, 2.0, 3.0],
        &[true, true, false],
        &[1.0, 1.0, 1.0],
        0.1,
    );
    assert!(matches!(r, Err(CutpointError::NoCandidate { .. })));
}
