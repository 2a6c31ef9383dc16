//! Lambda-sequence helpers: R's `fix.lam` and `lambda.interp`.

/// Replaces the first ("infinite") lambda of a generated path by the
/// log-linear extrapolation `exp(2 log l2 - log l3)`, as glmnet's `fix.lam`.
pub fn fix_first_lambda(lambda: &mut [f64]) {
    if lambda.len() > 2 {
        lambda[0] = (2.0 * lambda[1].ln() - lambda[2].ln()).exp();
    }
}

/// Where `s` falls on a decreasing lambda path: the value there is
/// `frac * beta[left] + (1 - frac) * beta[right]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interpolation {
    /// Index of the left (larger-lambda) neighbour.
    pub left: usize,
    /// Index of the right (smaller-lambda) neighbour.
    pub right: usize,
    /// Weight of the left neighbour.
    pub frac: f64,
}

/// glmnet's `lambda.interp`: linear interpolation in lambda between the
/// neighbouring path values, clamped to the ends of the path (a lambda above
/// the first gives the first solution, below the last gives the last).
pub fn interpolate(lambda: &[f64], s: f64) -> Interpolation {
    let k = lambda.len();
    if k <= 1 {
        return Interpolation {
            left: 0,
            right: 0,
            frac: 1.0,
        };
    }
    let (l0, lk) = (lambda[0], lambda[k - 1]);
    let span = l0 - lk;
    let frac_of = |l: f64| (l0 - l) / span;
    let nodes: Vec<f64> = lambda.iter().map(|&l| frac_of(l)).collect();
    let lo = nodes.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = nodes.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sfrac = frac_of(s).clamp(lo, hi);
    // R's approx(): bisection, exact hits return the node
    let coord = {
        let (mut i, mut j) = (0usize, k - 1);
        while i + 1 < j {
            let ij = (i + j) / 2;
            if sfrac < nodes[ij] {
                j = ij;
            } else {
                i = ij;
            }
        }
        if sfrac == nodes[j] {
            j as f64
        } else if sfrac == nodes[i] {
            i as f64
        } else {
            i as f64 + (j - i) as f64 * ((sfrac - nodes[i]) / (nodes[j] - nodes[i]))
        }
    };
    let left = coord.floor() as usize;
    let right = coord.ceil() as usize;
    let frac = if left == right || (nodes[left] - nodes[right]).abs() < f64::EPSILON {
        1.0
    } else {
        (sfrac - nodes[right]) / (nodes[left] - nodes[right])
    };
    Interpolation { left, right, frac }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_hits_nodes_and_clamps() {
        let l = [1.0, 0.5, 0.25, 0.125];
        assert_eq!(
            interpolate(&l, 0.5),
            Interpolation {
                left: 1,
                right: 1,
                frac: 1.0
            }
        );
        assert_eq!(interpolate(&l, 2.0).left, 0);
        let below = interpolate(&l, 0.01);
        assert_eq!((below.left, below.right), (3, 3));
        let mid = interpolate(&l, 0.375);
        assert_eq!((mid.left, mid.right), (1, 2));
        assert!((mid.frac - 0.5).abs() < 1e-12);
    }

    #[test]
    fn fix_lam_extrapolates() {
        let mut l = [1e35, 0.5, 0.25];
        fix_first_lambda(&mut l);
        assert!((l[0] - 1.0).abs() < 1e-12);
    }
}
