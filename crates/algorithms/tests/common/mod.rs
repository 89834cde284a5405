//! Loading the reference JSON files (scikit-learn 1.9.1 / NumPy 2.4.6) for the tests.
#![allow(dead_code)]

use ndarray::{Array1, Array2};
use serde_json::Value;

pub fn load(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `fixtures/reference/iris_reference.json` at the workspace root.
pub fn iris_ref() -> Value {
    load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/reference/iris_reference.json"
    ))
}

/// `fixtures/reference/digits_reference.json` at the workspace root.
pub fn digits_ref() -> Value {
    load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/reference/digits_reference.json"
    ))
}

/// This crate's `fixtures/numpy_reference.json` (made by `fixtures/make_fixtures.py`).
pub fn numpy_ref() -> Value {
    load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/numpy_reference.json"
    ))
}

pub fn f(v: &Value) -> f64 {
    v.as_f64().expect("a number")
}

pub fn vec1(v: &Value) -> Array1<f64> {
    v.as_array().expect("an array").iter().map(f).collect()
}

pub fn vec_usize(v: &Value) -> Array1<usize> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_u64().expect("an integer") as usize)
        .collect()
}

pub fn mat(v: &Value) -> Array2<f64> {
    let rows: Vec<Array1<f64>> = v.as_array().expect("an array").iter().map(vec1).collect();
    let ncols = rows.first().map_or(0, |r| r.len());
    let mut m = Array2::zeros((rows.len(), ncols));
    for (mut dst, src) in m.rows_mut().into_iter().zip(rows) {
        dst.assign(&src);
    }
    m
}
