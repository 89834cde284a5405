//! # 5.3 Image preprocessing on batches
//!
//! Images arrive as `uint8` arrays and leave as normalised floats, a whole batch at a
//! time. Every function here takes and returns an NCHW batch `(n, channels, height, width)`
//! (the layout of CIFAR-10's files and of PyTorch; see [`crate::cnn`] for NHWC), so an
//! augmentation pipeline is a chain of calls on one `Array4`. Random transforms take a
//! seeded `rand` generator: the same seed gives the same batch.
//!
//! | NumPy (torchvision) | Rust (`use applications::images::*;`) |
//! |---|---|
//! | `X.astype(np.float32) / 255` (`ToTensor`) | [`to_float(&x)`](to_float) |
//! | `np.clip(np.rint(X * 255), 0, 255).astype(np.uint8)` | [`to_u8(&x)`](to_u8) |
//! | `np.pad(X, ((0,0),(0,0),(p,p),(p,p)))` | [`pad(&x, p)`](pad) |
//! | `X[:, :, t:t+h, l:l+w]` centred (`CenterCrop`) | [`center_crop(&x, h, w)?`](center_crop) |
//! | `RandomCrop(32, padding=4)` | [`random_crop(&x, 32, 32, 4, &mut rng)?`](random_crop) |
//! | `X[..., ::-1]` (`RandomHorizontalFlip`) | [`hflip(&x)`](hflip), [`random_hflip(&x, 0.5, &mut rng)`](random_hflip) |
//! | `np.rot90(X, k, axes=(2, 3))` | [`rot90(&x, k)`](rot90) |
//! | `F.interpolate(X, (h, w), mode="nearest")` | [`resize_nearest(&x, h, w)?`](resize_nearest) |
//! | `F.interpolate(X, (h, w), mode="bilinear", align_corners=False)` | [`resize_bilinear(&x, h, w)?`](resize_bilinear) |
//! | `ColorJitter(brightness=b, contrast=c)` | [`adjust_brightness`], [`adjust_contrast`], [`color_jitter(&x, b, c, &mut rng)`](color_jitter) |
//! | `X.mean(axis=(0, 2, 3)), X.std(axis=(0, 2, 3))` | [`channel_mean_std(&x)?`](channel_mean_std) |
//! | `(X - mean[:, None, None]) / std[:, None, None]` (`Normalize`) | [`normalize(&x, &mean, &std)?`](normalize) |
//!
//! ```
//! use ndarray::Array4;
//! use rand::{SeedableRng, rngs::StdRng};
//! use applications::images::*;
//! let raw = Array4::<u8>::from_shape_fn((8, 3, 32, 32), |(n, c, h, w)| (n * 7 + c * 50 + h + w) as u8);
//! let x = to_float(&raw);                                  // [0, 1]
//! let mut rng = StdRng::seed_from_u64(0);
//! let x = random_crop(&x, 32, 32, 4, &mut rng)?;           // pad 4, crop back to 32 x 32
//! let x = random_hflip(&x, 0.5, &mut rng);
//! let (mean, std) = channel_mean_std(&x)?;
//! let x = normalize(&x, &mean, &std)?;                      // per channel: mean 0, std 1
//! let (m, s) = channel_mean_std(&x)?;
//! assert!(m.iter().all(|v| v.abs() < 1e-4) && s.iter().all(|v| (v - 1.0).abs() < 1e-4));
//! # Ok::<(), applications::Error>(())
//! ```
//!
//! Normalise with the **training set's** mean and standard deviation (CIFAR-10's are about
//! `(0.491, 0.482, 0.447)` and `(0.247, 0.243, 0.262)`), computed once, not per batch.
//! Pixel-level costs are all `O(n c h w)`; nothing here allocates more than the output.

use ndarray::{Array1, Array4, ArrayBase, Axis, Data, Ix1, Ix4, s};
use rand::Rng;

use crate::error::{Result, check_alloc, empty, invalid, mismatch};

/// `uint8 -> float32` in `[0, 1]`: `X.astype(np.float32) / 255`.
pub fn to_float<S: Data<Elem = u8>>(x: &ArrayBase<S, Ix4>) -> Array4<f32> {
    x.mapv(|v| f32::from(v) / 255.0)
}

/// `float -> uint8`: `np.clip(np.rint(X * 255), 0, 255).astype(np.uint8)`; NaN becomes 0.
///
/// ```
/// use ndarray::Array4;
/// let x = Array4::from_shape_vec((1, 1, 1, 4), vec![-0.5f32, 0.0, 0.5, 2.0]).unwrap();
/// assert_eq!(applications::images::to_u8(&x).into_raw_vec_and_offset().0, vec![0, 0, 128, 255]);
/// ```
pub fn to_u8<S: Data<Elem = f32>>(x: &ArrayBase<S, Ix4>) -> Array4<u8> {
    // `as u8` saturates and maps NaN to 0.
    x.mapv(|v| (v * 255.0).round_ties_even().clamp(0.0, 255.0) as u8)
}

/// Zero padding of `p` pixels on every side of each image.
///
/// # Panics
/// If `H + 2p` or `W + 2p` overflows, or the padded batch could not be allocated: `p` is
/// an augmentation constant, not data ([`random_crop`] and [`Augment`] check it and return
/// an error).
pub fn pad<S: Data<Elem = f32>>(x: &ArrayBase<S, Ix4>, p: usize) -> Array4<f32> {
    let (n, c, h, w) = x.dim();
    let grow = |len: usize| {
        p.checked_mul(2)
            .and_then(|p2| len.checked_add(p2))
            .expect("pad: the padded size overflows usize")
    };
    let mut out = Array4::zeros((n, c, grow(h), grow(w)));
    out.slice_mut(s![.., .., p..p + h, p..p + w]).assign(x);
    out
}

fn check_crop(op: &'static str, h: usize, w: usize, ch: usize, cw: usize) -> Result<()> {
    if ch == 0 || cw == 0 || ch > h || cw > w {
        return Err(invalid(
            op,
            "size",
            format!("({ch}, {cw})"),
            format!("must be non-zero and fit in the images ({h}, {w})"),
        ));
    }
    Ok(())
}

/// The centred `h x w` window of each image (torchvision `CenterCrop`, top-left corner at
/// `((H - h) / 2, (W - w) / 2)` rounded down).
///
/// # Errors
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for a window larger than the images or of size 0.
pub fn center_crop<S: Data<Elem = f32>>(
    x: &ArrayBase<S, Ix4>,
    h: usize,
    w: usize,
) -> Result<Array4<f32>> {
    let (_, _, ih, iw) = x.dim();
    check_crop("center_crop", ih, iw, h, w)?;
    let (t, l) = ((ih - h) / 2, (iw - w) / 2);
    Ok(x.slice(s![.., .., t..t + h, l..l + w]).to_owned())
}

/// torchvision `RandomCrop((h, w), padding)`: pad each image with zeros, then cut an
/// `h x w` window at an independent uniform position per image.
///
/// # Errors
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for a window larger than the
/// padded images, or a padding whose padded batch overflows or could not be allocated.
pub fn random_crop<S: Data<Elem = f32>, R: Rng>(
    x: &ArrayBase<S, Ix4>,
    h: usize,
    w: usize,
    padding: usize,
    rng: &mut R,
) -> Result<Array4<f32>> {
    let (n, c, ih, iw) = x.dim();
    let grow = |len: usize| padding.checked_mul(2).and_then(|p2| len.checked_add(p2));
    match (grow(ih), grow(iw)) {
        (Some(ph), Some(pw)) => check_alloc::<f32>("random_crop", "padding", &[n, c, ph, pw])?,
        _ => {
            return Err(invalid(
                "random_crop",
                "padding",
                padding,
                "the padded size overflows",
            ));
        }
    }
    let padded = pad(x, padding);
    let (n, c, ph, pw) = padded.dim();
    check_crop("random_crop", ph, pw, h, w)?;
    let mut out = Array4::zeros((n, c, h, w));
    for (i, mut img) in out.outer_iter_mut().enumerate() {
        let t = rng.gen_range(0..=ph - h);
        let l = rng.gen_range(0..=pw - w);
        img.assign(&padded.slice(s![i, .., t..t + h, l..l + w]));
    }
    Ok(out)
}

/// Mirror every image left-right: `X[..., ::-1]`.
pub fn hflip<S: Data<Elem = f32>>(x: &ArrayBase<S, Ix4>) -> Array4<f32> {
    x.slice(s![.., .., .., ..;-1])
        .as_standard_layout()
        .into_owned()
}

/// Mirror each image left-right with probability `p`, independently.
pub fn random_hflip<S: Data<Elem = f32>, R: Rng>(
    x: &ArrayBase<S, Ix4>,
    p: f64,
    rng: &mut R,
) -> Array4<f32> {
    let mut out = x.to_owned();
    for mut img in out.outer_iter_mut() {
        if rng.gen_bool(p.clamp(0.0, 1.0)) {
            let flipped = img.slice(s![.., .., ..;-1]).to_owned();
            img.assign(&flipped);
        }
    }
    out
}

/// `np.rot90(X, k, axes=(2, 3))`: rotate each image by `k` quarter turns counter-clockwise
/// (negative `k` turns clockwise). Height and width swap for odd `k`.
///
/// ```
/// use ndarray::Array4;
/// // [[1, 2], [3, 4]] turned a quarter counter-clockwise is [[2, 4], [1, 3]]
/// let x = Array4::from_shape_vec((1, 1, 2, 2), vec![1.0f32, 2.0, 3.0, 4.0]).unwrap();
/// let r = applications::images::rot90(&x, 1);
/// assert_eq!(r.into_raw_vec_and_offset().0, vec![2.0, 4.0, 1.0, 3.0]);
/// ```
pub fn rot90<S: Data<Elem = f32>>(x: &ArrayBase<S, Ix4>, k: i32) -> Array4<f32> {
    let v = x.view();
    match k.rem_euclid(4) {
        0 => v.to_owned(),
        // out[i, j] = in[j, W-1-i]: flip columns, then transpose
        1 => v
            .slice_move(s![.., .., .., ..;-1])
            .permuted_axes([0, 1, 3, 2])
            .as_standard_layout()
            .to_owned(),
        2 => v
            .slice_move(s![.., .., ..;-1, ..;-1])
            .as_standard_layout()
            .into_owned(),
        // out[i, j] = in[H-1-j, i]: transpose, then flip columns
        _ => v
            .permuted_axes([0, 1, 3, 2])
            .slice_move(s![.., .., .., ..;-1])
            .as_standard_layout()
            .to_owned(),
    }
}

/// The output size of a resize: non-zero, allocatable, and there must be pixels to sample.
fn check_size(
    op: &'static str,
    dim: (usize, usize, usize, usize),
    h: usize,
    w: usize,
) -> Result<()> {
    if h == 0 || w == 0 {
        return Err(invalid(
            op,
            "size",
            format!("({h}, {w})"),
            "must be non-zero",
        ));
    }
    let (n, c, ih, iw) = dim;
    check_alloc::<f32>(op, "size", &[n, c, h, w])?;
    // One tap index per output row and column.
    check_alloc::<(usize, usize, f32)>(op, "size", &[h.max(w)])?;
    if ih == 0 || iw == 0 {
        return Err(empty(
            op,
            format!("images of size ({ih}, {iw}) have no pixels to resize"),
        ));
    }
    Ok(())
}

/// Nearest-neighbour resize (PyTorch `mode="nearest"`): output pixel `i` takes input pixel
/// `floor(i * H_in / H_out)`. No new values are made, so labels and masks survive it.
///
/// # Errors
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for a zero output size or one
/// whose element count overflows; [`Error::Empty`](crate::Error::Empty) for images with no
/// rows or columns.
pub fn resize_nearest<S: Data<Elem = f32>>(
    x: &ArrayBase<S, Ix4>,
    h: usize,
    w: usize,
) -> Result<Array4<f32>> {
    check_size("resize_nearest", x.dim(), h, w)?;
    let (n, c, ih, iw) = x.dim();
    let rows: Vec<usize> = (0..h).map(|i| (i * ih / h).min(ih - 1)).collect();
    let cols: Vec<usize> = (0..w).map(|j| (j * iw / w).min(iw - 1)).collect();
    Ok(Array4::from_shape_fn((n, c, h, w), |(a, b, i, j)| {
        x[[a, b, rows[i], cols[j]]]
    }))
}

/// Source coordinate and weights of half-pixel-centre bilinear sampling:
/// `src = (dst + 0.5) * in / out - 0.5`, clamped to `[0, in - 1]`.
fn bilinear_taps(out: usize, inp: usize) -> Vec<(usize, usize, f32)> {
    let scale = inp as f64 / out as f64;
    (0..out)
        .map(|i| {
            let src = ((i as f64 + 0.5) * scale - 0.5).max(0.0);
            let i0 = (src.floor() as usize).min(inp - 1);
            let i1 = (i0 + 1).min(inp - 1);
            (i0, i1, (src - i0 as f64) as f32)
        })
        .collect()
}

/// Bilinear resize with half-pixel centres (PyTorch `mode="bilinear", align_corners=False`,
/// OpenCV `INTER_LINEAR`, no antialiasing): each output pixel is the weighted mean of the
/// four input pixels around `((i + 0.5) H_in / H_out - 0.5, (j + 0.5) W_in / W_out - 0.5)`.
///
/// ```
/// use ndarray::Array4;
/// // a 1 x 2 image [0, 1] stretched to width 4: [0, 0.25, 0.75, 1]
/// let x = Array4::from_shape_vec((1, 1, 1, 2), vec![0.0f32, 1.0]).unwrap();
/// let r = applications::images::resize_bilinear(&x, 1, 4)?;
/// assert_eq!(r.into_raw_vec_and_offset().0, vec![0.0, 0.25, 0.75, 1.0]);
/// # Ok::<(), applications::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for a zero output size or one
/// whose element count overflows; [`Error::Empty`](crate::Error::Empty) for images with no
/// rows or columns.
pub fn resize_bilinear<S: Data<Elem = f32>>(
    x: &ArrayBase<S, Ix4>,
    h: usize,
    w: usize,
) -> Result<Array4<f32>> {
    check_size("resize_bilinear", x.dim(), h, w)?;
    let (n, c, ih, iw) = x.dim();
    let ry = bilinear_taps(h, ih);
    let rx = bilinear_taps(w, iw);
    Ok(Array4::from_shape_fn((n, c, h, w), |(a, b, i, j)| {
        let (y0, y1, fy) = ry[i];
        let (x0, x1, fx) = rx[j];
        let top = x[[a, b, y0, x0]] * (1.0 - fx) + x[[a, b, y0, x1]] * fx;
        let bot = x[[a, b, y1, x0]] * (1.0 - fx) + x[[a, b, y1, x1]] * fx;
        top * (1.0 - fy) + bot * fy
    }))
}

/// Brightness: `clip(X * factor, 0, 1)` (torchvision `adjust_brightness`, images in `[0, 1]`).
pub fn adjust_brightness<S: Data<Elem = f32>>(x: &ArrayBase<S, Ix4>, factor: f32) -> Array4<f32> {
    x.mapv(|v| (v * factor).clamp(0.0, 1.0))
}

/// Contrast: `clip(m + factor (X - m), 0, 1)` per image, with `m` the mean grey level of
/// the image (`0.299 R + 0.587 G + 0.114 B` for 3 channels, as torchvision; the plain mean
/// otherwise).
pub fn adjust_contrast<S: Data<Elem = f32>>(x: &ArrayBase<S, Ix4>, factor: f32) -> Array4<f32> {
    let mut out = x.to_owned();
    for mut img in out.outer_iter_mut() {
        let m = grey_mean(&img.view());
        img.mapv_inplace(|v| (m + factor * (v - m)).clamp(0.0, 1.0));
    }
    out
}

fn grey_mean(img: &ndarray::ArrayView3<'_, f32>) -> f32 {
    if img.dim().0 == 3 {
        let w = [0.299f32, 0.587, 0.114];
        img.outer_iter()
            .zip(w)
            .map(|(ch, wc)| wc * ch.mean().unwrap_or(0.0))
            .sum()
    } else {
        img.mean().unwrap_or(0.0)
    }
}

/// torchvision `ColorJitter(brightness, contrast)`: per image, a brightness factor uniform
/// in `[1 - brightness, 1 + brightness]`, then a contrast factor uniform in
/// `[1 - contrast, 1 + contrast]`.
pub fn color_jitter<S: Data<Elem = f32>, R: Rng>(
    x: &ArrayBase<S, Ix4>,
    brightness: f32,
    contrast: f32,
    rng: &mut R,
) -> Array4<f32> {
    let mut out = x.to_owned();
    for mut img in out.outer_iter_mut() {
        let b = 1.0 + brightness * (2.0 * rng.r#gen::<f32>() - 1.0);
        let c = 1.0 + contrast * (2.0 * rng.r#gen::<f32>() - 1.0);
        img.mapv_inplace(|v| (v * b).clamp(0.0, 1.0));
        let m = grey_mean(&img.view());
        img.mapv_inplace(|v| (m + c * (v - m)).clamp(0.0, 1.0));
    }
    out
}

/// Per-channel mean and standard deviation over images, rows and columns (`ddof = 0`):
/// `X.mean(axis=(0, 2, 3)), X.std(axis=(0, 2, 3))`, accumulated in `f64`.
///
/// # Errors
/// [`Error::Empty`](crate::Error::Empty) for an empty batch.
pub fn channel_mean_std<S: Data<Elem = f32>>(
    x: &ArrayBase<S, Ix4>,
) -> Result<(Array1<f32>, Array1<f32>)> {
    if x.is_empty() {
        return Err(crate::error::empty("channel_mean_std", "empty batch"));
    }
    let c = x.dim().1;
    let mut mean = Array1::zeros(c);
    let mut std = Array1::zeros(c);
    for k in 0..c {
        let ch = x.index_axis(Axis(1), k);
        let n = ch.len() as f64;
        let m = ch.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
        let var = ch.iter().map(|&v| (f64::from(v) - m).powi(2)).sum::<f64>() / n;
        mean[k] = m as f32;
        std[k] = var.sqrt() as f32;
    }
    Ok((mean, std))
}

/// `(X - mean[:, None, None]) / std[:, None, None]`: torchvision `Normalize`.
///
/// # Errors
/// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) when `mean`/`std` do not have one entry per channel,
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for a standard deviation that is not positive.
pub fn normalize<S, S1, S2>(
    x: &ArrayBase<S, Ix4>,
    mean: &ArrayBase<S1, Ix1>,
    std: &ArrayBase<S2, Ix1>,
) -> Result<Array4<f32>>
where
    S: Data<Elem = f32>,
    S1: Data<Elem = f32>,
    S2: Data<Elem = f32>,
{
    let c = x.dim().1;
    if mean.len() != c || std.len() != c {
        return Err(mismatch(
            "normalize",
            x.shape(),
            mean.shape(),
            format!("mean and std need one entry per channel ({c})"),
        ));
    }
    if let Some(bad) = std.iter().find(|v| v.is_nan() || **v <= 0.0) {
        return Err(invalid("normalize", "std", bad, "every entry must be > 0"));
    }
    let m = mean
        .to_owned()
        .into_shape_with_order((1, c, 1, 1))
        .expect("c entries");
    let sd = std
        .to_owned()
        .into_shape_with_order((1, c, 1, 1))
        .expect("c entries");
    Ok((x - &m) / &sd)
}

/// A training-time augmentation pipeline for `uint8` batches, as a params builder:
/// `to_float` -> random crop with padding -> random horizontal flip -> colour jitter ->
/// per-channel normalisation. Each stage is optional; the order is torchvision's usual one.
///
/// ```
/// use ndarray::{array, Array4};
/// use rand::{SeedableRng, rngs::StdRng};
/// use applications::images::Augment;
/// let raw = Array4::<u8>::from_elem((4, 3, 32, 32), 128);
/// let aug = Augment::params()
///     .random_crop(32, 4)
///     .hflip(0.5)
///     .color_jitter(0.2, 0.2)
///     .normalize(array![0.4914, 0.4822, 0.4465], array![0.2470, 0.2435, 0.2616]);
/// let x = aug.apply(&raw, &mut StdRng::seed_from_u64(0))?;
/// assert_eq!(x.dim(), (4, 3, 32, 32));
/// # Ok::<(), applications::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Augment {
    crop: Option<(usize, usize)>,
    hflip: Option<f64>,
    jitter: Option<(f32, f32)>,
    normalize: Option<(Array1<f32>, Array1<f32>)>,
}

impl Augment {
    /// An empty pipeline (only the `uint8 -> [0, 1]` conversion).
    pub fn params() -> Self {
        Self::default()
    }

    /// Square random crop of side `size` after zero padding `padding`.
    pub fn random_crop(mut self, size: usize, padding: usize) -> Self {
        self.crop = Some((size, padding));
        self
    }

    /// Horizontal flip with probability `p`.
    pub fn hflip(mut self, p: f64) -> Self {
        self.hflip = Some(p);
        self
    }

    /// Brightness and contrast jitter (see [`color_jitter`]).
    pub fn color_jitter(mut self, brightness: f32, contrast: f32) -> Self {
        self.jitter = Some((brightness, contrast));
        self
    }

    /// Per-channel normalisation with the dataset mean and standard deviation.
    pub fn normalize(mut self, mean: Array1<f32>, std: Array1<f32>) -> Self {
        self.normalize = Some((mean, std));
        self
    }

    /// Runs the augmentations (before normalisation) on a batch and returns `[0, 1]`
    /// floats: what the augmented images look like.
    ///
    /// # Errors
    /// As [`random_crop`] and the parameter checks of the stages.
    pub fn augment<S: Data<Elem = u8>, R: Rng>(
        &self,
        x: &ArrayBase<S, Ix4>,
        rng: &mut R,
    ) -> Result<Array4<f32>> {
        let mut out = to_float(x);
        if let Some((size, padding)) = self.crop {
            out = random_crop(&out, size, size, padding, rng)?;
        }
        if let Some(p) = self.hflip {
            if !(0.0..=1.0).contains(&p) {
                return Err(invalid(
                    "Augment",
                    "hflip",
                    p,
                    "must be a probability in [0, 1]",
                ));
            }
            out = random_hflip(&out, p, rng);
        }
        if let Some((b, c)) = self.jitter {
            if !(0.0..=1.0).contains(&b) || !(0.0..=1.0).contains(&c) {
                return Err(invalid(
                    "Augment",
                    "color_jitter",
                    format!("({b}, {c})"),
                    "both must be in [0, 1]",
                ));
            }
            out = color_jitter(&out, b, c, rng);
        }
        Ok(out)
    }

    /// The whole pipeline: [`augment`](Self::augment), then [`normalize`] if set.
    ///
    /// # Errors
    /// As [`augment`](Self::augment) and [`normalize`].
    pub fn apply<S: Data<Elem = u8>, R: Rng>(
        &self,
        x: &ArrayBase<S, Ix4>,
        rng: &mut R,
    ) -> Result<Array4<f32>> {
        let out = self.augment(x, rng)?;
        match &self.normalize {
            Some((m, s)) => normalize(&out, m, s),
            None => Ok(out),
        }
    }
}
