//! Every backward pass against central finite differences, in f64.
//!
//! For a scalar function `f(θ)`, `(f(θ + h) - f(θ - h)) / 2h` approximates `df/dθ` with
//! error `O(h^2)`; with `h = 1e-6` the analytic and numerical gradients must agree to
//! about 1e-7 relative. Activations are checked away from ReLU's kink at 0.

use algorithms::logistic_regression::{LogisticRegression, log_loss};
use algorithms::nn::{
    Activation, Dense, Init, Mlp, Network, Optimizer, numerical_gradient, softmax_cross_entropy,
};
use approx::assert_relative_eq;
use ndarray::{Array1, Array2, array};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const H: f64 = 1e-6;

fn random(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    Array2::from_shape_simple_fn((rows, cols), || rng.gen_range(-1.0..1.0))
}

fn flat(a: &Array2<f64>) -> Array1<f64> {
    Array1::from(a.iter().copied().collect::<Vec<_>>())
}

fn unflat(t: &Array1<f64>, shape: (usize, usize)) -> Array2<f64> {
    Array2::from_shape_vec(shape, t.to_vec()).unwrap()
}

/// Checks `grad_analytic` against the numerical gradient of `f` at `theta`.
fn assert_gradient(name: &str, analytic: &Array1<f64>, numeric: &Array1<f64>) {
    assert_eq!(analytic.len(), numeric.len());
    for (i, (&a, &n)) in analytic.iter().zip(numeric).enumerate() {
        assert!(
            (a - n).abs() <= 1e-7 * (1.0 + a.abs().max(n.abs())),
            "{name}: component {i}: analytic {a}, numerical {n}"
        );
    }
}

#[test]
fn every_activation_backward_matches_finite_differences() {
    // A random projection R turns the output into a scalar loss sum(f(Z) * R).
    let z0 = random(4, 5, 1).mapv(|v| if v.abs() < 0.05 { v + 0.1 } else { v }); // avoid ReLU's kink
    let r = random(4, 5, 2);
    for act in [
        Activation::Relu,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Identity,
    ] {
        let a = act.forward(&z0);
        let analytic = flat(&act.backward(&a, &r).unwrap());
        let numeric = numerical_gradient(
            |t| (act.forward(&unflat(t, (4, 5))) * &r).sum(),
            &flat(&z0),
            H,
        );
        assert_gradient(&format!("{act:?}"), &analytic, &numeric);
    }
}

#[test]
fn dense_layer_backward_gives_the_weight_bias_and_input_gradients() {
    let mut rng = StdRng::seed_from_u64(3);
    let mut layer = Dense::<f64>::new(3, 4, Init::Xavier, &mut rng);
    layer.b = array![0.1, -0.2, 0.3, 0.05];
    let x = random(5, 3, 4);
    let r = random(5, 4, 5);
    layer.forward(&x).unwrap();
    let dx = layer.backward(&r).unwrap();
    let (w0, b0) = (layer.w.clone(), layer.b.clone());

    let loss_w = |t: &Array1<f64>| {
        let l = Dense::from_weights(unflat(t, (3, 4)), b0.clone());
        ((x.dot(&l.w) + &l.b) * &r).sum()
    };
    assert_gradient(
        "dW",
        &flat(&layer.grad_w),
        &numerical_gradient(loss_w, &flat(&w0), H),
    );
    let loss_b = |t: &Array1<f64>| ((x.dot(&w0) + t) * &r).sum();
    assert_gradient("db", &layer.grad_b, &numerical_gradient(loss_b, &b0, H));
    let loss_x = |t: &Array1<f64>| ((unflat(t, (5, 3)).dot(&w0) + &b0) * &r).sum();
    assert_gradient("dX", &flat(&dx), &numerical_gradient(loss_x, &flat(&x), H));
}

#[test]
fn a_dense_layer_on_a_mostly_zero_input_has_the_gradients_of_finite_differences() {
    // 80% zeros: the layer multiplies over the nonzeros only (like an MNIST batch). 37
    // outputs cover the f64 kernel's 8-register block, single registers and a scalar tail.
    let (m, fan_in, fan_out) = (6, 10, 37);
    let x = random(m, fan_in, 11).mapv(|v| if v.abs() < 0.8 { 0.0 } else { v });
    let zeros = x.iter().filter(|&&v| v == 0.0).count();
    assert!(
        zeros * 3 >= 2 * x.len(),
        "the input must be sparse: {zeros} zeros"
    );
    let mut rng = StdRng::seed_from_u64(12);
    let mut layer = Dense::<f64>::new(fan_in, fan_out, Init::He, &mut rng);
    layer.b = random(1, fan_out, 13).row(0).to_owned();
    let r = random(m, fan_out, 14);
    let z = layer.forward(&x).unwrap();
    let want_z = x.dot(&layer.w) + &layer.b;
    for (a, b) in z.iter().zip(&want_z) {
        assert!((a - b).abs() <= 1e-12, "Z: {a} vs {b}");
    }
    let dx = layer.backward(&r).unwrap();
    let (w0, b0) = (layer.w.clone(), layer.b.clone());
    let loss_w = |t: &Array1<f64>| ((x.dot(&unflat(t, (fan_in, fan_out))) + &b0) * &r).sum();
    assert_gradient(
        "sparse dW",
        &flat(&layer.grad_w),
        &numerical_gradient(loss_w, &flat(&w0), H),
    );
    let loss_b = |t: &Array1<f64>| ((x.dot(&w0) + t) * &r).sum();
    assert_gradient(
        "sparse db",
        &layer.grad_b,
        &numerical_gradient(loss_b, &b0, H),
    );
    let loss_x = |t: &Array1<f64>| ((unflat(t, (m, fan_in)).dot(&w0) + &b0) * &r).sum();
    assert_gradient(
        "sparse dX",
        &flat(&dx),
        &numerical_gradient(loss_x, &flat(&x), H),
    );
}

#[test]
fn an_mlp_learns_a_sparse_input_as_well_as_the_same_input_made_dense() {
    // Class c lights a few of features 20c..20c+20 and nothing else: 7% nonzero, so every
    // batch is packed (the next one while the current one trains). Were a batch's packed
    // rows paired with another batch's labels, training accuracy would be near 1/3.
    let (n, d) = (600, 60);
    let mut rng = StdRng::seed_from_u64(21);
    let y = Array1::from_shape_fn(n, |i| i % 3);
    let x = Array2::from_shape_fn((n, d), |(i, j)| {
        let own = j / 20 == y[i];
        if own && rng.gen_bool(0.2) {
            rng.gen_range(0.5..1.0f32)
        } else {
            0.0
        }
    });
    let nonzero = x.iter().filter(|&&v| v != 0.0).count() as f64 / x.len() as f64;
    assert!(nonzero < 0.1, "sparse input: {nonzero}");
    let dense = &x + 1.0; // no zeros: the dense path
    for (name, data) in [("sparse", &x), ("dense", &dense)] {
        let fit = Mlp::params(&[d, 16, 3])
            .optimizer(Optimizer::adam(1e-2))
            .batch_size(32)
            .epochs(5)
            .seed(3)
            .fit(data, &y)
            .unwrap();
        let acc = fit.accuracy(data, &y).unwrap();
        assert!(acc >= 0.95, "{name}: training accuracy {acc}");
    }
}

#[test]
fn softmax_cross_entropy_gradient_matches_finite_differences() {
    let z = random(6, 4, 6) * 3.0;
    let y = array![0, 3, 1, 1, 2, 0];
    let (_, dz) = softmax_cross_entropy(&z, &y).unwrap();
    let numeric = numerical_gradient(
        |t| softmax_cross_entropy(&unflat(t, (6, 4)), &y).unwrap().0,
        &flat(&z),
        H,
    );
    assert_gradient("softmax cross-entropy", &flat(&dz), &numeric);
    // and the loss itself is the log loss of chapter 4.3
    let (loss, _) = softmax_cross_entropy(&z, &y).unwrap();
    assert_relative_eq!(loss, log_loss(&z, &y).unwrap(), epsilon = 1e-15);
}

#[test]
fn a_whole_network_backward_matches_finite_differences_for_every_parameter() {
    let x = random(7, 4, 7);
    let y = array![0, 1, 2, 1, 0, 2, 2];
    for act in [Activation::Relu, Activation::Sigmoid, Activation::Tanh] {
        let mut net = Network::<f64>::new(&[4, 6, 5, 3], act, Init::Xavier, 8).unwrap();
        for layer in &mut net.layers {
            layer.b.mapv_inplace(|_| 0.1); // non-zero biases so that db is exercised
        }
        net.loss_and_backward(&x, &y).unwrap();
        for l in 0..net.layers.len() {
            let shape = net.layers[l].w.dim();
            let base = net.clone();
            let loss_w = |t: &Array1<f64>| {
                let mut n = base.clone();
                n.layers[l].w = unflat(t, shape);
                let z = n.forward(&x).unwrap();
                softmax_cross_entropy(&z, &y).unwrap().0
            };
            let numeric = numerical_gradient(loss_w, &flat(&net.layers[l].w), H);
            assert_gradient(
                &format!("{act:?} layer {l} dW"),
                &flat(&net.layers[l].grad_w),
                &numeric,
            );
            let loss_b = |t: &Array1<f64>| {
                let mut n = base.clone();
                n.layers[l].b = t.clone();
                let z = n.forward(&x).unwrap();
                softmax_cross_entropy(&z, &y).unwrap().0
            };
            let numeric = numerical_gradient(loss_b, &net.layers[l].b, H);
            assert_gradient(
                &format!("{act:?} layer {l} db"),
                &net.layers[l].grad_b,
                &numeric,
            );
        }
    }
}

#[test]
fn logistic_regression_stops_where_the_penalised_gradient_vanishes() {
    // At the fitted optimum the numerical gradient of the penalised loss is ~0.
    let iris = datasets::iris::load();
    let x = basics::preprocessing::StandardScaler::new()
        .fit(&iris.data)
        .unwrap()
        .transform(&iris.data)
        .unwrap();
    let alpha = 0.01;
    let clf = LogisticRegression::params()
        .alpha(alpha)
        .learning_rate(1.0)
        .max_iter(50_000)
        .tol(1e-9)
        .fit(&x, &iris.target)
        .unwrap();
    let w = clf.coef().t().to_owned(); // (4, 3)
    let b = clf.intercept().clone();
    let objective = |t: &Array1<f64>| {
        let w = unflat(t, (4, 3));
        let z = x.dot(&w) + &b;
        log_loss(&z, &iris.target).unwrap() + 0.5 * alpha * w.iter().map(|v| v * v).sum::<f64>()
    };
    let g = numerical_gradient(objective, &flat(&w), H);
    assert!(
        g.iter().all(|v| v.abs() < 1e-7),
        "gradient at the optimum: {g}"
    );
}
