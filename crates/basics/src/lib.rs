//! # Chapter 1 — NumPy basics, the ndarray way
//!
//! **Course:** [the course's front page](../ai_course/index.html) · previous: [Chapter 0: the data](../datasets/index.html) · next: [Chapter 2: linear algebra](../linalg/index.html)
//!
//! ## The big picture
//! Everything later in the course (linear algebra, PCA, regression, neural networks) is
//! written with a handful of array moves: create an array, slice it, combine arrays by
//! broadcasting, reduce along an axis, load data and scale it. This chapter teaches those
//! moves to someone who already writes them in NumPy, one topic per module, each opening
//! with a **NumPy → Rust** table, and runs them on real data: the Iris measurements bundled
//! in the [`datasets`] crate (150 flowers × 4 features, the same CSV scikit-learn ships).
//!
//! | topic | module | you will learn |
//! |---|---|---|
//! | Array creation and properties | [`creation`] | `array!`, zeros/eye/arange/linspace, seeded random arrays, shape/strides/contiguity, reshape (view or copy), transpose |
//! | Indexing and slicing | [`indexing`] | `s![]` with steps, rows/columns, boolean masks, `take`, `argsort`, `where_` |
//! | Basic operations | [`operations`] | elementwise maths, broadcasting, ufuncs, reductions with `axis`/`ddof`/keepdims, `allclose` |
//! | Loading datasets | [`loading`] | `loadtxt` (strict), `genfromtxt` (missing → NaN), `.npy`, bundled Iris |
//! | Preprocessing | [`preprocessing`] | min-max and z-score scaling fitted on train, imputation, train/test split, K-fold |
//!
//! The five practical tasks are the examples (`cargo run --release -p basics --example NAME`):
//! `iris_stats` (per-feature statistics), `outliers` (z-score and IQR filters with boolean
//! masks), `normalize` (min-max and z-score by broadcasting), `split` (plain and stratified
//! train/test split), `csv_normalize` (load a CSV with gaps, impute, scale, save `.npy`).
//!
//! ## A first session
//! ```
//! use ndarray::{s, Axis};
//! use basics::operations::{mean_axis, std_axis};
//!
//! let iris = datasets::iris::load();        // X, y = load_iris(return_X_y=True)
//! let x = &iris.data;                       // (150, 4) float64
//! assert_eq!(x.dim(), (150, 4));            // X.shape
//!
//! let mean = mean_axis(x, 0)?;              // X.mean(axis=0)
//! let std = std_axis(x, 0, 0)?;             // X.std(axis=0)  (ddof=0, NumPy's default)
//! let z = (x - &mean) / &std;               // (X - X.mean(0)) / X.std(0): broadcasting
//! assert!(mean_axis(&z, 0)?.iter().all(|m| m.abs() < 1e-12));
//!
//! let setosa = x.slice(s![..50, ..]);       // X[:50]: a view, nothing copied
//! assert_eq!(setosa.len_of(Axis(0)), 50);
//! # Ok::<(), basics::Error>(())
//! ```
//!
//! ## Where ndarray differs from NumPy
//! The four differences that bite NumPy users most, each shown once here and again in its
//! module.
//!
//! **1. Negative-step slicing.** ndarray applies the range first, then walks it backwards.
//! `s![..;-1]` reverses like `a[::-1]`, but `s![1..4;-1]` is `a[1:4][::-1]`, not `a[1:4:-1]`.
//! ```
//! use ndarray::{array, s};
//! let a = array![0, 1, 2, 3, 4, 5];
//! assert_eq!(a.slice(s![..;-1]), array![5, 4, 3, 2, 1, 0]);   // a[::-1]
//! assert_eq!(a.slice(s![1..4;-1]), array![3, 2, 1]);          // a[3:0:-1], NOT a[1:4:-1] (empty)
//! assert_eq!(a.slice(s![..;-2]), array![5, 3, 1]);            // a[::-2]
//! ```
//!
//! **2. Which side broadcasts.** Arithmetic co-broadcasts both operands (since ndarray
//! 0.15): `(3, 1) + (1, 4) → (3, 4)`. `assign` and the in-place operators only broadcast
//! their argument to the receiver's fixed shape, as `a[...] = b` and `a += b` do in NumPy.
//! ```
//! use ndarray::{array, Array2};
//! let col = array![[1.], [2.], [3.]];           // (3, 1)
//! let row = array![[10., 20., 30., 40.]];       // (1, 4)
//! assert_eq!((&col + &row).dim(), (3, 4));      // both sides stretched
//!
//! let mut target = Array2::<f64>::zeros((3, 4));
//! target.assign(&row);                          // the (1, 4) row is repeated: fine
//! target += &col;                               // (3, 1) broadcasts to (3, 4): fine
//! assert_eq!(target[[2, 3]], 43.);
//! // `col.assign(&row)` would panic: `col` is (3, 1) and cannot grow to (3, 4).
//! assert!(row.broadcast(col.dim()).is_none());
//! ```
//!
//! **3. Views vs copies.** The rule is NumPy's (slices are views, masks and index arrays
//! copy), but it is in the types: `ArrayView` borrows, `Array` owns, `CowArray` is "view if
//! possible" (what `reshape`/`ravel` return). The borrow checker forbids writing to an array
//! while a view of it is alive, so "I modified the original by accident" cannot happen
//! silently.
//! ```
//! use ndarray::{array, s};
//! let mut a = array![[1, 2], [3, 4]];
//! a.slice_mut(s![.., 0]).fill(0);                 // a[:, 0] = 0 writes through the view
//! assert_eq!(a, array![[0, 2], [0, 4]]);
//! let picked = a.select(ndarray::Axis(0), &[1]);  // a[[1]]: a copy
//! a[[1, 1]] = 99;
//! assert_eq!(picked, array![[0, 4]]);             // the copy did not change
//! ```
//!
//! **4. No implicit dtype promotion.** `np.arange(3) / 2` is float64 in NumPy; in Rust the
//! element type never changes by itself. Integer arrays stay integer (`/` truncates) and
//! mixing types does not compile until you convert with `mapv`.
//! ```
//! use ndarray::array;
//! let counts = array![1_i64, 2, 3];
//! assert_eq!(&counts / 2, array![0, 1, 1]);                  // integer division
//! let as_float = counts.mapv(|c| c as f64);                  // counts.astype(np.float64)
//! assert_eq!(&as_float / 2.0, array![0.5, 1.0, 1.5]);
//! ```
//!
//! ## Errors, not panics
//! ndarray's operators and indexers panic on bad shapes or indices (like an uncaught
//! `ValueError`). The functions of this chapter that take user data return
//! [`Result`]`<_, `[`Error`]`>` instead, with messages that name what is wrong, in NumPy's
//! words where NumPy has some: `operands could not be broadcast together with shapes (3, 4)
//! (5,)`, `mean_axis: axis 2 is out of bounds for array of dimension 2`, `var: ddof = 8 must
//! be smaller than the number of samples n = 8`, `data.csv: line 3, column 2: cannot parse
//! "" as a number`. Where NumPy only warns and returns `nan` (mean of nothing, `ddof >= n`),
//! this chapter returns an error.
//!
//! ## Current state
//! Complete for the Beginner part of the roadmap. Statistics are computed on `f64` (NumPy's
//! default float); random numbers come from rand's `StdRng`, reproducible for a seed but not
//! equal to NumPy's streams. Expected values in the tests come from NumPy 2.4.6 and
//! scikit-learn 1.9.1 (`fixtures/`), never from this code.

pub mod creation;
mod error;
pub mod indexing;
pub mod loading;
pub mod operations;
pub mod preprocessing;

pub use error::{Error, Result, shape_str};
