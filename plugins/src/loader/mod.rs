//! The host side: what a plugin is ([`PluginInfo`]), the one interface the
//! CLI scores through ([`Scorer`], implemented by loaded libraries and by the
//! built-in networks alike), the checks applied to every call, and where
//! plugins are searched for.
//!
//! Every call is checked on both sides of the boundary: the input's kind,
//! shape and length against the descriptor before `predict`; the risk
//! (finite) and the embedding length after it. Each failure is a typed
//! [`PluginError`] naming the plugin.
//!
//! A plugin built with the [SDK](crate::sdk) cannot unwind into the host: its
//! panics are caught and reported as [`PluginError::Panicked`]. A plugin
//! that panics across `extern "C"`, aborts or segfaults takes its process
//! down with it; [`HostedPlugin`] therefore runs a library in a
//! `prognos plugin-host` child process ([`hosted`]), where such a crash
//! becomes [`PluginError::Crashed`] and the caller carries on.

mod error;
#[cfg(feature = "loader")]
pub mod hosted;
#[cfg(feature = "loader")]
mod library;
pub mod search;

pub use error::PluginError;
#[cfg(feature = "loader")]
pub use hosted::HostedPlugin;
#[cfg(feature = "loader")]
pub use library::{PluginInstance, PluginLibrary};

use crate::abi::{InputKind, Modality};
use crate::sdk::{Input, Prediction};
use std::path::PathBuf;

/// What a plugin declares about itself (from its descriptor, or built in).
#[derive(Debug, Clone, PartialEq)]
pub struct PluginInfo {
    /// Model name (`"ct-resnet3d"`).
    pub name: String,
    /// Model version (`"0.1.0"`).
    pub version: String,
    /// ABI version (1).
    pub abi: u32,
    /// Modality scored.
    pub modality: Modality,
    /// Kind of input expected.
    pub input: InputKind,
    /// Expected extent of each input dimension; `None` = any.
    pub input_shape: Vec<Option<usize>>,
    /// Embedding length written per prediction (0 = none).
    pub embedding_dim: usize,
    /// The library file; `None` for a built-in plugin.
    pub path: Option<PathBuf>,
}

impl PluginInfo {
    /// The declared shape rendered as `[14, 54, 54]`, `*` for any extent.
    pub fn shape_string(&self) -> String {
        let parts: Vec<String> = self
            .input_shape
            .iter()
            .map(|s| s.map_or_else(|| "*".to_string(), |v| v.to_string()))
            .collect();
        format!("[{}]", parts.join(", "))
    }

    /// Checks an input against the declaration: kind, number of dimensions,
    /// fixed extents, and data length = product of the shape.
    ///
    /// # Errors
    /// [`PluginError::InputKind`], [`PluginError::InputShape`] or
    /// [`PluginError::InputLength`].
    pub fn check_input(&self, input: &Input<'_>) -> Result<(), PluginError> {
        if input.kind != self.input {
            return Err(PluginError::InputKind {
                plugin: self.name.clone(),
                expected: self.input.as_str(),
                found: input.kind.as_str(),
            });
        }
        let shape_ok = input.shape.len() == self.input_shape.len()
            && input
                .shape
                .iter()
                .zip(&self.input_shape)
                .all(|(&got, want)| want.is_none_or(|w| w == got));
        if !shape_ok {
            return Err(PluginError::InputShape {
                plugin: self.name.clone(),
                expected: self.shape_string(),
                found: format!("{:?}", input.shape),
            });
        }
        let needed: usize = input.shape.iter().product();
        if needed != input.data.len() {
            return Err(PluginError::InputLength {
                plugin: self.name.clone(),
                shape: format!("{:?}", input.shape),
                needed,
                len: input.data.len(),
            });
        }
        Ok(())
    }

    /// Checks a prediction: finite risk, embedding of the declared length.
    ///
    /// # Errors
    /// [`PluginError::NonFiniteRisk`] or [`PluginError::EmbeddingLength`].
    pub fn check_output(&self, p: &Prediction) -> Result<(), PluginError> {
        if !p.risk.is_finite() {
            return Err(PluginError::NonFiniteRisk {
                plugin: self.name.clone(),
                value: p.risk,
            });
        }
        if p.embedding.len() != self.embedding_dim {
            return Err(PluginError::EmbeddingLength {
                plugin: self.name.clone(),
                expected: self.embedding_dim,
                found: p.embedding.len(),
            });
        }
        Ok(())
    }
}

/// A ready-to-use model instance the host scores patients with: a loaded
/// plugin library or a built-in network.
pub trait Scorer {
    /// What the model declares.
    fn info(&self) -> &PluginInfo;

    /// Scores one patient; implementations check the input and output with
    /// [`PluginInfo::check_input`] / [`PluginInfo::check_output`].
    ///
    /// # Errors
    /// Any [`PluginError`], naming the plugin.
    fn score(&mut self, input: &Input<'_>) -> Result<Prediction, PluginError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> PluginInfo {
        PluginInfo {
            name: "t".into(),
            version: "0".into(),
            abi: 1,
            modality: Modality::Wsi,
            input: InputKind::TileBag,
            input_shape: vec![None, Some(4)],
            embedding_dim: 2,
            path: None,
        }
    }

    #[test]
    fn any_extent_accepts_every_bag_size() {
        let data = vec![0.0; 12];
        let input = Input {
            kind: InputKind::TileBag,
            shape: &[3, 4],
            data: &data,
        };
        assert_eq!(info().check_input(&input), Ok(()));
    }

    #[test]
    fn wrong_feature_dim_is_a_shape_error() {
        let data = vec![0.0; 15];
        let input = Input {
            kind: InputKind::TileBag,
            shape: &[3, 5],
            data: &data,
        };
        assert!(matches!(
            info().check_input(&input),
            Err(PluginError::InputShape { .. })
        ));
    }

    #[test]
    fn nan_and_short_embedding_are_rejected() {
        let nan = Prediction {
            risk: f64::NAN,
            embedding: vec![0.0; 2],
        };
        assert!(matches!(
            info().check_output(&nan),
            Err(PluginError::NonFiniteRisk { .. })
        ));
        let short = Prediction {
            risk: 1.0,
            embedding: vec![0.0; 1],
        };
        assert!(matches!(
            info().check_output(&short),
            Err(PluginError::EmbeddingLength {
                expected: 2,
                found: 1,
                ..
            })
        ));
    }
}
