//! # The LAPACK backend (cargo feature `lapack`)
//!
//! The main functions again, computed by ndarray-linalg on the system OpenBLAS/LAPACK: the
//! same routines NumPy calls (`getrf`/`getrs` for `solve`, `gesdd` for `svd`, `syevd` for
//! `eigh`, `geev` for `eig`). Same signatures, same result types, same errors as the faer
//! functions at the crate root, so one can replace the other; the test suite
//! (`tests/chapter2/backends.rs`) checks that both agree.
//!
//! Needs the OpenBLAS development package at build time:
//!
//! ```text
//! apt-get install -y libopenblas-dev
//! cargo test -p linalg --features lapack
//! ```
//!
//! | faer (default) | LAPACK | LAPACK routine |
//! |---|---|---|
//! | [`crate::solve`] | [`solve`] | `?getrf` + `?getrs` |
//! | [`crate::inv`] | [`inv`] | `?getrf` + `?getri` |
//! | [`crate::det`], [`crate::slogdet`] | [`det`], [`slogdet`] | `?getrf` |
//! | [`crate::cholesky`] | [`cholesky`] | `?potrf` |
//! | [`crate::qr`] | [`qr`] | `?geqrf` + `?orgqr` |
//! | [`crate::svd`], [`crate::thin_svd`] | [`svd`], [`thin_svd`] | `?gesdd` |
//! | [`crate::eigh`] | [`eigh`] | `?syevd` |
//! | [`crate::eig`] | [`eig`] | `?geev` |
//! | [`crate::lstsq`] | [`lstsq`] | `?gelsd` |
//!
//! When to prefer it: to reproduce NumPy bit-for-bit-ish (same algorithms), or on a machine
//! with a tuned vendor BLAS (MKL, Accelerate). The default faer backend needs nothing
//! installed and is as fast or faster on the benchmarks of this chapter.

use crate::convert::{check_finite, check_matrix, check_square, shape_of};
use crate::decompose::{Eig, Eigh, Qr, Svd};
use crate::error::{Error, Result};
use crate::systems::{Lstsq, SlogDet};
use crate::{Complex, Float};
use ndarray::{Array, Array1, Array2, ArrayBase, Axis, Data, Dimension, Ix2};
use ndarray_linalg::{
    Cholesky, Determinant, Eig as _, Eigh as _, Inverse, JobSvd, Lapack, LeastSquaresSvd, QR,
    SVDDC, Scalar, Solve, UPLO,
};

/// An element type both backends handle: `f32` and `f64`.
pub trait LapackFloat: Float + Lapack + Scalar<Real = Self, Complex = Complex<Self>> {}
impl LapackFloat for f32 {}
impl LapackFloat for f64 {}

/// A standard-layout (row-major) copy, the layout ndarray-linalg expects.
fn owned<T: LapackFloat, S: Data<Elem = T>>(a: &ArrayBase<S, Ix2>) -> Array2<T> {
    a.as_standard_layout().into_owned()
}

/// `np.linalg.solve(A, b)` on LAPACK (`?getrf` + `?getrs`). See [`crate::solve`].
///
/// # Errors
/// As [`crate::solve`].
pub fn solve<T, S1, S2, D>(a: &ArrayBase<S1, Ix2>, b: &ArrayBase<S2, D>) -> Result<Array<T, D>>
where
    T: LapackFloat,
    S1: Data<Elem = T>,
    S2: Data<Elem = T>,
    D: Dimension,
{
    const OP: &str = "solve";
    let n = check_square(OP, a)?;
    let bd = b.view().into_dyn();
    let b2 = match bd.ndim() {
        1 => bd
            .insert_axis(Axis(1))
            .into_dimensionality::<Ix2>()
            .expect("2-D"),
        2 => bd.into_dimensionality::<Ix2>().expect("2-D"),
        _ => {
            return Err(Error::WrongNdim {
                op: OP,
                expected: "a 1-D or 2-D right-hand side",
                shape: shape_of(b),
            });
        }
    };
    if b2.nrows() != n {
        return Err(Error::NotAligned {
            op: OP,
            lhs: shape_of(a),
            rhs: shape_of(b),
            left: n,
            right: b2.nrows(),
        });
    }
    check_finite(OP, b)?;
    let f =
        ndarray_linalg::Factorize::factorize(&owned(a)).map_err(|_| Error::Singular { op: OP })?;
    let mut x = Array2::zeros(b2.dim());
    for (j, col) in b2.columns().into_iter().enumerate() {
        let xj = f
            .solve(&col.to_owned())
            .map_err(|_| Error::Singular { op: OP })?;
        x.column_mut(j).assign(&xj);
    }
    if !x.iter().all(|v| v.is_finite()) {
        return Err(Error::Singular { op: OP });
    }
    let x = if b.ndim() == 1 {
        x.index_axis_move(Axis(1), 0).into_dyn()
    } else {
        x.into_dyn()
    };
    Ok(x.into_dimensionality::<D>()
        .expect("same number of axes as b"))
}

/// `np.linalg.inv(A)` on LAPACK. See [`crate::inv`].
///
/// # Errors
/// As [`crate::inv`].
pub fn inv<T: LapackFloat, S: Data<Elem = T>>(a: &ArrayBase<S, Ix2>) -> Result<Array2<T>> {
    const OP: &str = "inv";
    check_square(OP, a)?;
    let out = owned(a).inv().map_err(|_| Error::Singular { op: OP })?;
    if !out.iter().all(|v| v.is_finite()) {
        return Err(Error::Singular { op: OP });
    }
    Ok(out)
}

/// `np.linalg.det(A)` on LAPACK. See [`crate::det`].
///
/// # Errors
/// As [`crate::det`].
pub fn det<T: LapackFloat, S: Data<Elem = T>>(a: &ArrayBase<S, Ix2>) -> Result<T> {
    check_square("det", a)?;
    // An exactly singular matrix: LAPACK reports a zero pivot; the determinant is 0.
    Ok(owned(a).det().unwrap_or_else(|_| T::zero()))
}

/// `np.linalg.slogdet(A)` on LAPACK. See [`crate::slogdet`].
///
/// # Errors
/// As [`crate::slogdet`].
pub fn slogdet<T: LapackFloat, S: Data<Elem = T>>(a: &ArrayBase<S, Ix2>) -> Result<SlogDet<T>> {
    check_square("slogdet", a)?;
    match owned(a).sln_det() {
        Ok((sign, logabsdet)) => Ok(SlogDet { sign, logabsdet }),
        // An exactly singular matrix: LAPACK reports a zero pivot.
        Err(_) => Ok(SlogDet {
            sign: T::zero(),
            logabsdet: T::neg_infinity(),
        }),
    }
}

/// `np.linalg.cholesky(A)` on LAPACK (`?potrf`). See [`crate::cholesky`].
///
/// # Errors
/// As [`crate::cholesky`].
pub fn cholesky<T: LapackFloat, S: Data<Elem = T>>(a: &ArrayBase<S, Ix2>) -> Result<Array2<T>> {
    const OP: &str = "cholesky";
    check_square(OP, a)?;
    owned(a)
        .cholesky(UPLO::Lower)
        .map_err(|_| Error::NotPositiveDefinite { op: OP })
}

/// `np.linalg.qr(A)` (reduced) on LAPACK. See [`crate::qr`].
///
/// # Errors
/// As [`crate::qr`].
pub fn qr<T: LapackFloat, S: Data<Elem = T>>(a: &ArrayBase<S, Ix2>) -> Result<Qr<T>> {
    check_matrix("qr", a)?;
    let (q, r) = owned(a)
        .qr()
        .map_err(|_| Error::NoConvergence { op: "qr" })?;
    Ok(Qr { q, r })
}

fn svd_impl<T: LapackFloat, S: Data<Elem = T>>(
    a: &ArrayBase<S, Ix2>,
    job: JobSvd,
) -> Result<Svd<T>> {
    const OP: &str = "svd";
    check_matrix(OP, a)?;
    let (u, s, vt) = owned(a)
        .svddc(job)
        .map_err(|_| Error::NoConvergence { op: OP })?;
    Ok(Svd {
        u: u.ok_or(Error::NoConvergence { op: OP })?,
        s,
        vh: vt.ok_or(Error::NoConvergence { op: OP })?,
    })
}

/// `np.linalg.svd(A)` (full) on LAPACK (`?gesdd`). See [`crate::svd`].
///
/// # Errors
/// As [`crate::svd`].
pub fn svd<T: LapackFloat, S: Data<Elem = T>>(a: &ArrayBase<S, Ix2>) -> Result<Svd<T>> {
    svd_impl(a, JobSvd::All)
}

/// `np.linalg.svd(A, full_matrices=False)` on LAPACK (`?gesdd`). See [`crate::thin_svd`].
///
/// # Errors
/// As [`crate::thin_svd`].
pub fn thin_svd<T: LapackFloat, S: Data<Elem = T>>(a: &ArrayBase<S, Ix2>) -> Result<Svd<T>> {
    svd_impl(a, JobSvd::Some)
}

/// `np.linalg.eigh(A)` on LAPACK (`?syevd`, lower triangle). See [`crate::eigh`].
///
/// # Errors
/// As [`crate::eigh`].
pub fn eigh<T: LapackFloat, S: Data<Elem = T>>(a: &ArrayBase<S, Ix2>) -> Result<Eigh<T>> {
    const OP: &str = "eigh";
    check_square(OP, a)?;
    let (eigenvalues, eigenvectors) = owned(a)
        .eigh(UPLO::Lower)
        .map_err(|_| Error::NoConvergence { op: OP })?;
    Ok(Eigh {
        eigenvalues,
        eigenvectors,
    })
}

/// `np.linalg.eig(A)` on LAPACK (`?geev`). See [`crate::eig`].
///
/// # Errors
/// As [`crate::eig`].
pub fn eig<T: LapackFloat, S: Data<Elem = T>>(a: &ArrayBase<S, Ix2>) -> Result<Eig<T>> {
    const OP: &str = "eig";
    check_square(OP, a)?;
    let (eigenvalues, eigenvectors) = owned(a)
        .eig()
        .map_err(|_| Error::NoConvergence { op: OP })?;
    Ok(Eig {
        eigenvalues,
        eigenvectors,
    })
}

/// `np.linalg.lstsq(A, b)` on LAPACK (`?gelsd`, LAPACK's default cut-off `rcond = eps`).
/// See [`crate::lstsq`].
///
/// # Errors
/// As [`crate::lstsq`].
pub fn lstsq<T, S1, S2>(a: &ArrayBase<S1, Ix2>, b: &ArrayBase<S2, Ix2>) -> Result<Lstsq<T, Ix2>>
where
    T: LapackFloat,
    S1: Data<Elem = T>,
    S2: Data<Elem = T>,
{
    const OP: &str = "lstsq";
    check_matrix(OP, a)?;
    if b.nrows() != a.nrows() {
        return Err(Error::NotAligned {
            op: OP,
            lhs: shape_of(a),
            rhs: shape_of(b),
            left: a.nrows(),
            right: b.nrows(),
        });
    }
    check_finite(OP, b)?;
    let r = owned(a)
        .least_squares(&b.as_standard_layout().into_owned())
        .map_err(|_| Error::NoConvergence { op: OP })?;
    let rank = usize::try_from(r.rank).unwrap_or(0);
    let (m, n) = a.dim();
    let residuals = match r.residual_sum_of_squares {
        Some(res) if rank == n && m > n => res,
        _ => Array1::zeros(0),
    };
    Ok(Lstsq {
        solution: r.solution,
        residuals,
        rank,
        singular_values: r.singular_values,
    })
}
