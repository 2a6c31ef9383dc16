//! ComBat batch harmonisation (Johnson, Li & Rabinovic 2007) as R
//! `sva::ComBat`: location/scale batch effects estimated by empirical
//! Bayes, parametric or non-parametric, with biological covariates
//! preserved and an optional reference batch. The fitted parameters are a
//! value ([`CombatFit`]) that can harmonise new samples from the same
//! batches (e.g. a test fold with the training fold's estimates).
//!
//! # Model
//! For feature `g`, sample `j` of batch `i`:
//! `x_ijg = α_g + X_j β_g + γ_ig + δ_ig ε_ijg`, `ε ~ N(0, σ_g²)`.
//! The data are standardised by the OLS fit of `[batch indicators,
//! covariates]` (`grand mean = Σ n_i/n · batch coefficient`, pooled
//! variance = mean squared residual, denominator `n`), batch means
//! `γ̂_ig` and variances `δ̂²_ig` of the standardised data are shrunk
//! towards a normal / inverse-gamma prior fitted across features
//! (parametric, iterated until the relative change is below 1e-4, as
//! `sva:::it.sol`) or by the leave-one-feature-out kernel of
//! `sva:::int.eprior` (non-parametric), and
//! `x* = σ̂_g (z − γ*_ig)/δ*_ig + α̂_g + X_j β̂_g`.
//!
//! | Parameter | Default | Purpose |
//! |---|---|---|
//! | `prior` | `Parametric` | `par.prior = TRUE` / `FALSE` |
//! | `mean_only` | `false` | adjust only the location (`mean.only`) |
//! | `ref_batch` | `None` | batch left unchanged; the others are mapped onto it (`ref.batch`) |
//!
//! As `sva` 3.46, a feature with zero variance within some batch (of two
//! or more samples) is left unadjusted and listed in
//! [`CombatFit::unadjusted`].
//!
//! # Errors
//! A batch with a single sample is an error unless `mean_only` is set
//! (`sva` silently switches to `mean.only = TRUE`; here the caller must
//! say so). Missing values, confounded covariates, fewer than two batches
//! are errors ([`CombatError`]).
//!
//! # References
//! Johnson WE, Li C, Rabinovic A (2007). Adjusting batch effects in
//! microarray expression data using empirical Bayes methods.
//! *Biostatistics* 8:118–27. Zhang Y, Jenkins DF, Manimaran S, Johnson WE
//! (2018), reference-batch ComBat, *BMC Bioinformatics* 19:262.
//! R: `sva::ComBat(dat, batch, mod, par.prior, mean.only, ref.batch)`.

mod error;
mod fit;

pub use error::CombatError;
pub use fit::{CombatFit, CombatParams, CombatPrior};
