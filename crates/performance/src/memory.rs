//! 6.2a Memory: views vs copies, in-place updates, temporaries, stride tricks.
//!
//! ## Which operations copy
//! | NumPy | Rust (ndarray) | copies? |
//! |---|---|---|
//! | `x[1:3, :]`, `x[:, ::2]` | `x.slice(s![1..3, ..])`, `x.slice(s![.., ..;2])` | no: a view (`ArrayView`) |
//! | `x.T` | `x.t()` | no: a view with swapped strides |
//! | `x.reshape(...)` on contiguous data | `x.view().into_shape_with_order(...)` | no (an error, not a copy, if impossible) |
//! | `x.reshape(...)` on a transposed array | `x.t().to_owned().into_shape_with_order(...)` | yes, and you write it |
//! | `np.ascontiguousarray(x)` | `x.as_standard_layout()` | only if not already C-contiguous (`CowArray`) |
//! | `x[[0, 2]]` (fancy indexing) | `x.select(Axis(0), &[0, 2])` | yes |
//! | `x[mask]` | `x.iter().zip(&mask).filter(...)` | yes |
//! | `x + y` | `&x + &y` | yes (new array); `x + &y` reuses `x`'s buffer |
//! | `x += y` | `x += &y` / `Zip` | no |
//! | `np.add(x, y, out=z)` | `Zip::from(&mut z).and(&x).and(&y).for_each(...)` | no |
//!
//! Rust makes the copies visible in the types: a function returning `ArrayView` cannot
//! have copied, one returning `Array` did; `CowArray` says "maybe". The borrow checker
//! enforces what NumPy leaves to discipline: while a view of `x` is alive, `x` cannot be
//! modified through another path.
//!
//! ## Temporaries
//! `a * b + c` in NumPy allocates `a * b`, then the result: two arrays and three passes.
//! [`fma_expr`] is the same in ndarray; [`fma_into`] writes into an existing output in
//! one pass; [`fma_inplace`] overwrites `c` (NumPy: `np.multiply(a, b, out=t); t += c`).
//!
//! ## Fresh memory costs page faults
//! A new array's memory is mapped lazily: each 4 KiB page faults the first time it is
//! written, and on a virtual machine a fault costs microseconds. A fresh `(2048, 2048)`
//! `f64` result is 8192 pages. NumPy's allocator asks Linux for transparent huge pages
//! (`madvise(MADV_HUGEPAGE)`) on every array of 4 MiB or more, so the same array takes 16
//! faults of 2 MiB; `Array::zeros` does not. Chapter 2's products give their large results
//! the same advice, which took its `f64` 2048 `matmul` from 246 to 232 ms here (NumPy:
//! 211 ms); see `crates/linalg/src/alloc.rs`. Cheaper still is not to allocate: write into
//! an output you keep (`np.matmul(a, b, out=c)`; in ndarray `general_mat_mul` into `c`).
//!
//! ## Stride tricks and their safe limits
//! `np.lib.stride_tricks.sliding_window_view(x, w)` returns an `(n - w + 1, w)` view whose
//! rows overlap in memory (strides `(1, 1)` elements). [`sliding_window_view`] builds the
//! same view with `ArrayView::from_shape` and explicit strides: ndarray checks that every
//! index stays inside the slice, so it is safe, and since the view is read-only, overlap is
//! allowed. A *mutable* overlapping view is what NumPy's `as_strided(writeable=True)` warns
//! about (writes through one row change the others); ndarray refuses to build one, and
//! `windows()` gives the same windows as an iterator. [`moving_average`] uses the view.
//!
//! ```
//! use ndarray::array;
//! use performance::memory::{sliding_window_view, moving_average};
//! let x = array![1.0, 2.0, 3.0, 4.0, 5.0];
//! let w = sliding_window_view(x.view(), 3)?;
//! assert_eq!(w, array![[1.0, 2.0, 3.0], [2.0, 3.0, 4.0], [3.0, 4.0, 5.0]]);
//! assert_eq!(w.as_ptr(), x.as_ptr()); // a view: no copy
//! assert_eq!(moving_average(x.view(), 3)?, array![2.0, 3.0, 4.0]);
//! # Ok::<(), performance::Error>(())
//! ```

use ndarray::{
    Array, Array1, ArrayBase, ArrayView1, ArrayView2, Data, DataMut, Dimension, ShapeBuilder, Zip,
};

use crate::Float;
use crate::error::{Error, Result};

/// `a * b + c` as a NumPy-style expression: allocates `a * b`, then the sum reuses that
/// buffer. Two passes, one allocation (NumPy: two).
///
/// # Errors
/// [`Error::ShapeMismatch`] if the shapes differ.
pub fn fma_expr<F: Float, D: Dimension>(
    a: &Array<F, D>,
    b: &Array<F, D>,
    c: &Array<F, D>,
) -> Result<Array<F, D>> {
    same_shape("fma_expr", a.shape(), b.shape())?;
    same_shape("fma_expr", a.shape(), c.shape())?;
    Ok(a * b + c)
}

/// `out = a * b + c` in one pass into a preallocated `out` (NumPy's `out=` argument).
///
/// # Errors
/// [`Error::ShapeMismatch`] if the shapes differ.
pub fn fma_into<F: Float, D: Dimension, S: DataMut<Elem = F>>(
    a: &Array<F, D>,
    b: &Array<F, D>,
    c: &Array<F, D>,
    out: &mut ArrayBase<S, D>,
) -> Result<()> {
    same_shape("fma_into", a.shape(), b.shape())?;
    same_shape("fma_into", a.shape(), c.shape())?;
    same_shape("fma_into", a.shape(), out.shape())?;
    Zip::from(out)
        .and(a)
        .and(b)
        .and(c)
        .for_each(|o, &x, &y, &z| *o = x * y + z);
    Ok(())
}

/// `c = a * b + c` in place: no allocation, one pass.
///
/// # Errors
/// [`Error::ShapeMismatch`] if the shapes differ.
pub fn fma_inplace<F: Float, D: Dimension, S: DataMut<Elem = F>>(
    a: &Array<F, D>,
    b: &Array<F, D>,
    c: &mut ArrayBase<S, D>,
) -> Result<()> {
    same_shape("fma_inplace", a.shape(), b.shape())?;
    same_shape("fma_inplace", a.shape(), c.shape())?;
    Zip::from(c)
        .and(a)
        .and(b)
        .for_each(|z, &x, &y| *z = x * y + *z);
    Ok(())
}

fn same_shape(op: &'static str, left: &[usize], right: &[usize]) -> Result<()> {
    if left != right {
        return Err(Error::ShapeMismatch {
            op,
            left: left.to_vec(),
            right: right.to_vec(),
            reason: "elementwise operands must have equal shapes".into(),
        });
    }
    Ok(())
}

/// NumPy's `sliding_window_view(x, w)`: an `(n - w + 1, w)` read-only view whose row `i` is
/// `x[i..i + w]`, sharing `x`'s memory (strides `(s, s)` where `s` is `x`'s stride).
///
/// # Errors
/// [`Error::InvalidParameter`] if `w == 0` or `w > x.len()`.
pub fn sliding_window_view<'a, F>(x: ArrayView1<'a, F>, w: usize) -> Result<ArrayView2<'a, F>> {
    let n = x.len();
    if w == 0 || w > n {
        return Err(Error::param(
            "sliding_window_view",
            "w",
            w,
            &format!("must be in 1..={n} (the length of x)"),
        ));
    }
    let s = x.strides()[0];
    if s < 0 {
        return Err(Error::param(
            "sliding_window_view",
            "x stride",
            s,
            "reversed views are not supported; call .as_standard_layout() first",
        ));
    }
    let s = s as usize;
    let rows = n - w + 1;
    // The view spans elements 0..=(rows-1)*s + (w-1)*s of x's memory, which is exactly
    // x's own span: in bounds by construction.
    let base = x.as_ptr();
    // SAFETY: `base` points at x[0]; the largest offset reached is
    // (rows - 1) * s + (w - 1) * s = (n - 1) * s, the offset of x[n - 1], so every element
    // of the new view is an element of `x`, valid for lifetime 'a. The view is read-only,
    // so overlapping rows alias only through shared references, which Rust allows.
    let v = unsafe { ArrayView2::from_shape_ptr((rows, w).strides((s, s)), base) };
    Ok(v)
}

/// The moving average `np.convolve(x, np.ones(w) / w, mode="valid")`, via
/// [`sliding_window_view`]: no copy of the windows. A reversed view (negative stride, e.g.
/// `x.slice(s![..;-1])`) is copied into forward order first, since the window view needs a
/// non-negative stride.
///
/// # Errors
/// [`Error::InvalidParameter`] if `w == 0` or `w > x.len()`.
pub fn moving_average<F: Float>(x: ArrayView1<'_, F>, w: usize) -> Result<Array1<F>> {
    if x.strides()[0] < 0 {
        return moving_average(x.to_owned().view(), w);
    }
    let win = sliding_window_view(x, w)?;
    let wf = F::from_f64(w as f64);
    Ok(win.rows().into_iter().map(|r| r.sum() / wf).collect())
}

/// `true` when `a` and `b` share memory (NumPy's `np.shares_memory`, for the element
/// ranges the two arrays span). A tool for tests of "does this operation copy?".
pub fn shares_memory<A, S1: Data<Elem = A>, S2: Data<Elem = A>, D1: Dimension, D2: Dimension>(
    a: &ArrayBase<S1, D1>,
    b: &ArrayBase<S2, D2>,
) -> bool {
    fn span<A, S: Data<Elem = A>, D: Dimension>(x: &ArrayBase<S, D>) -> (usize, usize) {
        let mut lo = x.as_ptr() as usize;
        let mut hi = lo;
        let size = std::mem::size_of::<A>() as isize;
        for (&len, &st) in x.shape().iter().zip(x.strides()) {
            if len == 0 {
                return (0, 0);
            }
            let off = (len as isize - 1) * st * size;
            if off < 0 {
                lo = (lo as isize + off) as usize;
            } else {
                hi = (hi as isize + off) as usize;
            }
        }
        (lo, hi + size as usize)
    }
    let (a0, a1) = span(a);
    let (b0, b1) = span(b);
    a0 < b1 && b0 < a1 && a1 > a0 && b1 > b0
}
