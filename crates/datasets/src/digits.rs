//! The 8 x 8 handwritten digits (scikit-learn's `load_digits`), bundled: 1797 images, 64
//! features with values 0..=16, 10 classes.
//!
//! A small, real image data set that runs in milliseconds: the place to try PCA or
//! K-means before MNIST.
//!
//! | NumPy / scikit-learn | Rust |
//! |---|---|
//! | `X, y = load_digits(return_X_y=True)` | `let d = datasets::digits::load(); (d.data, d.target)` |
//! | `load_digits().images` (1797, 8, 8) | `d.images()` |
//!
//! ```
//! let d = datasets::digits::load();
//! assert_eq!(d.data.dim(), (1797, 64));
//! assert_eq!(d.images().dim(), (1797, 8, 8));
//! assert!(d.data.iter().all(|&v| (0.0..=16.0).contains(&v)));
//! ```

use std::io::Read;

use ndarray::{Array1, Array2, Array3};

use crate::{Error, Result};

/// The gzipped CSV shipped by scikit-learn (`sklearn/datasets/data/digits.csv.gz`):
/// 1797 rows of 64 pixel values and the digit.
pub const DIGITS_CSV_GZ: &[u8] = include_bytes!("../data/digits.csv.gz");
/// SHA-256 of the decompressed CSV.
pub const DIGITS_CSV_SHA256: &str =
    "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8";

/// The digits data set.
#[derive(Debug, Clone, PartialEq)]
pub struct Digits {
    /// Pixel intensities 0..=16, shape (1797, 64), rows are 8 x 8 images read row by row.
    pub data: Array2<f64>,
    /// The digit (0..=9) per row.
    pub target: Array1<usize>,
}

impl Digits {
    /// The images as (n, 8, 8), like `load_digits().images`.
    pub fn images(&self) -> Array3<f64> {
        let n = self.data.nrows();
        self.data
            .to_owned()
            .into_shape_with_order((n, 8, 8))
            .expect("64 = 8 * 8 values per row")
    }
}

/// Load the bundled digits (`sklearn.datasets.load_digits`).
pub fn load() -> Digits {
    parse(DIGITS_CSV_GZ)
        .expect("the bundled digits.csv.gz is valid (checked by the datasets tests)")
}

/// Parse the gzipped digits CSV (64 features then the label per line, no header).
pub fn parse(gz: &[u8]) -> Result<Digits> {
    let name = "digits.csv.gz";
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_end(&mut text)
        .map_err(|e| Error::Csv {
            file: name.into(),
            line: 0,
            column: 0,
            message: format!("not a valid gzip stream: {e}"),
        })?;
    let mut data = Vec::with_capacity(1797 * 64);
    let mut target = Vec::with_capacity(1797);
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        let line_no = i as u64 + 1;
        let fields: Vec<&[u8]> = line.split(|&b| b == b',').collect();
        if fields.len() != 65 {
            return Err(Error::Csv {
                file: name.into(),
                line: line_no,
                column: fields.len().min(65),
                message: format!("expected 65 fields, found {}", fields.len()),
            });
        }
        for (j, field) in fields.iter().enumerate() {
            let text = String::from_utf8_lossy(field);
            let value: f64 = text.trim().parse().map_err(|_| Error::Csv {
                file: name.into(),
                line: line_no,
                column: j + 1,
                message: format!("cannot parse {text:?} as a number"),
            })?;
            if j < 64 {
                data.push(value);
            } else if value.fract() == 0.0 && (0.0..10.0).contains(&value) {
                target.push(value as usize);
            } else {
                return Err(Error::Csv {
                    file: name.into(),
                    line: line_no,
                    column: 65,
                    message: format!("label {value} is not a digit 0..=9"),
                });
            }
        }
    }
    let n = target.len();
    let data = Array2::from_shape_vec((n, 64), data).expect("64 values per row were pushed");
    Ok(Digits {
        data,
        target: Array1::from(target),
    })
}
