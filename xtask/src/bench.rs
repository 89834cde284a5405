//! `cargo xtask bench`: every workload in Rust (release) and its NumPy / scikit-learn twin,
//! in the same run, alternating, median of N runs; a table and `target/bench/summary.json`.
//! Each ratio comes with a 95% bootstrap interval ([`ratio_interval`]), because on a shared
//! virtual machine the noise between runs is as large as the differences being measured.
//!
//! Each side is one process per workload, speaking a line protocol on stdin/stdout
//! (`ready`, then `run` -> `time <s>` as often as asked, `done` -> `peak_rss <bytes>`):
//! - Rust: `xtask/workloads` (package `bench-workloads`), built with `cargo build --release`;
//! - Python: `xtask/bench/numpy_twins.py`, with `--python PATH`, else the workspace's
//!   `.venv/bin/python`, else `python3`, when it imports numpy; otherwise the NumPy column
//!   stays empty.
//!
//! The first run of each side is a warm-up and not counted; then the sides take turns (and
//! who goes first alternates), so a change in machine load hits both. Peak memory is each
//! process's peak RSS during the runs (reset after set-up through `/proc/self/clear_refs`).
//! The Rust side pins each rayon worker to its own core
//! (`performance::parallel::pin_global_threads`); the Python side runs as NumPy sets it up.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

use crate::workspace_root;

/// Pause before each timed run, so that the previous run's threads (the other side's, in
/// the other process) have stopped spinning and the run has both cores to itself.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(300);

const USAGE: &str =
    "cargo xtask bench [--quick] [--runs N] [--python PATH | --no-python] [--only NAME,...]";

struct Options {
    quick: bool,
    runs: usize,
    python: Option<String>,
    no_python: bool,
    only: Vec<String>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        quick: false,
        runs: 0,
        python: None,
        no_python: false,
        only: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or(format!("{a} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "--quick" => o.quick = true,
            "--runs" => {
                o.runs = value()?
                    .parse()
                    .map_err(|_| format!("--runs: a number\n{USAGE}"))?
            }
            "--python" => o.python = Some(value()?),
            "--no-python" => o.no_python = true,
            "--only" => o.only = value()?.split(',').map(str::to_string).collect(),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    if o.runs == 0 {
        o.runs = if o.quick { 3 } else { 5 };
    }
    Ok(o)
}

/// One side's measurements of one workload.
#[derive(Default)]
struct Side {
    times: Vec<f64>,
    peak_rss: Option<u64>,
    note: Option<String>,
}

impl Side {
    fn median(&self) -> Option<f64> {
        median(&self.times)
    }

    fn json(&self) -> Value {
        json!({
            "median_s": self.median(),
            "times_s": self.times,
            "peak_rss_bytes": self.peak_rss,
            "note": self.note,
        })
    }
}

fn median(times: &[f64]) -> Option<f64> {
    if times.is_empty() {
        return None;
    }
    let mut t = times.to_vec();
    t.sort_by(f64::total_cmp);
    let n = t.len();
    Some(if n % 2 == 1 {
        t[n / 2]
    } else {
        (t[n / 2 - 1] + t[n / 2]) / 2.0
    })
}

/// Resamples drawn by [`ratio_interval`].
const RESAMPLES: usize = 2000;

/// A 95% percentile-bootstrap interval for `median(rust) / median(numpy)`.
///
/// On a shared virtual machine one call can take twice as long as the next, so a ratio of
/// medians from a handful of runs moves by 10-20% between tables. The interval says how far:
/// each of [`RESAMPLES`] resamples draws as many times as were measured, with replacement,
/// from each side, and takes the ratio of the two medians; the interval runs from the 2.5th
/// to the 97.5th percentile of those ratios. A row whose interval holds 1.0 is level within
/// the noise of the run. The draws come from a fixed seed, so the same times give the same
/// interval.
fn ratio_interval(rust: &[f64], numpy: &[f64]) -> Option<(f64, f64)> {
    if rust.is_empty() || numpy.is_empty() {
        return None;
    }
    let mut rng = SplitMix64(0x5eed_5eed);
    let mut draw = |times: &[f64]| -> f64 {
        let sample: Vec<f64> = (0..times.len())
            .map(|_| times[rng.below(times.len())])
            .collect();
        median(&sample).expect("times is not empty")
    };
    let mut ratios: Vec<f64> = (0..RESAMPLES).map(|_| draw(rust) / draw(numpy)).collect();
    ratios.sort_by(f64::total_cmp);
    let at = |q: f64| ratios[((RESAMPLES - 1) as f64 * q).round() as usize];
    Some((at(0.025), at(0.975)))
}

/// Steele, Lea and Flood's SplitMix64: a small generator, good enough to draw resamples.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`, from the high bits (Lemire's multiply-shift, bias below 2^-32).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
}

/// A running worker process.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Worker {
    /// Starts `command` and waits for `ready`; `Ok(Err(reason))` when it skipped or failed.
    fn start(mut command: Command) -> Result<Result<Worker, String>, String> {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {command:?}: {e}"))?;
        let stdin = child.stdin.take().expect("piped");
        let stdout = BufReader::new(child.stdout.take().expect("piped"));
        let mut worker = Worker {
            child,
            stdin,
            stdout,
        };
        loop {
            match worker.line() {
                Some(l) if l == "ready" => return Ok(Ok(worker)),
                Some(l) if l.starts_with("skipped:") || l.starts_with("error") => {
                    let _ = worker.child.wait();
                    return Ok(Err(l));
                }
                Some(_) => continue,
                None => {
                    let status = worker.child.wait().map_err(|e| e.to_string())?;
                    return Ok(Err(format!("exited during set-up ({status})")));
                }
            }
        }
    }

    fn line(&mut self) -> Option<String> {
        let mut s = String::new();
        match self.stdout.read_line(&mut s) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(s.trim().to_string()),
        }
    }

    /// Sends `request` and returns the value of the reply line starting with `key`.
    fn ask(&mut self, request: &str, key: &str) -> Result<String, String> {
        writeln!(self.stdin, "{request}").map_err(|e| format!("worker gone: {e}"))?;
        self.stdin.flush().map_err(|e| e.to_string())?;
        loop {
            let line = self.line().ok_or("worker exited")?;
            if let Some(v) = line.strip_prefix(key) {
                return Ok(v.trim().to_string());
            }
            if line.starts_with("error") {
                return Err(line);
            }
        }
    }

    fn run(&mut self) -> Result<f64, String> {
        self.ask("run", "time")?
            .parse()
            .map_err(|e| format!("bad time: {e}"))
    }

    fn finish(mut self) -> Option<u64> {
        let peak = self.ask("done", "peak_rss").ok()?.parse().ok();
        let _ = self.child.wait();
        peak
    }
}

/// Builds the Rust worker in the release (bench) profile and returns its path.
fn build_worker(root: &Path) -> Result<PathBuf, String> {
    eprintln!("building the Rust workloads (cargo build --release -p bench-workloads)...");
    let out = crate::cargo_command()
        .current_dir(root)
        .args([
            "build",
            "--release",
            "-p",
            "bench-workloads",
            "--message-format=json-render-diagnostics",
        ])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err("building xtask/workloads (bench-workloads) failed".into());
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["reason"] == "compiler-artifact" && v["target"]["name"] == "bench-workloads")
        .find_map(|v| v["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo did not report the workloads executable".into())
}

/// The Python to use and its versions line, or why there is none.
fn find_python(root: &Path, given: Option<&str>) -> Result<(String, String), String> {
    let venv = root.join(".venv/bin/python");
    let candidates: Vec<String> = match given {
        Some(p) => vec![p.to_string()],
        None => [
            venv.is_file().then(|| venv.display().to_string()),
            Some("python3".into()),
        ]
        .into_iter()
        .flatten()
        .collect(),
    };
    let probe = "import sys, numpy; v = 'python ' + sys.version.split()[0] + ', numpy ' + numpy.__version__\n\
                 try:\n    import sklearn; v += ', scikit-learn ' + sklearn.__version__\n\
                 except ImportError:\n    v += ', no scikit-learn'\nprint(v)";
    for python in &candidates {
        if let Ok(out) = Command::new(python).args(["-c", probe]).output()
            && out.status.success()
        {
            return Ok((
                python.clone(),
                String::from_utf8_lossy(&out.stdout).trim().to_string(),
            ));
        }
    }
    Err(format!("no Python with numpy among {candidates:?}"))
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn fmt_time(t: Option<f64>) -> String {
    match t {
        None => "-".into(),
        Some(t) if t < 1.0 => format!("{:.1} ms", t * 1e3),
        Some(t) => format!("{t:.2} s"),
    }
}

fn fmt_mib(b: Option<u64>) -> String {
    b.map_or("-".into(), |b| format!("{}", b >> 20))
}

/// `cargo xtask bench ...`
pub fn run(args: &[String]) -> Result<(), String> {
    let opts = parse(args)?;
    let root = workspace_root();
    let bench_dir = root.join("target/bench");
    std::fs::create_dir_all(&bench_dir).map_err(|e| format!("{}: {e}", bench_dir.display()))?;
    let worker = build_worker(&root)?;
    let python = if opts.no_python {
        Err("--no-python".to_string())
    } else {
        find_python(&root, opts.python.as_deref())
    };
    match &python {
        Ok((p, v)) => eprintln!("NumPy side: {p} ({v})"),
        Err(e) => eprintln!("NumPy side skipped: {e}"),
    }
    let mnist_dir = datasets::DataDir::default_location().root().join("mnist");
    let script = root.join("xtask/bench/numpy_twins.py");
    let listed = Command::new(&worker)
        .arg("list")
        .output()
        .map_err(|e| e.to_string())?;
    let names: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(str::to_string)
        .filter(|n| opts.only.is_empty() || opts.only.iter().any(|o| n.contains(o.as_str())))
        .collect();
    let load_before = loadavg();
    eprintln!(
        "{} workloads, {} runs each after a warm-up{}; load average {load_before}",
        names.len(),
        opts.runs,
        if opts.quick { ", --quick sizes" } else { "" }
    );

    let mut rows = Vec::new();
    for name in &names {
        eprint!("{name}: ");
        let mut rust_cmd = Command::new(&worker);
        rust_cmd
            .args(["serve", name])
            .args(opts.quick.then_some("--quick"))
            .env("BENCH_DIR", &bench_dir)
            .current_dir(&root);
        let (mut rust, mut numpy) = (Side::default(), Side::default());
        let mut rust_worker = match Worker::start(rust_cmd)? {
            Ok(w) => Some(w),
            Err(reason) => {
                rust.note = Some(reason);
                None
            }
        };
        let mut py_worker = None;
        if rust_worker.is_some() {
            match &python {
                Ok((p, _)) => {
                    let mut cmd = Command::new(p);
                    cmd.arg(&script)
                        .args(["serve", name])
                        .args(opts.quick.then_some("--quick"))
                        .arg("--mnist")
                        .arg(&mnist_dir)
                        .arg("--bench-dir")
                        .arg(&bench_dir)
                        .current_dir(&root);
                    match Worker::start(cmd)? {
                        Ok(w) => py_worker = Some(w),
                        Err(reason) => numpy.note = Some(reason),
                    }
                }
                Err(e) => numpy.note = Some(e.clone()),
            }
        }
        for rep in 0..=opts.runs {
            let rust_first = rep % 2 == 0;
            for turn in 0..2 {
                let (worker, side) = if (turn == 0) == rust_first {
                    (&mut rust_worker, &mut rust)
                } else {
                    (&mut py_worker, &mut numpy)
                };
                if let Some(w) = worker.as_mut() {
                    // Let the other side's worker threads go idle first: OpenBLAS's threads
                    // spin for a while after a call, and would otherwise share the cores
                    // with this run.
                    std::thread::sleep(SETTLE);
                    match w.run() {
                        Ok(t) if rep > 0 => side.times.push(t),
                        Ok(_) => {}
                        Err(e) => {
                            side.note = Some(e);
                            *worker = None;
                        }
                    }
                }
            }
            eprint!(".");
        }
        rust.peak_rss = rust_worker.and_then(Worker::finish);
        numpy.peak_rss = py_worker.and_then(Worker::finish);
        eprintln!(
            " rust {} numpy {}",
            fmt_time(rust.median()),
            fmt_time(numpy.median())
        );
        rows.push((name.clone(), rust, numpy));
    }
    let _ = std::fs::remove_file(bench_dir.join("save_rust.npy"));
    let _ = std::fs::remove_file(bench_dir.join("save_numpy.npy"));
    let load_after = loadavg();

    println!(
        "\n| workload | Rust | NumPy | ratio (Rust/NumPy) | 95% interval | peak RSS MiB (Rust / NumPy) |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let mut json_rows = Vec::new();
    for (name, rust, numpy) in &rows {
        let ratio = rust.median().zip(numpy.median()).map(|(r, n)| r / n);
        let interval = ratio_interval(&rust.times, &numpy.times);
        let label = match (&rust.note, rust.times.is_empty()) {
            (Some(note), true) => format!("{name} ({note})"),
            _ => name.clone(),
        };
        println!(
            "| {label} | {} | {} | {} | {} | {} / {} |",
            fmt_time(rust.median()),
            fmt_time(numpy.median()),
            ratio.map_or("-".into(), |r| format!("{r:.2}")),
            interval.map_or("-".into(), |(lo, hi)| format!("{lo:.2}-{hi:.2}")),
            fmt_mib(rust.peak_rss),
            fmt_mib(numpy.peak_rss),
        );
        json_rows.push(json!({
            "workload": name,
            "rust": rust.json(),
            "numpy": numpy.json(),
            "ratio_rust_over_numpy": ratio,
            "ratio_interval_95": interval.map(|(lo, hi)| [lo, hi]),
        }));
    }
    println!(
        "\nload average: {load_before} before, {load_after} after; median of {} runs; \
         interval: bootstrap of the ratio of medians",
        opts.runs
    );
    let summary = json!({
        "quick": opts.quick,
        "runs": opts.runs,
        "python": python.as_ref().ok().map(|(p, v)| json!({"path": p, "versions": v})),
        "cpus": std::thread::available_parallelism().map(|n| n.get()).ok(),
        "loadavg_before": load_before,
        "loadavg_after": load_after,
        "workloads": json_rows,
    });
    let path = bench_dir.join("summary.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?,
    )
    .map_err(|e| format!("{}: {e}", path.display()))?;
    println!("written: {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn ratio_interval_collapses_to_the_ratio_when_every_run_took_the_same_time() {
        let (lo, hi) = ratio_interval(&[2.0; 5], &[4.0; 5]).unwrap();
        assert_eq!((lo, hi), (0.5, 0.5));
        assert_eq!(ratio_interval(&[], &[1.0]), None);
    }

    #[test]
    fn ratio_interval_holds_the_ratio_of_medians_and_stays_inside_the_extreme_ratios() {
        let rust = [0.142, 0.175, 0.227, 0.129, 0.148];
        let numpy = [0.129, 0.123, 0.229, 0.230, 0.126];
        let ratio = median(&rust).unwrap() / median(&numpy).unwrap();
        let (lo, hi) = ratio_interval(&rust, &numpy).unwrap();
        assert!(lo <= ratio && ratio <= hi, "{lo} {ratio} {hi}");
        // A median of a resample is one of the times, so no ratio leaves [min/max, max/min].
        assert!(lo >= 0.129 / 0.230 && hi <= 0.227 / 0.123, "{lo} {hi}");
        // Two modes on the NumPy side (0.12 and 0.23 s): the interval holds 1.0.
        assert!(lo < 1.0 && hi > 1.0, "{lo} {hi}");
    }

    #[test]
    fn ratio_interval_excludes_one_when_the_sides_do_not_overlap() {
        let rust = [1.00, 1.05, 1.02, 1.08, 1.01, 1.04, 1.03];
        let numpy = [2.00, 2.10, 2.05, 2.02, 2.08, 2.01, 2.04];
        let (lo, hi) = ratio_interval(&rust, &numpy).unwrap();
        assert!(1.00 / 2.10 <= lo && hi <= 1.08 / 2.00, "{lo} {hi}");
        assert!(hi < 1.0);
    }

    #[test]
    fn below_draws_every_index_and_nothing_outside() {
        let mut rng = SplitMix64(1);
        let mut seen = [0usize; 5];
        for _ in 0..5000 {
            seen[rng.below(5)] += 1;
        }
        // 1000 expected per index; a binomial sd of 28, so 800-1200 is 7 sd either way.
        assert!(seen.iter().all(|&c| (800..1200).contains(&c)), "{seen:?}");
    }

    #[test]
    fn parses_options_and_rejects_unknown_ones() {
        let args: Vec<String> = [
            "--quick",
            "--only",
            "matmul,exp",
            "--python",
            "/usr/bin/python3",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let o = parse(&args).unwrap();
        assert!(o.quick);
        assert_eq!(o.runs, 3);
        assert_eq!(o.only, ["matmul", "exp"]);
        assert_eq!(o.python.as_deref(), Some("/usr/bin/python3"));
        assert!(parse(&["--fast".to_string()]).is_err());
        assert!(parse(&["--runs".to_string()]).is_err());
    }
}
