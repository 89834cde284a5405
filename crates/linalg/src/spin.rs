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
//! [`with_helper`] starts the helper for the length of a closure; [`Helper::join`] runs one
//! job on it and one on the calling thread. Between jobs the helper spins
//! ([`std::hint::spin_loop`]); after [`SPINS_BEFORE_YIELD`] turns without a job it yields its
//! core at each turn, so that a long serial stretch of the caller leaves the core to other
//! threads.
//!
//! The helper is a job on rayon's pool, whose threads live on, rather than a thread of its
//! own: starting a thread took 3.4 to 5.4 ms on the course machine (median 3.6 ms over 40
//! starts, after 100 ms idle), against 10 to 16 us to wake a parked one. And a join does not
//! wait for a helper that has not started yet (a busy pool may run the job late, or only
//! when the caller is done): whoever *claims* the helper's half first runs it, so once the
//! caller has finished its own half, it takes the other too if the helper has not. In
//! 15 reductions (`n = 784`) with a thread of its own, the caller ran 40 to 140 of the 697
//! halves itself while the thread started; on rayon's pool, 0 to 6 in 11 of 16 reductions
//! (and 42 to 136 in the other 5, in a slow spell of the machine).

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
    /// Jobs claimed so far, by the helper or by the caller: whoever moves it from `number - 1`
    /// to `number` runs job `number`.
    claimed: AtomicUsize,
    /// Jobs the helper has finished.
    finished: AtomicUsize,
    /// Whether a job panicked on the helper.
    panicked: AtomicBool,
    /// The job numbered `posted`, while `finished < posted`.
    job: UnsafeCell<Option<Job>>,
}

// SAFETY: `job` is written only by the caller, in `join`, while no job is in flight (every
// posted job claimed and, if the helper claimed it, finished), and read only by the helper,
// after it has seen the new `posted` (Acquire, pairing with the caller's Release) and claimed
// the job, and before it publishes `finished`. The job itself is `Sync`.
unsafe impl Sync for Helper {}

/// Runs `f` with a [`Helper`], a job on rayon's pool that serves `f`'s joins and stops when `f`
/// returns or unwinds.
pub(crate) fn with_helper<R>(f: impl FnOnce(&Helper) -> R) -> R {
    let helper = Helper::new();
    rayon::in_place_scope(|scope| {
        scope.spawn(|_| helper.serve());
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
    /// The shared state, with no job posted and no thread serving it yet.
    fn new() -> Self {
        Helper {
            posted: AtomicUsize::new(0),
            claimed: AtomicUsize::new(0),
            finished: AtomicUsize::new(0),
            panicked: AtomicBool::new(false),
            job: UnsafeCell::new(None),
        }
    }

    /// Runs `mine` on this thread and `theirs` on the helper thread, and returns when both
    /// have finished. If the helper has not taken `theirs` by the time `mine` is done, this
    /// thread runs `theirs` itself: a join is never slower than the two jobs in a row.
    ///
    /// # Panics
    /// If `theirs` panicked on the helper (its message is printed there).
    pub(crate) fn join(&self, mine: impl FnOnce(), theirs: &(dyn Fn() + Sync)) {
        let job: *const (dyn Fn() + Sync + '_) = theirs;
        // SAFETY: only the lifetime changes. The helper calls the job only after claiming
        // it, and this function neither returns nor unwinds before the job is either claimed
        // here (the helper then never calls it) or finished by the helper (the `Wait` guard
        // below), so the job outlives its use.
        let job: Job = unsafe { std::mem::transmute(job) };
        // Every earlier job is claimed and finished (the previous `join` saw to it).
        let number = self.claimed.load(Ordering::Relaxed) + 1;
        // SAFETY: no job is in flight, so the helper does not read `job` now; see the `Sync`
        // impl.
        unsafe { *self.job.get() = Some(job) };
        self.posted.store(number, Ordering::Release);

        /// If `mine` unwinds: cancels the helper's job if it has not started, or waits for it.
        struct Cancel<'a>(&'a Helper, usize);
        impl Drop for Cancel<'_> {
            fn drop(&mut self) {
                if !self.0.claim(self.1) {
                    self.0.wait_for(self.1);
                }
            }
        }
        let cancel = Cancel(self, number);
        mine();
        std::mem::forget(cancel);
        if self.claim(number) {
            theirs();
            return;
        }
        self.wait_for(number);
        if self.panicked.swap(false, Ordering::Relaxed) {
            panic!("a job on the helper thread panicked");
        }
    }

    /// Takes job `number` for the calling thread; false if the other thread has it.
    fn claim(&self, number: usize) -> bool {
        self.claimed
            .compare_exchange(number - 1, number, Ordering::AcqRel, Ordering::Relaxed)
            .is_ok()
    }

    /// Waits until the helper has finished job `number`, which it has claimed.
    fn wait_for(&self, number: usize) {
        // Yield after a while too: on a busy machine the helper may be off its core.
        let mut spins = 0u32;
        while self.finished.load(Ordering::Acquire) != number {
            if spins < SPINS_BEFORE_YIELD {
                spins += 1;
                std::hint::spin_loop();
            } else {
                std::thread::yield_now();
            }
        }
    }

    /// The helper's loop: wait for a job, claim it, run it, publish it as finished.
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
            if !self.claim(number) {
                continue; // the caller ran it
            }
            // SAFETY: the caller wrote the job before posting `number` (seen with Acquire)
            // and keeps it alive until `finished == number`, since this thread claimed it;
            // see `join`.
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

    /// Waits until `flag` is set, for at most a minute (the helper is a rayon job, which a
    /// busy pool may start late).
    fn wait_until(flag: &AtomicBool) {
        let start = std::time::Instant::now();
        while !flag.load(Ordering::Acquire) {
            assert!(start.elapsed().as_secs() < 60, "the helper never started");
            std::thread::yield_now();
        }
    }

    #[test]
    fn the_helper_runs_on_another_thread() {
        let caller = std::thread::current().id();
        with_helper(|helper| {
            let started = AtomicBool::new(false);
            let theirs = Mutex::new(None);
            helper.join(|| wait_until(&started), &|| {
                started.store(true, Ordering::Release);
                *theirs.lock().unwrap() = Some(std::thread::current().id())
            });
            let theirs = theirs.into_inner().unwrap().expect("the job ran");
            assert_ne!(theirs, caller);
        });
    }

    #[test]
    fn the_caller_runs_both_halves_when_no_helper_takes_one() {
        // No thread serves this helper.
        let helper = Helper::new();
        let (mut mine, theirs) = (0, Mutex::new(0));
        for i in 1..=3 {
            helper.join(|| mine += i, &|| *theirs.lock().unwrap() += 10 * i);
        }
        assert_eq!((mine, theirs.into_inner().unwrap()), (6, 60));
    }

    #[test]
    fn a_panic_on_the_helper_reaches_the_caller_and_the_helper_goes_on() {
        with_helper(|helper| {
            let started = AtomicBool::new(false);
            let hit = std::panic::catch_unwind(AssertUnwindSafe(|| {
                helper.join(|| wait_until(&started), &|| {
                    started.store(true, Ordering::Release);
                    panic!("job failed on purpose")
                });
            }));
            assert!(hit.is_err());
            // The helper still serves the next job.
            let ran = AtomicBool::new(false);
            helper.join(|| {}, &|| ran.store(true, Ordering::Relaxed));
            assert!(ran.load(Ordering::Relaxed));
        });
    }

    #[test]
    fn a_panic_in_the_callers_half_waits_for_the_helpers_half_once_started() {
        let done = AtomicBool::new(false);
        let hit = std::panic::catch_unwind(AssertUnwindSafe(|| {
            with_helper(|helper| {
                let started = AtomicBool::new(false);
                helper.join(
                    || {
                        wait_until(&started);
                        panic!("caller failed on purpose")
                    },
                    &|| {
                        started.store(true, Ordering::Release);
                        std::thread::sleep(std::time::Duration::from_millis(50));
                        done.store(true, Ordering::Relaxed);
                    },
                );
            })
        }));
        assert!(hit.is_err());
        // The unwinding join waited: the helper's half had finished.
        assert!(done.load(Ordering::Relaxed));
    }

    #[test]
    fn a_panic_in_the_callers_half_cancels_a_helpers_half_not_yet_started() {
        let helper = Helper::new();
        let ran = AtomicBool::new(false);
        let hit = std::panic::catch_unwind(AssertUnwindSafe(|| {
            helper.join(|| panic!("caller failed on purpose"), &|| {
                ran.store(true, Ordering::Relaxed)
            });
        }));
        assert!(hit.is_err());
        // A helper thread that starts only now finds the job cancelled, and stops.
        std::thread::scope(|scope| {
            scope.spawn(|| helper.serve());
            std::thread::sleep(std::time::Duration::from_millis(20));
            helper.posted.store(STOP, Ordering::Release);
        });
        assert!(!ran.load(Ordering::Relaxed));
    }
}
