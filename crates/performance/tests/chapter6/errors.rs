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

/// Hostile inputs (issue 9): the chapter's array functions on transposed, reversed and
/// strided views (same answer as a standard-layout copy), empty and zero-length axes,
/// NaN/inf, mismatched shapes and sizes whose element count overflows `usize`. Every call
/// runs under `catch_unwind`; a panic is reported with the function and the case.
mod hostile {
    use ndarray::{Array1, Array2, ArrayView2, Axis, array};
    use performance::memmap::{ColumnStats, column_stats};
    use performance::memory::{moving_average, sliding_window_view};
    use performance::parallel::{par_column_stats, par_matvec, par_sum};
    use performance::stability::{log_softmax, log_sum_exp, softmax};
    use performance::ufuncs::{Activation, apply, apply_derivative, par_apply};
    use performance::vectorization::*;
    use testkit::hostile::{Outcome, assert_no_failures, call, check_matrix_op};

    type Op = fn(&ArrayView2<'_, f64>) -> Outcome;

    fn e<T>(r: performance::Result<T>) -> Result<T, String> {
        r.map_err(|e| e.to_string())
    }

    /// Every function of the chapter taking a matrix, reduced to numbers.
    fn ops() -> Vec<(&'static str, Op)> {
        vec![
            ("pairwise_distances_naive", |x| {
                Ok(e(pairwise_distances_naive(x, x))?.into_iter().collect())
            }),
            ("pairwise_distances_zip", |x| {
                Ok(e(pairwise_distances_zip(x, x))?.into_iter().collect())
            }),
            ("pairwise_distances_gemm", |x| {
                Ok(e(pairwise_distances_gemm(x, x))?.into_iter().collect())
            }),
            ("pairwise_distances_par", |x| {
                Ok(e(pairwise_distances_par(x, x))?.into_iter().collect())
            }),
            ("matmul_naive", |x| {
                Ok(e(matmul_naive(x, &x.t()))?.into_iter().collect())
            }),
            ("matmul_ikj", |x| {
                Ok(e(matmul_ikj(x, &x.t()))?.into_iter().collect())
            }),
            ("matmul_dot", |x| {
                Ok(e(matmul_dot(x, &x.t()))?.into_iter().collect())
            }),
            ("matmul_par", |x| {
                Ok(e(matmul_par(x, &x.t()))?.into_iter().collect())
            }),
            ("standardize_naive", |x| {
                Ok(e(standardize_naive(x))?.into_iter().collect())
            }),
            ("standardize_expr", |x| {
                Ok(e(standardize_expr(x))?.into_iter().collect())
            }),
            ("standardize_zip", |x| {
                let mut o = x.to_owned();
                e(standardize_zip(&mut o))?;
                Ok(o.into_iter().collect())
            }),
            ("standardize_par", |x| {
                let mut o = x.to_owned();
                e(standardize_par(&mut o))?;
                Ok(o.into_iter().collect())
            }),
            ("softmax_naive", |x| {
                Ok(e(softmax_naive(x))?.into_iter().collect())
            }),
            ("softmax_zip", |x| {
                Ok(e(softmax_zip(x))?.into_iter().collect())
            }),
            ("softmax_par", |x| {
                Ok(e(softmax_par(x))?.into_iter().collect())
            }),
            ("stability::softmax/log_softmax/log_sum_exp", |x| {
                let mut v: Vec<f64> = softmax(x, Axis(1)).into_iter().collect();
                v.extend(log_softmax(x, Axis(1)));
                v.push(log_sum_exp(x));
                Ok(v)
            }),
            ("ufuncs", |x| {
                let mut v: Vec<f64> = apply(x, Activation::Gelu).into_iter().collect();
                v.extend(par_apply(x, Activation::Silu));
                v.extend(apply_derivative(x, Activation::Mish));
                Ok(v)
            }),
            ("column_stats", |x| {
                let s = e(column_stats(*x, 2))?;
                Ok(s.mean().iter().copied().chain(s.var(0)).collect())
            }),
            ("par_column_stats", |x| {
                let s = e(par_column_stats(*x, 2))?;
                Ok(s.mean().iter().copied().chain(s.var(0)).collect())
            }),
            ("ColumnStats::push", |x| {
                let mut s = ColumnStats::new(x.ncols());
                e(s.push(*x))?;
                Ok(s.mean().to_vec())
            }),
            ("par_matvec", |x| {
                let w = Array1::from_iter((0..x.ncols()).map(|i| i as f64 - 1.0));
                Ok(e(par_matvec(*x, w.view()))?.to_vec())
            }),
            ("moving_average of column 0", |x| {
                let empty = Array1::<f64>::zeros(0);
                let c = if x.ncols() > 0 {
                    x.column(0)
                } else {
                    empty.view()
                };
                Ok(e(moving_average(c, 2))?.to_vec())
            }),
        ]
    }

    #[test]
    fn views_match_copies_and_hostile_matrices_never_panic() {
        let x = array![
            [1.0, 2.0, 0.5],
            [2.0, 1.0, -1.0],
            [3.0, 5.0, 2.0],
            [4.0, 3.0, 0.0],
            [1.0, 4.0, 1.5]
        ];
        let mut failures = Vec::new();
        for (op, f) in ops() {
            check_matrix_op(&mut failures, op, f, &x, 1e-9);
        }
        assert_no_failures(&failures);
    }

    #[test]
    fn mismatched_shapes_and_impossible_sizes_are_errors() {
        let a = Array2::<f64>::zeros((3, 2));
        let b = Array2::<f64>::zeros((3, 4));
        let v = Array1::<f64>::zeros(5);
        let mut failures = Vec::new();
        let mut expect_err = |name: &str, f: &dyn Fn() -> Result<(), String>| {
            if let Some(Ok(_)) = call(&mut failures, name, f) {
                failures.push(format!("{name}: Ok, expected an error"));
            }
        };
        expect_err("pairwise_distances_gemm features", &|| {
            e(pairwise_distances_gemm(&a, &b)).map(drop)
        });
        expect_err("pairwise_distances_par features", &|| {
            e(pairwise_distances_par(&a, &b)).map(drop)
        });
        expect_err("matmul_par not aligned", &|| {
            e(matmul_par(&a, &b)).map(drop)
        });
        expect_err("matmul_ikj not aligned", &|| {
            e(matmul_ikj(&a, &b)).map(drop)
        });
        expect_err("par_matvec length", &|| {
            e(par_matvec(a.view(), v.view())).map(drop)
        });
        expect_err("ColumnStats::push width", &|| {
            let mut s = ColumnStats::new(3);
            e(s.push(a.view()))
        });
        expect_err("column_stats chunk 0", &|| {
            e(column_stats(a.view(), 0)).map(drop)
        });
        expect_err("par_column_stats 0 threads", &|| {
            e(par_column_stats(a.view(), 0)).map(drop)
        });
        expect_err("moving_average window 0", &|| {
            e(moving_average(v.view(), 0)).map(drop)
        });
        expect_err("moving_average window > len", &|| {
            e(moving_average(v.view(), 6)).map(drop)
        });
        expect_err("moving_average window usize::MAX", &|| {
            e(moving_average(v.view(), usize::MAX)).map(drop)
        });
        expect_err("sliding_window_view window usize::MAX", &|| {
            e(sliding_window_view(v.view(), usize::MAX)).map(drop)
        });
        assert_no_failures(&failures);
        // The pairwise sums of an empty slice are 0 (`np.sum([])`), whatever the chunk.
        assert_eq!(par_sum(&[], 0), 0.0);
        assert_eq!(par_sum(&[1.0, 2.0], usize::MAX), 3.0);
    }
}
