//! # Array creation and properties
//!
//! An `ndarray::Array<A, D>` is NumPy's `ndarray`: one element type `A` (the dtype, fixed
//! at compile time) and a dimension type `D` (`Ix1`, `Ix2`, ... or `IxDyn` when the number
//! of axes is only known at run time). `Array2<f64>` is a 2-D float64 array that owns its
//! data; `ArrayView2<'_, f64>` borrows it (NumPy's view); `CowArray` is "a view if possible,
//! else a copy", which is what NumPy's `reshape` and `ravel` return.
//!
//! | NumPy | Rust (ndarray + this module) | Notes |
//! |---|---|---|
//! | `np.array([[1., 2.], [3., 4.]])` | `array![[1., 2.], [3., 4.]]` | the macro fixes the dimension (`Array2`) |
//! | `np.array(v).reshape(3, 4)` | [`from_vec`]`((3, 4), v)?` | error if `v.len() != 12` |
//! | `np.zeros((3, 4))` | `Array2::<f64>::zeros((3, 4))` | the dtype is a type parameter, not a keyword |
//! | `np.ones((3, 4))` | `Array2::<f64>::ones((3, 4))` | |
//! | `np.full((3, 4), 7.)` | `Array2::from_elem((3, 4), 7.)` | |
//! | `np.eye(3, 4, k=1)` | [`eye`]`(3, 4, 1)` | ndarray's `Array2::eye(n)` has no `m` or `k` |
//! | `np.identity(3)` | [`identity`]`(3)` | = `Array2::eye(3)` |
//! | `np.arange(0., 1., 0.25)` | [`arange`]`(0., 1., 0.25)?` | error on a zero step |
//! | `np.arange(5)` (ints) | `Array1::from_iter(0..5)` | any Rust range |
//! | `np.linspace(0., 1., 5)` | [`linspace`]`(0., 1., 5)` | NumPy's formula, last point exactly `stop` |
//! | `np.logspace(0., 3., 4)` | [`logspace`]`(0., 3., 4, 10.)` | |
//! | `rng = np.random.default_rng(42)` | `let mut rng = `[`seeded_rng`]`(42);` | `StdRng` from rand 0.8 |
//! | `rng.uniform(0, 1, (3, 4))` | [`random_uniform`]`((3, 4), 0., 1., &mut rng)?` | same law, **not** the same numbers as NumPy |
//! | `rng.normal(0, 1, (3, 4))` | [`random_normal`]`((3, 4), 0., 1., &mut rng)?` | |
//! | `rng.integers(0, 10, (3, 4))` | [`random_integers`]`((3, 4), 0, 10, &mut rng)?` | half-open `[low, high)` as in NumPy |
//! | `np.zeros_like(a)` / `ones_like` / `full_like` | [`zeros_like`]`(&a)` / [`ones_like`] / [`full_like`] | |
//! | `a.shape`, `a.ndim`, `a.size`, `len(a)` | `a.shape()`, `a.ndim()`, `a.len()`, `a.len_of(Axis(0))` | `a.len()` is the **total** size, not `len(a)` |
//! | `a.dtype` | `std::any::type_name::<A>()`, or [`info`]`(&a).dtype` | |
//! | `a.strides` | `a.strides()` | in **elements**, NumPy's are in bytes |
//! | `a.flags['C_CONTIGUOUS']` | `a.is_standard_layout()` | [`info`] also reports F order |
//! | `a.reshape(2, 6)` | [`reshape`]`(&a, (2, 6))?` | a view when the layout allows, else a copy, like NumPy |
//! | `a.ravel()` | [`ravel`]`(&a)` | view when C-contiguous, else copy |
//! | `a.flatten()` | [`flatten`]`(&a)` | always a copy |
//! | `a.T` | `a.t()` | a view, no copy |
//! | `np.transpose(a, (1, 0, 2))` | [`transpose`]`(&a, &[1, 0, 2])?` | error on a bad permutation |
//!
//! ```
//! use ndarray::{array, Array2, Axis};
//! use basics::creation::{from_vec, info, reshape};
//!
//! let a = from_vec((3, 4), (0..12).map(f64::from).collect())?; // np.arange(12.).reshape(3, 4)
//! assert_eq!(a.shape(), &[3, 4]);
//! assert_eq!(a.len(), 12);            // a.size (not len(a)!)
//! assert_eq!(a.len_of(Axis(0)), 3);   // len(a)
//! assert_eq!(info(&a).dtype, "f64");
//!
//! // A transpose is a view with swapped strides: not C-contiguous any more...
//! let t = a.t();
//! assert_eq!(t.strides(), &[1, 4]);
//! assert!(!t.is_standard_layout());
//! // ...so reshaping it must copy, exactly as in NumPy (`a.T.reshape(12)` copies).
//! assert!(reshape(&t, 12)?.is_owned());
//! assert!(reshape(&a, (2, 6))?.is_view());
//! # Ok::<(), basics::Error>(())
//! ```
//!
//! The constructors, side by side with NumPy:
//!
//! ```
//! use ndarray::{array, Array1, Array2, Array3};
//! use basics::creation::{arange, eye, full_like, identity, linspace, logspace, zeros_like};
//!
//! let z = Array2::<f64>::zeros((2, 3));          // np.zeros((2, 3))
//! let o = Array3::<f32>::ones((2, 2, 2));        // np.ones((2, 2, 2), dtype=np.float32)
//! let f = Array2::from_elem((2, 2), 7_i64);      // np.full((2, 2), 7)
//! assert_eq!((z.sum(), o.sum(), f.sum()), (0.0, 8.0, 28));
//! assert_eq!(identity(2), eye(2, 2, 0));         // np.identity(2) == np.eye(2)
//! assert_eq!(arange(0., 3., 1.)?, array![0., 1., 2.]);       // np.arange(0., 3.)
//! assert_eq!(Array1::from_iter(0..3), array![0, 1, 2]);      // np.arange(3)
//! assert_eq!(linspace(0., 1., 3), array![0., 0.5, 1.]);      // np.linspace(0, 1, 3)
//! assert_eq!(logspace(0., 2., 3, 10.), array![1., 10., 100.]); // np.logspace(0, 2, 3)
//! assert_eq!(zeros_like(&f), Array2::<i64>::zeros((2, 2)));  // np.zeros_like(f)
//! assert_eq!(full_like(&z, f64::NAN).dim(), (2, 3));         // np.full_like(z, np.nan)
//! # Ok::<(), basics::Error>(())
//! ```
//!
//! ## Cost
//! Views (`a.t()`, `a.slice(..)`, a `reshape` of contiguous data) cost O(1): only the shape
//! and strides change. A copy (`flatten`, `reshape` of a transposed array, `to_owned`)
//! costs O(n) time and memory. Random arrays cost one generator call per element.
//!
//! ## Where ndarray differs
//! - **No implicit dtype promotion.** `np.arange(3) + 0.5` silently becomes float64; in Rust
//!   `Array1<i64> + 0.5` does not compile. Convert explicitly: `a.mapv(|x| x as f64)`.
//! - **The number of axes is part of the type.** `reshape(&a, (2, 6))` returns a 2-D array,
//!   `reshape(&a, 12)` a 1-D one; use `IxDyn(&[..])` when the rank is only known at run time.
//! - **Random numbers** come from an explicit generator passed by `&mut`; there is no hidden
//!   global state to seed. The same seed gives the same numbers on every run and platform
//!   for a given `rand` version (pinned by `Cargo.lock`), but never NumPy's numbers.

use ndarray::{
    Array, Array1, Array2, ArrayBase, ArrayView, CowArray, Data, Dimension, IntoDimension, Ix1,
    IxDyn, LinalgScalar,
};
use ndarray_rand::RandomExt;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Normal, Uniform};

use crate::error::{Error, Result};

/// Build an array of the given shape from a `Vec` in row-major (C) order:
/// `np.array(v).reshape(shape)`.
///
/// ```
/// use ndarray::array;
/// let a = basics::creation::from_vec((2, 3), vec![1, 2, 3, 4, 5, 6])?;
/// assert_eq!(a, array![[1, 2, 3], [4, 5, 6]]);
///
/// let err = basics::creation::from_vec((4, 2), vec![1, 2, 3]).unwrap_err();
/// assert_eq!(err.to_string(), "cannot reshape array of size 3 into shape (4, 2)");
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::Reshape`] when `v.len()` is not the product of the shape.
pub fn from_vec<A, Sh>(shape: Sh, v: Vec<A>) -> Result<Array<A, Sh::Dim>>
where
    Sh: IntoDimension,
{
    let dim = shape.into_dimension();
    let size = v.len();
    let wanted = dim.slice().to_vec();
    Array::from_shape_vec(dim, v).map_err(|_| Error::Reshape {
        size,
        shape: wanted,
    })
}

/// A 2-D array with ones on the `k`-th diagonal and zeros elsewhere: `np.eye(n, m, k)`.
///
/// `k > 0` is above the main diagonal, `k < 0` below; a `k` outside the matrix gives all
/// zeros, as in NumPy.
///
/// # Panics
/// Like `Array2::zeros`, if `n * m` overflows `isize` (NumPy: `MemoryError`).
///
/// ```
/// use ndarray::array;
/// assert_eq!(basics::creation::eye(2, 3, 1), array![[0., 1., 0.], [0., 0., 1.]]);
/// assert_eq!(basics::creation::eye(3, 2, -1), array![[0., 0.], [1., 0.], [0., 1.]]);
/// ```
pub fn eye(n: usize, m: usize, k: isize) -> Array2<f64> {
    Array2::from_shape_fn((n, m), |(i, j)| {
        if j as isize - i as isize == k {
            1.0
        } else {
            0.0
        }
    })
}

/// The `n x n` identity matrix: `np.identity(n)`.
///
/// ```
/// assert_eq!(basics::creation::identity(2), ndarray::array![[1., 0.], [0., 1.]]);
/// ```
pub fn identity(n: usize) -> Array2<f64> {
    Array2::eye(n)
}

/// Evenly spaced values in the half-open interval `[start, stop)`: `np.arange(start, stop, step)`.
///
/// The length is `ceil((stop - start) / step)` (0 if negative), element `i` is
/// `start + i * step`, as in NumPy. Floating-point steps are fragile (`np.arange(0, 1, 0.1)`
/// may or may not include a value close to `stop`); prefer [`linspace`] when you know the
/// number of points.
///
/// ```
/// use ndarray::array;
/// assert_eq!(basics::creation::arange(0., 1., 0.25)?, array![0., 0.25, 0.5, 0.75]);
/// assert_eq!(basics::creation::arange(3., 0., -1.)?, array![3., 2., 1.]);
/// assert!(basics::creation::arange(0., 1., 0.).is_err()); // NumPy: ZeroDivisionError
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] when `step` is zero or any argument is not finite.
pub fn arange(start: f64, stop: f64, step: f64) -> Result<Array1<f64>> {
    if step == 0.0 || !(start.is_finite() && stop.is_finite() && step.is_finite()) {
        return Err(Error::InvalidArgument {
            op: "arange",
            message: format!(
                "start, stop and step must be finite and step non-zero (got {start}, {stop}, {step})"
            ),
        });
    }
    let n = ((stop - start) / step).ceil().max(0.0);
    if n > (isize::MAX as usize / std::mem::size_of::<f64>()) as f64 {
        return Err(Error::InvalidArgument {
            op: "arange",
            message: format!("{n:e} elements do not fit in memory"),
        });
    }
    let n = n as usize;
    Ok(Array1::from_shape_fn(n, |i| start + i as f64 * step))
}

/// `num` evenly spaced values from `start` to `stop` inclusive: `np.linspace(start, stop, num)`.
///
/// Uses NumPy's formula (`start + i * step` with `step = (stop - start) / (num - 1)`, the
/// last value set to exactly `stop`), so results match NumPy to the last bit in the common
/// cases. `num = 1` gives `[start]`, `num = 0` an empty array.
///
/// ```
/// use ndarray::array;
/// assert_eq!(basics::creation::linspace(0., 1., 5), array![0., 0.25, 0.5, 0.75, 1.]);
/// ```
pub fn linspace(start: f64, stop: f64, num: usize) -> Array1<f64> {
    if num == 1 {
        return Array1::from_elem(1, start);
    }
    let step = (stop - start) / (num as f64 - 1.0);
    let mut y = Array1::from_shape_fn(num, |i| i as f64 * step + start);
    if let Some(last) = y.last_mut() {
        *last = stop;
    }
    y
}

/// `num` values spaced evenly on a log scale, `base**start` to `base**stop`:
/// `np.logspace(start, stop, num, base=base)`.
///
/// ```
/// use ndarray::array;
/// assert_eq!(basics::creation::logspace(0., 3., 4, 10.), array![1., 10., 100., 1000.]);
/// ```
pub fn logspace(start: f64, stop: f64, num: usize, base: f64) -> Array1<f64> {
    linspace(start, stop, num).mapv(|e| base.powf(e))
}

/// A seeded random generator: `np.random.default_rng(seed)`.
///
/// `StdRng` (ChaCha12 in rand 0.8) gives the same stream for the same seed on every run and
/// platform. The numbers differ from NumPy's PCG64: test statistical properties, not values.
///
/// ```
/// use basics::creation::{random_normal, seeded_rng};
/// let a = random_normal(4, 0., 1., &mut seeded_rng(7))?;
/// let b = random_normal(4, 0., 1., &mut seeded_rng(7))?;
/// assert_eq!(a, b); // same seed, same numbers
/// # Ok::<(), basics::Error>(())
/// ```
pub fn seeded_rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

/// The dimension of `shape`, checked to fit in memory (ndarray's constructors panic instead).
fn checked_dim<A, Sh: IntoDimension>(op: &'static str, shape: Sh) -> Result<Sh::Dim> {
    let dim = shape.into_dimension();
    let limit = isize::MAX as usize / std::mem::size_of::<A>().max(1);
    match dim.size_checked() {
        Some(n) if n <= limit => Ok(dim),
        _ => Err(Error::InvalidArgument {
            op,
            message: format!(
                "shape {} holds too many elements",
                crate::shape_str(dim.slice())
            ),
        }),
    }
}

/// Samples from the uniform distribution on `[low, high)`: `rng.uniform(low, high, size)`.
///
/// ```
/// use basics::creation::{random_uniform, seeded_rng};
/// let mut rng = seeded_rng(42);
/// let a = random_uniform((3, 4), -1., 1., &mut rng)?;
/// assert_eq!(a.dim(), (3, 4));
/// assert!(a.iter().all(|&x| (-1.0..1.0).contains(&x)));
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] unless `low < high` with a finite `high - low`, or when the
/// shape holds more elements than memory can address.
pub fn random_uniform<Sh, D>(
    shape: Sh,
    low: f64,
    high: f64,
    rng: &mut StdRng,
) -> Result<Array<f64, D>>
where
    Sh: IntoDimension<Dim = D>,
    D: Dimension,
{
    let dim = checked_dim::<f64, _>("random_uniform", shape)?;
    if !(low < high && (high - low).is_finite()) {
        return Err(Error::InvalidArgument {
            op: "random_uniform",
            message: format!("need finite low < high, got low = {low}, high = {high}"),
        });
    }
    Ok(Array::random_using(dim, Uniform::new(low, high), rng))
}

/// Samples from the normal distribution `N(mean, std²)`: `rng.normal(mean, std, size)`.
///
/// # Errors
/// [`Error::InvalidArgument`] when `std` is negative, either parameter is not finite, or the
/// shape is too large.
pub fn random_normal<Sh, D>(
    shape: Sh,
    mean: f64,
    std: f64,
    rng: &mut StdRng,
) -> Result<Array<f64, D>>
where
    Sh: IntoDimension<Dim = D>,
    D: Dimension,
{
    let dim = checked_dim::<f64, _>("random_normal", shape)?;
    let invalid = || Error::InvalidArgument {
        op: "random_normal",
        message: format!(
            "need a finite mean and a finite std >= 0, got mean = {mean}, std = {std}"
        ),
    };
    if !(std >= 0.0 && mean.is_finite()) {
        return Err(invalid());
    }
    let normal = Normal::new(mean, std).map_err(|_| invalid())?;
    Ok(Array::random_using(dim, normal, rng))
}

/// Random integers in the half-open interval `[low, high)`: `rng.integers(low, high, size)`.
///
/// ```
/// use basics::creation::{random_integers, seeded_rng};
/// let dice = random_integers(1000, 1, 7, &mut seeded_rng(0))?;
/// assert!(dice.iter().all(|&d| (1..7).contains(&d)));
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] unless `low < high`, or when the shape is too large.
pub fn random_integers<Sh, D>(
    shape: Sh,
    low: i64,
    high: i64,
    rng: &mut StdRng,
) -> Result<Array<i64, D>>
where
    Sh: IntoDimension<Dim = D>,
    D: Dimension,
{
    let dim = checked_dim::<i64, _>("random_integers", shape)?;
    if low >= high {
        return Err(Error::InvalidArgument {
            op: "random_integers",
            message: format!("need low < high, got low = {low}, high = {high}"),
        });
    }
    Ok(Array::random_using(dim, Uniform::new(low, high), rng))
}

/// An array of zeros with the shape of `a`: `np.zeros_like(a)`.
///
/// ```
/// use ndarray::array;
/// let a = array![[1., 2.], [3., 4.]];
/// assert_eq!(basics::creation::zeros_like(&a), array![[0., 0.], [0., 0.]]);
/// ```
pub fn zeros_like<A, S, D>(a: &ArrayBase<S, D>) -> Array<A, D>
where
    A: LinalgScalar,
    S: Data<Elem = A>,
    D: Dimension,
{
    Array::from_elem(a.raw_dim(), A::zero())
}

/// An array of ones with the shape of `a`: `np.ones_like(a)`.
pub fn ones_like<A, S, D>(a: &ArrayBase<S, D>) -> Array<A, D>
where
    A: LinalgScalar,
    S: Data<Elem = A>,
    D: Dimension,
{
    Array::from_elem(a.raw_dim(), A::one())
}

/// An array filled with `value`, with the shape of `a` and the element type of `value`:
/// `np.full_like(a, value)`.
pub fn full_like<A, B, S, D>(a: &ArrayBase<S, D>, value: B) -> Array<B, D>
where
    B: Clone,
    S: Data<Elem = A>,
    D: Dimension,
{
    Array::from_elem(a.raw_dim(), value)
}

/// What NumPy shows as `a.shape`, `a.strides`, `a.dtype`, `a.flags`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrayInfo {
    /// `a.shape`.
    pub shape: Vec<usize>,
    /// `a.strides`, in elements (NumPy: in bytes; multiply by `itemsize`).
    pub strides: Vec<isize>,
    /// `a.ndim`.
    pub ndim: usize,
    /// `a.size`: the total number of elements.
    pub size: usize,
    /// `a.dtype`, as the Rust type name (`"f64"` for float64).
    pub dtype: &'static str,
    /// `a.itemsize`: bytes per element.
    pub itemsize: usize,
    /// `a.flags['C_CONTIGUOUS']`: row-major with no gaps.
    pub c_contiguous: bool,
    /// `a.flags['F_CONTIGUOUS']`: column-major with no gaps.
    pub f_contiguous: bool,
}

/// The properties of an array, in NumPy's vocabulary.
///
/// ```
/// use ndarray::{s, Array2};
/// let a = Array2::<f64>::zeros((3, 4));
/// let i = basics::creation::info(&a);
/// assert_eq!((i.ndim, i.size, i.itemsize), (2, 12, 8));
/// assert_eq!(i.strides, vec![4, 1]); // NumPy: (32, 8) bytes
/// assert!(i.c_contiguous && !i.f_contiguous);
///
/// let every_other_column = a.slice(s![.., ..;2]);
/// let j = basics::creation::info(&every_other_column);
/// assert_eq!(j.strides, vec![4, 2]);
/// assert!(!j.c_contiguous && !j.f_contiguous);
/// ```
pub fn info<A, S, D>(a: &ArrayBase<S, D>) -> ArrayInfo
where
    S: Data<Elem = A>,
    D: Dimension,
{
    ArrayInfo {
        shape: a.shape().to_vec(),
        strides: a.strides().to_vec(),
        ndim: a.ndim(),
        size: a.len(),
        dtype: std::any::type_name::<A>(),
        itemsize: std::mem::size_of::<A>(),
        c_contiguous: a.is_standard_layout(),
        f_contiguous: a.t().is_standard_layout(),
    }
}

/// Give `a` a new shape with the same elements in row-major order: `a.reshape(shape)`.
///
/// Returns a view when `a`'s layout allows it (C-contiguous input) and a copy otherwise,
/// exactly NumPy's rule; `.is_view()` tells which. `.into_owned()` gives an `Array`.
///
/// ```
/// use ndarray::array;
/// let a = array![[1, 2, 3], [4, 5, 6]];
/// let r = basics::creation::reshape(&a, (3, 2))?;
/// assert_eq!(r, array![[1, 2], [3, 4], [5, 6]]);
/// assert!(r.is_view());
///
/// let err = basics::creation::reshape(&a, (4, 2)).unwrap_err();
/// assert_eq!(err.to_string(), "cannot reshape array of size 6 into shape (4, 2)");
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::Reshape`] when the new shape holds a different number of elements.
pub fn reshape<A, S, D, Sh>(a: &ArrayBase<S, D>, shape: Sh) -> Result<CowArray<'_, A, Sh::Dim>>
where
    S: Data<Elem = A>,
    D: Dimension,
    A: Clone,
    Sh: IntoDimension,
{
    let dim = shape.into_dimension();
    let wanted = dim.slice().to_vec();
    a.to_shape(dim).map_err(|_| Error::Reshape {
        size: a.len(),
        shape: wanted,
    })
}

/// The elements in row-major order as a 1-D array: `a.ravel()` (a view when `a` is
/// C-contiguous, a copy otherwise).
///
/// ```
/// use ndarray::array;
/// let a = array![[1, 2], [3, 4]];
/// assert_eq!(basics::creation::ravel(&a), array![1, 2, 3, 4]);
/// assert!(basics::creation::ravel(&a).is_view());
/// assert_eq!(basics::creation::ravel(&a.t()), array![1, 3, 2, 4]); // a.T.ravel(): copy
/// assert!(basics::creation::ravel(&a.t()).is_owned());
/// ```
pub fn ravel<A, S, D>(a: &ArrayBase<S, D>) -> CowArray<'_, A, Ix1>
where
    S: Data<Elem = A>,
    D: Dimension,
    A: Clone,
{
    a.flatten()
}

/// The elements in row-major order, always copied: `a.flatten()`.
pub fn flatten<A, S, D>(a: &ArrayBase<S, D>) -> Array1<A>
where
    S: Data<Elem = A>,
    D: Dimension,
    A: Clone,
{
    a.iter().cloned().collect()
}

/// Permute the axes (a view, no copy): `np.transpose(a, axes)`.
///
/// `axes[i]` is the axis of `a` that becomes axis `i`. The rank is only known at run time,
/// so the result is dynamic-dimensional; `a.t()` is the static shortcut for reversing.
///
/// ```
/// use ndarray::Array3;
/// let a = Array3::<f64>::zeros((2, 3, 4));
/// assert_eq!(basics::creation::transpose(&a, &[1, 0, 2])?.shape(), &[3, 2, 4]);
/// assert!(basics::creation::transpose(&a, &[0, 0, 1]).is_err());
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] when `axes` is not a permutation of `0..a.ndim()`.
pub fn transpose<'a, A, S, D>(
    a: &'a ArrayBase<S, D>,
    axes: &[usize],
) -> Result<ArrayView<'a, A, IxDyn>>
where
    S: Data<Elem = A>,
    D: Dimension,
{
    let mut seen = vec![false; a.ndim()];
    let is_permutation = axes.len() == a.ndim()
        && axes
            .iter()
            .all(|&ax| ax < seen.len() && !std::mem::replace(&mut seen[ax], true));
    if !is_permutation {
        return Err(Error::InvalidArgument {
            op: "transpose",
            message: format!(
                "axes {axes:?} are not a permutation of 0..{} for an array of shape {}",
                a.ndim(),
                crate::shape_str(a.shape())
            ),
        });
    }
    Ok(a.view().into_dyn().permuted_axes(axes))
}
