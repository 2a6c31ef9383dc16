//! # prognos
//!
//! The facade of the prognos suite: re-exports the domain crates and holds
//! the outer layers — the cohort-table data layer over polars
//! ([`data`]) and the command-line front door ([`cli`]).
#![deny(missing_docs)]

pub use prognos_core as core;
pub use prognos_matching as matching;
pub use prognos_models as models;
pub use prognos_omics as omics;
pub use prognos_plugins as plugins;
pub use prognos_reports as reports;
pub use prognos_survival as survival;

pub mod cli;
pub mod data;
