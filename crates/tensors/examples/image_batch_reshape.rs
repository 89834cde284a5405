//! A real MNIST batch through the shapes a network sees: (N, 28, 28) -> NCHW (N, 1, 28, 28)
//! -> (N, 784) for a dense layer -> back, with which steps are views and which copy.
//!
//! NumPy:
//! ```python
//! x = images[:256].astype(np.float32) / 255   # (256, 28, 28)
//! x4 = x[:, None]                              # (256, 1, 28, 28), NCHW, a view
//! flat = x4.reshape(len(x4), -1)               # (256, 784), a view (contiguous)
//! back = flat.reshape(len(flat), 1, 28, 28)    # a view again
//! nhwc = x4.transpose(0, 2, 3, 1)              # (256, 28, 28, 1), a view
//! nhwc.reshape(len(nhwc), -1)                  # still a view: the moved axis has length 1
//! rgb = np.repeat(x4, 3, axis=1)               # (256, 3, 28, 28), a copy (grey -> RGB)
//! rgb.transpose(0, 2, 3, 1).reshape(256, -1)   # a COPY: this transpose is not contiguous
//! assert (back == x4).all()
//! ```

use datasets::mnist::{self, Split};
use ndarray::Axis;
use tensors::{
    expand_dims, flatten_batch, minibatches_xy, nchw_to_nhwc, repeat, squeeze_axis, unflatten_batch,
};

fn main() {
    let train = match datasets::or_skip(mnist::load(Split::Train)) {
        Ok(Some(m)) => m,
        Ok(None) => return,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = run(&train) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run(train: &mnist::Mnist) -> tensors::Result<()> {
    let n = 256;
    // x = images[:256].astype(np.float32) / 255
    let x = train
        .images
        .slice_axis(Axis(0), (0..n).into())
        .mapv(|p| f32::from(p) / 255.0);
    println!("batch               {:?}  (N, H, W)", x.shape());

    // x4 = x[:, None]
    let x4 = expand_dims(&x, 1)?;
    println!(
        "NCHW                {:?}  view: {}",
        x4.shape(),
        x4.as_ptr() == x.as_ptr()
    );

    // flat = x4.reshape(len(x4), -1)
    let flat = flatten_batch(&x4)?;
    println!(
        "dense-layer input   {:?}  view: {}",
        flat.shape(),
        flat.is_view()
    );

    // back = flat.reshape(len(flat), 1, 28, 28)
    let back = unflatten_batch(&flat, &[1, 28, 28])?;
    let round_trip = back == x4.into_dyn();
    println!(
        "back to NCHW        {:?}  equal to NCHW batch: {round_trip}",
        back.shape()
    );

    // nhwc = x4.transpose(0, 2, 3, 1); nhwc.reshape(len(nhwc), -1)
    let x4_owned = x4.to_owned();
    let nhwc = nchw_to_nhwc(&x4_owned);
    let flat_nhwc = flatten_batch(&nhwc)?;
    println!(
        "NHWC                {:?}  view: {}; flattened without a copy: {} (C = 1)",
        nhwc.shape(),
        nhwc.as_ptr() == x4_owned.as_ptr(),
        flat_nhwc.is_view()
    );
    let same_pixels = flat_nhwc == flat;

    // rgb = np.repeat(x4, 3, axis=1); rgb.transpose(0, 2, 3, 1).reshape(256, -1)
    let rgb = repeat(&x4, 3, 1)?;
    let rgb_nhwc = nchw_to_nhwc(&rgb);
    let rgb_flat = flatten_batch(&rgb_nhwc)?;
    println!(
        "RGB NCHW {:?} -> NHWC {:?} -> {:?}: copy needed: {}",
        rgb.shape(),
        rgb_nhwc.shape(),
        rgb_flat.shape(),
        !rgb_flat.is_view()
    );
    // NHWC interleaves channels: pixel 0 of R, G, B first.
    let interleaved =
        rgb_flat[[0, 1]] == rgb[[0, 1, 0, 0]] && rgb_flat[[0, 3]] == rgb[[0, 0, 0, 1]];

    // Cross-check against the datasets crate's own (N, 784) features.
    let features = train.head(n).features_f32();
    let max_diff = features
        .iter()
        .zip(flat.iter())
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, |m, d| if d > m || d.is_nan() { d } else { m }); // keeps a NaN
    println!("max |flat - datasets features_f32| = {max_diff}");

    // squeeze the channel axis away again
    let squeezed = squeeze_axis(&x4, 1)?;
    println!("squeeze(axis=1)     {:?}", squeezed.shape());

    // Mini-batches of the whole training set are views: no pixel is copied.
    let all = train.images.view();
    let labels = train.labels.view();
    let mut batches = 0;
    let mut all_views = true;
    let mut offset = 0;
    for (xb, yb) in minibatches_xy(&all, &labels, 128)? {
        all_views &= xb.as_ptr() == all.index_axis(Axis(0), offset).as_ptr();
        assert_eq!(xb.len_of(Axis(0)), yb.len());
        offset += xb.len_of(Axis(0));
        batches += 1;
    }
    println!(
        "{} training images in {batches} mini-batches of 128 (last {}), all views: {all_views}",
        train.len(),
        train.len() - (batches - 1) * 128
    );

    println!("result: batch_shape = {:?}", x.shape());
    println!("result: nchw_shape = {:?}", x4.shape());
    println!("result: flat_shape = {:?}", flat.shape());
    println!("result: flat_is_view = {}", flat.is_view());
    println!("result: nhwc_c1_flatten_is_view = {}", flat_nhwc.is_view());
    println!("result: rgb_nhwc_flatten_copies = {}", !rgb_flat.is_view());
    println!("result: rgb_nhwc_interleaved = {interleaved}");
    println!("result: nhwc_same_pixels = {same_pixels}");
    println!("result: round_trip_equal = {round_trip}");
    println!("result: max_abs_diff_vs_features = {max_diff}");
    println!("result: minibatches = {batches}");
    println!("result: minibatches_are_views = {all_views}");
    Ok(())
}
