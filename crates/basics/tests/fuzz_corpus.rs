//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`, seeds plus every input that
//! ever crashed) through the same target functions the fuzzers run (`fuzz/targets/basics.rs`).
//! The long fuzzing runs are not part of CI; this regression replay is. See fuzz/README.md.

#[path = "../../../fuzz/targets/basics.rs"]
mod targets;

use std::path::PathBuf;

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
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

#[test]
fn every_corpus_input_is_answered_without_a_panic() {
    for &(name, target) in targets::TARGETS {
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
