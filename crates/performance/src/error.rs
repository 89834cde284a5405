//! The one error type of the chapter.
//!
//! NumPy raises `ValueError` for mismatched shapes and empty input and silently returns
//! `nan`/`inf` for non-finite data; here each of those is a variant of [`Error`], and the
//! messages name the operation, the shapes, the file or the position of the bad value.

use std::path::PathBuf;

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Writes a shape as NumPy prints it: `(3, 4)`, `(5,)`, `()`. An axis of `usize::MAX`
/// stands for "any length" in a shape pattern and prints as `_`.
///
/// ```
/// assert_eq!(performance::error::shape_str(&[60000, 784]), "(60000, 784)");
/// assert_eq!(performance::error::shape_str(&[3]), "(3,)");
/// ```
pub fn shape_str(shape: &[usize]) -> String {
    match shape {
        [] => "()".to_string(),
        [n] => format!("({},)", axis_str(*n)),
        dims => {
            let parts: Vec<String> = dims.iter().map(|&n| axis_str(n)).collect();
            format!("({})", parts.join(", "))
        }
    }
}

fn axis_str(n: usize) -> String {
    if n == usize::MAX {
        "_".to_string()
    } else {
        n.to_string()
    }
}

/// Everything that can go wrong in this chapter.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Two inputs whose shapes must agree do not.
    #[error(
        "{op}: shapes {} and {} are incompatible: {reason}",
        shape_str(left),
        shape_str(right)
    )]
    ShapeMismatch {
        /// The operation, e.g. `"matmul_naive"`.
        op: &'static str,
        /// Shape of the first input.
        left: Vec<usize>,
        /// Shape of the second input.
        right: Vec<usize>,
        /// Which dimensions disagree.
        reason: String,
    },
    /// An input with no elements (or no rows) where at least one is needed.
    #[error("{op}: empty input of shape {}", shape_str(shape))]
    Empty {
        /// The operation.
        op: &'static str,
        /// The shape given.
        shape: Vec<usize>,
    },
    /// A NaN or infinity where only finite values are allowed, with its position.
    #[error("{op}: non-finite value {value} at index {index:?}")]
    NonFinite {
        /// The operation.
        op: &'static str,
        /// The multi-index of the first offending element.
        index: Vec<usize>,
        /// The value found (`NaN`, `inf` or `-inf`).
        value: f64,
    },
    /// A parameter outside its domain (`chunk_rows = 0`, `eps <= 0`, a window longer than
    /// the array).
    #[error("{op}: {name} = {value} is invalid: {reason}")]
    InvalidParameter {
        /// The operation.
        op: &'static str,
        /// The parameter name.
        name: &'static str,
        /// The value given, formatted.
        value: String,
        /// What the value must satisfy.
        reason: String,
    },
    /// An array whose element type or layout is not the one required, e.g. an `.npy` file
    /// holding `<f8` where `<f4` is expected.
    #[error("{op}: expected {expected}, found {found}")]
    WrongType {
        /// The operation or file.
        op: String,
        /// What was required.
        expected: String,
        /// What was found.
        found: String,
    },
    /// A `.npy` file that cannot be read as the requested array: bad header, wrong element
    /// type, truncated or with extra bytes.
    #[error("{}: not a valid .npy for this array: {message}", path.display())]
    Npy {
        /// The file.
        path: PathBuf,
        /// What ndarray-npy reported.
        message: String,
    },
    /// An I/O error on a file (open, create, map, advise).
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn npy(path: &std::path::Path, e: impl std::fmt::Display) -> Self {
        Error::Npy {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    }

    pub(crate) fn param(
        op: &'static str,
        name: &'static str,
        value: impl std::fmt::Display,
        reason: &str,
    ) -> Self {
        Error::InvalidParameter {
            op,
            name,
            value: value.to_string(),
            reason: reason.to_string(),
        }
    }
}
