//! # 4.3 Logistic regression: sigmoid and softmax, trained by gradient descent
//!
//! A linear model for classes. For `k` classes it computes one score (logit) per class,
//! `Z = X W + b` with `W` of shape `(p, k)`, turns the scores into probabilities with the
//! **softmax** `P[i, c] = exp(Z[i, c]) / sum_j exp(Z[i, j])`, and is trained by minimising
//! the **cross-entropy** (log loss) plus an L2 penalty on `W` (never on `b`):
//!
//! `J(W, b) = -(1/n) sum_i log P[i, y_i] + (alpha / 2) ||W||^2`
//!
//! Its gradient has a famously simple form: with `Y` the one-hot labels,
//! `dJ/dW = X^T (P - Y) / n + alpha W`, `dJ/db = sum_i (P - Y)[i, :] / n`. For two classes
//! the model keeps one column of logits and uses the **sigmoid** `1 / (1 + exp(-z))`, the
//! softmax of `(0, z)`; the gradient has the same shape with `P - Y` = `sigmoid(z) - y`.
//!
//! | NumPy / scikit-learn | Rust (`use algorithms::logistic_regression::*;`) |
//! |---|---|
//! | `LogisticRegression(C=1.0).fit(X, y)` | `LogisticRegression::params().c(1.0).fit(&x, &y)?` |
//! | `LogisticRegression(C=1e10)` (almost no penalty) | `.alpha(0.0)` |
//! | `clf.predict(X)`, `clf.predict_proba(X)` | [`predict(&x)?`](FittedLogisticRegression::predict), [`predict_proba(&x)?`](FittedLogisticRegression::predict_proba) |
//! | `clf.coef_` `(k, p)` (`(1, p)` for 2 classes), `clf.intercept_` | [`coef()`](FittedLogisticRegression::coef), [`intercept()`](FittedLogisticRegression::intercept) |
//! | `1 / (1 + np.exp(-z))` | [`sigmoid(z)`](sigmoid) (stable for large `|z|`) |
//! | `scipy.special.softmax(Z, axis=1)`, `logsumexp(Z, axis=1)` | [`softmax(&z)`](softmax), [`log_sum_exp(&z)`](log_sum_exp) (max subtracted first) |
//! | `sklearn.metrics.log_loss(y, P)` | [`log_loss(&z, &y)?`](log_loss) from logits, never from rounded probabilities |
//!
//! ```
//! use algorithms::logistic_regression::LogisticRegression;
//! use algorithms::metrics::accuracy;
//! let iris = datasets::iris::load();
//! // LogisticRegression(C=1.0).fit(X, y).score(X, y) == 0.97333 (scikit-learn 1.9.1)
//! let clf = LogisticRegression::params()
//!     .c(1.0)
//!     .learning_rate(0.1)
//!     .max_iter(20_000)
//!     .fit(&iris.data, &iris.target)?;
//! let acc = accuracy(&iris.target, &clf.predict(&iris.data)?)?;
//! assert!(acc >= 0.97);
//! # Ok::<(), algorithms::Error>(())
//! ```
//!
//! ## The penalty: `alpha` versus scikit-learn's `C`
//! scikit-learn minimises `C * sum_i loss_i + ||W||^2 / 2`. Dividing by `C n` gives this
//! module's objective with `alpha = 1 / (C n)`; `.c(C)` sets exactly that when `fit` knows
//! `n`. `alpha = 0` is unpenalised: on separable data the weights then grow without bound
//! and gradient descent never "converges" (it stops at `max_iter`), though accuracy is fine.
//!
//! ## Numerical stability
//! `exp(1000)` overflows, so `softmax` subtracts each row's maximum first (it does not
//! change the result), and the loss is computed from logits as
//! `log_sum_exp(z) - z[y]`, never as `-log(softmax(z)[y])`, which gives `-log(0) = inf`
//! for a confident wrong prediction. The binary loss uses the stable softplus
//! `log(1 + exp(z)) = max(z, 0) + log(1 + exp(-|z|))`.
//!
//! ## Solver
//! Plain (mini-batch) gradient descent with a constant learning rate: the textbook method,
//! the one that scales to MNIST, and the template for the neural network of 4.6.
//! scikit-learn uses L-BFGS, which needs ~100 iterations on Iris where gradient descent
//! needs thousands; the minimiser is the same. On unscaled features convergence is slow;
//! standardise first (chapter 1's `StandardScaler`) when you can.

use ndarray::linalg::general_mat_mul;
use ndarray::{Array1, Array2, ArrayBase, ArrayView1, ArrayView2, Axis, Data, Ix1, Ix2, Zip, s};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rayon::prelude::*;

use crate::Float;
use crate::check::{check_n_features, check_same_rows, check_x, n_classes, non_negative, positive};
use crate::error::{Error, Result, invalid};

/// `1 / (1 + exp(-z))`, computed without overflow for any `z`.
///
/// ```
/// use algorithms::logistic_regression::sigmoid;
/// assert_eq!(sigmoid(0.0_f64), 0.5);
/// assert_eq!(sigmoid(-1000.0_f64), 0.0);        // 1 / (1 + exp(1000)) without inf / inf
/// assert!((sigmoid(2.0_f64) - 0.8807970779778823).abs() < 1e-15);
/// ```
pub fn sigmoid<F: Float>(z: F) -> F {
    if z >= F::zero() {
        F::one() / (F::one() + (-z).exp())
    } else {
        let e = z.exp();
        e / (F::one() + e)
    }
}

/// `log(1 + exp(z))` without overflow: `np.logaddexp(0, z)`.
pub fn softplus<F: Float>(z: F) -> F {
    z.max(F::zero()) + (-z.abs()).exp().ln_1p()
}

/// Row-wise `log(sum(exp(z)))`, stable: `scipy.special.logsumexp(z, axis=1)`.
///
/// ```
/// use ndarray::array;
/// let z = array![[1000.0_f64, 1000.0], [0.0, 0.0]];
/// let l = algorithms::logistic_regression::log_sum_exp(&z);
/// assert!((l[0] - (1000.0 + 2f64.ln())).abs() < 1e-12);  // np.log(np.exp(z).sum(1)) is inf
/// ```
pub fn log_sum_exp<F: Float, S: Data<Elem = F>>(z: &ArrayBase<S, Ix2>) -> Array1<F> {
    z.rows()
        .into_iter()
        .map(|row| {
            let m = row.fold(F::neg_infinity(), |a, &b| a.max(b));
            if !m.is_finite() {
                return m;
            }
            m + row.fold(F::zero(), |acc, &v| acc + (v - m).exp()).ln()
        })
        .collect()
}

/// Row-wise softmax, stable (each row's maximum is subtracted first):
/// `scipy.special.softmax(z, axis=1)`. Rows sum to 1.
///
/// Edge cases, as in SciPy: `-inf` entries get probability 0; a row with no finite entry
/// (all `-inf`, or any `+inf`) is 0/0 and comes out NaN; NaN propagates to its row.
///
/// ```
/// use ndarray::array;
/// let p = algorithms::logistic_regression::softmax(&array![[1.0_f64, 2.0, 3.0], [1000.0, 0.0, 0.0]]);
/// assert!((p.row(0).sum() - 1.0).abs() < 1e-15);
/// assert!((p[[0, 2]] - 0.6652409557748219).abs() < 1e-15);
/// assert_eq!(p[[1, 0]], 1.0);                         // no inf / inf = NaN
/// ```
pub fn softmax<F: Float, S: Data<Elem = F>>(z: &ArrayBase<S, Ix2>) -> Array2<F> {
    let mut p = z.to_owned();
    softmax_inplace(&mut p);
    p
}

pub(crate) fn softmax_inplace<F: Float>(p: &mut Array2<F>) {
    for mut row in p.rows_mut() {
        let m = row.fold(F::neg_infinity(), |a, &b| a.max(b));
        row.mapv_inplace(|v| (v - m).exp());
        let s = row.sum();
        row.mapv_inplace(|v| v / s);
    }
}

/// Mean cross-entropy of integer labels `y` under logits `z` `(n, k)`:
/// `log_loss(y, softmax(z))`, computed as `mean(log_sum_exp(z) - z[i, y_i])`.
///
/// ```
/// use ndarray::array;
/// let z = array![[2.0_f64, 0.0], [0.0, 2.0]];
/// let loss = algorithms::logistic_regression::log_loss(&z, &array![0, 1])?;
/// assert!((loss - (1.0 + (-2.0_f64).exp()).ln()).abs() < 1e-15);
/// # Ok::<(), algorithms::Error>(())
/// ```
///
/// An empty batch (no rows) has loss 0; NaN or inf logits give a NaN or inf loss (the
/// estimators check their inputs, this building block does not).
///
/// # Errors
/// [`Error::ShapeMismatch`] when `y` has not one label per row,
/// [`Error::LabelOutOfRange`] for a label `>= k`.
pub fn log_loss<F, S1, S2>(z: &ArrayBase<S1, Ix2>, y: &ArrayBase<S2, Ix1>) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = usize>,
{
    check_same_rows("log_loss", z, y)?;
    check_labels("log_loss", y, z.ncols())?;
    let lse = log_sum_exp(z);
    let total = y
        .iter()
        .enumerate()
        .fold(F::zero(), |acc, (i, &c)| acc + lse[i] - z[[i, c]]);
    Ok(total / F::from_f64(y.len().max(1) as f64))
}

pub(crate) fn check_labels<S: Data<Elem = usize>>(
    op: &'static str,
    y: &ArrayBase<S, Ix1>,
    n_classes: usize,
) -> Result<()> {
    match y.iter().find(|&&c| c >= n_classes) {
        Some(&label) => Err(Error::LabelOutOfRange {
            op,
            label,
            n_classes,
        }),
        None => Ok(()),
    }
}

/// The L2 penalty, in this module's units or scikit-learn's.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Penalty {
    Alpha(f64),
    C(f64),
}

/// Binary or multinomial model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MultiClass {
    /// Sigmoid with one column of weights for 2 classes, softmax for more (scikit-learn's
    /// behaviour).
    Auto,
    /// Softmax with one column per class, even for 2 classes.
    Multinomial,
}

/// Entry point: `LogisticRegression::params()` gives the builder.
#[derive(Debug, Clone, Copy)]
pub struct LogisticRegression;

impl LogisticRegression {
    /// Defaults: `alpha = 0` (no penalty), `learning_rate = 0.1`, `max_iter = 1000`
    /// epochs, full batch, `tol = 1e-6`, seed 0, [`MultiClass::Auto`].
    pub fn params() -> LogisticRegressionParams {
        LogisticRegressionParams {
            penalty: Penalty::Alpha(0.0),
            learning_rate: 0.1,
            max_iter: 1000,
            batch_size: None,
            tol: 1e-6,
            seed: 0,
            multi_class: MultiClass::Auto,
        }
    }
}

/// Hyperparameters of [`LogisticRegression`], checked by [`fit`](Self::fit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogisticRegressionParams {
    penalty: Penalty,
    learning_rate: f64,
    max_iter: usize,
    batch_size: Option<usize>,
    tol: f64,
    seed: u64,
    multi_class: MultiClass,
}

/// A fitted logistic regression.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedLogisticRegression<F> {
    /// `(p, k')` weights, `k' = 1` for the binary sigmoid model.
    w: Array2<F>,
    b: Array1<F>,
    n_classes: usize,
    n_iter: usize,
    loss_history: Vec<F>,
}

impl LogisticRegressionParams {
    /// L2 strength on the mean loss, `J = mean loss + alpha/2 ||W||^2` (default 0).
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.penalty = Penalty::Alpha(alpha);
        self
    }

    /// scikit-learn's inverse regularisation `C > 0`: sets `alpha = 1 / (C n_samples)`.
    pub fn c(mut self, c: f64) -> Self {
        self.penalty = Penalty::C(c);
        self
    }

    /// Gradient descent step size (default 0.1).
    pub fn learning_rate(mut self, lr: f64) -> Self {
        self.learning_rate = lr;
        self
    }

    /// Maximum number of epochs (passes over the data; for full batch, iterations).
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Mini-batch size; `None` (the default) is full-batch gradient descent.
    pub fn batch_size(mut self, batch_size: Option<usize>) -> Self {
        self.batch_size = batch_size;
        self
    }

    /// Full batch: stop when the gradient's Euclidean norm is below `tol`. Mini-batch: stop
    /// when the epoch's mean loss changes by less than `tol` (relative). 0 disables.
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// Seed for the mini-batch shuffling.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Binary sigmoid or multinomial softmax (default [`MultiClass::Auto`]).
    pub fn multi_class(mut self, m: MultiClass) -> Self {
        self.multi_class = m;
        self
    }

    /// Fits to `x` `(n, p)` and labels `y` in `0..k`, `k >= 2`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a negative `alpha`, `C <= 0`, a learning rate
    /// `<= 0`, `max_iter == 0`, a batch size of 0, or labels from fewer than 2 classes;
    /// [`Error::TooFewSamples`], [`Error::ShapeMismatch`], [`Error::NonFinite`] for bad
    /// data; [`Error::Diverged`] when the loss becomes non-finite.
    pub fn fit<F, S1, S2>(
        &self,
        x: &ArrayBase<S1, Ix2>,
        y: &ArrayBase<S2, Ix1>,
    ) -> Result<FittedLogisticRegression<F>>
    where
        F: Float,
        S1: Data<Elem = F>,
        S2: Data<Elem = usize>,
    {
        const E: &str = "LogisticRegression";
        let alpha = match self.penalty {
            Penalty::Alpha(a) => {
                non_negative(E, "alpha", a)?;
                a
            }
            Penalty::C(c) => {
                positive(E, "C", c)?;
                1.0 / (c * x.nrows().max(1) as f64)
            }
        };
        positive(E, "learning_rate", self.learning_rate)?;
        non_negative(E, "tol", self.tol)?;
        if self.max_iter == 0 {
            return Err(invalid(E, "max_iter", 0, "must be at least 1"));
        }
        if self.batch_size == Some(0) {
            return Err(invalid(E, "batch_size", 0, "must be at least 1"));
        }
        check_x("LogisticRegression::fit", x, 1)?;
        check_same_rows("LogisticRegression::fit", x, y)?;
        let k = n_classes(E, y, 2)?;
        let cols = if k == 2 && self.multi_class == MultiClass::Auto {
            1
        } else {
            k
        };
        let x = x.view();
        let y = y.view();
        let n = x.nrows();
        let mut w = Array2::<F>::zeros((x.ncols(), cols));
        let mut b = Array1::<F>::zeros(cols);
        let lr = F::from_f64(self.learning_rate);
        let alpha = F::from_f64(alpha);
        let mut history = Vec::new();
        let mut n_iter = self.max_iter;
        match self.batch_size {
            None => {
                for it in 0..self.max_iter {
                    let (loss, gw, gb) = loss_and_grad(x, y, &w, &b, alpha);
                    if !loss.is_finite() {
                        return Err(Error::Diverged {
                            op: E,
                            iteration: it,
                            loss: loss.to_f64(),
                        });
                    }
                    history.push(loss);
                    let gnorm = (gw
                        .iter()
                        .chain(gb.iter())
                        .fold(F::zero(), |a, &g| a + g * g))
                    .sqrt();
                    if gnorm.to_f64() <= self.tol {
                        n_iter = it;
                        break;
                    }
                    w.scaled_add(-lr, &gw);
                    b.scaled_add(-lr, &gb);
                }
            }
            Some(bs) => {
                let mut rng = StdRng::seed_from_u64(self.seed);
                let mut order: Vec<usize> = (0..n).collect();
                for epoch in 0..self.max_iter {
                    order.shuffle(&mut rng);
                    let mut total = F::zero();
                    for chunk in order.chunks(bs) {
                        let xb = x.select(Axis(0), chunk);
                        let yb = y.select(Axis(0), chunk);
                        let (loss, gw, gb) = loss_and_grad(xb.view(), yb.view(), &w, &b, alpha);
                        total += loss * F::from_f64(chunk.len() as f64);
                        w.scaled_add(-lr, &gw);
                        b.scaled_add(-lr, &gb);
                    }
                    let mean = total / F::from_f64(n as f64);
                    if !mean.is_finite() {
                        return Err(Error::Diverged {
                            op: E,
                            iteration: epoch,
                            loss: mean.to_f64(),
                        });
                    }
                    let converged = history.last().is_some_and(|&prev: &F| {
                        ((prev - mean).abs() / prev.abs().max(F::epsilon())).to_f64() < self.tol
                    });
                    history.push(mean);
                    if converged {
                        n_iter = epoch + 1;
                        break;
                    }
                }
            }
        }
        Ok(FittedLogisticRegression {
            w,
            b,
            n_classes: k,
            n_iter,
            loss_history: history,
        })
    }
}

/// Rows per block of the fused gradient pass: the block (`GRAD_BLOCK x p` values, 400 KB
/// for MNIST in `f32`) stays in the L2 cache between its two products.
const GRAD_BLOCK: usize = 128;

/// Penalised mean loss and its gradient at `(w, b)` on one batch.
///
/// One pass over `x`, parallel over blocks of rows: for each block, the logits
/// `Z = X_b W + b`, the loss and `dJ/dZ = (softmax(Z) - onehot(y)) / m` in place, then
/// `X_b^T dJ/dZ` added into the task's own gradient; the tasks' gradients are summed at the
/// end (rayon fold/reduce). Each block is read from memory once and reused from the cache,
/// where computing `X W` and then `X^T G` over the whole of `X` reads it twice.
fn loss_and_grad<F: Float>(
    x: ArrayView2<'_, F>,
    y: ArrayView1<'_, usize>,
    w: &Array2<F>,
    b: &Array1<F>,
    alpha: F,
) -> (F, Array2<F>, Array1<F>) {
    let n = x.nrows();
    let inv_m = F::one() / F::from_f64(n as f64);
    let (p, k) = w.dim();
    let zero = || (F::zero(), Array2::<F>::zeros((p, k)), Array1::<F>::zeros(k));
    let (loss, mut gw, gb) = (0..n.div_ceil(GRAD_BLOCK))
        .into_par_iter()
        .fold(zero, |(mut loss, mut gw, mut gb), i| {
            let (start, end) = (i * GRAD_BLOCK, ((i + 1) * GRAD_BLOCK).min(n));
            let rows = x.slice(s![start..end, ..]);
            let mut z = rows.dot(w) + b; // (block, k')
            loss += dlogits_inplace(&mut z, y.slice(s![start..end]), inv_m);
            general_mat_mul(F::one(), &rows.t(), &z, F::one(), &mut gw);
            gb += &z.sum_axis(Axis(0));
            (loss, gw, gb)
        })
        .reduce(zero, |(l1, g1, b1), (l2, g2, b2)| {
            (l1 + l2, g1 + &g2, b1 + &b2)
        });
    gw.scaled_add(alpha, w);
    let penalty = w.iter().fold(F::zero(), |a, &v| a + v * v) * alpha * F::from_f64(0.5);
    (loss * inv_m + penalty, gw, gb)
}

/// Turns logits `z` into `dJ/dZ` for the mean loss (`scale = 1 / m`) and returns the
/// summed (not yet averaged) loss of these rows.
fn dlogits_inplace<F: Float>(z: &mut Array2<F>, y: ArrayView1<'_, usize>, scale: F) -> F {
    let mut loss = F::zero();
    if z.ncols() == 1 {
        // Binary: loss = softplus(z) - y z; dL/dz = sigmoid(z) - y.
        Zip::from(z.column_mut(0)).and(&y).for_each(|zi, &yi| {
            let t = if yi == 1 { F::one() } else { F::zero() };
            loss += softplus(*zi) - t * *zi;
            *zi = (sigmoid(*zi) - t) * scale;
        });
    } else {
        // Multinomial: loss = lse(z) - z[y]; dL/dz = softmax(z) - onehot(y).
        for (mut row, &yi) in z.rows_mut().into_iter().zip(y.iter()) {
            let m = row.fold(F::neg_infinity(), |a, &b| a.max(b));
            let lse = if m.is_finite() {
                m + row.fold(F::zero(), |acc, &v| acc + (v - m).exp()).ln()
            } else {
                m // diverged: the caller sees a non-finite loss
            };
            loss += lse - row[yi];
            row.mapv_inplace(|v| (v - lse).exp() * scale);
            row[yi] -= scale;
        }
    }
    loss
}

impl<F: Float> FittedLogisticRegression<F> {
    /// Weights in scikit-learn's layout: `(k, p)`, or `(1, p)` for the binary model.
    pub fn coef(&self) -> Array2<F> {
        self.w.t().to_owned()
    }

    /// Intercepts, `k` of them (1 for the binary model): `intercept_`.
    pub fn intercept(&self) -> &Array1<F> {
        &self.b
    }

    /// Number of classes `k`.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Iterations (full batch) or epochs (mini-batch) run.
    pub fn n_iter(&self) -> usize {
        self.n_iter
    }

    /// The penalised training loss at each iteration (full batch: before the step) or the
    /// mean loss over each epoch (mini-batch).
    pub fn loss_history(&self) -> &[F] {
        &self.loss_history
    }

    /// Logits `X W + b`, `(n, k)` (`(n, 1)` for the binary model): `decision_function`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for a different number of features, [`Error::NonFinite`].
    pub fn decision_function<S: Data<Elem = F>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        check_x("LogisticRegression::predict", x, 1)?;
        check_n_features("LogisticRegression::predict", x, self.w.nrows())?;
        Ok(crate::gemm::tall_dot(x.view(), self.w.view()) + &self.b)
    }

    /// Class probabilities, `(n, k)`, rows summing to 1: `predict_proba(X)`.
    ///
    /// # Errors
    /// As [`decision_function`](Self::decision_function).
    pub fn predict_proba<S: Data<Elem = F>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        let z = self.decision_function(x)?;
        if self.w.ncols() == 1 {
            let mut p = Array2::zeros((z.nrows(), 2));
            for (mut row, &zi) in p.rows_mut().into_iter().zip(z.column(0)) {
                let s = sigmoid(zi);
                row[0] = F::one() - s;
                row[1] = s;
            }
            Ok(p)
        } else {
            let mut z = z;
            softmax_inplace(&mut z);
            Ok(z)
        }
    }

    /// The most probable class of each row: `predict(X)`.
    ///
    /// # Errors
    /// As [`decision_function`](Self::decision_function).
    pub fn predict<S: Data<Elem = F>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array1<usize>> {
        let z = self.decision_function(x)?;
        Ok(if self.w.ncols() == 1 {
            z.column(0).mapv(|v| usize::from(v > F::zero()))
        } else {
            argmax_rows(&z)
        })
    }

    /// Mean log loss (without the penalty) on `(x, y)`.
    ///
    /// # Errors
    /// As [`decision_function`](Self::decision_function), plus label errors.
    pub fn log_loss<S1, S2>(&self, x: &ArrayBase<S1, Ix2>, y: &ArrayBase<S2, Ix1>) -> Result<F>
    where
        S1: Data<Elem = F>,
        S2: Data<Elem = usize>,
    {
        let z = self.decision_function(x)?;
        if self.w.ncols() == 1 {
            check_same_rows("LogisticRegression::log_loss", x, y)?;
            check_labels("LogisticRegression::log_loss", y, 2)?;
            let total = z.column(0).iter().zip(y).fold(F::zero(), |a, (&zi, &yi)| {
                a + softplus(zi) - if yi == 1 { zi } else { F::zero() }
            });
            Ok(total / F::from_f64(y.len() as f64))
        } else {
            log_loss(&z, y)
        }
    }
}

/// Index of the largest entry of each row (first on ties): `Z.argmax(axis=1)`.
pub fn argmax_rows<F: Float, S: Data<Elem = F>>(z: &ArrayBase<S, Ix2>) -> Array1<usize> {
    z.rows()
        .into_iter()
        .map(|row| {
            let mut best = 0;
            for (j, &v) in row.iter().enumerate() {
                if v > row[best] {
                    best = j;
                }
            }
            best
        })
        .collect()
}
