//! End to end: `prognos demo` writes its outputs (cohort files, CT volumes,
//! WSI tile bags, the reference networks' weights and their scores), the
//! same seed gives the same bytes, and the numbers show the planted signal.

use std::path::{Path, PathBuf};
use std::process::Command;

fn run_demo(out: &Path, seed: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_prognos"))
        .args([
            "demo",
            "--out",
            out.to_str().unwrap(),
            "--seed",
            seed,
            "--bootstrap",
            "100",
            "--json",
        ])
        .output()
        .expect("runs")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("prognos-demo-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn demo_writes_results_and_report_deterministically() {
    let (a, b) = (tmp("a"), tmp("b"));
    let out = run_demo(&a, "7");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(run_demo(&b, "7").status.success());
    for f in [
        "results.json",
        "report.html",
        "data/training.csv",
        "data/archive.csv",
        "data/ct/TR0001.nii.gz",
        "data/wsi/ARCHIVE-0056.npy",
        "models/ct/model.json",
        "models/wsi/weights.bpk",
        "plugins/CT_archive_scores.csv",
    ] {
        assert!(a.join(f).is_file(), "{f} missing");
    }
    // the image files are the same bytes too, and the cohort files name them
    for f in ["data/ct/IT0007.nii.gz", "data/wsi/EXTERNAL2-0101.npy"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
    let training = std::fs::read_to_string(a.join("data/training.csv")).unwrap();
    assert!(
        training
            .lines()
            .next()
            .unwrap()
            .ends_with(",ct_image,wsi_bag")
            && training.contains("data/ct/TR0386.nii.gz")
            && !training.contains("ct_score"),
        "{}",
        training.lines().next().unwrap()
    );
    let ra = std::fs::read(a.join("results.json")).unwrap();
    let rb = std::fs::read(b.join("results.json")).unwrap();
    assert_eq!(ra, rb, "same seed, same bytes");
    let html = std::fs::read_to_string(a.join("report.html")).unwrap();
    assert!(
        html.contains("Multivariable Cox fusion model")
            && html.contains("<svg")
            && !html.contains("http://")
            && !html.contains("https://")
    );

    // stdout JSON is the results plus timing
    let pdf = std::fs::read(a.join("report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "report.pdf is a PDF");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["timing"]["fit_s"].as_f64().unwrap() > 0.0);
    let cohorts = v["cohorts"].as_array().unwrap();
    let n: Vec<u64> = cohorts.iter().map(|c| c["n"].as_u64().unwrap()).collect();
    assert_eq!(n, vec![386, 165, 219, 101, 160, 56]);
    // both image scores carry the hidden biology: the screen keeps them
    let selected: Vec<&str> = v["selected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        selected.contains(&"ct_score") && selected.contains(&"wsi_score"),
        "{selected:?}"
    );
    // the fusion model discriminates in every cohort and beats CT alone in training
    let perf = v["performance"].as_array().unwrap();
    let c = |model: &str, cohort: &str| {
        perf.iter()
            .find(|p| p["model"] == model && p["cohort"] == cohort)
            .map(|p| p["harrell"]["c"].as_f64().unwrap())
            .unwrap()
    };
    for cohort in [
        "training",
        "internal",
        "external1",
        "external2",
        "external3",
        "archive",
    ] {
        assert!(
            c("Fusion", cohort) > 0.6,
            "{cohort}: {}",
            c("Fusion", cohort)
        );
    }
    // the networks' scores carry the planted signal, and fusion beats each
    for model in ["CT", "WSI"] {
        assert!(
            c(model, "training") > 0.55,
            "{model}: {}",
            c(model, "training")
        );
        assert!(c("Fusion", "training") > c(model, "training"), "{model}");
    }
    // the omics explanation finds the planted pathways and the myeloid shift
    let omics = &v["omics"];
    let terms: Vec<&str> = omics["enrich"]["table"].as_array().unwrap()[..2]
        .iter()
        .map(|r| r["term"].as_str().unwrap())
        .collect();
    assert!(terms.contains(&"CYP450_METABOLISM"), "{terms:?}");
    assert_eq!(omics["sc_prop"][0]["cluster"], "MDSC-like");
    assert!(omics["sc_prop"][0]["fdr"].as_f64().unwrap() < 0.05);
    // high risk does worse in every cohort
    for g in v["risk_groups"].as_array().unwrap() {
        assert!(g["hr"].as_f64().unwrap() > 1.0, "{g}");
    }
}

#[test]
fn another_seed_gives_another_study() {
    let (a, b) = (tmp("c"), tmp("d"));
    assert!(run_demo(&a, "1").status.success());
    assert!(run_demo(&b, "2").status.success());
    assert_ne!(
        std::fs::read(a.join("data/training.csv")).unwrap(),
        std::fs::read(b.join("data/training.csv")).unwrap()
    );
}
