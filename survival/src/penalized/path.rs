//! The pathwise coordinate-descent fit (glmnet's `coxnet`) and its result.

use nalgebra::DMatrix;
use prognos_core::Table;
use rayon::prelude::*;
use std::fmt;

use super::aligned::{AlignedF32, AlignedVec, stride, stride32};
use super::kernel::{NonPositiveWeight, RiskSets, risks};
use super::lambda::{fix_first_lambda, interpolate};
use super::lanes::{
    Next, dot, dot_then, dot_wsq, dot32, dot32_dot, dot32x2, screen_error, screenable, step,
    step_dot, step_dot32,
};
use super::{CoxNetError, CoxNetParams, CoxNetWarning, PathStop};

/// glmnet's "infinite" first lambda (`big`).
const BIG: f64 = 9.9e35;
/// glmnet's floor on `lambda_min_ratio` (`eps`).
const MIN_FLMIN: f64 = 1e-6;
/// glmnet's minimum number of lambdas before early stopping (`mnlam`).
const MNLAM: usize = 5;
/// glmnet's `fdev` (1e-5) times 100, as `coxnet1` rescales it.
const FDEV: f64 = 1e-5 * 100.0;
/// glmnet's `devmax` (0.999) times 0.99/0.999, as `coxnet1` rescales it
/// (the literals are single precision in the Fortran source).
const DEVMAX: f64 = (0.999f32 as f64) * (0.99f32 as f64) / (0.999f32 as f64);

/// A fitted elastic-net Cox path (R: the `coxnet` object of `glmnet`).
#[derive(Debug, Clone, PartialEq)]
pub struct CoxNetPath {
    /// The lambda sequence actually fitted (decreasing). For a generated
    /// sequence the first value is extrapolated as R's `fix.lam` does.
    pub lambda: Vec<f64>,
    /// Number of non-zero coefficients at each lambda (`df`).
    pub df: Vec<usize>,
    /// Fraction of null deviance explained at each lambda (`dev.ratio`).
    pub dev_ratio: Vec<f64>,
    /// Null deviance `2 (lsat - l(0))` on the original weight scale (`nulldev`).
    pub null_deviance: f64,
    /// Total coordinate-descent passes (`npasses`).
    pub n_passes: usize,
    /// Number of columns of `x`.
    pub n_features: usize,
    /// The mixing parameter used.
    pub alpha: f64,
    /// Why the path ended.
    pub stop: PathStop,
    /// Trouble along the way (constant columns, non-convergence).
    pub warnings: Vec<CoxNetWarning>,
    /// 0-based constant columns (excluded; coefficient 0).
    pub constant: Vec<usize>,
    /// Sparse coefficients (original scale) per lambda, sorted by column.
    beta: Vec<Vec<(usize, f64)>>,
    /// KKT gradient sums settled by a bound instead of computed (a count
    /// of work saved; the path is the same either way).
    pub(crate) kkt_skipped: usize,
    /// Coordinate visits of zero coefficients settled by the
    /// single-precision screen (work saved; the path is the same).
    pub(crate) screened: usize,
}

impl CoxNetPath {
    /// Number of lambda values on the path.
    pub fn len(&self) -> usize {
        self.lambda.len()
    }

    /// Whether the path is empty (never for a successful fit).
    pub fn is_empty(&self) -> bool {
        self.lambda.is_empty()
    }

    /// The non-zero coefficients (column, value) at lambda index `k`, on the
    /// original scale of `x`, sorted by column.
    pub fn nonzero(&self, k: usize) -> &[(usize, f64)] {
        &self.beta[k]
    }

    /// All p coefficients at lambda index `k` (R: `coef(fit)[, k + 1]`).
    pub fn coefficients(&self, k: usize) -> Vec<f64> {
        let mut b = vec![0.0; self.n_features];
        for &(j, v) in &self.beta[k] {
            b[j] = v;
        }
        b
    }

    /// Coefficients at any `s`, linearly interpolated between the two
    /// neighbouring lambdas and clamped at the ends, as
    /// `predict(fit, s = s, type = "coefficients")`.
    pub fn coefficients_at(&self, s: f64) -> Vec<f64> {
        let ip = interpolate(&self.lambda, s);
        let mut b = vec![0.0; self.n_features];
        for &(j, v) in &self.beta[ip.left] {
            b[j] += ip.frac * v;
        }
        for &(j, v) in &self.beta[ip.right] {
            b[j] += (1.0 - ip.frac) * v;
        }
        b
    }

    /// The path table R prints: `Df`, `%Dev`, `Lambda` per step.
    pub fn summary(&self) -> Table {
        let mut t = Table::new(["Df", "%Dev", "Lambda"])
            .with_title("Elastic-net Cox path (glmnet family = \"cox\")");
        for k in 0..self.len() {
            t.push_row(
                (k + 1).to_string(),
                [
                    prognos_core::table::Cell::Int(self.df[k] as i64),
                    (100.0 * self.dev_ratio[k]).into(),
                    self.lambda[k].into(),
                ],
            );
        }
        t.push_footer(format!(
            "alpha = {}, null deviance = {:.6}",
            self.alpha, self.null_deviance
        ));
        for w in &self.warnings {
            t.push_footer(format!("warning: {w}"));
        }
        t
    }
}

impl fmt::Display for CoxNetPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

impl CoxNetParams {
    /// Fits the elastic-net Cox path.
    ///
    /// `time` (> 0), `event`, one row of `x` per observation; `strata`
    /// (stratum index per row) gives each stratum its own risk sets;
    /// `weights` are case weights (>= 0, default 1).
    ///
    /// The algorithm is glmnet 4.1's `coxnet` (Simon et al. 2011): weights
    /// normalised to sum 1; columns centred (and scaled, 1/n variance) with
    /// those weights; for each lambda, an outer loop of diagonal quadratic
    /// approximations of the log partial likelihood and an inner cyclic
    /// coordinate descent on the strong set (sequential strong rule), then
    /// the active set to convergence, then a KKT check on the rest; warm
    /// starts along the path; the path stops early when the deviance ratio
    /// changes by less than 1e-3 (relative) over 4 steps or exceeds 0.99
    /// (glmnet's Cox scaling of `fdev`/`devmax`). Ties: Breslow.
    /// Stratified fits run the same algorithm per-stratum (glmnet routes them
    /// through `cox.path`, which solves the same problem by another route).
    ///
    /// # Errors
    /// Length mismatches, non-finite `x`, bad times/weights, no events, all
    /// columns constant, bad parameters, or a numerical failure at the first
    /// lambda.
    ///
    /// # References
    /// Simon N, Friedman J, Hastie T, Tibshirani R (2011). Regularization
    /// paths for Cox's proportional hazards model via coordinate descent.
    /// J Stat Softw 39(5). R: `glmnet(x, Surv(time, event), family = "cox")`.
    pub fn fit(
        &self,
        time: &[f64],
        event: &[bool],
        x: &DMatrix<f64>,
        strata: Option<&[usize]>,
        weights: Option<&[f64]>,
    ) -> Result<CoxNetPath, CoxNetError> {
        self.fit_with(time, event, x, strata, weights, false)
    }

    /// [`CoxNetParams::fit`]; `exact` computes every gradient in double
    /// precision, settling none by a bound or a single-precision screen (the
    /// path must be identical).
    pub(crate) fn fit_with(
        &self,
        time: &[f64],
        event: &[bool],
        x: &DMatrix<f64>,
        strata: Option<&[usize]>,
        weights: Option<&[f64]>,
        exact: bool,
    ) -> Result<CoxNetPath, CoxNetError> {
        let (n, p) = x.shape();
        self.check(p)?;
        check_data(time, event, x, strata, weights)?;
        let raw_w: Vec<f64> = weights.map_or_else(|| vec![1.0; n], <[f64]>::to_vec);
        let sw: f64 = raw_w.iter().sum();
        if !event.iter().zip(&raw_w).any(|(&d, &w)| d && w > 0.0) {
            return Err(CoxNetError::NoEvents);
        }
        let q_orig: Vec<f64> = raw_w.iter().map(|w| w / sw).collect();
        let rs = RiskSets::new(time, event, &q_orig, strata);

        // constant columns (glmnet's chkvars) and standardisation (cstandard)
        let ju: Vec<bool> = (0..p)
            .map(|j| {
                let c = x.column(j);
                c.iter().any(|&v| v != c[0])
            })
            .collect();
        let constant: Vec<usize> = (0..p).filter(|&j| !ju[j]).collect();
        if constant.len() == p {
            return Err(CoxNetError::NoFeatures { p, n_constant: p });
        }
        // column j at xs[j * ld..j * ld + n], each column on a cache line
        let ld = stride(n).max(1);
        let mut xs = AlignedVec::zeros(ld * p);
        // the same columns rounded to single precision (the screen of zero
        // coefficients), each on a cache line too
        let ld32 = stride32(n).max(1);
        let mut xs32 = AlignedF32::zeros(ld32 * p);
        let mut scale = vec![1.0; p];
        // Euclidean norms of the standardised columns (the KKT bound's
        // ||x_j||), taken while each column is in cache
        let mut xnorm = vec![0.0; p];
        // columns whose single-precision copy obeys the screen's bound, and
        // the Euclidean norms of those copies
        let mut screen = vec![false; p];
        let mut ynorm = vec![0.0; p];
        xs.par_chunks_mut(ld)
            .zip(xs32.par_chunks_mut(ld32))
            .zip(scale.par_iter_mut().zip(xnorm.par_iter_mut()))
            .zip(screen.par_iter_mut().zip(ynorm.par_iter_mut()))
            .enumerate()
            .for_each(|(j, (((col, col32), (sc, nrm)), (scr, ynrm)))| {
                if !ju[j] {
                    return;
                }
                let src = x.column(j);
                let col = &mut col[..n];
                for (k, &i) in rs.order.iter().enumerate() {
                    col[k] = src[i];
                }
                let m = dot(&rs.q, col);
                col.iter_mut().for_each(|v| *v -= m);
                if self.standardize {
                    let s =
                        rs.q.iter()
                            .zip(col.iter())
                            .map(|(q, v)| q * v * v)
                            .sum::<f64>()
                            .sqrt();
                    col.iter_mut().for_each(|v| *v /= s);
                    *sc = s;
                }
                *nrm = col.iter().map(|v| v * v).sum::<f64>().sqrt();
                col32
                    .iter_mut()
                    .zip(col.iter())
                    .for_each(|(y, &v)| *y = v as f32);
                *scr = !exact && screenable(col);
                *ynrm = col32[..n]
                    .iter()
                    .map(|&y| f64::from(y) * f64::from(y))
                    .sum::<f64>()
                    .sqrt();
            });
        let vp = self.scaled_penalty(p);
        let mut warnings = Vec::new();
        if !constant.is_empty() {
            warnings.push(CoxNetWarning::ConstantColumns(constant.clone()));
        }
        let default_ratio = if n < p { 0.01 } else { 1e-4 };
        let user: Option<Vec<f64>> = self.lambda.as_ref().map(|l| {
            let mut l = l.clone();
            l.sort_by(|a, b| b.total_cmp(a));
            l
        });
        let cols = Columns {
            xs: &xs,
            xs32: &xs32,
            n,
            ld,
            ld32,
            screen: &screen,
            ynorm: &ynorm,
        };
        let mut solver = Solver::new(&rs, cols, xnorm, &ju, &vp, self);
        solver.exact_kkt = exact;
        let out = solver.run(
            user.as_deref(),
            self.lambda_min_ratio.unwrap_or(default_ratio),
        );
        let mut out = out?;
        warnings.append(&mut out.warnings);
        if user.is_none() {
            fix_first_lambda(&mut out.lambda);
        }
        let beta: Vec<Vec<(usize, f64)>> = out
            .beta
            .into_iter()
            .map(|mut b| {
                b.sort_by_key(|&(j, _)| j);
                b.into_iter().map(|(j, v)| (j, v / scale[j])).collect()
            })
            .collect();
        Ok(CoxNetPath {
            lambda: out.lambda,
            df: out.df,
            dev_ratio: out.dev,
            null_deviance: 2.0 * sw * out.dev0,
            n_passes: out.nlp,
            n_features: p,
            alpha: self.alpha,
            stop: out.stop,
            warnings,
            constant,
            beta,
            kkt_skipped: out.kkt_skipped,
            screened: out.screened,
        })
    }
}

/// Validates the data inputs once.
pub(crate) fn check_data(
    time: &[f64],
    event: &[bool],
    x: &DMatrix<f64>,
    strata: Option<&[usize]>,
    weights: Option<&[f64]>,
) -> Result<(), CoxNetError> {
    let n = x.nrows();
    let len = |what: &'static str, found: usize| {
        if found == n {
            Ok(())
        } else {
            Err(CoxNetError::LengthMismatch {
                what,
                expected: n,
                found,
            })
        }
    };
    len("time", time.len())?;
    len("event", event.len())?;
    if let Some(s) = strata {
        len("strata", s.len())?;
    }
    if let Some(w) = weights {
        len("weights", w.len())?;
        if let Some((row, &value)) = w
            .iter()
            .enumerate()
            .find(|(_, w)| !(w.is_finite() && **w >= 0.0))
        {
            return Err(CoxNetError::BadWeight { row, value });
        }
    }
    if let Some((row, &value)) = time
        .iter()
        .enumerate()
        .find(|(_, t)| !(t.is_finite() && **t > 0.0))
    {
        return Err(CoxNetError::BadTime { row, value });
    }
    for j in 0..x.ncols() {
        if let Some((row, &value)) = x.column(j).iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(CoxNetError::NonFiniteX {
                column: j,
                row,
                value,
            });
        }
    }
    if x.ncols() == 0 {
        return Err(CoxNetError::NoFeatures {
            p: 0,
            n_constant: 0,
        });
    }
    Ok(())
}

/// The path on the standardised scale, before back-transformation.
struct RawPath {
    lambda: Vec<f64>,
    df: Vec<usize>,
    dev: Vec<f64>,
    dev0: f64,
    nlp: usize,
    kkt_skipped: usize,
    screened: usize,
    stop: PathStop,
    warnings: Vec<CoxNetWarning>,
    beta: Vec<Vec<(usize, f64)>>,
}

/// The standardised columns in double and single precision.
#[derive(Clone, Copy)]
struct Columns<'a> {
    /// column `j` at `xs[j * ld..j * ld + n]`
    xs: &'a [f64],
    /// the same rounded to `f32`, column `j` at `xs32[j * ld32..j * ld32 + n]`
    xs32: &'a [f32],
    n: usize,
    ld: usize,
    ld32: usize,
    /// whether column `j` may be screened in single precision, and the
    /// Euclidean norms of the single-precision columns
    screen: &'a [bool],
    ynorm: &'a [f64],
}

/// A gradient computed ahead, in the sweep of the previous move.
#[derive(Clone, Copy)]
enum Pending {
    /// column, `x_k' wr` in double precision
    Exact(usize, f64),
    /// column, the single-precision screen of `x_k' wr`
    Screen(usize, f64),
}

/// Coordinate-descent state (glmnet's `coxnet1` locals).
struct Solver<'a> {
    rs: &'a RiskSets,
    /// the standardised columns
    cols: Columns<'a>,
    /// an upper bound of `||wr||` (taken at each pass, raised by every
    /// move) and `sqrt(max w)` of the current approximation: the screen's
    /// error bound
    rnorm: f64,
    wsq: f64,
    ju: &'a [bool],
    vp: &'a [f64],
    alpha: f64,
    thresh: f64,
    max_iter: usize,
    nlam: usize,
    /// coefficients (standardised scale), their snapshot, and `sum w x^2`
    /// (computed for non-zero coefficients in the first sweep after new
    /// working weights, for zero ones only when they may move: valid when
    /// `v_epoch[j] == epoch`, the count of quadratic approximations)
    a: Vec<f64>,
    a_prev: Vec<f64>,
    v: Vec<f64>,
    v_epoch: Vec<u32>,
    epoch: u32,
    /// working weights, residuals, linear predictor (cache-line aligned, as
    /// the columns: the sweeps read them with 32-byte loads), risks,
    /// risk-set sums
    w: AlignedVec,
    wr: AlignedVec,
    f: AlignedVec,
    /// `wr` as the current quadratic approximation began (moves update only
    /// `wr`; [`Solver::sync_f`] recovers the change of `f` from it)
    wr0: AlignedVec,
    e: Vec<f64>,
    u: Vec<f64>,
    /// |gradient| of columns outside the strong set, as last computed, or
    /// an upper bound of it (see [`Solver::refresh_gradient`])
    ga: Vec<f64>,
    /// `wr` at the last gradient refresh, the Euclidean norms of the
    /// standardised columns, and the smallest threshold `ga_j / vp_j` meets
    /// before the next refresh (0: compute every sum)
    wr_ref: AlignedVec,
    xnorm: Vec<f64>,
    skip_below: f64,
    /// compute every KKT sum (tests: the bounds must not change the path)
    exact_kkt: bool,
    /// KKT sums settled by the bound instead
    kkt_skipped: usize,
    /// visits of zero coefficients settled by the single-precision screen
    screened: usize,
    strong: Vec<bool>,
    /// the strong set as increasing column indices (the sweep order)
    strong_list: Vec<usize>,
    ever_active: Vec<bool>,
    active: Vec<usize>,
    nlp: usize,
    /// the gradient (or its screen) of the next column of the sweep,
    /// computed in the sweep of the previous move
    pending: Option<Pending>,
}

impl<'a> Solver<'a> {
    fn new(
        rs: &'a RiskSets,
        cols: Columns<'a>,
        xnorm: Vec<f64>,
        ju: &'a [bool],
        vp: &'a [f64],
        params: &CoxNetParams,
    ) -> Self {
        let p = xnorm.len();
        let nlam = params.lambda.as_ref().map_or(params.nlambda, Vec::len);
        let n = cols.n;
        Solver {
            rs,
            cols,
            rnorm: 0.0,
            wsq: 0.0,
            ju,
            vp,
            alpha: params.alpha,
            thresh: params.thresh,
            max_iter: params.max_iter,
            nlam,
            a: vec![0.0; p],
            a_prev: vec![0.0; p],
            v: vec![0.0; p],
            v_epoch: vec![0; p],
            epoch: 0,
            w: AlignedVec::zeros(n),
            wr: AlignedVec::zeros(n),
            f: AlignedVec::zeros(n),
            wr0: AlignedVec::zeros(n),
            e: rs.q.clone(),
            u: vec![0.0; rs.groups.len()],
            ga: vec![0.0; p],
            wr_ref: AlignedVec::zeros(n),
            xnorm,
            skip_below: 0.0,
            exact_kkt: false,
            kkt_skipped: 0,
            screened: 0,
            strong: vec![false; p],
            strong_list: Vec::new(),
            ever_active: vec![false; p],
            active: Vec::new(),
            nlp: 0,
            pending: None,
        }
    }

    fn col(&self, j: usize) -> &'a [f64] {
        let xs: &'a [f64] = self.cols.xs;
        &xs[j * self.cols.ld..j * self.cols.ld + self.cols.n]
    }

    fn col32(&self, j: usize) -> &'a [f32] {
        let xs: &'a [f32] = self.cols.xs32;
        &xs[j * self.cols.ld32..j * self.cols.ld32 + self.cols.n]
    }

    /// Whether column `j`'s next gradient is screened in single precision:
    /// its coefficient is zero (it almost always stays so) and its values
    /// obey the screen's bound.
    #[inline(always)]
    fn screened_next(&self, j: usize) -> bool {
        self.a[j] == 0.0 && self.cols.screen[j]
    }

    /// The copy of column `j` its next visit reads (for prefetching).
    #[inline(always)]
    fn next_col(&self, j: Option<usize>) -> Next {
        match j {
            Some(k) if self.screened_next(k) => Next::f32(self.col32(k)),
            Some(k) => Next::f64(self.col(k)),
            None => Next::NONE,
        }
    }

    /// Whether the screen `s` of column `j`'s gradient settles that its
    /// zero coefficient stays zero: `|s| + screen_error < thr` implies that
    /// the double-precision `|x_j' wr| < thr`.
    #[inline(always)]
    fn screen_settles(&self, j: usize, s: f64, thr: f64) -> bool {
        s.abs() + screen_error(self.cols.ynorm[j] * self.rnorm, self.cols.n) < thr
    }

    /// The screen of zero coefficient `j` and, in the same sweep over
    /// `wr`, the gradient (or screen) of the next column `next` as the
    /// [`Pending`] it would get if `j` stays zero (and `v` of the next
    /// column if stale: `w` is that of the approximation either way).
    /// Prefetches `next2`.
    #[inline(always)]
    fn screen_ahead(
        &mut self,
        j: usize,
        next: Option<usize>,
        next2: Option<usize>,
    ) -> (f64, Option<Pending>) {
        let yj = self.col32(j);
        let Some(k) = next else {
            return (dot32(&self.wr, yj, Next::NONE), None);
        };
        let xn = self.next_col(next2);
        if self.screened_next(k) {
            let (s, sk) = dot32x2(&self.wr, yj, self.col32(k), xn);
            (s, Some(Pending::Screen(k, sk)))
        } else if self.v_stale(k) {
            let (s, g, v) = dot32_dot::<true>(&self.wr, &self.w, yj, self.col(k), xn);
            self.v[k] = v;
            self.v_epoch[k] = self.epoch;
            (s, Some(Pending::Exact(k, g)))
        } else {
            let (s, g, _) = dot32_dot::<false>(&self.wr, &self.w, yj, self.col(k), xn);
            (s, Some(Pending::Exact(k, g)))
        }
    }

    /// `||wr||`, the start of [`Solver::rnorm`] for a pass.
    fn wr_norm(&self) -> f64 {
        self.wr.iter().map(|r| r * r).sum::<f64>().sqrt()
    }

    /// Whether `v_k = sum w x_k^2` is not yet computed for the current
    /// working weights (their first sweep, or a zero coefficient whose
    /// visits the screen settled so far).
    #[inline(always)]
    fn v_stale(&self, k: usize) -> bool {
        self.v_epoch[k] != self.epoch
    }

    /// The double-precision gradient `x_j' wr`, with `v_j` in the same
    /// sweep when it is stale.
    fn gradient(&mut self, j: usize, xn: Next) -> f64 {
        let xj = self.col(j);
        if !self.v_stale(j) {
            dot_then(&self.wr, xj, xn)
        } else {
            let (g, v) = dot_wsq(&self.wr, &self.w, xj, xn);
            self.v[j] = v;
            self.v_epoch[j] = self.epoch;
            g
        }
    }

    /// One coordinate update of column `j`; returns `v_j * delta^2`. A stale
    /// `v_j = sum w x_j^2` (the first sweep after new working weights) is
    /// computed in the same sweep over the column as the gradient.
    /// `next` and `next2` are the columns swept after this one: a move of
    /// `j` updates `wr` and computes `next`'s gradient (and its stale `v`)
    /// in the same sweep; `next2` is prefetched meanwhile. The arithmetic is
    /// that of separate sweeps, bit for bit.
    ///
    /// A zero coefficient stays zero when `|x_j' wr| <= vp_j sa` (glmnet's
    /// soft threshold). Its gradient is first screened from the
    /// single-precision copy of the column (half the bytes): when the
    /// screen plus its rigorous error bound ([`screen_error`]) is below the
    /// threshold, the double-precision sum would be too, and the visit ends
    /// there; otherwise the double-precision sum decides, as before. The
    /// iterates are glmnet's either way.
    #[inline]
    fn update(
        &mut self,
        j: usize,
        next: Option<usize>,
        next2: Option<usize>,
        sa: f64,
        omal: f64,
    ) -> f64 {
        let xj = self.col(j);
        let thr = self.vp[j] * sa;
        let g = match self.pending.take() {
            Some(Pending::Exact(k, g)) if k == j => g,
            Some(Pending::Screen(k, s)) if k == j => {
                if self.screen_settles(j, s, thr) {
                    self.screened += 1;
                    return 0.0;
                }
                self.gradient(j, self.next_col(next))
            }
            _ => {
                let xn = self.next_col(next);
                if self.screened_next(j) {
                    // the screen, and the next column's gradient (or screen)
                    // against the same wr, which it keeps if j stays zero
                    let (s, ahead) = self.screen_ahead(j, next, next2);
                    if self.screen_settles(j, s, thr) {
                        self.screened += 1;
                        self.pending = ahead;
                        return 0.0;
                    }
                }
                self.gradient(j, xn)
            }
        };
        let u = self.a[j] * self.v[j] + g;
        let at = if u.abs() <= thr {
            0.0
        } else {
            debug_assert_eq!(self.v_epoch[j], self.epoch, "stale v of column {j}");
            (u.abs() - thr).copysign(u) / (self.v[j] + self.vp[j] * omal)
        };
        if at == self.a[j] {
            return 0.0;
        }
        let del = at - self.a[j];
        self.a[j] = at;
        // ||w x_j||^2 = sum w^2 x_j^2 <= max(w) v_j bounds the move's change of wr
        self.rnorm += del.abs() * self.wsq * self.v[j].sqrt();
        // the residuals, fused with the next column's gradient (the linear
        // predictor catches up once per quadratic approximation: sync_f)
        match next {
            Some(k) => {
                let xn = self.next_col(next2);
                if self.screened_next(k) {
                    let yk = self.col32(k);
                    let s = step_dot32(&mut self.wr, del, &self.w, xj, yk, xn);
                    self.pending = Some(Pending::Screen(k, s));
                } else if self.v_stale(k) {
                    let xk = self.col(k);
                    let (g, v) = step_dot::<true>(&mut self.wr, del, &self.w, xj, xk, xn);
                    self.v[k] = v;
                    self.v_epoch[k] = self.epoch;
                    self.pending = Some(Pending::Exact(k, g));
                } else {
                    let xk = self.col(k);
                    let (g, _) = step_dot::<false>(&mut self.wr, del, &self.w, xj, xk, xn);
                    self.pending = Some(Pending::Exact(k, g));
                }
            }
            None => step(&mut self.wr, del, &self.w, xj),
        }
        if !self.ever_active[j] {
            self.ever_active[j] = true;
            self.active.push(j);
        }
        self.v[j] * del * del
    }

    /// A new quadratic approximation at the current risks `e`: working
    /// weights and residuals (glmnet's `outer`), and `wr0`, the residuals
    /// it starts from (what [`Solver::sync_f`] measures the moves against).
    fn approximate(&mut self) -> Result<(), NonPositiveWeight> {
        self.rs
            .outer(&self.e, &mut self.w, &mut self.wr, &mut self.u)?;
        self.wr0.copy_from_slice(&self.wr);
        self.epoch += 1;
        self.wsq = self.w.iter().fold(0.0f64, |m, &w| m.max(w)).sqrt();
        Ok(())
    }

    /// Brings the linear predictor `f = X a` up to date after the moves of
    /// one quadratic approximation. Each move of `a_k` by `d` changes `wr`
    /// by `-d w x_k` (fixed working weights `w`) and `f` by `d x_k`, so the
    /// approximation's total change of `f` is `(wr0 - wr) / w`, row by row:
    /// O(n) instead of a sweep over every moved column. glmnet adds each
    /// move to `f` as it happens; the two agree to rounding (relative
    /// ~1e-14 per approximation here). Rows with `w = 0` are in no risk set
    /// (zero case weight, or censored before the stratum's first event):
    /// their `f` enters neither the likelihood nor the working weights, and
    /// is left as is.
    fn sync_f(&mut self) {
        for ((f, &w), (&r0, &r)) in self
            .f
            .iter_mut()
            .zip(self.w.iter())
            .zip(self.wr0.iter().zip(self.wr.iter()))
        {
            if w > 0.0 {
                *f += (r0 - r) / w;
            }
        }
    }

    /// |x_j' wr| for every usable column outside the strong set (in parallel),
    /// or an upper bound of it when that bound already settles every
    /// comparison the value meets before the next refresh.
    ///
    /// `ga_j` is only ever compared with `skip_below * vp_j` or larger
    /// thresholds until the next refresh (the KKT check at this lambda and
    /// the strong rule at the next). Since
    /// `|x_j' wr| <= |x_j' wr_ref| + ||x_j|| ||wr - wr_ref||` (Cauchy–Schwarz,
    /// `wr_ref` the residuals at the previous refresh), a column whose
    /// previous value or bound plus that drift stays below the threshold
    /// (with a 1e-9 relative margin for rounding) keeps the bound instead of
    /// a new sum: the comparisons come out as with the exact sum, so the
    /// iterates are unchanged. A column the drift bound does not settle is
    /// screened in single precision (`|s| + screen_error`, an upper bound of
    /// the double-precision sum) before its double-precision sum is taken.
    /// glmnet computes every sum.
    fn refresh_gradient(&mut self) {
        let Columns {
            xs,
            xs32,
            n,
            ld,
            ld32,
            screen,
            ynorm,
        } = self.cols;
        let (ju, strong) = (self.ju, &self.strong);
        let wr: &[f64] = &self.wr;
        let norm = |v: &mut dyn Iterator<Item = f64>| v.map(|d| d * d).sum::<f64>().sqrt();
        let drift = norm(&mut wr.iter().zip(self.wr_ref.iter()).map(|(a, b)| a - b));
        let wr_norm = norm(&mut wr.iter().copied());
        // rounding of the two sums the bound links (|fl(x'y) - x'y| <=
        // n eps ||x|| ||y||), so the bound holds for the computed values
        let slack =
            (n as f64 + 2.0) * f64::EPSILON * (wr_norm + norm(&mut self.wr_ref.iter().copied()));
        let skip = if self.exact_kkt { 0.0 } else { self.skip_below };
        let (vp, xnorm) = (self.vp, &self.xnorm);
        let skipped = std::sync::atomic::AtomicUsize::new(0);
        self.ga.par_iter_mut().enumerate().for_each(|(j, g)| {
            if ju[j] && !strong[j] {
                let settles = |bound: f64| skip > 0.0 && bound * (1.0 + 1e-9) < skip * vp[j];
                let bound = *g + xnorm[j] * (drift + slack);
                if settles(bound) {
                    *g = bound;
                    skipped.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return;
                }
                if screen[j] && skip > 0.0 {
                    // the single-precision screen: an upper bound of the
                    // double-precision |x_j' wr| from half the bytes
                    let s = dot32(wr, &xs32[j * ld32..j * ld32 + n], Next::NONE);
                    let bound = s.abs() + screen_error(ynorm[j] * wr_norm, n);
                    if settles(bound) {
                        *g = bound;
                        skipped.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        return;
                    }
                }
                *g = dot(wr, &xs[j * ld..j * ld + n]).abs();
            }
        });
        self.wr_ref.copy_from_slice(wr);
        self.kkt_skipped += skipped.into_inner();
    }

    /// Coordinate descent at one lambda: strong-set sweeps, active-set
    /// cycles, quadratic-approximation updates, KKT checks (glmnet's inner
    /// loops, in the same order so the iterates agree).
    fn solve_lambda(&mut self, sa: f64, omal: f64, cthr: f64) -> Result<(), HaltAt> {
        loop {
            if self.nlp > self.max_iter {
                return Err(HaltAt::MaxIter);
            }
            for &j in &self.active {
                self.a_prev[j] = self.a[j];
            }
            // v_j of every coefficient that is non-zero (or not screened) is
            // computed in the first sweep after new working weights (active ⊆
            // strong, and the active cycles come after it)
            loop {
                self.nlp += 1;
                let mut dli: f64 = 0.0;
                self.pending = None;
                self.rnorm = self.wr_norm();
                for l in 0..self.strong_list.len() {
                    let j = self.strong_list[l];
                    let next = self.strong_list.get(l + 1).copied();
                    let next2 = self.strong_list.get(l + 2).copied();
                    dli = dli.max(self.update(j, next, next2, sa, omal));
                }
                if dli < cthr {
                    break;
                }
                if self.nlp > self.max_iter {
                    return Err(HaltAt::MaxIter);
                }
                loop {
                    self.nlp += 1;
                    let mut dli: f64 = 0.0;
                    self.pending = None;
                    self.rnorm = self.wr_norm();
                    for l in 0..self.active.len() {
                        let j = self.active[l];
                        let next = self.active.get(l + 1).copied();
                        let next2 = self.active.get(l + 2).copied();
                        dli = dli.max(self.update(j, next, next2, sa, omal));
                    }
                    if dli < cthr {
                        break;
                    }
                    if self.nlp > self.max_iter {
                        return Err(HaltAt::MaxIter);
                    }
                }
            }
            self.sync_f();
            risks(&self.rs.q, &self.f, &mut self.e);
            self.approximate().map_err(|_| HaltAt::Numerical)?;
            let moved = self.active.iter().any(|&k| {
                let d = self.a[k] - self.a_prev[k];
                self.v[k] * d * d >= cthr
            });
            if moved {
                continue;
            }
            self.refresh_gradient();
            let mut added = false;
            for k in 0..self.a.len() {
                if self.ju[k] && !self.strong[k] && self.ga[k] > sa * self.vp[k] {
                    self.strong[k] = true;
                    self.strong_list.push(k);
                    added = true;
                }
            }
            if !added {
                return Ok(());
            }
            self.strong_list.sort_unstable();
        }
    }

    fn run(mut self, user: Option<&[f64]>, ratio: f64) -> Result<RawPath, CoxNetError> {
        let r0 = self.rs.log_lik(&self.f, &self.e, &mut self.u);
        let rr = -(self.rs.groups.iter().map(|g| g.dk * g.dk.ln()).sum::<f64>() + r0);
        let dev0 = rr;
        self.approximate()
            .map_err(|_| CoxNetError::NumericalFailure)?;
        let alf = if user.is_some() {
            1.0
        } else {
            // glmnet's Fortran evaluates the exponent `1.0/(nlam-1)` in single
            // precision (a real*4 literal over an integer); so do we, to get the
            // same lambdas to the last bit
            let expo = 1.0f32 / (self.nlam as f32 - 1.0);
            ratio.max(MIN_FLMIN).powf(f64::from(expo))
        };
        let cthr = self.thresh * dev0;
        self.refresh_gradient();
        let mnl = MNLAM.min(self.nlam);
        let mut path = RawPath {
            lambda: Vec::new(),
            df: Vec::new(),
            dev: Vec::new(),
            dev0,
            nlp: 0,
            kkt_skipped: 0,
            screened: 0,
            stop: PathStop::Completed,
            warnings: Vec::new(),
            beta: Vec::new(),
        };
        let mut al: f64 = 0.0;
        for ilm in 0..self.nlam {
            let mut al0 = al;
            if let Some(l) = user {
                al = l[ilm];
            } else if ilm > 1 {
                al *= alf;
            } else if ilm == 0 {
                al = BIG;
            } else {
                al0 = 0.0;
                for j in 0..self.a.len() {
                    if self.ju[j] && self.vp[j] > 0.0 {
                        al0 = al0.max(self.ga[j] / self.vp[j]);
                    }
                }
                al0 /= self.alpha.max(1e-3);
                al = alf * al0;
            }
            let sa = self.alpha * al;
            let omal = (1.0 - self.alpha) * al;
            let tlam = self.alpha * (2.0 * al - al0);
            for k in 0..self.a.len() {
                if !self.strong[k] && self.ju[k] && self.ga[k] > tlam * self.vp[k] {
                    self.strong[k] = true;
                    self.strong_list.push(k);
                }
            }
            self.strong_list.sort_unstable();
            // the gradients refreshed at this lambda next meet the KKT check
            // (sa) and the next lambda's strong rule; the first lambda's
            // refresh must be exact (the second lambda is their maximum)
            self.skip_below = if ilm == 0 {
                0.0
            } else {
                let next = match user {
                    Some(l) if ilm + 1 < l.len() => Some(l[ilm + 1]),
                    None if ilm + 1 < self.nlam => Some(al * alf),
                    _ => None,
                };
                next.map_or(sa, |an| sa.min(self.alpha * (2.0 * an - al)))
            };
            if let Err(h) = self.solve_lambda(sa, omal, cthr) {
                if ilm == 0 {
                    return Err(CoxNetError::NumericalFailure);
                }
                path.warnings.push(match h {
                    HaltAt::MaxIter => CoxNetWarning::NotConverged { lambda_index: ilm },
                    HaltAt::Numerical => CoxNetWarning::NumericalError { lambda_index: ilm },
                });
                path.stop = PathStop::Failed;
                break;
            }
            let beta: Vec<(usize, f64)> = self
                .active
                .iter()
                .filter(|&&j| self.a[j] != 0.0)
                .map(|&j| (j, self.a[j]))
                .collect();
            path.df.push(beta.len());
            path.beta.push(beta);
            path.lambda.push(al);
            let ll = self.rs.log_lik(&self.f, &self.e, &mut self.u);
            let dev = (ll - r0) / rr;
            path.dev.push(dev);
            if ilm + 1 < mnl || user.is_some() {
                continue;
            }
            if (dev - path.dev[ilm + 1 - mnl]) / dev < FDEV {
                path.stop = PathStop::DevianceFlat;
                break;
            }
            if dev > DEVMAX {
                path.stop = PathStop::DevianceMax;
                break;
            }
        }
        path.nlp = self.nlp;
        path.kkt_skipped = self.kkt_skipped;
        path.screened = self.screened;
        Ok(path)
    }
}

/// Why a lambda could not be solved.
enum HaltAt {
    MaxIter,
    Numerical,
}
