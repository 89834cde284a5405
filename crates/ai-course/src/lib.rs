//! # NumPy for AI/ML, in Rust: the course
//!
//! Every topic of the "NumPy for AI/ML" roadmap as real, tested, documented Rust: the NumPy
//! line next to the Rust line, run on real data (Iris, the 8x8 digits, MNIST, CIFAR-10), with
//! the speed measured against NumPy and scikit-learn. This page is the table of contents;
//! each chapter is a crate whose front page is the chapter text.
//!
//! | chapter | crate | what you learn | practical tasks |
//! |---|---|---|---|
//! | 0 the data | [`datasets`] | where Iris, MNIST and CIFAR-10 come from, how they are verified and parsed | `iris_summary`, `mnist_summary` |
//! | 1 Beginner | [`basics`] | creating arrays, indexing, broadcasting and ufuncs, loading CSV/`.npy`, scaling, splits | `iris_stats`, `outliers`, `normalize`, `split`, `csv_normalize` |
//! | 2 Linear algebra | [`linalg`] | `matmul`, `solve`, `inv`, `lstsq`, `eigh`, `svd`, norms and conditioning, on faer | `linreg_normal_equations`, `svd_low_rank`, `pca_svd_mnist` |
//! | 3 Tensors | [`tensors`] | N-d shapes, `einsum`/`tensordot`, mini-batches and im2col, sparse arrays, CP/Tucker | `image_batch_reshape`, `einsum_tour`, `sparse_vs_dense`, `tucker_images` |
//! | 4 ML from scratch | [`algorithms`] | statistics, linear and logistic regression, K-means, PCA, an MLP, all matching scikit-learn | `linear_regression_iris`, `logistic_regression_mnist`, `kmeans_synthetic`, `kmeans_mnist`, `pca_mnist`, `mlp_mnist` |
//! | 5 Applications | [`applications`] | missing data, feature engineering, image batches and augmentation, conv/pooling/batch norm/losses, metrics with scikit-learn's semantics, PNG figures | `cifar10_preprocess`, `mnist_forward_pass`, `confusion_matrix`, `pca_high_dim`, `roc_curves`, `portfolio_mnist` |
//! | 6 Performance | [`performance`] | loops vs iterators vs BLAS vs rayon, views and memmap for data larger than RAM, custom ufuncs, gradient checking, numerical stability, profiling | `vectorize_matmul`, `optimize_gd_loop`, `custom_activation`, `memmap_large`, `summation_error` |
//!
//! Chapters build on the ones before them and never on later ones:
//! datasets < basics < linalg < tensors < algorithms < applications < performance.
//!
//! ## How to work through it
//! - **Read** a chapter: `cargo doc --open -p basics` (then `linalg`, `tensors`,
//!   `algorithms`, `applications`, `performance`). Each module opens with a NumPy -> Rust table; maths renders with KaTeX.
//! - **Run its tests**: `cargo test -p basics`. Expected values come from NumPy and
//!   scikit-learn (fixtures committed with the scripts that made them) or from mathematics.
//! - **Run its practical tasks**: `cargo xtask tasks --crate basics`, or one at a time,
//!   `cargo run --release -p algorithms --example kmeans_mnist`. `cargo xtask tasks` alone
//!   runs every task of the course and prints a table of results and times.
//! - **Play in a notebook**: `notebooks/01-basics.ipynb` ... with the evcxr Rust kernel
//!   (`cargo install --locked evcxr_jupyter && evcxr_jupyter --install`);
//!   `cargo xtask notebooks` runs every notebook's cells as a program, as CI does.
//! - **Fetch the data once**: `cargo xtask fetch-data` (Iris and the digits are bundled;
//!   MNIST and CIFAR-10 are downloaded, checked against their SHA-256 and cached).
//!
//! ## A five-week path
//! | week | read | run |
//! |---|---|---|
//! | 1 | chapter 1 ([`basics`]) and notebook `01-basics` | `cargo test -p basics`, `cargo xtask tasks --crate basics` |
//! | 2 | chapters 2 to 4 ([`linalg`], [`tensors`], [`algorithms`]), notebooks `02` to `04` | `cargo xtask fetch-data mnist`, `cargo xtask tasks --crate algorithms` |
//! | 3 | chapter 6's vectorisation and integration sections ([`performance`]) | `cargo test -p performance`, `cargo xtask tasks --crate performance` |
//! | 4 | chapter 5 ([`applications`]) and chapter 6's profiling section | `cargo xtask tasks --crate applications` (figures in `target/figures/`); one profile-guided fix of your own |
//! | 5 | a portfolio project end to end: MNIST -> standardise -> PCA -> MLP -> metrics and figures -> `.npy` | `cargo run --release -p applications --example portfolio_mnist` (the whole pipeline in one file), then your own repository, copying what you need |
//!
//! The interview questions (broadcasting, regression by hand, why vectorised code is fast,
//! data larger than RAM, SVD for PCA, a forward pass, preprocessing, NaN debugging) are
//! answered with runnable code in `notebooks/interview.ipynb` and in the README.
//!
//! ```
//! // The whole course in four lines: load, scale, reduce, cluster.
//! let iris = datasets::iris::load();
//! let z = basics::preprocessing::standardize(&iris.data, 0)?;
//! let reduced = algorithms::pca::Pca::params(2).fit(&z)?.transform(&z)?;
//! assert_eq!(algorithms::kmeans::KMeans::params(3).seed(0).fit(&reduced)?.labels().len(), 150);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// The chapters, re-exported: the front page links into each of them.
pub use {algorithms, applications, basics, datasets, linalg, performance, tensors};
