//! # 5.8 Evaluation metrics, with scikit-learn's semantics
//!
//! | scikit-learn (`sklearn.metrics`) | Rust (`use applications::metrics::*;`) |
//! |---|---|
//! | `accuracy_score(y, p)` | [`accuracy(&y, &p)?`](accuracy) |
//! | `confusion_matrix(y, p, labels=range(k))` | [`confusion_matrix(&y, &p, k)?`](confusion_matrix) (rows: true class) |
//! | `precision_recall_fscore_support(y, p, labels=range(k), average=None)` | [`precision_recall_fscore(&y, &p, k, Average::None, ZeroDivision::Warn)?`](precision_recall_fscore) |
//! | `average="binary"` / `"macro"` / `"micro"` / `"weighted"` | `Average::Binary(pos)`, `Average::Macro`, `Average::Micro`, `Average::Weighted` |
//! | `precision_score`, `recall_score`, `f1_score` | fields `.precision`, `.recall`, `.f1` of the result |
//! | `roc_curve(y, s)` (`drop_intermediate=True`) | [`roc_curve(&y, &s, true)?`](roc_curve) -> `(fpr, tpr, thresholds)` |
//! | `roc_auc_score(y, s)` | [`roc_auc_score(&y, &s)?`](roc_auc_score) |
//! | `precision_recall_curve(y, s)` | [`precision_recall_curve(&y, &s)?`](precision_recall_curve) |
//! | `average_precision_score(y, s)` | [`average_precision_score(&y, &s)?`](average_precision_score) |
//! | `auc(x, y)` (trapezoids) | [`auc(&x, &y)?`](auc) |
//! | `mean_squared_error`, `mean_absolute_error`, `root_mean_squared_error`, `r2_score` | [`mean_squared_error`], [`mean_absolute_error`], [`root_mean_squared_error`], [`r2_score`] |
//!
//! ## Precision, recall, F1 and the cases where they are undefined
//! For class `c`: `precision = tp / (tp + fp)` (of the samples predicted `c`, how many are
//! `c`), `recall = tp / (tp + fn)` (of the samples that are `c`, how many were found),
//! `F1 = 2 tp / (2 tp + fp + fn)`, the harmonic mean of the two. **Macro** averages the
//! per-class values (every class counts the same), **weighted** weights them by support
//! (the number of true samples), **micro** pools `tp`, `fp`, `fn` over classes first (for
//! single-label problems micro P = R = F1 = accuracy).
//!
//! When a denominator is 0 (no sample predicted as `c`: precision; no true sample of `c`:
//! recall; neither: F1) the value is undefined, and scikit-learn replaces it by its
//! `zero_division` argument. [`ZeroDivision`] does the same: `Warn` (the default) and
//! `Zero` give 0.0, `One` gives 1.0, `Nan` gives NaN, which macro averaging then ignores
//! (`np.nanmean`). Where scikit-learn would warn, [`Scores::undefined`] lists the classes
//! whose values were replaced, so you can see it too.
//!
//! ```
//! use ndarray::array;
//! use applications::metrics::*;
//! let y = array![0, 0, 1, 1, 2];
//! let p = array![0, 1, 1, 1, 0];          // class 2 is never predicted
//! let s = precision_recall_fscore(&y, &p, 3, Average::None, ZeroDivision::Warn)?;
//! assert_eq!(s.precision.to_vec(), vec![0.5, 2.0 / 3.0, 0.0]);   // 0/0 -> 0.0 for class 2
//! assert_eq!(s.recall.to_vec(), vec![0.5, 1.0, 0.0]);
//! assert_eq!(s.undefined, vec![(Metric::Precision, 2)]);
//! let macro_ = precision_recall_fscore(&y, &p, 3, Average::Macro, ZeroDivision::Nan)?;
//! assert!((macro_.precision[0] - (0.5 + 2.0 / 3.0) / 2.0).abs() < 1e-15); // NaN ignored
//! # Ok::<(), applications::Error>(())
//! ```
//!
//! ## ROC and precision-recall curves
//! A scorer outputs a real score per sample; each threshold `t` turns it into predictions
//! `score >= t`. Sorting the scores once (descending, `O(n log n)`) gives, at every distinct
//! score, the cumulative true and false positives; the ROC curve is
//! `(fpr, tpr) = (fp / n_neg, tp / n_pos)` over those thresholds, starting at `(0, 0)` with
//! threshold `+inf` (scikit-learn >= 1.3). With `drop_intermediate`, points in the middle
//! of a straight segment are removed, exactly as scikit-learn does (where the second
//! difference of both `fp` and `tp` is zero); the area is unchanged. AUC is the area by
//! trapezoids, equal to the probability that a random positive scores above a random
//! negative. The PR curve is `(precision, recall)` at the same thresholds, listed by
//! increasing threshold and ended by the point `(1, 0)`; its summary, average precision,
//! is `AP = sum_k (R_k - R_{k-1}) P_k` (a step sum, not trapezoids, as scikit-learn).
//!
//! ```
//! use ndarray::array;
//! use applications::metrics::{roc_curve, roc_auc_score};
//! let y = array![false, false, true, true];
//! let s = array![0.1, 0.4, 0.35, 0.8];
//! let (fpr, tpr, thr) = roc_curve(&y, &s, true)?;
//! assert_eq!(fpr.to_vec(), vec![0.0, 0.0, 0.5, 0.5, 1.0]);
//! assert_eq!(tpr.to_vec(), vec![0.0, 0.5, 0.5, 1.0, 1.0]);
//! assert_eq!(thr.to_vec(), vec![f64::INFINITY, 0.8, 0.4, 0.35, 0.1]);
//! assert_eq!(roc_auc_score(&y, &s)?, 0.75);
//! # Ok::<(), applications::Error>(())
//! ```

use ndarray::{Array1, Array2, ArrayBase, Data, Ix1};

use crate::error::{Error, Result, check_alloc, empty, invalid, mismatch};

fn same_len<A, B, S1: Data<Elem = A>, S2: Data<Elem = B>>(
    op: &'static str,
    a: &ArrayBase<S1, Ix1>,
    b: &ArrayBase<S2, Ix1>,
) -> Result<()> {
    if a.len() != b.len() {
        return Err(mismatch(
            op,
            a.shape(),
            b.shape(),
            "y_true and y_pred/y_score must have the same length",
        ));
    }
    if a.is_empty() {
        return Err(empty(op, "no samples"));
    }
    Ok(())
}

fn check_finite<S: Data<Elem = f64>>(op: &'static str, x: &ArrayBase<S, Ix1>) -> Result<()> {
    if let Some(i) = x.iter().position(|v| !v.is_finite()) {
        return Err(Error::NotFinite {
            op,
            index: vec![i],
            what: "scores and values must be finite".into(),
        });
    }
    Ok(())
}

/// `accuracy_score(y_true, y_pred)`: the fraction of exact matches.
///
/// # Errors
/// [`Error::ShapeMismatch`] for different lengths, [`Error::Empty`] for none.
pub fn accuracy<S1: Data<Elem = usize>, S2: Data<Elem = usize>>(
    y_true: &ArrayBase<S1, Ix1>,
    y_pred: &ArrayBase<S2, Ix1>,
) -> Result<f64> {
    same_len("accuracy", y_true, y_pred)?;
    let hits = y_true.iter().zip(y_pred).filter(|(a, b)| a == b).count();
    Ok(hits as f64 / y_true.len() as f64)
}

/// `confusion_matrix(y_true, y_pred, labels=range(n_classes))`: entry `[i, j]` counts the
/// samples of true class `i` predicted as `j`. `O(n + k^2)`.
///
/// # Errors
/// As [`accuracy`], plus [`Error::LabelOutOfRange`], and [`Error::InvalidParameter`] when
/// `n_classes^2` counts could not be allocated.
pub fn confusion_matrix<S1: Data<Elem = usize>, S2: Data<Elem = usize>>(
    y_true: &ArrayBase<S1, Ix1>,
    y_pred: &ArrayBase<S2, Ix1>,
    n_classes: usize,
) -> Result<Array2<usize>> {
    same_len("confusion_matrix", y_true, y_pred)?;
    check_alloc::<usize>("confusion_matrix", "n_classes", &[n_classes, n_classes])?;
    let mut m = Array2::zeros((n_classes, n_classes));
    for (&t, &p) in y_true.iter().zip(y_pred) {
        if t.max(p) >= n_classes {
            return Err(Error::LabelOutOfRange {
                op: "confusion_matrix",
                label: t.max(p),
                n_classes,
            });
        }
        m[[t, p]] += 1;
    }
    Ok(m)
}

/// How per-class scores are combined (scikit-learn's `average`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Average {
    /// One value per class (`average=None`).
    None,
    /// The scores of one positive class (`average="binary", pos_label=c`).
    Binary(usize),
    /// Unweighted mean over classes.
    Macro,
    /// Scores of the pooled counts.
    Micro,
    /// Mean weighted by support.
    Weighted,
}

/// What an undefined ratio (`0 / 0`) becomes (scikit-learn's `zero_division`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZeroDivision {
    /// 0.0, and the class is listed in [`Scores::undefined`] (scikit-learn warns).
    Warn,
    /// 0.0.
    Zero,
    /// 1.0.
    One,
    /// NaN; macro averages then skip it.
    Nan,
}

impl ZeroDivision {
    fn value(self) -> f64 {
        match self {
            ZeroDivision::Warn | ZeroDivision::Zero => 0.0,
            ZeroDivision::One => 1.0,
            ZeroDivision::Nan => f64::NAN,
        }
    }
}

/// Which metric was undefined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// No sample predicted as the class.
    Precision,
    /// No true sample of the class.
    Recall,
    /// Neither.
    F1,
}

/// Precision, recall, F1 and support, per class (`Average::None`) or one value each.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// Precision, one per class or one in total.
    pub precision: Array1<f64>,
    /// Recall.
    pub recall: Array1<f64>,
    /// F1.
    pub f1: Array1<f64>,
    /// Number of true samples of each class (per class), or in total.
    pub support: Array1<usize>,
    /// `(metric, class)` pairs whose value was `0 / 0` and replaced by `zero_division`
    /// (the cases where scikit-learn emits `UndefinedMetricWarning`).
    pub undefined: Vec<(Metric, usize)>,
}

fn ratio(
    num: f64,
    den: f64,
    zd: ZeroDivision,
    undefined: &mut Vec<(Metric, usize)>,
    m: Metric,
    c: usize,
) -> f64 {
    if den == 0.0 {
        undefined.push((m, c));
        zd.value()
    } else {
        num / den
    }
}

fn nanmean(v: &[f64]) -> f64 {
    let ok: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
    if ok.is_empty() {
        f64::NAN
    } else {
        ok.iter().sum::<f64>() / ok.len() as f64
    }
}

/// `precision_recall_fscore_support(y_true, y_pred, labels=range(n_classes), average=...,
/// zero_division=...)`.
///
/// # Errors
/// As [`confusion_matrix`], plus [`Error::InvalidParameter`] for `Binary(c)` with
/// `c >= n_classes`.
pub fn precision_recall_fscore<S1: Data<Elem = usize>, S2: Data<Elem = usize>>(
    y_true: &ArrayBase<S1, Ix1>,
    y_pred: &ArrayBase<S2, Ix1>,
    n_classes: usize,
    average: Average,
    zero_division: ZeroDivision,
) -> Result<Scores> {
    let cm = confusion_matrix(y_true, y_pred, n_classes)?;
    let tp: Vec<f64> = (0..n_classes).map(|c| cm[[c, c]] as f64).collect();
    let pred: Vec<f64> = (0..n_classes).map(|c| cm.column(c).sum() as f64).collect();
    let truth: Vec<usize> = (0..n_classes).map(|c| cm.row(c).sum()).collect();
    let mut undefined = Vec::new();
    let per_class = |tp: f64, pred: f64, truth: f64, c: usize, u: &mut Vec<(Metric, usize)>| {
        let p = ratio(tp, pred, zero_division, u, Metric::Precision, c);
        let r = ratio(tp, truth, zero_division, u, Metric::Recall, c);
        let f = ratio(2.0 * tp, pred + truth, zero_division, u, Metric::F1, c);
        (p, r, f)
    };
    let one = |p: f64, r: f64, f: f64, s: usize, undefined| Scores {
        precision: Array1::from(vec![p]),
        recall: Array1::from(vec![r]),
        f1: Array1::from(vec![f]),
        support: Array1::from(vec![s]),
        undefined,
    };
    match average {
        Average::Micro => {
            let (t, p, s) = (
                tp.iter().sum::<f64>(),
                pred.iter().sum::<f64>(),
                truth.iter().sum::<usize>(),
            );
            let (pr, rc, f) = per_class(t, p, s as f64, 0, &mut undefined);
            return Ok(one(pr, rc, f, s, undefined));
        }
        Average::Binary(c) => {
            if c >= n_classes {
                return Err(invalid(
                    "precision_recall_fscore",
                    "pos_label",
                    c,
                    format!("must be < n_classes = {n_classes}"),
                ));
            }
            let (pr, rc, f) = per_class(tp[c], pred[c], truth[c] as f64, c, &mut undefined);
            return Ok(one(pr, rc, f, truth[c], undefined));
        }
        _ => {}
    }
    let mut p = Vec::new();
    let mut r = Vec::new();
    let mut f = Vec::new();
    for c in 0..n_classes {
        let (a, b, d) = per_class(tp[c], pred[c], truth[c] as f64, c, &mut undefined);
        p.push(a);
        r.push(b);
        f.push(d);
    }
    match average {
        Average::None => Ok(Scores {
            precision: Array1::from(p),
            recall: Array1::from(r),
            f1: Array1::from(f),
            support: Array1::from(truth),
            undefined,
        }),
        Average::Macro => Ok(one(
            nanmean(&p),
            nanmean(&r),
            nanmean(&f),
            truth.iter().sum(),
            undefined,
        )),
        _ => {
            // weighted by support; all-zero support gives zero_division's value
            let total: usize = truth.iter().sum();
            // np.average over the non-NaN entries (scikit-learn's _nanaverage)
            let w = |v: &[f64]| {
                if total == 0 {
                    return zero_division.value();
                }
                let (num, den) = v
                    .iter()
                    .zip(&truth)
                    .filter(|(x, _)| !x.is_nan())
                    .fold((0.0, 0.0), |(a, b), (x, &s)| {
                        (a + x * s as f64, b + s as f64)
                    });
                num / den
            };
            Ok(one(w(&p), w(&r), w(&f), total, undefined))
        }
    }
}

/// Cumulative false and true positives at each distinct score, scores sorted descending
/// (scikit-learn's `_binary_clf_curve`): `(fps, tps, thresholds)`.
fn binary_clf_curve<S1: Data<Elem = bool>, S2: Data<Elem = f64>>(
    op: &'static str,
    y_true: &ArrayBase<S1, Ix1>,
    y_score: &ArrayBase<S2, Ix1>,
) -> Result<(Vec<f64>, Vec<f64>, Vec<f64>)> {
    same_len(op, y_true, y_score)?;
    check_finite(op, y_score)?;
    let mut order: Vec<usize> = (0..y_score.len()).collect();
    // stable sort, descending by score
    order.sort_by(|&a, &b| y_score[b].total_cmp(&y_score[a]));
    let (mut fps, mut tps, mut thr) = (Vec::new(), Vec::new(), Vec::new());
    let (mut tp, mut fp) = (0.0, 0.0);
    for (k, &i) in order.iter().enumerate() {
        if y_true[i] {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        let last = k + 1 == order.len() || y_score[order[k + 1]] != y_score[i];
        if last {
            fps.push(fp);
            tps.push(tp);
            thr.push(y_score[i]);
        }
    }
    Ok((fps, tps, thr))
}

/// `roc_curve(y_true, y_score, drop_intermediate=...)`: false positive rates, true
/// positive rates and the decreasing thresholds (the first is `+inf`).
///
/// # Errors
/// [`Error::ShapeMismatch`], [`Error::Empty`], [`Error::NotFinite`] for NaN scores,
/// [`Error::Undefined`] when `y_true` has only positives or only negatives (scikit-learn
/// warns and returns NaN rates).
pub fn roc_curve<S1: Data<Elem = bool>, S2: Data<Elem = f64>>(
    y_true: &ArrayBase<S1, Ix1>,
    y_score: &ArrayBase<S2, Ix1>,
    drop_intermediate: bool,
) -> Result<(Array1<f64>, Array1<f64>, Array1<f64>)> {
    let (mut fps, mut tps, mut thr) = binary_clf_curve("roc_curve", y_true, y_score)?;
    let (n_neg, n_pos) = (
        *fps.last().expect("non-empty"),
        *tps.last().expect("non-empty"),
    );
    if n_neg == 0.0 || n_pos == 0.0 {
        return Err(Error::Undefined {
            op: "roc_curve",
            reason: "y_true must contain both positives and negatives".into(),
        });
    }
    if drop_intermediate && fps.len() > 2 {
        // keep the ends and every point where the slope changes (np.diff(., 2) != 0)
        let keep: Vec<usize> = (0..fps.len())
            .filter(|&i| {
                i == 0
                    || i + 1 == fps.len()
                    || fps[i + 1] - 2.0 * fps[i] + fps[i - 1] != 0.0
                    || tps[i + 1] - 2.0 * tps[i] + tps[i - 1] != 0.0
            })
            .collect();
        fps = keep.iter().map(|&i| fps[i]).collect();
        tps = keep.iter().map(|&i| tps[i]).collect();
        thr = keep.iter().map(|&i| thr[i]).collect();
    }
    let fpr = std::iter::once(0.0)
        .chain(fps.iter().map(|f| f / n_neg))
        .collect();
    let tpr = std::iter::once(0.0)
        .chain(tps.iter().map(|t| t / n_pos))
        .collect();
    let thresholds = std::iter::once(f64::INFINITY).chain(thr).collect();
    Ok((fpr, tpr, thresholds))
}

/// Area under a curve by the trapezoidal rule (`sklearn.metrics.auc`, `np.trapezoid`);
/// `x` must be monotonic (increasing or decreasing).
///
/// # Errors
/// [`Error::ShapeMismatch`], [`Error::Empty`] for fewer than 2 points,
/// [`Error::InvalidParameter`] for a non-monotonic `x`.
pub fn auc<S1: Data<Elem = f64>, S2: Data<Elem = f64>>(
    x: &ArrayBase<S1, Ix1>,
    y: &ArrayBase<S2, Ix1>,
) -> Result<f64> {
    same_len("auc", x, y)?;
    if x.len() < 2 {
        return Err(empty("auc", "at least 2 points are needed"));
    }
    let dx: Vec<f64> = x.windows(2).into_iter().map(|w| w[1] - w[0]).collect();
    let direction = if dx.iter().all(|&d| d >= 0.0) {
        1.0
    } else if dx.iter().all(|&d| d <= 0.0) {
        -1.0
    } else {
        return Err(invalid(
            "auc",
            "x",
            "(not monotonic)",
            "must be increasing or decreasing",
        ));
    };
    let area: f64 = dx
        .iter()
        .enumerate()
        .map(|(i, d)| d * (y[i] + y[i + 1]) / 2.0)
        .sum();
    Ok(direction * area)
}

/// `roc_auc_score(y_true, y_score)` for a binary task: the area under [`roc_curve`].
///
/// # Errors
/// As [`roc_curve`].
pub fn roc_auc_score<S1: Data<Elem = bool>, S2: Data<Elem = f64>>(
    y_true: &ArrayBase<S1, Ix1>,
    y_score: &ArrayBase<S2, Ix1>,
) -> Result<f64> {
    let (fpr, tpr, _) = roc_curve(y_true, y_score, true)?;
    auc(&fpr, &tpr)
}

/// `precision_recall_curve(y_true, y_score)`: precision and recall for increasing
/// thresholds, ending with the point `(precision 1, recall 0)` that has no threshold, so
/// `precision` and `recall` have one entry more than `thresholds`. Precision at a threshold
/// with no predicted positive is 0 (never reached, since thresholds are observed scores).
///
/// # Errors
/// [`Error::ShapeMismatch`], [`Error::Empty`], [`Error::NotFinite`],
/// [`Error::Undefined`] when `y_true` has no positive (recall is `0 / 0`).
pub fn precision_recall_curve<S1: Data<Elem = bool>, S2: Data<Elem = f64>>(
    y_true: &ArrayBase<S1, Ix1>,
    y_score: &ArrayBase<S2, Ix1>,
) -> Result<(Array1<f64>, Array1<f64>, Array1<f64>)> {
    let (fps, tps, thr) = binary_clf_curve("precision_recall_curve", y_true, y_score)?;
    let n_pos = *tps.last().expect("non-empty");
    if n_pos == 0.0 {
        return Err(Error::Undefined {
            op: "precision_recall_curve",
            reason: "y_true has no positive sample, recall is 0 / 0".into(),
        });
    }
    let precision: Vec<f64> = tps
        .iter()
        .zip(&fps)
        .map(|(&t, &f)| if t + f > 0.0 { t / (t + f) } else { 0.0 })
        .rev()
        .chain(std::iter::once(1.0))
        .collect();
    let recall: Vec<f64> = tps
        .iter()
        .map(|&t| t / n_pos)
        .rev()
        .chain(std::iter::once(0.0))
        .collect();
    let thresholds: Vec<f64> = thr.into_iter().rev().collect();
    Ok((precision.into(), recall.into(), thresholds.into()))
}

/// `average_precision_score(y_true, y_score)`: `sum_k (R_k - R_{k-1}) P_k` over the
/// [`precision_recall_curve`] points.
///
/// # Errors
/// As [`precision_recall_curve`].
pub fn average_precision_score<S1: Data<Elem = bool>, S2: Data<Elem = f64>>(
    y_true: &ArrayBase<S1, Ix1>,
    y_score: &ArrayBase<S2, Ix1>,
) -> Result<f64> {
    let (p, r, _) = precision_recall_curve(y_true, y_score)?;
    Ok(-(0..r.len() - 1)
        .map(|k| (r[k + 1] - r[k]) * p[k])
        .sum::<f64>())
}

fn regression_check<S1: Data<Elem = f64>, S2: Data<Elem = f64>>(
    op: &'static str,
    y: &ArrayBase<S1, Ix1>,
    p: &ArrayBase<S2, Ix1>,
) -> Result<()> {
    same_len(op, y, p)?;
    check_finite(op, y)?;
    check_finite(op, p)
}

/// `mean_squared_error(y_true, y_pred)`: `mean((y - p)^2)`.
///
/// # Errors
/// [`Error::ShapeMismatch`], [`Error::Empty`], [`Error::NotFinite`].
pub fn mean_squared_error<S1: Data<Elem = f64>, S2: Data<Elem = f64>>(
    y: &ArrayBase<S1, Ix1>,
    p: &ArrayBase<S2, Ix1>,
) -> Result<f64> {
    regression_check("mean_squared_error", y, p)?;
    Ok(y.iter().zip(p).map(|(a, b)| (a - b).powi(2)).sum::<f64>() / y.len() as f64)
}

/// `root_mean_squared_error(y_true, y_pred)`: `sqrt(MSE)`, in the units of `y`.
///
/// # Errors
/// As [`mean_squared_error`].
pub fn root_mean_squared_error<S1: Data<Elem = f64>, S2: Data<Elem = f64>>(
    y: &ArrayBase<S1, Ix1>,
    p: &ArrayBase<S2, Ix1>,
) -> Result<f64> {
    mean_squared_error(y, p).map(f64::sqrt)
}

/// `mean_absolute_error(y_true, y_pred)`: `mean(|y - p|)`, less sensitive to outliers.
///
/// # Errors
/// As [`mean_squared_error`].
pub fn mean_absolute_error<S1: Data<Elem = f64>, S2: Data<Elem = f64>>(
    y: &ArrayBase<S1, Ix1>,
    p: &ArrayBase<S2, Ix1>,
) -> Result<f64> {
    regression_check("mean_absolute_error", y, p)?;
    Ok(y.iter().zip(p).map(|(a, b)| (a - b).abs()).sum::<f64>() / y.len() as f64)
}

/// `r2_score(y_true, y_pred)`: `1 - SS_res / SS_tot`. For a constant `y_true` (`SS_tot = 0`)
/// it is 1.0 for a perfect prediction and 0.0 otherwise, as scikit-learn with
/// `force_finite=True`.
///
/// # Errors
/// As [`mean_squared_error`].
pub fn r2_score<S1: Data<Elem = f64>, S2: Data<Elem = f64>>(
    y: &ArrayBase<S1, Ix1>,
    p: &ArrayBase<S2, Ix1>,
) -> Result<f64> {
    regression_check("r2_score", y, p)?;
    let mean = y.sum() / y.len() as f64;
    let ss_res: f64 = y.iter().zip(p).map(|(a, b)| (a - b).powi(2)).sum();
    let ss_tot: f64 = y.iter().map(|a| (a - mean).powi(2)).sum();
    Ok(if ss_tot == 0.0 {
        if ss_res == 0.0 { 1.0 } else { 0.0 }
    } else {
        1.0 - ss_res / ss_tot
    })
}
