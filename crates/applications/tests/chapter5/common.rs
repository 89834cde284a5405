//! Reference JSON for the tests: scikit-learn 1.9.1 / NumPy 2.4 values.
#![allow(dead_code)]

use ndarray::Array2;
use serde_json::Value;
pub use testkit::reference::{f, load, mat, vec_usize, vec1};

/// `fixtures/reference/iris_reference.json` at the workspace root (a copy of
/// `../shared/reference/iris_reference.json`).
pub fn iris_ref() -> Value {
    testkit::reference::shared("iris_reference.json")
}

/// This crate's `fixtures/sklearn_reference.json` (made by `fixtures/make_fixtures.py`).
pub fn sk() -> Value {
    load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/sklearn_reference.json"
    ))
}

pub fn mat_usize(v: &Value) -> Array2<usize> {
    mat(v).mapv(|x| x as usize)
}

/// Element-wise equality within `tol`, NaN equal to NaN and infinities to themselves.
pub fn assert_close(actual: &[f64], expected: &[f64], tol: f64, what: &str) {
    assert_eq!(
        actual.len(),
        expected.len(),
        "{what}: lengths differ: {actual:?} vs {expected:?}"
    );
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        let ok = (a.is_nan() && e.is_nan()) || a == e || (a - e).abs() <= tol;
        assert!(
            ok,
            "{what}[{i}]: {a} != {e} (tol {tol})\nactual   {actual:?}\nexpected {expected:?}"
        );
    }
}
