//! Kaplan–Meier against R (survival 3.5.3) and invariants.

use super::*;
use proptest::prelude::*;

const T: [f64; 10] = [1.0, 2.0, 2.0, 3.0, 4.0, 5.0, 5.0, 6.0, 7.0, 8.0];
const E: [bool; 10] = [
    true, true, false, true, false, true, false, true, true, false,
];

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-12 + 1e-10 * b.abs(), "{a} vs {b}");
}

fn curve(conf_type: ConfType, w: Option<&[f64]>) -> KmCurve {
    KmParams {
        conf_type,
        ..Default::default()
    }
    .fit(&T, &E, w)
    .unwrap()
}

/// `f <- survfit(Surv(t, e) ~ 1, conf.type = ct)`; `f$surv`, `f$std.err`,
/// `f$lower`, `f$upper` and `summary(f)$table` medians.
#[test]
fn matches_r_unweighted_all_conf_types() {
    let surv = [
        0.9,
        0.8,
        0.685714285714286,
        0.685714285714286,
        0.548571428571428,
        0.365714285714286,
        0.182857142857143,
        0.182857142857143,
    ];
    let se = [
        0.105409255338946,
        0.158113883008419,
        0.220928775422134,
        0.220928775422134,
        0.314339822182179,
        0.515243816533678,
        0.874914961854117,
        0.874914961854117,
    ];
    let log_lower = [
        0.732011642743993,
        0.586817701233814,
        0.444721660685212,
        0.444721660685212,
        0.296255650635536,
        0.133218823375554,
        0.0329141742444077,
        0.0329141742444077,
    ];
    let ll_lower = [
        0.473009271362051,
        0.408690781633404,
        0.304585074201847,
        0.304585074201847,
        0.18725595404527,
        0.0642416562888732,
        0.00945214379353007,
        0.00945214379353007,
    ];
    let ll_upper = [
        0.985281393367343,
        0.945872645838912,
        0.887148495027707,
        0.887148495027707,
        0.806377491034268,
        0.691703169300565,
        0.53833317479361,
        0.53833317479361,
    ];
    let pl_lower = [
        0.714061490308632,
        0.552081987078175,
        0.388791467673654,
        0.388791467673654,
        0.210599462189461,
        0.0,
        0.0,
        0.0,
    ];
    let pl_upper = [
        1.0,
        1.0,
        0.982637103754917,
        0.982637103754917,
        0.886543394953396,
        0.735034266939601,
        0.496420903272101,
        0.496420903272101,
    ];
    let c = curve(ConfType::Log, None);
    assert_eq!(c.table.len(), 8);
    assert_eq!(c.table[1].n_risk, 9.0);
    assert_eq!(c.table[1].n_censor, 1.0);
    for (j, r) in c.table.iter().enumerate() {
        close(r.survival, surv[j]);
        close(r.std_err_log, se[j]);
        close(r.lower.unwrap(), log_lower[j]);
        close(r.upper.unwrap(), 1.0);
    }
    assert_eq!(
        c.median,
        Median {
            estimate: Some(6.0),
            lower: Some(3.0),
            upper: None
        }
    );
    let c = curve(ConfType::LogLog, None);
    for (j, r) in c.table.iter().enumerate() {
        close(r.lower.unwrap(), ll_lower[j]);
        close(r.upper.unwrap(), ll_upper[j]);
    }
    assert_eq!(
        c.median,
        Median {
            estimate: Some(6.0),
            lower: Some(1.0),
            upper: None
        }
    );
    let c = curve(ConfType::Plain, None);
    for (j, r) in c.table.iter().enumerate() {
        close(r.lower.unwrap(), pl_lower[j]);
        close(r.upper.unwrap(), pl_upper[j]);
    }
    assert_eq!(
        c.median,
        Median {
            estimate: Some(6.0),
            lower: Some(3.0),
            upper: Some(7.0)
        }
    );
}

/// Non-integer weights: R uses the infinitesimal-jackknife variance and
/// reports the standard error of S (`logse = FALSE`).
#[test]
fn matches_r_fractional_weights_robust_variance() {
    let w = [1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 0.5, 2.0, 1.0, 1.0];
    let surv = [
        0.916666666666667,
        0.75,
        0.609375,
        0.609375,
        0.498579545454545,
        0.249289772727273,
        0.124644886363636,
        0.124644886363636,
    ];
    let se = [
        0.0811341767051939,
        0.156596837274718,
        0.17578426405595,
        0.17578426405595,
        0.182837507526053,
        0.16010018377753,
        0.11906381087342,
        0.11906381087342,
    ];
    let lower = [
        0.770675550294961,
        0.498119989942446,
        0.346211521186952,
        0.346211521186952,
        0.242987834502095,
        0.0708013188290136,
        0.0191684130672182,
        0.0191684130672182,
    ];
    let c = curve(ConfType::Log, Some(&w));
    assert_eq!(c.variance, KmVariance::InfinitesimalJackknife);
    for (j, r) in c.table.iter().enumerate() {
        close(r.survival, surv[j]);
        close(r.std_err, se[j]);
        close(r.lower.unwrap(), lower[j]);
    }
}

/// `summary(survfit(Surv(c(1,2,2,3,4,5,5), c(1,1,0,1,0,1,0)) ~ 1), times = c(.5,1,2.5,4,5,6))`:
/// time 6 is past the last time and dropped; n.risk 7 7 4 3 2.
#[test]
fn at_times_as_summary() {
    let c = KmParams::default()
        .fit(
            &[1.0, 2.0, 2.0, 3.0, 4.0, 5.0, 5.0],
            &[true, true, false, true, false, true, false],
            None,
        )
        .unwrap();
    let at = c.at(&[0.5, 1.0, 2.5, 4.0, 5.0, 6.0]);
    assert_eq!(at.len(), 5);
    let n_risk: Vec<f64> = at.iter().map(|a| a.n_risk).collect();
    assert_eq!(n_risk, vec![7.0, 7.0, 4.0, 3.0, 2.0]);
    close(at[0].survival, 1.0);
    assert_eq!(at[0].lower, Some(1.0));
    close(at[2].survival, 0.7142857142857143);
    assert!((at[2].std_err - 0.1707469).abs() < 1e-7);
    assert!((at[4].lower.unwrap() - 0.0558070).abs() < 1e-7);
}

/// Curve reaching zero: Greenwood std.err is infinite, limits NA.
#[test]
fn curve_reaching_zero_has_no_limits() {
    let c = KmParams::default()
        .fit(&[1.0, 2.0, 3.0], &[true, false, true], None)
        .unwrap();
    let last = c.table.last().unwrap();
    assert_eq!(last.survival, 0.0);
    assert_eq!((last.lower, last.upper), (None, None));
    assert_eq!(c.median.estimate, Some(3.0));
}

/// Exactly 0.5 over an interval: the median is the midpoint (R: 2.5 for
/// `survfit(Surv(1:4, rep(1, 4)) ~ 1)`).
#[test]
fn median_midpoint_when_curve_is_half() {
    let c = KmParams::default()
        .fit(&[1.0, 2.0, 3.0, 4.0], &[true; 4], None)
        .unwrap();
    assert_eq!(c.median.estimate, Some(2.5));
}

#[test]
fn near_equal_times_are_merged() {
    let c = KmParams::default()
        .fit(&[1.0, 1.0 + 1e-12, 2.0], &[true, true, false], None)
        .unwrap();
    assert_eq!(c.table.len(), 2);
    assert_eq!(c.table[0].n_event, 2.0);
    let c = KmParams {
        timefix: false,
        ..Default::default()
    }
    .fit(&[1.0, 1.0 + 1e-12, 2.0], &[true, true, false], None)
    .unwrap();
    assert_eq!(c.table.len(), 3);
}

#[test]
fn bad_input_is_an_error() {
    let p = KmParams::default();
    assert!(matches!(
        p.fit(&[1.0, f64::NAN], &[true, true], None),
        Err(KmError::InvalidTime { row: 1, .. })
    ));
    assert!(matches!(
        p.fit(&[1.0], &[true, true], None),
        Err(KmError::LengthMismatch { .. })
    ));
    assert!(matches!(
        p.fit(&[1.0], &[true], Some(&[-1.0])),
        Err(KmError::InvalidWeight { row: 0, .. })
    ));
    assert!(matches!(p.fit(&[], &[], None), Err(KmError::Empty)));
}

proptest! {
    /// Survival is non-increasing, within [0, 1], limits bracket it, and the
    /// number at risk decreases by the events and censorings of each row.
    #[test]
    fn curve_invariants(data in proptest::collection::vec((1u8..30, any::<bool>()), 1..80)) {
        let time: Vec<f64> = data.iter().map(|d| d.0 as f64).collect();
        let event: Vec<bool> = data.iter().map(|d| d.1).collect();
        let c = KmParams::default().fit(&time, &event, None).unwrap();
        let mut prev = 1.0;
        for (j, r) in c.table.iter().enumerate() {
            prop_assert!(r.survival <= prev && r.survival >= 0.0);
            prev = r.survival;
            if let (Some(l), Some(u)) = (r.lower, r.upper) {
                prop_assert!(l <= r.survival + 1e-12 && r.survival <= u + 1e-12);
            }
            if j + 1 < c.table.len() {
                prop_assert_eq!(c.table[j + 1].n_risk, r.n_risk - r.n_event - r.n_censor);
            }
        }
        prop_assert_eq!(c.table[0].n_risk, time.len() as f64);
        // integer weights = replicated rows
        let w: Vec<f64> = (0..time.len()).map(|i| (i % 3 + 1) as f64).collect();
        let cw = KmParams::default().fit(&time, &event, Some(&w)).unwrap();
        let (mut t2, mut e2) = (vec![], vec![]);
        for i in 0..time.len() { for _ in 0..(i % 3 + 1) { t2.push(time[i]); e2.push(event[i]); } }
        let cr = KmParams::default().fit(&t2, &e2, None).unwrap();
        for (a, b) in cw.table.iter().zip(&cr.table) {
            prop_assert!((a.survival - b.survival).abs() < 1e-12);
            prop_assert!((a.std_err - b.std_err).abs() < 1e-12);
        }
    }
}

/// `summary(survfit(..., conf.type = "log-log"), times = t)` before the first
/// time reads survfit0's time-0 row: limits 1, not NA (ovarian rx = 2 at 200).
#[test]
fn at_before_first_time_has_unit_limits_for_log_log() {
    let c = KmParams {
        conf_type: ConfType::LogLog,
        ..Default::default()
    }
    .fit(&[353.0, 365.0, 377.0], &[true, true, false], None)
    .unwrap();
    let at = c.at(&[200.0]);
    assert_eq!(
        (at[0].survival, at[0].lower, at[0].upper),
        (1.0, Some(1.0), Some(1.0))
    );
}
