//! Practical task 5 (the beginner project): load a CSV with missing values from disk,
//! report the gaps, impute them, standardise, and save the result as `.npy`.
//!
//! ```text
//! cargo run --release -p basics --example csv_normalize              # writes a demo CSV first
//! cargo run --release -p basics --example csv_normalize -- my.csv   # your file: header + numbers
//! ```
//!
//! The NumPy / scikit-learn version:
//! ```python
//! data = np.genfromtxt("iris_with_gaps.csv", delimiter=",", names=True)   # gaps -> nan
//! X = structured_to_unstructured(data)
//! print(np.isnan(X).sum(axis=0))
//! X = SimpleImputer(strategy="mean").fit_transform(X)
//! X = StandardScaler().fit_transform(X)
//! np.save("iris_with_gaps_normalized.npy", X)
//! ```
//!
//! The CSV needs a header line and numeric columns separated by commas. Output goes to
//! `target/examples-output/<name>_normalized.npy` in the workspace.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use basics::loading::{CsvOptions, genfromtxt, load_npy, save_npy};
use basics::operations::{mean_axis, std_axis};
use basics::preprocessing::{ImputeStrategy, SimpleImputer, StandardScaler};
use ndarray::{Axis, Ix2};

const OUT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/examples-output");

/// Write Iris as a CSV with a header and some holes: empty fields, `NA` and `?`, the three
/// spellings of "missing" found in the wild.
fn write_demo_csv(path: &Path) -> std::io::Result<usize> {
    let iris = datasets::iris::load();
    let mut text = String::from("sepal_length,sepal_width,petal_length,petal_width\n");
    let mut holes = 0;
    for (i, row) in iris.data.rows().into_iter().enumerate() {
        let fields: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(j, v)| {
                // A deterministic sprinkling of gaps: 12 cells in all.
                if (i * 7 + j * 3) % 50 == 4 {
                    holes += 1;
                    ["", "NA", "?"][holes % 3].to_string()
                } else {
                    v.to_string()
                }
            })
            .collect();
        let _ = writeln!(text, "{}", fields.join(","));
    }
    std::fs::write(path, text)?;
    Ok(holes)
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

fn run() -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(OUT_DIR)?;
    let out_dir = std::fs::canonicalize(OUT_DIR)?;
    let csv_path = match std::env::args_os().nth(1) {
        Some(p) => PathBuf::from(p),
        None => {
            let path = out_dir.join("iris_with_gaps.csv");
            let holes = write_demo_csv(&path)?;
            println!(
                "no CSV given: wrote a demo file with {holes} missing cells to {}",
                path.display()
            );
            path
        }
    };

    // data = np.genfromtxt(path, delimiter=",", names=True)
    let table = genfromtxt(&csv_path, &CsvOptions::new().header(true))?;
    let x = &table.data;
    println!(
        "loaded {} rows x {} columns from {}",
        x.nrows(),
        x.ncols(),
        csv_path.display()
    );

    // Report the gaps: where, and per column (np.isnan(X).sum(axis=0)).
    println!("\n{} missing cells:", table.n_missing());
    for cell in &table.missing {
        let name = table.names.get(cell.col).map_or("?", String::as_str);
        println!(
            "  line {:>3}, column {} ({name}): {:?}",
            cell.line, cell.column, cell.field
        );
    }
    let per_column = x.map_axis(Axis(0), |col| col.iter().filter(|v| v.is_nan()).count());
    println!("missing per column: {per_column}");

    // X = SimpleImputer(strategy="mean").fit_transform(X)
    let imputer = SimpleImputer::new(ImputeStrategy::Mean).fit(x)?;
    let filled = imputer.transform(x)?;
    println!(
        "\nimputed with the column means {:.4}",
        imputer.statistics()
    );

    // X = StandardScaler().fit_transform(X)      (ddof = 0, as scikit-learn)
    let scaler = StandardScaler::new().fit(&filled)?;
    let z = scaler.transform(&filled)?;
    let z_mean = mean_axis(&z, 0)?;
    let z_std = std_axis(&z, 0, 0)?;
    println!("standardised: mean {z_mean:.2e}");
    println!("              std  {z_std:.6}");

    // np.save(...)
    let stem = csv_path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("data");
    let npy = out_dir.join(format!("{stem}_normalized.npy"));
    save_npy(&npy, &z)?;
    let back = load_npy::<f64, Ix2>(&npy)?;
    if back != z {
        return Err("the .npy file did not read back identically".into());
    }
    println!(
        "\nsaved {:?} float64 to {} (np.load reads it)",
        z.dim(),
        npy.display()
    );

    println!("result: n_missing = {}", table.n_missing());
    println!("result: missing_per_column = {:?}", per_column.to_vec());
    println!(
        "result: imputed_means = {:?}",
        imputer.statistics().to_vec()
    );
    println!("result: output_shape = {:?}", [z.nrows(), z.ncols()]);
    println!("result: output_std = {:?}", z_std.to_vec());
    Ok(())
}
