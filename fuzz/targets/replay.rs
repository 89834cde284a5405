//! The corpus replay shared by `crates/{datasets,basics,tensors}/tests/*/fuzz_corpus.rs`
//! (each includes it with `#[path]`, next to its own `targets/<crate>.rs`): every file of
//! `fuzz/corpus/<target>/` (seeds plus every input that ever crashed, `regression-*`) is run
//! through the target function under `catch_unwind`. See fuzz/README.md.

use std::path::PathBuf;

/// The files of `fuzz/corpus/<target>/`, sorted by name, with their bytes.
pub fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    // CARGO_MANIFEST_DIR is the including crate's folder, `crates/<name>`.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect()
}

/// A fuzz target: bytes in, any answer out, never a panic (as `targets/<crate>.rs`).
pub type Target = fn(&[u8]);

/// Replays every corpus file of every `(name, target)` pair; panics naming the first input
/// that panics (or an empty corpus folder).
pub fn replay_all(targets: &[(&str, Target)]) {
    for &(name, target) in targets {
        let inputs = corpus(name);
        assert!(!inputs.is_empty(), "fuzz/corpus/{name} is empty");
        for (path, bytes) in inputs {
            if std::panic::catch_unwind(|| target(&bytes)).is_err() {
                panic!(
                    "{} panics (replay: cargo run --bin stable_fuzz in fuzz/)",
                    path.display()
                );
            }
        }
    }
}
