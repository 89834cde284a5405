//! # 5.9 Figures: PNG files in pure Rust
//!
//! [plotters](https://docs.rs/plotters) draws charts into a bitmap and encodes PNG without
//! any system library. Text needs a font: instead of asking the system (fontconfig and
//! freetype, which a fresh machine may not have), this crate embeds DejaVu Sans (the
//! `dejavu` crate) and registers it once as plotters' `"sans-serif"`:
//!
//! ```toml
//! plotters = { version = "0.3.7", default-features = false, features = ["bitmap_backend",
//!     "bitmap_encoder", "ab_glyph", "point_series", "line_series"] }
//! dejavu = "2.37"
//! ```
//!
//! Beware: any crate in the graph that turns on plotters' default features brings
//! fontconfig back (check with `cargo tree -p applications -i yeslogic-fontconfig-sys`).
//!
//! | matplotlib | Rust (`use applications::plots::*;`) |
//! |---|---|
//! | `plt.scatter(Z[:, 0], Z[:, 1], c=y, cmap="tab10")` | [`scatter(&path, &z, &y, &labels, None, &opts)?`](scatter) |
//! | the same with `plt.scatter(*C.T, marker="x")` for K-means centres | `scatter(..., Some(&centres), ...)` |
//! | `plt.plot(fpr, tpr)`, `plt.plot(losses)` | [`line_chart(&path, &series, &opts)?`](line_chart) |
//! | `ConfusionMatrixDisplay(cm).plot()` | [`heatmap(&path, &cm, &labels, &opts)?`](heatmap) |
//! | `plt.imshow` on a grid of samples | [`image_grid(&path, &images, ncols, scale, &captions)?`](image_grid) |
//! | `os.makedirs("target/figures", exist_ok=True)` | [`figures_dir()?`](figures_dir) |
//!
//! Every function writes one PNG and returns its path; the examples print it.
//!
//! ```
//! use ndarray::array;
//! use applications::plots::{line_chart, Series, ChartOptions};
//! let path = std::env::temp_dir().join("applications_doc_loss.png");
//! let loss = Series::new("training loss", vec![(1.0, 0.9), (2.0, 0.5), (3.0, 0.35)]);
//! line_chart(&path, &[loss], &ChartOptions::new("Loss", "epoch", "loss"))?;
//! assert!(std::fs::metadata(&path)?.len() > 1000);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::path::{Path, PathBuf};
use std::sync::Once;

use ndarray::{Array2, ArrayBase, ArrayView1, ArrayView2, ArrayView4, Data, Ix1, Ix2, Ix4};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::{Error, Result, invalid, mismatch};

/// matplotlib's `tab10` colours: one per class, distinguishable and colour-blind friendly.
pub const TAB10: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

static FONT: Once = Once::new();

/// Registers the embedded DejaVu Sans as plotters' `"sans-serif"` (once per process;
/// every drawing function here calls it).
pub fn register_fonts() {
    FONT.call_once(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular())
            .unwrap_or_else(|_| panic!("the embedded DejaVu Sans font is a valid TrueType file"));
    });
}

/// `target/figures` (under `$CARGO_TARGET_DIR` when set), created if needed.
///
/// # Errors
/// [`Error::Figure`] when the directory cannot be created.
pub fn figures_dir() -> Result<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let dir = target.join("figures");
    std::fs::create_dir_all(&dir).map_err(|e| fig_err(&dir, e))?;
    Ok(dir)
}

fn fig_err(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Figure {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

/// Title, axis labels and size of a chart.
#[derive(Debug, Clone)]
pub struct ChartOptions {
    /// Caption above the chart.
    pub title: String,
    /// Label of the x axis.
    pub x_label: String,
    /// Label of the y axis.
    pub y_label: String,
    /// Width and height in pixels (800 x 600 by default).
    pub size: (u32, u32),
    /// Draw the diagonal `y = x` (the chance line of a ROC plot).
    pub diagonal: bool,
    /// Put the legend in the upper right corner instead of the lower right (for curves
    /// that fall, like losses).
    pub legend_upper: bool,
}

impl ChartOptions {
    /// Options with a title and axis labels, 800 x 600, no diagonal.
    pub fn new(title: &str, x_label: &str, y_label: &str) -> Self {
        Self {
            title: title.into(),
            x_label: x_label.into(),
            y_label: y_label.into(),
            size: (800, 600),
            diagonal: false,
            legend_upper: false,
        }
    }

    /// Sets the size in pixels.
    pub fn size(mut self, w: u32, h: u32) -> Self {
        self.size = (w, h);
        self
    }

    /// Puts the legend in the upper right corner.
    pub fn legend_upper(mut self, yes: bool) -> Self {
        self.legend_upper = yes;
        self
    }

    /// Draws the diagonal `y = x`.
    pub fn diagonal(mut self, yes: bool) -> Self {
        self.diagonal = yes;
        self
    }
}

/// One named line of a [`line_chart`].
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend entry.
    pub name: String,
    /// Points in drawing order.
    pub points: Vec<(f64, f64)>,
}

impl Series {
    /// A named series of points.
    pub fn new(name: &str, points: Vec<(f64, f64)>) -> Self {
        Self {
            name: name.into(),
            points,
        }
    }

    /// A series from two equally long arrays (`plt.plot(x, y)`).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for different lengths.
    pub fn from_xy<S1: Data<Elem = f64>, S2: Data<Elem = f64>>(
        name: &str,
        x: &ArrayBase<S1, Ix1>,
        y: &ArrayBase<S2, Ix1>,
    ) -> Result<Self> {
        if x.len() != y.len() {
            return Err(mismatch(
                "Series::from_xy",
                x.shape(),
                y.shape(),
                "x and y need the same length",
            ));
        }
        Ok(Self::new(
            name,
            x.iter().copied().zip(y.iter().copied()).collect(),
        ))
    }
}

fn bounds<'a>(pts: impl Iterator<Item = &'a (f64, f64)>) -> Option<((f64, f64), (f64, f64))> {
    let mut b: Option<((f64, f64), (f64, f64))> = None;
    for &(x, y) in pts {
        if !(x.is_finite() && y.is_finite()) {
            continue;
        }
        b = Some(match b {
            None => ((x, x), (y, y)),
            Some(((x0, x1), (y0, y1))) => ((x0.min(x), x1.max(x)), (y0.min(y), y1.max(y))),
        });
    }
    b
}

fn padded(lo: f64, hi: f64) -> std::ops::Range<f64> {
    let span = if hi > lo { hi - lo } else { 1.0 };
    (lo - 0.05 * span)..(hi + 0.05 * span)
}

/// An x-y chart on a PNG canvas, with `f64` axes.
type XyChart<'a, 'b> =
    ChartContext<'b, BitMapBackend<'a>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A drawing error of the PNG backend.
type DrawError<'a> = DrawingAreaErrorKind<<BitMapBackend<'a> as DrawingBackend>::ErrorType>;

/// The frame shared by the x-y charts: a white canvas, the title, labelled axes and a light
/// grid over the bounds padded by 5%.
fn xy_chart<'a, 'b>(
    root: &'b DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>,
    opts: &ChartOptions,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
) -> std::result::Result<XyChart<'a, 'b>, DrawError<'a>> {
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(root)
        .caption(&opts.title, ("sans-serif", 26))
        .margin(15)
        .x_label_area_size(50)
        .y_label_area_size(65)
        .build_cartesian_2d(padded(x0, x1), padded(y0, y1))?;
    chart
        .configure_mesh()
        .x_desc(&opts.x_label)
        .y_desc(&opts.y_label)
        .label_style(("sans-serif", 15))
        .axis_desc_style(("sans-serif", 18))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()?;
    Ok(chart)
}

/// Line chart of one or more series with a legend: ROC and PR curves, loss curves.
///
/// # Errors
/// [`Error::Empty`] when there is no finite point,
/// [`Error::Figure`] when drawing or writing fails.
pub fn line_chart(path: &Path, series: &[Series], opts: &ChartOptions) -> Result<PathBuf> {
    register_fonts();
    let ((x0, x1), (y0, y1)) = bounds(series.iter().flat_map(|s| s.points.iter()))
        .ok_or_else(|| crate::error::empty("line_chart", "no finite point to draw"))?;
    let e = |err: &dyn std::fmt::Display| fig_err(path, err);
    let root = BitMapBackend::new(path, opts.size).into_drawing_area();
    let mut chart = xy_chart(&root, opts, (x0, x1), (y0, y1)).map_err(|x| e(&x))?;
    if opts.diagonal {
        let (a, b) = (x0.max(y0), x1.min(y1));
        chart
            .draw_series(LineSeries::new(
                vec![(a, a), (b, b)],
                BLACK.mix(0.4).stroke_width(1),
            ))
            .map_err(|x| e(&x))?;
    }
    for (i, s) in series.iter().enumerate() {
        let color = TAB10[i % 10];
        chart
            .draw_series(LineSeries::new(
                s.points.iter().copied(),
                color.stroke_width(3),
            ))
            .map_err(|x| e(&x))?
            .label(&s.name)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(3))
            });
    }
    chart
        .configure_series_labels()
        .position(if opts.legend_upper {
            SeriesLabelPosition::UpperRight
        } else {
            SeriesLabelPosition::LowerRight
        })
        .label_font(("sans-serif", 16))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(|x| e(&x))?;
    root.present().map_err(|x| e(&x))?;
    Ok(path.to_path_buf())
}

/// Scatter plot of 2-D points `(n, 2)` coloured by integer label (`tab10`), with a legend
/// naming each class, and optionally centres `(k, 2)` drawn as large black crosses.
///
/// # Errors
/// [`Error::ShapeMismatch`] unless `points` is `(n, 2)` with one label each,
/// [`Error::Empty`] for no points, [`Error::Figure`] when drawing fails.
pub fn scatter<S1, S2>(
    path: &Path,
    points: &ArrayBase<S1, Ix2>,
    labels: &ArrayBase<S2, Ix1>,
    class_names: &[String],
    centres: Option<&Array2<f64>>,
    opts: &ChartOptions,
) -> Result<PathBuf>
where
    S1: Data<Elem = f64>,
    S2: Data<Elem = usize>,
{
    // The generic shell only takes views: the drawing code below is compiled once, in this
    // crate, instead of once per caller and storage type.
    scatter_views(
        path,
        points.view(),
        labels.view(),
        class_names,
        centres,
        opts,
    )
}

fn scatter_views(
    path: &Path,
    points: ArrayView2<'_, f64>,
    labels: ArrayView1<'_, usize>,
    class_names: &[String],
    centres: Option<&Array2<f64>>,
    opts: &ChartOptions,
) -> Result<PathBuf> {
    register_fonts();
    if points.ncols() != 2 || points.nrows() != labels.len() {
        return Err(mismatch(
            "scatter",
            points.shape(),
            labels.shape(),
            "points must be (n, 2) with one label per point",
        ));
    }
    let pts: Vec<(f64, f64)> = points.rows().into_iter().map(|r| (r[0], r[1])).collect();
    let ((x0, x1), (y0, y1)) =
        bounds(pts.iter()).ok_or_else(|| crate::error::empty("scatter", "no finite point"))?;
    let e = |err: &dyn std::fmt::Display| fig_err(path, err);
    let root = BitMapBackend::new(path, opts.size).into_drawing_area();
    let mut chart = xy_chart(&root, opts, (x0, x1), (y0, y1)).map_err(|x| e(&x))?;
    let n_classes = labels.iter().max().map_or(0, |m| m + 1);
    for c in 0..n_classes {
        let color = TAB10[c % 10];
        let name = class_names.get(c).cloned().unwrap_or_else(|| c.to_string());
        chart
            .draw_series(
                pts.iter()
                    .zip(labels)
                    .filter(|(_, l)| **l == c)
                    .map(|(&p, _)| Circle::new(p, 2, color.mix(0.6).filled())),
            )
            .map_err(|x| e(&x))?
            .label(name)
            .legend(move |(x, y)| Circle::new((x + 8, y), 5, color.filled()));
    }
    if let Some(c) = centres {
        chart
            .draw_series(
                c.rows()
                    .into_iter()
                    .map(|r| Cross::new((r[0], r[1]), 9, BLACK.stroke_width(4))),
            )
            .map_err(|x| e(&x))?
            .label("centres")
            .legend(|(x, y)| Cross::new((x + 8, y), 5, BLACK.stroke_width(3)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font(("sans-serif", 15))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(|x| e(&x))?;
    root.present().map_err(|x| e(&x))?;
    Ok(path.to_path_buf())
}

/// A confusion-matrix heatmap: cell `[i, j]` shaded by its share of row `i` (so each
/// class's recall reads as the darkness of its diagonal cell) and labelled with its count;
/// rows are true classes, columns predictions.
///
/// # Errors
/// [`Error::ShapeMismatch`] for a non-square matrix or a wrong number of labels,
/// [`Error::Figure`] when drawing fails.
pub fn heatmap<S: Data<Elem = usize>>(
    path: &Path,
    matrix: &ArrayBase<S, Ix2>,
    class_names: &[String],
    opts: &ChartOptions,
) -> Result<PathBuf> {
    heatmap_view(path, matrix.view(), class_names, opts)
}

fn heatmap_view(
    path: &Path,
    matrix: ArrayView2<'_, usize>,
    class_names: &[String],
    opts: &ChartOptions,
) -> Result<PathBuf> {
    register_fonts();
    let (k, k2) = matrix.dim();
    if k != k2 || k == 0 || class_names.len() != k {
        return Err(mismatch(
            "heatmap",
            matrix.shape(),
            &[class_names.len()],
            "a non-empty square matrix and one name per class",
        ));
    }
    let e = |err: &dyn std::fmt::Display| fig_err(path, err);
    let root = BitMapBackend::new(path, opts.size).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let (w, h) = (opts.size.0 as i32, opts.size.1 as i32);
    let (left, top, right, bottom) = (130, 60, 20, 90);
    let cell = ((w - left - right).min(h - top - bottom) / k as i32).max(1);
    let centre = Pos::new(HPos::Center, VPos::Center);
    let text = |s: &str, x: i32, y: i32, size: i32, c: RGBColor| {
        root.draw(&Text::new(
            s.to_string(),
            (x, y),
            ("sans-serif", size).into_font().color(&c).pos(centre),
        ))
    };
    text(&opts.title, w / 2, 25, 24, BLACK).map_err(|x| e(&x))?;
    let font = (cell / 3).clamp(9, 22);
    for i in 0..k {
        let row_total = matrix.row(i).sum().max(1) as f64;
        for j in 0..k {
            let share = matrix[[i, j]] as f64 / row_total;
            // white -> tab:blue
            let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * share) as u8;
            let color = RGBColor(mix(255, 8), mix(255, 48), mix(255, 107));
            let (x, y) = (left + j as i32 * cell, top + i as i32 * cell);
            root.draw(&Rectangle::new(
                [(x, y), (x + cell, y + cell)],
                color.filled(),
            ))
            .map_err(|x| e(&x))?;
            root.draw(&Rectangle::new(
                [(x, y), (x + cell, y + cell)],
                RGBColor(200, 200, 200),
            ))
            .map_err(|x| e(&x))?;
            let ink = if share > 0.5 { WHITE } else { BLACK };
            text(
                &matrix[[i, j]].to_string(),
                x + cell / 2,
                y + cell / 2,
                font,
                ink,
            )
            .map_err(|x| e(&x))?;
        }
        let name = &class_names[i];
        text(name, left - 60, top + i as i32 * cell + cell / 2, 15, BLACK).map_err(|x| e(&x))?;
        text(
            name,
            left + i as i32 * cell + cell / 2,
            top + k as i32 * cell + 15,
            15,
            BLACK,
        )
        .map_err(|x| e(&x))?;
    }
    text(
        &opts.x_label,
        left + k as i32 * cell / 2,
        top + k as i32 * cell + 50,
        18,
        BLACK,
    )
    .map_err(|x| e(&x))?;
    root.draw(&Text::new(
        opts.y_label.clone(),
        (22, top + k as i32 * cell / 2),
        ("sans-serif", 18)
            .into_font()
            .transform(FontTransform::Rotate270)
            .color(&BLACK)
            .pos(centre),
    ))
    .map_err(|x| e(&x))?;
    root.present().map_err(|x| e(&x))?;
    Ok(path.to_path_buf())
}

/// A grid of `uint8` images `(n, C, H, W)` (C = 1 grey or 3 RGB), `ncols` per row, each
/// pixel drawn as a `scale x scale` block, with an optional caption under each image.
///
/// # Errors
/// [`Error::InvalidParameter`] for `ncols` or `scale` 0 or a channel count other than 1
/// and 3, [`Error::Empty`] for no images, [`Error::Figure`] when
/// drawing fails.
pub fn image_grid<S: Data<Elem = u8>>(
    path: &Path,
    images: &ArrayBase<S, Ix4>,
    ncols: usize,
    scale: u32,
    captions: &[String],
) -> Result<PathBuf> {
    image_grid_view(path, images.view(), ncols, scale, captions)
}

fn image_grid_view(
    path: &Path,
    images: ArrayView4<'_, u8>,
    ncols: usize,
    scale: u32,
    captions: &[String],
) -> Result<PathBuf> {
    register_fonts();
    let (n, c, ih, iw) = images.dim();
    if n == 0 {
        return Err(crate::error::empty("image_grid", "no images"));
    }
    if ncols == 0 || scale == 0 {
        return Err(invalid(
            "image_grid",
            "ncols/scale",
            format!("{ncols}/{scale}"),
            "must be at least 1",
        ));
    }
    if c != 1 && c != 3 {
        return Err(invalid(
            "image_grid",
            "channels",
            c,
            "must be 1 (grey) or 3 (RGB)",
        ));
    }
    let rows = n.div_ceil(ncols);
    let pad = 6u32;
    let caption_h = if captions.is_empty() { 0 } else { 20 };
    let cw = iw as u32 * scale + pad;
    let chh = ih as u32 * scale + pad + caption_h;
    let size = (ncols as u32 * cw + pad, rows as u32 * chh + pad);
    let e = |err: &dyn std::fmt::Display| fig_err(path, err);
    let root = BitMapBackend::new(path, size).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    for k in 0..n {
        let (gx, gy) = (
            (k % ncols) as u32 * cw + pad,
            (k / ncols) as u32 * chh + pad,
        );
        for y in 0..ih {
            for x in 0..iw {
                let px = |ch: usize| images[[k, ch, y, x]];
                let color = if c == 1 {
                    RGBColor(px(0), px(0), px(0))
                } else {
                    RGBColor(px(0), px(1), px(2))
                };
                let (x0, y0) = (
                    (gx + x as u32 * scale) as i32,
                    (gy + y as u32 * scale) as i32,
                );
                root.draw(&Rectangle::new(
                    [(x0, y0), (x0 + scale as i32, y0 + scale as i32)],
                    color.filled(),
                ))
                .map_err(|x| e(&x))?;
            }
        }
        if let Some(cap) = captions.get(k) {
            let pos = (
                (gx + iw as u32 * scale / 2) as i32,
                (gy + ih as u32 * scale + 10) as i32,
            );
            root.draw(&Text::new(
                cap.clone(),
                pos,
                ("sans-serif", 14)
                    .into_font()
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            ))
            .map_err(|x| e(&x))?;
        }
    }
    root.present().map_err(|x| e(&x))?;
    Ok(path.to_path_buf())
}
