//! Where plugins are looked for: `--plugin-dir` directories first, then the
//! entries of `PROGNOS_PLUGIN_PATH` (separated as `PATH` is: `:` on Unix,
//! `;` on Windows). The host passes the variable's value in, so this module
//! reads no environment itself and tests stay deterministic.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The name of the environment variable the CLI reads.
pub const PLUGIN_PATH_VAR: &str = "PROGNOS_PLUGIN_PATH";

/// The search directories in priority order: `dirs` (from `--plugin-dir`),
/// then the entries of `env_value` (the value of `PROGNOS_PLUGIN_PATH`);
/// empty entries and repeats are dropped.
pub fn search_dirs(dirs: &[PathBuf], env_value: Option<&OsStr>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    let from_env = env_value
        .map(|v| std::env::split_paths(v).collect::<Vec<_>>())
        .unwrap_or_default();
    for d in dirs.iter().cloned().chain(from_env) {
        if !d.as_os_str().is_empty() && !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

/// Whether a file name looks like a shared library on this platform
/// (`.so` on Linux, `.dylib` on macOS, `.dll` on Windows).
pub fn is_library(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == std::env::consts::DLL_EXTENSION)
}

/// Every shared-library file directly inside the search directories, in
/// directory order then file-name order. Directories that do not exist or
/// cannot be read are skipped (a stale `PROGNOS_PLUGIN_PATH` entry is not an
/// error).
pub fn candidates(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in dirs {
        let Ok(entries) = std::fs::read_dir(d) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && is_library(p))
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dirs_come_first_then_env_without_repeats() {
        let env = std::env::join_paths(["/b", "", "/a"]).unwrap();
        let got = search_dirs(&[PathBuf::from("/a")], Some(env.as_os_str()));
        assert_eq!(got, vec![PathBuf::from("/a"), PathBuf::from("/b")]);
    }

    #[test]
    fn missing_directory_is_skipped() {
        assert!(candidates(&[PathBuf::from("/nonexistent/prognos/plugins")]).is_empty());
    }
}
