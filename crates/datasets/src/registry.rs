//! The registry: every dataset the course uses, its files, mirrors, sizes and SHA-256 pins.
//!
//! | dataset | files | stored as | pinned by |
//! |---|---|---|---|
//! | Iris | bundled (`include_bytes!`) | `iris/iris.csv` when written out | SHA-256 of the CSV |
//! | MNIST | 4 IDX files, served gzipped | decompressed IDX | SHA-256 of the decompressed bytes (and of the original `.gz`) |
//! | CIFAR-10 | `cifar-10-binary.tar.gz` | archive + `cifar-10-batches-bin/` | SHA-256 of the archive, sizes of the extracted batches |
//!
//! Mirrors re-gzip the same MNIST bytes, so the `.gz` hash differs from mirror to mirror;
//! the hash of the decompressed content is what identifies MNIST, and the one
//! [`crate::fetch`] enforces.

/// One file of a dataset as it is stored in the cache directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileSpec {
    /// File name in the dataset's cache folder (e.g. `train-images-idx3-ubyte`).
    pub name: &'static str,
    /// Size in bytes of the stored file.
    pub size: u64,
    /// SHA-256 (lower-case hex) of the stored file.
    pub sha256: &'static str,
    /// How the file is served, if not as-is.
    pub gzip: Option<GzipSpec>,
    /// Base URLs (ending in `/`) tried in order; the served name is appended.
    pub mirrors: &'static [&'static str],
}

/// The gzip wrapper a file is served in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GzipSpec {
    /// Served name (e.g. `train-images-idx3-ubyte.gz`).
    pub name: &'static str,
    /// Size of the original `.gz` download.
    pub size: u64,
    /// SHA-256 of the original `.gz` download (informational: re-gzipped copies differ).
    pub sha256: &'static str,
}

impl FileSpec {
    /// The name the file is served under (the `.gz` name for gzipped files).
    pub fn served_name(&self) -> &'static str {
        self.gzip.map_or(self.name, |g| g.name)
    }

    /// Full URLs, one per mirror, in the order they are tried.
    pub fn urls(&self) -> Vec<String> {
        self.mirrors
            .iter()
            .map(|m| format!("{m}{}", self.served_name()))
            .collect()
    }
}

/// A file extracted from an archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtractedFile {
    /// Path relative to the dataset folder.
    pub path: &'static str,
    /// Size in bytes.
    pub size: u64,
}

/// A dataset known to the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatasetSpec {
    /// Short name used on the command line and as the cache sub-folder.
    pub name: &'static str,
    /// Human title.
    pub title: &'static str,
    /// Licence of the data.
    pub licence: &'static str,
    /// How to cite it.
    pub citation: &'static str,
    /// Files downloaded (or bundled).
    pub files: &'static [FileSpec],
    /// Files that come out of an archive in `files`, checked by size after extraction.
    pub extracted: &'static [ExtractedFile],
    /// True when the data ships inside the crate and needs no download.
    pub bundled: bool,
}

const MNIST_MIRRORS: &[&str] = &[
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
];

/// Iris (Fisher 1936), scikit-learn's corrected copy, bundled in the crate.
pub const IRIS: DatasetSpec = DatasetSpec {
    name: "iris",
    title: "Iris flower data set (150 x 4, 3 classes), scikit-learn's corrected copy",
    licence: "CC BY 4.0 (UCI Machine Learning Repository); the file is scikit-learn's iris.csv (BSD-3-Clause)",
    citation: "R. A. Fisher (1936), The use of multiple measurements in taxonomic problems. Annals of Eugenics 7(2).",
    files: &[FileSpec {
        name: "iris.csv",
        size: crate::iris::IRIS_CSV_SIZE,
        sha256: crate::iris::IRIS_CSV_SHA256,
        gzip: None,
        mirrors: &[],
    }],
    extracted: &[],
    bundled: true,
};

/// MNIST handwritten digits: 60000 train + 10000 test images of 28 x 28 pixels.
pub const MNIST: DatasetSpec = DatasetSpec {
    name: "mnist",
    title: "MNIST handwritten digits (60000 train + 10000 test, 28 x 28, 10 classes)",
    licence: "CC BY-SA 3.0 (Yann LeCun and Corinna Cortes)",
    citation: "Y. LeCun, L. Bottou, Y. Bengio, P. Haffner (1998), Gradient-based learning applied to document recognition. Proc. IEEE 86(11).",
    files: &[
        FileSpec {
            name: "train-images-idx3-ubyte",
            size: 47_040_016,
            sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            gzip: Some(GzipSpec {
                name: "train-images-idx3-ubyte.gz",
                size: 9_912_422,
                sha256: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            }),
            mirrors: MNIST_MIRRORS,
        },
        FileSpec {
            name: "train-labels-idx1-ubyte",
            size: 60_008,
            sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            gzip: Some(GzipSpec {
                name: "train-labels-idx1-ubyte.gz",
                size: 28_881,
                sha256: "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            }),
            mirrors: MNIST_MIRRORS,
        },
        FileSpec {
            name: "t10k-images-idx3-ubyte",
            size: 7_840_016,
            sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            gzip: Some(GzipSpec {
                name: "t10k-images-idx3-ubyte.gz",
                size: 1_648_877,
                sha256: "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            }),
            mirrors: MNIST_MIRRORS,
        },
        FileSpec {
            name: "t10k-labels-idx1-ubyte",
            size: 10_008,
            sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
            gzip: Some(GzipSpec {
                name: "t10k-labels-idx1-ubyte.gz",
                size: 4_542,
                sha256: "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
            }),
            mirrors: MNIST_MIRRORS,
        },
    ],
    extracted: &[],
    bundled: false,
};

/// Size of one CIFAR-10 batch file: 10000 records of 1 label byte + 3072 pixel bytes.
pub const CIFAR10_BATCH_BYTES: u64 = 10_000 * 3073;

/// CIFAR-10: 50000 train + 10000 test colour images of 32 x 32 pixels, binary version.
pub const CIFAR10: DatasetSpec = DatasetSpec {
    name: "cifar10",
    title: "CIFAR-10 (50000 train + 10000 test, 3 x 32 x 32, 10 classes), binary version",
    licence: "Free for research and teaching, citation requested (Alex Krizhevsky, 2009)",
    citation: "A. Krizhevsky (2009), Learning Multiple Layers of Features from Tiny Images. Tech. report, University of Toronto.",
    files: &[FileSpec {
        name: "cifar-10-binary.tar.gz",
        size: 170_052_171,
        sha256: "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd",
        gzip: None,
        mirrors: &[
            "https://www.cs.toronto.edu/~kriz/",
            "https://cave.cs.toronto.edu/kriz/",
        ],
    }],
    extracted: &[
        ExtractedFile {
            path: "cifar-10-batches-bin/data_batch_1.bin",
            size: CIFAR10_BATCH_BYTES,
        },
        ExtractedFile {
            path: "cifar-10-batches-bin/data_batch_2.bin",
            size: CIFAR10_BATCH_BYTES,
        },
        ExtractedFile {
            path: "cifar-10-batches-bin/data_batch_3.bin",
            size: CIFAR10_BATCH_BYTES,
        },
        ExtractedFile {
            path: "cifar-10-batches-bin/data_batch_4.bin",
            size: CIFAR10_BATCH_BYTES,
        },
        ExtractedFile {
            path: "cifar-10-batches-bin/data_batch_5.bin",
            size: CIFAR10_BATCH_BYTES,
        },
        ExtractedFile {
            path: "cifar-10-batches-bin/test_batch.bin",
            size: CIFAR10_BATCH_BYTES,
        },
    ],
    bundled: false,
};

/// Every dataset, in the order `fetch-data all` installs them.
pub const ALL: &[DatasetSpec] = &[IRIS, MNIST, CIFAR10];

/// Look a dataset up by its command-line name (`iris`, `mnist`, `cifar10`; `cifar-10` also works).
///
/// ```
/// assert_eq!(datasets::registry::find("mnist").unwrap().files.len(), 4);
/// assert!(datasets::registry::find("imagenet").is_err());
/// ```
pub fn find(name: &str) -> crate::Result<&'static DatasetSpec> {
    let key = name.to_ascii_lowercase().replace(['-', '_'], "");
    ALL.iter()
        .find(|d| d.name == key)
        .ok_or_else(|| crate::Error::UnknownDataset(name.to_string()))
}
