//! Cox proportional-hazards regression, as survival::coxph
//!
//! Being built; see the open issues.
