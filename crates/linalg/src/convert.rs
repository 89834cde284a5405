//! Zero-copy bridges between ndarray and faer, and the input checks every function shares.

use crate::Float;
use crate::error::{Error, Result, Shape};
use faer::MatRef;
use faer_ext::{IntoFaer, IntoNdarray};
use ndarray::{Array1, Array2, ArrayBase, ArrayView2, Data, Dimension, Ix2};

/// Borrows an ndarray matrix as a faer matrix: same memory, same strides, no copy.
pub(crate) fn as_faer<T: Float>(a: ArrayView2<'_, T>) -> MatRef<'_, T> {
    a.into_faer()
}

/// Copies a faer matrix into a standard-layout (row-major) ndarray.
pub(crate) fn to_array2<T: Float>(m: MatRef<'_, T>) -> Array2<T> {
    let mut out: Array2<T> = crate::alloc::zeros((m.nrows(), m.ncols()));
    if m.nrows() > 0 && m.ncols() > 0 {
        out.assign(&m.into_ndarray());
    }
    out
}

/// Copies an iterator of scalars into a 1-D array.
pub(crate) fn to_array1<T: Float>(values: impl IntoIterator<Item = T>) -> Array1<T> {
    values.into_iter().collect()
}

pub(crate) fn shape_of<S: Data, D: Dimension>(a: &ArrayBase<S, D>) -> Shape {
    Shape(a.shape().to_vec())
}

/// Rejects a result shape whose element count (or size in bytes) overflows, before
/// anything is allocated: ndarray would panic on it.
pub(crate) fn check_result_size<T>(op: &'static str, shape: &[usize]) -> Result<()> {
    let bytes = shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .and_then(|n| n.checked_mul(std::mem::size_of::<T>().max(1)));
    match bytes {
        Some(b) if b <= isize::MAX as usize => Ok(()),
        _ => Err(Error::TooLarge {
            op,
            shape: Shape(shape.to_vec()),
        }),
    }
}

/// Rejects NaN/inf entries.
pub(crate) fn check_finite<T: Float, S: Data<Elem = T>, D: Dimension>(
    op: &'static str,
    a: &ArrayBase<S, D>,
) -> Result<()> {
    if a.iter().all(|x| x.is_finite()) {
        Ok(())
    } else {
        Err(Error::NonFinite { op })
    }
}

/// Rejects inputs with a zero-length axis.
pub(crate) fn check_nonempty<S: Data, D: Dimension>(
    op: &'static str,
    a: &ArrayBase<S, D>,
) -> Result<()> {
    if a.is_empty() {
        Err(Error::Empty {
            op,
            shape: shape_of(a),
        })
    } else {
        Ok(())
    }
}

/// The checks of every factorisation: non-empty, finite.
pub(crate) fn check_matrix<T: Float, S: Data<Elem = T>>(
    op: &'static str,
    a: &ArrayBase<S, Ix2>,
) -> Result<()> {
    check_nonempty(op, a)?;
    check_finite(op, a)
}

/// The checks of every square-matrix function: square, non-empty, finite.
pub(crate) fn check_square<T: Float, S: Data<Elem = T>>(
    op: &'static str,
    a: &ArrayBase<S, Ix2>,
) -> Result<usize> {
    let (m, n) = a.dim();
    if m != n {
        return Err(Error::NotSquare {
            op,
            shape: shape_of(a),
        });
    }
    check_matrix(op, a)?;
    Ok(n)
}

/// A contiguous column of a faer matrix as a slice (panics on a strided column).
pub(crate) fn slice<'a, T>(c: faer::ColRef<'a, T>) -> &'a [T] {
    c.try_as_col_major().expect("column-major").as_slice()
}

/// A contiguous column of a faer matrix as a mutable slice (panics on a strided column).
pub(crate) fn slice_mut<'a, T>(c: faer::ColMut<'a, T>) -> &'a mut [T] {
    c.try_as_col_major_mut()
        .expect("column-major")
        .as_slice_mut()
}
