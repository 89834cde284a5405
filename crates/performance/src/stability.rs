//! 6.6 Numerical stability: log-sum-exp, stable softmax/sigmoid, summation error, NaN hunting.
//!
//! | NumPy / SciPy | Rust | why it is stable |
//! |---|---|---|
//! | `scipy.special.logsumexp(x)` | [`log_sum_exp`] | subtracts `max(x)` first: no `exp` of a large number |
//! | `scipy.special.softmax(x, axis=1)` | [`softmax`] | `exp(x - max)`, then divide |
//! | `scipy.special.log_softmax(x, axis=1)` | [`log_softmax`] | `x - logsumexp(x)`, never `log(0)` |
//! | `scipy.special.expit(x)` | [`sigmoid`] | `exp(-|x|)` only: never overflows |
//! | `-np.logaddexp(0, -x)` | [`log_sigmoid`] | `min(x, 0) - log1p(exp(-|x|))` |
//! | `np.sum(x)` (pairwise) vs `functools.reduce(add, x)` | [`pairwise_sum`] vs [`naive_sum`] | error `O(log n)` instead of `O(n)` |
//! | `np.isfinite(x).all()`, `np.argwhere(~np.isfinite(x))[0]` | [`check_finite`] | reports the first position |
//! | `np.seterr(over='raise')` | [`exp_range_report`] | finds the inputs whose `exp` overflows or underflows |
//!
//! ## Why `softmax(x)` overflows and how to fix it
//! `exp(89f32)` is `inf` (the largest `f32` is `3.4e38 = exp(88.7)`), so the textbook
//! `exp(x) / sum(exp(x))` returns `nan` for a logit of 100. Since `softmax(x) =
//! softmax(x - c)` for any `c`, take `c = max(x)`: every exponent is then `<= 0`, the
//! largest term is exactly 1, and the sum is between 1 and `n`. In log space,
//! `logsumexp(x) = m + log(sum(exp(x - m)))` with `m = max(x)`. The tests check these at
//! `|x| = 1e4` and with `-inf` entries (a masked logit), where the naive forms give `nan`.
//!
//! ```
//! use ndarray::array;
//! use performance::stability::{log_sum_exp, sigmoid, log_sigmoid};
//! let x = array![1e4_f64, 1e4, -f64::INFINITY];
//! // naive: (x.exp().sum()).ln() = inf; stable: 1e4 + ln 2
//! assert!((log_sum_exp(&x) - (1e4 + 2f64.ln())).abs() < 1e-9);
//! assert_eq!(sigmoid(-1e4_f64), 0.0);
//! assert_eq!(log_sigmoid(-1e4_f64), -1e4);
//! ```
//!
//! ## Summation error: why NumPy sums pairwise
//! Adding `n` numbers one after another lets the rounding error grow like `n * eps`: once
//! the running sum of `1e8` values near `0.5` reaches `2^24 = 16.7M`, each `f32` addition
//! of `0.5` rounds away entirely and the naive sum gets stuck. NumPy's `np.add.reduce` sums
//! blocks of 128 elements with 8 accumulators and combines the blocks as a binary tree, so
//! the error grows like `log2(n) * eps`. [`pairwise_sum`] does the same. The example
//! `cargo run --release -p performance --example summation_error` measures both on `1e8`
//! `f32` values (an ignored test does too): see the chapter's table of results.

use ndarray::{Array, ArrayBase, Axis, Data, Dimension, IntoDimension, RemoveAxis, Zip};

use crate::Float;
use crate::error::{Error, Result};

/// `log(sum(exp(x)))` without overflow: `m + log(sum(exp(x - m)))` with `m = max(x)`.
///
/// Returns `-inf` for an empty input or when every entry is `-inf` (the log of a sum of
/// zeros), `+inf` if any entry is `+inf`, `nan` if any entry is `nan`. Cost: one pass for
/// the max, one for the sum, `n` exponentials.
pub fn log_sum_exp<F: Float, S: Data<Elem = F>, D: Dimension>(x: &ArrayBase<S, D>) -> F {
    let mut m = F::neg_infinity();
    for &v in x.iter() {
        if v.is_nan() {
            return v;
        }
        if v > m {
            m = v;
        }
    }
    if m.is_infinite() {
        // all -inf (or empty): -inf; any +inf: +inf
        return m;
    }
    let s = x.iter().fold(F::zero(), |acc, &v| acc + (v - m).exp());
    m + s.ln()
}

/// Stable `softmax` along `axis`: `exp(x - max) / sum(exp(x - max))`, each lane summing to 1.
///
/// A lane of all `-inf` (everything masked) has no defined softmax; it comes out `nan`,
/// as in NumPy/SciPy.
pub fn softmax<F: Float, S: Data<Elem = F>, D: RemoveAxis>(
    x: &ArrayBase<S, D>,
    axis: Axis,
) -> Array<F, D> {
    let mut out = x.to_owned();
    for mut lane in out.lanes_mut(axis) {
        let m = lane.fold(F::neg_infinity(), |a, &b| a.max(b));
        lane.mapv_inplace(|v| (v - m).exp());
        let s = lane.sum();
        lane.mapv_inplace(|v| v / s);
    }
    out
}

/// Stable `log_softmax` along `axis`: `x - logsumexp(x)`; finite wherever `x` is finite,
/// even where `softmax` underflows to 0 (its log would be `-inf`).
pub fn log_softmax<F: Float, S: Data<Elem = F>, D: RemoveAxis>(
    x: &ArrayBase<S, D>,
    axis: Axis,
) -> Array<F, D> {
    let mut out = x.to_owned();
    for mut lane in out.lanes_mut(axis) {
        let lse = log_sum_exp(&lane);
        lane.mapv_inplace(|v| v - lse);
    }
    out
}

/// The logistic function `1 / (1 + exp(-x))`, computed from `exp(-|x|)` so that it never
/// overflows: `1/(1+e)` for `x >= 0`, `e/(1+e)` for `x < 0`, `e = exp(-|x|)`.
#[inline]
pub fn sigmoid<F: Float>(x: F) -> F {
    let e = (-x.abs()).exp();
    if x >= F::zero() {
        F::one() / (F::one() + e)
    } else {
        e / (F::one() + e)
    }
}

/// `log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|))`: exact to rounding at `x = -1e4`
/// (where `log(sigmoid(x))` would be `log(0) = -inf`) and at `x = 1e4` (where it is `-0`).
#[inline]
pub fn log_sigmoid<F: Float>(x: F) -> F {
    x.min(F::zero()) - (-x.abs()).exp().ln_1p()
}

/// Sums `f32` values one after another in `f32`, the loop a beginner writes. Its error
/// grows like `n * eps * sum(|x|)`; kept to show why [`pairwise_sum`] exists.
pub fn naive_sum(x: &[f32]) -> f32 {
    let mut s = 0.0f32;
    for &v in x {
        s += v;
    }
    s
}

/// NumPy's pairwise summation for `f32` (`np.add.reduce`, `pairwise_sum` in
/// `numpy/_core/src/umath/loops_utils.h.src`): blocks of up to 128 elements are summed
/// with 8 accumulators, larger ranges are split in two halves (a multiple of 8) and the
/// halves summed recursively. Error `O(log2(n) * eps)`, speed of the naive loop (the 8
/// accumulators vectorise).
pub fn pairwise_sum(x: &[f32]) -> f32 {
    const BLOCK: usize = 128;
    let n = x.len();
    if n < 8 {
        let mut s = 0.0f32;
        for &v in x {
            s += v;
        }
        s
    } else if n <= BLOCK {
        let mut r = [0.0f32; 8];
        let whole = n - n % 8;
        for c in x[..whole].chunks_exact(8) {
            for j in 0..8 {
                r[j] += c[j];
            }
        }
        let mut s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &v in &x[whole..] {
            s += v;
        }
        s
    } else {
        let mut half = n / 2;
        half -= half % 8;
        pairwise_sum(&x[..half]) + pairwise_sum(&x[half..])
    }
}

/// Fails at the first `nan`/`inf` (in logical, row-major order) with its multi-index.
///
/// NumPy: `np.argwhere(~np.isfinite(x))[0]`.
///
/// ```
/// use ndarray::array;
/// let x = array![[1.0, 2.0], [f64::NAN, 4.0]];
/// let err = performance::stability::check_finite("fit", &x).unwrap_err();
/// assert_eq!(err.to_string(), "fit: non-finite value NaN at index [1, 0]");
/// ```
///
/// # Errors
/// [`Error::NonFinite`] with the position and the value.
pub fn check_finite<F: Float, S: Data<Elem = F>, D: Dimension>(
    op: &'static str,
    x: &ArrayBase<S, D>,
) -> Result<()> {
    for (idx, &v) in x.indexed_iter() {
        if !v.is_finite() {
            return Err(Error::NonFinite {
                op,
                index: idx.into_dimension().slice().to_vec(),
                value: v.to_f64(),
            });
        }
    }
    Ok(())
}

/// What [`exp_range_report`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpReport {
    /// How many entries have `exp(x) = inf` in this type (`x > ln(MAX)`, 88.72 for `f32`).
    pub overflows: usize,
    /// The first such entry's multi-index.
    pub first_overflow: Option<Vec<usize>>,
    /// How many entries have `exp(x)` below the smallest normal number (`x < ln(MIN_POSITIVE)`,
    /// -87.3 for `f32`): subnormal or zero, with lost relative precision.
    pub underflows: usize,
    /// The first such entry's multi-index.
    pub first_underflow: Option<Vec<usize>>,
}

/// Detects, before computing it, where `exp(x)` would overflow to `inf` or underflow below
/// the normal range: the check to run on logits when a naive softmax returns `nan`.
/// NumPy's nearest tool is `np.seterr(over='raise', under='raise')`, which stops at the
/// first event without saying where.
pub fn exp_range_report<F: Float, S: Data<Elem = F>, D: Dimension>(
    x: &ArrayBase<S, D>,
) -> ExpReport {
    let hi = F::max_value().ln();
    let lo = F::min_positive_value().ln();
    let mut r = ExpReport {
        overflows: 0,
        first_overflow: None,
        underflows: 0,
        first_underflow: None,
    };
    for (idx, &v) in x.indexed_iter() {
        let pos = || idx.clone().into_dimension().slice().to_vec();
        if v > hi {
            r.overflows += 1;
            r.first_overflow.get_or_insert_with(pos);
        } else if v < lo {
            r.underflows += 1;
            r.first_underflow.get_or_insert_with(pos);
        }
    }
    r
}

/// `true` where the elementwise results agree with finiteness: a helper for tests that a
/// stable kernel never produces `nan`/`inf` from finite input.
pub fn all_finite<F: Float, S: Data<Elem = F>, D: Dimension>(x: &ArrayBase<S, D>) -> bool {
    Zip::from(x).all(|v| v.is_finite())
}
