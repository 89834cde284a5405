//! # 5.2 Feature engineering: polynomial features, one-hot encoding, binning
//!
//! A linear model can only draw straight boundaries in the features it is given. Giving it
//! products of features (`x0 * x1`, `x0^2`), indicator columns for categories, or the bin a
//! value falls into lets the same model fit curves, categories and thresholds.
//!
//! | NumPy / scikit-learn | Rust (`use applications::features::*;`) |
//! |---|---|
//! | `PolynomialFeatures(2).fit_transform(X)` | [`PolynomialFeatures::params(2).transform(&x)?`](PolynomialFeatures) |
//! | `PolynomialFeatures(3, interaction_only=True, include_bias=False)` | `PolynomialFeatures::params(3).interaction_only(true).include_bias(false)` |
//! | `np.eye(k)[y]` | [`one_hot(&y, k)?`](one_hot) |
//! | `OneHotEncoder(sparse_output=False).fit(X).transform(X)` | [`OneHotEncoder::fit(&x)?.transform(&x)?`](OneHotEncoder) |
//! | `np.digitize(x, bins)` | [`digitize(&x, &bins)?`](digitize) |
//! | `KBinsDiscretizer(n, encode="ordinal", strategy="uniform")` | [`KBinsUniform::fit(&x, n)?.transform(&x)?`](KBinsUniform) |
//!
//! ## Polynomial features, in scikit-learn's column order
//! For `d` input features and degree `p`, the output columns are all monomials
//! `x_{i1} x_{i2} ... x_{ik}` with `i1 <= i2 <= ... <= ik` and `k <= p`, ordered by degree
//! and then lexicographically by `(i1, ..., ik)`: for two features and degree 2,
//! `[1, x0, x1, x0^2, x0 x1, x1^2]`. There are `C(d + p, p)` of them: 10 features at degree
//! 3 make 286 columns, so the cost (`O(n C(d+p, p))`) grows fast; with `interaction_only`
//! repeated indices are excluded (`x0 x1` stays, `x0^2` goes).
//!
//! ```
//! use ndarray::array;
//! use applications::features::PolynomialFeatures;
//! let x = array![[2.0, 3.0]];
//! let p = PolynomialFeatures::params(2).transform(&x)?;
//! assert_eq!(p, array![[1.0, 2.0, 3.0, 4.0, 6.0, 9.0]]);
//! let i = PolynomialFeatures::params(2).interaction_only(true).include_bias(false).transform(&x)?;
//! assert_eq!(i, array![[2.0, 3.0, 6.0]]);
//! # Ok::<(), applications::Error>(())
//! ```

use ndarray::{Array1, Array2, ArrayBase, Data, Dimension, IntoDimension, Ix1, Ix2};

use crate::error::{Error, Result, check_alloc, empty, invalid, mismatch};

/// `sklearn.preprocessing.PolynomialFeatures`: entry point of the params builder.
#[derive(Debug, Clone, Copy)]
pub struct PolynomialFeatures;

impl PolynomialFeatures {
    /// Degree `degree`, with bias column, all monomials (scikit-learn's defaults).
    pub fn params(degree: usize) -> PolynomialFeaturesParams {
        PolynomialFeaturesParams {
            degree,
            interaction_only: false,
            include_bias: true,
        }
    }
}

/// Hyperparameters of [`PolynomialFeatures`]; stateless, so it transforms directly.
#[derive(Debug, Clone, Copy)]
pub struct PolynomialFeaturesParams {
    degree: usize,
    interaction_only: bool,
    include_bias: bool,
}

impl PolynomialFeaturesParams {
    /// Only products of distinct features (`x0 x1`, not `x0^2`).
    pub fn interaction_only(mut self, yes: bool) -> Self {
        self.interaction_only = yes;
        self
    }

    /// Whether the first column is the constant 1.
    pub fn include_bias(mut self, yes: bool) -> Self {
        self.include_bias = yes;
        self
    }

    /// The number of output features for `n` inputs, `None` if it overflows `usize`:
    /// `C(n + d, d)` monomials of degree `<= d` (`sum_{k <= d} C(n, k)` with
    /// `interaction_only`), minus the constant without `include_bias`.
    fn output_count(&self, n: usize) -> Option<usize> {
        let binom = |a: usize, k: usize| -> Option<usize> {
            let mut c: u128 = 1;
            for i in 0..k {
                c = c.checked_mul((a - i) as u128)? / (i as u128 + 1);
                if c > usize::MAX as u128 {
                    return None;
                }
            }
            usize::try_from(c).ok()
        };
        let total = if self.interaction_only {
            (0..=self.degree.min(n)).try_fold(0usize, |acc, k| acc.checked_add(binom(n, k)?))?
        } else {
            binom(n.checked_add(self.degree)?, self.degree.min(n))?
        };
        Some(total - usize::from(!self.include_bias))
    }

    /// The monomials as sorted index tuples, in output column order (`powers_` of
    /// scikit-learn, written as indices: `[0, 0]` is `x0^2`).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for degree 0, or when the number of output features
    /// overflows (e.g. degree `usize::MAX`) or could not be allocated.
    pub fn combinations(&self, n_features: usize) -> Result<Vec<Vec<usize>>> {
        if self.degree == 0 {
            return Err(invalid(
                "PolynomialFeatures",
                "degree",
                0,
                "must be at least 1",
            ));
        }
        // The number of monomials, checked before building them: C(n + d, d) (or
        // sum_k C(n, k) for k <= d with interaction_only), which overflows quickly.
        let max_degree = if self.interaction_only {
            self.degree.min(n_features)
        } else {
            self.degree
        };
        let count = self.output_count(n_features);
        match count {
            Some(c) => {
                check_alloc::<usize>("PolynomialFeatures", "degree", &[c, max_degree.max(1)])?
            }
            None => {
                return Err(invalid(
                    "PolynomialFeatures",
                    "degree",
                    self.degree,
                    format!(
                        "the number of output features for {n_features} input features overflows"
                    ),
                ));
            }
        }
        let mut out = Vec::new();
        if self.include_bias {
            out.push(Vec::new());
        }
        let mut level: Vec<Vec<usize>> = vec![Vec::new()];
        for _ in 1..=max_degree {
            let mut next = Vec::new();
            for c in &level {
                let start = match c.last() {
                    None => 0,
                    Some(&l) if self.interaction_only => l + 1,
                    Some(&l) => l,
                };
                for j in start..n_features {
                    let mut d = c.clone();
                    d.push(j);
                    next.push(d);
                }
            }
            out.extend(next.iter().cloned());
            level = next;
        }
        Ok(out)
    }

    /// The expanded features, `(n, n_output_features)`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for degree 0, [`Error::Empty`] for no columns.
    pub fn transform<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        if x.ncols() == 0 {
            return Err(empty("PolynomialFeatures::transform", "x has no columns"));
        }
        let combos = self.combinations(x.ncols())?;
        check_alloc::<f64>(
            "PolynomialFeatures::transform",
            "degree",
            &[x.nrows(), combos.len()],
        )?;
        let mut out = Array2::zeros((x.nrows(), combos.len()));
        for (mut o, row) in out.rows_mut().into_iter().zip(x.rows()) {
            for (k, c) in combos.iter().enumerate() {
                o[k] = c.iter().map(|&j| row[j]).product();
            }
        }
        Ok(out)
    }
}

/// `np.eye(n_classes)[y]`: one row per label with a single 1.
///
/// ```
/// use ndarray::array;
/// let y = applications::features::one_hot(&array![2, 0], 3)?;
/// assert_eq!(y, array![[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]);
/// # Ok::<(), applications::Error>(())
/// ```
///
/// # Errors
/// [`Error::LabelOutOfRange`] for a label `>= n_classes`; [`Error::InvalidParameter`] when
/// `(len(y), n_classes)` could not be allocated.
pub fn one_hot<S: Data<Elem = usize>>(
    y: &ArrayBase<S, Ix1>,
    n_classes: usize,
) -> Result<Array2<f64>> {
    check_alloc::<f64>("one_hot", "n_classes", &[y.len(), n_classes])?;
    let mut out = Array2::zeros((y.len(), n_classes));
    for (i, &label) in y.iter().enumerate() {
        if label >= n_classes {
            return Err(Error::LabelOutOfRange {
                op: "one_hot",
                label,
                n_classes,
            });
        }
        out[[i, label]] = 1.0;
    }
    Ok(out)
}

/// `sklearn.preprocessing.OneHotEncoder(sparse_output=False)` on numeric category codes:
/// each column's sorted distinct values become indicator columns, concatenated in column
/// order. Unknown categories at transform time are an error (`handle_unknown="error"`).
///
/// ```
/// use ndarray::array;
/// use applications::features::OneHotEncoder;
/// let x = array![[1.0, 10.0], [3.0, 10.0], [1.0, 20.0]];
/// let enc = OneHotEncoder::fit(&x)?;
/// assert_eq!(enc.categories()[0], vec![1.0, 3.0]);
/// assert_eq!(enc.transform(&x)?.row(1).to_vec(), vec![0.0, 1.0, 1.0, 0.0]);
/// # Ok::<(), applications::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct OneHotEncoder {
    categories: Vec<Vec<f64>>,
}

impl OneHotEncoder {
    /// Learns the categories of each column (`encoder.categories_`).
    ///
    /// # Errors
    /// [`Error::Empty`] for no rows, [`Error::NotFinite`] for NaN or infinite codes.
    pub fn fit<S: Data<Elem = f64>>(x: &ArrayBase<S, Ix2>) -> Result<Self> {
        if x.nrows() == 0 {
            return Err(empty("OneHotEncoder::fit", "no rows"));
        }
        check_finite("OneHotEncoder::fit", x)?;
        let categories = x
            .columns()
            .into_iter()
            .map(|c| {
                let mut v = c.to_vec();
                v.sort_by(f64::total_cmp);
                v.dedup();
                v
            })
            .collect();
        Ok(Self { categories })
    }

    /// The sorted categories of each column.
    pub fn categories(&self) -> &[Vec<f64>] {
        &self.categories
    }

    /// The indicator matrix, `(n, total number of categories)`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for a different number of columns,
    /// [`Error::InvalidParameter`] for a category not seen in `fit`.
    pub fn transform<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        const OP: &str = "OneHotEncoder::transform";
        if x.ncols() != self.categories.len() {
            return Err(mismatch(
                OP,
                x.shape(),
                &[self.categories.len()],
                "x has a different number of columns than the data seen in fit",
            ));
        }
        let width: usize = self.categories.iter().map(Vec::len).sum();
        let mut out = Array2::zeros((x.nrows(), width));
        for (i, row) in x.rows().into_iter().enumerate() {
            let mut offset = 0;
            for (j, cats) in self.categories.iter().enumerate() {
                let v = row[j];
                let k = cats
                    .binary_search_by(|c| c.total_cmp(&v))
                    .map_err(|_| invalid(OP, "x", v, format!("unknown category in column {j}")))?;
                out[[i, offset + k]] = 1.0;
                offset += cats.len();
            }
        }
        Ok(out)
    }
}

fn check_finite<S: Data<Elem = f64>, D: Dimension>(
    op: &'static str,
    x: &ArrayBase<S, D>,
) -> Result<()> {
    if let Some((idx, _)) = x.indexed_iter().find(|(_, v)| !v.is_finite()) {
        return Err(Error::NotFinite {
            op,
            index: idx.into_dimension().as_array_view().to_vec(),
            what: "values must be finite".into(),
        });
    }
    Ok(())
}

/// `np.digitize(x, bins)` for increasing `bins`: the index `i` with
/// `bins[i-1] <= x < bins[i]` (0 below the first edge, `len(bins)` from the last one on).
///
/// ```
/// use ndarray::array;
/// let b = applications::features::digitize(&array![0.5, 1.0, 2.5, 9.0], &[1.0, 2.0, 3.0])?;
/// assert_eq!(b, array![0, 1, 2, 3]);
/// # Ok::<(), applications::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] when `bins` is not increasing,
/// [`Error::NotFinite`] for NaN in `x`.
pub fn digitize<S: Data<Elem = f64>>(x: &ArrayBase<S, Ix1>, bins: &[f64]) -> Result<Array1<usize>> {
    if bins.windows(2).any(|w| w[0] >= w[1]) {
        return Err(invalid(
            "digitize",
            "bins",
            format!("{bins:?}"),
            "must be strictly increasing",
        ));
    }
    check_finite("digitize", x)?;
    Ok(x.mapv(|v| bins.partition_point(|&b| b <= v)))
}

/// `KBinsDiscretizer(n_bins, encode="ordinal", strategy="uniform")`: each column is cut
/// into `n_bins` equal-width bins between its training minimum and maximum; values outside
/// go to the first or last bin.
#[derive(Debug, Clone)]
pub struct KBinsUniform {
    edges: Vec<Vec<f64>>,
}

impl KBinsUniform {
    /// Learns the `n_bins + 1` edges of each column (`bin_edges_`).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for `n_bins < 2` or so many bins that the edges could not
    /// be allocated, [`Error::Empty`] for no rows, [`Error::NotFinite`] for NaN.
    pub fn fit<S: Data<Elem = f64>>(x: &ArrayBase<S, Ix2>, n_bins: usize) -> Result<Self> {
        if n_bins < 2 {
            return Err(invalid(
                "KBinsUniform::fit",
                "n_bins",
                n_bins,
                "must be at least 2",
            ));
        }
        if x.nrows() == 0 {
            return Err(empty("KBinsUniform::fit", "no rows"));
        }
        check_alloc::<f64>(
            "KBinsUniform::fit",
            "n_bins",
            &[x.ncols(), n_bins.saturating_add(1)],
        )?;
        check_finite("KBinsUniform::fit", x)?;
        let edges = x
            .columns()
            .into_iter()
            .map(|c| {
                let lo = c.fold(f64::INFINITY, |a, &b| a.min(b));
                let hi = c.fold(f64::NEG_INFINITY, |a, &b| a.max(b));
                (0..=n_bins)
                    .map(|k| lo + (hi - lo) * k as f64 / n_bins as f64)
                    .collect()
            })
            .collect();
        Ok(Self { edges })
    }

    /// The bin edges of each column.
    pub fn bin_edges(&self) -> &[Vec<f64>] {
        &self.edges
    }

    /// The bin index of each value, as `f64` like scikit-learn's ordinal encoding.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for a different number of columns, [`Error::NotFinite`] for NaN.
    pub fn transform<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        if x.ncols() != self.edges.len() {
            return Err(mismatch(
                "KBinsUniform::transform",
                x.shape(),
                &[self.edges.len()],
                "x has a different number of columns than the data seen in fit",
            ));
        }
        check_finite("KBinsUniform::transform", x)?;
        let mut out = Array2::zeros(x.raw_dim());
        for (j, e) in self.edges.iter().enumerate() {
            let inner = &e[1..e.len() - 1];
            for i in 0..x.nrows() {
                out[[i, j]] = inner.partition_point(|&b| b <= x[[i, j]]) as f64;
            }
        }
        Ok(out)
    }
}
