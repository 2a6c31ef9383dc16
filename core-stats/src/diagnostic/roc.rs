//! The empirical ROC curve, its AUC and DeLong placement values, as pROC.

use super::DiagnosticError;
use super::error::check_inputs;
use crate::table::{Cell, Table};
use std::fmt;

/// An empirical ROC curve of a score against a 0/1 label, direction `<`
/// (a higher score means positive), as `pROC::roc(levels = c(0, 1), direction = "<")`.
///
/// Thresholds are pROC's: `-Inf`, the midpoints between adjacent distinct
/// scores, `+Inf`, increasing; a subject is called positive when
/// `score >= threshold`. Sensitivity therefore decreases and specificity
/// increases along the vectors.
#[derive(Debug, Clone)]
pub struct Roc {
    /// Thresholds, increasing, from `-Inf` to `+Inf`.
    pub thresholds: Vec<f64>,
    /// Sensitivity at each threshold.
    pub sensitivities: Vec<f64>,
    /// Specificity at each threshold.
    pub specificities: Vec<f64>,
    /// Area under the curve (Mann–Whitney, ties count one half).
    pub auc: f64,
    /// Number of positive subjects (cases).
    pub n_pos: usize,
    /// Number of negative subjects (controls).
    pub n_neg: usize,
    /// DeLong placement value of each case, in data order:
    /// V10_i = (#controls below + ½ #controls tied) / n_neg.
    pub case_placements: Vec<f64>,
    /// DeLong placement value of each control, in data order:
    /// V01_j = (#cases above + ½ #cases tied) / n_pos.
    pub control_placements: Vec<f64>,
}

impl Roc {
    /// Builds the curve, AUC and placement values in O(n log n) (one sort,
    /// then one pass over tie groups: the Sun & Xu (2014) construction of
    /// the DeLong placements without pairwise comparisons).
    ///
    /// # Errors
    /// Length mismatch, a non-finite score, one class absent, or a constant score.
    ///
    /// # References
    /// Sun X, Xu W (2014). Fast implementation of DeLong's algorithm for comparing
    /// the areas under correlated ROC curves. *IEEE Signal Process Lett* 21:1389–93.
    /// Robin X et al. (2011). pROC. *BMC Bioinformatics* 12:77.
    pub fn new(score: &[f64], label: &[bool]) -> Result<Roc, DiagnosticError> {
        let (n_pos, n_neg) = check_inputs(score, label)?;
        let n = score.len();
        // one radix sort of (key, index); everything after it streams in score order
        let mut keys: Vec<u64> = score.iter().map(|&v| crate::order::f64_key(v)).collect();
        let mut order: Vec<u32> = (0..n as u32).collect();
        crate::order::radix_pairs(&mut keys, &mut order);
        if keys[0] == keys[n - 1] {
            return Err(DiagnosticError::ConstantScore {
                value: score[order[0] as usize],
            });
        }
        let sorted_label: Vec<bool> = order.iter().map(|&i| label[i as usize]).collect();
        let mut thresholds = Vec::with_capacity(n + 1);
        let mut sensitivities = Vec::with_capacity(n + 1);
        let mut specificities = Vec::with_capacity(n + 1);
        let mut placement = vec![0.0; n];
        let (mf, nf) = (n_pos as f64, n_neg as f64);
        let mut controls_below = 0usize;
        let mut cases_below = 0usize;
        let mut auc_sum = 0.0;
        let mut prev_score = f64::NEG_INFINITY;
        let mut st = 0;
        while st < n {
            // the tie group [st, en) of equal scores, with c cases and k controls
            let mut en = st;
            let mut c = 0usize;
            while en < n && keys[en] == keys[st] {
                c += sorted_label[en] as usize;
                en += 1;
            }
            let k = en - st - c;
            let this_score = score[order[st] as usize];
            // threshold just below this group: everything from here up is positive
            let thr = if st == 0 {
                f64::NEG_INFINITY
            } else {
                (prev_score + this_score) / 2.0
            };
            thresholds.push(thr);
            sensitivities.push((n_pos - cases_below) as f64 / mf);
            specificities.push(controls_below as f64 / nf);
            let v10 = (controls_below as f64 + 0.5 * k as f64) / nf;
            let v01 = ((n_pos - cases_below - c) as f64 + 0.5 * c as f64) / mf;
            for j in st..en {
                placement[order[j] as usize] = if sorted_label[j] { v10 } else { v01 };
            }
            auc_sum += c as f64 * v10;
            controls_below += k;
            cases_below += c;
            prev_score = this_score;
            st = en;
        }
        thresholds.push(f64::INFINITY);
        sensitivities.push(0.0);
        specificities.push(1.0);
        let mut case_placements = Vec::with_capacity(n_pos);
        let mut control_placements = Vec::with_capacity(n_neg);
        for (&v, &y) in placement.iter().zip(label) {
            if y {
                case_placements.push(v)
            } else {
                control_placements.push(v)
            }
        }
        Ok(Roc {
            thresholds,
            sensitivities,
            specificities,
            auc: auc_sum / mf,
            n_pos,
            n_neg,
            case_placements,
            control_placements,
        })
    }

    /// The ROC curves of two scores on the same subjects (for the paired
    /// DeLong test), built concurrently on two threads; each is exactly
    /// [`Roc::new`] of its score.
    ///
    /// # Errors
    /// As [`Roc::new`], for either score.
    pub fn new_pair(
        score1: &[f64],
        score2: &[f64],
        label: &[bool],
    ) -> Result<(Roc, Roc), DiagnosticError> {
        let (a, b) = rayon::join(|| Roc::new(score1, label), || Roc::new(score2, label));
        Ok((a?, b?))
    }

    /// The curve as a table (`threshold sensitivity specificity`), as pROC's `coords(roc, "all")`.
    pub fn summary(&self) -> Table {
        let mut t = Table::new(["threshold", "sensitivity", "specificity"]).with_title(format!(
            "ROC curve (direction <): AUC = {}",
            crate::table::format_num(self.auc, 4)
        ));
        for i in 0..self.thresholds.len() {
            t.push_row(
                "",
                [
                    Cell::Num(self.thresholds[i]),
                    Cell::Num(self.sensitivities[i]),
                    Cell::Num(self.specificities[i]),
                ],
            );
        }
        t
    }
}

impl fmt::Display for Roc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
