//! The plugin C ABI, version 1: the one symbol a plugin library exports and
//! the `#[repr(C)]` types that cross the boundary.
//!
//! A plugin is a shared library (`.so`, `.dylib`, `.dll`) that exports
//!
//! ```c
//! const PrognosPluginV1 *prognos_plugin_v1(void);
//! ```
//!
//! returning a pointer to a static descriptor ([`PluginDescriptorV1`]) that
//! stays valid for as long as the library is loaded. The descriptor says what
//! the model is (name, version, modality, expected input, embedding size) and
//! carries four `extern "C"` function pointers:
//!
//! | Function | Contract |
//! |---|---|
//! | `create(config, len)` | builds a model instance from a UTF-8 configuration string (conventionally a path or `key=value;...`); returns null on failure, with the reason in `last_error` |
//! | `predict(handle, input, output)` | scores one patient; returns [`STATUS_OK`] or an error status, with the reason in `last_error` |
//! | `last_error(buf, cap)` | copies the calling thread's last error message (UTF-8, not NUL-terminated) into `buf`, returns its full length in bytes |
//! | `destroy(handle)` | frees an instance made by `create` |
//!
//! Memory: every buffer is owned by the side that allocated it. The host owns
//! the input data and the embedding buffer it passes in [`PluginOutputV1`];
//! the plugin owns its descriptor, strings and instances. No allocation ever
//! crosses the boundary, so host and plugin may use different allocators (or
//! languages).
//!
//! Versioning: [`ABI_VERSION`] is bumped on any change to these types; a new
//! version gets a new symbol name (`prognos_plugin_v2`), so an old host
//! never misreads a new descriptor. `descriptor_size` guards against a
//! truncated or padded struct within one version.

use std::ffi::{c_char, c_void};

/// The ABI version this crate speaks (hosts refuse any other).
pub const ABI_VERSION: u32 = 1;

/// The exported symbol's name, NUL-terminated as `libloading` wants it.
pub const SYMBOL_V1: &[u8] = b"prognos_plugin_v1\0";

/// `predict` succeeded; `output` is filled in.
pub const STATUS_OK: i32 = 0;
/// `predict` failed with an error the plugin reported (see `last_error`).
pub const STATUS_ERROR: i32 = 1;
/// The plugin panicked; the SDK caught it at the boundary (see `last_error`).
pub const STATUS_PANIC: i32 = 2;

/// Imaging or data modality a plugin scores (`modality` field).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Modality {
    /// Computed tomography.
    Ct = 1,
    /// Magnetic resonance imaging.
    Mri = 2,
    /// Whole-slide (histopathology) image.
    Wsi = 3,
    /// Tabular / clinical features.
    Tabular = 4,
}

impl Modality {
    /// Decodes the raw field; `None` for a value this host does not know.
    pub fn from_raw(raw: u32) -> Option<Self> {
        match raw {
            1 => Some(Modality::Ct),
            2 => Some(Modality::Mri),
            3 => Some(Modality::Wsi),
            4 => Some(Modality::Tabular),
            _ => None,
        }
    }

    /// The contract's spelling (`"CT"`, `"MRI"`, `"WSI"`, `"tabular"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Ct => "CT",
            Modality::Mri => "MRI",
            Modality::Wsi => "WSI",
            Modality::Tabular => "tabular",
        }
    }
}

/// The shape of one patient's input (`input_kind` field).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputKind {
    /// A 3D volume, `depth × height × width`, row-major (`ndim = 3`).
    Volume = 1,
    /// A bag of tile feature vectors, `n_tiles × dim` (`ndim = 2`).
    TileBag = 2,
    /// One feature vector, `dim` (`ndim = 1`).
    FeatureVector = 3,
}

impl InputKind {
    /// Decodes the raw field; `None` for a value this host does not know.
    pub fn from_raw(raw: u32) -> Option<Self> {
        match raw {
            1 => Some(InputKind::Volume),
            2 => Some(InputKind::TileBag),
            3 => Some(InputKind::FeatureVector),
            _ => None,
        }
    }

    /// Number of dimensions an input of this kind has.
    pub fn ndim(self) -> usize {
        match self {
            InputKind::Volume => 3,
            InputKind::TileBag => 2,
            InputKind::FeatureVector => 1,
        }
    }

    /// The contract's spelling (`"volume"`, `"tile_bag"`, `"features"`).
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Volume => "volume",
            InputKind::TileBag => "tile_bag",
            InputKind::FeatureVector => "features",
        }
    }
}

/// One patient's input as the host passes it: a dense row-major `f32` array.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PluginInputV1 {
    /// [`InputKind`] as a raw `u32`.
    pub kind: u32,
    /// Number of used entries of `shape` (1 to 4).
    pub ndim: u32,
    /// Extent of each dimension; entries past `ndim` are 0.
    pub shape: [u64; 4],
    /// Pointer to `len` values, row-major, valid for the duration of the call.
    pub data: *const f32,
    /// Number of values (the product of the used `shape` entries).
    pub len: u64,
}

/// Where the plugin writes its answer; the host owns every buffer.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PluginOutputV1 {
    /// The risk score (higher = higher hazard); must be finite.
    pub risk: f64,
    /// Host buffer of `embedding_cap` values for the optional embedding
    /// (null when the descriptor's `embedding_dim` is 0).
    pub embedding: *mut f32,
    /// Capacity of `embedding` (= the descriptor's `embedding_dim`).
    pub embedding_cap: u64,
    /// Number of embedding values the plugin wrote; must equal `embedding_dim`.
    pub embedding_len: u64,
}

/// `create`: builds an instance from `len` bytes of UTF-8 configuration.
pub type CreateFnV1 = unsafe extern "C" fn(config: *const u8, len: usize) -> *mut c_void;
/// `predict`: scores one input into `output`; returns a `STATUS_*` code.
pub type PredictFnV1 = unsafe extern "C" fn(
    handle: *mut c_void,
    input: *const PluginInputV1,
    output: *mut PluginOutputV1,
) -> i32;
/// `last_error`: copies up to `cap` bytes of this thread's last error message
/// into `buf` and returns the message's full length.
pub type LastErrorFnV1 = unsafe extern "C" fn(buf: *mut u8, cap: usize) -> usize;
/// `destroy`: frees an instance returned by `create`.
pub type DestroyFnV1 = unsafe extern "C" fn(handle: *mut c_void);

/// The static descriptor `prognos_plugin_v1()` returns.
#[repr(C)]
#[derive(Debug)]
pub struct PluginDescriptorV1 {
    /// Must equal [`ABI_VERSION`].
    pub abi_version: u32,
    /// `size_of::<PluginDescriptorV1>()` as the plugin was compiled.
    pub descriptor_size: u32,
    /// Model name, NUL-terminated UTF-8 (e.g. `"ct-resnet3d"`).
    pub name: *const c_char,
    /// Model version, NUL-terminated UTF-8 (e.g. `"0.1.0"`).
    pub version: *const c_char,
    /// [`Modality`] as a raw `u32`.
    pub modality: u32,
    /// [`InputKind`] as a raw `u32`.
    pub input_kind: u32,
    /// Expected input shape; 0 = any extent (e.g. the number of tiles).
    /// Entries past the kind's `ndim` are 0.
    pub input_shape: [u64; 4],
    /// Length of the embedding the model writes (0 = none).
    pub embedding_dim: u64,
    /// See [`CreateFnV1`].
    pub create: CreateFnV1,
    /// See [`PredictFnV1`].
    pub predict: PredictFnV1,
    /// See [`LastErrorFnV1`].
    pub last_error: LastErrorFnV1,
    /// See [`DestroyFnV1`].
    pub destroy: DestroyFnV1,
}

/// The type of the exported `prognos_plugin_v1` function.
pub type EntryFnV1 = unsafe extern "C" fn() -> *const PluginDescriptorV1;

/// A descriptor in a `static`: raw pointers are not `Sync`, but these point
/// to immutable `'static` data (string literals and functions), so sharing
/// them between threads is sound.
#[repr(transparent)]
#[derive(Debug)]
pub struct StaticDescriptor(pub PluginDescriptorV1);

#[allow(unsafe_code)]
// SAFETY: every pointer in a `StaticDescriptor` refers to immutable 'static
// data (NUL-terminated string literals, function items); nothing is mutated
// through them, so concurrent reads from several threads are sound.
unsafe impl Sync for StaticDescriptor {}
