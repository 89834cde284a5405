//! # 5.6 Losses, stable for large logits
//!
//! A classifier outputs **logits** `z`; probabilities are `softmax(z)` or `sigmoid(z)`.
//! Computing the probability first and its log second overflows (`exp(1000) = inf`) or
//! underflows (`log(0) = -inf`). Every loss here works on logits with the log-sum-exp
//! trick instead, and returns its gradient with respect to the logits, which is simple:
//!
//! | loss | formula (mean over the `N` rows) | gradient w.r.t. logits |
//! |---|---|---|
//! | cross-entropy, label smoothing `e` | `t = (1 - e) onehot(y) + e / K`; `L = -sum_k t_k log softmax(z)_k = lse(z) - t . z` | `(softmax(z) - t) / N` |
//! | binary cross-entropy from logits | `max(z, 0) - z y + log(1 + exp(-|z|))` | `(sigmoid(z) - y) / N` |
//! | binary cross-entropy from probabilities | `-(y log p + (1 - y) log(1 - p))`, `p` clipped to `[eps, 1 - eps]` | — |
//! | mean squared error | `mean((p - y)^2)` over all entries | `2 (p - y) / size` |
//!
//! | PyTorch | Rust (`use applications::losses::*;`) |
//! |---|---|
//! | `F.cross_entropy(z, y, label_smoothing=e)` | [`cross_entropy(&z, &y, e)?`](cross_entropy) -> `(loss, grad)` |
//! | `F.binary_cross_entropy_with_logits(z, y)` | [`binary_cross_entropy_with_logits(&z, &y)?`](binary_cross_entropy_with_logits) |
//! | `F.binary_cross_entropy(p, y)` / `log_loss` | [`binary_cross_entropy(&p, &y, 1e-7)?`](binary_cross_entropy) |
//! | `F.mse_loss(p, y)` | [`mse_loss(&p, &y)?`](mse_loss) |
//!
//! ```
//! use ndarray::array;
//! use applications::losses::cross_entropy;
//! // logits of 1000: a naive softmax is inf / inf = NaN; the stable form is exact
//! let (loss, grad) = cross_entropy(&array![[1000.0_f64, 0.0]], &array![1], 0.0)?;
//! assert_eq!(loss, 1000.0);
//! assert_eq!(grad, array![[1.0, -1.0]]);
//! # Ok::<(), applications::Error>(())
//! ```

use algorithms::logistic_regression::{log_sum_exp, sigmoid, softmax};
use ndarray::{Array1, Array2, ArrayBase, Data, Dimension, Ix1, Ix2};

use crate::Float;
use crate::error::{Error, Result, invalid, mismatch};

/// Mean softmax cross-entropy of integer labels under logits `z` `(N, K)`, with label
/// smoothing `e` in `[0, 1]` (PyTorch's `label_smoothing`: target `(1 - e) onehot + e / K`),
/// and its gradient `(softmax(z) - t) / N`.
///
/// # Errors
/// [`Error::ShapeMismatch`] for one label per row missing, [`Error::LabelOutOfRange`],
/// [`Error::InvalidParameter`] for `e` outside `[0, 1]`, [`Error::Empty`] for no rows.
pub fn cross_entropy<F, S1, S2>(
    z: &ArrayBase<S1, Ix2>,
    y: &ArrayBase<S2, Ix1>,
    label_smoothing: f64,
) -> Result<(F, Array2<F>)>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = usize>,
{
    const OP: &str = "cross_entropy";
    let (n, k) = z.dim();
    if n == 0 || k == 0 {
        return Err(crate::error::empty(OP, "no logits"));
    }
    if y.len() != n {
        return Err(mismatch(
            OP,
            z.shape(),
            y.shape(),
            "one label per row of logits",
        ));
    }
    if !(0.0..=1.0).contains(&label_smoothing) {
        return Err(invalid(
            OP,
            "label_smoothing",
            label_smoothing,
            "must be in [0, 1]",
        ));
    }
    if let Some(&label) = y.iter().find(|&&l| l >= k) {
        return Err(Error::LabelOutOfRange {
            op: OP,
            label,
            n_classes: k,
        });
    }
    let e = F::from_f64(label_smoothing);
    let off = e / F::from_f64(k as f64);
    let on = F::one() - e + off;
    let lse = log_sum_exp(z);
    let mut grad = softmax(z);
    let mut total = F::zero();
    for (i, (&label, row)) in y.iter().zip(z.rows()).enumerate() {
        // -sum_k t_k (z_k - lse) = lse - sum_k t_k z_k
        let tz = off * row.sum() + (on - off) * row[label];
        total += lse[i] - tz;
        grad.row_mut(i).mapv_inplace(|p| p - off);
        grad[[i, label]] -= on - off;
    }
    let nf = F::from_f64(n as f64);
    grad.mapv_inplace(|g| g / nf);
    Ok((total / nf, grad))
}

fn same_shape<A, B, S1: Data<Elem = A>, S2: Data<Elem = B>, D: Dimension>(
    op: &'static str,
    a: &ArrayBase<S1, D>,
    b: &ArrayBase<S2, D>,
) -> Result<()> {
    if a.shape() != b.shape() {
        return Err(mismatch(
            op,
            a.shape(),
            b.shape(),
            "predictions and targets must have the same shape",
        ));
    }
    if a.is_empty() {
        return Err(crate::error::empty(op, "no values"));
    }
    Ok(())
}

/// Mean binary cross-entropy of targets `y` in `[0, 1]` under logits `z`, in the stable
/// form `max(z, 0) - z y + log(1 + exp(-|z|))`, and its gradient `(sigmoid(z) - y) / N`.
///
/// ```
/// use ndarray::array;
/// let (l, _) = applications::losses::binary_cross_entropy_with_logits(&array![-800.0_f64], &array![1.0])?;
/// assert_eq!(l, 800.0);   // log(sigmoid(-800)) would be log(0) = -inf
/// # Ok::<(), applications::Error>(())
/// ```
///
/// # Errors
/// [`Error::ShapeMismatch`] for different lengths, [`Error::Empty`] for none.
pub fn binary_cross_entropy_with_logits<F, S1, S2>(
    z: &ArrayBase<S1, Ix1>,
    y: &ArrayBase<S2, Ix1>,
) -> Result<(F, Array1<F>)>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    same_shape("binary_cross_entropy_with_logits", z, y)?;
    let n = F::from_f64(z.len() as f64);
    let loss = z
        .iter()
        .zip(y)
        .map(|(&zi, &yi)| zi.max(F::zero()) - zi * yi + (-zi.abs()).exp().ln_1p())
        .fold(F::zero(), |a, b| a + b);
    let grad = ndarray::Zip::from(z)
        .and(y)
        .map_collect(|&zi, &yi| (sigmoid(zi) - yi) / n);
    Ok((loss / n, grad))
}

/// Mean binary cross-entropy of probabilities `p` (scikit-learn's `log_loss` for two
/// classes), with `p` clipped to `[eps, 1 - eps]` so that a confident mistake costs
/// `-log(eps)` rather than infinity.
///
/// # Errors
/// [`Error::ShapeMismatch`], [`Error::Empty`], [`Error::InvalidParameter`] for `eps`
/// outside `(0, 0.5)`.
pub fn binary_cross_entropy<F, S1, S2>(
    p: &ArrayBase<S1, Ix1>,
    y: &ArrayBase<S2, Ix1>,
    eps: f64,
) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    same_shape("binary_cross_entropy", p, y)?;
    if !(eps > 0.0 && eps < 0.5) {
        return Err(invalid(
            "binary_cross_entropy",
            "eps",
            eps,
            "must be in (0, 0.5)",
        ));
    }
    let (lo, hi) = (F::from_f64(eps), F::from_f64(1.0 - eps));
    let total = p.iter().zip(y).fold(F::zero(), |acc, (&pi, &yi)| {
        let q = pi.max(lo).min(hi);
        acc - (yi * q.ln() + (F::one() - yi) * (F::one() - q).ln())
    });
    Ok(total / F::from_f64(p.len() as f64))
}

/// Mean squared error over all entries and its gradient `2 (p - y) / size`.
///
/// # Errors
/// [`Error::ShapeMismatch`], [`Error::Empty`].
pub fn mse_loss<F, S1, S2, D>(
    p: &ArrayBase<S1, D>,
    y: &ArrayBase<S2, D>,
) -> Result<(F, ndarray::Array<F, D>)>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
    D: Dimension,
{
    same_shape("mse_loss", p, y)?;
    let n = F::from_f64(p.len() as f64);
    let diff = p - y;
    let loss = diff.iter().fold(F::zero(), |a, &d| a + d * d) / n;
    let two = F::from_f64(2.0);
    Ok((loss, diff.mapv(|d| two * d / n)))
}
