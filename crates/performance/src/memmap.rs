//! 6.2b `np.memmap` the Rust way: `.npy` files larger than RAM, streamed in bounded memory.
//!
//! | NumPy | Rust |
//! |---|---|
//! | `x = np.load("x.npy", mmap_mode="r")` | `let m = NpyMap::open("x.npy")?; let x: ArrayView2<f32> = m.view()?;` |
//! | `y = np.lib.format.open_memmap("y.npy", "w+", np.float32, shape)` | `let mut m = NpyMapMut::create::<f32>("y.npy", shape)?; let y = m.view_mut::<f32, Ix2>()?;` |
//! | `y.flush()` | `m.flush()?` |
//! | per-column mean/std over chunks, by hand | [`stream_column_stats`] |
//! | `for i in range(0, n, k): y[i:i+k] = (x[i:i+k] - mu) / sd` | [`standardize_npy`] |
//! | `resource.getrusage(...).ru_maxrss` | [`peak_rss_bytes`] |
//!
//! ## How it works
//! [memmap2](https://docs.rs/memmap2) maps the file into the address space; nothing is
//! read until a page is touched, then the kernel reads it (and the pages ahead of it) into
//! the page cache. ndarray-npy's `view_npy` parses the `.npy` header in the mapped bytes and
//! returns an `ArrayView` pointing into the mapping: no copy, no read of the whole file.
//! To create a file, `write_zeroed_npy` writes the header and sets the length (a sparse
//! file: instant, no bytes written), then `view_mut_npy` gives an `ArrayViewMut` to fill.
//!
//! ## Bounded peak memory
//! Pages touched through a mapping count in the process's resident set (RSS) until the
//! kernel needs the memory back. NumPy's memmap streaming over a 2 GiB file therefore ends
//! with about 2 GiB of RSS (measured in the issue). Here each chunk's pages are released
//! after use with `madvise(MADV_DONTNEED)` ([`NpyMap::release`]): for a shared file mapping
//! the data stays in the page cache (and on disk), only this process's mapping of it is
//! dropped, so RSS stays at about one chunk. The `memmap_large` example prints the peak:
//! below 256 MiB for any file size.
//!
//! ## Reading ahead of the computation
//! A page fault on a mapped file that is not in the page cache blocks until the disk has
//! delivered it; the kernel's read-ahead fetches a window after it, but one window at a time.
//! The streaming functions here ask for the next [`PREFETCH_CHUNKS`] chunks before working on
//! the current one ([`NpyMap::prefetch`], `madvise(MADV_WILLNEED)`: start reading, do not
//! wait), so the disk always has requests queued while the CPU sums. Measured with the
//! bench's `memmap_stream_2gib_cold` workload (a 2 GiB file, page cache dropped before each
//! run, 5 rounds alternated, medians): 2.92 s without read-ahead, 2.53 s with
//! [`stream_column_stats`], NumPy's `mmap_mode="r"` loop 4.85 s. The prefetched pages enter
//! the page cache, not the process's RSS, so memory stays bounded.
//!
//! Statistics are accumulated in `f64` per chunk (a two-pass mean and sum of squared
//! deviations over the chunk) and chunks are merged with Chan et al.'s parallel formula,
//! so the result does not depend on the chunk size beyond rounding and does not suffer the
//! cancellation of `E[x^2] - E[x]^2`.
//!
//! ```
//! use ndarray::{array, Array2, Ix2};
//! use performance::memmap::{NpyMap, NpyMapMut, stream_column_stats};
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("x.npy");
//! {
//!     let mut out = NpyMapMut::create::<f32>(&path, (4, 2))?;
//!     out.view_mut::<f32, Ix2>()?.assign(&array![[1., 10.], [2., 20.], [3., 30.], [4., 40.]]);
//!     out.flush()?;
//! }
//! let m = NpyMap::open(&path)?;
//! let x = m.view::<f32, Ix2>()?;
//! assert_eq!(x[[3, 1]], 40.0);
//! let stats = stream_column_stats::<f32>(&path, 3, true)?;
//! assert_eq!(stats.mean(), &array![2.5, 25.0]);
//! # Ok::<(), performance::Error>(())
//! ```
//!
//! ## If another process truncates or rewrites the file
//! A mapping is only as stable as the file under it, which is why `Mmap::map` is `unsafe`.
//! If another process **truncates** the file while it is mapped, touching a page beyond the
//! new end raises `SIGBUS` and the process dies (no wrong values are read, but nothing can
//! catch it in safe Rust). If another process **writes** to it, the values behind an
//! `ArrayView` change while Rust assumes a shared reference is immutable: undefined
//! behaviour in theory, torn values in practice. What this module does about it:
//! - it checks at open time that the file is exactly as long as its header says
//!   (ndarray-npy refuses missing or extra bytes), so a file truncated *before* mapping is
//!   an [`Error::Npy`], not a crash;
//! - it maps read-only data with a read-only mapping, so *this* process cannot write it;
//! - it documents the contract on [`NpyMap::open`]: map only files that no other process
//!   truncates or writes while mapped (your own outputs, read-only datasets). For files in
//!   shared directories, coordinate with an advisory lock (`flock`, `File::lock_shared`
//!   from Rust 1.89), or copy the file first.
//!
//! On the writing side, `np.save` over a file that someone has mapped is exactly such a
//! truncation. This chapter's [`save_npy`](crate::interop::npy::save_npy) unlinks the old
//! file and creates a new one instead, so existing mappings keep the old data
//! ([`interop::replace`](crate::interop::replace)).

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use memmap2::{Advice, Mmap, MmapMut, UncheckedAdvice};
use ndarray::{
    Array1, ArrayView, ArrayView2, ArrayViewMut, ArrayViewMut2, Axis, Dimension, IntoDimension,
    Ix2, Zip, s,
};
use ndarray_npy::{ViewElement, ViewMutElement, ViewMutNpyExt, ViewNpyExt, WritableElement};

use crate::error::{Error, Result};

/// A read-only memory map of an `.npy` file (NumPy's `np.load(path, mmap_mode="r")`).
#[derive(Debug)]
pub struct NpyMap {
    path: PathBuf,
    mmap: Mmap,
}

impl NpyMap {
    /// Maps `path` read-only. The header is checked when a view is taken.
    ///
    /// **Contract** (why memory maps are `unsafe` in Rust): no other process may truncate or
    /// write the file while this map lives. See the module docs for what happens otherwise.
    ///
    /// # Errors
    /// [`Error::Io`] if the file cannot be opened or mapped.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        // SAFETY: the mapping is read-only (PROT_READ), so this process cannot create
        // aliasing writes through it. The remaining hazard is another process truncating or
        // writing the file while it is mapped; that is the documented contract of
        // `NpyMap::open` (module docs: "If another process truncates or rewrites the file").
        let mmap = unsafe { Mmap::map(&file) }.map_err(|e| Error::io(path, e))?;
        Ok(NpyMap {
            path: path.to_path_buf(),
            mmap,
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The mapped length in bytes (header + data).
    pub fn len(&self) -> usize {
        self.mmap.len()
    }

    /// `true` for an empty file (never a valid `.npy`).
    pub fn is_empty(&self) -> bool {
        self.mmap.is_empty()
    }

    /// The array in the file as a view, without reading it. `A` must match the file's
    /// dtype (`f32` for `<f4`) and `D` its number of axes (`IxDyn` for any).
    ///
    /// # Errors
    /// [`Error::Npy`] for a bad header, another dtype or rank, or a file whose length does
    /// not match its header (truncated).
    pub fn view<A: ViewElement, D: Dimension>(&self) -> Result<ArrayView<'_, A, D>> {
        ArrayView::<A, D>::view_npy(&self.mmap).map_err(|e| Error::npy(&self.path, e))
    }

    /// Byte offset of the array data in the file (the header length).
    ///
    /// # Errors
    /// As [`NpyMap::view`].
    pub fn data_offset<A: ViewElement>(&self) -> Result<usize> {
        let v = self.view::<A, ndarray::IxDyn>()?;
        Ok(v.as_ptr() as usize - self.mmap.as_ptr() as usize)
    }

    /// Hints the kernel that the file will be read front to back (`MADV_SEQUENTIAL`):
    /// larger read-ahead.
    ///
    /// # Errors
    /// [`Error::Io`] if `madvise` fails.
    pub fn advise_sequential(&self) -> Result<()> {
        self.mmap
            .advise(Advice::Sequential)
            .map_err(|e| Error::io(&self.path, e))
    }

    /// Starts reading bytes `offset..offset + len` from disk into the page cache without
    /// waiting (`madvise(MADV_WILLNEED)`), so that touching them later does not block on the
    /// disk. A hint: the kernel may read less. Pages already cached cost nothing.
    ///
    /// # Errors
    /// [`Error::Io`] if the range is outside the map or `madvise` fails.
    pub fn prefetch(&self, offset: usize, len: usize) -> Result<()> {
        check_range(&self.path, offset, len, self.mmap.len())?;
        self.mmap
            .advise_range(Advice::WillNeed, offset, len)
            .map_err(|e| Error::io(&self.path, e))
    }

    /// Drops this process's resident pages for bytes `offset..offset + len`
    /// (`madvise(MADV_DONTNEED)`), so they stop counting in its RSS. The data stays in the
    /// file and the page cache; touching the range again reads it back.
    ///
    /// # Errors
    /// [`Error::Io`] if the range is outside the map or `madvise` fails.
    pub fn release(&self, offset: usize, len: usize) -> Result<()> {
        check_range(&self.path, offset, len, self.mmap.len())?;
        // SAFETY: this is a shared, read-only file mapping. MADV_DONTNEED on it discards
        // only the page-table entries; later accesses repopulate the pages from the file's
        // page cache with the same contents. Any live `ArrayView` into the range therefore
        // keeps observing the same values (under `open`'s contract that nobody else writes
        // the file), so no reference sees its data change. memmap2 rounds `offset` down to
        // a page boundary; the extra bytes are covered by the same argument.
        unsafe {
            self.mmap
                .unchecked_advise_range(UncheckedAdvice::DontNeed, offset, len)
        }
        .map_err(|e| Error::io(&self.path, e))
    }
}

fn check_range(path: &Path, offset: usize, len: usize, total: usize) -> Result<()> {
    if offset.checked_add(len).is_none_or(|end| end > total) {
        return Err(Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("range {offset}+{len} outside a map of {total} bytes"),
            ),
        ));
    }
    Ok(())
}

/// A writable memory map of an `.npy` file (NumPy's `open_memmap(path, mode="w+")`).
#[derive(Debug)]
pub struct NpyMapMut {
    path: PathBuf,
    mmap: MmapMut,
}

impl NpyMapMut {
    /// Creates (or truncates) `path` as an `.npy` of zeros with element type `A` and
    /// `shape`, C order, and maps it read-write. The file is sparse: creating a 100 GiB
    /// array takes microseconds and no disk space until written.
    ///
    /// # Errors
    /// [`Error::Io`] if the file cannot be created or mapped, [`Error::Npy`] if the header
    /// cannot be written.
    pub fn create<A: WritableElement>(
        path: impl AsRef<Path>,
        shape: impl IntoDimension,
    ) -> Result<Self> {
        let path = path.as_ref();
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        ndarray_npy::write_zeroed_npy::<A, _>(&file, shape.into_dimension())
            .map_err(|e| Error::npy(path, e))?;
        Self::map(path, &file)
    }

    /// Maps an existing `.npy` read-write (NumPy's `mmap_mode="r+"`).
    ///
    /// # Errors
    /// [`Error::Io`] if the file cannot be opened or mapped.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        Self::map(path, &file)
    }

    fn map(path: &Path, file: &File) -> Result<Self> {
        // SAFETY: a shared read-write mapping of a file this process just created or opened
        // for writing; all writes from this process go through `&mut self` views, so Rust's
        // aliasing rules hold within the process. Other processes must not truncate or
        // write the file meanwhile (the contract documented on `NpyMap::open`).
        let mmap = unsafe { MmapMut::map_mut(file) }.map_err(|e| Error::io(path, e))?;
        Ok(NpyMapMut {
            path: path.to_path_buf(),
            mmap,
        })
    }

    /// The array as a read-only view.
    ///
    /// # Errors
    /// As [`NpyMap::view`].
    pub fn view<A: ViewElement, D: Dimension>(&self) -> Result<ArrayView<'_, A, D>> {
        ArrayView::<A, D>::view_npy(&self.mmap).map_err(|e| Error::npy(&self.path, e))
    }

    /// The array as a mutable view: writes go to the page cache and, eventually (or on
    /// [`NpyMapMut::flush`]), to the file.
    ///
    /// # Errors
    /// As [`NpyMap::view`].
    pub fn view_mut<A: ViewMutElement, D: Dimension>(&mut self) -> Result<ArrayViewMut<'_, A, D>> {
        ArrayViewMut::<A, D>::view_mut_npy(&mut self.mmap).map_err(|e| Error::npy(&self.path, e))
    }

    /// Writes dirty pages to the file and waits (`msync(MS_SYNC)`).
    ///
    /// # Errors
    /// [`Error::Io`] if `msync` fails.
    pub fn flush(&self) -> Result<()> {
        self.mmap.flush().map_err(|e| Error::io(&self.path, e))
    }

    /// Drops this process's resident pages of a byte range (see [`NpyMap::release`]).
    /// Written data is not lost: for a shared mapping the dirty pages belong to the page
    /// cache, which writes them to the file.
    ///
    /// # Errors
    /// [`Error::Io`] if the range is outside the map or `madvise` fails.
    pub fn release(&self, offset: usize, len: usize) -> Result<()> {
        check_range(&self.path, offset, len, self.mmap.len())?;
        // SAFETY: shared file mapping: MADV_DONTNEED zaps the page-table entries, moving
        // their dirty bits to the page-cache pages, which are written back later; the next
        // access maps the same page-cache page, so contents are preserved. `&self` means no
        // `ArrayViewMut` from `view_mut` (which borrows `&mut self`) is alive during the call.
        unsafe {
            self.mmap
                .unchecked_advise_range(UncheckedAdvice::DontNeed, offset, len)
        }
        .map_err(|e| Error::io(&self.path, e))
    }

    /// Byte offset of the array data (the header length).
    ///
    /// # Errors
    /// As [`NpyMap::view`].
    pub fn data_offset<A: ViewElement>(&self) -> Result<usize> {
        let v = self.view::<A, ndarray::IxDyn>()?;
        Ok(v.as_ptr() as usize - self.mmap.as_ptr() as usize)
    }
}

/// Per-column count, mean and sum of squared deviations (`M2`), accumulated in `f64` and
/// mergeable: the state of a streaming or parallel `mean`/`std`.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnStats {
    count: usize,
    mean: Array1<f64>,
    m2: Array1<f64>,
}

impl ColumnStats {
    /// The empty state for `p` columns.
    pub fn new(p: usize) -> Self {
        ColumnStats {
            count: 0,
            mean: Array1::zeros(p),
            m2: Array1::zeros(p),
        }
    }

    /// Rows seen.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Column means (`x.mean(axis=0)` in `f64`).
    pub fn mean(&self) -> &Array1<f64> {
        &self.mean
    }

    /// Column variances with `ddof` (`x.var(axis=0, ddof=ddof)`); `nan` when
    /// `count <= ddof`, as NumPy.
    pub fn var(&self, ddof: usize) -> Array1<f64> {
        let d = self.count as f64 - ddof as f64;
        self.m2.mapv(|m| if d > 0.0 { m / d } else { f64::NAN })
    }

    /// Column standard deviations with `ddof` (`x.std(axis=0, ddof=ddof)`).
    pub fn std(&self, ddof: usize) -> Array1<f64> {
        self.var(ddof).mapv(f64::sqrt)
    }

    /// Adds a block of rows: its own mean and `M2` in two `f64` passes, then [`merge`](Self::merge).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] if the block has another number of columns.
    pub fn push<A: Copy + Into<f64>>(&mut self, block: ArrayView2<'_, A>) -> Result<()> {
        if block.ncols() != self.mean.len() {
            return Err(Error::ShapeMismatch {
                op: "ColumnStats::push",
                left: vec![self.count, self.mean.len()],
                right: block.shape().to_vec(),
                reason: "blocks must have the same number of columns".into(),
            });
        }
        if block.nrows() == 0 {
            return Ok(());
        }
        let n = block.nrows() as f64;
        let mut mean = Array1::<f64>::zeros(block.ncols());
        for row in block.rows() {
            Zip::from(&mut mean)
                .and(&row)
                .for_each(|m, &v| *m += v.into());
        }
        mean /= n;
        let mut m2 = Array1::<f64>::zeros(block.ncols());
        for row in block.rows() {
            Zip::from(&mut m2)
                .and(&row)
                .and(&mean)
                .for_each(|s, &v, &m| {
                    let d = v.into() - m;
                    *s += d * d;
                });
        }
        self.merge(&ColumnStats {
            count: block.nrows(),
            mean,
            m2,
        });
        Ok(())
    }

    /// Combines two partial states (Chan, Golub & LeVeque 1979):
    /// `delta = mean_b - mean_a`, `mean = mean_a + delta n_b / n`,
    /// `M2 = M2_a + M2_b + delta^2 n_a n_b / n`. Exact in exact arithmetic, stable in floats.
    pub fn merge(&mut self, other: &ColumnStats) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = other.clone();
            return;
        }
        let (na, nb) = (self.count as f64, other.count as f64);
        let n = na + nb;
        Zip::from(&mut self.mean)
            .and(&mut self.m2)
            .and(&other.mean)
            .and(&other.m2)
            .for_each(|ma, m2a, &mb, &m2b| {
                let delta = mb - *ma;
                *ma += delta * nb / n;
                *m2a += m2b + delta * delta * na * nb / n;
            });
        self.count += other.count;
    }
}

/// Streaming column statistics of an in-memory (or mapped) 2-D array, `chunk_rows` rows
/// at a time: the same numbers as [`stream_column_stats`] on a file.
///
/// # Errors
/// [`Error::InvalidParameter`] if `chunk_rows == 0`, [`Error::Empty`] if `x` has no rows.
pub fn column_stats<A: Copy + Into<f64>>(
    x: ArrayView2<'_, A>,
    chunk_rows: usize,
) -> Result<ColumnStats> {
    check_chunk("column_stats", chunk_rows)?;
    if x.nrows() == 0 {
        return Err(Error::Empty {
            op: "column_stats",
            shape: x.shape().to_vec(),
        });
    }
    let mut st = ColumnStats::new(x.ncols());
    for block in x.axis_chunks_iter(Axis(0), chunk_rows) {
        st.push(block)?;
    }
    Ok(st)
}

/// The statistics of `block`, its two row halves summed on two threads and merged.
fn halves_in_parallel<A: Copy + Into<f64> + Sync>(block: ArrayView2<'_, A>) -> Result<ColumnStats> {
    let (top, bottom) = block.split_at(Axis(0), block.nrows() / 2);
    let stats = |half: ArrayView2<'_, A>| {
        let mut st = ColumnStats::new(half.ncols());
        st.push(half).map(|()| st)
    };
    let (a, b) = rayon::join(|| stats(top), || stats(bottom));
    let mut a = a?;
    a.merge(&b?);
    Ok(a)
}

fn check_chunk(op: &'static str, chunk_rows: usize) -> Result<()> {
    if chunk_rows == 0 {
        return Err(Error::param(op, "chunk_rows", 0, "must be at least 1"));
    }
    Ok(())
}

fn c_order_2d<'a, A>(path: &Path, v: ArrayView2<'a, A>, op: &str) -> Result<ArrayView2<'a, A>> {
    if !v.is_standard_layout() {
        return Err(Error::WrongType {
            op: format!("{op} ({})", path.display()),
            expected: "a C-order (row-major) array".into(),
            found: "Fortran order".into(),
        });
    }
    if v.nrows() == 0 {
        return Err(Error::Empty {
            op: "stream_column_stats",
            shape: v.shape().to_vec(),
        });
    }
    Ok(v)
}

/// Per-column mean/M2 of a 2-D `.npy` of `A` (`f32`, `f64`, `u8`, ...), memory-mapped and
/// read `chunk_rows` rows at a time, accumulating in `f64`. The two row halves of a chunk are
/// summed on two threads, and the next [`PREFETCH_CHUNKS`] chunks are requested from disk
/// before each chunk is touched. With `release = true`, each chunk's pages are dropped after
/// use, so RSS stays at about one chunk (`chunk_rows * ncols * size_of::<A>()` bytes) for any
/// file size.
///
/// # Errors
/// [`Error::InvalidParameter`] for `chunk_rows == 0`; [`Error::Npy`] for a file that is not
/// a 2-D `.npy` of `A` (or is truncated); [`Error::WrongType`] for Fortran order;
/// [`Error::Empty`] for zero rows; [`Error::Io`].
pub fn stream_column_stats<A: ViewElement + Copy + Into<f64> + Sync>(
    path: impl AsRef<Path>,
    chunk_rows: usize,
    release: bool,
) -> Result<ColumnStats> {
    let path = path.as_ref();
    check_chunk("stream_column_stats", chunk_rows)?;
    let map = NpyMap::open(path)?;
    map.advise_sequential()?;
    let x = c_order_2d(path, map.view::<A, Ix2>()?, "stream_column_stats")?;
    let offset = map.data_offset::<A>()?;
    let row_bytes = x.ncols() * std::mem::size_of::<A>();
    let mut st = ColumnStats::new(x.ncols());
    let ahead = ReadAhead::new(&map, offset, row_bytes, x.nrows(), chunk_rows);
    for (i, block) in x.axis_chunks_iter(Axis(0), chunk_rows).enumerate() {
        ahead.before_chunk(i);
        st.merge(&halves_in_parallel(block)?);
        if release {
            map.release(
                offset + i * chunk_rows * row_bytes,
                block.nrows() * row_bytes,
            )?;
        }
    }
    Ok(st)
}

/// Chunks read ahead of the one being processed by the streaming functions (each asked for
/// with [`NpyMap::prefetch`] before the current chunk is touched).
pub const PREFETCH_CHUNKS: usize = 2;

/// Keeps [`PREFETCH_CHUNKS`] chunks of a mapped 2-D array requested ahead of the current one.
struct ReadAhead<'a> {
    map: &'a NpyMap,
    data_offset: usize,
    row_bytes: usize,
    rows: usize,
    chunk_rows: usize,
}

impl<'a> ReadAhead<'a> {
    fn new(
        map: &'a NpyMap,
        data_offset: usize,
        row_bytes: usize,
        rows: usize,
        chunk_rows: usize,
    ) -> Self {
        ReadAhead {
            map,
            data_offset,
            row_bytes,
            rows,
            chunk_rows,
        }
    }

    /// Before chunk `i`: requests chunk `i + PREFETCH_CHUNKS` (and, before the first, the
    /// chunks in between). Chunk `i` itself is read by the page faults that touch it.
    fn before_chunk(&self, i: usize) {
        let first = if i == 0 { 1 } else { i + PREFETCH_CHUNKS };
        for chunk in first..=i + PREFETCH_CHUNKS {
            let start = chunk.saturating_mul(self.chunk_rows);
            if start >= self.rows {
                return;
            }
            let rows = self.chunk_rows.min(self.rows - start);
            // A hint: if the kernel refuses it, the page faults read the chunk as before.
            let _ = self.map.prefetch(
                self.data_offset + start * self.row_bytes,
                rows * self.row_bytes,
            );
        }
    }
}

/// Applies `f(input_block, output_block)` to `chunk_rows` rows at a time of a 2-D `f32`
/// `.npy` at `src`, writing a new `.npy` of the same shape at `dst`; both files are mapped
/// and each chunk's pages are released after use (bounded RSS).
///
/// # Errors
/// As [`stream_column_stats`], for both files.
pub fn map_npy_chunks(
    src: impl AsRef<Path>,
    dst: impl AsRef<Path>,
    chunk_rows: usize,
    mut f: impl FnMut(ArrayView2<'_, f32>, ArrayViewMut2<'_, f32>),
) -> Result<()> {
    let (src, dst) = (src.as_ref(), dst.as_ref());
    check_chunk("map_npy_chunks", chunk_rows)?;
    let input = NpyMap::open(src)?;
    input.advise_sequential()?;
    let x = c_order_2d(src, input.view::<f32, Ix2>()?, "map_npy_chunks")?;
    let (n, p) = x.dim();
    let in_off = input.data_offset::<f32>()?;
    let mut output = NpyMapMut::create::<f32>(dst, (n, p))?;
    let out_off = output.data_offset::<f32>()?;
    let row_bytes = p * std::mem::size_of::<f32>();
    let ahead = ReadAhead::new(&input, in_off, row_bytes, n, chunk_rows);
    for (i, start) in (0..n).step_by(chunk_rows).enumerate() {
        ahead.before_chunk(i);
        let end = (start + chunk_rows).min(n);
        {
            let mut y = output.view_mut::<f32, Ix2>()?;
            f(x.slice(s![start..end, ..]), y.slice_mut(s![start..end, ..]));
        }
        let len = (end - start) * row_bytes;
        input.release(in_off + start * row_bytes, len)?;
        output.release(out_off + start * row_bytes, len)?;
    }
    output.flush()
}

/// Standardises a 2-D `f32` `.npy` column by column into a new `.npy`:
/// `(x - mean) / std` with `ddof = 0` (zero std replaced by 1), two streaming passes
/// (statistics, then transform) in bounded memory. Returns the statistics.
///
/// # Errors
/// As [`map_npy_chunks`].
pub fn standardize_npy(
    src: impl AsRef<Path>,
    dst: impl AsRef<Path>,
    chunk_rows: usize,
) -> Result<ColumnStats> {
    let stats = stream_column_stats::<f32>(src.as_ref(), chunk_rows, true)?;
    let mean = stats.mean().mapv(|m| m as f32);
    let inv = stats
        .std(0)
        .mapv(|s| if s > 0.0 { (1.0 / s) as f32 } else { 1.0 });
    map_npy_chunks(src, dst, chunk_rows, |x, mut y| {
        Zip::from(y.rows_mut())
            .and(x.rows())
            .for_each(|mut yr, xr| {
                Zip::from(&mut yr)
                    .and(&xr)
                    .and(&mean)
                    .and(&inv)
                    .for_each(|o, &v, &m, &r| *o = (v - m) * r);
            });
    })?;
    Ok(stats)
}

fn status_kib(status: &str, key: &str) -> Option<u64> {
    status
        .lines()
        .find(|l| l.starts_with(key))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn read_status() -> Option<String> {
    std::fs::read_to_string("/proc/self/status").ok()
}

/// Peak resident set size of this process in bytes (`VmHWM` in `/proc/self/status`);
/// `None` where `/proc` is not available (not Linux).
pub fn peak_rss_bytes() -> Option<u64> {
    status_kib(&read_status()?, "VmHWM:").map(|k| k * 1024)
}

/// Current resident set size in bytes (`VmRSS`).
pub fn rss_bytes() -> Option<u64> {
    status_kib(&read_status()?, "VmRSS:").map(|k| k * 1024)
}

/// Current and peak resident set size `(rss, peak)` in bytes, from one read of
/// `/proc/self/status`, so `peak >= rss` holds. Two separate calls to [`rss_bytes`] and
/// [`peak_rss_bytes`] do not promise that: another thread may free memory or call
/// [`reset_peak_rss`] between them.
pub fn rss_and_peak_bytes() -> Option<(u64, u64)> {
    let status = read_status()?;
    let rss = status_kib(&status, "VmRSS:")?;
    let peak = status_kib(&status, "VmHWM:")?;
    Some((rss * 1024, peak * 1024))
}

/// Resets the peak RSS to the current RSS (writes `5` to `/proc/self/clear_refs`, Linux
/// 4.0+), so [`peak_rss_bytes`] measures one phase. Returns `false` if not possible.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}
