//! Kernel timings of prognos-omics for bench/omics (release build, own
//! target dir): file bytes are read by this example, everything else is the
//! crate's code.
//!
//! ```text
//! cargo run --release -p prognos-omics --example kernels -- ora DIR [REPS]
//!     DIR/ora_genes.txt (one gene per line), DIR/ora_sets.gmt; times
//!     ora_indexed() on sets interned once, and ora() with the interning
//! cargo run --release -p prognos-omics --example kernels -- tenx DIR [REPS]
//!     DIR/matrix.mtx, DIR/metadata.csv (barcode,sample,celltype,condition in
//!     barcode order); times parse + CSR + library sizes + propeller()
//! ```
//! Prints `cpu_seconds=` and `seconds=` (medians over REPS) plus check lines.

use prognos_omics::enrich::{GeneSet, GeneSetIndex, OraParams, ora, ora_indexed};
use prognos_omics::propeller::{Transform, propeller};
use prognos_omics::sparse::{CountMatrix, parse_matrix_market};
use std::time::Instant;

/// CPU seconds (user + system) of this process so far, from /proc (Linux);
/// 0 elsewhere. The machine the benches run on is shared, so CPU time is
/// reported next to the wall time.
fn cpu_seconds() -> f64 {
    let Ok(s) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let after = s.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // fields 14 and 15 of stat (utime, stime) are 11 and 12 after the ')'
    (ticks(11) + ticks(12)) / 100.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let (mode, dir) = (a[1].as_str(), std::path::Path::new(&a[2]));
    let reps: usize = a.get(3).map_or(5, |r| r.parse().unwrap());
    match mode {
        "ora" => {
            let query: Vec<String> = std::fs::read_to_string(dir.join("ora_genes.txt"))
                .unwrap()
                .lines()
                .map(String::from)
                .collect();
            let sets: Vec<GeneSet> = std::fs::read_to_string(dir.join("ora_sets.gmt"))
                .unwrap()
                .lines()
                .map(|l| {
                    let f: Vec<&str> = l.split('\t').collect();
                    GeneSet {
                        name: f[0].to_string(),
                        genes: f[2..].iter().map(|g| g.to_string()).collect(),
                    }
                })
                .collect();
            let params = OraParams::default();
            // interning the set genes belongs to reading (as R's string cache
            // at strsplit time); it is timed on its own below
            let index = GeneSetIndex::new(&sets);
            let mut times = Vec::new();
            let mut cpu = Vec::new();
            let mut tested = 0;
            for _ in 0..reps {
                let (t0, c0) = (Instant::now(), cpu_seconds());
                let r = ora_indexed(&query, &index, None, &params).unwrap();
                times.push(t0.elapsed().as_secs_f64());
                cpu.push(cpu_seconds() - c0);
                tested = r.rows.len();
                if times.len() == 1 {
                    println!(
                        "check: {} sets tested, top {} p = {:e}",
                        tested, r.rows[0].term, r.rows[0].p
                    );
                }
            }
            let _ = tested;
            let (t0, c0) = (Instant::now(), cpu_seconds());
            let again = ora(&query, &sets, None, &params).unwrap();
            println!(
                "ora() with interning: {:.3} s wall, {:.3} s cpu ({} distinct genes, {} sets, same top: {})",
                t0.elapsed().as_secs_f64(),
                cpu_seconds() - c0,
                index.n_genes(),
                index.n_sets(),
                again.rows[0].term
            );
            println!("cpu_seconds={}", median(cpu));
            println!("seconds={}", median(times));
        }
        "tenx" => {
            let meta = std::fs::read_to_string(dir.join("metadata.csv")).unwrap();
            let mut lines = meta.lines();
            let head: Vec<&str> = lines.next().unwrap().split(',').collect();
            let col = |n: &str| head.iter().position(|h| *h == n).unwrap();
            let (ib, is, ic, ig) = (
                col("barcode"),
                col("sample"),
                col("celltype"),
                col("condition"),
            );
            let rows: Vec<Vec<String>> = lines
                .map(|l| l.split(',').map(String::from).collect())
                .collect();
            let take = |j: usize| -> Vec<String> { rows.iter().map(|r| r[j].clone()).collect() };
            let (bc, smp, cl, grp) = (take(ib), take(is), take(ic), take(ig));
            let mut times = Vec::new();
            let mut cpu = Vec::new();
            for rep in 0..reps {
                let (t0, c0) = (Instant::now(), cpu_seconds());
                let bytes = std::fs::read(dir.join("matrix.mtx")).unwrap();
                let t_read = t0.elapsed().as_secs_f64();
                let t = parse_matrix_market(&bytes).unwrap();
                let t_parse = t0.elapsed().as_secs_f64();
                drop(bytes);
                let genes: Vec<String> = (1..=t.nrows).map(|i| format!("g{i}")).collect();
                let m = CountMatrix::from_triplets(genes, bc.clone(), &t).unwrap();
                drop(t);
                let t_csr = t0.elapsed().as_secs_f64();
                let lib = m.library_sizes();
                let res = propeller(&cl, &smp, &grp, Transform::Logit).unwrap();
                times.push(t0.elapsed().as_secs_f64());
                cpu.push(cpu_seconds() - c0);
                if rep == 0 {
                    println!(
                        "stages: read {t_read:.3} s, parse {:.3} s, csr {:.3} s, rest {:.3} s",
                        t_parse - t_read,
                        t_csr - t_parse,
                        times[0] - t_csr
                    );
                    println!(
                        "check: {} genes x {} cells, nnz {}, median library {}, zero cells {}, top cluster {} p = {:e}",
                        m.n_genes(),
                        m.n_cells(),
                        m.nnz(),
                        lib.median,
                        lib.zero_count_cells,
                        res.rows[0].cluster,
                        res.rows[0].p
                    );
                }
            }
            println!("cpu_seconds={}", median(cpu));
            println!("seconds={}", median(times));
        }
        other => panic!("unknown mode {other}"),
    }
}
