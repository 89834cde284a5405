//! # 3.2 Contractions and reductions: `np.tensordot`, `np.einsum`, `np.sum(axis=(...))`
//!
//! A *contraction* multiplies tensors and sums over shared axes. Matrix product, batched
//! matrix product, trace, inner and outer products, bilinear forms and attention scores
//! are all contractions, and `einsum` writes every one of them in one notation.
//!
//! | NumPy | Rust (`use tensors::*;`) | result |
//! |---|---|---|
//! | `np.tensordot(a, b, axes=2)` | [`tensordot(&a, &b, 2)?`](tensordot) | sum over the last 2 axes of `a` and the first 2 of `b` |
//! | `np.tensordot(a, b, axes=([1, 2], [0, 1]))` | [`tensordot(&a, &b, ([1, 2], [0, 1]))?`](tensordot) | sum over the paired axes |
//! | `np.einsum("ij,jk->ik", a, b)` | [`einsum!("ij,jk->ik", &a, &b)?`](crate::einsum!) | `a @ b`, as an [`ArrayD`] |
//! | `np.einsum("bhqd,bhkd->bhqk", q, k)` | [`einsum!("bhqd,bhkd->bhqk", &q, &k)?`](crate::einsum!) | attention scores |
//! | `np.einsum("ii", a)`, `np.einsum("ii->i", a)` | `einsum!("ii", &a)?`, `einsum!("ii->i", &a)?` | trace, diagonal |
//! | `np.einsum("...ij,...jk", a, b)` | `einsum!("...ij,...jk", &a, &b)?` | broadcast batch axes |
//! | `np.sum(x, axis=(0, 2), keepdims=True)` | [`sum(&x, &[0, 2], true)?`](sum) | multi-axis reduction |
//! | `np.mean`, `np.max`, `np.min` with `axis=(...)` | [`mean`], [`amax`], [`amin`] | same |
//!
//! ```
//! use ndarray::{array, Array4};
//! use tensors::einsum;
//!
//! let a = array![[1.0, 2.0], [3.0, 4.0]];
//! let b = array![[5.0, 6.0], [7.0, 8.0]];
//! // np.einsum("ij,jk->ik", a, b) == a @ b
//! let c = einsum!("ij,jk->ik", &a, &b)?;
//! assert_eq!(c, array![[19.0, 22.0], [43.0, 50.0]].into_dyn());
//! // np.einsum("ii", a) == np.trace(a)
//! assert_eq!(einsum!("ii", &a)?.first(), Some(&5.0)); // a 0-D array
//!
//! // Attention scores: q (batch, heads, queries, d) against k (batch, heads, keys, d).
//! let q = Array4::<f32>::ones((2, 4, 10, 16));
//! let k = Array4::<f32>::ones((2, 4, 12, 16));
//! let scores = einsum!("bhqd,bhkd->bhqk", &q, &k)?;
//! assert_eq!(scores.shape(), &[2, 4, 10, 12]);
//! assert_eq!(scores[[0, 0, 0, 0]], 16.0);
//! # Ok::<(), tensors::Error>(())
//! ```
//!
//! ## How `einsum` runs: a plan of matrix products
//! A naive `einsum` loops over every combination of every index: for attention
//! `bhqd,bhkd->bhqk` that is `b h q k d` iterations with no vectorisation, hundreds of
//! times slower than a GEMM. This implementation, like `np.einsum(..., optimize=True)`
//! and `opt_einsum`, turns the expression into matrix products:
//!
//! 1. **Diagonals**: an index repeated in one operand (`ii`) takes the diagonal (a small copy).
//! 2. **Early sums**: an index that appears in one operand only and not in the output is
//!    summed right away (`ij->i` is a row sum, no product needed).
//! 3. **Pairwise contractions**: while more than one operand remains, the pair whose
//!    result is smallest is contracted. For the pair, every index is *batch* (in both,
//!    still needed), *contracted* (in both, not needed later), or *free* (in one of them).
//!    Each operand is permuted to `(batch, free, contracted)` / `(batch, contracted,
//!    free)`, reshaped to 3-D (a copy only if the permutation is not already contiguous),
//!    and multiplied with [`linalg::matmul`], the parallel GEMM of chapter 2.
//! 4. **Output**: the last operand is permuted to the requested index order and
//!    broadcast over length-1 axes.
//!
//! So `ij,jk->ik` is one GEMM, `bhqd,bhkd->bhqk` is one batched GEMM of `b h` matrices,
//! and a chain `ij,jk,kl->il` is two GEMMs.
//!
//! ## Subscript rules (NumPy's)
//! - Indices are single letters `a-z`, `A-Z`; spaces are ignored.
//! - **Explicit** output after `->`: each output index once, each must appear in an input.
//! - **Implicit** output (no `->`): the indices that appear exactly once, in alphabetical
//!   (ASCII) order, after the broadcast axes: `"ij,jk"` means `"ij,jk->ik"`, `"ji"`
//!   means `"ji->ij"` (a transpose!) and `"ii"` a trace.
//! - A repeated index in one operand takes a diagonal; an index absent from the output is
//!   summed over.
//! - `...` stands for the remaining axes, broadcast across operands like elementwise
//!   arithmetic (right-aligned, length 1 stretches). If the inputs have such axes, the
//!   output must contain `...` too.
//! - An index of length 1 broadcasts against the same index of another length, as in
//!   NumPy.
//!
//! ## When not to use
//! `einsum` always returns a new array, also for `"ij->ji"`, which NumPy returns as a view;
//! use [`permute`](crate::permute) for a view. A plain `a @ b` reads better as
//! [`linalg::matmul`]. Complex products of many operands benefit from choosing the order by
//! hand when you know the shapes (the greedy order here is good, not always optimal).

use crate::error::{Error, Result, norm_axes, norm_axis, shape};
use linalg::Float;
use ndarray::{
    ArrayBase, ArrayD, ArrayViewD, Axis, CowArray, Data, Dimension, Ix2, Ix3, IxDyn, LinalgScalar,
};

/// Which axes [`tensordot`] sums over: NumPy's `axes=` argument.
///
/// Build it with `From`: an integer `n` (the last `n` axes of `a` with the first `n` of
/// `b`), or a pair of lists (`([1, 2], [0, 1])`: axis 1 of `a` with axis 0 of `b`, axis 2
/// with axis 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Axes {
    /// `axes=n`.
    Last(usize),
    /// `axes=(a_axes, b_axes)`, paired elementwise; negative axes count from the end.
    Pairs(Vec<isize>, Vec<isize>),
}

impl From<usize> for Axes {
    fn from(n: usize) -> Self {
        Axes::Last(n)
    }
}

impl<const N: usize> From<([isize; N], [isize; N])> for Axes {
    fn from((a, b): ([isize; N], [isize; N])) -> Self {
        Axes::Pairs(a.to_vec(), b.to_vec())
    }
}

impl From<(Vec<isize>, Vec<isize>)> for Axes {
    fn from((a, b): (Vec<isize>, Vec<isize>)) -> Self {
        Axes::Pairs(a, b)
    }
}

/// Sum products over the given axes of `a` and `b`: `np.tensordot(a, b, axes)`.
///
/// The result has the free axes of `a` (in order) followed by the free axes of `b`.
/// `axes = 0` is the outer product, `axes = 1` on matrices the matrix product.
///
/// ```
/// use ndarray::{Array, Array3};
/// use tensors::tensordot;
/// let a = Array::from_iter(0..60).mapv(f64::from).into_shape_with_order((3, 4, 5)).unwrap();
/// let b = Array3::<f64>::ones((4, 5, 2));
/// // np.tensordot(a, b, axes=2): sum over (4, 5)
/// let c = tensordot(&a, &b, 2)?;
/// assert_eq!(c.shape(), &[3, 2]);
/// assert_eq!(c[[0, 0]], (0..20).sum::<i32>() as f64);
/// // np.tensordot(a, b, axes=([1], [0])) -> (3, 5, 5, 2)
/// assert_eq!(tensordot(&a, &b, ([1], [0]))?.shape(), &[3, 5, 5, 2]);
///
/// let err = tensordot(&a, &b, ([0], [0])).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "tensordot: shape-mismatch for sum: axis 0 of a (shape (3, 4, 5)) has length 3 but axis 0 of b (shape (4, 5, 2)) has length 4"
/// );
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// Cost: one GEMM of `(M, K) @ (K, N)` with `K` the product of the summed lengths, after
/// copying an operand only if its permuted axes are not contiguous.
///
/// # Errors
/// [`Error::InvalidArgument`] if `axes` names more axes than an operand has or the two
/// lists differ in length; [`Error::AxisOutOfBounds`]; [`Error::RepeatedAxis`];
/// [`Error::ShapeMismatch`] if paired axes differ in length.
pub fn tensordot<T, S1, S2, D1, D2>(
    a: &ArrayBase<S1, D1>,
    b: &ArrayBase<S2, D2>,
    axes: impl Into<Axes>,
) -> Result<ArrayD<T>>
where
    T: Float,
    S1: Data<Elem = T>,
    S2: Data<Elem = T>,
    D1: Dimension,
    D2: Dimension,
{
    const OP: &str = "tensordot";
    let (ax_a, ax_b) = match axes.into() {
        Axes::Last(n) => {
            if n > a.ndim() || n > b.ndim() {
                return Err(Error::InvalidArgument {
                    op: OP,
                    detail: format!(
                        "axes={n} but a has shape {} and b has shape {}",
                        shape(a.shape()),
                        shape(b.shape())
                    ),
                });
            }
            ((a.ndim() - n..a.ndim()).collect(), (0..n).collect())
        }
        Axes::Pairs(pa, pb) => {
            if pa.len() != pb.len() {
                return Err(Error::InvalidArgument {
                    op: OP,
                    detail: format!("axes lists {pa:?} and {pb:?} have different lengths"),
                });
            }
            (norm_axes(OP, &pa, a.ndim())?, norm_axes(OP, &pb, b.ndim())?)
        }
    };
    let ax_a: Vec<usize> = ax_a;
    let ax_b: Vec<usize> = ax_b;
    for (&i, &j) in ax_a.iter().zip(&ax_b) {
        if a.len_of(Axis(i)) != b.len_of(Axis(j)) {
            return Err(Error::ShapeMismatch {
                op: OP,
                detail: format!(
                    "shape-mismatch for sum: axis {i} of a (shape {}) has length {} but axis {j} of b (shape {}) has length {}",
                    shape(a.shape()),
                    a.len_of(Axis(i)),
                    shape(b.shape()),
                    b.len_of(Axis(j))
                ),
            });
        }
    }
    let free_a: Vec<usize> = (0..a.ndim()).filter(|i| !ax_a.contains(i)).collect();
    let free_b: Vec<usize> = (0..b.ndim()).filter(|i| !ax_b.contains(i)).collect();
    let len = |x: &[usize], dims: &[usize]| -> usize { x.iter().map(|&i| dims[i]).product() };
    let (m, k, n) = (
        len(&free_a, a.shape()),
        len(&ax_a, a.shape()),
        len(&free_b, b.shape()),
    );
    let order_a: Vec<usize> = free_a.iter().chain(&ax_a).copied().collect();
    let order_b: Vec<usize> = ax_b.iter().chain(&free_b).copied().collect();
    let a2 = to_matrix(a.view().into_dyn().permuted_axes(IxDyn(&order_a)), m, k);
    let b2 = to_matrix(b.view().into_dyn().permuted_axes(IxDyn(&order_b)), k, n);
    let c = linalg::matmul(&a2, &b2)?;
    let mut out_shape: Vec<usize> = free_a.iter().map(|&i| a.len_of(Axis(i))).collect();
    out_shape.extend(free_b.iter().map(|&i| b.len_of(Axis(i))));
    Ok(c.into_shape_with_order(IxDyn(&out_shape))
        .expect("m * n elements"))
}

/// Reshape a (possibly permuted) view to `(rows, cols)`, copying only if needed: a 2-D
/// view of any strides (a transpose) goes to GEMM as it is, a contiguous one is reshaped
/// in place, anything else is copied to row-major order first.
pub(crate) fn to_matrix<T: Clone>(
    v: ArrayViewD<'_, T>,
    rows: usize,
    cols: usize,
) -> CowArray<'_, T, Ix2> {
    if v.shape() == [rows, cols] {
        return v.into_dimensionality::<Ix2>().expect("2-D").into();
    }
    if v.is_standard_layout() {
        return v
            .into_shape_with_order((rows, cols))
            .expect("contiguous, same size")
            .into();
    }
    v.as_standard_layout()
        .into_owned()
        .into_shape_with_order((rows, cols))
        .expect("contiguous, same size")
        .into()
}

/// `np.einsum(subscripts, *operands)`: Einstein summation, planned as matrix products.
///
/// Prefer the [`einsum!`](crate::einsum!) macro, which takes the arrays directly
/// (`einsum!("ij,jk->ik", &a, &b)`); this function takes dynamic-dimensional views
/// (`a.view().into_dyn()`). See the [module docs](self) for the rules and the plan.
///
/// ```
/// use ndarray::{array, Array3};
/// use tensors::contract::einsum;
/// let x = array![1.0, 2.0, 3.0];
/// let m = array![[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0]];
/// // The bilinear form x^T M x: np.einsum("i,ij,j->", x, M, x)
/// let q = einsum("i,ij,j->", &[x.view().into_dyn(), m.view().into_dyn(), x.view().into_dyn()])?;
/// assert_eq!(q.first(), Some(&(1.0 + 8.0 + 27.0)));
///
/// // The batch diagonal: np.einsum("...ii->...i", a)
/// let a = Array3::from_shape_fn((2, 3, 3), |(b, i, j)| (100 * b + 10 * i + j) as f64);
/// let d = einsum("...ii->...i", &[a.view().into_dyn()])?;
/// assert_eq!(d, array![[0.0, 11.0, 22.0], [100.0, 111.0, 122.0]].into_dyn());
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Subscripts`], naming the subscript string and the bad index or operand:
/// an invalid character, a lone `.`, two `...` in one term, a number of terms different
/// from the number of operands, a term with more or fewer indices than its operand has
/// axes, an output index that is repeated or absent from the inputs, lengths of one index
/// that disagree, broadcast axes with no `...` in the output.
/// [`Error::Linalg`] cannot happen in practice (the shapes given to `matmul` are checked).
pub fn einsum<T: Float>(subscripts: &str, operands: &[ArrayViewD<'_, T>]) -> Result<ArrayD<T>> {
    let spec = parse(subscripts, operands)?;
    execute(spec, operands)
}

/// Einstein summation over arrays of any dimension: `np.einsum(subscripts, a, b, ...)`.
///
/// Expands to [`contract::einsum`](crate::contract::einsum)`(subscripts, &[a.view().into_dyn(), ...])`
/// and returns `Result<ArrayD<T>>`. Pass references (`&a`) or views (`a.t()`).
///
/// ```
/// use ndarray::array;
/// use tensors::einsum;
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// let v = array![1.0, 1.0];
/// // np.einsum("ij,j->i", a, v) == a @ v
/// assert_eq!(einsum!("ij,j->i", &a, &v)?, array![3.0, 7.0].into_dyn());
/// // np.einsum("i,j->ij", v, v): the outer product
/// assert_eq!(einsum!("i,j->ij", &v, &v)?.shape(), &[2, 2]);
/// // "ji" is implicit mode: output indices in alphabetical order, so a transpose.
/// assert_eq!(einsum!("ji", &a)?, a.t().into_dyn());
/// # Ok::<(), tensors::Error>(())
/// ```
#[macro_export]
macro_rules! einsum {
    ($subscripts:expr $(, $operand:expr)* $(,)?) => {
        $crate::contract::einsum($subscripts, &[$( ($operand).view().into_dyn() ),*])
    };
}

/// An index label: the ASCII code of a letter, or `ELLIPSIS + k` for the `k`-th broadcast
/// axis of `...` (counted from the left of the broadcast shape).
type Label = u16;
const ELLIPSIS: Label = 128;

/// A parsed subscript string, with every operand's axes labelled.
struct Spec {
    subscripts: String,
    /// One label per axis, per operand.
    inputs: Vec<Vec<Label>>,
    output: Vec<Label>,
    /// The length of every label (after broadcasting).
    sizes: std::collections::BTreeMap<Label, usize>,
}

fn label_name(l: Label) -> String {
    if l >= ELLIPSIS {
        format!("... axis {}", l - ELLIPSIS)
    } else {
        (l as u8 as char).to_string()
    }
}

enum Tok {
    Letter(Label),
    Ellipsis,
}

/// Split one term (`"b...ij"`) into letters and at most one ellipsis.
fn tokens(term: &str, what: &str, err: &dyn Fn(String) -> Error) -> Result<Vec<Tok>> {
    let bytes: Vec<u8> = term.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let mut toks = Vec::new();
    let mut i = 0;
    let mut seen_ellipsis = false;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_alphabetic() {
            toks.push(Tok::Letter(Label::from(c)));
            i += 1;
        } else if c == b'.' {
            if bytes.get(i..i + 3) != Some(b"...") {
                return Err(err(format!(
                    "{what} contains a '.' that is not part of an ellipsis ('...')"
                )));
            }
            if seen_ellipsis {
                return Err(err(format!(
                    "{what} contains more than one ellipsis ('...')"
                )));
            }
            seen_ellipsis = true;
            toks.push(Tok::Ellipsis);
            i += 3;
        } else {
            let ch = term[..]
                .chars()
                .find(|ch| !ch.is_ascii_alphabetic() && *ch != '.' && !ch.is_ascii_whitespace());
            return Err(err(format!(
                "invalid character '{}' in {what}: indices are letters a-z, A-Z, or '...'",
                ch.unwrap_or('?')
            )));
        }
    }
    Ok(toks)
}

fn parse<T>(subscripts: &str, operands: &[ArrayViewD<'_, T>]) -> Result<Spec> {
    let err = |detail: String| Error::Subscripts {
        subscripts: subscripts.to_string(),
        detail,
    };
    let (lhs, rhs) = match subscripts.split_once("->") {
        Some((l, r)) => {
            if r.contains("->") {
                return Err(err("more than one '->'".into()));
            }
            (l, Some(r))
        }
        None => (subscripts, None),
    };
    let terms: Vec<&str> = lhs.split(',').collect();
    if terms.len() != operands.len() {
        return Err(err(format!(
            "{} operand(s) given but the subscripts name {}",
            operands.len(),
            terms.len()
        )));
    }
    // Tokenise and find how many axes '...' stands for in each operand.
    let mut toks = Vec::with_capacity(terms.len());
    let mut n_ell = 0;
    for (i, (term, op)) in terms.iter().zip(operands).enumerate() {
        let t = tokens(term, &format!("operand {i}"), &err)?;
        let letters = t.iter().filter(|t| matches!(t, Tok::Letter(_))).count();
        let has_ell = t.len() > letters;
        if letters > op.ndim() || (!has_ell && letters != op.ndim()) {
            return Err(err(format!(
                "operand {i} has shape {} ({} dimension(s)) but its subscripts '{}' name {letters}{}",
                shape(op.shape()),
                op.ndim(),
                term.trim(),
                if has_ell || letters > op.ndim() {
                    ""
                } else {
                    " (use '...' for the others)"
                }
            )));
        }
        n_ell = n_ell.max(op.ndim() - letters);
        toks.push(t);
    }
    // Label every axis; check lengths agree (length 1 broadcasts).
    let mut sizes = std::collections::BTreeMap::<Label, usize>::new();
    let mut counts = std::collections::BTreeMap::<Label, usize>::new();
    let mut inputs = Vec::with_capacity(operands.len());
    for (i, (t, op)) in toks.iter().zip(operands).enumerate() {
        let letters = t.iter().filter(|t| matches!(t, Tok::Letter(_))).count();
        let e = op.ndim() - letters;
        let mut labels = Vec::with_capacity(op.ndim());
        for tok in t {
            match tok {
                Tok::Letter(l) => labels.push(*l),
                Tok::Ellipsis => labels.extend((n_ell - e..n_ell).map(|k| ELLIPSIS + k as Label)),
            }
        }
        let mut own = std::collections::BTreeMap::<Label, usize>::new();
        for (ax, &l) in labels.iter().enumerate() {
            let len = op.len_of(Axis(ax));
            if let Some(&prev) = own.get(&l) {
                if prev != len {
                    return Err(err(format!(
                        "index '{}' is repeated in operand {i} (shape {}) with different lengths {prev} and {len}",
                        label_name(l),
                        shape(op.shape())
                    )));
                }
                continue;
            }
            own.insert(l, len);
            *counts.entry(l).or_insert(0) += 1;
            match sizes.get(&l).copied() {
                None => {
                    sizes.insert(l, len);
                }
                Some(s) if s == len || len == 1 => {}
                Some(1) => {
                    sizes.insert(l, len);
                }
                Some(s) => {
                    return Err(err(format!(
                        "index '{}' has length {s} in an earlier operand but {len} in operand {i} (shape {})",
                        label_name(l),
                        shape(op.shape())
                    )));
                }
            }
        }
        // Repeated letters inside one term count once per appearance for implicit mode.
        for tok in t {
            if let Tok::Letter(l) = tok {
                let n = labels.iter().filter(|&&m| m == *l).count();
                if n > 1 {
                    *counts.entry(*l).or_insert(0) += n - 1;
                }
            }
        }
        inputs.push(labels);
    }
    let ell_labels: Vec<Label> = (0..n_ell).map(|k| ELLIPSIS + k as Label).collect();
    let output = match rhs {
        None => {
            let mut out = ell_labels;
            out.extend(
                counts
                    .iter()
                    .filter(|&(&l, &c)| l < ELLIPSIS && c == 1)
                    .map(|(&l, _)| l),
            );
            out
        }
        Some(r) => {
            let t = tokens(r, "the output", &err)?;
            let mut out = Vec::new();
            let mut has_ell = false;
            for tok in t {
                match tok {
                    Tok::Letter(l) => {
                        if out.contains(&l) {
                            return Err(err(format!(
                                "output index '{}' appears more than once",
                                label_name(l)
                            )));
                        }
                        if !sizes.contains_key(&l) {
                            return Err(err(format!(
                                "output index '{}' does not appear in the inputs",
                                label_name(l)
                            )));
                        }
                        out.push(l);
                    }
                    Tok::Ellipsis => {
                        has_ell = true;
                        out.extend(&ell_labels);
                    }
                }
            }
            if !has_ell && n_ell > 0 {
                return Err(err(format!(
                    "the inputs broadcast over '...' ({n_ell} dimension(s)) but the output has no '...'"
                )));
            }
            out
        }
    };
    Ok(Spec {
        subscripts: subscripts.to_string(),
        inputs,
        output,
        sizes,
    })
}

/// An intermediate operand: a borrowed input or an owned intermediate, with one label per
/// axis (all distinct).
struct Term<'a, T> {
    array: CowArray<'a, T, IxDyn>,
    labels: Vec<Label>,
}

/// Take the diagonal over repeated labels: `"iij"` with shape `(n, n, m)` -> `"ij"`, `(n, m)`.
/// Without repeated labels the input is borrowed as it is.
fn diagonal<'a, T: Float>(a: ArrayViewD<'a, T>, labels: &[Label]) -> Term<'a, T> {
    let mut unique: Vec<Label> = Vec::new();
    for &l in labels {
        if !unique.contains(&l) {
            unique.push(l);
        }
    }
    if unique.len() == labels.len() {
        return Term {
            array: a.into(),
            labels: unique,
        };
    }
    // Axis of the result that each input axis reads its index from.
    let src: Vec<usize> = labels
        .iter()
        .map(|l| unique.iter().position(|u| u == l).expect("collected above"))
        .collect();
    let dims: Vec<usize> = unique
        .iter()
        .map(|u| a.len_of(Axis(labels.iter().position(|l| l == u).expect("present"))))
        .collect();
    let mut idx = vec![0usize; labels.len()];
    let array = ArrayD::from_shape_fn(IxDyn(&dims), |out| {
        for (k, &s) in src.iter().enumerate() {
            idx[k] = out[s];
        }
        a[IxDyn(&idx)]
    });
    Term {
        array: array.into(),
        labels: unique,
    }
}

/// Sum the axes whose labels are not in `keep`.
fn sum_out<'a, T: Float>(mut t: Term<'a, T>, keep: &dyn Fn(Label) -> bool) -> Term<'a, T> {
    for ax in (0..t.labels.len()).rev() {
        if !keep(t.labels[ax]) {
            t.array = t.array.sum_axis(Axis(ax)).into();
            t.labels.remove(ax);
        }
    }
    t
}

fn execute<T: Float>(spec: Spec, operands: &[ArrayViewD<'_, T>]) -> Result<ArrayD<T>> {
    // 1-2: diagonals, then sum indices used by one operand only.
    let mut terms: Vec<Term<'_, T>> = Vec::with_capacity(operands.len());
    for (i, (op, labels)) in operands.iter().zip(&spec.inputs).enumerate() {
        let t = diagonal(op.view(), labels);
        let keep = |l: Label| {
            spec.output.contains(&l)
                || spec
                    .inputs
                    .iter()
                    .enumerate()
                    .any(|(j, ls)| j != i && ls.contains(&l))
        };
        terms.push(sum_out(t, &keep));
    }
    // 3: contract the pair with the smallest result until one term remains.
    while terms.len() > 1 {
        let (i, j) = cheapest_pair(&terms, &spec);
        let b = terms.remove(j);
        let a = terms.remove(i);
        let keep: Vec<Label> = needed_labels(&terms, &spec.output);
        terms.push(contract_pair(a, b, &keep)?);
    }
    // 4: permute to the output order and broadcast length-1 axes.
    let last = terms.pop().ok_or_else(|| Error::Subscripts {
        subscripts: spec.subscripts.clone(),
        detail: "no operands".into(),
    })?;
    let last = sum_out(last, &|l| spec.output.contains(&l));
    let order: Vec<usize> = spec
        .output
        .iter()
        .map(|l| {
            last.labels
                .iter()
                .position(|m| m == l)
                .expect("output labels survive")
        })
        .collect();
    let out_shape: Vec<usize> = spec.output.iter().map(|l| spec.sizes[l]).collect();
    let permuted = last.array.view().permuted_axes(IxDyn(&order));
    let b = permuted
        .broadcast(IxDyn(&out_shape))
        .expect("lengths differ only where one is 1");
    if b.is_standard_layout() && !last.array.is_view() && b.shape() == last.array.shape() {
        // An owned intermediate already in output order: hand it over without copying.
        return Ok(last.array.into_owned());
    }
    Ok(b.as_standard_layout().into_owned())
}

/// Labels still needed by the remaining terms or the output.
fn needed_labels<T>(terms: &[Term<'_, T>], output: &[Label]) -> Vec<Label> {
    let mut keep: Vec<Label> = output.to_vec();
    for t in terms {
        keep.extend(&t.labels);
    }
    keep
}

/// The pair of terms whose contraction has the fewest elements (greedy order).
fn cheapest_pair<T>(terms: &[Term<'_, T>], spec: &Spec) -> (usize, usize) {
    let mut best = (0, 1);
    let mut best_size = usize::MAX;
    for i in 0..terms.len() {
        for j in i + 1..terms.len() {
            let keep = |l: &Label| {
                spec.output.contains(l)
                    || terms
                        .iter()
                        .enumerate()
                        .any(|(k, t)| k != i && k != j && t.labels.contains(l))
            };
            let mut labels: Vec<Label> = terms[i].labels.clone();
            labels.extend(
                terms[j]
                    .labels
                    .iter()
                    .filter(|l| !terms[i].labels.contains(l)),
            );
            let size = labels
                .iter()
                .filter(|l| keep(l))
                .fold(1usize, |acc, l| acc.saturating_mul(spec.sizes[l]));
            if size < best_size {
                best_size = size;
                best = (i, j);
            }
        }
    }
    best
}

/// Length of the axis labelled `l` in term `t`.
fn len_of<T>(t: &Term<'_, T>, l: Label) -> usize {
    let ax = t
        .labels
        .iter()
        .position(|&m| m == l)
        .expect("label of this term");
    t.array.len_of(Axis(ax))
}

/// Make a shared index the same length in both terms (one of them may have length 1):
/// a summed index is summed in the longer term (`sum_j a[0] b[j] = a[0] sum_j b[j]`), a
/// batch index is broadcast (copied) in the shorter one.
fn align_lengths<'a, T: Float>(
    mut t: Term<'a, T>,
    l: Label,
    other_len: usize,
    summed: bool,
) -> Term<'a, T> {
    let ax = t
        .labels
        .iter()
        .position(|&m| m == l)
        .expect("label of this term");
    let len = t.array.len_of(Axis(ax));
    if len == other_len {
        return t;
    }
    if summed && other_len == 1 {
        t.array = t.array.sum_axis(Axis(ax)).insert_axis(Axis(ax)).into();
    } else if !summed && len == 1 {
        let mut dims = t.array.shape().to_vec();
        dims[ax] = other_len;
        let b = t
            .array
            .broadcast(IxDyn(&dims))
            .expect("length 1 broadcasts");
        t.array = b.as_standard_layout().into_owned().into();
    }
    t
}

/// Contract two terms with one (batched) GEMM.
fn contract_pair<'a, T: Float>(
    a: Term<'a, T>,
    b: Term<'a, T>,
    keep: &[Label],
) -> Result<Term<'a, T>> {
    // Indices in one operand only and not needed later are summed first.
    let (la, lb) = (a.labels.clone(), b.labels.clone());
    let mut a = sum_out(a, &|l| keep.contains(&l) || lb.contains(&l));
    let mut b = sum_out(b, &|l| keep.contains(&l) || la.contains(&l));
    let shared: Vec<Label> = a
        .labels
        .iter()
        .filter(|l| b.labels.contains(l))
        .copied()
        .collect();
    for &l in &shared {
        let summed = !keep.contains(&l);
        let (na, nb) = (len_of(&a, l), len_of(&b, l));
        a = align_lengths(a, l, nb, summed);
        b = align_lengths(b, l, na, summed);
    }
    let batch: Vec<Label> = shared
        .iter()
        .filter(|l| keep.contains(l))
        .copied()
        .collect();
    let inner: Vec<Label> = shared
        .iter()
        .filter(|l| !keep.contains(l))
        .copied()
        .collect();
    let free_a: Vec<Label> = a
        .labels
        .iter()
        .filter(|l| !shared.contains(l))
        .copied()
        .collect();
    let free_b: Vec<Label> = b
        .labels
        .iter()
        .filter(|l| !shared.contains(l))
        .copied()
        .collect();
    let size =
        |t: &Term<'_, T>, ls: &[Label]| -> usize { ls.iter().map(|&l| len_of(t, l)).product() };
    let (nb, m, k, n) = (
        size(&a, &batch),
        size(&a, &free_a),
        size(&a, &inner),
        size(&b, &free_b),
    );

    let va = arrange(&a, &[&batch, &free_a, &inner]);
    let vb = arrange(&b, &[&batch, &inner, &free_b]);
    let c = if batch.is_empty() {
        // One GEMM; a permuted 2-D operand (a transpose) goes in without a copy.
        linalg::matmul(&to_matrix(va, m, k), &to_matrix(vb, k, n))?.into_dyn()
    } else {
        linalg::matmul(&to_3d(va, (nb, m, k)), &to_3d(vb, (nb, k, n)))?.into_dyn()
    };
    let labels: Vec<Label> = batch
        .iter()
        .chain(&free_a)
        .chain(&free_b)
        .copied()
        .collect();
    let mut dims: Vec<usize> = batch
        .iter()
        .chain(&free_a)
        .map(|&l| len_of(&a, l))
        .collect();
    dims.extend(free_b.iter().map(|&l| len_of(&b, l)));
    Ok(Term {
        array: c
            .into_shape_with_order(IxDyn(&dims))
            .expect("nb * m * n elements")
            .into(),
        labels,
    })
}

/// A term's axes permuted to the given label groups (a view).
fn arrange<'t, T>(t: &'t Term<'_, T>, groups: &[&Vec<Label>; 3]) -> ArrayViewD<'t, T> {
    let order: Vec<usize> = groups
        .iter()
        .flat_map(|g| g.iter())
        .map(|l| {
            t.labels
                .iter()
                .position(|m| m == l)
                .expect("label of this term")
        })
        .collect();
    t.array.view().permuted_axes(IxDyn(&order))
}

/// Reshape a permuted view to `(batch, rows, cols)`, copying only if not contiguous.
fn to_3d<T: Clone>(v: ArrayViewD<'_, T>, dims: (usize, usize, usize)) -> CowArray<'_, T, Ix3> {
    if v.is_standard_layout() {
        return v
            .into_shape_with_order(dims)
            .expect("contiguous, same size")
            .into();
    }
    v.as_standard_layout()
        .into_owned()
        .into_shape_with_order(dims)
        .expect("contiguous, same size")
        .into()
}

/// Reduce `axes` of `a` one at a time with `f`, then re-insert them if `keepdims`.
fn reduce_axes<A, S, D>(
    op: &'static str,
    a: &ArrayBase<S, D>,
    axes: &[isize],
    keepdims: bool,
    f: impl Fn(ArrayViewD<'_, A>, Axis) -> ArrayD<A>,
) -> Result<ArrayD<A>>
where
    A: Clone,
    S: Data<Elem = A>,
    D: Dimension,
{
    let mut ax = norm_axes(op, axes, a.ndim())?;
    ax.sort_unstable();
    let mut out: CowArray<'_, A, IxDyn> = a.view().into_dyn().into();
    for &i in ax.iter().rev() {
        out = f(out.view(), Axis(i)).into();
    }
    let mut out = out.into_owned();
    if keepdims {
        for &i in &ax {
            out.insert_axis_inplace(Axis(i));
        }
    }
    Ok(out)
}

/// Sum over several axes: `np.sum(a, axis=axes, keepdims=keepdims)`.
///
/// `axes = &[]` reduces nothing (NumPy's `axis=()`); for the sum of everything use
/// ndarray's `a.sum()`. With `keepdims`, the reduced axes stay with length 1 so the
/// result broadcasts against `a` (`x - x.mean(axis=(1, 2), keepdims=True)`).
///
/// ```
/// use ndarray::Array3;
/// let x = Array3::<f64>::ones((4, 28, 28)); // (N, H, W)
/// // np.sum(x, axis=(1, 2)) -> per-image total, shape (4,)
/// assert_eq!(tensors::sum(&x, &[1, 2], false)?.shape(), &[4]);
/// assert_eq!(tensors::sum(&x, &[-1, -2], true)?.shape(), &[4, 1, 1]);
/// let err = tensors::sum(&x, &[1, 1], false).unwrap_err();
/// assert_eq!(err.to_string(), "sum: repeated axis 1");
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfBounds`], [`Error::RepeatedAxis`].
pub fn sum<A, S, D>(a: &ArrayBase<S, D>, axes: &[isize], keepdims: bool) -> Result<ArrayD<A>>
where
    A: LinalgScalar,
    S: Data<Elem = A>,
    D: Dimension,
{
    reduce_axes("sum", a, axes, keepdims, |v, ax| v.sum_axis(ax))
}

/// Mean over several axes: `np.mean(a, axis=axes, keepdims=keepdims)`.
///
/// Per-channel statistics of an NCHW batch are `mean(&x, &[0, 2, 3], true)`.
///
/// ```
/// use ndarray::Array4;
/// let x = Array4::from_shape_fn((2, 3, 4, 4), |(_, c, _, _)| c as f64);
/// let m = tensors::mean(&x, &[0, 2, 3], true)?; // shape (1, 3, 1, 1)
/// assert_eq!(m.shape(), &[1, 3, 1, 1]);
/// assert_eq!(m.iter().copied().collect::<Vec<_>>(), [0.0, 1.0, 2.0]);
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfBounds`], [`Error::RepeatedAxis`]; [`Error::Empty`] if a reduced
/// axis has length 0 (NumPy returns NaN with a warning).
pub fn mean<T, S, D>(a: &ArrayBase<S, D>, axes: &[isize], keepdims: bool) -> Result<ArrayD<T>>
where
    T: Float,
    S: Data<Elem = T>,
    D: Dimension,
{
    check_nonempty("mean", a, axes)?;
    let count: usize = norm_axes("mean", axes, a.ndim())?
        .iter()
        .map(|&i| a.len_of(Axis(i)))
        .product();
    let s = sum(a, axes, keepdims)?;
    let c = T::from_f64(count as f64);
    Ok(s.mapv_into(|v| v / c))
}

fn check_nonempty<A, S: Data<Elem = A>, D: Dimension>(
    op: &'static str,
    a: &ArrayBase<S, D>,
    axes: &[isize],
) -> Result<()> {
    for &ax in axes {
        let i = norm_axis(op, ax, a.ndim())?;
        if a.len_of(Axis(i)) == 0 {
            return Err(Error::Empty {
                op,
                shape: shape(a.shape()),
            });
        }
    }
    Ok(())
}

/// Maximum over several axes: `np.amax(a, axis=axes, keepdims=keepdims)` (`np.max`).
/// NaN propagates, like NumPy's `max` (use a NaN-free input for `np.nanmax`).
///
/// ```
/// use ndarray::array;
/// let x = array![[1.0, 5.0], [7.0, 2.0]];
/// assert_eq!(tensors::amax(&x, &[0], false)?, array![7.0, 5.0].into_dyn());
/// assert_eq!(tensors::amax(&x, &[0, 1], false)?.first(), Some(&7.0));
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// [`Error::AxisOutOfBounds`], [`Error::RepeatedAxis`]; [`Error::Empty`] for a reduced
/// axis of length 0 (no identity for maximum).
pub fn amax<T, S, D>(a: &ArrayBase<S, D>, axes: &[isize], keepdims: bool) -> Result<ArrayD<T>>
where
    T: Float,
    S: Data<Elem = T>,
    D: Dimension,
{
    check_nonempty("amax", a, axes)?;
    reduce_axes("amax", a, axes, keepdims, |v, ax| {
        v.map_axis(ax, |lane| {
            lane.iter()
                .copied()
                .reduce(|m, x| {
                    if m.is_nan() || x.is_nan() {
                        T::nan()
                    } else if x > m {
                        x
                    } else {
                        m
                    }
                })
                .expect("non-empty lane")
        })
    })
}

/// Minimum over several axes: `np.amin(a, axis=axes, keepdims=keepdims)` (`np.min`).
/// NaN propagates.
///
/// ```
/// use ndarray::array;
/// let x = array![[1.0, 5.0], [7.0, 2.0]];
/// assert_eq!(tensors::amin(&x, &[1], true)?, array![[1.0], [2.0]].into_dyn());
/// # Ok::<(), tensors::Error>(())
/// ```
///
/// # Errors
/// As [`amax`].
pub fn amin<T, S, D>(a: &ArrayBase<S, D>, axes: &[isize], keepdims: bool) -> Result<ArrayD<T>>
where
    T: Float,
    S: Data<Elem = T>,
    D: Dimension,
{
    check_nonempty("amin", a, axes)?;
    reduce_axes("amin", a, axes, keepdims, |v, ax| {
        v.map_axis(ax, |lane| {
            lane.iter()
                .copied()
                .reduce(|m, x| {
                    if m.is_nan() || x.is_nan() {
                        T::nan()
                    } else if x < m {
                        x
                    } else {
                        m
                    }
                })
                .expect("non-empty lane")
        })
    })
}
