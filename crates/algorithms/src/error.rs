//! The one error type of the chapter.
//!
//! scikit-learn raises `ValueError` for a bad hyperparameter (`n_clusters=0`), for data of
//! the wrong shape and for NaN in the input; here each of those is a variant of [`Error`]
//! returned by `fit`/`predict`, never a panic. The messages name the estimator, the
//! parameter and the shapes, so they can be fixed without reading the source.

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Writes a shape as NumPy prints it: `(3, 4)`, `(5,)`, `()`.
///
/// ```
/// assert_eq!(algorithms::error::shape_str(&[150, 4]), "(150, 4)");
/// assert_eq!(algorithms::error::shape_str(&[3]), "(3,)");
/// ```
pub fn shape_str(shape: &[usize]) -> String {
    match shape {
        [] => "()".to_string(),
        [n] => format!("({n},)"),
        dims => {
            let parts: Vec<String> = dims.iter().map(usize::to_string).collect();
            format!("({})", parts.join(", "))
        }
    }
}

/// Everything that can go wrong in this chapter.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A hyperparameter outside its domain, caught when `fit` validates the params builder:
    /// `"KMeans: n_clusters = 0 is invalid: must be at least 1"`.
    #[error("{estimator}: {name} = {value} is invalid: {reason}")]
    InvalidParameter {
        /// The estimator or function, e.g. `"KMeans"`.
        estimator: &'static str,
        /// The parameter, e.g. `"n_clusters"`.
        name: &'static str,
        /// The value given, formatted.
        value: String,
        /// What the value must satisfy.
        reason: String,
    },
    /// Two inputs whose shapes must agree do not: `x` and `y` row counts, the number of
    /// features seen in `fit` and in `predict`.
    #[error(
        "{op}: shapes {} and {} are incompatible: {reason}",
        shape_str(left),
        shape_str(right)
    )]
    ShapeMismatch {
        /// The operation, e.g. `"LinearRegression::fit"`.
        op: &'static str,
        /// Shape of the first input.
        left: Vec<usize>,
        /// Shape of the second input.
        right: Vec<usize>,
        /// Which dimensions disagree.
        reason: String,
    },
    /// Too few samples for the operation (including none at all).
    #[error("{op}: got {n_samples} sample(s), need at least {needed}")]
    TooFewSamples {
        /// The operation.
        op: &'static str,
        /// Number of samples given.
        n_samples: usize,
        /// Minimum required.
        needed: usize,
    },
    /// The input holds NaN or ±inf (scikit-learn: `Input X contains NaN`).
    #[error("{op}: input contains NaN or infinity")]
    NonFinite {
        /// The operation.
        op: &'static str,
    },
    /// A class label that does not fit the model (`label >= n_classes`), or a negative count
    /// for `bincount`.
    #[error("{op}: label {label} is out of range for {n_classes} classes")]
    LabelOutOfRange {
        /// The operation.
        op: &'static str,
        /// The offending label.
        label: usize,
        /// Number of classes.
        n_classes: usize,
    },
    /// Training produced a non-finite loss: almost always a learning rate that is too large.
    #[error("{op}: loss became {loss} at iteration {iteration}; lower the learning rate")]
    Diverged {
        /// The estimator.
        op: &'static str,
        /// The iteration (or epoch) where it happened.
        iteration: usize,
        /// The loss value (NaN or inf).
        loss: f64,
    },
    /// An error from chapter 2's linear algebra (`solve`, `eigh`, `thin_svd`, ...).
    #[error(transparent)]
    Linalg(#[from] linalg::Error),
    /// An error from chapter 1's statistics and preprocessing.
    #[error(transparent)]
    Basics(#[from] basics::Error),
}

pub(crate) fn invalid(
    estimator: &'static str,
    name: &'static str,
    value: impl std::fmt::Display,
    reason: impl Into<String>,
) -> Error {
    Error::InvalidParameter {
        estimator,
        name,
        value: value.to_string(),
        reason: reason.into(),
    }
}
