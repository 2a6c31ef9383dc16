//! # prognos-survival
//!
//! Survival analysis as R's `survival` package computes it: Kaplan–Meier
//! (`survfit`), log-rank (`survdiff`), Cox proportional hazards (`coxph`,
//! Efron and Breslow ties, strata, weights, robust variance), the
//! proportional-hazards test (`cox.zph`), concordance (Harrell, Uno),
//! time-dependent AUC and cut-point selection.
//!
//! Kernels take plain slices; none reads files or prints.
#![deny(missing_docs)]

pub mod calibration;
pub mod concordance;
pub mod cox;
pub mod cutpoint;
pub mod km;
pub mod logrank;
pub mod penalized;
pub mod tdauc;
pub mod timefix;

#[cfg(test)]
mod test_rng {
    /// Uniforms on (0, 1) from a 64-bit linear congruential generator
    /// (Knuth's MMIX constants) started at `seed`: reproducible test data
    /// without a dependency.
    pub(crate) fn lcg_uniform(seed: u64) -> impl FnMut() -> f64 {
        let mut state = seed;
        move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        }
    }
}
