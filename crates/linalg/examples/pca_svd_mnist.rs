//! PCA of the MNIST training set (60000 x 784) by thin SVD of the centred data.
//!
//! With `Xc = X - mean(X)`, `Xc = U diag(s) Vh`: the rows of `Vh` are the principal axes,
//! `s^2 / (n - 1)` the variances along them, `s^2 / sum(s^2)` the explained variance ratio.
//! The SVD never forms the covariance matrix `Xc^T Xc`, whose condition number is the
//! square of `Xc`'s (see section 2.2 of the chapter).
//!
//! The NumPy it reproduces:
//!
//! ```python
//! X = train_images.reshape(60000, -1) / 255.0
//! Xc = X - X.mean(axis=0)
//! U, s, Vh = np.linalg.svd(Xc, full_matrices=False)
//! ratio = s**2 / (s**2).sum()
//! k90 = np.searchsorted(np.cumsum(ratio), 0.90) + 1
//! k95 = np.searchsorted(np.cumsum(ratio), 0.95) + 1
//! ```
//!
//! Run: `cargo run --release -p linalg --example pca_svd_mnist` (needs MNIST:
//! `cargo xtask fetch-data mnist --from ../shared/data/mnist`).

use linalg::{Svd, thin_svd};
use ndarray::{Axis, s};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = datasets::DataDir::default_location();
    if !datasets::mnist::is_installed(&dir) {
        println!(
            "skipped: MNIST is not installed; run cargo xtask fetch-data mnist --from ../shared/data/mnist"
        );
        return Ok(());
    }
    let mnist = match datasets::mnist::load(datasets::mnist::Split::Train) {
        Ok(m) => m,
        Err(e) => {
            println!("skipped: {e}");
            return Ok(());
        }
    };
    // X = train_images.reshape(60000, -1) / 255.0 ; Xc = X - X.mean(axis=0)
    let x = mnist.features_f64();
    let (n, d) = x.dim();
    let mean = x.mean_axis(Axis(0)).ok_or("empty data")?;
    let xc = &x - &mean;
    drop(x);
    println!("X: {n} images x {d} pixels, centred");

    // U, s, Vh = np.linalg.svd(Xc, full_matrices=False)
    let t = std::time::Instant::now();
    let Svd { s, vh, .. } = thin_svd(&xc)?;
    let seconds = t.elapsed().as_secs_f64();
    println!("thin SVD of {n}x{d} in {seconds:.2} s");

    // ratio = s**2 / (s**2).sum()
    let var = s.mapv(|v| v * v / (n - 1) as f64);
    let ratio = &var / var.sum();
    let cumulative: Vec<f64> = ratio
        .iter()
        .scan(0.0, |acc, &r| {
            *acc += r;
            Some(*acc)
        })
        .collect();
    let needed = |p: f64| cumulative.iter().position(|&c| c >= p).map_or(d, |i| i + 1);
    let (k90, k95, k99) = (needed(0.90), needed(0.95), needed(0.99));

    println!();
    println!(
        "{:>4} {:>12} {:>10} {:>12}",
        "pc", "variance", "ratio", "cumulative"
    );
    for i in 0..10 {
        println!(
            "{:>4} {:>12.4} {:>10.4} {:>12.4}",
            i + 1,
            var[i],
            ratio[i],
            cumulative[i]
        );
    }
    println!();
    println!("components for 90% of the variance: {k90} of {d}");
    println!("components for 95% of the variance: {k95} of {d}");
    println!("components for 99% of the variance: {k99} of {d}");
    // The first principal axis as a 28x28 picture: where the digits vary most.
    let pc1 = vh.row(0);
    let max = pc1.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    println!();
    println!("first principal axis (+ positive, - negative weights):");
    for i in 0..28 {
        let line: String = (0..28)
            .map(|j| {
                let v = pc1[i * 28 + j] / max;
                if v > 0.25 {
                    '+'
                } else if v < -0.25 {
                    '-'
                } else {
                    ' '
                }
            })
            .collect();
        println!("  {line}");
    }

    let top: Vec<String> = ratio
        .slice(s![..10])
        .iter()
        .map(|v| format!("{v:.6}"))
        .collect();
    println!();
    println!(
        "result: explained_variance_ratio_top10 = [{}]",
        top.join(", ")
    );
    println!("result: components_for_90pct = {k90}");
    println!("result: components_for_95pct = {k95}");
    println!("result: components_for_99pct = {k99}");
    println!("result: svd_seconds = {seconds:.3}");
    Ok(())
}
