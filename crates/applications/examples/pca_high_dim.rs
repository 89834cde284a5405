//! PCA on high-dimensional data: MNIST 784 -> 50 -> 2, a scatter of the test set coloured
//! by digit, K-means (k = 10) on the 2-D projection, and a classifier trained on the 50
//! components compared with one trained on all 784 pixels.
//!
//! scikit-learn:
//! ```python
//! pca = PCA(50).fit(X_train)                          # 784 -> 50
//! Z, Zt = pca.transform(X_train), pca.transform(X_test)
//! plt.scatter(Zt[:, 0], Zt[:, 1], c=y_test, cmap="tab10", s=2)   # 50 -> 2: the first two
//! km = KMeans(10, n_init=4).fit(Zt[:, :2])
//! LogisticRegression().fit(Z, y_train).score(Zt, y_test)
//! ```
//!
//! Run: `cargo run --release -p applications --example pca_high_dim`

mod common;

use std::time::Instant;

use algorithms::kmeans::KMeans;
use algorithms::logistic_regression::LogisticRegression;
use algorithms::pca::Pca;
use applications::metrics::accuracy;
use applications::plots::{ChartOptions, scatter};
use common::{digit_names, figure, mnist_or_skip, or_exit};
use ndarray::s;

fn main() {
    let Some((train, test)) = mnist_or_skip() else {
        return;
    };
    let (x, y) = (train.features_f32(), train.labels_usize());
    let (xt, yt) = (test.features_f32(), test.labels_usize());

    let start = Instant::now();
    let pca = or_exit(Pca::params(50).fit(&x));
    let z = or_exit(pca.transform(&x));
    let zt = or_exit(pca.transform(&xt));
    let kept: f32 = pca.explained_variance_ratio().sum();
    println!(
        "PCA 784 -> 50 in {:.2} s: {:.1} % of the variance kept",
        start.elapsed().as_secs_f64(),
        kept * 100.0
    );

    // 50 -> 2: the first two components, for the eye
    let z2 = zt.slice(s![.., ..2]).mapv(f64::from);
    let p1 = or_exit(scatter(
        &figure("pca_mnist_scatter.png"),
        &z2,
        &yt,
        &digit_names(),
        None,
        &ChartOptions::new(
            "MNIST test set on its first two principal components",
            "PC 1",
            "PC 2",
        )
        .size(900, 700),
    ));
    let km = or_exit(KMeans::params(10).n_init(4).seed(0).fit(&z2));
    let p2 = or_exit(scatter(
        &figure("kmeans_mnist_pca2.png"),
        &z2,
        km.labels(),
        &(0..10).map(|c| format!("cluster {c}")).collect::<Vec<_>>(),
        Some(km.centroids()),
        &ChartOptions::new("K-means (k = 10) on the 2-D projection", "PC 1", "PC 2").size(900, 700),
    ));
    println!("figures: {}, {}", p1.display(), p2.display());

    // a classifier on 50 components against one on all 784 pixels (same settings)
    let fit = |a: &ndarray::Array2<f32>, b: &ndarray::Array2<f32>| {
        let start = Instant::now();
        let m = or_exit(
            LogisticRegression::params()
                .learning_rate(0.5)
                .max_iter(5)
                .batch_size(Some(128))
                .seed(0)
                .fit(a, &y),
        );
        let acc = or_exit(accuracy(&yt, &or_exit(m.predict(b))));
        (acc, start.elapsed().as_secs_f64())
    };
    let scale = |a: &ndarray::Array2<f32>| {
        let s = a
            .std_axis(ndarray::Axis(0), 0.0)
            .mapv(|v| if v > 0.0 { v } else { 1.0 });
        (a / &s, s)
    };
    let (zs, sd) = scale(&z);
    let zts = &zt / &sd;
    let (acc50, t50) = fit(&zs, &zts);
    let (acc784, t784) = fit(&x, &xt);
    println!("softmax regression, 5 epochs of mini-batch GD:");
    println!("  on  50 PCA components: test accuracy {acc50:.4} ({t50:.2} s)");
    println!("  on 784 pixels:         test accuracy {acc784:.4} ({t784:.2} s)");
    println!("result: variance_kept_50 = {kept:.4}");
    println!("result: accuracy_pca50 = {acc50:.4}");
    println!("result: accuracy_pixels = {acc784:.4}");
    println!("result: kmeans_2d_inertia = {:.4e}", km.inertia());
}
