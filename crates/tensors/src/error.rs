//! The one error type of the chapter.

pub use linalg::Shape;

/// Everything that can go wrong in this crate.
///
/// Each variant names the operation and the shapes, axes or subscripts involved, so a
/// message reads like NumPy's `ValueError`/`AxisError`:
///
/// ```
/// use ndarray::Array2;
/// let a = Array2::<f64>::zeros((2, 3));
/// let err = tensors::moveaxis(&a, 3, 0).unwrap_err();
/// assert_eq!(err.to_string(), "moveaxis: axis 3 is out of bounds for array of dimension 2");
///
/// let err = tensors::einsum!("ij,jk->il", &a, &a.t()).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "einsum: subscripts 'ij,jk->il': output index 'l' does not appear in the inputs"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An axis index outside `-ndim..ndim` (NumPy's `AxisError`).
    #[error("{op}: axis {axis} is out of bounds for array of dimension {ndim}")]
    AxisOutOfBounds {
        /// The operation, e.g. `"moveaxis"`.
        op: &'static str,
        /// The axis as given (negative counts from the end).
        axis: isize,
        /// Number of dimensions of the array (or of the result, for `expand_dims`).
        ndim: usize,
    },
    /// The same axis was given twice.
    #[error("{op}: repeated axis {axis}")]
    RepeatedAxis {
        /// The operation.
        op: &'static str,
        /// The repeated axis, normalised to `0..ndim`.
        axis: usize,
    },
    /// A list of axes that is not a permutation of `0..ndim`.
    #[error("{op}: axes {axes:?} don't match array of dimension {ndim}")]
    AxesDontMatch {
        /// The operation.
        op: &'static str,
        /// The axes as given.
        axes: Vec<isize>,
        /// Number of dimensions of the array.
        ndim: usize,
    },
    /// Operands whose shapes do not fit together; `detail` names the shapes and axes.
    #[error("{op}: {detail}")]
    ShapeMismatch {
        /// The operation.
        op: &'static str,
        /// What does not match, e.g. `"shapes (3, 4) and (5, 2): axis 1 of a has length 4 but axis 0 of b has length 5"`.
        detail: String,
    },
    /// A parameter out of its range (a batch size of 0, a rank larger than a dimension...).
    #[error("{op}: {detail}")]
    InvalidArgument {
        /// The operation.
        op: &'static str,
        /// What is wrong with it.
        detail: String,
    },
    /// A malformed or inconsistent einsum subscript string.
    #[error("einsum: subscripts '{subscripts}': {detail}")]
    Subscripts {
        /// The subscript string as given.
        subscripts: String,
        /// What is wrong, naming the index or operand.
        detail: String,
    },
    /// An input with no elements where at least one is needed.
    #[error("{op}: zero-size array of shape {shape}")]
    Empty {
        /// The operation.
        op: &'static str,
        /// The offending shape.
        shape: Shape,
    },
    /// An error from a chapter 2 routine (`matmul`, `thin_svd`, `solve`).
    #[error(transparent)]
    Linalg(#[from] linalg::Error),
}

/// `Result<T, tensors::Error>`.
pub type Result<T> = std::result::Result<T, Error>;

/// `Shape` of a slice of dimensions.
pub(crate) fn shape(dims: &[usize]) -> Shape {
    Shape::from(dims)
}

/// Normalise a NumPy-style axis (negative counts from the end) into `0..ndim`.
pub(crate) fn norm_axis(op: &'static str, axis: isize, ndim: usize) -> Result<usize> {
    let n = ndim as isize;
    let a = if axis < 0 { axis + n } else { axis };
    if a < 0 || a >= n {
        return Err(Error::AxisOutOfBounds { op, axis, ndim });
    }
    Ok(a as usize)
}

/// Normalise a list of axes, rejecting duplicates.
pub(crate) fn norm_axes(op: &'static str, axes: &[isize], ndim: usize) -> Result<Vec<usize>> {
    let mut out = Vec::with_capacity(axes.len());
    for &ax in axes {
        let a = norm_axis(op, ax, ndim)?;
        if out.contains(&a) {
            return Err(Error::RepeatedAxis { op, axis: a });
        }
        out.push(a);
    }
    Ok(out)
}
