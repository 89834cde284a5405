//! # 4.1 Statistics: moments, quantiles, covariance, histograms, seeded sampling
//!
//! The one-number summaries (mean, median, variance with `ddof`, percentile) are chapter 1's
//! and are re-exported here so this section reads as one table; what is new is the
//! matrix-valued statistics (`np.cov`, `np.corrcoef`), counting (`np.histogram`,
//! `np.bincount`) and sampling with a seeded generator (`rng.choice`, `rng.permutation`,
//! `rng.shuffle`, bootstrap resampling).
//!
//! | NumPy | Rust (`use algorithms::statistics::*;`) | notes |
//! |---|---|---|
//! | `x.mean()`, `x.mean(axis=0)` | [`mean(&x)?`](mean), [`mean_axis(&x, 0)?`](mean_axis) | from chapter 1 |
//! | `x.var(ddof=1)`, `x.std(axis=0, ddof=1)` | [`var(&x, 1)?`](var), [`std_axis(&x, 0, 1)?`](std_axis) | `ddof` is explicit, NumPy's default is 0 |
//! | `np.median(x)`, `np.percentile(x, 25)` | [`median(&x)?`](median), [`percentile(&x, 25.0)?`](percentile) | linear interpolation, NumPy's default `method` |
//! | `np.quantile(x, 0.25)`, `np.quantile(x, [.1, .9], axis=0)` | [`quantile(&x, 0.25)?`](quantile), [`quantiles_axis(&x, &[0.1, 0.9], 0)?`](quantiles_axis) | `q` in `[0, 1]` |
//! | `np.cov(X.T)` = `np.cov(X, rowvar=False)` | [`cov(&x, RowVar::Columns, 1)?`](cov) | features are columns: what ML data looks like |
//! | `np.cov(A)` (rows are variables) | [`cov(&a, RowVar::Rows, 1)?`](cov) | NumPy's default `rowvar=True` |
//! | `np.corrcoef(X, rowvar=False)` | [`corrcoef(&x, RowVar::Columns)?`](corrcoef) | clipped to `[-1, 1]` like NumPy |
//! | `np.histogram(x, bins=10)`, `range=(lo, hi)` | [`histogram(&x, 10, None)?`](histogram) | last bin closed `[a, b]` |
//! | `np.bincount(y, minlength=k)`, `weights=w` | [`bincount(&y, k)`](bincount), [`bincount_weighted(&y, &w, k)?`](bincount_weighted) | |
//! | `rng = np.random.default_rng(0)` | `let mut rng = seeded_rng(0);` | rand's `StdRng`: reproducible, not NumPy's stream |
//! | `rng.choice(n, size, replace=True, p=w)` | [`choice(&mut rng, n, size, true, Some(w.view()))?`](choice) | indices; `x.select(Axis(0), &idx)` for rows |
//! | `rng.permutation(n)`, `rng.shuffle(X)` | [`permutation(&mut rng, n)`](permutation), [`shuffle(&mut rng, &mut x)`](shuffle) | `shuffle` permutes rows (axis 0) |
//! | `sklearn.utils.resample(X, y, random_state=0)` | [`bootstrap(&mut rng, &x, &y, n)?`](bootstrap) | also returns the out-of-bag rows |
//!
//! ```
//! use algorithms::statistics::{corrcoef, cov, RowVar};
//! let iris = datasets::iris::load();
//! // np.cov(X, rowvar=False): 4 x 4, unbiased (ddof = 1)
//! let c = cov(&iris.data, RowVar::Columns, 1)?;
//! assert!((c[[0, 0]] - 0.6856935123042505).abs() < 1e-12);
//! // np.corrcoef(X, rowvar=False)[2, 3]: petal length and width move together
//! let r = corrcoef(&iris.data, RowVar::Columns)?;
//! assert!(r[[2, 3]] > 0.96);
//! # Ok::<(), algorithms::Error>(())
//! ```
//!
//! ## When it breaks
//! - **`rowvar`.** `np.cov(X)` on a `(150, 4)` data matrix gives a `150 x 150` matrix of
//!   *sample* covariances, silently. Here the orientation is a required argument.
//! - **`ddof`.** `np.cov` defaults to `ddof=1`, `np.var` to `ddof=0`; scikit-learn's PCA
//!   reports variances with `ddof=1`, `StandardScaler` scales with `ddof=0`. Say which.
//! - **NaN.** Moments and `cov` propagate NaN like NumPy; quantiles of a lane with a NaN
//!   are NaN; `histogram` refuses non-finite input (NumPy raises `ValueError` for NaN).
//! - **Cost.** `cov` is one `(p, n) @ (n, p)` product, `O(n p^2)`, done by chapter 2's
//!   [`linalg::matmul`]; quantiles sort each lane, `O(n log n)`.

use ndarray::{
    Array1, Array2, ArrayBase, ArrayView1, Axis, Data, DataMut, Dimension, Ix1, Ix2, RemoveAxis,
};
use rand::Rng;
use rand::distributions::{Distribution, WeightedIndex};
use rand::seq::SliceRandom;

pub use basics::creation::seeded_rng;
pub use basics::operations::{
    mean, mean_axis, median, median_axis, percentile, percentile_axis, std, std_axis, var, var_axis,
};

use crate::error::{Error, Result, invalid};

/// The `q`-th quantile of all elements, `q` in `[0, 1]`: `np.quantile(a, q)` with the
/// default linear method (`np.percentile(a, 100 * q)`).
///
/// ```
/// use ndarray::array;
/// let x = array![1.0, 2.0, 3.0, 4.0];
/// assert_eq!(algorithms::statistics::quantile(&x, 0.5)?, 2.5);   // np.quantile(x, 0.5)
/// assert_eq!(algorithms::statistics::quantile(&x, 0.25)?, 1.75);
/// # Ok::<(), algorithms::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] for `q` outside `[0, 1]`; chapter 1's `Empty` for no data.
pub fn quantile<S, D>(a: &ArrayBase<S, D>, q: f64) -> Result<f64>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    check_unit_q("quantile", q)?;
    Ok(percentile(a, q * 100.0)?)
}

/// Several quantiles along `axis`: `np.quantile(a, qs, axis=axis)`, one row per `q`.
///
/// ```
/// let iris = datasets::iris::load();
/// // np.quantile(X, [0.25, 0.75], axis=0): the interquartile range per feature
/// let q = algorithms::statistics::quantiles_axis(&iris.data, &[0.25, 0.75], 0)?;
/// assert_eq!(q.row(0).to_vec(), vec![5.1, 2.8, 1.6, 0.3]);
/// # Ok::<(), algorithms::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] for a `q` outside `[0, 1]`; chapter 1's errors for a bad
/// axis or an empty lane.
pub fn quantiles_axis<S>(a: &ArrayBase<S, Ix2>, qs: &[f64], axis: usize) -> Result<Array2<f64>>
where
    S: Data<Elem = f64>,
{
    let other = if axis == 0 { a.ncols() } else { a.nrows() };
    let mut out = Array2::zeros((qs.len(), other));
    for (mut row, &q) in out.outer_iter_mut().zip(qs) {
        check_unit_q("quantiles_axis", q)?;
        row.assign(&percentile_axis(a, q * 100.0, axis)?);
    }
    Ok(out)
}

fn check_unit_q(op: &'static str, q: f64) -> Result<()> {
    if (0.0..=1.0).contains(&q) {
        Ok(())
    } else {
        Err(invalid(op, "q", q, "must be in [0, 1]"))
    }
}

/// Which axis holds the variables, NumPy's `rowvar`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowVar {
    /// Each row is a variable, each column an observation: NumPy's default `rowvar=True`.
    Rows,
    /// Each column is a variable (a feature), each row an observation (a sample):
    /// `rowvar=False`, the layout of every ML data matrix.
    Columns,
}

/// Covariance matrix with divisor `n - ddof`: `np.cov(m, rowvar=..., ddof=ddof)`.
///
/// For variables as columns, `C = (X - mean)^T (X - mean) / (n - ddof)`, a `p x p`
/// symmetric positive semi-definite matrix. NumPy's default is `ddof = 1`.
///
/// ```
/// use ndarray::array;
/// use algorithms::statistics::{cov, RowVar};
/// let a = array![[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]];   // 2 variables (rows), 3 observations
/// let c = cov(&a, RowVar::Rows, 1)?;                   // np.cov(a)
/// assert_eq!(c, array![[1.0, -1.0], [-1.0, 1.0]]);     // perfectly anti-correlated
/// let c = cov(&a.t(), RowVar::Columns, 1)?;            // np.cov(a.T, rowvar=False): the same
/// assert_eq!(c, array![[1.0, -1.0], [-1.0, 1.0]]);
/// # Ok::<(), algorithms::Error>(())
/// ```
///
/// # Errors
/// [`Error::TooFewSamples`] when there are no observations or `ddof >= n` (NumPy warns and
/// returns `inf`/`nan`).
pub fn cov<S>(m: &ArrayBase<S, Ix2>, rowvar: RowVar, ddof: usize) -> Result<Array2<f64>>
where
    S: Data<Elem = f64>,
{
    // Always work with observations as rows: x is (n, p).
    let x = match rowvar {
        RowVar::Rows => m.t(),
        RowVar::Columns => m.view(),
    };
    let n = x.nrows();
    if n == 0 || ddof >= n {
        return Err(Error::TooFewSamples {
            op: "cov",
            n_samples: n,
            needed: ddof + 1,
        });
    }
    let mean = x.sum_axis(Axis(0)) / n as f64;
    let centred = &x - &mean;
    let c = linalg::matmul(&centred.t(), &centred)?;
    Ok(c / (n - ddof) as f64)
}

/// Pearson correlation coefficients: `np.corrcoef(m, rowvar=...)`.
///
/// `R[i, j] = C[i, j] / sqrt(C[i, i] C[j, j])`, clipped to `[-1, 1]` as NumPy does. A
/// constant variable has zero variance and gives NaN in its row and column, as in NumPy.
///
/// # Errors
/// [`Error::TooFewSamples`] with fewer than 2 observations.
pub fn corrcoef<S>(m: &ArrayBase<S, Ix2>, rowvar: RowVar) -> Result<Array2<f64>>
where
    S: Data<Elem = f64>,
{
    let c = cov(m, rowvar, 1)?;
    let d = c.diag().mapv(f64::sqrt);
    let mut r = c;
    for ((i, j), v) in r.indexed_iter_mut() {
        *v = (*v / d[i] / d[j]).clamp(-1.0, 1.0);
    }
    Ok(r)
}

/// Counts and bin edges from [`histogram`]: NumPy's `(hist, bin_edges)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// Number of values in each bin, `bins` entries.
    pub counts: Array1<usize>,
    /// `bins + 1` edges: bin `i` is `[edges[i], edges[i+1])`, the last one closed.
    pub bin_edges: Array1<f64>,
}

/// Histogram with `bins` equal-width bins: `np.histogram(a, bins=bins, range=range)`.
///
/// Without `range`, the bins span `[a.min(), a.max()]` (widened by ±0.5 when all values are
/// equal, as NumPy). Bins are half-open `[a, b)` except the last, `[a, b]`; values outside
/// `range` are not counted. The bin of each value is found exactly as NumPy does (a
/// scaled index, then corrected against the edges), so edges and counts match NumPy's.
///
/// ```
/// use ndarray::array;
/// let h = algorithms::statistics::histogram(&array![1.0, 2.0, 1.0], 2, None)?;
/// assert_eq!(h.counts, array![2, 1]);            // np.histogram([1, 2, 1], bins=2)
/// assert_eq!(h.bin_edges, array![1.0, 1.5, 2.0]);
/// # Ok::<(), algorithms::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] for `bins == 0` or a range with `lo > hi` or non-finite
/// ends; [`Error::NonFinite`] for NaN/inf in `a` when no range is given (NumPy: `autodetected
/// range of [nan, nan] is not finite`). [`Error::InvalidParameter`] also when `bins + 1`
/// edges could not be allocated.
pub fn histogram<S, D>(
    a: &ArrayBase<S, D>,
    bins: usize,
    range: Option<(f64, f64)>,
) -> Result<Histogram>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    if bins == 0 {
        return Err(invalid("histogram", "bins", bins, "must be at least 1"));
    }
    if !crate::check::fits_in_memory::<f64>(bins.checked_add(1)) {
        return Err(invalid(
            "histogram",
            "bins",
            bins,
            "that many bin edges would not fit in memory",
        ));
    }
    let (mut lo, mut hi) = match range {
        Some((lo, hi)) => {
            if !(lo.is_finite() && hi.is_finite()) || lo > hi {
                return Err(invalid(
                    "histogram",
                    "range",
                    format!("({lo}, {hi})"),
                    "must be finite with lo <= hi",
                ));
            }
            (lo, hi)
        }
        None => {
            if a.iter().any(|v| !v.is_finite()) {
                return Err(Error::NonFinite { op: "histogram" });
            }
            if a.is_empty() {
                (0.0, 1.0)
            } else {
                a.iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
                        (l.min(v), h.max(v))
                    })
            }
        }
    };
    if lo == hi {
        lo -= 0.5;
        hi += 0.5;
    }
    let edges = Array1::linspace(lo, hi, bins + 1);
    let mut counts = Array1::<usize>::zeros(bins);
    let norm = bins as f64 / (hi - lo);
    for &v in a.iter() {
        if !(v >= lo && v <= hi) {
            continue; // outside the range (or NaN with an explicit range)
        }
        // numpy.histogram: f_indices = (a - first_edge) * norm, then fix-ups at the edges.
        let mut i = ((v - lo) * norm) as usize;
        if i == bins {
            i -= 1;
        }
        if v < edges[i] {
            i -= 1;
        } else if v >= edges[i + 1] && i != bins - 1 {
            i += 1;
        }
        counts[i] += 1;
    }
    Ok(Histogram {
        counts,
        bin_edges: edges,
    })
}

/// Occurrences of each value `0..max(x)`: `np.bincount(x, minlength=minlength)`.
///
/// The result has `max(max(x) + 1, minlength)` entries. Class counts of a label vector are
/// `bincount(&y, n_classes)?`.
///
/// ```
/// use ndarray::array;
/// let y = array![0_usize, 1, 1, 3];
/// assert_eq!(algorithms::statistics::bincount(&y, 0)?, array![1, 2, 0, 1]);
/// assert_eq!(algorithms::statistics::bincount(&y, 6)?, array![1, 2, 0, 1, 0, 0]);
/// # Ok::<(), algorithms::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] when the result could not exist: a value or `minlength` so
/// large that `max(x) + 1` overflows or the counts would not fit in memory addressable by
/// `isize` (NumPy: `ValueError: maximum supported dimension ...` / `MemoryError`).
pub fn bincount<S: Data<Elem = usize>>(
    x: &ArrayBase<S, Ix1>,
    minlength: usize,
) -> Result<Array1<usize>> {
    let len = bincount_len::<usize, _>("bincount", x, minlength)?;
    let mut out = Array1::zeros(len);
    for &v in x {
        out[v] += 1;
    }
    Ok(out)
}

/// The length of `bincount`'s result, checked: `max(x) + 1` must not overflow and the
/// result must be allocatable (`len * size_of::<T>() <= isize::MAX`).
fn bincount_len<T, S: Data<Elem = usize>>(
    op: &'static str,
    x: &ArrayBase<S, Ix1>,
    minlength: usize,
) -> Result<usize> {
    let max = x.iter().max().copied();
    let len = match max {
        None => Some(minlength),
        Some(m) => m.checked_add(1).map(|l| l.max(minlength)),
    };
    match len {
        Some(l)
            if l.checked_mul(std::mem::size_of::<T>())
                .is_some_and(|b| b <= isize::MAX as usize) =>
        {
            Ok(l)
        }
        _ => Err(invalid(
            op,
            "max(x) + 1, minlength",
            format!("{:?}, {minlength}", max),
            "the result would have more entries than fit in memory",
        )),
    }
}

/// Sum of `weights` per value: `np.bincount(x, weights=w, minlength=minlength)`.
///
/// # Errors
/// [`Error::ShapeMismatch`] when `x` and `weights` differ in length;
/// [`Error::InvalidParameter`] as [`bincount`].
pub fn bincount_weighted<S1, S2>(
    x: &ArrayBase<S1, Ix1>,
    weights: &ArrayBase<S2, Ix1>,
    minlength: usize,
) -> Result<Array1<f64>>
where
    S1: Data<Elem = usize>,
    S2: Data<Elem = f64>,
{
    if x.len() != weights.len() {
        return Err(Error::ShapeMismatch {
            op: "bincount_weighted",
            left: x.shape().to_vec(),
            right: weights.shape().to_vec(),
            reason: "x and weights must have the same length".into(),
        });
    }
    let len = bincount_len::<f64, _>("bincount_weighted", x, minlength)?;
    let mut out = Array1::zeros(len);
    for (&v, &w) in x.iter().zip(weights) {
        out[v] += w;
    }
    Ok(out)
}

/// `size` indices drawn from `0..n`: `rng.choice(n, size, replace=replace, p=p)`.
///
/// - With replacement and no `p`: uniform draws.
/// - With replacement and weights `p` (any non-negative weights, normalised here): inverse
///   CDF sampling (rand's `WeightedIndex`, `O(log n)` per draw).
/// - Without replacement: a partial Fisher-Yates shuffle; with weights, the Efraimidis-
///   Spirakis method (keep the `size` largest `u^(1/w)`), which draws like successive
///   weighted draws that remove each chosen item, as NumPy does.
///
/// Reproducible for a seed, but not the same numbers as NumPy's generator.
///
/// ```
/// use ndarray::{array, Axis};
/// use algorithms::statistics::{choice, seeded_rng};
/// let mut rng = seeded_rng(0);                           // rng = np.random.default_rng(0)
/// let idx = choice(&mut rng, 5, 3, false, None)?;         // rng.choice(5, 3, replace=False)
/// assert_eq!(idx.len(), 3);
/// assert!(idx.iter().all(|&i| i < 5));
/// let x = array![[0.], [10.], [20.], [30.], [40.]];
/// let rows = x.select(Axis(0), idx.as_slice().unwrap()); // X[idx]
/// assert_eq!(rows.nrows(), 3);
/// // p = [0, 0, 1, 0, 0]: always index 2
/// let p = array![0.0, 0.0, 1.0, 0.0, 0.0];
/// assert_eq!(choice(&mut rng, 5, 4, true, Some(p.view()))?, array![2, 2, 2, 2]);
/// # Ok::<(), algorithms::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] when `n == 0` and `size > 0`, when `size > n` without
/// replacement, or when `p` has the wrong length, a negative or non-finite weight, zero
/// total, or fewer than `size` non-zero weights without replacement; also when `size`
/// indices could not be allocated.
pub fn choice<R>(
    rng: &mut R,
    n: usize,
    size: usize,
    replace: bool,
    p: Option<ArrayView1<'_, f64>>,
) -> Result<Array1<usize>>
where
    R: Rng + ?Sized,
{
    const OP: &str = "choice";
    if size == 0 {
        return Ok(Array1::zeros(0));
    }
    if !crate::check::fits_in_memory::<usize>(Some(size)) {
        return Err(invalid(
            OP,
            "size",
            size,
            "a sample that large would not fit in memory",
        ));
    }
    if n == 0 {
        return Err(invalid(
            OP,
            "n",
            n,
            "cannot take a sample from an empty population",
        ));
    }
    if !replace && size > n {
        return Err(invalid(
            OP,
            "size",
            size,
            format!("cannot take a larger sample than the population ({n}) when replace=false"),
        ));
    }
    let Some(p) = p else {
        return Ok(if replace {
            (0..size).map(|_| rng.gen_range(0..n)).collect()
        } else {
            let mut all: Vec<usize> = (0..n).collect();
            let (picked, _) = all.partial_shuffle(rng, size);
            Array1::from(picked.to_vec())
        });
    };
    if p.len() != n {
        return Err(invalid(
            OP,
            "p",
            format!("array of length {}", p.len()),
            format!("must have length n = {n}"),
        ));
    }
    if p.iter().any(|&w| !w.is_finite() || w < 0.0) {
        return Err(invalid(
            OP,
            "p",
            "weights",
            "must be finite and non-negative",
        ));
    }
    let nonzero = p.iter().filter(|&&w| w > 0.0).count();
    if nonzero == 0 {
        return Err(invalid(OP, "p", "weights", "must not all be zero"));
    }
    if replace {
        let dist = WeightedIndex::new(p.iter().copied())
            .map_err(|e| invalid(OP, "p", "weights", e.to_string()))?;
        Ok((0..size).map(|_| dist.sample(rng)).collect())
    } else {
        if size > nonzero {
            return Err(invalid(
                OP,
                "size",
                size,
                format!("fewer non-zero entries in p ({nonzero}) than size"),
            ));
        }
        // Efraimidis & Spirakis (2006): key_i = u_i^(1/w_i); the `size` largest keys win.
        // Compared in log space, ln(u) / w, to avoid underflow for small weights.
        let mut keyed: Vec<(f64, usize)> = p
            .iter()
            .enumerate()
            .filter(|&(_, &w)| w > 0.0)
            .map(|(i, &w)| {
                let u: f64 = rng.gen_range(f64::MIN_POSITIVE..1.0);
                (u.ln() / w, i)
            })
            .collect();
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0));
        Ok(keyed.iter().take(size).map(|&(_, i)| i).collect())
    }
}

/// A random ordering of `0..n`: `rng.permutation(n)`.
///
/// ```
/// let mut rng = algorithms::statistics::seeded_rng(42);
/// let mut p = algorithms::statistics::permutation(&mut rng, 10).to_vec();
/// p.sort();
/// assert_eq!(p, (0..10).collect::<Vec<_>>());
/// ```
pub fn permutation<R: Rng + ?Sized>(rng: &mut R, n: usize) -> Array1<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.shuffle(rng);
    Array1::from(idx)
}

/// Shuffles `a` in place along axis 0 (the rows of a matrix): `rng.shuffle(a)`.
///
/// Rows move whole, so the features of a sample stay together. To shuffle `X` and `y`
/// consistently, draw one [`permutation`] and `select` both with it.
///
/// ```
/// use ndarray::array;
/// let mut x = array![[1, 1], [2, 2], [3, 3]];
/// algorithms::statistics::shuffle(&mut algorithms::statistics::seeded_rng(0), &mut x);
/// assert!(x.rows().into_iter().all(|r| r[0] == r[1]));   // rows kept whole
/// ```
pub fn shuffle<R, A, S, D>(rng: &mut R, a: &mut ArrayBase<S, D>)
where
    R: Rng + ?Sized,
    A: Clone,
    S: DataMut<Elem = A>,
    D: RemoveAxis,
{
    if a.ndim() == 0 {
        return;
    }
    let perm = permutation(rng, a.len_of(Axis(0)));
    let shuffled = a.select(Axis(0), perm.as_slice().expect("owned 1-D array"));
    a.assign(&shuffled);
}

/// A bootstrap sample from [`bootstrap`].
#[derive(Debug, Clone, PartialEq)]
pub struct Bootstrap<A, L> {
    /// The resampled rows of `x`.
    pub x: Array2<A>,
    /// The matching entries of `y`.
    pub y: Array1<L>,
    /// Which original rows were drawn (with repeats), in draw order.
    pub indices: Array1<usize>,
    /// The original rows never drawn, sorted: the "out-of-bag" set, a free validation set
    /// (about `1/e ≈ 36.8 %` of the rows when `n_samples = n`).
    pub out_of_bag: Array1<usize>,
}

/// Bootstrap resampling: `n_samples` rows drawn with replacement, labels kept aligned.
/// scikit-learn: `X_b, y_b = resample(X, y, replace=True, n_samples=n, random_state=0)`.
///
/// Used to estimate the variability of a statistic (fit on many bootstrap samples), for
/// bagging, and as simple data augmentation for small classes.
///
/// ```
/// use algorithms::statistics::{bootstrap, seeded_rng};
/// let iris = datasets::iris::load();
/// let b = bootstrap(&mut seeded_rng(7), &iris.data, &iris.target, 150)?;
/// assert_eq!(b.x.dim(), (150, 4));
/// assert_eq!(b.x.row(0), iris.data.row(b.indices[0]));
/// assert!(b.out_of_bag.len() > 30 && b.out_of_bag.len() < 80);  // about 150 / e
/// # Ok::<(), algorithms::Error>(())
/// ```
///
/// # Errors
/// [`Error::ShapeMismatch`] when `x` and `y` differ in rows; [`Error::TooFewSamples`] for
/// empty `x` with `n_samples > 0`.
pub fn bootstrap<R, A, L, S1, S2>(
    rng: &mut R,
    x: &ArrayBase<S1, Ix2>,
    y: &ArrayBase<S2, Ix1>,
    n_samples: usize,
) -> Result<Bootstrap<A, L>>
where
    R: Rng + ?Sized,
    A: Clone,
    L: Clone,
    S1: Data<Elem = A>,
    S2: Data<Elem = L>,
{
    crate::check::check_same_rows("bootstrap", x, y)?;
    let n = x.nrows();
    if n == 0 && n_samples > 0 {
        return Err(Error::TooFewSamples {
            op: "bootstrap",
            n_samples: 0,
            needed: 1,
        });
    }
    let indices: Array1<usize> = (0..n_samples).map(|_| rng.gen_range(0..n)).collect();
    let idx = indices.as_slice().expect("owned 1-D array");
    let mut drawn = vec![false; n];
    for &i in idx {
        drawn[i] = true;
    }
    let out_of_bag = (0..n).filter(|&i| !drawn[i]).collect();
    Ok(Bootstrap {
        x: x.select(Axis(0), idx),
        y: y.select(Axis(0), idx),
        indices,
        out_of_bag,
    })
}
