//! # 2.4 Norms and conditioning: `norm`, `cond`
//!
//! | NumPy | Rust (this crate) | value |
//! |---|---|---|
//! | `np.linalg.norm(x)` (1-D) | [`norm(&x, NormOrd::Two)?`](norm) | `sqrt(sum(x^2))` |
//! | `np.linalg.norm(x, 1)` | [`norm(&x, NormOrd::One)?`](norm) | `sum(abs(x))` |
//! | `np.linalg.norm(x, np.inf)` | [`norm(&x, NormOrd::Inf)?`](norm) | `max(abs(x))` |
//! | `np.linalg.norm(x, p)` | [`norm(&x, NormOrd::P(p))?`](norm) | `sum(abs(x)^p)^(1/p)` |
//! | `np.linalg.norm(A)` (2-D), `norm(A, "fro")` | [`norm(&a, NormOrd::Fro)?`](norm) | `sqrt(sum(A^2))` |
//! | `np.linalg.norm(A, "nuc")` | [`norm(&a, NormOrd::Nuc)?`](norm) | `sum(svdvals(A))` |
//! | `np.linalg.norm(A, 1)` | [`norm(&a, NormOrd::One)?`](norm) | max column sum of `abs(A)` |
//! | `np.linalg.norm(A, 2)` | [`norm(&a, NormOrd::Two)?`](norm) | largest singular value |
//! | `np.linalg.norm(A, np.inf)` | [`norm(&a, NormOrd::Inf)?`](norm) | max row sum of `abs(A)` |
//! | `np.linalg.cond(A)` | [`cond(&a, NormOrd::Two)?`](cond) | `s_max / s_min` |
//! | `np.linalg.cond(A, "fro")` | [`cond(&a, NormOrd::Fro)?`](cond) | `norm(A) * norm(inv(A))` |
//!
//! ```
//! use ndarray::array;
//! use linalg::{norm, NormOrd};
//! let x = array![3.0, -4.0];
//! assert_eq!(norm(&x, NormOrd::Two)?, 5.0);
//! assert_eq!(norm(&x, NormOrd::One)?, 7.0);
//! assert_eq!(norm(&x, NormOrd::Inf)?, 4.0);
//!
//! let a = array![[1.0, -2.0], [3.0, 4.0]];
//! assert_eq!(norm(&a, NormOrd::One)?, 6.0);            // max column sum
//! assert_eq!(norm(&a, NormOrd::Inf)?, 7.0);            // max row sum
//! assert!((norm(&a, NormOrd::Fro)? - 30f64.sqrt()).abs() < 1e-12);
//! # Ok::<(), linalg::Error>(())
//! ```
//!
//! ## The condition number
//! `cond(A) = ||A|| ||A^-1||` (`= s_max / s_min` in the 2-norm) bounds how much relative
//! error in `A` or `b` is amplified in the solution of `A x = b`: expect to lose
//! `log10(cond(A))` of the ~16 significant digits of `f64` (~7 of `f32`). Hilbert matrices
//! (`H_ij = 1 / (i + j + 1)`) are the textbook example: `cond(H_10) ~ 1.6e13`, so `solve`
//! on `H_10` keeps ~3 correct digits. Normal equations square it (`cond(X^T X) =
//! cond(X)^2`).
//!
//! ## NaN and empty input
//! Elementwise norms (`One`, `Inf`, `Fro`, `P`) propagate NaN/inf like NumPy; the
//! singular-value ones (`Two` and `Nuc` of a matrix, `cond`) reject them with
//! [`Error::NonFinite`]. The norm of an empty vector is `0`, as in NumPy.

use crate::Float;
use crate::convert::{check_finite, check_nonempty, check_square, shape_of};
use crate::decompose::svdvals_checked;
use crate::error::{Error, Result};
use crate::systems::inv;
use ndarray::{ArrayBase, Axis, Data, Dimension, Ix1, Ix2};
use std::fmt;

/// The order of a norm: NumPy's `ord` argument.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NormOrd {
    /// `'fro'`: Frobenius, `sqrt(sum(A^2))`. Matrices only (NumPy's default for 2-D).
    Fro,
    /// `'nuc'`: nuclear, sum of singular values. Matrices only.
    Nuc,
    /// `1`: vectors `sum(abs(x))`; matrices the max column sum of `abs(A)`.
    One,
    /// `2`: vectors the Euclidean norm (NumPy's default for 1-D); matrices the largest
    /// singular value (spectral norm).
    Two,
    /// `inf`: vectors `max(abs(x))`; matrices the max row sum of `abs(A)`.
    Inf,
    /// `-1`: vectors `1 / sum(1 / abs(x))`; matrices the min column sum of `abs(A)`.
    NegOne,
    /// `-2`: vectors `sum(abs(x)^-2)^(-1/2)`; matrices the smallest singular value.
    NegTwo,
    /// `-inf`: vectors `min(abs(x))`; matrices the min row sum of `abs(A)`.
    NegInf,
    /// Any real `p`: vectors only, `sum(abs(x)^p)^(1/p)`; `P(0.0)` counts non-zeros.
    P(f64),
}

impl fmt::Display for NormOrd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NormOrd::Fro => write!(f, "'fro'"),
            NormOrd::Nuc => write!(f, "'nuc'"),
            NormOrd::One => write!(f, "1"),
            NormOrd::Two => write!(f, "2"),
            NormOrd::Inf => write!(f, "inf"),
            NormOrd::NegOne => write!(f, "-1"),
            NormOrd::NegTwo => write!(f, "-2"),
            NormOrd::NegInf => write!(f, "-inf"),
            NormOrd::P(p) => write!(f, "{p}"),
        }
    }
}

/// A vector norm (1-D input) or a matrix norm (2-D input): `np.linalg.norm(x, ord)`.
///
/// NumPy's defaults are `NormOrd::Two` for vectors and `NormOrd::Fro` for matrices. Cost
/// `O(n)` / `O(m n)`, except the matrix `Two`, `NegTwo` and `Nuc` norms, which need the
/// singular values (`O(m n min(m, n))`).
///
/// The Euclidean norm is computed as `sqrt(sum(x^2))` like NumPy: it overflows for entries
/// above `~1e154` (`f64`) / `~1e19` (`f32`); scale first if yours can be that large.
///
/// # Errors
/// [`Error::InvalidNorm`] (e.g. `Fro` of a vector, `P(3.0)` of a matrix),
/// [`Error::WrongNdim`] (not 1-D or 2-D), [`Error::Empty`] (a max/min or singular-value
/// norm of an empty matrix), [`Error::NonFinite`] (singular-value norms only).
pub fn norm<T, S, D>(x: &ArrayBase<S, D>, ord: NormOrd) -> Result<T>
where
    T: Float,
    S: Data<Elem = T>,
    D: Dimension,
{
    let v = x.view().into_dyn();
    match v.ndim() {
        1 => vector_norm(&v.into_dimensionality::<Ix1>().expect("1-D"), ord),
        2 => matrix_norm(&v.into_dimensionality::<Ix2>().expect("2-D"), ord),
        _ => Err(Error::WrongNdim {
            op: "norm",
            expected: "a 1-D or 2-D array",
            shape: shape_of(x),
        }),
    }
}

fn vector_norm<T: Float, S: Data<Elem = T>>(x: &ArrayBase<S, Ix1>, ord: NormOrd) -> Result<T> {
    let abs = x.iter().map(|v| v.abs());
    let sum = |it: &mut dyn Iterator<Item = T>| it.fold(T::zero(), |a, b| a + b);
    let p = match ord {
        NormOrd::One => return Ok(sum(&mut abs.into_iter())),
        NormOrd::Two => return Ok(sum(&mut x.iter().map(|&v| v * v)).sqrt()),
        NormOrd::Inf => {
            return Ok(abs.fold(T::zero(), |a, b| if b > a || b.is_nan() { b } else { a }));
        }
        NormOrd::NegInf => {
            return Ok(abs.fold(
                T::infinity(),
                |a, b| if b < a || b.is_nan() { b } else { a },
            ));
        }
        NormOrd::NegOne => -1.0,
        NormOrd::NegTwo => -2.0,
        NormOrd::P(p) => p,
        NormOrd::Fro | NormOrd::Nuc => {
            return Err(Error::InvalidNorm {
                ord: ord.to_string(),
                ndim: 1,
            });
        }
    };
    if p == 0.0 {
        return Ok(T::from_f64(
            x.iter().filter(|&&v| v != T::zero()).count() as f64
        ));
    }
    let p_t = T::from_f64(p);
    let s = sum(&mut x.iter().map(|v| v.abs().powf(p_t)));
    Ok(s.powf(T::one() / p_t))
}

fn matrix_norm<T: Float, S: Data<Elem = T>>(a: &ArrayBase<S, Ix2>, ord: NormOrd) -> Result<T> {
    let abs_sums = |axis: Axis| -> Result<Vec<T>> {
        check_nonempty("norm", a)?;
        Ok(a.map(|v| v.abs()).sum_axis(axis).to_vec())
    };
    let max = |v: Vec<T>| {
        v.into_iter().fold(
            T::neg_infinity(),
            |a, b| if b > a || b.is_nan() { b } else { a },
        )
    };
    let min = |v: Vec<T>| {
        v.into_iter().fold(
            T::infinity(),
            |a, b| if b < a || b.is_nan() { b } else { a },
        )
    };
    match ord {
        NormOrd::Fro => Ok(a.iter().fold(T::zero(), |acc, &v| acc + v * v).sqrt()),
        NormOrd::One => Ok(max(abs_sums(Axis(0))?)),
        NormOrd::NegOne => Ok(min(abs_sums(Axis(0))?)),
        NormOrd::Inf => Ok(max(abs_sums(Axis(1))?)),
        NormOrd::NegInf => Ok(min(abs_sums(Axis(1))?)),
        NormOrd::Two => Ok(svdvals_checked("norm", a)?[0]),
        NormOrd::NegTwo => {
            let s = svdvals_checked("norm", a)?;
            Ok(s[s.len() - 1])
        }
        NormOrd::Nuc => Ok(svdvals_checked("norm", a)?.sum()),
        NormOrd::P(_) => Err(Error::InvalidNorm {
            ord: ord.to_string(),
            ndim: 2,
        }),
    }
}

/// The condition number of a matrix in the given norm: `np.linalg.cond(A, p)`.
///
/// `NormOrd::Two` (NumPy's default, `p=None`) is `s_max / s_min` from the singular values
/// and works for any `(m, n)` matrix; `NegTwo` is its inverse. The other orders
/// (`Fro`, `Nuc`, `One`, `Inf`, `NegOne`, `NegInf`) compute `norm(A) * norm(inv(A))` and need
/// a square matrix. A singular matrix gives `inf` (not an error), as in NumPy. Cost
/// `O(m n min(m, n))` (SVD) or `O(n^3)` (inverse).
///
/// ```
/// use ndarray::{array, Array2};
/// use linalg::{cond, NormOrd};
/// assert!((cond(&array![[2.0f64, 0.0], [0.0, 0.5]], NormOrd::Two)? - 4.0).abs() < 1e-12);
/// // Hilbert matrix of order 6: cond ~ 1.5e7, about 7 digits lost in a solve.
/// let h = Array2::from_shape_fn((6, 6), |(i, j)| 1.0 / (i + j + 1) as f64);
/// let c: f64 = cond(&h, NormOrd::Two)?;
/// assert!((c / 1.495105864e7 - 1.0).abs() < 1e-6);
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::Empty`], [`Error::NonFinite`], [`Error::NotSquare`] (orders other than
/// `Two`/`NegTwo`), [`Error::InvalidNorm`] (`P`).
pub fn cond<T, S>(a: &ArrayBase<S, Ix2>, ord: NormOrd) -> Result<T>
where
    T: Float,
    S: Data<Elem = T>,
{
    const OP: &str = "cond";
    match ord {
        NormOrd::Two | NormOrd::NegTwo => {
            let s = svdvals_checked(OP, a)?;
            let (hi, lo) = (s[0], s[s.len() - 1]);
            let c = if ord == NormOrd::Two {
                hi / lo
            } else {
                lo / hi
            };
            Ok(if c.is_nan() { T::infinity() } else { c })
        }
        NormOrd::P(_) => Err(Error::InvalidNorm {
            ord: ord.to_string(),
            ndim: 2,
        }),
        _ => {
            check_square(OP, a)?;
            check_finite(OP, a)?;
            match inv(a) {
                Ok(ai) => Ok(matrix_norm(a, ord)? * matrix_norm(&ai, ord)?),
                Err(Error::Singular { .. }) => Ok(T::infinity()),
                Err(e) => Err(e),
            }
        }
    }
}
