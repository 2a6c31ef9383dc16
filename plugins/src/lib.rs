//! # prognos-plugins
//!
//! Image-model plugins for prognos: a versioned C ABI through which a shared
//! library exports a risk-score model, an SDK that turns a Rust type into
//! such a library, the loader that finds, checks and calls them, and the
//! reference networks of the multimodal study (a CT 3D ResNet and a WSI
//! gated-attention MIL network) as built-in plugins. Plugins turn images into
//! one risk score per patient, which `prognos-models` then combines with
//! clinical covariates in a Cox model.
//!
//! | Module | What | Feature |
//! |---|---|---|
//! | [`abi`] | the `#[repr(C)]` descriptor and the `prognos_plugin_v1` symbol | always |
//! | [`sdk`] | [`sdk::RiskModel`] + [`export_plugin!`] for plugin authors | always |
//! | [`loader`] | [`loader::Scorer`], search paths, typed errors; [`loader::PluginLibrary`] (libloading) | library loading: `loader` (default) |
//! | [`npy`] | a small `.npy` reader/writer for volumes and tile bags | always |
//! | [`nifti`] | NIfTI-1 `.nii`/`.nii.gz` reader/writer for CT volumes and masks | always |
//! | [`nets`] | burn networks, losses, synthetic cohorts, training, built-ins | `nets` (default) |
//!
//! A plugin crate depends on this crate with `default-features = false`, so
//! it compiles the ABI and SDK only (no burn, no libloading).
//!
//! ## Why a hand-written C ABI (and not `abi_stable` or `stabby`)
//!
//! Both crates were evaluated (their docs; build cost ≈ 0.9 CPU-minute each
//! here). `abi_stable` checks the layout of every type reachable from a root
//! module at load time and leaks the library; `stabby` gives stable trait
//! objects and enums through a reflection/canary scheme. Both solve the
//! Rust-to-Rust problem of passing rich types (trait objects, `Vec`, enums)
//! across a library boundary. This ABI needs none of that: one descriptor of
//! scalars, static strings and four function pointers, and flat `f32`
//! buffers owned by the caller. A plain C ABI keeps plugins writable in any
//! language (C++, a ctypes-loaded Python extension, Rust with any compiler
//! version), adds no dependency to plugin crates, and is checked with two
//! integers (`abi_version`, `descriptor_size`) that a new version keeps at
//! the same offsets. The cost is `unsafe` code, confined to
//! [`sdk`]'s `ffi` module and the loader's `library` module, each block
//! with a `SAFETY` comment.
//!
//! ## Example: scoring through a plugin
//!
//! ```no_run
//! # #[cfg(feature = "loader")] {
//! use prognos_plugins::abi::InputKind;
//! use prognos_plugins::loader::{PluginLibrary, Scorer};
//! use prognos_plugins::sdk::Input;
//!
//! let lib = PluginLibrary::open("libexample_plugin.so".as_ref())?;
//! let mut model = lib.instantiate("weights=0.5,-1,2")?;
//! let x = [1.0f32, 2.0, 3.0];
//! let p = model.score(&Input { kind: InputKind::FeatureVector, shape: &[3], data: &x })?;
//! println!("{} risk {}", lib.info().name, p.risk);
//! # }
//! # Ok::<(), prognos_plugins::loader::PluginError>(())
//! ```
#![deny(missing_docs)]

pub mod abi;
pub mod loader;
#[cfg(feature = "nets")]
pub mod nets;
pub mod nifti;
pub mod npy;
pub mod sdk;
