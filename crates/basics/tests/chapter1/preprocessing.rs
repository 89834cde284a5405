use approx::assert_abs_diff_eq;
use ndarray::{Array1, Array2, Axis, array};

use basics::indexing::take;
use basics::operations::{mean_axis, std_axis};
use basics::preprocessing::{
    ImputeStrategy, MinMaxScaler, SimpleImputer, StandardScaler, kfold_indices, min_max_scale,
    nan_min_max_scale, nan_standardize, standardize, stratified_train_test_indices,
    stratified_train_test_split, train_test_indices, train_test_split,
};

use crate::common::{arr1, arr2, expected, vec_usize};

fn iris_split() -> (Array2<f64>, Array2<f64>) {
    let s = &expected()["scalers"];
    let x = datasets::iris::load().data;
    let train = take(&x, &vec_usize(&s["train_indices"]), 0).unwrap();
    let test = take(&x, &vec_usize(&s["test_indices"]), 0).unwrap();
    (train, test)
}

fn iris_with_holes() -> Array2<f64> {
    let mut x = datasets::iris::load().data;
    for hole in expected()["iris_nan"]["holes"].as_array().unwrap() {
        x[[
            hole[0].as_u64().unwrap() as usize,
            hole[1].as_u64().unwrap() as usize,
        ]] = f64::NAN;
    }
    x
}

fn class_counts(labels: &[usize], n_classes: usize) -> Vec<usize> {
    let mut counts = vec![0; n_classes];
    for &l in labels {
        counts[l] += 1;
    }
    counts
}

#[test]
fn standard_scaler_fit_on_train_transforms_test_like_scikit_learn() {
    let s = &expected()["scalers"];
    let (train, test) = iris_split();
    let scaler = StandardScaler::new().fit(&train).unwrap();
    assert_abs_diff_eq!(scaler.mean(), &arr1(&s["standard_mean_"]), epsilon = 1e-12);
    assert_abs_diff_eq!(
        scaler.scale(),
        &arr1(&s["standard_scale_"]),
        epsilon = 1e-12
    );
    assert_abs_diff_eq!(
        scaler.transform(&test).unwrap(),
        arr2(&s["standard_transform_test"]),
        epsilon = 1e-12
    );
    assert_eq!(scaler.ddof(), 0);
}

#[test]
fn standard_scaler_with_ddof_one_matches_the_numpy_formula() {
    let s = &expected()["scalers"];
    let (train, test) = iris_split();
    let scaler = StandardScaler::new().ddof(1).fit(&train).unwrap();
    assert_abs_diff_eq!(
        scaler.transform(&test).unwrap(),
        arr2(&s["standard_ddof1_transform_test"]),
        epsilon = 1e-12
    );
}

#[test]
fn min_max_scaler_transform_matches_scikit_learn_for_both_ranges() {
    let s = &expected()["scalers"];
    let (train, test) = iris_split();
    let unit = MinMaxScaler::new().fit(&train).unwrap();
    assert_abs_diff_eq!(
        unit.transform(&test).unwrap(),
        arr2(&s["minmax_transform_test"]),
        epsilon = 1e-12
    );
    let sym = MinMaxScaler::new()
        .feature_range(-1.0, 1.0)
        .fit(&train)
        .unwrap();
    assert_abs_diff_eq!(
        sym.transform(&test).unwrap(),
        arr2(&s["minmax_11_transform_test"]),
        epsilon = 1e-12
    );
}

#[test]
fn inverse_transform_recovers_the_input() {
    let (train, test) = iris_split();
    let ss = StandardScaler::new().fit(&train).unwrap();
    assert_abs_diff_eq!(
        ss.inverse_transform(&ss.transform(&test).unwrap()).unwrap(),
        test,
        epsilon = 1e-12
    );
    let mm = MinMaxScaler::new()
        .feature_range(-2.0, 5.0)
        .fit(&train)
        .unwrap();
    assert_abs_diff_eq!(
        mm.inverse_transform(&mm.transform(&test).unwrap()).unwrap(),
        test,
        epsilon = 1e-12
    );
}

#[test]
fn scalers_ignore_nan_when_fitting_like_scikit_learn() {
    let e = &expected()["iris_nan"];
    let x = iris_with_holes();
    let ss = StandardScaler::new().fit(&x).unwrap();
    assert_abs_diff_eq!(
        ss.mean(),
        &arr1(&e["standard_scaler_mean_"]),
        epsilon = 1e-12
    );
    assert_abs_diff_eq!(
        ss.scale(),
        &arr1(&e["standard_scaler_scale_"]),
        epsilon = 1e-12
    );
    let mm = MinMaxScaler::new().fit(&x).unwrap();
    assert_abs_diff_eq!(mm.data_min(), &arr1(&e["minmax_data_min_"]), epsilon = 0.0);
    assert_abs_diff_eq!(mm.data_max(), &arr1(&e["minmax_data_max_"]), epsilon = 0.0);
    let z = ss.transform(&x).unwrap();
    assert!(z[[0, 0]].is_nan(), "NaN cells stay NaN");
    assert_eq!(z.iter().filter(|v| v.is_nan()).count(), 7);
}

#[test]
fn whole_iris_min_max_and_standardize_match_numpy_one_liners() {
    let s = &expected()["scalers"];
    let x = datasets::iris::load().data;
    let mm = min_max_scale(&x).unwrap();
    assert_abs_diff_eq!(
        mm.slice(ndarray::s![..5, ..]),
        arr2(&s["numpy_minmax_whole_iris_first_rows"]),
        epsilon = 1e-12
    );
    let z = standardize(&x, 1).unwrap();
    assert_abs_diff_eq!(
        z.slice(ndarray::s![..5, ..]),
        arr2(&s["numpy_standardize_ddof1_whole_iris_first_rows"]),
        epsilon = 1e-12
    );
    // Without NaN the NaN-aware variants agree with the plain ones (up to summation order).
    assert_abs_diff_eq!(nan_min_max_scale(&x).unwrap(), mm, epsilon = 0.0);
    assert_abs_diff_eq!(nan_standardize(&x, 1).unwrap(), z, epsilon = 1e-14);
}

#[test]
fn standardize_gives_zero_mean_unit_variance_on_iris() {
    let x = datasets::iris::load().data;
    for ddof in [0, 1] {
        let z = standardize(&x, ddof).unwrap();
        assert_abs_diff_eq!(mean_axis(&z, 0).unwrap(), Array1::zeros(4), epsilon = 1e-14);
        assert_abs_diff_eq!(
            std_axis(&z, 0, ddof).unwrap(),
            Array1::ones(4),
            epsilon = 1e-14
        );
    }
    let mm = min_max_scale(&x).unwrap();
    assert_eq!(
        mm.fold_axis(Axis(0), f64::INFINITY, |a, &b| a.min(b)),
        Array1::<f64>::zeros(4)
    );
    assert_eq!(
        mm.fold_axis(Axis(0), f64::NEG_INFINITY, |a, &b| a.max(b)),
        Array1::<f64>::ones(4)
    );
}

#[test]
fn constant_column_scales_to_zero_not_nan() {
    let x = array![[1., 5.], [2., 5.], [3., 5.]];
    assert_eq!(
        standardize(&x, 0).unwrap().column(1).to_vec(),
        vec![0., 0., 0.]
    );
    assert_eq!(
        min_max_scale(&x).unwrap().column(1).to_vec(),
        vec![0., 0., 0.]
    );
    assert_eq!(StandardScaler::new().fit(&x).unwrap().scale()[1], 1.0);
}

#[test]
fn with_mean_and_with_std_switches_work() {
    let x = array![[1., 10.], [3., 30.]];
    let only_scale = StandardScaler::new().with_mean(false).fit(&x).unwrap();
    assert_eq!(
        only_scale.transform(&x).unwrap(),
        array![[1., 1.], [3., 3.]]
    );
    let only_centre = StandardScaler::new().with_std(false).fit(&x).unwrap();
    assert_eq!(
        only_centre.transform(&x).unwrap(),
        array![[-1., -10.], [1., 10.]]
    );
}

#[test]
fn simple_imputer_statistics_and_output_match_scikit_learn() {
    let e = &expected()["iris_nan"];
    let x = iris_with_holes();
    let mean = SimpleImputer::new(ImputeStrategy::Mean).fit(&x).unwrap();
    assert_abs_diff_eq!(
        mean.statistics(),
        &arr1(&e["imputer_mean_statistics_"]),
        epsilon = 1e-12
    );
    let filled = mean.transform(&x).unwrap();
    assert!(filled.iter().all(|v| !v.is_nan()));
    let rows = take(&filled, &[0, 5, 10], 0).unwrap();
    assert_abs_diff_eq!(rows, arr2(&e["imputed_mean_rows_0_5_10"]), epsilon = 1e-12);
    let median = SimpleImputer::new(ImputeStrategy::Median).fit(&x).unwrap();
    assert_abs_diff_eq!(
        median.statistics(),
        &arr1(&e["imputer_median_statistics_"]),
        epsilon = 1e-12
    );
    let constant = SimpleImputer::new(ImputeStrategy::Constant(-1.0))
        .fit(&x)
        .unwrap();
    assert_eq!(constant.transform(&x).unwrap()[[0, 0]], -1.0);
}

#[test]
fn train_test_split_sizes_match_scikit_learn() {
    for case in expected()["split_sizes"].as_array().unwrap() {
        let n = case["n"].as_u64().unwrap() as usize;
        let ts = case["test_size"].as_f64().unwrap();
        let (train, test) = train_test_indices(n, ts, 0).unwrap();
        assert_eq!(
            train.len(),
            case["n_train"].as_u64().unwrap() as usize,
            "n={n} test_size={ts}"
        );
        assert_eq!(
            test.len(),
            case["n_test"].as_u64().unwrap() as usize,
            "n={n} test_size={ts}"
        );
    }
}

#[test]
fn train_test_split_is_a_partition_and_reproducible_for_a_seed() {
    let iris = datasets::iris::load();
    let a = train_test_split(&iris.data, &iris.target, 0.2, 42).unwrap();
    let b = train_test_split(&iris.data, &iris.target, 0.2, 42).unwrap();
    let c = train_test_split(&iris.data, &iris.target, 0.2, 43).unwrap();
    assert_eq!(a, b);
    assert_ne!(a.test_indices, c.test_indices);
    let mut all: Vec<usize> = a
        .train_indices
        .iter()
        .chain(&a.test_indices)
        .copied()
        .collect();
    all.sort_unstable();
    assert_eq!(all, (0..150).collect::<Vec<_>>());
    assert_eq!((a.x_train.dim(), a.x_test.dim()), ((120, 4), (30, 4)));
    for (k, &i) in a.test_indices.iter().enumerate() {
        assert_eq!(a.x_test.row(k), iris.data.row(i));
        assert_eq!(a.y_test[k], iris.target[i]);
    }
}

#[test]
fn stratified_split_class_counts_match_scikit_learn() {
    for case in expected()["stratified_split"].as_array().unwrap() {
        let counts = vec_usize(&case["class_counts"]);
        let labels: Array1<usize> = counts
            .iter()
            .enumerate()
            .flat_map(|(c, &n)| std::iter::repeat_n(c, n))
            .collect();
        let ts = case["test_size"].as_f64().unwrap();
        for seed in 0..5 {
            let (train, test) = stratified_train_test_indices(&labels, ts, seed).unwrap();
            let tr: Vec<usize> = train.iter().map(|&i| labels[i]).collect();
            let te: Vec<usize> = test.iter().map(|&i| labels[i]).collect();
            assert_eq!(
                class_counts(&tr, counts.len()),
                vec_usize(&case["train_class_counts"]),
                "{counts:?}"
            );
            assert_eq!(
                class_counts(&te, counts.len()),
                vec_usize(&case["test_class_counts"]),
                "{counts:?}"
            );
            let mut all: Vec<usize> = train.iter().chain(&test).copied().collect();
            all.sort_unstable();
            assert_eq!(all, (0..labels.len()).collect::<Vec<_>>());
        }
    }
}

#[test]
fn stratified_split_of_iris_keeps_ten_of_each_class_in_test() {
    let iris = datasets::iris::load();
    let s = stratified_train_test_split(&iris.data, &iris.target, 0.2, 7).unwrap();
    assert_eq!(
        class_counts(s.y_test.as_slice().unwrap(), 3),
        vec![10, 10, 10]
    );
    assert_eq!(
        class_counts(s.y_train.as_slice().unwrap(), 3),
        vec![40, 40, 40]
    );
}

#[test]
fn kfold_indices_match_scikit_learn_without_shuffle() {
    for case in expected()["kfold"].as_array().unwrap() {
        let n = case["n"].as_u64().unwrap() as usize;
        let k = case["k"].as_u64().unwrap() as usize;
        let folds = kfold_indices(n, k, None).unwrap();
        let want = case["folds"].as_array().unwrap();
        assert_eq!(folds.len(), want.len());
        for (got, want) in folds.iter().zip(want) {
            assert_eq!(got.train, vec_usize(&want["train"]), "n={n} k={k}");
            assert_eq!(got.test, vec_usize(&want["test"]), "n={n} k={k}");
        }
    }
}

#[test]
fn shuffled_kfold_tests_every_sample_exactly_once_and_is_reproducible() {
    let folds = kfold_indices(23, 4, Some(9)).unwrap();
    assert_eq!(folds, kfold_indices(23, 4, Some(9)).unwrap());
    assert_ne!(folds, kfold_indices(23, 4, None).unwrap());
    let mut tested: Vec<usize> = folds.iter().flat_map(|f| f.test.clone()).collect();
    tested.sort_unstable();
    assert_eq!(tested, (0..23).collect::<Vec<_>>());
    for f in &folds {
        assert_eq!(f.train.len() + f.test.len(), 23);
        assert!(f.test.iter().all(|i| !f.train.contains(i)));
    }
}
