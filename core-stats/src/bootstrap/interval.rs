//! Bootstrap replicates and the intervals computed from them.

use crate::htest::dist::{pnorm, qnorm};

use super::BootstrapError;

/// A two-sided confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower limit.
    pub lower: f64,
    /// Upper limit.
    pub upper: f64,
}

/// The replicates of a bootstrap run (R `boot(...)$t`).
#[derive(Debug, Clone, PartialEq)]
pub struct BootstrapResult {
    /// The statistic on each replicate, in replicate order (may hold NaN/inf).
    pub estimates: Vec<f64>,
    /// How many replicates are NaN or infinite (excluded from intervals).
    pub n_nonfinite: usize,
    /// The statistic on the full sample (filled by `run_bca`).
    pub full_estimate: Option<f64>,
    /// Leave-one-out estimates (filled by `run_bca`).
    pub jackknife: Option<Vec<f64>>,
}

fn check_level(level: f64) -> Result<(), BootstrapError> {
    if level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        Err(BootstrapError::BadLevel { level })
    }
}

/// R `quantile(x, p, type = 7)` of sorted, non-empty `x`, in R's own
/// arithmetic (`quantile.default`: index `1 + (n - 1) p`, and
/// `(1 - h) x[lo] + h x[hi]` only where the two order statistics differ),
/// so the result is bit-identical to R's. The one type-7 quantile of the
/// crate (bootstrap percentile limits, Hosmer–Lemeshow breaks,
/// `calibrate`'s 0.9 quantile, Table 1 medians and quartiles).
pub(crate) fn quantile7(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    let index = 1.0 + (n as f64 - 1.0) * p;
    let lo = index.floor();
    let hi = index.ceil();
    let qlo = sorted[lo as usize - 1];
    let qhi = sorted[(hi as usize).min(n) - 1];
    if index > lo && qhi != qlo {
        let h = index - lo;
        (1.0 - h) * qlo + h * qhi
    } else {
        qlo
    }
}

/// boot's `norm.inter`: interpolation on the normal-quantile scale between
/// order statistics `k` and `k + 1`, where `k = trunc((R + 1) alpha)`.
fn norm_inter(sorted: &[f64], alpha: f64) -> f64 {
    let r = sorted.len();
    let rk = (r as f64 + 1.0) * alpha;
    let k = rk.trunc() as usize;
    if k == 0 {
        return sorted[0];
    }
    if k >= r {
        return sorted[r - 1];
    }
    if k as f64 == rk {
        return sorted[k - 1];
    }
    let (tk, tk1) = (sorted[k - 1], sorted[k]);
    let q = qnorm(alpha);
    let qk = qnorm(k as f64 / (r as f64 + 1.0));
    let qk1 = qnorm((k as f64 + 1.0) / (r as f64 + 1.0));
    tk + (q - qk) / (qk1 - qk) * (tk1 - tk)
}

impl BootstrapResult {
    /// Wraps replicate estimates, counting the non-finite ones.
    pub fn new(estimates: Vec<f64>) -> Self {
        let n_nonfinite = estimates.iter().filter(|v| !v.is_finite()).count();
        BootstrapResult {
            estimates,
            n_nonfinite,
            full_estimate: None,
            jackknife: None,
        }
    }

    /// The finite replicates, sorted ascending.
    fn finite_sorted(&self) -> Result<Vec<f64>, BootstrapError> {
        let mut t: Vec<f64> = self
            .estimates
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .collect();
        if t.is_empty() {
            return Err(BootstrapError::NoFiniteReplicates {
                replicates: self.estimates.len(),
            });
        }
        t.sort_by(f64::total_cmp);
        Ok(t)
    }

    /// Bootstrap standard error: the sample SD (n - 1) of the finite replicates
    /// (R `sd(boot.out$t)`); NaN with fewer than two finite replicates.
    pub fn std_error(&self) -> f64 {
        let t: Vec<f64> = self
            .estimates
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .collect();
        if t.len() < 2 {
            return f64::NAN;
        }
        let m = t.iter().sum::<f64>() / t.len() as f64;
        (t.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (t.len() - 1) as f64).sqrt()
    }

    /// Percentile interval at `level` (e.g. 0.95): R
    /// `quantile(t, c(a/2, 1 - a/2), type = 7)` with `a = 1 - level`, over
    /// the finite replicates.
    ///
    /// # Errors
    /// [`BootstrapError::BadLevel`], [`BootstrapError::NoFiniteReplicates`].
    pub fn percentile(&self, level: f64) -> Result<Interval, BootstrapError> {
        check_level(level)?;
        let t = self.finite_sorted()?;
        let a = 1.0 - level;
        Ok(Interval {
            lower: quantile7(&t, a / 2.0),
            upper: quantile7(&t, 1.0 - a / 2.0),
        })
    }

    /// Bias-corrected and accelerated (BCa) interval, as
    /// `boot::boot.ci(type = "bca")` with `L` the jackknife influence values
    /// `(n - 1) (mean(jackknife) - jackknife)`:
    /// `w = qnorm(mean(t < full_estimate))`, `a = sum(L^3) / (6 sum(L^2)^1.5)`,
    /// limits at `pnorm(w + (w + z) / (1 - a (w + z)))` by `norm.inter`.
    ///
    /// # Errors
    /// [`BootstrapError::BadLevel`], [`BootstrapError::NoFiniteReplicates`],
    /// [`BootstrapError::InfiniteBias`], [`BootstrapError::UndefinedAcceleration`],
    /// [`BootstrapError::JackknifeTooSmall`].
    pub fn bca(
        &self,
        level: f64,
        full_estimate: f64,
        jackknife: &[f64],
    ) -> Result<Interval, BootstrapError> {
        check_level(level)?;
        let t = self.finite_sorted()?;
        let below = t.iter().filter(|&&v| v < full_estimate).count();
        let w = qnorm(below as f64 / t.len() as f64);
        if !w.is_finite() {
            return Err(BootstrapError::InfiniteBias);
        }
        let n = jackknife.len();
        if n < 2 {
            return Err(BootstrapError::JackknifeTooSmall { n });
        }
        let mean = jackknife.iter().sum::<f64>() / n as f64;
        let l: Vec<f64> = jackknife
            .iter()
            .map(|v| (n as f64 - 1.0) * (mean - v))
            .collect();
        let s2: f64 = l.iter().map(|v| v * v).sum();
        let s3: f64 = l.iter().map(|v| v * v * v).sum();
        let a = s3 / (6.0 * s2.powf(1.5));
        if !a.is_finite() {
            return Err(BootstrapError::UndefinedAcceleration);
        }
        let limit = |alpha: f64| {
            let z = qnorm(alpha);
            norm_inter(&t, pnorm(w + (w + z) / (1.0 - a * (w + z))))
        };
        Ok(Interval {
            lower: limit((1.0 - level) / 2.0),
            upper: limit((1.0 + level) / 2.0),
        })
    }

    /// BCa interval from the full-sample and jackknife estimates stored by
    /// [`super::BootstrapParams::run_bca`].
    ///
    /// # Errors
    /// As [`BootstrapResult::bca`]; [`BootstrapError::JackknifeTooSmall`] when
    /// the run was made with `run` instead of `run_bca`.
    pub fn bca_interval(&self, level: f64) -> Result<Interval, BootstrapError> {
        match (self.full_estimate, &self.jackknife) {
            (Some(full), Some(jack)) => self.bca(level, full, jack),
            _ => Err(BootstrapError::JackknifeTooSmall { n: 0 }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::BootstrapParams;
    use super::*;

    fn mean_of(x: &[f64]) -> impl Fn(&[usize]) -> f64 + Sync + '_ {
        move |idx: &[usize]| idx.iter().map(|&i| x[i]).sum::<f64>() / idx.len() as f64
    }

    fn data(n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| ((i * 37 % 101) as f64).sqrt() + (i as f64) * 0.01)
            .collect()
    }

    #[test]
    fn identical_across_thread_counts() {
        let x = data(50);
        let p = BootstrapParams {
            replicates: 300,
            seed: 42,
            strata: None,
        };
        let run_with = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| p.run(x.len(), mean_of(&x)).unwrap())
        };
        assert_eq!(run_with(1).estimates, run_with(4).estimates);
    }

    #[test]
    fn different_seeds_differ() {
        let x = data(30);
        let a = BootstrapParams {
            replicates: 20,
            seed: 1,
            strata: None,
        };
        let b = BootstrapParams {
            replicates: 20,
            seed: 2,
            strata: None,
        };
        assert_ne!(
            a.run(30, mean_of(&x)).unwrap().estimates,
            b.run(30, mean_of(&x)).unwrap().estimates
        );
    }

    #[test]
    fn mean_se_close_to_sd_over_sqrt_n() {
        let x = data(100);
        let n = x.len() as f64;
        let m = x.iter().sum::<f64>() / n;
        // plug-in SD (divisor n) is what the bootstrap of a mean estimates
        let sd = (x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / n).sqrt();
        let res = BootstrapParams {
            replicates: 4000,
            seed: 7,
            strata: None,
        }
        .run(x.len(), mean_of(&x))
        .unwrap();
        let se = res.std_error();
        // Monte-Carlo error of an SD from B = 4000 replicates is ~ 1/sqrt(2B) ≈ 1.1%
        assert!((se / (sd / n.sqrt()) - 1.0).abs() < 0.05, "se {se}");
    }

    #[test]
    fn strata_keep_membership() {
        let strata: Vec<usize> = (0..20).map(|i| i % 3).collect();
        let p = BootstrapParams {
            replicates: 5,
            seed: 3,
            strata: Some(strata.clone()),
        };
        for r in 0..5 {
            let idx = p.indices(20, r).unwrap();
            for (pos, &i) in idx.iter().enumerate() {
                assert_eq!(strata[pos], strata[i]);
            }
        }
    }

    #[test]
    fn percentile_is_quantile_type7() {
        // R: quantile(c(5,1,4,2,3,NaN), c(.025,.975), type = 7) -> 1.1, 4.9
        let res = BootstrapResult::new(vec![5.0, 1.0, 4.0, 2.0, 3.0, f64::NAN]);
        assert_eq!(res.n_nonfinite, 1);
        let ci = res.percentile(0.95).unwrap();
        assert!((ci.lower - 1.1).abs() < 1e-12 && (ci.upper - 4.9).abs() < 1e-12);
    }

    #[test]
    fn bca_matches_boot_ci() {
        // R 4.2.2, boot 1.3-28.1: set.seed(1); t <- round(rnorm(99, 4, 1), 3);
        // jack <- c(3.9, 4.2, 4.0, 3.7, 4.4, 4.05); L <- 5 * (mean(jack) - jack);
        // boot:::bca.ci(list(t0 = 4, t = matrix(t), R = 99), conf = 0.9, t0 = 4, t = t, L = L)
        let t = vec![
            3.374, 4.184, 3.164, 5.595, 4.33, 3.18, 4.487, 4.738, 4.576, 3.695, 5.512, 4.39, 3.379,
            1.785, 5.125, 3.955, 3.984, 4.944, 4.821, 4.594, 4.919, 4.782, 4.075, 2.011, 4.62,
            3.944, 3.844, 2.529, 3.522, 4.418, 5.359, 3.897, 4.388, 3.946, 2.623, 3.585, 3.606,
            3.941, 5.1, 4.763, 3.835, 3.747, 4.697, 4.557, 3.311, 3.293, 4.365, 4.769, 3.888,
            4.881, 4.398, 3.388, 4.341, 2.871, 5.433, 5.98, 3.633, 2.956, 4.57, 3.865, 6.402,
            3.961, 4.69, 4.028, 3.257, 4.189, 2.195, 5.466, 4.153, 6.173, 4.476, 3.29, 4.611,
            3.066, 2.746, 4.291, 3.557, 4.001, 4.074, 3.41, 3.431, 3.865, 5.178, 2.476, 4.594,
            4.333, 5.063, 3.696, 4.37, 4.267, 3.457, 5.208, 5.16, 4.7, 5.587, 4.558, 2.723, 3.427,
            2.775,
        ];
        let jack = [3.9, 4.2, 4.0, 3.7, 4.4, 4.05];
        let ci = BootstrapResult::new(t).bca(0.9, 4.0, &jack).unwrap();
        // closed form given the replicates: 1e-12 relative
        assert!(
            (ci.lower / 2.1777590768873458 - 1.0).abs() < 1e-12,
            "{}",
            ci.lower
        );
        assert!(
            (ci.upper / 5.4259269892691391 - 1.0).abs() < 1e-12,
            "{}",
            ci.upper
        );
    }

    #[test]
    fn errors_are_typed() {
        let p = BootstrapParams {
            replicates: 0,
            seed: 1,
            strata: None,
        };
        assert_eq!(p.run(3, |_| 0.0).unwrap_err(), BootstrapError::NoReplicates);
        let p = BootstrapParams {
            replicates: 2,
            seed: 1,
            strata: Some(vec![0, 1]),
        };
        assert!(matches!(
            p.run(3, |_| 0.0),
            Err(BootstrapError::StrataLength { .. })
        ));
        let res = BootstrapResult::new(vec![f64::NAN; 3]);
        assert!(matches!(
            res.percentile(0.95),
            Err(BootstrapError::NoFiniteReplicates { .. })
        ));
    }
}
