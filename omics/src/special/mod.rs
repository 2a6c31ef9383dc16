//! Special functions and distributions the omics methods need at R's
//! precision: polygamma functions (`digamma`, `trigamma`, `psigamma(deriv = 2)`,
//! limma's `trigammaInverse`), Student t and F tail probabilities and
//! quantiles (including log-scale tails), the chi-square upper tail,
//! Gauss–Legendre quadrature (as `statmod::gauss.quad.prob(dist = "uniform")`)
//! and Brent's root finder (as `stats::uniroot`).
//!
//! Everything is written from the textbook definitions; the incomplete beta
//! and gamma functions come from `statrs`.

mod dist;
mod gamma;
mod quadrature;
mod root;
mod summary;

pub use dist::{
    dchisq, df_density, pchisq_upper, pf_log, pt_two_sided, pt_upper, pt_upper_log, qf, qf_log,
    qt_upper, qt_upper_log,
};
pub use gamma::{digamma, tetragamma, trigamma, trigamma_inverse};
pub use quadrature::gauss_legendre_unit;
pub use root::brent_root;
pub use summary::{mean_trimmed, median, quantile7, rank_average};
