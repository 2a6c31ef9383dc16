//! Cut-points that split a continuous score into a low and a high group
//! (high = `score > cutpoint`): the median, the maximally selected log-rank
//! statistic (`maxstat::maxstat.test(smethod = "LogRank")`), and Youden's
//! index against a 0/1 label (`pROC::coords(best.method = "youden")`).
//!
//! **maxstat.** Log-rank scores `a_i = δ_i − Σ_{j: T_j ≤ T_i} δ_j / (N − r_j + 1)`
//! with `r_j` the number of times `≤ T_j` (exactRankTests' `cscores`). For a
//! cut after the `m` smallest scores (candidates: each distinct value whose
//! count `m` of rows at or below it satisfies `max(1, ⌊N·minprop⌋) ≤ m ≤
//! ⌊N·maxprop⌋`), the standardised statistic is
//! `|S_m − m/N·Σa| / sqrt(m (N − m) / (N² (N − 1)) · (N Σa² − (Σa)²))`
//! (permutation mean and variance); the cut-point is the first maximiser.
//! The p-value is Lausen & Schumacher's (1994) improved Bonferroni bound
//! (`pmethod = "Lau94"`).
//!
//! ```
//! use prognos_survival::cutpoint::{median_cut, CutMethod};
//! let c = median_cut(&[1.0, 2.0, 3.0, 4.0]).unwrap();
//! assert_eq!((c.cutpoint, c.n_low, c.n_high, c.method), (2.5, 2, 2, CutMethod::Median));
//! ```
//!
//! # Errors
//! [`CutpointError`] for mismatched lengths, non-finite values, no candidate
//! cut between the proportions, or a label without both classes.
//!
//! # References
//! Lausen B., Schumacher M. (1992) Biometrics 48:73–85; Lausen B., Sauerbrei
//! W., Schumacher M. (1994). Hothorn T., Lausen B. (2003) CSDA 43:121–137.
//! Youden W. J. (1950). R: `maxstat.test(Surv(time, status) ~ score, data,
//! smethod = "LogRank", pmethod = "Lau94", minprop = 0.1, maxprop = 0.9)`;
//! `pROC::coords(roc(label, score), "best", best.method = "youden")`.

mod error;
mod maxstat;

pub use error::CutpointError;
pub use maxstat::{MaxStat, maxstat};

/// How the cut-point was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutMethod {
    /// The sample median (R `median`).
    Median,
    /// Maximally selected log-rank statistic.
    MaxStat,
    /// Youden's index against a binary label.
    Youden,
}

impl CutMethod {
    /// The method's name in the CLI contract.
    pub fn name(self) -> &'static str {
        match self {
            CutMethod::Median => "median",
            CutMethod::MaxStat => "maxstat",
            CutMethod::Youden => "youden",
        }
    }
}

/// A chosen cut-point.
#[derive(Debug, Clone, PartialEq)]
pub struct Cutpoint {
    /// How it was chosen.
    pub method: CutMethod,
    /// The cut-point; high group = `score > cutpoint`.
    pub cutpoint: f64,
    /// The maximised statistic (maxstat: standardised log-rank; youden:
    /// sensitivity + specificity − 1); `None` for the median.
    pub statistic: Option<f64>,
    /// p-value (maxstat: Lau94 bound); `None` otherwise.
    pub p_value: Option<f64>,
    /// Rows with `score > cutpoint`.
    pub n_high: usize,
    /// Rows with `score <= cutpoint`.
    pub n_low: usize,
}

impl Cutpoint {
    /// One-row table: `method cutpoint statistic p n_low n_high`.
    pub fn summary(&self) -> prognos_core::Table {
        use prognos_core::Cell;
        let mut t =
            prognos_core::Table::new(["method", "cutpoint", "statistic", "p", "n_low", "n_high"]);
        t.push_row(
            "",
            [
                Cell::Text(self.method.name().into()),
                Cell::Num(self.cutpoint),
                self.statistic.into(),
                self.p_value.map_or(Cell::Na, Cell::P),
                Cell::Int(self.n_low as i64),
                Cell::Int(self.n_high as i64),
            ],
        );
        t
    }
}

impl std::fmt::Display for Cutpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.summary())
    }
}

fn check_finite(score: &[f64]) -> Result<(), CutpointError> {
    if score.is_empty() {
        return Err(CutpointError::Empty);
    }
    match score.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        Some((row, &value)) => Err(CutpointError::NotFinite { row, value }),
        None => Ok(()),
    }
}

fn split(score: &[f64], cut: f64) -> (usize, usize) {
    let high = score.iter().filter(|&&v| v > cut).count();
    (score.len() - high, high)
}

/// The median of `score` (R `median`: mean of the two middle values for
/// even n) as the cut-point.
///
/// # Errors
/// [`CutpointError::Empty`], [`CutpointError::NotFinite`].
pub fn median_cut(score: &[f64]) -> Result<Cutpoint, CutpointError> {
    check_finite(score)?;
    let mut s = score.to_vec();
    s.sort_unstable_by(f64::total_cmp);
    let n = s.len();
    let med = if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    };
    let (n_low, n_high) = split(score, med);
    Ok(Cutpoint {
        method: CutMethod::Median,
        cutpoint: med,
        statistic: None,
        p_value: None,
        n_high,
        n_low,
    })
}

/// Youden's optimal cut-point of `score` for `label` (true = case, higher
/// score = case), as `pROC::coords(roc, "best", best.method = "youden")`:
/// the midpoint between adjacent distinct scores; the lowest on ties.
///
/// # Errors
/// [`CutpointError::LengthMismatch`], [`CutpointError::NotFinite`],
/// [`CutpointError::OneClass`].
pub fn youden(score: &[f64], label: &[bool]) -> Result<Cutpoint, CutpointError> {
    check_finite(score)?;
    if label.len() != score.len() {
        return Err(CutpointError::LengthMismatch {
            what: "label",
            got: label.len(),
            expected: score.len(),
        });
    }
    let roc =
        prognos_core::diagnostic::Roc::new(score, label).map_err(|_| CutpointError::OneClass)?;
    let thr = roc.youden_threshold();
    let i = roc.thresholds.iter().position(|&t| t == thr).unwrap_or(0);
    let j = roc.sensitivities[i] + roc.specificities[i] - 1.0;
    let (n_low, n_high) = split(score, thr);
    Ok(Cutpoint {
        method: CutMethod::Youden,
        cutpoint: thr,
        statistic: Some(j),
        p_value: None,
        n_high,
        n_low,
    })
}

#[cfg(test)]
mod tests;
