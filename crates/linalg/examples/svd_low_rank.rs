//! Low-rank approximation of real MNIST digits with the SVD, and the Eckart-Young identity.
//!
//! The data matrix `A` holds the first 2000 training images as rows (2000 x 784, pixels in
//! [0, 1]). Keeping the `r` largest singular triplets gives `A_r`, the best rank-`r`
//! approximation; its error is exactly what was thrown away:
//! `||A - A_r||_F^2 = sum(s[r:]^2)` and `||A - A_r||_2 = s[r]`.
//!
//! The NumPy it reproduces:
//!
//! ```python
//! A = train_images[:2000].reshape(2000, -1) / 255.0
//! U, s, Vh = np.linalg.svd(A, full_matrices=False)
//! for r in (1, 2, 5, 10, 20, 30, 40, 50):
//!     A_r = (U[:, :r] * s[:r]) @ Vh[:r]
//!     err = np.linalg.norm(A - A_r)                     # Frobenius
//!     assert np.isclose(err**2, (s[r:] ** 2).sum())     # Eckart-Young
//! ```
//!
//! Writes a picture (original digits, then their rank 5, 20 and 50 approximations) to
//! `target/figures/svd_low_rank.pgm` (a plain greyscale image; any image viewer opens it).
//!
//! Run: `cargo run --release -p linalg --example svd_low_rank`

use linalg::{NormOrd, Svd, matmul, norm, thin_svd};
use ndarray::{Array2, ArrayView1, s};
use std::io::Write;

const N_IMAGES: usize = 2000;
const RANKS: [usize; 8] = [1, 2, 5, 10, 20, 30, 40, 50];

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
    // A = train_images[:2000].reshape(2000, -1) / 255.0
    let a = mnist.head(N_IMAGES).features_f64();
    let (m, n) = a.dim();
    println!("A: {m} MNIST training images as rows, {n} pixels each");

    // U, s, Vh = np.linalg.svd(A, full_matrices=False)
    let t = std::time::Instant::now();
    let Svd { u, s, vh } = thin_svd(&a)?;
    println!("thin SVD of {m}x{n}: {:.2} s", t.elapsed().as_secs_f64());
    let total = norm(&a, NormOrd::Fro)?;

    println!();
    println!(
        "{:>5} {:>12} {:>12} {:>14} {:>14} {:>12}",
        "rank", "||A-A_r||_F", "relative", "sqrt(sum s^2)", "||A-A_r||_2", "s[r]"
    );
    let mut rel_errors = Vec::new();
    let mut worst_identity_gap = 0.0f64;
    for r in RANKS {
        // A_r = (U[:, :r] * s[:r]) @ Vh[:r]
        let a_r = matmul(
            &(&u.slice(s![.., ..r]) * &s.slice(s![..r])),
            &vh.slice(s![..r, ..]),
        )?;
        let diff = &a - &a_r;
        let err_f = norm(&diff, NormOrd::Fro)?;
        let tail = s.slice(s![r..]).mapv(|v| v * v).sum().sqrt();
        let err_2 = norm(&diff, NormOrd::Two)?;
        worst_identity_gap = worst_identity_gap
            .max((err_f * err_f - tail * tail).abs() / (tail * tail))
            .max((err_2 - s[r]).abs() / s[r]);
        println!(
            "{r:>5} {err_f:>12.4} {:>12.4} {tail:>14.4} {err_2:>14.4} {:>12.4}",
            err_f / total,
            s[r]
        );
        rel_errors.push(err_f / total);
    }
    println!();
    println!(
        "Eckart-Young: largest relative gap between error and discarded singular values: {worst_identity_gap:.2e}"
    );
    let r = 50;
    println!(
        "storage at rank {r}: {} numbers instead of {} ({:.1}% of the original)",
        r * (m + n + 1),
        m * n,
        100.0 * (r * (m + n + 1)) as f64 / (m * n) as f64
    );

    // One digit in the terminal, original and rank 20.
    let k = 20;
    let a_k = matmul(
        &(&u.slice(s![..1, ..k]) * &s.slice(s![..k])),
        &vh.slice(s![..k, ..]),
    )?;
    println!();
    println!("image 0 (label {}): original | rank {k}", mnist.labels[0]);
    for (l, rr) in ascii(a.row(0)).iter().zip(ascii(a_k.row(0))) {
        println!("{l} | {rr}");
    }

    let figure = write_figure(&a, &u, &s, &vh)?;
    println!();
    println!("figure: {figure} (rows: original, rank 5, rank 20, rank 50)");

    println!();
    println!("result: ranks = {}", json_usize(&RANKS));
    println!(
        "result: relative_frobenius_error = {}",
        json_f64(&rel_errors)
    );
    println!(
        "result: top_singular_values = {}",
        json_f64(&s.slice(s![..5]).to_vec())
    );
    println!("result: eckart_young_max_relative_gap = {worst_identity_gap:.3e}");
    Ok(())
}

fn ascii(row: ArrayView1<'_, f64>) -> Vec<String> {
    let shades = [' ', '.', ':', '+', '#'];
    (0..28)
        .map(|i| {
            (0..28)
                .map(|j| {
                    let v = row[i * 28 + j].clamp(0.0, 1.0);
                    shades[((v * 4.999) as usize).min(4)]
                })
                .collect()
        })
        .collect()
}

/// A PGM picture: 10 digits per row; rows are the original and ranks 5, 20, 50.
fn write_figure(
    a: &Array2<f64>,
    u: &Array2<f64>,
    s: &ndarray::Array1<f64>,
    vh: &Array2<f64>,
) -> Result<String, Box<dyn std::error::Error>> {
    let digits = 10;
    let mut rows = vec![a.slice(s![..digits, ..]).to_owned()];
    for r in [5, 20, 50] {
        rows.push(matmul(
            &(&u.slice(s![..digits, ..r]) * &s.slice(s![..r])),
            &vh.slice(s![..r, ..]),
        )?);
    }
    let (w, h) = (digits * 28, rows.len() * 28);
    let mut pixels = vec![0u8; w * h];
    for (band, imgs) in rows.iter().enumerate() {
        for (d, img) in imgs.outer_iter().enumerate() {
            for (p, &v) in img.iter().enumerate() {
                let (y, x) = (band * 28 + p / 28, d * 28 + p % 28);
                pixels[y * w + x] = (v.clamp(0.0, 1.0) * 255.0).round() as u8;
            }
        }
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/figures");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("svd_low_rank.pgm");
    let mut file = std::fs::File::create(&path)?;
    write!(file, "P5\n{w} {h}\n255\n")?;
    file.write_all(&pixels)?;
    Ok(path.canonicalize()?.display().to_string())
}

fn json_f64(values: &[f64]) -> String {
    let items: Vec<String> = values.iter().map(|v| format!("{v:.6}")).collect();
    format!("[{}]", items.join(", "))
}

fn json_usize(values: &[usize]) -> String {
    let items: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    format!("[{}]", items.join(", "))
}
