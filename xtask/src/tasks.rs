//! `cargo xtask tasks` and `cargo xtask stage`: run the practical-task examples.
//!
//! Every crate under `crates/` joins automatically: its `examples/*.rs` (and
//! `examples/<name>/main.rs`) are the practical tasks. The convention every example follows:
//! - it prints what a person wants to read;
//! - it ends with its key results as lines `result: <key> = <value>` (a number or JSON);
//! - when its data is missing it prints `skipped: <reason and the fetch command>` and exits 0.
//!
//! `tasks` builds the examples once in release mode, runs each from the workspace root,
//! collects the `result:` lines into `target/tasks/summary.json` (one object per example
//! with its wall time and exit status; `target` is `$CARGO_TARGET_DIR` when set) and prints
//! a table. Roadmap tasks ([`ROADMAP`]) without an example get a `missing` row.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::{Map, Value, json};

use crate::workspace_root;

/// Chapter order; crates not listed come after, alphabetically.
const CHAPTERS: &[&str] = &[
    "datasets",
    "basics",
    "linalg",
    "tensors",
    "algorithms",
    "applications",
    "performance",
];

/// Every practical task the roadmap names, `(crate, example, what it is)`, in course order:
/// the issue of each chapter lists them under "Practical tasks"; `portfolio_mnist` is the
/// course's end-to-end project. `tasks` runs whatever `discover` finds and adds a `missing`
/// row for each task here that has no example yet, so the table is the whole course.
#[rustfmt::skip]
pub const ROADMAP: &[(&str, &str, &str)] = &[
    ("datasets",     "iris_summary",              "the bundled Iris, summarised"),
    ("datasets",     "mnist_summary",             "MNIST installed, verified and summarised"),
    ("basics",       "csv_normalize",             "a CSV with gaps: load, impute, scale, save .npy"),
    ("basics",       "iris_stats",                "per-feature statistics of Iris"),
    ("basics",       "normalize",                 "min-max and z-score scaling by broadcasting"),
    ("basics",       "outliers",                  "z-score and IQR outlier filters with boolean masks"),
    ("basics",       "split",                     "plain and stratified train/test split"),
    ("linalg",       "linreg_normal_equations",   "linear regression with dot + solve and lstsq"),
    ("linalg",       "pca_svd_mnist",             "PCA of MNIST by thin SVD"),
    ("linalg",       "svd_low_rank",              "low-rank approximation of MNIST images"),
    ("tensors",      "einsum_tour",               "einsum expressions checked against explicit operations"),
    ("tensors",      "image_batch_reshape",       "an MNIST batch to NCHW and back"),
    ("tensors",      "sparse_vs_dense",           "sparse against dense products"),
    ("tensors",      "tucker_images",             "Tucker and CP decompositions of MNIST digits"),
    ("algorithms",   "kmeans_mnist",              "K-means k=10 on MNIST"),
    ("algorithms",   "kmeans_synthetic",          "K-means recovering known blob centres"),
    ("algorithms",   "linear_regression_iris",    "normal equations and GD side by side"),
    ("algorithms",   "logistic_regression_mnist", "softmax regression on MNIST"),
    ("algorithms",   "mlp_mnist",                 "an MLP trained on MNIST"),
    ("algorithms",   "pca_mnist",                 "top-50 PCA components of MNIST"),
    ("applications", "cifar10_preprocess",        "CIFAR-10 augmented and normalised"),
    ("applications", "confusion_matrix",          "confusion matrices and per-class P/R/F1"),
    ("applications", "mnist_forward_pass",        "a vectorised MLP forward pass over MNIST"),
    ("applications", "pca_high_dim",              "MNIST 784 -> 50 -> 2, scatter and classifier"),
    ("applications", "portfolio_mnist",           "the portfolio project: MNIST -> standardise -> PCA -> MLP -> metrics, figures -> .npy"),
    ("applications", "roc_curves",                "ROC and PR curves with AUC"),
    ("performance",  "custom_activation",         "a custom ufunc and its derivative, serial vs parallel"),
    ("performance",  "export_npy",                "preprocessed MNIST saved as .npy/.npz for Python"),
    ("performance",  "memmap_large",              "a multi-GiB .npy streamed through a memmap"),
    ("performance",  "optimize_gd_loop",          "a GD loop made allocation-free, fused, parallel"),
    ("performance",  "summation_error",           "naive vs pairwise f32 summation error"),
    ("performance",  "to_zarr",                   "a large array written as chunked Zarr"),
    ("performance",  "vectorize_matmul",          "matmul loops vs .dot vs parallel, GFLOP/s"),
];

/// Roadmap tasks (of `ROADMAP`) that have no example among `found`.
pub fn missing_tasks(found: &[Example]) -> Vec<Example> {
    ROADMAP
        .iter()
        .filter(|(k, n, _)| !found.iter().any(|e| e.krate == *k && e.name == *n))
        .map(|(k, n, _)| Example {
            krate: k.to_string(),
            name: n.to_string(),
        })
        .collect()
}

/// Where cargo puts build output: `$CARGO_TARGET_DIR` (relative to the workspace root when
/// relative) or `<root>/target`.
fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => root.join("target"),
    }
}

/// One example program of one crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// Package name.
    pub krate: String,
    /// Example name (`--example NAME`).
    pub name: String,
}

/// What an example's output says.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Parsed {
    /// `result:` lines, in order, values parsed as JSON when they are JSON.
    pub results: Map<String, Value>,
    /// The reason given on a `skipped:` line.
    pub skipped: Option<String>,
}

/// Parse `result: key = value` and `skipped: reason` lines out of an example's stdout.
pub fn parse_output(stdout: &str) -> Parsed {
    let mut parsed = Parsed::default();
    for line in stdout.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("result:") {
            if let Some((key, value)) = rest.split_once('=') {
                let value = value.trim();
                let value = serde_json::from_str(value).unwrap_or_else(|_| json!(value));
                parsed.results.insert(key.trim().to_string(), value);
            }
        } else if let Some(reason) = line.strip_prefix("skipped:") {
            parsed.skipped = Some(reason.trim().to_string());
        }
    }
    parsed
}

/// Package name from a crate's Cargo.toml (`name = "..."` in `[package]`).
fn package_name(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let mut in_package = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package && let Some(v) = line.strip_prefix("name") {
            let v = v.trim_start().strip_prefix('=')?.trim();
            return Some(v.trim_matches('"').to_string());
        }
    }
    None
}

/// Every example of every crate under `crates/`, in chapter order.
pub fn discover(root: &Path) -> Vec<Example> {
    let mut crates: Vec<(String, PathBuf)> = std::fs::read_dir(root.join("crates"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let dir = e.path();
            package_name(&dir.join("Cargo.toml")).map(|name| (name, dir))
        })
        .collect();
    let rank = |name: &str| {
        CHAPTERS
            .iter()
            .position(|c| *c == name)
            .unwrap_or(CHAPTERS.len())
    };
    crates.sort_by(|a, b| (rank(&a.0), &a.0).cmp(&(rank(&b.0), &b.0)));
    let mut examples = Vec::new();
    for (krate, dir) in crates {
        let mut names: Vec<String> = std::fs::read_dir(dir.join("examples"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let path = e.path();
                if path.extension().is_some_and(|x| x == "rs") {
                    path.file_stem().map(|s| s.to_string_lossy().into_owned())
                } else if path.join("main.rs").is_file() {
                    path.file_name().map(|s| s.to_string_lossy().into_owned())
                } else {
                    None
                }
            })
            .collect();
        names.sort();
        examples.extend(names.into_iter().map(|name| Example {
            krate: krate.clone(),
            name,
        }));
    }
    examples
}

/// Examples that need a cargo feature of their crate (`required-features`), and that feature.
const EXAMPLE_FEATURES: &[(&str, &str)] = &[("performance", "performance/zarr")];

/// Build the examples of the given crates in release mode.
fn build_examples(root: &Path, crates: &[String]) -> Result<(), String> {
    let mut cmd = crate::cargo_command();
    cmd.current_dir(root)
        .args(["build", "--release", "--examples"]);
    for c in crates {
        cmd.args(["-p", c]);
        for (krate, feature) in EXAMPLE_FEATURES {
            if c == krate {
                cmd.args(["--features", feature]);
            }
        }
    }
    let status = cmd.status().map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("building the examples failed".into())
    }
}

/// Run one built example, echoing its output, and describe the outcome as JSON.
fn run_example(root: &Path, example: &Example) -> Value {
    let exe = target_dir(root).join("release/examples").join(format!(
        "{}{}",
        example.name,
        std::env::consts::EXE_SUFFIX
    ));
    println!("\n=== {}/{} ===", example.krate, example.name);
    let start = Instant::now();
    let child = Command::new(&exe)
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            return json!({"crate": example.krate, "example": example.name, "status": "failed",
                          "exit_code": null, "wall_seconds": 0.0, "error": format!("cannot start {}: {e}", exe.display()), "results": {}});
        }
    };
    let mut stdout = String::new();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("  {line}");
            stdout.push_str(&line);
            stdout.push('\n');
        }
    }
    let status = child.wait();
    let wall = start.elapsed().as_secs_f64();
    let code = status.as_ref().ok().and_then(|s| s.code());
    let parsed = parse_output(&stdout);
    let state = match (&status, &parsed.skipped) {
        (Ok(s), Some(_)) if s.success() => "skipped",
        (Ok(s), None) if s.success() => "ok",
        _ => "failed",
    };
    json!({
        "crate": example.krate,
        "example": example.name,
        "status": state,
        "exit_code": code,
        "wall_seconds": (wall * 1000.0).round() / 1000.0,
        "skipped": parsed.skipped,
        "results": parsed.results,
    })
}

fn parse_filters(args: &[String]) -> Result<(Option<String>, Option<String>), String> {
    let (mut krate, mut example) = (None, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--crate" | "-p" => krate = Some(it.next().ok_or("--crate needs a name")?.clone()),
            "--example" => example = Some(it.next().ok_or("--example needs a name")?.clone()),
            other => return Err(format!("unknown argument {other:?} for tasks")),
        }
    }
    Ok((krate, example))
}

/// Run the selected examples and write the summary.
fn run_selected(krate: Option<&str>, example: Option<&str>) -> Result<(), String> {
    let root = workspace_root();
    let selected =
        |e: &Example| krate.is_none_or(|k| e.krate == k) && example.is_none_or(|x| e.name == x);
    let found = discover(&root);
    let missing: Vec<Example> = missing_tasks(&found).into_iter().filter(selected).collect();
    let examples: Vec<Example> = found.into_iter().filter(selected).collect();
    if examples.is_empty() && missing.is_empty() {
        println!("no examples match");
        return Ok(());
    }
    let mut crates: Vec<String> = examples.iter().map(|e| e.krate.clone()).collect();
    crates.dedup();
    if !crates.is_empty() {
        build_examples(&root, &crates)?;
    }
    let mut rows: Vec<Value> = examples.iter().map(|e| run_example(&root, e)).collect();
    rows.extend(missing.iter().map(|e| {
        let what = ROADMAP
            .iter()
            .find(|(k, n, _)| *k == e.krate && *n == e.name)
            .map_or("", |(_, _, w)| w);
        json!({"crate": e.krate, "example": e.name, "status": "missing",
               "exit_code": null, "wall_seconds": 0.0, "results": {},
               "skipped": format!("roadmap task not written yet: {what}")})
    }));
    let dir = target_dir(&root).join("tasks");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let summary = dir.join("summary.json");
    let text = serde_json::to_string_pretty(&rows).expect("JSON values serialise");
    std::fs::write(&summary, text).map_err(|e| format!("{}: {e}", summary.display()))?;
    print_table(&rows);
    println!("\nsummary written to {}", summary.display());
    let failed: Vec<String> = rows
        .iter()
        .filter(|r| r["status"] == "failed")
        .map(|r| {
            format!(
                "{}/{}",
                r["crate"].as_str().unwrap_or(""),
                r["example"].as_str().unwrap_or("")
            )
        })
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("failed examples: {}", failed.join(", ")))
    }
}

fn print_table(rows: &[Value]) {
    println!(
        "\n{:<14} {:<26} {:<8} {:>9}  results",
        "crate", "example", "status", "seconds"
    );
    println!("{}", "-".repeat(90));
    for r in rows {
        let results = r["results"].as_object().map_or(0, Map::len);
        let note = match r["status"].as_str() {
            Some("skipped" | "missing") => r["skipped"].as_str().unwrap_or("").to_string(),
            _ => format!("{results} result lines"),
        };
        println!(
            "{:<14} {:<26} {:<8} {:>9.2}  {}",
            r["crate"].as_str().unwrap_or(""),
            r["example"].as_str().unwrap_or(""),
            r["status"].as_str().unwrap_or(""),
            r["wall_seconds"].as_f64().unwrap_or(0.0),
            note
        );
    }
}

/// `cargo xtask tasks [--crate NAME] [--example NAME]`.
pub fn run_tasks(args: &[String]) -> Result<(), String> {
    let (krate, example) = parse_filters(args)?;
    run_selected(krate.as_deref(), example.as_deref())
}

/// `cargo xtask stage <chapter>`: the chapter's tests, then its examples.
pub fn run_stage(args: &[String]) -> Result<(), String> {
    let [chapter] = args else {
        return Err("usage: cargo xtask stage <chapter> (a crate name under crates/)".into());
    };
    let root = workspace_root();
    let known: Vec<String> = std::fs::read_dir(root.join("crates"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| package_name(&e.path().join("Cargo.toml")))
        .collect();
    if !known.contains(chapter) {
        return Err(format!(
            "no chapter {chapter:?}; chapters here: {}",
            known.join(", ")
        ));
    }
    let status = crate::cargo_command()
        .current_dir(&root)
        .args(["test", "-p", chapter])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("tests of {chapter} failed"));
    }
    run_selected(Some(chapter), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_lines_are_parsed_as_json_when_they_are_json() {
        let out = "hello\nresult: r2 = 0.9380\nresult: mean = [1.5, 2.0]\nresult: name = setosa\n";
        let p = parse_output(out);
        assert_eq!(p.results["r2"], json!(0.938));
        assert_eq!(p.results["mean"], json!([1.5, 2.0]));
        assert_eq!(p.results["name"], json!("setosa"));
        assert_eq!(p.skipped, None);
    }

    #[test]
    fn skipped_line_gives_the_reason() {
        let p = parse_output("skipped: MNIST is not installed; run cargo xtask fetch-data mnist\n");
        assert_eq!(
            p.skipped.as_deref(),
            Some("MNIST is not installed; run cargo xtask fetch-data mnist")
        );
    }

    #[test]
    fn a_roadmap_task_without_an_example_is_reported_missing() {
        let mut found: Vec<Example> = ROADMAP
            .iter()
            .map(|(k, n, _)| Example {
                krate: k.to_string(),
                name: n.to_string(),
            })
            .collect();
        assert!(missing_tasks(&found).is_empty());
        let gone = found.remove(3);
        assert_eq!(missing_tasks(&found), vec![gone]);
    }

    #[test]
    fn every_example_of_the_workspace_is_on_the_roadmap() {
        let extra: Vec<Example> = discover(&workspace_root())
            .into_iter()
            .filter(|e| {
                !ROADMAP
                    .iter()
                    .any(|(k, n, _)| e.krate == *k && e.name == *n)
            })
            .collect();
        assert!(
            extra.is_empty(),
            "add these examples to ROADMAP in xtask/src/tasks.rs: {extra:?}"
        );
    }

    #[test]
    fn the_roadmap_names_each_task_once_in_chapter_order() {
        let rank = |c: &str| CHAPTERS.iter().position(|x| *x == c);
        assert!(ROADMAP.iter().all(|(k, _, _)| rank(k).is_some()));
        assert!(
            ROADMAP
                .windows(2)
                .all(|w| { (rank(w[0].0), w[0].1) < (rank(w[1].0), w[1].1) })
        );
    }

    #[test]
    fn examples_of_the_datasets_crate_are_discovered() {
        let found = discover(&workspace_root());
        assert!(
            found
                .iter()
                .all(|e| !e.name.is_empty() && !e.krate.is_empty())
        );
        let ranks: Vec<usize> = found
            .iter()
            .map(|e| {
                CHAPTERS
                    .iter()
                    .position(|c| *c == e.krate)
                    .unwrap_or(CHAPTERS.len())
            })
            .collect();
        assert!(
            ranks.windows(2).all(|w| w[0] <= w[1]),
            "chapter order: {found:?}"
        );
    }
}
