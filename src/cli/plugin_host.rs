//! `prognos plugin-host --path LIB [--config CFG]` (hidden): the child
//! process of an isolated plugin. It loads one plugin library, makes one
//! instance with `CFG`, and answers predict requests on stdin/stdout in the
//! framed protocol of `prognos_plugins::loader::hosted` until stdin closes.
//! The parent (`HostedPlugin`, used by `prognos plugin run` by default)
//! turns a crash of this process into an error naming the plugin.
//!
//! Not meant to be run by hand: its stdout is binary frames.

use super::common::{Common, Output};
use prognos_plugins::loader::hosted::serve;
use std::path::PathBuf;

/// `prognos plugin-host`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The plugin library to load.
    #[arg(long)]
    pub path: PathBuf,
    /// Configuration string passed to the plugin's create().
    #[arg(long, default_value = "")]
    pub config: String,
    /// Shared flags (ignored).
    #[command(flatten)]
    pub common: Common,
}

/// Serves requests until stdin closes; load/create failures were already
/// reported to the parent and end the process with status 2.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    let mut input = std::io::stdin().lock();
    let mut output = std::io::stdout().lock();
    serve(&args.path, &args.config, &mut input, &mut output)?;
    Ok(Output {
        json: serde_json::json!({}),
        text: String::new(),
        fit_s: 0.0,
    })
}
