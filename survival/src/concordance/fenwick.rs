//! A Fenwick (binary indexed) tree of weights over score ranks, giving the
//! weight below, at and above a rank in O(log n) — the role survival's
//! balanced binary tree (`btree`, `walkup`, `addin`) plays in `concordance3.c`.

pub(crate) struct Fenwick {
    tree: Vec<f64>,
    node: Vec<f64>,
    total: f64,
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
            tree: vec![0.0; n + 1],
            node: vec![0.0; n],
            total: 0.0,
        }
    }

    pub(crate) fn clear(&mut self) {
        self.tree.iter_mut().for_each(|v| *v = 0.0);
        self.node.iter_mut().for_each(|v| *v = 0.0);
        self.total = 0.0;
    }

    #[inline]
    pub(crate) fn add(&mut self, rank: usize, w: f64) {
        self.node[rank] += w;
        self.total += w;
        let mut i = rank + 1;
        while i < self.tree.len() {
            self.tree[i] += w;
            i += i & i.wrapping_neg();
        }
    }

    /// Sum of weights at ranks `< rank`.
    #[inline]
    fn below(&self, rank: usize) -> f64 {
        let mut s = 0.0;
        let mut i = rank;
        while i > 0 {
            s += self.tree[i];
            i &= i - 1;
        }
        s
    }

    #[inline]
    pub(crate) fn split(&self, rank: usize) -> Split {
        let less = self.below(rank);
        let equal = self.node[rank];
        Split {
            greater: self.total - less - equal,
            less,
            equal,
        }
    }
}
