//! Contrasts of fitted coefficients, as `limma::contrasts.fit`.

use super::error::LimmaError;
use super::lmfit::LinearModelFit;
use nalgebra::DMatrix;

/// Re-expresses a fit in terms of contrasts `C` (coefficients x contrasts),
/// as `limma::contrasts.fit(fit, C)`: coefficients become `beta C`; the
/// unscaled standard errors use the correlation of the design's
/// coefficients (`cov2cor(fit$cov.coefficients)`), exactly for complete
/// data and as limma's approximation for genes with missing values.
/// Non-estimable coefficients that enter a contrast give `NaN`.
///
/// # Errors
/// [`LimmaError::DimensionMismatch`] when `C` has the wrong number of rows.
pub fn contrasts_fit(
    fit: &LinearModelFit,
    contrasts: &DMatrix<f64>,
    names: &[String],
) -> Result<LinearModelFit, LimmaError> {
    let p = fit.coefficients.ncols();
    let g = fit.coefficients.nrows();
    if contrasts.nrows() != p {
        return Err(LimmaError::DimensionMismatch {
            what: "contrast rows (coefficients)",
            expected: p,
            found: contrasts.nrows(),
        });
    }
    let k = contrasts.ncols();
    let cov = &fit.cov_coefficients;
    let sd: Vec<f64> = (0..p).map(|j| cov[(j, j)].sqrt()).collect();
    let cor = DMatrix::from_fn(p, p, |a, b| cov[(a, b)] / (sd[a] * sd[b]));
    let orthog = (0..p).all(|a| (0..a).all(|b| cor[(a, b)].abs() < 1e-14));
    // Upper Cholesky factor R with R'R = cor.
    let chol_r = cor
        .clone()
        .cholesky()
        .map(|c| c.l().transpose())
        .unwrap_or_else(|| DMatrix::identity(p, p));
    let mut coef = DMatrix::zeros(g, k);
    let mut su = DMatrix::zeros(g, k);
    for i in 0..g {
        let mut b = vec![0.0; p];
        let mut s = vec![0.0; p];
        for j in 0..p {
            let (bj, sj) = (fit.coefficients[(i, j)], fit.stdev_unscaled[(i, j)]);
            if bj.is_nan() {
                b[j] = 0.0;
                s[j] = 1e30;
            } else {
                b[j] = bj;
                s[j] = sj;
            }
        }
        for c in 0..k {
            coef[(i, c)] = (0..p).map(|j| b[j] * contrasts[(j, c)]).sum();
            let u = if orthog {
                (0..p)
                    .map(|j| s[j] * s[j] * contrasts[(j, c)].powi(2))
                    .sum::<f64>()
                    .sqrt()
            } else {
                // sqrt(colSums((R diag(s) C)^2))
                (0..p)
                    .map(|a| {
                        let v: f64 = (a..p)
                            .map(|j| chol_r[(a, j)] * s[j] * contrasts[(j, c)])
                            .sum();
                        v * v
                    })
                    .sum::<f64>()
                    .sqrt()
            };
            if u > 1e20 {
                coef[(i, c)] = f64::NAN;
                su[(i, c)] = f64::NAN;
            } else {
                su[(i, c)] = u;
            }
        }
    }
    let new_cov = contrasts.transpose() * cov * contrasts;
    Ok(LinearModelFit {
        coef_names: names.to_vec(),
        genes: fit.genes.clone(),
        coefficients: coef,
        stdev_unscaled: su,
        sigma: fit.sigma.clone(),
        df_residual: fit.df_residual.clone(),
        amean: fit.amean.clone(),
        cov_coefficients: new_cov,
        warnings: fit.warnings.clone(),
    })
}
