//! Greedy nearest-neighbour matching on a scalar distance (the propensity
//! score) for the average treatment effect in the treated (ATT), as
//! `MatchIt::matchit(method = "nearest")` with the corrected fast matcher
//! of MatchIt ≥ 4.5.4.
//!
//! The algorithm: sort all units by distance (stable); visit the treated
//! units in the matching order (`largest` propensity first by default;
//! ties in data order); in each of `ratio` rounds every treated unit takes
//! the nearest still-available control on either side of it, the
//! lower-distance one on an exact tie, and none when the nearest one is
//! farther than the caliper (caliper × SD of the distance over all units).
//! With `exact` strata the same is done inside each stratum.
//!
//! ```
//! use prognos_matching::nearest::{NearestParams, MatchOrder};
//! let ps = [0.1, 0.4, 0.35, 0.45, 0.5];
//! let treated = [false, true, false, true, false];
//! let fit = NearestParams::default().order(MatchOrder::Largest).fit(&ps, &treated, None).unwrap();
//! assert_eq!(fit.sets[0].treated, 1);
//! assert_eq!(fit.sets[0].controls, vec![2]);
//! assert_eq!(fit.sets[1].controls, vec![4]);
//! ```
//!
//! Debian's MatchIt 4.5.1 takes an integer `abs()` of distance
//! differences (upstream issue #163): calipers are ignored and some pairs
//! differ. This module follows the corrected algorithm.

mod fit;
pub mod kernel;
mod params;
mod summary;

pub use params::{MatchOrder, NearestParams};

/// One treated unit and the controls matched to it (indices into the
/// input vectors), in the order they were picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedSet {
    /// The treated unit.
    pub treated: usize,
    /// Its matched controls (1 to `ratio`).
    pub controls: Vec<usize>,
}

/// The result of nearest-neighbour matching.
#[derive(Debug, Clone, PartialEq)]
pub struct NearestFit {
    /// Matched sets, one per matched treated unit, in data order of the
    /// treated unit.
    pub sets: Vec<MatchedSet>,
    /// Matching weights per unit, as MatchIt's `weights` (0 = unmatched).
    pub weights: Vec<f64>,
    /// The caliper on the distance scale (caliper × SD when standardised).
    pub caliper_width: Option<f64>,
    /// Number of treated units.
    pub n_treated: usize,
    /// Number of control units.
    pub n_control: usize,
    /// Treated units with at least one match.
    pub matched_treated: usize,
    /// Distinct controls matched at least once.
    pub matched_control: usize,
    /// Treated units left without a match (caliper, exact strata, or too
    /// few controls): reported, not an error.
    pub unmatched_treated: Vec<usize>,
    /// The options used.
    pub params: NearestParams,
}

impl NearestFit {
    /// Matched-set index of every unit (`None` = unmatched), as MatchIt's
    /// `subclass`; only meaningful without replacement (a reused control
    /// keeps its first set).
    pub fn subclass(&self) -> Vec<Option<usize>> {
        let mut s = vec![None; self.weights.len()];
        for (k, set) in self.sets.iter().enumerate() {
            s[set.treated] = Some(k);
            for &c in &set.controls {
                s[c].get_or_insert(k);
            }
        }
        s
    }

    /// Indices of all matched units (weight > 0), in data order.
    pub fn matched_units(&self) -> Vec<usize> {
        (0..self.weights.len())
            .filter(|&i| self.weights[i] > 0.0)
            .collect()
    }
}
