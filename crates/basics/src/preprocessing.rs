//! # Preprocessing: scaling, imputation, train/test splits, K-fold
//!
//! Scaling is broadcasting: a `(n_samples, n_features)` matrix combined with a
//! `(n_features,)` row of statistics. The statistics must come from the **training** set
//! only, then be applied unchanged to the test set; otherwise test information leaks into
//! the model. The scaler types make that the easy path: `Scaler::new()` (parameters) →
//! `.fit(&x_train)?` (a fitted type holding the statistics) → `.transform(&x_test)?`.
//!
//! | NumPy / scikit-learn | Rust (this module) | Notes |
//! |---|---|---|
//! | `(X - X.min(0)) / (X.max(0) - X.min(0))` | [`min_max_scale`]`(&x)?` | constant column → 0, not `nan` |
//! | `(X - X.mean(0)) / X.std(0, ddof=0)` | [`standardize`]`(&x, 0)?` | constant column → 0 |
//! | same with `np.nanmin`/`np.nanmean`... | [`nan_min_max_scale`]`(&x)?`, [`nan_standardize`]`(&x, 0)?` | NaN ignored in the statistics, kept in the output |
//! | `MinMaxScaler().fit(X_train)` | [`MinMaxScaler`]`::new().fit(&x_train)?` | → [`FittedMinMaxScaler`] |
//! | `MinMaxScaler(feature_range=(-1, 1))` | `MinMaxScaler::new().feature_range(-1., 1.)` | |
//! | `StandardScaler().fit(X_train)` | [`StandardScaler`]`::new().fit(&x_train)?` | `ddof = 0` as scikit-learn; `.ddof(1)` for the sample std |
//! | `scaler.transform(X_test)` | `fitted.transform(&x_test)?` | error if the feature count differs |
//! | `scaler.inverse_transform(Z)` | `fitted.inverse_transform(&z)?` | |
//! | `scaler.mean_`, `scaler.scale_` | `fitted.mean()`, `fitted.scale()` | |
//! | `SimpleImputer(strategy="mean")` | [`SimpleImputer`]`::new(`[`ImputeStrategy::Mean`]`)` | also `Median`, `Constant(v)` |
//! | `train_test_split(X, y, test_size=0.2, random_state=42)` | [`train_test_split`]`(&x, &y, 0.2, 42)?` | → [`Split`] |
//! | `train_test_split(..., stratify=y)` | [`stratified_train_test_split`]`(&x, &y, 0.2, 42)?` | keeps class proportions |
//! | `KFold(5).split(X)` | [`kfold_indices`]`(n, 5, None)?` | → `Vec<`[`Fold`]`>` |
//! | `KFold(5, shuffle=True, random_state=0)` | [`kfold_indices`]`(n, 5, Some(0))?` | |
//!
//! ```
//! use basics::preprocessing::{stratified_train_test_split, StandardScaler};
//! use basics::operations::{mean_axis, std_axis};
//!
//! let iris = datasets::iris::load();
//! let split = stratified_train_test_split(&iris.data, &iris.target, 0.2, 42)?;
//! assert_eq!((split.x_train.nrows(), split.x_test.nrows()), (120, 30));
//!
//! let scaler = StandardScaler::new().fit(&split.x_train)?;   // statistics from train only
//! let z_train = scaler.transform(&split.x_train)?;
//! let z_test = scaler.transform(&split.x_test)?;             // same statistics reused
//! let m = mean_axis(&z_train, 0)?;
//! let s = std_axis(&z_train, 0, 0)?;
//! assert!(m.iter().all(|v| v.abs() < 1e-12) && s.iter().all(|v| (v - 1.).abs() < 1e-12));
//! // The test set is close to, but not exactly, mean 0 / std 1: that is expected.
//! assert!(mean_axis(&z_test, 0)?.iter().all(|v| v.abs() < 0.5));
//! # Ok::<(), basics::Error>(())
//! ```
//!
//! ## When not to
//! - Scaling does not fix outliers: one huge value squeezes min-max scaling of a whole
//!   column. Filter outliers first (see the `outliers` example) or standardise instead.
//! - Tree models do not need scaling; distance- and gradient-based models (k-NN, k-means,
//!   SVMs, linear models with regularisation, neural networks) do.
//! - A constant column has no spread to divide by. Like scikit-learn, the scale is then
//!   set to 1 (the column becomes 0) instead of producing `nan`.
//!
//! Random splits use `StdRng` seeded with the `seed` argument: the same seed gives the same
//! split on every run, but not scikit-learn's split for the same `random_state`.

use std::collections::BTreeMap;

use ndarray::{Array1, Array2, ArrayBase, Axis, Data, Ix1, Ix2};
use rand::Rng;
use rand::seq::SliceRandom;

use crate::creation::seeded_rng;
use crate::error::{Error, Result};
use crate::operations::{
    max_axis, mean_axis, min_axis, nanmax_axis, nanmean_axis, nanmin_axis, nanstd_axis, std_axis,
};

// ---------------------------------------------------------------------------------------
// One-shot scaling (NumPy one-liners)
// ---------------------------------------------------------------------------------------

/// A spread of zero becomes 1, so that a constant column maps to 0 instead of NaN.
fn nonzero_scale(spread: Array1<f64>) -> Array1<f64> {
    spread.mapv_into(|s| if s == 0.0 { 1.0 } else { s })
}

fn check_rows<S: Data<Elem = f64>>(op: &str, x: &ArrayBase<S, Ix2>) -> Result<()> {
    if x.nrows() == 0 {
        Err(Error::Empty {
            op: op.to_string(),
            shape: x.shape().to_vec(),
        })
    } else {
        Ok(())
    }
}

/// Scale each column to `[0, 1]`: `(X - X.min(0)) / (X.max(0) - X.min(0))`.
///
/// NaN propagates (a column with a NaN becomes all NaN, as with NumPy's `min`); use
/// [`nan_min_max_scale`] for data with missing values.
///
/// ```
/// use ndarray::array;
/// let x = array![[1., 10.], [2., 10.], [3., 10.]];
/// assert_eq!(basics::preprocessing::min_max_scale(&x)?, array![[0., 0.], [0.5, 0.], [1., 0.]]);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::Empty`] when `x` has no rows.
pub fn min_max_scale<S: Data<Elem = f64>>(x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
    check_rows("min_max_scale", x)?;
    let lo = min_axis(x, 0)?;
    let range = nonzero_scale(&max_axis(x, 0)? - &lo);
    Ok((x - &lo) / &range)
}

/// [`min_max_scale`] ignoring NaN in the statistics (`np.nanmin`, `np.nanmax`); NaN cells
/// stay NaN.
///
/// # Errors
/// [`Error::Empty`] when `x` has no rows.
pub fn nan_min_max_scale<S: Data<Elem = f64>>(x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
    check_rows("nan_min_max_scale", x)?;
    let lo = nanmin_axis(x, 0)?;
    let range = nonzero_scale(&nanmax_axis(x, 0)? - &lo);
    Ok((x - &lo) / &range)
}

/// Standardise each column (z-scores): `(X - X.mean(0)) / X.std(0, ddof=ddof)`.
///
/// `ddof = 0` matches scikit-learn's `StandardScaler`; `ddof = 1` uses the sample standard
/// deviation (pandas' `df.std()`). NaN propagates; see [`nan_standardize`].
///
/// ```
/// use ndarray::array;
/// let x = array![[1.], [3.]];
/// assert_eq!(basics::preprocessing::standardize(&x, 0)?, array![[-1.], [1.]]);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::Empty`] when `x` has no rows, [`Error::Ddof`] when `ddof >= n_rows`.
pub fn standardize<S: Data<Elem = f64>>(x: &ArrayBase<S, Ix2>, ddof: usize) -> Result<Array2<f64>> {
    check_rows("standardize", x)?;
    let mean = mean_axis(x, 0)?;
    let std = nonzero_scale(std_axis(x, 0, ddof)?);
    Ok((x - &mean) / &std)
}

/// [`standardize`] ignoring NaN in the statistics (`np.nanmean`, `np.nanstd`); NaN cells
/// stay NaN.
///
/// # Errors
/// [`Error::Empty`] when `x` has no rows, [`Error::Ddof`] when `ddof >= n_rows`.
pub fn nan_standardize<S: Data<Elem = f64>>(
    x: &ArrayBase<S, Ix2>,
    ddof: usize,
) -> Result<Array2<f64>> {
    check_rows("nan_standardize", x)?;
    let mean = nanmean_axis(x, 0)?;
    let std = nonzero_scale(nanstd_axis(x, 0, ddof)?);
    Ok((x - &mean) / &std)
}

fn check_features<S: Data<Elem = f64>>(
    op: &'static str,
    x: &ArrayBase<S, Ix2>,
    fitted: usize,
) -> Result<()> {
    if x.ncols() == fitted {
        Ok(())
    } else {
        Err(Error::ShapeMismatch {
            op,
            left: x.shape().to_vec(),
            right: vec![fitted],
            reason: format!(
                "X has {} features, but the scaler was fitted with {fitted} features",
                x.ncols()
            ),
        })
    }
}

// ---------------------------------------------------------------------------------------
// MinMaxScaler
// ---------------------------------------------------------------------------------------

/// Parameters of a min-max scaler (scikit-learn's `MinMaxScaler`); [`fit`](Self::fit) it on
/// training data.
///
/// Fitting ignores NaN (as scikit-learn does) and `transform` keeps NaN cells as NaN.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MinMaxScaler {
    lo: f64,
    hi: f64,
}

impl Default for MinMaxScaler {
    fn default() -> Self {
        Self { lo: 0.0, hi: 1.0 }
    }
}

impl MinMaxScaler {
    /// Scale to `[0, 1]`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Scale to `[lo, hi]` instead (`feature_range=(lo, hi)`), checked at `fit`.
    pub fn feature_range(mut self, lo: f64, hi: f64) -> Self {
        self.lo = lo;
        self.hi = hi;
        self
    }

    /// Learn each column's min and max from `x` (NaN ignored).
    ///
    /// ```
    /// use ndarray::array;
    /// let train = array![[0., 10.], [10., 20.]];
    /// let scaler = basics::preprocessing::MinMaxScaler::new().fit(&train)?;
    /// let test = array![[5., 30.]];
    /// assert_eq!(scaler.transform(&test)?, array![[0.5, 2.0]]); // outside [0, 1]: not clipped
    /// # Ok::<(), basics::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless `lo < hi`, [`Error::Empty`] when `x` has no rows.
    pub fn fit<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<FittedMinMaxScaler> {
        if !(self.lo.is_finite() && self.hi.is_finite() && self.lo < self.hi) {
            return Err(Error::InvalidArgument {
                op: "MinMaxScaler::fit",
                message: format!(
                    "feature_range minimum must be smaller than maximum, got ({}, {})",
                    self.lo, self.hi
                ),
            });
        }
        check_rows("MinMaxScaler::fit", x)?;
        let data_min = nanmin_axis(x, 0)?;
        let data_max = nanmax_axis(x, 0)?;
        let data_range = nonzero_scale(&data_max - &data_min);
        Ok(FittedMinMaxScaler {
            data_min,
            data_max,
            data_range,
            lo: self.lo,
            hi: self.hi,
        })
    }
}

/// A min-max scaler fitted on training data: holds `data_min_` and `data_max_`.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedMinMaxScaler {
    data_min: Array1<f64>,
    data_max: Array1<f64>,
    data_range: Array1<f64>,
    lo: f64,
    hi: f64,
}

impl FittedMinMaxScaler {
    /// Per-feature minimum seen in training (`data_min_`).
    pub fn data_min(&self) -> &Array1<f64> {
        &self.data_min
    }

    /// Per-feature maximum seen in training (`data_max_`).
    pub fn data_max(&self) -> &Array1<f64> {
        &self.data_max
    }

    /// `(X - data_min) / (data_max - data_min) * (hi - lo) + lo`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `x` has a different number of columns than the
    /// training data.
    pub fn transform<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        check_features("MinMaxScaler::transform", x, self.data_min.len())?;
        Ok((x - &self.data_min) / &self.data_range * (self.hi - self.lo) + self.lo)
    }

    /// Undo [`transform`](Self::transform).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] on a feature-count mismatch.
    pub fn inverse_transform<S: Data<Elem = f64>>(
        &self,
        z: &ArrayBase<S, Ix2>,
    ) -> Result<Array2<f64>> {
        check_features("MinMaxScaler::inverse_transform", z, self.data_min.len())?;
        Ok((z - self.lo) / (self.hi - self.lo) * &self.data_range + &self.data_min)
    }
}

// ---------------------------------------------------------------------------------------
// StandardScaler
// ---------------------------------------------------------------------------------------

/// Parameters of a z-score scaler (scikit-learn's `StandardScaler`); [`fit`](Self::fit) it on
/// training data.
///
/// The standard deviation uses `ddof = 0` by default (scikit-learn's choice: divide by `n`);
/// `.ddof(1)` divides by `n - 1`. Fitting ignores NaN and `transform` keeps NaN cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StandardScaler {
    ddof: usize,
    with_mean: bool,
    with_std: bool,
}

impl Default for StandardScaler {
    fn default() -> Self {
        Self {
            ddof: 0,
            with_mean: true,
            with_std: true,
        }
    }
}

impl StandardScaler {
    /// Centre and scale, `ddof = 0`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Delta degrees of freedom of the standard deviation (`0` = population, `1` = sample).
    pub fn ddof(mut self, ddof: usize) -> Self {
        self.ddof = ddof;
        self
    }

    /// Whether to subtract the mean (`with_mean=`).
    pub fn with_mean(mut self, yes: bool) -> Self {
        self.with_mean = yes;
        self
    }

    /// Whether to divide by the standard deviation (`with_std=`).
    pub fn with_std(mut self, yes: bool) -> Self {
        self.with_std = yes;
        self
    }

    /// Learn each column's mean and standard deviation from `x` (NaN ignored).
    ///
    /// # Errors
    /// [`Error::Empty`] when `x` has no rows, [`Error::Ddof`] when `ddof >= n_rows`.
    pub fn fit<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<FittedStandardScaler> {
        check_rows("StandardScaler::fit", x)?;
        let n_features = x.ncols();
        let mean = if self.with_mean {
            nanmean_axis(x, 0)?
        } else {
            Array1::zeros(n_features)
        };
        let scale = if self.with_std {
            nonzero_scale(nanstd_axis(x, 0, self.ddof)?)
        } else {
            Array1::ones(n_features)
        };
        Ok(FittedStandardScaler {
            mean,
            scale,
            ddof: self.ddof,
        })
    }
}

/// A z-score scaler fitted on training data: holds `mean_` and `scale_`.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedStandardScaler {
    mean: Array1<f64>,
    scale: Array1<f64>,
    ddof: usize,
}

impl FittedStandardScaler {
    /// Per-feature mean of the training data (`mean_`; zeros with `with_mean(false)`).
    pub fn mean(&self) -> &Array1<f64> {
        &self.mean
    }

    /// Per-feature standard deviation with zeros replaced by 1 (`scale_`).
    pub fn scale(&self) -> &Array1<f64> {
        &self.scale
    }

    /// The ddof the scale was computed with.
    pub fn ddof(&self) -> usize {
        self.ddof
    }

    /// `(X - mean) / scale`, broadcasting the `(n_features,)` statistics over the rows.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `x` has a different number of columns than the
    /// training data:
    /// ```
    /// use ndarray::{array, Array2};
    /// let scaler = basics::preprocessing::StandardScaler::new().fit(&array![[1., 2.], [3., 4.]])?;
    /// let err = scaler.transform(&Array2::<f64>::zeros((1, 3))).unwrap_err();
    /// assert!(err.to_string().contains("X has 3 features, but the scaler was fitted with 2 features"));
    /// # Ok::<(), basics::Error>(())
    /// ```
    pub fn transform<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        check_features("StandardScaler::transform", x, self.mean.len())?;
        Ok((x - &self.mean) / &self.scale)
    }

    /// Undo [`transform`](Self::transform): `Z * scale + mean`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] on a feature-count mismatch.
    pub fn inverse_transform<S: Data<Elem = f64>>(
        &self,
        z: &ArrayBase<S, Ix2>,
    ) -> Result<Array2<f64>> {
        check_features("StandardScaler::inverse_transform", z, self.mean.len())?;
        Ok(z * &self.scale + &self.mean)
    }
}

// ---------------------------------------------------------------------------------------
// Imputation
// ---------------------------------------------------------------------------------------

/// What to fill missing (NaN) cells with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ImputeStrategy {
    /// The column mean of the observed values (`np.nanmean(X, axis=0)`).
    Mean,
    /// The column median of the observed values (`np.nanmedian(X, axis=0)`).
    Median,
    /// A fixed value.
    Constant(f64),
}

/// Parameters of an imputer (scikit-learn's `SimpleImputer`): fill NaN with a per-column
/// statistic learnt on training data.
///
/// ```
/// use ndarray::array;
/// use basics::preprocessing::{ImputeStrategy, SimpleImputer};
/// let x = array![[1., f64::NAN], [3., 4.], [f64::NAN, 8.]];
/// let imputer = SimpleImputer::new(ImputeStrategy::Mean).fit(&x)?;
/// assert_eq!(imputer.statistics(), &array![2., 6.]);
/// assert_eq!(imputer.transform(&x)?, array![[1., 6.], [3., 4.], [2., 8.]]);
/// # Ok::<(), basics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimpleImputer {
    strategy: ImputeStrategy,
}

impl SimpleImputer {
    /// An imputer with the given strategy.
    pub fn new(strategy: ImputeStrategy) -> Self {
        Self { strategy }
    }

    /// Compute the fill value of each column from its non-NaN values.
    ///
    /// # Errors
    /// [`Error::Empty`] when `x` has no rows, or (for `Mean`/`Median`) when a column has no
    /// observed value at all (scikit-learn drops such a column with a warning).
    pub fn fit<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<FittedSimpleImputer> {
        check_rows("SimpleImputer::fit", x)?;
        let statistics = match self.strategy {
            ImputeStrategy::Constant(v) => Array1::from_elem(x.ncols(), v),
            ImputeStrategy::Mean => nanmean_axis(x, 0)?,
            ImputeStrategy::Median => x.map_axis(Axis(0), |col| {
                let observed: Array1<f64> = col.iter().copied().filter(|v| !v.is_nan()).collect();
                crate::operations::median(&observed).unwrap_or(f64::NAN)
            }),
        };
        if let Some(j) = statistics.iter().position(|v| v.is_nan()) {
            return Err(Error::Empty {
                op: format!("SimpleImputer::fit: column {j} has no observed (non-NaN) value"),
                shape: x.shape().to_vec(),
            });
        }
        Ok(FittedSimpleImputer { statistics })
    }
}

/// An imputer fitted on training data.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedSimpleImputer {
    statistics: Array1<f64>,
}

impl FittedSimpleImputer {
    /// The fill value of each column (`statistics_`).
    pub fn statistics(&self) -> &Array1<f64> {
        &self.statistics
    }

    /// A copy of `x` with each NaN replaced by its column's fill value.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `x` has a different number of columns than at `fit`.
    pub fn transform<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        check_features("SimpleImputer::transform", x, self.statistics.len())?;
        let mut out = x.to_owned();
        for mut row in out.rows_mut() {
            row.zip_mut_with(&self.statistics, |v, &fill| {
                if v.is_nan() {
                    *v = fill;
                }
            });
        }
        Ok(out)
    }
}

// ---------------------------------------------------------------------------------------
// Train/test split
// ---------------------------------------------------------------------------------------

/// Train and test parts of `(X, y)`, with the row indices they came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<A, L> {
    /// Training features.
    pub x_train: Array2<A>,
    /// Test features.
    pub x_test: Array2<A>,
    /// Training labels/targets.
    pub y_train: Array1<L>,
    /// Test labels/targets.
    pub y_test: Array1<L>,
    /// Rows of the input that went to training, in shuffled order.
    pub train_indices: Vec<usize>,
    /// Rows of the input that went to test, in shuffled order.
    pub test_indices: Vec<usize>,
}

/// Test and train sizes as scikit-learn computes them: `n_test = ceil(test_size * n)`.
fn split_sizes(n: usize, test_size: f64) -> Result<(usize, usize)> {
    if !(test_size > 0.0 && test_size < 1.0) {
        return Err(Error::SplitFraction { test_size });
    }
    let n_test = (test_size * n as f64).ceil() as usize;
    let n_train = n.saturating_sub(n_test);
    if n_train == 0 || n_test == 0 {
        return Err(Error::InvalidArgument {
            op: "train_test_split",
            message: format!(
                "with n_samples = {n} and test_size = {test_size}, the train set would have {n_train} and the test set {n_test} samples"
            ),
        });
    }
    Ok((n_train, n_test))
}

/// Shuffled train and test row indices for `n` samples: the index part of
/// `train_test_split(np.arange(n), test_size=..., random_state=seed)`.
///
/// ```
/// let (train, test) = basics::preprocessing::train_test_indices(10, 0.3, 0)?;
/// assert_eq!((train.len(), test.len()), (7, 3));
/// let err = basics::preprocessing::train_test_indices(10, 1.5, 0).unwrap_err();
/// assert_eq!(err.to_string(), "test_size = 1.5 must be strictly between 0 and 1");
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::SplitFraction`] unless `0 < test_size < 1`; [`Error::InvalidArgument`] when a
/// side would be empty.
pub fn train_test_indices(n: usize, test_size: f64, seed: u64) -> Result<(Vec<usize>, Vec<usize>)> {
    let (_, n_test) = split_sizes(n, test_size)?;
    let mut perm: Vec<usize> = (0..n).collect();
    perm.shuffle(&mut seeded_rng(seed));
    let train = perm.split_off(n_test);
    Ok((train, perm))
}

/// Count how many of each class go to one side: scikit-learn's `_approximate_mode`
/// (floor of the proportional share, then the largest remainders get one more; ties are
/// broken at random).
fn approximate_mode<R: Rng>(counts: &[usize], n_draws: usize, rng: &mut R) -> Vec<usize> {
    let total: usize = counts.iter().sum();
    let continuous: Vec<f64> = counts
        .iter()
        .map(|&c| c as f64 / total as f64 * n_draws as f64)
        .collect();
    let mut floored: Vec<usize> = continuous.iter().map(|c| c.floor() as usize).collect();
    let mut need = n_draws.saturating_sub(floored.iter().sum());
    let remainder: Vec<f64> = continuous
        .iter()
        .zip(&floored)
        .map(|(c, &f)| c - f as f64)
        .collect();
    let mut values = remainder.clone();
    values.sort_by(|a, b| b.total_cmp(a));
    values.dedup();
    for value in values {
        if need == 0 {
            break;
        }
        let mut tied: Vec<usize> = (0..counts.len())
            .filter(|&i| remainder[i] == value)
            .collect();
        tied.shuffle(rng);
        for &i in tied.iter().take(need) {
            floored[i] += 1;
        }
        need -= tied.len().min(need);
    }
    floored
}

/// Train and test row indices that keep each class's share of `labels`: the index part of
/// `train_test_split(..., stratify=y)` (scikit-learn's `StratifiedShuffleSplit`).
///
/// ```
/// use ndarray::Array1;
/// let y = Array1::from_iter((0..20).map(|i| usize::from(i >= 15))); // 15 of class 0, 5 of class 1
/// let (_, test) = basics::preprocessing::stratified_train_test_indices(&y, 0.2, 1)?;
/// let ones = test.iter().filter(|&&i| y[i] == 1).count();
/// assert_eq!((test.len(), ones), (4, 1));                        // 25% of the test set, as in y
/// let err = basics::preprocessing::stratified_train_test_indices(&ndarray::array![0, 0, 1], 0.5, 1).unwrap_err();
/// assert!(err.to_string().contains("class 1 has only 1 sample"));
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::SplitFraction`], [`Error::ClassTooSmall`] when a class has one sample,
/// [`Error::InvalidArgument`] when a side would have fewer samples than there are classes.
pub fn stratified_train_test_indices<S>(
    labels: &ArrayBase<S, Ix1>,
    test_size: f64,
    seed: u64,
) -> Result<(Vec<usize>, Vec<usize>)>
where
    S: Data<Elem = usize>,
{
    let n = labels.len();
    let (n_train, n_test) = split_sizes(n, test_size)?;
    let mut by_class: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &c) in labels.iter().enumerate() {
        by_class.entry(c).or_default().push(i);
    }
    if let Some((&class, members)) = by_class.iter().find(|(_, m)| m.len() < 2) {
        return Err(Error::ClassTooSmall {
            class,
            count: members.len(),
        });
    }
    let n_classes = by_class.len();
    if n_train < n_classes || n_test < n_classes {
        return Err(Error::InvalidArgument {
            op: "stratified_train_test_split",
            message: format!(
                "train size {n_train} and test size {n_test} must each be at least the number of classes {n_classes}"
            ),
        });
    }
    let mut rng = seeded_rng(seed);
    let counts: Vec<usize> = by_class.values().map(Vec::len).collect();
    let train_counts = approximate_mode(&counts, n_train, &mut rng);
    let left: Vec<usize> = counts
        .iter()
        .zip(&train_counts)
        .map(|(c, t)| c - t)
        .collect();
    let test_counts = approximate_mode(&left, n_test, &mut rng);

    let (mut train, mut test) = (Vec::with_capacity(n_train), Vec::with_capacity(n_test));
    for ((members, &n_tr), &n_te) in by_class.values().zip(&train_counts).zip(&test_counts) {
        let mut members = members.clone();
        members.shuffle(&mut rng);
        train.extend_from_slice(&members[..n_tr]);
        test.extend_from_slice(&members[n_tr..n_tr + n_te]);
    }
    train.shuffle(&mut rng);
    test.shuffle(&mut rng);
    Ok((train, test))
}

fn check_xy<A, L, Sx: Data<Elem = A>, Sy: Data<Elem = L>>(
    x: &ArrayBase<Sx, Ix2>,
    y: &ArrayBase<Sy, Ix1>,
) -> Result<()> {
    if x.nrows() == y.len() {
        Ok(())
    } else {
        Err(Error::ShapeMismatch {
            op: "train_test_split",
            left: x.shape().to_vec(),
            right: y.shape().to_vec(),
            reason: format!("X has {} rows but y has {} entries", x.nrows(), y.len()),
        })
    }
}

fn gather<A: Clone, L: Clone, Sx: Data<Elem = A>, Sy: Data<Elem = L>>(
    x: &ArrayBase<Sx, Ix2>,
    y: &ArrayBase<Sy, Ix1>,
    train: Vec<usize>,
    test: Vec<usize>,
) -> Split<A, L> {
    Split {
        x_train: x.select(Axis(0), &train),
        x_test: x.select(Axis(0), &test),
        y_train: y.select(Axis(0), &train),
        y_test: y.select(Axis(0), &test),
        train_indices: train,
        test_indices: test,
    }
}

/// Shuffle and split `(X, y)`: `train_test_split(X, y, test_size=..., random_state=seed)`.
///
/// # Errors
/// [`Error::ShapeMismatch`] when `x` and `y` have different lengths, plus the errors of
/// [`train_test_indices`].
pub fn train_test_split<A, L, Sx, Sy>(
    x: &ArrayBase<Sx, Ix2>,
    y: &ArrayBase<Sy, Ix1>,
    test_size: f64,
    seed: u64,
) -> Result<Split<A, L>>
where
    A: Clone,
    L: Clone,
    Sx: Data<Elem = A>,
    Sy: Data<Elem = L>,
{
    check_xy(x, y)?;
    let (train, test) = train_test_indices(x.nrows(), test_size, seed)?;
    Ok(gather(x, y, train, test))
}

/// Shuffle and split `(X, y)` keeping class proportions:
/// `train_test_split(X, y, test_size=..., random_state=seed, stratify=y)`.
///
/// # Errors
/// [`Error::ShapeMismatch`] when `x` and `y` have different lengths, plus the errors of
/// [`stratified_train_test_indices`].
pub fn stratified_train_test_split<A, Sx, Sy>(
    x: &ArrayBase<Sx, Ix2>,
    y: &ArrayBase<Sy, Ix1>,
    test_size: f64,
    seed: u64,
) -> Result<Split<A, usize>>
where
    A: Clone,
    Sx: Data<Elem = A>,
    Sy: Data<Elem = usize>,
{
    check_xy(x, y)?;
    let (train, test) = stratified_train_test_indices(y, test_size, seed)?;
    Ok(gather(x, y, train, test))
}

// ---------------------------------------------------------------------------------------
// K-fold
// ---------------------------------------------------------------------------------------

/// One fold of a K-fold cross-validation: the rows to train on and the rows to test on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    /// Training rows, ascending.
    pub train: Vec<usize>,
    /// Test rows (ascending without shuffling).
    pub test: Vec<usize>,
}

/// K-fold train/test indices over `n` samples: scikit-learn's `KFold(k).split(X)`.
///
/// The first `n % k` folds have `n / k + 1` test samples, the others `n / k`; every sample
/// is tested exactly once. `shuffle = Some(seed)` permutes the samples first
/// (`KFold(k, shuffle=True, random_state=seed)`); `None` keeps contiguous blocks.
///
/// ```
/// let folds = basics::preprocessing::kfold_indices(5, 2, None)?;
/// assert_eq!(folds[0].test, vec![0, 1, 2]);
/// assert_eq!(folds[0].train, vec![3, 4]);
/// assert_eq!(folds[1].test, vec![3, 4]);
/// assert!(basics::preprocessing::kfold_indices(3, 4, None).is_err());
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] unless `2 <= k <= n`.
pub fn kfold_indices(n: usize, k: usize, shuffle: Option<u64>) -> Result<Vec<Fold>> {
    if k < 2 || k > n {
        return Err(Error::InvalidArgument {
            op: "kfold_indices",
            message: format!("need 2 <= k <= n_samples, got k = {k} and n_samples = {n}"),
        });
    }
    let mut order: Vec<usize> = (0..n).collect();
    if let Some(seed) = shuffle {
        order.shuffle(&mut seeded_rng(seed));
    }
    let mut folds = Vec::with_capacity(k);
    let mut start = 0;
    for f in 0..k {
        let size = n / k + usize::from(f < n % k);
        let test = order[start..start + size].to_vec();
        let mut in_test = vec![false; n];
        for &i in &test {
            in_test[i] = true;
        }
        let train = (0..n).filter(|&i| !in_test[i]).collect();
        folds.push(Fold { train, test });
        start += size;
    }
    Ok(folds)
}
