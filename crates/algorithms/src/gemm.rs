//! Products for the shapes of this chapter, where a general GEMM has little to block on or
//! too little work to share: tall-and-thin data matrices and mini-batches.
//!
//! `X @ W` with `X` `(60000, 784)` and `W` `(784, 10)`, and `X.T @ G` with `G` `(60000, 10)`,
//! are the whole cost of softmax regression and K-means on MNIST. Measured here, faer's
//! parallel GEMM is slow on the second shape (a long inner dimension, a tiny output) and
//! ndarray's `.dot` is single-threaded; cutting the rows of `X` into blocks and running
//! ndarray's kernel on each block in parallel (rayon) uses every core on both shapes.
//! The same split serves a mini-batch product such as `(128, 784) @ (784, 128)`: one part
//! per thread, each a single-threaded GEMM, joined once.

use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayView2, ArrayViewMut2, Axis, s};
use rayon::prelude::*;

use crate::Float;

/// Rows per parallel block of a tall product.
const ROWS: usize = 2048;

/// Multiply-adds from which a product is split across threads. One part of a
/// `(128, 784) @ (784, 128)` mini-batch product (12.8 M multiply-adds, a few hundred
/// microseconds) is far above the cost of a rayon join.
const PAR_WORK: usize = 1 << 21;

/// `out = a @ b`, parallel over blocks of rows of `a` (and of `out`) when the product is
/// large enough: blocks of [`ROWS`] rows for tall `a`, else one block per thread.
fn par_dot_into<F: Float>(
    a: ArrayView2<'_, F>,
    b: ArrayView2<'_, F>,
    mut out: ArrayViewMut2<'_, F>,
) {
    let (m, k) = a.dim();
    let work = m.saturating_mul(k).saturating_mul(b.ncols());
    let threads = rayon::current_num_threads();
    if work < PAR_WORK || threads < 2 || m < 16 {
        general_mat_mul(F::one(), &a, &b, F::zero(), &mut out);
        return;
    }
    // One block per thread, rounded up to a multiple of 8 rows (the kernels' tile height).
    let rows = m.div_ceil(threads).next_multiple_of(8).min(ROWS);
    out.axis_chunks_iter_mut(Axis(0), rows)
        .into_par_iter()
        .enumerate()
        .for_each(|(i, mut block)| {
            let part = a.slice(s![i * rows..i * rows + block.nrows(), ..]);
            general_mat_mul(F::one(), &part, &b, F::zero(), &mut block);
        });
}

/// `a @ b`, parallel over blocks of rows of `a` when it is worth it.
pub(crate) fn tall_dot<F: Float>(a: ArrayView2<'_, F>, b: ArrayView2<'_, F>) -> Array2<F> {
    let mut out = Array2::zeros((a.nrows(), b.ncols()));
    par_dot_into(a, b, out.view_mut());
    out
}

/// `a.T @ g` for `a` and `g` with the same number of rows. Tall: a sum over row blocks of
/// `a_block.T @ g_block`, computed in parallel. Short (a mini-batch): `a.T @ g` split over
/// the rows of the result.
pub(crate) fn tall_t_dot<F: Float>(a: ArrayView2<'_, F>, g: ArrayView2<'_, F>) -> Array2<F> {
    let (p, k) = (a.ncols(), g.ncols());
    if a.nrows() <= ROWS {
        return tall_dot(a.t(), g);
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
