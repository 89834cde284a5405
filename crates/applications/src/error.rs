//! The one error type of the chapter.
//!
//! scikit-learn raises `ValueError` for inputs of the wrong shape, an empty array, NaN
//! where it is not allowed, or a parameter outside its domain; here each of those is a
//! variant of [`Error`], returned and never a panic. Messages name the function and the
//! shapes so that they can be fixed without reading the source.

pub use algorithms::error::shape_str;

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong in this chapter.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A parameter outside its domain: `"PolynomialFeatures: degree = 0 is invalid: must be at least 1"`.
    #[error("{op}: {name} = {value} is invalid: {reason}")]
    InvalidParameter {
        /// The function or estimator.
        op: &'static str,
        /// The parameter.
        name: &'static str,
        /// The value given, formatted.
        value: String,
        /// What the value must satisfy.
        reason: String,
    },
    /// Two inputs whose shapes must agree do not.
    #[error(
        "{op}: shapes {} and {} are incompatible: {reason}",
        shape_str(left),
        shape_str(right)
    )]
    ShapeMismatch {
        /// The operation.
        op: &'static str,
        /// Shape of the first input.
        left: Vec<usize>,
        /// Shape of the second input.
        right: Vec<usize>,
        /// Which dimensions disagree.
        reason: String,
    },
    /// An input that must not be empty is.
    #[error("{op}: empty input: {what}")]
    Empty {
        /// The operation.
        op: &'static str,
        /// What was empty.
        what: String,
    },
    /// NaN (or infinity) where only finite numbers are allowed.
    #[error("{op}: non-finite value at index {index:?}: {what}")]
    NotFinite {
        /// The operation.
        op: &'static str,
        /// Index of the first offending value.
        index: Vec<usize>,
        /// What was expected.
        what: String,
    },
    /// A class label `>= n_classes`.
    #[error("{op}: label {label} is out of range for {n_classes} classes")]
    LabelOutOfRange {
        /// The operation.
        op: &'static str,
        /// The label.
        label: usize,
        /// The number of classes.
        n_classes: usize,
    },
    /// A quantity that is mathematically undefined for this input, where scikit-learn also
    /// refuses (e.g. ROC AUC when `y_true` has one class only).
    #[error("{op}: undefined: {reason}")]
    Undefined {
        /// The operation.
        op: &'static str,
        /// Why.
        reason: String,
    },
    /// An error from a chapter-4 estimator used here.
    #[error(transparent)]
    Algorithms(#[from] algorithms::Error),
    /// Drawing or writing a figure failed.
    #[error("figure {path}: {reason}")]
    Figure {
        /// The PNG file.
        path: String,
        /// What went wrong.
        reason: String,
    },
}

pub(crate) fn invalid(
    op: &'static str,
    name: &'static str,
    value: impl std::fmt::Display,
    reason: impl Into<String>,
) -> Error {
    Error::InvalidParameter {
        op,
        name,
        value: value.to_string(),
        reason: reason.into(),
    }
}

pub(crate) fn mismatch(
    op: &'static str,
    left: &[usize],
    right: &[usize],
    reason: impl Into<String>,
) -> Error {
    Error::ShapeMismatch {
        op,
        left: left.to_vec(),
        right: right.to_vec(),
        reason: reason.into(),
    }
}

pub(crate) fn empty(op: &'static str, what: impl Into<String>) -> Error {
    Error::Empty {
        op,
        what: what.into(),
    }
}

/// `Ok(())` when an array of `dims` elements of `T` can exist (the element count and its
/// size in bytes do not overflow `isize`); otherwise `InvalidParameter` naming `name`.
/// Checked before allocating, so that a size from user input is an error, not ndarray's
/// capacity-overflow panic.
pub(crate) fn check_alloc<T>(op: &'static str, name: &'static str, dims: &[usize]) -> Result<()> {
    let bytes = dims
        .iter()
        .try_fold(std::mem::size_of::<T>().max(1), |acc, &d| {
            acc.checked_mul(d)
        });
    match bytes {
        Some(b) if b <= isize::MAX as usize => Ok(()),
        _ => Err(invalid(
            op,
            name,
            format!("{dims:?}"),
            "an array of that shape would not fit in memory",
        )),
    }
}
