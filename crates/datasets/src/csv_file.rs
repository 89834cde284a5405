//! Parser for scikit-learn's small-dataset CSV layout (Iris, Wine, ...):
//! a header `n_samples,n_features,class names...`, then one row per sample with the
//! features followed by an integer class index.

use ndarray::{Array1, Array2};

use crate::{Error, Result};

/// Parse scikit-learn's CSV layout into features `(n_samples, n_features)` and labels.
///
/// `name` is used in error messages; `n_classes` bounds the labels. A bad field is an
/// [`Error::Csv`] naming the 1-based line and column; a row count that disagrees with the
/// header is [`Error::Inconsistent`].
///
/// ```
/// let csv = b"2,2,a,b\n1.0,2.0,0\n3.0,4.0,1\n";
/// let (x, y) = datasets::parse_sklearn_csv(csv, "tiny.csv", 2).unwrap();
/// assert_eq!(x, ndarray::array![[1.0, 2.0], [3.0, 4.0]]);
/// assert_eq!(y, ndarray::array![0, 1]);
///
/// let bad = b"1,2,a\n1.0,oops,0\n";
/// let err = datasets::parse_sklearn_csv(bad, "bad.csv", 1).unwrap_err();
/// assert_eq!(err.to_string(), "bad.csv: line 2, column 2: cannot parse \"oops\" as a number");
/// ```
pub fn parse_sklearn_csv(
    bytes: &[u8],
    name: &str,
    n_classes: usize,
) -> Result<(Array2<f64>, Array1<usize>)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.records();
    let csv_err = |line: u64, column: usize, message: String| Error::Csv {
        file: name.to_string(),
        line,
        column,
        message,
    };
    let header = records
        .next()
        .ok_or_else(|| csv_err(1, 1, "empty file: expected a header line".into()))?
        .map_err(|e| csv_err(1, 1, e.to_string()))?;
    let count = |column: usize| -> Result<usize> {
        let field = header.get(column).unwrap_or("");
        field.trim().parse().map_err(|_| {
            csv_err(
                1,
                column + 1,
                format!("header field {field:?} is not a count"),
            )
        })
    };
    let (n_samples, n_features) = (count(0)?, count(1)?);
    // The header is data too: "99999999999,99999999999" must not reserve memory it names,
    // and `n_features + 1` fields must be a number that exists.
    let Some(fields_per_row) = n_features.checked_add(1) else {
        return Err(csv_err(
            1,
            2,
            format!("header field {n_features} is not a feature count"),
        ));
    };
    let cap = n_samples.saturating_mul(n_features).min(bytes.len());
    let mut data = Vec::with_capacity(cap);
    let mut target = Vec::with_capacity(n_samples.min(bytes.len()));
    for record in records {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            csv_err(line, 1, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != fields_per_row {
            return Err(csv_err(
                line,
                record.len().min(fields_per_row),
                format!(
                    "expected {fields_per_row} fields ({n_features} features + label), found {}",
                    record.len()
                ),
            ));
        }
        for (j, field) in record.iter().take(n_features).enumerate() {
            let value: f64 = field
                .trim()
                .parse()
                .map_err(|_| csv_err(line, j + 1, format!("cannot parse {field:?} as a number")))?;
            data.push(value);
        }
        let field = &record[n_features];
        let label: usize = field.trim().parse().map_err(|_| {
            csv_err(
                line,
                n_features + 1,
                format!("cannot parse {field:?} as a class index"),
            )
        })?;
        if label >= n_classes {
            return Err(csv_err(
                line,
                n_features + 1,
                format!("class index {label} is out of range (classes are 0..{n_classes})"),
            ));
        }
        target.push(label);
    }
    if target.len() != n_samples {
        return Err(Error::Inconsistent {
            what: format!("{name}: rows announced by the header vs rows found"),
            left: n_samples,
            right: target.len(),
        });
    }
    // Rows were counted and each had n_features values, so only a shape ndarray refuses
    // (0 rows of 2^63 features) is left to fail here.
    let data = Array2::from_shape_vec((n_samples, n_features), data).map_err(|e| {
        csv_err(
            1,
            2,
            format!("header shape ({n_samples}, {n_features}) is not an array shape: {e}"),
        )
    })?;
    Ok((data, Array1::from(target)))
}
