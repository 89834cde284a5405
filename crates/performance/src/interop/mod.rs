//! # 6.x Production and interop: handing arrays to NumPy, PyTorch, pandas and Dask
//!
//! Rust code in an ML project rarely lives alone: it preprocesses data that a Python
//! training script loads, or loads weights a PyTorch run saved. The hand-off should be a
//! file format both sides read natively, without a conversion script and without pickle.
//! This section writes and reads each of them, and its tests check every format against
//! the real Python libraries: files that NumPy, safetensors and pandas wrote (committed under
//! `crates/performance/fixtures/`, so the check runs without Python) are read here, and files
//! written here are loaded by NumPy/pandas/zarr when Python has them.
//!
//! | goal | Python | Rust | module |
//! |---|---|---|---|
//! | one array, NumPy-native | `np.save` / `np.load` | [`npy::save_npy`] / [`npy::load_npy`] | [`npy`] |
//! | several arrays in one file | `np.savez(_compressed)` / `np.load(f)[k]` | [`npy::NpzFile`] / [`npy::load_npz`] | [`npy`] |
//! | tensors for PyTorch / Hugging Face | `safetensors.numpy.save_file` / `load_file` | [`safetensors::SafetensorsWriter`] / [`safetensors::SafetensorsFile`] | [`safetensors`] |
//! | a tensor of a Rust DL framework | `torch.from_numpy(x)`, `t.numpy()` | `candle::to_candle`, `candle::from_candle` (feature `candle`) | `candle` |
//! | a table for pandas | `df.to_parquet` / `pd.read_parquet`, `to_csv` / `read_csv` | `table::write_parquet` / `table::read_parquet` (feature `parquet`), [`table::write_csv`] / [`table::read_csv`] | [`table`] |
//! | chunked, larger than RAM, for Dask | `zarr.create_array`, `da.from_zarr` | `zarr::ZarrWriter`, `zarr::write_zarr`, `zarr::npy_to_zarr` / `zarr::read_zarr` (feature `zarr`) | `zarr` |
//!
//! ## Optional formats: cargo features
//! `.npy`/`.npz`, safetensors and CSV need nothing beyond the chapter's own dependencies. The
//! three formats whose crates are large are cargo features of `performance`, off by default so
//! that `cargo test -p performance` stays quick:
//!
//! | feature | adds | crates |
//! |---|---|---|
//! | `parquet` | `table::write_parquet`, `table::read_parquet` | arrow-array, arrow-schema, parquet (Apache Arrow's Rust implementation) |
//! | `zarr` | the `zarr` module | zarrs (the Rust implementation listed by zarr-developers), zstd |
//! | `candle` | the `candle` module | candle-core (Hugging Face) |
//!
//! `cargo test -p performance --features parquet,zarr,candle` tests them all; the workspace
//! build (`cargo test --workspace`, `cargo doc --workspace`) turns them on through the
//! course's front-page crate, so CI compiles and tests every format.
//!
//! ## Which format when
//! - **`.npy`** is the simplest: a header and the raw bytes. `np.load(path, mmap_mode="r")`
//!   maps it without reading, so it is also the format for arrays larger than RAM on one
//!   machine. One array per file; C or Fortran order; any dtype NumPy has.
//! - **`.npz`** bundles several named `.npy` (e.g. `x_train`, `y_train`); compressed or not.
//!   A zip archive cannot be memory-mapped as a whole.
//! - **safetensors** is what Hugging Face models are shipped in: named tensors with a JSON
//!   header, C order, no code execution on load (unlike `torch.save`'s pickle), lazy loading.
//! - **Parquet** is a columnar *table*: column names and per-column dtypes, compressed; pandas,
//!   Polars, Spark and DuckDB read it. Use it when the consumer thinks in columns.
//! - **CSV** is for people and spreadsheets: readable, slow and lossy unless floats are
//!   written in round-trip form (as here).
//! - **Zarr** splits an array into compressed chunks, each a file (or object in S3): readers
//!   load only the chunks they need, many at a time. It is the format for Dask and for data
//!   on object storage.
//!
//! ## Saving over an existing file
//! `np.save` truncates the file and writes into it: the kernel frees the old contents first,
//! on the caller's thread, and a reader in between (or a crash) sees a partial array.
//! [`replace`] compares three ways of writing over a file, with measurements.
//! [`npy::save_npy`] unlinks the old file and frees it on another thread while it writes
//! ([`replace::recreate_file`]); [`npy::NpzFile`] writes a new file beside the old one and
//! renames it into place when complete ([`replace::replace_file`]), so readers see the old
//! archive or the new one, never half of it.
//!
//! ## Errors, not panics
//! Every reader validates before it trusts: a truncated `.npy`, an `.npz` without the key, a
//! safetensors header pointing past the end of the file, a Parquet column of an unexpected
//! type, a CSV field that is not a number: each is an [`Error`] naming the file.
//!
//! ```
//! use ndarray::{Array2, Ix2};
//! use performance::interop::npy::{NpzFile, load_npz, npz_names};
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("train.npz");
//! let x = Array2::<f32>::from_shape_fn((4, 3), |(i, j)| (i * 3 + j) as f32 / 12.0);
//! let y = ndarray::array![0u8, 1, 1, 0];
//! // np.savez_compressed(path, x_train=x, y_train=y)
//! NpzFile::create_compressed(&path)?.add("x_train", &x)?.add("y_train", &y)?.finish()?;
//! assert_eq!(npz_names(&path)?, ["x_train", "y_train"]);
//! assert_eq!(load_npz::<f32, Ix2>(&path, "x_train")?, x);
//! assert!(load_npz::<f32, Ix2>(&path, "x_test").is_err()); // KeyError in NumPy
//! # Ok::<(), performance::interop::Error>(())
//! ```

#[cfg(feature = "candle")]
pub mod candle;
pub mod npy;
pub mod replace;
pub mod safetensors;
pub mod table;
#[cfg(feature = "zarr")]
pub mod zarr;

/// The chapter's one error type ([`crate::Error`]), re-exported so that interop code reads
/// `interop::Result`.
pub use crate::error::{BoxError, Error, Result};
