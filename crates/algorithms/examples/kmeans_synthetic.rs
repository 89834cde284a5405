//! K-means on synthetic blobs with known centres: are the centres recovered?
//!
//! scikit-learn:
//! ```python
//! X, y, centers = make_blobs(n_samples=3000, centers=CENTRES, cluster_std=0.6,
//!                            random_state=0, return_centers=True)
//! km = KMeans(n_clusters=4, n_init=10, random_state=0).fit(X)
//! km.cluster_centers_, km.inertia_
//! ```
//!
//! Run: `cargo run --release -p algorithms --example kmeans_synthetic`

mod common;

use algorithms::kmeans::KMeans;
use algorithms::metrics::cluster_purity;
use common::or_exit;
use ndarray::{Array1, Array2, array};
use rand::SeedableRng;
use rand_distr::{Distribution, Normal};

fn main() {
    let centres = array![[-5.0, -5.0], [5.0, -4.0], [0.0, 6.0], [7.0, 7.0]];
    let (per_blob, std) = (750, 0.6);
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let noise = Normal::new(0.0, std).expect("valid std");
    let n = per_blob * centres.nrows();
    let mut x = Array2::<f64>::zeros((n, 2));
    let mut truth = Array1::<usize>::zeros(n);
    for (i, mut row) in x.rows_mut().into_iter().enumerate() {
        let c = i % centres.nrows();
        truth[i] = c;
        row[0] = centres[[c, 0]] + noise.sample(&mut rng);
        row[1] = centres[[c, 1]] + noise.sample(&mut rng);
    }
    println!("{n} points in 4 Gaussian blobs (std {std}) around known centres\n");

    let km = or_exit(KMeans::params(4).n_init(10).seed(0).fit(&x));
    println!(
        "{:<22} {:<22} {:>10}",
        "true centre", "recovered centre", "distance"
    );
    let mut worst: f64 = 0.0;
    for c in centres.rows() {
        // the recovered centre nearest to this true centre
        let (best, dist) = km
            .centroids()
            .rows()
            .into_iter()
            .map(|r| {
                let d = ((r[0] - c[0]).powi(2) + (r[1] - c[1]).powi(2)).sqrt();
                (r, d)
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .expect("4 centres");
        worst = worst.max(dist);
        println!(
            "({:>6.2}, {:>6.2})       ({:>7.3}, {:>7.3})     {:>10.4}",
            c[0], c[1], best[0], best[1], dist
        );
    }
    let purity = or_exit(cluster_purity(&truth, km.labels()));
    // expected inertia of a perfect clustering: n * 2 * std^2
    println!(
        "\ninertia {:.2} (about n * d * std^2 = {:.0} expected), {} Lloyd iterations",
        km.inertia(),
        n as f64 * 2.0 * std * std,
        km.n_iter()
    );
    println!("cluster purity against the generating blob: {purity:.4}");
    println!("result: max_centre_error = {worst}");
    println!("result: purity = {purity}");
    println!("result: inertia = {}", km.inertia());
}
