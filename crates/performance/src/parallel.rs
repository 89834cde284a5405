//! 6.3 Parallel computing: rayon, `par_azip!`, parallel reductions, threads sharing one map.
//!
//! | Python | Rust |
//! |---|---|
//! | `multiprocessing.Pool().map(f, chunks)` (pickles each chunk) | `x.axis_chunks_iter(Axis(0), k).into_par_iter().map(f)` (borrows, no copy) |
//! | `np.add(a * b, c, out=out)` on all cores (numexpr) | `par_azip!((o in &mut out, &a in &a, &b in &b, &c in &c) *o = a * b + c)` ([`par_fma`]) |
//! | `sum(pool.map(np.sum, chunks))` | [`par_sum`]: `par_chunks(k).map(..).sum()` |
//! | processes sharing a `np.memmap` | threads sharing one [`NpyMap`](crate::memmap::NpyMap) ([`par_column_stats`]) |
//! | `OMP_NUM_THREADS=1` | [`with_threads`]`(1, || ...)` or `RAYON_NUM_THREADS=1` |
//! | `OMP_PROC_BIND=true` | [`pin_global_threads`]`()`, first thing in `main` |
//!
//! Python needs processes (and pickling, or shared memory) to use several cores on Python
//! code; Rust threads share the address space, and the borrow checker proves at compile
//! time that parallel closures only read shared data (`&ArrayView` is `Sync`) or write
//! disjoint parts (`axis_chunks_iter_mut`, `par_azip!`). A read-only memory map is shared
//! by reference between threads: every thread reads the same page cache, nothing is copied.
//!
//! ## Where the threads run: pinning after idle
//! A parallel call after the program has been idle wakes rayon's sleeping workers, and
//! where they run is up to Linux's scheduler: it can put two of them on one core (it
//! favours the waker's core) until its load balancer moves one, milliseconds later. faer's
//! GEMM (chapter 2's `matmul`) runs on two rayon workers while the caller waits, so every
//! call after a pause takes that chance; OpenBLAS computes on the calling thread and wakes
//! one worker. The measurement fits that explanation: pinning each worker to its own core
//! removed most of the penalty.
//! Measured on this 2-core machine, a `(1024, 1024) @ (1024, 1024)` `f32` product 300 ms
//! after the previous one, 20 runs in each of seven processes per setting, the settings
//! alternating: per-process medians of 17.6-20.3 ms (17.6, 18.0, 18.9, 19.9, 19.9, 20.1,
//! 20.3) with rayon's threads free to move, 15.0-17.1 ms (15.0, 15.2, 15.3, 15.9, 15.9,
//! 16.3, 17.1) with each pinned to its own core by [`pin_global_threads`]. Back to back,
//! without the pause, both take about 13-14 ms.
//!
//! Pin only when the program owns the machine, as a benchmark or a training job on a
//! dedicated node does (OpenMP's `OMP_PROC_BIND=true` is the same idea): a pinned thread
//! cannot move away from a core that another program is using.
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

/// Builds rayon's global pool with one thread per core this process may run on, thread
/// `i` pinned to the `i`-th of those cores (`sched_setaffinity`), and returns the number of
/// threads. The Rust side of `cargo xtask bench` calls it; see the module docs for the
/// measurement and for when not to pin.
///
/// Call it first in `main`: the global pool is built once, by the first parallel call.
/// The cores come from the process's affinity mask, so `taskset -c 0,1` and container CPU
/// sets are respected. On other systems than Linux the pool is built without pinning.
///
/// ```no_run
/// fn main() -> Result<(), performance::Error> {
///     let threads = performance::parallel::pin_global_threads()?; // before any rayon use
///     println!("{threads} pinned rayon threads");
///     // ... the program: every par_iter, par_azip! and faer call now runs on them.
///     Ok(())
/// }
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] if the global pool was already built (or cannot be built).
pub fn pin_global_threads() -> Result<usize> {
    let cores = allowed_cores();
    let n = cores.len().max(1);
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .start_handler(move |i| {
            if let Some(&core) = cores.get(i) {
                pin_current_thread(core);
            }
        })
        .build_global()
        .map_err(|e| {
            Error::param(
                "pin_global_threads",
                "global pool",
                "already built",
                &format!("call this before any parallel work ({e})"),
            )
        })?;
    Ok(n)
}

/// The cores in this process's affinity mask, ascending.
#[cfg(target_os = "linux")]
fn allowed_cores() -> Vec<usize> {
    // SAFETY: `cpu_set_t` is plain data, all zeros is an empty set; `sched_getaffinity`
    // writes at most `size_of::<cpu_set_t>()` bytes into it.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    let size = std::mem::size_of::<libc::cpu_set_t>();
    if unsafe { libc::sched_getaffinity(0, size, &mut set) } != 0 {
        return (0..std::thread::available_parallelism().map_or(1, |n| n.get())).collect();
    }
    (0..libc::CPU_SETSIZE as usize)
        .filter(|&c| unsafe { libc::CPU_ISSET(c, &set) })
        .collect()
}

#[cfg(not(target_os = "linux"))]
fn allowed_cores() -> Vec<usize> {
    (0..std::thread::available_parallelism().map_or(1, |n| n.get())).collect()
}

/// Pins the calling thread to `core`; a failure leaves it unpinned (pinning is a hint).
#[cfg(target_os = "linux")]
fn pin_current_thread(core: usize) {
    // SAFETY: as in `allowed_cores`; `CPU_SET` writes inside the set for `core` below
    // `CPU_SETSIZE`, which `allowed_cores` guarantees.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(core, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

#[cfg(not(target_os = "linux"))]
fn pin_current_thread(_core: usize) {}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_cores_are_the_cores_the_process_may_use() {
        let cores = allowed_cores();
        // On Linux `available_parallelism` also reads the affinity mask.
        assert_eq!(
            cores.len(),
            std::thread::available_parallelism().unwrap().get()
        );
        assert!(
            cores.windows(2).all(|w| w[0] < w[1]),
            "ascending, no repeats"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_pinned_thread_may_run_on_its_core_only() {
        let core = *allowed_cores().last().unwrap();
        let mask = std::thread::spawn(move || {
            pin_current_thread(core);
            // SAFETY: as in `allowed_cores`.
            let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
            let size = std::mem::size_of::<libc::cpu_set_t>();
            assert_eq!(unsafe { libc::sched_getaffinity(0, size, &mut set) }, 0);
            (0..libc::CPU_SETSIZE as usize)
                .filter(|&c| unsafe { libc::CPU_ISSET(c, &set) })
                .collect::<Vec<_>>()
        })
        .join()
        .unwrap();
        assert_eq!(mask, vec![core]);
    }

    #[test]
    fn pinning_after_the_global_pool_exists_is_an_error_not_a_panic() {
        // Any parallel call builds the global pool; make sure it exists.
        assert!(rayon::current_num_threads() >= 1);
        let err = pin_global_threads().unwrap_err();
        assert!(matches!(err, Error::InvalidParameter { .. }), "{err}");
        assert!(
            err.to_string().contains("before any parallel work"),
            "{err}"
        );
    }
}
