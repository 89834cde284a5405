//! Where datasets live on disk.
//!
//! The cache directory is chosen, first match wins, by
//! 1. an explicit path (`--data-dir D` on the command line, [`DataDir::new`] in code);
//! 2. the environment variable [`DATA_DIR_ENV`] (`DATASETS_DIR`);
//! 3. `datasets/` at the root of this workspace (git-ignored except its README and samples).
//!
//! Each dataset has its own sub-folder: `datasets/mnist/train-images-idx3-ubyte`, ...

use std::path::{Path, PathBuf};

use crate::registry::DatasetSpec;

/// Environment variable that overrides the default cache directory.
pub const DATA_DIR_ENV: &str = "DATASETS_DIR";

/// A dataset cache directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// Use `root` as the cache directory.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The default: `$DATASETS_DIR` if set and not empty, else `datasets/` at the workspace root.
    ///
    /// ```
    /// let dir = datasets::DataDir::default_location();
    /// assert!(dir.root().is_absolute() || std::env::var_os("DATASETS_DIR").is_some());
    /// ```
    pub fn default_location() -> Self {
        match std::env::var_os(DATA_DIR_ENV) {
            Some(v) if !v.is_empty() => Self::new(v),
            _ => Self::new(workspace_datasets_dir()),
        }
    }

    /// The cache root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Folder of one dataset (`<root>/<name>`).
    pub fn dataset_dir(&self, spec: &DatasetSpec) -> PathBuf {
        self.root.join(spec.name)
    }

    /// Path of a file of a dataset.
    pub fn file(&self, spec: &DatasetSpec, name: &str) -> PathBuf {
        self.dataset_dir(spec).join(name)
    }
}

impl Default for DataDir {
    fn default() -> Self {
        Self::default_location()
    }
}

/// `datasets/` at the workspace root, located from this crate's manifest directory at build time.
fn workspace_datasets_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    // crates/datasets -> workspace root
    let root = manifest.parent().and_then(Path::parent).unwrap_or(manifest);
    root.join("datasets")
}

/// The command that installs a dataset into `dir` (the default dir needs no `--data-dir`).
pub fn fetch_command(spec: &DatasetSpec, dir: &DataDir) -> String {
    if *dir == DataDir::new(workspace_datasets_dir()) {
        format!("cargo xtask fetch-data {}", spec.name)
    } else {
        format!(
            "cargo xtask fetch-data {} --data-dir {}",
            spec.name,
            dir.root().display()
        )
    }
}
