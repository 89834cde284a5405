//! Files written by NumPy 2.4, safetensors 0.8, pandas 3.1 (pyarrow) and zarr-python 3.1
//! (`fixtures/make_interop_fixtures.py`, committed with its output) read by this crate.
//! The expected elements are the script's formulas, written out again here.

use approx::assert_abs_diff_eq;
use ndarray::{Array1, Array2, Array3, Ix0, Ix1, Ix2, Ix3};
use performance::interop::npy::{load_npy, load_npz, npz_names, read_npy_header};
use performance::interop::safetensors::SafetensorsFile;
#[cfg(feature = "parquet")]
use performance::interop::table::read_parquet;
use performance::interop::table::{Column, read_csv};
#[cfg(feature = "zarr")]
use performance::interop::zarr::read_zarr;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/interop")
        .join(name)
}

/// `(np.arange(12, dtype=np.float32) / 8 - 0.5).reshape(3, 4)`
fn f32_expected() -> Array2<f32> {
    Array2::from_shape_fn((3, 4), |(i, j)| (4 * i + j) as f32 / 8.0 - 0.5)
}

/// `np.arange(12.0).reshape(3, 4) * 0.1` (NumPy multiplies in f64: same rounding as Rust)
fn f64_expected() -> Array2<f64> {
    Array2::from_shape_fn((3, 4), |(i, j)| (4 * i + j) as f64 * 0.1)
}

/// `np.arange(-3, 7) * 1_000_000_007`
fn i64_expected() -> Array1<i64> {
    Array1::from_iter((-3..7).map(|k: i64| k * 1_000_000_007))
}

/// `(np.arange(24).reshape(2, 3, 4) * 11 % 256).astype(np.uint8)`
fn u8_expected() -> Array3<u8> {
    Array3::from_shape_fn((2, 3, 4), |(a, b, c)| {
        ((12 * a + 4 * b + c) * 11 % 256) as u8
    })
}

/// `np.arange(12).reshape(4, 3) % 3 == 0`
fn bool_expected() -> Array2<bool> {
    Array2::from_shape_fn((4, 3), |(i, j)| (3 * i + j) % 3 == 0)
}

#[test]
fn reads_every_dtype_numpy_saved() {
    assert_eq!(
        load_npy::<f32, Ix2>(fixture("f32_c.npy")).unwrap(),
        f32_expected()
    );
    assert_eq!(
        load_npy::<i64, Ix1>(fixture("i64.npy")).unwrap(),
        i64_expected()
    );
    assert_eq!(
        load_npy::<u8, Ix3>(fixture("u8_3d.npy")).unwrap(),
        u8_expected()
    );
    assert_eq!(
        load_npy::<bool, Ix2>(fixture("bool.npy")).unwrap(),
        bool_expected()
    );
    let scalar = load_npy::<f64, Ix0>(fixture("scalar_f64.npy")).unwrap();
    assert_eq!(scalar.into_scalar(), 2.5);
}

#[test]
fn reads_a_fortran_order_file_with_the_same_elements() {
    let header = read_npy_header(fixture("f64_fortran.npy")).unwrap();
    assert!(header.fortran_order);
    assert_eq!(
        (header.descr.as_str(), header.shape.as_slice()),
        ("<f8", &[3, 4][..])
    );
    assert_eq!(header.data_offset % 64, 0);
    let x = load_npy::<f64, Ix2>(fixture("f64_fortran.npy")).unwrap();
    assert!(x.t().is_standard_layout(), "kept column-major, no copy");
    assert_abs_diff_eq!(x, f64_expected(), epsilon = 0.0);
}

#[test]
fn reads_the_header_numpy_wrote() {
    let header = read_npy_header(fixture("u8_3d.npy")).unwrap();
    assert_eq!(header.version, (1, 0));
    assert_eq!(header.descr, "|u1");
    assert!(!header.fortran_order);
    assert_eq!(header.shape, [2, 3, 4]);
    assert_eq!(
        read_npy_header(fixture("scalar_f64.npy")).unwrap().shape,
        Vec::<usize>::new()
    );
}

#[test]
fn reads_plain_and_compressed_npz_archives() {
    for name in ["arrays.npz", "arrays_compressed.npz"] {
        let path = fixture(name);
        assert_eq!(load_npz::<f32, Ix2>(&path, "x").unwrap(), f32_expected());
        assert_eq!(load_npz::<i64, Ix1>(&path, "y").unwrap(), i64_expected());
    }
    let names = npz_names(fixture("arrays_compressed.npz")).unwrap();
    assert_eq!(names, ["x", "y", "mask"]);
    let mask = load_npz::<bool, Ix2>(fixture("arrays_compressed.npz"), "mask").unwrap();
    assert_eq!(mask, bool_expected());
}

#[test]
fn reads_the_safetensors_file_python_wrote() {
    let file = SafetensorsFile::open(fixture("tensors.safetensors")).unwrap();
    assert_eq!(file.names(), ["bool", "f32", "f64", "i64", "u8"]);
    assert_eq!(file.array::<f32>("f32").unwrap(), f32_expected().into_dyn());
    assert_eq!(file.array::<f64>("f64").unwrap(), f64_expected().into_dyn());
    assert_eq!(file.array::<i64>("i64").unwrap(), i64_expected().into_dyn());
    assert_eq!(file.array::<u8>("u8").unwrap(), u8_expected().into_dyn());
    assert_eq!(
        file.array::<bool>("bool").unwrap(),
        bool_expected().into_dyn()
    );
    let meta = file.metadata().unwrap();
    assert_eq!(meta["written_by"], "make_interop_fixtures.py");
}

fn check_pandas_table(table: &performance::interop::table::Table, f32_kept: bool) {
    assert_eq!(table.names(), ["feature_a", "feature_b", "label"]);
    let a: Vec<f64> = (0..5).map(|k| k as f64 * 0.25 - 1.0).collect();
    assert_eq!(table.column("feature_a"), Some(&Column::F64(a)));
    let b: Vec<f32> = (0..5).map(|k| k as f32 * 1.5).collect();
    let b_col = if f32_kept {
        Column::F32(b)
    } else {
        // CSV has no dtypes: pandas (and this reader) read numbers without a fraction as int64
        // only when every field is an integer; 1.5, 3.0, ... make the column float64.
        Column::F64(b.iter().map(|&x| f64::from(x)).collect())
    };
    assert_eq!(table.column("feature_b"), Some(&b_col));
    assert_eq!(
        table.column("label"),
        Some(&Column::I64(vec![0, 1, 2, 0, 1]))
    );
}

#[test]
#[cfg(feature = "parquet")]
fn reads_the_parquet_file_pandas_wrote_with_names_and_dtypes() {
    check_pandas_table(&read_parquet(fixture("table.parquet")).unwrap(), true);
}

#[test]
fn reads_the_csv_file_pandas_wrote() {
    check_pandas_table(&read_csv(fixture("table.csv")).unwrap(), false);
}

#[test]
#[cfg(feature = "zarr")]
fn reads_the_zstd_zarr_array_zarr_python_wrote() {
    let x = read_zarr::<f32>(fixture("array.zarr")).unwrap();
    let expected = Array2::from_shape_fn((7, 5), |(i, j)| (5 * i + j) as f32 / 4.0);
    assert_eq!(x, expected.into_dimensionality::<ndarray::IxDyn>().unwrap());
    assert!(
        read_zarr::<f64>(fixture("array.zarr")).is_err(),
        "dtype is float32"
    );
}
