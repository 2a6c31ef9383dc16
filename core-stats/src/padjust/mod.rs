//! p-value adjustment for multiple testing, as R p.adjust
//!
//! Being built; see the open issues.
