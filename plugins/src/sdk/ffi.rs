//! The `extern "C"` shims the [`export_plugin!`](crate::export_plugin) macro
//! wires into a descriptor: they turn the C calls into [`RiskModel`] calls,
//! catch panics, and keep the thread's last error message.
#![allow(unsafe_code)]

use super::{Input, RiskModel};
use crate::abi::{
    InputKind, Modality, PluginDescriptorV1, PluginInputV1, PluginOutputV1, STATUS_ERROR,
    STATUS_OK, STATUS_PANIC,
};
use std::cell::RefCell;
use std::ffi::{c_char, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    /// The last error of a call on this thread (the `errno` convention).
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

fn set_last_error(message: String) {
    LAST_ERROR.with(|e| *e.borrow_mut() = message);
}

/// The message of a caught panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        format!("panicked: {s}")
    } else if let Some(s) = payload.downcast_ref::<String>() {
        format!("panicked: {s}")
    } else {
        "panicked (non-string payload)".to_string()
    }
}

/// An instance behind the opaque handle.
struct Instance<M> {
    model: M,
    /// Set once `predict` panicked: the model's state may be broken, so it is
    /// never called again.
    poisoned: bool,
}

/// Builds a descriptor for `M` (used by `export_plugin!` in a `static`).
#[allow(clippy::too_many_arguments)]
pub const fn descriptor<M: RiskModel>(
    abi_version: u32,
    name: *const c_char,
    version: *const c_char,
    modality: Modality,
    input: InputKind,
    input_shape: [u64; 4],
    embedding_dim: u64,
) -> PluginDescriptorV1 {
    PluginDescriptorV1 {
        abi_version,
        descriptor_size: std::mem::size_of::<PluginDescriptorV1>() as u32,
        name,
        version,
        modality: modality as u32,
        input_kind: input as u32,
        input_shape,
        embedding_dim,
        create: create::<M>,
        predict: predict::<M>,
        last_error,
        destroy: destroy::<M>,
    }
}

/// `create`: configuration bytes → boxed instance (null on error or panic).
///
/// # Safety
/// `config` must point to `len` readable bytes (or be null with `len == 0`).
pub unsafe extern "C" fn create<M: RiskModel>(config: *const u8, len: usize) -> *mut c_void {
    let bytes: &[u8] = if config.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: the caller guarantees `config` points to `len` readable bytes
        // that stay valid for this call.
        unsafe { std::slice::from_raw_parts(config, len) }
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        set_last_error("configuration is not valid UTF-8".into());
        return std::ptr::null_mut();
    };
    match catch_unwind(|| M::create(text)) {
        Ok(Ok(model)) => Box::into_raw(Box::new(Instance {
            model,
            poisoned: false,
        }))
        .cast(),
        Ok(Err(e)) => {
            set_last_error(e.to_string());
            std::ptr::null_mut()
        }
        Err(payload) => {
            set_last_error(panic_message(payload.as_ref()));
            std::ptr::null_mut()
        }
    }
}

/// `predict`: scores one input.
///
/// # Safety
/// `handle` must come from `create::<M>` and not be destroyed; `input` and
/// `output` must be valid pointers, `input.data` must point to `input.len`
/// floats and `output.embedding` to `output.embedding_cap` floats.
pub unsafe extern "C" fn predict<M: RiskModel>(
    handle: *mut c_void,
    input: *const PluginInputV1,
    output: *mut PluginOutputV1,
) -> i32 {
    if handle.is_null() || input.is_null() || output.is_null() {
        set_last_error("null handle, input or output".into());
        return STATUS_ERROR;
    }
    // SAFETY: non-null and, per the contract, made by `create::<M>` and not
    // yet destroyed; the host calls one instance from one thread at a time.
    let instance = unsafe { &mut *handle.cast::<Instance<M>>() };
    if instance.poisoned {
        set_last_error("instance is poisoned by an earlier panic".into());
        return STATUS_PANIC;
    }
    // SAFETY: non-null, points to a valid input for the duration of the call.
    let raw = unsafe { &*input };
    let Some(kind) = InputKind::from_raw(raw.kind) else {
        set_last_error(format!("unknown input kind {}", raw.kind));
        return STATUS_ERROR;
    };
    let ndim = (raw.ndim as usize).min(4);
    let shape: Vec<usize> = raw.shape[..ndim].iter().map(|&s| s as usize).collect();
    let data: &[f32] = if raw.data.is_null() || raw.len == 0 {
        &[]
    } else {
        // SAFETY: the host guarantees `data` points to `len` floats valid for
        // this call.
        unsafe { std::slice::from_raw_parts(raw.data, raw.len as usize) }
    };
    let input = Input {
        kind,
        shape: &shape,
        data,
    };
    let model = &mut instance.model;
    match catch_unwind(AssertUnwindSafe(|| model.predict(&input))) {
        Ok(Ok(prediction)) => {
            // SAFETY: non-null and valid for writes per the contract.
            let out = unsafe { &mut *output };
            out.risk = prediction.risk;
            let n = prediction.embedding.len().min(out.embedding_cap as usize);
            if n > 0 && !out.embedding.is_null() {
                // SAFETY: `out.embedding` holds `embedding_cap >= n` floats and
                // does not overlap the model's own vector.
                unsafe {
                    std::ptr::copy_nonoverlapping(prediction.embedding.as_ptr(), out.embedding, n)
                };
            }
            // Report the true length so the host can detect a mismatch.
            out.embedding_len = prediction.embedding.len() as u64;
            STATUS_OK
        }
        Ok(Err(e)) => {
            set_last_error(e.to_string());
            STATUS_ERROR
        }
        Err(payload) => {
            instance.poisoned = true;
            set_last_error(panic_message(payload.as_ref()));
            STATUS_PANIC
        }
    }
}

/// `last_error`: copies this thread's last message into `buf`.
///
/// # Safety
/// `buf` must point to `cap` writable bytes (or be null with `cap == 0`).
pub unsafe extern "C" fn last_error(buf: *mut u8, cap: usize) -> usize {
    LAST_ERROR.with(|e| {
        let msg = e.borrow();
        let n = msg.len().min(cap);
        if n > 0 && !buf.is_null() {
            // SAFETY: `buf` holds `cap >= n` writable bytes per the contract.
            unsafe { std::ptr::copy_nonoverlapping(msg.as_ptr(), buf, n) };
        }
        msg.len()
    })
}

/// `destroy`: frees an instance.
///
/// # Safety
/// `handle` must come from `create::<M>` and not be used afterwards.
pub unsafe extern "C" fn destroy<M: RiskModel>(handle: *mut c_void) {
    if handle.is_null() {
        return;
    }
    // SAFETY: made by `Box::into_raw` in `create::<M>`, destroyed once.
    let instance = unsafe { Box::from_raw(handle.cast::<Instance<M>>()) };
    // A panicking Drop must not unwind into C.
    let _ = catch_unwind(AssertUnwindSafe(move || drop(instance)));
}
