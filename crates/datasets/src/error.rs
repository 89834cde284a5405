//! The one error type of the datasets crate.

use std::path::PathBuf;

/// Everything that can go wrong when finding, installing or parsing a dataset.
///
/// Every variant names what it is about (the file, the line and column, the
/// expected and actual values), so a message is enough to fix the problem.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The dataset's files are not in the cache directory.
    #[error(
        "{dataset} is not installed in {dir}: run `{command}` (offline: add `--from DIR` with a folder holding the files)"
    )]
    NotInstalled {
        /// Dataset name, as the registry spells it.
        dataset: &'static str,
        /// The cache directory that was searched.
        dir: PathBuf,
        /// The command that installs it.
        command: String,
    },
    /// A file exists but its bytes are not the ones pinned in the registry.
    #[error("checksum mismatch for {file}: expected sha256 {expected}, got {actual}")]
    ChecksumMismatch {
        /// The file (or the download) that was checked.
        file: String,
        /// The pinned SHA-256 (hex).
        expected: String,
        /// The SHA-256 of what was read.
        actual: String,
    },
    /// A file or download has a different length than pinned or declared.
    #[error("size mismatch for {file}: expected {expected} bytes, got {actual}")]
    SizeMismatch {
        /// The file that was checked.
        file: String,
        /// Expected length in bytes.
        expected: u64,
        /// Actual length in bytes.
        actual: u64,
    },
    /// The first bytes of an IDX file are not the expected magic number.
    #[error(
        "{file}: bad magic number 0x{found:08x}, expected 0x{expected:08x} (is this an IDX file of the right kind?)"
    )]
    BadMagic {
        /// The file (or a description of the buffer).
        file: String,
        /// The magic number found.
        found: u32,
        /// The magic number expected.
        expected: u32,
    },
    /// A file is shorter than its header says, or has bytes left over.
    #[error("{file}: header says {expected} bytes of data but the file holds {actual}")]
    Truncated {
        /// The file (or a description of the buffer).
        file: String,
        /// Bytes the header (or the record layout) requires.
        expected: u64,
        /// Bytes actually present.
        actual: u64,
    },
    /// A label is outside the dataset's class range.
    #[error("{file}: label {label} at record {index} is out of range (classes are 0..{classes})")]
    LabelOutOfRange {
        /// The file (or a description of the buffer).
        file: String,
        /// Record index (0-based).
        index: usize,
        /// The label found.
        label: u8,
        /// Number of classes.
        classes: usize,
    },
    /// Two files that belong together disagree (e.g. 60000 images but 59999 labels).
    #[error("{what}: {left} vs {right}")]
    Inconsistent {
        /// What disagrees.
        what: String,
        /// One side.
        left: usize,
        /// The other side.
        right: usize,
    },
    /// A CSV field could not be parsed.
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
    /// An archive entry that would escape the target folder or is not a plain file.
    #[error("refusing archive entry {entry:?}: {reason}")]
    UnsafeArchiveEntry {
        /// Path of the entry as stored in the archive.
        entry: String,
        /// Why it was refused.
        reason: String,
    },
    /// Every mirror failed.
    #[error(
        "could not download {file}; tried:\n{tried}\nNo network? Install from a local folder: `cargo xtask fetch-data {dataset} --from DIR`"
    )]
    Download {
        /// The file that was being fetched.
        file: String,
        /// Dataset name, for the hint.
        dataset: &'static str,
        /// One line per attempt: URL and error.
        tried: String,
    },
    /// A file needed by `--from DIR` is not there.
    #[error("{file} not found in {dir} (looked for {candidates})")]
    MissingSource {
        /// The file that was looked for.
        file: String,
        /// The folder searched.
        dir: PathBuf,
        /// The names tried.
        candidates: String,
    },
    /// An unknown dataset name.
    #[error("unknown dataset {0:?}: known datasets are iris, mnist, cifar10")]
    UnknownDataset(String),
    /// An I/O error, with the path it happened on.
    #[error("{path}: {source}")]
    Io {
        /// The path being read or written.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Attach a path to an I/O error.
pub(crate) fn io_err(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.into();
    move |source| Error::Io { path, source }
}
