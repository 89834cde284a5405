//! CIFAR-10 preprocessing: a training batch through the usual augmentation pipeline
//! (random crop with 4 px of padding, horizontal flip, brightness/contrast jitter) and
//! per-channel normalisation with the training set's mean and standard deviation, then a
//! grid of originals above their augmented versions.
//!
//! NumPy (torchvision's transforms written out):
//! ```python
//! X = images.astype(np.float32) / 255                       # (N, 3, 32, 32)
//! mean, std = X.mean(axis=(0, 2, 3)), X.std(axis=(0, 2, 3)) # over the training set
//! Xp = np.pad(X[:64], ((0, 0), (0, 0), (4, 4), (4, 4)))
//! crops = [Xp[i, :, t:t+32, l:l+32] for i, (t, l) in enumerate(rng.integers(0, 9, (64, 2)))]
//! flip = rng.random(64) < 0.5; batch[flip] = batch[flip, ..., ::-1]
//! batch = (batch - mean[:, None, None]) / std[:, None, None]
//! ```
//! CIFAR-10 is not bundled: without it this prints `skipped:` with
//! `cargo xtask fetch-data cifar10`. The same pipeline runs in CI on generated images in
//! the real binary layout (`tests/chapter5/images.rs`).
//!
//! Run: `cargo run --release -p applications --example cifar10_preprocess`

mod common;

use std::time::Instant;

use applications::images::{Augment, channel_mean_std, to_float, to_u8};
use applications::plots::image_grid;
use common::{figure, or_exit};
use datasets::cifar::{self, CLASS_NAMES, Split};
use ndarray::{Axis, concatenate, s};
use rand::{SeedableRng, rngs::StdRng};

fn main() {
    let Some(train) = or_exit(datasets::or_skip(cifar::load(Split::Train))) else {
        return;
    };
    println!(
        "CIFAR-10 train: images {:?} uint8, labels {:?}",
        train.images.dim(),
        train.labels.dim()
    );

    let start = Instant::now();
    let (mean, std) = or_exit(channel_mean_std(&to_float(&train.images)));
    println!(
        "per-channel mean {mean:.4}, std {std:.4} ({:.2} s over 50000 images)",
        start.elapsed().as_secs_f64()
    );

    let batch = train.images.slice(s![..64, .., .., ..]);
    let aug = Augment::params()
        .random_crop(32, 4)
        .hflip(0.5)
        .color_jitter(0.3, 0.3);
    let mut rng = StdRng::seed_from_u64(0);
    let start = Instant::now();
    let augmented = or_exit(aug.augment(&batch, &mut rng));
    let x = or_exit(applications::images::normalize(&augmented, &mean, &std));
    let seconds = start.elapsed().as_secs_f64();
    let (m, sd) = or_exit(channel_mean_std(&x));
    println!(
        "augmented + normalised batch {:?} in {:.1} ms; its channel means {m:.3}, stds {sd:.3}",
        x.dim(),
        seconds * 1e3
    );

    // grid: 8 originals, then their 8 augmentations, twice
    let rows: Vec<_> = (0..2)
        .flat_map(|r| {
            let k = r * 8;
            [
                batch.slice(s![k..k + 8, .., .., ..]).to_owned(),
                to_u8(&augmented.slice(s![k..k + 8, .., .., ..])),
            ]
        })
        .collect();
    let views: Vec<_> = rows.iter().map(|a| a.view()).collect();
    let grid = or_exit(concatenate(Axis(0), &views));
    let labels = &train.labels;
    let captions: Vec<String> = (0..2)
        .flat_map(|r| {
            (0..8)
                .map(move |i| CLASS_NAMES[labels[r * 8 + i] as usize].to_string())
                .chain((0..8).map(|_| "augmented".to_string()))
        })
        .collect();
    let path = or_exit(image_grid(
        &figure("cifar10_augment.png"),
        &grid,
        8,
        3,
        &captions,
    ));
    println!("figure: {}", path.display());
    println!("result: channel_mean = {mean}");
    println!("result: channel_std = {std}");
    println!("result: batch_ms = {:.2}", seconds * 1e3);
}
