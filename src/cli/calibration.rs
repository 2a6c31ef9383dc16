//! `prognos calibration`: not yet built (see the open issues).

/// Arguments (to be filled in as the CLI contract says).
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    /// Shared flags.
    pub common: super::common::Common,
}

/// Runs the subcommand.
pub fn run(_args: &Args) -> anyhow::Result<super::common::Output> {
    anyhow::bail!("this subcommand is not built yet")
}
