//! Verified installation: from mirrors or a local folder, through a `.part` file, checked
//! by size and SHA-256, then renamed. A bad or partial file never sits under the final name.
//!
//! The network itself is not here: [`Transport`] opens a URL, and `cargo xtask fetch-data`
//! supplies one built on `ureq` (pure-Rust TLS) with a progress bar. Keeping the HTTP client
//! out of this crate keeps every chapter's build light and lets the tests drive the whole
//! procedure with an in-memory transport.
//!
//! The procedure for each file of a [`DatasetSpec`]:
//! 1. if the file is in the cache and passes size + SHA-256, skip it (unless `force`);
//! 2. otherwise stream it (gunzipping if served as `.gz`) into `NAME.<pid>-<n>.part`, hashing as
//!    it goes and stopping one byte past the pinned size;
//! 3. compare size and SHA-256; on a match rename to `NAME` (atomic on one file system),
//!    otherwise delete the `.part` and try the next mirror.
//!
//! Archives (CIFAR-10) are then unpacked by [`extract_tar_gz`], which refuses absolute paths,
//! `..`, links and device entries and caps the total size.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::cache::DataDir;
use crate::error::io_err;
use crate::registry::{DatasetSpec, FileSpec};
use crate::{Error, Result};

/// Something that can open a URL for reading (an HTTP client, or a fake in tests).
pub trait Transport {
    /// Open `url`; the reader yields the response body.
    fn open(&self, url: &str) -> io::Result<Box<dyn Read + '_>>;
}

/// Where files come from.
pub enum Source<'a> {
    /// The registry's mirror URLs, opened with this transport.
    Mirrors(&'a dyn Transport),
    /// A local folder holding the files under their served (`.gz`) or stored names.
    Dir(&'a Path),
}

/// Options for [`fetch`].
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Re-install even when the cached file verifies.
    pub force: bool,
    /// Attempts per mirror before moving to the next one.
    pub attempts_per_mirror: u32,
    /// Wait before the second attempt; doubled for each further attempt.
    pub backoff: Duration,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            force: false,
            attempts_per_mirror: 3,
            backoff: Duration::from_secs(1),
        }
    }
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileOutcome {
    /// Already in the cache and verified; nothing done.
    Verified,
    /// Installed from the given URL or path.
    Installed {
        /// URL or path it came from.
        from: String,
    },
}

/// Report of one file of a [`fetch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// Final path in the cache.
    pub path: PathBuf,
    /// What was done.
    pub outcome: FileOutcome,
}

/// SHA-256 of everything `reader` yields, as lower-case hex, and the byte count.
pub fn sha256_reader(mut reader: impl Read) -> io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((hex(&hasher.finalize()), total))
}

/// SHA-256 of a file, as lower-case hex.
pub fn sha256_file(path: &Path) -> Result<String> {
    let file = File::open(path).map_err(io_err(path))?;
    sha256_reader(io::BufReader::new(file))
        .map(|(h, _)| h)
        .map_err(io_err(path))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Check a cached file against its pin: size first (cheap), then SHA-256.
pub fn verify_file(path: &Path, spec: &FileSpec) -> Result<()> {
    let len = fs::metadata(path).map_err(io_err(path))?.len();
    if len != spec.size {
        return Err(Error::SizeMismatch {
            file: path.display().to_string(),
            expected: spec.size,
            actual: len,
        });
    }
    let actual = sha256_file(path)?;
    if actual != spec.sha256 {
        return Err(Error::ChecksumMismatch {
            file: path.display().to_string(),
            expected: spec.sha256.into(),
            actual,
        });
    }
    Ok(())
}

/// The temporary name a file is written under: `NAME.<pid>-<n>.part`, unique per process and
/// per call (`n` counts calls in this process), so two concurrent fetches, in two processes
/// or two threads of one, never write the same file. (With the pid alone, two threads
/// truncated and interleaved one `.part` file, and a verified stream could be renamed into
/// place while the other thread was still writing into it.)
pub fn part_path(dest: &Path) -> PathBuf {
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}-{n}.part", std::process::id()));
    dest.with_file_name(name)
}

/// Stream `reader` into `dest` through a `.part` file, verifying size and SHA-256 of the
/// stored bytes (after gunzip when `gzipped`). On any failure the `.part` is removed and
/// `dest` is left as it was.
pub fn install_stream(
    reader: impl Read,
    gzipped: bool,
    spec: &FileSpec,
    dest: &Path,
) -> Result<()> {
    if let Some(parent) = dest.parent() {
        fs::create_dir_all(parent).map_err(io_err(parent))?;
    }
    let part = part_path(dest);
    let result = write_verified(reader, gzipped, spec, &part, dest);
    match result {
        Ok(()) => fs::rename(&part, dest).map_err(|e| {
            let _ = fs::remove_file(&part);
            Error::Io {
                path: dest.to_path_buf(),
                source: e,
            }
        }),
        Err(e) => {
            let _ = fs::remove_file(&part);
            Err(e)
        }
    }
}

fn write_verified(
    reader: impl Read,
    gzipped: bool,
    spec: &FileSpec,
    part: &Path,
    dest: &Path,
) -> Result<()> {
    let body: Box<dyn Read> = if gzipped {
        Box::new(flate2::read::MultiGzDecoder::new(reader))
    } else {
        Box::new(reader)
    };
    // Never write more than one byte past the pin: a hostile or wrong stream cannot fill the disk.
    let mut body = body.take(spec.size + 1);
    // `create_new`: never open (and truncate) a file another writer has open.
    let mut file = File::create_new(part).map_err(io_err(part))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = body.read(&mut buf).map_err(io_err(dest))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        file.write_all(&buf[..n]).map_err(io_err(part))?;
        total += n as u64;
    }
    file.sync_all().map_err(io_err(part))?;
    if total != spec.size {
        return Err(Error::SizeMismatch {
            file: dest.display().to_string(),
            expected: spec.size,
            actual: total,
        });
    }
    let actual = hex(&hasher.finalize());
    if actual != spec.sha256 {
        return Err(Error::ChecksumMismatch {
            file: dest.display().to_string(),
            expected: spec.sha256.into(),
            actual,
        });
    }
    Ok(())
}

/// Remove `.part` files of `dest` left by processes that no longer run (an interrupted fetch).
fn remove_stale_parts(dest: &Path) {
    let (Some(dir), Some(name)) = (dest.parent(), dest.file_name()) else {
        return;
    };
    let prefix = format!("{}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        // `NAME.part`, or `NAME.<pid>.part` / `NAME.<pid>-<n>.part` of a process that has
        // gone (Linux can tell).
        let stale = if file_name == format!("{prefix}part") {
            true
        } else if let Some(pid) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".part"))
            .map(|rest| rest.split('-').next().unwrap_or(rest))
        {
            pid.parse::<u32>().is_ok_and(|pid| {
                pid != std::process::id()
                    && cfg!(target_os = "linux")
                    && !Path::new("/proc").join(pid.to_string()).exists()
            })
        } else {
            continue;
        };
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Install (or verify) every file of `spec` into `cache`, then extract archives.
///
/// `log` receives one line per step ("verified", "trying URL", errors from mirrors).
pub fn fetch(
    spec: &DatasetSpec,
    cache: &DataDir,
    source: &Source<'_>,
    options: &FetchOptions,
    log: &mut dyn FnMut(&str),
) -> Result<Vec<FileReport>> {
    let mut reports = Vec::new();
    let mut fresh_archive = false;
    for file in spec.files {
        let dest = cache.file(spec, file.name);
        remove_stale_parts(&dest);
        if dest.exists() && !options.force {
            match verify_file(&dest, file) {
                Ok(()) => {
                    log(&format!(
                        "{}: verified (sha256 {}), skipping",
                        dest.display(),
                        &file.sha256[..12]
                    ));
                    reports.push(FileReport {
                        path: dest,
                        outcome: FileOutcome::Verified,
                    });
                    continue;
                }
                Err(e) => log(&format!("{e}; installing it again")),
            }
        }
        let from = match source {
            Source::Dir(dir) => install_from_dir(file, dir, &dest)?,
            Source::Mirrors(transport) => download(spec, file, *transport, options, &dest, log)?,
        };
        fresh_archive = true;
        reports.push(FileReport {
            path: dest,
            outcome: FileOutcome::Installed { from },
        });
    }
    if !spec.extracted.is_empty() {
        let dir = cache.dataset_dir(spec);
        let complete = spec.extracted.iter().all(|f| {
            fs::metadata(dir.join(f.path)).is_ok_and(|m| m.is_file() && m.len() == f.size)
        });
        if fresh_archive || !complete {
            let archive = cache.file(spec, spec.files[0].name);
            let limit = spec.extracted.iter().map(|f| f.size).sum::<u64>() + (16 << 20);
            extract_tar_gz_verified(&archive, &dir, spec, limit)?;
            log(&format!(
                "{}: extracted {} files",
                dir.display(),
                spec.extracted.len()
            ));
        } else {
            log(&format!(
                "{}: extracted files present with the right sizes",
                dir.display()
            ));
        }
    }
    Ok(reports)
}

/// Install one file from a local folder: `DIR/served_name` (gunzipped if `.gz`) or `DIR/name`.
fn install_from_dir(file: &FileSpec, dir: &Path, dest: &Path) -> Result<String> {
    let mut candidates = vec![(dir.join(file.name), false)];
    if let Some(gz) = file.gzip {
        candidates.insert(0, (dir.join(gz.name), true));
    }
    let Some((path, gzipped)) = candidates.iter().find(|(p, _)| p.is_file()) else {
        return Err(Error::MissingSource {
            file: file.name.into(),
            dir: dir.to_path_buf(),
            candidates: candidates
                .iter()
                .map(|(p, _)| {
                    p.file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect::<Vec<_>>()
                .join(" or "),
        });
    };
    let reader = File::open(path).map_err(io_err(path))?;
    install_stream(io::BufReader::new(reader), *gzipped, file, dest)?;
    Ok(path.display().to_string())
}

/// Download one file, mirror after mirror, with retries and exponential backoff.
fn download(
    spec: &DatasetSpec,
    file: &FileSpec,
    transport: &dyn Transport,
    options: &FetchOptions,
    dest: &Path,
    log: &mut dyn FnMut(&str),
) -> Result<String> {
    let mut tried = Vec::new();
    for url in file.urls() {
        let mut wait = options.backoff;
        let attempts = options.attempts_per_mirror.max(1);
        let mut last_error = String::new();
        let mut made = 0;
        for attempt in 1..=attempts {
            made = attempt;
            log(&format!(
                "downloading {url} (attempt {attempt} of {attempts})"
            ));
            let result = match transport.open(&url) {
                Ok(reader) => install_stream(reader, file.gzip.is_some(), file, dest),
                Err(e) => Err(Error::Io {
                    path: PathBuf::from(file.served_name()),
                    source: e,
                }),
            };
            match result {
                Ok(()) => return Ok(url),
                Err(e) => {
                    log(&format!("  failed: {e}"));
                    last_error = e.to_string();
                    if matches!(e, Error::ChecksumMismatch { .. }) {
                        break; // the mirror serves other bytes: retrying it will not help
                    }
                    if attempt < attempts {
                        std::thread::sleep(wait);
                        wait *= 2;
                    }
                }
            }
        }
        let plural = if made == 1 { "" } else { "s" };
        tried.push(format!("  {url} ({made} attempt{plural}): {last_error}"));
    }
    Err(Error::Download {
        file: file.served_name().into(),
        dataset: spec.name,
        tried: tried.join("\n"),
    })
}

/// Extract a `.tar.gz` into `dest_dir`, refusing anything but plain files and directories
/// with relative paths that stay inside `dest_dir`, and at most `max_total_bytes` in all.
///
/// Returns the files written (relative paths). Refused entries are
/// [`Error::UnsafeArchiveEntry`]; nothing is written outside `dest_dir`.
pub fn extract_tar_gz(
    archive: &Path,
    dest_dir: &Path,
    max_total_bytes: u64,
) -> Result<Vec<PathBuf>> {
    let file = File::open(archive).map_err(io_err(archive))?;
    let decoder = flate2::read::GzDecoder::new(io::BufReader::new(file));
    let mut tar = tar::Archive::new(decoder);
    let mut written = Vec::new();
    let mut total = 0u64;
    for entry in tar.entries().map_err(io_err(archive))? {
        let mut entry = entry.map_err(io_err(archive))?;
        let raw_path = entry.path().map_err(io_err(archive))?.into_owned();
        let shown = raw_path.display().to_string();
        let refuse = |reason: &str| Error::UnsafeArchiveEntry {
            entry: shown.clone(),
            reason: reason.into(),
        };
        let mut relative = PathBuf::new();
        for component in raw_path.components() {
            match component {
                Component::Normal(part) => relative.push(part),
                Component::CurDir => {}
                Component::ParentDir => return Err(refuse("contains `..`")),
                Component::RootDir | Component::Prefix(_) => return Err(refuse("absolute path")),
            }
        }
        let kind = entry.header().entry_type();
        if kind.is_dir() {
            let dir = dest_dir.join(&relative);
            fs::create_dir_all(&dir).map_err(io_err(&dir))?;
            continue;
        }
        if !(kind.is_file() || kind.is_contiguous()) {
            let what = if kind.is_symlink() {
                "symbolic link"
            } else if kind.is_hard_link() {
                "hard link"
            } else if kind.is_character_special() || kind.is_block_special() {
                "device file"
            } else if kind.is_fifo() {
                "fifo"
            } else {
                "not a regular file"
            };
            return Err(refuse(what));
        }
        if relative.as_os_str().is_empty() {
            return Err(refuse("empty path"));
        }
        let size = entry.header().size().map_err(io_err(archive))?;
        total = total.saturating_add(size);
        if total > max_total_bytes {
            return Err(refuse(&format!(
                "archive expands past the {max_total_bytes}-byte limit"
            )));
        }
        let out = dest_dir.join(&relative);
        if let Some(parent) = out.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        let mut target = File::create(&out).map_err(io_err(&out))?;
        let copied = io::copy(&mut (&mut entry).take(size), &mut target).map_err(io_err(&out))?;
        if copied != size {
            return Err(Error::Truncated {
                file: format!("{} in {}", shown, archive.display()),
                expected: size,
                actual: copied,
            });
        }
        written.push(relative);
    }
    Ok(written)
}

/// Extract into a temporary folder, check the expected files and sizes, then move them into place.
///
/// Safe against a concurrent extraction of the same archive (two `fetch-data` runs, or two
/// threads): each works in its own staging folder, and each verified top-level entry goes
/// into place by `rename`: an old copy is first renamed aside (to a unique name), then the
/// new one renamed in. If another run put its own verified copy in place in between, the
/// second `rename` of a folder fails (the target is not empty) and that copy is kept: the
/// two are the same verified bytes. A reader never sees a half-written file, only, for the
/// instant between the two renames, a missing one (`NotInstalled`).
fn extract_tar_gz_verified(
    archive: &Path,
    dir: &Path,
    spec: &DatasetSpec,
    limit: u64,
) -> Result<()> {
    // Unique per process and call, like the `.part` files: two extractions never share it.
    let staging = part_path(&dir.join(".extract"));
    let result = (|| {
        extract_tar_gz(archive, &staging, limit)?;
        for f in spec.extracted {
            let path = staging.join(f.path);
            let len = fs::metadata(&path).map_err(io_err(&path))?.len();
            if len != f.size {
                return Err(Error::SizeMismatch {
                    file: path.display().to_string(),
                    expected: f.size,
                    actual: len,
                });
            }
        }
        // Move each top-level entry of the staging folder into place.
        for entry in fs::read_dir(&staging).map_err(io_err(&staging))? {
            let entry = entry.map_err(io_err(&staging))?;
            let target = dir.join(entry.file_name());
            let aside = part_path(&dir.join(".replaced"));
            if target.is_dir() {
                // Another run may move it first: then there is nothing to set aside.
                match fs::rename(&target, &aside) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => {
                        return Err(io_err(&target)(e));
                    }
                    _ => {}
                }
            }
            // A file is replaced atomically; a folder only if nothing is there.
            match fs::rename(entry.path(), &target) {
                Ok(()) => {}
                Err(_) if target.is_dir() && entry.path().is_dir() => {
                    // A concurrent run installed its verified copy first: keep it.
                }
                Err(e) => return Err(io_err(&target)(e)),
            }
            if aside.exists() {
                fs::remove_dir_all(&aside).map_err(io_err(&aside))?;
            }
        }
        Ok(())
    })();
    let _ = fs::remove_dir_all(&staging);
    result
}

/// Write the bundled Iris CSV into the cache (`datasets/iris/iris.csv`), verified like a download.
pub fn install_bundled_iris(cache: &DataDir, force: bool) -> Result<FileReport> {
    let spec = &crate::registry::IRIS;
    let file = &spec.files[0];
    let dest = cache.file(spec, file.name);
    if !force && verify_file(&dest, file).is_ok() {
        return Ok(FileReport {
            path: dest,
            outcome: FileOutcome::Verified,
        });
    }
    install_stream(crate::iris::IRIS_CSV, false, file, &dest)?;
    Ok(FileReport {
        path: dest,
        outcome: FileOutcome::Installed {
            from: "the copy bundled in crates/datasets".into(),
        },
    })
}
