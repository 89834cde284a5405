//! Mathematical identities that hold whatever the engine: `A @ solve(A, b) == b`,
//! `U diag(S) Vh == A`, orthogonality, eigen-residuals, the Penrose conditions, Eckart-Young.
//! Random matrices come from a fixed-seed SplitMix64 (`common::Rng`); tolerances are scaled
//! by the size and, for solves, by the condition number.

use crate::common;

use approx::assert_abs_diff_eq;
use common::{Rng, cos_sym, glued_wilkinson, hilbert, max_abs_diff, nan_max};
use linalg::{Engine, NormOrd, matmul};
use ndarray::{Array1, Array2, Axis, s};
use proptest::prelude::*;

fn eye(n: usize) -> Array2<f64> {
    Array2::eye(n)
}

/// `U * S` scales the columns of `U`; `(U * S) @ Vh` rebuilds `A`.
fn rebuild(u: &Array2<f64>, s: &Array1<f64>, vh: &Array2<f64>) -> Array2<f64> {
    let k = s.len();
    matmul(&(&u.slice(s![.., ..k]) * s), &vh.slice(s![..k, ..])).unwrap()
}

/// `thin_svd(a)`: the shapes, `U S Vh = A` to `1e-13 ||A||` (backward stable: errors of order
/// `eps ||A||` whatever the conditioning), orthonormal columns of `U` and rows of `Vh`, C
/// order as NumPy returns them, descending values that agree with `svdvals` to `1e-13
/// ||A||`.
fn check_thin_svd(a: &Array2<f64>) {
    let (m, n) = a.dim();
    let k = m.min(n);
    let thin = linalg::thin_svd(a).unwrap();
    assert_eq!(
        (thin.u.dim(), thin.s.len(), thin.vh.dim()),
        ((m, k), k, (k, n))
    );
    let norm = thin.s[0];
    let err = max_abs_diff(&rebuild(&thin.u, &thin.s, &thin.vh), a);
    assert!(err < 1e-13 * norm, "{m} x {n}: A - U S Vh = {err:e}");
    let orth_u = max_abs_diff(&matmul(&thin.u.t(), &thin.u).unwrap(), &eye(k));
    let orth_v = max_abs_diff(&matmul(&thin.vh, &thin.vh.t()).unwrap(), &eye(k));
    assert!(
        orth_u < 1e-13 && orth_v < 1e-13,
        "{m} x {n}: {orth_u:e} {orth_v:e}"
    );
    assert!(thin.u.is_standard_layout() && thin.vh.is_standard_layout());
    assert!(thin.s.windows(2).into_iter().all(|w| w[0] >= w[1]));
    let s = linalg::svdvals(a).unwrap();
    assert!(max_abs_diff(&thin.s, &s) < 1e-13 * norm, "{m} x {n}");
}

/// The largest difference between the `f32` thin SVD's singular values and the `f64`
/// singular values of the same matrix, and the largest entry of `U S Vh - A`: both must be
/// below `n eps ||A||` (`n` the number of columns).
fn check_f32_thin_svd(a32: &Array2<f32>) {
    let thin = linalg::thin_svd(a32).unwrap();
    let s64 = linalg::svdvals(&a32.mapv(f64::from)).unwrap();
    let bound = a32.ncols() as f64 * f64::from(f32::EPSILON) * s64[0];
    let worst = thin
        .s
        .iter()
        .zip(&s64)
        .fold(0.0f64, |w, (&x, &y)| nan_max(w, (f64::from(x) - y).abs()));
    assert!(
        worst < bound,
        "f32 singular values off by {worst} > {bound}"
    );
    let rebuilt = matmul(&(&thin.u * &thin.s), &thin.vh).unwrap() - a32;
    let err = rebuilt.iter().fold(0.0f32, |w, &x| w.max(x.abs()));
    assert!(f64::from(err) < bound, "f32 U S Vh - A: {err} > {bound}");
}

fn naive_matmul(a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64> {
    let (m, k) = a.dim();
    let n = b.ncols();
    Array2::from_shape_fn((m, n), |(i, j)| (0..k).map(|p| a[[i, p]] * b[[p, j]]).sum())
}

#[test]
fn gram_equals_the_triple_loop_product_of_the_transpose_and_is_symmetric() {
    let mut rng = Rng::new(11);
    // (700, 200): n p^2 / 2 = 14e6 multiply-adds, above the threshold (parallel path).
    for (n, p) in [(1, 1), (5, 3), (40, 17), (700, 200)] {
        let a = rng.matrix(n, p);
        let expected = naive_matmul(&a.t().to_owned(), &a);
        let g = linalg::gram(&a).unwrap();
        assert!(max_abs_diff(&g, &expected) < 1e-12 * n as f64, "({n}, {p})");
        assert_eq!(g, g.t());
    }
}

#[test]
fn gram_accumulated_over_row_blocks_equals_the_whole_gram_matrix() {
    let mut rng = Rng::new(12);
    let a = rng.matrix(300, 30);
    let mut c = Array2::from_elem((30, 30), f64::NAN); // Replace must not read it
    for (i, block) in a.axis_chunks_iter(Axis(0), 64).enumerate() {
        linalg::gram_lower_into(block, c.view_mut(), i > 0).unwrap();
    }
    assert!(
        c[[0, 29]].is_nan(),
        "the strict upper triangle is not touched"
    );
    linalg::mirror_lower(c.view_mut()).unwrap();
    assert!(max_abs_diff(&c, &naive_matmul(&a.t().to_owned(), &a)) < 1e-10);
}

#[test]
fn gram_on_the_blocked_engine_fills_the_lower_triangle_only_in_both_precisions() {
    // p >= 256 and blocks of at least 128 rows: the sizes at which `matmul` takes the
    // blocked engine, which skips the tiles above the diagonal. Small integers, so that
    // every sum is exact and must match ndarray's product bit for bit.
    let a = Array2::from_shape_fn((600, 270), |(i, j)| ((i * 7 + j * 3) % 9) as f64 - 4.0);
    let expected = a.t().dot(&a);
    let mut c = Array2::from_elem((270, 270), f64::NAN);
    for (i, block) in a.axis_chunks_iter(Axis(0), 200).enumerate() {
        linalg::gram_lower_into(block, c.view_mut(), i > 0).unwrap();
    }
    for ((i, j), &x) in c.indexed_iter() {
        if i >= j {
            assert_eq!(x, expected[[i, j]], "({i}, {j})");
        } else {
            assert!(x.is_nan(), "({i}, {j}) above the diagonal was written");
        }
    }
    let a32 = a.mapv(|x| x as f32);
    assert_eq!(linalg::gram(&a32).unwrap(), a32.t().dot(&a32));
}

#[test]
fn gram_lower_into_rejects_an_output_of_the_wrong_shape() {
    let a = Array2::<f64>::ones((4, 3));
    let mut c = Array2::<f64>::zeros((4, 4));
    let err = linalg::gram_lower_into(a.view(), c.view_mut(), false).unwrap_err();
    assert!(matches!(err, linalg::Error::NotAligned { .. }), "{err}");
    let mut r = Array2::<f64>::zeros((2, 3));
    let err = linalg::mirror_lower(r.view_mut()).unwrap_err();
    assert!(matches!(err, linalg::Error::NotSquare { .. }), "{err}");
}

#[test]
fn every_gemm_engine_agrees_with_a_triple_loop_on_odd_shapes() {
    let mut rng = Rng::new(1);
    for (m, k, n) in [(1, 1, 1), (7, 13, 5), (130, 129, 131), (3, 200, 2)] {
        let a = rng.matrix(m, k);
        let b = rng.matrix(k, n);
        let expected = naive_matmul(&a, &b);
        for engine in [Engine::Ndarray, Engine::FaerParallel, Engine::Blocked] {
            let c = linalg::matmul_with(&a, &b, engine).unwrap();
            assert!(
                max_abs_diff(&c, &expected) < 1e-12 * k as f64,
                "{engine:?} {m}x{k}x{n}"
            );
        }
        assert!(max_abs_diff(&matmul(&a, &b).unwrap(), &expected) < 1e-12 * k as f64);
    }
}

#[test]
fn matmul_reads_transposed_and_sliced_views_without_copies() {
    let mut rng = Rng::new(2);
    let a = rng.matrix(300, 200);
    let b = rng.matrix(300, 150);
    // a.T @ b with a transposed view, above the parallel threshold.
    let c = matmul(&a.t(), &b).unwrap();
    assert!(max_abs_diff(&c, &naive_matmul(&a.t().to_owned(), &b)) < 1e-11);
    // Every other row, reversed columns: negative and non-unit strides.
    let av = a.slice(s![..;2, ..;-1]);
    let bv = b.slice(s![..;2, ..]);
    let c2 = matmul(&av.t(), &bv).unwrap();
    assert!(max_abs_diff(&c2, &naive_matmul(&av.t().to_owned(), &bv.to_owned())) < 1e-11);
}

#[test]
fn batched_matmul_of_many_small_matrices_equals_a_loop_of_products() {
    let mut rng = Rng::new(3);
    let x = rng.tensor3((64, 5, 4));
    let w = rng.matrix(4, 3);
    let y = matmul(&x, &w).unwrap();
    assert_eq!(y.dim(), (64, 5, 3));
    for (xi, yi) in x.outer_iter().zip(y.outer_iter()) {
        assert_abs_diff_eq!(yi, xi.dot(&w), epsilon = 1e-14);
    }
}

#[test]
fn f32_products_and_solves_work_with_f32_tolerances() {
    let a = ndarray::array![[4.0f32, 1.0], [1.0, 3.0]];
    let b = ndarray::array![1.0f32, 2.0];
    let x = linalg::solve(&a, &b).unwrap();
    assert_abs_diff_eq!(matmul(&a, &x).unwrap(), b, epsilon = 1e-6);
    let s = linalg::thin_svd(&a).unwrap();
    assert_abs_diff_eq!(matmul(&(&s.u * &s.s), &s.vh).unwrap(), a, epsilon = 1e-5);
}

#[test]
fn solve_reproduces_the_right_hand_side_on_random_matrices() {
    let mut rng = Rng::new(4);
    for n in [1, 2, 10, 50, 200] {
        let a = rng.matrix(n, n) + &(eye(n) * 2.0);
        let b = rng.matrix(n, 3);
        let x = linalg::solve(&a, &b).unwrap();
        let r = matmul(&a, &x).unwrap() - &b;
        assert!(r.iter().all(|v| v.abs() < 1e-11 * n as f64), "n = {n}");
    }
}

#[test]
fn solve_gives_the_same_answer_for_row_major_column_major_and_strided_matrices() {
    // Row-major A is factorised as A^T (no transposing copy), column-major A as A, and a
    // strided view through a copy: three code paths, one answer, each with A x = b. The
    // unsymmetric matrix needs pivoting (zero on the diagonal).
    let mut rng = Rng::new(9);
    for n in [1, 3, 17, 64] {
        let mut a = rng.matrix(n, n);
        a[[0, 0]] = 0.0;
        a[[n - 1, 0]] += 3.0;
        let b = rng.matrix(n, 2);
        let row_major = linalg::solve(&a, &b).unwrap();
        let col_major = linalg::solve(&a.t().as_standard_layout().t(), &b).unwrap();
        let big = Array2::from_shape_fn((2 * n, 3 * n), |(i, j)| {
            if i % 2 == 0 && j % 3 == 1 {
                a[[i / 2, j / 3]]
            } else {
                f64::NAN
            }
        });
        let strided = linalg::solve(&big.slice(s![..;2, 1..;3]), &b).unwrap();
        for x in [&row_major, &col_major, &strided] {
            let r = matmul(&a, x).unwrap() - &b;
            assert!(r.iter().all(|v| v.abs() < 1e-9), "n = {n}: residual {r}");
        }
        assert!(max_abs_diff(&row_major, &col_major) < 1e-8, "n = {n}");
        assert!(max_abs_diff(&row_major, &strided) < 1e-8, "n = {n}");
    }
}

#[test]
fn solve_on_hilbert_matrices_has_a_small_residual_even_when_x_is_inaccurate() {
    // Backward stability: the residual stays ~eps even though cond(H_10) ~ 1.6e13 makes
    // the error in x ~1e-3.
    for n in [5, 8, 10] {
        let h = hilbert(n);
        let x_true = Array1::<f64>::ones(n);
        let b = matmul(&h, &x_true).unwrap();
        let x = linalg::solve(&h, &b).unwrap();
        let residual = (matmul(&h, &x).unwrap() - &b).mapv(f64::abs).sum();
        assert!(
            residual < 1e-14 * n as f64 * 10.0,
            "residual {residual}, n = {n}"
        );
        let cond = linalg::cond(&h, NormOrd::Two).unwrap();
        let err = (&x - &x_true)
            .mapv(f64::abs)
            .fold(0.0f64, |m, &v| nan_max(m, v));
        assert!(err < cond * 1e-15 * 10.0, "error {err}, cond {cond:e}");
    }
}

#[test]
fn inverse_times_matrix_is_the_identity() {
    let mut rng = Rng::new(5);
    let a = rng.matrix(40, 40) + &(eye(40) * 3.0);
    let ai = linalg::inv(&a).unwrap();
    assert!(max_abs_diff(&matmul(&a, &ai).unwrap(), &eye(40)) < 1e-12);
    assert!(max_abs_diff(&matmul(&ai, &a).unwrap(), &eye(40)) < 1e-12);
}

#[test]
fn det_is_multiplicative_and_slogdet_agrees_with_det() {
    let mut rng = Rng::new(6);
    let a = rng.matrix(6, 6);
    let b = rng.matrix(6, 6);
    let ab = matmul(&a, &b).unwrap();
    let (da, db, dab) = (
        linalg::det(&a).unwrap(),
        linalg::det(&b).unwrap(),
        linalg::det(&ab).unwrap(),
    );
    assert!((dab - da * db).abs() < 1e-12 * dab.abs().max(1.0));
    let s = linalg::slogdet(&ab).unwrap();
    assert!((s.sign * s.logabsdet.exp() - dab).abs() < 1e-12 * dab.abs().max(1.0));
    // det of a singular matrix is 0 (not an error), slogdet is (0, -inf).
    let sing = ndarray::array![[1.0, 2.0], [2.0, 4.0]];
    assert_eq!(linalg::det(&sing).unwrap(), 0.0);
    let s = linalg::slogdet(&sing).unwrap();
    assert_eq!((s.sign, s.logabsdet), (0.0, f64::NEG_INFINITY));
}

#[test]
fn full_and_thin_svd_rebuild_the_matrix_with_orthonormal_factors() {
    let mut rng = Rng::new(7);
    // (40, 7) and (7, 40) take faer's QR-first path (m / n > 11/6), like LAPACK's gesdd.
    for (m, n) in [(8, 5), (5, 8), (30, 30), (1, 4), (40, 7), (7, 40)] {
        let a = rng.matrix(m, n);
        let k = m.min(n);
        let full = linalg::svd(&a).unwrap();
        assert_eq!(
            (full.u.dim(), full.s.len(), full.vh.dim()),
            ((m, m), k, (n, n))
        );
        assert!(max_abs_diff(&rebuild(&full.u, &full.s, &full.vh), &a) < 1e-13);
        assert!(max_abs_diff(&matmul(&full.u.t(), &full.u).unwrap(), &eye(m)) < 1e-13);
        assert!(max_abs_diff(&matmul(&full.vh, &full.vh.t()).unwrap(), &eye(n)) < 1e-13);

        let thin = linalg::thin_svd(&a).unwrap();
        assert_eq!((thin.u.dim(), thin.vh.dim()), ((m, k), (k, n)));
        assert!(max_abs_diff(&rebuild(&thin.u, &thin.s, &thin.vh), &a) < 1e-13);
        assert!(max_abs_diff(&matmul(&thin.u.t(), &thin.u).unwrap(), &eye(k)) < 1e-13);
        assert!(max_abs_diff(&matmul(&thin.vh, &thin.vh.t()).unwrap(), &eye(k)) < 1e-13);
        // C order, as NumPy returns them.
        assert!(thin.u.is_standard_layout() && thin.vh.is_standard_layout());
        assert!(
            thin.s.windows(2).into_iter().all(|w| w[0] >= w[1]),
            "descending"
        );
        assert!(max_abs_diff(&thin.s, &linalg::svdvals(&a).unwrap()) < 1e-13);
    }
}

#[test]
fn thin_svd_of_square_and_nearly_square_matrices_on_the_bidiagonal_path_rebuilds_them_with_orthonormal_factors()
 {
    // m < 2n and n >= 400 (or the same for A^T): the crate's own bidiagonal reduction, a
    // divide and conquer on B, then U = Q U_B and V = P V_B by panels of reflections (the
    // unit tests in `bidiag.rs` take smaller sizes through the same path). 420 columns
    // take the reduction's helper thread and four panels of Q.
    let mut rng = Rng::new(23);
    let mut zero_columns = rng.matrix(400, 400);
    for j in [0, 1, 150, 399] {
        zero_columns.column_mut(j).fill(0.0);
    }
    let random = rng.matrix(500, 400);
    // Columns scaled from 1 down to 1e-14: condition number about 1e14.
    let graded = Array2::from_shape_fn((500, 400), |(i, j)| {
        random[[i, j]] * 10f64.powf(-14.0 * j as f64 / 399.0)
    });
    let shapes = [
        rng.matrix(450, 420),
        rng.matrix(420, 450),
        zero_columns,
        graded,
    ];
    for a in shapes {
        // The values agree with dqds on the same reduction (`svdvals`).
        check_thin_svd(&a);
    }
    // f32 on the same path.
    check_f32_thin_svd(&rng.matrix(480, 400).mapv(|x| x as f32));
}

#[test]
fn thin_svd_of_tall_and_wide_matrices_on_the_blocked_qr_path_rebuilds_them_with_orthonormal_factors()
 {
    // m >= 2n and n >= 128: the QR-first path on the crate's own blocked Householder QR
    // (panels of 128 columns, so 300 columns make three, the last one partial).
    let mut rng = Rng::new(17);
    let random = rng.matrix(700, 300);
    let mut zero_columns = rng.matrix(400, 150);
    for j in [0, 5, 64, 127, 128, 149] {
        zero_columns.column_mut(j).fill(0.0);
    }
    // Columns scaled from 1 down to 1e-14: condition number about 1e14.
    let graded = Array2::from_shape_fn((500, 200), |(i, j)| {
        random[[i, j]] * 10f64.powf(-14.0 * j as f64 / 199.0)
    });
    // Wide (n >= 2m): the same path through the transpose.
    let wide = rng.matrix(140, 450);
    for a in [random, zero_columns, graded, wide] {
        check_thin_svd(&a);
    }
    // f32 on the same path (faer's own f32 values-only SVD is off by 1.4e-5 ||A|| on this
    // matrix, more than n eps ||A||).
    check_f32_thin_svd(&rng.matrix(600, 256).mapv(|x| x as f32));
}

#[test]
fn truncated_svd_error_equals_the_discarded_singular_values_eckart_young() {
    let mut rng = Rng::new(8);
    let a = rng.matrix(40, 25);
    let linalg::Svd { u, s, vh } = linalg::thin_svd(&a).unwrap();
    for r in [1, 5, 10, 24] {
        let ar = matmul(
            &(&u.slice(s![.., ..r]) * &s.slice(s![..r])),
            &vh.slice(s![..r, ..]),
        )
        .unwrap();
        let err_fro2 = (&a - &ar).mapv(|v| v * v).sum();
        let tail2: f64 = s.slice(s![r..]).mapv(|v| v * v).sum();
        assert!(
            (err_fro2 - tail2).abs() < 1e-12 * tail2.max(1.0),
            "rank {r}"
        );
        // The 2-norm error is the first discarded singular value.
        let err2 = linalg::norm(&(&a - &ar), NormOrd::Two).unwrap();
        assert!((err2 - s[r]).abs() < 1e-12, "rank {r}");
    }
}

#[test]
fn qr_factors_are_orthonormal_and_upper_triangular() {
    let mut rng = Rng::new(9);
    // (9, 4) and the wide ones on faer's QR; from 32 columns on, tall and square ones on
    // this crate's blocked QR (several panels of 128 at (300, 150)).
    for (m, n) in [
        (9, 4),
        (4, 9),
        (6, 6),
        (300, 150),
        (129, 65),
        (64, 64),
        (40, 100),
    ] {
        let a = rng.matrix(m, n);
        let k = m.min(n);
        let linalg::Qr { q, r } = linalg::qr(&a).unwrap();
        assert_eq!((q.dim(), r.dim()), ((m, k), (k, n)));
        assert!(max_abs_diff(&matmul(&q, &r).unwrap(), &a) < 1e-13);
        assert!(max_abs_diff(&matmul(&q.t(), &q).unwrap(), &eye(k)) < 1e-13);
        assert!(r.indexed_iter().all(|((i, j), &v)| i <= j || v == 0.0));

        let c = linalg::qr_complete(&a).unwrap();
        assert_eq!((c.q.dim(), c.r.dim()), ((m, m), (m, n)));
        assert!(max_abs_diff(&matmul(&c.q, &c.r).unwrap(), &a) < 1e-13);
        assert!(max_abs_diff(&matmul(&c.q.t(), &c.q).unwrap(), &eye(m)) < 1e-13);
    }
}

#[test]
fn qr_of_rank_deficient_and_single_precision_tall_matrices_rebuilds_them() {
    let mut rng = Rng::new(19);
    // A zero column and a repeated one: reflections that are the identity, and a zero on
    // R's diagonal.
    let mut a = rng.matrix(200, 90);
    a.column_mut(40).fill(0.0);
    let c10 = a.column(10).to_owned();
    a.column_mut(70).assign(&c10);
    let linalg::Qr { q, r } = linalg::qr(&a).unwrap();
    assert!(max_abs_diff(&matmul(&q, &r).unwrap(), &a) < 1e-13);
    assert!(max_abs_diff(&matmul(&q.t(), &q).unwrap(), &eye(90)) < 1e-13);
    assert!(r.indexed_iter().all(|((i, j), &v)| i <= j || v == 0.0));
    assert!(
        r[[70, 70]].abs() < 1e-12,
        "the repeated column adds no new direction"
    );
    // In f32: residuals of a few eps_f32 ||A||.
    let a32 = rng.matrix(500, 120).mapv(|x| x as f32);
    let linalg::Qr { q, r } = linalg::qr(&a32).unwrap();
    let back = matmul(&q, &r).unwrap();
    let worst = (&back - &a32).iter().map(|x| x.abs()).fold(0.0f32, nan_max);
    assert!(worst < 1e-5, "Q R - A: {worst:e}");
    let qtq = matmul(&q.t(), &q).unwrap() - Array2::<f32>::eye(120);
    let worst = qtq.iter().map(|x| x.abs()).fold(0.0f32, nan_max);
    assert!(worst < 1e-5, "Q^T Q - I: {worst:e}");
}

#[test]
fn svdvals_of_tall_zero_and_rank_one_matrices_on_the_qr_path_are_exact() {
    // 300 x 150 (m >= 2 n, n >= 128): the singular values of the blocked QR's R.
    let zero = Array2::<f64>::zeros((300, 150));
    let s = linalg::svdvals(&zero).unwrap();
    assert_eq!(s.len(), 150);
    assert!(s.iter().all(|&x| x == 0.0));
    // u v^T has one singular value, |u| |v|.
    let mut rng = Rng::new(23);
    let (u, v) = (rng.matrix(300, 1), rng.matrix(1, 150));
    let uv = matmul(&u, &v).unwrap();
    let norm = |x: &Array2<f64>| x.iter().map(|e| e * e).sum::<f64>().sqrt();
    for a in [uv.clone(), uv.t().to_owned()] {
        let s = linalg::svdvals(&a).unwrap();
        assert!((s[0] - norm(&u) * norm(&v)).abs() < 1e-12 * s[0]);
        assert!(s.iter().skip(1).map(|x| x.abs()).fold(0.0, nan_max) < 1e-13 * s[0]);
    }
}

#[test]
fn eigh_residuals_are_tiny_and_eigenvectors_orthonormal() {
    let mut rng = Rng::new(10);
    let g = rng.matrix(50, 50);
    let a = &g + &g.t();
    let linalg::Eigh {
        eigenvalues,
        eigenvectors,
    } = linalg::eigh(&a).unwrap();
    let av = matmul(&a, &eigenvectors).unwrap();
    let vl = &eigenvectors * &eigenvalues;
    assert!(max_abs_diff(&av, &vl) < 1e-12);
    assert!(max_abs_diff(&matmul(&eigenvectors.t(), &eigenvectors).unwrap(), &eye(50)) < 1e-12);
    assert!(
        eigenvalues.windows(2).into_iter().all(|w| w[0] <= w[1]),
        "ascending"
    );
    assert!(max_abs_diff(&eigenvalues, &linalg::eigvalsh(&a).unwrap()) < 1e-12);
    // Trace = sum of eigenvalues.
    assert!((a.diag().sum() - eigenvalues.sum()).abs() < 1e-11);
}

/// `||A V - V diag(w)||_max`, `||V^T V - I||_max`, and whether `w` ascends.
fn eigh_errors(a: &Array2<f64>) -> (f64, f64, bool) {
    let linalg::Eigh {
        eigenvalues,
        eigenvectors,
    } = linalg::eigh(a).unwrap();
    let n = a.nrows();
    let residual = max_abs_diff(
        &matmul(a, &eigenvectors).unwrap(),
        &(&eigenvectors * &eigenvalues),
    );
    let orthogonality = max_abs_diff(&matmul(&eigenvectors.t(), &eigenvectors).unwrap(), &eye(n));
    let ascending = eigenvalues.windows(2).into_iter().all(|w| w[0] <= w[1]);
    (residual, orthogonality, ascending)
}

#[test]
fn eigh_by_divide_and_conquer_has_tiny_residuals_on_hard_matrices() {
    // Sizes past the QR leaves (50), so every merge path runs: plain (random), pairs of
    // nearly equal eigenvalues (glued Wilkinson), and ties at every merge (identity).
    let mut rng = Rng::new(12);
    let g = rng.matrix(300, 300);
    let cases = [
        ("random 300", &g + &g.t()),
        ("cos_sym 240", cos_sym(240)),
        ("glued Wilkinson 210", glued_wilkinson(10, 21, 1e-10)),
        ("identity 120", eye(120)),
    ];
    for (name, a) in &cases {
        let (residual, orthogonality, ascending) = eigh_errors(a);
        // ||A||_2 <= 60 here; NumPy's own residual on cos_sym 240 is 5.1e-12 (LAPACK
        // syevd), so the bound is 1e-11, about 800 eps ||A||_2. A wrong vector gives O(1).
        assert!(residual < 1e-11, "{name}: residual {residual:e}");
        assert!(
            orthogonality < 1e-12,
            "{name}: orthogonality {orthogonality:e}"
        );
        assert!(ascending, "{name}: eigenvalues not ascending");
    }
    // Against eigvalsh: the same tridiagonal reduction, then the QR algorithm on the
    // tridiagonal form instead of divide and conquer.
    let a = &g + &g.t();
    let w = linalg::eigh(&a).unwrap().eigenvalues;
    assert!(max_abs_diff(&w, &linalg::eigvalsh(&a).unwrap()) < 1e-11);
}

#[test]
fn eigh_finds_eigenvalues_of_high_multiplicity_exactly() {
    // A = H diag(lambda) H with H = I - 2 u u^T / (u^T u) a reflection: orthogonal and
    // symmetric, so the eigenvalues of A are lambda, here 1 and 2 eighty times each and
    // 3, ..., 82. Ties trigger deflation of whole runs (a Householder step in the merge).
    let n = 240;
    let u = Array1::from_shape_fn(n, |i| ((i as f64) * 0.7).sin() + 0.1);
    let h = eye(n) - &(2.0 / u.dot(&u) * outer(&u, &u));
    let lambda = Array1::from_shape_fn(n, |i| match i {
        0..80 => 1.0,
        80..160 => 2.0,
        _ => (i - 160 + 3) as f64,
    });
    let a = matmul(&(&h * &lambda), &h).unwrap();
    let a = (&a + &a.t()) / 2.0;
    let w = linalg::eigh(&a).unwrap().eigenvalues;
    // lambda is ascending already. ||A||_2 = 82: 1e-12 is about 50 eps ||A||_2.
    assert!(
        max_abs_diff(&w, &lambda) < 1e-12,
        "{:e}",
        max_abs_diff(&w, &lambda)
    );
    let (residual, orthogonality, _) = eigh_errors(&a);
    assert!(
        residual < 1e-12 && orthogonality < 1e-12,
        "{residual:e} {orthogonality:e}"
    );
}

#[test]
fn eigh_is_scale_invariant_from_subnormal_to_near_overflow() {
    // eig(c A) = c eig(A), exactly in theory. Before eigh normalised the tridiagonal matrix,
    // c = 1e10 gave relative errors of 3e-6 and c = 1e-150 errors of order one (absolute
    // stopping tests in the secular-equation solver). c = 1e-310 (subnormal entries) and
    // 1e307 (sums that overflow) also need A scaled into the safe range before the
    // reflections, as LAPACK's syevd does.
    let mut rng = Rng::new(14);
    let g = rng.matrix(120, 120);
    let a = &g + &g.t();
    let w = linalg::eigh(&a).unwrap().eigenvalues;
    let norm = w.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    for c in [1e-310, 1e-300, 1e-150, 1e-10, 1e10, 1e150, 1e300, 1e307] {
        let linalg::Eigh {
            eigenvalues,
            eigenvectors,
        } = linalg::eigh(&(&a * c)).unwrap();
        let err = (&eigenvalues / c - &w)
            .iter()
            .fold(0.0f64, |m, x| m.max(x.abs()));
        // 1e-13 ||A||_2 is about 500 eps ||A||_2.
        assert!(
            err < 1e-13 * norm,
            "c = {c:e}: max |w(cA)/c - w(A)| = {err:e}"
        );
        let orthogonality = max_abs_diff(
            &matmul(&eigenvectors.t(), &eigenvectors).unwrap(),
            &eye(120),
        );
        assert!(orthogonality < 1e-12, "c = {c:e}: {orthogonality:e}");
    }
    // The QR-algorithm path (n <= 50) too.
    let small = a.slice(s![..30, ..30]).to_owned();
    let w_small = linalg::eigh(&small).unwrap().eigenvalues;
    for c in [1e-310, 1e307] {
        let wc = linalg::eigh(&(&small * c)).unwrap().eigenvalues / c;
        assert!(
            max_abs_diff(&wc, &w_small) < 1e-13 * norm,
            "n = 30, c = {c:e}"
        );
    }
    // f32: the same across its own range.
    let a32 = a.mapv(|x| x as f32);
    let w32 = linalg::eigh(&a32).unwrap().eigenvalues;
    for c in [1e-30f32, 1e-5, 1e5, 1e30] {
        let wc = linalg::eigh(&(&a32 * c)).unwrap().eigenvalues;
        let err = (&wc / c - &w32)
            .iter()
            .fold(0.0f32, |m, x| nan_max(m, x.abs()));
        assert!(err < 1e-4 * norm as f32, "f32, c = {c:e}: {err:e}");
    }
}

#[test]
fn singular_values_are_scale_invariant_from_1e_minus_300_to_1e300() {
    // sigma(cA) = c sigma(A). Unscaled, faer's SVD returned wrong singular values for
    // 1e-300 A and did not converge for 1e300 A; the functions now scale A into the safe
    // range first, as LAPACK's gesdd does.
    let mut rng = Rng::new(15);
    let a = rng.matrix(120, 80);
    let s = linalg::svdvals(&a).unwrap();
    let rel =
        |x: &Array1<f64>, c: f64| (x / c - &s).iter().fold(0.0f64, |m, v| m.max(v.abs())) / s[0];
    for c in [1e-300, 1e-150, 1e150, 1e300] {
        let ac = &a * c;
        // 1e-13 relative to ||A||_2 is about 500 eps.
        assert!(
            rel(&linalg::svdvals(&ac).unwrap(), c) < 1e-13,
            "svdvals, c = {c:e}"
        );
        let thin = linalg::thin_svd(&ac).unwrap();
        assert!(rel(&thin.s, c) < 1e-13, "thin_svd, c = {c:e}");
        // The factors are those of A: U diag(s) Vh rebuilds cA.
        let rebuilt = matmul(&(&thin.u * &thin.s), &thin.vh).unwrap();
        assert!(
            max_abs_diff(&(&rebuilt / c), &a) < 1e-12,
            "thin_svd factors, c = {c:e}"
        );
        assert!(
            rel(&linalg::svd(&ac).unwrap().s, c) < 1e-13,
            "svd, c = {c:e}"
        );
    }
    // A square matrix: `svd` takes the thin path, which must unscale once, not twice.
    let sq = rng.matrix(96, 96);
    let s_sq = linalg::svdvals(&sq).unwrap();
    for c in [1e-300, 1e300] {
        let full = linalg::svd(&(&sq * c)).unwrap();
        assert_eq!((full.u.dim(), full.vh.dim()), ((96, 96), (96, 96)));
        let err = (&full.s / c - &s_sq)
            .iter()
            .fold(0.0f64, |m, v| m.max(v.abs()));
        assert!(err < 1e-13 * s_sq[0], "square svd, c = {c:e}: {err:e}");
    }
}

#[test]
fn eigvalsh_and_eigh_of_small_matrices_match_closed_forms() {
    // From n = 3 eigvalsh runs this crate's reduction and root-free iteration; eigh from
    // n = 51 its divide and conquer, on one thread below n = 500.
    for n in [2usize, 3, 4, 7, 12, 30, 50, 51, 64, 120] {
        // a I + b J (J all ones): a + b n once, a (n - 1) times. Dense, so the reduction
        // does work.
        let (a, b) = (1.5, -0.25);
        let m = Array2::from_shape_fn((n, n), |(i, j)| b + if i == j { a } else { 0.0 });
        let mut want = vec![a; n];
        want[0] = a + b * n as f64;
        want.sort_by(|x, y| x.partial_cmp(y).unwrap());
        let err = max_abs_diff(&linalg::eigvalsh(&m).unwrap(), &Array1::from(want));
        assert!(err < 1e-13 * n as f64, "eigvalsh, n = {n}: {err:e}");
        // The Toeplitz tridiagonal (2, -1): 2 - 2 cos(k pi / (n + 1)).
        let t = Array2::from_shape_fn((n, n), |(i, j)| match i.abs_diff(j) {
            0 => 2.0,
            1 => -1.0,
            _ => 0.0,
        });
        let mut want: Vec<f64> = (1..=n)
            .map(|k| 2.0 - 2.0 * (k as f64 * std::f64::consts::PI / (n + 1) as f64).cos())
            .collect();
        want.sort_by(|x, y| x.partial_cmp(y).unwrap());
        let linalg::Eigh {
            eigenvalues,
            eigenvectors,
        } = linalg::eigh(&t).unwrap();
        let want = Array1::from(want);
        for w in [linalg::eigvalsh(&t).unwrap(), eigenvalues.clone()] {
            let err = max_abs_diff(&w, &want);
            assert!(err < 1e-13 * n as f64, "n = {n}: {err:e}");
        }
        let residual = matmul(&t, &eigenvectors).unwrap() - &eigenvectors * &eigenvalues;
        assert!(residual.iter().map(|x| x.abs()).fold(0.0, nan_max) < 1e-13 * n as f64);
    }
}

#[test]
fn eig_eigvals_and_eigvalsh_are_scale_invariant_from_subnormal_to_1e300() {
    // Unscaled, faer's general eigensolver returned wrong eigenvalues for 1e+-300 A and
    // its symmetric one did not converge for subnormal entries.
    let mut rng = Rng::new(16);
    let g = rng.matrix(150, 150);
    let sym = &g + &g.t();
    let w = linalg::eigvalsh(&sym).unwrap();
    let moduli = |z: &Array1<linalg::Complex<f64>>, c: f64| {
        let mut m: Vec<f64> = z.iter().map(|z| z.norm() / c).collect();
        m.sort_by(|a, b| a.partial_cmp(b).unwrap());
        Array1::from(m)
    };
    let reference = moduli(&linalg::eigvals(&g).unwrap(), 1.0);
    let top = reference[reference.len() - 1];
    for c in [1e-310, 1e-300, 1e300] {
        let wc = linalg::eigvalsh(&(&sym * c)).unwrap() / c;
        assert!(
            max_abs_diff(&wc, &w) < 1e-13 * w[w.len() - 1].abs().max(w[0].abs()),
            "eigvalsh, c = {c:e}"
        );
        let gc = &g * c;
        // Moduli, sorted: the order of a general eigensolver's output is not defined.
        assert!(
            max_abs_diff(&moduli(&linalg::eigvals(&gc).unwrap(), c), &reference) < 1e-12 * top,
            "eigvals, c = {c:e}"
        );
        assert!(
            max_abs_diff(
                &moduli(&linalg::eig(&gc).unwrap().eigenvalues, c),
                &reference
            ) < 1e-12 * top,
            "eig, c = {c:e}"
        );
    }
}

#[test]
fn eigh_in_f32_has_residuals_at_f32_precision() {
    let mut rng = Rng::new(13);
    let g = rng.matrix(200, 200);
    let a = (&g + &g.t()).mapv(|x| x as f32);
    let linalg::Eigh {
        eigenvalues,
        eigenvectors,
    } = linalg::eigh(&a).unwrap();
    let residual = (&a.dot(&eigenvectors) - &(&eigenvectors * &eigenvalues))
        .iter()
        .fold(0.0f32, |m, x| nan_max(m, x.abs()));
    let orthogonality = (&eigenvectors.t().dot(&eigenvectors) - &Array2::<f32>::eye(200))
        .iter()
        .fold(0.0f32, |m, x| nan_max(m, x.abs()));
    // f32 eps = 1.2e-7 and ||A||_2 is about 20: 1e-4 is about 40 eps ||A||_2.
    assert!(
        residual < 1e-4 && orthogonality < 1e-5,
        "{residual:e} {orthogonality:e}"
    );
}

fn outer(a: &Array1<f64>, b: &Array1<f64>) -> Array2<f64> {
    Array2::from_shape_fn((a.len(), b.len()), |(i, j)| a[i] * b[j])
}

#[test]
fn eig_satisfies_a_v_equals_lambda_v_with_unit_vectors() {
    let mut rng = Rng::new(11);
    let a = rng.matrix(12, 12);
    let linalg::Eig {
        eigenvalues,
        eigenvectors,
    } = linalg::eig(&a).unwrap();
    // Complex pairs come from faer as two real columns: check that their conversion ran.
    assert!(eigenvalues.iter().any(|z| z.im.abs() > 1e-3));
    let ac = a.mapv(|v| linalg::Complex::new(v, 0.0));
    for (j, lambda) in eigenvalues.iter().enumerate() {
        let v = eigenvectors.column(j);
        let av = ac.dot(&v);
        let norm2: f64 = v.iter().map(|z| z.norm_sqr()).sum();
        assert!((norm2 - 1.0).abs() < 1e-12);
        for (x, y) in av.iter().zip(v.iter()) {
            assert!((x - lambda * y).norm() < 1e-11);
        }
    }
    // The sum of eigenvalues is the trace, imaginary parts cancel in conjugate pairs.
    let total: linalg::Complex<f64> = eigenvalues.iter().sum();
    assert!((total.re - a.diag().sum()).abs() < 1e-11 && total.im.abs() < 1e-11);
}

#[test]
fn pinv_satisfies_the_four_moore_penrose_conditions() {
    let mut rng = Rng::new(12);
    // A rank-3 (10, 6) matrix, and an ill-conditioned Hilbert matrix.
    let low_rank = matmul(&rng.matrix(10, 3), &rng.matrix(3, 6)).unwrap();
    for a in [low_rank, rng.matrix(7, 4), hilbert(6)] {
        let p = linalg::pinv(&a, None).unwrap();
        assert_eq!(p.dim(), (a.ncols(), a.nrows()));
        let ap = matmul(&a, &p).unwrap();
        let pa = matmul(&p, &a).unwrap();
        let scale = linalg::norm(&p, NormOrd::Two).unwrap().max(1.0);
        assert!(max_abs_diff(&matmul(&ap, &a).unwrap(), &a) < 1e-12 * scale);
        assert!(max_abs_diff(&matmul(&pa, &p).unwrap(), &p) < 1e-12 * scale * scale);
        assert!(max_abs_diff(&ap, &ap.t().to_owned()) < 1e-12 * scale);
        assert!(max_abs_diff(&pa, &pa.t().to_owned()) < 1e-12 * scale);
    }
}

#[test]
fn matrix_rank_counts_independent_columns() {
    let mut rng = Rng::new(13);
    let b = rng.matrix(20, 4);
    let c = rng.matrix(4, 9);
    assert_eq!(
        linalg::matrix_rank(&matmul(&b, &c).unwrap(), None).unwrap(),
        4
    );
    assert_eq!(
        linalg::matrix_rank(&Array2::<f64>::eye(5), None).unwrap(),
        5
    );
    assert_eq!(
        linalg::matrix_rank(&Array2::<f64>::zeros((3, 3)), None).unwrap(),
        0
    );
}

#[test]
fn cholesky_rebuilds_an_spd_matrix_and_solves_like_solve() {
    let mut rng = Rng::new(14);
    let g = rng.matrix(30, 10);
    let a = matmul(&g.t(), &g).unwrap() + &eye(10);
    let l = linalg::cholesky(&a).unwrap();
    assert!(max_abs_diff(&matmul(&l, &l.t()).unwrap(), &a) < 1e-12);
    assert!(l.indexed_iter().all(|((i, j), &v)| i >= j || v == 0.0));
    assert!(l.diag().iter().all(|&v| v > 0.0));
    // log det from the Cholesky diagonal equals slogdet.
    let logdet = 2.0 * l.diag().mapv(f64::ln).sum();
    assert!((logdet - linalg::slogdet(&a).unwrap().logabsdet).abs() < 1e-11);
}

#[test]
fn normal_equations_and_lstsq_agree_on_a_well_conditioned_problem() {
    let mut rng = Rng::new(15);
    let x = rng.matrix(100, 5);
    let y = rng.vector(100);
    let xtx = matmul(&x.t(), &x).unwrap();
    let xty = matmul(&x.t(), &y).unwrap();
    let w_normal = linalg::solve(&xtx, &xty).unwrap();
    let w_lstsq = linalg::lstsq(&x, &y, None).unwrap().solution;
    assert_abs_diff_eq!(w_normal, w_lstsq, epsilon = 1e-12);
    // And the residual is orthogonal to the columns of X.
    let r = &y - &matmul(&x, &w_lstsq).unwrap();
    assert!(matmul(&x.t(), &r).unwrap().iter().all(|v| v.abs() < 1e-12));
}

#[test]
fn norms_satisfy_their_textbook_inequalities() {
    let mut rng = Rng::new(16);
    let a = rng.matrix(7, 5);
    let fro = linalg::norm(&a, NormOrd::Fro).unwrap();
    let two = linalg::norm(&a, NormOrd::Two).unwrap();
    let nuc = linalg::norm(&a, NormOrd::Nuc).unwrap();
    assert!(two <= fro + 1e-14 && fro <= nuc + 1e-14);
    assert!(fro <= (5f64).sqrt() * two + 1e-14);
    let s = linalg::svdvals(&a).unwrap();
    assert!((fro - s.mapv(|v| v * v).sum().sqrt()).abs() < 1e-13);
    let col_sums = a.mapv(f64::abs).sum_axis(Axis(0));
    assert_eq!(
        linalg::norm(&a, NormOrd::One).unwrap(),
        col_sums.fold(0.0, |m: f64, &v| m.max(v))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn solve_then_multiply_returns_b_for_diagonally_dominant_matrices(
        n in 1usize..12,
        seed in any::<u64>(),
    ) {
        let mut rng = Rng::new(seed);
        let a = rng.matrix(n, n) + &(eye(n) * (n as f64 + 1.0));
        let b = rng.vector(n);
        let x = linalg::solve(&a, &b).unwrap();
        let back = matmul(&a, &x).unwrap();
        prop_assert!(back.iter().zip(b.iter()).all(|(p, q)| (p - q).abs() < 1e-12));
    }

    #[test]
    fn matmul_is_associative_up_to_rounding(
        m in 1usize..20, k in 1usize..20, n in 1usize..20, p in 1usize..20,
        seed in any::<u64>(),
    ) {
        let mut rng = Rng::new(seed);
        let (a, b, c) = (rng.matrix(m, k), rng.matrix(k, n), rng.matrix(n, p));
        let left = matmul(&matmul(&a, &b).unwrap(), &c).unwrap();
        let right = matmul(&a, &matmul(&b, &c).unwrap()).unwrap();
        prop_assert!(max_abs_diff(&left, &right) < 1e-12 * (k * n) as f64);
    }
}
