//! Practical task: save a preprocessed dataset as `.npy` for a TensorFlow / PyTorch pipeline.
//!
//! MNIST is scaled to `float32` in [0, 1] and flattened to 784 features, labels become
//! `int64`; the result is written as `x_train.npy`/`y_train.npy` (+ test), as one compressed
//! `mnist.npz` and as `mnist.safetensors`, each read back and compared. The NumPy it replaces:
//!
//! ```python
//! x_train = train_images.reshape(-1, 784).astype(np.float32) / 255
//! np.save("x_train.npy", x_train); np.save("y_train.npy", train_labels.astype(np.int64))
//! np.savez_compressed("mnist.npz", x_train=x_train, y_train=y_train, ...)
//! safetensors.numpy.save_file({"x_train": x_train, ...}, "mnist.safetensors")
//! ```
//!
//! Run: `cargo run --release -p performance --example export_npy [OUT_DIR]`
//! (default `target/export_npy`; MNIST from `cargo xtask fetch-data mnist`).

use std::path::Path;
use std::time::Instant;

use ndarray::{Array1, Array2, Ix1, Ix2};
use performance::interop::npy::{NpzFile, load_npy, load_npz, save_npy};
use performance::interop::safetensors::{SafetensorsFile, SafetensorsWriter};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn preprocess(m: &datasets::mnist::Mnist) -> (Array2<f32>, Array1<i64>) {
    (m.features_f32(), m.labels_usize().mapv(|l| l as i64))
}

fn size_mb(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6)
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    use datasets::mnist::{Split, load};
    let Some(train) = datasets::or_skip(load(Split::Train))? else {
        return Ok(());
    };
    let Some(test) = datasets::or_skip(load(Split::Test))? else {
        return Ok(());
    };
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/export_npy".into());
    let out = Path::new(&out);
    std::fs::create_dir_all(out)?;
    let (x_train, y_train) = preprocess(&train);
    let (x_test, y_test) = preprocess(&test);
    println!(
        "MNIST preprocessed: x_train {:?} float32 in [{}, {}], y_train {:?} int64",
        x_train.dim(),
        x_train.fold(f32::INFINITY, |a, &b| a.min(b)),
        x_train.fold(f32::NEG_INFINITY, |a, &b| a.max(b)),
        y_train.dim()
    );

    // 1. One .npy per array: what `np.load` and `tf.data` want.
    let t = Instant::now();
    save_npy(out.join("x_train.npy"), &x_train)?;
    save_npy(out.join("y_train.npy"), &y_train)?;
    save_npy(out.join("x_test.npy"), &x_test)?;
    save_npy(out.join("y_test.npy"), &y_test)?;
    let npy_s = t.elapsed().as_secs_f64();
    let npy_mb: f64 = ["x_train", "y_train", "x_test", "y_test"]
        .iter()
        .map(|n| size_mb(&out.join(format!("{n}.npy"))))
        .sum();
    println!(
        "4 .npy files: {npy_mb:.1} MB in {npy_s:.2} s ({:.0} MB/s)",
        npy_mb / npy_s
    );
    let back: Array2<f32> = load_npy::<f32, Ix2>(out.join("x_train.npy"))?;
    let npy_ok = back == x_train && load_npy::<i64, Ix1>(out.join("y_train.npy"))? == y_train;

    // 2. One compressed .npz: np.savez_compressed.
    let t = Instant::now();
    let npz = out.join("mnist.npz");
    NpzFile::create_compressed(&npz)?
        .add("x_train", &x_train)?
        .add("y_train", &y_train)?
        .add("x_test", &x_test)?
        .add("y_test", &y_test)?
        .finish()?;
    let npz_s = t.elapsed().as_secs_f64();
    println!(
        "mnist.npz (deflate): {:.1} MB in {npz_s:.2} s",
        size_mb(&npz)
    );
    let npz_ok = load_npz::<f32, Ix2>(&npz, "x_test")? == x_test
        && load_npz::<i64, Ix1>(&npz, "y_test")? == y_test;

    // 3. safetensors, for PyTorch / Hugging Face.
    let st = out.join("mnist.safetensors");
    SafetensorsWriter::new()
        .add("x_train", &x_train)?
        .add("y_train", &y_train)?
        .add("x_test", &x_test)?
        .add("y_test", &y_test)?
        .metadata("preprocessing", "reshape(-1, 784).astype(float32) / 255")
        .save(&st)?;
    let file = SafetensorsFile::open(&st)?;
    let st_ok = file.array::<f32>("x_train")? == x_train.clone().into_dyn()
        && file.array::<i64>("y_test")? == y_test.clone().into_dyn();
    println!("mnist.safetensors: {:.1} MB", size_mb(&st));

    let dir = out.display();
    println!("\nIn Python (NumPy / TensorFlow):");
    println!("x_train = np.load(\"{dir}/x_train.npy\"); y_train = np.load(\"{dir}/y_train.npy\")");
    println!(
        "ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(60000).batch(128)"
    );
    println!("In Python (PyTorch):");
    println!(
        "from safetensors.torch import load_file; d = load_file(\"{dir}/mnist.safetensors\")  # d[\"x_train\"]: torch.float32 (60000, 784)"
    );
    println!();
    println!("result: npy_mb = {npy_mb:.1}");
    println!("result: npy_write_mb_per_s = {:.0}", npy_mb / npy_s);
    println!("result: npz_compressed_mb = {:.1}", size_mb(&npz));
    println!("result: safetensors_mb = {:.1}", size_mb(&st));
    println!("result: read_back_equal = {}", npy_ok && npz_ok && st_ok);
    Ok(())
}
