//! Every public function that takes user data returns an error (never panics) on bad
//! shapes, axes or parameters, and the message names what is wrong.

use ndarray::{Array0, Array1, Array2, Array3, Array4, ArrayD, IxDyn, array};
use tensors::decomp::*;
use tensors::sparse::*;
use tensors::*;

fn msg<T: std::fmt::Debug>(r: Result<T>) -> String {
    r.expect_err("expected an error").to_string()
}

#[test]
fn axis_functions_reject_out_of_bounds_and_repeated_axes() {
    let x = Array3::<f64>::zeros((2, 3, 4));
    assert_eq!(
        msg(moveaxis(&x, 0, 3)),
        "moveaxis: axis 3 is out of bounds for array of dimension 3"
    );
    assert_eq!(
        msg(moveaxis(&x, -4, 0)),
        "moveaxis: axis -4 is out of bounds for array of dimension 3"
    );
    assert_eq!(
        msg(swapaxes(&x, 0, 5)),
        "swapaxes: axis 5 is out of bounds for array of dimension 3"
    );
    assert_eq!(
        msg(permute(&x, &[0, 1])),
        "permute: axes [0, 1] don't match array of dimension 3"
    );
    assert_eq!(
        msg(permute(&x, &[0, 1, 3])),
        "permute: axis 3 is out of bounds for array of dimension 3"
    );
    assert_eq!(msg(permute(&x, &[0, 2, -1])), "permute: repeated axis 2");
    assert_eq!(
        msg(expand_dims(&x, 4)),
        "expand_dims: axis 4 is out of bounds for array of dimension 4"
    );
    assert_eq!(
        msg(squeeze_axis(&x, 3)),
        "squeeze: axis 3 is out of bounds for array of dimension 3"
    );
    assert!(msg(squeeze_axis(&x, 0)).contains("axis 0 of shape (2, 3, 4) has size 2"));
    assert_eq!(
        msg(repeat(&x, 2, 3)),
        "repeat: axis 3 is out of bounds for array of dimension 3"
    );
}

#[test]
fn reshaping_functions_name_the_shapes_that_do_not_fit() {
    let scalar = Array0::<f64>::zeros(());
    assert_eq!(
        msg(flatten_batch(&scalar)),
        "flatten_batch: a 0-D array has no batch axis"
    );
    let flat = Array2::<f64>::zeros((4, 6));
    assert_eq!(
        msg(unflatten_batch(&flat, &[2, 2])),
        "unflatten_batch: cannot reshape array of shape (4, 6) into shape (4, 2, 2)"
    );
}

#[test]
fn joining_and_splitting_reject_mismatched_shapes_and_bad_sections() {
    let a = Array2::<f64>::zeros((2, 3));
    let b = Array2::<f64>::zeros((3, 3));
    let empty: [ndarray::ArrayView2<'_, f64>; 0] = [];
    assert_eq!(msg(stack(&empty, 0)), "stack: need at least one array");
    assert!(
        msg(stack(&[a.view(), b.view()], 0))
            .contains("index 0 has shape (2, 3) and the array at index 1 has shape (3, 3)")
    );
    assert_eq!(
        msg(stack(&[a.view(), a.view()], 3)),
        "stack: axis 3 is out of bounds for array of dimension 3"
    );
    assert_eq!(
        msg(concatenate(&empty, 0)),
        "concatenate: need at least one array"
    );
    assert!(msg(concatenate(&[a.view(), b.view()], 1)).contains(
        "along dimension 0, the array at index 0 has size 2 and the array at index 1 has size 3"
    ));
    assert_eq!(
        msg(concatenate(&[a.view(), b.view()], 2)),
        "concatenate: axis 2 is out of bounds for array of dimension 2"
    );
    let d1 = ArrayD::<f64>::zeros(IxDyn(&[2, 3]));
    let d2 = ArrayD::<f64>::zeros(IxDyn(&[2, 3, 1]));
    assert!(
        msg(concatenate(&[d1.view(), d2.view()], 0))
            .contains("index 0 has 2 dimension(s) and the array at index 1 has 3")
    );
    assert!(
        msg(split(&a, 2, 1))
            .contains("does not result in an equal division: axis 1 of length 3 into 2 sections")
    );
    assert!(msg(split(&a, 0, 0)).contains("into 0 sections"));
    assert_eq!(
        msg(array_split(&a, 0, 0)),
        "array_split: number sections must be larger than 0"
    );
    assert_eq!(
        msg(array_split(&a, 1, -3)),
        "array_split: axis -3 is out of bounds for array of dimension 2"
    );
    assert_eq!(
        msg(split_at_indices(&a, &[2, 1], 1)),
        "split_at_indices: indices [2, 1] must be non-decreasing"
    );
}

#[test]
fn pad_rejects_a_wrong_number_of_widths_and_extending_an_empty_axis() {
    let a = Array2::<f64>::zeros((2, 3));
    assert_eq!(
        msg(pad(&a, &[(1, 1), (1, 1), (1, 1)], PadMode::Edge)),
        "pad: pad_width has 3 (before, after) pairs but the array of shape (2, 3) has 2 axes"
    );
    let e = Array2::<f64>::zeros((0, 3));
    assert_eq!(
        msg(pad(&e, &[(1, 1), (0, 0)], PadMode::Reflect)),
        "pad: can't extend empty axis 0 of shape (0, 3) using modes other than constant"
    );
    // Constant padding of an empty axis is fine, as in NumPy.
    assert_eq!(
        pad(&e, &[(1, 0), (0, 0)], PadMode::Constant(7.0)).unwrap(),
        array![[7.0, 7.0, 7.0]]
    );
    // Edge padding along a full axis of an otherwise empty array is fine too.
    assert_eq!(
        pad(&e, &[(0, 0), (1, 1)], PadMode::Edge).unwrap().shape(),
        &[0, 5]
    );
}

#[test]
fn tensordot_names_the_axes_whose_lengths_differ() {
    let a = Array3::<f64>::zeros((2, 3, 4));
    let b = Array2::<f64>::zeros((4, 5));
    assert_eq!(
        msg(tensordot(&a, &b, 2)),
        "tensordot: shape-mismatch for sum: axis 1 of a (shape (2, 3, 4)) has length 3 but axis 0 of b (shape (4, 5)) has length 4"
    );
    assert_eq!(
        msg(tensordot(&a, &b, 3)),
        "tensordot: axes=3 but a has shape (2, 3, 4) and b has shape (4, 5)"
    );
    assert_eq!(
        msg(tensordot(&a, &b, Axes::Pairs(vec![2], vec![0, 1]))),
        "tensordot: axes lists [2] and [0, 1] have different lengths"
    );
    assert_eq!(
        msg(tensordot(&a, &b, ([3], [0]))),
        "tensordot: axis 3 is out of bounds for array of dimension 3"
    );
    assert_eq!(
        msg(tensordot(&a, &a, ([0, 0], [0, 1]))),
        "tensordot: repeated axis 0"
    );
}

#[test]
fn einsum_errors_name_the_subscripts_and_the_bad_index() {
    let m = Array2::<f64>::zeros((2, 3));
    let sq = Array2::<f64>::zeros((3, 3));
    let v = Array1::<f64>::zeros(4);
    let cases: Vec<(tensors::Result<ArrayD<f64>>, &str)> = vec![
        (
            einsum!("ij,jk->il", &m, &m.t()),
            "einsum: subscripts 'ij,jk->il': output index 'l' does not appear in the inputs",
        ),
        (
            einsum!("ij->ii", &m),
            "einsum: subscripts 'ij->ii': output index 'i' appears more than once",
        ),
        (
            einsum!("ij,jk", &m),
            "einsum: subscripts 'ij,jk': 1 operand(s) given but the subscripts name 2",
        ),
        (
            einsum!("ijk", &m),
            "einsum: subscripts 'ijk': operand 0 has shape (2, 3) (2 dimension(s)) but its subscripts 'ijk' name 3",
        ),
        (
            einsum!("i", &m),
            "einsum: subscripts 'i': operand 0 has shape (2, 3) (2 dimension(s)) but its subscripts 'i' name 1 (use '...' for the others)",
        ),
        (
            einsum!("i..j", &m),
            "einsum: subscripts 'i..j': operand 0 contains a '.' that is not part of an ellipsis ('...')",
        ),
        (
            einsum!("...i...", &m),
            "einsum: subscripts '...i...': operand 0 contains more than one ellipsis ('...')",
        ),
        (
            einsum!("i-j", &m),
            "einsum: subscripts 'i-j': invalid character '-' in operand 0: indices are letters a-z, A-Z, or '...'",
        ),
        (
            einsum!("i1", &m),
            "einsum: subscripts 'i1': invalid character '1' in operand 0: indices are letters a-z, A-Z, or '...'",
        ),
        (
            einsum!("ij->i->j", &m),
            "einsum: subscripts 'ij->i->j': more than one '->'",
        ),
        (
            einsum!("ii", &m),
            "einsum: subscripts 'ii': index 'i' is repeated in operand 0 (shape (2, 3)) with different lengths 2 and 3",
        ),
        (
            einsum!("ij,jk->ik", &m, &v.view().insert_axis(ndarray::Axis(1))),
            "einsum: subscripts 'ij,jk->ik': index 'j' has length 3 in an earlier operand but 4 in operand 1 (shape (4, 1))",
        ),
        (
            einsum!("...i->i", &sq),
            "einsum: subscripts '...i->i': the inputs broadcast over '...' (1 dimension(s)) but the output has no '...'",
        ),
        (
            einsum!("...,...", &v, &m),
            "einsum: subscripts '...,...': index '... axis 1' has length 4 in an earlier operand but 3 in operand 1 (shape (2, 3))",
        ),
    ];
    for (result, expected) in cases {
        assert_eq!(msg(result), expected);
    }
}

#[test]
fn reductions_reject_bad_axes_and_empty_lanes() {
    let x = Array2::<f64>::zeros((2, 3));
    assert_eq!(
        msg(sum(&x, &[2], false)),
        "sum: axis 2 is out of bounds for array of dimension 2"
    );
    assert_eq!(msg(mean(&x, &[0, -2], false)), "mean: repeated axis 0");
    assert_eq!(
        msg(amin(&x, &[-3], false)),
        "amin: axis -3 is out of bounds for array of dimension 2"
    );
    let e = Array2::<f64>::zeros((0, 3));
    assert_eq!(
        msg(amax(&e, &[0], false)),
        "amax: zero-size array of shape (0, 3)"
    );
    assert_eq!(
        msg(amin(&e, &[0], false)),
        "amin: zero-size array of shape (0, 3)"
    );
    assert_eq!(
        msg(mean(&e, &[0], false)),
        "mean: zero-size array of shape (0, 3)"
    );
    // Reducing the other axis of an empty array is fine: an empty result.
    assert_eq!(amax(&e, &[1], false).unwrap().shape(), &[0]);
}

#[test]
fn batch_functions_reject_zero_sizes_and_mismatched_lengths() {
    let x = Array2::<f64>::zeros((10, 3));
    let y = Array1::<u8>::zeros(9);
    assert_eq!(
        msg(minibatches(&x, 0).map(|_| ())),
        "minibatches: batch_size must be at least 1"
    );
    assert_eq!(
        msg(minibatches(&Array0::<f64>::zeros(()), 1).map(|_| ())),
        "minibatches: a 0-D array has no batch axis"
    );
    assert!(
        msg(minibatches_xy(&x, &y, 2).map(|_| ()))
            .contains("x of shape (10, 3) and y of shape (9,)")
    );
    assert!(
        msg(shuffled_batches(&x, &y, 2, 0).map(|_| ())).contains("different numbers of samples")
    );
    assert_eq!(
        msg(shuffled_batches(&x, &x, 0, 0).map(|_| ())),
        "shuffled_batches: batch_size must be at least 1"
    );
    assert_eq!(
        msg(sliding_window_view(&x, (11, 1)).map(|_| ())),
        "sliding_window_view: window shape (11, 1) cannot be larger than input array shape (10, 3)"
    );
    assert!(msg(sliding_window_view(&x, (0, 1)).map(|_| ())).contains("must be positive"));
    let xd = x.clone().into_dyn();
    assert!(msg(sliding_window_view(&xd, IxDyn(&[2])).map(|_| ())).contains("one length per axis"));
    assert!(
        msg(sliding_window_view_strided(&x, (2, 2), (0, 1)).map(|_| ()))
            .contains("strides (0, 1) must be positive")
    );
}

#[test]
fn im2col_and_conv2d_reject_kernels_strides_channels_and_biases_that_do_not_fit() {
    let x = Array4::<f64>::zeros((1, 2, 4, 4));
    assert_eq!(
        msg(im2col(&x, (5, 3), (1, 1), (0, 0))),
        "im2col: kernel (5, 3) is larger than the padded image (4, 4) of input shape (1, 2, 4, 4)"
    );
    assert!(
        im2col(&x, (5, 5), (1, 1), (1, 1)).is_ok(),
        "padding makes room for the kernel"
    );
    assert!(msg(im2col(&x, (3, 3), (0, 1), (0, 0))).contains("must be positive"));
    let w = Array4::<f64>::zeros((3, 1, 3, 3));
    assert_eq!(
        msg(conv2d(&x, &w, None::<&Array1<f64>>, (1, 1), (0, 0))),
        "conv2d: input of shape (1, 2, 4, 4) has 2 channels but weights of shape (3, 1, 3, 3) expect 1"
    );
    let w = Array4::<f64>::zeros((3, 2, 3, 3));
    assert!(
        msg(conv2d(&x, &w, Some(&Array1::zeros(2)), (1, 1), (0, 0)))
            .contains("bias of shape (2,) does not match 3 output channels")
    );
}

#[test]
fn sparse_constructors_and_products_reject_bad_indices_thresholds_and_shapes() {
    assert_eq!(
        msg(csr_from_triplets((2, 2), &[0, 1], &[0], &[1.0, 2.0])),
        "csr_from_triplets: rows, cols and values must have the same length, got 2, 1 and 2"
    );
    assert_eq!(
        msg(csc_from_triplets((2, 2), &[0], &[2], &[1.0])),
        "csc_from_triplets: triplet 0 at (row 0, col 2) is out of bounds for shape (2, 2)"
    );
    let d = array![[1.0, 0.0], [0.0, 2.0]];
    assert!(msg(csr_from_dense(&d, -1.0)).contains("threshold must be a number >= 0, got -1"));
    assert!(msg(csc_from_dense(&d, f64::NAN)).contains("got NaN"));
    let a = csr_from_dense(&d, 0.0).unwrap();
    assert_eq!(
        msg(sparse_dense_matmul(&a, &Array2::<f64>::zeros((3, 1)))),
        "sparse_dense_matmul: shapes (2, 2) and (3, 1) are not aligned: 2 != 3"
    );
    assert_eq!(
        msg(dense_sparse_matmul(&Array2::<f64>::zeros((1, 3)), &a)),
        "dense_sparse_matmul: shapes (1, 3) and (2, 2) are not aligned: 3 != 2"
    );
    assert_eq!(
        msg(one_hot::<f32>(&[0, 5], 5)),
        "one_hot: label 5 at index 1 is out of range for 5 classes"
    );
    assert_eq!(
        msg(bag_of_words::<f32>(&[vec![1], vec![0, 9]], 5)),
        "bag_of_words: token id 9 in document 1 is out of range for a vocabulary of 5"
    );
}

#[test]
fn tensor_algebra_helpers_reject_modes_and_shapes_that_do_not_fit() {
    let x = Array3::<f64>::zeros((2, 3, 4));
    assert_eq!(
        msg(unfold(&x, 3)),
        "unfold: axis 3 is out of bounds for array of dimension 3"
    );
    assert_eq!(
        msg(fold(&Array2::<f64>::zeros((3, 8)), 3, &[2, 3, 4])),
        "fold: axis 3 is out of bounds for array of dimension 3"
    );
    assert_eq!(
        msg(mode_dot(&x, &Array2::<f64>::zeros((5, 2)), 1)),
        "mode_dot: matrix of shape (5, 2) cannot multiply mode 1 of length 3 of a tensor of shape (2, 3, 4)"
    );
    assert_eq!(
        msg(mode_dot(&x, &Array2::<f64>::zeros((5, 2)), 7)),
        "mode_dot: axis 7 is out of bounds for array of dimension 3"
    );
    let (a, b) = (Array2::<f64>::zeros((2, 3)), Array2::<f64>::zeros((2, 2)));
    assert_eq!(
        msg(khatri_rao(&[a.view(), b.view()])),
        "khatri_rao: all matrices must have the same number of columns, got shapes (2, 3) and (2, 2)"
    );
    assert_eq!(
        msg(khatri_rao::<f64>(&[])),
        "khatri_rao: need at least one matrix"
    );
}

#[test]
fn decompositions_reject_bad_ranks_parameters_and_inputs() {
    let x = Array3::<f64>::ones((4, 3, 2));
    assert!(msg(cp_als(&x, 0)).starts_with("cp_als: rank (0) and max_iter (100) must be positive"));
    assert!(msg(CpAls::new(2).with_max_iter(0).fit(&x)).contains("max_iter (0)"));
    assert!(msg(CpAls::new(2).with_tol(f64::NAN).fit(&x)).contains("tol (NaN)"));
    assert_eq!(
        msg(cp_als(&Array1::<f64>::ones(3), 1)),
        "cp_als: expected a tensor with at least 2 dimensions, got shape (3,)"
    );
    assert_eq!(
        msg(cp_als(&Array3::<f64>::zeros((0, 2, 2)), 1)),
        "cp_als: zero-size array of shape (0, 2, 2)"
    );
    let mut bad = x.clone();
    bad[[0, 0, 0]] = f64::NAN;
    assert_eq!(
        msg(cp_als(&bad, 1)),
        "svd: array must not contain infs or NaNs"
    );
    assert_eq!(
        msg(tucker_hosvd(&x, &[2, 2])),
        "tucker_hosvd: 2 ranks given for a tensor of shape (4, 3, 2) with 3 modes"
    );
    assert!(
        msg(tucker_hosvd(&x, &[2, 4, 2]))
            .contains("rank 4 for mode 1 must be between 1 and both the mode length 3")
    );
    assert!(msg(tucker_hosvd(&x, &[4, 1, 1])).contains("rank 4 for mode 0 must be between 1 and both the mode length 4 and the product of the other ranks 1"));
    assert!(msg(tucker_hooi(&x, &[0, 1, 1])).starts_with("tucker_hooi: rank 0 for mode 0"));
    assert_eq!(
        msg(Hooi::new(&[1, 1, 1]).with_tol(-1.0).fit(&x)),
        "tucker_hooi: tol must be >= 0, got -1"
    );
    let mut t = tucker_hosvd(&x, &[1, 1, 1]).unwrap();
    t.factors.pop();
    assert_eq!(
        msg(t.to_tensor()),
        "tucker_to_tensor: core of shape (1, 1, 1) needs 3 factors, got 2"
    );
    let mut cp = cp_als(&x, 1).unwrap();
    cp.weights = Array1::ones(2);
    assert!(msg(cp.to_tensor()).starts_with("cp_to_tensor: 2 weights but factor shapes"));
}
