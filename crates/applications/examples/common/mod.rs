//! Shared by the examples: MNIST or a `skipped:` line, errors as messages.
#![allow(dead_code)]

use datasets::mnist::{self, Mnist, Split};

/// Both MNIST splits, or `None` after printing `skipped: <how to install it>`.
pub fn mnist_or_skip() -> Option<(Mnist, Mnist)> {
    let train = or_exit(datasets::or_skip(mnist::load(Split::Train)))?;
    let test = or_exit(datasets::or_skip(mnist::load(Split::Test)))?;
    Some((train, test))
}

/// Exits with the error's message (examples are programs: a message, not a panic).
pub fn or_exit<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    })
}

/// `target/figures/<name>`.
pub fn figure(name: &str) -> std::path::PathBuf {
    or_exit(applications::plots::figures_dir()).join(name)
}

/// "0" ... "9".
pub fn digit_names() -> Vec<String> {
    (0..10).map(|d| d.to_string()).collect()
}
