//! # 5.7 Batch normalisation and dropout
//!
//! Two layers that behave differently in training and in inference, which is where most
//! of their bugs live.
//!
//! ## Batch normalisation
//! In training, each feature is standardised with the statistics of the current batch and
//! then scaled and shifted by learned `gamma` and `beta`:
//!
//! `mu = mean(x, 0)`, `var = mean((x - mu)^2, 0)`, `xhat = (x - mu) / sqrt(var + eps)`,
//! `y = gamma xhat + beta`,
//!
//! while running averages `running = (1 - momentum) running + momentum batch` are kept
//! (PyTorch's convention: momentum 0.1, the running variance uses the unbiased batch
//! variance `var N / (N - 1)`). In inference the running statistics replace the batch ones,
//! so a prediction does not depend on the other samples in its batch. The backward pass
//! (training mode) is
//!
//! `dbeta = sum(dy, 0)`, `dgamma = sum(dy xhat, 0)`,
//! `dx = gamma / (N sqrt(var + eps)) (N dy - dbeta - xhat dgamma)`.
//!
//! For images (`BatchNorm2d`) the statistics are per channel over `(N, H, W)`: apply the
//! same layer to `nchw_to_nhwc(x).into_shape((N H W, C))`.
//!
//! ## Dropout
//! Inverted dropout: in training each activation is zeroed with probability `p` and the
//! survivors are scaled by `1 / (1 - p)`, so the expected value is unchanged and inference
//! is the identity. The mask comes from a seeded generator and is returned for the backward
//! pass (`dx = dy * mask / (1 - p)`).
//!
//! | NumPy / PyTorch | Rust (`use applications::layers::*;`) |
//! |---|---|
//! | `nn.BatchNorm1d(d)` in `train()` | [`BatchNorm::new(d)`](BatchNorm::new), [`forward_train(&x)?`](BatchNorm::forward_train) |
//! | in `eval()` | [`forward_eval(&x)?`](BatchNorm::forward_eval) |
//! | `loss.backward()` through it | [`backward(&dy)?`](BatchNorm::backward) |
//! | `mask = rng.random(x.shape) >= p; x * mask / (1 - p)` | [`dropout(&x, p, &mut rng)?`](dropout) |
//!
//! ```
//! use ndarray::array;
//! use applications::layers::BatchNorm;
//! let mut bn = BatchNorm::<f64>::new(2);
//! let y = bn.forward_train(&array![[1.0, 10.0], [3.0, 30.0]])?;
//! assert!((y[[0, 0]] + 1.0).abs() < 1e-4 && (y[[1, 1]] - 1.0).abs() < 1e-4);
//! // running mean moved 10 % of the way from 0 to the batch mean (2, 20)
//! assert!((bn.running_mean[0] - 0.2).abs() < 1e-12 && (bn.running_mean[1] - 2.0).abs() < 1e-12);
//! # Ok::<(), applications::Error>(())
//! ```

use ndarray::{Array1, Array2, ArrayBase, Axis, Data, Ix2};
use rand::Rng;

use crate::Float;
use crate::error::{Result, empty, invalid, mismatch};

/// Batch normalisation over the rows of `(N, D)` inputs, with learned `gamma`, `beta` and
/// running statistics.
#[derive(Debug, Clone)]
pub struct BatchNorm<F> {
    /// Scale, `(D,)`, initialised to 1.
    pub gamma: Array1<F>,
    /// Shift, `(D,)`, initialised to 0.
    pub beta: Array1<F>,
    /// Running mean used in inference, initialised to 0.
    pub running_mean: Array1<F>,
    /// Running (unbiased) variance used in inference, initialised to 1.
    pub running_var: Array1<F>,
    /// Weight of the new batch in the running averages (0.1).
    pub momentum: F,
    /// Added to the variance before the square root (1e-5).
    pub eps: F,
    /// `dLoss/dgamma` from the last backward pass.
    pub grad_gamma: Array1<F>,
    /// `dLoss/dbeta` from the last backward pass.
    pub grad_beta: Array1<F>,
    cache: Option<(Array2<F>, Array1<F>)>,
}

impl<F: Float> BatchNorm<F> {
    /// A layer for `d` features with PyTorch's defaults (momentum 0.1, eps 1e-5).
    pub fn new(d: usize) -> Self {
        Self {
            gamma: Array1::ones(d),
            beta: Array1::zeros(d),
            running_mean: Array1::zeros(d),
            running_var: Array1::ones(d),
            momentum: F::from_f64(0.1),
            eps: F::from_f64(1e-5),
            grad_gamma: Array1::zeros(d),
            grad_beta: Array1::zeros(d),
            cache: None,
        }
    }

    fn check<S: Data<Elem = F>>(&self, op: &'static str, x: &ArrayBase<S, Ix2>) -> Result<()> {
        if x.ncols() != self.gamma.len() {
            return Err(mismatch(
                op,
                x.shape(),
                self.gamma.shape(),
                "x must have one column per feature",
            ));
        }
        Ok(())
    }

    /// Training mode: normalise with the batch statistics, update the running ones, keep
    /// what [`backward`](Self::backward) needs.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) for the wrong number of
    /// columns, [`Error::Empty`](crate::Error::Empty) for fewer than 2 rows (the batch
    /// variance needs two samples, PyTorch refuses too).
    pub fn forward_train<S: Data<Elem = F>>(&mut self, x: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        self.check("BatchNorm::forward_train", x)?;
        let n = x.nrows();
        if n < 2 {
            return Err(empty(
                "BatchNorm::forward_train",
                "need at least 2 rows for batch statistics",
            ));
        }
        let nf = F::from_f64(n as f64);
        let mu = x.sum_axis(Axis(0)) / nf;
        let centred = x - &mu;
        let var = centred.mapv(|v| v * v).sum_axis(Axis(0)) / nf;
        let inv_std = var.mapv(|v| F::one() / (v + self.eps).sqrt());
        let xhat = centred * &inv_std;
        let m = self.momentum;
        let unbiased = &var * (nf / (nf - F::one()));
        self.running_mean = &self.running_mean * (F::one() - m) + &mu * m;
        self.running_var = &self.running_var * (F::one() - m) + unbiased * m;
        let y = &xhat * &self.gamma + &self.beta;
        self.cache = Some((xhat, inv_std));
        Ok(y)
    }

    /// Inference mode: `gamma (x - running_mean) / sqrt(running_var + eps) + beta`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) for the wrong number of columns.
    pub fn forward_eval<S: Data<Elem = F>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        self.check("BatchNorm::forward_eval", x)?;
        let scale = &self.gamma / &self.running_var.mapv(|v| (v + self.eps).sqrt());
        Ok((x - &self.running_mean) * &scale + &self.beta)
    }

    /// Backward pass of the last [`forward_train`](Self::forward_train): stores
    /// `grad_gamma`, `grad_beta` and returns `dLoss/dx`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) when `dy` does not match the
    /// last forward output, [`Error::Empty`](crate::Error::Empty) when there was none.
    pub fn backward<S: Data<Elem = F>>(&mut self, dy: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        let (xhat, inv_std) = self
            .cache
            .as_ref()
            .ok_or_else(|| empty("BatchNorm::backward", "no forward_train before backward"))?;
        if dy.dim() != xhat.dim() {
            return Err(mismatch(
                "BatchNorm::backward",
                dy.shape(),
                xhat.shape(),
                "dy must match the last forward output",
            ));
        }
        let nf = F::from_f64(dy.nrows() as f64);
        let dbeta = dy.sum_axis(Axis(0));
        let dgamma = (dy * xhat).sum_axis(Axis(0));
        let dx = (dy * nf - &dbeta - xhat * &dgamma) * &(&self.gamma * inv_std / nf);
        self.grad_gamma = dgamma;
        self.grad_beta = dbeta;
        Ok(dx)
    }
}

/// Inverted dropout in training mode: returns `x * mask / (1 - p)` and the mask
/// (`true` = kept). In inference, do not call it (dropout is the identity there).
///
/// ```
/// use ndarray::Array2;
/// use rand::{SeedableRng, rngs::StdRng};
/// let x = Array2::<f64>::ones((200, 50));
/// let (y, mask) = applications::layers::dropout(&x, 0.2, &mut StdRng::seed_from_u64(0))?;
/// let kept = mask.iter().filter(|&&m| m).count() as f64 / 10_000.0;
/// assert!((kept - 0.8).abs() < 0.02);                     // about 80 % kept
/// assert!((y.mean().unwrap() - 1.0).abs() < 0.03);        // expectation preserved
/// # Ok::<(), applications::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for `p` outside `[0, 1)`.
pub fn dropout<F: Float, S: Data<Elem = F>, R: Rng>(
    x: &ArrayBase<S, Ix2>,
    p: f64,
    rng: &mut R,
) -> Result<(Array2<F>, Array2<bool>)> {
    if !(0.0..1.0).contains(&p) {
        return Err(invalid("dropout", "p", p, "must be in [0, 1)"));
    }
    let mask = Array2::from_shape_simple_fn(x.raw_dim(), || rng.r#gen::<f64>() >= p);
    let scale = F::from_f64(1.0 / (1.0 - p));
    let y = ndarray::Zip::from(x)
        .and(&mask)
        .map_collect(|&v, &m| if m { v * scale } else { F::zero() });
    Ok((y, mask))
}
