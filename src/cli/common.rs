//! What every subcommand shares: the `--json` switch and the output shape.

use std::time::Instant;

/// Flags every subcommand accepts.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct Common {
    /// Print the machine-readable JSON of the CLI contract instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// What a subcommand hands back to the dispatcher.
#[derive(Debug, Clone)]
pub struct Output {
    /// The contract's JSON object (the dispatcher adds `timing`).
    pub json: serde_json::Value,
    /// The readable, R-like rendering.
    pub text: String,
    /// Seconds spent in the statistical computation, excluding file reading.
    pub fit_s: f64,
}

/// A stopwatch for `fit_s`.
pub struct FitTimer(Instant);

impl FitTimer {
    /// Starts timing now.
    pub fn start() -> Self {
        FitTimer(Instant::now())
    }
    /// Seconds since start.
    pub fn seconds(&self) -> f64 {
        self.0.elapsed().as_secs_f64()
    }
}

/// Splits a comma-separated flag value (`a,b,c`) into trimmed, non-empty names.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// Parses a comma-separated list of numbers (`--times 180,365`); the error names the bad item.
pub fn parse_f64_list(flag: &str, s: &str) -> anyhow::Result<Vec<f64>> {
    split_list(s)
        .iter()
        .map(|x| {
            x.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| anyhow::anyhow!("{flag}: '{x}' is not a finite number"))
        })
        .collect()
}

/// Checks `--conf-level`: it must lie strictly between 0 and 1.
pub fn check_conf_level(level: f64) -> anyhow::Result<()> {
    if level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        anyhow::bail!("--conf-level must lie strictly between 0 and 1 (got {level})")
    }
}
