//! Memory and time of sparse against dense products on realistic sparse matrices:
//! a 120 000-document bag-of-words matrix and a 100 000-row one-hot matrix.
//!
//! NumPy + SciPy:
//! ```python
//! X = sparse.csr_array((counts, (doc_ids, token_ids)), shape=(120_000, 30_000))
//! print(X.data.nbytes + X.indices.nbytes + X.indptr.nbytes, X.shape[0] * X.shape[1] * 4)
//! H = X @ W                                  # (120000, 30000) @ (30000, 64): sparse x dense
//! Y = sparse.csr_array((np.ones(n), (np.arange(n), labels)), shape=(n, 512))
//! Y @ E  vs  Y.toarray() @ E                 # one-hot lookup as a product
//! ```

use ndarray::{Array2, s};
use rand::{Rng, SeedableRng, rngs::StdRng};
use rand_distr::Zipf;
use std::time::Instant;
use tensors::sparse::{bag_of_words, memory_report, one_hot, sparse_dense_matmul};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn secs(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64()
}

/// Largest |a - b|, NaN if any difference is NaN (`f32::max` would drop it).
fn max_diff(a: &Array2<f32>, b: &Array2<f32>) -> f32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, |m, d| if d > m || d.is_nan() { d } else { m })
}

fn run() -> tensors::Result<()> {
    let mut rng = StdRng::seed_from_u64(0);

    // 1. Bag of words: 120 000 documents of 20-80 tokens, word frequencies following
    //    Zipf's law over a 30 000-word vocabulary (like real text).
    let (n_docs, vocab, dim) = (120_000usize, 30_000usize, 64usize);
    let zipf = Zipf::new(vocab as u64, 1.1).expect("valid Zipf parameters");
    let docs: Vec<Vec<usize>> = (0..n_docs)
        .map(|_| {
            let len = rng.gen_range(20..=80);
            (0..len).map(|_| rng.sample(zipf) as usize - 1).collect()
        })
        .collect();
    let mut x = None;
    let build = secs(|| x = Some(bag_of_words::<f32>(&docs, vocab)));
    let x = x.expect("built")?;
    let mem = memory_report(&x);
    println!("bag of words: {mem}");
    println!(
        "  built from {} tokens in {build:.2}s",
        docs.iter().map(Vec::len).sum::<usize>()
    );

    let w = Array2::from_shape_simple_fn((vocab, dim), || rng.gen_range(-0.1f32..0.1));
    let mut h = Array2::zeros((0, 0));
    let t_sparse = secs(|| h = sparse_dense_matmul(&x, &w).expect("aligned"));
    // The dense matrix would need mem.dense_bytes; time dense on a 1 000-row slice and scale.
    let rows = 1_000;
    let x_dense_slice = x.slice_outer(0..rows).to_dense();
    let mut h_dense = Array2::zeros((0, 0));
    let t_dense_slice = secs(|| h_dense = linalg::matmul(&x_dense_slice, &w).expect("aligned"));
    let t_dense_est = t_dense_slice * (n_docs as f64 / rows as f64);
    let agree = max_diff(&h.slice(s![..rows, ..]).to_owned(), &h_dense);
    println!(
        "  X @ W with W {:?}: sparse {t_sparse:.3}s; dense ~{t_dense_est:.1}s (measured {t_dense_slice:.3}s on {rows} rows); max |diff| on those rows {agree:.1e}",
        w.dim()
    );

    // 2. One-hot labels: 100 000 rows, 512 classes, times an embedding table (512, 128).
    let (n, classes, edim) = (100_000usize, 512usize, 128usize);
    let labels: Vec<usize> = (0..n).map(|_| rng.gen_range(0..classes)).collect();
    let y = one_hot::<f32>(&labels, classes)?;
    let y_mem = memory_report(&y);
    println!("\none-hot: {y_mem}");
    let e = Array2::from_shape_simple_fn((classes, edim), || rng.gen_range(-1.0f32..1.0));
    let y_dense = y.to_dense();
    let mut out_sparse = Array2::zeros((0, 0));
    let mut out_dense = Array2::zeros((0, 0));
    let t_onehot_sparse = secs(|| out_sparse = sparse_dense_matmul(&y, &e).expect("aligned"));
    let t_onehot_dense = secs(|| out_dense = linalg::matmul(&y_dense, &e).expect("aligned"));
    // The product is a row lookup: out[i] == E[label[i]].
    let lookup_ok = labels
        .iter()
        .enumerate()
        .all(|(i, &l)| out_sparse.row(i) == e.row(l));
    let onehot_agree = max_diff(&out_sparse, &out_dense);
    println!(
        "  Y @ E with E {:?}: sparse {:.4}s, dense {:.4}s ({:.0}x); rows equal E[label]: {lookup_ok}; max |sparse - dense| {onehot_agree:.1e}",
        e.dim(),
        t_onehot_sparse,
        t_onehot_dense,
        t_onehot_dense / t_onehot_sparse.max(1e-9)
    );

    println!("result: bow_shape = [{n_docs}, {vocab}]");
    println!("result: bow_nnz = {}", mem.nnz);
    println!("result: bow_density = {:.3e}", mem.density);
    println!(
        "result: bow_sparse_mib = {:.2}",
        mem.sparse_bytes as f64 / 1048576.0
    );
    println!(
        "result: bow_dense_mib = {:.2}",
        mem.dense_bytes as f64 / 1048576.0
    );
    println!("result: bow_sparse_seconds = {t_sparse:.4}");
    println!("result: bow_dense_seconds_estimated = {t_dense_est:.3}");
    println!("result: bow_max_abs_diff = {agree:.3e}");
    println!("result: onehot_shape = [{n}, {classes}]");
    println!(
        "result: onehot_sparse_mib = {:.2}",
        y_mem.sparse_bytes as f64 / 1048576.0
    );
    println!(
        "result: onehot_dense_mib = {:.2}",
        y_mem.dense_bytes as f64 / 1048576.0
    );
    println!("result: onehot_sparse_seconds = {t_onehot_sparse:.4}");
    println!("result: onehot_dense_seconds = {t_onehot_dense:.4}");
    println!("result: onehot_lookup_exact = {lookup_ok}");
    Ok(())
}
