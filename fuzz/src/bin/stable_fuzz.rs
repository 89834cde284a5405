//! A mutation fuzzer on the stable toolchain: the fallback when libFuzzer cannot run.
//!
//! ```text
//! cargo run --release --bin stable_fuzz -- <target|all> [--runs N] [--seed S] [--max-len L]
//! ```
//!
//! It loads `corpus/<target>/*` as seeds, then for N executions picks a seed, applies 1 to 8
//! random mutations (bit flips, interesting bytes and big-endian/little-endian integers such as
//! 0, 1, 0x7fffffff, 0xffffffff, inserted/deleted/duplicated chunks, splices with another
//! seed, inserted dictionary tokens of the formats) and runs the target under `catch_unwind`.
//! A panicking input is written to `artifacts/<target>/crash-<hash>`; an input taking more
//! than a second to `artifacts/<target>/slow-<hash>`. There is no coverage feedback (that is
//! what libFuzzer adds); inputs that find nothing are not kept, so the corpus stays the seeds.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const INTERESTING_U32: [u32; 10] = [
    0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 60000,
];

/// Tokens of the formats under test, inserted whole.
const DICTIONARY: &[&[u8]] = &[
    b"\x00\x00\x08\x03", b"\x00\x00\x08\x01", b"\x93NUMPY", b"'shape': (", b"'descr': '<f8'",
    b"'descr': '|u1'", b"'fortran_order': True", b"(18446744073709551615,)", b"nan", b"inf",
    b"-inf", b"1e308", b"NA", b"\"", b"\r\n", b"#", b",", b";", b"...", b"->", b"ii", b"ij,jk",
    b"../", b"/", b"ustar\x0000", b"./", b"\xff\xfe", b"99999999999999999999",
];

struct Options {
    targets: Vec<(&'static str, fuzz::datasets::Target)>,
    runs: u64,
    seed: u64,
    max_len: usize,
}

fn parse_args() -> Result<Options, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = args.first().ok_or("usage: stable_fuzz <target|all> [--runs N] [--seed S] [--max-len L]")?;
    let all = fuzz::all_targets();
    let targets: Vec<_> = if name == "all" {
        all
    } else {
        let t = all.into_iter().filter(|(n, _)| n == name).collect::<Vec<_>>();
        if t.is_empty() {
            let names: Vec<_> = fuzz::all_targets().iter().map(|(n, _)| *n).collect();
            return Err(format!("unknown target {name}; targets: {}", names.join(", ")));
        }
        t
    };
    let mut options = Options { targets, runs: 100_000, seed: 1, max_len: 1 << 16 };
    let mut it = args[1..].iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let number: u64 = value.parse().map_err(|_| format!("{flag}: {value:?} is not a number"))?;
        match flag.as_str() {
            "--runs" => options.runs = number,
            "--seed" => options.seed = number,
            "--max-len" => options.max_len = number as usize,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(options)
}

fn fuzz_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load_seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = fuzz_root().join("corpus").join(target);
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().is_file())
                .filter_map(|e| std::fs::read(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    if seeds.is_empty() {
        seeds.push(Vec::new());
    }
    seeds
}

fn mutate(rng: &mut StdRng, input: &mut Vec<u8>, seeds: &[Vec<u8>], max_len: usize) {
    let n = rng.gen_range(1..=8);
    for _ in 0..n {
        let len = input.len();
        match rng.gen_range(0..10) {
            0 if len > 0 => {
                let i = rng.gen_range(0..len);
                input[i] ^= 1 << rng.gen_range(0..8);
            }
            1 if len > 0 => {
                let i = rng.gen_range(0..len);
                input[i] = [0u8, 1, 0x7f, 0x80, 0xff, b'0', b'9', b',', b'\n', b'.'][rng.gen_range(0..10)];
            }
            2 if len >= 4 => {
                let i = rng.gen_range(0..=len - 4);
                let v = INTERESTING_U32[rng.gen_range(0..INTERESTING_U32.len())];
                let bytes = if rng.gen_bool(0.5) { v.to_be_bytes() } else { v.to_le_bytes() };
                input[i..i + 4].copy_from_slice(&bytes);
            }
            3 if len > 0 => {
                let a = rng.gen_range(0..len);
                let b = rng.gen_range(a..=len.min(a + 64));
                input.drain(a..b);
            }
            4 if len > 0 => {
                let a = rng.gen_range(0..len);
                let b = rng.gen_range(a..=len.min(a + 64));
                let chunk = input[a..b].to_vec();
                let at = rng.gen_range(0..=len);
                input.splice(at..at, chunk);
            }
            5 => {
                let at = rng.gen_range(0..=len);
                let count = rng.gen_range(1..=16);
                let bytes: Vec<u8> = (0..count).map(|_| rng.r#gen()).collect();
                input.splice(at..at, bytes);
            }
            6 => {
                let other = &seeds[rng.gen_range(0..seeds.len())];
                if !other.is_empty() {
                    let a = rng.gen_range(0..other.len());
                    let b = rng.gen_range(a..=other.len());
                    let at = rng.gen_range(0..=len);
                    input.truncate(at);
                    input.extend_from_slice(&other[a..b]);
                }
            }
            7 => {
                let token = DICTIONARY[rng.gen_range(0..DICTIONARY.len())];
                let at = rng.gen_range(0..=len);
                if rng.gen_bool(0.5) || at + token.len() > len {
                    input.splice(at..at, token.iter().copied());
                } else {
                    input[at..at + token.len()].copy_from_slice(token);
                }
            }
            8 if len > 0 => {
                let cut = rng.gen_range(0..len);
                input.truncate(cut);
            }
            _ if len > 0 => {
                // Set a run of bytes to one value (digits in text, zeros in headers).
                let a = rng.gen_range(0..len);
                let b = rng.gen_range(a..=len.min(a + 8));
                let v = [0u8, 0xff, b'9', b' '][rng.gen_range(0..4)];
                input[a..b].fill(v);
            }
            _ => {}
        }
    }
    input.truncate(max_len);
}

fn save(target: &str, kind: &str, input: &[u8]) -> PathBuf {
    let mut h = DefaultHasher::new();
    input.hash(&mut h);
    let dir = fuzz_root().join("artifacts").join(target);
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    let path = dir.join(format!("{kind}-{:016x}", h.finish()));
    std::fs::write(&path, input).expect("write artifact");
    path
}

fn run_target(name: &str, target: fuzz::datasets::Target, options: &Options) -> (u64, u64) {
    let seeds = load_seeds(name);
    let mut rng = StdRng::seed_from_u64(options.seed);
    let started = Instant::now();
    let mut crashes = 0;
    let mut slowest = Duration::ZERO;
    for seed in &seeds {
        if std::panic::catch_unwind(|| target(seed)).is_err() {
            crashes += 1;
            eprintln!("{name}: seed crashes: {}", save(name, "crash", seed).display());
        }
    }
    for i in 0..options.runs {
        let mut input = seeds[rng.gen_range(0..seeds.len())].clone();
        mutate(&mut rng, &mut input, &seeds, options.max_len);
        let t = Instant::now();
        let result = std::panic::catch_unwind(|| target(&input));
        let took = t.elapsed();
        if result.is_err() {
            crashes += 1;
            eprintln!("{name}: crash at run {i}: {}", save(name, "crash", &input).display());
        }
        if took > Duration::from_secs(1) {
            eprintln!("{name}: {took:?} at run {i}: {}", save(name, "slow", &input).display());
        }
        slowest = slowest.max(took);
        if (i + 1) % 100_000 == 0 {
            eprintln!("{name}: {} runs, {crashes} crashes, {:.0?}", i + 1, started.elapsed());
        }
    }
    let total = options.runs + seeds.len() as u64;
    println!(
        "result: {name}: {total} executions ({} seeds + {} mutated), {crashes} crashes, slowest {slowest:.1?}, {:.1?}",
        seeds.len(),
        options.runs,
        started.elapsed()
    );
    (total, crashes)
}

fn main() {
    let options = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    // Panics are counted and saved; their messages would drown the output.
    std::panic::set_hook(Box::new(|_| {}));
    let mut failed = false;
    for &(name, target) in &options.targets {
        let (_, crashes) = run_target(name, target, &options);
        failed |= crashes > 0;
    }
    std::process::exit(i32::from(failed));
}
