use super::weights::quantile3;
use super::*;

#[test]
fn ate_weights_and_stabilisation() {
    let ps = [0.5, 0.25, 0.75, 0.5];
    let t = [true, true, false, false];
    let w = IptwParams::default().weights(&ps, &t).unwrap();
    assert_eq!(w.weights, vec![2.0, 4.0, 4.0, 2.0]);
    let s = IptwParams::default()
        .stabilize(true)
        .weights(&ps, &t)
        .unwrap();
    assert_eq!(s.weights, vec![1.0, 2.0, 2.0, 1.0]);
    assert!((w.ess_treated - 36.0 / 20.0).abs() < 1e-12);
    assert_eq!(w.ess_treated, s.ess_treated);
}

#[test]
fn att_stabilised_as_weightit() {
    // WeightIt's stabilize_w: every weight times the share of its group.
    let ps = [0.5, 0.5, 0.75, 0.2];
    let t = [true, false, false, false];
    let s = IptwParams::default()
        .estimand(Estimand::Att)
        .stabilize(true)
        .weights(&ps, &t)
        .unwrap();
    assert_eq!(s.weights, vec![0.25, 0.75, 2.25, 0.1875]);
}

#[test]
fn quantile_type3_matches_r() {
    // R: quantile(1:10, c(.5, .75, .9, .95, .99), type = 3) = 5 8 9 10 10
    let v: Vec<f64> = (1..=10).map(f64::from).collect();
    assert_eq!(quantile3(&v, 0.5), 5.0);
    assert_eq!(quantile3(&v, 0.75), 8.0);
    assert_eq!(quantile3(&v, 0.9), 9.0);
    assert_eq!(quantile3(&v, 0.95), 10.0);
    assert_eq!(quantile3(&v, 0.99), 10.0);
}

#[test]
fn trimming_caps_controls_only_for_att() {
    let ps = [0.5, 0.5, 0.1, 0.2, 0.3, 0.9];
    let t = [true, true, false, false, false, false];
    let w = IptwParams::default()
        .estimand(Estimand::Att)
        .trim(Some(0.75))
        .weights(&ps, &t)
        .unwrap();
    // control weights 1/9, 1/4, 3/7, 9; type 3 at 0.75: n p - 0.5 = 2.5 -> x3 = 3/7
    assert_eq!(w.n_trimmed, 1);
    assert!((w.weights[5] - 3.0 / 7.0).abs() < 1e-15);
    assert_eq!(&w.weights[..2], &[1.0, 1.0]);
}

#[test]
fn rejects_score_of_one_and_infinite_weights() {
    let e = IptwParams::default()
        .weights(&[1.0, 0.5], &[true, false])
        .unwrap_err();
    assert_eq!(
        e,
        MatchError::ScoreOutOfRange {
            index: 0,
            value: 1.0
        }
    );
    let e = IptwParams::default()
        .weights(&[0.5, 1e-320], &[false, true])
        .unwrap_err();
    assert!(matches!(e, MatchError::ExtremeScore { index: 1, .. }));
    let e = IptwParams::default()
        .weights(&[0.5, 1.0 - 1e-12], &[false, true])
        .unwrap_err();
    assert!(matches!(e, MatchError::ExtremeScore { index: 1, .. }));
}

#[test]
fn no_treated_is_an_error() {
    let e = IptwParams::default()
        .weights(&[0.3, 0.5], &[false, false])
        .unwrap_err();
    assert_eq!(e, MatchError::NoTreated);
}
