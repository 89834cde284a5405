//! Integration tests of chapter 6, one module per topic, in one test binary (one compile and one link
//! instead of one per file; run one module with `cargo test -p performance --test chapter6 <module>::`).

mod activations;
mod errors;
mod interop_fixtures;
mod interop_python;
mod interop_roundtrip;
mod memmap;
mod properties;
mod reference;
mod stability;
