//! Bad input is an error with a message naming the function and the shapes, not a panic.

use applications::Error;
use applications::cnn::{conv2d, max_pool2d};
use applications::features::{OneHotEncoder, PolynomialFeatures, digitize};
use applications::images::{center_crop, normalize, resize_bilinear};
use applications::layers::{BatchNorm, dropout};
use applications::losses::cross_entropy;
use applications::metrics::*;
use applications::missing::{SimpleImputer, Strategy};
use applications::plots::{ChartOptions, heatmap, image_grid};
use applications::sequences::{Padding, pad_sequences};
use ndarray::{Array1, Array2, Array4, array};
use rand::{SeedableRng, rngs::StdRng};

#[test]
fn metrics_reject_mismatched_empty_and_out_of_range_labels() {
    let e = confusion_matrix(&array![0, 1], &array![0], 2).unwrap_err();
    assert_eq!(
        e.to_string(),
        "confusion_matrix: shapes (2,) and (1,) are incompatible: y_true and y_pred/y_score must have the same length"
    );
    assert!(matches!(
        accuracy(&Array1::<usize>::zeros(0), &Array1::<usize>::zeros(0)),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        confusion_matrix(&array![0, 5], &array![0, 1], 3),
        Err(Error::LabelOutOfRange { label: 5, .. })
    ));
    assert!(matches!(
        precision_recall_fscore(
            &array![0, 1],
            &array![0, 1],
            2,
            Average::Binary(2),
            ZeroDivision::Warn
        ),
        Err(Error::InvalidParameter { .. })
    ));
}

#[test]
fn roc_needs_both_classes_and_finite_scores() {
    let e = roc_curve(&array![true, true], &array![0.1, 0.2], true).unwrap_err();
    assert!(
        e.to_string().contains("both positives and negatives"),
        "{e}"
    );
    assert!(matches!(
        roc_auc_score(&array![true, false], &array![f64::NAN, 0.2]),
        Err(Error::NotFinite { .. })
    ));
    assert!(matches!(
        precision_recall_curve(&array![false, false], &array![0.1, 0.2]),
        Err(Error::Undefined { .. })
    ));
    assert!(matches!(
        auc(&array![0.0, 1.0, 0.5], &array![0.0, 1.0, 1.0]),
        Err(Error::InvalidParameter { .. })
    ));
}

#[test]
fn preprocessing_rejects_bad_parameters_and_unknown_categories() {
    let nan = f64::NAN;
    assert!(matches!(
        SimpleImputer::params(Strategy::Mean).fit(&array![[nan, 1.0], [nan, 2.0]]),
        Err(Error::Empty { .. })
    ));
    let imp = SimpleImputer::params(Strategy::Median)
        .fit(&array![[1.0, 2.0]])
        .unwrap();
    assert!(matches!(
        imp.transform(&array![[1.0]]),
        Err(Error::ShapeMismatch { .. })
    ));
    let e = PolynomialFeatures::params(0)
        .transform(&array![[1.0]])
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "PolynomialFeatures: degree = 0 is invalid: must be at least 1"
    );
    let enc = OneHotEncoder::fit(&array![[1.0], [2.0]]).unwrap();
    assert!(
        enc.transform(&array![[3.0]])
            .unwrap_err()
            .to_string()
            .contains("unknown category")
    );
    assert!(matches!(
        digitize(&array![1.0], &[2.0, 1.0]),
        Err(Error::InvalidParameter { .. })
    ));
}

#[test]
fn image_and_layer_functions_reject_bad_shapes() {
    let x = Array4::<f32>::zeros((1, 3, 4, 4));
    assert!(matches!(
        center_crop(&x, 5, 2),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        resize_bilinear(&x, 0, 2),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        normalize(&x, &array![0.0f32, 0.0], &array![1.0f32, 1.0]),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        normalize(&x, &array![0.0f32, 0.0, 0.0], &array![1.0f32, 0.0, 1.0]),
        Err(Error::InvalidParameter { .. })
    ));
    let xd = Array4::<f64>::zeros((1, 3, 4, 4));
    let w = Array4::<f64>::zeros((2, 2, 3, 3));
    assert!(matches!(
        conv2d(&xd, &w, &array![0.0, 0.0], 1, 0),
        Err(Error::ShapeMismatch { .. })
    ));
    let w = Array4::<f64>::zeros((2, 3, 3, 3));
    assert!(matches!(
        conv2d(&xd, &w, &array![0.0, 0.0], 0, 0),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        max_pool2d(&xd, 5, 1),
        Err(Error::InvalidParameter { .. })
    ));
    let mut bn = BatchNorm::<f64>::new(3);
    assert!(matches!(
        bn.forward_train(&Array2::zeros((1, 3))),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        bn.backward(&Array2::zeros((2, 3))),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        dropout(
            &Array2::<f64>::zeros((2, 2)),
            1.0,
            &mut StdRng::seed_from_u64(0)
        ),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        cross_entropy(&array![[0.0, 1.0]], &array![2], 0.0),
        Err(Error::LabelOutOfRange { .. })
    ));
    assert!(matches!(
        cross_entropy(&array![[0.0, 1.0]], &array![1], 1.5),
        Err(Error::InvalidParameter { .. })
    ));
    let seqs = vec![array![[1.0, 2.0]], array![[1.0]]];
    assert!(matches!(
        pad_sequences(&seqs, None, Padding::Post, 0.0),
        Err(Error::ShapeMismatch { .. })
    ));
}

#[test]
fn figures_reject_bad_inputs_before_drawing() {
    let p = std::env::temp_dir().join("applications-errors.png");
    let names = vec!["a".to_string()];
    assert!(matches!(
        heatmap(
            &p,
            &array![[1usize, 2], [3, 4]],
            &names,
            &ChartOptions::new("t", "x", "y")
        ),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        image_grid(&p, &Array4::<u8>::zeros((1, 2, 4, 4)), 1, 1, &[]),
        Err(Error::InvalidParameter { .. })
    ));
}
