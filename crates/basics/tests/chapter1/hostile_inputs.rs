//! Hostile inputs (issue 9): every public array function of chapter 1 on empty arrays, a
//! zero-length axis, mismatched shapes, transposed and negative-stride views, NaN/inf and
//! shapes whose element count overflows `usize`. Each case must return the crate's error or
//! the stated, mathematically right result: never panic.

use std::panic::{AssertUnwindSafe, catch_unwind};

use basics::creation::{self, seeded_rng};
use basics::loading::{
    CsvOptions, genfromtxt_from_reader, load_npy_from_reader, loadtxt_from_reader,
};
use basics::{indexing, operations as ops, preprocessing as pre};
use ndarray::{Array1, Array2, ArrayView1, Axis, Ix1, Ix2, IxDyn, array, s};

/// What a case must do.
enum Expect {
    /// Return `Err`.
    Error,
    /// Return `Ok` (its value is checked inside the case).
    Fine,
}
use Expect::{Error, Fine};

/// One case: its name, what it must do, and the call (returning why it is wrong, if it is).
type Case = (&'static str, Expect, Box<dyn Fn() -> Result<(), String>>);

/// Run a table of cases; report every panic and wrong outcome at once.
fn run_table(table: Vec<Case>) {
    let mut failures = Vec::new();
    for (name, expect, case) in table {
        match (catch_unwind(AssertUnwindSafe(&case)), expect) {
            (Err(_), _) => failures.push(format!("{name}: panicked")),
            (Ok(Ok(())), Error) => failures.push(format!("{name}: returned Ok, expected an error")),
            (Ok(Err(e)), Fine) => failures.push(format!("{name}: {e}")),
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Turn a crate result into "error" / "ok" for the table.
fn err<T>(r: basics::Result<T>) -> Result<(), String> {
    r.map(|_| ()).map_err(|e| e.to_string())
}

fn check(ok: bool, what: &str) -> Result<(), String> {
    if ok { Ok(()) } else { Err(what.to_string()) }
}

#[test]
fn reductions_on_hostile_arrays_return_errors_or_right_answers() {
    let empty = Array1::<f64>::zeros(0);
    let no_rows = Array2::<f64>::zeros((0, 3));
    let no_cols = Array2::<f64>::zeros((3, 0));
    let m = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let with_nan = array![1.0, f64::NAN, 3.0];
    let with_inf = array![1.0, f64::INFINITY, f64::NEG_INFINITY];
    let e = empty.clone();
    let (nr, nc, mm) = (no_rows.clone(), no_cols.clone(), m.clone());
    let table: Vec<Case> = vec![
        ("mean of empty", Error, Box::new(move || err(ops::mean(&e)))),
        (
            "var of empty",
            Error,
            Box::new({
                let e = empty.clone();
                move || err(ops::var(&e, 0))
            }),
        ),
        (
            "std ddof >= n",
            Error,
            Box::new(|| err(ops::std(&array![1.0], 1))),
        ),
        (
            "min of empty",
            Error,
            Box::new({
                let e = empty.clone();
                move || err(ops::min(&e))
            }),
        ),
        (
            "argmax of empty",
            Error,
            Box::new({
                let e = empty.clone();
                move || err(ops::argmax(&e))
            }),
        ),
        (
            "median of empty",
            Error,
            Box::new({
                let e = empty.clone();
                move || err(ops::median(&e))
            }),
        ),
        (
            "percentile q = 101",
            Error,
            Box::new(|| err(ops::percentile(&array![1.0, 2.0], 101.0))),
        ),
        (
            "percentile q = NaN",
            Error,
            Box::new(|| err(ops::percentile(&array![1.0, 2.0], f64::NAN))),
        ),
        (
            "percentile q = -inf",
            Error,
            Box::new(|| err(ops::percentile(&array![1.0], f64::NEG_INFINITY))),
        ),
        (
            "mean_axis on a zero-length axis",
            Error,
            Box::new(move || err(ops::mean_axis(&nr, 0))),
        ),
        (
            "sum_axis on a zero-length axis is zeros",
            Fine,
            Box::new({
                let a = no_rows.clone();
                move || {
                    let s = ops::sum_axis(&a, 0).map_err(|e| e.to_string())?;
                    check(s == Array1::<f64>::zeros(3), "sum over no rows is 0")
                }
            }),
        ),
        (
            "mean_axis over empty columns is empty",
            Fine,
            Box::new(move || {
                let r = ops::mean_axis(&nc, 1);
                // three rows of no values: NumPy gives NaN with a warning; an error is also right.
                match r {
                    Ok(v) => check(v.iter().all(|x| x.is_nan()), "NaN means"),
                    Err(_) => Ok(()),
                }
            }),
        ),
        (
            "axis out of range",
            Error,
            Box::new(move || err(ops::max_axis(&mm, 2))),
        ),
        (
            "argmin_axis axis out of range",
            Error,
            Box::new({
                let m = m.clone();
                move || err(ops::argmin_axis(&m, 5))
            }),
        ),
        (
            "cumsum axis out of range",
            Error,
            Box::new({
                let m = m.clone();
                move || err(ops::cumsum(&m, 2))
            }),
        ),
        (
            "keepdims axis past ndim",
            Error,
            Box::new(|| err(ops::keepdims(array![1.0, 2.0], 3))),
        ),
        (
            "mean with NaN is NaN",
            Fine,
            Box::new({
                let a = with_nan.clone();
                move || {
                    check(
                        ops::mean(&a).map_err(|e| e.to_string())?.is_nan(),
                        "NaN propagates",
                    )
                }
            }),
        ),
        (
            "max with inf is inf",
            Fine,
            Box::new({
                let a = with_inf.clone();
                move || {
                    check(
                        ops::max(&a).map_err(|e| e.to_string())? == f64::INFINITY,
                        "inf",
                    )
                }
            }),
        ),
        (
            "mean of +inf and -inf is NaN",
            Fine,
            Box::new({
                let a = with_inf.clone();
                move || {
                    check(
                        ops::mean(&a).map_err(|e| e.to_string())?.is_nan(),
                        "inf - inf",
                    )
                }
            }),
        ),
        (
            "median with NaN is NaN",
            Fine,
            Box::new({
                let a = with_nan.clone();
                move || {
                    check(
                        ops::median(&a).map_err(|e| e.to_string())?.is_nan(),
                        "NaN median",
                    )
                }
            }),
        ),
        (
            "nanmean_axis of an all-NaN column",
            Fine,
            Box::new(|| {
                let a = array![[f64::NAN, 1.0], [f64::NAN, 3.0]];
                let m = ops::nanmean_axis(&a, 0).map_err(|e| e.to_string())?;
                check(
                    m[0].is_nan() && m[1] == 2.0,
                    "all-NaN column gives NaN, NumPy's answer",
                )
            }),
        ),
        (
            "reductions see through negative strides",
            Fine,
            Box::new({
                let m = m.clone();
                move || {
                    let v = m.slice(s![..;-1, ..;-1]);
                    let total = ops::sum_axis(&v, 0).map_err(|e| e.to_string())?;
                    check(
                        total == array![9.0, 7.0, 5.0]
                            && ops::argmax(&v).map_err(|e| e.to_string())? == 0,
                        "reversed sums and argmax",
                    )
                }
            }),
        ),
        (
            "reductions see through a transpose",
            Fine,
            Box::new({
                let m = m.clone();
                move || {
                    let t = m.t();
                    check(
                        ops::mean_axis(&t, 0).map_err(|e| e.to_string())? == array![2.0, 5.0]
                            && ops::median_axis(&t, 1).map_err(|e| e.to_string())?
                                == array![2.5, 3.5, 4.5],
                        "column means of the transpose",
                    )
                }
            }),
        ),
    ];
    run_table(table);
}

#[test]
fn elementwise_and_broadcasting_on_hostile_shapes_return_errors_or_right_answers() {
    let table: Vec<Case> = vec![
        (
            "broadcast (3,4) with (5,)",
            Error,
            Box::new(|| err(ops::broadcast_shapes(&[3, 4], &[5]))),
        ),
        (
            "broadcast shapes whose product overflows usize",
            Error,
            Box::new(|| {
                err(
                    ops::broadcast_shapes(&[usize::MAX, 1], &[1, usize::MAX]).and_then(|s| {
                        s.iter()
                            .try_fold(1usize, |a, &d| a.checked_mul(d))
                            .map(|_| s)
                            .ok_or(basics::Error::InvalidArgument {
                                op: "test",
                                message: "overflow".into(),
                            })
                    }),
                )
            }),
        ),
        (
            "broadcast_map of two views whose broadcast overflows usize",
            Error,
            Box::new(|| {
                let one = array![1.0];
                let a = one.broadcast((1usize << 33, 1)).unwrap();
                let b = one.broadcast((1, 1usize << 33)).unwrap();
                err(ops::broadcast_map(&a, &b, |x, y| x + y))
            }),
        ),
        (
            "maximum of mismatched shapes",
            Error,
            Box::new(|| err(ops::maximum(&array![1.0, 2.0], &array![1.0, 2.0, 3.0]))),
        ),
        (
            "isclose of mismatched shapes",
            Error,
            Box::new(|| {
                err(ops::isclose(
                    &array![[1.0, 2.0]],
                    &array![1.0, 2.0, 3.0],
                    1e-5,
                    1e-8,
                ))
            }),
        ),
        (
            "maximum of empty arrays is empty",
            Fine,
            Box::new(|| {
                let r = ops::maximum(&Array1::<f64>::zeros(0), &Array1::<f64>::zeros(0))
                    .map_err(|e| e.to_string())?;
                check(r.is_empty(), "empty")
            }),
        ),
        (
            "maximum propagates NaN like np.maximum",
            Fine,
            Box::new(|| {
                let r = ops::maximum(&array![f64::NAN, 1.0], &array![0.0, f64::NAN])
                    .map_err(|e| e.to_string())?;
                check(r.iter().all(|x| x.is_nan()), "NaN wins")
            }),
        ),
        (
            "maximum on negative-stride views",
            Fine,
            Box::new(|| {
                let a = array![1.0, 5.0, 3.0];
                let r = ops::maximum(&a.slice(s![..;-1]), &a).map_err(|e| e.to_string())?;
                check(r == array![3.0, 5.0, 3.0], "reversed max")
            }),
        ),
        (
            "broadcast_to a smaller shape",
            Error,
            Box::new(|| err(ops::broadcast_to(&array![1.0, 2.0], (3,)))),
        ),
        (
            "clip with lo > hi",
            Fine,
            Box::new(|| {
                // NumPy: every value becomes hi (np.minimum(np.maximum(a, lo), hi)); an error is also fine.
                match std::panic::catch_unwind(|| ops::clip(&array![0.0, 5.0], 3.0, 1.0)) {
                    Ok(r) => check(
                        r.iter().all(|&x| x == 1.0 || x == 3.0),
                        "clip result within the bounds given",
                    ),
                    Err(_) => Err("panicked".into()),
                }
            }),
        ),
    ];
    run_table(table);
}

#[test]
fn creation_and_indexing_with_hostile_arguments_return_errors_or_right_answers() {
    let table: Vec<Case> = vec![
        (
            "arange step 0",
            Error,
            Box::new(|| err(creation::arange(0.0, 1.0, 0.0))),
        ),
        (
            "arange NaN",
            Error,
            Box::new(|| err(creation::arange(0.0, f64::NAN, 1.0))),
        ),
        (
            "arange of 1e300 elements",
            Error,
            Box::new(|| err(creation::arange(0.0, 1e300, 1.0))),
        ),
        (
            "arange from -max to max",
            Error,
            Box::new(|| err(creation::arange(-f64::MAX, f64::MAX, 1.0))),
        ),
        (
            "arange the wrong way is empty",
            Fine,
            Box::new(|| {
                check(
                    creation::arange(1.0, 0.0, 1.0)
                        .map_err(|e| e.to_string())?
                        .is_empty(),
                    "empty",
                )
            }),
        ),
        (
            "from_vec with the wrong count",
            Error,
            Box::new(|| err(creation::from_vec((2, 3), vec![0.0; 5]))),
        ),
        (
            "from_vec with an overflowing shape",
            Error,
            Box::new(|| err(creation::from_vec((usize::MAX, 2), vec![0.0; 0]))),
        ),
        (
            "from_vec zero rows of a huge width",
            Error,
            Box::new(|| err(creation::from_vec((0, usize::MAX), Vec::<f64>::new()))),
        ),
        (
            "random_uniform of an overflowing shape",
            Error,
            Box::new(|| {
                err(creation::random_uniform(
                    (usize::MAX, 2),
                    0.0,
                    1.0,
                    &mut seeded_rng(0),
                ))
            }),
        ),
        (
            "random_normal with NaN std",
            Error,
            Box::new(|| {
                err(creation::random_normal(
                    3,
                    0.0,
                    f64::NAN,
                    &mut seeded_rng(0),
                ))
            }),
        ),
        (
            "random_integers with low == high",
            Error,
            Box::new(|| err(creation::random_integers(3, 5, 5, &mut seeded_rng(0)))),
        ),
        (
            "reshape to a different size",
            Error,
            Box::new(|| err(creation::reshape(&array![1.0, 2.0, 3.0], (2, 2)))),
        ),
        (
            "reshape to an overflowing shape",
            Error,
            Box::new(|| {
                err(creation::reshape(
                    &Array1::<f64>::zeros(0),
                    (0, usize::MAX, 2),
                ))
            }),
        ),
        (
            "reshape a negative-stride view copies in logical order",
            Fine,
            Box::new(|| {
                let a = array![1.0, 2.0, 3.0, 4.0];
                let reversed = a.slice(s![..;-1]);
                let r = creation::reshape(&reversed, (2, 2)).map_err(|e| e.to_string())?;
                check(
                    r == array![[4.0, 3.0], [2.0, 1.0]],
                    "C order of the reversed view",
                )
            }),
        ),
        (
            "ravel of a transpose is C order",
            Fine,
            Box::new(|| {
                let a = array![[1.0, 2.0], [3.0, 4.0]];
                check(
                    creation::ravel(&a.t()).to_vec() == vec![1.0, 3.0, 2.0, 4.0],
                    "a.T.ravel()",
                )
            }),
        ),
        (
            "numpy_slice step 0",
            Error,
            Box::new(|| err(indexing::numpy_slice(5, None, None, 0))),
        ),
        (
            "numpy_slice extreme bounds are clamped",
            Fine,
            Box::new(|| {
                let sl = indexing::numpy_slice(5, Some(isize::MIN), Some(isize::MAX), isize::MIN)
                    .map_err(|e| e.to_string())?;
                let a = array![0, 1, 2, 3, 4];
                check(
                    a.slice_axis(Axis(0), sl).len() <= 1,
                    "at most one element with a huge step",
                )
            }),
        ),
        (
            "row past the end",
            Error,
            Box::new(|| err(indexing::row(&Array2::<f64>::zeros((2, 2)), 2))),
        ),
        (
            "column of an empty matrix",
            Error,
            Box::new(|| err(indexing::column(&Array2::<f64>::zeros((2, 0)), 0))),
        ),
        (
            "take an index past the end",
            Error,
            Box::new(|| err(indexing::take(&array![1.0, 2.0], &[2], 0))),
        ),
        (
            "take along a missing axis",
            Error,
            Box::new(|| err(indexing::take(&array![1.0, 2.0], &[0], 1))),
        ),
        (
            "extract with a mask of another shape",
            Error,
            Box::new(|| err(indexing::extract(&array![1.0, 2.0], &array![true]))),
        ),
        (
            "compress with a long mask",
            Error,
            Box::new(|| {
                err(indexing::compress(
                    &array![[1.0, 2.0]],
                    &array![true, true, true],
                    1,
                ))
            }),
        ),
        (
            "take from a negative-stride view",
            Fine,
            Box::new(|| {
                let a = array![1.0, 2.0, 3.0];
                check(
                    indexing::take(&a.slice(s![..;-1]), &[0, 2], 0).map_err(|e| e.to_string())?
                        == array![3.0, 1.0],
                    "a[::-1][[0, 2]]",
                )
            }),
        ),
        (
            "head and tail past the length",
            Fine,
            Box::new(|| {
                let a = array![1.0, 2.0];
                check(
                    indexing::head(&a, 10).len() == 2 && indexing::tail(&a, 10).len() == 2,
                    "clamped",
                )
            }),
        ),
    ];
    run_table(table);
}

#[test]
fn preprocessing_on_hostile_data_returns_errors_or_right_answers() {
    let table: Vec<Case> = vec![
        (
            "standardize no rows",
            Error,
            Box::new(|| err(pre::standardize(&Array2::<f64>::zeros((0, 3)), 0))),
        ),
        (
            "standardize ddof = n",
            Error,
            Box::new(|| err(pre::standardize(&array![[1.0], [2.0]], 2))),
        ),
        (
            "standardize a constant column gives zeros (scikit-learn: scale 1)",
            Fine,
            Box::new(|| {
                let x = array![[5.0, 1.0], [5.0, 3.0], [5.0, 5.0]];
                let z = pre::standardize(&x, 0).map_err(|e| e.to_string())?;
                check(
                    z.column(0).iter().all(|&v| v == 0.0)
                        && (z[[0, 1]] + 1.224_744_871_391_589).abs() < 1e-12,
                    "0 and z-scores",
                )
            }),
        ),
        (
            "standardize a constant column near f64::MAX is NaN, as in NumPy",
            Fine,
            Box::new(|| {
                // The column sum 3e308 overflows to inf, so the mean is inf and x - mean is
                // -inf: NumPy's `(x - x.mean(0)) / x.std(0)` gives NaN too (with an overflow
                // warning). Documented, not a panic.
                let x = array![[1e308], [1e308], [1e308]];
                let z = pre::standardize(&x, 0).map_err(|e| e.to_string())?;
                check(z.iter().all(|v| v.is_nan()), "NaN like NumPy")
            }),
        ),
        (
            "min_max_scale a constant column gives zeros",
            Fine,
            Box::new(|| {
                let z = pre::min_max_scale(&array![[2.0], [2.0]]).map_err(|e| e.to_string())?;
                check(z.iter().all(|&v| v == 0.0), "zeros")
            }),
        ),
        (
            "min_max_scale on a transposed view",
            Fine,
            Box::new(|| {
                let x = array![[0.0, 5.0, 10.0]];
                let z = pre::min_max_scale(&x.t()).map_err(|e| e.to_string())?;
                check(z == array![[0.0], [0.5], [1.0]], "column scaled")
            }),
        ),
        (
            "nan_standardize all-NaN column stays NaN",
            Fine,
            Box::new(|| {
                let z = pre::nan_standardize(&array![[f64::NAN, 1.0], [f64::NAN, 3.0]], 0)
                    .map_err(|e| e.to_string())?;
                check(
                    z.column(0).iter().all(|v| v.is_nan()) && z[[1, 1]] == 1.0,
                    "NaN column, z-scores",
                )
            }),
        ),
        (
            "train_test_indices test_size NaN",
            Error,
            Box::new(|| err(pre::train_test_indices(10, f64::NAN, 0))),
        ),
        (
            "train_test_indices test_size 1.5",
            Error,
            Box::new(|| err(pre::train_test_indices(10, 1.5, 0))),
        ),
        (
            "train_test_indices of zero samples",
            Error,
            Box::new(|| err(pre::train_test_indices(0, 0.5, 0))),
        ),
        (
            "train_test_indices of one sample",
            Error,
            Box::new(|| err(pre::train_test_indices(1, 0.5, 0))),
        ),
        (
            "stratified split of a class with one sample",
            Error,
            Box::new(|| {
                err(pre::stratified_train_test_indices(
                    &array![0usize, 0, 1],
                    0.5,
                    0,
                ))
            }),
        ),
        (
            "stratified split of no labels",
            Error,
            Box::new(|| {
                err(pre::stratified_train_test_indices(
                    &Array1::<usize>::zeros(0),
                    0.5,
                    0,
                ))
            }),
        ),
        (
            "train_test_split with x and y of different lengths",
            Error,
            Box::new(|| {
                err(pre::train_test_split(
                    &Array2::<f64>::zeros((4, 2)),
                    &Array1::<usize>::zeros(3),
                    0.5,
                    0,
                ))
            }),
        ),
        (
            "kfold k = 0",
            Error,
            Box::new(|| err(pre::kfold_indices(10, 0, None))),
        ),
        (
            "kfold k = 1",
            Error,
            Box::new(|| err(pre::kfold_indices(10, 1, None))),
        ),
        (
            "kfold k > n",
            Error,
            Box::new(|| err(pre::kfold_indices(3, 4, Some(1)))),
        ),
    ];
    run_table(table);
}

#[test]
fn text_and_npy_loaders_refuse_hostile_files_with_errors() {
    let opts = CsvOptions::new();
    let table: Vec<Case> = vec![
        (
            "empty text",
            Error,
            Box::new(move || err(loadtxt_from_reader(&b""[..], "e", &CsvOptions::new()))),
        ),
        (
            "only comments",
            Error,
            Box::new(|| {
                err(genfromtxt_from_reader(
                    &b"# a\n# b\n"[..],
                    "c",
                    &CsvOptions::new(),
                ))
            }),
        ),
        (
            "ragged rows",
            Error,
            Box::new(|| {
                err(genfromtxt_from_reader(
                    &b"1,2\n3\n"[..],
                    "r",
                    &CsvOptions::new(),
                ))
            }),
        ),
        (
            "usecols past the row",
            Error,
            Box::new(|| {
                err(loadtxt_from_reader(
                    &b"1,2\n"[..],
                    "u",
                    &CsvOptions::new().usecols([5]),
                ))
            }),
        ),
        (
            "invalid UTF-8",
            Error,
            Box::new(|| {
                err(loadtxt_from_reader(
                    &b"1,\xff\n"[..],
                    "b",
                    &CsvOptions::new(),
                ))
            }),
        ),
        (
            "skip more rows than there are",
            Error,
            Box::new(|| {
                err(loadtxt_from_reader(
                    &b"1,2\n"[..],
                    "s",
                    &CsvOptions::new().skip_rows(usize::MAX),
                ))
            }),
        ),
        (
            "nan and inf are numbers to loadtxt",
            Fine,
            Box::new(move || {
                let t = loadtxt_from_reader(&b"nan,inf,-inf\n"[..], "n", &opts)
                    .map_err(|e| e.to_string())?;
                check(
                    t.data[[0, 0]].is_nan()
                        && t.data[[0, 1]] == f64::INFINITY
                        && t.data[[0, 2]] == f64::NEG_INFINITY,
                    "NaN, inf, -inf",
                )
            }),
        ),
        (
            "1e400 overflows to inf like NumPy's float()",
            Fine,
            Box::new(|| {
                let t = loadtxt_from_reader(&b"1e400\n"[..], "o", &CsvOptions::new())
                    .map_err(|e| e.to_string())?;
                check(t.data[[0, 0]] == f64::INFINITY, "inf")
            }),
        ),
        (
            "npy not a npy",
            Error,
            Box::new(|| err(load_npy_from_reader::<f64, Ix1>(&b"hello"[..], "x"))),
        ),
        (
            "npy empty",
            Error,
            Box::new(|| err(load_npy_from_reader::<f64, IxDyn>(&b""[..], "x"))),
        ),
        (
            "npy announcing a trillion elements",
            Error,
            Box::new(|| {
                err(load_npy_from_reader::<f64, Ix1>(
                    &npy_with_shape("(1000000000000,)", 8)[..],
                    "x",
                ))
            }),
        ),
        (
            "npy whose shape overflows usize",
            Error,
            Box::new(|| {
                err(load_npy_from_reader::<f64, Ix2>(
                    &npy_with_shape("(4294967296, 4294967296)", 0)[..],
                    "x",
                ))
            }),
        ),
        (
            "npy hiding a second shape in the descr",
            Error,
            Box::new(|| {
                let bytes = npy_header(
                    "{'descr': \"'shape': (1,)\", 'fortran_order': False, 'shape': (1000000000000,), }",
                    8,
                );
                err(load_npy_from_reader::<f64, Ix1>(&bytes[..], "x"))
            }),
        ),
        (
            "npy of the wrong dtype",
            Error,
            Box::new(|| {
                err(load_npy_from_reader::<i32, Ix1>(
                    &npy_with_shape("(1,)", 8)[..],
                    "x",
                ))
            }),
        ),
        (
            "npy of the wrong number of axes",
            Error,
            Box::new(|| {
                err(load_npy_from_reader::<f64, Ix2>(
                    &npy_with_shape("(1,)", 8)[..],
                    "x",
                ))
            }),
        ),
        (
            "npy with bytes left over",
            Error,
            Box::new(|| {
                err(load_npy_from_reader::<f64, Ix1>(
                    &npy_with_shape("(1,)", 16)[..],
                    "x",
                ))
            }),
        ),
        (
            "npy of shape (0, 3) is an empty matrix",
            Fine,
            Box::new(|| {
                let a = load_npy_from_reader::<f64, Ix2>(&npy_with_shape("(0, 3)", 0)[..], "x")
                    .map_err(|e| e.to_string())?;
                check(a.dim() == (0, 3), "(0, 3)")
            }),
        ),
        (
            "a view written through save_npy reads back in logical order",
            Fine,
            Box::new(|| {
                let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
                let path = dir.path().join("v.npy");
                let a = array![[1.0, 2.0], [3.0, 4.0]];
                basics::loading::save_npy(&path, &a.slice(s![..;-1, ..]).t())
                    .map_err(|e| e.to_string())?;
                let b = basics::loading::load_npy::<f64, Ix2>(&path).map_err(|e| e.to_string())?;
                check(b == array![[3.0, 1.0], [4.0, 2.0]], "a[::-1].T")
            }),
        ),
    ];
    run_table(table);
}

/// A version-1 `.npy` of `<f8` with this header dict, then `data` zero bytes.
fn npy_header(dict: &str, data: usize) -> Vec<u8> {
    let mut header = dict.to_string();
    while !(10 + header.len() + 1).is_multiple_of(64) {
        header.push(' ');
    }
    header.push('\n');
    let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
    bytes.extend((header.len() as u16).to_le_bytes());
    bytes.extend(header.as_bytes());
    bytes.extend(vec![0u8; data]);
    bytes
}

fn npy_with_shape(shape: &str, data: usize) -> Vec<u8> {
    npy_header(
        &format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}"),
        data,
    )
}

#[test]
fn a_real_npy_header_is_what_the_helper_writes() {
    // The helper above must write what NumPy writes, or the cases prove nothing.
    let mut bytes = Vec::new();
    ndarray_npy::WriteNpyExt::write_npy(&array![0.0f64], &mut bytes).unwrap();
    let a = load_npy_from_reader::<f64, Ix1>(&npy_with_shape("(1,)", 8)[..], "x").unwrap();
    assert_eq!(a, array![0.0]);
    assert_eq!(bytes.len(), npy_with_shape("(1,)", 8).len());
    let _: ArrayView1<'_, f64> = a.view();
}
