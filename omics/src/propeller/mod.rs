//! Cell-type proportion tests between groups of samples, as
//! `speckle::propeller` (Phipson et al. 2022).
//!
//! Per sample, the proportion of cells in each cluster is transformed
//! (logit of `(count + 0.5) / (total + 0.5 K)`, or `asin(sqrt(p))`), the
//! transformed proportions are fitted by limma with a group-means design
//! and robust empirical Bayes, and each cluster gets a moderated t-test
//! (two groups: first sorted group minus the second) or F-test (more
//! groups), BH-adjusted across clusters.
//!
//! # References
//! Phipson B et al. (2022). propeller: testing for differences in cell type
//! proportions in single cell data. *Bioinformatics* 38, 4720–4726.

use crate::adjust::p_adjust_bh;
use crate::limma::{
    EbayesParams, ExprMatrix, LimmaError, contrasts_fit, ebayes, group_means_design, lm_fit,
};
use crate::special::pchisq_upper;
use nalgebra::DMatrix;
use prognos_core::table::{Cell, Table};
use std::collections::BTreeMap;
use std::fmt;
use thiserror::Error;

/// The transform of the per-sample proportions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Transform {
    /// `log(p / (1 - p))` with `p = (count + 0.5) / (total + 0.5 K)` (default).
    #[default]
    Logit,
    /// `asin(sqrt(count / total))`.
    Asin,
}

/// Invalid input to [`propeller`].
#[derive(Debug, Error, Clone, PartialEq)]
pub enum PropellerError {
    /// Fewer than two groups.
    #[error("need at least 2 groups, found {found}")]
    TooFewGroups {
        /// Number of groups.
        found: usize,
    },
    /// A sample is labelled with two groups.
    #[error("sample '{sample}' belongs to two groups ('{first}' and '{second}')")]
    SampleInTwoGroups {
        /// Sample id.
        sample: String,
        /// First group seen.
        first: String,
        /// Second group seen.
        second: String,
    },
    /// A group has fewer than two samples.
    #[error("group '{group}' has {n} sample(s); each group needs at least 2")]
    SmallGroup {
        /// Group label.
        group: String,
        /// Samples in it.
        n: usize,
    },
    /// Input vectors differ in length.
    #[error("cluster, sample and group labels differ in length")]
    Length,
    /// The limma fit failed.
    #[error(transparent)]
    Limma(#[from] LimmaError),
}

/// One cluster's result.
#[derive(Debug, Clone, PartialEq)]
pub struct PropellerRow {
    /// Cluster label.
    pub cluster: String,
    /// Mean proportion per group (`PropMean.<group>`).
    pub props: BTreeMap<String, f64>,
    /// Ratio of mean proportions, first / second group (two groups only).
    pub prop_ratio: Option<f64>,
    /// Moderated t (two groups) .
    pub t: Option<f64>,
    /// Moderated F (more than two groups).
    pub f: Option<f64>,
    /// p-value.
    pub p: f64,
    /// BH-adjusted p-value across clusters.
    pub fdr: f64,
}

/// The result of [`propeller`].
#[derive(Debug, Clone, PartialEq)]
pub struct PropellerResult {
    /// Group levels, sorted.
    pub groups: Vec<String>,
    /// Samples, sorted.
    pub samples: Vec<String>,
    /// Rows sorted by p (ties keep cluster order).
    pub rows: Vec<PropellerRow>,
}

/// `speckle::propeller(clusters, sample, group, robust = TRUE, trend =
/// FALSE, transform)`; group levels and samples in sorted order.
///
/// # Errors
/// [`PropellerError`] variants for inconsistent labels or too few groups
/// or samples, and limma errors.
pub fn propeller(
    clusters: &[String],
    samples: &[String],
    groups: &[String],
    transform: Transform,
) -> Result<PropellerResult, PropellerError> {
    let n = clusters.len();
    if samples.len() != n || groups.len() != n {
        return Err(PropellerError::Length);
    }
    let mut cl: Vec<String> = clusters.to_vec();
    cl.sort();
    cl.dedup();
    let mut sm: Vec<String> = samples.to_vec();
    sm.sort();
    sm.dedup();
    let mut sample_group: BTreeMap<&str, &str> = BTreeMap::new();
    for (s, g) in samples.iter().zip(groups) {
        if let Some(prev) = sample_group.insert(s, g)
            && prev != g
        {
            {
                return Err(PropellerError::SampleInTwoGroups {
                    sample: s.clone(),
                    first: prev.to_string(),
                    second: g.clone(),
                });
            }
        }
    }
    let mut lv: Vec<String> = groups.to_vec();
    lv.sort();
    lv.dedup();
    if lv.len() < 2 {
        return Err(PropellerError::TooFewGroups { found: lv.len() });
    }
    let sg: Vec<String> = sm
        .iter()
        .map(|s| sample_group[s.as_str()].to_string())
        .collect();
    for l in &lv {
        let c = sg.iter().filter(|g| *g == l).count();
        if c < 2 {
            return Err(PropellerError::SmallGroup {
                group: l.clone(),
                n: c,
            });
        }
    }
    // counts: clusters x samples
    let ci: BTreeMap<&str, usize> = cl
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let si: BTreeMap<&str, usize> = sm
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let (k, m) = (cl.len(), sm.len());
    let mut tab = DMatrix::<f64>::zeros(k, m);
    for (c, s) in clusters.iter().zip(samples) {
        tab[(ci[c.as_str()], si[s.as_str()])] += 1.0;
    }
    let totals: Vec<f64> = (0..m).map(|j| tab.column(j).sum()).collect();
    let props = DMatrix::from_fn(k, m, |i, j| tab[(i, j)] / totals[j]);
    let trans = match transform {
        Transform::Logit => DMatrix::from_fn(k, m, |i, j| {
            let p = (tab[(i, j)] + 0.5) / (totals[j] + 0.5 * k as f64);
            (p / (1.0 - p)).ln()
        }),
        Transform::Asin => props.map(|p| p.sqrt().asin()),
    };
    let design = group_means_design(&sg, &lv, &[]);
    let prop_fit = lm_fit(
        &ExprMatrix::new(cl.clone(), sm.clone(), props),
        &design.matrix,
        &design.names,
        None,
    )?;
    let mean_props = |i: usize| -> BTreeMap<String, f64> {
        lv.iter()
            .enumerate()
            .map(|(j, l)| (l.clone(), prop_fit.coefficients[(i, j)]))
            .collect()
    };
    let y = ExprMatrix::new(cl.clone(), sm.clone(), trans);
    let params = EbayesParams {
        robust: true,
        ..Default::default()
    };
    let mut rows: Vec<PropellerRow> = Vec::with_capacity(k);
    if lv.len() == 2 {
        let fit = lm_fit(&y, &design.matrix, &design.names, None)?;
        let c = DMatrix::from_column_slice(2, 1, &[1.0, -1.0]);
        let fit2 = contrasts_fit(&fit, &c, &[format!("{}-{}", lv[0], lv[1])])?;
        let eb = ebayes(&fit2, &params)?;
        for i in 0..k {
            rows.push(PropellerRow {
                cluster: cl[i].clone(),
                props: mean_props(i),
                prop_ratio: Some(prop_fit.coefficients[(i, 0)] / prop_fit.coefficients[(i, 1)]),
                t: Some(eb.t[(i, 0)]),
                f: None,
                p: eb.p_value[(i, 0)],
                fdr: f64::NAN,
            });
        }
    } else {
        // Intercept + group effects; F-test on the group coefficients.
        let mut dm = design.matrix.clone();
        for r in 0..m {
            dm[(r, 0)] = 1.0;
        }
        let mut names = design.names.clone();
        names[0] = "Int".into();
        let fit = lm_fit(&y, &dm, &names, None)?;
        let q = lv.len() - 1;
        let sel = DMatrix::from_fn(lv.len(), q, |a, b| f64::from(u8::from(a == b + 1)));
        let sub = contrasts_fit(&fit, &sel, &names[1..])?;
        let eb = ebayes(&sub, &params)?;
        let cov = &sub.cov_coefficients;
        let sd: Vec<f64> = (0..q).map(|j| cov[(j, j)].sqrt()).collect();
        let cor = DMatrix::from_fn(q, q, |a, b| cov[(a, b)] / (sd[a] * sd[b]));
        let cinv = cor.try_inverse().ok_or(LimmaError::SingularDesign {
            column: names[1].clone(),
        })?;
        for i in 0..k {
            let t: Vec<f64> = (0..q).map(|j| eb.t[(i, j)]).collect();
            let mut fstat = 0.0;
            for a in 0..q {
                for b in 0..q {
                    fstat += t[a] * cinv[(a, b)] * t[b];
                }
            }
            fstat /= q as f64;
            // limma's classifyTestsF: df2 = df.prior + df.residual (not
            // capped at the pooled df as the t-tests are).
            let d2 = eb.df_prior.at(i) + sub.df_residual[i];
            let p = if d2.is_finite() {
                crate::special::pf_log(fstat, q as f64, d2, true).exp()
            } else {
                pchisq_upper(q as f64 * fstat, q as f64)
            };
            rows.push(PropellerRow {
                cluster: cl[i].clone(),
                props: mean_props(i),
                prop_ratio: None,
                t: None,
                f: Some(fstat),
                p,
                fdr: f64::NAN,
            });
        }
    }
    let p: Vec<f64> = rows.iter().map(|r| r.p).collect();
    for (r, a) in rows.iter_mut().zip(p_adjust_bh(&p)) {
        r.fdr = a;
    }
    rows.sort_by(|a, b| a.p.total_cmp(&b.p));
    Ok(PropellerResult {
        groups: lv,
        samples: sm,
        rows,
    })
}

impl PropellerResult {
    /// The table as speckle prints it (`PropMean.<group> PropRatio
    /// Tstatistic/Fstatistic P.Value FDR`).
    pub fn summary(&self) -> Table {
        let two = self.groups.len() == 2;
        let mut cols: Vec<String> = self
            .groups
            .iter()
            .map(|g| format!("PropMean.{g}"))
            .collect();
        if two {
            cols.push("PropRatio".into());
            cols.push("Tstatistic".into());
        } else {
            cols.push("Fstatistic".into());
        }
        cols.push("P.Value".into());
        cols.push("FDR".into());
        let mut t = Table::new(cols).with_title(format!(
            "propeller: {} samples in groups {}",
            self.samples.len(),
            self.groups.join(", ")
        ));
        for r in &self.rows {
            let mut cells: Vec<Cell> = self.groups.iter().map(|g| Cell::Num(r.props[g])).collect();
            if two {
                cells.push(r.prop_ratio.into());
                cells.push(r.t.into());
            } else {
                cells.push(r.f.into());
            }
            cells.push(Cell::P(r.p));
            cells.push(Cell::P(r.fdr));
            t.push_row(r.cluster.clone(), cells);
        }
        t
    }
}

impl fmt::Display for PropellerResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
