//! Integration tests of chapter 5, one module per topic, in one test binary (one compile and one link
//! instead of one per file; run one module with `cargo test -p applications --test chapter5 <module>::`).

mod common;
mod errors;
mod figures;
mod gradients;
mod images;
mod sklearn_reference;
