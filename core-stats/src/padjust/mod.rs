//! p-value adjustment for multiple testing, as R `p.adjust`.
//!
//! ```
//! use prognos_core::padjust::{p_adjust, PAdjust};
//! let q = p_adjust(&[0.01, 0.04, 0.03, f64::NAN], PAdjust::BH);
//! assert!((q[0] - 0.03).abs() < 1e-15 && q[3].is_nan());
//! ```
//!
//! Missing p-values (NaN) stay NaN in the output and do not count in the
//! number of tests `n`, as R treats `NA` with the default `n = length(p)`
//! (evaluated after the `NA`s are removed).
//!
//! # References
//! Holm (1979); Hochberg (1988); Hommel (1988); Benjamini & Hochberg (1995);
//! Benjamini & Yekutieli (2001). R: `stats::p.adjust(p, method)`.

mod adjust;

pub use adjust::{PAdjust, p_adjust};
