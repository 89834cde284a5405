//! candle tensors (feature `candle`): handing an array to a Rust deep-learning framework.
//!
//! [candle](https://docs.rs/candle-core) is Hugging Face's tensor library for Rust, the
//! counterpart of `torch.from_numpy(x)` / `x.numpy()`. A candle tensor owns its storage
//! (possibly on a GPU), so the conversion copies once: from a C-order slice of the array in,
//! and from a flattened `Vec` out.
//!
//! | PyTorch | Rust |
//! |---|---|
//! | `torch.from_numpy(x)` | [`to_candle`]`(&x, &Device::Cpu)?` = `Tensor::from_slice(x.as_standard_layout().as_slice(), x.shape(), &dev)` |
//! | `t.numpy()` | [`from_candle`]`::<f32>(&t)?` = `t.flatten_all()?.to_vec1()` + `from_shape_vec(t.dims())` |
//!
//! ```
//! use candle_core::Device;
//! use ndarray::array;
//! use performance::interop::candle::{from_candle, to_candle};
//! let x = array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0]];
//! let t = to_candle(&x, &Device::Cpu)?;
//! assert_eq!(t.dims(), &[2, 3]);
//! let doubled = (t * 2.0)?; // candle's own ops
//! assert_eq!(from_candle::<f32>(&doubled)?, (&x * 2.0).into_dyn());
//! # Ok::<(), performance::interop::Error>(())
//! ```

use candle_core::{Device, Tensor, WithDType};
use ndarray::{ArrayBase, ArrayD, Data, Dimension, IxDyn};

use super::{Error, Result};

/// `torch.from_numpy(a).to(device)`: a tensor of `a`'s shape and elements. An array that is
/// not in standard (C-order, contiguous) layout is copied to it first, as candle expects.
///
/// # Errors
/// [`Error::Candle`] when candle cannot allocate the tensor on `device`.
pub fn to_candle<A, S, D>(a: &ArrayBase<S, D>, device: &Device) -> Result<Tensor>
where
    A: WithDType,
    S: Data<Elem = A>,
    D: Dimension,
{
    let standard = a.as_standard_layout();
    let slice = standard
        .as_slice()
        .expect("as_standard_layout gives a contiguous C-order array");
    Ok(Tensor::from_slice(slice, a.shape(), device)?)
}

/// `t.numpy()`: the elements of `t` (on any device) as an owned array of its shape.
///
/// # Errors
/// [`Error::Candle`] when `t`'s dtype is not `A` (candle does not convert silently).
pub fn from_candle<A: WithDType>(t: &Tensor) -> Result<ArrayD<A>> {
    let data = t.flatten_all()?.to_vec1::<A>()?;
    ArrayD::from_shape_vec(IxDyn(t.dims()), data).map_err(|e| Error::Shape(e.to_string()))
}
