//! Identities and behaviour at the extremes (|x| = 1e4, -inf, nan).

use approx::assert_abs_diff_eq;
use ndarray::{Array1, Array2, Axis, array};
use performance::Error;
use performance::stability::{
    all_finite, check_finite, exp_range_report, log_sigmoid, log_softmax, log_sum_exp, naive_sum,
    pairwise_sum, sigmoid, softmax,
};
use performance::validation::sum_tolerance;

#[test]
fn log_sum_exp_is_exact_for_equal_entries() {
    // log(n e^c) = c + log n, for c huge in both directions
    for c in [-1e4f64, 0.0, 1e4] {
        let x = Array1::from_elem(8, c);
        assert_abs_diff_eq!(
            log_sum_exp(&x),
            c + 8f64.ln(),
            epsilon = 1e-12 * c.abs().max(1.0)
        );
    }
    assert_eq!(log_sum_exp(&Array1::from_elem(3, 1e4f32)), 1e4 + 3f32.ln());
}

#[test]
fn log_sum_exp_handles_infinities_and_empty_input() {
    let ninf = f64::NEG_INFINITY;
    assert_eq!(log_sum_exp(&array![ninf, ninf]), ninf);
    assert_eq!(log_sum_exp(&Array1::<f64>::zeros(0)), ninf);
    assert_eq!(log_sum_exp(&array![1.0, f64::INFINITY]), f64::INFINITY);
    assert_eq!(log_sum_exp(&array![0.0, ninf]), 0.0);
    assert!(log_sum_exp(&array![0.0, f64::NAN]).is_nan());
}

#[test]
fn softmax_rows_sum_to_one_and_survive_1e4_logits() {
    let z = array![[1e4f32, -1e4, 0.0], [-1e4, -1e4, -1e4], [1.0, 2.0, 3.0]];
    let p = softmax(&z, Axis(1));
    assert!(all_finite(&p));
    for row in p.rows() {
        assert_abs_diff_eq!(row.sum(), 1.0, epsilon = 1e-6);
    }
    assert_eq!(p.row(0), array![1.0, 0.0, 0.0]);
    assert_abs_diff_eq!(p[[1, 0]], 1.0 / 3.0, epsilon = 1e-7);
    // the naive form gives nan here
    let naive = z.mapv(f32::exp);
    assert!(naive[[0, 0]].is_infinite());
}

#[test]
fn softmax_with_masked_minus_infinity_gives_exact_zeros() {
    let ninf = f64::NEG_INFINITY;
    let z = array![[0.0, ninf, 0.0]];
    assert_eq!(softmax(&z, Axis(1)), array![[0.5, 0.0, 0.5]]);
    let ls = log_softmax(&z, Axis(1));
    assert_eq!(ls[[0, 1]], ninf);
    assert_abs_diff_eq!(ls[[0, 0]], -(2f64.ln()), epsilon = 1e-15);
}

#[test]
fn log_softmax_is_the_log_of_softmax_and_stays_finite_where_softmax_underflows() {
    let z = array![[3.0, -1.0, 0.5], [1e4, 0.0, -1e4]];
    let p = softmax(&z, Axis(1));
    let ls = log_softmax(&z, Axis(1));
    assert_abs_diff_eq!(ls.row(0), p.row(0).mapv(f64::ln), epsilon = 1e-14);
    assert_eq!(p[[1, 2]], 0.0);
    assert_eq!(ls[[1, 2]], -2e4);
    assert!(all_finite(&ls));
}

#[test]
fn softmax_over_axis_zero_normalises_columns() {
    let z = Array2::from_shape_fn((4, 3), |(i, j)| (i * j) as f64 - 2.0);
    let p = softmax(&z, Axis(0));
    for col in p.columns() {
        assert_abs_diff_eq!(col.sum(), 1.0, epsilon = 1e-15);
    }
}

#[test]
fn sigmoid_identities_hold_and_extremes_are_exact() {
    for x in [-30.0f64, -3.0, -0.1, 0.0, 0.2, 4.0, 30.0] {
        assert_abs_diff_eq!(sigmoid(-x), 1.0 - sigmoid(x), epsilon = 2.0 * f64::EPSILON);
        assert_abs_diff_eq!(log_sigmoid(x), sigmoid(x).ln(), epsilon = 1e-15);
    }
    assert_eq!(sigmoid(1e4f64), 1.0);
    assert_eq!(sigmoid(-1e4f64), 0.0);
    assert_eq!(sigmoid(f64::NEG_INFINITY), 0.0);
    assert_eq!(sigmoid(-1e4f32), 0.0);
    assert_eq!(log_sigmoid(-1e4f64), -1e4);
    assert_eq!(log_sigmoid(1e4f64), 0.0);
    assert_eq!(log_sigmoid(-1e4f32), -1e4);
    assert_eq!(log_sigmoid(f64::NEG_INFINITY), f64::NEG_INFINITY);
    // log(sigmoid(-40)) = -40 - log1p(e^-40) ~ -40 - 4.2e-18: the naive log(1/(1+e^40)) agrees only to 1e-16 relative
    assert_abs_diff_eq!(log_sigmoid(-40.0f64), -40.0, epsilon = 1e-14);
}

#[test]
fn pairwise_sum_error_stays_within_its_bound_where_naive_sum_does_not() {
    // 2^24 + 2^22 values of 1.0: once the running f32 sum reaches 2^24, adding 1 does nothing
    let n = (1 << 24) + (1 << 22);
    let v = vec![1.0f32; n];
    assert_eq!(naive_sum(&v), 16_777_216.0);
    assert_eq!(pairwise_sum(&v), n as f32);
    // random-looking values in [0.1, 1.1)
    let w: Vec<f32> = (0..1_000_003usize)
        .map(|i| ((i * 7919 % 1000) as f64 / 1000.0 + 0.1) as f32)
        .collect();
    let exact: f64 = w.iter().map(|&x| f64::from(x)).sum();
    let eps = f64::from(f32::EPSILON) / 2.0;
    let tol = sum_tolerance(w.len(), exact, eps, true);
    assert!((f64::from(pairwise_sum(&w)) - exact).abs() <= tol);
    // the naive sum only obeys the much wider n * eps bound
    let naive_tol = sum_tolerance(w.len(), exact, eps, false);
    assert!((f64::from(naive_sum(&w)) - exact).abs() <= naive_tol);
    assert!(naive_tol > 1e4 * tol);
}

#[test]
#[ignore = "slow: 1e8 elements (400 MB); run with --ignored or the summation_error example"]
fn pairwise_sum_of_1e8_f32_values_is_accurate_and_naive_is_not() {
    let n = 100_000_000;
    let v: Vec<f32> = (0..n)
        .map(|i| ((i % 1000) as f64 / 1000.0 + 0.1) as f32)
        .collect();
    let exact: f64 = v.iter().map(|&x| f64::from(x)).sum();
    let pw = (f64::from(pairwise_sum(&v)) - exact).abs() / exact;
    let nv = (f64::from(naive_sum(&v)) - exact).abs() / exact;
    assert!(pw < 1e-6, "pairwise relative error {pw}");
    assert!(nv > 0.1, "naive relative error {nv}");
}

#[test]
fn check_finite_reports_the_first_bad_position() {
    let mut x = Array2::<f32>::zeros((3, 4));
    assert!(check_finite("t", &x).is_ok());
    x[[2, 1]] = f32::INFINITY;
    x[[1, 3]] = f32::NAN;
    match check_finite("fit", &x) {
        Err(Error::NonFinite { index, value, .. }) => {
            assert_eq!(index, vec![1, 3]);
            assert!(value.is_nan());
        }
        other => panic!("expected NonFinite, got {other:?}"),
    }
    let y = array![[1.0f64], [f64::NEG_INFINITY]];
    assert_eq!(
        check_finite("loss", &y).unwrap_err().to_string(),
        "loss: non-finite value -inf at index [1, 0]"
    );
}

#[test]
fn exp_range_report_finds_overflow_and_underflow_in_f32() {
    let z = array![[0.0f32, 89.0, -100.0], [88.0, 1e4, -87.0]];
    let r = exp_range_report(&z);
    // exp(88.72) is f32::MAX; exp(-87.34) is f32::MIN_POSITIVE
    assert_eq!(r.overflows, 2);
    assert_eq!(r.first_overflow, Some(vec![0, 1]));
    assert_eq!(r.underflows, 1);
    assert_eq!(r.first_underflow, Some(vec![0, 2]));
    assert!(z.mapv(f32::exp)[[0, 1]].is_infinite());
    assert!(!z.mapv(f32::exp)[[1, 0]].is_infinite());
    let r64 = exp_range_report(&z.mapv(f64::from));
    assert_eq!(r64.overflows, 1);
    assert_eq!(r64.underflows, 0);
}
