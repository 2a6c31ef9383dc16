//! The greedy nearest-neighbour kernel on a scalar distance.
//!
//! All units (treated and controls) are sorted once by distance (stable,
//! so equal distances keep data order, as R's `sort.list`). Without
//! replacement, the available controls to the left and right of every
//! position are found with two "skip pointer" arrays (a union–find over
//! positions with path halving): removing a matched control is O(1) and a
//! neighbour query is amortised near O(1), so matching n units costs
//! O(n log n) for the sort plus O(n α(n)) for the search.
//!
//! The matching rule is the one of MatchIt's `nn_matchC_vec` as corrected
//! in MatchIt 4.5.4 (floating-point `abs`): treated units are visited in
//! the given order, one round per match (`ratio` rounds); each takes the
//! nearest available control on either side of it in the sorted order, the
//! left (lower-distance) one when both are equally near; a control farther
//! than the caliper is not eligible, and so are all controls beyond it.

/// Whether control distance `dc` is eligible for treated distance `dt`:
/// MatchIt's `!(abs(dt - dc) > caliper)`.
#[inline]
fn within(caliper: Option<f64>, dt: f64, dc: f64) -> bool {
    caliper.is_none_or(|c| (dt - dc).abs() <= c)
}

/// Follows skip pointers to the representative of slot `i`, halving the
/// path on the way (the pointers only ever move outwards, so this is a
/// valid union–find "find").
#[inline]
fn find(links: &mut [usize], mut i: usize) -> usize {
    while links[i] != i {
        let next = links[links[i]];
        links[i] = next;
        i = next;
    }
    i
}

/// Greedy nearest-neighbour matching of treated units to controls on a
/// scalar distance.
///
/// - `distance`, `treated`: one entry per unit; distances must be finite
///   (checked by the caller).
/// - `order`: the treated units (indices into `distance`) in the order in
///   which they pick their matches.
/// - `ratio`: number of controls per treated unit (≥ 1).
/// - `replace`: whether a control may be matched to several treated units.
/// - `caliper`: maximal |distance difference| of a pair, on the distance
///   scale (already multiplied by the SD when standardised).
///
/// Returns, for each entry of `order`, the matched controls (unit indices)
/// in the order they were picked (round 1 first). A treated unit that finds
/// no eligible control in a round takes no further part.
pub fn nearest_match(
    distance: &[f64],
    treated: &[bool],
    order: &[usize],
    ratio: usize,
    replace: bool,
    caliper: Option<f64>,
) -> Vec<Vec<usize>> {
    let n = distance.len();
    debug_assert_eq!(treated.len(), n);
    let mut sorted: Vec<usize> = (0..n).collect();
    // `sort_by` is stable: ties stay in data order, as R's `sort.list`.
    sorted.sort_by(|&a, &b| distance[a].total_cmp(&distance[b]));
    let mut pos = vec![0usize; n];
    for (p, &u) in sorted.iter().enumerate() {
        pos[u] = p;
    }
    let d: Vec<f64> = sorted.iter().map(|&u| distance[u]).collect();
    let is_control: Vec<bool> = sorted.iter().map(|&u| !treated[u]).collect();

    if replace {
        return with_replacement(&d, &is_control, &sorted, &pos, order, ratio, caliper);
    }

    // Slot s <-> sorted position s - 1; slot 0 (left) and slot n + 1
    // (right) are sentinels meaning "no control on this side".
    let mut left: Vec<usize> = (0..=n)
        .map(|s| {
            if s == 0 || is_control[s - 1] {
                s
            } else {
                s - 1
            }
        })
        .collect();
    let mut right: Vec<usize> = (0..=n + 1)
        .map(|s| {
            if s == n + 1 || (s >= 1 && is_control[s - 1]) {
                s
            } else {
                s + 1
            }
        })
        .collect();
    let mut remaining = is_control.iter().filter(|&&c| c).count();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); order.len()];

    'rounds: for r in 0..ratio {
        for (oi, &t) in order.iter().enumerate() {
            if remaining == 0 {
                break 'rounds;
            }
            if out[oi].len() < r {
                continue; // found nothing in an earlier round
            }
            let p = pos[t];
            let dt = d[p];
            let l = find(&mut left, p); // slot p = position p - 1
            let l = (l != 0)
                .then(|| l - 1)
                .filter(|&q| within(caliper, dt, d[q]));
            let rr = find(&mut right, p + 2); // slot p + 2 = position p + 1
            let rr = (rr != n + 1)
                .then(|| rr - 1)
                .filter(|&q| within(caliper, dt, d[q]));
            let q = match (l, rr) {
                (Some(a), Some(b)) => {
                    if (d[a] - dt).abs() <= (d[b] - dt).abs() {
                        a
                    } else {
                        b
                    }
                }
                (Some(a), None) => a,
                (None, Some(b)) => b,
                (None, None) => continue,
            };
            out[oi].push(sorted[q]);
            left[q + 1] = q;
            right[q + 1] = q + 2;
            remaining -= 1;
        }
    }
    out
}

/// With replacement every treated unit independently takes its `ratio`
/// nearest controls: a two-pointer walk outwards from its position, left
/// first on equal distance (what MatchIt's rounds reduce to when no
/// control is ever used up).
fn with_replacement(
    d: &[f64],
    is_control: &[bool],
    sorted: &[usize],
    pos: &[usize],
    order: &[usize],
    ratio: usize,
    caliper: Option<f64>,
) -> Vec<Vec<usize>> {
    let n = d.len();
    // prev[p]: nearest control position < p; next[p]: nearest > p.
    let mut prev = vec![None; n];
    let mut last = None;
    for p in 0..n {
        prev[p] = last;
        if is_control[p] {
            last = Some(p);
        }
    }
    let mut next = vec![None; n];
    let mut last = None;
    for p in (0..n).rev() {
        next[p] = last;
        if is_control[p] {
            last = Some(p);
        }
    }
    order
        .iter()
        .map(|&t| {
            let p = pos[t];
            let dt = d[p];
            let mut l = prev[p].filter(|&q| within(caliper, dt, d[q]));
            let mut r = next[p].filter(|&q| within(caliper, dt, d[q]));
            let mut picked = Vec::with_capacity(ratio);
            while picked.len() < ratio {
                let take_left = match (l, r) {
                    (Some(a), Some(b)) => (d[a] - dt).abs() <= (d[b] - dt).abs(),
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => break,
                };
                if take_left {
                    let a = l.unwrap_or_default();
                    picked.push(sorted[a]);
                    l = prev[a].filter(|&q| within(caliper, dt, d[q]));
                } else {
                    let b = r.unwrap_or_default();
                    picked.push(sorted[b]);
                    r = next[b].filter(|&q| within(caliper, dt, d[q]));
                }
            }
            picked
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force of the same greedy rule: scan every control.
    fn brute(
        distance: &[f64],
        treated: &[bool],
        order: &[usize],
        ratio: usize,
        replace: bool,
        caliper: Option<f64>,
    ) -> Vec<Vec<usize>> {
        let n = distance.len();
        let mut sorted: Vec<usize> = (0..n).collect();
        sorted.sort_by(|&a, &b| distance[a].total_cmp(&distance[b]));
        let mut pos = vec![0; n];
        for (p, &u) in sorted.iter().enumerate() {
            pos[u] = p;
        }
        let mut used = vec![false; n];
        let mut out = vec![Vec::new(); order.len()];
        for r in 0..ratio {
            for (oi, &t) in order.iter().enumerate() {
                if out[oi].len() < r {
                    continue;
                }
                let dt = distance[t];
                // best = smallest |diff|; ties: lower sorted position among
                // those left of t, else the left one (closest left position).
                let mut best: Option<usize> = None;
                for c in 0..n {
                    if treated[c] || (!replace && used[c]) || out[oi].contains(&c) {
                        continue;
                    }
                    let dc = (distance[c] - dt).abs();
                    if caliper.is_some_and(|k| dc > k) {
                        continue;
                    }
                    best = match best {
                        None => Some(c),
                        Some(b) => {
                            let db = (distance[b] - dt).abs();
                            let better = dc < db
                                || (dc == db && {
                                    // left side beats right side; on one side
                                    // the nearer position wins
                                    let (pc, pb, pt) = (pos[c], pos[b], pos[t]);
                                    match (pc < pt, pb < pt) {
                                        (true, false) => true,
                                        (false, true) => false,
                                        (true, true) => pc > pb,
                                        (false, false) => pc < pb,
                                    }
                                });
                            if better { Some(c) } else { Some(b) }
                        }
                    };
                }
                if let Some(c) = best {
                    used[c] = true;
                    out[oi].push(c);
                }
            }
        }
        out
    }

    #[test]
    fn simple_pairs_without_replacement() {
        // controls at 0.1, 0.35, 0.5; treated at 0.4 and 0.45 (largest first)
        let d = [0.1, 0.4, 0.35, 0.45, 0.5];
        let t = [false, true, false, true, false];
        let order = [3, 1];
        let m = nearest_match(&d, &t, &order, 1, false, None);
        assert_eq!(m, vec![vec![4], vec![2]]);
    }

    #[test]
    fn equal_distance_goes_to_lower_score() {
        let d = [0.25, 0.5, 0.75];
        let t = [false, true, false];
        let m = nearest_match(&d, &t, &[1], 1, false, None);
        assert_eq!(m, vec![vec![0]]);
    }

    #[test]
    fn caliper_excludes_far_controls() {
        let d = [0.1, 0.5, 0.9];
        let t = [false, true, false];
        let m = nearest_match(&d, &t, &[1], 1, false, Some(0.3));
        assert_eq!(m, vec![Vec::<usize>::new()]);
    }

    #[test]
    fn agrees_with_brute_force() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for case in 0..300 {
            let n = 2 + case % 40;
            // coarse grid so that exact ties occur
            let d: Vec<f64> = (0..n)
                .map(|_| (rng.random_range(0..20) as f64) / 20.0)
                .collect();
            let t: Vec<bool> = (0..n).map(|_| rng.random_bool(0.4)).collect();
            let order: Vec<usize> = (0..n).filter(|&i| t[i]).collect();
            let ratio = 1 + case % 3;
            let replace = case % 4 == 0;
            let caliper = if case % 2 == 0 { Some(0.12) } else { None };
            assert_eq!(
                nearest_match(&d, &t, &order, ratio, replace, caliper),
                brute(&d, &t, &order, ratio, replace, caliper),
                "case {case}"
            );
        }
    }
}
