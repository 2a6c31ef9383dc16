//! Times the survival kernels on the benchmark data, exactly as the CLI times them
//! (`fit_s` of `prognos cox`, `km`, `cindex`), with a per-step breakdown, and prints
//! the results at full precision so that a speed change can be checked to change no
//! number.
//!
//! ```text
//! python3 bench/survival_km/gen.py km 1000000 /tmp/surv-speed/km.csv
//! python3 bench/survival_km/gen.py cindex 100000 /tmp/surv-speed/ci.csv
//! (cd bench/survival_cox && python3 gen.py)
//! cargo run --release -p prognos-survival --example speed -- \
//!     bench/survival_cox/cox_100k.csv /tmp/surv-speed/km.csv /tmp/surv-speed/ci.csv [reps]
//! ```
//!
//! Each timing is the best of `reps` runs (default 5).

use nalgebra::DMatrix;
use prognos_survival::concordance::{harrell, harrell_and_uno, uno};
use prognos_survival::cox::{CoxData, CoxParams, EventTable, Ties, kernel};
use prognos_survival::km::{ConfType, KmParams};
use prognos_survival::logrank::logrank;
use std::time::Instant;

/// Columns of a CSV file with a header: numeric columns parsed, others kept as text.
fn read_csv(path: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {path}: {e} (see the example's header)"));
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .expect("header")
        .split(',')
        .map(String::from)
        .collect();
    let mut cols = vec![Vec::new(); header.len()];
    for line in lines {
        for (c, v) in cols.iter_mut().zip(line.split(',')) {
            c.push(v.to_string());
        }
    }
    (header, cols)
}

fn num(col: &[String]) -> Vec<f64> {
    col.iter().map(|v| v.parse().expect("number")).collect()
}

/// `SPEED_FIT_ONLY=1`: only the timed call of each section, nothing else
/// (instruction counts per fit = difference of two runs with different `reps`).
fn fit_only() -> bool {
    std::env::var_os("SPEED_FIT_ONLY").is_some()
}

/// Minor page faults of this process so far (Linux; 0 elsewhere).
fn minor_faults() -> u64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = &s[s.rfind(')')? + 2..];
            rest.split(' ').nth(7)?.parse().ok()
        })
        .unwrap_or(0)
}

fn best<T>(reps: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut out = None;
    for rep in 0..reps {
        let f0 = minor_faults();
        let t0 = Instant::now();
        let r = f();
        best = best.min(t0.elapsed().as_secs_f64());
        if rep == 0 && std::env::var_os("SPEED_FAULTS").is_some() {
            eprintln!("    first run: {} minor faults", minor_faults() - f0);
        }
        out = Some(r);
    }
    (best, out.expect("reps >= 1"))
}

/// The numbers of the benchmark data as the implementation before the
/// speed work printed them: every speed change must reproduce them bit for
/// bit (checked when the input has the benchmark's size; `SPEED_NO_CHECK=1`
/// skips the check for other data).
const EXPECT_COX: &str = "  iterations 3
  loglik -7.73855281885520671e5 null -7.92473989877791959e5
  coef [0.4974099883354038, -0.3966554921863747, 0.30267539301529295, -0.20317665184104564, 0.09677649402399843, -0.0034956707349951158, 0.25402023875207147, -0.14834169941075293, 0.03789665059487231, 0.20174869243438903]
  se [0.003921126221439355, 0.0038354724557773394, 0.0037744048160034066, 0.0037014763971574753, 0.0036620977868511645, 0.003653127304369306, 0.003698225267963525, 0.003695373071019515, 0.007461113263139982, 0.003316705122891992]
  score 3.60268669220083902e4 wald 3.58333124714864825e4
  concordance 7.02260034899559016e-1 se 1.03434273104631067e-3
";
const EXPECT_KM: &str = "  A rows 2998 median Median { estimate: Some(624.0), lower: Some(621.0), upper: Some(628.0) } last S 3.47261067976517152e-2 se 1.23431931487513161e-3 lower Some(0.18780655651843434)
  B rows 2958 median Median { estimate: Some(485.0), lower: Some(482.0), upper: Some(487.0) } last S 1.25433436349707828e-2 se 8.60178126904437008e-4 lower Some(0.11925596347826009)
  C rows 2701 median Median { estimate: Some(346.0), lower: Some(344.0), upper: Some(348.0) } last S 2.64963396350222438e-3 se 3.55190162186360607e-4 lower Some(0.0661483927558943)
  logrank chisq 4.49061973557587917e4 p 0.00000000000000000e0
";
const EXPECT_CINDEX: &str = "  harrell 6.55580219266637121e-1 se 1.11079130088295665e-3 conc 2536438247 disc 1332559048 ts 977 tt 2598317 tb 1
  uno 6.52705024982040083e-1 se 1.02168075896717347e-3
";

thread_local! {
    /// The number lines printed so far by the current section.
    static OUT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// `println!` that also records the line for [`check`].
macro_rules! out {
    ($($a:tt)*) => {{
        let line = format!($($a)*);
        println!("{line}");
        OUT.with(|o| {
            let mut o = o.borrow_mut();
            o.push_str(&line);
            o.push('\n');
        });
    }};
}

/// Compares the recorded lines of a section with the expected ones when
/// the data has the benchmark's size `bench_n`.
fn check(section: &str, n: usize, bench_n: usize, expected: &str) {
    let got = OUT.with(|o| std::mem::take(&mut *o.borrow_mut()));
    if n != bench_n || std::env::var_os("SPEED_NO_CHECK").is_some() {
        return;
    }
    assert_eq!(got, expected, "{section}: the numbers changed");
    println!("  {section}: numbers bit-identical to the reference");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cox_path = args
        .get(1)
        .map_or("bench/survival_cox/cox_100k.csv", String::as_str);
    let km_path = args.get(2).map_or("/tmp/surv-speed/km.csv", String::as_str);
    let ci_path = args.get(3).map_or("/tmp/surv-speed/ci.csv", String::as_str);
    let reps: usize = args.get(4).map_or(5, |s| s.parse().expect("reps"));
    // SPEED_ONLY=cox|km|cindex runs one section (for profiling)
    let only = std::env::var("SPEED_ONLY").unwrap_or_default();
    let run = |name: &str| only.is_empty() || only == name;

    if run("cox") {
        cox(cox_path, reps);
    }
    if run("km") {
        km(km_path, reps);
    }
    if run("cindex") {
        cindex(ci_path, reps);
    }
}

/// 100k x 10, Efron, as `prognos cox` (the fit includes the concordance).
fn cox(cox_path: &str, reps: usize) {
    let (_, cols) = read_csv(cox_path);
    let n = cols[0].len();
    let time = num(&cols[0]);
    let event: Vec<bool> = cols[1].iter().map(|v| v == "1").collect();
    let mut x = DMatrix::<f64>::zeros(n, 10);
    for j in 0..10 {
        for (i, v) in num(&cols[2 + j]).into_iter().enumerate() {
            x[(i, j)] = v;
        }
    }
    let names: Vec<String> = (1..=10).map(|j| format!("x{j}")).collect();
    let data = CoxData::new(time.clone(), event.clone(), x).with_names(names);
    let params = CoxParams::default()
        .ties(Ties::Efron)
        .robust(false)
        .conf_level(0.95)
        .singular_ok(false);
    let (t_cox, fit) = best(reps, || params.fit(&data).expect("cox fit"));
    if fit_only() {
        println!("cox efron {n}x10: fit_s {t_cox:.4}");
        return;
    }
    let lp = fit.linear_predictors.clone();
    let (t_cox_c, _) = best(reps, || harrell(&time, &event, &lp, None, None).unwrap());
    println!("cox efron {n}x10: fit_s {t_cox:.4}  (of which concordance {t_cox_c:.4})");
    out!("  iterations {}", fit.diagnostics.iterations);
    out!("  loglik {:.17e} null {:.17e}", fit.loglik, fit.loglik_null);
    out!("  coef {:?}", fit.coef);
    out!("  se {:?}", fit.se());
    out!(
        "  score {:.17e} wald {:.17e}",
        fit.score_test.statistic,
        fit.wald_test.statistic
    );
    let c = fit.concordance.expect("concordance");
    out!("  concordance {:.17e} se {:.17e}", c.c, c.se);
    check("cox", n, 100_000, EXPECT_COX);
    // breakdown of the steps of the fit (kernel API)
    let (t_fix, tfix) = best(reps, || prognos_survival::timefix::aeq_surv(&time));
    let (t_lay, lay) = best(reps, || {
        kernel::CoxLayout::new(
            &tfix,
            None,
            &event,
            &data.x,
            &vec![0; n],
            &vec![1.0; n],
            fit.means.clone(),
        )
    });
    let beta: Vec<f64> = fit.coef.clone();
    let (mut eta, mut risk) = (vec![0.0; n], vec![0.0; n]);
    let (mut u, mut imat) = (vec![0.0; 10], vec![0.0; 100]);
    let (t_ll, _) = best(reps, || {
        kernel::loglik_derivs(
            &lay,
            Ties::Efron,
            &beta,
            &mut eta,
            &mut risk,
            &mut u,
            &mut imat,
        )
    });
    let (t_ev, _) = best(reps, || EventTable::new(&lay, &risk, Ties::Efron));
    if std::env::var("SPEED_LL").is_ok() {
        // profiling aid: the likelihood pass alone, many times
        for _ in 0..100 {
            kernel::loglik_derivs(
                &lay,
                Ties::Efron,
                &beta,
                &mut eta,
                &mut risk,
                &mut u,
                &mut imat,
            );
        }
    }
    println!(
        "  steps: timefix {t_fix:.4} layout {t_lay:.4} loglik_derivs {t_ll:.4} (x{}) events {t_ev:.4}",
        fit.diagnostics.iterations + 1
    );
}

/// 1M rows, 3 groups, as `prognos km --group group` (KM, log-rank, `at`).
fn km(km_path: &str, reps: usize) {
    let (_, cols) = read_csv(km_path);
    let time = num(&cols[0]);
    let event: Vec<bool> = cols[1].iter().map(|v| v == "1").collect();
    let labels: Vec<String> = ["A", "B", "C"].iter().map(|s| s.to_string()).collect();
    let gidx: Vec<usize> = cols[2]
        .iter()
        .map(|g| labels.iter().position(|l| l == g).expect("group"))
        .collect();
    let kp = KmParams {
        conf_type: ConfType::Log,
        conf_level: 0.95,
        timefix: true,
    };
    let (t_km, km) = best(reps, || {
        kp.fit_groups(&time, &event, &gidx, &labels, None).unwrap()
    });
    let (t_lr, lr) = best(reps, || {
        logrank(&time, &event, &gidx, &labels, None).unwrap()
    });
    let (t_all, (km2, lr2, _)) = best(reps, || {
        let (f, t) = kp
            .fit_groups_logrank(&time, &event, &gidx, &labels, None)
            .unwrap();
        let ats: Vec<_> = f.curves.iter().map(|c| c.at(&[])).collect();
        (f, t.unwrap(), ats)
    });
    assert_eq!(km2, km, "one-sort KM differs");
    assert_eq!(lr2, lr, "one-sort log-rank differs");
    println!(
        "km+logrank {}: fit_s {t_all:.4}  (km {t_km:.4}, logrank {t_lr:.4})",
        time.len()
    );
    for c in &km.curves {
        let last = c.table.last().expect("rows");
        out!(
            "  {} rows {} median {:?} last S {:.17e} se {:.17e} lower {:?}",
            c.label,
            c.table.len(),
            c.median,
            last.survival,
            last.std_err,
            c.table[c.table.len() / 2].lower
        );
    }
    out!("  logrank chisq {:.17e} p {:.17e}", lr.chisq, lr.p_value);
    check("km", time.len(), 1_000_000, EXPECT_KM);
}

/// 100k rows, Harrell + Uno, as `prognos cindex`.
fn cindex(ci_path: &str, reps: usize) {
    let (_, cols) = read_csv(ci_path);
    let time = num(&cols[0]);
    let event: Vec<bool> = cols[1].iter().map(|v| v == "1").collect();
    let score = num(&cols[2]);
    if fit_only() {
        let (t_ci, (h, u)) = best(reps, || {
            harrell_and_uno(&time, &event, &score, None).unwrap()
        });
        println!(
            "cindex {}: fit_s {t_ci:.4} c {:.17e} {:.17e}",
            time.len(),
            h.c,
            u.unwrap().c
        );
        return;
    }
    let (t_h, h) = best(reps, || harrell(&time, &event, &score, None, None).unwrap());
    let (t_u, u) = best(reps, || uno(&time, &event, &score, None).unwrap());
    let (t_ci, (h2, u2)) = best(reps, || {
        harrell_and_uno(&time, &event, &score, None).unwrap()
    });
    assert_eq!(h2, h, "shared-sort Harrell differs");
    assert_eq!(u2.unwrap(), u, "shared-sort Uno differs");
    println!(
        "cindex {}: fit_s {t_ci:.4}  (harrell {t_h:.4}, uno {t_u:.4})",
        time.len()
    );
    out!(
        "  harrell {:.17e} se {:.17e} conc {} disc {} ts {} tt {} tb {}",
        h.c,
        h.se,
        h.concordant,
        h.discordant,
        h.tied_score,
        h.tied_time,
        h.tied_both
    );
    out!("  uno {:.17e} se {:.17e}", u.c, u.se);
    check("cindex", time.len(), 100_000, EXPECT_CINDEX);
}
