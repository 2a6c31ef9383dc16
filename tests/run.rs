//! End to end: `prognos run STUDY.toml` on the files `prognos demo`
//! writes reproduces the demo's numbers exactly (one pipeline), the
//! example study file runs on them, a failing analysis leaves the others
//! standing (exit 3, listed in results.json and the report), and a typo in
//! the study file is a one-line error naming the key (exit 2).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn prognos(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prognos"))
        .args(args)
        .output()
        .expect("runs")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("prognos-run-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn json(p: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

#[test]
fn run_reproduces_the_demo_and_survives_a_failed_analysis() {
    let demo = tmp("demo");
    let out = prognos(&[
        "demo",
        "--out",
        s(&demo),
        "--seed",
        "7",
        "--bootstrap",
        "50",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let demo_json = std::fs::read(demo.join("results.json")).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&demo_json).unwrap();
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
    // subgroups: four variables, two levels each, high risk worse in every level
    let subs = v["subgroups"].as_array().unwrap();
    assert_eq!(subs.len(), 4);
    for sg in subs {
        assert!(sg["interaction"]["p"].as_f64().unwrap() > 0.0, "{sg}");
        for l in sg["levels"].as_array().unwrap() {
            assert!(l["hr"].as_f64().unwrap() > 1.0, "{l}");
        }
    }
    // R 4.2.2, survival 3.5.3, on the same files (seed 7; the CT and WSI
    // scores are the networks' outputs the run wrote under plugins/;
    // tests/run_subgroups.R): coxph of the selected terms on training,
    // lp > training median, test cohorts pooled; anova(coxph(~ high + g),
    // coxph(~ high * g)); coxph(~ high) and survdiff within each level.
    let r_values: [(f64, [(f64, f64); 2]); 4] = [
        (
            0.670269591496142,
            [
                (2.7438160039423, 8.65233408770344e-14),
                (2.59260794428963, 1.62423527367463e-11),
            ],
        ),
        (
            0.641286613385486,
            [
                (2.85769760885926, 1.49392401783222e-12),
                (2.66108412347753, 3.92010232749567e-16),
            ],
        ),
        (
            0.126563052844588,
            [
                (4.05809098276857, 2.11143412399542e-07),
                (2.66965213388072, 1.99783155071867e-23),
            ],
        ),
        (
            0.580266656793839,
            [
                (3.08714119529225, 1.14762426157551e-11),
                (2.71097484344318, 2.93360772485332e-18),
            ],
        ),
    ];
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs();
    for (sg, (p_int, levels)) in subs.iter().zip(r_values) {
        let p = sg["interaction"]["p"].as_f64().unwrap();
        assert!(close(p, p_int), "{}: {p} vs R {p_int}", sg["variable"]);
        for (l, (hr, lr)) in sg["levels"].as_array().unwrap().iter().zip(levels) {
            let (h, q) = (l["hr"].as_f64().unwrap(), l["logrank_p"].as_f64().unwrap());
            assert!(close(h, hr) && close(q, lr), "{l}: R {hr} {lr}");
        }
    }
    for f in [
        "figures/km_subgroups.svg",
        "figures/km_subgroups.png",
        "figures/km_subgroups.csv",
        "figures/forest_subgroups.svg",
        "figures/forest_subgroups.png",
        "figures/forest_subgroups.csv",
        "study.toml",
    ] {
        assert!(demo.join(f).is_file(), "{f} missing");
    }
    let html = std::fs::read_to_string(demo.join("report.html")).unwrap();
    assert!(html.contains("Subgroup analysis") && html.contains("interaction p"));

    // 1. the study file the demo wrote reproduces every number
    let again = tmp("again");
    let out = prognos(&[
        "run",
        s(&demo.join("study.toml")),
        "--out",
        s(&again),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(again.join("results.json")).unwrap(),
        demo_json,
        "run on the demo's study file gives the demo's results.json"
    );
    for f in ["report.html", "report.pdf", "figures/km_risk_groups.png"] {
        assert!(again.join(f).is_file(), "{f} missing");
    }

    // 2. the shipped example study file, with the same seed and bootstrap
    let example =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/study.toml"))
            .unwrap()
            .replace("seed = 20251", "seed = 7")
            .replace("bootstrap = 1000 ", "bootstrap = 50 ");
    std::fs::write(demo.join("example.toml"), &example).unwrap();
    let ex = tmp("example");
    let out = prognos(&["run", s(&demo.join("example.toml")), "--out", s(&ex)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let e = json(&ex.join("results.json"));
    assert_eq!(e["cutoff"], v["cutoff"]);
    assert_eq!(e["performance"], v["performance"]);
    assert_eq!(e["subgroups"], v["subgroups"]);
    assert_eq!(e["omics"]["enrich"], v["omics"]["enrich"]);

    // 3. two analyses fail: the rest finishes, exit 3, errors recorded
    let broken = example
        .replace("column = \"male\"", "column = \"sex_missing\"")
        .replace("group = \"risk_group\"", "group = \"no_such_column\"");
    std::fs::write(demo.join("broken.toml"), broken).unwrap();
    let bad = tmp("broken");
    let out = prognos(&["run", s(&demo.join("broken.toml")), "--out", s(&bad)]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("subgroups") && stderr.contains("omics"),
        "{stderr}"
    );
    let b = json(&bad.join("results.json"));
    let failed: Vec<&str> = b["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["analysis"].as_str().unwrap())
        .collect();
    assert_eq!(failed, vec!["subgroups", "omics"]);
    assert!(
        b["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("sex_missing")
    );
    assert_eq!(b["performance"], v["performance"], "survival still ran");
    assert!(b["benefit"].is_object(), "benefit still ran");
    let html = std::fs::read_to_string(bad.join("report.html")).unwrap();
    assert!(html.contains("Failed analyses") && html.contains("sex_missing"));
    assert!(bad.join("report.pdf").is_file());

    // 4. a typo is a one-line error naming the key and its line (exit 2)
    std::fs::write(
        demo.join("typo.toml"),
        example.replace("p_threshold = 0.05", "p_treshold = 0.05"),
    )
    .unwrap();
    let out = prognos(&["run", s(&demo.join("typo.toml")), "--out", s(&tmp("typo"))]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("p_treshold") && err.contains("line 19") && err.lines().count() == 1,
        "{err}"
    );
}

/// A study whose plugin modality names a missing model folder, or whose
/// image column names a missing file, stops before anything is computed
/// with a one-line error naming the folder or file (exit 2).
#[test]
fn a_missing_plugin_model_or_image_file_is_a_one_line_error() {
    let dir = tmp("plugin-missing");
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let mut csv = String::from("patient_id,os_time,os_event,age,ct_image\n");
    for i in 0..20 {
        csv += &format!("P{i},{},{},{},data/ct/P{i}.nii.gz\n", 5 + i, i % 2, 50 + i);
    }
    std::fs::write(dir.join("data/training.csv"), csv).unwrap();
    let study = |config: &str| {
        format!(
            "[endpoint]\ntime = \"os_time\"\nevent = \"os_event\"\n\n\
             [[cohort]]\nname = \"training\"\nfile = \"data/training.csv\"\nrole = \"training\"\nid = \"patient_id\"\n\n\
             [[modality]]\nname = \"CT\"\nscore = \"ct_score\"\n\
             plugin = {{ name = \"ct-resnet3d\", input = \"ct_image\", config = {config:?} }}\n\n\
             [clinical]\ncovariates = [\"age\"]\n"
        )
    };
    let one_line_exit_2 = |name: &str, text: String, wanted: &[&str]| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let out = prognos(&[
            "run",
            s(&path),
            "--out",
            s(&dir.join(format!("out-{name}"))),
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        for w in wanted {
            assert!(err.contains(w), "{w:?} not in: {err}");
        }
    };
    // the model folder does not exist
    one_line_exit_2(
        "no_model.toml",
        study("models/ct"),
        &["modality CT", "models/ct", "model.json", "not found"],
    );
    // the model folder is there (the demo's shipped CT network), the images are not
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/models/ct");
    one_line_exit_2(
        "no_image.toml",
        study(s(&model)),
        &[
            "cohort 'training' row 0 (patient P0)",
            "column 'ct_image'",
            "P0.nii.gz",
            "not found",
        ],
    );
}
