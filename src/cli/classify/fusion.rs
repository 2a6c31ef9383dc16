//! `prognos classify --blocks ...`: multimodal fusion heads over named
//! feature blocks (image embedding, radiomics, clinical variables with
//! categorical ones one-hot encoded), compared with each block alone.

use super::super::common::{FitTimer, Output, split_list};
use super::Args;
use crate::data::{Cohort, sorted_levels};
use anyhow::{Context, bail};
use nalgebra::DMatrix;
use prognos_models::classify::{check_folds, stratified_folds};
use prognos_models::fusion::{
    Block, FittedHead, FusionDesign, FusionHead, FusionParams, MlpParams, ModelCv, Performance,
    fit_fusion, fusion_cv, performance,
};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Default ridge λ of the fusion heads when `--lambda` is not given.
const DEFAULT_LAMBDA: f64 = 0.01;
/// Default MLP weight decay when `--lambda` is not given.
const DEFAULT_DECAY: f64 = 1e-3;

/// One source column of the design: numeric, or categorical with the
/// training levels (the first is the reference).
struct Source {
    column: String,
    block: usize,
    levels: Option<Vec<String>>,
}

/// Parses `name=col1,col2;name2=prefix*` into (block, patterns).
fn parse_blocks(spec: &str) -> anyhow::Result<Vec<(String, Vec<String>)>> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for part in spec.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((name, cols)) = part.split_once('=') else {
            bail!("--blocks: '{part}' is not name=col1,col2 (blocks are separated by ';')");
        };
        let name = name.trim().to_string();
        if name.is_empty() {
            bail!("--blocks: '{part}' has an empty block name");
        }
        if out.iter().any(|(n, _)| *n == name) {
            bail!("--blocks: block '{name}' is given twice");
        }
        let cols = split_list(cols);
        if cols.is_empty() {
            bail!("--blocks: block '{name}' names no columns");
        }
        out.push((name, cols));
    }
    if out.is_empty() {
        bail!("--blocks is empty (use name=col1,col2;name2=prefix*)");
    }
    Ok(out)
}

/// Resolves the block patterns against the table's columns.
fn resolve(
    cohort: &Cohort,
    blocks: &[(String, Vec<String>)],
    reserved: &[&str],
) -> anyhow::Result<Vec<(String, usize)>> {
    let all = cohort.column_names();
    let mut out: Vec<(String, usize)> = Vec::new();
    for (b, (name, pats)) in blocks.iter().enumerate() {
        for pat in pats {
            let hits: Vec<String> = match pat.strip_suffix('*') {
                Some(prefix) => all
                    .iter()
                    .filter(|c| c.starts_with(prefix) && !reserved.contains(&c.as_str()))
                    .cloned()
                    .collect(),
                None => {
                    if !cohort.has_column(pat) {
                        bail!(
                            "--blocks: block '{name}' names column '{pat}', which is not in {}",
                            cohort.source()
                        );
                    }
                    vec![pat.clone()]
                }
            };
            if hits.is_empty() {
                bail!(
                    "--blocks: block '{name}': no column of {} starts with '{}'",
                    cohort.source(),
                    pat.trim_end_matches('*')
                );
            }
            for c in hits {
                if reserved.contains(&c.as_str()) {
                    bail!(
                        "--blocks: block '{name}' names column '{c}', which is the label or fold column"
                    );
                }
                if let Some((_, other)) = out.iter().find(|(o, _)| *o == c) {
                    bail!(
                        "--blocks: column '{c}' is in block '{}' and in block '{name}'",
                        blocks[*other].0
                    );
                }
                out.push((c, b));
            }
        }
    }
    Ok(out)
}

/// The rows of a table kept for the model, with raw values per column.
struct Raw {
    rows: Vec<usize>,
    dropped: Vec<usize>,
    /// Per source column: numeric values, or labels (categorical).
    values: Vec<Result<Vec<f64>, Vec<String>>>,
    label: Option<Vec<bool>>,
    fold: Option<Vec<usize>>,
}

fn read_raw(
    cohort: &Cohort,
    cols: &[(String, usize)],
    categorical: &BTreeSet<String>,
    label: &str,
    label_required: bool,
    foldid: Option<&str>,
    drop_missing: bool,
) -> anyhow::Result<Raw> {
    let what = if label_required { "" } else { "--test: " };
    let n = cohort.n_rows();
    let mut bad = vec![false; n];
    let has_label = cohort.has_column(label);
    if label_required && !has_label {
        bail!("--label: column '{label}' is not in {}", cohort.source());
    }
    let mut names: Vec<&str> = cols.iter().map(|(c, _)| c.as_str()).collect();
    if has_label {
        names.push(label);
    }
    if let Some(f) = foldid {
        names.push(f);
    }
    for name in &names {
        let raw = cohort.raw_column(name)?;
        for (i, b) in bad.iter_mut().enumerate() {
            if raw.is_missing(i) {
                if !drop_missing {
                    bail!(
                        "{what}column '{name}' is missing at row {i} (0-based data row); \
                         impute it or rerun with --missing drop"
                    );
                }
                *b = true;
            }
        }
    }
    let rows: Vec<usize> = (0..n).filter(|&i| !bad[i]).collect();
    let dropped: Vec<usize> = (0..n).filter(|&i| bad[i]).collect();
    let mut values = Vec::with_capacity(cols.len());
    for (name, _) in cols {
        let raw = cohort.raw_column(name)?;
        let nums: Option<Vec<f64>> = if categorical.contains(name) {
            None
        } else {
            rows.iter().map(|&i| raw.number(name, i).ok()).collect()
        };
        match nums {
            Some(v) => {
                if let Some(k) = v.iter().position(|x| !x.is_finite()) {
                    bail!(
                        "{what}column '{name}' row {}: '{}' is not a finite number",
                        rows[k],
                        v[k]
                    );
                }
                values.push(Ok(v));
            }
            None => values.push(Err(rows.iter().map(|&i| raw.label(i)).collect())),
        }
    }
    let label_v = if has_label {
        let raw = cohort.raw_column(label)?;
        Some(
            rows.iter()
                .map(|&i| raw.event(label, i))
                .collect::<Result<Vec<bool>, _>>()
                .with_context(|| format!("{what}label '{label}' must be 0/1"))?,
        )
    } else {
        None
    };
    let fold = match foldid {
        Some(f) => {
            let raw = cohort.raw_column(f)?;
            let mut v = Vec::with_capacity(rows.len());
            for &i in &rows {
                let x = raw.number(f, i)?;
                if !(x >= 1.0 && x.fract() == 0.0 && x < 1e6) {
                    bail!("--foldid: column '{f}' row {i}: '{x}' is not a fold number 1, 2, ...");
                }
                v.push(x as usize - 1);
            }
            Some(v)
        }
        None => None,
    };
    Ok(Raw {
        rows,
        dropped,
        values,
        label: label_v,
        fold,
    })
}

/// Builds the numeric design: numeric columns as they are, categorical
/// ones as treatment-contrast dummies `column[level]` for every training
/// level but the first (R's `model.matrix`).
fn design(
    sources: &[Source],
    raw: &Raw,
    what: &str,
) -> anyhow::Result<(DMatrix<f64>, Vec<String>)> {
    let n = raw.rows.len();
    let mut cols: Vec<Vec<f64>> = Vec::new();
    let mut names = Vec::new();
    for (s, v) in sources.iter().zip(&raw.values) {
        match (&s.levels, v) {
            (None, Ok(v)) => {
                cols.push(v.clone());
                names.push(s.column.clone());
            }
            (Some(levels), Err(labels)) => {
                for (k, l) in labels.iter().enumerate() {
                    if !levels.contains(l) {
                        bail!(
                            "{what}column '{}' row {} has level '{l}', which does not occur in the training data (levels: {})",
                            s.column,
                            raw.rows[k],
                            levels.join(", ")
                        );
                    }
                }
                for lev in &levels[1..] {
                    cols.push(
                        labels
                            .iter()
                            .map(|l| f64::from(u8::from(l == lev)))
                            .collect(),
                    );
                    names.push(format!("{}[{lev}]", s.column));
                }
            }
            (None, Err(labels)) => bail!(
                "{what}column '{}' is not numeric (value '{}'); list it in --categorical in the training data too",
                s.column,
                labels
                    .iter()
                    .find(|l| l.parse::<f64>().is_err())
                    .cloned()
                    .unwrap_or_default()
            ),
            (Some(_), Ok(_)) => unreachable!("categorical columns are read as labels"),
        }
    }
    let x = DMatrix::from_fn(n, cols.len(), |i, j| cols[j][i]);
    Ok((x, names))
}

fn finite(v: f64) -> Value {
    if v.is_finite() { json!(v) } else { Value::Null }
}

fn perf_json(p: &Performance) -> Value {
    json!({
        "n": p.n, "n_pos": p.n_pos, "auc": p.auc, "auc_lower": finite(p.auc_lower),
        "auc_upper": finite(p.auc_upper), "constant_predictions": p.constant_predictions,
        "accuracy": p.accuracy, "sensitivity": p.sensitivity, "specificity": p.specificity,
    })
}

fn fold_auc_json(m: &ModelCv) -> Vec<Value> {
    m.fold_auc.iter().map(|&a| finite(a)).collect()
}

/// Runs the fusion mode of `prognos classify`.
pub(super) fn run(args: &Args, spec: &str) -> anyhow::Result<Output> {
    if args.features.is_some() || args.features_except.is_some() {
        bail!("--blocks replaces --features/--features-except; give one or the other");
    }
    if args.redundancy.is_some() || args.select_k.is_some() || args.smote || args.shap.is_some() {
        bail!("--redundancy, --select-k, --smote and --shap do not apply with --blocks");
    }
    if args.scale != "zscore" {
        bail!(
            "--blocks standardises every block (z-score on the training rows); drop --scale {}",
            args.scale
        );
    }
    let drop_missing = match args.missing.as_str() {
        "error" => false,
        "drop" => true,
        m => bail!("--missing must be error or drop (got '{m}')"),
    };
    super::super::common::check_conf_level(args.conf_level)?;
    let model = args.model.as_deref().unwrap_or("fusion-logistic");
    let lambda = args.lambda.unwrap_or(match model {
        "fusion-mlp" => DEFAULT_DECAY,
        _ => DEFAULT_LAMBDA,
    });
    if !(lambda >= 0.0 && lambda.is_finite()) {
        bail!("--lambda must be finite and >= 0 (got {lambda})");
    }
    let head = match model {
        "fusion-logistic" => FusionHead::Logistic { lambda },
        "stacking" => FusionHead::Stacking { lambda },
        "fusion-mlp" => FusionHead::Mlp(MlpParams {
            hidden: args.hidden,
            dropout: args.dropout,
            weight_decay: lambda,
            max_epochs: args.epochs,
            ..Default::default()
        }),
        m => bail!("--model must be fusion-logistic, fusion-mlp or stacking (got '{m}')"),
    };
    head.check()?;
    let blocks = parse_blocks(spec)?;
    let cohort = Cohort::read(&args.data)?;
    let mut reserved = vec![args.label.as_str()];
    if let Some(f) = &args.foldid {
        reserved.push(f.as_str());
    }
    let cols = resolve(&cohort, &blocks, &reserved)?;
    let categorical: BTreeSet<String> = args
        .categorical
        .as_deref()
        .map(split_list)
        .unwrap_or_default()
        .into_iter()
        .collect();
    for c in &categorical {
        if !cols.iter().any(|(n, _)| n == c) {
            bail!("--categorical: column '{c}' is in no block of --blocks");
        }
    }
    let raw = read_raw(
        &cohort,
        &cols,
        &categorical,
        &args.label,
        true,
        args.foldid.as_deref(),
        drop_missing,
    )?;
    let y = raw.label.clone().expect("label required");
    let mut sources = Vec::with_capacity(cols.len());
    for ((c, b), v) in cols.iter().zip(&raw.values) {
        let levels = match v {
            Ok(_) => None,
            Err(labels) => {
                let lv = sorted_levels(labels);
                if lv.len() < 2 {
                    bail!(
                        "column '{c}' has a single level '{}' in the training data; remove it",
                        lv.first().cloned().unwrap_or_default()
                    );
                }
                Some(lv)
            }
        };
        sources.push(Source {
            column: c.clone(),
            block: *b,
            levels,
        });
    }
    let (x, names) = design(&sources, &raw, "")?;
    // Blocks in the order given; columns of a block are contiguous because
    // `resolve` lists them block by block.
    let mut layout: Vec<Block> = Vec::new();
    let mut j = 0;
    for (b, (name, _)) in blocks.iter().enumerate() {
        let start = j;
        for (s, _) in sources
            .iter()
            .zip(&raw.values)
            .filter(|(s, _)| s.block == b)
        {
            j += s.levels.as_ref().map_or(1, |l| l.len() - 1);
        }
        layout.push(Block {
            name: name.clone(),
            columns: start..j,
        });
    }
    let d = FusionDesign::new(x, names.clone(), layout)?;
    let fold = match &raw.fold {
        Some(f) => f.clone(),
        None => {
            check_folds(&y, args.folds)?;
            stratified_folds(&y, args.folds, args.seed)
        }
    };
    let params = FusionParams {
        seed: args.seed,
        conf_level: args.conf_level,
        threshold: args.threshold,
    };
    let timer = FitTimer::start();
    let cv = fusion_cv(&d, &y, &head, &fold, &params)?;
    let mut final_warnings = Vec::new();
    let fitted = fit_fusion(
        &d,
        &y,
        &head,
        prognos_models::classify::derive_seed(args.seed, 0),
        "final model",
        &mut final_warnings,
    )?;
    let mut fit_s = timer.seconds();

    // Test set.
    let mut test_json = Value::Null;
    let mut test_text = String::new();
    if let Some(path) = &args.test {
        let tc = Cohort::read(path)?;
        for (c, _) in &cols {
            if !tc.has_column(c) {
                bail!(
                    "--test: column '{c}' (block '{}') is not in {}",
                    blocks[cols.iter().find(|(n, _)| n == c).expect("listed").1].0,
                    tc.source()
                );
            }
        }
        // Columns categorical in training (listed or text) are read as labels.
        let cat_train: BTreeSet<String> = sources
            .iter()
            .filter(|s| s.levels.is_some())
            .map(|s| s.column.clone())
            .collect();
        let traw = read_raw(
            &tc,
            &cols,
            &cat_train,
            &args.label,
            false,
            None,
            drop_missing,
        )?;
        let (xt, _) = design(&sources, &traw, "--test: ")?;
        let t1 = FitTimer::start();
        let pred = fitted.predict_proba(&xt);
        fit_s += t1.seconds();
        let perf = match &traw.label {
            Some(yt) if yt.iter().any(|&v| v) && yt.iter().any(|&v| !v) => {
                Some(performance(&pred, yt, args.conf_level, args.threshold)?)
            }
            _ => None,
        };
        if let Some(p) = &perf {
            test_text = format!(
                "Test set ({} patients, {} with {} = 1): AUC {:.4} ({:.4}-{:.4}), accuracy {:.4}, sensitivity {:.4}, specificity {:.4}\n",
                p.n,
                p.n_pos,
                args.label,
                p.auc,
                p.auc_lower,
                p.auc_upper,
                p.accuracy,
                p.sensitivity,
                p.specificity
            );
        } else {
            test_text = format!(
                "Test set ({} patients): predictions only ({} absent or one class)\n",
                pred.len(),
                args.label
            );
        }
        test_json = json!({
            "n": pred.len(), "n_dropped_rows": traw.dropped.len(),
            "performance": perf.as_ref().map(perf_json),
            "rows": traw.rows, "predictions": pred,
        });
    }

    let coefficients = match &fitted.head {
        FittedHead::Logistic(m) => {
            let mut v =
                vec![json!({"term": "(Intercept)", "block": Value::Null, "estimate": m.intercept})];
            for (k, &j) in fitted.scaler.kept.iter().enumerate() {
                let b = d
                    .blocks
                    .iter()
                    .find(|b| b.columns.contains(&j))
                    .expect("tiled");
                v.push(json!({"term": names[j], "block": b.name, "estimate": m.coef[k]}));
            }
            json!(v)
        }
        FittedHead::Stacking { meta, .. } => {
            let mut v = vec![
                json!({"term": "(Intercept)", "block": Value::Null, "estimate": meta.intercept}),
            ];
            for (b, c) in d.blocks.iter().zip(&meta.coef) {
                v.push(
                    json!({"term": format!("{} log-odds", b.name), "block": b.name, "estimate": c}),
                );
            }
            json!(v)
        }
        FittedHead::Mlp(_) => Value::Null,
    };
    let mlp_json = match &fitted.head {
        FittedHead::Mlp(m) => json!({"epochs": m.epochs, "best_epoch": m.best_epoch,
            "best_validation_loss": m.best_validation_loss}),
        _ => Value::Null,
    };
    let all_models: Vec<&ModelCv> = std::iter::once(&cv.fusion).chain(&cv.blocks).collect();
    let best = all_models
        .iter()
        .enumerate()
        .max_by(|a, b| {
            a.1.performance
                .auc
                .total_cmp(&b.1.performance.auc)
                .then(b.0.cmp(&a.0))
        })
        .map(|(k, _)| k)
        .expect("models");
    let model_name = |k: usize| {
        if k == 0 {
            cv.fusion.name.clone()
        } else {
            format!("block:{}", cv.blocks[k - 1].name)
        }
    };
    let best_roc = prognos_core::diagnostic::Roc::new(&all_models[best].oof, &y).ok();
    let models_json: Vec<Value> = all_models
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let p = &m.performance;
            let t = if k == best || p.constant_predictions {
                None
            } else {
                best_roc.as_ref().and_then(|b| {
                    prognos_core::diagnostic::Roc::new(&m.oof, &y)
                        .ok()
                        .and_then(|r| r.delong_paired(b).ok())
                })
            };
            json!({
                "model": model_name(k), "auc": p.auc, "auc_lower": finite(p.auc_lower),
                "auc_upper": finite(p.auc_upper), "constant_predictions": p.constant_predictions,
                "delong_vs_best": t.map(|t| json!({"z": t.z, "p": t.p})),
                "accuracy": p.accuracy, "sensitivity": p.sensitivity, "specificity": p.specificity,
                "fold_auc": fold_auc_json(m), "chosen": Value::Null,
            })
        })
        .collect();
    let oof = args.oof.then(|| {
        (0..all_models.len())
            .map(|k| (model_name(k), json!(all_models[k].oof)))
            .collect::<serde_json::Map<_, _>>()
    });
    let k = fold.iter().max().map_or(0, |m| m + 1);
    let warnings: Vec<String> = cv
        .warnings
        .iter()
        .chain(&final_warnings)
        .map(ToString::to_string)
        .collect();
    let n = y.len();
    let n_pos = y.iter().filter(|&&v| v).count();
    let json = json!({
        "n": n, "n_pos": n_pos, "n_neg": n - n_pos, "n_dropped_rows": raw.dropped.len(),
        "folds": k, "seed": args.seed, "conf_level": args.conf_level, "threshold": args.threshold,
        "features": names, "constant_features": Vec::<String>::new(),
        "pipeline": {"redundancy": Value::Null, "select_k": Value::Null, "select_test": args.select_test,
                     "scale": "zscore (per block, training rows)", "smote": false},
        "models": models_json, "best": model_name(best), "oof": oof, "shap": Value::Null,
        "fusion": {
            "model": model, "lambda": lambda,
            "mlp": match head { FusionHead::Mlp(p) => json!({"hidden": p.hidden, "dropout": p.dropout,
                "learning_rate": p.learning_rate, "weight_decay": p.weight_decay, "max_epochs": p.max_epochs,
                "batch_size": p.batch_size, "patience": p.patience, "validation_fraction": p.validation_fraction,
                "final": mlp_json}), _ => Value::Null },
            "foldid": args.foldid, "fold": fold.iter().map(|f| f + 1).collect::<Vec<_>>(),
            "blocks": d.blocks.iter().map(|b| json!({"block": b.name, "columns": names[b.columns.clone()]})).collect::<Vec<_>>(),
            "cv": {"performance": perf_json(&cv.fusion.performance), "fold_auc": fold_auc_json(&cv.fusion),
                   "mean_fold_auc": finite(cv.fusion.mean_fold_auc)},
            "block_cv": cv.blocks.iter().map(|m| json!({"block": m.name, "performance": perf_json(&m.performance),
                "fold_auc": fold_auc_json(m), "mean_fold_auc": finite(m.mean_fold_auc)})).collect::<Vec<_>>(),
            "best_block": cv.blocks[cv.best_block].name,
            "vs_best_block": cv.vs_best_block.map(|c| json!({"block": cv.blocks[cv.best_block].name,
                "auc_fusion": c.auc1, "auc_block": c.auc2, "z": c.z, "p": c.p})),
            "coefficients": coefficients, "coefficient_scale": "standardised (training mean and SD)",
            "test": test_json, "warnings": warnings,
        },
    });
    let mut text = format!(
        "{n} patients ({n_pos} with {} = 1), {} blocks ({}), {} design columns{}\n",
        args.label,
        d.blocks.len(),
        d.blocks
            .iter()
            .map(|b| format!("{} {}", b.name, b.columns.len()))
            .collect::<Vec<_>>()
            .join(", "),
        names.len(),
        if raw.dropped.is_empty() {
            String::new()
        } else {
            format!(", {} rows dropped for missing values", raw.dropped.len())
        }
    );
    text += &format!("Head: {model} (lambda {lambda})\n");
    text += &cv.to_string();
    for w in &final_warnings {
        text += &format!("warning: {w}\n");
    }
    text += &test_text;
    Ok(Output { json, text, fit_s })
}
