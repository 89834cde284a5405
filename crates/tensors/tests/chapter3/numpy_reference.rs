//! einsum, tensordot, pad, tile and repeat against values computed by NumPy 2.4.6
//! (`fixtures/make_fixtures.py`). Inputs have 3 decimals, so sums of products are exact
//! to ~1e-15; the tolerance 1e-12 leaves room for a different summation order.

use crate::common;

use common::{array, assert_close, fixtures};
use tensors::{Axes, PadMode, contract::einsum, pad, repeat, tensordot, tile};

const TOL: f64 = 1e-12;

#[test]
fn every_einsum_expression_matches_numpy() {
    let f = fixtures();
    let cases = f["einsum"].as_array().expect("einsum cases");
    assert!(cases.len() >= 25);
    for case in cases {
        let sub = case["subscripts"].as_str().expect("subscripts");
        let ops: Vec<_> = case["operands"]
            .as_array()
            .expect("operands")
            .iter()
            .map(array)
            .collect();
        let views: Vec<_> = ops.iter().map(|o| o.view()).collect();
        let got = einsum(sub, &views).unwrap_or_else(|e| panic!("{sub}: {e}"));
        assert_close(&got, &array(&case["expected"]), TOL, sub);
    }
}

#[test]
fn every_tensordot_matches_numpy() {
    let f = fixtures();
    for case in f["tensordot"].as_array().expect("tensordot cases") {
        let (a, b) = (array(&case["a"]), array(&case["b"]));
        let axes = match &case["axes"] {
            serde_json::Value::Number(n) => Axes::Last(n.as_u64().expect("int") as usize),
            pairs => {
                let list = |v: &serde_json::Value| -> Vec<isize> {
                    v.as_array()
                        .expect("list")
                        .iter()
                        .map(|x| x.as_i64().expect("int") as isize)
                        .collect()
                };
                Axes::Pairs(list(&pairs[0]), list(&pairs[1]))
            }
        };
        let what = format!("tensordot {:?} {:?} {axes:?}", a.shape(), b.shape());
        let got = tensordot(&a, &b, axes).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_close(&got, &array(&case["expected"]), TOL, &what);
    }
}

#[test]
fn every_pad_mode_matches_numpy_including_pads_wider_than_the_array() {
    let f = fixtures();
    for case in f["pad"].as_array().expect("pad cases") {
        let a = array(&case["a"]);
        let widths: Vec<(usize, usize)> = case["pad_width"]
            .as_array()
            .expect("widths")
            .iter()
            .map(|p| {
                (
                    p[0].as_u64().unwrap() as usize,
                    p[1].as_u64().unwrap() as usize,
                )
            })
            .collect();
        let mode = match case["mode"].as_str().expect("mode") {
            "constant" => PadMode::Constant(case["value"].as_f64().expect("value")),
            "edge" => PadMode::Edge,
            "reflect" => PadMode::Reflect,
            "symmetric" => PadMode::Symmetric,
            "wrap" => PadMode::Wrap,
            m => panic!("unknown mode {m}"),
        };
        let what = format!("pad {:?} {widths:?} {mode:?}", a.shape());
        let got = pad(&a, &widths, mode).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_close(&got, &array(&case["expected"]), 0.0, &what);
    }
}

#[test]
fn tile_matches_numpy_for_shorter_and_longer_reps() {
    let f = fixtures();
    for case in f["tile"].as_array().expect("tile cases") {
        let a = array(&case["a"]);
        let reps: Vec<usize> = case["reps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_u64().unwrap() as usize)
            .collect();
        let what = format!("tile {:?} {reps:?}", a.shape());
        assert_close(
            &tile(&a, &reps).unwrap(),
            &array(&case["expected"]),
            0.0,
            &what,
        );
    }
}

#[test]
fn repeat_matches_numpy_along_every_axis() {
    let f = fixtures();
    for case in f["repeat"].as_array().expect("repeat cases") {
        let a = array(&case["a"]);
        let n = case["repeats"].as_u64().unwrap() as usize;
        let axis = case["axis"].as_i64().unwrap() as isize;
        let what = format!("repeat {:?} {n} axis {axis}", a.shape());
        assert_close(
            &repeat(&a, n, axis).unwrap(),
            &array(&case["expected"]),
            0.0,
            &what,
        );
    }
}
