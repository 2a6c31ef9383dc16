//! Pointwise confidence intervals of a survival curve (`survfit_confint`).

use prognos_core::htest::dist::qnorm;

/// Scale on which the pointwise interval is symmetric (R `conf.type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConfType {
    /// `log`: `S exp(±z se)`, upper limit capped at 1 (R's default).
    #[default]
    Log,
    /// `log-log`: `S^exp(±z se / log S)`; `NA` where S is 0 or 1.
    LogLog,
    /// `plain`: `S ± z se(S)`, clipped to [0, 1].
    Plain,
}

impl ConfType {
    /// R's name of the interval type.
    pub fn r_name(self) -> &'static str {
        match self {
            ConfType::Log => "log",
            ConfType::LogLog => "log-log",
            ConfType::Plain => "plain",
        }
    }
}

/// The normal quantile for a two-sided interval of coverage `level`.
pub(crate) fn z_value(level: f64) -> f64 {
    qnorm(1.0 - (1.0 - level) / 2.0)
}

/// Lower and upper limits for survival `s` whose log has standard error
/// `se_log`, as survival 3.5 `survfit_confint(logse = TRUE, ulimit = TRUE)`.
/// `None` where R returns `NA`.
pub(crate) fn limits(
    conf_type: ConfType,
    z: f64,
    s: f64,
    se_log: f64,
) -> (Option<f64>, Option<f64>) {
    match conf_type {
        ConfType::Log => {
            if s == 0.0 || !se_log.is_finite() {
                return (None, None);
            }
            let se2 = z * se_log;
            let ls = s.ln();
            (Some((ls - se2).exp()), Some((ls + se2).exp().min(1.0)))
        }
        ConfType::LogLog => {
            if s == 0.0 || s == 1.0 || !se_log.is_finite() {
                return (None, None);
            }
            let ls = s.ln();
            let se2 = z * se_log / ls;
            let lls = (-ls).ln();
            (
                Some((-(lls - se2).exp()).exp()),
                Some((-(lls + se2).exp()).exp()),
            )
        }
        ConfType::Plain => {
            let se2 = se_log * s * z;
            if !se2.is_finite() {
                return (None, None);
            }
            (Some((s - se2).max(0.0)), Some((s + se2).min(1.0)))
        }
    }
}
