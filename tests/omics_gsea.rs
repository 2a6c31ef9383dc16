//! `prognos gsea` randomness: the same seed gives the same bytes whatever
//! the number of threads, and another seed moves the Monte-Carlo numbers
//! only (ES, size and leading edge are deterministic). Uses the committed
//! golden case tests/golden/gsea/weighted.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn case() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/gsea/weighted")
}

/// stdout of `prognos gsea` with the `timing` key removed, re-serialised.
fn gsea(seed: &str, threads: &str) -> (String, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_prognos"))
        .args([
            "gsea",
            "--ranks",
            "ranks.csv",
            "--gmt",
            "sets.gmt",
            "--nperm",
            "3000",
            "--seed",
            seed,
            "--json",
        ])
        .env("RAYON_NUM_THREADS", threads)
        .current_dir(case())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_object_mut().unwrap().remove("timing");
    (serde_json::to_string(&v).unwrap(), v)
}

#[test]
fn same_seed_same_bytes_across_thread_counts() {
    let (a, _) = gsea("7", "1");
    let (b, _) = gsea("7", "2");
    let (c, _) = gsea("7", "4");
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn another_seed_changes_only_the_monte_carlo_numbers() {
    let (_, a) = gsea("7", "2");
    let (_, b) = gsea("8", "2");
    let by_term = |v: &Value| -> Vec<(String, Value)> {
        let mut t: Vec<(String, Value)> = v["table"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["term"].as_str().unwrap().to_string(), r.clone()))
            .collect();
        t.sort_by(|x, y| x.0.cmp(&y.0));
        t
    };
    let (ta, tb) = (by_term(&a), by_term(&b));
    assert_eq!(ta.len(), tb.len());
    let mut moved = 0;
    for ((n, ra), (_, rb)) in ta.iter().zip(&tb) {
        for k in ["size", "es", "leading_edge"] {
            assert_eq!(ra[k], rb[k], "{n} {k}");
        }
        moved += usize::from(ra["p"] != rb["p"] || ra["nes"] != rb["nes"]);
    }
    assert!(moved > 0, "a new seed must draw new permutations");
}
