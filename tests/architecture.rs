//! Holds the layer rules of ARCHITECTURE.md: dependencies point one way,
//! and the domain crates do no file or terminal I/O.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

/// Workspace package -> the workspace packages it may depend on.
fn allowed() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    let mut m = BTreeMap::new();
    m.insert("prognos-core", BTreeSet::new());
    m.insert("prognos-survival", ["prognos-core"].into());
    m.insert(
        "prognos-matching",
        ["prognos-core", "prognos-survival"].into(),
    );
    m.insert("prognos-omics", ["prognos-core"].into());
    m.insert(
        "prognos-models",
        [
            "prognos-core",
            "prognos-survival",
            "prognos-matching",
            "prognos-omics",
        ]
        .into(),
    );
    m.insert("prognos-plugins", BTreeSet::new());
    m.insert(
        "prognos-reports",
        [
            "prognos-core",
            "prognos-survival",
            "prognos-matching",
            "prognos-omics",
            "prognos-models",
        ]
        .into(),
    );
    m
}

/// External crates that belong to the outer layers only.
const OUTER_ONLY: [&str; 4] = ["polars", "anyhow", "clap", "indicatif"];

#[test]
fn dependencies_point_one_way() {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let allowed = allowed();
    let mut seen = 0;
    for pkg in meta["packages"].as_array().unwrap() {
        let name = pkg["name"].as_str().unwrap();
        let Some(ok) = allowed.get(name) else {
            continue;
        };
        seen += 1;
        for dep in pkg["dependencies"].as_array().unwrap() {
            if dep["kind"].as_str() == Some("dev") {
                continue;
            }
            let d = dep["name"].as_str().unwrap();
            if d.starts_with("prognos") {
                assert!(
                    ok.contains(d),
                    "{name} must not depend on {d} (see ARCHITECTURE.md)"
                );
            }
            if name != "prognos-plugins" && name != "prognos-reports" {
                assert!(
                    !OUTER_ONLY.contains(&d),
                    "{name} must not depend on {d}: outer layers only"
                );
            }
        }
    }
    assert_eq!(seen, allowed.len(), "every member crate was checked");
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn domain_crates_do_no_io() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let banned = [
        "std::fs",
        "File::open",
        "File::create",
        "println!",
        "eprintln!",
        "print!(",
        "std::io::stdin",
    ];
    for krate in ["core-stats", "survival", "matching", "omics", "models"] {
        let mut files = Vec::new();
        rust_files(&root.join(krate).join("src"), &mut files);
        for f in files {
            // test-only modules kept in their own files (`tests.rs`, `tests/`) may read fixtures
            let is_test = f.file_name().is_some_and(|n| n == "tests.rs")
                || f.components().any(|c| c.as_os_str() == "tests");
            if is_test {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap();
            // code inside #[cfg(test)] modules may print; check only the part before it
            let before_tests = text.split("#[cfg(test)]").next().unwrap_or("");
            // doc examples (`//!`, `///`) may print; code may not
            let body: String = before_tests
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            for b in banned {
                assert!(
                    !body.contains(b),
                    "{} uses {b}: domain crates do no I/O",
                    f.display()
                );
            }
        }
    }
}
