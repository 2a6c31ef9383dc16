//! Pearson and Spearman correlation with tests, as R cor.test
//!
//! Being built; see the open issues.
