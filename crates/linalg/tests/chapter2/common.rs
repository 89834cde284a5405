//! Helpers shared by the integration tests: fixtures, deterministic random matrices.
#![allow(dead_code)]

use ndarray::{Array1, Array2, Array3, ArrayD, IxDyn};
use serde_json::Value;

/// The NumPy reference values written by `fixtures/make_fixtures.py`.
pub fn numpy_reference() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/numpy_reference.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture file")).expect("JSON")
}

/// The course-wide Iris reference (NumPy 2.4.6, scikit-learn 1.9.1).
pub fn iris_reference() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/reference/iris_reference.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture file")).expect("JSON")
}

pub fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

pub fn vec1(v: &Value) -> Array1<f64> {
    v.as_array().expect("array").iter().map(f).collect()
}

pub fn mat2(v: &Value) -> Array2<f64> {
    let rows: Vec<Array1<f64>> = v.as_array().expect("array").iter().map(vec1).collect();
    let n = rows.first().map_or(0, |r| r.len());
    Array2::from_shape_fn((rows.len(), n), |(i, j)| rows[i][j])
}

/// Any nested JSON array of numbers as an n-D array.
pub fn arr_d(v: &Value) -> ArrayD<f64> {
    fn shape(v: &Value, out: &mut Vec<usize>) {
        if let Some(a) = v.as_array() {
            out.push(a.len());
            if let Some(first) = a.first() {
                shape(first, out);
            }
        }
    }
    fn flat(v: &Value, out: &mut Vec<f64>) {
        match v.as_array() {
            Some(a) => a.iter().for_each(|x| flat(x, out)),
            None => out.push(f(v)),
        }
    }
    let mut s = Vec::new();
    shape(v, &mut s);
    let mut data = Vec::new();
    flat(v, &mut data);
    ArrayD::from_shape_vec(IxDyn(&s), data).expect("rectangular")
}

/// SplitMix64: a tiny deterministic generator, so tests need no RNG crate.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [-1, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    }
    pub fn matrix(&mut self, m: usize, n: usize) -> Array2<f64> {
        Array2::from_shape_simple_fn((m, n), || self.uniform())
    }
    pub fn vector(&mut self, n: usize) -> Array1<f64> {
        Array1::from_shape_simple_fn(n, || self.uniform())
    }
    pub fn tensor3(&mut self, shape: (usize, usize, usize)) -> Array3<f64> {
        Array3::from_shape_simple_fn(shape, || self.uniform())
    }
}

/// `H_ij = 1 / (i + j + 1)`, the classic ill-conditioned matrix.
pub fn hilbert(n: usize) -> Array2<f64> {
    Array2::from_shape_fn((n, n), |(i, j)| 1.0 / (i + j + 1) as f64)
}

/// `max(m, x)` that keeps a NaN, for folds computing a largest error: `f64::max` drops NaN,
/// and a NaN error would pass an `err < tol` check.
pub fn nan_max<T: PartialOrd + Copy>(m: T, x: T) -> T {
    let x_is_nan = x.partial_cmp(&x).is_none();
    if x > m || x_is_nan { x } else { m }
}

/// Largest absolute entry of `a - b`; NaN if any entry is NaN (`f64::max` would drop it,
/// and a NaN result would pass an `err < tol` check).
pub fn max_abs_diff<D: ndarray::Dimension>(
    a: &ndarray::Array<f64, D>,
    b: &ndarray::Array<f64, D>,
) -> f64 {
    assert_eq!(a.shape(), b.shape(), "shapes differ");
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, nan_max)
}

/// `cos(0.37 i j + 0.11 (i + j))`: a dense symmetric matrix given by a formula, so that
/// `fixtures/make_fixtures.py` builds the same one in NumPy.
pub fn cos_sym(n: usize) -> Array2<f64> {
    Array2::from_shape_fn((n, n), |(i, j)| {
        let (i, j) = (i as f64, j as f64);
        (0.37 * i * j + 0.11 * (i + j)).cos()
    })
}

/// `blocks` copies of Wilkinson's `W_m^+` glued by `delta` (as in `make_fixtures.py`): a
/// tridiagonal matrix whose eigenvalues come in pairs that agree to many digits.
pub fn glued_wilkinson(blocks: usize, m: usize, delta: f64) -> Array2<f64> {
    let n = blocks * m;
    let half = (m as f64 - 1.0) / 2.0;
    Array2::from_shape_fn((n, n), |(i, j)| {
        if i == j {
            ((i % m) as f64 - half).abs()
        } else if i.abs_diff(j) == 1 {
            if i.max(j) % m == 0 { delta } else { 1.0 }
        } else {
            0.0
        }
    })
}

#[test]
fn nan_max_keeps_a_nan_wherever_it_comes_and_is_max_otherwise() {
    assert_eq!([1.0, 3.0, 2.0].into_iter().fold(0.0, nan_max), 3.0);
    for pos in 0..3 {
        let mut v = [1.0f64, 3.0, 2.0];
        v[pos] = f64::NAN;
        assert!(v.into_iter().fold(0.0, nan_max).is_nan(), "NaN at {pos}");
    }
    let d = max_abs_diff(&ndarray::array![1.0, f64::NAN], &ndarray::array![1.0, 2.0]);
    assert!(d.is_nan());
}
