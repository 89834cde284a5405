//! Hostile inputs (issue 9) for chapter 3: the einsum subscript parser on malformed strings,
//! contractions and shape functions on empty arrays, zero-length axes, negative-stride and
//! transposed views, and repeat counts whose element count overflows `usize`. Each case
//! returns the crate's error or the mathematically right result: never a panic.

use std::panic::{AssertUnwindSafe, catch_unwind};

use ndarray::{Array2, ArrayD, IxDyn, array, s};
use tensors::contract::einsum;
use tensors::{concatenate, repeat, stack, sum, tensordot, tile};

/// `Some(error message)` or `None` for `Ok`; a panic fails the test with the case named.
fn outcome<T>(name: &str, f: impl FnOnce() -> tensors::Result<T>) -> Option<String> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(_)) => None,
        Ok(Err(e)) => Some(e.to_string()),
        Err(_) => panic!("{name}: panicked"),
    }
}

#[test]
fn malformed_einsum_subscripts_are_errors_never_panics() {
    let a = Array2::<f64>::ones((2, 3)).into_dyn();
    let b = Array2::<f64>::ones((3, 2)).into_dyn();
    let ops = [a.view(), b.view()];
    let table = [
        "",
        ",",
        "->",
        "ij,jk->ik->",
        "ij,jk,kl->il",
        "ij",
        "ij,jk->iq",
        "ij,jk->ii",
        "i.j,jk->ik",
        "..",
        "....",
        "......ij,jk",
        "ij,jk-",
        "ij,jk>ik",
        "ij,jk->-ik",
        "ij,jk->ik,",
        "ïj,jk->ik",
        "i j,jk->ik",
        "ij,jk ->ik",
        "IJ,JK->Ik",
        "ij,jk->ki\0",
        "ijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,jk",
        "\u{ffff}",
        "1j,jk->ik",
        "ij,,jk",
    ];
    // ("ij,jk->" and "ij,jk->..." are valid: a full sum to a scalar, as in NumPy.)
    let mut accepted = Vec::new();
    for subs in table {
        let name = format!("einsum({subs:?})");
        let r = outcome(&name, || einsum::<f64>(subs, &ops));
        // Inputs with spaces may be accepted (NumPy ignores whitespace); all others must fail.
        if r.is_none() && !subs.contains(' ') {
            accepted.push(name);
        }
    }
    assert!(accepted.is_empty(), "accepted: {accepted:?}");
}

#[test]
fn einsum_with_the_wrong_operands_is_an_error() {
    let a = Array2::<f64>::ones((2, 3)).into_dyn();
    let c = Array2::<f64>::ones((4, 2)).into_dyn();
    let scalar = ArrayD::<f64>::from_elem(IxDyn(&[]), 2.0);
    assert!(outcome("no operands", || einsum::<f64>("ij->ij", &[])).is_some());
    assert!(
        outcome("lengths disagree", || einsum::<f64>(
            "ij,jk->ik",
            &[a.view(), c.view()]
        ))
        .is_some()
    );
    assert!(
        outcome("scalar with an index", || einsum::<f64>(
            "i->i",
            &[scalar.view()]
        ))
        .is_some()
    );
    assert!(
        outcome("too many operands", || einsum::<f64>(
            "ij",
            &[a.view(), a.view()]
        ))
        .is_some()
    );
}

#[test]
fn einsum_on_empty_negative_stride_and_transposed_views_is_right() {
    // A zero-length contracted axis sums nothing: zeros, as np.einsum gives.
    let e1 = Array2::<f64>::zeros((2, 0)).into_dyn();
    let e2 = Array2::<f64>::zeros((0, 3)).into_dyn();
    let r = einsum::<f64>("ij,jk->ik", &[e1.view(), e2.view()]).unwrap();
    assert_eq!(r, Array2::<f64>::zeros((2, 3)).into_dyn());
    // A zero-length free axis: an empty result of the right shape.
    let r = einsum::<f64>("ij->ji", &[e1.view()]).unwrap();
    assert_eq!(r.shape(), &[0, 2]);
    // Negative strides and transposes are read in logical order.
    let m = array![[1.0, 2.0], [3.0, 4.0]];
    let rev = m.slice(s![..;-1, ..]).into_dyn();
    let t = m.t().into_dyn();
    let r = einsum::<f64>("ij,jk->ik", &[rev.view(), t.view()]).unwrap();
    // m[::-1] @ m.T = [[3, 4], [1, 2]] @ [[1, 3], [2, 4]]
    assert_eq!(r, array![[11.0, 25.0], [5.0, 11.0]].into_dyn());
    let tr = einsum::<f64>("ii", &[rev.view()]).unwrap();
    assert_eq!(tr.into_iter().next().unwrap(), 3.0 + 2.0);
}

#[test]
fn contractions_and_joins_on_hostile_shapes_are_errors_or_right_answers() {
    let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let empty = Array2::<f64>::zeros((0, 3));
    assert!(
        outcome("tensordot mismatch", || tensordot(
            &a,
            &a,
            tensors::Axes::Pairs(vec![1, 0], vec![1, 1])
        ))
        .is_some()
    );
    assert!(outcome("sum bad axis", || sum(&a, &[2], false)).is_some());
    assert!(outcome("sum repeated axis", || sum(&a, &[0, -2], false)).is_some());
    let total = sum(&empty, &[0], false).unwrap();
    assert_eq!(total, ndarray::Array1::<f64>::zeros(3).into_dyn());
    let rev = a.slice(s![.., ..;-1]);
    assert_eq!(
        sum(&rev, &[1], false).unwrap(),
        array![6.0, 15.0].into_dyn()
    );
    assert!(outcome("stack nothing", || stack::<f64, ndarray::Ix2>(&[], 0)).is_some());
    assert!(outcome("stack mismatched", || stack(&[a.view(), empty.view()], 0)).is_some());
    assert!(
        outcome("concatenate bad axis", || concatenate(
            &[a.view(), a.view()],
            5
        ))
        .is_some()
    );
    let joined = concatenate(&[a.view(), empty.view(), a.t().t()], 0).unwrap();
    assert_eq!(joined.dim(), (4, 3));
}

#[test]
fn repeat_counts_whose_element_count_overflows_usize_are_errors() {
    let a = array![1.0, 2.0];
    let r = outcome("repeat usize::MAX", || repeat(&a, usize::MAX, 0));
    assert!(r.is_some(), "repeat(a, usize::MAX) was accepted");
    let r = outcome("repeat (usize::MAX / 2 + 1)", || {
        repeat(&a, usize::MAX / 2 + 1, 0)
    });
    assert!(r.is_some());
    // Repeating an empty array any number of times is empty.
    let e = ndarray::Array1::<f64>::zeros(0);
    assert_eq!(repeat(&e, usize::MAX, 0).unwrap().len(), 0);
}

#[test]
fn tile_reps_whose_element_count_overflows_usize_are_errors() {
    let a = array![[1.0, 2.0], [3.0, 4.0]];
    for reps in [
        vec![usize::MAX],
        vec![usize::MAX / 2 + 1, 1],
        vec![1 << 32, 1 << 32],
        vec![1 << 40, 1 << 40, 1],
    ] {
        let name = format!("tile(a, {reps:?})");
        assert!(
            outcome(&name, || tile(&a, &reps)).is_some(),
            "{name} was accepted"
        );
    }
    // Tiling an empty array any number of times is empty, as np.tile gives.
    let e = Array2::<f64>::zeros((0, 2));
    assert_eq!(tile(&e, &[usize::MAX, 3]).unwrap().shape(), &[0, 6]);
    // A zero rep gives an empty axis; reversed and transposed views tile in logical order.
    assert_eq!(tile(&a, &[0, 2]).unwrap().shape(), &[0, 4]);
    let rev = a.slice(s![..;-1, ..]);
    assert_eq!(
        tile(&rev.t(), &[1, 2]).unwrap(),
        array![[3.0, 1.0, 3.0, 1.0], [4.0, 2.0, 4.0, 2.0]].into_dyn()
    );
}
