//! Softmax regression on MNIST by mini-batch gradient descent: 784 pixels -> 10 classes.
//!
//! NumPy:
//! ```python
//! X = train_images.reshape(-1, 784).astype(np.float32) / 255
//! W = np.zeros((784, 10), np.float32); b = np.zeros(10, np.float32)
//! for epoch in range(5):
//!     for idx in np.array_split(rng.permutation(60000), 60000 // 128):
//!         Z = X[idx] @ W + b
//!         P = np.exp(Z - Z.max(1, keepdims=True)); P /= P.sum(1, keepdims=True)
//!         P[np.arange(len(idx)), y[idx]] -= 1
//!         W -= lr * (X[idx].T @ P / len(idx) + alpha * W); b -= lr * P.mean(0)
//! # scikit-learn: LogisticRegression(C=...).fit(X, y).score(X_test, y_test) ~ 0.925
//! ```
//!
//! Run: `cargo run --release -p algorithms --example logistic_regression_mnist`

mod common;

use std::time::Instant;

use algorithms::logistic_regression::LogisticRegression;
use algorithms::metrics::{accuracy, confusion_matrix};
use common::{mnist_or_skip, or_exit};

fn main() {
    let Some((train, test)) = mnist_or_skip() else {
        return;
    };
    let (x, y) = (train.features_f32(), train.labels_usize());
    let (xt, yt) = (test.features_f32(), test.labels_usize());
    println!(
        "MNIST: train {:?}, test {:?}, float32 pixels in [0, 1]",
        x.dim(),
        xt.dim()
    );

    let epochs = 5;
    let start = Instant::now();
    let clf = or_exit(
        LogisticRegression::params()
            .alpha(1e-5)
            .learning_rate(0.5)
            .batch_size(Some(128))
            .max_iter(epochs)
            .tol(0.0)
            .seed(0)
            .fit(&x, &y),
    );
    let seconds = start.elapsed().as_secs_f64();
    for (e, loss) in clf.loss_history().iter().enumerate() {
        println!("  epoch {}: mean training loss {loss:.4}", e + 1);
    }
    let train_acc = or_exit(accuracy(&y, &or_exit(clf.predict(&x))));
    let pred = or_exit(clf.predict(&xt));
    let test_acc = or_exit(accuracy(&yt, &pred));
    println!("trained {epochs} epochs of mini-batch GD (batch 128, lr 0.5) in {seconds:.2} s");
    println!("train accuracy {train_acc:.4}, test accuracy {test_acc:.4} (target >= 0.92)");
    let cm = or_exit(confusion_matrix(&yt, &pred, 10));
    println!("\nconfusion matrix on the test set (rows: true digit, columns: predicted):");
    for (d, row) in cm.rows().into_iter().enumerate() {
        let cells: Vec<String> = row.iter().map(|c| format!("{c:>5}")).collect();
        println!("  {d}: {}", cells.join(""));
    }

    // 20 full-batch iterations, the benchmark's workload, for a feel of the cost
    let start = Instant::now();
    let full = or_exit(
        LogisticRegression::params()
            .learning_rate(0.5)
            .max_iter(20)
            .tol(0.0)
            .fit(&x, &y),
    );
    let per_iter = start.elapsed().as_secs_f64() / 20.0;
    let full_acc = or_exit(accuracy(&yt, &or_exit(full.predict(&xt))));
    println!(
        "\nfull-batch GD: {:.1} ms per iteration over 60000 x 784; after 20 iterations test accuracy {full_acc:.4}",
        per_iter * 1e3
    );

    println!("result: test_accuracy = {test_acc}");
    println!("result: train_accuracy = {train_acc}");
    println!("result: train_seconds = {seconds}");
    println!("result: full_batch_iteration_ms = {}", per_iter * 1e3);
}
