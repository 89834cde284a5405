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
use ndarray::{Array1, Array2, array, s};

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

#[test]
fn an_mlp_refuses_nan_or_infinity_anywhere_in_sparse_data() {
    // Mostly zeros, so the batches are packed and checked as they are packed; a NaN or an
    // infinity in any row, early or late, in a sparse batch or in a dense one among sparse
    // ones, must stop the fit with NonFinite.
    let sparse = |rows: usize| {
        Array2::from_shape_fn(
            (rows, 30),
            |(i, j)| if (i + j) % 10 == 0 { 0.5 } else { 0.0 },
        )
    };
    let y = Array1::from_shape_fn(200, |i| i % 2);
    let refused = |x: &Array2<f64>, case: &str| {
        let fit = Mlp::params(&[30, 4, 2]).batch_size(16).epochs(1).fit(x, &y);
        assert!(
            matches!(fit, Err(Error::NonFinite { op: "Mlp::fit" })),
            "{case}: {fit:?}"
        );
    };
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        for row in [0, 3, 150, 199] {
            let mut x = sparse(200);
            x[[row, 7]] = bad;
            refused(&x, &format!("{bad} in row {row}"));
        }
        // The last 40 rows dense: their batches go the dense way, checked there.
        let mut x = sparse(200);
        x.slice_mut(s![160.., ..]).fill(1.0);
        x[[180, 2]] = bad;
        refused(&x, &format!("{bad} in a dense batch"));
    }
    // And the same data without the bad value train.
    assert!(
        Mlp::params(&[30, 4, 2])
            .epochs(1)
            .fit(&sparse(200), &y)
            .is_ok()
    );
}

/// Hostile inputs (issue 9): every public array function of the chapter on empty arrays,
/// zero-length axes, NaN/inf, mismatched shapes, transposed and negative-stride views, and
/// sizes whose element count overflows `usize`. Each case returns the crate's error or the
/// right answer; a panic is caught and reported with the function and the case.
mod hostile {
    use algorithms::kmeans::{FittedKMeans, KMeans};
    use algorithms::linear_regression::{GdParams, LinearRegression, Solver};
    use algorithms::logistic_regression::{
        LogisticRegression, argmax_rows, log_loss, log_sum_exp, softmax,
    };
    use algorithms::metrics::{
        accuracy, cluster_purity, confusion_matrix, mean_squared_error, r2_score,
    };
    use algorithms::nn::{Activation, Init, Mlp, Network, softmax_cross_entropy};
    use algorithms::pca::{Pca, PcaSolver};
    use algorithms::statistics::{
        RowVar, bincount, bincount_weighted, bootstrap, choice, corrcoef, cov, histogram, quantile,
        quantiles_axis, seeded_rng,
    };
    use ndarray::{Array1, Array2, ArrayView2, array, s};
    use testkit::hostile::{Case, Want, run, same};

    fn err<T>(r: algorithms::Result<T>) -> Result<(), String> {
        r.map(drop).map_err(|e| e.to_string())
    }

    /// Labels 0, 1, 0, 1, ... one per row.
    fn labels(n: usize) -> Array1<usize> {
        Array1::from_iter((0..n).map(|i| i % 2))
    }

    /// A target that depends on the features: `2 x0 + 1` (or `i` without features).
    fn target(x: &ArrayView2<'_, f64>) -> Array1<f64> {
        Array1::from_iter(
            x.rows()
                .into_iter()
                .enumerate()
                .map(|(i, r)| r.first().map_or(i as f64, |v| 2.0 * v + 1.0)),
        )
    }

    type Op = fn(&ArrayView2<'_, f64>) -> algorithms::Result<Vec<f64>>;

    /// Every function of the chapter that takes a data matrix, reduced to numbers.
    fn ops() -> Vec<(&'static str, Op)> {
        vec![
            ("quantile", |x| Ok(vec![quantile(x, 0.3)?])),
            ("quantiles_axis", |x| {
                Ok(quantiles_axis(x, &[0.1, 0.5], 0)?.into_iter().collect())
            }),
            ("cov", |x| {
                Ok(cov(x, RowVar::Columns, 1)?.into_iter().collect())
            }),
            ("corrcoef", |x| {
                Ok(corrcoef(x, RowVar::Columns)?.into_iter().collect())
            }),
            ("histogram", |x| {
                Ok(histogram(x, 3, None)?
                    .counts
                    .iter()
                    .map(|&c| c as f64)
                    .collect())
            }),
            ("bootstrap", |x| {
                let b =
                    bootstrap::<_, f64, usize, _, _>(&mut seeded_rng(1), x, &labels(x.nrows()), 5)?;
                Ok(b.x.into_iter().collect())
            }),
            ("LinearRegression lstsq", |x| {
                let m = LinearRegression::params().fit(x, &target(x))?;
                Ok(m.predict(x)?.to_vec())
            }),
            ("LinearRegression normal equations", |x| {
                let m = LinearRegression::ridge(0.1)
                    .solver(Solver::NormalEquations)
                    .fit(x, &target(x))?;
                Ok(m.predict(x)?.to_vec())
            }),
            ("LinearRegression gradient descent", |x| {
                let gd = GdParams {
                    max_iter: 20,
                    ..GdParams::default()
                };
                let m = LinearRegression::params()
                    .solver(Solver::GradientDescent(gd))
                    .fit(x, &target(x))?;
                Ok(m.coef().to_vec())
            }),
            ("LinearRegression score", |x| {
                let m = LinearRegression::params().fit(x, &target(x))?;
                Ok(vec![m.score(x, &target(x))?])
            }),
            ("LogisticRegression", |x| {
                let m = LogisticRegression::params()
                    .max_iter(20)
                    .fit(x, &labels(x.nrows()))?;
                let mut v: Vec<f64> = m.predict_proba(x)?.into_iter().collect();
                v.push(m.log_loss(x, &labels(x.nrows()))?);
                Ok(v)
            }),
            ("KMeans", |x| {
                let m = KMeans::params(2).n_init(1).seed(0).fit(x)?;
                let mut v = vec![m.inertia()];
                v.extend(m.transform(x)?);
                v.extend(m.predict(x)?.iter().map(|&l| l as f64));
                Ok(v)
            }),
            ("FittedKMeans::from_centroids + lloyd_step", |x| {
                let c = x.slice(s![..x.nrows().min(1), ..]).to_owned();
                let m = FittedKMeans::from_centroids(c, x)?.lloyd_step(x)?;
                Ok(vec![m.inertia()])
            }),
            ("Pca svd", |x| {
                let m = Pca::params(1).solver(PcaSolver::Svd).fit(x)?;
                let z = m.transform(x)?;
                let mut v: Vec<f64> = m.explained_variance().to_vec();
                v.extend(m.inverse_transform(&z)?);
                Ok(v)
            }),
            ("Pca covariance eigh", |x| {
                let m = Pca::params(1).solver(PcaSolver::CovarianceEigh).fit(x)?;
                Ok(m.explained_variance().to_vec())
            }),
            ("log_loss", |x| Ok(vec![log_loss(x, &labels(x.nrows()))?])),
            ("softmax_cross_entropy", |x| {
                let (l, g) = softmax_cross_entropy(x, &labels(x.nrows()))?;
                let mut v = vec![l];
                v.extend(g);
                Ok(v)
            }),
            ("Activation::Tanh backward", |x| {
                let a = Activation::Tanh.forward(x);
                Ok(Activation::Tanh.backward(&a, x)?.into_iter().collect())
            }),
            ("Network forward/backward", |x| {
                let mut net =
                    Network::<f64>::new(&[x.ncols(), 3, 2], Activation::Relu, Init::He, 0)?;
                let z = net.forward(x)?;
                net.backward(&z)?;
                Ok(z.into_iter().collect())
            }),
            ("Mlp", |x| {
                let m = Mlp::params(&[x.ncols(), 3, 2])
                    .epochs(2)
                    .batch_size(2)
                    .fit(x, &labels(x.nrows()))?;
                let mut v: Vec<f64> = m.predict_proba(x)?.into_iter().collect();
                v.push(m.accuracy(x, &labels(x.nrows()))?);
                Ok(v)
            }),
        ]
    }

    /// Infallible row-wise functions: documented answers on any input.
    fn infallible(x: &ArrayView2<'_, f64>) -> Vec<f64> {
        let mut v: Vec<f64> = softmax(x).into_iter().collect();
        v.extend(log_sum_exp(x));
        v.extend(argmax_rows(x).iter().map(|&i| i as f64));
        v
    }

    fn data() -> Array2<f64> {
        array![
            [1.0, 2.0, 0.5],
            [2.0, 1.0, -1.0],
            [3.0, 5.0, 2.0],
            [4.0, 3.0, 0.0],
            [0.5, 4.0, 1.5],
            [6.0, 0.0, -2.0]
        ]
    }

    #[test]
    fn views_with_negative_and_non_unit_strides_give_the_same_answers_as_copies() {
        let x = data();
        let wide = Array2::from_shape_fn((3, 6), |(i, j)| x[[j, i]]);
        let views: Vec<(&str, ArrayView2<'_, f64>)> = vec![
            ("x[::-1, :]", x.slice(s![..;-1, ..])),
            ("x[:, ::-1]", x.slice(s![.., ..;-1])),
            ("wide.T", wide.t()),
            ("x[::-1, ::2]", x.slice(s![..;-1, ..;2])),
        ];
        let mut table: Vec<Case<'_>> = Vec::new();
        let mut all_ops = ops();
        all_ops.push(("softmax, log_sum_exp, argmax_rows", |x| Ok(infallible(x))));
        for (op, f) in all_ops {
            for (vname, v) in &views {
                let v = *v;
                table.push((
                    format!("{op}({vname})"),
                    Want::Ok,
                    Box::new(move || {
                        let copy = v.as_standard_layout().to_owned();
                        // Valid data: an error, even the same one on both, is a failure.
                        let got = f(&v).map_err(|e| format!("view: {e}"))?;
                        let want = f(&copy.view()).map_err(|e| format!("copy: {e}"))?;
                        same(&Ok(got), &Ok(want), 1e-9)
                    }),
                ));
            }
        }
        run(table);
    }

    /// The estimators (`fit`) reject empty and non-finite data. The NumPy-style functions
    /// follow NumPy: NaN/inf propagate (`np.quantile`, `np.cov`, elementwise activations,
    /// losses of given logits, resampling), and an empty input has a defined answer where
    /// NumPy gives one (`np.histogram([])` counts nothing over `[0, 1]`, the covariance of
    /// no variables is `(0, 0)`, the loss of an empty batch is 0, a network maps no rows
    /// to no rows).
    fn want_on_hostile_data(op: &str, input: &str) -> Want {
        let non_finite = input.contains("NaN") || input.contains("inf");
        let no_rows = input.starts_with("zeros((0,");
        let no_cols = input == "zeros((6, 0))";
        let ok = match op {
            "quantile" => non_finite,
            "quantiles_axis" | "cov" | "corrcoef" => non_finite || no_cols,
            "histogram" => no_rows || no_cols,
            "bootstrap" => non_finite || no_cols,
            "log_loss" | "softmax_cross_entropy" => non_finite || no_rows,
            "Activation::Tanh backward" => true,
            "Network forward/backward" => non_finite || input == "zeros((0, 3))",
            _ => false,
        };
        if ok { Want::Ok } else { Want::Err }
    }

    #[test]
    fn empty_and_non_finite_data_are_errors_or_numpys_answer_for_every_function() {
        let mut nan = data();
        nan[[2, 1]] = f64::NAN;
        let mut inf = data();
        inf[[0, 0]] = f64::NEG_INFINITY;
        let inputs: Vec<(String, Array2<f64>)> = vec![
            ("zeros((0, 0))".into(), Array2::zeros((0, 0))),
            ("zeros((0, 3))".into(), Array2::zeros((0, 3))),
            ("zeros((6, 0))".into(), Array2::zeros((6, 0))),
            ("NaN at (2, 1)".into(), nan),
            ("-inf at (0, 0)".into(), inf),
        ];
        let mut table: Vec<Case<'_>> = Vec::new();
        for (op, f) in ops() {
            for (iname, x) in &inputs {
                table.push((
                    format!("{op}({iname})"),
                    want_on_hostile_data(op, iname),
                    Box::new(move || f(&x.view()).map(drop).map_err(|e| e.to_string())),
                ));
            }
        }
        run(table);
    }

    #[test]
    fn row_wise_softmax_functions_give_documented_answers_on_empty_and_infinite_rows() {
        // No rows: empty results. Rows of no classes: log-sum-exp of nothing is -inf (as
        // scipy.special.logsumexp), softmax of nothing is empty; argmax of an empty row has
        // no answer, so `argmax_rows` returns... (checked below: it must not panic).
        let table: Vec<Case<'_>> = vec![
            (
                "infallible((0, 3))".into(),
                Want::Ok,
                Box::new(|| {
                    let v = infallible(&Array2::<f64>::zeros((0, 3)).view());
                    if v.is_empty() {
                        Ok(())
                    } else {
                        Err(format!("{v:?}"))
                    }
                }),
            ),
            (
                "log_sum_exp((2, 0))".into(),
                Want::Ok,
                Box::new(|| {
                    let v = log_sum_exp(&Array2::<f64>::zeros((2, 0)));
                    if v.iter().all(|&x| x == f64::NEG_INFINITY) {
                        Ok(())
                    } else {
                        Err(format!("{v:?}"))
                    }
                }),
            ),
            (
                "softmax((2, 0))".into(),
                Want::Ok,
                Box::new(|| {
                    let v = softmax(&Array2::<f64>::zeros((2, 0)));
                    if v.dim() == (2, 0) {
                        Ok(())
                    } else {
                        Err(format!("{v:?}"))
                    }
                }),
            ),
            (
                "softmax of a row of -inf".into(),
                Want::Ok,
                Box::new(|| {
                    let v = softmax(&array![[f64::NEG_INFINITY, f64::NEG_INFINITY]]);
                    // NumPy/SciPy: nan (0/0); we check only that it does not panic.
                    let _ = v;
                    Ok(())
                }),
            ),
        ];
        run(table);
    }

    #[test]
    fn mismatched_shapes_and_labels_are_errors() {
        let x = data();
        let y3 = array![1.0, 2.0, 3.0];
        let l3 = array![0usize, 1, 0];
        let l6 = labels(6);
        let fitted_lr = LinearRegression::params()
            .fit(&x, &target(&x.view()))
            .unwrap();
        let fitted_km = KMeans::params(2).seed(0).fit(&x).unwrap();
        let fitted_pca = Pca::params(2).fit(&x).unwrap();
        let x2 = x.slice(s![.., ..2]);
        let table: Vec<Case<'_>> = vec![
            (
                "LinearRegression fit y short".into(),
                Want::Err,
                Box::new(|| err(LinearRegression::params().fit(&x, &y3))),
            ),
            (
                "LogisticRegression fit y short".into(),
                Want::Err,
                Box::new(|| err(LogisticRegression::params().fit(&x, &l3))),
            ),
            (
                "Mlp fit y short".into(),
                Want::Err,
                Box::new(|| err(Mlp::params(&[3, 2]).fit(&x, &l3))),
            ),
            (
                "Mlp wrong n_inputs".into(),
                Want::Err,
                Box::new(|| err(Mlp::params(&[5, 2]).fit(&x, &l6))),
            ),
            (
                "predict with 2 features".into(),
                Want::Err,
                Box::new(|| err(fitted_lr.predict(&x2))),
            ),
            (
                "KMeans predict with 2 features".into(),
                Want::Err,
                Box::new(|| err(fitted_km.predict(&x2))),
            ),
            (
                "Pca transform with 2 features".into(),
                Want::Err,
                Box::new(|| err(fitted_pca.transform(&x2))),
            ),
            (
                "Pca inverse_transform with 3 components".into(),
                Want::Err,
                Box::new(|| err(fitted_pca.inverse_transform(&x))),
            ),
            (
                "from_centroids 2 features".into(),
                Want::Err,
                Box::new(|| err(FittedKMeans::from_centroids(x2.to_owned(), &x))),
            ),
            (
                "log_loss label 7 of 3 classes".into(),
                Want::Err,
                Box::new(|| err(log_loss(&x, &array![7usize, 0, 0, 0, 0, 0]))),
            ),
            (
                "softmax_cross_entropy y short".into(),
                Want::Err,
                Box::new(|| err(softmax_cross_entropy(&x, &l3))),
            ),
            (
                "Activation backward shapes".into(),
                Want::Err,
                Box::new(|| err(Activation::Relu.backward(&x, &x2))),
            ),
            (
                "accuracy lengths".into(),
                Want::Err,
                Box::new(|| err(accuracy(&l3, &l6))),
            ),
            (
                "confusion_matrix lengths".into(),
                Want::Err,
                Box::new(|| err(confusion_matrix(&l3, &l6, 2))),
            ),
            (
                "confusion_matrix label >= n_classes".into(),
                Want::Err,
                Box::new(|| err(confusion_matrix(&l6, &l6, 1))),
            ),
            (
                "cluster_purity lengths".into(),
                Want::Err,
                Box::new(|| err(cluster_purity(&l3, &l6))),
            ),
            (
                "r2_score lengths".into(),
                Want::Err,
                Box::new(|| err(r2_score(&y3, &array![1.0]))),
            ),
            (
                "mean_squared_error lengths".into(),
                Want::Err,
                Box::new(|| err(mean_squared_error(&y3, &array![1.0]))),
            ),
            (
                "bincount_weighted lengths".into(),
                Want::Err,
                Box::new(|| err(bincount_weighted(&l3, &array![1.0], 0))),
            ),
            (
                "bootstrap rows".into(),
                Want::Err,
                Box::new(|| {
                    err(bootstrap::<_, f64, usize, _, _>(
                        &mut seeded_rng(0),
                        &x,
                        &l3,
                        2,
                    ))
                }),
            ),
            (
                "choice p wrong length".into(),
                Want::Err,
                Box::new(|| {
                    err(choice(
                        &mut seeded_rng(0),
                        3,
                        2,
                        true,
                        Some(array![1.0].view()),
                    ))
                }),
            ),
            (
                "quantiles_axis axis 2".into(),
                Want::Err,
                Box::new(|| err(quantiles_axis(&x, &[0.5], 2))),
            ),
            (
                "metrics on empty labels".into(),
                Want::Err,
                Box::new(|| {
                    err(accuracy(
                        &Array1::<usize>::zeros(0),
                        &Array1::<usize>::zeros(0),
                    ))
                }),
            ),
            (
                "r2_score on empty".into(),
                Want::Err,
                Box::new(|| err(r2_score(&Array1::<f64>::zeros(0), &Array1::<f64>::zeros(0)))),
            ),
            (
                "mean_squared_error on empty".into(),
                Want::Err,
                Box::new(|| {
                    err(mean_squared_error(
                        &Array1::<f64>::zeros(0),
                        &Array1::<f64>::zeros(0),
                    ))
                }),
            ),
            (
                "cluster_purity on empty".into(),
                Want::Err,
                Box::new(|| {
                    err(cluster_purity(
                        &Array1::<usize>::zeros(0),
                        &Array1::<usize>::zeros(0),
                    ))
                }),
            ),
        ];
        run(table);
    }

    #[test]
    fn sizes_whose_element_count_overflows_usize_are_errors() {
        let l = array![0usize, 1];
        let huge = array![usize::MAX];
        let table: Vec<Case<'_>> = vec![
            (
                "confusion_matrix n_classes 2^33".into(),
                Want::Err,
                Box::new(|| err(confusion_matrix(&l, &l, 1 << 33))),
            ),
            (
                "bincount label usize::MAX".into(),
                Want::Err,
                Box::new(|| err(bincount(&huge, 0))),
            ),
            (
                "bincount minlength usize::MAX".into(),
                Want::Err,
                Box::new(|| err(bincount(&l, usize::MAX))),
            ),
            (
                "bincount_weighted label usize::MAX".into(),
                Want::Err,
                Box::new(|| err(bincount_weighted(&huge, &array![1.0], 0))),
            ),
            (
                "bincount_weighted minlength usize::MAX".into(),
                Want::Err,
                Box::new(|| err(bincount_weighted(&l, &array![1.0, 1.0], usize::MAX))),
            ),
            (
                "histogram bins usize::MAX".into(),
                Want::Err,
                Box::new(|| err(histogram(&array![1.0, 2.0], usize::MAX, None))),
            ),
            (
                "choice size usize::MAX".into(),
                Want::Err,
                Box::new(|| err(choice(&mut seeded_rng(0), 3, usize::MAX, true, None))),
            ),
            (
                "Network (2^33, 2^33)".into(),
                Want::Err,
                Box::new(|| {
                    err(Network::<f64>::new(
                        &[1 << 33, 1 << 33],
                        Activation::Relu,
                        Init::He,
                        0,
                    ))
                }),
            ),
            (
                "Mlp (2^33, 2^33)".into(),
                Want::Err,
                Box::new(|| {
                    err(Mlp::params(&[1 << 33, 1 << 33]).fit(&Array2::<f64>::zeros((2, 0)), &l))
                }),
            ),
            (
                "KMeans n_clusters usize::MAX".into(),
                Want::Err,
                Box::new(|| err(KMeans::params(usize::MAX).fit(&data()))),
            ),
            (
                "Pca n_components usize::MAX".into(),
                Want::Err,
                Box::new(|| err(Pca::params(usize::MAX).fit(&data()))),
            ),
        ];
        run(table);
    }
}
