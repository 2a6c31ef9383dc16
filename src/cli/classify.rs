//! `prognos classify`: cross-validated comparison of binary classifiers on
//! a feature table, with selection, scaling and SMOTE fitted inside the
//! training folds.
//!
//! ```text
//! prognos classify --data F --label L (--features a,b,... | --features-except id,L)
//!     [--models logistic,l1,l2,svm,tree,rf,gbm,adaboost] [--folds 5] [--seed 1]
//!     [--redundancy R] [--select-k K] [--select-test anova|mann-whitney]
//!     [--scale zscore|minmax|none] [--smote] [--trees 200] [--rounds 100]
//!     [--lambda L] [--conf-level 0.95] [--threshold 0.5] [--shap MODEL] [--oof]
//!     [--missing error|drop] [--json]
//! ```
//!
//! Models (`--models`, default all): `logistic` (`glm`), `l1` / `l2`
//! (glmnet-objective penalised logistic; λ by nested CV over
//! 0.003, 0.01, 0.03, 0.1, 0.3 unless `--lambda` fixes it), `svm` (RBF
//! C-SVC, C by nested CV over 0.1, 1, 10), `tree` (CART depth ≤ 5), `rf`
//! (random forest, `--trees`), `gbm` (gradient boosting, `--rounds`, depth
//! 3, rate 0.1), `adaboost` (stumps, `--rounds`). All use the same
//! stratified folds (seeded by `--seed`); fold `f` seeds every random step
//! from `(seed, f)`. In each training fold: constant features dropped, then
//! `--redundancy` (|Pearson r| threshold, ANOVA-F association), then the
//! `--select-k` best by `--select-test`, then `--scale` (fitted on the
//! training fold), then `--smote` (training rows only).
//!
//! The AUC is that of the pooled out-of-fold probabilities with the DeLong
//! interval (`pROC::ci.auc`); accuracy, sensitivity and specificity use
//! probability ≥ `--threshold`.
//!
//! JSON keys: `n`, `n_pos`, `n_neg`, `n_dropped_rows`, `folds`, `seed`,
//! `conf_level`, `threshold`, `features` (names used), `constant_features`
//! (constant over all rows: dropped inside every fold), `pipeline`
//! (`{redundancy, select_k, select_test, scale, smote}`), `models`
//! (`[{model, auc, auc_lower, auc_upper, accuracy, sensitivity,
//! specificity, constant_predictions, delong_vs_best, fold_auc, chosen}]`;
//! `delong_vs_best` = `{z, p}` of the paired DeLong test against the model
//! with the largest AUC (null for that model); `auc_lower`/`auc_upper`
//! are null when every prediction is the same value (AUC 1/2); `chosen` = the hyperparameter picked in
//! each outer fold by nested CV, else null), `best` (model with the largest
//! AUC), `oof` (with `--oof`: `{model: [probability per row]}`, else null),
//! `shap` (with `--shap MODEL`: that model — for nested models the
//! hyperparameter chosen most often — refitted with the pipeline on all
//! rows and explained: `{model, method, scale, expected, rows, features:
//! [{feature, mean_abs}]}`, mean |SHAP| by decreasing importance; TreeSHAP
//! on the margin for tree models, KernelSHAP of the probability for the
//! others on up to 100 rows against 30 background rows; else null).
//!
//! # Fusion mode (`--blocks`)
//!
//! ```text
//! prognos classify --data F --label L --blocks 'image=emb_*;radiomics=rad_*;clinical=age,sex,smoking'
//!     [--categorical sex,smoking] [--model fusion-logistic|fusion-mlp|stacking]
//!     [--lambda 0.01] [--folds 5 --seed 1 | --foldid COLUMN] [--test FILE]
//!     [--hidden 16] [--dropout 0] [--epochs 300] [--oof] [--missing error|drop] [--json]
//! ```
//!
//! Blocks are `name=col1,col2` separated by `;`; `prefix*` takes every
//! column starting with `prefix` (in file order). Text columns, and those
//! named in `--categorical`, are one-hot encoded with treatment contrasts
//! as R's `model.matrix` (`column[level]` for each level but the first,
//! levels sorted as `factor()`, taken from the training data; a level seen
//! only in `--test` is an error). Every design column is z-scored with the
//! training-fold mean and SD. Heads: `fusion-logistic` (ridge logistic on
//! the concatenated blocks, glmnet's objective `-loglik/n + lambda/2 |b|^2`,
//! default `--lambda 0.01`; `--lambda 0` is `glm`), `fusion-mlp` (one
//! hidden layer of `--hidden` ReLU units, `--dropout`, Adam at rate 0.01,
//! weight decay `--lambda` (default 0.001), batches of 32, at most
//! `--epochs`, early stopping after 20 epochs without improvement on a
//! stratified 20% inner validation split), `stacking` (ridge logistic per
//! block, then a logistic with lambda 0.001 over the block log-odds from 5
//! inner folds). Each block alone is cross-validated with the same head
//! on the same folds (`--foldid`: a column of fold numbers 1..k, as
//! glmnet's `foldid`; else stratified `--folds` seeded by `--seed`), and
//! the fusion is compared with the best block by the paired DeLong test.
//! The final model is refitted on all rows and, with `--test`, predicts
//! the test table (AUC with DeLong CI when it has the label with both
//! classes).
//!
//! JSON: the keys above (`models` lists the fusion and `block:<name>`
//! entries; `features` the design columns) plus `fusion`: `{model, lambda,
//! mlp, foldid, fold (1-based per row), blocks: [{block, columns}], cv:
//! {performance, fold_auc, mean_fold_auc}, block_cv: [{block, performance,
//! fold_auc, mean_fold_auc}], best_block, vs_best_block: {block,
//! auc_fusion, auc_block, z, p}, coefficients: [{term, block, estimate}]
//! (final model, standardised scale; null for the MLP), coefficient_scale,
//! test: {n, n_dropped_rows, performance, rows, predictions}, warnings}`;
//! `performance` = `{n, n_pos, auc, auc_lower, auc_upper,
//! constant_predictions, accuracy, sensitivity, specificity}`.

mod fusion;

use super::common::{FitTimer, Output, split_list};
use super::lasso_cox::feature_list;
use super::radiomics_select::read_features;
use crate::data::Cohort;
use anyhow::bail;
use nalgebra::DMatrix;
use prognos_models::classify::{
    AdaBoostModel, Classifier, CvParams, CvResult, DecisionTreeModel, GradientBoostingModel,
    LogisticModel, PenalizedLogisticModel, Pipeline, RandomForestParams, SvmKernel, SvmModel, TopK,
    cross_validate, nested_cv,
};
use prognos_models::selection::{ScaleKind, UnivariateTest};
use prognos_models::shap::{KernelShapParams, ShapScale, kernel_shap, tree_shap};
use prognos_models::smote::SmoteParams;
use serde_json::{Value, json};
use std::path::PathBuf;

/// Arguments of `prognos classify`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Feature table (.csv, .tsv, .parquet).
    #[arg(long)]
    pub data: PathBuf,
    /// Outcome column, 0/1.
    #[arg(long)]
    pub label: String,
    /// Feature columns, comma-separated.
    #[arg(long, conflicts_with = "features_except")]
    pub features: Option<String>,
    /// Use every column except these (and the label).
    #[arg(long)]
    pub features_except: Option<String>,
    /// Classifiers, comma-separated.
    #[arg(long, default_value = "logistic,l1,l2,svm,tree,rf,gbm,adaboost")]
    pub models: String,
    /// Stratified CV folds.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Seed of folds, forests, boosting and SMOTE.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Redundancy threshold on |r| inside each training fold.
    #[arg(long)]
    pub redundancy: Option<f64>,
    /// Keep the K most significant features inside each training fold.
    #[arg(long)]
    pub select_k: Option<usize>,
    /// Test of --select-k: anova or mann-whitney.
    #[arg(long, default_value = "anova")]
    pub select_test: String,
    /// Scaling fitted on each training fold: zscore, minmax or none.
    #[arg(long, default_value = "zscore")]
    pub scale: String,
    /// SMOTE the training folds.
    #[arg(long)]
    pub smote: bool,
    /// Trees of the random forest.
    #[arg(long, default_value_t = 200)]
    pub trees: usize,
    /// Rounds of gradient boosting and AdaBoost.
    #[arg(long, default_value_t = 100)]
    pub rounds: usize,
    /// Fixed λ for l1/l2 (default: nested CV over a grid).
    #[arg(long)]
    pub lambda: Option<f64>,
    /// Confidence level of the DeLong intervals.
    #[arg(long, default_value_t = 0.95)]
    pub conf_level: f64,
    /// Probability cut-off for accuracy, sensitivity, specificity.
    #[arg(long, default_value_t = 0.5)]
    pub threshold: f64,
    /// Explain this model (one of --models) fitted on all rows with SHAP:
    /// TreeSHAP for tree, rf, gbm, adaboost; KernelSHAP otherwise.
    #[arg(long)]
    pub shap: Option<String>,
    /// Include the out-of-fold probabilities in the JSON.
    #[arg(long)]
    pub oof: bool,
    /// Missing feature values: error (default) or drop (rows, reported).
    #[arg(long, default_value = "error")]
    pub missing: String,
    /// Fusion mode: named feature blocks, `name=col1,col2;name2=prefix*`
    /// (blocks separated by ';', `prefix*` = every column starting with prefix).
    #[arg(long, conflicts_with_all = ["features", "features_except"])]
    pub blocks: Option<String>,
    /// Fusion mode: columns to one-hot encode (text columns always are).
    #[arg(long, requires = "blocks")]
    pub categorical: Option<String>,
    /// Fusion mode: fusion-logistic (default), fusion-mlp or stacking.
    #[arg(long, requires = "blocks")]
    pub model: Option<String>,
    /// Fusion mode: column of fold numbers 1..k (instead of seeded folds).
    #[arg(long, requires = "blocks")]
    pub foldid: Option<String>,
    /// Fusion mode: test table; the final model (refitted on all rows) predicts it.
    #[arg(long, requires = "blocks")]
    pub test: Option<PathBuf>,
    /// Fusion mode: hidden units of fusion-mlp.
    #[arg(long, default_value_t = 16)]
    pub hidden: usize,
    /// Fusion mode: dropout probability of fusion-mlp's hidden layer.
    #[arg(long, default_value_t = 0.0)]
    pub dropout: f64,
    /// Fusion mode: most training epochs of fusion-mlp.
    #[arg(long, default_value_t = 300)]
    pub epochs: usize,
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

const LAMBDA_GRID: [f64; 5] = [0.003, 0.01, 0.03, 0.1, 0.3];
const C_GRID: [f64; 3] = [0.1, 1.0, 10.0];

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    if let Some(spec) = &args.blocks {
        return fusion::run(args, spec);
    }
    let drop_missing = match args.missing.as_str() {
        "error" => false,
        "drop" => true,
        m => bail!("--missing must be error or drop (got '{m}')"),
    };
    super::common::check_conf_level(args.conf_level)?;
    let scale = match args.scale.as_str() {
        "zscore" => Some(ScaleKind::ZScore),
        "minmax" => Some(ScaleKind::MinMax),
        "none" => None,
        s => bail!("--scale must be zscore, minmax or none (got '{s}')"),
    };
    let select_test = match args.select_test.as_str() {
        "anova" => UnivariateTest::AnovaF,
        "mann-whitney" | "wilcoxon" => UnivariateTest::MannWhitney,
        t => bail!("--select-test must be anova or mann-whitney (got '{t}')"),
    };
    if let Some(r) = args.redundancy
        && !(r > 0.0 && r <= 1.0)
    {
        bail!("--redundancy must lie in (0, 1] (got {r})");
    }
    let models = split_list(&args.models);
    for m in &models {
        if ![
            "logistic", "l1", "l2", "svm", "tree", "rf", "gbm", "adaboost",
        ]
        .contains(&m.as_str())
        {
            bail!(
                "--models: unknown model '{m}' (use logistic, l1, l2, svm, tree, rf, gbm, adaboost)"
            );
        }
    }
    if models.is_empty() {
        bail!("--models is empty");
    }
    if let Some(m) = &args.shap
        && !models.contains(m)
    {
        bail!(
            "--shap {m}: the model must be one of --models ({})",
            models.join(",")
        );
    }
    let cohort = Cohort::read(&args.data)?;
    let names = feature_list(
        &cohort,
        args.features.as_deref(),
        args.features_except.as_deref(),
        &[args.label.as_str()],
    )?;
    let ft = read_features(&cohort, &names, &args.label, drop_missing)?;
    let n = ft.y.len();
    let n_pos = ft.y.iter().filter(|&&v| v).count();
    let cv = CvParams {
        folds: args.folds,
        seed: args.seed,
        conf_level: args.conf_level,
        threshold: args.threshold,
    };
    prognos_models::classify::check_folds(&ft.y, args.folds)?;
    let pipeline = Pipeline {
        redundancy: args.redundancy,
        select: args.select_k.map(|k| TopK {
            test: select_test,
            k,
        }),
        scale,
        smote: args.smote.then(|| SmoteParams {
            seed: args.seed,
            ..Default::default()
        }),
    };

    let constant: Vec<String> = (0..names.len())
        .filter(|&j| ft.x.column(j).iter().all(|&v| v == ft.x[(0, j)]))
        .map(|j| names[j].clone())
        .collect();
    let timer = FitTimer::start();
    let mut results: Vec<CvResult> = Vec::new();
    let mut shap_json = Value::Null;
    for m in &models {
        let cands = candidates(m, args);
        let r = if cands.len() == 1 {
            cross_validate(cands[0].as_ref(), &pipeline, &ft.x, &ft.y, &cv)?
        } else {
            let name = match m.as_str() {
                "svm" => "svm_rbf (nested CV on C)".to_string(),
                _ => format!("logistic_{m} (nested CV on lambda)"),
            };
            nested_cv(&name, &cands, &pipeline, &ft.x, &ft.y, &cv)?
        };
        if args.shap.as_deref() == Some(m.as_str()) {
            // The hyperparameter chosen most often across the outer folds.
            let pick = cands
                .iter()
                .max_by_key(|c| r.chosen.iter().filter(|n| **n == c.name()).count())
                .expect("at least one candidate");
            shap_json = shap(pick.as_ref(), &pipeline, &ft.x, &ft.y, &names, args.seed)?;
        }
        results.push(r);
    }
    let cmp = prognos_models::classify::Comparison {
        results,
        params: cv,
    };
    let vs_best = cmp.delong_vs_best(&ft.y)?;
    let fit_s = timer.seconds();
    let results = &cmp.results;

    let best = cmp.best().map(|b| results[b].model.clone());
    let models_json: Vec<Value> = results
        .iter()
        .zip(&vs_best)
        .map(|(r, t)| {
            json!({
                "model": r.model, "auc": r.auc, "auc_lower": finite(r.auc_lower), "auc_upper": finite(r.auc_upper),
                "constant_predictions": r.constant_predictions,
                "delong_vs_best": t.map(|t| json!({"z": t.z, "p": t.p})),
                "accuracy": r.accuracy, "sensitivity": r.sensitivity, "specificity": r.specificity,
                "fold_auc": r.fold_auc.iter().map(|&a| if a.is_finite() { json!(a) } else { Value::Null }).collect::<Vec<_>>(),
                "chosen": if r.chosen.is_empty() { Value::Null } else { json!(r.chosen) },
            })
        })
        .collect();
    let oof = args.oof.then(|| {
        results
            .iter()
            .map(|r| (r.model.clone(), json!(r.oof)))
            .collect::<serde_json::Map<_, _>>()
    });
    let json = json!({
        "n": n, "n_pos": n_pos, "n_neg": n - n_pos, "n_dropped_rows": ft.dropped_rows.len(),
        "folds": args.folds, "seed": args.seed, "conf_level": args.conf_level,
        "threshold": args.threshold, "features": names,
        "pipeline": {"redundancy": args.redundancy, "select_k": args.select_k,
                     "select_test": args.select_test, "scale": args.scale, "smote": args.smote},
        "models": models_json, "best": best, "oof": oof, "shap": shap_json,
        "constant_features": constant,
    });
    let mut text = format!(
        "{n} patients ({n_pos} with {} = 1), {} features{}\n",
        args.label,
        names.len(),
        if ft.dropped_rows.is_empty() {
            String::new()
        } else {
            format!(
                ", {} rows dropped for missing values",
                ft.dropped_rows.len()
            )
        }
    );
    text += &cmp.to_string();
    if let Some(b) = &best {
        text += &format!("\nPaired DeLong test against the best model ({b}):\n");
        for (r, t) in results.iter().zip(&vs_best) {
            if let Some(t) = t {
                text += &format!(
                    "  {}: z = {:.3}, p = {}\n",
                    r.model,
                    t.z,
                    prognos_core::table::format_p(t.p, 4)
                );
            }
        }
    }
    if !constant.is_empty() {
        text += &format!("Constant features (never used): {}\n", constant.join(", "));
    }
    Ok(Output { json, text, fit_s })
}

/// A finite number, or null.
fn finite(v: f64) -> Value {
    if v.is_finite() { json!(v) } else { Value::Null }
}

/// The classifier(s) behind a model name: one, or the grid of a nested CV.
fn candidates(m: &str, args: &Args) -> Vec<Box<dyn Classifier>> {
    match m {
        "logistic" => vec![Box::new(LogisticModel)],
        "l1" | "l2" => {
            let alpha = if m == "l1" { 1.0 } else { 0.0 };
            let grid: Vec<f64> = args.lambda.map_or(LAMBDA_GRID.to_vec(), |l| vec![l]);
            grid.into_iter()
                .map(|lambda| {
                    Box::new(PenalizedLogisticModel { alpha, lambda }) as Box<dyn Classifier>
                })
                .collect()
        }
        "svm" => C_GRID
            .iter()
            .map(|&c| {
                Box::new(SvmModel {
                    c,
                    kernel: SvmKernel::Rbf { width: None },
                }) as Box<dyn Classifier>
            })
            .collect(),
        "tree" => vec![Box::new(DecisionTreeModel::default())],
        "rf" => vec![Box::new(RandomForestParams {
            n_trees: args.trees,
            ..Default::default()
        })],
        "gbm" => vec![Box::new(GradientBoostingModel {
            n_rounds: args.rounds,
            ..Default::default()
        })],
        _ => vec![Box::new(AdaBoostModel {
            n_rounds: args.rounds,
            ..Default::default()
        })],
    }
}

/// Rows explained by KernelSHAP and background rows (evenly spaced).
const KERNEL_ROWS: usize = 100;
const KERNEL_BACKGROUND: usize = 30;

/// Fits the pipeline and `model` on all rows and returns the mean |SHAP|
/// per feature used: `{model, method, scale, expected, rows, features:
/// [{feature, mean_abs}]}` sorted by decreasing importance.
fn shap(
    model: &dyn Classifier,
    pipeline: &Pipeline,
    x: &DMatrix<f64>,
    y: &[bool],
    names: &[String],
    seed: u64,
) -> anyhow::Result<Value> {
    let (fp, xt, yt) = pipeline.fit(x, y, seed)?;
    let fitted = model.fit(&xt, &yt, seed)?;
    let xall = fp.transform(x);
    let spaced = |k: usize| -> Vec<usize> {
        let n = xall.nrows();
        if n <= k {
            (0..n).collect()
        } else {
            (0..k).map(|i| i * n / k).collect()
        }
    };
    let (values, method) = match fitted.tree_ensemble() {
        Some(ens) => (tree_shap(&ens, &xall), "TreeSHAP (exact, path-dependent)"),
        None => {
            let rows = xall.select_rows(&spaced(KERNEL_ROWS));
            let bg = xall.select_rows(&spaced(KERNEL_BACKGROUND));
            let params = KernelShapParams {
                n_coalitions: 2048,
                seed,
            };
            (
                kernel_shap(fitted.as_ref(), &rows, &bg, &params),
                "KernelSHAP (interventional, background of training rows)",
            )
        }
    };
    let m = values.mean_abs();
    let mut order: Vec<usize> = (0..m.len()).collect();
    order.sort_by(|&a, &b| m[b].total_cmp(&m[a]).then(a.cmp(&b)));
    Ok(json!({
        "model": model.name(), "method": method,
        "scale": match values.scale { ShapScale::Margin => "margin", ShapScale::Probability => "probability" },
        "expected": values.expected, "rows": values.values.nrows(),
        "features": order.iter().map(|&k| json!({"feature": names[fp.columns[k]], "mean_abs": m[k]}))
            .collect::<Vec<_>>(),
    }))
}
