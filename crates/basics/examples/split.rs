//! Practical task 4: train/test split of Iris, plain and stratified, plus 5-fold indices.
//!
//! ```text
//! cargo run --release -p basics --example split
//! ```
//!
//! ```python
//! X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=42)
//! X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)
//! np.bincount(y_te)
//! for train, test in KFold(5, shuffle=True, random_state=0).split(X): ...
//! ```

use basics::preprocessing::{Split, kfold_indices, stratified_train_test_split, train_test_split};
use datasets::iris::TARGET_NAMES;

/// `np.bincount(y, minlength=3)`.
fn bincount(y: &ndarray::Array1<usize>) -> Vec<usize> {
    let mut counts = vec![0; TARGET_NAMES.len()];
    for &c in y {
        counts[c] += 1;
    }
    counts
}

fn describe(title: &str, s: &Split<f64, usize>) -> (Vec<usize>, Vec<usize>) {
    let (tr, te) = (bincount(&s.y_train), bincount(&s.y_test));
    println!("{title}");
    println!(
        "  X_train {:?}  X_test {:?}",
        s.x_train.dim(),
        s.x_test.dim()
    );
    println!(
        "  {:<12} {:>6} {:>6} {:>10}",
        "class", "train", "test", "test share"
    );
    for (c, name) in TARGET_NAMES.iter().enumerate() {
        let share = te[c] as f64 / s.y_test.len() as f64;
        println!(
            "  {name:<12} {:>6} {:>6} {:>9.1}%",
            tr[c],
            te[c],
            100.0 * share
        );
    }
    (tr, te)
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), basics::Error> {
    let iris = datasets::iris::load();
    println!("Iris classes: 50 / 50 / 50 (33.3% each)\n");

    let plain = train_test_split(&iris.data, &iris.target, 0.2, 42)?;
    let (_, plain_test) = describe("plain split (seeded shuffle, test_size = 0.2)", &plain);
    println!();
    let strat = stratified_train_test_split(&iris.data, &iris.target, 0.2, 42)?;
    let (strat_train, strat_test) = describe("stratified split (stratify = y)", &strat);

    let folds = kfold_indices(iris.data.nrows(), 5, Some(0))?;
    let sizes: Vec<usize> = folds.iter().map(|f| f.test.len()).collect();
    println!("\n5-fold cross-validation (shuffled, seed 0): test sizes {sizes:?}");
    for (k, f) in folds.iter().enumerate() {
        println!(
            "  fold {k}: train {} rows, test rows {:?}...",
            f.train.len(),
            &f.test[..5]
        );
    }

    println!(
        "result: train_shape = {:?}",
        [plain.x_train.nrows(), plain.x_train.ncols()]
    );
    println!(
        "result: test_shape = {:?}",
        [plain.x_test.nrows(), plain.x_test.ncols()]
    );
    println!("result: plain_test_class_counts = {plain_test:?}");
    println!("result: stratified_train_class_counts = {strat_train:?}");
    println!("result: stratified_test_class_counts = {strat_test:?}");
    println!("result: kfold_test_sizes = {sizes:?}");
    Ok(())
}
