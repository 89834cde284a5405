//! Householder bidiagonalisation of a matrix, `A = Q B P^T`, blocked like LAPACK's `gebrd`:
//! the first step of [`crate::svdvals`] for square and nearly square matrices, and of
//! [`crate::thin_svd`] for those with 400 columns or more.
//!
//! For `m >= n`, step `i` applies a reflection `H_i = I - tau_q u u^T` on the left that zeroes
//! column `i` below the diagonal, then a reflection `G_i = I - tau_p v v^T` on the right that
//! zeroes row `i` right of the superdiagonal. `B` is upper bidiagonal, with the same singular
//! values as `A`. Unblocked, each step reads the trailing matrix `A22` twice, for
//! `y = tau_q A22^T u` and `x = tau_p A22 v`, and updates it twice, by `u y^T` and `x v^T`.
//! LAPACK's `labrd` postpones the updates: within a panel of [`NB`] columns it keeps the
//! vectors in `U`, `V`, `X` and `Y`, brings a row or column up to date only when the panel
//! reaches it, and corrects `A22^T u` and `A22 v` for the updates not yet made. At the end of
//! the panel, `A22 <- A22 - U Y^T - X V^T` is one matrix product with inner dimension
//! `2 NB`. Half of the `4 m n^2 - 4/3 n^3` flops are then in the matrix-vector products;
//! the other half run at matrix-product speed.
//!
//! faer's `bidiag_in_place` is unblocked: each step fuses the two rank-one updates of the
//! previous column with the two products of the next, so it reads *and writes* the trailing
//! matrix at every step. For `784 x 784` that took 112 ms on one thread and 128 ms on two
//! here, against 95 ms for LAPACK's `dgebrd` (OpenBLAS, two threads) and 60-75 ms for this
//! module on two threads.
//!
//! Both products of a step read the trailing columns: on two threads or more, the columns
//! are split in two at the same place for both, one part on the calling thread and one on a
//! helper that busy-waits for them ([`crate::spin`]), so each thread reads the same columns
//! twice per step, from its own cache. The end-of-panel product is split the same way.
//!
//! Two corrections ride along with the products. The panel's earlier `v`s are kept in the
//! rows `j0..i` above row `i`, so in column `j` they sit just above the part of `A22` that
//! the product reads: one dot product of `A[j0.., j]` with `[-X[i, ..p]^T u; u]` gives
//! `(A22^T u)_j - (V^T X^T u)_j`, and one pass of `A[j0.., i+1..] v` gives both `A22 v` and
//! the `V v` that `x`'s correction needs.
//!
//! [`Bidiagonal::singular_values`] finishes `svdvals`, by dqds ([`crate::dqds`]);
//! `thin_svd` takes `B`'s vectors from [`crate::bidiag_svd`] and [`apply_factors`] turns them
//! into `A`'s.

use crate::convert::{slice, slice_mut};
use crate::householder::{Householder, make_householder};
use crate::scalar::Float;
use crate::simd::{axpy2, dot, has_avx2_fma, threads};
use crate::spin::{Helper, with_helper};
use faer::reborrow::{Reborrow, ReborrowMut};
use faer::{Accum, Mat, MatMut, MatRef, Par};
use ndarray::{Array2, ArrayViewMut2, ShapeBuilder, s};
use std::sync::Mutex;

/// Columns per panel.
pub(crate) const NB: usize = 16;

/// Below this many columns the reduction runs on the calling thread (its caller passes
/// `Par::Seq`). Measured for square matrices on the AVX-512 course machine, `svdvals` medians
/// of 7 calls: 300: 11.1 ms on one thread against 11.7 with the helper; 500: 37.2 against
/// 34.8; 784: 152 against 98.
pub(crate) const PAR_MIN: usize = 400;

/// Below this many trailing columns a product stays on one thread, even with a helper: the
/// hand-over costs more than it saves.
const PAR_COLS_MIN: usize = 96;

/// The diagonal and superdiagonal of `B`, and the scalars of the reflections that made it.
pub(crate) struct Bidiagonal<T> {
    /// `B[i, i]`, length `n`.
    pub diag: Vec<T>,
    /// `B[i, i + 1]`, length `n - 1`.
    pub superdiag: Vec<T>,
    /// The left reflections `H_i = I - u u^T / tau` in faer's convention (the inverse of
    /// LAPACK's `tau_q`; infinite for `H_i = I`), length `n`.
    pub tau_left: Vec<T>,
    /// The right reflections `G_i = I - v v^T / tau`, the same way, length `n - 1`.
    pub tau_right: Vec<T>,
}

impl<T: Float> Bidiagonal<T> {
    /// The singular values of `B` (descending), by dqds ([`crate::dqds`]). Where dqds
    /// declines (a zero on the diagonal, or no convergence): the eigenvalues of the `2n x 2n`
    /// tridiagonal matrix with zero diagonal and off-diagonal `d_0, e_0, d_1, ..., d_{n-1}`
    /// are `+-s_i` (Golub and Kahan), and LAPACK's root-free QL iteration
    /// ([`crate::tridiag_values`]) finds them to within a few `eps ||B||`, as accurate as the
    /// reduction that made `B`, 3-4 times slower than dqds. `None` if that did not converge
    /// either.
    pub(crate) fn singular_values(&self) -> Option<Vec<T>> {
        if let Some(s) = crate::dqds::bidiagonal_singular_values(&self.diag, &self.superdiag) {
            return Some(s);
        }
        let n = self.diag.len();
        let mut d = vec![T::zero(); 2 * n];
        let mut e: Vec<T> = (0..2 * n - 1)
            .map(|k| {
                if k % 2 == 0 {
                    self.diag[k / 2]
                } else {
                    self.superdiag[k / 2]
                }
            })
            .collect();
        crate::tridiag_values::tridiagonal_eigenvalues(&mut d, &mut e)?;
        d.sort_by(|x, y| y.partial_cmp(x).expect("finite eigenvalues"));
        d.truncate(n);
        Some(d.into_iter().map(T::abs).collect())
    }
}

/// Reduces `a` (`m x n` with `m >= n >= 1`, column-major) to upper bidiagonal form and returns
/// `B`. `a` is left holding the reflections' vectors as LAPACK's `gebrd` leaves them: `u_i`
/// in column `i` from row `i` down (`A[i, i] = 1`), `v_i` in row `i` from column `i + 1` on
/// (`A[i, i + 1] = 1`); [`apply_factors`] applies `Q` and `P` from them.
pub(crate) fn bidiagonalize<T: Float>(mut a: MatMut<'_, T>, par: Par) -> Bidiagonal<T> {
    let (m, n) = (a.nrows(), a.ncols());
    assert!(m >= n && n >= 1 && a.row_stride() == 1);
    if threads(par) > 1 && n > PAR_COLS_MIN {
        with_helper(|helper| reduce(a.rb_mut(), Some(helper)))
    } else {
        reduce(a.rb_mut(), None)
    }
}

/// Turns the SVD of `B` into that of `A = Q B P^T`: `U = Q [U_B; 0]` and `V = P V_B`, with
/// `Q` and `P` from the reflections that [`bidiagonalize`] left in `reduced` (`m x n`,
/// column-major) and the scalars in `b`. On entry `u` (`m x n`, any memory order) holds `U_B`
/// in its top `n` rows and zeros below, and `v` (`n x n`) holds `V_B`; both are overwritten.
///
/// Both products apply their reflections a panel at a time, from the last panel to the
/// first ([`Householder::apply_q`]), as LAPACK's `ormbr` does: `4 m n^2 - 2 n^3` flops for `U`
/// and `2 n^3` for `V`, all in products on this crate's GEMM. (`U_B` and `V_B` are dense, so
/// the single block reflection of [`Householder::apply_q_to_top`], which saves work when
/// only the top rows of its operand are nonzero, would cost more here: `7/3 n^3` each.)
pub(crate) fn apply_factors<T: Float>(
    reduced: Array2<T>,
    b: &Bidiagonal<T>,
    u: ArrayViewMut2<'_, T>,
    mut v: ArrayViewMut2<'_, T>,
) {
    let n = reduced.ncols();
    assert!(u.dim() == reduced.dim() && v.dim() == (n, n));
    if n > 1 {
        // G_i acts on coordinates i + 1..n: in P's own (n - 1)-square frame its vector
        // starts at row i, so row i of A's upper triangle, from column i + 1, is column i.
        let right = Array2::from_shape_fn((n - 1, n - 1).f(), |(r, c)| {
            if r > c {
                reduced[[c, r + 1]]
            } else {
                T::zero()
            }
        });
        Householder::from_reflections(right, &b.tau_right).apply_q(v.slice_mut(s![1.., ..]));
    }
    Householder::from_reflections(reduced, &b.tau_left).apply_q(u);
}

/// The reduction, on this thread alone or with `helper` taking part of each product.
fn reduce<T: Float>(mut a: MatMut<'_, T>, helper: Option<&Helper>) -> Bidiagonal<T> {
    let (m, n) = (a.nrows(), a.ncols());
    let avx = has_avx2_fma();
    let mut diag = vec![T::zero(); n];
    let mut superdiag = vec![T::zero(); n - 1];
    let mut tau_left = vec![T::zero(); n];
    let mut tau_right = vec![T::zero(); n - 1];
    // X (m x NB) and Y (n x NB): the panel's update vectors, indexed by global row.
    let mut x = Mat::<T>::zeros(m, NB);
    let mut y = Mat::<T>::zeros(n, NB);
    // [U X] and [Y V^T], the operands of the end-of-panel product.
    let mut lhs = Mat::<T>::zeros(m, 2 * NB);
    let mut rhs = Mat::<T>::zeros(n, 2 * NB);
    // Work vectors: [-X[i, ..p]^T u ; u] on rows j0..m, row i, two products and their halves.
    let mut w = vec![T::zero(); m];
    let mut row = vec![T::zero(); n];
    let (mut prod, mut prod2) = (vec![T::zero(); m], vec![T::zero(); n]);
    let halves = Halves::new(2 * m.max(n));
    let (mut t1, mut xi) = ([T::zero(); NB], [T::zero(); NB]);
    let mut t3 = [T::zero(); NB + 1];

    let mut j0 = 0;
    while j0 < n {
        let jb = NB.min(n - j0);
        for p in 0..jb {
            let i = j0 + p;
            tau_left[i] = left_reflection(avx, a.rb_mut(), x.rb(), y.rb(), j0, p, &mut diag[i]);
            let tau_q = tau_left[i].recip();
            if i + 1 == n {
                break;
            }
            let (r, c) = (m - j0, n - i - 1);

            // 3. y = tau_q (A22^T u - Y (U^T u) - V^T (X^T u)) for the columns i + 1..n; and,
            //    in the same pass, z = V^T X[i, ..p]^T for row i's update.
            {
                let u = &slice(a.rb().col(i))[i..];
                for q in 0..p {
                    w[q] = -dot(avx, &slice(x.rb().col(q))[i..], u);
                    t1[q] = dot(avx, &slice(a.rb().col(j0 + q))[i..], u);
                    xi[q] = x[(i, q)];
                }
                w[p..r].copy_from_slice(u);
            }
            let a_cols = a.rb().submatrix(j0, i + 1, r, c);
            let (ynew, z) = (&mut prod[..c], &mut prod2[..c]);
            columns_dot(avx, a_cols, &w[..r], &xi[..p], ynew, z, &halves, helper);
            for (q, &t) in t1[..p].iter().enumerate() {
                let yq = &slice(y.rb().col(q))[i + 1..];
                axpy2(avx, ynew, yq, -t, yq, T::zero());
            }
            ynew.iter_mut().for_each(|v| *v *= tau_q);
            {
                let mut ycol = y.rb_mut().col_mut(p);
                let ycol = slice_mut(ycol.rb_mut());
                ycol[..i + 1].fill(T::zero());
                ycol[i + 1..].copy_from_slice(ynew);
            }

            // 4. Row i, columns i + 1..n, brought up to date: -= Y A[i, j0..=i]^T + z.
            let row = &mut row[..c];
            for (k, o) in row.iter_mut().enumerate() {
                *o = a[(i, i + 1 + k)] - z[k];
            }
            for q in 0..=p {
                let yq = &slice(y.rb().col(q))[i + 1..];
                axpy2(avx, row, yq, -a[(i, j0 + q)], yq, T::zero());
            }

            // 5. The right reflection: zeroes row[1..], beta on the superdiagonal.
            let (head, tail) = row.split_first_mut().expect("i + 1 < n");
            let tau = make_householder(avx, head, tail);
            superdiag[i] = *head;
            *head = T::one();
            tau_right[i] = tau;
            let tau_p = tau.recip();
            for (k, &v) in row.iter().enumerate() {
                a[(i, i + 1 + k)] = v;
            }

            // 6. x = tau_p (A22 v - U (Y^T v) - X (V^T v)) for the rows i + 1..m: one pass
            //    over A[j0.., i + 1..] gives V^T v (rows j0..i) and A22 v (rows i + 1..).
            let v = &row[..];
            let av = &mut prod[..r];
            columns_axpy(
                avx,
                a.rb().submatrix(j0, i + 1, r, c),
                v,
                av,
                &halves,
                helper,
            );
            for (q, t) in t3[..=p].iter_mut().enumerate() {
                *t = dot(avx, &slice(y.rb().col(q))[i + 1..], v);
            }
            let (t4, rest) = av.split_at_mut(p);
            let xnew = &mut rest[1..]; // rows i + 1..m
            for q in 0..p {
                let uq = &slice(a.rb().col(j0 + q))[i + 1..];
                let xq = &slice(x.rb().col(q))[i + 1..];
                axpy2(avx, xnew, uq, -t3[q], xq, -t4[q]);
            }
            let u = &slice(a.rb().col(i))[i + 1..];
            axpy2(avx, xnew, u, -t3[p], u, T::zero());
            xnew.iter_mut().for_each(|v| *v *= tau_p);
            let mut xcol = x.rb_mut().col_mut(p);
            let xcol = slice_mut(xcol.rb_mut());
            xcol[..i + 1].fill(T::zero());
            xcol[i + 1..].copy_from_slice(xnew);
        }

        // 7. The panel's update of the trailing matrix, one product with inner dimension
        //    2 jb: A22 -= [U X] [Y V^T]^T.
        let k = j0 + jb;
        if k < n {
            let mut l = lhs.rb_mut().submatrix_mut(k, 0, m - k, 2 * jb);
            l.rb_mut()
                .subcols_mut(0, jb)
                .copy_from(a.rb().submatrix(k, j0, m - k, jb));
            l.rb_mut()
                .subcols_mut(jb, jb)
                .copy_from(x.rb().submatrix(k, 0, m - k, jb));
            let mut rt = rhs.rb_mut().submatrix_mut(k, 0, n - k, 2 * jb);
            rt.rb_mut()
                .subcols_mut(0, jb)
                .copy_from(y.rb().submatrix(k, 0, n - k, jb));
            let v_blk = a.rb().submatrix(j0, k, jb, n - k).transpose();
            rt.rb_mut().subcols_mut(jb, jb).copy_from(v_blk);
            let dst = a.rb_mut().submatrix_mut(k, k, m - k, n - k);
            trailing_update(dst, l.rb(), rt.rb(), helper);
        }
        j0 += jb;
    }
    Bidiagonal {
        diag,
        superdiag,
        tau_left,
        tau_right,
    }
}

/// Steps 1 and 2 of column `i = j0 + p`: brings `A[i.., i]` up to date with the panel's
/// earlier columns (`-= U Y[i, ..p]^T + X A[j0..i, i]`), then makes the reflection that
/// zeroes it below the diagonal. Leaves `u = [1, essentials]` in `A[i.., i]`, `beta` in
/// `diag`, and returns faer's `tau` (`1 / tau_q` in LAPACK's terms; infinite for the
/// identity).
fn left_reflection<T: Float>(
    avx: bool,
    a: MatMut<'_, T>,
    x: MatRef<'_, T>,
    y: MatRef<'_, T>,
    j0: usize,
    p: usize,
    diag: &mut T,
) -> T {
    let i = j0 + p;
    let (left, right) = a.split_at_col_mut(i);
    let col = slice_mut(right.col_mut(0));
    for q in 0..p {
        let (uq, xq) = (slice(left.rb().col(j0 + q)), slice(x.col(q)));
        let (yiq, viq) = (y[(i, q)], col[j0 + q]);
        axpy2(avx, &mut col[i..], &uq[i..], -yiq, &xq[i..], -viq);
    }
    let (head, tail) = col[i..].split_first_mut().expect("i < m");
    let tau = make_householder(avx, head, tail);
    *diag = *head;
    *head = T::one();
    tau
}

/// The buffer the helper writes its half of a product into.
struct Halves<T> {
    theirs: Mutex<Vec<T>>,
}

impl<T: Float> Halves<T> {
    fn new(len: usize) -> Self {
        Halves {
            theirs: Mutex::new(vec![T::zero(); len]),
        }
    }
}

/// Where `c` columns split between this thread (`..mid`) and the helper (`mid..`), or `None`
/// to stay on this thread.
fn split(c: usize, helper: Option<&Helper>) -> Option<(usize, &Helper)> {
    helper.filter(|_| c >= PAR_COLS_MIN).map(|h| (c / 2, h))
}

/// `out[j] = a[.., j] . w` and `z[j] = a[..p, j] . xi` (`p = xi.len()`) for every column.
#[allow(clippy::too_many_arguments)]
fn columns_dot<T: Float>(
    avx: bool,
    a: MatRef<'_, T>,
    w: &[T],
    xi: &[T],
    out: &mut [T],
    z: &mut [T],
    halves: &Halves<T>,
    helper: Option<&Helper>,
) {
    let cols = |lo: usize, hi: usize, out: &mut [T], z: &mut [T]| {
        for j in lo..hi {
            let col = slice(a.col(j));
            out[j - lo] = dot(avx, col, w);
            z[j - lo] = dot(avx, &col[..xi.len()], xi);
        }
    };
    let c = a.ncols();
    let Some((mid, helper)) = split(c, helper) else {
        cols(0, c, out, z);
        return;
    };
    let theirs = &halves.theirs;
    helper.join(|| cols(0, mid, &mut out[..mid], &mut z[..mid]), &|| {
        let mut buf = theirs.lock().expect("not poisoned");
        let (o, zz) = buf.split_at_mut(c - mid);
        cols(mid, c, o, &mut zz[..c - mid]);
    });
    let buf = theirs.lock().expect("not poisoned");
    out[mid..c].copy_from_slice(&buf[..c - mid]);
    z[mid..c].copy_from_slice(&buf[c - mid..2 * (c - mid)]);
}

/// `out = a v` (`out.len() == a.nrows()`).
fn columns_axpy<T: Float>(
    avx: bool,
    a: MatRef<'_, T>,
    v: &[T],
    out: &mut [T],
    halves: &Halves<T>,
    helper: Option<&Helper>,
) {
    let cols = |lo: usize, hi: usize, out: &mut [T]| {
        out.fill(T::zero());
        let mut j = lo;
        while j + 1 < hi {
            axpy2(
                avx,
                out,
                slice(a.col(j)),
                v[j],
                slice(a.col(j + 1)),
                v[j + 1],
            );
            j += 2;
        }
        if j < hi {
            let col = slice(a.col(j));
            axpy2(avx, out, col, v[j], col, T::zero());
        }
    };
    let (r, c) = (a.nrows(), a.ncols());
    let Some((mid, helper)) = split(c, helper) else {
        cols(0, c, out);
        return;
    };
    let theirs = &halves.theirs;
    helper.join(|| cols(0, mid, out), &|| {
        cols(mid, c, &mut theirs.lock().expect("not poisoned")[..r])
    });
    let buf = theirs.lock().expect("not poisoned");
    for (o, &b) in out.iter_mut().zip(&buf[..r]) {
        *o += b;
    }
}

/// `dst -= lhs rhs^T`, split by columns between this thread and the helper as the products
/// of the next panel are.
fn trailing_update<T: Float>(
    dst: MatMut<'_, T>,
    lhs: MatRef<'_, T>,
    rhs: MatRef<'_, T>,
    helper: Option<&Helper>,
) {
    let update = |dst: MatMut<'_, T>, rhs: MatRef<'_, T>| {
        faer::linalg::matmul::matmul(dst, Accum::Add, lhs, rhs.transpose(), -T::one(), Par::Seq);
    };
    let c = dst.ncols();
    let Some((mid, helper)) = split(c, helper) else {
        update(dst, rhs);
        return;
    };
    let (first, second) = dst.split_at_col_mut(mid);
    let second = Mutex::new(Some(second));
    helper.join(|| update(first, rhs.subrows(0, mid)), &|| {
        let dst = second
            .lock()
            .expect("not poisoned")
            .take()
            .expect("run once");
        update(dst, rhs.subrows(mid, c - mid));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tridiag::tests::values;
    use ndarray::Array2;

    /// `H diag(s) G` (`m x n`, `s.len() == n`) with `H` and `G` products of three random
    /// reflections `I - 2 w w^T / w^T w` each: orthogonal, so its singular values are `s`.
    fn with_singular_values(m: usize, n: usize, s: &[f64], seed: u64) -> Array2<f64> {
        let mut a = Array2::<f64>::zeros((m, n));
        for (k, &sk) in s.iter().enumerate() {
            a[(k, k)] = sk;
        }
        let mut r = values(seed);
        for _ in 0..3 {
            let w: Vec<f64> = (0..m).map(|_| r()).collect();
            let ww: f64 = w.iter().map(|x| x * x).sum();
            for mut col in a.columns_mut() {
                let f = 2.0 * col.iter().zip(&w).map(|(x, y)| x * y).sum::<f64>() / ww;
                col.iter_mut().zip(&w).for_each(|(x, y)| *x -= f * y);
            }
            let z: Vec<f64> = (0..n).map(|_| r()).collect();
            let zz: f64 = z.iter().map(|x| x * x).sum();
            for mut row in a.rows_mut() {
                let f = 2.0 * row.iter().zip(&z).map(|(x, y)| x * y).sum::<f64>() / zz;
                row.iter_mut().zip(&z).for_each(|(x, y)| *x -= f * y);
            }
        }
        a
    }

    fn bidiagonal_of<T: Float>(a: &Array2<T>, par: Par) -> Bidiagonal<T> {
        let mut m = Mat::<T>::from_fn(a.nrows(), a.ncols(), |i, j| a[(i, j)]);
        bidiagonalize(m.as_mut(), par)
    }

    /// Singular values `1, 0.9, 0.81, ...` down to about `1e-6`, with two exact zeros.
    fn spread(n: usize) -> Vec<f64> {
        let ratio = (1e-6f64).powf(1.0 / n as f64);
        let mut s: Vec<f64> = (0..n).map(|k| ratio.powi(k as i32)).collect();
        if n >= 8 {
            s[3] = 0.0;
            s[n - 2] = 0.0;
        }
        s
    }

    fn max_abs_diff(x: &[f64], y: &[f64]) -> f64 {
        assert_eq!(x.len(), y.len());
        x.iter()
            .zip(y)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max)
    }

    fn descending(mut s: Vec<f64>) -> Vec<f64> {
        s.sort_by(|a, b| b.total_cmp(a));
        s
    }

    #[test]
    fn the_bidiagonal_form_keeps_the_frobenius_norm() {
        // Orthogonal transformations keep ||A||_F: sum d_i^2 + sum e_i^2 = ||A||_F^2.
        for (m, n, par) in [
            (1, 1, Par::Seq),
            (7, 3, Par::Seq),
            (40, 33, Par::Seq),
            (150, 130, Par::rayon(2)),
        ] {
            let a = Array2::from_shape_simple_fn((m, n), values((m * 1000 + n) as u64));
            let b = bidiagonal_of(&a, par);
            assert_eq!((b.diag.len(), b.superdiag.len()), (n, n - 1));
            let norm2: f64 = a.iter().map(|x| x * x).sum();
            let kept: f64 = b.diag.iter().chain(&b.superdiag).map(|x| x * x).sum();
            assert!(
                (kept - norm2).abs() <= 1e-12 * norm2,
                "{m}x{n}: {kept} against {norm2}"
            );
        }
    }

    #[test]
    fn svdvals_of_square_tall_and_wide_matrices_are_the_singular_values_they_were_built_with() {
        // Sizes across panel boundaries (16), the helper's threshold (96 columns) and the
        // dispatch in `svdvals` (32 columns; QR first for m >= 2n with n >= 128), through
        // `svdvals` and straight through this module.
        for (m, n) in [
            (32, 32),
            (40, 33),
            (150, 150),
            (300, 200),
            (120, 97),
            (500, 130),
        ] {
            let s = spread(n);
            let a = with_singular_values(m, n, &s, (m + 7 * n) as u64);
            let tol = 20.0 * n as f64 * f64::EPSILON;
            let here = bidiagonal_of(&a, Par::rayon(2)).singular_values().unwrap();
            let err_here = max_abs_diff(&here, &descending(s.clone()));
            assert!(err_here <= tol, "{m}x{n} here: {err_here:e}");
            let got = crate::svdvals(&a).unwrap().to_vec();
            let err = max_abs_diff(&got, &descending(s.clone()));
            assert!(err <= tol, "{m}x{n}: {err:e}");
            let got_t = crate::svdvals(&a.t()).unwrap().to_vec();
            let err_t = max_abs_diff(&got_t, &descending(s));
            assert!(err_t <= tol, "{n}x{m}: {err_t:e}");
        }
    }

    #[test]
    fn the_reduction_on_one_thread_and_with_a_helper_keeps_the_singular_values() {
        // B itself may differ in rounding between the two (a split product sums in another
        // order, and the last reflectors of a matrix with tiny singular values amplify
        // that); its singular values may not.
        let s = spread(200);
        let a = with_singular_values(260, 200, &s, 5);
        let expected = descending(s);
        for par in [Par::Seq, Par::rayon(2)] {
            let got = bidiagonal_of(&a, par).singular_values().unwrap();
            let err = max_abs_diff(&got, &expected);
            assert!(err <= 20.0 * 200.0 * f64::EPSILON, "{par:?}: {err:e}");
        }
    }

    #[test]
    fn the_svd_of_b_becomes_that_of_a_at_every_panel_boundary() {
        // A = H diag(s) G with known s; U = Q U_B and V = P V_B must rebuild A with
        // orthonormal columns. Sizes cross the reduction's panel (16), the reflections'
        // panel (128 rows of Q, 128 of P: 129 x 129 has P of order 128) and m > n.
        for (m, n) in [(1, 1), (5, 3), (40, 33), (129, 129), (200, 130), (300, 300)] {
            let s = spread(n);
            let a = with_singular_values(m, n, &s, (m * 7 + n) as u64);
            let (u, v, got) = crate::decompose::bidiag_svd("test", a.view(), m % 2 == 0).unwrap();
            assert_eq!((u.dim(), v.dim(), got.nrows()), ((m, n), (n, n), n));
            let got: Vec<f64> = got.iter().copied().collect();
            assert!(max_abs_diff(&got, &descending(s.clone())) <= 1e-14 * n as f64);
            let rebuilt = (&u * &ndarray::Array1::from(got)).dot(&v.t());
            let err = (&rebuilt - &a).iter().fold(0.0f64, |w, x| w.max(x.abs()));
            assert!(err <= 1e-15 * (m * n) as f64, "{m} x {n}: {err:e}");
            let eye = Array2::<f64>::eye(n);
            for f in [&u, &v] {
                let orth = (&f.t().dot(f) - &eye)
                    .iter()
                    .fold(0.0f64, |w, x| w.max(x.abs()));
                assert!(orth <= 1e-15 * (m * n) as f64, "{m} x {n}: {orth:e}");
            }
        }
    }

    #[test]
    fn a_zero_matrix_and_zero_columns_give_zeros_not_nan() {
        let zero = Array2::<f64>::zeros((200, 140));
        assert!(crate::svdvals(&zero).unwrap().iter().all(|&x| x == 0.0));
        // Rank 1, u v^T: s_0 = |u| |v|, the rest 0 (within rounding).
        let u: Vec<f64> = (0..200).map(|i| (i as f64 * 0.37).sin()).collect();
        let v: Vec<f64> = (0..145)
            .map(|j| if j % 5 == 0 { 0.0 } else { (j as f64).cos() })
            .collect();
        let a = Array2::from_shape_fn((200, 145), |(i, j)| u[i] * v[j]);
        let s = crate::svdvals(&a).unwrap();
        let norm = |x: &[f64]| x.iter().map(|t| t * t).sum::<f64>().sqrt();
        let s0 = norm(&u) * norm(&v);
        assert!((s[0] - s0).abs() <= 1e-13 * s0, "{} against {s0}", s[0]);
        assert!(s.iter().skip(1).all(|&x| x.is_finite() && x <= 1e-13 * s0));
    }

    #[test]
    fn a_zero_on_the_diagonal_goes_to_the_golub_kahan_iteration() {
        // B = [[1, 1, 0], [0, 0, 1], [0, 0, 1]]: B B^T = [[2, 0, 0], [0, 1, 1], [0, 1, 1]],
        // eigenvalues 2, 2, 0. dqds needs a positive qd array and declines.
        let b = Bidiagonal {
            diag: vec![1.0, 0.0, 1.0],
            superdiag: vec![1.0, 1.0],
            tau_left: vec![],
            tau_right: vec![],
        };
        assert!(crate::dqds::bidiagonal_singular_values(&b.diag, &b.superdiag).is_none());
        let s = b.singular_values().unwrap();
        let r2 = 2f64.sqrt();
        assert!(max_abs_diff(&s, &[r2, r2, 0.0]) <= 1e-15, "{s:?}");
    }

    #[test]
    fn svdvals_in_f32_are_the_singular_values_they_were_built_with() {
        let s = spread(160);
        let a = with_singular_values(200, 160, &s, 11).mapv(|x| x as f32);
        let got: Vec<f64> = crate::svdvals(&a)
            .unwrap()
            .iter()
            .map(|&x| x as f64)
            .collect();
        let err = max_abs_diff(&got, &descending(s));
        assert!(err <= 20.0 * 160.0 * f32::EPSILON as f64, "{err:e}");
    }
}
