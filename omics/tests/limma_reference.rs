//! The limma kernels against the shared R reference cases (limma 3.54.1),
//! read directly from `/work/shared/reference` when present (skipped
//! otherwise; the CLI golden tests cover the same cases in CI).

use nalgebra::DMatrix;
use prognos_omics::limma::*;
use std::path::Path;

fn read_case(dir: &Path) -> (ExprMatrix, Vec<String>) {
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
    let map: std::collections::HashMap<String, String> = samples
        .lines()
        .skip(1)
        .map(|l| {
            let mut it = l.split(',');
            (
                it.next().unwrap().to_string(),
                it.next().unwrap().to_string(),
            )
        })
        .collect();
    let group = header.iter().map(|s| map[s].clone()).collect();
    (ExprMatrix::new(genes, header, m), group)
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
