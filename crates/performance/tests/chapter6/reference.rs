//! Values against NumPy 2.4 (fixtures/make_fixtures.py -> fixtures/numpy_reference.json).

use approx::assert_abs_diff_eq;
use ndarray::{Array1, Array2, Axis};
use performance::memmap::column_stats;
use performance::stability::{log_sigmoid, log_sum_exp, pairwise_sum, sigmoid, softmax};
use performance::ufuncs::Activation;
use serde_json::Value;

fn fixture() -> Value {
    let text = include_str!("../../fixtures/numpy_reference.json");
    serde_json::from_str(text).expect("valid JSON")
}

fn vec1(v: &Value, key: &str) -> Array1<f64> {
    v[key]
        .as_array()
        .expect(key)
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

fn mat(v: &Value, key: &str) -> Array2<f64> {
    let rows: Vec<Array1<f64>> = v[key]
        .as_array()
        .expect(key)
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        })
        .collect();
    let p = rows[0].len();
    Array2::from_shape_fn((rows.len(), p), |(i, j)| rows[i][j])
}

#[test]
fn activations_match_numpy_in_f64() {
    let f = fixture();
    let x = vec1(&f, "x");
    for (act, key) in [
        (Activation::Softplus, "softplus"),
        (Activation::Silu, "silu"),
        (Activation::Mish, "mish"),
        (Activation::Gelu, "gelu_tanh"),
    ] {
        let want = vec1(&f, key);
        for (&xi, &wi) in x.iter().zip(&want) {
            // values are O(1..20); f64 rounding of a few operations
            assert_abs_diff_eq!(act.f(xi), wi, epsilon = 1e-13 * wi.abs().max(1.0));
        }
    }
}

#[test]
fn activations_match_numpy_in_f32_to_single_precision() {
    let f = fixture();
    let x = vec1(&f, "x");
    for (act, key) in [
        (Activation::Softplus, "softplus"),
        (Activation::Mish, "mish"),
    ] {
        for (&xi, &wi) in x.iter().zip(&vec1(&f, key)) {
            let got = f64::from(act.f(xi as f32));
            assert_abs_diff_eq!(
                got,
                wi,
                epsilon = 4.0 * f64::from(f32::EPSILON) * wi.abs().max(1.0)
            );
        }
    }
}

#[test]
fn sigmoid_and_log_sigmoid_match_numpy() {
    let f = fixture();
    for ((&xi, &s), &ls) in vec1(&f, "x")
        .iter()
        .zip(&vec1(&f, "sigmoid"))
        .zip(&vec1(&f, "log_sigmoid"))
    {
        assert_abs_diff_eq!(sigmoid(xi), s, epsilon = 1e-15);
        assert_abs_diff_eq!(log_sigmoid(xi), ls, epsilon = 1e-14 * ls.abs().max(1.0));
    }
}

#[test]
fn log_sum_exp_and_softmax_match_numpy_rows() {
    let f = fixture();
    let logits = mat(&f, "logits");
    let lse = vec1(&f, "logsumexp_rows");
    for (row, &want) in logits.rows().into_iter().zip(&lse) {
        assert_abs_diff_eq!(log_sum_exp(&row), want, epsilon = 1e-13);
    }
    let p = softmax(&logits, Axis(1));
    assert_abs_diff_eq!(p, mat(&f, "softmax_rows"), epsilon = 1e-15);
}

#[test]
fn log_sum_exp_of_huge_logits_matches_numpy_logaddexp() {
    let f = fixture();
    let big = vec1(&f, "big");
    assert_abs_diff_eq!(
        log_sum_exp(&big),
        f["big_logsumexp"].as_f64().unwrap(),
        epsilon = 1e-11
    );
}

#[test]
fn column_statistics_match_numpy_for_every_chunk_size() {
    let f = fixture();
    let x = mat(&f, "stats_x").mapv(|v| v as f32);
    let mean = vec1(&f, "stats_mean");
    for chunk in [1, 7, 64, 1000, 5000] {
        let st = column_stats(x.view(), chunk).unwrap();
        assert_eq!(st.count(), 1000);
        for ((&g, &w), scale) in st
            .mean()
            .iter()
            .zip(&mean)
            .zip([1.0, 10.0, 300.0, 1.0, 1e3])
        {
            assert_abs_diff_eq!(g, w, epsilon = 1e-12 * scale);
        }
        assert_abs_diff_eq!(st.std(0), vec1(&f, "stats_std0"), epsilon = 1e-10);
        assert_abs_diff_eq!(st.std(1), vec1(&f, "stats_std1"), epsilon = 1e-10);
    }
}

#[test]
fn pairwise_f32_sum_is_as_accurate_as_numpy_sum() {
    let f = fixture();
    let n = f["sum_n"].as_u64().unwrap() as usize;
    let v: Vec<f32> = (0..n)
        .map(|i| ((i % 1000) as f64 / 1000.0 + 0.1) as f32)
        .collect();
    let exact = f["sum_exact"].as_f64().unwrap();
    let numpy = f["sum_np_float32"].as_f64().unwrap();
    let ours = f64::from(pairwise_sum(&v));
    let numpy_err = (numpy - exact).abs();
    let our_err = (ours - exact).abs();
    // same algorithm family: error of the same order (a few ulps of 6e5 = 0.0625 each)
    assert!(
        our_err <= numpy_err.max(0.0625) * 4.0,
        "ours {our_err}, numpy {numpy_err}"
    );
}
