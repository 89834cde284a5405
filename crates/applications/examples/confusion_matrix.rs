//! Confusion matrices and per-class precision, recall and F1 for chapter-4 classifiers:
//! logistic regression on Iris, an MLP on MNIST; heatmaps as PNG.
//!
//! scikit-learn:
//! ```python
//! pred = LogisticRegression(C=1.0).fit(X, y).predict(X)
//! print(confusion_matrix(y, pred))
//! print(classification_report(y, pred, digits=4))
//! ConfusionMatrixDisplay(confusion_matrix(y, pred)).plot(); plt.savefig(...)
//! ```
//!
//! Run: `cargo run --release -p applications --example confusion_matrix`

mod common;

use algorithms::logistic_regression::LogisticRegression;
use algorithms::nn::{Activation, Mlp, Optimizer};
use applications::metrics::{
    Average, Scores, ZeroDivision, accuracy, confusion_matrix, precision_recall_fscore,
};
use applications::plots::{ChartOptions, heatmap};
use common::{digit_names, figure, mnist_or_skip, or_exit};
use ndarray::{Array1, Array2};

fn report(
    names: &[String],
    y: &Array1<usize>,
    pred: &Array1<usize>,
) -> (Array2<usize>, Scores, Scores) {
    let k = names.len();
    let cm = or_exit(confusion_matrix(y, pred, k));
    println!("confusion matrix (rows: true, columns: predicted)\n{cm}");
    let s = or_exit(precision_recall_fscore(
        y,
        pred,
        k,
        Average::None,
        ZeroDivision::Warn,
    ));
    println!(
        "{:>12} {:>9} {:>9} {:>9} {:>8}",
        "class", "precision", "recall", "f1", "support"
    );
    for (c, name) in names.iter().enumerate() {
        println!(
            "{:>12} {:>9.4} {:>9.4} {:>9.4} {:>8}",
            name, s.precision[c], s.recall[c], s.f1[c], s.support[c]
        );
    }
    let m = or_exit(precision_recall_fscore(
        y,
        pred,
        k,
        Average::Macro,
        ZeroDivision::Warn,
    ));
    let w = or_exit(precision_recall_fscore(
        y,
        pred,
        k,
        Average::Weighted,
        ZeroDivision::Warn,
    ));
    println!(
        "{:>12} {:>9.4} {:>9.4} {:>9.4}",
        "macro avg", m.precision[0], m.recall[0], m.f1[0]
    );
    println!(
        "{:>12} {:>9.4} {:>9.4} {:>9.4}",
        "weighted avg", w.precision[0], w.recall[0], w.f1[0]
    );
    println!("accuracy {:.4}\n", or_exit(accuracy(y, pred)));
    (cm, s, m)
}

fn main() {
    println!("== Iris, multinomial logistic regression (C = 1), training set ==");
    let iris = datasets::iris::load();
    let model = or_exit(
        LogisticRegression::params()
            .c(1.0)
            .max_iter(20_000)
            .fit(&iris.data, &iris.target),
    );
    let pred = or_exit(model.predict(&iris.data));
    let names: Vec<String> = datasets::iris::TARGET_NAMES
        .iter()
        .map(|s| s.to_string())
        .collect();
    let (cm, _, m) = report(&names, &iris.target, &pred);
    let p = or_exit(heatmap(
        &figure("confusion_iris.png"),
        &cm,
        &names,
        &ChartOptions::new("Iris, logistic regression (C = 1)", "predicted", "true").size(640, 600),
    ));
    println!("figure: {}", p.display());
    println!(
        "result: iris_confusion = {:?}",
        cm.outer_iter().map(|r| r.to_vec()).collect::<Vec<_>>()
    );
    println!("result: iris_macro_f1 = {:.4}", m.f1[0]);

    let Some((train, test)) = mnist_or_skip() else {
        return;
    };
    println!("\n== MNIST, MLP 784-128-10 (3 epochs), test set ==");
    let (x, y) = (train.features_f32(), train.labels_usize());
    let (xt, yt) = (test.features_f32(), test.labels_usize());
    let mlp = or_exit(
        Mlp::params(&[784, 128, 10])
            .activation(Activation::Relu)
            .optimizer(Optimizer::adam(1e-3))
            .epochs(3)
            .seed(0)
            .fit(&x, &y),
    );
    let pred = or_exit(mlp.predict(&xt));
    let (cm, s, m) = report(&digit_names(), &yt, &pred);
    let p = or_exit(heatmap(
        &figure("confusion_mnist.png"),
        &cm,
        &digit_names(),
        &ChartOptions::new("MNIST test set, MLP 784-128-10", "predicted", "true").size(820, 800),
    ));
    println!("figure: {}", p.display());
    let worst = (0..10)
        .min_by(|&a, &b| s.f1[a].total_cmp(&s.f1[b]))
        .unwrap_or(0);
    println!("result: mnist_macro_f1 = {:.4}", m.f1[0]);
    println!(
        "result: mnist_worst_class = {worst} (f1 {:.4})",
        s.f1[worst]
    );
}
