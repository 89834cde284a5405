//! Practical task 1: per-feature statistics of Iris, checked against NumPy.
//!
//! ```text
//! cargo run --release -p basics --example iris_stats
//! ```
//!
//! The NumPy session it reproduces:
//! ```python
//! X, y = load_iris(return_X_y=True)
//! X.mean(axis=0), X.std(axis=0), X.std(axis=0, ddof=1)
//! np.median(X, axis=0), X.min(axis=0), X.max(axis=0)
//! np.percentile(X, [25, 75], axis=0)
//! ```

use basics::operations::{max_axis, mean_axis, median_axis, min_axis, percentile_axis, std_axis};
use datasets::iris::FEATURE_NAMES;
use ndarray::Array1;

const REFERENCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/reference/iris_reference.json"
);

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let iris = datasets::iris::load(); // X, y = load_iris(return_X_y=True)
    let x = &iris.data;
    println!(
        "Iris: {} samples x {} features (float64)\n",
        x.nrows(),
        x.ncols()
    );

    let mean = mean_axis(x, 0)?; // X.mean(axis=0)
    let std0 = std_axis(x, 0, 0)?; // X.std(axis=0)          (NumPy's default ddof=0)
    let std1 = std_axis(x, 0, 1)?; // X.std(axis=0, ddof=1)  (sample std, pandas' default)
    let median = median_axis(x, 0)?; // np.median(X, axis=0)
    let min = min_axis(x, 0)?; // X.min(axis=0)
    let max = max_axis(x, 0)?; // X.max(axis=0)
    let q1 = percentile_axis(x, 25.0, 0)?; // np.percentile(X, 25, axis=0)
    let q3 = percentile_axis(x, 75.0, 0)?; // np.percentile(X, 75, axis=0)

    println!(
        "{:<18} {:>7} {:>7} {:>7} {:>7} {:>5} {:>5} {:>5} {:>5}",
        "feature", "mean", "std", "std(1)", "median", "min", "q1", "q3", "max"
    );
    for (j, name) in FEATURE_NAMES.iter().enumerate() {
        println!(
            "{name:<18} {:>7.3} {:>7.3} {:>7.3} {:>7.2} {:>5.1} {:>5.2} {:>5.2} {:>5.1}",
            mean[j], std0[j], std1[j], median[j], min[j], q1[j], q3[j], max[j]
        );
    }

    // Check every number against NumPy 2.4.6's output, stored in the shared reference file.
    let reference: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(REFERENCE)?)?;
    let stats = &reference["stats"];
    let want = |key: &str| -> Array1<f64> {
        stats[key]
            .as_array()
            .map(|v| v.iter().filter_map(|x| x.as_f64()).collect())
            .unwrap_or_default()
    };
    let checks = [
        ("mean", &mean),
        ("std_ddof0", &std0),
        ("std_ddof1", &std1),
        ("median", &median),
        ("min", &min),
        ("max", &max),
        ("percentile_25_linear", &q1),
        ("percentile_75_linear", &q3),
    ];
    let mut worst = 0.0_f64;
    for (key, got) in checks {
        let expected = want(key);
        if expected.len() != got.len() {
            return Err(format!("reference has no usable {key}").into());
        }
        let diff = (got - &expected)
            .mapv(f64::abs)
            .fold(0.0_f64, |m, &d| m.max(d));
        worst = worst.max(diff);
    }
    println!("\nlargest difference from NumPy's values: {worst:e} (tolerance 1e-12)");
    if worst > 1e-12 {
        return Err(format!("statistics differ from NumPy by {worst:e}").into());
    }

    println!("result: mean = {:?}", mean.to_vec());
    println!("result: std = {:?}", std0.to_vec());
    println!("result: std_ddof1 = {:?}", std1.to_vec());
    println!("result: median = {:?}", median.to_vec());
    println!("result: max_abs_diff_vs_numpy = {worst:e}");
    Ok(())
}
