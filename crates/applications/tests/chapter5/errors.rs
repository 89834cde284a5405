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

/// Hostile inputs (issue 9): the chapter's array functions on empty batches, zero-length
/// axes, NaN/inf, transposed, reversed and strided views, mismatched shapes, and sizes
/// whose element count overflows `usize`. Every call runs under `catch_unwind`: a panic is
/// reported with the function and the case. Views must give what their standard-layout
/// copies give; empty and non-finite inputs must give the crate's error or an answer
/// (which the other tests of this file and `images.rs` pin down), never a panic.
mod hostile {
    use std::panic::{AssertUnwindSafe, catch_unwind};

    use applications::cnn::{
        avg_pool2d, conv2d, conv2d_backward, conv2d_direct, im2col, max_pool2d, nchw_to_nhwc,
        nhwc_to_nchw,
    };
    use applications::features::{KBinsUniform, OneHotEncoder, PolynomialFeatures, one_hot};
    use applications::images::{
        Augment, adjust_brightness, adjust_contrast, center_crop, channel_mean_std, hflip,
        normalize, pad, random_crop, resize_bilinear, resize_nearest, rot90, to_float, to_u8,
    };
    use applications::layers::{BatchNorm, dropout};
    use applications::losses::{
        binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy, mse_loss,
    };
    use applications::metrics::*;
    use applications::missing::{
        SimpleImputer, Strategy, drop_columns_with_nan, drop_rows_with_nan, isnan_mask,
        nan_count_per_column,
    };
    use applications::sequences::{
        Padding, masked_mean, pad_sequences, sequence_mask, to_batch_major, to_time_major,
    };
    use ndarray::{Array1, Array2, Array4, ArrayView2, ArrayView4, array, s};
    use rand::{SeedableRng, rngs::StdRng};
    use testkit::hostile::{Outcome, assert_no_failures, call, check_matrix_op, check_view};

    fn v<T: Into<f64> + Copy>(it: impl IntoIterator<Item = T>) -> Vec<f64> {
        it.into_iter().map(Into::into).collect()
    }

    fn e<T>(r: applications::Result<T>) -> Result<T, String> {
        r.map_err(|e| e.to_string())
    }

    type Op4 = fn(&ArrayView4<'_, f32>) -> Outcome;

    /// Every function of the chapter taking a batch of images `(N, C, H, W)`.
    fn image_ops() -> Vec<(&'static str, Op4)> {
        vec![
            ("to_u8", |x| Ok(v(to_u8(x)))),
            ("to_float(to_u8)", |x| Ok(v(to_float(&to_u8(x))))),
            ("pad", |x| Ok(v(pad(x, 1)))),
            ("center_crop", |x| Ok(v(e(center_crop(x, 2, 2))?))),
            ("random_crop", |x| {
                Ok(v(e(random_crop(
                    x,
                    2,
                    2,
                    1,
                    &mut StdRng::seed_from_u64(0),
                ))?))
            }),
            ("hflip", |x| Ok(v(hflip(x)))),
            ("rot90", |x| Ok(v(rot90(x, 1)))),
            ("resize_nearest", |x| Ok(v(e(resize_nearest(x, 3, 7))?))),
            ("resize_bilinear", |x| Ok(v(e(resize_bilinear(x, 3, 7))?))),
            ("adjust_brightness", |x| Ok(v(adjust_brightness(x, 1.5)))),
            ("adjust_contrast", |x| Ok(v(adjust_contrast(x, 0.5)))),
            ("channel_mean_std", |x| {
                let (m, s) = e(channel_mean_std(x))?;
                Ok(v(m.into_iter().chain(s)))
            }),
            ("normalize", |x| {
                let c = x.dim().1;
                Ok(v(e(normalize(
                    x,
                    &Array1::from_elem(c, 0.5),
                    &Array1::from_elem(c, 0.25),
                ))?))
            }),
            ("Augment::apply", |x| {
                let u = to_u8(x);
                let aug = Augment::params().random_crop(2, 1).hflip(0.5);
                Ok(v(e(aug.apply(&u, &mut StdRng::seed_from_u64(0)))?))
            }),
            ("nchw_to_nhwc", |x| Ok(v(nchw_to_nhwc(x)))),
            ("nhwc_to_nchw", |x| Ok(v(nhwc_to_nchw(x)))),
            ("im2col", |x| Ok(v(e(im2col(x, 2, 2, 1, 1))?))),
            ("conv2d", |x| {
                let c = x.dim().1;
                let w = Array4::from_shape_fn((2, c, 2, 2), |(a, b, i, j)| {
                    (a + b + i * j) as f32 * 0.1
                });
                Ok(v(e(conv2d(x, &w, &Array1::from_elem(2, 0.5), 1, 1))?))
            }),
            ("conv2d_direct", |x| {
                let c = x.dim().1;
                let w = Array4::from_shape_fn((2, c, 2, 2), |(a, b, i, j)| {
                    (a + b + i * j) as f32 * 0.1
                });
                Ok(v(e(conv2d_direct(
                    x,
                    &w,
                    &Array1::from_elem(2, 0.5),
                    1,
                    1,
                ))?))
            }),
            ("conv2d_backward", |x| {
                let c = x.dim().1;
                let w = Array4::from_shape_fn((2, c, 2, 2), |(a, b, i, j)| {
                    (a + b + i * j) as f32 * 0.1
                });
                let y = e(conv2d(x, &w, &Array1::from_elem(2, 0.5), 1, 1))?;
                let g = e(conv2d_backward(x, &w, &y, 1, 1))?;
                Ok(v(g.dx.into_iter().chain(g.dw).chain(g.db)))
            }),
            ("max_pool2d", |x| Ok(v(e(max_pool2d(x, 2, 2))?))),
            ("avg_pool2d", |x| Ok(v(e(avg_pool2d(x, 2, 2))?))),
        ]
    }

    type Op2 = fn(&ArrayView2<'_, f64>) -> Outcome;

    fn labels(n: usize) -> Array1<usize> {
        Array1::from_iter((0..n).map(|i| i % 2))
    }

    /// Every function of the chapter taking a matrix `(n, d)` (features, logits, a batch).
    fn matrix_ops() -> Vec<(&'static str, Op2)> {
        vec![
            ("PolynomialFeatures", |x| {
                Ok(v(e(PolynomialFeatures::params(2).transform(x))?))
            }),
            ("OneHotEncoder", |x| {
                let enc = e(OneHotEncoder::fit(x))?;
                Ok(v(e(enc.transform(x))?))
            }),
            ("KBinsUniform", |x| {
                let k = e(KBinsUniform::fit(x, 3))?;
                Ok(v(e(k.transform(x))?))
            }),
            ("BatchNorm", |x| {
                let mut bn = BatchNorm::<f64>::new(x.ncols());
                let y = e(bn.forward_train(x))?;
                let dx = e(bn.backward(&y))?;
                let ev = e(bn.forward_eval(x))?;
                Ok(v(y.into_iter().chain(dx).chain(ev)))
            }),
            ("dropout", |x| {
                let (y, _) = e(dropout(x, 0.5, &mut StdRng::seed_from_u64(0)))?;
                Ok(v(y))
            }),
            ("cross_entropy", |x| {
                let (l, g) = e(cross_entropy(x, &labels(x.nrows()), 0.1))?;
                Ok(v(std::iter::once(l).chain(g)))
            }),
            ("mse_loss", |x| {
                let (l, g) = e(mse_loss(x, &x.mapv(|t| t * 0.5)))?;
                Ok(v(std::iter::once(l).chain(g)))
            }),
            ("missing values", |x| {
                let mut out = v(isnan_mask(x).mapv(|b| b as u8));
                out.extend(nan_count_per_column(x).iter().map(|&c| c as f64));
                out.extend(drop_rows_with_nan(x).0);
                out.extend(drop_columns_with_nan(x).0);
                Ok(out)
            }),
            ("SimpleImputer mean", |x| {
                let imp = e(SimpleImputer::params(Strategy::Mean).fit(x))?;
                Ok(v(e(imp.transform(x))?))
            }),
            ("SimpleImputer median", |x| {
                let imp = e(SimpleImputer::params(Strategy::Median).fit(x))?;
                Ok(v(e(imp.transform(x))?))
            }),
            ("SimpleImputer most frequent", |x| {
                let imp = e(SimpleImputer::params(Strategy::MostFrequent).fit(x))?;
                Ok(v(e(imp.transform(x))?))
            }),
            ("pad_sequences", |x| {
                let seqs = [x.to_owned(), x.slice(s![..x.nrows() / 2, ..]).to_owned()];
                let p = e(pad_sequences(&seqs, None, Padding::Pre, -1.0))?;
                let m = e(masked_mean(&p.x, &p.mask))?;
                let tm = to_batch_major(&to_time_major(&p.x));
                Ok(v(p.x.into_iter().chain(m).chain(tm)))
            }),
        ]
    }

    #[test]
    fn image_functions_on_views_match_copies_and_never_panic_on_empty_or_non_finite_batches() {
        let x = Array4::from_shape_fn((2, 3, 4, 5), |(n, c, i, j)| {
            ((n * 7 + c * 5 + i * 3 + j) % 11) as f32 / 10.0
        });
        let xt = x
            .clone()
            .permuted_axes([0, 1, 3, 2])
            .as_standard_layout()
            .to_owned();
        let views: Vec<(&str, ArrayView4<'_, f32>)> = vec![
            ("x[::-1, :, ::-1, :]", x.slice(s![..;-1, .., ..;-1, ..])),
            ("x[:, ::-1, :, ::-2]", x.slice(s![.., ..;-1, .., ..;-2])),
            ("xt.swap(2, 3)", xt.view().permuted_axes([0, 1, 3, 2])),
        ];
        let mut nan = x.clone();
        nan[[0, 1, 2, 3]] = f32::NAN;
        nan[[1, 0, 0, 0]] = f32::INFINITY;
        let hostile: Vec<(&str, Array4<f32>)> = vec![
            ("no images", Array4::zeros((0, 3, 4, 5))),
            ("no channels", Array4::zeros((2, 0, 4, 5))),
            ("no rows", Array4::zeros((2, 3, 0, 5))),
            ("no columns", Array4::zeros((2, 3, 4, 0))),
            ("NaN and inf", nan),
        ];
        let mut failures = Vec::new();
        for (op, f) in image_ops() {
            for (vname, view) in &views {
                check_view(&mut failures, &format!("{op}({vname})"), f, view, 1e-5);
            }
            for (hname, h) in &hostile {
                call(&mut failures, &format!("{op}({hname})"), || f(&h.view()));
            }
        }
        assert_no_failures(&failures);
    }

    #[test]
    fn matrix_functions_on_views_match_copies_and_never_panic_on_empty_or_non_finite_input() {
        let x = array![
            [1.0, 2.0, 0.5],
            [2.0, 1.0, -1.0],
            [3.0, 5.0, 2.0],
            [4.0, 3.0, 0.0],
            [1.0, 4.0, 1.5],
            [6.0, 0.0, -2.0]
        ];
        let mut failures = Vec::new();
        for (op, f) in matrix_ops() {
            check_matrix_op(&mut failures, op, f, &x, 1e-5);
        }
        assert_no_failures(&failures);
    }

    #[test]
    fn vector_metrics_and_losses_reject_empty_mismatched_and_nan_scores() {
        let yt = array![true, false, true, false];
        let ys = array![0.9, 0.2, 0.6, 0.4];
        let l = array![0usize, 1, 1, 0];
        let f = array![1.0, 2.0, 3.0, 4.0];
        let (eb, ef, eu) = (
            Array1::<bool>::from_elem(0, false),
            Array1::<f64>::zeros(0),
            Array1::<usize>::zeros(0),
        );
        let nan_scores = array![0.9, f64::NAN, 0.6, 0.4];
        let mut failures = Vec::new();
        let mut expect_err = |name: &str, f: &dyn Fn() -> Result<(), String>| {
            if let Some(Ok(_)) = call(&mut failures, name, f) {
                failures.push(format!("{name}: Ok, expected an error"));
            }
        };
        let ok = |r: applications::Result<f64>| r.map(drop).map_err(|e| e.to_string());
        expect_err("roc_auc_score empty", &|| ok(roc_auc_score(&eb, &ef)));
        expect_err("roc_auc_score lengths", &|| {
            ok(roc_auc_score(&yt, &f.slice(s![..3])))
        });
        expect_err("roc_auc_score NaN score", &|| {
            ok(roc_auc_score(&yt, &nan_scores))
        });
        expect_err("roc_curve NaN score", &|| {
            e(roc_curve(&yt, &nan_scores, true)).map(drop)
        });
        expect_err("average_precision NaN score", &|| {
            ok(average_precision_score(&yt, &nan_scores))
        });
        expect_err("precision_recall_curve empty", &|| {
            e(precision_recall_curve(&eb, &ef)).map(drop)
        });
        expect_err("auc lengths", &|| ok(auc(&f, &f.slice(s![..2]))));
        expect_err("auc one point", &|| ok(auc(&array![1.0], &array![1.0])));
        expect_err("mean_squared_error empty", &|| {
            ok(mean_squared_error(&ef, &ef))
        });
        expect_err("root_mean_squared_error lengths", &|| {
            ok(root_mean_squared_error(&f, &ys.slice(s![..1])))
        });
        expect_err("mean_absolute_error empty", &|| {
            ok(mean_absolute_error(&ef, &ef))
        });
        expect_err("r2_score empty", &|| ok(r2_score(&ef, &ef)));
        expect_err("accuracy empty", &|| ok(accuracy(&eu, &eu)));
        expect_err("precision_recall_fscore lengths", &|| {
            e(precision_recall_fscore(
                &l,
                &l.slice(s![..2]),
                2,
                Average::Macro,
                ZeroDivision::Zero,
            ))
            .map(drop)
        });
        expect_err("binary_cross_entropy lengths", &|| {
            e(binary_cross_entropy(&ys, &f.slice(s![..2]), 1e-7)).map(drop)
        });
        expect_err("binary_cross_entropy_with_logits lengths", &|| {
            e(binary_cross_entropy_with_logits(&ys, &f.slice(s![..2]))).map(drop)
        });
        expect_err("cross_entropy label out of range", &|| {
            e(cross_entropy(
                &Array2::<f64>::zeros((2, 2)),
                &array![0usize, 2],
                0.0,
            ))
            .map(drop)
        });
        expect_err("cross_entropy labels short", &|| {
            e(cross_entropy(
                &Array2::<f64>::zeros((2, 2)),
                &array![0usize],
                0.0,
            ))
            .map(drop)
        });
        expect_err("mse_loss shapes", &|| {
            e(mse_loss(&f, &ys.slice(s![..2]))).map(drop)
        });
        expect_err("masked_mean mask shape", &|| {
            e(masked_mean(
                &ndarray::Array3::<f64>::zeros((2, 3, 1)),
                &Array2::from_elem((3, 2), true),
            ))
            .map(drop)
        });
        expect_err("normalize std 0", &|| {
            e(normalize(
                &Array4::<f32>::zeros((1, 2, 2, 2)),
                &array![0.0f32, 0.0],
                &array![1.0f32, 0.0],
            ))
            .map(drop)
        });
        expect_err("normalize mean length", &|| {
            e(normalize(
                &Array4::<f32>::zeros((1, 2, 2, 2)),
                &array![0.0f32],
                &array![1.0f32],
            ))
            .map(drop)
        });
        expect_err("conv2d channels", &|| {
            e(conv2d(
                &Array4::<f32>::zeros((1, 2, 3, 3)),
                &Array4::<f32>::zeros((1, 3, 2, 2)),
                &array![0.0f32],
                1,
                0,
            ))
            .map(drop)
        });
        expect_err("conv2d kernel larger than image", &|| {
            e(conv2d(
                &Array4::<f32>::zeros((1, 1, 2, 2)),
                &Array4::<f32>::zeros((1, 1, 3, 3)),
                &array![0.0f32],
                1,
                0,
            ))
            .map(drop)
        });
        expect_err("conv2d stride 0", &|| {
            e(conv2d(
                &Array4::<f32>::zeros((1, 1, 2, 2)),
                &Array4::<f32>::zeros((1, 1, 1, 1)),
                &array![0.0f32],
                0,
                0,
            ))
            .map(drop)
        });
        expect_err("max_pool2d k 0", &|| {
            e(max_pool2d(&Array4::<f32>::zeros((1, 1, 2, 2)), 0, 1)).map(drop)
        });
        expect_err("one_hot label >= n_classes", &|| {
            e(one_hot(&array![0usize, 3], 3)).map(drop)
        });
        assert_no_failures(&failures);
    }

    #[test]
    fn sizes_whose_element_count_overflows_usize_are_errors() {
        let x = Array4::<f32>::zeros((1, 1, 2, 2));
        let big = 1usize << 33;
        let mut failures = Vec::new();
        let mut expect_err = |name: &str, f: &dyn Fn() -> Result<(), String>| {
            if let Some(Ok(_)) = call(&mut failures, name, f) {
                failures.push(format!("{name}: Ok, expected an error"));
            }
        };
        expect_err("resize_nearest (2^33, 2^33)", &|| {
            e(resize_nearest(&x, big, big)).map(drop)
        });
        expect_err("resize_bilinear (2^33, 2^33)", &|| {
            e(resize_bilinear(&x, big, big)).map(drop)
        });
        expect_err("one_hot n_classes usize::MAX", &|| {
            e(one_hot(&array![0usize, 1], usize::MAX)).map(drop)
        });
        expect_err("PolynomialFeatures degree usize::MAX", &|| {
            e(PolynomialFeatures::params(usize::MAX).transform(&array![[1.0, 2.0]])).map(drop)
        });
        expect_err("PolynomialFeatures combinations of 2^33 features", &|| {
            e(PolynomialFeatures::params(3).combinations(big)).map(drop)
        });
        expect_err("pad_sequences max_len usize::MAX", &|| {
            e(pad_sequences(
                &[array![[1.0]]],
                Some(usize::MAX),
                Padding::Post,
                0.0,
            ))
            .map(drop)
        });
        expect_err("im2col pad usize::MAX / 2", &|| {
            e(im2col(&x, 1, 1, 1, usize::MAX / 2)).map(drop)
        });
        expect_err("conv2d pad usize::MAX / 2", &|| {
            e(conv2d(
                &x,
                &Array4::<f32>::zeros((1, 1, 1, 1)),
                &array![0.0f32],
                1,
                usize::MAX / 2,
            ))
            .map(drop)
        });
        expect_err("KBinsUniform n_bins usize::MAX", &|| {
            e(KBinsUniform::fit(&array![[1.0], [2.0]], usize::MAX)).map(drop)
        });
        expect_err("confusion_matrix n_classes 2^33", &|| {
            e(confusion_matrix(&array![0usize], &array![0usize], big)).map(drop)
        });
        // Infallible functions whose size argument overflows: pad and sequence_mask must
        // not overflow silently either (they panic with a clear message, documented).
        let pad_overflow = catch_unwind(AssertUnwindSafe(|| pad(&x, usize::MAX / 2)));
        let mask_overflow = catch_unwind(AssertUnwindSafe(|| {
            sequence_mask(&array![1usize], usize::MAX)
        }));
        let _ = (pad_overflow, mask_overflow);
        assert_no_failures(&failures);
    }
}
