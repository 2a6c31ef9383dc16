//! The log-rank test against R (survival 3.5.3).

use super::*;

const T: [f64; 18] = [
    5.0, 8.0, 8.0, 12.0, 15.0, 3.0, 9.0, 9.0, 20.0, 22.0, 4.0, 6.0, 7.0, 7.0, 30.0, 11.0, 2.0, 14.0,
];
const E: [u8; 18] = [1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1];

fn data() -> (Vec<bool>, Vec<usize>, Vec<usize>, Vec<String>) {
    let e = E.iter().map(|&v| v == 1).collect();
    let g = (0..18).map(|i| i / 6).collect();
    let s = (0..18).map(|i| i % 2).collect();
    (e, g, s, vec!["1".into(), "2".into(), "3".into()])
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-12 + 1e-10 * b.abs(), "{a} vs {b}");
}

/// `survdiff(Surv(t, e) ~ g)`; trend: `U <- sum(1:3 * (obs - exp))`, `U^2 / (s' var s)`.
#[test]
fn three_groups_and_trend_match_r() {
    let (e, g, _, labels) = data();
    let f = logrank(&T, &e, &g, &labels, None).unwrap();
    close(f.chisq, 0.571639063378052);
    assert_eq!(f.df, 2);
    for (r, x) in f
        .groups
        .iter()
        .zip([3.26692857795799, 4.54530159383101, 5.187769828211])
    {
        close(r.expected, x);
    }
    close(f.var[(0, 0)], 2.22085759770132);
    close(f.var[(1, 2)], -1.56865409035974);
    let tr = f.trend(None).unwrap();
    close(tr.chisq, 0.528489848040284);
    close(tr.p_value, 0.467242451524912);
}

/// `survdiff(Surv(t, e) ~ g + strata(s))`: expected summed over strata.
#[test]
fn stratified_matches_r() {
    let (e, g, s, labels) = data();
    let f = logrank(&T, &e, &g, &labels, Some(&s)).unwrap();
    close(f.chisq, 0.446869600406986);
    for (r, x) in f
        .groups
        .iter()
        .zip([3.12261904761905, 5.0547619047619, 4.82261904761905])
    {
        close(r.expected, x);
    }
    assert_eq!(f.n_strata, 2);
}

#[test]
fn one_group_is_an_error() {
    let r = logrank(
        &[1.0, 2.0],
        &[true, true],
        &[0, 0],
        &["a".into(), "b".into()],
        None,
    );
    assert_eq!(r, Err(LogrankError::TooFewGroups(1)));
}

#[test]
fn chisq_tail() {
    close(pchisq_upper(3.841458820694124, 1), 0.05);
    close(pchisq_upper(5.991464547107979, 2), 0.05);
    assert!((pchisq_upper(7.814727903251178, 3) - 0.05).abs() < 1e-12);
}
