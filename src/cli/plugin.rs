//! `prognos plugin list|info|run`: image-model plugins (built-in reference
//! networks and shared libraries speaking the prognos C ABI).
//!
//! Plugins are searched in `--plugin-dir` directories, then in the entries
//! of `PROGNOS_PLUGIN_PATH`. `--plugin` takes a library path, a model folder
//! written by `prognos train`, a built-in name (`ct-resnet3d`, `wsi-abmil`,
//! with `--config MODEL_DIR`), or the name a library declares.
//!
//! The manifest of `plugin run` is a CSV with a header and the columns
//! `patient_id` and `path` (a `.npy` array per patient: a `depth × height ×
//! width` volume, an `n_tiles × dim` tile bag, or a feature vector; leading
//! singleton dimensions are dropped; `.nii`/`.nii.gz` volumes are read as
//! stored), or `patient_id`, `image` and `mask`: a NIfTI CT volume (HU) and
//! its tumour mask, preprocessed as the study (window 350/50, 1-mm
//! trilinear resampling, mask box + 5 voxels, z-score, trilinear resize to
//! the plugin's input shape; `prognos_plugins::nets::preprocess`).
//! Relative paths are read from the manifest's folder. The output CSV has one row per patient,
//! `patient_id,score`.
//!
//! Isolation: a plugin library is scored in a `prognos plugin-host` child
//! process by default (`--isolate`, on unless `--isolate false`), so a
//! plugin that aborts or segfaults ends with a one-line error naming it
//! instead of killing prognos; the cost is one process and one copy of each
//! input through a pipe. Built-in networks and model folders (our own code)
//! always run in process. Finding a library by its declared name still
//! opens the candidates in process to read their descriptors.
//!
//! `--device cpu|flex|cuda|wgpu` picks the burn backend of the built-in
//! networks (the GPU ones exist only in builds with the plugins crate's
//! `cuda`/`wgpu` features).

use super::common::{Common, FitTimer, Output};
use anyhow::{Context, anyhow, bail};
use prognos_plugins::loader::search::{self, PLUGIN_PATH_VAR};
use prognos_plugins::loader::{HostedPlugin, PluginError, PluginInfo, PluginLibrary, Scorer};
use prognos_plugins::nets::builtin::{self, BuiltinModel};
use prognos_plugins::nets::preprocess::{CtPreprocessParams, preprocess_ct_files};
use prognos_plugins::nifti;
use prognos_plugins::npy::read_npy_file;
use prognos_plugins::sdk::Input;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// `prognos plugin`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: PluginCommand,
    /// Print the JSON output (also accepted after the sub-subcommand).
    #[command(flatten)]
    pub common: Common,
}

impl Args {
    /// Whether `--json` was given before or after `list|info|run`.
    pub fn json(&self) -> bool {
        self.common.json
            || match &self.command {
                PluginCommand::List(a) => a.common.json,
                PluginCommand::Info(a) => a.common.json,
                PluginCommand::Run(a) => a.common.json,
            }
    }
}

/// `plugin list|info|run`.
#[derive(clap::Subcommand, Debug)]
pub enum PluginCommand {
    /// List built-in plugins and those found in --plugin-dir / PROGNOS_PLUGIN_PATH.
    List(ListArgs),
    /// Describe one plugin (a library path, a model folder or a name).
    Info(InfoArgs),
    /// Score every patient of a manifest with one plugin.
    Run(RunArgs),
}

/// `plugin list`.
#[derive(clap::Args, Debug)]
pub struct ListArgs {
    /// Directory to search for plugin libraries (repeatable; before PROGNOS_PLUGIN_PATH).
    #[arg(long = "plugin-dir")]
    pub plugin_dir: Vec<PathBuf>,
    /// Shared flags.
    #[command(flatten)]
    pub common: Common,
}

/// `plugin info`.
#[derive(clap::Args, Debug)]
pub struct InfoArgs {
    /// Library path, model folder, or plugin name.
    pub plugin: String,
    /// Directory to search for plugin libraries (repeatable).
    #[arg(long = "plugin-dir")]
    pub plugin_dir: Vec<PathBuf>,
    /// Shared flags.
    #[command(flatten)]
    pub common: Common,
}

/// `plugin run`.
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// Library path, model folder, or plugin name.
    #[arg(long)]
    pub plugin: String,
    /// CSV with columns patient_id,path (one .npy input per patient).
    #[arg(long)]
    pub manifest: PathBuf,
    /// Output CSV: patient_id,score.
    #[arg(long)]
    pub out: PathBuf,
    /// Configuration string passed to the plugin's create(); for a built-in name, the model folder.
    #[arg(long)]
    pub config: Option<String>,
    /// Directory to search for plugin libraries (repeatable).
    #[arg(long = "plugin-dir")]
    pub plugin_dir: Vec<PathBuf>,
    /// Score a plugin library in a `prognos plugin-host` child process, so
    /// that a crash becomes an error (default true; `--isolate false` loads
    /// it in process).
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub isolate: Option<bool>,
    /// Backend of the built-in networks: cpu, flex, cuda or wgpu (as compiled in).
    #[arg(long, default_value = "cpu")]
    pub device: String,
    /// Shared flags.
    #[command(flatten)]
    pub common: Common,
}

/// Runs `prognos plugin ...`.
pub fn run(args: &Args) -> anyhow::Result<Output> {
    match &args.command {
        PluginCommand::List(a) => list(a),
        PluginCommand::Info(a) => info(a),
        PluginCommand::Run(a) => run_manifest(a),
    }
}

fn dirs(plugin_dir: &[PathBuf]) -> Vec<PathBuf> {
    search::search_dirs(plugin_dir, std::env::var_os(PLUGIN_PATH_VAR).as_deref())
}

/// The contract's JSON object for one plugin.
fn info_json(i: &PluginInfo) -> Value {
    json!({
        "name": i.name,
        "version": i.version,
        "abi": i.abi,
        "modality": i.modality.as_str(),
        "input": i.input.as_str(),
        "input_shape": i.input_shape,
        "embedding_dim": i.embedding_dim,
        "path": i.path.as_ref().map(|p| p.display().to_string()),
    })
}

fn info_row(i: &PluginInfo) -> String {
    format!(
        "{:<22} {:<8} {:>3}  {:<8} {:<9} {:<16} {}\n",
        i.name,
        i.version,
        i.abi,
        i.modality.as_str(),
        i.input.as_str(),
        i.shape_string(),
        i.path
            .as_ref()
            .map_or_else(|| "(built-in)".to_string(), |p| p.display().to_string())
    )
}

fn header() -> String {
    format!(
        "{:<22} {:<8} {:>3}  {:<8} {:<9} {:<16} {}\n",
        "name", "version", "abi", "modality", "input", "shape", "path"
    )
}

fn list(a: &ListArgs) -> anyhow::Result<Output> {
    let timer = FitTimer::start();
    let mut infos = builtin::builtin_infos();
    let mut errors = Vec::new();
    for path in search::candidates(&dirs(&a.plugin_dir)) {
        match PluginLibrary::open(&path) {
            Ok(lib) => infos.push(lib.info().clone()),
            Err(e) => {
                errors.push(json!({"path": path.display().to_string(), "error": e.to_string()}))
            }
        }
    }
    let mut text = header();
    for i in &infos {
        text.push_str(&info_row(i));
    }
    for e in &errors {
        text.push_str(&format!(
            "skipped {}: {}\n",
            e["path"].as_str().unwrap_or(""),
            e["error"].as_str().unwrap_or("")
        ));
    }
    Ok(Output {
        json: json!({"plugins": infos.iter().map(info_json).collect::<Vec<_>>(), "errors": errors}),
        text,
        fit_s: timer.seconds(),
    })
}

/// Finds a plugin library by declared name in the search directories.
fn find_by_name(name: &str, plugin_dir: &[PathBuf]) -> Result<PluginLibrary, PluginError> {
    let searched = dirs(plugin_dir);
    for path in search::candidates(&searched) {
        if let Ok(lib) = PluginLibrary::open(&path)
            && lib.info().name == name
        {
            return Ok(lib);
        }
    }
    Err(PluginError::NotFound {
        name: name.to_string(),
        builtins: format!("{}, {}", builtin::CT_NAME, builtin::WSI_NAME),
        searched: searched
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(":"),
    })
}

fn info(a: &InfoArgs) -> anyhow::Result<Output> {
    let timer = FitTimer::start();
    let path = Path::new(&a.plugin);
    let (info, card) = if builtin::is_model_dir(path) {
        let m = BuiltinModel::load(path)?;
        (m.info().clone(), Some(serde_json::to_value(m.card())?))
    } else if path.is_file() {
        (PluginLibrary::open(path)?.info().clone(), None)
    } else if let Some(i) = builtin::builtin_infos()
        .into_iter()
        .find(|i| i.name == a.plugin)
    {
        (i, None)
    } else {
        (find_by_name(&a.plugin, &a.plugin_dir)?.info().clone(), None)
    };
    let mut j = info_json(&info);
    if let (Value::Object(m), Some(card)) = (&mut j, card) {
        m.insert("model".into(), card);
    }
    let text = format!(
        "{}{}embedding_dim: {}\n",
        header(),
        info_row(&info),
        info.embedding_dim
    );
    Ok(Output {
        json: j,
        text,
        fit_s: timer.seconds(),
    })
}

/// Instantiates a plugin library, in a `plugin-host` child when `isolate`.
pub fn open_library(
    path: &Path,
    config: &str,
    isolate: bool,
) -> Result<Box<dyn Scorer>, PluginError> {
    if isolate {
        Ok(Box::new(HostedPlugin::spawn_current_exe(path, config)?))
    } else {
        Ok(Box::new(PluginLibrary::open(path)?.instantiate(config)?))
    }
}

/// Opens the scorer `--plugin` names.
fn open_scorer(a: &RunArgs) -> anyhow::Result<Box<dyn Scorer>> {
    let isolate = a.isolate.unwrap_or(true);
    let path = Path::new(&a.plugin);
    if builtin::is_model_dir(path) {
        return Ok(Box::new(BuiltinModel::load(path)?));
    }
    if path.is_file() {
        return Ok(open_library(
            path,
            a.config.as_deref().unwrap_or(""),
            isolate,
        )?);
    }
    if a.plugin == builtin::CT_NAME || a.plugin == builtin::WSI_NAME {
        let dir = a.config.as_deref().ok_or_else(|| {
            anyhow!(
                "plugin {}: needs trained weights: --config MODEL_DIR (written by prognos train)",
                a.plugin
            )
        })?;
        let m = BuiltinModel::load(Path::new(dir))?;
        if m.info().name != a.plugin {
            bail!(
                "plugin {}: --config {dir} holds a {} model",
                a.plugin,
                m.info().name
            );
        }
        return Ok(Box::new(m));
    }
    let lib = find_by_name(&a.plugin, &a.plugin_dir)?;
    if isolate && let Some(found) = lib.info().path.clone() {
        drop(lib);
        return Ok(open_library(
            &found,
            a.config.as_deref().unwrap_or(""),
            true,
        )?);
    }
    Ok(Box::new(
        lib.instantiate(a.config.as_deref().unwrap_or(""))?,
    ))
}

/// Selects the burn backend named by `--device` for the built-in networks.
pub(crate) fn select_device(name: &str) -> anyhow::Result<()> {
    let d = prognos_plugins::nets::device::NetDevice::parse(name)
        .map_err(|e| anyhow!("--device: {e}"))?;
    prognos_plugins::nets::device::select(d).map_err(|e| anyhow!("--device: {e}"))
}

/// One manifest row: patient and input file.
struct ManifestRow {
    patient_id: String,
    /// The input (`path` column), or the CT image (`image` column).
    path: PathBuf,
    /// The tumour mask (`mask` column), with `image`.
    mask: Option<PathBuf>,
}

/// The input columns of a manifest: `path`, or `image` + `mask` (NIfTI CT
/// volume and tumour mask, preprocessed as the study).
#[derive(Debug, Clone, Copy)]
pub(crate) enum InputColumns {
    /// One input file per row.
    Path(usize),
    /// CT image and mask files.
    ImageMask(usize, usize),
}

impl InputColumns {
    /// Finds the input columns in a manifest header.
    pub(crate) fn find(headers: &csv::StringRecord, manifest: &Path) -> anyhow::Result<Self> {
        let col = |name: &str| headers.iter().position(|h| h.trim() == name);
        match (col("path"), col("image"), col("mask")) {
            (Some(p), _, _) => Ok(InputColumns::Path(p)),
            (None, Some(i), Some(m)) => Ok(InputColumns::ImageMask(i, m)),
            (None, Some(_), None) => bail!(
                "manifest {}: column 'image' needs a 'mask' column (the tumour mask NIfTI)",
                manifest.display()
            ),
            _ => bail!(
                "manifest {}: no column 'path' (or 'image' and 'mask')",
                manifest.display()
            ),
        }
    }

    /// The row's input path and optional mask path, resolved against `base`.
    pub(crate) fn paths(
        &self,
        rec: &csv::StringRecord,
        base: &Path,
        manifest: &Path,
        row: usize,
    ) -> anyhow::Result<(PathBuf, Option<PathBuf>)> {
        let get = |i: usize, name: &str| -> anyhow::Result<PathBuf> {
            let v = rec.get(i).unwrap_or("").trim();
            if v.is_empty() {
                bail!("manifest {}: row {row}: empty {name}", manifest.display());
            }
            let p = Path::new(v);
            Ok(if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            })
        };
        Ok(match *self {
            InputColumns::Path(p) => (get(p, "path")?, None),
            InputColumns::ImageMask(i, m) => (get(i, "image")?, Some(get(m, "mask")?)),
        })
    }
}

/// Reads one patient's input as `(shape, values)`: a NIfTI image + mask
/// preprocessed to `output` (the CT pipeline of
/// `prognos_plugins::nets::preprocess`), a `.nii`/`.nii.gz` volume as
/// stored, or a `.npy` array.
pub(crate) fn read_input(
    path: &Path,
    mask: Option<&Path>,
    ct: Option<&CtPreprocessParams>,
) -> anyhow::Result<(Vec<usize>, Vec<f32>)> {
    if let Some(mask) = mask {
        let params = ct.ok_or_else(|| {
            anyhow!("image + mask inputs need a CT volume plugin with a fixed input shape")
        })?;
        let v = preprocess_ct_files(path, mask, params)?;
        return Ok((v.shape.to_vec(), v.data));
    }
    if nifti::is_nifti_path(path) {
        let v = nifti::read_nifti(path)?;
        return Ok((v.shape.to_vec(), v.data));
    }
    let arr = read_npy_file(path).with_context(|| path.display().to_string())?;
    Ok((arr.shape, arr.data))
}

/// The CT preprocessing recorded in the model card of `--plugin DIR` (or
/// `--plugin ct-resnet3d --config DIR`), if any.
fn card_preprocess(a: &RunArgs) -> Option<CtPreprocessParams> {
    let dir = if builtin::is_model_dir(Path::new(&a.plugin)) {
        Path::new(&a.plugin)
    } else {
        Path::new(a.config.as_deref()?)
    };
    let text = std::fs::read_to_string(dir.join(builtin::CARD_FILE)).ok()?;
    serde_json::from_str::<builtin::ModelCard>(&text)
        .ok()?
        .ct_preprocess
}

/// Reads `patient_id,path` (or `patient_id,image,mask`) rows; relative
/// paths are resolved against the manifest's folder.
fn read_manifest(path: &Path) -> anyhow::Result<Vec<ManifestRow>> {
    let mut rdr = csv::Reader::from_path(path)
        .with_context(|| format!("cannot read manifest {}", path.display()))?;
    let headers = rdr.headers()?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let id = col("patient_id")
        .ok_or_else(|| anyhow!("manifest {}: no column 'patient_id'", path.display()))?;
    let inputs = InputColumns::find(&headers, path)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut rows = Vec::new();
    for (row, rec) in rdr.records().enumerate() {
        let rec = rec.with_context(|| format!("manifest {}: row {row}", path.display()))?;
        let patient_id = rec.get(id).unwrap_or("").trim().to_string();
        if patient_id.is_empty() {
            bail!("manifest {}: row {row}: empty patient_id", path.display());
        }
        let (p, mask) = inputs.paths(&rec, base, path, row)?;
        rows.push(ManifestRow {
            patient_id,
            path: p,
            mask,
        });
    }
    if rows.is_empty() {
        bail!("manifest {}: no rows", path.display());
    }
    Ok(rows)
}

/// Drops leading singleton dimensions until the array has `ndim` dimensions.
pub(crate) fn squeeze_to(mut shape: Vec<usize>, ndim: usize) -> Vec<usize> {
    while shape.len() > ndim && shape.first() == Some(&1) {
        shape.remove(0);
    }
    shape
}

fn run_manifest(a: &RunArgs) -> anyhow::Result<Output> {
    let rows = read_manifest(&a.manifest)?;
    select_device(&a.device)?;
    let mut scorer = open_scorer(a)?;
    let info = scorer.info().clone();
    let timer = FitTimer::start();
    let mut scores = Vec::with_capacity(rows.len());
    // CT image + mask rows are preprocessed to the plugin's declared shape,
    // as recorded in a model folder's card when it was trained on such pairs.
    let ct: Option<CtPreprocessParams> = match info.input_shape.as_slice() {
        [Some(d), Some(h), Some(w)] if info.input == prognos_plugins::abi::InputKind::Volume => {
            Some(CtPreprocessParams {
                output: [*d, *h, *w],
                ..card_preprocess(a).unwrap_or_default()
            })
        }
        _ => None,
    };
    for (row, r) in rows.iter().enumerate() {
        let (shape, data) = read_input(&r.path, r.mask.as_deref(), ct.as_ref())
            .with_context(|| format!("manifest row {row} (patient {})", r.patient_id))?;
        let shape = squeeze_to(shape, info.input.ndim());
        let input = Input {
            kind: info.input,
            shape: &shape,
            data: &data,
        };
        let p = scorer.score(&input).with_context(|| {
            format!(
                "manifest row {row} (patient {}): {}",
                r.patient_id,
                r.path.display()
            )
        })?;
        scores.push(p.risk);
    }
    let fit_s = timer.seconds();
    let mut w = csv::Writer::from_path(&a.out)
        .with_context(|| format!("cannot write {}", a.out.display()))?;
    w.write_record(["patient_id", "score"])?;
    for (r, s) in rows.iter().zip(&scores) {
        w.write_record([r.patient_id.as_str(), &format!("{s}")])?;
    }
    w.flush()?;
    let text = format!(
        "plugin {} {} scored {} patients -> {}\n",
        info.name,
        info.version,
        rows.len(),
        a.out.display()
    );
    Ok(Output {
        json: json!({
            "plugin": info_json(&info),
            "n": rows.len(),
            "out": a.out.display().to_string(),
            "scores": rows.iter().zip(&scores)
                .map(|(r, s)| json!({"patient_id": r.patient_id, "score": s}))
                .collect::<Vec<_>>(),
        }),
        text,
        fit_s,
    })
}
