//! End to end: `prognos classify --blocks ...` (fusion heads). Bad input
//! exits with status 2 and one clear stderr line; the seeded run is
//! byte-for-byte reproducible.

use std::fmt::Write as _;
use std::process::Output;

mod common;
use common::{assert_bad, prognos, write};

/// 60 rows: two embedding columns, age, sex, smoking, a constant column,
/// label; deterministic pseudo-random values.
fn table(n: usize, offset: usize, smoking_extra: Option<&str>) -> String {
    let mut s = String::from("id,y,emb_1,emb_2,age,sex,smoking,const\n");
    for i in 0..n {
        let k = i + offset;
        let e1 = ((k * 37) % 17) as f64 / 4.0 - 2.0;
        let e2 = ((k * 53) % 13) as f64 / 3.0 - 2.0;
        let age = 50 + (k * 7) % 30;
        let sex = if (k * 5).is_multiple_of(3) { "M" } else { "F" };
        let smoking = match (smoking_extra, i) {
            (Some(x), 0) => x,
            _ => ["never", "former", "current"][(k * 11) % 3],
        };
        let y = u8::from(
            e1 + 0.5 * e2 + if sex == "M" { 0.8 } else { 0.0 } + ((k % 5) as f64 - 2.0) * 0.6 > 0.0,
        );
        writeln!(s, "P{k},{y},{e1},{e2},{age},{sex},{smoking},1.5").unwrap();
    }
    s
}

const BLOCKS: &str = "image=emb_*;clinical=age,sex,smoking";

#[test]
fn block_naming_a_missing_column_is_one_line() {
    let f = write("a.csv", &table(60, 0, None));
    let out = prognos(&[
        "classify",
        "--data",
        &f,
        "--label",
        "y",
        "--blocks",
        "image=emb_*;clinical=age,smoke",
    ]);
    assert_bad(&out, &["block 'clinical'", "'smoke'"]);
}

#[test]
fn constant_column_is_one_line() {
    let f = write("b.csv", &table(60, 0, None));
    let out = prognos(&[
        "classify",
        "--data",
        &f,
        "--label",
        "y",
        "--blocks",
        "image=emb_*;clinical=age,const",
    ]);
    assert_bad(&out, &["'const'", "constant"]);
}

#[test]
fn level_only_in_test_is_one_line() {
    let f = write("c.csv", &table(60, 0, None));
    let t = write("c_test.csv", &table(20, 100, Some("heavy")));
    let out = prognos(&[
        "classify", "--data", &f, "--label", "y", "--blocks", BLOCKS, "--test", &t,
    ]);
    assert_bad(&out, &["--test", "'smoking'", "'heavy'", "row 0"]);
}

#[test]
fn unknown_model_and_bad_fold_column_are_one_line() {
    let f = write("d.csv", &table(60, 0, None));
    let out = prognos(&[
        "classify",
        "--data",
        &f,
        "--label",
        "y",
        "--blocks",
        BLOCKS,
        "--model",
        "fusion-svm",
    ]);
    assert_bad(&out, &["--model", "fusion-svm"]);
    let out = prognos(&[
        "classify", "--data", &f, "--label", "y", "--blocks", BLOCKS, "--foldid", "age",
    ]);
    assert_bad(&out, &["fold"]);
}

#[test]
fn every_head_runs_and_the_seed_fixes_the_bytes() {
    let f = write("e.csv", &table(80, 0, None));
    let t = write("e_test.csv", &table(30, 200, None));
    for model in ["fusion-logistic", "fusion-mlp", "stacking"] {
        let run = || {
            prognos(&[
                "classify", "--data", &f, "--label", "y", "--blocks", BLOCKS, "--model", model,
                "--seed", "7", "--test", &t, "--oof", "--json",
            ])
        };
        let a = run();
        assert_eq!(
            a.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&a.stderr)
        );
        let b = run();
        let strip = |o: &Output| {
            let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            v.as_object_mut().unwrap().remove("timing");
            v.to_string()
        };
        assert_eq!(strip(&a), strip(&b), "{model}");
        let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
        assert_eq!(v["fusion"]["model"], model);
        assert_eq!(v["models"].as_array().unwrap().len(), 3);
        assert!(v["fusion"]["test"]["performance"]["auc"].as_f64().unwrap() > 0.5);
    }
}
