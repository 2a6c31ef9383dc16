//! Cross-validation of a fusion head against each single block on the same
//! folds, out-of-fold AUCs with DeLong intervals, and test-set evaluation.

use super::fit::{FusionDesign, FusionHead, fit_fusion};
use super::{FusionError, FusionWarning};
use crate::classify::derive_seed;
use prognos_core::diagnostic::{AucComparison, Roc};
use prognos_core::table::{Cell, Table};
use std::fmt;

/// Settings of the evaluation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FusionParams {
    /// Seed: fold `f` (0-based) fits with `derive_seed(seed, f + 1)`, the
    /// final refit with `derive_seed(seed, 0)`.
    pub seed: u64,
    /// Level of the DeLong intervals.
    pub conf_level: f64,
    /// Probability cut-off of accuracy, sensitivity, specificity.
    pub threshold: f64,
}

impl Default for FusionParams {
    fn default() -> Self {
        FusionParams {
            seed: 1,
            conf_level: 0.95,
            threshold: 0.5,
        }
    }
}

/// Discrimination and threshold metrics of predicted probabilities.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Performance {
    /// Patients.
    pub n: usize,
    /// Patients with label 1.
    pub n_pos: usize,
    /// AUC (pROC `roc(levels = c(0, 1), direction = "<")`); 1/2 for constant predictions.
    pub auc: f64,
    /// DeLong lower limit (`pROC::ci.auc`); NaN for constant predictions.
    pub auc_lower: f64,
    /// DeLong upper limit; NaN for constant predictions.
    pub auc_upper: f64,
    /// Whether every prediction is the same value.
    pub constant_predictions: bool,
    /// Accuracy at probability ≥ threshold.
    pub accuracy: f64,
    /// Sensitivity at probability ≥ threshold.
    pub sensitivity: f64,
    /// Specificity at probability ≥ threshold.
    pub specificity: f64,
}

/// AUC with DeLong CI, accuracy, sensitivity and specificity of `pred`.
///
/// # Errors
/// [`FusionError::LengthMismatch`]; a class absent from `y`.
pub fn performance(
    pred: &[f64],
    y: &[bool],
    conf_level: f64,
    threshold: f64,
) -> Result<Performance, FusionError> {
    if pred.len() != y.len() {
        return Err(FusionError::LengthMismatch {
            what: "predictions",
            found: pred.len(),
            expected: y.len(),
        });
    }
    let constant = pred.iter().all(|&v| v == pred[0]);
    let n_pos = y.iter().filter(|&&v| v).count();
    let (auc, auc_lower, auc_upper) = if constant && n_pos > 0 && n_pos < y.len() {
        (0.5, f64::NAN, f64::NAN)
    } else {
        let roc = Roc::new(pred, y)?;
        let ci = roc.ci_delong(conf_level)?;
        (roc.auc, ci.lower, ci.upper)
    };
    let (mut tp, mut tn) = (0usize, 0usize);
    for (&p, &l) in pred.iter().zip(y) {
        let called = p >= threshold;
        if l {
            tp += usize::from(called);
        } else {
            tn += usize::from(!called);
        }
    }
    Ok(Performance {
        n: y.len(),
        n_pos,
        auc,
        auc_lower,
        auc_upper,
        constant_predictions: constant,
        accuracy: (tp + tn) as f64 / y.len() as f64,
        sensitivity: tp as f64 / n_pos as f64,
        specificity: tn as f64 / (y.len() - n_pos) as f64,
    })
}

/// Out-of-fold results of one model (the fusion, or one block alone).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelCv {
    /// Model name: the head's name, or the block's name.
    pub name: String,
    /// Out-of-fold probability of class 1 per row.
    pub oof: Vec<f64>,
    /// Pooled out-of-fold performance.
    pub performance: Performance,
    /// AUC within each fold (1/2 for constant predictions, NaN when the
    /// fold holds one class).
    pub fold_auc: Vec<f64>,
    /// Mean of the finite fold AUCs (`mean(fold_auc, na.rm = TRUE)`).
    pub mean_fold_auc: f64,
}

/// Cross-validated fusion versus each single block on the same folds.
#[derive(Debug, Clone, PartialEq)]
pub struct FusionCv {
    /// Fold (0-based) of each row.
    pub fold: Vec<usize>,
    /// The fusion model.
    pub fusion: ModelCv,
    /// Each block alone (same head; stacking's single block is its ridge
    /// logistic), in block order.
    pub blocks: Vec<ModelCv>,
    /// Index of the block with the largest pooled AUC.
    pub best_block: usize,
    /// Paired DeLong test of the fusion AUC against the best block's
    /// (`roc.test(paired = TRUE, method = "delong")`); `None` when either
    /// prediction is constant.
    pub vs_best_block: Option<AucComparison>,
    /// Fold-level diagnostics (dropped constant columns, non-convergence).
    pub warnings: Vec<FusionWarning>,
    /// Settings used.
    pub params: FusionParams,
}

/// Checks fold ids (0-based): at least 2 folds, each fold non-empty, and
/// every training part (all rows outside a fold) holding both classes.
/// Returns the number of folds.
///
/// # Errors
/// [`FusionError::BadFolds`], [`FusionError::LengthMismatch`].
pub fn check_fold_ids(fold: &[usize], y: &[bool]) -> Result<usize, FusionError> {
    if fold.len() != y.len() {
        return Err(FusionError::LengthMismatch {
            what: "fold ids",
            found: fold.len(),
            expected: y.len(),
        });
    }
    let k = fold.iter().max().map_or(0, |m| m + 1);
    if k < 2 {
        return Err(FusionError::BadFolds {
            fold: 1,
            problem: "at least 2 folds are needed",
        });
    }
    for f in 0..k {
        if !fold.contains(&f) {
            return Err(FusionError::BadFolds {
                fold: f + 1,
                problem: "no rows (fold ids must be 1..k with every fold used)",
            });
        }
        let (mut pos, mut neg) = (false, false);
        for i in 0..y.len() {
            if fold[i] != f {
                pos |= y[i];
                neg |= !y[i];
            }
        }
        if !(pos && neg) {
            return Err(FusionError::BadFolds {
                fold: f + 1,
                problem: "its training part (the other folds) holds a single class",
            });
        }
    }
    Ok(k)
}

fn model_cv(
    name: String,
    oof: Vec<f64>,
    fold: &[usize],
    k: usize,
    y: &[bool],
    params: &FusionParams,
) -> Result<ModelCv, FusionError> {
    let performance = performance(&oof, y, params.conf_level, params.threshold)?;
    let fold_auc: Vec<f64> = (0..k)
        .map(|f| {
            let (s, l): (Vec<f64>, Vec<bool>) = (0..y.len())
                .filter(|&i| fold[i] == f)
                .map(|i| (oof[i], y[i]))
                .unzip();
            let both = l.iter().any(|&b| b) && l.iter().any(|&b| !b);
            if !both {
                f64::NAN
            } else if s.iter().all(|&v| v == s[0]) {
                0.5
            } else {
                Roc::new(&s, &l).map_or(f64::NAN, |r| r.auc)
            }
        })
        .collect();
    let finite: Vec<f64> = fold_auc.iter().copied().filter(|a| a.is_finite()).collect();
    let mean_fold_auc = if finite.is_empty() {
        f64::NAN
    } else {
        finite.iter().sum::<f64>() / finite.len() as f64
    };
    Ok(ModelCv {
        name,
        oof,
        performance,
        fold_auc,
        mean_fold_auc,
    })
}

fn oof_predictions(
    design: &FusionDesign,
    y: &[bool],
    head: &FusionHead,
    fold: &[usize],
    k: usize,
    params: &FusionParams,
    warnings: &mut Vec<FusionWarning>,
) -> Result<Vec<f64>, FusionError> {
    let mut oof = vec![f64::NAN; y.len()];
    for f in 0..k {
        let (tr, te): (Vec<usize>, Vec<usize>) = (0..y.len()).partition(|&i| fold[i] != f);
        let ytr: Vec<bool> = tr.iter().map(|&i| y[i]).collect();
        let seed = derive_seed(params.seed, f as u64 + 1);
        let ctx = format!("fold {}", f + 1);
        let m = fit_fusion(&design.rows(&tr), &ytr, head, seed, &ctx, warnings)?;
        let pr = m.predict_proba(&design.x.select_rows(&te));
        for (j, &i) in te.iter().enumerate() {
            oof[i] = pr[j];
        }
    }
    Ok(oof)
}

/// Cross-validates the fusion head and every single block on the folds
/// `fold` (0-based fold of each row, e.g. from
/// [`crate::classify::stratified_folds`] or given). In each fold the
/// per-block standardisation and the head are fitted on the training rows
/// only and predict the held-out rows; AUCs are those of the pooled
/// out-of-fold probabilities.
///
/// # Errors
/// [`check_fold_ids`] failures; any fit failure.
pub fn fusion_cv(
    design: &FusionDesign,
    y: &[bool],
    head: &FusionHead,
    fold: &[usize],
    params: &FusionParams,
) -> Result<FusionCv, FusionError> {
    head.check()?;
    if design.x.nrows() != y.len() {
        return Err(FusionError::LengthMismatch {
            what: "labels",
            found: y.len(),
            expected: design.x.nrows(),
        });
    }
    let k = check_fold_ids(fold, y)?;
    let mut warnings = Vec::new();
    let oof = oof_predictions(design, y, head, fold, k, params, &mut warnings)?;
    let fusion = model_cv(head.name().to_string(), oof, fold, k, y, params)?;
    let single = head.single_block();
    let mut blocks = Vec::with_capacity(design.blocks.len());
    for b in 0..design.blocks.len() {
        let d = design.block(b);
        let mut w = Vec::new();
        let oof = oof_predictions(&d, y, &single, fold, k, params, &mut w)?;
        warnings.extend(w.into_iter().filter(|w| {
            // dropped columns are already reported by the fusion fit
            matches!(w, FusionWarning::NotConverged { .. })
        }));
        blocks.push(model_cv(
            design.blocks[b].name.clone(),
            oof,
            fold,
            k,
            y,
            params,
        )?);
    }
    let best_block = (0..blocks.len())
        .max_by(|&a, &b| {
            blocks[a]
                .performance
                .auc
                .total_cmp(&blocks[b].performance.auc)
                .then(b.cmp(&a))
        })
        .expect("at least one block");
    let vs_best_block = if fusion.performance.constant_predictions
        || blocks[best_block].performance.constant_predictions
    {
        None
    } else {
        let rf = Roc::new(&fusion.oof, y)?;
        let rb = Roc::new(&blocks[best_block].oof, y)?;
        Some(rf.delong_paired(&rb)?)
    };
    Ok(FusionCv {
        fold: fold.to_vec(),
        fusion,
        blocks,
        best_block,
        vs_best_block,
        warnings,
        params: *params,
    })
}

impl FusionCv {
    /// One row per model (fusion first, then each block):
    /// `AUC lower upper mean_fold_AUC accuracy sensitivity specificity`.
    pub fn summary(&self) -> Table {
        let k = self.fold.iter().max().map_or(0, |m| m + 1);
        let mut t = Table::new([
            "AUC",
            "lower",
            "upper",
            "mean fold AUC",
            "accuracy",
            "sensitivity",
            "specificity",
        ])
        .with_title(format!(
            "{k}-fold CV (seed {}), pooled out-of-fold AUC with {}% DeLong CI; metrics at p >= {}",
            self.params.seed,
            self.params.conf_level * 100.0,
            self.params.threshold
        ));
        for m in std::iter::once(&self.fusion).chain(&self.blocks) {
            let name = if std::ptr::eq(m, &self.fusion) {
                m.name.clone()
            } else {
                format!("block {}", m.name)
            };
            let p = &m.performance;
            t.push_row(
                name,
                [
                    Cell::Num(p.auc),
                    Cell::Num(p.auc_lower),
                    Cell::Num(p.auc_upper),
                    Cell::Num(m.mean_fold_auc),
                    Cell::Num(p.accuracy),
                    Cell::Num(p.sensitivity),
                    Cell::Num(p.specificity),
                ],
            );
        }
        t
    }
}

impl fmt::Display for FusionCv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())?;
        if let Some(c) = &self.vs_best_block {
            writeln!(
                f,
                "Paired DeLong test, {} vs best single block ({}): z = {:.3}, p = {}",
                self.fusion.name,
                self.blocks[self.best_block].name,
                c.z,
                prognos_core::table::format_p(c.p, 4)
            )?;
        }
        for w in &self.warnings {
            writeln!(f, "warning: {w}")?;
        }
        Ok(())
    }
}
