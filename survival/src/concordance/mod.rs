//! Concordance indices: Harrell's C as survival::concordance, Uno's C
//!
//! Being built; see the open issues.
