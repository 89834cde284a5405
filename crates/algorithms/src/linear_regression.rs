//! # 4.2 Linear regression: normal equations, least squares, ridge, gradient descent
//!
//! Fit `y ≈ X w + b` by minimising the squared error, optionally plus a ridge penalty
//! `alpha ||w||^2` (the intercept `b` is never penalised, as in scikit-learn):
//!
//! `min_{w, b}  ||y - X w - b||^2 + alpha ||w||^2`
//!
//! With an intercept, the problem is first centred (`X - mean(X)`, `y - mean(y)`), the
//! weights are fitted on centred data and `b = mean(y) - mean(X) · w`; this is what
//! scikit-learn does and it keeps `b` out of the penalty and out of the conditioning.
//!
//! | NumPy / scikit-learn | Rust (`use algorithms::linear_regression::*;`) |
//! |---|---|
//! | `np.linalg.solve(X.T @ X, X.T @ y)` | `LinearRegression::params().solver(Solver::NormalEquations).fit(&x, &y)?` |
//! | `np.linalg.lstsq(X1, y, rcond=None)`, `LinearRegression().fit(X, y)` | `LinearRegression::params().fit(&x, &y)?` (lstsq is the default) |
//! | `LinearRegression(fit_intercept=False)` | `.fit_intercept(false)` |
//! | `Ridge(alpha=1.0).fit(X, y)` | `LinearRegression::ridge(1.0).fit(&x, &y)?` |
//! | `w -= lr * X.T @ (X @ w - y) / n` in a loop | `.solver(Solver::GradientDescent(GdParams::default()))` |
//! | `model.coef_`, `model.intercept_` | [`fitted.coef()`](FittedLinearRegression::coef), [`fitted.intercept()`](FittedLinearRegression::intercept) |
//! | `model.predict(X)`, `model.score(X, y)` | [`fitted.predict(&x)?`](FittedLinearRegression::predict), [`fitted.score(&x, &y)?`](FittedLinearRegression::score) (R²) |
//!
//! ```
//! use ndarray::s;
//! use algorithms::linear_regression::LinearRegression;
//! let iris = datasets::iris::load();
//! let x = iris.data.slice(s![.., ..3]);            // sepal length, sepal width, petal length
//! let y = iris.data.column(3);                      // petal width
//! let model = LinearRegression::params().fit(&x, &y)?;
//! // scikit-learn 1.9.1: LinearRegression().fit(X, y).coef_, .intercept_, .score(X, y)
//! assert!((model.coef()[2] - 0.5240831147784291).abs() < 1e-8);
//! assert!((model.intercept() - -0.24030738911226113).abs() < 1e-8);
//! assert!((model.score(&x, &y)? - 0.9378502736046809).abs() < 1e-8);
//! # Ok::<(), algorithms::Error>(())
//! ```
//!
//! ## Which solver
//! - [`Solver::Lstsq`] (default): thin SVD of `X` ([`linalg::lstsq`]). Error grows like
//!   `cond(X)`; handles collinear columns (minimum-norm answer). Cost `O(n p^2)`, a few
//!   times the normal equations.
//! - [`Solver::NormalEquations`]: `(X^T X + alpha I) w = X^T y` by [`linalg::solve`].
//!   Cheapest (`O(n p^2)` for `X^T X`, then `O(p^3)`), but squares the condition number:
//!   with nearly collinear features, accuracy is lost. Singular `X^T X` (a duplicated
//!   column, `p > n`) is an error unless `alpha > 0`.
//! - [`Solver::GradientDescent`]: `w <- w - lr * grad` on the mean squared error. Needs
//!   a step size and many iterations (about `cond(X^T X)` of them); it is here because it
//!   is the template for logistic regression and neural networks, where no closed form
//!   exists. The default step is `1 / L` with `L` the largest eigenvalue of `X^T X / n`
//!   (plus `alpha / n`), the largest step that is guaranteed to converge.
//!
//! Ridge with `Lstsq` solves the augmented system `[X; sqrt(alpha) I] w ≈ [y; 0]`, which
//! keeps the SVD's accuracy.

use ndarray::{Array1, Array2, ArrayBase, Axis, Data, Ix1, Ix2, concatenate};

use crate::Float;
use crate::check::{
    check_finite, check_n_features, check_same_rows, check_x, non_negative, positive,
};
use crate::error::{Error, Result, invalid};

/// Parameters of batch gradient descent for [`Solver::GradientDescent`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GdParams {
    /// Step size; `None` picks `1 / L` (see the module docs).
    pub learning_rate: Option<f64>,
    /// Maximum number of iterations (full passes over the data).
    pub max_iter: usize,
    /// Stop when the Euclidean norm of the gradient of the mean squared error drops below
    /// this.
    pub tol: f64,
}

impl Default for GdParams {
    /// `learning_rate: None` (1/L), `max_iter: 10_000`, `tol: 1e-10`.
    fn default() -> Self {
        GdParams {
            learning_rate: None,
            max_iter: 10_000,
            tol: 1e-10,
        }
    }
}

/// How the least-squares problem is solved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Solver {
    /// `np.linalg.lstsq` on `X` (thin SVD): accurate, handles rank deficiency.
    Lstsq,
    /// `np.linalg.solve(X.T @ X + alpha I, X.T @ y)`: fastest, squares the condition number.
    NormalEquations,
    /// Batch gradient descent on the mean squared error.
    GradientDescent(GdParams),
}

/// Entry point: `LinearRegression::params()` gives the builder.
#[derive(Debug, Clone, Copy)]
pub struct LinearRegression;

impl LinearRegression {
    /// Ordinary least squares with an intercept, solved by `lstsq`:
    /// scikit-learn's `LinearRegression()`.
    pub fn params() -> LinearRegressionParams {
        LinearRegressionParams {
            fit_intercept: true,
            alpha: 0.0,
            solver: Solver::Lstsq,
        }
    }

    /// Ridge regression with penalty `alpha ||w||^2`: scikit-learn's `Ridge(alpha)`.
    pub fn ridge(alpha: f64) -> LinearRegressionParams {
        Self::params().alpha(alpha)
    }
}

/// Hyperparameters of [`LinearRegression`], checked by [`fit`](Self::fit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearRegressionParams {
    fit_intercept: bool,
    alpha: f64,
    solver: Solver,
}

/// A fitted linear model: `coef`, `intercept` and, for gradient descent, its history.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedLinearRegression<F> {
    coef: Array1<F>,
    intercept: F,
    n_iter: usize,
    loss_history: Vec<F>,
}

impl LinearRegressionParams {
    /// Fit an intercept `b` (default `true`); `false` forces the line through the origin.
    pub fn fit_intercept(mut self, yes: bool) -> Self {
        self.fit_intercept = yes;
        self
    }

    /// Ridge penalty `alpha >= 0` on `||w||^2` (default 0, ordinary least squares).
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// The solver (default [`Solver::Lstsq`]).
    pub fn solver(mut self, solver: Solver) -> Self {
        self.solver = solver;
        self
    }

    fn validate(&self) -> Result<()> {
        const E: &str = "LinearRegression";
        non_negative(E, "alpha", self.alpha)?;
        if let Solver::GradientDescent(gd) = self.solver {
            if let Some(lr) = gd.learning_rate {
                positive(E, "learning_rate", lr)?;
            }
            if gd.max_iter == 0 {
                return Err(invalid(E, "max_iter", 0, "must be at least 1"));
            }
            non_negative(E, "tol", gd.tol)?;
        }
        Ok(())
    }

    /// Fits the model to `x` `(n_samples, n_features)` and `y` `(n_samples,)`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a negative `alpha`, a non-positive learning rate or
    /// `max_iter == 0`; [`Error::TooFewSamples`] for empty `x`; [`Error::ShapeMismatch`]
    /// when `x` and `y` differ in rows; [`Error::NonFinite`] for NaN/inf; `Linalg(Singular)`
    /// from the normal equations with collinear features and `alpha = 0`;
    /// [`Error::Diverged`] when gradient descent blows up (learning rate too large).
    pub fn fit<F, S1, S2>(
        &self,
        x: &ArrayBase<S1, Ix2>,
        y: &ArrayBase<S2, Ix1>,
    ) -> Result<FittedLinearRegression<F>>
    where
        F: Float,
        S1: Data<Elem = F>,
        S2: Data<Elem = F>,
    {
        const OP: &str = "LinearRegression::fit";
        self.validate()?;
        check_x(OP, x, 1)?;
        check_same_rows(OP, x, y)?;
        check_finite(OP, y)?;
        let n = F::from_f64(x.nrows() as f64);
        // Centre when fitting an intercept (scikit-learn's _preprocess_data).
        let (xc, yc, x_mean, y_mean) = if self.fit_intercept {
            let x_mean = x.sum_axis(Axis(0)) / n;
            let y_mean = y.sum() / n;
            (x - &x_mean, y.mapv(|v| v - y_mean), x_mean, y_mean)
        } else {
            (
                x.to_owned(),
                y.to_owned(),
                Array1::zeros(x.ncols()),
                F::zero(),
            )
        };
        let alpha = F::from_f64(self.alpha);
        let p = x.ncols();
        let mut n_iter = 0;
        let mut loss_history = Vec::new();
        let coef = match self.solver {
            Solver::NormalEquations => {
                // (X^T X + alpha I) w = X^T y
                let mut gram = linalg::matmul(&xc.t(), &xc)?;
                for i in 0..p {
                    gram[[i, i]] += alpha;
                }
                let xty = linalg::matmul(&xc.t(), &yc)?;
                linalg::solve(&gram, &xty)?
            }
            Solver::Lstsq => {
                if self.alpha > 0.0 {
                    // [X; sqrt(alpha) I] w ≈ [y; 0]
                    let aug_x = concatenate![
                        Axis(0),
                        xc,
                        Array2::from_diag(&Array1::from_elem(p, alpha.sqrt()))
                    ];
                    let aug_y = concatenate![Axis(0), yc, Array1::zeros(p)];
                    linalg::lstsq(&aug_x, &aug_y, None)?.solution
                } else {
                    linalg::lstsq(&xc, &yc, None)?.solution
                }
            }
            Solver::GradientDescent(gd) => {
                let (w, iters, hist) = gradient_descent(&xc, &yc, alpha, gd)?;
                n_iter = iters;
                loss_history = hist;
                w
            }
        };
        let intercept = if self.fit_intercept {
            y_mean - x_mean.dot(&coef)
        } else {
            F::zero()
        };
        Ok(FittedLinearRegression {
            coef,
            intercept,
            n_iter,
            loss_history,
        })
    }
}

/// Batch gradient descent on `J(w) = ||X w - y||^2 / (2n) + alpha ||w||^2 / (2n)`, whose
/// minimiser is the ridge solution. Returns `(w, iterations, loss per iteration)`.
fn gradient_descent<F: Float>(
    x: &Array2<F>,
    y: &Array1<F>,
    alpha: F,
    gd: GdParams,
) -> Result<(Array1<F>, usize, Vec<F>)> {
    let n = F::from_f64(x.nrows() as f64);
    let lr = match gd.learning_rate {
        Some(lr) => F::from_f64(lr),
        None => {
            // L = lambda_max(X^T X / n) + alpha / n: the gradient's Lipschitz constant.
            let gram = linalg::matmul(&x.t(), x)? / n;
            let lmax = linalg::eigvalsh(&gram)?
                .iter()
                .fold(F::zero(), |m, &v| if v > m { v } else { m });
            F::one() / (lmax + alpha / n).max(F::epsilon())
        }
    };
    let tol = F::from_f64(gd.tol);
    let half = F::from_f64(0.5);
    let mut w = Array1::<F>::zeros(x.ncols());
    let mut history = Vec::with_capacity(gd.max_iter.min(100_000));
    for it in 0..gd.max_iter {
        let residual = x.dot(&w) - y; // X w - y
        let loss = (residual.dot(&residual) + alpha * w.dot(&w)) * half / n;
        if !loss.is_finite() {
            return Err(Error::Diverged {
                op: "LinearRegression (gradient descent)",
                iteration: it,
                loss: loss.to_f64(),
            });
        }
        history.push(loss);
        let grad = (x.t().dot(&residual) + &w * alpha) / n; // X^T (X w - y) / n
        if grad.dot(&grad).sqrt() <= tol {
            return Ok((w, it, history));
        }
        w.scaled_add(-lr, &grad);
    }
    Ok((w, gd.max_iter, history))
}

impl<F: Float> FittedLinearRegression<F> {
    /// The weights `w`, one per feature: scikit-learn's `coef_`.
    pub fn coef(&self) -> &Array1<F> {
        &self.coef
    }

    /// The intercept `b` (0 with `fit_intercept(false)`): `intercept_`.
    pub fn intercept(&self) -> F {
        self.intercept
    }

    /// Gradient-descent iterations run (0 for the direct solvers).
    pub fn n_iter(&self) -> usize {
        self.n_iter
    }

    /// Gradient descent's objective `(||X w - y||^2 + alpha ||w||^2) / (2n)` at each
    /// iteration, on centred data (empty for the direct solvers).
    pub fn loss_history(&self) -> &[F] {
        &self.loss_history
    }

    /// Predictions `X w + b`: `model.predict(X)`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `x` has a different number of features than in `fit`.
    pub fn predict<S: Data<Elem = F>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array1<F>> {
        check_n_features("LinearRegression::predict", x, self.coef.len())?;
        Ok(x.dot(&self.coef) + self.intercept)
    }

    /// Coefficient of determination `R^2 = 1 - SS_res / SS_tot`: `model.score(X, y)`.
    ///
    /// # Errors
    /// As [`predict`](Self::predict), plus [`Error::ShapeMismatch`] for `y` of the wrong
    /// length.
    pub fn score<S1, S2>(&self, x: &ArrayBase<S1, Ix2>, y: &ArrayBase<S2, Ix1>) -> Result<F>
    where
        S1: Data<Elem = F>,
        S2: Data<Elem = F>,
    {
        check_same_rows("LinearRegression::score", x, y)?;
        let pred = self.predict(x)?;
        crate::metrics::r2_score(y, &pred)
    }
}
