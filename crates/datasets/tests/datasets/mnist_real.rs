//! MNIST itself, when installed (`cargo xtask fetch-data mnist`); skipped with a message otherwise.
//! Expected values: fixtures/reference/mnist_manifest.json (computed with NumPy on the same files).

use datasets::DataDir;
use datasets::mnist::{self, Split};

fn manifest() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/reference/mnist_manifest.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn installed() -> bool {
    let ok = mnist::is_installed(&DataDir::default_location());
    if !ok {
        eprintln!(
            "skipped: MNIST is not installed; run `cargo xtask fetch-data mnist` (offline: `--from ../shared/data/mnist`)"
        );
    }
    ok
}

fn counts(labels: &ndarray::Array1<u8>) -> Vec<u64> {
    let mut c = vec![0u64; 10];
    for &l in labels {
        c[usize::from(l)] += 1;
    }
    c
}

#[test]
fn mnist_train_matches_the_manifest() {
    if !installed() {
        return;
    }
    let m = manifest();
    let train = mnist::load(Split::Train).unwrap();
    assert_eq!(train.images.dim(), (60000, 28, 28));
    let expected: Vec<u64> = m["stats"]["train_label_counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(counts(&train.labels), expected);
    let first: Vec<u64> = m["stats"]["first_10_train_labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(
        train
            .labels
            .iter()
            .take(10)
            .map(|&l| u64::from(l))
            .collect::<Vec<_>>(),
        first
    );
    let sum: u64 = train.images.iter().map(|&p| u64::from(p)).sum();
    assert_eq!(sum, m["stats"]["train_pixel_sum_uint8"].as_u64().unwrap());
    let x = train.features_f64();
    let mean = x.mean().unwrap();
    approx::assert_abs_diff_eq!(
        mean,
        m["stats"]["train_pixel_mean_over_255"].as_f64().unwrap(),
        epsilon = 1e-12
    );
}

#[test]
fn mnist_test_matches_the_manifest() {
    if !installed() {
        return;
    }
    let m = manifest();
    let test = mnist::load(Split::Test).unwrap();
    assert_eq!(test.len(), 10000);
    let expected: Vec<u64> = m["stats"]["test_label_counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(counts(&test.labels), expected);
    let sum: u64 = test.images.iter().map(|&p| u64::from(p)).sum();
    assert_eq!(sum, m["stats"]["test_pixel_sum_uint8"].as_u64().unwrap());
}
