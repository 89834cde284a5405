//! Integration tests of the datasets crate, one module per topic, in one test binary (one compile and one link
//! instead of one per file; run one module with `cargo test -p datasets --test datasets <module>::`).

mod fetch;
mod fuzz_corpus;
mod hostile_inputs;
mod mnist_real;
mod parsers;
