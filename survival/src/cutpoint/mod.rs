//! Cut-point selection for risk scores: median, maxstat, Youden
//!
//! Being built; see the open issues.
