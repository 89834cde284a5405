//! Practical task 4: a `.npy` larger than you want in RAM, through a memory map.
//!
//! NumPy:
//! ```text
//! x = np.lib.format.open_memmap("big.npy", "w+", np.float32, (n, 256))   # fill chunk by chunk
//! mu = x.mean(0, dtype=np.float64); sd = x.std(0, dtype=np.float64)     # RSS grows to the file size
//! y = np.lib.format.open_memmap("big_std.npy", "w+", np.float32, x.shape)
//! for i in range(0, n, k): y[i:i+k] = (x[i:i+k] - mu) / sd
//! ```
//! Here every phase releases its pages as it goes (madvise DONTNEED), so peak RSS stays at
//! a few chunks whatever the file size.
//!
//! `cargo run --release -p performance --example memmap_large [-- --gib 2 --dir target/tmp]`
//! Files go to `--dir` (default: `target/tmp` under the workspace, or `$CARGO_TARGET_DIR/tmp`)
//! and are deleted at the end.

mod common;

use std::path::PathBuf;
use std::time::Instant;

use common::{arg, loadavg, or_exit};
use ndarray::{Axis, Ix2};
use performance::memmap::{NpyMapMut, peak_rss_bytes, standardize_npy, stream_column_stats};

const COLS: usize = 256;
const CHUNK_ROWS: usize = 16384; // 16 MiB of f32 per chunk

fn default_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("tmp")
}

/// Deletes the files even on an early exit.
struct Cleanup(Vec<PathBuf>);
impl Drop for Cleanup {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn mib(b: u64) -> f64 {
    b as f64 / (1u64 << 20) as f64
}

fn main() {
    let gib: f64 = arg("--gib", 2.0);
    let dir: PathBuf = arg("--dir", default_dir().display().to_string()).into();
    or_exit(std::fs::create_dir_all(&dir));
    let rows = ((gib * (1u64 << 30) as f64) / (COLS * 4) as f64) as usize;
    let bytes = (rows * COLS * 4) as f64;
    let src = dir.join(format!("memmap_large_{}.npy", std::process::id()));
    let dst = dir.join(format!("memmap_large_{}_std.npy", std::process::id()));
    let _cleanup = Cleanup(vec![src.clone(), dst.clone()]);
    println!(
        "{rows} x {COLS} float32 = {:.2} GiB in {} (load {})",
        bytes / (1u64 << 30) as f64,
        dir.display(),
        loadavg()
    );

    // 1. create through a mutable map, filling chunk by chunk: x[i, j] = (i % 1000) * (j + 1) / 1000 + j
    let t = Instant::now();
    {
        let mut out = or_exit(NpyMapMut::create::<f32>(&src, (rows, COLS)));
        let off = or_exit(out.data_offset::<f32>());
        for start in (0..rows).step_by(CHUNK_ROWS) {
            let end = (start + CHUNK_ROWS).min(rows);
            {
                let mut x = or_exit(out.view_mut::<f32, Ix2>());
                let mut block = x.slice_mut(ndarray::s![start..end, ..]);
                for (r, mut row) in block.axis_iter_mut(Axis(0)).enumerate() {
                    let i = ((start + r) % 1000) as f32;
                    for (j, v) in row.iter_mut().enumerate() {
                        *v = i * (j as f32 + 1.0) / 1000.0 + j as f32;
                    }
                }
            }
            or_exit(out.release(off + start * COLS * 4, (end - start) * COLS * 4));
        }
        or_exit(out.flush());
    }
    let t_write = t.elapsed().as_secs_f64();
    println!(
        "write:        {:6.2} s  {:6.2} GB/s  peak RSS {:7.1} MiB",
        t_write,
        bytes / t_write / 1e9,
        mib(peak_rss_bytes().unwrap_or(0))
    );

    // 2. stream per-column statistics (f64 accumulation), pages released
    let t = Instant::now();
    let stats = or_exit(stream_column_stats::<f32>(&src, CHUNK_ROWS, true));
    let t_stats = t.elapsed().as_secs_f64();
    println!(
        "stream stats: {:6.2} s  {:6.2} GB/s  peak RSS {:7.1} MiB",
        t_stats,
        bytes / t_stats / 1e9,
        mib(peak_rss_bytes().unwrap_or(0))
    );
    // known answer for column j: mean over i%1000 of i*(j+1)/1000 + j (rows is large, cycles ~complete)
    let want0 = (0..rows).map(|i| (i % 1000) as f64 / 1000.0).sum::<f64>() / rows as f64;
    assert!(
        (stats.mean()[0] - want0).abs() < 1e-4,
        "{} vs {want0}",
        stats.mean()[0]
    );

    // 3. standardised copy to a new .npy (stats pass + transform pass)
    let t = Instant::now();
    or_exit(standardize_npy(&src, &dst, CHUNK_ROWS));
    let t_std = t.elapsed().as_secs_f64();
    println!(
        "standardise:  {:6.2} s  {:6.2} GB/s (read twice + write)  peak RSS {:7.1} MiB",
        t_std,
        3.0 * bytes / t_std / 1e9,
        mib(peak_rss_bytes().unwrap_or(0))
    );
    let check = or_exit(stream_column_stats::<f32>(&dst, CHUNK_ROWS, true));
    let max_mean = check.mean().iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let std1 = check.std(0);
    assert!(max_mean < 1e-3 && std1.iter().all(|s| (s - 1.0).abs() < 1e-3));

    let peak = peak_rss_bytes().unwrap_or(0);
    println!("result: gib = {:.2}", bytes / (1u64 << 30) as f64);
    println!("result: write_gb_per_s = {:.2}", bytes / t_write / 1e9);
    println!(
        "result: stream_stats_gb_per_s = {:.2}",
        bytes / t_stats / 1e9
    );
    println!("result: standardize_s = {t_std:.2}");
    println!("result: peak_rss_mib = {:.1}", mib(peak));
    if peak >= 256 << 20 {
        eprintln!("error: peak RSS {:.1} MiB is not below 256 MiB", mib(peak));
        std::process::exit(1);
    }
}
