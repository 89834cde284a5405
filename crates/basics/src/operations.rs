//! # Basic operations: arithmetic, broadcasting, ufuncs, reductions, comparisons
//!
//! Arithmetic on arrays is elementwise, as in NumPy; `*` is **not** the matrix product
//! (`a.dot(&b)` is `a @ b`). Operators take references (`&a + &b`) so that both inputs
//! stay usable; `a + &b` consumes `a` and may reuse its buffer.
//!
//! | NumPy | Rust (ndarray + this module) | Notes |
//! |---|---|---|
//! | `a + b`, `a * b`, `a / b` | `&a + &b`, `&a * &b`, `&a / &b` | **panics** if the shapes cannot broadcast |
//! | `np.add(a, b)` (checked) | [`add`]`(&a, &b)?`, [`subtract`], [`multiply`], [`divide`] | [`Error::Broadcast`] instead of a panic |
//! | `a * 2.0`, `2.0 * a` | `&a * 2.0`, `2.0 * &a` | scalar of the **same** type: `&a * 2` on `f64` does not compile |
//! | `a += b` | `a += &b` | `b` broadcasts to `a`'s shape, never the other way |
//! | `np.broadcast_shapes(s1, s2)` | [`broadcast_shapes`]`(&s1, &s2)?` | the error names both shapes |
//! | `np.broadcast_to(a, shape)` | [`broadcast_to`]`(&a, shape)?` | a read-only view, no copy |
//! | `np.frompyfunc(f, 2, 1)(a, b)` | [`broadcast_map`]`(&a, &b, f)?` | any binary function, broadcast |
//! | `np.maximum(a, b)` / `np.minimum` | [`maximum`]`(&a, &b)?` / [`minimum`] | NaN propagates, as in NumPy |
//! | `np.sin(a)`, `np.exp(a)`, `np.sqrt(a)`, `np.abs(a)` | `a.sin()`, `a.exp()`, `a.sqrt()`, `a.abs()` | float arrays; or `a.mapv(f64::sin)` |
//! | `np.log(a)`, `np.log10(a)` | `a.ln()`, `a.log10()` | `ln`, not `log` (`a.log(b)` is base `b`) |
//! | `a ** 2`, `a ** 0.5` | `a.powi(2)`, `a.powf(0.5)` | |
//! | `np.clip(a, lo, hi)` | [`clip`]`(&a, lo, hi)` | ndarray's `a.clamp` panics if `lo > hi` |
//! | `a.sum()` / `a.sum(axis=0)` | `a.sum()` / [`sum_axis`]`(&a, 0)?` | |
//! | `a.mean()` / `a.mean(axis=0)` | [`mean`]`(&a)?` / [`mean_axis`]`(&a, 0)?` | error on empty input (NumPy: `nan` + warning) |
//! | `a.var(ddof=1)` / `a.std(axis=0, ddof=1)` | [`var`]`(&a, 1)?` / [`std_axis`]`(&a, 0, 1)?` | NumPy's default `ddof=0`; error if `ddof >= n` |
//! | `a.min()`, `a.max(axis=1)` | [`min`]`(&a)?`, [`max_axis`]`(&a, 1)?` | NaN propagates |
//! | `a.argmin()`, `a.argmax(axis=0)` | [`argmin`]`(&a)?`, [`argmax_axis`]`(&a, 0)?` | flat index / first occurrence, as NumPy |
//! | `np.cumsum(a, axis=0)` | [`cumsum`]`(&a, 0)?` | |
//! | `np.median(a, axis=0)` | [`median_axis`]`(&a, 0)?` | |
//! | `np.percentile(a, 25, axis=0)` | [`percentile_axis`]`(&a, 25., 0)?` | NumPy's default `method='linear'` |
//! | `a.sum(axis=0, keepdims=True)` | [`keepdims`]`(`[`sum_axis`]`(&a, 0)?, 0)?` | or `.insert_axis(Axis(0))` |
//! | `np.nanmean(a, axis=0)`, `np.nanstd`, `np.nanmin`, `np.nanmax` | [`nanmean_axis`], [`nanstd_axis`], [`nanvar_axis`], [`nanmin_axis`], [`nanmax_axis`] | skip NaN |
//! | `a > b`, `a == b` (elementwise) | [`greater`]`(&a, &b)?`, [`less`], [`equal`], or `a.mapv(\|x\| x > 0.)` | |
//! | `np.array_equal(a, b)` | `a == b` | same shape and elements |
//! | `np.isclose(a, b)` / `np.allclose(a, b)` | [`isclose`]`(&a, &b, RTOL, ATOL)?` / [`allclose`] | [`RTOL`], [`ATOL`] are NumPy's defaults |
//!
//! Ufuncs are methods on float arrays (or any function through `mapv`); each returns a new
//! array and leaves the input alone. `mapv_inplace` is NumPy's `out=` argument.
//!
//! ```
//! use ndarray::array;
//! use basics::operations::{allclose, clip, ATOL, RTOL};
//! let x = array![0.25_f64, 1.0, 4.0];
//! assert_eq!(x.sqrt(), array![0.5, 1.0, 2.0]);                       // np.sqrt(x)
//! assert!(allclose(&x.ln().exp(), &x, RTOL, ATOL)?);                  // np.exp(np.log(x))
//! assert_eq!(x.mapv(|v| 1.0 / (1.0 + (-v).exp())).len(), 3);        // a sigmoid, any closure
//! assert_eq!(clip(&(&x - 1.0), -0.5, 0.5), array![-0.5, 0.0, 0.5]); // np.clip(x - 1, -.5, .5)
//! let mut y = x.clone();
//! y.mapv_inplace(f64::sqrt);                                         // np.sqrt(y, out=y)
//! assert_eq!(y, x.sqrt());
//! # Ok::<(), basics::Error>(())
//! ```
//!
//! ## Broadcasting
//! NumPy's rule: align the shapes on the right; two dimensions are compatible when equal or
//! when one of them is 1; a missing dimension counts as 1. The result takes the larger of
//! each pair. ndarray applies the same rule:
//!
//! ```
//! use ndarray::{array, Array2, Axis};
//! use basics::operations::{broadcast_shapes, mean_axis, add};
//!
//! let x = array![[1., 2., 3.], [4., 5., 6.]];         // (2, 3)
//! let mu = mean_axis(&x, 0)?;                         // (3,)    x.mean(axis=0)
//! let centred = &x - &mu;                             // (2, 3) - (3,) -> (2, 3)
//! assert_eq!(centred, array![[-1.5, -1.5, -1.5], [1.5, 1.5, 1.5]]);
//!
//! // Both sides broadcast (ndarray >= 0.15): a column (2, 1) plus a row (1, 3) -> (2, 3).
//! let col = array![[10.], [20.]];
//! let row = array![[1., 2., 3.]];
//! assert_eq!(&col + &row, array![[11., 12., 13.], [21., 22., 23.]]);
//!
//! // Row-wise operations need the reduced axis back (NumPy: keepdims=True).
//! let row_means = mean_axis(&x, 1)?.insert_axis(Axis(1)); // (2, 1)
//! assert_eq!(&x - &row_means, array![[-1., 0., 1.], [-1., 0., 1.]]);
//!
//! // Incompatible shapes: `&x + &y` would panic; `add` returns an error naming both shapes.
//! let y = Array2::<f64>::zeros((3, 3));
//! let err = add(&x, &y).unwrap_err();
//! assert_eq!(err.to_string(), "operands could not be broadcast together with shapes (2, 3) (3, 3)");
//! assert_eq!(broadcast_shapes(&[8, 1, 6, 1], &[7, 1, 5])?, vec![8, 7, 6, 5]);
//! # Ok::<(), basics::Error>(())
//! ```
//!
//! ## Where ndarray differs
//! - **`assign` broadcasts only its argument**: `a.assign(&b)` needs `b` to broadcast *to*
//!   `a`'s shape, and so do the in-place operators (`a += &b`), as in NumPy. Plain arithmetic
//!   (`&a + &b`) co-broadcasts both sides. (ndarray's own docs still carry an old note that
//!   only the right-hand side broadcasts in arithmetic; that stopped being true in 0.15.)
//! - **No dtype promotion**: `&ints + &floats` does not compile; `ints.mapv(|v| v as f64)`.
//! - **Errors, not warnings**: `np.mean([])` returns `nan` with a `RuntimeWarning` and
//!   `np.var(x, ddof=len(x))` returns `inf`; here both are an [`Error`].
//! - **No `keepdims` flag**: reductions drop the axis; put it back with [`keepdims`] or
//!   `.insert_axis(Axis(k))` (free: no copy).
//!
//! ## Cost
//! Elementwise operations and reductions are one O(n) pass (variance: two, for accuracy,
//! as NumPy). Percentiles and medians sort a copy of each lane: O(n log n) time and O(n)
//! extra memory. NaN-aware reductions copy the non-NaN values of a lane first. Broadcasting
//! never copies the stretched operand: its repeated axes have stride 0.
//!
//! Statistics here are on `f64`, NumPy's default float; convert other types with `mapv`.

use std::cmp::Ordering;
use std::ops::{Add, AddAssign, Div, Mul, Sub};

use ndarray::{
    Array, Array1, ArrayBase, ArrayView, ArrayView1, Axis, Data, DimMax, Dimension, IntoDimension,
    LinalgScalar, RemoveAxis, Zip,
};

use crate::error::{Error, Result, check_axis};

/// NumPy's default relative tolerance for [`isclose`] / [`allclose`] (`rtol=1e-05`).
pub const RTOL: f64 = 1e-5;
/// NumPy's default absolute tolerance for [`isclose`] / [`allclose`] (`atol=1e-08`).
pub const ATOL: f64 = 1e-8;

/// The dimension type that broadcasting `D1` with `D2` produces (`Ix2` for `Ix2` and `Ix1`).
pub type BroadcastDim<D1, D2> = <D1 as DimMax<D2>>::Output;

// ---------------------------------------------------------------------------------------
// Broadcasting
// ---------------------------------------------------------------------------------------

/// The shape that two shapes broadcast to: `np.broadcast_shapes(a, b)`.
///
/// ```
/// use basics::operations::broadcast_shapes;
/// assert_eq!(broadcast_shapes(&[3, 1], &[4])?, vec![3, 4]);
/// assert_eq!(broadcast_shapes(&[], &[2, 2])?, vec![2, 2]); // a scalar broadcasts to anything
/// let err = broadcast_shapes(&[3, 4], &[5]).unwrap_err();
/// assert_eq!(err.to_string(), "operands could not be broadcast together with shapes (3, 4) (5,)");
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::Broadcast`] naming both shapes when a pair of aligned dimensions differs and
/// neither is 1.
pub fn broadcast_shapes(a: &[usize], b: &[usize]) -> Result<Vec<usize>> {
    let ndim = a.len().max(b.len());
    let dim_at = |s: &[usize], i: usize| {
        // i counts from the right; missing leading dimensions are 1.
        if i < s.len() { s[s.len() - 1 - i] } else { 1 }
    };
    let mut out = vec![0; ndim];
    for i in 0..ndim {
        let (x, y) = (dim_at(a, i), dim_at(b, i));
        out[ndim - 1 - i] = match (x, y) {
            _ if x == y => x,
            (1, _) => y,
            (_, 1) => x,
            _ => {
                return Err(Error::Broadcast {
                    left: a.to_vec(),
                    right: b.to_vec(),
                });
            }
        };
    }
    Ok(out)
}

/// A dimension value of type `E` from a shape, without panicking on a rank mismatch.
pub(crate) fn dim_from_shape<E: Dimension>(shape: &[usize]) -> Result<E> {
    if E::NDIM.is_some_and(|n| n != shape.len()) {
        return Err(Error::InvalidArgument {
            op: "broadcast",
            message: format!(
                "a shape of {} axes cannot be stored in a {}-dimensional type",
                shape.len(),
                E::NDIM.unwrap_or(0)
            ),
        });
    }
    let mut dim = E::zeros(shape.len());
    dim.slice_mut().copy_from_slice(shape);
    Ok(dim)
}

/// A read-only view of `a` repeated to `shape`: `np.broadcast_to(a, shape)`. No copy: the
/// repeated axes have stride 0.
///
/// ```
/// use ndarray::array;
/// let row = array![1, 2, 3];
/// let tiled = basics::operations::broadcast_to(&row, (2, 3))?;
/// assert_eq!(tiled, array![[1, 2, 3], [1, 2, 3]]);
/// assert_eq!(tiled.strides(), &[0, 1]);
/// assert!(basics::operations::broadcast_to(&row, (2, 4)).is_err());
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::Broadcast`] when `a`'s shape cannot be stretched to `shape` (unlike
/// [`broadcast_shapes`], only `a` may stretch).
pub fn broadcast_to<A, S, D, Sh>(
    a: &ArrayBase<S, D>,
    shape: Sh,
) -> Result<ArrayView<'_, A, Sh::Dim>>
where
    S: Data<Elem = A>,
    D: Dimension,
    Sh: IntoDimension,
{
    let dim = shape.into_dimension();
    let target = dim.slice().to_vec();
    a.broadcast(dim).ok_or_else(|| Error::Broadcast {
        left: a.shape().to_vec(),
        right: target,
    })
}

/// Apply `f` to each pair of elements of `a` and `b` broadcast together (a binary ufunc).
///
/// The result has the broadcast shape; its dimension type is the larger of the two
/// (`Ix2` for an `Ix2` and an `Ix1` operand).
///
/// ```
/// use ndarray::array;
/// let a = array![[1.], [2.]];       // (2, 1)
/// let b = array![10., 20., 30.];    // (3,)
/// let hyp = basics::operations::broadcast_map(&a, &b, |x, y| f64::hypot(*x, *y))?;
/// assert_eq!(hyp.shape(), &[2, 3]);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::Broadcast`] when the shapes are incompatible.
pub fn broadcast_map<A, B, C, S1, S2, D1, D2, F>(
    a: &ArrayBase<S1, D1>,
    b: &ArrayBase<S2, D2>,
    f: F,
) -> Result<Array<C, BroadcastDim<D1, D2>>>
where
    S1: Data<Elem = A>,
    S2: Data<Elem = B>,
    D1: Dimension + DimMax<D2>,
    D2: Dimension,
    F: FnMut(&A, &B) -> C,
{
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let dim: BroadcastDim<D1, D2> = dim_from_shape(&shape)?;
    let incompatible = || Error::Broadcast {
        left: a.shape().to_vec(),
        right: b.shape().to_vec(),
    };
    let av = a.broadcast(dim.clone()).ok_or_else(incompatible)?;
    let bv = b.broadcast(dim).ok_or_else(incompatible)?;
    Ok(Zip::from(&av).and(&bv).map_collect(f))
}

macro_rules! checked_arith {
    ($(#[$doc:meta])* $name:ident, $tr:ident, $op:tt) => {
        $(#[$doc])*
        ///
        /// # Errors
        /// [`Error::Broadcast`] when the shapes are incompatible (where `&a op &b` panics).
        pub fn $name<A, S1, S2, D1, D2>(
            a: &ArrayBase<S1, D1>,
            b: &ArrayBase<S2, D2>,
        ) -> Result<Array<A, BroadcastDim<D1, D2>>>
        where
            A: Clone + $tr<Output = A>,
            S1: Data<Elem = A>,
            S2: Data<Elem = A>,
            D1: Dimension + DimMax<D2>,
            D2: Dimension,
        {
            broadcast_map(a, b, |x, y| x.clone() $op y.clone())
        }
    };
}

checked_arith!(
    /// Elementwise `a + b` with broadcasting: `np.add(a, b)`.
    ///
    /// ```
    /// use ndarray::array;
    /// let s = basics::operations::add(&array![[1, 2], [3, 4]], &array![10, 20])?;
    /// assert_eq!(s, array![[11, 22], [13, 24]]);
    /// # Ok::<(), basics::Error>(())
    /// ```
    add, Add, +
);
checked_arith!(
    /// Elementwise `a - b` with broadcasting: `np.subtract(a, b)`.
    subtract, Sub, -
);
checked_arith!(
    /// Elementwise `a * b` with broadcasting: `np.multiply(a, b)` (not the matrix product).
    multiply, Mul, *
);
checked_arith!(
    /// Elementwise `a / b` with broadcasting: `np.divide(a, b)`. Float division by zero
    /// gives `inf`/`nan` as in NumPy; integer division by zero panics in Rust.
    divide, Div, /
);

/// Elementwise maximum with broadcasting, NaN-propagating: `np.maximum(a, b)`.
///
/// ```
/// use ndarray::array;
/// let m = basics::operations::maximum(&array![1., f64::NAN, 3.], &array![2.])?;
/// assert_eq!(m[0], 2.);
/// assert!(m[1].is_nan()); // f64::max would have returned 2
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::Broadcast`] when the shapes are incompatible.
pub fn maximum<S1, S2, D1, D2>(
    a: &ArrayBase<S1, D1>,
    b: &ArrayBase<S2, D2>,
) -> Result<Array<f64, BroadcastDim<D1, D2>>>
where
    S1: Data<Elem = f64>,
    S2: Data<Elem = f64>,
    D1: Dimension + DimMax<D2>,
    D2: Dimension,
{
    broadcast_map(a, b, |&x, &y| if x.is_nan() || x > y { x } else { y })
}

/// Elementwise minimum with broadcasting, NaN-propagating: `np.minimum(a, b)`.
///
/// # Errors
/// [`Error::Broadcast`] when the shapes are incompatible.
pub fn minimum<S1, S2, D1, D2>(
    a: &ArrayBase<S1, D1>,
    b: &ArrayBase<S2, D2>,
) -> Result<Array<f64, BroadcastDim<D1, D2>>>
where
    S1: Data<Elem = f64>,
    S2: Data<Elem = f64>,
    D1: Dimension + DimMax<D2>,
    D2: Dimension,
{
    broadcast_map(a, b, |&x, &y| if x.is_nan() || x < y { x } else { y })
}

/// Limit values to `[lo, hi]`: `np.clip(a, lo, hi)`.
///
/// NaN stays NaN. With `lo > hi` every element becomes `hi`, as NumPy's
/// `minimum(maximum(a, lo), hi)` does (ndarray's `clamp` panics there).
///
/// ```
/// use ndarray::array;
/// let a = array![-2., 0.5, 3.];
/// assert_eq!(basics::operations::clip(&a, 0., 1.), array![0., 0.5, 1.]);
/// ```
pub fn clip<S, D>(a: &ArrayBase<S, D>, lo: f64, hi: f64) -> Array<f64, D>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    a.mapv(|x| {
        if x.is_nan() {
            x
        } else {
            let raised = if x < lo { lo } else { x };
            if raised > hi { hi } else { raised }
        }
    })
}

// ---------------------------------------------------------------------------------------
// Comparisons
// ---------------------------------------------------------------------------------------

/// Elementwise `a > b` with broadcasting: `np.greater(a, b)`.
///
/// ```
/// use ndarray::array;
/// let gt = basics::operations::greater(&array![1, 5, 3], &array![2])?;
/// assert_eq!(gt, array![false, true, true]);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::Broadcast`] when the shapes are incompatible.
pub fn greater<A, S1, S2, D1, D2>(
    a: &ArrayBase<S1, D1>,
    b: &ArrayBase<S2, D2>,
) -> Result<Array<bool, BroadcastDim<D1, D2>>>
where
    A: PartialOrd,
    S1: Data<Elem = A>,
    S2: Data<Elem = A>,
    D1: Dimension + DimMax<D2>,
    D2: Dimension,
{
    broadcast_map(a, b, |x, y| x > y)
}

/// Elementwise `a < b` with broadcasting: `np.less(a, b)`.
///
/// # Errors
/// [`Error::Broadcast`] when the shapes are incompatible.
pub fn less<A, S1, S2, D1, D2>(
    a: &ArrayBase<S1, D1>,
    b: &ArrayBase<S2, D2>,
) -> Result<Array<bool, BroadcastDim<D1, D2>>>
where
    A: PartialOrd,
    S1: Data<Elem = A>,
    S2: Data<Elem = A>,
    D1: Dimension + DimMax<D2>,
    D2: Dimension,
{
    broadcast_map(a, b, |x, y| x < y)
}

/// Elementwise `a == b` with broadcasting: `np.equal(a, b)` (NaN is never equal).
///
/// # Errors
/// [`Error::Broadcast`] when the shapes are incompatible.
pub fn equal<A, S1, S2, D1, D2>(
    a: &ArrayBase<S1, D1>,
    b: &ArrayBase<S2, D2>,
) -> Result<Array<bool, BroadcastDim<D1, D2>>>
where
    A: PartialEq,
    S1: Data<Elem = A>,
    S2: Data<Elem = A>,
    D1: Dimension + DimMax<D2>,
    D2: Dimension,
{
    broadcast_map(a, b, |x, y| x == y)
}

fn close(x: f64, y: f64, rtol: f64, atol: f64) -> bool {
    if x == y {
        return true; // also equal infinities
    }
    if !(x.is_finite() && y.is_finite()) {
        return false; // NaN, or an infinity against something else
    }
    (x - y).abs() <= atol + rtol * y.abs()
}

/// Elementwise `|a - b| <= atol + rtol * |b|` with broadcasting: `np.isclose(a, b, rtol, atol)`.
///
/// Not symmetric (the tolerance scales with `b`, as in NumPy). Infinities are close only to
/// themselves and NaN to nothing (NumPy's `equal_nan=False`).
///
/// ```
/// use ndarray::array;
/// use basics::operations::{isclose, ATOL, RTOL};
/// let c = isclose(&array![1.0, 1e-7, f64::NAN], &array![1.0 + 1e-9, 0.0, f64::NAN], RTOL, ATOL)?;
/// assert_eq!(c, array![true, false, false]);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::Broadcast`] when the shapes are incompatible.
pub fn isclose<S1, S2, D1, D2>(
    a: &ArrayBase<S1, D1>,
    b: &ArrayBase<S2, D2>,
    rtol: f64,
    atol: f64,
) -> Result<Array<bool, BroadcastDim<D1, D2>>>
where
    S1: Data<Elem = f64>,
    S2: Data<Elem = f64>,
    D1: Dimension + DimMax<D2>,
    D2: Dimension,
{
    broadcast_map(a, b, |&x, &y| close(x, y, rtol, atol))
}

/// Whether every pair is [`isclose`]: `np.allclose(a, b, rtol, atol)`.
///
/// ```
/// use ndarray::array;
/// use basics::operations::{allclose, ATOL, RTOL};
/// assert!(allclose(&array![[1.0, 2.0]], &array![1.0, 2.0 + 1e-9], RTOL, ATOL)?);
/// assert!(allclose(&array![1.0, 2.0], &array![1.0, 2.0, 3.0], RTOL, ATOL).is_err());
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::Broadcast`] when the shapes are incompatible (NumPy raises too).
pub fn allclose<S1, S2, D1, D2>(
    a: &ArrayBase<S1, D1>,
    b: &ArrayBase<S2, D2>,
    rtol: f64,
    atol: f64,
) -> Result<bool>
where
    S1: Data<Elem = f64>,
    S2: Data<Elem = f64>,
    D1: Dimension + DimMax<D2>,
    D2: Dimension,
{
    Ok(isclose(a, b, rtol, atol)?.iter().all(|&c| c))
}

// ---------------------------------------------------------------------------------------
// Reductions: helpers on one lane
// ---------------------------------------------------------------------------------------

fn lane_mean(lane: &ArrayView1<'_, f64>) -> f64 {
    lane.sum() / lane.len() as f64
}

fn lane_var(lane: &ArrayView1<'_, f64>, ddof: usize) -> f64 {
    let mean = lane_mean(lane);
    let ss = lane.fold(0.0, |acc, &x| acc + (x - mean) * (x - mean));
    ss / (lane.len() - ddof) as f64
}

fn lane_extreme(lane: &ArrayView1<'_, f64>, better: fn(f64, f64) -> bool) -> (usize, f64) {
    let mut best = (0, lane[0]);
    for (i, &x) in lane.iter().enumerate() {
        if best.1.is_nan() {
            break; // the first NaN wins, as in NumPy
        }
        if x.is_nan() || better(x, best.1) {
            best = (i, x);
        }
    }
    best
}

/// Sort a copy of the lane for order statistics; `None` if it holds a NaN.
fn sorted_lane<'a>(values: impl Iterator<Item = &'a f64>) -> Option<Vec<f64>> {
    let mut v: Vec<f64> = values.copied().collect();
    if v.iter().any(|x| x.is_nan()) {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v)
}

/// NumPy's linear-interpolation percentile of sorted, non-empty, NaN-free values.
fn percentile_sorted(sorted: &[f64], q: f64) -> f64 {
    let position = q / 100.0 * (sorted.len() - 1) as f64;
    let lo = position.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let t = position - lo as f64;
    let (a, b) = (sorted[lo], sorted[hi]);
    // numpy.lib._function_base_impl._lerp: the form that is exact at both ends.
    if t >= 0.5 {
        b - (b - a) * (1.0 - t)
    } else {
        a + (b - a) * t
    }
}

fn check_nonempty<S: Data, D: Dimension>(op: &str, a: &ArrayBase<S, D>) -> Result<()> {
    if a.is_empty() {
        Err(Error::Empty {
            op: op.to_string(),
            shape: a.shape().to_vec(),
        })
    } else {
        Ok(())
    }
}

/// Check `axis` and that the reduced axis is not empty.
fn check_reduction<S: Data, D: Dimension>(
    op: &'static str,
    a: &ArrayBase<S, D>,
    axis: usize,
) -> Result<()> {
    check_axis(op, axis, a.ndim())?;
    if a.len_of(Axis(axis)) == 0 {
        return Err(Error::Empty {
            op: format!("{op} along axis {axis}"),
            shape: a.shape().to_vec(),
        });
    }
    Ok(())
}

fn check_ddof(op: &'static str, ddof: usize, n: usize) -> Result<()> {
    if ddof >= n {
        Err(Error::Ddof { op, ddof, n })
    } else {
        Ok(())
    }
}

fn check_q(op: &'static str, q: f64) -> Result<()> {
    if (0.0..=100.0).contains(&q) {
        Ok(())
    } else {
        Err(Error::InvalidArgument {
            op,
            message: format!("percentile q = {q} must be in [0, 100]"),
        })
    }
}

// ---------------------------------------------------------------------------------------
// Reductions over the whole array (NumPy's axis=None)
// ---------------------------------------------------------------------------------------

/// Mean of all elements: `a.mean()`.
///
/// ```
/// let iris = datasets::iris::load();
/// let m = basics::operations::mean(&iris.data)?;
/// assert!((m - 2078.7 / 600.0).abs() < 1e-12);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::Empty`] for an array with no elements (NumPy returns `nan` with a warning).
pub fn mean<S, D>(a: &ArrayBase<S, D>) -> Result<f64>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    check_nonempty("mean", a)?;
    Ok(a.sum() / a.len() as f64)
}

/// Variance of all elements with `ddof` delta degrees of freedom: `a.var(ddof=ddof)`.
///
/// The divisor is `n - ddof`: `ddof = 0` is the maximum-likelihood (population) variance,
/// NumPy's default; `ddof = 1` is the unbiased sample variance (pandas' default).
///
/// # Errors
/// [`Error::Empty`] for an empty array, [`Error::Ddof`] when `ddof >= n`.
pub fn var<S, D>(a: &ArrayBase<S, D>, ddof: usize) -> Result<f64>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    check_nonempty("var", a)?;
    check_ddof("var", ddof, a.len())?;
    let m = mean(a)?;
    let ss = a.fold(0.0, |acc, &x| acc + (x - m) * (x - m));
    Ok(ss / (a.len() - ddof) as f64)
}

/// Standard deviation of all elements: `a.std(ddof=ddof)`.
///
/// ```
/// use ndarray::array;
/// let a = array![2., 4., 4., 4., 5., 5., 7., 9.];
/// assert_eq!(basics::operations::std(&a, 0)?, 2.0);
/// let err = basics::operations::std(&a, 8).unwrap_err();
/// assert_eq!(err.to_string(), "var: ddof = 8 must be smaller than the number of samples n = 8");
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// As [`var`].
pub fn std<S, D>(a: &ArrayBase<S, D>, ddof: usize) -> Result<f64>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    var(a, ddof).map(f64::sqrt)
}

/// Smallest element, NaN-propagating: `a.min()`.
///
/// # Errors
/// [`Error::Empty`] for an empty array (NumPy raises `ValueError` too).
pub fn min<S, D>(a: &ArrayBase<S, D>) -> Result<f64>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    check_nonempty("min", a)?;
    Ok(lane_extreme(&crate::creation::ravel(a).view(), |x, m| x < m).1)
}

/// Largest element, NaN-propagating: `a.max()`.
///
/// # Errors
/// [`Error::Empty`] for an empty array.
pub fn max<S, D>(a: &ArrayBase<S, D>) -> Result<f64>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    check_nonempty("max", a)?;
    Ok(lane_extreme(&crate::creation::ravel(a).view(), |x, m| x > m).1)
}

/// Index of the smallest element in the flattened (row-major) array: `a.argmin()`.
///
/// The first occurrence wins; a NaN counts as the extreme, as in NumPy. Turn the flat index
/// into a multi-index with `(i / ncols, i % ncols)` (NumPy's `np.unravel_index`).
///
/// ```
/// use ndarray::array;
/// let a = array![[3., 1.], [1., 0.]];
/// assert_eq!(basics::operations::argmin(&a)?, 3);
/// assert_eq!(basics::operations::argmax(&a)?, 0);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::Empty`] for an empty array.
pub fn argmin<S, D>(a: &ArrayBase<S, D>) -> Result<usize>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    check_nonempty("argmin", a)?;
    Ok(lane_extreme(&crate::creation::ravel(a).view(), |x, m| x < m).0)
}

/// Index of the largest element in the flattened array: `a.argmax()`.
///
/// # Errors
/// [`Error::Empty`] for an empty array.
pub fn argmax<S, D>(a: &ArrayBase<S, D>) -> Result<usize>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    check_nonempty("argmax", a)?;
    Ok(lane_extreme(&crate::creation::ravel(a).view(), |x, m| x > m).0)
}

/// The `q`-th percentile of all elements, `q` in `[0, 100]`: `np.percentile(a, q)`
/// (linear interpolation, NumPy's default). NaN if any element is NaN.
///
/// # Errors
/// [`Error::Empty`] for an empty array, [`Error::InvalidArgument`] for `q` outside `[0, 100]`.
pub fn percentile<S, D>(a: &ArrayBase<S, D>, q: f64) -> Result<f64>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    check_nonempty("percentile", a)?;
    check_q("percentile", q)?;
    Ok(sorted_lane(a.iter()).map_or(f64::NAN, |v| percentile_sorted(&v, q)))
}

/// Median of all elements: `np.median(a)`.
///
/// ```
/// use ndarray::array;
/// assert_eq!(basics::operations::median(&array![3., 1., 4., 1.])?, 2.0);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::Empty`] for an empty array.
pub fn median<S, D>(a: &ArrayBase<S, D>) -> Result<f64>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    percentile(a, 50.0)
}

// ---------------------------------------------------------------------------------------
// Reductions along an axis
// ---------------------------------------------------------------------------------------

/// Sum along `axis`: `a.sum(axis=axis)`. Summing an empty axis gives zeros, as in NumPy.
///
/// # Errors
/// [`Error::AxisOutOfRange`] when `axis >= a.ndim()`.
pub fn sum_axis<A, S, D>(a: &ArrayBase<S, D>, axis: usize) -> Result<Array<A, D::Smaller>>
where
    A: LinalgScalar,
    S: Data<Elem = A>,
    D: RemoveAxis,
{
    check_axis("sum_axis", axis, a.ndim())?;
    Ok(a.sum_axis(Axis(axis)))
}

/// Mean along `axis`: `a.mean(axis=axis)`.
///
/// ```
/// use ndarray::array;
/// let x = array![[1., 2.], [3., 4.], [5., 6.]];
/// assert_eq!(basics::operations::mean_axis(&x, 0)?, array![3., 4.]);   // per column
/// assert_eq!(basics::operations::mean_axis(&x, 1)?, array![1.5, 3.5, 5.5]); // per row
/// let err = basics::operations::mean_axis(&x, 2).unwrap_err();
/// assert_eq!(err.to_string(), "mean_axis: axis 2 is out of bounds for array of dimension 2");
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfRange`], or [`Error::Empty`] when the axis has length 0.
pub fn mean_axis<S, D>(a: &ArrayBase<S, D>, axis: usize) -> Result<Array<f64, D::Smaller>>
where
    S: Data<Elem = f64>,
    D: RemoveAxis,
{
    check_reduction("mean_axis", a, axis)?;
    Ok(a.map_axis(Axis(axis), |lane| lane_mean(&lane)))
}

/// Variance along `axis` with divisor `n - ddof`: `a.var(axis=axis, ddof=ddof)`.
///
/// # Errors
/// [`Error::AxisOutOfRange`], [`Error::Empty`], or [`Error::Ddof`] when `ddof >= n`.
pub fn var_axis<S, D>(
    a: &ArrayBase<S, D>,
    axis: usize,
    ddof: usize,
) -> Result<Array<f64, D::Smaller>>
where
    S: Data<Elem = f64>,
    D: RemoveAxis,
{
    check_reduction("var_axis", a, axis)?;
    check_ddof("var_axis", ddof, a.len_of(Axis(axis)))?;
    Ok(a.map_axis(Axis(axis), |lane| lane_var(&lane, ddof)))
}

/// Standard deviation along `axis`: `a.std(axis=axis, ddof=ddof)`.
///
/// ```
/// let iris = datasets::iris::load();
/// let s = basics::operations::std_axis(&iris.data, 0, 1)?; // X.std(axis=0, ddof=1)
/// assert!((s[0] - 0.8280661279778629).abs() < 1e-12);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// As [`var_axis`].
pub fn std_axis<S, D>(
    a: &ArrayBase<S, D>,
    axis: usize,
    ddof: usize,
) -> Result<Array<f64, D::Smaller>>
where
    S: Data<Elem = f64>,
    D: RemoveAxis,
{
    Ok(var_axis(a, axis, ddof)?.mapv_into(f64::sqrt))
}

/// Minimum along `axis`, NaN-propagating: `a.min(axis=axis)`.
///
/// # Errors
/// [`Error::AxisOutOfRange`], or [`Error::Empty`] when the axis has length 0.
pub fn min_axis<S, D>(a: &ArrayBase<S, D>, axis: usize) -> Result<Array<f64, D::Smaller>>
where
    S: Data<Elem = f64>,
    D: RemoveAxis,
{
    check_reduction("min_axis", a, axis)?;
    Ok(a.map_axis(Axis(axis), |lane| lane_extreme(&lane, |x, m| x < m).1))
}

/// Maximum along `axis`, NaN-propagating: `a.max(axis=axis)`.
///
/// # Errors
/// [`Error::AxisOutOfRange`], or [`Error::Empty`] when the axis has length 0.
pub fn max_axis<S, D>(a: &ArrayBase<S, D>, axis: usize) -> Result<Array<f64, D::Smaller>>
where
    S: Data<Elem = f64>,
    D: RemoveAxis,
{
    check_reduction("max_axis", a, axis)?;
    Ok(a.map_axis(Axis(axis), |lane| lane_extreme(&lane, |x, m| x > m).1))
}

/// Index of the minimum along `axis` (first occurrence): `a.argmin(axis=axis)`.
///
/// # Errors
/// [`Error::AxisOutOfRange`], or [`Error::Empty`] when the axis has length 0.
pub fn argmin_axis<S, D>(a: &ArrayBase<S, D>, axis: usize) -> Result<Array<usize, D::Smaller>>
where
    S: Data<Elem = f64>,
    D: RemoveAxis,
{
    check_reduction("argmin_axis", a, axis)?;
    Ok(a.map_axis(Axis(axis), |lane| lane_extreme(&lane, |x, m| x < m).0))
}

/// Index of the maximum along `axis` (first occurrence): `a.argmax(axis=axis)`.
///
/// ```
/// use ndarray::array;
/// let scores = array![[0.1, 0.7, 0.2], [0.5, 0.1, 0.4]];
/// assert_eq!(basics::operations::argmax_axis(&scores, 1)?, array![1, 0]); // predicted class
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfRange`], or [`Error::Empty`] when the axis has length 0.
pub fn argmax_axis<S, D>(a: &ArrayBase<S, D>, axis: usize) -> Result<Array<usize, D::Smaller>>
where
    S: Data<Elem = f64>,
    D: RemoveAxis,
{
    check_reduction("argmax_axis", a, axis)?;
    Ok(a.map_axis(Axis(axis), |lane| lane_extreme(&lane, |x, m| x > m).0))
}

/// Cumulative sum along `axis`, same shape as `a`: `np.cumsum(a, axis=axis)`.
///
/// ```
/// use ndarray::array;
/// let a = array![[1, 2], [3, 4]];
/// assert_eq!(basics::operations::cumsum(&a, 0)?, array![[1, 2], [4, 6]]);
/// assert_eq!(basics::operations::cumsum(&a, 1)?, array![[1, 3], [3, 7]]);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfRange`] when `axis >= a.ndim()`.
pub fn cumsum<A, S, D>(a: &ArrayBase<S, D>, axis: usize) -> Result<Array<A, D>>
where
    A: Copy + AddAssign,
    S: Data<Elem = A>,
    D: Dimension,
{
    check_axis("cumsum", axis, a.ndim())?;
    let mut out = a.to_owned();
    out.accumulate_axis_inplace(Axis(axis), |&prev, cur| *cur += prev);
    Ok(out)
}

/// The `q`-th percentile along `axis`, linear interpolation:
/// `np.percentile(a, q, axis=axis)`. A lane holding a NaN gives NaN.
///
/// ```
/// let iris = datasets::iris::load();
/// let q1 = basics::operations::percentile_axis(&iris.data, 25.0, 0)?;
/// assert_eq!(q1.to_vec(), vec![5.1, 2.8, 1.6, 0.3]);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfRange`], [`Error::Empty`], or [`Error::InvalidArgument`] for `q`
/// outside `[0, 100]`.
pub fn percentile_axis<S, D>(
    a: &ArrayBase<S, D>,
    q: f64,
    axis: usize,
) -> Result<Array<f64, D::Smaller>>
where
    S: Data<Elem = f64>,
    D: RemoveAxis,
{
    check_reduction("percentile_axis", a, axis)?;
    check_q("percentile_axis", q)?;
    Ok(a.map_axis(Axis(axis), |lane| {
        sorted_lane(lane.iter()).map_or(f64::NAN, |v| percentile_sorted(&v, q))
    }))
}

/// Median along `axis`: `np.median(a, axis=axis)`.
///
/// # Errors
/// [`Error::AxisOutOfRange`], or [`Error::Empty`] when the axis has length 0.
pub fn median_axis<S, D>(a: &ArrayBase<S, D>, axis: usize) -> Result<Array<f64, D::Smaller>>
where
    S: Data<Elem = f64>,
    D: RemoveAxis,
{
    percentile_axis(a, 50.0, axis)
}

/// Put a reduced axis back as length 1: NumPy's `keepdims=True`.
///
/// ```
/// use ndarray::array;
/// use basics::operations::{keepdims, sum_axis};
/// let a = array![[1., 2.], [3., 4.]];
/// let row_sums = keepdims(sum_axis(&a, 1)?, 1)?; // a.sum(axis=1, keepdims=True)
/// assert_eq!(row_sums, array![[3.], [7.]]);
/// assert_eq!(&a / &row_sums, array![[1. / 3., 2. / 3.], [3. / 7., 4. / 7.]]);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfRange`] when `axis > reduced.ndim()`.
pub fn keepdims<A, D>(reduced: Array<A, D>, axis: usize) -> Result<Array<A, D::Larger>>
where
    D: Dimension,
{
    check_axis("keepdims", axis, reduced.ndim() + 1)?;
    Ok(reduced.insert_axis(Axis(axis)))
}

// ---------------------------------------------------------------------------------------
// NaN-aware reductions
// ---------------------------------------------------------------------------------------

fn finite_values(lane: &ArrayView1<'_, f64>) -> Array1<f64> {
    lane.iter().copied().filter(|x| !x.is_nan()).collect()
}

/// Mean along `axis` ignoring NaN: `np.nanmean(a, axis=axis)`. An all-NaN lane gives NaN
/// (NumPy also warns).
///
/// ```
/// use ndarray::array;
/// let x = array![[1., f64::NAN], [3., 4.]];
/// let m = basics::operations::nanmean_axis(&x, 0)?;
/// assert_eq!(m, array![2., 4.]);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfRange`], or [`Error::Empty`] when the axis has length 0.
pub fn nanmean_axis<S, D>(a: &ArrayBase<S, D>, axis: usize) -> Result<Array<f64, D::Smaller>>
where
    S: Data<Elem = f64>,
    D: RemoveAxis,
{
    check_reduction("nanmean_axis", a, axis)?;
    Ok(a.map_axis(Axis(axis), |lane| {
        let v = finite_values(&lane);
        if v.is_empty() {
            f64::NAN
        } else {
            lane_mean(&v.view())
        }
    }))
}

/// Variance along `axis` ignoring NaN: `np.nanvar(a, axis=axis, ddof=ddof)`.
///
/// `n` is the count of non-NaN values in each lane; a lane with `n <= ddof` gives NaN (as
/// NumPy does, with a warning).
///
/// # Errors
/// [`Error::AxisOutOfRange`], [`Error::Empty`], or [`Error::Ddof`] when `ddof` is not
/// smaller than the axis length (then no lane could have a result).
pub fn nanvar_axis<S, D>(
    a: &ArrayBase<S, D>,
    axis: usize,
    ddof: usize,
) -> Result<Array<f64, D::Smaller>>
where
    S: Data<Elem = f64>,
    D: RemoveAxis,
{
    check_reduction("nanvar_axis", a, axis)?;
    check_ddof("nanvar_axis", ddof, a.len_of(Axis(axis)))?;
    Ok(a.map_axis(Axis(axis), |lane| {
        let v = finite_values(&lane);
        if v.len() <= ddof {
            f64::NAN
        } else {
            lane_var(&v.view(), ddof)
        }
    }))
}

/// Standard deviation along `axis` ignoring NaN: `np.nanstd(a, axis=axis, ddof=ddof)`.
///
/// # Errors
/// As [`nanvar_axis`].
pub fn nanstd_axis<S, D>(
    a: &ArrayBase<S, D>,
    axis: usize,
    ddof: usize,
) -> Result<Array<f64, D::Smaller>>
where
    S: Data<Elem = f64>,
    D: RemoveAxis,
{
    Ok(nanvar_axis(a, axis, ddof)?.mapv_into(f64::sqrt))
}

/// Minimum along `axis` ignoring NaN: `np.nanmin(a, axis=axis)`. All-NaN lane: NaN.
///
/// # Errors
/// [`Error::AxisOutOfRange`], or [`Error::Empty`] when the axis has length 0.
pub fn nanmin_axis<S, D>(a: &ArrayBase<S, D>, axis: usize) -> Result<Array<f64, D::Smaller>>
where
    S: Data<Elem = f64>,
    D: RemoveAxis,
{
    check_reduction("nanmin_axis", a, axis)?;
    Ok(a.map_axis(Axis(axis), |lane| {
        lane.iter()
            .filter(|x| !x.is_nan())
            .fold(f64::NAN, |m, &x| if m.is_nan() || x < m { x } else { m })
    }))
}

/// Maximum along `axis` ignoring NaN: `np.nanmax(a, axis=axis)`. All-NaN lane: NaN.
///
/// # Errors
/// [`Error::AxisOutOfRange`], or [`Error::Empty`] when the axis has length 0.
pub fn nanmax_axis<S, D>(a: &ArrayBase<S, D>, axis: usize) -> Result<Array<f64, D::Smaller>>
where
    S: Data<Elem = f64>,
    D: RemoveAxis,
{
    check_reduction("nanmax_axis", a, axis)?;
    Ok(a.map_axis(Axis(axis), |lane| {
        lane.iter()
            .filter(|x| !x.is_nan())
            .fold(f64::NAN, |m, &x| if m.is_nan() || x > m { x } else { m })
    }))
}

/// Compare two values of a partially ordered type with NaN-like values (those not equal to
/// themselves) sorted last, as NumPy's `sort`/`argsort` do.
pub(crate) fn cmp_nan_last<A: PartialOrd>(a: &A, b: &A) -> Ordering {
    match a.partial_cmp(b) {
        Some(order) => order,
        None => {
            let a_nan = a.partial_cmp(a).is_none();
            let b_nan = b.partial_cmp(b).is_none();
            a_nan.cmp(&b_nan)
        }
    }
}
