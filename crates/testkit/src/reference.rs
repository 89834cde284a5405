//! Readers for the reference JSON the NumPy / scikit-learn scripts write.
//!
//! The scripts write NaN and the infinities as the strings `"nan"`, `"inf"` and `"-inf"`
//! (JSON has no such numbers); [`f`] reads them back.

use ndarray::{Array1, Array2};
use serde_json::Value;

/// Reads and parses a JSON file; panics naming the file if it is missing or malformed.
pub fn load(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `fixtures/reference/<name>` at the workspace root (copies of `../shared/reference/`:
/// `iris_reference.json`, `digits_reference.json`).
pub fn shared(name: &str) -> Value {
    load(&format!(
        "{}/../../fixtures/reference/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
}

/// A number, with `"nan"`, `"inf"` and `"-inf"` read as the float values.
pub fn f(v: &Value) -> f64 {
    match v {
        Value::String(s) if s == "nan" => f64::NAN,
        Value::String(s) if s == "inf" => f64::INFINITY,
        Value::String(s) if s == "-inf" => f64::NEG_INFINITY,
        _ => v.as_f64().unwrap_or_else(|| panic!("a number, got {v}")),
    }
}

/// A JSON array of numbers as a vector.
pub fn vec1(v: &Value) -> Array1<f64> {
    v.as_array().expect("an array").iter().map(f).collect()
}

/// A JSON array of non-negative integers (labels, counts) as a vector.
pub fn vec_usize(v: &Value) -> Array1<usize> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| usize::try_from(x.as_u64().expect("an integer")).expect("fits in usize"))
        .collect()
}

/// A JSON array of rows as a matrix (`np.array(rows)`); rows must have equal lengths.
pub fn mat(v: &Value) -> Array2<f64> {
    let rows: Vec<Array1<f64>> = v.as_array().expect("an array").iter().map(vec1).collect();
    let ncols = rows.first().map_or(0, |r| r.len());
    let mut m = Array2::zeros((rows.len(), ncols));
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(
            row.len(),
            ncols,
            "row {i} has {} values, not {ncols}",
            row.len()
        );
        m.row_mut(i).assign(row);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_strings_are_read_as_floats() {
        let v: Value = serde_json::from_str(r#"[1.5, "nan", "inf", "-inf"]"#).unwrap();
        let x = vec1(&v);
        assert_eq!(x[0], 1.5);
        assert!(x[1].is_nan());
        assert_eq!((x[2], x[3]), (f64::INFINITY, f64::NEG_INFINITY));
    }

    #[test]
    fn the_iris_reference_is_found_from_any_crate() {
        let iris = shared("iris_reference.json");
        assert!(iris.is_object());
    }

    #[test]
    #[should_panic(expected = "row 1 has 1 values, not 2")]
    fn ragged_rows_are_refused() {
        mat(&serde_json::from_str::<Value>("[[1, 2], [3]]").unwrap());
    }
}
