//! Every error case: the variant and the message a user reads.

use linalg::{Error, NormOrd};
use ndarray::{Array1, Array2, Array3, ArrayD, IxDyn, array};

#[test]
fn matmul_shape_mismatch_names_both_shapes_like_numpy() {
    let a = Array2::<f64>::zeros((3, 4));
    let b = Array2::<f64>::zeros((5, 2));
    let err = linalg::matmul(&a, &b).unwrap_err();
    assert_eq!(
        err.to_string(),
        "matmul: shapes (3, 4) and (5, 2) are not aligned: 4 != 5"
    );
    assert!(matches!(
        err,
        Error::NotAligned {
            left: 4,
            right: 5,
            ..
        }
    ));
}

#[test]
fn vector_shapes_print_with_a_trailing_comma() {
    let err = linalg::dot(&Array2::<f64>::zeros((2, 3)), &Array1::zeros(2)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "dot: shapes (2, 3) and (2,) are not aligned: 3 != 2"
    );
    let err = linalg::inner(&Array1::<f64>::zeros(2), &Array1::zeros(3)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "inner: shapes (2,) and (3,) are not aligned: 2 != 3"
    );
}

#[test]
fn batch_axes_that_do_not_broadcast_are_an_error() {
    let a = Array3::<f64>::zeros((2, 3, 4));
    let b = Array3::<f64>::zeros((3, 4, 5));
    let err = linalg::matmul(&a, &b).unwrap_err();
    assert_eq!(
        err.to_string(),
        "matmul: shapes (2, 3, 4) and (3, 4, 5) could not be broadcast together"
    );
}

#[test]
fn zero_dimensional_operands_are_rejected_by_matmul() {
    let s = ArrayD::<f64>::zeros(IxDyn(&[]));
    let m = ArrayD::<f64>::zeros(IxDyn(&[2, 2]));
    let err = linalg::matmul(&s, &m).unwrap_err();
    assert!(matches!(err, Error::WrongNdim { .. }), "{err}");
    assert!(linalg::matrix_transpose(&Array1::<f64>::zeros(3)).is_err());
}

#[test]
fn square_only_functions_reject_rectangular_matrices() {
    let a = Array2::<f64>::ones((2, 3));
    let msg = "last 2 dimensions of the array must be square, got shape (2, 3)";
    assert_eq!(
        linalg::inv(&a).unwrap_err().to_string(),
        format!("inv: {msg}")
    );
    assert_eq!(
        linalg::solve(&a, &Array1::ones(2)).unwrap_err().to_string(),
        format!("solve: {msg}")
    );
    assert_eq!(
        linalg::det(&a).unwrap_err().to_string(),
        format!("det: {msg}")
    );
    assert!(matches!(linalg::slogdet(&a), Err(Error::NotSquare { .. })));
    assert!(matches!(linalg::cholesky(&a), Err(Error::NotSquare { .. })));
    assert!(matches!(linalg::eigh(&a), Err(Error::NotSquare { .. })));
    assert!(matches!(linalg::eigvalsh(&a), Err(Error::NotSquare { .. })));
    assert!(matches!(linalg::eig(&a), Err(Error::NotSquare { .. })));
    assert!(matches!(linalg::eigvals(&a), Err(Error::NotSquare { .. })));
    assert!(matches!(
        linalg::cond(&a, NormOrd::Fro),
        Err(Error::NotSquare { .. })
    ));
    // The 2-norm condition number is defined for rectangular matrices.
    assert!(linalg::cond(&array![[1.0, 0.0, 0.0], [0.0, 2.0, 0.0]], NormOrd::Two).is_ok());
}

#[test]
fn solve_with_a_right_hand_side_of_the_wrong_length_names_both_shapes() {
    let a = Array2::<f64>::eye(3);
    let err = linalg::solve(&a, &Array1::ones(4)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "solve: shapes (3, 3) and (4,) are not aligned: 3 != 4"
    );
    let err = linalg::lstsq(&Array2::<f64>::ones((5, 2)), &Array2::ones((4, 1)), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "lstsq: shapes (5, 2) and (4, 1) are not aligned: 5 != 4"
    );
    let err = linalg::solve(&a, &Array3::<f64>::ones((3, 1, 1))).unwrap_err();
    assert!(matches!(err, Error::WrongNdim { .. }), "{err}");
}

#[test]
fn a_singular_matrix_is_an_error_not_a_matrix_of_inf() {
    let a = array![[1.0, 2.0], [2.0, 4.0]];
    assert_eq!(
        linalg::solve(&a, &array![1.0, 2.0]).unwrap_err(),
        Error::Singular { op: "solve" }
    );
    assert_eq!(
        linalg::inv(&a).unwrap_err().to_string(),
        "inv: singular matrix"
    );
    assert!(matches!(
        linalg::inv(&Array2::<f64>::zeros((3, 3))),
        Err(Error::Singular { .. })
    ));
    // cond of a singular matrix is inf, as in NumPy.
    assert_eq!(linalg::cond(&a, NormOrd::Fro).unwrap(), f64::INFINITY);
    assert_eq!(linalg::cond(&a, NormOrd::Two).unwrap(), f64::INFINITY);
}

#[test]
fn cholesky_of_an_indefinite_or_negative_matrix_says_not_positive_definite() {
    for a in [
        array![[1.0, 2.0], [2.0, 1.0]],
        array![[-1.0, 0.0], [0.0, 1.0]],
    ] {
        let err = linalg::cholesky(&a).unwrap_err();
        assert_eq!(err.to_string(), "cholesky: matrix is not positive definite");
    }
}

#[test]
fn nan_or_inf_input_is_rejected_by_every_factorisation() {
    let bad = [
        array![[1.0, f64::NAN], [0.0, 1.0]],
        array![[1.0, 0.0], [f64::INFINITY, 1.0]],
    ];
    for a in &bad {
        let b = array![1.0, 1.0];
        let checks: Vec<(&str, Result<(), Error>)> = vec![
            ("solve", linalg::solve(a, &b).map(drop)),
            ("inv", linalg::inv(a).map(drop)),
            ("det", linalg::det(a).map(drop)),
            ("slogdet", linalg::slogdet(a).map(drop)),
            ("lstsq", linalg::lstsq(a, &b, None).map(drop)),
            ("pinv", linalg::pinv(a, None).map(drop)),
            ("matrix_rank", linalg::matrix_rank(a, None).map(drop)),
            ("cholesky", linalg::cholesky(a).map(drop)),
            ("qr", linalg::qr(a).map(drop)),
            ("svd", linalg::svd(a).map(drop)),
            ("svd", linalg::thin_svd(a).map(drop)),
            ("svdvals", linalg::svdvals(a).map(drop)),
            ("eigh", linalg::eigh(a).map(drop)),
            ("eigvalsh", linalg::eigvalsh(a).map(drop)),
            ("eig", linalg::eig(a).map(drop)),
            ("eigvals", linalg::eigvals(a).map(drop)),
            ("norm", linalg::norm(a, NormOrd::Two).map(drop)),
            ("cond", linalg::cond(a, NormOrd::Two).map(drop)),
        ];
        for (op, r) in checks {
            assert_eq!(r, Err(Error::NonFinite { op }), "{op}");
        }
    }
    // NaN in the right-hand side too.
    let err = linalg::solve(&Array2::<f64>::eye(2), &array![f64::NAN, 1.0]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "solve: array must not contain infs or NaNs"
    );
}

#[test]
fn elementwise_norms_propagate_nan_like_numpy() {
    assert!(
        linalg::norm(&array![1.0, f64::NAN], NormOrd::Two)
            .unwrap()
            .is_nan()
    );
    assert!(
        linalg::norm(&array![[1.0, f64::NAN]], NormOrd::Fro)
            .unwrap()
            .is_nan()
    );
    assert_eq!(
        linalg::norm(&array![1.0, f64::INFINITY], NormOrd::Inf).unwrap(),
        f64::INFINITY
    );
}

#[test]
fn empty_input_is_an_error_naming_its_shape() {
    let e = Array2::<f64>::zeros((0, 0));
    assert_eq!(
        linalg::inv(&e).unwrap_err().to_string(),
        "inv: empty input of shape (0, 0)"
    );
    let tall_empty = Array2::<f64>::zeros((3, 0));
    assert!(matches!(linalg::svd(&tall_empty), Err(Error::Empty { .. })));
    assert!(matches!(linalg::qr(&tall_empty), Err(Error::Empty { .. })));
    assert!(matches!(
        linalg::lstsq(&tall_empty, &Array1::zeros(3), None),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(linalg::eigh(&e), Err(Error::Empty { .. })));
    assert!(matches!(linalg::det(&e), Err(Error::Empty { .. })));
    assert!(matches!(
        linalg::norm(&tall_empty, NormOrd::Inf),
        Err(Error::Empty { .. })
    ));
    // Products of empty arrays are fine, as in NumPy: (2, 0) @ (0, 3) is a (2, 3) zero matrix.
    let z = linalg::matmul(&Array2::<f64>::zeros((2, 0)), &Array2::zeros((0, 3))).unwrap();
    assert_eq!(z, Array2::zeros((2, 3)));
    // The norm of an empty vector is 0.
    assert_eq!(
        linalg::norm(&Array1::<f64>::zeros(0), NormOrd::Two).unwrap(),
        0.0
    );
}

#[test]
fn a_norm_order_that_does_not_exist_for_the_input_is_an_error() {
    let err = linalg::norm(&array![1.0, 2.0], NormOrd::Fro).unwrap_err();
    assert_eq!(
        err.to_string(),
        "norm: invalid norm order 'fro' for 1-D input"
    );
    let err = linalg::norm(&array![[1.0]], NormOrd::P(3.0)).unwrap_err();
    assert_eq!(err.to_string(), "norm: invalid norm order 3 for 2-D input");
    let err = linalg::norm(&Array3::<f64>::zeros((1, 1, 1)), NormOrd::Two).unwrap_err();
    assert!(matches!(err, Error::WrongNdim { .. }));
}
