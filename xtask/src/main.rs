//! `cargo xtask`: the workspace's own commands.
//!
//! ```text
//! cargo xtask fetch-data [iris|mnist|cifar10|all] [--data-dir D] [--from DIR] [--force]
//! cargo xtask tasks [--crate NAME] [--example NAME]   run every practical-task example (release)
//! cargo xtask stage <chapter>                          a chapter's tests, then its examples
//! cargo xtask notebooks [NAME ...]                     build and run every notebook's code cells
//! cargo xtask bench [--quick] [--runs N] [--python P]  Rust workloads beside their NumPy twins
//! ```

mod bench;
mod fetch_data;
mod notebooks;
mod tasks;

use std::path::PathBuf;
use std::process::{Command, ExitCode};

const USAGE: &str = "usage:
  cargo xtask fetch-data [iris|mnist|cifar10|all] [--data-dir D] [--from DIR] [--force]
      download (or, with --from, install from a local folder) and verify datasets
  cargo xtask tasks [--crate NAME] [--example NAME]
      run the practical-task examples in release mode; summary in target/tasks/summary.json
  cargo xtask stage <chapter>
      run a chapter's tests, then its examples (e.g. `cargo xtask stage basics`)
  cargo xtask notebooks [NAME ...]
      turn each notebooks/*.ipynb into a program, build and run it, report the failing cell
  cargo xtask bench [--quick] [--runs N] [--python PATH | --no-python] [--only NAME,...]
      each workload in Rust (release) and NumPy, alternating; table + target/bench/summary.json";

/// A `cargo` command for a nested build, with the environment `cargo run` gave this process
/// removed (`CARGO_MANIFEST_DIR`, `CARGO_PKG_NAME`, ...).
///
/// Some build scripts (ring's, through cc) ask to be rerun when those variables change, and
/// cargo compares them with its own environment: inherited from `cargo xtask`, they would make
/// the nested build re-run those scripts and rebuild ring, rustls, ureq and every crate above
/// them, instead of reusing what `cargo test --workspace` built.
pub fn cargo_command() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_MANIFEST_")
            || matches!(
                key.as_ref(),
                "CARGO_CRATE_NAME" | "CARGO_BIN_NAME" | "CARGO_PRIMARY_PACKAGE"
            )
        {
            cmd.env_remove(key.as_ref());
        }
    }
    cmd
}

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "fetch-data" => fetch_data::run(rest),
        "tasks" => tasks::run_tasks(rest),
        "stage" => tasks::run_stage(rest),
        "notebooks" => notebooks::run(rest),
        "bench" => bench::run(rest),
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
