//! Property tests: shape invariants and agreement between variants, for random shapes.

use approx::abs_diff_eq;
use ndarray::{Array1, Array2, Axis};
use performance::memmap::column_stats;
use performance::memory::{moving_average, shares_memory, sliding_window_view};
use performance::stability::{log_sum_exp, softmax};
use performance::vectorization::*;
use proptest::prelude::*;

fn matrix(max_rows: usize, max_cols: usize) -> impl Strategy<Value = Array2<f64>> {
    (1..=max_rows, 1..=max_cols).prop_flat_map(|(n, p)| {
        prop::collection::vec(-10.0f64..10.0, n * p)
            .prop_map(move |v| Array2::from_shape_vec((n, p), v).unwrap())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_matmul_variant_agrees_with_the_naive_loop(a in matrix(9, 7), seed in 0usize..1000, n in 1usize..8) {
        let k = a.ncols();
        let b = Array2::from_shape_fn((k, n), |(i, j)| ((i * 7 + j * 3 + seed) % 11) as f64 - 5.0);
        let want = matmul_naive(&a, &b).unwrap();
        prop_assert_eq!(want.dim(), (a.nrows(), n));
        // |A| |B| bound: k * eps * 10 * 5 per element
        let tol = k as f64 * f64::EPSILON * 50.0 * 4.0;
        for got in [matmul_ikj(&a, &b).unwrap(), matmul_dot(&a, &b).unwrap(), matmul_par(&a, &b).unwrap()] {
            prop_assert!(abs_diff_eq!(got, want, epsilon = tol));
        }
    }

    #[test]
    fn distance_variants_agree_and_are_symmetric(x in matrix(8, 5)) {
        let d = pairwise_distances_naive(&x, &x).unwrap();
        prop_assert_eq!(d.dim(), (x.nrows(), x.nrows()));
        prop_assert!(abs_diff_eq!(d, d.t(), epsilon = 1e-12));
        prop_assert!(d.diag().iter().all(|&v| v == 0.0));
        prop_assert!(abs_diff_eq!(pairwise_distances_zip(&x, &x).unwrap(), d, epsilon = 1e-12));
        prop_assert!(abs_diff_eq!(pairwise_distances_par(&x, &x).unwrap(), d, epsilon = 1e-12));
        // the GEMM form cancels: absolute error ~ sqrt(eps * |x|^2) for near-zero distances
        let scale = x.iter().fold(0.0f64, |m, v| m.max(v.abs())) * (x.ncols() as f64).sqrt();
        prop_assert!(abs_diff_eq!(pairwise_distances_gemm(&x, &x).unwrap(), d, epsilon = 1e-6 * scale.max(1.0)));
    }

    #[test]
    fn standardise_variants_agree_and_give_zero_mean(x in matrix(20, 6)) {
        let want = standardize_naive(&x).unwrap();
        prop_assert_eq!(want.dim(), x.dim());
        let mut z = x.clone();
        standardize_zip(&mut z).unwrap();
        let mut p = x.clone();
        standardize_par(&mut p).unwrap();
        for got in [z, p, standardize_expr(&x).unwrap()] {
            prop_assert!(abs_diff_eq!(got, want, epsilon = 1e-9));
        }
        for col in want.columns() {
            prop_assert!(col.mean().unwrap().abs() < 1e-9);
        }
    }

    #[test]
    fn softmax_variants_agree_and_rows_sum_to_one(x in matrix(10, 8), shift in -1e4f64..1e4) {
        let x = x + shift;
        let want = softmax(&x, Axis(1));
        for got in [softmax_naive(&x).unwrap(), softmax_zip(&x).unwrap(), softmax_par(&x).unwrap()] {
            prop_assert_eq!(got.dim(), x.dim());
            prop_assert!(abs_diff_eq!(got, want, epsilon = 1e-12));
        }
        for (row, xr) in want.rows().into_iter().zip(x.rows()) {
            prop_assert!((row.sum() - 1.0).abs() < 1e-12);
            // log softmax_i = x_i - logsumexp(x)
            let lse = log_sum_exp(&xr);
            prop_assert!((row[0].ln() - (xr[0] - lse)).abs() < 1e-9 || row[0] < 1e-300);
        }
    }

    #[test]
    fn streaming_stats_do_not_depend_on_the_chunk_size(x in matrix(40, 4), chunk in 1usize..50) {
        let xf = x.mapv(|v| v as f32);
        let a = column_stats(xf.view(), chunk).unwrap();
        let b = column_stats(xf.view(), xf.nrows()).unwrap();
        prop_assert_eq!(a.count(), x.nrows());
        prop_assert!(abs_diff_eq!(a.mean(), b.mean(), epsilon = 1e-12));
        prop_assert!(abs_diff_eq!(a.var(0), b.var(0), epsilon = 1e-9));
    }

    #[test]
    fn windows_are_views_with_the_expected_shape(v in prop::collection::vec(-5.0f64..5.0, 1..50), w in 1usize..60) {
        let x = Array1::from(v);
        match sliding_window_view(x.view(), w) {
            Ok(win) => {
                prop_assert!(w <= x.len());
                prop_assert_eq!(win.dim(), (x.len() - w + 1, w));
                prop_assert!(shares_memory(&win, &x));
                for (i, row) in win.rows().into_iter().enumerate() {
                    prop_assert_eq!(row, x.slice(ndarray::s![i..i + w]));
                }
                let ma = moving_average(x.view(), w).unwrap();
                prop_assert_eq!(ma.len(), x.len() - w + 1);
            }
            Err(_) => prop_assert!(w > x.len()),
        }
    }
}

#[test]
fn slicing_shares_memory_and_select_copies() {
    let x = Array2::<f32>::zeros((4, 5));
    assert!(shares_memory(&x.slice(ndarray::s![1..3, ..]), &x));
    assert!(shares_memory(&x.t(), &x));
    assert!(!shares_memory(&x.select(Axis(0), &[0, 2]), &x));
    assert!(!shares_memory(&x.to_owned(), &x));
    // a strided window view of a strided input still points into it
    let y = Array1::from_iter((0..10).map(f64::from));
    let every_other = y.slice(ndarray::s![..;2]);
    let w = sliding_window_view(every_other, 2).unwrap();
    assert_eq!(w.row(1), ndarray::array![2.0, 4.0]);
}
