//! Memory-mapped `.npy` round trips on small temporary files; streaming = in-memory.

use std::io::Write;

use approx::assert_abs_diff_eq;
use ndarray::{Array2, ArrayView2, Axis, Ix1, Ix2, IxDyn};
use ndarray_npy::{read_npy, write_npy};
use performance::Error;
use performance::memmap::{
    NpyMap, NpyMapMut, map_npy_chunks, peak_rss_bytes, rss_and_peak_bytes, rss_bytes,
    standardize_npy, stream_column_stats,
};
use performance::parallel::par_column_stats;

fn sample(n: usize, p: usize) -> Array2<f32> {
    Array2::from_shape_fn((n, p), |(i, j)| {
        ((i * 31 + j * 17) % 101) as f32 * (j as f32 + 1.0) * 0.37 - 10.0 * j as f32
    })
}

/// Mean and population std per column, computed directly in f64 (the reference).
fn reference_stats(x: &Array2<f32>) -> (Vec<f64>, Vec<f64>) {
    let xf = x.mapv(f64::from);
    let mean = xf.mean_axis(Axis(0)).unwrap();
    let std = xf.std_axis(Axis(0), 0.0);
    (mean.to_vec(), std.to_vec())
}

#[test]
fn a_file_written_by_ndarray_npy_is_viewed_without_copy_through_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.npy");
    let x = sample(37, 5);
    write_npy(&path, &x).unwrap();
    let m = NpyMap::open(&path).unwrap();
    let v: ArrayView2<'_, f32> = m.view().unwrap();
    assert_eq!(v, x);
    let dynv = m.view::<f32, IxDyn>().unwrap();
    assert_eq!(dynv.shape(), &[37, 5]);
    assert_eq!(m.data_offset::<f32>().unwrap() + 37 * 5 * 4, m.len());
    m.release(0, m.len()).unwrap();
    assert_eq!(
        m.view::<f32, Ix2>().unwrap(),
        x,
        "released pages read back the same values"
    );
}

#[test]
fn a_file_created_through_a_mutable_map_reads_back_with_read_npy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("y.npy");
    let x = sample(1000, 3);
    {
        let mut out = NpyMapMut::create::<f32>(&path, (1000, 3)).unwrap();
        assert!(out.view::<f32, Ix2>().unwrap().iter().all(|&v| v == 0.0));
        out.view_mut::<f32, Ix2>().unwrap().assign(&x);
        // releasing written pages must not lose the data
        let off = out.data_offset::<f32>().unwrap();
        out.release(off, 1000 * 3 * 4).unwrap();
        assert_eq!(out.view::<f32, Ix2>().unwrap(), x);
        out.flush().unwrap();
    }
    let back: Array2<f32> = read_npy(&path).unwrap();
    assert_eq!(back, x);
    // reopen read-write and modify in place (mmap_mode="r+")
    {
        let mut rw = NpyMapMut::open(&path).unwrap();
        rw.view_mut::<f32, Ix2>().unwrap()[[999, 2]] = 42.0;
        rw.flush().unwrap();
    }
    let back: Array2<f32> = read_npy(&path).unwrap();
    assert_eq!(back[[999, 2]], 42.0);
}

#[test]
fn streaming_statistics_equal_the_in_memory_computation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.npy");
    let x = sample(1234, 7);
    write_npy(&path, &x).unwrap();
    let (mean, std) = reference_stats(&x);
    for (chunk, release) in [(1, false), (100, true), (1234, true), (5000, false)] {
        let st = stream_column_stats::<f32>(&path, chunk, release).unwrap();
        assert_eq!(st.count(), 1234);
        for j in 0..7 {
            assert_abs_diff_eq!(st.mean()[j], mean[j], epsilon = 1e-10);
            assert_abs_diff_eq!(st.std(0)[j], std[j], epsilon = 1e-10);
        }
    }
}

#[test]
fn prefetch_accepts_ranges_inside_the_file_and_refuses_ranges_past_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.npy");
    write_npy(&path, &sample(300, 5)).unwrap();
    let m = NpyMap::open(&path).unwrap();
    let len = m.len();
    m.prefetch(0, len).unwrap();
    m.prefetch(1000, 10).unwrap(); // not page-aligned: rounded down to the page
    assert!(matches!(m.prefetch(len - 4, 8), Err(Error::Io { .. })));
    assert!(matches!(m.prefetch(usize::MAX, 2), Err(Error::Io { .. })));
    let x = m.view::<f32, Ix2>().unwrap();
    assert_eq!(x, sample(300, 5)); // a hint only: the data is unchanged
}

#[test]
fn streaming_statistics_work_for_f64_and_u8_files() {
    let dir = tempfile::tempdir().unwrap();
    let p64 = dir.path().join("d.npy");
    let x = sample(50, 3).mapv(f64::from);
    write_npy(&p64, &x).unwrap();
    let st = stream_column_stats::<f64>(&p64, 8, true).unwrap();
    assert_abs_diff_eq!(st.mean(), &x.mean_axis(Axis(0)).unwrap(), epsilon = 1e-12);
    let pu8 = dir.path().join("u.npy");
    let img = Array2::from_shape_fn((10, 4), |(i, j)| (i * 25 + j) as u8);
    write_npy(&pu8, &img).unwrap();
    let st = stream_column_stats::<u8>(&pu8, 3, true).unwrap();
    assert_eq!(st.mean()[0], 112.5); // mean of 0, 25, ..., 225
}

#[test]
fn threads_sharing_one_map_give_the_serial_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.npy");
    let x = sample(3001, 4);
    write_npy(&path, &x).unwrap();
    let m = NpyMap::open(&path).unwrap();
    let v = m.view::<f32, Ix2>().unwrap();
    let (mean, std) = reference_stats(&x);
    for threads in [1, 2, 3, 8] {
        let st = par_column_stats(v, threads).unwrap();
        for j in 0..4 {
            assert_abs_diff_eq!(st.mean()[j], mean[j], epsilon = 1e-10);
            assert_abs_diff_eq!(st.std(0)[j], std[j], epsilon = 1e-10);
        }
    }
}

#[test]
fn standardize_npy_writes_a_standardised_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (src, dst) = (dir.path().join("a.npy"), dir.path().join("b.npy"));
    let mut x = sample(500, 6);
    x.column_mut(5).fill(3.0); // a constant column: centred, not divided by zero
    write_npy(&src, &x).unwrap();
    standardize_npy(&src, &dst, 64).unwrap();
    let z: Array2<f32> = read_npy(&dst).unwrap();
    let (mean, std) = reference_stats(&x);
    for j in 0..5 {
        let col = z.column(j).mapv(f64::from);
        assert_abs_diff_eq!(col.mean().unwrap(), 0.0, epsilon = 1e-5);
        assert_abs_diff_eq!(col.std(0.0), 1.0, epsilon = 1e-5);
        for i in [0, 250, 499] {
            let want = (f64::from(x[[i, j]]) - mean[j]) / std[j];
            assert_abs_diff_eq!(f64::from(z[[i, j]]), want, epsilon = 1e-5);
        }
    }
    assert!(z.column(5).iter().all(|&v| v == 0.0));
}

#[test]
fn map_npy_chunks_sees_every_row_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let (src, dst) = (dir.path().join("a.npy"), dir.path().join("b.npy"));
    let x = sample(103, 2);
    write_npy(&src, &x).unwrap();
    let mut rows = 0;
    map_npy_chunks(&src, &dst, 10, |a, mut b| {
        rows += a.nrows();
        b.assign(&(&a * 2.0));
    })
    .unwrap();
    assert_eq!(rows, 103);
    let y: Array2<f32> = read_npy(&dst).unwrap();
    assert_eq!(y, &x * 2.0);
}

#[test]
fn a_truncated_file_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.npy");
    write_npy(&path, &sample(100, 4)).unwrap();
    let len = std::fs::metadata(&path).unwrap().len();
    let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    f.set_len(len - 10).unwrap();
    drop(f);
    let m = NpyMap::open(&path).unwrap();
    assert!(matches!(m.view::<f32, Ix2>(), Err(Error::Npy { .. })));
    assert!(matches!(
        stream_column_stats::<f32>(&path, 10, true),
        Err(Error::Npy { .. })
    ));
}

#[test]
fn wrong_dtype_rank_or_order_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.npy");
    write_npy(&path, &sample(4, 3).mapv(f64::from)).unwrap();
    let m = NpyMap::open(&path).unwrap();
    assert!(matches!(m.view::<f32, Ix2>(), Err(Error::Npy { .. })));
    assert!(matches!(m.view::<f64, Ix1>(), Err(Error::Npy { .. })));
    let f_order = dir.path().join("f.npy");
    write_npy(&f_order, &sample(4, 3).reversed_axes()).unwrap();
    assert!(matches!(
        stream_column_stats::<f32>(&f_order, 2, false),
        Err(Error::WrongType { .. })
    ));
    let junk = dir.path().join("junk.npy");
    std::fs::File::create(&junk)
        .unwrap()
        .write_all(b"not numpy")
        .unwrap();
    let err = stream_column_stats::<f32>(&junk, 2, false).unwrap_err();
    assert!(err.to_string().contains("junk.npy"), "{err}");
    assert!(matches!(
        NpyMap::open(dir.path().join("missing.npy")),
        Err(Error::Io { .. })
    ));
}

#[test]
fn rss_is_readable_on_linux() {
    if cfg!(target_os = "linux") {
        // One snapshot: the kernel reports VmHWM as max(high-water mark, VmRSS) within one
        // read, while other test threads allocating and freeing between two separate reads
        // can leave the second figure below the first (the CI failure of 2026-11-25).
        let (rss, peak) = rss_and_peak_bytes().unwrap();
        assert!(rss > 0 && peak >= rss, "rss {rss}, peak {peak}");
        assert!(rss_bytes().unwrap() > 0 && peak_rss_bytes().unwrap() > 0);
    }
}
