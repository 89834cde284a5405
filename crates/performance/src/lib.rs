//! # Chapter 6: performance and interop
//!
//! See [`interop`] for handing arrays to NumPy, pandas, PyTorch/candle and Dask.

pub mod interop;
