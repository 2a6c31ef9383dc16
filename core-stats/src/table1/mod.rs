//! Baseline-characteristics table (Table 1) by group
//!
//! Being built; see the open issues.
