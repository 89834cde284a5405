//! # 3.5 Tensor decompositions: CP (CP-ALS) and Tucker (HOSVD, HOOI)
//!
//! The SVD of chapter 2 compresses a matrix: keep `r` singular triplets. For a tensor
//! with more than two axes (a video, a stack of images per class, the weights of a
//! convolution `(OC, C, KH, KW)`) there are two generalisations, both available in Python
//! through [TensorLy](https://tensorly.org):
//!
//! - **CP** (CANDECOMP/PARAFAC): a sum of `R` rank-one tensors,
//!   `X ≈ sum_r w_r · a_r ∘ b_r ∘ c_r`. Parameters `R (I + J + K + 1)`: tiny, but fitting
//!   is a non-convex problem solved by alternating least squares (CP-ALS).
//! - **Tucker**: a small core tensor `G` of shape `(r1, r2, r3)` multiplied along each
//!   mode by a matrix with orthonormal columns, `X ≈ G ×1 U1 ×2 U2 ×3 U3`. HOSVD takes
//!   each `U_n` from the SVD of an unfolding (no iterations, quasi-optimal); HOOI refines
//!   it by alternating (the error never increases).
//!
//! | TensorLy / NumPy | Rust (`use tensors::decomp::*;`) | |
//! |---|---|---|
//! | `tl.unfold(X, mode)` = `np.moveaxis(X, mode, 0).reshape(X.shape[mode], -1)` | [`unfold(&x, mode)?`](unfold) | `(I_n, prod of the others)` |
//! | `tl.fold(M, mode, shape)` | [`fold(&m, mode, &shape)?`](fold) | inverse of `unfold` |
//! | `tl.tenalg.mode_dot(X, M, mode)` | [`mode_dot(&x, &m, mode)?`](mode_dot) | `X ×_n M` |
//! | `tl.tenalg.khatri_rao([A, B])` | [`khatri_rao(&[a.view(), b.view()])?`](khatri_rao) | column-wise Kronecker |
//! | `parafac(X, rank=R)` | [`cp_als(&x, R)?`](cp_als), [`CpAls::new(R).with_max_iter(200).fit(&x)?`](CpAls) | [`Cp`] |
//! | `tucker(X, rank=[r1, r2, r3], n_iter_max=0)` (HOSVD) | [`tucker_hosvd(&x, &[r1, r2, r3])?`](tucker_hosvd) | [`Tucker`] |
//! | `tucker(X, rank=[r1, r2, r3])` (HOOI) | [`tucker_hooi(&x, &[r1, r2, r3])?`](tucker_hooi), [`Hooi`] | [`Tucker`] |
//! | `tl.cp_to_tensor((w, factors))`, `tl.tucker_to_tensor((G, factors))` | [`Cp::to_tensor`], [`Tucker::to_tensor`] | reconstruction |
//!
//! ```
//! use ndarray::array;
//! use tensors::decomp::{CpAls, tucker_hosvd, khatri_rao, fold};
//!
//! // A tensor of exact CP rank 2: X = a_0 ∘ b_0 ∘ c_0 + a_1 ∘ b_1 ∘ c_1.
//! let a = array![[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, -1.0]];
//! let b = array![[1.0, 2.0], [3.0, -1.0], [0.0, 1.0], [1.0, 1.0], [2.0, 0.0]];
//! let c = array![[1.0, 1.0], [2.0, -1.0], [-1.0, 3.0]];
//! // In TensorLy's (C-order) convention X_(0) = A (B ⊙ C)^T, ⊙ the Khatri-Rao product.
//! let x = fold(&a.dot(&khatri_rao(&[b.view(), c.view()])?.t()), 0, &[4, 5, 3])?;
//!
//! let cp = CpAls::new(2).with_max_iter(500).with_tol(1e-14).fit(&x)?;
//! assert!(*cp.errors.last().unwrap() < 1e-8);
//! assert!(cp.to_tensor()?.abs_diff_eq(&x, 1e-6));
//!
//! // Tucker with full multilinear rank (4, 5, 3) is exact; (2, 2, 2) is too here.
//! let t = tucker_hosvd(&x, &[2, 2, 2])?;
//! assert!(*t.errors.last().unwrap() < 1e-10);
//! assert_eq!(t.core.shape(), &[2, 2, 2]);
//! # Ok::<(), tensors::Error>(())
//! ```
//!
//! ## Conventions
//! Unfolding follows TensorLy (row-major): the mode-`n` unfolding puts axis `n` first and
//! flattens the others in order, the last one fastest. Then
//! `unfold(X, n) = A_n · diag(w) · khatri_rao(A_0, ..., A_{n-1}, A_{n+1}, ...)^T` for a CP
//! tensor, with [`khatri_rao`]'s first matrix varying slowest.
//!
//! ## Errors reported
//! Every fit records the relative error `‖X - X̂‖_F / ‖X‖_F` after each iteration
//! (`errors`; `fits()` gives `1 - error`), computed from an explicit reconstruction, not
//! from the shortcut `‖X‖² - ‖G‖²`, which loses half the digits near an exact fit.
//! ALS and HOOI never increase it (up to rounding); HOSVD reports one value.
//!
//! ## Cost and when not to use
//! CP-ALS costs `O(N · numel · R)` per iteration (one MTTKRP per mode) and may need
//! hundreds of iterations; it can stall in "swamps" when components are nearly collinear,
//! and a best rank-`R` CP approximation may not exist (degeneracy). Tucker costs one SVD
//! per mode and is stable, but its core grows as `prod(r_n)`: for many modes with large
//! ranks prefer a tensor train (not covered here). For a matrix, both reduce to the
//! truncated SVD: use [`linalg::thin_svd`].

use crate::error::{Error, Result, shape};
use linalg::Float;
use ndarray::{
    Array1, Array2, ArrayBase, ArrayD, ArrayView2, ArrayViewD, Axis, Data, Dimension, Ix2, IxDyn, s,
};
use rand::{Rng, SeedableRng, rngs::StdRng};

/// Frobenius norm, accumulated in `f64`.
fn fro<T: Float>(it: impl Iterator<Item = T>) -> f64 {
    it.map(|v| v.to_f64() * v.to_f64()).sum::<f64>().sqrt()
}

/// Mode-`n` unfolding (matricization): `np.moveaxis(x, mode, 0).reshape(x.shape[mode], -1)`,
/// TensorLy's `unfold`. A copy, `(I_mode, prod of the other lengths)`.
///
/// ```
/// use ndarray::{array, Array};
/// let x = Array::from_iter(0..24).into_shape_with_order((2, 3, 4)).unwrap();
/// let m = tensors::decomp::unfold(&x, 1)?;
/// assert_eq!(m.dim(), (3, 8));
/// // row j holds x[:, j, :] flattened in C order
/// assert_eq!(m.row(1).to_vec(), [4, 5, 6, 7, 16, 17, 18, 19]);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfBounds`] if `mode >= x.ndim()`.
pub fn unfold<A, S, D>(x: &ArrayBase<S, D>, mode: usize) -> Result<Array2<A>>
where
    A: Clone,
    S: Data<Elem = A>,
    D: Dimension,
{
    let n = check_mode("unfold", mode, x.ndim())?;
    let rest = if x.is_empty() {
        x.shape()
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != n)
            .map(|(_, &d)| d)
            .product()
    } else {
        x.len() / x.len_of(Axis(n))
    };
    let moved = crate::shape::moveaxis(x, n as isize, 0)?;
    Ok(moved
        .as_standard_layout()
        .into_owned()
        .into_shape_with_order((x.len_of(Axis(n)), rest))
        .expect("same number of elements"))
}

fn check_mode(op: &'static str, mode: usize, ndim: usize) -> Result<usize> {
    if mode >= ndim {
        return Err(Error::AxisOutOfBounds {
            op,
            axis: mode as isize,
            ndim,
        });
    }
    Ok(mode)
}

/// Inverse of [`unfold`]: rebuild the tensor of shape `shape` from its mode-`n`
/// unfolding. TensorLy's `fold(unfolded, mode, shape)`. A copy.
///
/// ```
/// use ndarray::Array;
/// use tensors::decomp::{fold, unfold};
/// let x = Array::from_iter(0..24).into_shape_with_order((2, 3, 4)).unwrap().into_dyn();
/// assert_eq!(fold(&unfold(&x, 2)?, 2, &[2, 3, 4])?, x);
/// let err = fold(&unfold(&x, 2)?, 2, &[2, 4, 4]).unwrap_err();
/// assert_eq!(err.to_string(), "fold: an unfolding of shape (4, 6) cannot be folded into shape (2, 4, 4) along mode 2");
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfBounds`]; [`Error::ShapeMismatch`] if `m` is not `(shape[mode],
/// prod of the others)`.
pub fn fold<A, S>(m: &ArrayBase<S, Ix2>, mode: usize, shape_: &[usize]) -> Result<ArrayD<A>>
where
    A: Clone,
    S: Data<Elem = A>,
{
    let n = check_mode("fold", mode, shape_.len())?;
    let rest: usize = shape_
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != n)
        .map(|(_, &d)| d)
        .product();
    if m.dim() != (shape_[n], rest) {
        return Err(Error::ShapeMismatch {
            op: "fold",
            detail: format!(
                "an unfolding of shape {} cannot be folded into shape {} along mode {n}",
                shape(m.shape()),
                shape(shape_)
            ),
        });
    }
    let mut moved: Vec<usize> = vec![shape_[n]];
    moved.extend(
        shape_
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != n)
            .map(|(_, &d)| d),
    );
    let t = m
        .as_standard_layout()
        .into_owned()
        .into_shape_with_order(IxDyn(&moved))
        .expect("same number of elements");
    let back = crate::shape::moveaxis(&t, 0, n as isize)?;
    Ok(back.as_standard_layout().into_owned())
}

/// The mode-`n` product `X ×_n M`: multiply every mode-`n` fibre of `x` by `m`.
/// TensorLy's `mode_dot(x, m, mode)`; `np.moveaxis(np.tensordot(m, x, (1, mode)), 0, mode)`.
///
/// `m` is `(J, I_mode)`; the result has `J` in place of `I_mode`.
///
/// ```
/// use ndarray::{Array2, Array3};
/// let x = Array3::<f64>::ones((2, 3, 4));
/// let m = Array2::<f64>::ones((5, 3));
/// let y = tensors::decomp::mode_dot(&x, &m, 1)?;
/// assert_eq!(y.shape(), &[2, 5, 4]);
/// assert_eq!(y[[0, 0, 0]], 3.0);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfBounds`]; [`Error::ShapeMismatch`] if `m.ncols() != x.shape()[mode]`.
pub fn mode_dot<T, S1, S2, D>(
    x: &ArrayBase<S1, D>,
    m: &ArrayBase<S2, Ix2>,
    mode: usize,
) -> Result<ArrayD<T>>
where
    T: Float,
    S1: Data<Elem = T>,
    S2: Data<Elem = T>,
    D: Dimension,
{
    let n = check_mode("mode_dot", mode, x.ndim())?;
    if m.ncols() != x.len_of(Axis(n)) {
        return Err(Error::ShapeMismatch {
            op: "mode_dot",
            detail: format!(
                "matrix of shape {} cannot multiply mode {n} of length {} of a tensor of shape {}",
                shape(m.shape()),
                x.len_of(Axis(n)),
                shape(x.shape())
            ),
        });
    }
    let y = linalg::matmul(m, &unfold(x, n)?)?;
    let mut new_shape = x.shape().to_vec();
    new_shape[n] = m.nrows();
    fold(&y, n, &new_shape)
}

/// Column-wise Kronecker product of matrices with the same number of columns:
/// `tl.tenalg.khatri_rao([A, B, ...])`. Row `i·J + j` of `khatri_rao([A, B])` is
/// `A[i, :] * B[j, :]` (the first matrix varies slowest).
///
/// ```
/// use ndarray::array;
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// let b = array![[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]];
/// let kr = tensors::decomp::khatri_rao(&[a.view(), b.view()])?;
/// assert_eq!(kr.dim(), (6, 2));
/// assert_eq!(kr.row(4).to_vec(), [3.0 * 2.0, 4.0 * 20.0]);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for an empty list; [`Error::ShapeMismatch`] if the numbers
/// of columns differ.
pub fn khatri_rao<T: Float>(matrices: &[ArrayView2<'_, T>]) -> Result<Array2<T>> {
    const OP: &str = "khatri_rao";
    let first = matrices.first().ok_or_else(|| Error::InvalidArgument {
        op: OP,
        detail: "need at least one matrix".into(),
    })?;
    let r = first.ncols();
    if let Some(bad) = matrices.iter().find(|m| m.ncols() != r) {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!(
                "all matrices must have the same number of columns, got shapes {} and {}",
                shape(first.shape()),
                shape(bad.shape())
            ),
        });
    }
    let mut out = first.to_owned();
    for m in &matrices[1..] {
        let (i, j) = (out.nrows(), m.nrows());
        let mut next = Array2::zeros((i * j, r));
        for (a, mut block) in out
            .rows()
            .into_iter()
            .zip(next.axis_chunks_iter_mut(Axis(0), j.max(1)))
        {
            // block[j, :] = a * m[j, :]
            block.assign(m);
            block *= &a;
        }
        out = next;
    }
    Ok(out)
}

fn check_tensor<T, S: Data<Elem = T>, D: Dimension>(
    op: &'static str,
    x: &ArrayBase<S, D>,
) -> Result<()> {
    if x.ndim() < 2 {
        return Err(Error::InvalidArgument {
            op,
            detail: format!(
                "expected a tensor with at least 2 dimensions, got shape {}",
                shape(x.shape())
            ),
        });
    }
    if x.is_empty() {
        return Err(Error::Empty {
            op,
            shape: shape(x.shape()),
        });
    }
    Ok(())
}

/// A CP decomposition `X ≈ sum_r weights[r] · factors[0][:, r] ∘ factors[1][:, r] ∘ ...`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cp<T> {
    /// The weight of each rank-one term (factor columns have unit norm).
    pub weights: Array1<T>,
    /// One `(I_n, R)` matrix per mode.
    pub factors: Vec<Array2<T>>,
    /// Relative error `‖X - X̂‖_F / ‖X‖_F` after each iteration.
    pub errors: Vec<T>,
}

/// `unfold(X̂, 0) = A_0 · diag(w) · khatri_rao(A_1, ..., A_{N-1})^T`.
fn cp_unfolded0<T: Float>(weights: &Array1<T>, factors: &[Array2<T>]) -> Result<Array2<T>> {
    let others: Vec<ArrayView2<'_, T>> = factors[1..].iter().map(|f| f.view()).collect();
    let kr = khatri_rao(&others)?;
    let a0 = &factors[0] * weights;
    Ok(linalg::matmul(&a0, &kr.t())?)
}

impl<T: Float> Cp<T> {
    /// The tensor the decomposition represents: `tl.cp_to_tensor((weights, factors))`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] if the factors do not share a number of columns equal to
    /// `weights.len()` (only possible if the fields were edited).
    pub fn to_tensor(&self) -> Result<ArrayD<T>> {
        const OP: &str = "cp_to_tensor";
        let r = self.weights.len();
        if self.factors.is_empty() || self.factors.iter().any(|f| f.ncols() != r) {
            return Err(Error::ShapeMismatch {
                op: OP,
                detail: format!(
                    "{} weights but factor shapes {:?}",
                    r,
                    self.factors.iter().map(|f| f.dim()).collect::<Vec<_>>()
                ),
            });
        }
        let dims: Vec<usize> = self.factors.iter().map(|f| f.nrows()).collect();
        if self.factors.len() == 1 {
            return Ok(self.factors[0].dot(&self.weights).into_dyn());
        }
        fold(&cp_unfolded0(&self.weights, &self.factors)?, 0, &dims)
    }

    /// The rank `R` (number of rank-one terms).
    pub fn rank(&self) -> usize {
        self.weights.len()
    }

    /// Stored numbers: `R · (sum I_n + 1)`.
    pub fn n_params(&self) -> usize {
        self.rank() * (self.factors.iter().map(|f| f.nrows()).sum::<usize>() + 1)
    }

    /// `numel(X) / n_params()`: how many times smaller than the dense tensor.
    pub fn compression_ratio(&self) -> f64 {
        let numel: usize = self.factors.iter().map(|f| f.nrows()).product();
        numel as f64 / self.n_params().max(1) as f64
    }

    /// Fit per iteration, `1 - error` (TensorLy's convention).
    pub fn fits(&self) -> Vec<T> {
        self.errors.iter().map(|&e| T::one() - e).collect()
    }
}

/// How CP-ALS initialises its factors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CpInit {
    /// The leading `R` left singular vectors of each unfolding (TensorLy's `init="svd"`),
    /// completed with seeded uniform random columns when `R > I_n`.
    Svd {
        /// Seed for the extra columns.
        seed: u64,
    },
    /// Uniform `[0, 1)` entries from a seeded generator (`init="random"`).
    Random {
        /// The seed.
        seed: u64,
    },
}

/// Parameters of CP-ALS (TensorLy's `parafac`): [`CpAls::new(rank)`](CpAls::new), then
/// `with_*` options, then [`fit`](CpAls::fit).
///
/// ```
/// use ndarray::Array3;
/// use tensors::decomp::{CpAls, CpInit};
/// let x = Array3::from_shape_fn((4, 5, 6), |(i, j, k)| (i + 1) as f64 * (j + 2) as f64 * (k + 3) as f64);
/// let cp = CpAls::new(1).with_max_iter(50).with_tol(1e-12).with_init(CpInit::Random { seed: 3 }).fit(&x)?;
/// assert!(*cp.errors.last().unwrap() < 1e-10); // x is an outer product: rank 1
/// assert_eq!(cp.n_params(), 1 * (4 + 5 + 6 + 1));
/// # Ok::<(), tensors::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CpAls {
    rank: usize,
    max_iter: usize,
    tol: f64,
    init: CpInit,
}

impl CpAls {
    /// Rank `rank`, at most 100 iterations, tolerance `1e-8` on the change of relative
    /// error, SVD initialisation.
    pub fn new(rank: usize) -> Self {
        CpAls {
            rank,
            max_iter: 100,
            tol: 1e-8,
            init: CpInit::Svd { seed: 0 },
        }
    }

    /// Maximum number of ALS sweeps (`n_iter_max`).
    pub fn with_max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Stop when the relative error changes by less than `tol` between sweeps.
    pub fn with_tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// The initialisation.
    pub fn with_init(mut self, init: CpInit) -> Self {
        self.init = init;
        self
    }

    /// Run CP-ALS on `x`.
    ///
    /// Each sweep updates every factor in turn by the least-squares solution
    /// `A_n = unfold(X, n) · KR · (⊛_{m≠n} A_mᵀA_m)⁻¹` (the matrix `KR` is the Khatri-Rao
    /// product of the other factors, `⊛` the elementwise product), solved with
    /// [`linalg::solve`] (falling back to [`linalg::pinv`] for a singular Gram matrix),
    /// then normalises the columns into `weights`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for rank 0, `max_iter` 0, a negative or NaN tolerance,
    /// or a tensor with fewer than 2 axes; [`Error::Empty`]; [`Error::Linalg`] for NaN or
    /// infinite entries (from the SVD).
    pub fn fit<T, S, D>(&self, x: &ArrayBase<S, D>) -> Result<Cp<T>>
    where
        T: Float,
        S: Data<Elem = T>,
        D: Dimension,
    {
        const OP: &str = "cp_als";
        check_tensor(OP, x)?;
        if self.rank == 0 || self.max_iter == 0 || (self.tol.is_nan() || self.tol < 0.0) {
            return Err(Error::InvalidArgument {
                op: OP,
                detail: format!(
                    "rank ({}) and max_iter ({}) must be positive and tol ({}) >= 0",
                    self.rank, self.max_iter, self.tol
                ),
            });
        }
        let nd = x.ndim();
        let unfolded: Vec<Array2<T>> = (0..nd).map(|n| unfold(x, n)).collect::<Result<_>>()?;
        let norm_x = fro(x.iter().copied());
        let mut factors = self.init_factors(&unfolded)?;
        let mut weights = Array1::ones(self.rank);
        let mut errors: Vec<T> = Vec::new();
        for _ in 0..self.max_iter {
            for n in 0..nd {
                let (a, w) = als_update(&unfolded[n], &factors, n)?;
                factors[n] = a;
                weights = w;
            }
            let rec = cp_unfolded0(&weights, &factors)?;
            let err = fro((&unfolded[0] - &rec).into_iter()) / norm_x.max(f64::MIN_POSITIVE);
            let done = errors
                .last()
                .is_some_and(|&prev: &T| (prev.to_f64() - err).abs() < self.tol);
            errors.push(T::from_f64(err));
            if done {
                break;
            }
        }
        Ok(Cp {
            weights,
            factors,
            errors,
        })
    }

    fn init_factors<T: Float>(&self, unfolded: &[Array2<T>]) -> Result<Vec<Array2<T>>> {
        let r = self.rank;
        let (seed, svd) = match self.init {
            CpInit::Svd { seed } => (seed, true),
            CpInit::Random { seed } => (seed, false),
        };
        let mut rng = StdRng::seed_from_u64(seed);
        let mut factors = Vec::with_capacity(unfolded.len());
        for m in unfolded {
            let mut f = Array2::from_shape_simple_fn((m.nrows(), r), || {
                T::from_f64(rng.gen_range(0.0..1.0))
            });
            if svd {
                let u = linalg::thin_svd(m)?.u;
                let k = u.ncols().min(r);
                f.slice_mut(s![.., ..k]).assign(&u.slice(s![.., ..k]));
            }
            factors.push(f);
        }
        Ok(factors)
    }
}

/// One ALS update of factor `n`: returns the normalised factor and the column norms.
fn als_update<T: Float>(
    unfolded_n: &Array2<T>,
    factors: &[Array2<T>],
    n: usize,
) -> Result<(Array2<T>, Array1<T>)> {
    let r = factors[0].ncols();
    let mut gram = Array2::<T>::ones((r, r));
    for (m, f) in factors.iter().enumerate() {
        if m != n {
            gram *= &linalg::matmul(&f.t(), f)?;
        }
    }
    let others: Vec<ArrayView2<'_, T>> = factors
        .iter()
        .enumerate()
        .filter(|&(m, _)| m != n)
        .map(|(_, f)| f.view())
        .collect();
    let mttkrp = linalg::matmul(unfolded_n, &khatri_rao(&others)?)?; // (I_n, R)
    // A_n gram = mttkrp, gram symmetric: A_n^T = solve(gram, mttkrp^T).
    let a_t = match linalg::solve(&gram, &mttkrp.t()) {
        Ok(a_t) => a_t,
        Err(linalg::Error::Singular { .. }) => {
            linalg::matmul(&linalg::pinv(&gram, None)?, &mttkrp.t())?
        }
        Err(e) => return Err(e.into()),
    };
    let mut a = a_t.reversed_axes().as_standard_layout().into_owned();
    let mut norms = Array1::<T>::zeros(r);
    for (j, mut col) in a.columns_mut().into_iter().enumerate() {
        let nrm = T::from_f64(fro(col.iter().copied()));
        if nrm > T::zero() {
            col /= nrm;
            norms[j] = nrm;
        }
    }
    Ok((a, norms))
}

/// CP-ALS with default options ([`CpAls::new(rank)`](CpAls::new)): TensorLy's
/// `parafac(x, rank)`.
///
/// # Errors
/// As [`CpAls::fit`].
pub fn cp_als<T, S, D>(x: &ArrayBase<S, D>, rank: usize) -> Result<Cp<T>>
where
    T: Float,
    S: Data<Elem = T>,
    D: Dimension,
{
    CpAls::new(rank).fit(x)
}

/// A Tucker decomposition `X ≈ core ×_0 factors[0] ×_1 factors[1] ...`, factors with
/// orthonormal columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Tucker<T> {
    /// The core tensor, shape `(r_0, r_1, ...)`.
    pub core: ArrayD<T>,
    /// One `(I_n, r_n)` matrix with orthonormal columns per mode.
    pub factors: Vec<Array2<T>>,
    /// Relative error `‖X - X̂‖_F / ‖X‖_F` after each iteration (one entry for HOSVD).
    pub errors: Vec<T>,
}

/// `x ×_0 m_0 ×_1 m_1 ...`, transposing the matrices if `transpose`.
fn multi_mode_dot<T: Float>(
    x: ArrayViewD<'_, T>,
    mats: &[Array2<T>],
    transpose: bool,
    skip: Option<usize>,
) -> Result<ArrayD<T>> {
    let mut cur = x.to_owned();
    for (n, m) in mats.iter().enumerate() {
        if Some(n) == skip {
            continue;
        }
        cur = if transpose {
            mode_dot(&cur, &m.t(), n)?
        } else {
            mode_dot(&cur, m, n)?
        };
    }
    Ok(cur)
}

impl<T: Float> Tucker<T> {
    /// The tensor the decomposition represents: `tl.tucker_to_tensor((core, factors))`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] if the factors do not fit the core (only possible if the
    /// fields were edited).
    pub fn to_tensor(&self) -> Result<ArrayD<T>> {
        if self.factors.len() != self.core.ndim() {
            return Err(Error::ShapeMismatch {
                op: "tucker_to_tensor",
                detail: format!(
                    "core of shape {} needs {} factors, got {}",
                    shape(self.core.shape()),
                    self.core.ndim(),
                    self.factors.len()
                ),
            });
        }
        multi_mode_dot(self.core.view(), &self.factors, false, None)
    }

    /// The multilinear rank `(r_0, r_1, ...)`.
    pub fn ranks(&self) -> Vec<usize> {
        self.core.shape().to_vec()
    }

    /// Stored numbers: `prod r_n + sum I_n r_n`.
    pub fn n_params(&self) -> usize {
        self.core.len() + self.factors.iter().map(|f| f.len()).sum::<usize>()
    }

    /// `numel(X) / n_params()`.
    pub fn compression_ratio(&self) -> f64 {
        let numel: usize = self.factors.iter().map(|f| f.nrows()).product();
        numel as f64 / self.n_params().max(1) as f64
    }

    /// Fit per iteration, `1 - error`.
    pub fn fits(&self) -> Vec<T> {
        self.errors.iter().map(|&e| T::one() - e).collect()
    }
}

fn check_ranks<T, S: Data<Elem = T>, D: Dimension>(
    op: &'static str,
    x: &ArrayBase<S, D>,
    ranks: &[usize],
) -> Result<()> {
    check_tensor(op, x)?;
    if ranks.len() != x.ndim() {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "{} ranks given for a tensor of shape {} with {} modes",
                ranks.len(),
                shape(x.shape()),
                x.ndim()
            ),
        });
    }
    for (n, (&r, &d)) in ranks.iter().zip(x.shape()).enumerate() {
        let others: usize = ranks
            .iter()
            .enumerate()
            .filter(|&(m, _)| m != n)
            .map(|(_, &r)| r)
            .product();
        if r == 0 || r > d || r > others {
            return Err(Error::InvalidArgument {
                op,
                detail: format!(
                    "rank {r} for mode {n} must be between 1 and both the mode length {d} and the product of the other ranks {others} (ranks {ranks:?}, shape {})",
                    shape(x.shape())
                ),
            });
        }
    }
    Ok(())
}

/// Leading `r` left singular vectors of `m`.
fn leading_left<T: Float>(m: &Array2<T>, r: usize) -> Result<Array2<T>> {
    let u = linalg::thin_svd(m)?.u;
    Ok(u.slice(s![.., ..r]).to_owned())
}

fn tucker_error<T: Float>(
    x: ArrayViewD<'_, T>,
    core: &ArrayD<T>,
    factors: &[Array2<T>],
    norm_x: f64,
) -> Result<T> {
    let rec = multi_mode_dot(core.view(), factors, false, None)?;
    Ok(T::from_f64(
        fro((&x - &rec).into_iter()) / norm_x.max(f64::MIN_POSITIVE),
    ))
}

/// Truncated higher-order SVD: `U_n` = the leading `ranks[n]` left singular vectors of
/// `unfold(x, n)`, core `= x ×_n U_nᵀ`. TensorLy's `tucker(x, rank, n_iter_max=0)`.
///
/// No iterations; the error is at most `sqrt(N)` times the best possible for these
/// ranks. Exact (up to rounding) when `ranks` is the multilinear rank of `x`.
///
/// ```
/// use ndarray::Array3;
/// let x = Array3::from_shape_fn((6, 5, 4), |(i, j, k)| ((i + j) * (k + 1)) as f64);
/// let t = tensors::decomp::tucker_hosvd(&x, &[2, 2, 1])?;
/// assert!(t.errors[0] < 1e-10); // x has multilinear rank (2, 2, 1)
/// let err = tensors::decomp::tucker_hosvd(&x, &[2, 2]).unwrap_err();
/// assert_eq!(err.to_string(), "tucker_hosvd: 2 ranks given for a tensor of shape (6, 5, 4) with 3 modes");
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// Cost: one thin SVD per mode, `O(I_n · numel)`, plus the core products.
///
/// # Errors
/// [`Error::ShapeMismatch`] if `ranks.len() != x.ndim()`; [`Error::InvalidArgument`] for a
/// rank of 0, above the mode length, or above the product of the other ranks, or a tensor
/// with fewer than 2 axes; [`Error::Empty`]; [`Error::Linalg`] for NaN/inf entries.
pub fn tucker_hosvd<T, S, D>(x: &ArrayBase<S, D>, ranks: &[usize]) -> Result<Tucker<T>>
where
    T: Float,
    S: Data<Elem = T>,
    D: Dimension,
{
    check_ranks("tucker_hosvd", x, ranks)?;
    hosvd(x.view().into_dyn(), ranks)
}

fn hosvd<T: Float>(x: ArrayViewD<'_, T>, ranks: &[usize]) -> Result<Tucker<T>> {
    let factors: Vec<Array2<T>> = ranks
        .iter()
        .enumerate()
        .map(|(n, &r)| leading_left(&unfold(&x, n)?, r))
        .collect::<Result<_>>()?;
    let core = multi_mode_dot(x.view(), &factors, true, None)?;
    let err = tucker_error(x.view(), &core, &factors, fro(x.iter().copied()))?;
    Ok(Tucker {
        core,
        factors,
        errors: vec![err],
    })
}

/// Parameters of HOOI (higher-order orthogonal iteration), TensorLy's `tucker`:
/// [`Hooi::new(ranks)`](Hooi::new), `with_*` options, [`fit`](Hooi::fit).
///
/// ```
/// use ndarray::Array3;
/// let x = Array3::from_shape_fn((6, 5, 4), |(i, j, k)| ((i * j + k) as f64).sin());
/// let t = tensors::decomp::Hooi::new(&[3, 3, 2]).with_max_iter(20).fit(&x)?;
/// // errors[0] is the HOSVD start; HOOI never makes it worse.
/// assert!(t.errors.windows(2).all(|w| w[1] <= w[0] + 1e-12));
/// # Ok::<(), tensors::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Hooi {
    ranks: Vec<usize>,
    max_iter: usize,
    tol: f64,
}

impl Hooi {
    /// Ranks `ranks`, at most 50 sweeps, tolerance `1e-10` on the change of relative error.
    pub fn new(ranks: &[usize]) -> Self {
        Hooi {
            ranks: ranks.to_vec(),
            max_iter: 50,
            tol: 1e-10,
        }
    }

    /// Maximum number of sweeps after the HOSVD start.
    pub fn with_max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Stop when the relative error changes by less than `tol` between sweeps.
    pub fn with_tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// Run HOOI on `x`, starting from [`tucker_hosvd`].
    ///
    /// A sweep replaces each `U_n` by the leading left singular vectors of
    /// `unfold(x ×_{m≠n} U_mᵀ, n)`: the best `U_n` with the others fixed, so the error
    /// cannot increase. `errors[0]` is the HOSVD error, then one entry per sweep.
    ///
    /// # Errors
    /// As [`tucker_hosvd`], and [`Error::InvalidArgument`] for a negative or NaN tolerance.
    pub fn fit<T, S, D>(&self, x: &ArrayBase<S, D>) -> Result<Tucker<T>>
    where
        T: Float,
        S: Data<Elem = T>,
        D: Dimension,
    {
        const OP: &str = "tucker_hooi";
        check_ranks(OP, x, &self.ranks)?;
        if self.tol.is_nan() || self.tol < 0.0 {
            return Err(Error::InvalidArgument {
                op: OP,
                detail: format!("tol must be >= 0, got {}", self.tol),
            });
        }
        let xv = x.view().into_dyn();
        let norm_x = fro(x.iter().copied());
        let mut t = hosvd(xv.view(), &self.ranks)?;
        for _ in 0..self.max_iter {
            for n in 0..x.ndim() {
                let y = multi_mode_dot(xv.view(), &t.factors, true, Some(n))?;
                t.factors[n] = leading_left(&unfold(&y, n)?, self.ranks[n])?;
            }
            t.core = multi_mode_dot(xv.view(), &t.factors, true, None)?;
            let err = tucker_error(xv.view(), &t.core, &t.factors, norm_x)?;
            let prev = *t.errors.last().expect("HOSVD error");
            t.errors.push(err);
            if (prev.to_f64() - err.to_f64()).abs() < self.tol {
                break;
            }
        }
        Ok(t)
    }
}

/// HOOI with default options ([`Hooi::new(ranks)`](Hooi::new)): TensorLy's
/// `tucker(x, rank=ranks)`.
///
/// # Errors
/// As [`Hooi::fit`].
pub fn tucker_hooi<T, S, D>(x: &ArrayBase<S, D>, ranks: &[usize]) -> Result<Tucker<T>>
where
    T: Float,
    S: Data<Elem = T>,
    D: Dimension,
{
    Hooi::new(ranks).fit(x)
}
