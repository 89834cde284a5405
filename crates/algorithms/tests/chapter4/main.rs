//! Integration tests of chapter 4, one module per topic, in one test binary (one compile and one link
//! instead of one per file; run one module with `cargo test -p algorithms --test chapter4 <module>::`).

mod common;
mod errors;
mod gradient_check;
mod linfa_agreement;
mod numerical_edge_cases;
mod reference;
