//! Numerical kernels of the logistic IRLS: the logit link as R's C code
//! evaluates it, and a Householder least-squares solver with LINPACK
//! `dqrdc2`'s limited column pivoting (aliased columns are set aside, not
//! reordered by size).

/// R's `THRESH` in `family.c`: |η| beyond 30 is clamped.
const THRESH: f64 = 30.0;

/// Inverse logit `μ = e^η / (1 + e^η)`, clamped as R's `logit_linkinv`
/// (η < −30 gives ε/(1+ε), η > 30 gives (1/ε)/(1+1/ε), ε = machine epsilon).
pub fn logit_inv(eta: f64) -> f64 {
    let t = if eta < -THRESH {
        f64::EPSILON
    } else if eta > THRESH {
        1.0 / f64::EPSILON
    } else {
        eta.exp()
    };
    t / (1.0 + t)
}

/// dμ/dη of the logit link, as R's `logit_mu_eta` (ε outside |η| ≤ 30).
pub fn logit_mu_eta(eta: f64) -> f64 {
    if !(-THRESH..=THRESH).contains(&eta) {
        f64::EPSILON
    } else {
        let e = eta.exp();
        e / ((1.0 + e) * (1.0 + e))
    }
}

/// Binomial unit deviance `2 w (y log(y/μ) + (1−y) log((1−y)/(1−μ)))` for a 0/1 `y`.
pub fn binomial_dev_resid(y: bool, mu: f64, w: f64) -> f64 {
    if w == 0.0 {
        return 0.0;
    }
    if y {
        -2.0 * w * mu.ln()
    } else {
        -2.0 * w * (1.0 - mu).ln()
    }
}

/// The result of [`weighted_lstsq`].
#[derive(Debug, Clone)]
pub struct LstsqSolution {
    /// Coefficients, one per column; aliased columns hold 0.
    pub coef: Vec<f64>,
    /// Whether each column was aliased (linearly dependent on earlier ones).
    pub aliased: Vec<bool>,
    /// Unscaled covariance `(XᵀWX)⁻¹`, p × p column-major; rows/columns of
    /// aliased terms are NaN.
    pub cov_unscaled: Vec<f64>,
    /// Numerical rank.
    pub rank: usize,
}

/// Solves `min Σ (s_i (z_i − x_iᵀ b))²` over the rows of `x` (n × p,
/// column-major slice) with row scales `s` (square roots of the working
/// weights), by Householder QR.
///
/// Columns are processed in order; a column whose norm after removing the
/// earlier accepted columns is below `tol` times its original norm is
/// aliased, as LINPACK `dqrdc2` (R's `lm.fit`/`glm.fit`) decides.
///
/// Preconditions: `x.len() == n * p`, `z.len() == s.len() == n`, all finite.
pub fn weighted_lstsq(
    x: &[f64],
    n: usize,
    p: usize,
    z: &[f64],
    s: &[f64],
    tol: f64,
) -> LstsqSolution {
    let mut a: Vec<f64> = Vec::with_capacity(n * p);
    for j in 0..p {
        a.extend((0..n).map(|i| x[j * n + i] * s[i]));
    }
    let mut qtz: Vec<f64> = z.iter().zip(s).map(|(zi, si)| zi * si).collect();
    let orig_norm: Vec<f64> = (0..p).map(|j| norm(&a[j * n..(j + 1) * n])).collect();
    let mut accepted: Vec<usize> = Vec::with_capacity(p);
    let mut aliased = vec![false; p];
    // r[k][col] for accepted k, column-major by original column
    let mut r = vec![0.0; p * p];
    let mut v = vec![0.0; n];
    for j in 0..p {
        let k = accepted.len();
        if k >= n {
            aliased[j] = true;
            continue;
        }
        let col = &a[j * n..(j + 1) * n];
        let rest = norm(&col[k..]);
        if orig_norm[j] == 0.0 || rest < tol * orig_norm[j] {
            aliased[j] = true;
            continue;
        }
        // Householder vector for rows k..n of column j
        let alpha = if col[k] > 0.0 { -rest } else { rest };
        v[..n - k].copy_from_slice(&col[k..]);
        v[0] -= alpha;
        let beta: f64 = v[..n - k].iter().map(|t| t * t).sum();
        for (row, rv) in r[j * p..j * p + k].iter_mut().zip(&col[..k]) {
            *row = *rv;
        }
        r[j * p + k] = alpha;
        if beta > 0.0 {
            for jj in j + 1..p {
                reflect(&v[..n - k], beta, &mut a[jj * n + k..(jj + 1) * n]);
            }
            reflect(&v[..n - k], beta, &mut qtz[k..]);
        }
        accepted.push(j);
    }
    let rank = accepted.len();
    // back-substitution R b = (Qᵀz)[..rank]; R[kk, kc] = r[accepted[kc]*p + kk]
    let rr = |kk: usize, kc: usize| r[accepted[kc] * p + kk];
    let mut b = vec![0.0; rank];
    for kk in (0..rank).rev() {
        let mut t = qtz[kk];
        for kc in kk + 1..rank {
            t -= rr(kk, kc) * b[kc];
        }
        b[kk] = t / rr(kk, kk);
    }
    // R⁻¹ (upper triangular), then cov = R⁻¹ R⁻ᵀ
    let mut rinv = vec![0.0; rank * rank]; // column-major rank × rank
    for c in 0..rank {
        rinv[c * rank + c] = 1.0 / rr(c, c);
        for i in (0..c).rev() {
            let mut t = 0.0;
            for m in i + 1..=c {
                t += rr(i, m) * rinv[c * rank + m];
            }
            rinv[c * rank + i] = -t / rr(i, i);
        }
    }
    let mut coef = vec![0.0; p];
    let mut cov_unscaled = vec![f64::NAN; p * p];
    for (kc, &j) in accepted.iter().enumerate() {
        coef[j] = b[kc];
        for (kd, &jd) in accepted.iter().enumerate() {
            let mut t = 0.0;
            for m in kc.max(kd)..rank {
                t += rinv[m * rank + kc] * rinv[m * rank + kd];
            }
            cov_unscaled[jd * p + j] = t;
        }
    }
    LstsqSolution {
        coef,
        aliased,
        cov_unscaled,
        rank,
    }
}

fn norm(x: &[f64]) -> f64 {
    // scaled to avoid overflow, as LINPACK dnrm2
    let scale = x.iter().fold(0.0_f64, |m, t| m.max(t.abs()));
    if scale == 0.0 {
        return 0.0;
    }
    scale
        * x.iter()
            .map(|t| (t / scale) * (t / scale))
            .sum::<f64>()
            .sqrt()
}

fn reflect(v: &[f64], beta: f64, x: &mut [f64]) {
    let d: f64 = v.iter().zip(x.iter()).map(|(a, b)| a * b).sum();
    let f = 2.0 * d / beta;
    for (xi, vi) in x.iter_mut().zip(v) {
        *xi -= f * vi;
    }
}
