//! Concordance against R (survival 3.5.3), plus brute-force checks.
#![allow(clippy::excessive_precision)]

use super::*;
use proptest::prelude::*;

// set.seed(3); n <- 40; t <- round(rexp(n) * 10); e <- rbinom(n, 1, .7);
// x <- round(rnorm(n), 1); w <- runif(n) + 0.5; s <- rep(1:2, 20)
const T: [f64; 40] = [
    17., 6., 12., 10., 2., 2., 23., 0., 1., 1., 1., 4., 2., 42., 6., 2., 4., 12., 12., 17., 9., 1.,
    20., 8., 6., 18., 1., 14., 8., 33., 27., 9., 6., 15., 3., 15., 6., 28., 5., 9.,
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
const W: [f64; 40] = [
    1.3540463305544108,
    0.62393011711537838,
    0.84794370015151799,
    0.82421237998642027,
    0.97186346421949565,
    1.3511967600788921,
    0.82202244503423572,
    1.0581573322415352,
    1.2057145959697664,
    0.89073739550076425,
    1.3242373915854841,
    1.406531423330307,
    0.91711704293265939,
    0.77913200855255127,
    1.2314980688970536,
    1.3604901034850627,
    0.84271026425994933,
    0.99292217893525958,
    1.3538532799575478,
    0.88725300040096045,
    1.2265075284522027,
    1.1841217002365738,
    1.3455329604912549,
    0.5328013296239078,
    1.2284617437981069,
    0.97662215190939605,
    1.0818919802550226,
    0.70705047249794006,
    0.52886600675992668,
    1.4732611377257854,
    0.74743524193763733,
    0.61967768869362772,
    1.1848619966767728,
    1.2342961593531072,
    0.82167105842381716,
    1.3104681230615824,
    0.88983784080483019,
    1.0960817649029195,
    0.83955052448436618,
    1.2180540205445141,
];

fn ev() -> Vec<bool> {
    E.iter().map(|&v| v == 1).collect()
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-12 + 1e-10 * b.abs(), "{a} vs {b}");
}

#[test]
fn harrell_matches_r() {
    let h = harrell(&T, &ev(), &X, None, None).unwrap();
    close(h.c, 0.45841784989858);
    close(h.se, 0.0693789216029033);
    assert_eq!(
        (
            h.concordant,
            h.discordant,
            h.tied_score,
            h.tied_time,
            h.tied_both
        ),
        (218.0, 259.0, 16.0, 22.0, 0.0)
    );
}

#[test]
fn harrell_strata_matches_r() {
    let s: Vec<usize> = (0..40).map(|i| i % 2).collect();
    let h = harrell(&T, &ev(), &X, Some(&s), None).unwrap();
    close(h.c, 0.450819672131147);
    close(h.se, 0.074530559686361);
    assert_eq!(
        (h.concordant, h.discordant, h.tied_score, h.tied_time),
        (108.0, 132.0, 4.0, 9.0)
    );
}

#[test]
fn harrell_weights_match_r() {
    let h = harrell(&T, &ev(), &X, None, Some(&W)).unwrap();
    close(h.c, 0.465720907510044);
    close(h.se, 0.0745682959282342);
    close(h.concordant, 242.537980208231);
    close(h.tied_score, 19.44490283528);
}

/// `concordance(Surv(t, e) ~ x, reverse = TRUE, timewt = "n/G2", ymax = tau)`.
#[test]
fn uno_matches_r() {
    let u = uno(&T, &ev(), &X, None).unwrap();
    close(u.c, 0.470923854882035);
    close(u.se, 0.0655814386254799);
    close(u.concordant, 332.997665396529);
    let u = uno(&T, &ev(), &X, Some(8.0)).unwrap();
    close(u.c, 0.455002474022761);
    close(u.se, 0.0795270810308693);
    assert_eq!(u.tau, 8.0);
}

#[test]
fn no_events_is_an_error() {
    assert_eq!(
        harrell(&[1.0, 2.0], &[false, false], &[1.0, 2.0], None, None),
        Err(ConcordanceError::NoComparablePairs)
    );
}

/// O(n²) definition of the reversed counts.
fn brute(t: &[f64], e: &[bool], x: &[f64]) -> (f64, f64, f64) {
    let (mut c, mut d, mut tx) = (0.0, 0.0, 0.0);
    for i in 0..t.len() {
        for j in 0..t.len() {
            if e[i] && (t[i] < t[j] || (t[i] == t[j] && !e[j])) {
                if x[i] > x[j] {
                    c += 1.0
                } else if x[i] < x[j] {
                    d += 1.0
                } else {
                    tx += 1.0
                }
            }
        }
    }
    (c, d, tx)
}

proptest! {
    #[test]
    fn counts_equal_brute_force(data in proptest::collection::vec((1u8..15, any::<bool>(), 0u8..6), 2..60)) {
        let t: Vec<f64> = data.iter().map(|d| d.0 as f64).collect();
        let e: Vec<bool> = data.iter().map(|d| d.1).collect();
        let x: Vec<f64> = data.iter().map(|d| d.2 as f64).collect();
        let (c, d, tx) = brute(&t, &e, &x);
        match harrell(&t, &e, &x, None, None) {
            Ok(h) => {
                prop_assert_eq!((h.concordant, h.discordant, h.tied_score), (c, d, tx));
                prop_assert!(h.se.is_finite() && h.se >= 0.0);
            }
            Err(_) => prop_assert_eq!(c + d + tx, 0.0),
        }
    }
}

/// R: `concordance(Surv(time, status) ~ m + cluster(id), d, reverse = TRUE)`
/// (survival 3.5): the grouped-jackknife se; the C is the unclustered one.
#[test]
fn clustered_se_matches_r() {
    let time = [1.0, 2.0, 2.0, 3.0, 4.0, 5.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
    let status = [1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0];
    let event: Vec<bool> = status.iter().map(|&s| s == 1).collect();
    let m = [5.0, 3.0, 4.0, 4.0, 1.0, 2.0, 6.0, 2.0, 3.0, 1.0, 0.0, 2.0];
    let id = [1, 1, 2, 2, 3, 3, 4, 4, 1, 2, 3, 4];
    let c = harrell_clustered(&time, &event, &m, None, None, &id).unwrap();
    let c0 = harrell(&time, &event, &m, None, None).unwrap();
    assert!((c.c - 0.780_487_804_878_048_81).abs() < 1e-14);
    assert_eq!(c.c, c0.c);
    assert!((c.se - 0.116_484_909_871_193_52).abs() < 1e-12);
    assert!((c0.se - 0.103_783_817_531_563_64).abs() < 1e-12);
    assert!(harrell_clustered(&time, &event, &m, None, None, &id[..3]).is_err());
}

/// R: `concordance(Surv(start, stop, status) ~ m (+ cluster(id)), d,
/// reverse = TRUE)` (survival 3.5): rows start at other rows' event times,
/// tied stop times, tied scores.
#[test]
fn counting_process_matches_r() {
    let start = [0.0, 0.0, 1.0, 2.0, 0.0, 3.0, 0.0, 2.0, 1.0, 4.0, 0.0, 5.0];
    let stop = [2.0, 3.0, 4.0, 5.0, 5.0, 6.0, 3.0, 7.0, 8.0, 9.0, 4.0, 10.0];
    let status = [1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 0, 0];
    let event: Vec<bool> = status.iter().map(|&s| s == 1).collect();
    let m = [5.0, 3.0, 4.0, 4.0, 1.0, 2.0, 6.0, 2.0, 3.0, 1.0, 0.0, 2.0];
    let id = [1, 1, 2, 2, 3, 3, 4, 4, 1, 2, 3, 4];
    let c = harrell_counting(&start, &stop, &event, &m, None, None, None).unwrap();
    assert!((c.c - 0.844_827_586_206_896_57).abs() < 1e-14);
    assert!((c.se - 0.073_659_403_646_634_161).abs() < 1e-12);
    assert_eq!((c.concordant, c.discordant, c.tied_score), (23.0, 3.0, 3.0));
    let cl = harrell_counting(&start, &stop, &event, &m, None, None, Some(&id)).unwrap();
    assert!((cl.se - 0.039_535_148_795_591_675).abs() < 1e-12);
    // all starts at 0 is the right-censored C
    let zero = [0.0; 12];
    let a = harrell_counting(&zero, &stop, &event, &m, None, None, None).unwrap();
    let b = harrell(&stop, &event, &m, None, None).unwrap();
    assert!((a.c - b.c).abs() < 1e-15 && (a.se - b.se).abs() < 1e-15);
    let mut bad = start;
    bad[3] = 5.0;
    assert!(matches!(
        harrell_counting(&bad, &stop, &event, &m, None, None, None),
        Err(ConcordanceError::EmptyInterval { row: 3, .. })
    ));
}

/// The bucket sort of the scores orders exactly as the radix sort: by key,
/// ties in index order (duplicates, both zeros, clusters, huge ranges).
#[test]
fn sort_keys_matches_radix_sort() {
    let mut unif = crate::test_rng::lcg_uniform(7);
    let mut cases: Vec<Vec<f64>> = Vec::new();
    cases.push((0..5000).map(|_| unif() * 2.0 - 1.0).collect());
    cases.push((0..5000).map(|_| (unif() * 20.0).floor() - 10.0).collect());
    cases.push(
        (0..3000)
            .map(|i| match i % 4 {
                0 => 0.0,
                1 => -0.0,
                2 => 1e-300 * unif(),
                _ => 1e300 * (unif() - 0.5),
            })
            .collect(),
    );
    cases.push(
        (0..4000)
            .map(|i| if i % 100 == 0 { 1e6 } else { unif() })
            .collect(),
    );
    cases.push([f64::MAX, -f64::MAX, 0.0, 1.0].repeat(50));
    cases.push(vec![3.0; 200]);
    for values in cases {
        assert_eq!(sort_keys(&values), radix_sorted_keys(&values));
    }
}
