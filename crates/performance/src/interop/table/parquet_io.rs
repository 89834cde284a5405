//! Parquet through Apache Arrow (feature `parquet`): [`write_parquet`] and [`read_parquet`].

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::{
    Array as _, ArrayRef, Float32Array, Float64Array, Int64Array, RecordBatch, RecordBatchReader,
};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::{Column, Table};
use crate::{Error, Result};

fn to_arrow(column: &Column) -> (DataType, ArrayRef) {
    match column {
        Column::F32(v) => (DataType::Float32, Arc::new(Float32Array::from(v.clone()))),
        Column::F64(v) => (DataType::Float64, Arc::new(Float64Array::from(v.clone()))),
        Column::I64(v) => (DataType::Int64, Arc::new(Int64Array::from(v.clone()))),
    }
}

fn record_batch(table: &Table) -> Result<RecordBatch> {
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = table
        .names
        .iter()
        .zip(&table.columns)
        .map(|(name, column)| {
            let (dtype, array) = to_arrow(column);
            (Field::new(name, dtype, false), array)
        })
        .unzip();
    Ok(RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)?)
}

/// `df.to_parquet(path)`: one row group per 1 Mi rows, Snappy-compressed columns, the column
/// names and dtypes in the schema.
///
/// # Errors
/// [`Error::Io`] when the file cannot be created; [`Error::Parquet`] when writing fails.
///
/// ```
/// use ndarray::array;
/// use performance::interop::table::{Column, Table, read_parquet, write_parquet};
/// let dir = tempfile::tempdir().unwrap();
/// let mut table = Table::from_array(&["sepal_length", "sepal_width"], &array![[5.1, 3.5], [4.9, 3.0]])?;
/// table.push("species", Column::I64(vec![0, 0]))?;
/// write_parquet(&table, dir.path().join("iris.parquet"))?;
/// let back = read_parquet(dir.path().join("iris.parquet"))?;
/// assert_eq!(back, table);
/// # Ok::<(), performance::interop::Error>(())
/// ```
pub fn write_parquet(table: &Table, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let batch = record_batch(table)?;
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
