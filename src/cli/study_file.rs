//! The study file of `prognos run STUDY.toml`: which cohorts, which
//! endpoint, which modality scores (or plugins that make them), which
//! clinical covariates, treatment, subgroups and omics inputs, and which
//! analyses to run. Every table rejects unknown keys, so a typo is an
//! error that names the key and the line.
//!
//! ```toml
//! title = "My study"
//! seed = 20251
//! bootstrap = 1000
//! horizons = [12, 24, 36]
//! time_unit = "months"
//!
//! [endpoint]
//! name = "OS"
//! time = "os_time"
//! event = "os_event"
//!
//! [[cohort]]
//! name = "training"
//! file = "data/training.csv"
//! role = "training"          # training | internal_test | external_test
//!
//! [[modality]]
//! name = "CT"
//! score = "ct_score"
//!
//! [clinical]
//! covariates = ["age", "t_stage", "differentiation"]
//! factors = ["differentiation:well"]
//! ```
//!
//! Relative file paths are resolved against the study file's folder.

use anyhow::{Context, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The analyses a study can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Analysis {
    /// Univariate screen, multivariable fusion model, per-modality models,
    /// C-index with bootstrap CIs, td-AUC, training-median risk groups.
    Survival,
    /// Risk groups within clinical subgroups of the pooled test cohorts.
    Subgroups,
    /// Treatment benefit by risk group with propensity matching.
    Benefit,
    /// DEG + enrichment + single-cell proportions between risk groups.
    Omics,
}

impl Analysis {
    /// The name used in `analyses` and in `results.json` errors.
    pub fn as_str(self) -> &'static str {
        match self {
            Analysis::Survival => "survival",
            Analysis::Subgroups => "subgroups",
            Analysis::Benefit => "benefit",
            Analysis::Omics => "omics",
        }
    }
}

/// Cohort role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Model development.
    Training,
    /// Held-out patients of the training centre.
    InternalTest,
    /// Another centre.
    ExternalTest,
}

impl Role {
    /// As the models crate names it.
    pub fn to_models(self) -> prognos_models::synthetic::CohortRole {
        use prognos_models::synthetic::CohortRole;
        match self {
            Role::Training => CohortRole::Training,
            Role::InternalTest => CohortRole::InternalTest,
            Role::ExternalTest => CohortRole::ExternalTest,
        }
    }
    fn as_str(self) -> &'static str {
        self.to_models().as_str()
    }
}

/// The survival endpoint.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// Label in tables and axes (`OS`, `DFS`).
    #[serde(default = "default_endpoint")]
    pub name: String,
    /// Follow-up time column.
    pub time: String,
    /// Event column (0/1 or true/false).
    pub event: String,
}

/// One cohort file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CohortEntry {
    /// Display name (tables, figures).
    pub name: String,
    /// Table file (.csv, .tsv, .parquet).
    pub file: PathBuf,
    /// Role.
    pub role: Role,
    /// Patient id column (needed by plugins: joins scores to patients).
    #[serde(default)]
    pub id: Option<String>,
}

/// A plugin that makes a modality's score from an input file per patient.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluginEntry {
    /// Plugin name or path, as `prognos plugin run --plugin`.
    pub name: String,
    /// Cohort column with each patient's input file (volume, tile bag).
    pub input: String,
    /// Plugin configuration (`--config`; a model folder for built-ins).
    #[serde(default)]
    pub config: Option<String>,
    /// Backend of the built-in networks (`--device`: cpu, flex, cuda,
    /// wgpu as compiled in); default cpu.
    #[serde(default)]
    pub device: Option<String>,
}

/// One imaging (or other) modality: its risk-score column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Modality {
    /// Model name (`CT`, `WSI`).
    pub name: String,
    /// Score column (written by the plugin when `plugin` is given).
    pub score: String,
    /// Plugin that computes the score.
    #[serde(default)]
    pub plugin: Option<PluginEntry>,
}

/// Clinical covariates.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clinical {
    /// Candidate clinical covariates.
    #[serde(default)]
    pub covariates: Vec<String>,
    /// Which are factors (`name` or `name:REFERENCE`).
    #[serde(default)]
    pub factors: Vec<String>,
}

/// The treatment of the benefit analysis.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Treatment {
    /// 0/1 treatment column.
    pub column: String,
    /// Display name (`Radiotherapy`).
    #[serde(default = "default_treatment")]
    pub name: String,
    /// Candidate terms to match on.
    pub match_on: Vec<String>,
    /// Caliper in SDs of the propensity score.
    #[serde(default = "default_caliper")]
    pub caliper: f64,
}

/// A clinical subgroup variable.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subgroup {
    /// Column.
    pub column: String,
    /// Display name (defaults to the column).
    #[serde(default)]
    pub name: Option<String>,
    /// Numeric threshold: levels `< cut` and `≥ cut`.
    #[serde(default)]
    pub cut: Option<f64>,
    /// Display names of levels (`{ "0" = "Female", "≥ 60" = "Age ≥ 60" }`).
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
}

impl Subgroup {
    /// The display name.
    pub fn display(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.column)
    }
}

/// Omics inputs: bulk expression between risk groups, single-cell cells.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Omics {
    /// Expression matrix (genes in rows, first column the gene id).
    pub expression: PathBuf,
    /// Sample sheet with a `sample` column.
    pub samples: PathBuf,
    /// Sample-sheet column with `high` / `low`.
    #[serde(default = "default_group")]
    pub group: String,
    /// Gene sets (GMT).
    pub gmt: PathBuf,
    /// Single-cell table, one row per cell.
    pub cells: PathBuf,
    /// Cell-table columns: sample, cell type, group (`high` / `low`).
    #[serde(default = "default_cell_sample")]
    pub cell_sample: String,
    /// Cell type column.
    #[serde(default = "default_cell_type")]
    pub cell_type: String,
    /// Group column of the cell table.
    #[serde(default = "default_group")]
    pub cell_group: String,
}

/// A whole study file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyFile {
    /// Report title.
    #[serde(default = "default_title")]
    pub title: String,
    /// Seed of every random step.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Bootstrap replicates of the C-index CIs.
    #[serde(default = "default_bootstrap")]
    pub bootstrap: usize,
    /// Horizons of the td-AUC (time units of the data).
    #[serde(default = "default_horizons")]
    pub horizons: Vec<f64>,
    /// Name of the time unit (axis labels).
    #[serde(default = "default_unit")]
    pub time_unit: String,
    /// Univariate screen threshold.
    #[serde(default = "default_p")]
    pub p_threshold: f64,
    /// Analyses to run (default: every one the file configures).
    #[serde(default)]
    pub analyses: Option<Vec<Analysis>>,
    /// Endpoint.
    pub endpoint: Endpoint,
    /// Cohorts.
    #[serde(rename = "cohort")]
    pub cohorts: Vec<CohortEntry>,
    /// Modalities.
    #[serde(rename = "modality", default)]
    pub modalities: Vec<Modality>,
    /// Clinical covariates.
    #[serde(default)]
    pub clinical: Clinical,
    /// Treatment.
    #[serde(default)]
    pub treatment: Option<Treatment>,
    /// Subgroups.
    #[serde(rename = "subgroup", default)]
    pub subgroups: Vec<Subgroup>,
    /// Omics inputs.
    #[serde(default)]
    pub omics: Option<Omics>,
    /// Folder relative paths are resolved against (not in the file).
    #[serde(skip)]
    pub base: PathBuf,
}

fn default_endpoint() -> String {
    "OS".into()
}
fn default_treatment() -> String {
    "treatment".into()
}
fn default_caliper() -> f64 {
    0.2
}
fn default_group() -> String {
    "risk_group".into()
}
fn default_cell_sample() -> String {
    "sample".into()
}
fn default_cell_type() -> String {
    "cell_type".into()
}
fn default_title() -> String {
    "Multimodal prognosis study".into()
}
fn default_seed() -> u64 {
    20251
}
fn default_bootstrap() -> usize {
    1000
}
fn default_horizons() -> Vec<f64> {
    vec![12.0, 24.0, 36.0]
}
fn default_unit() -> String {
    "months".into()
}
fn default_p() -> f64 {
    0.05
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

impl StudyFile {
    /// Parses study-file text; `base` is the folder for relative paths.
    ///
    /// # Errors
    /// A one-line message naming the line and the bad key or value.
    pub fn parse(text: &str, origin: &str, base: &Path) -> anyhow::Result<StudyFile> {
        let mut f: StudyFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| format!(" line {}:", line_of(text, s.start)))
                .unwrap_or_default();
            anyhow::anyhow!(
                "study file {origin}:{line} {}",
                e.message().trim().replace('\n', " ")
            )
        })?;
        f.base = base.to_path_buf();
        f.validate(origin)?;
        Ok(f)
    }

    /// Reads and parses a study file.
    ///
    /// # Errors
    /// As [`StudyFile::parse`], or the file cannot be read.
    pub fn read(path: &Path) -> anyhow::Result<StudyFile> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read study file {}", path.display()))?;
        let base = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        StudyFile::parse(&text, &path.display().to_string(), &base)
    }

    fn validate(&self, origin: &str) -> anyhow::Result<()> {
        let n_train = self
            .cohorts
            .iter()
            .filter(|c| c.role == Role::Training)
            .count();
        if n_train != 1 {
            bail!(
                "study file {origin}: exactly one cohort must have role = \"training\" (found {n_train})"
            );
        }
        let mut names = std::collections::HashSet::new();
        for c in &self.cohorts {
            if !names.insert(c.name.as_str()) {
                bail!(
                    "study file {origin}: cohort name '{}' is used twice",
                    c.name
                );
            }
        }
        if self.modalities.is_empty() && self.clinical.covariates.is_empty() {
            bail!(
                "study file {origin}: no candidate predictors: add [[modality]] or [clinical] covariates"
            );
        }
        if self.bootstrap == 0 {
            bail!("study file {origin}: bootstrap must be at least 1");
        }
        if let Some(h) = self.horizons.iter().find(|h| !(h.is_finite() && **h > 0.0)) {
            bail!("study file {origin}: horizons: {h} is not a positive time");
        }
        if !(self.p_threshold > 0.0 && self.p_threshold <= 1.0) {
            bail!(
                "study file {origin}: p_threshold {} must lie in (0, 1]",
                self.p_threshold
            );
        }
        for m in &self.modalities {
            if m.plugin.is_some() && !self.cohorts.iter().all(|c| c.id.is_some()) {
                bail!(
                    "study file {origin}: modality '{}' runs a plugin: every [[cohort]] needs id = \"<patient id column>\"",
                    m.name
                );
            }
        }
        let wanted = |a: Analysis| self.analyses.as_ref().is_none_or(|v| v.contains(&a));
        if self.analyses.is_some() {
            if wanted(Analysis::Benefit) && self.treatment.is_none() {
                bail!("study file {origin}: analyses has \"benefit\" but there is no [treatment]");
            }
            if wanted(Analysis::Subgroups) && self.subgroups.is_empty() {
                bail!(
                    "study file {origin}: analyses has \"subgroups\" but there is no [[subgroup]]"
                );
            }
            if wanted(Analysis::Omics) && self.omics.is_none() {
                bail!("study file {origin}: analyses has \"omics\" but there is no [omics]");
            }
        }
        Ok(())
    }

    /// Whether an analysis runs: named in `analyses`, or (without
    /// `analyses`) configured in the file.
    pub fn wants(&self, a: Analysis) -> bool {
        let configured = match a {
            Analysis::Survival => true,
            Analysis::Subgroups => !self.subgroups.is_empty(),
            Analysis::Benefit => self.treatment.is_some(),
            Analysis::Omics => self.omics.is_some(),
        };
        configured && self.analyses.as_ref().is_none_or(|v| v.contains(&a))
    }

    /// A path of the file, resolved against its folder.
    pub fn path(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base.join(p)
        }
    }

    /// The study as TOML text (what `prognos demo` writes as
    /// `study.toml`; paths as given).
    pub fn to_toml(&self) -> String {
        let s = |v: &str| format!("{v:?}");
        let list = |v: &[String]| {
            format!(
                "[{}]",
                v.iter().map(|x| s(x)).collect::<Vec<_>>().join(", ")
            )
        };
        let num = |v: f64| {
            if v.fract() == 0.0 && v.abs() < 1e15 {
                format!("{v:.0}")
            } else {
                format!("{v}")
            }
        };
        let p = |v: &Path| s(&v.to_string_lossy());
        let mut o = String::new();
        o += &format!("title = {}\n", s(&self.title));
        o += &format!("seed = {}\nbootstrap = {}\n", self.seed, self.bootstrap);
        o += &format!(
            "horizons = [{}]\ntime_unit = {}\np_threshold = {}\n",
            self.horizons
                .iter()
                .map(|h| num(*h))
                .collect::<Vec<_>>()
                .join(", "),
            s(&self.time_unit),
            self.p_threshold
        );
        if let Some(a) = &self.analyses {
            let v: Vec<String> = a.iter().map(|x| x.as_str().to_string()).collect();
            o += &format!("analyses = {}\n", list(&v));
        }
        o += &format!(
            "\n[endpoint]\nname = {}\ntime = {}\nevent = {}\n",
            s(&self.endpoint.name),
            s(&self.endpoint.time),
            s(&self.endpoint.event)
        );
        for c in &self.cohorts {
            o += &format!(
                "\n[[cohort]]\nname = {}\nfile = {}\nrole = {}\n",
                s(&c.name),
                p(&c.file),
                s(c.role.as_str())
            );
            if let Some(id) = &c.id {
                o += &format!("id = {}\n", s(id));
            }
        }
        for m in &self.modalities {
            o += &format!(
                "\n[[modality]]\nname = {}\nscore = {}\n",
                s(&m.name),
                s(&m.score)
            );
            if let Some(pl) = &m.plugin {
                o += &format!(
                    "plugin = {{ name = {}, input = {}{}{} }}\n",
                    s(&pl.name),
                    s(&pl.input),
                    pl.config
                        .as_ref()
                        .map_or(String::new(), |c| format!(", config = {}", s(c))),
                    pl.device
                        .as_ref()
                        .map_or(String::new(), |d| format!(", device = {}", s(d)))
                );
            }
        }
        o += &format!(
            "\n[clinical]\ncovariates = {}\nfactors = {}\n",
            list(&self.clinical.covariates),
            list(&self.clinical.factors)
        );
        if let Some(t) = &self.treatment {
            o += &format!(
                "\n[treatment]\ncolumn = {}\nname = {}\nmatch_on = {}\ncaliper = {}\n",
                s(&t.column),
                s(&t.name),
                list(&t.match_on),
                t.caliper
            );
        }
        for g in &self.subgroups {
            o += &format!("\n[[subgroup]]\ncolumn = {}\n", s(&g.column));
            if let Some(n) = &g.name {
                o += &format!("name = {}\n", s(n));
            }
            if let Some(c) = g.cut {
                o += &format!("cut = {}\n", num(c));
            }
            if !g.labels.is_empty() {
                let kv: Vec<String> = g
                    .labels
                    .iter()
                    .map(|(k, v)| format!("{} = {}", s(k), s(v)))
                    .collect();
                o += &format!("labels = {{ {} }}\n", kv.join(", "));
            }
        }
        if let Some(m) = &self.omics {
            o += &format!(
                "\n[omics]\nexpression = {}\nsamples = {}\ngroup = {}\ngmt = {}\ncells = {}\n\
                 cell_sample = {}\ncell_type = {}\ncell_group = {}\n",
                p(&m.expression),
                p(&m.samples),
                s(&m.group),
                p(&m.gmt),
                p(&m.cells),
                s(&m.cell_sample),
                s(&m.cell_type),
                s(&m.cell_group)
            );
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[endpoint]
time = "t"
event = "e"

[[cohort]]
name = "a"
file = "a.csv"
role = "training"

[clinical]
covariates = ["age"]
"#;

    #[test]
    fn minimal_file_takes_defaults_and_round_trips() {
        let f = StudyFile::parse(MINIMAL, "x.toml", Path::new("/d")).unwrap();
        assert_eq!(f.bootstrap, 1000);
        assert_eq!(f.endpoint.name, "OS");
        assert!(f.wants(Analysis::Survival) && !f.wants(Analysis::Benefit));
        assert_eq!(f.path(Path::new("a.csv")), Path::new("/d/a.csv"));
        let again = StudyFile::parse(&f.to_toml(), "y.toml", Path::new("/d")).unwrap();
        assert_eq!(again.to_toml(), f.to_toml());
    }

    #[test]
    fn a_typo_names_the_key_and_line() {
        let text = MINIMAL.replace("[clinical]", "bootstrapp = 5\n[clinical]");
        let e = StudyFile::parse(&text, "x.toml", Path::new(".")).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("bootstrapp") && msg.contains("line 11"),
            "{msg}"
        );
        assert!(!msg.contains('\n'));
    }

    #[test]
    fn bad_role_and_missing_training_are_errors() {
        let e = StudyFile::parse(
            &MINIMAL.replace("\"training\"", "\"train\""),
            "x.toml",
            Path::new("."),
        )
        .unwrap_err();
        assert!(e.to_string().contains("train"), "{e}");
        let e = StudyFile::parse(
            &MINIMAL.replace("\"training\"", "\"external_test\""),
            "x.toml",
            Path::new("."),
        )
        .unwrap_err();
        assert!(e.to_string().contains("exactly one cohort"), "{e}");
    }
}
