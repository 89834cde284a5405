//! The fuzz targets, one function per parser, grouped by the crate they exercise.
//! The same files are included by each crate's `tests/<chapter>/fuzz_corpus.rs`, so CI replays the
//! committed corpus through exactly this code.

#[path = "../targets/basics.rs"]
pub mod basics;
#[path = "../targets/datasets.rs"]
pub mod datasets;
#[path = "../targets/tensors.rs"]
pub mod tensors;

/// Every target: (name, function).
pub fn all_targets() -> Vec<(&'static str, datasets::Target)> {
    datasets::TARGETS
        .iter()
        .chain(basics::TARGETS)
        .chain(tensors::TARGETS)
        .copied()
        .collect()
}
