//! Blocked Householder QR of a tall matrix, and the product by its `Q`, with the block
//! updates on this crate's GEMM: the first and last steps of [`thin_svd`](crate::thin_svd)
//! for tall matrices, and the whole of [`qr`](crate::qr) for tall and square ones with 32
//! columns or more.
//!
//! For `m >> n`, NumPy's `gesdd` (and faer) compute the thin SVD as
//! `A = Q R` (Householder QR), `R = U_R diag(s) V^T` (a small `n x n` SVD), `U = Q U_R`.
//! The QR and the product by `Q` are `2 m n^2` flops each, and almost all of them are in
//! block updates: a panel of `NB` columns is factored into reflectors
//! `Q_j = I - V T^{-1} V^T` (faer's compact form: `V` unit lower trapezoidal, `T` upper
//! triangular), and applied to the rest of the matrix as two products,
//! `X <- X - V (T^{-T} (V^T X))`. faer's QR runs those products on faer's GEMM; here they run
//! on [`crate::gemm`], and faer solves with `T`. Panels are split in halves down to
//! [`LEAF`] columns, which are factored column by column as faer's `qr_in_place` does, but
//! with reflections whose norms are plain sums of squares ([`factor_leaf`]): 0.93 s against
//! 1.02 s for the thin SVD of `10000 x 784` (medians of 11 alternated calls).
//! The output is in faer's layout (`R` above the diagonal, the reflectors below, the block
//! factors in an `NB x n` matrix), so either library's routines can use it. One difference:
//! on a column that is already zero below the diagonal, faer's `qr_in_place` skips the
//! column and moves the next reflector up a row; the leaves keep LAPACK's layout, an identity
//! reflection (`tau` infinite) in its place.

use crate::Float;
use crate::alloc;
use crate::simd::{axpy2, dot, has_avx2_fma};
use faer::ColMut;
use faer::linalg::householder::make_householder_in_place;
use faer_ext::IntoFaer;
use ndarray::{Array2, ArrayView2, ArrayViewMut2, Axis, ShapeBuilder, s};

/// The reflection `H = I - v v^T / tau`, `v = [1, tail / (head - beta)]`, with
/// `H [head, tail] = [beta, 0]`: faer's `make_householder_in_place` (same formulas, same
/// results to rounding), with `||tail||` computed as a plain sum of squares. faer's `norm_l2`
/// keeps a second sum of squares scaled by `sqrt(min_positive)`, whose terms are subnormal
/// numbers for elements below 1 in magnitude, and arithmetic on subnormals is slow on x86:
/// 8.3 us for 700 elements on the course machine, against 0.12 us. In the tridiagonal reduction of
/// `eigh(784)` that was 2.3 ms, and 86 ms in the QR of a `10000 x 784` `thin_svd`. When the
/// plain sum could have lost precision (below `min_positive / eps^2`, where squares may have
/// underflowed) or overflowed, faer's function does the work. Returns `tau` (infinite for
/// `H = I`, when `tail` is zero) and leaves `beta` in `head`, `tail / (head - beta)` in `tail`.
pub(crate) fn make_householder<T: Float>(avx: bool, head: &mut T, tail: &mut [T]) -> T {
    let squares = dot(avx, tail, tail);
    let tiny = T::min_positive_value() / (T::epsilon() * T::epsilon());
    if !(squares.is_finite() && squares >= tiny) {
        let tail = ColMut::from_slice_mut(tail).as_dyn_stride_mut();
        return make_householder_in_place(head, tail).tau;
    }
    let tail_norm = squares.sqrt();
    let mut head_norm = head.abs();
    if head_norm < T::min_positive_value() {
        *head = T::zero();
        head_norm = T::zero();
    }
    let norm = head_norm.hypot(tail_norm);
    let sign = if head_norm != T::zero() {
        *head * head_norm.recip()
    } else {
        T::one()
    };
    let signed_norm = sign * norm;
    let head_with_beta_inv = (*head + signed_norm).recip();
    tail.iter_mut().for_each(|x| *x *= head_with_beta_inv);
    *head = -signed_norm;
    let scaled = tail_norm * head_with_beta_inv.abs();
    T::from_f64(0.5) * (T::one() + scaled * scaled)
}

/// Columns per panel (and rows of the block factors).
pub(crate) const NB: usize = 128;

/// A Householder QR: `a` holds `R` on and above the diagonal and the reflectors below it
/// (column-major, `(m, n)`); `t` holds the block factor of panel `j` in its columns
/// `j NB .. (j + 1) NB`.
#[derive(Clone)]
pub(crate) struct Householder<T> {
    pub(crate) a: Array2<T>,
    pub(crate) t: Array2<T>,
}

/// Products whose output has fewer rows or columns than this go to faer's GEMM.
const BLOCKED_MIN: usize = 96;

/// `c (+)= a @ b` on the blocked engine, or faer's GEMM where that engine does not run.
pub(crate) fn product<T: Float>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    c: ArrayViewMut2<'_, T>,
    accumulate: bool,
) {
    let mut c = c;
    let blocked = a.nrows().min(b.ncols()) >= BLOCKED_MIN;
    if !(blocked && crate::gemm::gemm(a, b, c.view_mut(), accumulate)) {
        let accum = if accumulate {
            faer::Accum::Add
        } else {
            faer::Accum::Replace
        };
        faer::linalg::matmul::matmul(
            c.into_faer(),
            accum,
            a.into_faer(),
            b.into_faer(),
            T::one(),
            faer::get_global_parallelism(),
        );
    }
}

/// Turns a factored panel into its `V` in place: ones on the diagonal, zeros above it, the
/// reflectors below left as they are (`V` is unit lower trapezoidal, the shape of the
/// panel). Returns the top `w x w` block it overwrote (`w` = the panel's columns), for
/// [`restore_top`].
///
/// LAPACK's `dlarfb` does the same trick with the diagonal of the panel; it saves copying
/// the reflectors out, `m x w` values for each panel and `m x n` for the product by the
/// whole `Q`, into fresh memory.
fn make_unit_lower<T: Float>(mut panel: ArrayViewMut2<'_, T>) -> Array2<T> {
    let w = panel.ncols();
    let saved = panel.slice(s![..w, ..]).to_owned();
    for j in 0..w {
        panel.slice_mut(s![..j, j]).fill(T::zero());
        panel[[j, j]] = T::one();
    }
    saved
}

/// Puts back the block that [`make_unit_lower`] overwrote.
fn restore_top<T: Float>(mut panel: ArrayViewMut2<'_, T>, saved: &Array2<T>) {
    let w = saved.nrows();
    panel.slice_mut(s![..w, ..]).assign(saved);
}

/// `x <- (I - V T^{-1} V^T) x`, or with `T^{-T}` (the transposed reflector) when
/// `transpose`: two products on the blocked engine and a small triangular solve.
fn apply_block<T: Float>(
    v: ArrayView2<'_, T>,
    t: ArrayView2<'_, T>,
    x: ArrayViewMut2<'_, T>,
    transpose: bool,
) {
    let mut x = x;
    let par = faer::get_global_parallelism();
    let mut w = Array2::<T>::zeros((v.ncols(), x.ncols()).f());
    product(v.t(), x.view(), w.view_mut(), false);
    if transpose {
        faer::linalg::triangular_solve::solve_lower_triangular_in_place(
            t.into_faer().transpose(),
            w.view_mut().into_faer(),
            par,
        );
    } else {
        faer::linalg::triangular_solve::solve_upper_triangular_in_place(
            t.into_faer(),
            w.view_mut().into_faer(),
            par,
        );
    }
    w.mapv_inplace(|e| -e);
    product(v, w.view(), x.view_mut(), true);
}

/// Panels of at most this many columns are factored column by column ([`factor_leaf`]).
const LEAF: usize = 16;

/// Factors `panel` (`rows >= w` columns) in place and writes its `w x w` block factor into
/// `t`, recursively: the left half, the update of the right half by the left half's
/// reflectors, the right half below the left half's rows, then the coupling block of `t`.
///
/// faer's block factor is `T = striu(V^T V) + diag(tau)` (the UT transform), so the coupling
/// block is `V_1^T V_2`, a product.
fn factor_panel<T: Float>(mut panel: ArrayViewMut2<'_, T>, mut t: ArrayViewMut2<'_, T>) {
    let w = panel.ncols();
    if w <= LEAF {
        factor_leaf(panel, t);
        return;
    }
    let w1 = w / 2;
    factor_panel(panel.slice_mut(s![.., ..w1]), t.slice_mut(s![..w1, ..w1]));
    {
        // Update the right half by the left half's reflectors, with the left half as `V_1`.
        let (mut left, right) = panel.view_mut().split_at(Axis(1), w1);
        let saved = make_unit_lower(left.view_mut());
        apply_block(left.view(), t.slice(s![..w1, ..w1]), right, true);
        restore_top(left, &saved);
    }
    factor_panel(panel.slice_mut(s![w1.., w1..]), t.slice_mut(s![w1.., w1..]));
    // The coupling block `V_1^T V_2`: `V_2` is zero above row `w1`, and `V_1` below row
    // `w1` is the stored reflectors as they are.
    let (left, right) = panel.view_mut().split_at(Axis(1), w1);
    let mut v2 = right.slice_move(s![w1.., ..]);
    let saved = make_unit_lower(v2.view_mut());
    product(
        left.slice(s![w1.., ..]).t(),
        v2.view(),
        t.slice_mut(s![..w1, w1..]),
        false,
    );
    restore_top(v2, &saved);
}

/// The unblocked QR of a panel of at most [`LEAF`] columns (`rows >= columns`, column-major)
/// and its block factor `t = striu(V^T V) + diag(tau)`: what faer's `qr_in_place` computes,
/// with each reflection from [`make_householder`], whose norm is a plain sum of squares.
/// (faer's `norm_l2` runs a sum of squares scaled by `sqrt(min_positive)`, whose subnormal
/// terms made it 11 ns per element here: 86 ms of a `10000 x 784` QR.)
fn factor_leaf<T: Float>(mut panel: ArrayViewMut2<'_, T>, mut t: ArrayViewMut2<'_, T>) {
    let avx = has_avx2_fma();
    let w = panel.ncols();
    for j in 0..w {
        let (mut left, mut right) = panel.view_mut().split_at(Axis(1), j + 1);
        let mut col = left.column_mut(j);
        let col = col.as_slice_mut().expect("a column-major panel");
        let (head, v_tail) = col[j..].split_first_mut().expect("rows >= columns");
        let tau = make_householder(avx, head, v_tail);
        t[[j, j]] = tau;
        // x <- H x = x - v (v^T x) / tau for the columns right of j (tau = inf: H = I).
        let tau_inv = tau.recip();
        for mut x in right.columns_mut() {
            let x = x.as_slice_mut().expect("a column-major panel");
            let (x_head, x_tail) = x[j..].split_first_mut().expect("rows >= columns");
            let s = (*x_head + dot(avx, v_tail, x_tail)) * tau_inv;
            *x_head -= s;
            axpy2(avx, x_tail, v_tail, -s, v_tail, T::zero());
        }
    }
    // v_i^T v_j for i < j: v_i is 1 at row i and the stored reflector below; v_j is 0 above
    // row j, 1 at row j.
    for j in 0..w {
        for i in 0..j {
            let (vi, vj) = (panel.column(i), panel.column(j));
            let (vi, vj) = (
                vi.as_slice().expect("a column-major panel"),
                vj.as_slice().expect("a column-major panel"),
            );
            t[[i, j]] = vi[j] + dot(avx, &vi[j + 1..], &vj[j + 1..]);
        }
    }
}

/// Householder QR of `a` (`m >= n`), panel by panel.
pub(crate) fn qr<T: Float>(a: ArrayView2<'_, T>) -> Householder<T> {
    let (m, n) = a.dim();
    assert!(m >= n);
    let mut f: Array2<T> = alloc::zeros((m, n).f());
    f.assign(&a);
    let mut t: Array2<T> = Array2::zeros((NB, n).f());
    for j0 in (0..n).step_by(NB) {
        let jb = NB.min(n - j0);
        factor_panel(
            f.slice_mut(s![j0.., j0..j0 + jb]),
            t.slice_mut(s![..jb, j0..j0 + jb]),
        );
        if j0 + jb < n {
            let (mut v, rest) = f.slice_mut(s![j0.., j0..]).split_at(Axis(1), jb);
            let saved = make_unit_lower(v.view_mut());
            apply_block(v.view(), t.slice(s![..jb, j0..j0 + jb]), rest, true);
            restore_top(v, &saved);
        }
    }
    Householder { a: f, t }
}

impl<T: Float> Householder<T> {
    /// The factorisation whose reflections `H_j = I - v_j v_j^T / tau_j` are stored in the
    /// columns of `a` (`m x n`, `m >= n`, column-major) below the diagonal, with the unit
    /// head on the diagonal implied, as any Householder reduction (LAPACK's `geqrf`,
    /// `gebrd`) leaves them; `tau` in faer's convention (infinite for `H_j = I`). What lies
    /// on and above the diagonal is ignored. Builds the block factors in faer's layout: per
    /// panel of [`NB`] columns, `T = striu(V^T V) + diag(tau)`.
    pub(crate) fn from_reflections(a: Array2<T>, tau: &[T]) -> Self {
        let n = a.ncols();
        assert!(a.nrows() >= n && tau.len() == n);
        let mut t: Array2<T> = Array2::zeros((NB, n).f());
        for j0 in (0..n).step_by(NB) {
            let j1 = (j0 + NB).min(n);
            let mut v = a.slice(s![j0.., j0..j1]).to_owned();
            make_unit_lower(v.view_mut());
            let mut gram = Array2::<T>::zeros((j1 - j0, j1 - j0).f());
            product(v.t(), v.view(), gram.view_mut(), false);
            for c in 0..j1 - j0 {
                t.slice_mut(s![..c, j0 + c]).assign(&gram.slice(s![..c, c]));
                t[[c, j0 + c]] = tau[j0 + c];
            }
        }
        Householder { a, t }
    }

    /// The upper-triangular `R` (`n x n`, column-major).
    pub(crate) fn r(&self) -> Array2<T> {
        let n = self.a.ncols();
        let mut r = Array2::zeros((n, n).f());
        for j in 0..n {
            r.slice_mut(s![..=j, j]).assign(&self.a.slice(s![..=j, j]));
        }
        r
    }

    /// `x <- Q x` for `x = [x_top; 0]` of shape `(m, q)`, zero below row `n` (as `[U_R; 0]`
    /// and `[I; 0]` are), in any memory order. Takes the factorisation by value: its storage
    /// becomes `V` in place, so take [`Self::r`] first.
    ///
    /// The whole `Q` is one block reflector `I - V T^{-1} V^T` (`V` is `m x n`), with the
    /// panels' factors as the diagonal blocks of `T` and `V_j^T V_i` as its block `(j, i)`
    /// for `i > j`. So `Y = T^{-1} (V^T x)` is solved by blocks from the last panel up, each
    /// `V_j^T x` reading only `x_top`, and the update is one product `x -= V Y` with inner
    /// dimension `n`: `2 m n q` flops, plus about `m n^2 / 3` for the couplings, against
    /// `4 m n q` for applying the panels one after the other.
    pub(crate) fn apply_q_to_top(self, mut x: ArrayViewMut2<'_, T>) {
        let n = self.a.ncols();
        let q = x.ncols();
        let par = faer::get_global_parallelism();
        let mut v = self.a;
        make_unit_lower(v.view_mut());
        let mut y = Array2::<T>::zeros((n, q).f());
        let starts: Vec<usize> = (0..n).step_by(NB).collect();
        for &j0 in starts.iter().rev() {
            let j1 = (j0 + NB).min(n);
            let mut rhs = Array2::<T>::zeros((j1 - j0, q).f());
            product(
                v.slice(s![j0..n, j0..j1]).t(),
                x.slice(s![j0..n, ..]),
                rhs.view_mut(),
                false,
            );
            if j1 < n {
                // rhs -= (V_j^T V_later) Y_later; V_later is zero above row j1.
                let mut coupling = Array2::<T>::zeros((j1 - j0, n - j1).f());
                product(
                    v.slice(s![j1.., j0..j1]).t(),
                    v.slice(s![j1.., j1..]),
                    coupling.view_mut(),
                    false,
                );
                coupling.mapv_inplace(|e| -e);
                product(coupling.view(), y.slice(s![j1.., ..]), rhs.view_mut(), true);
            }
            faer::linalg::triangular_solve::solve_upper_triangular_in_place(
                self.t.slice(s![..j1 - j0, j0..j1]).into_faer(),
                rhs.view_mut().into_faer(),
                par,
            );
            y.slice_mut(s![j0..j1, ..]).assign(&rhs);
        }
        y.mapv_inplace(|e| -e);
        product(v.view(), y.view(), x.view_mut(), true);
    }

    /// The first `cols` columns of `Q` (`n <= cols <= m`; C order) explicitly, as LAPACK's
    /// `orgqr` forms them: `Q [I; 0]` with the panels applied from the last to the first,
    /// each to the columns it can reach. `cols = n` gives the thin `Q`, `cols = m` the
    /// complete one.
    ///
    /// Before panel `j` (columns `j0..j1`) is applied, columns `j1..` hold the product of the
    /// later panels with columns of `I`, which is zero in rows `..j1`, and columns `j0..j1`
    /// are still those of `I`; the panel changes rows `j0..` only. So each panel updates the
    /// block `Q[j0.., j0..cols]` and nothing else: for the thin `Q`, `2 m n^2 - 2/3 n^3` flops
    /// in all, against `2 m n^2 + m n^2 / 3` for [`Self::apply_q_to_top`] on `[I; 0]`, which
    /// cannot use the zeros (for a square matrix, `4/3 n^3` against `7/3 n^3`).
    pub(crate) fn form_q(self, cols: usize) -> Array2<T> {
        let (m, n) = self.a.dim();
        assert!(n <= cols && cols <= m);
        let mut v = self.a;
        make_unit_lower(v.view_mut());
        let mut q: Array2<T> = alloc::zeros((m, cols));
        // Columns past the reflectors' are those of I until the panels reach them.
        q.slice_mut(s![n..cols, n..cols]).diag_mut().fill(T::one());
        let starts: Vec<usize> = (0..n).step_by(NB).collect();
        for &j0 in starts.iter().rev() {
            let j1 = (j0 + NB).min(n);
            q.slice_mut(s![j0..j1, j0..j1]).diag_mut().fill(T::one());
            apply_block(
                v.slice(s![j0.., j0..j1]),
                self.t.slice(s![..j1 - j0, j0..j1]),
                q.slice_mut(s![j0.., j0..]),
                false,
            );
        }
        q
    }

    /// `x <- Q x` for any `x` of shape `(m, p)`: the panels' reflectors in reverse order
    /// (the tests check [`Self::apply_q_to_top`] against it).
    pub(crate) fn apply_q(&self, mut x: ArrayViewMut2<'_, T>) {
        let n = self.a.ncols();
        let panels: Vec<usize> = (0..n).step_by(NB).collect();
        for &j0 in panels.iter().rev() {
            let jb = NB.min(n - j0);
            let mut v = self.a.slice(s![j0.., j0..j0 + jb]).to_owned();
            make_unit_lower(v.view_mut());
            apply_block(
                v.view(),
                self.t.slice(s![..jb, j0..j0 + jb]),
                x.slice_mut(s![j0.., ..]),
                false,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(m: usize, n: usize, seed: u64) -> Array2<f64> {
        let mut state = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        Array2::from_shape_fn((m, n), |_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        })
    }

    /// Largest absolute entry; NaN if any entry is NaN (`f64::max` would drop it).
    fn max_abs<'a>(a: impl IntoIterator<Item = &'a f64>) -> f64 {
        a.into_iter().fold(0.0, |m, &x| {
            if x.abs() > m || x.is_nan() {
                x.abs()
            } else {
                m
            }
        })
    }

    #[test]
    fn q_times_r_gives_back_a_and_q_is_orthonormal() {
        // 300 x 150: three panels (64, 64, 22), so every block update runs.
        for (m, n) in [(300, 150), (200, 64), (129, 65)] {
            let a = matrix(m, n, 3);
            let h = qr(a.view());
            let r = h.r();
            // Q [R; 0] = A and Q [I; 0] has orthonormal columns.
            // In F order and in C order (thin_svd's `U`).
            let mut qr_prod = Array2::<f64>::zeros((m, n).f());
            qr_prod.slice_mut(s![..n, ..]).assign(&r);
            h.clone().apply_q_to_top(qr_prod.view_mut());
            assert!(max_abs(&(&qr_prod - &a)) < 1e-13, "{m} x {n}: Q R != A");
            let mut qr_c = Array2::<f64>::zeros((m, n));
            qr_c.slice_mut(s![..n, ..]).assign(&r);
            h.clone().apply_q_to_top(qr_c.view_mut());
            assert!(
                max_abs(&(&qr_c - &a)) < 1e-13,
                "{m} x {n}: Q R != A in C order"
            );
            let mut q = Array2::<f64>::zeros((m, n).f());
            q.slice_mut(s![..n, ..]).assign(&Array2::eye(n));
            h.clone().apply_q_to_top(q.view_mut());
            // The panel-by-panel product agrees.
            let mut q2 = Array2::<f64>::zeros((m, n).f());
            q2.slice_mut(s![..n, ..]).assign(&Array2::eye(n));
            h.apply_q(q2.view_mut());
            assert!(
                max_abs(&(&q - &q2)) < 1e-13,
                "{m} x {n}: the two products of Q differ"
            );
            // Formed panel by panel as LAPACK's orgqr does: the same Q, and for the
            // complete Q the same as Q applied to I.
            let q3 = h.clone().form_q(n);
            assert!(q3.is_standard_layout());
            assert!(
                max_abs(&(&q - &q3)) < 1e-13,
                "{m} x {n}: form_q differs from Q [I; 0]"
            );
            let full = h.clone().form_q(m);
            let mut full2 = Array2::<f64>::eye(m);
            h.apply_q(full2.view_mut());
            assert!(
                max_abs(&(&full - &full2)) < 1e-13,
                "{m} x {n}: the complete form_q differs from Q I"
            );
            let qtq = q.t().dot(&q);
            assert!(
                max_abs(&(&qtq - &Array2::<f64>::eye(n))) < 1e-13,
                "{m} x {n}: Q^T Q != I"
            );
        }
    }

    #[test]
    fn r_equals_faers_unblocked_qr_up_to_the_signs_of_its_rows() {
        let a = matrix(250, 130, 4);
        let ours = qr(a.view()).r();
        let faer_r = a.view().into_faer().qr().R().to_owned();
        for i in 0..130 {
            let sign = if (ours[[i, i]] > 0.0) == (faer_r[(i, i)] > 0.0) {
                1.0
            } else {
                -1.0
            };
            for j in i..130 {
                assert!(
                    (ours[[i, j]] - sign * faer_r[(i, j)]).abs() < 1e-12,
                    "R[{i}, {j}]"
                );
            }
        }
    }

    #[test]
    fn zero_columns_leave_a_valid_factorisation() {
        // Rank-deficient input, as centred MNIST has (pixels that are always 0).
        let mut a = matrix(200, 100, 5);
        for j in [0, 7, 63, 64, 99] {
            a.column_mut(j).fill(0.0);
        }
        let h = qr(a.view());
        let mut prod = Array2::<f64>::zeros((200, 100).f());
        prod.slice_mut(s![..100, ..]).assign(&h.r());
        h.apply_q_to_top(prod.view_mut());
        assert!(max_abs(&(&prod - &a)) < 1e-13);
        assert!(prod.iter().all(|x| x.is_finite()));
    }

    #[test]
    fn a_leaf_panel_of_full_rank_matches_faers_qr_in_place() {
        // (On a column that is zero below the diagonal, faer skips the column and moves the
        // next reflector up a row; the leaf keeps LAPACK's layout, an identity reflector
        // with tau = inf, which `zero_columns_leave_a_valid_factorisation` checks.)
        use faer::dyn_stack::MemStack;
        use faer::linalg::qr::no_pivoting::factor::{qr_in_place, qr_in_place_scratch};
        for (m, w) in [(40, 5), (300, LEAF), (17, LEAF)] {
            let a = matrix(m, w, 9 + w as u64);
            let mut ours = Array2::<f64>::zeros((m, w).f());
            ours.assign(&a);
            let mut t_ours = Array2::<f64>::zeros((w, w).f());
            factor_leaf(ours.view_mut(), t_ours.view_mut());

            let mut theirs = Array2::<f64>::zeros((m, w).f());
            theirs.assign(&a);
            let mut t_theirs = Array2::<f64>::zeros((w, w).f());
            let par = faer::Par::Seq;
            let mut scratch =
                alloc::scratch(qr_in_place_scratch::<f64>(m, w, w, par, Default::default()));
            qr_in_place(
                theirs.view_mut().into_faer(),
                t_theirs.view_mut().into_faer(),
                par,
                MemStack::new(&mut scratch),
                Default::default(),
            );
            assert!(max_abs(&(&ours - &theirs)) < 1e-13, "{m} x {w}: R and V");
            // Upper triangles of the block factors (faer leaves the rest alone).
            for j in 0..w {
                for i in 0..=j {
                    let (x, y) = (t_ours[[i, j]], t_theirs[[i, j]]);
                    assert!(
                        (x - y).abs() < 1e-12,
                        "{m} x {w}: t[{i}, {j}] = {x}, faer {y}"
                    );
                }
            }
        }
    }

    /// `H x` for `H = I - v v^T / tau`, `v = [1, essentials]`, in f64.
    fn reflect(x: &[f64], essentials: &[f64], tau: f64) -> Vec<f64> {
        let v: Vec<f64> = std::iter::once(1.0)
            .chain(essentials.iter().copied())
            .collect();
        let vx: f64 = v.iter().zip(x).map(|(a, b)| a * b).sum();
        x.iter()
            .zip(&v)
            .map(|(xi, vi)| xi - vi * vx / tau)
            .collect()
    }

    fn check_householder<T: Float>(x: &[T], tol: f64) {
        let (mut head, mut tail) = (x[0], x[1..].to_vec());
        let tau = make_householder(has_avx2_fma(), &mut head, &mut tail);
        let (mut faer_head, mut faer_tail) = (x[0], x[1..].to_vec());
        let faer_tau = make_householder_in_place(
            &mut faer_head,
            ColMut::from_slice_mut(&mut faer_tail).as_dyn_stride_mut(),
        )
        .tau;
        let rel = |a: T, b: T| (a - b).abs().to_f64() / b.abs().to_f64().max(f64::MIN_POSITIVE);
        assert!(
            rel(tau, faer_tau) <= tol,
            "tau {tau:?} against faer's {faer_tau:?}"
        );
        assert!(
            rel(head, faer_head) <= tol,
            "beta {head:?} against {faer_head:?}"
        );
        let diffs: Vec<f64> = tail
            .iter()
            .zip(&faer_tail)
            .map(|(&a, &b)| (a - b).abs().to_f64())
            .collect();
        let err = max_abs(&diffs);
        assert!(err <= tol, "essentials differ by {err:e}");
        // H x = [beta, 0, ..., 0]: the definition, in f64.
        let x64: Vec<f64> = x.iter().map(|&v| Float::to_f64(v)).collect();
        let ess: Vec<f64> = tail.iter().map(|&v| Float::to_f64(v)).collect();
        let hx = reflect(&x64, &ess, tau.to_f64());
        // ||x|| bounded without squares, which underflow for the tiny test vectors.
        let scale = max_abs(&x64) * (x.len() as f64).sqrt();
        assert!(
            (hx[0] - head.to_f64()).abs() <= 10.0 * tol * scale,
            "H x [0] = {}",
            hx[0]
        );
        let rest = max_abs(&hx[1..]);
        assert!(
            rest <= 10.0 * tol * scale,
            "H x has {rest:e} below its head"
        );
    }

    #[test]
    fn householder_with_the_plain_norm_matches_faers_and_zeroes_the_tail() {
        for m in [2, 3, 9, 16, 17, 100, 783] {
            let x: Vec<f64> = matrix(m, 1, 11 + m as u64)
                .iter()
                .map(|v| 2.0 * v)
                .collect();
            check_householder(&x, 1e-14);
            // A zero head, and a head of each sign.
            let mut y = x.clone();
            y[0] = 0.0;
            check_householder(&y, 1e-14);
            y[0] = -3.0;
            check_householder(&y, 1e-14);
            let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
            check_householder(&x32, 1e-5);
        }
        // Elements whose squares underflow (faer's scaled norm is used) or overflow.
        for scale in [1e-160, 1e-300, 1e160] {
            let x: Vec<f64> = matrix(50, 1, 3).iter().map(|v| v * scale).collect();
            check_householder(&x, 1e-14);
        }
    }

    #[test]
    fn householder_of_a_zero_tail_is_the_identity() {
        let (mut head, mut tail) = (2.0f64, vec![0.0; 5]);
        let tau = make_householder(has_avx2_fma(), &mut head, &mut tail);
        assert!(tau.is_infinite() && tail.iter().all(|&v| v == 0.0));
    }
}
