//! Input validation shared by the estimators (scikit-learn's `check_array`/`check_X_y`).

use ndarray::{ArrayBase, Data, Dimension, Ix1, Ix2};
use rayon::prelude::*;

use crate::Float;
use crate::error::{Error, Result};

/// `x` has at least `min_samples` rows, at least one column, and only finite values.
pub(crate) fn check_x<F: Float, S: Data<Elem = F>>(
    op: &'static str,
    x: &ArrayBase<S, Ix2>,
    min_samples: usize,
) -> Result<()> {
    check_shape(op, x, min_samples)?;
    check_finite(op, x)
}

/// `x` has at least `min_samples` rows and at least one column (for callers that check
/// finiteness themselves, inside a pass they make anyway).
pub(crate) fn check_shape<A, S: Data<Elem = A>>(
    op: &'static str,
    x: &ArrayBase<S, Ix2>,
    min_samples: usize,
) -> Result<()> {
    if x.nrows() < min_samples.max(1) {
        return Err(Error::TooFewSamples {
            op,
            n_samples: x.nrows(),
            needed: min_samples.max(1),
        });
    }
    if x.ncols() == 0 {
        return Err(Error::ShapeMismatch {
            op,
            left: x.shape().to_vec(),
            right: vec![],
            reason: "x has no features (0 columns)".into(),
        });
    }
    Ok(())
}

/// `n` elements of `T` can exist in one allocation (`n * size_of::<T>() <= isize::MAX`):
/// false when a requested size (classes, bins, samples, layer widths) would make ndarray
/// or `Vec` panic with a capacity overflow.
pub(crate) fn fits_in_memory<T>(n: Option<usize>) -> bool {
    n.and_then(|n| n.checked_mul(std::mem::size_of::<T>().max(1)))
        .is_some_and(|bytes| bytes <= isize::MAX as usize)
}

/// Every entry of `a` is finite (no NaN, no infinity).
///
/// For contiguous data this is a branch-free sum of `v * 0` (0 for a finite `v`, NaN for
/// NaN or an infinity) over 8 lanes, which the compiler vectorises, in parallel from a
/// million entries: it runs at memory speed, where testing `is_finite` entry by entry
/// with an early exit does not vectorise.
pub(crate) fn check_finite<F: Float, S: Data<Elem = F>, D: Dimension>(
    op: &'static str,
    a: &ArrayBase<S, D>,
) -> Result<()> {
    let finite = match a.as_slice_memory_order() {
        Some(s) if s.len() >= PAR_CHECK => s.par_chunks(PAR_CHECK).all(all_finite),
        Some(s) => all_finite(s),
        None => a.iter().all(|v| v.is_finite()),
    };
    if finite {
        Ok(())
    } else {
        Err(Error::NonFinite { op })
    }
}

/// Entries from which [`check_finite`] runs in parallel (one task per this many).
const PAR_CHECK: usize = 1 << 20;

/// Whether every value of `s` is finite: see [`check_finite`].
pub(crate) fn all_finite<F: Float>(s: &[F]) -> bool {
    const LANES: usize = 8;
    let (chunks, tail) = s.as_chunks::<LANES>();
    let mut acc = [F::zero(); LANES];
    for c in chunks {
        for l in 0..LANES {
            acc[l] += c[l] * F::zero();
        }
    }
    acc.iter().chain(tail).all(|v| v.is_finite())
}

/// `y` has one entry per row of `x`.
pub(crate) fn check_same_rows<A, B, S1: Data<Elem = A>, S2: Data<Elem = B>>(
    op: &'static str,
    x: &ArrayBase<S1, Ix2>,
    y: &ArrayBase<S2, Ix1>,
) -> Result<()> {
    if x.nrows() == y.len() {
        Ok(())
    } else {
        Err(Error::ShapeMismatch {
            op,
            left: x.shape().to_vec(),
            right: y.shape().to_vec(),
            reason: format!("x has {} rows but y has {} entries", x.nrows(), y.len()),
        })
    }
}

/// A model fitted on `expected` features is given `x`.
pub(crate) fn check_n_features<A, S: Data<Elem = A>>(
    op: &'static str,
    x: &ArrayBase<S, Ix2>,
    expected: usize,
) -> Result<()> {
    if x.ncols() == expected {
        Ok(())
    } else {
        Err(Error::ShapeMismatch {
            op,
            left: x.shape().to_vec(),
            right: vec![expected],
            reason: format!(
                "x has {} features, the model was fitted with {expected}",
                x.ncols()
            ),
        })
    }
}

/// Number of classes `max(y) + 1` (labels are `0..k`), at least `min_classes`.
pub(crate) fn n_classes<S: Data<Elem = usize>>(
    op: &'static str,
    y: &ArrayBase<S, Ix1>,
    min_classes: usize,
) -> Result<usize> {
    let k = y.iter().max().map_or(0, |&m| m + 1);
    if k < min_classes {
        return Err(Error::InvalidParameter {
            estimator: op,
            name: "y",
            value: format!("labels 0..{k}"),
            reason: format!("need labels from at least {min_classes} classes"),
        });
    }
    Ok(k)
}

/// `x` must be finite and positive, as a learning rate or a tolerance.
pub(crate) fn positive(estimator: &'static str, name: &'static str, v: f64) -> Result<()> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(crate::error::invalid(
            estimator,
            name,
            v,
            "must be finite and > 0",
        ))
    }
}

/// `x` must be finite and `>= 0`, as a penalty.
pub(crate) fn non_negative(estimator: &'static str, name: &'static str, v: f64) -> Result<()> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(crate::error::invalid(
            estimator,
            name,
            v,
            "must be finite and >= 0",
        ))
    }
}

/// Fraction of equal entries: scikit-learn's `accuracy_score`.
pub(crate) fn accuracy_of(pred: &[usize], truth: &[usize]) -> f64 {
    let hits = pred.iter().zip(truth).filter(|(p, t)| p == t).count();
    hits as f64 / truth.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use ndarray::{Array1, Array2, s};

    use super::{PAR_CHECK, check_finite};

    #[test]
    fn one_non_finite_value_is_found_wherever_it_is() {
        // Past the parallel threshold, with a tail that is not a whole 8-lane chunk.
        let n = 2 * PAR_CHECK + 13;
        for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            for at in [0, 7, 8, PAR_CHECK - 1, PAR_CHECK, n - 13, n - 1] {
                let mut a = Array1::from_elem(n, 1.5f32);
                a[at] = bad;
                assert!(check_finite("t", &a).is_err(), "{bad} at {at} of {n}");
            }
        }
        let mut small = Array1::from_elem(5, -2.0f64);
        assert!(check_finite("t", &small).is_ok());
        small[4] = f64::NAN;
        assert!(check_finite("t", &small).is_err());
    }

    #[test]
    fn large_finite_values_and_strided_views_pass_or_fail_correctly() {
        let mut a = Array2::from_elem((1000, 2100), f32::MAX);
        assert!(check_finite("t", &a).is_ok());
        assert!(check_finite("t", &a.slice(s![.., ..;3])).is_ok());
        a[[999, 2097]] = f32::INFINITY;
        assert!(check_finite("t", &a.slice(s![.., ..;3])).is_err());
        assert!(check_finite("t", &a.t()).is_err());
    }
}
