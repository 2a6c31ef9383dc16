//! fgsea's multilevel p-values ([`GseaMethod::Multilevel`]) against oracles
//! that can fail:
//!
//! - exact p-values by enumerating every gene subset of a pathway's size on
//!   the 26-gene list of tests/golden/gsea/exact (also enumerated in plain R
//!   by tests/golden/gsea/make_exact.R; the two must agree to 1e-12);
//! - long simple-permutation runs on realistic lists (fast test: p around
//!   1e-2..1e-3; `#[ignore]`d test: p around 1e-3..1e-5);
//! - properties: p in (0, 1], p non-increasing in ES for one size, same
//!   seed gives the same result whatever the thread count, the eps floor.

use prognos_omics::enrich::{GeneSet, GseaMethod, GseaParams, GseaResult, GseaRow, gsea_preranked};
use rand::SeedableRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand_chacha::ChaCha8Rng;
use std::path::PathBuf;

fn case_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/golden/gsea/exact")
}

/// genes, scores and sets of the exact case.
fn fixture() -> (Vec<String>, Vec<f64>, Vec<GeneSet>) {
    let ranks = std::fs::read_to_string(case_dir().join("ranks.csv")).unwrap();
    let (mut genes, mut scores) = (Vec::new(), Vec::new());
    for line in ranks.lines().skip(1) {
        let (g, s) = line.split_once(',').unwrap();
        genes.push(g.to_string());
        scores.push(s.parse::<f64>().unwrap());
    }
    let gmt = std::fs::read_to_string(case_dir().join("sets.gmt")).unwrap();
    let sets = gmt
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            GeneSet {
                name: f[0].to_string(),
                genes: f[2..].iter().map(|s| s.to_string()).collect(),
            }
        })
        .collect();
    (genes, scores, sets)
}

/// Weights in rank order and each gene's rank.
fn ranked(
    genes: &[String],
    scores: &[f64],
) -> (Vec<f64>, std::collections::HashMap<String, usize>) {
    let mut o: Vec<usize> = (0..genes.len()).collect();
    o.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let w = o.iter().map(|&i| scores[i].abs()).collect();
    let rank = o
        .iter()
        .enumerate()
        .map(|(r, &i)| (genes[i].clone(), r))
        .collect();
    (w, rank)
}

/// calcGseaStat(scoreType = "std") written independently of the crate (R's
/// order of operations: cumulative sums, then divide).
fn es_std(w: &[f64], s: &[usize]) -> f64 {
    let (n, m) = (w.len(), s.len());
    let nr: f64 = s.iter().map(|&i| w[i]).sum();
    let (mut cum, mut max_p, mut min_p) = (0.0, f64::NEG_INFINITY, f64::INFINITY);
    for (j, &i) in s.iter().enumerate() {
        cum += w[i];
        let top = cum / nr - (i - j) as f64 / (n - m) as f64;
        max_p = max_p.max(top);
        min_p = min_p.min(top - w[i] / nr);
    }
    // a tie in exact arithmetic is a tie (as make_exact.R)
    if (max_p + min_p).abs() < 1e-10 {
        0.0
    } else if max_p > -min_p {
        max_p
    } else {
        min_p
    }
}

/// ES of every subset of size `k` (lexicographic enumeration).
fn all_es(w: &[f64], k: usize) -> Vec<f64> {
    let n = w.len();
    let mut out = Vec::new();
    let mut c: Vec<usize> = (0..k).collect();
    loop {
        out.push(es_std(w, &c));
        // next combination in lexicographic order
        let mut i = k;
        while i > 0 && c[i - 1] == n - k + i - 1 {
            i -= 1;
        }
        if i == 0 {
            return out;
        }
        c[i - 1] += 1;
        for j in i..k {
            c[j] = c[j - 1] + 1;
        }
    }
}

/// Exact conditional p of a pathway with ES `es` among all subsets' ES `e`
/// (ties within 1e-10 count as extreme; ES = 0 counts on both sides).
fn exact_p(e: &[f64], es: f64) -> f64 {
    let (extreme, same) = if es >= 0.0 {
        (
            e.iter().filter(|&&x| x >= es - 1e-10).count(),
            e.iter().filter(|&&x| x >= 0.0).count(),
        )
    } else {
        (
            e.iter().filter(|&&x| x <= es + 1e-10).count(),
            e.iter().filter(|&&x| x <= 0.0).count(),
        )
    };
    extreme as f64 / same as f64
}

/// (name, exact p) of each set of the fixture, enumerated here.
fn exact_table() -> Vec<(String, f64)> {
    let (genes, scores, sets) = fixture();
    let (w, rank) = ranked(&genes, &scores);
    let mut cache: std::collections::HashMap<usize, Vec<f64>> = Default::default();
    sets.iter()
        .map(|s| {
            let mut h: Vec<usize> = s.genes.iter().map(|g| rank[g]).collect();
            h.sort_unstable();
            let e = cache.entry(h.len()).or_insert_with(|| all_es(&w, h.len()));
            (s.name.clone(), exact_p(e, es_std(&w, &h)))
        })
        .collect()
}

fn multilevel(sample_size: usize, eps: f64, seed: u64) -> GseaParams {
    GseaParams {
        min_size: 3,
        seed,
        method: GseaMethod::Multilevel { sample_size, eps },
        ..Default::default()
    }
}

fn row<'a>(r: &'a GseaResult, name: &str) -> &'a GseaRow {
    r.rows.iter().find(|x| x.term == name).unwrap()
}

/// log2 error of the simple-stage estimate of P(same sign) (~0.5 of 1000).
const DENOM_LOG2_SE: f64 = 0.046;

#[test]
fn rust_enumeration_equals_r_enumeration() {
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(case_dir().join("golden.json")).unwrap())
            .unwrap();
    let gold = gold["table"].as_array().unwrap();
    let exact = exact_table();
    assert_eq!(exact.len(), gold.len());
    for g in gold {
        let name = g["term"].as_str().unwrap();
        let p = exact.iter().find(|(n, _)| n == name).unwrap().1;
        let want = g["p"].as_f64().unwrap();
        assert!(
            (p - want).abs() <= 1e-12 * want,
            "{name}: rust {p} R {want}"
        );
    }
    assert!(exact.iter().filter(|(_, p)| *p < 1e-4).count() >= 4);
}

/// The single most extreme set of the space: fgsea's splitting estimate
/// assumes a continuous score, and at the very top of a finite set space the
/// last levels hold a handful of distinct sets, so p is overestimated there
/// (about +0.6 log2 at sampleSize 101). Checked one-sided.
const DISCRETE_TOP: &str = "TOP6";

#[test]
fn multilevel_agrees_with_exact_p_within_its_error() {
    let (genes, scores, sets) = fixture();
    let exact = exact_table();
    for (ss, seed) in [(101, 1u64), (1001, 5)] {
        let res = gsea_preranked(&genes, &scores, &sets, &multilevel(ss, 1e-50, seed)).unwrap();
        for (name, pe) in &exact {
            let r = row(&res, name);
            assert!(r.p > 0.0 && r.p <= 1.0, "{name} {r:?}");
            if r.multilevel {
                let sd = (r.log2err.powi(2) + DENOM_LOG2_SE.powi(2)).sqrt();
                let z = (r.p / pe).log2() / sd;
                eprintln!(
                    "sample {ss} {name}: p {:.4e} exact {pe:.4e} log2err {:.3} z {z:.2}",
                    r.p, r.log2err
                );
                if name == DISCRETE_TOP {
                    assert!(
                        z > -4.0 && (r.p / pe).log2() < 1.5,
                        "{name}: p {} exact {pe}",
                        r.p
                    );
                } else {
                    assert!(
                        z.abs() < 4.0,
                        "sample {ss} {name}: p {} exact {pe} log2err {} z {z}",
                        r.p,
                        r.log2err
                    );
                }
            } else {
                // simple stage: binomial error of 1000 permutations (~half of them same sign)
                let se = (pe * (1.0 - pe) / 450.0).sqrt();
                assert!(
                    (r.p - pe).abs() < 4.0 * se + 2e-3,
                    "{name}: simple p {} exact {pe}",
                    r.p
                );
            }
        }
        // the small p-values went to the multilevel stage
        for name in ["TOP6", "UP6_A", "UP6_B", "UP6_C", "DOWN6", "UP4"] {
            assert!(row(&res, name).multilevel, "{name}");
        }
    }
}

#[test]
fn multilevel_is_unbiased_over_seeds() {
    // mean of log2(p) over independent seeds against log2(exact p): the
    // standard error of the mean shrinks with the number of seeds, so a
    // bias of a fraction of log2err (a wrong conditioning factor of 2, a
    // level counted twice) fails here although a single run would pass.
    let (genes, scores, sets) = fixture();
    let exact = exact_table();
    let runs: Vec<GseaResult> = (0..40u64)
        .map(|seed| {
            gsea_preranked(&genes, &scores, &sets, &multilevel(101, 1e-50, 1000 + seed)).unwrap()
        })
        .collect();
    let mut checked = 0;
    for (name, pe) in &exact {
        let l: Vec<f64> = runs
            .iter()
            .map(|r| row(r, name))
            .filter(|r| r.multilevel)
            .map(|r| (r.p / pe).log2())
            .collect();
        if l.len() < 30 {
            continue;
        }
        let m = l.iter().sum::<f64>() / l.len() as f64;
        let sd = (l.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (l.len() - 1) as f64).sqrt();
        let stated = runs
            .iter()
            .map(|r| row(r, name))
            .filter(|r| r.multilevel)
            .map(|r| r.log2err)
            .sum::<f64>()
            / l.len() as f64;
        let se = sd / (l.len() as f64).sqrt();
        eprintln!(
            "{name}: exact {pe:.4e}, {} runs, mean log2(p/exact) {m:.3} (se {se:.3}), sd {sd:.3}, log2err {stated:.3}",
            l.len()
        );
        if name == DISCRETE_TOP {
            assert!(
                m > -4.0 * se && m < 1.2,
                "{name}: mean log2(p/exact) {m} (se {se})"
            );
            continue;
        }
        assert!(
            m.abs() < 4.0 * se + 0.05,
            "{name}: mean log2(p/exact) {m} (se {se})"
        );
        // the stated error is of the right size (fgsea's formula is an approximation)
        assert!(
            sd < 1.5 * stated + 0.1 && sd > 0.5 * stated,
            "{name}: spread {sd} vs log2err {stated}"
        );
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} sets checked");
}

/// `n` genes `g0, g1, ...` with deterministic normal-ish scores (logit
/// approximation of normal quantiles, enough for a ranked list) shuffled by
/// `rng`, and the gene indices by score descending.
fn ranked_list(n: usize, rng: &mut ChaCha8Rng) -> (Vec<String>, Vec<f64>, Vec<usize>) {
    let genes: Vec<String> = (0..n).map(|i| format!("g{i}")).collect();
    let mut scores: Vec<f64> = (0..n)
        .map(|i| {
            let u = (i as f64 + 0.5) / n as f64;
            (u / (1.0 - u)).ln() * 0.6
        })
        .collect();
    scores.shuffle(rng);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    (genes, scores, order)
}

/// A ranked list of `n` genes with normal-ish scores and planted sets
/// (`strength` = fraction of each set's genes drawn from the top or bottom
/// 10% of the list, relative to the strongest design).
fn planted(n: usize, seed: u64, strength: f64) -> (Vec<String>, Vec<f64>, Vec<GeneSet>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (genes, scores, order) = ranked_list(n, &mut rng);
    let mut sets = Vec::new();
    // sets with `t` genes from the top 10% (or bottom) and the rest random
    for (j, &(k, t, up)) in [
        (20, 8, true),
        (30, 11, true),
        (40, 13, false),
        (25, 10, false),
        (50, 14, true),
    ]
    .iter()
    .enumerate()
    {
        let pool: Vec<usize> = if up {
            order[..n / 10].to_vec()
        } else {
            order[n - n / 10..].to_vec()
        };
        let t = ((t as f64 * strength).round() as usize).max(1);
        let mut s: Vec<usize> = pool.choose_multiple(&mut rng, t).copied().collect();
        while s.len() < k {
            let g = order[n / 10 + (rand::Rng::random_range(&mut rng, 0..n - n / 5))];
            if !s.contains(&g) {
                s.push(g);
            }
        }
        sets.push(GeneSet {
            name: format!("S{j}"),
            genes: s.iter().map(|&i| genes[i].clone()).collect(),
        });
    }
    (genes, scores, sets)
}

/// Multilevel vs a long simple run on the same list: within 4 combined
/// standard errors on the log2 scale.
fn compare_with_simple(n: usize, n_perm: usize, list_seed: u64, strength: f64) {
    let (genes, scores, sets) = planted(n, list_seed, strength);
    let base = GseaParams {
        min_size: 10,
        ..Default::default()
    };
    let ml = gsea_preranked(&genes, &scores, &sets, &base).unwrap();
    let simple = gsea_preranked(
        &genes,
        &scores,
        &sets,
        &GseaParams {
            n_perm,
            method: GseaMethod::Simple,
            seed: 99,
            ..base.clone()
        },
    )
    .unwrap();
    let mut checked = 0;
    for r in &ml.rows {
        let s = row(&simple, &r.term);
        assert_eq!(r.es, s.es);
        if !r.multilevel || s.p * n_perm as f64 / 2.0 < 20.0 {
            continue; // too few extreme permutations for a reference
        }
        let sd = (r.log2err.powi(2) + s.log2err.powi(2) + DENOM_LOG2_SE.powi(2)).sqrt();
        let z = (r.p / s.p).log2() / sd;
        eprintln!(
            "{}: multilevel {:.4e} (log2err {:.3}) simple {:.4e} (log2err {:.3}) z {z:.2}",
            r.term, r.p, r.log2err, s.p, s.log2err
        );
        assert!(
            z.abs() < 4.0,
            "{}: multilevel {} simple {}",
            r.term,
            r.p,
            s.p
        );
        checked += 1;
    }
    assert!(checked >= 2, "only {checked} sets compared");
}

#[test]
fn multilevel_agrees_with_simple_permutations_fast() {
    compare_with_simple(500, 100_000, 3, 0.5);
}

/// p around 1e-3..1e-5 on 4,000 genes; about a minute unoptimised.
#[test]
#[ignore]
fn multilevel_agrees_with_simple_permutations_long() {
    compare_with_simple(4000, 3_000_000, 4, 0.8);
}

#[test]
fn p_in_unit_interval_and_seeded() {
    let (genes, scores, sets) = planted(800, 7, 1.0);
    let p = GseaParams {
        min_size: 10,
        ..Default::default()
    };
    let a = gsea_preranked(&genes, &scores, &sets, &p).unwrap();
    for r in &a.rows {
        assert!(r.p > 0.0 && r.p <= 1.0 && r.p_adj >= r.p, "{r:?}");
        assert!(r.log2err.is_nan() || r.log2err > 0.0);
    }
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| gsea_preranked(&genes, &scores, &sets, &p).unwrap())
    };
    assert_eq!(a, on(1));
    assert_eq!(a, on(3));
    let b = gsea_preranked(
        &genes,
        &scores,
        &sets,
        &GseaParams {
            seed: 43,
            ..p.clone()
        },
    )
    .unwrap();
    assert_ne!(a, b);
}

#[test]
fn p_non_increasing_in_es_for_one_size() {
    // windows of 20 consecutive ranks sliding down a 1,000-gene list: ES
    // falls as the window moves down, so p must not fall
    let n = 1000;
    let genes: Vec<String> = (0..n).map(|i| format!("g{i}")).collect();
    let scores: Vec<f64> = (0..n)
        .map(|i| 3.0 - 6.0 * i as f64 / n as f64 + 0.01 * ((i * 7919) % 13) as f64)
        .collect();
    let sets: Vec<GeneSet> = (0..12)
        .map(|j| GeneSet {
            name: format!("W{j}"),
            genes: (0..20)
                .map(|i| genes[(j * 9 + i * 3) % n].clone())
                .collect(),
        })
        .collect();
    let res = gsea_preranked(&genes, &scores, &sets, &multilevel(101, 0.0, 2)).unwrap();
    let mut rows: Vec<&GseaRow> = res.rows.iter().filter(|r| r.es > 0.0).collect();
    rows.sort_by(|a, b| b.es.total_cmp(&a.es));
    assert!(rows.len() >= 10);
    for pair in rows.windows(2) {
        assert!(
            pair[0].p <= pair[1].p,
            "ES {} p {} but ES {} p {}",
            pair[0].es,
            pair[0].p,
            pair[1].es,
            pair[1].p
        );
    }
    assert!(rows[0].p < 1e-6, "{:?}", rows[0]);
}

#[test]
fn eps_floor_is_reported_as_a_bound() {
    let (genes, scores, sets) = fixture();
    let res = gsea_preranked(&genes, &scores, &sets, &multilevel(101, 1e-3, 1)).unwrap();
    let top = row(&res, "TOP6");
    assert_eq!(top.p, 1e-3);
    assert!(top.log2err.is_nan());
    assert!(
        res.warnings.iter().any(|w| w.contains("below eps")),
        "{:?}",
        res.warnings
    );
    for r in &res.rows {
        assert!(r.p >= 1e-3, "{r:?}");
    }
    // eps = 0: no floor
    let res = gsea_preranked(&genes, &scores, &sets, &multilevel(101, 0.0, 1)).unwrap();
    assert!(row(&res, "TOP6").p < 1e-3);
}

/// 20,000 genes, 1,000 sets of 15-500 genes (100 of them planted: a
/// fraction of their genes from the top or bottom 5%), as in a real
/// preranked run; returns the inputs.
fn speed_case() -> (Vec<String>, Vec<f64>, Vec<GeneSet>) {
    let n = 20_000;
    let mut rng = ChaCha8Rng::seed_from_u64(2024);
    let (genes, scores, order) = ranked_list(n, &mut rng);
    let sets = (0..1000)
        .map(|j| {
            let k = rand::Rng::random_range(&mut rng, 15..=500);
            let mut s: Vec<usize> = if j % 10 == 0 {
                let pool = if j % 20 == 0 {
                    &order[..n / 20]
                } else {
                    &order[n - n / 20..]
                };
                pool.choose_multiple(&mut rng, k / 5).copied().collect()
            } else {
                Vec::new()
            };
            while s.len() < k {
                let g = rand::Rng::random_range(&mut rng, 0..n);
                if !s.contains(&g) {
                    s.push(g);
                }
            }
            GeneSet {
                name: format!("P{j}"),
                genes: s.iter().map(|&i| genes[i].clone()).collect(),
            }
        })
        .collect();
    (genes, scores, sets)
}

fn speed(method: GseaMethod, n_perm: usize) {
    let (genes, scores, sets) = speed_case();
    let p = GseaParams {
        n_perm,
        method,
        ..Default::default()
    };
    let t = std::time::Instant::now();
    let r = gsea_preranked(&genes, &scores, &sets, &p).unwrap();
    let ml = r.rows.iter().filter(|x| x.multilevel).count();
    eprintln!(
        "{method:?}, {n_perm} permutations: {:.2} s on {} threads; {} sets, {ml} by multilevel, min p {:.3e}",
        t.elapsed().as_secs_f64(),
        rayon::current_num_threads(),
        r.rows.len(),
        r.rows[0].p
    );
}

/// Timing: `cargo test -p prognos-omics --test gsea_multilevel speed -- --ignored --nocapture`
#[test]
#[ignore]
fn speed_multilevel_20k_genes_1000_sets() {
    speed(
        GseaMethod::Multilevel {
            sample_size: 101,
            eps: 1e-50,
        },
        1000,
    );
}

/// The simple method at fgsea's nPermSimple (1000 permutations).
#[test]
#[ignore]
fn speed_simple_20k_genes_1000_sets() {
    speed(GseaMethod::Simple, 1000);
}
