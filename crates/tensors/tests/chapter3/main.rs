//! Integration tests of chapter 3, one module per topic, in one test binary (one compile and one link
//! instead of one per file; run one module with `cargo test -p tensors --test chapter3 <module>::`).

mod common;
mod decompositions;
mod errors;
mod explicit_loops;
mod fuzz_corpus;
mod hostile_inputs;
mod numpy_reference;
