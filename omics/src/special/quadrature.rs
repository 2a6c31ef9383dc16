//! Gauss–Legendre quadrature on [0, 1].

/// Nodes and weights of the `n`-point Gauss–Legendre rule on [0, 1], the
/// weights summing to one, as `statmod::gauss.quad.prob(n, dist = "uniform")`.
/// Roots of the Legendre polynomial by Newton's method from the Tricomi
/// initial guesses; nodes are returned in increasing order.
pub fn gauss_legendre_unit(n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut nodes = vec![0.0; n];
    let mut weights = vec![0.0; n];
    let nf = n as f64;
    for i in 0..n.div_ceil(2) {
        let mut x = (std::f64::consts::PI * (i as f64 + 0.75) / (nf + 0.5)).cos();
        let mut dp = 1.0;
        for _ in 0..100 {
            // Legendre recurrence for P_n(x) and its derivative.
            let (mut p0, mut p1) = (1.0, x);
            for k in 2..=n {
                let kf = k as f64;
                let p2 = ((2.0 * kf - 1.0) * x * p1 - (kf - 1.0) * p0) / kf;
                p0 = p1;
                p1 = p2;
            }
            let pn = if n == 0 {
                1.0
            } else if n == 1 {
                x
            } else {
                p1
            };
            let pn1 = if n == 1 { 1.0 } else { p0 };
            dp = nf * (x * pn - pn1) / (x * x - 1.0);
            let dx = pn / dp;
            x -= dx;
            if dx.abs() < 1e-16 {
                break;
            }
        }
        let w = 2.0 / ((1.0 - x * x) * dp * dp);
        // x > 0 here: map +-x to [0, 1] and halve the weights.
        nodes[n - 1 - i] = 0.5 * (1.0 + x);
        nodes[i] = 0.5 * (1.0 - x);
        weights[n - 1 - i] = 0.5 * w;
        weights[i] = 0.5 * w;
    }
    (nodes, weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrates_polynomials_exactly() {
        let (x, w) = gauss_legendre_unit(128);
        let s: f64 = w.iter().sum();
        assert!((s - 1.0).abs() < 1e-13);
        let m3: f64 = x.iter().zip(&w).map(|(x, w)| w * x.powi(3)).sum();
        assert!((m3 - 0.25).abs() < 1e-13);
        let (x5, w5) = gauss_legendre_unit(5);
        let m8: f64 = x5.iter().zip(&w5).map(|(x, w)| w * x.powi(8)).sum();
        assert!((m8 - 1.0 / 9.0).abs() < 1e-14);
    }
}
