//! The cohort-table layer: file formats, complete cases, factors, and the
//! error messages that name column, row and value.

use prognos::data::{Cohort, DataError, FrameSpec};
use std::path::PathBuf;

fn write(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("prognos-data-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const CSV: &str = "id,time,status,age,stage,grp\n\
1,5,1,60,II,a\n\
2,8,0,NA,I,b\n\
3,3,1,71,III,a\n\
4,9,0,55,I,b\n\
5,2,1,64,,a\n\
6,7,1,58,II,b\n";

fn spec() -> FrameSpec {
    FrameSpec {
        time: Some("time".into()),
        event: Some("status".into()),
        covariates: vec!["age".into(), "stage".into()],
        factors: vec!["stage".into()],
        ..Default::default()
    }
}

#[test]
fn csv_complete_cases_and_factor_dummies() {
    let c = Cohort::read(&write("a.csv", CSV)).unwrap();
    assert_eq!(c.n_rows(), 6);
    let mf = c.model_frame(&spec()).unwrap();
    // row 1 has NA age, row 4 an empty stage
    assert_eq!(mf.n_dropped, 2);
    assert_eq!(mf.rows, vec![0, 2, 3, 5]);
    assert_eq!(mf.time.as_deref(), Some(&[5.0, 3.0, 9.0, 7.0][..]));
    assert_eq!(mf.event.as_deref(), Some(&[true, true, false, true][..]));
    assert_eq!(mf.x.names, vec!["age", "stage[II]", "stage[III]"]);
    assert_eq!(mf.x.matrix.column(1).as_slice(), &[1.0, 0.0, 0.0, 1.0]);
    assert_eq!(mf.x.terms[1].columns, 1..3);
}

#[test]
fn reference_level_can_be_named() {
    let c = Cohort::read(&write("b.csv", CSV)).unwrap();
    let mut s = spec();
    s.factors = vec!["stage:II".into()];
    let mf = c.model_frame(&s).unwrap();
    assert_eq!(mf.x.names, vec!["age", "stage[I]", "stage[III]"]);
    s.factors = vec!["stage:IV".into()];
    let e = c.model_frame(&s).unwrap_err().to_string();
    assert!(e.contains("reference level 'IV'"), "{e}");
}

#[test]
fn tsv_reads_like_csv() {
    let c = Cohort::read(&write("a.tsv", &CSV.replace(',', "\t"))).unwrap();
    let mf = c.model_frame(&spec()).unwrap();
    assert_eq!(mf.n(), 4);
}

#[test]
fn parquet_reads_like_csv() {
    use polars::prelude::*;
    let c = Cohort::read(&write("p.csv", CSV)).unwrap();
    let mut df = c.dataframe().clone();
    let p = write("a.parquet", "");
    let f = std::fs::File::create(&p).unwrap();
    ParquetWriter::new(f).finish(&mut df).unwrap();
    let c2 = Cohort::read(&p).unwrap();
    let a = c.model_frame(&spec()).unwrap();
    let b = c2.model_frame(&spec()).unwrap();
    assert_eq!(a.rows, b.rows);
    assert_eq!(a.x.matrix, b.x.matrix);
}

#[test]
fn text_in_numeric_column_names_row_and_value() {
    let bad = CSV.replace("3,3,1,71,III,a", "3,3,1,old,III,a");
    let c = Cohort::read(&write("c.csv", &bad)).unwrap();
    let e = c.model_frame(&spec()).unwrap_err();
    assert!(matches!(e, DataError::NotNumeric { row: 2, .. }), "{e}");
    assert_eq!(e.to_string(), "column 'age' row 2: 'old' is not a number");
}

#[test]
fn bad_event_and_time_are_named() {
    let c = Cohort::read(&write("d.csv", &CSV.replace("4,9,0,55", "4,9,2,55"))).unwrap();
    let e = c.model_frame(&spec()).unwrap_err().to_string();
    assert_eq!(
        e,
        "column 'status' row 3: event indicator '2' is not 0/1 or true/false"
    );
    let c = Cohort::read(&write("e.csv", &CSV.replace("6,7,1", "6,-7,1"))).unwrap();
    let e = c.model_frame(&spec()).unwrap_err().to_string();
    assert_eq!(e, "column 'time' row 5: time -7 must be finite and > 0");
}

#[test]
fn true_false_events_are_accepted() {
    let t = CSV.replace(",1,", ",true,").replace(",0,", ",false,");
    let c = Cohort::read(&write("f.csv", &t)).unwrap();
    let mf = c.model_frame(&spec()).unwrap();
    assert_eq!(mf.event.as_deref(), Some(&[true, true, false, true][..]));
}

#[test]
fn missing_file_and_column_are_clear() {
    let e = Cohort::read(std::path::Path::new("/nonexistent/x.csv"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("no such file"), "{e}");
    let c = Cohort::read(&write("g.csv", CSV)).unwrap();
    let mut s = spec();
    s.covariates.push("bmi".into());
    let e = c.model_frame(&s).unwrap_err().to_string();
    assert!(e.starts_with("column 'bmi' not found"), "{e}");
}

#[test]
fn all_missing_column_is_an_error() {
    let t = "time,status,x\n1,1,NA\n2,0,NA\n";
    let c = Cohort::read(&write("h.csv", t)).unwrap();
    let s = FrameSpec {
        time: Some("time".into()),
        event: Some("status".into()),
        covariates: vec!["x".into()],
        ..Default::default()
    };
    let e = c.model_frame(&s).unwrap_err().to_string();
    assert_eq!(e, "column 'x' has no non-missing values");
}

#[test]
fn numeric_groups_are_labelled_as_r_prints_them() {
    let t = "time,status,sex\n1,1,1\n2,0,2\n3,1,2.5\n";
    let c = Cohort::read(&write("i.csv", t)).unwrap();
    let s = FrameSpec {
        group: Some("sex".into()),
        ..Default::default()
    };
    let mf = c.model_frame(&s).unwrap();
    assert_eq!(mf.group.unwrap(), vec!["1", "2", "2.5"]);
}

#[test]
fn binary_label_names_bad_value() {
    let t = "y,s\n0,1\n1,2\n2,3\n";
    let c = Cohort::read(&write("j.csv", t)).unwrap();
    let s = FrameSpec {
        numeric: vec!["y".into(), "s".into()],
        ..Default::default()
    };
    let mf = c.model_frame(&s).unwrap();
    let e = mf.binary("y").unwrap_err().to_string();
    assert_eq!(e, "column 'y' row 2: '2' is not 0 or 1");
}

#[test]
fn probability_column_names_bad_value() {
    let t = "p,q\n0,0.2\n1,0.5\n0.4,1.5\n";
    let c = Cohort::read(&write("k.csv", t)).unwrap();
    let s = FrameSpec {
        numeric: vec!["p".into(), "q".into()],
        ..Default::default()
    };
    let mf = c.model_frame(&s).unwrap();
    assert_eq!(mf.probability("p").unwrap(), vec![0.0, 1.0, 0.4]);
    let e = mf.probability("q").unwrap_err().to_string();
    assert_eq!(e, "column 'q' row 2: 1.5 is not a probability in [0, 1]");
}
