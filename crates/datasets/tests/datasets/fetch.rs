//! The install procedure: checksums, truncation, interrupted `.part` files, mirror fallback,
//! `--from DIR`, idempotent second runs and safe archive extraction. Everything runs on
//! fixtures generated here (no network): an in-memory transport stands in for HTTP.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::path::Path;
use std::time::Duration;

use datasets::fetch::{self, FetchOptions, FileOutcome, Source, Transport};
use datasets::registry::{DatasetSpec, ExtractedFile, FileSpec, GzipSpec};
use datasets::{DataDir, Error};
use sha2::{Digest, Sha256};

fn sha(bytes: &[u8]) -> &'static str {
    let hex: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Box::leak(hex.into_boxed_str())
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

const MIRRORS: &[&str] = &["https://a.example/", "https://b.example/"];

/// A one-file dataset served gzipped (like MNIST) whose stored content is `content`.
fn gz_spec(content: &[u8]) -> &'static DatasetSpec {
    let gz = gzip(content);
    let files = vec![FileSpec {
        name: "data-idx1-ubyte",
        size: content.len() as u64,
        sha256: sha(content),
        gzip: Some(GzipSpec {
            name: "data-idx1-ubyte.gz",
            size: gz.len() as u64,
            sha256: sha(&gz),
        }),
        mirrors: MIRRORS,
    }];
    Box::leak(Box::new(DatasetSpec {
        name: "toy",
        title: "toy",
        licence: "test",
        citation: "test",
        files: Box::leak(files.into_boxed_slice()),
        extracted: &[],
        bundled: false,
    }))
}

enum Reply {
    Body(Vec<u8>),
    /// Yields the bytes, then fails like a dropped connection.
    CutAfter(Vec<u8>),
}

#[derive(Default)]
struct FakeHttp {
    replies: HashMap<String, Reply>,
    calls: RefCell<Vec<String>>,
}

struct Cut(io::Cursor<Vec<u8>>);
impl Read for Cut {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.0.read(buf)? {
            0 => Err(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "connection reset",
            )),
            n => Ok(n),
        }
    }
}

impl Transport for FakeHttp {
    fn open(&self, url: &str) -> io::Result<Box<dyn Read + '_>> {
        self.calls.borrow_mut().push(url.to_string());
        match self.replies.get(url) {
            Some(Reply::Body(b)) => Ok(Box::new(io::Cursor::new(b.clone()))),
            Some(Reply::CutAfter(b)) => Ok(Box::new(Cut(io::Cursor::new(b.clone())))),
            None => Err(io::Error::new(
                io::ErrorKind::ConnectionRefused,
                "connection refused",
            )),
        }
    }
}

fn quick() -> FetchOptions {
    FetchOptions {
        force: false,
        attempts_per_mirror: 2,
        backoff: Duration::ZERO,
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn download_gunzips_verifies_and_installs_under_the_final_name() {
    let content = b"idx labels \x00\x01\x02".repeat(100);
    let spec = gz_spec(&content);
    let tmp = tempfile::tempdir().unwrap();
    let cache = DataDir::new(tmp.path());
    let mut http = FakeHttp::default();
    http.replies.insert(
        "https://a.example/data-idx1-ubyte.gz".into(),
        Reply::Body(gzip(&content)),
    );
    let reports =
        fetch::fetch(spec, &cache, &Source::Mirrors(&http), &quick(), &mut |_| {}).unwrap();
    assert!(matches!(reports[0].outcome, FileOutcome::Installed { .. }));
    assert_eq!(
        std::fs::read(cache.file(spec, "data-idx1-ubyte")).unwrap(),
        content
    );
    assert_eq!(files_in(&tmp.path().join("toy")), vec!["data-idx1-ubyte"]);
}

#[test]
fn checksum_mismatch_leaves_no_file_and_falls_back_to_the_next_mirror() {
    let content = b"the real bytes".repeat(50);
    let mut wrong = content.clone();
    wrong[7] ^= 1; // same size, different bytes
    let spec = gz_spec(&content);
    let tmp = tempfile::tempdir().unwrap();
    let cache = DataDir::new(tmp.path());
    let mut http = FakeHttp::default();
    http.replies.insert(
        "https://a.example/data-idx1-ubyte.gz".into(),
        Reply::Body(gzip(&wrong)),
    );
    http.replies.insert(
        "https://b.example/data-idx1-ubyte.gz".into(),
        Reply::Body(gzip(&content)),
    );
    let mut log = Vec::new();
    fetch::fetch(spec, &cache, &Source::Mirrors(&http), &quick(), &mut |l| {
        log.push(l.to_string())
    })
    .unwrap();
    assert!(
        log.iter().any(|l| l.contains("checksum mismatch")),
        "{log:?}"
    );
    // A content mismatch is not retried on the same mirror.
    assert_eq!(http.calls.borrow().len(), 2);
    assert_eq!(
        std::fs::read(cache.file(spec, "data-idx1-ubyte")).unwrap(),
        content
    );
}

#[test]
fn checksum_mismatch_on_every_mirror_is_an_error_and_no_file_is_left() {
    let content = b"the real bytes".repeat(50);
    let mut wrong = content.clone();
    wrong[0] ^= 1;
    let spec = gz_spec(&content);
    let tmp = tempfile::tempdir().unwrap();
    let cache = DataDir::new(tmp.path());
    let mut http = FakeHttp::default();
    for m in MIRRORS {
        http.replies
            .insert(format!("{m}data-idx1-ubyte.gz"), Reply::Body(gzip(&wrong)));
    }
    let err =
        fetch::fetch(spec, &cache, &Source::Mirrors(&http), &quick(), &mut |_| {}).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::Download { .. }));
    assert!(
        message.contains("checksum mismatch") && message.contains("https://b.example/"),
        "{message}"
    );
    assert!(files_in(&tmp.path().join("toy")).is_empty());
}

#[test]
fn truncated_download_is_retried_and_never_installed() {
    let content: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let spec = gz_spec(&content);
    let gz = gzip(&content);
    let tmp = tempfile::tempdir().unwrap();
    let cache = DataDir::new(tmp.path());
    let mut http = FakeHttp::default();
    // First mirror drops the connection half-way, every time.
    http.replies.insert(
        "https://a.example/data-idx1-ubyte.gz".into(),
        Reply::CutAfter(gz[..gz.len() / 2].to_vec()),
    );
    let err =
        fetch::fetch(spec, &cache, &Source::Mirrors(&http), &quick(), &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("connection reset"), "{err}");
    assert_eq!(http.calls.borrow().len(), 4, "2 attempts x 2 mirrors");
    assert!(err.to_string().contains("(2 attempts)"), "{err}");
    assert!(
        files_in(&tmp.path().join("toy")).is_empty(),
        "no final file and no .part left"
    );

    // A body that simply ends early (no error from the socket) fails the size/gzip check.
    let mut http = FakeHttp::default();
    http.replies.insert(
        "https://a.example/data-idx1-ubyte.gz".into(),
        Reply::Body(gz[..gz.len() - 10].to_vec()),
    );
    assert!(fetch::fetch(spec, &cache, &Source::Mirrors(&http), &quick(), &mut |_| {}).is_err());
    assert!(files_in(&tmp.path().join("toy")).is_empty());
}

#[test]
fn offline_error_names_the_urls_and_suggests_from_dir() {
    let spec = gz_spec(b"x");
    let tmp = tempfile::tempdir().unwrap();
    let http = FakeHttp::default();
    let err = fetch::fetch(
        spec,
        &DataDir::new(tmp.path()),
        &Source::Mirrors(&http),
        &quick(),
        &mut |_| {},
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("https://a.example/data-idx1-ubyte.gz"),
        "{message}"
    );
    assert!(message.contains("connection refused"), "{message}");
    assert!(
        message.contains("cargo xtask fetch-data toy --from DIR"),
        "{message}"
    );
}

#[test]
fn interrupted_part_file_is_replaced_by_a_clean_install() {
    let content = b"complete content".repeat(10);
    let spec = gz_spec(&content);
    let tmp = tempfile::tempdir().unwrap();
    let cache = DataDir::new(tmp.path());
    let dir = tmp.path().join("toy");
    std::fs::create_dir_all(&dir).unwrap();
    // Leftovers of an interrupted run: a plain .part and one of a process that no longer exists.
    std::fs::write(dir.join("data-idx1-ubyte.part"), b"compl").unwrap();
    std::fs::write(dir.join("data-idx1-ubyte.4000000000.part"), b"comp").unwrap();
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("data-idx1-ubyte.gz"), gzip(&content)).unwrap();
    fetch::fetch(
        spec,
        &cache,
        &Source::Dir(src.path()),
        &quick(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(std::fs::read(dir.join("data-idx1-ubyte")).unwrap(), content);
    let left = files_in(&dir);
    assert_eq!(
        left.len(),
        if cfg!(target_os = "linux") {
            1
        } else {
            left.len()
        },
        "{left:?}"
    );
}

#[test]
fn second_run_verifies_and_skips_and_force_reinstalls() {
    let content = b"stable".repeat(30);
    let spec = gz_spec(&content);
    let tmp = tempfile::tempdir().unwrap();
    let cache = DataDir::new(tmp.path());
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("data-idx1-ubyte.gz"), gzip(&content)).unwrap();
    let first = fetch::fetch(
        spec,
        &cache,
        &Source::Dir(src.path()),
        &quick(),
        &mut |_| {},
    )
    .unwrap();
    assert!(matches!(first[0].outcome, FileOutcome::Installed { .. }));
    let second = fetch::fetch(
        spec,
        &cache,
        &Source::Dir(src.path()),
        &quick(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(second[0].outcome, FileOutcome::Verified);
    let forced = FetchOptions {
        force: true,
        ..quick()
    };
    let third = fetch::fetch(spec, &cache, &Source::Dir(src.path()), &forced, &mut |_| {}).unwrap();
    assert!(matches!(third[0].outcome, FileOutcome::Installed { .. }));
}

#[test]
fn a_corrupted_cached_file_is_detected_and_replaced() {
    let content = b"good".repeat(30);
    let spec = gz_spec(&content);
    let tmp = tempfile::tempdir().unwrap();
    let cache = DataDir::new(tmp.path());
    std::fs::create_dir_all(tmp.path().join("toy")).unwrap();
    std::fs::write(cache.file(spec, "data-idx1-ubyte"), b"bad!".repeat(30)).unwrap();
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("data-idx1-ubyte"), &content).unwrap(); // not gzipped: also accepted
    let mut log = Vec::new();
    let r = fetch::fetch(spec, &cache, &Source::Dir(src.path()), &quick(), &mut |l| {
        log.push(l.to_string())
    })
    .unwrap();
    assert!(matches!(r[0].outcome, FileOutcome::Installed { .. }));
    assert!(
        log.iter().any(|l| l.contains("checksum mismatch")),
        "{log:?}"
    );
    assert_eq!(
        std::fs::read(cache.file(spec, "data-idx1-ubyte")).unwrap(),
        content
    );
}

#[test]
fn from_dir_with_a_wrong_file_is_refused_and_keeps_nothing() {
    let spec = gz_spec(&b"expected".repeat(10));
    let tmp = tempfile::tempdir().unwrap();
    let cache = DataDir::new(tmp.path());
    let src = tempfile::tempdir().unwrap();
    std::fs::write(
        src.path().join("data-idx1-ubyte.gz"),
        gzip(&b"imposter".repeat(10)),
    )
    .unwrap();
    let err = fetch::fetch(
        spec,
        &cache,
        &Source::Dir(src.path()),
        &quick(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, Error::ChecksumMismatch { .. }), "{err}");
    // Not gzip at all.
    std::fs::write(
        src.path().join("data-idx1-ubyte.gz"),
        b"plain text, not gzip",
    )
    .unwrap();
    assert!(
        fetch::fetch(
            spec,
            &cache,
            &Source::Dir(src.path()),
            &quick(),
            &mut |_| {}
        )
        .is_err()
    );
    // Missing from the folder.
    let empty = tempfile::tempdir().unwrap();
    let err = fetch::fetch(
        spec,
        &cache,
        &Source::Dir(empty.path()),
        &quick(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("data-idx1-ubyte.gz or data-idx1-ubyte"),
        "{err}"
    );
    assert!(files_in(&tmp.path().join("toy")).is_empty());
}

#[test]
fn a_stream_longer_than_the_pin_is_cut_and_refused() {
    let content = b"short".to_vec();
    let spec = gz_spec(&content);
    let tmp = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("data-idx1-ubyte"), vec![b's'; 1 << 20]).unwrap();
    let err = fetch::fetch(
        spec,
        &DataDir::new(tmp.path()),
        &Source::Dir(src.path()),
        &quick(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::SizeMismatch {
                expected: 5,
                actual: 6,
                ..
            }
        ),
        "{err}"
    );
}

// ---- archives (CIFAR-10 layout) ----

fn tar_gz(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::fast(),
    ));
    for (path, data) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        raw_path(&mut header, path);
        builder.append(&header, *data).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

/// Write the name field directly, so hostile paths (`..`, absolute) get into the archive.
fn raw_path(header: &mut tar::Header, path: &str) {
    let name = &mut header.as_old_mut().name;
    name.fill(0);
    name[..path.len()].copy_from_slice(path.as_bytes());
    header.set_cksum();
}

fn cifar_like_spec(archive: &[u8], batch_bytes: u64) -> &'static DatasetSpec {
    let files = vec![FileSpec {
        name: "cifar-10-binary.tar.gz",
        size: archive.len() as u64,
        sha256: sha(archive),
        gzip: None,
        mirrors: MIRRORS,
    }];
    let extracted = [
        "data_batch_1.bin",
        "data_batch_2.bin",
        "data_batch_3.bin",
        "data_batch_4.bin",
        "data_batch_5.bin",
        "test_batch.bin",
    ]
    .iter()
    .map(|n| ExtractedFile {
        path: Box::leak(format!("cifar-10-batches-bin/{n}").into_boxed_str()),
        size: batch_bytes,
    })
    .collect::<Vec<_>>();
    Box::leak(Box::new(DatasetSpec {
        name: "cifar10",
        title: "t",
        licence: "t",
        citation: "t",
        files: Box::leak(files.into_boxed_slice()),
        extracted: Box::leak(extracted.into_boxed_slice()),
        bundled: false,
    }))
}

fn records(n: usize, label_offset: u8) -> Vec<u8> {
    (0..n)
        .flat_map(|i| {
            let mut r = vec![(i as u8 + label_offset) % 10];
            r.extend((0..3072).map(|p| ((p + i) % 256) as u8));
            r
        })
        .collect()
}

#[test]
fn cifar_archive_installs_from_dir_extracts_and_loads() {
    let batches: Vec<Vec<u8>> = (0..6).map(|b| records(3, b)).collect();
    let names = [
        "data_batch_1.bin",
        "data_batch_2.bin",
        "data_batch_3.bin",
        "data_batch_4.bin",
        "data_batch_5.bin",
        "test_batch.bin",
    ];
    let paths: Vec<String> = names
        .iter()
        .map(|n| format!("cifar-10-batches-bin/{n}"))
        .collect();
    let mut entries: Vec<(&str, &[u8])> = paths
        .iter()
        .zip(&batches)
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    entries.push((
        "cifar-10-batches-bin/batches.meta.txt",
        b"airplane\nautomobile\n",
    ));
    let archive = tar_gz(&entries);
    let spec = cifar_like_spec(&archive, 3 * 3073);
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("cifar-10-binary.tar.gz"), &archive).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let cache = DataDir::new(tmp.path());
    fetch::fetch(
        spec,
        &cache,
        &Source::Dir(src.path()),
        &quick(),
        &mut |_| {},
    )
    .unwrap();

    let train = datasets::cifar::load_from(&cache, datasets::cifar::Split::Train).unwrap();
    assert_eq!(train.images.dim(), (15, 3, 32, 32));
    assert_eq!(train.labels.to_vec()[..6], [0, 1, 2, 1, 2, 3]);
    let test = datasets::cifar::load_from(&cache, datasets::cifar::Split::Test).unwrap();
    assert_eq!(test.labels.to_vec(), vec![5, 6, 7]);
    assert_eq!(test.images[[2, 0, 0, 1]], 3); // record 2, red plane, pixel 1: (1 + 2) % 256

    // Second run: archive verified, extraction present, nothing rewritten.
    let mut log = Vec::new();
    let again = fetch::fetch(spec, &cache, &Source::Dir(src.path()), &quick(), &mut |l| {
        log.push(l.to_string())
    })
    .unwrap();
    assert_eq!(again[0].outcome, FileOutcome::Verified);
    assert!(
        log.iter().any(|l| l.contains("extracted files present")),
        "{log:?}"
    );
}

#[test]
fn tar_with_parent_dir_entry_is_refused_and_nothing_escapes() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("a.tar.gz");
    std::fs::write(
        &archive,
        tar_gz(&[("ok.txt", b"fine"), ("../escaped.txt", b"evil")]),
    )
    .unwrap();
    let dest = tmp.path().join("out");
    let err = fetch::extract_tar_gz(&archive, &dest, 1 << 20).unwrap_err();
    assert!(matches!(err, Error::UnsafeArchiveEntry { .. }), "{err}");
    assert!(err.to_string().contains(".."), "{err}");
    assert!(!tmp.path().join("escaped.txt").exists());
}

#[test]
fn tar_with_absolute_path_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("a.tar.gz");
    let target = tmp.path().join("abs.txt");
    std::fs::write(&archive, tar_gz(&[(target.to_str().unwrap(), b"evil")])).unwrap();
    let err = fetch::extract_tar_gz(&archive, &tmp.path().join("out"), 1 << 20).unwrap_err();
    assert!(err.to_string().contains("absolute path"), "{err}");
    assert!(!target.exists());
}

#[test]
fn tar_with_links_or_devices_is_refused() {
    for (kind, what) in [
        (tar::EntryType::Symlink, "symbolic link"),
        (tar::EntryType::Link, "hard link"),
        (tar::EntryType::Char, "device file"),
        (tar::EntryType::Block, "device file"),
    ] {
        let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
            Vec::new(),
            flate2::Compression::fast(),
        ));
        let mut header = tar::Header::new_gnu();
        header.set_size(0);
        header.set_entry_type(kind);
        header.set_link_name("/etc/passwd").unwrap();
        raw_path(&mut header, "cifar-10-batches-bin/data_batch_1.bin");
        builder.append(&header, io::empty()).unwrap();
        let bytes = builder.into_inner().unwrap().finish().unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let archive = tmp.path().join("a.tar.gz");
        std::fs::write(&archive, bytes).unwrap();
        let err = fetch::extract_tar_gz(&archive, &tmp.path().join("out"), 1 << 20).unwrap_err();
        assert!(err.to_string().contains(what), "{kind:?}: {err}");
        assert!(
            !tmp.path()
                .join("out/cifar-10-batches-bin/data_batch_1.bin")
                .exists()
        );
    }
}

#[test]
fn tar_that_expands_past_the_limit_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("a.tar.gz");
    let big = vec![0u8; 10_000];
    std::fs::write(&archive, tar_gz(&[("a.bin", &big), ("b.bin", &big)])).unwrap();
    let err = fetch::extract_tar_gz(&archive, &tmp.path().join("out"), 15_000).unwrap_err();
    assert!(err.to_string().contains("limit"), "{err}");
}

#[test]
fn bundled_iris_is_written_to_the_cache_verified() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = DataDir::new(tmp.path());
    let first = fetch::install_bundled_iris(&cache, false).unwrap();
    assert!(matches!(first.outcome, FileOutcome::Installed { .. }));
    assert_eq!(
        std::fs::read(&first.path).unwrap(),
        datasets::iris::IRIS_CSV
    );
    assert_eq!(
        fetch::install_bundled_iris(&cache, false).unwrap().outcome,
        FileOutcome::Verified
    );
}

#[test]
fn concurrent_fetches_of_one_dataset_into_one_cache_all_succeed_and_leave_one_verified_file() {
    // Eight threads (the situation of two `fetch-data` runs, or parallel tests) install the
    // same file at once. Each writes its own `.part`, verifies it and renames it into place;
    // the final file is whole and verified, and no `.part` is left behind.
    let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let spec = gz_spec(&content);
    let tmp = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("data-idx1-ubyte.gz"), gzip(&content)).unwrap();
    let options = FetchOptions {
        force: true,
        ..quick()
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                scope.spawn(|| {
                    let cache = DataDir::new(tmp.path());
                    fetch::fetch(
                        spec,
                        &cache,
                        &Source::Dir(src.path()),
                        &options,
                        &mut |_| {},
                    )
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap().unwrap();
        }
    });
    let dir = tmp.path().join("toy");
    assert_eq!(files_in(&dir), vec!["data-idx1-ubyte".to_string()]);
    fetch::verify_file(&dir.join("data-idx1-ubyte"), &spec.files[0]).unwrap();
}

#[test]
fn part_files_are_unique_per_call_within_one_process() {
    let dest = Path::new("/cache/mnist/train-images-idx3-ubyte");
    let (a, b) = (fetch::part_path(dest), fetch::part_path(dest));
    assert_ne!(a, b);
    let name = a.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with(&format!("train-images-idx3-ubyte.{}-", std::process::id())));
    assert!(name.ends_with(".part"));
}

#[test]
fn a_cache_that_cannot_be_written_is_a_clear_error_naming_the_path() {
    let content = b"bytes".repeat(20);
    let spec = gz_spec(&content);
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("data-idx1-ubyte.gz"), gzip(&content)).unwrap();

    // A cache "directory" that is a file: no folder can be made under it (also as root).
    let tmp = tempfile::tempdir().unwrap();
    let not_a_dir = tmp.path().join("cache");
    std::fs::write(&not_a_dir, b"").unwrap();
    let err = fetch::fetch(
        spec,
        &DataDir::new(&not_a_dir),
        &Source::Dir(src.path()),
        &quick(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err}");
    assert!(err.to_string().contains("cache"), "{err}");

    // A read-only cache folder (permissions do not bind root: then say so and stop).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = tmp.path().join("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        if std::fs::write(ro.join("probe"), b"").is_ok() {
            eprintln!(
                "skipped: read-only folder check (running as root, permissions are not enforced)"
            );
        } else {
            let err = fetch::fetch(
                spec,
                &DataDir::new(&ro),
                &Source::Dir(src.path()),
                &quick(),
                &mut |_| {},
            )
            .unwrap_err();
            assert!(matches!(err, Error::Io { .. }), "{err}");
            assert!(err.to_string().contains("ro"), "{err}");
            assert!(files_in(&ro).is_empty());
        }
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// Two fetches of the same archive at once (two `fetch-data` runs) both succeed and leave
/// a complete, loadable extraction: each extracts into its own staging folder and moves it
/// into place by `rename`.
#[test]
fn concurrent_extractions_of_one_archive_leave_a_complete_cache() {
    let names = [
        "data_batch_1.bin",
        "data_batch_2.bin",
        "data_batch_3.bin",
        "data_batch_4.bin",
        "data_batch_5.bin",
        "test_batch.bin",
    ];
    let batches: Vec<Vec<u8>> = (0..6).map(|b| records(2, b)).collect();
    let paths: Vec<String> = names
        .iter()
        .map(|n| format!("cifar-10-batches-bin/{n}"))
        .collect();
    let entries: Vec<(&str, &[u8])> = paths
        .iter()
        .zip(&batches)
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    let archive = tar_gz(&entries);
    let spec = cifar_like_spec(&archive, 2 * 3073);
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("cifar-10-binary.tar.gz"), &archive).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let cache = DataDir::new(tmp.path());
    for _round in 0..3 {
        let results: Vec<_> = std::thread::scope(|s| {
            let runs: Vec<_> = (0..4)
                .map(|_| {
                    s.spawn(|| {
                        let opts = FetchOptions {
                            force: true,
                            ..quick()
                        };
                        fetch::fetch(spec, &cache, &Source::Dir(src.path()), &opts, &mut |_| {})
                    })
                })
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect()
        });
        for r in results {
            r.unwrap();
        }
        let train = datasets::cifar::load_from(&cache, datasets::cifar::Split::Train).unwrap();
        assert_eq!(train.images.dim(), (10, 3, 32, 32));
        // No staging or set-aside folders are left behind.
        let left: Vec<String> = files_in(&cache.dataset_dir(spec))
            .into_iter()
            .filter(|f| f.contains(".extract") || f.contains(".replaced") || f.ends_with(".part"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
