//! Linear regression on Iris with `matmul` + `solve` (normal equations), then with `lstsq`.
//!
//! Petal width from sepal length, sepal width and petal length, with an intercept; the
//! coefficients, intercept and R^2 are checked against scikit-learn 1.9.1
//! (`fixtures/reference/iris_reference.json`) to 1e-8.
//!
//! The NumPy it reproduces:
//!
//! ```python
//! X = np.column_stack([np.ones(150), iris.data[:, :3]])
//! y = iris.data[:, 3]
//! w = np.linalg.solve(X.T @ X, X.T @ y)              # normal equations
//! w2, res, rank, s = np.linalg.lstsq(X, y, rcond=None)
//! r2 = 1 - ((y - X @ w) ** 2).sum() / ((y - y.mean()) ** 2).sum()
//! ```
//!
//! Run: `cargo run --release -p linalg --example linreg_normal_equations`

use ndarray::{Array1, Array2, Axis, concatenate, s};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let iris = datasets::iris::load();
    // X = np.column_stack([np.ones(150), iris.data[:, :3]]); y = iris.data[:, 3]
    let features = iris.data.slice(s![.., ..3]);
    let x = concatenate![
        Axis(1),
        Array2::<f64>::ones((features.nrows(), 1)),
        features
    ];
    let y = iris.data.column(3).to_owned();
    println!(
        "Iris: X is {:?} (intercept column + 3 features), y is {:?}",
        x.dim(),
        y.dim()
    );

    // w = np.linalg.solve(X.T @ X, X.T @ y)
    let xtx = linalg::matmul(&x.t(), &x)?;
    let xty = linalg::matmul(&x.t(), &y)?;
    let w_normal = linalg::solve(&xtx, &xty)?;

    // w2, res, rank, s = np.linalg.lstsq(X, y, rcond=None)
    let fit = linalg::lstsq(&x, &y, None)?;
    let w_lstsq = &fit.solution;

    let r2_normal = r2(&y, &linalg::matmul(&x, &w_normal)?);
    let r2_lstsq = r2(&y, &linalg::matmul(&x, w_lstsq)?);

    // The reference, computed with scikit-learn's LinearRegression.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/reference/iris_reference.json"
    );
    let reference: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let reference = &reference["linear_regression_petal_width"];
    let sk_intercept = reference["intercept"].as_f64().unwrap_or(f64::NAN);
    let sk_coef: Vec<f64> = reference["coef"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_f64()).collect())
        .unwrap_or_default();
    let sk_r2 = reference["r2"].as_f64().unwrap_or(f64::NAN);

    println!();
    println!(
        "{:<22} {:>14} {:>14} {:>14}",
        "", "normal eq.", "lstsq (SVD)", "scikit-learn"
    );
    let names = [
        "intercept",
        "sepal length (cm)",
        "sepal width (cm)",
        "petal length (cm)",
    ];
    let sk = std::iter::once(sk_intercept).chain(sk_coef.iter().copied());
    for ((name, sk), i) in names.iter().zip(sk).zip(0..) {
        println!(
            "{name:<22} {:>14.10} {:>14.10} {sk:>14.10}",
            w_normal[i], w_lstsq[i]
        );
    }
    println!(
        "{:<22} {r2_normal:>14.10} {r2_lstsq:>14.10} {sk_r2:>14.10}",
        "R^2"
    );

    let max_diff = std::iter::once(w_normal[0] - sk_intercept)
        .chain(w_normal.iter().skip(1).zip(&sk_coef).map(|(a, b)| a - b))
        .chain([r2_normal - sk_r2])
        .fold(0.0f64, |m, d| m.max(d.abs()));
    let max_diff_lstsq = std::iter::once(w_lstsq[0] - sk_intercept)
        .chain(w_lstsq.iter().skip(1).zip(&sk_coef).map(|(a, b)| a - b))
        .chain([r2_lstsq - sk_r2])
        .fold(0.0f64, |m, d| m.max(d.abs()));

    // Why the two agree here, and when they would not: cond(X^T X) = cond(X)^2.
    let cond_x = linalg::cond(&x, linalg::NormOrd::Two)?;
    let cond_xtx = linalg::cond(&xtx, linalg::NormOrd::Two)?;
    println!();
    println!(
        "cond(X) = {cond_x:.1}, cond(X^T X) = {cond_xtx:.1} (= cond(X)^2 = {:.1})",
        cond_x * cond_x
    );
    println!(
        "lstsq: rank {}, singular values {:.4}, residual sum of squares {:.6}",
        fit.rank, fit.singular_values, fit.residuals[0]
    );
    println!(
        "max |difference| with scikit-learn: normal equations {max_diff:.2e}, lstsq {max_diff_lstsq:.2e}"
    );
    let ok = max_diff < 1e-8 && max_diff_lstsq < 1e-8;
    println!(
        "{}",
        if ok {
            "both match scikit-learn to 1e-8"
        } else {
            "MISMATCH with scikit-learn"
        }
    );

    println!();
    println!("result: intercept = {:.12}", w_normal[0]);
    println!("result: coef = {}", json(w_normal.slice(s![1..]).iter()));
    println!("result: r2 = {r2_normal:.12}");
    println!(
        "result: lstsq_coef_with_intercept_first = {}",
        json(w_lstsq.iter())
    );
    println!("result: lstsq_r2 = {r2_lstsq:.12}");
    println!("result: lstsq_rank = {}", fit.rank);
    println!("result: cond_x = {cond_x:.6}");
    println!(
        "result: max_abs_diff_vs_sklearn = {:.3e}",
        max_diff.max(max_diff_lstsq)
    );
    println!("result: matches_sklearn_1e-8 = {ok}");
    if !ok {
        std::process::exit(1);
    }
    Ok(())
}

/// R^2 = 1 - SS_res / SS_tot.
fn r2(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    let mean = y.mean().unwrap_or(0.0);
    let ss_res = (y - y_hat).mapv(|v| v * v).sum();
    let ss_tot = y.mapv(|v| (v - mean) * (v - mean)).sum();
    1.0 - ss_res / ss_tot
}

fn json<'a>(values: impl Iterator<Item = &'a f64>) -> String {
    let items: Vec<String> = values.map(|v| format!("{v:.12}")).collect();
    format!("[{}]", items.join(", "))
}
