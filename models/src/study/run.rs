//! The study pipeline (see the module docs for the steps).

use super::BenefitAnalysis;
use super::{
    CohortSummary, ModelFit, Observer, Performance, RiskGroupAnalysis, StudyCohort, StudyError,
    StudyResults, StudySpec,
};
use crate::synthetic::CohortRole;
use nalgebra::DMatrix;
use prognos_core::bootstrap::BootstrapParams;
use prognos_matching::benefit::{BenefitData, BenefitParams};
use prognos_survival::concordance::{harrell, harrell_bootstrap, uno};
use prognos_survival::cox::{CoxData, CoxParams};
use prognos_survival::km::KmParams;
use prognos_survival::logrank::logrank;
use prognos_survival::tdauc::td_auc;

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n == 0 {
        return f64::NAN;
    }
    0.5 * (s[(n - 1) / 2] + s[n / 2])
}

impl StudySpec {
    fn columns_of(&self, model: &str, terms: &[String]) -> Result<Vec<usize>, StudyError> {
        let mut cols = Vec::new();
        for t in terms {
            let term = self.terms.iter().find(|x| &x.name == t).ok_or_else(|| {
                StudyError::UnknownTerm {
                    model: model.into(),
                    term: t.clone(),
                }
            })?;
            cols.extend(term.columns.clone());
        }
        Ok(cols)
    }

    fn fit_model(
        &self,
        name: &str,
        terms: Vec<String>,
        train: &StudyCohort,
    ) -> Result<ModelFit, StudyError> {
        let columns = self.columns_of(name, &terms)?;
        let data = CoxData::new(
            train.time.clone(),
            train.event.clone(),
            train.x.select_columns(&columns),
        )
        .with_names(columns.iter().map(|&j| self.columns[j].clone()).collect());
        let fit = CoxParams::default()
            .conf_level(self.conf_level)
            .fit(&data)
            .map_err(|source| StudyError::Cox {
                context: format!("model {name}"),
                source,
            })?;
        Ok(ModelFit {
            name: name.into(),
            terms,
            columns,
            fit,
        })
    }

    /// Step 5: treatment benefit by risk group on the pooled cohorts that
    /// record the treatment (`None` when `match_on` is empty or no cohort
    /// records it). [`StudySpec::run`] calls it; callers that want the
    /// benefit analysis to fail on its own run the study with an empty
    /// `match_on` and call this afterwards.
    ///
    /// # Errors
    /// [`StudyError::Benefit`], [`StudyError::UnknownTerm`] and the KM /
    /// log-rank errors of the per-group curves.
    pub fn benefit(
        &self,
        cohorts: &[StudyCohort],
        fusion: &ModelFit,
        cutoff: f64,
    ) -> Result<Option<BenefitAnalysis>, StudyError> {
        if self.match_on.is_empty() {
            return Ok(None);
        }
        let cols = self.columns_of("benefit", &self.match_on)?;
        let (mut time, mut event, mut treated, mut group, mut names) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut rows: Vec<Vec<f64>> = Vec::new();
        for c in cohorts {
            let Some(t) = &c.treatment else { continue };
            let lp = fusion
                .fit
                .predict_lp(&c.x.select_columns(&fusion.columns))
                .map_err(|source| StudyError::Cox {
                    context: format!("benefit lp in {}", c.name),
                    source,
                })?;
            names.push(c.name.clone());
            for i in 0..c.time.len() {
                time.push(c.time[i]);
                event.push(c.event[i]);
                treated.push(t[i]);
                group.push(if lp[i] > cutoff {
                    "high".to_string()
                } else {
                    "low".to_string()
                });
                rows.push(cols.iter().map(|&j| c.x[(i, j)]).collect());
            }
        }
        if time.is_empty() {
            return Ok(None);
        }
        let x = DMatrix::from_fn(rows.len(), cols.len(), |i, j| rows[i][j]);
        let col_names: Vec<String> = cols.iter().map(|&j| self.columns[j].clone()).collect();
        let mut params = BenefitParams {
            conf_level: self.conf_level,
            ..Default::default()
        };
        params.matching.caliper = self.caliper;
        let fit = params
            .fit(&BenefitData {
                time: &time,
                event: &event,
                treated: &treated,
                risk_group: &group,
                x: &x,
                names: &col_names,
            })
            .map_err(|source| StudyError::Benefit { source })?;
        let arms = vec!["no treatment".to_string(), "treatment".to_string()];
        let mut km = Vec::new();
        for g in ["high", "low"] {
            let idx: Vec<usize> = (0..time.len()).filter(|&i| group[i] == g).collect();
            let t: Vec<f64> = idx.iter().map(|&i| time[i]).collect();
            let e: Vec<bool> = idx.iter().map(|&i| event[i]).collect();
            let a: Vec<usize> = idx.iter().map(|&i| usize::from(treated[i])).collect();
            let ctx = || format!("benefit KM in the {g}-risk group");
            let fitk = KmParams::default()
                .fit_groups(&t, &e, &a, &arms, None)
                .map_err(|source| StudyError::Km {
                    context: ctx(),
                    source,
                })?;
            let lr = logrank(&t, &e, &a, &arms, None).map_err(|source| StudyError::Logrank {
                context: ctx(),
                source,
            })?;
            km.push((g.to_string(), fitk, lr));
        }
        Ok(Some(BenefitAnalysis {
            cohorts: names,
            fit,
            km,
        }))
    }

    /// Runs the study on `cohorts` (one of which has the training role).
    ///
    /// # Errors
    /// See [`StudyError`].
    pub fn run(
        &self,
        cohorts: &[StudyCohort],
        observer: &dyn Observer,
    ) -> Result<StudyResults, StudyError> {
        let p = self.columns.len();
        for c in cohorts {
            if c.x.ncols() != p {
                return Err(StudyError::ColumnMismatch {
                    cohort: c.name.clone(),
                    got: c.x.ncols(),
                    expected: p,
                });
            }
        }
        let train = cohorts
            .iter()
            .find(|c| c.role == CohortRole::Training)
            .ok_or(StudyError::NoTraining)?;

        // 1. univariate screen -> multivariable fusion model
        observer.stage("Cox screen", 1);
        let data = CoxData::new(train.time.clone(), train.event.clone(), train.x.clone())
            .with_names(self.columns.clone());
        let screen = CoxParams::default()
            .conf_level(self.conf_level)
            .screen(&data, &self.terms, self.p_threshold)
            .map_err(|source| StudyError::Cox {
                context: "univariate screen".into(),
                source,
            })?;
        if screen.selected.is_empty() {
            return Err(StudyError::NothingSelected {
                threshold: self.p_threshold,
            });
        }
        observer.advance(1);
        observer.finish();

        // 2. fusion + comparison models, all fitted on training
        let mut models = vec![self.fit_model("Fusion", screen.selected.clone(), train)?];
        let named: Vec<&String> = self.modalities.iter().flat_map(|m| &m.terms).collect();
        for m in &self.modalities {
            let terms = if m.terms.is_empty() {
                screen
                    .selected
                    .iter()
                    .filter(|t| !named.contains(t))
                    .cloned()
                    .collect::<Vec<_>>()
            } else {
                m.terms.clone()
            };
            if !terms.is_empty() {
                models.push(self.fit_model(&m.name, terms, train)?);
            }
        }

        // 3. discrimination of every model in every cohort
        let tau = self.horizons.iter().copied().fold(f64::NAN, f64::max);
        let total = (models.len() * cohorts.len()) as u64;
        observer.stage("C-index bootstrap", total);
        let mut performance = Vec::new();
        for (mi, m) in models.iter().enumerate() {
            for (ci, c) in cohorts.iter().enumerate() {
                let ctx = || format!("{} in {}", m.name, c.name);
                let lp = m
                    .fit
                    .predict_lp(&c.x.select_columns(&m.columns))
                    .map_err(|source| StudyError::Cox {
                        context: ctx(),
                        source,
                    })?;
                let h = harrell(&c.time, &c.event, &lp, None, None).map_err(|source| {
                    StudyError::Concordance {
                        context: ctx(),
                        source,
                    }
                })?;
                let params = BootstrapParams {
                    replicates: self.bootstrap,
                    seed: self.seed.wrapping_add((mi * 1000 + ci) as u64),
                    strata: None,
                };
                let boot = harrell_bootstrap(&c.time, &c.event, &lp, &params, self.conf_level)
                    .map_err(|source| StudyError::Concordance {
                        context: ctx(),
                        source,
                    })?;
                let u = uno(&c.time, &c.event, &lp, tau.is_finite().then_some(tau)).map_err(
                    |source| StudyError::Concordance {
                        context: ctx(),
                        source,
                    },
                )?;
                let auc = td_auc(&c.time, &c.event, &lp, &self.horizons).map_err(|source| {
                    StudyError::TdAuc {
                        context: ctx(),
                        source,
                    }
                })?;
                performance.push(Performance {
                    model: m.name.clone(),
                    cohort: c.name.clone(),
                    harrell: h,
                    bootstrap: boot,
                    uno: u,
                    td_auc: auc,
                });
                observer.advance(1);
            }
        }
        observer.finish();

        // 4. training-median risk groups in every cohort
        let fusion = &models[0];
        let train_lp = fusion
            .fit
            .predict_lp(&train.x.select_columns(&fusion.columns))
            .map_err(|source| StudyError::Cox {
                context: "fusion lp".into(),
                source,
            })?;
        let cutoff = median(&train_lp);
        let labels = vec!["low".to_string(), "high".to_string()];
        observer.stage("Risk groups", cohorts.len() as u64);
        let mut risk_groups = Vec::new();
        for c in cohorts {
            let ctx = || format!("risk groups in {}", c.name);
            let lp = fusion
                .fit
                .predict_lp(&c.x.select_columns(&fusion.columns))
                .map_err(|source| StudyError::Cox {
                    context: ctx(),
                    source,
                })?;
            let group: Vec<usize> = lp.iter().map(|&v| usize::from(v > cutoff)).collect();
            let n_high = group.iter().sum::<usize>();
            let km = KmParams::default()
                .fit_groups(&c.time, &c.event, &group, &labels, None)
                .map_err(|source| StudyError::Km {
                    context: ctx(),
                    source,
                })?;
            let lr = logrank(&c.time, &c.event, &group, &labels, None).map_err(|source| {
                StudyError::Logrank {
                    context: ctx(),
                    source,
                }
            })?;
            let x = DMatrix::from_iterator(c.time.len(), 1, group.iter().map(|&g| g as f64));
            let hr = CoxParams::default()
                .conf_level(self.conf_level)
                .fit(
                    &CoxData::new(c.time.clone(), c.event.clone(), x)
                        .with_names(vec!["high risk".into()]),
                )
                .map_err(|source| StudyError::Cox {
                    context: ctx(),
                    source,
                })?
                .coefficients()
                .remove(0);
            risk_groups.push(RiskGroupAnalysis {
                cohort: c.name.clone(),
                cutoff,
                n_high,
                n_low: group.len() - n_high,
                km,
                logrank: lr,
                hr,
            });
            observer.advance(1);
        }
        observer.finish();

        let benefit = self.benefit(cohorts, fusion, cutoff)?;

        let cohorts_summary = cohorts
            .iter()
            .map(|c| CohortSummary {
                name: c.name.clone(),
                role: c.role.as_str(),
                n: c.time.len(),
                events: c.event.iter().filter(|&&e| e).count(),
                median_time: median(&c.time),
            })
            .collect();
        Ok(StudyResults {
            cohorts: cohorts_summary,
            screen,
            models,
            performance,
            risk_groups,
            cutoff,
            benefit,
        })
    }
}
