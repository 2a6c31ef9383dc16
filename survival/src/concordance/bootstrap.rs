//! Bootstrap percentile interval of Harrell's C on the core bootstrap engine.

use prognos_core::bootstrap::BootstrapParams;

use super::{ConcordanceError, harrell};

/// A bootstrap percentile interval of Harrell's C.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BootstrapCi {
    /// Number of replicates drawn.
    pub b: usize,
    /// Replicates where C was undefined (no comparable pair), left out.
    pub n_undefined: usize,
    /// Lower percentile limit (R `quantile(t, (1 - level) / 2, type = 7)`).
    pub lower: f64,
    /// Upper percentile limit.
    pub upper: f64,
    /// Coverage of the interval.
    pub level: f64,
}

/// Resamples rows with replacement (`params.replicates` times, seeded,
/// independent of the thread count) and returns the percentile interval of
/// Harrell's C (reverse orientation, ties one half).
///
/// # Errors
/// Input errors of [`harrell`]; [`ConcordanceError::Bootstrap`] when the
/// engine fails (no replicates, level outside (0, 1), every replicate
/// undefined).
///
/// # References
/// R: `boot::boot(d, function(d, i) concordance(Surv(time, status) ~ score,
/// d[i, ], reverse = TRUE)$concordance, R = B)` then `quantile(t, c(.025, .975))`.
pub fn harrell_bootstrap(
    time: &[f64],
    event: &[bool],
    score: &[f64],
    params: &BootstrapParams,
    level: f64,
) -> Result<BootstrapCi, ConcordanceError> {
    // validate once on the full sample
    harrell(time, event, score, None, None)?;
    let res = params.run(time.len(), |idx: &[usize]| {
        let t: Vec<f64> = idx.iter().map(|&i| time[i]).collect();
        let e: Vec<bool> = idx.iter().map(|&i| event[i]).collect();
        let s: Vec<f64> = idx.iter().map(|&i| score[i]).collect();
        harrell(&t, &e, &s, None, None).map_or(f64::NAN, |h| h.c)
    })?;
    let ci = res.percentile(level)?;
    Ok(BootstrapCi {
        b: params.replicates,
        n_undefined: res.n_nonfinite,
        lower: ci.lower,
        upper: ci.upper,
        level,
    })
}
