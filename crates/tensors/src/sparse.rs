//! # 3.4 Sparse arrays: CSR/CSC with sprs, products with dense arrays, memory
//!
//! One-hot labels, bag-of-words counts, user-item ratings, graph adjacency: ML is full of
//! matrices that are almost all zeros. Storing only the non-zeros turns a 40 GB dense
//! matrix into a few megabytes, and a product with it costs `O(nnz)` instead of
//! `O(rows · cols)`. NumPy users reach for `scipy.sparse`; in Rust the crate is
//! [sprs](https://docs.rs/sprs), whose [`CsMat`] is scipy's `csr_array`/`csc_array`.
//!
//! | SciPy / NumPy | Rust (`use tensors::sparse::*;`) | |
//! |---|---|---|
//! | `sparse.csr_array((vals, (rows, cols)), shape=(m, n))` | [`csr_from_triplets((m, n), &rows, &cols, &vals)?`](csr_from_triplets) | duplicates are summed |
//! | `sparse.csc_array((vals, (rows, cols)), shape=(m, n))` | [`csc_from_triplets`] | |
//! | `sparse.csr_array(np.where(abs(x) > t, x, 0))` | [`csr_from_dense(&x, t)?`](csr_from_dense), [`csc_from_dense`] | |
//! | `A @ X` (sparse `A`, dense `X`) | [`sparse_dense_matmul(&a, &x)?`](sparse_dense_matmul) | dense result |
//! | `X @ A` | [`dense_sparse_matmul(&x, &a)?`](dense_sparse_matmul) | dense result |
//! | `A.toarray()` | `a.to_dense()` (sprs) | |
//! | `A.nnz`, `A.data.nbytes + A.indices.nbytes + A.indptr.nbytes` | `a.nnz()`, [`memory_report(&a)`](memory_report) | |
//! | `sparse.csr_array((np.ones(n), (np.arange(n), y)))` | [`one_hot(&y, n_classes)?`](one_hot) | one-hot labels |
//! | `CountVectorizer().fit_transform(docs)` (scikit-learn) | [`bag_of_words(&docs, vocab_size)?`](bag_of_words) | token counts |
//!
//! ```
//! use ndarray::array;
//! use tensors::sparse::{csr_from_triplets, sparse_dense_matmul, memory_report};
//!
//! // A = [[1, 0, 2], [0, 0, 3]] from (row, col, value) triplets
//! let a = csr_from_triplets((2, 3), &[0, 0, 1], &[0, 2, 2], &[1.0, 2.0, 3.0])?;
//! let x = array![[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]];
//! assert_eq!(sparse_dense_matmul(&a, &x)?, array![[3.0, 2.0], [3.0, 3.0]]);
//! assert_eq!(a.to_dense(), array![[1.0, 0.0, 2.0], [0.0, 0.0, 3.0]]);
//! let mem = memory_report(&a);
//! assert_eq!((mem.nnz, mem.dense_bytes), (3, 6 * 8));
//! # Ok::<(), tensors::Error>(())
//! ```
//!
//! ## CSR or CSC
//! CSR (compressed sparse row) stores, for each row, the column indices and values of its
//! non-zeros: `indptr` (`rows + 1` offsets), `indices` (`nnz` column numbers) and `data`
//! (`nnz` values). Row slicing and `A @ X` are fast in CSR; column slicing and `X @ A`
//! read CSC (the same for columns) naturally. The functions here accept either and
//! convert when needed (`O(nnz)`).
//!
//! ## Memory
//! CSR with `usize` indices takes `(rows + 1) · 8 + nnz · (8 + size_of::<T>())` bytes, the
//! dense array `rows · cols · size_of::<T>()`. With `f64` values sparse storage wins when
//! the density `nnz / (rows · cols)` is below about one half; [`memory_report`] prints
//! both. The products cost `2 · nnz · n` flops against `2 · rows · cols · n` dense.
//!
//! ## When not to use
//! Above a few per cent of non-zeros a dense GEMM (vectorised, cache-blocked) usually
//! beats a sparse product even though it does more flops; measure
//! (`cargo run --release -p tensors --example sparse_vs_dense`). Elementwise updates of
//! a CSR matrix are slow (every insertion shifts arrays): build from triplets.

use crate::error::{Error, Result, shape};
use linalg::Float;
use ndarray::{Array2, ArrayBase, Data, Ix2, Zip};
pub use sprs::{CsMat, TriMat};
use std::fmt;

fn check_triplets<T>(
    op: &'static str,
    (m, n): (usize, usize),
    rows: &[usize],
    cols: &[usize],
    values: &[T],
) -> Result<()> {
    if rows.len() != cols.len() || rows.len() != values.len() {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "rows, cols and values must have the same length, got {}, {} and {}",
                rows.len(),
                cols.len(),
                values.len()
            ),
        });
    }
    for (k, (&i, &j)) in rows.iter().zip(cols).enumerate() {
        if i >= m || j >= n {
            return Err(Error::InvalidArgument {
                op,
                detail: format!(
                    "triplet {k} at (row {i}, col {j}) is out of bounds for shape {}",
                    shape(&[m, n])
                ),
            });
        }
    }
    Ok(())
}

fn triplets<T: Float>(
    shape: (usize, usize),
    rows: &[usize],
    cols: &[usize],
    values: &[T],
) -> TriMat<T> {
    TriMat::from_triplets(shape, rows.to_vec(), cols.to_vec(), values.to_vec())
}

/// A CSR matrix from `(row, col, value)` triplets (COO format):
/// `scipy.sparse.csr_array((values, (rows, cols)), shape=shape)`.
///
/// Like SciPy, repeated `(row, col)` pairs are **summed** (that is how a bag-of-words
/// counts tokens). Explicit zeros in `values` are stored.
///
/// ```
/// let a = tensors::sparse::csr_from_triplets((2, 2), &[0, 0, 1], &[1, 1, 0], &[1.0, 2.0, 5.0])?;
/// assert_eq!(a.to_dense(), ndarray::array![[0.0, 3.0], [5.0, 0.0]]);
/// let err = tensors::sparse::csr_from_triplets((2, 2), &[0, 2], &[0, 0], &[1.0, 1.0]).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "csr_from_triplets: triplet 1 at (row 2, col 0) is out of bounds for shape (2, 2)"
/// );
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// Cost: `O(nnz + rows)` (a counting sort of the triplets).
///
/// # Errors
/// [`Error::ShapeMismatch`] if the three slices differ in length;
/// [`Error::InvalidArgument`] for an index out of bounds.
pub fn csr_from_triplets<T: Float>(
    shape: (usize, usize),
    rows: &[usize],
    cols: &[usize],
    values: &[T],
) -> Result<CsMat<T>> {
    check_triplets("csr_from_triplets", shape, rows, cols, values)?;
    Ok(triplets(shape, rows, cols, values).to_csr())
}

/// A CSC matrix from triplets: `scipy.sparse.csc_array((values, (rows, cols)), shape=shape)`.
/// Duplicates are summed.
///
/// ```
/// let a = tensors::sparse::csc_from_triplets((2, 3), &[1, 0], &[2, 0], &[4.0, 1.0])?;
/// assert!(a.is_csc());
/// assert_eq!(a.to_dense(), ndarray::array![[1.0, 0.0, 0.0], [0.0, 0.0, 4.0]]);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// As [`csr_from_triplets`].
pub fn csc_from_triplets<T: Float>(
    shape: (usize, usize),
    rows: &[usize],
    cols: &[usize],
    values: &[T],
) -> Result<CsMat<T>> {
    check_triplets("csc_from_triplets", shape, rows, cols, values)?;
    Ok(triplets(shape, rows, cols, values).to_csc())
}

fn check_threshold<T: Float>(op: &'static str, threshold: T) -> Result<()> {
    if threshold.is_nan() || threshold < T::zero() {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("threshold must be a number >= 0, got {threshold}"),
        });
    }
    Ok(())
}

/// A CSR matrix keeping the entries with `|x| > threshold`:
/// `scipy.sparse.csr_array(np.where(np.abs(x) > threshold, x, 0))`. `threshold = 0`
/// keeps every non-zero.
///
/// ```
/// use ndarray::array;
/// let x = array![[0.9, 1e-9, 0.0], [0.0, -2.0, 1e-12]];
/// let a = tensors::sparse::csr_from_dense(&x, 1e-6)?;
/// assert_eq!(a.nnz(), 2);
/// assert_eq!(a.to_dense(), array![[0.9, 0.0, 0.0], [0.0, -2.0, 0.0]]);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for a negative or NaN threshold.
pub fn csr_from_dense<T, S>(x: &ArrayBase<S, Ix2>, threshold: T) -> Result<CsMat<T>>
where
    T: Float,
    S: Data<Elem = T>,
{
    check_threshold("csr_from_dense", threshold)?;
    let mut indptr = Vec::with_capacity(x.nrows() + 1);
    indptr.push(0);
    let (mut indices, mut data) = (Vec::new(), Vec::new());
    for row in x.rows() {
        for (j, &v) in row.iter().enumerate() {
            if v.abs() > threshold {
                indices.push(j);
                data.push(v);
            }
        }
        indptr.push(indices.len());
    }
    Ok(CsMat::new(x.dim(), indptr, indices, data))
}

/// A CSC matrix keeping the entries with `|x| > threshold` (see [`csr_from_dense`]).
///
/// ```
/// let x = ndarray::array![[0.0, 1.0], [2.0, 0.0]];
/// let a = tensors::sparse::csc_from_dense(&x, 0.0)?;
/// assert!(a.is_csc());
/// assert_eq!(a.nnz(), 2);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for a negative or NaN threshold.
pub fn csc_from_dense<T, S>(x: &ArrayBase<S, Ix2>, threshold: T) -> Result<CsMat<T>>
where
    T: Float,
    S: Data<Elem = T>,
{
    check_threshold("csc_from_dense", threshold)?;
    // The CSC of x is the CSR of x^T, reinterpreted.
    Ok(csr_from_dense(&x.t(), threshold)?.transpose_into())
}

/// `A @ X` for a sparse `A` (CSR or CSC) and a dense `X`, giving a dense array.
///
/// Each output row `i` is `sum_k A[i, k] · X[k, :]` over the non-zeros of row `i` of `A`:
/// `2 · nnz · n` flops, rows in parallel (rayon). A CSC input is converted to CSR first
/// (`O(nnz)`).
///
/// ```
/// use ndarray::{array, Array2};
/// let a = tensors::sparse::csr_from_triplets((2, 3), &[0, 1], &[2, 0], &[2.0, -1.0])?;
/// let x = array![[1.0], [2.0], [3.0]];
/// assert_eq!(tensors::sparse::sparse_dense_matmul(&a, &x)?, array![[6.0], [-1.0]]);
/// let err = tensors::sparse::sparse_dense_matmul(&a, &Array2::<f64>::zeros((2, 2))).unwrap_err();
/// assert_eq!(err.to_string(), "sparse_dense_matmul: shapes (2, 3) and (2, 2) are not aligned: 3 != 2");
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::ShapeMismatch`] if `A.cols() != X.nrows()`.
pub fn sparse_dense_matmul<T, S>(a: &CsMat<T>, x: &ArrayBase<S, Ix2>) -> Result<Array2<T>>
where
    T: Float + Default,
    S: Data<Elem = T>,
{
    check_aligned("sparse_dense_matmul", (a.rows(), a.cols()), x.dim())?;
    let csr_owned;
    let csr = if a.is_csr() {
        a
    } else {
        csr_owned = a.to_csr();
        &csr_owned
    };
    let x = x.view();
    let mut out = Array2::zeros((a.rows(), x.ncols()));
    let indptr = csr.indptr();
    let indptr = indptr.raw_storage();
    let (indices, data) = (csr.indices(), csr.data());
    Zip::indexed(out.rows_mut()).par_for_each(|i, mut row| {
        for p in indptr[i]..indptr[i + 1] {
            row.scaled_add(data[p], &x.row(indices[p]));
        }
    });
    Ok(out)
}

/// `X @ A` for a dense `X` and a sparse `A` (CSR or CSC), giving a dense array.
///
/// Output row `m` is `sum_k X[m, k] · A[k, :]`, reading row `k` of `A` in CSR: `2 · nnz ·
/// rows(X)` flops, rows of `X` in parallel. Typical use: a dense batch of embeddings times
/// a sparse projection, or `W @ A` with `A` a sparse feature matrix transposed.
///
/// ```
/// use ndarray::array;
/// let a = tensors::sparse::csc_from_triplets((2, 3), &[0, 1], &[2, 0], &[2.0, -1.0])?;
/// let x = array![[1.0, 10.0]];
/// assert_eq!(tensors::sparse::dense_sparse_matmul(&x, &a)?, array![[-10.0, 0.0, 2.0]]);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::ShapeMismatch`] if `X.ncols() != A.rows()`.
pub fn dense_sparse_matmul<T, S>(x: &ArrayBase<S, Ix2>, a: &CsMat<T>) -> Result<Array2<T>>
where
    T: Float + Default,
    S: Data<Elem = T>,
{
    check_aligned("dense_sparse_matmul", x.dim(), (a.rows(), a.cols()))?;
    let csr_owned;
    let csr = if a.is_csr() {
        a
    } else {
        csr_owned = a.to_csr();
        &csr_owned
    };
    let indptr = csr.indptr();
    let indptr = indptr.raw_storage();
    let (indices, data) = (csr.indices(), csr.data());
    let mut out = Array2::zeros((x.nrows(), a.cols()));
    Zip::from(out.rows_mut())
        .and(x.rows())
        .par_for_each(|mut out_row, x_row| {
            for (k, &xk) in x_row.iter().enumerate() {
                if xk == T::zero() {
                    continue;
                }
                for p in indptr[k]..indptr[k + 1] {
                    out_row[indices[p]] += xk * data[p];
                }
            }
        });
    Ok(out)
}

fn check_aligned(op: &'static str, a: (usize, usize), b: (usize, usize)) -> Result<()> {
    if a.1 != b.0 {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "shapes {} and {} are not aligned: {} != {}",
                shape(&[a.0, a.1]),
                shape(&[b.0, b.1]),
                a.1,
                b.0
            ),
        });
    }
    Ok(())
}

/// Storage of a sparse matrix against its dense equivalent: [`memory_report`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemoryReport {
    /// `(rows, cols)`.
    pub shape: (usize, usize),
    /// Number of stored entries.
    pub nnz: usize,
    /// `nnz / (rows · cols)`.
    pub density: f64,
    /// Bytes of `indptr + indices + data`.
    pub sparse_bytes: usize,
    /// Bytes of the dense `rows × cols` array of the same element type.
    pub dense_bytes: usize,
}

impl MemoryReport {
    /// `dense_bytes / sparse_bytes`: how many times smaller the sparse storage is.
    pub fn savings(&self) -> f64 {
        self.dense_bytes as f64 / self.sparse_bytes.max(1) as f64
    }
}

fn human(bytes: usize) -> String {
    let b = bytes as f64;
    match bytes {
        0..=1023 => format!("{bytes} B"),
        1024..=1_048_575 => format!("{:.1} KiB", b / 1024.0),
        1_048_576..=1_073_741_823 => format!("{:.1} MiB", b / 1_048_576.0),
        _ => format!("{:.2} GiB", b / 1_073_741_824.0),
    }
}

impl fmt::Display for MemoryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "shape ({}, {}), nnz {}, density {:.3e}: sparse {} vs dense {} ({:.1}x smaller)",
            self.shape.0,
            self.shape.1,
            self.nnz,
            self.density,
            human(self.sparse_bytes),
            human(self.dense_bytes),
            self.savings()
        )
    }
}

/// Bytes used by a CSR/CSC matrix (`indptr`, `indices`, `data`) and by the dense array
/// it represents: SciPy's `A.data.nbytes + A.indices.nbytes + A.indptr.nbytes` against
/// `A.toarray().nbytes`, without building the dense array.
///
/// ```
/// let a = tensors::sparse::one_hot::<f32>(&[0, 2, 1, 2], 3)?;
/// let r = tensors::sparse::memory_report(&a);
/// // indptr 5 x 8 bytes, indices 4 x 8 bytes, data 4 x 4 bytes
/// assert_eq!(r.sparse_bytes, 5 * 8 + 4 * 8 + 4 * 4);
/// assert_eq!(r.dense_bytes, 4 * 3 * 4);
/// # Ok::<(), tensors::Error>(())
/// ```
pub fn memory_report<T>(a: &CsMat<T>) -> MemoryReport {
    let (m, n) = (a.rows(), a.cols());
    let outer = if a.is_csr() { m } else { n };
    let idx = std::mem::size_of::<usize>();
    let val = std::mem::size_of::<T>();
    let cells = m.saturating_mul(n);
    MemoryReport {
        shape: (m, n),
        nnz: a.nnz(),
        density: if cells == 0 {
            0.0
        } else {
            a.nnz() as f64 / cells as f64
        },
        sparse_bytes: (outer + 1) * idx + a.nnz() * (idx + val),
        dense_bytes: cells.saturating_mul(val),
    }
}

/// One-hot encoding of integer labels as a CSR matrix `(n, n_classes)` with a single 1
/// per row: `sparse.csr_array((np.ones(n), (np.arange(n), y)), shape=(n, n_classes))`.
///
/// Built directly in CSR form (`indptr = 0..=n`), `O(n)`.
///
/// ```
/// let y = tensors::sparse::one_hot::<f64>(&[2, 0], 3)?;
/// assert_eq!(y.to_dense(), ndarray::array![[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]);
/// let err = tensors::sparse::one_hot::<f64>(&[3], 3).unwrap_err();
/// assert_eq!(err.to_string(), "one_hot: label 3 at index 0 is out of range for 3 classes");
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] if a label is `>= n_classes`.
pub fn one_hot<T: Float>(labels: &[usize], n_classes: usize) -> Result<CsMat<T>> {
    if let Some((i, &l)) = labels.iter().enumerate().find(|&(_, &l)| l >= n_classes) {
        return Err(Error::InvalidArgument {
            op: "one_hot",
            detail: format!("label {l} at index {i} is out of range for {n_classes} classes"),
        });
    }
    let n = labels.len();
    Ok(CsMat::new(
        (n, n_classes),
        (0..=n).collect(),
        labels.to_vec(),
        vec![T::one(); n],
    ))
}

/// Token counts per document as a CSR matrix `(n_docs, vocab_size)`: what
/// scikit-learn's `CountVectorizer().fit_transform(docs)` returns, from documents
/// already turned into token ids.
///
/// ```
/// let docs = vec![vec![0, 2, 2], vec![1]];
/// let x = tensors::sparse::bag_of_words::<f64>(&docs, 3)?;
/// assert_eq!(x.to_dense(), ndarray::array![[1.0, 0.0, 2.0], [0.0, 1.0, 0.0]]);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// Cost: `O(tokens + n_docs)` plus a sort of each document's distinct ids.
///
/// # Errors
/// [`Error::InvalidArgument`] if a token id is `>= vocab_size`.
pub fn bag_of_words<T: Float>(docs: &[Vec<usize>], vocab_size: usize) -> Result<CsMat<T>> {
    let mut indptr = Vec::with_capacity(docs.len() + 1);
    indptr.push(0);
    let mut indices = Vec::new();
    let mut data = Vec::new();
    let mut ids: Vec<usize> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        if let Some(&t) = doc.iter().find(|&&t| t >= vocab_size) {
            return Err(Error::InvalidArgument {
                op: "bag_of_words",
                detail: format!(
                    "token id {t} in document {d} is out of range for a vocabulary of {vocab_size}"
                ),
            });
        }
        ids.clear();
        ids.extend_from_slice(doc);
        ids.sort_unstable();
        for run in ids.chunk_by(|a, b| a == b) {
            indices.push(run[0]);
            data.push(T::from_f64(run.len() as f64));
        }
        indptr.push(indices.len());
    }
    Ok(CsMat::new((docs.len(), vocab_size), indptr, indices, data))
}

/// Row sums of a sparse matrix (`np.asarray(A.sum(axis=1)).ravel()`), for document
/// lengths or class counts.
///
/// ```
/// let x = tensors::sparse::bag_of_words::<f64>(&[vec![0, 0, 1], vec![]], 2)?;
/// assert_eq!(tensors::sparse::row_sums(&x).to_vec(), [3.0, 0.0]);
/// # Ok::<(), tensors::Error>(())
/// ```
pub fn row_sums<T: Float>(a: &CsMat<T>) -> ndarray::Array1<T> {
    let mut out = ndarray::Array1::zeros(a.rows());
    for (v, (i, _)) in a.iter() {
        out[i] += *v;
    }
    out
}
