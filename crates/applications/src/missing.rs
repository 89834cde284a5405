//! # 5.1 Missing data: find it, count it, drop it or impute it
//!
//! Real tables have holes, and NumPy marks them with `NaN`. Every operation here is a
//! mask: `np.isnan(X)` is a boolean array of the same shape, and counting, dropping and
//! imputing are reductions and selections on it.
//!
//! | NumPy / scikit-learn | Rust (`use applications::missing::*;`) |
//! |---|---|
//! | `np.isnan(X)` | [`isnan_mask(&x)`](isnan_mask) |
//! | `np.isnan(X).sum(axis=0)` | [`nan_count_per_column(&x)`](nan_count_per_column) |
//! | `X[~np.isnan(X).any(axis=1)]` | [`drop_rows_with_nan(&x)`](drop_rows_with_nan) |
//! | `X[:, ~np.isnan(X).any(axis=0)]` | [`drop_columns_with_nan(&x)`](drop_columns_with_nan) |
//! | `SimpleImputer(strategy="mean").fit(X_train).transform(X)` | `SimpleImputer::params(Strategy::Mean).fit(&x_train)?.transform(&x)?` |
//!
//! The imputer is **fitted on the training split only** and then applied to both: filling a
//! test row with a mean that includes that test row leaks information from the test set.
//!
//! ```
//! use ndarray::array;
//! use applications::missing::{SimpleImputer, Strategy};
//! let nan = f64::NAN;
//! let train = array![[1.0, 2.0], [nan, 4.0], [3.0, nan]];
//! let imp = SimpleImputer::params(Strategy::Mean).fit(&train)?;   // column means 2, 3
//! let filled = imp.transform(&array![[nan, nan], [5.0, 6.0]])?;
//! assert_eq!(filled, array![[2.0, 3.0], [5.0, 6.0]]);
//! # Ok::<(), applications::Error>(())
//! ```
//!
//! When not to impute: if missingness itself carries information (a sensor that fails when
//! hot), add the mask as features (`np.isnan(X).astype(float)`) next to the imputed values;
//! if most of a column is missing, drop the column.

use ndarray::{Array1, Array2, ArrayBase, Axis, Data, Ix2};

use crate::error::{Result, empty, invalid, mismatch};

/// `np.isnan(X)`: `true` where the entry is NaN.
pub fn isnan_mask<S: Data<Elem = f64>>(x: &ArrayBase<S, Ix2>) -> Array2<bool> {
    x.mapv(f64::is_nan)
}

/// `np.isnan(X).sum(axis=0)`: how many NaN in each column.
///
/// ```
/// use ndarray::array;
/// let x = array![[f64::NAN, 1.0], [f64::NAN, f64::NAN], [0.0, 2.0]];
/// assert_eq!(applications::missing::nan_count_per_column(&x), array![2, 1]);
/// ```
pub fn nan_count_per_column<S: Data<Elem = f64>>(x: &ArrayBase<S, Ix2>) -> Array1<usize> {
    x.map_axis(Axis(0), |c| c.iter().filter(|v| v.is_nan()).count())
}

/// `X[~np.isnan(X).any(axis=1)]`: the rows without NaN, and the indices they had.
///
/// ```
/// use ndarray::array;
/// let x = array![[1.0, 2.0], [f64::NAN, 0.0], [3.0, 4.0]];
/// let (kept, idx) = applications::missing::drop_rows_with_nan(&x);
/// assert_eq!(kept, array![[1.0, 2.0], [3.0, 4.0]]);
/// assert_eq!(idx, vec![0, 2]);
/// ```
pub fn drop_rows_with_nan<S: Data<Elem = f64>>(x: &ArrayBase<S, Ix2>) -> (Array2<f64>, Vec<usize>) {
    let keep: Vec<usize> = (0..x.nrows())
        .filter(|&i| !x.row(i).iter().any(|v| v.is_nan()))
        .collect();
    (x.select(Axis(0), &keep), keep)
}

/// `X[:, ~np.isnan(X).any(axis=0)]`: the columns without NaN, and the indices they had.
pub fn drop_columns_with_nan<S: Data<Elem = f64>>(
    x: &ArrayBase<S, Ix2>,
) -> (Array2<f64>, Vec<usize>) {
    let keep: Vec<usize> = (0..x.ncols())
        .filter(|&j| !x.column(j).iter().any(|v| v.is_nan()))
        .collect();
    (x.select(Axis(1), &keep), keep)
}

/// What [`SimpleImputer`] fills a column's NaN with (scikit-learn's `strategy`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Strategy {
    /// `np.nanmean(X, axis=0)`.
    Mean,
    /// `np.nanmedian(X, axis=0)` (the mean of the two middle values for an even count).
    Median,
    /// The most frequent non-NaN value; ties go to the smallest value, as in scikit-learn.
    MostFrequent,
    /// A fixed value (`strategy="constant", fill_value=c`).
    Constant(f64),
}

/// `sklearn.impute.SimpleImputer`: a params builder; [`SimpleImputerParams::fit`] learns
/// one fill value per column.
#[derive(Debug, Clone, Copy)]
pub struct SimpleImputer;

impl SimpleImputer {
    /// Hyperparameters with the given strategy.
    pub fn params(strategy: Strategy) -> SimpleImputerParams {
        SimpleImputerParams { strategy }
    }
}

/// Hyperparameters of [`SimpleImputer`].
#[derive(Debug, Clone, Copy)]
pub struct SimpleImputerParams {
    strategy: Strategy,
}

/// A fitted imputer: the per-column fill values (`imputer.statistics_`).
#[derive(Debug, Clone)]
pub struct FittedSimpleImputer {
    statistics: Array1<f64>,
}

impl SimpleImputerParams {
    /// Learns the fill value of each column from `x` (NaN are ignored), in O(n d) for the
    /// mean and O(n log n d) for the median and the mode.
    ///
    /// # Errors
    /// [`Error::Empty`](crate::Error::Empty) for no rows or a column that is all NaN
    /// (scikit-learn drops such a column with a warning; here you decide), and
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for a NaN constant.
    pub fn fit<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<FittedSimpleImputer> {
        const OP: &str = "SimpleImputer::fit";
        if x.nrows() == 0 {
            return Err(empty(OP, "no rows"));
        }
        if let Strategy::Constant(c) = self.strategy {
            if c.is_nan() {
                return Err(invalid(OP, "fill_value", c, "must not be NaN"));
            }
            return Ok(FittedSimpleImputer {
                statistics: Array1::from_elem(x.ncols(), c),
            });
        }
        let mut stats = Array1::zeros(x.ncols());
        for (j, col) in x.columns().into_iter().enumerate() {
            let mut v: Vec<f64> = col.iter().copied().filter(|v| !v.is_nan()).collect();
            if v.is_empty() {
                return Err(empty(OP, format!("column {j} has no non-NaN value")));
            }
            stats[j] = match self.strategy {
                Strategy::Mean => v.iter().sum::<f64>() / v.len() as f64,
                Strategy::Median => median_of(&mut v),
                Strategy::MostFrequent => most_frequent(&mut v),
                Strategy::Constant(c) => c,
            };
        }
        Ok(FittedSimpleImputer { statistics: stats })
    }
}

fn median_of(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

fn most_frequent(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let (mut best, mut best_count) = (v[0], 0);
    let mut i = 0;
    while i < v.len() {
        let j = v[i..].iter().take_while(|&&w| w == v[i]).count() + i;
        if j - i > best_count {
            best = v[i];
            best_count = j - i;
        }
        i = j;
    }
    best
}

impl FittedSimpleImputer {
    /// The fill value of each column (`imputer.statistics_`).
    pub fn statistics(&self) -> &Array1<f64> {
        &self.statistics
    }

    /// A copy of `x` with every NaN replaced by its column's fill value.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) when `x` has a different
    /// number of columns than the training data.
    pub fn transform<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        if x.ncols() != self.statistics.len() {
            return Err(mismatch(
                "SimpleImputer::transform",
                x.shape(),
                &[self.statistics.len()],
                "x has a different number of columns than the data seen in fit",
            ));
        }
        let mut out = x.to_owned();
        for (mut col, &fill) in out.columns_mut().into_iter().zip(&self.statistics) {
            col.mapv_inplace(|v| if v.is_nan() { fill } else { v });
        }
        Ok(out)
    }
}
