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
    assert_eq!(z, Array2::<f64>::zeros((2, 3)));
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

/// Hostile inputs (issue 9): every public array function of the chapter on empty arrays,
/// zero-length axes, mismatched shapes, transposed, strided and negative-stride views, and
/// shapes whose element count overflows `usize`. A case either returns `linalg::Error` or
/// the right answer; a panic is reported with the function and the case that caused it.
mod hostile {
    use linalg::{Engine, Error, NormOrd};
    use ndarray::{Array1, Array2, ArrayD, ArrayView2, IxDyn, array, s};
    use testkit::hostile::{Case, Want, run, same};

    fn err<T>(r: linalg::Result<T>) -> Result<(), String> {
        r.map(drop).map_err(|e| e.to_string())
    }

    /// A function of one matrix, reduced to numbers that do not depend on sign conventions
    /// of singular/eigen vectors, so that a view and its standard-layout copy can be compared.
    type Unary = fn(&ArrayView2<'_, f64>) -> linalg::Result<Vec<f64>>;

    fn unary_ops() -> Vec<(&'static str, Unary)> {
        vec![
            ("inv", |a| Ok(linalg::inv(a)?.into_iter().collect())),
            ("det", |a| Ok(vec![linalg::det(a)?])),
            ("slogdet", |a| {
                let d = linalg::slogdet(a)?;
                Ok(vec![d.sign, d.logabsdet])
            }),
            ("solve", |a| {
                let b = Array1::from_iter((0..a.nrows()).map(|i| i as f64 + 1.0));
                Ok(linalg::solve(a, &b)?.to_vec())
            }),
            ("lstsq", |a| {
                let b = Array1::from_iter((0..a.nrows()).map(|i| i as f64 + 1.0));
                Ok(linalg::lstsq(a, &b, None)?.solution.to_vec())
            }),
            ("pinv", |a| Ok(linalg::pinv(a, None)?.into_iter().collect())),
            ("matrix_rank", |a| {
                Ok(vec![linalg::matrix_rank(a, None)? as f64])
            }),
            ("cholesky", |a| {
                Ok(linalg::cholesky(a)?.into_iter().collect())
            }),
            ("qr", |a| {
                let q = linalg::qr(a)?;
                Ok(linalg::matmul(&q.q, &q.r)?.into_iter().collect())
            }),
            ("qr_complete", |a| {
                let q = linalg::qr_complete(a)?;
                Ok(linalg::matmul(&q.q, &q.r)?.into_iter().collect())
            }),
            ("svd", |a| Ok(linalg::svd(a)?.s.to_vec())),
            ("thin_svd", |a| Ok(linalg::thin_svd(a)?.s.to_vec())),
            ("svdvals", |a| Ok(linalg::svdvals(a)?.to_vec())),
            ("eigh", |a| Ok(linalg::eigh(a)?.eigenvalues.to_vec())),
            ("eigvalsh", |a| Ok(linalg::eigvalsh(a)?.to_vec())),
            ("eig", |a| {
                let mut w: Vec<f64> = linalg::eig(a)?.eigenvalues.iter().map(|z| z.re).collect();
                w.sort_by(f64::total_cmp);
                Ok(w)
            }),
            ("eigvals", |a| {
                let mut w: Vec<f64> = linalg::eigvals(a)?.iter().map(|z| z.re).collect();
                w.sort_by(f64::total_cmp);
                Ok(w)
            }),
            ("norm fro", |a| Ok(vec![linalg::norm(a, NormOrd::Fro)?])),
            ("norm nuc", |a| Ok(vec![linalg::norm(a, NormOrd::Nuc)?])),
            ("norm 1", |a| Ok(vec![linalg::norm(a, NormOrd::One)?])),
            ("norm 2", |a| Ok(vec![linalg::norm(a, NormOrd::Two)?])),
            ("norm inf", |a| Ok(vec![linalg::norm(a, NormOrd::Inf)?])),
            ("norm -2", |a| Ok(vec![linalg::norm(a, NormOrd::NegTwo)?])),
            ("cond 2", |a| Ok(vec![linalg::cond(a, NormOrd::Two)?])),
            ("cond fro", |a| Ok(vec![linalg::cond(a, NormOrd::Fro)?])),
            ("gram", |a| Ok(linalg::gram(a)?.into_iter().collect())),
            ("matmul a @ a", |a| {
                Ok(linalg::matmul(a, a)?.into_iter().collect())
            }),
            ("dot a . a", |a| {
                Ok(linalg::dot(a, a)?.into_iter().collect())
            }),
            ("matmul_with ndarray", |a| {
                Ok(linalg::matmul_with(a, a, Engine::Ndarray)?
                    .into_iter()
                    .collect())
            }),
            ("matmul_with faer", |a| {
                Ok(linalg::matmul_with(a, a, Engine::FaerParallel)?
                    .into_iter()
                    .collect())
            }),
            ("kron", |a| Ok(linalg::kron(a, a)?.into_iter().collect())),
            ("outer", |a| Ok(linalg::outer(a, a).into_iter().collect())),
            ("matrix_transpose", |a| {
                Ok(linalg::matrix_transpose(a)?.iter().copied().collect())
            }),
        ]
    }

    #[test]
    fn views_with_negative_and_non_unit_strides_give_the_same_answers_as_copies() {
        // Symmetric positive definite, so that every function of the table is defined.
        let spd = array![
            [4.0, 1.0, 0.5, 0.0],
            [1.0, 3.0, 0.0, 0.2],
            [0.5, 0.0, 2.0, 0.1],
            [0.0, 0.2, 0.1, 1.5]
        ];
        let wide = Array2::from_shape_fn((4, 8), |(i, j)| spd[[i, j / 2]] + (j % 2) as f64);
        // Reversing both axes or transposing keeps it SPD; the strided views of `wide` are
        // compared only with their own standard-layout copies (an error on both is fine).
        let views: Vec<(&str, ArrayView2<'_, f64>)> = vec![
            ("a[::-1, ::-1]", spd.slice(s![..;-1, ..;-1])),
            ("a.T", spd.t()),
            ("wide[:, ::2]", wide.slice(s![.., ..;2])),
            ("wide[:, ::-2]", wide.slice(s![.., ..;-2])),
        ];
        let mut table: Vec<Case<'_>> = Vec::new();
        for (op, f) in unary_ops() {
            for (vname, v) in &views {
                let v = *v;
                table.push((
                    format!("{op}({vname})"),
                    Want::Ok,
                    Box::new(move || {
                        let copy = v.as_standard_layout().to_owned();
                        let outcome = |x: &ArrayView2<'_, f64>| f(x).map_err(|e| e.to_string());
                        same(&outcome(&v), &outcome(&copy.view()), 1e-9)
                    }),
                ));
            }
        }
        run(table);
    }

    #[test]
    fn empty_matrices_give_an_error_or_numpys_empty_answer_never_a_panic() {
        let shapes = [(0, 0), (3, 0), (0, 3)];
        let mut table: Vec<Case<'_>> = Vec::new();
        for (op, f) in unary_ops() {
            for shape in shapes {
                // Products (when aligned), transposes, Kronecker/outer products, the Gram
                // matrix and the Frobenius norm are defined on empty input, as in NumPy;
                // solvers and factorisations return `Error::Empty`.
                let product = matches!(
                    op,
                    "matmul a @ a" | "dot a . a" | "matmul_with ndarray" | "matmul_with faer"
                );
                let always = matches!(
                    op,
                    "kron" | "outer" | "matrix_transpose" | "gram" | "norm fro"
                );
                let want = if always || product && shape.0 == shape.1 {
                    Want::Ok
                } else {
                    Want::Err
                };
                table.push((
                    format!("{op}(zeros({shape:?}))"),
                    want,
                    Box::new(move || {
                        let a = Array2::<f64>::zeros(shape);
                        let r = f(&a.view()).map_err(|e| e.to_string())?;
                        // Every defined answer on empty input is all zeros (or empty).
                        if r.iter().all(|&x| x == 0.0) {
                            Ok(())
                        } else {
                            Err(format!("expected zeros, got {r:?}"))
                        }
                    }),
                ));
            }
        }
        run(table);
    }

    #[test]
    fn mismatched_shapes_are_errors_in_every_product_and_solver() {
        let a = Array2::<f64>::eye(3);
        let b2 = Array2::<f64>::ones((2, 2));
        let v2 = Array1::<f64>::ones(2);
        let v3 = Array1::<f64>::ones(3);
        let c_wrong = Array2::<f64>::zeros((2, 3));
        let table: Vec<Case<'_>> = vec![
            (
                "matmul (3,3)@(2,2)".into(),
                Want::Err,
                Box::new(|| err(linalg::matmul(&a, &b2))),
            ),
            (
                "matmul (3,3)@(2,)".into(),
                Want::Err,
                Box::new(|| err(linalg::matmul(&a, &v2))),
            ),
            (
                "dot (3,3).(2,)".into(),
                Want::Err,
                Box::new(|| err(linalg::dot(&a, &v2))),
            ),
            (
                "dot (2,).(3,)".into(),
                Want::Err,
                Box::new(|| err(linalg::dot(&v2, &v3))),
            ),
            (
                "inner (2,).(3,)".into(),
                Want::Err,
                Box::new(|| err(linalg::inner(&v2, &v3))),
            ),
            (
                "matmul_with (3,3)@(2,2)".into(),
                Want::Err,
                Box::new(|| err(linalg::matmul_with(&a, &b2, Engine::Ndarray))),
            ),
            (
                "solve (3,3)\\(2,)".into(),
                Want::Err,
                Box::new(|| err(linalg::solve(&a, &v2))),
            ),
            (
                "solve (3,3)\\(2,2)".into(),
                Want::Err,
                Box::new(|| err(linalg::solve(&a, &b2))),
            ),
            (
                "lstsq (3,3)\\(2,)".into(),
                Want::Err,
                Box::new(|| err(linalg::lstsq(&a, &v2, None))),
            ),
            (
                "gram_lower_into c (2,3)".into(),
                Want::Err,
                Box::new(|| {
                    let mut c = c_wrong.clone();
                    err(linalg::gram_lower_into(a.view(), c.view_mut(), false))
                }),
            ),
            (
                "mirror_lower (2,3)".into(),
                Want::Err,
                Box::new(|| {
                    let mut c = c_wrong.clone();
                    err(linalg::mirror_lower(c.view_mut()))
                }),
            ),
            (
                "matrix_transpose 1-D".into(),
                Want::Err,
                Box::new(|| err(linalg::matrix_transpose(&v3))),
            ),
            (
                "norm 3-D".into(),
                Want::Err,
                Box::new(|| {
                    err(linalg::norm(
                        &ArrayD::<f64>::zeros(IxDyn(&[1, 1, 1])),
                        NormOrd::Two,
                    ))
                }),
            ),
        ];
        run(table);
    }

    #[test]
    fn shapes_whose_element_count_overflows_usize_are_errors() {
        // Zero-size operands can have any axis lengths; their products cannot.
        let big = 1usize << 40;
        let tall = Array2::<f64>::zeros((big, 0));
        let wide = Array2::<f64>::zeros((0, big));
        // (ndarray itself refuses shapes whose non-zero lengths multiply past isize::MAX.)
        let stack = ArrayD::<f64>::zeros(IxDyn(&[1 << 31, 1 << 31, 0]));
        // `Want::Ok` below means "the case's check passed": the check is that the call
        // returned `Error::TooLarge`.
        let too_large = |r: linalg::Result<()>| match r {
            Err(Error::TooLarge { .. }) => Ok(()),
            Err(e) => Err(format!("wrong error: {e}")),
            Ok(()) => Err("returned Ok".into()),
        };
        let table: Vec<Case<'_>> = vec![
            (
                "matmul (2^40,0)@(0,2^40)".into(),
                Want::Ok,
                Box::new(|| too_large(linalg::matmul(&tall, &wide).map(drop))),
            ),
            (
                "dot (2^40,0).(0,2^40)".into(),
                Want::Ok,
                Box::new(|| too_large(linalg::dot(&tall, &wide).map(drop))),
            ),
            (
                "matmul_with (2^40,0)@(0,2^40)".into(),
                Want::Ok,
                Box::new(|| {
                    too_large(linalg::matmul_with(&tall, &wide, Engine::Ndarray).map(drop))
                }),
            ),
            (
                "matmul (2^31,2^31,0)@(0,2^40)".into(),
                Want::Ok,
                Box::new(|| too_large(linalg::matmul(&stack, &wide.view().into_dyn()).map(drop))),
            ),
            (
                "kron (2^40,0)x(2^40,0)".into(),
                Want::Ok,
                Box::new(|| too_large(linalg::kron(&tall, &tall).map(drop))),
            ),
            (
                "gram (0,2^40)".into(),
                Want::Ok,
                Box::new(|| too_large(linalg::gram(&wide).map(drop))),
            ),
        ];
        run(table);
    }
}
