//! Petal width from the other three Iris measurements, by normal equations, by `lstsq`
//! and by batch gradient descent, side by side; gradient descent's convergence printed.
//!
//! NumPy / scikit-learn:
//! ```python
//! X, y = iris.data[:, :3], iris.data[:, 3]
//! X1 = np.c_[np.ones(len(X)), X]
//! w = np.linalg.solve(X1.T @ X1, X1.T @ y)                 # normal equations
//! w, *_ = np.linalg.lstsq(X1, y, rcond=None)               # least squares
//! model = LinearRegression().fit(X, y); model.score(X, y)  # R^2 = 0.93785
//! # gradient descent on centred data, step 1/L
//! for it in range(max_iter):
//!     w -= lr * Xc.T @ (Xc @ w - yc) / n
//! ```
//!
//! Run: `cargo run --release -p algorithms --example linear_regression_iris`

mod common;

use algorithms::linear_regression::{GdParams, LinearRegression, Solver};
use common::or_exit;
use ndarray::s;

fn main() {
    let iris = datasets::iris::load();
    let x = iris.data.slice(s![.., ..3]);
    let y = iris.data.column(3);
    println!("petal width ~ sepal length + sepal width + petal length  (150 flowers)\n");

    let solvers = [
        ("normal equations", Solver::NormalEquations),
        ("lstsq (SVD)", Solver::Lstsq),
        (
            "gradient descent",
            Solver::GradientDescent(GdParams {
                learning_rate: None,
                max_iter: 20_000,
                tol: 1e-12,
            }),
        ),
    ];
    println!(
        "{:<18} {:>12} {:>12} {:>12} {:>13} {:>10}",
        "solver", "w_sepal_len", "w_sepal_wid", "w_petal_len", "intercept", "R^2"
    );
    let mut gd_model = None;
    for (name, solver) in solvers {
        let m = or_exit(LinearRegression::params().solver(solver).fit(&x, &y));
        let r2 = or_exit(m.score(&x, &y));
        println!(
            "{:<18} {:>12.8} {:>12.8} {:>12.8} {:>13.8} {:>10.8}",
            name,
            m.coef()[0],
            m.coef()[1],
            m.coef()[2],
            m.intercept(),
            r2
        );
        if matches!(solver, Solver::GradientDescent(_)) {
            gd_model = Some(m);
        }
    }
    println!(
        "{:<18} {:>12.8} {:>12.8} {:>12.8} {:>13.8} {:>10.8}",
        "scikit-learn 1.9.1",
        -0.20726607375742606,
        0.22282854386092998,
        0.5240831147784291,
        -0.24030738911226113,
        0.9378502736046809
    );

    let gd = gd_model.expect("gradient descent ran");
    println!("\ngradient descent convergence (objective ||Xc w - yc||^2 / 2n, step 1/L):");
    let hist = gd.loss_history();
    let mut it = 1;
    while it <= hist.len() {
        println!("  iteration {:>6}: {:.12}", it - 1, hist[it - 1]);
        it *= 4;
    }
    println!(
        "  stopped after {} iterations (gradient norm <= 1e-12)",
        gd.n_iter()
    );

    let ridge = or_exit(LinearRegression::ridge(10.0).fit(&x, &y));
    println!(
        "\nridge, alpha = 10: coef {:.6}, intercept {:.6}  (Ridge(alpha=10).fit(X, y))",
        ridge.coef(),
        ridge.intercept()
    );

    let ols = or_exit(LinearRegression::params().fit(&x, &y));
    let r2 = or_exit(ols.score(&x, &y));
    println!(
        "result: coef = [{}, {}, {}]",
        ols.coef()[0],
        ols.coef()[1],
        ols.coef()[2]
    );
    println!("result: intercept = {}", ols.intercept());
    println!("result: r2 = {r2}");
    println!("result: gd_iterations = {}", gd.n_iter());
    println!(
        "result: gd_max_coef_error = {}",
        (gd.coef() - ols.coef())
            .mapv(f64::abs)
            .fold(0.0_f64, |a, &b| a.max(b))
    );
}
