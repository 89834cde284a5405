//! Compile-time helper: the `f32` and `f64` versions of the chapter's functions, built once
//! in this crate.
//!
//! The functions of this crate are generic, so each crate that calls them compiles faer's
//! generic LU, QR, SVD and eigen code again for its own call, and each test binary and
//! example is a crate. In dev builds (opt-level 0 and 1) rustc *shares generics*: a caller
//! reuses an instantiation an upstream crate already contains. Calling every function once
//! here, for both float types, puts those instantiations in `linalg`, so the tests and
//! examples of this and later chapters link to them instead of compiling them again.
//! Release builds do not share generics; there this module changes nothing (and nothing
//! calls it).

use ndarray::{Array1, Array2};

use crate::{Float, NormOrd};

fn all_of<T: Float>() {
    let a = Array2::<T>::eye(2);
    let b = Array1::<T>::ones(2);
    let _ = crate::solve(&a, &b);
    let _ = crate::solve(&a, &a);
    let _ = crate::solve(&a.view(), &b.view());
    let _ = crate::inv(&a);
    let _ = crate::det(&a);
    let _ = crate::slogdet(&a);
    let _ = crate::lstsq(&a, &b, None);
    let _ = crate::lstsq(&a.view(), &b.view(), None);
    let _ = crate::pinv(&a, None);
    let _ = crate::matrix_rank(&a, None);
    let _ = crate::cholesky(&a);
    let _ = crate::qr(&a);
    let _ = crate::svd(&a);
    let _ = crate::thin_svd(&a);
    let _ = crate::thin_svd(&a.view());
    let _ = crate::svdvals(&a);
    let _ = crate::eigh(&a);
    let _ = crate::eigh(&a.view());
    let _ = crate::eigvalsh(&a);
    let _ = crate::eig(&a);
    let _ = crate::norm(&a, NormOrd::Two);
    let _ = crate::cond(&a, NormOrd::Two);
    let _ = crate::matmul(&a, &a);
    let _ = crate::matmul(&a.view(), &a.view());
    let _ = crate::dot(&a, &b);
    let _ = crate::gram(&a);
}

/// Instantiates [`all_of`] for `f32` and `f64`. Never needs to be called: being a public,
/// non-generic function of the library is what makes rustc compile (and share) it.
#[doc(hidden)]
pub fn instantiate_f32_and_f64() {
    all_of::<f32>();
    all_of::<f64>();
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_instantiating_call_runs_without_panicking() {
        super::instantiate_f32_and_f64();
    }
}
