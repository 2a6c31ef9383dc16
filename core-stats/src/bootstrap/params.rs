//! Resampling: the parameters and the parallel replicate loop.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::{BootstrapError, BootstrapResult};

/// Parameters of a nonparametric bootstrap (R `boot::boot(sim = "ordinary")`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BootstrapParams {
    /// Number of resamples (R's `R`).
    pub replicates: usize,
    /// Seed; replicate `r` uses a ChaCha8 generator keyed by `seed` on stream `r`.
    pub seed: u64,
    /// Optional stratum label per observation: each position is redrawn
    /// from the members of its own stratum, so stratum sizes are kept.
    pub strata: Option<Vec<usize>>,
}

impl BootstrapParams {
    /// The generator of replicate `r`: depends on `(seed, r)` only.
    fn rng_for(&self, r: usize) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(r as u64);
        rng
    }

    /// The resampled indices of replicate `r` (length `n`), as `run` draws them.
    ///
    /// # Errors
    /// As [`BootstrapParams::run`].
    pub fn indices(&self, n: usize, r: usize) -> Result<Vec<usize>, BootstrapError> {
        let members = self.check(n)?;
        Ok(self.draw(n, r, members.as_deref()))
    }

    /// Validates the parameters; returns the members of each stratum
    /// (indexed by each observation's label) when strata are given.
    fn check(&self, n: usize) -> Result<Option<Vec<Vec<usize>>>, BootstrapError> {
        if self.replicates == 0 {
            return Err(BootstrapError::NoReplicates);
        }
        if n == 0 {
            return Err(BootstrapError::NoObservations);
        }
        match &self.strata {
            None => Ok(None),
            Some(s) if s.len() != n => Err(BootstrapError::StrataLength { got: s.len(), n }),
            Some(s) => {
                let k = s.iter().copied().max().unwrap_or(0) + 1;
                let mut members = vec![Vec::new(); k];
                for (i, &label) in s.iter().enumerate() {
                    members[label].push(i);
                }
                Ok(Some(members))
            }
        }
    }

    fn draw(&self, n: usize, r: usize, members: Option<&[Vec<usize>]>) -> Vec<usize> {
        let mut rng = self.rng_for(r);
        match (members, &self.strata) {
            (Some(members), Some(labels)) => labels
                .iter()
                .map(|&s| {
                    let m = &members[s];
                    m[rng.random_range(0..m.len())]
                })
                .collect(),
            _ => (0..n).map(|_| rng.random_range(0..n)).collect(),
        }
    }

    /// Runs the bootstrap: `stat` receives the resampled indices (length `n`,
    /// values in `0..n`) and returns the statistic. Replicates run in
    /// parallel with rayon; the result does not depend on the thread count.
    ///
    /// # Errors
    /// [`BootstrapError::NoReplicates`], [`BootstrapError::NoObservations`],
    /// [`BootstrapError::StrataLength`].
    pub fn run<F: Fn(&[usize]) -> f64 + Sync>(
        &self,
        n: usize,
        stat: F,
    ) -> Result<BootstrapResult, BootstrapError> {
        let members = self.check(n)?;
        let estimates: Vec<f64> = (0..self.replicates)
            .into_par_iter()
            .map(|r| stat(&self.draw(n, r, members.as_deref())))
            .collect();
        Ok(BootstrapResult::new(estimates))
    }

    /// Runs the bootstrap and also evaluates the statistic on the full
    /// sample and on each leave-one-out sample (the jackknife), so that
    /// [`BootstrapResult::bca_interval`] needs no further input.
    ///
    /// # Errors
    /// As [`BootstrapParams::run`], plus [`BootstrapError::JackknifeTooSmall`] when `n < 2`.
    pub fn run_bca<F: Fn(&[usize]) -> f64 + Sync>(
        &self,
        n: usize,
        stat: F,
    ) -> Result<BootstrapResult, BootstrapError> {
        if n < 2 {
            return Err(BootstrapError::JackknifeTooSmall { n });
        }
        let mut res = self.run(n, &stat)?;
        let all: Vec<usize> = (0..n).collect();
        let full = stat(&all);
        let jack: Vec<f64> = (0..n)
            .into_par_iter()
            .map(|i| {
                let idx: Vec<usize> = (0..n).filter(|&j| j != i).collect();
                stat(&idx)
            })
            .collect();
        res.full_estimate = Some(full);
        res.jackknife = Some(jack);
        Ok(res)
    }
}
