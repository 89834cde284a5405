//! What the hand-vectorised kernels of [`crate::tridiag`], [`crate::tridiag_evd`] and
//! [`crate::householder`] share: a run-time switch to copies compiled for AVX2 + FMA (and
//! the check for AVX-512), the thread count of a [`Par`], and the vector operations `dot`
//! and `axpy2`.
//!
//! The kernels are written over slices with [`LANES`] independent accumulators, a form the
//! compiler turns into packed vector instructions; [`multiversion!`] compiles each one a
//! second time with `#[target_feature(enable = "avx2,fma")]` (256-bit vectors) and picks that
//! copy when the CPU has the features. The default build targets baseline x86-64 (SSE2), so
//! without this the vectors would be 128 bits wide.

use crate::scalar::Float;
use faer::Par;

/// Independent partial sums (or products) per loop: the dependency chain of a plain fold
/// would keep the compiler from packing the operations.
pub(crate) const LANES: usize = 8;

/// Whether this CPU has AVX2 and FMA (x86-64 only).
pub(crate) fn has_avx2_fma() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Whether the CPU has AVX-512F.
pub(crate) fn avx512_detected() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Whether the 512-bit kernels are used ([`crate::gemm`]'s, and the secular function's in
/// [`crate::tridiag_evd`]): AVX-512F, unless the environment variable `LINALG_NO_AVX512` is
/// set (to measure the 256-bit kernels on a machine that has both).
pub(crate) fn has_avx512() -> bool {
    static AVX512: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *AVX512.get_or_init(|| avx512_detected() && std::env::var_os("LINALG_NO_AVX512").is_none())
}

/// The number of threads `par` asks for.
pub(crate) fn threads(par: Par) -> usize {
    match par {
        Par::Seq => 1,
        Par::Rayon(n) => n.get(),
    }
}

/// `fn $name(avx, args) -> ret`: runs the `#[inline(always)]` function `$body` from a copy
/// compiled with AVX2 and FMA when `avx` is true (the caller checks [`has_avx2_fma`] once).
macro_rules! multiversion {
    ($(#[$doc:meta])* $vis:vis fn $name:ident / $body:ident <$T:ident>($($arg:ident: $ty:ty),*) -> $ret:ty) => {
        $(#[$doc])*
        #[inline]
        $vis fn $name<$T: Float>(avx: bool, $($arg: $ty),*) -> $ret {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx2,fma")]
                fn avx2<$T: Float>($($arg: $ty),*) -> $ret {
                    $body($($arg),*)
                }
                if avx {
                    // SAFETY: `avx` is true only when the CPU has AVX2 and FMA.
                    return unsafe { avx2($($arg),*) };
                }
            }
            let _ = avx;
            $body($($arg),*)
        }
    };
}
pub(crate) use multiversion;

multiversion! {
    /// `y += alpha a + beta b`.
    pub(crate) fn axpy2 / axpy2_body<T>(y: &mut [T], a: &[T], alpha: T, b: &[T], beta: T) -> ()
}

#[inline(always)]
fn axpy2_body<T: Float>(y: &mut [T], a: &[T], alpha: T, b: &[T], beta: T) {
    for ((y, &a), &b) in y.iter_mut().zip(a).zip(b) {
        *y += alpha * a + beta * b;
    }
}

multiversion! {
    /// `a . b`.
    pub(crate) fn dot / dot_body<T>(a: &[T], b: &[T]) -> T
}

#[inline(always)]
fn dot_body<T: Float>(a: &[T], b: &[T]) -> T {
    let mut acc = [T::zero(); LANES];
    let ac = a.chunks_exact(LANES);
    let bc = b.chunks_exact(LANES);
    let tail = ac
        .remainder()
        .iter()
        .zip(bc.remainder())
        .fold(T::zero(), |s, (&x, &y)| s + x * y);
    for (a, b) in ac.zip(bc) {
        for l in 0..LANES {
            acc[l] += a[l] * b[l];
        }
    }
    acc.iter().fold(tail, |s, &v| s + v)
}
