//! Cleveland's LOWESS scatterplot smoother, as R `stats::lowess` (the
//! `clowess` algorithm), used for smoothed calibration curves.

/// The smoothed curve: `x` sorted increasingly and the fitted `y` at each.
#[derive(Debug, Clone, PartialEq)]
pub struct Lowess {
    /// The x values, sorted.
    pub x: Vec<f64>,
    /// The smoothed values at `x`.
    pub y: Vec<f64>,
}

/// R `lowess(x, y, f, iter, delta = 0.01 * diff(range(x)))`: locally weighted
/// linear fits with tricube weights over the nearest `f·n` points, `iter`
/// robustifying iterations (bisquare weights on the residuals), and linear
/// interpolation between points closer than `delta`.
///
/// Preconditions: `x.len() == y.len()`, finite values. Points are sorted by
/// `x` (stably, as R's `order`).
pub fn lowess(x: &[f64], y: &[f64], f: f64, iter: usize) -> Lowess {
    let n = x.len();
    let mut o: Vec<usize> = (0..n).collect();
    o.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    // 1-based copies, as in the Fortran-derived C code
    let mut xs = vec![0.0; n + 1];
    let mut yv = vec![0.0; n + 1];
    for (k, &i) in o.iter().enumerate() {
        xs[k + 1] = x[i];
        yv[k + 1] = y[i];
    }
    let mut ys = vec![0.0; n + 1];
    if n == 0 {
        return Lowess {
            x: vec![],
            y: vec![],
        };
    }
    if n < 2 {
        return Lowess {
            x: vec![xs[1]],
            y: vec![yv[1]],
        };
    }
    let delta = 0.01 * (xs[n] - xs[1]);
    let ns = ((f * n as f64 + 1e-7) as usize).clamp(2, n);
    let mut rw = vec![1.0; n + 1];
    let mut w = vec![0.0; n + 1];
    let mut res = vec![0.0; n + 1];
    for it in 1..=iter + 1 {
        let mut nleft = 1;
        let mut nright = ns;
        let mut last = 0;
        let mut i = 1;
        loop {
            if nright < n {
                let d1 = xs[i] - xs[nleft];
                let d2 = xs[nright + 1] - xs[i];
                if d1 > d2 {
                    nleft += 1;
                    nright += 1;
                    continue;
                }
            }
            match lowest(&xs, &yv, n, xs[i], nleft, nright, &mut w, it > 1, &rw) {
                Some(v) => ys[i] = v,
                None => ys[i] = yv[i],
            }
            if last + 1 < i {
                let denom = xs[i] - xs[last];
                for j in last + 1..i {
                    let alpha = (xs[j] - xs[last]) / denom;
                    ys[j] = alpha * ys[i] + (1.0 - alpha) * ys[last];
                }
            }
            last = i;
            let cut = xs[last] + delta;
            i = last + 1;
            while i <= n {
                if xs[i] > cut {
                    break;
                }
                if xs[i] == xs[last] {
                    ys[i] = ys[last];
                    last = i;
                }
                i += 1;
            }
            i = (last + 1).max(i - 1);
            if last >= n {
                break;
            }
        }
        if it > iter {
            break;
        }
        // robustness weights from the residuals (bisquare, 6 × median |res|)
        for k in 1..=n {
            res[k] = yv[k] - ys[k];
        }
        let mut ar: Vec<f64> = res[1..].iter().map(|r| r.abs()).collect();
        ar.sort_by(f64::total_cmp);
        let m1 = n / 2;
        let cmad = if n.is_multiple_of(2) {
            3.0 * (ar[m1 - 1] + ar[m1])
        } else {
            6.0 * ar[m1]
        };
        let sc = ar.iter().sum::<f64>() / n as f64;
        if cmad < 1e-7 * sc {
            break;
        }
        let (c9, c1) = (0.999 * cmad, 0.001 * cmad);
        for k in 1..=n {
            let r = res[k].abs();
            rw[k] = if r <= c1 {
                1.0
            } else if r <= c9 {
                let u = r / cmad;
                (1.0 - u * u).powi(2)
            } else {
                0.0
            };
        }
    }
    Lowess {
        x: xs[1..].to_vec(),
        y: ys[1..].to_vec(),
    }
}

/// One local fit at `xs` over points `nleft..=nright` (1-based), as `clowess`'s `lowest`.
fn lowest(
    x: &[f64],
    y: &[f64],
    n: usize,
    xs: f64,
    nleft: usize,
    nright: usize,
    w: &mut [f64],
    userw: bool,
    rw: &[f64],
) -> Option<f64> {
    let range = x[n] - x[1];
    let h = (xs - x[nleft]).max(x[nright] - xs);
    let h9 = 0.999 * h;
    let h1 = 0.001 * h;
    let mut a = 0.0;
    let mut j = nleft;
    while j <= n {
        w[j] = 0.0;
        let r = (x[j] - xs).abs();
        if r <= h9 {
            w[j] = if r <= h1 {
                1.0
            } else {
                (1.0 - (r / h).powi(3)).powi(3)
            };
            if userw {
                w[j] *= rw[j];
            }
            a += w[j];
        } else if x[j] > xs {
            break;
        }
        j += 1;
    }
    let nrt = j - 1;
    if a <= 0.0 {
        return None;
    }
    for k in nleft..=nrt {
        w[k] /= a;
    }
    if h > 0.0 {
        let a: f64 = (nleft..=nrt).map(|k| w[k] * x[k]).sum();
        let mut b = xs - a;
        let c: f64 = (nleft..=nrt).map(|k| w[k] * (x[k] - a) * (x[k] - a)).sum();
        if c.sqrt() > 0.001 * range {
            b /= c;
            for k in nleft..=nrt {
                w[k] *= b * (x[k] - a) + 1.0;
            }
        }
    }
    Some((nleft..=nrt).map(|k| w[k] * y[k]).sum())
}
