//! Fuzz targets of the `datasets` crate. Each takes arbitrary bytes and must return
//! (with an `Ok` or an `Err`), never panic, hang or write outside its folder.
//!
//! Shared by the libFuzzer targets (`fuzz/fuzz_targets/`), the stable harness
//! (`fuzz/src/bin/stable_fuzz.rs`) and the regression test `crates/datasets/tests/datasets/fuzz_corpus.rs`
//! (which includes this file with `#[path]`), so CI replays the corpus through the same code.

use std::io::Write;
use std::path::Path;

/// MNIST IDX: the same bytes as an image file and as a label file.
pub fn mnist_idx(data: &[u8]) {
    if let Ok(images) = datasets::mnist::parse_images(data, "fuzz") {
        let (n, h, w) = images.dim();
        assert_eq!(n * h * w, data.len() - 16, "images hold exactly the body");
    }
    if let Ok(labels) = datasets::mnist::parse_labels(data, "fuzz", 10) {
        assert_eq!(labels.len(), data.len() - 8);
        assert!(labels.iter().all(|&l| l < 10));
    }
}

/// CIFAR-10 binary batch records.
pub fn cifar_batch(data: &[u8]) {
    if let Ok(batch) = datasets::cifar::parse_batch(data, "fuzz") {
        assert_eq!(batch.len() * datasets::cifar::RECORD_BYTES, data.len());
        assert!(batch.labels.iter().all(|&l| l < 10));
    }
}

/// scikit-learn's CSV layout (Iris); the first byte picks the number of classes.
pub fn sklearn_csv(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let n_classes = usize::from(first % 8);
    if let Ok((x, y)) = datasets::parse_sklearn_csv(rest, "fuzz", n_classes) {
        assert_eq!(x.nrows(), y.len());
        assert!(y.iter().all(|&c| c < n_classes));
    }
}

/// `.tar.gz` extraction. First byte even: the rest is a tar, gzipped here (so mutations hit
/// tar headers, not deflate bits); odd: the rest is used as the `.tar.gz` itself.
/// After extraction nothing may exist outside `out/`, and no link inside it.
pub fn tar_gz(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let root = tempfile::tempdir().expect("temp dir");
    let archive = root.path().join("in.tar.gz");
    let bytes = if first % 2 == 0 {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(rest).expect("gzip in memory");
        gz.finish().expect("gzip in memory")
    } else {
        rest.to_vec()
    };
    std::fs::write(&archive, bytes).expect("write archive");
    let out = root.path().join("out");
    std::fs::create_dir(&out).expect("out dir");
    let limit = 1 << 20;
    let result = datasets::fetch::extract_tar_gz(&archive, &out, limit);
    let mut top: Vec<_> = std::fs::read_dir(root.path())
        .expect("read root")
        .map(|e| e.expect("entry").file_name())
        .collect();
    top.sort();
    assert_eq!(
        top,
        ["in.tar.gz", "out"],
        "extraction wrote outside its folder"
    );
    let total = check_tree(&out);
    if result.is_ok() {
        assert!(
            total <= limit,
            "extracted {total} bytes past the {limit}-byte limit"
        );
    }
}

/// Walk `dir`: no symlinks, return the bytes of all files.
fn check_tree(dir: &Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let entry = entry.expect("entry");
        let kind = entry.file_type().expect("file type");
        assert!(!kind.is_symlink(), "a link was created: {:?}", entry.path());
        if kind.is_dir() {
            total += check_tree(&entry.path());
        } else {
            total += entry.metadata().expect("metadata").len();
        }
    }
    total
}

/// A fuzz target: takes any bytes, must not panic.
pub type Target = fn(&[u8]);

/// Every target of this file, by name.
pub const TARGETS: &[(&str, Target)] = &[
    ("mnist_idx", mnist_idx),
    ("cifar_batch", cifar_batch),
    ("sklearn_csv", sklearn_csv),
    ("tar_gz", tar_gz),
];
