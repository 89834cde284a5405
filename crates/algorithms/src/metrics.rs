//! # 4.7 Metrics: how good is a fit
//!
//! | scikit-learn | Rust (`use algorithms::metrics::*;`) |
//! |---|---|
//! | `accuracy_score(y_true, y_pred)` | [`accuracy(&y_true, &y_pred)?`](accuracy) |
//! | `confusion_matrix(y_true, y_pred)` | [`confusion_matrix(&y_true, &y_pred, k)?`](confusion_matrix) (rows: true class) |
//! | `r2_score(y_true, y_pred)` | [`r2_score(&y_true, &y_pred)?`](r2_score) |
//! | `mean_squared_error(y_true, y_pred)` | [`mean_squared_error(&y_true, &y_pred)?`](mean_squared_error) |
//! | `adjusted_rand_score`-like purity of clusters | [`cluster_purity(&labels, &clusters)?`](cluster_purity) |

use ndarray::{Array2, ArrayBase, Data, Ix1};

use crate::Float;
use crate::error::{Error, Result};

fn same_len<A, B, S1: Data<Elem = A>, S2: Data<Elem = B>>(
    op: &'static str,
    a: &ArrayBase<S1, Ix1>,
    b: &ArrayBase<S2, Ix1>,
) -> Result<()> {
    if a.len() != b.len() {
        return Err(Error::ShapeMismatch {
            op,
            left: a.shape().to_vec(),
            right: b.shape().to_vec(),
            reason: "y_true and y_pred must have the same length".into(),
        });
    }
    if a.is_empty() {
        return Err(Error::TooFewSamples {
            op,
            n_samples: 0,
            needed: 1,
        });
    }
    Ok(())
}

/// Fraction of correct predictions: `accuracy_score(y_true, y_pred)`.
///
/// ```
/// use ndarray::array;
/// let acc = algorithms::metrics::accuracy(&array![0, 1, 2, 2], &array![0, 1, 1, 2])?;
/// assert_eq!(acc, 0.75);
/// # Ok::<(), algorithms::Error>(())
/// ```
///
/// # Errors
/// [`Error::ShapeMismatch`] for different lengths, [`Error::TooFewSamples`] when empty.
pub fn accuracy<S1, S2>(y_true: &ArrayBase<S1, Ix1>, y_pred: &ArrayBase<S2, Ix1>) -> Result<f64>
where
    S1: Data<Elem = usize>,
    S2: Data<Elem = usize>,
{
    same_len("accuracy", y_true, y_pred)?;
    let hits = y_true.iter().zip(y_pred).filter(|(t, p)| t == p).count();
    Ok(hits as f64 / y_true.len() as f64)
}

/// `confusion_matrix(y_true, y_pred)`: entry `[i, j]` counts samples of true class `i`
/// predicted as `j`, for classes `0..n_classes`.
///
/// # Errors
/// As [`accuracy`], plus [`Error::LabelOutOfRange`] for a label `>= n_classes`, and
/// [`Error::InvalidParameter`] when `n_classes^2` counts could not be allocated.
pub fn confusion_matrix<S1, S2>(
    y_true: &ArrayBase<S1, Ix1>,
    y_pred: &ArrayBase<S2, Ix1>,
    n_classes: usize,
) -> Result<Array2<usize>>
where
    S1: Data<Elem = usize>,
    S2: Data<Elem = usize>,
{
    same_len("confusion_matrix", y_true, y_pred)?;
    if !crate::check::fits_in_memory::<usize>(n_classes.checked_mul(n_classes)) {
        return Err(crate::error::invalid(
            "confusion_matrix",
            "n_classes",
            n_classes,
            "n_classes^2 counts would not fit in memory",
        ));
    }
    let mut m = Array2::zeros((n_classes, n_classes));
    for (&t, &p) in y_true.iter().zip(y_pred) {
        let bad = t.max(p);
        if bad >= n_classes {
            return Err(Error::LabelOutOfRange {
                op: "confusion_matrix",
                label: bad,
                n_classes,
            });
        }
        m[[t, p]] += 1;
    }
    Ok(m)
}

/// Cluster purity: each cluster votes for its most frequent true label; purity is the
/// fraction of samples carrying their cluster's label. 1.0 is a perfect clustering (up
/// to renaming clusters); with `k` clusters of random labels it is about the share of the
/// largest class.
///
/// ```
/// use ndarray::array;
/// // clusters 5 and 7 are classes 0 and 1 renamed, one sample misplaced
/// let p = algorithms::metrics::cluster_purity(&array![0, 0, 1, 1], &array![5, 5, 7, 5])?;
/// assert_eq!(p, 0.75);
/// # Ok::<(), algorithms::Error>(())
/// ```
///
/// # Errors
/// As [`accuracy`].
pub fn cluster_purity<S1, S2>(
    labels: &ArrayBase<S1, Ix1>,
    clusters: &ArrayBase<S2, Ix1>,
) -> Result<f64>
where
    S1: Data<Elem = usize>,
    S2: Data<Elem = usize>,
{
    same_len("cluster_purity", labels, clusters)?;
    let n_labels = labels.iter().max().map_or(0, |&m| m + 1);
    let n_clusters = clusters.iter().max().map_or(0, |&m| m + 1);
    let mut counts = Array2::<usize>::zeros((n_clusters, n_labels));
    for (&l, &c) in labels.iter().zip(clusters) {
        counts[[c, l]] += 1;
    }
    let majority: usize = counts
        .rows()
        .into_iter()
        .map(|r| r.iter().copied().max().unwrap_or(0))
        .sum();
    Ok(majority as f64 / labels.len() as f64)
}

/// Coefficient of determination `R^2 = 1 - SS_res / SS_tot`: `r2_score(y_true, y_pred)`.
///
/// # Errors
/// [`Error::ShapeMismatch`] for different lengths, [`Error::TooFewSamples`] when empty.
pub fn r2_score<F, S1, S2>(y_true: &ArrayBase<S1, Ix1>, y_pred: &ArrayBase<S2, Ix1>) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    same_len("r2_score", y_true, y_pred)?;
    let mean = y_true.sum() / F::from_f64(y_true.len() as f64);
    let ss_res = y_true
        .iter()
        .zip(y_pred)
        .fold(F::zero(), |acc, (&t, &p)| acc + (t - p) * (t - p));
    let ss_tot = y_true.fold(F::zero(), |acc, &t| acc + (t - mean) * (t - mean));
    Ok(F::one() - ss_res / ss_tot)
}

/// Mean of squared errors: `mean_squared_error(y_true, y_pred)`.
///
/// # Errors
/// As [`r2_score`].
pub fn mean_squared_error<F, S1, S2>(
    y_true: &ArrayBase<S1, Ix1>,
    y_pred: &ArrayBase<S2, Ix1>,
) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    same_len("mean_squared_error", y_true, y_pred)?;
    let ss = y_true
        .iter()
        .zip(y_pred)
        .fold(F::zero(), |acc, (&t, &p)| acc + (t - p) * (t - p));
    Ok(ss / F::from_f64(y_true.len() as f64))
}
