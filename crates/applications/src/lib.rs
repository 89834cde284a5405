//! # Chapter 5: NumPy in AI/ML applications
//!
//! **Course:** [the course's front page](../ai_course/index.html) · previous: [Chapter 4: ML from scratch](../algorithms/index.html) · next: [Chapter 6: performance](../performance/index.html)
//!
//! ## The big picture
//! Chapter 4 wrote the learning algorithms. Around every one of them in a real project sits
//! as much code again: cleaning and encoding the inputs, turning images into normalised
//! batches, the building blocks a deep-learning framework provides (convolution, pooling,
//! losses, batch normalisation, dropout), the metrics that say whether a model is any good,
//! and the figures that show it. This chapter writes that code, one module per topic, with
//! scikit-learn's and PyTorch's conventions, and checks it against scikit-learn 1.9 / NumPy
//! 2.4 (a script in `fixtures/`), hand-computed cases and finite-difference gradients.
//! The examples then use chapter 4's MLP, logistic regression, PCA and K-means on Iris and
//! MNIST.
//!
//! | section | NumPy / scikit-learn / PyTorch | Rust |
//! |---|---|---|
//! | [5.1 missing data](missing) | `np.isnan(X).sum(0)`, `X[~np.isnan(X).any(1)]`, `SimpleImputer("median")` | [`nan_count_per_column`](missing::nan_count_per_column), [`drop_rows_with_nan`](missing::drop_rows_with_nan), `SimpleImputer::params(Strategy::Median).fit(&x)?` |
//! | [5.2 feature engineering](features) | `PolynomialFeatures(2)`, `OneHotEncoder`, `np.digitize`, `KBinsDiscretizer` | [`PolynomialFeatures::params(2)`](features::PolynomialFeatures), [`OneHotEncoder`](features::OneHotEncoder), [`digitize`](features::digitize), [`KBinsUniform`](features::KBinsUniform) |
//! | [5.3 images](images) | `X / 255`, `RandomCrop(32, 4)`, `RandomHorizontalFlip`, `np.rot90`, `F.interpolate`, `ColorJitter`, `Normalize` | [`to_float`](images::to_float), [`random_crop`](images::random_crop), [`random_hflip`](images::random_hflip), [`rot90`](images::rot90), [`resize_bilinear`](images::resize_bilinear), [`color_jitter`](images::color_jitter), [`normalize`](images::normalize), [`Augment`](images::Augment) |
//! | [5.4 CNN inputs](cnn) | `X.transpose(0, 2, 3, 1)`, `F.conv2d`, `F.max_pool2d` | [`nchw_to_nhwc`](cnn::nchw_to_nhwc), [`conv2d`](cnn::conv2d) (im2col), [`conv2d_backward`](cnn::conv2d_backward), [`max_pool2d`](cnn::max_pool2d) |
//! | [5.5 RNN inputs](sequences) | `pad_sequence`, masks, `X.transpose(1, 0, 2)` | [`pad_sequences`](sequences::pad_sequences), [`sequence_mask`](sequences::sequence_mask), [`to_time_major`](sequences::to_time_major) |
//! | [5.6 losses](losses) | `F.cross_entropy(z, y, label_smoothing=0.1)`, `F.binary_cross_entropy_with_logits`, `F.mse_loss` | [`cross_entropy`](losses::cross_entropy), [`binary_cross_entropy_with_logits`](losses::binary_cross_entropy_with_logits), [`mse_loss`](losses::mse_loss) |
//! | [5.7 batch norm, dropout](layers) | `nn.BatchNorm1d`, `nn.Dropout` | [`BatchNorm`](layers::BatchNorm), [`dropout`](layers::dropout) |
//! | [5.8 metrics](metrics) | `confusion_matrix`, `precision_recall_fscore_support`, `roc_curve`, `roc_auc_score`, `precision_recall_curve`, `r2_score` | [`confusion_matrix`](metrics::confusion_matrix), [`precision_recall_fscore`](metrics::precision_recall_fscore), [`roc_curve`](metrics::roc_curve), [`roc_auc_score`](metrics::roc_auc_score), [`precision_recall_curve`](metrics::precision_recall_curve), [`r2_score`](metrics::r2_score) |
//! | [5.9 figures](plots) | `plt.scatter`, `plt.plot`, `ConfusionMatrixDisplay`, `plt.imshow` grid, `plt.savefig` | [`scatter`](plots::scatter), [`line_chart`](plots::line_chart), [`heatmap`](plots::heatmap), [`image_grid`](plots::image_grid) |
//!
//! A whole evaluation, from a chapter-4 model to scikit-learn's numbers:
//!
//! ```
//! use algorithms::logistic_regression::LogisticRegression;
//! use applications::metrics::{confusion_matrix, precision_recall_fscore, Average, ZeroDivision};
//! let iris = datasets::iris::load();
//! // LogisticRegression(C=1e10).fit(X, y).predict(X)
//! let model = LogisticRegression::params().c(1e10).max_iter(20_000).fit(&iris.data, &iris.target)?;
//! let pred = model.predict(&iris.data)?;
//! let cm = confusion_matrix(&iris.target, &pred, 3)?;
//! assert_eq!(cm.row(0).to_vec(), vec![50, 0, 0]);          // setosa: always right
//! let s = precision_recall_fscore(&iris.target, &pred, 3, Average::Macro, ZeroDivision::Warn)?;
//! assert!(s.f1[0] > 0.95);
//! # Ok::<(), applications::Error>(())
//! ```
//!
//! ## Conventions
//! - Tabular data and metrics are `f64` (to match scikit-learn to 1e-12); image batches are
//!   `f32` NCHW (the format of CIFAR-10 and of every DL framework); the deep-learning blocks
//!   ([`cnn`], [`sequences`], [`losses`], [`layers`]) are generic over [`Float`] (`f32` for
//!   speed, `f64` for gradient checks).
//! - Inputs are any `ArrayBase` (owned arrays and views); labels are `usize` in `0..k`,
//!   binary targets `bool`.
//! - Random operations take a seeded `rand` generator (`StdRng::seed_from_u64(0)`): the
//!   same seed gives the same augmentation, crop or dropout mask. The streams are not
//!   NumPy's, so a seeded result equals itself, not NumPy's.
//! - Bad input is an [`Error`] naming the function and the shapes, never a panic.
//!
//! ## The practical tasks
//! Each example quotes the NumPy/scikit-learn it reproduces, prints `result:` lines and
//! writes its figures under `target/figures/` (printing the paths). MNIST comes from the
//! `datasets` crate; without it, the MNIST examples print `skipped:` with the fetch command.
//!
//! | `cargo run --release -p applications --example ...` | what it shows | measured here (2 cores, load ~14) |
//! |---|---|---|
//! | `cifar10_preprocess` | CIFAR-10 training images through crop/flip/jitter/normalise, a grid of originals above their augmentations (`cifar10_augment.png`) | not run: CIFAR-10 is not installed on this machine; the same pipeline is tested on generated records |
//! | `mnist_forward_pass` | a chapter-4 MLP 784-128-10 trained 6 epochs, then its forward pass written out as batched matrix products over the 10000 test images; loss curve and predictions grid | test accuracy 0.9748, identical predictions to `FittedMlp::predict`, 10000 images in 88-121 ms (82k-113k images/s) |
//! | `confusion_matrix` | logistic regression (C = 1) on Iris and an MLP (3 epochs) on MNIST: confusion matrices, per-class P/R/F1, macro and weighted averages, heatmaps | Iris `[[50,0,0],[0,48,2],[0,0,50]]`, macro F1 0.9867; MNIST macro F1 0.9684, worst class 8 (F1 0.952) |
//! | `pca_high_dim` | MNIST 784 -> 50 -> 2 with PCA, scatter by digit, K-means (k = 10) on the 2-D projection, softmax regression on 50 components vs 784 pixels | 85.8 % of the variance in 50 components; accuracy 0.910 on 50 components (0.44 s) vs 0.923 on pixels (2.2 s) |
//! | `portfolio_mnist` | the course end to end: MNIST -> `StandardScaler` fitted on train (chapter 1) -> PCA 784 -> 100 -> MLP 100-256-10, 10 epochs (chapter 4) -> accuracy, per-class P/R/F1, confusion matrix -> heatmap, loss curve and PCA scatter -> `.npy` export under `target/portfolio/` with the two NumPy lines that load it; wall time per stage (`--train N`, `--components K`, `--epochs E`) | test accuracy 0.9722, macro F1 0.9721 (70.6 % of the standardised variance in 100 components); 12.3 s in all at load ~6.7: standardise 5.3 s, PCA 2.4 s, MLP 4.2 s |
//! | `roc_curves` | digit 0 vs rest: ROC and PR curves with AUC and AP for a model on all pixels and one on 2 PCA components | AUC 0.9987 / AP 0.9897 (pixels), AUC 0.9497 / AP 0.7353 (2 components); `drop_intermediate` keeps 124 of 10000 ROC points |
//!
//! Figures written by the examples (under `target/figures/`, or `$CARGO_TARGET_DIR/figures/`):
//! `confusion_iris.png`, `confusion_mnist.png`, `pca_mnist_scatter.png`,
//! `kmeans_mnist_pca2.png`, `roc_zero_vs_rest.png`, `pr_zero_vs_rest.png`,
//! `mnist_training_loss.png`, `mnist_predictions.png`, `cifar10_augment.png`,
//! `portfolio_confusion.png`, `portfolio_loss.png`, `portfolio_pca_scatter.png`.
//!
//! ## Correctness
//! - `tests/chapter5/sklearn_reference.rs`: confusion matrix and per-class P/R/F1 of the Iris
//!   logistic regression against `../shared/reference/iris_reference.json`; every metric
//!   (all averages and `zero_division` settings, ROC/PR curves with thresholds, AUC, AP,
//!   regression metrics), polynomial features, imputers, one-hot, binning, losses with label
//!   smoothing and batch norm against `fixtures/sklearn_reference.json`, written by
//!   `fixtures/make_fixtures.py` (scikit-learn 1.9.1, NumPy 2.4).
//! - `tests/chapter5/gradients.rs`: conv2d (input, weights, bias), batch norm (input, gamma, beta)
//!   and the losses against central finite differences; im2col convolution against the
//!   direct loops.
//! - `tests/chapter5/images.rs`: every image operation on small hand-computed cases, and the
//!   CIFAR-10 pipeline on generated images in the real binary layout.
//! - `tests/chapter5/figures.rs`: every figure is written, decodes as PNG, has the expected size and
//!   is not blank.
//! - `tests/chapter5/errors.rs`: the error paths.
//!
//! ## Current state
//! Dense data only; convolution without dilation or groups; pooling without padding and
//! without a backward pass; batch norm over `(N, D)` (use the NHWC reshape for images);
//! the ROC/PR functions are binary (one-vs-rest by hand for multi-class). Figures are PNG
//! only (no SVG), in one style.

pub mod cnn;
pub mod error;
pub mod features;
pub mod images;
pub mod layers;
pub mod losses;
pub mod metrics;
pub mod missing;
pub mod plots;
pub mod sequences;

pub use error::{Error, Result};
/// The element types of the deep-learning blocks, `f32` and `f64` (chapter 2's [`linalg::Float`]).
pub use linalg::Float;
