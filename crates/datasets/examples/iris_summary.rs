//! The bundled Iris data: shape, class counts and per-class means.
//!
//! NumPy / scikit-learn:
//! ```python
//! X, y = load_iris(return_X_y=True)
//! print(X.shape, np.bincount(y))
//! for c in range(3): print(X[y == c].mean(axis=0))
//! ```

use ndarray::Axis;

fn main() {
    let iris = datasets::iris::load();
    println!(
        "Iris: {:?} features, {} labels",
        iris.data.dim(),
        iris.target.len()
    );
    println!("features: {:?}", datasets::iris::FEATURE_NAMES);
    let mut counts = [0usize; 3];
    for &t in &iris.target {
        counts[t] += 1;
    }
    println!(
        "\n{:<12} {:>6}   mean of each feature (cm)",
        "class", "count"
    );
    for (c, name) in datasets::iris::TARGET_NAMES.iter().enumerate() {
        // X[y == c]
        let rows: Vec<usize> = (0..iris.target.len())
            .filter(|&i| iris.target[i] == c)
            .collect();
        let subset = iris.data.select(Axis(0), &rows);
        let mean = subset.mean_axis(Axis(0)).expect("50 rows per class");
        println!("{name:<12} {:>6}   {:.3}", counts[c], mean);
    }
    println!(
        "\nresult: shape = [{}, {}]",
        iris.data.nrows(),
        iris.data.ncols()
    );
    println!("result: class_counts = {counts:?}");
    println!("result: sum = {}", iris.data.sum());
}
