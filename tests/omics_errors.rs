//! End-to-end bad-input tests for the omics subcommands: each must exit
//! with status 2 and one stderr line naming the offending sample, gene,
//! file line or value.

use std::path::PathBuf;
use std::process::Command;

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("prognos-omics-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs prognos in `dir`; returns (exit code, stderr).
fn run(dir: &PathBuf, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_prognos"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

const EXPR: &str = "gene,S1,S2,S3,S4\ng1,5.1,5.3,6.2,6.0\ng2,7.0,7.2,7.1,6.9\ng3,3.3,3.1,3.0,3.4\n";

fn limma_args() -> Vec<&'static str> {
    vec![
        "limma",
        "--expr",
        "expr.csv",
        "--samples",
        "samples.csv",
        "--group",
        "group",
        "--contrast",
        "B-A",
        "--json",
    ]
}

#[test]
fn limma_sample_missing_from_sheet_is_named() {
    let d = scratch("missing-sample");
    std::fs::write(d.join("expr.csv"), EXPR).unwrap();
    std::fs::write(d.join("samples.csv"), "sample,group\nS1,A\nS2,A\nS3,B\n").unwrap();
    let (code, err) = run(&d, &limma_args());
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("'S4'") && err.contains("not in the sample sheet"),
        "{err}"
    );
}

#[test]
fn limma_extra_sample_in_sheet_is_named() {
    let d = scratch("extra-sample");
    std::fs::write(d.join("expr.csv"), EXPR).unwrap();
    std::fs::write(
        d.join("samples.csv"),
        "sample,group\nS1,A\nS2,A\nS3,B\nS4,B\nS9,B\n",
    )
    .unwrap();
    let (code, err) = run(&d, &limma_args());
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("'S9'") && err.contains("not in the expression matrix"),
        "{err}"
    );
}

#[test]
fn limma_group_with_one_sample_is_rejected() {
    let d = scratch("small-group");
    std::fs::write(d.join("expr.csv"), EXPR).unwrap();
    std::fs::write(
        d.join("samples.csv"),
        "sample,group\nS1,A\nS2,A\nS3,A\nS4,B\n",
    )
    .unwrap();
    let (code, err) = run(&d, &limma_args());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("group 'B' has 1 sample"), "{err}");
}

#[test]
fn limma_voom_negative_count_is_named() {
    let d = scratch("negative-count");
    std::fs::write(
        d.join("expr.csv"),
        "gene,S1,S2,S3,S4\ng1,5,3,6,0\ng2,7,-2,7,6\ng3,3,3,0,3\n",
    )
    .unwrap();
    std::fs::write(
        d.join("samples.csv"),
        "sample,group\nS1,A\nS2,A\nS3,B\nS4,B\n",
    )
    .unwrap();
    let mut a = limma_args();
    a.push("--voom");
    let (code, err) = run(&d, &a);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("gene 'g2', sample 'S2' has -2"), "{err}");
}

#[test]
fn limma_duplicated_gene_id_is_named() {
    let d = scratch("dup-gene");
    std::fs::write(
        d.join("expr.csv"),
        "gene,S1,S2,S3,S4\ng1,5,3,6,1\ng2,7,2,7,6\ng2,3,3,1,3\n",
    )
    .unwrap();
    std::fs::write(
        d.join("samples.csv"),
        "sample,group\nS1,A\nS2,A\nS3,B\nS4,B\n",
    )
    .unwrap();
    let (code, err) = run(&d, &limma_args());
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("duplicated gene id 'g2' (lines 3 and 4)"),
        "{err}"
    );
}

#[test]
fn enrich_malformed_gmt_line_names_file_and_line() {
    let d = scratch("bad-gmt");
    std::fs::write(d.join("genes.txt"), "a\nb\n").unwrap();
    std::fs::write(
        d.join("sets.gmt"),
        "S1\tdesc\ta\tb\tc\nS2 only-spaces a b\n",
    )
    .unwrap();
    let (code, err) = run(
        &d,
        &[
            "enrich",
            "--genes",
            "genes.txt",
            "--gmt",
            "sets.gmt",
            "--min-size",
            "1",
            "--json",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("sets.gmt line 2") && err.contains("malformed GMT"),
        "{err}"
    );
}

#[test]
fn sc_prop_sample_in_two_groups_is_named() {
    let d = scratch("two-groups");
    let mut s = String::from("sample,cluster,group\n");
    for (smp, g) in [
        ("s1", "A"),
        ("s2", "A"),
        ("s3", "B"),
        ("s4", "B"),
        ("s1", "B"),
    ] {
        s.push_str(&format!("{smp},T,{g}\n{smp},B,{g}\n"));
    }
    std::fs::write(d.join("cells.csv"), s).unwrap();
    let (code, err) = run(
        &d,
        &[
            "sc-prop",
            "--cells",
            "cells.csv",
            "--sample",
            "sample",
            "--cluster",
            "cluster",
            "--group",
            "group",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("sample 's1' belongs to two groups"), "{err}");
}

/// Writes a 10x directory (2 genes x 3 cells) with the given matrix.mtx text.
fn tenx(name: &str, mtx: &str, features: &str) -> PathBuf {
    let d = scratch(name);
    let t = d.join("tenx");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join("matrix.mtx"), mtx).unwrap();
    std::fs::write(t.join("features.tsv"), features).unwrap();
    std::fs::write(t.join("barcodes.tsv"), "c1\nc2\nc3\nc4\n").unwrap();
    std::fs::write(
        t.join("metadata.csv"),
        "barcode,sample,cluster,group\nc1,s1,T,A\nc2,s2,B,A\nc3,s3,T,B\nc4,s4,B,B\n",
    )
    .unwrap();
    d
}

fn sc_prop_tenx(d: &PathBuf) -> (i32, String) {
    run(
        d,
        &[
            "sc-prop",
            "--cells",
            "tenx",
            "--sample",
            "sample",
            "--cluster",
            "cluster",
            "--group",
            "group",
            "--json",
        ],
    )
}

const BANNER: &str = "%%MatrixMarket matrix coordinate integer general\n";
const FEATURES: &str = "ENSG1\tA\tGene Expression\nENSG2\tB\tGene Expression\n";

#[test]
fn mtx_index_out_of_range_names_file_and_line() {
    let d = tenx(
        "mtx-range",
        &format!("{BANNER}%comment\n2 4 3\n1 1 4\n3 2 1\n2 4 2\n"),
        FEATURES,
    );
    let (code, err) = sc_prop_tenx(&d);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("matrix.mtx line 5: row index 3 is outside 1..2"),
        "{err}"
    );
}

#[test]
fn mtx_malformed_value_names_file_and_line() {
    let d = tenx(
        "mtx-value",
        &format!("{BANNER}2 4 2\n1 1 4\n2 3 x7\n"),
        FEATURES,
    );
    let (code, err) = sc_prop_tenx(&d);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("matrix.mtx line 4: value 'x7' is not an integer"),
        "{err}"
    );
}

#[test]
fn mtx_entry_count_mismatch_is_named() {
    let d = tenx(
        "mtx-count",
        &format!("{BANNER}2 4 3\n1 1 4\n2 3 7\n"),
        FEATURES,
    );
    let (code, err) = sc_prop_tenx(&d);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("matrix.mtx line 4: the size line declares 3 entries, the file has 2"),
        "{err}"
    );
}

#[test]
fn mtx_bad_banner_and_size_line_are_named() {
    let d = tenx("mtx-banner", "2 4 1\n1 1 4\n", FEATURES);
    let (code, err) = sc_prop_tenx(&d);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("matrix.mtx line 1: not a Matrix Market banner"),
        "{err}"
    );
    let d = tenx("mtx-size", &format!("{BANNER}2 four 1\n1 1 4\n"), FEATURES);
    let (code, err) = sc_prop_tenx(&d);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("matrix.mtx line 2: bad size line"), "{err}");
}

#[test]
fn tenx_feature_count_mismatch_and_duplicate_gene_are_named() {
    let d = tenx("mtx-features", &format!("{BANNER}3 4 1\n1 1 4\n"), FEATURES);
    let (code, err) = sc_prop_tenx(&d);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("features.tsv line 2: 2 genes listed") && err.contains("declares 3 rows"),
        "{err}"
    );
    let d = tenx(
        "mtx-dup-gene",
        &format!("{BANNER}2 4 1\n1 1 4\n"),
        "ENSG1\tA\nENSG1\tB\n",
    );
    let (code, err) = sc_prop_tenx(&d);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("features.tsv line 2: duplicated gene 'ENSG1' (first on line 1)"),
        "{err}"
    );
}

#[test]
fn sc_prop_pseudobulk_without_matrix_is_rejected() {
    let d = scratch("pb-no-matrix");
    std::fs::write(
        d.join("cells.csv"),
        "sample,cluster,group\ns1,T,A\ns2,T,A\ns3,B,B\ns4,T,B\n",
    )
    .unwrap();
    let (code, err) = run(
        &d,
        &[
            "sc-prop",
            "--cells",
            "cells.csv",
            "--sample",
            "sample",
            "--cluster",
            "cluster",
            "--group",
            "group",
            "--pseudobulk",
            "pb",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--pseudobulk needs --cells to be a 10x directory"),
        "{err}"
    );
}

#[test]
fn gsea_duplicated_gene_in_ranks_is_named() {
    let d = scratch("gsea-dup");
    std::fs::write(d.join("ranks.csv"), "gene,score\na,2.5\nb,1.0\na,0.3\n").unwrap();
    std::fs::write(d.join("sets.gmt"), "S1\tdesc\ta\tb\n").unwrap();
    let (code, err) = run(
        &d,
        &[
            "gsea",
            "--ranks",
            "ranks.csv",
            "--gmt",
            "sets.gmt",
            "--min-size",
            "1",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("duplicated gene id 'a' (lines 2 and 4)"),
        "{err}"
    );
}
