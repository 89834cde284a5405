//! Singular values of a bidiagonal matrix by the dqds algorithm (Fernando and Parlett, 1994),
//! the method of LAPACK's `dlasq1`: the last step of [`crate::svdvals`].
//!
//! For an upper bidiagonal `B` (diagonal `a_k`, superdiagonal `b_k`), `B^T B = L U` with
//! `L` unit lower bidiagonal and `U` upper bidiagonal is carried as the *qd array*
//! `q_k = a_k^2`, `e_k = b_k^2`, whose eigenvalues are the `s_k^2`. One dqds transform with
//! shift `tau` turns it into the qd array of `L U - tau I`:
//!
//! ```text
//! d = q_0 - tau
//! for k in 0..n-1:  q'_k = d + e_k;  t = q_{k+1} / q'_k;  e'_k = e_k t;  d = d t - tau
//! q'_{n-1} = d
//! ```
//!
//! Every quantity stays positive exactly when `tau` is below the smallest eigenvalue, and
//! then each is computed to a few ulps: there is no subtraction of like numbers except in
//! `d t - tau`, which the positivity keeps benign. So the eigenvalues come out with *high
//! relative accuracy*, even the tiny ones. With `tau` close to the smallest eigenvalue,
//! `e_{n-2}` goes to zero quickly (as the QR algorithm's last off-diagonal does with a good
//! shift); the eigenvalue is then `q_{n-1}` plus the shifts taken so far, and the array
//! loses its last row.
//!
//! The shift here is just below the smaller eigenvalue of the array's trailing `2 x 2`
//! block, capped by the smallest `d` of the previous transform (both are upper bounds of
//! the smallest eigenvalue, and close to it once the bottom converges). When a transform
//! goes negative the shift was too large: if only the last `d` went negative, the shift
//! passed the eigenvalue by about `-d` and steps back by twice that; otherwise it is halved;
//! a third try has no shift, which cannot fail. LAPACK's `dlasq4` chooses its shifts with a
//! finer case analysis; this simpler rule takes about four transforms per singular value.
//!
//! A transform costs one division and four multiplications or additions per row, and no
//! square root. For the bidiagonal form of a random `784 x 784` matrix: 11.6 ms, against
//! 10.7 ms for LAPACK's `dlasq1` and 40 ms for [`crate::tridiag_values`]' root-free QL on
//! the `2n x 2n` Golub-Kahan matrix, which stays as the fallback.

use crate::scalar::Float;

/// Transforms allowed per singular value, on average over the matrix.
const MAX_TRANSFORMS_PER_VALUE: usize = 30;

/// The shift is this fraction of the estimate of the smallest eigenvalue: a little below it,
/// so that fewer transforms fail. For the bidiagonal form of a random `784 x 784` matrix, in
/// transforms that succeeded / failed and time: 1.0 (and halving on failure): 3658 / 2275,
/// 21 ms; 0.99: 13 ms; 0.9999 with the step back below: 3125 / 115, 11.6 ms; 0.999999:
/// 2896 / 435, 12.1 ms. LAPACK's `dlasq1` took 10.7 ms on the same matrix.
const SHIFT_FRACTION: f64 = 0.9999;

/// The singular values (descending) of the upper bidiagonal matrix with diagonal `d` and
/// superdiagonal `e` (`e.len() + 1 == d.len()`), or `None` when a diagonal element is zero
/// (the qd array is then not positive; the caller uses another method) or the iteration
/// ran out of transforms.
pub(crate) fn bidiagonal_singular_values<T: Float>(d: &[T], e: &[T]) -> Option<Vec<T>> {
    let n = d.len();
    assert!(n >= 1 && e.len() + 1 == n);
    let largest = d.iter().chain(e).fold(T::zero(), |m, &x| m.max(x.abs()));
    if largest == T::zero() {
        return Some(vec![T::zero(); n]);
    }
    if !largest.is_finite() {
        return None;
    }
    // Scaled to at most 1, the squares and their products cannot overflow. A singular value
    // below sqrt(min_positive) times the largest (1e-154 in `f64`) then underflows to a zero
    // `q`, and the caller's other method takes over.
    let scale = largest.recip();
    let q: Vec<T> = d.iter().map(|&x| (x * scale) * (x * scale)).collect();
    let ee: Vec<T> = e.iter().map(|&x| (x * scale) * (x * scale)).collect();
    if q.iter().any(|&x| x == T::zero()) {
        return None;
    }
    let mut values = Vec::with_capacity(n);
    // Blocks between zero off-diagonals are independent.
    let mut start = 0;
    for k in 0..n {
        if k + 1 == n || ee[k] == T::zero() {
            let block_e = if k > start { &ee[start..k] } else { &[][..] };
            eigenvalues_of_block(&q[start..=k], block_e, &mut values)?;
            start = k + 1;
        }
    }
    let mut s: Vec<T> = values.into_iter().map(|v| v.sqrt() / scale).collect();
    s.sort_by(|x, y| y.partial_cmp(x).expect("finite singular values"));
    Some(s)
}

/// Appends the eigenvalues of the positive qd array `(q, e)` to `out`.
fn eigenvalues_of_block<T: Float>(q: &[T], e: &[T], out: &mut Vec<T>) -> Option<()> {
    let fraction = T::from_f64(SHIFT_FRACTION);
    let mut q = q.to_vec();
    let mut e = e.to_vec();
    let (mut q2, mut e2) = (q.clone(), e.clone());
    let tol = T::from_f64(16.0) * T::epsilon();
    let tol2 = tol * tol;
    let mut shifted = T::zero(); // shifts taken so far
    let mut dmin = T::infinity();
    let mut budget = MAX_TRANSFORMS_PER_VALUE * q.len();
    let mut n = q.len();
    while n > 0 {
        if n == 1 {
            out.push(q[0] + shifted);
            return Some(());
        }
        if n == 2 {
            let (big, small) = two_by_two(q[0], e[0], q[1]);
            out.extend([big + shifted, small + shifted]);
            return Some(());
        }
        // Deflate the last row, or the last 2 x 2 block, once what couples it is negligible
        // against the eigenvalue it holds.
        if e[n - 2] <= tol2 * (shifted + q[n - 1]) {
            out.push(q[n - 1] + shifted);
            n -= 1;
            dmin = T::infinity();
            continue;
        }
        if e[n - 3] <= tol2 * (shifted + q[n - 2].min(q[n - 1])) {
            let (big, small) = two_by_two(q[n - 2], e[n - 2], q[n - 1]);
            out.extend([big + shifted, small + shifted]);
            n -= 2;
            dmin = T::infinity();
            continue;
        }
        budget = budget.checked_sub(1)?;
        let mut tau = shift(&q[..n], &e[..n - 1]).min(dmin) * fraction;
        let mut tries = 0;
        loop {
            match transform(&q[..n], &e[..n - 1], tau, &mut q2[..n], &mut e2[..n - 1]) {
                Ok(new_dmin) => {
                    std::mem::swap(&mut q, &mut q2);
                    std::mem::swap(&mut e, &mut e2);
                    shifted += tau;
                    dmin = new_dmin;
                    break;
                }
                Err((row, d)) => {
                    // Negative only in the last row: the shift passed the smallest
                    // eigenvalue by about -d, so step back twice that. Elsewhere it was
                    // far off: halve it. The third try has no shift, which cannot fail.
                    tries += 1;
                    tau = if tries >= 3 {
                        T::zero()
                    } else if row == n - 1 {
                        (tau + T::from_f64(2.0) * d).max(T::zero())
                    } else {
                        tau * T::from_f64(0.5)
                    };
                    budget = budget.checked_sub(1)?;
                }
            }
        }
    }
    Some(())
}

/// The eigenvalues `(big, small)` of the qd array `[q0, e0, q1]`, whose matrix has trace
/// `q0 + q1 + e0` and determinant `q0 q1`; the small one as `det / big`, free of
/// cancellation.
fn two_by_two<T: Float>(q0: T, e0: T, q1: T) -> (T, T) {
    let trace = q0 + q1 + e0;
    let diff = q0 - q1;
    // trace^2 - 4 q0 q1 = (q0 - q1)^2 + e0 (e0 + 2 (q0 + q1)): a sum of positive terms.
    let disc = diff * diff + e0 * (e0 + T::from_f64(2.0) * (q0 + q1));
    let big = (trace + disc.sqrt()) * T::from_f64(0.5);
    let small = if big > T::zero() {
        q0 * q1 / big
    } else {
        T::zero()
    };
    (big, small)
}

/// The smaller eigenvalue of the trailing `2 x 2` block of the array's matrix
/// (`diag(q_{n-2} + e_{n-3}, q_{n-1} + e_{n-2})`, off-diagonal `sqrt(q_{n-2} e_{n-2})`):
/// by Cauchy's interlacing theorem, at least the smallest eigenvalue of the whole.
fn shift<T: Float>(q: &[T], e: &[T]) -> T {
    let n = q.len();
    let a = q[n - 2] + e[n - 3];
    let c = q[n - 1] + e[n - 2];
    let trace = a + c;
    let det = a * c - q[n - 2] * e[n - 2];
    let diff = a - c;
    let disc = diff * diff + T::from_f64(4.0) * q[n - 2] * e[n - 2];
    let big = (trace + disc.sqrt()) * T::from_f64(0.5);
    if big > T::zero() {
        (det / big).max(T::zero())
    } else {
        T::zero()
    }
}

/// One dqds transform of `(q, e)` with shift `tau` into `(q2, e2)`: the smallest `d`, or
/// the first row whose `d` went negative and that `d` (the shift was too large).
fn transform<T: Float>(
    q: &[T],
    e: &[T],
    tau: T,
    q2: &mut [T],
    e2: &mut [T],
) -> Result<T, (usize, T)> {
    let n = q.len();
    let mut d = q[0] - tau;
    if d < T::zero() {
        return Err((0, d));
    }
    let mut dmin = d;
    for k in 0..n - 1 {
        let qk = d + e[k];
        let t = q[k + 1] / qk;
        q2[k] = qk;
        e2[k] = e[k] * t;
        d = d * t - tau;
        if d < T::zero() {
            return Err((k + 1, d));
        }
        dmin = dmin.min(d);
    }
    q2[n - 1] = d;
    Ok(dmin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn max_rel_diff(x: &[f64], y: &[f64]) -> f64 {
        x.iter()
            .zip(y)
            .map(|(a, b)| (a - b).abs() / b.abs().max(f64::MIN_POSITIVE))
            .fold(0.0, f64::max)
    }

    #[test]
    fn the_bidiagonal_of_ones_has_singular_values_two_cos_k_pi_over_2n_plus_1() {
        for n in [1, 2, 3, 5, 50, 400] {
            let s = bidiagonal_singular_values(&vec![1.0; n], &vec![1.0; n - 1]).unwrap();
            let pi = std::f64::consts::PI;
            let expected: Vec<f64> = (1..=n)
                .map(|k| 2.0 * (k as f64 * pi / (2 * n + 1) as f64).cos())
                .collect();
            let err = max_rel_diff(&s, &expected);
            assert!(err <= 16.0 * n as f64 * f64::EPSILON, "n = {n}: {err:e}");
        }
    }

    #[test]
    fn tiny_singular_values_come_out_to_relative_accuracy() {
        // diag(1, 1e-10, ..., 1e-70) with superdiagonal 1e-90: B = D (I + N) with |N| <=
        // 1e-30, so each s_k is d_k to a relative 1e-30 (Demmel and Kahan's perturbation
        // bound for bidiagonal matrices). An absolute-accuracy method returns everything
        // below about 1e-16 as rounding noise.
        let d: Vec<f64> = (0..8).map(|k| 10f64.powi(-10 * k)).collect();
        let e = vec![1e-90; 7];
        let s = bidiagonal_singular_values(&d, &e).unwrap();
        assert!(max_rel_diff(&s, &d) <= 1e-14, "{s:?}");
    }

    #[test]
    fn blocks_split_at_zero_superdiagonal_elements_and_zero_matrices_give_zeros() {
        let s = bidiagonal_singular_values(&[3.0, 1.0, 2.0], &[0.0, 0.0]).unwrap();
        assert_eq!(s, vec![3.0, 2.0, 1.0]);
        let z = bidiagonal_singular_values(&[0.0; 4], &[0.0; 3]).unwrap();
        assert_eq!(z, vec![0.0; 4]);
        // A zero on the diagonal is not the positive case: the caller's other method.
        assert!(bidiagonal_singular_values(&[1.0, 0.0, 1.0], &[1.0, 1.0]).is_none());
    }

    #[test]
    fn scaling_keeps_huge_and_tiny_matrices_accurate() {
        let n = 60;
        let pi = std::f64::consts::PI;
        for c in [1e-300, 1e-150, 1e150, 1e300] {
            let s = bidiagonal_singular_values(&vec![c; n], &vec![c; n - 1]).unwrap();
            let expected: Vec<f64> = (1..=n)
                .map(|k| c * 2.0 * (k as f64 * pi / (2 * n + 1) as f64).cos())
                .collect();
            assert!(max_rel_diff(&s, &expected) <= 1e-13, "{c:e}");
        }
    }

    #[test]
    fn f32_singular_values_of_the_bidiagonal_of_ones() {
        let n = 100;
        let s = bidiagonal_singular_values(&vec![1.0f32; n], &vec![1.0f32; n - 1]).unwrap();
        let pi = std::f64::consts::PI;
        for (k, &sk) in s.iter().enumerate() {
            let expected = 2.0 * ((k + 1) as f64 * pi / (2 * n + 1) as f64).cos();
            assert!((sk as f64 - expected).abs() <= 1e-4 * expected, "{k}: {sk}");
        }
    }
}
