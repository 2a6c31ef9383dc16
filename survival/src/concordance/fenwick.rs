//! Two trees of weights over score ranks — one for every observation added
//! so far, one for the (time-weighted) deaths — giving the weight below, at
//! and above a rank in O(log n): the role survival's balanced binary tree
//! (`btree`, `walkup`, `addin`) plays in `concordance3.c`.
//!
//! Weights are `f64` in general, kept in a Fenwick (binary indexed) tree
//! ([`FenwickTree`]; the weight at each rank in its own array, so that the
//! walks read only nodes). When every weight a tree receives is 1 (no case
//! weights; Harrell's unit time weights) the tree counts in `u32` instead
//! ([`BlockTree`]): per-rank counts plus a Fenwick tree of the counts of
//! blocks of 16 ranks (100,000 ranks: 25 KB of blocks, 400 KB of counts): a
//! look-up reads the cached block tree and one or two lines of counts, where
//! a Fenwick tree over the ranks misses the cache several times. Counts are
//! exact either way (integers below 2^53), so the numbers are the same.

use std::ops::{Add, AddAssign, Sub};

/// A tree's weight type: `f64`, or `u32` counts of unit weights.
pub(crate) trait Weight:
    Copy + Default + Add<Output = Self> + Sub<Output = Self> + AddAssign
{
    /// The weight `w` (for `u32`: a count, `w` is a non-negative integer).
    fn from_f64(w: f64) -> Self;
    /// As `f64` (exact for `u32`).
    fn to_f64(self) -> f64;
}

impl Weight for f64 {
    #[inline(always)]
    fn from_f64(w: f64) -> Self {
        w
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self
    }
}

impl Weight for u32 {
    #[inline(always)]
    fn from_f64(w: f64) -> Self {
        debug_assert!(w >= 0.0 && w.fract() == 0.0);
        w as u32
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

/// Weights over ranks `0..n`: add at a rank, sum below a rank.
pub(crate) trait RankTree {
    /// The weight type.
    type W: Weight;
    /// Zero weights over `n` ranks.
    fn new(n: usize) -> Self;
    /// Zero every weight.
    fn clear(&mut self);
    /// Number of ranks.
    fn ranks(&self) -> usize;
    /// Adds `w` at `rank`.
    fn add(&mut self, rank: usize, w: Self::W);
    /// Weight at ranks `< rank`.
    fn below(&self, rank: usize) -> Self::W;
    /// Weight at `rank`.
    fn at(&self, rank: usize) -> Self::W;
    /// Weight at every rank.
    fn total(&self) -> Self::W;
    /// [`RankTree::below`] of every rank, in rank order.
    fn all_below(&self) -> Vec<Self::W> {
        (0..self.ranks()).map(|r| self.below(r)).collect()
    }
}

/// A Fenwick tree: `tree[i]` is node `i` (index 0 unused); the weight at
/// each rank is kept apart (`at`), so that the walks read only nodes.
pub(crate) struct FenwickTree<W> {
    tree: Vec<W>,
    at: Vec<W>,
    total: W,
}

impl<W: Weight> RankTree for FenwickTree<W> {
    type W = W;

    fn new(n: usize) -> Self {
        FenwickTree {
            tree: vec![W::default(); n + 1],
            at: vec![W::default(); n],
            total: W::default(),
        }
    }

    fn clear(&mut self) {
        self.tree.iter_mut().for_each(|v| *v = W::default());
        self.at.iter_mut().for_each(|v| *v = W::default());
        self.total = W::default();
    }

    fn ranks(&self) -> usize {
        self.at.len()
    }

    #[inline]
    fn add(&mut self, rank: usize, w: W) {
        self.at[rank] += w;
        self.total += w;
        let mut i = rank + 1;
        while i < self.tree.len() {
            self.tree[i] += w;
            i += i & i.wrapping_neg();
        }
    }

    #[inline]
    fn below(&self, rank: usize) -> W {
        let mut s = W::default();
        let mut i = rank;
        while i > 0 {
            s += self.tree[i];
            i &= i - 1;
        }
        s
    }

    #[inline]
    fn at(&self, rank: usize) -> W {
        self.at[rank]
    }

    #[inline]
    fn total(&self) -> W {
        self.total
    }
}

/// Ranks per block of [`BlockTree`].
const BLOCK: usize = 16;

/// Unit-weight counts: the count at each rank, and a Fenwick tree of the
/// counts of each block of [`BLOCK`] ranks.
pub(crate) struct BlockTree {
    count: Vec<u32>,
    /// Fenwick nodes over blocks (index 0 unused).
    blocks: Vec<u32>,
    total: u32,
}

impl RankTree for BlockTree {
    type W = u32;

    fn new(n: usize) -> Self {
        BlockTree {
            count: vec![0; n],
            blocks: vec![0; n.div_ceil(BLOCK) + 1],
            total: 0,
        }
    }

    fn clear(&mut self) {
        self.count.iter_mut().for_each(|v| *v = 0);
        self.blocks.iter_mut().for_each(|v| *v = 0);
        self.total = 0;
    }

    fn ranks(&self) -> usize {
        self.count.len()
    }

    #[inline]
    fn add(&mut self, rank: usize, w: u32) {
        self.count[rank] += w;
        self.total += w;
        let mut i = rank / BLOCK + 1;
        while i < self.blocks.len() {
            self.blocks[i] += w;
            i += i & i.wrapping_neg();
        }
    }

    #[inline]
    fn below(&self, rank: usize) -> u32 {
        let b = rank / BLOCK;
        let mut s: u32 = self.count[b * BLOCK..rank].iter().sum();
        let mut i = b;
        while i > 0 {
            s += self.blocks[i];
            i &= i - 1;
        }
        s
    }

    #[inline]
    fn at(&self, rank: usize) -> u32 {
        self.count[rank]
    }

    #[inline]
    fn total(&self) -> u32 {
        self.total
    }

    /// Running sums of the counts (exact: the same as rank by rank).
    fn all_below(&self) -> Vec<u32> {
        let mut s = 0u32;
        self.count
            .iter()
            .map(|&c| {
                let b = s;
                s += c;
                b
            })
            .collect()
    }
}

/// The two trees: `A` the weights of every observation passed (at risk),
/// `D` the weights of the deaths passed (times their time weight).
pub(crate) struct Fenwick<A, D> {
    all: A,
    deaths: D,
    /// Whether anything was added since the last clear.
    dirty: bool,
}

/// Weights strictly greater than, strictly less than and equal to a rank.
#[derive(Clone, Copy)]
pub(crate) struct Split {
    pub greater: f64,
    pub less: f64,
    pub equal: f64,
}

/// `(total − less) − equal`, then the three as `f64`.
#[inline(always)]
fn split<W: Weight>(total: W, less: W, equal: W) -> Split {
    Split {
        greater: (total - less - equal).to_f64(),
        less: less.to_f64(),
        equal: equal.to_f64(),
    }
}

impl<A: RankTree, D: RankTree> Fenwick<A, D> {
    pub(crate) fn new(n: usize) -> Self {
        Fenwick {
            all: A::new(n),
            deaths: D::new(n),
            dirty: false,
        }
    }

    /// Zero weights (a no-op on trees nothing was added to).
    pub(crate) fn clear(&mut self) {
        if self.dirty {
            self.all.clear();
            self.deaths.clear();
            self.dirty = false;
        }
    }

    /// Number of ranks.
    pub(crate) fn ranks(&self) -> usize {
        self.all.ranks()
    }

    #[inline]
    pub(crate) fn add_all(&mut self, rank: usize, w: A::W) {
        self.dirty = true;
        self.all.add(rank, w);
    }

    #[inline]
    pub(crate) fn add_deaths(&mut self, rank: usize, w: D::W) {
        self.dirty = true;
        self.deaths.add(rank, w);
    }

    /// Deaths' weight at ranks `< r` for every rank `r`.
    pub(crate) fn deaths_below_all(&self) -> Vec<D::W> {
        self.deaths.all_below()
    }

    #[inline]
    pub(crate) fn split_all(&self, rank: usize) -> Split {
        split(self.all.total(), self.all.below(rank), self.all.at(rank))
    }

    #[inline]
    pub(crate) fn split_deaths(&self, rank: usize) -> Split {
        self.split_deaths_from(rank, self.deaths.below(rank))
    }

    /// [`Fenwick::split_deaths`] given `less = deaths_below(rank)`.
    #[inline]
    pub(crate) fn split_deaths_from(&self, rank: usize, less: D::W) -> Split {
        split(self.deaths.total(), less, self.deaths.at(rank))
    }
}
