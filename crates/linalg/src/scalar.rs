//! The element types of the chapter: `f32` and `f64`.

use ndarray::NdFloat;

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

/// A real floating-point element type that both engines understand: ndarray's
/// [`NdFloat`] (arithmetic, `.dot`) and faer's `RealField` (factorisations).
///
/// Implemented for `f32` and `f64` only (the trait is sealed), like NumPy's
/// `np.linalg`, which computes in `float32` or `float64`.
pub trait Float: NdFloat + faer::traits::RealField + sealed::Sealed {
    /// Converts an `f64` constant into `Self` (rounding for `f32`).
    fn from_f64(x: f64) -> Self;
    /// Widens `self` to `f64`.
    fn to_f64(self) -> f64;
}

impl Float for f32 {
    #[inline]
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    #[inline]
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

impl Float for f64 {
    #[inline]
    fn from_f64(x: f64) -> Self {
        x
    }
    #[inline]
    fn to_f64(self) -> f64 {
        self
    }
}
