//! The limma kernels against the shared R reference cases (limma 3.54.1),
//! read directly from `/work/shared/reference` when present (skipped
//! otherwise; the CLI golden tests cover the same cases in CI).

use nalgebra::DMatrix;
use prognos_omics::limma::*;
use std::path::Path;

fn read_case(dir: &Path) -> (ExprMatrix, Vec<String>) {
    let (y, cols) = read_case_cols(dir, &["group"]);
    (y, cols[0].clone())
}

/// Reads expr.csv and the requested sample-sheet columns in expression order.
fn read_case_cols(dir: &Path, want: &[&str]) -> (ExprMatrix, Vec<Vec<String>>) {
    let expr = std::fs::read_to_string(dir.join("expr.csv")).unwrap();
    let mut lines = expr.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .skip(1)
        .map(String::from)
        .collect();
    let mut genes = Vec::new();
    let mut vals = Vec::new();
    for l in lines {
        let mut it = l.split(',');
        genes.push(it.next().unwrap().to_string());
        vals.extend(it.map(|v| v.parse::<f64>().unwrap_or(f64::NAN)));
    }
    let g = genes.len();
    let n = header.len();
    let m = DMatrix::from_row_slice(g, n, &vals);
    let samples = std::fs::read_to_string(dir.join("samples.csv")).unwrap();
    let mut sl = samples.lines();
    let sh: Vec<&str> = sl.next().unwrap().split(',').collect();
    let map: std::collections::HashMap<String, Vec<String>> = sl
        .map(|l| {
            let f: Vec<String> = l.split(',').map(String::from).collect();
            (f[0].clone(), f)
        })
        .collect();
    let cols = want
        .iter()
        .map(|w| {
            let j = sh.iter().position(|h| h == w).unwrap();
            header.iter().map(|s| map[s][j].clone()).collect()
        })
        .collect();
    (ExprMatrix::new(genes, header, m), cols)
}

fn check(case: &str, params: EbayesParams, rel_t: f64) {
    let dir = Path::new("/work/shared/reference").join(case);
    if !dir.exists() {
        eprintln!("skipping {case}: reference folder not present");
        return;
    }
    let (y, group) = read_case(&dir);
    let d = group_means_design(&group, &["A".into(), "B".into()], &[]);
    let fit = lm_fit(&y, &d.matrix, &d.names, None).unwrap();
    let c = difference_contrast(&d, "B", "A").unwrap();
    let fit2 = contrasts_fit(&fit, &c, &["B-A".into()]).unwrap();
    let eb = ebayes(&fit2, &params).unwrap();
    let tt = top_table(&eb, 0).unwrap();
    let golden: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("golden.json")).unwrap()).unwrap();
    if let Some(d0) = golden.get("df_prior") {
        let d0 = d0.as_f64().unwrap();
        assert!(
            (eb.df_prior.at(0) - d0).abs() < 1e-6 * d0,
            "df_prior {} vs {d0}",
            eb.df_prior.at(0)
        );
    }
    let rows: std::collections::HashMap<&str, &TopTableRow> =
        tt.rows.iter().map(|r| (r.gene.as_str(), r)).collect();
    let mut worst = [0.0f64; 4];
    for gr in golden["table"].as_array().unwrap() {
        let r = rows[gr["gene"].as_str().unwrap()];
        let rel = |a: f64, b: f64| (a - b).abs() / b.abs().max(1e-300);
        worst[0] = worst[0].max(rel(r.t, gr["t"].as_f64().unwrap()));
        worst[1] = worst[1].max(rel(r.p_value, gr["P.Value"].as_f64().unwrap()));
        worst[2] = worst[2].max((r.b - gr["B"].as_f64().unwrap()).abs());
        worst[3] = worst[3].max(rel(r.adj_p_value, gr["adj.P.Val"].as_f64().unwrap()));
    }
    eprintln!(
        "{case}: worst rel t {:.2e}, rel p {:.2e}, abs B {:.2e}, rel adj {:.2e}",
        worst[0], worst[1], worst[2], worst[3]
    );
    assert!(
        worst[0] < rel_t && worst[1] < 10.0 * rel_t && worst[2] < 1e-3,
        "{worst:?}"
    );
}

#[test]
fn limma_small_default_matches_r() {
    check("limma_small_default", EbayesParams::default(), 1e-6);
}

#[test]
fn limma_small_trend_robust_matches_r() {
    let p = EbayesParams {
        trend: PriorTrend::Amean,
        robust: true,
        ..Default::default()
    };
    check("limma_small_trend_robust", p, 1e-5);
}

/// Runs a tests/golden/limma case through the library (the CLI golden
/// runner covers the same folders end to end).
fn check_golden(case: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/golden/limma")
        .join(case);
    let args = std::fs::read_to_string(dir.join("args")).unwrap();
    let has = |f: &str| args.split_whitespace().any(|a| a == f);
    let flag = |f: &str| {
        let v: Vec<&str> = args.split_whitespace().collect();
        v.iter().position(|a| *a == f).map(|i| v[i + 1].to_string())
    };
    let covs: Vec<String> = flag("--covariates")
        .map(|c| c.split(',').map(String::from).collect())
        .unwrap_or_default();
    let mut want = vec!["group"];
    want.extend(covs.iter().map(String::as_str));
    let (y, cols) = read_case_cols(&dir, &want);
    let mut cov_cols = Vec::new();
    for (k, c) in covs.iter().enumerate() {
        let v = &cols[k + 1];
        match v
            .iter()
            .map(|x| x.parse::<f64>())
            .collect::<Result<Vec<f64>, _>>()
        {
            Ok(x) => cov_cols.push((c.clone(), x)),
            Err(_) => {
                let mut lv = v.clone();
                lv.sort();
                lv.dedup();
                for l in &lv[1..] {
                    cov_cols.push((
                        format!("{c}[{l}]"),
                        v.iter().map(|x| f64::from(u8::from(x == l))).collect(),
                    ));
                }
            }
        }
    }
    let mut levels = cols[0].clone();
    levels.sort();
    levels.dedup();
    let d = group_means_design(&cols[0], &levels, &cov_cols);
    let fit = if has("--voom") {
        let nf = tmm_factors(&y).unwrap();
        let v = voom(&y, &d.matrix, &d.names, Some(&nf)).unwrap();
        lm_fit(&v.e, &d.matrix, &d.names, Some(&v.weights)).unwrap()
    } else {
        lm_fit(&y, &d.matrix, &d.names, None).unwrap()
    };
    let con = flag("--contrast").unwrap();
    let (b, a) = con.split_once('-').unwrap();
    let c = difference_contrast(&d, b, a).unwrap();
    let fit2 = contrasts_fit(&fit, &c, std::slice::from_ref(&con)).unwrap();
    let params = EbayesParams {
        trend: if has("--trend") {
            PriorTrend::Amean
        } else {
            PriorTrend::Constant
        },
        robust: has("--robust"),
        ..Default::default()
    };
    let eb = ebayes(&fit2, &params).unwrap();
    let tt = top_table(&eb, 0).unwrap();
    let golden: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("golden.json")).unwrap()).unwrap();
    if let Some(d0) = golden.get("df_prior") {
        let d0 = d0.as_f64().unwrap();
        assert!(
            (eb.df_prior.at(0) - d0).abs() < 1e-6 * d0,
            "{case}: df_prior {} vs {d0}",
            eb.df_prior.at(0)
        );
        let s0 = golden["s2_prior"].as_f64().unwrap();
        assert!(
            (eb.s2_prior.at(0) - s0).abs() < 1e-8 * s0,
            "{case}: s2_prior"
        );
    }
    let rows: std::collections::HashMap<&str, &TopTableRow> =
        tt.rows.iter().map(|r| (r.gene.as_str(), r)).collect();
    let mut worst = [0.0f64; 4];
    for gr in golden["table"].as_array().unwrap() {
        let r = rows[gr["gene"].as_str().unwrap()];
        if gr["t"].is_null() {
            assert!(r.t.is_nan(), "{case}: gene {} should be NA", r.gene);
            continue;
        }
        let rel = |a: f64, b: f64| (a - b).abs() / b.abs().max(1e-3);
        worst[0] = worst[0].max(rel(r.t, gr["t"].as_f64().unwrap()));
        worst[1] = worst[1].max(rel(r.p_value, gr["P.Value"].as_f64().unwrap()));
        worst[2] = worst[2].max((r.b - gr["B"].as_f64().unwrap()).abs());
        worst[3] = worst[3].max(rel(r.log_fc, gr["logFC"].as_f64().unwrap()));
    }
    eprintln!(
        "{case}: worst rel t {:.2e}, rel p {:.2e}, abs B {:.2e}, rel logFC {:.2e}",
        worst[0], worst[1], worst[2], worst[3]
    );
    assert!(
        worst[0] < 1e-6 && worst[1] < 1e-5 && worst[2] < 1e-4 && worst[3] < 1e-7,
        "{case}: {worst:?}"
    );
}

#[test]
fn golden_batch_age() {
    check_golden("batch_age");
}
#[test]
fn golden_trend() {
    check_golden("trend");
}
#[test]
fn golden_robust() {
    check_golden("robust");
}
#[test]
fn golden_missing() {
    check_golden("missing");
}
#[test]
fn golden_voom() {
    check_golden("voom");
}
