//! The Rust side of `cargo xtask bench`: one workload per process, driven over stdin.
//!
//! ```text
//! workloads list                      names of the workloads, one per line
//! workloads serve NAME [--quick]      set NAME up, print `ready`, then per stdin line:
//!                                     `run`  -> one timed run, prints `time <seconds>`
//!                                     `done` -> prints `peak_rss <bytes>` and exits
//! ```
//!
//! `xtask/bench/numpy_twins.py` speaks the same protocol for the NumPy/scikit-learn twin of
//! each workload, so the xtask can alternate the two sides run by run under the same load.
//! Peak memory is the process's peak RSS (`VmHWM`) from the end of set-up to `done`: set-up
//! resets it through `/proc/self/clear_refs`.
//!
//! rayon's global pool is built with each worker pinned to its own core
//! (`performance::parallel::pin_global_threads`); NumPy's OpenBLAS is left as NumPy sets
//! it up.
//!
//! Build and run by hand: `cargo run --release -p bench-workloads -- list`.

use std::fs::File;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use algorithms::kmeans::FittedKMeans;
use algorithms::logistic_regression::LogisticRegression;
use algorithms::nn::{Mlp, Optimizer};
use algorithms::pca::{Pca, PcaSolver};
use ndarray::{Array1, Array2, ArrayView2, Axis, Ix2, Zip, s};
use ndarray_npy::{ViewMutNpyExt, write_zeroed_npy};
use performance::interop::npy::save_npy;
use performance::memmap::stream_column_stats;
use performance::ufuncs::par_exp_into;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const WORKLOADS: &[&str] = &[
    "matmul_f32_1024",
    "matmul_f64_2048",
    "thin_svd_10000x784",
    "eigh_784",
    "exp_f32_10m",
    "broadcast_axpb_10000x1000",
    "standardise_60000x784",
    "pca_top50_mnist",
    "kmeans_k10_20iter_mnist",
    "softmax_gd_100iter_mnist",
    "mlp_epoch_mnist",
    "memmap_stream_2gib_warm",
    "memmap_stream_2gib_cold",
    "npy_save_1gib",
];

type Runner = Box<dyn FnMut() -> Result<(), String>>;

/// One workload, set up: `before` runs untimed before each timed `run`.
struct Workload {
    before: Option<Runner>,
    run: Runner,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("list") | None => WORKLOADS.iter().for_each(|w| println!("{w}")),
        Some("serve") => {
            let Some(name) = args.get(1) else {
                eprintln!("usage: workloads serve NAME [--quick]");
                std::process::exit(2);
            };
            let quick = args.iter().any(|a| a == "--quick");
            if let Err(e) = serve(name, quick) {
                println!("error {e}");
                std::process::exit(1);
            }
        }
        Some(other) => {
            eprintln!("unknown command {other:?}: use list or serve");
            std::process::exit(2);
        }
    }
}

fn serve(name: &str, quick: bool) -> Result<(), String> {
    // Each rayon worker on its own core, as chapter 6 teaches for a program that owns the
    // machine (`performance::parallel`, "Where the threads run"): without it, a parallel
    // call after the bench's pause can find two workers sharing a core for a few ms.
    if let Err(e) = performance::parallel::pin_global_threads() {
        eprintln!("threads not pinned: {e}");
    }
    let mut workload = match setup(name, quick)? {
        Some(w) => w,
        None => return Ok(()), // `skipped: ...` already printed
    };
    reset_peak_rss();
    println!("ready");
    flush();
    for line in std::io::stdin().lock().lines() {
        match line.map_err(|e| e.to_string())?.trim() {
            "run" => {
                if let Some(before) = workload.before.as_mut() {
                    before()?;
                }
                let t = Instant::now();
                (workload.run)()?;
                println!("time {:.6}", t.elapsed().as_secs_f64());
            }
            "done" => {
                println!("peak_rss {}", peak_rss_bytes().unwrap_or(0));
                flush();
                return Ok(());
            }
            other => return Err(format!("unknown request {other:?}")),
        }
        flush();
    }
    Ok(())
}

fn flush() {
    let _ = std::io::stdout().flush();
}

/// Resets `VmHWM` to the current RSS (Linux >= 4.0), so the peak covers the runs only.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// `VmHWM` of /proc/self/status, in bytes.
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn uniform_f32(shape: (usize, usize), lo: f32, hi: f32, seed: u64) -> Array2<f32> {
    let mut rng = StdRng::seed_from_u64(seed);
    Array2::from_shape_simple_fn(shape, || rng.gen_range(lo..hi))
}

fn uniform_f64(shape: (usize, usize), seed: u64) -> Array2<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    Array2::from_shape_simple_fn(shape, || rng.gen_range(-1.0..1.0))
}

fn boxed(f: impl FnMut() -> Result<(), String> + 'static) -> Runner {
    Box::new(f)
}

fn plain(run: Runner) -> Option<Workload> {
    Some(Workload { before: None, run })
}

fn bench_dir() -> PathBuf {
    let dir = std::env::var_os("BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/bench"));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// MNIST training images as `(60000, 784)` f32 in [0, 1] and their labels.
type Mnist = (Array2<f32>, Array1<usize>);

fn mnist(quick: bool) -> Result<Option<Mnist>, String> {
    let train = datasets::or_skip(datasets::mnist::load(datasets::mnist::Split::Train))
        .map_err(|e| e.to_string())?;
    Ok(train.map(|m| {
        let m = if quick { m.head(6000) } else { m };
        (m.features_f32(), m.labels_usize())
    }))
}

fn setup(name: &str, quick: bool) -> Result<Option<Workload>, String> {
    let w = match name {
        "matmul_f32_1024" => {
            let n = if quick { 256 } else { 1024 };
            let (a, b) = (
                uniform_f32((n, n), -1.0, 1.0, 1),
                uniform_f32((n, n), -1.0, 1.0, 2),
            );
            plain(boxed(move || {
                let c = linalg::matmul(&a, &b).map_err(|e| e.to_string())?;
                std::hint::black_box(c);
                Ok(())
            }))
        }
        "matmul_f64_2048" => {
            let n = if quick { 512 } else { 2048 };
            let (a, b) = (uniform_f64((n, n), 1), uniform_f64((n, n), 2));
            plain(boxed(move || {
                let c = linalg::matmul(&a, &b).map_err(|e| e.to_string())?;
                std::hint::black_box(c);
                Ok(())
            }))
        }
        "thin_svd_10000x784" => {
            // np.linalg.svd(X, full_matrices=False): LAPACK gesdd against faer.
            let (m, n) = if quick { (1000, 100) } else { (10_000, 784) };
            let x = uniform_f64((m, n), 3);
            plain(boxed(move || {
                let svd = linalg::thin_svd(&x).map_err(|e| e.to_string())?;
                std::hint::black_box(svd);
                Ok(())
            }))
        }
        "eigh_784" => {
            // np.linalg.eigh(H + H.T): LAPACK syevd against faer.
            let n = if quick { 100 } else { 784 };
            let h = uniform_f64((n, n), 4);
            let sym = &h + &h.t();
            plain(boxed(move || {
                let eigh = linalg::eigh(&sym).map_err(|e| e.to_string())?;
                std::hint::black_box(eigh);
                Ok(())
            }))
        }
        "exp_f32_10m" => {
            // np.exp(x, out=y): chapter 6's vectorised exp on rayon's threads, no allocation.
            let n = if quick { 1_000_000 } else { 10_000_000 };
            let x = uniform_f32((n, 1), -10.0, 10.0, 3)
                .into_shape_with_order(n)
                .unwrap();
            let mut y = Array1::<f32>::zeros(n);
            plain(boxed(move || {
                par_exp_into(&x, &mut y).map_err(|e| e.to_string())?;
                std::hint::black_box(&y);
                Ok(())
            }))
        }
        "broadcast_axpb_10000x1000" => {
            // A = A * b + c in place, b and c broadcast along rows; one fused pass, row-parallel.
            let rows = if quick { 1000 } else { 10_000 };
            let mut a = uniform_f32((rows, 1000), -1.0, 1.0, 4);
            let b = uniform_f32((1, 1000), 0.999, 1.001, 5).remove_axis(Axis(0));
            let c = uniform_f32((1, 1000), -1e-3, 1e-3, 6).remove_axis(Axis(0));
            plain(boxed(move || {
                Zip::from(a.rows_mut()).par_for_each(|row| {
                    Zip::from(row)
                        .and(&b)
                        .and(&c)
                        .for_each(|x, &b, &c| *x = *x * b + c);
                });
                std::hint::black_box(&a);
                Ok(())
            }))
        }
        "standardise_60000x784" => {
            let rows = if quick { 6000 } else { 60_000 };
            let x = uniform_f32((rows, 784), 0.0, 1.0, 7);
            plain(boxed(move || {
                std::hint::black_box(standardise(x.view()));
                Ok(())
            }))
        }
        "pca_top50_mnist" => {
            let Some((x, _)) = mnist(quick)? else {
                return Ok(None);
            };
            plain(boxed(move || {
                let pca = Pca::params(50)
                    .solver(PcaSolver::CovarianceEigh)
                    .fit(&x)
                    .map_err(|e| e.to_string())?;
                std::hint::black_box(pca.n_components());
                Ok(())
            }))
        }
        "kmeans_k10_20iter_mnist" => {
            let Some((x, _)) = mnist(quick)? else {
                return Ok(None);
            };
            let init = x.slice(s![..10, ..]).to_owned();
            plain(boxed(move || {
                let mut km =
                    FittedKMeans::from_centroids(init.clone(), &x).map_err(|e| e.to_string())?;
                for _ in 0..20 {
                    km = km.lloyd_step(&x).map_err(|e| e.to_string())?;
                }
                std::hint::black_box(km.inertia());
                Ok(())
            }))
        }
        "softmax_gd_100iter_mnist" => {
            let Some((x, y)) = mnist(quick)? else {
                return Ok(None);
            };
            plain(boxed(move || {
                let fit = LogisticRegression::params()
                    .learning_rate(0.5)
                    .max_iter(100)
                    .tol(0.0)
                    .fit(&x, &y)
                    .map_err(|e| e.to_string())?;
                std::hint::black_box(fit.n_iter());
                Ok(())
            }))
        }
        "mlp_epoch_mnist" => {
            let Some((x, y)) = mnist(quick)? else {
                return Ok(None);
            };
            plain(boxed(move || {
                let fit = Mlp::params(&[784, 128, 10])
                    .optimizer(Optimizer::adam(1e-3))
                    .batch_size(128)
                    .epochs(1)
                    .fit(&x, &y)
                    .map_err(|e| e.to_string())?;
                std::hint::black_box(fit.history()[0].loss);
                Ok(())
            }))
        }
        "memmap_stream_2gib_warm" | "memmap_stream_2gib_cold" => {
            let cold = name.ends_with("cold");
            let path = stream_file(quick)?;
            let before = cold.then(|| {
                let path = path.clone();
                boxed(move || drop_page_cache(&path))
            });
            if !cold {
                // Warm: read it once so it is in the page cache.
                stream_stats(&path)?;
            }
            Some(Workload {
                before,
                run: boxed(move || {
                    std::hint::black_box(stream_stats(&path)?);
                    Ok(())
                }),
            })
        }
        "npy_save_1gib" => {
            let n = if quick { 16 << 20 } else { 256 << 20 }; // f32 elements: 64 MiB / 1 GiB
            let x = uniform_f32((n / 1024, 1024), -1.0, 1.0, 8);
            let path = bench_dir().join("save_rust.npy");
            plain(boxed(move || {
                save_npy(&path, &x).map_err(|e| e.to_string())
            }))
        }
        other => return Err(format!("unknown workload {other:?}")),
    };
    Ok(w)
}

/// `(X - X.mean(0)) / X.std(0)`: column sums in f64 (one pass over rows, cache-resident
/// accumulators), then one fused row-parallel pass writing the result.
fn standardise(x: ArrayView2<'_, f32>) -> Array2<f32> {
    let n = x.nrows() as f64;
    let mut sum = Array1::<f64>::zeros(x.ncols());
    let mut sum_sq = Array1::<f64>::zeros(x.ncols());
    for row in x.rows() {
        Zip::from(&mut sum)
            .and(&mut sum_sq)
            .and(&row)
            .for_each(|s, q, &v| {
                let v = f64::from(v);
                *s += v;
                *q += v * v;
            });
    }
    let mean = sum.mapv(|s| s / n);
    let inv_std: Array1<f32> = Zip::from(&sum_sq)
        .and(&mean)
        .map_collect(|&q, &m| (1.0 / (q / n - m * m).max(f64::MIN_POSITIVE).sqrt()) as f32);
    let mean = mean.mapv(|m| m as f32);
    let mut out = Array2::<f32>::zeros(x.raw_dim());
    Zip::from(out.rows_mut())
        .and(x.rows())
        .par_for_each(|mut o, r| {
            Zip::from(&mut o)
                .and(&r)
                .and(&mean)
                .and(&inv_std)
                .for_each(|o, &v, &m, &s| *o = (v - m) * s);
        });
    out
}

/// Columns of the streaming file.
const STREAM_COLS: usize = 256;

/// The streaming file: `(rows, 256)` f32, 2 GiB (64 MiB with `--quick`), made once through a
/// memory map (`write_zeroed_npy` + `view_mut_npy`) and reused by both sides.
fn stream_file(quick: bool) -> Result<PathBuf, String> {
    const COLS: usize = STREAM_COLS;
    let rows = if quick { 1 << 16 } else { 1 << 21 };
    let path = bench_dir().join(format!("stream_{rows}x{COLS}.npy"));
    let expected_len = (rows * COLS * 4) as u64 + 128;
    if std::fs::metadata(&path).is_ok_and(|m| m.len() == expected_len) {
        return Ok(path);
    }
    let tmp = path.with_extension("tmp");
    let file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&tmp)
        .map_err(|e| e.to_string())?;
    write_zeroed_npy::<f32, _>(&file, ndarray::Dim([rows, COLS])).map_err(|e| e.to_string())?;
    {
        // SAFETY: the file was just created by this process and nothing else maps it.
        let mut map = unsafe { memmap2::MmapMut::map_mut(&file) }.map_err(|e| e.to_string())?;
        let mut view =
            ndarray::ArrayViewMut::<f32, Ix2>::view_mut_npy(&mut map).map_err(|e| e.to_string())?;
        Zip::indexed(&mut view)
            .par_for_each(|(i, j), v| *v = ((i * 7 + j * 13) % 1000) as f32 / 100.0);
        map.flush().map_err(|e| e.to_string())?;
    }
    file.sync_all().map_err(|e| e.to_string())?;
    std::fs::rename(&tmp, &path).map_err(|e| e.to_string())?;
    Ok(path)
}

/// Evicts the file's pages from the page cache (`posix_fadvise(POSIX_FADV_DONTNEED)`), so
/// the next read comes from disk.
fn drop_page_cache(path: &Path) -> Result<(), String> {
    use std::os::fd::AsRawFd;
    let file = File::open(path).map_err(|e| e.to_string())?;
    // SAFETY: a valid open descriptor; the call only advises the kernel.
    let rc = unsafe { libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
    if rc == 0 {
        Ok(())
    } else {
        Err(format!("posix_fadvise failed: {rc}"))
    }
}

/// Per-column mean and std over a memory-mapped `.npy` with chapter 6's
/// `stream_column_stats`: chunks of 16 MiB of rows, each summed in `f64` by two threads, the
/// next two chunks read ahead (`MADV_WILLNEED`) and each chunk's pages released after use
/// (`MADV_DONTNEED`), so peak RSS stays at about one chunk whatever the file size.
fn stream_stats(path: &Path) -> Result<(Array1<f64>, Array1<f64>), String> {
    let chunk_rows = (16 << 20) / (STREAM_COLS * 4);
    let stats = stream_column_stats::<f32>(path, chunk_rows, true).map_err(|e| e.to_string())?;
    Ok((stats.mean().clone(), stats.std(0)))
}
