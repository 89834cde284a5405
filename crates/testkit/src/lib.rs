//! Test support shared by the chapters' integration tests (a dev-dependency only).
//!
//! Two things every chapter's tests need, written once:
//!
//! - [`hostile`]: tables of hostile inputs (empty arrays, zero-length axes, negative-stride
//!   views, NaN/inf, sizes that overflow `usize`) run under `catch_unwind`, so that one test
//!   reports *every* function that panicked or answered wrongly, not only the first;
//! - [`reference`](mod@reference): readers for the reference JSON files the NumPy / scikit-learn scripts
//!   write (`fixtures/reference/*.json` at the workspace root, and each crate's
//!   `fixtures/*.json`).
//!
//! ```
//! use testkit::hostile::{Want, run};
//!
//! // `np.linalg.inv(np.zeros((0, 0)))` is an empty matrix in NumPy; a function that
//! // must refuse empty input is a `Want::Err` case.
//! let refuses_empty = |n: usize| if n == 0 { Err("empty".to_string()) } else { Ok(()) };
//! run(vec![
//!     ("f(0)".to_string(), Want::Err, Box::new(move || refuses_empty(0))),
//!     ("f(3)".to_string(), Want::Ok, Box::new(move || refuses_empty(3))),
//! ]);
//! ```

pub mod hostile;
pub mod reference;
