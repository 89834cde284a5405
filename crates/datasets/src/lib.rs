//! # Datasets: one place that knows every dataset of the course
//!
//! **Course:** [the course's front page](../ai_course/index.html) · next: [Chapter 1: basics](../basics/index.html)
//!
//! Chapters load data only through this crate. It knows, for each dataset, its files,
//! mirrors, sizes, licence and SHA-256 pins ([`registry`]); where the cache lives
//! ([`DataDir`]); how to install files so that a bad download never sits under the final
//! name ([`fetch`]); and how to parse each format into ndarray types.
//!
//! | dataset | NumPy / scikit-learn | Rust | needs a download |
//! |---|---|---|---|
//! | Iris | `load_iris(return_X_y=True)` | [`iris::load`] → `(150, 4)` `f64` + labels | no, bundled |
//! | 8x8 digits | `load_digits(return_X_y=True)` | [`digits::load`] → `(1797, 64)` `f64` + labels | no, bundled |
//! | MNIST | `np.frombuffer(...)` on the IDX files | [`mnist::load`] → `Array3<u8>` (N, 28, 28) + `Array1<u8>` | `cargo xtask fetch-data mnist` |
//! | CIFAR-10 | `np.fromfile(...).reshape(-1, 3073)` | [`cifar::load`] → `Array4<u8>` (N, 3, 32, 32) + labels | `cargo xtask fetch-data cifar10` |
//!
//! ```
//! let iris = datasets::iris::load();
//! assert_eq!(iris.data.dim(), (150, 4));
//!
//! // A dataset that is not installed is an error that says how to install it.
//! let empty = datasets::DataDir::new(std::env::temp_dir().join("no-such-cache"));
//! let err = datasets::mnist::load_from(&empty, datasets::mnist::Split::Train).unwrap_err();
//! assert!(err.to_string().contains("cargo xtask fetch-data mnist"));
//! ```
//!
//! ## Errors
//! Every parser returns [`Error`] for a wrong magic number, a header that disagrees with
//! the file length, a truncated file, a label out of range or a bad CSV field (with its
//! line and column): never a panic and never a silently short array.

pub mod cache;
pub mod cifar;
mod csv_file;
pub mod digits;
mod error;
pub mod fetch;
pub mod iris;
pub mod mnist;
pub mod registry;

pub use cache::{DATA_DIR_ENV, DataDir};
pub use csv_file::parse_sklearn_csv;
pub use error::{Error, Result};

/// For example programs: turns "not installed" into `Ok(None)` after printing the line
/// `skipped: <how to install it>` (which `cargo xtask tasks` reports), and passes every
/// other result through.
///
/// ```
/// let empty = datasets::DataDir::new(std::env::temp_dir().join("no-such-cache"));
/// let train = datasets::or_skip(datasets::mnist::load_from(&empty, datasets::mnist::Split::Train))?;
/// assert!(train.is_none()); // and `skipped: ... cargo xtask fetch-data mnist ...` was printed
/// # Ok::<(), datasets::Error>(())
/// ```
///
/// # Errors
/// Any error other than [`Error::NotInstalled`], unchanged.
pub fn or_skip<T>(result: Result<T>) -> Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e @ Error::NotInstalled { .. }) => {
            println!("skipped: {e}");
            Ok(None)
        }
        Err(e) => Err(e),
    }
}
