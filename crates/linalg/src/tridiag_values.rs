//! Eigenvalues of a symmetric tridiagonal matrix without its eigenvectors: the root-free QL
//! and QR iterations of Pal, Walker and Kahan, the method of LAPACK's `sterf` (which `syevd`
//! runs when no vectors are wanted). The last step of [`crate::eigvalsh`].
//!
//! One implicit QL sweep with shift `sigma` applies rotations from the bottom of the matrix
//! to the top. With vectors it needs each rotation's `c` and `s`, so a square root per row.
//! Without vectors only `c^2` and `s^2` matter, and they are rational in the diagonal `d_i`
//! and the *squared* off-diagonal `e_i^2`: with `p = gamma^2 / c` carried down the sweep,
//!
//! ```text
//! r = p + e_i^2,   c^2 = p / r,   s^2 = e_i^2 / r,
//! gamma' = c^2 (d_i - sigma) - s^2 gamma,   d_{i+1} = gamma + (d_i - gamma'),
//! e_{i+1}^2 = s^2 r (the previous row's).
//! ```
//!
//! A sweep is then two divisions and a few multiplications per row. The shift is Wilkinson's,
//! the eigenvalue of the leading `2 x 2` block nearer its first diagonal element, which makes
//! the last off-diagonal converge cubically: about two sweeps per eigenvalue, `O(n^2)` in
//! all. A block whose top diagonal element is larger in magnitude than its bottom one is
//! reversed first (a QR iteration on it), so that the small eigenvalues are found first.
//!
//! For `n = 784` (the tridiagonal form of the bench's matrix) faer's implicit QR algorithm
//! without vectors took a median of 28.8 ms here; this takes the figure in
//! [`crate::eigvalsh`]'s docs.

use crate::scalar::Float;

/// Sweeps allowed per eigenvalue, on average over the matrix (LAPACK's `MAXIT`).
const MAX_SWEEPS_PER_VALUE: usize = 30;

/// Overwrites `d` with the eigenvalues (in no particular order) of the symmetric tridiagonal
/// matrix with diagonal `d` and off-diagonal `e` (`e.len() == d.len() - 1`, or both empty).
/// `e` is used as workspace. `None` when some eigenvalue did not converge within
/// `30 n` sweeps in all.
pub(crate) fn tridiagonal_eigenvalues<T: Float>(d: &mut [T], e: &mut [T]) -> Option<()> {
    eigenvalues_within(d, e, MAX_SWEEPS_PER_VALUE * d.len())
}

/// [`tridiagonal_eigenvalues`] with a budget of `sweeps` QL sweeps for the whole matrix.
fn eigenvalues_within<T: Float>(d: &mut [T], e: &mut [T], mut sweeps: usize) -> Option<()> {
    let n = d.len();
    debug_assert_eq!(e.len(), n.saturating_sub(1));
    let eps = T::epsilon();
    // Blocks are scaled into [scale_min, scale_max] so that squaring cannot overflow or
    // underflow (LAPACK's `ssfmin`, `ssfmax`).
    let safe_min = T::min_positive_value();
    let scale_max = safe_min.recip().sqrt() / T::from_f64(3.0);
    let scale_min = safe_min.sqrt() / (eps * eps);
    let mut start = 0;
    while start < n {
        let end = split_point(d, e, start, eps);
        let block = start..end + 1;
        start = end + 1;
        if block.len() == 1 {
            continue;
        }
        let (d, e) = (&mut d[block.clone()], &mut e[block.start..block.end - 1]);
        let norm = d
            .iter()
            .chain(e.iter())
            .fold(T::zero(), |m, x| m.max(x.abs()));
        if norm == T::zero() {
            continue;
        }
        let target = if norm > scale_max {
            scale_max
        } else if norm < scale_min {
            scale_min
        } else {
            norm
        };
        scale(d, e, target / norm);
        e.iter_mut().for_each(|x| *x = *x * *x);
        // QL finds eigenvalues from the top: start from the end with the smaller element.
        if d[d.len() - 1].abs() < d[0].abs() {
            d.reverse();
            e.reverse();
        }
        let converged = root_free_ql(d, e, &mut sweeps);
        scale(d, &mut [], norm / target);
        if !converged {
            return None;
        }
    }
    Some(())
}

/// The last row of the unreduced block that starts at row `start`: the first `m >= start`
/// with `|e_m| <= eps sqrt(|d_m|) sqrt(|d_{m+1}|)` (set to zero), or `n - 1`.
fn split_point<T: Float>(d: &[T], e: &mut [T], start: usize, eps: T) -> usize {
    for m in start..d.len() - 1 {
        if e[m].abs() <= d[m].abs().sqrt() * d[m + 1].abs().sqrt() * eps {
            e[m] = T::zero();
            return m;
        }
    }
    d.len() - 1
}

/// Multiplies a block's diagonal and off-diagonal by `factor`.
fn scale<T: Float>(d: &mut [T], e: &mut [T], factor: T) {
    if factor != T::one() {
        d.iter_mut().chain(e.iter_mut()).for_each(|x| *x *= factor);
    }
}

/// Root-free QL iteration on one block: `d` its diagonal, `e2` its squared off-diagonal.
/// Overwrites `d` with the eigenvalues; `false` when the sweep budget ran out first.
fn root_free_ql<T: Float>(d: &mut [T], e2: &mut [T], sweeps: &mut usize) -> bool {
    let eps2 = T::epsilon() * T::epsilon();
    let last = d.len() - 1;
    // Rows above `l` hold eigenvalues already.
    let mut l = 0;
    while l <= last {
        // The unreduced block l..=m: e_m^2 negligible against |d_m d_{m+1}|.
        let mut m = l;
        while m < last && e2[m].abs() > eps2 * (d[m] * d[m + 1]).abs() {
            m += 1;
        }
        if m < last {
            e2[m] = T::zero();
        }
        if m == l {
            l += 1;
            continue;
        }
        if m == l + 1 {
            (d[l], d[l + 1]) = symmetric_2x2_eigenvalues(d[l], e2[l].sqrt(), d[l + 1]);
            e2[l] = T::zero();
            l += 2;
            continue;
        }
        if *sweeps == 0 {
            return false;
        }
        *sweeps -= 1;
        ql_sweep(&mut d[l..=m], &mut e2[l..m]);
    }
    true
}

/// One root-free implicit QL sweep with Wilkinson's shift over an unreduced block (`d`, and
/// the squared off-diagonal `e2`, at least 3 rows).
fn ql_sweep<T: Float>(d: &mut [T], e2: &mut [T]) {
    let two = T::from_f64(2.0);
    let m = d.len() - 1;
    // The eigenvalue of [[d0, e0], [e0, d1]] nearer d0.
    let e0 = e2[0].sqrt();
    let g = (d[1] - d[0]) / (two * e0);
    let r = g.hypot(T::one());
    let sigma = d[0] - e0 / (g + if g >= T::zero() { r } else { -r });
    let (mut c2, mut s2) = (T::one(), T::zero());
    let mut gamma = d[m] - sigma;
    let mut p = gamma * gamma;
    for i in (0..m).rev() {
        let bb = e2[i];
        let r = p + bb;
        if i + 1 < m {
            e2[i + 1] = s2 * r;
        }
        let old_c2 = c2;
        c2 = p / r;
        s2 = bb / r;
        let old_gamma = gamma;
        let alpha = d[i];
        gamma = c2 * (alpha - sigma) - s2 * old_gamma;
        d[i + 1] = old_gamma + (alpha - gamma);
        p = if c2 != T::zero() {
            gamma * gamma / c2
        } else {
            old_c2 * bb
        };
    }
    e2[0] = s2 * p;
    d[0] = sigma + gamma;
}

/// Eigenvalues of `[[a, b], [b, c]]`, the larger in magnitude first (LAPACK's `lae2`): the
/// smaller comes from the determinant, `ac - b^2 = rt1 rt2`, not from a difference that can
/// cancel.
fn symmetric_2x2_eigenvalues<T: Float>(a: T, b: T, c: T) -> (T, T) {
    let half = T::from_f64(0.5);
    let sum = a + c;
    let root = (a - c).hypot(b + b);
    let (big, small) = if a.abs() > c.abs() { (a, c) } else { (c, a) };
    if sum == T::zero() {
        return (half * root, -half * root);
    }
    let rt1 = if sum > T::zero() {
        half * (sum + root)
    } else {
        half * (sum - root)
    };
    (rt1, (big / rt1) * small - (b / rt1) * b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use std::f64::consts::PI;

    fn sorted<T: Float>(mut v: Vec<T>) -> Vec<T> {
        v.sort_by(|x, y| x.partial_cmp(y).unwrap());
        v
    }

    /// The Toeplitz matrix with `a` on the diagonal and `b` beside it has the eigenvalues
    /// `a + 2 b cos(k pi / (n + 1))`, `k = 1..n`.
    fn toeplitz_eigenvalues(a: f64, b: f64, n: usize) -> Vec<f64> {
        sorted(
            (1..=n)
                .map(|k| a + 2.0 * b * (k as f64 * PI / (n + 1) as f64).cos())
                .collect(),
        )
    }

    fn solve(mut d: Vec<f64>, mut e: Vec<f64>) -> Vec<f64> {
        tridiagonal_eigenvalues(&mut d, &mut e).expect("converges");
        sorted(d)
    }

    fn assert_close(got: &[f64], want: &[f64], tol: f64) {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert_relative_eq!(*g, *w, epsilon = tol);
        }
    }

    #[test]
    fn finds_the_cosine_eigenvalues_of_a_toeplitz_tridiagonal_matrix() {
        for n in [3, 4, 17, 200, 784] {
            let (a, b) = (2.0, -1.0);
            let got = solve(vec![a; n], vec![b; n - 1]);
            // Backward stable: errors of a few eps times the norm (at most 4).
            assert_close(
                &got,
                &toeplitz_eigenvalues(a, b, n),
                64.0 * f64::EPSILON * 4.0,
            );
        }
    }

    #[test]
    fn a_matrix_whose_top_is_larger_runs_the_reversed_iteration_to_the_same_values() {
        // Diagonal 1000, 999, ..., decreasing in magnitude, so the block is reversed; the
        // eigenvalues of a matrix and of its reversal J T J are the same, so compare with
        // the increasing diagonal, which is not reversed.
        let n = 60;
        let down: Vec<f64> = (0..n).map(|i| 1000.0 - i as f64).collect();
        let up: Vec<f64> = down.iter().rev().copied().collect();
        let e: Vec<f64> = (0..n - 1).map(|i| 1.0 + (i % 7) as f64).collect();
        let e_rev: Vec<f64> = e.iter().rev().copied().collect();
        let from_down = solve(down.clone(), e.clone());
        let from_up = solve(up, e_rev);
        assert_close(&from_down, &from_up, 1e3 * 64.0 * f64::EPSILON);
        // And the trace and the sum of squares (the Frobenius norm) are kept.
        let trace: f64 = down.iter().sum();
        let frob2: f64 =
            down.iter().map(|x| x * x).sum::<f64>() + 2.0 * e.iter().map(|x| x * x).sum::<f64>();
        assert_relative_eq!(from_down.iter().sum::<f64>(), trace, max_relative = 1e-13);
        assert_relative_eq!(
            from_down.iter().map(|x| x * x).sum::<f64>(),
            frob2,
            max_relative = 1e-13
        );
    }

    #[test]
    fn zero_off_diagonals_split_the_matrix_into_blocks_solved_apart() {
        // Blocks: [5], Toeplitz(2, -1) of 4, [0], Toeplitz(-3, 0.5) of 3 (a 2 x 2 case
        // appears as it deflates), [7].
        let mut d = vec![5.0, 2.0, 2.0, 2.0, 2.0, 0.0, -3.0, -3.0, -3.0, 7.0];
        let mut e = vec![0.0, -1.0, -1.0, -1.0, 0.0, 0.0, 0.5, 0.5, 0.0];
        tridiagonal_eigenvalues(&mut d, &mut e).unwrap();
        let mut want = vec![5.0, 0.0, 7.0];
        want.extend(toeplitz_eigenvalues(2.0, -1.0, 4));
        want.extend(toeplitz_eigenvalues(-3.0, 0.5, 3));
        assert_close(&sorted(d), &sorted(want), 1e-14 * 8.0);
    }

    #[test]
    fn a_two_by_two_gives_the_roots_of_its_characteristic_polynomial() {
        // [[a, b], [b, c]]: (a + c)/2 ± sqrt(((a - c)/2)^2 + b^2).
        for (a, b, c) in [
            (2.0, 1.0, 2.0),
            (1e8, 1.0, 1e-8),
            (-3.0, 4.0, 3.0),
            (0.0, 0.0, 0.0),
        ] {
            let mid: f64 = (a + c) / 2.0;
            let rad = (((a - c) / 2.0).powi(2) + b * b).sqrt();
            let got = solve(vec![a, c], vec![b]);
            assert_close(
                &got,
                &[mid - rad, mid + rad],
                1e-15 * (a.abs() + c.abs() + 1.0),
            );
        }
        // [[1e8, 1], [1, 1e-8]] has determinant 1e8 * 1e-8 - 1 = 0, so its small eigenvalue
        // is 0; from the determinant it comes out as 0 up to the rounding of 1e-8-sized terms.
        let (big, small) = symmetric_2x2_eigenvalues(1e8f64, 1.0, 1e-8);
        assert_relative_eq!(big, 1e8, max_relative = 1e-15);
        assert!(small.abs() < 1e-23, "{small:e}");
    }

    #[test]
    fn scaled_matrices_give_scaled_eigenvalues_from_1e_minus_300_to_1e300() {
        let n = 50;
        let want = toeplitz_eigenvalues(2.0, -1.0, n);
        for c in [1e-300, 1e-160, 1e160, 1e300] {
            let got = solve(vec![2.0 * c; n], vec![-c; n - 1]);
            let got: Vec<f64> = got.iter().map(|x| x / c).collect();
            assert_close(&got, &want, 1e-13);
        }
    }

    #[test]
    fn single_precision_matches_the_cosine_formula() {
        let n = 100;
        let mut d = vec![2.0f32; n];
        let mut e = vec![-1.0f32; n - 1];
        tridiagonal_eigenvalues(&mut d, &mut e).unwrap();
        let got = sorted(d);
        for (g, w) in got.iter().zip(toeplitz_eigenvalues(2.0, -1.0, n)) {
            assert!((f64::from(*g) - w).abs() < 64.0 * f64::from(f32::EPSILON) * 4.0);
        }
    }

    #[test]
    fn gives_up_when_the_sweep_budget_runs_out() {
        let n = 20;
        let (mut d, mut e) = (vec![2.0; n], vec![-1.0; n - 1]);
        assert!(eigenvalues_within(&mut d, &mut e, 3).is_none());
        let (mut d, mut e) = (vec![2.0; n], vec![-1.0; n - 1]);
        assert!(eigenvalues_within(&mut d, &mut e, 30 * n).is_some());
    }
}
