//! Our own GEMM for large products, `C = A B`: the BLIS design with AVX2 + FMA and AVX-512
//! kernels.
//!
//! faer's large-product engine does not pack `B` for square products and, on more than one
//! thread, blocks only for the L3 cache. On the course machine (2 cores of an AMD EPYC with
//! 512 KiB of L2 each and an L3 shared with other tenants) that lost 10-50% to OpenBLAS, the
//! more so when the machine was busy. This module does what BLIS and OpenBLAS do:
//!
//! ```text
//! for jc in steps of NC over the columns of C          B block (KC x NC) lives in L3
//!   for pc in steps of KC over the inner dimension
//!     pack B[pc.., jc..] into panels of NR columns     (shared by all threads)
//!     for ic in steps of MC over the rows of C         one task per block, on rayon
//!       pack A[ic.., pc..] into panels of MR rows      A block (MC x KC) lives in L2
//!       for jr in steps of NR                          B panel (KC x NR) in L1 or L2
//!         for ir in steps of MR
//!           C[ir.., jr..] += A panel @ B panel         the micro-kernel: MR x NR in registers
//! ```
//!
//! The micro-kernel keeps a `6 x 8` (`f64`) or `6 x 16` (`f32`) tile of `C` in twelve
//! 256-bit registers; each step of the inner dimension loads two vectors of `B`, broadcasts
//! six numbers of `A` and does twelve FMAs. Packing puts both operands in the order the
//! kernel reads them, so every load is sequential whatever the strides of `A` and `B`
//! (transposed views cost nothing extra). The register tile is BLIS's for Haswell and Zen;
//! the block sizes were chosen by sweeps on the course machine (`KC` 256 to 512, `MC` 48 to
//! 144), in one process against OpenBLAS.
//!
//! ## 512-bit kernels
//! On CPUs with AVX-512F the same loops run with 512-bit registers: a `14 x 16` (`f64`) or
//! `14 x 32` (`f32`) tile in 28 of the 32 registers, two loads of `B` and fourteen broadcasts
//! of `A` per step. These are BLIS's `skx` shapes with the roles of `A` and `B` swapped (BLIS
//! vectorises along `A`). OpenBLAS picks its AVX-512 kernels on such a CPU, so without ours
//! the comparison is 256-bit against 512-bit. Measured on an Intel Xeon (family 6 model 207,
//! 2 cores with 2 MiB of L2 each), bench workers alternated with NumPy, medians of 7 to 9:
//!
//! | product | 256-bit kernels | 512-bit kernels | NumPy (OpenBLAS) |
//! |---|---:|---:|---:|
//! | `f64` 2048 | 0.265 s | 0.177-0.184 s | 0.159-0.162 s |
//! | `f32` 1024 | 27.4 ms | 10.4-17.4 ms | 11.4-13.2 ms |
//!
//! The blocks are `KC` 512 and `MC` 84 (`f64`), `KC` 1024 and `MC` 126 (`f32`). A `B` panel
//! (64 or 128 KiB) is then larger than L1 and streams from L2 like the `A` panel does. What
//! the long panels buy is fewer passes over `C` (each step of `KC` loads and stores all of
//! `C`) and fewer parallel regions. At first `KC` was 256 (`f64`) and 384 (`f32`), so that a
//! `B` panel stayed in a 48 KiB L1. With `f64` 2048 on two threads, in one process,
//! alternated with NumPy's OpenBLAS (`cblas_dgemm`), 50-80 rounds, the medians were:
//!
//! | blocks | round 1 | round 2 | round 3 |
//! |---|---:|---:|---:|
//! | `KC` 256, `MC` 126 | 0.145 s | | 0.162 s |
//! | `KC` 512, `MC` 126 | 0.128 s | 0.127 s | 0.150 s |
//! | `KC` 512, `MC` 84 | | 0.120 s | 0.146 s |
//! | OpenBLAS | 0.131 s | 0.126 s | 0.155 s |
//!
//! `MR` 12, `MC` 252, `KC` 128 to 384 and an `8 x 24` tile were tried too, and were slower
//! or within the noise. Setting the
//! environment variable `LINALG_NO_AVX512` makes the engine use the 256-bit kernels on such a
//! CPU (to compare the two); the tests run both.
//!
//! ## One triangle (`syrk`)
//! [`gemm_lower`] computes only the lower triangle of a square `C`, as BLAS's `syrk` does for
//! the Gram matrix `X^T X` ([`crate::gram_lower_into`]). The loops are the same; a tile wholly
//! above the diagonal is skipped, and a tile that crosses it stores only its elements on or
//! below it. The work of a row block then grows with its distance from the top, so the row
//! blocks are cut at `sqrt(b / blocks)` of the rows instead of `b / blocks`, which gives each
//! block the same number of tiles to compute.
//!
//! Measured in one process on the course machine, alternating with NumPy's own OpenBLAS on the
//! same buffers (`f64`, 2048): see the crate's BENCHMARKS.md. The ignored test
//! `kernel_throughput` measures the ceiling: the kernel alone on one thread and on two at
//! once (on the course machine 78-87 GFLOP/s a thread, the FMA peak; the best large product
//! gets 80-85% of two of them).

use crate::Float;
use crate::simd::{avx512_detected, has_avx512};
use ndarray::{Array2, ArrayView2, ArrayViewMut2};

/// Whether [`gemm`] runs here: x86-64 with AVX2 and FMA, for `f32` and `f64`.
pub(crate) fn available() -> bool {
    crate::simd::has_avx2_fma()
}

/// `c = a @ b` (or `c += a @ b` when `accumulate`) on this module's engine, with the widest
/// kernel the CPU runs. Returns `false` (and leaves `c` alone) when the CPU lacks AVX2 + FMA;
/// the caller then uses another engine.
///
/// Shapes must agree (`a` is `(m, k)`, `b` is `(k, n)`, `c` is `(m, n)`, `k > 0`).
pub(crate) fn gemm<T: Float>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    c: ArrayViewMut2<'_, T>,
    accumulate: bool,
) -> bool {
    gemm_with(Width::widest(), a, b, c, accumulate)
}

/// The lower triangle (diagonal included) of `c = a @ b` (or `c += a @ b` when
/// `accumulate`) for a square `c`, as BLAS's `syrk` does for `a = x^T`, `b = x`: tiles of `C`
/// wholly above the diagonal are skipped and the strict upper triangle is never written.
/// Returns `false` (and leaves `c` alone) when the CPU lacks AVX2 + FMA.
///
/// Shapes must agree (`a` is `(p, k)`, `b` is `(k, p)`, `c` is `(p, p)`, `k > 0`).
pub(crate) fn gemm_lower<T: Float>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    c: ArrayViewMut2<'_, T>,
    accumulate: bool,
) -> bool {
    assert_eq!(c.nrows(), c.ncols(), "gemm_lower: C must be square");
    gemm_in(Width::widest(), a, b, c, accumulate, Part::Lower)
}

/// `a @ b` into a new C-order array that is never zeroed; `None` (and nothing allocated) when
/// the CPU lacks AVX2 + FMA.
///
/// When it does not accumulate, the engine stores every element of `C` in its first step of
/// `KC`, so the `memset` that `Array::zeros` does on reused heap memory (4 MiB for a `(1024,
/// 1024)` `f32` result) is wasted work. NumPy's `a @ b` allocates with `np.empty` likewise.
///
/// Shapes must agree and `k > 0`.
pub(crate) fn product<T: Float>(a: ArrayView2<'_, T>, b: ArrayView2<'_, T>) -> Option<Array2<T>> {
    if !available() {
        return None;
    }
    let (m, n) = (a.nrows(), b.ncols());
    let mut c = Array2::<T>::uninit((m, n));
    crate::alloc::advise_huge_pages(c.as_ptr().cast(), m * n * size_of::<T>());
    // SAFETY: the view covers exactly `c`'s `m x n` elements in C order; `gemm` without
    // accumulation only writes through it (raw stores), never reads.
    let view = unsafe { ArrayViewMut2::from_shape_ptr((m, n), c.as_mut_ptr().cast::<T>()) };
    let done = gemm(a, b, view, false);
    debug_assert!(done, "available() was checked");
    // SAFETY: `gemm` ran (the CPU has AVX2 + FMA) and stored every element of `c`.
    Some(unsafe { c.assume_init() })
}

/// Which elements of `C` a product computes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Part {
    /// All of them.
    Whole,
    /// Those on or below the diagonal (`i >= j`); the others are never written.
    Lower,
    /// Those on or above the diagonal (`i <= j`): the lower part of the transposed product.
    Upper,
}

/// The register width of a micro-kernel.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Width {
    /// 256-bit (AVX2 + FMA): `6 x 8` (`f64`) and `6 x 16` (`f32`) tiles.
    Avx2,
    /// 512-bit (AVX-512F): `14 x 16` (`f64`) and `14 x 32` (`f32`) tiles.
    Avx512,
}

impl Width {
    /// The widest kernels this CPU runs (512-bit unless `LINALG_NO_AVX512` is set).
    fn widest() -> Width {
        if has_avx512() {
            Width::Avx512
        } else {
            Width::Avx2
        }
    }

    /// Whether this CPU runs the kernels of this width.
    fn runs_here(self) -> bool {
        match self {
            Width::Avx2 => available(),
            Width::Avx512 => available() && avx512_detected(),
        }
    }
}

/// [`gemm`] with the kernels of `width`; `false` when the CPU cannot run them.
fn gemm_with<T: Float>(
    width: Width,
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    c: ArrayViewMut2<'_, T>,
    accumulate: bool,
) -> bool {
    gemm_in(width, a, b, c, accumulate, Part::Whole)
}

/// [`gemm_with`] for the `part` of `C` asked for.
fn gemm_in<T: Float>(
    width: Width,
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    mut c: ArrayViewMut2<'_, T>,
    accumulate: bool,
    part: Part,
) -> bool {
    assert!(a.ncols() == b.nrows() && c.dim() == (a.nrows(), b.ncols()) && a.ncols() > 0);
    #[cfg(target_arch = "x86_64")]
    if width.runs_here() {
        use std::any::TypeId;
        let (sa, sb) = (a.strides(), b.strides());
        let (rsc, csc) = (c.strides()[0], c.strides()[1]);
        let ops = x86::Operands {
            m: a.nrows(),
            k: a.ncols(),
            n: b.ncols(),
            a: a.as_ptr().cast::<()>(),
            rsa: sa[0],
            csa: sa[1],
            b: b.as_ptr().cast::<()>(),
            rsb: sb[0],
            csb: sb[1],
            c: c.as_mut_ptr().cast::<()>(),
            rsc,
            csc,
            accumulate,
            part,
        };
        let wide = width == Width::Avx512;
        if TypeId::of::<T>() == TypeId::of::<f64>() {
            // SAFETY: the pointers and strides describe the three views, whose elements are
            // f64 (T is f64); `c` is borrowed mutably for the call; the CPU runs the kernels
            // of `width` (checked above).
            unsafe {
                if wide {
                    x86::run::<x86::F64Avx512>(ops)
                } else {
                    x86::run::<x86::F64>(ops)
                }
            };
            return true;
        }
        if TypeId::of::<T>() == TypeId::of::<f32>() {
            // SAFETY: as above, with f32.
            unsafe {
                if wide {
                    x86::run::<x86::F32Avx512>(ops)
                } else {
                    x86::run::<x86::F32>(ops)
                }
            };
            return true;
        }
    }
    let _ = (width, a, b, c, part);
    false
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::Part;
    use rayon::prelude::*;
    use std::arch::x86_64::*;
    use std::cell::RefCell;
    use std::mem::MaybeUninit;

    /// One element type's micro-kernel and block sizes.
    pub(super) trait Micro {
        /// The element type.
        type T: Copy + Default + Send + Sync + std::ops::Add<Output = Self::T> + 'static;
        /// Rows of the register tile.
        const MR: usize;
        /// Columns of the register tile.
        const NR: usize;
        /// Rows of an `A` block (L2).
        const MC: usize;
        /// Inner-dimension length of a block (a `KC x NR` panel of `B` is one kernel call's).
        const KC: usize;
        /// Columns of a `B` block (L3).
        const NC: usize;
        /// `C[tile] (+)= A panel @ B panel` over `kc` steps, for the elements of the tile
        /// that `mask` keeps.
        ///
        /// # Safety
        /// AVX2 + FMA; `a` holds `kc * MR` and `b` `kc * NR` packed values; `c` is valid for
        /// the `mr x nr` elements at strides `(rsc, csc)` that `mask` keeps; `b_next` is any
        /// readable address.
        #[allow(clippy::too_many_arguments)]
        unsafe fn kernel(
            kc: usize,
            a: *const Self::T,
            b: *const Self::T,
            c: *mut Self::T,
            rsc: isize,
            csc: isize,
            mr: usize,
            nr: usize,
            accumulate: bool,
            b_next: *const Self::T,
            mask: Mask,
        );
    }

    /// Which elements of a tile the kernel stores, for a tile that crosses the diagonal of
    /// `C`: the tile's element `(r, j)` is `C`'s `(i0 + r, j0 + j)`, and `Lower(i0 - j0)`
    /// keeps `j <= r + (i0 - j0)` (on or below the diagonal), `Upper(i0 - j0)` keeps
    /// `j >= r + (i0 - j0)`.
    #[derive(Clone, Copy, PartialEq)]
    pub(super) enum Mask {
        /// Every element.
        All,
        /// On or below the diagonal.
        Lower(isize),
        /// On or above the diagonal.
        Upper(isize),
    }

    impl Mask {
        /// The mask for the tile at `C[i0.., j0..]` of `mr x nr` elements in `part`, or
        /// `None` when the part has no element of the tile.
        fn of(part: Part, i0: usize, j0: usize, mr: usize, nr: usize) -> Option<Mask> {
            let (i0, j0, mr, nr) = (i0 as isize, j0 as isize, mr as isize, nr as isize);
            match part {
                Part::Whole => Some(Mask::All),
                // Every column left of (or on) every row's diagonal: whole.
                Part::Lower if j0 + nr - 1 <= i0 => Some(Mask::All),
                Part::Lower if j0 > i0 + mr - 1 => None,
                Part::Lower => Some(Mask::Lower(i0 - j0)),
                Part::Upper if j0 >= i0 + mr - 1 => Some(Mask::All),
                Part::Upper if j0 + nr - 1 < i0 => None,
                Part::Upper => Some(Mask::Upper(i0 - j0)),
            }
        }

        /// Whether the tile's element `(r, j)` is stored.
        #[inline(always)]
        fn keeps(self, r: usize, j: usize) -> bool {
            let (r, j) = (r as isize, j as isize);
            match self {
                Mask::All => true,
                Mask::Lower(d) => j <= r + d,
                Mask::Upper(d) => j >= r + d,
            }
        }
    }

    /// How far ahead (bytes) the kernel prefetches its `A` panel from L2.
    const A_PREFETCH: usize = 3072;

    macro_rules! micro {
        ($name:ident, $features:literal, $t:ty, $mr:expr, $nr:expr, $mc:expr, $kc:expr, $vec:ty,
         $zero:ident, $load:ident, $bcast:ident, $fma:ident, $add:ident, $store:ident,
         $lanes:expr) => {
            pub(super) struct $name;
            impl Micro for $name {
                type T = $t;
                const MR: usize = $mr;
                const NR: usize = $nr;
                const MC: usize = $mc;
                const KC: usize = $kc;
                const NC: usize = 4080 / $nr * $nr;

                #[inline]
                unsafe fn kernel(
                    kc: usize,
                    a: *const $t,
                    b: *const $t,
                    c: *mut $t,
                    rsc: isize,
                    csc: isize,
                    mr: usize,
                    nr: usize,
                    accumulate: bool,
                    b_next: *const $t,
                    mask: Mask,
                ) {
                    #[target_feature(enable = $features)]
                    #[allow(clippy::too_many_arguments)]
                    unsafe fn inner(
                        kc: usize,
                        a: *const $t,
                        b: *const $t,
                        c: *mut $t,
                        rsc: isize,
                        csc: isize,
                        mr: usize,
                        nr: usize,
                        accumulate: bool,
                        b_next: *const $t,
                        mask: Mask,
                    ) {
                        const MR: usize = $mr;
                        const NR: usize = $nr;
                        // Vectors per row of the tile.
                        const NV: usize = NR / $lanes;
                        // Cache lines of A that four steps consume.
                        const A_LINES: usize = (4 * MR * size_of::<$t>()).div_ceil(64);
                        // Cache lines of the next B panel to prefetch per four steps, so
                        // that one call covers a quarter of it (`kc NR` values).
                        const B_LINES: usize = (NR * size_of::<$t>()).div_ceil(64);
                        // SAFETY (whole body): the caller's contract bounds every access; the
                        // prefetches never fault.
                        unsafe {
                            let full = mr == MR && nr == NR && csc == 1 && mask == Mask::All;
                            if full {
                                for r in 0..MR {
                                    let p = c.offset(r as isize * rsc);
                                    for j in (0..NR).step_by(64 / size_of::<$t>()) {
                                        _mm_prefetch::<_MM_HINT_T0>(p.add(j).cast());
                                    }
                                    _mm_prefetch::<_MM_HINT_T0>(p.add(NR - 1).cast());
                                }
                            }
                            let mut acc: [[$vec; NV]; MR] = [[$zero(); NV]; MR];
                            let (mut a, mut b, mut bn) = (a, b, b_next.cast::<u8>());
                            macro_rules! step {
                                ($o:expr) => {{
                                    let mut bv = [$zero(); NV];
                                    for (v, bv) in bv.iter_mut().enumerate() {
                                        *bv = $load(b.add($o * NR + v * $lanes));
                                    }
                                    for r in 0..MR {
                                        let x = $bcast(&*a.add($o * MR + r));
                                        for v in 0..NV {
                                            acc[r][v] = $fma(x, bv[v], acc[r][v]);
                                        }
                                    }
                                }};
                            }
                            for _ in 0..kc / 4 {
                                // Prefetch addresses may run past the buffers: wrapping
                                // arithmetic, never dereferenced.
                                let ap = a.cast::<u8>().wrapping_add(A_PREFETCH);
                                for line in 0..A_LINES {
                                    _mm_prefetch::<_MM_HINT_T0>(ap.wrapping_add(64 * line).cast());
                                }
                                for line in 0..B_LINES {
                                    _mm_prefetch::<_MM_HINT_T1>(bn.wrapping_add(64 * line).cast());
                                }
                                bn = bn.wrapping_add(64 * B_LINES);
                                step!(0);
                                step!(1);
                                step!(2);
                                step!(3);
                                a = a.add(4 * MR);
                                b = b.add(4 * NR);
                            }
                            for _ in 0..kc % 4 {
                                step!(0);
                                a = a.add(MR);
                                b = b.add(NR);
                            }
                            if full {
                                for (r, row) in acc.into_iter().enumerate() {
                                    let p = c.offset(r as isize * rsc);
                                    for (v, mut x) in row.into_iter().enumerate() {
                                        if accumulate {
                                            x = $add(x, $load(p.add(v * $lanes)));
                                        }
                                        $store(p.add(v * $lanes), x);
                                    }
                                }
                            } else {
                                let mut tile = [<$t>::default(); MR * NR];
                                for (r, row) in acc.into_iter().enumerate() {
                                    for (v, x) in row.into_iter().enumerate() {
                                        $store(tile.as_mut_ptr().add(r * NR + v * $lanes), x);
                                    }
                                }
                                for r in 0..mr {
                                    for j in (0..nr).filter(|&j| mask.keeps(r, j)) {
                                        let p = c.offset(r as isize * rsc + j as isize * csc);
                                        let v = tile[r * NR + j];
                                        *p = if accumulate { *p + v } else { v };
                                    }
                                }
                            }
                        }
                    }
                    // SAFETY: forwarded from the caller (who checked the CPU features).
                    unsafe { inner(kc, a, b, c, rsc, csc, mr, nr, accumulate, b_next, mask) }
                }
            }
        };
    }

    micro!(
        F64,
        "avx2,fma",
        f64,
        6,
        8,
        72,
        512,
        __m256d,
        _mm256_setzero_pd,
        _mm256_loadu_pd,
        _mm256_broadcast_sd,
        _mm256_fmadd_pd,
        _mm256_add_pd,
        _mm256_storeu_pd,
        4
    );
    micro!(
        F32,
        "avx2,fma",
        f32,
        6,
        16,
        72,
        512,
        __m256,
        _mm256_setzero_ps,
        _mm256_loadu_ps,
        _mm256_broadcast_ss,
        _mm256_fmadd_ps,
        _mm256_add_ps,
        _mm256_storeu_ps,
        8
    );

    /// `_mm512_set1_pd` from a reference, the shape of `_mm256_broadcast_sd`.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn set1_pd(x: &f64) -> __m512d {
        _mm512_set1_pd(*x)
    }

    /// `_mm512_set1_ps` from a reference, the shape of `_mm256_broadcast_ss`.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn set1_ps(x: &f32) -> __m512 {
        _mm512_set1_ps(*x)
    }

    micro!(
        F64Avx512,
        "avx512f,avx2,fma",
        f64,
        MR64_512,
        16,
        MC64_512,
        KC64_512,
        __m512d,
        _mm512_setzero_pd,
        _mm512_loadu_pd,
        set1_pd,
        _mm512_fmadd_pd,
        _mm512_add_pd,
        _mm512_storeu_pd,
        8
    );
    micro!(
        F32Avx512,
        "avx512f,avx2,fma",
        f32,
        MR32_512,
        32,
        MC32_512,
        KC32_512,
        __m512,
        _mm512_setzero_ps,
        _mm512_loadu_ps,
        set1_ps,
        _mm512_fmadd_ps,
        _mm512_add_ps,
        _mm512_storeu_ps,
        16
    );

    const MR64_512: usize = 14;
    const MC64_512: usize = 84;
    const KC64_512: usize = 512;
    const MR32_512: usize = 14;
    const MC32_512: usize = 126;
    const KC32_512: usize = 1024;

    /// A raw pointer that may cross threads: each task writes a disjoint part of `C`.
    #[derive(Clone, Copy)]
    struct Ptr<T>(*mut T);
    // SAFETY: the tasks that share a `Ptr` read shared data or write disjoint tiles.
    unsafe impl<T> Send for Ptr<T> {}
    // SAFETY: as above.
    unsafe impl<T> Sync for Ptr<T> {}
    impl<T> Ptr<T> {
        /// The pointer (a method, so that closures capture the whole `Ptr`).
        fn get(self) -> *mut T {
            self.0
        }
    }

    /// A 64-byte aligned line of packing storage.
    #[repr(align(64))]
    #[derive(Clone, Copy)]
    struct Line(#[allow(dead_code)] [u8; 64]);

    thread_local! {
        /// The packed `B` block of the GEMMs this thread starts (up to 16 MiB).
        static PACKED_B: RefCell<Vec<MaybeUninit<Line>>> = const { RefCell::new(Vec::new()) };
        /// The packed `A` block of the tasks this thread runs (up to 516 KiB).
        static PACKED_A: RefCell<Vec<MaybeUninit<Line>>> = const { RefCell::new(Vec::new()) };
    }

    /// Runs `f` on a buffer of at least `len` elements of `T` from `key`; a fresh one when the
    /// thread's buffer is already in use (a nested product run by work stealing).
    fn with_buffer<T, R>(
        key: &'static std::thread::LocalKey<RefCell<Vec<MaybeUninit<Line>>>>,
        len: usize,
        f: impl FnOnce(*mut T) -> R,
    ) -> R {
        let lines = (len * size_of::<T>()).div_ceil(64);
        let grow = |v: &mut Vec<MaybeUninit<Line>>| {
            if v.len() < lines {
                *v = Vec::with_capacity(lines);
                // SAFETY: `MaybeUninit` needs no initialisation; the capacity is `lines`.
                unsafe { v.set_len(lines) };
                crate::alloc::advise_huge_pages(v.as_ptr().cast(), lines * 64);
            }
            v.as_mut_ptr().cast::<T>()
        };
        key.with(|cell| match cell.try_borrow_mut() {
            Ok(mut v) => f(grow(&mut v)),
            Err(_) => f(grow(&mut Vec::new())),
        })
    }

    /// Copies `W` values from `src` to `dst` (the ranges do not overlap).
    ///
    /// # Safety
    /// Both are valid for `W` values.
    #[inline(always)]
    unsafe fn copy_n<T: Copy, const W: usize>(src: *const T, dst: *mut T) {
        // SAFETY: the caller's.
        unsafe {
            dst.cast::<[T; W]>()
                .write_unaligned(src.cast::<[T; W]>().read_unaligned())
        }
    }

    /// Rows `rows` of [`pack`]'s layout for a `k x n` matrix whose rows are contiguous
    /// (`cs = 1`): each row is read once, front to back, and cut into the panels.
    ///
    /// Packing `B` panel by panel reads a column strip: one or two cache lines from each of
    /// `k` rows, each row on its own 4 KiB page, so every line costs a TLB miss and the
    /// hardware prefetcher never sees a stream. Row by row, the reads are sequential and the
    /// scattered side is the writes, into a buffer on huge pages.
    ///
    /// # Safety
    /// As [`pack`], and the CPU has AVX2 (for the wide copies).
    #[target_feature(enable = "avx2")]
    unsafe fn pack_rows<T: Copy + Default>(
        width: usize,
        k: usize,
        n: usize,
        src: *const T,
        rs: isize,
        rows: std::ops::Range<usize>,
        out: *mut T,
    ) {
        let full = n / width * width;
        for p in rows {
            // SAFETY: row p of the block and its slots in the panels are inside the caller's
            // bounds.
            unsafe {
                let row = src.offset(p as isize * rs);
                let mut o = out.add(p * width);
                for j0 in (0..full).step_by(width) {
                    // A copy of a length known at compile time is a few vector moves, not a
                    // call to `memcpy`.
                    match width {
                        8 => copy_n::<T, 8>(row.add(j0), o),
                        16 => copy_n::<T, 16>(row.add(j0), o),
                        32 => copy_n::<T, 32>(row.add(j0), o),
                        _ => std::ptr::copy_nonoverlapping(row.add(j0), o, width),
                    }
                    o = o.add(k * width);
                }
                if full < n {
                    for j in 0..width {
                        *o.add(j) = if full + j < n {
                            *row.add(full + j)
                        } else {
                            T::default()
                        };
                    }
                }
            }
        }
    }

    /// Packs the `k x n` matrix at `src` (strides `rs`, `cs`) into panels of `width`
    /// columns: panel `j` holds its `k` rows of `width` values one after the other,
    /// zero-padded right of the last column.
    ///
    /// `B`'s block is packed as it is (`width = NR`); `A`'s as its transpose (`width = MR`,
    /// the strides swapped), so that each panel holds `k` columns of `MR` rows of `A`.
    ///
    /// # Safety
    /// `src` is valid for the `k x n` block; `out` for `k * n.next_multiple_of(width)` values.
    unsafe fn pack<T: Copy + Default>(
        width: usize,
        k: usize,
        n: usize,
        src: *const T,
        rs: isize,
        cs: isize,
        out: *mut T,
    ) {
        let mut o = out;
        for j0 in (0..n).step_by(width) {
            let cols = width.min(n - j0);
            for p in 0..k {
                // SAFETY: inside the block and inside `out` (caller).
                unsafe {
                    let row = src.offset(p as isize * rs + j0 as isize * cs);
                    if cols == width && cs == 1 {
                        std::ptr::copy_nonoverlapping(row, o, width);
                    } else {
                        for j in 0..width {
                            *o.add(j) = if j < cols {
                                *row.offset(j as isize * cs)
                            } else {
                                T::default()
                            };
                        }
                    }
                    o = o.add(width);
                }
            }
        }
    }

    /// A product `C = A B` as pointers and element strides: `A` is `(m, k)`, `B` `(k, n)`,
    /// `C` `(m, n)`, all of the element type of the kernel that [`run`] is called with.
    pub(super) struct Operands {
        pub(super) m: usize,
        pub(super) k: usize,
        pub(super) n: usize,
        pub(super) a: *const (),
        pub(super) rsa: isize,
        pub(super) csa: isize,
        pub(super) b: *const (),
        pub(super) rsb: isize,
        pub(super) csb: isize,
        pub(super) c: *mut (),
        pub(super) rsc: isize,
        pub(super) csc: isize,
        /// Add to `C` instead of overwriting it.
        pub(super) accumulate: bool,
        /// The elements of `C` to compute (a triangle needs a square `C`).
        pub(super) part: Part,
    }

    /// `C = A B` (shapes checked by the caller, `k > 0`).
    ///
    /// # Safety
    /// The CPU has AVX2 + FMA; the operands describe valid arrays of `K::T`, and nothing
    /// else accesses `C` during the call.
    pub(super) unsafe fn run<K: Micro>(ops: Operands) {
        let Operands {
            mut m,
            k,
            mut n,
            a: pa,
            mut rsa,
            mut csa,
            b: pb,
            mut rsb,
            mut csb,
            c: pc,
            mut rsc,
            mut csc,
            accumulate,
            part: mut tri,
        } = ops;
        if m == 0 || n == 0 {
            return;
        }
        let (mut pa, mut pb) = (pa.cast::<K::T>(), pb.cast::<K::T>());
        // The kernel stores whole rows of its tile: if C is column-major, compute
        // C^T = B^T A^T instead, whose rows are C's columns.
        if csc != 1 && rsc == 1 {
            std::mem::swap(&mut pa, &mut pb);
            (rsa, csa, rsb, csb) = (csb, rsb, csa, rsa);
            (rsc, csc) = (csc, rsc);
            std::mem::swap(&mut m, &mut n);
            // C's lower triangle is C^T's upper one.
            tri = match tri {
                Part::Whole => Part::Whole,
                Part::Lower => Part::Upper,
                Part::Upper => Part::Lower,
            };
        }
        let (a, b, c) = (
            Ptr(pa.cast_mut()),
            Ptr(pb.cast_mut()),
            Ptr(pc.cast::<K::T>()),
        );
        let threads = rayon::current_num_threads();
        let nc_max = K::NC.min(n.next_multiple_of(K::NR));
        let kc_max = K::KC.min(k);
        with_buffer::<K::T, ()>(&PACKED_B, kc_max * nc_max, |packed_b| {
            let packed_b = Ptr(packed_b);
            for jc in (0..n).step_by(K::NC) {
                let nc = K::NC.min(n - jc);
                let panels = nc.div_ceil(K::NR);
                for p0 in (0..k).step_by(K::KC) {
                    let kc = K::KC.min(k - p0);
                    // Pack B's panels, in parallel: by rows when B's rows are contiguous,
                    // else panel by panel.
                    if csb == 1 {
                        let chunks = (4 * threads).min(kc);
                        (0..chunks).into_par_iter().for_each(|i| {
                            // SAFETY: rows of the block, inside B; their slots are inside the
                            // buffer; the CPU has AVX2 (the caller's contract).
                            unsafe {
                                pack_rows(
                                    K::NR,
                                    kc,
                                    nc,
                                    b.get().offset(p0 as isize * rsb + jc as isize),
                                    rsb,
                                    kc * i / chunks..kc * (i + 1) / chunks,
                                    packed_b.get(),
                                )
                            };
                        });
                    } else {
                        (0..panels).into_par_iter().for_each(|jp| {
                            let j0 = jp * K::NR;
                            // SAFETY: panel jp of the block, inside B and inside the buffer.
                            unsafe {
                                pack(
                                    K::NR,
                                    kc,
                                    K::NR.min(nc - j0),
                                    b.get().offset(p0 as isize * rsb + (jc + j0) as isize * csb),
                                    rsb,
                                    csb,
                                    packed_b.get().add(jp * K::NR * kc),
                                )
                            };
                        });
                    }
                    // Tasks: blocks of MC rows, and of columns when there are too few row
                    // blocks to feed every thread.
                    // Row blocks: a multiple of the thread count, of about MC rows, that
                    // share the MR-row tiles out evenly (sizes differ by one tile at most),
                    // so that each thread gets the same work.
                    // For a triangle of C, the rows of a block grow or shrink with its
                    // distance from the top, so that each block still gets the same work.
                    let tiles = m.div_ceil(K::MR);
                    let row_blocks = (threads * m.div_ceil(threads * K::MC)).min(tiles);
                    let first_tile = |blk: usize| match tri {
                        Part::Whole => tiles * blk / row_blocks,
                        Part::Lower | Part::Upper => {
                            // Row r of the lower triangle has r + 1 elements: the first r rows
                            // hold about r^2 / 2 of them.
                            let f = blk as f64 / row_blocks as f64;
                            let share = if tri == Part::Lower {
                                f.sqrt()
                            } else {
                                1.0 - (1.0 - f).sqrt()
                            };
                            ((tiles as f64 * share).round() as usize).min(tiles)
                        }
                    };
                    let block_rows = |blk: usize| {
                        let lo = (first_tile(blk) * K::MR).min(m);
                        let hi = (first_tile(blk + 1) * K::MR).min(m);
                        (lo, hi - lo)
                    };
                    let max_rows = (0..row_blocks)
                        .map(|blk| first_tile(blk + 1) - first_tile(blk))
                        .max()
                        .unwrap_or(0)
                        * K::MR;
                    let col_parts = (2 * threads).div_ceil(row_blocks).min(panels).max(1);
                    (0..row_blocks * col_parts)
                        .into_par_iter()
                        .for_each(|task| {
                            let (blk, part) = (task / col_parts, task % col_parts);
                            let (ic, mc) = block_rows(blk);
                            let (q0, q1) =
                                (panels * part / col_parts, panels * (part + 1) / col_parts);
                            with_buffer::<K::T, ()>(&PACKED_A, max_rows * kc, |packed_a| {
                                // SAFETY: the block is inside A and the buffer holds it.
                                unsafe {
                                    pack(
                                        K::MR,
                                        kc,
                                        mc,
                                        a.get().offset(ic as isize * rsa + p0 as isize * csa),
                                        csa,
                                        rsa,
                                        packed_a,
                                    )
                                };
                                for jp in q0..q1 {
                                    let jr = jp * K::NR;
                                    // SAFETY: panels are inside the packed block.
                                    let (bpan, bnext) = unsafe {
                                        (
                                            packed_b.get().add(jp * K::NR * kc),
                                            packed_b
                                                .get()
                                                .add((jp + 1).min(panels - 1) * K::NR * kc),
                                        )
                                    };
                                    for ir in (0..mc).step_by(K::MR) {
                                        let (mr, nr) = (K::MR.min(mc - ir), K::NR.min(nc - jr));
                                        let Some(mask) = Mask::of(tri, ic + ir, jc + jr, mr, nr)
                                        else {
                                            continue;
                                        };
                                        // Each call prefetches a quarter of the next B panel.
                                        let quarter = (ir / K::MR * kc * K::NR / 4) % (kc * K::NR);
                                        // SAFETY: the tile C[ic + ir.., jc + jr..] is inside C and
                                        // written by this task only; the panels are packed.
                                        unsafe {
                                            K::kernel(
                                                kc,
                                                packed_a.add(ir * kc),
                                                bpan,
                                                c.get().offset(
                                                    (ic + ir) as isize * rsc
                                                        + (jc + jr) as isize * csc,
                                                ),
                                                rsc,
                                                csc,
                                                mr,
                                                nr,
                                                accumulate || p0 > 0,
                                                bnext.add(quarter),
                                                mask,
                                            )
                                        };
                                    }
                                }
                            });
                        });
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, ShapeBuilder, s};
    use rayon::prelude::*;

    /// Small integers, so that every product and sum is exact in `f32` and `f64` and the
    /// engine must match the triple loop bit for bit, whatever its summation order.
    fn ints<T: Float>(m: usize, n: usize, seed: usize) -> Array2<T> {
        Array2::from_shape_fn((m, n), |(i, j)| {
            T::from_f64(((i * 31 + j * 17 + seed * 7) % 7) as f64 - 3.0)
        })
    }

    fn triple_loop<T: Float>(a: ArrayView2<'_, T>, b: ArrayView2<'_, T>) -> Array2<T> {
        let (m, k, n) = (a.nrows(), a.ncols(), b.ncols());
        Array2::from_shape_fn((m, n), |(i, j)| {
            T::from_f64(
                (0..k)
                    .map(|p| a[[i, p]].to_f64() * b[[p, j]].to_f64())
                    .sum(),
            )
        })
    }

    /// Runs the engine into a C-order and an F-order output, and adds into a third: all must
    /// equal the loop.
    /// The kernel widths this CPU runs (each is checked on its own).
    fn widths() -> Vec<Width> {
        let w: Vec<Width> = [Width::Avx2, Width::Avx512]
            .into_iter()
            .filter(|w| w.runs_here())
            .collect();
        if w.is_empty() {
            eprintln!("skipped: this CPU has no AVX2 + FMA, so the blocked engine never runs");
        }
        w
    }

    /// Runs the engine, with every kernel width this CPU has, into a C-order and an F-order
    /// output, and adds into a third: all must equal the loop.
    fn check<T: Float>(a: ArrayView2<'_, T>, b: ArrayView2<'_, T>) {
        let expected = triple_loop(a, b);
        let (m, n) = (a.nrows(), b.ncols());
        for w in widths() {
            let mut c = Array2::<T>::from_elem((m, n), T::from_f64(99.0));
            assert!(gemm_with(w, a, b, c.view_mut(), false));
            assert_eq!(c, expected, "{w:?}, C order, {:?} @ {:?}", a.dim(), b.dim());
            let mut f = Array2::<T>::from_elem((m, n).f(), T::from_f64(99.0));
            assert!(gemm_with(w, a, b, f.view_mut(), false));
            assert_eq!(f, expected, "{w:?}, F order, {:?} @ {:?}", a.dim(), b.dim());
            // Accumulating: c = 5 + a @ b.
            let five = T::from_f64(5.0);
            let mut acc = Array2::<T>::from_elem((m, n), five);
            assert!(gemm_with(w, a, b, acc.view_mut(), true));
            assert_eq!(
                acc,
                expected.mapv(|x| x + five),
                "{w:?}, accumulate, {:?} @ {:?}",
                a.dim(),
                b.dim()
            );
        }
    }

    #[test]
    fn blocked_gemm_equals_the_triple_loop_on_edge_shapes_in_both_precisions() {
        // Tiles (6 x 8 or 6 x 16; 14 x 16 or 14 x 32) and blocks (MC = 72, KC = 512; MC = 84
        // or 126, KC = 512 or 1024) cut at every kind of edge: one element, less than a tile,
        // just over a tile or a block, k across two and three blocks.
        for (m, k, n) in [
            (1, 1, 1),
            (5, 3, 7),
            (6, 512, 8),
            (7, 513, 17),
            (14, 256, 16),
            (15, 257, 33),
            (29, 385, 65),
            (73, 1, 9),
            (85, 20, 17),
            (3, 2100, 5),
            (127, 300, 40),
            (150, 1100, 33),
            (13, 40, 300),
        ] {
            check(ints::<f64>(m, k, 1).view(), ints::<f64>(k, n, 2).view());
            check(ints::<f32>(m, k, 1).view(), ints::<f32>(k, n, 2).view());
        }
    }

    #[test]
    fn lower_gemm_equals_the_triple_loop_on_and_below_the_diagonal_and_writes_nothing_above() {
        // Square C from 1 to 300 rows: tiles (14 or 6 rows, 16 or 32 or 8 columns) that lie
        // below, across and above the diagonal, several row blocks (whose heights differ in
        // this mode), k across KC. C in F order runs the transposed product, whose part is
        // the upper triangle.
        let sentinel = 99.0;
        for (p, k) in [
            (1, 1),
            (5, 3),
            (14, 20),
            (15, 513),
            (33, 40),
            (100, 1100),
            (300, 64),
        ] {
            let a = ints::<f64>(p, k, 1);
            let b = ints::<f64>(k, p, 2);
            let expected = triple_loop(a.view(), b.view());
            for w in widths() {
                for f_order in [false, true] {
                    for accumulate in [false, true] {
                        let mut c = Array2::<f64>::from_elem((p, p).set_f(f_order), sentinel);
                        assert!(gemm_in(
                            w,
                            a.view(),
                            b.view(),
                            c.view_mut(),
                            accumulate,
                            Part::Lower
                        ));
                        for ((i, j), &x) in c.indexed_iter() {
                            let want = match (i >= j, accumulate) {
                                (false, _) => sentinel,
                                (true, false) => expected[[i, j]],
                                (true, true) => expected[[i, j]] + sentinel,
                            };
                            assert_eq!(
                                x, want,
                                "{w:?} p {p} k {k} F {f_order} acc {accumulate} ({i}, {j})"
                            );
                        }
                    }
                }
            }
        }
        // f32, through the public entry point.
        let (a, b) = (ints::<f32>(200, 150, 3), ints::<f32>(150, 200, 4));
        let expected = triple_loop(a.view(), b.view());
        let mut c = Array2::<f32>::from_elem((200, 200), 99.0);
        if gemm_lower(a.view(), b.view(), c.view_mut(), false) {
            for ((i, j), &x) in c.indexed_iter() {
                assert_eq!(
                    x,
                    if i >= j { expected[[i, j]] } else { 99.0 },
                    "({i}, {j})"
                );
            }
        }
    }

    #[test]
    fn product_stores_every_element_of_its_uninitialised_output() {
        // Heap memory full of NaN, freed just before: the uninitialised result is likely to
        // reuse it, and any element the engine missed would stay NaN.
        for (m, k, n) in [(300, 40, 200), (29, 385, 65), (1, 3, 1)] {
            drop(vec![f64::NAN; m * n]);
            let (a, b) = (ints::<f64>(m, k, 1), ints::<f64>(k, n, 2));
            if let Some(c) = product(a.view(), b.view()) {
                assert_eq!(c, triple_loop(a.view(), b.view()), "{m} x {k} x {n}");
            }
            drop(vec![f32::NAN; m * n]);
            let (a, b) = (ints::<f32>(m, k, 1), ints::<f32>(k, n, 2));
            if let Some(c) = product(a.view(), b.view()) {
                assert_eq!(c, triple_loop(a.view(), b.view()), "{m} x {k} x {n}");
            }
        }
    }

    #[test]
    fn blocked_gemm_covers_more_columns_than_one_b_block() {
        // n = 4100 > NC = 4080 (f64) and 4080 (f32): two column blocks.
        check(
            ints::<f64>(9, 20, 3).view(),
            ints::<f64>(20, 4100, 4).view(),
        );
        check(
            ints::<f32>(9, 20, 3).view(),
            ints::<f32>(20, 4100, 4).view(),
        );
    }

    #[test]
    fn blocked_gemm_reads_transposed_and_negatively_strided_views() {
        let a = ints::<f64>(90, 70, 5);
        let b = ints::<f64>(90, 40, 6);
        check(a.t(), b.view()); // (70, 90) @ (90, 40), a column-major left operand
        check(a.slice(s![..;-2, ..;3]).t(), b.slice(s![..;2, ..;-1]));
    }

    #[test]
    fn nested_blocked_gemms_on_rayon_threads_each_get_their_own_buffers() {
        // Products started inside a parallel loop: a thread that steals another product's
        // task while its own buffer is borrowed must not share it.
        let a = ints::<f64>(200, 600, 7);
        let b = ints::<f64>(600, 150, 8);
        let expected = triple_loop(a.view(), b.view());
        for w in widths() {
            (0..8).into_par_iter().for_each(|_| {
                let mut c = Array2::<f64>::zeros((200, 150));
                assert!(gemm_with(w, a.view(), b.view(), c.view_mut(), false));
                assert_eq!(c, expected, "{w:?}");
            });
        }
    }

    /// GFLOP/s of the `f64` 512-bit micro-kernel alone, on packed panels that stay in L2
    /// (`KC` 512, six `A` tiles against eight `B` panels, as in one task's block), the one
    /// kernel on one thread and then two copies at once on two threads: the ceiling that no
    /// blocking of a large product can pass on this machine. `cargo test --release -p linalg
    /// gemm::tests::kernel_throughput -- --ignored --nocapture`.
    #[test]
    #[ignore]
    #[cfg(target_arch = "x86_64")]
    fn kernel_throughput() {
        use super::x86::{F64Avx512, Mask, Micro};
        if !Width::Avx512.runs_here() {
            eprintln!("skipped: this CPU has no AVX-512F");
            return;
        }
        let (kc, tiles, panels) = (512, 6, 8);
        let (mr, nr) = (F64Avx512::MR, F64Avx512::NR);
        let run = |reps: usize| {
            let a = vec![1e-3f64; kc * mr * tiles];
            let b = vec![1e-3f64; kc * nr * panels];
            let mut c = vec![0.0f64; mr * nr * tiles * panels];
            let start = std::time::Instant::now();
            for _ in 0..reps {
                for jp in 0..panels {
                    for i in 0..tiles {
                        // SAFETY: the CPU has AVX-512F (checked above); the panels hold
                        // `kc` steps of `mr` and `nr` values and each tile of `c` is
                        // `mr x nr` in C order.
                        unsafe {
                            F64Avx512::kernel(
                                kc,
                                a.as_ptr().add(i * kc * mr),
                                b.as_ptr().add(jp * kc * nr),
                                c.as_mut_ptr().add((jp * tiles + i) * mr * nr),
                                nr as isize,
                                1,
                                mr,
                                nr,
                                true,
                                b.as_ptr().add((jp + 1) % panels * kc * nr),
                                Mask::All,
                            )
                        };
                    }
                }
            }
            let seconds = start.elapsed().as_secs_f64();
            std::hint::black_box(&c);
            (reps * tiles * panels * kc * mr * nr * 2) as f64 / seconds / 1e9
        };
        // About 2 GFLOP per measurement; the best of five.
        let reps = 2_000_000_000 / (tiles * panels * kc * mr * nr * 2);
        let best = |f: &dyn Fn() -> f64| (0..5).map(|_| f()).fold(0.0, f64::max);
        let one = best(&|| run(reps));
        let (x, y) = std::thread::scope(|s| {
            let other = s.spawn(|| best(&|| run(reps)));
            let mine = best(&|| run(reps));
            (mine, other.join().expect("no panic"))
        });
        let flops_2048 = 2.0 * 2048f64.powi(3);
        println!("one kernel on one thread: {one:.1} GFLOP/s");
        println!(
            "two at once: {x:.1} + {y:.1} = {:.1} GFLOP/s, so f64 2048 takes at least {:.0} ms",
            x + y,
            flops_2048 / (x + y) / 1e6
        );
    }
}
