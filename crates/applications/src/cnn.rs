//! # 5.4 Inputs for CNNs: layouts, convolution as a matrix product, pooling
//!
//! A batch of images is a 4-D array. PyTorch and CIFAR-10's files store it **NCHW**
//! `(n, channels, height, width)`; TensorFlow and image files **NHWC**. Going from one to
//! the other is a transpose (`np.transpose(X, (0, 2, 3, 1))`): free as a view, one copy if
//! the next step wants contiguous memory.
//!
//! | NumPy | Rust (`use applications::cnn::*;`) |
//! |---|---|
//! | `X.transpose(0, 2, 3, 1)` | [`nchw_to_nhwc(&x)`](nchw_to_nhwc) |
//! | `X.transpose(0, 3, 1, 2)` | [`nhwc_to_nchw(&x)`](nhwc_to_nchw) |
//! | `sliding_window_view` + reshape (im2col) | [`im2col(&x, kh, kw, stride, pad)`](im2col) |
//! | `F.conv2d(X, W, b, stride, padding)` | [`conv2d(&x, &w, &b, stride, pad)?`](conv2d) (im2col + matmul), [`conv2d_direct`] (the loops) |
//! | its backward pass | [`conv2d_backward(&x, &w, &dy, stride, pad)?`](conv2d_backward) |
//! | `F.max_pool2d(X, k, s)`, `F.avg_pool2d(X, k, s)` | [`max_pool2d(&x, k, s)?`](max_pool2d), [`avg_pool2d(&x, k, s)?`](avg_pool2d) |
//!
//! ## Convolution as one matrix product
//! A convolution layer with `O` filters of shape `(C, kh, kw)` computes, for every image
//! `n`, filter `o` and output position `(i, j)`,
//!
//! `Y[n, o, i, j] = b[o] + sum_{c, di, dj} W[o, c, di, dj] X[n, c, s i + di - p, s j + dj - p]`
//!
//! with `s` the stride, `p` the zero padding, and output size `H' = (H + 2p - kh) / s + 1`.
//! Written as six nested loops ([`conv2d_direct`]) it is slow. **im2col** copies every
//! receptive field into one row of a matrix `cols` of shape `(n H' W', C kh kw)`; then the
//! whole layer is `cols @ W.reshape(O, -1).T`, a single matrix product that runs at GEMM
//! speed. The price is memory: `cols` is `kh kw / s^2` times larger than the input.
//! The backward pass is two more products and the inverse scatter (col2im):
//! `dW = dY^T cols`, `dcols = dY W`, `dX = col2im(dcols)`.
//!
//! ```
//! use ndarray::{Array1, Array4};
//! use applications::cnn::{conv2d, conv2d_direct};
//! let x = Array4::from_shape_fn((2, 3, 6, 6), |(n, c, h, w)| (n + 2 * c + h * w) as f64 * 0.1);
//! let w = Array4::from_shape_fn((4, 3, 3, 3), |(o, c, i, j)| ((o + c + i) as f64 - j as f64) * 0.05);
//! let b = Array1::from(vec![0.1, -0.2, 0.0, 0.3]);
//! let fast = conv2d(&x, &w, &b, 2, 1)?;                 // im2col + matmul
//! let slow = conv2d_direct(&x, &w, &b, 2, 1)?;          // the definition, as loops
//! assert_eq!(fast.dim(), (2, 4, 3, 3));
//! assert!(fast.iter().zip(&slow).all(|(a, b)| (a - b).abs() < 1e-12));
//! # Ok::<(), applications::Error>(())
//! ```

use ndarray::{Array1, Array2, Array4, ArrayBase, ArrayView4, Axis, Data, Ix1, Ix4};

use crate::Float;
use crate::error::{Result, invalid, mismatch};

/// NCHW -> NHWC, a contiguous copy of `X.transpose(0, 2, 3, 1)`.
pub fn nchw_to_nhwc<F: Clone, S: Data<Elem = F>>(x: &ArrayBase<S, Ix4>) -> Array4<F> {
    x.view()
        .permuted_axes([0, 2, 3, 1])
        .as_standard_layout()
        .into_owned()
}

/// NHWC -> NCHW, a contiguous copy of `X.transpose(0, 3, 1, 2)`.
pub fn nhwc_to_nchw<F: Clone, S: Data<Elem = F>>(x: &ArrayBase<S, Ix4>) -> Array4<F> {
    x.view()
        .permuted_axes([0, 3, 1, 2])
        .as_standard_layout()
        .into_owned()
}

/// Output size of a sliding window: `(size + 2 pad - k) / stride + 1`.
///
/// # Errors
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for stride 0, kernel 0,
/// a kernel larger than the padded input, or a padding so large that `size + 2 pad`
/// overflows.
pub fn output_size(
    op: &'static str,
    size: usize,
    k: usize,
    stride: usize,
    pad: usize,
) -> Result<usize> {
    if stride == 0 {
        return Err(invalid(op, "stride", 0, "must be at least 1"));
    }
    let Some(padded) = pad.checked_mul(2).and_then(|p2| size.checked_add(p2)) else {
        return Err(invalid(op, "pad", pad, "the padded size overflows"));
    };
    if k == 0 || k > padded {
        return Err(invalid(
            op,
            "kernel",
            k,
            format!("must be between 1 and the padded input size {padded}"),
        ));
    }
    Ok((padded - k) / stride + 1)
}

/// im2col: row `(n, i, j)` (in that order) holds the receptive field of output position
/// `(i, j)` of image `n`, flattened in `(c, di, dj)` order; zero where it hangs over the
/// padding. Shape `(n H' W', C kh kw)`.
///
/// # Errors
/// As [`output_size`].
pub fn im2col<F: Float, S: Data<Elem = F>>(
    x: &ArrayBase<S, Ix4>,
    kh: usize,
    kw: usize,
    stride: usize,
    pad: usize,
) -> Result<Array2<F>> {
    let (n, c, h, w) = x.dim();
    let oh = output_size("im2col", h, kh, stride, pad)?;
    let ow = output_size("im2col", w, kw, stride, pad)?;
    let mut cols = Array2::zeros((n * oh * ow, c * kh * kw));
    for (r, mut row) in cols.rows_mut().into_iter().enumerate() {
        let (b, i, j) = (r / (oh * ow), (r / ow) % oh, r % ow);
        let mut k = 0;
        for ch in 0..c {
            for di in 0..kh {
                let y = (i * stride + di) as isize - pad as isize;
                for dj in 0..kw {
                    let xx = (j * stride + dj) as isize - pad as isize;
                    if y >= 0 && xx >= 0 && (y as usize) < h && (xx as usize) < w {
                        row[k] = x[[b, ch, y as usize, xx as usize]];
                    }
                    k += 1;
                }
            }
        }
    }
    Ok(cols)
}

/// The adjoint of [`im2col`]: adds every entry of `cols` back to the input pixel it was
/// copied from (pixels in several receptive fields receive several contributions).
fn col2im<F: Float>(
    cols: &Array2<F>,
    shape: (usize, usize, usize, usize),
    kh: usize,
    kw: usize,
    stride: usize,
    pad: usize,
) -> Array4<F> {
    let (n, c, h, w) = shape;
    let oh = (h + 2 * pad - kh) / stride + 1;
    let ow = (w + 2 * pad - kw) / stride + 1;
    let mut x = Array4::zeros((n, c, h, w));
    for (r, row) in cols.rows().into_iter().enumerate() {
        let (b, i, j) = (r / (oh * ow), (r / ow) % oh, r % ow);
        let mut k = 0;
        for ch in 0..c {
            for di in 0..kh {
                let y = (i * stride + di) as isize - pad as isize;
                for dj in 0..kw {
                    let xx = (j * stride + dj) as isize - pad as isize;
                    if y >= 0 && xx >= 0 && (y as usize) < h && (xx as usize) < w {
                        x[[b, ch, y as usize, xx as usize]] += row[k];
                    }
                    k += 1;
                }
            }
        }
    }
    x
}

/// Checks a convolution's operands and returns its output size `(H', W')`.
fn check_conv<F, S1, S2, S3>(
    op: &'static str,
    x: &ArrayBase<S1, Ix4>,
    w: &ArrayBase<S2, Ix4>,
    b: &ArrayBase<S3, Ix1>,
    stride: usize,
    pad: usize,
) -> Result<(usize, usize)>
where
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
    S3: Data<Elem = F>,
{
    if x.dim().1 != w.dim().1 {
        return Err(mismatch(
            op,
            x.shape(),
            w.shape(),
            "x has C channels, w must be (O, C, kh, kw)",
        ));
    }
    if b.len() != w.dim().0 {
        return Err(mismatch(op, w.shape(), b.shape(), "one bias per filter"));
    }
    let (_, _, h, wd) = x.dim();
    let (_, _, kh, kw) = w.dim();
    Ok((
        output_size(op, h, kh, stride, pad)?,
        output_size(op, wd, kw, stride, pad)?,
    ))
}

/// 2-D convolution (cross-correlation, as in every DL framework) by im2col + one matrix
/// product: `x` `(N, C, H, W)`, `w` `(O, C, kh, kw)`, `b` `(O,)` -> `(N, O, H', W')`.
/// Cost `O(N H' W' O C kh kw)` flops at GEMM speed plus the `N H' W' C kh kw` copy.
///
/// # Errors
/// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) for channel or bias counts that
/// disagree, and as [`output_size`].
pub fn conv2d<F, S1, S2, S3>(
    x: &ArrayBase<S1, Ix4>,
    w: &ArrayBase<S2, Ix4>,
    b: &ArrayBase<S3, Ix1>,
    stride: usize,
    pad: usize,
) -> Result<Array4<F>>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
    S3: Data<Elem = F>,
{
    let (oh, ow) = check_conv("conv2d", x, w, b, stride, pad)?;
    let n = x.dim().0;
    let (o, c, kh, kw) = w.dim();
    let cols = im2col(x, kh, kw, stride, pad)?;
    let wmat = w.to_shape((o, c * kh * kw)).expect("contiguous reshape");
    // (N H' W', O) = cols @ W^T, then + b and back to NCHW
    let mut y = cols.dot(&wmat.t());
    y += b;
    let y = y.into_shape_with_order((n, oh, ow, o)).expect("row-major");
    Ok(nhwc_to_nchw(&y))
}

/// The definition of [`conv2d`] as nested loops: the reference the fast path is tested
/// against, and the clearest statement of what a convolution layer computes.
///
/// # Errors
/// As [`conv2d`].
pub fn conv2d_direct<F, S1, S2, S3>(
    x: &ArrayBase<S1, Ix4>,
    w: &ArrayBase<S2, Ix4>,
    b: &ArrayBase<S3, Ix1>,
    stride: usize,
    pad: usize,
) -> Result<Array4<F>>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
    S3: Data<Elem = F>,
{
    let (oh, ow) = check_conv("conv2d_direct", x, w, b, stride, pad)?;
    let (n, c, h, wd) = x.dim();
    let (o, _, kh, kw) = w.dim();
    Ok(Array4::from_shape_fn((n, o, oh, ow), |(bn, f, i, j)| {
        let mut acc = b[f];
        for ch in 0..c {
            for di in 0..kh {
                for dj in 0..kw {
                    let y = (i * stride + di) as isize - pad as isize;
                    let xx = (j * stride + dj) as isize - pad as isize;
                    if y >= 0 && xx >= 0 && (y as usize) < h && (xx as usize) < wd {
                        acc += w[[f, ch, di, dj]] * x[[bn, ch, y as usize, xx as usize]];
                    }
                }
            }
        }
        acc
    }))
}

/// Gradients of a [`conv2d`] layer.
#[derive(Debug, Clone)]
pub struct Conv2dGrads<F> {
    /// `dLoss/dX`, shape of `x`.
    pub dx: Array4<F>,
    /// `dLoss/dW`, shape of `w`.
    pub dw: Array4<F>,
    /// `dLoss/db`, `(O,)`.
    pub db: Array1<F>,
}

/// Backward pass of [`conv2d`] given `dy = dLoss/dY` `(N, O, H', W')`:
/// `dW = dY^T cols`, `db = sum dY`, `dX = col2im(dY W)` (three `O(N H' W' O C kh kw)` steps).
///
/// # Errors
/// As [`conv2d`], plus [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) when `dy` is
/// not the shape of the forward output.
pub fn conv2d_backward<F, S1, S2, S3>(
    x: &ArrayBase<S1, Ix4>,
    w: &ArrayBase<S2, Ix4>,
    dy: &ArrayBase<S3, Ix4>,
    stride: usize,
    pad: usize,
) -> Result<Conv2dGrads<F>>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
    S3: Data<Elem = F>,
{
    let (n, c, h, wd) = x.dim();
    let (o, wc, kh, kw) = w.dim();
    if wc != c {
        return Err(mismatch(
            "conv2d_backward",
            x.shape(),
            w.shape(),
            "channel counts differ",
        ));
    }
    let oh = output_size("conv2d_backward", h, kh, stride, pad)?;
    let ow = output_size("conv2d_backward", wd, kw, stride, pad)?;
    if dy.dim() != (n, o, oh, ow) {
        return Err(mismatch(
            "conv2d_backward",
            dy.shape(),
            &[n, o, oh, ow],
            "dy must have the shape of the forward output",
        ));
    }
    let cols = im2col(x, kh, kw, stride, pad)?;
    let g = nchw_to_nhwc(dy)
        .into_shape_with_order((n * oh * ow, o))
        .expect("row-major");
    let wmat = w.to_shape((o, c * kh * kw)).expect("contiguous reshape");
    let dw = g
        .t()
        .dot(&cols)
        .into_shape_with_order((o, c, kh, kw))
        .expect("row-major");
    let db = g.sum_axis(Axis(0));
    let dcols = g.dot(&wmat);
    let dx = col2im(&dcols, (n, c, h, wd), kh, kw, stride, pad);
    Ok(Conv2dGrads { dx, dw, db })
}

fn pool<F: Float, S: Data<Elem = F>>(
    op: &'static str,
    x: &ArrayBase<S, Ix4>,
    k: usize,
    stride: usize,
    reduce: impl Fn(ArrayView4<'_, F>) -> F,
) -> Result<Array4<F>> {
    let (n, c, h, w) = x.dim();
    let oh = output_size(op, h, k, stride, 0)?;
    let ow = output_size(op, w, k, stride, 0)?;
    let mut out = Array4::zeros((n, c, oh, ow));
    for i in 0..oh {
        for j in 0..ow {
            let win = x.slice(ndarray::s![
                ..,
                ..,
                i * stride..i * stride + k,
                j * stride..j * stride + k
            ]);
            for b in 0..n {
                for ch in 0..c {
                    let cell = win.slice(ndarray::s![b..b + 1, ch..ch + 1, .., ..]);
                    out[[b, ch, i, j]] = reduce(cell);
                }
            }
        }
    }
    Ok(out)
}

/// `F.max_pool2d(X, k, stride)` (no padding): the maximum of each `k x k` window.
///
/// ```
/// use ndarray::Array4;
/// let x = Array4::from_shape_vec((1, 1, 2, 4), vec![1.0, 5.0, 2.0, 0.0, 3.0, 4.0, 8.0, 7.0]).unwrap();
/// let m = applications::cnn::max_pool2d(&x, 2, 2)?;
/// assert_eq!(m.into_raw_vec_and_offset().0, vec![5.0, 8.0]);
/// # Ok::<(), applications::Error>(())
/// ```
///
/// # Errors
/// As [`output_size`].
pub fn max_pool2d<F: Float, S: Data<Elem = F>>(
    x: &ArrayBase<S, Ix4>,
    k: usize,
    stride: usize,
) -> Result<Array4<F>> {
    pool("max_pool2d", x, k, stride, |w| {
        w.fold(F::neg_infinity(), |a, &b| a.max(b))
    })
}

/// `F.avg_pool2d(X, k, stride)` (no padding): the mean of each `k x k` window.
///
/// # Errors
/// As [`output_size`].
pub fn avg_pool2d<F: Float, S: Data<Elem = F>>(
    x: &ArrayBase<S, Ix4>,
    k: usize,
    stride: usize,
) -> Result<Array4<F>> {
    let denom = F::from_f64((k * k) as f64);
    pool("avg_pool2d", x, k, stride, |w| w.sum() / denom)
}
