//! Loading the reference JSON files (scikit-learn 1.9.1 / NumPy 2.4.6) for the tests.
#![allow(dead_code)]

use serde_json::Value;
pub use testkit::reference::{f, load, mat, vec_usize, vec1};

/// `fixtures/reference/iris_reference.json` at the workspace root.
pub fn iris_ref() -> Value {
    testkit::reference::shared("iris_reference.json")
}

/// `fixtures/reference/digits_reference.json` at the workspace root.
pub fn digits_ref() -> Value {
    testkit::reference::shared("digits_reference.json")
}

/// This crate's `fixtures/numpy_reference.json` (made by `fixtures/make_fixtures.py`).
pub fn numpy_ref() -> Value {
    load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/numpy_reference.json"
    ))
}
