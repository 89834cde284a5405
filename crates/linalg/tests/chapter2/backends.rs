//! The faer backend (default) and the LAPACK backend (feature `lapack`) agree.
//! `cargo test -p linalg --features lapack` (needs `apt-get install libopenblas-dev`).
#![cfg(feature = "lapack")]

use crate::common;

use common::{Rng, hilbert, max_abs_diff};
use linalg::lapack;
use ndarray::{Array2, Axis};

fn test_matrices() -> Vec<Array2<f64>> {
    let mut rng = Rng::new(99);
    vec![
        rng.matrix(6, 6) + &(Array2::<f64>::eye(6) * 2.0),
        rng.matrix(40, 40),
        hilbert(6),
    ]
}

/// Columns agree up to sign.
fn same_up_to_column_signs(a: &Array2<f64>, b: &Array2<f64>, tol: f64) -> bool {
    a.dim() == b.dim()
        && a.axis_iter(Axis(1))
            .zip(b.axis_iter(Axis(1)))
            .all(|(x, y)| {
                let sign = if x.dot(&y) < 0.0 { -1.0 } else { 1.0 };
                x.iter()
                    .zip(y.iter())
                    .all(|(p, q)| (p - sign * q).abs() < tol)
            })
}

#[test]
fn solve_inv_det_and_slogdet_agree_between_faer_and_lapack() {
    let mut rng = Rng::new(1);
    for a in test_matrices() {
        let n = a.nrows();
        let cond = linalg::cond(&a, linalg::NormOrd::Two).unwrap();
        let tol = 1e-14 * cond * n as f64;
        let b = rng.matrix(n, 2);
        let x1 = linalg::solve(&a, &b).unwrap();
        let x2 = lapack::solve(&a, &b).unwrap();
        assert!(max_abs_diff(&x1, &x2) < tol * x1.iter().fold(1.0f64, |m, v| m.max(v.abs())));
        let v = b.column(0).to_owned();
        assert!(
            max_abs_diff(
                &linalg::solve(&a, &v).unwrap(),
                &lapack::solve(&a, &v).unwrap()
            ) < tol * 1e3
        );
        let i1 = linalg::inv(&a).unwrap();
        let i2 = lapack::inv(&a).unwrap();
        let scale = i1.iter().fold(1.0f64, |m, v| m.max(v.abs()));
        assert!(max_abs_diff(&i1, &i2) < tol * scale);
        let (s1, s2) = (linalg::slogdet(&a).unwrap(), lapack::slogdet(&a).unwrap());
        assert_eq!(s1.sign, s2.sign);
        assert!((s1.logabsdet - s2.logabsdet).abs() < 1e-10);
        let (d1, d2) = (linalg::det(&a).unwrap(), lapack::det(&a).unwrap());
        assert!((d1 - d2).abs() <= 1e-10 * d1.abs());
    }
}

#[test]
fn singular_matrices_are_errors_in_both_backends() {
    let a = ndarray::array![[1.0, 2.0], [2.0, 4.0]];
    let b = ndarray::array![1.0, 1.0];
    assert_eq!(
        linalg::solve(&a, &b).unwrap_err(),
        lapack::solve(&a, &b).unwrap_err()
    );
    assert_eq!(linalg::inv(&a).unwrap_err(), lapack::inv(&a).unwrap_err());
    assert_eq!(linalg::slogdet(&a).unwrap(), lapack::slogdet(&a).unwrap());
    let indefinite = ndarray::array![[1.0, 2.0], [2.0, 1.0]];
    assert_eq!(
        linalg::cholesky(&indefinite).unwrap_err(),
        lapack::cholesky(&indefinite).unwrap_err()
    );
}

#[test]
fn factorisations_agree_between_faer_and_lapack_up_to_signs() {
    let mut rng = Rng::new(2);
    let g = rng.matrix(30, 12);
    let spd = linalg::matmul(&g.t(), &g).unwrap() + &Array2::<f64>::eye(12);

    let (l1, l2) = (
        linalg::cholesky(&spd).unwrap(),
        lapack::cholesky(&spd).unwrap(),
    );
    assert!(max_abs_diff(&l1, &l2) < 1e-12);

    let (e1, e2) = (linalg::eigh(&spd).unwrap(), lapack::eigh(&spd).unwrap());
    assert!(max_abs_diff(&e1.eigenvalues, &e2.eigenvalues) < 1e-11);
    assert!(same_up_to_column_signs(
        &e1.eigenvectors,
        &e2.eigenvectors,
        1e-9
    ));

    let (s1, s2) = (linalg::thin_svd(&g).unwrap(), lapack::thin_svd(&g).unwrap());
    assert!(max_abs_diff(&s1.s, &s2.s) < 1e-12);
    assert!(same_up_to_column_signs(&s1.u, &s2.u, 1e-10));
    assert!(same_up_to_column_signs(
        &s1.vh.t().to_owned(),
        &s2.vh.t().to_owned(),
        1e-10
    ));
    let (f1, f2) = (linalg::svd(&g).unwrap(), lapack::svd(&g).unwrap());
    assert_eq!((f1.u.dim(), f1.vh.dim()), (f2.u.dim(), f2.vh.dim()));
    assert!(max_abs_diff(&f1.s, &f2.s) < 1e-12);

    let (q1, q2) = (linalg::qr(&g).unwrap(), lapack::qr(&g).unwrap());
    assert!(same_up_to_column_signs(&q1.q, &q2.q, 1e-12));
    assert!(max_abs_diff(&q1.r.mapv(f64::abs), &q2.r.mapv(f64::abs)) < 1e-12);

    let ns = rng.matrix(8, 8);
    let mut w1: Vec<_> = linalg::eig(&ns).unwrap().eigenvalues.to_vec();
    let mut w2: Vec<_> = lapack::eig(&ns).unwrap().eigenvalues.to_vec();
    for w in [&mut w1, &mut w2] {
        w.sort_by(|x, y| (x.re, x.im).partial_cmp(&(y.re, y.im)).unwrap());
    }
    for (x, y) in w1.iter().zip(&w2) {
        assert!((x - y).norm() < 1e-11);
    }
}

#[test]
fn lstsq_agrees_between_faer_and_lapack() {
    let mut rng = Rng::new(3);
    let a = rng.matrix(50, 6);
    let b = rng.matrix(50, 2);
    let (r1, r2) = (
        linalg::lstsq(&a, &b, None).unwrap(),
        lapack::lstsq(&a, &b).unwrap(),
    );
    assert_eq!(r1.rank, r2.rank);
    assert!(max_abs_diff(&r1.solution, &r2.solution) < 1e-12);
    assert!(max_abs_diff(&r1.residuals, &r2.residuals) < 1e-11);
    assert!(max_abs_diff(&r1.singular_values, &r2.singular_values) < 1e-12);
}

#[test]
fn eigh_past_the_qr_leaves_agrees_with_lapack_syevd() {
    // n = 200: our own tridiagonalisation and divide and conquer, against LAPACK's syevd.
    // Eigenvalues well separated (random symmetric), so eigenvectors agree up to sign.
    let mut rng = Rng::new(3);
    let g = rng.matrix(200, 200);
    let a = &g + &g.t();
    let (e1, e2) = (linalg::eigh(&a).unwrap(), lapack::eigh(&a).unwrap());
    // ||A||_2 is about 28: 1e-11 is about 400 eps ||A||_2.
    assert!(max_abs_diff(&e1.eigenvalues, &e2.eigenvalues) < 1e-11);
    assert!(same_up_to_column_signs(
        &e1.eigenvectors,
        &e2.eigenvectors,
        1e-8
    ));
}

#[test]
fn f32_agrees_between_backends() {
    let a = ndarray::array![[4.0f32, 1.0, 0.5], [1.0, 3.0, 0.0], [0.5, 0.0, 2.0]];
    let b = ndarray::array![1.0f32, 2.0, 3.0];
    let (x1, x2) = (
        linalg::solve(&a, &b).unwrap(),
        lapack::solve(&a, &b).unwrap(),
    );
    assert!(x1.iter().zip(x2.iter()).all(|(p, q)| (p - q).abs() < 1e-5));
    let (e1, e2) = (
        linalg::eigvalsh(&a).unwrap(),
        lapack::eigh(&a).unwrap().eigenvalues,
    );
    assert!(e1.iter().zip(e2.iter()).all(|(p, q)| (p - q).abs() < 1e-5));
}
