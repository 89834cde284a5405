//! A vectorised forward pass: a chapter-4 MLP (784-128-10, ReLU) is trained for a few
//! epochs, then its forward pass is written out as two matrix products per batch over the
//! 10000 MNIST test images: accuracy, throughput, the training-loss curve and a grid of
//! test digits with their predictions.
//!
//! NumPy:
//! ```python
//! for X in np.array_split(X_test, 10):            # batches of 1000
//!     H = np.maximum(X @ W1 + b1, 0)              # (1000, 128)
//!     Z = H @ W2 + b2                             # (1000, 10) logits
//!     pred.append(Z.argmax(1))
//! ```
//!
//! Run: `cargo run --release -p applications --example mnist_forward_pass`

mod common;

use std::time::Instant;

use algorithms::logistic_regression::argmax_rows;
use algorithms::nn::{Activation, Mlp, Optimizer};
use applications::metrics::accuracy;
use applications::plots::{ChartOptions, Series, image_grid, line_chart};
use common::{figure, mnist_or_skip, or_exit};
use ndarray::{Array1, Array2, ArrayView2, Axis, s};

/// `relu(X @ W1 + b1) @ W2 + b2 ...`: the network's logits, layer by layer.
fn forward(x: ArrayView2<'_, f32>, layers: &[(Array2<f32>, Array1<f32>)]) -> Array2<f32> {
    let mut a = x.to_owned();
    for (i, (w, b)) in layers.iter().enumerate() {
        a = a.dot(w) + b;
        if i + 1 < layers.len() {
            a.mapv_inplace(|v| v.max(0.0));
        }
    }
    a
}

fn main() {
    let Some((train, test)) = mnist_or_skip() else {
        return;
    };
    let (x, y) = (train.features_f32(), train.labels_usize());
    let (xt, yt) = (test.features_f32(), test.labels_usize());
    println!(
        "training a 784-128-10 MLP (chapter 4) for 6 epochs on {:?} ...",
        x.dim()
    );
    let model = or_exit(
        Mlp::params(&[784, 128, 10])
            .activation(Activation::Relu)
            .optimizer(Optimizer::adam(1e-3))
            .batch_size(128)
            .epochs(6)
            .seed(0)
            .fit_with_validation(&x, &y, &xt, &yt),
    );
    let layers: Vec<(Array2<f32>, Array1<f32>)> = model
        .network()
        .layers
        .iter()
        .map(|l| (l.w.clone(), l.b.clone()))
        .collect();

    // the forward pass, batch by batch, timed (best of 5 passes over the test set)
    let batch = 1000;
    let mut best = f64::INFINITY;
    let mut pred = Array1::zeros(0);
    for _ in 0..5 {
        let start = Instant::now();
        let parts: Vec<Array1<usize>> = xt
            .axis_chunks_iter(Axis(0), batch)
            .map(|xb| argmax_rows(&forward(xb, &layers)))
            .collect();
        best = best.min(start.elapsed().as_secs_f64());
        pred = parts.into_iter().flatten().collect();
    }
    let acc = or_exit(accuracy(&yt, &pred));
    let same = pred
        .iter()
        .zip(or_exit(model.predict(&xt)).iter())
        .filter(|(a, b)| a == b)
        .count();
    let per_s = xt.nrows() as f64 / best;
    println!("test accuracy {acc:.4}; {same}/10000 predictions equal to FittedMlp::predict");
    println!(
        "forward pass over 10000 images in batches of {batch}: {:.1} ms, {per_s:.0} images/s",
        best * 1e3
    );

    // figures: the training curve and 32 test digits with predictions
    let h = model.history();
    let loss = Series::new(
        "training loss (mean over the epoch)",
        h.iter().map(|e| (e.epoch as f64, e.loss)).collect(),
    );
    let err = Series::new(
        "test error (1 - accuracy)",
        h.iter()
            .map(|e| (e.epoch as f64, 1.0 - e.val_accuracy.unwrap_or(f64::NAN)))
            .collect(),
    );
    let p1 = or_exit(line_chart(
        &figure("mnist_training_loss.png"),
        &[loss, err],
        &ChartOptions::new("MLP 784-128-10 on MNIST", "epoch", "loss / error").legend_upper(true),
    ));
    let imgs = test
        .images
        .slice(s![..32, .., ..])
        .insert_axis(Axis(1))
        .to_owned();
    let caps: Vec<String> = (0..32)
        .map(|i| format!("{} (true {})", pred[i], yt[i]))
        .collect();
    let p2 = or_exit(image_grid(
        &figure("mnist_predictions.png"),
        &imgs,
        8,
        3,
        &caps,
    ));
    println!("figures: {}, {}", p1.display(), p2.display());
    println!("result: test_accuracy = {acc}");
    println!("result: images_per_second = {per_s:.0}");
    println!("result: forward_ms_10000 = {:.2}", best * 1e3);
}
