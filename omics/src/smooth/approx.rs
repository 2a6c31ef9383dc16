//! Piecewise-linear interpolation.

/// A piecewise-linear function through points with distinct, increasing
/// `x`, constant beyond the ends: `stats::approxfun(x, y, rule = 2,
/// ties = list("ordered", mean))` (tied `x` are collapsed to the mean `y`).
#[derive(Debug, Clone)]
pub struct Interpolator {
    x: Vec<f64>,
    y: Vec<f64>,
}

impl Interpolator {
    /// Builds the interpolator from points sorted by `x` (ties allowed).
    /// Returns `None` when there are no points.
    pub fn from_sorted(x: &[f64], y: &[f64]) -> Option<Self> {
        let mut xs: Vec<f64> = Vec::with_capacity(x.len());
        let mut ys: Vec<f64> = Vec::with_capacity(x.len());
        let mut i = 0;
        while i < x.len() {
            let mut j = i;
            let mut s = 0.0;
            while j < x.len() && x[j] == x[i] {
                s += y[j];
                j += 1;
            }
            xs.push(x[i]);
            ys.push(s / (j - i) as f64);
            i = j;
        }
        if xs.is_empty() {
            None
        } else {
            Some(Interpolator { x: xs, y: ys })
        }
    }

    /// The interpolated value at `v`.
    pub fn eval(&self, v: f64) -> f64 {
        let n = self.x.len();
        if v.is_nan() {
            return f64::NAN;
        }
        if v <= self.x[0] {
            return self.y[0];
        }
        if v >= self.x[n - 1] {
            return self.y[n - 1];
        }
        // first index with x > v
        let hi = self.x.partition_point(|&a| a <= v);
        let lo = hi - 1;
        if self.x[lo] == v {
            return self.y[lo];
        }
        let t = (v - self.x[lo]) / (self.x[hi] - self.x[lo]);
        self.y[lo] + t * (self.y[hi] - self.y[lo])
    }
}
