//! The survdiff kernel: one radix sort, one scan per stratum.

use nalgebra::{DMatrix, DVector};

use super::{LogrankError, LogrankGroup, LogrankTest, pchisq_upper};
use crate::timefix::aeq_sorted_in_place;
use crate::timefix::order::{SortedRows, order_by_time, pack_tag, sort_rows};

/// The log-rank test of `k = labels.len()` groups (`group[i]` indexes
/// `labels`), optionally within strata (`strata[i]` in `0..n_strata`), as
/// `survdiff(Surv(time, event) ~ group + strata(s))`.
///
/// # Errors
/// See [`LogrankError`].
pub fn logrank(
    time: &[f64],
    event: &[bool],
    group: &[usize],
    labels: &[String],
    strata: Option<&[usize]>,
) -> Result<LogrankTest, LogrankError> {
    let n = time.len();
    let len = |what, got| {
        if got == n {
            Ok(())
        } else {
            Err(LogrankError::LengthMismatch {
                what,
                got,
                expected: n,
            })
        }
    };
    len("event", event.len())?;
    len("group", group.len())?;
    if let Some(s) = strata {
        len("strata", s.len())?;
    }
    if let Some((row, &value)) = time.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(LogrankError::InvalidTime { row, value });
    }
    let k = labels.len();
    if let Some((row, &index)) = group
        .iter()
        .enumerate()
        .find(|(_, g)| **g >= k || **g >= 1 << 31)
    {
        return Err(LogrankError::IndexOutOfRange {
            what: "group",
            row,
            index,
            count: k,
        });
    }
    match strata {
        None => logrank_sorted(&sort_rows(time, event, group, None, true), labels),
        Some(s) => {
            let n_strata = s.iter().max().map_or(1, |m| m + 1);
            let (mut sorted, order) = order_by_time(time);
            aeq_sorted_in_place(&mut sorted);
            // stable counting sort of the time order by stratum
            let mut start = vec![0usize; n_strata + 1];
            for &v in s {
                start[v + 1] += 1;
            }
            for j in 0..n_strata {
                start[j + 1] += start[j];
            }
            let bounds = start.clone();
            let mut t2 = vec![0.0; n];
            let mut g2 = vec![0u32; n];
            for (&t, &i) in sorted.iter().zip(&order) {
                let i = i as usize;
                let st = s[i];
                t2[start[st]] = t;
                g2[start[st]] = pack_tag(group[i], event[i]);
                start[st] += 1;
            }
            test_from_sorted(&t2, &g2, &bounds, labels, n_strata)
        }
    }
}

/// The test of the rows of a [`SortedRows`] (one stratum; weights ignored:
/// `survdiff` counts observations).
pub(crate) fn logrank_sorted(
    rows: &SortedRows,
    labels: &[String],
) -> Result<LogrankTest, LogrankError> {
    test_from_sorted(&rows.time, &rows.tag, &[0, rows.time.len()], labels, 1)
}

/// The scan: rows sorted by merged time within each stratum
/// (`bounds[s]..bounds[s + 1]`), tagged `group << 1 | event`.
fn test_from_sorted(
    sorted: &[f64],
    tags: &[u32],
    bounds: &[usize],
    labels: &[String],
    n_strata: usize,
) -> Result<LogrankTest, LogrankError> {
    let k = labels.len();
    let mut counts = vec![0usize; k];
    for &tag in tags {
        counts[(tag >> 1) as usize] += 1;
    }
    let present = counts.iter().filter(|&&c| c > 0).count();
    if present < 2 {
        return Err(LogrankError::TooFewGroups(present));
    }

    let mut observed = vec![0.0; k];
    let mut expected = vec![0.0; k];
    let mut var = DMatrix::<f64>::zeros(k, k);
    let mut at_risk = vec![0.0f64; k];
    let mut deaths = vec![0.0f64; k];
    let mut leaving = vec![0.0f64; k];
    for w in bounds.windows(2) {
        let (lo, hi) = (w[0], w[1]);
        at_risk.iter_mut().for_each(|v| *v = 0.0);
        for &tag in &tags[lo..hi] {
            at_risk[(tag >> 1) as usize] += 1.0;
        }
        let mut n_risk = (hi - lo) as f64;
        let mut j = lo;
        while j < hi {
            let t = sorted[j];
            let mut d = 0.0;
            deaths.iter_mut().for_each(|v| *v = 0.0);
            leaving.iter_mut().for_each(|v| *v = 0.0);
            let mut m = j;
            while m < hi && sorted[m] == t {
                let tag = tags[m];
                let g = (tag >> 1) as usize;
                leaving[g] += 1.0;
                if tag & 1 == 1 {
                    deaths[g] += 1.0;
                    d += 1.0;
                }
                m += 1;
            }
            if d > 0.0 {
                for g in 0..k {
                    observed[g] += deaths[g];
                    expected[g] += d * at_risk[g] / n_risk;
                }
                if n_risk > 1.0 {
                    let kt = d * (n_risk - d) / (n_risk * (n_risk - 1.0));
                    for a in 0..k {
                        let tmp = at_risk[a] * kt;
                        if tmp == 0.0 {
                            continue;
                        }
                        var[(a, a)] += tmp;
                        for b in 0..k {
                            var[(a, b)] -= tmp * at_risk[b] / n_risk;
                        }
                    }
                }
            }
            for g in 0..k {
                at_risk[g] -= leaving[g];
            }
            n_risk -= (m - j) as f64;
            j = m;
        }
    }

    // survdiff: keep groups with E > 0, drop the first, solve
    let keep: Vec<usize> = (0..k).filter(|&g| expected[g] > 0.0).collect();
    let df = keep.len().saturating_sub(1);
    let chisq = if keep.len() < 2 {
        0.0
    } else {
        let idx = &keep[1..];
        let m = idx.len();
        let diff = DVector::from_iterator(m, idx.iter().map(|&g| observed[g] - expected[g]));
        let vv = DMatrix::from_fn(m, m, |a, b| var[(idx[a], idx[b])]);
        let sol = vv.lu().solve(&diff).ok_or(LogrankError::SingularVariance)?;
        sol.dot(&diff)
    };
    let groups = labels
        .iter()
        .enumerate()
        .map(|(g, l)| LogrankGroup {
            label: l.clone(),
            n: counts[g],
            observed: observed[g],
            expected: expected[g],
        })
        .collect();
    Ok(LogrankTest {
        groups,
        var,
        chisq,
        df,
        p_value: pchisq_upper(chisq, df),
        n_strata,
    })
}
