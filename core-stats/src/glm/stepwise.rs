//! Logistic model building: the univariate screen (each candidate term
//! alone) and stepwise selection by AIC exactly as R
//! `step(glm(..., family = binomial), direction = "both")`.
//!
//! # Stepwise rule (R `stats::step`, reproduced)
//! The *upper* model is every term given; the *lower* model is the
//! intercept only; the search starts from `start` (R's starting formula).
//! At each step:
//! - every term of the current model is a drop candidate (`drop1.glm`), in
//!   the current model's term order; if dropping a term leaves the rank
//!   unchanged (the term is aliased, `Df == 0`), the last such term is
//!   dropped at once;
//! - otherwise every upper-model term not in the model is an add candidate
//!   (`add1.glm`), in the order of the upper model; candidates that would
//!   not change the rank are ignored;
//! - a candidate's AIC is `dev + k·rank` shifted so that `<none>` has the
//!   current model's AIC (`extractAIC`); the candidates are ordered by AIC
//!   with `<none>` first, then drops, then adds, and R's stable `order()`
//!   breaks ties by that position. If `<none>` is best the search stops;
//! - the chosen change is refitted (an added term goes last in the
//!   formula, as `update(~ . + x)`); if its AIC is not below the previous
//!   one by more than 1e-7 the search stops (and, as R, the refitted model
//!   is the one returned).
//!
//! Factors enter and leave as whole terms (all their dummy columns), with
//! `Df` the change in rank. `k = 2` is AIC, `k = log(n)` BIC.
//!
//! The univariate screen fits `glm(y ~ term)` for each term and reports, per
//! dummy column, the Wald odds ratio, its interval and `Pr(>|z|)`, plus the
//! term's likelihood-ratio p-value (`anova(fit, test = "Chisq")`).

use super::{GlmError, LogisticFit, LogisticParams};
use crate::table::{Cell, Table};
use nalgebra::DMatrix;
use statrs::distribution::{ChiSquared, ContinuousCDF};
use std::fmt;
use std::ops::Range;

/// One model term: a named group of design columns (a numeric covariate
/// has one column, a factor one dummy column per non-reference level).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelTerm {
    /// Term name as in R's formula (`education`).
    pub name: String,
    /// Its columns in the design matrix.
    pub columns: Range<usize>,
}

/// Search direction of [`StepwiseParams`] (R `step(direction =)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StepDirection {
    /// Drops and adds (R `"both"`).
    #[default]
    Both,
    /// Drops only (R `"backward"`).
    Backward,
    /// Adds only (R `"forward"`).
    Forward,
}

/// Invalid input to the model-building functions.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StepwiseError {
    /// A term's column range is empty or lies outside the design.
    #[error("term '{term}' has columns {start}..{end} outside the {ncol} design columns")]
    BadTermColumns {
        /// Term name.
        term: String,
        /// First column.
        start: usize,
        /// One past the last column.
        end: usize,
        /// Columns in the design.
        ncol: usize,
    },
    /// A starting-model term index is out of range or repeated.
    #[error("starting term index {index} is out of range or repeated ({n_terms} terms)")]
    BadStartTerm {
        /// The index.
        index: usize,
        /// Number of terms.
        n_terms: usize,
    },
    /// The penalty `k` is not finite and positive.
    #[error("invalid AIC penalty k = {0}; must be finite and > 0")]
    BadPenalty(f64),
    /// A model fit failed.
    #[error(transparent)]
    Glm(#[from] GlmError),
}

/// Settings of the stepwise search; `Default` is `step(direction = "both", k = 2)`
/// with `glm.control()` fits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepwiseParams {
    /// Settings of every logistic fit (and the CI level of the final table).
    pub glm: LogisticParams,
    /// Search direction.
    pub direction: StepDirection,
    /// Penalty per parameter (R `k`; 2 = AIC).
    pub k: f64,
    /// Maximum number of steps (R `steps = 1000`).
    pub max_steps: usize,
}

impl Default for StepwiseParams {
    fn default() -> Self {
        StepwiseParams {
            glm: LogisticParams::default(),
            direction: StepDirection::Both,
            k: 2.0,
            max_steps: 1000,
        }
    }
}

/// One row of the step path (R `step(...)$anova`).
#[derive(Debug, Clone, PartialEq)]
pub struct StepRecord {
    /// `""` for the starting model, else `"- term"` or `"+ term"`.
    pub step: String,
    /// Change in residual degrees of freedom (positive for a drop); None at the start.
    pub df: Option<f64>,
    /// Absolute change in deviance; None at the start.
    pub deviance: Option<f64>,
    /// Residual degrees of freedom after the step, as `step` reports it:
    /// `nobs − edf`, which is the fit's `df.residual` minus the number of
    /// zero-weight rows (R's quirk, reproduced).
    pub resid_df: usize,
    /// Residual deviance after the step.
    pub resid_dev: f64,
    /// AIC (with penalty `k`) after the step.
    pub aic: f64,
}

/// Result of [`StepwiseParams::fit`]: the path and the selected model.
#[derive(Debug, Clone)]
pub struct StepwiseFit {
    /// Accepted steps, starting model first (R `$anova`).
    pub path: Vec<StepRecord>,
    /// Names of the selected terms in formula order.
    pub terms: Vec<String>,
    /// The selected model's logistic fit (coefficients in formula order).
    pub fit: LogisticFit,
    /// The penalty used.
    pub k: f64,
}

fn check_terms(ncol: usize, terms: &[ModelTerm]) -> Result<(), StepwiseError> {
    for t in terms {
        if t.columns.start >= t.columns.end || t.columns.end > ncol {
            return Err(StepwiseError::BadTermColumns {
                term: t.name.clone(),
                start: t.columns.start,
                end: t.columns.end,
                ncol,
            });
        }
    }
    Ok(())
}

/// Design and names restricted to the columns of `set` (term indices, in order).
fn sub_design(
    x: &DMatrix<f64>,
    names: &[String],
    terms: &[ModelTerm],
    set: &[usize],
) -> (DMatrix<f64>, Vec<String>) {
    let cols: Vec<usize> = set.iter().flat_map(|&t| terms[t].columns.clone()).collect();
    let sub = DMatrix::from_fn(x.nrows(), cols.len(), |i, j| x[(i, cols[j])]);
    (sub, cols.iter().map(|&c| names[c].clone()).collect())
}

impl StepwiseParams {
    /// Stepwise AIC selection as R `step(glm(y ~ <start>), scope = list(lower = ~1,
    /// upper = ~ <all terms>), direction, k)`; with `start` = all terms this is
    /// `step(glm(y ~ .), direction = "both")`.
    ///
    /// `x` is n × p without intercept, `names` its columns, `terms` groups the
    /// columns into terms (the upper model, in formula order), `start` the
    /// indices of the starting model's terms in its formula order.
    ///
    /// # Errors
    /// Bad term ranges, start indices or `k`, or a failed fit ([`StepwiseError`]).
    #[allow(clippy::too_many_arguments)]
    pub fn fit(
        &self,
        x: &DMatrix<f64>,
        names: &[String],
        terms: &[ModelTerm],
        start: &[usize],
        y: &[bool],
        weights: Option<&[f64]>,
    ) -> Result<StepwiseFit, StepwiseError> {
        if !(self.k.is_finite() && self.k > 0.0) {
            return Err(StepwiseError::BadPenalty(self.k));
        }
        check_terms(x.ncols(), terms)?;
        for (i, &s) in start.iter().enumerate() {
            if s >= terms.len() || start[..i].contains(&s) {
                return Err(StepwiseError::BadStartTerm {
                    index: s,
                    n_terms: terms.len(),
                });
            }
        }
        let fit_set = |set: &[usize]| -> Result<LogisticFit, GlmError> {
            let (sx, sn) = sub_design(x, names, terms, set);
            self.glm.fit(&sx, &sn, y, weights)
        };
        let k = self.k;
        // R extractAIC.glm: aic + (k - 2) * edf with edf = length(residuals) -
        // df.residual = rank + (rows with zero weight); step reports the residual
        // df as nobs - edf with nobs counting nonzero weights only, i.e.
        // df.residual - n_zero (R's quirk, reproduced)
        let n_zero = weights.map_or(0, |w| w.iter().filter(|&&v| v == 0.0).count());
        let extract_aic = |f: &LogisticFit| f.aic + (k - 2.0) * (f.rank + n_zero) as f64;
        let resid_df = |f: &LogisticFit| f.df_residual.saturating_sub(n_zero);
        let backward = self.direction != StepDirection::Forward;
        let forward = self.direction != StepDirection::Backward;

        let mut current: Vec<usize> = start.to_vec();
        let mut fit = fit_set(&current)?;
        let mut b_aic = extract_aic(&fit);
        let mut path = vec![StepRecord {
            step: String::new(),
            df: None,
            deviance: None,
            resid_df: resid_df(&fit),
            resid_dev: fit.deviance,
            aic: b_aic,
        }];
        for _ in 0..self.max_steps {
            let aic_prev = b_aic;
            let shift = b_aic - fit.deviance - k * fit.rank as f64;
            // (label, is_add, term index, candidate AIC)
            let mut cands: Vec<(bool, usize, f64)> = Vec::new();
            let mut forced: Option<usize> = None;
            if backward && !current.is_empty() {
                for &t in &current {
                    let set: Vec<usize> = current.iter().copied().filter(|&u| u != t).collect();
                    let f = fit_set(&set)?;
                    if f.rank == fit.rank {
                        forced = Some(t); // R: the last zero-Df term
                    }
                    cands.push((false, t, f.deviance + k * f.rank as f64 + shift));
                }
            }
            let change: (bool, usize) = if let Some(t) = forced {
                (false, t)
            } else {
                if forward {
                    for t in 0..terms.len() {
                        if current.contains(&t) {
                            continue;
                        }
                        let mut set = current.clone();
                        set.push(t);
                        let f = fit_set(&set)?;
                        if f.rank == fit.rank {
                            continue; // Df 0: removed by step's nzdf filter
                        }
                        cands.push((true, t, f.deviance + k * f.rank as f64 + shift));
                    }
                }
                // stable order with <none> (AIC = b_aic) first
                let mut best: Option<(bool, usize, f64)> = None;
                let mut best_aic = b_aic;
                for &(add, t, a) in &cands {
                    if a < best_aic {
                        best_aic = a;
                        best = Some((add, t, a));
                    }
                }
                match best {
                    None => break,
                    Some((add, t, _)) => (add, t),
                }
            };
            let (add, t) = change;
            if add {
                current.push(t);
            } else {
                current.retain(|&u| u != t);
            }
            let new_fit = fit_set(&current)?;
            let new_aic = extract_aic(&new_fit);
            let prev_df = resid_df(&fit) as f64;
            let prev_dev = fit.deviance;
            fit = new_fit;
            b_aic = new_aic;
            if b_aic >= aic_prev + 1e-7 {
                break;
            }
            path.push(StepRecord {
                step: format!("{} {}", if add { "+" } else { "-" }, terms[t].name),
                df: Some(resid_df(&fit) as f64 - prev_df),
                deviance: Some((fit.deviance - prev_dev).abs()),
                resid_df: resid_df(&fit),
                resid_dev: fit.deviance,
                aic: b_aic,
            });
        }
        Ok(StepwiseFit {
            path,
            terms: current.iter().map(|&t| terms[t].name.clone()).collect(),
            fit,
            k,
        })
    }
}

impl StepwiseFit {
    /// The step path as R prints `step(...)$anova`:
    /// `Step Df Deviance Resid. Df Resid. Dev AIC`.
    pub fn path_table(&self) -> Table {
        let mut t = Table::new(["Step", "Df", "Deviance", "Resid. Df", "Resid. Dev", "AIC"])
            .with_title(format!("Stepwise selection (step, k = {})", self.k));
        let opt = |v: Option<f64>| v.map_or(Cell::Na, Cell::Num);
        for (i, r) in self.path.iter().enumerate() {
            t.push_row(
                (i + 1).to_string(),
                [
                    Cell::Text(r.step.clone()),
                    opt(r.df),
                    opt(r.deviance),
                    Cell::Int(r.resid_df as i64),
                    Cell::Num(r.resid_dev),
                    Cell::Num(r.aic),
                ],
            );
        }
        t
    }

    /// The selected model's odds-ratio table (`summary(step(...))` plus OR
    /// and Wald limits), with the selected formula in the footer.
    pub fn summary(&self) -> Table {
        let mut t = self.fit.summary();
        let rhs = if self.terms.is_empty() {
            "1".to_string()
        } else {
            self.terms.join(" + ")
        };
        t.push_footer(format!("Selected: y ~ {rhs}"));
        t
    }
}

impl fmt::Display for StepwiseFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n{}", self.path_table(), self.summary())
    }
}

/// One coefficient of the univariate screen (`glm(y ~ term)`).
#[derive(Debug, Clone, PartialEq)]
pub struct UnivariateRow {
    /// Term name.
    pub term: String,
    /// Design column (dummy level for factors).
    pub column: String,
    /// Odds ratio exp(β).
    pub odds_ratio: f64,
    /// Lower Wald limit.
    pub or_lower: f64,
    /// Upper Wald limit.
    pub or_upper: f64,
    /// Wald p-value (`Pr(>|z|)`).
    pub p: f64,
    /// Likelihood-ratio p-value of the whole term against the null model
    /// (`anova(fit, test = "Chisq")`), repeated on each of its rows.
    pub p_lrt: f64,
}

/// Result of [`univariate_screen`].
#[derive(Debug, Clone)]
pub struct UnivariateScreen {
    /// One row per design column, terms in input order.
    pub rows: Vec<UnivariateRow>,
    /// Confidence level of the limits.
    pub conf_level: f64,
}

/// Univariate screen: fits `glm(y ~ term, family = binomial)` for each term
/// alone and collects its odds ratios, Wald limits, Wald p-values and the
/// term's likelihood-ratio p-value.
///
/// # Errors
/// Bad term ranges or a failed fit ([`StepwiseError`]).
pub fn univariate_screen(
    params: &LogisticParams,
    x: &DMatrix<f64>,
    names: &[String],
    terms: &[ModelTerm],
    y: &[bool],
    weights: Option<&[f64]>,
) -> Result<UnivariateScreen, StepwiseError> {
    check_terms(x.ncols(), terms)?;
    let mut rows = Vec::new();
    for (ti, term) in terms.iter().enumerate() {
        let (sx, sn) = sub_design(x, names, terms, &[ti]);
        let f = params.fit(&sx, &sn, y, weights)?;
        let df = f.df_null.saturating_sub(f.df_residual);
        let p_lrt = if df == 0 {
            f64::NAN
        } else {
            let stat = (f.null_deviance - f.deviance).max(0.0);
            ChiSquared::new(df as f64).map_or(f64::NAN, |c| c.sf(stat))
        };
        for c in &f.coefficients[1..] {
            rows.push(UnivariateRow {
                term: term.name.clone(),
                column: c.term.clone(),
                odds_ratio: c.odds_ratio,
                or_lower: c.or_lower,
                or_upper: c.or_upper,
                p: c.p,
                p_lrt,
            });
        }
    }
    Ok(UnivariateScreen {
        rows,
        conf_level: params.conf_level,
    })
}

impl UnivariateScreen {
    /// The screen as a table: `OR`, the Wald limits, `Pr(>|z|)` and `Pr(>Chi)`
    /// (the term's likelihood-ratio p-value), one row per design column.
    pub fn summary(&self) -> Table {
        let pct = self.conf_level * 100.0;
        let lo = format!("{} %", crate::table::format_num((100.0 - pct) / 2.0, 3));
        let hi = format!(
            "{} %",
            crate::table::format_num(100.0 - (100.0 - pct) / 2.0, 3)
        );
        let mut t = Table::new(["OR", &lo, &hi, "Pr(>|z|)", "Pr(>Chi)"])
            .with_title("Univariate logistic screen (glm(y ~ term) for each term)");
        let num = Cell::num_or_na;
        let p = Cell::p_or_na;
        for r in &self.rows {
            t.push_row(
                r.column.clone(),
                [
                    num(r.odds_ratio),
                    num(r.or_lower),
                    num(r.or_upper),
                    p(r.p),
                    p(r.p_lrt),
                ],
            );
        }
        t
    }
}

impl fmt::Display for UnivariateScreen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Case {
        x: DMatrix<f64>,
        names: Vec<String>,
        y: Vec<bool>,
        w: Option<Vec<f64>>,
        terms: Vec<ModelTerm>,
        start: Vec<usize>,
        gold: Vec<Vec<String>>,
    }

    fn read_case(case: &str) -> Case {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/golden/glm_step")
            .join(case);
        let text = std::fs::read_to_string(dir.join("data.csv")).unwrap();
        let mut lines = text.lines();
        let header: Vec<String> = lines
            .next()
            .unwrap()
            .split(',')
            .map(str::to_string)
            .collect();
        let rows: Vec<Vec<f64>> = lines
            .map(|l| l.split(',').map(|v| v.parse::<f64>().unwrap()).collect())
            .collect();
        let has_w = header.last().is_some_and(|h| h == "w");
        let p = header.len() - 1 - usize::from(has_w);
        let names: Vec<String> = header[1..=p].to_vec();
        let x = DMatrix::from_fn(rows.len(), names.len(), |i, j| rows[i][j + 1]);
        let w = has_w.then(|| rows.iter().map(|r| r[p + 1]).collect());
        let y = rows.iter().map(|r| r[0] == 1.0).collect();
        let gold: Vec<Vec<String>> = std::fs::read_to_string(dir.join("golden.tsv"))
            .unwrap()
            .lines()
            .map(|l| l.split(' ').map(str::to_string).collect())
            .collect();
        // term lines: "term name col col..." (column names may contain spaces:
        // match them by position in the header instead)
        let mut terms = Vec::new();
        let mut next = 0;
        for l in gold.iter().filter(|l| l[0] == "term") {
            let name = l[1].clone();
            let mut end = next;
            while end < names.len()
                && (names[end] == name || names[end].starts_with(&format!("{name}[")))
            {
                end += 1;
            }
            terms.push(ModelTerm {
                name,
                columns: next..end,
            });
            next = end;
        }
        let start_line = gold.iter().find(|l| l[0] == "start").unwrap();
        let start = start_line[1..]
            .iter()
            .map(|s| terms.iter().position(|t| &t.name == s).unwrap())
            .collect();
        Case {
            x,
            names,
            y,
            w,
            terms,
            start,
            gold,
        }
    }

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs() + 1e-300
    }

    fn check(case: &str) {
        let c = read_case(case);
        let k: f64 = c.gold.iter().find(|l| l[0] == "k").unwrap()[1]
            .parse()
            .unwrap();
        let s = StepwiseParams {
            k,
            ..Default::default()
        }
        .fit(&c.x, &c.names, &c.terms, &c.start, &c.y, c.w.as_deref())
        .unwrap();
        let path: Vec<&Vec<String>> = c.gold.iter().filter(|l| l[0] == "path").collect();
        assert_eq!(path.len(), s.path.len(), "{case}: path {:?}", s.path);
        for (g, r) in path.iter().zip(&s.path) {
            let label = if r.step.is_empty() {
                "<start>".to_string()
            } else {
                r.step.replace(' ', "")
            };
            assert_eq!(g[1], label, "{case}");
            if g[2] != "NA" {
                assert_eq!(g[2].parse::<f64>().unwrap(), r.df.unwrap());
                assert!(close(r.deviance.unwrap(), g[3].parse().unwrap(), 1e-6));
            }
            assert_eq!(g[4], r.resid_df.to_string());
            assert!(close(r.resid_dev, g[5].parse().unwrap(), 1e-8));
            assert!(close(r.aic, g[6].parse().unwrap(), 1e-8));
        }
        let coefs: Vec<&Vec<String>> = c.gold.iter().filter(|l| l[0] == "coef").collect();
        assert_eq!(coefs.len(), s.fit.coefficients.len());
        for (g, got) in coefs.iter().zip(&s.fit.coefficients) {
            let gname = g[1..g.len() - 4].join(" ");
            assert_eq!(gname, got.term, "{case}");
            let v = [got.estimate, got.se, got.z, got.p];
            for k in 0..4 {
                let gv: f64 = g[g.len() - 4 + k].parse().unwrap();
                assert!(
                    close(v[k], gv, 1e-6),
                    "{case} {gname}[{k}] {} vs {gv}",
                    v[k]
                );
            }
        }
        let aic: f64 = c.gold.iter().find(|l| l[0] == "aic").unwrap()[1]
            .parse()
            .unwrap();
        // R's `$aic` of the selected glm is the k = 2 AIC
        assert!(close(s.fit.aic, aic, 1e-8));
        // univariate screen
        let u = univariate_screen(
            &LogisticParams::default(),
            &c.x,
            &c.names,
            &c.terms,
            &c.y,
            c.w.as_deref(),
        )
        .unwrap();
        let uni: Vec<&Vec<String>> = c.gold.iter().filter(|l| l[0] == "uni").collect();
        assert_eq!(uni.len(), u.rows.len());
        for (g, r) in uni.iter().zip(&u.rows) {
            assert_eq!(g[1], r.term);
            let n = g.len();
            assert_eq!(g[2..n - 5].join(" "), r.column);
            let v = [r.odds_ratio, r.or_lower, r.or_upper, r.p, r.p_lrt];
            for k in 0..5 {
                let gv: f64 = g[n - 5 + k].parse().unwrap();
                assert!(
                    close(v[k], gv, 1e-6),
                    "{case} uni {} [{k}] {} vs {gv}",
                    r.column,
                    v[k]
                );
            }
        }
        assert!(!s.to_string().is_empty() && !u.to_string().is_empty());
    }

    #[test]
    fn matches_r_step_infert_both() {
        check("infert_both");
    }

    #[test]
    fn matches_r_step_infert_forward_from_null() {
        check("infert_forward");
    }

    #[test]
    fn matches_r_step_colon_both() {
        check("colon_both");
    }

    #[test]
    fn matches_r_step_colon_bic() {
        check("colon_bic");
    }

    #[test]
    fn matches_r_step_esoph_weighted() {
        check("esoph_weighted");
    }

    #[test]
    fn aliased_term_is_dropped_first() {
        // x2 = 2 x1 is aliased: R's step drops the zero-Df term at once
        let n = 40;
        let x1: Vec<f64> = (0..n).map(|i| (i as f64 * 0.37).sin()).collect();
        let x3: Vec<f64> = (0..n).map(|i| (i as f64 * 1.1).cos()).collect();
        let mut data = x1.clone();
        data.extend(x1.iter().map(|v| 2.0 * v));
        data.extend(&x3);
        let x = DMatrix::from_column_slice(n, 3, &data);
        let names: Vec<String> = ["x1", "x2", "x3"].map(String::from).to_vec();
        let terms: Vec<ModelTerm> = (0..3)
            .map(|j| ModelTerm {
                name: names[j].clone(),
                columns: j..j + 1,
            })
            .collect();
        let y: Vec<bool> = (0..n)
            .map(|i| x1[i] + 0.5 * x3[i] > 0.1 * ((i % 7) as f64 - 3.0))
            .collect();
        let s = StepwiseParams::default()
            .fit(&x, &names, &terms, &[0, 1, 2], &y, None)
            .unwrap();
        assert_eq!(s.path[1].step, "- x2");
        assert_eq!(s.path[1].df, Some(0.0));
    }

    #[test]
    fn rejects_bad_input() {
        let x = DMatrix::from_element(4, 1, 1.0);
        let names = vec!["a".to_string()];
        let y = [true, false, true, false];
        let bad = [ModelTerm {
            name: "a".into(),
            columns: 0..2,
        }];
        assert!(matches!(
            StepwiseParams::default().fit(&x, &names, &bad, &[0], &y, None),
            Err(StepwiseError::BadTermColumns { .. })
        ));
        let ok = [ModelTerm {
            name: "a".into(),
            columns: 0..1,
        }];
        assert!(matches!(
            StepwiseParams::default().fit(&x, &names, &ok, &[0, 0], &y, None),
            Err(StepwiseError::BadStartTerm { .. })
        ));
    }
}
