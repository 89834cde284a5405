//! Kernels on 256-bit registers with fused multiply-adds (x86-64 with AVX2 and FMA),
//! chosen at run time, with portable loops beside them.
//!
//! The workspace is built for baseline x86-64 (SSE2), so the compiler alone never emits
//! AVX2 or FMA. The kernels here are compiled with `#[target_feature(enable =
//! "avx2,fma")]` and called only after [`available`] has checked the CPU: the NumPy way
//! (one wheel, the kernel picked when it runs), without `-C target-cpu=native`.
//!
//! - [`dot`] and [`dots`]: one row against one or several rows (K-means distances).
//! - [`compress_nonzero`], [`add_sparse_product`] and [`add_sparse_outer`]: the nonzeros
//!   of a row, a sparse row times a dense matrix, and a sparse row's outer product with a
//!   dense row (an MLP's first layer, forward and backward, on images that are mostly
//!   background).
//! - [`wide`]: any loop, compiled for AVX2 (the Adam update), and [`prefetch`].

use std::any::TypeId;
#[cfg(target_arch = "x86_64")]
use std::convert::identity;

use crate::Float;

/// Returns `$call` (made `F` again by `$back`) on the `f32`, else the `f64`, views of the
/// slices `$read` and `$write` when `F` is that type; falls through otherwise. `$call`
/// is unsafe: the caller states why it may run (the CPU has AVX2 and FMA, and whatever
/// the kernel needs of its arguments).
#[cfg(target_arch = "x86_64")]
macro_rules! native {
    ($F:ty, [$($read:ident),*], [$($write:ident),*], $back:expr, $call:expr) => {
        if let ($(Some($read),)* $(Some($write),)*) =
            ($(as_slice_of::<$F, f32>($read),)* $(as_mut_slice_of::<$F, f32>($write),)*)
        {
            // SAFETY: as stated at the call of `native!`.
            #[allow(clippy::redundant_closure_call)]
            return $back(unsafe { $call });
        }
        if let ($(Some($read),)* $(Some($write),)*) =
            ($(as_slice_of::<$F, f64>($read),)* $(as_mut_slice_of::<$F, f64>($write),)*)
        {
            // SAFETY: as above.
            #[allow(clippy::redundant_closure_call)]
            return $back(unsafe { $call });
        }
    };
}

/// Whether this CPU has AVX2 and FMA (the answer is cached by the standard library).
pub(crate) fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// `a · b` with 8 independent partial sums (a single running sum would make every add wait
/// for the one before), reduced pairwise. Portable; see [`dot`] for the fast path.
pub(crate) fn portable_dot<F: Float>(a: &[F], b: &[F]) -> F {
    const LANES: usize = 8;
    let (a_chunks, a_tail) = a.as_chunks::<LANES>();
    let (b_chunks, b_tail) = b.as_chunks::<LANES>();
    let mut acc = [F::zero(); LANES];
    for (ca, cb) in a_chunks.iter().zip(b_chunks) {
        for l in 0..LANES {
            acc[l] += ca[l] * cb[l];
        }
    }
    let mut tail = F::zero();
    for (&u, &v) in a_tail.iter().zip(b_tail) {
        tail += u * v;
    }
    let mut width = LANES;
    while width > 1 {
        width /= 2;
        for l in 0..width {
            let v = acc[l + width];
            acc[l] += v;
        }
    }
    acc[0] + tail
}

/// `a · b` (equal lengths) for `f32` or `f64`. Call only when [`available`] is true.
#[inline]
pub(crate) fn dot<F: Float>(a: &[F], b: &[F]) -> F {
    // Callers check `available()` first; an f32 result is exact through f64.
    #[cfg(target_arch = "x86_64")]
    native!(F, [a, b], [], widen::<F, _>, x86::dot(a, b));
    portable_dot(a, b)
}

/// `r` (an `f32` or `f64` result) as `F`: exact, since `F` is `r`'s own type.
#[cfg(target_arch = "x86_64")]
fn widen<F: Float, T: Into<f64>>(r: T) -> F {
    F::from_f64(r.into())
}

/// `out[j] = x · c_j` for the rows `c_j` of `centres` (row-major, `x.len()` columns),
/// for `f32` or `f64`. Call only when [`available`] is true.
///
/// Four centres at a time share each load of `x`, so the kernel does 1.25 loads per
/// multiply-add instead of 2 (the loads, not the arithmetic, limit a dot product).
#[inline]
pub(crate) fn dots<F: Float>(x: &[F], centres: &[F], out: &mut [F]) {
    // Callers check `available()` first.
    #[cfg(target_arch = "x86_64")]
    native!(F, [x, centres], [out], identity, x86::dots(x, centres, out));
    for (o, c) in out.iter_mut().zip(centres.chunks_exact(x.len())) {
        *o = portable_dot(x, c);
    }
}

/// `out += Σ_p values[p] * m[indices[p], ..]`: a sparse row (nonzero `values` at
/// columns `indices`) times the dense row-major matrix `m` with `out.len()` columns,
/// added to `out`. For `f32`/`f64` on a CPU with AVX2 and FMA the 256-bit kernel runs;
/// otherwise a portable loop.
///
/// Cost: `indices.len() * out.len()` multiply-adds, against `m.len()` for the dense row
/// times `m`; worth it when the row is mostly zeros.
///
/// # Panics
/// If `indices` and `values` differ in length or an index is not a row of `m`.
pub(crate) fn add_sparse_product<F: Float>(out: &mut [F], indices: &[u32], values: &[F], m: &[F]) {
    assert_eq!(
        indices.len(),
        values.len(),
        "add_sparse_product: one value per index"
    );
    if out.is_empty() {
        return;
    }
    // The CPU has AVX2 and FMA: just checked.
    #[cfg(target_arch = "x86_64")]
    if available() {
        native!(
            F,
            [values, m],
            [out],
            identity,
            x86::add_sparse_product(out, indices, values, m)
        );
    }
    let n = out.len();
    for (&k, &v) in indices.iter().zip(values) {
        let row = &m[k as usize * n..(k as usize + 1) * n];
        for (o, &w) in out.iter_mut().zip(row) {
            *o += v * w;
        }
    }
}

/// `out[k - k0, ..] += v * g` for each nonzero `v` at column `k` of a sparse row
/// (`indices`, `values`): a sparse row's outer product with the dense row `g`, added into
/// the rows `k0..` of the row-major `out` (`g.len()` columns). The `g` registers are
/// loaded once per row; each nonzero then costs a load, a multiply-add and a store per
/// register of `out`.
///
/// # Panics
/// If `indices` and `values` differ in length or a row `k - k0` is not inside `out`.
pub(crate) fn add_sparse_outer<F: Float>(
    out: &mut [F],
    k0: usize,
    indices: &[u32],
    values: &[F],
    g: &[F],
) {
    assert_eq!(
        indices.len(),
        values.len(),
        "add_sparse_outer: one value per index"
    );
    let n = g.len();
    if n == 0 {
        return;
    }
    let rows = out.len() / n;
    assert!(
        indices
            .iter()
            .all(|&k| (k as usize).wrapping_sub(k0) < rows),
        "add_sparse_outer: a row index is outside the output"
    );
    // The CPU has AVX2 and FMA (just checked); the rows are checked above.
    #[cfg(target_arch = "x86_64")]
    if available() {
        native!(
            F,
            [values, g],
            [out],
            identity,
            x86::add_sparse_outer(out, k0, indices, values, g)
        );
    }
    for (&k, &v) in indices.iter().zip(values) {
        let row = &mut out[(k as usize - k0) * n..(k as usize - k0 + 1) * n];
        for (o, &w) in row.iter_mut().zip(g) {
            *o += v * w;
        }
    }
}

/// Left-packs the nonzeros of `row`: writes their values to the front of `values` and
/// their positions to the front of `indices`, and returns how many there are. NaN counts
/// as nonzero (it must reach the product); `-0.0` does not.
///
/// Both outputs need `row.len() + 8` slots: the `f32` kernel stores eight at a time and
/// moves on only by the number of nonzeros among them (a table gives, for each of the 256
/// zero/nonzero patterns, the shuffle that packs them). No branch depends on the data.
///
/// # Panics
/// If an output is shorter than `row.len() + 8` or `row.len()` does not fit in `u32`.
pub(crate) fn compress_nonzero<F: Float>(
    row: &[F],
    indices: &mut [u32],
    values: &mut [F],
) -> usize {
    let n = row.len();
    assert!(
        indices.len() >= n + 8 && values.len() >= n + 8 && u32::try_from(n).is_ok(),
        "compress_nonzero: outputs need row.len() + 8 slots"
    );
    #[cfg(target_arch = "x86_64")]
    if available()
        && let (Some(r), Some(v)) = (
            as_slice_of::<F, f32>(row),
            as_mut_slice_of::<F, f32>(values),
        )
    {
        // SAFETY: the CPU has AVX2 and FMA (just checked); the lengths are checked above.
        return unsafe { x86::compress_nonzero(r, indices, v) };
    }
    compress_tail(row, 0, 0, indices, values)
}

/// The scalar [`compress_nonzero`] from position `j` of `row`, with `k` already written:
/// every entry is stored in the next free slot and the cursor moves on only for a
/// nonzero. Returns the new count.
fn compress_tail<F: Float>(
    row: &[F],
    j: usize,
    mut k: usize,
    indices: &mut [u32],
    values: &mut [F],
) -> usize {
    for (c, &v) in row.iter().enumerate().skip(j) {
        indices[k] = c as u32;
        values[k] = v;
        k += usize::from(v != F::zero());
    }
    k
}

/// Runs `f` compiled for AVX2 and FMA when the CPU has them, else as it is: the loops
/// that `f` inlines are then vectorised 8 `f32` (4 `f64`) wide instead of SSE2's 4 (2).
/// Results do not change: the compiler never contracts `a * b + c` into a fused
/// multiply-add unless asked (`mul_add`).
#[inline]
pub(crate) fn wide<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    if available() {
        // SAFETY: the CPU has AVX2 and FMA (just checked).
        return unsafe { x86::wide(f) };
    }
    f()
}

/// Asks the CPU to start loading `data` into cache (a hint: no effect on results, and
/// nothing on other architectures). Issued for the next row while this one is worked on,
/// it overlaps the wait for memory with the work.
#[inline]
pub(crate) fn prefetch<T>(data: &[T]) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let p = data.as_ptr().cast::<i8>();
        for offset in (0..std::mem::size_of_val(data)).step_by(64) {
            // SAFETY: a prefetch never faults; the address is inside `data`.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(p.add(offset)) };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = data;
}

/// `a` as a slice of `T` when `F` is `T` (the same type, told apart by `TypeId`: a
/// stable stand-in for specialisation), else `None`.
#[cfg(target_arch = "x86_64")]
fn as_slice_of<F: 'static, T: 'static>(a: &[F]) -> Option<&[T]> {
    (TypeId::of::<F>() == TypeId::of::<T>()).then(|| {
        // SAFETY: `F` and `T` are the same type, so they have the same size, alignment
        // and valid values.
        unsafe { std::slice::from_raw_parts(a.as_ptr().cast::<T>(), a.len()) }
    })
}

/// As [`as_slice_of`], for a mutable slice.
#[cfg(target_arch = "x86_64")]
fn as_mut_slice_of<F: 'static, T: 'static>(a: &mut [F]) -> Option<&mut [T]> {
    (TypeId::of::<F>() == TypeId::of::<T>()).then(|| {
        // SAFETY: as in `as_slice_of`; the borrow is passed on, not duplicated.
        unsafe { std::slice::from_raw_parts_mut(a.as_mut_ptr().cast::<T>(), a.len()) }
    })
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;

    /// The 256-bit register operations the kernels use, for `f32` (8 lanes) and `f64`
    /// (4 lanes), so that each kernel is written once.
    ///
    /// # Safety
    /// Every method needs a CPU with AVX2 and FMA; `load` reads and `store` writes `N`
    /// values at `p`.
    pub(crate) trait Lanes:
        Copy + std::ops::AddAssign + std::ops::Mul<Output = Self>
    {
        /// A register of `N` values.
        type V: Copy;
        /// Values per register.
        const N: usize;
        /// A register of zeros.
        unsafe fn zero() -> Self::V;
        /// `N` values from `p` (no alignment needed).
        unsafe fn load(p: *const Self) -> Self::V;
        /// Stores the `N` values of `v` at `p` (no alignment needed).
        unsafe fn store(p: *mut Self, v: Self::V);
        /// A register with every lane `x`.
        unsafe fn splat(x: Self) -> Self::V;
        /// `a * b + c`, one rounding.
        unsafe fn fmadd(a: Self::V, b: Self::V, c: Self::V) -> Self::V;
        /// `a + b`, lane by lane.
        unsafe fn add(a: Self::V, b: Self::V) -> Self::V;
        /// The sum of the lanes.
        unsafe fn hsum(v: Self::V) -> Self;
    }

    /// `impl Lanes` for one element type: the register type, its lane count, the
    /// intrinsic for each operation, and the horizontal sum written out.
    macro_rules! lanes {
        ($t:ty, $v:ty, $n:literal, $zero:ident, $load:ident, $store:ident, $splat:ident,
         $fmadd:ident, $add:ident, |$h:ident| $hsum:block) => {
            impl Lanes for $t {
                type V = $v;
                const N: usize = $n;
                #[inline]
                #[target_feature(enable = "avx2,fma")]
                unsafe fn zero() -> $v {
                    $zero()
                }
                #[inline]
                #[target_feature(enable = "avx2,fma")]
                unsafe fn load(p: *const $t) -> $v {
                    // SAFETY: the caller guarantees N readable values at `p`.
                    unsafe { $load(p) }
                }
                #[inline]
                #[target_feature(enable = "avx2,fma")]
                unsafe fn store(p: *mut $t, v: $v) {
                    // SAFETY: the caller guarantees N writable values at `p`.
                    unsafe { $store(p, v) }
                }
                #[inline]
                #[target_feature(enable = "avx2,fma")]
                unsafe fn splat(x: $t) -> $v {
                    $splat(x)
                }
                #[inline]
                #[target_feature(enable = "avx2,fma")]
                unsafe fn fmadd(a: $v, b: $v, c: $v) -> $v {
                    $fmadd(a, b, c)
                }
                #[inline]
                #[target_feature(enable = "avx2,fma")]
                unsafe fn add(a: $v, b: $v) -> $v {
                    $add(a, b)
                }
                #[inline]
                #[target_feature(enable = "avx2,fma")]
                unsafe fn hsum($h: $v) -> $t $hsum
            }
        };
    }

    lanes!(
        f32,
        __m256,
        8,
        _mm256_setzero_ps,
        _mm256_loadu_ps,
        _mm256_storeu_ps,
        _mm256_set1_ps,
        _mm256_fmadd_ps,
        _mm256_add_ps,
        |v| {
            let v = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps::<1>(v));
            let v = _mm_add_ps(v, _mm_movehl_ps(v, v));
            _mm_cvtss_f32(_mm_add_ss(v, _mm_shuffle_ps::<0b01>(v, v)))
        }
    );
    lanes!(
        f64,
        __m256d,
        4,
        _mm256_setzero_pd,
        _mm256_loadu_pd,
        _mm256_storeu_pd,
        _mm256_set1_pd,
        _mm256_fmadd_pd,
        _mm256_add_pd,
        |v| {
            let v = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd::<1>(v));
            _mm_cvtsd_f64(_mm_add_sd(v, _mm_unpackhi_pd(v, v)))
        }
    );

    /// `a · b` over `min(len)` elements: four register accumulators (4 N values per
    /// step, enough independent FMAs to hide their latency), then a scalar tail.
    #[target_feature(enable = "avx2,fma")]
    pub(crate) fn dot<T: Lanes>(a: &[T], b: &[T]) -> T {
        let n = a.len().min(b.len());
        let (pa, pb) = (a.as_ptr(), b.as_ptr());
        // SAFETY (every block below): AVX2 and FMA are enabled on this function, and
        // each load of N values starts at i + N * l with i + N * (l + 1) <= n.
        let mut acc = [unsafe { T::zero() }; 4];
        let mut i = 0;
        while i + 4 * T::N <= n {
            for (l, acc) in acc.iter_mut().enumerate() {
                let at = i + T::N * l;
                *acc = unsafe { T::fmadd(T::load(pa.add(at)), T::load(pb.add(at)), *acc) };
            }
            i += 4 * T::N;
        }
        while i + T::N <= n {
            acc[0] = unsafe { T::fmadd(T::load(pa.add(i)), T::load(pb.add(i)), acc[0]) };
            i += T::N;
        }
        let mut sum = unsafe { T::hsum(T::add(T::add(acc[0], acc[1]), T::add(acc[2], acc[3]))) };
        for k in i..n {
            sum += a[k] * b[k];
        }
        sum
    }

    /// `out[j] = x · c_j` for the rows of `centres`, four at a time (then two, then
    /// one): each load of `x` serves every row of the group.
    #[target_feature(enable = "avx2,fma")]
    pub(crate) fn dots<T: Lanes>(x: &[T], centres: &[T], out: &mut [T]) {
        let d = x.len();
        let mut j = 0;
        while j < out.len() {
            let c = &centres[j * d..];
            j += match out.len() - j {
                4.. => group::<T, 4>(x, c, &mut out[j..j + 4]),
                2..4 => group::<T, 2>(x, c, &mut out[j..j + 2]),
                _ => group::<T, 1>(x, c, &mut out[j..j + 1]),
            };
        }
    }

    /// `out[r] = x · c_r` for the first `R` rows of `c` (`x.len()` columns each), two
    /// register accumulators per row. Returns `R`.
    #[target_feature(enable = "avx2,fma")]
    fn group<T: Lanes, const R: usize>(x: &[T], c: &[T], out: &mut [T]) -> usize {
        let d = x.len();
        let c = &c[..R * d]; // R whole rows, or a panic before any unsafe read
        // SAFETY (every block below): AVX2 and FMA are enabled on this function. Loads
        // start at i and i + N with i + 2N <= d: inside `x`, and inside row r of `c`,
        // which spans r * d .. (r + 1) * d of its R * d values.
        let rows: [*const T; R] = std::array::from_fn(|r| c[r * d..].as_ptr());
        let mut acc = [[unsafe { T::zero() }; 2]; R];
        let mut i = 0;
        while i + 2 * T::N <= d {
            let (x0, x1) = unsafe {
                (
                    T::load(x.as_ptr().add(i)),
                    T::load(x.as_ptr().add(i + T::N)),
                )
            };
            for (acc, p) in acc.iter_mut().zip(rows) {
                unsafe {
                    acc[0] = T::fmadd(x0, T::load(p.add(i)), acc[0]);
                    acc[1] = T::fmadd(x1, T::load(p.add(i + T::N)), acc[1]);
                }
            }
            i += 2 * T::N;
        }
        for ((o, acc), row) in out.iter_mut().zip(&acc).zip(c.chunks_exact(d.max(1))) {
            let mut sum = unsafe { T::hsum(T::add(acc[0], acc[1])) };
            for k in i..d {
                sum += x[k] * row[k];
            }
            *o = sum;
        }
        R
    }

    /// `out += Σ_p values[p] * row indices[p] of m` (`out.len()` columns): blocks of 8
    /// registers of `out` stay in registers while every nonzero is added in, so each
    /// multiply-add costs one load of `m` and nothing else.
    ///
    /// # Panics
    /// If a row `indices[p]` is not inside `m` (checked before any unsafe read).
    #[target_feature(enable = "avx2,fma")]
    pub(crate) fn add_sparse_product<T: Lanes>(
        out: &mut [T],
        indices: &[u32],
        values: &[T],
        m: &[T],
    ) {
        let n = out.len();
        let rows = m.len().checked_div(n).unwrap_or(0);
        assert!(
            indices.iter().all(|&k| (k as usize) < rows),
            "add_sparse_product: a row index is outside the matrix"
        );
        let mut j = 0;
        while j + 8 * T::N <= n {
            block::<T, 8>(out, j, indices, values, m);
            j += 8 * T::N;
        }
        while j + T::N <= n {
            block::<T, 1>(out, j, indices, values, m);
            j += T::N;
        }
        for (&k, &v) in indices.iter().zip(values) {
            let row = &m[k as usize * n..(k as usize + 1) * n];
            for (o, &w) in out[j..].iter_mut().zip(&row[j..]) {
                *o += v * w;
            }
        }
    }

    /// Columns `j .. j + R N` of [`add_sparse_product`]. Needs `j + R N <= out.len()` and
    /// every `indices[p] < m.len() / out.len()` (both checked by the caller).
    #[target_feature(enable = "avx2,fma")]
    fn block<T: Lanes, const R: usize>(
        out: &mut [T],
        j: usize,
        indices: &[u32],
        values: &[T],
        m: &[T],
    ) {
        let n = out.len();
        let o = out[j..j + R * T::N].as_mut_ptr(); // in bounds, or a panic here
        // SAFETY (every block below): AVX2 and FMA are enabled on this function. Loads and
        // stores of `out` cover o .. o + R N, checked above; row k of `m` spans
        // k n .. (k + 1) n with k < m.len() / n, and j + R N <= n.
        let mut acc: [T::V; R] = std::array::from_fn(|r| unsafe { T::load(o.add(r * T::N)) });
        for (&k, &v) in indices.iter().zip(values) {
            let v = unsafe { T::splat(v) };
            let row = unsafe { m.as_ptr().add(k as usize * n + j) };
            for (r, acc) in acc.iter_mut().enumerate() {
                *acc = unsafe { T::fmadd(v, T::load(row.add(r * T::N)), *acc) };
            }
        }
        for (r, acc) in acc.into_iter().enumerate() {
            unsafe { T::store(o.add(r * T::N), acc) };
        }
    }

    /// For each 8-bit pattern of nonzero lanes, the lanes to gather so that the nonzeros
    /// come first, in order (the rest is don't-care).
    static PACK: [[u32; 8]; 256] = pack_table();

    const fn pack_table() -> [[u32; 8]; 256] {
        let mut t = [[0u32; 8]; 256];
        let mut mask = 0;
        while mask < 256 {
            let (mut lane, mut k) = (0, 0);
            while lane < 8 {
                if mask & (1 << lane) != 0 {
                    t[mask][k] = lane as u32;
                    k += 1;
                }
                lane += 1;
            }
            mask += 1;
        }
        t
    }

    /// [`super::compress_nonzero`] for `f32`, eight entries per step: compare with zero,
    /// turn the lanes' pattern into a shuffle from [`PACK`], store eight values and eight
    /// positions, move on by the pattern's population count.
    ///
    /// # Safety
    /// Needs AVX2; `indices` and `values` hold at least `row.len() + 8` slots, and
    /// `row.len()` fits in `u32` (checked by the caller).
    #[target_feature(enable = "avx2,fma")]
    pub(crate) unsafe fn compress_nonzero(
        row: &[f32],
        indices: &mut [u32],
        values: &mut [f32],
    ) -> usize {
        let n = row.len();
        let (mut j, mut k) = (0, 0);
        let mut cols = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        let eight = _mm256_set1_epi32(8);
        let zero = _mm256_setzero_ps();
        while j + 8 <= n {
            // SAFETY: j + 8 <= n for the load; k <= j, so k + 8 <= n + 8 slots for the
            // stores; PACK's rows are 8 u32.
            unsafe {
                let v = _mm256_loadu_ps(row.as_ptr().add(j));
                let mask = _mm256_movemask_ps(_mm256_cmp_ps::<_CMP_NEQ_UQ>(v, zero)) as usize;
                let perm = _mm256_loadu_si256(PACK[mask].as_ptr().cast());
                _mm256_storeu_ps(
                    values.as_mut_ptr().add(k),
                    _mm256_permutevar8x32_ps(v, perm),
                );
                _mm256_storeu_si256(
                    indices.as_mut_ptr().add(k).cast(),
                    _mm256_permutevar8x32_epi32(cols, perm),
                );
                k += mask.count_ones() as usize;
            }
            cols = _mm256_add_epi32(cols, eight);
            j += 8;
        }
        super::compress_tail(row, j, k, indices, values)
    }

    /// [`super::add_sparse_outer`]: blocks of 8 registers of `g` held while every nonzero
    /// updates its row of `out`, then single registers, then a scalar tail.
    ///
    /// # Safety
    /// Needs AVX2 and FMA; every `indices[p] - k0` is a row of `out` (`g.len()` columns),
    /// as checked by the caller.
    #[target_feature(enable = "avx2,fma")]
    pub(crate) unsafe fn add_sparse_outer<T: Lanes>(
        out: &mut [T],
        k0: usize,
        indices: &[u32],
        values: &[T],
        g: &[T],
    ) {
        let n = g.len();
        let mut j = 0;
        while j + 8 * T::N <= n {
            // SAFETY: as this function's, with j + 8 N <= n.
            unsafe { outer_block::<T, 8>(out, k0, j, indices, values, g) };
            j += 8 * T::N;
        }
        while j + T::N <= n {
            // SAFETY: as above, with j + N <= n.
            unsafe { outer_block::<T, 1>(out, k0, j, indices, values, g) };
            j += T::N;
        }
        for (&k, &v) in indices.iter().zip(values) {
            let row = (k as usize - k0) * n;
            for c in j..n {
                out[row + c] += v * g[c];
            }
        }
    }

    /// Columns `j .. j + R N` of [`add_sparse_outer`].
    ///
    /// # Safety
    /// As [`add_sparse_outer`], and `j + R N <= g.len()`.
    #[target_feature(enable = "avx2,fma")]
    unsafe fn outer_block<T: Lanes, const R: usize>(
        out: &mut [T],
        k0: usize,
        j: usize,
        indices: &[u32],
        values: &[T],
        g: &[T],
    ) {
        let n = g.len();
        let gp = g[j..j + R * T::N].as_ptr(); // in bounds, or a panic here
        let o = out.as_mut_ptr();
        // SAFETY: loads of g cover gp .. gp + R N (checked just above); row k - k0 of
        // `out` spans (k - k0) n .. (k - k0 + 1) n inside `out` (the caller's check), and
        // j + R N <= n.
        let gr: [T::V; R] = std::array::from_fn(|r| unsafe { T::load(gp.add(r * T::N)) });
        for (&k, &v) in indices.iter().zip(values) {
            let v = unsafe { T::splat(v) };
            let row = unsafe { o.add((k as usize - k0) * n + j) };
            for (r, &gr) in gr.iter().enumerate() {
                unsafe {
                    let p = row.add(r * T::N);
                    T::store(p, T::fmadd(v, gr, T::load(p)));
                }
            }
        }
    }

    /// [`super::wide`]: `f` inlined into a function compiled for AVX2 and FMA.
    ///
    /// # Safety
    /// Needs a CPU with AVX2 and FMA.
    #[target_feature(enable = "avx2,fma")]
    pub(crate) unsafe fn wide<R>(f: impl FnOnce() -> R) -> R {
        f()
    }
}

#[cfg(test)]
mod tests {
    use super::{self as simd, portable_dot};

    /// `x · c_j` summed in f64, one term at a time: the reference for the kernels.
    fn reference(x: &[f64], centres: &[f64]) -> Vec<f64> {
        centres
            .chunks_exact(x.len().max(1))
            .map(|c| x.iter().zip(c).map(|(a, b)| a * b).sum())
            .collect()
    }

    fn data(d: usize, k: usize) -> (Vec<f64>, Vec<f64>) {
        let x = (0..d)
            .map(|i| ((i * 37 % 23) as f64 - 11.0) / 7.0)
            .collect();
        let c = (0..d * k)
            .map(|i| ((i * 53 % 29) as f64 - 14.0) / 5.0)
            .collect();
        (x, c)
    }

    #[test]
    fn simd_products_match_a_plain_sum_for_every_length_and_centre_count() {
        // Lengths around the 8/16/32-element steps, and k covering groups of 4, 2 and 1.
        for d in (0..40).chain([783, 784, 785]) {
            for k in 1..=11 {
                let (x, c) = data(d, k);
                let want = reference(&x, &c);
                let scale: f64 = x.iter().map(|v| v.abs()).sum::<f64>() * 3.0 + 1.0;

                let mut got = vec![0.0; k];
                if d == 0 {
                    // No columns: every product is 0 (nothing to read).
                    let none: Vec<f64> = vec![];
                    if simd::available() {
                        simd::dots(&none, &none, &mut got);
                    }
                    assert!(got.iter().all(|&v| v == 0.0));
                    continue;
                }
                if simd::available() {
                    simd::dots(&x, &c, &mut got);
                    for (g, w) in got.iter().zip(&want) {
                        assert!(
                            (g - w).abs() <= 1e-13 * scale,
                            "f64 d={d} k={k}: {g} vs {w}"
                        );
                    }
                    let g = simd::dot(&x, &c[..d]);
                    assert!((g - want[0]).abs() <= 1e-13 * scale, "f64 dot d={d}");

                    let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
                    let c32: Vec<f32> = c.iter().map(|&v| v as f32).collect();
                    let want32 = reference(
                        &x32.iter().map(|&v| f64::from(v)).collect::<Vec<_>>(),
                        &c32.iter().map(|&v| f64::from(v)).collect::<Vec<_>>(),
                    );
                    let mut got32 = vec![0.0f32; k];
                    simd::dots(&x32, &c32, &mut got32);
                    for (g, w) in got32.iter().zip(&want32) {
                        // f32 rounding: about d * 2^-24 relative to the sum of |terms|.
                        let tol = 1e-6 * scale * (d as f64).sqrt().max(1.0);
                        assert!(
                            (f64::from(*g) - w).abs() <= tol,
                            "f32 d={d} k={k}: {g} vs {w}"
                        );
                    }
                }
                let portable = portable_dot(&x, &c[..d]);
                assert!(
                    (portable - want[0]).abs() <= 1e-13 * scale,
                    "portable d={d}"
                );
            }
        }
    }
}

#[cfg(test)]
mod sparse_kernel_tests {
    use super::{add_sparse_outer, add_sparse_product, compress_nonzero};

    /// A row with zeros where `(j * 5 + seed) % 3 != 0`, and its nonzeros.
    fn sparse_row(len: usize, seed: usize) -> (Vec<f64>, Vec<u32>, Vec<f64>) {
        let row: Vec<f64> = (0..len)
            .map(|j| {
                if (j * 5 + seed).is_multiple_of(3) {
                    ((j * 7 + seed) % 11) as f64 - 5.5
                } else {
                    0.0
                }
            })
            .collect();
        let idx = (0..len as u32)
            .filter(|&j| row[j as usize] != 0.0)
            .collect();
        let val = row.iter().copied().filter(|&v| v != 0.0).collect();
        (row, idx, val)
    }

    fn matrix(rows: usize, cols: usize) -> Vec<f64> {
        (0..rows * cols)
            .map(|i| ((i * 13 % 17) as f64 - 8.0) / 4.0)
            .collect()
    }

    #[test]
    fn a_sparse_row_times_a_matrix_matches_the_dense_sum_for_every_width() {
        // Widths around the 8-register blocks of f32 (64) and f64 (32), and their tails.
        for n in (0..20).chain([31, 32, 33, 63, 64, 65, 127, 128, 129, 200]) {
            let k = 23;
            let (row, idx, val) = sparse_row(k, n);
            let m = matrix(k, n);
            let start: Vec<f64> = (0..n).map(|j| j as f64 * 0.25).collect();
            let want: Vec<f64> = (0..n)
                .map(|j| start[j] + (0..k).map(|p| row[p] * m[p * n + j]).sum::<f64>())
                .collect();
            let mut got = start.clone();
            add_sparse_product(&mut got, &idx, &val, &m);
            for (g, w) in got.iter().zip(&want) {
                assert!(
                    (g - w).abs() <= 1e-12 * (1.0 + w.abs()),
                    "f64 n={n}: {g} vs {w}"
                );
            }
            // f32: the values above are small integers and quarters, exact in f32 sums.
            let m32: Vec<f32> = m.iter().map(|&v| v as f32).collect();
            let val32: Vec<f32> = val.iter().map(|&v| v as f32).collect();
            let mut got32: Vec<f32> = start.iter().map(|&v| v as f32).collect();
            add_sparse_product(&mut got32, &idx, &val32, &m32);
            for (g, w) in got32.iter().zip(&want) {
                assert_eq!(f64::from(*g), *w, "f32 n={n}");
            }
        }
    }

    #[test]
    fn a_sparse_outer_product_lands_in_the_rows_of_its_nonzeros() {
        for n in (0..20).chain([31, 32, 33, 63, 64, 65, 128, 129]) {
            let (k0, rows) = (3, 20);
            let (row, idx, val) = sparse_row(rows, n + 1);
            let idx: Vec<u32> = idx.iter().map(|&k| k + k0 as u32).collect();
            let g: Vec<f64> = (0..n).map(|j| (j % 9) as f64 - 4.0).collect();
            let start = matrix(rows, n);
            let mut want = start.clone();
            for r in 0..rows {
                for j in 0..n {
                    want[r * n + j] += row[r] * g[j];
                }
            }
            let mut got = start.clone();
            add_sparse_outer(&mut got, k0, &idx, &val, &g);
            assert_eq!(got, want, "f64 n={n}");
            let g32: Vec<f32> = g.iter().map(|&v| v as f32).collect();
            let val32: Vec<f32> = val.iter().map(|&v| v as f32).collect();
            let mut got32: Vec<f32> = start.iter().map(|&v| v as f32).collect();
            add_sparse_outer(&mut got32, k0, &idx, &val32, &g32);
            let got32: Vec<f64> = got32.iter().map(|&v| f64::from(v)).collect();
            assert_eq!(got32, want, "f32 n={n}");
        }
    }

    #[test]
    #[should_panic(expected = "outside the output")]
    fn a_sparse_outer_product_refuses_a_row_before_the_first() {
        let mut out = vec![0.0f32; 8];
        add_sparse_outer(&mut out, 2, &[1], &[1.0], &[1.0, 2.0]);
    }

    #[test]
    fn packing_keeps_the_nonzeros_in_order_nan_included() {
        for len in 0..40 {
            let (row, idx, val) = sparse_row(len, 2);
            let mut row32: Vec<f32> = row.iter().map(|&v| v as f32).collect();
            if len > 5 {
                row32[5] = f32::NAN;
                row32[4] = -0.0;
            }
            let want: Vec<(u32, f32)> = row32
                .iter()
                .enumerate()
                .filter(|(_, v)| **v != 0.0)
                .map(|(j, &v)| (j as u32, v))
                .collect();
            let (mut i32s, mut v32s) = (vec![0u32; len + 8], vec![0f32; len + 8]);
            let k = compress_nonzero(&row32, &mut i32s, &mut v32s);
            assert_eq!(k, want.len(), "len {len}");
            for (p, &(j, v)) in want.iter().enumerate() {
                assert_eq!(i32s[p], j);
                assert!(v32s[p] == v || (v.is_nan() && v32s[p].is_nan()));
            }
            let (mut i64s, mut v64s) = (vec![0u32; len + 8], vec![0f64; len + 8]);
            let k = compress_nonzero(&row, &mut i64s, &mut v64s);
            assert_eq!(
                (&i64s[..k], &v64s[..k]),
                (&idx[..], &val[..]),
                "f64 len {len}"
            );
        }
    }
}
