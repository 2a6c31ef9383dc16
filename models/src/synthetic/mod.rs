//! A deterministic synthetic multi-centre head-and-neck cancer study, the
//! built-in data of `prognos demo`.
//!
//! The cohorts are sized as in the MDLM study (Tian et al., npj Digit. Med.
//! 2025): training 386, internal test 165, external tests 219, 101 and 160,
//! and 56 patients from a public archive with overall survival only.
//!
//! Each patient has clinical variables (age ~ N(63, 9) years, 85 % male,
//! T stage 1–4, N stage 0–3, differentiation, smoking, drinking), two
//! image-model risk readings (`ct_score`, `wsi_score`: noisy readings of an
//! unobserved tumour biology `u`; `prognos demo` plants them in each
//! patient's CT volume and WSI tile bag, which the reference networks then
//! score), postoperative radiotherapy (`rt`, more
//! likely at advanced stage: confounded), and overall and disease-free
//! survival in months. The true log-hazard is
//!
//! `eta = 0.03 (age - 63) + 0.35 (T - 2) + 0.35 N + 0.3 poor + 0.2 smoking + u`
//!
//! with Weibull(shape 1.2) event times, and radiotherapy multiplies the
//! hazard by exp(-0.6) only in patients whose `eta` is above the training
//! median (benefit only in high risk). External centres read the image
//! scores with a small shift and extra noise (scanner and stain
//! differences). Censoring is administrative (uniform 24–96 months of
//! follow-up) plus 5 % random loss.
//!
//! Same seed, same bytes, on every platform (ChaCha8).

pub mod omics;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The role a cohort plays in the study.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CohortRole {
    /// Model development.
    Training,
    /// Held-out patients of the training centre.
    InternalTest,
    /// Another centre.
    ExternalTest,
}

impl CohortRole {
    /// Lower-case name used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            CohortRole::Training => "training",
            CohortRole::InternalTest => "internal_test",
            CohortRole::ExternalTest => "external_test",
        }
    }
}

/// One synthetic patient.
#[derive(Debug, Clone, PartialEq)]
pub struct Patient {
    /// Identifier, unique across the study (`TR0001`, `EX2-0042`, ...).
    pub id: String,
    /// Age at diagnosis, years.
    pub age: f64,
    /// 1 = male, 0 = female.
    pub male: u8,
    /// T stage, 1–4.
    pub t_stage: u8,
    /// N stage, 0–3.
    pub n_stage: u8,
    /// Differentiation: `well`, `moderate` or `poor`.
    pub differentiation: &'static str,
    /// Ever smoker (0/1).
    pub smoking: u8,
    /// Regular drinker (0/1).
    pub drinking: u8,
    /// CT deep-network risk score (higher = worse).
    pub ct_score: f64,
    /// WSI deep-network risk score (higher = worse).
    pub wsi_score: f64,
    /// Postoperative radiotherapy (0/1).
    pub rt: u8,
    /// Overall survival time, months.
    pub os_time: f64,
    /// Death observed (0/1).
    pub os_event: u8,
    /// Disease-free survival time, months (`None` where not recorded).
    pub dfs_time: Option<f64>,
    /// Recurrence or death observed (0/1; `None` where not recorded).
    pub dfs_event: Option<u8>,
    /// The true log-hazard (kept for checks; not an analysis variable).
    pub true_eta: f64,
}

/// A synthetic cohort.
#[derive(Debug, Clone)]
pub struct SyntheticCohort {
    /// Short name: `training`, `internal`, `external1`, ..., `archive`.
    pub name: String,
    /// Its role.
    pub role: CohortRole,
    /// Patients in order.
    pub patients: Vec<Patient>,
}

/// The whole synthetic study.
#[derive(Debug, Clone)]
pub struct SyntheticStudy {
    /// Seed it was generated from.
    pub seed: u64,
    /// Cohorts: training first.
    pub cohorts: Vec<SyntheticCohort>,
}

struct Centre {
    name: &'static str,
    role: CohortRole,
    n: usize,
    score_shift: f64,
    score_noise: f64,
    has_dfs: bool,
}

const CENTRES: [Centre; 6] = [
    Centre {
        name: "training",
        role: CohortRole::Training,
        n: 386,
        score_shift: 0.0,
        score_noise: 0.0,
        has_dfs: true,
    },
    Centre {
        name: "internal",
        role: CohortRole::InternalTest,
        n: 165,
        score_shift: 0.0,
        score_noise: 0.0,
        has_dfs: true,
    },
    Centre {
        name: "external1",
        role: CohortRole::ExternalTest,
        n: 219,
        score_shift: 0.15,
        score_noise: 0.15,
        has_dfs: true,
    },
    Centre {
        name: "external2",
        role: CohortRole::ExternalTest,
        n: 101,
        score_shift: -0.1,
        score_noise: 0.2,
        has_dfs: true,
    },
    Centre {
        name: "external3",
        role: CohortRole::ExternalTest,
        n: 160,
        score_shift: 0.25,
        score_noise: 0.25,
        has_dfs: true,
    },
    Centre {
        name: "archive",
        role: CohortRole::ExternalTest,
        n: 56,
        score_shift: 0.3,
        score_noise: 0.3,
        has_dfs: false,
    },
];

/// A standard normal draw (Box–Muller; uses two uniforms).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>(); // (0, 1]
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

fn categorical(rng: &mut ChaCha8Rng, probs: &[f64]) -> usize {
    let u: f64 = rng.random();
    let mut acc = 0.0;
    for (k, p) in probs.iter().enumerate() {
        acc += p;
        if u < acc {
            return k;
        }
    }
    probs.len() - 1
}

/// Weibull event time with shape `k` and hazard multiplier exp(lp):
/// S(t) = exp(-(t / scale)^k exp(lp)).
fn weibull_time(rng: &mut ChaCha8Rng, scale: f64, k: f64, lp: f64) -> f64 {
    let u: f64 = 1.0 - rng.random::<f64>();
    scale * (-u.ln() / lp.exp()).powf(1.0 / k)
}

impl SyntheticStudy {
    /// Generates the study from a seed (the demo uses 20251).
    pub fn generate(seed: u64) -> SyntheticStudy {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut raw: Vec<(usize, Vec<(Patient, f64)>)> = Vec::new();
        for (ci, c) in CENTRES.iter().enumerate() {
            let mut v = Vec::with_capacity(c.n);
            for i in 0..c.n {
                let age = (63.0 + 9.0 * normal(&mut rng)).clamp(25.0, 90.0).round();
                let male = u8::from(rng.random::<f64>() < 0.85);
                let t_stage = 1 + categorical(&mut rng, &[0.15, 0.35, 0.30, 0.20]) as u8;
                let n_stage = categorical(&mut rng, &[0.40, 0.25, 0.28, 0.07]) as u8;
                let diff = ["well", "moderate", "poor"][categorical(&mut rng, &[0.3, 0.5, 0.2])];
                let smoking = u8::from(rng.random::<f64>() < 0.55 + 0.1 * f64::from(male));
                let drinking = u8::from(rng.random::<f64>() < 0.35 + 0.2 * f64::from(smoking));
                let u = 0.8 * normal(&mut rng);
                let eta = 0.03 * (age - 63.0)
                    + 0.35 * (f64::from(t_stage) - 2.0)
                    + 0.35 * f64::from(n_stage)
                    + if diff == "poor" { 0.3 } else { 0.0 }
                    + 0.2 * f64::from(smoking)
                    + u;
                let read = |rng: &mut ChaCha8Rng, w_u: f64, w_x: f64, x: f64| {
                    let s = w_u * u + w_x * x + 0.45 * normal(rng);
                    s + c.score_shift + c.score_noise * normal(rng)
                };
                let ct_score = read(&mut rng, 0.9, 0.25, f64::from(t_stage) - 2.5);
                let wsi_score = read(&mut rng, 0.8, 0.2, f64::from(n_stage) - 1.0);
                let p_rt = 1.0
                    / (1.0
                        + (-(-0.6
                            + 0.5 * f64::from(u8::from(t_stage >= 3))
                            + 0.6 * f64::from(u8::from(n_stage >= 1))))
                        .exp());
                let rt = u8::from(rng.random::<f64>() < p_rt);
                let id = match c.role {
                    CohortRole::Training => format!("TR{:04}", i + 1),
                    CohortRole::InternalTest => format!("IT{:04}", i + 1),
                    CohortRole::ExternalTest => format!("{}-{:04}", c.name.to_uppercase(), i + 1),
                };
                v.push((
                    Patient {
                        id,
                        age,
                        male,
                        t_stage,
                        n_stage,
                        differentiation: diff,
                        smoking,
                        drinking,
                        ct_score,
                        wsi_score,
                        rt,
                        os_time: 0.0,
                        os_event: 0,
                        dfs_time: None,
                        dfs_event: None,
                        true_eta: eta,
                    },
                    eta,
                ));
            }
            raw.push((ci, v));
        }
        // the risk threshold for radiotherapy benefit: training median of eta
        let mut tr: Vec<f64> = raw[0].1.iter().map(|p| p.1).collect();
        tr.sort_by(f64::total_cmp);
        let median = 0.5 * (tr[(tr.len() - 1) / 2] + tr[tr.len() / 2]);
        let mut cohorts = Vec::new();
        for (ci, v) in raw {
            let c = &CENTRES[ci];
            let patients = v
                .into_iter()
                .map(|(mut p, eta)| {
                    let benefit = if eta > median && p.rt == 1 { -0.6 } else { 0.0 };
                    let lp = eta + benefit;
                    let death = weibull_time(&mut rng, 70.0, 1.2, lp);
                    let recur = weibull_time(&mut rng, 45.0, 1.2, lp + 0.1);
                    let follow = 24.0 + 72.0 * rng.random::<f64>();
                    let lost = if rng.random::<f64>() < 0.05 {
                        follow * rng.random::<f64>()
                    } else {
                        f64::INFINITY
                    };
                    let cens = follow.min(lost).max(0.5);
                    let round = |t: f64| (t * 10.0).round().max(1.0) / 10.0;
                    p.os_time = round(death.min(cens));
                    p.os_event = u8::from(death <= cens);
                    if c.has_dfs {
                        let d = recur.min(death);
                        p.dfs_time = Some(round(d.min(cens)));
                        p.dfs_event = Some(u8::from(d <= cens));
                    }
                    p
                })
                .collect();
            cohorts.push(SyntheticCohort {
                name: c.name.to_string(),
                role: c.role,
                patients,
            });
        }
        SyntheticStudy { seed, cohorts }
    }

    /// The training cohort.
    pub fn training(&self) -> &SyntheticCohort {
        &self.cohorts[0]
    }
}

impl SyntheticCohort {
    /// Column names of [`SyntheticCohort::to_rows`], in order.
    pub const COLUMNS: [&'static str; 15] = [
        "patient_id",
        "age",
        "male",
        "t_stage",
        "n_stage",
        "differentiation",
        "smoking",
        "drinking",
        "ct_score",
        "wsi_score",
        "rt",
        "os_time",
        "os_event",
        "dfs_time",
        "dfs_event",
    ];

    /// The cohort as text cells (empty = missing), one row per patient, in
    /// the order of [`SyntheticCohort::COLUMNS`]; numbers at full precision
    /// so a file round-trip is exact.
    pub fn to_rows(&self) -> Vec<Vec<String>> {
        self.patients
            .iter()
            .map(|p| {
                vec![
                    p.id.clone(),
                    format!("{}", p.age),
                    p.male.to_string(),
                    p.t_stage.to_string(),
                    p.n_stage.to_string(),
                    p.differentiation.to_string(),
                    p.smoking.to_string(),
                    p.drinking.to_string(),
                    format!("{:?}", p.ct_score),
                    format!("{:?}", p.wsi_score),
                    p.rt.to_string(),
                    format!("{}", p.os_time),
                    p.os_event.to_string(),
                    p.dfs_time.map(|t| format!("{t}")).unwrap_or_default(),
                    p.dfs_event.map(|e| e.to_string()).unwrap_or_default(),
                ]
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_match_the_mdlm_study() {
        let s = SyntheticStudy::generate(1);
        let n: Vec<usize> = s.cohorts.iter().map(|c| c.patients.len()).collect();
        assert_eq!(n, vec![386, 165, 219, 101, 160, 56]);
        assert!(s.cohorts[5].patients.iter().all(|p| p.dfs_time.is_none()));
    }

    #[test]
    fn same_seed_same_study_other_seed_other_study() {
        let a = SyntheticStudy::generate(7);
        let b = SyntheticStudy::generate(7);
        let c = SyntheticStudy::generate(8);
        assert_eq!(a.cohorts[2].patients, b.cohorts[2].patients);
        assert_ne!(a.cohorts[2].patients, c.cohorts[2].patients);
    }

    #[test]
    fn clinical_marginals_are_realistic() {
        let s = SyntheticStudy::generate(20251);
        let all: Vec<&Patient> = s.cohorts.iter().flat_map(|c| &c.patients).collect();
        let n = all.len() as f64;
        let mean_age = all.iter().map(|p| p.age).sum::<f64>() / n;
        let male = all.iter().map(|p| f64::from(p.male)).sum::<f64>() / n;
        let events = all.iter().map(|p| f64::from(p.os_event)).sum::<f64>() / n;
        assert!((mean_age - 63.0).abs() < 1.5, "{mean_age}");
        assert!((male - 0.85).abs() < 0.05, "{male}");
        assert!(events > 0.25 && events < 0.75, "{events}");
        assert!(all.iter().all(|p| p.os_time > 0.0));
        // dfs never after os
        assert!(
            all.iter()
                .all(|p| p.dfs_time.is_none_or(|d| d <= p.os_time))
        );
    }

    #[test]
    fn scores_carry_the_hidden_risk() {
        // the CT score must correlate positively with the true log-hazard
        let s = SyntheticStudy::generate(20251);
        let p = &s.training().patients;
        let n = p.len() as f64;
        let (mx, my) = (
            p.iter().map(|q| q.ct_score).sum::<f64>() / n,
            p.iter().map(|q| q.true_eta).sum::<f64>() / n,
        );
        let cov: f64 = p
            .iter()
            .map(|q| (q.ct_score - mx) * (q.true_eta - my))
            .sum();
        let vx: f64 = p.iter().map(|q| (q.ct_score - mx).powi(2)).sum();
        let vy: f64 = p.iter().map(|q| (q.true_eta - my).powi(2)).sum();
        let r = cov / (vx * vy).sqrt();
        assert!(r > 0.5, "r = {r}");
    }
}
