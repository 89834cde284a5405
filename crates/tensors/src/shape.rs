//! # 3.1 Image batches and sequences: moving axes, stacking, tiling, padding
//!
//! Deep-learning data is N-d: a batch of grey images is `(N, H, W)`, of colour images
//! `(N, C, H, W)` (PyTorch, "NCHW") or `(N, H, W, C)` (TensorFlow, "NHWC"), a batch of
//! sequences `(N, T, F)`. Most of the work is moving axes around without copying.
//!
//! | NumPy | Rust (`use tensors::*;`) | view or copy |
//! |---|---|---|
//! | `np.moveaxis(x, 1, -1)` | [`moveaxis(&x, 1, -1)?`](moveaxis) | **view** |
//! | `np.swapaxes(x, 0, 1)` | [`swapaxes(&x, 0, 1)?`](swapaxes) | **view** |
//! | `np.transpose(x, (0, 2, 3, 1))`, `x.permute(0, 2, 3, 1)` (PyTorch) | [`permute(&x, &[0, 2, 3, 1])?`](permute) | **view** |
//! | `x.transpose(0, 2, 3, 1)` (NCHW to NHWC) | [`nchw_to_nhwc(&x)`](nchw_to_nhwc), [`nhwc_to_nchw`] | **view** |
//! | `np.expand_dims(x, 1)`, `x[:, None]` | [`expand_dims(&x, 1)?`](expand_dims) | **view** |
//! | `np.squeeze(x)`, `np.squeeze(x, axis=1)` | [`squeeze(&x)`](squeeze), [`squeeze_axis(&x, 1)?`](squeeze_axis) | **view** |
//! | `x.reshape(len(x), -1)` | [`flatten_batch(&x)?`](flatten_batch) | view if contiguous, else copy ([`CowArray`]) |
//! | `x.reshape(len(x), 1, 28, 28)` | [`unflatten_batch(&x, &[1, 28, 28])?`](unflatten_batch) | view if contiguous, else copy |
//! | `np.split(x, 3, axis=0)`, `np.array_split`, `np.split(x, [2, 5])` | [`split`], [`array_split`], [`split_at_indices`] | **views** |
//! | `np.stack([a, b], axis=0)` | [`stack(&[a.view(), b.view()], 0)?`](stack) | copy |
//! | `np.concatenate([a, b], axis=0)` | [`concatenate(&[a.view(), b.view()], 0)?`](concatenate) | copy |
//! | `np.tile(x, (2, 3))` | [`tile(&x, &[2, 3])?`](tile) | copy |
//! | `np.repeat(x, 3, axis=1)` | [`repeat(&x, 3, 1)?`](repeat) | copy |
//! | `np.pad(x, ((0, 0), (2, 2)), mode="reflect")` | [`pad(&x, &[(0, 0), (2, 2)], PadMode::Reflect)?`](pad) | copy |
//!
//! ```
//! use ndarray::Array4;
//! use tensors::{nchw_to_nhwc, flatten_batch, moveaxis};
//!
//! // x = np.zeros((8, 3, 32, 32)); x.transpose(0, 2, 3, 1).shape == (8, 32, 32, 3)
//! let x = Array4::<f32>::zeros((8, 3, 32, 32));
//! let nhwc = nchw_to_nhwc(&x);
//! assert_eq!(nhwc.shape(), &[8, 32, 32, 3]);
//! // A view: same buffer, other strides. Nothing was copied.
//! assert_eq!(nhwc.as_ptr(), x.as_ptr());
//! assert_eq!(moveaxis(&x, 1, -1)?, nhwc);
//!
//! // x.reshape(8, -1): (8, 3072) for a dense layer, a view since x is contiguous.
//! let flat = flatten_batch(&x)?;
//! assert_eq!(flat.shape(), &[8, 3072]);
//! assert!(flat.is_view());
//! // The NHWC view is not contiguous: flattening it must copy (NumPy copies too).
//! assert!(!flatten_batch(&nhwc)?.is_view());
//! # Ok::<(), tensors::Error>(())
//! ```
//!
//! ## Views and copies
//! A view ([`ArrayView`]) shares the buffer of its array and only changes shape and strides:
//! `O(1)`, no allocation. Moving axes, adding or removing a length-1 axis, splitting and
//! slicing are views, in NumPy as here. Anything that creates new elements (tile, repeat,
//! pad) or joins separate buffers (stack, concatenate) copies.
//!
//! A view with permuted strides is *not* contiguous. Operations that need a contiguous
//! buffer (a reshape that merges the permuted axes, handing the data to a BLAS routine,
//! writing to disk) then copy: in NumPy silently (`np.ascontiguousarray`), here visibly:
//! `reshape`-like functions return a [`CowArray`] that tells you which happened
//! (`.is_view()`), and `.as_standard_layout()` makes the copy explicit. Pay that copy once
//! per batch, not inside an inner loop.
//!
//! ## Axes
//! Axes are `isize` like NumPy's: `-1` is the last axis. An axis outside `-ndim..ndim` is
//! [`Error::AxisOutOfBounds`], never a panic.

use crate::error::{Error, Result, norm_axes, norm_axis, shape};
use ndarray::{
    Array, ArrayBase, ArrayD, ArrayView, ArrayView4, ArrayViewD, Axis, CowArray, Data, Dimension,
    Ix2, IxDyn, Order, RemoveAxis, Slice,
};

/// A dimension value of type `D` with the given lengths (`dims.len()` must be `D`'s ndim).
pub(crate) fn dim_from<D: Dimension>(dims: &[usize]) -> D {
    let mut d = D::zeros(dims.len());
    d.slice_mut().copy_from_slice(dims);
    d
}

/// Move one axis to a new position, keeping the others in order: `np.moveaxis(a, source,
/// destination)`. A **view**.
///
/// The NCHW-to-NHWC conversion is `moveaxis(&x, 1, -1)` (channels last); the reverse is
/// `moveaxis(&x, -1, 1)`.
///
/// ```
/// use ndarray::Array3;
/// // np.moveaxis(np.zeros((3, 4, 5)), 0, -1).shape == (4, 5, 3)
/// let x = Array3::<f64>::zeros((3, 4, 5));
/// assert_eq!(tensors::moveaxis(&x, 0, -1)?.shape(), &[4, 5, 3]);
/// assert_eq!(tensors::moveaxis(&x, -1, 0)?.shape(), &[5, 3, 4]);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfBounds`] if `source` or `destination` is not in `-ndim..ndim`.
pub fn moveaxis<A, S, D>(
    a: &ArrayBase<S, D>,
    source: isize,
    destination: isize,
) -> Result<ArrayView<'_, A, D>>
where
    S: Data<Elem = A>,
    D: Dimension,
{
    let n = a.ndim();
    let src = norm_axis("moveaxis", source, n)?;
    let dst = norm_axis("moveaxis", destination, n)?;
    let mut order: Vec<usize> = (0..n).filter(|&i| i != src).collect();
    order.insert(dst, src);
    Ok(a.view().permuted_axes(dim_from::<D>(&order)))
}

/// Exchange two axes: `np.swapaxes(a, axis1, axis2)`. A **view**.
///
/// For a batch of sequences `(N, T, F)`, `swapaxes(&x, 0, 1)` gives the time-major
/// `(T, N, F)` layout that recurrent layers iterate over.
///
/// ```
/// use ndarray::Array3;
/// let x = Array3::<f32>::zeros((32, 10, 8)); // (N, T, F)
/// assert_eq!(tensors::swapaxes(&x, 0, 1)?.shape(), &[10, 32, 8]);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfBounds`] if an axis is not in `-ndim..ndim`.
pub fn swapaxes<A, S, D>(
    a: &ArrayBase<S, D>,
    axis1: isize,
    axis2: isize,
) -> Result<ArrayView<'_, A, D>>
where
    S: Data<Elem = A>,
    D: Dimension,
{
    let i = norm_axis("swapaxes", axis1, a.ndim())?;
    let j = norm_axis("swapaxes", axis2, a.ndim())?;
    let mut v = a.view();
    v.swap_axes(i, j);
    Ok(v)
}

/// Reorder all axes: `np.transpose(a, axes)` (PyTorch's `x.permute(*axes)`). A **view**.
///
/// Axis `i` of the result is axis `axes[i]` of `a`. Negative axes count from the end.
///
/// ```
/// use ndarray::Array4;
/// // NCHW -> NHWC: np.transpose(x, (0, 2, 3, 1))
/// let x = Array4::<f32>::zeros((2, 3, 4, 5));
/// assert_eq!(tensors::permute(&x, &[0, 2, 3, 1])?.shape(), &[2, 4, 5, 3]);
/// let err = tensors::permute(&x, &[0, 1, 1, 2]).unwrap_err();
/// assert_eq!(err.to_string(), "permute: repeated axis 1");
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxesDontMatch`] if `axes` does not have one entry per axis,
/// [`Error::AxisOutOfBounds`], [`Error::RepeatedAxis`].
pub fn permute<'a, A, S, D>(a: &'a ArrayBase<S, D>, axes: &[isize]) -> Result<ArrayView<'a, A, D>>
where
    S: Data<Elem = A>,
    D: Dimension,
{
    const OP: &str = "permute";
    if axes.len() != a.ndim() {
        return Err(Error::AxesDontMatch {
            op: OP,
            axes: axes.to_vec(),
            ndim: a.ndim(),
        });
    }
    let order = norm_axes(OP, axes, a.ndim())?;
    Ok(a.view().permuted_axes(dim_from::<D>(&order)))
}

/// Channels first to channels last: `(N, C, H, W) -> (N, H, W, C)`, PyTorch layout to
/// TensorFlow layout, `x.transpose(0, 2, 3, 1)`. A **view**; call
/// `.as_standard_layout()` if you need the NHWC bytes contiguous.
///
/// ```
/// use ndarray::Array4;
/// let x = Array4::<u8>::zeros((16, 3, 32, 32));
/// assert_eq!(tensors::nchw_to_nhwc(&x).shape(), &[16, 32, 32, 3]);
/// ```
pub fn nchw_to_nhwc<A, S>(x: &ArrayBase<S, ndarray::Ix4>) -> ArrayView4<'_, A>
where
    S: Data<Elem = A>,
{
    x.view().permuted_axes([0, 2, 3, 1])
}

/// Channels last to channels first: `(N, H, W, C) -> (N, C, H, W)`,
/// `x.transpose(0, 3, 1, 2)`. A **view**.
///
/// ```
/// use ndarray::Array4;
/// let x = Array4::<u8>::zeros((16, 32, 32, 3));
/// let nchw = tensors::nhwc_to_nchw(&x);
/// assert_eq!(nchw.shape(), &[16, 3, 32, 32]);
/// assert_eq!(tensors::nchw_to_nhwc(&nchw), x); // the round trip is the identity
/// ```
pub fn nhwc_to_nchw<A, S>(x: &ArrayBase<S, ndarray::Ix4>) -> ArrayView4<'_, A>
where
    S: Data<Elem = A>,
{
    x.view().permuted_axes([0, 3, 1, 2])
}

/// Insert a length-1 axis at position `axis`: `np.expand_dims(a, axis)`, `a[:, None]`.
/// A **view**.
///
/// `axis` counts positions in the *result*, so it may be `-(ndim+1)..=ndim`:
/// `expand_dims(&x, -1)` appends an axis, like NumPy.
///
/// ```
/// use ndarray::Array3;
/// // MNIST (N, 28, 28) -> NCHW (N, 1, 28, 28)
/// let x = Array3::<u8>::zeros((5, 28, 28));
/// assert_eq!(tensors::expand_dims(&x, 1)?.shape(), &[5, 1, 28, 28]);
/// assert_eq!(tensors::expand_dims(&x, -1)?.shape(), &[5, 28, 28, 1]);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfBounds`] if `axis` is not in `-(ndim+1)..=ndim`.
pub fn expand_dims<A, S, D>(a: &ArrayBase<S, D>, axis: isize) -> Result<ArrayView<'_, A, D::Larger>>
where
    S: Data<Elem = A>,
    D: Dimension,
{
    let ax = norm_axis("expand_dims", axis, a.ndim() + 1)?;
    Ok(a.view().insert_axis(Axis(ax)))
}

/// Remove every length-1 axis: `np.squeeze(a)`. A **view** with a dynamic number of
/// axes (how many remain depends on the data).
///
/// ```
/// use ndarray::Array4;
/// let x = Array4::<f64>::zeros((1, 3, 1, 2));
/// assert_eq!(tensors::squeeze(&x).shape(), &[3, 2]);
/// ```
pub fn squeeze<A, S, D>(a: &ArrayBase<S, D>) -> ArrayViewD<'_, A>
where
    S: Data<Elem = A>,
    D: Dimension,
{
    let mut v = a.view().into_dyn();
    for ax in (0..v.ndim()).rev() {
        if v.len_of(Axis(ax)) == 1 {
            v = v.index_axis_move(Axis(ax), 0);
        }
    }
    v
}

/// Remove one length-1 axis: `np.squeeze(a, axis=axis)`. A **view**, with one axis less
/// in its type.
///
/// ```
/// use ndarray::Array4;
/// let x = Array4::<f64>::zeros((5, 1, 28, 28));
/// assert_eq!(tensors::squeeze_axis(&x, 1)?.shape(), &[5, 28, 28]);
/// let err = tensors::squeeze_axis(&x, 2).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "squeeze: cannot select an axis to squeeze out which has size not equal to one: axis 2 of shape (5, 1, 28, 28) has size 28"
/// );
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfBounds`]; [`Error::InvalidArgument`] if the axis has length other
/// than 1.
pub fn squeeze_axis<A, S, D>(
    a: &ArrayBase<S, D>,
    axis: isize,
) -> Result<ArrayView<'_, A, D::Smaller>>
where
    S: Data<Elem = A>,
    D: RemoveAxis,
{
    const OP: &str = "squeeze";
    let ax = norm_axis(OP, axis, a.ndim())?;
    if a.len_of(Axis(ax)) != 1 {
        return Err(Error::InvalidArgument {
            op: OP,
            detail: format!(
                "cannot select an axis to squeeze out which has size not equal to one: axis {ax} of shape {} has size {}",
                shape(a.shape()),
                a.len_of(Axis(ax))
            ),
        });
    }
    Ok(a.view().index_axis_move(Axis(ax), 0))
}

/// Flatten every sample of a batch: `(N, d1, d2, ...) -> (N, d1 * d2 * ...)`,
/// `x.reshape(len(x), -1)`, the input of a dense layer.
///
/// Returns a [`CowArray`]: a **view** when `x` is contiguous in row-major order (the
/// usual case), a **copy** otherwise (for example after [`nchw_to_nhwc`]), exactly when
/// NumPy's `reshape` copies. Check with `.is_view()`.
///
/// ```
/// use ndarray::Array3;
/// let x = Array3::<f32>::zeros((60, 28, 28));
/// let flat = tensors::flatten_batch(&x)?;
/// assert_eq!(flat.shape(), &[60, 784]);
/// assert!(flat.is_view());
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for a 0-D array (it has no batch axis).
pub fn flatten_batch<A, S, D>(x: &ArrayBase<S, D>) -> Result<CowArray<'_, A, Ix2>>
where
    A: Clone,
    S: Data<Elem = A>,
    D: Dimension,
{
    if x.ndim() == 0 {
        return Err(Error::InvalidArgument {
            op: "flatten_batch",
            detail: "a 0-D array has no batch axis".into(),
        });
    }
    let n = x.len_of(Axis(0));
    let rest: usize = x.shape()[1..].iter().product();
    Ok(x.to_shape(((n, rest), Order::RowMajor))
        .expect("n * rest is the number of elements"))
}

/// Give every row of a `(N, k)` batch the shape `sample_shape`: the inverse of
/// [`flatten_batch`], `x.reshape(len(x), *sample_shape)`.
///
/// A **view** when `x` is row-major contiguous, a copy otherwise.
///
/// ```
/// use ndarray::Array2;
/// let flat = Array2::<f32>::zeros((60, 784));
/// let images = tensors::unflatten_batch(&flat, &[1, 28, 28])?;
/// assert_eq!(images.shape(), &[60, 1, 28, 28]);
/// let err = tensors::unflatten_batch(&flat, &[1, 28, 29]).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "unflatten_batch: cannot reshape array of shape (60, 784) into shape (60, 1, 28, 29)"
/// );
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::ShapeMismatch`] if `sample_shape` does not have `k` elements.
pub fn unflatten_batch<'a, A, S>(
    x: &'a ArrayBase<S, Ix2>,
    sample_shape: &[usize],
) -> Result<CowArray<'a, A, IxDyn>>
where
    A: Clone,
    S: Data<Elem = A>,
{
    let mut new_shape = vec![x.nrows()];
    new_shape.extend_from_slice(sample_shape);
    if sample_shape.iter().product::<usize>() != x.ncols() {
        return Err(Error::ShapeMismatch {
            op: "unflatten_batch",
            detail: format!(
                "cannot reshape array of shape {} into shape {}",
                shape(x.shape()),
                shape(&new_shape)
            ),
        });
    }
    Ok(x.to_shape((IxDyn(&new_shape), Order::RowMajor))
        .expect("same number of elements"))
}

/// Check that `arrays` is not empty; return the index of the first shape mismatch.
fn first_array<'b, 'a, A, D: Dimension>(
    op: &'static str,
    arrays: &'b [ArrayView<'a, A, D>],
) -> Result<&'b ArrayView<'a, A, D>> {
    arrays.first().ok_or_else(|| Error::InvalidArgument {
        op,
        detail: "need at least one array".into(),
    })
}

/// Join arrays of the same shape along a **new** axis: `np.stack(arrays, axis)`. A copy.
///
/// Stacking `N` images `(H, W)` gives the batch `(N, H, W)` (`axis = 0`); stacking along
/// `-1` puts channels last.
///
/// ```
/// use ndarray::{array, Array2};
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// let b = a.map(|v| v * 10.0);
/// let s = tensors::stack(&[a.view(), b.view()], 0)?;
/// assert_eq!(s.shape(), &[2, 2, 2]);
/// assert_eq!(s[[1, 0, 1]], 20.0);
/// assert_eq!(tensors::stack(&[a.view(), b.view()], -1)?[[0, 1, 1]], 20.0);
///
/// let c = Array2::<f64>::zeros((2, 3));
/// let err = tensors::stack(&[a.view(), c.view()], 0).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "stack: all input arrays must have the same shape, but the array at index 0 has shape (2, 2) and the array at index 1 has shape (2, 3)"
/// );
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for an empty list, [`Error::ShapeMismatch`],
/// [`Error::AxisOutOfBounds`] (`axis` counts in the result: `-(ndim+1)..=ndim`).
pub fn stack<A, D>(arrays: &[ArrayView<'_, A, D>], axis: isize) -> Result<Array<A, D::Larger>>
where
    A: Clone,
    D: Dimension,
{
    const OP: &str = "stack";
    let first = first_array(OP, arrays)?;
    for (i, a) in arrays.iter().enumerate().skip(1) {
        if a.shape() != first.shape() {
            return Err(Error::ShapeMismatch {
                op: OP,
                detail: format!(
                    "all input arrays must have the same shape, but the array at index 0 has shape {} and the array at index {i} has shape {}",
                    shape(first.shape()),
                    shape(a.shape())
                ),
            });
        }
    }
    let ax = norm_axis(OP, axis, first.ndim() + 1)?;
    Ok(ndarray::stack(Axis(ax), arrays).expect("shapes checked"))
}

/// Join arrays along an **existing** axis: `np.concatenate(arrays, axis)`. A copy.
///
/// Concatenating mini-batches `(n_i, F)` along axis 0 gives `(sum n_i, F)`; concatenating
/// feature blocks along axis 1 widens every row.
///
/// ```
/// use ndarray::{array, Array2};
/// let a = Array2::<f64>::ones((2, 3));
/// let b = Array2::<f64>::zeros((1, 3));
/// assert_eq!(tensors::concatenate(&[a.view(), b.view()], 0)?.shape(), &[3, 3]);
/// let err = tensors::concatenate(&[a.view(), b.view()], 1).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "concatenate: all the input array dimensions except for the concatenation axis must match exactly, but along dimension 0, the array at index 0 has size 2 and the array at index 1 has size 1"
/// );
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for an empty list, [`Error::ShapeMismatch`] (number of
/// dimensions or a length off the axis), [`Error::AxisOutOfBounds`].
pub fn concatenate<A, D>(arrays: &[ArrayView<'_, A, D>], axis: isize) -> Result<Array<A, D>>
where
    A: Clone,
    D: RemoveAxis,
{
    const OP: &str = "concatenate";
    let first = first_array(OP, arrays)?;
    let ax = norm_axis(OP, axis, first.ndim())?;
    for (i, a) in arrays.iter().enumerate().skip(1) {
        if a.ndim() != first.ndim() {
            return Err(Error::ShapeMismatch {
                op: OP,
                detail: format!(
                    "all the input arrays must have same number of dimensions, but the array at index 0 has {} dimension(s) and the array at index {i} has {} dimension(s)",
                    first.ndim(),
                    a.ndim()
                ),
            });
        }
        for d in (0..a.ndim()).filter(|&d| d != ax) {
            if a.len_of(Axis(d)) != first.len_of(Axis(d)) {
                return Err(Error::ShapeMismatch {
                    op: OP,
                    detail: format!(
                        "all the input array dimensions except for the concatenation axis must match exactly, but along dimension {d}, the array at index 0 has size {} and the array at index {i} has size {}",
                        first.len_of(Axis(d)),
                        a.len_of(Axis(d))
                    ),
                });
            }
        }
    }
    Ok(ndarray::concatenate(Axis(ax), arrays).expect("shapes checked"))
}

/// Split into `sections` equal parts along `axis`: `np.split(a, sections, axis)`.
/// The parts are **views**.
///
/// ```
/// use ndarray::Array2;
/// let x = Array2::<f64>::zeros((6, 4));
/// let parts = tensors::split(&x, 3, 0)?;
/// assert_eq!(parts.len(), 3);
/// assert_eq!(parts[0].shape(), &[2, 4]);
/// let err = tensors::split(&x, 4, 0).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "split: array split does not result in an equal division: axis 0 of length 6 into 4 sections"
/// );
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] if `sections` is 0 or does not divide the axis length
/// (use [`array_split`]); [`Error::AxisOutOfBounds`].
pub fn split<A, S, D>(
    a: &ArrayBase<S, D>,
    sections: usize,
    axis: isize,
) -> Result<Vec<ArrayView<'_, A, D>>>
where
    S: Data<Elem = A>,
    D: Dimension,
{
    const OP: &str = "split";
    let ax = norm_axis(OP, axis, a.ndim())?;
    let n = a.len_of(Axis(ax));
    if sections == 0 || !n.is_multiple_of(sections) {
        return Err(Error::InvalidArgument {
            op: OP,
            detail: format!(
                "array split does not result in an equal division: axis {ax} of length {n} into {sections} sections"
            ),
        });
    }
    array_split(a, sections, axis)
}

/// Split into `sections` nearly equal parts: `np.array_split(a, sections, axis)`. The
/// first `n % sections` parts have one element more. The parts are **views**.
///
/// ```
/// use ndarray::Array1;
/// let x = Array1::from_iter(0..7);
/// let parts = tensors::array_split(&x, 3, 0)?;
/// let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
/// assert_eq!(lens, [3, 2, 2]);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] if `sections` is 0; [`Error::AxisOutOfBounds`].
pub fn array_split<A, S, D>(
    a: &ArrayBase<S, D>,
    sections: usize,
    axis: isize,
) -> Result<Vec<ArrayView<'_, A, D>>>
where
    S: Data<Elem = A>,
    D: Dimension,
{
    const OP: &str = "array_split";
    let ax = norm_axis(OP, axis, a.ndim())?;
    if sections == 0 {
        return Err(Error::InvalidArgument {
            op: OP,
            detail: "number sections must be larger than 0".into(),
        });
    }
    let n = a.len_of(Axis(ax));
    let (q, r) = (n / sections, n % sections);
    let mut bounds = Vec::with_capacity(sections - 1);
    let mut at = 0;
    for i in 0..sections - 1 {
        at += q + usize::from(i < r);
        bounds.push(at);
    }
    Ok(split_views(a.view(), &bounds, ax))
}

/// Split before each of `indices` along `axis`: `np.split(a, [i1, i2, ...], axis)`. The
/// parts are **views**; indices past the end give empty parts, like NumPy.
///
/// ```
/// use ndarray::Array1;
/// let x = Array1::from_iter(0..10);
/// let parts = tensors::split_at_indices(&x, &[2, 5], 0)?;
/// assert_eq!(parts[1].to_vec(), [2, 3, 4]);
/// assert_eq!(parts[2].len(), 5);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] if `indices` is not non-decreasing; [`Error::AxisOutOfBounds`].
pub fn split_at_indices<'a, A, S, D>(
    a: &'a ArrayBase<S, D>,
    indices: &[usize],
    axis: isize,
) -> Result<Vec<ArrayView<'a, A, D>>>
where
    S: Data<Elem = A>,
    D: Dimension,
{
    const OP: &str = "split_at_indices";
    let ax = norm_axis(OP, axis, a.ndim())?;
    if indices.windows(2).any(|w| w[1] < w[0]) {
        return Err(Error::InvalidArgument {
            op: OP,
            detail: format!("indices {indices:?} must be non-decreasing"),
        });
    }
    let n = a.len_of(Axis(ax));
    let bounds: Vec<usize> = indices.iter().map(|&i| i.min(n)).collect();
    Ok(split_views(a.view(), &bounds, ax))
}

fn split_views<'a, A, D: Dimension>(
    a: ArrayView<'a, A, D>,
    bounds: &[usize],
    ax: usize,
) -> Vec<ArrayView<'a, A, D>> {
    let mut parts = Vec::with_capacity(bounds.len() + 1);
    let mut rest = a;
    let mut offset = 0;
    for &b in bounds {
        let (head, tail) = rest.split_at(Axis(ax), b - offset);
        parts.push(head);
        rest = tail;
        offset = b;
    }
    parts.push(rest);
    parts
}

/// Repeat the whole array `reps[i]` times along axis `i`: `np.tile(a, reps)`. A copy.
///
/// Like NumPy, a shorter `reps` is padded with leading 1s, and a longer `reps` gives `a`
/// leading axes of length 1, so the result has `max(a.ndim, reps.len())` axes.
///
/// ```
/// use ndarray::array;
/// let a = array![[1, 2], [3, 4]];
/// let t = tensors::tile(&a, &[2, 3])?;
/// assert_eq!(t.shape(), &[4, 6]);
/// let row2: Vec<i32> = t.index_axis(ndarray::Axis(0), 2).iter().copied().collect();
/// assert_eq!(row2, [1, 2, 1, 2, 1, 2]);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// Cost: one pass writing `a.len() * prod(reps)` elements.
///
/// # Errors
/// [`Error::InvalidArgument`] when a tiled axis length `reps[i] * a.shape[i]` overflows or
/// the result would hold more than `isize::MAX` bytes (`tile(a, &[usize::MAX])`), as
/// NumPy's `ValueError: array is too big`.
pub fn tile<A, S, D>(a: &ArrayBase<S, D>, reps: &[usize]) -> Result<ArrayD<A>>
where
    A: Clone,
    S: Data<Elem = A>,
    D: Dimension,
{
    let nd = a.ndim().max(reps.len());
    let mut dims = vec![1; nd - a.ndim()];
    dims.extend_from_slice(a.shape());
    let mut r = vec![1; nd - reps.len()];
    r.extend_from_slice(reps);
    // (d0, d1, ...) -> (1, d0, 1, d1, ...) -> broadcast (r0, d0, r1, d1, ...) -> (r0 d0, r1 d1, ...)
    let interleaved: Vec<usize> = dims.iter().flat_map(|&d| [1, d]).collect();
    let target: Vec<usize> = r.iter().zip(&dims).flat_map(|(&r, &d)| [r, d]).collect();
    let too_big = || Error::InvalidArgument {
        op: "tile",
        detail: format!(
            "reps {reps:?} of shape {:?} do not fit in memory",
            a.shape()
        ),
    };
    let out_shape: Vec<usize> = r
        .iter()
        .zip(&dims)
        .map(|(r, d)| r.checked_mul(*d))
        .collect::<Option<_>>()
        .ok_or_else(too_big)?;
    // As in `repeat`: the product of the non-zero lengths times the element size must fit
    // in `isize`, and so must the broadcast intermediate (same elements, more axes).
    let fits = |shape: &[usize]| {
        shape
            .iter()
            .filter(|&&d| d != 0)
            .try_fold(std::mem::size_of::<A>().max(1), |n, &d| n.checked_mul(d))
            .is_some_and(|bytes| bytes <= isize::MAX as usize)
    };
    if !fits(&out_shape) {
        return Err(too_big());
    }
    if out_shape.contains(&0) {
        return Ok(ArrayD::from_shape_vec(IxDyn(&out_shape), Vec::new())
            .expect("an empty shape that fits"));
    }
    if !fits(&target) {
        return Err(too_big());
    }
    let src = a.as_standard_layout();
    let src = src
        .to_shape(IxDyn(&interleaved))
        .expect("inserting length-1 axes keeps the size");
    let big = src
        .broadcast(IxDyn(&target))
        .expect("broadcast of length-1 axes");
    Ok(big
        .as_standard_layout()
        .into_owned()
        .into_shape_with_order(IxDyn(&out_shape))
        .expect("same number of elements"))
}

/// Repeat each element `repeats` times along `axis`: `np.repeat(a, repeats, axis)`. A copy.
///
/// Unlike [`tile`], copies are adjacent: `repeat([1, 2], 2) == [1, 1, 2, 2]`. Upsampling
/// an image by 2 (nearest neighbour) is `repeat` along H then W.
///
/// ```
/// use ndarray::array;
/// let a = array![[1, 2], [3, 4]];
/// let up = tensors::repeat(&tensors::repeat(&a, 2, 0)?, 2, 1)?;
/// assert_eq!(up, array![[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfBounds`]; [`Error::InvalidArgument`] when the result would hold more
/// than `isize::MAX` bytes (`repeats = usize::MAX`).
pub fn repeat<A, S, D>(a: &ArrayBase<S, D>, repeats: usize, axis: isize) -> Result<Array<A, D>>
where
    A: Clone,
    S: Data<Elem = A>,
    D: Dimension,
{
    let ax = norm_axis("repeat", axis, a.ndim())?;
    let mut expanded: Vec<usize> = a.shape().to_vec();
    expanded.insert(ax + 1, 1);
    let mut target = expanded.clone();
    target[ax + 1] = repeats;
    let mut out_shape = a.shape().to_vec();
    // The result must be an array ndarray can hold: the product of its non-zero lengths
    // (times the element size) must fit in `isize`. `repeat(a, usize::MAX, 0)` is an error,
    // not an overflow panic.
    let fits = out_shape[ax].checked_mul(repeats).is_some_and(|len| {
        out_shape[ax] = len;
        out_shape
            .iter()
            .filter(|&&d| d != 0)
            .try_fold(std::mem::size_of::<A>().max(1), |n, &d| n.checked_mul(d))
            .is_some_and(|bytes| bytes <= isize::MAX as usize)
    });
    if !fits {
        return Err(Error::InvalidArgument {
            op: "repeat",
            detail: format!(
                "{repeats} repeats of axis {ax} (length {}) do not fit in memory",
                a.shape()[ax]
            ),
        });
    }
    if a.is_empty() {
        return Ok(Array::from_shape_vec(dim_from::<D>(&out_shape), Vec::new())
            .expect("an empty shape that fits"));
    }
    let src = a.as_standard_layout();
    let src = src
        .to_shape(IxDyn(&expanded))
        .expect("inserting a length-1 axis keeps the size");
    let big = src
        .broadcast(IxDyn(&target))
        .expect("broadcast of a length-1 axis");
    Ok(big
        .as_standard_layout()
        .into_owned()
        .into_shape_with_order(dim_from::<D>(&out_shape))
        .expect("same number of elements"))
}

/// How [`pad`] fills the new border: NumPy's `mode=` argument.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PadMode<A> {
    /// `mode="constant", constant_values=v`: fill with `v` (zero padding for convolutions).
    Constant(A),
    /// `mode="edge"`: repeat the edge value.
    Edge,
    /// `mode="reflect"`: mirror without repeating the edge (`[1, 2, 3] -> 3, 2 | 1, 2, 3 | 2, 1`).
    Reflect,
    /// `mode="symmetric"`: mirror including the edge (`[1, 2, 3] -> 2, 1 | 1, 2, 3 | 3, 2`).
    Symmetric,
    /// `mode="wrap"`: periodic (`[1, 2, 3] -> 2, 3 | 1, 2, 3 | 1, 2`).
    Wrap,
}

/// Source index along an axis of length `n` for the padded position `i` (may be negative
/// or past the end), or `None` for a constant.
fn pad_source<A>(mode: &PadMode<A>, i: isize, n: usize) -> Option<usize> {
    let n = n as isize;
    let j = match mode {
        PadMode::Constant(_) => return (0..n).contains(&i).then_some(i as usize),
        PadMode::Edge => i.clamp(0, n - 1),
        PadMode::Wrap => i.rem_euclid(n),
        PadMode::Reflect if n == 1 => 0,
        PadMode::Reflect => {
            let p = i.rem_euclid(2 * (n - 1));
            if p < n { p } else { 2 * (n - 1) - p }
        }
        PadMode::Symmetric => {
            let p = i.rem_euclid(2 * n);
            if p < n { p } else { 2 * n - 1 - p }
        }
    };
    Some(j as usize)
}

/// Pad every axis: `np.pad(a, pad_width, mode)`. A copy.
///
/// `pad_width[i] = (before, after)` for axis `i`; a single pair applies to every axis
/// (NumPy's `np.pad(a, ((1, 2),))`). Padding larger than the axis reflects or wraps again,
/// like NumPy.
///
/// ```
/// use ndarray::array;
/// use tensors::{pad, PadMode};
/// let a = array![1.0, 2.0, 3.0];
/// // np.pad(a, 2, mode="reflect") -> [3, 2, 1, 2, 3, 2, 1]
/// assert_eq!(pad(&a, &[(2, 2)], PadMode::Reflect)?, array![3.0, 2.0, 1.0, 2.0, 3.0, 2.0, 1.0]);
/// assert_eq!(pad(&a, &[(1, 0)], PadMode::Constant(0.0))?, array![0.0, 1.0, 2.0, 3.0]);
///
/// // Zero-pad the spatial axes of an NCHW batch by 1 ("same" padding for a 3x3 kernel).
/// let x = ndarray::Array4::<f32>::ones((2, 3, 28, 28));
/// let p = pad(&x, &[(0, 0), (0, 0), (1, 1), (1, 1)], PadMode::Constant(0.0))?;
/// assert_eq!(p.shape(), &[2, 3, 30, 30]);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// Cost: one pass over the output per padded axis (the border is gathered as slabs and
/// concatenated with the interior).
///
/// # Errors
/// [`Error::ShapeMismatch`] if `pad_width` has neither 1 nor `ndim` pairs;
/// [`Error::InvalidArgument`] for a non-constant mode on an empty axis that needs padding
/// (there is no edge to extend).
pub fn pad<A, S, D>(
    a: &ArrayBase<S, D>,
    pad_width: &[(usize, usize)],
    mode: PadMode<A>,
) -> Result<Array<A, D>>
where
    A: Clone,
    S: Data<Elem = A>,
    D: RemoveAxis,
{
    const OP: &str = "pad";
    let nd = a.ndim();
    let widths: Vec<(usize, usize)> = match pad_width.len() {
        1 => vec![pad_width[0]; nd],
        l if l == nd => pad_width.to_vec(),
        l => {
            return Err(Error::ShapeMismatch {
                op: OP,
                detail: format!(
                    "pad_width has {l} (before, after) pairs but the array of shape {} has {nd} axes",
                    shape(a.shape())
                ),
            });
        }
    };
    let mut cur = a.to_owned();
    for (ax, &(before, after)) in widths.iter().enumerate() {
        if before == 0 && after == 0 {
            continue;
        }
        let n = cur.len_of(Axis(ax));
        if n == 0 && !matches!(mode, PadMode::Constant(_)) {
            return Err(Error::InvalidArgument {
                op: OP,
                detail: format!(
                    "can't extend empty axis {ax} of shape {} using modes other than constant",
                    shape(a.shape())
                ),
            });
        }
        cur = pad_axis(&cur, ax, before, after, &mode);
    }
    Ok(cur)
}

fn pad_axis<A: Clone, D: RemoveAxis>(
    cur: &Array<A, D>,
    ax: usize,
    before: usize,
    after: usize,
    mode: &PadMode<A>,
) -> Array<A, D> {
    let n = cur.len_of(Axis(ax));
    // A one-thick slab of the constant, shared by every constant border position.
    let constant = match mode {
        PadMode::Constant(v) => {
            let mut d = cur.raw_dim();
            d[ax] = 1;
            Some(Array::from_elem(d, v.clone()))
        }
        _ => None,
    };
    let mut pieces: Vec<ArrayView<'_, A, D>> = Vec::with_capacity(before + after + 1);
    let border = |o: usize| -> ArrayView<'_, A, D> {
        match pad_source(mode, o as isize - before as isize, n) {
            Some(src) => cur.slice_axis(Axis(ax), Slice::from(src..src + 1)),
            None => constant.as_ref().expect("constant mode").view(),
        }
    };
    pieces.extend((0..before).map(border));
    pieces.push(cur.view());
    pieces.extend((before + n..before + n + after).map(border));
    ndarray::concatenate(Axis(ax), &pieces).expect("pieces agree off the padded axis")
}
