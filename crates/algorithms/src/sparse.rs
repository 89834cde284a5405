//! Mostly-zero matrices in compressed-row form, for products that skip the zeros.
//!
//! An MNIST image is 81% background: 0.0 after scaling by 1/255. In the first layer of an
//! MLP, `X @ W` and `X.T @ dZ` spend four multiply-adds in five on those zeros. Stored as
//! compressed rows (CSR: for each row, the columns and values of its nonzeros), a batch is
//! multiplied at a cost proportional to its nonzeros instead of its size. This is what
//! `scipy.sparse.csr_matrix(X) @ W` does, and what scikit-learn's `MLPClassifier` does when
//! it is given a sparse `X`; here the layer chooses it by itself when a batch is sparse
//! enough (see [`Compressed::rows_of`]).
//!
//! Chapter 3's `tensors::sparse` holds the same format (sprs' `CsMat`). It is not used
//! here: on 469 batches of 128 x 784 at MNIST's density, its `csr_from_dense`, `X @ W` and
//! `X.T @ G` took 0.08, 0.2 and 1.45 s per epoch, against 0.02, 0.06 and 0.08 s for the
//! kernels below (256-bit registers, both cores). sprs' products are scalar and
//! single-threaded, and it has no way to stop packing once a batch turns out to be dense.

use ndarray::{Array2, ArrayView1, ArrayView2};
use rayon::prelude::*;

use crate::Float;

/// A matrix by rows, keeping only the nonzero entries: row `i`'s are at
/// `starts[i]..starts[i + 1]` in `indices` (their columns) and `values`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Compressed<F> {
    starts: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<F>,
    /// No value is NaN or infinite (checked while packing, at no extra pass over `x`).
    finite: bool,
}

/// Rows per parallel task of the products and of [`Compressed::select_rows_of`].
const ROWS_PER_TASK: usize = 16;

impl<F: Float> Compressed<F> {
    /// The nonzeros of the `nrows` rows of length `n` that `rows` yields, or `None` when
    /// more than `max_density * nrows * n` of the entries are nonzero (the dense product
    /// is then the faster one) or a column index does not fit in `u32`.
    ///
    /// One pass, stopping at the first row that passes the limit. Each row is packed by
    /// [`crate::simd::compress_nonzero`] (no branch on which entries are zero, which is
    /// unpredictable for pixels), and the next row is prefetched meanwhile: rows picked
    /// at random from a large `x` come from main memory.
    pub(crate) fn rows_of<'a, I>(
        rows: I,
        (nrows, n): (usize, usize),
        max_density: f64,
    ) -> Option<Self>
    where
        I: IntoIterator<Item = ArrayView1<'a, F>>,
    {
        if n > u32::MAX as usize {
            return None;
        }
        let limit = (max_density * (nrows * n) as f64) as usize;
        let mut c = Compressed {
            starts: Vec::with_capacity(nrows + 1),
            indices: Vec::new(),
            values: Vec::new(),
            finite: true,
        };
        c.starts.push(0);
        // Each row is packed into scratch space (in L1) and its nonzeros copied on.
        let (mut idx, mut val) = (vec![0u32; n + 8], vec![F::zero(); n + 8]);
        let mut buf = Vec::new();
        let mut rows = rows.into_iter().peekable();
        while let Some(row) = rows.next() {
            if let Some(next) = rows.peek().and_then(|r| r.as_slice()) {
                crate::simd::prefetch(next);
            }
            let row = match row.as_slice() {
                Some(r) => r,
                None => {
                    buf.clear();
                    buf.extend(row.iter().copied());
                    &buf[..]
                }
            };
            let k = crate::simd::compress_nonzero(row, &mut idx, &mut val);
            if c.values.len() + k > limit {
                return None;
            }
            c.finite &= crate::check::all_finite(&val[..k]);
            c.indices.extend_from_slice(&idx[..k]);
            c.values.extend_from_slice(&val[..k]);
            c.starts.push(c.values.len());
        }
        Some(c)
    }

    /// [`rows_of`](Self::rows_of) for the rows `rows` of `x` (a mini-batch), in parallel
    /// over parts of [`ROWS_PER_TASK`] rows, the parts then joined. Reading rows scattered
    /// over a large `x` waits on memory, so two threads read twice as fast.
    pub(crate) fn select_rows_of(
        x: ArrayView2<'_, F>,
        rows: &[usize],
        max_density: f64,
    ) -> Option<Self> {
        let parts: Option<Vec<Self>> = rows
            .par_chunks(ROWS_PER_TASK)
            .map(|part| {
                Self::rows_of(
                    part.iter().map(|&i| x.row(i)),
                    (part.len(), x.ncols()),
                    max_density,
                )
            })
            .collect();
        Some(Self::join(parts?, rows.len()))
    }

    /// The rows of `parts`, one after the other (`nrows` in all).
    fn join(parts: Vec<Self>, nrows: usize) -> Self {
        let nnz = parts.iter().map(|p| p.values.len()).sum();
        let mut all = Compressed {
            starts: Vec::with_capacity(nrows + 1),
            indices: Vec::with_capacity(nnz),
            values: Vec::with_capacity(nnz),
            finite: parts.iter().all(|p| p.finite),
        };
        all.starts.push(0);
        for p in parts {
            let offset = all.values.len();
            all.starts.extend(p.starts[1..].iter().map(|s| s + offset));
            all.indices.extend_from_slice(&p.indices);
            all.values.extend_from_slice(&p.values);
        }
        all
    }

    /// Whether every value is finite (zeros are; the nonzeros were checked as they were
    /// packed): the input check of a fit, made on the pass that packs the batches.
    pub(crate) fn is_finite(&self) -> bool {
        self.finite
    }

    /// Number of rows.
    pub(crate) fn nrows(&self) -> usize {
        self.starts.len() - 1
    }

    /// `out += self @ m` for `out` of shape `(self.nrows(), m.ncols())` in standard
    /// layout, and `m` with a row for every column index. Parallel over blocks of rows of
    /// `out`; row `i` costs `nnz(i) * m.ncols()` multiply-adds.
    ///
    /// # Panics
    /// If the shapes do not fit or `out` is not in standard layout (callers make `out`
    /// and check the shapes).
    pub(crate) fn add_product_to(&self, m: ArrayView2<'_, F>, out: &mut Array2<F>) {
        let n = m.ncols();
        assert_eq!(
            out.dim(),
            (self.nrows(), n),
            "Compressed::add_product_to: shapes"
        );
        let m = m.as_standard_layout();
        let m = m.as_slice().expect("standard layout");
        let out = out.as_slice_mut().expect("a new array, in standard layout");
        if n == 0 {
            return;
        }
        out.par_chunks_mut(ROWS_PER_TASK * n)
            .enumerate()
            .for_each(|(t, block)| {
                for (r, row) in block.chunks_exact_mut(n).enumerate() {
                    let lane = self.lane(t * ROWS_PER_TASK + r);
                    crate::simd::add_sparse_product(
                        row,
                        &self.indices[lane.clone()],
                        &self.values[lane],
                        m,
                    );
                }
            });
    }

    /// Where row `i`'s entries are in `indices` and `values`.
    fn lane(&self, i: usize) -> std::ops::Range<usize> {
        self.starts[i]..self.starts[i + 1]
    }

    /// `self^T @ g` for `g` with one row per row of `self`, where `self` has `ncols`
    /// columns: the weight gradient `X^T dZ` of a layer with sparse input `X`.
    ///
    /// Row `i` of `self` adds `x_ik g_i` into row `k` of the result for each of its
    /// nonzeros `x_ik` (an outer product restricted to the nonzeros), so no transpose of
    /// `self` is built. The rows of the result are split between threads into ranges
    /// holding about equal numbers of nonzeros; each thread reads every row's entries in
    /// its range (they are sorted, so the range is found by bisection).
    ///
    /// # Panics
    /// If `g.nrows() != self.nrows()` or an entry's column is `>= ncols`.
    pub(crate) fn t_dot(&self, g: ArrayView2<'_, F>, ncols: usize) -> Array2<F> {
        assert_eq!(g.nrows(), self.nrows(), "Compressed::t_dot: rows");
        let n = g.ncols();
        let mut out = Array2::zeros((ncols, n));
        if n == 0 || ncols == 0 || self.values.is_empty() {
            return out;
        }
        let g = g.as_standard_layout();
        let g = g.as_slice().expect("standard layout");
        let bounds = self.balanced_column_ranges(ncols, 2 * rayon::current_num_threads());
        let out_rows = out.as_slice_mut().expect("a new array");
        let mut parts = Vec::with_capacity(bounds.len());
        let mut rest = out_rows;
        for w in bounds.windows(2) {
            let (part, tail) = rest.split_at_mut((w[1] - w[0]) * n);
            parts.push((w[0], part));
            rest = tail;
        }
        parts.into_par_iter().for_each(|(k0, part)| {
            let k1 = k0 + part.len() / n;
            for i in 0..self.nrows() {
                let lane = self.lane(i);
                let (idx, val) = (&self.indices[lane.clone()], &self.values[lane]);
                let a = idx.partition_point(|&k| (k as usize) < k0);
                let b = idx.partition_point(|&k| (k as usize) < k1);
                crate::simd::add_sparse_outer(
                    part,
                    k0,
                    &idx[a..b],
                    &val[a..b],
                    &g[i * n..(i + 1) * n],
                );
            }
        });
        out
    }

    /// Boundaries `0 = b_0 < ... = ncols` of at most `parts` column ranges with about
    /// equal numbers of entries.
    fn balanced_column_ranges(&self, ncols: usize, parts: usize) -> Vec<usize> {
        let mut counts = vec![0usize; ncols];
        for &k in &self.indices {
            counts[k as usize] += 1;
        }
        let per_part = self.values.len().div_ceil(parts.max(1)).max(1);
        let mut bounds = vec![0];
        let mut acc = 0;
        for (k, &c) in counts.iter().enumerate() {
            acc += c;
            if acc >= per_part && k + 1 < ncols {
                bounds.push(k + 1);
                acc = 0;
            }
        }
        bounds.push(ncols);
        bounds
    }
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, Axis};

    use super::Compressed;

    /// 6 x 9 with about a third of its entries nonzero.
    fn x() -> Array2<f64> {
        Array2::from_shape_fn((6, 9), |(i, j)| {
            if (i * 4 + j * 7).is_multiple_of(3) {
                (i * 9 + j) as f64 * 0.5 - 7.0
            } else {
                0.0
            }
        })
    }

    #[test]
    fn a_matrix_denser_than_the_limit_is_refused() {
        let x = x();
        let nnz = x.iter().filter(|&&v| v != 0.0).count();
        let density = nnz as f64 / x.len() as f64;
        assert!(Compressed::rows_of(x.rows(), x.dim(), density).is_some());
        assert!(Compressed::rows_of(x.rows(), x.dim(), density - 0.01).is_none());
    }

    #[test]
    fn products_over_the_nonzeros_equal_the_dense_products() {
        let x = x();
        let rows = [4, 0, 5, 2, 2, 1, 3];
        let picked = x.select(Axis(0), &rows);
        let c = Compressed::select_rows_of(x.view(), &rows, 1.0).unwrap();
        assert_eq!(
            c,
            Compressed::rows_of(picked.rows(), picked.dim(), 1.0).unwrap()
        );
        assert_eq!(c.nrows(), rows.len());

        let w = Array2::from_shape_fn((9, 70), |(i, j)| ((i * 3 + j) % 7) as f64 - 3.0);
        let mut z = Array2::from_elem((rows.len(), 70), 1.5);
        c.add_product_to(w.view(), &mut z);
        assert_eq!(z, picked.dot(&w) + 1.5);

        let g = Array2::from_shape_fn((rows.len(), 37), |(i, j)| ((i + 2 * j) % 5) as f64);
        assert_eq!(c.t_dot(g.view(), 9), picked.t().dot(&g));

        // 40 rows: parallel parts of 16, 16 and 8 rows, joined in order.
        let many: Vec<usize> = (0..40).map(|i| (i * 7) % 6).collect();
        let c = Compressed::select_rows_of(x.view(), &many, 1.0).unwrap();
        let picked = x.select(Axis(0), &many);
        assert_eq!(
            c,
            Compressed::rows_of(picked.rows(), picked.dim(), 1.0).unwrap()
        );
        let mut z = Array2::from_elem((40, 70), -0.5);
        c.add_product_to(w.view(), &mut z);
        assert_eq!(z, picked.dot(&w) - 0.5);
        // A limit below the density of one part refuses the whole batch.
        assert!(Compressed::select_rows_of(x.view(), &many, 0.2).is_none());
    }
}
