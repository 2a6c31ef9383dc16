//! # prognos-plugins
//!
//! Image-model plugins: a versioned C ABI through which a shared library
//! exports a risk-score network, the loader that finds and checks such
//! libraries, and the reference CT (3D ResNet) and WSI (attention-MIL)
//! networks. Plugins feed risk scores to `prognos-models`.
//!
//! Status: being built under the plugins issue.
#![deny(missing_docs)]
