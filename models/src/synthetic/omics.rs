//! Synthetic omics for the demo: bulk expression with planted differential
//! pathways between risk groups, a GMT of gene sets, and single-cell
//! metadata with a shifted myeloid subpopulation.
//!
//! Bulk: 2,000 genes on the log2 scale, gene means ~ N(6, 2), gene SDs
//! ~ 0.3 + |N(0, 0.3)|. Three planted sets of 30 genes: `CYP450_METABOLISM`
//! (log2FC −1.2 in high risk: the cytochrome P450 signal of the MDLM
//! paper), `MYELOID_ACTIVATION` (+1.1) and `HYPOXIA` (+0.9); 57 background
//! sets of 30 random genes.
//!
//! Single cell: 10 patients (5 high, 5 low risk), about 6,400 cells each;
//! the `MDSC-like` myeloid subpopulation is three times as frequent in
//! high-risk patients.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Planted gene sets and their log2 fold change (high − low risk).
pub const PLANTED: [(&str, f64); 3] = [
    ("CYP450_METABOLISM", -1.2),
    ("MYELOID_ACTIVATION", 1.1),
    ("HYPOXIA", 0.9),
];

/// Bulk expression and the gene sets that annotate it.
#[derive(Debug, Clone)]
pub struct SyntheticBulk {
    /// Gene ids.
    pub genes: Vec<String>,
    /// Sample ids.
    pub samples: Vec<String>,
    /// log2 expression, genes × samples, row-major by gene.
    pub values: Vec<Vec<f64>>,
    /// Gene sets: (name, genes).
    pub sets: Vec<(String, Vec<String>)>,
}

/// One cell of the single-cell metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Patient (sample) id.
    pub sample: String,
    /// Cell type or subpopulation.
    pub cluster: &'static str,
    /// Risk group of the patient.
    pub group: &'static str,
}

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// Bulk expression for the given samples; `high[j]` is sample j's risk group.
pub fn bulk(seed: u64, samples: &[String], high: &[bool]) -> SyntheticBulk {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0b0c);
    let n_genes = 2000;
    let genes: Vec<String> = (1..=n_genes).map(|g| format!("G{g:04}")).collect();
    // gene sets: three planted, then background; planted genes are 0..90
    let mut sets: Vec<(String, Vec<String>)> = PLANTED
        .iter()
        .enumerate()
        .map(|(k, (name, _))| (name.to_string(), genes[30 * k..30 * (k + 1)].to_vec()))
        .collect();
    for s in 0..57 {
        let members: Vec<String> = (0..30)
            .map(|_| genes[rng.random_range(0..n_genes)].clone())
            .collect();
        let mut m = members;
        m.sort();
        m.dedup();
        sets.push((format!("PATHWAY_{:02}", s + 1), m));
    }
    let values = (0..n_genes)
        .map(|g| {
            let mu = 6.0 + 2.0 * normal(&mut rng);
            let sd = 0.3 + (0.3 * normal(&mut rng)).abs();
            let lfc = if g < 90 { PLANTED[g / 30].1 } else { 0.0 };
            (0..samples.len())
                .map(|j| mu + if high[j] { lfc } else { 0.0 } + sd * normal(&mut rng))
                .collect()
        })
        .collect();
    SyntheticBulk {
        genes,
        samples: samples.to_vec(),
        values,
        sets,
    }
}

/// Cell types and their baseline proportions.
const CELL_TYPES: [(&str, f64); 8] = [
    ("T cells", 0.30),
    ("B cells", 0.08),
    ("Epithelial", 0.25),
    ("Fibroblasts", 0.12),
    ("Endothelial", 0.06),
    ("Macrophages", 0.10),
    ("Dendritic cells", 0.04),
    ("MDSC-like", 0.05),
];

/// Single-cell metadata for 10 patients (5 high, 5 low risk).
pub fn single_cell(seed: u64) -> Vec<Cell> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5c5c);
    let mut cells = Vec::new();
    for p in 0..10 {
        let group = if p < 5 { "high" } else { "low" };
        let n = 6000 + rng.random_range(0..800);
        // patient-level variation, then the planted shift
        let mut w: Vec<f64> = CELL_TYPES
            .iter()
            .map(|(name, base)| {
                let shift = if *name == "MDSC-like" && group == "high" {
                    3.0
                } else {
                    1.0
                };
                base * shift * (0.25 * normal(&mut rng)).exp()
            })
            .collect();
        let total: f64 = w.iter().sum();
        w.iter_mut().for_each(|x| *x /= total);
        for _ in 0..n {
            let u: f64 = rng.random();
            let mut acc = 0.0;
            let mut k = CELL_TYPES.len() - 1;
            for (i, x) in w.iter().enumerate() {
                acc += x;
                if u < acc {
                    k = i;
                    break;
                }
            }
            cells.push(Cell {
                sample: format!("SC{:02}", p + 1),
                cluster: CELL_TYPES[k].0,
                group,
            });
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_plants_the_fold_changes() {
        let samples: Vec<String> = (0..40).map(|i| format!("S{i}")).collect();
        let high: Vec<bool> = (0..40).map(|i| i % 2 == 0).collect();
        let b = bulk(3, &samples, &high);
        assert_eq!(b.genes.len(), 2000);
        assert_eq!(b.sets.len(), 60);
        let diff = |g: usize| {
            let (mut h, mut l) = (0.0, 0.0);
            for j in 0..40 {
                if high[j] {
                    h += b.values[g][j]
                } else {
                    l += b.values[g][j]
                }
            }
            (h - l) / 20.0
        };
        let cyp: f64 = (0..30).map(diff).sum::<f64>() / 30.0;
        let bg: f64 = (100..400).map(diff).sum::<f64>() / 300.0;
        assert!((cyp + 1.2).abs() < 0.2, "{cyp}");
        assert!(bg.abs() < 0.1, "{bg}");
    }

    #[test]
    fn single_cell_has_ten_patients_and_about_64000_cells() {
        let c = single_cell(1);
        assert!((60_000..=68_000).contains(&c.len()), "{}", c.len());
        let mut s: Vec<&str> = c.iter().map(|x| x.sample.as_str()).collect();
        s.sort();
        s.dedup();
        assert_eq!(s.len(), 10);
        assert_eq!(single_cell(1), c);
    }
}
