//! The one error type of the chapter.

use std::fmt;

/// A shape written the way NumPy prints it: `(3, 4)`, `(3,)`, `()`.
///
/// ```
/// use linalg::Shape;
/// assert_eq!(Shape::from(&[3, 4][..]).to_string(), "(3, 4)");
/// assert_eq!(Shape::from(&[5][..]).to_string(), "(5,)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape(pub Vec<usize>);

impl From<&[usize]> for Shape {
    fn from(dims: &[usize]) -> Self {
        Shape(dims.to_vec())
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [] => write!(f, "()"),
            [n] => write!(f, "({n},)"),
            dims => {
                write!(f, "(")?;
                for (i, d) in dims.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{d}")?;
                }
                write!(f, ")")
            }
        }
    }
}

/// Everything that can go wrong in this crate.
///
/// Each variant names the operation (`op`, e.g. `"solve"`) and, where it applies, the
/// shapes involved, in NumPy's notation, so that a message reads like NumPy's
/// `LinAlgError`/`ValueError`:
///
/// ```
/// use ndarray::Array2;
/// let a = Array2::<f64>::zeros((3, 4));
/// let b = Array2::<f64>::zeros((5, 2));
/// let err = linalg::matmul(&a, &b).unwrap_err();
/// assert_eq!(err.to_string(), "matmul: shapes (3, 4) and (5, 2) are not aligned: 4 != 5");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The contracted dimensions of a product (or of `solve`/`lstsq`) differ.
    #[error("{op}: shapes {lhs} and {rhs} are not aligned: {left} != {right}")]
    NotAligned {
        /// The operation, e.g. `"matmul"`.
        op: &'static str,
        /// Shape of the left operand.
        lhs: Shape,
        /// Shape of the right operand.
        rhs: Shape,
        /// The left operand's contracted length.
        left: usize,
        /// The right operand's contracted length.
        right: usize,
    },
    /// Batch (leading) dimensions of `matmul` operands cannot be broadcast together.
    #[error("{op}: shapes {lhs} and {rhs} could not be broadcast together")]
    NotBroadcastable {
        /// The operation.
        op: &'static str,
        /// Shape of the left operand.
        lhs: Shape,
        /// Shape of the right operand.
        rhs: Shape,
    },
    /// A square matrix was needed.
    #[error("{op}: last 2 dimensions of the array must be square, got shape {shape}")]
    NotSquare {
        /// The operation.
        op: &'static str,
        /// The offending shape.
        shape: Shape,
    },
    /// The operation does not accept this number of dimensions.
    #[error("{op}: expected {expected}, got an array of shape {shape}")]
    WrongNdim {
        /// The operation.
        op: &'static str,
        /// What was expected, e.g. `"a 1-D or 2-D array"`.
        expected: &'static str,
        /// The offending shape.
        shape: Shape,
    },
    /// An input with a zero-length axis.
    #[error("{op}: empty input of shape {shape}")]
    Empty {
        /// The operation.
        op: &'static str,
        /// The offending shape.
        shape: Shape,
    },
    /// An input contained NaN or ±inf.
    #[error("{op}: array must not contain infs or NaNs")]
    NonFinite {
        /// The operation.
        op: &'static str,
    },
    /// The matrix is exactly singular (a zero pivot in its LU factorisation).
    #[error("{op}: singular matrix")]
    Singular {
        /// The operation.
        op: &'static str,
    },
    /// Cholesky found a non-positive pivot.
    #[error("{op}: matrix is not positive definite")]
    NotPositiveDefinite {
        /// The operation.
        op: &'static str,
    },
    /// An iterative decomposition (SVD, eigenvalues) did not converge.
    #[error("{op}: did not converge")]
    NoConvergence {
        /// The operation.
        op: &'static str,
    },
    /// The result would have more elements than `isize::MAX` (its element count overflows):
    /// possible with zero-size operands, e.g. `(2^40, 0) @ (0, 2^40)`. NumPy raises
    /// `ValueError: array is too big` or `MemoryError` here.
    #[error("{op}: the result of shape {shape} is too large (its element count overflows)")]
    TooLarge {
        /// The operation.
        op: &'static str,
        /// The shape the result would have.
        shape: Shape,
    },
    /// A norm order that does not exist for this number of dimensions.
    #[error("norm: invalid norm order {ord} for {ndim}-D input")]
    InvalidNorm {
        /// The order asked for, as written in NumPy (`'fro'`, `2`, ...).
        ord: String,
        /// Number of dimensions of the input.
        ndim: usize,
    },
}

/// `Result<T, linalg::Error>`.
pub type Result<T> = std::result::Result<T, Error>;
