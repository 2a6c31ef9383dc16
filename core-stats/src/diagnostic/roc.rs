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
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_unstable_by(|&a, &b| score[a].total_cmp(&score[b]));
        if score[order[0]] == score[order[n - 1]] {
            return Err(DiagnosticError::ConstantScore {
                value: score[order[0]],
            });
        }
        // tie groups in increasing score: (start, end, cases, controls)
        let mut groups: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut s = 0;
        while s < n {
            let mut e = s;
            let (mut c, mut k) = (0, 0);
            while e < n && score[order[e]] == score[order[s]] {
                if label[order[e]] {
                    c += 1
                } else {
                    k += 1
                }
                e += 1;
            }
            groups.push((s, e, c, k));
            s = e;
        }
        let g = groups.len();
        let mut thresholds = Vec::with_capacity(g + 1);
        let mut sensitivities = Vec::with_capacity(g + 1);
        let mut specificities = Vec::with_capacity(g + 1);
        let mut placement = vec![0.0; n];
        let (mf, nf) = (n_pos as f64, n_neg as f64);
        let mut controls_below = 0usize;
        let mut cases_below = 0usize;
        let mut auc_sum = 0.0;
        for (gi, &(st, en, c, k)) in groups.iter().enumerate() {
            // threshold just below this group: everything from here up is positive
            let thr = if gi == 0 {
                f64::NEG_INFINITY
            } else {
                (score[order[groups[gi - 1].0]] + score[order[st]]) / 2.0
            };
            thresholds.push(thr);
            sensitivities.push((n_pos - cases_below) as f64 / mf);
            specificities.push(controls_below as f64 / nf);
            let v10 = (controls_below as f64 + 0.5 * k as f64) / nf;
            let v01 = ((n_pos - cases_below - c) as f64 + 0.5 * c as f64) / mf;
            for &i in &order[st..en] {
                placement[i] = if label[i] { v10 } else { v01 };
            }
            auc_sum += c as f64 * v10;
            controls_below += k;
            cases_below += c;
        }
        thresholds.push(f64::INFINITY);
        sensitivities.push(0.0);
        specificities.push(1.0);
        let case_placements = (0..n).filter(|&i| label[i]).map(|i| placement[i]).collect();
        let control_placements = (0..n)
            .filter(|&i| !label[i])
            .map(|i| placement[i])
            .collect();
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
