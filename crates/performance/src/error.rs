//! The one error type of the chapter, the interop section's included.
//!
//! NumPy raises `ValueError` for mismatched shapes and empty input and silently returns
//! `nan`/`inf` for non-finite data; here each of those is a variant of [`Error`], and the
//! messages name the operation, the shapes, the file or the position of the bad value.

use std::path::PathBuf;

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// A boxed error of an underlying format library (zarrs has several error types).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

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
    /// A `.npy` file could not be read by the interop loader: bad magic, truncated data,
    /// another dtype or rank.
    #[error("{}: cannot read .npy: {source}", path.display())]
    ReadNpy {
        /// The file.
        path: PathBuf,
        /// ndarray-npy's error.
        source: ndarray_npy::ReadNpyError,
    },
    /// A `.npy` file could not be written.
    #[error("{}: cannot write .npy: {source}", path.display())]
    WriteNpy {
        /// The file.
        path: PathBuf,
        /// ndarray-npy's error.
        source: ndarray_npy::WriteNpyError,
    },
    /// A `.npz` archive could not be read, or has no array of the name asked for.
    #[error("{}: cannot read .npz: {source}", path.display())]
    ReadNpz {
        /// The file.
        path: PathBuf,
        /// ndarray-npy's error.
        source: ndarray_npy::ReadNpzError,
    },
    /// A `.npz` archive could not be written.
    #[error("{}: cannot write .npz: {source}", path.display())]
    WriteNpz {
        /// The file.
        path: PathBuf,
        /// ndarray-npy's error.
        source: ndarray_npy::WriteNpzError,
    },
    /// A `.npy` header that is not the format NumPy writes.
    #[error("{}: malformed .npy header: {reason}", path.display())]
    NpyHeader {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A safetensors file that is malformed or truncated, or a tensor name that is not in it.
    #[error("safetensors: {0}")]
    Safetensors(#[from] ::safetensors::SafeTensorError),
    /// A tensor or column stored with another element type than the one asked for.
    #[error("tensor {name:?} has dtype {found}, not {expected}")]
    Dtype {
        /// The tensor or column.
        name: String,
        /// The dtype asked for.
        expected: String,
        /// The dtype in the file.
        found: String,
    },
    /// Two tensors or columns of one name.
    #[error("duplicate name {0:?}")]
    DuplicateName(String),
    /// A table whose columns disagree, or a shape that does not fit a file's layout.
    #[error("{0}")]
    Shape(String),
    /// A CSV file could not be read or written, or a field is not a number.
    #[error("{}: csv: {reason}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// What is wrong (with line and column where known).
        reason: String,
    },
    /// Parquet reading or writing failed (feature `parquet`).
    #[cfg(feature = "parquet")]
    #[error("parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// Building an Arrow record batch failed (feature `parquet`).
    #[cfg(feature = "parquet")]
    #[error("arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    /// A Zarr store could not be created, written or read (feature `zarr`).
    #[cfg(feature = "zarr")]
    #[error("{}: zarr: {source}", path.display())]
    Zarr {
        /// The store's folder.
        path: PathBuf,
        /// zarrs' error.
        source: BoxError,
    },
    /// candle refused a conversion, of dtype or shape (feature `candle`).
    #[cfg(feature = "candle")]
    #[error("candle: {0}")]
    Candle(#[from] candle_core::Error),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    #[cfg(feature = "zarr")]
    pub(crate) fn zarr(path: impl Into<PathBuf>, source: impl Into<BoxError>) -> Self {
        Error::Zarr {
            path: path.into(),
            source: source.into(),
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
