//! Zarr v3: chunked, compressed arrays for Dask and other out-of-core or distributed tools,
//! written with [zarrs](https://docs.rs/zarrs).
//!
//! A Zarr v3 array is a folder: `zarr.json` (shape, dtype, chunk shape, codecs) and one file
//! per chunk under `c/` (`c/0/0`, `c/0/1`, ...), each compressed on its own. Readers fetch
//! only the chunks they need, in parallel, from disk or object storage: that is what lets
//! `dask.array.from_zarr(path)` spread a computation over cores or machines.
//!
//! | Python (zarr >= 3, dask) | Rust |
//! |---|---|
//! | `zarr.create_array(path, shape=s, chunks=c, dtype="f4", compressors=zarr.codecs.ZstdCodec(level=3))` | `ZarrWriter::<f32>::create(path, &s, &c)?` (zstd level 3 by default) |
//! | `z[r0:r1, :] = block` | [`ZarrWriter::write_block`]`(&[r0, 0], &block)?` |
//! | `zarr.save_array(path, x, chunks=c)` | [`write_zarr`]`(path, &x, &c)?` |
//! | `zarr.open_array(path)[...]` | [`read_zarr`]`::<f32>(path)?` |
//! | `zarr.open_array(path)[r0:r1, :]` | [`read_zarr_block`]`::<f32>(path, &[r0, 0], &[r1 - r0, n])?` |
//! | `da.from_zarr(path)` | (Python side) |
//! | `zarr.create_array(..., shards=s, chunks=c)` | [`ZarrWriter::create_sharded`] |
//!
//! Chunk shape is the one decision that matters: each chunk is the unit of I/O and of a Dask
//! task, so aim for 1-100 MiB per chunk, whole rows for row-wise work (`(10000, 784)` f32 is
//! 30 MiB). Arrays larger than RAM are written block by block ([`npy_to_zarr`] streams a
//! memory-mapped `.npy`), so peak memory is a few chunks, not the array.
//!
//! zarrs' own ndarray integration targets another ndarray release than this workspace, so
//! this module passes it plain element slices (C order) and keeps one ndarray in the build.
//!
//! ```
//! use ndarray::{Array2, array};
//! use performance::interop::zarr::{read_zarr, write_zarr};
//! let dir = tempfile::tempdir().unwrap();
//! let x = Array2::from_shape_fn((5, 3), |(i, j)| (10 * i + j) as f32);
//! write_zarr(dir.path().join("x.zarr"), &x, &[2, 3])?; // 3 chunks of 2 rows (the last one partial)
//! assert_eq!(read_zarr::<f32>(dir.path().join("x.zarr"))?, x.into_dyn());
//! # Ok::<(), performance::interop::Error>(())
//! ```

use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ndarray::{ArrayBase, ArrayD, Data, Dimension, Ix2, IxDyn, s};
use zarrs::array::BytesToBytesCodecTraits;
use zarrs::array::builder::ArrayBuilderFillValue;
use zarrs::array::codec::ZstdCodec;
use zarrs::array::{Array, ArrayBuilder, ArraySubset, DataType, Element, ElementOwned, data_type};
use zarrs::filesystem::FilesystemStore;

use super::npy::NpyElement;
use super::{Error, Result};

/// An element type stored in Zarr arrays here: `f32`, `f64`, `i64`, `u8`.
pub trait ZarrElement:
    Element + ElementOwned + Copy + Default + Into<ArrayBuilderFillValue> + 'static
{
    /// The Zarr v3 data type (`float32`, `float64`, `int64`, `uint8`).
    fn data_type() -> DataType;
}

impl ZarrElement for f32 {
    fn data_type() -> DataType {
        data_type::float32()
    }
}
impl ZarrElement for f64 {
    fn data_type() -> DataType {
        data_type::float64()
    }
}
impl ZarrElement for i64 {
    fn data_type() -> DataType {
        data_type::int64()
    }
}
impl ZarrElement for u8 {
    fn data_type() -> DataType {
        data_type::uint8()
    }
}

/// zarr-python's default zstd level.
pub const DEFAULT_ZSTD_LEVEL: i32 = 3;

/// A Zarr v3 array on disk being written block by block.
pub struct ZarrWriter<A> {
    path: PathBuf,
    array: Array<FilesystemStore>,
    _element: PhantomData<A>,
}

impl<A: ZarrElement> ZarrWriter<A> {
    /// Creates (or replaces) the array at folder `path` with zstd-compressed chunks of
    /// `chunk_shape`; unwritten chunks read as 0.
    ///
    /// # Errors
    /// [`Error::Shape`] when the ranks differ or a chunk dimension is 0; [`Error::Zarr`]
    /// when the folder or the metadata cannot be written.
    pub fn create(path: impl AsRef<Path>, shape: &[usize], chunk_shape: &[usize]) -> Result<Self> {
        Self::build(path.as_ref(), shape, chunk_shape, None, DEFAULT_ZSTD_LEVEL)
    }

    /// As [`create`](Self::create), but each stored object is a *shard* of `shard_shape`
    /// holding inner chunks of `chunk_shape` plus an index (with a crc32c checksum): far
    /// fewer files for the same read granularity. `shard_shape` must be a multiple of
    /// `chunk_shape` in every dimension.
    ///
    /// # Errors
    /// As for [`create`](Self::create).
    pub fn create_sharded(
        path: impl AsRef<Path>,
        shape: &[usize],
        shard_shape: &[usize],
        chunk_shape: &[usize],
    ) -> Result<Self> {
        Self::build(
            path.as_ref(),
            shape,
            shard_shape,
            Some(chunk_shape),
            DEFAULT_ZSTD_LEVEL,
        )
    }

    fn build(
        path: &Path,
        shape: &[usize],
        outer: &[usize],
        inner: Option<&[usize]>,
        level: i32,
    ) -> Result<Self> {
        check_chunks(shape, outer)?;
        if let Some(inner) = inner {
            check_chunks(shape, inner)?;
            if outer.iter().zip(inner).any(|(o, i)| o % i != 0) {
                return Err(Error::Shape(format!(
                    "shard shape {outer:?} is not a multiple of chunk shape {inner:?}"
                )));
            }
        }
        if path.exists() {
            std::fs::remove_dir_all(path).map_err(|e| Error::io(path, e))?;
        }
        std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
        let store = Arc::new(FilesystemStore::new(path).map_err(|e| Error::zarr(path, e))?);
        let mut builder =
            ArrayBuilder::new(to_u64(shape), to_u64(outer), A::data_type(), A::default());
        let zstd: Arc<dyn BytesToBytesCodecTraits> = Arc::new(ZstdCodec::new(level, false));
        builder.bytes_to_bytes_codecs(vec![zstd]);
        if let Some(inner) = inner {
            builder.subchunk_shape(to_u64(inner));
        }
        let array = builder
            .build(store, "/")
            .map_err(|e| Error::zarr(path, e))?;
        array.store_metadata().map_err(|e| Error::zarr(path, e))?;
        Ok(ZarrWriter {
            path: path.to_path_buf(),
            array,
            _element: PhantomData,
        })
    }

    /// The array's shape.
    pub fn shape(&self) -> Vec<usize> {
        self.array.shape().iter().map(|&d| d as usize).collect()
    }

    /// `z[start[0]:start[0]+n0, start[1]:..., ...] = block`. Blocks aligned to whole chunks
    /// are encoded directly; others read, merge and rewrite the chunks they touch.
    ///
    /// # Errors
    /// [`Error::Shape`] when the block does not fit inside the array at `start`;
    /// [`Error::Zarr`] when encoding or writing fails.
    pub fn write_block<S, D>(&self, start: &[usize], block: &ArrayBase<S, D>) -> Result<()>
    where
        S: Data<Elem = A>,
        D: Dimension,
    {
        let shape = self.shape();
        if start.len() != shape.len()
            || block.ndim() != shape.len()
            || start
                .iter()
                .zip(block.shape())
                .zip(&shape)
                .any(|((&s, &n), &d)| s + n > d)
        {
            return Err(Error::Shape(format!(
                "block of shape {:?} at {start:?} does not fit in an array of shape {shape:?}",
                block.shape()
            )));
        }
        let subset = ArraySubset::new_with_start_shape(to_u64(start), to_u64(block.shape()))
            .map_err(|e| Error::zarr(&self.path, e))?;
        let standard = block.as_standard_layout();
        let elements = standard.as_slice().expect("standard layout is contiguous");
        // The element-slice API: zarrs' generic replacement also accepts ndarray 0.17 arrays.
        #[allow(deprecated)]
        self.array
            .store_array_subset_elements(&subset, elements)
            .map_err(|e| Error::zarr(&self.path, e))
    }
}

fn check_chunks(shape: &[usize], chunk_shape: &[usize]) -> Result<()> {
    if shape.len() != chunk_shape.len() || chunk_shape.contains(&0) {
        return Err(Error::Shape(format!(
            "chunk shape {chunk_shape:?} does not suit an array of shape {shape:?}"
        )));
    }
    Ok(())
}

fn to_u64(v: &[usize]) -> Vec<u64> {
    v.iter().map(|&d| d as u64).collect()
}

/// `zarr.save_array(path, x, chunks=chunk_shape)` with zstd: the whole array at once.
///
/// # Errors
/// As for [`ZarrWriter::create`] and [`ZarrWriter::write_block`].
pub fn write_zarr<A, S, D>(
    path: impl AsRef<Path>,
    x: &ArrayBase<S, D>,
    chunk_shape: &[usize],
) -> Result<()>
where
    A: ZarrElement,
    S: Data<Elem = A>,
    D: Dimension,
{
    let writer = ZarrWriter::<A>::create(path, x.shape(), chunk_shape)?;
    writer.write_block(&vec![0; x.ndim()], x)
}

/// `zarr.open_array(path)[...]`: the whole array, any rank.
///
/// # Errors
/// [`Error::Zarr`] when there is no Zarr array at `path`, its dtype is not `A`, or a chunk
/// is corrupt or truncated.
pub fn read_zarr<A: ZarrElement>(path: impl AsRef<Path>) -> Result<ArrayD<A>> {
    let path = path.as_ref();
    let array = open_checked::<A>(path)?;
    let shape: Vec<usize> = array.shape().iter().map(|&d| d as usize).collect();
    let all = ArraySubset::new_with_shape(array.shape().to_vec());
    #[allow(deprecated)]
    let data: Vec<A> = array
        .retrieve_array_subset_elements(&all)
        .map_err(|e| Error::zarr(path, e))?;
    ArrayD::from_shape_vec(IxDyn(&shape), data).map_err(|e| Error::Shape(e.to_string()))
}

/// `zarr.open_array(path)[start[0]:start[0]+shape[0], ...]`: one block, reading only the
/// chunks it touches.
///
/// # Errors
/// [`Error::Zarr`] when there is no Zarr array at `path`, its dtype is not `A`, the block is
/// out of bounds, or a chunk is corrupt.
pub fn read_zarr_block<A: ZarrElement>(
    path: impl AsRef<Path>,
    start: &[usize],
    shape: &[usize],
) -> Result<ArrayD<A>> {
    let path = path.as_ref();
    let array = open_checked::<A>(path)?;
    let subset = ArraySubset::new_with_start_shape(to_u64(start), to_u64(shape))
        .map_err(|e| Error::zarr(path, e))?;
    #[allow(deprecated)]
    let data: Vec<A> = array
        .retrieve_array_subset_elements(&subset)
        .map_err(|e| Error::zarr(path, e))?;
    ArrayD::from_shape_vec(IxDyn(shape), data).map_err(|e| Error::Shape(e.to_string()))
}

fn open_checked<A: ZarrElement>(path: &Path) -> Result<Array<FilesystemStore>> {
    let store = Arc::new(FilesystemStore::new(path).map_err(|e| Error::zarr(path, e))?);
    let array = Array::open(store, "/").map_err(|e| Error::zarr(path, e))?;
    if array.data_type() != &A::data_type() {
        return Err(Error::Dtype {
            name: path.display().to_string(),
            expected: A::data_type().to_string(),
            found: array.data_type().to_string(),
        });
    }
    Ok(array)
}

/// Converts a 2-D C-order `.npy` (any size: it is memory-mapped, not read) to a Zarr array
/// chunked by `chunk_rows` whole rows, one chunk at a time. Returns the shape.
///
/// Peak memory is about one chunk: after each chunk is written, its pages of the map are
/// released (`madvise(MADV_DONTNEED)`, [`NpyMap::release`](crate::memmap::NpyMap::release)),
/// so the file does not pile up in the process's RSS as it is read. The data stays in the
/// page cache. For a 1 GiB `.npy` in chunks of 16384 x 784 `f32`, the conversion's peak RSS
/// went from 1080 MiB (the whole file) to 106 MiB (chapter 6's `to_zarr` example).
///
/// # Errors
/// [`Error::Io`]/[`Error::Npy`] when the `.npy` cannot be mapped (missing, wrong dtype, not
/// 2-D, truncated); [`Error::WrongType`] for Fortran order; otherwise as for [`ZarrWriter`].
pub fn npy_to_zarr<A>(
    npy: impl AsRef<Path>,
    zarr: impl AsRef<Path>,
    chunk_rows: usize,
) -> Result<(usize, usize)>
where
    A: ZarrElement + NpyElement + ndarray_npy::ViewElement,
{
    let npy = npy.as_ref();
    let map = crate::memmap::NpyMap::open(npy)?;
    let view = map.view::<A, Ix2>()?;
    if !view.is_standard_layout() {
        return Err(Error::WrongType {
            op: format!("npy_to_zarr ({})", npy.display()),
            expected: "a C-order (row-major) array".into(),
            found: "Fortran order".into(),
        });
    }
    let offset = map.data_offset::<A>()?;
    let (rows, cols) = view.dim();
    let step = chunk_rows.max(1);
    let row_bytes = cols * size_of::<A>();
    let writer = ZarrWriter::<A>::create(zarr, &[rows, cols], &[step, cols])?;
    for start in (0..rows).step_by(step) {
        let end = (start + step).min(rows);
        writer.write_block(&[start, 0], &view.slice(s![start..end, ..]))?;
        map.release(offset + start * row_bytes, (end - start) * row_bytes)?;
    }
    Ok((rows, cols))
}
