//! The printed form of a [`NearestFit`]: MatchIt's "Sample Sizes" table.

use super::NearestFit;
use prognos_core::Table;
use std::fmt;

impl NearestFit {
    /// Sample sizes as `summary(matchit(...))$nn`: rows All, Matched,
    /// Unmatched; columns Control, Treated.
    pub fn summary(&self) -> Table {
        let mut t = Table::new(["Control", "Treated"]).with_title(format!(
            "A matchit object: 1:{} nearest neighbor matching {} replacement, order {}{}",
            self.params.ratio,
            if self.params.replace {
                "with"
            } else {
                "without"
            },
            self.params.order.as_str(),
            match self.caliper_width {
                Some(w) => format!(", caliper {w:.6} (propensity-score scale)"),
                None => String::new(),
            }
        ));
        t.push_row("All", [self.n_control, self.n_treated]);
        t.push_row("Matched", [self.matched_control, self.matched_treated]);
        t.push_row(
            "Unmatched",
            [
                self.n_control - self.matched_control,
                self.n_treated - self.matched_treated,
            ],
        );
        t
    }
}

impl fmt::Display for NearestFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
