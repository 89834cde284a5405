//! Products for tall-and-thin shapes, where a general GEMM has little to block on.
//!
//! `X @ W` with `X` `(60000, 784)` and `W` `(784, 10)`, and `X.T @ G` with `G` `(60000, 10)`,
//! are the whole cost of softmax regression and K-means on MNIST. Measured here, faer's
//! parallel GEMM is slow on the second shape (a long inner dimension, a tiny output) and
//! ndarray's `.dot` is single-threaded; cutting the rows of `X` into blocks and running
//! ndarray's kernel on each block in parallel (rayon) uses every core on both shapes.

use ndarray::{Array2, ArrayView2, Axis, s};
use rayon::prelude::*;

use crate::Float;

/// Rows per parallel block.
const ROWS: usize = 2048;

/// `a @ b`, parallel over blocks of rows of `a`.
pub(crate) fn tall_dot<F: Float>(a: ArrayView2<'_, F>, b: ArrayView2<'_, F>) -> Array2<F> {
    let mut out = Array2::zeros((a.nrows(), b.ncols()));
    if a.nrows() <= ROWS {
        ndarray::linalg::general_mat_mul(F::one(), &a, &b, F::zero(), &mut out);
        return out;
    }
    out.axis_chunks_iter_mut(Axis(0), ROWS)
        .into_par_iter()
        .enumerate()
        .for_each(|(i, mut block)| {
            let rows = a.slice(s![i * ROWS..i * ROWS + block.nrows(), ..]);
            ndarray::linalg::general_mat_mul(F::one(), &rows, &b, F::zero(), &mut block);
        });
    out
}

/// `a.T @ g` for tall `a` and `g` (same number of rows): a sum over row blocks of
/// `a_block.T @ g_block`, computed in parallel.
pub(crate) fn tall_t_dot<F: Float>(a: ArrayView2<'_, F>, g: ArrayView2<'_, F>) -> Array2<F> {
    let (p, k) = (a.ncols(), g.ncols());
    if a.nrows() <= ROWS {
        return a.t().dot(&g);
    }
    let n_blocks = a.nrows().div_ceil(ROWS);
    (0..n_blocks)
        .into_par_iter()
        .map(|i| {
            let end = ((i + 1) * ROWS).min(a.nrows());
            let ab = a.slice(s![i * ROWS..end, ..]);
            let gb = g.slice(s![i * ROWS..end, ..]);
            ab.t().dot(&gb)
        })
        .reduce(|| Array2::zeros((p, k)), |acc, part| acc + part)
}
