//! PCA of the 60000 MNIST training images: the top 50 components, the cumulative
//! explained variance, and a 2-D projection (class means and spread per digit).
//!
//! scikit-learn:
//! ```python
//! X = train_images.reshape(-1, 784).astype(np.float32) / 255
//! pca = PCA(n_components=50, svd_solver="covariance_eigh").fit(X)
//! np.cumsum(pca.explained_variance_ratio_)[[0, 1, 9, 19, 49]]
//! Z = PCA(n_components=2).fit_transform(X)
//! ```
//!
//! Run: `cargo run --release -p algorithms --example pca_mnist`

mod common;

use std::time::Instant;

use algorithms::pca::Pca;
use common::{mnist_or_skip, or_exit};
use ndarray::{Axis, s};

fn main() {
    let Some((train, _test)) = mnist_or_skip() else {
        return;
    };
    let x = train.features_f32();
    let y = train.labels_usize();
    println!("MNIST train {:?} float32\n", x.dim());

    let start = Instant::now();
    let pca = or_exit(Pca::params(50).fit(&x));
    let seconds = start.elapsed().as_secs_f64();
    println!("top-50 PCA ({:?}) in {seconds:.2} s", pca.solver());
    let mut cum = 0.0_f64;
    let mut cumulative = Vec::new();
    println!("components  cumulative explained variance");
    for (i, r) in pca.explained_variance_ratio().iter().enumerate() {
        cum += f64::from(*r);
        cumulative.push(cum);
        if [1, 2, 5, 10, 20, 30, 50].contains(&(i + 1)) {
            println!(
                "{:>10}  {:.4}  {}",
                i + 1,
                cum,
                "#".repeat((cum * 50.0) as usize)
            );
        }
    }

    // reconstruction error with 50 components
    let z = or_exit(pca.transform(&x.slice(s![..1000, ..])));
    let back = or_exit(pca.inverse_transform(&z));
    let err = (&back - &x.slice(s![..1000, ..])).mapv(|v| v * v).sum() / 1000.0;
    println!("\nmean squared reconstruction error per image (first 1000, 50 components): {err:.3}");

    // 2-D projection: where each digit falls
    let z2 = z.slice(s![.., ..2]);
    let y1000 = y.slice(s![..1000]);
    println!("\n2-D projection of the first 1000 images (PC1, PC2): mean per digit");
    for d in 0..10 {
        let idx: Vec<usize> = y1000
            .iter()
            .enumerate()
            .filter(|&(_, &l)| l == d)
            .map(|(i, _)| i)
            .collect();
        let pts = z2.select(Axis(0), &idx);
        let m = pts.mean_axis(Axis(0)).expect("every digit occurs");
        println!(
            "  digit {d}: ({:>6.2}, {:>6.2})  n = {}",
            m[0],
            m[1],
            idx.len()
        );
    }
    let n95 = cumulative
        .iter()
        .position(|&c| c > 0.5)
        .map_or(0, |i| i + 1);
    println!("result: cumulative_variance_50 = {}", cumulative[49]);
    println!(
        "result: cumulative_variance_first10 = {:?}",
        &cumulative[..10]
    );
    println!("result: components_for_50pct = {n95}");
    println!("result: fit_seconds = {seconds}");
}
