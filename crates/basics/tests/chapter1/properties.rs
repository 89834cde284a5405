//! Property tests: broadcasting against an independent statement of NumPy's rule and
//! against ndarray's own broadcasting; reshape/ravel round trips; splits are partitions.

use ndarray::{ArrayD, IxDyn};
use proptest::prelude::*;

use basics::creation::{ravel, reshape};
use basics::indexing::argsort;
use basics::operations::{add, broadcast_shapes};
use basics::preprocessing::{kfold_indices, train_test_indices};

/// NumPy's rule, written independently of the crate: pad the shorter shape with leading 1s;
/// in each position the non-1 sizes must all agree; the result is that size (or 1).
fn numpy_rule(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    let n = a.len().max(b.len());
    let pad = |s: &[usize]| -> Vec<usize> {
        std::iter::repeat_n(1, n - s.len())
            .chain(s.iter().copied())
            .collect()
    };
    let (pa, pb) = (pad(a), pad(b));
    pa.iter()
        .zip(&pb)
        .map(|(&x, &y)| {
            let non_one: Vec<usize> = [x, y].into_iter().filter(|&d| d != 1).collect();
            match non_one.as_slice() {
                [] => Some(1),
                [d] => Some(*d),
                [d, e] if d == e => Some(*d),
                _ => None,
            }
        })
        .collect()
}

/// Shape pairs that are often, but not always, compatible: `b` is built from `a`'s tail
/// with each size kept, replaced by 1, or replaced by a random size.
fn shape_pair() -> impl Strategy<Value = (Vec<usize>, Vec<usize>)> {
    prop::collection::vec(0usize..5, 0..5)
        .prop_flat_map(|a| {
            let len = a.len();
            (
                Just(a),
                0..=len + 1,
                prop::collection::vec((0u8..3, 0usize..5), len + 1),
            )
        })
        .prop_map(|(a, b_len, edits)| {
            let b: Vec<usize> = (0..b_len)
                .map(|i| {
                    let from_a = (a.len() + i)
                        .checked_sub(b_len)
                        .and_then(|j| a.get(j))
                        .copied()
                        .unwrap_or(3);
                    match edits[i] {
                        (0, _) => from_a,
                        (1, _) => 1,
                        (_, d) => d,
                    }
                })
                .collect();
            (a, b)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn broadcast_shapes_agrees_with_numpys_rule((a, b) in shape_pair()) {
        prop_assert_eq!(broadcast_shapes(&a, &b).ok(), numpy_rule(&a, &b));
        prop_assert_eq!(broadcast_shapes(&b, &a).ok(), numpy_rule(&a, &b), "symmetric");
    }

    #[test]
    fn broadcast_shapes_agrees_with_ndarray_arithmetic((a, b) in shape_pair()) {
        let x = ArrayD::<f64>::zeros(IxDyn(&a));
        let y = ArrayD::<f64>::ones(IxDyn(&b));
        match broadcast_shapes(&a, &b) {
            Ok(shape) => {
                // ndarray's own co-broadcasting agrees on the shape...
                let sum = &x + &y;
                prop_assert_eq!(sum.shape(), shape.as_slice());
                // ...and both operands stretch to it.
                prop_assert!(x.broadcast(IxDyn(&shape)).is_some() && y.broadcast(IxDyn(&shape)).is_some());
                let checked = add(&x, &y).unwrap();
                prop_assert_eq!(checked.shape(), shape.as_slice());
            }
            Err(e) => {
                prop_assert!(add(&x, &y).is_err());
                let msg = e.to_string();
                prop_assert!(msg.contains(&basics::shape_str(&a)) && msg.contains(&basics::shape_str(&b)));
            }
        }
    }

    #[test]
    fn reshape_then_ravel_round_trips(dims in prop::collection::vec(1usize..5, 1..4), split in 1usize..4) {
        let n: usize = dims.iter().product();
        let flat: ndarray::Array1<i64> = (0..n as i64).collect();
        let shaped = reshape(&flat, IxDyn(&dims)).unwrap();
        prop_assert!(shaped.is_view());
        prop_assert_eq!(ravel(&shaped).to_vec(), flat.to_vec());
        // Any other factorisation (here (k, n / k) when k divides n) goes back to the same data.
        let k = if n.is_multiple_of(split) { split } else { 1 };
        let other = reshape(&shaped, (k, n / k)).unwrap();
        prop_assert_eq!(reshape(&other, IxDyn(&dims)).unwrap(), shaped.view());
        // A wrong total is an error, never a panic.
        prop_assert!(reshape(&flat, n + 1).is_err());
    }

    #[test]
    fn ravel_of_a_transpose_reads_in_row_major_order_of_the_transpose(r in 1usize..5, c in 1usize..5) {
        let a = ndarray::Array2::from_shape_fn((r, c), |(i, j)| (i * 10 + j) as i64);
        let t = a.t();
        let want: Vec<i64> = (0..c).flat_map(|j| (0..r).map(move |i| (i * 10 + j) as i64)).collect();
        prop_assert_eq!(ravel(&t).to_vec(), want);
    }

    #[test]
    fn argsort_returns_a_permutation_that_sorts(v in prop::collection::vec(-100i32..100, 0..40)) {
        let a = ndarray::Array1::from(v.clone());
        let order = argsort(&a);
        let sorted: Vec<i32> = order.iter().map(|&i| v[i]).collect();
        let mut expected = v.clone();
        expected.sort();
        prop_assert_eq!(sorted, expected);
        // Stable: equal values keep increasing indices.
        for w in order.windows(2) {
            if v[w[0]] == v[w[1]] { prop_assert!(w[0] < w[1]); }
        }
    }

    #[test]
    fn train_test_indices_partition_the_samples(n in 2usize..200, pct in 1u32..99, seed in any::<u64>()) {
        let ts = f64::from(pct) / 100.0;
        if let Ok((train, test)) = train_test_indices(n, ts, seed) {
            prop_assert_eq!(test.len(), (ts * n as f64).ceil() as usize);
            let mut all: Vec<usize> = train.into_iter().chain(test).collect();
            all.sort_unstable();
            prop_assert_eq!(all, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn kfold_tests_each_sample_once_with_fold_sizes_differing_by_at_most_one(n in 2usize..60, k in 2usize..8, seed in prop::option::of(any::<u64>())) {
        prop_assume!(k <= n);
        let folds = kfold_indices(n, k, seed).unwrap();
        let sizes: Vec<usize> = folds.iter().map(|f| f.test.len()).collect();
        prop_assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
        let mut tested: Vec<usize> = folds.into_iter().flat_map(|f| f.test).collect();
        tested.sort_unstable();
        prop_assert_eq!(tested, (0..n).collect::<Vec<_>>());
    }
}

/// Python's slice semantics by brute force, in i128 so nothing overflows.
fn python_slice(len: usize, start: Option<isize>, stop: Option<isize>, step: isize) -> Vec<usize> {
    let (n, step) = (len as i128, step as i128);
    let norm = |i: Option<isize>, default: i128| -> i128 {
        match i {
            None => default,
            Some(i) => {
                let i = i as i128;
                let i = if i < 0 { i + n } else { i };
                if step > 0 {
                    i.clamp(0, n)
                } else {
                    i.clamp(-1, n - 1)
                }
            }
        }
    };
    let (mut i, end) = if step > 0 {
        (norm(start, 0), norm(stop, n))
    } else {
        (norm(start, n - 1), norm(stop, -1))
    };
    let mut out = Vec::new();
    while (step > 0 && i < end) || (step < 0 && i > end) {
        out.push(i as usize);
        i += step;
    }
    out
}

fn bound() -> impl Strategy<Value = Option<isize>> {
    prop_oneof![
        Just(None),
        (-25isize..25).prop_map(Some),
        Just(Some(isize::MIN)),
        Just(Some(isize::MAX)),
    ]
}

fn step() -> impl Strategy<Value = isize> {
    prop_oneof![
        (1isize..6),
        (-6isize..0),
        Just(isize::MAX),
        Just(isize::MIN),
        Just(isize::MIN + 1)
    ]
}

proptest! {
    #[test]
    fn numpy_slice_agrees_with_python_semantics_even_at_extreme_bounds(
        len in 0usize..20, start in bound(), stop in bound(), step in step()
    ) {
        let a = ndarray::Array1::from_iter(0..len);
        let s = basics::indexing::numpy_slice(len, start, stop, step).unwrap();
        prop_assert_eq!(a.slice_axis(ndarray::Axis(0), s).to_vec(), python_slice(len, start, stop, step));
    }
}
