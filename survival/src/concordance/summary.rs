//! Printed forms of the concordance results, as `print.concordance`.

use std::fmt;

use prognos_core::{Cell, Table};

use super::{HarrellC, UnoC};

impl HarrellC {
    /// `concordance= … se= …` and the pair counts, as `print.concordance`.
    pub fn summary(&self) -> Table {
        let mut t = Table::new([
            "concordance",
            "se",
            "concordant",
            "discordant",
            "tied.x",
            "tied.y",
            "tied.xy",
        ])
        .with_title(format!("Harrell's C (n={})", self.n));
        t.push_row(
            "",
            [
                Cell::Num(self.c),
                Cell::Num(self.se),
                Cell::Num(self.concordant),
                Cell::Num(self.discordant),
                Cell::Num(self.tied_score),
                Cell::Num(self.tied_time),
                Cell::Num(self.tied_both),
            ],
        );
        t
    }
}

impl UnoC {
    /// Uno's C with its truncation time.
    pub fn summary(&self) -> Table {
        let mut t = Table::new(["concordance", "se", "tau"]).with_title("Uno's C (IPCW)");
        t.push_row(
            "",
            [Cell::Num(self.c), Cell::Num(self.se), Cell::Num(self.tau)],
        );
        t
    }
}

impl fmt::Display for HarrellC {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

impl fmt::Display for UnoC {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
