//! Group-means designs `~ 0 + group (+ covariates)` and their contrasts.

use nalgebra::DMatrix;

/// A design matrix with named columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    /// Column names: one per group level (`groupA`), then the covariates.
    pub names: Vec<String>,
    /// Group levels in column order.
    pub levels: Vec<String>,
    /// Samples x columns.
    pub matrix: DMatrix<f64>,
}

/// The design of `model.matrix(~ 0 + group + cov1 + ...)`: one indicator
/// column per level of `group` (in the order of `levels`, named
/// `group<LEVEL>` as R does), then the numeric covariate columns as given.
pub fn group_means_design(
    group: &[String],
    levels: &[String],
    covariates: &[(String, Vec<f64>)],
) -> Design {
    let n = group.len();
    let p = levels.len() + covariates.len();
    let mut m = DMatrix::zeros(n, p);
    for (i, gname) in group.iter().enumerate() {
        if let Some(j) = levels.iter().position(|l| l == gname) {
            m[(i, j)] = 1.0;
        }
        for (c, (_, v)) in covariates.iter().enumerate() {
            m[(i, levels.len() + c)] = v[i];
        }
    }
    let mut names: Vec<String> = levels.iter().map(|l| format!("group{l}")).collect();
    names.extend(covariates.iter().map(|(n, _)| n.clone()));
    Design {
        names,
        levels: levels.to_vec(),
        matrix: m,
    }
}

/// The contrast vector for `B - A` on a [`group_means_design`]: +1 on level
/// `b`, -1 on level `a`, 0 elsewhere. `None` if a level is unknown.
pub fn difference_contrast(design: &Design, b: &str, a: &str) -> Option<DMatrix<f64>> {
    let ib = design.levels.iter().position(|l| l == b)?;
    let ia = design.levels.iter().position(|l| l == a)?;
    let mut c = DMatrix::zeros(design.names.len(), 1);
    c[(ib, 0)] += 1.0;
    c[(ia, 0)] -= 1.0;
    Some(c)
}
