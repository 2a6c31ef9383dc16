//! Two Fenwick (binary indexed) trees of weights over score ranks — one for
//! every observation added so far, one for the (time-weighted) deaths —
//! giving the weight below, at and above a rank in O(log n): the role
//! survival's balanced binary tree (`btree`, `walkup`, `addin`) plays in
//! `concordance3.c`.
//!
//! Both trees and the per-rank weights live interleaved in one array
//! (`[tree_all, tree_deaths, node_all, node_deaths]` per index), so the
//! look-ups of the two trees at one rank share cache lines.

/// Which of the two trees.
#[derive(Clone, Copy)]
pub(crate) enum Tree {
    /// Observations already passed (at risk).
    All = 0,
    /// Deaths already passed, times their time weight.
    Deaths = 1,
}

pub(crate) struct Fenwick {
    /// Element `i`: Fenwick node `i` of both trees (index 0 unused) and the
    /// weight at rank `i` of both trees (for `i < n`).
    cell: Vec<[f64; 4]>,
    total: [f64; 2],
}

/// Weights strictly greater than, strictly less than and equal to a rank.
#[derive(Clone, Copy)]
pub(crate) struct Split {
    pub greater: f64,
    pub less: f64,
    pub equal: f64,
}

impl Fenwick {
    pub(crate) fn new(n: usize) -> Self {
        Fenwick {
            cell: vec![[0.0; 4]; n + 1],
            total: [0.0; 2],
        }
    }

    pub(crate) fn clear(&mut self) {
        self.cell.iter_mut().for_each(|v| *v = [0.0; 4]);
        self.total = [0.0; 2];
    }

    #[inline]
    pub(crate) fn add(&mut self, t: Tree, rank: usize, w: f64) {
        let c = t as usize;
        self.cell[rank][2 + c] += w;
        self.total[c] += w;
        let mut i = rank + 1;
        while i < self.cell.len() {
            self.cell[i][c] += w;
            i += i & i.wrapping_neg();
        }
    }

    /// Sum of weights at ranks `< rank`.
    #[inline]
    fn below(&self, c: usize, rank: usize) -> f64 {
        let mut s = 0.0;
        let mut i = rank;
        while i > 0 {
            s += self.cell[i][c];
            i &= i - 1;
        }
        s
    }

    #[inline]
    pub(crate) fn split(&self, t: Tree, rank: usize) -> Split {
        let c = t as usize;
        let less = self.below(c, rank);
        let equal = self.cell[rank][2 + c];
        Split {
            greater: self.total[c] - less - equal,
            less,
            equal,
        }
    }
}
