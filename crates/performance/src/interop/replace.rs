//! Writing over an existing file: three ways, and what each costs.
//!
//! `np.save(path, x)` on an existing `path` opens it with `O_TRUNC`: inside that `open` the
//! kernel frees the old contents (page cache and disk blocks), then the new data goes into
//! the same file. There are two other ways to write over a file, and this module has both:
//!
//! | | truncate, write (`np.save`, `File::create`) | [`recreate_file`]: unlink, create, write | [`replace_file`]: write a new file, rename it over |
//! |---|---|---|---|
//! | a reader opening `path` during the write | part of the new data | part of the new data (between the unlink and the create, for microseconds, no file) | the whole old file |
//! | a reader that had the old file open or mapped | its data is gone (`SIGBUS` on a mapping) | keeps the old data | keeps the old data |
//! | the writer fails or dies midway | a partial file | a partial file | the old file |
//! | disk space | the new file | the new file | old and new, until the rename |
//! | the old file is freed | before the first byte, on the caller's thread | during the write, on another thread | after the rename, on another thread |
//!
//! [`save_npy`](super::npy::save_npy) uses [`recreate_file`]: `np.save`'s behaviour, faster.
//! [`NpzFile`](super::npy::NpzFile), which also flushes the archive to disk, uses
//! [`replace_file`]. Use [`replace_file`] for a checkpoint or a dataset that another process
//! may open while it is being written: a rename within one file system is atomic, so every
//! reader sees either the whole old file or the whole new one.
//!
//! ## Where the time goes
//! Freeing a large file is not free: for a 1 GiB `.npy` it took 0.05 to 0.27 s here
//! (`strace -T` on `np.save`'s `openat(..., O_TRUNC)`), paid before the first byte is
//! written. [`recreate_file`] keeps a descriptor on the old file, unlinks it, creates the new
//! one and closes the old descriptor on a short-lived thread. The kernel frees an unlinked
//! file when its last descriptor closes, so the freeing runs on the other core while the
//! caller writes, and the pages it frees are soon the ones the write fills.
//!
//! Measured with `cargo xtask bench --runs 31 --only npy_save` (the Rust save alternating
//! with `np.save`, both writing 1 GiB over their previous file): the Rust save was faster in
//! 21 of the 31 rounds, 280 against 312 ms at the lower quartile, 261 against 289 ms at
//! best, and level at the median (348 ms each). On this virtual machine the same write swings
//! from 0.26 to 1.9 s on both sides with the host's load, so a table row built on 5 runs can
//! land on either side of 1.0. What the change removes is certain: the freeing is no longer
//! on the caller's thread.
//!
//! The atomic [`replace_file`] is the slowest here. Until its rename both files exist, so its
//! 1 GiB of new page cache cannot be the old file's pages. Measured in one process,
//! alternating with truncate-and-write (6 rounds, medians 0.82 against 0.45 s): the write of
//! 1 GiB into pages freed a moment before took about 0.3 s, into other pages 0.4 to 1.4 s.
//! The likely cause is the virtual machine: memory the guest has not used for a while is
//! faulted in by the host when it is touched again (first-touching 1 GiB of new anonymous
//! memory took 0.55 to 1.07 s here). The price of atomicity is the doubled footprint; what
//! that costs in time depends on how cheap fresh memory is on the machine.
//!
//! ## What stays as in NumPy
//! - A symbolic link at `path` is followed: the file it points to is written, the link stays.
//! - The old file's permission bits carry over; a new file gets `0o666` less the umask.
//! - Where a new file would change what writing to `path` means, the file is truncated and
//!   written in place as `np.save` does: a file with other hard links (they would keep the
//!   old data), a file owned by another user (it would change owner), something that is not a
//!   regular file (a FIFO, `/dev/stdout`), or a directory in which this process may not create
//!   or remove files. Files under [`BACKGROUND_RELEASE_MIN`] are also truncated in place by
//!   [`recreate_file`]: freeing them costs less than a thread.
//!
//! Neither adds durability: like `np.save`, nothing is `fsync`ed. After a power failure the
//! file system may hold either version, or the new name with data not yet written. Call
//! [`File::sync_all`] before the rename (inside [`replace_file`]'s closure) when the file must
//! survive that.
//!
//! ```
//! use std::io::Write;
//! use performance::interop::replace::replace_file;
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("weights.bin");
//! std::fs::write(&path, b"old")?;
//! replace_file(&path, |mut file| -> Result<(), Box<dyn std::error::Error>> {
//!     file.write_all(b"new")?;
//!     assert_eq!(std::fs::read(&path)?, b"old"); // readers still see the old file
//!     Ok(())
//! })?;
//! assert_eq!(std::fs::read(&path)?, b"new");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fs::{File, Metadata};
use std::path::{Path, PathBuf};

use tempfile::TempPath;

use super::{Error, Result};

/// Old files of at least this many bytes (64 MiB) are freed on a background thread; smaller
/// ones on the caller's thread, where it costs less than starting a thread.
pub const BACKGROUND_RELEASE_MIN: u64 = 64 << 20;

/// Writes a file that replaces `path` atomically: `write` gets a new file in the same
/// directory, and when it returns `Ok` the file is renamed over `path` (see the
/// [module docs](self) for what that changes from `np.save`). When `write` fails, the new file
/// is removed and `path` is left as it was.
///
/// `write` owns the file and closes it by dropping it; the rename comes after. Its error
/// type `E` is any type this chapter's [`Error`] converts into (`Error` itself,
/// `Box<dyn std::error::Error>`, `anyhow::Error`).
///
/// # Errors
/// [`Error::Io`] (converted to `E`) when the new file cannot be created or renamed; any
/// error of `write`.
pub fn replace_file<T, E: From<Error>>(
    path: impl AsRef<Path>,
    write: impl FnOnce(File) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    let (file, replacement) = Replacement::begin(path)?;
    let value = write(file)?;
    replacement.commit()?;
    Ok(value)
}

/// `File::create(path)` (`open(path, "wb")`), with the old file freed on another thread:
/// unlinks an existing file, creates `path` anew and closes the old file's last descriptor on
/// a background thread, where the kernel frees its pages and blocks while the caller writes.
/// What readers see is what they see with `np.save`, except that a process that had the old
/// file open keeps its data, and that `path` is missing between the unlink and the create
/// (see the [module docs](self) for the measurements and for when it falls back to
/// truncating in place).
///
/// # Errors
/// [`Error::Io`] when the file cannot be created.
pub fn recreate_file(path: impl AsRef<Path>) -> Result<File> {
    let dest = follow_symlink(path.as_ref());
    let old = std::fs::metadata(&dest)
        .ok()
        .filter(|m| m.len() >= BACKGROUND_RELEASE_MIN && keeps_meaning(m))
        .and_then(|meta| Some((hold_open(&dest)?, meta)));
    let Some((old, meta)) = old else {
        return create_truncating(&dest);
    };
    if std::fs::remove_file(&dest).is_err() {
        return create_truncating(&dest);
    }
    release(old);
    let mut options = File::options();
    options.write(true).create_new(true);
    let file = match options.open(&dest) {
        Ok(file) => file,
        // Another process created it in between: write over that one, as np.save would.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return create_truncating(&dest);
        }
        Err(e) => return Err(Error::io(&dest, e)),
    };
    file.set_permissions(meta.permissions())
        .map_err(|e| Error::io(&dest, e))?;
    Ok(file)
}

fn create_truncating(dest: &Path) -> Result<File> {
    File::create(dest).map_err(|e| Error::io(dest, e))
}

/// A file being written to replace another: [`Replacement::begin`] creates it, and
/// [`Replacement::commit`] renames it into place. Dropped without a commit, it removes the new
/// file and leaves the old one. For writers that live across several calls, such as
/// [`NpzFile`](super::npy::NpzFile); [`replace_file`] wraps the common case.
#[derive(Debug)]
pub struct Replacement {
    dest: PathBuf,
    /// The new file's path, or `None` when writing in place.
    temp: Option<TempPath>,
}

impl Replacement {
    /// Creates the file that will replace `path` and returns it with the pending replacement.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be created.
    pub fn begin(path: impl AsRef<Path>) -> Result<(File, Self)> {
        let dest = follow_symlink(path.as_ref());
        let old = std::fs::metadata(&dest).ok();
        if old.as_ref().is_some_and(|m| !keeps_meaning(m)) {
            return Self::in_place(dest);
        }
        let Some(name) = dest.file_name() else {
            return Self::in_place(dest);
        };
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let prefix = format!(".{}.", name.to_string_lossy());
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            // What `File::create` asks for; `open` takes the umask away.
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let created = builder.tempfile_in(dir);
        let (file, temp) = match created {
            Ok(t) => t.into_parts(),
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return Self::in_place(dest);
            }
            Err(e) => return Err(Error::io(dir, e)),
        };
        if let Some(old) = &old {
            file.set_permissions(old.permissions())
                .map_err(|e| Error::io(&*temp, e))?;
        }
        let replacement = Replacement {
            dest,
            temp: Some(temp),
        };
        Ok((file, replacement))
    }

    /// The file `np.save` would write: `path` itself, truncated.
    fn in_place(dest: PathBuf) -> Result<(File, Self)> {
        let file = create_truncating(&dest)?;
        Ok((file, Replacement { dest, temp: None }))
    }

    /// The path being replaced (after following a symbolic link).
    pub fn path(&self) -> &Path {
        &self.dest
    }

    /// Renames the new file over the old one. Close the new file first (drop it).
    ///
    /// # Errors
    /// [`Error::Io`] when the rename fails; the new file is then removed.
    pub fn commit(self) -> Result<()> {
        let Replacement { dest, temp } = self;
        let Some(temp) = temp else {
            return Ok(()); // written in place
        };
        let old = std::fs::metadata(&dest)
            .ok()
            .filter(|m| m.len() >= BACKGROUND_RELEASE_MIN)
            .and_then(|_| hold_open(&dest));
        temp.persist(&dest).map_err(|e| Error::io(&dest, e.error))?;
        if let Some(old) = old {
            release(old);
        }
        Ok(())
    }
}

/// `path`, or the file it links to when it is a symbolic link (a dangling link is returned
/// as it is: creating through it creates its target, as `open(O_CREAT)` does).
fn follow_symlink(path: &Path) -> PathBuf {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
    } else {
        path.to_path_buf()
    }
}

/// Whether a new file at `path` means what writing into the old one means: a regular file,
/// with no other hard link, owned by this process's user.
fn keeps_meaning(meta: &Metadata) -> bool {
    if !meta.is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        meta.nlink() <= 1 && meta.uid() == me
    }
    #[cfg(not(unix))]
    true
}

/// A descriptor on the file about to be unlinked or renamed over, so that the unlink does not
/// free it: the kernel frees an unlinked file when its last descriptor closes. Windows cannot
/// rename over or delete an open file, so nothing is held there.
fn hold_open(dest: &Path) -> Option<File> {
    #[cfg(unix)]
    {
        File::open(dest).ok()
    }
    #[cfg(not(unix))]
    {
        let _ = dest;
        None
    }
}

/// Closes `old` on a new thread, where the kernel frees its pages and blocks. If no thread can
/// be started, the closure is dropped here and `old` closes on this thread.
fn release(old: File) {
    let _ = std::thread::Builder::new()
        .name("release-replaced-file".into())
        .spawn(move || drop(old));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write_bytes(path: &Path, bytes: &'static [u8]) -> Result<()> {
        replace_file(path, |mut f| {
            f.write_all(bytes).map_err(|e| Error::io(path, e))
        })
    }

    fn dir_entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_path_gets_the_written_bytes_and_no_stray_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.bin");
        write_bytes(&path, b"hello").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"hello");
        assert_eq!(dir_entries(dir.path()), ["a.bin"]);
    }

    #[test]
    fn the_old_file_is_visible_until_the_rename_and_replaced_after() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.bin");
        std::fs::write(&path, b"old contents").unwrap();
        replace_file::<_, Error>(&path, |mut f| {
            f.write_all(b"new").unwrap();
            assert_eq!(std::fs::read(&path).unwrap(), b"old contents");
            Ok(())
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(dir_entries(dir.path()), ["a.bin"]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_removes_the_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.bin");
        std::fs::write(&path, b"old").unwrap();
        let result: Result<()> = replace_file(&path, |mut f| {
            f.write_all(b"half of it").unwrap();
            Err(Error::io(&path, std::io::Error::other("disk on fire")))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(dir_entries(dir.path()), ["a.bin"]);
    }

    #[test]
    fn an_uncommitted_replacement_is_removed_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.bin");
        let (file, replacement) = Replacement::begin(&path).unwrap();
        assert_eq!(dir_entries(dir.path()).len(), 1); // the new file, under a temporary name
        drop((file, replacement));
        assert!(dir_entries(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.bin");
        let link = dir.path().join("link.bin");
        std::fs::write(&target, b"old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_bytes(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_linked_file_is_written_in_place_so_every_link_sees_it() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.bin");
        let b = dir.path().join("b.bin");
        std::fs::write(&a, b"old").unwrap();
        std::fs::hard_link(&a, &b).unwrap();
        write_bytes(&a, b"new").unwrap();
        assert_eq!(std::fs::read(&b).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn permissions_carry_over_from_the_replaced_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.bin");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_bytes(&path, b"new").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_mode_file_create_gives() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ours = dir.path().join("ours.bin");
        let std_create = dir.path().join("std.bin");
        write_bytes(&ours, b"x").unwrap();
        File::create(&std_create).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&ours), mode(&std_create));
    }

    /// A sparse file of `BACKGROUND_RELEASE_MIN` bytes (no real blocks) with `head` at its start.
    #[cfg(unix)]
    fn large_sparse_file(path: &Path, head: &[u8]) {
        let mut f = File::create(path).unwrap();
        f.write_all(head).unwrap();
        f.set_len(BACKGROUND_RELEASE_MIN).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_file_above_the_background_release_size_is_replaced_too() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.bin");
        large_sparse_file(&path, b"old");
        let old_inode = std::fs::metadata(&path).unwrap().ino();
        write_bytes(&path, b"small").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        assert_ne!(meta.ino(), old_inode);
        assert_eq!(meta.len(), 5);
    }

    #[cfg(unix)]
    #[test]
    fn recreating_a_large_file_makes_a_new_one_and_an_open_reader_keeps_the_old_data() {
        use std::io::Read;
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.npy");
        large_sparse_file(&path, b"old data");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let old_inode = std::fs::metadata(&path).unwrap().ino();
        let mut reader = File::open(&path).unwrap();

        let mut file = recreate_file(&path).unwrap();
        file.write_all(b"new").unwrap();
        drop(file);

        let meta = std::fs::metadata(&path).unwrap();
        assert_ne!(meta.ino(), old_inode);
        assert_eq!(meta.permissions().mode() & 0o777, 0o640);
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let mut head = [0u8; 8];
        reader.read_exact(&mut head).unwrap(); // with O_TRUNC this would read nothing
        assert_eq!(&head, b"old data");
        assert_eq!(dir_entries(dir.path()), ["big.npy"]);
    }

    #[cfg(unix)]
    #[test]
    fn recreating_a_small_or_hard_linked_file_truncates_it_in_place() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.bin");
        std::fs::write(&small, b"old contents").unwrap();
        let inode = std::fs::metadata(&small).unwrap().ino();
        recreate_file(&small).unwrap().write_all(b"new").unwrap();
        assert_eq!(std::fs::metadata(&small).unwrap().ino(), inode);
        assert_eq!(std::fs::read(&small).unwrap(), b"new");

        let big = dir.path().join("big.bin");
        let link = dir.path().join("link.bin");
        large_sparse_file(&big, b"old");
        std::fs::hard_link(&big, &link).unwrap();
        recreate_file(&big).unwrap().write_all(b"new").unwrap();
        assert_eq!(std::fs::read(&link).unwrap(), b"new");
    }

    #[test]
    fn recreating_a_missing_file_creates_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.bin");
        recreate_file(&path).unwrap().write_all(b"x").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"x");
        assert!(recreate_file(dir.path().join("no/such/dir/a.bin")).is_err());
    }
}
