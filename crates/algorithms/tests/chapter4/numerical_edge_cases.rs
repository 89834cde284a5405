//! Numerical edge cases (issue 9), each with its defined behaviour. Expected values come
//! from mathematics: limits of the formulas (sigmoid(1e4) = 1, log(e^a + e^a) = a + ln 2,
//! -log(0) = inf), exact identities, and what NumPy/SciPy/scikit-learn return for the same
//! input where the answer is a convention (NaN for softmax of a row of -inf, like
//! `scipy.special.softmax`).

use algorithms::kmeans::KMeans;
use algorithms::linear_regression::{LinearRegression, Solver};
use algorithms::logistic_regression::{log_loss, log_sum_exp, sigmoid, softmax, softplus};
use algorithms::nn::softmax_cross_entropy;
use algorithms::pca::Pca;
use approx::assert_abs_diff_eq;
use ndarray::{Array2, array};

const INF: f64 = f64::INFINITY;

#[test]
fn sigmoid_saturates_exactly_at_plus_and_minus_1e4_and_infinity() {
    assert_eq!(sigmoid(1e4_f64), 1.0);
    assert_eq!(sigmoid(-1e4_f64), 0.0);
    assert_eq!(sigmoid(INF), 1.0);
    assert_eq!(sigmoid(-INF), 0.0);
    assert_eq!(sigmoid(1e4_f32), 1.0);
    assert_eq!(sigmoid(-1e4_f32), 0.0);
    assert!(sigmoid(f64::NAN).is_nan());
    // softplus(z) = log(1 + e^z): z for large z, e^z (here 0) for very negative z.
    assert_eq!(softplus(1e4_f64), 1e4);
    assert_eq!(softplus(-1e4_f64), 0.0);
}

#[test]
fn log_sum_exp_is_exact_at_1e4_and_handles_minus_infinity() {
    let z = array![
        [1e4, 1e4],
        [-1e4, -1e4],
        [-INF, 0.0],
        [-INF, -INF],
        [1e4, -INF],
        [INF, 0.0]
    ];
    let l = log_sum_exp(&z);
    let ln2 = 2f64.ln();
    assert_abs_diff_eq!(l[0], 1e4 + ln2, epsilon = 1e-9);
    assert_abs_diff_eq!(l[1], -1e4 + ln2, epsilon = 1e-9);
    assert_eq!(l[2], 0.0); // log(0 + 1)
    assert_eq!(l[3], -INF); // log(0)
    assert_eq!(l[4], 1e4);
    assert_eq!(l[5], INF);
}

#[test]
fn softmax_at_1e4_is_one_hot_and_minus_infinity_entries_get_zero_probability() {
    let p = softmax(&array![
        [1e4, -1e4, 0.0],
        [-INF, 0.0, 0.0],
        [1e4, 1e4, -INF]
    ]);
    assert_eq!(p.row(0).to_vec(), vec![1.0, 0.0, 0.0]);
    assert_eq!(p.row(1).to_vec(), vec![0.0, 0.5, 0.5]);
    assert_eq!(p.row(2).to_vec(), vec![0.5, 0.5, 0.0]);
    for row in p.rows() {
        assert_abs_diff_eq!(row.sum(), 1.0, epsilon = 1e-15);
    }
}

#[test]
fn softmax_of_a_row_of_only_minus_infinity_is_nan_like_scipy() {
    // No finite logit: the distribution is 0/0. scipy.special.softmax([-inf, -inf]) is
    // [nan, nan]; so is this, and other rows are unaffected.
    let p = softmax(&array![[-INF, -INF], [0.0, 0.0]]);
    assert!(p.row(0).iter().all(|v| v.is_nan()));
    assert_eq!(p.row(1).to_vec(), vec![0.5, 0.5]);
}

#[test]
fn cross_entropy_at_1e4_is_finite_and_exact() {
    // Logits (1e4, -1e4): loss of the right class is log(1 + e^-2e4) = 0 in f64, of the
    // wrong class 2e4; gradients are softmax - onehot, bounded by 1.
    let z: Array2<f64> = array![[1e4, -1e4], [1e4, -1e4]];
    let (loss, dz) = softmax_cross_entropy(&z, &array![0, 1]).unwrap();
    assert_abs_diff_eq!(loss, (0.0 + 2e4) / 2.0, epsilon = 1e-9);
    assert!(dz.iter().all(|g| g.is_finite() && g.abs() <= 0.5));
    assert_eq!(dz, array![[0.0, 0.0], [0.5, -0.5]]);
    assert_abs_diff_eq!(log_loss(&z, &array![0, 1]).unwrap(), 1e4, epsilon = 1e-9);
}

#[test]
fn cross_entropy_with_minus_infinity_logits_is_zero_or_infinite_as_minus_log_p() {
    // A -inf logit on a wrong class costs nothing; on the true class p = 0 and -log 0 = inf.
    let z = array![[0.0, -INF]];
    let (loss, dz) = softmax_cross_entropy(&z, &array![0]).unwrap();
    assert_eq!(loss, 0.0);
    assert_eq!(dz, array![[0.0, 0.0]]);
    let (loss, _) = softmax_cross_entropy(&z, &array![1]).unwrap();
    assert_eq!(loss, INF);
}

#[test]
fn kmeans_with_more_clusters_than_distinct_points_returns_duplicate_centres_and_zero_inertia() {
    // Six samples at two distinct points, three clusters: scikit-learn warns
    // "Number of distinct clusters (2) found smaller than n_clusters (3)" and returns
    // duplicated centres; so does this (no error, no NaN centre).
    let x: Array2<f64> = array![
        [0.0, 0.0],
        [0.0, 0.0],
        [0.0, 0.0],
        [5.0, 5.0],
        [5.0, 5.0],
        [5.0, 5.0]
    ];
    for init in [
        algorithms::kmeans::KMeansInit::KMeansPlusPlus,
        algorithms::kmeans::KMeansInit::Random,
    ] {
        let fit = KMeans::params(3).init(init).seed(7).fit(&x).unwrap();
        assert_eq!(fit.inertia(), 0.0);
        assert!(fit.centroids().iter().all(|v| v.is_finite()));
        for c in fit.centroids().rows() {
            assert!(
                c.to_vec() == vec![0.0, 0.0] || c.to_vec() == vec![5.0, 5.0],
                "{c}"
            );
        }
        let labels = fit.labels();
        assert_eq!(labels[0], labels[1]);
        assert_ne!(labels[0], labels[3]);
    }
    // All samples identical, two clusters: one point, zero inertia.
    let same = Array2::from_elem((4, 3), 1.5_f64);
    let fit = KMeans::params(2).seed(1).fit(&same).unwrap();
    assert_eq!(fit.inertia(), 0.0);
    assert!(fit.centroids().iter().all(|&v| v == 1.5));
}

#[test]
fn pca_of_rank_deficient_data_puts_all_variance_in_the_rank_and_reconstructs_exactly() {
    // Rank 1 in 3-D: every row is t * (1, 2, 3).
    let x = Array2::from_shape_fn((6, 3), |(i, j)| i as f64 * (j + 1) as f64);
    let fit = Pca::params(3).fit(&x).unwrap();
    let ratio = fit.explained_variance_ratio();
    assert_abs_diff_eq!(ratio[0], 1.0, epsilon = 1e-12);
    assert_abs_diff_eq!(ratio[1], 0.0, epsilon = 1e-12);
    assert_abs_diff_eq!(ratio[2], 0.0, epsilon = 1e-12);
    assert!(fit.components().iter().all(|v| v.is_finite()));
    // The first axis is (1, 2, 3)/sqrt(14), up to sign.
    let c0 = fit.components().row(0);
    let s = 14f64.sqrt();
    assert_abs_diff_eq!(c0[0].abs(), 1.0 / s, epsilon = 1e-12);
    assert_abs_diff_eq!(c0[2].abs(), 3.0 / s, epsilon = 1e-12);
    let back = fit.inverse_transform(&fit.transform(&x).unwrap()).unwrap();
    assert_abs_diff_eq!(back, x, epsilon = 1e-10);
}

#[test]
fn pca_of_constant_data_has_zero_variance_and_no_panic() {
    // No variance at all: explained_variance_ is 0; scikit-learn's ratio is 0/0 = nan.
    let x = Array2::from_elem((5, 2), 3.0_f64);
    let fit = Pca::params(2).fit(&x).unwrap();
    assert!(fit.explained_variance().iter().all(|&v| v.abs() < 1e-24));
    let ratio = fit.explained_variance_ratio();
    assert!(ratio.iter().all(|r| r.is_nan() || *r == 0.0), "{ratio}");
    let z = fit.transform(&x).unwrap();
    assert!(z.iter().all(|v| v.abs() < 1e-12));
}

#[test]
fn regression_with_collinear_features_gives_the_minimum_norm_solution_or_a_singular_error() {
    // x2 = 2 x1 and y = 3 x1 + 1: every w with w1 + 2 w2 = 3 fits exactly. lstsq (NumPy's
    // np.linalg.lstsq, scikit-learn's LinearRegression) returns the minimum-norm one,
    // w = 3 (1, 2) / 5.
    let x1 = array![0.0, 1.0, 2.0, 3.0, 4.0];
    let x = ndarray::stack![ndarray::Axis(1), x1, x1.mapv(|v| 2.0 * v)];
    let y = x1.mapv(|v| 3.0 * v + 1.0);
    let fit = LinearRegression::params().fit(&x, &y).unwrap();
    assert_abs_diff_eq!(fit.coef()[0], 0.6, epsilon = 1e-10);
    assert_abs_diff_eq!(fit.coef()[1], 1.2, epsilon = 1e-10);
    assert_abs_diff_eq!(fit.intercept(), 1.0, epsilon = 1e-10);
    assert_abs_diff_eq!(fit.predict(&x).unwrap(), y, epsilon = 1e-10);
    // The normal equations cannot: X^T X is singular, and that is an error, not garbage.
    let normal = LinearRegression::params()
        .solver(Solver::NormalEquations)
        .fit(&x, &y);
    assert!(normal.is_err(), "{normal:?}");
    // Ridge makes X^T X + alpha I invertible: a finite answer that still fits well.
    let ridge = LinearRegression::ridge(1e-6)
        .solver(Solver::NormalEquations)
        .fit(&x, &y)
        .unwrap();
    assert_abs_diff_eq!(ridge.coef()[0] + 2.0 * ridge.coef()[1], 3.0, epsilon = 1e-5);
}
