//! Helpers shared by the end-to-end tests that drive the `prognos` binary
//! (`mod common;` in each test file).
#![allow(dead_code)] // each test file uses its own subset

use std::path::PathBuf;
use std::process::{Command, Output};

/// A scratch folder for this test binary and process.
pub fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "prognos-{}-{}",
        env!("CARGO_CRATE_NAME"),
        std::process::id()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Writes `text` to `name` in the scratch folder; returns its path.
pub fn write(name: &str, text: &str) -> String {
    let p = dir().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

/// Runs the binary under test.
pub fn prognos(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prognos"))
        .args(args)
        .output()
        .expect("runs")
}

/// Asserts exit status 2, empty stdout, and a single stderr line starting
/// with `error: ` that contains every `needle` — never a panic.
pub fn assert_bad(out: &Output, needles: &[&str]) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(
        out.stdout.is_empty(),
        "no result on bad input: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {err}");
    assert!(lines[0].starts_with("error: "), "{err}");
    for n in needles {
        assert!(lines[0].contains(n), "'{n}' missing from: {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
}
