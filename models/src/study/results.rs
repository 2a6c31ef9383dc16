//! What a study run produces, with R-like summary tables.

use prognos_core::{Cell, Table};
use prognos_matching::benefit::BenefitFit;
use prognos_survival::concordance::{BootstrapCi, HarrellC, UnoC};
use prognos_survival::cox::{CoxCoefficient, CoxFit, CoxScreen};
use prognos_survival::km::KmFit;
use prognos_survival::logrank::LogrankTest;
use prognos_survival::tdauc::TdAuc;

/// Size of one cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortSummary {
    /// Cohort name.
    pub name: String,
    /// Role (`training`, `internal_test`, `external_test`).
    pub role: &'static str,
    /// Patients.
    pub n: usize,
    /// Events.
    pub events: usize,
    /// Median follow-up time of all patients (simple median of times).
    pub median_time: f64,
}

/// A fitted model of the study.
#[derive(Debug, Clone)]
pub struct ModelFit {
    /// `Fusion`, `CT`, `WSI`, `Clinical`, ...
    pub name: String,
    /// Its terms.
    pub terms: Vec<String>,
    /// The design-matrix columns it uses.
    pub columns: Vec<usize>,
    /// The Cox fit on the training cohort.
    pub fit: CoxFit,
}

/// Discrimination of one model in one cohort.
#[derive(Debug, Clone)]
pub struct Performance {
    /// Model name.
    pub model: String,
    /// Cohort name.
    pub cohort: String,
    /// Harrell's C with its standard error.
    pub harrell: HarrellC,
    /// Percentile bootstrap interval of Harrell's C.
    pub bootstrap: BootstrapCi,
    /// Uno's C truncated at the largest horizon.
    pub uno: UnoC,
    /// Cumulative/dynamic AUC at the study horizons.
    pub td_auc: TdAuc,
}

/// High- versus low-risk groups in one cohort.
#[derive(Debug, Clone)]
pub struct RiskGroupAnalysis {
    /// Cohort name.
    pub cohort: String,
    /// The cut-off (training median of the fusion model's linear predictor).
    pub cutoff: f64,
    /// Patients with `lp > cutoff`.
    pub n_high: usize,
    /// Patients with `lp <= cutoff`.
    pub n_low: usize,
    /// Kaplan–Meier curves, low first then high.
    pub km: KmFit,
    /// Log-rank test of high vs low.
    pub logrank: LogrankTest,
    /// Cox hazard ratio of high vs low risk.
    pub hr: CoxCoefficient,
}

/// Treated versus untreated within each risk group (all cohorts with a
/// treatment record pooled), before and after propensity matching.
#[derive(Debug, Clone)]
pub struct BenefitAnalysis {
    /// Cohorts pooled.
    pub cohorts: Vec<String>,
    /// The matching analysis per risk group and the interaction test.
    pub fit: BenefitFit,
    /// Kaplan–Meier of untreated vs treated in each risk group (before
    /// matching), with the log-rank test: (risk group, curves, test).
    pub km: Vec<(String, KmFit, LogrankTest)>,
}

/// Everything the study computed.
#[derive(Debug, Clone)]
pub struct StudyResults {
    /// Cohort sizes, in input order.
    pub cohorts: Vec<CohortSummary>,
    /// The univariate screen and multivariable fusion fit.
    pub screen: CoxScreen,
    /// Fusion model first, then the comparison models.
    pub models: Vec<ModelFit>,
    /// Every model in every cohort.
    pub performance: Vec<Performance>,
    /// Risk groups per cohort.
    pub risk_groups: Vec<RiskGroupAnalysis>,
    /// The median cut-off applied everywhere.
    pub cutoff: f64,
    /// Treatment benefit by risk group (None when not requested).
    pub benefit: Option<BenefitAnalysis>,
}

impl StudyResults {
    /// Cohort sizes as a table.
    pub fn cohort_table(&self) -> Table {
        let mut t = Table::new(["role", "n", "events", "median time"]).with_digits(3);
        for c in &self.cohorts {
            t.push_row(
                c.name.clone(),
                [
                    Cell::from(c.role),
                    Cell::from(c.n),
                    Cell::from(c.events),
                    Cell::Num(c.median_time),
                ],
            );
        }
        t
    }

    /// Harrell's C (bootstrap 95% CI) of every model in every cohort.
    pub fn performance_table(&self) -> Table {
        let mut t = Table::new([
            "cohort", "C", "se", "lower", "upper", "Uno C", "AUC 1y", "AUC 2y", "AUC 3y",
        ])
        .with_digits(3);
        for p in &self.performance {
            t.push_row(
                p.model.clone(),
                [
                    Cell::from(p.cohort.as_str()),
                    Cell::Num(p.harrell.c),
                    Cell::Num(p.harrell.se),
                    Cell::Num(p.bootstrap.lower),
                    Cell::Num(p.bootstrap.upper),
                    Cell::Num(p.uno.c),
                    Cell::from(p.td_auc.points.first().and_then(|a| a.auc)),
                    Cell::from(p.td_auc.points.get(1).and_then(|a| a.auc)),
                    Cell::from(p.td_auc.points.get(2).and_then(|a| a.auc)),
                ],
            );
        }
        t
    }

    /// Risk groups: sizes, log-rank and HR per cohort.
    pub fn risk_group_table(&self) -> Table {
        let mut t = Table::new([
            "n high",
            "n low",
            "chisq",
            "p",
            "HR",
            "lower .95",
            "upper .95",
        ])
        .with_digits(3);
        for r in &self.risk_groups {
            t.push_row(
                r.cohort.clone(),
                [
                    Cell::from(r.n_high),
                    Cell::from(r.n_low),
                    Cell::Num(r.logrank.chisq),
                    Cell::P(r.logrank.p_value),
                    Cell::from(r.hr.hr),
                    Cell::from(r.hr.hr_lower),
                    Cell::from(r.hr.hr_upper),
                ],
            );
        }
        t
    }
}

impl std::fmt::Display for StudyResults {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "Cohorts")?;
        writeln!(f, "{}", self.cohort_table())?;
        writeln!(f, "Univariate screen (training)")?;
        writeln!(f, "{}", self.screen)?;
        if let Some(m) = self.models.first() {
            writeln!(f, "Fusion model (training)")?;
            writeln!(f, "{}", m.fit)?;
        }
        writeln!(
            f,
            "Discrimination: Harrell's C with percentile-bootstrap CI"
        )?;
        writeln!(f, "{}", self.performance_table())?;
        writeln!(f, "Risk groups at the training median {:.4}", self.cutoff)?;
        writeln!(f, "{}", self.risk_group_table())?;
        if let Some(b) = &self.benefit {
            writeln!(
                f,
                "Treatment benefit by risk group ({})",
                b.cohorts.join(", ")
            )?;
            write!(f, "{}", b.fit.summary())?;
        }
        Ok(())
    }
}
