//! Parameters (as `coxph.control` and `coxph`'s arguments) and the input data.

use super::error::CoxError;
use nalgebra::DMatrix;

/// How tied event times enter the partial likelihood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ties {
    /// Efron's approximation (R's default, `ties = "efron"`).
    #[default]
    Efron,
    /// Breslow's approximation (`ties = "breslow"`).
    Breslow,
}

impl Ties {
    /// The name R uses (`"efron"`, `"breslow"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Ties::Efron => "efron",
            Ties::Breslow => "breslow",
        }
    }
}

/// The data of a Cox model: survival outcome, design matrix and optional
/// strata, case weights and cluster ids.
///
/// | Field | Meaning |
/// |---|---|
/// | `time` | stop time (follow-up time for right-censored data) |
/// | `start` | start time of counting-process `(start, stop]` rows |
/// | `event` | `true` = event at `time` |
/// | `x` | n × p covariates, rows = observations |
/// | `names` | column names of `x` (used in output and errors) |
/// | `strata` | stratum code per row: separate baseline hazards |
/// | `weights` | case weights (> 0) |
/// | `cluster` | cluster id per row: robust variance summed by cluster |
#[derive(Debug, Clone)]
pub struct CoxData {
    /// Stop (follow-up) times.
    pub time: Vec<f64>,
    /// Start times for counting-process data, `None` for right-censored data.
    pub start: Option<Vec<f64>>,
    /// Event indicators.
    pub event: Vec<bool>,
    /// Covariates, n × p.
    pub x: DMatrix<f64>,
    /// Covariate names, one per column of `x`.
    pub names: Vec<String>,
    /// Stratum code per row.
    pub strata: Option<Vec<usize>>,
    /// Case weight per row.
    pub weights: Option<Vec<f64>>,
    /// Cluster id per row (implies the robust variance).
    pub cluster: Option<Vec<usize>>,
}

impl CoxData {
    /// Right-censored data; columns are named `x1, x2, ...` until
    /// [`CoxData::with_names`] is called.
    pub fn new(time: Vec<f64>, event: Vec<bool>, x: DMatrix<f64>) -> Self {
        let names = (1..=x.ncols()).map(|j| format!("x{j}")).collect();
        CoxData {
            time,
            start: None,
            event,
            x,
            names,
            strata: None,
            weights: None,
            cluster: None,
        }
    }

    /// Names the covariate columns.
    pub fn with_names(mut self, names: Vec<String>) -> Self {
        self.names = names;
        self
    }

    /// Counting-process data: each row is at risk on `(start, time]`.
    pub fn with_start(mut self, start: Vec<f64>) -> Self {
        self.start = Some(start);
        self
    }

    /// Stratum codes (any `usize` labels).
    pub fn with_strata(mut self, strata: Vec<usize>) -> Self {
        self.strata = Some(strata);
        self
    }

    /// Case weights.
    pub fn with_weights(mut self, weights: Vec<f64>) -> Self {
        self.weights = Some(weights);
        self
    }

    /// Cluster ids (robust variance summed within clusters).
    pub fn with_cluster(mut self, cluster: Vec<usize>) -> Self {
        self.cluster = Some(cluster);
        self
    }

    /// Number of observations.
    pub fn n(&self) -> usize {
        self.x.nrows()
    }

    /// Checks lengths and values; the error names the row or column.
    pub(crate) fn validate(&self) -> Result<(), CoxError> {
        let n = self.x.nrows();
        if n == 0 {
            return Err(CoxError::Empty);
        }
        let check = |what: &'static str, len: usize| {
            if len == n {
                Ok(())
            } else {
                Err(CoxError::LengthMismatch {
                    what,
                    expected: n,
                    found: len,
                })
            }
        };
        check("time", self.time.len())?;
        check("event", self.event.len())?;
        if self.names.len() != self.x.ncols() {
            return Err(CoxError::LengthMismatch {
                what: "names",
                expected: self.x.ncols(),
                found: self.names.len(),
            });
        }
        if let Some(s) = &self.start {
            check("start", s.len())?;
        }
        if let Some(s) = &self.strata {
            check("strata", s.len())?;
        }
        if let Some(w) = &self.weights {
            check("weights", w.len())?;
        }
        if let Some(c) = &self.cluster {
            check("cluster", c.len())?;
        }
        for (row, &t) in self.time.iter().enumerate() {
            if !t.is_finite() {
                return Err(CoxError::InvalidTime { row, value: t });
            }
        }
        if let Some(s) = &self.start {
            for (row, (&a, &b)) in s.iter().zip(&self.time).enumerate() {
                if !a.is_finite() || a >= b {
                    return Err(CoxError::InvalidInterval {
                        row,
                        start: a,
                        stop: b,
                    });
                }
            }
        }
        if let Some(w) = &self.weights {
            for (row, &v) in w.iter().enumerate() {
                if !v.is_finite() || v <= 0.0 {
                    return Err(CoxError::InvalidWeight { row, value: v });
                }
            }
        }
        // column-major storage: the first non-finite value of the first
        // column that has one (a plain slice scan, no per-element indexing)
        if let Some(k) = self.x.as_slice().iter().position(|v| !v.is_finite()) {
            let (j, row) = (k / n, k % n);
            return Err(CoxError::NonFiniteCovariate {
                column: self.names[j].clone(),
                row,
                value: self.x.as_slice()[k],
            });
        }
        if !self.event.iter().any(|&e| e) {
            return Err(CoxError::NoEvents);
        }
        Ok(())
    }
}

/// Settings of the Cox fit, as R's `coxph(..., ties, robust, singular.ok)`
/// with `coxph.control(eps, toler.chol, iter.max, toler.inf, timefix)`.
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `ties` | `Efron` | tie handling |
/// | `max_iter` | 20 | Newton–Raphson iterations (`iter.max`) |
/// | `eps` | 1e-9 | convergence: `|1 - loglik_old / loglik_new| <= eps` |
/// | `toler_chol` | `f64::EPSILON^0.75` | pivots below this (relative) mark a singular column |
/// | `toler_inf` | `sqrt(eps)` | threshold of the "coefficient may be infinite" check |
/// | `conf_level` | 0.95 | level of the hazard-ratio intervals |
/// | `robust` | false | sandwich variance (implied by cluster ids) |
/// | `singular_ok` | true | drop collinear columns (NA coefficient) instead of failing |
/// | `timefix` | true | merge near-equal times first, as `aeqSurv` |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoxParams {
    /// Tie handling.
    pub ties: Ties,
    /// Maximum Newton–Raphson iterations.
    pub max_iter: usize,
    /// Relative convergence tolerance on the log partial likelihood.
    pub eps: f64,
    /// Relative pivot tolerance of the Cholesky decomposition.
    pub toler_chol: f64,
    /// Tolerance of the infinite-coefficient check.
    pub toler_inf: f64,
    /// Confidence level of the hazard-ratio intervals.
    pub conf_level: f64,
    /// Robust (sandwich) variance.
    pub robust: bool,
    /// Allow (and report) collinear columns instead of failing.
    pub singular_ok: bool,
    /// Merge near-equal times before fitting (R's `timefix = TRUE`).
    pub timefix: bool,
}

impl Default for CoxParams {
    fn default() -> Self {
        CoxParams {
            ties: Ties::Efron,
            max_iter: 20,
            eps: 1e-9,
            toler_chol: f64::EPSILON.powf(0.75),
            toler_inf: 1e-9_f64.sqrt(),
            conf_level: 0.95,
            robust: false,
            singular_ok: true,
            timefix: true,
        }
    }
}

impl CoxParams {
    /// Sets the tie handling.
    pub fn ties(mut self, ties: Ties) -> Self {
        self.ties = ties;
        self
    }
    /// Sets the iteration limit.
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }
    /// Sets the convergence tolerance (and `toler_inf = sqrt(eps)`, as R).
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self.toler_inf = eps.sqrt();
        self
    }
    /// Sets the confidence level.
    pub fn conf_level(mut self, level: f64) -> Self {
        self.conf_level = level;
        self
    }
    /// Requests the robust variance.
    pub fn robust(mut self, robust: bool) -> Self {
        self.robust = robust;
        self
    }
    /// Whether collinear columns are dropped (true) or an error (false).
    pub fn singular_ok(mut self, ok: bool) -> Self {
        self.singular_ok = ok;
        self
    }
    /// Whether near-equal times are merged first.
    pub fn timefix(mut self, timefix: bool) -> Self {
        self.timefix = timefix;
        self
    }

    /// Checks the parameters once, as `coxph.control` does.
    pub(crate) fn check(&self) -> Result<(), CoxError> {
        if !(self.eps > 0.0 && self.eps.is_finite()) {
            return Err(CoxError::InvalidParameter {
                name: "eps",
                value: self.eps,
            });
        }
        if !(self.toler_chol > 0.0 && self.toler_chol < 1.0) {
            return Err(CoxError::InvalidParameter {
                name: "toler_chol",
                value: self.toler_chol,
            });
        }
        if !(self.toler_inf > 0.0 && self.toler_inf.is_finite()) {
            return Err(CoxError::InvalidParameter {
                name: "toler_inf",
                value: self.toler_inf,
            });
        }
        if !(self.conf_level > 0.0 && self.conf_level < 1.0) {
            return Err(CoxError::InvalidParameter {
                name: "conf_level",
                value: self.conf_level,
            });
        }
        Ok(())
    }
}

/// A model term and the columns of `x` it spans (a factor spans one column
/// per non-reference level), for per-term tests (`cox.zph(terms = TRUE)`)
/// and screening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoxTerm {
    /// Term name (`celltype`).
    pub name: String,
    /// Its columns in `x`.
    pub columns: std::ops::Range<usize>,
}
