//! Seeded, parallel bootstrap engine with percentile and BCa intervals.
//!
//! [`BootstrapParams::run`] draws `replicates` resamples of the row indices
//! `0..n` with replacement (within strata when given) and evaluates a
//! statistic on each. Replicate `r` draws from its own
//! [`rand_chacha::ChaCha8Rng`] seeded from `(seed, r)` only (the seed picks
//! the key, `r` the ChaCha stream), so the estimates are identical whatever
//! rayon's thread count or scheduling.
//!
//! | Name | Default | Purpose |
//! |------|---------|---------|
//! | `replicates` | — | number of bootstrap resamples (R's `R`) |
//! | `seed` | — | seed of the per-replicate generators |
//! | `strata` | `None` | stratum label per row; resampling keeps stratum sizes (R's `strata`) |
//!
//! Intervals: [`BootstrapResult::percentile`] is R
//! `quantile(t, c(a/2, 1 - a/2), type = 7)` over the finite replicates;
//! [`BootstrapResult::bca`] is `boot::boot.ci(type = "bca")` with the
//! jackknife empirical influence values (`boot::empinf(type = "jack")`).
//!
//! ```
//! use prognos_core::bootstrap::BootstrapParams;
//! let x = [1.0, 2.0, 4.0, 8.0, 16.0];
//! let params = BootstrapParams { replicates: 200, seed: 1, strata: None };
//! let res = params
//!     .run(x.len(), |idx| idx.iter().map(|&i| x[i]).sum::<f64>() / idx.len() as f64)
//!     .unwrap();
//! let ci = res.percentile(0.95).unwrap();
//! assert!(ci.lower < ci.upper);
//! ```
//!
//! # References
//! Davison, A. C. and Hinkley, D. V. (1997) *Bootstrap Methods and Their
//! Application*, ch. 5 (R package `boot`).

mod error;
mod interval;
mod params;

pub use error::BootstrapError;
pub(crate) use interval::quantile7;
pub use interval::{BootstrapResult, Interval};
pub use params::BootstrapParams;
