//! # Indexing and slicing
//!
//! Three kinds of indexing, as in NumPy, with the same view/copy rule:
//! basic indexing and slicing give **views** (no copy; writes go to the original), boolean
//! masks and index arrays ("fancy indexing") give **copies**.
//!
//! | NumPy | Rust (ndarray + this module) | view or copy |
//! |---|---|---|
//! | `a[1, 2]` | `a[[1, 2]]` (panics if out of bounds) or `a.get((1, 2))` (an `Option`) | element |
//! | `a[-1]` (last row) | `a.row(a.nrows() - 1)` or `a.slice(s![-1, ..])` | view |
//! | `a[1:3]`, `a[1:3, :]` | `a.slice(s![1..3, ..])` | view |
//! | `a[::2, 1]` | `a.slice(s![..;2, 1])` | view |
//! | `a[::-1]` | `a.slice(s![..;-1])` | view |
//! | `a[5:1:-1]` | `a.slice(s![2..6;-1])`, or [`numpy_slice`]`(n, Some(5), Some(1), -1)?` | view |
//! | `a[i]`, `a[:, j]` | [`row`]`(&a, i)?`, [`column`](column())`(&a, j)?` (or `a.row(i)`, `a.column(j)`, which panic) | view |
//! | `a[:n]`, `a[-n:]` | [`head`]`(&a, n)`, [`tail`]`(&a, n)` | view |
//! | `a[1:3] = 0` | `a.slice_mut(s![1..3, ..]).fill(0.)` | writes through the view |
//! | `np.split(a, [k])` | `a.view().split_at(Axis(0), k)` | two views |
//! | `mask = a > 5` | `let mask = a.mapv(\|x\| x > 5.);` | new `Array<bool, D>` |
//! | `a[mask]` (mask same shape as `a`) | [`extract`]`(&a, &mask)?` | copy, 1-D |
//! | `X[row_mask]`, `X[:, col_mask]` | [`compress`]`(&x, &row_mask, 0)?`, [`compress`]`(&x, &col_mask, 1)?` | copy |
//! | `a[mask] = 0` | [`putmask`]`(&mut a, &mask, 0.)?` | in place |
//! | `mask.sum()`, `np.count_nonzero(mask)` | [`count_nonzero`]`(&mask)` | |
//! | `np.flatnonzero(mask)` | [`flatnonzero`]`(&mask)` | |
//! | `X[[0, 2, 2]]`, `np.take(X, idx, axis=1)` | [`take`]`(&x, &[0, 2, 2], 0)?`, [`take`]`(&x, &idx, 1)?` | copy |
//! | `np.argsort(a, kind="stable")` | [`argsort`]`(&a)` | |
//! | `X[np.argsort(X[:, 0])]` | [`take`]`(&x, &`[`argsort`]`(&x.column(0)), 0)?` | copy, rows sorted by column 0 |
//! | `np.where(cond, a, b)` | [`where_`]`(&cond, &a, &b)?` | copy, broadcast |
//!
//! ```
//! use ndarray::{array, s, Axis};
//! use basics::indexing::{compress, count_nonzero, take, argsort};
//!
//! let iris = datasets::iris::load();
//! let x = &iris.data;
//!
//! // Slicing is a view: no data moves, and writes through a mutable view change the original.
//! let first_ten_petals = x.slice(s![..10, 2..]);        // X[:10, 2:]
//! assert_eq!(first_ten_petals.dim(), (10, 2));
//!
//! // A boolean mask selects rows: a copy.
//! let long_petals = x.column(2).mapv(|v| v > 5.0);      // X[:, 2] > 5.0
//! let subset = compress(x, &long_petals, 0)?;           // X[X[:, 2] > 5.0]
//! assert_eq!(subset.nrows(), count_nonzero(&long_petals));
//!
//! // Fancy indexing: rows sorted by sepal length.
//! let order = argsort(&x.column(0));
//! let sorted = take(x, order.as_slice().unwrap(), 0)?;  // X[np.argsort(X[:, 0])]
//! assert_eq!(sorted[[0, 0]], 4.3);
//! # Ok::<(), basics::Error>(())
//! ```
//!
//! Basic indexing reads or writes one element; slices are views with their own strides:
//!
//! ```
//! use ndarray::{array, s};
//! let mut a = array![[1, 2, 3], [4, 5, 6]];
//! assert_eq!(a[[1, 2]], 6);                       // a[1, 2]
//! assert_eq!(a.get((5, 0)), None);                // a[5, 0] raises IndexError
//! a[[0, 0]] = 10;                                 // a[0, 0] = 10
//! assert_eq!(a.slice(s![.., ..;2]), array![[10, 3], [4, 6]]); // a[:, ::2]
//! assert_eq!(a.slice(s![-1, ..]), array![4, 5, 6]);          // a[-1]
//! ```
//!
//! ## Cost
//! Slices, rows, columns, `head`/`tail` and `split_at` are O(1) views. Masks and index
//! arrays copy the selected data: O(selected) time and memory. `argsort` is O(n log n).
//!
//! ## Where ndarray differs
//! - **Negative steps**: in `s![a..b;-1]` the range is applied *first*, then the step walks it
//!   backwards: `s![1..4;-1]` is NumPy's `a[1:4][::-1]` = `a[3:0:-1]` (elements 3, 2, 1), not
//!   `a[1:4:-1]` (empty in NumPy). `s![..;-1]` reverses, exactly like `a[::-1]`. To translate a
//!   NumPy slice literally use [`numpy_slice`].
//! - **Out-of-range slices panic**: NumPy clamps `a[:100]` to the array; ndarray panics. Use
//!   [`head`] / [`tail`] (which clamp) or check the length.
//! - **Negative indices** exist in `s![]` (`s![-1, ..]`) and `Slice`, but not in `a[[i, j]]`,
//!   which takes `usize`.
//! - **Views are borrow-checked**: a view cannot outlive its array, and you cannot write to
//!   an array while a view of it is alive. NumPy's "did I just modify the original?" bugs
//!   become compile errors.

use ndarray::{
    Array, Array1, ArrayBase, ArrayView, ArrayView1, Axis, Data, DataMut, DimMax, Dimension, Ix1,
    Ix2, Slice, Zip,
};

use crate::error::{Error, Result, check_axis};
use crate::operations::{BroadcastDim, broadcast_shapes, cmp_nan_last, dim_from_shape};

/// Translate a NumPy slice `start:stop:step` on an axis of length `len` into ndarray's
/// [`Slice`], following Python's `slice.indices` (clamping, negative indices, negative steps).
///
/// ```
/// use ndarray::{Array1, Axis};
/// use basics::indexing::numpy_slice;
/// let a = Array1::from_iter(0..10);
/// let s = numpy_slice(a.len(), Some(5), Some(1), -1)?;                 // a[5:1:-1]
/// assert_eq!(a.slice_axis(Axis(0), s).to_vec(), vec![5, 4, 3, 2]);
/// let s = numpy_slice(a.len(), Some(-3), None, 1)?;                    // a[-3:]
/// assert_eq!(a.slice_axis(Axis(0), s).to_vec(), vec![7, 8, 9]);
/// let s = numpy_slice(a.len(), None, Some(100), 3)?;                   // a[:100:3] (clamped)
/// assert_eq!(a.slice_axis(Axis(0), s).to_vec(), vec![0, 3, 6, 9]);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for `step == 0` (Python: "slice step cannot be zero").
pub fn numpy_slice(
    len: usize,
    start: Option<isize>,
    stop: Option<isize>,
    step: isize,
) -> Result<Slice> {
    if step == 0 {
        return Err(Error::InvalidArgument {
            op: "numpy_slice",
            message: "slice step cannot be zero".into(),
        });
    }
    let n = len as isize;
    let (lower, upper) = if step > 0 { (0, n) } else { (-1, n - 1) };
    let clamp = |i: Option<isize>, default: isize| match i {
        None => default,
        Some(i) if i < 0 => (i + n).max(lower),
        Some(i) => i.min(upper),
    };
    let first = clamp(start, if step > 0 { lower } else { upper });
    let end = clamp(stop, if step > 0 { upper } else { lower });
    // Number of selected elements, without overflow even for steps near isize::MAX.
    let span = if step > 0 { end - first } else { first - end };
    let count = if span <= 0 {
        0
    } else {
        (span.unsigned_abs() - 1) / step.unsigned_abs() + 1
    };
    if count == 0 {
        return Ok(Slice::new(0, Some(0), 1));
    }
    if count == 1 {
        return Ok(Slice::new(first, Some(first + 1), 1));
    }
    let count = count as isize;
    let last = first + (count - 1) * step;
    Ok(if step > 0 {
        Slice::new(first, Some(last + 1), step)
    } else {
        // ndarray walks a range backwards from its end: cover [last, first] and step down.
        Slice::new(last, Some(first + 1), step)
    })
}

/// Row `i` of a 2-D array as a view: `X[i]`.
///
/// # Errors
/// [`Error::IndexOutOfBounds`] when `i >= a.nrows()` (where `a.row(i)` panics).
pub fn row<A, S>(a: &ArrayBase<S, Ix2>, i: usize) -> Result<ArrayView1<'_, A>>
where
    S: Data<Elem = A>,
{
    check_index("row", i, 0, a.nrows())?;
    Ok(a.row(i))
}

/// Column `j` of a 2-D array as a (strided) view: `X[:, j]`.
///
/// ```
/// let iris = datasets::iris::load();
/// let petal_length = basics::indexing::column(&iris.data, 2)?;
/// assert_eq!(petal_length.len(), 150);
/// assert_eq!(petal_length.strides(), &[4]); // a view: every 4th element of the buffer
/// assert!(basics::indexing::column(&iris.data, 4).is_err());
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::IndexOutOfBounds`] when `j >= a.ncols()`.
pub fn column<A, S>(a: &ArrayBase<S, Ix2>, j: usize) -> Result<ArrayView1<'_, A>>
where
    S: Data<Elem = A>,
{
    check_index("column", j, 1, a.ncols())?;
    Ok(a.column(j))
}

/// The first `n` entries along axis 0 as a view, clamped like NumPy's `a[:n]`.
///
/// ```
/// use ndarray::array;
/// let a = array![[1, 2], [3, 4], [5, 6]];
/// assert_eq!(basics::indexing::head(&a, 2), array![[1, 2], [3, 4]]);
/// assert_eq!(basics::indexing::head(&a, 10).nrows(), 3);
/// ```
pub fn head<A, S, D>(a: &ArrayBase<S, D>, n: usize) -> ArrayView<'_, A, D>
where
    S: Data<Elem = A>,
    D: Dimension,
{
    if a.ndim() == 0 {
        return a.view();
    }
    let n = n.min(a.len_of(Axis(0)));
    a.slice_axis(Axis(0), Slice::from(..n))
}

/// The last `n` entries along axis 0 as a view, clamped like NumPy's `a[-n:]` (for `n > 0`).
///
/// ```
/// use ndarray::array;
/// let a = array![1, 2, 3, 4];
/// assert_eq!(basics::indexing::tail(&a, 2), array![3, 4]);
/// ```
pub fn tail<A, S, D>(a: &ArrayBase<S, D>, n: usize) -> ArrayView<'_, A, D>
where
    S: Data<Elem = A>,
    D: Dimension,
{
    if a.ndim() == 0 {
        return a.view();
    }
    let len = a.len_of(Axis(0));
    a.slice_axis(Axis(0), Slice::from(len - n.min(len)..))
}

fn check_index(op: &'static str, index: usize, axis: usize, size: usize) -> Result<()> {
    if index < size {
        Ok(())
    } else {
        Err(Error::IndexOutOfBounds {
            op,
            index,
            axis,
            size,
        })
    }
}

fn check_same_shape<S1: Data, S2: Data, D1: Dimension, D2: Dimension>(
    op: &'static str,
    a: &ArrayBase<S1, D1>,
    mask: &ArrayBase<S2, D2>,
) -> Result<()> {
    if a.shape() == mask.shape() {
        Ok(())
    } else {
        Err(Error::ShapeMismatch {
            op,
            left: a.shape().to_vec(),
            right: mask.shape().to_vec(),
            reason: "a boolean mask must have the shape of the array it indexes".into(),
        })
    }
}

/// The elements where `mask` is true, in row-major order: `a[mask]` (or `np.extract(mask, a)`).
///
/// ```
/// use ndarray::array;
/// let a = array![[1., -2.], [-3., 4.]];
/// let positive = basics::indexing::extract(&a, &a.mapv(|x| x > 0.))?;
/// assert_eq!(positive, array![1., 4.]);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::ShapeMismatch`] when `mask` does not have `a`'s shape.
pub fn extract<A, S, Sm, D>(a: &ArrayBase<S, D>, mask: &ArrayBase<Sm, D>) -> Result<Array1<A>>
where
    A: Clone,
    S: Data<Elem = A>,
    Sm: Data<Elem = bool>,
    D: Dimension,
{
    check_same_shape("extract", a, mask)?;
    Ok(Zip::from(a)
        .and(mask)
        .fold(Vec::new(), |mut out, x, &keep| {
            if keep {
                out.push(x.clone());
            }
            out
        })
        .into())
}

/// The sub-arrays along `axis` where the 1-D `mask` is true: `np.compress(mask, a, axis)`,
/// i.e. `X[mask]` for `axis = 0` and `X[:, mask]` for `axis = 1`.
///
/// ```
/// use ndarray::array;
/// let x = array![[1, 2, 3], [4, 5, 6], [7, 8, 9]];
/// let rows = basics::indexing::compress(&x, &array![true, false, true], 0)?;
/// assert_eq!(rows, array![[1, 2, 3], [7, 8, 9]]);
/// let err = basics::indexing::compress(&x, &array![true, false], 0).unwrap_err();
/// assert!(err.to_string().contains("(3, 3) and (2,)"));
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfRange`], or [`Error::ShapeMismatch`] when `mask.len()` differs from the
/// axis length.
pub fn compress<A, S, Sm, D>(
    a: &ArrayBase<S, D>,
    mask: &ArrayBase<Sm, Ix1>,
    axis: usize,
) -> Result<Array<A, D>>
where
    A: Clone,
    S: Data<Elem = A>,
    Sm: Data<Elem = bool>,
    D: Dimension + ndarray::RemoveAxis,
{
    check_axis("compress", axis, a.ndim())?;
    if mask.len() != a.len_of(Axis(axis)) {
        return Err(Error::ShapeMismatch {
            op: "compress",
            left: a.shape().to_vec(),
            right: mask.shape().to_vec(),
            reason: format!(
                "the mask has {} entries but axis {axis} has length {}",
                mask.len(),
                a.len_of(Axis(axis))
            ),
        });
    }
    Ok(a.select(Axis(axis), &flatnonzero(mask)))
}

/// Set `a` to `value` where `mask` is true: `a[mask] = value` (`np.putmask`).
///
/// ```
/// use ndarray::array;
/// let mut a = array![1., f64::NAN, 3.];
/// let missing = a.mapv(f64::is_nan);
/// basics::indexing::putmask(&mut a, &missing, 0.)?; // a[np.isnan(a)] = 0
/// assert_eq!(a, array![1., 0., 3.]);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::ShapeMismatch`] when `mask` does not have `a`'s shape.
pub fn putmask<A, S, Sm, D>(
    a: &mut ArrayBase<S, D>,
    mask: &ArrayBase<Sm, D>,
    value: A,
) -> Result<()>
where
    A: Clone,
    S: DataMut<Elem = A>,
    Sm: Data<Elem = bool>,
    D: Dimension,
{
    check_same_shape("putmask", a, mask)?;
    Zip::from(a).and(mask).for_each(|x, &m| {
        if m {
            *x = value.clone();
        }
    });
    Ok(())
}

/// Number of `true` entries: `np.count_nonzero(mask)`.
pub fn count_nonzero<S, D>(mask: &ArrayBase<S, D>) -> usize
where
    S: Data<Elem = bool>,
    D: Dimension,
{
    mask.iter().filter(|&&m| m).count()
}

/// Flat (row-major) indices of the `true` entries: `np.flatnonzero(mask)`.
///
/// ```
/// use ndarray::array;
/// assert_eq!(basics::indexing::flatnonzero(&array![false, true, true]), vec![1, 2]);
/// ```
pub fn flatnonzero<S, D>(mask: &ArrayBase<S, D>) -> Vec<usize>
where
    S: Data<Elem = bool>,
    D: Dimension,
{
    mask.iter()
        .enumerate()
        .filter_map(|(i, &m)| m.then_some(i))
        .collect()
}

/// The sub-arrays at `indices` along `axis`, in that order, repeats allowed:
/// `np.take(a, indices, axis)`, i.e. `X[indices]` for `axis = 0`.
///
/// ```
/// use ndarray::array;
/// let x = array![[1, 2], [3, 4], [5, 6]];
/// assert_eq!(basics::indexing::take(&x, &[2, 0, 2], 0)?, array![[5, 6], [1, 2], [5, 6]]);
/// let err = basics::indexing::take(&x, &[3], 0).unwrap_err();
/// assert_eq!(err.to_string(), "take: index 3 is out of bounds for axis 0 with size 3");
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfRange`], or [`Error::IndexOutOfBounds`] for an index past the axis end
/// (where ndarray's `select` panics).
pub fn take<A, S, D>(a: &ArrayBase<S, D>, indices: &[usize], axis: usize) -> Result<Array<A, D>>
where
    A: Clone,
    S: Data<Elem = A>,
    D: Dimension + ndarray::RemoveAxis,
{
    check_axis("take", axis, a.ndim())?;
    let size = a.len_of(Axis(axis));
    if let Some(&bad) = indices.iter().find(|&&i| i >= size) {
        return Err(Error::IndexOutOfBounds {
            op: "take",
            index: bad,
            axis,
            size,
        });
    }
    Ok(a.select(Axis(axis), indices))
}

/// Indices that sort `a` ascending: `np.argsort(a, kind="stable")`.
///
/// Stable (equal values keep their order) and NaN sorts last, as in NumPy.
///
/// ```
/// use ndarray::array;
/// let a = array![3., f64::NAN, 1., 3., 2.];
/// assert_eq!(basics::indexing::argsort(&a), array![2, 4, 0, 3, 1]);
/// ```
pub fn argsort<A, S>(a: &ArrayBase<S, Ix1>) -> Array1<usize>
where
    A: PartialOrd,
    S: Data<Elem = A>,
{
    let mut idx: Vec<usize> = (0..a.len()).collect();
    idx.sort_by(|&i, &j| cmp_nan_last(&a[i], &a[j]));
    Array1::from(idx)
}

/// Choose from `x` where `cond` is true and from `y` elsewhere, all three broadcast
/// together: `np.where(cond, x, y)`.
///
/// Pass a scalar as a 0-d array: `&ndarray::arr0(0.0)`.
///
/// ```
/// use ndarray::{arr0, array};
/// let x = array![[-1., 2.], [3., -4.]];
/// let relu = basics::indexing::where_(&x.mapv(|v| v > 0.), &x, &arr0(0.))?; // np.where(x > 0, x, 0)
/// assert_eq!(relu, array![[0., 2.], [3., 0.]]);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::Broadcast`] when the three shapes do not broadcast together.
#[allow(clippy::type_complexity)]
pub fn where_<A, Sc, Sx, Sy, Dc, Dx, Dy>(
    cond: &ArrayBase<Sc, Dc>,
    x: &ArrayBase<Sx, Dx>,
    y: &ArrayBase<Sy, Dy>,
) -> Result<Array<A, BroadcastDim<BroadcastDim<Dc, Dx>, Dy>>>
where
    A: Clone,
    Sc: Data<Elem = bool>,
    Sx: Data<Elem = A>,
    Sy: Data<Elem = A>,
    Dc: Dimension + DimMax<Dx>,
    Dx: Dimension,
    Dy: Dimension,
    BroadcastDim<Dc, Dx>: DimMax<Dy>,
{
    let cx = broadcast_shapes(cond.shape(), x.shape())?;
    let shape = broadcast_shapes(&cx, y.shape())?;
    let dim: BroadcastDim<BroadcastDim<Dc, Dx>, Dy> = dim_from_shape(&shape)?;
    let to_dim = |s: &[usize]| Error::Broadcast {
        left: s.to_vec(),
        right: shape.clone(),
    };
    let c = cond
        .broadcast(dim.clone())
        .ok_or_else(|| to_dim(cond.shape()))?;
    let xv = x.broadcast(dim.clone()).ok_or_else(|| to_dim(x.shape()))?;
    let yv = y.broadcast(dim).ok_or_else(|| to_dim(y.shape()))?;
    Ok(Zip::from(&c)
        .and(&xv)
        .and(&yv)
        .map_collect(|&c, a, b| if c { a.clone() } else { b.clone() }))
}
