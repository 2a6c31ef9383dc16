//! Scripts a multimodal prognosis study through the library API, the way a
//! biostatistician would in Rust: build cohorts, fit the Cox fusion model,
//! and compare discrimination across cohorts.
//!
//! ```sh
//! cargo run --release --example study
//! ```

use prognos::core::nalgebra::DMatrix;
use prognos::models::study::{ModalitySpec, NoProgress, StudyCohort, StudySpec};
use prognos::models::synthetic::SyntheticStudy;
use prognos::survival::cox::{CoxData, CoxParams, CoxTerm};
use prognos::survival::km::KmParams;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. cohorts: here the built-in synthetic study; with your own data use
    //    prognos::data::Cohort::read(path)?.model_frame(&spec)?
    let study = SyntheticStudy::generate(20251);
    let names = ["ct_score", "wsi_score", "age", "t_stage", "n_stage"];
    let cohorts: Vec<StudyCohort> = study
        .cohorts
        .iter()
        .map(|c| {
            let p = &c.patients;
            let x = DMatrix::from_fn(p.len(), names.len(), |i, j| match j {
                0 => p[i].ct_score,
                1 => p[i].wsi_score,
                2 => p[i].age,
                3 => f64::from(p[i].t_stage),
                _ => f64::from(p[i].n_stage),
            });
            StudyCohort {
                name: c.name.clone(),
                role: c.role,
                time: p.iter().map(|q| q.os_time).collect(),
                event: p.iter().map(|q| q.os_event == 1).collect(),
                x,
                treatment: None,
            }
        })
        .collect();

    // 2. one model by hand: the estimator tier (as survival::coxph)
    let train = &cohorts[0];
    let fit = CoxParams::default().fit(
        &CoxData::new(train.time.clone(), train.event.clone(), train.x.clone())
            .with_names(names.iter().map(|s| s.to_string()).collect()),
    )?;
    println!("{fit}");

    // 3. a Kaplan–Meier curve (as survival::survfit)
    let km = KmParams::default().fit(&train.time, &train.event, None)?;
    println!("training median OS: {:?} months\n", km.median.estimate);

    // 4. the whole study: screen -> fusion -> per-modality models -> C-index
    let terms = names
        .iter()
        .enumerate()
        .map(|(j, n)| CoxTerm {
            name: n.to_string(),
            columns: j..j + 1,
        })
        .collect();
    let mut spec = StudySpec::new(
        names.iter().map(|s| s.to_string()).collect(),
        terms,
        vec![
            ModalitySpec {
                name: "CT".into(),
                terms: vec!["ct_score".into()],
            },
            ModalitySpec {
                name: "WSI".into(),
                terms: vec!["wsi_score".into()],
            },
        ],
    );
    spec.bootstrap = 200;
    let results = spec.run(&cohorts, &NoProgress)?;
    println!("{}", results.performance_table());
    Ok(())
}
