//! Integration tests of chapter 1, one module per topic, in one test binary (one link).
//!
//! Expected values come from NumPy 2.4.6 / scikit-learn 1.9.1: the shared Iris reference
//! (`fixtures/reference/iris_reference.json`) and this crate's
//! `fixtures/numpy_expected.json` (made by `fixtures/make_fixtures.py`).

mod common;
mod creation;
mod errors;
mod fuzz_corpus;
mod hostile_inputs;
mod indexing;
mod loading;
mod operations;
mod preprocessing;
mod properties;
