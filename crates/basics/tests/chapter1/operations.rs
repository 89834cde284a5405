use approx::assert_abs_diff_eq;
use ndarray::{Array2, ArrayD, Axis, Ix3, array};

use basics::operations::{
    ATOL, RTOL, add, allclose, argmax, argmax_axis, argmin, argmin_axis, broadcast_shapes, clip,
    cumsum, divide, isclose, keepdims, max, max_axis, maximum, mean, mean_axis, median,
    median_axis, min, min_axis, minimum, multiply, nanmax_axis, nanmean_axis, nanmin_axis,
    nanstd_axis, nanvar_axis, percentile, percentile_axis, std, std_axis, subtract, sum_axis, var,
    var_axis,
};

use crate::common::{
    arr_dyn, arr1, arr2, assert_close_nan, expected, num, reference, vec_f64, vec_usize,
};

fn cube() -> ndarray::Array3<f64> {
    arr_dyn(&expected()["reductions"]["data"])
        .into_dimensionality::<Ix3>()
        .unwrap()
}

fn iris_with_holes() -> Array2<f64> {
    let mut x = datasets::iris::load().data;
    for hole in expected()["iris_nan"]["holes"].as_array().unwrap() {
        let (i, j) = (
            hole[0].as_u64().unwrap() as usize,
            hole[1].as_u64().unwrap() as usize,
        );
        x[[i, j]] = f64::NAN;
    }
    x
}

fn dyn_f64<D: ndarray::Dimension>(a: ndarray::Array<f64, D>) -> ArrayD<f64> {
    a.into_dyn()
}

#[test]
fn broadcast_shapes_matches_numpy_fixture_including_errors() {
    for case in expected()["broadcast_shapes"].as_array().unwrap() {
        let a = vec_usize(&case["a"]);
        let b = vec_usize(&case["b"]);
        match (broadcast_shapes(&a, &b), case.get("result")) {
            (Ok(got), Some(want)) => assert_eq!(got, vec_usize(want), "{a:?} with {b:?}"),
            (Err(e), None) => {
                let msg = e.to_string();
                assert!(
                    msg.contains(&basics::shape_str(&a)) && msg.contains(&basics::shape_str(&b)),
                    "{msg}"
                );
            }
            (got, want) => panic!("{a:?} with {b:?}: got {got:?}, NumPy says {want:?}"),
        }
    }
}

#[test]
fn broadcast_error_message_names_both_shapes_as_numpy_does() {
    let err = add(
        &Array2::<f64>::zeros((3, 4)),
        &ndarray::Array1::<f64>::zeros(5),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "operands could not be broadcast together with shapes (3, 4) (5,)"
    );
}

#[test]
fn checked_arithmetic_agrees_with_ndarray_operators_when_shapes_broadcast() {
    let a = array![[1., 2., 3.], [4., 5., 6.]];
    let b = array![10., 20., 30.];
    let col = array![[2.], [4.]];
    assert_eq!(add(&a, &b).unwrap(), &a + &b);
    assert_eq!(subtract(&a, &col).unwrap(), &a - &col);
    assert_eq!(multiply(&col, &b).unwrap(), &col * &b);
    assert_eq!(divide(&a, &col).unwrap(), &a / &col);
    assert_eq!(multiply(&col, &b).unwrap().dim(), (2, 3));
}

#[test]
fn reductions_along_each_axis_match_numpy() {
    let x = cube();
    for case in expected()["reductions"]["axes"].as_array().unwrap() {
        let ax = case["axis"].as_u64().unwrap() as usize;
        let check = |got: ArrayD<f64>, key: &str| {
            let want = arr_dyn(&case[key]);
            assert_eq!(got.shape(), want.shape(), "{key} axis {ax}");
            assert_abs_diff_eq!(got, want, epsilon = 1e-12);
        };
        check(dyn_f64(sum_axis(&x, ax).unwrap()), "sum");
        check(dyn_f64(mean_axis(&x, ax).unwrap()), "mean");
        check(dyn_f64(var_axis(&x, ax, 0).unwrap()), "var_ddof0");
        check(dyn_f64(var_axis(&x, ax, 1).unwrap()), "var_ddof1");
        check(dyn_f64(std_axis(&x, ax, 1).unwrap()), "std_ddof1");
        check(dyn_f64(min_axis(&x, ax).unwrap()), "min");
        check(dyn_f64(max_axis(&x, ax).unwrap()), "max");
        check(
            dyn_f64(argmin_axis(&x, ax).unwrap().mapv(|i| i as f64)),
            "argmin",
        );
        check(
            dyn_f64(argmax_axis(&x, ax).unwrap().mapv(|i| i as f64)),
            "argmax",
        );
        check(dyn_f64(cumsum(&x, ax).unwrap()), "cumsum");
        check(dyn_f64(median_axis(&x, ax).unwrap()), "median");
        check(
            dyn_f64(percentile_axis(&x, 10.0, ax).unwrap()),
            "percentile_10",
        );
        check(
            dyn_f64(percentile_axis(&x, 90.0, ax).unwrap()),
            "percentile_90",
        );
        let kept = keepdims(sum_axis(&x, ax).unwrap(), ax).unwrap();
        assert_eq!(
            kept.shape(),
            vec_usize(&case["sum_keepdims_shape"]).as_slice()
        );
    }
}

#[test]
fn whole_array_reductions_match_numpy() {
    let x = cube();
    let w = &expected()["reductions"]["whole"];
    assert_abs_diff_eq!(mean(&x).unwrap(), num(&w["mean"]), epsilon = 1e-12);
    assert_abs_diff_eq!(var(&x, 1).unwrap(), num(&w["var_ddof1"]), epsilon = 1e-12);
    assert_abs_diff_eq!(std(&x, 0).unwrap(), num(&w["std_ddof0"]), epsilon = 1e-12);
    assert_eq!(min(&x).unwrap(), num(&w["min"]));
    assert_eq!(max(&x).unwrap(), num(&w["max"]));
    assert_eq!(argmin(&x).unwrap(), w["argmin"].as_u64().unwrap() as usize);
    assert_eq!(argmax(&x).unwrap(), w["argmax"].as_u64().unwrap() as usize);
    assert_abs_diff_eq!(median(&x).unwrap(), num(&w["median"]), epsilon = 1e-12);
    assert_abs_diff_eq!(
        percentile(&x, 37.5).unwrap(),
        num(&w["percentile_37_5"]),
        epsilon = 1e-12
    );
}

#[test]
fn iris_statistics_match_the_numpy_reference_to_1e_12() {
    let x = datasets::iris::load().data;
    let stats = &reference()["stats"];
    let eps = 1e-12;
    assert_abs_diff_eq!(
        mean_axis(&x, 0).unwrap(),
        arr1(&stats["mean"]),
        epsilon = eps
    );
    assert_abs_diff_eq!(
        std_axis(&x, 0, 0).unwrap(),
        arr1(&stats["std_ddof0"]),
        epsilon = eps
    );
    assert_abs_diff_eq!(
        std_axis(&x, 0, 1).unwrap(),
        arr1(&stats["std_ddof1"]),
        epsilon = eps
    );
    assert_abs_diff_eq!(
        var_axis(&x, 0, 0).unwrap(),
        arr1(&stats["var_ddof0"]),
        epsilon = eps
    );
    assert_abs_diff_eq!(
        var_axis(&x, 0, 1).unwrap(),
        arr1(&stats["var_ddof1"]),
        epsilon = eps
    );
    assert_abs_diff_eq!(
        median_axis(&x, 0).unwrap(),
        arr1(&stats["median"]),
        epsilon = eps
    );
    assert_abs_diff_eq!(min_axis(&x, 0).unwrap(), arr1(&stats["min"]), epsilon = eps);
    assert_abs_diff_eq!(max_axis(&x, 0).unwrap(), arr1(&stats["max"]), epsilon = eps);
    assert_abs_diff_eq!(
        percentile_axis(&x, 25.0, 0).unwrap(),
        arr1(&stats["percentile_25_linear"]),
        epsilon = eps
    );
    assert_abs_diff_eq!(
        percentile_axis(&x, 75.0, 0).unwrap(),
        arr1(&stats["percentile_75_linear"]),
        epsilon = eps
    );
    assert_abs_diff_eq!(
        x.sum(),
        num(&reference()["dataset"]["sum_of_all_values"]),
        epsilon = 1e-9
    );
}

#[test]
fn iris_covariance_and_correlation_by_broadcasting_match_numpy() {
    let x = datasets::iris::load().data;
    let n = x.nrows() as f64;
    let centred = &x - &mean_axis(&x, 0).unwrap(); // X - X.mean(0)
    let cov = centred.t().dot(&centred) / (n - 1.0); // np.cov(X.T)
    let stats = &reference()["stats"];
    assert_abs_diff_eq!(cov, arr2(&stats["cov_ddof1_np.cov(X.T)"]), epsilon = 1e-12);
    let sd = std_axis(&x, 0, 1).unwrap();
    let corr = &cov / &sd.view().insert_axis(Axis(1)) / &sd; // cov / outer(sd, sd)
    assert_abs_diff_eq!(corr, arr2(&stats["corrcoef"]), epsilon = 1e-12);
}

#[test]
fn per_class_means_by_boolean_masks_match_the_reference() {
    let iris = datasets::iris::load();
    for class in 0..3 {
        let mask = iris.target.mapv(|t| t == class);
        let rows = basics::indexing::compress(&iris.data, &mask, 0).unwrap();
        let want = arr1(&reference()["stats"]["per_class_mean"][class.to_string()]);
        assert_abs_diff_eq!(mean_axis(&rows, 0).unwrap(), want, epsilon = 1e-12);
    }
}

#[test]
fn ufuncs_match_numpy() {
    let u = &expected()["ufuncs"];
    let x = arr1(&u["x"]);
    assert_abs_diff_eq!(x.sin(), arr1(&u["sin"]), epsilon = 1e-15);
    assert_abs_diff_eq!(x.exp(), arr1(&u["exp"]), epsilon = 1e-10);
    assert_abs_diff_eq!(x.ln(), arr1(&u["log"]), epsilon = 1e-15);
    assert_abs_diff_eq!(x.sqrt(), arr1(&u["sqrt"]), epsilon = 1e-15);
    assert_abs_diff_eq!(x.mapv(|v| -v).abs(), arr1(&u["abs_neg"]), epsilon = 0.0);
}

#[test]
fn clip_matches_numpy_including_nan_and_inverted_bounds() {
    let c = &expected()["clip"];
    let x = arr1(&c["x"]);
    assert_close_nan(
        clip(&x, 0.0, 1.0).as_slice().unwrap(),
        &vec_f64(&c["lo_0_hi_1"]),
        0.0,
        "clip(0, 1)",
    );
    assert_close_nan(
        clip(&x, 2.0, 1.0).as_slice().unwrap(),
        &vec_f64(&c["lo_2_hi_1"]),
        0.0,
        "clip(2, 1)",
    );
}

#[test]
fn maximum_and_minimum_propagate_nan_like_numpy() {
    let m = &expected()["maximum_minimum"];
    let (a, b) = (arr1(&m["a"]), arr1(&m["b"]));
    assert_close_nan(
        maximum(&a, &b).unwrap().as_slice().unwrap(),
        &vec_f64(&m["maximum"]),
        0.0,
        "maximum",
    );
    assert_close_nan(
        minimum(&a, &b).unwrap().as_slice().unwrap(),
        &vec_f64(&m["minimum"]),
        0.0,
        "minimum",
    );
}

#[test]
fn isclose_matches_numpy_including_infinities_and_nan() {
    let c = &expected()["isclose"];
    let (a, b) = (arr1(&c["a"]), arr1(&c["b"]));
    let bools = |v: &serde_json::Value| -> Vec<bool> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_bool().unwrap())
            .collect()
    };
    assert_eq!(
        isclose(&a, &b, RTOL, ATOL).unwrap().to_vec(),
        bools(&c["default"])
    );
    assert_eq!(
        isclose(&a, &b, 1e-4, 0.0).unwrap().to_vec(),
        bools(&c["rtol_1e-4"])
    );
    assert!(!allclose(&a, &b, RTOL, ATOL).unwrap());
    assert!(
        allclose(
            &a,
            &a.mapv(|v| if v.is_nan() { 0.0 } else { v }),
            RTOL,
            ATOL
        )
        .is_ok()
    );
}

#[test]
fn nan_reductions_match_numpy_on_iris_with_holes() {
    let x = iris_with_holes();
    let e = &expected()["iris_nan"];
    assert_abs_diff_eq!(
        nanmean_axis(&x, 0).unwrap(),
        arr1(&e["nanmean"]),
        epsilon = 1e-12
    );
    assert_abs_diff_eq!(
        nanstd_axis(&x, 0, 0).unwrap(),
        arr1(&e["nanstd_ddof0"]),
        epsilon = 1e-12
    );
    assert_abs_diff_eq!(
        nanstd_axis(&x, 0, 1).unwrap(),
        arr1(&e["nanstd_ddof1"]),
        epsilon = 1e-12
    );
    assert_abs_diff_eq!(
        nanvar_axis(&x, 0, 1).unwrap(),
        arr1(&e["nanvar_ddof1"]),
        epsilon = 1e-12
    );
    assert_abs_diff_eq!(
        nanmin_axis(&x, 0).unwrap(),
        arr1(&e["nanmin"]),
        epsilon = 0.0
    );
    assert_abs_diff_eq!(
        nanmax_axis(&x, 0).unwrap(),
        arr1(&e["nanmax"]),
        epsilon = 0.0
    );
    // The plain reductions propagate NaN instead.
    assert!(mean_axis(&x, 0).unwrap().iter().all(|v| v.is_nan()));
}

#[test]
fn all_nan_lane_gives_nan_in_nan_reductions_like_numpy() {
    let x = array![[f64::NAN, 1.0], [f64::NAN, 3.0]];
    let m = nanmean_axis(&x, 0).unwrap();
    assert!(m[0].is_nan());
    assert_eq!(m[1], 2.0);
    assert!(nanmin_axis(&x, 0).unwrap()[0].is_nan());
    assert!(nanstd_axis(&x, 0, 1).unwrap()[0].is_nan());
}

#[test]
fn keepdims_restores_the_axis_for_row_wise_broadcasting() {
    let x = array![[1., 2., 3.], [4., 5., 6.]];
    let row_max = keepdims(max_axis(&x, 1).unwrap(), 1).unwrap();
    assert_eq!(row_max.dim(), (2, 1));
    // softmax's first step: x - x.max(axis=1, keepdims=True)
    assert_eq!(&x - &row_max, array![[-2., -1., 0.], [-2., -1., 0.]]);
    assert!(keepdims(max_axis(&x, 1).unwrap(), 2).is_err());
}
