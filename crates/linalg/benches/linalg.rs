//! Criterion benchmarks of chapter 2, the same workloads as `benches/numpy_bench.py`:
//! matmul f32/f64 at 256/1024/2048, solve 1024, thin SVD 10000x784, eigh 784x784, and the
//! crossover between ndarray's `.dot` and faer's parallel GEMM.
//!
//! `cargo bench -p linalg -- --warm-up-time 1 --measurement-time 3`
//! (one group: `cargo bench -p linalg -- crossover`).

// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use linalg::Engine;
use ndarray::Array2;
use std::hint::black_box;

/// Deterministic pseudo-random matrix in [-1, 1) (SplitMix64), no RNG crate needed.
fn random(m: usize, n: usize, seed: u64) -> Array2<f64> {
    let mut state = seed;
    Array2::from_shape_simple_fn((m, n), || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    })
}

fn matmul(c: &mut Criterion) {
    for n in [256usize, 1024, 2048] {
        let a = random(n, n, 1);
        let b = random(n, n, 2);
        let (a32, b32) = (a.mapv(|v| v as f32), b.mapv(|v| v as f32));
        let mut g = c.benchmark_group("matmul");
        g.sample_size(10);
        g.throughput(Throughput::Elements((2 * n * n * n) as u64));
        g.bench_function(BenchmarkId::new("f32", n), |bench| {
            bench.iter(|| linalg::matmul(black_box(&a32), black_box(&b32)).unwrap())
        });
        g.bench_function(BenchmarkId::new("f64", n), |bench| {
            bench.iter(|| linalg::matmul(black_box(&a), black_box(&b)).unwrap())
        });
        if n <= 1024 {
            // ndarray's own `.dot` for comparison (single-threaded matrixmultiply).
            g.bench_function(BenchmarkId::new("f64_ndarray_dot", n), |bench| {
                bench.iter(|| black_box(&a).dot(black_box(&b)))
            });
        }
        g.finish();
    }
}

fn crossover(c: &mut Criterion) {
    let mut g = c.benchmark_group("crossover");
    for n in [32usize, 64, 96, 128, 160, 192, 256, 384] {
        let a = random(n, n, 3);
        let b = random(n, n, 4);
        for (name, engine) in [
            ("ndarray", Engine::Ndarray),
            ("faer_parallel", Engine::FaerParallel),
            ("blocked", Engine::Blocked),
        ] {
            g.bench_with_input(BenchmarkId::new(name, n), &n, |bench, _| {
                bench.iter(|| linalg::matmul_with(black_box(&a), black_box(&b), engine).unwrap())
            });
        }
    }
    g.finish();
}

fn solve(c: &mut Criterion) {
    let n = 1024;
    let a = random(n, n, 5) + &(Array2::<f64>::eye(n) * 4.0);
    let b = random(n, 1, 6).column(0).to_owned();
    let mut g = c.benchmark_group("solve");
    g.sample_size(10);
    g.bench_function(BenchmarkId::new("f64", n), |bench| {
        bench.iter(|| linalg::solve(black_box(&a), black_box(&b)).unwrap())
    });
    g.finish();
}

fn decompositions(c: &mut Criterion) {
    let mut g = c.benchmark_group("decompositions");
    g.sample_size(10);
    let x = random(10_000, 784, 7);
    g.bench_function("thin_svd_f64/10000x784", |bench| {
        bench.iter(|| linalg::thin_svd(black_box(&x)).unwrap())
    });
    let h = random(784, 784, 8);
    let sym = &h + &h.t();
    g.bench_function("eigh_f64/784", |bench| {
        bench.iter(|| linalg::eigh(black_box(&sym)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, matmul, crossover, solve, decompositions);
criterion_main!(benches);
