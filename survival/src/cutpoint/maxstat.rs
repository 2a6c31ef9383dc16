//! Maximally selected log-rank statistic (`maxstat.test(smethod = "LogRank")`).

use prognos_core::htest::dist::pnorm;

use super::{CutMethod, Cutpoint, CutpointError, check_finite, split};

/// The maximally selected log-rank statistic with every candidate cut.
#[derive(Debug, Clone, PartialEq)]
pub struct MaxStat {
    /// The chosen cut-point (as a [`Cutpoint`]; `p_value` = Lau94 bound).
    pub cut: Cutpoint,
    /// Candidate cut-points (R `$cuts`), ascending.
    pub cuts: Vec<f64>,
    /// Standardised statistic at each candidate (R `$stats`).
    pub stats: Vec<f64>,
}

/// exactRankTests' `cscores(Surv(time, event), type = "LogRank")`.
pub(super) fn logrank_scores(time: &[f64], event: &[bool]) -> Vec<f64> {
    let n = time.len();
    let mut ord: Vec<usize> = (0..n).collect();
    ord.sort_by(|&a, &b| time[a].total_cmp(&time[b]));
    // rank = number of times <= t (ties get the largest rank); cumulative
    // sum of event / (N - rank + 1) in time order, read at the tie's end
    let mut scores = vec![0.0; n];
    let mut cum = 0.0;
    let mut j = 0;
    while j < n {
        let t = time[ord[j]];
        let mut k = j;
        while k < n && time[ord[k]] == t {
            k += 1;
        }
        let rank = k as f64;
        for &i in &ord[j..k] {
            if event[i] {
                cum += 1.0 / (n as f64 - rank + 1.0);
            }
        }
        for &i in &ord[j..k] {
            scores[i] = if event[i] { 1.0 } else { 0.0 } - cum;
        }
        j = k;
    }
    scores
}

/// Lausen, Sauerbrei & Schumacher (1994) p-value bound, maxstat's `pLausen94`.
fn p_lausen94(b: f64, n: usize, m: &[usize]) -> f64 {
    let nf = n as f64;
    let d: f64 = m
        .windows(2)
        .map(|w| {
            let (m1, m2) = (w[0] as f64, w[1] as f64);
            let t = (1.0 - m1 * (nf - m2) / ((nf - m1) * m2)).sqrt();
            1.0 / std::f64::consts::PI
                * (-b * b / 2.0).exp()
                * (t - (b * b / 4.0 - 1.0) * t.powi(3) / 6.0)
        })
        .sum();
    1.0 - (pnorm(b) - pnorm(-b)) + d
}

/// The maximally selected log-rank statistic of `score` for `(time, event)`,
/// cuts leaving at least `min_prop` of the rows on each side
/// (`minprop = min_prop, maxprop = 1 − min_prop`). Times are used as given
/// (maxstat does not merge near-equal times).
///
/// # Errors
/// See [`CutpointError`].
pub fn maxstat(
    time: &[f64],
    event: &[bool],
    score: &[f64],
    min_prop: f64,
) -> Result<MaxStat, CutpointError> {
    check_finite(score)?;
    check_finite(time)?;
    let n = score.len();
    for (what, got) in [("time", time.len()), ("event", event.len())] {
        if got != n {
            return Err(CutpointError::LengthMismatch {
                what,
                got,
                expected: n,
            });
        }
    }
    if !(0.0..0.5).contains(&min_prop) {
        return Err(CutpointError::InvalidMinProp(min_prop));
    }
    let max_prop = 1.0 - min_prop;
    let a = logrank_scores(time, event);
    let mut ord: Vec<usize> = (0..n).collect();
    ord.sort_by(|&i, &j| score[i].total_cmp(&score[j]));
    let nf = n as f64;
    let ss: f64 = a.iter().sum();
    let ss2: f64 = a.iter().map(|v| v * v).sum();
    let var_base = nf * ss2 - ss * ss;
    if var_base.abs() <= 1e-12 * (nf * ss2).max(f64::MIN_POSITIVE) {
        return Err(CutpointError::ConstantScores);
    }
    let lo = ((nf * min_prop).floor() as usize).max(1);
    let hi = (nf * max_prop).floor() as usize;
    let (mut cuts, mut stats, mut ms) = (Vec::new(), Vec::new(), Vec::new());
    let mut cum = 0.0;
    for m in 1..n {
        cum += a[ord[m - 1]];
        // a candidate cut after position m: the next value is a new distinct one
        if score[ord[m]] == score[ord[m - 1]] {
            continue;
        }
        let valid = if min_prop == 0.0 {
            true
        } else {
            m >= lo && m <= hi
        };
        if !valid {
            continue;
        }
        let mf = m as f64;
        let e = mf / nf * ss;
        let v = mf * (nf - mf) / (nf * nf * (nf - 1.0)) * var_base;
        cuts.push(score[ord[m - 1]]);
        stats.push(((cum - e) / v.sqrt()).abs());
        ms.push(m);
    }
    if stats.is_empty() {
        return Err(CutpointError::NoCandidate { min_prop, n });
    }
    let best = stats.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let k = stats.iter().position(|&s| s == best).expect("non-empty");
    let (n_low, n_high) = split(score, cuts[k]);
    let cut = Cutpoint {
        method: CutMethod::MaxStat,
        cutpoint: cuts[k],
        statistic: Some(best),
        // the bound can exceed 1 for small statistics (R returns it as is)
        p_value: Some(p_lausen94(best, n, &ms).min(1.0)),
        n_high,
        n_low,
    };
    Ok(MaxStat { cut, cuts, stats })
}
