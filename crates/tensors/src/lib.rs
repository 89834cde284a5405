//! # Chapter 3: N-d tensors for deep learning, `einsum`, sparse arrays, decompositions
//!
//! **Course:** [the course's front page](../ai_course/index.html) · previous: [Chapter 2: linear algebra](../linalg/index.html) · next: [Chapter 4: ML from scratch](../algorithms/index.html)
//!
//! The big picture: chapter 2 multiplied matrices; deep learning multiplies *tensors*.
//! A batch of images is `(N, C, H, W)`, attention scores are a contraction of two 4-D
//! arrays, a bag-of-words matrix has 100 000 rows and 0.1 % non-zeros, and a stack of
//! images compresses better as a tensor than as a matrix. This crate does each of those
//! the way NumPy (and SciPy, TensorLy, PyTorch) does, with NumPy's names, on
//! [`ndarray`] arrays and views, and says for each function whether it returns a **view**
//! (no copy) or a **copy**. Every function that takes user data returns a [`Result`]
//! whose [`Error`] names the shapes, axes or subscripts involved.
//!
//! | NumPy / SciPy / TensorLy | Rust (`use tensors::*;`) | section |
//! |---|---|---|
//! | `np.moveaxis`, `np.swapaxes`, `np.transpose(x, axes)` | [`moveaxis`], [`swapaxes`], [`permute`] (views) | [3.1](shape) |
//! | `x.transpose(0, 2, 3, 1)` (NCHW to NHWC) | [`nchw_to_nhwc`], [`nhwc_to_nchw`] (views) | [3.1](shape) |
//! | `np.expand_dims`, `np.squeeze`, `x.reshape(len(x), -1)` | [`expand_dims`], [`squeeze`], [`squeeze_axis`], [`flatten_batch`], [`unflatten_batch`] | [3.1](shape) |
//! | `np.stack`, `np.concatenate`, `np.split`, `np.array_split` | [`stack`], [`concatenate`], [`split`], [`array_split`], [`split_at_indices`] | [3.1](shape) |
//! | `np.tile`, `np.repeat`, `np.pad(mode=...)` | [`tile`], [`repeat`], [`pad`] with [`PadMode`] (copies) | [3.1](shape) |
//! | `np.tensordot(a, b, axes)` | [`tensordot(&a, &b, axes)?`](tensordot) | [3.2](contract) |
//! | `np.einsum("bhqd,bhkd->bhqk", q, k)` | [`einsum!("bhqd,bhkd->bhqk", &q, &k)?`](einsum!) | [3.2](contract) |
//! | `np.sum(x, axis=(0, 2), keepdims=True)`, `mean`, `max`, `min` | [`sum`], [`mean`], [`amax`], [`amin`] | [3.2](contract) |
//! | `for i in range(0, n, bs): x[i:i+bs]` | [`minibatches`], [`minibatches_xy`] (views) | [3.3](batch) |
//! | `x[rng.permutation(n)[i:i+bs]]` | [`shuffled_batches`], [`permutation`] | [3.3](batch) |
//! | `sliding_window_view(x, (3, 3))` | [`sliding_window_view`], [`sliding_window_view_strided`] (views) | [3.3](batch) |
//! | im2col, `F.conv2d` | [`im2col`], [`conv2d`] | [3.3](batch) |
//! | `scipy.sparse.csr_array`, `A @ X` | [`sparse::csr_from_triplets`], [`sparse::csr_from_dense`], [`sparse::sparse_dense_matmul`], [`sparse::memory_report`] | [3.4](sparse) |
//! | `tl.unfold`, `mode_dot`, `khatri_rao` | [`decomp::unfold`], [`decomp::mode_dot`], [`decomp::khatri_rao`] | [3.5](decomp) |
//! | `parafac(X, rank)`, `tucker(X, ranks)` | [`decomp::cp_als`], [`decomp::tucker_hosvd`], [`decomp::tucker_hooi`] | [3.5](decomp) |
//!
//! ```
//! use ndarray::{Array3, Array4};
//! use tensors::{einsum, expand_dims, flatten_batch, unflatten_batch};
//!
//! // MNIST-like batch (N, 28, 28) -> NCHW (N, 1, 28, 28) -> (N, 784) for a dense layer.
//! let images = Array3::<f32>::zeros((64, 28, 28));
//! let nchw = expand_dims(&images, 1)?;            // x[:, None], a view
//! let flat = flatten_batch(&nchw)?;               // x.reshape(len(x), -1), a view here
//! assert_eq!((nchw.shape(), flat.shape()), (&[64, 1, 28, 28][..], &[64, 784][..]));
//! assert_eq!(unflatten_batch(&flat, &[1, 28, 28])?, nchw.into_dyn());
//!
//! // Attention scores with einsum, planned as one batched matrix product.
//! let q = Array4::<f32>::ones((2, 8, 16, 32));
//! let k = Array4::<f32>::ones((2, 8, 20, 32));
//! assert_eq!(einsum!("bhqd,bhkd->bhqk", &q, &k)?.shape(), &[2, 8, 16, 20]);
//!
//! // A mistake is an error naming the subscript, never a panic.
//! let err = einsum!("bhqd,bhkd->bhqx", &q, &k).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "einsum: subscripts 'bhqd,bhkd->bhqx': output index 'x' does not appear in the inputs"
//! );
//! # Ok::<(), tensors::Error>(())
//! ```
//!
//! ## How to read this chapter
//! Sections are modules, read in order: [shape] (3.1, image batches and sequences:
//! moving axes, stacking, padding; views versus copies), [contract] (3.2, `tensordot`,
//! `einsum` and how it becomes matrix products, multi-axis reductions), [batch] (3.3,
//! mini-batches, shuffling, sliding windows, im2col and convolution), [sparse] (3.4,
//! CSR/CSC with sprs, products, memory), [decomp] (3.5, CP and Tucker). Four programs
//! apply them to real data:
//!
//! | example | what it does |
//! |---|---|
//! | `cargo run --release -p tensors --example image_batch_reshape` | a real MNIST batch `(N, 28, 28)` to NCHW, to `(N, 784)` and back; shows which steps copy and proves the round trip |
//! | `cargo run --release -p tensors --example tucker_images` | Tucker (HOSVD, HOOI) and CP of MNIST digits as a `(class, sample, 28, 28)` tensor: compression ratio against relative error for several ranks |
//! | `cargo run --release -p tensors --example einsum_tour` | a dozen einsum expressions (matmul, batched matmul, trace, diagonal, outer, bilinear form, attention) each checked against the explicit operation, with timings |
//! | `cargo run --release -p tensors --example sparse_vs_dense` | a 120 000-document bag-of-words matrix and a 100 000-row one-hot matrix: memory and time of sparse against dense products |
//!
//! The MNIST examples need the data (`cargo xtask fetch-data mnist`, or
//! `--from ../shared/data/mnist` for a local copy); without it they print `skipped:` and
//! the command to run.
//!
//! ## Types
//! Shape functions work for any element type and any dimension (`Array3<u8>` images,
//! `ArrayD<f32>`), taking arrays or views (`&x`, `&x.view()`, `&x.t()`). Numeric routines
//! (`einsum`, `tensordot`, reductions other than `sum`, sparse products, decompositions)
//! take the chapter 2 element types [`linalg::Float`] (`f32`, `f64`). Axes are `isize`
//! like NumPy's (`-1` is the last axis). `einsum` and `tensordot` return [`ndarray::ArrayD`]
//! (the number of axes depends on the subscripts).
//!
//! ## Errors
//! One enum, [`Error`]: [`Error::AxisOutOfBounds`] (`"moveaxis: axis 3 is out of bounds
//! for array of dimension 2"`), [`Error::RepeatedAxis`], [`Error::AxesDontMatch`],
//! [`Error::ShapeMismatch`] (names both shapes), [`Error::InvalidArgument`] (a batch
//! size of 0, a rank larger than a mode...), [`Error::Subscripts`] (einsum, names the
//! subscript string and the index), [`Error::Empty`], and [`Error::Linalg`] for errors
//! of the chapter 2 routines it calls (SVD of a tensor with NaN).
//!
//! ## Current state
//! - `einsum` always returns a new array (NumPy sometimes returns a view), does not take
//!   an `optimize=` argument (it always plans greedily by intermediate size) and has no
//!   `einsum_path`; integer inputs are not accepted (convert to `f32`/`f64`).
//! - `np.repeat` with a different count per element, `np.pad` modes `linear_ramp`,
//!   `maximum`, `mean`, `median` and `minimum`, and `np.split` with `axis=None` are not
//!   provided.
//! - Sparse arrays are 2-D (as in `scipy.sparse`) with `usize` indices; sparse-sparse
//!   products are left to sprs (`&a * &b`).
//! - Decompositions are dense and in memory: no tensor-train, no non-negative CP, no
//!   missing-value masks.

pub mod batch;
pub mod contract;
pub mod decomp;
pub mod error;
pub mod shape;
pub mod sparse;

pub use batch::{
    ShuffledBatches, conv2d, im2col, minibatches, minibatches_xy, permutation, shuffled_batches,
    sliding_window_view, sliding_window_view_strided,
};
pub use contract::{Axes, amax, amin, mean, sum, tensordot};
pub use error::{Error, Result, Shape};
pub use shape::{
    PadMode, array_split, concatenate, expand_dims, flatten_batch, moveaxis, nchw_to_nhwc,
    nhwc_to_nchw, pad, permute, repeat, split, split_at_indices, squeeze, squeeze_axis, stack,
    swapaxes, tile, unflatten_batch,
};
