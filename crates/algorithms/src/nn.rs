//! # 4.6 A neural network from scratch: dense layers, backpropagation, SGD and Adam
//!
//! A multi-layer perceptron (MLP) is logistic regression (4.3) with hidden layers: each
//! [`Dense`] layer computes `Z = A W + b`, a nonlinearity ([`Activation`]) turns `Z` into
//! the next layer's input, and the last layer's `Z` are logits for the softmax
//! cross-entropy. Training is gradient descent again; the gradient comes from the chain
//! rule applied layer by layer, backwards (backpropagation). Everything is written out
//! here, forward and backward, with the shapes:
//!
//! | step | NumPy | shapes (batch `m`) |
//! |---|---|---|
//! | dense forward | `Z = A @ W + b` | `(m, i) @ (i, o) + (o,)` |
//! | ReLU forward / backward | `A = np.maximum(Z, 0)`; `dZ = dA * (Z > 0)` | `(m, o)` |
//! | sigmoid | `A = 1 / (1 + np.exp(-Z))`; `dZ = dA * A * (1 - A)` | |
//! | tanh | `A = np.tanh(Z)`; `dZ = dA * (1 - A**2)` | |
//! | softmax cross-entropy | `loss = (logsumexp(Z, 1) - Z[range(m), y]).mean()`; `dZ = (softmax(Z) - onehot(y)) / m` | |
//! | dense backward | `dW = A.T @ dZ`; `db = dZ.sum(0)`; `dA = dZ @ W.T` | `(i, o)`, `(o,)`, `(m, i)` |
//! | SGD with momentum | `v = mu * v - lr * g; w += v` | |
//! | Adam | `m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²; w -= lr m̂ / (sqrt(v̂) + eps)` | |
//!
//! ```
//! use ndarray::s;
//! use algorithms::nn::{Activation, Mlp, Optimizer};
//! let digits = datasets::digits::load();
//! let x = digits.data.mapv(|v| (v / 16.0) as f32);            // pixels to [0, 1], float32
//! let (x_train, y_train) = (x.slice(s![..1500, ..]), digits.target.slice(s![..1500]));
//! let (x_test, y_test) = (x.slice(s![1500.., ..]), digits.target.slice(s![1500..]));
//! // MLPClassifier(hidden_layer_sizes=(64,), solver="adam", batch_size=32, max_iter=10)
//! let model = Mlp::params(&[64, 64, 10])
//!     .activation(Activation::Relu)
//!     .optimizer(Optimizer::adam(1e-2))
//!     .batch_size(32)
//!     .epochs(10)
//!     .seed(0)
//!     .fit(&x_train, &y_train)?;
//! assert!(model.accuracy(&x_test, &y_test)? > 0.9);
//! # Ok::<(), algorithms::Error>(())
//! ```
//!
//! ## Initialisation
//! Weights start random so that units differ; their scale keeps the variance of the
//! activations constant from layer to layer: **He** (`N(0, 2 / fan_in)`, for ReLU) and
//! **Xavier/Glorot** (`U(±sqrt(6 / (fan_in + fan_out)))`, for sigmoid/tanh). Biases start
//! at 0. [`MlpParams::fit`] picks He for ReLU and Xavier otherwise unless told.
//!
//! ## Checking gradients
//! A backward pass is easy to get subtly wrong. The tests of this crate compare every
//! backward (each activation, the dense layer, the loss, a whole network) with central
//! finite differences `(f(θ + h) - f(θ - h)) / 2h` in `f64`; see
//! [`numerical_gradient`].
//!
//! ## Speed
//! Float32 makes the products the whole cost, and on MNIST most of their terms are zero:
//! 81% of the pixels are background, 0.0 after scaling. When at most a third of a batch's
//! entries are nonzero, a [`Dense`] layer keeps the batch as compressed rows (for each row,
//! the columns and values of its nonzeros; `scipy.sparse.csr_matrix`) and multiplies over
//! those only:
//!
//! | step | dense (NumPy) | over the nonzeros |
//! |---|---|---|
//! | gather the batch | `xb = X[idx]` (copy 128 rows) | pack each picked row's nonzeros, the next row prefetched |
//! | forward | `xb @ W` | `z_i += x_ik W[k, :]` for the nonzeros `x_ik` of row `i` |
//! | backward | `xb.T @ dZ` | `dW[k, :] += x_ik dZ[i, :]`, split over ranges of `k` |
//!
//! The kernels hold eight 256-bit registers of the output (or of `dZ`'s row) while every
//! nonzero is multiplied in (AVX2 and FMA, chosen at run time). Each multiply-add then
//! needs its own load, where a dense GEMM reuses each load several times, so skipping
//! the zeros pays below about half nonzeros; a third leaves a margin. Sums over the
//! nonzeros are the dense sums without their zero terms: the results differ from the
//! dense path by rounding only.
//!
//! [`MlpParams::fit`] adds two things on sparse data. The next batch is packed on the
//! other core while the current one runs its backward pass and update (`rayon::join`):
//! packing reads 128 rows from all over `x` and waits on memory, and it does not depend
//! on the weights. And the check for NaN and infinity, which would otherwise be a pass of
//! its own over all of `x`, is made on the nonzeros as they are packed, before each batch
//! is used. One epoch of the 784-128-10 network on MNIST went from 0.53 s to about 0.27 s,
//! 0.41 to 0.45 of NumPy's time in the same runs (crate docs, *Speed*).
//!
//! A denser input (standardised features, a hidden layer after ReLU) takes the dense
//! path: the batch's large products are cut into one block of rows per core, each a
//! single-threaded `matrixmultiply` call (faster here than faer's parallel GEMM on so
//! little work). The Adam update is one pass over parameter, gradient and both moments,
//! split over the cores for large tensors. Predictions over a whole data set are split
//! into row blocks computed in parallel.
//! The gradient with respect to the *input* of the first layer is never used and is not
//! computed.
//!
//! ## When not to use it
//! This is a teaching MLP on the CPU: no convolutions, no dropout, no automatic
//! differentiation. For real models use a framework (burn, candle, PyTorch) that computes
//! the same gradients automatically and on a GPU.

use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use ndarray::{Array1, Array2, ArrayBase, ArrayView1, ArrayView2, Axis, Data, Ix1, Ix2, Zip, s};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand_distr::{Distribution, Normal, Uniform};
use rayon::prelude::*;

use crate::Float;
use crate::check::{
    check_finite, check_n_features, check_same_rows, check_shape, check_x, n_classes, positive,
};
use crate::error::{Error, Result, invalid};
use crate::logistic_regression::{argmax_rows, check_labels, log_sum_exp, softmax_inplace};
use crate::sparse::Compressed;

/// An elementwise nonlinearity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// `max(z, 0)`.
    Relu,
    /// `1 / (1 + exp(-z))`.
    Sigmoid,
    /// `tanh(z)`.
    Tanh,
    /// `z` (no nonlinearity).
    Identity,
}

impl Activation {
    /// `A = f(Z)`.
    pub fn forward<F: Float, S: Data<Elem = F>>(self, z: &ArrayBase<S, Ix2>) -> Array2<F> {
        let mut a = z.to_owned();
        self.forward_inplace(&mut a);
        a
    }

    fn forward_inplace<F: Float>(self, z: &mut Array2<F>) {
        match self {
            Activation::Relu => z.mapv_inplace(|v| v.max(F::zero())),
            Activation::Sigmoid => z.mapv_inplace(crate::logistic_regression::sigmoid),
            Activation::Tanh => z.mapv_inplace(|v| v.tanh()),
            Activation::Identity => {}
        }
    }

    /// `dZ = dA * f'(Z)`, written with the forward *output* `A` (which is all that
    /// ReLU, sigmoid and tanh need): ReLU `A > 0`, sigmoid `A (1 - A)`, tanh `1 - A^2`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `a` and `grad` differ in shape.
    pub fn backward<F, S1, S2>(
        self,
        a: &ArrayBase<S1, Ix2>,
        grad: &ArrayBase<S2, Ix2>,
    ) -> Result<Array2<F>>
    where
        F: Float,
        S1: Data<Elem = F>,
        S2: Data<Elem = F>,
    {
        if a.dim() != grad.dim() {
            return Err(Error::ShapeMismatch {
                op: "Activation::backward",
                left: a.shape().to_vec(),
                right: grad.shape().to_vec(),
                reason: "the output and its gradient must have the same shape".into(),
            });
        }
        let mut g = grad.to_owned();
        self.backward_inplace(a.view(), &mut g);
        Ok(g)
    }

    fn backward_inplace<F: Float>(self, a: ArrayView2<'_, F>, g: &mut Array2<F>) {
        match self {
            // A select, not a branch: which units are active is unpredictable, and the
            // branch-free loop vectorises.
            Activation::Relu => Zip::from(g).and(a).for_each(|g, &a| {
                *g = if a <= F::zero() { F::zero() } else { *g };
            }),
            Activation::Sigmoid => Zip::from(g)
                .and(a)
                .for_each(|g, &a| *g *= a * (F::one() - a)),
            Activation::Tanh => Zip::from(g).and(a).for_each(|g, &a| *g *= F::one() - a * a),
            Activation::Identity => {}
        }
    }
}

/// Weight initialisation scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Init {
    /// He/Kaiming normal: `N(0, 2 / fan_in)`, for ReLU.
    He,
    /// Xavier/Glorot uniform: `U(-r, r)`, `r = sqrt(6 / (fan_in + fan_out))`, for
    /// sigmoid/tanh.
    Xavier,
}

/// A fully connected layer `Z = A W + b` with its gradients.
///
/// When at most a third of a batch's entries are nonzero (an MNIST batch is 81% zeros:
/// the black background), `A W` and `A^T dZ` run over the nonzeros only, as
/// `scipy.sparse.csr_matrix(A) @ W` would: the same sums without the terms that are
/// zero, so the result differs from the dense product by rounding only (module docs,
/// *Speed*).
#[derive(Debug, Clone, PartialEq)]
pub struct Dense<F> {
    /// Weights, `(fan_in, fan_out)`.
    pub w: Array2<F>,
    /// Biases, `(fan_out,)`.
    pub b: Array1<F>,
    /// `dLoss/dW` from the last [`backward`](Self::backward).
    pub grad_w: Array2<F>,
    /// `dLoss/db` from the last [`backward`](Self::backward).
    pub grad_b: Array1<F>,
    input: Option<Input<F>>,
}

/// What a [`Dense`] layer keeps of its last input for the backward pass.
#[derive(Debug, Clone, PartialEq)]
enum Input<F> {
    /// The input as it was given.
    Dense(Array2<F>),
    /// Its nonzeros by rows (see [`MAX_DENSITY`]), and its number of columns.
    Sparse(Compressed<F>, usize),
}

impl<F: Float> Input<F> {
    /// `(rows, columns)` of the input.
    fn dim(&self) -> (usize, usize) {
        match self {
            Input::Dense(x) => x.dim(),
            Input::Sparse(c, ncols) => (c.nrows(), *ncols),
        }
    }
}

/// The largest fraction of nonzero entries for which a [`Dense`] layer multiplies its
/// input as a sparse matrix. The sparse kernel does one multiply-add per load and the
/// dense GEMM several, so the sparse product wins below about half nonzeros; a third
/// leaves a margin for building the compressed rows.
const MAX_DENSITY: f64 = 1.0 / 3.0;

impl<F: Float> Dense<F> {
    /// A layer with weights drawn by `init` from `rng`, biases 0.
    ///
    /// # Panics
    /// If `fan_in * fan_out` overflows or cannot be allocated (a programming error here;
    /// [`Network::new`] checks layer sizes from user input and returns an error instead).
    pub fn new(fan_in: usize, fan_out: usize, init: Init, rng: &mut StdRng) -> Self {
        let w = match init {
            Init::He => {
                let normal =
                    Normal::new(0.0, (2.0 / fan_in.max(1) as f64).sqrt()).expect("finite std");
                Array2::from_shape_simple_fn((fan_in, fan_out), || F::from_f64(normal.sample(rng)))
            }
            Init::Xavier => {
                let r = (6.0 / (fan_in + fan_out).max(1) as f64).sqrt();
                let uniform = Uniform::new_inclusive(-r, r);
                Array2::from_shape_simple_fn((fan_in, fan_out), || F::from_f64(uniform.sample(rng)))
            }
        };
        Self::from_weights(w, Array1::zeros(fan_out))
    }

    /// A layer with the given weights `(fan_in, fan_out)` and biases `(fan_out,)`.
    ///
    /// # Panics
    /// If `b.len() != w.ncols()` (a programming error, not user data).
    pub fn from_weights(w: Array2<F>, b: Array1<F>) -> Self {
        assert_eq!(
            w.ncols(),
            b.len(),
            "Dense::from_weights: one bias per output"
        );
        Dense {
            grad_w: Array2::zeros(w.raw_dim()),
            grad_b: Array1::zeros(b.raw_dim()),
            w,
            b,
            input: None,
        }
    }

    /// `Z = X W + b`; keeps `X` for the backward pass.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `x` does not have `fan_in` columns.
    pub fn forward<S: Data<Elem = F>>(&mut self, x: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        self.forward_owned(x.to_owned())
    }

    /// As [`forward`](Self::forward), taking ownership of `x` instead of copying it.
    fn forward_owned(&mut self, x: Array2<F>) -> Result<Array2<F>> {
        check_n_features("Dense::forward", &x, self.w.nrows())?;
        let (z, input) = match Compressed::rows_of(x.rows(), x.dim(), MAX_DENSITY) {
            Some(sparse) => (
                self.sparse_product(&sparse),
                Input::Sparse(sparse, x.ncols()),
            ),
            None => (self.dense_product(x.view()), Input::Dense(x)),
        };
        self.input = Some(input);
        Ok(z)
    }

    /// As [`forward`](Self::forward) for a batch given by its nonzeros, with `ncols`
    /// columns.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `ncols` is not `fan_in`.
    fn forward_sparse(&mut self, x: Compressed<F>, ncols: usize) -> Result<Array2<F>> {
        if ncols != self.w.nrows() {
            return Err(Error::ShapeMismatch {
                op: "Dense::forward",
                left: vec![x.nrows(), ncols],
                right: vec![self.w.nrows(), self.w.ncols()],
                reason: format!("the layer takes {} features", self.w.nrows()),
            });
        }
        let z = self.sparse_product(&x);
        self.input = Some(Input::Sparse(x, ncols));
        Ok(z)
    }

    /// `Z = X W + b` without keeping anything (inference).
    fn apply(&self, x: ArrayView2<'_, F>) -> Array2<F> {
        match Compressed::rows_of(x.rows(), x.dim(), MAX_DENSITY) {
            Some(sparse) => self.sparse_product(&sparse),
            None => self.dense_product(x),
        }
    }

    /// `Z = X W + b` by a dense GEMM.
    fn dense_product(&self, x: ArrayView2<'_, F>) -> Array2<F> {
        let mut z = crate::gemm::tall_dot(x, self.w.view());
        z += &self.b;
        z
    }

    /// `Z = X W + b` over the nonzeros of `X`.
    fn sparse_product(&self, x: &Compressed<F>) -> Array2<F> {
        let mut z = self.bias_rows(x.nrows());
        x.add_product_to(self.w.view(), &mut z);
        z
    }

    /// `rows` copies of `b`, in standard layout.
    fn bias_rows(&self, rows: usize) -> Array2<F> {
        self.b
            .broadcast((rows, self.b.len()))
            .expect("(n,) to (m, n)")
            .to_owned()
    }

    /// Given `dZ`, stores `dW = X^T dZ`, `db = sum_rows dZ` and returns `dX = dZ W^T`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `grad` does not match the last forward's output, or no
    /// forward pass was made.
    pub fn backward<S: Data<Elem = F>>(&mut self, grad: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        self.backward_impl(grad.view(), true)
            .map(|g| g.expect("requested"))
    }

    fn backward_impl(
        &mut self,
        grad: ArrayView2<'_, F>,
        input_grad: bool,
    ) -> Result<Option<Array2<F>>> {
        let x = self.input.as_ref().ok_or(Error::ShapeMismatch {
            op: "Dense::backward",
            left: grad.shape().to_vec(),
            right: vec![],
            reason: "backward called before forward".into(),
        })?;
        let (rows, cols) = x.dim();
        if grad.dim() != (rows, self.w.ncols()) {
            return Err(Error::ShapeMismatch {
                op: "Dense::backward",
                left: grad.shape().to_vec(),
                right: vec![rows, self.w.ncols()],
                reason: "the gradient must have the shape of the forward output".into(),
            });
        }
        self.grad_w = match x {
            Input::Sparse(sparse, _) => sparse.t_dot(grad, cols),
            Input::Dense(x) => crate::gemm::tall_t_dot(x.view(), grad),
        };
        self.grad_b = grad.sum_axis(Axis(0));
        Ok(if input_grad {
            Some(crate::gemm::tall_dot(grad, self.w.t()))
        } else {
            None
        })
    }
}

/// Mean softmax cross-entropy of logits `z` `(m, k)` against labels `y`, and its gradient
/// `dZ = (softmax(Z) - onehot(y)) / m`. The loss is computed from logits (log-sum-exp), so
/// it is finite for any finite logits.
///
/// ```
/// use ndarray::array;
/// let (loss, dz) = algorithms::nn::softmax_cross_entropy(&array![[0.0_f64, 0.0]], &array![1])?;
/// assert!((loss - 2f64.ln()).abs() < 1e-15);
/// assert_eq!(dz, array![[0.5, -0.5]]);
/// # Ok::<(), algorithms::Error>(())
/// ```
///
/// An empty batch (no rows) has loss 0 and an empty gradient; NaN or inf logits propagate
/// to the loss and the gradient.
///
/// # Errors
/// [`Error::ShapeMismatch`] when `y` has not one label per row,
/// [`Error::LabelOutOfRange`] for a label `>= k`.
pub fn softmax_cross_entropy<F, S1, S2>(
    z: &ArrayBase<S1, Ix2>,
    y: &ArrayBase<S2, Ix1>,
) -> Result<(F, Array2<F>)>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = usize>,
{
    check_same_rows("softmax_cross_entropy", z, y)?;
    check_labels("softmax_cross_entropy", y, z.ncols())?;
    Ok(sce(z.view(), y.view()))
}

fn sce<F: Float>(z: ArrayView2<'_, F>, y: ArrayView1<'_, usize>) -> (F, Array2<F>) {
    let m = F::from_f64(z.nrows().max(1) as f64);
    let lse = log_sum_exp(&z);
    let mut loss = F::zero();
    let mut g = z.to_owned();
    for (i, (mut row, &yi)) in g.rows_mut().into_iter().zip(y).enumerate() {
        loss += lse[i] - row[yi];
        row.mapv_inplace(|v| (v - lse[i]).exp() / m);
        row[yi] -= F::one() / m;
    }
    (loss / m, g)
}

/// A stack of [`Dense`] layers with one hidden activation, ending in logits.
#[derive(Debug, Clone, PartialEq)]
pub struct Network<F> {
    /// The layers, input first.
    pub layers: Vec<Dense<F>>,
    /// The activation after every layer but the last.
    pub activation: Activation,
    /// Outputs of the hidden activations from the last forward pass.
    hidden: Vec<Array2<F>>,
}

impl<F: Float> Network<F> {
    /// A network with layer sizes `sizes` (`[784, 128, 10]`: input, hidden..., classes).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] with fewer than 2 sizes, a size of 0, or two consecutive
    /// sizes whose weight matrix could not be allocated.
    pub fn new(sizes: &[usize], activation: Activation, init: Init, seed: u64) -> Result<Self> {
        if sizes.len() < 2 {
            return Err(invalid(
                "Mlp",
                "layer sizes",
                format!("{sizes:?}"),
                "need at least [n_inputs, n_outputs]",
            ));
        }
        if sizes.contains(&0) {
            return Err(invalid(
                "Mlp",
                "layer sizes",
                format!("{sizes:?}"),
                "every layer needs at least 1 unit",
            ));
        }
        if sizes
            .windows(2)
            .any(|w| !crate::check::fits_in_memory::<F>(w[0].checked_mul(w[1])))
        {
            return Err(invalid(
                "Mlp",
                "layer sizes",
                format!("{sizes:?}"),
                "a weight matrix that large would not fit in memory",
            ));
        }
        let mut rng = StdRng::seed_from_u64(seed);
        let layers = sizes
            .windows(2)
            .map(|w| Dense::new(w[0], w[1], init, &mut rng))
            .collect();
        Ok(Self::from_layers(layers, activation))
    }

    /// A network from given layers (consecutive layers must fit: `fan_out == next fan_in`).
    pub fn from_layers(layers: Vec<Dense<F>>, activation: Activation) -> Self {
        Network {
            layers,
            activation,
            hidden: Vec::new(),
        }
    }

    /// Logits for `x`, keeping what the backward pass needs.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `x` does not have `sizes[0]` columns.
    pub fn forward<S: Data<Elem = F>>(&mut self, x: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        self.forward_owned(x.to_owned())
    }

    /// As [`forward`](Self::forward), taking ownership of the batch (no copy of it).
    fn forward_owned(&mut self, x: Array2<F>) -> Result<Array2<F>> {
        let a = self.layers[0].forward_owned(x)?;
        self.forward_from(a)
    }

    /// As [`forward`](Self::forward) for a batch given by its nonzeros (see
    /// [`Dense::forward_sparse`]).
    fn forward_sparse(&mut self, x: Compressed<F>, ncols: usize) -> Result<Array2<F>> {
        let a = self.layers[0].forward_sparse(x, ncols)?;
        self.forward_from(a)
    }

    /// The layers after the first, from the first layer's output `a`.
    fn forward_from(&mut self, mut a: Array2<F>) -> Result<Array2<F>> {
        self.hidden.clear();
        let last = self.layers.len() - 1;
        for l in 1..=last {
            self.activation.forward_inplace(&mut a);
            self.hidden.push(a);
            let input = self.hidden.last().expect("just pushed");
            a = self.layers[l].forward(input)?;
        }
        Ok(a)
    }

    /// Logits without keeping anything (inference).
    fn predict_logits(&self, x: ArrayView2<'_, F>) -> Array2<F> {
        let mut a = self.layers[0].apply(x);
        for layer in &self.layers[1..] {
            self.activation.forward_inplace(&mut a);
            a = layer.apply(a.view());
        }
        a
    }

    /// Backpropagates `dLoss/dlogits` through all layers, filling each layer's gradients.
    /// The gradient with respect to the network input is not computed.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `grad` does not match the last forward's logits.
    pub fn backward<S: Data<Elem = F>>(&mut self, grad: &ArrayBase<S, Ix2>) -> Result<()> {
        let mut g = grad.to_owned();
        for l in (0..self.layers.len()).rev() {
            let dx = self.layers[l].backward_impl(g.view(), l > 0)?;
            if let Some(mut dx) = dx {
                self.activation
                    .backward_inplace(self.hidden[l - 1].view(), &mut dx);
                g = dx;
            }
        }
        Ok(())
    }

    /// Loss and gradients for one batch: forward, softmax cross-entropy, backward.
    ///
    /// # Errors
    /// Shape and label errors from the pieces.
    pub fn loss_and_backward<S1, S2>(
        &mut self,
        x: &ArrayBase<S1, Ix2>,
        y: &ArrayBase<S2, Ix1>,
    ) -> Result<F>
    where
        S1: Data<Elem = F>,
        S2: Data<Elem = usize>,
    {
        let z = self.forward(x)?;
        let (loss, dz) = softmax_cross_entropy(&z, y)?;
        self.backward(&dz)?;
        Ok(loss)
    }
}

/// An optimizer and its hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Optimizer {
    /// `v = momentum * v - lr * g; w += v` (momentum 0 is plain SGD).
    Sgd {
        /// Learning rate.
        lr: f64,
        /// Momentum coefficient in `[0, 1)`.
        momentum: f64,
    },
    /// Adam (Kingma & Ba 2015) with bias correction.
    Adam {
        /// Learning rate.
        lr: f64,
        /// Decay of the first moment (0.9).
        beta1: f64,
        /// Decay of the second moment (0.999).
        beta2: f64,
        /// Added to the denominator (1e-8).
        eps: f64,
    },
}

impl Optimizer {
    /// SGD with momentum: `torch.optim.SGD(params, lr, momentum)`.
    pub fn sgd(lr: f64, momentum: f64) -> Self {
        Optimizer::Sgd { lr, momentum }
    }

    /// Adam with the usual `beta1 = 0.9, beta2 = 0.999, eps = 1e-8`:
    /// `torch.optim.Adam(params, lr)`.
    pub fn adam(lr: f64) -> Self {
        Optimizer::Adam {
            lr,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
        }
    }

    fn validate(&self) -> Result<()> {
        const E: &str = "Optimizer";
        match *self {
            Optimizer::Sgd { lr, momentum } => {
                positive(E, "lr", lr)?;
                if !(0.0..1.0).contains(&momentum) {
                    return Err(invalid(E, "momentum", momentum, "must be in [0, 1)"));
                }
            }
            Optimizer::Adam {
                lr,
                beta1,
                beta2,
                eps,
            } => {
                positive(E, "lr", lr)?;
                positive(E, "eps", eps)?;
                for (name, b) in [("beta1", beta1), ("beta2", beta2)] {
                    if !(0.0..1.0).contains(&b) {
                        return Err(invalid(E, name, b, "must be in [0, 1)"));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Parameter tensors from this size are updated in parallel (one chunk per thread).
const PAR_UPDATE: usize = 1 << 15;

/// An optimizer with its per-parameter state (velocities or moments).
#[derive(Debug, Clone)]
pub struct OptimizerState<F> {
    kind: Optimizer,
    /// Per parameter tensor: first buffer (velocity or `m`), second (`v`, Adam only).
    buffers: Vec<(Vec<F>, Vec<F>)>,
    t: i32,
}

impl<F: Float> OptimizerState<F> {
    /// Fresh state (zeros) for `kind`.
    pub fn new(kind: Optimizer) -> Self {
        OptimizerState {
            kind,
            buffers: Vec::new(),
            t: 0,
        }
    }

    /// One update of every layer's `w` and `b` from its stored gradients.
    pub fn step(&mut self, net: &mut Network<F>) {
        self.t += 1;
        let mut idx = 0;
        for layer in &mut net.layers {
            let Dense {
                w,
                b,
                grad_w,
                grad_b,
                ..
            } = layer;
            self.update(
                idx,
                w.as_slice_mut().expect("owned"),
                grad_w.as_slice().expect("owned"),
            );
            self.update(
                idx + 1,
                b.as_slice_mut().expect("owned"),
                grad_b.as_slice().expect("owned"),
            );
            idx += 2;
        }
    }

    fn update(&mut self, idx: usize, p: &mut [F], g: &[F]) {
        if self.buffers.len() <= idx {
            self.buffers.resize(idx + 1, (Vec::new(), Vec::new()));
        }
        let (m, v) = &mut self.buffers[idx];
        if m.len() != p.len() {
            *m = vec![F::zero(); p.len()];
            *v = vec![F::zero(); p.len()];
        }
        // Large tensors are updated in one chunk per thread (the update is elementwise).
        let threads = rayon::current_num_threads();
        let chunk = if p.len() >= PAR_UPDATE && threads > 1 {
            p.len().div_ceil(threads)
        } else {
            p.len().max(1)
        };
        match self.kind {
            Optimizer::Sgd { lr, momentum } => {
                let (lr, mu) = (F::from_f64(lr), F::from_f64(momentum));
                p.par_chunks_mut(chunk)
                    .zip(g.par_chunks(chunk).zip(m.par_chunks_mut(chunk)))
                    .for_each(|(p, (g, m))| {
                        for ((p, &g), vel) in p.iter_mut().zip(g).zip(m.iter_mut()) {
                            *vel = mu * *vel - lr * g;
                            *p += *vel;
                        }
                    });
            }
            Optimizer::Adam {
                lr,
                beta1,
                beta2,
                eps,
            } => {
                let c1 = 1.0 - beta1.powi(self.t);
                let c2 = 1.0 - beta2.powi(self.t);
                // lr * m̂ / (sqrt(v̂) + eps), with the corrections folded into the step size.
                let step = F::from_f64(lr * c2.sqrt() / c1);
                let eps = F::from_f64(eps * c2.sqrt());
                let (b1, b2) = (F::from_f64(beta1), F::from_f64(beta2));
                let (o1, o2) = (F::one() - b1, F::one() - b2);
                // One pass over the four arrays.
                p.par_chunks_mut(chunk)
                    .zip(g.par_chunks(chunk))
                    .zip(m.par_chunks_mut(chunk).zip(v.par_chunks_mut(chunk)))
                    .for_each(|((p, g), (m, v))| {
                        // 256-bit square roots and divisions where the CPU has them.
                        crate::simd::wide(|| {
                            for (((p, &g), m), v) in
                                p.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut())
                            {
                                *m = b1 * *m + o1 * g;
                                *v = b2 * *v + o2 * g * g;
                                *p -= step * *m / (v.sqrt() + eps);
                            }
                        })
                    });
            }
        }
    }
}

/// Entry point: `Mlp::params(&[784, 128, 10])` gives the builder.
#[derive(Debug, Clone, Copy)]
pub struct Mlp;

impl Mlp {
    /// An MLP with layer sizes `sizes` = `[n_features, hidden..., n_classes]`. Defaults:
    /// ReLU, Adam(1e-3), batch size 128, 10 epochs, seed 0, no progress output.
    pub fn params(sizes: &[usize]) -> MlpParams {
        MlpParams {
            sizes: sizes.to_vec(),
            activation: Activation::Relu,
            init: None,
            optimizer: Optimizer::adam(1e-3),
            batch_size: 128,
            epochs: 10,
            seed: 0,
            verbose: false,
        }
    }
}

/// Hyperparameters of [`Mlp`], checked by [`fit`](Self::fit).
#[derive(Debug, Clone, PartialEq)]
pub struct MlpParams {
    sizes: Vec<usize>,
    activation: Activation,
    init: Option<Init>,
    optimizer: Optimizer,
    batch_size: usize,
    epochs: usize,
    seed: u64,
    verbose: bool,
}

/// What one epoch of training did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochStats {
    /// Epoch number, from 1.
    pub epoch: usize,
    /// Mean training loss over the epoch's batches.
    pub loss: f64,
    /// Training accuracy measured during the epoch (on each batch before its update).
    pub train_accuracy: f64,
    /// Accuracy on the validation set after the epoch, if one was given.
    pub val_accuracy: Option<f64>,
    /// Wall-clock seconds for the epoch's training (validation excluded).
    pub seconds: f64,
}

/// A trained MLP.
#[derive(Debug, Clone)]
pub struct FittedMlp<F> {
    network: Network<F>,
    history: Vec<EpochStats>,
}

impl MlpParams {
    /// Hidden activation (default ReLU).
    pub fn activation(mut self, a: Activation) -> Self {
        self.activation = a;
        self
    }

    /// Initialisation (default: He for ReLU, Xavier for the others).
    pub fn init(mut self, init: Init) -> Self {
        self.init = Some(init);
        self
    }

    /// Optimizer (default `Optimizer::adam(1e-3)`).
    pub fn optimizer(mut self, o: Optimizer) -> Self {
        self.optimizer = o;
        self
    }

    /// Mini-batch size (default 128).
    pub fn batch_size(mut self, b: usize) -> Self {
        self.batch_size = b;
        self
    }

    /// Number of epochs (default 10).
    pub fn epochs(mut self, e: usize) -> Self {
        self.epochs = e;
        self
    }

    /// Seed for the initial weights and the batch order.
    pub fn seed(mut self, s: u64) -> Self {
        self.seed = s;
        self
    }

    /// Show a progress bar per epoch and print one line per epoch (default off).
    pub fn verbose(mut self, v: bool) -> Self {
        self.verbose = v;
        self
    }

    /// Trains on `x` `(n, sizes[0])` with labels `y` in `0..sizes.last()`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for bad sizes, a batch size or epoch count of 0, or bad
    /// optimizer settings; data errors as for the other estimators;
    /// [`Error::LabelOutOfRange`] for a label `>=` the output size; [`Error::Diverged`].
    pub fn fit<F, S1, S2>(
        &self,
        x: &ArrayBase<S1, Ix2>,
        y: &ArrayBase<S2, Ix1>,
    ) -> Result<FittedMlp<F>>
    where
        F: Float,
        S1: Data<Elem = F>,
        S2: Data<Elem = usize>,
    {
        self.fit_impl(x.view(), y.view(), None)
    }

    /// As [`fit`](Self::fit), also measuring accuracy on `(x_val, y_val)` after each epoch.
    ///
    /// # Errors
    /// As [`fit`](Self::fit), and the same data checks on the validation set.
    pub fn fit_with_validation<F, S1, S2, S3, S4>(
        &self,
        x: &ArrayBase<S1, Ix2>,
        y: &ArrayBase<S2, Ix1>,
        x_val: &ArrayBase<S3, Ix2>,
        y_val: &ArrayBase<S4, Ix1>,
    ) -> Result<FittedMlp<F>>
    where
        F: Float,
        S1: Data<Elem = F>,
        S2: Data<Elem = usize>,
        S3: Data<Elem = F>,
        S4: Data<Elem = usize>,
    {
        check_x("Mlp::fit (validation)", x_val, 1)?;
        check_same_rows("Mlp::fit (validation)", x_val, y_val)?;
        self.fit_impl(x.view(), y.view(), Some((x_val.view(), y_val.view())))
    }

    fn fit_impl<F: Float>(
        &self,
        x: ArrayView2<'_, F>,
        y: ArrayView1<'_, usize>,
        val: Option<(ArrayView2<'_, F>, ArrayView1<'_, usize>)>,
    ) -> Result<FittedMlp<F>> {
        const E: &str = "Mlp";
        const E_FIT: &str = "Mlp::fit";
        if self.batch_size == 0 {
            return Err(invalid(E, "batch_size", 0, "must be at least 1"));
        }
        if self.epochs == 0 {
            return Err(invalid(E, "epochs", 0, "must be at least 1"));
        }
        self.optimizer.validate()?;
        let init = self.init.unwrap_or(match self.activation {
            Activation::Relu => Init::He,
            _ => Init::Xavier,
        });
        let mut net = Network::new(&self.sizes, self.activation, init, self.seed)?;
        check_shape(E_FIT, &x, 1)?;
        check_same_rows(E_FIT, &x, &y)?;
        check_n_features(E_FIT, &x, self.sizes[0])?;
        let k = *self.sizes.last().expect("checked by Network::new");
        n_classes(E, &y, 1)?;
        check_labels(E_FIT, &y, k)?;
        if let Some((xv, yv)) = val {
            check_n_features("Mlp::fit (validation)", &xv, self.sizes[0])?;
            check_labels("Mlp::fit (validation)", &yv, k)?;
        }
        // Whether batches are worth packing: judged on the first rows (a guess that only
        // decides speed; a batch that turns out denser goes the dense way). Packed data
        // are checked for NaN and infinity as they are packed, each batch before it is
        // used, which saves a pass over `x`; other data are checked here.
        let head = x.slice(s![..n_sparse_probe(x.nrows()), ..]);
        let sparse = Compressed::rows_of(head.rows(), head.dim(), MAX_DENSITY).is_some();
        if !sparse {
            check_finite(E_FIT, &x)?;
        }
        let mut opt = OptimizerState::new(self.optimizer);
        let mut rng = StdRng::seed_from_u64(self.seed.wrapping_add(1));
        let n = x.nrows();
        let mut order: Vec<usize> = (0..n).collect();
        let mut history = Vec::with_capacity(self.epochs);
        let n_batches = n.div_ceil(self.batch_size);
        for epoch in 1..=self.epochs {
            let bar = if self.verbose {
                let pb = ProgressBar::new(n_batches as u64);
                pb.set_style(
                    ProgressStyle::with_template(
                        "epoch {prefix} [{bar:30}] {pos}/{len} batches {msg}",
                    )
                    .expect("valid template")
                    .progress_chars("=> "),
                );
                pb.set_prefix(format!("{epoch}/{}", self.epochs));
                pb
            } else {
                ProgressBar::hidden()
            };
            let start = Instant::now();
            order.shuffle(&mut rng);
            let (mut loss_sum, mut hits) = (0.0, 0usize);
            // When the data are sparse, each batch reaches the first layer packed (its
            // nonzeros only), and the next batch is packed on another core while this one
            // runs its backward pass and update: packing reads rows from all over `x`, and
            // waits on memory, not on the weights.
            let batches: Vec<&[usize]> = order.chunks(self.batch_size).collect();
            let pack = |rows: &[usize]| {
                sparse.then(|| Compressed::select_rows_of(x, rows, MAX_DENSITY))?
            };
            let mut packed = batches.first().and_then(|rows| pack(rows));
            for (b, chunk) in batches.iter().enumerate() {
                let z = match packed.take() {
                    Some(c) if !c.is_finite() => return Err(Error::NonFinite { op: E_FIT }),
                    Some(c) => net.forward_sparse(c, x.ncols())?,
                    None => {
                        let xb = x.select(Axis(0), chunk);
                        if sparse {
                            check_finite(E_FIT, &xb)?;
                        }
                        net.forward_owned(xb)?
                    }
                };
                let yb = y.select(Axis(0), chunk);
                let (next, step) = rayon::join(
                    || batches.get(b + 1).and_then(|rows| pack(rows)),
                    || train_step(&mut net, &mut opt, &z, &yb),
                );
                packed = next;
                let (loss, batch_hits) = step?;
                if !loss.is_finite() {
                    return Err(Error::Diverged {
                        op: E,
                        iteration: epoch,
                        loss,
                    });
                }
                hits += batch_hits;
                loss_sum += loss * chunk.len() as f64;
                if b % 16 == 0 {
                    bar.set_message(format!(
                        "loss {:.4}",
                        loss_sum / ((b * self.batch_size + chunk.len()) as f64)
                    ));
                }
                bar.inc(1);
            }
            let seconds = start.elapsed().as_secs_f64();
            bar.finish_and_clear();
            let val_accuracy = val.map(|(xv, yv)| accuracy_of_net(&net, xv, yv));
            let stats = EpochStats {
                epoch,
                loss: loss_sum / n as f64,
                train_accuracy: hits as f64 / n as f64,
                val_accuracy,
                seconds,
            };
            if self.verbose {
                let val = stats
                    .val_accuracy
                    .map_or(String::new(), |a| format!("  val_acc {a:.4}"));
                println!(
                    "epoch {:>3}/{}  loss {:.4}  train_acc {:.4}{val}  {:.2}s",
                    epoch, self.epochs, stats.loss, stats.train_accuracy, stats.seconds
                );
            }
            history.push(stats);
        }
        Ok(FittedMlp {
            network: net,
            history,
        })
    }
}

/// Rows of `x` looked at to decide whether an MLP packs its batches.
fn n_sparse_probe(rows: usize) -> usize {
    rows.min(1024)
}

/// One mini-batch after its forward pass: the loss, the number of correct predictions,
/// then (if the loss is finite) backpropagation and one optimizer step.
fn train_step<F: Float>(
    net: &mut Network<F>,
    opt: &mut OptimizerState<F>,
    z: &Array2<F>,
    y: &Array1<usize>,
) -> Result<(f64, usize)> {
    let hits = argmax_rows(z).iter().zip(y).filter(|(p, t)| p == t).count();
    let (loss, dz) = sce(z.view(), y.view());
    let loss = loss.to_f64();
    if loss.is_finite() {
        net.backward(&dz)?;
        opt.step(net);
    }
    Ok((loss, hits))
}

fn accuracy_of_net<F: Float>(
    net: &Network<F>,
    x: ArrayView2<'_, F>,
    y: ArrayView1<'_, usize>,
) -> f64 {
    let pred = argmax_rows(&net.predict_logits(x));
    crate::check::accuracy_of(pred.as_slice().expect("owned"), &y.to_vec())
}

impl<F: Float> FittedMlp<F> {
    /// The trained network (weights in `layers[i].w`, `.b`).
    pub fn network(&self) -> &Network<F> {
        &self.network
    }

    /// One entry per epoch.
    pub fn history(&self) -> &[EpochStats] {
        &self.history
    }

    /// Logits `(n, k)`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for a wrong number of features, [`Error::NonFinite`].
    pub fn decision_function<S: Data<Elem = F>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        check_x("Mlp::predict", x, 1)?;
        check_n_features("Mlp::predict", x, self.network.layers[0].w.nrows())?;
        Ok(self.network.predict_logits(x.view()))
    }

    /// Class probabilities (softmax of the logits).
    ///
    /// # Errors
    /// As [`decision_function`](Self::decision_function).
    pub fn predict_proba<S: Data<Elem = F>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        let mut z = self.decision_function(x)?;
        softmax_inplace(&mut z);
        Ok(z)
    }

    /// The most probable class of each row.
    ///
    /// # Errors
    /// As [`decision_function`](Self::decision_function).
    pub fn predict<S: Data<Elem = F>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array1<usize>> {
        Ok(argmax_rows(&self.decision_function(x)?))
    }

    /// Accuracy on `(x, y)`.
    ///
    /// # Errors
    /// As [`decision_function`](Self::decision_function), and a length mismatch.
    pub fn accuracy<S1, S2>(&self, x: &ArrayBase<S1, Ix2>, y: &ArrayBase<S2, Ix1>) -> Result<f64>
    where
        S1: Data<Elem = F>,
        S2: Data<Elem = usize>,
    {
        check_same_rows("Mlp::accuracy", x, y)?;
        let pred = self.predict(x)?;
        crate::metrics::accuracy(y, &pred)
    }
}

/// Central finite-difference gradient of `f` at `theta`:
/// `g_i = (f(θ + h e_i) - f(θ - h e_i)) / 2h`, error `O(h^2)`. Used by the tests to check
/// every backward pass; `h = 1e-6` in `f64` gives about 8 correct digits.
///
/// ```
/// use ndarray::array;
/// // f(a, b) = a^2 b: gradient (2ab, a^2) = (12, 9) at (3, 2)
/// let g = algorithms::nn::numerical_gradient(|t| t[0] * t[0] * t[1], &array![3.0, 2.0], 1e-6);
/// assert!((g[0] - 12.0).abs() < 1e-6 && (g[1] - 9.0).abs() < 1e-6);
/// ```
pub fn numerical_gradient<G>(mut f: G, theta: &Array1<f64>, h: f64) -> Array1<f64>
where
    G: FnMut(&Array1<f64>) -> f64,
{
    let mut t = theta.clone();
    let mut g = Array1::zeros(theta.len());
    for i in 0..theta.len() {
        let orig = t[i];
        t[i] = orig + h;
        let up = f(&t);
        t[i] = orig - h;
        let down = f(&t);
        t[i] = orig;
        g[i] = (up - down) / (2.0 * h);
    }
    g
}
