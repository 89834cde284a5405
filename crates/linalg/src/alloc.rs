//! Output arrays backed by transparent huge pages, as NumPy allocates them.
//!
//! A fresh 32 MiB result (`(2048, 2048)` of `f64`) is 8192 pages of 4 KiB. Each page faults
//! the first time the GEMM writes to it, and on a virtual machine a fault costs a few
//! microseconds. NumPy's allocator asks Linux for transparent huge pages
//! (`madvise(MADV_HUGEPAGE)`) on every array of 4 MiB or more, so the same array takes 16
//! faults of 2 MiB. [`zeros`] does the same for ndarray. Measured on the course machine,
//! in 16 interleaved runs of `cargo xtask bench`'s `matmul_f64_2048` worker each: a median
//! of 246 ms with 4 KiB pages, 232 ms with the advice, and NumPy 211 ms.
//!
//! The memory comes from `calloc` (ndarray's `zeros` allocates zeroed memory), so a large
//! array is fresh, untouched pages from `mmap`: the advice is in place before the first
//! fault. On reused heap memory the advice changes nothing, and where transparent huge
//! pages are off (`/sys/kernel/mm/transparent_hugepage/enabled` is `never`) the call fails
//! and is ignored.

use crate::Float;
use ndarray::{Array, Dimension, ShapeBuilder};

/// Arrays of at least this many bytes get the huge-page advice (NumPy uses `1 << 22`).
pub(crate) const HUGE_PAGE_MIN_BYTES: usize = 1 << 22;

/// `Array::zeros(shape)`, with its memory advised for transparent huge pages when it is
/// [`HUGE_PAGE_MIN_BYTES`] or more.
pub(crate) fn zeros<T, Sh, D>(shape: Sh) -> Array<T, D>
where
    T: Float,
    Sh: ShapeBuilder<Dim = D>,
    D: Dimension,
{
    let a = Array::<T, D>::zeros(shape);
    advise_huge_pages(a.as_ptr().cast(), a.len() * std::mem::size_of::<T>());
    a
}

/// Workspace for one of faer's low-level decompositions, with the same advice as [`zeros`].
///
/// faer's high-level API allocates its workspace for each call with `MemBuffer::new`; the
/// low-level functions take a `MemStack` over any byte buffer, which is this one.
pub(crate) fn scratch(req: faer::dyn_stack::StackReq) -> Vec<std::mem::MaybeUninit<u8>> {
    let bytes = req.unaligned_bytes_required();
    let mut buf: Vec<std::mem::MaybeUninit<u8>> = Vec::with_capacity(bytes);
    // SAFETY: `MaybeUninit<u8>` needs no initialisation, and the capacity is `bytes`.
    unsafe { buf.set_len(bytes) };
    advise_huge_pages(buf.as_ptr().cast(), bytes);
    buf
}

/// `madvise(MADV_HUGEPAGE)` on the 2 MiB-aligned part of `[ptr, ptr + bytes)`.
#[cfg(target_os = "linux")]
pub(crate) fn advise_huge_pages(ptr: *const u8, bytes: usize) {
    const HUGE_PAGE: usize = 2 << 20;
    if bytes < HUGE_PAGE_MIN_BYTES {
        return;
    }
    let start = (ptr as usize).next_multiple_of(HUGE_PAGE);
    let end = (ptr as usize + bytes) / HUGE_PAGE * HUGE_PAGE;
    if end > start {
        // SAFETY: [start, end) lies inside the array's own allocation, which is alive for
        // the call. MADV_HUGEPAGE only changes how the kernel backs those pages, never
        // their contents; an error (huge pages off) leaves the memory as it was.
        unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) };
    }
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn advise_huge_pages(_ptr: *const u8, _bytes: usize) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zeros_gives_zeros_of_the_shape_asked_for_small_and_large() {
        let small = zeros::<f64, _, _>((3, 4));
        assert_eq!(small.shape(), &[3, 4]);
        assert!(small.iter().all(|&v| v == 0.0));
        // 8 MiB: above the threshold, so the advice is given.
        let large = zeros::<f32, _, _>((2, 1024, 1024));
        assert_eq!(large.shape(), &[2, 1024, 1024]);
        assert!(large.iter().all(|&v| v == 0.0));
        assert!(large.is_standard_layout());
    }

    /// The `THPeligible` flag of the mapping that holds `addr`, from `/proc/self/smaps`.
    fn thp_eligible(addr: usize) -> Option<bool> {
        let smaps = std::fs::read_to_string("/proc/self/smaps").ok()?;
        let mut inside = false;
        for line in smaps.lines() {
            let range = line.split_whitespace().next().unwrap_or("");
            let bounds = range.split_once('-').and_then(|(lo, hi)| {
                Some((
                    usize::from_str_radix(lo, 16).ok()?,
                    usize::from_str_radix(hi, 16).ok()?,
                ))
            });
            if let Some((lo, hi)) = bounds {
                inside = (lo..hi).contains(&addr);
            } else if let Some(v) = line.strip_prefix("THPeligible:").filter(|_| inside) {
                return Some(v.trim() == "1");
            }
        }
        None
    }

    #[test]
    fn a_large_output_is_advised_for_huge_pages_like_numpy_arrays() {
        let mode = std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled")
            .unwrap_or_default();
        if !mode.contains("[madvise]") && !mode.contains("[always]") {
            eprintln!(
                "skipped: transparent huge pages are off on this machine ({})",
                mode.trim()
            );
            return;
        }
        // 32 MiB, the output of a (2048, 2048) f64 product.
        let c = zeros::<f64, _, _>((2048, 2048));
        let aligned = (c.as_ptr() as usize).next_multiple_of(2 << 20);
        assert_eq!(
            thp_eligible(aligned),
            Some(true),
            "the 2 MiB-aligned middle of a 32 MiB output should be eligible for huge pages"
        );
    }
}
