//! End to end through the C ABI: build the out-of-tree example plugin
//! (`plugins/example-plugin`, its own cargo workspace) into a target dir
//! under this test's `CARGO_TARGET_TMPDIR`, load it at run time, and check
//! the good path and every failure mode the host must turn into a typed
//! error.
#![cfg(feature = "loader")]

use prognos_plugins::abi::{InputKind, Modality};
use prognos_plugins::loader::{PluginError, PluginLibrary, Scorer, search};
use prognos_plugins::sdk::Input;
use std::path::PathBuf;

mod support;

/// The example plugin, built once per test binary.
fn example_library() -> &'static PathBuf {
    support::example_library(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        &PathBuf::from(env!("CARGO_TARGET_TMPDIR")),
    )
}

use support::features;

#[test]
fn descriptor_is_read_and_checked() {
    let lib = PluginLibrary::open(example_library()).unwrap();
    let info = lib.info();
    assert_eq!(info.name, "example-linear");
    assert_eq!(info.version, "0.1.0");
    assert_eq!(info.abi, 1);
    assert_eq!(info.modality, Modality::Tabular);
    assert_eq!(info.input, InputKind::FeatureVector);
    assert_eq!(info.input_shape, vec![Some(3)]);
    assert_eq!(info.embedding_dim, 3);
    assert_eq!(info.path.as_ref(), Some(example_library()));
}

#[test]
fn linear_score_matches_the_formula() {
    let lib = PluginLibrary::open(example_library()).unwrap();
    let mut m = lib.instantiate("weights=0.25,-1,3").unwrap();
    let p = m.score(&features(&[2.0, 1.0, 0.5])).unwrap();
    assert!((p.risk - (0.5 - 1.0 + 1.5)).abs() < 1e-12);
    assert_eq!(p.embedding, vec![0.5, -1.0, 1.5]);
    // Instances are independent and reusable.
    let mut d = lib.instantiate("").unwrap();
    assert!((d.score(&features(&[1.0, 1.0, 1.0])).unwrap().risk - 1.5).abs() < 1e-12);
    assert!((m.score(&features(&[0.0, 0.0, 1.0])).unwrap().risk - 3.0).abs() < 1e-12);
}

#[test]
fn found_through_plugin_path() {
    let dir = example_library().parent().unwrap().to_path_buf();
    let env = std::env::join_paths([dir.clone()]).unwrap();
    let dirs = search::search_dirs(&[], Some(env.as_os_str()));
    assert!(search::candidates(&dirs).contains(example_library()));
}

#[test]
fn wrong_abi_version_is_refused() {
    let err =
        PluginLibrary::open_symbol(example_library(), "prognos_plugin_test_abi99").unwrap_err();
    assert!(
        matches!(
            err,
            PluginError::AbiVersion {
                found: 99,
                expected: 1,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("ABI version 99"));
}

#[test]
fn missing_symbol_names_the_symbol() {
    let err = PluginLibrary::open_symbol(example_library(), "prognos_plugin_v7").unwrap_err();
    assert!(
        matches!(&err, PluginError::MissingSymbol { symbol, .. } if symbol == "prognos_plugin_v7")
    );
}

#[test]
fn non_library_file_is_an_open_error() {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("not-a-plugin.so");
    std::fs::write(&path, b"hello").unwrap();
    let err = PluginLibrary::open(&path).unwrap_err();
    assert!(matches!(err, PluginError::Open { .. }), "{err}");
}

#[test]
fn bad_config_is_a_create_error_with_the_plugins_message() {
    let lib = PluginLibrary::open(example_library()).unwrap();
    let err = lib.instantiate("weights=1,x,2").unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin example-linear: create failed: weights: 'x' is not a number"
    );
}

#[test]
fn nan_output_is_refused() {
    let lib = PluginLibrary::open(example_library()).unwrap();
    let mut m = lib.instantiate("mode=nan").unwrap();
    let err = m.score(&features(&[1.0, 2.0, 3.0])).unwrap_err();
    assert!(
        matches!(&err, PluginError::NonFiniteRisk { plugin, value } if plugin == "example-linear" && value.is_nan())
    );
}

#[test]
fn panic_is_caught_and_poisons_the_instance() {
    let lib = PluginLibrary::open(example_library()).unwrap();
    let mut m = lib.instantiate("mode=panic").unwrap();
    let err = m.score(&features(&[1.0, 2.0, 3.0])).unwrap_err();
    assert!(
        matches!(&err, PluginError::Panicked { message, .. } if message.contains("asked to panic")),
        "{err}"
    );
    let again = m.score(&features(&[1.0, 2.0, 3.0])).unwrap_err();
    assert!(matches!(again, PluginError::Panicked { .. }));
    // The library stays usable for fresh instances.
    let mut ok = lib.instantiate("").unwrap();
    assert!(ok.score(&features(&[1.0, 1.0, 1.0])).is_ok());
}

#[test]
fn wrong_embedding_length_is_refused() {
    let lib = PluginLibrary::open(example_library()).unwrap();
    let mut m = lib.instantiate("mode=short").unwrap();
    let err = m.score(&features(&[1.0, 2.0, 3.0])).unwrap_err();
    assert!(matches!(
        err,
        PluginError::EmbeddingLength {
            expected: 3,
            found: 1,
            ..
        }
    ));
}

#[test]
fn plugin_error_is_reported() {
    let lib = PluginLibrary::open(example_library()).unwrap();
    let mut m = lib.instantiate("mode=error").unwrap();
    let err = m.score(&features(&[1.0, 2.0, 3.0])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin example-linear: predict failed: example plugin asked to fail"
    );
}

#[test]
fn wrong_input_is_refused_before_the_call() {
    let lib = PluginLibrary::open(example_library()).unwrap();
    let mut m = lib.instantiate("").unwrap();
    let x = [1.0f32; 4];
    let err = m
        .score(&Input {
            kind: InputKind::FeatureVector,
            shape: &[4],
            data: &x,
        })
        .unwrap_err();
    assert!(matches!(err, PluginError::InputShape { .. }), "{err}");
    let err = m
        .score(&Input {
            kind: InputKind::Volume,
            shape: &[1, 1, 4],
            data: &x,
        })
        .unwrap_err();
    assert!(matches!(err, PluginError::InputKind { .. }), "{err}");
}
