//! Out-of-process plugins: a plugin library loaded in a child process
//! (`prognos plugin-host --path LIB`) and called over its stdin/stdout, so
//! that an abort, a segfault or a panic across `extern "C"` kills the child,
//! not the analysis.
//!
//! * [`HostedPlugin`] (parent side) spawns the child, reads its hello, and
//!   implements [`Scorer`]: one request per patient. A dead child (EOF,
//!   broken pipe, abort, signal, non-zero exit) becomes
//!   [`PluginError::Crashed`] naming the plugin, how the child ended and its
//!   last stderr line; the instance then stays dead (every later call
//!   returns the same error) and the caller carries on.
//! * [`serve`] (child side) loads the library, instantiates it and answers
//!   requests until its input closes.
//!
//! ## Wire protocol (version 1)
//! Both directions carry the same frame:
//!
//! | Bytes | Content |
//! |---|---|
//! | 8 | magic `\0PRGNH1\n` |
//! | 4 | header length `h`, u32 little-endian |
//! | h | header, a JSON object |
//! | 8 | payload length `p` in bytes, u64 little-endian |
//! | p | payload, `f32` little-endian values |
//!
//! The child first sends a hello: `{"ok": true, "protocol": 1, "info":
//! {"name", "version", "abi", "modality", "input", "input_shape",
//! "embedding_dim"}}` (modality and input as their ABI codes, `null` for an
//! open extent) or `{"ok": false, "error": "..."}`. Each request is
//! `{"op": "predict", "kind": CODE, "shape": [...]}` with the input as
//! payload; each reply `{"ok": true, "risk": R}` with the embedding as
//! payload, or `{"ok": false, "error": "..."}`. The reader skips any bytes
//! before the magic: a plugin that prints to stdout cannot corrupt the
//! stream (the skipped bytes are forwarded to the parent's stderr).

use super::{PluginError, PluginInfo, PluginLibrary, Scorer};
use crate::abi::{InputKind, Modality};
use crate::sdk::{Input, Prediction};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Start of every frame.
pub const MAGIC: [u8; 8] = *b"\0PRGNH1\n";
/// Protocol version sent in the hello.
pub const PROTOCOL_VERSION: u64 = 1;
/// Largest header accepted (bytes).
const MAX_HEADER: u32 = 1 << 20;
/// Largest payload accepted (bytes): 4 GiB of `f32`.
const MAX_PAYLOAD: u64 = 1 << 32;
/// Stray stdout bytes kept for forwarding before a frame.
const MAX_CHATTER: usize = 64 * 1024;
/// Stderr lines of the child kept for crash reports.
const STDERR_TAIL: usize = 20;

/// One decoded frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// The JSON header.
    pub header: Value,
    /// The `f32` payload.
    pub payload: Vec<f32>,
}

/// Writes one frame and flushes.
///
/// # Errors
/// The writer's I/O error.
pub fn write_frame(w: &mut impl Write, header: &Value, payload: &[f32]) -> std::io::Result<()> {
    let head = serde_json::to_vec(header).map_err(std::io::Error::other)?;
    let mut buf = Vec::with_capacity(8 + 4 + head.len() + 8 + 4 * payload.len());
    buf.extend_from_slice(&MAGIC);
    buf.extend_from_slice(&(head.len() as u32).to_le_bytes());
    buf.extend_from_slice(&head);
    buf.extend_from_slice(&((4 * payload.len()) as u64).to_le_bytes());
    for v in payload {
        buf.extend_from_slice(&v.to_le_bytes());
    }
    w.write_all(&buf)?;
    w.flush()
}

/// Reads the next frame, skipping (and returning in `chatter`) any bytes
/// before its magic. `Ok(None)` at a clean end of input before a frame.
///
/// # Errors
/// An I/O error, an end of input inside a frame (`UnexpectedEof`), or a
/// malformed header (`InvalidData`).
pub fn read_frame(r: &mut impl BufRead, chatter: &mut Vec<u8>) -> std::io::Result<Option<Frame>> {
    let mut window: VecDeque<u8> = VecDeque::with_capacity(MAGIC.len());
    loop {
        let mut byte = [0u8; 1];
        if r.read(&mut byte)? == 0 {
            chatter.extend(window);
            return Ok(None);
        }
        if window.len() == MAGIC.len()
            && let Some(b) = window.pop_front()
            && chatter.len() < MAX_CHATTER
        {
            chatter.push(b);
        }
        window.push_back(byte[0]);
        if window.len() == MAGIC.len() && window.iter().eq(MAGIC.iter()) {
            break;
        }
    }
    let bad = |m: String| std::io::Error::new(std::io::ErrorKind::InvalidData, m);
    let mut len4 = [0u8; 4];
    r.read_exact(&mut len4)?;
    let h = u32::from_le_bytes(len4);
    if h > MAX_HEADER {
        return Err(bad(format!("frame header of {h} bytes")));
    }
    let mut head = vec![0u8; h as usize];
    r.read_exact(&mut head)?;
    let header: Value =
        serde_json::from_slice(&head).map_err(|e| bad(format!("frame header: {e}")))?;
    let mut len8 = [0u8; 8];
    r.read_exact(&mut len8)?;
    let p = u64::from_le_bytes(len8);
    if p > MAX_PAYLOAD || p % 4 != 0 {
        return Err(bad(format!("frame payload of {p} bytes")));
    }
    let mut raw = vec![0u8; p as usize];
    r.read_exact(&mut raw)?;
    let payload = raw
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    Ok(Some(Frame { header, payload }))
}

fn info_to_json(i: &PluginInfo) -> Value {
    json!({
        "name": i.name,
        "version": i.version,
        "abi": i.abi,
        "modality": i.modality as u32,
        "input": i.input as u32,
        "input_shape": i.input_shape,
        "embedding_dim": i.embedding_dim,
    })
}

fn info_from_json(v: &Value, path: &Path) -> Option<PluginInfo> {
    let input = InputKind::from_raw(v.get("input")?.as_u64()? as u32)?;
    let input_shape = v
        .get("input_shape")?
        .as_array()?
        .iter()
        .map(|s| s.as_u64().map(|n| n as usize))
        .collect();
    Some(PluginInfo {
        name: v.get("name")?.as_str()?.to_string(),
        version: v.get("version")?.as_str()?.to_string(),
        abi: v.get("abi")?.as_u64()? as u32,
        modality: Modality::from_raw(v.get("modality")?.as_u64()? as u32)?,
        input,
        input_shape,
        embedding_dim: v.get("embedding_dim")?.as_u64()? as usize,
        path: Some(path.to_path_buf()),
    })
}

/// The child side: loads `library`, instantiates it with `config`, sends
/// the hello on `output`, then answers predict requests from `input` until
/// it closes. Load and create failures are sent as a failed hello and also
/// returned.
///
/// # Errors
/// The load/create [`PluginError`], or [`PluginError::Host`] for an I/O or
/// protocol failure.
pub fn serve(
    library: &Path,
    config: &str,
    input: &mut impl BufRead,
    output: &mut impl Write,
) -> Result<(), PluginError> {
    let label = library.display().to_string();
    let io = |e: std::io::Error| PluginError::Host {
        plugin: label.clone(),
        message: e.to_string(),
    };
    let opened = PluginLibrary::open(library).and_then(|lib| {
        let inst = lib.instantiate(config)?;
        Ok((lib, inst))
    });
    let (lib, mut instance) = match opened {
        Ok(x) => x,
        Err(e) => {
            write_frame(output, &json!({"ok": false, "error": e.to_string()}), &[]).map_err(io)?;
            return Err(e);
        }
    };
    let hello = json!({"ok": true, "protocol": PROTOCOL_VERSION, "info": info_to_json(lib.info())});
    write_frame(output, &hello, &[]).map_err(io)?;
    let mut chatter = Vec::new();
    while let Some(frame) = read_frame(input, &mut chatter).map_err(io)? {
        let op = frame.header.get("op").and_then(Value::as_str);
        if op != Some("predict") {
            let msg = format!("unknown request op {:?}", frame.header.get("op"));
            write_frame(output, &json!({"ok": false, "error": msg}), &[]).map_err(io)?;
            continue;
        }
        let kind = frame
            .header
            .get("kind")
            .and_then(Value::as_u64)
            .and_then(|k| InputKind::from_raw(k as u32));
        let shape: Option<Vec<usize>> = frame
            .header
            .get("shape")
            .and_then(Value::as_array)
            .and_then(|a| a.iter().map(|s| s.as_u64().map(|n| n as usize)).collect());
        let (Some(kind), Some(shape)) = (kind, shape) else {
            let msg = "predict request without a valid kind and shape";
            write_frame(output, &json!({"ok": false, "error": msg}), &[]).map_err(io)?;
            continue;
        };
        let x = Input {
            kind,
            shape: &shape,
            data: &frame.payload,
        };
        match instance.score(&x) {
            Ok(p) => {
                write_frame(output, &json!({"ok": true, "risk": p.risk}), &p.embedding)
                    .map_err(io)?;
            }
            Err(e) => {
                write_frame(output, &json!({"ok": false, "error": e.to_string()}), &[])
                    .map_err(io)?;
            }
        }
    }
    Ok(())
}

/// Renders how a child ended: `exit status 3`, `killed by signal 6 (SIGABRT)`.
pub fn describe_status(status: &ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            let name = match sig {
                4 => " (SIGILL)",
                6 => " (SIGABRT)",
                7 => " (SIGBUS)",
                8 => " (SIGFPE)",
                9 => " (SIGKILL)",
                11 => " (SIGSEGV)",
                13 => " (SIGPIPE)",
                15 => " (SIGTERM)",
                _ => "",
            };
            return format!("killed by signal {sig}{name}");
        }
    }
    match status.code() {
        Some(c) => format!("exit status {c}"),
        None => status.to_string(),
    }
}

/// A plugin library running in a `plugin-host` child process, scored over
/// pipes. Dropping it closes the child's input and waits for it (killing it
/// after 2 s).
pub struct HostedPlugin {
    info: PluginInfo,
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    stderr_tail: Arc<Mutex<VecDeque<String>>>,
    /// Set when the child's stderr reached its end.
    stderr_done: Arc<AtomicBool>,
    dead: Option<PluginError>,
}

impl std::fmt::Debug for HostedPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostedPlugin")
            .field("info", &self.info)
            .field("pid", &self.child.id())
            .field("dead", &self.dead)
            .finish_non_exhaustive()
    }
}

impl HostedPlugin {
    /// Spawns the current executable as `plugin-host --path LIBRARY
    /// --config CONFIG` (the `prognos` binary) and waits for its hello.
    ///
    /// # Errors
    /// As [`spawn`](Self::spawn); [`PluginError::Host`] when the current
    /// executable cannot be determined.
    pub fn spawn_current_exe(library: &Path, config: &str) -> Result<Self, PluginError> {
        let exe = std::env::current_exe().map_err(|e| PluginError::Host {
            plugin: library.display().to_string(),
            message: format!("cannot locate the prognos executable: {e}"),
        })?;
        Self::spawn(&exe, library, config)
    }

    /// Spawns `program plugin-host --path LIBRARY --config CONFIG` and waits
    /// for its hello.
    ///
    /// # Errors
    /// [`PluginError::Host`] when the child cannot start or answers nonsense,
    /// [`PluginError::Remote`] with the child's load/create error (missing
    /// symbol, ABI version, bad configuration...), or
    /// [`PluginError::Crashed`] when it dies while loading.
    pub fn spawn(program: &Path, library: &Path, config: &str) -> Result<Self, PluginError> {
        let label = library.display().to_string();
        let mut child = Command::new(program)
            .arg("plugin-host")
            .arg("--path")
            .arg(library)
            .arg("--config")
            .arg(config)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| PluginError::Host {
                plugin: label.clone(),
                message: format!("cannot start {}: {e}", program.display()),
            })?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(PluginError::Host {
                plugin: label,
                message: "child pipes unavailable".into(),
            });
        };
        let stderr_tail = Arc::new(Mutex::new(VecDeque::new()));
        let stderr_done = Arc::new(AtomicBool::new(false));
        let tail = Arc::clone(&stderr_tail);
        let done = Arc::clone(&stderr_done);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let mut t = tail.lock().unwrap_or_else(|e| e.into_inner());
                if t.len() == STDERR_TAIL {
                    t.pop_front();
                }
                t.push_back(line);
            }
            done.store(true, Ordering::Release);
        });
        let placeholder = PluginInfo {
            name: label.clone(),
            version: String::new(),
            abi: crate::abi::ABI_VERSION,
            modality: Modality::Tabular,
            input: InputKind::FeatureVector,
            input_shape: Vec::new(),
            embedding_dim: 0,
            path: Some(library.to_path_buf()),
        };
        let mut host = HostedPlugin {
            info: placeholder,
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
            stderr_tail,
            stderr_done,
            dead: None,
        };
        let hello = host.receive()?;
        if hello.header.get("ok").and_then(Value::as_bool) != Some(true) {
            let message = hello
                .header
                .get("error")
                .and_then(Value::as_str)
                .unwrap_or("load failed")
                .to_string();
            return Err(PluginError::Remote {
                plugin: label,
                message,
            });
        }
        let protocol = hello.header.get("protocol").and_then(Value::as_u64);
        if protocol != Some(PROTOCOL_VERSION) {
            return Err(PluginError::Host {
                plugin: label,
                message: format!(
                    "speaks protocol {protocol:?}, expected {PROTOCOL_VERSION} (a different prognos executable?)"
                ),
            });
        }
        host.info = hello
            .header
            .get("info")
            .and_then(|v| info_from_json(v, library))
            .ok_or_else(|| PluginError::Host {
                plugin: label,
                message: "hello without a valid plugin description".into(),
            })?;
        Ok(host)
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The last line the child wrote to stderr, if any.
    fn last_stderr(&self) -> Option<String> {
        let t = self.stderr_tail.lock().unwrap_or_else(|e| e.into_inner());
        t.iter().rev().find(|l| !l.trim().is_empty()).cloned()
    }

    /// Marks the child dead after a broken pipe or end of output: waits
    /// (up to 2 s, then kills) and builds the crash error.
    fn crashed(&mut self, io: Option<std::io::Error>) -> PluginError {
        self.stdin = None;
        let deadline = Instant::now() + Duration::from_secs(2);
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(s)) => break describe_status(&s),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Ok(None) => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break format!(
                        "stopped answering{}; killed",
                        io.as_ref().map(|e| format!(": {e}")).unwrap_or_default()
                    );
                }
                Err(e) => break format!("status unknown: {e}"),
            }
        };
        // Let the stderr reader collect the dying words (its pipe closes
        // with the child, unless a grandchild still holds it).
        let deadline = Instant::now() + Duration::from_millis(500);
        while !self.stderr_done.load(Ordering::Acquire) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        let stderr = self
            .last_stderr()
            .map(|l| format!("; last stderr: {}", l.trim()))
            .unwrap_or_default();
        let e = PluginError::Crashed {
            plugin: self.info.name.clone(),
            status,
            stderr,
        };
        self.dead = Some(e.clone());
        e
    }

    /// Reads the next frame, forwarding stray stdout to stderr; a dead
    /// child becomes [`PluginError::Crashed`].
    fn receive(&mut self) -> Result<Frame, PluginError> {
        let mut chatter = Vec::new();
        let got = read_frame(&mut self.stdout, &mut chatter);
        if !chatter.is_empty() {
            let text = String::from_utf8_lossy(&chatter);
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                eprintln!("[plugin {}] {line}", self.info.name);
            }
        }
        match got {
            Ok(Some(frame)) => Ok(frame),
            Ok(None) => Err(self.crashed(None)),
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                let e = PluginError::Host {
                    plugin: self.info.name.clone(),
                    message: e.to_string(),
                };
                let _ = self.child.kill();
                self.dead = Some(e.clone());
                Err(e)
            }
            Err(e) => Err(self.crashed(Some(e))),
        }
    }
}

impl Scorer for HostedPlugin {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn score(&mut self, input: &Input<'_>) -> Result<Prediction, PluginError> {
        if let Some(e) = &self.dead {
            return Err(e.clone());
        }
        self.info.check_input(input)?;
        let header = json!({"op": "predict", "kind": input.kind as u32, "shape": input.shape});
        let sent = match self.stdin.as_mut() {
            Some(w) => write_frame(w, &header, input.data),
            None => Err(std::io::ErrorKind::BrokenPipe.into()),
        };
        if let Err(e) = sent {
            return Err(self.crashed(Some(e)));
        }
        let reply = self.receive()?;
        if reply.header.get("ok").and_then(Value::as_bool) != Some(true) {
            return Err(PluginError::Remote {
                plugin: self.info.name.clone(),
                message: reply
                    .header
                    .get("error")
                    .and_then(Value::as_str)
                    .unwrap_or("predict failed")
                    .to_string(),
            });
        }
        let p = Prediction {
            risk: reply
                .header
                .get("risk")
                .and_then(Value::as_f64)
                .unwrap_or(f64::NAN),
            embedding: reply.payload,
        };
        self.info.check_output(&p)?;
        Ok(p)
    }
}

impl Drop for HostedPlugin {
    fn drop(&mut self) {
        self.stdin = None;
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => return,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Ok(None) => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn frames_round_trip_and_skip_chatter() {
        let mut buf = b"hello from a chatty plugin\n".to_vec();
        write_frame(&mut buf, &json!({"ok": true, "risk": 1.5}), &[1.0, -2.5]).unwrap();
        buf.extend_from_slice(b"\0PRG");
        write_frame(&mut buf, &json!({"op": "x"}), &[]).unwrap();
        let mut r = BufReader::new(&buf[..]);
        let mut chatter = Vec::new();
        let f = read_frame(&mut r, &mut chatter).unwrap().unwrap();
        assert_eq!(chatter, b"hello from a chatty plugin\n");
        assert_eq!(f.header["risk"], 1.5);
        assert_eq!(f.payload, vec![1.0, -2.5]);
        chatter.clear();
        let g = read_frame(&mut r, &mut chatter).unwrap().unwrap();
        assert_eq!(chatter, b"\0PRG");
        assert_eq!(g.header["op"], "x");
        assert!(g.payload.is_empty());
        assert_eq!(read_frame(&mut r, &mut chatter).unwrap(), None);
    }

    #[test]
    fn truncated_frame_is_an_eof_error() {
        let mut buf = Vec::new();
        write_frame(&mut buf, &json!({"ok": true}), &[1.0, 2.0]).unwrap();
        buf.truncate(buf.len() - 3);
        let e = read_frame(&mut BufReader::new(&buf[..]), &mut Vec::new()).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn info_survives_the_wire() {
        let info = PluginInfo {
            name: "n".into(),
            version: "1".into(),
            abi: 1,
            modality: Modality::Wsi,
            input: InputKind::TileBag,
            input_shape: vec![None, Some(1024)],
            embedding_dim: 512,
            path: Some(PathBuf::from("/x/lib.so")),
        };
        let back = info_from_json(&info_to_json(&info), Path::new("/x/lib.so")).unwrap();
        assert_eq!(back, info);
    }

    #[test]
    fn a_missing_program_is_a_host_error() {
        let e = HostedPlugin::spawn(
            Path::new("/nonexistent/prognos"),
            Path::new("/x/libp.so"),
            "",
        )
        .unwrap_err();
        assert!(matches!(e, PluginError::Host { .. }), "{e}");
        assert!(e.to_string().contains("plugin /x/libp.so"), "{e}");
    }
}
