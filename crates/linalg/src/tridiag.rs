//! Householder tridiagonalisation of a symmetric matrix, `A = Q T Q^T`, blocked like
//! LAPACK's `sytrd`: the first step of [`crate::eigh`].
//!
//! Step `i` picks a reflection `H_i = I - v v^T / tau` that zeroes column `i` below the
//! subdiagonal, and applies it on both sides of the trailing matrix. Written as
//! `A22 <- A22 - v w^T - w v^T` with
//!
//! $$ w = \frac{1}{\tau}\Big(A_{22} v - \frac{v^T A_{22} v}{2\tau} v\Big), $$
//!
//! each step costs one symmetric matrix-vector product (`symv`) and one rank-2 update. The
//! rank-2 updates are what a blocked reduction postpones: within a panel of [`NB`] columns
//! the reflectors' vectors `V` and `W` are kept, a column is brought up to date only when the
//! panel reaches it, and `A22 v` is corrected by `- V (W^T v) - W (V^T v)`. At the end of the
//! panel one rank-`2 NB` update `A22 <- A22 - V W^T - W V^T` (`syr2k`, a matrix product) does
//! them all. Half of the `4/3 n^3` flops are then in the `symv`s, which read the trailing
//! lower triangle once per column; the other half run at matrix-product speed.
//!
//! faer's `tridiag_in_place` is unblocked: each step fuses the rank-2 update of the previous
//! reflector with the `symv` of the next, so it reads *and writes* the trailing triangle once
//! per column. For `n = 784` that took 31-45 ms here against 21 ms for LAPACK's `dsytrd`.
//!
//! On two threads or more, each `symv` and each `syr2k` is split in two parts of about equal
//! triangle area, one on the calling thread and one on a helper thread that busy-waits for
//! them ([`crate::spin`]): a step lasts 10 to 60 us, shorter than rayon's wake-up of a
//! sleeping worker on a virtual machine. The `syr2k`'s split is about the same columns as the
//! next `symv`s', so each thread updates what it reads next. (More threads than two are not
//! used here.) Measured for `n = 784` on the AVX-512 course machine, in one process, 15
//! calls alternated with the rayon split: the reduction took 26-35 ms against 32-38 ms.
//!
//! The dot products `W^T v` and `V^T v` of the correction run on the calling thread during
//! the helper's part of the `symv`, whose split column moves left by their cost. In 40
//! alternated calls that took the reduction from 37.5 to 36.5 ms.
//!
//! Output layout is faer's, so that faer's blocked back-transformation
//! (`apply_block_householder_sequence_on_the_left_in_place_with_conj`) applies `Q`: the
//! vectors below the subdiagonal of `A` (the basis `A[1.., ..n-1]`, unit lower triangular)
//! and, per block of `bs` reflectors, the upper triangular factor `T` with
//! `H_j ... H_{j+bs-1} = I - V T^{-1} V^T`: `tau` on the diagonal and `V^T V` above it.

use crate::convert::{slice, slice_mut};
use crate::householder::make_householder;
use crate::scalar::Float;
use crate::simd::{LANES, axpy2, dot, has_avx2_fma, threads};
use crate::spin::{Helper, with_helper};
use faer::linalg::matmul::triangular::{self, BlockStructure};
use faer::reborrow::{Reborrow, ReborrowMut};
use faer::{Accum, Mat, MatMut, MatRef, Par};
use std::sync::Mutex;

/// Columns per panel. LAPACK's `ilaenv` default for `sytrd` is 32. Within a panel, column
/// `p` costs `4 p` vector operations of its own (bringing it up to date, and correcting
/// `A22 v`). Those run on the calling thread while the helper waits, so they cost more here
/// than the `syr2k` that a narrower panel makes less efficient. Measured for `n = 784` on the
/// AVX-512 course machine, in one process, 30 calls alternated: the reduction took 33.2-33.6
/// ms with 8, 12 or 16 columns, against 36.2 with 24, 37.0-37.1 with 32 and 40.1 with 48. On
/// one thread it took 30.5 ms with 16 columns and 34.2 ms with 32.
pub(crate) const NB: usize = 16;

/// Below this trailing size a `symv` or a `syr2k` stays on one thread: a fork costs more
/// than it saves. Matrices no larger get no helper thread at all.
const PAR_SYMV_MIN: usize = 128;

/// The diagonal and off-diagonal of `T`.
pub(crate) struct Tridiagonal<T> {
    /// `T[i, i]`, length `n`.
    pub diag: Vec<T>,
    /// `T[i + 1, i]`, length `n - 1`.
    pub offdiag: Vec<T>,
}

/// Reduces the symmetric matrix whose lower triangle is in `a` (`n x n`, column-major) to
/// tridiagonal form; see the module docs for where `Q` is left (`a` and `factor`,
/// `bs x (n - 1)` for a block size `bs`; without a `factor`, only `T` is wanted).
pub(crate) fn tridiagonalize<T: Float>(
    mut a: MatMut<'_, T>,
    factor: Option<MatMut<'_, T>>,
    par: Par,
) -> Tridiagonal<T> {
    let n = a.nrows();
    assert!(n >= 1 && a.ncols() == n && a.row_stride() == 1);
    if let Some(f) = &factor {
        assert!(f.ncols() == n - 1 && f.nrows() >= 1);
    }
    // On more than one thread, the reduction splits its steps in two, between this thread
    // and a helper that busy-waits for them ([`crate::spin`]): a step is too short for
    // rayon's wake-ups.
    let (t, tau) = if threads(par) > 1 && n > PAR_SYMV_MIN {
        with_helper(|helper| reduce(a.rb_mut(), Some(helper)))
    } else {
        reduce(a.rb_mut(), None)
    };
    if let Some(factor) = factor {
        block_factors(a.rb(), &tau, factor, par);
    }
    t
}

/// The reduction, on this thread alone or with `helper` taking half of each `symv` and of
/// each `syr2k`.
fn reduce<T: Float>(mut a: MatMut<'_, T>, helper: Option<&Helper>) -> (Tridiagonal<T>, Vec<T>) {
    let n = a.nrows();
    let avx = has_avx2_fma();
    let mut diag = vec![T::zero(); n];
    let mut offdiag = vec![T::zero(); n - 1];
    let mut tau = vec![T::zero(); n - 1];
    let mut w = Mat::<T>::zeros(n, NB);
    let mut vw = Mat::<T>::zeros(n, 2 * NB);
    let mut wv = Mat::<T>::zeros(n, 2 * NB);
    let mut other_half = vec![T::zero(); n];
    // W[:, q]^T v and V[:, q]^T v for the panel's earlier columns q.
    let (mut wt_v, mut vt_v) = (vec![T::zero(); NB], vec![T::zero(); NB]);

    let mut j0 = 0;
    while j0 + 1 < n {
        let jb = NB.min(n - 1 - j0);
        for p in 0..jb {
            let i = j0 + p;
            let m = n - i - 1;
            let (left, right) = a.rb_mut().split_at_col_mut(i);
            let (col, rest) = right.split_at_col_mut(1);
            let v_panel = left.rb().subcols(j0, p); // this panel's earlier reflectors
            let w_panel = w.rb().subcols(0, p);
            let col = slice_mut(col.col_mut(0));

            // 1. Column i, rows i.., brought up to date: a -= V W[i, :]^T + W V[i, :]^T.
            for q in 0..p {
                let (vq, wq) = (slice(v_panel.col(q)), slice(w_panel.col(q)));
                let (vqi, wqi) = (vq[i], wq[i]);
                axpy2(avx, &mut col[i..], &vq[i..], -wqi, &wq[i..], -vqi);
            }
            diag[i] = col[i];

            // 2. The reflection zeroing col[i + 2..]; beta stays on the subdiagonal.
            let (head, tail) = col[i + 1..].split_first_mut().expect("i + 1 < n");
            let tau_i = make_householder(avx, head, tail);
            offdiag[i] = *head;
            tau[i] = tau_i;
            *head = T::one(); // v = [1, essentials]; beta goes back after the panel
            let tau_inv = tau_i.recip(); // 0 for the identity (tau = inf)

            // 3. w = (A22 v - V (W^T v) - W (V^T v)) / tau, then w -= (w.v / 2 tau) v.
            let v = &col[i + 1..];
            let a22 = rest.rb().submatrix(i + 1, 0, m, m);
            let mut wi = vec![T::zero(); m];
            // The 2p dot products W^T v and V^T v need only v: they run on this thread
            // while the helper does its part of the symv.
            let panel_cols = |q: usize| {
                (
                    &slice(v_panel.col(q))[i + 1..],
                    &slice(w_panel.col(q))[i + 1..],
                )
            };
            let (wt_v, vt_v) = (&mut wt_v[..p], &mut vt_v[..p]);
            let dots = || {
                for q in 0..p {
                    let (vq, wq) = panel_cols(q);
                    (wt_v[q], vt_v[q]) = (dot(avx, wq, v), dot(avx, vq, v));
                }
            };
            symv_lower(
                avx,
                a22,
                v,
                &mut wi,
                &mut other_half,
                helper,
                dots,
                2 * p * m,
            );
            for q in 0..p {
                let (vq, wq) = panel_cols(q);
                axpy2(avx, &mut wi, vq, -wt_v[q], wq, -vt_v[q]);
            }
            wi.iter_mut().for_each(|x| *x *= tau_inv);
            let alpha = -T::from_f64(0.5) * tau_inv * dot(avx, &wi, v);
            let wcol = slice_mut(w.rb_mut().col_mut(p));
            wcol[..i + 1].fill(T::zero());
            for ((o, &x), &vr) in wcol[i + 1..].iter_mut().zip(&wi).zip(v) {
                *o = x + alpha * vr;
            }
        }

        // 4. The panel's rank-2jb update of the trailing lower triangle (syr2k), as one
        //    product with inner dimension 2 jb: A22 -= [V W] [W V]^T.
        let k = j0 + jb;
        if k < n {
            let (left, right) = a.rb_mut().split_at_col_mut(k);
            let v_blk = left.rb().submatrix(k, j0, n - k, jb);
            let w_blk = w.rb().submatrix(k, 0, n - k, jb);
            let mut lhs = vw.rb_mut().submatrix_mut(k, 0, n - k, 2 * jb);
            lhs.rb_mut().subcols_mut(0, jb).copy_from(v_blk);
            lhs.rb_mut().subcols_mut(jb, jb).copy_from(w_blk);
            let mut rhs = wv.rb_mut().submatrix_mut(k, 0, n - k, 2 * jb);
            rhs.rb_mut().subcols_mut(0, jb).copy_from(w_blk);
            rhs.rb_mut().subcols_mut(jb, jb).copy_from(v_blk);
            syr2k_lower(right.subrows_mut(k, n - k), lhs.rb(), rhs.rb(), helper);
        }
        for p in 0..jb {
            a[(j0 + p + 1, j0 + p)] = offdiag[j0 + p];
        }
        j0 += jb;
    }
    diag[n - 1] = a[(n - 1, n - 1)];
    (Tridiagonal { diag, offdiag }, tau)
}

/// faer's block factors for the reflectors stored in `a`: per block of `bs` columns of the
/// basis `V = a[1.., ..n-1]` (unit lower triangular), `T = diag(tau) + strict_upper(V^T V)`,
/// the form `I - V T^{-1} V^T` of the product of the block's reflections.
fn block_factors<T: Float>(a: MatRef<'_, T>, tau: &[T], mut factor: MatMut<'_, T>, par: Par) {
    let n1 = tau.len();
    let bs = factor.nrows();
    let basis = a.submatrix(1, 0, n1, n1);
    let mut j = 0;
    while j < n1 {
        let b = bs.min(n1 - j);
        let mut t = factor.rb_mut().submatrix_mut(0, j, b, b);
        for k in 0..b {
            t[(k, k)] = tau[j + k];
        }
        let (top, bottom) = basis.submatrix(j, j, n1 - j, b).split_at_row(b);
        triangular::matmul(
            t.rb_mut(),
            BlockStructure::StrictTriangularUpper,
            Accum::Replace,
            top.transpose(),
            BlockStructure::UnitTriangularUpper,
            top,
            BlockStructure::UnitTriangularLower,
            T::one(),
            par,
        );
        triangular::matmul(
            t.rb_mut(),
            BlockStructure::StrictTriangularUpper,
            Accum::Add,
            bottom.transpose(),
            BlockStructure::Rectangular,
            bottom,
            BlockStructure::Rectangular,
            T::one(),
            par,
        );
        j += b;
    }
}

/// The column that splits the lower triangle of an `m x m` matrix into two parts of equal
/// area: `(m - c)^2 = m^2 / 2`.
fn half_area_column(m: usize) -> usize {
    m - (m as f64 * std::f64::consts::FRAC_1_SQRT_2) as usize
}

/// `y = A x` for the symmetric `A` whose lower triangle is in `a` (`y` zero on entry), and
/// `mine` on this thread. With a `helper` and `m >= PAR_SYMV_MIN`, the columns are split in
/// two: the first part adds into `y` here, after `mine`, the second into `other_half` on the
/// helper, and the two are summed. `mine_cost` is `mine`'s work in matrix elements read; the
/// split column moves left of the equal-area one by that much work ([`split_column`]), so
/// that both threads get the same.
#[allow(clippy::too_many_arguments)]
fn symv_lower<T: Float>(
    avx: bool,
    a: MatRef<'_, T>,
    x: &[T],
    y: &mut [T],
    other_half: &mut [T],
    helper: Option<&Helper>,
    mine: impl FnOnce(),
    mine_cost: usize,
) {
    let m = a.nrows();
    let Some(helper) = helper.filter(|_| m >= PAR_SYMV_MIN) else {
        symv_cols(avx, a, x, y, 0, m);
        mine();
        return;
    };
    let c = split_column(m, mine_cost);
    let theirs = Mutex::new(&mut other_half[..m]);
    helper.join(
        || {
            mine();
            symv_cols(avx, a, x, y, 0, c);
        },
        &|| {
            let mut buf = theirs.lock().expect("not poisoned");
            buf[c..].fill(T::zero());
            symv_cols(avx, a, x, &mut buf, c, m);
        },
    );
    let theirs = theirs.into_inner().expect("not poisoned");
    for (y, &b) in y[c..m].iter_mut().zip(&theirs[c..]) {
        *y += b;
    }
}

/// The column `c` that splits a `symv` of the `m x m` lower triangle so that columns `..c`
/// plus `extra` elements of other work weigh the same as columns `c..`:
/// `(m - c)^2 / 2 = (m^2 / 2 + extra) / 2`, so `c = m - sqrt(m^2 / 2 + extra)`, or 0 when
/// `extra` alone is half the work or more. With `extra = 0` it is [`half_area_column`].
fn split_column(m: usize, extra: usize) -> usize {
    let right = ((m * m) as f64 / 2.0 + extra as f64).sqrt();
    m - (right as usize).min(m)
}

/// The panel's rank-`2 jb` update of the trailing lower triangle, `dst -= lhs rhs^T` on and
/// below the diagonal (`lhs = [V W]`, `rhs = [W V]`). With a `helper`, the columns are split
/// in two parts of equal triangle area, about the parts each thread reads in the next
/// panel's `symv`s.
fn syr2k_lower<T: Float>(
    dst: MatMut<'_, T>,
    lhs: MatRef<'_, T>,
    rhs: MatRef<'_, T>,
    helper: Option<&Helper>,
) {
    let m = dst.nrows();
    let Some(helper) = helper.filter(|_| m >= PAR_SYMV_MIN) else {
        syr2k_cols(dst, 0, lhs, rhs);
        return;
    };
    let c = half_area_column(m);
    let (first, second) = dst.split_at_col_mut(c);
    let second = Mutex::new(Some(second));
    helper.join(|| syr2k_cols(first, 0, lhs, rhs), &|| {
        let dst = second
            .lock()
            .expect("not poisoned")
            .take()
            .expect("run once");
        syr2k_cols(dst, c, lhs, rhs);
    });
}

/// [`syr2k_lower`] for the columns `c0..c0 + dst.ncols()` of the trailing matrix (`dst`
/// holds them, all rows), on this thread: the triangular diagonal block, then the rectangle
/// below it.
fn syr2k_cols<T: Float>(dst: MatMut<'_, T>, c0: usize, lhs: MatRef<'_, T>, rhs: MatRef<'_, T>) {
    let (m, w) = (dst.nrows(), dst.ncols());
    if w == 0 {
        return;
    }
    let (top, below) = dst.split_at_row_mut(c0 + w);
    let diag_block = top.subrows_mut(c0, w);
    let rhs_cols = rhs.subrows(c0, w).transpose();
    triangular::matmul(
        diag_block,
        BlockStructure::TriangularLower,
        Accum::Add,
        lhs.subrows(c0, w),
        BlockStructure::Rectangular,
        rhs_cols,
        BlockStructure::Rectangular,
        -T::one(),
        Par::Seq,
    );
    if c0 + w < m {
        faer::linalg::matmul::matmul(
            below,
            Accum::Add,
            lhs.subrows(c0 + w, m - c0 - w),
            rhs_cols,
            -T::one(),
            Par::Seq,
        );
    }
}

/// Adds the contributions of the lower-triangle columns `c0..c1` of `a` to `y = A x`
/// (rows `c0..` of `y`; the caller zeroes them first). On x86-64 with AVX2 and FMA, `f64`
/// and `f32` go to [`avx2`]: four columns per pass, so that each load and store of `y`
/// serves four columns instead of one (1.6 times faster than the one-column loop for the
/// sizes of a 784 reduction, measured in a probe).
fn symv_cols<T: Float>(avx: bool, a: MatRef<'_, T>, x: &[T], y: &mut [T], c0: usize, c1: usize) {
    #[cfg(target_arch = "x86_64")]
    if avx {
        use std::any::TypeId;
        let lda = a.col_stride();
        assert!(a.row_stride() == 1 && lda >= a.nrows() as isize && x.len() >= a.nrows());
        assert!(y.len() >= a.nrows() && c1 <= a.nrows());
        let (m, lda, ptr) = (a.nrows(), lda as usize, a.as_ptr());
        if TypeId::of::<T>() == TypeId::of::<f64>() {
            // SAFETY: T is f64 (same type, so same layout); the asserts bound every access
            // (column c < m starts at ptr + c lda and has m rows); the CPU has AVX2 + FMA.
            unsafe {
                let (x, y) = (cast::<T, f64>(x), cast_mut::<T, f64>(y));
                return avx2::symv_cols_f64(ptr.cast(), lda, m, x, y, c0, c1);
            }
        }
        if TypeId::of::<T>() == TypeId::of::<f32>() {
            // SAFETY: as above, with T = f32.
            unsafe {
                let (x, y) = (cast::<T, f32>(x), cast_mut::<T, f32>(y));
                return avx2::symv_cols_f32(ptr.cast(), lda, m, x, y, c0, c1);
            }
        }
    }
    let _ = avx;
    symv_cols_generic(a, x, y, c0, c1);
}

/// # Safety
/// `T` and `U` must be the same type.
#[cfg(target_arch = "x86_64")]
unsafe fn cast<T, U>(s: &[T]) -> &[U] {
    // SAFETY: the caller guarantees T == U.
    unsafe { std::slice::from_raw_parts(s.as_ptr().cast(), s.len()) }
}

/// # Safety
/// `T` and `U` must be the same type.
#[cfg(target_arch = "x86_64")]
unsafe fn cast_mut<T, U>(s: &mut [T]) -> &mut [U] {
    // SAFETY: the caller guarantees T == U.
    unsafe { std::slice::from_raw_parts_mut(s.as_mut_ptr().cast(), s.len()) }
}

fn symv_cols_generic<T: Float>(a: MatRef<'_, T>, x: &[T], y: &mut [T], c0: usize, c1: usize) {
    for c in c0..c1 {
        // Column c below the diagonal adds x[c] a[r, c] to y[r] (r > c) and, by symmetry,
        // a[r, c] x[r] to y[c]: one pass over the column does both.
        let col = &slice(a.col(c))[c..];
        let xc = x[c];
        let (yc, y_below) = y[c..].split_first_mut().expect("c < m");
        let (diag, below) = col.split_first().expect("c < m");
        let x_below = &x[c + 1..];
        let mut acc = [T::zero(); LANES];
        let mut chunks = below.chunks_exact(LANES);
        let mut xs = x_below.chunks_exact(LANES);
        let mut ys = y_below.chunks_exact_mut(LANES);
        for ((a, x), y) in (&mut chunks).zip(&mut xs).zip(&mut ys) {
            for l in 0..LANES {
                y[l] += a[l] * xc;
                acc[l] += a[l] * x[l];
            }
        }
        let mut sum = *diag * xc;
        for ((&a, &x), y) in chunks
            .remainder()
            .iter()
            .zip(xs.remainder())
            .zip(ys.into_remainder())
        {
            *y += a * xc;
            sum += a * x;
        }
        *yc += acc.iter().fold(sum, |s, &v| s + v);
    }
}

/// The `symv` kernel in AVX2 + FMA intrinsics, for `f64` (4 lanes) and `f32` (8 lanes).
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    macro_rules! symv_cols_avx2 {
        ($name:ident, $t:ty, $lanes:expr, $vec:ty, $set1:ident, $zero:ident, $load:ident,
         $store:ident, $fmadd:ident) => {
            /// Lower-triangle columns `c0..c1` of the `m x m` column-major matrix at `a`
            /// (column stride `lda`) added into `y = A x`, four columns at a time.
            ///
            /// # Safety
            /// The CPU has AVX2 and FMA; `a` points to `m` columns of `m` readable elements
            /// `lda` apart; `x` and `y` have at least `m` elements; `c1 <= m`.
            #[target_feature(enable = "avx2,fma")]
            pub(super) unsafe fn $name(
                a: *const $t,
                lda: usize,
                m: usize,
                x: &[$t],
                y: &mut [$t],
                c0: usize,
                c1: usize,
            ) {
                const W: usize = $lanes;
                let (xp, yp) = (x.as_ptr(), y.as_mut_ptr());
                let hsum = |v: $vec| {
                    let mut o = [0.0 as $t; W];
                    // SAFETY: `o` has W elements.
                    unsafe { $store(o.as_mut_ptr(), v) };
                    o.iter().sum::<$t>()
                };
                let mut c = c0;
                // SAFETY (whole loop): every index is a row < m of a column < c1 <= m, or an
                // element < m of x and y, as the caller guarantees.
                unsafe {
                    while c + 4 <= c1 {
                        let p = [
                            a.add(c * lda),
                            a.add((c + 1) * lda),
                            a.add((c + 2) * lda),
                            a.add((c + 3) * lda),
                        ];
                        let xs = [*xp.add(c), *xp.add(c + 1), *xp.add(c + 2), *xp.add(c + 3)];
                        // The 4x4 diagonal block: its lower triangle, used both ways.
                        for j in 0..4 {
                            *yp.add(c + j) += *p[j].add(c + j) * xs[j];
                            for i in j + 1..4 {
                                let v = *p[j].add(c + i);
                                *yp.add(c + i) += v * xs[j];
                                *yp.add(c + j) += v * xs[i];
                            }
                        }
                        let xv = [$set1(xs[0]), $set1(xs[1]), $set1(xs[2]), $set1(xs[3])];
                        let mut s = [$zero(), $zero(), $zero(), $zero()];
                        let mut r = c + 4;
                        while r + W <= m {
                            let a0 = $load(p[0].add(r));
                            let a1 = $load(p[1].add(r));
                            let a2 = $load(p[2].add(r));
                            let a3 = $load(p[3].add(r));
                            let xr = $load(xp.add(r));
                            let mut yv = $load(yp.add(r));
                            yv = $fmadd(a0, xv[0], yv);
                            yv = $fmadd(a1, xv[1], yv);
                            yv = $fmadd(a2, xv[2], yv);
                            yv = $fmadd(a3, xv[3], yv);
                            $store(yp.add(r), yv);
                            s[0] = $fmadd(a0, xr, s[0]);
                            s[1] = $fmadd(a1, xr, s[1]);
                            s[2] = $fmadd(a2, xr, s[2]);
                            s[3] = $fmadd(a3, xr, s[3]);
                            r += W;
                        }
                        let mut t = [0.0 as $t; 4];
                        while r < m {
                            for k in 0..4 {
                                let v = *p[k].add(r);
                                *yp.add(r) += v * xs[k];
                                t[k] += v * *xp.add(r);
                            }
                            r += 1;
                        }
                        for k in 0..4 {
                            *yp.add(c + k) += hsum(s[k]) + t[k];
                        }
                        c += 4;
                    }
                    while c < c1 {
                        let p = a.add(c * lda);
                        let xc = *xp.add(c);
                        let mut sum = *p.add(c) * xc;
                        for r in c + 1..m {
                            let v = *p.add(r);
                            *yp.add(r) += v * xc;
                            sum += v * *xp.add(r);
                        }
                        *yp.add(c) += sum;
                        c += 1;
                    }
                }
            }
        };
    }

    symv_cols_avx2!(
        symv_cols_f64,
        f64,
        4,
        __m256d,
        _mm256_set1_pd,
        _mm256_setzero_pd,
        _mm256_loadu_pd,
        _mm256_storeu_pd,
        _mm256_fmadd_pd
    );
    symv_cols_avx2!(
        symv_cols_f32,
        f32,
        8,
        __m256,
        _mm256_set1_ps,
        _mm256_setzero_ps,
        _mm256_loadu_ps,
        _mm256_storeu_ps,
        _mm256_fmadd_ps
    );
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use faer::dyn_stack::{MemBuffer, MemStack};
    use faer::linalg::householder::{
        apply_block_householder_sequence_on_the_left_in_place_scratch as apply_scratch,
        apply_block_householder_sequence_on_the_left_in_place_with_conj as apply,
    };

    /// Deterministic values in [-1, 1) (SplitMix64), so the tests need no RNG crate.
    pub(crate) fn values(seed: u64) -> impl FnMut() -> f64 {
        let mut s = seed;
        move || {
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 52) as f64 - 1.0
        }
    }

    fn symmetric<T: Float>(n: usize, seed: u64) -> Mat<T> {
        let mut r = values(seed);
        let g = Mat::<T>::from_fn(n, n, |_, _| T::from_f64(r()));
        Mat::from_fn(n, n, |i, j| g[(i, j)] + g[(j, i)])
    }

    /// `Q M` with `Q` the reflectors left in `a` and `factor` by `tridiagonalize`.
    fn apply_q<T: Float>(a: MatRef<'_, T>, factor: MatRef<'_, T>, mut m: Mat<T>) -> Mat<T> {
        let n = a.nrows();
        let bs = factor.nrows();
        let mut buf = MemBuffer::new(apply_scratch::<T>(n - 1, bs, n));
        apply(
            a.submatrix(1, 0, n - 1, n - 1),
            factor,
            faer::Conj::No,
            m.as_mut().subrows_mut(1, n - 1),
            Par::Seq,
            MemStack::new(&mut buf),
        );
        m
    }

    /// `max(e, x)` that keeps a NaN (`f64::max` drops it, which would let a NaN result pass
    /// an `err < tol` check).
    fn nan_max(e: f64, x: f64) -> f64 {
        if x > e || x.is_nan() { x } else { e }
    }

    fn max_abs<T: Float>(m: MatRef<'_, T>) -> f64 {
        let mut out = 0.0f64;
        for j in 0..m.ncols() {
            for i in 0..m.nrows() {
                out = nan_max(out, m[(i, j)].to_f64().abs());
            }
        }
        out
    }

    /// `Q T Q^T == A` and `Q^T Q == I`, for sizes around the panel width and both types.
    fn check<T: Float>(n: usize, par: Par, tol: f64) {
        let a = symmetric::<T>(n, n as u64);
        let mut work = Mat::<T>::zeros(n, n);
        work.copy_from_triangular_lower(&a);
        let mut factor = Mat::<T>::zeros(8, n - 1);
        let Tridiagonal { diag, offdiag } =
            tridiagonalize(work.as_mut(), Some(factor.as_mut()), par);
        let t = Mat::<T>::from_fn(n, n, |i, j| match i.abs_diff(j) {
            0 => diag[i],
            1 => offdiag[i.min(j)],
            _ => T::zero(),
        });
        // Q T Q^T = Q (Q T)^T, as T is symmetric.
        let qt = apply_q(work.as_ref(), factor.as_ref(), t);
        let qtq = apply_q(work.as_ref(), factor.as_ref(), qt.transpose().to_owned());
        let err = max_abs((&qtq - &a).as_ref());
        assert!(err < tol, "n = {n}: ||Q T Q^T - A||_max = {err:e}");
        let q = apply_q(work.as_ref(), factor.as_ref(), Mat::<T>::identity(n, n));
        let err = max_abs((q.transpose() * &q - Mat::<T>::identity(n, n)).as_ref());
        assert!(err < tol, "n = {n}: ||Q^T Q - I||_max = {err:e}");
    }

    #[test]
    fn q_t_q_transpose_gives_back_a_for_sizes_around_the_panel_width() {
        for n in [1, 2, 3, 15, 16, 17, 31, 32, 33, 65, 150] {
            check::<f64>(n, Par::Seq, 1e-12);
            check::<f32>(n, Par::Seq, 2e-5);
        }
        // The two-thread symv and syr2k (trailing sizes >= PAR_SYMV_MIN), on the helper.
        check::<f64>(300, Par::rayon(2), 1e-12);
        check::<f32>(300, Par::rayon(2), 5e-5);
    }

    #[test]
    fn symv_with_work_on_the_calling_thread_moves_the_split_and_still_computes_a_times_x() {
        for m in [128, 300, 784] {
            // No extra work: the equal-area column. More: fewer columns for the caller,
            // none once the extra work is half of the whole.
            assert!(
                split_column(m, 0).abs_diff(half_area_column(m)) <= 1,
                "m = {m}"
            );
            assert!(split_column(m, 32 * m) < split_column(m, 0), "m = {m}");
            assert_eq!(split_column(m, m * m / 2), 0, "m = {m}");
        }
        let m = 2 * PAR_SYMV_MIN;
        let a = symmetric::<f64>(m, 11);
        let lower = Mat::<f64>::from_fn(m, m, |i, j| if i >= j { a[(i, j)] } else { 0.0 });
        let x: Vec<f64> = (0..m).map(|i| ((i * 7) % 13) as f64 - 6.0).collect();
        let want = symv_reference(&a, &x);
        with_helper(|helper| {
            for extra in [0, 32 * m, m * m] {
                let mut y = vec![0.0; m];
                let mut other = vec![1.0e3; m]; // garbage: the split must not read it
                let mut ran = false;
                symv_lower(
                    has_avx2_fma(),
                    lower.as_ref(),
                    &x,
                    &mut y,
                    &mut other,
                    Some(helper),
                    || ran = true,
                    extra,
                );
                assert!(ran, "extra = {extra}: the caller's work did not run");
                let err = y
                    .iter()
                    .zip(&want)
                    .fold(0.0f64, |e, (p, q)| nan_max(e, (p - q).abs()));
                assert!(err < 1e-12, "extra = {extra}: {err:e}");
            }
        });
    }

    /// `y = A x` with `A` symmetric, from the full matrix: the definition.
    fn symv_reference(a: &Mat<f64>, x: &[f64]) -> Vec<f64> {
        (0..a.nrows())
            .map(|i| (0..a.ncols()).map(|j| a[(i, j)] * x[j]).sum())
            .collect()
    }

    #[test]
    fn every_symv_kernel_and_column_split_computes_a_times_x() {
        let m = 77; // not a multiple of 4 or 8: every remainder path runs
        let a = symmetric::<f64>(m, 7);
        let mut r = values(8);
        let x: Vec<f64> = (0..m).map(|_| r()).collect();
        let expected = symv_reference(&a, &x);
        let close = |y: &[f64], what: &str| {
            let err = y
                .iter()
                .zip(&expected)
                .fold(0.0f64, |e, (p, q)| nan_max(e, (p - q).abs()));
            assert!(err < 1e-12, "{what}: {err:e}");
        };
        for avx in [false, has_avx2_fma()] {
            // Lower triangle only: zero the upper to catch a kernel that reads it.
            let lower = Mat::<f64>::from_fn(m, m, |i, j| if i >= j { a[(i, j)] } else { 0.0 });
            for split in [0, 1, 5, 40, m] {
                let mut y = vec![0.0; m];
                symv_cols(avx, lower.as_ref(), &x, &mut y, 0, split);
                symv_cols(avx, lower.as_ref(), &x, &mut y, split, m);
                close(&y, &format!("avx {avx}, split at {split}"));
            }
            let a32 = Mat::<f32>::from_fn(m, m, |i, j| lower[(i, j)] as f32);
            let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
            let mut y32 = vec![0.0f32; m];
            symv_cols(avx, a32.as_ref(), &x32, &mut y32, 0, m);
            let err = y32
                .iter()
                .zip(&expected)
                .fold(0.0f64, |e, (&p, q)| nan_max(e, (p as f64 - q).abs()));
            assert!(err < 1e-4, "f32, avx {avx}: {err:e}");
        }
        let lower = Mat::<f64>::from_fn(m, m, |i, j| if i >= j { a[(i, j)] } else { 0.0 });
        let mut other = vec![0.0; m];
        let mut y = vec![0.0; m];
        let big = 2 * PAR_SYMV_MIN;
        let a_big = symmetric::<f64>(big, 9);
        let lower_big =
            Mat::<f64>::from_fn(big, big, |i, j| if i >= j { a_big[(i, j)] } else { 0.0 });
        let x_big: Vec<f64> = (0..big).map(|_| r()).collect();
        // Garbage in the helper's buffer: the split must not depend on its contents.
        let mut other_big = vec![1.0e3; big];
        let mut y_big = vec![0.0; big];
        let want = symv_reference(&a_big, &x_big);
        with_helper(|helper| {
            symv_lower(
                has_avx2_fma(),
                lower_big.as_ref(),
                &x_big,
                &mut y_big,
                &mut other_big,
                Some(helper),
                || {},
                0,
            );
            let err = y_big
                .iter()
                .zip(&want)
                .fold(0.0f64, |e, (p, q)| nan_max(e, (p - q).abs()));
            assert!(err < 1e-12, "two-thread symv: {err:e}");
            symv_lower(
                has_avx2_fma(),
                lower.as_ref(),
                &x,
                &mut y,
                &mut other,
                Some(helper),
                || {},
                0,
            );
        });
        close(&y, "symv_lower below the parallel threshold");
    }
}
