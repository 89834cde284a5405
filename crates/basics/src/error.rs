//! The one error type of the chapter.
//!
//! NumPy raises `ValueError`/`IndexError` (and sometimes only warns, returning `nan`); here
//! every function that takes user data returns [`Result`], and each variant carries what is
//! needed to fix the call: the shapes, the axis, the line and column.

use std::path::PathBuf;

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong in this chapter's functions.
///
/// Messages follow NumPy's wording where NumPy has one, with shapes written as NumPy prints
/// them: `(3, 4)`, `(5,)`, `()`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Two shapes that NumPy's broadcasting rule cannot reconcile.
    #[error(
        "operands could not be broadcast together with shapes {} {}",
        shape_str(left),
        shape_str(right)
    )]
    Broadcast {
        /// Shape of the left operand.
        left: Vec<usize>,
        /// Shape of the right operand.
        right: Vec<usize>,
    },
    /// Shapes that must agree (not broadcast) do not: a mask and its array, a scaler's
    /// feature count, `x` and `y` row counts.
    #[error(
        "{op}: shapes {} and {} are incompatible: {reason}",
        shape_str(left),
        shape_str(right)
    )]
    ShapeMismatch {
        /// The operation, e.g. `"compress"` or `"StandardScaler::transform"`.
        op: &'static str,
        /// Shape of the first operand.
        left: Vec<usize>,
        /// Shape of the second operand.
        right: Vec<usize>,
        /// Which dimensions disagree.
        reason: String,
    },
    /// A reshape to a shape with a different number of elements.
    #[error("cannot reshape array of size {size} into shape {}", shape_str(shape))]
    Reshape {
        /// Number of elements in the input.
        size: usize,
        /// The requested shape.
        shape: Vec<usize>,
    },
    /// A reduction or a fit over zero elements.
    #[error("{op}: empty input (shape {})", shape_str(shape))]
    Empty {
        /// The operation that needs at least one element.
        op: String,
        /// Shape of the input.
        shape: Vec<usize>,
    },
    /// An axis that the array does not have.
    #[error("{op}: axis {axis} is out of bounds for array of dimension {ndim}")]
    AxisOutOfRange {
        /// The operation.
        op: &'static str,
        /// The axis asked for.
        axis: usize,
        /// Number of dimensions of the array.
        ndim: usize,
    },
    /// An index past the end of an axis.
    #[error("{op}: index {index} is out of bounds for axis {axis} with size {size}")]
    IndexOutOfBounds {
        /// The operation.
        op: &'static str,
        /// The index asked for.
        index: usize,
        /// The axis it was applied to.
        axis: usize,
        /// Length of that axis.
        size: usize,
    },
    /// Delta degrees of freedom that leave no degree of freedom (NumPy warns and returns
    /// `inf`/`nan`; this is an error here).
    #[error("{op}: ddof = {ddof} must be smaller than the number of samples n = {n}")]
    Ddof {
        /// The operation.
        op: &'static str,
        /// The ddof asked for.
        ddof: usize,
        /// Number of samples along the reduced axis.
        n: usize,
    },
    /// A train/test fraction that is not strictly between 0 and 1.
    #[error("test_size = {test_size} must be strictly between 0 and 1")]
    SplitFraction {
        /// The fraction asked for.
        test_size: f64,
    },
    /// A stratified split asked for on labels where one class has fewer than 2 samples.
    #[error(
        "stratified split: class {class} has only {count} sample(s); every class needs at least 2 to appear in both train and test"
    )]
    ClassTooSmall {
        /// The class label.
        class: usize,
        /// How many samples it has.
        count: usize,
    },
    /// A parameter outside its domain (a zero step, `k > n` folds, `low >= high`...).
    #[error("{op}: {message}")]
    InvalidArgument {
        /// The operation.
        op: &'static str,
        /// What is wrong with which argument.
        message: String,
    },
    /// A CSV field or record that cannot be read.
    #[error("{file}: line {line}, column {column}: {message}")]
    Csv {
        /// The file (or a description of the buffer).
        file: String,
        /// 1-based line number in the file.
        line: u64,
        /// 1-based column number.
        column: usize,
        /// What was wrong.
        message: String,
    },
    /// A `.npy` file that cannot be written or read.
    #[error("{path}: {message}")]
    Npy {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// An I/O error, with the path it happened on.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Format a shape the way NumPy prints a tuple: `(3, 4)`, `(5,)`, `()`.
///
/// ```
/// assert_eq!(basics::shape_str(&[3, 4]), "(3, 4)");
/// assert_eq!(basics::shape_str(&[5]), "(5,)");
/// assert_eq!(basics::shape_str(&[]), "()");
/// ```
pub fn shape_str(shape: &[usize]) -> String {
    match shape {
        [] => "()".to_string(),
        [n] => format!("({n},)"),
        _ => {
            let parts: Vec<String> = shape.iter().map(ToString::to_string).collect();
            format!("({})", parts.join(", "))
        }
    }
}

/// Check that `axis < ndim`, naming the operation in the error.
pub(crate) fn check_axis(op: &'static str, axis: usize, ndim: usize) -> Result<()> {
    if axis < ndim {
        Ok(())
    } else {
        Err(Error::AxisOutOfRange { op, axis, ndim })
    }
}
