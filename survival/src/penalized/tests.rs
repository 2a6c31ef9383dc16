//! Library tests of the penalised Cox path: invariants and R comparisons.

use super::*;
use nalgebra::DMatrix;

/// Reads a CSV of numbers written by R (header; `id` first column ignored).
fn read_sim(path: &str) -> Option<(Vec<String>, Vec<Vec<f64>>)> {
    let s = std::fs::read_to_string(path).ok()?;
    let mut lines = s.lines();
    let head: Vec<String> = lines.next()?.split(',').map(String::from).collect();
    let rows = lines
        .map(|l| {
            l.split(',')
                .skip(1)
                .map(|v| v.trim().parse::<f64>().unwrap())
                .collect()
        })
        .collect();
    Some((head[1..].to_vec(), rows))
}

#[test]
#[ignore]
fn dump_sim_against_r() {
    let Some((head, rows)) = read_sim("/tmp/lasso/sim.csv") else {
        return;
    };
    let n = rows.len();
    let time: Vec<f64> = rows.iter().map(|r| r[0]).collect();
    let event: Vec<bool> = rows.iter().map(|r| r[1] == 1.0).collect();
    let fold: Vec<usize> = rows.iter().map(|r| r[2] as usize - 1).collect();
    let p = head.len() - 3;
    let x = DMatrix::from_fn(n, p, |i, j| rows[i][j + 3]);
    let params = CoxNetParams::default().lambda_min_ratio(0.1);
    let t0 = std::time::Instant::now();
    let cv = CoxNetCvParams {
        path: params,
        folds: Folds::Given(fold),
    }
    .fit(&time, &event, &x, None, None)
    .unwrap();
    let el = t0.elapsed();
    let path = &cv.path;
    let mut out = String::new();
    let list = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.17e}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    out += &format!("lambda {}\n", list(&path.lambda));
    out += &format!("dev_ratio {}\n", list(&path.dev_ratio));
    out += &format!("nulldev {:.17e}\n", path.null_deviance);
    out += &format!("beta_last {}\n", list(&path.coefficients(path.len() - 1)));
    out += &format!("beta_20 {}\n", list(&path.coefficients(19)));
    out += &format!("cvm {}\n", list(&cv.mean));
    out += &format!("cvsd {}\n", list(&cv.se));
    out += &format!(
        "lambda_min {:.17e}\nlambda_1se {:.17e}\n",
        cv.lambda_min, cv.lambda_1se
    );
    std::fs::write("/tmp/lasso/sim_rust.txt", out).unwrap();
    eprintln!("cv took {el:?}; {} lambdas", path.len());
}
