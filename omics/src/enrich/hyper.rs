//! The hypergeometric upper tail.

use statrs::function::gamma::ln_gamma;

fn ln_choose(n: f64, k: f64) -> f64 {
    ln_gamma(n + 1.0) - ln_gamma(k + 1.0) - ln_gamma(n - k + 1.0)
}

/// `P(X >= k)` for `X ~ Hypergeometric` drawing `n` from an urn of `big_n`
/// balls of which `big_k` are white, as
/// `phyper(k - 1, K, N - K, n, lower.tail = FALSE)`. The first term comes
/// from log-binomials, the rest from the ratio recurrence, so small tails
/// keep full relative precision.
pub fn phyper_upper(k: u64, big_k: u64, big_n: u64, n: u64) -> f64 {
    let lo = n.saturating_sub(big_n - big_k.min(big_n));
    let hi = big_k.min(n);
    if k <= lo {
        return 1.0;
    }
    if k > hi {
        return 0.0;
    }
    let (kf, bk, bn, nf) = (k as f64, big_k as f64, big_n as f64, n as f64);
    let ln_first = ln_choose(bk, kf) + ln_choose(bn - bk, nf - kf) - ln_choose(bn, nf);
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut x = kf;
    while x < hi as f64 {
        term *= (bk - x) * (nf - x) / ((x + 1.0) * (bn - bk - nf + x + 1.0));
        sum += term;
        if term < sum * 1e-17 {
            break;
        }
        x += 1.0;
    }
    (ln_first.exp() * sum).min(1.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn matches_r_phyper() {
        // R: phyper(4, 40, 960, 50, lower.tail = FALSE) = P(X >= 5)
        let p = super::phyper_upper(5, 40, 1000, 50);
        assert!((p - R1).abs() < 1e-12 * R1, "{p}");
        // phyper(11, 100, 19900, 300, lower.tail = FALSE)
        let p = super::phyper_upper(12, 100, 20000, 300);
        assert!((p - R2).abs() < 1e-10 * R2, "{p}");
        assert_eq!(super::phyper_upper(0, 10, 100, 5), 1.0);
    }
    const R1: f64 = 4.4469897153435425e-02;
    const R2: f64 = 3.3747457011461773e-08;
}
