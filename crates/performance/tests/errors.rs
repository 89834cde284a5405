//! Every error path: bad shapes, empty input, bad parameters, non-finite values.

use ndarray::{Array1, Array2, array};
use performance::Error;
use performance::gradcheck::{check_derivative, check_gradient, numerical_gradient};
use performance::memmap::{ColumnStats, column_stats, stream_column_stats};
use performance::memory::{fma_into, sliding_window_view};
use performance::parallel::{par_column_stats, par_fma, with_threads};
use performance::profiling::{Logistic, gd_fused, log_loss};
use performance::validation::{expect_non_empty, expect_npy_dtype};
use performance::vectorization::*;

#[test]
fn mismatched_shapes_are_named_in_the_error() {
    let a = Array2::<f64>::zeros((3, 4));
    let b = Array2::<f64>::zeros((5, 2));
    let e = matmul_naive(&a, &b).unwrap_err();
    assert_eq!(
        e.to_string(),
        "matmul_naive: shapes (3, 4) and (5, 2) are incompatible: not aligned: 4 != 5"
    );
    assert!(
        matmul_ikj(&a, &b).is_err() && matmul_dot(&a, &b).is_err() && matmul_par(&a, &b).is_err()
    );
    let c = Array2::<f64>::zeros((2, 3));
    for r in [
        pairwise_distances_naive(&a, &c),
        pairwise_distances_zip(&a, &c),
        pairwise_distances_gemm(&a, &c),
        pairwise_distances_par(&a, &c),
    ] {
        assert!(matches!(r, Err(Error::ShapeMismatch { .. })));
    }
    let x = Array1::<f32>::zeros(3);
    let mut out = Array1::<f32>::zeros(4);
    assert!(fma_into(&x, &x, &x, &mut out).is_err());
    assert!(par_fma(&x, &x, &x, &mut out).is_err());
    let mut st = ColumnStats::new(3);
    assert!(st.push(Array2::<f32>::zeros((2, 4)).view()).is_err());
}

#[test]
fn empty_input_is_an_error() {
    let e = Array2::<f32>::zeros((0, 3));
    assert!(matches!(standardize_naive(&e), Err(Error::Empty { .. })));
    assert!(matches!(standardize_expr(&e), Err(Error::Empty { .. })));
    assert!(matches!(
        standardize_zip(&mut e.clone()),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        standardize_par(&mut e.clone()),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(softmax_naive(&e), Err(Error::Empty { .. })));
    assert!(matches!(softmax_zip(&e), Err(Error::Empty { .. })));
    assert!(matches!(softmax_par(&e), Err(Error::Empty { .. })));
    assert!(matches!(
        column_stats(e.view(), 4),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        par_column_stats(e.view(), 2),
        Err(Error::Empty { .. })
    ));
    assert!(expect_non_empty("t", &[3, 0]).is_err());
    let y = Array1::<f32>::zeros(0);
    assert!(matches!(
        gd_fused(e.view(), y.view(), 0.1, 1),
        Err(Error::Empty { .. })
    ));
}

#[test]
fn bad_parameters_are_errors() {
    let x = Array2::<f32>::zeros((4, 3));
    assert!(matches!(
        column_stats(x.view(), 0),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        stream_column_stats::<f32>("nowhere.npy", 0, true),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        par_column_stats(x.view(), 0),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        with_threads(0, || ()),
        Err(Error::InvalidParameter { .. })
    ));
    let v = array![1.0, 2.0, 3.0];
    let e = sliding_window_view(v.view(), 4).unwrap_err();
    assert_eq!(
        e.to_string(),
        "sliding_window_view: w = 4 is invalid: must be in 1..=3 (the length of x)"
    );
    assert!(sliding_window_view(v.view(), 0).is_err());
    assert!(numerical_gradient(|x: &Array1<f64>| x.sum(), &v, 0.0).is_err());
    assert!(numerical_gradient(|x: &Array1<f64>| x.sum(), &v, f64::NAN).is_err());
    assert!(check_derivative(f64::sin, f64::cos, &[], 1e-5).is_err());
}

#[test]
fn gradient_checks_reject_wrong_shapes_and_non_finite_values() {
    let x = array![1.0, 2.0];
    assert!(check_gradient(|x: &Array1<f64>| x.sum(), &x, &array![1.0, 1.0], 1e-5).is_ok());
    let bad =
        check_gradient(|x: &Array1<f64>| x.sum(), &x, &array![1.0, f64::NAN], 1e-5).unwrap_err();
    assert!(matches!(bad, Error::NonFinite { ref index, .. } if index == &vec![1]));
    let e = check_gradient(
        |x: &Array2<f64>| x.sum(),
        &Array2::zeros((2, 2)),
        &Array2::zeros((2, 3)),
        1e-5,
    );
    assert!(matches!(e, Err(Error::ShapeMismatch { .. })));
    let e = check_derivative(f64::ln, |x| 1.0 / x, &[1.0, -1.0], 1e-5).unwrap_err();
    assert!(matches!(e, Error::NonFinite { ref index, .. } if index == &vec![1]));
}

#[test]
fn labels_and_rows_must_agree() {
    let x = Array2::<f32>::zeros((4, 3));
    let y = Array1::<f32>::zeros(5);
    let m = Logistic {
        w: Array1::zeros(3),
        b: 0.0,
    };
    let e = log_loss(x.view(), y.view(), &m).unwrap_err();
    assert_eq!(
        e.to_string(),
        "log_loss: shapes (4, 3) and (5,) are incompatible: 4 rows but 5 labels"
    );
}

#[test]
fn a_file_with_the_wrong_dtype_is_reported_with_both_dtypes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.npy");
    ndarray_npy::write_npy(&p, &Array2::<f64>::zeros((2, 2))).unwrap();
    assert!(expect_npy_dtype(&p, "<f8").is_ok());
    let e = expect_npy_dtype(&p, "<f4").unwrap_err();
    assert!(
        e.to_string()
            .ends_with("expected dtype <f4, found dtype <f8"),
        "{e}"
    );
    let q = dir.path().join("q.npy");
    std::fs::write(&q, b"hello").unwrap();
    assert!(matches!(
        expect_npy_dtype(&q, "<f4"),
        Err(Error::Npy { .. })
    ));
}
