//! Ordering observations by time: a stable LSD radix sort on the IEEE-754
//! bit pattern, O(n), used by Kaplan–Meier and the log-rank test where a
//! million rows must be ordered in a few milliseconds.

/// Maps an `f64` to a `u64` whose unsigned order is the numeric order
/// (`f64::total_cmp`): flip all bits of negatives, the sign bit of the rest.
#[inline]
pub(crate) fn order_key(v: f64) -> u64 {
    let b = v.to_bits();
    if b >> 63 == 1 { !b } else { b | (1 << 63) }
}

/// Inverse of [`order_key`].
#[inline]
pub(crate) fn key_value(k: u64) -> f64 {
    if k >> 63 == 1 {
        f64::from_bits(k & !(1 << 63))
    } else {
        f64::from_bits(!k)
    }
}

const BITS: u32 = 11;
const BUCKETS: usize = 1 << BITS;

/// Stable LSD radix sort of `(key, payload)` pairs by `key` (ascending),
/// O(n) per 11-bit digit. Only the digits on which some keys differ are
/// sorted (found from one OR-of-XOR pass), so keys that vary in a few bits
/// (integer day counts, dense ranks) take one or two passes.
pub(crate) fn radix_sort(v: &mut Vec<(u64, u32)>) {
    let n = v.len();
    if n < 2 {
        return;
    }
    let k0 = v[0].0;
    let varying = v.iter().fold(0u64, |m, e| m | (e.0 ^ k0));
    if varying == 0 {
        return;
    }
    // digits start at the lowest bit on which keys differ
    let lo = varying.trailing_zeros();
    let hi = 64 - varying.leading_zeros();
    let digits: Vec<u32> = (lo..hi)
        .step_by(BITS as usize)
        .filter(|&shift| (varying >> shift) & (BUCKETS as u64 - 1) != 0)
        .collect();
    let mut hist = vec![[0usize; BUCKETS]; digits.len()];
    for &(k, _) in v.iter() {
        for (h, &shift) in hist.iter_mut().zip(&digits) {
            h[((k >> shift) as usize) & (BUCKETS - 1)] += 1;
        }
    }
    let mut buf: Vec<(u64, u32)> = vec![(0, 0); n];
    for (h, &shift) in hist.iter_mut().zip(&digits) {
        let mut sum = 0;
        for c in h.iter_mut() {
            let x = *c;
            *c = sum;
            sum += x;
        }
        for &e in v.iter() {
            let d = ((e.0 >> shift) as usize) & (BUCKETS - 1);
            buf[h[d]] = e;
            h[d] += 1;
        }
        std::mem::swap(v, &mut buf);
    }
}

/// The permutation that sorts `times` ascending, ties kept in input order
/// (R's `order(time)`), together with the sorted times.
///
/// Digit passes on which every key agrees (e.g. the low mantissa bits of
/// integer-valued times) are skipped, so integer day counts sort in two or
/// three passes.
pub(crate) fn order_by_time(times: &[f64]) -> (Vec<f64>, Vec<u32>) {
    debug_assert!(times.len() <= u32::MAX as usize);
    sort_tagged(times, 0..times.len() as u32)
}

/// The times sorted ascending (stable) with a `u32` tag per row carried
/// along: the row index, or what the scan needs of the row (e.g. group and
/// status packed), so that the scan reads memory in order.
pub(crate) fn sort_tagged(times: &[f64], tags: impl Iterator<Item = u32>) -> (Vec<f64>, Vec<u32>) {
    let mut keys: Vec<(u64, u32)> = times
        .iter()
        .zip(tags)
        .map(|(&t, g)| (order_key(t), g))
        .collect();
    radix_sort(&mut keys);
    keys.into_iter().map(|(k, i)| (key_value(k), i)).unzip()
}

/// Observations sorted by time (ascending, ties in data order), near-equal
/// times merged when asked, with what a Kaplan–Meier or log-rank scan needs
/// of each row packed in order: `tag = group << 1 | event`, and the case
/// weight when there are weights.
pub(crate) struct SortedRows {
    /// Sorted (merged) times.
    pub time: Vec<f64>,
    /// `group << 1 | event` of each sorted row.
    pub tag: Vec<u32>,
    /// Case weights in sorted order (`None`: all 1).
    pub weight: Option<Vec<f64>>,
}

/// Packs a group index and a status into a [`SortedRows`] tag.
#[inline]
pub(crate) fn pack_tag(group: usize, event: bool) -> u32 {
    debug_assert!(group < (1 << 31));
    ((group as u32) << 1) | u32::from(event)
}

/// One radix sort of the rows by time, then (if `timefix`) one merging
/// pass; `group[i]` must be below 2^31.
pub(crate) fn sort_rows(
    time: &[f64],
    event: &[bool],
    group: &[usize],
    weights: Option<&[f64]>,
    timefix: bool,
) -> SortedRows {
    let (mut sorted, tag, weight) = match weights {
        None => {
            let tags = event.iter().zip(group).map(|(&e, &g)| pack_tag(g, e));
            let (s, t) = sort_tagged(time, tags);
            (s, t, None)
        }
        Some(w) => {
            let (s, order) = order_by_time(time);
            let tag = order
                .iter()
                .map(|&i| pack_tag(group[i as usize], event[i as usize]))
                .collect();
            let ws = order.iter().map(|&i| w[i as usize]).collect();
            (s, tag, Some(ws))
        }
    };
    if timefix {
        super::aeq_sorted_in_place(&mut sorted);
    }
    SortedRows {
        time: sorted,
        tag,
        weight,
    }
}

/// Bits needed to store the values `0..n` (at least 1).
#[inline]
pub(crate) fn bits_for(n: usize) -> u32 {
    (usize::BITS - n.saturating_sub(1).leading_zeros()).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_roundtrip_and_order() {
        let v = [
            -3.5,
            -0.0,
            0.0,
            1e-300,
            2.0,
            1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for &x in &v {
            assert_eq!(key_value(order_key(x)).to_bits(), x.to_bits());
        }
        let mut s = v.to_vec();
        s.sort_by(f64::total_cmp);
        let keys: Vec<u64> = s.iter().map(|&x| order_key(x)).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn stable_order_matches_std() {
        let t: Vec<f64> = (0..5000)
            .map(|i| ((i * 7919) % 101) as f64 * 0.37 + (i % 3) as f64)
            .collect();
        let (st, ord) = order_by_time(&t);
        let mut expect: Vec<u32> = (0..t.len() as u32).collect();
        expect.sort_by(|&a, &b| t[a as usize].total_cmp(&t[b as usize]));
        assert_eq!(ord, expect);
        assert!(st.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn radix_sort_is_stable_on_any_keys() {
        let mut v: Vec<(u64, u32)> = (0..20_000u32)
            .map(|i| {
                (
                    (u64::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (i % 61)) % 977,
                    i,
                )
            })
            .collect();
        let mut expect = v.clone();
        expect.sort_by_key(|e| e.0);
        radix_sort(&mut v);
        assert_eq!(v, expect);
        let mut w: Vec<(u64, u32)> = (0..5000u32)
            .map(|i| (u64::MAX - u64::from(i % 7), i))
            .collect();
        let mut ew = w.clone();
        ew.sort_by_key(|e| e.0);
        radix_sort(&mut w);
        assert_eq!(w, ew);
        assert_eq!(bits_for(1), 1);
        assert_eq!(bits_for(2), 1);
        assert_eq!(bits_for(3), 2);
        assert_eq!(bits_for(1024), 10);
        assert_eq!(bits_for(1025), 11);
    }
}
