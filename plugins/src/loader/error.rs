//! Everything that can go wrong between the host and a plugin, each naming
//! the plugin (its name where known, else its path).

use std::path::PathBuf;

/// A failure to find, load, check or run a plugin.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum PluginError {
    /// The shared library could not be opened (the OS loader's reason).
    #[error("plugin {path}: cannot open library: {reason}")]
    Open {
        /// The library file.
        path: PathBuf,
        /// The dynamic loader's message (e.g. from `dlerror`).
        reason: String,
    },
    /// The library does not export the entry symbol.
    #[error(
        "plugin {path}: no exported symbol `{symbol}` (not a prognos plugin, or built for another ABI)"
    )]
    MissingSymbol {
        /// The library file.
        path: PathBuf,
        /// The symbol looked for.
        symbol: String,
    },
    /// The entry function returned a null descriptor.
    #[error("plugin {path}: `{symbol}` returned a null descriptor")]
    NullDescriptor {
        /// The library file.
        path: PathBuf,
        /// The entry symbol.
        symbol: String,
    },
    /// The descriptor declares another ABI version.
    #[error("plugin {path}: ABI version {found}, this prognos speaks version {expected}")]
    AbiVersion {
        /// The library file.
        path: PathBuf,
        /// Version the plugin declares.
        found: u32,
        /// Version the host speaks.
        expected: u32,
    },
    /// The descriptor's size differs from the host's layout of the same version.
    #[error("plugin {path}: descriptor size {found} bytes, expected {expected}")]
    DescriptorSize {
        /// The library file.
        path: PathBuf,
        /// `descriptor_size` as declared.
        found: u32,
        /// `size_of::<PluginDescriptorV1>()` in the host.
        expected: u32,
    },
    /// A descriptor field holds a value this host cannot interpret.
    #[error("plugin {path}: descriptor field `{field}` is invalid ({detail})")]
    BadDescriptor {
        /// The library file.
        path: PathBuf,
        /// The field name as in `PluginDescriptorV1`.
        field: &'static str,
        /// The offending raw value, rendered.
        detail: String,
    },
    /// No plugin of that name was found.
    #[error("plugin `{name}` not found (built-ins: {builtins}; searched: {searched})")]
    NotFound {
        /// The requested name.
        name: String,
        /// Built-in plugin names, comma-separated.
        builtins: String,
        /// Directories searched, separated by `:`.
        searched: String,
    },
    /// `create` failed.
    #[error("plugin {plugin}: create failed: {message}")]
    Create {
        /// Plugin name.
        plugin: String,
        /// The plugin's `last_error` message.
        message: String,
    },
    /// `predict` returned an error.
    #[error("plugin {plugin}: predict failed: {message}")]
    Predict {
        /// Plugin name.
        plugin: String,
        /// The plugin's `last_error` message.
        message: String,
    },
    /// The plugin panicked (caught at the boundary by the SDK); the instance
    /// is poisoned and will not be called again.
    #[error("plugin {plugin}: {message}")]
    Panicked {
        /// Plugin name.
        plugin: String,
        /// The panic message.
        message: String,
    },
    /// The plugin returned a non-finite risk score.
    #[error("plugin {plugin}: returned a non-finite risk score ({value})")]
    NonFiniteRisk {
        /// Plugin name.
        plugin: String,
        /// The returned value (NaN or ±inf).
        value: f64,
    },
    /// The plugin wrote an embedding of the wrong length.
    #[error("plugin {plugin}: returned an embedding of length {found}, declared {expected}")]
    EmbeddingLength {
        /// Plugin name.
        plugin: String,
        /// `embedding_dim` from the descriptor.
        expected: usize,
        /// Length reported by the plugin.
        found: usize,
    },
    /// An input of the wrong kind for this plugin.
    #[error("plugin {plugin}: expects a {expected} input, got a {found}")]
    InputKind {
        /// Plugin name.
        plugin: String,
        /// Kind the plugin declares.
        expected: &'static str,
        /// Kind given.
        found: &'static str,
    },
    /// An input whose shape does not match the declared one.
    #[error("plugin {plugin}: expects input shape {expected}, got {found}")]
    InputShape {
        /// Plugin name.
        plugin: String,
        /// Declared shape, e.g. `[14, 54, 54]` (`*` = any extent).
        expected: String,
        /// Given shape.
        found: String,
    },
    /// The plugin-host child process could not be started or broke the
    /// protocol (see [`crate::loader::HostedPlugin`]).
    #[error("plugin {plugin}: plugin-host process: {message}")]
    Host {
        /// Plugin name (the library path before the host answered).
        plugin: String,
        /// What went wrong.
        message: String,
    },
    /// The plugin-host child process died (abort, segfault, non-zero exit,
    /// closed pipe); the caller survives, the hosted instance is dead.
    #[error("plugin {plugin}: crashed in its plugin-host process ({status}){stderr}")]
    Crashed {
        /// Plugin name (the library path before the host answered).
        plugin: String,
        /// How it ended, e.g. `killed by signal 6 (SIGABRT)` or `exit status 3`.
        status: String,
        /// `"; last stderr: ..."` with the child's last stderr line, or empty.
        stderr: String,
    },
    /// An error the plugin-host child reported for a call (its message
    /// already names the plugin, as the in-process error would).
    #[error("{message}")]
    Remote {
        /// Plugin name.
        plugin: String,
        /// The child's rendering of its [`PluginError`].
        message: String,
    },
    /// The input's data length is not the product of its shape.
    #[error("plugin {plugin}: input has {len} values but shape {shape} needs {needed}")]
    InputLength {
        /// Plugin name.
        plugin: String,
        /// Given shape.
        shape: String,
        /// Product of the shape.
        needed: usize,
        /// Number of values given.
        len: usize,
    },
}
