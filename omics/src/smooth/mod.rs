//! Smoothers that limma relies on: `stats::lowess` (voom's mean–variance
//! trend, the robust eBayes trend), linear interpolation as
//! `stats::approxfun(rule = 2, ties = mean)`, and least-squares regression on
//! a natural cubic spline basis as `lm.fit(splines::ns(x, df, intercept = TRUE), y)`
//! (limma's `fitFDist` with a covariate).

mod approx;
mod lowess;
mod nspline;

pub use approx::Interpolator;
pub use lowess::lowess;
pub use nspline::NaturalSplineFit;
