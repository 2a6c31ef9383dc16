//! Exact TreeSHAP (Lundberg et al. 2020, Algorithm 2).

use super::{ShapScale, ShapValues};
use crate::classify::TreeEnsemble;
use crate::classify::tree::Tree;
use nalgebra::DMatrix;

#[derive(Debug, Clone, Copy)]
struct PathElem {
    /// Feature index (`usize::MAX` for the root's dummy element).
    d: usize,
    /// Fraction of "zero" paths (feature not in S) flowing through.
    z: f64,
    /// Fraction of "one" paths (feature in S) flowing through.
    o: f64,
    /// Permutation weight.
    w: f64,
}

fn extend(m: &mut Vec<PathElem>, pz: f64, po: f64, pi: usize) {
    let l = m.len();
    m.push(PathElem {
        d: pi,
        z: pz,
        o: po,
        w: if l == 0 { 1.0 } else { 0.0 },
    });
    let lf = l as f64;
    for i in (0..l).rev() {
        m[i + 1].w += po * m[i].w * (i as f64 + 1.0) / (lf + 1.0);
        m[i].w = pz * m[i].w * (lf - i as f64) / (lf + 1.0);
    }
}

fn unwind(m: &mut Vec<PathElem>, i: usize) {
    let l = m.len() - 1;
    let lf = l as f64;
    let mut n = m[l].w;
    let (zi, oi) = (m[i].z, m[i].o);
    for j in (0..l).rev() {
        if oi != 0.0 {
            let t = m[j].w;
            m[j].w = n * (lf + 1.0) / ((j as f64 + 1.0) * oi);
            n = t - m[j].w * zi * (lf - j as f64) / (lf + 1.0);
        } else {
            m[j].w = m[j].w * (lf + 1.0) / (zi * (lf - j as f64));
        }
    }
    for j in i..l {
        m[j].d = m[j + 1].d;
        m[j].z = m[j + 1].z;
        m[j].o = m[j + 1].o;
    }
    m.pop();
}

/// Sum of the weights after unwinding element `i` (without modifying `m`).
fn unwound_sum(m: &[PathElem], i: usize) -> f64 {
    let mut c = m.to_vec();
    unwind(&mut c, i);
    c.iter().map(|e| e.w).sum()
}

#[allow(clippy::too_many_arguments)]
fn recurse(
    t: &Tree,
    x: &DMatrix<f64>,
    row: usize,
    j: usize,
    m: &[PathElem],
    pz: f64,
    po: f64,
    pi: usize,
    phi: &mut [f64],
) {
    let mut m = m.to_vec();
    extend(&mut m, pz, po, pi);
    let nd = &t.nodes[j];
    if nd.is_leaf() {
        for i in 1..m.len() {
            let w = unwound_sum(&m, i);
            phi[m[i].d] += w * (m[i].o - m[i].z) * nd.value;
        }
        return;
    }
    let (hot, cold) = if x[(row, nd.feature)] <= nd.threshold {
        (nd.left, nd.right)
    } else {
        (nd.right, nd.left)
    };
    let (mut iz, mut io) = (1.0, 1.0);
    if let Some(k) = m
        .iter()
        .skip(1)
        .position(|e| e.d == nd.feature)
        .map(|k| k + 1)
    {
        iz = m[k].z;
        io = m[k].o;
        unwind(&mut m, k);
    }
    let rj = nd.cover;
    recurse(
        t,
        x,
        row,
        hot,
        &m,
        iz * t.nodes[hot].cover / rj,
        io,
        nd.feature,
        phi,
    );
    recurse(
        t,
        x,
        row,
        cold,
        &m,
        iz * t.nodes[cold].cover / rj,
        0.0,
        nd.feature,
        phi,
    );
}

/// Expected value of a tree under its training covers.
fn tree_expected(t: &Tree) -> f64 {
    let root = t.nodes[0].cover;
    t.nodes
        .iter()
        .filter(|n| n.is_leaf())
        .map(|n| n.cover * n.value)
        .sum::<f64>()
        / root
}

/// Exact TreeSHAP values of every row of `x` for the ensemble's margin.
pub fn tree_shap(ensemble: &TreeEnsemble, x: &DMatrix<f64>) -> ShapValues {
    let (n, p) = x.shape();
    let mut values = DMatrix::zeros(n, p);
    let expected = ensemble.base
        + ensemble
            .trees
            .iter()
            .zip(&ensemble.weights)
            .map(|(t, w)| w * tree_expected(t))
            .sum::<f64>();
    for row in 0..n {
        let mut phi = vec![0.0; p];
        for (t, w) in ensemble.trees.iter().zip(&ensemble.weights) {
            if t.nodes[0].is_leaf() {
                continue;
            }
            let mut tp = vec![0.0; p];
            recurse(t, x, row, 0, &[], 1.0, 1.0, usize::MAX, &mut tp);
            for j in 0..p {
                phi[j] += w * tp[j];
            }
        }
        for j in 0..p {
            values[(row, j)] = phi[j];
        }
    }
    let output = (0..n).map(|i| ensemble.margin_row(x, i)).collect();
    ShapValues {
        values,
        expected,
        output,
        scale: ShapScale::Margin,
    }
}
