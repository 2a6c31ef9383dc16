//! The plugin SDK: implement [`RiskModel`] for a Rust type, invoke
//! [`export_plugin!`](crate::export_plugin) once, build the crate as a
//! `cdylib`, and the library speaks the [C ABI](crate::abi).
//!
//! ```ignore
//! use prognos_plugins::sdk::{BoxError, Input, Prediction, RiskModel};
//!
//! struct Linear { w: Vec<f32> }
//!
//! impl RiskModel for Linear {
//!     fn create(_config: &str) -> Result<Self, BoxError> {
//!         Ok(Linear { w: vec![0.5, -1.0, 2.0] })
//!     }
//!     fn predict(&mut self, input: &Input<'_>) -> Result<Prediction, BoxError> {
//!         let risk = self.w.iter().zip(input.data).map(|(w, x)| (w * x) as f64).sum();
//!         Ok(Prediction { risk, embedding: Vec::new() })
//!     }
//! }
//!
//! prognos_plugins::export_plugin! {
//!     model: Linear,
//!     name: "example-linear",
//!     version: "0.1.0",
//!     modality: Tabular,
//!     input: FeatureVector,
//!     shape: [3, 0, 0, 0],
//!     embedding_dim: 0,
//! }
//! ```
//!
//! At the boundary the SDK catches every panic (`catch_unwind`), turns it and
//! every `Err` into a status code plus a `last_error` message, and marks an
//! instance that panicked as poisoned so it is never called again.

pub mod ffi;

use crate::abi::InputKind;

/// The error type a [`RiskModel`] returns: any error, as its message is all
/// that crosses the C boundary.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// One patient's input, borrowed from the host for the duration of a call.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// What the array is (volume, tile bag, feature vector).
    pub kind: InputKind,
    /// Extent of each dimension (`ndim` entries).
    pub shape: &'a [usize],
    /// Row-major values, `shape.iter().product()` of them.
    pub data: &'a [f32],
}

/// A model's answer for one patient.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// Risk score; higher means higher hazard. Must be finite.
    pub risk: f64,
    /// Optional embedding (empty when the model declares `embedding_dim = 0`).
    pub embedding: Vec<f32>,
}

/// A risk model that can be exported as a plugin.
///
/// `create` receives the host's configuration string (for the reference
/// networks: the directory of trained weights); `predict` scores one input,
/// which the host has already checked against the declared kind and shape.
pub trait RiskModel: Send + Sized + 'static {
    /// Builds an instance from a UTF-8 configuration string.
    ///
    /// # Errors
    /// Any error; its message reaches the host's error.
    fn create(config: &str) -> Result<Self, BoxError>;

    /// Scores one patient.
    ///
    /// # Errors
    /// Any error; its message reaches the host's error.
    fn predict(&mut self, input: &Input<'_>) -> Result<Prediction, BoxError>;
}

/// Exports a [`RiskModel`] as the plugin's `prognos_plugin_v1` symbol.
///
/// `modality` is a [`Modality`](crate::abi::Modality) variant name, `input`
/// an [`InputKind`] variant name, `shape` the expected extents (0 = any),
/// `embedding_dim` the embedding length (0 = none). Use it once per library.
/// An optional `symbol:` (an identifier) exports under another name, which
/// tests use to ship broken variants next to the real one.
#[macro_export]
macro_rules! export_plugin {
    (
        model: $model:ty,
        name: $name:literal,
        version: $version:literal,
        modality: $modality:ident,
        input: $input:ident,
        shape: [$s0:expr, $s1:expr, $s2:expr, $s3:expr],
        embedding_dim: $edim:expr $(,)?
    ) => {
        $crate::export_plugin! {
            symbol: prognos_plugin_v1,
            abi_version: $crate::abi::ABI_VERSION,
            model: $model,
            name: $name,
            version: $version,
            modality: $modality,
            input: $input,
            shape: [$s0, $s1, $s2, $s3],
            embedding_dim: $edim,
        }
    };
    (
        symbol: $symbol:ident,
        abi_version: $abi:expr,
        model: $model:ty,
        name: $name:literal,
        version: $version:literal,
        modality: $modality:ident,
        input: $input:ident,
        shape: [$s0:expr, $s1:expr, $s2:expr, $s3:expr],
        embedding_dim: $edim:expr $(,)?
    ) => {
        #[allow(unsafe_code)]
        // SAFETY: `no_mangle` exports the entry point under its ABI name; the
        // function has the `EntryFnV1` signature and returns a pointer to a
        // 'static descriptor, as the ABI requires.
        #[unsafe(no_mangle)]
        pub extern "C" fn $symbol() -> *const $crate::abi::PluginDescriptorV1 {
            static DESCRIPTOR: $crate::abi::StaticDescriptor =
                $crate::abi::StaticDescriptor($crate::sdk::ffi::descriptor::<$model>(
                    $abi,
                    concat!($name, "\0").as_ptr().cast(),
                    concat!($version, "\0").as_ptr().cast(),
                    $crate::abi::Modality::$modality,
                    $crate::abi::InputKind::$input,
                    [$s0, $s1, $s2, $s3],
                    $edim,
                ));
            &DESCRIPTOR.0
        }
    };
}
