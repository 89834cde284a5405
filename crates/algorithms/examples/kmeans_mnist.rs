//! K-means with k = 10 on the 60000 MNIST training images (784 float32 pixels each):
//! inertia, iterations, time, and how well the clusters match the digit labels.
//!
//! scikit-learn:
//! ```python
//! X = train_images.reshape(-1, 784).astype(np.float32) / 255
//! km = KMeans(n_clusters=10, n_init=1, random_state=0).fit(X)
//! km.inertia_, km.n_iter_
//! # purity: each cluster votes for its majority label
//! sum(np.bincount(y[km.labels_ == c]).max() for c in range(10)) / len(y)
//! ```
//!
//! Run: `cargo run --release -p algorithms --example kmeans_mnist`

mod common;

use std::time::Instant;

use algorithms::kmeans::KMeans;
use algorithms::metrics::cluster_purity;
use common::{mnist_or_skip, or_exit};
use ndarray::Axis;

fn main() {
    let Some((train, test)) = mnist_or_skip() else {
        return;
    };
    let x = train.features_f32();
    let y = train.labels_usize();
    println!(
        "MNIST train {:?} float32, k = 10, k-means++ then Lloyd (parallel over samples)",
        x.dim()
    );

    let start = Instant::now();
    let km = or_exit(
        KMeans::params(10)
            .n_init(1)
            .max_iter(300)
            .tol(1e-4)
            .seed(0)
            .fit(&x),
    );
    let seconds = start.elapsed().as_secs_f64();
    let purity = or_exit(cluster_purity(&y, km.labels()));
    println!(
        "fit in {seconds:.2} s: {} Lloyd iterations, {:.1} ms each on average (k-means++ included)",
        km.n_iter(),
        seconds * 1e3 / km.n_iter() as f64
    );
    println!("inertia {:.1}", km.inertia());
    println!("cluster purity vs the digit labels: {purity:.4}");

    println!("\ncluster  size  majority digit  share");
    for c in 0..10 {
        let members: Vec<usize> = km
            .labels()
            .iter()
            .enumerate()
            .filter(|&(_, &l)| l == c)
            .map(|(i, _)| i)
            .collect();
        let counts = algorithms::statistics::bincount(&y.select(Axis(0), &members), 10)
            .expect("labels 0..10 fit");
        let (digit, &top) = counts
            .iter()
            .enumerate()
            .max_by_key(|&(_, &n)| n)
            .expect("10 digits");
        println!(
            "{c:>7} {:>5} {:>15} {:>6.3}",
            members.len(),
            digit,
            top as f64 / members.len().max(1) as f64
        );
    }
    let test_labels = or_exit(km.predict(&test.features_f32()));
    let test_purity = or_exit(cluster_purity(&test.labels_usize(), &test_labels));
    println!("\npurity of the test set assigned to the same centres: {test_purity:.4}");
    println!("result: inertia = {}", km.inertia());
    println!("result: n_iter = {}", km.n_iter());
    println!("result: purity = {purity}");
    println!("result: fit_seconds = {seconds}");
}
