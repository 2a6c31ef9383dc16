//! Synthetic cohorts whose images carry a known survival signal, for tests,
//! benchmarks and the demo.
//!
//! * **CT**: each volume holds one ellipsoidal lesion in noisy background.
//!   The lesion's radius and its texture (the amplitude of voxel-level
//!   heterogeneity inside it) drive the hazard:
//!   `log h = log λ₀ + β_size·z(radius) + β_texture·z(texture)`.
//! * **WSI**: each bag holds `n_tiles` feature vectors drawn around a
//!   "typical" or an "atypical" prototype; the fraction of atypical tiles
//!   drives the hazard: `log h = log λ₀ + β·z(fraction)`.
//!
//! Event times are exponential given the hazard; censoring times are
//! uniform on `[0, censor_max]` and administrative at `censor_max`. Every
//! patient draws from its own ChaCha8 stream `(seed, patient)`, so a cohort
//! is identical whatever order or thread builds it.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Survival outcome of a synthetic patient.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SyntheticOutcome {
    /// Observed time (event or censoring), in months.
    pub time: f64,
    /// Whether the event was observed.
    pub event: bool,
    /// The true linear predictor (log relative hazard).
    pub lp: f64,
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random::<f64>().max(1e-300);
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Exponential event time with hazard `base·exp(lp)`, uniform censoring.
fn outcome(rng: &mut ChaCha8Rng, lp: f64, base_hazard: f64, censor_max: f64) -> SyntheticOutcome {
    let u: f64 = rng.random::<f64>().max(1e-300);
    let t = -u.ln() / (base_hazard * lp.exp());
    let c = rng.random::<f64>() * censor_max;
    let obs = t.min(c).max(1e-3);
    SyntheticOutcome {
        time: obs,
        event: t <= c,
        lp,
    }
}

fn stream(seed: u64, patient: usize) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(patient as u64 + 1);
    rng
}

/// Parameters of a synthetic CT cohort.
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `shape` | `[14, 54, 54]` | volume depth, height, width |
/// | `beta_size` | 1.2 | log-HR per SD of lesion radius |
/// | `beta_texture` | 0.6 | log-HR per SD of lesion texture |
/// | `base_hazard` | 0.05 | per month |
/// | `censor_max` | 60 | months (uniform censoring on `[0, censor_max]`) |
#[derive(Debug, Clone, PartialEq)]
pub struct CtSyntheticParams {
    /// Volume depth, height, width.
    pub shape: [usize; 3],
    /// Log hazard ratio per SD of the lesion radius.
    pub beta_size: f64,
    /// Log hazard ratio per SD of the texture amplitude.
    pub beta_texture: f64,
    /// Baseline hazard (per month).
    pub base_hazard: f64,
    /// Maximum follow-up (months).
    pub censor_max: f64,
}

impl Default for CtSyntheticParams {
    fn default() -> Self {
        CtSyntheticParams {
            shape: [14, 54, 54],
            beta_size: 1.2,
            beta_texture: 0.6,
            base_hazard: 0.05,
            censor_max: 60.0,
        }
    }
}

/// One synthetic CT patient.
#[derive(Debug, Clone, PartialEq)]
pub struct CtPatient {
    /// Row-major `depth × height × width` intensities (≈ window-normalised).
    pub volume: Vec<f32>,
    /// Lesion in-plane radius (voxels).
    pub radius: f64,
    /// Texture amplitude in `[0, 1]`.
    pub texture: f64,
    /// Lesion mask (1 inside the ellipsoid, 0 outside), same layout as `volume`.
    pub mask: Vec<u8>,
    /// Outcome.
    pub outcome: SyntheticOutcome,
}

impl CtSyntheticParams {
    /// Patient `i` of the cohort with this `seed`.
    pub fn patient(&self, seed: u64, i: usize) -> CtPatient {
        let mut rng = stream(seed, i);
        let (rmin, rmax) = self.radius_range();
        let radius = rmin + (rmax - rmin) * rng.random::<f64>();
        let texture: f64 = rng.random::<f64>();
        let (volume, mask) = self.draw_lesion(&mut rng, radius, texture);
        // Standardise radius and texture by their uniform distributions.
        let z_size = (radius - (rmin + rmax) / 2.0) / ((rmax - rmin) / 12f64.sqrt());
        let z_tex = (texture - 0.5) / (1.0 / 12f64.sqrt());
        let lp = self.beta_size * z_size + self.beta_texture * z_tex;
        CtPatient {
            volume,
            radius,
            texture,
            mask,
            outcome: outcome(&mut rng, lp, self.base_hazard, self.censor_max),
        }
    }

    /// The lesion radius range `(min, max)` in voxels: 6 % to 20 % of the
    /// height.
    fn radius_range(&self) -> (f64, f64) {
        let h = self.shape[1] as f64;
        (0.06 * h, 0.2 * h)
    }

    /// Draws the lesion centre and the voxels of a volume with one lesion
    /// of in-plane `radius` (voxels) and `texture` amplitude, from `rng`.
    fn draw_lesion(&self, rng: &mut ChaCha8Rng, radius: f64, texture: f64) -> (Vec<f32>, Vec<u8>) {
        let [d, h, w] = self.shape;
        let rz = (radius * d as f64 / h as f64 * 1.5).max(1.0);
        let cz = d as f64 / 2.0 + (rng.random::<f64>() - 0.5) * (d as f64 / 2.0 - rz).max(0.0);
        let cy = h as f64 / 2.0 + (rng.random::<f64>() - 0.5) * (h as f64 - 2.0 * radius) * 0.5;
        let cx = w as f64 / 2.0 + (rng.random::<f64>() - 0.5) * (w as f64 - 2.0 * radius) * 0.5;
        let mut volume = vec![0f32; d * h * w];
        let mut mask = vec![0u8; d * h * w];
        for z in 0..d {
            for y in 0..h {
                for x in 0..w {
                    let noise = 0.15 * normal(rng);
                    let q = ((z as f64 - cz) / rz).powi(2)
                        + ((y as f64 - cy) / radius).powi(2)
                        + ((x as f64 - cx) / radius).powi(2);
                    let v = if q <= 1.0 {
                        0.8 + texture * 0.6 * normal(rng) + noise
                    } else {
                        noise
                    };
                    volume[(z * h + y) * w + x] = v as f32;
                    mask[(z * h + y) * w + x] = u8::from(q <= 1.0);
                }
            }
        }
        (volume, mask)
    }

    /// Patients `0..n` of the cohort with this `seed`.
    pub fn cohort(&self, seed: u64, n: usize) -> Vec<CtPatient> {
        (0..n).map(|i| self.patient(seed, i)).collect()
    }
}

/// Window of the synthetic intensities when written as CT: intensity `v`
/// becomes `HU = level − width/2 + width·v` (the study's window 350/50,
/// so `v = 0` is −125 HU and `v = 1` is 225 HU), and the CT preprocessing's
/// window maps it back to `v` clipped to `[0, 1]`.
pub const CT_WINDOW: (f64, f64) = (50.0, 350.0);

/// The files of one synthetic patient written as NIfTI.
#[derive(Debug, Clone, PartialEq)]
pub struct CtNiftiPatient {
    /// `p0001`, ...
    pub patient_id: String,
    /// The CT volume (`int16` HU, `.nii.gz`).
    pub image: std::path::PathBuf,
    /// The lesion mask (`uint8`, `.nii.gz`).
    pub mask: std::path::PathBuf,
    /// Outcome.
    pub outcome: SyntheticOutcome,
}

impl CtPatient {
    /// The volume as a CT in Hounsfield units ([`CT_WINDOW`]) with voxel size
    /// `spacing` (mm, `[z, y, x]`), and the lesion mask on the same grid.
    pub fn to_ct(
        &self,
        shape: [usize; 3],
        spacing: [f64; 3],
    ) -> (crate::nifti::Volume, crate::nifti::Volume) {
        let (level, width) = CT_WINDOW;
        let lo = level - width / 2.0;
        let hu = crate::nifti::Volume {
            shape,
            spacing,
            data: self
                .volume
                .iter()
                .map(|&v| (lo + width * v as f64).round().clamp(-1024.0, 3071.0) as f32)
                .collect(),
        };
        let mask = crate::nifti::Volume {
            shape,
            spacing,
            data: self.mask.iter().map(|&m| m as f32).collect(),
        };
        (hu, mask)
    }
}

impl CtSyntheticParams {
    /// Writes patients `0..n` of the cohort with this `seed` into `dir` as
    /// `<id>_ct.nii.gz` (int16 HU, voxel size `spacing` mm) and
    /// `<id>_mask.nii.gz` (uint8), plus `manifest.csv` with the columns
    /// `patient_id,image,mask,time,event` (paths relative to `dir`).
    ///
    /// # Errors
    /// [`crate::nifti::NiftiError`] if a file cannot be written.
    pub fn write_nifti_cohort(
        &self,
        dir: &std::path::Path,
        seed: u64,
        n: usize,
        spacing: [f64; 3],
    ) -> Result<Vec<CtNiftiPatient>, crate::nifti::NiftiError> {
        use crate::nifti::{Datatype, NiftiError, write_nifti};
        let io = |path: &std::path::Path| {
            let path = path.to_path_buf();
            move |error| NiftiError::Io { path, error }
        };
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let mut out = Vec::with_capacity(n);
        let mut csv = String::from("patient_id,image,mask,time,event\n");
        for i in 0..n {
            let p = self.patient(seed, i);
            let id = format!("p{:04}", i + 1);
            let (hu, mask) = p.to_ct(self.shape, spacing);
            let image = dir.join(format!("{id}_ct.nii.gz"));
            let mpath = dir.join(format!("{id}_mask.nii.gz"));
            write_nifti(&image, &hu, Datatype::Int16)?;
            write_nifti(&mpath, &mask, Datatype::Uint8)?;
            csv.push_str(&format!(
                "{id},{id}_ct.nii.gz,{id}_mask.nii.gz,{},{}\n",
                p.outcome.time,
                u8::from(p.outcome.event)
            ));
            out.push(CtNiftiPatient {
                patient_id: id,
                image,
                mask: mpath,
                outcome: p.outcome,
            });
        }
        let manifest = dir.join("manifest.csv");
        std::fs::write(&manifest, csv).map_err(io(&manifest))?;
        Ok(out)
    }
}

/// Parameters of a synthetic WSI cohort (tile-feature bags).
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `dim` | 1024 | tile feature length |
/// | `tiles` | `[16, 48]` | range of tiles per bag |
/// | `beta` | 1.5 | log-HR per SD of the atypical fraction |
/// | `separation` | 1.0 | distance between prototypes, in noise SDs per feature-√dim |
/// | `base_hazard`, `censor_max` | 0.05, 60 | as for CT |
#[derive(Debug, Clone, PartialEq)]
pub struct WsiSyntheticParams {
    /// Tile feature length.
    pub dim: usize,
    /// Minimum and maximum tiles per bag.
    pub tiles: [usize; 2],
    /// Log hazard ratio per SD of the atypical fraction.
    pub beta: f64,
    /// Prototype separation.
    pub separation: f64,
    /// Baseline hazard (per month).
    pub base_hazard: f64,
    /// Maximum follow-up (months).
    pub censor_max: f64,
}

impl Default for WsiSyntheticParams {
    fn default() -> Self {
        WsiSyntheticParams {
            dim: 1024,
            tiles: [16, 48],
            beta: 1.5,
            separation: 1.0,
            base_hazard: 0.05,
            censor_max: 60.0,
        }
    }
}

/// One synthetic WSI patient.
#[derive(Debug, Clone, PartialEq)]
pub struct WsiPatient {
    /// Row-major `n_tiles × dim` tile features.
    pub bag: Vec<f32>,
    /// Number of tiles.
    pub n_tiles: usize,
    /// Fraction of atypical tiles.
    pub atypical_fraction: f64,
    /// Outcome.
    pub outcome: SyntheticOutcome,
}

impl WsiSyntheticParams {
    /// The two prototypes (typical, atypical) of the cohort with this seed.
    fn prototypes(&self, seed: u64) -> (Vec<f64>, Vec<f64>) {
        let mut rng = stream(seed, usize::MAX - 1);
        let typical: Vec<f64> = (0..self.dim).map(|_| normal(&mut rng).abs()).collect();
        let atypical: Vec<f64> = typical
            .iter()
            .map(|t| (t + self.separation * normal(&mut rng)).abs())
            .collect();
        (typical, atypical)
    }

    /// Patients `0..n` of the cohort with this `seed`.
    pub fn cohort(&self, seed: u64, n: usize) -> Vec<WsiPatient> {
        let (typical, atypical) = self.prototypes(seed);
        (0..n)
            .map(|i| {
                let mut rng = stream(seed, i);
                let span = self.tiles[1].saturating_sub(self.tiles[0]) + 1;
                let n_tiles = self.tiles[0] + (rng.random::<u64>() % span as u64) as usize;
                let fraction: f64 = rng.random::<f64>() * 0.6;
                let bag = self.draw_bag(&mut rng, (&typical, &atypical), n_tiles, fraction);
                let z = (fraction - 0.3) / (0.6 / 12f64.sqrt());
                let lp = self.beta * z;
                WsiPatient {
                    bag,
                    n_tiles,
                    atypical_fraction: fraction,
                    outcome: outcome(&mut rng, lp, self.base_hazard, self.censor_max),
                }
            })
            .collect()
    }

    /// Draws `n_tiles` tiles, each atypical with probability `fraction`.
    fn draw_bag(
        &self,
        rng: &mut ChaCha8Rng,
        (typical, atypical): (&[f64], &[f64]),
        n_tiles: usize,
        fraction: f64,
    ) -> Vec<f32> {
        let mut bag = Vec::with_capacity(n_tiles * self.dim);
        for _ in 0..n_tiles {
            let proto = if rng.random::<f64>() < fraction {
                atypical
            } else {
                typical
            };
            bag.extend(
                proto
                    .iter()
                    .map(|p| (p + 0.5 * normal(rng)).max(0.0) as f32),
            );
        }
        bag
    }

    /// Tile bags whose atypical fraction is set by a known signal, one per
    /// entry of `signals` (standardised risk readings, higher = worse):
    /// bag `i` has atypical fraction `0.6 · signal_quantile(signals[i])`;
    /// its tile count and tiles are drawn from the stream `(seed, i)`, the
    /// two prototypes from `prototype_seed` as in
    /// [`WsiSyntheticParams::cohort`] (keep it fixed across studies so that
    /// a network trained on one study's bags reads another's: the
    /// prototypes play the part of the upstream feature extractor).
    pub fn bags_for_signals(
        &self,
        prototype_seed: u64,
        seed: u64,
        signals: &[f64],
    ) -> Vec<SignalBag> {
        let (typical, atypical) = self.prototypes(prototype_seed);
        signals
            .iter()
            .enumerate()
            .map(|(i, &signal)| {
                let mut rng = stream(seed, i);
                let span = self.tiles[1].saturating_sub(self.tiles[0]) + 1;
                let n_tiles = self.tiles[0] + (rng.random::<u64>() % span as u64) as usize;
                let fraction = 0.6 * signal_quantile(signal);
                let bag = self.draw_bag(&mut rng, (&typical, &atypical), n_tiles, fraction);
                SignalBag {
                    bag,
                    n_tiles,
                    atypical_fraction: fraction,
                }
            })
            .collect()
    }
}

/// Maps a standardised signal `z` to `(0, 1)`: the logistic approximation
/// of the normal CDF, `1 / (1 + exp(−1.702 z))` (within 0.01 of Φ(z)).
pub fn signal_quantile(z: f64) -> f64 {
    1.0 / (1.0 + (-1.702 * z).exp())
}

/// A CT volume made for a known signal ([`CtSyntheticParams::volume_for_signal`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SignalVolume {
    /// Row-major `depth × height × width` intensities (≈ window-normalised).
    pub volume: Vec<f32>,
    /// Lesion mask (1 inside), same layout as `volume`.
    pub mask: Vec<u8>,
    /// Lesion in-plane radius (voxels).
    pub radius: f64,
    /// Texture amplitude in `(0, 1)`.
    pub texture: f64,
}

/// A tile bag made for a known signal ([`WsiSyntheticParams::bags_for_signals`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SignalBag {
    /// Row-major `n_tiles × dim` tile features.
    pub bag: Vec<f32>,
    /// Number of tiles.
    pub n_tiles: usize,
    /// Fraction of atypical tiles (expected; the tiles are drawn).
    pub atypical_fraction: f64,
}

impl CtSyntheticParams {
    /// A volume whose lesion encodes a known `signal` (a standardised risk
    /// reading, higher = worse) instead of drawing it: with
    /// `q = signal_quantile(signal)`, the radius is `rmin + (rmax − rmin)·q`
    /// (6 % to 20 % of the height) and the texture amplitude is `q`; the
    /// lesion position and the voxel noise are drawn from the stream
    /// `(seed, patient)`. The demo writes one per patient from the
    /// patient's planted CT reading, so the image carries the signal.
    pub fn volume_for_signal(&self, seed: u64, patient: usize, signal: f64) -> SignalVolume {
        let mut rng = stream(seed, patient);
        let (rmin, rmax) = self.radius_range();
        let q = signal_quantile(signal);
        let radius = rmin + (rmax - rmin) * q;
        let (volume, mask) = self.draw_lesion(&mut rng, radius, q);
        SignalVolume {
            volume,
            mask,
            radius,
            texture: q,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_cohort_and_streams_are_per_patient() {
        let p = CtSyntheticParams {
            shape: [4, 12, 12],
            ..Default::default()
        };
        assert_eq!(p.cohort(7, 3), p.cohort(7, 3));
        assert_eq!(p.cohort(7, 3)[2], p.patient(7, 2));
        assert_ne!(p.patient(7, 0), p.patient(8, 0));
    }

    #[test]
    fn signal_images_grow_with_the_signal_and_are_reproducible() {
        let p = CtSyntheticParams {
            shape: [8, 24, 24],
            ..Default::default()
        };
        let lo = p.volume_for_signal(3, 0, -2.0);
        let hi = p.volume_for_signal(3, 0, 2.0);
        assert_eq!(lo, p.volume_for_signal(3, 0, -2.0));
        let count = |m: &[u8]| m.iter().filter(|&&v| v == 1).count();
        assert!(hi.radius > lo.radius && count(&hi.mask) > count(&lo.mask));
        assert!((signal_quantile(0.0) - 0.5).abs() < 1e-12);
        let w = WsiSyntheticParams {
            dim: 8,
            tiles: [4, 6],
            ..Default::default()
        };
        let bags = w.bags_for_signals(9, 5, &[-3.0, 0.0, 3.0]);
        assert_eq!(bags, w.bags_for_signals(9, 5, &[-3.0, 0.0, 3.0]));
        assert_ne!(bags, w.bags_for_signals(9, 6, &[-3.0, 0.0, 3.0]));
        assert!(bags[0].atypical_fraction < bags[1].atypical_fraction);
        assert!(bags[1].atypical_fraction < bags[2].atypical_fraction);
        for b in &bags {
            assert_eq!(b.bag.len(), b.n_tiles * 8);
            assert!((4..=6).contains(&b.n_tiles));
        }
    }

    #[test]
    fn wsi_bags_have_declared_sizes_and_some_censoring() {
        let p = WsiSyntheticParams {
            dim: 8,
            ..Default::default()
        };
        let c = p.cohort(1, 50);
        for pt in &c {
            assert_eq!(pt.bag.len(), pt.n_tiles * 8);
            assert!((16..=48).contains(&pt.n_tiles));
        }
        let events = c.iter().filter(|p| p.outcome.event).count();
        assert!(events > 10 && events < 50, "{events}");
    }
}
