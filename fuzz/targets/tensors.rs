//! Fuzz target of the `tensors` crate: the einsum subscript parser and executor.
//! Shared by the libFuzzer target, the stable harness and `crates/tensors/tests/chapter3/fuzz_corpus.rs`.

use ndarray::{ArrayD, IxDyn};

/// Input layout: byte 0 = number of operands (0..=3); per operand one byte of rank (0..=4)
/// then one byte per axis (length 0..=3); the rest is the subscript string (lossy UTF-8).
/// Arrays stay tiny, so any valid expression finishes fast.
pub fn einsum(data: &[u8]) {
    let mut bytes = data.iter().copied();
    let n_ops = usize::from(bytes.next().unwrap_or(0) % 4);
    let mut operands = Vec::with_capacity(n_ops);
    for _ in 0..n_ops {
        let rank = usize::from(bytes.next().unwrap_or(0) % 5);
        let shape: Vec<usize> = (0..rank)
            .map(|_| usize::from(bytes.next().unwrap_or(1) % 4))
            .collect();
        let mut k = 0.0;
        operands.push(ArrayD::from_shape_fn(IxDyn(&shape), |_| {
            k += 1.0;
            k
        }));
    }
    let rest: Vec<u8> = bytes.collect();
    let subscripts = String::from_utf8_lossy(&rest);
    let views: Vec<_> = operands.iter().map(|a| a.view()).collect();
    let _ = tensors::contract::einsum::<f64>(&subscripts, &views);
}

/// A fuzz target: takes any bytes, must not panic.
pub type Target = fn(&[u8]);

/// Every target of this file, by name.
pub const TARGETS: &[(&str, Target)] = &[("einsum", einsum)];
