//! Gene-wise linear models, as `limma::lmFit` (via `lm.series`).

use super::error::LimmaError;
use super::matrix::ExprMatrix;
use nalgebra::DMatrix;

/// Relative tolerance for aliased design columns (R's `qr` uses 1e-7).
const QR_TOL: f64 = 1e-7;

/// A gene-wise linear-model fit (limma's `MArrayLM` before `eBayes`).
///
/// Matrices are genes × coefficients. Coefficients that a gene cannot
/// estimate (all its samples of one group missing) are `NaN`, as R's `NA`.
#[derive(Debug, Clone)]
pub struct LinearModelFit {
    /// Coefficient names (design column or contrast names).
    pub coef_names: Vec<String>,
    /// Gene ids, in input order.
    pub genes: Vec<String>,
    /// Estimated coefficients (genes × coefficients).
    pub coefficients: DMatrix<f64>,
    /// Unscaled standard errors: `se = stdev_unscaled * sigma`.
    pub stdev_unscaled: DMatrix<f64>,
    /// Residual standard deviation per gene (`NaN` with no residual df).
    pub sigma: Vec<f64>,
    /// Residual degrees of freedom per gene.
    pub df_residual: Vec<f64>,
    /// Average expression per gene over non-missing samples (`Amean`).
    pub amean: Vec<f64>,
    /// Unscaled covariance of the coefficients of the full, unweighted design.
    pub cov_coefficients: DMatrix<f64>,
    /// Notes on numerical trouble (genes with non-estimable coefficients).
    pub warnings: Vec<String>,
}

/// Fits `y_g = X beta_g + e_g` for every gene `g`, as `limma::lmFit(y,
/// design, weights)`.
///
/// Complete data without weights use one QR decomposition of the design
/// for all genes; genes with missing values (`NaN`) or with observation
/// weights are fitted one at a time by weighted least squares on their
/// observed samples (weights `<= 0` count as missing, as limma).
///
/// # Errors
/// [`LimmaError::Empty`], [`LimmaError::DimensionMismatch`] when the design
/// or weights do not match the matrix, [`LimmaError::SingularDesign`] when the
/// design is not of full column rank.
pub fn lm_fit(
    y: &ExprMatrix,
    design: &DMatrix<f64>,
    design_names: &[String],
    weights: Option<&DMatrix<f64>>,
) -> Result<LinearModelFit, LimmaError> {
    let (g, n) = (y.values.nrows(), y.values.ncols());
    if g == 0 || n == 0 {
        return Err(LimmaError::Empty {
            genes: g,
            samples: n,
        });
    }
    if design.nrows() != n {
        return Err(LimmaError::DimensionMismatch {
            what: "design rows (samples)",
            expected: n,
            found: design.nrows(),
        });
    }
    let p = design.ncols();
    if let Some(w) = weights
        && (w.nrows() != g || w.ncols() != n)
    {
        {
            return Err(LimmaError::DimensionMismatch {
                what: "weights (genes x samples)",
                expected: g * n,
                found: w.nrows() * w.ncols(),
            });
        }
    }
    let cov = design_covariance(design, design_names)?;
    let amean: Vec<f64> = (0..g)
        .map(|i| {
            let (s, c) = y
                .values
                .row(i)
                .iter()
                .filter(|v| v.is_finite())
                .fold((0.0, 0), |(s, c), v| (s + v, c + 1));
            if c > 0 { s / c as f64 } else { f64::NAN }
        })
        .collect();
    let complete = weights.is_none() && y.values.iter().all(|v| v.is_finite());
    let mut fit = if complete {
        fit_complete(&y.values, design, &cov)
    } else {
        fit_per_gene(&y.values, design, weights)
    };
    let _ = p;
    fit.coef_names = design_names.to_vec();
    fit.genes = y.genes.clone();
    fit.amean = amean;
    fit.cov_coefficients = cov;
    Ok(fit)
}

/// `chol2inv(qr(design)$qr)`: the unscaled covariance `(X'X)^{-1}`, or the
/// name of the first aliased column.
fn design_covariance(design: &DMatrix<f64>, names: &[String]) -> Result<DMatrix<f64>, LimmaError> {
    let p = design.ncols();
    let qr = design.clone().qr();
    let r = qr.r();
    for j in 0..p {
        let norm = design.column(j).norm();
        if !(r[(j, j)].abs() > QR_TOL * norm.max(f64::MIN_POSITIVE)) {
            return Err(LimmaError::SingularDesign {
                column: names
                    .get(j)
                    .cloned()
                    .unwrap_or_else(|| format!("column {}", j + 1)),
            });
        }
    }
    let rinv = r.try_inverse().ok_or_else(|| LimmaError::SingularDesign {
        column: names.first().cloned().unwrap_or_default(),
    })?;
    Ok(&rinv * rinv.transpose())
}

/// One QR for all genes (no missing values, no weights).
fn fit_complete(y: &DMatrix<f64>, design: &DMatrix<f64>, cov: &DMatrix<f64>) -> LinearModelFit {
    let (g, n) = (y.nrows(), y.ncols());
    let p = design.ncols();
    // beta (p x G) = (X'X)^{-1} X' Y'; computed as cov * (X' Y') from the
    // triangular factor for accuracy: solve R beta = Q' y.
    let qr = design.clone().qr();
    let q = qr.q(); // n x p
    let r = qr.r(); // p x p
    let qty = q.transpose() * y.transpose(); // p x G
    let beta = r
        .solve_upper_triangular(&qty)
        .unwrap_or_else(|| DMatrix::from_element(p, g, f64::NAN));
    let fitted = design * &beta; // n x G
    let df = (n - p) as f64;
    let mut sigma = vec![f64::NAN; g];
    for (k, s) in sigma.iter_mut().enumerate() {
        if n > p {
            let mut rss = 0.0;
            for i in 0..n {
                let e = y[(k, i)] - fitted[(i, k)];
                rss += e * e;
            }
            *s = (rss / df).sqrt();
        }
    }
    let su_row: Vec<f64> = (0..p).map(|j| cov[(j, j)].sqrt()).collect();
    LinearModelFit {
        coef_names: Vec::new(),
        genes: Vec::new(),
        coefficients: beta.transpose(),
        stdev_unscaled: DMatrix::from_fn(g, p, |_, j| su_row[j]),
        sigma,
        df_residual: vec![df; g],
        amean: Vec::new(),
        cov_coefficients: DMatrix::zeros(0, 0),
        warnings: Vec::new(),
    }
}

/// Gene-by-gene weighted least squares on the observed samples.
fn fit_per_gene(
    y: &DMatrix<f64>,
    design: &DMatrix<f64>,
    weights: Option<&DMatrix<f64>>,
) -> LinearModelFit {
    let (g, n) = (y.nrows(), y.ncols());
    let p = design.ncols();
    let mut coef = DMatrix::from_element(g, p, f64::NAN);
    let mut su = DMatrix::from_element(g, p, f64::NAN);
    let mut sigma = vec![f64::NAN; g];
    let mut dfr = vec![0.0; g];
    let mut n_deficient = 0usize;
    for k in 0..g {
        let obs: Vec<usize> = (0..n)
            .filter(|&i| {
                y[(k, i)].is_finite()
                    && weights.is_none_or(|w| w[(k, i)].is_finite() && w[(k, i)] > 0.0)
            })
            .collect();
        if obs.is_empty() {
            continue;
        }
        let sw: Vec<f64> = obs
            .iter()
            .map(|&i| weights.map_or(1.0, |w| w[(k, i)].sqrt()))
            .collect();
        // Columns that are estimable on these samples, in order (as R's
        // limited pivoting moves aliased columns to the end).
        let mut kept: Vec<usize> = Vec::with_capacity(p);
        for j in 0..p {
            let mut cand = kept.clone();
            cand.push(j);
            let xm = DMatrix::from_fn(obs.len(), cand.len(), |a, b| {
                design[(obs[a], cand[b])] * sw[a]
            });
            if obs.len() < cand.len() {
                continue;
            }
            let r = xm.clone().qr().r();
            let last = cand.len() - 1;
            let norm = xm.column(last).norm();
            if r[(last, last)].abs() > QR_TOL * norm && norm > 0.0 {
                kept.push(j);
            }
        }
        if kept.len() < p {
            n_deficient += 1;
        }
        let rank = kept.len();
        if rank == 0 {
            continue;
        }
        let xm = DMatrix::from_fn(obs.len(), rank, |a, b| design[(obs[a], kept[b])] * sw[a]);
        let yv = nalgebra::DVector::from_iterator(
            obs.len(),
            obs.iter().zip(&sw).map(|(&i, s)| y[(k, i)] * s),
        );
        let qr = xm.clone().qr();
        let r = qr.r();
        let qty = qr.q().transpose() * &yv;
        let Some(b) = r.solve_upper_triangular(&qty) else {
            continue;
        };
        let Some(rinv) = r.clone().try_inverse() else {
            continue;
        };
        let cv = &rinv * rinv.transpose();
        for (a, &j) in kept.iter().enumerate() {
            coef[(k, j)] = b[a];
            su[(k, j)] = cv[(a, a)].sqrt();
        }
        let resid = &yv - &xm * &b;
        let df = obs.len() - rank;
        dfr[k] = df as f64;
        if df > 0 {
            sigma[k] = (resid.norm_squared() / df as f64).sqrt();
        }
    }
    let mut warnings = Vec::new();
    if n_deficient > 0 {
        warnings.push(format!(
            "{n_deficient} gene(s) have non-estimable coefficients (missing samples); those are NA"
        ));
    }
    LinearModelFit {
        coef_names: Vec::new(),
        genes: Vec::new(),
        coefficients: coef,
        stdev_unscaled: su,
        sigma,
        df_residual: dfr,
        amean: Vec::new(),
        cov_coefficients: DMatrix::zeros(0, 0),
        warnings,
    }
}
