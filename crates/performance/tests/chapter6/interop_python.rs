//! Files written by this crate, loaded by real NumPy (and safetensors, pandas, zarr + dask
//! when installed) through `tests/python/check_rust_files.py`.
//!
//! Python is looked for in `$PYTHON`, then the workspace's `.venv/bin/python`, then
//! `python3`; without one that imports numpy the test prints `skipped:` and passes.

use std::path::{Path, PathBuf};
use std::process::Command;

use ndarray::{Array1, Array2};
use performance::interop::npy::{NpzFile, save_npy, to_fortran_order};
use performance::interop::safetensors::SafetensorsWriter;
use performance::interop::table::{Column, Table, write_csv};
// Parquet and Zarr files are written only when their features are on (the workspace build
// turns them on; `cargo test -p performance` alone does not); the script checks what is there.
#[cfg(feature = "parquet")]
use performance::interop::table::write_parquet;
#[cfg(feature = "zarr")]
use performance::interop::zarr::write_zarr;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn python_with_numpy() -> Option<String> {
    let venv = workspace().join(".venv/bin/python");
    let candidates = [
        std::env::var("PYTHON").ok(),
        venv.is_file().then(|| venv.display().to_string()),
        Some("python3".to_string()),
    ];
    candidates.into_iter().flatten().find(|python| {
        Command::new(python)
            .args(["-c", "import numpy"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// The arrays of `check_rust_files.py`, built from the same formulas.
fn write_files(dir: &Path) {
    let x = Array2::from_shape_fn((6, 7), |(i, j)| ((7 * i + j) as f32 - 20.0) / 16.0);
    let labels = Array1::from_iter((0..6i64).map(|k| k % 4));
    let pixels = Array2::from_shape_fn((6, 7), |(i, j)| ((7 * i + j) * 7 % 256) as u8);
    let mask = x.mapv(|v| v > 0.0);
    save_npy(dir.join("x_c.npy"), &x).unwrap();
    save_npy(
        dir.join("x_fortran.npy"),
        &to_fortran_order(&x.mapv(f64::from)),
    )
    .unwrap();
    save_npy(dir.join("labels.npy"), &labels).unwrap();
    save_npy(dir.join("pixels.npy"), &pixels).unwrap();
    save_npy(dir.join("mask.npy"), &mask).unwrap();
    NpzFile::create_compressed(dir.join("data.npz"))
        .and_then(|z| z.add("x", &x))
        .and_then(|z| z.add("labels", &labels))
        .and_then(|z| z.add("mask", &mask))
        .and_then(|z| z.finish())
        .unwrap();
    SafetensorsWriter::new()
        .add("x", &x)
        .and_then(|w| w.add("labels", &labels))
        .and_then(|w| w.add("pixels", &pixels))
        .and_then(|w| w.add("mask", &mask))
        .and_then(|w| w.save(dir.join("t.safetensors")))
        .unwrap();
    let names: Vec<String> = (0..7).map(|j| format!("f{j}")).collect();
    let mut table = Table::from_array(&names, &x.mapv(f64::from)).unwrap();
    table.push("label", Column::I64(labels.to_vec())).unwrap();
    #[cfg(feature = "parquet")]
    write_parquet(&table, dir.join("table.parquet")).unwrap();
    write_csv(&table, dir.join("table.csv")).unwrap();
    #[cfg(feature = "zarr")]
    write_zarr(dir.join("x.zarr"), &x, &[4, 7]).unwrap();
}

#[test]
fn numpy_and_pandas_load_the_files_rust_wrote() {
    let Some(python) = python_with_numpy() else {
        println!("skipped: no python with numpy found (set PYTHON=/path/to/python)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path());
    let script = workspace().join("crates/performance/tests/python/check_rust_files.py");
    let out = Command::new(&python)
        .arg(script)
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{python}:\n{stdout}");
    assert!(
        out.status.success(),
        "python rejected a file:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("checked: npy npz"));
}
