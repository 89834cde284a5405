//! Practical task: write a large array as chunked Zarr for Dask.
//!
//! A `.npy` of `ROWS x 784` float32 (default 1 GiB, size in MiB by argument) is created
//! through a memory map, then streamed into a zstd-compressed Zarr v3 array in chunks of
//! 16384 rows (about 51 MiB each), one chunk in memory at a time: both steps release each
//! chunk's pages once done with them, so the peak RSS stays near one chunk's size, not the
//! file's. Dask then computes on it
//! chunk by chunk, in parallel:
//!
//! ```python
//! import dask.array as da
//! x = da.from_zarr("target/to_zarr/features.zarr")   # lazy, one task per chunk
//! x.mean(axis=0).compute()
//! ```
//!
//! Run: `cargo run --release -p performance --example to_zarr [MIB]`

use std::path::Path;
use std::time::Instant;

use ndarray::{Ix2, Zip, s};
use performance::interop::zarr::{npy_to_zarr, read_zarr_block};
use performance::memmap::NpyMapMut;

const COLS: usize = 784;
const CHUNK_ROWS: usize = 16_384;

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn dir_bytes(path: &Path) -> u64 {
    std::fs::read_dir(path).map_or(0, |entries| {
        entries
            .flatten()
            .map(|e| {
                let p = e.path();
                if p.is_dir() {
                    dir_bytes(&p)
                } else {
                    e.metadata().map_or(0, |m| m.len())
                }
            })
            .sum()
    })
}

fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kib| kib / 1024)
}

/// A pixel-like pattern (smooth in each row, repeating), so compression has something to do.
fn value(i: usize, j: usize) -> f32 {
    let (r, c) = ((j / 28) as f32 - 13.5, (j % 28) as f32 - 13.5);
    let radius = (i % 97) as f32 / 8.0 + 2.0;
    (1.0 - ((r * r + c * c).sqrt() - radius).abs() / 3.0).max(0.0)
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mib: usize = std::env::args().nth(1).map_or(Ok(1024), |a| a.parse())?;
    let rows = (mib << 20) / (COLS * 4);
    let out = Path::new("target/to_zarr");
    std::fs::create_dir_all(out)?;
    let npy = out.join("features.npy");
    let zarr = out.join("features.zarr");

    // 1. A .npy larger than we want in RAM, filled through a memory map
    //    (np.lib.format.open_memmap), a chunk at a time: each chunk's pages are released once
    //    written, so they do not stay in this process's RSS.
    let t = Instant::now();
    {
        let mut map = NpyMapMut::create::<f32>(&npy, (rows, COLS))?;
        let offset = map.data_offset::<f32>()?;
        for start in (0..rows).step_by(CHUNK_ROWS) {
            let end = (start + CHUNK_ROWS).min(rows);
            {
                let mut view = map.view_mut::<f32, Ix2>()?;
                let mut block = view.slice_mut(s![start..end, ..]);
                Zip::indexed(&mut block).par_for_each(|(i, j), v| *v = value(start + i, j));
            }
            map.release(offset + start * COLS * 4, (end - start) * COLS * 4)?;
        }
        map.flush()?;
    }
    let rss_after_fill = peak_rss_mib();
    let gb = (rows * COLS * 4) as f64 / 1e9;
    println!(
        "features.npy ({rows}, {COLS}) float32, {gb:.2} GB, filled through a memmap in {:.2} s",
        t.elapsed().as_secs_f64()
    );

    // 2. Stream it into Zarr, chunk by chunk.
    let t = Instant::now();
    npy_to_zarr::<f32>(&npy, &zarr, CHUNK_ROWS)?;
    let seconds = t.elapsed().as_secs_f64();
    let stored = dir_bytes(&zarr) as f64 / 1e9;
    let n_chunks = rows.div_ceil(CHUNK_ROWS);
    println!(
        "features.zarr: {n_chunks} chunks of ({CHUNK_ROWS}, {COLS}), zstd: {stored:.3} GB on disk \
         (ratio {:.1}x), written at {:.2} GB/s",
        gb / stored,
        gb / seconds
    );

    // 3. Check: read three rows back (only their chunks are decoded) against the formula.
    let mut ok = true;
    for i in [0, rows / 2, rows - 1] {
        let row = read_zarr_block::<f32>(&zarr, &[i, 0], &[1, COLS])?;
        ok &= row.iter().enumerate().all(|(j, &v)| v == value(i, j));
    }
    std::fs::remove_file(&npy)?;

    println!("\nIn Python (zarr >= 3, dask):");
    println!("import dask.array as da");
    println!(
        "x = da.from_zarr(\"{}\")  # {:?} chunks",
        zarr.display(),
        (CHUNK_ROWS, COLS)
    );
    println!("mean = x.mean(axis=0).compute()  # one task per chunk, all cores");
    println!();
    println!("result: gigabytes = {gb:.2}");
    println!("result: chunks = {n_chunks}");
    println!("result: write_gb_per_s = {:.2}", gb / seconds);
    println!("result: compression_ratio = {:.1}", gb / stored);
    println!("result: read_back_equal = {ok}");
    println!("result: peak_rss_mib_fill = {rss_after_fill}");
    println!("result: peak_rss_mib = {}", peak_rss_mib());
    Ok(())
}
