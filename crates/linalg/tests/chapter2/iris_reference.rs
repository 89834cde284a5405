//! Iris against scikit-learn 1.9.1 / NumPy 2.4.6 (`fixtures/reference/iris_reference.json`):
//! linear regression by normal equations and by `lstsq`, and PCA by thin SVD.

use crate::common;

use approx::assert_abs_diff_eq;
use common::{f, iris_reference, mat2, vec1};
use ndarray::{Array1, Array2, Axis, concatenate, s};

/// `[1, sepal length, sepal width, petal length]` and petal width.
fn design() -> (Array2<f64>, Array1<f64>) {
    let iris = datasets::iris::load();
    let x = iris.data.slice(s![.., ..3]);
    let ones = Array2::<f64>::ones((x.nrows(), 1));
    let design = concatenate![Axis(1), ones, x];
    (design, iris.data.column(3).to_owned())
}

fn r2(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    let mean = y.mean().unwrap();
    let ss_res = (y - y_hat).mapv(|v| v * v).sum();
    let ss_tot = y.mapv(|v| (v - mean) * (v - mean)).sum();
    1.0 - ss_res / ss_tot
}

#[test]
fn normal_equations_reproduce_scikit_learns_linear_regression_to_1e_8() {
    let reference = &iris_reference()["linear_regression_petal_width"];
    let (x, y) = design();
    // w = np.linalg.solve(X.T @ X, X.T @ y)
    let xtx = linalg::matmul(&x.t(), &x).unwrap();
    let xty = linalg::matmul(&x.t(), &y).unwrap();
    let w = linalg::solve(&xtx, &xty).unwrap();
    assert_abs_diff_eq!(w[0], f(&reference["intercept"]), epsilon = 1e-8);
    assert_abs_diff_eq!(w.slice(s![1..]), vec1(&reference["coef"]), epsilon = 1e-8);
    let y_hat = linalg::matmul(&x, &w).unwrap();
    assert_abs_diff_eq!(r2(&y, &y_hat), f(&reference["r2"]), epsilon = 1e-8);
}

#[test]
fn lstsq_reproduces_scikit_learns_linear_regression_to_1e_8() {
    let reference = &iris_reference()["linear_regression_petal_width"];
    let (x, y) = design();
    let fit = linalg::lstsq(&x, &y, None).unwrap();
    assert_eq!(fit.rank, 4);
    assert_abs_diff_eq!(
        fit.solution,
        vec1(&reference["lstsq_check_coef_with_intercept_first"]),
        epsilon = 1e-8
    );
    // residuals = ||y - X w||^2 = n * MSE
    assert_abs_diff_eq!(
        fit.residuals[0] / y.len() as f64,
        f(&reference["mse"]),
        epsilon = 1e-10
    );
}

#[test]
fn thin_svd_of_centred_iris_gives_scikit_learns_pca() {
    let reference = &iris_reference()["pca"]["unstandardized"];
    let data = datasets::iris::load().data;
    let centred = &data - &data.mean_axis(Axis(0)).unwrap();
    let linalg::Svd { s, vh, .. } = linalg::thin_svd(&centred).unwrap();
    assert_abs_diff_eq!(s, vec1(&reference["singular_values"]), epsilon = 1e-10);
    let var = s.mapv(|v| v * v / (data.nrows() - 1) as f64);
    assert_abs_diff_eq!(
        var,
        vec1(&reference["explained_variance_ddof1"]),
        epsilon = 1e-10
    );
    let ratio = &var / var.sum();
    assert_abs_diff_eq!(
        ratio,
        vec1(&reference["explained_variance_ratio"]),
        epsilon = 1e-12
    );
    // Components agree up to the sign of each row (scikit-learn flips signs; we do not).
    let expected = mat2(&reference["components_rows_sign_as_sklearn_svd_flip"]);
    for (row, exp) in vh.outer_iter().zip(expected.outer_iter()) {
        let sign = if row.dot(&exp) < 0.0 { -1.0 } else { 1.0 };
        assert_abs_diff_eq!(&row * sign, exp, epsilon = 1e-10);
    }
}
