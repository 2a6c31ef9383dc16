//! Example out-of-tree prognos plugin: `risk = Σ wᵢ xᵢ` over a 3-feature
//! vector, exported through the prognos C ABI with the SDK.
//!
//! Configuration (`create`'s string): `key=value` pairs separated by `;`:
//!
//! | Key | Default | Purpose |
//! |---|---|---|
//! | `weights` | `0.5,-1,2` | comma-separated coefficients (3 values) |
//! | `mode` | `ok` | `ok`; or a failure to exercise the host: `nan` (returns NaN), `panic` (panics in predict), `short` (embedding of the wrong length), `error` (returns an error), `abort` (aborts the whole process in predict, after a line on stderr: only a host that runs it out of process survives) |
//!
//! The library also exports `prognos_plugin_test_abi99`, a descriptor that
//! claims ABI version 99, so hosts can test their version check.

use prognos_plugins::sdk::{BoxError, Input, Prediction, RiskModel};

/// What `predict` does (test hook).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Ok,
    Nan,
    Panic,
    Short,
    Error,
    Abort,
}

/// The linear model.
struct Linear {
    weights: Vec<f64>,
    mode: Mode,
}

/// Configuration errors, named by key and value.
#[derive(Debug)]
enum ConfigError {
    Weight(String),
    WeightCount(usize),
    Mode(String),
    Key(String),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::Weight(v) => write!(f, "weights: '{v}' is not a number"),
            ConfigError::WeightCount(n) => write!(f, "weights: need 3 values, got {n}"),
            ConfigError::Mode(v) => write!(f, "mode: unknown value '{v}'"),
            ConfigError::Key(k) => write!(f, "unknown configuration key '{k}'"),
        }
    }
}

impl std::error::Error for ConfigError {}

impl RiskModel for Linear {
    fn create(config: &str) -> Result<Self, BoxError> {
        let mut model = Linear {
            weights: vec![0.5, -1.0, 2.0],
            mode: Mode::Ok,
        };
        for pair in config.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key.trim() {
                "weights" => {
                    model.weights = value
                        .split(',')
                        .map(|w| {
                            w.trim()
                                .parse::<f64>()
                                .map_err(|_| ConfigError::Weight(w.into()))
                        })
                        .collect::<Result<_, _>>()?;
                    if model.weights.len() != 3 {
                        return Err(ConfigError::WeightCount(model.weights.len()).into());
                    }
                }
                "mode" => {
                    model.mode = match value.trim() {
                        "ok" => Mode::Ok,
                        "nan" => Mode::Nan,
                        "panic" => Mode::Panic,
                        "short" => Mode::Short,
                        "error" => Mode::Error,
                        "abort" => Mode::Abort,
                        other => return Err(ConfigError::Mode(other.into()).into()),
                    }
                }
                other => return Err(ConfigError::Key(other.into()).into()),
            }
        }
        Ok(model)
    }

    fn predict(&mut self, input: &Input<'_>) -> Result<Prediction, BoxError> {
        let risk: f64 = self
            .weights
            .iter()
            .zip(input.data)
            .map(|(w, &x)| w * f64::from(x))
            .sum();
        // The embedding: the per-feature contributions.
        let embedding: Vec<f32> = self
            .weights
            .iter()
            .zip(input.data)
            .map(|(w, &x)| (w * f64::from(x)) as f32)
            .collect();
        match self.mode {
            Mode::Ok => Ok(Prediction { risk, embedding }),
            Mode::Nan => Ok(Prediction {
                risk: f64::NAN,
                embedding,
            }),
            Mode::Panic => panic!("example plugin asked to panic"),
            Mode::Short => Ok(Prediction {
                risk,
                embedding: embedding[..1].to_vec(),
            }),
            Mode::Error => Err("example plugin asked to fail".into()),
            Mode::Abort => {
                eprintln!("example plugin asked to abort");
                std::process::abort()
            }
        }
    }
}

prognos_plugins::export_plugin! {
    model: Linear,
    name: "example-linear",
    version: "0.1.0",
    modality: Tabular,
    input: FeatureVector,
    shape: [3, 0, 0, 0],
    embedding_dim: 3,
}

prognos_plugins::export_plugin! {
    symbol: prognos_plugin_test_abi99,
    abi_version: 99,
    model: Linear,
    name: "example-linear-abi99",
    version: "0.1.0",
    modality: Tabular,
    input: FeatureVector,
    shape: [3, 0, 0, 0],
    embedding_dim: 3,
}
