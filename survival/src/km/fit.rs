//! The product-limit kernel: sort once (radix), merge near-equal times,
//! scan once per group.

use super::ci::{limits, z_value};
use super::{KmCurve, KmError, KmFit, KmParams, KmRow, KmVariance, Median};
use crate::logrank::{LogrankError, LogrankTest, logrank, logrank_sorted};
use crate::timefix::order::{SortedRows, sort_rows};

/// Counts of one distinct time of one group, before the estimate.
#[derive(Debug, Clone, Copy)]
struct RawRow {
    time: f64,
    d: f64,
    c: f64,
    /// sum of squared weights of the events / censorings (robust variance)
    d2: f64,
    c2: f64,
}

impl KmParams {
    fn check(&self) -> Result<(), KmError> {
        if !(self.conf_level > 0.0 && self.conf_level < 1.0) {
            return Err(KmError::InvalidConfLevel(self.conf_level));
        }
        Ok(())
    }

    /// One Kaplan–Meier curve over all observations (label `"all"`).
    ///
    /// # Errors
    /// See [`KmError`].
    pub fn fit(
        &self,
        time: &[f64],
        event: &[bool],
        weights: Option<&[f64]>,
    ) -> Result<KmCurve, KmError> {
        let group = vec![0usize; time.len()];
        let mut fit = self.fit_groups(time, event, &group, &["all".to_string()], weights)?;
        Ok(fit.curves.pop().expect("one group"))
    }

    /// One curve per group: `group[i]` indexes `labels`. Near-equal times are
    /// merged over all groups together, as `survfit` does. Groups without
    /// observations get an empty curve.
    ///
    /// # Errors
    /// See [`KmError`].
    pub fn fit_groups(
        &self,
        time: &[f64],
        event: &[bool],
        group: &[usize],
        labels: &[String],
        weights: Option<&[f64]>,
    ) -> Result<KmFit, KmError> {
        let variance = self.validate(time, event, group, labels, weights)?;
        let rows = sort_rows(time, event, group, weights, self.timefix);
        Ok(self.curves(&rows, labels, variance))
    }

    /// [`KmParams::fit_groups`] and the log-rank test of the same groups
    /// ([`crate::logrank::logrank`], unweighted, no strata) from one sort of
    /// the data — what `survfit` + `survdiff` on one formula give. The test
    /// is `Err` when it cannot be computed (e.g. fewer than two groups with
    /// observations); its numbers are those of [`crate::logrank::logrank`].
    ///
    /// # Errors
    /// See [`KmError`].
    pub fn fit_groups_logrank(
        &self,
        time: &[f64],
        event: &[bool],
        group: &[usize],
        labels: &[String],
        weights: Option<&[f64]>,
    ) -> Result<(KmFit, Result<LogrankTest, LogrankError>), KmError> {
        if !self.timefix {
            // the log-rank test always merges near-equal times: two sorts
            let fit = self.fit_groups(time, event, group, labels, weights)?;
            return Ok((fit, logrank(time, event, group, labels, None)));
        }
        let variance = self.validate(time, event, group, labels, weights)?;
        let rows = sort_rows(time, event, group, weights, true);
        // the curves and the test (unweighted: it reads no weights) from the
        // same sorted rows, side by side
        let (fit, test) = rayon::join(
            || self.curves(&rows, labels, variance),
            || logrank_sorted(&rows, labels),
        );
        Ok((fit, test))
    }

    /// Checks the input; returns the variance R would use.
    fn validate(
        &self,
        time: &[f64],
        event: &[bool],
        group: &[usize],
        labels: &[String],
        weights: Option<&[f64]>,
    ) -> Result<KmVariance, KmError> {
        self.check()?;
        let n = time.len();
        if n == 0 {
            return Err(KmError::Empty);
        }
        check_len("event", event.len(), n)?;
        check_len("group", group.len(), n)?;
        if let Some(w) = weights {
            check_len("weights", w.len(), n)?;
            if let Some((row, &value)) = w
                .iter()
                .enumerate()
                .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
            {
                return Err(KmError::InvalidWeight { row, value });
            }
        }
        if let Some((row, &value)) = time.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(KmError::InvalidTime { row, value });
        }
        let k = labels.len();
        if let Some((row, &g)) = group
            .iter()
            .enumerate()
            .find(|(_, g)| **g >= k || **g >= 1 << 31)
        {
            return Err(KmError::GroupOutOfRange {
                row,
                group: g,
                n_groups: k,
            });
        }
        // R: robust (IJ) variance as soon as one weight is not an integer
        Ok(match weights {
            Some(w) if w.iter().any(|v| v.fract() != 0.0) => KmVariance::InfinitesimalJackknife,
            _ => KmVariance::Greenwood,
        })
    }

    /// The curves from the sorted rows: one scan collecting each group's
    /// counts per distinct time, then the estimate per group.
    fn curves(&self, rows: &SortedRows, labels: &[String], variance: KmVariance) -> KmFit {
        let k = labels.len();
        let mut raw: Vec<Vec<RawRow>> = vec![Vec::new(); k];
        let mut counts = vec![0usize; k];
        for (j, (&t, &tag)) in rows.time.iter().zip(&rows.tag).enumerate() {
            let g = (tag >> 1) as usize;
            counts[g] += 1;
            let w = rows.weight.as_ref().map_or(1.0, |w| w[j]);
            let r = match raw[g].last_mut() {
                Some(r) if r.time == t => r,
                _ => {
                    raw[g].push(RawRow {
                        time: t,
                        d: 0.0,
                        c: 0.0,
                        d2: 0.0,
                        c2: 0.0,
                    });
                    let last = raw[g].len() - 1;
                    &mut raw[g][last]
                }
            };
            if tag & 1 == 1 {
                r.d += w;
                r.d2 += w * w;
            } else {
                r.c += w;
                r.c2 += w * w;
            }
        }

        let z = z_value(self.conf_level);
        let curves = raw
            .iter()
            .zip(labels)
            .zip(counts)
            .map(|((rows, label), n)| self.finish(label.clone(), n, rows, variance, z))
            .collect();
        KmFit { curves }
    }

    /// Estimate, variance and limits from the counts of one group.
    fn finish(
        &self,
        label: String,
        n: usize,
        raw: &[RawRow],
        variance: KmVariance,
        z: f64,
    ) -> KmCurve {
        // numbers at risk accumulated from the last time back (as survfitkm.c,
        // so that the last risk set equals its events exactly)
        let m = raw.len();
        let mut n_risk = vec![0.0; m];
        let mut w2_risk = vec![0.0; m];
        let (mut acc, mut acc2) = (0.0, 0.0);
        for j in (0..m).rev() {
            acc += raw[j].d + raw[j].c;
            acc2 += raw[j].d2 + raw[j].c2;
            n_risk[j] = acc;
            w2_risk[j] = acc2;
        }
        let mut table = Vec::with_capacity(m);
        let mut s = 1.0;
        let mut greenwood = 0.0;
        // robust variance of log S: sum over observations of (w_i a_i(t))^2,
        // a_i(t) = -C(min(t, T_i)) + [event_i, T_i <= t] / (n(T_i) - d(T_i)),
        // C(t) = sum_{t_j <= t} h_j / (n_j - d_j), h_j = d_j / n_j
        let mut cum_c = 0.0;
        let mut ij_done = 0.0;
        let mut events = 0.0;
        for (j, r) in raw.iter().enumerate() {
            let nr = n_risk[j];
            events += r.d;
            if r.d > 0.0 {
                let left = nr - r.d;
                s *= left / nr;
                greenwood += if left > 0.0 {
                    r.d / (nr * left)
                } else {
                    f64::INFINITY
                };
                if left > 0.0 {
                    cum_c += r.d / nr / left;
                    let a = -cum_c + 1.0 / left;
                    ij_done += r.d2 * a * a;
                }
            }
            ij_done += r.c2 * cum_c * cum_c;
            let after = if j + 1 < m { w2_risk[j + 1] } else { 0.0 };
            let se_log = if s == 0.0 {
                match variance {
                    KmVariance::Greenwood => f64::INFINITY,
                    KmVariance::InfinitesimalJackknife => 0.0,
                }
            } else {
                match variance {
                    KmVariance::Greenwood => greenwood.sqrt(),
                    KmVariance::InfinitesimalJackknife => (ij_done + cum_c * cum_c * after).sqrt(),
                }
            };
            let (lower, upper) = limits(self.conf_type, z, s, se_log);
            table.push(KmRow {
                time: r.time,
                n_risk: nr,
                n_event: r.d,
                n_censor: r.c,
                survival: s,
                std_err: if s == 0.0 { 0.0 } else { s * se_log },
                std_err_log: se_log,
                lower,
                upper,
            });
        }
        let median = Median {
            estimate: minmin(&table, |r| Some(r.survival)),
            lower: minmin(&table, |r| r.lower),
            upper: minmin(&table, |r| r.upper),
        };
        KmCurve {
            label,
            n,
            events,
            table,
            median,
            conf_type: self.conf_type,
            conf_level: self.conf_level,
            variance,
        }
    }
}

fn check_len(what: &'static str, got: usize, expected: usize) -> Result<(), KmError> {
    if got == expected {
        Ok(())
    } else {
        Err(KmError::LengthMismatch {
            what,
            got,
            expected,
        })
    }
}

/// survival's `survmean` `minmin`: the first time at which `y < 0.5 + tol`
/// (NA values skipped); if that value equals 0.5 within tol and the curve
/// later drops below it, the midpoint of the two times.
fn minmin(table: &[KmRow], y: impl Fn(&KmRow) -> Option<f64>) -> Option<f64> {
    let tol = f64::EPSILON.sqrt();
    let mut kept = table
        .iter()
        .filter_map(|r| y(r).filter(|v| *v < 0.5 + tol).map(|v| (r.time, v)));
    let (t1, y1) = kept.next()?;
    if (y1 - 0.5).abs() < tol
        && let Some((t2, _)) = kept.find(|(_, v)| *v < y1)
    {
        return Some((t1 + t2) / 2.0);
    }
    Some(t1)
}

impl KmCurve {
    /// The curve at the requested times, as `summary(fit, times = times)`:
    /// survival and limits of the last row at or before each time (1 before
    /// the first), `n_risk` = (weighted) number with time `>= t`. Times after
    /// the last observed time are left out, as R does (`extend = FALSE`).
    pub fn at(&self, times: &[f64]) -> Vec<super::KmAt> {
        let last = self.table.last().map_or(f64::NEG_INFINITY, |r| r.time);
        times
            .iter()
            .filter(|&&t| t <= last)
            .map(|&t| {
                // rows with time <= t
                let k = self.table.partition_point(|r| r.time <= t);
                let (s, se_log) = if k == 0 {
                    (1.0, 0.0)
                } else {
                    (self.table[k - 1].survival, self.table[k - 1].std_err_log)
                };
                let n_risk = if k > 0 && self.table[k - 1].time == t {
                    self.table[k - 1].n_risk
                } else {
                    self.table.get(k).map_or(0.0, |r| r.n_risk)
                };
                // before the first time R reads the row survfit0 prepends at
                // time 0: survival, lower and upper all 1, whatever the scale
                let (lower, upper) = if k == 0 {
                    (Some(1.0), Some(1.0))
                } else {
                    (self.table[k - 1].lower, self.table[k - 1].upper)
                };
                super::KmAt {
                    time: t,
                    survival: s,
                    std_err: if s == 0.0 { 0.0 } else { s * se_log },
                    lower,
                    upper,
                    n_risk,
                }
            })
            .collect()
    }
}
