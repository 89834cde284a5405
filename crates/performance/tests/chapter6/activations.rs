//! Every activation's derivative against central finite differences; stability at the
//! extremes; serial and parallel kernels agree for any dimension.

use ndarray::{Array, Array1, Array4, IxDyn};
use performance::gradcheck::{check_derivative, check_gradient};
use performance::ufuncs::{
    ALL, Activation, apply, apply_derivative, apply_inplace, backward_into, par_apply,
    par_apply_derivative, par_apply_inplace, vectorize,
};

fn grid() -> Vec<f64> {
    (0..=160).map(|i| -8.0 + 0.1 * i as f64).collect()
}

#[test]
fn every_derivative_matches_central_differences() {
    for act in ALL {
        let r = check_derivative(|x| act.f(x), |x| act.df(x), &grid(), 1e-5).unwrap();
        // h = 1e-5 in f64: truncation ~h^2 |f'''| ~ 1e-10, rounding ~ 1e-16/1e-5 = 1e-11
        assert!(r.passes(1e-6), "{}: {r:?}", act.name());
    }
}

#[test]
fn derivatives_are_exact_at_known_points() {
    // d/dx softplus = sigmoid: 0.5 at 0; silu'(0) = 0.5; gelu'(0) = 0.5; mish'(0) = tanh(ln 2) = 0.6
    assert_eq!(Activation::Softplus.df(0.0f64), 0.5);
    assert_eq!(Activation::Silu.df(0.0f64), 0.5);
    assert_eq!(Activation::Gelu.df(0.0f64), 0.5);
    assert!((Activation::Mish.df(0.0f64) - 0.6).abs() < 1e-15);
}

#[test]
fn a_wrong_derivative_fails_the_check() {
    let r = check_derivative(
        |x| Activation::Silu.f(x),
        |x| 1.0 / (1.0 + (-x).exp()),
        &grid(),
        1e-5,
    )
    .unwrap();
    assert!(!r.passes(1e-3), "sigmoid is not silu': {r:?}");
}

#[test]
fn gradient_of_a_layer_loss_matches_backward_into() {
    // L(x) = sum(g * act(x)) has gradient g * act'(x)
    let x = Array::from_shape_fn((3, 4), |(i, j)| {
        (i as f64 - 1.0) * 0.7 + j as f64 * 0.3 - 0.5
    });
    let g = Array::from_shape_fn((3, 4), |(i, j)| 1.0 + i as f64 - 0.5 * j as f64);
    for act in ALL {
        let mut grad = Array::zeros((3, 4));
        backward_into(x.view(), g.view(), grad.view_mut(), act);
        let r = check_gradient(|v| (&g * &apply(v, act)).sum(), &x, &grad, 1e-5).unwrap();
        assert!(r.passes(1e-6), "{}: {r:?}", act.name());
    }
}

#[test]
fn activations_are_finite_and_saturate_at_plus_minus_1e4() {
    for act in ALL {
        for x in [1e4f64, -1e4] {
            assert!(
                act.f(x).is_finite() && act.df(x).is_finite(),
                "{}",
                act.name()
            );
        }
        assert_eq!(
            act.f(1e4f64),
            1e4,
            "{} is the identity for large x",
            act.name()
        );
        assert_eq!(act.df(1e4f64), 1.0);
        assert!(
            act.f(-1e4f64).abs() < 1e-300,
            "{} vanishes for very negative x",
            act.name()
        );
        assert!(act.df(-1e4f64).abs() < 1e-300);
        let f32_big = act.f(1e4f32);
        assert_eq!(f32_big, 1e4f32);
    }
}

#[test]
fn activations_of_minus_infinity_are_zero_or_nan_free_limits() {
    // softplus(-inf) = 0, sigmoid-based ones -> -inf * 0: we define the limit by saturation
    assert_eq!(Activation::Softplus.f(f64::NEG_INFINITY), 0.0);
    assert_eq!(Activation::Softplus.df(f64::NEG_INFINITY), 0.0);
    assert_eq!(Activation::Softplus.f(f64::INFINITY), f64::INFINITY);
}

#[test]
fn serial_and_parallel_kernels_agree_for_one_to_four_dimensions() {
    let x4 = Array4::<f32>::from_shape_fn((3, 5, 7, 11), |(a, b, c, d)| {
        (a as f32 - 1.0) * 2.0 + b as f32 * 0.3 - c as f32 * 0.7 + d as f32 * 0.11
    });
    let x1: Array1<f32> = x4.iter().copied().collect();
    let xd = x4
        .clone()
        .into_dyn()
        .into_shape_with_order(IxDyn(&[15, 77]))
        .unwrap();
    for act in ALL {
        assert_eq!(apply(&x4, act), par_apply(&x4, act));
        assert_eq!(apply_derivative(&x4, act), par_apply_derivative(&x4, act));
        assert_eq!(apply(&x1, act), par_apply(&x1, act));
        assert_eq!(apply(&xd, act), par_apply(&xd, act));
        let mut a = x4.clone();
        let mut b = x4.clone();
        apply_inplace(&mut a, act);
        par_apply_inplace(&mut b, act);
        assert_eq!(a, b);
        assert_eq!(a, apply(&x4, act));
    }
}

#[test]
fn vectorize_lifts_a_scalar_closure_and_keeps_the_shape() {
    let hard_tanh = vectorize(|v: f64| v.clamp(-1.0, 1.0));
    let x = Array::from_shape_fn((2, 3, 2), |(i, j, k)| i as f64 + j as f64 - k as f64 - 1.5);
    let y = hard_tanh.call(&x);
    assert_eq!(y.shape(), x.shape());
    assert_eq!(y, hard_tanh.par_call(&x));
    assert!(y.iter().all(|v| (-1.0..=1.0).contains(v)));
    let mut z = x.clone();
    hard_tanh.call_inplace(&mut z);
    assert_eq!(z, y);
    // type-changing closures work too: a boolean mask
    let positive = vectorize(|v: f64| v > 0.0);
    assert_eq!(
        positive.call(&x).iter().filter(|&&b| b).count(),
        x.iter().filter(|&&v| v > 0.0).count()
    );
}

/// Distance in units in the last place between two finite, same-signed `f32`.
fn ulps(a: f32, b: f32) -> u32 {
    (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs() as u32
}

#[test]
fn exp_f32_is_within_two_ulp_of_the_correctly_rounded_exp_on_a_sweep() {
    use performance::ufuncs::exp_f32;
    // Every 61st f32 bit pattern between -103.97 and 88.72 (about 37 million inputs, every
    // binade), against f64's exp rounded once to f32. Measured worst: 1 ulp.
    let mut worst = 0;
    let mut checked = 0;
    for bits in (0u32..0x4300_0000)
        .step_by(61)
        .chain((0x8000_0000u32..0xC2D0_0000).step_by(61))
    {
        let x = f32::from_bits(bits);
        if !(-103.97..=88.72).contains(&x) {
            continue;
        }
        let want = f64::from(x).exp() as f32;
        let got = exp_f32(x);
        if want < f32::MIN_POSITIVE {
            // Subnormal results: absolute error of at most two of the smallest steps.
            assert!(
                (got - want).abs() <= 2.0 * f32::from_bits(1),
                "exp({x}) = {got}, want {want}"
            );
        } else {
            let d = ulps(got, want);
            assert!(d <= 2, "exp({x}) = {got}, want {want}: {d} ulp");
            worst = worst.max(d);
        }
        checked += 1;
    }
    assert!(checked > 1_000_000, "{checked}");
    eprintln!("exp_f32: worst error {worst} ulp over {checked} inputs");
}

#[test]
fn exp_f32_handles_the_edges_like_np_exp() {
    use performance::ufuncs::exp_f32;
    assert_eq!(exp_f32(0.0), 1.0);
    assert_eq!(exp_f32(-0.0), 1.0);
    assert_eq!(exp_f32(88.8), f32::INFINITY);
    assert_eq!(exp_f32(f32::INFINITY), f32::INFINITY);
    assert_eq!(exp_f32(f32::MAX), f32::INFINITY);
    assert_eq!(exp_f32(-104.0), 0.0);
    assert_eq!(exp_f32(f32::NEG_INFINITY), 0.0);
    assert!(exp_f32(f32::NAN).is_nan());
    assert!(exp_f32(88.7) < f32::INFINITY);
    assert!(exp_f32(-100.0) > 0.0); // subnormal, not flushed to zero
}

#[test]
fn exp_into_and_par_exp_into_equal_the_scalar_function_bit_for_bit() {
    use ndarray::{Array2, s};
    use performance::ufuncs::{exp_f32, exp_into, par_exp_into};
    // Ragged lengths exercise the vector loop's tail in every compiled width.
    let x: Vec<f32> = (0..100_003)
        .map(|i| (i as f32 * 0.37).sin() * 90.0)
        .collect();
    let mut out = vec![0.0; x.len()];
    exp_into(&x, &mut out);
    for (o, &v) in out.iter().zip(&x) {
        assert_eq!(o.to_bits(), exp_f32(v).to_bits());
    }
    let a = Array2::from_shape_vec((317, 315), x[..317 * 315].to_vec()).unwrap();
    let mut y = Array2::<f32>::zeros((317, 315));
    par_exp_into(&a, &mut y).unwrap();
    assert_eq!(y, a.mapv(exp_f32));
    // A strided view goes element by element, same values.
    let v = a.slice(s![..;2, ..;-3]);
    let mut yv = Array2::<f32>::zeros(v.raw_dim());
    par_exp_into(&v, &mut yv).unwrap();
    assert_eq!(yv, v.mapv(exp_f32));
    let mut wrong = Array2::<f32>::zeros((3, 3));
    assert!(par_exp_into(&a, &mut wrong).is_err());
}
