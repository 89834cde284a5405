//! MNIST: the IDX file format and a loader returning ndarray types.
//!
//! An IDX file is a big-endian header followed by raw bytes:
//!
//! | bytes | meaning |
//! |---|---|
//! | 0..4 | magic: `0x00000803` for images (u8, 3 dims), `0x00000801` for labels (u8, 1 dim) |
//! | 4..4+4d | the `d` dimensions, u32 big-endian each (60000, 28, 28) |
//! | rest | the data, row-major, exactly the product of the dimensions |
//!
//! | NumPy | Rust |
//! |---|---|
//! | `np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)` | [`parse_images`] → `Array3<u8>` |
//! | `np.frombuffer(f.read(), np.uint8, offset=8)` | [`parse_labels`] → `Array1<u8>` |
//! | `X = images.reshape(len(images), -1).astype(np.float32) / 255` | [`Mnist::features_f32`] |
//!
//! ```no_run
//! use datasets::mnist::{self, Split};
//! let train = mnist::load(Split::Train)?;          // needs `cargo xtask fetch-data mnist`
//! assert_eq!(train.images.dim(), (60000, 28, 28));
//! let x = train.features_f32();                      // (60000, 784), values in [0, 1]
//! # Ok::<(), datasets::Error>(())
//! ```

use std::path::Path;

use ndarray::{Array1, Array2, Array3};

use crate::cache::{DataDir, fetch_command};
use crate::error::io_err;
use crate::registry::MNIST;
use crate::{Error, Result};

/// Magic number of an IDX file of unsigned bytes with three dimensions (images).
pub const IMAGES_MAGIC: u32 = 0x0000_0803;
/// Magic number of an IDX file of unsigned bytes with one dimension (labels).
pub const LABELS_MAGIC: u32 = 0x0000_0801;
/// Number of MNIST classes.
pub const N_CLASSES: usize = 10;

/// Which half of MNIST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// 60000 training images (`train-*`).
    Train,
    /// 10000 test images (`t10k-*`).
    Test,
}

impl Split {
    /// File names of (images, labels) in the cache.
    pub fn file_names(self) -> (&'static str, &'static str) {
        match self {
            Split::Train => ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
            Split::Test => ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
        }
    }
}

/// MNIST images and their labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Mnist {
    /// Pixels 0..=255, shape (n, 28, 28).
    pub images: Array3<u8>,
    /// Digit per image, 0..=9.
    pub labels: Array1<u8>,
}

impl Mnist {
    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there are no images.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Images flattened to (n, 784) `f32` in [0, 1]: `images.reshape(n, -1) / 255`.
    pub fn features_f32(&self) -> Array2<f32> {
        let (n, h, w) = self.images.dim();
        let flat = self
            .images
            .view()
            .into_shape_with_order((n, h * w))
            .expect("an owned standard-layout array reshapes without copying");
        flat.mapv(|p| f32::from(p) / 255.0)
    }

    /// The same as [`Mnist::features_f32`] in `f64`.
    pub fn features_f64(&self) -> Array2<f64> {
        let (n, h, w) = self.images.dim();
        let flat = self
            .images
            .view()
            .into_shape_with_order((n, h * w))
            .expect("an owned standard-layout array reshapes without copying");
        flat.mapv(|p| f64::from(p) / 255.0)
    }

    /// Labels as `usize`, the index type the algorithms use.
    pub fn labels_usize(&self) -> Array1<usize> {
        self.labels.mapv(usize::from)
    }

    /// The first `n` images and labels (a copy), for quick experiments.
    pub fn head(&self, n: usize) -> Mnist {
        let n = n.min(self.len());
        Mnist {
            images: self.images.slice(ndarray::s![..n, .., ..]).to_owned(),
            labels: self.labels.slice(ndarray::s![..n]).to_owned(),
        }
    }
}

/// Read the IDX header: magic, then `ndim` big-endian u32 dimensions.
fn read_header(bytes: &[u8], name: &str, magic: u32, ndim: usize) -> Result<Vec<usize>> {
    let header_len = 4 + 4 * ndim;
    if bytes.len() < header_len {
        return Err(Error::Truncated {
            file: name.into(),
            expected: header_len as u64,
            actual: bytes.len() as u64,
        });
    }
    let word = |i: usize| u32::from_be_bytes(bytes[4 * i..4 * i + 4].try_into().expect("4 bytes"));
    let found = word(0);
    if found != magic {
        return Err(Error::BadMagic {
            file: name.into(),
            found,
            expected: magic,
        });
    }
    let dims: Vec<usize> = (1..=ndim).map(|i| word(i) as usize).collect();
    // u32^3 can overflow u64: an impossible header is simply "more bytes than the file holds".
    let body = dims
        .iter()
        .try_fold(1u64, |acc, &d| acc.checked_mul(d as u64))
        .unwrap_or(u64::MAX);
    let actual = (bytes.len() - header_len) as u64;
    if body != actual {
        return Err(Error::Truncated {
            file: name.into(),
            expected: body,
            actual,
        });
    }
    Ok(dims)
}

/// Parse an IDX image file (magic `0x803`) into (n, rows, cols) `u8`.
///
/// A wrong magic number is [`Error::BadMagic`]; a body shorter or longer than the header's
/// dimensions is [`Error::Truncated`]: never a silently short array.
///
/// ```
/// let mut bytes = vec![0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3];
/// bytes.extend(0u8..12);
/// let images = datasets::mnist::parse_images(&bytes, "tiny").unwrap();
/// assert_eq!(images.dim(), (2, 2, 3));
/// assert_eq!(images[[1, 1, 2]], 11);
///
/// bytes.pop(); // one byte short
/// assert!(datasets::mnist::parse_images(&bytes, "tiny").is_err());
/// ```
pub fn parse_images(bytes: &[u8], name: &str) -> Result<Array3<u8>> {
    let dims = read_header(bytes, name, IMAGES_MAGIC, 3)?;
    let body = bytes[16..].to_vec();
    // The byte count matches the header, but a header with a zero dimension can still name
    // other axes whose product ndarray refuses (past `isize::MAX`): (0, 2^32-1, 2^32-1).
    Array3::from_shape_vec((dims[0], dims[1], dims[2]), body).map_err(|e| Error::Inconsistent {
        what: format!("{name}: header dimensions {dims:?} are not a valid array shape ({e})"),
        left: dims.iter().product::<usize>(),
        right: bytes.len() - 16,
    })
}

/// Parse an IDX label file (magic `0x801`); every label must be below `n_classes`.
///
/// ```
/// let bytes = [0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1];
/// let labels = datasets::mnist::parse_labels(&bytes, "tiny", 10).unwrap();
/// assert_eq!(labels, ndarray::array![7, 2, 1]);
/// assert!(datasets::mnist::parse_labels(&bytes, "tiny", 5).is_err()); // 7 >= 5
/// ```
pub fn parse_labels(bytes: &[u8], name: &str, n_classes: usize) -> Result<Array1<u8>> {
    read_header(bytes, name, LABELS_MAGIC, 1)?;
    let body = &bytes[8..];
    if let Some((index, &label)) = body
        .iter()
        .enumerate()
        .find(|&(_, &l)| usize::from(l) >= n_classes)
    {
        return Err(Error::LabelOutOfRange {
            file: name.into(),
            index,
            label,
            classes: n_classes,
        });
    }
    Ok(Array1::from(body.to_vec()))
}

/// Load a split from the default cache directory ([`DataDir::default_location`]).
///
/// A missing file is [`Error::NotInstalled`] naming `cargo xtask fetch-data mnist`.
pub fn load(split: Split) -> Result<Mnist> {
    load_from(&DataDir::default_location(), split)
}

/// Load a split from the cache directory `dir`.
///
/// The cache is never trusted: the bytes read are checked against the size and SHA-256
/// pinned in [`MNIST`] before they are parsed (one hash pass over
/// bytes already in memory, about 0.1 s for the training set), so a file corrupted or
/// truncated after installation is [`Error::SizeMismatch`] or [`Error::ChecksumMismatch`],
/// never silently wrong data. Re-running `cargo xtask fetch-data mnist` replaces a file
/// that fails its check.
pub fn load_from(dir: &DataDir, split: Split) -> Result<Mnist> {
    let (images_name, labels_name) = split.file_names();
    let images_path = dir.file(&MNIST, images_name);
    let labels_path = dir.file(&MNIST, labels_name);
    if !images_path.is_file() || !labels_path.is_file() {
        return Err(Error::NotInstalled {
            dataset: MNIST.name,
            dir: dir.dataset_dir(&MNIST),
            command: fetch_command(&MNIST, dir),
        });
    }
    let pinned = |name: &str| {
        MNIST
            .files
            .iter()
            .find(|f| f.name == name)
            .expect("every split's files are in the registry")
    };
    let images_bytes = read_verified(&images_path, pinned(images_name))?;
    let labels_bytes = read_verified(&labels_path, pinned(labels_name))?;
    parse_pair(&images_bytes, &images_path, &labels_bytes, &labels_path)
}

/// Read a cached file and check it against its pin (size, then SHA-256 of the bytes read).
fn read_verified(path: &Path, spec: &crate::registry::FileSpec) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path).map_err(io_err(path))?;
    if bytes.len() as u64 != spec.size {
        return Err(Error::SizeMismatch {
            file: path.display().to_string(),
            expected: spec.size,
            actual: bytes.len() as u64,
        });
    }
    let (actual, _) = crate::fetch::sha256_reader(&bytes[..]).map_err(io_err(path))?;
    if actual != spec.sha256 {
        return Err(Error::ChecksumMismatch {
            file: path.display().to_string(),
            expected: spec.sha256.into(),
            actual,
        });
    }
    Ok(bytes)
}

/// Is MNIST installed (all four files present) in `dir`?
pub fn is_installed(dir: &DataDir) -> bool {
    MNIST
        .files
        .iter()
        .all(|f| dir.file(&MNIST, f.name).is_file())
}

/// Load an image file and a label file from explicit paths and check they agree.
pub fn load_files(images_path: &Path, labels_path: &Path) -> Result<Mnist> {
    let images_bytes = std::fs::read(images_path).map_err(io_err(images_path))?;
    let labels_bytes = std::fs::read(labels_path).map_err(io_err(labels_path))?;
    parse_pair(&images_bytes, images_path, &labels_bytes, labels_path)
}

/// Parse an image file and a label file and check they agree.
fn parse_pair(
    images_bytes: &[u8],
    images_path: &Path,
    labels_bytes: &[u8],
    labels_path: &Path,
) -> Result<Mnist> {
    let images = parse_images(images_bytes, &images_path.display().to_string())?;
    let labels = parse_labels(labels_bytes, &labels_path.display().to_string(), N_CLASSES)?;
    if images.dim().0 != labels.len() {
        return Err(Error::Inconsistent {
            what: format!(
                "number of images in {} vs labels in {}",
                images_path.display(),
                labels_path.display()
            ),
            left: images.dim().0,
            right: labels.len(),
        });
    }
    Ok(Mnist { images, labels })
}
