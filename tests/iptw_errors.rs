//! End to end: bad input to `prognos iptw` and `prognos benefit --method
//! iptw` exits with status 2 and one clear stderr line — never a panic,
//! never an infinite weight.

use std::process::Output;

mod common;
use common::{assert_bad, prognos, write};

/// 12 rows; `age` overlaps between arms, `sep` separates them perfectly.
const DATA: &str = "time,status,trt,age,sep,grp\n\
5,1,1,60,1,a\n8,0,0,65,0,a\n3,1,1,71,1,a\n9,0,0,55,0,a\n2,1,1,64,1,a\n7,1,0,58,0,a\n\
4,1,1,66,1,b\n6,0,0,59,0,b\n5,1,0,62,0,b\n8,1,1,57,1,b\n3,0,0,70,0,b\n6,1,1,61,1,b\n";

fn iptw(file: &str, extra: &[&str]) -> Output {
    let mut a = vec!["iptw", "--data", file, "--treatment", "trt", "--covariates"];
    a.extend_from_slice(extra);
    a.push("--json");
    prognos(&a)
}

#[test]
fn good_input_runs() {
    let f = write("good.csv", DATA);
    let out = iptw(&f, &["age", "--time", "time", "--event", "status"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(j["ess_treated"].as_f64().unwrap() > 0.0);
    assert!(j["cox"]["robust_se"].as_f64().unwrap() > 0.0);
}

#[test]
fn separation_is_an_error_not_infinite_weights() {
    let f = write("sep.csv", DATA);
    let out = iptw(&f, &["age,sep"]);
    assert_bad(&out, &["separat", "trt", "0 or 1"]);
}

#[test]
fn no_treated_rows() {
    let rows: Vec<String> = DATA
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.to_string()
            } else {
                let mut c: Vec<&str> = l.split(',').collect();
                c[2] = "0";
                c.join(",")
            }
        })
        .collect();
    let f = write("none_treated.csv", &(rows.join("\n") + "\n"));
    assert_bad(&iptw(&f, &["age"]), &["trt", "no treated"]);
}

#[test]
fn no_control_rows() {
    let rows: Vec<String> = DATA
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.to_string()
            } else {
                let mut c: Vec<&str> = l.split(',').collect();
                c[2] = "1";
                c.join(",")
            }
        })
        .collect();
    let f = write("none_control.csv", &(rows.join("\n") + "\n"));
    assert_bad(&iptw(&f, &["age"]), &["trt", "no control"]);
}

#[test]
fn treatment_not_binary() {
    let f = write("trt2.csv", &DATA.replacen("\n5,1,1,", "\n5,1,2,", 1));
    assert_bad(&iptw(&f, &["age"]), &["trt"]);
}

#[test]
fn trim_out_of_range() {
    let f = write("trim.csv", DATA);
    assert_bad(&iptw(&f, &["age", "--trim", "0.3"]), &["--trim", "0.3"]);
    assert_bad(&iptw(&f, &["age", "--trim", "1"]), &["--trim"]);
}

#[test]
fn time_without_event() {
    let f = write("te.csv", DATA);
    assert_bad(
        &iptw(&f, &["age", "--time", "time"]),
        &["--time", "--event"],
    );
}

#[test]
fn benefit_stabilize_needs_iptw() {
    let f = write("ben.csv", DATA);
    let out = prognos(&[
        "benefit",
        "--data",
        &f,
        "--time",
        "time",
        "--event",
        "status",
        "--treatment",
        "trt",
        "--risk-group",
        "grp",
        "--match-on",
        "age",
        "--stabilize",
        "--json",
    ]);
    assert_bad(&out, &["--method iptw"]);
}

#[test]
fn benefit_iptw_runs_and_reports_robust_se() {
    let f = write("ben2.csv", DATA);
    let out = prognos(&[
        "benefit",
        "--data",
        &f,
        "--time",
        "time",
        "--event",
        "status",
        "--treatment",
        "trt",
        "--risk-group",
        "grp",
        "--match-on",
        "age",
        "--method",
        "iptw",
        "--estimand",
        "ATE",
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["method"], "iptw");
    let after = &j["groups"][0]["after"];
    assert!(after["se_robust"].as_f64().is_some(), "{after}");
    assert!(after["logrank_p"].is_null());
}
