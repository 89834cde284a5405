//! 6.4 Custom ufuncs: activation functions and their derivatives over arrays of any dimension.
//!
//! NumPy needs `np.vectorize` (a Python loop in disguise) or numba's `@vectorize` to turn a
//! scalar function into a fast array function. Rust does not: a closure passed to
//! `mapv`/`Zip` is compiled and inlined into the loop, and LLVM vectorises it when it can.
//! What still matters is the same as in numba: **no allocation inside the loop** (write
//! into a preallocated output or in place), **no branches the vectoriser cannot remove**,
//! and **one pass over memory** (fuse `f(x) * g(x)` into one kernel instead of two arrays).
//!
//! | PyTorch / NumPy | Rust | formula |
//! |---|---|---|
//! | `F.gelu(x, approximate="tanh")` | [`Activation::Gelu`] | `0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))` |
//! | `F.silu(x)` | [`Activation::Silu`] | `x sigmoid(x)` |
//! | `F.mish(x)` | [`Activation::Mish`] | `x tanh(softplus(x))` |
//! | `F.softplus(x)` | [`Activation::Softplus`] | `log(1 + exp(x))`, as `max(x, 0) + log1p(exp(-|x|))` |
//! | `np.exp(x, out=y)` (`float32`) | [`exp_into`], [`par_exp_into`] | [`exp_f32`]: `2^n exp(r)`, vectorised |
//! | `np.vectorize(f)(x)` | [`vectorize`]`(f).call(&x)` | any `Fn(A) -> B` |
//! | (numba `@vectorize(target="parallel")`) | [`vectorize`]`(f).par_call(&x)` | rayon over the elements |
//!
//! Derivatives (for backprop): `silu' = s (1 + x (1 - s))` with `s = sigmoid(x)`;
//! `softplus' = sigmoid(x)`; `mish' = tanh(sp) + x sigmoid(x) (1 - tanh(sp)^2)` with
//! `sp = softplus(x)`; `gelu' = 0.5 (1 + t) + 0.5 x (1 - t^2) c (1 + 3 a x^2)` with
//! `t = tanh(c (x + a x^3))`, `c = sqrt(2/pi)`, `a = 0.044715`, evaluated as
//! `s + 2 x s (1 - s) c (1 + 3 a x^2)` with `s = sigmoid(2 c (x + a x^3))` (see [`gelu`]). Every one is checked
//! against central finite differences in `tests/chapter6/activations.rs`, and every value against
//! NumPy in `fixtures/numpy_reference.json`.
//!
//! All forms are stable at `|x| = 1e4`: softplus uses `exp(-|x|)` only and `tanh`
//! saturates, so no intermediate is `inf`.
//!
//! ```
//! use ndarray::{array, Array3};
//! use performance::ufuncs::{Activation, apply, par_apply, vectorize};
//! let x = array![[-1.0f64, 0.0], [1.0, 1e4]];
//! let y = apply(&x, Activation::Softplus);
//! assert!((y[[0, 1]] - 2f64.ln()).abs() < 1e-15);
//! assert_eq!(y[[1, 1]], 1e4);
//! // any dimension, serial or parallel, same values
//! let t = Array3::<f32>::from_shape_fn((2, 3, 4), |(i, j, k)| (i + j + k) as f32 - 3.0);
//! assert_eq!(apply(&t, Activation::Mish), par_apply(&t, Activation::Mish));
//! // np.vectorize for a custom scalar function
//! let leaky = vectorize(|v: f64| if v > 0.0 { v } else { 0.1 * v });
//! assert_eq!(leaky.call(&array![-2.0, 3.0]), array![-0.2, 3.0]);
//! ```

use ndarray::{Array, ArrayBase, Data, DataMut, Dimension, Zip};

use crate::Float;
use crate::stability::sigmoid;

/// The activations of this module, as a value to pass around (a layer's configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// GELU, tanh approximation (GPT-2, BERT; PyTorch's `approximate="tanh"`).
    Gelu,
    /// SiLU / swish: `x * sigmoid(x)`.
    Silu,
    /// Mish: `x * tanh(softplus(x))`.
    Mish,
    /// Softplus: `log(1 + exp(x))`, a smooth ReLU.
    Softplus,
}

/// All activations, for loops in tests and examples.
pub const ALL: [Activation; 4] = [
    Activation::Gelu,
    Activation::Silu,
    Activation::Mish,
    Activation::Softplus,
];

const GELU_A: f64 = 0.044715;
const SQRT_2_OVER_PI: f64 = 0.797_884_560_802_865_4;

/// `softplus(x) = max(x, 0) + log1p(exp(-|x|))`, never overflowing.
#[inline]
pub fn softplus<F: Float>(x: F) -> F {
    x.max(F::zero()) + (-x.abs()).exp().ln_1p()
}

/// `silu(x) = x * sigmoid(x)`.
#[inline]
pub fn silu<F: Float>(x: F) -> F {
    x * sigmoid(x)
}

/// `mish(x) = x * tanh(softplus(x))`.
#[inline]
pub fn mish<F: Float>(x: F) -> F {
    x * softplus(x).tanh()
}

/// GELU, tanh approximation: `0.5 x (1 + tanh(u))`, `u = c (x + a x^3)`, computed as
/// `x sigmoid(2u)` (the same function, since `1 + tanh(u) = 2 sigmoid(2u)`): the textbook
/// form cancels in `1 + tanh(u)` for `x < -3` and loses all relative accuracy by `x = -6`;
/// this one keeps full precision down to the underflow threshold.
#[inline]
pub fn gelu<F: Float>(x: F) -> F {
    x * sigmoid(F::from_f64(2.0) * gelu_u(x))
}

#[inline]
fn gelu_u<F: Float>(x: F) -> F {
    F::from_f64(SQRT_2_OVER_PI) * (x + F::from_f64(GELU_A) * x * x * x)
}

impl Activation {
    /// The scalar function.
    #[inline]
    pub fn f<F: Float>(self, x: F) -> F {
        match self {
            Activation::Gelu => gelu(x),
            Activation::Silu => silu(x),
            Activation::Mish => mish(x),
            Activation::Softplus => softplus(x),
        }
    }

    /// Its derivative `d f / d x` (formulas in the module docs).
    #[inline]
    pub fn df<F: Float>(self, x: F) -> F {
        let one = F::one();
        match self {
            Activation::Gelu => {
                // 0.5 (1 + t) = s and 1 - t^2 = 4 s (1 - s) with s = sigmoid(2u),
                // 1 - s = sigmoid(-2u): no cancellation in either tail.
                let two = F::from_f64(2.0);
                let u = gelu_u(x);
                let s = sigmoid(two * u);
                let sm = sigmoid(-two * u);
                let du = F::from_f64(SQRT_2_OVER_PI) * (one + F::from_f64(3.0 * GELU_A) * x * x);
                s + two * x * s * sm * du
            }
            Activation::Silu => {
                let s = sigmoid(x);
                s * (one + x * (one - s))
            }
            Activation::Mish => {
                let t = softplus(x).tanh();
                t + x * sigmoid(x) * (one - t * t)
            }
            Activation::Softplus => sigmoid(x),
        }
    }

    /// The name PyTorch uses.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Gelu => "gelu",
            Activation::Silu => "silu",
            Activation::Mish => "mish",
            Activation::Softplus => "softplus",
        }
    }
}

/// `act(x)` elementwise into a new array of the same shape, one thread.
pub fn apply<F: Float, S: Data<Elem = F>, D: Dimension>(
    x: &ArrayBase<S, D>,
    act: Activation,
) -> Array<F, D> {
    x.mapv(|v| act.f(v))
}

/// `act(x)` elementwise into a new array, on rayon's pool (`Zip::par_map_collect`).
/// Worth it above roughly 10^5 elements; below, the thread hand-off costs more than it saves.
pub fn par_apply<F: Float, S: Data<Elem = F>, D: Dimension>(
    x: &ArrayBase<S, D>,
    act: Activation,
) -> Array<F, D> {
    Zip::from(x).par_map_collect(|&v| act.f(v))
}

/// `act'(x)` elementwise (the local gradient), one thread.
pub fn apply_derivative<F: Float, S: Data<Elem = F>, D: Dimension>(
    x: &ArrayBase<S, D>,
    act: Activation,
) -> Array<F, D> {
    x.mapv(|v| act.df(v))
}

/// `act'(x)` elementwise, parallel.
pub fn par_apply_derivative<F: Float, S: Data<Elem = F>, D: Dimension>(
    x: &ArrayBase<S, D>,
    act: Activation,
) -> Array<F, D> {
    Zip::from(x).par_map_collect(|&v| act.df(v))
}

/// `x = act(x)` in place: no allocation at all.
pub fn apply_inplace<F: Float, S: DataMut<Elem = F>, D: Dimension>(
    x: &mut ArrayBase<S, D>,
    act: Activation,
) {
    x.mapv_inplace(|v| act.f(v));
}

/// `x = act(x)` in place, parallel (`par_azip!`).
pub fn par_apply_inplace<F: Float, S: DataMut<Elem = F>, D: Dimension>(
    x: &mut ArrayBase<S, D>,
    act: Activation,
) {
    ndarray::par_azip!((v in x) *v = act.f(*v));
}

/// The backward pass of an activation layer, fused: `grad_in = grad_out * act'(x)` in one
/// pass, writing into `grad_in` (no temporary for `act'(x)`).
pub fn backward_into<F: Float, D: Dimension>(
    x: ndarray::ArrayView<'_, F, D>,
    grad_out: ndarray::ArrayView<'_, F, D>,
    mut grad_in: ndarray::ArrayViewMut<'_, F, D>,
    act: Activation,
) {
    Zip::from(&mut grad_in)
        .and(&x)
        .and(&grad_out)
        .for_each(|gi, &v, &g| *gi = g * act.df(v));
}

/// A scalar function lifted to arrays: NumPy's `np.vectorize`, but compiled.
#[derive(Debug, Clone, Copy)]
pub struct Vectorized<Fun>(Fun);

/// Turns a scalar closure `f: A -> B` into an array function of any dimension, like
/// `np.vectorize(f)`. Unlike NumPy's, the result runs at compiled speed.
pub fn vectorize<A, B, Fun: Fn(A) -> B>(f: Fun) -> Vectorized<Fun> {
    Vectorized(f)
}

impl<Fun> Vectorized<Fun> {
    /// `f` elementwise into a new array of the same shape.
    pub fn call<A: Clone, B, S: Data<Elem = A>, D: Dimension>(
        &self,
        x: &ArrayBase<S, D>,
    ) -> Array<B, D>
    where
        Fun: Fn(A) -> B,
    {
        x.map(|v| (self.0)(v.clone()))
    }

    /// `f` elementwise, parallel on rayon's pool.
    pub fn par_call<A, B, S, D>(&self, x: &ArrayBase<S, D>) -> Array<B, D>
    where
        Fun: Fn(A) -> B + Sync + Send,
        A: Clone + Sync + Send,
        B: Send,
        S: Data<Elem = A>,
        D: Dimension,
    {
        Zip::from(x).par_map_collect(|v| (self.0)(v.clone()))
    }

    /// `x = f(x)` in place.
    pub fn call_inplace<A: Clone, S: DataMut<Elem = A>, D: Dimension>(
        &self,
        x: &mut ArrayBase<S, D>,
    ) where
        Fun: Fn(A) -> A,
    {
        x.map_inplace(|v| *v = (self.0)(v.clone()));
    }
}

// ---------------------------------------------------------------------------------------
// A vectorised exp
// ---------------------------------------------------------------------------------------

/// `exp(x)` for `f32`, written so that a loop over it vectorises: no branch, no call, no
/// table. `np.exp` on `float32` does the same with hand-written AVX2/AVX-512 code; this is
/// the Rust form of it (see [`exp_into`] for the loop and the measurements).
///
/// The method (Cody and Waite's reduction, Cephes's polynomial): write `x = n ln 2 + r` with
/// `n = round(x / ln 2)` and `|r| <= ln 2 / 2`, so `exp(x) = 2^n exp(r)`.
/// - `n` is rounded by adding and subtracting `1.5 * 2^23` (the float adder rounds; the low
///   bits of the sum are `n` as an integer), which needs no SSE4.1 `round` instruction;
/// - `r = x - n C1 - n C2`, with `C1 + C2 = ln 2` and `C1` short enough that `n C1` is exact;
/// - `exp(r) = 1 + r + r^2 P(r)` with a degree-5 minimax `P`;
/// - `2^n` is built in the exponent bits, as two factors `2^(n/2) 2^(n - n/2)` so that results
///   down to the subnormals (`x >= -103.9`) come out right.
///
/// Error: at most 1 ulp from the correctly rounded `exp` on a sweep of 37 million inputs that
/// covers every binade of the range (the test, against `f64::exp`, allows 2; NumPy documents
/// its `float32` SIMD `exp` within 2.52 ulp). `exp(x)` is `inf` above `88.72`, `0` below
/// `-103.97`, `NaN` for `NaN`; results between are not flushed to zero.
///
/// ```
/// use performance::ufuncs::exp_f32;
/// assert_eq!(exp_f32(0.0), 1.0);
/// assert!((exp_f32(1.0) - std::f32::consts::E).abs() <= f32::EPSILON * 3.0);
/// assert_eq!(exp_f32(100.0), f32::INFINITY);
/// assert_eq!(exp_f32(-110.0), 0.0);
/// assert!(exp_f32(f32::NAN).is_nan());
/// ```
#[inline(always)]
pub fn exp_f32(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    const ROUNDER: f32 = 12_582_912.0; // 1.5 * 2^23
    const C1: f32 = 0.693_359_4; // 0.693359375: 9 significant bits
    const C2: f32 = -2.121_944_4e-4;
    const P: [f32; 6] = [
        1.987_569_1e-4,
        1.398_199_9e-3,
        8.333_452e-3,
        4.166_579_6e-2,
        1.666_666_5e-1,
        0.5,
    ];
    // Clamped so that 2^n stays within two normal factors; NaN is restored at the end.
    let xc = x.clamp(-104.0, 89.0);
    let t = xc * LOG2E + ROUNDER;
    let n = t - ROUNDER;
    let ni = (t.to_bits() as i32).wrapping_sub(ROUNDER.to_bits() as i32);
    let r = xc - n * C1 - n * C2;
    let mut p = P[0];
    for c in &P[1..] {
        p = p * r + c;
    }
    let e = (p * r * r + r) + 1.0;
    let half = ni >> 1;
    let scale = |k: i32| f32::from_bits(((k + 127) as u32) << 23);
    let y = e * scale(half) * scale(ni - half);
    if x.is_nan() { x } else { y }
}

/// `np.exp(x, out=out)` for `f32` slices: [`exp_f32`] over the elements, compiled three
/// times (baseline SSE2, AVX2 + FMA, AVX-512F) and run in the widest form the CPU has.
///
/// Why three copies: a default build targets baseline x86-64, whose vectors hold 4 `f32`.
/// `#[target_feature]` compiles the same loop for 8- and 16-lane registers, and a run-time
/// check picks one (what NumPy's dispatch does for its own SIMD loops).
///
/// Measured on 10 million `f32` (bench workload `exp_f32_10m`, 2 threads through
/// [`par_exp_into`], 9 rounds alternated, medians, on a CPU with AVX-512): `f32::exp` (the C
/// library's scalar `expf`) 25.1 ms, this 5.9 ms, NumPy's AVX-512 `np.exp` 9.0 ms (NumPy runs
/// ufuncs on one thread).
///
/// # Panics
/// If `x` and `out` differ in length.
pub fn exp_into(x: &[f32], out: &mut [f32]) {
    assert_eq!(
        x.len(),
        out.len(),
        "exp_into: input and output lengths differ"
    );
    #[inline(always)]
    fn body(x: &[f32], out: &mut [f32]) {
        for (o, &v) in out.iter_mut().zip(x) {
            *o = exp_f32(v);
        }
    }
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx512f,avx2,fma")]
        fn avx512(x: &[f32], out: &mut [f32]) {
            body(x, out)
        }
        #[target_feature(enable = "avx2,fma")]
        fn avx2(x: &[f32], out: &mut [f32]) {
            body(x, out)
        }
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has AVX-512F (checked on the line above).
            return unsafe { avx512(x, out) };
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: the CPU has AVX2 and FMA.
            return unsafe { avx2(x, out) };
        }
    }
    body(x, out)
}

/// `out = np.exp(x)` on rayon's threads, in blocks of 64 Ki elements (each through
/// [`exp_into`]). Any memory order: standard-layout arrays go through as slices, others
/// element by element.
///
/// # Errors
/// [`crate::Error::ShapeMismatch`] when `x` and `out` differ in shape.
pub fn par_exp_into<S, T, D>(x: &ArrayBase<S, D>, out: &mut ArrayBase<T, D>) -> crate::Result<()>
where
    S: Data<Elem = f32>,
    T: DataMut<Elem = f32>,
    D: Dimension,
{
    use rayon::prelude::*;
    if x.shape() != out.shape() {
        return Err(crate::Error::ShapeMismatch {
            op: "par_exp_into",
            left: x.shape().to_vec(),
            right: out.shape().to_vec(),
            reason: "the output must have the input's shape".into(),
        });
    }
    const BLOCK: usize = 1 << 16;
    let same_layout = x.strides() == out.strides();
    match (x.as_slice_memory_order(), out.as_slice_memory_order_mut()) {
        (Some(xs), Some(os)) if same_layout => {
            xs.par_chunks(BLOCK)
                .zip(os.par_chunks_mut(BLOCK))
                .for_each(|(xb, ob)| exp_into(xb, ob));
        }
        _ => Zip::from(out).and(x).par_for_each(|o, &v| *o = exp_f32(v)),
    }
    Ok(())
}
