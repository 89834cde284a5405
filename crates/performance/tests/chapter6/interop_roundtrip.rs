//! Round trips through every format, and bad or truncated files giving errors.

use ndarray::{Array1, Array2, Array3, Ix1, Ix2, Ix3, IxDyn, s};
use performance::interop::Error;
use performance::interop::npy::{
    NpzFile, load_npy, load_npz, npz_names, read_npy_header, save_npy, to_fortran_order,
};
use performance::interop::safetensors::{SafetensorsFile, SafetensorsWriter};
use performance::interop::table::{Column, Table, read_csv, write_csv};
#[cfg(feature = "parquet")]
use performance::interop::table::{read_parquet, write_parquet};
#[cfg(feature = "zarr")]
use performance::interop::zarr::{ZarrWriter, npy_to_zarr, read_zarr, write_zarr};
use std::path::{Path, PathBuf};

fn sample() -> Array2<f32> {
    Array2::from_shape_fn((5, 7), |(i, j)| (i as f32 - 2.0) * 0.3 + j as f32 * 1e-3)
}

fn truncated_copy(from: &Path, dir: &Path, keep: usize) -> PathBuf {
    let bytes = std::fs::read(from).unwrap();
    let to = dir.join(format!("truncated_{keep}"));
    std::fs::write(&to, &bytes[..keep.min(bytes.len())]).unwrap();
    to
}

#[test]
fn npy_round_trips_every_dtype_in_both_orders() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    let x = sample();
    save_npy(p("c.npy"), &x).unwrap();
    save_npy(p("f.npy"), &to_fortran_order(&x)).unwrap();
    assert!(!read_npy_header(p("c.npy")).unwrap().fortran_order);
    assert!(read_npy_header(p("f.npy")).unwrap().fortran_order);
    assert_eq!(load_npy::<f32, Ix2>(p("c.npy")).unwrap(), x);
    assert_eq!(load_npy::<f32, Ix2>(p("f.npy")).unwrap(), x);

    let x64 = x.mapv(|v| f64::from(v) / 3.0);
    save_npy(p("d.npy"), &x64).unwrap();
    assert_eq!(load_npy::<f64, Ix2>(p("d.npy")).unwrap(), x64);

    let ints = Array1::from_iter([i64::MIN, -1, 0, 1, i64::MAX]);
    save_npy(p("i.npy"), &ints).unwrap();
    assert_eq!(load_npy::<i64, Ix1>(p("i.npy")).unwrap(), ints);

    let bytes = Array3::from_shape_fn((2, 3, 4), |(a, b, c)| (a * 100 + b * 10 + c) as u8);
    save_npy(p("u.npy"), &bytes).unwrap();
    assert_eq!(load_npy::<u8, Ix3>(p("u.npy")).unwrap(), bytes);

    let mask = x.mapv(|v| v > 0.0);
    save_npy(p("b.npy"), &mask).unwrap();
    assert_eq!(load_npy::<bool, Ix2>(p("b.npy")).unwrap(), mask);
    assert_eq!(read_npy_header(p("b.npy")).unwrap().descr, "|b1");
}

#[test]
fn npy_of_a_strided_view_is_saved_as_its_elements() {
    let dir = tempfile::tempdir().unwrap();
    let x = sample();
    let every_other = x.slice(s![..;2, 1..;3]);
    save_npy(dir.path().join("v.npy"), &every_other).unwrap();
    let back = load_npy::<f32, Ix2>(dir.path().join("v.npy")).unwrap();
    assert_eq!(back, every_other);
}

#[test]
fn a_large_npy_overwriting_an_old_one_has_exactly_header_plus_data_bytes() {
    // save_npy reserves disk blocks for writes of 1 MiB and more (fallocate with
    // FALLOC_FL_KEEP_SIZE). The reservation must not change the file's length, and writing
    // over a longer old file must leave none of it (the new file replaces the old one).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.npy");
    let old = Array2::<f64>::from_elem((1024, 300), 7.0); // 2.3 MiB
    save_npy(&path, &old).unwrap();
    let x = Array2::from_shape_fn((1024, 257), |(i, j)| (i * 257 + j) as f32); // 1.0 MiB
    save_npy(&path, &x).unwrap();
    let header_len = 128; // NumPy pads the preamble and header to a multiple of 64 bytes.
    let len = std::fs::metadata(&path).unwrap().len();
    assert_eq!(len, (header_len + x.len() * 4) as u64);
    assert_eq!(load_npy::<f32, Ix2>(&path).unwrap(), x);
}

#[test]
fn npz_round_trips_mixed_dtypes_compressed_or_not() {
    let dir = tempfile::tempdir().unwrap();
    let x = sample();
    let y = Array1::from_iter(0..5u8);
    for compressed in [false, true] {
        let path = dir.path().join(format!("d{compressed}.npz"));
        let npz = if compressed {
            NpzFile::create_compressed(&path)
        } else {
            NpzFile::create(&path)
        };
        npz.unwrap()
            .add("x", &x)
            .unwrap()
            .add("y", &y)
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(load_npz::<f32, Ix2>(&path, "x").unwrap(), x);
        assert_eq!(load_npz::<u8, Ix1>(&path, "y").unwrap(), y);
    }
}

#[test]
fn an_npz_unfinished_leaves_the_old_archive_and_a_finished_one_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.npz");
    let old = Array1::from_iter(0..4i64);
    NpzFile::create(&path)
        .unwrap()
        .add("old", &old)
        .unwrap()
        .finish()
        .unwrap();
    // An error midway drops the NpzFile before finish: np.savez would leave a broken zip.
    drop(NpzFile::create(&path).unwrap().add("x", &sample()).unwrap());
    assert_eq!(npz_names(&path).unwrap(), ["old"]);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let npz = NpzFile::create(&path).unwrap().add("x", &sample()).unwrap();
    assert_eq!(npz_names(&path).unwrap(), ["old"]); // readers see the old one until finish
    npz.finish().unwrap();
    assert_eq!(npz_names(&path).unwrap(), ["x"]);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn truncated_or_foreign_npy_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.npy");
    save_npy(&path, &sample()).unwrap();
    let len = std::fs::metadata(&path).unwrap().len() as usize;
    for keep in [0, 5, 9, 40, 128, len - 1] {
        let bad = truncated_copy(&path, dir.path(), keep);
        let err = load_npy::<f32, Ix2>(&bad).unwrap_err();
        assert!(matches!(err, Error::ReadNpy { .. }), "{keep}: {err}");
    }
    for keep in [0, 5, 9, 40] {
        let bad = truncated_copy(&path, dir.path(), keep);
        assert!(matches!(
            read_npy_header(&bad),
            Err(Error::NpyHeader { .. })
        ));
    }
    // Right file, wrong expectations: dtype and rank are checked.
    assert!(load_npy::<f64, Ix2>(&path).is_err());
    assert!(load_npy::<f32, Ix1>(&path).is_err());
    assert!(load_npy::<f32, IxDyn>(&path).is_ok());
    // Not a .npy at all, and no file.
    std::fs::write(dir.path().join("text.npy"), "hello").unwrap();
    assert!(load_npy::<f32, Ix2>(dir.path().join("text.npy")).is_err());
    let missing = load_npy::<f32, Ix2>(dir.path().join("missing.npy")).unwrap_err();
    assert!(matches!(missing, Error::Io { .. }));
    assert!(missing.to_string().contains("missing.npy"));
}

#[test]
fn truncated_npz_and_missing_keys_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.npz");
    NpzFile::create(&path)
        .unwrap()
        .add("x", &sample())
        .unwrap()
        .finish()
        .unwrap();
    assert!(matches!(
        load_npz::<f32, Ix2>(&path, "nope"),
        Err(Error::ReadNpz { .. })
    ));
    let len = std::fs::metadata(&path).unwrap().len() as usize;
    for keep in [0, 10, len / 2, len - 10] {
        let bad = truncated_copy(&path, dir.path(), keep);
        assert!(
            load_npz::<f32, Ix2>(&bad, "x").is_err(),
            "kept {keep} bytes"
        );
    }
}

#[test]
fn safetensors_round_trip_every_dtype_and_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.safetensors");
    let x = sample();
    let fortran = to_fortran_order(&x.mapv(f64::from));
    let ids = Array1::from_iter([-5i64, 0, 9]);
    let pixels = Array3::from_shape_fn((2, 2, 3), |(a, b, c)| (a * 6 + b * 3 + c) as u8);
    let mask = x.mapv(|v| v < 0.0);
    SafetensorsWriter::new()
        .add("x", &x)
        .unwrap()
        .add("x64", &fortran)
        .unwrap()
        .add("ids", &ids)
        .unwrap()
        .add("pixels", &pixels)
        .unwrap()
        .add("mask", &mask)
        .unwrap()
        .metadata("format", "np")
        .save(&path)
        .unwrap();
    let file = SafetensorsFile::open(&path).unwrap();
    assert_eq!(file.array::<f32>("x").unwrap(), x.clone().into_dyn());
    assert_eq!(
        file.array::<f64>("x64").unwrap(),
        x.mapv(f64::from).into_dyn()
    );
    assert_eq!(file.array::<i64>("ids").unwrap(), ids.into_dyn());
    assert_eq!(file.array::<u8>("pixels").unwrap(), pixels.into_dyn());
    assert_eq!(file.array::<bool>("mask").unwrap(), mask.into_dyn());
    assert_eq!(file.metadata().unwrap()["format"], "np");
    assert_eq!(file.info("pixels").unwrap().1, [2, 2, 3]);
}

#[test]
fn safetensors_errors_for_truncation_duplicates_dtype_and_missing_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.safetensors");
    let writer = SafetensorsWriter::new().add("x", &sample()).unwrap();
    writer.save(&path).unwrap();
    let len = std::fs::metadata(&path).unwrap().len() as usize;
    for keep in [0, 4, 8, 20, len - 1] {
        let bad = truncated_copy(&path, dir.path(), keep);
        assert!(SafetensorsFile::open(&bad).is_err(), "kept {keep} bytes");
    }
    let dup = writer.add("x", &sample()).err().unwrap();
    assert!(matches!(dup, Error::DuplicateName(_)));
    let file = SafetensorsFile::open(&path).unwrap();
    assert!(matches!(file.array::<i64>("x"), Err(Error::Dtype { .. })));
    assert!(matches!(file.array::<f32>("y"), Err(Error::Safetensors(_))));
}

fn sample_table() -> Table {
    let x = sample().mapv(f64::from);
    let names: Vec<String> = (0..x.ncols()).map(|j| format!("pixel_{j}")).collect();
    let mut table = Table::from_array(&names, &x).unwrap();
    table
        .push("score", Column::F32(vec![0.5, -1.25, 3.0e-8, 7.0, 1.0e30]))
        .unwrap();
    table
        .push("label", Column::I64(vec![3, 1, 4, 1, 5]))
        .unwrap();
    table
}

#[test]
#[cfg(feature = "parquet")]
fn parquet_round_trips_names_and_dtypes() {
    let dir = tempfile::tempdir().unwrap();
    let table = sample_table();
    write_parquet(&table, dir.path().join("t.parquet")).unwrap();
    let back = read_parquet(dir.path().join("t.parquet")).unwrap();
    assert_eq!(back, table);
    assert_eq!(
        back.to_array_f64().slice(s![.., ..7]),
        sample().mapv(f64::from)
    );
}

#[test]
fn csv_round_trips_floats_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let mut table = sample_table();
    // CSV has no dtypes: an f32 column is written in f32's shortest form and comes back as
    // f64 (pandas does the same); cast back to f32 it is the same value.
    write_csv(&table, dir.path().join("t.csv")).unwrap();
    let back = read_csv(dir.path().join("t.csv")).unwrap();
    let (b, t) = (back.to_array_f64(), table.to_array_f64());
    assert_eq!(b.slice(s![.., ..7]), t.slice(s![.., ..7]));
    let score = |x: &Array2<f64>| x.column(7).mapv(|v| v as f32);
    assert_eq!(score(&b), score(&t));
    assert_eq!(back.column("label"), table.column("label"));
    table = Table::new();
    table
        .push("x", Column::F64(vec![0.1, 1.0 / 3.0, -2e-300]))
        .unwrap();
    write_csv(&table, dir.path().join("u.csv")).unwrap();
    assert_eq!(read_csv(dir.path().join("u.csv")).unwrap(), table);
}

#[test]
fn tables_reject_ragged_columns_and_bad_files() {
    let mut table = Table::new();
    table.push("a", Column::F64(vec![1.0, 2.0])).unwrap();
    assert!(matches!(
        table.push("b", Column::I64(vec![1])),
        Err(Error::Shape(_))
    ));
    assert!(matches!(
        table.push("a", Column::I64(vec![1, 2])),
        Err(Error::DuplicateName(_))
    ));
    assert!(Table::from_array(&["only_one"], &Array2::<f64>::zeros((2, 2))).is_err());

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.csv"), "a,b\n1,2\n3,oops\n").unwrap();
    let err = read_csv(dir.path().join("bad.csv")).unwrap_err();
    assert!(err.to_string().contains("line 3, column 2"), "{err}");
    std::fs::write(dir.path().join("ragged.csv"), "a,b\n1,2\n3\n").unwrap();
    assert!(read_csv(dir.path().join("ragged.csv")).is_err());
}

#[test]
#[cfg(feature = "parquet")]
fn truncated_parquet_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.parquet");
    write_parquet(&sample_table(), &path).unwrap();
    let len = std::fs::metadata(&path).unwrap().len() as usize;
    for keep in [0, 4, len / 2, len - 1] {
        let bad = truncated_copy(&path, dir.path(), keep);
        assert!(read_parquet(&bad).is_err(), "kept {keep} bytes");
    }
}

#[test]
#[cfg(feature = "zarr")]
fn zarr_round_trips_with_partial_edge_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let x = Array3::from_shape_fn((5, 4, 3), |(a, b, c)| (a * 100 + b * 10 + c) as f64);
    write_zarr(dir.path().join("x.zarr"), &x, &[2, 3, 3]).unwrap();
    assert_eq!(
        read_zarr::<f64>(dir.path().join("x.zarr")).unwrap(),
        x.into_dyn()
    );
    let labels = Array1::from_iter(0..10i64);
    write_zarr(dir.path().join("y.zarr"), &labels, &[4]).unwrap();
    assert_eq!(
        read_zarr::<i64>(dir.path().join("y.zarr")).unwrap(),
        labels.into_dyn()
    );
    // zarr-python's layout: metadata plus one file per chunk.
    assert!(dir.path().join("y.zarr/zarr.json").is_file());
    assert!(dir.path().join("y.zarr/c/2").is_file());
}

#[test]
#[cfg(feature = "zarr")]
fn zarr_writes_block_by_block_and_sharded() {
    let dir = tempfile::tempdir().unwrap();
    let x = sample();
    let path = dir.path().join("s.zarr");
    let writer = ZarrWriter::<f32>::create_sharded(&path, &[5, 7], &[4, 7], &[2, 7]).unwrap();
    writer.write_block(&[0, 0], &x.slice(s![..3, ..])).unwrap();
    writer.write_block(&[3, 0], &x.slice(s![3.., ..])).unwrap();
    assert_eq!(read_zarr::<f32>(&path).unwrap(), x.clone().into_dyn());
    // Two shard objects instead of three chunk files.
    assert!(path.join("c/1/0").is_file() && !path.join("c/2").exists());
    assert!(matches!(
        writer.write_block(&[4, 0], &x.slice(s![..2, ..])),
        Err(Error::Shape(_))
    ));
    assert!(ZarrWriter::<f32>::create(dir.path().join("bad"), &[5, 7], &[0, 7]).is_err());
    assert!(
        ZarrWriter::<f32>::create_sharded(dir.path().join("b"), &[5, 7], &[3, 7], &[2, 7]).is_err()
    );
}

#[test]
#[cfg(feature = "zarr")]
fn npy_converts_to_zarr_row_chunk_by_row_chunk() {
    let dir = tempfile::tempdir().unwrap();
    let x = Array2::from_shape_fn((103, 9), |(i, j)| (i * 9 + j) as f32);
    save_npy(dir.path().join("x.npy"), &x).unwrap();
    let shape =
        npy_to_zarr::<f32>(dir.path().join("x.npy"), dir.path().join("x.zarr"), 25).unwrap();
    assert_eq!(shape, (103, 9));
    let back: ndarray::ArrayD<f32> = read_zarr(dir.path().join("x.zarr")).unwrap();
    assert_eq!(back, x.clone().into_dyn());
    assert!(dir.path().join("x.zarr/c/4/0").is_file());
    assert!(npy_to_zarr::<f64>(dir.path().join("x.npy"), dir.path().join("y.zarr"), 25).is_err());
    // A Fortran-order file has no contiguous row chunks to stream (and to release).
    save_npy(dir.path().join("f.npy"), &to_fortran_order(&x)).unwrap();
    let err =
        npy_to_zarr::<f32>(dir.path().join("f.npy"), dir.path().join("f.zarr"), 25).unwrap_err();
    assert!(matches!(err, performance::Error::WrongType { .. }), "{err}");
}

#[test]
#[cfg(feature = "zarr")]
fn corrupt_zarr_chunks_and_missing_stores_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.zarr");
    write_zarr(&path, &sample(), &[2, 7]).unwrap();
    assert!(read_zarr::<f32>(dir.path().join("nothing.zarr")).is_err());
    std::fs::write(path.join("c/1/0"), b"not zstd").unwrap();
    assert!(matches!(read_zarr::<f32>(&path), Err(Error::Zarr { .. })));
}

#[test]
#[cfg(feature = "candle")]
fn candle_tensors_round_trip_any_layout_and_refuse_another_dtype() {
    use candle_core::Device;
    use performance::interop::candle::{from_candle, to_candle};
    let x = Array3::from_shape_fn((2, 3, 4), |(i, j, k)| (i * 12 + j * 4 + k) as f32 - 7.5);
    let t = to_candle(&x, &Device::Cpu).unwrap();
    assert_eq!(t.dims(), &[2, 3, 4]);
    assert_eq!(from_candle::<f32>(&t).unwrap(), x.clone().into_dyn());
    // A transposed, reversed view is copied to C order first: the tensor holds its elements
    // in the view's logical order (as `torch.from_numpy(np.ascontiguousarray(v))`).
    let view = x.slice(s![.., ..;-1, ..]).reversed_axes();
    let tv = to_candle(&view, &Device::Cpu).unwrap();
    assert_eq!(tv.dims(), view.shape());
    assert_eq!(from_candle::<f32>(&tv).unwrap(), view.to_owned().into_dyn());
    // candle's sum agrees with ndarray's: the data really is in the tensor.
    let total: f32 = t.sum_all().unwrap().to_scalar().unwrap();
    assert_eq!(total, x.sum());
    // Asking for f64 from an f32 tensor is an error, not a silent cast.
    assert!(matches!(from_candle::<f64>(&t), Err(Error::Candle(_))));
}
