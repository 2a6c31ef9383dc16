//! The fusion design, the heads, and fitting one model on training rows.

use super::mlp::{FittedMlp, MlpParams, fit_mlp};
use super::ridge::{RidgeLogistic, fit_ridge_logistic};
use super::scale::BlockScaler;
use super::{FusionError, FusionWarning};
use crate::classify::{ClassifyError, derive_seed, stratified_folds};
use nalgebra::DMatrix;
use std::ops::Range;

/// Penalty of the stacking meta-learner over the block log-odds: a light
/// ridge that keeps the meta fit finite when one block separates the
/// inner out-of-fold scores.
pub const META_LAMBDA: f64 = 1e-3;
/// Inner folds of the stacking head (reduced to the smaller class count).
pub const STACKING_FOLDS: usize = 5;

/// A named block of design columns (image embedding, radiomics, encoded
/// clinical variables, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Block name.
    pub name: String,
    /// Its columns in the design.
    pub columns: Range<usize>,
}

/// A validated design: numeric columns (categorical variables already
/// one-hot encoded with treatment contrasts) grouped into blocks that
/// tile the columns in order.
#[derive(Debug, Clone, PartialEq)]
pub struct FusionDesign {
    /// Rows = patients.
    pub x: DMatrix<f64>,
    /// Column names.
    pub names: Vec<String>,
    /// Blocks, tiling `0..ncols` in order.
    pub blocks: Vec<Block>,
}

impl FusionDesign {
    /// Checks the layout, finiteness, and that no column is constant over
    /// all rows.
    ///
    /// # Errors
    /// [`FusionError::NoBlocks`], [`FusionError::EmptyBlock`],
    /// [`FusionError::BadBlockLayout`], [`FusionError::LengthMismatch`],
    /// [`FusionError::NonFinite`], [`FusionError::ConstantColumn`].
    pub fn new(
        x: DMatrix<f64>,
        names: Vec<String>,
        blocks: Vec<Block>,
    ) -> Result<FusionDesign, FusionError> {
        if blocks.is_empty() {
            return Err(FusionError::NoBlocks);
        }
        if names.len() != x.ncols() {
            return Err(FusionError::LengthMismatch {
                what: "column names",
                found: names.len(),
                expected: x.ncols(),
            });
        }
        let mut next = 0;
        for b in &blocks {
            if b.columns.is_empty() {
                return Err(FusionError::EmptyBlock {
                    block: b.name.clone(),
                });
            }
            if b.columns.start != next || b.columns.end > x.ncols() {
                let j = next.min(x.ncols().saturating_sub(1));
                return Err(FusionError::BadBlockLayout {
                    column: names.get(j).cloned().unwrap_or_default(),
                });
            }
            next = b.columns.end;
        }
        if next != x.ncols() {
            return Err(FusionError::BadBlockLayout {
                column: names[next].clone(),
            });
        }
        for j in 0..x.ncols() {
            for i in 0..x.nrows() {
                if !x[(i, j)].is_finite() {
                    return Err(FusionError::NonFinite {
                        column: names[j].clone(),
                        row: i,
                        value: x[(i, j)],
                    });
                }
            }
            let first = x[(0, j)];
            if x.column(j).iter().all(|&v| v == first) {
                return Err(FusionError::ConstantColumn {
                    column: names[j].clone(),
                    value: first,
                });
            }
        }
        Ok(FusionDesign { x, names, blocks })
    }

    /// The design of block `b` alone.
    pub fn block(&self, b: usize) -> FusionDesign {
        let r = self.blocks[b].columns.clone();
        FusionDesign {
            x: self.x.columns(r.start, r.len()).into_owned(),
            names: self.names[r.clone()].to_vec(),
            blocks: vec![Block {
                name: self.blocks[b].name.clone(),
                columns: 0..r.len(),
            }],
        }
    }

    /// The same design restricted to `rows`.
    pub fn rows(&self, rows: &[usize]) -> FusionDesign {
        FusionDesign {
            x: self.x.select_rows(rows),
            names: self.names.clone(),
            blocks: self.blocks.clone(),
        }
    }
}

/// The model on top of the standardised blocks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FusionHead {
    /// Early fusion: one ridge logistic regression on the concatenated
    /// standardised blocks (λ = 0: `glm(family = binomial)`).
    Logistic {
        /// Ridge penalty λ (glmnet scaling).
        lambda: f64,
    },
    /// Early fusion: a one-hidden-layer MLP on the concatenated blocks.
    Mlp(MlpParams),
    /// Late fusion: a ridge logistic per block, then a logistic regression
    /// (λ = [`META_LAMBDA`]) over the block log-odds, trained on inner
    /// out-of-fold block scores.
    Stacking {
        /// Ridge penalty λ of the block models.
        lambda: f64,
    },
}

impl FusionHead {
    /// Name used in tables and JSON.
    pub fn name(&self) -> &'static str {
        match self {
            FusionHead::Logistic { .. } => "fusion-logistic",
            FusionHead::Mlp(_) => "fusion-mlp",
            FusionHead::Stacking { .. } => "stacking",
        }
    }

    /// The head used for a single block: the same head, except that
    /// stacking over one block is its ridge logistic.
    pub fn single_block(&self) -> FusionHead {
        match *self {
            FusionHead::Stacking { lambda } => FusionHead::Logistic { lambda },
            h => h,
        }
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// [`FusionError::BadParameter`].
    pub fn check(&self) -> Result<(), FusionError> {
        let bad = |name, requirement, value| {
            Err(FusionError::BadParameter {
                name,
                requirement,
                value,
            })
        };
        match *self {
            FusionHead::Logistic { lambda } | FusionHead::Stacking { lambda } => {
                if !(lambda >= 0.0 && lambda.is_finite()) {
                    return bad("lambda", "finite and >= 0", lambda);
                }
            }
            FusionHead::Mlp(p) => {
                if p.hidden == 0 {
                    return bad("hidden", "at least 1", 0.0);
                }
                if !(0.0..1.0).contains(&p.dropout) {
                    return bad("dropout", "in [0, 1)", p.dropout);
                }
                if !(p.learning_rate > 0.0 && p.learning_rate.is_finite()) {
                    return bad("learning rate", "positive", p.learning_rate);
                }
                if !(p.weight_decay >= 0.0 && p.weight_decay.is_finite()) {
                    return bad("weight decay", "finite and >= 0", p.weight_decay);
                }
                if p.max_epochs == 0 {
                    return bad("epochs", "at least 1", 0.0);
                }
                if !(p.validation_fraction > 0.0 && p.validation_fraction < 1.0) {
                    return bad("validation fraction", "in (0, 1)", p.validation_fraction);
                }
            }
        }
        Ok(())
    }
}

/// The fitted head.
#[derive(Debug, Clone, PartialEq)]
pub enum FittedHead {
    /// Ridge logistic on the concatenated standardised columns.
    Logistic(RidgeLogistic),
    /// MLP on the concatenated standardised columns.
    Mlp(FittedMlp),
    /// One ridge logistic per block and the meta logistic over their log-odds.
    Stacking {
        /// Block models, in block order.
        blocks: Vec<RidgeLogistic>,
        /// Meta model (one coefficient per block).
        meta: RidgeLogistic,
    },
}

/// A fusion model fitted on training rows: the per-block scaler and the head.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedFusion {
    /// Standardisation fitted on the training rows.
    pub scaler: BlockScaler,
    /// The head.
    pub head: FittedHead,
}

fn block_cols(xs: &DMatrix<f64>, r: &Range<usize>) -> DMatrix<f64> {
    xs.columns(r.start, r.len()).into_owned()
}

fn ridge(
    x: &DMatrix<f64>,
    y: &[bool],
    lambda: f64,
    context: &str,
    model: &str,
    warnings: &mut Vec<FusionWarning>,
) -> Result<RidgeLogistic, FusionError> {
    let m = fit_ridge_logistic(x, y, lambda).ok_or_else(|| FusionError::Singular {
        context: context.to_string(),
    })?;
    if !m.converged {
        warnings.push(FusionWarning::NotConverged {
            context: context.to_string(),
            model: model.to_string(),
        });
    }
    Ok(m)
}

impl FittedFusion {
    /// Probability of class 1 for rows of the original (unstandardised) design.
    pub fn predict_proba(&self, x: &DMatrix<f64>) -> Vec<f64> {
        let xs = self.scaler.transform(x);
        match &self.head {
            FittedHead::Logistic(m) => m.predict_proba(&xs),
            FittedHead::Mlp(m) => m.predict_proba(&xs),
            FittedHead::Stacking { blocks, meta } => {
                let z = DMatrix::from_fn(xs.nrows(), blocks.len(), |_, _| 0.0);
                let mut z = z;
                for (b, m) in blocks.iter().enumerate() {
                    let lp = m.predict_link(&block_cols(&xs, &self.scaler.blocks[b]));
                    for (i, v) in lp.into_iter().enumerate() {
                        z[(i, b)] = v;
                    }
                }
                meta.predict_proba(&z)
            }
        }
    }
}

/// Fits the per-block scaler on the rows of `design` and the head on the
/// standardised columns. `context` names the fit in warnings and errors
/// (e.g. "fold 2"); `model` names the model.
///
/// # Errors
/// [`FusionError::Singular`]; a class missing from the rows; too few rows
/// of a class for the inner folds of stacking.
pub fn fit_fusion(
    design: &FusionDesign,
    y: &[bool],
    head: &FusionHead,
    seed: u64,
    context: &str,
    warnings: &mut Vec<FusionWarning>,
) -> Result<FittedFusion, FusionError> {
    head.check()?;
    let n1 = y.iter().filter(|&&v| v).count();
    if n1 == 0 || n1 == y.len() {
        return Err(ClassifyError::SingleClass {
            context: Some("a training fold"),
        }
        .into());
    }
    let scaler = BlockScaler::fit(&design.x, &design.blocks);
    for &j in &scaler.dropped {
        warnings.push(FusionWarning::DroppedConstant {
            context: context.to_string(),
            column: design.names[j].clone(),
        });
    }
    let xs = scaler.transform(&design.x);
    let name = head.name();
    let fitted = match *head {
        FusionHead::Logistic { lambda } => {
            FittedHead::Logistic(ridge(&xs, y, lambda, context, name, warnings)?)
        }
        FusionHead::Mlp(p) => FittedHead::Mlp(fit_mlp(&xs, y, &p, seed)),
        FusionHead::Stacking { lambda } => {
            let k = STACKING_FOLDS.min(n1).min(y.len() - n1);
            if k < 2 {
                return Err(ClassifyError::TooFewForFolds {
                    folds: STACKING_FOLDS,
                    class: u8::from(n1 < y.len() - n1),
                    count: n1.min(y.len() - n1),
                }
                .into());
            }
            let inner = stratified_folds(y, k, derive_seed(seed, 7));
            let nb = scaler.blocks.len();
            let mut z = DMatrix::zeros(y.len(), nb);
            for g in 0..k {
                let (tr, te): (Vec<usize>, Vec<usize>) = (0..y.len()).partition(|&i| inner[i] != g);
                let ytr: Vec<bool> = tr.iter().map(|&i| y[i]).collect();
                for (b, r) in scaler.blocks.iter().enumerate() {
                    let xb = block_cols(&xs, r);
                    let ctx = format!("{context}, inner fold {}", g + 1);
                    let bname = format!("stacking block '{}'", design.blocks[b].name);
                    let m = ridge(&xb.select_rows(&tr), &ytr, lambda, &ctx, &bname, warnings)?;
                    let lp = m.predict_link(&xb.select_rows(&te));
                    for (k2, &i) in te.iter().enumerate() {
                        z[(i, b)] = lp[k2];
                    }
                }
            }
            let meta = ridge(
                &z,
                y,
                META_LAMBDA,
                context,
                "stacking meta-learner",
                warnings,
            )?;
            let blocks = scaler
                .blocks
                .iter()
                .enumerate()
                .map(|(b, r)| {
                    let bname = format!("stacking block '{}'", design.blocks[b].name);
                    ridge(&block_cols(&xs, r), y, lambda, context, &bname, warnings)
                })
                .collect::<Result<Vec<_>, _>>()?;
            FittedHead::Stacking { blocks, meta }
        }
    };
    Ok(FittedFusion {
        scaler,
        head: fitted,
    })
}
