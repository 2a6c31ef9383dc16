//! The common result of every hypothesis test (R's `htest` object).

use std::fmt;

use crate::table::{Cell, Table};

/// Direction of the alternative hypothesis (R `alternative`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Alternative {
    /// `"two.sided"` (default).
    #[default]
    TwoSided,
    /// `"less"`: the true location / odds ratio / correlation is below the null.
    Less,
    /// `"greater"`: above the null.
    Greater,
}

impl Alternative {
    /// The name R uses (`"two.sided"`, `"less"`, `"greater"`).
    pub fn r_name(self) -> &'static str {
        match self {
            Alternative::TwoSided => "two.sided",
            Alternative::Less => "less",
            Alternative::Greater => "greater",
        }
    }
}

/// Degrees of freedom of the reference distribution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Df {
    /// No degrees of freedom (rank tests with exact or normal p, Fisher).
    None,
    /// One parameter (t, chi-square).
    One(f64),
    /// Numerator and denominator degrees of freedom (F).
    Two(f64, f64),
}

/// A named point estimate (R `estimate`, e.g. `mean of x`, `odds ratio`).
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// Name as R prints it.
    pub name: String,
    /// Value.
    pub value: f64,
}

/// A confidence interval with its level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConfInt {
    /// Lower limit (may be `-inf` for one-sided intervals).
    pub lower: f64,
    /// Upper limit (may be `+inf`).
    pub upper: f64,
    /// Confidence level, e.g. 0.95.
    pub level: f64,
}

/// Conditions R reports with a warning; here they are data in the result.
#[derive(Debug, Clone, PartialEq)]
pub enum TestWarning {
    /// Some expected count is below 5 ("Chi-squared approximation may be incorrect").
    SmallExpected {
        /// The smallest expected count.
        min_expected: f64,
    },
    /// Ties prevent the exact rank-test p-value; the normal approximation was used.
    TiesNoExact,
    /// Zero differences prevent the exact signed-rank p-value; normal approximation used.
    ZerosNoExact,
}

/// The result of a hypothesis test, as R's `htest` object.
#[derive(Debug, Clone, PartialEq)]
pub struct TestResult {
    /// The method as R names it (e.g. `Welch Two Sample t-test`).
    pub method: String,
    /// Name of the statistic as R names it (`t`, `W`, `V`, `X-squared`, `F`, `S`).
    pub statistic_name: &'static str,
    /// Value of the test statistic (NaN for Fisher's exact test, which has none).
    pub statistic: f64,
    /// Degrees of freedom of the reference distribution.
    pub df: Df,
    /// p-value.
    pub p_value: f64,
    /// The alternative hypothesis.
    pub alternative: Alternative,
    /// Point estimates (empty when R gives none).
    pub estimate: Vec<Estimate>,
    /// Confidence interval, where R gives one.
    pub conf_int: Option<ConfInt>,
    /// Null value of the parameter (R `null.value`), where one applies.
    pub null_value: Option<f64>,
    /// Whether the p-value is exact (rank tests, Fisher) rather than asymptotic.
    pub exact: bool,
    /// Conditions R would warn about.
    pub warnings: Vec<TestWarning>,
}

impl TestResult {
    /// The single degrees of freedom (NaN when the test has none or two).
    pub fn df_value(&self) -> f64 {
        match self.df {
            Df::One(d) => d,
            _ => f64::NAN,
        }
    }

    /// One-row summary: statistic, df, p-value, estimates and interval.
    pub fn summary(&self) -> Table {
        let mut cols: Vec<String> = vec![self.statistic_name.to_string()];
        let mut cells: Vec<Cell> = vec![Cell::Num(self.statistic)];
        match self.df {
            Df::None => {}
            Df::One(d) => {
                cols.push("df".into());
                cells.push(Cell::Num(d));
            }
            Df::Two(a, b) => {
                cols.extend(["num df".to_string(), "denom df".to_string()]);
                cells.extend([Cell::Num(a), Cell::Num(b)]);
            }
        }
        cols.push("p-value".into());
        cells.push(Cell::P(self.p_value));
        for e in &self.estimate {
            cols.push(e.name.clone());
            cells.push(Cell::Num(e.value));
        }
        if let Some(ci) = self.conf_int {
            cols.extend(["lower".to_string(), "upper".to_string()]);
            cells.extend([Cell::Num(ci.lower), Cell::Num(ci.upper)]);
        }
        let mut t = Table::new(cols).with_title(self.method.clone());
        t.push_row("", cells);
        t.push_footer(format!(
            "alternative hypothesis: {}",
            self.alternative.r_name()
        ));
        if let Some(ci) = self.conf_int {
            t.push_footer(format!("{} percent confidence interval", 100.0 * ci.level));
        }
        for w in &self.warnings {
            t.push_footer(match w {
                TestWarning::SmallExpected { min_expected } => format!(
                    "warning: chi-squared approximation may be incorrect (min expected {min_expected:.3})"
                ),
                TestWarning::TiesNoExact => {
                    "warning: cannot compute exact p-value with ties".to_string()
                }
                TestWarning::ZerosNoExact => {
                    "warning: cannot compute exact p-value with zeroes".to_string()
                }
            });
        }
        t
    }
}

impl fmt::Display for TestResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
