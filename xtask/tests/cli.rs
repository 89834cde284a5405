//! The `xtask` binary as a user runs it.
//!
//! Having an integration test also makes `cargo test --workspace` build `target/debug/xtask`
//! with the test build's features, which CI then runs directly (`.ci/run`) instead of
//! building it a second time through `cargo xtask`.

use std::process::Command;

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("the xtask binary runs")
}

#[test]
fn without_a_command_it_prints_the_usage_and_exits_with_2() {
    let out = xtask(&[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cargo xtask fetch-data"), "{stderr}");
}

#[test]
fn an_unknown_command_is_an_error_naming_it() {
    let out = xtask(&["fetch-everything"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("\"fetch-everything\""), "{stderr}");
}

#[test]
fn help_lists_every_command() {
    let out = xtask(&["help"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    for command in ["fetch-data", "tasks", "stage", "notebooks", "bench"] {
        assert!(
            stdout.contains(&format!("cargo xtask {command}")),
            "{command}: {stdout}"
        );
    }
}
