//! Naive vs pairwise float32 summation of 1e8 values, against the float64 sum.
//!
//! NumPy: `np.sum(x)` (pairwise, error ~ log2(n) eps) vs `functools.reduce(operator.add, x)`
//! in float32 (error ~ n eps). `cargo run --release -p performance --example summation_error`

mod common;

use common::{arg, best_of};
use performance::stability::{naive_sum, pairwise_sum};

fn main() {
    let n: usize = arg("--n", 100_000_000);
    // values in [0.1, 1.1), as the NumPy fixture: (i % 1000) / 1000 + 0.1
    let v: Vec<f32> = (0..n)
        .map(|i| ((i % 1000) as f64 / 1000.0 + 0.1) as f32)
        .collect();
    let exact: f64 = v.iter().map(|&x| f64::from(x)).sum();
    let (tn, naive) = best_of(3, || naive_sum(std::hint::black_box(&v)));
    let (tp, pairwise) = best_of(3, || pairwise_sum(std::hint::black_box(&v)));
    let rel = |s: f32| (f64::from(s) - exact).abs() / exact;
    println!("n = {n}: exact (f64) {exact:.1}");
    println!(
        "naive f32 sum    {naive:>16.1}  relative error {:.2e}  {:.1} ms",
        rel(naive),
        tn * 1e3
    );
    println!(
        "pairwise f32 sum {pairwise:>16.1}  relative error {:.2e}  {:.1} ms",
        rel(pairwise),
        tp * 1e3
    );
    println!("result: naive_rel_error = {:.2e}", rel(naive));
    println!("result: pairwise_rel_error = {:.2e}", rel(pairwise));
}
