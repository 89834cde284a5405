//! Hostile inputs to every public parser of the datasets crate: each answers with an
//! [`Error`], never a panic, an abort on a huge allocation, or a silently short array.
//! The first three cases were found by reading the parsers for the fuzzing work of issue 9;
//! their bytes are also in `fuzz/corpus/` as `regression-*`.

use datasets::{Error, cifar, mnist, parse_sklearn_csv};

fn idx_images(dims: [u32; 3], body: &[u8]) -> Vec<u8> {
    let mut bytes = mnist::IMAGES_MAGIC.to_be_bytes().to_vec();
    for d in dims {
        bytes.extend(d.to_be_bytes());
    }
    bytes.extend_from_slice(body);
    bytes
}

#[test]
fn an_idx_header_of_zero_images_of_impossible_size_is_an_error_not_a_panic() {
    // 0 * (2^32-1) * (2^32-1) bytes matches the empty body, but (2^32-1)^2 > isize::MAX.
    let bytes = idx_images([0, u32::MAX, u32::MAX], &[]);
    let err = mnist::parse_images(&bytes, "evil").unwrap_err();
    assert!(matches!(err, Error::Inconsistent { .. }), "{err}");
    assert!(err.to_string().contains("not a valid array shape"));
}

#[test]
fn idx_headers_whose_product_overflows_are_truncation_errors() {
    let table: &[([u32; 3], usize)] = &[
        ([u32::MAX, u32::MAX, u32::MAX], 0),
        ([u32::MAX, u32::MAX, 2], 16),
        ([1, 28, 28], 783),
        ([1, 28, 28], 785),
        ([0, 28, 28], 1),
    ];
    for &(dims, body) in table {
        let err = mnist::parse_images(&idx_images(dims, &vec![0; body]), "evil").unwrap_err();
        assert!(matches!(err, Error::Truncated { .. }), "{dims:?}: {err}");
    }
}

#[test]
fn empty_idx_files_parse_to_empty_arrays() {
    let images = mnist::parse_images(&idx_images([0, 28, 28], &[]), "empty").unwrap();
    assert_eq!(images.dim(), (0, 28, 28));
    let labels = mnist::parse_labels(&[0, 0, 8, 1, 0, 0, 0, 0], "empty", 10).unwrap();
    assert!(labels.is_empty());
}

#[test]
fn idx_files_shorter_than_their_header_are_truncation_errors() {
    for len in 0..16 {
        let bytes = idx_images([1, 1, 1], &[0])[..len].to_vec();
        assert!(matches!(
            mnist::parse_images(&bytes, "short"),
            Err(Error::Truncated { .. })
        ));
        assert!(mnist::parse_labels(&bytes, "short", 10).is_err());
    }
}

#[test]
fn a_sklearn_csv_header_announcing_huge_counts_is_an_error_not_an_allocation() {
    let table: &[&[u8]] = &[
        b"99999999999,99999999999,a\n1,2,0\n",
        b"18446744073709551615,18446744073709551615,a\n",
        b"0,18446744073709551615,a\n",
        b"0,9223372036854775808,a\n",
        b"-1,2,a\n",
        b"1,2\n",
        b"",
        b"\n",
    ];
    for &bytes in table {
        let result = parse_sklearn_csv(bytes, "evil.csv", 3);
        assert!(
            result.is_err(),
            "{:?} was accepted",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn sklearn_csv_with_no_rows_and_no_features_is_an_empty_dataset() {
    let (x, y) = parse_sklearn_csv(b"0,0,a\n", "empty.csv", 1).unwrap();
    assert_eq!(x.dim(), (0, 0));
    assert!(y.is_empty());
}

#[test]
fn sklearn_csv_rejects_nan_free_garbage_and_out_of_range_labels() {
    let table: &[(&[u8], &str)] = &[
        (b"1,2,a\n1,2,3\n", "out of range"),
        (b"1,2,a\n1,2\n", "expected 3 fields"),
        (b"1,2,a\n1,2,0,0\n", "expected 3 fields"),
        (b"1,2,a\n1,x,0\n", "cannot parse"),
        (b"1,2,a\n1,2,-1\n", "class index"),
        (b"2,2,a\n1,2,0\n", "rows announced"),
        (b"1,2,a\n\xff\xfe,2,0\n", "line 2"),
    ];
    for &(bytes, expected) in table {
        let err = parse_sklearn_csv(bytes, "bad.csv", 3)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(expected),
            "{err:?} should contain {expected:?}"
        );
    }
}

#[test]
fn cifar_batches_of_every_bad_length_are_truncation_errors() {
    for len in [1, 3072, 3074, 2 * 3073 - 1] {
        let err = cifar::parse_batch(&vec![0; len], "short.bin").unwrap_err();
        assert!(matches!(err, Error::Truncated { .. }), "{len}: {err}");
    }
    assert!(cifar::parse_batch(&[], "empty.bin").unwrap().is_empty());
    let mut bad_label = vec![0u8; 3073];
    bad_label[0] = 10;
    assert!(matches!(
        cifar::parse_batch(&bad_label, "label.bin"),
        Err(Error::LabelOutOfRange { label: 10, .. })
    ));
}

/// The cache is never trusted without its checksum: a cached MNIST file corrupted after
/// installation (one flipped byte, or truncation) is an error on load, not wrong data.
#[test]
fn a_cached_mnist_file_corrupted_after_installation_is_an_error_on_load() {
    use datasets::cache::DataDir;
    use datasets::registry::MNIST;
    let installed = DataDir::default_location();
    let (images, labels) = mnist::Split::Test.file_names();
    let (src_images, src_labels) = (
        installed.file(&MNIST, images),
        installed.file(&MNIST, labels),
    );
    if !src_images.is_file() || !src_labels.is_file() {
        eprintln!("skipped: MNIST is not installed (cargo xtask fetch-data mnist)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let cache = DataDir::new(tmp.path());
    std::fs::create_dir_all(cache.dataset_dir(&MNIST)).unwrap();
    let (dst_images, dst_labels) = (cache.file(&MNIST, images), cache.file(&MNIST, labels));
    std::fs::copy(&src_images, &dst_images).unwrap();
    std::fs::copy(&src_labels, &dst_labels).unwrap();
    // The intact copy loads.
    assert_eq!(
        mnist::load_from(&cache, mnist::Split::Test).unwrap().len(),
        10_000
    );
    // One pixel changed: still a valid IDX file, so only the checksum can catch it.
    let mut bytes = std::fs::read(&dst_images).unwrap();
    bytes[5_000] ^= 0x01;
    std::fs::write(&dst_images, &bytes).unwrap();
    let err = mnist::load_from(&cache, mnist::Split::Test).unwrap_err();
    assert!(matches!(err, Error::ChecksumMismatch { .. }), "{err}");
    assert!(err.to_string().contains(images), "{err}");
    // Truncated labels: the size check.
    std::fs::copy(&src_images, &dst_images).unwrap();
    let labels_bytes = std::fs::read(&dst_labels).unwrap();
    std::fs::write(&dst_labels, &labels_bytes[..labels_bytes.len() - 1]).unwrap();
    let err = mnist::load_from(&cache, mnist::Split::Test).unwrap_err();
    assert!(matches!(err, Error::SizeMismatch { .. }), "{err}");
}

/// A cache that cannot be written (a full disk, a read-only mount) gives a clear I/O error
/// naming the path, not a panic. Tests run as root, where `chmod` does not stop writes, so
/// the unwritable cache is a folder *under a regular file*, which no user can create.
#[test]
fn an_unwritable_cache_is_an_io_error_naming_the_path() {
    use datasets::cache::DataDir;
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("not-a-folder");
    std::fs::write(&file, b"x").unwrap();
    let cache = DataDir::new(file.join("cache"));
    let err = datasets::fetch::install_bundled_iris(&cache, false).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err}");
    assert!(err.to_string().contains("not-a-folder"), "{err}");
}
