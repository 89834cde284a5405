//! Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by divide and conquer
//! (Cuppen's method, as in LAPACK's `stedc`): the middle step of [`crate::eigh`].
//!
//! The matrix `T` (diagonal `d`, off-diagonal `e`) is split at `n1 = n / 2` by a rank-one
//! tear, `T = diag(T0, T1) + rho z z^T`; the halves are solved recursively (in parallel), and
//! the merge solves `D + rho z z^T` for the eigenvalues of the sorted child eigenvalues `D`.
//! Each merge has three `O(k^2)` parts and one `O(n^3)` product:
//!
//! 1. the `k` roots of the *secular equation* `f(λ) = 1/rho + Σ z_i^2 / (d_i - λ) = 0`, one in
//!    each interval `(d_i, d_{i+1})`;
//! 2. Löwner's recomputation of `z` from the roots (Gu and Eisenstat), which makes the
//!    eigenvectors orthogonal to working precision;
//! 3. the eigenvectors of the merged problem, `v_j ∝ z_i / (d_i - λ_j)`;
//! 4. `U = diag(U0, U1) V`, a matrix product.
//!
//! This is a port of faer 0.23's `tridiag_evd::divide_and_conquer` (MIT licence; same
//! deflation rules, same root finder), changed where the time goes. In faer the three
//! `O(k^2)` parts run on one thread with scalar divisions: with `n = 784` they took about
//! 22 ms of the 48 ms of a single-threaded run, and the product 16 ms (`perf`, this machine).
//! Here each part is split over the threads (roots, rows and columns are independent) and
//! written over contiguous slices with eight accumulators, so that the compiler emits packed
//! divisions; on x86-64 with AVX2 and FMA a copy compiled for those runs.
//!
//! The root finder evaluates the secular function 15 to 20 times per root, and each term of
//! it is a division, which the core does no faster in 512-bit vectors than in 256-bit ones.
//! With AVX-512F the function multiplies by a reciprocal refined by Newton's iteration
//! instead (`kernels::avx512`). For `n = 784` the roots of all merges took 5.5-5.8 ms
//! against 10.7-11.0 ms with the divisions (10 calls each, two runs), and the divide and
//! conquer 21-24 ms against 26-27 ms.
//!
//! Leaves of at most [`LEAF`] rows use faer's implicit QR algorithm.

use crate::parallel::join;
use crate::scalar::Float;
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::evd::{
    ComputeEigenvectors, self_adjoint_evd_scratch, tridiagonal_self_adjoint_evd,
};
use faer::linalg::householder::make_householder_in_place;
use faer::linalg::matmul::matmul;
use faer::reborrow::{Reborrow, ReborrowMut};
use faer::{Accum, ColMut, Mat, MatMut, Par};

/// Sub-problems of at most this many rows are solved by the QR algorithm (faer's default
/// switch-over is 128; LAPACK's is 25).
pub(crate) const LEAF: usize = 50;

/// Below this many non-deflated roots, a merge's `O(k^2)` parts stay on one thread.
const PAR_MIN: usize = 96;

/// A divide and conquer did not finish: the QR algorithm at a leaf did not converge (here or
/// in [`crate::bidiag_svd`]), or the bidiagonal SVD was given a NaN or an infinity.
#[derive(Debug)]
pub(crate) struct NoConvergence;

/// Overwrites `diag` with the eigenvalues of the symmetric tridiagonal matrix with diagonal
/// `diag` and off-diagonal `offdiag[..n - 1]` (ascending) and `u` (`n x n`) with its
/// eigenvectors. `offdiag` is used as workspace.
pub(crate) fn tridiagonal_eigh<T: Float>(
    diag: &mut [T],
    offdiag: &mut [T],
    mut u: MatMut<'_, T>,
    par: Par,
) -> Result<(), NoConvergence> {
    let n = diag.len();
    assert!(offdiag.len() + 1 >= n && u.nrows() == n && u.ncols() == n);
    // Work on T / max|T|, as LAPACK's stedc does: the root finder's stopping tests are
    // absolute (|f_cur - f_prev| > eps), so they only mean "converged" at unit scale. Without
    // this, eigenvalues of 1e10 * T came out with relative errors of 3e-6 (n = 120), and of
    // 1e-150 * T with errors of order one (faer 0.23's own divide and conquer, n > 128, has
    // the same fault). The eigenvectors do not change; the eigenvalues scale back.
    let e = n.saturating_sub(1);
    let scale = diag
        .iter()
        .chain(&offdiag[..e])
        .fold(T::zero(), |m, x| m.max(x.abs()));
    if scale > T::zero() {
        diag.iter_mut()
            .chain(&mut offdiag[..e])
            .for_each(|x| *x /= scale);
    }
    let result = solve(diag, offdiag, u.rb_mut(), par);
    if scale > T::zero() {
        diag.iter_mut().for_each(|x| *x *= scale);
    }
    result
}

/// [`tridiagonal_eigh`] at unit scale: QR at a leaf, divide and conquer above.
fn solve<T: Float>(
    diag: &mut [T],
    offdiag: &mut [T],
    mut u: MatMut<'_, T>,
    par: Par,
) -> Result<(), NoConvergence> {
    let n = diag.len();
    if n <= LEAF {
        return leaf(diag, offdiag, u);
    }
    let mut repaired = Mat::<T>::zeros(n, n);
    let mut tmp = Mat::<T>::zeros(n, n);
    recurse(
        diag,
        offdiag,
        u.rb_mut(),
        repaired.as_mut(),
        tmp.as_mut(),
        par,
    )
}

fn leaf<T: Float>(diag: &mut [T], offdiag: &[T], u: MatMut<'_, T>) -> Result<(), NoConvergence> {
    let n = diag.len();
    let d = faer::Col::<T>::from_fn(n, |i| diag[i]);
    let e = faer::Col::<T>::from_fn(n, |i| if i + 1 < n { offdiag[i] } else { T::zero() });
    let mut w = faer::Col::<T>::zeros(n);
    let req =
        self_adjoint_evd_scratch::<T>(n, ComputeEigenvectors::Yes, Par::Seq, Default::default());
    tridiagonal_self_adjoint_evd(
        d.as_diagonal(),
        e.as_diagonal(),
        w.as_diagonal_mut(),
        Some(u),
        Par::Seq,
        MemStack::new(&mut MemBuffer::new(req)),
        Default::default(),
    )
    .map_err(|_| NoConvergence)?;
    for (x, w) in diag.iter_mut().zip(w.iter()) {
        *x = *w;
    }
    Ok(())
}

fn recurse<T: Float>(
    diag: &mut [T],
    offdiag: &mut [T],
    mut u: MatMut<'_, T>,
    mut repaired: MatMut<'_, T>,
    mut tmp: MatMut<'_, T>,
    par: Par,
) -> Result<(), NoConvergence> {
    let n = diag.len();
    if n <= LEAF {
        return leaf(diag, offdiag, u);
    }
    // Tear: T = diag(T0 - |rho| e e^T, T1 - |rho| e e^T) + (rank one).
    let n1 = n / 2;
    let rho = offdiag[n1 - 1];
    diag[n1 - 1] -= rho.abs();
    diag[n1] -= rho.abs();
    {
        let (d0, d1) = diag.split_at_mut(n1);
        let (e0, e_rest) = offdiag.split_at_mut(n1 - 1);
        let e1 = &mut e_rest[1..];
        let (u0, _, _, u1) = u.rb_mut().split_at_mut(n1, n1);
        let (r0, _, _, r1) = repaired.rb_mut().split_at_mut(n1, n1);
        let (t0, _, _, t1) = tmp.rb_mut().split_at_mut(n1, n1);
        let mut res0 = Ok(());
        let mut res1 = Ok(());
        join(
            par,
            |par| res0 = recurse(d0, e0, u0, r0, t0, par),
            |par| res1 = recurse(d1, e1, u1, r1, t1, par),
        );
        res0?;
        res1?;
    }
    merge(diag, rho, u, repaired, tmp, par);
    Ok(())
}

/// Merges the solved halves (`diag[..n1]`, `u[..n1, ..n1]` and `diag[n1..]`, `u[n1.., n1..]`,
/// each with ascending eigenvalues) across the tear of size `rho`.
fn merge<T: Float>(
    diag: &mut [T],
    rho: T,
    mut u: MatMut<'_, T>,
    repaired: MatMut<'_, T>,
    tmp: MatMut<'_, T>,
    par: Par,
) {
    let n = diag.len();
    let n1 = n / 2;
    let mut repaired = repaired;
    let mut tmp = tmp;

    // z = [last row of U0, ±first row of U1] / sqrt(2), rho = 2 |rho|.
    let inv_sqrt2 = T::from_f64(0.5).sqrt();
    let mut z = vec![T::zero(); n];
    for (j, zj) in z.iter_mut().enumerate() {
        let x = if j < n1 {
            u[(n1 - 1, j)]
        } else if rho < T::zero() {
            -u[(n1, j)]
        } else {
            u[(n1, j)]
        };
        *zj = x * inv_sqrt2;
    }
    let rho = (rho * T::from_f64(2.0)).abs();

    // Pl_before: merge of the two ascending halves.
    let mut pl_before = vec![0usize; n];
    {
        let (mut i, mut j) = (0, 0);
        for p in pl_before.iter_mut() {
            if i == n1 {
                *p = n1 + j;
                j += 1;
            } else if j == n - n1 || diag[i] < diag[n1 + j] {
                *p = i;
                i += 1;
            } else {
                *p = n1 + j;
                j += 1;
            }
        }
    }
    let mut pdiag: Vec<T> = pl_before.iter().map(|&p| diag[p]).collect();
    let mut pz: Vec<T> = pl_before.iter().map(|&p| z[p]).collect();

    let dmax = pdiag.iter().fold(T::zero(), |m, x| m.max(x.abs()));
    let zmax = pz.iter().fold(T::zero(), |m, x| m.max(x.abs()));
    let tol = T::from_f64(8.0) * T::epsilon() * dmax.max(zmax);

    if rho * zmax <= tol {
        // Nothing to merge: the eigenvectors are those of the halves, reordered.
        {
            let (mut tl, mut tr, mut bl, mut br) = tmp.rb_mut().split_at_mut(n1, n1);
            tl.copy_from(u.rb().submatrix(0, 0, n1, n1));
            br.copy_from(u.rb().submatrix(n1, n1, n - n1, n - n1));
            tr.fill(T::zero());
            bl.fill(T::zero());
        }
        for (j, &p) in pl_before.iter().enumerate() {
            u.rb_mut().col_mut(j).copy_from(tmp.rb().col(p));
        }
        diag.copy_from_slice(&pdiag);
        return;
    }

    // Deflation 1: a negligible z_i leaves d_i an eigenvalue.
    for zi in pz.iter_mut() {
        if (rho * *zi).abs() <= tol {
            *zi = T::zero();
        }
    }
    // Deflation 2: a run of (nearly) equal d_i; a Householder reflection zeroes all but one
    // of their z_i.
    let mut householder = vec![T::zero(); n];
    let mut run_info = vec![0usize; n];
    let mut applied_householder = false;
    let mut idx = 0;
    while idx < n {
        let mut run_len = 1;
        let d_prev = pdiag[idx];
        while idx + run_len < n && pdiag[idx + run_len] - d_prev <= tol {
            pdiag[idx + run_len] = d_prev;
            run_len += 1;
        }
        run_info[idx..idx + run_len].fill(run_len);
        if run_len > 1 {
            applied_householder = true;
            let h = &mut householder[idx..idx + run_len];
            h.copy_from_slice(&pz[idx..idx + run_len]);
            let (tail, head) = h.split_at_mut(run_len - 1);
            let head = &mut head[0];
            let tail = ColMut::from_slice_mut(tail);
            let info = make_householder_in_place(head, tail.as_dyn_stride_mut().reverse_rows_mut());
            pz[idx..idx + run_len].fill(T::zero());
            pz[idx + run_len - 1] = *head;
            *head = info.tau;
        }
        idx += run_len;
    }

    // Pl_after: non-deflated first, deflated (z_i = 0) at the end.
    let mut pl_after = vec![0usize; n];
    let mut deflated_d = Vec::new();
    let mut deflated_at = Vec::new();
    let mut k = 0;
    for reader in 0..n {
        if pz[reader] == T::zero() {
            deflated_d.push(pdiag[reader]);
            deflated_at.push(reader);
        } else {
            pz[k] = pz[reader];
            pdiag[k] = pdiag[reader];
            pl_after[k] = reader;
            k += 1;
        }
    }
    for (i, (&d, &at)) in deflated_d.iter().zip(&deflated_at).enumerate() {
        pdiag[k + i] = d;
        pl_after[k + i] = at;
    }

    // 1. Roots, as (shift, mu) with lambda = shift + mu and shift a pole.
    let mut shifts = vec![T::zero(); n];
    let mut mus = vec![T::zero(); n];
    kernels::roots(
        &mut shifts[..k],
        &mut mus[..k],
        &pdiag[..k],
        &pz[..k],
        rho,
        par,
    );
    for i in k..n {
        shifts[i] = T::zero();
        mus[i] = pdiag[i];
    }
    // 2. Löwner: recompute z from the roots.
    kernels::lowner(&mut pz[..k], &pdiag[..k], &shifts[..k], &mus[..k], par);

    let eigenvalues: Vec<T> = mus.iter().zip(&shifts).map(|(&m, &s)| m + s).collect();
    let mut pr: Vec<usize> = (0..n).collect();
    pr.sort_unstable_by(|&i, &j| {
        eigenvalues[i]
            .partial_cmp(&eigenvalues[j])
            .unwrap_or_else(|| eigenvalues[i].is_nan().cmp(&eigenvalues[j].is_nan()))
    });
    if !applied_householder {
        for p in pl_after.iter_mut() {
            *p = pl_before[*p];
        }
    }

    // 3. Eigenvectors of the merged problem, column j for eigenvalue pr[j].
    kernels::vectors(
        repaired.rb_mut(),
        &pr,
        &pl_after,
        k,
        &pz[..k],
        &pdiag[..k],
        &shifts,
        &mus,
        par,
    );

    if applied_householder {
        let mut idx = 0;
        while idx < n {
            let run_len = run_info[idx];
            if run_len > 1 {
                let h = &mut householder[idx..idx + run_len];
                let tau = h[run_len - 1];
                h[run_len - 1] = T::one();
                let tau_inv = tau.recip();
                for j in 0..n {
                    let mut col = repaired.rb_mut().col_mut(j);
                    let dot =
                        (0..run_len).fold(T::zero(), |s, i| s + h[i] * col[idx + i]) * tau_inv;
                    for (i, &hi) in h.iter().enumerate() {
                        col[idx + i] -= dot * hi;
                    }
                }
            }
            idx += run_len;
        }
        for j in 0..n {
            for (i, &p) in pl_before.iter().enumerate() {
                tmp[(p, j)] = repaired[(i, j)];
            }
        }
        core::mem::swap(&mut repaired, &mut tmp);
    }

    // 4. U = diag(U0, U1) V.
    {
        let (r_top, r_bot) = repaired.rb().split_at_row(n1);
        let (t_top, t_bot) = tmp.rb_mut().split_at_row_mut(n1);
        let u0 = u.rb().submatrix(0, 0, n1, n1);
        let u1 = u.rb().submatrix(n1, n1, n - n1, n - n1);
        join(
            par,
            |par| matmul(t_top, Accum::Replace, u0, r_top, T::one(), par),
            |par| matmul(t_bot, Accum::Replace, u1, r_bot, T::one(), par),
        );
    }
    u.copy_from(tmp.rb());
    for (i, &p) in pr.iter().enumerate() {
        diag[i] = eigenvalues[p];
    }
}

/// The `O(k^2)` parts of a merge. Each public function runs its generic body through
/// `multiversion!`: compiled again with AVX2 and FMA when the CPU has them.
mod kernels {
    use super::PAR_MIN;
    use crate::scalar::Float;
    use crate::simd::{LANES, has_avx2_fma, has_avx512, multiversion, threads};
    use faer::reborrow::ReborrowMut;
    use faer::{MatMut, Par};

    multiversion! {
        /// `1/rho + Σ z_i * (z_i / ((d_i - shift) - mu))`: the secular function at
        /// `lambda = shift + mu`, with `d_i - shift` formed first so that roots close to a
        /// pole keep their relative accuracy.
        fn secular / secular_body<T>(d: &[T], z: &[T], rho_recip: T, shift: T, mu: T) -> T
    }

    #[inline(always)]
    fn secular_body<T: Float>(d: &[T], z: &[T], rho_recip: T, shift: T, mu: T) -> T {
        let mut acc = [T::zero(); LANES];
        let dc = d.chunks_exact(LANES);
        let zc = z.chunks_exact(LANES);
        let (dr, zr) = (dc.remainder(), zc.remainder());
        for (d, z) in dc.zip(zc) {
            for l in 0..LANES {
                acc[l] += z[l] * (z[l] / ((d[l] - shift) - mu));
            }
        }
        let mut res = rho_recip;
        for (&d, &z) in dr.iter().zip(zr) {
            res += z * (z / ((d - shift) - mu));
        }
        acc.iter().fold(res, |s, &a| s + a)
    }

    /// [`secular`], through [`avx512`]'s kernels when `wide` (the CPU has AVX-512F) and `T` is
    /// `f64` or `f32`.
    #[inline]
    pub(super) fn secular_fastest<T: Float>(
        avx: bool,
        wide: bool,
        d: &[T],
        z: &[T],
        rho_recip: T,
        shift: T,
        mu: T,
    ) -> T {
        #[cfg(target_arch = "x86_64")]
        if wide {
            use std::any::TypeId;
            if TypeId::of::<T>() == TypeId::of::<f64>() {
                let cast = |x: &[T]| -> &[f64] {
                    // SAFETY: T is f64 (same type, so same layout).
                    unsafe { std::slice::from_raw_parts(x.as_ptr().cast(), x.len()) }
                };
                let [r, s, m] = [rho_recip, shift, mu].map(Float::to_f64);
                // SAFETY: `wide` is true only when the CPU has AVX-512F.
                let f = unsafe { avx512::secular_f64(cast(d), cast(z), r, s, m) };
                return T::from_f64(f);
            }
            if TypeId::of::<T>() == TypeId::of::<f32>() {
                let cast = |x: &[T]| -> &[f32] {
                    // SAFETY: T is f32 (same type, so same layout).
                    unsafe { std::slice::from_raw_parts(x.as_ptr().cast(), x.len()) }
                };
                let [r, s, m] = [rho_recip, shift, mu].map(|x| Float::to_f64(x) as f32);
                // SAFETY: as above.
                let f = unsafe { avx512::secular_f32(cast(d), cast(z), r, s, m) };
                return T::from_f64(f64::from(f));
            }
        }
        let _ = wide;
        secular(avx, d, z, rho_recip, shift, mu)
    }

    /// The roots of the secular equation, `lambda_i = shifts[i] + mus[i]`, one per interval
    /// `(d_i, d_{i+1})` and the last in `(d_{k-1}, d_{k-1} + rho ||z||^2)`.
    pub(super) fn roots<T: Float>(
        shifts: &mut [T],
        mus: &mut [T],
        d: &[T],
        z: &[T],
        rho: T,
        par: Par,
    ) {
        let k = d.len();
        let rho_recip = rho.recip();
        let avx = has_avx2_fma();
        let wide = has_avx512();
        let z_norm2 = z.iter().fold(T::zero(), |s, &x| s + x * x);
        let one_root = |i: usize| {
            let left = d[i];
            let last = i + 1 == k;
            let right = if last { d[i] + rho * z_norm2 } else { d[i + 1] };
            super::root_finder::find(
                |shift, mu| secular_fastest(avx, wide, d, z, rho_recip, shift, mu),
                left,
                right,
                last,
            )
        };
        let fill = |first: usize, shifts: &mut [T], mus: &mut [T]| {
            for (i, (s, m)) in shifts.iter_mut().zip(mus.iter_mut()).enumerate() {
                (*s, *m) = one_root(first + i);
            }
        };
        split_rows(par, k, shifts, mus, &fill);
    }

    /// Löwner's formula (Gu and Eisenstat): the `z` for which the computed roots are exact,
    /// `z_i^2 = (lambda_i - d_i) Π_{j != i} (lambda_j - d_i) / (d_j - d_i)`, sign kept.
    pub(super) fn lowner<T: Float>(z: &mut [T], d: &[T], shifts: &[T], mus: &[T], par: Par) {
        let k = d.len();
        let avx = has_avx2_fma();
        let one = |i: usize| lowner_one(avx, i, d, shifts, mus);
        let mut new_z = vec![T::zero(); k];
        let fill = |first: usize, out: &mut [T], _: &mut [T]| {
            for (i, o) in out.iter_mut().enumerate() {
                *o = one(first + i);
            }
        };
        let mut unused = vec![T::zero(); k];
        split_rows(par, k, &mut new_z, &mut unused, &fill);
        for (zi, p) in z.iter_mut().zip(new_z) {
            let r = p.abs().sqrt();
            *zi = if *zi < T::zero() { -r } else { r };
        }
    }

    multiversion! {
        /// `(lambda_i - d_i) Π_{j != i} (lambda_j - d_i) / (d_j - d_i)`.
        fn lowner_one / lowner_one_body<T>(i: usize, d: &[T], shifts: &[T], mus: &[T]) -> T
    }

    #[inline(always)]
    fn lowner_one_body<T: Float>(i: usize, d: &[T], shifts: &[T], mus: &[T]) -> T {
        let di = d[i];
        // Order of operations matters: mu_j + (shift_j - d_i) is accurate when shift_j is
        // d_i or its neighbour.
        let term = |j: usize| (mus[j] + (shifts[j] - di)) / (d[j] - di);
        let head = product(0, i, &term);
        let tail = product(i + 1, d.len(), &term);
        (mus[i] + (shifts[i] - di)) * head * tail
    }

    /// `Π_{j in a..b} term(j)`, in eight interleaved partial products.
    #[inline(always)]
    fn product<T: Float>(a: usize, b: usize, term: &impl Fn(usize) -> T) -> T {
        let mut acc = [T::one(); LANES];
        let mut j = a;
        while j + LANES <= b {
            for (l, acc) in acc.iter_mut().enumerate() {
                *acc *= term(j + l);
            }
            j += LANES;
        }
        let mut res = T::one();
        while j < b {
            res *= term(j);
            j += 1;
        }
        acc.iter().fold(res, |s, &x| s * x)
    }

    /// Column `j` of the merged problem's eigenvector matrix, for the eigenvalue `pr[j]`:
    /// `v_i = z_i / ((d_i - shift) - mu)` normalised, placed at row `pl_after[i]`; a deflated
    /// eigenvalue's vector is a unit vector.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn vectors<T: Float>(
        v: MatMut<'_, T>,
        pr: &[usize],
        pl_after: &[usize],
        k: usize,
        z: &[T],
        d: &[T],
        shifts: &[T],
        mus: &[T],
        par: Par,
    ) {
        let avx = has_avx2_fma();
        let column = |j: usize, mut col: faer::ColMut<'_, T>, buf: &mut Vec<T>| {
            let p = pr[j];
            col.fill(T::zero());
            if p >= k {
                col[pl_after[p]] = T::one();
                return;
            }
            let (shift, mu) = (shifts[p], mus[p]);
            let norm2 = eigenvector_column(avx, z, d, shift, mu, buf);
            let inv = norm2.sqrt().recip();
            for (&row, &x) in pl_after[..k].iter().zip(buf.iter()) {
                col[row] = x * inv;
            }
        };
        split_cols(par, v, 0, &column);
    }

    multiversion! {
        /// `buf = z / ((d - shift) - mu)`; returns `||buf||^2`.
        fn eigenvector_column / eigenvector_column_body<T>(z: &[T], d: &[T], shift: T, mu: T, buf: &mut Vec<T>) -> T
    }

    #[inline(always)]
    fn eigenvector_column_body<T: Float>(z: &[T], d: &[T], shift: T, mu: T, buf: &mut Vec<T>) -> T {
        buf.clear();
        buf.extend(z.iter().zip(d).map(|(&zi, &di)| zi / ((di - shift) - mu)));
        let mut acc = [T::zero(); LANES];
        let chunks = buf.chunks_exact(LANES);
        let res = chunks.remainder().iter().fold(T::zero(), |s, &x| s + x * x);
        for c in chunks {
            for l in 0..LANES {
                acc[l] += c[l] * c[l];
            }
        }
        acc.iter().fold(res, |s, &a| s + a)
    }

    /// The secular function in AVX-512 intrinsics, with the division `z_i / delta_i` replaced
    /// by a multiplication with a reciprocal: `vrcp14` (14 correct bits) refined by Newton's
    /// iteration `r <- r + r (1 - delta r)`, which doubles the correct bits each step (two
    /// steps for `f64`, one for `f32`). A 512-bit division takes 16 cycles for 8 `f64` on this
    /// kind of core, as long as a 256-bit one for 4, and the root finder evaluates the
    /// function 15 to 20 times per root; the reciprocal and its refinement are four
    /// multiply-adds. The result differs from the divided one by a few units in the last
    /// place per term, well inside the root finder's tolerance (`2 eps` relative). Terms past
    /// the last full vector are divided as usual.
    #[cfg(target_arch = "x86_64")]
    mod avx512 {
        use std::arch::x86_64::*;

        macro_rules! secular_avx512 {
            ($name:ident, $t:ty, $lanes:expr, $newton:expr, $set1:ident, $zero:ident,
             $load:ident, $sub:ident, $mul:ident, $rcp:ident, $fmadd:ident, $fnmadd:ident,
             $reduce:ident) => {
                /// `1/rho + Σ z_i (z_i / ((d_i - shift) - mu))` (see the module).
                ///
                /// # Safety
                /// The CPU has AVX-512F.
                #[target_feature(enable = "avx512f")]
                pub(in super::super) unsafe fn $name(
                    d: &[$t],
                    z: &[$t],
                    rho_recip: $t,
                    shift: $t,
                    mu: $t,
                ) -> $t {
                    const W: usize = $lanes;
                    let n = d.len().min(z.len());
                    let (vshift, vmu, one) = ($set1(shift), $set1(mu), $set1(1.0));
                    let term = |i: usize| {
                        // SAFETY: the callers keep i + W <= n, within both slices.
                        let (dv, zv) =
                            unsafe { ($load(d.as_ptr().add(i)), $load(z.as_ptr().add(i))) };
                        let delta = $sub($sub(dv, vshift), vmu);
                        let mut r = $rcp(delta);
                        for _ in 0..$newton {
                            r = $fmadd(r, $fnmadd(delta, r, one), r);
                        }
                        (zv, $mul(zv, r))
                    };
                    let (mut acc0, mut acc1) = ($zero(), $zero());
                    let mut i = 0;
                    while i + 2 * W <= n {
                        let (z0, q0) = term(i);
                        let (z1, q1) = term(i + W);
                        acc0 = $fmadd(z0, q0, acc0);
                        acc1 = $fmadd(z1, q1, acc1);
                        i += 2 * W;
                    }
                    if i + W <= n {
                        let (z0, q0) = term(i);
                        acc0 = $fmadd(z0, q0, acc0);
                        i += W;
                    }
                    let mut res = rho_recip;
                    for (&d, &z) in d[i..n].iter().zip(&z[i..n]) {
                        res += z * (z / ((d - shift) - mu));
                    }
                    res + $reduce(acc0) + $reduce(acc1)
                }
            };
        }
        secular_avx512!(
            secular_f64,
            f64,
            8,
            2,
            _mm512_set1_pd,
            _mm512_setzero_pd,
            _mm512_loadu_pd,
            _mm512_sub_pd,
            _mm512_mul_pd,
            _mm512_rcp14_pd,
            _mm512_fmadd_pd,
            _mm512_fnmadd_pd,
            _mm512_reduce_add_pd
        );
        secular_avx512!(
            secular_f32,
            f32,
            16,
            1,
            _mm512_set1_ps,
            _mm512_setzero_ps,
            _mm512_loadu_ps,
            _mm512_sub_ps,
            _mm512_mul_ps,
            _mm512_rcp14_ps,
            _mm512_fmadd_ps,
            _mm512_fnmadd_ps,
            _mm512_reduce_add_ps
        );
    }

    /// Runs `f(first, a_part, b_part)` over row ranges of `a` and `b`, split in two while
    /// `par` has threads and the parts are long enough.
    fn split_rows<T: Float>(
        par: Par,
        k: usize,
        a: &mut [T],
        b: &mut [T],
        f: &(impl Fn(usize, &mut [T], &mut [T]) + Sync),
    ) {
        fn go<T: Float>(
            t: usize,
            first: usize,
            a: &mut [T],
            b: &mut [T],
            f: &(impl Fn(usize, &mut [T], &mut [T]) + Sync),
        ) {
            if t <= 1 || a.len() < PAR_MIN {
                f(first, a, b);
                return;
            }
            let mid = a.len() / 2;
            let (a0, a1) = a.split_at_mut(mid);
            let (b0, b1) = b.split_at_mut(mid);
            let left = t.div_ceil(2);
            rayon::join(
                || go(left, first, a0, b0, f),
                || go(t - left, first + mid, a1, b1, f),
            );
        }
        debug_assert_eq!(a.len(), k);
        go(threads(par), 0, a, b, f);
    }

    /// Runs `f(j, column j, buffer)` over the columns of `m`, split like [`split_rows`].
    fn split_cols<T: Float>(
        par: Par,
        m: MatMut<'_, T>,
        first: usize,
        f: &(impl Fn(usize, faer::ColMut<'_, T>, &mut Vec<T>) + Sync),
    ) {
        fn go<T: Float>(
            t: usize,
            first: usize,
            mut m: MatMut<'_, T>,
            f: &(impl Fn(usize, faer::ColMut<'_, T>, &mut Vec<T>) + Sync),
        ) {
            if t <= 1 || m.ncols() < PAR_MIN {
                let mut buf = Vec::with_capacity(m.nrows());
                for j in 0..m.ncols() {
                    f(first + j, m.rb_mut().col_mut(j), &mut buf);
                }
                return;
            }
            let mid = m.ncols() / 2;
            let (m0, m1) = m.split_at_col_mut(mid);
            let left = t.div_ceil(2);
            rayon::join(
                || go(left, first, m0, f),
                || go(t - left, first + mid, m1, f),
            );
        }
        go(threads(par), first, m, f);
    }
}

/// faer 0.23's secular-equation root finder (`svd::bidiag_svd::secular_eq_root_finder`, MIT
/// licence), generic over the function so that it inlines: bisection to a bracket, then a
/// rational secant, with bisection as the fallback.
mod root_finder {
    use crate::scalar::Float;

    /// The root of the increasing function `f(shift, mu)` (the secular function at
    /// `shift + mu`) between the poles `left` and `right`, as `(shift, mu)` with `shift` the
    /// nearer pole.
    #[inline(always)]
    pub(super) fn find<T: Float>(f: impl Fn(T, T) -> T, left: T, right: T, last: bool) -> (T, T) {
        let two = T::from_f64(2.0);
        let eight = T::from_f64(8.0);
        let half = T::from_f64(0.5);
        let eps = T::epsilon();

        let mid = left + (right - left) * half;
        let mut f_mid = f(T::zero(), mid);
        let f_max = f(
            left,
            if last {
                right - left
            } else {
                (right - left) * half
            },
        );
        let f_mid_left_shift = f(left, (right - left) * half);
        let f_mid_right_shift = f(right, (left - right) * half);

        let (mut shift, mu) = if last || f_mid > T::zero() {
            (left, (right - left) * half)
        } else {
            (right, (left - right) * half)
        };
        if f_mid_left_shift <= T::zero() && f_mid_right_shift > T::zero() {
            return (shift, mu);
        }
        if !last {
            if shift == left {
                if f_mid_left_shift < T::zero() {
                    shift = right;
                    f_mid = f_mid_right_shift;
                }
            } else if f_mid_right_shift > T::zero() {
                shift = left;
                f_mid = f_mid_left_shift;
            }
        }

        let (mut left_shifted, mut f_left, mut right_shifted, mut f_right) = if shift == left {
            (
                T::zero(),
                T::neg_infinity(),
                if last {
                    right - left
                } else {
                    (right - left) * half
                },
                if last { f_max } else { f_mid },
            )
        } else {
            ((left - right) * half, f_mid, T::zero(), T::infinity())
        };

        // Non-zero starting bounds: the bracket end scaled by 2^-8, 2^-4, 2^-2, 2^-1.
        let scales = [1.0 / 256.0, 1.0 / 16.0, 0.25, 0.5].map(T::from_f64);
        let base = if shift == left {
            right_shifted
        } else {
            left_shifted
        };
        let mu_values = scales.map(|s| base * s);
        let f_values = mu_values.map(|mu| f(shift, mu));
        // The last sample still on the pole's side of the root (f < 0 next to the left
        // pole, f > 0 next to the right one) and the first one past it tighten the bracket.
        let on_pole_side = |fv: T| {
            if shift == left {
                fv < T::zero()
            } else {
                fv > T::zero()
            }
        };
        let near = (0..4).rev().find(|&k| on_pole_side(f_values[k]));
        let far = near.map_or(0, |k| k + 1);
        let (near_side, far_side) = if shift == left {
            (
                (&mut left_shifted, &mut f_left),
                (&mut right_shifted, &mut f_right),
            )
        } else {
            (
                (&mut right_shifted, &mut f_right),
                (&mut left_shifted, &mut f_left),
            )
        };
        if let Some(k) = near {
            (*near_side.0, *near_side.1) = (mu_values[k], f_values[k]);
        }
        if far < 4 {
            (*far_side.0, *far_side.1) = (mu_values[far], f_values[far]);
        }

        // A few bisection steps (geometric mean where possible) for a good secant start.
        let mut f_prev = f_mid;
        let mut iteration_count = 0;
        while right_shifted - left_shifted > two * eps * left_shifted.abs().max(right_shifted.abs())
        {
            let arithmetic = (left_shifted + right_shifted) * half;
            let mut geometric = left_shifted.abs().sqrt() * right_shifted.abs().sqrt();
            if left_shifted < T::zero() {
                geometric = -geometric;
            }
            let mid_shifted = if geometric == T::zero() {
                arithmetic
            } else {
                geometric
            };
            let f_mid = f(shift, mid_shifted);
            if f_mid == T::zero() {
                return (shift, mid_shifted);
            } else if f_mid > T::zero() {
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

        let (mu0, mu1, f0, f1) = if left_shifted == T::zero() {
            (right_shifted * two, right_shifted, f_prev, f_right)
        } else if right_shifted == T::zero() {
            (left_shifted * two, left_shifted, f_prev, f_left)
        } else {
            (left_shifted, right_shifted, f_left, f_right)
        };

        let (use_bisection, mut mu_cur, left_candidate, right_candidate) =
            secant(&f, shift, left, right, eps, eight, two, mu0, mu1, f0, f1);

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

        if use_bisection {
            while right_shifted - left_shifted
                > two * eps * left_shifted.abs().max(right_shifted.abs())
            {
                let mid_shifted = (left_shifted + right_shifted) * half;
                let f_mid = f(shift, mid_shifted);
                if f_mid == T::zero() {
                    break;
                } else if f_mid > T::zero() {
                    right_shifted = mid_shifted;
                } else {
                    left_shifted = mid_shifted;
                }
            }
            mu_cur = (left_shifted + right_shifted) * half;
        }
        (shift, mu_cur)
    }

    /// Secant steps on a rational model `a / mu + b`; returns whether to fall back to
    /// bisection, the last iterate, and the bracket it found.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn secant<T: Float>(
        f: &impl Fn(T, T) -> T,
        shift: T,
        left: T,
        right: T,
        eps: T,
        eight: T,
        two: T,
        mut mu_cur: T,
        mut mu_prev: T,
        mut f_cur: T,
        mut f_prev: T,
    ) -> (bool, T, Option<T>, Option<T>) {
        if f_prev.abs() < f_cur.abs() {
            core::mem::swap(&mut f_prev, &mut f_cur);
            core::mem::swap(&mut mu_prev, &mut mu_cur);
        }
        let mut left_candidate = None;
        let mut right_candidate = None;
        let mut use_bisection = false;
        if (f_prev > T::zero()) != (f_cur > T::zero()) {
            left_candidate = Some(mu_cur.min(mu_prev));
            right_candidate = Some(mu_cur.max(mu_prev));
        }
        while f_cur != T::zero()
            && (mu_cur - mu_prev).abs() > eight * eps * mu_cur.abs().max(mu_prev.abs())
            && (f_cur - f_prev).abs() > eps
            && !use_bisection
        {
            let a = (f_cur - f_prev) * (mu_prev * mu_cur) / (mu_prev - mu_cur);
            let b = f_cur - a / mu_cur;
            let mu_zero = -a / b;
            let f_zero = f(shift, mu_zero);
            if f_zero < T::zero() {
                left_candidate = Some(mu_zero);
            } else {
                right_candidate = Some(mu_zero);
            }
            mu_prev = mu_cur;
            f_prev = f_cur;
            mu_cur = mu_zero;
            f_cur = f_zero;

            if shift == left && (mu_cur < T::zero() || mu_cur > right - left) {
                use_bisection = true;
            }
            if shift == right && (mu_cur > T::zero() || mu_cur < left - right) {
                use_bisection = true;
            }
            if f_cur.abs() > f_prev.abs() {
                // Find mu with a / mu + b = -k f_zero on the other side of the root.
                let mut k = T::one();
                for _ in 0..4 {
                    let mu_opposite = -a / (k * f_zero + b);
                    let f_opposite = f(shift, mu_opposite);
                    if f_zero < T::zero() && f_opposite >= T::zero() {
                        right_candidate = Some(mu_opposite);
                        break;
                    }
                    if f_zero > T::zero() && f_opposite <= T::zero() {
                        left_candidate = Some(mu_opposite);
                        break;
                    }
                    k *= two;
                }
                use_bisection = true;
            }
        }
        (use_bisection, mu_cur, left_candidate, right_candidate)
    }
}

#[cfg(test)]
mod tests {
    use super::kernels::secular_fastest;
    use crate::scalar::Float;

    /// `k` ascending poles in `[-1, 1]` and weights in `[-1, 1]`, from a fixed LCG.
    fn poles_and_weights<T: Float>(k: usize, seed: u64) -> (Vec<T>, Vec<T>) {
        let mut s = seed;
        let mut next = || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
        };
        let mut d: Vec<f64> = (0..k).map(|_| next()).collect();
        d.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
        let z = (0..k).map(|_| T::from_f64(next())).collect();
        (d.into_iter().map(T::from_f64).collect(), z)
    }

    /// The 512-bit kernel against the definition, `Σ z_i^2 / delta_i` with true divisions,
    /// summed in `f64`: within `2 (k + 4) eps Σ |terms|`, the error bound of summing `k`
    /// terms each correct to a few units in the last place in another order.
    fn check_the_512_bit_secular_function<T: Float>() {
        if !crate::simd::has_avx512() {
            eprintln!("skipped: this CPU has no AVX-512F");
            return;
        }
        let eps = T::epsilon().to_f64();
        for (k, seed) in [
            (1, 1),
            (7, 2),
            (8, 3),
            (9, 4),
            (16, 5),
            (17, 6),
            (100, 7),
            (699, 8),
        ] {
            let (d, z) = poles_and_weights::<T>(k, seed);
            let rho_recip = T::from_f64(0.7);
            // Next to the first pole, mid-way between two, and past the last.
            let (lo, hi) = (d[0], d[k - 1]);
            let gap = if k > 1 { d[1] - d[0] } else { T::one() };
            let points = [
                (lo, gap * T::from_f64(1e-9)),
                (lo, gap * T::from_f64(0.5)),
                (hi, T::from_f64(0.25)),
            ];
            for (shift, mu) in points {
                let (mut exact, mut size) = (rho_recip.to_f64(), rho_recip.to_f64().abs());
                for (&di, &zi) in d.iter().zip(&z) {
                    let delta = (di - shift) - mu; // formed in T, as the kernels do
                    let term = zi.to_f64() * zi.to_f64() / delta.to_f64();
                    exact += term;
                    size += term.abs();
                }
                let fast = secular_fastest(true, true, &d, &z, rho_recip, shift, mu).to_f64();
                let bound = 2.0 * (k as f64 + 4.0) * eps * size;
                assert!(
                    (fast - exact).abs() <= bound,
                    "k = {k}, shift {shift:?}, mu {mu:?}: {fast} against {exact} (bound {bound})"
                );
            }
        }
    }

    #[test]
    fn the_512_bit_secular_function_matches_true_division_in_f64() {
        check_the_512_bit_secular_function::<f64>();
    }

    #[test]
    fn the_512_bit_secular_function_matches_true_division_in_f32() {
        check_the_512_bit_secular_function::<f32>();
    }
}
