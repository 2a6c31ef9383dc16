//! # prognos-matching
//!
//! Propensity-score methods for treatment-effect questions in prognosis
//! studies ("who benefits from radiotherapy in each risk group?"):
//! greedy nearest-neighbour matching for the ATT as
//! `MatchIt::matchit(method = "nearest", distance = "glm")` (with the
//! caliper fix of MatchIt 4.5.4), balance diagnostics as cobalt, IPTW
//! weights, and the treatment-benefit analysis that runs KM, log-rank and
//! Cox within each risk group before and after matching.
//!
//! Status: being built under the matching issue; nothing is exported yet.
#![deny(missing_docs)]
