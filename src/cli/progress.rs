//! Progress bars for long work: drawn with `indicatif` on a terminal,
//! silent with `--json` or when stderr is not a TTY.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use prognos_models::study::Observer;
use std::io::IsTerminal;
use std::sync::Mutex;

/// An [`Observer`] that draws one bar per stage on stderr.
pub struct Bar {
    enabled: bool,
    bar: Mutex<Option<ProgressBar>>,
}

impl Bar {
    /// A bar that draws only if `wanted` and stderr is a terminal.
    pub fn new(wanted: bool) -> Self {
        Bar {
            enabled: wanted && std::io::stderr().is_terminal(),
            bar: Mutex::new(None),
        }
    }
}

impl Observer for Bar {
    fn stage(&self, name: &str, total: u64) {
        if !self.enabled {
            return;
        }
        let pb = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{msg:>20} [{bar:30}] {pos}/{len} {elapsed}")
        {
            pb.set_style(style.progress_chars("=> "));
        }
        pb.set_message(name.to_string());
        if let Ok(mut b) = self.bar.lock() {
            *b = Some(pb);
        }
    }
    fn advance(&self, n: u64) {
        if let Ok(b) = self.bar.lock()
            && let Some(pb) = b.as_ref()
        {
            pb.inc(n);
        }
    }
    fn finish(&self) {
        if let Ok(mut b) = self.bar.lock()
            && let Some(pb) = b.take()
        {
            pb.finish_and_clear();
        }
    }
}
