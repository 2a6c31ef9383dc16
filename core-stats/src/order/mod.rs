//! Ordering of `f64` data: a stable LSD radix argsort, O(n) per byte pass.
//!
//! Sorting dominates the cost of ROC curves, concordance and risk-set
//! statistics on large cohorts; a comparison sort of indices pays for a
//! cache miss per comparison, this one streams through contiguous keys.

/// Maps an `f64` to a `u64` whose unsigned order is the numeric order
/// (−0.0 and +0.0 map to the same key; NaN sorts above +∞ or below −∞ by sign).
#[inline]
pub fn f64_key(x: f64) -> u64 {
    let b = (x + 0.0).to_bits(); // −0.0 + 0.0 = +0.0
    if b >> 63 == 1 { !b } else { b | (1 << 63) }
}

/// Indices that sort `x` increasingly; stable (equal values keep their index
/// order), so it equals `(0..n).sort_by(|a, b| x[a].total_cmp(&x[b]))` for
/// data without signed zeros or NaN. Small inputs fall back to a comparison sort.
pub fn argsort(x: &[f64]) -> Vec<usize> {
    let n = x.len();
    if n < 2048 || n > u32::MAX as usize {
        let mut o: Vec<usize> = (0..n).collect();
        o.sort_by(|&a, &b| f64_key(x[a]).cmp(&f64_key(x[b])));
        return o;
    }
    let mut keys: Vec<u64> = x.iter().map(|&v| f64_key(v)).collect();
    let mut idx: Vec<u32> = (0..n as u32).collect();
    radix_pairs(&mut keys, &mut idx);
    idx.into_iter().map(|i| i as usize).collect()
}

/// Sorts `keys` increasingly, carrying `payload` along (stable LSD radix,
/// 11-bit digits, passes whose digit is constant skipped).
pub fn radix_pairs(keys: &mut Vec<u64>, payload: &mut Vec<u32>) {
    const BITS: u32 = 11;
    const RADIX: usize = 1 << BITS;
    const PASSES: usize = 6; // 6 × 11 ≥ 64
    let n = keys.len();
    debug_assert_eq!(n, payload.len());
    let mut hist = vec![[0u32; RADIX]; PASSES];
    for &k in keys.iter() {
        for (p, h) in hist.iter_mut().enumerate() {
            h[((k >> (p as u32 * BITS)) as usize) & (RADIX - 1)] += 1;
        }
    }
    let mut k2 = vec![0u64; n];
    let mut p2 = vec![0u32; n];
    for (p, h) in hist.iter().enumerate() {
        if h.iter().any(|&c| c as usize == n) {
            continue; // every key has the same digit here
        }
        let mut offs = [0u32; RADIX];
        let mut acc = 0u32;
        for d in 0..RADIX {
            offs[d] = acc;
            acc += h[d];
        }
        let shift = p as u32 * BITS;
        for i in 0..n {
            let k = keys[i];
            let d = ((k >> shift) as usize) & (RADIX - 1);
            let o = offs[d] as usize;
            k2[o] = k;
            p2[o] = payload[i];
            offs[d] += 1;
        }
        std::mem::swap(keys, &mut k2);
        std::mem::swap(payload, &mut p2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn argsort_matches_stable_comparison_sort(
            v in proptest::collection::vec(
                prop_oneof![-1e6f64..1e6, Just(0.0), Just(1.5), Just(-2.0)], 0..5000)
        ) {
            let got = argsort(&v);
            let mut want: Vec<usize> = (0..v.len()).collect();
            want.sort_by(|&a, &b| v[a].partial_cmp(&v[b]).unwrap());
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn keys_order_as_numbers() {
        let v = [
            f64::NEG_INFINITY,
            -3.5,
            -1e-300,
            -0.0,
            0.0,
            1e-300,
            2.0,
            f64::INFINITY,
        ];
        for w in v.windows(2) {
            assert!(f64_key(w[0]) <= f64_key(w[1]), "{} {}", w[0], w[1]);
        }
        assert_eq!(f64_key(-0.0), f64_key(0.0));
    }

    #[test]
    fn large_input_uses_radix_and_is_stable() {
        let v: Vec<f64> = (0..10_000)
            .map(|i| ((i * 7919) % 101) as f64 - 50.0)
            .collect();
        let got = argsort(&v);
        let mut want: Vec<usize> = (0..v.len()).collect();
        want.sort_by(|&a, &b| v[a].partial_cmp(&v[b]).unwrap());
        assert_eq!(got, want);
    }
}
