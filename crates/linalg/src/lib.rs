//! # Chapter 2: linear algebra for ML, `np.dot`, `@` and `np.linalg` the ndarray way
//!
//! **Course:** [the course's front page](../ai_course/index.html) · previous: [Chapter 1: basics](../basics/index.html) · next: [Chapter 3: tensors](../tensors/index.html)
//!
//! The big picture: your data is an `ndarray::Array2<f64>` (or `f32`); this crate gives
//! it NumPy's products and `np.linalg` with NumPy's names, shapes and defaults. The engine
//! is [faer](https://docs.rs/faer), a pure-Rust linear algebra library (nothing to
//! install), reached through zero-copy views: an `ArrayView2` *is* a faer `MatRef` with
//! the same pointer and strides, so a transposed or sliced view costs nothing.
//! Every function returns a [`Result`] whose [`Error`] names the operation and the shapes,
//! like NumPy's messages; none panics on bad input.
//!
//! | NumPy | Rust (`use linalg::*;`) | section |
//! |---|---|---|
//! | `A @ B`, `np.matmul(A, B)` | [`matmul(&a, &b)?`](matmul) | [2.1](products) |
//! | `np.dot(a, b)`, `np.inner`, `np.outer`, `np.kron` | [`dot`], [`inner`], [`outer`], [`kron`] | [2.1](products) |
//! | `A.T`, `A.mT` | `a.t()`, [`transpose`], [`matrix_transpose`] | [2.1](products) |
//! | `np.linalg.solve(A, b)` | [`solve(&a, &b)?`](solve) | [2.2](systems) |
//! | `np.linalg.inv(A)` | [`inv(&a)?`](inv) | [2.2](systems) |
//! | `np.linalg.det(A)`, `np.linalg.slogdet(A)` | [`det(&a)?`](det), [`slogdet(&a)?`](slogdet) | [2.2](systems) |
//! | `np.linalg.lstsq(A, b, rcond=None)` | [`lstsq(&a, &b, None)?`](lstsq) | [2.2](systems) |
//! | `np.linalg.pinv(A)`, `np.linalg.matrix_rank(A)` | [`pinv(&a, None)?`](pinv), [`matrix_rank(&a, None)?`](matrix_rank) | [2.2](systems) |
//! | `np.linalg.cholesky(A)` | [`cholesky(&a)?`](cholesky) | [2.3](decompose) |
//! | `np.linalg.qr(A)` | [`qr(&a)?`](qr), [`qr_complete`] | [2.3](decompose) |
//! | `np.linalg.svd(A)`, `full_matrices=False`, `svdvals` | [`svd`], [`thin_svd`], [`svdvals`] | [2.3](decompose) |
//! | `np.linalg.eigh(A)`, `eigvalsh` | [`eigh`], [`eigvalsh`] | [2.3](decompose) |
//! | `np.linalg.eig(A)`, `eigvals` | [`eig`], [`eigvals`] (complex) | [2.3](decompose) |
//! | `np.linalg.norm(x, ord)`, `np.linalg.cond(A)` | [`norm(&x, NormOrd::Two)?`](norm), [`cond(&a, NormOrd::Two)?`](cond) | [2.4](norms) |
//!
//! ```
//! use ndarray::array;
//! use linalg::{matmul, solve};
//!
//! // x = np.linalg.solve(A, b); np.allclose(A @ x, b)
//! let a = array![[4.0, 1.0, 0.0], [1.0, 4.0, 1.0], [0.0, 1.0, 4.0]];
//! let b = array![1.0, 2.0, 3.0];
//! let x = solve(&a, &b)?;
//! assert!(matmul(&a, &x)?.abs_diff_eq(&b, 1e-12));
//!
//! // A mistake is an error that reads like NumPy's, never a panic.
//! let err = solve(&array![[1.0, 2.0], [2.0, 4.0]], &array![1.0, 2.0]).unwrap_err();
//! assert_eq!(err.to_string(), "solve: singular matrix");
//! # Ok::<(), linalg::Error>(())
//! ```
//!
//! ## How to read this chapter
//! Sections are modules, read in order: [products] (2.1), [systems] (2.2: linear systems,
//! least squares, why never `inv(A) @ b`, why normal equations square the condition
//! number), [decompose] (2.3: which factorisation for which job), [norms] (2.4: norms and
//! the condition number). Each function's docs give the formula, the cost, the numerical
//! stability and when not to use it. Three programs apply it to real data:
//!
//! | example | what it does |
//! |---|---|
//! | `cargo run --release -p linalg --example linreg_normal_equations` | Iris petal width regressed on the other three features, by normal equations and by `lstsq`; matches scikit-learn to 1e-8 |
//! | `cargo run --release -p linalg --example svd_low_rank` | rank-1..50 approximations of MNIST digits; the Eckart-Young error identity |
//! | `cargo run --release -p linalg --example pca_svd_mnist` | PCA of the 60000 x 784 MNIST training set by thin SVD; components for 90% / 95% of the variance |
//!
//! ## Types
//! Functions are generic over the element type [`Float`] (`f32` and `f64`) and accept any
//! array or view (`&Array2<T>`, `&ArrayView2<T>`, `&a.t()`, `&a.slice(s![..10, ..])`),
//! never requiring a copy from you. Results are owned, row-major (standard layout) arrays.
//! Multi-part results are structs with NumPy's field names: [`Svd`] `{ u, s, vh }`,
//! [`Eigh`] / [`Eig`] `{ eigenvalues, eigenvectors }`, [`Lstsq`] `{ solution, residuals,
//! rank, singular_values }`, [`SlogDet`] `{ sign, logabsdet }`, [`Qr`] `{ q, r }`.
//!
//! ## Errors
//! One enum, [`Error`]: shape mismatch ([`Error::NotAligned`], `"matmul: shapes (3, 4) and
//! (5, 2) are not aligned: 4 != 5"`), [`Error::NotSquare`], [`Error::Singular`] (an error,
//! not a matrix of inf), [`Error::NotPositiveDefinite`], [`Error::NonFinite`] (NaN/inf
//! input to a factorisation), [`Error::Empty`], [`Error::NoConvergence`],
//! [`Error::InvalidNorm`], [`Error::WrongNdim`], [`Error::NotBroadcastable`].
//!
//! ## Backends
//! The default backend is faer: pure Rust, parallel over rayon's global pool (set
//! `RAYON_NUM_THREADS` to limit it, like `OPENBLAS_NUM_THREADS` for NumPy). Factorisations
//! of small and medium matrices (below `n = 1024` for LU, Cholesky and `eig`, 500 for
//! `eigh`, `512 x 512` elements for the SVDs) run on the calling thread: waking the pool
//! for each of their steps cost more than it saved (the Speed section has the measurements). Small products go
//! to ndarray's own `.dot`, and large ones, on x86-64 CPUs with AVX2 + FMA, to this crate's
//! own blocked GEMM, which packs both operands for the caches the way BLIS and OpenBLAS do
//! (see [`matmul_engine`] and section [2.1](products)); [`qr`] and the QR step of
//! [`thin_svd`] and [`svdvals`] on tall matrices are blocked over that GEMM too. Two steps of
//! [`eigh`] are this crate's own code on top of faer's products, because faer's were slower
//! than LAPACK's there: the reduction to tridiagonal form and the divide and conquer on the
//! tridiagonal matrix (see [`eigh`] and the Speed section); [`eigvalsh`] runs the same
//! reduction and then LAPACK's root-free QL/QR iteration. [`svdvals`] from 32 columns has
//! its own blocked bidiagonal reduction and dqds iteration, as LAPACK's `gesdd` does for
//! values only; [`thin_svd`] from 400 columns the same reduction, a divide and conquer on the
//! bidiagonal (ported from faer, which keeps its own private) and the reflections applied
//! by panels. With the cargo feature `lapack`, the
//! module `lapack` offers the main functions again through ndarray-linalg on the system
//! OpenBLAS/LAPACK (`apt-get install libopenblas-dev`), the same library NumPy calls, and the
//! test suite checks that both backends agree.
//!
//! ## Speed
#![doc = include_str!("../BENCHMARKS.md")]
//!
//! ## Current state
//! Real `f32`/`f64` only (no complex input); batched (3-D) operands for `matmul`/`dot` only,
//! not for `solve`/`inv`/factorisations (loop over `a.outer_iter()`); `norm` over an `axis`
//! is not provided (use `x.map(|v| v * v).sum_axis(Axis(1)).sqrt()`).

pub mod decompose;
pub mod error;
pub mod norms;
pub mod products;
pub mod systems;

mod alloc;
mod bidiag;
mod bidiag_svd;
mod convert;
mod dqds;
mod gemm;
mod householder;
#[doc(hidden)]
pub mod instantiate;
mod parallel;
mod scalar;
mod simd;
mod spin;
mod tridiag;
mod tridiag_evd;
mod tridiag_values;

#[cfg(feature = "lapack")]
pub mod lapack;

pub use decompose::{
    Eig, Eigh, Qr, Svd, cholesky, eig, eigh, eigvals, eigvalsh, qr, qr_complete, svd, svdvals,
    thin_svd,
};
pub use error::{Error, Result, Shape};
/// Complex numbers (`num_complex::Complex`, the type ndarray and faer use), for [`eig`].
pub use faer::complex::Complex;
pub use norms::{NormOrd, cond, norm};
pub use products::{
    BLOCKED_MIN_K, BLOCKED_MIN_MN, DotDim, Engine, MatmulDim, PARALLEL_GEMM_THRESHOLD, dot, gram,
    gram_lower_into, inner, kron, matmul, matmul_engine, matmul_with, matrix_transpose,
    mirror_lower, outer, transpose,
};
pub use scalar::Float;
pub use systems::{Lstsq, SlogDet, det, inv, lstsq, matrix_rank, pinv, slogdet, solve};
