//! Fixture access and comparison helpers.

use std::sync::OnceLock;

use ndarray::{Array1, Array2, ArrayD, IxDyn};
use serde_json::Value;

const REFERENCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/reference/iris_reference.json"
);
const EXPECTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/numpy_expected.json");

fn load(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The team's shared Iris reference (NumPy 2.4.6 / scikit-learn 1.9.1).
pub fn reference() -> &'static Value {
    static CELL: OnceLock<Value> = OnceLock::new();
    CELL.get_or_init(|| load(REFERENCE))
}

/// This crate's NumPy fixture (`fixtures/make_fixtures.py`).
pub fn expected() -> &'static Value {
    static CELL: OnceLock<Value> = OnceLock::new();
    CELL.get_or_init(|| load(EXPECTED))
}

/// A JSON number, or `"nan"`/`"inf"`/`"-inf"` as the fixture script encodes them.
pub fn num(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().expect("a number"),
        Value::String(s) if s == "nan" => f64::NAN,
        Value::String(s) if s == "inf" => f64::INFINITY,
        Value::String(s) if s == "-inf" => f64::NEG_INFINITY,
        other => panic!("not a number: {other}"),
    }
}

pub fn vec_f64(v: &Value) -> Vec<f64> {
    v.as_array().expect("an array").iter().map(num).collect()
}

pub fn vec_usize(v: &Value) -> Vec<usize> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_u64().expect("an integer") as usize)
        .collect()
}

pub fn arr1(v: &Value) -> Array1<f64> {
    Array1::from(vec_f64(v))
}

pub fn arr2(v: &Value) -> Array2<f64> {
    let rows: Vec<Vec<f64>> = v.as_array().expect("rows").iter().map(vec_f64).collect();
    let ncols = rows.first().map_or(0, Vec::len);
    Array2::from_shape_vec((rows.len(), ncols), rows.concat()).expect("rectangular")
}

/// A nested JSON array of any depth (numbers or booleans as 0/1) as an `ArrayD<f64>`.
pub fn arr_dyn(v: &Value) -> ArrayD<f64> {
    fn walk(v: &Value, depth: usize, shape: &mut Vec<usize>, out: &mut Vec<f64>) {
        match v {
            Value::Array(items) => {
                if shape.len() == depth {
                    shape.push(items.len());
                }
                for item in items {
                    walk(item, depth + 1, shape, out);
                }
            }
            Value::Bool(b) => out.push(f64::from(u8::from(*b))),
            other => out.push(num(other)),
        }
    }
    let (mut shape, mut out) = (Vec::new(), Vec::new());
    walk(v, 0, &mut shape, &mut out);
    ArrayD::from_shape_vec(IxDyn(&shape), out).expect("rectangular")
}

/// Elementwise `|a - b| <= eps`, with NaN equal only to NaN; panics naming the first
/// differing position.
pub fn assert_close_nan(actual: &[f64], expected: &[f64], eps: f64, what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: lengths differ");
    for (i, (&a, &e)) in actual.iter().zip(expected).enumerate() {
        let ok = if e.is_nan() {
            a.is_nan()
        } else {
            a == e || (a - e).abs() <= eps
        };
        assert!(ok, "{what}[{i}]: got {a}, NumPy says {e} (tolerance {eps})");
    }
}
