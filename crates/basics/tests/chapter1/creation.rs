use approx::assert_abs_diff_eq;
use ndarray::{Array2, Array3, Axis, array};

use basics::creation::{
    arange, eye, flatten, from_vec, full_like, identity, info, linspace, logspace, ones_like,
    random_integers, random_normal, random_uniform, ravel, reshape, seeded_rng, transpose,
    zeros_like,
};
use basics::operations::{mean, std};

use crate::common::{arr1, arr2, expected, num, vec_f64};

#[test]
fn linspace_matches_numpy_on_every_fixture_case() {
    for case in expected()["linspace"].as_array().unwrap() {
        let got = linspace(
            num(&case["start"]),
            num(&case["stop"]),
            case["num"].as_u64().unwrap() as usize,
        );
        // Same formula as NumPy: equal to the last bit; 1e-15 allows for FMA differences.
        assert_abs_diff_eq!(got, arr1(&case["values"]), epsilon = 1e-15);
    }
}

#[test]
fn logspace_matches_numpy_to_relative_1e_14() {
    for case in expected()["logspace"].as_array().unwrap() {
        let got = logspace(
            num(&case["start"]),
            num(&case["stop"]),
            case["num"].as_u64().unwrap() as usize,
            num(&case["base"]),
        );
        let want = arr1(&case["values"]);
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() <= 1e-14 * w.abs(), "{g} vs {w}");
        }
        assert_eq!(got.len(), want.len());
    }
}

#[test]
fn arange_matches_numpy_lengths_and_values() {
    for case in expected()["arange"].as_array().unwrap() {
        let got = arange(num(&case["start"]), num(&case["stop"]), num(&case["step"])).unwrap();
        assert_abs_diff_eq!(got, arr1(&case["values"]), epsilon = 1e-15);
    }
}

#[test]
fn eye_matches_numpy_for_offsets_and_rectangles() {
    for case in expected()["eye"].as_array().unwrap() {
        let n = case["n"].as_u64().unwrap() as usize;
        let m = case["m"].as_u64().unwrap() as usize;
        let k = case["k"].as_i64().unwrap() as isize;
        assert_eq!(eye(n, m, k), arr2(&case["values"]), "eye({n}, {m}, {k})");
    }
    assert_eq!(identity(3), Array2::<f64>::eye(3));
}

#[test]
fn from_vec_fills_in_row_major_order() {
    let a = from_vec((2, 3), vec![1., 2., 3., 4., 5., 6.]).unwrap();
    assert_eq!(a, array![[1., 2., 3.], [4., 5., 6.]]);
}

#[test]
fn same_seed_gives_same_random_arrays_and_different_seeds_differ() {
    let a = random_uniform((5, 3), 0., 1., &mut seeded_rng(42)).unwrap();
    let b = random_uniform((5, 3), 0., 1., &mut seeded_rng(42)).unwrap();
    let c = random_uniform((5, 3), 0., 1., &mut seeded_rng(43)).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    // One generator advanced twice gives two different draws.
    let mut rng = seeded_rng(42);
    let first = random_normal(4, 0., 1., &mut rng).unwrap();
    let second = random_normal(4, 0., 1., &mut rng).unwrap();
    assert_ne!(first, second);
}

#[test]
fn random_normal_sample_mean_and_std_are_close_to_the_parameters() {
    let n = 20_000;
    let x = random_normal(n, 3.0, 2.0, &mut seeded_rng(7)).unwrap();
    // Standard error of the mean is 2/sqrt(n) = 0.014; allow 5 standard errors.
    assert!((mean(&x).unwrap() - 3.0).abs() < 0.071);
    // The sample std has standard error about 2/sqrt(2n) = 0.01.
    assert!((std(&x, 1).unwrap() - 2.0).abs() < 0.05);
}

#[test]
fn random_uniform_stays_in_the_half_open_interval_and_covers_it() {
    let x = random_uniform(10_000, -2.0, 3.0, &mut seeded_rng(1)).unwrap();
    assert!(x.iter().all(|&v| (-2.0..3.0).contains(&v)));
    assert!(x.iter().any(|&v| v < -1.9) && x.iter().any(|&v| v > 2.9));
    assert!((mean(&x).unwrap() - 0.5).abs() < 0.1);
}

#[test]
fn random_integers_hit_every_value_in_range_and_never_high() {
    let x = random_integers((50, 20), 0, 10, &mut seeded_rng(3)).unwrap();
    for v in 0..10 {
        assert!(x.iter().any(|&d| d == v), "{v} never drawn");
    }
    assert!(x.iter().all(|&d| (0..10).contains(&d)));
}

#[test]
fn invalid_random_parameters_are_errors() {
    assert!(random_uniform(3, 1.0, 1.0, &mut seeded_rng(0)).is_err());
    assert!(random_uniform(3, 0.0, f64::INFINITY, &mut seeded_rng(0)).is_err());
    assert!(random_normal(3, 0.0, -1.0, &mut seeded_rng(0)).is_err());
    assert!(random_normal(3, f64::NAN, 1.0, &mut seeded_rng(0)).is_err());
    assert!(random_integers(3, 5, 5, &mut seeded_rng(0)).is_err());
    assert!(arange(0.0, 1.0, 0.0).is_err());
    assert!(arange(0.0, f64::NAN, 1.0).is_err());
}

#[test]
fn like_constructors_keep_the_shape_and_choose_the_value() {
    let a = Array3::<f64>::zeros((2, 3, 4));
    assert_eq!(zeros_like(&a).shape(), &[2, 3, 4]);
    assert!(ones_like(&a).iter().all(|&v| v == 1.0));
    let mask = full_like(&a, true);
    assert_eq!(mask.shape(), &[2, 3, 4]);
    assert!(mask.iter().all(|&m| m));
}

#[test]
fn reshape_of_contiguous_data_is_a_view_and_of_a_transpose_a_copy() {
    let a = from_vec((3, 4), (0..12).map(f64::from).collect()).unwrap();
    let v = reshape(&a, (2, 6)).unwrap();
    assert!(v.is_view());
    assert_eq!(v.as_ptr(), a.as_ptr(), "a view shares the buffer");
    let t = a.t();
    let c = reshape(&t, (6, 2)).unwrap();
    assert!(c.is_owned());
    // np.arange(12.).reshape(3, 4).T.reshape(6, 2)[0] == [0., 4.]
    assert_eq!(c.row(0).to_vec(), vec![0., 4.]);
}

#[test]
fn ravel_and_flatten_read_in_row_major_order() {
    let a = array![[1, 2, 3], [4, 5, 6]];
    assert_eq!(ravel(&a).to_vec(), vec![1, 2, 3, 4, 5, 6]);
    assert_eq!(ravel(&a.t()).to_vec(), vec![1, 4, 2, 5, 3, 6]); // a.T.ravel()
    assert!(ravel(&a.t()).is_owned());
    let f = flatten(&a);
    assert_eq!(f.to_vec(), vec![1, 2, 3, 4, 5, 6]);
    assert_ne!(f.as_ptr(), a.as_ptr(), "flatten always copies");
}

#[test]
fn info_reports_numpy_like_shape_strides_and_flags() {
    let a = Array2::<f64>::zeros((3, 4));
    let i = info(&a);
    assert_eq!(i.shape, vec![3, 4]);
    // NumPy: a.strides == (32, 8) bytes for float64; ndarray counts elements.
    let byte_strides: Vec<isize> = i.strides.iter().map(|s| s * i.itemsize as isize).collect();
    assert_eq!(byte_strides, vec![32, 8]);
    assert_eq!((i.ndim, i.size, i.dtype), (2, 12, "f64"));
    assert!(i.c_contiguous && !i.f_contiguous);
    let t = info(&a.t());
    assert!(!t.c_contiguous && t.f_contiguous);
    let one_d = info(&a.index_axis(Axis(0), 0));
    assert!(one_d.c_contiguous && one_d.f_contiguous); // NumPy: both flags for 1-D
}

#[test]
fn transpose_permutes_axes_as_a_view_and_rejects_non_permutations() {
    let a = Array3::from_shape_fn((2, 3, 4), |(i, j, k)| (100 * i + 10 * j + k) as f64);
    let t = transpose(&a, &[2, 0, 1]).unwrap();
    assert_eq!(t.shape(), &[4, 2, 3]);
    assert_eq!(t[[3, 1, 2]], a[[1, 2, 3]]);
    assert!(transpose(&a, &[0, 1]).is_err());
    assert!(transpose(&a, &[0, 1, 3]).is_err());
    assert!(transpose(&a, &[1, 1, 0]).is_err());
}

#[test]
fn reshape_error_names_the_size_and_the_requested_shape() {
    let a = Array2::<f64>::zeros((3, 4));
    let err = reshape(&a, (5, 3)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot reshape array of size 12 into shape (5, 3)"
    );
    let err = from_vec(7, vec![0.0; 6]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot reshape array of size 6 into shape (7,)"
    );
}

#[test]
fn linspace_edge_cases_follow_numpy() {
    assert_eq!(linspace(2.0, 3.0, 1).to_vec(), vec![2.0]);
    assert!(linspace(0.0, 1.0, 0).is_empty());
    assert_eq!(vec_f64(&expected()["linspace"][6]["values"]), vec![2.0]);
}
