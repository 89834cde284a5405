//! Reference JSON for the tests: scikit-learn 1.9.1 / NumPy 2.4 values.
#![allow(dead_code)]

use ndarray::{Array1, Array2};
use serde_json::Value;

pub fn load(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `fixtures/reference/iris_reference.json` at the workspace root (a copy of
/// `../shared/reference/iris_reference.json`).
pub fn iris_ref() -> Value {
    load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/reference/iris_reference.json"
    ))
}

/// This crate's `fixtures/sklearn_reference.json` (made by `fixtures/make_fixtures.py`).
pub fn sk() -> Value {
    load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/sklearn_reference.json"
    ))
}

/// A number; the script writes NaN and infinities as the strings "nan", "inf", "-inf".
pub fn f(v: &Value) -> f64 {
    match v {
        Value::String(s) if s == "nan" => f64::NAN,
        Value::String(s) if s == "inf" => f64::INFINITY,
        Value::String(s) if s == "-inf" => f64::NEG_INFINITY,
        _ => v.as_f64().unwrap_or_else(|| panic!("a number, got {v}")),
    }
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
