//! Number formatting as R prints it.

/// Formats `v` with `digits` significant digits the way R's `format`/`signif`
/// print a single number: fixed notation unless the number is very large or
/// very small, trailing zeros dropped.
pub fn format_num(v: f64, digits: usize) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Inf".into() } else { "-Inf".into() };
    }
    if v == 0.0 {
        return "0".into();
    }
    let digits = digits.clamp(1, 15);
    // scientific: mantissa with `digits` significant digits, trailing zeros dropped
    let s = format!("{:.*e}", digits - 1, v);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let sign = if e < 0 { '-' } else { '+' };
    let sci = format!("{}e{sign}{:02}", trim_zeros(m), e.abs());
    // fixed: as many decimals as the significant digits need (exponent of
    // the value rounded to `digits` significant digits)
    let decimals = (digits as i32 - 1 - e).max(0) as usize;
    let fixed = trim_zeros(&format!("{v:.decimals$}")).to_string();
    // R (scipen = 0) prints fixed notation unless it is wider than scientific
    if fixed.len() <= sci.len() { fixed } else { sci }
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// Formats a p-value as R's `format.pval(p, digits)` does with
/// `eps = .Machine$double.eps`-style floor at `2e-16`: values below the
/// floor print as `<2e-16`.
pub fn format_p(p: f64, digits: usize) -> String {
    if p.is_nan() {
        return "NA".into();
    }
    if p < 2e-16 {
        return "<2e-16".into();
    }
    format_num(p, digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_r() {
        assert_eq!(format_num(0.017045, 4), "0.01705");
        assert_eq!(format_num(1234.5678, 4), "1235");
        assert_eq!(format_num(-0.5, 4), "-0.5");
        assert_eq!(format_num(1.5e-6, 3), "1.5e-06");
        assert_eq!(format_num(0.0000649, 3), "6.49e-05");
        assert_eq!(format_num(0.000357, 3), "0.000357");
        assert_eq!(format_num(123456789.0, 3), "1.23e+08");
        assert_eq!(format_num(99.96, 3), "100");
        assert_eq!(format_num(f64::INFINITY, 3), "Inf");
        assert_eq!(format_p(1e-30, 3), "<2e-16");
        assert_eq!(format_p(0.04191, 3), "0.0419");
    }
}
