//! Golden tests against R: every folder under `tests/golden/` that holds an
//! `args` file is one case. The runner executes `prognos <args>` inside the
//! folder and compares its JSON with `golden.json` under the rules of
//! `tol.json` (the format of `../shared/reference`, documented in
//! `tests/golden/reference/README.md`):
//!
//! - a number passes when `|cli - golden| <= abs + rel * |golden|`, with the
//!   `abs`/`rel` of its key path in `keys` (paths join object keys with `.`
//!   and write `[]` for an array element), else `default`;
//! - integers, strings and booleans must be equal unless `keys` gives a
//!   tolerance; a golden `null` must be `null`, a golden number must not be;
//! - arrays of objects are compared by position unless `match_by` names a
//!   field to pair them by; paths in `set_valued` compare as sets; paths in
//!   `skip` are not compared; `notes.alternatives` lists accepted values;
//! - keys absent from `golden.json` are not checked.
//!
//! A case folder may hold a `pending` file whose text says why the case
//! does not pass yet: the case is then reported as ignored, never silently
//! dropped. Filter cases by substring: `cargo test --test golden -- cox`.

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Clone, Copy)]
struct Tol {
    abs: f64,
    rel: f64,
}

struct Rules {
    default: Tol,
    keys: BTreeMap<String, Tol>,
    match_by: BTreeMap<String, String>,
    set_valued: Vec<String>,
    skip: Vec<String>,
    alternatives: BTreeMap<String, Vec<Value>>,
}

fn tol_of(v: &Value) -> Tol {
    Tol {
        abs: v.get("abs").and_then(Value::as_f64).unwrap_or(0.0),
        rel: v.get("rel").and_then(Value::as_f64).unwrap_or(0.0),
    }
}

impl Rules {
    fn parse(v: &Value) -> Rules {
        let default = v.get("default").map(tol_of).unwrap_or(Tol {
            abs: 1e-8,
            rel: 1e-6,
        });
        let map_str = |key: &str| -> BTreeMap<String, String> {
            v.get(key)
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, x)| x.as_str().map(|s| (k.clone(), s.to_string())))
                        .collect()
                })
                .unwrap_or_default()
        };
        let list = |key: &str| -> Vec<String> {
            v.get(key)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        Rules {
            default,
            keys: v
                .get("keys")
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(k, x)| (k.clone(), tol_of(x))).collect())
                .unwrap_or_default(),
            match_by: map_str("match_by"),
            set_valued: list("set_valued"),
            skip: list("skip"),
            alternatives: v
                .pointer("/notes/alternatives")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, x)| x.as_array().map(|a| (k.clone(), a.clone())))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The tolerance of a path: the exact entry, else the default.
    fn tol(&self, path: &str) -> (Tol, bool) {
        match self.keys.get(path) {
            Some(t) => (*t, true),
            None => (self.default, false),
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn last_key(path: &str) -> &str {
    path.rsplit('.')
        .next()
        .unwrap_or(path)
        .trim_end_matches("[]")
}

fn compare(
    rules: &Rules,
    path: &str,
    shown: &str,
    cli: &Value,
    gold: &Value,
    errs: &mut Vec<String>,
) {
    if rules.skip.iter().any(|s| s == path) {
        return;
    }
    if let Some(alts) = rules.alternatives.get(path)
        && alts.iter().any(|a| leaf_equal(rules, path, cli, a))
    {
        return;
    }
    match (gold, cli) {
        (Value::Null, Value::Null) => {}
        (Value::Null, other) => errs.push(format!("{shown}: expected null, got {other}")),
        (Value::Object(g), Value::Object(c)) => {
            for (k, gv) in g {
                let p = join(path, k);
                let s = join(shown, k);
                match c.get(k) {
                    Some(cv) => compare(rules, &p, &s, cv, gv, errs),
                    None => errs.push(format!("{s}: missing in prognos output")),
                }
            }
        }
        (Value::Array(g), Value::Array(c)) => {
            let p = format!("{path}[]");
            if rules.set_valued.iter().any(|s| s == path) {
                let mut gs: Vec<String> = g.iter().map(Value::to_string).collect();
                let mut cs: Vec<String> = c.iter().map(Value::to_string).collect();
                gs.sort();
                cs.sort();
                if gs != cs {
                    errs.push(format!("{shown}: set {cs:?} != golden {gs:?}"));
                }
                return;
            }
            let key = rules
                .match_by
                .get(path)
                .or_else(|| rules.match_by.get(last_key(path)));
            if let Some(key) = key {
                for (i, gv) in g.iter().enumerate() {
                    let id = gv.get(key);
                    match c.iter().find(|cv| cv.get(key) == id) {
                        Some(cv) => compare(
                            rules,
                            &p,
                            &format!(
                                "{shown}[{key}={}]",
                                id.map(Value::to_string).unwrap_or_default()
                            ),
                            cv,
                            gv,
                            errs,
                        ),
                        None => errs.push(format!("{shown}[{i}]: no element with {key} = {id:?}")),
                    }
                }
                if c.len() != g.len() {
                    errs.push(format!(
                        "{shown}: {} elements, golden has {}",
                        c.len(),
                        g.len()
                    ));
                }
                return;
            }
            if c.len() != g.len() {
                errs.push(format!(
                    "{shown}: {} elements, golden has {}",
                    c.len(),
                    g.len()
                ));
                return;
            }
            for (i, (cv, gv)) in c.iter().zip(g).enumerate() {
                compare(rules, &p, &format!("{shown}[{i}]"), cv, gv, errs);
            }
        }
        _ => {
            if !leaf_equal(rules, path, cli, gold) {
                let (t, _) = rules.tol(path);
                errs.push(format!(
                    "{shown}: prognos {cli} vs R {gold} (abs {:e}, rel {:e})",
                    t.abs, t.rel
                ));
            }
        }
    }
}

fn leaf_equal(rules: &Rules, path: &str, cli: &Value, gold: &Value) -> bool {
    match (gold, cli) {
        (Value::Number(g), Value::Number(c)) => {
            let (t, explicit) = rules.tol(path);
            let (g, c) = (
                g.as_f64().unwrap_or(f64::NAN),
                c.as_f64().unwrap_or(f64::NAN),
            );
            if (gold.is_i64() || gold.is_u64()) && !explicit {
                return g == c;
            }
            (c - g).abs() <= t.abs + t.rel * g.abs()
        }
        (g, c) => g == c,
    }
}

/// Splits an args line like a shell would for plain words and quotes.
fn split_args(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for ch in line.trim().chars() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"') | (None, '\'') => {
                quote = Some(ch);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn run_case(dir: &Path) -> Result<(), Failed> {
    let read = |name: &str| -> Result<String, Failed> {
        std::fs::read_to_string(dir.join(name))
            .map_err(|e| Failed::from(format!("{}: {e}", dir.join(name).display())))
    };
    let args = split_args(&read("args")?);
    let gold: Value = serde_json::from_str(&read("golden.json")?)
        .map_err(|e| Failed::from(format!("golden.json: {e}")))?;
    let rules = match dir.join("tol.json").exists() {
        true => Rules::parse(
            &serde_json::from_str(&read("tol.json")?)
                .map_err(|e| Failed::from(format!("tol.json: {e}")))?,
        ),
        false => Rules::parse(&Value::Null),
    };
    let out = Command::new(env!("CARGO_BIN_EXE_prognos"))
        .args(&args)
        .current_dir(dir)
        .output()
        .map_err(|e| Failed::from(format!("cannot run prognos: {e}")))?;
    if !out.status.success() {
        return Err(format!(
            "prognos {} exited with {}: {}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )
        .into());
    }
    let cli: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| Failed::from(format!("output is not JSON ({e})")))?;
    let mut errs = Vec::new();
    compare(&rules, "", "", &cli, &gold, &mut errs);
    if errs.is_empty() {
        Ok(())
    } else {
        let n = errs.len();
        errs.truncate(25);
        Err(format!("{n} mismatches:\n  {}", errs.join("\n  ")).into())
    }
}

fn collect(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if p.join("args").is_file() {
                out.push(p.strip_prefix(root).unwrap_or(&p).to_path_buf());
            }
            collect(&p, root, out);
        }
    }
}

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden");
    let mut cases = Vec::new();
    collect(&root, &root, &mut cases);
    let trials = cases
        .into_iter()
        .map(|rel| {
            let dir = root.join(&rel);
            let name = rel.to_string_lossy().replace('\\', "/");
            let pending = dir.join("pending").is_file();
            Trial::test(name, move || run_case(&dir)).with_ignored_flag(pending)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
