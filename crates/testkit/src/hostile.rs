//! Hostile-input tables: every case runs under `catch_unwind`, and a table fails once,
//! listing every case that panicked or did not do what it must.
//!
//! Two ways to use it:
//!
//! - a table of [`Case`]s with what each must do ([`Want`]), run by [`run`];
//! - a list of failures filled by [`call`] (a panic becomes a failure naming the case) and
//!   [`check_view`] (a function on a strided or reversed view must answer as on the view's
//!   standard-layout copy), asserted empty at the end of the test.

use std::panic::{AssertUnwindSafe, catch_unwind};

use ndarray::{Array2, ArrayView, ArrayView2, Dimension, s};

/// What a case must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// Return the crate's error.
    Err,
    /// Return `Ok` (and pass the case's own check).
    Ok,
    /// Either, as long as it does not panic.
    Any,
}

/// One case: its name, what it must do, and the call (`Err` carries the error message).
pub type Case<'a> = (String, Want, Box<dyn Fn() -> Result<(), String> + 'a>);

/// A function's answer reduced to numbers, or its error message, so that answers of
/// different types can share one table.
pub type Outcome = Result<Vec<f64>, String>;

/// Runs every case under `catch_unwind`; panics once at the end, listing every case that
/// panicked or returned the wrong kind of result.
pub fn run(table: Vec<Case<'_>>) {
    let mut failures = Vec::new();
    for (name, want, case) in table {
        match (catch_unwind(AssertUnwindSafe(&case)), want) {
            (Err(_), _) => failures.push(format!("{name}: panicked")),
            (Ok(Ok(())), Want::Err) => failures.push(format!("{name}: Ok, expected an error")),
            (Ok(Err(e)), Want::Ok) => failures.push(format!("{name}: {e}")),
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs `f` under `catch_unwind`: its value, or `None` after pushing "`name`: panicked".
pub fn call<T>(failures: &mut Vec<String>, name: &str, f: impl FnOnce() -> T) -> Option<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => Some(value),
        Err(_) => {
            failures.push(format!("{name}: panicked"));
            None
        }
    }
}

/// `Ok` if both answers are the same: numbers within `rtol * (1 + |want|)` of each other
/// (NaN matching NaN), or the same error message.
pub fn same(got: &Outcome, want: &Outcome, rtol: f64) -> Result<(), String> {
    let close = |g: &[f64], w: &[f64]| {
        g.len() == w.len()
            && g.iter()
                .zip(w)
                .all(|(a, b)| (a - b).abs() <= rtol * (1.0 + b.abs()) || a.is_nan() && b.is_nan())
    };
    match (got, want) {
        (Ok(g), Ok(w)) if close(g, w) => Ok(()),
        (Err(a), Err(b)) if a == b => Ok(()),
        _ => Err(format!("view {got:?}, copy {want:?}")),
    }
}

/// Runs `f` on `view` and on its standard-layout copy, each under `catch_unwind`, and
/// pushes a failure named `name` if either panics or the answers differ ([`same`]).
///
/// A function that walks memory with raw indices instead of the view's strides passes on
/// contiguous input and fails here on reversed (`x[::-1]`), strided (`x[:, ::2]`) and
/// transposed views.
pub fn check_view<A: Clone, D: Dimension>(
    failures: &mut Vec<String>,
    name: &str,
    f: impl Fn(&ArrayView<'_, A, D>) -> Outcome,
    view: &ArrayView<'_, A, D>,
    rtol: f64,
) {
    let got = call(failures, name, || f(view));
    let copy = view.as_standard_layout().to_owned();
    let want = call(failures, &format!("{name} (copy)"), || f(&copy.view()));
    if let (Some(g), Some(w)) = (got, want)
        && let Err(msg) = same(&g, &w, rtol)
    {
        failures.push(format!("{name}: {msg}"));
    }
}

/// Checks one function of a matrix, given a finite `x` with at least 2 rows and 2 columns:
///
/// - on the views `x[::-1, :]`, `x[:, ::-2]` and `x.T.copy().T` (Fortran order) it must
///   answer as on their standard-layout copies ([`check_view`]);
/// - on `zeros((0, 0))`, `zeros((0, p))`, `zeros((n, 0))` and on `x` with a NaN, a `-inf`
///   and an `inf` it must not panic (an error, or NaN in the answer, is fine).
///
/// Failures are pushed to `failures`, named `op(case)`.
pub fn check_matrix_op(
    failures: &mut Vec<String>,
    op: &str,
    f: impl Fn(&ArrayView2<'_, f64>) -> Outcome,
    x: &Array2<f64>,
    rtol: f64,
) {
    let (n, p) = x.dim();
    assert!(
        n >= 2 && p >= 2,
        "check_matrix_op needs x with 2+ rows and columns"
    );
    let fortran = x.t().to_owned();
    let views = [
        ("x[::-1, :]", x.slice(s![..;-1, ..])),
        ("x[:, ::-2]", x.slice(s![.., ..;-2])),
        ("x.T.copy().T", fortran.t()),
    ];
    for (vname, view) in &views {
        check_view(failures, &format!("{op}({vname})"), &f, view, rtol);
    }
    let mut non_finite = x.clone();
    non_finite[[1, 1]] = f64::NAN;
    non_finite[[n - 1, 0]] = f64::NEG_INFINITY;
    non_finite[[0, p - 1]] = f64::INFINITY;
    let hostile = [
        ("zeros((0, 0))".to_string(), Array2::zeros((0, 0))),
        (format!("zeros((0, {p}))"), Array2::zeros((0, p))),
        (format!("zeros(({n}, 0))"), Array2::zeros((n, 0))),
        ("NaN, -inf and inf".to_string(), non_finite),
    ];
    for (hname, h) in &hostile {
        call(failures, &format!("{op}({hname})"), || f(&h.view()));
    }
}

/// Panics listing the failures, if there are any.
pub fn assert_no_failures(failures: &[String]) {
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, array, s};

    #[test]
    #[should_panic(expected = "f(panics): panicked")]
    fn a_panicking_case_fails_the_table() {
        run(vec![(
            "f(panics)".into(),
            Want::Any,
            Box::new(|| panic!("boom")),
        )]);
    }

    #[test]
    #[should_panic(expected = "Ok, expected an error")]
    fn an_ok_where_an_error_is_wanted_fails_the_table() {
        run(vec![("f".into(), Want::Err, Box::new(|| Ok(())))]);
    }

    #[test]
    fn a_function_ignoring_strides_is_caught_by_check_view() {
        let x: Array2<f64> = array![[1.0, 2.0], [3.0, 4.0]];
        let reversed = x.slice(s![..;-1, ..]);
        // Reads the first element of the underlying buffer, not of the view.
        let wrong = |v: &ndarray::ArrayView2<'_, f64>| -> Outcome {
            let first = v.as_slice_memory_order().map_or(0.0, |s| s[0]);
            Ok(vec![first])
        };
        let right = |v: &ndarray::ArrayView2<'_, f64>| -> Outcome { Ok(vec![v[[0, 0]]]) };
        let mut failures = Vec::new();
        check_view(&mut failures, "right", right, &reversed, 1e-12);
        assert!(failures.is_empty(), "{failures:?}");
        check_view(&mut failures, "wrong", wrong, &reversed, 1e-12);
        assert_eq!(failures.len(), 1, "{failures:?}");
    }

    #[test]
    fn check_matrix_op_reports_a_panic_on_empty_input_by_name() {
        let x = Array2::from_shape_fn((3, 2), |(i, j)| (i * 2 + j) as f64);
        let first_row_sum = |v: &ArrayView2<'_, f64>| -> Outcome { Ok(vec![v.row(0).sum()]) };
        let mut failures = Vec::new();
        check_matrix_op(&mut failures, "first_row_sum", first_row_sum, &x, 1e-12);
        // `v.row(0)` panics on the matrices without rows, nowhere else.
        assert_eq!(
            failures,
            [
                "first_row_sum(zeros((0, 0))): panicked",
                "first_row_sum(zeros((0, 2))): panicked"
            ]
        );
    }

    #[test]
    fn same_matches_nan_with_nan_and_equal_errors_only() {
        let nan: Outcome = Ok(vec![f64::NAN, 1.0]);
        assert!(same(&nan, &Ok(vec![f64::NAN, 1.0 + 1e-12]), 1e-9).is_ok());
        assert!(same(&nan, &Ok(vec![0.0, 1.0]), 1e-9).is_err());
        assert!(same(&Err("a".into()), &Err("a".into()), 1e-9).is_ok());
        assert!(same(&Err("a".into()), &Err("b".into()), 1e-9).is_err());
    }
}
