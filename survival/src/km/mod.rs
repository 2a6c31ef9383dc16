//! Kaplan-Meier estimation, as survival::survfit
//!
//! Being built; see the open issues.
