//! ICC against `psych::ICC(x, lmer = FALSE)` (psych 2.2.9, R 4.2) and the
//! filter's input checks.
#![allow(clippy::excessive_precision)] // R values printed with %.17g

use super::*;
use nalgebra::DMatrix;

/// Shrout & Fleiss (1979) Table 2, rows = targets, columns = judges.
fn shrout_fleiss() -> DMatrix<f64> {
    DMatrix::from_row_slice(
        6,
        4,
        &[
            9., 2., 5., 8., 6., 1., 3., 2., 8., 4., 6., 8., 7., 1., 2., 6., 10., 5., 6., 9., 6.,
            2., 4., 7.,
        ],
    )
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= 1e-12 + rel * b.abs()
}

#[test]
fn shrout_fleiss_matches_psych() {
    // sprintf("%.17g") of ICC(x, lmer = FALSE)$results: ICC F df1 df2 p lower upper.
    let r_values: [(IccForm, [f64; 7]); 6] = [
        (
            IccForm::Icc1,
            [
                0.16574176840547555,
                1.794678492239469,
                5.,
                18.,
                0.16476880834463961,
                -0.13293232487475087,
                0.72256006232812109,
            ],
        ),
        (
            IccForm::Icc2,
            [
                0.28976377952755922,
                11.027247956403272,
                5.,
                15.,
                0.00013456651648433693,
                0.018786513374712047,
                0.7610843696489531,
            ],
        ),
        (
            IccForm::Icc3,
            [
                0.71484071484071487,
                11.027247956403272,
                5.,
                15.,
                0.00013456651648433693,
                0.34246476503392537,
                0.94585825995535955,
            ],
        ),
        (
            IccForm::Icc1k,
            [
                0.44279713367926893,
                1.794678492239469,
                5.,
                18.,
                0.16476880834463961,
                -0.88444215523811898,
                0.91241542034077561,
            ],
        ),
        (
            IccForm::Icc2k,
            [
                0.62005054759898925,
                11.027247956403272,
                5.,
                15.,
                0.00013456651648433693,
                0.071136815302503487,
                0.92723204016772198,
            ],
        ),
        (
            IccForm::Icc3k,
            [
                0.90931554237706946,
                11.027247956403272,
                5.,
                15.,
                0.00013456651648433693,
                0.67567471381630473,
                0.98589167816906231,
            ],
        ),
    ];
    let res = icc(&shrout_fleiss(), 0.95).unwrap();
    for (form, v) in r_values {
        let e = res.get(form);
        let got = [e.value, e.f, e.df1, e.df2, e.p, e.lower, e.upper];
        for (k, (g, w)) in got.iter().zip(v.iter()).enumerate() {
            assert!(close(*g, *w, 1e-9), "{form:?} field {k}: {g} vs R {w}");
        }
    }
    assert!(res.to_string().contains("ICC3k"));
}

#[test]
fn qf_matches_r() {
    // qf(0.975, 5, 15), qf(0.975, 15, 5), qf(0.975, 5, 3.7236)
    assert!(close(qf(0.975, 5.0, 15.0), 3.5764153492790602, 1e-12));
    assert!(close(qf(0.975, 15.0, 5.0), 6.4277281670787758, 1e-12));
}

#[test]
fn perfect_agreement_gives_one() {
    let x = DMatrix::from_fn(10, 3, |i, _| (i * i) as f64);
    let r = icc(&x, 0.95).unwrap();
    for f in IccForm::ALL {
        assert!((r.get(f).value - 1.0).abs() < 1e-12, "{f:?}");
    }
}

fn table(name: &str, patients: &[&str], values: &[f64], features: &[&str]) -> ReaderTable {
    ReaderTable {
        name: name.into(),
        patients: patients.iter().map(|s| s.to_string()).collect(),
        features: features.iter().map(|s| s.to_string()).collect(),
        values: DMatrix::from_row_slice(patients.len(), features.len(), values),
    }
}

#[test]
fn filter_keeps_reproducible_drops_noisy_and_constant() {
    let pats = ["p1", "p2", "p3", "p4", "p5", "p6"];
    let f = ["stable", "noisy", "flat"];
    let a = table(
        "r1",
        &pats,
        &[
            1., 5., 2., 2., 1., 2., 3., 7., 2., 4., 2., 2., 5., 9., 2., 6., 3., 2.,
        ],
        &f,
    );
    // Reader 2 lists the patients in another order.
    let b = table(
        "r2",
        &["p6", "p5", "p4", "p3", "p2", "p1"],
        &[
            6.1, 8., 2., 5.0, 1., 2., 4.1, 3., 2., 2.9, 9., 2., 2.1, 6., 2., 0.9, 2., 2.,
        ],
        &f,
    );
    let res = IccFilterParams::default().fit(&[a, b]).unwrap();
    assert_eq!(res.kept(), vec!["stable"]);
    assert_eq!(res.features[2].reason.as_deref(), Some("constant"));
    assert!(res.features[1].reason.as_ref().unwrap().starts_with("ICC2"));
}

#[test]
fn mismatched_patients_is_a_clear_error() {
    let a = table("r1", &["p1", "p2", "p3"], &[1., 2., 3.], &["f"]);
    let b = table("r2", &["p1", "p2", "p9"], &[1., 2., 3.], &["f"]);
    let e = IccFilterParams::default().fit(&[a, b]).unwrap_err();
    assert_eq!(
        e,
        IccError::PatientMismatch {
            first: "r1".into(),
            second: "r2".into(),
            patient: "p3".into()
        }
    );
    assert!(e.to_string().contains("'p3'"));
}

#[test]
fn missing_value_names_reader_feature_patient() {
    let a = table("r1", &["p1", "p2", "p3"], &[1., f64::NAN, 3.], &["f"]);
    let b = table("r2", &["p1", "p2", "p3"], &[1., 2., 3.], &["f"]);
    let e = IccFilterParams::default().fit(&[a, b]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "feature 'f' of reader table 'r1' is missing or not finite for patient 'p2'"
    );
}
