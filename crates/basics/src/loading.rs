//! # Loading datasets: CSV text, `.npy` files and the bundled Iris
//!
//! NumPy has two text loaders, and so does this module: [`loadtxt`] is strict (a field that
//! is not a number is an error naming its line and column), [`genfromtxt`] is forgiving (a
//! missing or invalid field becomes NaN and is reported in [`Table::missing`]). Both sit on
//! the `csv` crate, so quoted fields and `\r\n` line ends work.
//!
//! | NumPy | Rust (this module) | Notes |
//! |---|---|---|
//! | `np.loadtxt("x.csv", delimiter=",")` | [`loadtxt`]`("x.csv", &`[`CsvOptions`]`::new())?` | `.data` is an `Array2<f64>` |
//! | `np.loadtxt(f, delimiter=";", skiprows=2)` | `CsvOptions::new().delimiter(b';').skip_rows(2)` | |
//! | `np.loadtxt(f, usecols=(0, 2))` | `CsvOptions::new().usecols([0, 2])` | 0-based, in the order given |
//! | `np.genfromtxt(f, delimiter=",", names=True)` | [`genfromtxt`]`(f, &CsvOptions::new().header(true))?` | `.names`, `.data`, `.missing` |
//! | `np.isnan(data).sum()` | `table.n_missing()` | also where: `table.missing` |
//! | `np.loadtxt(io.StringIO(text))` | [`loadtxt_from_reader`]`(text.as_bytes(), "name", &opts)?` | any `std::io::Read` |
//! | `np.save("x.npy", a)` / `np.load("x.npy")` | [`save_npy`]`("x.npy", &a)?` / [`load_npy`]`::<f64, Ix2>("x.npy")?` | via `ndarray-npy`; NumPy reads the file |
//! | `np.load(io.BytesIO(raw))` | [`load_npy_from_reader`]`::<f64, Ix2>(&raw[..], "name")?` | a header announcing more elements than bytes is refused before allocating |
//! | `load_iris(return_X_y=True)` | `datasets::iris::load()` | bundled, no file needed |
//!
//! ```
//! use basics::loading::{genfromtxt_from_reader, loadtxt_from_reader, CsvOptions};
//!
//! let text = "a,b,c\n1.0,2.0,3.0\n4.0,,6.0\n7.0,NA,9.0\n";
//! let opts = CsvOptions::new().header(true);
//!
//! // Strict: the empty field on line 3 is an error that says where it is.
//! let err = loadtxt_from_reader(text.as_bytes(), "data.csv", &opts).unwrap_err();
//! assert_eq!(err.to_string(), "data.csv: line 3, column 2: cannot parse \"\" as a number");
//!
//! // Forgiving: missing and invalid fields become NaN, and are counted.
//! let t = genfromtxt_from_reader(text.as_bytes(), "data.csv", &opts)?;
//! assert_eq!(t.names, ["a", "b", "c"]);
//! assert_eq!(t.data.dim(), (3, 3));
//! assert_eq!(t.n_missing(), 2);
//! assert!(t.data[[1, 1]].is_nan());
//! # Ok::<(), basics::Error>(())
//! ```
//!
//! The Iris CSV that ships with scikit-learn (and with the `datasets` crate) has a first line
//! of counts and class names, then four features and a class column. Skip the line, keep
//! the features, and you get exactly what `datasets::iris::load()` returns:
//!
//! ```
//! use basics::loading::{loadtxt_from_reader, CsvOptions};
//! // np.loadtxt("iris.csv", delimiter=",", skiprows=1, usecols=(0, 1, 2, 3))
//! let opts = CsvOptions::new().skip_rows(1).usecols([0, 1, 2, 3]);
//! let t = loadtxt_from_reader(datasets::iris::IRIS_CSV, "iris.csv", &opts)?;
//! assert_eq!(t.data, datasets::iris::load().data);
//! # Ok::<(), basics::Error>(())
//! ```
//!
//! ## Where this differs from NumPy
//! - The default delimiter is `,` (NumPy's `loadtxt` splits on whitespace by default).
//! - Comment lines start with `#` by default, like NumPy, but only whole lines are comments.
//! - A row with the wrong number of fields is an error in both loaders (as in NumPy's
//!   `genfromtxt`, which also refuses ragged rows).
//! - No input rows at all is an [`Error::Empty`] (NumPy returns an empty array and warns).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use ndarray::{Array, Array2, ArrayBase, Data, Dimension};
use ndarray_npy::{ReadableElement, WritableElement};

use crate::error::{Error, Result};

/// Options shared by [`loadtxt`] and [`genfromtxt`]: a small builder.
///
/// ```
/// let opts = basics::loading::CsvOptions::new().delimiter(b';').skip_rows(1).header(true);
/// assert_eq!(opts.get_delimiter(), b';');
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvOptions {
    delimiter: u8,
    skip_rows: usize,
    header: bool,
    usecols: Option<Vec<usize>>,
    comment: Option<u8>,
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self {
            delimiter: b',',
            skip_rows: 0,
            header: false,
            usecols: None,
            comment: Some(b'#'),
        }
    }
}

impl CsvOptions {
    /// Comma-separated, no header, all columns, `#` comment lines.
    pub fn new() -> Self {
        Self::default()
    }
    /// Field separator (`delimiter=`); e.g. `b';'` or `b'\t'`.
    pub fn delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = delimiter;
        self
    }
    /// Number of raw lines to skip before anything else (`skiprows=`).
    pub fn skip_rows(mut self, n: usize) -> Self {
        self.skip_rows = n;
        self
    }
    /// Whether the first (non-skipped) line holds column names (`genfromtxt(names=True)`).
    pub fn header(mut self, header: bool) -> Self {
        self.header = header;
        self
    }
    /// Keep only these 0-based columns, in this order (`usecols=`).
    pub fn usecols(mut self, columns: impl IntoIterator<Item = usize>) -> Self {
        self.usecols = Some(columns.into_iter().collect());
        self
    }
    /// Lines starting with this byte are skipped (`comments=`); `None` turns it off.
    pub fn comment(mut self, comment: Option<u8>) -> Self {
        self.comment = comment;
        self
    }
    /// The field separator.
    pub fn get_delimiter(&self) -> u8 {
        self.delimiter
    }
}

/// A cell that [`genfromtxt`] turned into NaN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingCell {
    /// 0-based row in [`Table::data`].
    pub row: usize,
    /// 0-based column in [`Table::data`].
    pub col: usize,
    /// 1-based line in the file.
    pub line: u64,
    /// 1-based column (field number) in the file.
    pub column: usize,
    /// The text that was found (empty for a missing field).
    pub field: String,
}

/// What the loaders return: the numbers, the column names and the cells that were missing.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column names from the header line (only the selected columns); empty without a header.
    pub names: Vec<String>,
    /// The values, one row per record, `(n_rows, n_columns)`.
    pub data: Array2<f64>,
    /// Every cell that was missing or not a number (always empty for [`loadtxt`]).
    pub missing: Vec<MissingCell>,
}

impl Table {
    /// Number of NaN cells that came from missing or invalid fields.
    pub fn n_missing(&self) -> usize {
        self.missing.len()
    }
}

/// Read a CSV file of numbers strictly: `np.loadtxt(path, delimiter=",")`.
///
/// # Errors
/// [`Error::Io`] if the file cannot be opened, [`Error::Csv`] (with line and column) for a
/// field that is not a number, a ragged row or a `usecols` index past the row,
/// [`Error::Empty`] when there is no data row.
pub fn loadtxt<P: AsRef<Path>>(path: P, options: &CsvOptions) -> Result<Table> {
    let path = path.as_ref();
    loadtxt_from_reader(open(path)?, &path.display().to_string(), options)
}

/// [`loadtxt`] from any reader (bytes in memory, stdin...). `name` appears in errors.
///
/// # Errors
/// As [`loadtxt`].
pub fn loadtxt_from_reader<R: Read>(reader: R, name: &str, options: &CsvOptions) -> Result<Table> {
    read_table(reader, name, options, Mode::Strict)
}

/// Read a CSV file of numbers, turning missing or invalid fields into NaN:
/// `np.genfromtxt(path, delimiter=",")`.
///
/// A field is missing when it is empty, and invalid when it does not parse as a number
/// (`NA`, `?`, `n/a`...); both become NaN and are listed in [`Table::missing`]. A literal
/// `nan` is a number (NaN) and is listed too, since it is missing data all the same.
///
/// # Errors
/// [`Error::Io`], [`Error::Csv`] for a ragged row or a `usecols` index past the row,
/// [`Error::Empty`] when there is no data row.
pub fn genfromtxt<P: AsRef<Path>>(path: P, options: &CsvOptions) -> Result<Table> {
    let path = path.as_ref();
    genfromtxt_from_reader(open(path)?, &path.display().to_string(), options)
}

/// [`genfromtxt`] from any reader. `name` appears in errors.
///
/// # Errors
/// As [`genfromtxt`].
pub fn genfromtxt_from_reader<R: Read>(
    reader: R,
    name: &str,
    options: &CsvOptions,
) -> Result<Table> {
    read_table(reader, name, options, Mode::Forgiving)
}

fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Strict,
    Forgiving,
}

/// Skip `n` raw lines; returns how many were there.
fn skip_lines<R: BufRead>(reader: &mut R, n: usize, name: &str) -> Result<u64> {
    let mut skipped = 0;
    let mut line = Vec::new();
    while skipped < n {
        line.clear();
        let read = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| Error::Csv {
                file: name.to_string(),
                line: skipped as u64 + 1,
                column: 1,
                message: e.to_string(),
            })?;
        if read == 0 {
            break;
        }
        skipped += 1;
    }
    Ok(skipped as u64)
}

fn read_table<R: Read>(reader: R, name: &str, options: &CsvOptions, mode: Mode) -> Result<Table> {
    let mut reader = BufReader::new(reader);
    let offset = skip_lines(&mut reader, options.skip_rows, name)?;
    let mut csv_reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(options.delimiter)
        .comment(options.comment)
        .trim(csv::Trim::All)
        .from_reader(reader);
    let csv_err = |line: u64, column: usize, message: String| Error::Csv {
        file: name.to_string(),
        line,
        column,
        message,
    };

    let mut names = Vec::new();
    let mut width: Option<usize> = None; // fields per record, fixed by the first one
    let mut columns: Vec<usize> = Vec::new(); // selected columns, checked against `width`
    let mut values = Vec::new();
    let mut missing = Vec::new();
    let mut n_rows = 0;
    let mut expect_header = options.header;

    for record in csv_reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(offset + 1, |p| p.line() + offset);
            csv_err(line, 1, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line()) + offset;
        match width {
            None => {
                width = Some(record.len());
                columns = select_columns(options.usecols.as_deref(), record.len())
                    .map_err(|(col, msg)| csv_err(line, col, msg))?;
            }
            Some(w) if w != record.len() => {
                return Err(csv_err(
                    line,
                    record.len().min(w) + 1,
                    format!("expected {w} fields, found {}", record.len()),
                ));
            }
            Some(_) => {}
        }
        if expect_header {
            expect_header = false;
            names = columns.iter().map(|&j| record[j].to_string()).collect();
            continue;
        }
        for (col, &j) in columns.iter().enumerate() {
            let field = &record[j];
            let value = match (field.parse::<f64>(), mode) {
                (Ok(v), _) => v,
                (Err(_), Mode::Strict) => {
                    return Err(csv_err(
                        line,
                        j + 1,
                        format!("cannot parse {field:?} as a number"),
                    ));
                }
                (Err(_), Mode::Forgiving) => f64::NAN,
            };
            if value.is_nan() && mode == Mode::Forgiving {
                missing.push(MissingCell {
                    row: n_rows,
                    col,
                    line,
                    column: j + 1,
                    field: field.to_string(),
                });
            }
            values.push(value);
        }
        n_rows += 1;
    }
    if n_rows == 0 {
        return Err(Error::Empty {
            op: format!("loading {name}: no data rows"),
            shape: vec![0, columns.len()],
        });
    }
    let data = Array2::from_shape_vec((n_rows, columns.len()), values)
        .map_err(|e| csv_err(0, 0, format!("internal shape error: {e}")))?;
    Ok(Table {
        names,
        data,
        missing,
    })
}

/// The columns to keep for rows of `width` fields, or (1-based column, message).
fn select_columns(
    usecols: Option<&[usize]>,
    width: usize,
) -> std::result::Result<Vec<usize>, (usize, String)> {
    match usecols {
        None => Ok((0..width).collect()),
        Some(cols) => match cols.iter().find(|&&j| j >= width) {
            Some(&bad) => Err((
                width,
                format!("usecols index {bad} is out of range for rows of {width} fields"),
            )),
            None => Ok(cols.to_vec()),
        },
    }
}

/// Write an array to a `.npy` file that `np.load` reads: `np.save(path, a)`.
///
/// ```
/// use ndarray::{array, Ix2};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("x.npy");
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// basics::loading::save_npy(&path, &a)?;
/// assert_eq!(basics::loading::load_npy::<f64, Ix2>(&path)?, a);
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// [`Error::Npy`] naming the path when the file cannot be written.
pub fn save_npy<P, A, S, D>(path: P, a: &ArrayBase<S, D>) -> Result<()>
where
    P: AsRef<Path>,
    A: WritableElement,
    S: Data<Elem = A>,
    D: Dimension,
{
    let path = path.as_ref();
    ndarray_npy::write_npy(path, a).map_err(|e| Error::Npy {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// Read a `.npy` file written by NumPy or [`save_npy`]: `np.load(path)`.
///
/// The element type and number of axes are stated by the caller and checked against the
/// file's header.
///
/// # Errors
/// [`Error::Npy`] naming the path when the file is missing, or its dtype or shape does not
/// match `A` and `D`, or its header announces more elements than the file holds bytes.
pub fn load_npy<A, D>(path: impl AsRef<Path>) -> Result<Array<A, D>>
where
    A: ReadableElement,
    D: Dimension,
{
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| Error::Npy {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    load_npy_from_reader(&bytes[..], &path.display().to_string())
}

/// [`load_npy`] from any reader (bytes in memory, a network stream...): `np.load(io.BytesIO(b))`.
/// `name` appears in errors.
///
/// The whole input is read first, and a header whose shape needs more elements than there
/// are bytes after it is refused before anything is allocated: a 100-byte file announcing
/// `shape: (10**12,)` is an error, not a terabyte allocation that aborts the process.
///
/// ```
/// use ndarray::{array, Ix1};
/// let mut bytes = Vec::new();
/// ndarray_npy::WriteNpyExt::write_npy(&array![1.0f64, 2.0], &mut bytes).unwrap();
/// let a = basics::loading::load_npy_from_reader::<f64, Ix1>(&bytes[..], "mem")?;
/// assert_eq!(a, array![1.0, 2.0]);
///
/// // A header announcing a trillion elements before 8 bytes of data: refused, no allocation.
/// let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }\n";
/// let mut evil = b"\x93NUMPY\x01\x00".to_vec();
/// evil.extend((header.len() as u16).to_le_bytes());
/// evil.extend(header.as_bytes());
/// evil.extend([0u8; 8]);
/// let err = basics::loading::load_npy_from_reader::<f64, Ix1>(&evil[..], "evil").unwrap_err();
/// assert!(err.to_string().contains("announces"));
/// # Ok::<(), basics::Error>(())
/// ```
///
/// # Errors
/// As [`load_npy`], with `name` in place of the path.
pub fn load_npy_from_reader<A, D>(mut reader: impl Read, name: &str) -> Result<Array<A, D>>
where
    A: ReadableElement,
    D: Dimension,
{
    let npy_err = |message: String| Error::Npy {
        path: name.into(),
        message,
    };
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| npy_err(e.to_string()))?;
    check_npy_shape_fits(&bytes).map_err(npy_err)?;
    <Array<A, D> as ndarray_npy::ReadNpyExt>::read_npy(&bytes[..])
        .map_err(|e| npy_err(e.to_string()))
}

/// Refuse a `.npy` header whose `shape` needs more elements than the file has bytes.
///
/// `ndarray-npy` allocates the whole array from the header before reading the data, so the
/// check must come first. Every `shape` tuple in the header text is checked (a hostile
/// header could hide a second one in a string), each element counting at least one byte.
/// Headers this does not understand are left to `ndarray-npy`, which rejects them.
fn check_npy_shape_fits(bytes: &[u8]) -> std::result::Result<(), String> {
    if bytes.len() < 10 || !bytes.starts_with(b"\x93NUMPY") {
        return Ok(());
    }
    let (header_len, start) = match bytes[6] {
        1 => (
            usize::from(u16::from_le_bytes([bytes[8], bytes[9]])),
            10usize,
        ),
        _ if bytes.len() >= 12 => {
            let len = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
            (usize::try_from(len).unwrap_or(usize::MAX), 12)
        }
        _ => return Ok(()),
    };
    let end = start.saturating_add(header_len).min(bytes.len());
    let header = &bytes[start..end];
    let data_bytes = bytes.len() - end;
    let mut rest = header;
    while let Some(at) = find(rest, b"shape") {
        rest = &rest[at + 5..];
        let Some(open) = rest.iter().position(|&b| b == b'(') else {
            break;
        };
        let Some(close) = rest[open..].iter().position(|&b| b == b')') else {
            break;
        };
        let tuple = &rest[open + 1..open + close];
        let mut elements: u128 = 1;
        for field in tuple.split(|&b| b == b',') {
            let digits: Vec<u8> = field
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace() && *b != b'L')
                .collect();
            if digits.is_empty() {
                continue;
            }
            let Some(n) = std::str::from_utf8(&digits)
                .ok()
                .and_then(|s| s.parse::<u128>().ok())
            else {
                continue;
            };
            elements = elements.saturating_mul(n);
        }
        if elements > data_bytes as u128 {
            return Err(format!(
                "header announces {elements} elements but only {data_bytes} bytes of data follow"
            ));
        }
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
