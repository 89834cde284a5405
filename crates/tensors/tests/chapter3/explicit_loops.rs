//! Results checked against loops written out in the test, and views checked to be views.

use approx::assert_abs_diff_eq;
use ndarray::{Array, Array1, Array2, Array3, Array4, ArrayD, Axis, IxDyn, array};
use tensors::sparse::{
    bag_of_words, csc_from_dense, csc_from_triplets, csr_from_dense, csr_from_triplets,
    dense_sparse_matmul, memory_report, one_hot, row_sums, sparse_dense_matmul,
};
use tensors::*;

/// Deterministic, non-symmetric test values.
fn values(shape: &[usize], seed: u64) -> ArrayD<f64> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    ArrayD::from_shape_simple_fn(IxDyn(shape), || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) % 2001) as f64 / 1000.0 - 1.0
    })
}

fn scalar(a: ArrayD<f64>) -> f64 {
    a.into_dimensionality::<ndarray::Ix0>()
        .unwrap()
        .into_scalar()
}

#[test]
fn einsum_attention_scores_equal_the_four_nested_loops() {
    let (b, h, q, k, d) = (2, 3, 4, 5, 6);
    let qs = values(&[b, h, q, d], 1);
    let ks = values(&[b, h, k, d], 2);
    let got = einsum!("bhqd,bhkd->bhqk", &qs, &ks).unwrap();
    let mut want = ArrayD::<f64>::zeros(IxDyn(&[b, h, q, k]));
    for bi in 0..b {
        for hi in 0..h {
            for qi in 0..q {
                for ki in 0..k {
                    let mut s = 0.0;
                    for di in 0..d {
                        s += qs[[bi, hi, qi, di]] * ks[[bi, hi, ki, di]];
                    }
                    want[[bi, hi, qi, ki]] = s;
                }
            }
        }
    }
    assert_abs_diff_eq!(got, want, epsilon = 1e-12);
}

#[test]
fn einsum_chain_of_three_matrices_equals_the_triple_loop() {
    let a = values(&[3, 4], 3);
    let b = values(&[4, 5], 4);
    let c = values(&[5, 2], 5);
    let got = einsum!("ij,jk,kl->il", &a, &b, &c).unwrap();
    let mut want = ArrayD::<f64>::zeros(IxDyn(&[3, 2]));
    for i in 0..3 {
        for l in 0..2 {
            for j in 0..4 {
                for k in 0..5 {
                    want[[i, l]] += a[[i, j]] * b[[j, k]] * c[[k, l]];
                }
            }
        }
    }
    assert_abs_diff_eq!(got, want, epsilon = 1e-12);
}

#[test]
fn einsum_trace_diagonal_and_bilinear_form_equal_their_loops() {
    let m = values(&[4, 4], 6);
    let x = values(&[4], 7);
    let trace: f64 = (0..4).map(|i| m[[i, i]]).sum();
    assert_abs_diff_eq!(scalar(einsum!("ii", &m).unwrap()), trace, epsilon = 1e-14);
    let diag = einsum!("ii->i", &m).unwrap();
    for i in 0..4 {
        assert_eq!(diag[[i]], m[[i, i]]);
    }
    let mut form = 0.0;
    for i in 0..4 {
        for j in 0..4 {
            form += x[[i]] * m[[i, j]] * x[[j]];
        }
    }
    let got = scalar(einsum!("i,ij,j->", &x, &m, &x).unwrap());
    assert_abs_diff_eq!(got, form, epsilon = 1e-12);
}

#[test]
fn einsum_accepts_transposed_views_without_copying_them_first() {
    let a = values(&[5, 3], 8)
        .into_dimensionality::<ndarray::Ix2>()
        .unwrap();
    let b = values(&[5, 4], 9)
        .into_dimensionality::<ndarray::Ix2>()
        .unwrap();
    // a.T @ b through a transposed view
    let got = einsum!("ij,jk->ik", &a.t(), &b).unwrap();
    let want = a.t().dot(&b).into_dyn();
    assert_abs_diff_eq!(got, want, epsilon = 1e-12);
}

#[test]
fn tensordot_over_two_axes_equals_the_explicit_sum() {
    let a = values(&[3, 4, 5], 10);
    let b = values(&[5, 4, 2], 11);
    let got = tensordot(&a, &b, ([1, 2], [1, 0])).unwrap();
    let mut want = ArrayD::<f64>::zeros(IxDyn(&[3, 2]));
    for i in 0..3 {
        for l in 0..2 {
            for j in 0..4 {
                for k in 0..5 {
                    want[[i, l]] += a[[i, j, k]] * b[[k, j, l]];
                }
            }
        }
    }
    assert_abs_diff_eq!(got, want, epsilon = 1e-12);
}

#[test]
fn multi_axis_sum_mean_max_min_equal_loops_and_keepdims_keeps_length_one_axes() {
    let x = values(&[2, 3, 4], 12);
    let s = sum(&x, &[0, 2], false).unwrap();
    let m = mean(&x, &[0, 2], true).unwrap();
    let mx = amax(&x, &[2, 0], false).unwrap();
    let mn = amin(&x, &[-1, -3], false).unwrap();
    assert_eq!(m.shape(), &[1, 3, 1]);
    for j in 0..3 {
        let lane: Vec<f64> = (0..2)
            .flat_map(|i| (0..4).map(move |k| (i, k)))
            .map(|(i, k)| x[[i, j, k]])
            .collect();
        let total: f64 = lane.iter().sum();
        assert_abs_diff_eq!(s[[j]], total, epsilon = 1e-14);
        assert_abs_diff_eq!(m[[0, j, 0]], total / 8.0, epsilon = 1e-14);
        assert_eq!(mx[[j]], lane.iter().copied().fold(f64::MIN, f64::max));
        assert_eq!(mn[[j]], lane.iter().copied().fold(f64::MAX, f64::min));
    }
}

#[test]
fn amax_propagates_nan_like_numpy() {
    let x = array![[1.0, f64::NAN], [3.0, 4.0]];
    let m = amax(&x, &[1], false).unwrap();
    assert!(m[[0]].is_nan());
    assert_eq!(m[[1]], 4.0);
}

#[test]
fn axis_moves_return_views_of_the_same_buffer() {
    let x = Array4::<f32>::zeros((2, 3, 4, 5));
    let p = x.as_ptr();
    assert_eq!(moveaxis(&x, 1, -1).unwrap().as_ptr(), p);
    assert_eq!(swapaxes(&x, 0, 3).unwrap().as_ptr(), p);
    assert_eq!(permute(&x, &[3, 2, 1, 0]).unwrap().as_ptr(), p);
    assert_eq!(nchw_to_nhwc(&x).as_ptr(), p);
    assert_eq!(expand_dims(&x, 0).unwrap().as_ptr(), p);
    assert_eq!(squeeze(&expand_dims(&x, 2).unwrap()).as_ptr(), p);
    assert_eq!(split(&x, 2, 0).unwrap()[0].as_ptr(), p);
    assert_eq!(minibatches(&x, 1).unwrap().next().unwrap().as_ptr(), p);
}

#[test]
fn moveaxis_puts_element_i_j_k_at_j_k_i() {
    let x = values(&[2, 3, 4], 13);
    let y = moveaxis(&x, 0, -1).unwrap();
    for ((i, j), k) in (0..2)
        .flat_map(|i| (0..3).map(move |j| (i, j)))
        .flat_map(|ij| (0..4).map(move |k| (ij, k)))
    {
        assert_eq!(y[[j, k, i]], x[[i, j, k]]);
    }
}

#[test]
fn nchw_to_nhwc_and_back_is_the_identity_and_flattening_round_trips() {
    let x = Array::from_shape_fn((3, 2, 4, 5), |(n, c, h, w)| {
        (n * 1000 + c * 100 + h * 10 + w) as f64
    });
    let nhwc = nchw_to_nhwc(&x);
    assert_eq!(nhwc[[1, 3, 4, 0]], x[[1, 0, 3, 4]]);
    assert_eq!(nhwc_to_nchw(&nhwc), x);
    let flat = flatten_batch(&x).unwrap();
    assert_eq!(flat.dim(), (3, 40));
    assert!(flat.is_view());
    let back = unflatten_batch(&flat, &[2, 4, 5]).unwrap();
    assert_eq!(back, x.clone().into_dyn());
    // Flattening the permuted view must copy and still hold the NHWC order.
    let flat_nhwc = flatten_batch(&nhwc).unwrap();
    assert!(!flat_nhwc.is_view());
    assert_eq!(flat_nhwc[[1, 1]], x[[1, 1, 0, 0]]);
}

#[test]
fn stack_concatenate_and_splits_put_every_element_where_numpy_does() {
    let a = Array2::from_shape_fn((2, 3), |(i, j)| (10 * i + j) as f64);
    let b = a.mapv(|v| v + 100.0);
    let s = stack(&[a.view(), b.view()], 1).unwrap();
    assert_eq!(s.shape(), &[2, 2, 3]);
    assert_eq!(s[[1, 1, 2]], b[[1, 2]]);
    let c = concatenate(&[a.view(), b.view()], 1).unwrap();
    assert_eq!(c.shape(), &[2, 6]);
    assert_eq!(c[[1, 4]], b[[1, 1]]);
    let parts = array_split(&c, 4, 1).unwrap();
    let widths: Vec<usize> = parts.iter().map(|p| p.ncols()).collect();
    assert_eq!(widths, [2, 2, 1, 1]);
    let at = split_at_indices(&c, &[1, 1, 7], 1).unwrap();
    let widths: Vec<usize> = at.iter().map(|p| p.ncols()).collect();
    assert_eq!(widths, [1, 0, 5, 0]);
}

#[test]
fn squeeze_axis_and_expand_dims_are_inverse() {
    let x = values(&[3, 4], 14);
    let e = expand_dims(&x, -2).unwrap();
    assert_eq!(e.shape(), &[3, 1, 4]);
    assert_eq!(squeeze_axis(&e, 1).unwrap(), x.view());
}

#[test]
fn minibatches_cover_every_sample_once_in_order() {
    let x = Array1::from_iter(0..10);
    let y = x.mapv(|v| v * 2);
    let mut seen = Vec::new();
    for (xb, yb) in minibatches_xy(&x, &y, 3).unwrap() {
        assert_eq!(yb, xb.mapv(|v| v * 2));
        seen.extend(xb.iter().copied());
    }
    assert_eq!(seen, (0..10).collect::<Vec<_>>());
}

#[test]
fn shuffled_batches_visit_every_sample_once_and_depend_only_on_the_seed() {
    let x = Array2::from_shape_fn((23, 2), |(i, j)| (i * 2 + j) as f64);
    let y = Array1::from_iter(0..23usize);
    let run = |seed| {
        let mut order = Vec::new();
        for (xb, yb) in shuffled_batches(&x, &y, 5, seed).unwrap() {
            for (row, &label) in xb.rows().into_iter().zip(&yb) {
                assert_eq!(row[0], (label * 2) as f64);
                order.push(label);
            }
        }
        order
    };
    let first = run(1);
    assert_eq!(first, run(1));
    assert_ne!(first, run(2));
    let mut sorted = first.clone();
    sorted.sort();
    assert_eq!(sorted, (0..23).collect::<Vec<_>>());
    assert_ne!(first, sorted, "a shuffle of 23 items left them in order");
}

#[test]
fn sliding_windows_are_the_slices_at_every_offset() {
    let x = values(&[5, 6], 15)
        .into_dimensionality::<ndarray::Ix2>()
        .unwrap();
    let w = sliding_window_view(&x, (2, 3)).unwrap();
    let wins: Vec<_> = w.into_iter().collect();
    assert_eq!(wins.len(), 4 * 4);
    for (n, win) in wins.iter().enumerate() {
        let (i, j) = (n / 4, n % 4);
        assert_eq!(win, &x.slice(ndarray::s![i..i + 2, j..j + 3]));
    }
    let strided: Vec<_> = sliding_window_view_strided(&x, (2, 2), (2, 3))
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(strided.len(), 2 * 2);
    assert_eq!(strided[3], x.slice(ndarray::s![2..4, 3..5]));
}

/// Direct convolution: out[n, o, y, x] = b[o] + sum_{c, i, j} w[o, c, i, j] * xpad[n, c, y*s + i, x*s + j].
fn conv_loops(
    x: &Array4<f64>,
    w: &Array4<f64>,
    b: &Array1<f64>,
    stride: usize,
    pad: usize,
) -> Array4<f64> {
    let (n, c, h, wd) = x.dim();
    let (oc, _, kh, kw) = w.dim();
    let oh = (h + 2 * pad - kh) / stride + 1;
    let ow = (wd + 2 * pad - kw) / stride + 1;
    let at = |ni: usize, ci: usize, yy: isize, xx: isize| -> f64 {
        if yy < 0 || xx < 0 || yy >= h as isize || xx >= wd as isize {
            0.0
        } else {
            x[[ni, ci, yy as usize, xx as usize]]
        }
    };
    Array4::from_shape_fn((n, oc, oh, ow), |(ni, o, y, xo)| {
        let mut s = b[o];
        for ci in 0..c {
            for i in 0..kh {
                for j in 0..kw {
                    let yy = (y * stride + i) as isize - pad as isize;
                    let xx = (xo * stride + j) as isize - pad as isize;
                    s += w[[o, ci, i, j]] * at(ni, ci, yy, xx);
                }
            }
        }
        s
    })
}

#[test]
fn conv2d_by_im2col_equals_the_direct_convolution_loops() {
    let x = values(&[2, 3, 7, 6], 16).into_dimensionality().unwrap();
    let w = values(&[4, 3, 3, 2], 17).into_dimensionality().unwrap();
    let b = values(&[4], 18).into_dimensionality().unwrap();
    for (stride, pad) in [(1, 0), (1, 1), (2, 1), (3, 2)] {
        let got = conv2d(&x, &w, Some(&b), (stride, stride), (pad, pad)).unwrap();
        let want = conv_loops(&x, &w, &b, stride, pad);
        assert_abs_diff_eq!(got, want, epsilon = 1e-12);
    }
}

#[test]
fn im2col_rows_hold_each_receptive_field_in_c_i_j_order() {
    let x = Array4::from_shape_fn((1, 2, 3, 3), |(_, c, h, w)| (c * 100 + h * 10 + w) as f64);
    let cols = im2col(&x, (2, 2), (1, 1), (0, 0)).unwrap();
    assert_eq!(cols.dim(), (4, 8));
    // output position (1, 0): rows 1..3, cols 0..2 of both channels
    assert_eq!(
        cols.row(2).to_vec(),
        [10.0, 11.0, 20.0, 21.0, 110.0, 111.0, 120.0, 121.0]
    );
}

#[test]
fn sparse_products_equal_the_dense_loops_for_csr_and_csc() {
    let dense = values(&[6, 5], 19).mapv(|v| if v.abs() < 0.6 { 0.0 } else { v });
    let dense = dense.into_dimensionality::<ndarray::Ix2>().unwrap();
    let x = values(&[5, 3], 20)
        .into_dimensionality::<ndarray::Ix2>()
        .unwrap();
    let z = values(&[2, 6], 21)
        .into_dimensionality::<ndarray::Ix2>()
        .unwrap();
    let mut want = Array2::<f64>::zeros((6, 3));
    for i in 0..6 {
        for j in 0..3 {
            for k in 0..5 {
                want[[i, j]] += dense[[i, k]] * x[[k, j]];
            }
        }
    }
    let mut want_left = Array2::<f64>::zeros((2, 5));
    for i in 0..2 {
        for j in 0..5 {
            for k in 0..6 {
                want_left[[i, j]] += z[[i, k]] * dense[[k, j]];
            }
        }
    }
    for a in [
        csr_from_dense(&dense, 0.0).unwrap(),
        csc_from_dense(&dense, 0.0).unwrap(),
    ] {
        assert_eq!(a.nnz(), dense.iter().filter(|v| **v != 0.0).count());
        assert_abs_diff_eq!(sparse_dense_matmul(&a, &x).unwrap(), want, epsilon = 1e-12);
        assert_abs_diff_eq!(
            dense_sparse_matmul(&z, &a).unwrap(),
            want_left,
            epsilon = 1e-12
        );
    }
}

#[test]
fn triplets_with_repeated_positions_are_summed_in_csr_and_csc() {
    let rows = [0, 2, 0, 1];
    let cols = [1, 0, 1, 2];
    let vals = [1.0, 2.0, 3.0, 4.0];
    let want = array![[0.0, 4.0, 0.0], [0.0, 0.0, 4.0], [2.0, 0.0, 0.0]];
    assert_eq!(
        csr_from_triplets((3, 3), &rows, &cols, &vals)
            .unwrap()
            .to_dense(),
        want
    );
    assert_eq!(
        csc_from_triplets((3, 3), &rows, &cols, &vals)
            .unwrap()
            .to_dense(),
        want
    );
}

#[test]
fn one_hot_and_bag_of_words_count_what_a_loop_counts() {
    let labels = [3usize, 0, 3, 1];
    let oh = one_hot::<f64>(&labels, 4).unwrap().to_dense();
    for (i, &l) in labels.iter().enumerate() {
        for c in 0..4 {
            assert_eq!(oh[[i, c]], if c == l { 1.0 } else { 0.0 });
        }
    }
    let docs = vec![vec![4, 1, 4, 4], vec![], vec![0, 1, 2, 3, 4]];
    let bow = bag_of_words::<f32>(&docs, 5).unwrap();
    let dense = bow.to_dense();
    for (d, doc) in docs.iter().enumerate() {
        for t in 0..5 {
            assert_eq!(
                dense[[d, t]],
                doc.iter().filter(|&&x| x == t).count() as f32
            );
        }
    }
    assert_eq!(row_sums(&bow).to_vec(), [4.0, 0.0, 5.0]);
}

#[test]
fn memory_report_counts_indptr_indices_and_data_bytes() {
    let a = one_hot::<f64>(&vec![1; 1000], 500).unwrap();
    let r = memory_report(&a);
    assert_eq!(r.nnz, 1000);
    assert_eq!(r.sparse_bytes, 1001 * 8 + 1000 * (8 + 8));
    assert_eq!(r.dense_bytes, 1000 * 500 * 8);
    assert_abs_diff_eq!(r.density, 1.0 / 500.0, epsilon = 1e-15);
    assert!(r.to_string().contains("nnz 1000"));
}

#[test]
fn tile_and_repeat_of_integers_equal_index_arithmetic() {
    let a = Array3::from_shape_fn((2, 1, 3), |(i, j, k)| i * 100 + j * 10 + k);
    let t = tile(&a, &[2, 3, 1]).unwrap();
    assert_eq!(t.shape(), &[4, 3, 3]);
    for ((i, j), k) in (0..4)
        .flat_map(|i| (0..3).map(move |j| (i, j)))
        .flat_map(|ij| (0..3).map(move |k| (ij, k)))
    {
        assert_eq!(t[[i, j, k]], a[[i % 2, 0, k]]);
    }
    let r = repeat(&a, 2, 2).unwrap();
    assert_eq!(r.shape(), &[2, 1, 6]);
    assert_eq!(
        r.index_axis(Axis(0), 1)
            .to_owned()
            .into_raw_vec_and_offset()
            .0,
        [100, 100, 101, 101, 102, 102]
    );
}
