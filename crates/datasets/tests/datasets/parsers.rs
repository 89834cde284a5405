//! Parsers on real data (bundled Iris and digits) and on hostile bytes.
//! Expected values come from scikit-learn 1.9.1 / NumPy 2.4.6 (fixtures/reference).

use approx::assert_abs_diff_eq;
use datasets::{Error, cifar, digits, iris, mnist};

fn reference() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/reference/iris_reference.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn floats(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

#[test]
fn bundled_iris_matches_scikit_learn() {
    let r = reference();
    let iris = iris::load();
    assert_eq!(iris.data.dim(), (150, 4));
    assert_abs_diff_eq!(
        iris.data.sum(),
        r["dataset"]["sum_of_all_values"].as_f64().unwrap(),
        epsilon = 1e-9
    );
    for (j, expected) in floats(&r["stats"]["mean"]).into_iter().enumerate() {
        let mean = iris.data.column(j).sum() / 150.0;
        assert_abs_diff_eq!(mean, expected, epsilon = 1e-12);
    }
    let counts: Vec<usize> = (0..3)
        .map(|c| iris.target.iter().filter(|&&t| t == c).count())
        .collect();
    assert_eq!(counts, vec![50, 50, 50]);
    // The corrected rows 35 and 38 (1-based) of scikit-learn's copy, as in Fisher's paper.
    assert_eq!(iris.data.row(34).to_vec(), vec![4.9, 3.1, 1.5, 0.2]);
    assert_eq!(iris.data.row(37).to_vec(), vec![4.9, 3.6, 1.4, 0.1]);
}

#[test]
fn bundled_iris_bytes_match_their_pin() {
    let (sha, len) = datasets::fetch::sha256_reader(iris::IRIS_CSV).unwrap();
    assert_eq!(sha, iris::IRIS_CSV_SHA256);
    assert_eq!(len, iris::IRIS_CSV_SIZE);
}

#[test]
fn bundled_digits_have_scikit_learns_shape_and_range() {
    let d = digits::load();
    assert_eq!(d.data.dim(), (1797, 64));
    assert_eq!(d.target.len(), 1797);
    // load_digits(): class 0 has 178 samples; first image's label is 0.
    assert_eq!(d.target.iter().filter(|&&t| t == 0).count(), 178);
    assert_eq!(d.target[0], 0);
    assert_eq!(d.data[[0, 2]], 5.0);
    assert!(
        d.data.iter().all(|v| v.is_finite()),
        "a pixel is not finite"
    );
    assert_eq!(d.data.fold(0.0_f64, |m, &v| m.max(v)), 16.0);
}

#[test]
fn csv_with_a_bad_field_names_line_and_column() {
    let csv = b"3,2,a,b\n1.0,2.0,0\n3.0,x,1\n5.0,6.0,1\n";
    let err = datasets::parse_sklearn_csv(csv, "t.csv", 2).unwrap_err();
    match err {
        Error::Csv { line, column, .. } => assert_eq!((line, column), (3, 2)),
        other => panic!("expected a CSV error, got {other}"),
    }
}

#[test]
fn csv_with_fewer_rows_than_its_header_is_an_error() {
    let csv = b"3,1,a\n1.0,0\n2.0,0\n";
    assert!(matches!(
        datasets::parse_sklearn_csv(csv, "t.csv", 1),
        Err(Error::Inconsistent {
            left: 3,
            right: 2,
            ..
        })
    ));
}

#[test]
fn csv_with_a_label_out_of_range_is_an_error() {
    let csv = b"1,1,a\n1.0,4\n";
    let err = datasets::parse_sklearn_csv(csv, "t.csv", 1).unwrap_err();
    assert!(err.to_string().contains("line 2, column 2"), "{err}");
}

fn idx(magic: u32, dims: &[u32], body: &[u8]) -> Vec<u8> {
    let mut bytes = magic.to_be_bytes().to_vec();
    for d in dims {
        bytes.extend(d.to_be_bytes());
    }
    bytes.extend_from_slice(body);
    bytes
}

#[test]
fn idx_images_parse_in_row_major_order() {
    let body: Vec<u8> = (0..2 * 3 * 4).map(|v| v as u8).collect();
    let images = mnist::parse_images(&idx(0x803, &[2, 3, 4], &body), "x").unwrap();
    assert_eq!(images.dim(), (2, 3, 4));
    assert_eq!(images[[1, 2, 3]], 23);
    assert_eq!(images[[0, 1, 0]], 4);
}

#[test]
fn idx_with_wrong_magic_is_bad_magic() {
    let bytes = idx(0x801, &[1, 1, 1], &[0]);
    assert!(matches!(
        mnist::parse_images(&bytes, "x"),
        Err(Error::BadMagic {
            found: 0x801,
            expected: 0x803,
            ..
        })
    ));
    // An image file given as labels.
    let images = idx(0x803, &[1, 1, 1], &[0]);
    assert!(matches!(
        mnist::parse_labels(&images, "x", 10),
        Err(Error::BadMagic { .. })
    ));
}

#[test]
fn idx_whose_header_disagrees_with_length_is_truncated() {
    let short = idx(0x803, &[10, 28, 28], &[0; 100]);
    assert!(matches!(
        mnist::parse_images(&short, "x"),
        Err(Error::Truncated {
            expected: 7840,
            actual: 100,
            ..
        })
    ));
    let long = idx(0x801, &[2], &[1, 2, 3]);
    assert!(matches!(
        mnist::parse_labels(&long, "x", 10),
        Err(Error::Truncated { .. })
    ));
    // Shorter than the header itself.
    assert!(matches!(
        mnist::parse_images(&[0, 0, 8], "x"),
        Err(Error::Truncated { .. })
    ));
    assert!(matches!(
        mnist::parse_labels(&[], "x", 10),
        Err(Error::Truncated { .. })
    ));
}

#[test]
fn idx_header_with_huge_dimensions_is_an_error_not_an_allocation() {
    let bytes = idx(0x803, &[u32::MAX, u32::MAX, u32::MAX], &[0; 16]);
    assert!(matches!(
        mnist::parse_images(&bytes, "x"),
        Err(Error::Truncated { .. })
    ));
}

#[test]
fn idx_labels_out_of_range_name_the_record() {
    let bytes = idx(0x801, &[4], &[1, 2, 10, 3]);
    assert!(matches!(
        mnist::parse_labels(&bytes, "x", 10),
        Err(Error::LabelOutOfRange {
            index: 2,
            label: 10,
            ..
        })
    ));
}

#[test]
fn mnist_images_and_labels_of_different_lengths_are_inconsistent() {
    let dir = tempfile::tempdir().unwrap();
    let images = dir.path().join("i");
    let labels = dir.path().join("l");
    std::fs::write(&images, idx(0x803, &[3, 2, 2], &[0; 12])).unwrap();
    std::fs::write(&labels, idx(0x801, &[2], &[0, 1])).unwrap();
    assert!(matches!(
        mnist::load_files(&images, &labels),
        Err(Error::Inconsistent {
            left: 3,
            right: 2,
            ..
        })
    ));
}

#[test]
fn missing_mnist_says_which_command_installs_it() {
    let dir = tempfile::tempdir().unwrap();
    let err =
        mnist::load_from(&datasets::DataDir::new(dir.path()), mnist::Split::Test).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("cargo xtask fetch-data mnist --data-dir"),
        "{message}"
    );
    assert!(message.contains("--from DIR"), "{message}");
}

/// Records in the real CIFAR-10 binary layout: label byte, then R, G, B planes of 32x32.
pub fn cifar_records(labels: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for (i, &label) in labels.iter().enumerate() {
        bytes.push(label);
        for channel in 0..3u8 {
            for p in 0..1024usize {
                bytes.push(
                    (i as u8)
                        .wrapping_mul(31)
                        .wrapping_add(channel * 50)
                        .wrapping_add((p % 7) as u8),
                );
            }
        }
    }
    bytes
}

#[test]
fn cifar_batch_parses_to_nchw() {
    let bytes = cifar_records(&[6, 9, 0]);
    let batch = cifar::parse_batch(&bytes, "b").unwrap();
    assert_eq!(batch.images.dim(), (3, 3, 32, 32));
    assert_eq!(batch.labels.to_vec(), vec![6, 9, 0]);
    // Record 1, green plane (channel 1), pixel (row 0, col 3) = byte 1 + 1024 + 3 of the record.
    assert_eq!(batch.images[[1, 1, 0, 3]], bytes[3073 + 1 + 1024 + 3]);
    assert_eq!(batch.images[[2, 2, 31, 31]], bytes[3 * 3073 - 1]);
}

#[test]
fn cifar_batch_with_a_partial_record_is_truncated() {
    let mut bytes = cifar_records(&[1, 2]);
    bytes.truncate(3073 + 100);
    assert!(matches!(
        cifar::parse_batch(&bytes, "b"),
        Err(Error::Truncated {
            expected: 6146,
            actual: 3173,
            ..
        })
    ));
}

#[test]
fn cifar_label_out_of_range_is_an_error() {
    let bytes = cifar_records(&[1, 10]);
    assert!(matches!(
        cifar::parse_batch(&bytes, "b"),
        Err(Error::LabelOutOfRange {
            index: 1,
            label: 10,
            ..
        })
    ));
}

#[test]
fn registry_names_every_dataset_with_two_mirrors_and_pins() {
    for spec in datasets::registry::ALL {
        for file in spec.files {
            assert_eq!(file.sha256.len(), 64, "{}", file.name);
            assert!(
                spec.bundled || file.mirrors.len() >= 2,
                "{} needs two mirrors",
                file.name
            );
        }
    }
    assert_eq!(
        datasets::registry::find("CIFAR-10").unwrap().name,
        "cifar10"
    );
}
