use std::io::Write;

use ndarray::{Array2, Array3, Ix2, array};

use basics::Error;
use basics::loading::{
    CsvOptions, genfromtxt, genfromtxt_from_reader, load_npy, loadtxt, loadtxt_from_reader,
    save_npy,
};

use crate::common::{arr2, assert_close_nan, expected};

fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(bytes)
        .unwrap();
    path
}

#[test]
fn genfromtxt_matches_numpy_on_a_csv_with_missing_fields() {
    let case = &expected()["genfromtxt"];
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(
        &dir,
        "flowers.csv",
        case["text"].as_str().unwrap().as_bytes(),
    );
    let t = genfromtxt(&path, &CsvOptions::new().header(true)).unwrap();
    let want = arr2(&case["data"]);
    assert_eq!(t.data.dim(), want.dim());
    assert_close_nan(
        t.data.as_slice().unwrap(),
        want.as_slice().unwrap(),
        0.0,
        "genfromtxt",
    );
    assert_eq!(t.n_missing(), case["n_nan"].as_u64().unwrap() as usize);
    let names: Vec<&str> = case["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(t.names, names);
    // Where they were: "4.9,,1.4,0.2" is line 3, field 2.
    let first = &t.missing[0];
    assert_eq!(
        (
            first.row,
            first.col,
            first.line,
            first.column,
            first.field.as_str()
        ),
        (1, 1, 3, 2, "")
    );
    assert_eq!(t.missing[1].field, "NA");
}

#[test]
fn loadtxt_with_semicolons_comments_skiprows_and_usecols_matches_numpy() {
    let case = &expected()["loadtxt_semicolon"];
    let text = case["text"].as_str().unwrap();
    // np.loadtxt(f, delimiter=";", skiprows=2, usecols=(3, 1))
    let opts = CsvOptions::new()
        .delimiter(b';')
        .skip_rows(2)
        .usecols([3, 1]);
    let t = loadtxt_from_reader(text.as_bytes(), "semi.csv", &opts).unwrap();
    assert_eq!(t.data, arr2(&case["usecols_3_1"]));
    assert!(t.missing.is_empty() && t.names.is_empty());
    // The same file read with its header line as names.
    let opts = CsvOptions::new()
        .delimiter(b';')
        .header(true)
        .usecols([3, 1]);
    let t = loadtxt_from_reader(text.as_bytes(), "semi.csv", &opts).unwrap();
    assert_eq!(t.names, ["c", "a"]);
    assert_eq!(t.data, arr2(&case["usecols_3_1"]));
}

#[test]
fn loadtxt_of_the_bundled_iris_csv_on_disk_equals_the_datasets_crate() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "iris.csv", datasets::iris::IRIS_CSV);
    let opts = CsvOptions::new().skip_rows(1).usecols([0, 1, 2, 3]);
    let t = loadtxt(&path, &opts).unwrap();
    assert_eq!(t.data, datasets::iris::load().data);
    let labels = loadtxt(&path, &CsvOptions::new().skip_rows(1).usecols([4])).unwrap();
    assert_eq!(
        labels.data.column(0).mapv(|v| v as usize),
        datasets::iris::load().target
    );
}

#[test]
fn loadtxt_error_names_the_line_and_column_of_the_bad_field() {
    let text = "# header comment\n1,2,3\n4,five,6\n";
    let err = loadtxt_from_reader(text.as_bytes(), "bad.csv", &CsvOptions::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "bad.csv: line 3, column 2: cannot parse \"five\" as a number"
    );
    // With skipped lines, the line number still counts from the top of the file.
    let text = "junk\njunk\n1,2\n3,x\n";
    let err = loadtxt_from_reader(text.as_bytes(), "skip.csv", &CsvOptions::new().skip_rows(2))
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Csv {
                line: 4,
                column: 2,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn genfromtxt_turns_the_same_bad_field_into_nan() {
    let text = "1,2,3\n4,five,6\n";
    let t = genfromtxt_from_reader(text.as_bytes(), "bad.csv", &CsvOptions::new()).unwrap();
    assert!(t.data[[1, 1]].is_nan());
    assert_eq!(t.n_missing(), 1);
}

#[test]
fn ragged_row_is_an_error_naming_its_line_in_both_loaders() {
    let text = "1,2,3\n4,5\n";
    for err in [
        loadtxt_from_reader(text.as_bytes(), "ragged.csv", &CsvOptions::new()).unwrap_err(),
        genfromtxt_from_reader(text.as_bytes(), "ragged.csv", &CsvOptions::new()).unwrap_err(),
    ] {
        assert_eq!(
            err.to_string(),
            "ragged.csv: line 2, column 3: expected 3 fields, found 2"
        );
    }
}

#[test]
fn usecols_past_the_row_is_an_error() {
    let err = loadtxt_from_reader(
        "1,2\n".as_bytes(),
        "narrow.csv",
        &CsvOptions::new().usecols([0, 5]),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("usecols index 5 is out of range for rows of 2 fields"),
        "{err}"
    );
}

#[test]
fn missing_file_is_an_io_error_naming_the_path() {
    let err = loadtxt("/no/such/dir/data.csv", &CsvOptions::new()).unwrap_err();
    assert!(matches!(err, Error::Io { .. }));
    assert!(
        err.to_string().starts_with("/no/such/dir/data.csv: "),
        "{err}"
    );
}

#[test]
fn file_with_only_a_header_is_an_empty_input_error() {
    let err = genfromtxt_from_reader(
        "a,b\n".as_bytes(),
        "empty.csv",
        &CsvOptions::new().header(true),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Empty { .. }), "{err}");
    assert!(err.to_string().contains("empty.csv"));
    assert!(loadtxt_from_reader("".as_bytes(), "nothing.csv", &CsvOptions::new()).is_err());
}

#[test]
fn quoted_fields_and_crlf_line_ends_are_read() {
    let text = "\"x\",\"y\"\r\n\"1.5\",2\r\n3,\"4\"\r\n";
    let t = loadtxt_from_reader(text.as_bytes(), "q.csv", &CsvOptions::new().header(true)).unwrap();
    assert_eq!(t.names, ["x", "y"]);
    assert_eq!(t.data, array![[1.5, 2.0], [3.0, 4.0]]);
}

#[test]
fn npy_round_trip_keeps_values_shape_and_numpy_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.npy");
    let x = datasets::iris::load().data;
    save_npy(&path, &x).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..6], b"\x93NUMPY");
    let header = String::from_utf8_lossy(&bytes[..128]);
    assert!(
        header.contains("'descr': '<f8'") && header.contains("'shape': (150, 4)"),
        "{header}"
    );
    assert_eq!(load_npy::<f64, Ix2>(&path).unwrap(), x);
    // A transposed (F-order) view is saved with its logical shape.
    let t_path = dir.path().join("t.npy");
    save_npy(&t_path, &x.t()).unwrap();
    assert_eq!(load_npy::<f64, Ix2>(&t_path).unwrap(), x.t());
}

#[test]
fn load_npy_with_the_wrong_rank_or_a_missing_file_is_an_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.npy");
    save_npy(&path, &Array2::<f64>::zeros((2, 2))).unwrap();
    let err = load_npy::<f64, ndarray::Ix3>(&path).unwrap_err();
    assert!(err.to_string().contains("m.npy"), "{err}");
    let _unused: Option<Array3<f64>> = None;
    let err = load_npy::<f64, Ix2>(dir.path().join("absent.npy")).unwrap_err();
    assert!(matches!(err, Error::Npy { .. }) && err.to_string().contains("absent.npy"));
}
