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
//! | `df.to_parquet(path)` / `pd.read_parquet(path)` | [`write_parquet`]`(&table, path)?` / [`read_parquet`]`(path)?` |
//! | `df.to_csv(path, index=False)` / `pd.read_csv(path)` | [`write_csv`]`(&table, path)?` / [`read_csv`]`(path)?` |
//! | `df[names].to_numpy()` | [`Table::to_array_f64`] |
//!
//! ```
//! use ndarray::array;
//! use performance::interop::table::{Column, Table, read_parquet, write_parquet};
//! let dir = tempfile::tempdir().unwrap();
//! let mut table = Table::from_array(&["sepal_length", "sepal_width"], &array![[5.1, 3.5], [4.9, 3.0]])?;
//! table.push("species", Column::I64(vec![0, 0]))?;
//! write_parquet(&table, dir.path().join("iris.parquet"))?;
//! let back = read_parquet(dir.path().join("iris.parquet"))?;
//! assert_eq!(back, table);
//! assert_eq!(back.names(), ["sepal_length", "sepal_width", "species"]);
//! # Ok::<(), performance::interop::Error>(())
//! ```

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::{
    Array as _, ArrayRef, Float32Array, Float64Array, Int64Array, RecordBatch, RecordBatchReader,
};
use arrow_schema::{DataType, Field, Schema};
use ndarray::{Array2, ArrayBase, Data, Ix2};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::{Error, Result};

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

    fn to_arrow(&self) -> (DataType, ArrayRef) {
        match self {
            Column::F32(v) => (DataType::Float32, Arc::new(Float32Array::from(v.clone()))),
            Column::F64(v) => (DataType::Float64, Arc::new(Float64Array::from(v.clone()))),
            Column::I64(v) => (DataType::Int64, Arc::new(Int64Array::from(v.clone()))),
        }
    }
}

/// A table of named columns of equal length: a pandas `DataFrame` without an index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    names: Vec<String>,
    columns: Vec<Column>,
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

    fn record_batch(&self) -> Result<RecordBatch> {
        let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = self
            .names
            .iter()
            .zip(&self.columns)
            .map(|(name, column)| {
                let (dtype, array) = column.to_arrow();
                (Field::new(name, dtype, false), array)
            })
            .unzip();
        Ok(RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)?)
    }
}

/// `df.to_parquet(path)`: one row group per 1 Mi rows, Snappy-compressed columns, the column
/// names and dtypes in the schema.
///
/// # Errors
/// [`Error::Io`] when the file cannot be created; [`Error::Parquet`] when writing fails.
pub fn write_parquet(table: &Table, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let batch = table.record_batch()?;
    let file = File::create(path).map_err(|e| Error::io(path, e))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut writer = ArrowWriter::try_new(file, batch.schema(), Some(props))?;
    writer.write(&batch)?;
    writer.close()?;
    Ok(())
}

/// `pd.read_parquet(path)` for files of `float32`, `float64` and `int64` columns without
/// nulls (what pandas writes for a numeric `DataFrame` with `index=False`).
///
/// # Errors
/// [`Error::Io`]; [`Error::Parquet`] for a file that is not Parquet or is truncated;
/// [`Error::Dtype`] for a column of another type or with nulls.
pub fn read_parquet(path: impl AsRef<Path>) -> Result<Table> {
    let path = path.as_ref();
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)?.build()?;
    let schema = reader.schema();
    let mut columns: Vec<Column> = schema
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Float32 => Ok(Column::F32(Vec::new())),
            DataType::Float64 => Ok(Column::F64(Vec::new())),
            DataType::Int64 => Ok(Column::I64(Vec::new())),
            other => Err(unsupported(f.name(), other)),
        })
        .collect::<Result<_>>()?;
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    for batch in reader {
        let batch = batch?;
        for ((column, array), name) in columns.iter_mut().zip(batch.columns()).zip(&names) {
            if array.null_count() > 0 {
                return Err(unsupported(name, &DataType::Null));
            }
            let wrong = || unsupported(name, array.data_type());
            match column {
                Column::F32(v) => v.extend(
                    array
                        .as_any()
                        .downcast_ref::<Float32Array>()
                        .ok_or_else(wrong)?
                        .values(),
                ),
                Column::F64(v) => v.extend(
                    array
                        .as_any()
                        .downcast_ref::<Float64Array>()
                        .ok_or_else(wrong)?
                        .values(),
                ),
                Column::I64(v) => v.extend(
                    array
                        .as_any()
                        .downcast_ref::<Int64Array>()
                        .ok_or_else(wrong)?
                        .values(),
                ),
            }
        }
    }
    let mut table = Table::new();
    for (name, column) in names.iter().zip(columns) {
        table.push(name, column)?;
    }
    Ok(table)
}

fn unsupported(name: &str, found: &DataType) -> Error {
    Error::Dtype {
        name: name.to_string(),
        expected: "float32, float64 or int64 without nulls".into(),
        found: found.to_string(),
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
