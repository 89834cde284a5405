//! # 2.1 Products: `np.dot`, `np.matmul` (`@`), `np.outer`, `np.inner`, `np.kron`, `.T`
//!
//! | NumPy | Rust (this crate) | result |
//! |---|---|---|
//! | `A @ B`, `np.matmul(A, B)` | [`matmul(&a, &b)?`](matmul) | `(m, k) @ (k, n) -> (m, n)` |
//! | `A @ x` | [`matmul(&a, &x)?`](matmul) | `(m, k) @ (k,) -> (m,)` |
//! | `X @ W` with `X` of shape `(batch, m, k)` | [`matmul(&x, &w)?`](matmul) | `(batch, m, n)`: stacked matrices, broadcast |
//! | `np.dot(a, b)` | [`dot(&a, &b)?`](dot) | same as `@` for 1-D/2-D; N-D: sum over last axis of `a` and second-to-last of `b` |
//! | `np.inner(x, y)`, `x @ y` | [`inner(&x, &y)?`](inner) | scalar |
//! | `np.outer(x, y)` | [`outer(&x, &y)`](outer) | `(len(x), len(y))` |
//! | `X.T @ X` (NumPy calls BLAS `syrk`) | [`gram(&x)?`](gram), blockwise [`gram_lower_into`] | `(p, p)`, symmetric, half the flops |
//! | `np.kron(A, B)` | [`kron(&a, &b)?`](kron) | `(m p, n q)` |
//! | `A.T`, `np.transpose(A)` | `a.t()`, [`transpose(&a)`](transpose) | a view, no copy |
//! | `A.mT`, `np.matrix_transpose(A)` | [`matrix_transpose(&a)?`](matrix_transpose) | swaps the last two axes, a view |
//! | `A.dot(B)` with ndarray | `a.dot(&b)` | panics on a shape mismatch; single-threaded |
//!
//! ```
//! use ndarray::{array, Array3};
//! use linalg::matmul;
//!
//! let a = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]; // (3, 2)
//! let b = array![[1.0, 0.0, 2.0], [0.0, 1.0, 3.0]];   // (2, 3)
//! let c = matmul(&a, &b)?;                             // a @ b, (3, 3)
//! assert_eq!(c, array![[1.0, 2.0, 8.0], [3.0, 4.0, 18.0], [5.0, 6.0, 28.0]]);
//!
//! // A vector on the right is a column, and the result is 1-D, like NumPy.
//! let y = matmul(&a, &array![1.0, 1.0])?;
//! assert_eq!(y, array![3.0, 7.0, 11.0]);
//!
//! // Stacked matrices: (4, 3, 2) @ (2, 3) -> (4, 3, 3); the 2-D operand is broadcast.
//! let batch = Array3::<f64>::ones((4, 3, 2));
//! assert_eq!(matmul(&batch, &b)?.shape(), &[4, 3, 3]);
//!
//! // A mismatch is an error naming both shapes, not a panic.
//! let err = matmul(&a, &a).unwrap_err();
//! assert_eq!(err.to_string(), "matmul: shapes (3, 2) and (3, 2) are not aligned: 2 != 3");
//! # Ok::<(), linalg::Error>(())
//! ```
//!
//! ## The `@` rule (`np.matmul`)
//! 1. Both operands 2-D: the matrix product.
//! 2. A 1-D operand is promoted to a matrix (a row `(1, k)` on the left, a column `(k, 1)` on
//!    the right) and the added axis is removed from the result.
//! 3. More than 2-D: a stack of matrices in the last two axes; the leading (batch) axes
//!    broadcast like elementwise arithmetic (`(8, 1, m, k) @ (5, k, n) -> (8, 5, m, n)`).
//!
//! The output type follows the input types: `Array2 @ Array2 -> Array2`,
//! `Array2 @ Array1 -> Array1`, `Array1 @ Array1 -> Array0`, `Array3 @ Array2 -> Array3`,
//! `ArrayD @ ArrayD -> ArrayD` (see [`MatmulDim`]).
//!
//! `np.dot` differs from `@` only for N-D operands: `np.dot(a, b)[i, j, k, m] =
//! sum(a[i, j, :] * b[k, :, m])` (every pair of stacks), while `@` pairs stack `i` with stack
//! `i`. Prefer `matmul` for batches.
//!
//! ## Cost and engine
//! An `(m, k) @ (k, n)` product costs `2 m k n` flops and moves `m k + k n + m n` numbers, so
//! it is compute-bound: a good GEMM runs at the peak of the cores. Three engines are
//! available ([`Engine`]):
//! - ndarray's `.dot` (the `matrixmultiply` crate): one thread, low overhead;
//! - faer's GEMM: SIMD kernels, parallel over rayon;
//! - this crate's own blocked GEMM (`Engine::Blocked`), written the way BLIS and OpenBLAS
//!   write theirs, for large products on x86-64 with AVX2 + FMA.
//!
//! [`matmul_engine`] picks by size: below [`PARALLEL_GEMM_THRESHOLD`] multiply-adds the
//! thread start-up costs more than it saves, so ndarray's runs; large products with both
//! sides at least [`BLOCKED_MIN_MN`] go to the blocked engine, the rest to faer's. The
//! thresholds were measured with `cargo bench -p linalg -- crossover` and a probe (see the
//! crate docs, section *Speed*).
//!
//! ### Inside the blocked engine
//! A product does `2 m k n` flops on `m k + k n` inputs, so each number can be reused many
//! times; the art is to have it in a fast cache when it is. The engine cuts the product in
//! three levels of blocks, one per cache, and copies ("packs") each block of `A` and `B` into
//! the order the innermost loop reads it:
//!
//! | block | size (`f64`) | lives in | reused |
//! |---|---|---|---|
//! | `B[pc.., jc..]`, packed | `512 x 4080` | L3 | by every block of rows |
//! | `A[ic.., pc..]`, packed | `72 x 512` (288 KiB) | L2 | by every panel of `B` |
//! | a panel of `B` | `512 x 8` (32 KiB) | L1 | by the 12 tiles of the `A` block |
//! | a tile of `C` | `6 x 8` | 12 registers | for all 512 steps of `k` |
//!
//! The innermost loop (the *micro-kernel*) does, for each step `p`, `C_tile += A[.., p] B[p, ..]`:
//! two vector loads of `B`, six broadcasts of `A` and twelve fused multiply-adds, so the
//! two FMA units of a core are always busy. The blocks of rows are spread over the threads in
//! equal shares. On the course machine this is level with OpenBLAS (the BLAS under NumPy) on
//! `(2048, 2048)` products in `f64` and `(1024, 1024)` in `f32`, where faer's GEMM is 10-50%
//! behind; figures in BENCHMARKS.md.
//!
//! On a CPU with AVX-512 the same loops run a wider kernel: a `14 x 16` tile (`f64`) in 28 of
//! the 32 512-bit registers, with `KC` 512 and `MC` 84. The `512 x 16` panel of `B` (64 KiB)
//! no longer fits in L1 and streams from L2, but each step of `KC` loads and stores all of
//! `C`, so longer steps mean fewer passes over `C`: that won 5-10% over `KC` 256. NumPy's
//! OpenBLAS switches to 512-bit kernels on such a CPU too. Measured on one, the `f64` 2048
//! product took 0.265 s with the 256-bit kernel, 0.158 s with the 512-bit one and `KC` 256,
//! and 0.137 s with `KC` 512; NumPy took 0.153 s in the same run.
//!
//! Results of 4 MiB or more are allocated the way NumPy allocates its arrays: the memory is
//! advised for transparent huge pages on Linux, so writing a fresh `(2048, 2048)` result
//! takes 16 page faults instead of 8192 (6% of that product's time here). The blocked engine
//! writes every element of its result, so that memory is never zeroed first (`np.empty`, not
//! `np.zeros`).
//!
//! Transposes are free: `a.t()` is a view with swapped strides, and both engines read
//! transposed (column-major) operands at full speed. Never `.to_owned()` a transpose before
//! a product.
//!
//! ## When not to use
//! - Do not compute `inv(A) @ b`; use [`solve`](crate::solve) (section 2.2).
//! - Do not form `A.T @ A` to solve least squares when `A` is ill-conditioned; use
//!   [`lstsq`](crate::lstsq).
//! - For a million tiny `(3, 3)` products, a batched `matmul` on an `Array3` beats a loop
//!   of calls: the batch is split across threads once.

use crate::Float;
use crate::alloc;
use crate::convert::{as_faer, check_result_size, shape_of};
use crate::error::{Error, Result, Shape};
use faer_ext::IntoFaer;
use ndarray::{
    Array, Array2, ArrayBase, ArrayD, ArrayView, ArrayView2, ArrayViewD, ArrayViewMut2, Axis, Data,
    Dimension, Ix0, Ix1, Ix2, Ix3, Ix4, IxDyn, linalg::general_mat_mul, s,
};
use rayon::prelude::*;

/// Products with at least this many multiply-adds (`m * k * n`) go to a parallel GEMM
/// (faer's or [`Engine::Blocked`]); smaller ones to ndarray's single-threaded `.dot`.
///
/// `96^3`: measured on 2 cores (crate docs, section *Speed*). At `64^3` ndarray's single
/// thread is faster (17 µs against 26 µs); from `96^3` faer's two threads win (43 µs
/// against 54 µs) and the gap grows with the size.
pub const PARALLEL_GEMM_THRESHOLD: usize = 96 * 96 * 96;

/// Products with both `m` and `n` at least this large (and `k` at least [`BLOCKED_MIN_K`])
/// go to [`Engine::Blocked`] where the CPU has AVX2 + FMA.
///
/// Measured on 2 cores (`f64`, medians of 7): from `(256, 256) @ (256, 256)` the blocked
/// engine is level with faer's and ndarray's, and ahead from 512 (4.7 ms against 4.9 ms for
/// faer and 5.4 ms for ndarray). Below that, and for thin shapes such as
/// `(60000, 784) @ (784, 10)`, packing both operands costs more than it saves (58 ms against
/// faer's 42 ms).
pub const BLOCKED_MIN_MN: usize = 256;

/// The smallest inner dimension `k` for [`Engine::Blocked`]; see [`BLOCKED_MIN_MN`].
pub const BLOCKED_MIN_K: usize = 128;

/// Which engine [`matmul`] uses for a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// ndarray's `.dot` (`general_mat_mul`, the `matrixmultiply` crate), one thread.
    Ndarray,
    /// faer's GEMM on the global rayon pool.
    FaerParallel,
    /// This crate's own cache-blocked GEMM (the BLIS design: packed operands, a `6 x 8`
    /// register tile of AVX2 + FMA instructions, or `14 x 16` of AVX-512 where the CPU has
    /// it), on the global rayon pool. x86-64 CPUs with AVX2 and FMA only; elsewhere
    /// [`matmul_with`] runs faer's GEMM in its place.
    Blocked,
}

/// The engine [`matmul`] uses for an `(m, k) @ (k, n)` product.
///
/// ```
/// use linalg::{matmul_engine, Engine};
/// assert_eq!(matmul_engine(16, 16, 16), Engine::Ndarray);
/// // Thin: one side below BLOCKED_MIN_MN.
/// assert_eq!(matmul_engine(60_000, 784, 10), Engine::FaerParallel);
/// // Large: the blocked engine where the CPU has AVX2 + FMA, faer's elsewhere.
/// let big = matmul_engine(1024, 1024, 1024);
/// assert!(big == Engine::Blocked || big == Engine::FaerParallel);
/// ```
pub fn matmul_engine(m: usize, k: usize, n: usize) -> Engine {
    let work = m.saturating_mul(k).saturating_mul(n);
    if work >= PARALLEL_GEMM_THRESHOLD {
        if m.min(n) >= BLOCKED_MIN_MN && k >= BLOCKED_MIN_K && crate::gemm::available() {
            Engine::Blocked
        } else {
            Engine::FaerParallel
        }
    } else {
        Engine::Ndarray
    }
}

/// `c = a @ b` for 2-D views, on the given engine. `c` must have the right shape.
pub(crate) fn gemm_into<T: Float>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    mut c: ArrayViewMut2<'_, T>,
    engine: Engine,
) {
    match engine {
        Engine::Ndarray => general_mat_mul(T::one(), &a, &b, T::zero(), &mut { c }),
        Engine::Blocked if crate::gemm::gemm(a, b, c.view_mut(), false) => {}
        Engine::FaerParallel | Engine::Blocked => faer::linalg::matmul::matmul(
            c.into_faer(),
            faer::Accum::Replace,
            as_faer(a),
            as_faer(b),
            T::one(),
            faer::Par::rayon(0),
        ),
    }
}

/// `a @ b` for 2-D views with aligned shapes, on the engine [`matmul_engine`] picks.
pub(crate) fn gemm<T: Float>(a: ArrayView2<'_, T>, b: ArrayView2<'_, T>) -> Array2<T> {
    let (m, k) = a.dim();
    let n = b.ncols();
    let engine = matmul_engine(m, k, n);
    if engine == Engine::Blocked
        && let Some(c) = crate::gemm::product(a, b)
    {
        return c;
    }
    let mut c = alloc::zeros((m, n));
    if m > 0 && n > 0 {
        if k == 0 {
            return c;
        }
        gemm_into(a, b, c.view_mut(), engine);
    }
    c
}

/// A 2-D product on an explicit engine, for benchmarks and for checking one engine against
/// the other. Prefer [`matmul`], which checks shapes and picks the engine.
///
/// # Errors
/// [`Error::NotAligned`] if `a.ncols() != b.nrows()`.
pub fn matmul_with<T: Float, S1, S2>(
    a: &ArrayBase<S1, Ix2>,
    b: &ArrayBase<S2, Ix2>,
    engine: Engine,
) -> Result<Array2<T>>
where
    S1: Data<Elem = T>,
    S2: Data<Elem = T>,
{
    if a.ncols() != b.nrows() {
        return Err(not_aligned("matmul", a, b, a.ncols(), b.nrows()));
    }
    check_result_size::<T>("matmul", &[a.nrows(), b.ncols()])?;
    let mut c = alloc::zeros((a.nrows(), b.ncols()));
    if !c.is_empty() && a.ncols() > 0 {
        gemm_into(a.view(), b.view(), c.view_mut(), engine);
    }
    Ok(c)
}

fn not_aligned<S1: Data, S2: Data, D1: Dimension, D2: Dimension>(
    op: &'static str,
    a: &ArrayBase<S1, D1>,
    b: &ArrayBase<S2, D2>,
    left: usize,
    right: usize,
) -> Error {
    Error::NotAligned {
        op,
        lhs: shape_of(a),
        rhs: shape_of(b),
        left,
        right,
    }
}

/// The dimension of `matmul(a, b)` given the dimensions of `a` (`Self`) and `b` (`Rhs`).
///
/// Implemented for the combinations NumPy allows with a fixed number of axes
/// (`1-D`, `2-D`, `3-D`, `4-D`) and for `IxDyn` with `IxDyn`.
pub trait MatmulDim<Rhs: Dimension>: Dimension {
    /// The dimension of the product.
    type Output: Dimension;
}

/// The dimension of `dot(a, b)` given the dimensions of `a` (`Self`) and `b` (`Rhs`).
///
/// `np.dot` contracts the last axis of `a` with the second-to-last of `b` (the only axis
/// of a 1-D `b`), so the result has `a.ndim + b.ndim - 2` axes.
pub trait DotDim<Rhs: Dimension>: Dimension {
    /// The dimension of the product.
    type Output: Dimension;
}

macro_rules! dims {
    ($trait:ident: $($a:ty, $b:ty => $o:ty;)*) => {
        $(impl $trait<$b> for $a { type Output = $o; })*
    };
}

dims! { MatmulDim:
    Ix1, Ix1 => Ix0;
    Ix1, Ix2 => Ix1;
    Ix2, Ix1 => Ix1;
    Ix2, Ix2 => Ix2;
    Ix3, Ix1 => Ix2;
    Ix1, Ix3 => Ix2;
    Ix3, Ix2 => Ix3;
    Ix2, Ix3 => Ix3;
    Ix3, Ix3 => Ix3;
    Ix4, Ix2 => Ix4;
    Ix4, Ix4 => Ix4;
    IxDyn, IxDyn => IxDyn;
}

dims! { DotDim:
    Ix1, Ix1 => Ix0;
    Ix1, Ix2 => Ix1;
    Ix2, Ix1 => Ix1;
    Ix2, Ix2 => Ix2;
    Ix3, Ix1 => Ix2;
    Ix3, Ix2 => Ix3;
    IxDyn, IxDyn => IxDyn;
}

/// Matrix product with NumPy's `@` rule: `np.matmul(a, b)`.
///
/// 1-D operands are promoted to a row (left) or a column (right) and the added axis is
/// removed from the result; operands with more than two axes are stacks of matrices whose
/// leading axes broadcast. See the [module docs](self) for the rule and a table.
///
/// Cost: `2 m k n` flops per matrix; large products run on a parallel GEMM
/// ([`matmul_engine`]), stacks of small matrices are split across threads.
///
/// ```
/// use ndarray::array;
/// // np.array([[1., 2.], [3., 4.]]) @ np.array([[5.], [6.]])
/// let c = linalg::matmul(&array![[1.0, 2.0], [3.0, 4.0]], &array![[5.0], [6.0]])?;
/// assert_eq!(c, array![[17.0], [39.0]]);
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// - [`Error::NotAligned`] when the contracted lengths differ:
///   `"matmul: shapes (3, 4) and (5, 2) are not aligned: 4 != 5"`;
/// - [`Error::NotBroadcastable`] when batch axes do not broadcast;
/// - [`Error::WrongNdim`] for a 0-D operand (NumPy: use `*` for scalars).
///
/// NaN and inf propagate like in NumPy (they are not an error for products).
pub fn matmul<T, S1, S2, D1, D2>(
    a: &ArrayBase<S1, D1>,
    b: &ArrayBase<S2, D2>,
) -> Result<Array<T, <D1 as MatmulDim<D2>>::Output>>
where
    T: Float,
    S1: Data<Elem = T>,
    S2: Data<Elem = T>,
    D1: MatmulDim<D2>,
    D2: Dimension,
{
    let out = matmul_dyn(a.view().into_dyn(), b.view().into_dyn())?;
    Ok(out
        .into_dimensionality()
        .expect("MatmulDim gives the number of axes of the product"))
}

fn matmul_dyn<T: Float>(a: ArrayViewD<'_, T>, b: ArrayViewD<'_, T>) -> Result<ArrayD<T>> {
    const OP: &str = "matmul";
    check_not_scalar(OP, &a)?;
    check_not_scalar(OP, &b)?;
    // Promote 1-D operands: (k,) -> (1, k) on the left, (k, 1) on the right.
    let a_vec = a.ndim() == 1;
    let b_vec = b.ndim() == 1;
    let a2 = if a_vec {
        a.clone().insert_axis(Axis(0))
    } else {
        a.clone()
    };
    let b2 = if b_vec {
        b.clone().insert_axis(Axis(1))
    } else {
        b.clone()
    };
    let (m, k) = (a2.shape()[a2.ndim() - 2], a2.shape()[a2.ndim() - 1]);
    let (k2, n) = (b2.shape()[b2.ndim() - 2], b2.shape()[b2.ndim() - 1]);
    if k != k2 {
        return Err(not_aligned(OP, &a, &b, k, k2));
    }
    let batch_a = &a2.shape()[..a2.ndim() - 2];
    let batch_b = &b2.shape()[..b2.ndim() - 2];
    let batch = broadcast_shapes(batch_a, batch_b).ok_or_else(|| Error::NotBroadcastable {
        op: OP,
        lhs: shape_of(&a),
        rhs: shape_of(&b),
    })?;

    let mut out_shape = batch.clone();
    out_shape.extend([m, n]);
    check_result_size::<T>(OP, &out_shape)?;
    let out = if batch.is_empty() {
        let a2 = a2.into_dimensionality::<Ix2>().expect("2-D");
        let b2 = b2.into_dimensionality::<Ix2>().expect("2-D");
        gemm(a2, b2).into_dyn()
    } else {
        batched(a2, b2, &batch, m, k, n)
    };
    debug_assert_eq!(out.shape(), &out_shape[..]);

    // Remove the axes added to 1-D operands: the row axis (-2) for `a`, then the column
    // axis (-1) for `b`.
    let mut out = out;
    if a_vec {
        let row_axis = Axis(out.ndim() - 2);
        out = out.index_axis_move(row_axis, 0);
    }
    if b_vec {
        let last = Axis(out.ndim() - 1);
        out = out.index_axis_move(last, 0);
    }
    Ok(out)
}

fn check_not_scalar<T>(op: &'static str, x: &ArrayViewD<'_, T>) -> Result<()> {
    if x.ndim() == 0 {
        return Err(Error::WrongNdim {
            op,
            expected: "an array with at least 1 dimension (use * for scalars)",
            shape: shape_of(x),
        });
    }
    Ok(())
}

/// NumPy's broadcasting of two shapes (right-aligned; a 1 stretches), or `None`.
fn broadcast_shapes(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    let nd = a.len().max(b.len());
    let mut out = vec![0; nd];
    for i in 0..nd {
        let da = if i < nd - a.len() {
            1
        } else {
            a[i - (nd - a.len())]
        };
        let db = if i < nd - b.len() {
            1
        } else {
            b[i - (nd - b.len())]
        };
        out[i] = match (da, db) {
            (x, y) if x == y => x,
            (1, y) => y,
            (x, 1) => x,
            _ => return None,
        };
    }
    Some(out)
}

/// The matrix at flat batch index `flat` of a view broadcast to `batch + (r, c)`.
fn batch_item<'a, T>(x: &ArrayViewD<'a, T>, batch: &[usize], flat: usize) -> ArrayView2<'a, T> {
    let mut v = x.clone();
    // Unravel `flat` (row-major) into a batch index, right-aligned against `x`'s batch axes.
    let x_batch = x.ndim() - 2;
    let offset = batch.len() - x_batch;
    let mut rem = flat;
    let mut idx = vec![0; batch.len()];
    for (d, &len) in batch.iter().enumerate().rev() {
        idx[d] = rem % len;
        rem /= len;
    }
    for d in 0..x_batch {
        let i = if x.shape()[d] == 1 {
            0
        } else {
            idx[d + offset]
        };
        v = v.index_axis_move(Axis(0), i);
    }
    v.into_dimensionality::<Ix2>()
        .expect("2-D after removing batch axes")
}

fn batched<T: Float>(
    a: ArrayViewD<'_, T>,
    b: ArrayViewD<'_, T>,
    batch: &[usize],
    m: usize,
    k: usize,
    n: usize,
) -> ArrayD<T> {
    let count: usize = batch.iter().product();
    let mut out = alloc::zeros((count, m, n));
    if count > 0 && m > 0 && n > 0 && k > 0 {
        let engine = matmul_engine(m, k, n);
        if engine != Engine::Ndarray || count == 1 {
            // Big matrices: one at a time, each product parallel inside.
            for (i, c) in out.outer_iter_mut().enumerate() {
                gemm_into(
                    batch_item(&a, batch, i),
                    batch_item(&b, batch, i),
                    c,
                    engine,
                );
            }
        } else {
            // Many small matrices: split the stack across threads.
            out.axis_iter_mut(Axis(0))
                .into_par_iter()
                .enumerate()
                .for_each(|(i, c)| {
                    gemm_into(
                        batch_item(&a, batch, i),
                        batch_item(&b, batch, i),
                        c,
                        Engine::Ndarray,
                    )
                });
        }
    }
    let mut shape = batch.to_vec();
    shape.extend([m, n]);
    out.into_shape_with_order(shape)
        .expect("contiguous output reshapes")
}

/// `np.dot(a, b)`: the matrix product for 1-D and 2-D operands, and for N-D operands the sum
/// over the last axis of `a` and the second-to-last axis of `b`
/// (`dot(a, b)[i, j, k, m] = sum(a[i, j, :] * b[k, :, m])`).
///
/// For 1-D and 2-D operands `dot` and [`matmul`] are the same function; for stacks of
/// matrices you almost always want [`matmul`].
///
/// ```
/// use ndarray::array;
/// let x = array![1.0, 2.0, 3.0];
/// let y = array![4.0, 5.0, 6.0];
/// let d = linalg::dot(&x, &y)?;           // np.dot(x, y) -> 32.0, a 0-D array
/// assert_eq!(d.into_scalar(), 32.0);
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::NotAligned`] (`"dot: shapes (2, 3) and (2,) are not aligned: 3 != 2"`);
/// [`Error::WrongNdim`] for a 0-D operand (multiply with `*` instead).
pub fn dot<T, S1, S2, D1, D2>(
    a: &ArrayBase<S1, D1>,
    b: &ArrayBase<S2, D2>,
) -> Result<Array<T, <D1 as DotDim<D2>>::Output>>
where
    T: Float,
    S1: Data<Elem = T>,
    S2: Data<Elem = T>,
    D1: DotDim<D2>,
    D2: Dimension,
{
    let out = dot_dyn(a.view().into_dyn(), b.view().into_dyn())?;
    Ok(out
        .into_dimensionality()
        .expect("DotDim gives the number of axes of the product"))
}

fn dot_dyn<T: Float>(a: ArrayViewD<'_, T>, b: ArrayViewD<'_, T>) -> Result<ArrayD<T>> {
    const OP: &str = "dot";
    check_not_scalar(OP, &a)?;
    check_not_scalar(OP, &b)?;
    let k = a.shape()[a.ndim() - 1];
    let kb_axis = if b.ndim() == 1 { 0 } else { b.ndim() - 2 };
    let kb = b.shape()[kb_axis];
    if k != kb {
        return Err(not_aligned(OP, &a, &b, k, kb));
    }
    // a as (rows, k): all leading axes of `a` flattened.
    let rows: usize = a.shape()[..a.ndim() - 1].iter().product();
    let a2 = a
        .to_shape((rows, k))
        .expect("any array reshapes (copying if needed)");
    // b as (k, cols): the contracted axis moved first, the others flattened.
    let mut b_axes: Vec<usize> = (0..b.ndim()).collect();
    b_axes.remove(kb_axis);
    b_axes.insert(0, kb_axis);
    let b_perm = b.clone().permuted_axes(b_axes);
    let cols: usize = b_perm.shape()[1..].iter().product();
    let b2 = b_perm
        .to_shape((k, cols))
        .expect("any array reshapes (copying if needed)");
    let mut shape: Vec<usize> = a.shape()[..a.ndim() - 1].to_vec();
    shape.extend(b_perm.shape()[1..].iter().copied());
    check_result_size::<T>(OP, &shape)?;
    let c = gemm(a2.view(), b2.view());
    Ok(c.into_shape_with_order(IxDyn(&shape))
        .expect("contiguous output reshapes"))
}

/// `np.inner(x, y)` for vectors: `sum(x * y)`.
///
/// Cost `2n` flops. For matrices NumPy's `np.inner(A, B)` is `A @ B.T`: write
/// `matmul(&a, &b.t())`.
///
/// ```
/// use ndarray::array;
/// assert_eq!(linalg::inner(&array![1.0, 2.0], &array![3.0, 4.0])?, 11.0);
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::NotAligned`] when the lengths differ.
pub fn inner<T, S1, S2>(x: &ArrayBase<S1, Ix1>, y: &ArrayBase<S2, Ix1>) -> Result<T>
where
    T: Float,
    S1: Data<Elem = T>,
    S2: Data<Elem = T>,
{
    if x.len() != y.len() {
        return Err(not_aligned("inner", x, y, x.len(), y.len()));
    }
    Ok(x.dot(y))
}

/// The Gram matrix `a.T @ a` (`(p, p)` for `a` of shape `(n, p)`), symmetric, computed one
/// triangle at a time: BLAS's `syrk`, which NumPy also calls for `a.T @ a`.
///
/// Only the lower triangle is computed (half the `n p^2` multiply-adds of a general
/// product), then mirrored. This is the covariance product of PCA and the normal
/// equations: `np.cov(X, rowvar=False) == gram(X - X.mean(0)) / (n - 1)`.
///
/// ```
/// use ndarray::array;
/// let a = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
/// assert_eq!(linalg::gram(&a)?, a.t().dot(&a)); // [[35, 44], [44, 56]]
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// An input with no rows gives the `(p, p)` zero matrix, as NumPy does.
///
/// # Errors
/// [`Error::TooLarge`] when `p * p` overflows (only possible for an input with no rows and
/// an enormous number of columns).
pub fn gram<T: Float, S: Data<Elem = T>>(a: &ArrayBase<S, Ix2>) -> Result<Array2<T>> {
    let p = a.ncols();
    check_result_size::<T>("gram", &[p, p])?;
    let mut c = Array2::zeros((p, p));
    gram_lower_into(a.view(), c.view_mut(), false)?;
    mirror_lower(c.view_mut())?;
    Ok(c)
}

/// Writes (`accumulate == false`) or adds (`true`) `a.T @ a` into the **lower triangle**
/// (diagonal included) of `c`; the strict upper triangle is not touched.
///
/// The building block of [`gram`] for data that arrives in blocks of rows:
/// `X.T @ X = sum_b X_b.T @ X_b`, so a tall matrix can be processed block by block (each
/// block transformed on the fly, e.g. centred, and never stored whole). Finish with
/// [`mirror_lower`].
///
/// At the sizes where [`matmul`] uses [`Engine::Blocked`] (`p >= BLOCKED_MIN_MN`, `n >=
/// BLOCKED_MIN_K`), this runs on that engine, which skips the tiles of `C` above the
/// diagonal: about `n p^2 / 2` multiply-adds plus a band of tiles along the diagonal. For the
/// centred covariance of a `60000 x 784` `f32` matrix in blocks of 4096 rows (PCA's on
/// MNIST) that took 219 ms against 257 ms on faer's triangular GEMM (medians of 21
/// alternated), which runs the other sizes (parallel over rayon when `n p^2 / 2` reaches
/// [`PARALLEL_GEMM_THRESHOLD`]).
///
/// # Errors
/// [`Error::NotAligned`] when `c` is not `(p, p)` for `a` of shape `(n, p)`.
pub fn gram_lower_into<T: Float>(
    a: ArrayView2<'_, T>,
    c: ArrayViewMut2<'_, T>,
    accumulate: bool,
) -> Result<()> {
    let (n, p) = a.dim();
    if c.dim() != (p, p) {
        return Err(Error::NotAligned {
            op: "gram_lower_into",
            lhs: shape_of(&a),
            rhs: shape_of(&c),
            left: p,
            right: c.nrows(),
        });
    }
    if p == 0 {
        return Ok(());
    }
    let mut c = c;
    if n == 0 {
        if !accumulate {
            c.fill(T::zero());
        }
        return Ok(());
    }
    let work = n.saturating_mul(p).saturating_mul(p) / 2;
    // The same sizes as `matmul_engine`'s blocked engine (`a.T @ a` is `(p, n) @ (n, p)`).
    let blocked = work >= PARALLEL_GEMM_THRESHOLD && p >= BLOCKED_MIN_MN && n >= BLOCKED_MIN_K;
    if blocked && crate::gemm::gemm_lower(a.t(), a, c.view_mut(), accumulate) {
        return Ok(());
    }
    let par = if work >= PARALLEL_GEMM_THRESHOLD {
        faer::Par::rayon(0)
    } else {
        faer::Par::Seq
    };
    let accum = if accumulate {
        faer::Accum::Add
    } else {
        faer::Accum::Replace
    };
    use faer::linalg::matmul::triangular::{BlockStructure, matmul};
    matmul(
        c.into_faer(),
        BlockStructure::TriangularLower,
        accum,
        as_faer(a.t()),
        BlockStructure::Rectangular,
        as_faer(a),
        BlockStructure::Rectangular,
        T::one(),
        par,
    );
    Ok(())
}

/// Copies the lower triangle of a square matrix onto its upper triangle, making it
/// symmetric (the last step after [`gram_lower_into`]).
///
/// # Errors
/// [`Error::NotSquare`] when `c` is not square.
pub fn mirror_lower<T: Float>(mut c: ArrayViewMut2<'_, T>) -> Result<()> {
    if c.nrows() != c.ncols() {
        return Err(Error::NotSquare {
            op: "mirror_lower",
            shape: shape_of(&c),
        });
    }
    for i in 0..c.nrows() {
        for j in 0..i {
            c[[j, i]] = c[[i, j]];
        }
    }
    Ok(())
}

/// `np.outer(x, y)`: `out[i, j] = x[i] * y[j]`, a rank-one matrix.
///
/// Like NumPy, inputs of any shape are flattened first (row-major order). Cost `m n`
/// multiplications; the result is the only memory used.
///
/// ```
/// use ndarray::array;
/// let o = linalg::outer(&array![1.0, 2.0], &array![1.0, 10.0, 100.0]);
/// assert_eq!(o, array![[1.0, 10.0, 100.0], [2.0, 20.0, 200.0]]);
/// ```
pub fn outer<T, S1, S2, D1, D2>(x: &ArrayBase<S1, D1>, y: &ArrayBase<S2, D2>) -> Array2<T>
where
    T: Float,
    S1: Data<Elem = T>,
    S2: Data<Elem = T>,
    D1: Dimension,
    D2: Dimension,
{
    let xs: Vec<T> = x.iter().copied().collect();
    let ys: Vec<T> = y.iter().copied().collect();
    let mut out = Array2::zeros((xs.len(), ys.len()));
    for (mut row, &xi) in out.outer_iter_mut().zip(&xs) {
        for (o, &yj) in row.iter_mut().zip(&ys) {
            *o = xi * yj;
        }
    }
    out
}

/// `np.kron(A, B)`: the Kronecker product, the block matrix `[[a00 B, a01 B, ...], ...]`.
///
/// Shape `(m p, n q)` for `A: (m, n)`, `B: (p, q)`; cost `m n p q` multiplications, which
/// is also its size: keep the factors separate when you can
/// (`kron(A, B) @ vec(X) == vec(B X Aᵀ)` with column-major `vec`).
///
/// ```
/// use ndarray::array;
/// let k = linalg::kron(&array![[1.0, 2.0]], &array![[1.0], [10.0]])?;
/// assert_eq!(k, array![[1.0, 2.0], [10.0, 20.0]]);
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::TooLarge`] when `(m p, n q)` overflows (e.g. two `(2^40, 0)` operands: zero-size
/// inputs whose axis lengths multiply past `usize`).
pub fn kron<T, S1, S2>(a: &ArrayBase<S1, Ix2>, b: &ArrayBase<S2, Ix2>) -> Result<Array2<T>>
where
    T: Float,
    S1: Data<Elem = T>,
    S2: Data<Elem = T>,
{
    let (m, n) = a.dim();
    let (p, q) = b.dim();
    // An axis length that itself overflows is shown saturated at `usize::MAX`.
    let (rows, cols) = (m.saturating_mul(p), n.saturating_mul(q));
    if m.checked_mul(p).is_none() || n.checked_mul(q).is_none() {
        return Err(Error::TooLarge {
            op: "kron",
            shape: Shape(vec![rows, cols]),
        });
    }
    check_result_size::<T>("kron", &[rows, cols])?;
    let mut out = Array2::zeros((rows, cols));
    for ((i, j), &aij) in a.indexed_iter() {
        out.slice_mut(s![i * p..(i + 1) * p, j * q..(j + 1) * q])
            .zip_mut_with(b, |o, &bkl| *o = aij * bkl);
    }
    Ok(out)
}

/// `np.transpose(a)` / `a.T`: all axes reversed, as a view (no copy).
///
/// Same as ndarray's `a.t()`; given here so the NumPy name is findable. For a matrix this
/// is the transpose; for a stack `(batch, m, n)` it gives `(n, m, batch)`, which is rarely
/// what you want: use [`matrix_transpose`].
///
/// ```
/// use ndarray::array;
/// let a = array![[1.0, 2.0, 3.0]];
/// assert_eq!(linalg::transpose(&a), array![[1.0], [2.0], [3.0]]);
/// ```
pub fn transpose<T, S, D>(a: &ArrayBase<S, D>) -> ArrayView<'_, T, D>
where
    S: Data<Elem = T>,
    D: Dimension,
{
    a.t()
}

/// `np.matrix_transpose(a)` / `a.mT`: swaps the last two axes, as a view (no copy).
///
/// ```
/// use ndarray::Array3;
/// let x = Array3::<f64>::zeros((4, 2, 3));
/// assert_eq!(linalg::matrix_transpose(&x)?.shape(), &[4, 3, 2]);
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::WrongNdim`] for fewer than 2 axes.
pub fn matrix_transpose<T, S, D>(a: &ArrayBase<S, D>) -> Result<ArrayView<'_, T, D>>
where
    S: Data<Elem = T>,
    D: Dimension,
{
    let nd = a.ndim();
    if nd < 2 {
        return Err(Error::WrongNdim {
            op: "matrix_transpose",
            expected: "an array with at least 2 dimensions",
            shape: Shape(a.shape().to_vec()),
        });
    }
    let mut v = a.view();
    v.swap_axes(nd - 2, nd - 1);
    Ok(v)
}
