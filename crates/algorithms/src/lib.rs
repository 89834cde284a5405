//! # Chapter 4: statistics and ML algorithms from scratch, matching scikit-learn
//!
//! **Course:** [the course's front page](../ai_course/index.html) · previous: [Chapter 3: tensors](../tensors/index.html) · next: [Chapter 5: applications](../applications/index.html)
//!
//! ## The big picture
//! Chapters 1 and 2 gave you arrays, reductions and `np.linalg`. With them, the classic
//! ML algorithms are each a page of code: linear regression is one `lstsq`, PCA one SVD,
//! K-means two matrix products per iteration, logistic regression and a neural network
//! one gradient formula each. This chapter writes them out, one module per algorithm,
//! with scikit-learn's names and defaults, and checks every one against scikit-learn 1.9
//! on the same data (Iris, the 8x8 digits) and against [linfa](https://docs.rs/linfa), the
//! Rust ML toolkit, before running them on MNIST.
//!
//! Every estimator has the same shape, borrowed from linfa: a **params builder** that holds
//! the hyperparameters, a `fit` that validates them and the data and returns a **separate
//! fitted type**, and `predict`/`transform` on that type. A bad hyperparameter or bad data
//! is an [`Error`], never a panic.
//!
//! | section | scikit-learn / NumPy | Rust |
//! |---|---|---|
//! | [4.1 statistics](statistics) | `np.quantile`, `np.cov(X, rowvar=False)`, `np.corrcoef`, `np.histogram`, `np.bincount`, `rng.choice`, `resample` | [`quantile`](statistics::quantile), [`cov`](statistics::cov), [`corrcoef`](statistics::corrcoef), [`histogram`](statistics::histogram), [`bincount`](statistics::bincount), [`choice`](statistics::choice), [`bootstrap`](statistics::bootstrap) |
//! | [4.2 linear regression](linear_regression) | `LinearRegression().fit(X, y)`, `Ridge(alpha)` | `LinearRegression::params().fit(&x, &y)?`, `LinearRegression::ridge(alpha)` |
//! | [4.3 logistic regression](logistic_regression) | `LogisticRegression(C=1).fit(X, y).predict_proba(X)` | `LogisticRegression::params().c(1.0).fit(&x, &y)?.predict_proba(&x)?` |
//! | [4.4 K-means](kmeans) | `KMeans(3, n_init=10).fit(X).inertia_` | `KMeans::params(3).n_init(10).fit(&x)?.inertia()` |
//! | [4.5 PCA](pca) | `PCA(0.95).fit(X).transform(X)` | `Pca::params(0.95).fit(&x)?.transform(&x)?` |
//! | [4.6 neural network](nn) | `MLPClassifier((128,), solver="adam")` | `Mlp::params(&[784, 128, 10]).optimizer(Optimizer::adam(1e-3)).fit(&x, &y)?` |
//! | [4.7 metrics](metrics) | `accuracy_score`, `confusion_matrix`, `r2_score` | [`accuracy`](metrics::accuracy), [`confusion_matrix`](metrics::confusion_matrix), [`r2_score`](metrics::r2_score) |
//!
//! ```
//! use algorithms::kmeans::KMeans;
//! use algorithms::pca::Pca;
//! let iris = datasets::iris::load();
//! // Z = PCA(n_components=2).fit_transform(X)
//! let z = Pca::params(2).fit(&iris.data)?.transform(&iris.data)?;
//! // KMeans(n_clusters=3, n_init=10, random_state=0).fit(Z).labels_
//! let km = KMeans::params(3).n_init(10).seed(0).fit(&z)?;
//! assert_eq!(km.labels().len(), 150);
//! // hyperparameters are checked when fitting: an error, not a panic
//! let err = KMeans::params(0).fit(&z).unwrap_err();
//! assert_eq!(err.to_string(), "KMeans: n_clusters = 0 is invalid: must be at least 1");
//! # Ok::<(), algorithms::Error>(())
//! ```
//!
//! ## Element types
//! Estimators are generic over [`Float`] (`f32` and `f64`, chapter 2's [`linalg::Float`]):
//! use `f64` to match scikit-learn to 1e-8 (the tests do), `f32` for speed on MNIST (the
//! examples and benches do: half the memory traffic, twice the SIMD width). Data is taken
//! as any `ArrayBase` (owned arrays, views, slices), labels as `usize` in `0..k`.
//!
//! ## The practical tasks
//! Each example quotes the NumPy/scikit-learn it reproduces and ends with `result:` lines.
//! MNIST comes from the `datasets` crate; without it, the MNIST examples print `skipped:`
//! with the command that installs it (`cargo xtask fetch-data mnist`) and exit 0.
//!
//! | `cargo run --release -p algorithms --example ...` | what it shows | measured here |
//! |---|---|---|
//! | `linear_regression_iris` | normal equations, lstsq and gradient descent side by side, GD's convergence | all three equal scikit-learn's coefficients (R² 0.93785); GD stops after 1481 steps |
//! | `logistic_regression_mnist` | softmax regression, mini-batch GD, 5 epochs | test accuracy 0.9233 in 1.0 s |
//! | `kmeans_synthetic` | blobs with known centres, recovered | centres within 0.06 of the truth, purity 1.0 |
//! | `kmeans_mnist` | k = 10 on 60000 x 784: inertia, purity vs labels | inertia 2.3575e6, purity 0.618, 43 iterations |
//! | `pca_mnist` | top 50 components, cumulative variance, 2-D projection | 50 components keep 85.8 % of the variance |
//! | `mlp_mnist` | 784-256-10 MLP with progress bar, time per epoch | test accuracy 0.976 after 8 epochs |
//!
//! ## Correctness
//! - `tests/chapter4/reference.rs`: every algorithm against scikit-learn 1.9.1 / NumPy 2.4.6 values
//!   (`fixtures/reference/*.json` at the workspace root and this crate's
//!   `fixtures/numpy_reference.json`, produced by `fixtures/make_fixtures.py`): linear
//!   regression coefficients, intercept and R² to 1e-8 for every solver; PCA explained
//!   variance ratios (raw and standardised Iris, digits) to 1e-10 for both solvers, with
//!   scikit-learn's signs; K-means inertia within 1e-6 of 78.851441426146; logistic
//!   regression reaching scikit-learn's training accuracies (0.98667 unpenalised, 0.97333
//!   at `C = 1`); quantiles, `cov`/`corrcoef` in both `rowvar` orientations, histogram edges
//!   and counts, `bincount`.
//! - `tests/chapter4/linfa_agreement.rs`: the same fits with linfa-linear, linfa-logistic,
//!   linfa-clustering and linfa-reduction agree.
//! - `tests/chapter4/gradient_check.rs`: every backward pass (each activation, the dense layer, the
//!   softmax cross-entropy, whole networks) against central finite differences.
//! - `tests/chapter4/errors.rs`: every error path.
//!
//! ## When to reach for linfa (or scikit-learn) instead
//! This chapter is for understanding and for small, dependency-light programs. linfa has
//! more algorithms (SVMs, trees, Gaussian mixtures, DBSCAN, ...), shared `Fit`/`Predict`
//! traits over a `Dataset` type, better optimisers (L-BFGS for logistic regression, via
//! argmin), and a community maintaining it. Use linfa when you need an algorithm that is
//! not here, a second-order solver, or trait-based pipelines; use these modules when you
//! need to see or change every line, want `f32` end to end, or want scikit-learn's exact
//! conventions (sum inertia, `svd_flip` signs, `ddof = 1` variances). The agreement tests
//! show that both give the same answers where they overlap.
//!
//! ## Speed
#![doc = include_str!("../BENCHMARKS.md")]
//!
//! ## Current state
//! Dense arrays only: there is no sparse matrix input type (a mostly-zero batch is
//! multiplied over its nonzeros inside [`nn::Dense`], but it is given dense); labels are `usize` in `0..k` (map string classes
//! first); gradient descent uses a constant learning rate (no line search, no L-BFGS);
//! K-means is Lloyd only (no Elkan); PCA is exact (no randomized SVD); the MLP has one
//! activation for all hidden layers and no dropout or batch norm. Random streams are
//! rand's `StdRng`: reproducible for a seed, not equal to NumPy's.

mod check;
pub mod error;
mod gemm;
pub mod kmeans;
pub mod linear_regression;
pub mod logistic_regression;
pub mod metrics;
pub mod nn;
pub mod pca;
pub(crate) mod simd;
mod sparse;
pub mod statistics;

pub use error::{Error, Result};
/// The element types of the chapter, `f32` and `f64` (chapter 2's [`linalg::Float`]).
pub use linalg::Float;
