//! 6.1 Vectorisation: one computation, four ways, measured.
//!
//! In NumPy "vectorise" means "move the loop from Python into C". Rust loops are compiled
//! already, so a naive index loop is not 100x slower as in Python; the differences that
//! remain come from four things, which the benches (`cargo bench -p performance`) measure:
//!
//! 1. **bounds checks and index arithmetic**: `x[[i, k]]` checks `i` and `k` and multiplies
//!    by the strides on every access; iterators and `Zip` walk pointers and check once.
//! 2. **cache**: the naive `i, j, k` matmul reads `b[[k, j]]` down a column, one cache line
//!    per element; the `i, k, j` order reads rows of `b` contiguously.
//! 3. **SIMD**: a contiguous inner loop with no bounds checks lets LLVM use 8-wide AVX
//!    (`f32`); BLAS-level kernels (ndarray's `matrixmultiply`, faer) also block for
//!    registers and caches, reaching the machine's peak FLOP/s.
//! 4. **allocation and passes over memory**: `(x - mean) / std` allocates two temporaries
//!    and reads memory three times; a `Zip` in place reads and writes it once.
//!
//! | computation | NumPy | naive loop | iterator / `Zip` | BLAS-level | parallel (rayon) |
//! |---|---|---|---|---|---|
//! | pairwise distances | `np.sqrt(((X[:, None] - Y[None]) ** 2).sum(-1))` | [`pairwise_distances_naive`] | [`pairwise_distances_zip`] | [`pairwise_distances_gemm`] (`‖x‖² + ‖y‖² - 2 X Yᵀ`) | [`pairwise_distances_par`] |
//! | matmul | `A @ B` | [`matmul_naive`] (`ijk`) | [`matmul_ikj`] | [`matmul_dot`] (`.dot`) | [`matmul_par`] (faer, all cores) |
//! | standardise | `(X - X.mean(0)) / X.std(0)` | [`standardize_naive`] | [`standardize_zip`] (in place) | [`standardize_expr`] (broadcast expression) | [`standardize_par`] |
//! | softmax | `e = np.exp(X - X.max(1, keepdims=True)); e / e.sum(1, keepdims=True)` | [`softmax_naive`] | [`softmax_zip`] | — | [`softmax_par`] |
//!
//! ```
//! use ndarray::array;
//! use performance::vectorization::*;
//! let a = array![[1.0f64, 2.0], [3.0, 4.0]];
//! let b = array![[5.0, 6.0], [7.0, 8.0]];
//! let want = array![[19.0, 22.0], [43.0, 50.0]];
//! for c in [matmul_naive(&a, &b)?, matmul_ikj(&a, &b)?, matmul_dot(&a, &b)?, matmul_par(&a, &b)?] {
//!     assert_eq!(c, want);
//! }
//! let d = pairwise_distances_zip(&a, &b)?;
//! assert!((d[[0, 0]] - 32f64.sqrt()).abs() < 1e-12);
//! # Ok::<(), performance::Error>(())
//! ```
//!
//! ## Measured here
//! See the chapter's "Speed" section (BENCHMARKS.md) for the table, with the load at the
//! time. The shape of the result: for matmul, `ikj` is several times faster than `ijk`
//! (cache), `.dot` another order of magnitude (register blocking + SIMD), and the parallel
//! path about 2x on 2 cores; for standardise and softmax the naive loops are within a small
//! factor of the best (they are memory-bound and compiled), and parallelism helps only
//! once the arrays exceed the cache.

use ndarray::{Array1, Array2, ArrayBase, Axis, Data, Ix2, Zip};
use rayon::prelude::*;

use crate::Float;
use crate::error::{Error, Result};

fn same_cols<S1: Data, S2: Data>(
    op: &'static str,
    x: &ArrayBase<S1, Ix2>,
    y: &ArrayBase<S2, Ix2>,
) -> Result<()> {
    if x.ncols() != y.ncols() {
        return Err(Error::ShapeMismatch {
            op,
            left: x.shape().to_vec(),
            right: y.shape().to_vec(),
            reason: format!("{} features != {} features", x.ncols(), y.ncols()),
        });
    }
    Ok(())
}

fn aligned<S1: Data, S2: Data>(
    op: &'static str,
    a: &ArrayBase<S1, Ix2>,
    b: &ArrayBase<S2, Ix2>,
) -> Result<()> {
    if a.ncols() != b.nrows() {
        return Err(Error::ShapeMismatch {
            op,
            left: a.shape().to_vec(),
            right: b.shape().to_vec(),
            reason: format!("not aligned: {} != {}", a.ncols(), b.nrows()),
        });
    }
    Ok(())
}

fn non_empty<S: Data>(op: &'static str, x: &ArrayBase<S, Ix2>) -> Result<()> {
    if x.nrows() == 0 {
        return Err(Error::Empty {
            op,
            shape: x.shape().to_vec(),
        });
    }
    Ok(())
}

/// Euclidean distances `D[i, j] = ‖x_i - y_j‖` with index loops: three nested loops,
/// every access bounds-checked. Cost `3 n m p` flops.
///
/// # Errors
/// [`Error::ShapeMismatch`] if the feature counts differ.
pub fn pairwise_distances_naive<F: Float, S1: Data<Elem = F>, S2: Data<Elem = F>>(
    x: &ArrayBase<S1, Ix2>,
    y: &ArrayBase<S2, Ix2>,
) -> Result<Array2<F>> {
    same_cols("pairwise_distances_naive", x, y)?;
    let (n, m, p) = (x.nrows(), y.nrows(), x.ncols());
    let mut d = Array2::zeros((n, m));
    for i in 0..n {
        for j in 0..m {
            let mut s = F::zero();
            for k in 0..p {
                let t = x[[i, k]] - y[[j, k]];
                s += t * t;
            }
            d[[i, j]] = s.sqrt();
        }
    }
    Ok(d)
}

/// The same with rows zipped: no index arithmetic in the inner loop, which LLVM vectorises
/// when the rows are contiguous.
///
/// # Errors
/// As [`pairwise_distances_naive`].
pub fn pairwise_distances_zip<F: Float, S1: Data<Elem = F>, S2: Data<Elem = F>>(
    x: &ArrayBase<S1, Ix2>,
    y: &ArrayBase<S2, Ix2>,
) -> Result<Array2<F>> {
    same_cols("pairwise_distances_zip", x, y)?;
    let mut d = Array2::zeros((x.nrows(), y.nrows()));
    Zip::from(d.rows_mut())
        .and(x.rows())
        .for_each(|mut drow, xi| {
            Zip::from(&mut drow).and(y.rows()).for_each(|dij, yj| {
                *dij = Zip::from(&xi)
                    .and(&yj)
                    .fold(F::zero(), |s, &a, &b| s + (a - b) * (a - b))
                    .sqrt();
            });
        });
    Ok(d)
}

/// The BLAS-level form: `‖x‖² + ‖y‖² - 2 X Yᵀ`, one matrix product (scikit-learn's
/// `euclidean_distances`). Fastest for many features, but it cancels: for nearly equal
/// rows the result has absolute error about `eps * ‖x‖²`, not `eps * ‖x - y‖²`, so small
/// distances lose digits (negative squares are clamped to 0).
///
/// # Errors
/// As [`pairwise_distances_naive`].
pub fn pairwise_distances_gemm<F: Float, S1: Data<Elem = F>, S2: Data<Elem = F>>(
    x: &ArrayBase<S1, Ix2>,
    y: &ArrayBase<S2, Ix2>,
) -> Result<Array2<F>> {
    same_cols("pairwise_distances_gemm", x, y)?;
    let xx: Array1<F> = x.rows().into_iter().map(|r| r.dot(&r)).collect();
    let yy: Array1<F> = y.rows().into_iter().map(|r| r.dot(&r)).collect();
    let mut d = x.dot(&y.t());
    let two = F::from_f64(2.0);
    Zip::from(d.rows_mut()).and(&xx).for_each(|mut row, &a| {
        Zip::from(&mut row)
            .and(&yy)
            .for_each(|v, &b| *v = (a + b - two * *v).max(F::zero()).sqrt());
    });
    Ok(d)
}

/// [`pairwise_distances_zip`] with the rows of the output spread over rayon's threads.
///
/// # Errors
/// As [`pairwise_distances_naive`].
pub fn pairwise_distances_par<F: Float, S1: Data<Elem = F>, S2: Data<Elem = F>>(
    x: &ArrayBase<S1, Ix2>,
    y: &ArrayBase<S2, Ix2>,
) -> Result<Array2<F>> {
    same_cols("pairwise_distances_par", x, y)?;
    let (x, y) = (x.view(), y.view());
    let mut d = Array2::zeros((x.nrows(), y.nrows()));
    Zip::from(d.rows_mut())
        .and(x.rows())
        .par_for_each(|mut drow, xi| {
            Zip::from(&mut drow).and(y.rows()).for_each(|dij, yj| {
                *dij = Zip::from(&xi)
                    .and(&yj)
                    .fold(F::zero(), |s, &a, &b| s + (a - b) * (a - b))
                    .sqrt();
            });
        });
    Ok(d)
}

/// `A @ B` as the textbook triple loop `i, j, k`: the inner loop walks down a column of
/// `B` (stride `n`), one cache miss per element once `B` exceeds the cache. `2 m k n`
/// flops.
///
/// # Errors
/// [`Error::ShapeMismatch`] if `a.ncols() != b.nrows()`.
pub fn matmul_naive<F: Float, S1: Data<Elem = F>, S2: Data<Elem = F>>(
    a: &ArrayBase<S1, Ix2>,
    b: &ArrayBase<S2, Ix2>,
) -> Result<Array2<F>> {
    aligned("matmul_naive", a, b)?;
    let (m, k, n) = (a.nrows(), a.ncols(), b.ncols());
    let mut c = Array2::zeros((m, n));
    for i in 0..m {
        for j in 0..n {
            let mut s = F::zero();
            for p in 0..k {
                s += a[[i, p]] * b[[p, j]];
            }
            c[[i, j]] = s;
        }
    }
    Ok(c)
}

/// `A @ B` in `i, k, j` order on contiguous rows: `c_i += a_ip * b_p` is an AXPY over two
/// contiguous rows, bounds-check free and vectorised. Same flops as [`matmul_naive`],
/// several times faster.
///
/// # Errors
/// As [`matmul_naive`].
pub fn matmul_ikj<F: Float, S1: Data<Elem = F>, S2: Data<Elem = F>>(
    a: &ArrayBase<S1, Ix2>,
    b: &ArrayBase<S2, Ix2>,
) -> Result<Array2<F>> {
    aligned("matmul_ikj", a, b)?;
    let b = b.as_standard_layout();
    let mut c = Array2::zeros((a.nrows(), b.ncols()));
    for (mut crow, arow) in c.rows_mut().into_iter().zip(a.rows()) {
        let crow = crow.as_slice_mut().expect("fresh array is contiguous");
        for (&aip, brow) in arow.iter().zip(b.rows()) {
            let brow = brow
                .to_slice()
                .expect("standard layout rows are contiguous");
            for (cj, &bj) in crow.iter_mut().zip(brow) {
                *cj += aip * bj;
            }
        }
    }
    Ok(c)
}

/// `A @ B` with ndarray's `.dot`: the `matrixmultiply` kernel, blocked for caches and
/// registers, SIMD, one thread. The "BLAS-level" call.
///
/// # Errors
/// As [`matmul_naive`].
pub fn matmul_dot<F: Float, S1: Data<Elem = F>, S2: Data<Elem = F>>(
    a: &ArrayBase<S1, Ix2>,
    b: &ArrayBase<S2, Ix2>,
) -> Result<Array2<F>> {
    aligned("matmul_dot", a, b)?;
    Ok(a.dot(b))
}

/// `A @ B` with faer's parallel GEMM on rayon's pool (chapter 2's
/// [`linalg::matmul_with`] on [`linalg::Engine::FaerParallel`]).
///
/// # Errors
/// As [`matmul_naive`].
pub fn matmul_par<F: Float, S1: Data<Elem = F>, S2: Data<Elem = F>>(
    a: &ArrayBase<S1, Ix2>,
    b: &ArrayBase<S2, Ix2>,
) -> Result<Array2<F>> {
    aligned("matmul_par", a, b)?;
    Ok(linalg::matmul_with(a, b, linalg::Engine::FaerParallel).expect("shapes checked above"))
}

/// Column mean and population std (`ddof = 0`, as `X.std(0)`), with zero std replaced by 1
/// (a constant column is centred, not divided by zero; scikit-learn's `StandardScaler` does
/// the same).
fn column_mean_std<F: Float, S: Data<Elem = F>>(x: &ArrayBase<S, Ix2>) -> (Array1<F>, Array1<F>) {
    let n = F::from_f64(x.nrows() as f64);
    let mean = x.sum_axis(Axis(0)) / n;
    let mut var = Array1::<F>::zeros(x.ncols());
    for row in x.rows() {
        Zip::from(&mut var)
            .and(&row)
            .and(&mean)
            .for_each(|v, &a, &m| *v += (a - m) * (a - m));
    }
    let std = var.mapv(|v| {
        let s = (v / n).sqrt();
        if s > F::zero() { s } else { F::one() }
    });
    (mean, std)
}

/// Standardisation with index loops over columns: `x[[i, j]]` walks down each column of a
/// row-major array (stride `p`), three passes, bounds checks everywhere.
///
/// # Errors
/// [`Error::Empty`] for an array without rows.
pub fn standardize_naive<F: Float, S: Data<Elem = F>>(x: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
    non_empty("standardize_naive", x)?;
    let (n, p) = x.dim();
    let nf = F::from_f64(n as f64);
    let mut out = Array2::zeros((n, p));
    for j in 0..p {
        let mut s = F::zero();
        for i in 0..n {
            s += x[[i, j]];
        }
        let m = s / nf;
        let mut v = F::zero();
        for i in 0..n {
            v += (x[[i, j]] - m) * (x[[i, j]] - m);
        }
        let mut sd = (v / nf).sqrt();
        if sd <= F::zero() {
            sd = F::one();
        }
        for i in 0..n {
            out[[i, j]] = (x[[i, j]] - m) / sd;
        }
    }
    Ok(out)
}

/// Standardisation in place with `Zip`, row by row (contiguous): statistics in two passes
/// over rows, then one fused pass `x = (x - m) * (1 / s)`. No allocation but the two
/// statistics vectors.
///
/// # Errors
/// [`Error::Empty`] for an array without rows.
pub fn standardize_zip<F: Float>(x: &mut Array2<F>) -> Result<()> {
    non_empty("standardize_zip", x)?;
    let (mean, std) = column_mean_std(x);
    let inv = std.mapv(|s| F::one() / s);
    for mut row in x.rows_mut() {
        Zip::from(&mut row)
            .and(&mean)
            .and(&inv)
            .for_each(|v, &m, &r| *v = (*v - m) * r);
    }
    Ok(())
}

/// Standardisation as the NumPy expression `(x - mean) / std` with broadcasting: two full
/// temporaries (`x - mean`, then the quotient), three passes over memory.
///
/// # Errors
/// [`Error::Empty`] for an array without rows.
pub fn standardize_expr<F: Float, S: Data<Elem = F>>(x: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
    non_empty("standardize_expr", x)?;
    let (mean, std) = column_mean_std(x);
    Ok((x - &mean) / &std)
}

/// Standardisation in place, parallel: column statistics reduced over row blocks in
/// parallel (`fold` + `reduce`), then `par_azip!` over the rows.
///
/// # Errors
/// [`Error::Empty`] for an array without rows.
pub fn standardize_par<F: Float>(x: &mut Array2<F>) -> Result<()> {
    non_empty("standardize_par", x)?;
    let (n, p) = x.dim();
    let nf = F::from_f64(n as f64);
    let sum_rows =
        |acc: Array1<F>, block: ndarray::ArrayView2<'_, F>| acc + block.sum_axis(Axis(0));
    let sum = x
        .axis_chunks_iter(Axis(0), 1024)
        .into_par_iter()
        .fold(|| Array1::zeros(p), sum_rows)
        .reduce(|| Array1::zeros(p), |a, b| a + b);
    let mean = sum / nf;
    let var = x
        .axis_chunks_iter(Axis(0), 1024)
        .into_par_iter()
        .fold(
            || Array1::<F>::zeros(p),
            |mut acc, block| {
                for row in block.rows() {
                    Zip::from(&mut acc)
                        .and(&row)
                        .and(&mean)
                        .for_each(|v, &a, &m| *v += (a - m) * (a - m));
                }
                acc
            },
        )
        .reduce(|| Array1::zeros(p), |a, b| a + b);
    let inv = var.mapv(|v| {
        let s = (v / nf).sqrt();
        if s > F::zero() {
            F::one() / s
        } else {
            F::one()
        }
    });
    let mean_row = mean.view().insert_axis(Axis(0));
    let inv_row = inv.view().insert_axis(Axis(0));
    let mean_b = mean_row.broadcast((n, p)).expect("row broadcasts");
    let inv_b = inv_row.broadcast((n, p)).expect("row broadcasts");
    ndarray::par_azip!((v in x, &m in &mean_b, &r in &inv_b) *v = (*v - m) * r);
    Ok(())
}

/// Row softmax with index loops and a fresh `Vec` of exponentials per row.
///
/// # Errors
/// [`Error::Empty`] for an array without rows.
pub fn softmax_naive<F: Float, S: Data<Elem = F>>(x: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
    non_empty("softmax_naive", x)?;
    let (n, p) = x.dim();
    let mut out = Array2::zeros((n, p));
    for i in 0..n {
        let mut m = F::neg_infinity();
        for j in 0..p {
            m = m.max(x[[i, j]]);
        }
        let e: Vec<F> = (0..p).map(|j| (x[[i, j]] - m).exp()).collect();
        let s = e.iter().fold(F::zero(), |a, &b| a + b);
        for j in 0..p {
            out[[i, j]] = e[j] / s;
        }
    }
    Ok(out)
}

fn softmax_row<F: Float>(mut row: ndarray::ArrayViewMut1<'_, F>) {
    let m = row.fold(F::neg_infinity(), |a, &b| a.max(b));
    let mut s = F::zero();
    row.map_inplace(|v| {
        *v = (*v - m).exp();
        s += *v;
    });
    let r = F::one() / s;
    row.map_inplace(|v| *v *= r);
}

/// Row softmax on a copy, each row in place: max, fused `exp` + sum, scale. No allocation
/// per row.
///
/// # Errors
/// [`Error::Empty`] for an array without rows.
pub fn softmax_zip<F: Float, S: Data<Elem = F>>(x: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
    non_empty("softmax_zip", x)?;
    let mut out = x.to_owned();
    out.rows_mut().into_iter().for_each(softmax_row);
    Ok(out)
}

/// [`softmax_zip`] with rows spread over rayon's threads.
///
/// # Errors
/// [`Error::Empty`] for an array without rows.
pub fn softmax_par<F: Float, S: Data<Elem = F>>(x: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
    non_empty("softmax_par", x)?;
    let mut out = x.to_owned();
    out.axis_iter_mut(Axis(0))
        .into_par_iter()
        .for_each(softmax_row);
    Ok(out)
}
