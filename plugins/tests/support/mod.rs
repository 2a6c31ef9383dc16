//! Test support shared by `plugins/tests/example_plugin.rs` and the
//! workspace's `tests/plugin_host.rs` (included there by `#[path]`): build
//! the out-of-tree example plugin once per test binary, and its input.

use prognos_plugins::abi::InputKind;
use prognos_plugins::sdk::Input;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Builds `plugins/example-plugin` (its own cargo workspace) once per test
/// binary into `tmp/example-plugin` and returns the library's path.
/// `plugins_dir` is the `plugins/` folder of the checkout.
pub fn example_library(plugins_dir: &Path, tmp: &Path) -> &'static PathBuf {
    static LIB: OnceLock<PathBuf> = OnceLock::new();
    LIB.get_or_init(|| {
        let manifest = plugins_dir.join("example-plugin/Cargo.toml");
        let target = tmp.join("example-plugin");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "--manifest-path"])
            .arg(&manifest)
            .arg("--target-dir")
            .arg(&target)
            .status()
            .expect("run cargo to build the example plugin");
        assert!(status.success(), "building the example plugin failed");
        target.join("debug").join(format!(
            "{}prognos_example_plugin.{}",
            std::env::consts::DLL_PREFIX,
            std::env::consts::DLL_EXTENSION
        ))
    })
}

/// The example plugin's input: a feature vector of length 3.
pub fn features(x: &[f32; 3]) -> Input<'_> {
    Input {
        kind: InputKind::FeatureVector,
        shape: &[3],
        data: x,
    }
}
