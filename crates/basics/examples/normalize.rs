//! Practical task 3: min-max normalisation and z-score standardisation of Iris by
//! broadcasting, then the check that every feature has mean 0 / std 1 (or range [0, 1]).
//!
//! ```text
//! cargo run --release -p basics --example normalize
//! ```
//!
//! ```python
//! X_mm = (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0))
//! X_z  = (X - X.mean(axis=0)) / X.std(axis=0)
//! X_z.mean(axis=0), X_z.std(axis=0)   # ~0 and 1
//! ```

use basics::operations::{ATOL, RTOL, allclose, max_axis, mean_axis, min_axis, std_axis};
use basics::preprocessing::{min_max_scale, standardize};
use datasets::iris::FEATURE_NAMES;
use ndarray::Array1;

fn print_row(label: &str, values: &Array1<f64>) {
    let cells: Vec<String> = values.iter().map(|v| format!("{v:>10.4}")).collect();
    println!("{label:<14} {}", cells.join(" "));
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
    let x = datasets::iris::load().data; // (150, 4)
    let short: Vec<String> = FEATURE_NAMES
        .iter()
        .map(|n| format!("{:>10}", &n[..n.len().min(10)]))
        .collect();
    println!("{:<14} {}", "", short.join(" "));

    // Statistics are (4,) rows; broadcasting stretches them over the 150 rows.
    let lo = min_axis(&x, 0)?; // X.min(axis=0)
    let hi = max_axis(&x, 0)?; // X.max(axis=0)
    let mean = mean_axis(&x, 0)?; // X.mean(axis=0)
    let std = std_axis(&x, 0, 0)?; // X.std(axis=0)
    print_row("before  min", &lo);
    print_row("        max", &hi);
    print_row("        mean", &mean);
    print_row("        std", &std);

    // X_mm = (X - X.min(0)) / (X.max(0) - X.min(0))       (150, 4) op (4,) -> (150, 4)
    let x_mm = (&x - &lo) / &(&hi - &lo);
    // X_z = (X - X.mean(0)) / X.std(0)
    let x_z = (&x - &mean) / &std;

    // The library functions do the same (and handle constant columns).
    assert!(allclose(&x_mm, &min_max_scale(&x)?, RTOL, ATOL)?);
    assert!(allclose(&x_z, &standardize(&x, 0)?, RTOL, ATOL)?);

    let mm_min = min_axis(&x_mm, 0)?;
    let mm_max = max_axis(&x_mm, 0)?;
    let z_mean = mean_axis(&x_z, 0)?;
    let z_std = std_axis(&x_z, 0, 0)?;
    println!();
    print_row("min-max min", &mm_min);
    print_row("        max", &mm_max);
    print_row("z-score mean", &z_mean);
    print_row("        std", &z_std);

    let worst_mean = z_mean.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let worst_std = z_std.iter().fold(0.0_f64, |m, v| m.max((v - 1.0).abs()));
    println!("\nlargest |mean| after z-score: {worst_mean:e}; largest |std - 1|: {worst_std:e}");

    println!("result: minmax_min = {:?}", mm_min.to_vec());
    println!("result: minmax_max = {:?}", mm_max.to_vec());
    println!("result: zscore_mean = {:?}", z_mean.to_vec());
    println!("result: zscore_std = {:?}", z_std.to_vec());
    println!("result: zscore_max_abs_mean = {worst_mean:e}");
    Ok(())
}
