//! Shared helpers: the NumPy fixture file and array comparison.
#![allow(dead_code)]

use ndarray::{ArrayD, IxDyn};
use serde_json::Value;

/// The fixtures written by `fixtures/make_fixtures.py` (NumPy 2.4.6).
pub fn fixtures() -> Value {
    let text = include_str!("../../fixtures/numpy_reference.json");
    serde_json::from_str(text).expect("valid fixture JSON")
}

/// `{"shape": [...], "data": [...]}` as an array.
pub fn array(v: &Value) -> ArrayD<f64> {
    let shape: Vec<usize> = v["shape"]
        .as_array()
        .expect("shape")
        .iter()
        .map(|d| d.as_u64().expect("dim") as usize)
        .collect();
    let data: Vec<f64> = v["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|d| d.as_f64().expect("number"))
        .collect();
    ArrayD::from_shape_vec(IxDyn(&shape), data).expect("consistent fixture")
}

/// Same shape and every element within `tol` (absolute).
pub fn assert_close(actual: &ArrayD<f64>, expected: &ArrayD<f64>, tol: f64, what: &str) {
    assert_eq!(actual.shape(), expected.shape(), "{what}: shape");
    for (i, (a, e)) in actual.iter().zip(expected.iter()).enumerate() {
        assert!(
            (a - e).abs() <= tol,
            "{what}: element {i}: {a} vs NumPy {e} (tolerance {tol})"
        );
    }
}
