//! `.npy` and `.npz`: NumPy's own file formats, read and written with
//! [ndarray-npy](https://docs.rs/ndarray-npy).
//!
//! A `.npy` file is a 10-byte preamble (`\x93NUMPY`, version, header length), a Python-dict
//! header such as `{'descr': '<f4', 'fortran_order': False, 'shape': (60000, 784), }`, padded
//! to a multiple of 64 bytes, then the raw elements. `.npz` is a zip archive of `.npy`
//! files, one per keyword of `np.savez(path, x=x, y=y)`.
//!
//! | NumPy | Rust |
//! |---|---|
//! | `np.save("x.npy", x)` | [`save_npy`]`("x.npy", &x)?` |
//! | `np.save(tmp, x); os.replace(tmp, path)` (atomic) | [`write_npy_to`] inside [`replace_file`](super::replace::replace_file) |
//! | `np.load("x.npy")` | [`load_npy`]`::<f32, Ix2>("x.npy")?` |
//! | `np.asfortranarray(x)` | [`to_fortran_order`]`(&x)` |
//! | `np.lib.format.read_array_header_1_0(f)` | [`read_npy_header`]`(path)?` |
//! | `np.savez("d.npz", x=x, y=y)` | `NpzFile::create("d.npz")?.add("x", &x)?.add("y", &y)?.finish()?` |
//! | `np.savez_compressed(...)` | [`NpzFile::create_compressed`] |
//! | `np.load("d.npz")["x"]` | [`load_npz`]`::<f32, Ix2>("d.npz", "x")?` |
//! | `list(np.load("d.npz").keys())` | [`npz_names`]`("d.npz")?` |
//!
//! Element types: `f32` (`<f4`), `f64` (`<f8`), `i64` (`<i8`), `u8` (`|u1`) and `bool`
//! (`|b1`). Either memory order is written as it is laid out: a standard-layout (C-order)
//! array as `fortran_order: False`, a column-major one as `fortran_order: True` (NumPy reads
//! both; no copy is made); any other strides are copied to C order first. Reading gives an
//! array with the file's order, equal elementwise to what NumPy sees.
//!
//! ```
//! use ndarray::{Array2, Ix2, array};
//! use performance::interop::npy::{load_npy, read_npy_header, save_npy, to_fortran_order};
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("x.npy");
//! let x = array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0]];
//! save_npy(&path, &to_fortran_order(&x))?; // np.save(path, np.asfortranarray(x))
//! let header = read_npy_header(&path)?;
//! assert_eq!((header.descr.as_str(), header.fortran_order), ("<f4", true));
//! let back: Array2<f32> = load_npy::<f32, Ix2>(&path)?;
//! assert_eq!(back, x);
//! # Ok::<(), performance::interop::Error>(())
//! ```

use std::fs::File;
use std::io::{BufReader, BufWriter, Read};
use std::path::{Path, PathBuf};

use ndarray::{Array, ArrayBase, Data, Dimension, ShapeBuilder};
use ndarray_npy::{
    NpzReader, NpzWriter, ReadNpyExt, ReadableElement, WritableElement, WriteNpyExt,
};

use super::replace::{Replacement, recreate_file};
use super::{Error, Result};

/// The element types this chapter exchanges with NumPy: `f32`, `f64`, `i64`, `u8`, `bool`.
pub trait NpyElement: ReadableElement + WritableElement + Clone {
    /// NumPy's dtype string for the element on this (little-endian) machine, e.g. `"<f4"`.
    const DESCR: &'static str;
}

impl NpyElement for f32 {
    const DESCR: &'static str = "<f4";
}
impl NpyElement for f64 {
    const DESCR: &'static str = "<f8";
}
impl NpyElement for i64 {
    const DESCR: &'static str = "<i8";
}
impl NpyElement for u8 {
    const DESCR: &'static str = "|u1";
}
impl NpyElement for bool {
    const DESCR: &'static str = "|b1";
}

/// `np.save(path, a)`: writes `a` as a `.npy` file, in C order or Fortran order as it is laid
/// out in memory (other strides are copied to C order). Buffered; the cost is one pass over
/// the data.
///
/// An existing file at `path` is written over as `np.save` does, except that the old file is
/// unlinked instead of truncated and freed on another thread while this one writes
/// ([`recreate_file`]). A process that has the old file open or mapped keeps its data, and
/// the caller does not wait for the kernel to free it (for 1 GiB, 0.05 to 0.27 s of
/// `np.save`'s time here). For a save that readers never see half-done, use
/// [`write_npy_to`] inside [`replace_file`](super::replace::replace_file); [the
/// comparison](super::replace) has the measurements.
///
/// Like `np.save`, it reserves the file's disk blocks (`fallocate`) before writing the
/// elements (see [`Preallocating`]), and it does not `fsync`: the data is in the page cache.
///
/// # Errors
/// [`Error::Io`] when the file cannot be created, [`Error::WriteNpy`] when writing fails.
pub fn save_npy<A, S, D>(path: impl AsRef<Path>, a: &ArrayBase<S, D>) -> Result<()>
where
    A: NpyElement,
    S: Data<Elem = A>,
    D: Dimension,
{
    let path = path.as_ref();
    write_npy_to(recreate_file(path)?, path, a)
}

/// Writes `a` as `.npy` into `file`, which is positioned at its start and empty (just
/// created); `path` names it in errors. [`save_npy`] is this on a freshly created file;
/// with [`replace_file`](super::replace::replace_file) it gives an atomic save:
///
/// ```
/// use ndarray::{Array2, Ix2};
/// use performance::interop::npy::{load_npy, write_npy_to};
/// use performance::interop::replace::replace_file;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("checkpoint.npy");
/// let w = Array2::<f32>::eye(3);
/// replace_file(&path, |file| write_npy_to(file, &path, &w))?;
/// assert_eq!(load_npy::<f32, Ix2>(&path)?, w);
/// # Ok::<(), performance::interop::Error>(())
/// ```
///
/// # Errors
/// [`Error::WriteNpy`] when writing fails, [`Error::Io`] when the last flush fails.
pub fn write_npy_to<A, S, D>(file: File, path: &Path, a: &ArrayBase<S, D>) -> Result<()>
where
    A: NpyElement,
    S: Data<Elem = A>,
    D: Dimension,
{
    let mut writer = BufWriter::new(Preallocating::new(file));
    a.write_npy(&mut writer).map_err(|source| Error::WriteNpy {
        path: path.to_path_buf(),
        source,
    })?;
    writer
        .into_inner()
        .map(drop)
        .map_err(|e| Error::io(path, e.into_error()))
}

/// A [`File`] writer that reserves disk space for every large write before making it, as
/// NumPy's `ndarray.tofile` (and so `np.save`) does with `fallocate(fd, FALLOC_FL_KEEP_SIZE,
/// offset, len)`.
///
/// Why it matters: ext4 allocates the blocks of a plain write lazily ("delayed allocation").
/// When a file is truncated and rewritten (`File::create` on an existing file), or renamed
/// over another (what [`save_npy`] does), ext4 also starts writing the new data back at the
/// close or the rename, in case the program expected the replacement to be durable.
/// Measured here on a 1 GiB `.npy` (`strace -T`): truncating took 0.46 to 0.64 s, the write
/// 0.8 s and the close 0.36 s, against 0.08 s, 0.24 s and 0 s for `np.save`; written
/// unreserved to a new file, the rename over the old one took 0.42 to 0.47 s, against 0.0001
/// s with the blocks reserved. With the blocks reserved first, the write is a copy into the
/// page cache and nothing is flushed.
///
/// Writes shorter than [`Preallocating::MIN_LEN`] (the `.npy` header, buffered pieces) go
/// straight through. Where `fallocate` is not supported (another file system or OS) the write
/// goes ahead unreserved; a full disk is reported before any byte is written, as
/// `ErrorKind::StorageFull`.
#[derive(Debug)]
pub struct Preallocating {
    file: File,
    offset: u64,
}

impl Preallocating {
    /// Writes of at least this many bytes (1 MiB) reserve their blocks first.
    pub const MIN_LEN: usize = 1 << 20;

    /// Wraps `file`, whose write position is at its start (as after `File::create`).
    pub fn new(file: File) -> Self {
        Self { file, offset: 0 }
    }

    /// The file, for `sync_all` or metadata after writing.
    pub fn into_inner(self) -> File {
        self.file
    }
}

impl std::io::Write for Preallocating {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() >= Self::MIN_LEN {
            reserve(&self.file, self.offset, buf.len())?;
        }
        let n = self.file.write(buf)?;
        self.offset += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Reserves `len` bytes of disk at `offset` without changing the file's size.
#[cfg(target_os = "linux")]
fn reserve(file: &File, offset: u64, len: usize) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let (Ok(offset), Ok(len)) = (libc::off_t::try_from(offset), libc::off_t::try_from(len)) else {
        return Ok(());
    };
    // SAFETY: fallocate reads only its integer arguments; the descriptor belongs to `file`,
    // which is open for writing and outlives the call.
    let rc = unsafe { libc::fallocate(file.as_raw_fd(), libc::FALLOC_FL_KEEP_SIZE, offset, len) };
    if rc == 0 {
        return Ok(());
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::ENOSPC) => Err(err),
        // EOPNOTSUPP (a file system without fallocate) and the like: write unreserved.
        _ => Ok(()),
    }
}

/// Other systems: no reservation; the write itself allocates.
#[cfg(not(target_os = "linux"))]
fn reserve(_file: &File, _offset: u64, _len: usize) -> std::io::Result<()> {
    Ok(())
}

/// `np.load(path)` for a file of known dtype `A` and rank `D` (`Ix2`, or `IxDyn` for any).
///
/// # Errors
/// [`Error::Io`] when the file cannot be opened; [`Error::ReadNpy`] for a bad magic number, a
/// malformed header, another dtype or rank than asked, or a file shorter than its header says.
pub fn load_npy<A, D>(path: impl AsRef<Path>) -> Result<Array<A, D>>
where
    A: NpyElement,
    D: Dimension,
{
    let path = path.as_ref();
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    Array::<A, D>::read_npy(BufReader::new(file)).map_err(|source| Error::ReadNpy {
        path: path.to_path_buf(),
        source,
    })
}

/// `np.asfortranarray(a)`: an owned copy of `a` in column-major (Fortran) layout, so that
/// [`save_npy`] writes it with `fortran_order: True`. Cost: one copy.
pub fn to_fortran_order<A, S, D>(a: &ArrayBase<S, D>) -> Array<A, D>
where
    A: Clone,
    S: Data<Elem = A>,
    D: Dimension,
{
    // The transpose's logical order is the original's column-major order.
    let data: Vec<A> = a.t().iter().cloned().collect();
    Array::from_shape_vec(a.raw_dim().f(), data).expect("one element per index of the shape")
}

/// What the header of a `.npy` file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NpyHeader {
    /// The format version `(major, minor)`: `(1, 0)` for headers under 64 KiB.
    pub version: (u8, u8),
    /// NumPy's dtype string, e.g. `"<f4"`, `"|b1"`.
    pub descr: String,
    /// `True` when the data is stored column-major.
    pub fortran_order: bool,
    /// The shape, `()` for a scalar.
    pub shape: Vec<usize>,
    /// Where the data starts, in bytes from the start of the file (a multiple of 64 for
    /// files NumPy wrote, so the data can be memory-mapped aligned).
    pub data_offset: usize,
}

/// Reads and parses the header of a `.npy` file without reading its data, like
/// `np.lib.format.read_magic` + `read_array_header_1_0`.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, [`Error::NpyHeader`] when it does not start
/// with a valid NumPy header.
pub fn read_npy_header(path: impl AsRef<Path>) -> Result<NpyHeader> {
    let path = path.as_ref();
    let bad = |reason: &str| Error::NpyHeader {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut preamble = [0u8; 8];
    file.read_exact(&mut preamble)
        .map_err(|_| bad("shorter than the 8-byte preamble"))?;
    if &preamble[..6] != b"\x93NUMPY" {
        return Err(bad("no \\x93NUMPY magic string"));
    }
    let version = (preamble[6], preamble[7]);
    let (len_bytes, prefix) = match version.0 {
        1 => (2, 10),
        2 | 3 => (4, 12),
        _ => return Err(bad(&format!("unknown version {}.{}", version.0, version.1))),
    };
    let mut len = [0u8; 4];
    file.read_exact(&mut len[..len_bytes])
        .map_err(|_| bad("truncated header length"))?;
    let header_len = u32::from_le_bytes(len) as usize;
    let mut header = vec![0u8; header_len];
    file.read_exact(&mut header)
        .map_err(|_| bad("file ends inside the header"))?;
    let header = String::from_utf8(header).map_err(|_| bad("header is not text"))?;
    let descr = dict_value(&header, "descr")
        .and_then(|v| v.strip_prefix('\'')?.split('\'').next())
        .ok_or_else(|| bad("no 'descr'"))?
        .to_string();
    let fortran_order = match dict_value(&header, "fortran_order") {
        Some(v) if v.starts_with("True") => true,
        Some(v) if v.starts_with("False") => false,
        _ => return Err(bad("no 'fortran_order'")),
    };
    let shape_text = dict_value(&header, "shape")
        .and_then(|v| v.strip_prefix('(')?.split(')').next())
        .ok_or_else(|| bad("no 'shape'"))?;
    let shape = shape_text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>().map_err(|_| bad("shape is not integers")))
        .collect::<Result<Vec<_>>>()?;
    Ok(NpyHeader {
        version,
        descr,
        fortran_order,
        shape,
        data_offset: prefix + header_len,
    })
}

/// The text after `'key':` in a header dict, leading spaces removed.
fn dict_value<'a>(header: &'a str, key: &str) -> Option<&'a str> {
    let start = header.find(&format!("'{key}':"))? + key.len() + 3;
    Some(header[start..].trim_start())
}

/// `np.savez` / `np.savez_compressed`: a `.npz` archive built one named array at a time; the
/// arrays may have different dtypes and ranks.
///
/// The archive is written to a new file beside `path` and renamed over it by
/// [`finish`](NpzFile::finish) ([`Replacement`]): until then an existing file at `path` is
/// untouched, and an `NpzFile` dropped without `finish` (an error midway) leaves nothing.
pub struct NpzFile {
    path: PathBuf,
    writer: NpzWriter<BufWriter<File>>,
    replacement: Replacement,
}

impl NpzFile {
    /// Starts `np.savez(path, ...)`: arrays stored uncompressed (fast, memory-mappable by
    /// NumPy's `mmap_mode` only per member).
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be created.
    pub fn create(path: impl AsRef<Path>) -> Result<Self> {
        Self::open(path.as_ref(), false)
    }

    /// Starts `np.savez_compressed(path, ...)`: each member deflated (MNIST pixels shrink
    /// about 5x; writing is slower).
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be created.
    pub fn create_compressed(path: impl AsRef<Path>) -> Result<Self> {
        Self::open(path.as_ref(), true)
    }

    fn open(path: &Path, compressed: bool) -> Result<Self> {
        let (file, replacement) = Replacement::begin(path)?;
        let file = BufWriter::new(file);
        let writer = if compressed {
            NpzWriter::new_compressed(file)
        } else {
            NpzWriter::new(file)
        };
        Ok(NpzFile {
            path: path.to_path_buf(),
            writer,
            replacement,
        })
    }

    /// Adds the keyword argument `name=a` (stored as `name.npy` in the archive, as NumPy does).
    ///
    /// # Errors
    /// [`Error::WriteNpz`] when writing fails.
    pub fn add<A, S, D>(mut self, name: &str, a: &ArrayBase<S, D>) -> Result<Self>
    where
        A: NpyElement,
        S: Data<Elem = A>,
        D: Dimension,
    {
        self.writer
            .add_array(name, a)
            .map_err(|source| Error::WriteNpz {
                path: self.path.clone(),
                source,
            })?;
        Ok(self)
    }

    /// Writes the zip directory, flushes it to disk (`fsync`) and renames the archive into
    /// place; until then `path` holds what it held before.
    ///
    /// # Errors
    /// [`Error::WriteNpz`] when finishing the archive fails, [`Error::Io`] when flushing or
    /// the rename fails.
    pub fn finish(self) -> Result<()> {
        let NpzFile {
            path,
            writer,
            replacement,
        } = self;
        let file = writer
            .finish()
            .map_err(|source| Error::WriteNpz {
                path: path.clone(),
                source,
            })?
            .into_inner()
            .map_err(|e| Error::io(&path, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&path, e))?;
        drop(file);
        replacement.commit()
    }
}

fn npz_reader(path: &Path) -> Result<NpzReader<BufReader<File>>> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    NpzReader::new(BufReader::new(file)).map_err(|source| Error::ReadNpz {
        path: path.to_path_buf(),
        source,
    })
}

/// `np.load(path)[name]`: one array of a `.npz` archive (compressed or not).
///
/// # Errors
/// [`Error::Io`] when the file cannot be opened; [`Error::ReadNpz`] when it is not a zip
/// archive, has no member `name`, or the member has another dtype/rank or is truncated.
pub fn load_npz<A, D>(path: impl AsRef<Path>, name: &str) -> Result<Array<A, D>>
where
    A: NpyElement,
    D: Dimension,
{
    let path = path.as_ref();
    npz_reader(path)?
        .by_name(name)
        .map_err(|source| Error::ReadNpz {
            path: path.to_path_buf(),
            source,
        })
}

/// `list(np.load(path).keys())`: the names of the arrays in a `.npz` archive.
///
/// # Errors
/// As for [`load_npz`].
pub fn npz_names(path: impl AsRef<Path>) -> Result<Vec<String>> {
    let path = path.as_ref();
    npz_reader(path)?.names().map_err(|source| Error::ReadNpz {
        path: path.to_path_buf(),
        source,
    })
}
