//! 6.3 Parallel computing: rayon, `par_azip!`, parallel reductions, threads sharing one map.
//!
//! | Python | Rust |
//! |---|---|
//! | `multiprocessing.Pool().map(f, chunks)` (pickles each chunk) | `x.axis_chunks_iter(Axis(0), k).into_par_iter().map(f)` (borrows, no copy) |
//! | `np.add(a * b, c, out=out)` on all cores (numexpr) | `par_azip!((o in &mut out, &a in &a, &b in &b, &c in &c) *o = a * b + c)` ([`par_fma`]) |
//! | `sum(pool.map(np.sum, chunks))` | [`par_sum`]: `par_chunks(k).map(..).sum()` |
//! | processes sharing a `np.memmap` | threads sharing one [`NpyMap`](crate::memmap::NpyMap) ([`par_column_stats`]) |
//! | `OMP_NUM_THREADS=1` | [`with_threads`]`(1, || ...)` or `RAYON_NUM_THREADS=1` |
//!
//! Python needs processes (and pickling, or shared memory) to use several cores on Python
//! code; Rust threads share the address space, and the borrow checker proves at compile
//! time that parallel closures only read shared data (`&ArrayView` is `Sync`) or write
//! disjoint parts (`axis_chunks_iter_mut`, `par_azip!`). A read-only memory map is shared
//! by reference between threads: every thread reads the same page cache, nothing is copied.
//!
//! ## When parallelism pays
//! Memory-bound kernels (`a * b + c`, sums) saturate memory bandwidth with one or two
//! cores; compute-bound ones (`exp`, `tanh`, distances, matmul) scale with cores. Each
//! rayon task costs about a microsecond, so chunks should hold at least ~10^4 elements.
//! `examples/custom_activation.rs` and the benches measure 1 vs 2 threads on this
//! 2-core machine.
//!
//! ```
//! use ndarray::Array1;
//! use performance::parallel::{par_sum, with_threads};
//! let x: Vec<f32> = (0..100_000).map(|i| (i % 10) as f32).collect();
//! let one = with_threads(1, || par_sum(&x, 4096))?;
//! let two = with_threads(2, || par_sum(&x, 4096))?;
//! assert_eq!(one, 450_000.0);
//! assert_eq!(one, two);
//! # Ok::<(), performance::Error>(())
//! ```

use ndarray::{Array, ArrayView2, Axis, Dimension, Zip};
use rayon::prelude::*;

use crate::Float;
use crate::error::{Error, Result};
use crate::memmap::ColumnStats;

/// Runs `f` on a rayon pool of exactly `n` threads (for scaling measurements; normal code
/// uses the global pool).
///
/// # Errors
/// [`Error::InvalidParameter`] if `n == 0` or the pool cannot be built.
pub fn with_threads<T: Send>(n: usize, f: impl FnOnce() -> T + Send) -> Result<T> {
    if n == 0 {
        return Err(Error::param("with_threads", "n", 0, "must be at least 1"));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .map_err(|e| Error::param("with_threads", "n", n, &e.to_string()))?;
    Ok(pool.install(f))
}

/// `out = a * b + c` elementwise on all threads with `par_azip!`.
///
/// # Errors
/// [`Error::ShapeMismatch`] if the shapes differ.
pub fn par_fma<F: Float, D: Dimension>(
    a: &Array<F, D>,
    b: &Array<F, D>,
    c: &Array<F, D>,
    out: &mut Array<F, D>,
) -> Result<()> {
    for other in [b.shape(), c.shape(), out.shape()] {
        if other != a.shape() {
            return Err(Error::ShapeMismatch {
                op: "par_fma",
                left: a.shape().to_vec(),
                right: other.to_vec(),
                reason: "elementwise operands must have equal shapes".into(),
            });
        }
    }
    ndarray::par_azip!((o in out, &x in a, &y in b, &z in c) *o = x * y + z);
    Ok(())
}

/// Sum of `f32` values in parallel chunks of `chunk` elements, each chunk summed in `f64`
/// (exact enough for any realistic length), the partial sums added in `f64`.
/// The result does not depend on the number of threads: chunks are fixed, and the `f64`
/// partial sums of `f32` inputs are exact up to 2^29 elements per chunk.
pub fn par_sum(x: &[f32], chunk: usize) -> f64 {
    let chunk = chunk.max(1);
    let parts: Vec<f64> = x
        .par_chunks(chunk)
        .map(|c| c.iter().map(|&v| f64::from(v)).sum::<f64>())
        .collect();
    parts.iter().sum()
}

/// Per-column statistics of a 2-D array (in memory or a shared read-only memory map)
/// computed by `n_threads` scoped threads, each taking a contiguous band of rows, merged
/// with [`ColumnStats::merge`]. With a map, all threads read the same pages: the Rust
/// version of several processes opening one `np.memmap`.
///
/// # Errors
/// [`Error::InvalidParameter`] if `n_threads == 0`, [`Error::Empty`] if `x` has no rows.
pub fn par_column_stats<A: Copy + Into<f64> + Sync>(
    x: ArrayView2<'_, A>,
    n_threads: usize,
) -> Result<ColumnStats> {
    if n_threads == 0 {
        return Err(Error::param(
            "par_column_stats",
            "n_threads",
            0,
            "must be at least 1",
        ));
    }
    if x.nrows() == 0 {
        return Err(Error::Empty {
            op: "par_column_stats",
            shape: x.shape().to_vec(),
        });
    }
    let band = x.nrows().div_ceil(n_threads);
    let parts: Vec<Result<ColumnStats>> = std::thread::scope(|scope| {
        let handles: Vec<_> = x
            .axis_chunks_iter(Axis(0), band)
            .map(|rows| scope.spawn(move || crate::memmap::column_stats(rows, 8192)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a statistics thread panicked"))
            .collect()
    });
    let mut total = ColumnStats::new(x.ncols());
    for p in parts {
        total.merge(&p?);
    }
    Ok(total)
}

/// Row-wise dot products `y_i = x_i . w`, parallel over row blocks: the shape of a
/// linear model's forward pass on data too large for one core.
///
/// # Errors
/// [`Error::ShapeMismatch`] if `w.len() != x.ncols()`.
pub fn par_matvec<F: Float>(
    x: ArrayView2<'_, F>,
    w: ndarray::ArrayView1<'_, F>,
) -> Result<ndarray::Array1<F>> {
    if w.len() != x.ncols() {
        return Err(Error::ShapeMismatch {
            op: "par_matvec",
            left: x.shape().to_vec(),
            right: w.shape().to_vec(),
            reason: format!("not aligned: {} != {}", x.ncols(), w.len()),
        });
    }
    Ok(Zip::from(x.rows()).par_map_collect(|r| r.dot(&w)))
}
