//! 6.5 Gradient computations: a reusable finite-difference gradient checker.
//!
//! Every backward pass written by hand (chapter 4's MLP, chapter 5's layers, this chapter's
//! activations) should be checked against the definition of the derivative. The central
//! difference
//!
//! `df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2h)`
//!
//! has truncation error `O(h^2)` (the forward difference has `O(h)`) and rounding error
//! about `eps * |f| / h`; in `f64` the two balance near `h = eps^(1/3) ~ 6e-6`, giving about
//! 10 correct digits. So a correct gradient shows a **relative error**
//! `|g - n| / max(|g|, |n|, floor)` around `1e-8` to `1e-10`; a wrong one (a missing factor,
//! a sign) shows `1e-1` to `1`. The `floor` keeps components that are exactly zero from
//! dividing by zero. Check in `f64` even when training in `f32`: `f32` differences have
//! only about 3 correct digits.
//!
//! | what you write in NumPy | Rust |
//! |---|---|
//! | a loop of `x[i] += h; fp = f(x); x[i] -= 2*h; fm = f(x); x[i] += h` | [`numerical_gradient`] |
//! | `np.abs(g - n) / np.maximum(np.abs(g), np.abs(n))` then `.max()` | [`check_gradient`] |
//! | the same for a scalar `f'` | [`check_derivative`] |
//!
//! ```
//! use ndarray::array;
//! use performance::gradcheck::{check_gradient, GradCheck};
//! // f(x) = sum(x^2) / 2 has gradient x
//! let x = array![[1.0, -2.0], [0.5, 3.0]];
//! let report = check_gradient(|x| x.mapv(|v| v * v).sum() / 2.0, &x, &x, 1e-5)?;
//! assert!(report.max_rel_error < 1e-8, "{report:?}");
//! // a wrong gradient (2x instead of x) is caught
//! let bad = check_gradient(|x| x.mapv(|v| v * v).sum() / 2.0, &x, &(2.0 * &x), 1e-5)?;
//! assert!(bad.max_rel_error > 0.3);
//! # Ok::<(), performance::Error>(())
//! ```
//! The checker is public so other chapters' tests can use it (add `performance` as a
//! dev-dependency of a later chapter; earlier chapters keep their own copies to respect
//! the chapter order).

use ndarray::{Array, ArrayBase, Data, Dimension, IntoDimension};

use crate::error::{Error, Result};

/// Components smaller than this are compared absolutely (relative error of `0` vs `1e-12`
/// would be 1).
pub const REL_FLOOR: f64 = 1e-8;

/// `df/dx` by central differences with step `h`, one pair of evaluations per component.
/// Cost: `2 * x.len()` calls of `f`.
///
/// # Errors
/// [`Error::InvalidParameter`] if `h` is not positive and finite, [`Error::Empty`] for an
/// empty `x`.
pub fn numerical_gradient<S, D>(
    f: impl Fn(&Array<f64, D>) -> f64,
    x: &ArrayBase<S, D>,
    h: f64,
) -> Result<Array<f64, D>>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    if !(h > 0.0 && h.is_finite()) {
        return Err(Error::param(
            "numerical_gradient",
            "h",
            h,
            "must be positive and finite",
        ));
    }
    if x.is_empty() {
        return Err(Error::Empty {
            op: "numerical_gradient",
            shape: x.shape().to_vec(),
        });
    }
    let mut xp = x.to_owned();
    let mut grad = Array::zeros(x.raw_dim());
    let indices: Vec<D::Pattern> = x.indexed_iter().map(|(i, _)| i).collect();
    for idx in indices {
        let d = idx.into_dimension();
        let orig = xp[d.clone()];
        xp[d.clone()] = orig + h;
        let fp = f(&xp);
        xp[d.clone()] = orig - h;
        let fm = f(&xp);
        xp[d.clone()] = orig;
        grad[d] = (fp - fm) / (2.0 * h);
    }
    Ok(grad)
}

/// The outcome of a gradient check.
#[derive(Debug, Clone, PartialEq)]
pub struct GradCheck {
    /// `max_i |g_i - n_i| / max(|g_i|, |n_i|, REL_FLOOR)`.
    pub max_rel_error: f64,
    /// The multi-index of the worst component.
    pub worst_index: Vec<usize>,
    /// The analytic value there.
    pub analytic: f64,
    /// The numerical value there.
    pub numerical: f64,
}

impl GradCheck {
    /// `max_rel_error <= tol`.
    pub fn passes(&self, tol: f64) -> bool {
        self.max_rel_error <= tol
    }
}

/// Relative error of one component, as used by [`check_gradient`].
pub fn relative_error(analytic: f64, numerical: f64) -> f64 {
    (analytic - numerical).abs() / analytic.abs().max(numerical.abs()).max(REL_FLOOR)
}

/// Compares an analytic gradient with central differences of `f` at `x`.
///
/// # Errors
/// [`Error::ShapeMismatch`] if `analytic` and `x` differ in shape; the errors of
/// [`numerical_gradient`]; [`Error::NonFinite`] if `f` or the gradient is not finite.
pub fn check_gradient<S1, S2, D>(
    f: impl Fn(&Array<f64, D>) -> f64,
    x: &ArrayBase<S1, D>,
    analytic: &ArrayBase<S2, D>,
    h: f64,
) -> Result<GradCheck>
where
    S1: Data<Elem = f64>,
    S2: Data<Elem = f64>,
    D: Dimension,
{
    if x.shape() != analytic.shape() {
        return Err(Error::ShapeMismatch {
            op: "check_gradient",
            left: x.shape().to_vec(),
            right: analytic.shape().to_vec(),
            reason: "the gradient must have the shape of x".into(),
        });
    }
    crate::stability::check_finite("check_gradient (analytic)", analytic)?;
    let num = numerical_gradient(f, x, h)?;
    crate::stability::check_finite("check_gradient (numerical)", &num)?;
    let mut worst = GradCheck {
        max_rel_error: -1.0,
        worst_index: vec![],
        analytic: 0.0,
        numerical: 0.0,
    };
    for ((idx, &a), &n) in analytic.indexed_iter().zip(num.iter()) {
        let e = relative_error(a, n);
        if e > worst.max_rel_error {
            worst = GradCheck {
                max_rel_error: e,
                worst_index: idx.into_dimension().slice().to_vec(),
                analytic: a,
                numerical: n,
            };
        }
    }
    Ok(worst)
}

/// Checks a scalar derivative `df` against central differences of `f` at each point of `xs`;
/// returns the worst relative error and where (`worst_index = [i]`).
///
/// # Errors
/// As [`check_gradient`].
pub fn check_derivative(
    f: impl Fn(f64) -> f64,
    df: impl Fn(f64) -> f64,
    xs: &[f64],
    h: f64,
) -> Result<GradCheck> {
    if !(h > 0.0 && h.is_finite()) {
        return Err(Error::param(
            "check_derivative",
            "h",
            h,
            "must be positive and finite",
        ));
    }
    if xs.is_empty() {
        return Err(Error::Empty {
            op: "check_derivative",
            shape: vec![0],
        });
    }
    let mut worst = GradCheck {
        max_rel_error: -1.0,
        worst_index: vec![],
        analytic: 0.0,
        numerical: 0.0,
    };
    for (i, &x) in xs.iter().enumerate() {
        let a = df(x);
        let n = (f(x + h) - f(x - h)) / (2.0 * h);
        if !a.is_finite() || !n.is_finite() {
            return Err(Error::NonFinite {
                op: "check_derivative",
                index: vec![i],
                value: if a.is_finite() { n } else { a },
            });
        }
        let e = relative_error(a, n);
        if e > worst.max_rel_error {
            worst = GradCheck {
                max_rel_error: e,
                worst_index: vec![i],
                analytic: a,
                numerical: n,
            };
        }
    }
    Ok(worst)
}
