//! Backward passes against central finite differences (`algorithms::nn::numerical_gradient`,
//! h = 1e-6 in f64: about 8 correct digits, so the tolerance is 1e-6), and the im2col
//! convolution against the direct loops.

use algorithms::nn::numerical_gradient;
use applications::cnn::{avg_pool2d, conv2d, conv2d_backward, conv2d_direct, max_pool2d};
use applications::layers::BatchNorm;
use applications::losses::{binary_cross_entropy_with_logits, cross_entropy, mse_loss};
use ndarray::{Array1, Array2, Array4, array};

const H: f64 = 1e-6;
const TOL: f64 = 1e-6;

fn close(a: &[f64], b: &[f64], what: &str) {
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!(
            (x - y).abs() < TOL * (1.0 + y.abs()),
            "{what}[{i}]: analytic {x} vs numeric {y}"
        );
    }
}

fn wave(shape: (usize, usize, usize, usize), k: f64) -> Array4<f64> {
    Array4::from_shape_fn(shape, |(a, b, c, d)| {
        ((a * 7 + b * 5 + c * 3 + d) as f64 * k).sin()
    })
}

#[test]
fn im2col_convolution_equals_the_direct_loops_for_strides_and_paddings() {
    let x = wave((2, 3, 7, 6), 0.37);
    let w = wave((4, 3, 3, 2), 0.61);
    let b = array![0.1, -0.3, 0.0, 0.7];
    for stride in 1..=3 {
        for pad in 0..=2 {
            let fast = conv2d(&x, &w, &b, stride, pad).unwrap();
            let slow = conv2d_direct(&x, &w, &b, stride, pad).unwrap();
            assert_eq!(fast.dim(), slow.dim());
            for (a, e) in fast.iter().zip(&slow) {
                assert!((a - e).abs() < 1e-12, "stride {stride} pad {pad}");
            }
        }
    }
}

#[test]
fn conv2d_backward_matches_finite_differences_for_input_weights_and_bias() {
    let (stride, pad) = (2, 1);
    let x = wave((2, 2, 5, 5), 0.43);
    let w = wave((3, 2, 3, 3), 0.29);
    let b = array![0.2, -0.1, 0.05];
    // loss = sum(Y * R) for a fixed R, so dLoss/dY = R
    let y0 = conv2d(&x, &w, &b, stride, pad).unwrap();
    let r = wave(y0.dim(), 0.77);
    let loss = |x: &Array4<f64>, w: &Array4<f64>, b: &Array1<f64>| {
        (conv2d(x, w, b, stride, pad).unwrap() * &r).sum()
    };
    let g = conv2d_backward(&x, &w, &r, stride, pad).unwrap();

    let flat_x = Array1::from(x.iter().copied().collect::<Vec<_>>());
    let nx = numerical_gradient(
        |t| loss(&t.to_shape(x.dim()).unwrap().to_owned(), &w, &b),
        &flat_x,
        H,
    );
    close(g.dx.as_slice().unwrap(), nx.as_slice().unwrap(), "dx");

    let flat_w = Array1::from(w.iter().copied().collect::<Vec<_>>());
    let nw = numerical_gradient(
        |t| loss(&x, &t.to_shape(w.dim()).unwrap().to_owned(), &b),
        &flat_w,
        H,
    );
    close(g.dw.as_slice().unwrap(), nw.as_slice().unwrap(), "dw");

    let nb = numerical_gradient(|t| loss(&x, &w, t), &b, H);
    close(g.db.as_slice().unwrap(), nb.as_slice().unwrap(), "db");
}

#[test]
fn batch_norm_backward_matches_finite_differences_for_input_gamma_and_beta() {
    let x = Array2::from_shape_fn((6, 3), |(i, j)| {
        ((i * 3 + j) as f64 * 0.71).sin() * (1.0 + j as f64)
    });
    let r = Array2::from_shape_fn((6, 3), |(i, j)| ((i + 2 * j) as f64 * 1.3).cos());
    let gamma = array![1.5, -0.5, 0.8];
    let beta = array![0.1, 0.2, -0.3];
    let loss = |x: &Array2<f64>, g: &Array1<f64>, b: &Array1<f64>| {
        let mut bn = BatchNorm::<f64>::new(3);
        bn.gamma = g.clone();
        bn.beta = b.clone();
        (bn.forward_train(x).unwrap() * &r).sum()
    };
    let mut bn = BatchNorm::<f64>::new(3);
    bn.gamma = gamma.clone();
    bn.beta = beta.clone();
    bn.forward_train(&x).unwrap();
    let dx = bn.backward(&r).unwrap();

    let flat = Array1::from(x.iter().copied().collect::<Vec<_>>());
    let nx = numerical_gradient(
        |t| loss(&t.to_shape((6, 3)).unwrap().to_owned(), &gamma, &beta),
        &flat,
        H,
    );
    close(dx.as_slice().unwrap(), nx.as_slice().unwrap(), "dx");
    let ng = numerical_gradient(|t| loss(&x, t, &beta), &gamma, H);
    close(
        bn.grad_gamma.as_slice().unwrap(),
        ng.as_slice().unwrap(),
        "dgamma",
    );
    let nb = numerical_gradient(|t| loss(&x, &gamma, t), &beta, H);
    close(
        bn.grad_beta.as_slice().unwrap(),
        nb.as_slice().unwrap(),
        "dbeta",
    );
}

#[test]
fn loss_gradients_match_finite_differences() {
    let z = array![[2.0, -1.0, 0.5], [0.1, 0.2, 0.3]];
    let y = array![2, 0];
    for eps in [0.0, 0.2] {
        let (_, g) = cross_entropy(&z, &y, eps).unwrap();
        let flat = Array1::from(z.iter().copied().collect::<Vec<_>>());
        let n = numerical_gradient(
            |t| {
                cross_entropy(&t.to_shape((2, 3)).unwrap(), &y, eps)
                    .unwrap()
                    .0
            },
            &flat,
            H,
        );
        close(
            g.as_slice().unwrap(),
            n.as_slice().unwrap(),
            "cross_entropy",
        );
    }
    let zb = array![-2.0, 0.5, 3.0];
    let yb = array![0.0, 1.0, 0.3];
    let (_, g) = binary_cross_entropy_with_logits(&zb, &yb).unwrap();
    let n = numerical_gradient(
        |t| binary_cross_entropy_with_logits(t, &yb).unwrap().0,
        &zb,
        H,
    );
    close(g.as_slice().unwrap(), n.as_slice().unwrap(), "bce");
    let (_, g) = mse_loss(&zb, &yb).unwrap();
    let n = numerical_gradient(|t| mse_loss(t, &yb).unwrap().0, &zb, H);
    close(g.as_slice().unwrap(), n.as_slice().unwrap(), "mse");
}

#[test]
fn losses_stay_finite_for_huge_logits() {
    let (l, g) = cross_entropy(&array![[1e4_f64, -1e4, 0.0]], &array![1], 0.1).unwrap();
    assert!(l.is_finite() && g.iter().all(|v| v.is_finite()));
    // the true class is 2e4 below the best: loss ~ 2e4 (times 1 - eps + eps/3)
    assert!((l - (2e4 * (1.0 - 0.1 + 0.1 / 3.0) + 1e4 * 0.1 / 3.0)).abs() < 1e-6);
    let (l, _) =
        binary_cross_entropy_with_logits(&array![1e4_f32, -1e4], &array![0.0, 1.0]).unwrap();
    assert_eq!(l, 1e4);
}

#[test]
fn pooling_matches_hand_computed_windows() {
    let x = Array4::from_shape_vec((1, 1, 3, 4), (0..12).map(f64::from).collect()).unwrap();
    // windows 2 x 2, stride 1 -> (2, 3)
    let m = max_pool2d(&x, 2, 1).unwrap();
    assert_eq!(
        m.into_raw_vec_and_offset().0,
        vec![5.0, 6.0, 7.0, 9.0, 10.0, 11.0]
    );
    let a = avg_pool2d(&x, 2, 2).unwrap();
    assert_eq!(a.into_raw_vec_and_offset().0, vec![2.5, 4.5]);
}
