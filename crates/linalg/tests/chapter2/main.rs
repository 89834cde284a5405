//! Integration tests of chapter 2, one module per topic, in one test binary (one compile and one link
//! instead of one per file; run one module with `cargo test -p linalg --test chapter2 <module>::`).

mod backends;
mod common;
mod errors;
mod identities;
mod iris_reference;
mod numpy_reference;
