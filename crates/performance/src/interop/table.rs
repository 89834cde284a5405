//! Tables for pandas: Parquet (with column names and dtypes) and CSV.
//!
//! A preprocessed design matrix is usually handed to pandas as a table: named columns, one
//! dtype each. [`Table`] is that: an ordered list of named columns (`f32`, `f64` or `i64`),
//! written as Parquet with the Apache [arrow](https://docs.rs/arrow-array) and
//! [parquet](https://docs.rs/parquet) crates (Snappy-compressed, as pandas writes it) or as
//! CSV with a header line.
//!
//! | pandas | Rust |
//! |---|---|
//! | `pd.DataFrame(X, columns=names)` | [`Table::from_array`]`(&names, &x)?` |
//! | `df["label"] = y` | `table.push("label", Column::I64(y))?` |
//! | `df.to_parquet(path)` / `pd.read_parquet(path)` | `write_parquet(&table, path)?` / `read_parquet(path)?` (feature `parquet`) |
//! | `df.to_csv(path, index=False)` / `pd.read_csv(path)` | [`write_csv`]`(&table, path)?` / [`read_csv`]`(path)?` |
//! | `df[names].to_numpy()` | [`Table::to_array_f64`] |
//!
//! ```
//! use ndarray::array;
//! use performance::interop::table::{Column, Table, read_csv, write_csv};
//! let dir = tempfile::tempdir().unwrap();
//! let mut table = Table::from_array(&["sepal_length", "sepal_width"], &array![[5.1, 3.5], [4.9, 3.0]])?;
//! table.push("species", Column::I64(vec![0, 0]))?;
//! write_csv(&table, dir.path().join("iris.csv"))?;
//! let back = read_csv(dir.path().join("iris.csv"))?;
//! assert_eq!(back, table);
//! assert_eq!(back.names(), ["sepal_length", "sepal_width", "species"]);
//! # Ok::<(), performance::interop::Error>(())
//! ```

use std::path::Path;

use ndarray::{Array2, ArrayBase, Data, Ix2};

use super::{Error, Result};

#[cfg(feature = "parquet")]
mod parquet_io;
#[cfg(feature = "parquet")]
pub use parquet_io::{read_parquet, write_parquet};

/// One column: its elements, all of one dtype.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// `float32`.
    F32(Vec<f32>),
    /// `float64`.
    F64(Vec<f64>),
    /// `int64` (labels, counts, ids).
    I64(Vec<i64>),
}

impl Column {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Column::F32(v) => v.len(),
            Column::F64(v) => v.len(),
            Column::I64(v) => v.len(),
        }
    }

    /// `true` for a column with no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The elements as `f64` (exact for `f32`, and for `i64` up to 2^53).
    pub fn to_f64(&self) -> Vec<f64> {
        match self {
            Column::F32(v) => v.iter().map(|&x| f64::from(x)).collect(),
            Column::F64(v) => v.clone(),
            Column::I64(v) => v.iter().map(|&x| x as f64).collect(),
        }
    }
}

/// A table of named columns of equal length: a pandas `DataFrame` without an index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub(crate) names: Vec<String>,
    pub(crate) columns: Vec<Column>,
}

impl Table {
    /// A table with no columns.
    pub fn new() -> Self {
        Self::default()
    }

    /// `pd.DataFrame(x, columns=names)`: one `f64` column per column of `x`.
    ///
    /// # Errors
    /// [`Error::Shape`] when there are not as many names as columns; [`Error::DuplicateName`].
    pub fn from_array<S, N>(names: &[N], x: &ArrayBase<S, Ix2>) -> Result<Self>
    where
        S: Data<Elem = f64>,
        N: AsRef<str>,
    {
        if names.len() != x.ncols() {
            return Err(Error::Shape(format!(
                "{} column names for an array of {} columns",
                names.len(),
                x.ncols()
            )));
        }
        let mut table = Table::new();
        for (name, column) in names.iter().zip(x.columns()) {
            table.push(name.as_ref(), Column::F64(column.to_vec()))?;
        }
        Ok(table)
    }

    /// `df[name] = column`, appended on the right.
    ///
    /// # Errors
    /// [`Error::DuplicateName`] for a name already present; [`Error::Shape`] when the column's
    /// length differs from the table's rows or the name is empty.
    pub fn push(&mut self, name: &str, column: Column) -> Result<()> {
        if name.is_empty() {
            return Err(Error::Shape("empty column name".into()));
        }
        if self.names.iter().any(|n| n == name) {
            return Err(Error::DuplicateName(name.to_string()));
        }
        if let Some(first) = self.columns.first()
            && first.len() != column.len()
        {
            return Err(Error::Shape(format!(
                "column {name:?} has {} rows, the table has {}",
                column.len(),
                first.len()
            )));
        }
        self.names.push(name.to_string());
        self.columns.push(column);
        Ok(())
    }

    /// Column names, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// `df[name]`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| &self.columns[i])
    }

    /// Number of rows (`len(df)`).
    pub fn n_rows(&self) -> usize {
        self.columns.first().map_or(0, Column::len)
    }

    /// `df.to_numpy(dtype=np.float64)`: all columns side by side.
    pub fn to_array_f64(&self) -> Array2<f64> {
        let mut out = Array2::zeros((self.n_rows(), self.columns.len()));
        for (mut dst, column) in out.columns_mut().into_iter().zip(&self.columns) {
            dst.assign(&ndarray::Array1::from(column.to_f64()));
        }
        out
    }
}

/// `df.to_csv(path, index=False)`: a header line of names, then one line per row. Floats are
/// written in Rust's shortest round-trip form, so `pd.read_csv(path)` gives the same values.
///
/// # Errors
/// [`Error::Csv`] when the file cannot be written.
pub fn write_csv(table: &Table, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let csv_err = |e: csv::Error| Error::Csv {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let mut writer = csv::Writer::from_path(path).map_err(csv_err)?;
    writer.write_record(&table.names).map_err(csv_err)?;
    let mut record: Vec<String> = Vec::with_capacity(table.columns.len());
    for row in 0..table.n_rows() {
        record.clear();
        record.extend(table.columns.iter().map(|c| match c {
            Column::F32(v) => v[row].to_string(),
            Column::F64(v) => v[row].to_string(),
            Column::I64(v) => v[row].to_string(),
        }));
        writer.write_record(&record).map_err(csv_err)?;
    }
    writer.flush().map_err(|e| Error::io(path, e))
}

/// `pd.read_csv(path)` for numeric tables: a header line, then numbers. As in pandas, a
/// column whose every field is an integer becomes `int64`, any other numeric column `float64`.
///
/// # Errors
/// [`Error::Csv`] for a missing file, a ragged row or a field that is not a number (with its
/// line and column).
pub fn read_csv(path: impl AsRef<Path>) -> Result<Table> {
    let path = path.as_ref();
    let csv_err = |reason: String| Error::Csv {
        path: path.to_path_buf(),
        reason,
    };
    let mut reader = csv::Reader::from_path(path).map_err(|e| csv_err(e.to_string()))?;
    let names: Vec<String> = reader
        .headers()
        .map_err(|e| csv_err(e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut fields: Vec<Vec<String>> = vec![Vec::new(); names.len()];
    for record in reader.records() {
        let record = record.map_err(|e| csv_err(e.to_string()))?;
        for (column, field) in fields.iter_mut().zip(record.iter()) {
            column.push(field.trim().to_string());
        }
    }
    let mut table = Table::new();
    for (j, (name, column)) in names.iter().zip(fields).enumerate() {
        let ints: std::result::Result<Vec<i64>, _> =
            column.iter().map(|s| s.parse::<i64>()).collect();
        let parsed = if let Ok(ints) = ints {
            Column::I64(ints)
        } else {
            let floats = column
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    s.parse::<f64>().map_err(|_| {
                        csv_err(format!(
                            "line {}, column {} ({name:?}): {s:?} is not a number",
                            i + 2,
                            j + 1
                        ))
                    })
                })
                .collect::<Result<Vec<f64>>>()?;
            Column::F64(floats)
        };
        table.push(name, parsed)?;
    }
    Ok(table)
}
