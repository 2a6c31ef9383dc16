//! Opening a plugin shared library with `libloading` and calling it through
//! its descriptor.
#![allow(unsafe_code)]

use super::{PluginError, PluginInfo, Scorer};
use crate::abi::{
    ABI_VERSION, CreateFnV1, DestroyFnV1, EntryFnV1, InputKind, LastErrorFnV1, Modality,
    PluginDescriptorV1, PluginInputV1, PluginOutputV1, PredictFnV1, STATUS_OK, STATUS_PANIC,
};
use crate::sdk::{Input, Prediction};
use std::ffi::{CStr, c_char, c_void};
use std::path::Path;
use std::sync::Arc;

/// The entry symbol's name without the trailing NUL.
const ENTRY: &str = "prognos_plugin_v1";

/// The open library and the function pointers copied out of its descriptor
/// (valid for as long as `_library` is loaded; instances hold an `Arc`).
struct Loaded {
    create: CreateFnV1,
    predict: PredictFnV1,
    last_error: LastErrorFnV1,
    destroy: DestroyFnV1,
    _library: libloading::Library,
}

impl Loaded {
    /// The calling thread's last error message from the plugin.
    fn last_error(&self) -> String {
        // SAFETY: null buffer with capacity 0 is allowed by the ABI; the call
        // only returns the message length.
        let len = unsafe { (self.last_error)(std::ptr::null_mut(), 0) };
        let mut buf = vec![0u8; len.min(64 * 1024)];
        // SAFETY: `buf` holds `buf.len()` writable bytes.
        let n = unsafe { (self.last_error)(buf.as_mut_ptr(), buf.len()) };
        buf.truncate(n.min(buf.len()));
        String::from_utf8_lossy(&buf).into_owned()
    }
}

/// A checked, loaded plugin library: its declaration plus the means to make
/// instances.
pub struct PluginLibrary {
    info: PluginInfo,
    loaded: Arc<Loaded>,
}

impl std::fmt::Debug for PluginLibrary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginLibrary")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

/// Reads a NUL-terminated UTF-8 descriptor string.
fn read_str(path: &Path, field: &'static str, ptr: *const c_char) -> Result<String, PluginError> {
    if ptr.is_null() {
        return Err(PluginError::BadDescriptor {
            path: path.to_path_buf(),
            field,
            detail: "null pointer".into(),
        });
    }
    // SAFETY: the ABI requires a NUL-terminated string that lives as long as
    // the library, which is loaded for the duration of this call.
    let c = unsafe { CStr::from_ptr(ptr) };
    c.to_str()
        .map(str::to_owned)
        .map_err(|_| PluginError::BadDescriptor {
            path: path.to_path_buf(),
            field,
            detail: "not UTF-8".into(),
        })
}

impl PluginLibrary {
    /// Opens `path` and checks its `prognos_plugin_v1` descriptor.
    ///
    /// Loading a library runs its initialisers: only open files you trust,
    /// as with any native plugin system.
    ///
    /// # Errors
    /// [`PluginError::Open`], [`PluginError::MissingSymbol`],
    /// [`PluginError::NullDescriptor`], [`PluginError::AbiVersion`],
    /// [`PluginError::DescriptorSize`] or [`PluginError::BadDescriptor`].
    pub fn open(path: &Path) -> Result<Self, PluginError> {
        Self::open_symbol(path, ENTRY)
    }

    /// As [`open`](Self::open), reading the descriptor from another exported
    /// symbol of the same signature (tests use it to load broken variants
    /// shipped next to a good plugin).
    ///
    /// # Errors
    /// As [`open`](Self::open).
    pub fn open_symbol(path: &Path, symbol: &str) -> Result<Self, PluginError> {
        let path_buf = path.to_path_buf();
        // SAFETY: loading a library runs its initialisers; the user chose the
        // file (documented above). libloading keeps the handle valid until drop.
        let library = unsafe { libloading::Library::new(path) }.map_err(|e| PluginError::Open {
            path: path_buf.clone(),
            reason: e.to_string(),
        })?;
        // SAFETY: the symbol, if present, is declared by the ABI to have the
        // `EntryFnV1` signature; we only call it while `library` is loaded.
        let entry: EntryFnV1 = unsafe { library.get::<EntryFnV1>(symbol) }
            .map(|s| *s)
            .map_err(|_| PluginError::MissingSymbol {
                path: path_buf.clone(),
                symbol: symbol.to_string(),
            })?;
        // SAFETY: calling the entry function as the ABI prescribes.
        let desc_ptr = unsafe { entry() };
        if desc_ptr.is_null() {
            return Err(PluginError::NullDescriptor {
                path: path_buf,
                symbol: symbol.to_string(),
            });
        }
        // Read the version first, alone: every ABI version starts with
        // `abi_version: u32, descriptor_size: u32`, so these two reads are
        // valid whatever version the plugin speaks.
        // SAFETY: non-null pointer to a static descriptor starting with two u32.
        let (abi, size) = unsafe {
            let head = desc_ptr.cast::<u32>();
            (head.read(), head.add(1).read())
        };
        if abi != ABI_VERSION {
            return Err(PluginError::AbiVersion {
                path: path_buf,
                found: abi,
                expected: ABI_VERSION,
            });
        }
        let expected = std::mem::size_of::<PluginDescriptorV1>() as u32;
        if size != expected {
            return Err(PluginError::DescriptorSize {
                path: path_buf,
                found: size,
                expected,
            });
        }
        // SAFETY: version and size match this host's layout of the descriptor,
        // which is static data of the loaded library.
        let desc: &PluginDescriptorV1 = unsafe { &*desc_ptr };
        let name = read_str(path, "name", desc.name)?;
        let version = read_str(path, "version", desc.version)?;
        let modality =
            Modality::from_raw(desc.modality).ok_or_else(|| PluginError::BadDescriptor {
                path: path_buf.clone(),
                field: "modality",
                detail: desc.modality.to_string(),
            })?;
        let input =
            InputKind::from_raw(desc.input_kind).ok_or_else(|| PluginError::BadDescriptor {
                path: path_buf.clone(),
                field: "input_kind",
                detail: desc.input_kind.to_string(),
            })?;
        let input_shape = desc.input_shape[..input.ndim()]
            .iter()
            .map(|&s| (s != 0).then_some(s as usize))
            .collect();
        let info = PluginInfo {
            name,
            version,
            abi,
            modality,
            input,
            input_shape,
            embedding_dim: desc.embedding_dim as usize,
            path: Some(path_buf),
        };
        let loaded = Loaded {
            create: desc.create,
            predict: desc.predict,
            last_error: desc.last_error,
            destroy: desc.destroy,
            _library: library,
        };
        Ok(PluginLibrary {
            info,
            loaded: Arc::new(loaded),
        })
    }

    /// What the plugin declares.
    pub fn info(&self) -> &PluginInfo {
        &self.info
    }

    /// Makes an instance from a configuration string.
    ///
    /// # Errors
    /// [`PluginError::Create`] with the plugin's message.
    pub fn instantiate(&self, config: &str) -> Result<PluginInstance, PluginError> {
        // SAFETY: `config` is a valid byte slice for the duration of the call.
        let handle = unsafe { (self.loaded.create)(config.as_ptr(), config.len()) };
        if handle.is_null() {
            return Err(PluginError::Create {
                plugin: self.info.name.clone(),
                message: self.loaded.last_error(),
            });
        }
        Ok(PluginInstance {
            info: self.info.clone(),
            loaded: Arc::clone(&self.loaded),
            handle,
            poisoned: false,
        })
    }
}

/// A live instance inside a loaded plugin; destroyed on drop. Not `Send`:
/// an instance is called from the thread that made it (the ABI's
/// `last_error` is per thread).
pub struct PluginInstance {
    info: PluginInfo,
    loaded: Arc<Loaded>,
    handle: *mut c_void,
    poisoned: bool,
}

impl std::fmt::Debug for PluginInstance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginInstance")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

impl Scorer for PluginInstance {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn score(&mut self, input: &Input<'_>) -> Result<Prediction, PluginError> {
        if self.poisoned {
            return Err(PluginError::Panicked {
                plugin: self.info.name.clone(),
                message: "instance poisoned by an earlier panic".into(),
            });
        }
        self.info.check_input(input)?;
        let mut shape = [0u64; 4];
        for (s, &v) in shape.iter_mut().zip(input.shape) {
            *s = v as u64;
        }
        let raw_input = PluginInputV1 {
            kind: input.kind as u32,
            ndim: input.shape.len() as u32,
            shape,
            data: input.data.as_ptr(),
            len: input.data.len() as u64,
        };
        let mut embedding = vec![0f32; self.info.embedding_dim];
        let mut out = PluginOutputV1 {
            risk: f64::NAN,
            embedding: if embedding.is_empty() {
                std::ptr::null_mut()
            } else {
                embedding.as_mut_ptr()
            },
            embedding_cap: embedding.len() as u64,
            embedding_len: 0,
        };
        // SAFETY: `handle` came from this library's `create` and is alive;
        // `raw_input` points to `input.data` (valid for the call) and `out` to
        // a host buffer of `embedding_cap` floats.
        let status = unsafe { (self.loaded.predict)(self.handle, &raw_input, &mut out) };
        if status == STATUS_PANIC {
            self.poisoned = true;
            return Err(PluginError::Panicked {
                plugin: self.info.name.clone(),
                message: self.loaded.last_error(),
            });
        }
        if status != STATUS_OK {
            return Err(PluginError::Predict {
                plugin: self.info.name.clone(),
                message: self.loaded.last_error(),
            });
        }
        let written = out.embedding_len as usize;
        if written != self.info.embedding_dim {
            return Err(PluginError::EmbeddingLength {
                plugin: self.info.name.clone(),
                expected: self.info.embedding_dim,
                found: written,
            });
        }
        let prediction = Prediction {
            risk: out.risk,
            embedding,
        };
        self.info.check_output(&prediction)?;
        Ok(prediction)
    }
}

impl Drop for PluginInstance {
    fn drop(&mut self) {
        // SAFETY: `handle` came from `create` of the still-loaded library and
        // is destroyed exactly once, here.
        unsafe { (self.loaded.destroy)(self.handle) };
    }
}
