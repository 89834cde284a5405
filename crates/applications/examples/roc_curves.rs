//! ROC and precision-recall curves for a binary task on MNIST, digit 0 against the rest,
//! with AUC and average precision, for a logistic regression on all pixels and a weaker
//! model on only the first two principal components; one PNG per curve type.
//!
//! scikit-learn:
//! ```python
//! y_bin = (y == 0)
//! score = LogisticRegression().fit(X, y_bin).decision_function(X_test)
//! fpr, tpr, thr = roc_curve(y_test == 0, score); roc_auc_score(y_test == 0, score)
//! prec, rec, thr = precision_recall_curve(y_test == 0, score); average_precision_score(...)
//! ```
//!
//! Run: `cargo run --release -p applications --example roc_curves`

mod common;

use algorithms::logistic_regression::LogisticRegression;
use algorithms::pca::Pca;
use applications::metrics::{
    average_precision_score, precision_recall_curve, roc_auc_score, roc_curve,
};
use applications::plots::{ChartOptions, Series, line_chart};
use common::{figure, mnist_or_skip, or_exit};
use ndarray::{Array1, Array2, s};

/// Scores of "is a zero" on the test set: the logit of the binary (sigmoid) model, as
/// scikit-learn's `decision_function`.
fn zero_scores(x: &Array2<f32>, y: &Array1<usize>, xt: &Array2<f32>) -> Array1<f64> {
    let m = or_exit(
        LogisticRegression::params()
            .learning_rate(0.5)
            .max_iter(3)
            .batch_size(Some(128))
            .seed(0)
            .fit(x, y),
    );
    let z = or_exit(m.decision_function(xt));
    z.column(0).mapv(f64::from)
}

fn main() {
    let Some((train, test)) = mnist_or_skip() else {
        return;
    };
    let (x, xt) = (train.features_f32(), test.features_f32());
    let y = train.labels_usize().mapv(|d| usize::from(d == 0));
    let yt: Array1<bool> = test.labels_usize().mapv(|d| d == 0);
    println!(
        "digit 0 vs rest: {} positives of {} test images",
        yt.iter().filter(|&&b| b).count(),
        yt.len()
    );

    let pca = or_exit(Pca::params(2).fit(&x));
    let (p2, pt2) = (or_exit(pca.transform(&x)), or_exit(pca.transform(&xt)));
    let sd = p2.std_axis(ndarray::Axis(0), 0.0);
    let models = [
        ("logistic regression, 784 pixels", zero_scores(&x, &y, &xt)),
        (
            "logistic regression, 2 PCA components",
            zero_scores(&(&p2 / &sd), &y, &(&pt2 / &sd)),
        ),
    ];

    let mut roc = Vec::new();
    let mut pr = Vec::new();
    for (name, score) in &models {
        let (fpr, tpr, thr) = or_exit(roc_curve(&yt, score, true));
        let auc = or_exit(roc_auc_score(&yt, score));
        let (p, r, _) = or_exit(precision_recall_curve(&yt, score));
        let ap = or_exit(average_precision_score(&yt, score));
        println!(
            "{name}: ROC AUC {auc:.4}, average precision {ap:.4}, {} ROC points (of {} thresholds before dropping)",
            fpr.len(),
            or_exit(roc_curve(&yt, score, false)).0.len()
        );
        println!("  first thresholds {:?}", thr.slice(s![..3]).to_vec());
        roc.push(or_exit(Series::from_xy(
            &format!("{name} (AUC {auc:.4})"),
            &fpr,
            &tpr,
        )));
        pr.push(or_exit(Series::from_xy(
            &format!("{name} (AP {ap:.4})"),
            &r,
            &p,
        )));
        let key = if name.contains("784") {
            "pixels"
        } else {
            "pca2"
        };
        println!("result: roc_auc_{key} = {auc:.4}");
        println!("result: average_precision_{key} = {ap:.4}");
    }
    let f1 = or_exit(line_chart(
        &figure("roc_zero_vs_rest.png"),
        &roc,
        &ChartOptions::new(
            "ROC: digit 0 vs rest (MNIST test set)",
            "false positive rate",
            "true positive rate",
        )
        .diagonal(true),
    ));
    let f2 = or_exit(line_chart(
        &figure("pr_zero_vs_rest.png"),
        &pr,
        &ChartOptions::new("Precision-recall: digit 0 vs rest", "recall", "precision"),
    ));
    println!("figures: {}, {}", f1.display(), f2.display());
}
