//! Progress reporting without printing: the caller passes an observer
//! (the binary draws an `indicatif` bar; tests pass [`NoProgress`]).

/// Receives progress of long work.
pub trait Observer: Sync {
    /// A stage with `total` steps begins.
    fn stage(&self, name: &str, total: u64);
    /// `n` more steps of the current stage are done.
    fn advance(&self, n: u64);
    /// The current stage is done.
    fn finish(&self) {}
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Observer for NoProgress {
    fn stage(&self, _name: &str, _total: u64) {}
    fn advance(&self, _n: u64) {}
}
