//! # 3.3 Batch processing: mini-batches, shuffling, sliding windows, im2col
//!
//! Training loops walk through data in mini-batches; convolutions and sequence models
//! look at sliding windows. Both are views over the data, not copies, until a kernel
//! needs a contiguous matrix (im2col).
//!
//! | NumPy | Rust (`use tensors::*;`) | view or copy |
//! |---|---|---|
//! | `for i in range(0, n, bs): xb = x[i:i+bs]` | [`for xb in minibatches(&x, bs)?`](minibatches) | **views** |
//! | `for i in range(0, n, bs): xb, yb = x[i:i+bs], y[i:i+bs]` | [`minibatches_xy(&x, &y, bs)?`](minibatches_xy) | **views** |
//! | `p = rng.permutation(n); x[p[i:i+bs]]` | [`shuffled_batches(&x, &y, bs, seed)?`](shuffled_batches) | copies (fancy indexing copies in NumPy too) |
//! | `np.random.default_rng(seed).permutation(n)` | [`permutation(n, seed)`](permutation) | |
//! | `sliding_window_view(x, (3, 3))` | [`sliding_window_view(&x, (3, 3))?`](sliding_window_view) | **views**, produced one at a time |
//! | `sliding_window_view(x, (3, 3))[::2, ::2]` | [`sliding_window_view_strided(&x, (3, 3), (2, 2))?`](sliding_window_view_strided) | **views** |
//! | im2col (Caffe, `F.unfold` in PyTorch) | [`im2col(&x, (3, 3), (1, 1), (1, 1))?`](im2col) | copy, `(N·OH·OW, C·KH·KW)` |
//! | `F.conv2d(x, w, b, stride, padding)` | [`conv2d(&x, &w, Some(&b), (1, 1), (1, 1))?`](conv2d) | im2col + one GEMM |
//!
//! ```
//! use ndarray::{Array1, Array2};
//! use tensors::{minibatches_xy, shuffled_batches};
//!
//! let x = Array2::<f32>::zeros((1000, 784));
//! let y = Array1::<u8>::zeros(1000);
//! // Views: 8 batches of 128 rows and a last one of 1000 - 7 * 128 = 104.
//! let sizes: Vec<usize> = minibatches_xy(&x, &y, 128)?.map(|(xb, _)| xb.nrows()).collect();
//! assert_eq!(sizes.len(), 8);
//! assert_eq!(sizes[7], 104);
//! // A new order every epoch: seed with (seed, epoch).
//! for (xb, yb) in shuffled_batches(&x, &y, 128, 42)? {
//!     assert_eq!(xb.nrows(), yb.len());
//! }
//! # Ok::<(), tensors::Error>(())
//! ```
//!
//! ## Why a sliding window is a producer, not one big array
//! NumPy's `sliding_window_view` builds one array of shape `(out..., window...)` whose
//! windows *overlap in memory*, with hand-made strides. It is read-only for a reason:
//! writing to it writes to many windows at once, and `as_strided` with wrong strides
//! reads outside the buffer. Rust's safe ndarray API does not allow overlapping views;
//! instead [`sliding_window_view`] returns ndarray's [`Windows`] producer: each window is
//! an ordinary view (no copy), visited by `for w in windows` or by `Zip`, with the
//! bounds checked once. When you need the windows as a matrix (a convolution as a
//! GEMM), [`im2col`] copies them, once, into a contiguous `(windows, window_len)` array.
//!
//! ## Cost
//! Mini-batches and windows: `O(1)` each. Shuffled batches: one gather copy per batch,
//! `O(batch · row)`; shuffle once per epoch, not per batch. im2col multiplies memory by
//! `KH·KW / (stride_h·stride_w)`; that is the price of running a convolution as one GEMM
//! (`(N·OH·OW, C·KH·KW) @ (C·KH·KW, OC)`), which is still the fastest way on a CPU for
//! small kernels.

use crate::error::{Error, Result, shape};
use crate::shape::{PadMode, pad};
use linalg::Float;
use ndarray::{
    Array, Array2, Array4, ArrayBase, ArrayView, Axis, Data, Dimension, IntoDimension, Ix4,
    LinalgScalar,
    iter::{AxisChunksIter, Windows},
};
use rand::{SeedableRng, rngs::StdRng, seq::SliceRandom};

fn check_batch_size<A, S: Data<Elem = A>, D: Dimension>(
    op: &'static str,
    x: &ArrayBase<S, D>,
    batch_size: usize,
) -> Result<()> {
    if batch_size == 0 {
        return Err(Error::InvalidArgument {
            op,
            detail: "batch_size must be at least 1".into(),
        });
    }
    if x.ndim() == 0 {
        return Err(Error::InvalidArgument {
            op,
            detail: "a 0-D array has no batch axis".into(),
        });
    }
    Ok(())
}

/// Consecutive mini-batches of `batch_size` samples along axis 0, as **views**; the last
/// one is shorter when `batch_size` does not divide the number of samples.
///
/// ```
/// use ndarray::Array3;
/// let x = Array3::<u8>::zeros((10, 28, 28));
/// let shapes: Vec<Vec<usize>> = tensors::minibatches(&x, 4)?.map(|b| b.shape().to_vec()).collect();
/// assert_eq!(shapes, [vec![4, 28, 28], vec![4, 28, 28], vec![2, 28, 28]]);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] if `batch_size` is 0 or `x` is 0-D.
pub fn minibatches<A, S, D>(
    x: &ArrayBase<S, D>,
    batch_size: usize,
) -> Result<AxisChunksIter<'_, A, D>>
where
    S: Data<Elem = A>,
    D: Dimension,
{
    check_batch_size("minibatches", x, batch_size)?;
    Ok(x.axis_chunks_iter(Axis(0), batch_size))
}

/// Mini-batches of samples and their targets together, as pairs of **views**.
///
/// ```
/// use ndarray::{Array1, Array2};
/// let x = Array2::<f32>::zeros((10, 3));
/// let y = Array1::<u8>::zeros(9);
/// let err = tensors::minibatches_xy(&x, &y, 4).err().unwrap();
/// assert_eq!(
///     err.to_string(),
///     "minibatches_xy: x of shape (10, 3) and y of shape (9,) have different numbers of samples"
/// );
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] as [`minibatches`]; [`Error::ShapeMismatch`] if `x` and `y`
/// have different lengths along axis 0.
pub fn minibatches_xy<'a, A, B, S1, S2, D1, D2>(
    x: &'a ArrayBase<S1, D1>,
    y: &'a ArrayBase<S2, D2>,
    batch_size: usize,
) -> Result<std::iter::Zip<AxisChunksIter<'a, A, D1>, AxisChunksIter<'a, B, D2>>>
where
    S1: Data<Elem = A>,
    S2: Data<Elem = B>,
    D1: Dimension,
    D2: Dimension,
{
    const OP: &str = "minibatches_xy";
    check_batch_size(OP, x, batch_size)?;
    check_batch_size(OP, y, batch_size)?;
    check_same_len(OP, x, y)?;
    Ok(x.axis_chunks_iter(Axis(0), batch_size)
        .zip(y.axis_chunks_iter(Axis(0), batch_size)))
}

fn check_same_len<A, B, S1, S2, D1, D2>(
    op: &'static str,
    x: &ArrayBase<S1, D1>,
    y: &ArrayBase<S2, D2>,
) -> Result<()>
where
    S1: Data<Elem = A>,
    S2: Data<Elem = B>,
    D1: Dimension,
    D2: Dimension,
{
    if x.len_of(Axis(0)) != y.len_of(Axis(0)) {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "x of shape {} and y of shape {} have different numbers of samples",
                shape(x.shape()),
                shape(y.shape())
            ),
        });
    }
    Ok(())
}

/// A random permutation of `0..n`, reproducible from `seed`: the Rust analogue of
/// `np.random.default_rng(seed).permutation(n)`.
///
/// The generator is `rand`'s `StdRng` (ChaCha12) with a Fisher-Yates shuffle, so the
/// *order* differs from NumPy's for the same seed; the distribution (uniform over all
/// `n!` orders) is the same.
///
/// ```
/// let p = tensors::permutation(10, 7);
/// let mut sorted = p.clone();
/// sorted.sort();
/// assert_eq!(sorted, (0..10).collect::<Vec<_>>());
/// assert_eq!(p, tensors::permutation(10, 7)); // same seed, same order
/// ```
pub fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut StdRng::seed_from_u64(seed));
    order
}

/// Mini-batches in a random order (sampling without replacement), reproducible from
/// `seed`: `p = rng.permutation(n); for i in range(0, n, bs): x[p[i:i+bs]], y[p[i:i+bs]]`.
///
/// Each batch is gathered into new arrays (a **copy**, as NumPy's fancy indexing makes).
/// Use a different seed per epoch (for example `seed + epoch`).
///
/// ```
/// use ndarray::{array, Array1};
/// let x = array![[0.0], [1.0], [2.0], [3.0], [4.0]];
/// let y = Array1::from_vec(vec![0, 1, 2, 3, 4]);
/// for (xb, yb) in tensors::shuffled_batches(&x, &y, 2, 0)? {
///     // rows stay paired with their labels
///     for (row, label) in xb.rows().into_iter().zip(&yb) {
///         assert_eq!(row[0], *label as f64);
///     }
/// }
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// As [`minibatches_xy`].
pub fn shuffled_batches<'a, A, B, S1, S2, D1, D2>(
    x: &'a ArrayBase<S1, D1>,
    y: &'a ArrayBase<S2, D2>,
    batch_size: usize,
    seed: u64,
) -> Result<ShuffledBatches<'a, A, B, D1, D2>>
where
    S1: Data<Elem = A>,
    S2: Data<Elem = B>,
    D1: Dimension,
    D2: Dimension,
{
    const OP: &str = "shuffled_batches";
    check_batch_size(OP, x, batch_size)?;
    check_batch_size(OP, y, batch_size)?;
    check_same_len(OP, x, y)?;
    Ok(ShuffledBatches {
        x: x.view(),
        y: y.view(),
        order: permutation(x.len_of(Axis(0)), seed),
        batch_size,
        pos: 0,
    })
}

/// The iterator of [`shuffled_batches`]: owned `(x_batch, y_batch)` pairs.
pub struct ShuffledBatches<'a, A, B, D1, D2> {
    x: ArrayView<'a, A, D1>,
    y: ArrayView<'a, B, D2>,
    order: Vec<usize>,
    batch_size: usize,
    pos: usize,
}

impl<A, B, D1, D2> ShuffledBatches<'_, A, B, D1, D2> {
    /// The sample order of this epoch.
    pub fn order(&self) -> &[usize] {
        &self.order
    }
}

impl<A, B, D1, D2> Iterator for ShuffledBatches<'_, A, B, D1, D2>
where
    A: Clone,
    B: Clone,
    D1: Dimension + ndarray::RemoveAxis,
    D2: Dimension + ndarray::RemoveAxis,
{
    type Item = (Array<A, D1>, Array<B, D2>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.order.len() {
            return None;
        }
        let end = (self.pos + self.batch_size).min(self.order.len());
        let idx = &self.order[self.pos..end];
        self.pos = end;
        Some((self.x.select(Axis(0), idx), self.y.select(Axis(0), idx)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.order.len() - self.pos).div_ceil(self.batch_size);
        (left, Some(left))
    }
}

fn check_window<A, S: Data<Elem = A>, D: Dimension>(
    op: &'static str,
    x: &ArrayBase<S, D>,
    window: &D,
    stride: &D,
) -> Result<()> {
    if window.ndim() != x.ndim() {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "window shape {} must have one length per axis of the array of shape {}",
                shape(window.slice()),
                shape(x.shape())
            ),
        });
    }
    if window.slice().contains(&0) || stride.slice().contains(&0) {
        return Err(Error::InvalidArgument {
            op,
            detail: format!(
                "window shape {} and strides {} must be positive",
                shape(window.slice()),
                shape(stride.slice())
            ),
        });
    }
    if window.slice().iter().zip(x.shape()).any(|(w, n)| w > n) {
        return Err(Error::InvalidArgument {
            op,
            detail: format!(
                "window shape {} cannot be larger than input array shape {}",
                shape(window.slice()),
                shape(x.shape())
            ),
        });
    }
    Ok(())
}

/// Every window of shape `window_shape` at every position, as **views**: the safe
/// equivalent of `np.lib.stride_tricks.sliding_window_view(x, window_shape)`.
///
/// The producer has `n - w + 1` positions along each axis; iterate it (`for w in
/// windows`) or `Zip` it with an output array of that shape.
///
/// ```
/// use ndarray::{array, Array1, Zip};
/// // A moving average of width 3: sliding_window_view(x, 3).mean(axis=-1)
/// let x = array![1.0, 2.0, 3.0, 4.0, 5.0];
/// let w = tensors::sliding_window_view(&x, 3)?;
/// let mut avg = Array1::zeros(3);
/// Zip::from(&mut avg).and(w).for_each(|a, win| *a = win.mean().unwrap());
/// assert_eq!(avg, array![2.0, 3.0, 4.0]);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::ShapeMismatch`] if `window_shape` does not have one length per axis;
/// [`Error::InvalidArgument`] for a zero length or a window larger than the array.
pub fn sliding_window_view<A, S, D, E>(
    x: &ArrayBase<S, D>,
    window_shape: E,
) -> Result<Windows<'_, A, D>>
where
    S: Data<Elem = A>,
    D: Dimension,
    E: IntoDimension<Dim = D>,
{
    let window = window_shape.into_dimension();
    let mut ones = window.clone();
    ones.slice_mut().iter_mut().for_each(|s| *s = 1);
    check_window("sliding_window_view", x, &window, &ones)?;
    Ok(x.windows(window))
}

/// Windows every `strides[i]` positions along axis `i`, as **views**:
/// `sliding_window_view(x, window_shape)[::s0, ::s1, ...]`. Non-overlapping patches
/// (`strides == window_shape`) cut an image into tiles; `(kh, kw)` windows with stride
/// `(s, s)` are the receptive fields of a strided convolution.
///
/// ```
/// use ndarray::Array2;
/// // Cut a 28x28 image into 16 tiles of 7x7 (a vision transformer's patches).
/// let img = Array2::<f32>::zeros((28, 28));
/// let tiles = tensors::sliding_window_view_strided(&img, (7, 7), (7, 7))?;
/// assert_eq!(tiles.into_iter().count(), 16);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// As [`sliding_window_view`], and [`Error::InvalidArgument`] for a zero stride.
pub fn sliding_window_view_strided<A, S, D, E>(
    x: &ArrayBase<S, D>,
    window_shape: E,
    strides: E,
) -> Result<Windows<'_, A, D>>
where
    S: Data<Elem = A>,
    D: Dimension,
    E: IntoDimension<Dim = D>,
{
    let window = window_shape.into_dimension();
    let stride = strides.into_dimension();
    check_window("sliding_window_view_strided", x, &window, &stride)?;
    Ok(x.windows_with_stride(window, stride))
}

/// Output length of a convolution along one axis.
fn conv_out(n: usize, k: usize, stride: usize, pad: usize) -> usize {
    (n + 2 * pad - k) / stride + 1
}

/// Unfold the receptive fields of a convolution into rows ("image to columns").
///
/// `x` is an NCHW batch `(N, C, H, W)`; the result is `(N·OH·OW, C·KH·KW)`: one row per
/// output position (image-major, then row, then column), holding the `C × KH × KW`
/// patch in `(c, i, j)` order, zero-padded by `padding`. Output size:
/// `OH = (H + 2·ph - KH) / sh + 1`, likewise `OW`. A convolution with weights
/// `w: (OC, C, KH, KW)` is then `im2col(x) @ w.reshape(OC, -1).T` (see [`conv2d`]).
///
/// ```
/// use ndarray::Array4;
/// let x = Array4::<f32>::ones((2, 3, 5, 5));
/// let cols = tensors::im2col(&x, (3, 3), (1, 1), (0, 0))?;
/// assert_eq!(cols.dim(), (2 * 3 * 3, 3 * 3 * 3));
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for a zero kernel length or stride, or a kernel larger than
/// the padded image.
pub fn im2col<A, S>(
    x: &ArrayBase<S, Ix4>,
    kernel: (usize, usize),
    stride: (usize, usize),
    padding: (usize, usize),
) -> Result<Array2<A>>
where
    A: LinalgScalar,
    S: Data<Elem = A>,
{
    const OP: &str = "im2col";
    let (n, c, h, w) = x.dim();
    let (kh, kw) = kernel;
    let (sh, sw) = stride;
    let (ph, pw) = padding;
    if kh == 0 || kw == 0 || sh == 0 || sw == 0 {
        return Err(Error::InvalidArgument {
            op: OP,
            detail: format!("kernel {kernel:?} and stride {stride:?} must be positive"),
        });
    }
    if kh > h + 2 * ph || kw > w + 2 * pw {
        return Err(Error::InvalidArgument {
            op: OP,
            detail: format!(
                "kernel {kernel:?} is larger than the padded image ({}, {}) of input shape {}",
                h + 2 * ph,
                w + 2 * pw,
                shape(x.shape())
            ),
        });
    }
    let padded = if ph == 0 && pw == 0 {
        x.to_owned()
    } else {
        pad(
            x,
            &[(0, 0), (0, 0), (ph, ph), (pw, pw)],
            PadMode::Constant(A::zero()),
        )?
    };
    let (oh, ow) = (conv_out(h, kh, sh, ph), conv_out(w, kw, sw, pw));
    let mut cols = Array2::zeros((n * oh * ow, c * kh * kw));
    let windows = padded.windows_with_stride((1, c, kh, kw), (1, 1, sh, sw));
    for (mut row, win) in cols.rows_mut().into_iter().zip(windows) {
        for (dst, src) in row.iter_mut().zip(win.iter()) {
            *dst = *src;
        }
    }
    Ok(cols)
}

/// 2-D convolution (cross-correlation, as in deep learning) of an NCHW batch:
/// PyTorch's `F.conv2d(x, w, b, stride, padding)`, computed as [`im2col`] and one GEMM.
///
/// `x: (N, C, H, W)`, `w: (OC, C, KH, KW)`, `bias: (OC,)`; result `(N, OC, OH, OW)`.
///
/// ```
/// use ndarray::{Array1, Array4};
/// // A 3x3 box filter with "same" padding on a batch of ones: 9 inside, 4 in corners.
/// let x = Array4::<f64>::ones((1, 1, 4, 4));
/// let w = Array4::<f64>::ones((1, 1, 3, 3));
/// let y = tensors::conv2d(&x, &w, None::<&Array1<f64>>, (1, 1), (1, 1))?;
/// assert_eq!(y.dim(), (1, 1, 4, 4));
/// assert_eq!((y[[0, 0, 0, 0]], y[[0, 0, 1, 1]]), (4.0, 9.0));
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// As [`im2col`]; [`Error::ShapeMismatch`] if `w` has a different number of input
/// channels than `x`, or `bias` is not of length `OC`.
pub fn conv2d<T, S1, S2, S3>(
    x: &ArrayBase<S1, Ix4>,
    w: &ArrayBase<S2, Ix4>,
    bias: Option<&ArrayBase<S3, ndarray::Ix1>>,
    stride: (usize, usize),
    padding: (usize, usize),
) -> Result<Array4<T>>
where
    T: Float,
    S1: Data<Elem = T>,
    S2: Data<Elem = T>,
    S3: Data<Elem = T>,
{
    const OP: &str = "conv2d";
    let (n, c, h, wd) = x.dim();
    let (oc, wc, kh, kw) = w.dim();
    if wc != c {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!(
                "input of shape {} has {c} channels but weights of shape {} expect {wc}",
                shape(x.shape()),
                shape(w.shape())
            ),
        });
    }
    if let Some(b) = bias
        && b.len() != oc
    {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!(
                "bias of shape {} does not match {oc} output channels of weights of shape {}",
                shape(b.shape()),
                shape(w.shape())
            ),
        });
    }
    let cols = im2col(x, (kh, kw), stride, padding)?;
    let (oh, ow) = (
        conv_out(h, kh, stride.0, padding.0),
        conv_out(wd, kw, stride.1, padding.1),
    );
    let w2 = crate::shape::flatten_batch(w)?; // (OC, C·KH·KW)
    let mut y = linalg::matmul(&cols, &w2.t())?; // (N·OH·OW, OC)
    if let Some(b) = bias {
        y += b;
    }
    let y = y
        .into_shape_with_order((n, oh, ow, oc))
        .expect("N·OH·OW·OC elements");
    Ok(crate::shape::nhwc_to_nchw(&y)
        .as_standard_layout()
        .into_owned())
}
