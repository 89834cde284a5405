//! Practical task 1: optimise a matrix-multiplication loop.
//!
//! NumPy: `C = A @ B` (one call into BLAS) vs the Python triple loop (minutes). In Rust the
//! triple loop is compiled, so the lesson is what remains: loop order (cache), bounds
//! checks and SIMD (`ikj` on slices), register/cache blocking (`.dot`), cores (faer).
//!
//! `cargo run --release -p performance --example vectorize_matmul [-- --n 512]`

mod common;

use common::{arg, best_of, loadavg, or_exit};
use ndarray::Array2;
use performance::vectorization::{matmul_dot, matmul_ikj, matmul_naive, matmul_par};

fn main() {
    let n: usize = arg("--n", 512);
    // A = rng.standard_normal((n, n), dtype=np.float32)-like, deterministic
    let a = Array2::from_shape_fn((n, n), |(i, j)| {
        ((i * 131 + j * 71) % 97) as f32 / 97.0 - 0.5
    });
    let b = Array2::from_shape_fn((n, n), |(i, j)| {
        ((i * 37 + j * 113) % 89) as f32 / 89.0 - 0.5
    });
    let flops = 2.0 * (n as f64).powi(3);
    println!("C = A @ B, float32, n = {n} (load {})", loadavg());
    println!("{:<26} {:>10} {:>10}", "variant", "ms", "GFLOP/s");
    let reference = or_exit(matmul_dot(&a, &b));
    let mut rows = Vec::new();
    type Mm = fn(&Array2<f32>, &Array2<f32>) -> performance::Result<Array2<f32>>;
    let variants: [(&str, &str, Mm); 4] = [
        ("naive", "naive ijk (indexing)", matmul_naive),
        ("ikj", "ikj on contiguous rows", matmul_ikj),
        ("dot", "ndarray .dot (1 thread)", matmul_dot),
        ("parallel", "faer parallel GEMM", matmul_par),
    ];
    for (key, name, f) in variants {
        let reps = if key == "naive" { 1 } else { 3 };
        let (t, c) = best_of(reps, || or_exit(f(&a, &b)));
        let err = (&c - &reference)
            .mapv(f32::abs)
            .fold(0.0f32, |m, &v| m.max(v));
        assert!(err <= 1e-3 * n as f32, "{name} disagrees by {err}");
        let gflops = flops / t / 1e9;
        println!("{name:<26} {:>10.1} {:>10.2}", t * 1e3, gflops);
        rows.push((key, gflops));
    }
    for (key, g) in &rows {
        println!("result: gflops_{key} = {g:.2}");
    }
    let naive = rows[0].1;
    println!(
        "result: speedup_parallel_over_naive = {:.1}",
        rows[3].1 / naive
    );
}
