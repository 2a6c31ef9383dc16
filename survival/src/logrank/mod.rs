//! Log-rank tests, as survival::survdiff
//!
//! Being built; see the open issues.
