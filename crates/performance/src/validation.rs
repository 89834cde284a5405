//! 6.8 Testing habits: validation helpers, property tests, tolerances from the condition.
//!
//! ## Validate at the boundary, once
//! A library function that takes user data checks shapes, emptiness and finiteness at the
//! top and returns an [`Error`] naming what is wrong; the loops below can then
//! assume a valid input (and the compiler can drop bounds checks it proves redundant).
//! NumPy's `assert x.ndim == 2 and x.shape[1] == w.shape[0]` becomes [`expect_shape`]; its
//! `assert np.isfinite(x).all()` becomes [`check_finite`](crate::stability::check_finite),
//! which also says *where* the first bad value is. `x.dtype == np.float32` is a type in
//! Rust, checked by the compiler; only files carry a runtime dtype, and
//! [`expect_npy_dtype`] checks that one before mapping.
//!
//! ## Property tests for shape invariants
//! `tests/chapter6/properties.rs` uses [proptest](https://docs.rs/proptest) to draw random shapes
//! and values and check invariants that must hold for all of them: every variant of the
//! vectorised kernels agrees with the naive loop, softmax rows sum to one, streaming
//! statistics equal the in-memory ones for every chunk size, outputs have the input's shape.
//! Proptest shrinks a failure to a minimal case (a `(1, 2)` matrix, a chunk of one row).
//!
//! ## Tolerances from the condition of the problem
//! A tolerance is not a magic `1e-6`. For a sum of `n` terms in floating point the forward
//! error bound is about `n * eps * sum(|x_i|)` (naive order) or `log2(n) * eps * sum(|x_i|)`
//! (pairwise order), so a test of a sum uses [`sum_tolerance`]. For a product `A @ B` the
//! bound per element is `k * eps * (|A| @ |B|)`. For a finite-difference derivative the
//! error is `O(h^2)` truncation plus `O(eps/h)` rounding: with `h = 1e-5` in `f64`, a
//! relative error below `1e-6` is the right expectation (see [`gradcheck`](crate::gradcheck)).
//!
//! ```
//! use performance::validation::{expect_shape, sum_tolerance};
//! let x = ndarray::Array2::<f32>::zeros((3, 4));
//! assert!(expect_shape("demo", x.shape(), &[None, Some(4)]).is_ok());
//! let err = expect_shape("demo", x.shape(), &[None, Some(5)]).unwrap_err();
//! assert_eq!(err.to_string(), "demo: shapes (3, 4) and (_, 5) are incompatible: axis 1 is 4, expected 5");
//! // 1e6 values of size <= 1, summed naively in f32: error up to about 1e6 * 6e-8 * 1e6
//! assert!(sum_tolerance(1_000_000, 1e6, f32::EPSILON as f64, false) > 1e4);
//! ```

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// Checks `shape` against a pattern: `Some(n)` requires that axis to be `n`, `None` accepts
/// any length. The number of axes must match.
///
/// # Errors
/// [`Error::ShapeMismatch`] naming the first axis that differs (the pattern is printed with
/// `_` for free axes, reported as a shape of `usize::MAX`).
pub fn expect_shape(op: &'static str, shape: &[usize], pattern: &[Option<usize>]) -> Result<()> {
    let reason = if shape.len() != pattern.len() {
        Some(format!("{} axes, expected {}", shape.len(), pattern.len()))
    } else {
        shape
            .iter()
            .zip(pattern)
            .enumerate()
            .find_map(|(axis, (&n, p))| match p {
                Some(m) if *m != n => Some(format!("axis {axis} is {n}, expected {m}")),
                _ => None,
            })
    };
    match reason {
        None => Ok(()),
        Some(reason) => Err(Error::ShapeMismatch {
            op,
            left: shape.to_vec(),
            right: pattern.iter().map(|p| p.unwrap_or(usize::MAX)).collect(),
            reason,
        }),
    }
}

/// Fails with [`Error::Empty`] when `shape` has no elements.
pub fn expect_non_empty(op: &'static str, shape: &[usize]) -> Result<()> {
    if shape.iter().product::<usize>() == 0 {
        return Err(Error::Empty {
            op,
            shape: shape.to_vec(),
        });
    }
    Ok(())
}

/// The dtype string (`"<f4"`, `"<f8"`, `"|u1"`, ...) in an `.npy` header, read from the
/// first bytes of the file without loading it.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read, [`Error::Npy`] if it has no `.npy` header.
pub fn npy_dtype(path: &Path) -> Result<String> {
    let mut head = vec![0u8; 512];
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let n = f.read(&mut head).map_err(|e| Error::io(path, e))?;
    head.truncate(n);
    if !head.starts_with(b"\x93NUMPY") {
        return Err(Error::npy(path, "missing the \\x93NUMPY magic string"));
    }
    let text = String::from_utf8_lossy(&head);
    let key = "'descr': '";
    let start = text
        .find(key)
        .ok_or_else(|| Error::npy(path, "header has no 'descr'"))?
        + key.len();
    let end = text[start..]
        .find('\'')
        .ok_or_else(|| Error::npy(path, "unterminated 'descr'"))?;
    Ok(text[start..start + end].to_string())
}

/// Checks that an `.npy` file holds `expected` (`"<f4"` for little-endian `f32`).
///
/// # Errors
/// [`Error::WrongType`] naming the file and both dtypes, or the errors of [`npy_dtype`].
pub fn expect_npy_dtype(path: &Path, expected: &str) -> Result<()> {
    let found = npy_dtype(path)?;
    if found != expected {
        return Err(Error::WrongType {
            op: path.display().to_string(),
            expected: format!("dtype {expected}"),
            found: format!("dtype {found}"),
        });
    }
    Ok(())
}

/// A forward-error tolerance for a floating-point sum of `n` terms with `sum(|x_i|) =
/// abs_sum` at unit roundoff `eps`: `n * eps * abs_sum` for the naive order, `(log2(n) + 1)
/// * eps * abs_sum` for the pairwise order (Higham, *Accuracy and Stability*, 4.2).
pub fn sum_tolerance(n: usize, abs_sum: f64, eps: f64, pairwise: bool) -> f64 {
    let depth = if pairwise {
        (n.max(1) as f64).log2().ceil() + 1.0
    } else {
        n as f64
    };
    depth * eps * abs_sum
}
