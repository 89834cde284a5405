use approx::assert_abs_diff_eq;
use ndarray::{Array1, Array2, Axis, arr0, array, s};

use basics::indexing::{
    argsort, column, compress, count_nonzero, extract, flatnonzero, head, numpy_slice, putmask,
    row, tail, take, where_,
};

use crate::common::{arr_dyn, arr1, arr2, expected, vec_usize};

#[test]
fn numpy_slice_reproduces_python_slicing_on_every_fixture_case() {
    let cases = expected()["numpy_slice"].as_array().unwrap();
    assert!(cases.len() > 1000);
    for case in cases {
        let len = case["len"].as_u64().unwrap() as usize;
        let start = case["start"].as_i64().map(|v| v as isize);
        let stop = case["stop"].as_i64().map(|v| v as isize);
        let step = case["step"].as_i64().unwrap() as isize;
        let a = Array1::from_iter(0..len);
        let slice = numpy_slice(len, start, stop, step).unwrap();
        let got = a.slice_axis(Axis(0), slice).to_vec();
        assert_eq!(
            got,
            vec_usize(&case["values"]),
            "np.arange({len})[{start:?}:{stop:?}:{step}]"
        );
    }
}

#[test]
fn negative_step_in_s_macro_reverses_after_the_range_unlike_numpy() {
    let a = Array1::from_iter(0..6);
    // ndarray: take 1..4 then walk backwards. NumPy's a[1:4:-1] would be empty.
    assert_eq!(a.slice(s![1..4;-1]).to_vec(), vec![3, 2, 1]);
    let literal = numpy_slice(6, Some(1), Some(4), -1).unwrap();
    assert!(a.slice_axis(Axis(0), literal).is_empty());
}

#[test]
fn argsort_is_stable_and_puts_nan_last_like_numpy() {
    let case = &expected()["argsort"];
    let input = arr1(&case["input"]);
    assert_eq!(argsort(&input).to_vec(), vec_usize(&case["stable"]));
}

#[test]
fn where_broadcasts_condition_and_both_branches_like_numpy() {
    let case = &expected()["where"];
    let cond = array![[true], [false]];
    let x = arr1(&case["x"]);
    let y = arr0(crate::common::num(&case["y"]));
    let got = where_(&cond, &x, &y).unwrap();
    let want = arr_dyn(&case["result"]);
    assert_eq!(got.shape(), want.shape());
    assert_eq!(got.into_dyn(), want);
}

#[test]
fn iris_boolean_mask_selects_the_same_rows_as_numpy() {
    let case = &expected()["iris_mask_petal_length_gt_5"];
    let x = datasets::iris::load().data;
    let mask = x.column(2).mapv(|v| v > 5.0);
    assert_eq!(
        count_nonzero(&mask),
        case["count"].as_u64().unwrap() as usize
    );
    assert_eq!(flatnonzero(&mask), vec_usize(&case["flatnonzero"]));
    let rows = compress(&x, &mask, 0).unwrap();
    assert_eq!(rows.ncols(), 4);
    assert_abs_diff_eq!(
        rows.sum(),
        crate::common::num(&case["selected_sum"]),
        epsilon = 1e-9
    );
}

#[test]
fn sorting_iris_rows_by_argsort_matches_numpy() {
    let case = &expected()["iris_sorted_by_sepal_length"];
    let x = datasets::iris::load().data;
    let order = argsort(&x.column(0));
    assert_eq!(order.to_vec(), vec_usize(&case["order"]));
    let sorted = take(&x, order.as_slice().unwrap(), 0).unwrap();
    assert_eq!(sorted.slice(s![..5, ..]), arr2(&case["first_rows"]));
}

#[test]
fn compress_along_columns_keeps_the_selected_features() {
    let x = array![[1, 2, 3], [4, 5, 6]];
    let kept = compress(&x, &array![true, false, true], 1).unwrap();
    assert_eq!(kept, array![[1, 3], [4, 6]]);
}

#[test]
fn extract_returns_masked_elements_in_row_major_order() {
    let a = array![[5, -1], [-2, 7]];
    assert_eq!(
        extract(&a, &a.mapv(|v| v < 0)).unwrap().to_vec(),
        vec![-1, -2]
    );
}

#[test]
fn putmask_assigns_only_where_the_mask_is_true() {
    let mut a = array![[1., 2.], [3., 4.]];
    let big = a.mapv(|v| v > 2.5);
    putmask(&mut a, &big, 0.).unwrap();
    assert_eq!(a, array![[1., 2.], [0., 0.]]);
}

#[test]
fn putmask_writes_through_a_mutable_view() {
    let mut a = Array2::<f64>::ones((3, 3));
    {
        let mut corner = a.slice_mut(s![..2, ..2]);
        let all = corner.mapv(|_| true);
        putmask(&mut corner, &all, 9.).unwrap();
    }
    assert_eq!(a.sum(), 4. * 9. + 5.);
}

#[test]
fn row_and_column_are_views_into_the_original_buffer() {
    let x = datasets::iris::load().data;
    let r = row(&x, 2).unwrap();
    let c = column(&x, 3).unwrap();
    assert_eq!(r.as_ptr(), x.as_ptr().wrapping_add(2 * 4));
    assert_eq!(c.as_ptr(), x.as_ptr().wrapping_add(3));
    assert_eq!(c.strides(), &[4]);
    assert!(row(&x, 150).is_err());
}

#[test]
fn head_and_tail_clamp_like_numpy_slices() {
    let a = Array1::from_iter(0..5);
    assert_eq!(head(&a, 2).to_vec(), vec![0, 1]);
    assert_eq!(head(&a, 99).len(), 5);
    assert_eq!(tail(&a, 2).to_vec(), vec![3, 4]);
    assert_eq!(tail(&a, 99).len(), 5);
    assert!(tail(&a, 0).is_empty());
}

#[test]
fn take_allows_repeats_and_any_order() {
    let x = array![[0, 1], [2, 3], [4, 5]];
    assert_eq!(
        take(&x, &[1, 1, 0], 0).unwrap(),
        array![[2, 3], [2, 3], [0, 1]]
    );
    assert_eq!(
        take(&x, &[1, 0], 1).unwrap(),
        array![[1, 0], [3, 2], [5, 4]]
    );
}

#[test]
fn outlier_rules_built_from_masks_flag_the_same_iris_rows_as_numpy() {
    use basics::operations::{mean_axis, percentile_axis, std_axis};
    let case = &expected()["iris_outliers"];
    let x = datasets::iris::load().data;
    // z = (X - X.mean(0)) / X.std(0); (np.abs(z) > 3).any(axis=1)
    let z = (&x - &mean_axis(&x, 0).unwrap()) / &std_axis(&x, 0, 0).unwrap();
    let z_rows = z.map_axis(Axis(1), |r| r.iter().any(|v| v.abs() > 3.0));
    assert_eq!(flatnonzero(&z_rows), vec_usize(&case["zscore_rows"]));
    // Tukey's fences from the linear percentiles.
    let q1 = percentile_axis(&x, 25.0, 0).unwrap();
    let q3 = percentile_axis(&x, 75.0, 0).unwrap();
    let low = &q1 - &((&q3 - &q1) * 1.5);
    let high = &q3 + &((&q3 - &q1) * 1.5);
    assert_abs_diff_eq!(low, arr1(&case["iqr_low_fence"]), epsilon = 1e-12);
    assert_abs_diff_eq!(high, arr1(&case["iqr_high_fence"]), epsilon = 1e-12);
    let outside =
        Array2::from_shape_fn(x.dim(), |(i, j)| x[[i, j]] < low[j] || x[[i, j]] > high[j]);
    let iqr_rows = outside.map_axis(Axis(1), |r| r.iter().any(|&f| f));
    assert_eq!(flatnonzero(&iqr_rows), vec_usize(&case["iqr_rows"]));
}
