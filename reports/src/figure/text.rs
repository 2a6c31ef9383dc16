//! Number formatting for figure annotations (journal style, not R's
//! console style: `p < 0.001`, two decimals for ratios).

/// A p-value as journals print it: `p < 0.001` below 0.001, otherwise
/// two significant digits (three decimals at most), e.g. `p = 0.032`.
pub fn fmt_p(p: f64) -> String {
    if !p.is_finite() {
        return "p = NA".into();
    }
    if p < 0.001 {
        return "p < 0.001".into();
    }
    let s = if p >= 0.1 {
        format!("{p:.2}")
    } else {
        format!("{p:.3}")
    };
    format!("p = {s}")
}

/// A number with `decimals` decimals; `NA` when not finite.
pub fn fmt_num(v: f64, decimals: usize) -> String {
    if v.is_finite() {
        format!("{v:.decimals$}")
    } else {
        "NA".into()
    }
}

/// `est (lower–upper)` with `decimals` decimals, e.g. `0.72 (0.55–0.94)`.
pub fn fmt_ci(est: f64, lower: f64, upper: f64, decimals: usize) -> String {
    format!(
        "{} ({}\u{2013}{})",
        fmt_num(est, decimals),
        fmt_num(lower, decimals),
        fmt_num(upper, decimals)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_values_print_as_journals_want() {
        assert_eq!(fmt_p(0.0004), "p < 0.001");
        assert_eq!(fmt_p(0.0321), "p = 0.032");
        assert_eq!(fmt_p(0.512), "p = 0.51");
        assert_eq!(fmt_ci(0.7234, 0.551, 0.9449, 2), "0.72 (0.55\u{2013}0.94)");
    }
}
