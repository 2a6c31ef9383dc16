//! Subgroup analysis of the risk groups: within each level of a clinical
//! subgroup (T stage, N stage, sex, age band, ...) in the pooled test
//! cohorts, Kaplan–Meier curves of high versus low risk with the log-rank
//! test and the Cox hazard ratio of high versus low, plus the
//! risk-group × subgroup interaction as a likelihood-ratio test (R:
//! `anova(coxph(Surv ~ high + sub), coxph(Surv ~ high * sub))`).
//!
//! A level too small to fit (one risk group empty, no events) keeps its
//! counts and records why in `note`; it never stops the other levels.

use super::{StudyCohort, StudyError, StudyResults, StudySpec};
use crate::synthetic::CohortRole;
use nalgebra::DMatrix;
use prognos_core::htest::dist::pchisq_upper;
use prognos_core::{Cell, Table};
use prognos_survival::cox::{CoxCoefficient, CoxData, CoxParams};
use prognos_survival::km::{KmFit, KmParams};
use prognos_survival::logrank::{LogrankTest, logrank};

/// One subgroup variable: a label per patient of every cohort.
#[derive(Debug, Clone)]
pub struct SubgroupVariable {
    /// Display name (`T stage`).
    pub name: String,
    /// Levels in display order (`T1–2`, `T3–4`).
    pub levels: Vec<String>,
    /// `labels[c][i]`: level of patient `i` of cohort `c` (cohorts in the
    /// order passed to [`StudySpec::subgroups`]); `None` = missing, the
    /// patient is left out of this variable.
    pub labels: Vec<Vec<Option<String>>>,
}

/// High versus low risk within one subgroup level.
#[derive(Debug, Clone)]
pub struct SubgroupLevel {
    /// The level.
    pub level: String,
    /// Patients.
    pub n: usize,
    /// Events.
    pub events: usize,
    /// High-risk patients.
    pub n_high: usize,
    /// Low-risk patients.
    pub n_low: usize,
    /// Kaplan–Meier curves, low then high (`None` when a group is empty).
    pub km: Option<KmFit>,
    /// Log-rank test of high versus low.
    pub logrank: Option<LogrankTest>,
    /// Cox hazard ratio of high versus low.
    pub hr: Option<CoxCoefficient>,
    /// Why something is missing.
    pub note: Option<String>,
}

/// The risk-group × subgroup interaction test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InteractionTest {
    /// Likelihood-ratio chi-square.
    pub chisq: f64,
    /// Degrees of freedom (levels − 1).
    pub df: usize,
    /// Upper-tail p.
    pub p: f64,
}

/// One subgroup variable analysed.
#[derive(Debug, Clone)]
pub struct SubgroupAnalysis {
    /// Variable name.
    pub variable: String,
    /// Cohorts pooled.
    pub cohorts: Vec<String>,
    /// One entry per level with patients.
    pub levels: Vec<SubgroupLevel>,
    /// Interaction (`None` with fewer than two usable levels or when the
    /// models cannot be fitted).
    pub interaction: Option<InteractionTest>,
}

impl SubgroupAnalysis {
    /// The analysis as a table (one row per level).
    pub fn summary(&self) -> Table {
        let mut t = Table::new([
            "level",
            "n",
            "events",
            "n high",
            "n low",
            "HR",
            "lower .95",
            "upper .95",
            "logrank p",
            "interaction p",
        ])
        .with_digits(3);
        for (k, l) in self.levels.iter().enumerate() {
            let hr = l.hr.as_ref();
            t.push_row(
                self.variable.clone(),
                [
                    Cell::from(l.level.as_str()),
                    Cell::from(l.n),
                    Cell::from(l.events),
                    Cell::from(l.n_high),
                    Cell::from(l.n_low),
                    Cell::from(hr.and_then(|h| h.hr)),
                    Cell::from(hr.and_then(|h| h.hr_lower)),
                    Cell::from(hr.and_then(|h| h.hr_upper)),
                    l.logrank
                        .as_ref()
                        .map_or(Cell::Na, |lr| Cell::P(lr.p_value)),
                    match (k, self.interaction) {
                        (0, Some(i)) => Cell::P(i.p),
                        _ => Cell::Na,
                    },
                ],
            );
        }
        t
    }
}

fn cox_loglik(time: &[f64], event: &[bool], x: DMatrix<f64>, level: f64) -> Option<f64> {
    let names = (0..x.ncols()).map(|j| format!("x{j}")).collect();
    let fit = CoxParams::default()
        .conf_level(level)
        .fit(&CoxData::new(time.to_vec(), event.to_vec(), x).with_names(names))
        .ok()?;
    (fit.diagnostics.converged && fit.loglik.is_finite()).then_some(fit.loglik)
}

impl StudySpec {
    /// Subgroup analysis of the fusion model's risk groups in the pooled
    /// test cohorts (every cohort without the training role), one entry
    /// per variable.
    ///
    /// # Errors
    /// [`StudyError::Cox`] when the fusion model cannot score a cohort;
    /// [`StudyError::ColumnMismatch`] when a variable's labels do not
    /// match the cohorts.
    pub fn subgroups(
        &self,
        cohorts: &[StudyCohort],
        results: &StudyResults,
        variables: &[SubgroupVariable],
    ) -> Result<Vec<SubgroupAnalysis>, StudyError> {
        let fusion = results.models.first().ok_or(StudyError::NoTraining)?;
        let mut pooled: Vec<(usize, usize, f64, bool, bool)> = Vec::new(); // cohort, row, time, event, high
        let mut names = Vec::new();
        for (ci, c) in cohorts.iter().enumerate() {
            if c.role == CohortRole::Training {
                continue;
            }
            let lp = fusion
                .fit
                .predict_lp(&c.x.select_columns(&fusion.columns))
                .map_err(|source| StudyError::Cox {
                    context: format!("subgroups: risk score in {}", c.name),
                    source,
                })?;
            names.push(c.name.clone());
            for (i, v) in lp.iter().enumerate() {
                pooled.push((ci, i, c.time[i], c.event[i], *v > results.cutoff));
            }
        }
        let mut out = Vec::new();
        for var in variables {
            if var.labels.len() != cohorts.len() {
                return Err(StudyError::ColumnMismatch {
                    cohort: format!("subgroup {}", var.name),
                    got: var.labels.len(),
                    expected: cohorts.len(),
                });
            }
            let mut levels = Vec::new();
            // rows usable for the interaction model: (time, event, high, level index)
            let mut rows: Vec<(f64, bool, bool, usize)> = Vec::new();
            let mut used_levels: Vec<usize> = Vec::new();
            for (li, level) in var.levels.iter().enumerate() {
                let sel: Vec<&(usize, usize, f64, bool, bool)> = pooled
                    .iter()
                    .filter(|(ci, i, ..)| {
                        var.labels[*ci].get(*i).and_then(|l| l.as_deref()) == Some(level.as_str())
                    })
                    .collect();
                if sel.is_empty() {
                    continue;
                }
                let time: Vec<f64> = sel.iter().map(|r| r.2).collect();
                let event: Vec<bool> = sel.iter().map(|r| r.3).collect();
                let group: Vec<usize> = sel.iter().map(|r| usize::from(r.4)).collect();
                let n_high = group.iter().sum::<usize>();
                let n = time.len();
                let events = event.iter().filter(|&&e| e).count();
                let mut lvl = SubgroupLevel {
                    level: level.clone(),
                    n,
                    events,
                    n_high,
                    n_low: n - n_high,
                    km: None,
                    logrank: None,
                    hr: None,
                    note: None,
                };
                if n_high == 0 || n_high == n {
                    lvl.note = Some("only one risk group in this subgroup".into());
                } else if events == 0 {
                    lvl.note = Some("no events in this subgroup".into());
                } else {
                    let labels = vec!["low".to_string(), "high".to_string()];
                    lvl.km = KmParams::default()
                        .fit_groups(&time, &event, &group, &labels, None)
                        .ok();
                    lvl.logrank = logrank(&time, &event, &group, &labels, None).ok();
                    let x = DMatrix::from_iterator(n, 1, group.iter().map(|&g| g as f64));
                    match CoxParams::default().conf_level(self.conf_level).fit(
                        &CoxData::new(time.clone(), event.clone(), x)
                            .with_names(vec!["high risk".into()]),
                    ) {
                        Ok(f) if f.diagnostics.converged => {
                            lvl.hr = f.coefficients().into_iter().next();
                        }
                        Ok(_) => lvl.note = Some("Cox model did not converge".into()),
                        Err(e) => lvl.note = Some(e.to_string()),
                    }
                    used_levels.push(li);
                    rows.extend(sel.iter().map(|r| (r.2, r.3, r.4, li)));
                }
                levels.push(lvl);
            }
            let interaction = if used_levels.len() >= 2 {
                let k = used_levels.len() - 1;
                let n = rows.len();
                let (time, event): (Vec<f64>, Vec<bool>) = rows.iter().map(|r| (r.0, r.1)).unzip();
                let dummy = |r: &(f64, bool, bool, usize), j: usize| {
                    f64::from(u8::from(r.3 == used_levels[j + 1]))
                };
                let reduced = DMatrix::from_fn(n, 1 + k, |i, j| {
                    if j == 0 {
                        f64::from(u8::from(rows[i].2))
                    } else {
                        dummy(&rows[i], j - 1)
                    }
                });
                let full = DMatrix::from_fn(n, 1 + 2 * k, |i, j| {
                    let high = f64::from(u8::from(rows[i].2));
                    if j == 0 {
                        high
                    } else if j <= k {
                        dummy(&rows[i], j - 1)
                    } else {
                        high * dummy(&rows[i], j - 1 - k)
                    }
                });
                match (
                    cox_loglik(&time, &event, reduced, self.conf_level),
                    cox_loglik(&time, &event, full, self.conf_level),
                ) {
                    (Some(l0), Some(l1)) => {
                        let chisq = (2.0 * (l1 - l0)).max(0.0);
                        Some(InteractionTest {
                            chisq,
                            df: k,
                            p: pchisq_upper(chisq, k as f64),
                        })
                    }
                    _ => None,
                }
            } else {
                None
            };
            out.push(SubgroupAnalysis {
                variable: var.name.clone(),
                cohorts: names.clone(),
                levels,
                interaction,
            });
        }
        Ok(out)
    }
}
