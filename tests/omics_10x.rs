//! 10x Matrix Market directories end to end: `sc-prop --pseudobulk` on the
//! committed `tests/golden/sc_prop/tenx_plain/tenx` (plain) and `tenx_gz`
//! (gzipped) directories writes the pseudo-bulk sums R's `rowsum` gives,
//! and `limma --voom` on them reproduces R's voom + TMM + eBayes
//! (`pseudobulk_limma.json`, made by tests/golden/sc_prop/make.R).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/sc_prop")
        .join(name)
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("prognos-10x-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn prognos(dir: &Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_prognos"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn read_csv(p: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let t = std::fs::read_to_string(p).unwrap();
    let mut lines = t.lines();
    let head = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (head, rows)
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= 1e-8 + rel * b.abs()
}

#[test]
fn pseudobulk_of_plain_and_gz_directories_matches_r_rowsum() {
    let want = read_csv(&case("tenx_plain").join("pseudobulk_counts.csv"));
    for name in ["tenx_plain", "tenx_gz"] {
        let out = scratch(name);
        let cells = case(name).join("tenx");
        let j = prognos(
            &out,
            &[
                "sc-prop",
                "--cells",
                cells.to_str().unwrap(),
                "--sample",
                "sample",
                "--cluster",
                "celltype",
                "--group",
                "condition",
                "--pseudobulk",
                "pb",
                "--json",
            ],
        );
        assert_eq!(j["counts"]["n_cells"], 501, "{name}");
        let got = read_csv(&out.join("pb/counts.csv"));
        assert_eq!(got.0, want.0, "{name}: header");
        assert_eq!(got.1.len(), want.1.len(), "{name}: rows");
        for (g, w) in got.1.iter().zip(&want.1) {
            assert_eq!(g[0], w[0]);
            for (a, b) in g[1..].iter().zip(&w[1..]) {
                assert_eq!(
                    a.parse::<f64>().unwrap(),
                    b.parse::<f64>().unwrap(),
                    "{}",
                    g[0]
                );
            }
        }
        let sheet = std::fs::read_to_string(out.join("pb/samples.csv")).unwrap();
        assert!(
            sheet.starts_with("sample,condition,n_cells\nhigh_1,high,"),
            "{sheet}"
        );
    }
}

#[test]
fn limma_voom_on_pseudobulk_matches_r() {
    let out = scratch("voom");
    let cells = case("tenx_plain").join("tenx");
    prognos(
        &out,
        &[
            "sc-prop",
            "--cells",
            cells.to_str().unwrap(),
            "--sample",
            "sample",
            "--cluster",
            "celltype",
            "--group",
            "condition",
            "--pseudobulk",
            "pb",
            "--json",
        ],
    );
    let j = prognos(
        &out.join("pb"),
        &[
            "limma",
            "--expr",
            "counts.csv",
            "--samples",
            "samples.csv",
            "--group",
            "condition",
            "--contrast",
            "high-low",
            "--voom",
            "--json",
        ],
    );
    let r: Value = serde_json::from_str(
        &std::fs::read_to_string(case("tenx_plain").join("pseudobulk_limma.json")).unwrap(),
    )
    .unwrap();
    for k in ["df_prior", "s2_prior"] {
        // Poisson cells summed per sample: no extra variance, R's df.prior is
        // Inf (jsonlite writes "Inf"), prognos writes null
        if r[k] == "Inf" {
            assert!(j[k].is_null(), "{k}: {} vs R Inf", j[k]);
            continue;
        }
        let (a, b) = (j[k].as_f64().unwrap(), r[k].as_f64().unwrap());
        assert!(close(a, b, 1e-6), "{k}: {a} vs R {b}");
    }
    let rt = r["table"].as_array().unwrap();
    let jt = j["table"].as_array().unwrap();
    assert_eq!(rt.len(), jt.len());
    for rr in rt {
        let g = rr["gene"].as_str().unwrap();
        let jr = jt.iter().find(|x| x["gene"] == g).unwrap();
        for k in ["logFC", "AveExpr", "t", "P.Value", "adj.P.Val", "B"] {
            let (a, b) = (jr[k].as_f64().unwrap(), rr[k].as_f64().unwrap());
            assert!(close(a, b, 1e-6), "{g} {k}: {a} vs R {b}");
        }
    }
}
