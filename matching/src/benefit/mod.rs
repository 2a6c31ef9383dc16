//! Treatment benefit within risk groups ("does adjuvant therapy help the
//! high-risk patients?"), before and after propensity-score matching.
//!
//! For every risk group g (sorted labels):
//! - **before**: treated vs untreated among all rows of g: numbers of
//!   rows, the log-rank p-value (`survdiff(Surv(time, event) ~ treat)`)
//!   and the Cox hazard ratio of treatment with its Wald interval
//!   (`coxph(Surv(time, event) ~ treat)`, Efron ties);
//! - **after** ([`BenefitMethod::Match`], default): the same on the
//!   matched rows of g, where the propensity score is re-estimated inside g
//!   on the matching covariates and [`crate::nearest`] matching is done
//!   inside g (MatchIt's `matchit(treat ~ ..., data = subset(d, group ==
//!   g))`); the Cox model uses the matching weights (all 1 for 1:1
//!   matching). Next to its model-based SE, the SE clustered on the matched
//!   set (`coxph(..., weights = weights, cluster = subclass)` on
//!   `match.data`) is reported; the interval keeps the model-based SE.
//! - **after** ([`BenefitMethod::Iptw`]): all rows of g weighted by IPTW
//!   weights from the propensity score re-estimated inside g
//!   ([`crate::iptw`]); the Cox model is `coxph(..., weights = w, robust =
//!   TRUE)` and its interval and p use the robust SE. There is no
//!   weighted log-rank test (`survdiff` takes no weights): `logrank_p` is
//!   `None`.
//!
//! Over all rows: the treatment × risk-group interaction of
//! `coxph(Surv(time, event) ~ treat * group)` (reference group = first
//! sorted label): its coefficient and Wald p when there are two groups, and
//! a joint Wald test (k − 1 df) otherwise.
//!
//! A group where a comparison cannot be made (no treated or no untreated
//! rows, no events, no match) gets `None` values and a warning, not an
//! error.

mod fit;

pub use fit::BenefitData;

use crate::iptw::IptwParams;
use crate::nearest::NearestParams;
use prognos_core::Table;
use std::fmt;

/// How the "after" sample of each risk group is adjusted.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum BenefitMethod {
    /// Propensity-score nearest-neighbour matching (`matching` options).
    #[default]
    Match,
    /// Inverse-probability-of-treatment weighting with these options.
    Iptw(IptwParams),
}

/// Options of the benefit analysis.
///
/// | Name | Default | Purpose |
/// |------|---------|---------|
/// | `matching` | 1:1, no caliper, largest first | matching inside each group |
/// | `conf_level` | 0.95 | level of the hazard-ratio intervals |
/// | `method` | `Match` | matching or IPTW inside each group |
#[derive(Debug, Clone, PartialEq)]
pub struct BenefitParams {
    /// Nearest-neighbour matching options.
    pub matching: NearestParams,
    /// Confidence level of the HR intervals.
    pub conf_level: f64,
    /// Matching or weighting.
    pub method: BenefitMethod,
}

impl Default for BenefitParams {
    fn default() -> Self {
        BenefitParams {
            matching: NearestParams::default(),
            conf_level: 0.95,
            method: BenefitMethod::Match,
        }
    }
}

/// Treated vs untreated in one sample.
#[derive(Debug, Clone, PartialEq)]
pub struct ArmComparison {
    /// Treated rows.
    pub n_treated: usize,
    /// Untreated rows.
    pub n_control: usize,
    /// Events among the treated.
    pub events_treated: usize,
    /// Events among the untreated.
    pub events_control: usize,
    /// Log-rank p-value (None when it cannot be computed).
    pub logrank_p: Option<f64>,
    /// Cox hazard ratio treated / untreated.
    pub hr: Option<f64>,
    /// Lower Wald limit.
    pub hr_lower: Option<f64>,
    /// Upper Wald limit.
    pub hr_upper: Option<f64>,
    /// Wald p-value of the Cox coefficient (robust SE under IPTW).
    pub hr_p: Option<f64>,
    /// Model-based SE of the log hazard ratio.
    pub se: Option<f64>,
    /// After matching: SE clustered on the matched set (`cluster =
    /// subclass`).
    pub se_robust_pair: Option<f64>,
    /// Under IPTW: robust (sandwich) SE; the interval and p use it.
    pub se_robust: Option<f64>,
    /// Under IPTW: effective sample size of the treated.
    pub ess_treated: Option<f64>,
    /// Under IPTW: effective sample size of the controls.
    pub ess_control: Option<f64>,
}

/// One risk group.
#[derive(Debug, Clone, PartialEq)]
pub struct BenefitGroup {
    /// The risk-group label.
    pub risk_group: String,
    /// All rows of the group.
    pub before: ArmComparison,
    /// Matched (or weighted) rows of the group (None when the adjustment
    /// was impossible).
    pub after: Option<ArmComparison>,
    /// Matched sets inside the group: (treated, controls) as row indices
    /// of the input.
    pub pairs: Vec<crate::nearest::MatchedSet>,
    /// What went wrong, as text for the report (separation, no match, ...).
    pub warnings: Vec<String>,
}

/// One interaction coefficient of the all-rows Cox model.
#[derive(Debug, Clone, PartialEq)]
pub struct InteractionTerm {
    /// Term name, `treatment:group[LEVEL]`.
    pub term: String,
    /// Log hazard-ratio coefficient.
    pub coef: Option<f64>,
    /// Standard error.
    pub se: Option<f64>,
    /// Wald p-value.
    pub p: Option<f64>,
}

/// The treatment × risk-group interaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    /// The single coefficient with two groups (None with more).
    pub coef: Option<f64>,
    /// Its Wald p (two groups) or the joint Wald p (k − 1 df).
    pub p: Option<f64>,
    /// Degrees of freedom of the test (k − 1).
    pub df: usize,
    /// Every interaction term.
    pub terms: Vec<InteractionTerm>,
}

/// The result of the benefit analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct BenefitFit {
    /// Per risk group, in sorted label order.
    pub groups: Vec<BenefitGroup>,
    /// Interaction in the all-rows Cox model (None when it cannot be fitted).
    pub interaction: Option<Interaction>,
    /// The adjustment used for "after".
    pub method: BenefitMethod,
}

impl BenefitFit {
    /// One row per risk group and sample: n treated / control, log-rank p,
    /// HR and its interval.
    pub fn summary(&self) -> Table {
        let mut t = Table::new([
            "sample",
            "n.treated",
            "n.control",
            "logrank p",
            "HR",
            "lower .95",
            "upper .95",
        ])
        .with_title(match &self.method {
            BenefitMethod::Match => "Treatment benefit by risk group (before / after matching)",
            BenefitMethod::Iptw(_) => {
                "Treatment benefit by risk group (before / after IPTW, robust SE)"
            }
        });
        for g in &self.groups {
            for (label, c) in [("before", Some(&g.before)), ("after", g.after.as_ref())] {
                if let Some(c) = c {
                    t.push_row(
                        g.risk_group.clone(),
                        vec![
                            prognos_core::Cell::from(label),
                            c.n_treated.into(),
                            c.n_control.into(),
                            c.logrank_p
                                .map_or(prognos_core::Cell::Na, prognos_core::Cell::P),
                            c.hr.into(),
                            c.hr_lower.into(),
                            c.hr_upper.into(),
                        ],
                    );
                }
            }
        }
        if let Some(i) = &self.interaction {
            t.push_footer(format!(
                "treatment x risk group interaction: coef {}, p {} (df {})",
                i.coef.map_or("NA".into(), |c| format!("{c:.4}")),
                i.p.map_or("NA".into(), |p| prognos_core::table::format_p(p, 4)),
                i.df
            ));
        }
        for g in &self.groups {
            for w in &g.warnings {
                t.push_footer(format!("{}: {w}", g.risk_group));
            }
        }
        t
    }
}

impl fmt::Display for BenefitFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
