//! Results compared with NumPy 2.4.6 (`fixtures/make_fixtures.py`, output committed in
//! `fixtures/numpy_reference.json`). Tolerances are absolute unless stated, chosen from the
//! conditioning of each problem (well-conditioned 5x5: 1e-12; Hilbert: relative to cond).

use crate::common;

use approx::assert_abs_diff_eq;
use approx::assert_relative_eq;
use common::{arr_d, cos_sym, f, glued_wilkinson, mat2, max_abs_diff, numpy_reference, vec1};
use linalg::{NormOrd, SlogDet};
use ndarray::{Array1, Ix4};

#[test]
fn batched_matmul_broadcasts_leading_axes_like_numpy() {
    let r = &numpy_reference()["products"];
    let a = arr_d(&r["batch_a"]).into_dimensionality::<Ix4>().unwrap(); // (2, 1, 3, 4)
    let b = arr_d(&r["batch_b"]); // (3, 4, 5)
    let c = linalg::matmul(&a.into_dyn(), &b).unwrap();
    let expected = arr_d(&r["batch_matmul"]);
    assert_eq!(c.shape(), &[2, 3, 3, 5]);
    assert!(max_abs_diff(&c, &expected) < 1e-12);
}

#[test]
fn nd_dot_sums_over_last_axis_of_a_and_second_to_last_of_b() {
    let r = &numpy_reference()["products"];
    let a = arr_d(&r["dot_a"]); // (2, 3, 4)
    let b = arr_d(&r["dot_b"]); // (5, 4, 2)
    let c = linalg::dot(&a, &b).unwrap();
    assert_eq!(c.shape(), &[2, 3, 5, 2]);
    assert!(max_abs_diff(&c, &arr_d(&r["dot_nd"])) < 1e-12);
}

#[test]
fn vectors_on_either_side_of_matmul_give_1d_results() {
    let r = &numpy_reference()["products"];
    let m = mat2(&r["m"]);
    let v = vec1(&r["v"]);
    let mv = linalg::matmul(&m, &v).unwrap();
    assert_abs_diff_eq!(mv, vec1(&r["m_at_v"]), epsilon = 1e-12);
    let vmt = linalg::matmul(&v, &m.t()).unwrap();
    assert_abs_diff_eq!(vmt, vec1(&r["v_at_mT"]), epsilon = 1e-12);
}

#[test]
fn kron_and_outer_match_numpy() {
    let r = &numpy_reference()["products"];
    let m = mat2(&r["m"]);
    let v = vec1(&r["v"]);
    let k = linalg::kron(
        &m.slice(ndarray::s![..2, ..2]),
        &m.slice(ndarray::s![..2, 1..]),
    )
    .unwrap();
    assert_abs_diff_eq!(k, mat2(&r["kron"]), epsilon = 1e-14);
    let o = linalg::outer(&v, &m.row(0));
    assert_abs_diff_eq!(o, mat2(&r["outer"]), epsilon = 1e-14);
}

#[test]
fn solve_inv_det_and_slogdet_match_numpy_on_a_well_conditioned_matrix() {
    let r = &numpy_reference()["square"];
    let a = mat2(&r["a"]);
    let x = linalg::solve(&a, &vec1(&r["b"])).unwrap();
    assert_abs_diff_eq!(x, vec1(&r["solve_vector"]), epsilon = 1e-12);
    let xm = linalg::solve(&a, &mat2(&r["b_matrix"])).unwrap();
    assert_abs_diff_eq!(xm, mat2(&r["solve_matrix"]), epsilon = 1e-12);
    assert_abs_diff_eq!(linalg::inv(&a).unwrap(), mat2(&r["inv"]), epsilon = 1e-12);
    assert_relative_eq!(linalg::det(&a).unwrap(), f(&r["det"]), max_relative = 1e-12);
    let SlogDet { sign, logabsdet } = linalg::slogdet(&a).unwrap();
    assert_eq!(sign, f(&r["slogdet"][0]));
    assert_relative_eq!(logabsdet, f(&r["slogdet"][1]), max_relative = 1e-12);
}

#[test]
fn swapping_two_rows_flips_the_sign_of_det_and_slogdet() {
    let r = &numpy_reference()["square"];
    let a = mat2(&r["a_rows_swapped"]);
    assert_relative_eq!(
        linalg::det(&a).unwrap(),
        f(&r["det_rows_swapped"]),
        max_relative = 1e-12
    );
    let s = linalg::slogdet(&a).unwrap();
    assert_eq!(s.sign, f(&r["slogdet_rows_swapped"][0]));
    assert_eq!(s.sign, -f(&r["slogdet"][0]));
}

#[test]
fn hilbert_matrices_match_numpy_within_their_condition_number() {
    let r = &numpy_reference()["hilbert"];
    for n in [4usize, 6, 8] {
        let h = common::hilbert(n);
        let e = &r[n.to_string()];
        let cond = f(&e["cond"]);
        // Singular values and eigenvalues are perfectly conditioned: absolute error ~ eps.
        assert_abs_diff_eq!(
            linalg::svdvals(&h).unwrap(),
            vec1(&e["svdvals"]),
            epsilon = 1e-14
        );
        assert_abs_diff_eq!(
            linalg::eigvalsh(&h).unwrap(),
            vec1(&e["eigvalsh"]),
            epsilon = 1e-14
        );
        // cond = s_max / s_min: the small singular value is known to ~eps / s_min relative.
        assert_relative_eq!(
            linalg::cond(&h, NormOrd::Two).unwrap(),
            cond,
            max_relative = 1e-15 * cond * 10.0
        );
        // The inverse is known to ~cond * eps relative (both NumPy's and ours).
        let inv = linalg::inv(&h).unwrap();
        let expected = mat2(&e["inv"]);
        let scale = expected.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        assert!(
            max_abs_diff(&inv, &expected) / scale < cond * 1e-15,
            "inv of Hilbert {n}"
        );
        let s = linalg::slogdet(&h).unwrap();
        assert_eq!(s.sign, f(&e["slogdet"][0]));
        // log det sums the logs of the pivots; the smallest is known to ~cond * eps.
        assert_abs_diff_eq!(
            s.logabsdet,
            f(&e["slogdet"][1]),
            epsilon = cond * f64::EPSILON * n as f64
        );
    }
}

#[test]
fn lstsq_returns_numpys_solution_residuals_rank_and_singular_values() {
    let r = &numpy_reference()["lstsq"];
    let a = mat2(&r["a"]);
    let fit = linalg::lstsq(&a, &vec1(&r["b"]), None).unwrap();
    assert_abs_diff_eq!(fit.solution, vec1(&r["solution"]), epsilon = 1e-12);
    assert_abs_diff_eq!(fit.residuals, vec1(&r["residuals"]), epsilon = 1e-12);
    assert_eq!(fit.residuals.len(), 1);
    assert_eq!(fit.rank, r["rank"].as_u64().unwrap() as usize);
    assert_abs_diff_eq!(
        fit.singular_values,
        vec1(&r["singular_values"]),
        epsilon = 1e-12
    );

    let fit2 = linalg::lstsq(&a, &mat2(&r["b_matrix"]), None).unwrap();
    assert_abs_diff_eq!(fit2.solution, mat2(&r["solution_matrix"]), epsilon = 1e-12);
    assert_abs_diff_eq!(
        fit2.residuals,
        vec1(&r["residuals_matrix"]),
        epsilon = 1e-12
    );
}

#[test]
fn lstsq_on_a_rank_deficient_matrix_gives_the_minimum_norm_solution_and_no_residuals() {
    let r = &numpy_reference()["lstsq"];
    let a = mat2(&r["deficient_a"]);
    let fit = linalg::lstsq(&a, &vec1(&r["b"]), None).unwrap();
    assert_eq!(fit.rank, 2);
    assert_eq!(fit.rank, r["deficient_rank"].as_u64().unwrap() as usize);
    assert_eq!(fit.residuals, Array1::<f64>::zeros(0));
    assert_eq!(r["deficient_residuals"].as_array().unwrap().len(), 0);
    assert_abs_diff_eq!(
        fit.solution,
        vec1(&r["deficient_solution"]),
        epsilon = 1e-12
    );
    assert_abs_diff_eq!(
        fit.singular_values.slice(ndarray::s![..2]),
        vec1(&r["deficient_singular_values"]).slice(ndarray::s![..2]),
        epsilon = 1e-12
    );
    assert_abs_diff_eq!(
        linalg::pinv(&a, None).unwrap(),
        mat2(&r["deficient_pinv"]),
        epsilon = 1e-12
    );
    assert_eq!(
        linalg::matrix_rank(&a, None).unwrap(),
        r["deficient_matrix_rank"].as_u64().unwrap() as usize
    );
}

#[test]
fn lstsq_on_a_wide_matrix_returns_the_minimum_norm_exact_solution() {
    let r = &numpy_reference()["lstsq"];
    let fit = linalg::lstsq(&mat2(&r["wide_a"]), &vec1(&r["wide_b"]), None).unwrap();
    assert_eq!(fit.rank, 2);
    assert_eq!(fit.residuals.len(), 0);
    assert_abs_diff_eq!(fit.solution, vec1(&r["wide_solution"]), epsilon = 1e-12);
}

#[test]
fn factorisations_match_numpy_up_to_signs() {
    let r = &numpy_reference()["decompose"];
    let g = mat2(&r["g"]);
    assert_abs_diff_eq!(
        linalg::svdvals(&g).unwrap(),
        vec1(&r["svdvals"]),
        epsilon = 1e-12
    );
    assert_abs_diff_eq!(
        linalg::thin_svd(&g).unwrap().s,
        vec1(&r["svdvals"]),
        epsilon = 1e-12
    );
    // R is unique up to the sign of each row.
    let rr = linalg::qr(&g).unwrap().r.mapv(f64::abs);
    assert_abs_diff_eq!(rr, mat2(&r["qr_r_abs"]), epsilon = 1e-12);
    // Cholesky with a positive diagonal is unique.
    assert_abs_diff_eq!(
        linalg::cholesky(&mat2(&r["spd"])).unwrap(),
        mat2(&r["cholesky"]),
        epsilon = 1e-12
    );
    assert_abs_diff_eq!(
        linalg::eigh(&mat2(&r["sym"])).unwrap().eigenvalues,
        vec1(&r["eigh_values"]),
        epsilon = 1e-12
    );
}

#[test]
fn eigh_of_dense_and_glued_wilkinson_matrices_matches_numpy_beyond_the_qr_leaves() {
    // n = 240 and 210 are past the size where `eigh` switches from the QR algorithm to
    // divide and conquer (50), with two or more levels of merges. Both matrices have
    // ||A||_2 < 100, so an absolute 1e-11 is about 10 eps ||A||_2.
    let r = &numpy_reference()["eigh_dc"];
    let n = r["n"].as_u64().unwrap() as usize;
    let w = linalg::eigh(&cos_sym(n)).unwrap().eigenvalues;
    assert_abs_diff_eq!(w, vec1(&r["cos_sym_values"]), epsilon = 1e-11);
    // Eigenvalues in pairs closer than 1e-13: the deflation and root-finding cases.
    let w = linalg::eigh(&glued_wilkinson(10, 21, 1e-10))
        .unwrap()
        .eigenvalues;
    assert_abs_diff_eq!(w, vec1(&r["glued_wilkinson_values"]), epsilon = 1e-11);
}

#[test]
fn eigvalsh_past_the_qr_leaves_matches_numpy() {
    // The same matrices as above through `eigvalsh`: the same tridiagonal reduction, then
    // the QR algorithm without vectors instead of divide and conquer.
    let r = &numpy_reference()["eigh_dc"];
    let n = r["n"].as_u64().unwrap() as usize;
    let w = linalg::eigvalsh(&cos_sym(n)).unwrap();
    assert_abs_diff_eq!(w, vec1(&r["cos_sym_values"]), epsilon = 1e-11);
    // In f32: about 100 eps_f32 ||A||_2.
    let w32 = linalg::eigvalsh(&cos_sym(n).mapv(|x| x as f32)).unwrap();
    assert_abs_diff_eq!(
        w32.mapv(f64::from),
        vec1(&r["cos_sym_values"]),
        epsilon = 1e-3
    );
    let w = linalg::eigvalsh(&glued_wilkinson(10, 21, 1e-10)).unwrap();
    assert_abs_diff_eq!(w, vec1(&r["glued_wilkinson_values"]), epsilon = 1e-11);
}

#[test]
fn qr_and_svdvals_of_a_tall_matrix_on_the_blocked_path_match_numpy() {
    // 300 x 150: two panels of 128 columns and the recursive 16-column leaves.
    let r = &numpy_reference()["qr_tall"];
    let (m, n) = (
        r["m"].as_u64().unwrap() as usize,
        r["n"].as_u64().unwrap() as usize,
    );
    let a = ndarray::Array2::from_shape_fn((m, n), |(i, j)| {
        let (x, y) = (i as f64, j as f64);
        (0.37 * x * y + 0.11 * (x + y)).cos() + if i == j { 2.0 } else { 0.0 }
    });
    let linalg::Qr { q, r: rr } = linalg::qr(&a).unwrap();
    assert_eq!((q.dim(), rr.dim()), ((m, n), (n, n)));
    // Backward stable on both sides: |R| agrees to a few eps ||A|| (||A||_F is about 175).
    let tol = 1e-12;
    assert_abs_diff_eq!(
        rr.diag().mapv(f64::abs),
        vec1(&r["r_abs_diagonal"]),
        epsilon = tol
    );
    assert_abs_diff_eq!(
        rr.row(0).mapv(f64::abs),
        vec1(&r["r_abs_first_row"]),
        epsilon = tol
    );
    assert_abs_diff_eq!(
        rr.column(n - 1).mapv(f64::abs),
        vec1(&r["r_abs_last_column"]),
        epsilon = tol
    );
    // m >= 2 n, n >= 128: svdvals of A are those of R, for A and for the wide A^T.
    assert_abs_diff_eq!(
        linalg::svdvals(&a).unwrap(),
        vec1(&r["svdvals"]),
        epsilon = tol
    );
    assert_abs_diff_eq!(
        linalg::svdvals(&a.t()).unwrap(),
        vec1(&r["svdvals"]),
        epsilon = tol
    );
}

#[test]
fn eig_of_a_nonsymmetric_matrix_finds_numpys_complex_pair() {
    let r = &numpy_reference()["decompose"];
    let a = mat2(&r["nonsymmetric"]);
    let mut w: Vec<linalg::Complex<f64>> = linalg::eig(&a).unwrap().eigenvalues.to_vec();
    w.sort_by(|x, y| (x.re, x.im).partial_cmp(&(y.re, y.im)).unwrap());
    let re = vec1(&r["eig_values_sorted_re"]);
    let im = vec1(&r["eig_values_sorted_im"]);
    assert!(
        im.iter().any(|v| v.abs() > 0.1),
        "the fixture has a complex pair"
    );
    for (i, wi) in w.iter().enumerate() {
        assert_abs_diff_eq!(wi.re, re[i], epsilon = 1e-12);
        assert_abs_diff_eq!(wi.im, im[i], epsilon = 1e-12);
    }
    let mut v: Vec<_> = linalg::eigvals(&a).unwrap().to_vec();
    v.sort_by(|x, y| (x.re, x.im).partial_cmp(&(y.re, y.im)).unwrap());
    for (x, y) in v.iter().zip(&w) {
        assert_abs_diff_eq!(x.re, y.re, epsilon = 1e-12);
        assert_abs_diff_eq!(x.im, y.im, epsilon = 1e-12);
    }
}

#[test]
fn vector_and_matrix_norms_match_numpy_for_every_order() {
    let r = &numpy_reference()["norms"];
    let x = vec1(&r["x"]);
    let v = &r["vector"];
    for (ord, key) in [
        (NormOrd::One, "1"),
        (NormOrd::Two, "2"),
        (NormOrd::Inf, "inf"),
        (NormOrd::NegInf, "-inf"),
        (NormOrd::P(3.0), "3"),
        (NormOrd::P(0.0), "0"),
        (NormOrd::P(0.5), "0.5"),
    ] {
        assert_relative_eq!(
            linalg::norm(&x, ord).unwrap(),
            f(&v[key]),
            max_relative = 1e-14
        );
    }
    let m = mat2(&r["m"]);
    let mm = &r["matrix"];
    for (ord, key) in [
        (NormOrd::Fro, "fro"),
        (NormOrd::Nuc, "nuc"),
        (NormOrd::One, "1"),
        (NormOrd::NegOne, "-1"),
        (NormOrd::Two, "2"),
        (NormOrd::NegTwo, "-2"),
        (NormOrd::Inf, "inf"),
        (NormOrd::NegInf, "-inf"),
    ] {
        assert_relative_eq!(
            linalg::norm(&m, ord).unwrap(),
            f(&mm[key]),
            max_relative = 1e-13
        );
    }
}

#[test]
fn condition_numbers_match_numpy_in_every_norm() {
    let r = &numpy_reference()["norms"];
    let sq = mat2(&r["sq"]);
    let c = &r["cond"];
    for (ord, key) in [
        (NormOrd::Two, "2"),
        (NormOrd::NegTwo, "-2"),
        (NormOrd::Fro, "fro"),
        (NormOrd::Nuc, "nuc"),
        (NormOrd::One, "1"),
        (NormOrd::Inf, "inf"),
    ] {
        assert_relative_eq!(
            linalg::cond(&sq, ord).unwrap(),
            f(&c[key]),
            max_relative = 1e-12
        );
    }
    assert_relative_eq!(
        linalg::cond(&mat2(&r["m"]), NormOrd::Two).unwrap(),
        f(&r["cond_rect"]),
        max_relative = 1e-12
    );
}
