//! # 5.5 Inputs for RNNs: padding variable-length sequences, masks, time-major and batch-major
//!
//! Sentences, audio clips and sensor logs have different lengths, but a batch is one
//! rectangular array. So sequences are **padded** to a common length `T` and a boolean
//! **mask** records which steps are real; the model (or the loss) multiplies by the mask so
//! that padding never counts. The batch is **batch-major** `(N, T, F)` (Keras, PyTorch
//! with `batch_first=True`) or **time-major** `(T, N, F)` (PyTorch's RNN default: one
//! contiguous slab per time step).
//!
//! | NumPy / framework | Rust (`use applications::sequences::*;`) |
//! |---|---|
//! | `torch.nn.utils.rnn.pad_sequence(seqs, batch_first=True)` | [`pad_sequences(&seqs, None, Padding::Post, 0.0)?`](pad_sequences) |
//! | Keras `pad_sequences(seqs, maxlen=T, padding="pre", truncating="pre")` | [`pad_sequences(&seqs, Some(T), Padding::Pre, 0.0)?`](pad_sequences) |
//! | `np.arange(T)[None, :] < lengths[:, None]` | [`sequence_mask(&lengths, T)`](sequence_mask) |
//! | `X.transpose(1, 0, 2)` | [`to_time_major(&x)`](to_time_major), [`to_batch_major(&x)`](to_batch_major) |
//! | `(X * m[..., None]).sum(1) / m.sum(1)[:, None]` | [`masked_mean(&x, &mask)?`](masked_mean) |
//!
//! ```
//! use ndarray::{array, Array2};
//! use applications::sequences::{pad_sequences, Padding, masked_mean};
//! let seqs = vec![array![[1.0], [2.0], [3.0]], array![[4.0]]];  // lengths 3 and 1, 1 feature
//! let batch = pad_sequences(&seqs, None, Padding::Post, 0.0)?;
//! assert_eq!(batch.x.dim(), (2, 3, 1));
//! assert_eq!(batch.mask, array![[true, true, true], [true, false, false]]);
//! // the mean over real steps only: 2 and 4, not 4/3
//! assert_eq!(masked_mean(&batch.x, &batch.mask)?, array![[2.0], [4.0]]);
//! # Ok::<(), applications::Error>(())
//! ```

use ndarray::{Array1, Array2, Array3, ArrayBase, Axis, Data, Ix2, Ix3, s};

use crate::Float;
use crate::error::{Result, check_alloc, empty, invalid, mismatch};

/// Where the padding goes (and, when truncating, which end is cut).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Padding {
    /// Pad (and truncate) at the start: the real steps end at `T - 1` (Keras' default).
    Pre,
    /// Pad (and truncate) at the end: the real steps start at 0 (PyTorch's `pad_sequence`).
    Post,
}

/// A padded batch.
#[derive(Debug, Clone, PartialEq)]
pub struct PaddedBatch<F> {
    /// Batch-major values `(N, T, F)`.
    pub x: Array3<F>,
    /// `(N, T)`: `true` at real steps.
    pub mask: Array2<bool>,
    /// The length of each sequence after truncation.
    pub lengths: Array1<usize>,
}

/// Pads sequences `(len_i, F)` into one batch-major array `(N, T, F)` with `T` the longest
/// length (or `max_len`, truncating longer ones), filling with `value`.
///
/// # Errors
/// [`Error::Empty`](crate::Error::Empty) for no sequences,
/// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) when feature counts differ,
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for `max_len = Some(0)` or a
/// `max_len` whose batch `(n, max_len, features)` could not be allocated.
pub fn pad_sequences<F: Float, S: Data<Elem = F>>(
    seqs: &[ArrayBase<S, Ix2>],
    max_len: Option<usize>,
    padding: Padding,
    value: F,
) -> Result<PaddedBatch<F>> {
    let first = seqs
        .first()
        .ok_or_else(|| empty("pad_sequences", "no sequences"))?;
    let nf = first.ncols();
    if let Some(bad) = seqs.iter().find(|q| q.ncols() != nf) {
        return Err(mismatch(
            "pad_sequences",
            first.shape(),
            bad.shape(),
            "every sequence needs the same number of features",
        ));
    }
    if max_len == Some(0) {
        return Err(invalid("pad_sequences", "max_len", 0, "must be at least 1"));
    }
    let t = max_len.unwrap_or_else(|| seqs.iter().map(|q| q.nrows()).max().unwrap_or(0));
    let n = seqs.len();
    check_alloc::<F>("pad_sequences", "max_len", &[n, t, nf.max(1)])?;
    let mut x = Array3::from_elem((n, t, nf), value);
    let mut mask = Array2::from_elem((n, t), false);
    let mut lengths = Array1::zeros(n);
    for (i, q) in seqs.iter().enumerate() {
        let len = q.nrows().min(t);
        lengths[i] = len;
        // which rows of q are kept, and where they go
        let (src, dst) = match padding {
            Padding::Post => (0..len, 0..len),
            Padding::Pre => (q.nrows() - len..q.nrows(), t - len..t),
        };
        x.slice_mut(s![i, dst.clone(), ..])
            .assign(&q.slice(s![src, ..]));
        mask.slice_mut(s![i, dst]).fill(true);
    }
    Ok(PaddedBatch { x, mask, lengths })
}

/// `np.arange(T)[None, :] < lengths[:, None]`: the post-padding mask of given lengths.
///
/// # Panics
/// If `(len(lengths), t)` overflows `isize` (ndarray's shape check), e.g. `t = usize::MAX`:
/// `t` is a model constant, not data; validate it first if it comes from input.
pub fn sequence_mask<S: Data<Elem = usize>>(
    lengths: &ArrayBase<S, ndarray::Ix1>,
    t: usize,
) -> Array2<bool> {
    Array2::from_shape_fn((lengths.len(), t), |(i, j)| j < lengths[i])
}

/// `(N, T, F) -> (T, N, F)`, contiguous.
pub fn to_time_major<F: Clone, S: Data<Elem = F>>(x: &ArrayBase<S, Ix3>) -> Array3<F> {
    x.view()
        .permuted_axes([1, 0, 2])
        .as_standard_layout()
        .into_owned()
}

/// `(T, N, F) -> (N, T, F)`, contiguous.
pub fn to_batch_major<F: Clone, S: Data<Elem = F>>(x: &ArrayBase<S, Ix3>) -> Array3<F> {
    to_time_major(x)
}

/// Mean over the real time steps of each sequence: `(N, T, F)` and mask `(N, T)` ->
/// `(N, F)`. A sequence with no real step gets zeros.
///
/// # Errors
/// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) when the mask is not `(N, T)`.
pub fn masked_mean<F: Float, S: Data<Elem = F>, S2: Data<Elem = bool>>(
    x: &ArrayBase<S, Ix3>,
    mask: &ArrayBase<S2, Ix2>,
) -> Result<Array2<F>> {
    let (n, t, nf) = x.dim();
    if mask.dim() != (n, t) {
        return Err(mismatch(
            "masked_mean",
            x.shape(),
            mask.shape(),
            "mask must be (N, T)",
        ));
    }
    let mut out = Array2::zeros((n, nf));
    for (i, mut row) in out.axis_iter_mut(Axis(0)).enumerate() {
        let mut count = 0usize;
        for j in 0..t {
            if mask[[i, j]] {
                row += &x.slice(s![i, j, ..]);
                count += 1;
            }
        }
        if count > 0 {
            row.mapv_inplace(|v| v / F::from_f64(count as f64));
        }
    }
    Ok(out)
}
