//! SMOTE: synthetic minority over-sampling (Chawla et al. 2002), to be run
//! on training folds only (see [`crate::classify::Pipeline`]).
//!
//! Each synthetic case is `x_a + u (x_b − x_a)` with `x_a` a minority case
//! drawn uniformly, `x_b` one of its `k` nearest minority neighbours
//! (Euclidean) drawn uniformly, and `u ~ U(0, 1)`, as
//! `imblearn.over_sampling.SMOTE`. By default the minority class is grown
//! to the size of the majority class.
//!
//! | Name | Default | Purpose |
//! |---|---|---|
//! | `k` | 5 | neighbours (fewer when the minority class is smaller) |
//! | `ratio` | 1 | target minority/majority ratio after resampling |
//! | `seed` | 1 | generator seed |
//!
//! # References
//! Chawla NV, Bowyer KW, Hall LO, Kegelmeyer WP (2002). SMOTE: synthetic
//! minority over-sampling technique. *J Artif Intell Res* 16:321–57.

use nalgebra::DMatrix;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Invalid input to SMOTE.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SmoteError {
    /// The minority class has fewer than two cases.
    #[error("SMOTE needs at least 2 cases of the minority class (got {0})")]
    TooFewMinority(usize),
    /// Bad ratio or k.
    #[error("SMOTE {name} must be {requirement} (got {value})")]
    BadParameter {
        /// Parameter.
        name: &'static str,
        /// Requirement.
        requirement: &'static str,
        /// Value.
        value: f64,
    },
    /// Labels and rows disagree.
    #[error("SMOTE got {labels} labels for {rows} rows")]
    LengthMismatch {
        /// Labels.
        labels: usize,
        /// Rows.
        rows: usize,
    },
}

/// SMOTE parameters (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SmoteParams {
    /// Nearest neighbours.
    pub k: usize,
    /// Target minority/majority ratio.
    pub ratio: f64,
    /// Seed.
    pub seed: u64,
}

impl Default for SmoteParams {
    fn default() -> Self {
        SmoteParams {
            k: 5,
            ratio: 1.0,
            seed: 1,
        }
    }
}

/// The resampled training data: the original rows followed by the
/// synthetic minority rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Resampled {
    /// Features.
    pub x: DMatrix<f64>,
    /// Labels.
    pub y: Vec<bool>,
    /// Synthetic rows added.
    pub n_synthetic: usize,
}

impl SmoteParams {
    /// Over-samples the minority class of `(x, y)`. Already balanced data
    /// (ratio reached) are returned unchanged.
    ///
    /// # Errors
    /// [`SmoteError`].
    pub fn resample(&self, x: &DMatrix<f64>, y: &[bool]) -> Result<Resampled, SmoteError> {
        if y.len() != x.nrows() {
            return Err(SmoteError::LengthMismatch {
                labels: y.len(),
                rows: x.nrows(),
            });
        }
        if !(self.ratio > 0.0 && self.ratio <= 1.0) {
            return Err(SmoteError::BadParameter {
                name: "ratio",
                requirement: "in (0, 1]",
                value: self.ratio,
            });
        }
        if self.k == 0 {
            return Err(SmoteError::BadParameter {
                name: "k",
                requirement: "at least 1",
                value: 0.0,
            });
        }
        let n1 = y.iter().filter(|&&v| v).count();
        let n0 = y.len() - n1;
        let minority_label = n1 < n0;
        let minority: Vec<usize> = (0..y.len()).filter(|&i| y[i] == minority_label).collect();
        let (nmin, nmaj) = (n1.min(n0), n1.max(n0));
        let target = (self.ratio * nmaj as f64).round() as usize;
        if target <= nmin {
            return Ok(Resampled {
                x: x.clone(),
                y: y.to_vec(),
                n_synthetic: 0,
            });
        }
        if nmin < 2 {
            return Err(SmoteError::TooFewMinority(nmin));
        }
        let k = self.k.min(nmin - 1);
        let p = x.ncols();
        // k nearest minority neighbours of each minority case.
        let neighbours: Vec<Vec<usize>> = minority
            .iter()
            .map(|&a| {
                let mut d: Vec<(f64, usize)> = minority
                    .iter()
                    .filter(|&&b| b != a)
                    .map(|&b| {
                        let dist: f64 = (0..p).map(|j| (x[(a, j)] - x[(b, j)]).powi(2)).sum();
                        (dist, b)
                    })
                    .collect();
                d.sort_by(|u, v| u.0.total_cmp(&v.0).then(u.1.cmp(&v.1)));
                d.into_iter().take(k).map(|(_, b)| b).collect()
            })
            .collect();
        let n_new = target - nmin;
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        let n = x.nrows();
        let mut out = DMatrix::zeros(n + n_new, p);
        out.rows_mut(0, n).copy_from(x);
        for s in 0..n_new {
            let ai = rng.random_range(0..nmin);
            let a = minority[ai];
            let b = neighbours[ai][rng.random_range(0..k)];
            let u: f64 = rng.random();
            for j in 0..p {
                out[(n + s, j)] = x[(a, j)] + u * (x[(b, j)] - x[(a, j)]);
            }
        }
        let mut yy = y.to_vec();
        yy.extend(std::iter::repeat_n(minority_label, n_new));
        Ok(Resampled {
            x: out,
            y: yy,
            n_synthetic: n_new,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balances_and_stays_in_the_minority_hull() {
        let x = DMatrix::from_fn(20, 2, |i, j| (i * (j + 1)) as f64);
        let y: Vec<bool> = (0..20).map(|i| i < 5).collect();
        let r = SmoteParams::default().resample(&x, &y).unwrap();
        assert_eq!(r.n_synthetic, 10);
        assert_eq!(r.y.iter().filter(|&&v| v).count(), 15);
        for i in 20..30 {
            assert!((0.0..=4.0).contains(&r.x[(i, 0)]));
            assert!((r.x[(i, 1)] - 2.0 * r.x[(i, 0)]).abs() < 1e-12);
        }
        let again = SmoteParams::default().resample(&x, &y).unwrap();
        assert_eq!(r, again);
    }

    #[test]
    fn single_minority_case_is_an_error() {
        let x = DMatrix::from_fn(5, 1, |i, _| i as f64);
        let y = [true, false, false, false, false];
        assert_eq!(
            SmoteParams::default().resample(&x, &y).unwrap_err(),
            SmoteError::TooFewMinority(1)
        );
    }
}
