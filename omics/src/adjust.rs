//! Multiple-testing adjustment: Benjamini–Hochberg through the one
//! implementation in `prognos_core::padjust` (as R `p.adjust`).

use prognos_core::padjust::{PAdjust, p_adjust};

/// Benjamini–Hochberg adjusted p-values, as `p.adjust(p, "BH")`: `NaN`
/// entries stay `NaN` and do not count towards the number of tests.
pub fn p_adjust_bh(p: &[f64]) -> Vec<f64> {
    p_adjust(p, PAdjust::BH)
}

#[cfg(test)]
mod tests {
    #[test]
    fn matches_r_p_adjust() {
        // p.adjust(c(0.01, 0.04, 0.03, 0.2, NA), "BH") = 0.04 0.0533 0.0533 0.2 NA
        let a = super::p_adjust_bh(&[0.01, 0.04, 0.03, 0.2, f64::NAN]);
        for (x, y) in a.iter().zip([0.04, 0.16 / 3.0, 0.16 / 3.0, 0.2]) {
            assert!((x - y).abs() < 1e-15);
        }
        assert!(a[4].is_nan());
    }
}
