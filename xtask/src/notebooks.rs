//! `cargo xtask notebooks`: keep the evcxr notebooks in `notebooks/` from rotting.
//!
//! A notebook is written for the evcxr Rust kernel: `:dep` lines add crates, cells hold
//! items (`use`, `fn`, `struct`, ...) and top-level statements, variables live from one cell
//! to the next, and a cell's trailing expression is displayed. This command turns each
//! notebook into one ordinary Rust program with the same meaning:
//!
//! - `:dep name = spec` lines become `[dependencies]` (a `path` is taken relative to
//!   `notebooks/`, as evcxr does when Jupyter runs there); other `:` commands are ignored;
//! - items go to the top of the program, in order;
//! - statements go, in order, into one `main` that returns `Result` (so `?` works as in
//!   evcxr), each cell preceded by a marker so a panic names its cell;
//! - a trailing expression without `;` is printed with `{:?}`, as evcxr displays it.
//!
//! The programs are the binaries of one generated package in `target/notebooks/` (the
//! workspace's `Cargo.lock` and dev profile, so dependencies built for the tests are
//! reused), built and run one by one: a broken notebook fails the check without hiding the
//! others. The report names the notebook and the cell of every compile error or panic.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

use crate::workspace_root;

/// One notebook turned into a program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// The Rust source of the program.
    pub source: String,
    /// `:dep` lines as `(name, spec)`, specs with paths made absolute.
    pub deps: Vec<(String, String)>,
    /// For each line of `source` (0-based), the 1-based code cell it came from (0: glue).
    pub line_cells: Vec<usize>,
    /// Number of code cells.
    pub n_cells: usize,
}

/// The source lines of each code cell of an `.ipynb` document, in order.
pub fn code_cells(notebook: &Value) -> Result<Vec<String>, String> {
    let cells = notebook
        .get("cells")
        .and_then(Value::as_array)
        .ok_or("not a notebook: no \"cells\" array")?;
    let mut out = Vec::new();
    for cell in cells {
        if cell.get("cell_type").and_then(Value::as_str) != Some("code") {
            continue;
        }
        let source = match cell.get("source") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(parts)) => parts.iter().filter_map(Value::as_str).collect(),
            _ => String::new(),
        };
        out.push(source);
    }
    Ok(out)
}

const ITEM_STARTS: &[&str] = &[
    "use ",
    "pub ",
    "fn ",
    "struct ",
    "enum ",
    "impl ",
    "impl<",
    "trait ",
    "const ",
    "static ",
    "mod ",
    "type ",
    "#[",
    "extern crate ",
];

/// Whether a line at column 0 starts an item (which goes to the top of the program).
fn starts_item(line: &str) -> bool {
    ITEM_STARTS.iter().any(|p| line.starts_with(p))
}

/// Whether an item that starts with this line ends at the first line ending in `;`.
fn is_one_statement_item(line: &str) -> bool {
    [
        "use ",
        "pub use ",
        "const ",
        "pub const ",
        "static ",
        "type ",
        "extern crate ",
    ]
    .iter()
    .any(|p| line.starts_with(p))
        && !line.trim_end().ends_with('{')
}

/// A `:dep name = spec` line: `(name, spec)` with a relative `path = "..."` made absolute.
fn parse_dep(rest: &str, notebook_dir: &Path) -> Result<(String, String), String> {
    let (name, spec) = rest
        .split_once('=')
        .ok_or_else(|| format!("cannot read `:dep {rest}` (expected `:dep name = spec`)"))?;
    let mut spec = spec.trim().to_string();
    if let Some(start) = spec.find("path = \"") {
        let from = start + "path = \"".len();
        if let Some(len) = spec[from..].find('"') {
            let rel = &spec[from..from + len];
            let abs = notebook_dir.join(rel);
            let abs = abs.canonicalize().unwrap_or(abs);
            spec.replace_range(from..from + len, &abs.display().to_string());
        }
    }
    Ok((name.trim().to_string(), spec))
}

/// The trailing expression of a cell's statements, if the last one has no `;`: the lines
/// after the last line that ends a statement or a block.
fn split_trailing_expression(lines: &[String]) -> (Vec<String>, Option<String>) {
    let meaningful = |l: &String| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with("//")
    };
    let Some(last) = lines.iter().rposition(meaningful) else {
        return (lines.to_vec(), None);
    };
    let t = lines[last].trim_end();
    if t.ends_with(';') || t.ends_with('}') || t.ends_with('{') {
        return (lines.to_vec(), None);
    }
    let start = lines[..last]
        .iter()
        .rposition(|l| {
            let t = l.trim_end();
            t.ends_with(';') || t.ends_with('}') || t.trim().is_empty()
        })
        .map_or(0, |i| i + 1);
    let expr = lines[start..=last].join("\n");
    (lines[..start].to_vec(), Some(expr))
}

/// Turn the code cells of a notebook in `notebook_dir` into one program.
pub fn to_program(cells: &[String], notebook_dir: &Path) -> Result<Program, String> {
    let mut deps = Vec::new();
    let mut items: Vec<(usize, String)> = Vec::new();
    let mut body: Vec<(usize, String)> = Vec::new();
    for (index, cell) in cells.iter().enumerate() {
        let cell_no = index + 1;
        let mut statements = Vec::new();
        let mut lines = cell.lines().peekable();
        while let Some(line) = lines.next() {
            if let Some(rest) = line.strip_prefix(":dep ") {
                deps.push(
                    parse_dep(rest, notebook_dir).map_err(|e| format!("cell {cell_no}: {e}"))?,
                );
            } else if line.starts_with(':') {
                // Other evcxr commands (`:timing`, `:vars`, ...) do not change the program.
            } else if starts_item(line) {
                // Attributes first, then the item's own first line.
                let mut first = line;
                while first.starts_with("#[") {
                    items.push((cell_no, first.to_string()));
                    match lines.next() {
                        Some(next) => first = next,
                        None => break,
                    }
                }
                items.push((cell_no, first.to_string()));
                let one_statement = is_one_statement_item(first);
                let first = first.trim_end();
                let mut done = first.ends_with(';') || (!one_statement && first.ends_with('}'));
                while !done {
                    let Some(next) = lines.next() else { break };
                    items.push((cell_no, next.to_string()));
                    let next = next.trim_end();
                    done = if one_statement {
                        next.ends_with(';')
                    } else {
                        next == "}"
                    };
                }
            } else {
                statements.push(line.to_string());
            }
        }
        let (statements, expr) = split_trailing_expression(&statements);
        body.push((cell_no, format!("    eprintln!(\"::cell {cell_no}\");")));
        for s in statements {
            body.push((cell_no, format!("    {s}")));
        }
        if let Some(expr) = expr {
            body.push((
                cell_no,
                format!("    println!(\"{{:?}}\", {{\n{expr}\n    }});"),
            ));
        }
    }
    let mut source = String::new();
    let mut line_cells = Vec::new();
    let mut push = |text: &str, cell: usize, source: &mut String| {
        for l in text.split('\n') {
            source.push_str(l);
            source.push('\n');
            line_cells.push(cell);
        }
    };
    push(
        "// Generated by `cargo xtask notebooks` from a notebook: do not edit.\n#![allow(unused, clippy::all)]",
        0,
        &mut source,
    );
    for (cell, line) in &items {
        push(line, *cell, &mut source);
    }
    push(
        "fn main() -> Result<(), Box<dyn std::error::Error>> {",
        0,
        &mut source,
    );
    for (cell, line) in &body {
        push(line, *cell, &mut source);
    }
    push("    Ok(())\n}", 0, &mut source);
    Ok(Program {
        source,
        deps,
        line_cells,
        n_cells: cells.len(),
    })
}

/// The notebooks to check: `notebooks/*.ipynb`, sorted, optionally filtered by name.
fn find_notebooks(dir: &Path, only: &[String]) -> Result<Vec<PathBuf>, String> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ipynb"))
        .filter(|p| {
            only.is_empty()
                || p.file_stem()
                    .is_some_and(|s| only.iter().any(|o| s.to_string_lossy() == o.as_str()))
        })
        .collect();
    found.sort();
    Ok(found)
}

/// A binary name for a notebook file: `01-basics.ipynb` -> `nb_01_basics`.
fn bin_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("nb_{clean}")
}

/// One dependency of the generated package, merged over every place the workspace names it.
struct DepSpec {
    package: String,
    source: String,
    default_features: bool,
    features: BTreeSet<String>,
}

/// Every library the workspace's test build is resolved from, as `name = { ... }` specs:
/// each member that has a library, and each member's normal and dev dependencies (not the
/// optional ones, which members' features turn on), with the union of their features.
/// With these as its dependencies the generated package resolves the same features as
/// `cargo test --workspace`, so its build reuses the test build's artifacts. Also returns
/// the names of the members with a library.
fn workspace_deps(root: &Path) -> Result<(BTreeMap<String, String>, Vec<String>), String> {
    let out = crate::cargo_command()
        .current_dir(root)
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let meta: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("cargo metadata: not JSON: {e}"))?;
    let empty = Vec::new();
    let list = |v: &Value| v.as_array().unwrap_or(&empty).clone();
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut specs: BTreeMap<String, DepSpec> = BTreeMap::new();
    let mut members = Vec::new();
    for pkg in list(&meta["packages"]) {
        let has_lib = list(&pkg["targets"])
            .iter()
            .any(|t| list(&t["kind"]).iter().any(|k| k == "lib"));
        let dir = Path::new(pkg["manifest_path"].as_str().unwrap_or_default())
            .parent()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        if has_lib {
            let name = text(&pkg["name"]);
            members.push(name.clone());
            let spec = specs.entry(name.clone()).or_insert_with(|| DepSpec {
                package: name,
                source: format!("path = {dir:?}"),
                default_features: true,
                features: BTreeSet::new(),
            });
            spec.default_features = true;
        }
        for dep in list(&pkg["dependencies"]) {
            if dep["optional"] == true || dep["kind"] == "build" {
                continue;
            }
            let package = text(&dep["name"]);
            let key = dep["rename"]
                .as_str()
                .map_or(package.clone(), str::to_string);
            let source = match dep["path"].as_str() {
                Some(path) => format!("path = {path:?}"),
                None => format!("version = {:?}", text(&dep["req"])),
            };
            let spec = specs.entry(key).or_insert_with(|| DepSpec {
                package,
                source,
                default_features: false,
                features: BTreeSet::new(),
            });
            spec.default_features |= dep["uses_default_features"] != false;
            spec.features
                .extend(list(&dep["features"]).iter().map(&text));
        }
    }
    let specs = specs
        .into_iter()
        .map(|(key, s)| {
            let features: Vec<String> = s.features.iter().map(|f| format!("{f:?}")).collect();
            let spec = format!(
                "{{ package = {:?}, {}, default-features = {}, features = [{}] }}",
                s.package,
                s.source,
                s.default_features,
                features.join(", ")
            );
            (key, spec)
        })
        .collect();
    Ok((specs, members))
}

/// The generated package's manifest: one binary per notebook, the union of their `:dep`s,
/// and the workspace's profiles.
///
/// The workspace members are path dependencies here, not members, so the workspace's
/// `[profile.dev.package."*"]` (dependencies optimised) would apply to them: each gets its
/// own override with the `[profile.dev]` settings it has in the test build.
fn manifest(
    bins: &[String],
    deps: &BTreeMap<String, String>,
    members: &[String],
    root: &Path,
) -> Result<String, String> {
    let root_manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| format!("cannot read the root Cargo.toml: {e}"))?;
    let profiles = root_manifest
        .find("[profile.")
        .map(|i| root_manifest[i..].to_string())
        .unwrap_or_default();
    let mut m = String::from(
        "# Generated by `cargo xtask notebooks`.\n[package]\nname = \"notebook-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n",
    );
    for bin in bins {
        let _ = writeln!(m, "[[bin]]\nname = \"{bin}\"\npath = \"src/{bin}.rs\"\n");
    }
    m.push_str("[dependencies]\n");
    for (name, spec) in deps {
        let _ = writeln!(m, "{name} = {spec}");
    }
    m.push('\n');
    m.push_str(&profiles);
    let dev = profile_section(&root_manifest, "[profile.dev]");
    for member in members {
        let _ = write!(m, "\n[profile.dev.package.{member}]\n{dev}");
    }
    Ok(m)
}

/// The `key = value` lines of one `[section]` of a manifest (empty if it is not there).
fn profile_section(manifest: &str, header: &str) -> String {
    let mut lines = manifest.lines().skip_while(|l| l.trim() != header);
    lines.next();
    lines
        .take_while(|l| !l.trim_start().starts_with('['))
        .filter(|l| l.contains('=') && !l.trim_start().starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The cell a compile error points at, from rustc's `--> src/BIN.rs:LINE:COL` lines.
fn error_cells(output: &str, bin: &str, program: &Program) -> Vec<usize> {
    let needle = format!("src/{bin}.rs:");
    let mut cells: Vec<usize> = output
        .lines()
        .filter_map(|l| l.split_once(&needle).map(|(_, rest)| rest))
        .filter_map(|rest| rest.split(':').next()?.parse::<usize>().ok())
        .filter_map(|line| program.line_cells.get(line.checked_sub(1)?).copied())
        .filter(|&c| c > 0)
        .collect();
    cells.sort_unstable();
    cells.dedup();
    cells
}

/// The cell whose marker was printed last before a failure.
fn last_cell(stderr: &str) -> Option<usize> {
    stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("::cell ")?.trim().parse().ok())
}

/// `cargo xtask notebooks [NAME ...]`.
pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(flag) = args.iter().find(|a| a.starts_with('-')) {
        return Err(format!(
            "unknown option {flag}: usage `cargo xtask notebooks [NAME ...]`"
        ));
    }
    let root = workspace_root();
    let nb_dir = root.join("notebooks");
    let notebooks = find_notebooks(&nb_dir, args)?;
    if notebooks.is_empty() {
        return Err(format!("no notebooks found in {}", nb_dir.display()));
    }
    // The workspace's target folder (or the one CARGO_TARGET_DIR names), so the dependencies
    // built for the tests are reused.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let out_dir = target.join("notebooks");
    std::fs::create_dir_all(out_dir.join("src")).map_err(|e| e.to_string())?;

    let mut programs = Vec::new();
    let mut deps: BTreeMap<String, String> = BTreeMap::new();
    for path in &notebooks {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let json: Value = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
        let program = to_program(&code_cells(&json)?, &nb_dir)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        for (name, spec) in &program.deps {
            if let Some(old) = deps.insert(name.clone(), spec.clone())
                && &old != spec
            {
                return Err(format!(
                    "{}: `:dep {name}` is `{spec}` here but `{old}` in another notebook; use one spec",
                    path.display()
                ));
            }
        }
        let bin = bin_name(path);
        std::fs::write(
            out_dir.join("src").join(format!("{bin}.rs")),
            &program.source,
        )
        .map_err(|e| e.to_string())?;
        programs.push((path.clone(), bin, program));
    }
    // Same dependency declarations as the workspace's test build, so cargo resolves the same
    // features and reuses what `cargo test --workspace` compiled instead of rebuilding
    // ndarray, faer and every chapter with a different feature set.
    let (workspace, members) = workspace_deps(&root)?;
    deps.extend(workspace);
    let bins: Vec<String> = programs.iter().map(|(_, b, _)| b.clone()).collect();
    std::fs::write(
        out_dir.join("Cargo.toml"),
        manifest(&bins, &deps, &members, &root)?,
    )
    .map_err(|e| e.to_string())?;
    std::fs::copy(root.join("Cargo.lock"), out_dir.join("Cargo.lock"))
        .map_err(|e| e.to_string())?;

    let mut failures = Vec::new();
    println!("{:<28} {:>6} {:>9}  result", "notebook", "cells", "time");
    for (path, bin, program) in &programs {
        let name = path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let started = Instant::now();
        let build = crate::cargo_command()
            .args(["build", "--quiet", "--bin", bin, "--manifest-path"])
            .arg(out_dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !build.status.success() {
            let stderr = String::from_utf8_lossy(&build.stderr);
            let cells = error_cells(&stderr, bin, program);
            println!(
                "{name:<28} {:>6} {:>9}  FAILED to compile (cells {cells:?})",
                program.n_cells, "-"
            );
            eprintln!("{stderr}");
            failures.push(format!("{name}: compile error in cell(s) {cells:?}"));
            continue;
        }
        let exe = target.join("debug").join(bin);
        let run = Command::new(&exe)
            .current_dir(&nb_dir)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
        let secs = started.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&run.stderr);
        if run.status.success() {
            println!("{name:<28} {:>6} {secs:>8.1}s  ok", program.n_cells);
        } else {
            let cell = last_cell(&stderr).map_or("?".to_string(), |c| c.to_string());
            println!(
                "{name:<28} {:>6} {secs:>8.1}s  FAILED in cell {cell}",
                program.n_cells
            );
            eprintln!(
                "--- {name} stdout ---\n{}",
                String::from_utf8_lossy(&run.stdout)
            );
            eprintln!("--- {name} stderr ---\n{stderr}");
            failures.push(format!("{name}: failed in cell {cell}"));
        }
    }
    if failures.is_empty() {
        println!("all {} notebooks ran", programs.len());
        Ok(())
    } else {
        Err(format!(
            "{} notebook(s) failed:\n  {}",
            failures.len(),
            failures.join("\n  ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_section_reads_only_the_named_section() {
        let manifest = "[profile.release]\nopt-level = 3\n\n[profile.dev]\n# comment\nopt-level = 1\ndebug = \"line-tables-only\"\n\n[profile.dev.package.\"*\"]\nopt-level = 3\n";
        assert_eq!(
            profile_section(manifest, "[profile.dev]"),
            "opt-level = 1\ndebug = \"line-tables-only\"\n"
        );
        assert_eq!(profile_section(manifest, "[profile.test]"), "");
    }

    fn cells(src: &[&str]) -> Vec<String> {
        src.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn dep_lines_become_dependencies_with_absolute_paths() {
        let dir = std::env::temp_dir();
        let p = to_program(
            &cells(&[":dep ndarray = \"0.16.1\"\n:dep x = { path = \"../x\" }"]),
            &dir,
        )
        .unwrap();
        assert_eq!(p.deps[0], ("ndarray".into(), "\"0.16.1\"".into()));
        assert!(
            p.deps[1]
                .1
                .contains(&dir.join("../x").display().to_string())
        );
        assert!(!p.source.contains(":dep"));
    }

    #[test]
    fn items_go_to_the_top_and_statements_into_main_in_order() {
        let p = to_program(
            &cells(&[
                "use std::fmt;\nlet a = 1;",
                "fn twice(x: i32) -> i32 {\n    2 * x\n}\nlet b = twice(a);",
            ]),
            Path::new("."),
        )
        .unwrap();
        let main_at = p.source.find("fn main").unwrap();
        assert!(p.source.find("use std::fmt;").unwrap() < main_at);
        assert!(p.source.find("fn twice").unwrap() < main_at);
        assert!(p.source.find("let a = 1;").unwrap() > main_at);
        assert!(p.source.find("let a = 1;").unwrap() < p.source.find("let b = twice(a);").unwrap());
    }

    #[test]
    fn a_trailing_expression_is_printed_like_evcxr_displays_it() {
        let p = to_program(&cells(&["let a = 2;\na * 21"]), Path::new(".")).unwrap();
        assert!(p.source.contains("println!(\"{:?}\", {\na * 21\n    });"));
        let q = to_program(&cells(&["let a = 2;"]), Path::new(".")).unwrap();
        assert!(!q.source.contains("println!(\"{:?}\""));
    }

    #[test]
    fn each_source_line_knows_its_cell() {
        let p = to_program(&cells(&["let a = 1;", "let b = oops;"]), Path::new(".")).unwrap();
        let line = p.source.lines().position(|l| l.contains("oops")).unwrap();
        assert_eq!(p.line_cells[line], 2);
        let rustc = format!("error[E0425]\n  --> src/nb_x.rs:{}:13", line + 1);
        assert_eq!(error_cells(&rustc, "nb_x", &p), vec![2]);
    }

    #[test]
    fn the_last_marker_names_the_cell_that_panicked() {
        assert_eq!(
            last_cell("::cell 1\n::cell 2\nthread 'main' panicked"),
            Some(2)
        );
        assert_eq!(last_cell("nothing"), None);
    }

    #[test]
    fn code_cells_reads_string_and_list_sources_and_skips_markdown() {
        let nb: Value = serde_json::from_str(
            r##"{"cells":[{"cell_type":"markdown","source":["# t"]},
            {"cell_type":"code","source":["let a = 1;\n","a"]},
            {"cell_type":"code","source":"let b = 2;"}]}"##,
        )
        .unwrap();
        assert_eq!(
            code_cells(&nb).unwrap(),
            vec!["let a = 1;\na".to_string(), "let b = 2;".to_string()]
        );
        assert!(code_cells(&serde_json::json!({})).is_err());
    }
}
