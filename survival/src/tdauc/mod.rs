//! Cumulative/dynamic time-dependent ROC and AUC with IPCW weights
//!
//! Being built; see the open issues.
