//! Every variant of the chapter's vectorisation section, plus the ufunc, memory and GD
//! kernels, at ML sizes (float32):
//!
//! - pairwise distances 1000 x 500 vs 1000 x 500 (64 features);
//! - matmul 256 x 256 (naive included) and 1024 x 1024 (fast variants only);
//! - standardise 60000 x 784 (MNIST's shape, synthetic values);
//! - softmax 60000 x 10 (logits of MNIST);
//! - `a * b + c` on 10M elements: expression vs into vs in place vs `par_azip!`;
//! - GELU over 10M elements, serial and parallel at 1 and 2 threads;
//! - GD step for logistic regression (10000 x 784): naive vs fused vs parallel.
//!
//! Thread pools are built once per variant, outside the timed loop.
//!
//! Run: `cargo bench -p performance` (or one group: `cargo bench -p performance -- matmul`).

// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ndarray::{Array1, Array2};
use performance::memory::{fma_expr, fma_inplace, fma_into};
use performance::parallel::par_fma;
use performance::profiling::{gd_fused, gd_naive, gd_par};
use performance::ufuncs::{Activation, apply, par_apply};
use performance::vectorization::*;

fn data(n: usize, p: usize, seed: usize) -> Array2<f32> {
    Array2::from_shape_fn((n, p), |(i, j)| {
        (((i * 2654435761 + j * 40503 + seed * 97) % 10007) as f32 / 10007.0) - 0.5
    })
}

fn quick<'a>(
    c: &'a mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    g
}

fn distances(c: &mut Criterion) {
    let (x, y) = (data(1000, 64, 1), data(500, 64, 2));
    let mut g = quick(c, "pairwise_distances_1000x500x64_f32");
    g.bench_function("naive", |b| {
        b.iter(|| pairwise_distances_naive(&x, &y).unwrap())
    });
    g.bench_function("zip", |b| {
        b.iter(|| pairwise_distances_zip(&x, &y).unwrap())
    });
    g.bench_function("gemm", |b| {
        b.iter(|| pairwise_distances_gemm(&x, &y).unwrap())
    });
    g.bench_function("par", |b| {
        b.iter(|| pairwise_distances_par(&x, &y).unwrap())
    });
    g.finish();
}

fn matmul(c: &mut Criterion) {
    let (a, b2) = (data(256, 256, 3), data(256, 256, 4));
    let mut g = quick(c, "matmul_256_f32");
    g.bench_function("naive_ijk", |b| b.iter(|| matmul_naive(&a, &b2).unwrap()));
    g.bench_function("ikj", |b| b.iter(|| matmul_ikj(&a, &b2).unwrap()));
    g.bench_function("dot", |b| b.iter(|| matmul_dot(&a, &b2).unwrap()));
    g.bench_function("par", |b| b.iter(|| matmul_par(&a, &b2).unwrap()));
    g.finish();
    let (a, b2) = (data(1024, 1024, 5), data(1024, 1024, 6));
    let mut g = quick(c, "matmul_1024_f32");
    g.bench_function("ikj", |b| b.iter(|| matmul_ikj(&a, &b2).unwrap()));
    g.bench_function("dot", |b| b.iter(|| matmul_dot(&a, &b2).unwrap()));
    g.bench_function("par", |b| b.iter(|| matmul_par(&a, &b2).unwrap()));
    g.finish();
}

fn standardise(c: &mut Criterion) {
    let x = data(60000, 784, 7);
    let mut g = quick(c, "standardize_60000x784_f32");
    g.bench_function("naive", |b| b.iter(|| standardize_naive(&x).unwrap()));
    g.bench_function("expr", |b| b.iter(|| standardize_expr(&x).unwrap()));
    g.bench_function("zip_inplace", |b| {
        b.iter_batched_ref(
            || x.clone(),
            |z| standardize_zip(z).unwrap(),
            criterion::BatchSize::LargeInput,
        )
    });
    g.bench_function("par_inplace", |b| {
        b.iter_batched_ref(
            || x.clone(),
            |z| standardize_par(z).unwrap(),
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn softmax(c: &mut Criterion) {
    let z = data(60000, 10, 8) * 20.0;
    let mut g = quick(c, "softmax_60000x10_f32");
    g.bench_function("naive", |b| b.iter(|| softmax_naive(&z).unwrap()));
    g.bench_function("zip", |b| b.iter(|| softmax_zip(&z).unwrap()));
    g.bench_function("par", |b| b.iter(|| softmax_par(&z).unwrap()));
    g.finish();
}

fn temporaries(c: &mut Criterion) {
    let n = 10_000_000;
    let a = Array1::from_shape_fn(n, |i| (i % 7) as f32);
    let b2 = Array1::from_shape_fn(n, |i| (i % 5) as f32);
    let cc = Array1::from_shape_fn(n, |i| (i % 3) as f32);
    let mut out = Array1::zeros(n);
    let mut g = quick(c, "fma_10M_f32");
    g.bench_function("expr_a*b+c", |b| b.iter(|| fma_expr(&a, &b2, &cc).unwrap()));
    g.bench_function("into_out", |b| {
        b.iter(|| fma_into(&a, &b2, &cc, &mut out).unwrap())
    });
    let mut inplace = cc.clone();
    g.bench_function("inplace", |b| {
        b.iter(|| fma_inplace(&a, &b2, &mut inplace).unwrap())
    });
    for t in [1, 2] {
        g.bench_with_input(BenchmarkId::new("par_azip", t), &t, |b, &t| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .unwrap();
            b.iter(|| pool.install(|| par_fma(&a, &b2, &cc, &mut out).unwrap()))
        });
    }
    g.finish();
}

fn activations(c: &mut Criterion) {
    let x = Array1::from_shape_fn(10_000_000, |i| ((i % 2000) as f32 - 1000.0) / 100.0);
    let mut g = quick(c, "gelu_10M_f32");
    g.bench_function("serial", |b| b.iter(|| apply(&x, Activation::Gelu)));
    for t in [1, 2] {
        g.bench_with_input(BenchmarkId::new("par_apply", t), &t, |b, &t| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .unwrap();
            b.iter(|| pool.install(|| par_apply(&x, Activation::Gelu)))
        });
    }
    g.finish();
}

fn gd(c: &mut Criterion) {
    let x = data(10000, 784, 9) + 0.5;
    let y = Array1::from_shape_fn(10000, |i| (i % 10 == 0) as u8 as f32);
    let mut g = quick(c, "logistic_gd_10000x784_f32_5_steps");
    g.bench_function("naive", |b| {
        b.iter(|| gd_naive(x.view(), y.view(), 0.1, 5).unwrap())
    });
    g.bench_function("fused", |b| {
        b.iter(|| gd_fused(x.view(), y.view(), 0.1, 5).unwrap())
    });
    g.bench_function("par", |b| {
        b.iter(|| gd_par(x.view(), y.view(), 0.1, 5).unwrap())
    });
    g.finish();
}

criterion_group!(
    benches,
    distances,
    matmul,
    standardise,
    softmax,
    temporaries,
    activations,
    gd
);
criterion_main!(benches);
