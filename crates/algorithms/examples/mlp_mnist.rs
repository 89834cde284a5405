//! An MLP 784-256-10 (ReLU, He init, Adam, batch 128) trained on MNIST, with a progress
//! bar, per-epoch loss/accuracy and time per epoch.
//!
//! NumPy (the loop the crate writes out):
//! ```python
//! for epoch in range(8):
//!     for idx in batches(rng.permutation(60000), 128):
//!         H = np.maximum(X[idx] @ W1 + b1, 0)                  # forward
//!         Z = H @ W2 + b2
//!         P = softmax(Z); P[range(m), y[idx]] -= 1; dZ = P / m  # softmax cross-entropy
//!         dW2 = H.T @ dZ; db2 = dZ.sum(0); dH = dZ @ W2.T       # backward
//!         dZ1 = dH * (H > 0); dW1 = X[idx].T @ dZ1; db1 = dZ1.sum(0)
//!         adam_step([W1, b1, W2, b2], [dW1, db1, dW2, db2])
//! # scikit-learn: MLPClassifier((256,), batch_size=128, max_iter=8).fit(X, y)  ~0.98
//! ```
//!
//! Run: `cargo run --release -p algorithms --example mlp_mnist`

mod common;

use algorithms::nn::{Activation, Mlp, Optimizer};
use common::{mnist_or_skip, or_exit};

fn main() {
    let Some((train, test)) = mnist_or_skip() else {
        return;
    };
    let (x, y) = (train.features_f32(), train.labels_usize());
    let (xt, yt) = (test.features_f32(), test.labels_usize());
    println!(
        "MNIST: train {:?}, test {:?}; MLP 784-256-10, ReLU, Adam(1e-3), batch 128\n",
        x.dim(),
        xt.dim()
    );

    let model = or_exit(
        Mlp::params(&[784, 256, 10])
            .activation(Activation::Relu)
            .optimizer(Optimizer::adam(1e-3))
            .batch_size(128)
            .epochs(8)
            .seed(0)
            .verbose(true)
            .fit_with_validation(&x, &y, &xt, &yt),
    );
    let test_acc = or_exit(model.accuracy(&xt, &yt));
    let times: Vec<f64> = model.history().iter().map(|h| h.seconds).collect();
    let mean_epoch = times.iter().sum::<f64>() / times.len() as f64;
    println!(
        "\ntest accuracy {test_acc:.4} (target >= 0.975), {mean_epoch:.2} s per epoch on average"
    );
    let losses: Vec<String> = model
        .history()
        .iter()
        .map(|h| format!("{:.4}", h.loss))
        .collect();
    println!("result: test_accuracy = {test_acc}");
    println!("result: seconds_per_epoch = {mean_epoch}");
    println!("result: epoch_losses = [{}]", losses.join(", "));
}
