//! # 4.4 K-means: k-means++ seeding, parallel Lloyd iterations, restarts
//!
//! K-means looks for `k` centres `c_1..c_k` minimising the **inertia**, the sum of squared
//! distances from each sample to its nearest centre:
//! `sum_i min_j ||x_i - c_j||^2`. Lloyd's algorithm alternates two steps until the centres
//! stop moving: assign every sample to its nearest centre, then move every centre to the
//! mean of its samples. Each step can only lower the inertia, so it converges, but to a
//! *local* minimum that depends on the start: hence k-means++ seeding and `n_init`
//! restarts, keeping the lowest inertia.
//!
//! | scikit-learn | Rust (`use algorithms::kmeans::KMeans;`) |
//! |---|---|
//! | `KMeans(n_clusters=3, n_init=10, random_state=0).fit(X)` | `KMeans::params(3).n_init(10).seed(0).fit(&x)?` |
//! | `max_iter=300, tol=1e-4` | `.max_iter(300).tol(1e-4)` (the defaults) |
//! | `km.cluster_centers_`, `km.labels_`, `km.inertia_`, `km.n_iter_` | [`centroids()`](FittedKMeans::centroids), [`labels()`](FittedKMeans::labels), [`inertia()`](FittedKMeans::inertia), [`n_iter()`](FittedKMeans::n_iter) |
//! | `km.predict(X_new)`, `km.transform(X_new)` | [`predict(&x)?`](FittedKMeans::predict), [`transform(&x)?`](FittedKMeans::transform) (distances to each centre) |
//! | `init="random"` | `.init(KMeansInit::Random)` |
//!
//! ```
//! use algorithms::kmeans::KMeans;
//! let iris = datasets::iris::load();
//! let km = KMeans::params(3).n_init(10).seed(0).fit(&iris.data)?;
//! // scikit-learn 1.9.1: KMeans(3, n_init=10, random_state=0).fit(X).inertia_
//! assert!((km.inertia() - 78.851441426146).abs() < 1e-6);
//! assert_eq!(km.labels().len(), 150);
//! # Ok::<(), algorithms::Error>(())
//! ```
//!
//! ## How it is computed
//! - **Distances by dot products.** `||x - c||^2 = ||x||^2 - 2 x·c + ||c||^2`: only the
//!   middle term depends on both, so the nearest centre is `argmin_j ||c_j||^2 - 2 x·c_j`,
//!   the same trick as scikit-learn's Cython code. The `||x||^2` term does not change the
//!   argmin and is added only for the inertia.
//! - **One pass over the data per iteration, parallel over samples.** The data is cut
//!   into blocks of 256 rows; rayon hands blocks to its threads, and each thread keeps its
//!   own per-cluster sums and counts (a fold), added up at the end (a reduce). Each row is
//!   read from memory once and then used from the L1 cache for its products with the
//!   centres, the argmin and the add into its cluster's sum: on MNIST (188 MB in `f32`) the
//!   iteration is bound by memory traffic, so one pass instead of several is what makes it
//!   fast. `||x||^2` is computed once per `fit`; [`FittedKMeans::lloyd_step`], which has no
//!   fit to remember it in, computes it inside the same pass and validates the data there
//!   for free (a row with a NaN or an infinity has a non-finite `||x||^2`). No locks, and
//!   the result does not depend on the number of threads except through floating-point
//!   summation order.
//! - **A hand-written kernel for the products, chosen at run time.** With `k` as small as
//!   10, a general matrix product (`(rows, d) @ (d, k)`) spends most of its time copying
//!   ("packing") the data block into its own layout: 42% of the time in a profile, against
//!   23% in its arithmetic. Instead, each row meets four centres at a time in 256-bit
//!   registers with fused multiply-adds (AVX2 + FMA, detected when the program runs, as
//!   NumPy and OpenBLAS do; a portable loop elsewhere), so each load of the row serves
//!   four products. On MNIST (k = 10, 20 iterations) this took the bench from 867 ms to
//!   584 ms, against scikit-learn's 933 ms in the same run.
//! - **k-means++** (Arthur & Vassilvitskii 2007), "greedy" as in scikit-learn: each new
//!   centre is the best of `2 + ln k` candidates drawn with probability proportional to
//!   the squared distance to the nearest chosen centre.
//! - **Convergence.** Stop when the squared centre shift sums to at most
//!   `tol * mean(var(X, axis=0))` (scikit-learn's scaled tolerance) or the labels no longer
//!   change; then one last assignment step makes labels and inertia consistent with the
//!   centres.
//! - **Empty clusters** get the sample farthest from its centre, as scikit-learn does.
//!
//! ## When not to use it
//! K-means assumes round clusters of similar size (it is a Gaussian mixture with equal,
//! spherical covariances and hard assignments): elongated or nested clusters are split
//! wrongly, and features must be on comparable scales (standardise first). The result of a
//! seed is reproducible here, but not equal to scikit-learn's for the same `random_state`
//! (different random generators); inertias agree when both find the same minimum.

use ndarray::{Array1, Array2, ArrayBase, ArrayView2, Axis, Data, Ix2, Zip};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rayon::prelude::*;

use crate::Float;
use crate::check::{check_n_features, check_shape, check_x, non_negative};
use crate::error::{Result, invalid};
use crate::simd::{self, portable_dot as dot};

/// Rows per parallel block in the assignment step.
const BLOCK: usize = 256;

/// How the first centres are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KMeansInit {
    /// Greedy k-means++ (the default, as in scikit-learn).
    KMeansPlusPlus,
    /// `k` distinct samples chosen uniformly (`init="random"`).
    Random,
}

/// Entry point: `KMeans::params(k)` gives the builder.
#[derive(Debug, Clone, Copy)]
pub struct KMeans;

impl KMeans {
    /// Parameters for `n_clusters` clusters with scikit-learn's defaults: k-means++,
    /// `n_init = 1` ("auto" for k-means++), `max_iter = 300`, `tol = 1e-4`, seed 0.
    pub fn params(n_clusters: usize) -> KMeansParams {
        KMeansParams {
            n_clusters,
            n_init: 1,
            max_iter: 300,
            tol: 1e-4,
            seed: 0,
            init: KMeansInit::KMeansPlusPlus,
        }
    }
}

/// Hyperparameters of [`KMeans`], checked by [`fit`](Self::fit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KMeansParams {
    n_clusters: usize,
    n_init: usize,
    max_iter: usize,
    tol: f64,
    seed: u64,
    init: KMeansInit,
}

/// The result of [`KMeansParams::fit`]: the best of the `n_init` runs.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedKMeans<F> {
    centroids: Array2<F>,
    labels: Array1<usize>,
    inertia: f64,
    n_iter: usize,
}

impl KMeansParams {
    /// Number of runs from different seeds; the lowest inertia wins (default 1).
    pub fn n_init(mut self, n_init: usize) -> Self {
        self.n_init = n_init;
        self
    }

    /// Maximum Lloyd iterations per run (default 300).
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Relative tolerance on the centre shift (default `1e-4`); 0 runs until the labels stop
    /// changing or `max_iter`.
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// Seed of the random generator (`random_state`).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Initialisation method (default k-means++).
    pub fn init(mut self, init: KMeansInit) -> Self {
        self.init = init;
        self
    }

    /// Clusters the rows of `x` `(n_samples, n_features)`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for `n_clusters == 0`,
    /// `n_init == 0`, `max_iter == 0` or a negative `tol`;
    /// [`Error::TooFewSamples`](crate::Error::TooFewSamples) when `n_samples < n_clusters`;
    /// [`Error::NonFinite`](crate::Error::NonFinite) for NaN/inf in `x`.
    pub fn fit<F: Float, S: Data<Elem = F>>(
        &self,
        x: &ArrayBase<S, Ix2>,
    ) -> Result<FittedKMeans<F>> {
        const E: &str = "KMeans";
        if self.n_clusters == 0 {
            return Err(invalid(E, "n_clusters", 0, "must be at least 1"));
        }
        if self.n_init == 0 {
            return Err(invalid(E, "n_init", 0, "must be at least 1"));
        }
        if self.max_iter == 0 {
            return Err(invalid(E, "max_iter", 0, "must be at least 1"));
        }
        non_negative(E, "tol", self.tol)?;
        check_x("KMeans::fit", x, self.n_clusters)?;
        let x = x.as_standard_layout();
        let x = x.view();
        // scikit-learn: tol * np.mean(np.var(X, axis=0))
        let n = x.nrows() as f64;
        let mean = x.sum_axis(Axis(0)).mapv(|v| v.to_f64() / n);
        let mut var_sum = 0.0;
        for row in x.rows() {
            for (&v, &m) in row.iter().zip(&mean) {
                let d = v.to_f64() - m;
                var_sum += d * d;
            }
        }
        let tol = self.tol * var_sum / n / x.ncols() as f64;
        let x_sq = row_sq_norms(x);

        let mut rng = StdRng::seed_from_u64(self.seed);
        let mut best: Option<FittedKMeans<F>> = None;
        for _ in 0..self.n_init {
            let init = match self.init {
                KMeansInit::KMeansPlusPlus => kmeans_plus_plus(x, &x_sq, self.n_clusters, &mut rng),
                KMeansInit::Random => {
                    let idx =
                        rand::seq::index::sample(&mut rng, x.nrows(), self.n_clusters).into_vec();
                    x.select(Axis(0), &idx)
                }
            };
            let run = lloyd(x, &x_sq, init, self.max_iter, tol);
            if best.as_ref().is_none_or(|b| run.inertia < b.inertia) {
                best = Some(run);
            }
        }
        Ok(best.expect("n_init >= 1"))
    }
}

/// Greedy k-means++: `2 + floor(ln k)` candidates per new centre, keep the one that lowers
/// the potential (sum of squared distances to the nearest centre) most.
fn kmeans_plus_plus<F: Float>(
    x: ArrayView2<'_, F>,
    x_sq: &Array1<F>,
    k: usize,
    rng: &mut StdRng,
) -> Array2<F> {
    let n = x.nrows();
    let n_trials = 2 + (k as f64).ln().floor() as usize;
    let mut centres = Array2::<F>::zeros((k, x.ncols()));
    let first = rng.gen_range(0..n);
    centres.row_mut(0).assign(&x.row(first));
    // Squared distance of every sample to its nearest chosen centre.
    let mut closest = sq_dist_to(x, x_sq, x.row(first).to_owned());
    for c in 1..k {
        let total: f64 = closest.iter().map(|&v| v.to_f64()).sum();
        let mut best_pot = f64::INFINITY;
        let mut best_idx = 0;
        let mut best_dist = closest.clone();
        for _ in 0..n_trials {
            // Draw a sample with probability closest[i] / total (any sample if total is 0).
            let idx = if total > 0.0 {
                let target = rng.sample::<f64, _>(rand::distributions::Standard) * total;
                let mut acc = 0.0;
                let mut pick = n - 1;
                for (i, &v) in closest.iter().enumerate() {
                    acc += v.to_f64();
                    if acc > target {
                        pick = i;
                        break;
                    }
                }
                pick
            } else {
                rng.gen_range(0..n)
            };
            let d = sq_dist_to(x, x_sq, x.row(idx).to_owned());
            let new_closest = Zip::from(&closest)
                .and(&d)
                .map_collect(|&a, &b| if b < a { b } else { a });
            let pot: f64 = new_closest.iter().map(|&v| v.to_f64()).sum();
            if pot < best_pot {
                best_pot = pot;
                best_idx = idx;
                best_dist = new_closest;
            }
        }
        centres.row_mut(c).assign(&x.row(best_idx));
        closest = best_dist;
    }
    centres
}

/// `||x_i - c||^2` for every row, clamped at 0 (the expansion can round below 0).
fn sq_dist_to<F: Float>(x: ArrayView2<'_, F>, x_sq: &Array1<F>, c: Array1<F>) -> Array1<F> {
    let c_sq = c.dot(&c);
    let two = F::from_f64(2.0);
    let xc = x.dot(&c);
    Zip::from(x_sq)
        .and(&xc)
        .map_collect(|&a, &b| (a - two * b + c_sq).max(F::zero()))
}

/// What an assignment pass accumulates: per-cluster sums and counts, the inertia, the
/// sample farthest from its centre (for empty clusters), and whether a non-finite sample
/// was met. Each rayon task fills its own, then they are added up.
struct Partial<F> {
    sums: Array2<F>,
    counts: Vec<usize>,
    inertia: f64,
    /// (distance, sample index) of the sample farthest from its centre, for empty clusters.
    farthest: (f64, usize),
    non_finite: bool,
}

impl<F: Float> Partial<F> {
    fn new(k: usize, d: usize) -> Self {
        Partial {
            sums: Array2::zeros((k, d)),
            counts: vec![0; k],
            inertia: 0.0,
            farthest: (-1.0, 0),
            non_finite: false,
        }
    }

    fn merge(mut self, other: Self) -> Self {
        self.sums += &other.sums;
        for (t, c) in self.counts.iter_mut().zip(&other.counts) {
            *t += c;
        }
        self.inertia += other.inertia;
        if other.farthest.0 > self.farthest.0 {
            self.farthest = other.farthest;
        }
        self.non_finite |= other.non_finite;
        self
    }
}

/// `||x||^2` of every row, in parallel.
fn row_sq_norms<F: Float>(x: ArrayView2<'_, F>) -> Array1<F> {
    let mut out = Array1::zeros(x.nrows());
    Zip::from(&mut out)
        .and(x.rows())
        .par_for_each(|o, r| *o = r.dot(&r));
    out
}

/// One assignment step, in a single pass over `x`: labels into `labels`, returns the
/// per-cluster sums, counts and inertia.
///
/// Each row is read from memory once and then used from the L1 cache: its `||x||^2`
/// (unless `x_sq` is given), its products with the centres, the argmin and the add into its
/// cluster's sum (see [`assign_rows`]). When `x_sq` is not given, the pass also validates the
/// data for free: a row with a NaN or an infinity has a non-finite `||x||^2`, and only such
/// rows are scanned (a finite row can still overflow `||x||^2`; it is not an error).
/// Blocks of [`BLOCK`] rows run in parallel (rayon), each filling its own [`Partial`].
fn assign<F: Float>(
    x: ArrayView2<'_, F>,
    x_sq: Option<&Array1<F>>,
    centres: &Array2<F>,
    labels: &mut Array1<usize>,
) -> Partial<F> {
    let (k, d) = centres.dim();
    let centres = centres.as_standard_layout();
    let c = centres.as_slice().expect("standard layout");
    let c_sq: Vec<F> = c.chunks_exact(d).map(|r| dot(r, r)).collect();
    let xs = x.as_slice().expect("callers pass a standard-layout x");
    let x_sq = x_sq.map(|v| v.as_slice().expect("x_sq is contiguous"));
    let label_slice = labels.as_slice_mut().expect("labels are contiguous");
    label_slice
        .par_chunks_mut(BLOCK)
        .enumerate()
        .fold(
            || Partial::new(k, d),
            |mut p, (b, lab)| {
                let start = b * BLOCK;
                let block = Block {
                    d,
                    rows: &xs[start * d..(start + lab.len()) * d],
                    start,
                    x_sq: x_sq.map(|v| &v[start..start + lab.len()]),
                    centres: c,
                    c_sq: &c_sq,
                };
                assign_block(&block, lab, &mut p);
                p
            },
        )
        .reduce(|| Partial::new(k, d), Partial::merge)
}

/// A block of rows of `x` and what the assignment of each row needs.
struct Block<'a, F> {
    /// `n_features`.
    d: usize,
    /// The rows, row-major, `d` values each.
    rows: &'a [F],
    /// Index of the first row in `x`.
    start: usize,
    /// `||x||^2` of each row, when known already.
    x_sq: Option<&'a [F]>,
    /// The centres, row-major `(k, n_features)`.
    centres: &'a [F],
    /// `||c||^2` of each centre.
    c_sq: &'a [F],
}

/// Runs [`assign_rows`] with the AVX2 + FMA products of [`simd`] when the CPU has them
/// (checked at run time, as NumPy and OpenBLAS choose their kernels), else with the
/// portable [`dot`].
///
/// The workspace builds for baseline x86-64 (SSE2, no FMA) so that its binaries run on any
/// x86-64 machine, and the compiler turns the portable `dot` into 2- or 4-lane code at best.
/// The explicit 8-lane kernels make a pass over MNIST (60000 x 784, k = 10) about twice as
/// fast (crate docs, *Speed*).
fn assign_block<F: Float>(block: &Block<'_, F>, labels: &mut [usize], p: &mut Partial<F>) {
    if simd::available() {
        assign_rows::<F, true>(block, labels, p);
    } else {
        assign_rows::<F, false>(block, labels, p);
    }
}

/// The E-step for one block, row by row: `x · c_j` for every centre, the nearest centre by
/// `argmin_j ||c_j||^2 - 2 x · c_j` (`||x||^2` is the same for every `j`), then the row is
/// added into its cluster's sum. `SIMD`: use [`simd::dot`] (only when
/// [`simd::available`]).
#[inline(always)]
fn assign_rows<F: Float, const SIMD: bool>(
    block: &Block<'_, F>,
    labels: &mut [usize],
    p: &mut Partial<F>,
) {
    let d = block.d;
    let two = F::from_f64(2.0);
    let mut dots = vec![F::zero(); block.c_sq.len()];
    let sums = p.sums.as_slice_mut().expect("sums are contiguous");
    for (i, (row, label)) in block
        .rows
        .chunks_exact(d)
        .zip(labels.iter_mut())
        .enumerate()
    {
        let xx = match block.x_sq {
            Some(x_sq) => x_sq[i],
            None => {
                let xx = if SIMD {
                    simd::dot(row, row)
                } else {
                    dot(row, row)
                };
                if !xx.is_finite() && !row.iter().all(|v| v.is_finite()) {
                    p.non_finite = true;
                }
                xx
            }
        };
        if SIMD {
            simd::dots(row, block.centres, &mut dots);
        } else {
            for (o, centre) in dots.iter_mut().zip(block.centres.chunks_exact(d)) {
                *o = dot(row, centre);
            }
        }
        let mut best = 0;
        let mut best_v = F::infinity();
        for (j, (&xc, &cc)) in dots.iter().zip(block.c_sq).enumerate() {
            let v = cc - two * xc;
            if v < best_v {
                best_v = v;
                best = j;
            }
        }
        *label = best;
        let dist = (best_v + xx).max(F::zero()).to_f64();
        p.inertia += dist;
        if dist > p.farthest.0 {
            p.farthest = (dist, block.start + i);
        }
        p.counts[best] += 1;
        for (s, &v) in sums[best * d..(best + 1) * d].iter_mut().zip(row) {
            *s += v;
        }
    }
}

/// An assignment pass that validates `x` as it goes (for the public one-step API).
fn assign_checked<F: Float>(
    op: &'static str,
    x: ArrayView2<'_, F>,
    centres: &Array2<F>,
    labels: &mut Array1<usize>,
) -> Result<Partial<F>> {
    let p = assign(x, None, centres, labels);
    if p.non_finite {
        return Err(crate::Error::NonFinite { op });
    }
    Ok(p)
}

/// The M-step: each centre moves to the mean of its samples; an empty cluster moves onto
/// the sample farthest from its centre.
fn update_centres<F: Float>(x: ArrayView2<'_, F>, step: Partial<F>) -> Array2<F> {
    let mut centres = step.sums;
    for (j, &c) in step.counts.iter().enumerate() {
        if c > 0 {
            let inv = F::one() / F::from_f64(c as f64);
            centres.row_mut(j).mapv_inplace(|v| v * inv);
        } else {
            centres.row_mut(j).assign(&x.row(step.farthest.1));
        }
    }
    centres
}

/// Lloyd iterations from `centres` until convergence or `max_iter`.
fn lloyd<F: Float>(
    x: ArrayView2<'_, F>,
    x_sq: &Array1<F>,
    mut centres: Array2<F>,
    max_iter: usize,
    tol: f64,
) -> FittedKMeans<F> {
    let mut labels = Array1::<usize>::from_elem(x.nrows(), usize::MAX);
    let mut n_iter = 0;
    for it in 0..max_iter {
        let old_labels = labels.clone();
        let step = assign(x, Some(x_sq), &centres, &mut labels);
        n_iter = it + 1;
        let new_centres = update_centres(x, step);
        let shift: f64 = Zip::from(&new_centres)
            .and(&centres)
            .fold(0.0, |acc, &a, &b| acc + (a - b).to_f64().powi(2));
        centres = new_centres;
        if labels == old_labels || shift <= tol {
            break;
        }
    }
    // Final E-step so that labels and inertia match the returned centres.
    let last = assign(x, Some(x_sq), &centres, &mut labels);
    FittedKMeans {
        centroids: centres,
        labels,
        inertia: last.inertia,
        n_iter,
    }
}

impl<F: Float> FittedKMeans<F> {
    /// Rebuilds a fitted model from centres, e.g. to reuse them on new data.
    ///
    /// The labels and inertia are those of `x` assigned to `centroids`.
    ///
    /// # Errors
    /// As [`KMeansParams::fit`]'s data checks, a shape mismatch between `x` and the
    /// centres, no centres at all, or NaN/inf in a centre.
    pub fn from_centroids<S: Data<Elem = F>>(
        centroids: Array2<F>,
        x: &ArrayBase<S, Ix2>,
    ) -> Result<Self> {
        const OP: &str = "KMeans::from_centroids";
        check_shape(OP, x, 1)?;
        if centroids.nrows() == 0 {
            return Err(crate::error::invalid(
                OP,
                "centroids",
                "an array with 0 rows",
                "need at least one centre",
            ));
        }
        crate::check::check_finite(OP, &centroids)?;
        check_n_features(OP, x, centroids.ncols())?;
        let x = x.as_standard_layout();
        let mut labels = Array1::zeros(x.nrows());
        let p = assign_checked(OP, x.view(), &centroids, &mut labels)?;
        Ok(FittedKMeans {
            centroids,
            labels,
            inertia: p.inertia,
            n_iter: 0,
        })
    }

    /// One Lloyd iteration on `x`: assign every sample to its nearest centre, then move
    /// each centre to the mean of its samples. For benchmarks and for watching the
    /// algorithm step by step. The returned labels and inertia are those of the
    /// assignment, i.e. relative to the centres *before* the move (as in scikit-learn's
    /// inner loop).
    ///
    /// # Errors
    /// As [`from_centroids`](Self::from_centroids).
    pub fn lloyd_step<S: Data<Elem = F>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Self> {
        const OP: &str = "KMeans::lloyd_step";
        check_shape(OP, x, 1)?;
        check_n_features(OP, x, self.centroids.ncols())?;
        let x = x.as_standard_layout();
        let mut labels = Array1::zeros(x.nrows());
        let step = assign_checked(OP, x.view(), &self.centroids, &mut labels)?;
        let inertia = step.inertia;
        Ok(FittedKMeans {
            centroids: update_centres(x.view(), step),
            labels,
            inertia,
            n_iter: self.n_iter + 1,
        })
    }

    /// The centres, `(n_clusters, n_features)`: `cluster_centers_`.
    pub fn centroids(&self) -> &Array2<F> {
        &self.centroids
    }

    /// The cluster of each training sample: `labels_`.
    pub fn labels(&self) -> &Array1<usize> {
        &self.labels
    }

    /// Sum of squared distances of the training samples to their centre: `inertia_`
    /// (accumulated in `f64` even for `f32` data).
    pub fn inertia(&self) -> f64 {
        self.inertia
    }

    /// Lloyd iterations run in the best restart: `n_iter_`.
    pub fn n_iter(&self) -> usize {
        self.n_iter
    }

    /// The nearest centre of each row of `x`: `km.predict(X)`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) for a different number of
    /// features, [`Error::NonFinite`](crate::Error::NonFinite) for NaN/inf.
    pub fn predict<S: Data<Elem = F>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array1<usize>> {
        Ok(Self::from_centroids(self.centroids.clone(), x)?.labels)
    }

    /// Euclidean distance of each row of `x` to each centre, `(n_samples, n_clusters)`:
    /// `km.transform(X)`.
    ///
    /// # Errors
    /// As [`predict`](Self::predict).
    pub fn transform<S: Data<Elem = F>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        check_x("KMeans::transform", x, 1)?;
        check_n_features("KMeans::transform", x, self.centroids.ncols())?;
        let mut out = Array2::zeros((x.nrows(), self.centroids.nrows()));
        for (mut o, row) in out.outer_iter_mut().zip(x.outer_iter()) {
            for (v, c) in o.iter_mut().zip(self.centroids.outer_iter()) {
                *v = Zip::from(&row)
                    .and(&c)
                    .fold(F::zero(), |acc, &a, &b| acc + (a - b) * (a - b))
                    .sqrt();
            }
        }
        Ok(out)
    }
}
