//! Backend selection: which burn device the reference networks train and
//! score on, chosen at run time (`--device cpu|flex|cuda|wgpu`).
//!
//! The networks are written against burn's dispatching [`Device`], so one
//! build can hold several backends; the cargo features of this crate decide
//! which are compiled in:
//!
//! | `--device` | Backend | Feature |
//! |---|---|---|
//! | `cpu` (default) | burn-ndarray (CPU) | `nets` (default build, CI) |
//! | `flex` | burn-flex, burn's newer pure-Rust CPU backend | `flex` |
//! | `cuda` | cubecl-cuda (NVIDIA GPU 0; needs libcuda and NVRTC at run time, loaded dynamically) | `cuda` |
//! | `wgpu` | cubecl-wgpu (Vulkan/Metal/DX12 GPU) | `wgpu` |
//!
//! The choice is process-wide ([`select`]): training ([`super::train`])
//! builds its networks on [`current`], and scoring runs on the device that
//! holds the model's weights (models loaded from a folder are loaded onto
//! [`current`]). Predictions on different backends agree to float rounding
//! (≈1e-5 relative; reductions are ordered differently), not bit for bit.

use burn::tensor::{Device, Tensor};
use std::sync::RwLock;

/// A burn backend the networks can run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NetDevice {
    /// burn-ndarray on the CPU (always compiled with `nets`).
    #[default]
    Cpu,
    /// burn-flex on the CPU (feature `flex`).
    Flex,
    /// CUDA GPU 0 through cubecl (feature `cuda`).
    Cuda,
    /// The default wgpu adapter through cubecl (feature `wgpu`).
    Wgpu,
}

/// A device that cannot be used: unknown name, not compiled in, or failing
/// at run time (no driver, no GPU).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeviceError {
    /// The name is none of `cpu`, `flex`, `cuda`, `wgpu`.
    #[error("unknown device '{name}' (expected one of: {available})")]
    Unknown {
        /// The name given.
        name: String,
        /// The devices compiled into this build, comma-separated.
        available: String,
    },
    /// The backend's cargo feature is not in this build.
    #[error(
        "device '{name}' is not compiled into this build (rebuild prognos-plugins with --features {name}); available: {available}"
    )]
    NotCompiled {
        /// The device name.
        name: &'static str,
        /// The devices compiled into this build, comma-separated.
        available: String,
    },
    /// The backend is compiled in but a first operation on it failed.
    #[error("device '{name}' failed to start: {message}")]
    Unavailable {
        /// The device name.
        name: &'static str,
        /// The backend's panic message.
        message: String,
    },
}

impl NetDevice {
    /// Every device, in the order of the table above.
    pub const ALL: [NetDevice; 4] = [
        NetDevice::Cpu,
        NetDevice::Flex,
        NetDevice::Cuda,
        NetDevice::Wgpu,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            NetDevice::Cpu => "cpu",
            NetDevice::Flex => "flex",
            NetDevice::Cuda => "cuda",
            NetDevice::Wgpu => "wgpu",
        }
    }

    /// Whether this build contains the backend.
    pub fn compiled(self) -> bool {
        match self {
            NetDevice::Cpu => true,
            NetDevice::Flex => cfg!(feature = "flex"),
            NetDevice::Cuda => cfg!(feature = "cuda"),
            NetDevice::Wgpu => cfg!(feature = "wgpu"),
        }
    }

    /// The names of the devices in this build, comma-separated.
    pub fn available() -> String {
        NetDevice::ALL
            .iter()
            .filter(|d| d.compiled())
            .map(|d| d.name())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Parses a command-line name (`cpu` or its alias `ndarray`, `flex`,
    /// `cuda`, `wgpu`; case-insensitive).
    ///
    /// # Errors
    /// [`DeviceError::Unknown`] or [`DeviceError::NotCompiled`].
    pub fn parse(name: &str) -> Result<NetDevice, DeviceError> {
        let d = match name.trim().to_ascii_lowercase().as_str() {
            "cpu" | "ndarray" => NetDevice::Cpu,
            "flex" => NetDevice::Flex,
            "cuda" | "gpu" => NetDevice::Cuda,
            "wgpu" => NetDevice::Wgpu,
            _ => {
                return Err(DeviceError::Unknown {
                    name: name.to_string(),
                    available: NetDevice::available(),
                });
            }
        };
        if !d.compiled() {
            return Err(DeviceError::NotCompiled {
                name: d.name(),
                available: NetDevice::available(),
            });
        }
        Ok(d)
    }

    /// The burn device (plain, without autodiff).
    ///
    /// # Errors
    /// [`DeviceError::NotCompiled`] when the feature is missing.
    pub fn burn_device(self) -> Result<Device, DeviceError> {
        let not = || DeviceError::NotCompiled {
            name: self.name(),
            available: NetDevice::available(),
        };
        match self {
            NetDevice::Cpu => Ok(super::cpu_device()),
            #[cfg(feature = "flex")]
            NetDevice::Flex => Ok(Device::flex()),
            #[cfg(feature = "cuda")]
            NetDevice::Cuda => Ok(Device::cuda(0)),
            #[cfg(feature = "wgpu")]
            NetDevice::Wgpu => Ok(Device::wgpu(Default::default())),
            #[allow(unreachable_patterns)]
            _ => Err(not()),
        }
    }

    /// The burn device after a first small operation on it succeeded (a GPU
    /// backend starts its driver lazily and panics when it cannot; the
    /// panic is caught here and turned into an error).
    ///
    /// # Errors
    /// [`DeviceError::NotCompiled`] or [`DeviceError::Unavailable`].
    pub fn checked_device(self) -> Result<Device, DeviceError> {
        let device = self.burn_device()?;
        let probe = device.clone();
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let run = std::panic::catch_unwind(move || {
            let x = Tensor::<1>::from_floats([1.0, 2.0, 3.0], &probe);
            (x.clone() * x).sum().into_scalar::<f32>()
        });
        std::panic::set_hook(hook);
        match run {
            Ok(v) if (v - 14.0).abs() < 1e-4 => Ok(device),
            Ok(v) => Err(DeviceError::Unavailable {
                name: self.name(),
                message: format!("probe computed {v} instead of 14"),
            }),
            Err(payload) => Err(DeviceError::Unavailable {
                name: self.name(),
                message: payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "panicked".into())
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string(),
            }),
        }
    }
}

impl std::fmt::Display for NetDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for NetDevice {
    type Err = DeviceError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NetDevice::parse(s)
    }
}

static SELECTED: RwLock<NetDevice> = RwLock::new(NetDevice::Cpu);

/// Makes `device` the process-wide device of training and model loading,
/// after checking that it starts.
///
/// # Errors
/// As [`NetDevice::checked_device`]; the selection is unchanged on error.
pub fn select(device: NetDevice) -> Result<(), DeviceError> {
    device.checked_device()?;
    *SELECTED.write().unwrap_or_else(|e| e.into_inner()) = device;
    Ok(())
}

/// The selected device ([`NetDevice::Cpu`] unless [`select`] changed it).
pub fn selected() -> NetDevice {
    *SELECTED.read().unwrap_or_else(|e| e.into_inner())
}

/// The burn device of [`selected`] (the CPU device if it cannot be built,
/// which [`select`] rules out).
pub fn current() -> Device {
    selected()
        .burn_device()
        .unwrap_or_else(|_| super::cpu_device())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_cpu_is_default() {
        assert_eq!(NetDevice::parse("CPU"), Ok(NetDevice::Cpu));
        assert_eq!(NetDevice::parse("ndarray"), Ok(NetDevice::Cpu));
        assert_eq!(selected(), NetDevice::Cpu);
        let e = NetDevice::parse("tpu").unwrap_err();
        assert!(e.to_string().contains("unknown device 'tpu'"), "{e}");
        if !cfg!(feature = "cuda") {
            let e = NetDevice::parse("cuda").unwrap_err();
            assert!(e.to_string().contains("--features cuda"), "{e}");
        }
    }

    #[test]
    fn cpu_probe_succeeds() {
        assert!(NetDevice::Cpu.checked_device().is_ok());
    }
}
