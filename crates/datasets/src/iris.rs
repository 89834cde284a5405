//! Iris, bundled: 150 flowers x 4 measurements (cm), 3 species, 50 of each.
//!
//! This is scikit-learn's corrected copy (`sklearn/datasets/data/iris.csv`, rows 35 and 38
//! as in Fisher's paper, unlike the UCI `iris.data`), embedded with `include_bytes!`, so it
//! works on a fresh machine with no download.
//!
//! | NumPy / scikit-learn | Rust |
//! |---|---|
//! | `X, y = load_iris(return_X_y=True)` | `let iris = datasets::iris::load(); (iris.data, iris.target)` |
//! | `X.shape` | `iris.data.dim()` → `(150, 4)` |
//! | `load_iris().feature_names` | `datasets::iris::FEATURE_NAMES` |
//!
//! ```
//! let iris = datasets::iris::load();
//! assert_eq!(iris.data.dim(), (150, 4));
//! assert_eq!(iris.target.len(), 150);
//! assert!((iris.data.sum() - 2078.7).abs() < 1e-9); // np.sum(X) == 2078.7
//! ```

use ndarray::{Array1, Array2};

use crate::csv_file::parse_sklearn_csv;

/// The CSV bytes as shipped by scikit-learn: a header line `150,4,setosa,versicolor,virginica`,
/// then 150 rows of four measurements and a class index.
pub const IRIS_CSV: &[u8] = include_bytes!("../data/iris.csv");
/// Length of [`IRIS_CSV`] in bytes.
pub const IRIS_CSV_SIZE: u64 = 2734;
/// SHA-256 of [`IRIS_CSV`].
pub const IRIS_CSV_SHA256: &str =
    "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449";

/// Column names, as in `load_iris().feature_names`.
pub const FEATURE_NAMES: [&str; 4] = [
    "sepal length (cm)",
    "sepal width (cm)",
    "petal length (cm)",
    "petal width (cm)",
];

/// Class names, as in `load_iris().target_names`.
pub const TARGET_NAMES: [&str; 3] = ["setosa", "versicolor", "virginica"];

/// The Iris data set: features, labels and names.
#[derive(Debug, Clone, PartialEq)]
pub struct Iris {
    /// Measurements, shape (150, 4), in centimetres.
    pub data: Array2<f64>,
    /// Class index per row (0 = setosa, 1 = versicolor, 2 = virginica).
    pub target: Array1<usize>,
}

/// Load the bundled Iris data (`sklearn.datasets.load_iris`).
///
/// No file system access: the CSV is part of the binary.
pub fn load() -> Iris {
    // The embedded bytes are fixed and checked by this crate's tests, so parsing cannot fail
    // on any machine; a failure here would be a build of a corrupted source tree.
    let (data, target) = parse_sklearn_csv(IRIS_CSV, "bundled iris.csv", TARGET_NAMES.len())
        .expect("the bundled iris.csv is valid (checked by the datasets tests)");
    Iris { data, target }
}
