//! A second thread that busy-waits for work: a two-way fork-join for loops of many short
//! parallel steps, where rayon's wake-ups cost more than the steps.
//!
//! rayon puts an idle worker to sleep and wakes it through a futex. On a virtual machine
//! that wake-up goes through the hypervisor, and it can take longer than the half of a step
//! the worker was woken for: the caller then runs both halves itself. The tridiagonal
//! reduction of [`crate::eigh`] is such a loop, one `symv` of 10 to 60 us per column. For
//! `n = 784` its 783 `symv`s took 17 ms on one thread and 17 to 20 ms split in two on rayon;
//! with this helper, 11 to 13 ms.
//!
//! [`with_helper`] starts the thread for the length of a closure; [`Helper::join`] runs one
//! job on it and one on the calling thread. Between jobs the helper spins
//! ([`std::hint::spin_loop`]); after [`SPINS_BEFORE_YIELD`] turns without a job it yields its
//! core at each turn, so that a long serial stretch of the caller leaves the core to other
//! threads.

use std::cell::UnsafeCell;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Turns of [`std::hint::spin_loop`] (each some tens of nanoseconds) before an idle helper
/// starts to yield its core.
const SPINS_BEFORE_YIELD: u32 = 1 << 14;

/// The value of `posted` that tells the helper to stop.
const STOP: usize = usize::MAX;

/// A job for the helper, its lifetime erased (see [`Helper::join`]).
type Job = *const (dyn Fn() + Sync + 'static);

/// The shared state of a caller and its helper thread.
pub(crate) struct Helper {
    /// Jobs posted so far, or [`STOP`].
    posted: AtomicUsize,
    /// Jobs the helper has finished.
    finished: AtomicUsize,
    /// Whether a job panicked on the helper.
    panicked: AtomicBool,
    /// The job numbered `posted`, while `finished < posted`.
    job: UnsafeCell<Option<Job>>,
}

// SAFETY: `job` is written only by the caller, in `join`, while no job is in flight
// (`finished == posted`), and read only by the helper, after it has seen the new `posted`
// (Acquire, pairing with the caller's Release) and before it publishes `finished`. The job
// itself is `Sync`.
unsafe impl Sync for Helper {}

/// Runs `f` with a [`Helper`] thread, which stops when `f` returns or unwinds.
pub(crate) fn with_helper<R>(f: impl FnOnce(&Helper) -> R) -> R {
    let helper = Helper {
        posted: AtomicUsize::new(0),
        finished: AtomicUsize::new(0),
        panicked: AtomicBool::new(false),
        job: UnsafeCell::new(None),
    };
    std::thread::scope(|scope| {
        scope.spawn(|| helper.serve());
        /// Stops the helper, also when `f` unwinds (no job is in flight then: `join` waits).
        struct Stop<'a>(&'a Helper);
        impl Drop for Stop<'_> {
            fn drop(&mut self) {
                self.0.posted.store(STOP, Ordering::Release);
            }
        }
        let _stop = Stop(&helper);
        f(&helper)
    })
}

impl Helper {
    /// Runs `theirs` on the helper thread and `mine` on this one, and returns when both have
    /// finished.
    ///
    /// # Panics
    /// If `theirs` panicked on the helper (its message is printed there).
    pub(crate) fn join(&self, mine: impl FnOnce(), theirs: &(dyn Fn() + Sync)) {
        let job: *const (dyn Fn() + Sync + '_) = theirs;
        // SAFETY: only the lifetime changes. The helper calls the job before it sets
        // `finished` to this job's number, and this function neither returns nor unwinds
        // before it has seen that (the `Wait` guard below), so the job outlives its use.
        let job: Job = unsafe { std::mem::transmute(job) };
        let number = self.finished.load(Ordering::Relaxed) + 1;
        // SAFETY: no job is in flight (the previous `join` waited for it), so the helper does
        // not read `job` now; see the `Sync` impl.
        unsafe { *self.job.get() = Some(job) };
        self.posted.store(number, Ordering::Release);

        /// Waits for the helper's job, also when `mine` unwinds.
        struct Wait<'a>(&'a Helper, usize);
        impl Drop for Wait<'_> {
            fn drop(&mut self) {
                // Yield after a while too: on a busy machine the helper may be off its core.
                let mut spins = 0u32;
                while self.0.finished.load(Ordering::Acquire) != self.1 {
                    if spins < SPINS_BEFORE_YIELD {
                        spins += 1;
                        std::hint::spin_loop();
                    } else {
                        std::thread::yield_now();
                    }
                }
            }
        }
        let wait = Wait(self, number);
        mine();
        drop(wait);
        if self.panicked.swap(false, Ordering::Relaxed) {
            panic!("a job on the helper thread panicked");
        }
    }

    /// The helper's loop: wait for a job, run it, publish it as finished.
    fn serve(&self) {
        let mut seen = 0;
        loop {
            let mut spins = 0u32;
            let number = loop {
                let posted = self.posted.load(Ordering::Acquire);
                if posted != seen {
                    break posted;
                }
                if spins < SPINS_BEFORE_YIELD {
                    spins += 1;
                    std::hint::spin_loop();
                } else {
                    std::thread::yield_now();
                }
            };
            if number == STOP {
                return;
            }
            seen = number;
            // SAFETY: the caller wrote the job before posting `number` (seen with Acquire)
            // and keeps it alive until `finished == number`; see `join`.
            let job = unsafe { (*self.job.get()).expect("a posted job") };
            // SAFETY: as above, the job is alive.
            let run = std::panic::catch_unwind(AssertUnwindSafe(|| unsafe { (*job)() }));
            if run.is_err() {
                self.panicked.store(true, Ordering::Relaxed);
            }
            self.finished.store(number, Ordering::Release);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn both_halves_of_every_join_run_and_are_visible_after_it() {
        let total = with_helper(|helper| {
            let mut total = 0u64;
            for i in 0..10_000u64 {
                let theirs_out = Mutex::new(0u64);
                let mut mine_out = 0u64;
                helper.join(|| mine_out = 2 * i, &|| *theirs_out.lock().unwrap() = 3 * i);
                total += mine_out + theirs_out.into_inner().unwrap();
            }
            total
        });
        // sum of 5 i for i < 10000.
        assert_eq!(total, 5 * 9_999 * 10_000 / 2);
    }

    #[test]
    fn the_helper_runs_on_another_thread() {
        let caller = std::thread::current().id();
        with_helper(|helper| {
            let theirs = Mutex::new(None);
            helper.join(|| {}, &|| {
                *theirs.lock().unwrap() = Some(std::thread::current().id())
            });
            let theirs = theirs.into_inner().unwrap().expect("the job ran");
            assert_ne!(theirs, caller);
        });
    }

    #[test]
    fn a_panic_on_the_helper_reaches_the_caller_and_the_helper_goes_on() {
        with_helper(|helper| {
            let hit = std::panic::catch_unwind(AssertUnwindSafe(|| {
                helper.join(|| {}, &|| panic!("job failed on purpose"));
            }));
            assert!(hit.is_err());
            // The helper still serves the next job.
            let ran = AtomicBool::new(false);
            helper.join(|| {}, &|| ran.store(true, Ordering::Relaxed));
            assert!(ran.load(Ordering::Relaxed));
        });
    }

    #[test]
    fn a_panic_in_the_callers_half_waits_for_the_helpers_half() {
        let done = AtomicBool::new(false);
        let hit = std::panic::catch_unwind(AssertUnwindSafe(|| {
            with_helper(|helper| {
                helper.join(|| panic!("caller failed on purpose"), &|| {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    done.store(true, Ordering::Relaxed);
                });
            })
        }));
        assert!(hit.is_err());
        // The unwinding join waited: the helper's half had finished.
        assert!(done.load(Ordering::Relaxed));
    }
}
