//! Practical task 2: find and remove outliers in Iris with boolean masks, by two rules.
//!
//! ```text
//! cargo run --release -p basics --example outliers
//! ```
//!
//! Z-score rule (a value more than 3 standard deviations from its feature's mean):
//! ```python
//! z = (X - X.mean(axis=0)) / X.std(axis=0)
//! mask = (np.abs(z) > 3).any(axis=1)
//! X_clean = X[~mask]
//! ```
//! IQR rule (Tukey's fences, what a box plot draws as dots):
//! ```python
//! q1, q3 = np.percentile(X, [25, 75], axis=0)
//! iqr = q3 - q1
//! mask = ((X < q1 - 1.5 * iqr) | (X > q3 + 1.5 * iqr)).any(axis=1)
//! ```

use basics::indexing::{compress, count_nonzero, flatnonzero};
use basics::operations::{mean_axis, percentile_axis, std_axis};
use datasets::iris::{FEATURE_NAMES, TARGET_NAMES};
use ndarray::{Array1, Array2, Axis, Zip};

/// Print the flagged rows and which features flagged them; return the row mask.
fn report(
    rule: &str,
    x: &Array2<f64>,
    target: &Array1<usize>,
    flags: &Array2<bool>,
) -> Array1<bool> {
    // mask = flags.any(axis=1)
    let mask = flags.map_axis(Axis(1), |row| row.iter().any(|&f| f));
    println!(
        "{rule}: {} of {} rows flagged",
        count_nonzero(&mask),
        x.nrows()
    );
    for i in flatnonzero(&mask) {
        let why: Vec<String> = (0..x.ncols())
            .filter(|&j| flags[[i, j]])
            .map(|j| format!("{} = {:.1}", FEATURE_NAMES[j], x[[i, j]]))
            .collect();
        println!(
            "  row {i:>3} ({:<10}) {}",
            TARGET_NAMES[target[i]],
            why.join(", ")
        );
    }
    mask
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
    let (x, y) = (&iris.data, &iris.target);

    // --- z-score rule -------------------------------------------------------------------
    let z = (x - &mean_axis(x, 0)?) / &std_axis(x, 0, 0)?; // (X - X.mean(0)) / X.std(0)
    let z_flags = z.mapv(|v| v.abs() > 3.0); // np.abs(z) > 3
    let z_mask = report("z-score rule |z| > 3", x, y, &z_flags);

    // --- IQR rule -----------------------------------------------------------------------
    let q1 = percentile_axis(x, 25.0, 0)?;
    let q3 = percentile_axis(x, 75.0, 0)?;
    let iqr = &q3 - &q1;
    let low = &q1 - &(1.5 * &iqr); // (4,) fences, broadcast against (150, 4) below
    let high = &q3 + &(1.5 * &iqr);
    let mut iqr_flags = Array2::from_elem(x.dim(), false);
    Zip::from(iqr_flags.rows_mut())
        .and(x.rows())
        .for_each(|mut flags, row| {
            Zip::from(&mut flags)
                .and(&row)
                .and(&low)
                .and(&high)
                .for_each(|f, &v, &lo, &hi| *f = v < lo || v > hi);
        });
    println!();
    let iqr_mask = report(
        "IQR rule (outside q1 - 1.5 IQR, q3 + 1.5 IQR)",
        x,
        y,
        &iqr_flags,
    );
    println!("  fences low  = {:.3}", low);
    println!("  fences high = {:.3}", high);

    // --- remove them: X[~mask] ----------------------------------------------------------
    let keep_z = z_mask.mapv(|m| !m);
    let keep_iqr = iqr_mask.mapv(|m| !m);
    let clean_z = compress(x, &keep_z, 0)?;
    let clean_iqr = compress(x, &keep_iqr, 0)?;
    println!(
        "\nafter removal: z-score rule keeps {:?}, IQR rule keeps {:?}",
        clean_z.dim(),
        clean_iqr.dim()
    );

    println!("result: zscore_outlier_rows = {:?}", flatnonzero(&z_mask));
    println!("result: iqr_outlier_rows = {:?}", flatnonzero(&iqr_mask));
    println!("result: n_outliers_zscore = {}", count_nonzero(&z_mask));
    println!("result: n_outliers_iqr = {}", count_nonzero(&iqr_mask));
    println!(
        "result: clean_shape_iqr = {:?}",
        [clean_iqr.nrows(), clean_iqr.ncols()]
    );
    Ok(())
}
