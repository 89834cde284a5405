//! Metrics, feature engineering, imputation, losses and batch norm against scikit-learn
//! 1.9.1 / NumPy 2.4 (`fixtures/sklearn_reference.json`, made by `fixtures/make_fixtures.py`)
//! and the Iris reference of the workspace (`fixtures/reference/iris_reference.json`).

use crate::common;

use applications::features::{KBinsUniform, OneHotEncoder, PolynomialFeatures, digitize};
use applications::layers::BatchNorm;
use applications::losses::{binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy};
use applications::metrics::*;
use applications::missing::{SimpleImputer, Strategy, drop_rows_with_nan, nan_count_per_column};
use common::*;
use ndarray::Array1;

const TOL: f64 = 1e-12;

/// scikit-learn's predictions on Iris, rebuilt from the reference: the true labels except
/// at the misclassified indices, whose predicted class the confusion matrix determines.
fn sklearn_iris_predictions(key: &str, wrong: &[(usize, usize)]) -> (Array1<usize>, Array1<usize>) {
    let r = &iris_ref()["logistic_regression_multinomial"][key];
    let y = datasets::iris::load().target;
    let listed = vec_usize(&r["misclassified_indices"]);
    assert_eq!(
        listed.to_vec(),
        wrong.iter().map(|w| w.0).collect::<Vec<_>>()
    );
    let mut pred = y.clone();
    for &(i, p) in wrong {
        pred[i] = p;
    }
    (y, pred)
}

fn check_iris(key: &str, wrong: &[(usize, usize)]) {
    let r = &iris_ref()["logistic_regression_multinomial"][key];
    let (y, pred) = sklearn_iris_predictions(key, wrong);
    let cm = confusion_matrix(&y, &pred, 3).unwrap();
    assert_eq!(cm, mat_usize(&r["confusion_matrix_rows_true_cols_pred"]));
    let s = precision_recall_fscore(&y, &pred, 3, Average::None, ZeroDivision::Warn).unwrap();
    assert_close(
        s.precision.as_slice().unwrap(),
        vec1(&r["precision_per_class"]).as_slice().unwrap(),
        TOL,
        "precision",
    );
    assert_close(
        s.recall.as_slice().unwrap(),
        vec1(&r["recall_per_class"]).as_slice().unwrap(),
        TOL,
        "recall",
    );
    assert_close(
        s.f1.as_slice().unwrap(),
        vec1(&r["f1_per_class"]).as_slice().unwrap(),
        TOL,
        "f1",
    );
    assert_eq!(s.support, vec_usize(&r["support"]));
    assert!((accuracy(&y, &pred).unwrap() - f(&r["train_accuracy"])).abs() < TOL);
}

#[test]
fn iris_unpenalised_logistic_regression_confusion_matrix_and_scores_match_sklearn() {
    check_iris("C_1e10", &[(83, 2), (133, 1)]);
}

#[test]
fn iris_default_logistic_regression_confusion_matrix_and_scores_match_sklearn() {
    check_iris("C_1_default", &[(70, 2), (77, 2), (83, 2), (106, 1)]);
}

#[test]
fn chapter_4_logistic_regression_on_iris_gives_a_confusion_matrix_close_to_sklearns() {
    // our model is fitted by gradient descent, not L-BFGS: the same accuracy, maybe other errors
    use algorithms::logistic_regression::LogisticRegression;
    let iris = datasets::iris::load();
    let model = LogisticRegression::params()
        .c(1.0)
        .max_iter(20_000)
        .fit(&iris.data, &iris.target)
        .unwrap();
    let pred = model.predict(&iris.data).unwrap();
    let cm = confusion_matrix(&iris.target, &pred, 3).unwrap();
    assert_eq!(cm.row(0).to_vec(), vec![50, 0, 0]);
    assert_eq!(cm.sum(), 150);
    let acc = accuracy(&iris.target, &pred).unwrap();
    assert!(acc >= 0.96, "accuracy {acc}");
}

fn zd(name: &str) -> ZeroDivision {
    match name {
        "warn" => ZeroDivision::Warn,
        "zero" => ZeroDivision::Zero,
        "one" => ZeroDivision::One,
        _ => ZeroDivision::Nan,
    }
}

#[test]
fn precision_recall_f1_match_sklearn_for_every_average_and_zero_division() {
    let c = &sk()["classification"];
    let y = vec_usize(&c["y_true"]);
    let p = vec_usize(&c["y_pred"]);
    assert_eq!(
        confusion_matrix(&y, &p, 5).unwrap(),
        mat_usize(&c["confusion_matrix"])
    );
    assert!((accuracy(&y, &p).unwrap() - f(&c["accuracy"])).abs() < TOL);
    for z in ["warn", "zero", "one", "nan"] {
        for (name, avg) in [
            ("None", Average::None),
            ("macro", Average::Macro),
            ("micro", Average::Micro),
            ("weighted", Average::Weighted),
        ] {
            let r = &c[format!("prfs_{name}_{z}")];
            let s = precision_recall_fscore(&y, &p, 5, avg, zd(z)).unwrap();
            let what = format!("{name}/{z}");
            assert_close(
                s.precision.as_slice().unwrap(),
                vec1(&r["precision"]).as_slice().unwrap(),
                TOL,
                &format!("precision {what}"),
            );
            assert_close(
                s.recall.as_slice().unwrap(),
                vec1(&r["recall"]).as_slice().unwrap(),
                TOL,
                &format!("recall {what}"),
            );
            assert_close(
                s.f1.as_slice().unwrap(),
                vec1(&r["f1"]).as_slice().unwrap(),
                TOL,
                &format!("f1 {what}"),
            );
        }
    }
}

#[test]
fn undefined_per_class_scores_are_reported() {
    let c = &sk()["classification"];
    let s = precision_recall_fscore(
        &vec_usize(&c["y_true"]),
        &vec_usize(&c["y_pred"]),
        5,
        Average::None,
        ZeroDivision::Warn,
    )
    .unwrap();
    // label 4 never occurs: all three are 0 / 0
    assert_eq!(
        s.undefined,
        vec![(Metric::Precision, 4), (Metric::Recall, 4), (Metric::F1, 4)]
    );
}

#[test]
fn binary_scores_match_sklearn_including_no_positive_prediction() {
    let c = &sk()["classification"];
    let b = &c["binary"];
    let s = precision_recall_fscore(
        &vec_usize(&b["y_true"]),
        &vec_usize(&b["y_pred"]),
        2,
        Average::Binary(1),
        ZeroDivision::Warn,
    )
    .unwrap();
    assert_close(
        &[s.precision[0], s.recall[0], s.f1[0]],
        &[f(&b["precision"]), f(&b["recall"]), f(&b["f1"])],
        TOL,
        "binary",
    );
    let y = ndarray::array![0, 1, 1, 0];
    let none = ndarray::array![0, 0, 0, 0];
    for z in ["warn", "one"] {
        let r = &c[format!("binary_no_positive_prediction_{z}")];
        let s = precision_recall_fscore(&y, &none, 2, Average::Binary(1), zd(z)).unwrap();
        assert_close(
            &[s.precision[0], s.recall[0], s.f1[0]],
            &[f(&r["precision"]), f(&r["recall"]), f(&r["f1"])],
            TOL,
            z,
        );
    }
}

fn roc_data() -> (Array1<bool>, Array1<f64>) {
    let r = &sk()["roc"];
    (
        vec_usize(&r["y_true"]).mapv(|v| v == 1),
        vec1(&r["y_score"]),
    )
}

#[test]
fn roc_curve_matches_sklearn_points_and_thresholds_with_and_without_dropping() {
    let r = &sk()["roc"];
    let (y, s) = roc_data();
    for drop in [true, false] {
        let e = &r[format!("roc_drop_{}", if drop { "True" } else { "False" })];
        let (fpr, tpr, thr) = roc_curve(&y, &s, drop).unwrap();
        assert_close(
            fpr.as_slice().unwrap(),
            vec1(&e["fpr"]).as_slice().unwrap(),
            TOL,
            "fpr",
        );
        assert_close(
            tpr.as_slice().unwrap(),
            vec1(&e["tpr"]).as_slice().unwrap(),
            TOL,
            "tpr",
        );
        assert_close(
            thr.as_slice().unwrap(),
            vec1(&e["thresholds"]).as_slice().unwrap(),
            TOL,
            "thresholds",
        );
    }
}

#[test]
fn roc_auc_and_average_precision_match_sklearn() {
    let r = &sk()["roc"];
    let (y, s) = roc_data();
    assert!((roc_auc_score(&y, &s).unwrap() - f(&r["roc_auc"])).abs() < TOL);
    assert!((average_precision_score(&y, &s).unwrap() - f(&r["average_precision"])).abs() < TOL);
}

#[test]
fn precision_recall_curve_matches_sklearn() {
    let r = &sk()["roc"]["pr"];
    let (y, s) = roc_data();
    let (p, rc, t) = precision_recall_curve(&y, &s).unwrap();
    assert_close(
        p.as_slice().unwrap(),
        vec1(&r["precision"]).as_slice().unwrap(),
        TOL,
        "precision",
    );
    assert_close(
        rc.as_slice().unwrap(),
        vec1(&r["recall"]).as_slice().unwrap(),
        TOL,
        "recall",
    );
    assert_close(
        t.as_slice().unwrap(),
        vec1(&r["thresholds"]).as_slice().unwrap(),
        TOL,
        "thresholds",
    );
}

#[test]
fn regression_metrics_match_sklearn() {
    let r = &sk()["regression"];
    let (y, p) = (vec1(&r["y_true"]), vec1(&r["y_pred"]));
    assert!((mean_squared_error(&y, &p).unwrap() - f(&r["mse"])).abs() < TOL);
    assert!((mean_absolute_error(&y, &p).unwrap() - f(&r["mae"])).abs() < TOL);
    assert!((root_mean_squared_error(&y, &p).unwrap() - f(&r["rmse"])).abs() < TOL);
    assert!((r2_score(&y, &p).unwrap() - f(&r["r2"])).abs() < TOL);
    let c = ndarray::array![2.0, 2.0, 2.0];
    assert_eq!(
        r2_score(&c, &ndarray::array![2.0, 2.0, 2.5]).unwrap(),
        f(&r["r2_constant_true_imperfect"])
    );
    assert_eq!(r2_score(&c, &c).unwrap(), f(&r["r2_constant_true_perfect"]));
}

#[test]
fn polynomial_features_match_sklearn_in_column_order() {
    let r = &sk()["polynomial_features"];
    let x = mat(&r["x"]);
    for deg in 1..=3 {
        for io in [false, true] {
            for bias in [true, false] {
                let key = format!(
                    "deg{deg}_io{}_bias{}",
                    if io { "True" } else { "False" },
                    if bias { "True" } else { "False" }
                );
                let params = PolynomialFeatures::params(deg)
                    .interaction_only(io)
                    .include_bias(bias);
                let out = params.transform(&x).unwrap();
                let expected = mat(&r[&key]["out"]);
                assert_eq!(out.dim(), expected.dim(), "{key}");
                assert_close(
                    out.as_slice().unwrap(),
                    expected.as_slice().unwrap(),
                    TOL,
                    &key,
                );
                // powers_ rows as index tuples
                let powers = mat_usize(&r[&key]["powers"]);
                let combos = params.combinations(3).unwrap();
                for (row, c) in powers.rows().into_iter().zip(&combos) {
                    let mut p = vec![0usize; 3];
                    for &j in c {
                        p[j] += 1;
                    }
                    assert_eq!(row.to_vec(), p, "{key}");
                }
            }
        }
    }
}

#[test]
fn imputers_match_sklearn_simple_imputer() {
    let r = &sk()["imputer"];
    let (train, test) = (mat(&r["x_train"]), mat(&r["x_test"]));
    for (name, strategy) in [
        ("mean", Strategy::Mean),
        ("median", Strategy::Median),
        ("most_frequent", Strategy::MostFrequent),
        ("constant_-1", Strategy::Constant(-1.0)),
    ] {
        let imp = SimpleImputer::params(strategy).fit(&train).unwrap();
        assert_close(
            imp.statistics().as_slice().unwrap(),
            vec1(&r[name]["statistics"]).as_slice().unwrap(),
            TOL,
            name,
        );
        let out = imp.transform(&test).unwrap();
        assert_close(
            out.as_slice().unwrap(),
            mat(&r[name]["test"]).as_slice().unwrap(),
            TOL,
            name,
        );
    }
    assert_eq!(
        nan_count_per_column(&train),
        vec_usize(&r["nan_count_per_column"])
    );
    assert_eq!(
        drop_rows_with_nan(&train).1,
        vec_usize(&r["rows_without_nan"]).to_vec()
    );
}

#[test]
fn one_hot_encoder_and_binning_match_sklearn() {
    let r = &sk()["one_hot_encoder"];
    let x = mat(&r["x"]);
    let enc = OneHotEncoder::fit(&x).unwrap();
    for (c, e) in enc
        .categories()
        .iter()
        .zip(r["categories"].as_array().unwrap())
    {
        assert_eq!(c, &vec1(e).to_vec());
    }
    assert_eq!(enc.transform(&x).unwrap(), mat(&r["out"]));

    let k = &sk()["kbins_uniform"];
    let xb = mat(&k["x"]);
    let kb = KBinsUniform::fit(&xb, 4).unwrap();
    for (e, ex) in kb
        .bin_edges()
        .iter()
        .zip(k["bin_edges"].as_array().unwrap())
    {
        assert_close(e, vec1(ex).as_slice().unwrap(), TOL, "edges");
    }
    assert_eq!(kb.transform(&xb).unwrap(), mat(&k["train"]));
    assert_eq!(kb.transform(&mat(&k["x_test"])).unwrap(), mat(&k["test"]));

    let d = &sk()["digitize"];
    let bins = vec1(&d["bins"]).to_vec();
    assert_eq!(
        digitize(&vec1(&d["x"]), &bins).unwrap(),
        vec_usize(&d["out"])
    );
}

#[test]
fn cross_entropy_with_label_smoothing_matches_numpy_loss_and_gradient() {
    let r = &sk()["losses"];
    let z = mat(&r["logits"]);
    let y = vec_usize(&r["labels"]);
    for eps in ["0.0", "0.1", "0.3"] {
        let e = &r[format!("cross_entropy_smoothing_{eps}")];
        let (loss, grad) = cross_entropy(&z, &y, eps.parse().unwrap()).unwrap();
        assert!(
            (loss - f(&e["loss"])).abs() < TOL,
            "eps {eps}: {loss} vs {}",
            f(&e["loss"])
        );
        assert_close(
            grad.as_slice().unwrap(),
            mat(&e["grad"]).as_slice().unwrap(),
            TOL,
            "grad",
        );
    }
}

#[test]
fn binary_cross_entropies_match_numpy_and_sklearn_log_loss() {
    let r = &sk()["losses"];
    let b = &r["bce_logits"];
    let (loss, _) = binary_cross_entropy_with_logits(&vec1(&b["z"]), &vec1(&b["y"])).unwrap();
    assert!((loss - f(&b["loss"])).abs() < TOL);
    let p = &r["bce_probabilities_sklearn_log_loss"];
    let l = binary_cross_entropy(&vec1(&p["p"]), &vec1(&p["y"]), 1e-15).unwrap();
    assert!((l - f(&p["loss"])).abs() < 1e-12);
}

#[test]
fn batch_norm_train_and_eval_outputs_and_running_statistics_match_numpy() {
    let r = &sk()["batch_norm"];
    let mut bn = BatchNorm::<f64>::new(3);
    bn.gamma = vec1(&r["gamma"]);
    bn.beta = vec1(&r["beta"]);
    let y = bn.forward_train(&mat(&r["x"])).unwrap();
    assert_close(
        y.as_slice().unwrap(),
        mat(&r["train_out"]).as_slice().unwrap(),
        1e-12,
        "train",
    );
    assert_close(
        bn.running_mean.as_slice().unwrap(),
        vec1(&r["running_mean"]).as_slice().unwrap(),
        TOL,
        "running mean",
    );
    assert_close(
        bn.running_var.as_slice().unwrap(),
        vec1(&r["running_var"]).as_slice().unwrap(),
        TOL,
        "running var",
    );
    let ye = bn.forward_eval(&mat(&r["x_eval"])).unwrap();
    assert_close(
        ye.as_slice().unwrap(),
        mat(&r["eval_out"]).as_slice().unwrap(),
        1e-12,
        "eval",
    );
}
