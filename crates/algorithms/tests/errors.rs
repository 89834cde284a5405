//! Every error path: invalid hyperparameters and bad data are errors with messages that
//! name the problem, never panics.

use algorithms::Error;
use algorithms::kmeans::KMeans;
use algorithms::linear_regression::{GdParams, LinearRegression, Solver};
use algorithms::logistic_regression::{LogisticRegression, log_loss};
use algorithms::nn::{Activation, Dense, Init, Mlp, Network, Optimizer, softmax_cross_entropy};
use algorithms::pca::Pca;
use algorithms::statistics::{
    RowVar, bincount_weighted, bootstrap, choice, cov, histogram, quantile, seeded_rng,
};
use ndarray::{Array1, Array2, array};

fn x() -> Array2<f64> {
    array![[1.0, 2.0], [2.0, 1.0], [3.0, 5.0], [4.0, 3.0]]
}

#[test]
fn statistics_reject_bad_arguments() {
    let a = array![1.0, 2.0, 3.0];
    let e = quantile(&a, 1.5).unwrap_err();
    assert_eq!(
        e.to_string(),
        "quantile: q = 1.5 is invalid: must be in [0, 1]"
    );
    assert!(matches!(
        quantile(&Array1::<f64>::zeros(0), 0.5),
        Err(Error::Basics(_))
    ));
    let e = cov(&array![[1.0, 2.0]], RowVar::Columns, 1).unwrap_err();
    assert_eq!(e.to_string(), "cov: got 1 sample(s), need at least 2");
    assert!(matches!(
        histogram(&a, 0, None),
        Err(Error::InvalidParameter { name: "bins", .. })
    ));
    assert!(matches!(
        histogram(&a, 3, Some((2.0, 1.0))),
        Err(Error::InvalidParameter { name: "range", .. })
    ));
    assert!(matches!(
        histogram(&array![1.0, f64::NAN], 3, None),
        Err(Error::NonFinite { .. })
    ));
    assert!(matches!(
        bincount_weighted(&array![0, 1], &array![1.0], 0),
        Err(Error::ShapeMismatch { .. })
    ));
}

#[test]
fn sampling_rejects_impossible_requests() {
    let mut rng = seeded_rng(0);
    let none = None;
    let e = choice(&mut rng, 3, 5, false, none).unwrap_err();
    assert_eq!(
        e.to_string(),
        "choice: size = 5 is invalid: cannot take a larger sample than the population (3) when replace=false"
    );
    assert!(choice(&mut rng, 0, 1, true, none).is_err());
    assert!(choice(&mut rng, 3, 2, true, Some(array![1.0, 2.0].view())).is_err());
    assert!(choice(&mut rng, 3, 2, true, Some(array![1.0, -1.0, 1.0].view())).is_err());
    assert!(choice(&mut rng, 3, 2, true, Some(array![0.0, 0.0, 0.0].view())).is_err());
    assert!(choice(&mut rng, 3, 2, false, Some(array![0.0, 0.0, 1.0].view())).is_err());
    assert!(matches!(
        bootstrap(&mut rng, &x(), &array![0, 1], 4),
        Err(Error::ShapeMismatch { .. })
    ));
}

#[test]
fn linear_regression_rejects_bad_params_and_data() {
    let y = array![1.0, 2.0, 3.0, 4.0];
    let e = LinearRegression::ridge(-1.0).fit(&x(), &y).unwrap_err();
    assert_eq!(
        e.to_string(),
        "LinearRegression: alpha = -1 is invalid: must be finite and >= 0"
    );
    let gd = |lr, max_iter| {
        Solver::GradientDescent(GdParams {
            learning_rate: Some(lr),
            max_iter,
            tol: 0.0,
        })
    };
    assert!(matches!(
        LinearRegression::params().solver(gd(0.0, 10)).fit(&x(), &y),
        Err(Error::InvalidParameter {
            name: "learning_rate",
            ..
        })
    ));
    assert!(matches!(
        LinearRegression::params().solver(gd(0.1, 0)).fit(&x(), &y),
        Err(Error::InvalidParameter {
            name: "max_iter",
            ..
        })
    ));
    let e = LinearRegression::params()
        .fit(&x(), &array![1.0, 2.0])
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "LinearRegression::fit: shapes (4, 2) and (2,) are incompatible: x has 4 rows but y has 2 entries"
    );
    assert!(matches!(
        LinearRegression::params().fit(&array![[f64::NAN, 1.0]], &array![1.0]),
        Err(Error::NonFinite { .. })
    ));
    assert!(matches!(
        LinearRegression::params().fit(&Array2::<f64>::zeros((0, 2)), &Array1::zeros(0)),
        Err(Error::TooFewSamples { .. })
    ));
    // duplicated column: X^T X is singular for the normal equations, fine for lstsq
    let dup = array![[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]];
    let yy = array![1.0, 2.0, 3.0];
    let e = LinearRegression::params()
        .solver(Solver::NormalEquations)
        .fit(&dup, &yy)
        .unwrap_err();
    assert_eq!(e.to_string(), "solve: singular matrix");
    assert!(LinearRegression::params().fit(&dup, &yy).is_ok());
    // a far too large step diverges, and says so
    let e = LinearRegression::params()
        .solver(gd(100.0, 1000))
        .fit(&x(), &y)
        .unwrap_err();
    assert!(matches!(e, Error::Diverged { .. }), "{e}");
    let model = LinearRegression::params().fit(&x(), &y).unwrap();
    assert!(matches!(
        model.predict(&array![[1.0, 2.0, 3.0]]),
        Err(Error::ShapeMismatch { .. })
    ));
}

#[test]
fn logistic_regression_rejects_bad_params_and_labels() {
    let y = array![0, 1, 0, 1];
    let p = LogisticRegression::params;
    assert!(matches!(
        p().c(0.0).fit(&x(), &y),
        Err(Error::InvalidParameter { name: "C", .. })
    ));
    assert!(matches!(
        p().alpha(-1.0).fit(&x(), &y),
        Err(Error::InvalidParameter { name: "alpha", .. })
    ));
    assert!(matches!(
        p().learning_rate(-0.1).fit(&x(), &y),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        p().max_iter(0).fit(&x(), &y),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        p().batch_size(Some(0)).fit(&x(), &y),
        Err(Error::InvalidParameter { .. })
    ));
    let e = p().fit(&x(), &array![0, 0, 0, 0]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "LogisticRegression: y = labels 0..1 is invalid: need labels from at least 2 classes"
    );
    assert!(matches!(
        p().fit(&x(), &array![0, 1]),
        Err(Error::ShapeMismatch { .. })
    ));
    let e = p()
        .learning_rate(1e306)
        .max_iter(100)
        .fit(&(x() * 1e3), &y)
        .unwrap_err();
    assert!(matches!(e, Error::Diverged { .. }), "{e}");
    let e = log_loss(&array![[0.0, 1.0]], &array![2]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "log_loss: label 2 is out of range for 2 classes"
    );
    let clf = p().max_iter(10).fit(&x(), &y).unwrap();
    assert!(matches!(
        clf.predict(&array![[1.0]]),
        Err(Error::ShapeMismatch { .. })
    ));
}

#[test]
fn kmeans_rejects_bad_params_and_too_few_samples() {
    let e = KMeans::params(0).fit(&x()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "KMeans: n_clusters = 0 is invalid: must be at least 1"
    );
    assert!(matches!(
        KMeans::params(2).n_init(0).fit(&x()),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        KMeans::params(2).max_iter(0).fit(&x()),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        KMeans::params(2).tol(-1.0).fit(&x()),
        Err(Error::InvalidParameter { .. })
    ));
    let e = KMeans::params(5).fit(&x()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "KMeans::fit: got 4 sample(s), need at least 5"
    );
    assert!(matches!(
        KMeans::params(2).fit(&array![[f64::INFINITY, 0.0], [0.0, 0.0], [1.0, 1.0]]),
        Err(Error::NonFinite { .. })
    ));
    let km = KMeans::params(2).fit(&x()).unwrap();
    assert!(matches!(
        km.predict(&array![[1.0, 2.0, 3.0]]),
        Err(Error::ShapeMismatch { .. })
    ));
}

#[test]
fn pca_rejects_bad_component_counts_and_fractions() {
    let e = Pca::params(3).fit(&x()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "PCA: n_components = 3 is invalid: must be between 1 and min(n_samples, n_features) = 2"
    );
    assert!(matches!(
        Pca::params(0).fit(&x()),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        Pca::params(1.0).fit(&x()),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        Pca::params(1).fit(&array![[1.0, 2.0]]),
        Err(Error::TooFewSamples { .. })
    ));
    let p = Pca::params(1).fit(&x()).unwrap();
    assert!(matches!(
        p.transform(&array![[1.0]]),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        p.inverse_transform(&array![[1.0, 2.0]]),
        Err(Error::ShapeMismatch { .. })
    ));
}

#[test]
fn neural_network_pieces_reject_mismatched_shapes_and_bad_settings() {
    let y = array![0, 1, 0, 1];
    assert!(matches!(
        Mlp::params(&[2]).fit(&x(), &y),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        Mlp::params(&[2, 0, 2]).fit(&x(), &y),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        Mlp::params(&[3, 2]).fit(&x(), &y),
        Err(Error::ShapeMismatch { .. })
    ));
    let e = Mlp::params(&[2, 2])
        .fit(&x(), &array![0, 1, 2, 1])
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Mlp::fit: label 2 is out of range for 2 classes"
    );
    assert!(matches!(
        Mlp::params(&[2, 2]).batch_size(0).fit(&x(), &y),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        Mlp::params(&[2, 2]).epochs(0).fit(&x(), &y),
        Err(Error::InvalidParameter { .. })
    ));
    let bad = [
        Optimizer::sgd(0.1, 1.0),
        Optimizer::sgd(-1.0, 0.0),
        Optimizer::adam(0.0),
    ];
    for o in bad {
        assert!(matches!(
            Mlp::params(&[2, 2]).optimizer(o).fit(&x(), &y),
            Err(Error::InvalidParameter { .. })
        ));
    }
    let mut layer = Dense::<f64>::new(2, 3, Init::He, &mut rand::SeedableRng::seed_from_u64(0));
    assert!(matches!(
        layer.backward(&Array2::zeros((4, 3))),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        layer.forward(&Array2::zeros((4, 5))),
        Err(Error::ShapeMismatch { .. })
    ));
    layer.forward(&Array2::zeros((4, 2))).unwrap();
    assert!(matches!(
        layer.backward(&Array2::zeros((4, 2))),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(
        Activation::Relu
            .backward(&Array2::<f64>::zeros((2, 2)), &Array2::zeros((2, 3)))
            .is_err()
    );
    assert!(softmax_cross_entropy(&Array2::<f64>::zeros((2, 2)), &array![0, 5]).is_err());
    let mut net = Network::<f64>::new(&[2, 3, 2], Activation::Tanh, Init::Xavier, 0).unwrap();
    assert!(net.forward(&Array2::zeros((1, 3))).is_err());
    let model = Mlp::params(&[2, 2]).epochs(1).fit(&x(), &y).unwrap();
    assert!(matches!(
        model.predict(&array![[1.0]]),
        Err(Error::ShapeMismatch { .. })
    ));
}
