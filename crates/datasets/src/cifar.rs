//! CIFAR-10, binary version: parser and loader returning (N, C, H, W) `u8` arrays.
//!
//! Each batch file (`cifar-10-batches-bin/data_batch_1.bin` ... `data_batch_5.bin`,
//! `test_batch.bin`) holds 10000 records of 3073 bytes: one label byte (0..=9), then the
//! 1024 red, 1024 green and 1024 blue values of a 32 x 32 image, each plane row-major.
//! That is exactly C-order (3, 32, 32), so a record reshapes to NCHW without shuffling.
//!
//! | NumPy | Rust |
//! |---|---|
//! | `raw = np.fromfile(f, np.uint8).reshape(-1, 3073)` | [`parse_batch`] |
//! | `labels, images = raw[:, 0], raw[:, 1:].reshape(-1, 3, 32, 32)` | `Cifar10 { labels, images }` |
//! | `images.transpose(0, 2, 3, 1)` (NHWC for plotting) | `images.view().permuted_axes([0, 2, 3, 1])` |
//!
//! ```
//! // One record: label 3 ("cat") and a constant image.
//! let mut record = vec![3u8];
//! record.extend(std::iter::repeat(7u8).take(3072));
//! let batch = datasets::cifar::parse_batch(&record, "one.bin").unwrap();
//! assert_eq!(batch.images.dim(), (1, 3, 32, 32));
//! assert_eq!(datasets::cifar::CLASS_NAMES[batch.labels[0] as usize], "cat");
//! ```

use ndarray::{Array1, Array4, Axis, concatenate};

use crate::cache::{DataDir, fetch_command};
use crate::error::io_err;
use crate::registry::CIFAR10;
use crate::{Error, Result};

/// Bytes per record: 1 label + 3 * 32 * 32 pixels.
pub const RECORD_BYTES: usize = 1 + 3 * 32 * 32;
/// Class names, index = label.
pub const CLASS_NAMES: [&str; 10] = [
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
];
/// Folder the archive extracts to.
pub const BATCH_DIR: &str = "cifar-10-batches-bin";
/// Training batch files.
pub const TRAIN_BATCHES: [&str; 5] = [
    "data_batch_1.bin",
    "data_batch_2.bin",
    "data_batch_3.bin",
    "data_batch_4.bin",
    "data_batch_5.bin",
];
/// Test batch file.
pub const TEST_BATCH: &str = "test_batch.bin";

/// Which half of CIFAR-10.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// 50000 images from the five training batches.
    Train,
    /// 10000 test images.
    Test,
}

/// CIFAR-10 images with labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Cifar10 {
    /// Pixels, shape (n, 3, 32, 32) (NCHW, channels R, G, B).
    pub images: Array4<u8>,
    /// Class per image, 0..=9; names in [`CLASS_NAMES`].
    pub labels: Array1<u8>,
}

impl Cifar10 {
    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there are no images.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Class names, index = label.
    pub fn class_names(&self) -> &'static [&'static str; 10] {
        &CLASS_NAMES
    }
}

/// Parse one batch file's bytes. The length must be a whole number of 3073-byte records
/// ([`Error::Truncated`] otherwise) and every label below 10 ([`Error::LabelOutOfRange`]).
pub fn parse_batch(bytes: &[u8], name: &str) -> Result<Cifar10> {
    if !bytes.len().is_multiple_of(RECORD_BYTES) {
        let whole = bytes.len() / RECORD_BYTES;
        return Err(Error::Truncated {
            file: name.into(),
            expected: ((whole + 1) * RECORD_BYTES) as u64,
            actual: bytes.len() as u64,
        });
    }
    let n = bytes.len() / RECORD_BYTES;
    let mut labels = Vec::with_capacity(n);
    let mut pixels = Vec::with_capacity(n * (RECORD_BYTES - 1));
    for (index, record) in bytes.chunks_exact(RECORD_BYTES).enumerate() {
        let label = record[0];
        if usize::from(label) >= CLASS_NAMES.len() {
            return Err(Error::LabelOutOfRange {
                file: name.into(),
                index,
                label,
                classes: CLASS_NAMES.len(),
            });
        }
        labels.push(label);
        pixels.extend_from_slice(&record[1..]);
    }
    Ok(Cifar10 {
        images: Array4::from_shape_vec((n, 3, 32, 32), pixels).expect("n whole records"),
        labels: Array1::from(labels),
    })
}

/// Load a split from the default cache directory.
///
/// Missing files are [`Error::NotInstalled`] naming `cargo xtask fetch-data cifar10`.
pub fn load(split: Split) -> Result<Cifar10> {
    load_from(&DataDir::default_location(), split)
}

/// Is CIFAR-10 extracted in `dir`?
pub fn is_installed(dir: &DataDir) -> bool {
    let folder = dir.dataset_dir(&CIFAR10).join(BATCH_DIR);
    TRAIN_BATCHES
        .iter()
        .chain(std::iter::once(&TEST_BATCH))
        .all(|f| folder.join(f).is_file())
}

/// Load a split from the cache directory `dir` (files under `<dir>/cifar10/cifar-10-batches-bin/`).
pub fn load_from(dir: &DataDir, split: Split) -> Result<Cifar10> {
    let folder = dir.dataset_dir(&CIFAR10).join(BATCH_DIR);
    let names: &[&str] = match split {
        Split::Train => &TRAIN_BATCHES,
        Split::Test => &[TEST_BATCH],
    };
    let mut parts = Vec::with_capacity(names.len());
    for name in names {
        let path = folder.join(name);
        if !path.is_file() {
            return Err(Error::NotInstalled {
                dataset: CIFAR10.name,
                dir: folder.clone(),
                command: fetch_command(&CIFAR10, dir),
            });
        }
        let bytes = std::fs::read(&path).map_err(io_err(&path))?;
        parts.push(parse_batch(&bytes, &path.display().to_string())?);
    }
    let images: Vec<_> = parts.iter().map(|p| p.images.view()).collect();
    let labels: Vec<_> = parts.iter().map(|p| p.labels.view()).collect();
    Ok(Cifar10 {
        images: concatenate(Axis(0), &images).expect("all batches are (n, 3, 32, 32)"),
        labels: concatenate(Axis(0), &labels).expect("labels are 1-D"),
    })
}
