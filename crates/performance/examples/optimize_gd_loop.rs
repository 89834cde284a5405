//! Practical task 2: a gradient-descent loop for logistic regression, naive -> fused ->
//! parallel, on MNIST ("is it a zero?", 60000 x 784 float32).
//!
//! NumPy (the naive version, line for line):
//! ```text
//! for _ in range(iters):
//!     p = 1 / (1 + np.exp(-(X @ w + b)))
//!     r = p - y
//!     w -= lr * X.T @ r / n
//!     b -= lr * r.mean()
//! ```
//! `cargo run --release -p performance --example optimize_gd_loop [-- --iters 20 --variant all]`
//! (`--variant naive|fused|par` runs one, for profiling with callgrind or perf).

mod common;

use common::{arg, loadavg, or_exit};
use ndarray::{Array1, Array2};
use performance::profiling::{Logistic, gd_fused, gd_naive, gd_par, log_loss};

fn main() {
    let iters: usize = arg("--iters", 20);
    let variant: String = arg("--variant", "all".to_string());
    let rows: usize = arg("--rows", 60000);
    let Some(train) = or_exit(datasets::or_skip(datasets::mnist::load(
        datasets::mnist::Split::Train,
    ))) else {
        return;
    };
    let x_all: Array2<f32> = train.features_f32();
    let rows = rows.min(x_all.nrows());
    let x = x_all.slice(ndarray::s![..rows, ..]);
    let y: Array1<f32> = train
        .labels_usize()
        .slice(ndarray::s![..rows])
        .mapv(|l| if l == 0 { 1.0 } else { 0.0 });
    let lr = 0.5f32;
    println!(
        "logistic regression by GD on MNIST ({rows} x 784, digit 0 vs rest), {iters} iterations, lr {lr} (load {})",
        loadavg()
    );
    println!(
        "{:<10} {:>14} {:>14}",
        "variant", "ms/iteration", "final loss"
    );
    type Gd = fn(
        ndarray::ArrayView2<'_, f32>,
        ndarray::ArrayView1<'_, f32>,
        f32,
        usize,
    ) -> performance::Result<Logistic>;
    let all: [(&str, Gd); 3] = [("naive", gd_naive), ("fused", gd_fused), ("par", gd_par)];
    let mut losses = Vec::new();
    for (name, gd) in all {
        if variant != "all" && variant != name {
            continue;
        }
        let t = std::time::Instant::now();
        let m = or_exit(gd(x, y.view(), lr, iters));
        let ms = t.elapsed().as_secs_f64() * 1e3 / iters as f64;
        let loss = or_exit(log_loss(x, y.view(), &m));
        println!("{name:<10} {ms:>14.2} {loss:>14.6}");
        println!("result: ms_per_iter_{name} = {ms:.2}");
        losses.push(loss);
    }
    assert!(
        losses.iter().all(|l| l.is_finite()),
        "a variant's loss is not finite: {losses:?}"
    );
    if let (Some(lo), Some(hi)) = (
        losses.iter().cloned().reduce(f64::min),
        losses.iter().cloned().reduce(f64::max),
    ) {
        println!("result: final_loss = {hi:.6}");
        println!("result: loss_spread = {:.2e}", hi - lo);
        assert!(hi - lo < 1e-4, "variants must reach the same loss");
    }
}
