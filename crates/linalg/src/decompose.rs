//! # 2.3 Factorisations: `cholesky`, `qr`, `svd`, `eigh`, `eig`
//!
//! | NumPy | Rust (this crate) | formula | cost (`n x n`, `m x n`, `m >= n`) |
//! |---|---|---|---|
//! | `L = np.linalg.cholesky(A)` | [`cholesky(&a)?`](cholesky) | `A = L L^T`, `A` SPD | `n^3 / 3` |
//! | `Q, R = np.linalg.qr(A)` | [`let Qr { q, r } = qr(&a)?`](qr) | `A = Q R`, `Q^T Q = I` | `2 m n^2 - 2/3 n^3` |
//! | `np.linalg.qr(A, mode="complete")` | [`qr_complete(&a)?`](qr_complete) | `Q` is `(m, m)` | `4 m^2 n - ...` |
//! | `U, S, Vh = np.linalg.svd(A)` | [`let Svd { u, s, vh } = svd(&a)?`](svd) | `A = U diag(S) Vh` | `O(m^2 n)` (full `U`) |
//! | `np.linalg.svd(A, full_matrices=False)` | [`thin_svd(&a)?`](thin_svd) | `U: (m, k)`, `Vh: (k, n)` | `O(m n^2)` |
//! | `np.linalg.svd(A, compute_uv=False)`, `np.linalg.svdvals(A)` | [`svdvals(&a)?`](svdvals) | `S` only | `O(m n^2)`, smaller constant |
//! | `w, V = np.linalg.eigh(A)` | [`let Eigh { eigenvalues, eigenvectors } = eigh(&a)?`](eigh) | `A = V diag(w) V^T`, `w` ascending | `~9 n^3` (with vectors) |
//! | `np.linalg.eigvalsh(A)` | [`eigvalsh(&a)?`](eigvalsh) | `w` only | `~4/3 n^3` |
//! | `w, V = np.linalg.eig(A)` | [`let Eig { eigenvalues, eigenvectors } = eig(&a)?`](eig) | `A V = V diag(w)`, complex | `~25 n^3` |
//! | `np.linalg.eigvals(A)` | [`eigvals(&a)?`](eigvals) | `w` only | `~10 n^3` |
//!
//! ```
//! use ndarray::array;
//! use linalg::{eigh, Eigh, svd, Svd};
//!
//! // A symmetric matrix: real eigenvalues, ascending, orthonormal eigenvectors.
//! let a = array![[2.0, 1.0], [1.0, 2.0]];
//! let Eigh { eigenvalues, eigenvectors } = eigh(&a)?;
//! assert!(eigenvalues.abs_diff_eq(&array![1.0, 3.0], 1e-12));
//! // A v = λ v for every column.
//! let av = linalg::matmul(&a, &eigenvectors)?;
//! assert!(av.abs_diff_eq(&(&eigenvectors * &eigenvalues), 1e-12));
//!
//! // SVD: U diag(S) Vh == A, singular values descending.
//! let b = array![[3.0, 0.0], [4.0, 5.0]];
//! let Svd { u, s, vh } = svd(&b)?;
//! let back = linalg::matmul(&(&u * &s), &vh)?;         // (U * S) scales U's columns
//! assert!(back.abs_diff_eq(&b, 1e-12));
//! assert!(s[0] >= s[1]);
//! # Ok::<(), linalg::Error>(())
//! ```
//!
//! ## Which factorisation for which job
//! - **Cholesky** for symmetric positive definite matrices (covariances, kernels, `X^T X +
//!   λ I`): the cheapest solver (half of LU), no pivoting needed, and failure *is* the test
//!   for positive definiteness. Sampling from `N(μ, Σ)`: `μ + L z`.
//! - **QR** for least squares when `A` has full column rank and is not too ill-conditioned:
//!   `R x = Q^T b`; error `~ cond(A) eps` like SVD, at about half its cost. Also
//!   orthonormalising a basis (Gram-Schmidt done stably).
//! - **SVD** for rank, low-rank approximation (truncate to `k` terms: the best rank-`k`
//!   approximation, Eckart-Young), PCA, pseudo-inverse, 2-norm and condition number.
//!   The most robust and the most expensive.
//! - **eigh** for symmetric matrices (covariance, Hessian, graph Laplacian). Never use
//!   `eig` on a symmetric matrix: `eig` is slower, can return tiny imaginary parts and does
//!   not give orthogonal eigenvectors.
//! - **eig** for non-symmetric matrices (Markov chains, linear dynamics): complex output.
//!
//! ## Signs and uniqueness
//! Eigenvectors and singular vectors are defined up to sign (a phase for complex ones):
//! faer and LAPACK may return `-v` where the other returns `v`. Compare subspaces or
//! products (`U diag(S) Vh`), never raw vectors; fix a sign convention yourself when you
//! need one (e.g. make the largest-magnitude entry of each component positive, as
//! scikit-learn's PCA does).
//!
//! ## Stability
//! All of these are backward stable (Householder reflections, Jacobi/QR iterations).
//! Eigenvalues of a symmetric matrix are perfectly conditioned (`|Δλ| <= ||ΔA||_2`);
//! eigen*vectors* are not when eigenvalues are close (their error scales with
//! `1 / gap`). Eigenvalues of a non-normal matrix can be very sensitive.
//!
//! Scale should not matter: `svd(cA)` has singular values `c s`, `eigh(cA)` eigenvalues
//! `c w`. In floating point it only holds if the code guards against overflow and
//! underflow. Like LAPACK, the SVD and eigen functions here multiply `A` by a `sigma`
//! bringing `max|A|` into `[sqrt(safmin/eps), sqrt(eps/safmin)]` (about `1e-146` to
//! `1e146` for `f64`) and divide the values by it afterwards. The tests check every one of
//! them from `1e-300 A` to `1e300 A`: without the scaling some returned wrong values
//! silently.
//!
//! ## Inside `eigh`: what LAPACK's `syevd` does, and this crate too
//! A dense symmetric eigenproblem is solved in three steps, each a classic of numerical
//! linear algebra:
//!
//! 1. **Tridiagonalisation.** Reflections `H_i = I - v v^T / tau` zero column `i` below
//!    the subdiagonal, on both sides: `A = Q T Q^T` with `T` tridiagonal and
//!    `Q = H_1 ... H_{n-1}`. `4/3 n^3` flops. Blocked (LAPACK's `sytrd`), half of them are
//!    matrix-vector products `A_22 v`, which read the trailing matrix once per column: this
//!    step is limited by memory bandwidth, not arithmetic.
//! 2. **Divide and conquer** on `T` (Cuppen's method, `stedc`). Tear `T` in two with a rank-one
//!    change, `T = diag(T_1, T_2) + rho z z^T`, solve the halves (in parallel), and merge:
//!    the eigenvalues of `D + rho z z^T` (`D` the halves' eigenvalues) are the roots of the
//!    *secular equation*
//!
//!    $$ f(\lambda) = \frac{1}{\rho} + \sum_i \frac{z_i^2}{d_i - \lambda} = 0, $$
//!
//!    one between each pair of consecutive `d_i`, found by a safeguarded rational iteration.
//!    The eigenvector for root `lambda_j` is `(D - lambda_j I)^{-1} z`, normalised. That
//!    formula is only orthogonal to working precision if `z` is recomputed from the roots
//!    (Gu and Eisenstat's use of Löwner's theorem). Tiny `z_i` and equal `d_i` *deflate*:
//!    their eigenpairs are known without solving. The eigenvectors of `T` are then a matrix
//!    product, `diag(W_1, W_2) V`: about `4/3 n^3` flops when little deflates, and `O(n^2)`
//!    for the roots.
//! 3. **Back-transformation**: `V = Q W`, the reflections applied in blocks (`2 n^3` flops,
//!    matrix products).
//!
//! Without eigenvectors ([`eigvalsh`]) only step 1 costs `O(n^3)`, and step 2 is the
//! root-free QL/QR iteration of Pal, Walker and Kahan (LAPACK's `sterf`), which needs no
//! square roots because it works on the squared off-diagonal. Steps 1 and 2 are this
//! crate's own code for `n > 50` (for [`eigvalsh`], from `n = 3`; the rest is faer),
//! written so that the loops that are
//! not matrix products use AVX2 and both cores; that made `eigh` of a `784 x 784` matrix
//! faster than NumPy's, or level with it, on this course's machines (BENCHMARKS.md, *Speed*
//! in the crate docs).

use crate::Float;
use crate::alloc;
use crate::convert::{as_faer, check_matrix, check_square, to_array1, to_array2};
use crate::error::{Error, Result};
use crate::{tridiag, tridiag_evd, tridiag_values};
use faer::Side;
use faer::complex::Complex;
use faer::dyn_stack::MemStack;
use faer_ext::{IntoFaer, IntoNdarray};
use ndarray::{Array1, Array2, ArrayBase, ArrayView2, Data, Ix2, ShapeBuilder};

/// The result of [`svd`] and [`thin_svd`]: `A = U diag(S) Vh`.
#[derive(Debug, Clone, PartialEq)]
pub struct Svd<T> {
    /// Left singular vectors, orthonormal columns: `(m, m)` from [`svd`], `(m, k)` from
    /// [`thin_svd`], `k = min(m, n)`.
    pub u: Array2<T>,
    /// Singular values, non-negative, descending, length `k = min(m, n)`.
    pub s: Array1<T>,
    /// Right singular vectors as rows (`V^T`, NumPy's `Vh`): `(n, n)` from [`svd`],
    /// `(k, n)` from [`thin_svd`].
    pub vh: Array2<T>,
}

/// The result of [`qr`] and [`qr_complete`]: `A = Q R`.
#[derive(Debug, Clone, PartialEq)]
pub struct Qr<T> {
    /// Orthonormal columns: `(m, k)` reduced, `(m, m)` complete.
    pub q: Array2<T>,
    /// Upper triangular (trapezoidal): `(k, n)` reduced, `(m, n)` complete.
    pub r: Array2<T>,
}

/// The result of [`eigh`]: `A = V diag(w) V^T`.
#[derive(Debug, Clone, PartialEq)]
pub struct Eigh<T> {
    /// Eigenvalues `w`, ascending (NumPy's order).
    pub eigenvalues: Array1<T>,
    /// Orthonormal eigenvectors as columns: `eigenvectors.column(i)` goes with
    /// `eigenvalues[i]`. Large results are in Fortran (column-major) order, as LAPACK's and
    /// NumPy's are, so that each eigenvector is contiguous.
    pub eigenvectors: Array2<T>,
}

/// The result of [`eig`]: `A V = V diag(w)`, complex in general.
#[derive(Debug, Clone, PartialEq)]
pub struct Eig<T> {
    /// Eigenvalues, complex; complex ones come in conjugate pairs. Not sorted (NumPy does not
    /// sort them either).
    pub eigenvalues: Array1<Complex<T>>,
    /// Eigenvectors as columns, each of unit 2-norm: `eigenvectors.column(i)` goes with
    /// `eigenvalues[i]`. Not orthogonal in general.
    pub eigenvectors: Array2<Complex<T>>,
}

/// The Cholesky factor `L` (lower triangular, positive diagonal) with `A = L L^T`:
/// `np.linalg.cholesky(A)`.
///
/// Only the lower triangle of `A` is read (as in NumPy); symmetry is assumed, not checked.
/// Cost `n^3 / 3` flops, half of LU; stable without pivoting for SPD matrices.
///
/// ```
/// use ndarray::array;
/// let a = array![[4.0, 2.0], [2.0, 3.0]];
/// let l = linalg::cholesky(&a)?;
/// assert!(linalg::matmul(&l, &l.t())?.abs_diff_eq(&a, 1e-12));
/// assert_eq!(l[[0, 1]], 0.0);
///
/// // Not positive definite (eigenvalues 3 and -1): an error, the standard SPD test.
/// assert!(linalg::cholesky(&array![[1.0, 2.0], [2.0, 1.0]]).is_err());
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::NotPositiveDefinite`], [`Error::NotSquare`], [`Error::Empty`],
/// [`Error::NonFinite`].
pub fn cholesky<T, S>(a: &ArrayBase<S, Ix2>) -> Result<Array2<T>>
where
    T: Float,
    S: Data<Elem = T>,
{
    use faer::dyn_stack::MemBuffer;
    use faer::linalg::cholesky::llt::factor::{cholesky_in_place, cholesky_in_place_scratch};
    const OP: &str = "cholesky";
    let n = check_square(OP, a)?;
    let par = crate::parallel::factor_parallelism(n);
    // The lower triangle into a column-major matrix, factored in place.
    let mut l: Array2<T> = Array2::zeros((n, n).f());
    l.view_mut()
        .into_faer()
        .copy_from_triangular_lower(as_faer(a.view()));
    let mut mem = MemBuffer::new(cholesky_in_place_scratch::<T>(n, par, Default::default()));
    cholesky_in_place(
        l.view_mut().into_faer(),
        Default::default(),
        par,
        MemStack::new(&mut mem),
        Default::default(),
    )
    .map_err(|_| Error::NotPositiveDefinite { op: OP })?;
    // The factorisation uses the strict upper triangle as workspace (as faer's `Llt` does).
    for j in 1..n {
        l.slice_mut(ndarray::s![..j, j]).fill(T::zero());
    }
    Ok(to_array2(as_faer(l.view())))
}

/// Reduced QR: `A = Q R` with `Q: (m, k)` orthonormal columns and `R: (k, n)` upper
/// triangular, `k = min(m, n)`: `np.linalg.qr(A)` (mode `"reduced"`).
///
/// Method: Householder reflections (blocked). Cost `2 m n^2 - 2/3 n^3` flops for `R`, about
/// as much again to form `Q`. Backward stable: `Q` is orthogonal to working precision even
/// for ill-conditioned `A` (unlike classical Gram-Schmidt). The signs of `R`'s diagonal are
/// not normalised; they are LAPACK's (`R[j, j]` has the opposite sign of the column's head
/// when it is reflected), as NumPy's are.
///
/// For `m >= n >= 32` (on x86-64 with AVX2 and FMA) the QR is the one [`thin_svd`] starts
/// with (the `householder` module): panels of 128 columns, factored recursively, their
/// updates as products on this crate's GEMM, and reflections whose norms are plain sums of
/// squares. `Q` is then formed as LAPACK's `orgqr` forms it, the panels applied to `[I; 0]`
/// from the last to the first, each only to the block it changes. Smaller and wide matrices
/// go to faer's QR. Medians of 7 calls, 100 ms apart, on the course machine (two cores;
/// ranges over three alternated runs where given):
///
/// | `A` | this crate | faer's QR | NumPy |
/// |---|---:|---:|---:|
/// | `10000 x 784` | 0.58 s | 0.86 s | 1.17 s |
/// | `2000 x 500` | 63-68 ms | 91 ms | 84-92 ms |
/// | `784 x 784` | 49-57 ms | 68 ms | 56-58 ms |
/// | `1000 x 64` | 3.9-6.4 ms | 7.5 ms | 5.9-6.0 ms |
///
/// ```
/// use ndarray::{array, Array2};
/// let a = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
/// let linalg::Qr { q, r } = linalg::qr(&a)?;
/// assert_eq!((q.dim(), r.dim()), ((3, 2), (2, 2)));
/// assert!(linalg::matmul(&q, &r)?.abs_diff_eq(&a, 1e-12));
/// assert!(linalg::matmul(&q.t(), &q)?.abs_diff_eq(&Array2::eye(2), 1e-12));
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::Empty`], [`Error::NonFinite`].
pub fn qr<T, S>(a: &ArrayBase<S, Ix2>) -> Result<Qr<T>>
where
    T: Float,
    S: Data<Elem = T>,
{
    check_matrix("qr", a)?;
    let (m, n) = a.dim();
    if m >= n && n >= QR_BLOCKED_MIN && crate::gemm::available() {
        return Ok(blocked_qr(a.view()));
    }
    let f = as_faer(a.view()).qr();
    Ok(Qr {
        q: to_array2(f.compute_thin_Q().as_ref()),
        r: to_array2(f.thin_R()),
    })
}

/// Below this many columns, [`qr`] runs faer's QR (at `5000 x 48` the two were level).
const QR_BLOCKED_MIN: usize = 32;

/// The thin QR of a tall `a` (`m >= n`) on [`crate::householder`]: `R` from the
/// factorisation, then `Q` formed panel by panel (`orgqr`).
fn blocked_qr<T: Float>(a: ArrayView2<'_, T>) -> Qr<T> {
    let n = a.ncols();
    let h = crate::householder::qr(a);
    let mut r: Array2<T> = Array2::zeros((n, n));
    r.assign(&h.r());
    Qr { q: h.form_q(n), r }
}

/// Complete QR: `Q: (m, m)` orthogonal, `R: (m, n)`: `np.linalg.qr(A, mode="complete")`.
///
/// The extra `m - k` columns of `Q` span the orthogonal complement of `A`'s column space
/// (for `m > n`, the space of least-squares residuals). Cost: forming the full `Q` is
/// `O(m^2 n)`; prefer [`qr`] unless you need the complement. Tall and square matrices with
/// 32 columns or more take [`qr`]'s blocked path, with all `m` columns of `Q` formed the
/// way `orgqr` forms them.
///
/// # Errors
/// [`Error::Empty`], [`Error::NonFinite`].
pub fn qr_complete<T, S>(a: &ArrayBase<S, Ix2>) -> Result<Qr<T>>
where
    T: Float,
    S: Data<Elem = T>,
{
    check_matrix("qr", a)?;
    let (m, n) = a.dim();
    if m >= n && n >= QR_BLOCKED_MIN && crate::gemm::available() {
        let h = crate::householder::qr(a.view());
        let mut r: Array2<T> = Array2::zeros((m, n));
        r.slice_mut(ndarray::s![..n, ..]).assign(&h.r());
        return Ok(Qr { q: h.form_q(m), r });
    }
    let f = as_faer(a.view()).qr();
    // R is (m, n): faer stores the min(m, n) non-zero rows; the rest are zeros.
    let mut r = Array2::zeros(a.dim());
    let r_top = to_array2(f.R());
    r.slice_mut(ndarray::s![..r_top.nrows(), ..]).assign(&r_top);
    Ok(Qr {
        q: to_array2(f.compute_Q().as_ref()),
        r,
    })
}

fn svd_error(op: &'static str) -> impl Fn(faer::linalg::svd::SvdError) -> Error {
    move |_| Error::NoConvergence { op }
}

/// Thin SVD, shared with `lstsq`/`pinv`/PCA; inputs already checked.
///
/// Tall inputs (`m >= 2 n`, `n >= 128`) take the QR-first path with the QR and the product
/// by `Q` on this crate's blocked GEMM ([`crate::householder`]), wide ones (`n >= 2 m`) the
/// same path on `A^T`; the rest go to faer's `svd` whole.
///
/// faer's high-level `thin_svd` allocates its workspace (a copy of `A` for the QR step, among
/// others) and `U` itself: for a `(10000, 784)` input that is 125 MB of fresh 4 KiB pages,
/// faulted while the decomposition runs. Here the workspace and the factors come from
/// [`alloc`], with the huge-page advice NumPy gives its arrays.
pub(crate) fn thin_svd_faer<T: Float>(op: &'static str, a: ArrayView2<'_, T>) -> Result<Svd<T>> {
    let (scaled, sigma) = into_safe_range(a);
    let a = match &scaled {
        Some(scaled) => scaled.view(),
        None => a.view(),
    };
    let (m, n) = a.dim();
    let unscale = |s: faer::Col<T>| to_array1(s.iter().map(|&x| x / sigma));
    let blocked = crate::gemm::available();
    if m >= 2 * n && n >= 128 && blocked {
        // NumPy returns C-order factors: `U` is computed in C order, and `V^T` of an
        // F-order `V` is C-order already.
        let (u, v, s) = tall_svd(op, a, true)?;
        return Ok(Svd {
            u,
            s: unscale(s),
            vh: v.reversed_axes(),
        });
    }
    if n >= 2 * m && m >= 128 && blocked {
        // A^T = U' diag(s) V'^T, so A = V' diag(s) U'^T.
        // `U'` in F order, so that `Vh = U'^T` is in C order.
        let (u_t, v_t, s) = tall_svd(op, a.t(), false)?;
        return Ok(Svd {
            u: to_array2(as_faer(v_t.view())),
            s: unscale(s),
            vh: u_t.reversed_axes(),
        });
    }
    if m >= n && n >= BIDIAG_SVD_MIN && blocked {
        let (u, v, s) = bidiag_svd(op, a, true)?;
        return Ok(Svd {
            u,
            s: unscale(s),
            vh: v.reversed_axes(),
        });
    }
    if n > m && m >= BIDIAG_SVD_MIN && blocked {
        let (u_t, v_t, s) = bidiag_svd(op, a.t(), false)?;
        return Ok(Svd {
            u: to_array2(as_faer(v_t.view())),
            s: unscale(s),
            vh: u_t.reversed_axes(),
        });
    }
    let k = m.min(n);
    // Column-major factors, the layout faer writes best: `(m, k)` and `(n, k)` in F order.
    let mut u: Array2<T> = alloc::zeros((m, k).f());
    let mut v: Array2<T> = alloc::zeros((n, k).f());
    let mut s = faer::Col::<T>::zeros(k);
    faer_svd(op, a, Some(u.view_mut()), Some(v.view_mut()), &mut s)?;
    Ok(Svd {
        u: to_array2(as_faer(u.view())),
        s: unscale(s),
        vh: v.reversed_axes(),
    })
}

/// The thin SVD of a tall `a` (`m >= n`) by the QR-first path: `A = Q R`,
/// `R = U_R diag(s) V^T`, `U = Q [U_R; 0]`. Returns `U` (`m x n`, in C order when `u_c_order`,
/// else F order), `V` (`n x n`, F order) and `s`.
///
/// `U` is written once, in the order the caller returns it: a `(10000, 784)` `U` is 63 MB,
/// and a copy from one order to the other costs a pass over fresh memory.
fn tall_svd<T: Float>(
    op: &'static str,
    a: ArrayView2<'_, T>,
    u_c_order: bool,
) -> Result<(Array2<T>, Array2<T>, faer::Col<T>)> {
    let (m, n) = a.dim();
    let h = crate::householder::qr(a);
    let r = h.r();
    let (u_r, v, s) = if n >= BIDIAG_SVD_MIN {
        bidiag_svd(op, r.view(), false)?
    } else {
        let mut u_r: Array2<T> = alloc::zeros((n, n).f());
        let mut v: Array2<T> = alloc::zeros((n, n).f());
        let mut s = faer::Col::<T>::zeros(n);
        faer_svd(
            op,
            r.view(),
            Some(u_r.view_mut()),
            Some(v.view_mut()),
            &mut s,
        )?;
        (u_r, v, s)
    };
    let mut u: Array2<T> = alloc::zeros((m, n).set_f(!u_c_order));
    u.slice_mut(ndarray::s![..n, ..]).assign(&u_r);
    h.apply_q_to_top(u.view_mut());
    Ok((u, v, s))
}

/// The thin SVD of `a` (`m >= n`) through this crate's bidiagonal reduction, as LAPACK's
/// `gesdd` does it: `A = Q B P^T` ([`crate::bidiag`]), `B = U_B diag(s) V_B^T` by divide and
/// conquer, `U = Q [U_B; 0]`, `V = P V_B`. Returns `U` (`m x n`, in C order when `u_c_order`,
/// else F order), `V` (`n x n`, F order) and `s`.
pub(crate) fn bidiag_svd<T: Float>(
    op: &'static str,
    a: ArrayView2<'_, T>,
    u_c_order: bool,
) -> Result<(Array2<T>, Array2<T>, faer::Col<T>)> {
    let (m, n) = a.dim();
    let mut reduced: Array2<T> = alloc::zeros((m, n).f());
    reduced.assign(&a);
    let par = crate::parallel::parallelism_from(n, crate::bidiag::PAR_MIN);
    let b = crate::bidiag::bidiagonalize(reduced.view_mut().into_faer(), par);
    let mut u_b = faer::Mat::<T>::zeros(n, n);
    let mut v_b = faer::Mat::<T>::zeros(n, n);
    let mut s = b.diag.clone();
    // The divide and conquer forks once per merge, not per step: on the pool from the
    // smallest size this path takes (500 x 500: 74 against 80 ms on one thread; 400 level).
    let par = faer::get_global_parallelism();
    crate::bidiag_svd::bidiagonal_svd(&mut s, &b.superdiag, u_b.as_mut(), v_b.as_mut(), par)
        .map_err(|_| Error::NoConvergence { op })?;
    let mut u: Array2<T> = alloc::zeros((m, n).set_f(!u_c_order));
    u.slice_mut(ndarray::s![..n, ..])
        .assign(&u_b.as_ref().into_ndarray());
    let mut v: Array2<T> = alloc::zeros((n, n).f());
    v.assign(&v_b.as_ref().into_ndarray());
    crate::bidiag::apply_factors(reduced, &b, u.view_mut(), v.view_mut());
    Ok((u, v, faer::Col::from_fn(n, |i| s[i])))
}

/// SVDs of matrices with fewer elements than this (`512 x 512`) run on the calling thread.
/// faer's SVD wakes the pool's threads for each of its parallel steps, and on the course
/// machine that cost more than the threads saved: medians of 9 thin SVDs 50 ms apart,
/// parallel against sequential, 10.3 against 4.2 ms for `200 x 100`, 16.0 against 5.3 ms for
/// `500 x 100`, 66 against 54 ms for `400 x 400`; at `1500 x 1500`, 1.46 against 1.83 s.
const SVD_PAR_MIN_ELEMENTS: usize = 512 * 512;

/// faer's low-level SVD of `a`: `s`, and `u` and `v` (F order) when given, thin or full as
/// their shapes say; its workspace from [`alloc`], on one thread below
/// [`SVD_PAR_MIN_ELEMENTS`].
fn faer_svd<T: Float>(
    op: &'static str,
    a: ArrayView2<'_, T>,
    u: Option<ndarray::ArrayViewMut2<'_, T>>,
    v: Option<ndarray::ArrayViewMut2<'_, T>>,
    s: &mut faer::Col<T>,
) -> Result<()> {
    use faer::linalg::svd::{ComputeSvdVectors, svd, svd_scratch};
    let (m, n) = a.dim();
    let k = m.min(n);
    let kind = |x: &Option<ndarray::ArrayViewMut2<'_, T>>| match x {
        None => ComputeSvdVectors::No,
        Some(x) if x.ncols() > k => ComputeSvdVectors::Full,
        Some(_) => ComputeSvdVectors::Thin,
    };
    let par = crate::parallel::parallelism_from(m * n, SVD_PAR_MIN_ELEMENTS);
    let req = svd_scratch::<T>(m, n, kind(&u), kind(&v), par, Default::default());
    let mut scratch = alloc::scratch(req);
    svd(
        as_faer(a),
        s.as_diagonal_mut(),
        u.map(|u| u.into_faer()),
        v.map(|v| v.into_faer()),
        par,
        MemStack::new(&mut scratch),
        Default::default(),
    )
    .map_err(svd_error(op))
}

/// Full SVD: `A = U diag(S) Vh` with `U: (m, m)`, `Vh: (n, n)` orthogonal and `S` of length
/// `min(m, n)`, descending: `np.linalg.svd(A)` (`full_matrices=True`, NumPy's default).
///
/// Method: bidiagonalisation by Householder reflections, then divide and conquer (faer);
/// a square matrix takes [`thin_svd`]'s path, whose factors are then full.
/// Cost `O(m^2 n + n^3)` for `m >= n`: the full `U` is `m x m`, which for a `60000 x 784`
/// data matrix is 29 GB. For data matrices always use [`thin_svd`] (or [`svdvals`]).
/// Backward stable; singular values are perfectly conditioned (`|Δs_i| <= ||ΔA||_2`).
///
/// ```
/// use ndarray::{array, Array2};
/// let a = array![[1.0, 0.0, 0.0], [0.0, 2.0, 0.0]];
/// let linalg::Svd { u, s, vh } = linalg::svd(&a)?;
/// assert_eq!((u.dim(), s.len(), vh.dim()), ((2, 2), 2, (3, 3)));
/// assert!(s.abs_diff_eq(&array![2.0, 1.0], 1e-12));
/// assert!(linalg::matmul(&vh, &vh.t())?.abs_diff_eq(&Array2::eye(3), 1e-12));
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::Empty`], [`Error::NonFinite`], [`Error::NoConvergence`].
pub fn svd<T, S>(a: &ArrayBase<S, Ix2>) -> Result<Svd<T>>
where
    T: Float,
    S: Data<Elem = T>,
{
    const OP: &str = "svd";
    check_matrix(OP, a)?;
    if a.nrows() == a.ncols() {
        // The full SVD of a square matrix is its thin SVD.
        return thin_svd_faer(OP, a.view());
    }
    let (scaled, sigma) = into_safe_range(a.view());
    let a = scaled.as_ref().map_or(a.view(), Array2::view);
    let (m, n) = a.dim();
    let mut u: Array2<T> = alloc::zeros((m, m).f());
    let mut v: Array2<T> = alloc::zeros((n, n).f());
    let mut s = faer::Col::<T>::zeros(m.min(n));
    faer_svd(OP, a, Some(u.view_mut()), Some(v.view_mut()), &mut s)?;
    Ok(Svd {
        u: to_array2(as_faer(u.view())),
        s: to_array1(s.iter().map(|&x| x / sigma)),
        vh: v.reversed_axes(),
    })
}

/// Thin (economy) SVD: `U: (m, k)`, `S: (k,)`, `Vh: (k, n)`, `k = min(m, n)`:
/// `np.linalg.svd(A, full_matrices=False)`.
///
/// The SVD to use on data matrices: PCA (`Vh`'s rows are the principal axes of centred
/// data, `S^2 / (m - 1)` the variances), low-rank approximation (keep the first `r` terms:
/// `A_r = U[:, :r] diag(S[:r]) Vh[:r]`, the best rank-`r` approximation with
/// `||A - A_r||_F^2 = sum(S[r:]^2)`, Eckart-Young). Cost `O(m n^2)` for `m >= n`.
///
/// Method, for a tall matrix (`m >= 2 n`, as LAPACK's `gesdd` does for `m >> n`):
/// 1. `A = Q R`, Householder QR (`2 m n^2` flops), blocked: panels of 128 columns are
///    factored recursively and applied to the rest of the matrix as two matrix products on
///    this crate's GEMM (section [2.1](crate::products));
/// 2. `R = U_R diag(S) V^T`, the SVD of the small `n x n` triangle, by the square path
///    below (faer's SVD below 400 columns);
/// 3. `U = Q [U_R; 0]` with `Q` as one block reflector `I - V T^{-1} V^T`: since the
///    rows of `[U_R; 0]` below `n` are zero, `V^T [U_R; 0]` needs only `U_R`, and the
///    update is one `(m, n) @ (n, n)` product (`2 m n^2` flops, plus `m n^2 / 3` for the
///    blocks of `T`).
///
/// A wide matrix (`n >= 2 m`) takes the same path through `A^T`. A square or nearly square
/// one (`m < 2 n`, `n >= 400`; or the same for `A^T`), as LAPACK's `gesdd` does too:
/// 1. `A = Q B P^T` with `B` upper bidiagonal, by Householder reflections from both sides,
///    blocked like LAPACK's `gebrd` (`4 m n^2 - 4/3 n^3` flops, half of them in matrix
///    products);
/// 2. `B = U_B diag(S) V_B^T` by divide and conquer (a port of faer's, after Eigen's
///    `BDCSVD`);
/// 3. `U = Q [U_B; 0]` and `V = P V_B`, the reflections applied a panel at a time
///    (`4 m n^2 - 2 n^3` and `2 n^3` flops, in matrix products).
///
/// Smaller matrices go to faer's SVD whole, on the calling thread when `A` has fewer than
/// `512 x 512` elements (waking the pool's threads for each step cost more than they
/// saved). Backward stable either way: the computed factors are exact for `A + E` with
/// `||E|| ~ eps ||A||`.
///
/// ```
/// use ndarray::array;
/// let a = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]];
/// let linalg::Svd { u, s, vh } = linalg::thin_svd(&a)?;
/// assert_eq!((u.dim(), s.len(), vh.dim()), ((4, 2), 2, (2, 2)));
/// assert!(linalg::matmul(&(&u * &s), &vh)?.abs_diff_eq(&a, 1e-12));
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::Empty`], [`Error::NonFinite`], [`Error::NoConvergence`].
pub fn thin_svd<T, S>(a: &ArrayBase<S, Ix2>) -> Result<Svd<T>>
where
    T: Float,
    S: Data<Elem = T>,
{
    check_matrix("svd", a)?;
    thin_svd_faer("svd", a.view())
}

/// Singular values only, descending: `np.linalg.svdvals(A)`.
///
/// Cheaper than [`thin_svd`] (no vectors accumulated). Enough for the rank, the 2-norm
/// (`s[0]`), the nuclear norm (`sum(s)`), the condition number (`s[0] / s[k-1]`) and the
/// Eckart-Young error of every rank at once.
///
/// Method (a wide matrix through `A^T`, which has the same singular values):
/// 1. for a tall matrix (`m >= 2 n`, `n >= 128`), first `A = Q R` on [`qr`]'s blocked QR
///    (`Q` is never formed; `A` and `R` have the same singular values), then `R`;
/// 2. `A = Q B P^T` with `B` upper bidiagonal, by Householder reflections in panels of 16
///    columns as LAPACK's `gebrd` does (`4 m n^2 - 4/3 n^3` flops, half of them
///    matrix-vector products, split between two threads from 400 columns);
/// 3. the singular values of `B` by the dqds algorithm, as LAPACK's `dlasq1` (what
///    `gesdd` calls for values only): `O(n^2)`, with a division per row per step and no
///    square root, and accurate to a few ulps *relative to each singular value of `B`*.
///    (The result as a whole is as accurate as steps 1 and 2: a few `eps ||A||`.)
///
/// With fewer than 32 columns (of `A` or `A^T`), faer's SVD without vectors does it all.
/// Medians of 7 calls on the course machine (two threads) against NumPy 2.4 (`gesdd` on
/// OpenBLAS), two rounds: `784 x 784` 79-80 ms against 116-118 ms (faer's SVD took 198);
/// `500 x 500` 23 against 28-29 ms; `300 x 300` 6.4-6.8 against 8.5-9.1 ms; `600 x 1000`
/// 68-70 against 121 ms.
///
/// ```
/// use ndarray::array;
/// let s = linalg::svdvals(&array![[3.0, 0.0], [0.0, -4.0]])?;
/// assert!(s.abs_diff_eq(&array![4.0, 3.0], 1e-12));
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::Empty`], [`Error::NonFinite`], [`Error::NoConvergence`].
pub fn svdvals<T, S>(a: &ArrayBase<S, Ix2>) -> Result<Array1<T>>
where
    T: Float,
    S: Data<Elem = T>,
{
    svdvals_checked("svdvals", a)
}

pub(crate) fn svdvals_checked<T, S>(op: &'static str, a: &ArrayBase<S, Ix2>) -> Result<Array1<T>>
where
    T: Float,
    S: Data<Elem = T>,
{
    check_matrix(op, a)?;
    let (scaled, sigma) = into_safe_range(a.view());
    let a = scaled.as_ref().map_or(a.view(), Array2::view);
    let (m, n) = a.dim();
    let blocked = crate::gemm::available();
    // A = Q R with Q orthonormal: A and R have the same singular values, so a tall matrix
    // is reduced to its n x n triangle first, on the blocked QR (as `thin_svd` does).
    let triangle = if m >= 2 * n && n >= 128 && blocked {
        Some(crate::householder::qr(a).r())
    } else if n >= 2 * m && m >= 128 && blocked {
        Some(crate::householder::qr(a.t()).r())
    } else {
        None
    };
    let a = triangle.as_ref().map_or(a, Array2::view);
    let mut s = match values_from_bidiagonal(a) {
        Some(s) => s,
        None => {
            let mut s = faer::Col::<T>::zeros(a.nrows().min(a.ncols()));
            faer_svd(op, a, None, None, &mut s)?;
            s.iter().copied().collect()
        }
    };
    // Descending, whatever the engine returned.
    s.sort_by(|x, y| y.partial_cmp(x).expect("finite singular values"));
    Ok(Array1::from(s).mapv_into(|x| x / sigma))
}

/// From this many columns (of `A` or `A^T`, whichever is fewer) the thin SVD of a square or
/// nearly square matrix, or of the triangle `R` on the QR-first path, takes [`bidiag_svd`];
/// below, faer's SVD, on one thread. Square, alternated in one process, medians of 11 calls:
/// 300: 27.2 against 23.6 ms for faer's; 400: 52.2 against 52.4; 500: 82.9 against 90.8;
/// `1000 x 600`: 129 against 204.
pub(crate) const BIDIAG_SVD_MIN: usize = 400;

/// Below this many columns (of `A` or `A^T`, whichever is fewer) `svdvals` uses faer's SVD.
/// From 32 ours is faster (square, medians of 9: 64: 0.3 against 0.5 ms; 100: 0.6 against
/// 1.2; 128: 1.1 against 2.2); below, both take about 0.1 ms.
const SVDVALS_BIDIAG_MIN: usize = 32;

/// The singular values of `a` (descending) from its bidiagonal form ([`crate::bidiag`]).
/// `None` for small matrices, or if the iteration did not converge: the caller then uses
/// faer's SVD.
fn values_from_bidiagonal<T: Float>(a: ArrayView2<'_, T>) -> Option<Vec<T>> {
    let a = if a.nrows() >= a.ncols() {
        a
    } else {
        a.reversed_axes()
    };
    let n = a.ncols();
    if n < SVDVALS_BIDIAG_MIN {
        return None;
    }
    let mut work = as_faer(a).to_owned();
    let par = crate::parallel::parallelism_from(n, crate::bidiag::PAR_MIN);
    crate::bidiag::bidiagonalize(work.as_mut(), par).singular_values()
}

/// `A` scaled by [`safe_range_scale`]'s `sigma` when it is outside the safe range (else
/// `None`), and `sigma`: singular values and eigenvalues of `sigma A` divided by `sigma`
/// are those of `A`, and the vectors are the same. Unscaled, faer's SVD returned wrong
/// singular values for `1e-300 A` and did not converge for `1e300 A`, its general
/// eigensolver returned wrong eigenvalues for both, and `eigvalsh` did not converge for
/// subnormal entries; LAPACK's `gesdd`, `geev` and `syevd` scale the same way.
fn into_safe_range<T: Float>(a: ArrayView2<'_, T>) -> (Option<Array2<T>>, T) {
    let sigma = safe_range_scale(a);
    if sigma == T::one() {
        (None, sigma)
    } else {
        (Some(a.mapv(|x| x * sigma)), sigma)
    }
}

/// Eigenvalues (ascending) and orthonormal eigenvectors of a symmetric matrix:
/// `np.linalg.eigh(A)`.
///
/// `A = V diag(w) V^T`. Only the lower triangle is read (NumPy's `UPLO="L"`); symmetry is
/// assumed, not checked: symmetrise first (`(A + A^T) / 2`) if rounding may have broken it.
/// Method, as LAPACK's `syevd` (what NumPy calls):
/// 1. `A = Q T Q^T` with `T` tridiagonal, by Householder reflections in panels of 16
///    (`4/3 n^3` flops, half of them matrix-vector products);
/// 2. `T = W diag(w) W^T` by divide and conquer (Cuppen's method; `O(n^2)` per merge plus
///    matrix products, about `4/3 n^3` flops when little deflates);
/// 3. `V = Q W`, the reflections applied in blocks (`2 n^3` flops).
///
/// Steps 1 and 2 are this crate's own code for `n > 50` (faer's below), written so
/// that their vector loops use AVX2 (AVX-512 where it pays) and both cores (step 1 hands half
/// of each of its short steps to a busy-waiting helper); faer does the matrix products and
/// step 3. Below `n = 500` all three steps run on the calling thread: waking the other
/// threads for each parallel step cost more than they saved (`n = 100`: 1.3 ms against
/// 2.6 ms on two threads; NumPy about 1.1-1.3 ms). On this course's 2-core machines `eigh`
/// of a `784 x 784` matrix takes about 0.9 of
/// NumPy's time (AMD EPYC) and 0.83-0.87 (Intel with AVX-512, against OpenBLAS's AVX-512
/// kernels, medians of 21-40 alternated calls); see the crate's BENCHMARKS.md. Eigenvalues
/// are accurate to `eps ||A||_2` in absolute terms; eigenvectors of clustered eigenvalues are
/// not individually meaningful, only the subspace they span.
///
/// # Errors
/// [`Error::NotSquare`], [`Error::Empty`], [`Error::NonFinite`],
/// [`Error::NoConvergence`].
pub fn eigh<T, S>(a: &ArrayBase<S, Ix2>) -> Result<Eigh<T>>
where
    T: Float,
    S: Data<Elem = T>,
{
    const OP: &str = "eigh";
    let n = check_square(OP, a)?;
    // As LAPACK's syevd: bring max|A| into the safe range, so that the reflections neither
    // overflow nor lose everything to underflow; the eigenvalues scale back.
    let (scaled, sigma) = into_safe_range(a.view());
    let a = match &scaled {
        Some(scaled) => scaled.view(),
        None => a.view(),
    };
    let mut result = if n <= tridiag_evd::LEAF {
        let f = as_faer(a)
            .self_adjoint_eigen(Side::Lower)
            .map_err(|_| Error::NoConvergence { op: OP })?;
        Eigh {
            eigenvalues: to_array1((0..n).map(|i| f.S()[i])),
            eigenvectors: to_array2(f.U()),
        }
    } else {
        eigh_dc(a).ok_or(Error::NoConvergence { op: OP })?
    };
    result.eigenvalues.mapv_inplace(|w| w / sigma);
    Ok(result)
}

/// Below this order [`eigh`] runs on the calling thread only. Each parallel step wakes the
/// pool's threads, and on the course machine that cost more than the threads saved: medians
/// of 15 calls 20 ms apart, parallel against sequential, 2.60 against 1.32 ms for `n = 100`,
/// 20.1 against 15.4 ms for 400, 31.0 against 31.3 ms for 500, 37.5 against 43.2 ms for 600
/// and 71.5 against 102 ms for 784.
const EIGH_PAR_MIN: usize = 500;

/// From this order on, [`eigvalsh`] runs [`tridiagonal_eigenvalues`]; below it, faer's.
/// faer's own `eigvalsh` (unblocked reduction, slow norm, QR sweeps) took twice NumPy's time
/// at `n = 30` and `n = 50` (91 and 224 us against 48 and 114 us for ours).
const EIGVALSH_OWN_MIN: usize = 3;

/// `eigh` for `n > LEAF`: our blocked tridiagonalisation ([`tridiag`]) and divide and
/// conquer ([`tridiag_evd`]), then faer's blocked back-transformation.
fn eigh_dc<T: Float>(a: ArrayView2<'_, T>) -> Option<Eigh<T>> {
    use faer::linalg::householder::{
        apply_block_householder_sequence_on_the_left_in_place_scratch as apply_scratch,
        apply_block_householder_sequence_on_the_left_in_place_with_conj as apply,
    };
    use faer::reborrow::{Reborrow, ReborrowMut};
    let n = a.nrows();
    let par = crate::parallel::parallelism_from(n, EIGH_PAR_MIN);
    // A = Q T Q^T, with Q a product of Householder reflections stored below T's subdiagonal.
    let mut trid: Array2<T> = alloc::zeros((n, n).f());
    let mut trid_f = trid.view_mut().into_faer();
    trid_f.copy_from_triangular_lower(as_faer(a));
    let bs = faer::linalg::qr::no_pivoting::factor::recommended_block_size::<T>(n, n);
    let mut householder = faer::Mat::<T>::zeros(bs, n - 1);
    let tridiag::Tridiagonal {
        mut diag,
        mut offdiag,
    } = tridiag::tridiagonalize(trid_f.rb_mut(), Some(householder.as_mut()), par);
    // T = W diag(w) W^T.
    let mut u: Array2<T> = alloc::zeros((n, n).f());
    let mut u_f = u.view_mut().into_faer();
    tridiag_evd::tridiagonal_eigh(&mut diag, &mut offdiag, u_f.rb_mut(), par).ok()?;
    // V = Q W.
    let mut scratch = alloc::scratch(apply_scratch::<T>(n - 1, bs, n));
    apply(
        trid_f.rb().submatrix(1, 0, n - 1, n - 1),
        householder.as_ref(),
        faer::Conj::No,
        u_f.subrows_mut(1, n - 1),
        par,
        MemStack::new(&mut scratch),
    );
    // `u` is the result as it lies, in Fortran order like LAPACK's (and NumPy's): a copy into
    // C order took 1-3 ms of the 60-70 of `eigh(784)`.
    Some(Eigh {
        eigenvalues: Array1::from(diag),
        eigenvectors: u,
    })
}

/// `eigvalsh` for `n >= 3`, as LAPACK's `syevd` without vectors: [`eigh`]'s tridiagonal
/// reduction (without the block factors that only the eigenvectors need), then the root-free
/// QL/QR iteration on `T` (`sterf`, [`crate::tridiag_values`]), `O(n^2)`.
///
/// faer's own `eigvalsh` reduces with its unblocked reduction and its slow `norm_l2`: for
/// `n = 784` it took 88.6 ms here, more than our `eigh` with vectors (66.5 ms) and 2.5 times
/// NumPy's `eigvalsh` (35.5 ms). With our reduction and faer's implicit QR algorithm without
/// vectors it took 48.2 ms, of which the QR algorithm 28.8 ms.
fn tridiagonal_eigenvalues<T: Float>(a: ArrayView2<'_, T>) -> Option<Vec<T>> {
    let n = a.nrows();
    let mut trid: Array2<T> = alloc::zeros((n, n).f());
    let mut trid_f = trid.view_mut().into_faer();
    trid_f.copy_from_triangular_lower(as_faer(a));
    let par = faer::get_global_parallelism();
    let t = tridiag::tridiagonalize(trid_f, None, par);
    let mut d = t.diag;
    let mut e = t.offdiag;
    tridiag_values::tridiagonal_eigenvalues(&mut d, &mut e)?;
    Some(d)
}

/// LAPACK's scaling rule (`syevd`): `sigma` with `max|sigma A|` in `[rmin, rmax]`,
/// `rmin = sqrt(safe_min / eps)`, `rmax = 1 / rmin`; `1` when `A` is already in range (or 0).
fn safe_range_scale<T: Float>(a: ArrayView2<'_, T>) -> T {
    let anrm = a.iter().fold(T::zero(), |m, x| m.max(x.abs()));
    let rmin = (T::min_positive_value() / T::epsilon()).sqrt();
    let rmax = rmin.recip();
    if anrm > T::zero() && anrm < rmin {
        rmin / anrm
    } else if anrm > rmax {
        rmax / anrm
    } else {
        T::one()
    }
}

/// Eigenvalues of a symmetric matrix, ascending: `np.linalg.eigvalsh(A)`.
///
/// As LAPACK's `syevd` without vectors: [`eigh`]'s tridiagonal reduction (`4/3 n^3` flops),
/// then the root-free QL/QR iteration on the tridiagonal matrix (Pal, Walker and Kahan;
/// LAPACK's `sterf`), `O(n^2)` with no square root in its sweeps. For `n = 784` it takes
/// 33-40 ms here (the reduction 17-21 ms of it, the iteration 10.2-10.9 ms), against 60-67 ms
/// for [`eigh`] and 38-41 ms for NumPy's `eigvalsh`, whose `dsterf` alone takes 11.0 ms. For
/// small matrices too (from `n = 3`): 48 against 51 us for NumPy at `n = 30`, 114 against
/// 125 us at `n = 50`, where faer's `eigvalsh` took 91 and 224 us.
///
/// ```
/// use ndarray::array;
/// let w = linalg::eigvalsh(&array![[2.0, 1.0], [1.0, 2.0]])?;
/// assert!(w.abs_diff_eq(&array![1.0, 3.0], 1e-12));
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// As [`eigh`].
pub fn eigvalsh<T, S>(a: &ArrayBase<S, Ix2>) -> Result<Array1<T>>
where
    T: Float,
    S: Data<Elem = T>,
{
    const OP: &str = "eigvalsh";
    let n = check_square(OP, a)?;
    let (scaled, sigma) = into_safe_range(a.view());
    let a = scaled.as_ref().map_or(a.view(), Array2::view);
    let mut w = if n < EIGVALSH_OWN_MIN {
        as_faer(a).self_adjoint_eigenvalues(Side::Lower).ok()
    } else {
        tridiagonal_eigenvalues(a)
    }
    .ok_or(Error::NoConvergence { op: OP })?;
    w.sort_by(|x, y| x.partial_cmp(y).expect("finite eigenvalues"));
    Ok(Array1::from(w).mapv_into(|x| x / sigma))
}

/// Eigenvalues and right eigenvectors of a general square matrix: `np.linalg.eig(A)`.
///
/// `A v_i = w_i v_i`; the output is complex because a real non-symmetric matrix can have
/// complex eigenvalues (in conjugate pairs; a rotation has `e^{±iθ}`). Method: Hessenberg
/// reduction, then the implicitly shifted QR algorithm (real Schur form), then back
/// substitution for the vectors. Cost about `25 n^3` flops. Each eigenvector is scaled to
/// unit 2-norm (like LAPACK's `geev`); order is not sorted. For symmetric matrices use
/// [`eigh`].
///
/// ```
/// use ndarray::array;
/// // A rotation by 90 degrees: eigenvalues ±i.
/// let r = array![[0.0, -1.0], [1.0, 0.0]];
/// let linalg::Eig { eigenvalues, .. } = linalg::eig(&r)?;
/// let mut im: Vec<f64> = eigenvalues.iter().map(|w| w.im).collect();
/// im.sort_by(|a, b| a.partial_cmp(b).unwrap());
/// assert!((im[0] + 1.0).abs() < 1e-12 && (im[1] - 1.0).abs() < 1e-12);
/// assert!(eigenvalues.iter().all(|w| w.re.abs() < 1e-12));
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::NotSquare`], [`Error::Empty`], [`Error::NonFinite`],
/// [`Error::NoConvergence`].
pub fn eig<T, S>(a: &ArrayBase<S, Ix2>) -> Result<Eig<T>>
where
    T: Float,
    S: Data<Elem = T>,
{
    const OP: &str = "eig";
    let n = check_square(OP, a)?;
    let (scaled, sigma) = into_safe_range(a.view());
    let a = scaled.as_ref().map_or(a.view(), Array2::view);
    let mut u = faer::Mat::<T>::zeros(n, n);
    let (re, im) = real_evd(OP, a, Some(u.as_mut()))?;
    let eigenvalues: Array1<Complex<T>> = (0..n)
        .map(|i| Complex::new(re[i] / sigma, im[i] / sigma))
        .collect();
    // A complex pair w, conj(w) comes as two real columns x, y: the eigenvectors are
    // x + iy and x - iy (faer's and LAPACK's `geev` convention).
    let mut eigenvectors = Array2::from_elem((n, n), Complex::new(T::zero(), T::zero()));
    let mut j = 0;
    while j < n {
        if im[j] == T::zero() || j + 1 == n {
            for i in 0..n {
                eigenvectors[[i, j]] = Complex::new(u[(i, j)], T::zero());
            }
            j += 1;
        } else {
            for i in 0..n {
                let (x, y) = (u[(i, j)], u[(i, j + 1)]);
                eigenvectors[[i, j]] = Complex::new(x, y);
                eigenvectors[[i, j + 1]] = Complex::new(x, -y);
            }
            j += 2;
        }
    }
    for mut col in eigenvectors.columns_mut() {
        let norm = col
            .iter()
            .fold(T::zero(), |acc, z| acc + z.re * z.re + z.im * z.im)
            .sqrt();
        if norm > T::zero() {
            col.mapv_inplace(|z| Complex::new(z.re / norm, z.im / norm));
        }
    }
    Ok(Eig {
        eigenvalues,
        eigenvectors,
    })
}

/// Below this order, [`eig`] and [`eigvals`] run on the calling thread: medians of 9 calls
/// 50 ms apart, faer on the pool against one thread, 154 against 82 ms for `n = 300`, 502
/// against 319 ms for 600, 1278 against 1121 ms for 1000, but 3.09 against 3.58 s for 1500.
const EIG_PAR_MIN: usize = 1024;

/// faer's real eigendecomposition (Hessenberg, then the real Schur form): the real and
/// imaginary parts of the eigenvalues, and the right eigenvectors in `u` when given (real
/// columns, a complex pair as its real and imaginary parts).
fn real_evd<T: Float>(
    op: &'static str,
    a: ArrayView2<'_, T>,
    u: Option<faer::MatMut<'_, T>>,
) -> Result<(Vec<T>, Vec<T>)> {
    use faer::dyn_stack::MemBuffer;
    use faer::linalg::evd::{ComputeEigenvectors, evd_real, evd_scratch};
    let n = a.nrows();
    let par = crate::parallel::parallelism_from(n, EIG_PAR_MIN);
    let right = if u.is_some() {
        ComputeEigenvectors::Yes
    } else {
        ComputeEigenvectors::No
    };
    let mut re = faer::Col::<T>::zeros(n);
    let mut im = faer::Col::<T>::zeros(n);
    let req = evd_scratch::<T>(n, ComputeEigenvectors::No, right, par, Default::default());
    evd_real(
        as_faer(a),
        re.as_diagonal_mut(),
        im.as_diagonal_mut(),
        None,
        u,
        par,
        MemStack::new(&mut MemBuffer::new(req)),
        Default::default(),
    )
    .map_err(|_| Error::NoConvergence { op })?;
    Ok((re.iter().copied().collect(), im.iter().copied().collect()))
}

/// Eigenvalues of a general square matrix: `np.linalg.eigvals(A)`.
///
/// # Errors
/// As [`eig`].
pub fn eigvals<T, S>(a: &ArrayBase<S, Ix2>) -> Result<Array1<Complex<T>>>
where
    T: Float,
    S: Data<Elem = T>,
{
    const OP: &str = "eigvals";
    check_square(OP, a)?;
    let (scaled, sigma) = into_safe_range(a.view());
    let (re, im) = real_evd(OP, scaled.as_ref().map_or(a.view(), Array2::view), None)?;
    Ok(re
        .iter()
        .zip(&im)
        .map(|(&x, &y)| Complex::new(x / sigma, y / sigma))
        .collect())
}
