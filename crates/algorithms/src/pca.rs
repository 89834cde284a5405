//! # 4.5 PCA: principal components by thin SVD or by covariance + `eigh`
//!
//! PCA finds the orthonormal directions along which centred data varies most. With the
//! centred data `Xc = X - mean(X)` and its thin SVD `Xc = U S V^T`, the components are the
//! rows of `V^T`, the variance along component `i` is `s_i^2 / (n - 1)` (scikit-learn's
//! `explained_variance_`, `ddof = 1`), and projecting is `Xc V = U S`. Equivalently the
//! components are the eigenvectors of the covariance matrix `C = Xc^T Xc / (n - 1)` and the
//! variances its eigenvalues.
//!
//! | scikit-learn / NumPy | Rust (`use algorithms::pca::*;`) |
//! |---|---|
//! | `PCA(n_components=2).fit(X)` | `Pca::params(2).fit(&x)?` |
//! | `PCA(n_components=0.95)` (smallest k reaching 95 % of the variance) | `Pca::params(0.95).fit(&x)?` |
//! | `PCA()` (all components) | `Pca::params(NComponents::All)` |
//! | `PCA(svd_solver="full")`, `"covariance_eigh"` | `.solver(PcaSolver::Svd)`, `.solver(PcaSolver::CovarianceEigh)` |
//! | `PCA(whiten=True)` | `.whiten(true)` |
//! | `U, S, Vt = np.linalg.svd(X - X.mean(0), full_matrices=False)` | [`linalg::thin_svd`] on the centred data |
//! | `pca.components_`, `explained_variance_`, `explained_variance_ratio_`, `singular_values_`, `mean_` | [`components()`](FittedPca::components), [`explained_variance()`](FittedPca::explained_variance), [`explained_variance_ratio()`](FittedPca::explained_variance_ratio), [`singular_values()`](FittedPca::singular_values), [`mean()`](FittedPca::mean) |
//! | `pca.transform(X)`, `pca.inverse_transform(Z)` | [`transform(&x)?`](FittedPca::transform), [`inverse_transform(&z)?`](FittedPca::inverse_transform) |
//!
//! ```
//! use algorithms::pca::Pca;
//! let iris = datasets::iris::load();
//! let pca = Pca::params(2).fit(&iris.data)?;
//! // scikit-learn 1.9.1: PCA(2).fit(X).explained_variance_ratio_
//! assert!((pca.explained_variance_ratio()[0] - 0.9246187232017271).abs() < 1e-10);
//! let z = pca.transform(&iris.data)?;                    // (150, 2)
//! assert!((z[[0, 0]] - -2.6841256259695374).abs() < 1e-10);
//! # Ok::<(), algorithms::Error>(())
//! ```
//!
//! ## Sign convention
//! An eigenvector or singular vector is defined up to sign, and different LAPACK builds
//! return different signs. Like scikit-learn (`svd_flip(U, Vt, u_based_decision=False)`,
//! since 1.5), each component is flipped so that **its entry of largest absolute value is
//! positive**. Both solvers apply it, so they agree with each other and with scikit-learn.
//!
//! ## Which solver
//! - [`PcaSolver::Svd`]: thin SVD of the `(n, p)` centred data, `O(n p^2)`, accurate to
//!   machine precision on all components.
//! - [`PcaSolver::CovarianceEigh`]: `C = Xc^T Xc / (n - 1)` by one symmetric product
//!   ([`linalg::gram_lower_into`], BLAS's `syrk`: one triangle, half the flops of a general
//!   product, parallel; blocks of rows are centred on the fly, so the centred copy of `X`
//!   is never stored), then [`linalg::eigh`] of the small `p x p` matrix. Much faster when
//!   `n >> p` (MNIST: 60000 x 784), but small variances lose relative accuracy (the
//!   covariance squares the condition number), like the normal equations.
//! - [`PcaSolver::Auto`] (default) follows scikit-learn 1.5+: covariance + `eigh` when
//!   `n >= 10 p` and `p <= 1000`, SVD otherwise.
//!
//! ## Whitening
//! With `whiten(true)`, `transform` divides each projected coordinate by
//! `sqrt(explained_variance_i)`, giving unit variance per component (useful before
//! algorithms that assume isotropic features); `inverse_transform` undoes it.

use ndarray::{Array1, Array2, ArrayBase, ArrayView2, Axis, Data, Ix2, Zip, s};

use crate::Float;
use crate::check::{check_n_features, check_x};
use crate::error::{Result, invalid};

/// How many components to keep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NComponents {
    /// Exactly this many (at most `min(n_samples, n_features)`).
    Count(usize),
    /// The smallest number whose cumulative explained variance ratio exceeds this
    /// fraction, in `(0, 1)`: `PCA(n_components=0.95)`.
    Fraction(f64),
    /// All `min(n_samples, n_features)` components.
    All,
}

impl From<usize> for NComponents {
    fn from(n: usize) -> Self {
        NComponents::Count(n)
    }
}

impl From<f64> for NComponents {
    fn from(f: f64) -> Self {
        NComponents::Fraction(f)
    }
}

/// Which decomposition computes the components.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PcaSolver {
    /// Covariance + `eigh` when `n >= 10 p` and `p <= 1000`, else SVD (scikit-learn's rule).
    Auto,
    /// Thin SVD of the centred data (`svd_solver="full"`).
    Svd,
    /// `eigh` of the covariance matrix (`svd_solver="covariance_eigh"`).
    CovarianceEigh,
}

/// Entry point: `Pca::params(n_components)` gives the builder.
#[derive(Debug, Clone, Copy)]
pub struct Pca;

impl Pca {
    /// PCA keeping `n_components`: a count (`2`), a variance fraction (`0.95`) or
    /// [`NComponents::All`].
    pub fn params(n_components: impl Into<NComponents>) -> PcaParams {
        PcaParams {
            n_components: n_components.into(),
            solver: PcaSolver::Auto,
            whiten: false,
        }
    }
}

/// Hyperparameters of [`Pca`], checked by [`fit`](Self::fit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PcaParams {
    n_components: NComponents,
    solver: PcaSolver,
    whiten: bool,
}

/// A fitted PCA.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedPca<F> {
    mean: Array1<F>,
    components: Array2<F>,
    explained_variance: Array1<F>,
    explained_variance_ratio: Array1<F>,
    singular_values: Array1<F>,
    whiten: bool,
    solver: PcaSolver,
}

impl PcaParams {
    /// The decomposition to use (default [`PcaSolver::Auto`]).
    pub fn solver(mut self, solver: PcaSolver) -> Self {
        self.solver = solver;
        self
    }

    /// Scale projections to unit variance (default `false`).
    pub fn whiten(mut self, yes: bool) -> Self {
        self.whiten = yes;
        self
    }

    /// Fits the components to `x` `(n_samples, n_features)`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for a count of 0 or more
    /// than `min(n_samples, n_features)`, or a fraction outside `(0, 1)`;
    /// [`Error::TooFewSamples`](crate::Error::TooFewSamples) with fewer than 2 samples;
    /// [`Error::NonFinite`](crate::Error::NonFinite); `Linalg` errors from the
    /// decomposition.
    pub fn fit<F: Float, S: Data<Elem = F>>(&self, x: &ArrayBase<S, Ix2>) -> Result<FittedPca<F>> {
        const E: &str = "PCA";
        check_x("PCA::fit", x, 2)?;
        let (n, p) = x.dim();
        let max_k = n.min(p);
        match self.n_components {
            NComponents::Count(k) if k == 0 || k > max_k => {
                return Err(invalid(
                    E,
                    "n_components",
                    k,
                    format!("must be between 1 and min(n_samples, n_features) = {max_k}"),
                ));
            }
            NComponents::Fraction(f) if !(f > 0.0 && f < 1.0) => {
                return Err(invalid(
                    E,
                    "n_components",
                    f,
                    "a variance fraction must be in (0, 1)",
                ));
            }
            _ => {}
        }
        let solver = match self.solver {
            PcaSolver::Auto if n >= 10 * p && p <= 1000 => PcaSolver::CovarianceEigh,
            PcaSolver::Auto => PcaSolver::Svd,
            s => s,
        };
        let nf = F::from_f64(n as f64);
        let mean = x.sum_axis(Axis(0)) / nf;
        let dof = F::from_f64((n - 1) as f64);
        // components: rows of V^T, descending variance; variance = s^2 / (n - 1).
        let (mut components, explained_variance, singular_values) = match solver {
            PcaSolver::CovarianceEigh => {
                let cov = centred_gram(x.view(), &mean)? / dof;
                let eig = linalg::eigh(&cov)?; // ascending
                let order: Vec<usize> = (0..p).rev().take(max_k).collect();
                let var: Array1<F> = order
                    .iter()
                    .map(|&i| eig.eigenvalues[i].max(F::zero()))
                    .collect();
                let comps = eig.eigenvectors.select(Axis(1), &order).reversed_axes();
                let sv = var.mapv(|v| (v * dof).sqrt());
                (comps.as_standard_layout().into_owned(), var, sv)
            }
            _ => {
                let svd = linalg::thin_svd(&(x - &mean))?;
                let var = svd.s.mapv(|s| s * s / dof);
                (svd.vh, var, svd.s)
            }
        };
        svd_flip_rows(&mut components);
        // The ratio uses the total variance of the data, the sum of all the variances
        // (the trace of the covariance), as scikit-learn: `total_var = sum(explained_variance_)`.
        let total_var = explained_variance.sum();
        let ratio_all = explained_variance.mapv(|v| v / total_var);
        let k = match self.n_components {
            NComponents::Count(k) => k,
            NComponents::All => max_k,
            NComponents::Fraction(f) => {
                // scikit-learn: np.searchsorted(ratio_cumsum, f, side="right") + 1
                let mut cum = 0.0;
                let mut k = max_k;
                for (i, &r) in ratio_all.iter().enumerate() {
                    cum += r.to_f64();
                    if cum > f {
                        k = i + 1;
                        break;
                    }
                }
                k.min(max_k)
            }
        };
        Ok(FittedPca {
            mean,
            components: components.slice(s![..k, ..]).to_owned(),
            explained_variance: explained_variance.slice(s![..k]).to_owned(),
            explained_variance_ratio: ratio_all.slice(s![..k]).to_owned(),
            singular_values: singular_values.slice(s![..k]).to_owned(),
            whiten: self.whiten,
            solver,
        })
    }
}

/// Rows per block of [`centred_gram`]: large enough for a parallel GEMM on each block,
/// small enough (12 MB for MNIST in `f32`) to be reused from the cache.
const GRAM_BLOCK: usize = 4096;

/// The scatter matrix `Xc.T @ Xc` of the centred data `Xc = X - mean`, without ever
/// storing `Xc`: blocks of rows are centred into one buffer and their Gram matrices added
/// up, one triangle each ([`linalg::gram_lower_into`], BLAS's `syrk`: half the flops of a
/// general product), then mirrored.
fn centred_gram<F: Float>(x: ArrayView2<'_, F>, mean: &Array1<F>) -> Result<Array2<F>> {
    let p = x.ncols();
    let mut c = Array2::zeros((p, p));
    let mut buf = Array2::zeros((GRAM_BLOCK.min(x.nrows()), p));
    for (i, block) in x.axis_chunks_iter(Axis(0), GRAM_BLOCK).enumerate() {
        let mut xc = buf.slice_mut(s![..block.nrows(), ..]);
        Zip::from(&mut xc)
            .and(&block)
            .and_broadcast(mean)
            .par_for_each(|o, &v, &m| *o = v - m);
        linalg::gram_lower_into(xc.view(), c.view_mut(), i > 0)?;
    }
    linalg::mirror_lower(c.view_mut())?;
    Ok(c)
}

/// scikit-learn's `svd_flip(u_based_decision=False)`: make the largest-magnitude entry of
/// each row positive.
pub fn svd_flip_rows<F: Float>(components: &mut Array2<F>) {
    for mut row in components.outer_iter_mut() {
        let mut big = F::zero();
        for &v in row.iter() {
            if v.abs() > big.abs() {
                big = v;
            }
        }
        if big < F::zero() {
            row.mapv_inplace(|v| -v);
        }
    }
}

impl<F: Float> FittedPca<F> {
    /// Per-feature mean of the training data: `mean_`.
    pub fn mean(&self) -> &Array1<F> {
        &self.mean
    }

    /// Principal axes, `(n_components, n_features)`, orthonormal rows: `components_`.
    pub fn components(&self) -> &Array2<F> {
        &self.components
    }

    /// Variance along each component (`ddof = 1`): `explained_variance_`.
    pub fn explained_variance(&self) -> &Array1<F> {
        &self.explained_variance
    }

    /// Fraction of the total variance along each component: `explained_variance_ratio_`.
    pub fn explained_variance_ratio(&self) -> &Array1<F> {
        &self.explained_variance_ratio
    }

    /// Singular values of the centred data: `singular_values_`.
    pub fn singular_values(&self) -> &Array1<F> {
        &self.singular_values
    }

    /// Number of components kept: `n_components_`.
    pub fn n_components(&self) -> usize {
        self.components.nrows()
    }

    /// The solver that was used (resolves [`PcaSolver::Auto`]).
    pub fn solver(&self) -> PcaSolver {
        self.solver
    }

    /// Projects `x` onto the components: `(X - mean) @ components.T`, divided by
    /// `sqrt(explained_variance)` when whitening. `pca.transform(X)`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) for a different number of
    /// features, [`Error::NonFinite`](crate::Error::NonFinite).
    pub fn transform<S: Data<Elem = F>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        check_x("PCA::transform", x, 1)?;
        check_n_features("PCA::transform", x, self.mean.len())?;
        let xc = x - &self.mean;
        let mut z = linalg::matmul(&xc, &self.components.t())?;
        if self.whiten {
            let scale = self.explained_variance.mapv(|v| v.sqrt());
            z /= &scale;
        }
        Ok(z)
    }

    /// Maps projections back to feature space: `Z @ components + mean` (times
    /// `sqrt(explained_variance)` first when whitening). `pca.inverse_transform(Z)`.
    ///
    /// With all components this recovers `X`; with fewer, the best rank-`k` approximation.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) when `z` does not have
    /// `n_components` columns.
    pub fn inverse_transform<S: Data<Elem = F>>(&self, z: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        check_x("PCA::inverse_transform", z, 1)?;
        check_n_features("PCA::inverse_transform", z, self.components.nrows())?;
        let x = if self.whiten {
            let scale = self.explained_variance.mapv(|v| v.sqrt());
            linalg::matmul(&(z * &scale), &self.components)?
        } else {
            linalg::matmul(z, &self.components)?
        };
        Ok(x + &self.mean)
    }
}
