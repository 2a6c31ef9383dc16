//! Out-of-process plugins: the example out-of-tree plugin (built as a
//! cdylib here) scored through `prognos plugin-host` children. A plugin
//! that aborts kills only its child: `prognos plugin run` ends with one
//! error line naming the plugin (exit 2), and a library caller keeps
//! running and can start a fresh instance.

use prognos_plugins::abi::InputKind;
use prognos_plugins::loader::{HostedPlugin, PluginError, Scorer};
use prognos_plugins::npy::write_npy_file;
use prognos_plugins::sdk::Input;
use std::path::{Path, PathBuf};
use std::process::Command;

const PROGNOS: &str = env!("CARGO_BIN_EXE_prognos");

#[path = "../plugins/tests/support/mod.rs"]
mod support;

/// The example plugin, built once per test binary.
fn example_library() -> &'static PathBuf {
    support::example_library(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plugins"),
        &PathBuf::from(env!("CARGO_TARGET_TMPDIR")),
    )
}

use support::features;

/// A folder with three patients' feature vectors and their manifest.
fn manifest(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("plugin-host-{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    let mut csv = String::from("patient_id,path\n");
    for (i, x) in [[1.0f32, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 1.0, 1.0]]
        .iter()
        .enumerate()
    {
        let file = format!("p{i}.npy");
        write_npy_file(&dir.join(&file), &[3], x).unwrap();
        csv.push_str(&format!("p{i},{file}\n"));
    }
    let path = dir.join("manifest.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

fn plugin_run(manifest: &Path, extra: &[&str]) -> std::process::Output {
    let out = manifest.with_file_name("scores.csv");
    Command::new(PROGNOS)
        .args(["plugin", "run", "--plugin"])
        .arg(example_library())
        .arg("--manifest")
        .arg(manifest)
        .arg("--out")
        .arg(&out)
        .args(extra)
        .output()
        .expect("run prognos")
}

#[test]
fn isolated_run_scores_like_the_formula() {
    let m = manifest("ok");
    let o = plugin_run(&m, &["--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let scores: Vec<f64> = j["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["score"].as_f64().unwrap())
        .collect();
    // Default weights 0.5, -1, 2.
    assert_eq!(scores, vec![0.5, -1.0, 1.5]);
    assert_eq!(j["plugin"]["name"], "example-linear");
}

#[test]
fn an_aborting_plugin_is_one_error_line_not_a_dead_prognos() {
    let m = manifest("abort");
    let o = plugin_run(&m, &["--config", "mode=abort"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("patient p0"), "{stderr}");
    assert!(
        stderr.contains("plugin example-linear: crashed in its plugin-host process"),
        "{stderr}"
    );
    assert!(stderr.contains("SIGABRT"), "{stderr}");
    assert!(stderr.contains("example plugin asked to abort"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn without_isolation_the_abort_takes_prognos_down() {
    use std::os::unix::process::ExitStatusExt;
    let m = manifest("in-process");
    let o = plugin_run(&m, &["--config", "mode=abort", "--isolate", "false"]);
    assert_eq!(o.status.signal(), Some(6), "{:?}", o.status);
}

#[test]
fn the_caller_survives_and_can_start_again() {
    let prognos = Path::new(PROGNOS);
    let mut bad = HostedPlugin::spawn(prognos, example_library(), "mode=abort").unwrap();
    assert_eq!(bad.info().name, "example-linear");
    let e = bad.score(&features(&[1.0, 2.0, 3.0])).unwrap_err();
    assert!(
        matches!(&e, PluginError::Crashed { plugin, status, .. }
            if plugin == "example-linear" && status.contains("signal 6")),
        "{e}"
    );
    // The instance stays dead, with the same error.
    assert_eq!(bad.score(&features(&[1.0, 2.0, 3.0])).unwrap_err(), e);
    // This process is alive; a fresh child works.
    let mut good = HostedPlugin::spawn(prognos, example_library(), "weights=1,1,1").unwrap();
    let p = good.score(&features(&[1.0, 2.0, 3.0])).unwrap();
    assert_eq!(p.risk, 6.0);
    assert_eq!(p.embedding, vec![1.0, 2.0, 3.0]);
}

#[test]
fn plugin_errors_cross_the_process_boundary() {
    let prognos = Path::new(PROGNOS);
    // create() failure: the child's message, naming the plugin.
    let e = HostedPlugin::spawn(prognos, example_library(), "weights=1,x,2").unwrap_err();
    assert_eq!(
        e.to_string(),
        "plugin example-linear: create failed: weights: 'x' is not a number"
    );
    // A caught panic and a NaN come back as errors; the child lives on.
    let mut p = HostedPlugin::spawn(prognos, example_library(), "mode=panic").unwrap();
    let e = p.score(&features(&[1.0, 2.0, 3.0])).unwrap_err();
    assert!(
        e.to_string().contains("example plugin asked to panic"),
        "{e}"
    );
    let mut n = HostedPlugin::spawn(prognos, example_library(), "mode=nan").unwrap();
    let e = n.score(&features(&[1.0, 2.0, 3.0])).unwrap_err();
    assert!(e.to_string().contains("non-finite risk"), "{e}");
    // A wrong input never reaches the child.
    let e = n
        .score(&Input {
            kind: InputKind::FeatureVector,
            shape: &[2],
            data: &[1.0, 2.0],
        })
        .unwrap_err();
    assert!(matches!(e, PluginError::InputShape { .. }), "{e}");
}
