//! The four MNIST workloads (60000 x 784 float32), measured beside NumPy /
//! scikit-learn (`numpy_bench.py` in this folder, same machine, same session):
//!
//! - K-means, k = 10, 20 Lloyd iterations from fixed centres;
//! - PCA, top 50 components (covariance + eigh, and thin SVD);
//! - softmax regression, 100 full-batch gradient-descent iterations;
//! - one MLP epoch, 784-128-10, batch 128, Adam.
//!
//! Run: `cargo bench -p algorithms` (skips with the fetch command if MNIST is missing).

// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use std::time::Duration;

use algorithms::kmeans::FittedKMeans;
use algorithms::logistic_regression::LogisticRegression;
use algorithms::nn::{Mlp, Optimizer};
use algorithms::pca::{Pca, PcaSolver};
use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::{Array2, s};

fn mnist() -> Option<(Array2<f32>, ndarray::Array1<usize>)> {
    match datasets::mnist::load(datasets::mnist::Split::Train) {
        Ok(m) => Some((m.features_f32(), m.labels_usize())),
        Err(e) => {
            println!("skipped: {e}");
            None
        }
    }
}

fn benches(c: &mut Criterion) {
    let Some((x, y)) = mnist() else { return };
    let mut g = c.benchmark_group("mnist_60000x784_f32");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));

    // K-means: 20 Lloyd iterations from the first 10 images as centres (no early stop).
    let init = x.slice(s![..10, ..]).to_owned();
    g.bench_function("kmeans_k10_20_lloyd_iterations", |b| {
        b.iter(|| {
            let mut km = FittedKMeans::from_centroids(init.clone(), &x).expect("valid");
            for _ in 0..20 {
                km = km.lloyd_step(&x).expect("valid");
            }
            km.inertia()
        })
    });

    g.bench_function("pca_top50_covariance_eigh", |b| {
        b.iter(|| {
            Pca::params(50)
                .solver(PcaSolver::CovarianceEigh)
                .fit(&x)
                .expect("valid")
                .n_components()
        })
    });

    g.bench_function("softmax_gd_100_full_batch_iterations", |b| {
        b.iter(|| {
            LogisticRegression::params()
                .learning_rate(0.5)
                .max_iter(100)
                .tol(0.0)
                .fit(&x, &y)
                .expect("valid")
                .n_iter()
        })
    });

    g.bench_function("mlp_784_128_10_one_epoch_batch128", |b| {
        b.iter(|| {
            Mlp::params(&[784, 128, 10])
                .optimizer(Optimizer::adam(1e-3))
                .batch_size(128)
                .epochs(1)
                .fit(&x, &y)
                .expect("valid")
                .history()[0]
                .loss
        })
    });
    g.finish();
}

criterion_group!(name = mnist_benches; config = Criterion::default(); targets = benches);
criterion_main!(mnist_benches);
