//! Stratified k-fold cross-validation with every data-dependent step
//! (selection, scaling, SMOTE) fitted inside the training folds.

use super::ClassifyError;
use super::model::{Classifier, check_two_classes, derive_seed};
use crate::selection::{
    RedundancyMethod, ScaleKind, Scaler, UnivariateTest, redundancy_filter, univariate_scores,
};
use crate::smote::SmoteParams;
use nalgebra::DMatrix;
use prognos_core::diagnostic::{AucComparison, Roc};
use prognos_core::table::{Cell, Table};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use std::fmt;

/// Fold (0-based) of each row: the rows of each class are shuffled with a
/// generator seeded by `seed` and dealt to the folds in turn, so every fold
/// holds `⌊n_c/k⌋` or `⌈n_c/k⌉` cases of class `c`. When a class has fewer
/// than `k` cases, `k` is reduced to that count (callers check first with
/// [`check_folds`] when that must be an error).
pub fn stratified_folds(y: &[bool], k: usize, seed: u64) -> Vec<usize> {
    let n1 = y.iter().filter(|&&v| v).count();
    let k = k.min(n1).min(y.len() - n1).max(1);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut fold = vec![0; y.len()];
    let mut offset = 0;
    for class in [false, true] {
        let mut idx: Vec<usize> = (0..y.len()).filter(|&i| y[i] == class).collect();
        idx.shuffle(&mut rng);
        for (pos, &i) in idx.iter().enumerate() {
            fold[i] = (pos + offset) % k;
        }
        // Continue dealing where the first class stopped, to balance sizes.
        offset = (offset + idx.len()) % k;
    }
    fold
}

/// Checks that `k`-fold stratified CV is possible.
///
/// # Errors
/// [`ClassifyError::SingleClass`], [`ClassifyError::TooFewForFolds`],
/// [`ClassifyError::BadParameter`] for `k < 2`.
pub fn check_folds(y: &[bool], k: usize) -> Result<(), ClassifyError> {
    check_two_classes(y, None)?;
    if k < 2 {
        return Err(ClassifyError::BadParameter {
            name: "folds",
            requirement: "at least 2",
            value: k as f64,
        });
    }
    let n1 = y.iter().filter(|&&v| v).count();
    for (class, count) in [(0u8, y.len() - n1), (1u8, n1)] {
        if count < k {
            return Err(ClassifyError::TooFewForFolds {
                folds: k,
                class,
                count,
            });
        }
    }
    Ok(())
}

/// Univariate selection of the `k` best features.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TopK {
    /// Test ranking the features.
    pub test: UnivariateTest,
    /// Features kept.
    pub k: usize,
}

/// Preprocessing fitted on each training fold, in this order: redundancy
/// filter (association = ANOVA F), univariate top-k, scaling, SMOTE (on the
/// training rows only; test rows are never resampled).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pipeline {
    /// Redundancy threshold on `|r|` (Pearson).
    pub redundancy: Option<f64>,
    /// Univariate selection.
    pub select: Option<TopK>,
    /// Scaling.
    pub scale: Option<ScaleKind>,
    /// SMOTE on the training rows.
    pub smote: Option<SmoteParams>,
}

/// A pipeline fitted on one training set.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedPipeline {
    /// Columns kept, in column order.
    pub columns: Vec<usize>,
    /// Fitted scaler on the kept columns.
    pub scaler: Option<Scaler>,
}

impl FittedPipeline {
    /// Applies column selection and scaling to new rows.
    pub fn transform(&self, x: &DMatrix<f64>) -> DMatrix<f64> {
        let xs = x.select_columns(&self.columns);
        match &self.scaler {
            Some(s) => s.transform(&xs).expect("same columns"),
            None => xs,
        }
    }
}

impl Pipeline {
    /// Fits the pipeline on `(x, y)` and returns it with the transformed
    /// (and, with SMOTE, resampled) training data.
    ///
    /// # Errors
    /// Selection or SMOTE failures; [`ClassifyError::NoFeatures`].
    pub fn fit(
        &self,
        x: &DMatrix<f64>,
        y: &[bool],
        seed: u64,
    ) -> Result<(FittedPipeline, DMatrix<f64>, Vec<bool>), ClassifyError> {
        let names: Vec<String> = (0..x.ncols()).map(|j| format!("x{}", j + 1)).collect();
        let mut columns: Vec<usize> = (0..x.ncols())
            .filter(|&j| x.column(j).iter().any(|&v| v != x[(0, j)]))
            .collect();
        if let Some(t) = self.redundancy {
            let sub = x.select_columns(&columns);
            let sub_names: Vec<String> = columns.iter().map(|&j| names[j].clone()).collect();
            let f = univariate_scores(&sub, &sub_names, y, UnivariateTest::AnovaF)?;
            let assoc: Vec<f64> = f.scores.iter().map(|s| s.statistic).collect();
            let r = redundancy_filter(&sub, &sub_names, &assoc, t, RedundancyMethod::Pearson)?;
            columns = r.kept.iter().map(|&k| columns[k]).collect();
        }
        if let Some(TopK { test, k }) = self.select {
            let sub = x.select_columns(&columns);
            let sub_names: Vec<String> = columns.iter().map(|&j| names[j].clone()).collect();
            let s = univariate_scores(&sub, &sub_names, y, test)?;
            let mut top: Vec<usize> = s.top_k(k).into_iter().map(|c| columns[c]).collect();
            top.sort_unstable();
            columns = top;
        }
        if columns.is_empty() {
            return Err(ClassifyError::NoFeatures);
        }
        let xs = x.select_columns(&columns);
        let scaler = self.scale.map(|kind| Scaler::fit(kind, &xs));
        let fitted = FittedPipeline { columns, scaler };
        let xt = fitted.transform(x);
        let (xt, yt) = match self.smote {
            Some(sp) => {
                let sp = SmoteParams {
                    seed: derive_seed(sp.seed, seed),
                    ..sp
                };
                let r = sp.resample(&xt, y)?;
                (r.x, r.y)
            }
            None => (xt, y.to_vec()),
        };
        Ok((fitted, xt, yt))
    }
}

/// Settings of the cross-validation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CvParams {
    /// Folds.
    pub folds: usize,
    /// Seed of the folds and of every fit (fold `f` uses `(seed, f)`).
    pub seed: u64,
    /// Level of the DeLong interval.
    pub conf_level: f64,
    /// Probability cut-off for accuracy, sensitivity and specificity.
    pub threshold: f64,
}

impl Default for CvParams {
    fn default() -> Self {
        CvParams {
            folds: 5,
            seed: 1,
            conf_level: 0.95,
            threshold: 0.5,
        }
    }
}

/// Out-of-fold performance of one classifier.
#[derive(Debug, Clone, PartialEq)]
pub struct CvResult {
    /// Classifier name.
    pub model: String,
    /// Out-of-fold probability of class 1, per row.
    pub oof: Vec<f64>,
    /// Fold of each row.
    pub fold: Vec<usize>,
    /// AUC of the pooled out-of-fold predictions.
    pub auc: f64,
    /// DeLong lower limit (NaN with constant predictions).
    pub auc_lower: f64,
    /// DeLong upper limit (NaN with constant predictions).
    pub auc_upper: f64,
    /// Whether every out-of-fold prediction was the same value (AUC 1/2).
    pub constant_predictions: bool,
    /// Accuracy at `threshold`.
    pub accuracy: f64,
    /// Sensitivity at `threshold`.
    pub sensitivity: f64,
    /// Specificity at `threshold`.
    pub specificity: f64,
    /// AUC within each fold (NaN when a test fold holds one class).
    pub fold_auc: Vec<f64>,
    /// Columns used in each fold.
    pub fold_columns: Vec<Vec<usize>>,
    /// For nested CV, the candidate chosen in each outer fold.
    pub chosen: Vec<String>,
}

impl CvResult {
    fn from_oof(
        model: String,
        oof: Vec<f64>,
        fold: Vec<usize>,
        y: &[bool],
        params: &CvParams,
        fold_columns: Vec<Vec<usize>>,
        chosen: Vec<String>,
    ) -> Result<CvResult, ClassifyError> {
        // A model that predicts one value for every row (e.g. a lasso with
        // every coefficient at zero) has AUC 1/2 and no DeLong interval.
        let constant = oof.iter().all(|&v| v == oof[0]);
        let (auc, auc_lower, auc_upper) = if constant {
            (0.5, f64::NAN, f64::NAN)
        } else {
            let roc = Roc::new(&oof, y)?;
            let ci = roc.ci_delong(params.conf_level)?;
            (roc.auc, ci.lower, ci.upper)
        };
        let k = fold.iter().max().map_or(0, |m| m + 1);
        let fold_auc = (0..k)
            .map(|f| {
                let (s, l): (Vec<f64>, Vec<bool>) = (0..y.len())
                    .filter(|&i| fold[i] == f)
                    .map(|i| (oof[i], y[i]))
                    .unzip();
                if s.iter().all(|&v| v == s[0]) && l.iter().any(|&b| b) && l.iter().any(|&b| !b) {
                    0.5
                } else {
                    Roc::new(&s, &l).map_or(f64::NAN, |r| r.auc)
                }
            })
            .collect();
        let (mut tp, mut tn, mut np, mut nn) = (0usize, 0usize, 0usize, 0usize);
        for i in 0..y.len() {
            let pos = oof[i] >= params.threshold;
            if y[i] {
                np += 1;
                tp += usize::from(pos);
            } else {
                nn += 1;
                tn += usize::from(!pos);
            }
        }
        Ok(CvResult {
            model,
            oof,
            fold,
            auc,
            auc_lower,
            auc_upper,
            constant_predictions: constant,
            accuracy: (tp + tn) as f64 / y.len() as f64,
            sensitivity: tp as f64 / np as f64,
            specificity: tn as f64 / nn as f64,
            fold_auc,
            fold_columns,
            chosen,
        })
    }
}

/// Stratified k-fold CV of `classifier` with `pipeline` fitted inside each
/// training fold; the out-of-fold predictions are pooled for the AUC and
/// its DeLong interval (pROC `ci.auc` on the pooled predictions).
///
/// # Errors
/// [`check_folds`] failures, or a fold whose fit fails.
pub fn cross_validate(
    classifier: &dyn Classifier,
    pipeline: &Pipeline,
    x: &DMatrix<f64>,
    y: &[bool],
    params: &CvParams,
) -> Result<CvResult, ClassifyError> {
    check_folds(y, params.folds)?;
    let fold = stratified_folds(y, params.folds, params.seed);
    let mut oof = vec![f64::NAN; y.len()];
    let mut cols = Vec::with_capacity(params.folds);
    for f in 0..params.folds {
        let (tr, te) = split(&fold, f);
        let ytr: Vec<bool> = tr.iter().map(|&i| y[i]).collect();
        let s = derive_seed(params.seed, f as u64 + 1);
        let (fp, xtr, ytr2) = pipeline.fit(&x.select_rows(&tr), &ytr, s)?;
        let model = classifier.fit(&xtr, &ytr2, s)?;
        let pr = model.predict_proba(&fp.transform(&x.select_rows(&te)));
        for (k, &i) in te.iter().enumerate() {
            oof[i] = pr[k];
        }
        cols.push(fp.columns);
    }
    CvResult::from_oof(classifier.name(), oof, fold, y, params, cols, Vec::new())
}

/// Nested CV: in each outer training fold, an inner stratified CV (same
/// number of folds, seed derived from the outer fold) picks the candidate
/// with the highest inner AUC; it is refitted on the outer training fold
/// and predicts the outer test fold. The outer AUC is thus free of the
/// optimism of choosing the hyperparameter on the same data.
///
/// # Errors
/// As [`cross_validate`]; [`ClassifyError::BadParameter`] without candidates.
pub fn nested_cv(
    name: &str,
    candidates: &[Box<dyn Classifier>],
    pipeline: &Pipeline,
    x: &DMatrix<f64>,
    y: &[bool],
    params: &CvParams,
) -> Result<CvResult, ClassifyError> {
    if candidates.is_empty() {
        return Err(ClassifyError::BadParameter {
            name: "candidates",
            requirement: "at least one",
            value: 0.0,
        });
    }
    check_folds(y, params.folds)?;
    let fold = stratified_folds(y, params.folds, params.seed);
    let mut oof = vec![f64::NAN; y.len()];
    let mut cols = Vec::new();
    let mut chosen = Vec::new();
    for f in 0..params.folds {
        let (tr, te) = split(&fold, f);
        let xtr = x.select_rows(&tr);
        let ytr: Vec<bool> = tr.iter().map(|&i| y[i]).collect();
        let inner = CvParams {
            seed: derive_seed(params.seed, 1000 + f as u64),
            ..*params
        };
        let mut best: Option<(f64, usize)> = None;
        for (c, cand) in candidates.iter().enumerate() {
            let auc = cross_validate(cand.as_ref(), pipeline, &xtr, &ytr, &inner)?.auc;
            if best.is_none_or(|(b, _)| auc > b) {
                best = Some((auc, c));
            }
        }
        let (_, c) = best.expect("candidates");
        let s = derive_seed(params.seed, f as u64 + 1);
        let (fp, xt, yt) = pipeline.fit(&xtr, &ytr, s)?;
        let model = candidates[c].fit(&xt, &yt, s)?;
        let pr = model.predict_proba(&fp.transform(&x.select_rows(&te)));
        for (k, &i) in te.iter().enumerate() {
            oof[i] = pr[k];
        }
        cols.push(fp.columns);
        chosen.push(candidates[c].name());
    }
    CvResult::from_oof(name.to_string(), oof, fold, y, params, cols, chosen)
}

fn split(fold: &[usize], f: usize) -> (Vec<usize>, Vec<usize>) {
    (0..fold.len()).partition(|&i| fold[i] != f)
}

/// CV results of several classifiers on the same folds.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// One result per classifier, in input order.
    pub results: Vec<CvResult>,
    /// Settings used.
    pub params: CvParams,
}

/// Cross-validates every classifier on the same seeded folds.
///
/// # Errors
/// As [`cross_validate`].
pub fn compare(
    classifiers: &[Box<dyn Classifier>],
    pipeline: &Pipeline,
    x: &DMatrix<f64>,
    y: &[bool],
    params: &CvParams,
) -> Result<Comparison, ClassifyError> {
    let results = classifiers
        .iter()
        .map(|c| cross_validate(c.as_ref(), pipeline, x, y, params))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Comparison {
        results,
        params: *params,
    })
}

impl Comparison {
    /// Index of the classifier with the largest out-of-fold AUC.
    pub fn best(&self) -> Option<usize> {
        (0..self.results.len()).max_by(|&a, &b| self.results[a].auc.total_cmp(&self.results[b].auc))
    }

    /// Paired DeLong test of each classifier's out-of-fold AUC against the
    /// best one (pROC `roc.test(paired = TRUE)` on the pooled predictions;
    /// `None` for the best itself and for constant predictions).
    ///
    /// # Errors
    /// [`ClassifyError::Diagnostic`] when the labels disagree in length.
    pub fn delong_vs_best(&self, y: &[bool]) -> Result<Vec<Option<AucComparison>>, ClassifyError> {
        let Some(b) = self.best() else {
            return Ok(Vec::new());
        };
        if self.results[b].constant_predictions {
            return Ok(vec![None; self.results.len()]);
        }
        let best = Roc::new(&self.results[b].oof, y)?;
        self.results
            .iter()
            .enumerate()
            .map(|(k, r)| {
                if k == b || r.constant_predictions {
                    Ok(None)
                } else {
                    Ok(Some(Roc::new(&r.oof, y)?.delong_paired(&best)?))
                }
            })
            .collect()
    }

    /// One row per classifier: `AUC lower upper accuracy sensitivity specificity`.
    pub fn summary(&self) -> Table {
        let mut t = Table::new([
            "AUC",
            "lower",
            "upper",
            "accuracy",
            "sensitivity",
            "specificity",
        ])
        .with_title(format!(
            "{}-fold stratified CV (seed {}), out-of-fold AUC with {}% DeLong CI; metrics at p >= {}",
            self.params.folds,
            self.params.seed,
            self.params.conf_level * 100.0,
            self.params.threshold
        ));
        for r in &self.results {
            t.push_row(
                r.model.clone(),
                [
                    Cell::Num(r.auc),
                    Cell::Num(r.auc_lower),
                    Cell::Num(r.auc_upper),
                    Cell::Num(r.accuracy),
                    Cell::Num(r.sensitivity),
                    Cell::Num(r.specificity),
                ],
            );
        }
        t
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
