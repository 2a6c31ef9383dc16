//! Cleveland's LOWESS scatterplot smoother, as `stats::lowess`.
//!
//! Written from Cleveland (1979) and the description of R's `clowess`:
//! local linear fits with tricube weights over the `ns = max(2, min(n,
//! floor(f n + 1e-7)))` nearest points, `iter` robustness iterations with
//! bisquare weights on `6 * median(|residual|)`, and points within `delta`
//! of the last fitted x interpolated linearly instead of fitted.

/// LOWESS fit of `y` on `x` (any order). Returns the fitted value for each
/// input point in the input order.
pub fn lowess(x: &[f64], y: &[f64], f: f64, iter: usize, delta: Option<f64>) -> Vec<f64> {
    let n = x.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b])); // stable, as R's order()
    let xs: Vec<f64> = order.iter().map(|&i| x[i]).collect();
    let ys: Vec<f64> = order.iter().map(|&i| y[i]).collect();
    let fit = lowess_sorted(&xs, &ys, f, iter, delta);
    let mut out = vec![0.0; n];
    for (k, &i) in order.iter().enumerate() {
        out[i] = fit[k];
    }
    out
}

/// LOWESS on `x` sorted ascending; returns fitted values in that order.
/// `delta` defaults to `0.01 * (max(x) - min(x))`, as R.
pub fn lowess_sorted(x: &[f64], y: &[f64], f: f64, iter: usize, delta: Option<f64>) -> Vec<f64> {
    let n = x.len();
    if n == 0 {
        return Vec::new();
    }
    if n == 1 {
        return vec![y[0]];
    }
    let delta = delta.unwrap_or(0.01 * (x[n - 1] - x[0]));
    let ns = ((f * n as f64 + 1e-7) as usize).min(n).max(2);
    let mut ys = vec![0.0; n];
    let mut rw = vec![1.0; n];
    let mut res = vec![0.0; n];
    let mut w = vec![0.0; n];
    for it in 1..=iter + 1 {
        let mut nleft = 0usize;
        let mut nright = ns - 1;
        let mut last: isize = -1;
        let mut i = 0usize;
        loop {
            if nright < n - 1 {
                let d1 = x[i] - x[nleft];
                let d2 = x[nright + 1] - x[i];
                if d1 > d2 {
                    nleft += 1;
                    nright += 1;
                    continue;
                }
            }
            match lowest(x, y, x[i], nleft, nright, &mut w, it > 1, &rw) {
                Some(v) => ys[i] = v,
                None => ys[i] = y[i],
            }
            if last < i as isize - 1 {
                let l = last as usize;
                let denom = x[i] - x[l];
                for j in l + 1..i {
                    let alpha = (x[j] - x[l]) / denom;
                    ys[j] = alpha * ys[i] + (1.0 - alpha) * ys[l];
                }
            }
            let lu = i;
            let cut = x[lu] + delta;
            let mut k = lu + 1;
            let mut last_u = lu;
            while k < n {
                if x[k] > cut {
                    break;
                }
                if x[k] == x[last_u] {
                    ys[k] = ys[last_u];
                    last_u = k;
                }
                k += 1;
            }
            last = last_u as isize;
            i = (last_u + 1).max(k - 1);
            if last_u >= n - 1 {
                break;
            }
        }
        for k in 0..n {
            res[k] = y[k] - ys[k];
        }
        let sc = res.iter().map(|r| r.abs()).sum::<f64>() / n as f64;
        if it > iter {
            break;
        }
        let mut abs_res: Vec<f64> = res.iter().map(|r| r.abs()).collect();
        let m1 = n / 2;
        abs_res.select_nth_unstable_by(m1, f64::total_cmp);
        let cmad = if n.is_multiple_of(2) {
            let a = abs_res[m1];
            let m2 = n - m1 - 1;
            abs_res.select_nth_unstable_by(m2, f64::total_cmp);
            3.0 * (a + abs_res[m2])
        } else {
            6.0 * abs_res[m1]
        };
        if cmad < 1e-7 * sc {
            break;
        }
        let c9 = 0.999 * cmad;
        let c1 = 0.001 * cmad;
        for k in 0..n {
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
    ys
}

/// One local weighted linear fit at `xs` over the neighbourhood
/// `nleft..=nright` (extended over ties at the far edge). `None` when all
/// weights are zero.
fn lowest(
    x: &[f64],
    y: &[f64],
    xs: f64,
    nleft: usize,
    nright: usize,
    w: &mut [f64],
    userw: bool,
    rw: &[f64],
) -> Option<f64> {
    let n = x.len();
    let range = x[n - 1] - x[0];
    let h = (xs - x[nleft]).max(x[nright] - xs);
    let h9 = 0.999 * h;
    let h1 = 0.001 * h;
    let mut a = 0.0;
    let mut j = nleft;
    while j < n {
        w[j] = 0.0;
        let r = (x[j] - xs).abs();
        if r <= h9 {
            w[j] = if r <= h1 {
                1.0
            } else {
                let q = r / h;
                (1.0 - q * q * q).powi(3)
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
        let mut a = 0.0;
        for k in nleft..=nrt {
            a += w[k] * x[k];
        }
        let mut b = xs - a;
        let mut c = 0.0;
        for k in nleft..=nrt {
            c += w[k] * (x[k] - a) * (x[k] - a);
        }
        if c.sqrt() > 0.001 * range {
            b /= c;
            for k in nleft..=nrt {
                w[k] *= b * (x[k] - a) + 1.0;
            }
        }
    }
    let mut ys = 0.0;
    for k in nleft..=nrt {
        ys += w[k] * y[k];
    }
    Some(ys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_r_lowess() {
        // R: x <- c(1,2,3,4,5,6,7,8,9,10); y <- c(2,4,3,6,5,8,7,12,9,11)
        // lowess(x, y)$y
        let x: Vec<f64> = (1..=10).map(f64::from).collect();
        let y = [2.0, 4.0, 3.0, 6.0, 5.0, 8.0, 7.0, 12.0, 9.0, 11.0];
        let r = [
            2.2657539192464862,
            3.1850981995396972,
            4.1314616440218117,
            4.9817850972083679,
            6.0356637347424806,
            7.1107627009009509,
            8.3563134506270842,
            9.2021254411370759,
            10.0551480917953668,
            10.8183460329902807,
        ];
        let fit = lowess(&x, &y, 2.0 / 3.0, 3, None);
        for (a, b) in fit.iter().zip(r.iter()) {
            assert!((a - b).abs() < 1e-10, "{a} vs {b}");
        }
    }
}
