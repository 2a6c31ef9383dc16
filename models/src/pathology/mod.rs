//! Pathology features for radiology–pathology studies:
//!
//! - [`histogram_features`] / [`aggregate_patients`]: per-nucleus
//!   measurements (area, axes, colour, neighbour distances, ...) summarised
//!   per patient by a 10-bin histogram's statistics — mean, SD, skewness,
//!   kurtosis and entropy — the nuclear morphological features (NMF) of
//!   the NPC radiomics paper;
//! - [`calinski_harabasz`] and [`ball_hall`]: cluster-validity indices of
//!   the cell spatial distribution features;
//! - [`radpath_correlation`]: the Spearman correlation matrix between
//!   radiomic and pathological features with BH-FDR and the weak /
//!   moderate / strong classes of Ratner (2009).
//!
//! Conventions (MATLAB's, which the paper used): SD with `n − 1`;
//! skewness `m3 / m2^{3/2}` and kurtosis `m4 / m2²` (not excess) with the
//! biased central moments `m_k = Σ(x − x̄)^k / n`; entropy `−Σ p_b log2 p_b`
//! of the bin proportions of `bins` equal-width bins spanning the patient's
//! `[min, max]` (a constant patient has entropy 0).

mod aggregate;
mod cluster;
mod correlation;

pub use aggregate::{
    HistogramFeatures, PathologyError, PatientFeatures, aggregate_patients, histogram_features,
};
pub use cluster::{ball_hall, calinski_harabasz};
pub use correlation::{CorrelationClass, RadPathCorrelation, RadPathPair, radpath_correlation};

#[cfg(test)]
mod tests {
    //! Values from `tests/golden/radiomics/pathology_values.R` (R 4.2.2,
    //! formulas as documented above; `cor.test` and `p.adjust`). The
    //! correlation case is tie-free: with ties `prognos_core`'s Spearman
    //! p-value differs from R 4.2.2 (reported to the core's owner).
    #![allow(clippy::excessive_precision)]
    use super::*;
    use nalgebra::DMatrix;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn histogram_statistics_match_r() {
        let x = [3.1, 4.7, 2.2, 5.9, 4.4, 3.3, 8.1, 4.0, 3.8, 6.2, 2.9, 4.4];
        let h = histogram_features(&x, 10).unwrap();
        let r = [
            4.416666666666667,
            1.645287116879512,
            0.86486950776415017,
            3.1560646843826818,
            2.6258145836939115,
        ];
        for (g, w) in [h.mean, h.sd, h.skewness, h.kurtosis, h.entropy]
            .iter()
            .zip(r)
        {
            assert!(close(*g, w), "{g} vs {w}");
        }
        let c = histogram_features(&[2.0, 2.0, 2.0], 10).unwrap();
        assert_eq!((c.sd, c.skewness, c.entropy), (0.0, 0.0, 0.0));
    }

    #[test]
    fn aggregate_sorts_patients_and_names_columns() {
        let ids: Vec<String> = ["b", "a", "b", "a", "b"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let m = DMatrix::from_column_slice(5, 1, &[1.0, 10.0, 3.0, 14.0, 5.0]);
        let f = aggregate_patients(&ids, &m, &["area".into()], 10).unwrap();
        assert_eq!(f.patients, vec!["a", "b"]);
        assert_eq!(f.names[0], "area_mean");
        assert_eq!(f.values[(0, 0)], 12.0);
        assert_eq!(f.n_nuclei, vec![2, 3]);
        let mut bad = m.clone();
        bad[(2, 0)] = f64::NAN;
        assert_eq!(
            aggregate_patients(&ids, &bad, &["area".into()], 10)
                .unwrap_err()
                .to_string(),
            "measurement 'area' of nucleus row 2 is missing or not finite"
        );
    }

    #[test]
    fn cluster_indices_match_r() {
        let pts = DMatrix::from_row_slice(
            9,
            2,
            &[
                0., 0., 0., 1., 1., 0., 5., 5., 5., 6., 6., 5., 6., 6., 10., 0., 11., 1.,
            ],
        );
        let lab = [0, 0, 0, 1, 1, 1, 1, 2, 2];
        assert!(close(
            calinski_harabasz(&pts, &lab).unwrap(),
            127.76923076923075
        ));
        assert!(close(ball_hall(&pts, &lab).unwrap(), 0.48148148148148151));
        assert!(calinski_harabasz(&pts, &[0; 9]).is_err());
    }

    #[test]
    fn spearman_matrix_matches_cor_test_and_bh() {
        let rad = DMatrix::from_column_slice(
            8,
            2,
            &[
                1.2, 3.4, 2.2, 5.1, 4.4, 6.3, 2.9, 7.7, 9., 3., 5., 1., 2., 4., 8., 6.,
            ],
        );
        let path = DMatrix::from_column_slice(
            8,
            2,
            &[
                2.0, 3.9, 2.1, 6.0, 4.2, 7.1, 3.3, 8.0, 5., 5.5, 4., 3., 6., 2., 1., 8.,
            ],
        );
        let names = |s: &str| vec![format!("{s}1"), format!("{s}2")];
        let c = radpath_correlation(&rad, &names("r"), &path, &names("p"), 0.05).unwrap();
        let rho = [
            1.0,
            0.21428571428571433,
            -0.45238095238095249,
            -0.095238095238095247,
        ];
        let p = [
            4.9603174603174603e-05,
            0.61909722222222219,
            0.26746031746031745,
            0.84012896825396821,
        ];
        let q = [
            0.00019841269841269841,
            0.82546296296296284,
            0.53492063492063491,
            0.84012896825396821,
        ];
        for k in 0..4 {
            assert!(close(c.pairs[k].rho, rho[k]), "rho {k}");
            assert!(
                (c.pairs[k].p - p[k]).abs() < 1e-9 * p[k].max(1e-3),
                "p {k}: {} vs {}",
                c.pairs[k].p,
                p[k]
            );
            assert!((c.pairs[k].q - q[k]).abs() < 1e-9 * q[k].max(1e-3), "q {k}");
        }
        assert_eq!(c.pairs[0].class, Some(CorrelationClass::Strong));
        assert_eq!(c.pairs[2].class, Some(CorrelationClass::Moderate));
        assert_eq!(c.significant().len(), 1);
        assert!(c.to_string().contains("strong"));
    }
}
