//! When a factorisation runs on the calling thread and when on rayon's pool.
//!
//! faer's factorisations and our `eigh` wake the pool's threads for each of their parallel
//! steps. On the course machine (2 vCPUs of a virtual machine) a wake costs 10-16 us and a
//! factorisation of order a few hundred has hundreds of steps, so below a measured size one
//! thread is faster. Each function names its own crossover; this module holds the rule.

/// Below this order, LU and Cholesky factorisations and their solves run on the calling
/// thread.
///
/// faer's factorisations wake the pool's threads for each of their parallel steps, and on
/// the course machine that cost more than the threads saved up to about `n = 1000`. Medians
/// of 9 calls 50 ms apart, faer on the pool against faer on one thread: `solve` (10
/// right-hand sides) 11.8 against 6.5 ms for `n = 600` and 33.8 against 26.3 ms for 1000,
/// but 54.8 against 64.5 ms for 1500; `det` 14.1 against 6.6 ms for 600, level at 1000;
/// `cholesky` 9.0 against 7.9 ms for 600, 25.2 against 17.1 ms for 1000, level at 1500.
const FACTOR_PAR_MIN: usize = 1024;

/// faer's parallelism for a problem of size `n` (an order, or a number of elements): one
/// thread below `min_n`, else the global pool.
pub(crate) fn parallelism_from(n: usize, min_n: usize) -> faer::Par {
    if n < min_n {
        faer::Par::Seq
    } else {
        faer::get_global_parallelism()
    }
}

/// faer's parallelism for an LU or Cholesky factorisation of order `n`: see
/// [`FACTOR_PAR_MIN`].
pub(crate) fn factor_parallelism(n: usize) -> faer::Par {
    parallelism_from(n, FACTOR_PAR_MIN)
}

/// `a` and `b` on `par`'s threads, split between them like faer's `join_raw`: each half of
/// a divide and conquer gets half of the threads (one thread runs both in turn).
pub(crate) fn join<A, B>(par: faer::Par, a: A, b: B)
where
    A: FnOnce(faer::Par) + Send,
    B: FnOnce(faer::Par) + Send,
{
    let t = crate::simd::threads(par);
    if t <= 1 {
        a(faer::Par::Seq);
        b(faer::Par::Seq);
    } else {
        let left = t.div_ceil(2);
        rayon::join(
            || a(faer::Par::rayon(left)),
            || b(faer::Par::rayon(t - left)),
        );
    }
}
