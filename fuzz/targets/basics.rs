//! Fuzz targets of the `basics` crate: the CSV loaders and `.npy` reading.
//! Shared by the libFuzzer targets, the stable harness and `crates/basics/tests/chapter1/fuzz_corpus.rs`.

use basics::loading::{
    CsvOptions, genfromtxt_from_reader, load_npy_from_reader, loadtxt_from_reader,
};
use ndarray::{Ix1, Ix2, IxDyn};

/// Options from the first byte: delimiter, header, comment, skip_rows, usecols.
fn options(byte: u8) -> CsvOptions {
    let delimiter = [b',', b';', b'\t', b' '][usize::from(byte & 3)];
    let mut opts = CsvOptions::new()
        .delimiter(delimiter)
        .header(byte & 4 != 0)
        .skip_rows(usize::from((byte >> 3) & 3));
    if byte & 32 != 0 {
        opts = opts.comment(None);
    }
    if byte & 64 != 0 {
        opts = opts.usecols([usize::from(byte >> 7), 0]);
    }
    opts
}

/// `loadtxt` (strict) and `genfromtxt` (forgiving) on the same text.
pub fn csv_loaders(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let opts = options(first);
    let strict = loadtxt_from_reader(rest, "fuzz", &opts);
    let forgiving = genfromtxt_from_reader(rest, "fuzz", &opts);
    if let Ok(t) = &forgiving {
        assert!(t.n_missing() <= t.data.len());
    }
    // What the strict loader accepts, the forgiving one accepts with the same shape.
    if let Ok(s) = strict {
        let f = forgiving.expect("genfromtxt accepts what loadtxt accepts");
        assert_eq!(s.data.dim(), f.data.dim());
    }
}

/// `.npy` reading as several element types and dimensionalities.
pub fn npy(data: &[u8]) {
    let _ = load_npy_from_reader::<f64, IxDyn>(data, "fuzz");
    let _ = load_npy_from_reader::<f32, Ix2>(data, "fuzz");
    let _ = load_npy_from_reader::<i64, Ix1>(data, "fuzz");
    let _ = load_npy_from_reader::<u8, IxDyn>(data, "fuzz");
    let _ = load_npy_from_reader::<bool, Ix1>(data, "fuzz");
}

/// A fuzz target: takes any bytes, must not panic.
pub type Target = fn(&[u8]);

/// Every target of this file, by name.
pub const TARGETS: &[(&str, Target)] = &[("csv_loaders", csv_loaders), ("npy", npy)];
