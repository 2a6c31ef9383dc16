//! End to end: bad input exits with status 2 and one clear stderr line that
//! names the file, column, row or value — never a panic, never a number.

use std::process::Output;

mod common;
use common::{assert_bad, prognos, write};

const GOOD: &str = "time,status,age,sex,grp\n\
5,1,60,1,a\n8,0,65,2,b\n3,1,71,1,a\n9,0,55,2,b\n2,1,64,1,a\n7,1,58,2,b\n4,1,66,1,b\n6,0,59,2,a\n";

fn cox(file: &str, covs: &str) -> Output {
    prognos(&[
        "cox",
        "--data",
        file,
        "--time",
        "time",
        "--event",
        "status",
        "--covariates",
        covs,
        "--json",
    ])
}

fn km(file: &str) -> Output {
    prognos(&[
        "km", "--data", file, "--time", "time", "--event", "status", "--group", "grp", "--json",
    ])
}

#[test]
fn good_input_runs() {
    let f = write("good.csv", GOOD);
    let out = cox(&f, "age,sex");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["n"], 8);
    assert!(v["timing"]["fit_s"].as_f64().unwrap() >= 0.0);
}

#[test]
fn missing_file() {
    assert_bad(
        &cox("/no/such/file.csv", "age"),
        &["/no/such/file.csv", "no such file"],
    );
    assert_bad(&km("/no/such/file.csv"), &["no such file"]);
}

#[test]
fn unsupported_extension() {
    let f = write("data.xlsx", GOOD);
    assert_bad(&cox(&f, "age"), &["unsupported file type"]);
}

#[test]
fn missing_column() {
    let f = write("mc.csv", GOOD);
    assert_bad(&cox(&f, "age,bmi"), &["column 'bmi' not found"]);
    let out = prognos(&[
        "km", "--data", &f, "--time", "tim", "--event", "status", "--json",
    ]);
    assert_bad(&out, &["column 'tim' not found"]);
}

#[test]
fn text_in_numeric_column() {
    let f = write("txt.csv", &GOOD.replace("3,1,71,1,a", "3,1,old,1,a"));
    assert_bad(&cox(&f, "age"), &["column 'age'", "row 2", "'old'"]);
}

#[test]
fn bad_event_code() {
    let f = write("ev.csv", &GOOD.replace("9,0,55", "9,2,55"));
    assert_bad(&cox(&f, "age"), &["column 'status'", "row 3", "'2'"]);
    assert_bad(&km(&f), &["column 'status'", "row 3"]);
}

#[test]
fn negative_time() {
    let f = write("neg.csv", &GOOD.replace("7,1,58", "-7,1,58"));
    assert_bad(&cox(&f, "age"), &["column 'time'", "row 5", "-7"]);
    assert_bad(&km(&f), &["column 'time'", "row 5"]);
}

#[test]
fn all_missing_column() {
    let t = GOOD
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l},bmi")
            } else {
                format!("{l},NA")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let f = write("allna.csv", &t);
    assert_bad(
        &cox(&f, "age,bmi"),
        &["column 'bmi'", "no non-missing values"],
    );
}

#[test]
fn zero_events() {
    let t = GOOD
        .replace(",1,6", ",0,6")
        .replace(",1,7", ",0,7")
        .replace(",1,5", ",0,5")
        .replace(",1,6", ",0,6");
    let t: String = t
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.to_string()
            } else {
                let mut c: Vec<&str> = l.split(',').collect();
                c[1] = "0";
                c.join(",")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let f = write("noev.csv", &t);
    assert_bad(&cox(&f, "age"), &["event"]);
}

#[test]
fn singular_design_names_the_column() {
    let t: String = GOOD
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l},age2")
            } else {
                let age: f64 = l.split(',').nth(2).unwrap().parse().unwrap();
                format!("{l},{}", 2.0 * age)
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let f = write("sing.csv", &t);
    let out = cox(&f, "age,age2");
    // R drops the aliased column with an NA coefficient; prognos either
    // reports it the same way or refuses with a line naming it.
    if out.status.success() {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let s = v.to_string();
        assert!(s.contains("age2"), "{s}");
    } else {
        assert_bad(&out, &["age2"]);
    }
}

#[test]
fn empty_group_level_after_dropping_rows() {
    // group 'c' exists only in a row dropped for a missing time
    let t = format!("{GOOD}NA,1,60,1,c\n");
    let f = write("emptyg.csv", &t);
    let out = km(&f);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let groups: Vec<&str> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, vec!["a", "b"]);
}

#[test]
fn single_group_logrank_is_an_error() {
    let f = write("oneg.csv", &GOOD.replace(",b\n", ",a\n"));
    let out = prognos(&[
        "logrank", "--data", &f, "--time", "time", "--event", "status", "--group", "grp", "--json",
    ]);
    assert_bad(&out, &["grp"]);
}

#[test]
fn factor_level_unknown() {
    let f = write("fac.csv", GOOD);
    let out = prognos(&[
        "cox",
        "--data",
        &f,
        "--time",
        "time",
        "--event",
        "status",
        "--covariates",
        "age,grp",
        "--factors",
        "grp:z",
        "--json",
    ]);
    assert_bad(&out, &["grp", "'z'"]);
}

#[test]
fn roc_label_not_binary() {
    let f = write("roc.csv", "y,s\n0,0.1\n1,0.5\n2,0.7\n1,0.9\n0,0.2\n");
    let out = prognos(&[
        "roc", "--data", &f, "--label", "y", "--score", "s", "--json",
    ]);
    assert_bad(&out, &["column 'y'", "row 2", "'2'"]);
}

#[test]
fn roc_one_class_absent() {
    let f = write("roc1.csv", "y,s\n1,0.1\n1,0.5\n1,0.7\n");
    let out = prognos(&[
        "roc", "--data", &f, "--label", "y", "--score", "s", "--json",
    ]);
    assert_bad(&out, &["y"]);
}

#[test]
fn calibrate_resample_row_out_of_range() {
    let mut data = String::from("y,x\n");
    for i in 0..12 {
        data.push_str(&format!("{},{}\n", i % 2, i));
    }
    let f = write("cal.csv", &data);
    let mut rs = String::from("r1\n");
    for i in 0..12 {
        rs.push_str(&format!("{}\n", if i == 4 { 13 } else { i + 1 }));
    }
    let r = write("resamples.csv", &rs);
    let out = prognos(&[
        "calibration",
        "--data",
        &f,
        "--label",
        "y",
        "--covariates",
        "x",
        "--resamples",
        &r,
        "--json",
    ]);
    assert_bad(&out, &["column 'r1'", "row 4", "13", "between 1 and 12"]);
}

#[test]
fn calibrate_too_few_subjects() {
    let f = write("cal_small.csv", "y,x\n0,1\n1,2\n0,3\n1,4\n0,5\n1,6\n");
    let out = prognos(&[
        "calibration",
        "--data",
        &f,
        "--label",
        "y",
        "--covariates",
        "x",
        "--json",
    ]);
    assert_bad(&out, &["more than 10 subjects", "6"]);
}

#[test]
fn match_random_seed_out_of_r_range() {
    let f = write(
        "match_seed.csv",
        "t,x\n1,0.1\n0,0.2\n1,0.5\n0,0.4\n0,0.9\n1,0.7\n0,0.3\n0,0.6\n",
    );
    let out = prognos(&[
        "match",
        "--data",
        &f,
        "--treatment",
        "t",
        "--covariates",
        "x",
        "--order",
        "random",
        "--seed",
        "2147483648",
        "--json",
    ]);
    assert_bad(&out, &["seed 2147483648", "set.seed", "2147483647"]);
}
