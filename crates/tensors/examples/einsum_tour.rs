//! A dozen `np.einsum` expressions, each checked against the operation it stands for
//! (written with ndarray's `.dot`, chapter 2's `matmul`, or plain loops), with timings.
//!
//! NumPy:
//! ```python
//! np.einsum("ij,jk->ik", A, B)          # A @ B
//! np.einsum("bij,bjk->bik", X, Y)       # X @ Y, batched
//! np.einsum("ii", S); np.einsum("ii->i", S)   # trace, diagonal
//! np.einsum("i,j->ij", u, v)            # np.outer(u, v)
//! np.einsum("i,ij,j->", u, S, u)        # u @ S @ u
//! np.einsum("bhqd,bhkd->bhqk", Q, K)    # attention scores Q @ K.swapaxes(-1, -2)
//! ```

use linalg::matmul;
use ndarray::{Array, Array1, Array2, Array3, Array4, ArrayD, Axis, IxDyn};
use rand::{Rng, SeedableRng, rngs::StdRng};
use std::time::Instant;
use tensors::{einsum, swapaxes};

/// Largest |a - b| over two arrays of the same shape (infinite if the shapes differ, NaN if
/// any difference is NaN: `f64::max` would drop it and report a match).
fn max_diff(a: &ArrayD<f64>, b: &ArrayD<f64>) -> f64 {
    if a.shape() != b.shape() {
        return f64::INFINITY;
    }
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, nan_max)
}

/// `max` that keeps a NaN.
fn nan_max(m: f64, d: f64) -> f64 {
    if d > m || d.is_nan() { d } else { m }
}

fn random<Sh: ndarray::ShapeBuilder>(shape: Sh, rng: &mut StdRng) -> Array<f64, Sh::Dim> {
    Array::from_shape_simple_fn(shape, || rng.gen_range(-1.0..1.0))
}

struct Row {
    name: &'static str,
    subscripts: &'static str,
    shape: Vec<usize>,
    err: f64,
    micros: f64,
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

/// Time `f` (best of 5 runs), return its result and the time in microseconds.
fn timed<T>(mut f: impl FnMut() -> tensors::Result<T>) -> tensors::Result<(T, f64)> {
    let mut best = f64::INFINITY;
    let mut out = f()?;
    for _ in 0..5 {
        let t = Instant::now();
        out = f()?;
        best = best.min(t.elapsed().as_secs_f64() * 1e6);
    }
    Ok((out, best))
}

fn run() -> tensors::Result<()> {
    let mut rng = StdRng::seed_from_u64(0);
    let a: Array2<f64> = random((200, 300), &mut rng);
    let b: Array2<f64> = random((300, 100), &mut rng);
    let s: Array2<f64> = random((300, 300), &mut rng);
    let u: Array1<f64> = random(300, &mut rng);
    let v: Array1<f64> = random(200, &mut rng);
    let x: Array3<f64> = random((32, 64, 48), &mut rng);
    let y: Array3<f64> = random((32, 48, 40), &mut rng);
    let t3: Array3<f64> = random((20, 30, 40), &mut rng);
    // Attention: batch 4, 8 heads, 128 queries and keys, head dimension 64.
    let q: Array4<f64> = random((4, 8, 128, 64), &mut rng);
    let k: Array4<f64> = random((4, 8, 128, 64), &mut rng);

    let mut rows = Vec::new();
    let mut push = |name, subscripts, got: ArrayD<f64>, want: ArrayD<f64>, micros| {
        rows.push(Row {
            name,
            subscripts,
            shape: got.shape().to_vec(),
            err: max_diff(&got, &want),
            micros,
        });
    };

    // A @ B
    let (got, t) = timed(|| einsum!("ij,jk->ik", &a, &b))?;
    push("matmul", "ij,jk->ik", got, a.dot(&b).into_dyn(), t);
    // implicit output: "ij,jk" means "ij,jk->ik"
    let (got, t) = timed(|| einsum!("ij,jk", &a, &b))?;
    push(
        "matmul, implicit output",
        "ij,jk",
        got,
        a.dot(&b).into_dyn(),
        t,
    );
    // X @ Y batched
    let (got, t) = timed(|| einsum!("bij,bjk->bik", &x, &y))?;
    push(
        "batched matmul",
        "bij,bjk->bik",
        got,
        matmul(&x, &y)?.into_dyn(),
        t,
    );
    // trace
    let (got, t) = timed(|| einsum!("ii", &s))?;
    let trace: f64 = (0..300).map(|i| s[[i, i]]).sum();
    push("trace", "ii", got, ArrayD::from_elem(IxDyn(&[]), trace), t);
    // diagonal
    let (got, t) = timed(|| einsum!("ii->i", &s))?;
    push("diagonal", "ii->i", got, s.diag().to_owned().into_dyn(), t);
    // outer product
    let (got, t) = timed(|| einsum!("i,j->ij", &u, &v))?;
    let outer = Array2::from_shape_fn((300, 200), |(i, j)| u[i] * v[j]);
    push("outer product", "i,j->ij", got, outer.into_dyn(), t);
    // inner product
    let (got, t) = timed(|| einsum!("i,i->", &u, &u))?;
    push(
        "inner product",
        "i,i->",
        got,
        ArrayD::from_elem(IxDyn(&[]), u.dot(&u)),
        t,
    );
    // bilinear form u^T S u
    let (got, t) = timed(|| einsum!("i,ij,j->", &u, &s, &u))?;
    push(
        "bilinear form",
        "i,ij,j->",
        got,
        ArrayD::from_elem(IxDyn(&[]), u.dot(&s.dot(&u))),
        t,
    );
    // transpose
    let (got, t) = timed(|| einsum!("ij->ji", &a))?;
    push("transpose", "ij->ji", got, a.t().to_owned().into_dyn(), t);
    // row sums
    let (got, t) = timed(|| einsum!("ij->i", &a))?;
    push("row sums", "ij->i", got, a.sum_axis(Axis(1)).into_dyn(), t);
    // axis permutation of a 3-D tensor
    let (got, t) = timed(|| einsum!("ijk->kij", &t3))?;
    let perm = Array3::from_shape_fn((40, 20, 30), |(kk, i, j)| t3[[i, j, kk]]);
    push("permute axes", "ijk->kij", got, perm.into_dyn(), t);
    // broadcast batch axes with ...
    let w: Array2<f64> = random((48, 16), &mut rng);
    let (got, t) = timed(|| einsum!("...ij,jk->...ik", &x, &w))?;
    push(
        "broadcast with ...",
        "...ij,jk->...ik",
        got,
        matmul(&x, &w)?.into_dyn(),
        t,
    );
    // attention scores, against Q @ K^T per (batch, head) with matmul
    let (got, t) = timed(|| einsum!("bhqd,bhkd->bhqk", &q, &k))?;
    let kt = swapaxes(&k, -1, -2)?;
    let want = matmul(&q, &kt)?;
    push(
        "attention scores",
        "bhqd,bhkd->bhqk",
        got,
        want.into_dyn(),
        t,
    );
    // chain of three matrices, contracted pairwise
    let c: Array2<f64> = random((100, 50), &mut rng);
    let (got, t) = timed(|| einsum!("ij,jk,kl->il", &a, &b, &c))?;
    push(
        "matrix chain",
        "ij,jk,kl->il",
        got,
        a.dot(&b).dot(&c).into_dyn(),
        t,
    );

    println!(
        "{:<24} {:<18} {:<16} {:>10} {:>12}",
        "operation", "subscripts", "shape", "max |diff|", "time (us)"
    );
    for r in &rows {
        println!(
            "{:<24} {:<18} {:<16} {:>10.1e} {:>12.1}",
            r.name,
            r.subscripts,
            format!("{:?}", r.shape),
            r.err,
            r.micros
        );
    }

    // Why the plan matters: attention scores by the naive loop over all five indices.
    let (qs, ks) = (
        q.slice(ndarray::s![..1, ..2, .., ..]),
        k.slice(ndarray::s![..1, ..2, .., ..]),
    );
    let start = Instant::now();
    let mut naive = Array4::<f64>::zeros((1, 2, 128, 128));
    for h in 0..2 {
        for i in 0..128 {
            for j in 0..128 {
                let mut acc = 0.0;
                for d in 0..64 {
                    acc += qs[[0, h, i, d]] * ks[[0, h, j, d]];
                }
                naive[[0, h, i, j]] = acc;
            }
        }
    }
    let naive_us = start.elapsed().as_secs_f64() * 1e6 * 16.0; // scaled to 4 x 8 heads
    let (planned, planned_us) = timed(|| einsum!("bhqd,bhkd->bhqk", &qs, &ks))?;
    let agree = max_diff(&planned, &naive.into_dyn());
    println!(
        "\nattention (4, 8, 128, 64): einsum {:.0} us vs naive 5-index loop ~{:.0} us (extrapolated from 2 heads; {:.1}x); max |diff| {agree:.1e}",
        rows.iter()
            .find(|r| r.subscripts == "bhqd,bhkd->bhqk")
            .map_or(0.0, |r| r.micros),
        naive_us,
        naive_us / (planned_us * 16.0)
    );

    let max_err = rows.iter().map(|r| r.err).fold(0.0, nan_max);
    let names: Vec<String> = rows
        .iter()
        .map(|r| format!("\"{}\"", r.subscripts))
        .collect();
    let errs: Vec<String> = rows.iter().map(|r| format!("{:.3e}", r.err)).collect();
    println!("result: expressions = [{}]", names.join(", "));
    println!("result: max_abs_diff = [{}]", errs.join(", "));
    println!("result: all_match_1e-10 = {}", max_err < 1e-10);
    println!(
        "result: attention_us = {:.1}",
        rows.iter()
            .find(|r| r.subscripts == "bhqd,bhkd->bhqk")
            .map_or(0.0, |r| r.micros)
    );
    println!(
        "result: attention_speedup_vs_naive_loop = {:.1}",
        naive_us / (planned_us * 16.0)
    );
    Ok(())
}
