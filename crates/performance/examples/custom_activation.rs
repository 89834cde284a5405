//! Practical task 3: a custom ufunc for a non-standard activation and its derivative,
//! serial vs parallel throughput, at 1 and 2 threads.
//!
//! The activation: "squareplus" (So, 2021), `f(x) = (x + sqrt(x^2 + b)) / 2`, a cheap smooth
//! ReLU, with `f'(x) = (1 + x / sqrt(x^2 + b)) / 2`. In NumPy: `np.vectorize(f)` is a Python
//! loop (~100 ns/element); numba's `@vectorize(["float32(float32)"], target="parallel")`
//! compiles it. In Rust, `vectorize(f)` is compiled already; `par_call` adds the cores.
//!
//! `cargo run --release -p performance --example custom_activation [-- --n 10000000]`

mod common;

use common::{arg, best_of, loadavg, or_exit};
use ndarray::Array1;
use performance::gradcheck::check_derivative;
use performance::parallel::with_threads;
use performance::ufuncs::{Activation, apply, par_apply, vectorize};

const B: f64 = 4.0;

fn squareplus(x: f64) -> f64 {
    0.5 * (x + (x * x + B).sqrt())
}

fn squareplus_grad(x: f64) -> f64 {
    0.5 * (1.0 + x / (x * x + B).sqrt())
}

fn main() {
    let n: usize = arg("--n", 10_000_000);
    // check the hand-written derivative first (f64, central differences)
    let grid: Vec<f64> = (0..=200).map(|i| -10.0 + 0.1 * i as f64).collect();
    let chk = or_exit(check_derivative(squareplus, squareplus_grad, &grid, 1e-5));
    println!(
        "squareplus'(x) vs central differences: max relative error {:.1e}",
        chk.max_rel_error
    );
    assert!(chk.passes(1e-7));

    let x = Array1::from_shape_fn(n, |i| ((i % 2000) as f32 - 1000.0) / 100.0);
    let f = vectorize(|v: f32| 0.5 * (v + (v * v + B as f32).sqrt()));
    let df = vectorize(|v: f32| 0.5 * (1.0 + v / (v * v + B as f32).sqrt()));
    println!("{n} float32 elements (load {})", loadavg());
    println!("{:<34} {:>8} {:>12}", "kernel", "threads", "Melem/s");
    let report = |name: &str, threads: usize, secs: f64| {
        let rate = n as f64 / secs / 1e6;
        println!("{name:<34} {threads:>8} {rate:>12.0}");
        rate
    };
    let (t, y) = best_of(3, || f.call(&x));
    let serial = report("squareplus, serial", 1, t);
    let (t, dy) = best_of(3, || df.call(&x));
    report("squareplus', serial", 1, t);
    let mut par = [0.0; 2];
    for threads in [1, 2] {
        let (t, yp) = or_exit(with_threads(threads, || best_of(3, || f.par_call(&x))));
        assert_eq!(yp, y);
        par[threads - 1] = report("squareplus, par_call", threads, t);
        let (t, dyp) = or_exit(with_threads(threads, || best_of(3, || df.par_call(&x))));
        assert_eq!(dyp, dy);
        report("squareplus', par_call", threads, t);
    }
    // the built-in activations for comparison (GELU is the costliest: tanh-free sigmoid form)
    for act in [Activation::Gelu, Activation::Mish] {
        let (t, _) = best_of(3, || apply(&x, act));
        report(&format!("{}, serial", act.name()), 1, t);
        let (t, _) = or_exit(with_threads(2, || best_of(3, || par_apply(&x, act))));
        report(&format!("{}, parallel", act.name()), 2, t);
    }
    println!(
        "result: derivative_max_rel_error = {:.1e}",
        chk.max_rel_error
    );
    println!("result: melem_per_s_serial = {serial:.0}");
    println!("result: melem_per_s_parallel_2_threads = {:.0}", par[1]);
    println!(
        "result: parallel_speedup_2_threads = {:.2}",
        par[1] / par[0]
    );
}
