//! The one error type of the interop section.
//!
//! NumPy raises `ValueError`/`OSError` for a truncated `.npy`, a missing key in an `.npz` or a
//! dtype it did not expect; here each is a variant of [`Error`], with the file it concerns.

use std::path::PathBuf;

/// `Result` with the interop [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// A boxed error of an underlying format library (zarrs has several error types).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong while saving or loading arrays for other tools.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Opening, creating or reading a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A `.npy` file could not be read: bad magic, truncated data, another dtype or rank.
    #[error("{path}: cannot read .npy: {source}")]
    ReadNpy {
        /// The file.
        path: PathBuf,
        /// ndarray-npy's error.
        source: ndarray_npy::ReadNpyError,
    },
    /// A `.npy` file could not be written.
    #[error("{path}: cannot write .npy: {source}")]
    WriteNpy {
        /// The file.
        path: PathBuf,
        /// ndarray-npy's error.
        source: ndarray_npy::WriteNpyError,
    },
    /// A `.npz` archive could not be read, or has no array of the name asked for.
    #[error("{path}: cannot read .npz: {source}")]
    ReadNpz {
        /// The file.
        path: PathBuf,
        /// ndarray-npy's error.
        source: ndarray_npy::ReadNpzError,
    },
    /// A `.npz` archive could not be written.
    #[error("{path}: cannot write .npz: {source}")]
    WriteNpz {
        /// The file.
        path: PathBuf,
        /// ndarray-npy's error.
        source: ndarray_npy::WriteNpzError,
    },
    /// A `.npy` header that is not the format NumPy writes.
    #[error("{path}: malformed .npy header: {reason}")]
    NpyHeader {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A safetensors file that is malformed or truncated, or a tensor name that is not in it.
    #[error("safetensors: {0}")]
    Safetensors(#[from] ::safetensors::SafeTensorError),
    /// A tensor stored with another element type than the one asked for.
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
    /// A table whose columns disagree, or a shape that does not fit.
    #[error("{0}")]
    Shape(String),
    /// Parquet reading or writing failed.
    #[error("parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// Building an Arrow record batch failed.
    #[error("arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    /// A CSV file could not be read or written, or a field is not a number.
    #[error("{path}: csv: {reason}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// What is wrong (with line and column where known).
        reason: String,
    },
    /// A Zarr store could not be created, written or read.
    #[error("{path}: zarr: {source}")]
    Zarr {
        /// The store's folder.
        path: PathBuf,
        /// zarrs' error.
        source: BoxError,
    },
    /// candle refused a conversion (dtype or shape).
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

    pub(crate) fn zarr(path: impl Into<PathBuf>, source: impl Into<BoxError>) -> Self {
        Error::Zarr {
            path: path.into(),
            source: source.into(),
        }
    }
}
