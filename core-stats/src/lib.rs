//! # prognos-core
//!
//! The statistical foundation of prognos: the summary [`Table`] that every
//! result prints through, probability distributions, p-value adjustment,
//! the classical two-group and k-group tests used in a paper's Table 1 and
//! methods section, correlation, and a seeded, parallel bootstrap engine.
//!
//! Every routine here takes plain slices and returns a result struct; none
//! reads files, prints, or touches the terminal (see `ARCHITECTURE.md`).
//!
//! ```
//! use prognos_core::table::{Table, Cell};
//! let mut t = Table::new(["coef", "p"]);
//! t.push_row("age", [Cell::Num(0.017), Cell::P(0.0419)]);
//! assert!(t.to_string().contains("age"));
//! ```
#![deny(missing_docs)]

pub mod table;

pub use table::{Cell, Table};
pub mod bootstrap;
pub mod correlation;
pub mod diagnostic;
pub mod glm;
pub mod htest;
pub mod order;
pub mod padjust;
pub mod rrng;
pub mod table1;

/// Re-export so downstream crates name one nalgebra.
pub use nalgebra;
