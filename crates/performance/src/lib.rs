//! # Chapter 6: performance — vectorisation, memory, parallelism, custom ufuncs, stability
//!
//! **Course:** [the course's front page](../ai_course/index.html) · previous: [Chapter 5: applications](../applications/index.html)
//!
//! ## The big picture
//! NumPy is fast when the loop runs in C and slow when it runs in Python, so NumPy advice is
//! "vectorise". Rust has no interpreter: every loop is compiled. The questions that remain
//! are the ones NumPy experts ask after vectorising: how many passes over memory, how many
//! temporaries, whether the inner loop is contiguous and SIMD, whether the data fits in
//! RAM, how to use every core, and whether the numbers are still right (overflow in
//! `exp`, summation error, wrong gradients). This chapter answers each with code you can
//! copy, tests that check it against mathematics and NumPy, and measurements on this
//! machine (2 cores, shared: the load is stated with every figure).
//!
//! | section | NumPy / Python | Rust |
//! |---|---|---|
//! | [6.1 vectorisation](vectorization) | loops vs `np.einsum`/`@`/broadcasting | [`matmul_naive`](vectorization::matmul_naive) .. [`matmul_par`](vectorization::matmul_par), distances, standardise, softmax in 4 variants |
//! | [6.2a memory](memory) | views, `out=`, `sliding_window_view` | [`fma_into`](memory::fma_into), [`sliding_window_view`](memory::sliding_window_view), [`shares_memory`](memory::shares_memory) |
//! | [6.2b memmap](memmap) | `np.load(mmap_mode="r")`, `open_memmap` | [`NpyMap`](memmap::NpyMap), [`NpyMapMut`](memmap::NpyMapMut), [`stream_column_stats`](memmap::stream_column_stats), [`standardize_npy`](memmap::standardize_npy) |
//! | [6.3 parallel](parallel) | `multiprocessing`, numexpr | [`par_fma`](parallel::par_fma), [`par_sum`](parallel::par_sum), [`par_column_stats`](parallel::par_column_stats), [`with_threads`](parallel::with_threads), [`pin_global_threads`](parallel::pin_global_threads) |
//! | [6.4 custom ufuncs](ufuncs) | `np.vectorize`, numba `@vectorize` | [`Activation`](ufuncs::Activation), [`par_apply`](ufuncs::par_apply), [`vectorize`](ufuncs::vectorize) |
//! | [6.5 gradients](gradcheck) | finite differences by hand | [`check_gradient`](gradcheck::check_gradient), [`check_derivative`](gradcheck::check_derivative) |
//! | [6.6 stability](stability) | `scipy.special.logsumexp`, `softmax`, `expit` | [`log_sum_exp`](stability::log_sum_exp), [`softmax`](stability::softmax), [`sigmoid`](stability::sigmoid), [`pairwise_sum`](stability::pairwise_sum), [`check_finite`](stability::check_finite) |
//! | [6.7 profiling](profiling) | `cProfile`, `line_profiler` | criterion, callgrind, `perf`; [`gd_naive`](profiling::gd_naive) -> [`gd_fused`](profiling::gd_fused) |
//! | [6.8 testing habits](validation) | `assert x.shape == ...`, hypothesis | [`expect_shape`](validation::expect_shape), proptest, [`sum_tolerance`](validation::sum_tolerance) |
//! | [6.9 interop](interop) | `np.save`/`np.savez`, safetensors, `torch.from_numpy`, `df.to_parquet`, `da.from_zarr` | [`save_npy`](interop::npy::save_npy), [`NpzFile`](interop::npy::NpzFile), [`SafetensorsWriter`](interop::safetensors::SafetensorsWriter), [`Table`](interop::table::Table); Parquet, Zarr and candle behind features |
//!
//! ```
//! use ndarray::{array, Axis};
//! use performance::{stability, ufuncs};
//! // logits that overflow exp() in float32
//! let z = array![[1000.0f32, 0.0, -1000.0]];
//! let p = stability::softmax(&z, Axis(1));
//! assert_eq!(p, array![[1.0, 0.0, 0.0]]);
//! // a custom activation and its derivative, any shape, serial or parallel
//! let g = ufuncs::par_apply(&z, ufuncs::Activation::Gelu);
//! assert_eq!(g[[0, 0]], 1000.0);
//! ```
//!
//! ## The practical tasks
//! | `cargo run --release -p performance --example ...` | what it shows |
//! |---|---|
//! | `vectorize_matmul` | naive `ijk` vs `ikj` vs `.dot` vs parallel: GFLOP/s each |
//! | `optimize_gd_loop` | logistic-regression GD naive -> allocation-free and fused -> parallel; ms/iteration, same final loss |
//! | `custom_activation` | a custom activation (`x * tanh(softplus(x))`-style) and its derivative: serial vs parallel throughput, 1 vs 2 threads |
//! | `memmap_large [GiB]` | a `.npy` of 2 GiB (default) through a memmap: streamed column stats and a standardised copy; GB/s and peak RSS |
//! | `summation_error` | naive vs pairwise `f32` sum of 1e8 values against the `f64` sum |
//! | `export_npy` | preprocessed MNIST saved as `.npy`, `.npz` and safetensors for a Python (TensorFlow/PyTorch) pipeline, with the lines of Python that load it |
//! | `to_zarr` (`--features zarr`) | a large memmapped `.npy` converted to chunked Zarr v3 for Dask, with the Dask snippet |
//!
//! And the side-by-side benchmark of the whole course: `cargo xtask bench` runs each workload
//! in Rust (release) and its NumPy / scikit-learn twin (`xtask/bench/numpy_twins.py`) in the
//! same run, alternating, and prints the median times, the ratio with a 95% bootstrap interval
//! (on a shared virtual machine one call can take twice as long as the next, so a row whose
//! interval holds 1.0 is level within the noise) and the peak memory.
//!
//! ## Correctness
//! - `tests/chapter6/reference.rs`: activations, log-sum-exp, softmax, log-sigmoid, column statistics
//!   against NumPy 2.4 values (`fixtures/make_fixtures.py`, output in
//!   `fixtures/numpy_reference.json`).
//! - `tests/chapter6/activations.rs`: every derivative against central finite differences; every
//!   activation finite at `|x| = 1e4`; serial = parallel for 1-D to 4-D.
//! - `tests/chapter6/stability.rs`: identities (`softmax` sums to 1, `log_softmax = log(softmax)`,
//!   `sigmoid(-x) = 1 - sigmoid(x)`), behaviour at `±1e4` and `-inf`, summation error bounds.
//! - `tests/chapter6/memmap.rs`: round trips through mapped files, streaming = in-memory statistics,
//!   truncated/wrong-dtype/Fortran-order files as errors.
//! - `tests/chapter6/properties.rs`: proptest shape invariants and variant agreement.
//! - `tests/chapter6/errors.rs`: every error path.
//! - `tests/chapter6/interop_fixtures.rs`: files written by NumPy, safetensors, pandas and zarr-python
//!   (committed, made by `fixtures/make_interop_fixtures.py`) read here;
//!   `tests/chapter6/interop_python.rs`: files written here loaded by real NumPy/pandas/zarr/dask when
//!   Python has them; `tests/chapter6/interop_roundtrip.rs`: round trips and truncated files.
//!
//! ## Speed
#![doc = include_str!("../BENCHMARKS.md")]
//!
//! ## Current state
//! Element types `f32`/`f64` (activations, stability, vectorisation); memmap streaming for
//! 2-D C-order `.npy` files (statistics for any element type convertible to `f64`,
//! transforms for `f32`). Page release uses `madvise(MADV_DONTNEED)` on Linux; on other
//! Unixes it is a hint with the same safety argument, on Windows it is not available.
//! GELU is the tanh approximation (no `erf` in Rust's standard library).

pub mod error;
pub mod gradcheck;
pub mod interop;
pub mod memmap;
pub mod memory;
pub mod parallel;
pub mod profiling;
pub mod stability;
pub mod ufuncs;
pub mod validation;
pub mod vectorization;

pub use error::{BoxError, Error, Result};
/// The element types of the chapter, `f32` and `f64` (chapter 2's [`linalg::Float`]).
pub use linalg::Float;
