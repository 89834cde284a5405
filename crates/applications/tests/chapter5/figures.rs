//! Every figure: the PNG is written, decodes, has the expected size and is not blank.

use std::path::PathBuf;

use applications::plots::*;
use ndarray::{Array1, Array2, Array4, array};

fn out(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("applications-figures-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Decodes the PNG and returns (width, height, number of distinct colours, share of
/// non-white pixels).
fn inspect(path: &PathBuf) -> (u32, u32, usize, f64) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let px: Vec<&[u8]> = buf[..info.buffer_size()].chunks(channels).collect();
    let colours: std::collections::HashSet<&[u8]> = px.iter().copied().collect();
    let ink = px.iter().filter(|p| p[..3] != [255, 255, 255]).count() as f64 / px.len() as f64;
    (info.width, info.height, colours.len(), ink)
}

fn assert_drawn(path: &PathBuf, size: (u32, u32)) {
    let (w, h, colours, ink) = inspect(path);
    assert_eq!((w, h), size, "{}", path.display());
    assert!(colours > 10, "{}: only {colours} colours", path.display());
    assert!(
        ink > 0.01 && ink < 0.95,
        "{}: {:.3} of the pixels are inked",
        path.display(),
        ink
    );
}

#[test]
fn line_chart_writes_a_decodable_png_of_the_requested_size() {
    let p = out("roc.png");
    let fpr = array![0.0, 0.1, 0.3, 1.0];
    let tpr = array![0.0, 0.6, 0.9, 1.0];
    let s = Series::from_xy("model (AUC 0.87)", &fpr, &tpr).unwrap();
    line_chart(
        &p,
        &[s],
        &ChartOptions::new("ROC", "false positive rate", "true positive rate")
            .size(640, 480)
            .diagonal(true),
    )
    .unwrap();
    assert_drawn(&p, (640, 480));
}

#[test]
fn scatter_with_centres_writes_a_coloured_png() {
    let p = out("scatter.png");
    let pts = Array2::from_shape_fn((300, 2), |(i, j)| {
        ((i * (j + 3)) as f64 * 0.37).sin() + (i % 3) as f64 * 2.0
    });
    let labels = Array1::from_shape_fn(300, |i| i % 3);
    let centres = array![[0.0, 0.0], [2.0, 2.0], [4.0, 4.0]];
    let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
    scatter(
        &p,
        &pts,
        &labels,
        &names,
        Some(&centres),
        &ChartOptions::new("clusters", "x", "y"),
    )
    .unwrap();
    assert_drawn(&p, (800, 600));
}

#[test]
fn heatmap_writes_a_png_with_the_requested_size() {
    let p = out("cm.png");
    let cm = array![[50usize, 0, 0], [0, 47, 3], [0, 1, 49]];
    let names: Vec<String> = ["setosa", "versicolor", "virginica"]
        .map(String::from)
        .to_vec();
    heatmap(
        &p,
        &cm,
        &names,
        &ChartOptions::new("Iris", "predicted", "true").size(600, 560),
    )
    .unwrap();
    assert_drawn(&p, (600, 560));
}

#[test]
fn image_grid_has_one_cell_per_image_and_the_pixels_of_the_images() {
    let p = out("grid.png");
    let imgs = Array4::from_shape_fn((6, 3, 8, 8), |(n, c, i, j)| {
        ((n * 40 + c * 70 + i * 8 + j * 3) % 256) as u8
    });
    let caps: Vec<String> = (0..6).map(|k| format!("#{k}")).collect();
    image_grid(&p, &imgs, 3, 4, &caps).unwrap();
    // 3 columns of (8*4 + 6) px + 6; 2 rows of (8*4 + 6 + 20) px + 6
    assert_drawn(&p, (3 * 38 + 6, 2 * 58 + 6));
}

#[test]
fn figures_dir_is_under_target() {
    let d = figures_dir().unwrap();
    assert!(d.ends_with("figures") && d.is_dir());
}
