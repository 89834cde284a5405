//! MNIST from the cache: shapes, label counts, pixel statistics, and one digit as ASCII art.
//!
//! NumPy:
//! ```python
//! images = np.frombuffer(open("train-images-idx3-ubyte", "rb").read(), np.uint8, offset=16).reshape(-1, 28, 28)
//! print(images.shape, np.bincount(labels), images.mean() / 255)
//! ```

use datasets::mnist::{self, Split};

fn main() {
    let train = match datasets::or_skip(mnist::load(Split::Train)) {
        Ok(Some(m)) => m,
        Ok(None) => return,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let test = mnist::load(Split::Test).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    println!(
        "train images {:?}, test images {:?}",
        train.images.dim(),
        test.images.dim()
    );
    let mut counts = [0usize; 10];
    for &l in &train.labels {
        counts[usize::from(l)] += 1;
    }
    println!("train label counts: {counts:?}");
    // images.mean() / 255, accumulated in f64
    let x = train.features_f64();
    let mean = x.mean().expect("non-empty");
    let std = x.std(0.0);
    println!("pixel mean {mean:.6}, std {std:.6} (scaled to [0, 1])");

    println!("\nthe first training image, label {}:", train.labels[0]);
    for row in train.images.index_axis(ndarray::Axis(0), 0).rows() {
        let line: String = row
            .iter()
            .map(|&p| match p {
                0..=63 => ' ',
                64..=127 => '.',
                128..=191 => '*',
                _ => '#',
            })
            .collect();
        println!("  {line}");
    }
    println!("result: train_shape = [{}, 28, 28]", train.len());
    println!("result: test_shape = [{}, 28, 28]", test.len());
    println!("result: train_label_counts = {counts:?}");
    println!("result: train_pixel_mean = {mean}");
    println!("result: train_pixel_std = {std}");
}
