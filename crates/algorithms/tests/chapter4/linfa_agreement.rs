//! The same fits with linfa 0.8.1 (linfa-linear, linfa-logistic, linfa-clustering,
//! linfa-reduction) on the same data: two independent Rust implementations must agree.

use algorithms::kmeans::KMeans;
use algorithms::linear_regression::LinearRegression;
use algorithms::logistic_regression::LogisticRegression;
use algorithms::pca::{Pca, PcaSolver};
use approx::assert_abs_diff_eq;
use linfa::Dataset;
use linfa::prelude::*;
use ndarray::{Axis, s};
use rand::SeedableRng;

#[test]
fn linear_regression_agrees_with_linfa_linear() {
    let iris = datasets::iris::load();
    let x = iris.data.slice(s![.., ..3]).to_owned();
    let y = iris.data.column(3).to_owned();
    let theirs = linfa_linear::LinearRegression::new()
        .fit(&Dataset::new(x.clone(), y.clone()))
        .unwrap();
    let ours = LinearRegression::params().fit(&x, &y).unwrap();
    assert_abs_diff_eq!(*ours.coef(), *theirs.params(), epsilon = 1e-9);
    assert_abs_diff_eq!(ours.intercept(), theirs.intercept(), epsilon = 1e-9);

    let theirs = linfa_linear::LinearRegression::new()
        .with_intercept(false)
        .fit(&Dataset::new(x.clone(), y.clone()))
        .unwrap();
    let ours = LinearRegression::params()
        .fit_intercept(false)
        .fit(&x, &y)
        .unwrap();
    assert_abs_diff_eq!(*ours.coef(), *theirs.params(), epsilon = 1e-9);
}

#[test]
fn multinomial_logistic_regression_agrees_with_linfa_logistic() {
    // linfa minimises sum(loss) + alpha/2 ||W||^2: alpha = 1 is scikit-learn's C = 1.
    let iris = datasets::iris::load();
    let x = basics::preprocessing::StandardScaler::new()
        .fit(&iris.data)
        .unwrap()
        .transform(&iris.data)
        .unwrap();
    let theirs = linfa_logistic::MultiLogisticRegression::default()
        .alpha(1.0)
        .max_iterations(1000)
        .gradient_tolerance(1e-8)
        .fit(&Dataset::new(x.clone(), iris.target.clone()))
        .unwrap();
    let ours = LogisticRegression::params()
        .c(1.0)
        .learning_rate(1.0)
        .max_iter(50_000)
        .tol(1e-9)
        .fit(&x, &iris.target)
        .unwrap();
    let p_theirs = theirs.predict_probabilities(&x);
    let p_ours = ours.predict_proba(&x).unwrap();
    // linfa's class order is the sorted labels 0, 1, 2, as ours
    assert_abs_diff_eq!(p_ours, p_theirs, epsilon = 1e-4);
    assert_eq!(ours.predict(&x).unwrap(), theirs.predict(&x));
}

#[test]
fn kmeans_agrees_with_linfa_clustering_on_iris_inertia() {
    let iris = datasets::iris::load();
    let rng = rand::rngs::StdRng::seed_from_u64(42);
    let theirs = linfa_clustering::KMeans::params_with_rng(3, rng)
        .n_runs(10)
        .tolerance(1e-6)
        .fit(&DatasetBase::from(iris.data.clone()))
        .unwrap();
    let ours = KMeans::params(3)
        .n_init(10)
        .seed(42)
        .fit(&iris.data)
        .unwrap();
    // linfa's inertia is the mean squared distance, ours (like scikit-learn's) the sum
    assert_abs_diff_eq!(ours.inertia() / 150.0, theirs.inertia(), epsilon = 1e-6);
    let mut a = ours.centroids().clone();
    let mut b = theirs.centroids().clone();
    for m in [&mut a, &mut b] {
        let mut order: Vec<usize> = (0..3).collect();
        order.sort_by(|&i, &j| m[[i, 0]].total_cmp(&m[[j, 0]]));
        *m = m.select(Axis(0), &order);
    }
    assert_abs_diff_eq!(a, b, epsilon = 1e-6);
}

#[test]
fn pca_agrees_with_linfa_reduction_up_to_sign() {
    let digits = datasets::digits::load();
    let theirs = linfa_reduction::Pca::params(5)
        .fit(&DatasetBase::from(digits.data.clone()))
        .unwrap();
    for solver in [PcaSolver::Svd, PcaSolver::CovarianceEigh] {
        let ours = Pca::params(5).solver(solver).fit(&digits.data).unwrap();
        // linfa 0.8.1 divides by the variance of the *kept* components, scikit-learn (and
        // this crate) by the total variance: compare after renormalising ours
        let ratio = ours.explained_variance_ratio();
        assert_abs_diff_eq!(
            ratio / ratio.sum(),
            theirs.explained_variance_ratio(),
            epsilon = 1e-9
        );
        assert_abs_diff_eq!(
            *ours.singular_values(),
            *theirs.singular_values(),
            epsilon = 1e-7
        );
        // components equal up to the sign of each row
        for (a, b) in ours
            .components()
            .outer_iter()
            .zip(theirs.components().outer_iter())
        {
            let sign = a.dot(&b).signum();
            assert_abs_diff_eq!(a.to_owned(), b.to_owned() * sign, epsilon = 1e-8);
        }
    }
}
