//! Every error the issue lists, triggered on purpose, with the message checked.

use ndarray::{Array1, Array2, Array3, array};

use basics::Error;
use basics::indexing::{compress, extract, take, where_};
use basics::loading::{CsvOptions, loadtxt_from_reader};
use basics::operations::{
    add, argmax, broadcast_to, cumsum, max_axis, mean, mean_axis, min, percentile, std_axis,
    sum_axis, var, var_axis,
};
use basics::preprocessing::{
    ImputeStrategy, MinMaxScaler, SimpleImputer, StandardScaler, kfold_indices, min_max_scale,
    standardize, stratified_train_test_split, train_test_indices, train_test_split,
};

#[test]
fn incompatible_shapes_are_errors_that_name_both_shapes() {
    let a = Array2::<f64>::zeros((3, 4));
    let err = add(&a, &Array1::<f64>::zeros(5)).unwrap_err();
    assert!(matches!(err, Error::Broadcast { .. }));
    assert_eq!(
        err.to_string(),
        "operands could not be broadcast together with shapes (3, 4) (5,)"
    );

    let err = broadcast_to(&Array1::<f64>::zeros(3), (2, 4)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "operands could not be broadcast together with shapes (3,) (2, 4)"
    );

    let err = where_(&array![true, false], &a, &ndarray::arr0(0.0)).unwrap_err();
    assert!(err.to_string().contains("(2,) (3, 4)"), "{err}");

    let err = extract(&a, &Array2::from_elem((4, 3), true)).unwrap_err();
    assert!(matches!(err, Error::ShapeMismatch { .. }));
    assert!(err.to_string().contains("(3, 4) and (4, 3)"), "{err}");

    let err = compress(&a, &array![true], 0).unwrap_err();
    assert!(
        err.to_string()
            .contains("the mask has 1 entries but axis 0 has length 3"),
        "{err}"
    );

    let scaler = StandardScaler::new().fit(&a).unwrap();
    let err = scaler.transform(&Array2::<f64>::zeros((2, 5))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "StandardScaler::transform: shapes (2, 5) and (4,) are incompatible: X has 5 features, but the scaler was fitted with 4 features"
    );

    let err = train_test_split(&a, &Array1::<usize>::zeros(2), 0.5, 0).unwrap_err();
    assert!(
        err.to_string().contains("X has 3 rows but y has 2 entries"),
        "{err}"
    );
}

#[test]
fn empty_input_is_an_error_not_nan() {
    let empty = Array1::<f64>::zeros(0);
    let err = mean(&empty).unwrap_err();
    assert_eq!(err.to_string(), "mean: empty input (shape (0,))");
    assert!(matches!(var(&empty, 0), Err(Error::Empty { .. })));
    assert!(matches!(min(&empty), Err(Error::Empty { .. })));
    assert!(matches!(argmax(&empty), Err(Error::Empty { .. })));
    assert!(matches!(percentile(&empty, 50.0), Err(Error::Empty { .. })));
    let no_rows = Array2::<f64>::zeros((0, 4));
    let err = mean_axis(&no_rows, 0).unwrap_err();
    assert_eq!(
        err.to_string(),
        "mean_axis along axis 0: empty input (shape (0, 4))"
    );
    assert!(matches!(max_axis(&no_rows, 0), Err(Error::Empty { .. })));
    assert!(matches!(standardize(&no_rows, 0), Err(Error::Empty { .. })));
    assert!(matches!(min_max_scale(&no_rows), Err(Error::Empty { .. })));
    assert!(matches!(
        StandardScaler::new().fit(&no_rows),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        MinMaxScaler::new().fit(&no_rows),
        Err(Error::Empty { .. })
    ));
    let all_missing = array![[1.0, f64::NAN], [2.0, f64::NAN]];
    let err = SimpleImputer::new(ImputeStrategy::Mean)
        .fit(&all_missing)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("column 1 has no observed (non-NaN) value"),
        "{err}"
    );
    // Reducing along the non-empty axis of a (0, 4) array is fine: NumPy gives shape (0,).
    assert_eq!(mean_axis(&no_rows, 1).unwrap().len(), 0);
}

#[test]
fn an_axis_out_of_range_is_an_error_for_every_axis_function() {
    let a = Array3::<f64>::zeros((2, 3, 4));
    let err = mean_axis(&a, 3).unwrap_err();
    assert_eq!(
        err.to_string(),
        "mean_axis: axis 3 is out of bounds for array of dimension 3"
    );
    assert!(matches!(
        sum_axis(&a, 3),
        Err(Error::AxisOutOfRange {
            axis: 3,
            ndim: 3,
            ..
        })
    ));
    assert!(matches!(
        var_axis(&a, 7, 0),
        Err(Error::AxisOutOfRange { .. })
    ));
    assert!(matches!(
        std_axis(&a, 3, 0),
        Err(Error::AxisOutOfRange { .. })
    ));
    assert!(matches!(cumsum(&a, 3), Err(Error::AxisOutOfRange { .. })));
    assert!(matches!(
        take(&a, &[0], 3),
        Err(Error::AxisOutOfRange { .. })
    ));
    assert!(matches!(
        compress(&a, &array![true, true], 3),
        Err(Error::AxisOutOfRange { .. })
    ));
}

#[test]
fn ddof_at_or_above_n_is_an_error() {
    let x = array![[1.0, 2.0], [3.0, 4.0]];
    let err = var_axis(&x, 0, 2).unwrap_err();
    assert_eq!(
        err.to_string(),
        "var_axis: ddof = 2 must be smaller than the number of samples n = 2"
    );
    assert!(var_axis(&x, 0, 1).is_ok());
    assert!(matches!(
        std_axis(&x, 1, 5),
        Err(Error::Ddof { ddof: 5, n: 2, .. })
    ));
    assert!(matches!(var(&x, 4), Err(Error::Ddof { .. })));
    assert!(matches!(standardize(&x, 2), Err(Error::Ddof { .. })));
    assert!(matches!(
        StandardScaler::new().ddof(2).fit(&x),
        Err(Error::Ddof { .. })
    ));
}

#[test]
fn a_split_fraction_outside_the_open_unit_interval_is_an_error() {
    for bad in [0.0, 1.0, -0.1, 1.5, f64::NAN] {
        let err = train_test_indices(10, bad, 0).unwrap_err();
        assert!(matches!(err, Error::SplitFraction { .. }), "{bad}: {err}");
    }
    assert_eq!(
        train_test_indices(10, 1.0, 0).unwrap_err().to_string(),
        "test_size = 1 must be strictly between 0 and 1"
    );
    // A valid fraction that leaves one side empty is an error too.
    assert!(train_test_indices(1, 0.5, 0).is_err());
}

#[test]
fn stratification_with_a_class_of_one_sample_is_an_error() {
    let x = Array2::<f64>::zeros((7, 2));
    let y = array![0, 0, 0, 1, 1, 1, 2];
    let err = stratified_train_test_split(&x, &y, 0.3, 0).unwrap_err();
    assert!(matches!(err, Error::ClassTooSmall { class: 2, count: 1 }));
    assert_eq!(
        err.to_string(),
        "stratified split: class 2 has only 1 sample(s); every class needs at least 2 to appear in both train and test"
    );
    // Fewer test samples than classes cannot be stratified either.
    let y = array![0, 0, 1, 1, 2, 2, 0];
    assert!(stratified_train_test_split(&x, &y, 0.1, 0).is_err());
}

#[test]
fn malformed_csv_is_an_error_naming_line_and_column() {
    let text = "a,b,c\n1,2,3\n4,5,6\n7,8,x9\n";
    let err = loadtxt_from_reader(text.as_bytes(), "data.csv", &CsvOptions::new().header(true))
        .unwrap_err();
    assert!(matches!(
        err,
        Error::Csv {
            line: 4,
            column: 3,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "data.csv: line 4, column 3: cannot parse \"x9\" as a number"
    );
}

#[test]
fn other_invalid_arguments_are_errors_not_panics() {
    assert!(matches!(
        kfold_indices(5, 1, None),
        Err(Error::InvalidArgument { .. })
    ));
    assert!(matches!(
        kfold_indices(5, 6, None),
        Err(Error::InvalidArgument { .. })
    ));
    assert!(
        MinMaxScaler::new()
            .feature_range(1.0, 0.0)
            .fit(&array![[1.0]])
            .is_err()
    );
    assert!(percentile(&array![1.0], 101.0).is_err());
    assert!(take(&array![1, 2], &[2], 0).is_err());
    // Sizes that cannot be allocated are errors where ndarray's constructors would panic.
    let mut rng = basics::creation::seeded_rng(0);
    assert!(basics::creation::random_uniform((usize::MAX, 2), 0.0, 1.0, &mut rng).is_err());
    assert!(basics::creation::random_normal(usize::MAX / 4, 0.0, 1.0, &mut rng).is_err());
    assert!(basics::creation::random_uniform(3, -f64::MAX, f64::MAX, &mut rng).is_err());
    assert!(basics::creation::arange(0.0, 1e300, 1e-300).is_err());
    assert!(basics::indexing::numpy_slice(5, None, None, 0).is_err());
}
