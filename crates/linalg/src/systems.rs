//! # 2.2 Linear systems and least squares: `solve`, `inv`, `det`, `slogdet`, `lstsq`, `pinv`, `matrix_rank`
//!
//! | NumPy | Rust (this crate) | method, cost for `n x n` / `m x n` |
//! |---|---|---|
//! | `np.linalg.solve(A, b)` | [`solve(&a, &b)?`](solve) | LU with partial pivoting, `2/3 n^3` |
//! | `np.linalg.inv(A)` | [`inv(&a)?`](inv) | LU, `2 n^3` |
//! | `np.linalg.det(A)` | [`det(&a)?`](det) | LU, `2/3 n^3` |
//! | `sign, logdet = np.linalg.slogdet(A)` | [`let SlogDet { sign, logabsdet } = slogdet(&a)?`](slogdet) | LU, `2/3 n^3` |
//! | `x, res, rank, s = np.linalg.lstsq(A, b)` | [`let Lstsq { solution, residuals, rank, singular_values } = lstsq(&a, &b, None)?`](lstsq) | SVD, `O(m n^2)` |
//! | `np.linalg.pinv(A)` | [`pinv(&a, None)?`](pinv) | SVD, `O(m n^2)` |
//! | `np.linalg.matrix_rank(A)` | [`matrix_rank(&a, None)?`](matrix_rank) | singular values, `O(m n^2)` |
//!
//! ```
//! use ndarray::array;
//! use linalg::{solve, lstsq, Lstsq};
//!
//! // np.linalg.solve([[3, 1], [1, 2]], [9, 8]) -> [2., 3.]
//! let a = array![[3.0f64, 1.0], [1.0, 2.0]];
//! let x = solve(&a, &array![9.0, 8.0])?;
//! assert!((x[0] - 2.0).abs() < 1e-12 && (x[1] - 3.0).abs() < 1e-12);
//!
//! // Fit y = c0 + c1 t through three points, in the least-squares sense.
//! let t = array![[1.0f64, 0.0], [1.0, 1.0], [1.0, 2.0]];
//! let y = array![1.0, 3.0, 4.0];
//! let Lstsq { solution, rank, .. } = lstsq(&t, &y, None)?;
//! assert_eq!(rank, 2);
//! assert!((solution[1] - 1.5).abs() < 1e-12);
//! # Ok::<(), linalg::Error>(())
//! ```
//!
//! ## Why `solve(A, b)` and never `inv(A) @ b`
//! `solve` factorises `P A = L U` once (`2/3 n^3` flops) and then does two triangular
//! solves per right-hand side (`2 n^2` each). `inv(A) @ b` does the same factorisation,
//! then `4/3 n^3` more flops to build the inverse, then a product: about 3x the work, and
//! less accurate, because the rounding errors of the explicit inverse are multiplied by
//! `b`. With LU and partial pivoting the computed `x` is the exact solution of a nearby
//! system `(A + E) x = b`, `|E| ~ eps |A|` (backward stable); the relative error of `x` is
//! then about `cond(A) * eps`. Only compute `inv` when you need the entries of the inverse
//! (e.g. a covariance matrix's diagonal).
//!
//! ## Least squares: normal equations vs `lstsq`
//! To fit `min ||X w - y||`, the normal equations `X^T X w = X^T y` are quick
//! (`m n^2` flops for `X^T X`, then an `n x n` solve) and fine when `X` is well
//! conditioned, but `cond(X^T X) = cond(X)^2`: with `cond(X) = 1e8` the normal equations
//! lose all 16 digits of `f64`, while [`lstsq`] (SVD) loses about 8. Use `lstsq` when
//! columns are nearly collinear (polynomial features, one-hot columns plus an intercept),
//! when `X` may be rank-deficient (it returns the minimum-norm solution and the `rank`),
//! or whenever you do not know. The example `linreg_normal_equations` does both on Iris.
//!
//! ## Singular matrices
//! A zero pivot in the LU factorisation (an exactly singular matrix, e.g. two equal rows)
//! is [`Error::Singular`] from `solve` and `inv`, as NumPy raises
//! `LinAlgError: Singular matrix`; the same happens if the solution overflows to inf.
//! A *nearly* singular matrix is not detected (neither does NumPy): the answer is then
//! dominated by rounding. Check [`cond`](crate::cond) when in doubt, or use [`lstsq`] /
//! [`pinv`], which cut off tiny singular values. `det` of a singular matrix is `0.0`
//! and `slogdet` gives `(0.0, -inf)`, as in NumPy.
//!
//! ## Tolerances
//! [`lstsq`], [`pinv`] and [`matrix_rank`] treat singular values `s_i <= rcond * s_max` as
//! zero. The default (`None`) is `rcond = max(m, n) * eps` for all three, which is NumPy's
//! default for `lstsq` and `matrix_rank` and the Array API default for `pinv`. (NumPy's own
//! `pinv` default is `1e-15` for `float32` and `float64` alike; pass `Some(1e-15)` to
//! reproduce it exactly.)

use crate::Float;
use crate::convert::{as_faer, check_finite, check_matrix, check_square, shape_of, to_array2};
use crate::error::{Error, Result};
use crate::parallel::{factor_parallelism, parallelism_from};
use crate::products::gemm;
use ndarray::{Array, Array1, Array2, ArrayBase, ArrayView2, Axis, Data, Dimension, Ix2};

/// [`inv`]'s triangular inverses gain more from the threads: sequential below this order
/// (28.9 against 23.7 ms for `n = 600` sequential, but 73.4 against 85.7 ms for 1000).
const INV_PAR_MIN: usize = 768;

/// An LU factorisation with partial pivoting, `P A = L U`, in faer's layout: `L` (unit lower
/// triangular) below the diagonal and `U` on and above it, in one column-major matrix, and
/// the row permutation.
struct Lu<T> {
    factors: faer::Mat<T>,
    fwd: Vec<usize>,
    bwd: Vec<usize>,
}

impl<T: Float> Lu<T> {
    /// Factors the square column-major matrix `a` in place, with parallelism `par`.
    fn factor(mut a: faer::Mat<T>, par: faer::Par) -> Self {
        use faer::dyn_stack::{MemBuffer, MemStack};
        use faer::linalg::lu::partial_pivoting::factor;
        let n = a.nrows();
        let (mut fwd, mut bwd) = (vec![0usize; n], vec![0usize; n]);
        let mut mem = MemBuffer::new(factor::lu_in_place_scratch::<usize, T>(
            n,
            n,
            par,
            Default::default(),
        ));
        factor::lu_in_place(
            a.as_mut(),
            &mut fwd,
            &mut bwd,
            par,
            MemStack::new(&mut mem),
            Default::default(),
        );
        Self {
            factors: a,
            fwd,
            bwd,
        }
    }

    /// `P` as faer's permutation.
    fn perm(&self) -> faer::perm::PermRef<'_, usize> {
        faer::perm::PermRef::new_checked(&self.fwd, &self.bwd, self.fwd.len())
    }

    /// `U[i, i]`.
    fn pivot(&self, i: usize) -> T {
        self.factors[(i, i)]
    }

    /// Whether a pivot is exactly zero (`A` is singular).
    fn has_zero_pivot(&self) -> bool {
        (0..self.fwd.len()).any(|i| self.pivot(i) == T::zero())
    }
}

/// The LU factorisation of `a`, on a column-major copy, with parallelism `par`.
fn lu<T: Float>(a: ArrayView2<'_, T>, par: faer::Par) -> Lu<T> {
    let n = a.nrows();
    let mut m = faer::Mat::<T>::zeros(n, n);
    m.copy_from(as_faer(a));
    Lu::factor(m, par)
}

/// `rhs <- A^-1 rhs` by LU with partial pivoting; `false` (and `rhs` unspecified) when a
/// pivot is zero.
///
/// The factorisation works in place on a column-major copy, as LAPACK's does. A row-major
/// `A` (ndarray's default layout) is not transposed into one: its bytes, copied row by row,
/// already are `A^T` in column-major order. So the LU is that of `A^T`,
/// `P A^T = L U`, hence `A = U^T L^T P`, and the solve runs the transposed triangular
/// solves: `U^T y = rhs`, `L^T z = y`, `x = P^T z` (LAPACK's `getrs` with `trans = 'T'`;
/// partial pivoting on `A^T` is as stable as on `A`). That saves the strided transposing
/// copy and the split of the factor into separate `L` and `U` matrices, about a quarter of
/// the time of a 1024 x 1024 `solve` here.
fn lu_solve_in_place<T: Float>(a: ArrayView2<'_, T>, rhs: faer::MatMut<'_, T>) -> bool {
    use faer::dyn_stack::{MemBuffer, MemStack};
    use faer::linalg::lu::partial_pivoting::solve;
    let n = a.nrows();
    let row_major = a.as_slice().is_some();
    let par = factor_parallelism(n);
    let lu = if row_major {
        let mut m = faer::Mat::<T>::zeros(n, n);
        for (j, row) in a.rows().into_iter().enumerate() {
            m.col_as_slice_mut(j)
                .copy_from_slice(row.as_slice().expect("standard layout"));
        }
        Lu::factor(m, par)
    } else {
        lu(a, par)
    };
    if lu.has_zero_pivot() {
        return false;
    }
    let mut mem = MemBuffer::new(solve::solve_in_place_scratch::<usize, T>(
        n,
        rhs.ncols(),
        par,
    ));
    let stack = MemStack::new(&mut mem);
    let factors = lu.factors.as_ref();
    if row_major {
        solve::solve_transpose_in_place(factors, factors, lu.perm(), rhs, par, stack);
    } else {
        solve::solve_in_place(factors, factors, lu.perm(), rhs, par, stack);
    }
    true
}

/// Sign (`+1`/`-1`) of a permutation given by its forward array.
fn permutation_sign<T: Float>(fwd: &[usize]) -> T {
    let n = fwd.len();
    let mut seen = vec![false; n];
    let mut transpositions = 0usize;
    for start in 0..n {
        if seen[start] {
            continue;
        }
        let mut len = 0usize;
        let mut i = start;
        while !seen[i] {
            seen[i] = true;
            i = fwd[i];
            len += 1;
        }
        transpositions += len - 1;
    }
    if transpositions.is_multiple_of(2) {
        T::one()
    } else {
        -T::one()
    }
}

/// Views a 1-D or 2-D right-hand side as 2-D (a vector as one column).
fn rhs_as_2d<'a, T, S, D>(op: &'static str, b: &'a ArrayBase<S, D>) -> Result<ArrayView2<'a, T>>
where
    S: Data<Elem = T>,
    D: Dimension,
{
    let v = b.view().into_dyn();
    match v.ndim() {
        1 => Ok(v
            .insert_axis(Axis(1))
            .into_dimensionality::<Ix2>()
            .expect("2-D")),
        2 => Ok(v.into_dimensionality::<Ix2>().expect("2-D")),
        _ => Err(Error::WrongNdim {
            op,
            expected: "a 1-D or 2-D right-hand side",
            shape: shape_of(b),
        }),
    }
}

/// Turns a 2-D result back into the dimension of the right-hand side.
fn back_to<T: Float, D: Dimension>(x: Array2<T>, one_d: bool) -> Array<T, D> {
    let x = if one_d {
        x.index_axis_move(Axis(1), 0).into_dyn()
    } else {
        x.into_dyn()
    };
    x.into_dimensionality::<D>()
        .expect("same number of axes as the right-hand side")
}

/// Solves `A x = b` for square `A`: `np.linalg.solve(A, b)`.
///
/// `b` is a vector `(n,)` (one right-hand side, `x` is `(n,)`) or a matrix `(n, k)`
/// (`k` right-hand sides solved together, `x` is `(n, k)`): factorise once, solve many.
///
/// Method: LU with partial pivoting, `P A = L U`, then `L y = P b`, `U x = y`. For a
/// row-major `A` (ndarray's default) the factorisation is that of `A^T`, whose
/// column-major copy is a plain copy of `A`'s bytes, followed by the transposed triangular
/// solves (LAPACK's `getrs` with `trans = 'T'`).
/// Cost `2/3 n^3 + 2 n^2 k` flops. Backward stable; the relative error of `x` is about
/// `cond(A) * eps`.
///
/// ```
/// use ndarray::array;
/// let a = array![[2.0, 1.0], [1.0, 3.0]];
/// let b = array![[3.0, 1.0], [4.0, 0.0]];             // two right-hand sides
/// let x = linalg::solve(&a, &b)?;
/// let back = linalg::matmul(&a, &x)?;                  // a @ x == b
/// assert!(back.abs_diff_eq(&b, 1e-12));
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::NotSquare`], [`Error::NotAligned`] (`b` has the wrong number of rows),
/// [`Error::WrongNdim`] (`b` not 1-D/2-D), [`Error::Empty`], [`Error::NonFinite`] (NaN/inf in
/// `A` or `b`), [`Error::Singular`] (a zero pivot, or a solution that overflows).
pub fn solve<T, S1, S2, D>(a: &ArrayBase<S1, Ix2>, b: &ArrayBase<S2, D>) -> Result<Array<T, D>>
where
    T: Float,
    S1: Data<Elem = T>,
    S2: Data<Elem = T>,
    D: Dimension,
{
    const OP: &str = "solve";
    let n = check_square(OP, a)?;
    let b2 = rhs_as_2d(OP, b)?;
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
    let mut x = as_faer(b2).to_owned();
    if !lu_solve_in_place(a.view(), x.as_mut()) {
        return Err(Error::Singular { op: OP });
    }
    let x = to_array2(x.as_ref());
    if !x.iter().all(|v| v.is_finite()) {
        return Err(Error::Singular { op: OP });
    }
    Ok(back_to(x, b.ndim() == 1))
}

/// The inverse `A^-1` of a square matrix: `np.linalg.inv(A)`.
///
/// Method: LU with partial pivoting, then `A^-1 = U^-1 L^-1 P`. Cost `2 n^3` flops.
/// Prefer [`solve`] for `A^-1 b` (3x cheaper, more accurate); see the module docs.
///
/// ```
/// use ndarray::array;
/// let a = array![[4.0, 7.0], [2.0, 6.0]];
/// let ai = linalg::inv(&a)?;
/// assert!(ai.abs_diff_eq(&array![[0.6, -0.7], [-0.2, 0.4]], 1e-12));
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::NotSquare`], [`Error::Empty`], [`Error::NonFinite`], [`Error::Singular`].
pub fn inv<T, S>(a: &ArrayBase<S, Ix2>) -> Result<Array2<T>>
where
    T: Float,
    S: Data<Elem = T>,
{
    use faer::dyn_stack::{MemBuffer, MemStack};
    use faer::linalg::lu::partial_pivoting::inverse;
    const OP: &str = "inv";
    let n = check_square(OP, a)?;
    let par = parallelism_from(n, INV_PAR_MIN);
    let lu = lu(a.view(), par);
    if lu.has_zero_pivot() {
        return Err(Error::Singular { op: OP });
    }
    let mut mem = MemBuffer::new(inverse::inverse_scratch::<usize, T>(n, par));
    let mut x = faer::Mat::<T>::zeros(n, n);
    let factors = lu.factors.as_ref();
    inverse::inverse(
        x.as_mut(),
        factors,
        factors,
        lu.perm(),
        par,
        MemStack::new(&mut mem),
    );
    let out = to_array2(x.as_ref());
    if !out.iter().all(|v| v.is_finite()) {
        return Err(Error::Singular { op: OP });
    }
    Ok(out)
}

/// The determinant: `np.linalg.det(A)`.
///
/// Method: `P A = L U`, `det A = sign(P) * prod(diag U)`. Cost `2/3 n^3` flops.
/// The product over- or underflows easily (`det(0.1 * I_400) = 1e-400 = 0.0` in `f64`):
/// for likelihoods and log-determinants use [`slogdet`]. A singular matrix gives `0.0`, not
/// an error. A small determinant does *not* mean nearly singular (scale changes it):
/// use [`cond`](crate::cond) for that.
///
/// ```
/// use ndarray::array;
/// let d: f64 = linalg::det(&array![[1.0, 2.0], [3.0, 4.0]])?;
/// assert!((d - -2.0).abs() < 1e-12);
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::NotSquare`], [`Error::Empty`], [`Error::NonFinite`].
pub fn det<T, S>(a: &ArrayBase<S, Ix2>) -> Result<T>
where
    T: Float,
    S: Data<Elem = T>,
{
    let n = check_square("det", a)?;
    let lu = lu(a.view(), factor_parallelism(n));
    let mut d = permutation_sign(&lu.fwd);
    for i in 0..n {
        d *= lu.pivot(i);
    }
    Ok(d)
}

/// The result of [`slogdet`]: `det A = sign * exp(logabsdet)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlogDet<T> {
    /// `+1`, `-1`, or `0` for a singular matrix.
    pub sign: T,
    /// `ln |det A|`; `-inf` for a singular matrix.
    pub logabsdet: T,
}

/// Sign and natural log of the absolute determinant: `np.linalg.slogdet(A)`.
///
/// Method: LU, `logabsdet = sum(ln |U_ii|)`: no overflow where [`det`] over/underflows.
/// Cost `2/3 n^3` flops. Use it for Gaussian log-likelihoods (`-1/2 ln det Σ`); for a
/// symmetric positive definite `Σ`, `2 * sum(ln diag(cholesky(Σ)))` is the same at half
/// the cost.
///
/// ```
/// use ndarray::Array2;
/// let a = Array2::<f64>::eye(400) * 0.1;
/// assert_eq!(linalg::det(&a)?, 0.0);                   // underflow
/// let s = linalg::slogdet(&a)?;
/// assert_eq!(s.sign, 1.0);
/// assert!((s.logabsdet - 400.0 * 0.1f64.ln()).abs() < 1e-9);
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::NotSquare`], [`Error::Empty`], [`Error::NonFinite`].
pub fn slogdet<T, S>(a: &ArrayBase<S, Ix2>) -> Result<SlogDet<T>>
where
    T: Float,
    S: Data<Elem = T>,
{
    let n = check_square("slogdet", a)?;
    let lu = lu(a.view(), factor_parallelism(n));
    let mut sign: T = permutation_sign(&lu.fwd);
    let mut logabsdet = T::zero();
    for i in 0..n {
        let p = lu.pivot(i);
        if p == T::zero() {
            return Ok(SlogDet {
                sign: T::zero(),
                logabsdet: T::neg_infinity(),
            });
        }
        if p < T::zero() {
            sign = -sign;
        }
        logabsdet += p.abs().ln();
    }
    Ok(SlogDet { sign, logabsdet })
}

/// The result of [`lstsq`], NumPy's 4-tuple with names.
#[derive(Debug, Clone, PartialEq)]
pub struct Lstsq<T, D: Dimension> {
    /// The minimum-norm least-squares solution `x`: `(n,)` for a vector `b`, `(n, k)` for a
    /// matrix `b`.
    pub solution: Array<T, D>,
    /// Squared residual norms `||b_j - A x_j||^2`, one per column of `b` (`(1,)` for a
    /// vector `b`). Empty when `rank < n` or `m <= n`, exactly as NumPy.
    pub residuals: Array1<T>,
    /// The effective rank of `A`: singular values above `rcond * s_max`.
    pub rank: usize,
    /// Singular values of `A`, descending.
    pub singular_values: Array1<T>,
}

/// Least-squares solution of `A x ≈ b`: `np.linalg.lstsq(A, b, rcond=None)`.
///
/// Minimises `||b - A x||_2` for any `(m, n)` matrix `A` (over- or under-determined, of
/// any rank); among minimisers returns the one of least norm. Method: thin SVD
/// `A = U S V^T`, `x = V S^+ U^T b`, where `S^+` inverts the singular values
/// `s_i > rcond * s_max` and zeroes the rest. `rcond = None` means `max(m, n) * eps`
/// (NumPy's default).
///
/// Cost `O(m n min(m, n))` for the SVD: a few times the normal equations, in exchange for
/// an error growing like `cond(A)` instead of `cond(A)^2` and a sensible answer when
/// columns are collinear (see the module docs).
///
/// ```
/// use ndarray::array;
/// // Two identical columns: rank 1; the minimum-norm solution splits the weight.
/// let a = array![[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]];
/// let b = array![2.0, 4.0, 6.0];
/// let fit = linalg::lstsq(&a, &b, None)?;
/// assert_eq!(fit.rank, 1);
/// assert!(fit.solution.abs_diff_eq(&array![1.0, 1.0], 1e-12));
/// assert_eq!(fit.residuals.len(), 0);                  // rank < n: no residuals, as NumPy
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::NotAligned`] (`b` has not `m` rows), [`Error::WrongNdim`], [`Error::Empty`],
/// [`Error::NonFinite`], [`Error::NoConvergence`].
pub fn lstsq<T, S1, S2, D>(
    a: &ArrayBase<S1, Ix2>,
    b: &ArrayBase<S2, D>,
    rcond: Option<T>,
) -> Result<Lstsq<T, D>>
where
    T: Float,
    S1: Data<Elem = T>,
    S2: Data<Elem = T>,
    D: Dimension,
{
    const OP: &str = "lstsq";
    check_matrix(OP, a)?;
    let b2 = rhs_as_2d(OP, b)?;
    let (m, n) = a.dim();
    if b2.nrows() != m {
        return Err(Error::NotAligned {
            op: OP,
            lhs: shape_of(a),
            rhs: shape_of(b),
            left: m,
            right: b2.nrows(),
        });
    }
    check_finite(OP, b)?;
    let svd = crate::decompose::thin_svd_faer(OP, a.view())?;
    let s = svd.s.clone();
    let rcond = rcond.unwrap_or_else(|| default_rcond::<T>(m, n));
    let cutoff = rcond * s[0];
    let rank = s.iter().filter(|&&v| v > cutoff).count();
    // x = V[:, :r] diag(1/s[:r]) U[:, :r]^T b
    let ut_b = gemm(svd.u.slice(ndarray::s![.., ..rank]).t(), b2);
    let mut scaled = ut_b;
    for (mut row, &si) in scaled.outer_iter_mut().zip(s.iter()) {
        row.mapv_inplace(|v| v / si);
    }
    let x = gemm(svd.vh.slice(ndarray::s![..rank, ..]).t(), scaled.view());
    let residuals = if rank == n && m > n {
        let ax = gemm(a.view(), x.view());
        let mut r = Array1::zeros(b2.ncols());
        for ((rj, bj), axj) in r.iter_mut().zip(b2.columns()).zip(ax.columns()) {
            *rj = bj
                .iter()
                .zip(axj.iter())
                .map(|(&p, &q)| (p - q) * (p - q))
                .fold(T::zero(), |acc, v| acc + v);
        }
        r
    } else {
        Array1::zeros(0)
    };
    Ok(Lstsq {
        solution: back_to(x, b.ndim() == 1),
        residuals,
        rank,
        singular_values: s,
    })
}

/// `max(m, n) * eps`: the default relative cut-off for tiny singular values.
pub(crate) fn default_rcond<T: Float>(m: usize, n: usize) -> T {
    T::from_f64(m.max(n) as f64) * T::epsilon()
}

/// The Moore-Penrose pseudo-inverse `A^+`: `np.linalg.pinv(A, rtol=None)`.
///
/// Method: thin SVD `A = U S V^T`, `A^+ = V S^+ U^T` where `S^+` inverts singular values
/// `s_i > rcond * s_max` and zeroes the rest; `rcond = None` is `max(m, n) * eps` (the
/// Array API default; NumPy's legacy default is `1e-15`). `A^+` is `(n, m)` and satisfies
/// the four Penrose conditions `A A^+ A = A`, `A^+ A A^+ = A^+`, `(A A^+)^T = A A^+`,
/// `(A^+ A)^T = A^+ A`. Cost `O(m n min(m, n))`.
///
/// To solve `A x ≈ b` once, call [`lstsq`] instead: same answer, no `n x m` matrix built.
/// `pinv` is for when you need the operator itself (e.g. applying it to many `b`'s later).
///
/// ```
/// use ndarray::array;
/// let a = array![[1.0, 2.0], [2.0, 4.0]];              // rank 1: inv would fail
/// let p = linalg::pinv(&a, None)?;
/// let apa = linalg::matmul(&linalg::matmul(&a, &p)?, &a)?;
/// assert!(apa.abs_diff_eq(&a, 1e-12));                  // A A+ A == A
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::Empty`], [`Error::NonFinite`], [`Error::NoConvergence`].
pub fn pinv<T, S>(a: &ArrayBase<S, Ix2>, rcond: Option<T>) -> Result<Array2<T>>
where
    T: Float,
    S: Data<Elem = T>,
{
    const OP: &str = "pinv";
    check_matrix(OP, a)?;
    let (m, n) = a.dim();
    let svd = crate::decompose::thin_svd_faer(OP, a.view())?;
    let cutoff = rcond.unwrap_or_else(|| default_rcond::<T>(m, n)) * svd.s[0];
    let rank = svd.s.iter().filter(|&&v| v > cutoff).count();
    // A+ = V[:, :r] diag(1/s) U[:, :r]^T
    let mut v_scaled = svd.vh.slice(ndarray::s![..rank, ..]).t().to_owned();
    for (mut col, &si) in v_scaled.columns_mut().into_iter().zip(svd.s.iter()) {
        col.mapv_inplace(|v| v / si);
    }
    Ok(gemm(
        v_scaled.view(),
        svd.u.slice(ndarray::s![.., ..rank]).t(),
    ))
}

/// The numerical rank: the number of singular values above a tolerance,
/// `np.linalg.matrix_rank(A, tol=None)`.
///
/// `tol = None` means `s_max * max(m, n) * eps` (NumPy's default); pass `Some(tol)` for an
/// absolute tolerance, e.g. the noise level of your data. Cost: the singular values only,
/// `O(m n min(m, n))`.
///
/// ```
/// use ndarray::array;
/// let a = array![[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]];
/// assert_eq!(linalg::matrix_rank(&a, None)?, 2);
/// # Ok::<(), linalg::Error>(())
/// ```
///
/// # Errors
/// [`Error::Empty`], [`Error::NonFinite`], [`Error::NoConvergence`].
pub fn matrix_rank<T, S>(a: &ArrayBase<S, Ix2>, tol: Option<T>) -> Result<usize>
where
    T: Float,
    S: Data<Elem = T>,
{
    let s = crate::decompose::svdvals_checked("matrix_rank", a)?;
    let (m, n) = a.dim();
    let tol = tol.unwrap_or_else(|| s[0] * default_rcond::<T>(m, n));
    Ok(s.iter().filter(|&&v| v > tol).count())
}
