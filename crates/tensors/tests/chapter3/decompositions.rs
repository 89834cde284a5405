//! CP and Tucker on synthetic tensors of known rank: exact recovery (relative error below
//! 1e-8), monotone error curves, and the unfolding identities they rely on.

use approx::assert_abs_diff_eq;
use ndarray::{Array2, Array3, ArrayD, IxDyn};
use rand::{Rng, SeedableRng, rngs::StdRng};
use rand_distr::StandardNormal;
use tensors::decomp::*;

fn gaussian(shape: &[usize], rng: &mut StdRng) -> ArrayD<f64> {
    ArrayD::from_shape_simple_fn(IxDyn(shape), || rng.sample(StandardNormal))
}

fn matrix(rows: usize, cols: usize, rng: &mut StdRng) -> Array2<f64> {
    Array2::from_shape_simple_fn((rows, cols), || rng.sample(StandardNormal))
}

/// sum_r a[i, r] b[j, r] c[k, r] by explicit loops (not by the code under test).
fn cp_tensor_loops(a: &Array2<f64>, b: &Array2<f64>, c: &Array2<f64>) -> Array3<f64> {
    Array3::from_shape_fn((a.nrows(), b.nrows(), c.nrows()), |(i, j, k)| {
        (0..a.ncols())
            .map(|r| a[[i, r]] * b[[j, r]] * c[[k, r]])
            .sum()
    })
}

/// core x_0 U0 x_1 U1 x_2 U2 by explicit loops.
fn tucker_tensor_loops(core: &Array3<f64>, u: &[Array2<f64>; 3]) -> Array3<f64> {
    let (r0, r1, r2) = core.dim();
    Array3::from_shape_fn((u[0].nrows(), u[1].nrows(), u[2].nrows()), |(i, j, k)| {
        let mut s = 0.0;
        for p in 0..r0 {
            for q in 0..r1 {
                for t in 0..r2 {
                    s += core[[p, q, t]] * u[0][[i, p]] * u[1][[j, q]] * u[2][[k, t]];
                }
            }
        }
        s
    })
}

fn rel_err(a: &ArrayD<f64>, b: &ArrayD<f64>) -> f64 {
    let d: f64 = (a - b).iter().map(|v| v * v).sum::<f64>().sqrt();
    d / b.iter().map(|v| v * v).sum::<f64>().sqrt()
}

#[test]
fn cp_als_recovers_a_rank_3_tensor_to_below_1e_8() {
    let mut rng = StdRng::seed_from_u64(1);
    let (a, b, c) = (
        matrix(6, 3, &mut rng),
        matrix(7, 3, &mut rng),
        matrix(8, 3, &mut rng),
    );
    let x = cp_tensor_loops(&a, &b, &c).into_dyn();
    let cp = CpAls::new(3)
        .with_max_iter(500)
        .with_tol(1e-15)
        .fit(&x)
        .unwrap();
    let rec = cp.to_tensor().unwrap();
    assert!(
        rel_err(&rec, &x) < 1e-8,
        "relative error {}",
        rel_err(&rec, &x)
    );
    assert!(*cp.errors.last().unwrap() < 1e-8);
    assert_eq!(cp.n_params(), 3 * (6 + 7 + 8 + 1));
}

#[test]
fn cp_als_recovers_a_rank_2_four_way_tensor_from_a_random_start() {
    let mut rng = StdRng::seed_from_u64(2);
    let f: Vec<Array2<f64>> = [4, 5, 3, 6]
        .iter()
        .map(|&n| matrix(n, 2, &mut rng))
        .collect();
    let x = ArrayD::from_shape_fn(IxDyn(&[4, 5, 3, 6]), |ix| {
        (0..2)
            .map(|r| f[0][[ix[0], r]] * f[1][[ix[1], r]] * f[2][[ix[2], r]] * f[3][[ix[3], r]])
            .sum()
    });
    let cp = CpAls::new(2)
        .with_init(CpInit::Random { seed: 9 })
        .with_max_iter(1000)
        .with_tol(1e-15)
        .fit(&x)
        .unwrap();
    assert!(rel_err(&cp.to_tensor().unwrap(), &x) < 1e-8);
}

#[test]
fn cp_als_error_never_increases_on_a_noisy_tensor() {
    let mut rng = StdRng::seed_from_u64(3);
    let (a, b, c) = (
        matrix(8, 4, &mut rng),
        matrix(9, 4, &mut rng),
        matrix(10, 4, &mut rng),
    );
    let x = cp_tensor_loops(&a, &b, &c).into_dyn() + gaussian(&[8, 9, 10], &mut rng) * 0.1;
    for init in [CpInit::Svd { seed: 0 }, CpInit::Random { seed: 4 }] {
        let cp = CpAls::new(3)
            .with_init(init)
            .with_max_iter(60)
            .with_tol(0.0)
            .fit(&x)
            .unwrap();
        assert_eq!(cp.errors.len(), 60);
        for w in cp.errors.windows(2) {
            // ALS is monotone in exact arithmetic; allow rounding only.
            assert!(w[1] <= w[0] + 1e-12, "error went up: {} -> {}", w[0], w[1]);
        }
        let fits = cp.fits();
        assert_abs_diff_eq!(fits[0], 1.0 - cp.errors[0], epsilon = 1e-15);
    }
}

#[test]
fn hosvd_recovers_a_tucker_tensor_of_multilinear_rank_2_3_2_exactly() {
    let mut rng = StdRng::seed_from_u64(5);
    let core = gaussian(&[2, 3, 2], &mut rng)
        .into_dimensionality()
        .unwrap();
    let u = [
        matrix(6, 2, &mut rng),
        matrix(7, 3, &mut rng),
        matrix(5, 2, &mut rng),
    ];
    let x = tucker_tensor_loops(&core, &u).into_dyn();
    let t = tucker_hosvd(&x, &[2, 3, 2]).unwrap();
    assert!(t.errors[0] < 1e-8, "error {}", t.errors[0]);
    assert!(rel_err(&t.to_tensor().unwrap(), &x) < 1e-8);
    // The factors are orthonormal.
    for f in &t.factors {
        assert_abs_diff_eq!(f.t().dot(f), Array2::eye(f.ncols()), epsilon = 1e-12);
    }
    assert_eq!(t.ranks(), [2, 3, 2]);
    assert_eq!(t.n_params(), 2 * 3 * 2 + 6 * 2 + 7 * 3 + 5 * 2);
}

#[test]
fn hooi_recovers_the_same_tensor_and_its_error_never_increases_with_noise() {
    let mut rng = StdRng::seed_from_u64(6);
    let core = gaussian(&[3, 2, 2], &mut rng)
        .into_dimensionality()
        .unwrap();
    let u = [
        matrix(8, 3, &mut rng),
        matrix(6, 2, &mut rng),
        matrix(7, 2, &mut rng),
    ];
    let x = tucker_tensor_loops(&core, &u).into_dyn();
    let exact = tucker_hooi(&x, &[3, 2, 2]).unwrap();
    assert!(*exact.errors.last().unwrap() < 1e-8);

    let noisy = &x + &(gaussian(&[8, 6, 7], &mut rng) * 0.3);
    let t = Hooi::new(&[2, 2, 2])
        .with_max_iter(15)
        .with_tol(0.0)
        .fit(&noisy)
        .unwrap();
    assert_eq!(t.errors.len(), 16);
    for w in t.errors.windows(2) {
        assert!(
            w[1] <= w[0] + 1e-12,
            "HOOI error went up: {} -> {}",
            w[0],
            w[1]
        );
    }
    // The reported error is the error of the reconstruction.
    let direct = rel_err(&t.to_tensor().unwrap(), &noisy);
    assert_abs_diff_eq!(*t.errors.last().unwrap(), direct, epsilon = 1e-12);
}

#[test]
fn unfold_matches_the_index_formula_and_fold_inverts_it() {
    let x = ArrayD::from_shape_fn(IxDyn(&[2, 3, 4]), |ix| {
        (ix[0] * 100 + ix[1] * 10 + ix[2]) as f64
    });
    for mode in 0..3 {
        let m = unfold(&x, mode).unwrap();
        for i in 0..2 {
            for j in 0..3 {
                for k in 0..4 {
                    let (row, col) = match mode {
                        0 => (i, j * 4 + k),
                        1 => (j, i * 4 + k),
                        _ => (k, i * 3 + j),
                    };
                    assert_eq!(m[[row, col]], x[[i, j, k]]);
                }
            }
        }
        assert_eq!(fold(&m, mode, &[2, 3, 4]).unwrap(), x);
    }
}

#[test]
fn mode_dot_multiplies_every_fibre_like_the_explicit_sum() {
    let mut rng = StdRng::seed_from_u64(7);
    let x = gaussian(&[3, 4, 5], &mut rng);
    let m = matrix(2, 4, &mut rng);
    let y = mode_dot(&x, &m, 1).unwrap();
    for i in 0..3 {
        for p in 0..2 {
            for k in 0..5 {
                let s: f64 = (0..4).map(|j| m[[p, j]] * x[[i, j, k]]).sum();
                assert_abs_diff_eq!(y[[i, p, k]], s, epsilon = 1e-12);
            }
        }
    }
}

#[test]
fn khatri_rao_rows_are_products_of_rows_with_the_first_matrix_slowest() {
    let mut rng = StdRng::seed_from_u64(8);
    let (a, b, c) = (
        matrix(2, 3, &mut rng),
        matrix(3, 3, &mut rng),
        matrix(4, 3, &mut rng),
    );
    let kr = khatri_rao(&[a.view(), b.view(), c.view()]).unwrap();
    assert_eq!(kr.dim(), (24, 3));
    for i in 0..2 {
        for j in 0..3 {
            for k in 0..4 {
                for r in 0..3 {
                    assert_abs_diff_eq!(
                        kr[[i * 12 + j * 4 + k, r]],
                        a[[i, r]] * b[[j, r]] * c[[k, r]],
                        epsilon = 1e-15
                    );
                }
            }
        }
    }
}

#[test]
fn compression_ratio_is_elements_over_parameters() {
    let mut rng = StdRng::seed_from_u64(9);
    let x = gaussian(&[10, 12, 14], &mut rng);
    let t = tucker_hosvd(&x, &[2, 3, 4]).unwrap();
    let params = 2 * 3 * 4 + 10 * 2 + 12 * 3 + 14 * 4;
    assert_abs_diff_eq!(
        t.compression_ratio(),
        1680.0 / params as f64,
        epsilon = 1e-12
    );
    let cp = CpAls::new(2).with_max_iter(3).fit(&x).unwrap();
    assert_abs_diff_eq!(
        cp.compression_ratio(),
        1680.0 / (2.0 * 37.0),
        epsilon = 1e-12
    );
}

#[test]
fn decompositions_work_in_f32_too() {
    let x = Array3::from_shape_fn((5, 4, 3), |(i, j, k)| ((i + 1) * (j + 2) * (k + 1)) as f32);
    let cp = cp_als(&x, 1).unwrap();
    assert!(*cp.errors.last().unwrap() < 1e-5);
    let t = tucker_hosvd(&x, &[1, 1, 1]).unwrap();
    assert!(t.errors[0] < 1e-5);
}
