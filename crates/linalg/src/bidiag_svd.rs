//! Singular values and vectors of a real upper bidiagonal matrix by divide and conquer (the
//! design of Eigen's `BDCSVD`, as in LAPACK's `bdsdc`): the middle step of an SVD once the
//! matrix has been reduced to bidiagonal form.
//!
//! The solver works on the transpose of the caller's matrix, an `(n + 1) x n` *lower*
//! bidiagonal `M` (diagonal `d`, subdiagonal `e`, the last `e` zero at the top level), and
//! finds `M = U [S; 0] V^T` with `U` of order `n + 1`. Column `k = n / 2` is torn out, the
//! two lower bidiagonal blocks on either side of it are solved recursively (in parallel), and
//! their factors turn `M` into an *arrow* matrix: a diagonal (the children's singular values)
//! plus a first column `z` (Gu and Eisenstat). A merge then
//!
//! 1. *deflates* (Eigen's conditions 4.1 to 4.4): a negligible `z_i`, a negligible diagonal
//!    entry (a Givens rotation moves its `z_i` into `z_0`) or two nearly equal diagonal entries
//!    (a rotation zeroes one of their `z_i`) leaves a singular value known;
//! 2. finds the others as the roots of the *secular equation*
//!    `f(σ) = 1 + Σ z_i^2 / (d_i^2 - σ^2) = 0`, one in each interval `(d_i, d_{i+1})`, by
//!    bisection to a good start and then rational (secant-like) interpolation, each root kept
//!    as `σ = shift + μ` with `shift` the nearer pole so that `d_i - σ` keeps its relative
//!    accuracy;
//! 3. recomputes `z` from the roots (Löwner's formula, `perturb_col0`), which makes the
//!    vectors orthogonal to working precision;
//! 4. forms the arrow matrix's singular vectors, `u_j ∝ z_i / (d_i^2 - σ_j^2)` and
//!    `v_j ∝ d_i z_i / (d_i^2 - σ_j^2)`, undoes the deflating rotations, and multiplies them
//!    into the children's factors (two matrix products each for `U` and `V`).
//!
//! Below [`LEAF`] columns the implicit-shift QR algorithm (Golub and Kahan: Wilkinson's
//! shift, a zero diagonal entry chased out by rotations) solves the problem directly.
//!
//! This is a port of faer 0.23's private module `linalg::svd::bidiag_svd` (MIT licence;
//! faer in turn ported Eigen's `BDCSVD`, MPL 2.0): the same tear, deflation rules, root
//! finder, perturbation of `z` and products, and faer's QR algorithm at the leaves. Changed:
//!
//! * plain arithmetic on [`Float`] instead of faer's `#[math]` macro and internal helpers;
//!   `Vec`s and `Mat`s allocated per merge instead of faer's `MemStack` (the allocations are
//!   `O(n^2)` against the `O(n^3)` products);
//! * faer's `JacobiRotation::make_givens` and `utils::thread::join_raw` are hidden from its
//!   documentation, so [`make_givens`] is written here and [`join`] is the crate's (on
//!   rayon, shared with `tridiag_evd`); the rotations are applied with `JacobiRotation`'s
//!   public methods;
//! * a merge's `O(k^2)` parts (the roots, the recomputed `z`, the vectors: one or two
//!   divisions per term, on one thread in faer) run over the pool from [`PAR_MIN`] columns,
//!   since every root, entry and column is independent, and the products on the crate's
//!   GEMM ([`mul`]): for the bidiagonal of a random `784 x 784` matrix, 47-52 ms against
//!   59-62 ms;
//! * only full vectors: faer's `MatU::TwoRows` / `TwoRowsStorage` variants (values only or
//!   one factor only) are dropped, and the deflating rotations are kept in two growing
//!   `Vec`s instead of one array of length `n`;
//! * faer's leaf QR algorithm formed the Wilkinson shift from `(d + e^2)^2` where the
//!   trailing `2 x 2` block of `M M^T` has `d^2 + e^2`; that is corrected here (the shift only
//!   changes the speed of convergence, not the result);
//! * [`bidiagonal_svd`] maps the caller's upper bidiagonal `B` onto the solver's lower
//!   bidiagonal `M = B^T` as faer's `svd_imp` does (the solver's `V` is `B`'s `U` and the
//!   top-left `n x n` block of its `U` is `B`'s `V`), rejects non-finite input, and checks
//!   the order and signs of the result (they already come out descending and non-negative).
//!
//! Like faer, every level of the recursion works on `M / max |M|`: the root finder's
//! stopping tests are absolute and only mean "converged" at unit scale.

use crate::parallel::join;
use crate::scalar::Float;
use crate::simd::threads;
use crate::tridiag_evd::NoConvergence;
use faer::linalg::jacobi::JacobiRotation;
use faer::linalg::matmul::matmul;
use faer::reborrow::{Reborrow, ReborrowMut};
use faer::{Accum, ColMut, Mat, MatMut, MatRef, Par};
use faer_ext::IntoNdarray;
use rayon::prelude::*;

/// Sub-problems with fewer columns than this are solved by the QR algorithm (faer's default
/// `SvdParams::recursion_threshold`).
pub(crate) const LEAF: usize = 128;

/// From this many columns a merge computes its roots, its recomputed `z` and its vectors
/// (each `O(n^2)`, with divisions) on the threads of `par`; below, on the calling thread.
const PAR_MIN: usize = 96;

/// The SVD `B = U diag(s) V^T` of the `n x n` upper bidiagonal matrix `B` with
/// `B[i, i] = diag[i]` and `B[i, i + 1] = superdiag[i]`.
///
/// On return `diag` holds the singular values `s` in descending order (all `>= 0`), and the
/// columns of `u` and `v` (both `n x n`, overwritten) the left and right singular vectors.
/// `par` is the parallelism of the recursion and of its matrix products.
///
/// # Errors
/// [`NoConvergence`] when an entry is NaN or infinite, or when the QR algorithm at a leaf
/// did not converge.
///
/// # Panics
/// When `diag` is empty, `superdiag.len() + 1 != diag.len()`, or `u` or `v` is not `n x n`.
pub(crate) fn bidiagonal_svd<T: Float>(
    diag: &mut [T],
    superdiag: &[T],
    mut u: MatMut<'_, T>,
    mut v: MatMut<'_, T>,
    par: Par,
) -> Result<(), NoConvergence> {
    let n = diag.len();
    assert!(n >= 1 && superdiag.len() + 1 == n);
    assert!(u.nrows() == n && u.ncols() == n && v.nrows() == n && v.ncols() == n);
    if !diag.iter().chain(superdiag).all(|x| x.is_finite()) {
        return Err(NoConvergence);
    }
    // The solver's M is B^T, lower bidiagonal, (n + 1) x n with a zero last row.
    let mut sub: Vec<T> = superdiag.iter().copied().chain([T::zero()]).collect();
    if n < LEAF {
        // As faer's `compute_bidiag_real_svd`: the QR algorithm on M's n x n part. Its `u`
        // (M's left vectors) is B's V, its `v` is B's U.
        identity(v.rb_mut());
        identity(u.rb_mut());
        qr_algorithm(diag, &mut sub, v.rb_mut(), u.rb_mut())?;
    } else {
        let mut um = Mat::<T>::zeros(n + 1, n + 1);
        divide_and_conquer(diag, &mut sub, um.as_mut(), u.rb_mut(), par)?;
        v.copy_from(um.as_ref().submatrix(0, 0, n, n));
    }
    sort_descending(diag, u, v);
    Ok(())
}

/// Makes `s` non-negative (negating columns of `u`) and descending (permuting the columns
/// of `u` and `v` alike). faer's code already returns it so; this keeps the contract even
/// if a rounding leaves two values out of order.
fn sort_descending<T: Float>(s: &mut [T], mut u: MatMut<'_, T>, v: MatMut<'_, T>) {
    for (j, x) in s.iter_mut().enumerate() {
        if *x < T::zero() {
            *x = -*x;
            u.rb_mut().col_mut(j).iter_mut().for_each(|y| *y = -*y);
        }
    }
    if s.windows(2).all(|w| w[0] >= w[1]) {
        return;
    }
    let mut order: Vec<usize> = (0..s.len()).collect();
    order.sort_by(|&i, &j| {
        s[j].partial_cmp(&s[i])
            .unwrap_or(core::cmp::Ordering::Equal)
    });
    let sorted: Vec<T> = order.iter().map(|&i| s[i]).collect();
    s.copy_from_slice(&sorted);
    for mut m in [u, v] {
        let copy = m.rb().to_owned();
        for (j, &p) in order.iter().enumerate() {
            m.rb_mut().col_mut(j).copy_from(copy.col(p));
        }
    }
}

/// Overwrites `m` with the identity.
fn identity<T: Float>(mut m: MatMut<'_, T>) {
    m.fill(T::zero());
    m.diagonal_mut().fill(T::one());
}

/// The largest absolute value in `x` (zero if empty).
fn max_abs<T: Float>(x: &[T]) -> T {
    x.iter().fold(T::zero(), |m, y| m.max(y.abs()))
}

/// The Euclidean norm of `x`, scaled so that squares neither overflow nor underflow.
fn norm_l2<T: Float>(x: impl Iterator<Item = T> + Clone) -> T {
    let m = x.clone().fold(T::zero(), |m, y| m.max(y.abs()));
    if m == T::zero() || !m.is_finite() {
        return m;
    }
    let r = m.recip();
    m * x.fold(T::zero(), |s, y| s + (y * r) * (y * r)).sqrt()
}

/// The Givens rotation `(c, s)` with `c p - s q = r`, `s p + c q = 0` (faer's
/// `JacobiRotation::make_givens`, which faer hides from its documentation).
fn make_givens<T: Float>(p: T, q: T) -> JacobiRotation<T> {
    let (zero, one) = (T::zero(), T::one());
    if q == zero {
        let c = if p < zero { -one } else { one };
        JacobiRotation { c, s: zero }
    } else if p == zero {
        let s = if q < zero { one } else { -one };
        JacobiRotation { c: zero, s }
    } else if p.abs() > q.abs() {
        let t = q / p;
        let mut u = one.hypot(t);
        if p < zero {
            u = -u;
        }
        let c = u.recip();
        JacobiRotation { c, s: -t * c }
    } else {
        let t = p / q;
        let mut u = one.hypot(t);
        if q < zero {
            u = -u;
        }
        let s = -u.recip();
        JacobiRotation { c: -t * s, s }
    }
}

/// faer's implicit-shift QR algorithm on the lower bidiagonal `L` with diagonal `diag` and
/// subdiagonal `subdiag[..n - 1]` (`subdiag[n - 1]` must be zero): applies the rotations
/// of `L = U S V^T` to the columns of `u` (at least `n` columns) and `v` (`n x n`), which the
/// caller initialises (to the identity, or to earlier rotations). On return `diag` holds the
/// singular values, descending and non-negative.
fn qr_algorithm<T: Float>(
    diag: &mut [T],
    subdiag: &mut [T],
    mut u: MatMut<'_, T>,
    mut v: MatMut<'_, T>,
) -> Result<(), NoConvergence> {
    let n = diag.len();
    let eps = T::epsilon();
    let sml = T::min_positive_value();
    if n == 0 {
        return Ok(());
    }
    let nbits = core::mem::size_of::<T>() * 8;
    let max_iters = Ord::max(30, nbits / 2).saturating_mul(n).saturating_mul(n);
    let last = n - 1;

    let max = max_abs(diag).max(max_abs(subdiag));
    if max == T::zero() {
        return Ok(());
    }
    let max_inv = max.recip();
    diag.iter_mut().for_each(|x| *x *= max_inv);
    subdiag.iter_mut().for_each(|x| *x *= max_inv);
    let unscale = |diag: &mut [T], subdiag: &mut [T]| {
        diag.iter_mut().for_each(|x| *x *= max);
        subdiag.iter_mut().for_each(|x| *x *= max);
    };

    let eps2 = eps * eps;
    for iter in 0..max_iters {
        for i0 in 0..last {
            let i1 = i0 + 1;
            if subdiag[i0] * subdiag[i0] <= eps2 * (diag[i0] * diag[i1]).abs() + sml {
                subdiag[i0] = T::zero();
            }
        }

        let mut end = n;
        while end >= 2 && subdiag[end - 2] * subdiag[end - 2] <= sml {
            end -= 1;
        }
        if end == 1 {
            break;
        }
        let mut start = end - 1;
        while start >= 1 && subdiag[start - 1] != T::zero() {
            start -= 1;
        }

        // A zero diagonal entry: chase its subdiagonal entry out with rotations from the
        // right, which splits the block.
        let mut found_zero_diag = false;
        for i in start..end - 1 {
            if diag[i].abs() <= eps {
                found_zero_diag = true;
                let mut val = subdiag[i];
                subdiag[i] = T::zero();
                for j in i + 1..end {
                    let rot = make_givens(diag[j], val);
                    diag[j] = rot.c * diag[j] - rot.s * val;
                    if j + 1 < end {
                        val = rot.s * subdiag[j];
                        subdiag[j] = rot.c * subdiag[j];
                    }
                    rot.transpose()
                        .apply_on_the_right_in_place(v.rb_mut().two_cols_mut(j, i));
                }
            }
        }
        if found_zero_diag {
            if iter + 1 == max_iters {
                unscale(diag, subdiag);
                return Err(NoConvergence);
            }
            continue;
        }

        // Wilkinson's shift from the trailing 2 x 2 block of L L^T.
        let end2 = end - 2;
        let end1 = end - 1;
        let t00 = if end - start == 2 {
            diag[end2] * diag[end2]
        } else {
            diag[end2] * diag[end2] + subdiag[end - 3] * subdiag[end - 3]
        };
        let t11 = diag[end1] * diag[end1] + subdiag[end2] * subdiag[end2];
        let t01 = diag[end2] * subdiag[end2];
        let t01_2 = t01 * t01;
        let mu = if t01_2 > sml {
            let d = (t00 - t11) * T::from_f64(0.5);
            let mut delta = (d * d + t01_2).sqrt();
            if d < T::zero() {
                delta = -delta;
            }
            t11 - t01_2 / (d + delta)
        } else {
            t11
        };

        // The implicit QR step: chase the bulge down the block.
        let mut y = diag[start] * diag[start] - mu;
        let mut z = diag[start] * subdiag[start];
        for k in start..end1 {
            let rot = make_givens(y, z);
            if k > start {
                subdiag[k - 1] = (rot.c * y - rot.s * z).abs();
            }
            let mut diag_k = diag[k];
            let tmp = (
                rot.c * diag_k - rot.s * subdiag[k],
                rot.s * diag_k + rot.c * subdiag[k],
            );
            diag_k = tmp.0;
            subdiag[k] = tmp.1;
            let k1 = k + 1;
            y = diag_k;
            z = -rot.s * diag[k1];
            diag[k1] = rot.c * diag[k1];
            {
                let (ck, ck1) = u.rb_mut().two_cols_mut(k, k1);
                rot.apply_on_the_right_in_place((ck1, ck));
            }

            let rot = make_givens(y, z);
            diag_k = rot.c * y - rot.s * z;
            diag[k] = diag_k;
            let tmp = (
                rot.c * subdiag[k] - rot.s * diag[k1],
                rot.s * subdiag[k] + rot.c * diag[k1],
            );
            subdiag[k] = tmp.0;
            diag[k1] = tmp.1;
            if k < end - 2 {
                y = subdiag[k];
                z = -rot.s * subdiag[k1];
                subdiag[k1] = rot.c * subdiag[k1];
            }
            {
                let (ck, ck1) = v.rb_mut().two_cols_mut(k, k1);
                rot.apply_on_the_right_in_place((ck1, ck));
            }
        }

        if iter + 1 == max_iters {
            unscale(diag, subdiag);
            return Err(NoConvergence);
        }
    }

    // Signs into v, then a selection sort into descending order.
    for (j, d) in diag.iter_mut().enumerate() {
        if *d < T::zero() {
            *d = -*d;
            v.rb_mut().col_mut(j).iter_mut().for_each(|x| *x = -*x);
        }
    }
    for k in 0..n {
        let mut max = T::zero();
        let mut idx = k;
        for (kk, &d) in diag.iter().enumerate().skip(k) {
            if d > max {
                max = d;
                idx = kk;
            }
        }
        if k != idx {
            diag.swap(k, idx);
            faer::perm::swap_cols_idx(u.rb_mut(), k, idx);
            faer::perm::swap_cols_idx(v.rb_mut(), k, idx);
        }
    }
    unscale(diag, subdiag);
    Ok(())
}

/// The SVD `M = U [S; 0] V^T` of the `(n + 1) x n` lower bidiagonal `M` with diagonal `diag`
/// and subdiagonal `subdiag` (both of length `n`; `M[i + 1, i] = subdiag[i]`). `u` is
/// `(n + 1) x (n + 1)`, `v` is `n x n`; both are overwritten. On return `diag` holds the
/// singular values (descending) and `subdiag` is zero.
fn divide_and_conquer<T: Float>(
    diag: &mut [T],
    subdiag: &mut [T],
    mut u: MatMut<'_, T>,
    mut v: MatMut<'_, T>,
    par: Par,
) -> Result<(), NoConvergence> {
    let n = diag.len();
    if n < LEAF.max(4) {
        // Rotate the last row's entry away from the right (into U), then QR.
        identity(u.rb_mut());
        identity(v.rb_mut());
        let mut val = subdiag[n - 1];
        subdiag[n - 1] = T::zero();
        let mut i = n;
        while i > 0 {
            i -= 1;
            let rot = make_givens(diag[i], val);
            diag[i] = rot.c * diag[i] - rot.s * val;
            if i > 0 {
                val = rot.s * subdiag[i - 1];
                subdiag[i - 1] = rot.c * subdiag[i - 1];
            }
            rot.transpose()
                .apply_on_the_right_in_place(u.rb_mut().two_cols_mut(i, n));
        }
        return qr_algorithm(diag, subdiag, u, v);
    }

    let max = max_abs(diag).max(max_abs(subdiag));
    if max == T::zero() {
        identity(u);
        identity(v);
        return Ok(());
    }
    let max_inv = max.recip();
    diag.iter_mut()
        .chain(subdiag.iter_mut())
        .for_each(|x| *x *= max_inv);

    // Tear out column k: M1 (rows 0..=k, columns 0..k) and M2 (rows k + 1..=n, columns
    // k + 1..n), with alpha = M[k, k] and beta = M[k + 1, k] left between them.
    let k = n / 2;
    let rem = n - k - 1;
    let (alpha, beta) = (diag[k], subdiag[k]);
    {
        let (d1, d2) = diag.split_at_mut(k);
        let d2 = &mut d2[1..];
        let (s1, s2) = subdiag.split_at_mut(k);
        let s2 = &mut s2[1..];
        let (u_top, u_bot) = u.rb_mut().split_at_row_mut(k + 1);
        let u1 = u_top.submatrix_mut(0, 1, k + 1, k + 1);
        let u2 = u_bot.submatrix_mut(0, k + 1, rem + 1, rem + 1);
        let (v_top, v_bot) = v.rb_mut().split_at_row_mut(k);
        let v1 = v_top.subcols_mut(1, k);
        let v2 = v_bot.split_at_row_mut(1).1.subcols_mut(k + 1, rem);
        let mut r1 = Ok(());
        let mut r2 = Ok(());
        join(
            par,
            |par| r1 = divide_and_conquer(d1, s1, u1, v1, par),
            |par| r2 = divide_and_conquer(d2, s2, u2, v2, par),
        );
        r1?;
        r2?;
    }

    // M = diag(U1, U2) [arrow matrix] diag(1, V1, V2)^T after the rotation (c0, s0) that
    // merges the children's last left vectors.
    v[(k, 0)] = T::one();
    for i in (0..k).rev() {
        diag[i + 1] = diag[i];
    }
    let lambda = u[(k, k + 1)];
    let phi = u[(k + 1, n)];
    let al = alpha * lambda;
    let bp = beta * phi;
    let r0 = (al * al + bp * bp).sqrt();
    let (c0, s0) = if r0 == T::zero() {
        (T::one(), T::zero())
    } else {
        (al / r0, bp / r0)
    };
    let col0 = subdiag;
    diag[0] = r0;
    col0[0] = r0;
    for j in 1..k + 1 {
        col0[j] = alpha * u[(k, j)];
    }
    for j in k + 1..n {
        col0[j] = beta * u[(k + 1, j)];
    }
    for r in 0..k + 1 {
        let a = u[(r, k + 1)];
        u[(r, 0)] = c0 * a;
        u[(r, n)] = -s0 * a;
        u[(r, k + 1)] = T::zero();
    }
    for r in k + 1..n + 1 {
        let xn = u[(r, n)];
        u[(r, 0)] = s0 * xn;
        u[(r, n)] = c0 * xn;
    }

    let mut perm: Vec<usize> = (0..n).collect();
    let (rot43, rot44) = deflate(diag, col0, &mut perm, k);

    let mut um = Mat::<T>::zeros(n + 1, n + 1);
    let mut vm = Mat::<T>::zeros(n, n);
    compute_svd_of_m(um.as_mut(), vm.as_mut(), diag, col0, &perm, par);
    col0.fill(T::zero());

    // Undo the deflating rotations on the arrow matrix's vectors.
    for (rot, i) in rot44.iter().rev() {
        let (actual_i, actual_j) = (perm[i - 1], perm[*i]);
        let (ri, rj) = um
            .as_mut()
            .subcols_mut(0, n)
            .two_rows_mut(actual_i, actual_j);
        rot.apply_on_the_left_in_place((rj, ri));
        let (ri, rj) = vm.as_mut().two_rows_mut(actual_i, actual_j);
        rot.apply_on_the_left_in_place((rj, ri));
    }
    for (rot, i) in rot43.iter().rev() {
        let (r0, ri) = um.as_mut().subcols_mut(0, n).two_rows_mut(0, *i);
        rot.apply_on_the_left_in_place((ri, r0));
    }

    // V = diag(1, V1, V2) (as placed in v) times vm, U = (children's U) times um.
    let um = um.as_ref();
    let vm = vm.as_ref();
    let update_v = |mut v: MatMut<'_, T>, par: Par| {
        let mut combined = Mat::<T>::zeros(n, n);
        {
            let (mut c1, c2) = combined.as_mut().split_at_row_mut(k);
            let (mut ck, c2) = c2.split_at_row_mut(1);
            let v_lhs = v.rb();
            let (v_rhs1, v_rhs2) = vm.split_at_row(1).1.split_at_row(k);
            join(
                par,
                |_| mul(c1.rb_mut(), v_lhs.submatrix(0, 1, k, k), v_rhs1),
                |_| mul(c2, v_lhs.submatrix(k + 1, k + 1, rem, rem), v_rhs2),
            );
            let vk0 = v_lhs[(k, 0)];
            for j in 0..n {
                ck[(0, j)] = vk0 * vm[(0, j)];
            }
        }
        v.copy_from(combined.as_ref());
    };
    let update_u = |mut u: MatMut<'_, T>, par: Par| {
        let mut combined = Mat::<T>::zeros(n + 1, n + 1);
        {
            let (c1, c2) = combined.as_mut().split_at_row_mut(k + 1);
            let u_lhs = u.rb();
            let (u_rhs1, u_rhs2) = um.split_at_row(k + 1);
            join(
                par,
                |par| {
                    let mut c1 = c1;
                    mul(c1.rb_mut(), u_lhs.submatrix(0, 0, k + 1, k + 1), u_rhs1);
                    // Rank one: the merged last left vector's top part.
                    matmul(
                        c1.rb_mut(),
                        Accum::Add,
                        u_lhs.col(n).subrows(0, k + 1).as_mat(),
                        u_rhs2.row(rem).as_mat(),
                        T::one(),
                        par,
                    );
                },
                |par| {
                    let mut c2 = c2;
                    mul(
                        c2.rb_mut(),
                        u_lhs.submatrix(k + 1, k + 1, rem + 1, rem + 1),
                        u_rhs2,
                    );
                    matmul(
                        c2.rb_mut(),
                        Accum::Add,
                        u_lhs.col(0).subrows(k + 1, rem + 1).as_mat(),
                        u_rhs1.row(0).as_mat(),
                        T::one(),
                        par,
                    );
                },
            );
        }
        u.copy_from(combined.as_ref());
    };
    match par {
        Par::Rayon(_) => join(
            par,
            |par| update_v(v.rb_mut(), par),
            |par| update_u(u.rb_mut(), par),
        ),
        Par::Seq => {
            update_v(v.rb_mut(), par);
            update_u(u.rb_mut(), par);
        }
    }

    diag.iter_mut().for_each(|x| *x *= max);
    Ok(())
}

/// `c = a b` on the crate's blocked GEMM ([`crate::householder::product`]; faer's GEMM
/// below its sizes), on the whole pool whatever the caller's share of it: rayon's work
/// stealing shares the threads between the two products that run side by side. For the
/// bidiagonal of a random `784 x 784` matrix the divide and conquer took 47-52 ms against
/// 50-55 with faer's `matmul` (medians of 9, alternated).
fn mul<T: Float>(c: MatMut<'_, T>, a: MatRef<'_, T>, b: MatRef<'_, T>) {
    crate::householder::product(a.into_ndarray(), b.into_ndarray(), c.into_ndarray(), false);
}

/// A deflating rotation and the index it acts on.
type Deflation<T> = (JacobiRotation<T>, usize);

/// Deflates the arrow matrix (diagonal `diag`, first column `col0`, `diag[0] = col0[0]`;
/// `diag[1..=k]` and `diag[k + 1..]` the children's singular values, each descending) by
/// Eigen's conditions 4.1 to 4.4, and sorts `diag[1..]` ascending with negligible entries
/// last. Returns the rotations of conditions 4.3 (acting on rows `0` and `i`) and 4.4
/// (rows `perm[i - 1]` and `perm[i]`); `perm` receives the sorting permutation.
fn deflate<T: Float>(
    diag: &mut [T],
    col0: &mut [T],
    perm: &mut [usize],
    k: usize,
) -> (Vec<Deflation<T>>, Vec<Deflation<T>>) {
    let n = diag.len();
    let mut rot43 = Vec::new();
    let mut rot44 = Vec::new();

    let max_diag = max_abs(&diag[1..]);
    let max_col0 = max_abs(col0);
    let mx = max_diag.max(max_col0);
    let eps = T::epsilon();
    let sml = T::min_positive_value();
    let eps_strict = (eps * max_diag).max(sml);
    let eps_coarse = T::from_f64(8.0) * eps * mx;

    // 4.1: a tiny z_0 (the top-left entry) is raised to eps_coarse.
    if diag[0] < eps_coarse {
        diag[0] = eps_coarse;
        col0[0] = eps_coarse;
    }
    // 4.2: negligible z_i.
    for x in &mut col0[1..] {
        if x.abs() < eps_strict {
            *x = T::zero();
        }
    }
    // 4.3: a negligible d_i; its z_i is rotated into z_0.
    for i in 1..n {
        if diag[i] < eps_coarse
            && let Some(rot) = deflation_43(diag, col0, i)
        {
            rot43.push((rot, i));
        }
    }

    let total_deflation = col0[1..].iter().all(|x| x.abs() < sml);

    // The order, largest first: the top entry, the (numerically) zero diag entries, then
    // the merge of the two descending halves; it is applied in reverse below.
    perm[0] = 0;
    let mut p = 1;
    for (i, d) in diag.iter().enumerate().skip(1) {
        if d.abs() < sml {
            perm[p] = i;
            p += 1;
        }
    }
    let mut i = 1;
    let mut j = k + 1;
    for slot in &mut perm[p..] {
        if i > k {
            *slot = j;
            j += 1;
        } else if j >= n {
            *slot = i;
            i += 1;
        } else if diag[i] < diag[j] {
            *slot = j;
            j += 1;
        } else {
            *slot = i;
            i += 1;
        }
    }
    if total_deflation {
        for i in 1..n {
            let pi = perm[i];
            if diag[pi].abs() < sml || diag[pi] > diag[0] {
                perm[i - 1] = perm[i];
            } else {
                perm[i - 1] = 0;
                break;
            }
        }
    }

    // Apply the sort as transpositions (in reverse order: ascending).
    let mut real_ind: Vec<usize> = (0..n).collect();
    let mut real_col: Vec<usize> = (0..n).collect();
    let mut transpositions: Vec<usize> = (0..n).collect();
    for i in (if total_deflation { 0 } else { 1 })..n {
        let pi = perm[n - if total_deflation { i + 1 } else { i }];
        let j = real_col[pi];
        diag.swap(i, j);
        if i != 0 && j != 0 {
            col0.swap(i, j);
        }
        transpositions[i] = j;
        let real_i = real_ind[i];
        real_col[real_i] = j;
        real_col[pi] = i;
        real_ind[j] = real_i;
        real_ind[i] = pi;
    }
    col0[0] = diag[0];
    for (i, p) in perm.iter_mut().enumerate() {
        *p = i;
    }
    for (i, &j) in transpositions.iter().enumerate() {
        perm.swap(i, j);
    }

    // 4.4: nearly equal d_i; a rotation zeroes one of their z_i.
    let mut i = n - 1;
    while i > 0 && (diag[i].abs() < sml || col0[i].abs() < sml) {
        i -= 1;
    }
    while i > 1 {
        let i1 = i - 1;
        if diag[i] - diag[i1] < eps_strict
            && let Some(rot) = deflation_44(diag, col0, i1, i)
        {
            rot44.push((rot, i));
        }
        i = i1;
    }
    (rot43, rot44)
}

/// Condition 4.3: rotates `col0[i]` into `col0[0]` (`d_i` is negligible).
fn deflation_43<T: Float>(diag: &mut [T], col0: &mut [T], i: usize) -> Option<JacobiRotation<T>> {
    let p = col0[0];
    let q = col0[i];
    if p == T::zero() && q == T::zero() {
        return None;
    }
    let rot = make_givens(p, q);
    let r = rot.c * p - rot.s * q;
    col0[0] = r;
    diag[0] = r;
    col0[i] = T::zero();
    Some(rot)
}

/// Condition 4.4: `d_i ≈ d_j`; rotates `col0[j]` into `col0[i]` and sets `d_i = d_j`.
fn deflation_44<T: Float>(
    diag: &mut [T],
    col0: &mut [T],
    i: usize,
    j: usize,
) -> Option<JacobiRotation<T>> {
    let p = col0[i];
    let q = col0[j];
    if p == T::zero() && q == T::zero() {
        diag[i] = diag[j];
        return None;
    }
    let rot = make_givens(p, q);
    let r = rot.c * p - rot.s * q;
    col0[i] = r;
    col0[j] = T::zero();
    diag[i] = diag[j];
    Some(rot)
}

/// The SVD of the deflated arrow matrix (diagonal `diag[1..]`, first column `col0`):
/// singular values into `diag` (descending), left vectors into `um` (`(n + 1) x (n + 1)`,
/// zeroed by the caller) and right vectors into `vm` (`n x n`, zeroed), rows permuted back
/// by `outer_perm` (the sort of [`deflate`]).
fn compute_svd_of_m<T: Float>(
    um: MatMut<'_, T>,
    vm: MatMut<'_, T>,
    diag: &mut [T],
    col0: &[T],
    outer_perm: &[usize],
    par: Par,
) {
    let n = diag.len();
    let par = if n >= PAR_MIN { par } else { Par::Seq };
    diag[0] = T::zero();
    let mut actual_n = n;
    while actual_n > 1 && diag[actual_n - 1] == T::zero() {
        actual_n -= 1;
    }
    // The non-deflated entries.
    let perm: Vec<usize> = (0..actual_n).filter(|&i| col0[i] != T::zero()).collect();
    let col0_perm: Vec<T> = perm.iter().map(|&p| col0[p]).collect();
    let diag_perm: Vec<T> = perm.iter().map(|&p| diag[p]).collect();

    let mut shifts = vec![T::zero(); n];
    let mut mus = vec![T::zero(); n];
    let mut s = vec![T::zero(); n];
    let mut zhat = vec![T::zero(); n];
    compute_singular_values(
        &mut shifts,
        &mut mus,
        &mut s,
        diag,
        &diag_perm,
        col0,
        &col0_perm,
        par,
    );
    perturb_col0(&mut zhat, col0, diag, &perm, &s, &shifts, &mus, par);

    let mut col_perm: Vec<usize> = (0..actual_n).collect();
    let mut col_perm_inv: Vec<usize> = (0..actual_n).collect();
    for i0 in 0..actual_n - 1 {
        let i1 = i0 + 1;
        if s[i0] > s[i1] {
            s.swap(i0, i1);
            col_perm.swap(i0, i1);
        }
    }
    for (i, &p) in col_perm.iter().enumerate() {
        col_perm_inv[p] = i;
    }

    compute_singular_vectors(
        um,
        vm,
        &zhat,
        diag,
        &perm,
        outer_perm,
        &col_perm_inv,
        actual_n,
        &shifts,
        &mus,
        par,
    );

    for (idx, d) in diag[..actual_n].iter_mut().enumerate() {
        *d = s[actual_n - idx - 1];
    }
    diag[actual_n..].copy_from_slice(&s[actual_n..]);
}

/// Column `j` of `um` and `vm` for each singular value of the arrow matrix:
/// `u ∝ zhat_i / (d_i^2 - σ^2)`, `v ∝ d_i zhat_i / (d_i^2 - σ^2)` with `v_0 = -1`, both
/// normalised; a deflated value gets a unit vector. `um` and `vm` come in zeroed. The
/// columns are independent: on two threads or more they are shared out with rayon.
#[allow(clippy::too_many_arguments)]
fn compute_singular_vectors<T: Float>(
    mut um: MatMut<'_, T>,
    vm: MatMut<'_, T>,
    zhat: &[T],
    diag: &[T],
    perm: &[usize],
    outer_perm: &[usize],
    col_perm_inv: &[usize],
    actual_n: usize,
    shifts: &[T],
    mus: &[T],
    par: Par,
) {
    let n = diag.len();
    // Column j holds the vectors of value k_of[j] (the values come out ascending).
    // Deflated values past actual_n keep their own column.
    let mut k_of: Vec<usize> = (0..n).collect();
    for (k, &c) in col_perm_inv[..actual_n].iter().enumerate() {
        k_of[actual_n - c - 1] = k;
    }
    let column = |w: &mut Vec<T>, j: usize, mut ucol: ColMut<'_, T>, mut vcol: ColMut<'_, T>| {
        let k = k_of[j];
        if zhat[k] == T::zero() {
            ucol[outer_perm[k]] = T::one();
            vcol[outer_perm[k]] = T::one();
            return;
        }
        let (mu, shift) = (mus[k], shifts[k]);
        for (wl, &i) in w.iter_mut().zip(perm) {
            *wl = (zhat[i] / ((diag[i] - shift) - mu)) / (diag[i] + (shift + mu));
        }
        let norm_inv = norm_l2(w.iter().copied()).recip();
        for (&wl, &i) in w.iter().zip(perm) {
            ucol[outer_perm[i]] = wl * norm_inv;
        }
        w[0] = -T::one();
        for (wl, &i) in w.iter_mut().zip(perm).skip(1) {
            *wl = ((diag[i] * zhat[i]) / ((diag[i] - shift) - mu)) / (diag[i] + (shift + mu));
        }
        let norm_inv = norm_l2(w.iter().copied()).recip();
        vcol[outer_perm[0]] = w[0] * norm_inv;
        for (&wl, &i) in w.iter().zip(perm).skip(1) {
            vcol[outer_perm[i]] = wl * norm_inv;
        }
    };
    let buffer = || vec![T::zero(); perm.len()];
    let ucols = um.rb_mut().subcols_mut(0, n);
    if threads(par) > 1 {
        ucols
            .par_col_iter_mut()
            .zip(vm.par_col_iter_mut())
            .enumerate()
            .for_each_init(buffer, |w, (j, (u, v))| column(w, j, u, v));
    } else {
        let mut w = buffer();
        for (j, (u, v)) in ucols.col_iter_mut().zip(vm.col_iter_mut()).enumerate() {
            column(&mut w, j, u, v);
        }
    }
    um[(n, n)] = T::one();
}

/// Löwner's formula (Gu and Eisenstat): the first column `zhat` of the arrow matrix whose
/// singular values are exactly the computed `s = shift + mu`, which makes the vectors of
/// [`compute_singular_vectors`] orthogonal. The order of the operations matters.
#[allow(clippy::too_many_arguments)]
fn perturb_col0<T: Float>(
    zhat: &mut [T],
    col0: &[T],
    diag: &[T],
    perm: &[usize],
    s: &[T],
    shifts: &[T],
    mus: &[T],
    par: Par,
) {
    let m = perm.len();
    if m == 0 {
        zhat.fill(T::zero());
        return;
    }
    let last_idx = perm[m - 1];
    let entry = |k: usize| {
        if col0[k] == T::zero() {
            return T::zero();
        }
        let dk = diag[k];
        let mut prod = (s[last_idx] + dk) * (mus[last_idx] + (shifts[last_idx] - dk));
        for (l, &i) in perm.iter().enumerate() {
            if i == k {
                continue;
            }
            if i >= k && l == 0 {
                prod = T::zero();
                break;
            }
            let j = if i < k {
                i
            } else if l > 0 {
                perm[l - 1]
            } else {
                i
            };
            let term =
                ((s[j] + dk) / (diag[i] + dk)) * ((mus[j] + (shifts[j] - dk)) / (diag[i] - dk));
            prod *= term;
        }
        let tmp = prod.sqrt();
        if col0[k] > T::zero() { tmp } else { -tmp }
    };
    if threads(par) > 1 {
        zhat.par_iter_mut()
            .enumerate()
            .for_each(|(k, z)| *z = entry(k));
    } else {
        zhat.iter_mut().enumerate().for_each(|(k, z)| *z = entry(k));
    }
}

/// The singular values of the arrow matrix (`diag[0] = 0`), each as `shift + mu`: the
/// deflated ones are `diag[k]` (or `col0[0]` for `k = 0`), the others the roots of the
/// secular equation in `(diag[k], next non-deflated diag)`.
#[allow(clippy::too_many_arguments)]
fn compute_singular_values<T: Float>(
    shifts: &mut [T],
    mus: &mut [T],
    s: &mut [T],
    diag: &[T],
    diag_perm: &[T],
    col0: &[T],
    col0_perm: &[T],
    par: Par,
) {
    let n = diag.len();
    let mut actual_n = n;
    while actual_n > 1 && col0[actual_n - 1] == T::zero() {
        actual_n -= 1;
    }
    let col0_norm = norm_l2(col0.iter().copied());
    // (s, shift, mu) of value k.
    let value = |k: usize| {
        if col0[k] == T::zero() || actual_n == 1 {
            let s = if k == 0 { col0[0] } else { diag[k] };
            return (s, s, T::zero());
        }
        let last_k = k == actual_n - 1;
        let left = diag[k];
        let right = if last_k {
            diag[actual_n - 1] + col0_norm
        } else {
            let mut l = k + 1;
            while col0[l] == T::zero() {
                l += 1;
            }
            diag[l]
        };
        let (shift, mu) = secular_eq_root_finder(
            &|shift, mu| secular_eq(shift, mu, col0_perm, diag_perm),
            &|shift, mu| batch_secular_eq(shift, mu, col0_perm, diag_perm),
            left,
            right,
            last_k,
        );
        (shift + mu, shift, mu)
    };
    let mut values = vec![(T::zero(), T::zero(), T::zero()); n];
    if threads(par) > 1 {
        values
            .par_iter_mut()
            .enumerate()
            .for_each(|(k, x)| *x = value(k));
    } else {
        values
            .iter_mut()
            .enumerate()
            .for_each(|(k, x)| *x = value(k));
    }
    for (k, (sk, shift, mu)) in values.into_iter().enumerate() {
        (s[k], shifts[k], mus[k]) = (sk, shift, mu);
    }
}

/// `f(shift + mu) = 1 + Σ z_i^2 / ((d_i - shift - mu) (d_i + shift + mu))`.
fn secular_eq<T: Float>(shift: T, mu: T, col0_perm: &[T], diag_perm: &[T]) -> T {
    let mut res = T::one();
    for (&c, &d) in col0_perm.iter().zip(diag_perm) {
        res += (c / ((d - shift) - mu)) * (c / ((d + shift) + mu));
    }
    res
}

/// [`secular_eq`] at four points at once.
fn batch_secular_eq<T: Float>(
    shift: &[T; 4],
    mu: &[T; 4],
    col0_perm: &[T],
    diag_perm: &[T],
) -> [T; 4] {
    let mut res = [T::one(); 4];
    for (&c, &d) in col0_perm.iter().zip(diag_perm) {
        for ((res, &mu), &shift) in res.iter_mut().zip(mu).zip(shift) {
            *res += (c * c) / (((d - shift) - mu) * ((d + shift) + mu));
        }
    }
    res
}

/// The root of the increasing function `secular_eq(shift, mu)` in `(left, right)` (or
/// beyond `left` when `last`), returned as `(shift, mu)` with `shift` the nearer end:
/// bisection on a geometric mean for a starting bracket, then rational interpolation
/// `a / mu + b`, falling back to bisection when that leaves the bracket.
fn secular_eq_root_finder<T: Float>(
    secular_eq: &impl Fn(T, T) -> T,
    batch_secular_eq: &impl Fn(&[T; 4], &[T; 4]) -> [T; 4],
    left: T,
    right: T,
    last: bool,
) -> (T, T) {
    let zero = T::zero();
    let two = T::from_f64(2.0);
    let eight = T::from_f64(8.0);
    let one_half = T::from_f64(0.5);
    let epsilon = T::epsilon();

    let mid = left + (right - left) * one_half;
    let [mut f_mid, f_max, f_mid_left_shift, f_mid_right_shift] = batch_secular_eq(
        &[zero, left, left, right],
        &[
            mid,
            if last {
                right - left
            } else {
                (right - left) * one_half
            },
            (right - left) * one_half,
            (left - right) * one_half,
        ],
    );

    let (mut shift, mu) = if last || f_mid > zero {
        (left, (right - left) * one_half)
    } else {
        (right, (left - right) * one_half)
    };
    if f_mid_left_shift <= zero && f_mid_right_shift > zero {
        return (shift, mu);
    }
    if !last {
        if shift == left {
            if f_mid_left_shift < zero {
                shift = right;
                f_mid = f_mid_right_shift;
            }
        } else if f_mid_right_shift > zero {
            shift = left;
            f_mid = f_mid_left_shift;
        }
    }
    let shift = shift;

    // Rational interpolation from two iterates; returns whether to fall back to bisection,
    // the last iterate and a bracket found on the way.
    let secant = |mut mu_cur: T, mut mu_prev: T, mut f_cur: T, mut f_prev: T| {
        if f_prev.abs() < f_cur.abs() {
            core::mem::swap(&mut f_prev, &mut f_cur);
            core::mem::swap(&mut mu_prev, &mut mu_cur);
        }
        let mut left_candidate = None;
        let mut right_candidate = None;
        let mut use_bisection = false;
        let same_sign = (f_prev > zero) == (f_cur > zero);
        if !same_sign {
            let (min, max) = if mu_cur < mu_prev {
                (mu_cur, mu_prev)
            } else {
                (mu_prev, mu_cur)
            };
            left_candidate = Some(min);
            right_candidate = Some(max);
        }

        while f_cur != zero
            && (mu_cur - mu_prev).abs() > eight * epsilon * mu_cur.abs().max(mu_prev.abs())
            && (f_cur - f_prev).abs() > epsilon
            && !use_bisection
        {
            // Fit a / mu + b through the two iterates and take its zero.
            let a = (f_cur - f_prev) * (mu_prev * mu_cur) / (mu_prev - mu_cur);
            let b = f_cur - a / mu_cur;
            let mu_zero = -a / b;
            let f_zero = secular_eq(shift, mu_zero);
            if f_zero < zero {
                left_candidate = Some(mu_zero);
            } else {
                right_candidate = Some(mu_zero);
            }
            mu_prev = mu_cur;
            f_prev = f_cur;
            mu_cur = mu_zero;
            f_cur = f_zero;

            if shift == left && (mu_cur < zero || mu_cur > right - left) {
                use_bisection = true;
            }
            if shift == right && (mu_cur > zero || mu_cur < left - right) {
                use_bisection = true;
            }
            if f_cur.abs() > f_prev.abs() {
                // Look for the other side of the root: mu with a / mu + b = -k f_zero.
                let mut k = T::one();
                for _ in 0..4 {
                    let mu_opposite = -a / (k * f_zero + b);
                    let f_opposite = secular_eq(shift, mu_opposite);
                    if f_zero < zero && f_opposite >= zero {
                        right_candidate = Some(mu_opposite);
                        break;
                    }
                    if f_zero > zero && f_opposite <= zero {
                        left_candidate = Some(mu_opposite);
                        break;
                    }
                    k *= two;
                }
                use_bisection = true;
            }
        }
        (use_bisection, mu_cur, left_candidate, right_candidate)
    };

    let (mut left_shifted, mut f_left, mut right_shifted, mut f_right) = if shift == left {
        (
            zero,
            T::neg_infinity(),
            if last {
                right - left
            } else {
                (right - left) * one_half
            },
            if last { f_max } else { f_mid },
        )
    } else {
        ((left - right) * one_half, f_mid, zero, T::infinity())
    };

    let mut iteration_count = 0;
    let mut f_prev = f_mid;

    // Non-zero starting bounds: the side's end scaled by 2^-8, 2^-4, 2^-2, 2^-1.
    let half0 = one_half;
    let half1 = half0 * half0;
    let half2 = half1 * half1;
    let half3 = half2 * half2;
    let base = if shift == left {
        right_shifted
    } else {
        left_shifted
    };
    let mu_values = [base * half3, base * half2, base * half1, base * half0];
    let f_values = batch_secular_eq(&[shift; 4], &mu_values);
    if shift == left {
        let mut i = 0;
        for (idx, (&mu, &f)) in mu_values.iter().zip(&f_values).enumerate() {
            if f < zero {
                left_shifted = mu;
                f_left = f;
                i = idx + 1;
            }
        }
        if i < f_values.len() {
            right_shifted = mu_values[i];
            f_right = f_values[i];
        }
    } else {
        let mut i = 0;
        for (idx, (&mu, &f)) in mu_values.iter().zip(&f_values).enumerate() {
            if f > zero {
                right_shifted = mu;
                f_right = f;
                i = idx + 1;
            }
        }
        if i < f_values.len() {
            left_shifted = mu_values[i];
            f_left = f_values[i];
        }
    }

    // A few bisection steps (on the geometric mean) for a good secant start.
    while right_shifted - left_shifted > two * epsilon * left_shifted.abs().max(right_shifted.abs())
    {
        let mid_shifted_arithmetic = (left_shifted + right_shifted) * one_half;
        let mut mid_shifted_geometric = left_shifted.abs().sqrt() * right_shifted.abs().sqrt();
        if left_shifted < zero {
            mid_shifted_geometric = -mid_shifted_geometric;
        }
        let mid_shifted = if mid_shifted_geometric == zero {
            mid_shifted_arithmetic
        } else {
            mid_shifted_geometric
        };
        let f_mid = secular_eq(shift, mid_shifted);
        if f_mid == zero {
            return (shift, mid_shifted);
        } else if f_mid > zero {
            right_shifted = mid_shifted;
            f_prev = f_right;
            f_right = f_mid;
        } else {
            left_shifted = mid_shifted;
            f_prev = f_left;
            f_left = f_mid;
        }
        if iteration_count == 4 {
            break;
        }
        iteration_count += 1;
    }

    // The secant iteration from the bisection's bracket.
    let args = if left_shifted == zero {
        (right_shifted * two, right_shifted, f_prev, f_right)
    } else if right_shifted == zero {
        (left_shifted * two, left_shifted, f_prev, f_left)
    } else {
        (left_shifted, right_shifted, f_left, f_right)
    };
    let (use_bisection, mut mu_cur, left_candidate, right_candidate) =
        secant(args.0, args.1, args.2, args.3);
    if let (Some(l), Some(r)) = (left_candidate, right_candidate)
        && l < r
    {
        if l > left_shifted {
            left_shifted = l;
        }
        if r < right_shifted {
            right_shifted = r;
        }
    }

    // The secant failed: bisection to the end.
    if use_bisection {
        while right_shifted - left_shifted
            > two * epsilon * left_shifted.abs().max(right_shifted.abs())
        {
            let mid_shifted = (left_shifted + right_shifted) * one_half;
            let f_mid = secular_eq(shift, mid_shifted);
            if f_mid == zero {
                break;
            } else if f_mid > zero {
                right_shifted = mid_shifted;
            } else {
                left_shifted = mid_shifted;
            }
        }
        mu_cur = (left_shifted + right_shifted) * one_half;
    }
    (shift, mu_cur)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tridiag::tests::values;

    /// An `n x n` upper bidiagonal with entries uniform in `[-1, 1)`.
    fn random<T: Float>(n: usize, seed: u64) -> (Vec<T>, Vec<T>) {
        let mut r = values(seed);
        let d = (0..n).map(|_| T::from_f64(r())).collect();
        let e = (0..n - 1).map(|_| T::from_f64(r())).collect();
        (d, e)
    }

    /// `B` as a dense matrix.
    fn dense<T: Float>(d: &[T], e: &[T]) -> Mat<T> {
        Mat::from_fn(d.len(), d.len(), |i, j| {
            if i == j {
                d[i]
            } else if j == i + 1 {
                e[i]
            } else {
                T::zero()
            }
        })
    }

    /// `(s, U, V)` from [`bidiagonal_svd`].
    fn run<T: Float>(d: &[T], e: &[T], par: Par) -> (Vec<T>, Mat<T>, Mat<T>) {
        let n = d.len();
        let mut s = d.to_vec();
        let mut u = Mat::<T>::zeros(n, n);
        let mut v = Mat::<T>::zeros(n, n);
        bidiagonal_svd(&mut s, e, u.as_mut(), v.as_mut(), par).expect("converges");
        (s, u, v)
    }

    /// `max |I - Q^T Q|`.
    fn orthogonality<T: Float>(q: &Mat<T>) -> f64 {
        let n = q.ncols();
        let mut g = Mat::<T>::identity(n, n);
        matmul(
            g.as_mut(),
            Accum::Add,
            q.transpose(),
            q.as_ref(),
            -T::one(),
            Par::Seq,
        );
        max_abs_of(&g)
    }

    fn max_abs_of<T: Float>(m: &Mat<T>) -> f64 {
        let mut x = 0.0f64;
        for j in 0..m.ncols() {
            for i in 0..m.nrows() {
                x = x.max(m[(i, j)].to_f64().abs());
            }
        }
        x
    }

    /// Runs the SVD and asserts, with `tol = c n eps`: `max |B - U S V^T| <= tol max |B|`,
    /// `max |I - U^T U|, max |I - V^T V| <= tol`, `s` descending and non-negative. Returns `s`.
    fn check<T: Float>(d: &[T], e: &[T], par: Par, c: f64) -> Vec<T> {
        let n = d.len();
        let (s, u, v) = run(d, e, par);
        let b = dense(d, e);
        let tol = c * n as f64 * T::epsilon().to_f64();
        let us = Mat::from_fn(n, n, |i, j| u[(i, j)] * s[j]);
        let mut r = b.clone();
        matmul(
            r.as_mut(),
            Accum::Add,
            us.as_ref(),
            v.transpose(),
            -T::one(),
            Par::Seq,
        );
        let norm = max_abs_of(&b);
        let err = max_abs_of(&r);
        assert!(
            err <= tol * norm,
            "n = {n}: |B - U S V^T| = {err:e}, |B| = {norm:e}"
        );
        let (ou, ov) = (orthogonality(&u), orthogonality(&v));
        assert!(
            ou <= tol && ov <= tol,
            "n = {n}: |I - U^T U| = {ou:e}, |I - V^T V| = {ov:e}"
        );
        assert!(s.iter().all(|&x| x >= T::zero()), "n = {n}: negative value");
        assert!(
            s.windows(2).all(|w| w[0] >= w[1]),
            "n = {n}: not descending"
        );
        s
    }

    /// `|s_k - exact_k| <= tol` for all `k`.
    fn assert_values_near<T: Float>(s: &[T], exact: &[f64], tol: f64) {
        assert_eq!(s.len(), exact.len());
        for (k, (&x, &y)) in s.iter().zip(exact).enumerate() {
            let x = x.to_f64();
            assert!(
                (x - y).abs() <= tol,
                "s[{k}] = {x:e}, expected {y:e} (tol {tol:e})"
            );
        }
    }

    #[test]
    fn reconstructs_random_bidiagonals_of_every_size_with_orthogonal_factors() {
        for (n, seed) in [
            (1, 1),
            (2, 2),
            (3, 3),
            (10, 4),
            (LEAF - 1, 5),
            (LEAF + 1, 6),
            (100, 7),
            (300, 8),
        ] {
            let (d, e) = random::<f64>(n, seed);
            check(&d, &e, Par::Seq, 4.0);
        }
    }

    #[test]
    fn reconstructs_the_bidiagonal_of_a_dense_random_matrix_on_two_threads() {
        // A random dense matrix's bidiagonal has smooth, well separated singular values: few
        // deflations, so every merge runs its roots, z and vectors in full, here on two
        // threads (from 96 columns).
        let n = 300;
        let b = dense_bidiagonal(n, 31);
        let s = check(&b.diag, &b.superdiag, Par::rayon(2), 4.0);
        let dqds = crate::dqds::bidiagonal_singular_values(&b.diag, &b.superdiag).unwrap();
        assert_values_near(&s, &dqds, 4.0 * n as f64 * f64::EPSILON * dqds[0]);
    }

    #[test]
    fn reconstructs_on_two_threads_as_on_one() {
        let (d, e) = random::<f64>(300, 9);
        let s2 = check(&d, &e, Par::rayon(2), 4.0);
        let (s1, _, _) = run(&d, &e, Par::Seq);
        let s1: Vec<f64> = s1.iter().map(|x| x.to_f64()).collect();
        assert_values_near(&s2, &s1, 4.0 * 300.0 * f64::EPSILON * s1[0]);
    }

    #[test]
    fn finds_two_cos_k_pi_over_2n_plus_1_for_the_bidiagonal_of_ones() {
        // B^T B is tridiagonal [1 1; 1 2 1; ...; 1 2] whose eigenvalues are
        // 4 cos^2(k pi / (2n + 1)), k = 1..n.
        for n in [1, 10, LEAF + 3, 250] {
            let (d, e) = (vec![1.0f64; n], vec![1.0f64; n - 1]);
            let s = check(&d, &e, Par::Seq, 4.0);
            let exact: Vec<f64> = (1..=n)
                .map(|k| 2.0 * (k as f64 * std::f64::consts::PI / (2 * n + 1) as f64).cos())
                .collect();
            assert_values_near(&s, &exact, 4.0 * n as f64 * f64::EPSILON);
        }
    }

    #[test]
    fn reconstructs_a_graded_bidiagonal_from_one_to_1e_minus_12() {
        for (n, seed) in [(60, 10), (200, 11)] {
            let mut r = values(seed);
            let grade = |i: usize| 10f64.powf(-12.0 * i as f64 / (n - 1) as f64);
            let d: Vec<f64> = (0..n).map(grade).collect();
            let e: Vec<f64> = (0..n - 1).map(|i| r() * grade(i)).collect();
            check(&d, &e, Par::Seq, 4.0);
            // And the other way round: tiny entries first.
            let (dr, er): (Vec<f64>, Vec<f64>) = (
                d.iter().rev().copied().collect(),
                e.iter().rev().copied().collect(),
            );
            check(&dr, &er, Par::Seq, 4.0);
        }
    }

    #[test]
    fn splits_at_a_zero_superdiagonal_entry_into_two_bidiagonals_of_ones() {
        // diag(ones(n1), ones(n2)): the union of the two sets of 2 cos(k pi / (2 m + 1)).
        for (n1, n2) in [(20, 30), (130, 70)] {
            let n = n1 + n2;
            let d = vec![1.0f64; n];
            let mut e = vec![1.0f64; n - 1];
            e[n1 - 1] = 0.0;
            let s = check(&d, &e, Par::Seq, 4.0);
            let ones = |m: usize| {
                (1..=m).map(move |k| {
                    2.0 * (k as f64 * std::f64::consts::PI / (2 * m + 1) as f64).cos()
                })
            };
            let mut exact: Vec<f64> = ones(n1).chain(ones(n2)).collect();
            exact.sort_by(|a, b| b.partial_cmp(a).expect("finite"));
            assert_values_near(&s, &exact, 4.0 * n as f64 * f64::EPSILON);
        }
    }

    #[test]
    fn reconstructs_random_bidiagonals_with_many_zero_superdiagonal_entries() {
        for (n, seed) in [(50, 12), (300, 13)] {
            let (d, mut e) = random::<f64>(n, seed);
            for i in (0..n - 1).step_by(7) {
                e[i] = 0.0;
            }
            check(&d, &e, Par::Seq, 4.0);
        }
    }

    #[test]
    fn finds_a_zero_singular_value_for_each_zero_on_the_diagonal_of_a_split_bidiagonal() {
        // det B = prod d_i, so a zero d_i makes B singular; with a zero superdiagonal entry
        // between two such zeros the two blocks are each singular: two zero values.
        for (n, seed) in [(40, 14), (150, 15), (300, 16)] {
            let (mut d, mut e) = random::<f64>(n, seed);
            d[n / 4] = 0.0;
            e[n / 2] = 0.0;
            d[3 * n / 4] = 0.0;
            let s = check(&d, &e, Par::Seq, 4.0);
            let tol = 2.0 * n as f64 * f64::EPSILON;
            assert!(
                s[n - 1] <= tol && s[n - 2] <= tol,
                "{:e} {:e}",
                s[n - 1],
                s[n - 2]
            );
            // Σ s_i^2 = ||B||_F^2.
            let fro: f64 = d.iter().chain(&e).map(|x| x * x).sum();
            let sum: f64 = s.iter().map(|x| x * x).sum();
            assert!((fro - sum).abs() <= tol * fro);
        }
        // Zeros at the ends of the diagonal.
        for n in [5, 200] {
            let (mut d, e) = random::<f64>(n, 17);
            d[0] = 0.0;
            d[n - 1] = 0.0;
            let s = check(&d, &e, Par::Seq, 4.0);
            assert!(s[n - 1] <= 2.0 * n as f64 * f64::EPSILON);
        }
    }

    #[test]
    fn returns_the_sorted_absolute_values_of_a_diagonal_matrix_with_repeated_entries() {
        for n in [12, 200] {
            let d: Vec<f64> = (0..n).map(|i| [3.0, -1.0, 0.5, 3.0, -0.5][i % 5]).collect();
            let e = vec![0.0; n - 1];
            let s = check(&d, &e, Par::Seq, 4.0);
            let mut exact: Vec<f64> = d.iter().map(|x| x.abs()).collect();
            exact.sort_by(|a, b| b.partial_cmp(a).expect("finite"));
            assert_values_near(&s, &exact, 0.0);
        }
    }

    #[test]
    fn reconstructs_a_constant_diagonal_with_a_small_random_superdiagonal() {
        // Clustered values: the merges deflate nearly equal diagonal entries (condition 4.4).
        for (n, seed) in [(60, 18), (300, 19)] {
            let mut r = values(seed);
            let d = vec![1.0f64; n];
            let e: Vec<f64> = (0..n - 1).map(|_| 1e-9 * r()).collect();
            check(&d, &e, Par::Seq, 4.0);
        }
    }

    #[test]
    fn returns_zeros_and_orthogonal_factors_for_the_zero_matrix() {
        for n in [3, 200] {
            let s = check(&vec![0.0f64; n], &vec![0.0; n - 1], Par::Seq, 1.0);
            assert!(s.iter().all(|&x| x == 0.0));
        }
    }

    #[test]
    fn reconstructs_after_scaling_by_1e_minus_200_and_1e200() {
        for scale in [1e-200, 1e200] {
            for (n, seed) in [(50, 20), (200, 21)] {
                let (d, e) = random::<f64>(n, seed);
                let d: Vec<f64> = d.iter().map(|x| x * scale).collect();
                let e: Vec<f64> = e.iter().map(|x| x * scale).collect();
                check(&d, &e, Par::Seq, 4.0);
            }
        }
    }

    #[test]
    fn works_in_f32_with_a_looser_tolerance() {
        for (n, seed) in [(10, 22), (LEAF + 1, 23), (300, 24)] {
            let (d, e) = random::<f32>(n, seed);
            check(&d, &e, Par::Seq, 8.0);
        }
        let n = 200;
        let s = check(&vec![1.0f32; n], &vec![1.0f32; n - 1], Par::Seq, 8.0);
        let exact: Vec<f64> = (1..=n)
            .map(|k| 2.0 * (k as f64 * std::f64::consts::PI / (2 * n + 1) as f64).cos())
            .collect();
        assert_values_near(&s, &exact, 4.0 * n as f64 * f32::EPSILON as f64);
    }

    #[test]
    fn rejects_nan_and_infinite_input() {
        for n in [5, 200] {
            for (bad_d, bad) in [(true, f64::NAN), (false, f64::NAN), (false, f64::INFINITY)] {
                let (mut d, mut e) = random::<f64>(n, 25);
                if bad_d {
                    d[n / 2] = bad;
                } else {
                    e[n / 3] = bad;
                }
                let mut u = Mat::<f64>::zeros(n, n);
                let mut v = Mat::<f64>::zeros(n, n);
                let r = bidiagonal_svd(&mut d, &e, u.as_mut(), v.as_mut(), Par::Seq);
                assert!(r.is_err());
            }
        }
    }

    #[test]
    fn agrees_with_dqds_on_a_well_conditioned_random_bidiagonal() {
        // d in [2, 3) and |e| < 1: B = D (I + D^-1 E) with |D^-1 E| <= 1/2, so every singular
        // value lies in [1, 4] and both methods must agree to a few n eps relatively.
        for (n, seed) in [(60, 26), (300, 27)] {
            let mut r = values(seed);
            let d: Vec<f64> = (0..n).map(|_| 2.5 + 0.5 * r()).collect();
            let e: Vec<f64> = (0..n - 1).map(|_| r()).collect();
            let s = check(&d, &e, Par::Seq, 4.0);
            let t = crate::dqds::bidiagonal_singular_values(&d, &e).expect("dqds converges");
            for (k, (&x, &y)) in s.iter().zip(&t).enumerate() {
                assert!(
                    (x - y).abs() <= 2.0 * n as f64 * f64::EPSILON * y,
                    "s[{k}]: {x} vs {y}"
                );
            }
        }
    }

    /// The bidiagonal of a random dense `n x n` matrix.
    fn dense_bidiagonal(n: usize, seed: u64) -> crate::bidiag::Bidiagonal<f64> {
        let mut r = values(seed);
        let mut a = Mat::<f64>::from_fn(n, n, |_, _| r());
        crate::bidiag::bidiagonalize(a.as_mut(), Par::Seq)
    }

    /// Medians of 9 runs at `n = 784` (the order of MNIST's Gram matrix), two threads, on the
    /// bidiagonal of a random dense matrix (little deflation) and on a random bidiagonal
    /// (much). `cargo test --release -p linalg bidiag_svd::tests::times_n_784 -- --ignored
    /// --nocapture`.
    #[test]
    #[ignore]
    fn times_n_784() {
        let n = 784;
        let b = dense_bidiagonal(n, 29);
        let (d2, e2) = random::<f64>(n, 28);
        for (name, d, e) in [("dense", &b.diag, &b.superdiag), ("random", &d2, &e2)] {
            let mut times = Vec::new();
            for _ in 0..9 {
                let mut s = d.clone();
                let mut u = Mat::<f64>::zeros(n, n);
                let mut v = Mat::<f64>::zeros(n, n);
                std::thread::sleep(std::time::Duration::from_millis(30));
                let t = std::time::Instant::now();
                bidiagonal_svd(&mut s, e, u.as_mut(), v.as_mut(), Par::rayon(2))
                    .expect("converges");
                times.push(t.elapsed().as_secs_f64() * 1e3);
            }
            times.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
            println!(
                "{name} B, n = {n}, 2 threads: median {:.2} ms, min {:.2}",
                times[4], times[0]
            );
        }
    }
}
